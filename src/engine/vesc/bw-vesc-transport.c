/* bw-vesc-transport.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-vesc-transport.h"

typedef struct {
  gchar *description;
} BwVescTransportPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BwVescTransport, bw_vesc_transport, G_TYPE_OBJECT)

static void
bw_vesc_transport_finalize (GObject *object)
{
  BwVescTransportPrivate *priv = bw_vesc_transport_get_instance_private (BW_VESC_TRANSPORT (object));

  g_free (priv->description);
  G_OBJECT_CLASS (bw_vesc_transport_parent_class)->finalize (object);
}

static void
bw_vesc_transport_class_init (BwVescTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_transport_finalize;
}

static void
bw_vesc_transport_init (BwVescTransport *self)
{
}

gboolean
bw_vesc_transport_write_all (BwVescTransport *self, const guint8 *data, gsize len,
                             GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (BW_IS_VESC_TRANSPORT (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      bw_error_convert (error);
      return FALSE;
    }
  return BW_VESC_TRANSPORT_GET_CLASS (self)->write_all (self, data, len, cancellable, error);
}

gssize
bw_vesc_transport_read (BwVescTransport *self, guint8 *buffer, gsize len, guint timeout_ms,
                        GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (BW_IS_VESC_TRANSPORT (self), -1);
  g_return_val_if_fail (buffer != NULL && len > 0, -1);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      bw_error_convert (error);
      return -1;
    }
  return BW_VESC_TRANSPORT_GET_CLASS (self)->read (self, buffer, len, timeout_ms, cancellable, error);
}

void
bw_vesc_transport_close (BwVescTransport *self)
{
  g_return_if_fail (BW_IS_VESC_TRANSPORT (self));
  if (BW_VESC_TRANSPORT_GET_CLASS (self)->close != NULL)
    BW_VESC_TRANSPORT_GET_CLASS (self)->close (self);
}

const gchar *
bw_vesc_transport_get_description (BwVescTransport *self)
{
  BwVescTransportPrivate *priv = bw_vesc_transport_get_instance_private (self);

  g_return_val_if_fail (BW_IS_VESC_TRANSPORT (self), NULL);
  return priv->description != NULL ? priv->description : "VESC";
}

void
bw_vesc_transport_set_description (BwVescTransport *self, const gchar *description)
{
  BwVescTransportPrivate *priv = bw_vesc_transport_get_instance_private (self);

  g_return_if_fail (BW_IS_VESC_TRANSPORT (self));
  g_free (priv->description);
  priv->description = g_strdup (description);
}

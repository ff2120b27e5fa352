/* bw-transport.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-transport.h"

G_DEFINE_INTERFACE (BwTransport, bw_transport, G_TYPE_OBJECT)

static void
bw_transport_default_init (BwTransportInterface *iface)
{
}

static gboolean
transport_command (BwTransport   *self,
                   const guint8  *cmd,
                   const guint8  *out_data,
                   gsize          out_length,
                   guint8        *in_data,
                   gsize          in_length,
                   gsize         *in_actual,
                   guint          timeout_ms,
                   GError       **error)
{
  BwTransportInterface *iface = BW_TRANSPORT_GET_IFACE (self);
  gsize dummy = 0;

  g_return_val_if_fail (iface->command != NULL, FALSE);
  return iface->command (self, cmd, out_data, out_length, in_data, in_length,
                         in_actual != NULL ? in_actual : &dummy, timeout_ms, error);
}

gboolean
bw_transport_send (BwTransport   *self,
                   const guint8  *cmd,
                   guint          timeout_ms,
                   GError       **error)
{
  g_return_val_if_fail (BW_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (cmd != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return transport_command (self, cmd, NULL, 0, NULL, 0, NULL, timeout_ms, error);
}

gboolean
bw_transport_send_data (BwTransport   *self,
                        const guint8  *cmd,
                        const guint8  *data,
                        gsize          length,
                        guint          timeout_ms,
                        GError       **error)
{
  g_return_val_if_fail (BW_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (cmd != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return transport_command (self, cmd, data, length, NULL, 0, NULL, timeout_ms, error);
}

gboolean
bw_transport_receive (BwTransport   *self,
                      const guint8  *cmd,
                      guint8        *data,
                      gsize          length,
                      gsize         *actual,
                      guint          timeout_ms,
                      GError       **error)
{
  g_return_val_if_fail (BW_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (cmd != NULL, FALSE);
  g_return_val_if_fail (data != NULL && length > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (actual != NULL)
    *actual = 0;
  return transport_command (self, cmd, NULL, 0, data, length, actual, timeout_ms, error);
}

void
bw_transport_sleep_us (BwTransport *self,
                       guint64      us)
{
  BwTransportInterface *iface;

  g_return_if_fail (BW_IS_TRANSPORT (self));
  iface = BW_TRANSPORT_GET_IFACE (self);
  g_return_if_fail (iface->sleep_us != NULL);
  iface->sleep_us (self, us);
}

gint64
bw_transport_now_us (BwTransport *self)
{
  BwTransportInterface *iface;

  g_return_val_if_fail (BW_IS_TRANSPORT (self), 0);
  iface = BW_TRANSPORT_GET_IFACE (self);
  g_return_val_if_fail (iface->now_us != NULL, 0);
  return iface->now_us (self);
}

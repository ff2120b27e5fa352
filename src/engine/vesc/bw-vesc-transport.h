/* bw-vesc-transport.h: a byte stream to a VESC (USB CDC-ACM serial, or
 * anything else that carries the packet protocol)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BW_TYPE_VESC_TRANSPORT (bw_vesc_transport_get_type ())
G_DECLARE_DERIVABLE_TYPE (BwVescTransport, bw_vesc_transport, BW, VESC_TRANSPORT, GObject)

struct _BwVescTransportClass
{
  GObjectClass parent_class;

  /* Writes all of @data or fails (BW_ERROR_VESC_DISCONNECTED, ...). */
  gboolean (*write_all) (BwVescTransport *self,
                         const guint8    *data,
                         gsize            len,
                         GCancellable    *cancellable,
                         GError         **error);
  /* Waits up to @timeout_ms for some bytes; 0 means the time ran out. */
  gssize   (*read)      (BwVescTransport *self,
                         guint8          *buffer,
                         gsize            len,
                         guint            timeout_ms,
                         GCancellable    *cancellable,
                         GError         **error);
  void     (*close)     (BwVescTransport *self);

  gpointer padding[8];
};

gboolean     bw_vesc_transport_write_all       (BwVescTransport *self,
                                                const guint8    *data,
                                                gsize            len,
                                                GCancellable    *cancellable,
                                                GError         **error);
gssize       bw_vesc_transport_read            (BwVescTransport *self,
                                                guint8          *buffer,
                                                gsize            len,
                                                guint            timeout_ms,
                                                GCancellable    *cancellable,
                                                GError         **error);
void         bw_vesc_transport_close           (BwVescTransport *self);
/* What the user knows the device by, e.g. "/dev/ttyACM0". */
const gchar *bw_vesc_transport_get_description (BwVescTransport *self);
void         bw_vesc_transport_set_description (BwVescTransport *self,
                                                const gchar     *description);

G_END_DECLS

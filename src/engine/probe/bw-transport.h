/* bw-transport.h: the one seam between the ST-Link protocol and the world
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One exchange is a 16-byte command block, then either a data OUT phase or
 * a data IN phase (never both), with a timeout. sleep_us and now_us belong
 * to the transport so that the simulator's virtual clock drives every wait
 * and every poll of the driver above.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BW_TRANSPORT_COMMAND_SIZE 16
/* OpenOCD's bulk timeout; a memory access that stalls on a busy flash
 * controller must fit in it. */
#define BW_TRANSPORT_DEFAULT_TIMEOUT_MS 6000

#define BW_TYPE_TRANSPORT (bw_transport_get_type ())
G_DECLARE_INTERFACE (BwTransport, bw_transport, BW, TRANSPORT, GObject)

struct _BwTransportInterface
{
  GTypeInterface parent_iface;

  /* Sends @cmd (16 bytes), then @out_length bytes of @out_data if
   * @out_length > 0, or reads up to @in_length bytes into @in_data if
   * @in_length > 0 (setting *@in_actual). Errors are BW_ERROR codes:
   * DISCONNECTED, TIMED_OUT, PROBE_BUSY, PROBE_PROTOCOL. */
  gboolean (*command) (BwTransport   *self,
                       const guint8  *cmd,
                       const guint8  *out_data,
                       gsize          out_length,
                       guint8        *in_data,
                       gsize          in_length,
                       gsize         *in_actual,
                       guint          timeout_ms,
                       GError       **error);
  void     (*sleep_us) (BwTransport   *self,
                        guint64        us);
  gint64   (*now_us)   (BwTransport   *self);
};

/* Command only (no data phase). */
gboolean bw_transport_send        (BwTransport   *self,
                                   const guint8  *cmd,
                                   guint          timeout_ms,
                                   GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Command + data OUT phase. */
gboolean bw_transport_send_data   (BwTransport   *self,
                                   const guint8  *cmd,
                                   const guint8  *data,
                                   gsize          length,
                                   guint          timeout_ms,
                                   GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Command + data IN phase; *actual may be less than @length (short reply). */
gboolean bw_transport_receive     (BwTransport   *self,
                                   const guint8  *cmd,
                                   guint8        *data,
                                   gsize          length,
                                   gsize         *actual,
                                   guint          timeout_ms,
                                   GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void     bw_transport_sleep_us    (BwTransport   *self,
                                   guint64        us);
/* Monotonic microseconds on the transport's clock. */
gint64   bw_transport_now_us      (BwTransport   *self);

G_END_DECLS

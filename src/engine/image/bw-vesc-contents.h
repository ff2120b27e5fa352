/* bw-vesc-contents.h: what a chip's flash holds (VESC firmware, a VESC
 * bootloader, the hardware the firmware is for), read through whichever
 * programmer reaches the chip
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads @length bytes of the chip's memory at @address into @buffer. */
typedef gboolean (*BwVescContentsReadFunc) (gpointer       user_data,
                                            guint32        address,
                                            guint8        *buffer,
                                            gsize          length,
                                            GCancellable  *cancellable,
                                            GError       **error);

/* *@found: a vector table at @address whose reset handler lies in
 * [@lo, @hi) says code is there. FALSE only when the read failed. */
gboolean  bw_vesc_contents_read_vector_table  (BwVescContentsReadFunc   read_func,
                                               gpointer                 user_data,
                                               guint32                  address,
                                               guint32                  lo,
                                               guint32                  hi,
                                               gboolean                *found,
                                               GCancellable            *cancellable,
                                               GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
/* The hardware name in "org.vesc.<name>" at the start of @bytes, or NULL. */
gchar    *bw_vesc_contents_parse_hardware_name (const guint8           *bytes,
                                               gsize                    length);
/* *@name: the firmware's "org.vesc.<name>", searched in the app area from
 * its end (where the constant data is), or NULL when there is none.
 * FALSE only when a read failed. */
gboolean  bw_vesc_contents_scan_hardware_name (BwVescContentsReadFunc   read_func,
                                               gpointer                 user_data,
                                               gchar                  **name,
                                               GCancellable            *cancellable,
                                               GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

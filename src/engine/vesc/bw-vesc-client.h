/* bw-vesc-client.h: typed VESC commands over a BwVescTransport
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One request, one reply, on the calling thread; a client is not shared
 * between threads. The COMM_BM_* calls return the firmware's own result
 * number (bw-vesc-commands.h) in @result; BwVescSwdProgrammer turns those
 * into errors.
 */
#pragma once

#include <gio/gio.h>

#include "bw-vesc-fw-info.h"
#include "bw-vesc-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_CLIENT (bw_vesc_client_get_type ())
G_DECLARE_FINAL_TYPE (BwVescClient, bw_vesc_client, BW, VESC_CLIENT, GObject)

BwVescClient    *bw_vesc_client_new           (BwVescTransport *transport);
/* A client on the serial port at @path. */
BwVescClient    *bw_vesc_client_open          (const gchar     *path,
                                               GError         **error);
/* How the jobs on an ESC's own USB port start: opens @path with
 * @timeout_divisor and asks the firmware what it is. Once the port is open
 * *@fw_info is replaced by the answer (NULL when there is none). */
BwVescClient    *bw_vesc_client_open_esc      (const gchar     *path,
                                               guint            timeout_divisor,
                                               BwVescFwInfo   **fw_info,
                                               GCancellable    *cancellable,
                                               GError         **error);
BwVescTransport *bw_vesc_client_get_transport (BwVescClient    *self);
void             bw_vesc_client_close         (BwVescClient    *self);
/* Divides every timeout (tests with a simulator that never stalls); 1 = as VESC Tool. */
void             bw_vesc_client_set_timeout_divisor (BwVescClient *self,
                                                     guint         divisor);

/* Sends @payload and returns the first reply whose command id is @reply_id
 * (other packets, e.g. COMM_PRINT, are skipped). */
GBytes          *bw_vesc_client_request       (BwVescClient    *self,
                                               const guint8    *payload,
                                               gsize            len,
                                               guint8           reply_id,
                                               guint            timeout_ms,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* Sends @payload when no reply is expected. */
gboolean         bw_vesc_client_send          (BwVescClient    *self,
                                               const guint8    *payload,
                                               gsize            len,
                                               GCancellable    *cancellable,
                                               GError         **error);

/* --- The ESC's own firmware --- */
BwVescFwInfo    *bw_vesc_client_get_fw_info   (BwVescClient    *self,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean         bw_vesc_client_erase_bootloader (BwVescClient *self,
                                                  GCancellable *cancellable,
                                                  GError      **error);
gboolean         bw_vesc_client_erase_new_app (BwVescClient    *self,
                                               guint32          size,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* @offset from BW_VESC_NEW_APP_BASE; at most BW_VESC_APP_DATA_CHUNK bytes. */
gboolean         bw_vesc_client_write_new_app_data (BwVescClient *self,
                                                    guint32       offset,
                                                    const guint8 *data,
                                                    gsize         len,
                                                    GCancellable *cancellable,
                                                    GError      **error);

/* The firmware stops USB and starts the bootloader, which installs what
 * COMM_WRITE_NEW_APP_DATA staged; there is no reply, the port goes away. */
gboolean         bw_vesc_client_jump_to_bootloader (BwVescClient *self,
                                                    GCancellable *cancellable,
                                                    GError      **error);

/* --- The ESC as an SWD programmer --- */
gboolean         bw_vesc_client_bm_map_pins_default (BwVescClient *self,
                                                     gint         *result,
                                                     GCancellable *cancellable,
                                                     GError      **error);
gboolean         bw_vesc_client_bm_connect    (BwVescClient    *self,
                                               gint            *result,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean         bw_vesc_client_bm_erase_flash_all (BwVescClient *self,
                                                    gint         *result,
                                                    GCancellable *cancellable,
                                                    GError      **error);
/* At most BW_VESC_SWD_CHUNK bytes. */
gboolean         bw_vesc_client_bm_write_flash (BwVescClient   *self,
                                                guint32         address,
                                                const guint8   *data,
                                                gsize           len,
                                                gint           *result,
                                                GCancellable   *cancellable,
                                                GError        **error);
/* At most BW_VESC_SWD_READ_MAX bytes into @buffer. */
gboolean         bw_vesc_client_bm_mem_read   (BwVescClient    *self,
                                               guint32          address,
                                               guint8          *buffer,
                                               gsize            len,
                                               gint            *result,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean         bw_vesc_client_bm_reboot     (BwVescClient    *self,
                                               gint            *result,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean         bw_vesc_client_bm_disconnect (BwVescClient    *self,
                                               GCancellable    *cancellable,
                                               GError         **error);

G_END_DECLS

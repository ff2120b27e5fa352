/* bw-stlink-status.h: ST-Link status bytes and what they mean for the user
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-error.h"

G_BEGIN_DECLS

/* Status bytes of spec/stlink-protocol.md §3. */
typedef enum {
  BW_STLINK_STATUS_OK = 0x80,
  BW_STLINK_STATUS_FAULT = 0x81,
  BW_STLINK_STATUS_UNKNOWN_ERROR = 0x01,
  BW_STLINK_STATUS_SPI_ERROR = 0x02,
  BW_STLINK_STATUS_DMA_ERROR = 0x03,
  BW_STLINK_STATUS_UNKNOWN_JTAG_CHAIN = 0x04,
  BW_STLINK_STATUS_NO_DEVICE_CONNECTED = 0x05,
  BW_STLINK_STATUS_INTERNAL_ERROR = 0x06,
  BW_STLINK_STATUS_COMMAND_WAIT = 0x07,
  BW_STLINK_STATUS_COMMAND_ERROR = 0x08,
  BW_STLINK_STATUS_GET_IDCODE_ERROR = 0x09,
  BW_STLINK_STATUS_ALIGNMENT_ERROR = 0x0A,
  BW_STLINK_STATUS_DEBUG_POWER_ERROR = 0x0B,
  BW_STLINK_STATUS_WRITE_ERROR = 0x0C,
  BW_STLINK_STATUS_WRITE_VERIFY_ERROR = 0x0D,
  BW_STLINK_STATUS_ALREADY_OPENED = 0x0E,
  BW_STLINK_STATUS_SWD_AP_WAIT = 0x10,
  BW_STLINK_STATUS_SWD_AP_FAULT = 0x11,
  BW_STLINK_STATUS_SWD_AP_ERROR = 0x12,
  BW_STLINK_STATUS_SWD_AP_PARITY_ERROR = 0x13,
  BW_STLINK_STATUS_SWD_DP_WAIT = 0x14,
  BW_STLINK_STATUS_SWD_DP_FAULT = 0x15,
  BW_STLINK_STATUS_SWD_DP_ERROR = 0x16,
  BW_STLINK_STATUS_SWD_DP_PARITY_ERROR = 0x17,
  BW_STLINK_STATUS_SWD_AP_WDATA_ERROR = 0x18,
  BW_STLINK_STATUS_SWD_AP_STICKY_ERROR = 0x19,
  BW_STLINK_STATUS_SWD_AP_STICKYORUN_ERROR = 0x1A,
  BW_STLINK_STATUS_BAD_AP_ERROR = 0x1D,
  BW_STLINK_STATUS_SWV_NOT_AVAILABLE = 0x20,
  BW_STLINK_STATUS_FREQ_NOT_SUPPORTED = 0x41,
  BW_STLINK_STATUS_UNKNOWN_COMMAND = 0x42,
} BwStlinkStatus;

/* Short name for logs, e.g. "SWD_AP_FAULT"; "unknown" for other values. */
const gchar *bw_stlink_status_to_string  (guint8 status);
/* The BW_ERROR code a failed status stands for (INTERNAL for OK). */
BwError      bw_stlink_status_to_error   (guint8 status);
/* WAIT answers: the target was busy; the command may be sent again. */
gboolean     bw_stlink_status_is_wait    (guint8 status);
/* The SWD wire exchange failed (no/garbled answer); retrying is safe. */
gboolean     bw_stlink_status_is_swd_error (guint8 status);
/* TRUE for OK (and WRITE_VERIFY_ERROR, which probes report spuriously and
 * OpenOCD ignores); otherwise sets @error with "@what: status NAME (0xNN)". */
gboolean     bw_stlink_status_check      (guint8        status,
                                          const gchar  *what,
                                          GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

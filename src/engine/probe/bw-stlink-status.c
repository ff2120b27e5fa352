/* bw-stlink-status.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-stlink-status.h"

const gchar *
bw_stlink_status_to_string (guint8 status)
{
  switch (status)
    {
    case BW_STLINK_STATUS_OK:
      return "OK";
    case BW_STLINK_STATUS_FAULT:
      return "FAULT";
    case BW_STLINK_STATUS_UNKNOWN_ERROR:
      return "UNKNOWN_ERROR";
    case BW_STLINK_STATUS_SPI_ERROR:
      return "SPI_ERROR";
    case BW_STLINK_STATUS_DMA_ERROR:
      return "DMA_ERROR";
    case BW_STLINK_STATUS_UNKNOWN_JTAG_CHAIN:
      return "UNKNOWN_JTAG_CHAIN";
    case BW_STLINK_STATUS_NO_DEVICE_CONNECTED:
      return "NO_DEVICE_CONNECTED";
    case BW_STLINK_STATUS_INTERNAL_ERROR:
      return "INTERNAL_ERROR";
    case BW_STLINK_STATUS_COMMAND_WAIT:
      return "COMMAND_WAIT";
    case BW_STLINK_STATUS_COMMAND_ERROR:
      return "COMMAND_ERROR";
    case BW_STLINK_STATUS_GET_IDCODE_ERROR:
      return "GET_IDCODE_ERROR";
    case BW_STLINK_STATUS_ALIGNMENT_ERROR:
      return "ALIGNMENT_ERROR";
    case BW_STLINK_STATUS_DEBUG_POWER_ERROR:
      return "DEBUG_POWER_ERROR";
    case BW_STLINK_STATUS_WRITE_ERROR:
      return "WRITE_ERROR";
    case BW_STLINK_STATUS_WRITE_VERIFY_ERROR:
      return "WRITE_VERIFY_ERROR";
    case BW_STLINK_STATUS_ALREADY_OPENED:
      return "ALREADY_OPENED";
    case BW_STLINK_STATUS_SWD_AP_WAIT:
      return "SWD_AP_WAIT";
    case BW_STLINK_STATUS_SWD_AP_FAULT:
      return "SWD_AP_FAULT";
    case BW_STLINK_STATUS_SWD_AP_ERROR:
      return "SWD_AP_ERROR";
    case BW_STLINK_STATUS_SWD_AP_PARITY_ERROR:
      return "SWD_AP_PARITY_ERROR";
    case BW_STLINK_STATUS_SWD_DP_WAIT:
      return "SWD_DP_WAIT";
    case BW_STLINK_STATUS_SWD_DP_FAULT:
      return "SWD_DP_FAULT";
    case BW_STLINK_STATUS_SWD_DP_ERROR:
      return "SWD_DP_ERROR";
    case BW_STLINK_STATUS_SWD_DP_PARITY_ERROR:
      return "SWD_DP_PARITY_ERROR";
    case BW_STLINK_STATUS_SWD_AP_WDATA_ERROR:
      return "SWD_AP_WDATA_ERROR";
    case BW_STLINK_STATUS_SWD_AP_STICKY_ERROR:
      return "SWD_AP_STICKY_ERROR";
    case BW_STLINK_STATUS_SWD_AP_STICKYORUN_ERROR:
      return "SWD_AP_STICKYORUN_ERROR";
    case BW_STLINK_STATUS_BAD_AP_ERROR:
      return "BAD_AP_ERROR";
    case BW_STLINK_STATUS_SWV_NOT_AVAILABLE:
      return "SWV_NOT_AVAILABLE";
    case BW_STLINK_STATUS_FREQ_NOT_SUPPORTED:
      return "FREQ_NOT_SUPPORTED";
    case BW_STLINK_STATUS_UNKNOWN_COMMAND:
      return "UNKNOWN_COMMAND";
    default:
      return "unknown";
    }
}

BwError
bw_stlink_status_to_error (guint8 status)
{
  switch (status)
    {
    /* Nothing answers on the wires. */
    case BW_STLINK_STATUS_GET_IDCODE_ERROR:
    case BW_STLINK_STATUS_NO_DEVICE_CONNECTED:
    case BW_STLINK_STATUS_UNKNOWN_JTAG_CHAIN:
    case BW_STLINK_STATUS_DEBUG_POWER_ERROR:
    case BW_STLINK_STATUS_SWD_AP_ERROR:
    case BW_STLINK_STATUS_SWD_AP_PARITY_ERROR:
    case BW_STLINK_STATUS_SWD_DP_FAULT:
    case BW_STLINK_STATUS_SWD_DP_ERROR:
    case BW_STLINK_STATUS_SWD_DP_PARITY_ERROR:
    case BW_STLINK_STATUS_SWD_AP_WDATA_ERROR:
      return BW_ERROR_TARGET_NO_RESPONSE;
    /* The target answered and refused the access. */
    case BW_STLINK_STATUS_FAULT:
    case BW_STLINK_STATUS_UNKNOWN_ERROR:
    case BW_STLINK_STATUS_WRITE_ERROR:
    case BW_STLINK_STATUS_SWD_AP_FAULT:
    case BW_STLINK_STATUS_SWD_AP_STICKY_ERROR:
    case BW_STLINK_STATUS_SWD_AP_STICKYORUN_ERROR:
      return BW_ERROR_TARGET_FAULT;
    /* Busy for longer than the retries allowed. */
    case BW_STLINK_STATUS_COMMAND_WAIT:
    case BW_STLINK_STATUS_SWD_AP_WAIT:
    case BW_STLINK_STATUS_SWD_DP_WAIT:
      return BW_ERROR_TIMED_OUT;
    case BW_STLINK_STATUS_ALREADY_OPENED:
      return BW_ERROR_PROBE_BUSY;
    case BW_STLINK_STATUS_UNKNOWN_COMMAND:
    case BW_STLINK_STATUS_SWV_NOT_AVAILABLE:
      return BW_ERROR_PROBE_FIRMWARE_TOO_OLD;
    case BW_STLINK_STATUS_SPI_ERROR:
    case BW_STLINK_STATUS_DMA_ERROR:
    case BW_STLINK_STATUS_INTERNAL_ERROR:
    case BW_STLINK_STATUS_COMMAND_ERROR:
    case BW_STLINK_STATUS_ALIGNMENT_ERROR:
    case BW_STLINK_STATUS_BAD_AP_ERROR:
    case BW_STLINK_STATUS_FREQ_NOT_SUPPORTED:
      return BW_ERROR_PROBE_PROTOCOL;
    case BW_STLINK_STATUS_OK:
      return BW_ERROR_INTERNAL;
    default:
      return BW_ERROR_PROBE_PROTOCOL;
    }
}

gboolean
bw_stlink_status_is_wait (guint8 status)
{
  return status == BW_STLINK_STATUS_SWD_AP_WAIT || status == BW_STLINK_STATUS_SWD_DP_WAIT ||
         status == BW_STLINK_STATUS_COMMAND_WAIT;
}

gboolean
bw_stlink_status_is_swd_error (guint8 status)
{
  switch (status)
    {
    case BW_STLINK_STATUS_SWD_AP_ERROR:
    case BW_STLINK_STATUS_SWD_AP_PARITY_ERROR:
    case BW_STLINK_STATUS_SWD_DP_ERROR:
    case BW_STLINK_STATUS_SWD_DP_PARITY_ERROR:
    case BW_STLINK_STATUS_SWD_AP_WDATA_ERROR:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
bw_stlink_status_check (guint8        status,
                        const gchar  *what,
                        GError      **error)
{
  if (status == BW_STLINK_STATUS_OK || status == BW_STLINK_STATUS_WRITE_VERIFY_ERROR)
    return TRUE;
  g_set_error (error, BW_ERROR, bw_stlink_status_to_error (status), "%s: status %s (0x%02x)",
               what != NULL ? what : "ST-Link", bw_stlink_status_to_string (status), status);
  return FALSE;
}

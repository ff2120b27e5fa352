/* bw-error.h: the one error domain of Bootwire
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BW_ERROR (bw_error_quark ())

/* Each code names the situation the user is in, not the function that failed;
 * bw-error-advice.c has the plain words and the next step for each. Append
 * only: the numbers appear in JSON output and logs. */
typedef enum {
  BW_ERROR_INTERNAL,
  BW_ERROR_INVALID_ARGUMENT,
  BW_ERROR_CANCELLED,

  BW_ERROR_FILE_NOT_FOUND,
  BW_ERROR_FILE_READ_FAILED,
  BW_ERROR_FILE_WRITE_FAILED,
  BW_ERROR_FILE_TOO_LARGE,
  BW_ERROR_FILE_EMPTY,

  BW_ERROR_IMAGE_INVALID,
  BW_ERROR_IMAGE_OVERLAP,
  BW_ERROR_IMAGE_OUT_OF_RANGE,
  BW_ERROR_IMAGE_WRONG_CHIP,
  BW_ERROR_IMAGE_NO_ADDRESS,

  BW_ERROR_PROBE_NOT_FOUND,
  BW_ERROR_PROBE_PERMISSION,
  BW_ERROR_PROBE_BUSY,
  BW_ERROR_PROBE_FIRMWARE_TOO_OLD,
  BW_ERROR_PROBE_PROTOCOL,
  BW_ERROR_DISCONNECTED,
  BW_ERROR_TIMED_OUT,

  BW_ERROR_TARGET_NOT_POWERED,
  BW_ERROR_TARGET_NO_RESPONSE,
  BW_ERROR_CHIP_MISMATCH,
  BW_ERROR_CHIP_UNSUPPORTED,
  BW_ERROR_READ_PROTECTED,
  BW_ERROR_WRITE_PROTECTED,
  BW_ERROR_FLASH_LOCKED,
  BW_ERROR_ERASE_FAILED,
  BW_ERROR_PROGRAM_FAILED,
  BW_ERROR_VERIFY_MISMATCH,
  BW_ERROR_IMAGE_WRONG_HARDWARE,
  BW_ERROR_PLAN_REFUSED,
  BW_ERROR_TARGET_FAULT,
  BW_ERROR_NRST_NOT_CONNECTED,
  BW_ERROR_BOARD_PROFILE_INVALID,
  BW_ERROR_VESC_NOT_FOUND,
  BW_ERROR_VESC_PERMISSION,
  BW_ERROR_VESC_DISCONNECTED,
  BW_ERROR_VESC_NO_REPLY,
  BW_ERROR_VESC_PROTOCOL,
  BW_ERROR_VESC_FIRMWARE_TOO_OLD,
  BW_ERROR_VESC_TARGET_NO_RESPONSE,

  BW_ERROR_LAST /*< skip >*/
} BwError;

GQuark       bw_error_quark       (void);
const gchar *bw_error_to_string   (BwError code);
BwError      bw_error_from_string (const gchar *name);
gboolean     bw_error_convert     (GError **error);

G_END_DECLS

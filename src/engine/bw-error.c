/* bw-error.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "bw-error.h"

G_DEFINE_QUARK (bootwire-error-quark, bw_error)

/* Stable machine names, used in JSON output and in the advice table. */
static const gchar *const error_names[BW_ERROR_LAST] = {
  [BW_ERROR_INTERNAL] = "internal",
  [BW_ERROR_INVALID_ARGUMENT] = "invalid-argument",
  [BW_ERROR_CANCELLED] = "cancelled",
  [BW_ERROR_FILE_NOT_FOUND] = "file-not-found",
  [BW_ERROR_FILE_READ_FAILED] = "file-read-failed",
  [BW_ERROR_FILE_WRITE_FAILED] = "file-write-failed",
  [BW_ERROR_FILE_TOO_LARGE] = "file-too-large",
  [BW_ERROR_FILE_EMPTY] = "file-empty",
  [BW_ERROR_IMAGE_INVALID] = "image-invalid",
  [BW_ERROR_IMAGE_OVERLAP] = "image-overlap",
  [BW_ERROR_IMAGE_OUT_OF_RANGE] = "image-out-of-range",
  [BW_ERROR_IMAGE_WRONG_CHIP] = "image-wrong-chip",
  [BW_ERROR_IMAGE_NO_ADDRESS] = "image-no-address",
  [BW_ERROR_PROBE_NOT_FOUND] = "probe-not-found",
  [BW_ERROR_PROBE_PERMISSION] = "probe-permission",
  [BW_ERROR_PROBE_BUSY] = "probe-busy",
  [BW_ERROR_PROBE_FIRMWARE_TOO_OLD] = "probe-firmware-too-old",
  [BW_ERROR_PROBE_PROTOCOL] = "probe-protocol",
  [BW_ERROR_DISCONNECTED] = "disconnected",
  [BW_ERROR_TIMED_OUT] = "timed-out",
  [BW_ERROR_TARGET_NOT_POWERED] = "target-not-powered",
  [BW_ERROR_TARGET_NO_RESPONSE] = "target-no-response",
  [BW_ERROR_CHIP_MISMATCH] = "chip-mismatch",
  [BW_ERROR_CHIP_UNSUPPORTED] = "chip-unsupported",
  [BW_ERROR_READ_PROTECTED] = "read-protected",
  [BW_ERROR_WRITE_PROTECTED] = "write-protected",
  [BW_ERROR_FLASH_LOCKED] = "flash-locked",
  [BW_ERROR_ERASE_FAILED] = "erase-failed",
  [BW_ERROR_PROGRAM_FAILED] = "program-failed",
  [BW_ERROR_VERIFY_MISMATCH] = "verify-mismatch",
  [BW_ERROR_IMAGE_WRONG_HARDWARE] = "image-wrong-hardware",
  [BW_ERROR_PLAN_REFUSED] = "plan-refused",
  [BW_ERROR_TARGET_FAULT] = "target-fault",
  [BW_ERROR_NRST_NOT_CONNECTED] = "nrst-not-connected",
  [BW_ERROR_BOARD_PROFILE_INVALID] = "board-profile-invalid",
  [BW_ERROR_VESC_NOT_FOUND] = "vesc-not-found",
  [BW_ERROR_VESC_PERMISSION] = "vesc-permission",
  [BW_ERROR_VESC_DISCONNECTED] = "vesc-disconnected",
  [BW_ERROR_VESC_NO_REPLY] = "vesc-no-reply",
  [BW_ERROR_VESC_PROTOCOL] = "vesc-protocol",
  [BW_ERROR_VESC_FIRMWARE_TOO_OLD] = "vesc-firmware-too-old",
  [BW_ERROR_VESC_TARGET_NO_RESPONSE] = "vesc-target-no-response",
};

const gchar *
bw_error_to_string (BwError code)
{
  if ((guint) code >= BW_ERROR_LAST)
    return NULL;
  return error_names[code];
}

BwError
bw_error_from_string (const gchar *name)
{
  g_return_val_if_fail (name != NULL, BW_ERROR_INTERNAL);

  for (guint i = 0; i < BW_ERROR_LAST; i++)
    {
      if (g_strcmp0 (error_names[i], name) == 0)
        return (BwError) i;
    }
  return BW_ERROR_INTERNAL;
}

static BwError
io_error_to_bw (gint code)
{
  switch (code)
    {
    case G_IO_ERROR_NOT_FOUND:
      return BW_ERROR_FILE_NOT_FOUND;
    case G_IO_ERROR_CANCELLED:
      return BW_ERROR_CANCELLED;
    case G_IO_ERROR_TIMED_OUT:
      return BW_ERROR_TIMED_OUT;
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_IS_DIRECTORY:
    case G_IO_ERROR_NOT_REGULAR_FILE:
      return BW_ERROR_FILE_READ_FAILED;
    case G_IO_ERROR_NO_SPACE:
    case G_IO_ERROR_READ_ONLY:
      return BW_ERROR_FILE_WRITE_FAILED;
    default:
      return BW_ERROR_INTERNAL;
    }
}

static BwError
file_error_to_bw (gint code)
{
  switch (code)
    {
    case G_FILE_ERROR_NOENT:
      return BW_ERROR_FILE_NOT_FOUND;
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_ISDIR:
    case G_FILE_ERROR_IO:
    case G_FILE_ERROR_NAMETOOLONG:
    case G_FILE_ERROR_LOOP:
      return BW_ERROR_FILE_READ_FAILED;
    case G_FILE_ERROR_NOSPC:
    case G_FILE_ERROR_ROFS:
      return BW_ERROR_FILE_WRITE_FAILED;
    default:
      return BW_ERROR_INTERNAL;
    }
}

/* Moves an error from a foreign domain into BW_ERROR, keeping its message.
 * Returns TRUE if the error is (now) a BW_ERROR. */
gboolean
bw_error_convert (GError **error)
{
  GError *err;

  if (error == NULL || *error == NULL)
    return FALSE;
  err = *error;
  if (err->domain == BW_ERROR)
    return TRUE;
  if (err->domain == G_IO_ERROR)
    err->code = io_error_to_bw (err->code);
  else if (err->domain == G_FILE_ERROR)
    err->code = file_error_to_bw (err->code);
  else
    err->code = BW_ERROR_INTERNAL;
  err->domain = BW_ERROR;
  return TRUE;
}

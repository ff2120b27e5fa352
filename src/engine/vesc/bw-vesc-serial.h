/* bw-vesc-serial.h: a VESC's USB CDC-ACM port (or any tty, e.g. a pty)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-vesc-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_SERIAL (bw_vesc_serial_get_type ())
G_DECLARE_FINAL_TYPE (BwVescSerial, bw_vesc_serial, BW, VESC_SERIAL, BwVescTransport)

/* Opens @path in raw mode and takes it for this process alone.
 * BW_ERROR_VESC_NOT_FOUND, BW_ERROR_VESC_PERMISSION on failure. */
BwVescSerial *bw_vesc_serial_open (const gchar *path,
                                   GError     **error);

G_END_DECLS

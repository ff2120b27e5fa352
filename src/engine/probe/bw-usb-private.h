/* bw-usb-private.h: libusb helpers shared by the USB transport and the
 * probe enumeration (engine-internal)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libusb.h>

#include "bw-error.h"
#include "bw-probe-info.h"

G_BEGIN_DECLS

/* The BW_ERROR code for a (negative) libusb result. */
BwError   bw_usb_error_code        (int code);
/* Sets @error to "@what: libusb error name" with bw_usb_error_code(). */
void      bw_usb_set_error         (GError       **error,
                                    int            code,
                                    const gchar   *what);
/* TRUE for ST-Link PIDs Bootwire can drive (V2, V2-1, V3). */
gboolean  bw_usb_is_supported_stlink (guint16      vid,
                                      guint16      pid);
/* Serial of an open device as the tools show it (§1.3); NULL on failure. */
gchar    *bw_usb_read_serial       (libusb_device_handle *handle,
                                    guint8                index);
/* A BwProbeInfo for @dev; opens it briefly to read the serial and marks it
 * inaccessible when the OS refuses. NULL when @dev is not an ST-Link. */
BwProbeInfo *bw_usb_probe_info_new (libusb_device *dev);

G_END_DECLS

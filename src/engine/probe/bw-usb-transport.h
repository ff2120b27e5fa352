/* bw-usb-transport.h: BwTransport over libusb-1.0 (real probes, and the
 * simulator through its stand-in libusb)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-probe-info.h"
#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_USB_TRANSPORT (bw_usb_transport_get_type ())
G_DECLARE_FINAL_TYPE (BwUsbTransport, bw_usb_transport, BW, USB_TRANSPORT, GObject)

/* Opens the first supported ST-Link matching @vid (0: 0x0483), @pid (0: any
 * V2/V2-1/V3 PID) and @serial (NULL: any), and claims interface 0.
 * Errors: PROBE_NOT_FOUND, PROBE_PERMISSION, PROBE_BUSY, DISCONNECTED. */
BwUsbTransport    *bw_usb_transport_new          (guint16             vid,
                                                  guint16             pid,
                                                  const gchar        *serial,
                                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Opens the probe an enumeration returned (same bus/address, or serial). */
BwUsbTransport    *bw_usb_transport_new_for_info (const BwProbeInfo  *info,
                                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* VID, PID, kind, serial of the opened probe. */
const BwProbeInfo *bw_usb_transport_get_info     (BwUsbTransport     *self);

G_END_DECLS

/* bw-vesc-port-list.h: the serial ports a VESC may be on
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The USB serial ports in @dev_dir (NULL: $BW_VESC_PORT_DIR, else /dev):
 * the CDC-ACM ports VESC firmware enumerates as (Linux ttyACM*, macOS
 * cu.usbmodem*), then USB-serial adapters (ttyUSB*, cu.usbserial*), by
 * number, as full paths. A symbolic link with such a name counts (a test's
 * link to a pseudo-terminal). On Windows, with no directory given, the
 * registered COM ports by number ("COM3"). An empty array when there are
 * none or the list cannot be read. */
GPtrArray *bw_vesc_port_list_enumerate (const gchar *dev_dir);

G_END_DECLS

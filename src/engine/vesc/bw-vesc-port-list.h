/* bw-vesc-port-list.h: the serial ports a VESC may be on
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The USB serial ports in @dev_dir (NULL: $BW_VESC_PORT_DIR, else /dev):
 * every ttyACM* (CDC-ACM, how VESC firmware enumerates) and ttyUSB* (a
 * USB-serial adapter), sorted by number, as full paths. A symbolic link
 * with such a name counts (a test's link to a pseudo-terminal). An empty
 * array when there are none or the directory cannot be read. */
GPtrArray *bw_vesc_port_list_enumerate (const gchar *dev_dir);

G_END_DECLS

/* bw-test-utils.h: shared helpers for the test programs
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gchar  *bw_test_real_path   (const gchar *name);
gchar  *bw_test_file_path   (const gchar *name);
GBytes *bw_test_load_bytes  (const gchar *path);
gchar  *bw_test_sha256_file (const gchar *path);
gchar  *bw_test_make_tmpdir (void);
void    bw_test_rm_rf       (const gchar *path);
/* Under @root, the sysfs entries Linux makes for a USB serial port @tty
 * (class/tty/TTY/device -> the interface, its driver link, and the USB
 * device above it with idVendor, idProduct, manufacturer, product, serial),
 * for code that reads $BW_SYSFS_ROOT. */
void    bw_test_make_sysfs_tty (const gchar *root,
                                const gchar *tty,
                                const gchar *driver,
                                const gchar *vid,
                                const gchar *pid,
                                const gchar *product);

G_END_DECLS

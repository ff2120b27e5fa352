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

G_END_DECLS

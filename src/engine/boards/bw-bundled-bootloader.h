/* bw-bundled-bootloader.h: the GPL bootloader images Bootwire ships
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const gchar *bw_bundled_bootloader_get_file (const gchar *name);
gchar       *bw_bundled_bootloader_find     (const gchar *name,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

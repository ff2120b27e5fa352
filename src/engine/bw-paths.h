/* bw-paths.h: where the installed data and translations are
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* share/bootwire (board profiles, bundled bootloaders) of this install.
 * On Linux the path meson was configured with; on Windows and macOS found
 * next to the executable (PREFIX/bin/x.exe -> PREFIX/share/bootwire), so
 * that an install can be moved, with the configured path as the fallback. */
const gchar *bw_paths_get_pkgdata_dir (void);
/* share/locale for bindtextdomain(), found the same way ($BW_LOCALE_DIR
 * first, for an uninstalled run). */
const gchar *bw_paths_get_locale_dir  (void);

/* The install prefix an executable at @executable_path belongs to:
 * PREFIX/bin/x -> PREFIX, X.app/Contents/MacOS/x -> X.app/Contents/Resources,
 * anything else -> the executable's directory. */
gchar       *bw_paths_prefix_for_executable (const gchar *executable_path);
/* @relative_dir under @prefix if that directory exists, else NULL
 * (an absolute @relative_dir cannot move with the install: NULL). */
gchar       *bw_paths_relocate              (const gchar *prefix,
                                             const gchar *relative_dir);

G_END_DECLS

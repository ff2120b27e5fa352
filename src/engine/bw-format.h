/* bw-format.h: numbers in the words users read
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gchar *bw_format_size (guint64 bytes);

G_END_DECLS

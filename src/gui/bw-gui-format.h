/* bw-gui-format.h: words and numbers the pages show, as pure functions
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bootwire-engine.h"

G_BEGIN_DECLS

const gchar *bw_gui_format_check_item  (BwCheckItem     item);
const gchar *bw_gui_format_phase       (BwProgressPhase phase);
gchar       *bw_gui_format_rate        (gdouble         bytes_per_second);
gchar       *bw_gui_format_time_left   (gint64          remaining_us);
gchar       *bw_gui_format_image       (BwImageFile    *file,
                                        BwVescImage    *vesc);

gboolean     bw_gui_format_is_sandboxed (void);
gchar      **bw_gui_format_permission_argv (void);
gchar       *bw_gui_format_permission_host_command (void);
gchar       *bw_gui_format_cancel_heading (BwProgressPhase phase);

G_END_DECLS

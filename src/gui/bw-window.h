/* bw-window.h: the wizard's window: a stack of pages with Back and Next
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bw-wizard.h"

G_BEGIN_DECLS

#define BW_TYPE_WINDOW (bw_window_get_type ())
G_DECLARE_FINAL_TYPE (BwWindow, bw_window, BW, WINDOW, AdwApplicationWindow)

BwWindow    *bw_window_new              (GtkApplication *application,
                                         BwWizard       *wizard);
BwWizard    *bw_window_get_wizard       (BwWindow       *self);
/* The page widget of @step, for tests. */
GtkWidget   *bw_window_get_page         (BwWindow       *self,
                                         BwWizardStep    step);
/* Demo mode with the simulated ESC in scenario @id (bw-demo.h). */
gboolean     bw_window_start_demo       (BwWindow       *self,
                                         const gchar    *scenario_id,
                                         GError        **error);
const gchar *bw_window_get_demo_scenario (BwWindow      *self);
/* What "Save Report" writes, without the file chooser. */
gboolean     bw_window_save_report_to   (BwWindow       *self,
                                         GFile          *file,
                                         GError        **error);
void         bw_window_show_toast       (BwWindow       *self,
                                         const gchar    *text);
/* TRUE while the session is asked not to suspend or log out. */
gboolean     bw_window_get_inhibiting   (BwWindow       *self);

G_END_DECLS

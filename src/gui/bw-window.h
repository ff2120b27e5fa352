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

BwWindow  *bw_window_new          (GtkApplication *application,
                                   BwWizard       *wizard);
BwWizard  *bw_window_get_wizard   (BwWindow       *self);
/* The page widget of @step, for tests. */
GtkWidget *bw_window_get_page     (BwWindow       *self,
                                   BwWizardStep    step);

G_END_DECLS

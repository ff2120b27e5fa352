/* bw-program-page.h: the wizard's Program page
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bw-wizard.h"

G_BEGIN_DECLS

#define BW_TYPE_PROGRAM_PAGE (bw_program_page_get_type ())
G_DECLARE_FINAL_TYPE (BwProgramPage, bw_program_page, BW, PROGRAM_PAGE, GtkWidget)

void bw_program_page_set_wizard (BwProgramPage *self,
                              BwWizard   *wizard);

G_END_DECLS

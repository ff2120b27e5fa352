/* bw-board-page.h: the wizard's Board page
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bw-wizard.h"

G_BEGIN_DECLS

#define BW_TYPE_BOARD_PAGE (bw_board_page_get_type ())
G_DECLARE_FINAL_TYPE (BwBoardPage, bw_board_page, BW, BOARD_PAGE, GtkWidget)

void bw_board_page_set_wizard (BwBoardPage *self,
                              BwWizard   *wizard);

G_END_DECLS

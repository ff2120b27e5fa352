/* bw-done-page.h: the wizard's Done page
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bw-wizard.h"

G_BEGIN_DECLS

#define BW_TYPE_DONE_PAGE (bw_done_page_get_type ())
G_DECLARE_FINAL_TYPE (BwDonePage, bw_done_page, BW, DONE_PAGE, GtkWidget)

void bw_done_page_set_wizard (BwDonePage *self,
                              BwWizard   *wizard);

G_END_DECLS

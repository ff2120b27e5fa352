/* bw-wiring-page.h: the wizard's Wiring page
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bw-wizard.h"

G_BEGIN_DECLS

#define BW_TYPE_WIRING_PAGE (bw_wiring_page_get_type ())
G_DECLARE_FINAL_TYPE (BwWiringPage, bw_wiring_page, BW, WIRING_PAGE, GtkWidget)

void bw_wiring_page_set_wizard (BwWiringPage *self,
                              BwWizard   *wizard);

G_END_DECLS

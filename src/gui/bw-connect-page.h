/* bw-connect-page.h: the wizard's Connect page
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bw-wizard.h"

G_BEGIN_DECLS

#define BW_TYPE_CONNECT_PAGE (bw_connect_page_get_type ())
G_DECLARE_FINAL_TYPE (BwConnectPage, bw_connect_page, BW, CONNECT_PAGE, GtkWidget)

void bw_connect_page_set_wizard (BwConnectPage *self,
                              BwWizard   *wizard);

G_END_DECLS

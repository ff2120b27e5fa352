/* bw-file-page.h: the wizard's File page
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bw-wizard.h"

G_BEGIN_DECLS

#define BW_TYPE_FILE_PAGE (bw_file_page_get_type ())
G_DECLARE_FINAL_TYPE (BwFilePage, bw_file_page, BW, FILE_PAGE, GtkWidget)

void bw_file_page_set_wizard (BwFilePage *self,
                              BwWizard   *wizard);

/* For tests: the drop target files are dropped on. */
GtkDropTarget *bw_file_page_get_drop_target (BwFilePage *self);

G_END_DECLS

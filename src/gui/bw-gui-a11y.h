/* bw-gui-a11y.h: accessible names without mnemonic underscores
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void bw_gui_a11y_set_button_label (GtkButton *button,
                                   const gchar *label);
void bw_gui_a11y_fix_mnemonics    (GtkWidget *root);

G_END_DECLS

/* bw-gui-a11y.c: accessible names without mnemonic underscores
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 gives a button the text of its label as accessible name,
 * underscore and all ("_Next"), so a screen reader reads the mnemonic
 * marker. These set the name as the label shows it.
 */
#include "config.h"

#include "bw-gui-a11y.h"

static void
set_name (GtkButton *button, const gchar *label)
{
  g_autoptr(GString) name = g_string_new (NULL);

  /* "__" is a literal underscore, a single one marks the mnemonic */
  for (const gchar *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (name, *p++);
      else if (*p != '_')
        g_string_append_c (name, *p);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
}

void
bw_gui_a11y_set_button_label (GtkButton *button, const gchar *label)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  gtk_button_set_label (button, label);
  if (gtk_button_get_use_underline (button))
    set_name (button, label);
}

/* Every button under @root whose label has a mnemonic. */
void
bw_gui_a11y_fix_mnemonics (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
      gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    set_name (GTK_BUTTON (root), gtk_button_get_label (GTK_BUTTON (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    bw_gui_a11y_fix_mnemonics (child);
}

/* bw-board-page.c: step 1, which board and what to do
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bw-gui-a11y.h"
#include "bw-board-page.h"
#include "bw-connector-thumbnail.h"

struct _BwBoardPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkListBox     *board_list;
  GtkCheckButton *install_button;
  GtkCheckButton *recover_button;
  GtkSearchEntry *search_entry;

  /* owned references */
  BwWizard       *wizard;
};

G_DEFINE_FINAL_TYPE (BwBoardPage, bw_board_page, GTK_TYPE_WIDGET)

static const gchar *
connector_in_words (BwBoard *board)
{
  switch (bw_board_get_connector_type (board))
    {
    case BW_CONNECTOR_JST_PH:
      return _("JST-PH SWD connector");
    case BW_CONNECTOR_PIN_HEADER:
      return _("pin header");
    case BW_CONNECTOR_PADS:
      return _("solder pads");
    case BW_CONNECTOR_INTERNAL:
      return _("connector inside the case");
    case BW_CONNECTOR_UNKNOWN:
    default:
      return _("connector not known");
    }
}

static gboolean
filter_func (GtkListBoxRow *row, gpointer user_data)
{
  BwBoardPage *self = user_data;
  BwBoard *board = g_object_get_data (G_OBJECT (row), "bw-board");
  const gchar *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree gchar *needle = NULL;
  g_autofree gchar *joined = NULL;
  g_autofree gchar *haystack = NULL;

  if (board == NULL || text == NULL || text[0] == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  joined = g_strjoin (" ", bw_board_get_name (board), bw_board_get_vendor (board) ?: "",
                      bw_board_get_id (board), NULL);
  haystack = g_utf8_casefold (joined, -1);
  return strstr (haystack, needle) != NULL;
}

static void
search_changed_cb (BwBoardPage *self)
{
  gtk_list_box_invalidate_filter (self->board_list);
}

static void
row_selected_cb (BwBoardPage *self, GtkListBoxRow *row)
{
  if (self->wizard != NULL && row != NULL)
    bw_wizard_set_board (self->wizard, g_object_get_data (G_OBJECT (row), "bw-board"));
}

/* The model's board, e.g. after a restart or from the settings. */
static void
board_changed_cb (BwBoardPage *self)
{
  BwBoard *board = bw_wizard_get_board (self->wizard);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->board_list);

  if (selected != NULL && g_object_get_data (G_OBJECT (selected), "bw-board") == board)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->board_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_object_get_data (G_OBJECT (row), "bw-board") == board)
      gtk_list_box_select_row (self->board_list, GTK_LIST_BOX_ROW (row));
}

static void
task_toggled_cb (BwBoardPage *self)
{
  if (self->wizard == NULL)
    return;
  bw_wizard_set_task (self->wizard, gtk_check_button_get_active (self->recover_button) ? BW_WIZARD_TASK_RECOVER
                                                                                       : BW_WIZARD_TASK_INSTALL);
}

static void
bw_board_page_dispose (GObject *object)
{
  BwBoardPage *self = BW_BOARD_PAGE (object);
  GtkWidget *child;

  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_BOARD_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->wizard);
  G_OBJECT_CLASS (bw_board_page_parent_class)->dispose (object);
}

static void
bw_board_page_class_init (BwBoardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_board_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-board-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BwBoardPage, board_list);
  gtk_widget_class_bind_template_child (widget_class, BwBoardPage, install_button);
  gtk_widget_class_bind_template_child (widget_class, BwBoardPage, recover_button);
  gtk_widget_class_bind_template_child (widget_class, BwBoardPage, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_toggled_cb);
}

static void
bw_board_page_init (BwBoardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bw_gui_a11y_fix_mnemonics (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->board_list, filter_func, self, NULL);
}

void
bw_board_page_set_wizard (BwBoardPage *self, BwWizard *wizard)
{
  GPtrArray *boards;

  g_return_if_fail (BW_IS_BOARD_PAGE (self));

  g_set_object (&self->wizard, wizard);
  boards = bw_board_db_get_boards (bw_wizard_get_board_db (wizard));
  for (guint i = 0; i < boards->len; i++)
    {
      BwBoard *board = g_ptr_array_index (boards, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
      g_autofree gchar *subtitle = NULL;

      /* TRANSLATORS: a board's maker, then its SWD connector, e.g. "Trampa · JST-PH SWD connector" */
      subtitle = g_strdup_printf (_("%s · %s"), bw_board_get_vendor (board) ?: _("Unknown maker"),
                                  connector_in_words (board));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bw_board_get_name (board));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), bw_connector_thumbnail_new (board));
      /* the chosen row shows a tick */
      gtk_widget_add_css_class (check, "board-tick");
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("chosen"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "bw-board", g_object_ref (board), g_object_unref);
      gtk_list_box_append (self->board_list, row);
      if (board == bw_wizard_get_board (wizard))
        gtk_list_box_select_row (self->board_list, GTK_LIST_BOX_ROW (row));
    }
  gtk_check_button_set_active (bw_wizard_get_task (wizard) == BW_WIZARD_TASK_RECOVER ? self->recover_button
                                                                                     : self->install_button, TRUE);
  g_signal_connect_swapped (wizard, "notify::board", G_CALLBACK (board_changed_cb), self);
}

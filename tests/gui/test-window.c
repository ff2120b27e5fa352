/* test-window.c: every page of the wizard on screen in demo mode, a PNG of
 * each, and a click-through to a verified install
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "bw-demo.h"
#include "bw-test-utils.h"
#include "bw-window.h"
#include "bw-wiring-diagram.h"

static void
flush (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_not_busy (BwWizard *wizard)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (bw_wizard_get_busy (wizard) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (bw_wizard_get_busy (wizard));
}

/* Console's technique: the window through a paintable, a render node and
 * the window's own renderer, saved as PNG. */
static void
screenshot (GtkWidget *window, const gchar *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree gchar *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "gui", "screenshots", NULL);
  g_autofree gchar *file = g_strconcat (name, ".png", NULL);
  g_autofree gchar *path = g_build_filename (dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* until the window is mapped, sized and has drawn once */
  flush (300);
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      g_clear_object (&snapshot);
      snapshot = gtk_snapshot_new ();
      flush (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                              gtk_widget_get_width (window), gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, const gchar *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_visible (child))
        {
          const gchar *label = NULL;

          if (GTK_IS_BUTTON (child))
            label = gtk_button_get_label (GTK_BUTTON (child));
          else if (ADW_IS_PREFERENCES_ROW (child))
            label = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child));
          if (label != NULL && strstr (label, text) != NULL)
            return child;
        }
      found = find_widget (child, type, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_diagram (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = BW_IS_WIRING_DIAGRAM (child) ? child : find_diagram (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_click_through (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(BwWizard) wizard = NULL;
  g_autoptr(BwTransport) transport = bw_demo_new_transport (NULL, &error);
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) expected = NULL;
  GtkWidget *window;
  GtkWidget *row, *button;
  const guint8 *flash;
  gsize size = 0;

  g_assert_no_error (error);
  g_assert_true (bw_board_db_load_default (db, &error));
  wizard = bw_wizard_new (db);
  bw_wizard_set_backup_dir (wizard, dir);
  bw_wizard_set_transport (wizard, transport, TRUE);
  window = GTK_WIDGET (bw_window_new (NULL, wizard));
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 720);
  gtk_window_present (GTK_WINDOW (window));
  flush (200);

  screenshot (window, "1-board-empty");
  row = find_widget (window, GTK_TYPE_LIST_BOX_ROW, "VESC 6 /");
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  g_assert_cmpstr (bw_board_get_id (bw_wizard_get_board (wizard)), ==, "vesc-6");
  screenshot (window, "1-board");

  g_assert_true (gtk_widget_activate_action (window, "win.next", NULL));
  g_assert_cmpuint (bw_wizard_get_step (wizard), ==, BW_WIZARD_STEP_WIRING);
  screenshot (window, "2-wiring");
  {
    GtkWidget *diagram = bw_window_get_page (BW_WINDOW (window), BW_WIZARD_STEP_WIRING);
    g_autofree gchar *text = NULL;

    diagram = find_diagram (diagram);
    g_assert_nonnull (diagram);
    gtk_test_accessible_assert_role (GTK_ACCESSIBLE (diagram), GTK_ACCESSIBLE_ROLE_IMG);
    text = bw_wiring_diagram_dup_text (BW_WIRING_DIAGRAM (diagram));
    g_assert_nonnull (strstr (text, "SWDIO"));
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (diagram), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (window, "2-wiring-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_assert_true (gtk_widget_activate_action (window, "win.next", NULL));
  g_assert_cmpuint (bw_wizard_get_step (wizard), ==, BW_WIZARD_STEP_CONNECT);
  wait_not_busy (wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  screenshot (window, "3-connect");

  g_assert_true (gtk_widget_activate_action (window, "win.next", NULL));
  g_assert_cmpuint (bw_wizard_get_step (wizard), ==, BW_WIZARD_STEP_FILE);
  screenshot (window, "4-file");

  g_assert_true (gtk_widget_activate_action (window, "win.next", NULL));
  g_assert_cmpuint (bw_wizard_get_step (wizard), ==, BW_WIZARD_STEP_PROGRAM);
  screenshot (window, "5-program");

  button = find_widget (window, GTK_TYPE_BUTTON, "Install the Bootloader");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (bw_wizard_get_busy (wizard));
  wait_not_busy (wizard);
  g_assert_no_error (bw_wizard_get_program_error (wizard));
  g_assert_cmpuint (bw_wizard_get_step (wizard), ==, BW_WIZARD_STEP_DONE);
  screenshot (window, "6-done");

  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (wizard), NULL);
  expected = bw_test_load_bytes (bundled);
  flash = bw_demo_peek_flash (transport, &size);
  g_assert_cmpuint (size, ==, 1024 * 1024);
  g_assert_cmpmem (flash + 0xE0000, g_bytes_get_size (expected),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  gtk_window_destroy (GTK_WINDOW (window));
  flush (100);
  bw_test_rm_rf (dir);
}

static void
test_check_failure (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(BwWizard) wizard = NULL;
  g_autoptr(BwTransport) transport = bw_demo_new_transport ("powered=false\n", &error);
  GtkWidget *window;

  g_assert_no_error (error);
  g_assert_true (bw_board_db_load_default (db, &error));
  wizard = bw_wizard_new (db);
  bw_wizard_set_transport (wizard, transport, TRUE);
  window = GTK_WIDGET (bw_window_new (NULL, wizard));
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 720);
  gtk_window_present (GTK_WINDOW (window));
  bw_wizard_set_board (wizard, bw_board_db_find_board (db, "vesc-6"));
  g_assert_true (bw_wizard_go_next (wizard));
  g_assert_true (bw_wizard_go_next (wizard));
  wait_not_busy (wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (wizard), ==, BW_WIZARD_JOB_FAILED);
  screenshot (window, "3-connect-unpowered");
  gtk_window_destroy (GTK_WINDOW (window));
  flush (100);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* screenshots of the page itself, not of the slide between pages */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_test_add_func ("/window/click-through", test_click_through);
  g_test_add_func ("/window/check-failure", test_check_failure);
  return g_test_run ();
}

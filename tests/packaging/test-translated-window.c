/* test-translated-window.c: the wizard in the language of $LANGUAGE (German
 * or Spanish), from the .mo files this build compiled; asserts translated
 * widgets and saves a screenshot
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "bw-demo.h"
#include "bw-window.h"

typedef struct
{
  const gchar *language;
  const gchar *board_question; /* "Which ESC do you have?" */
  const gchar *next_button;    /* "_Next" */
  const gchar *board_step;     /* "Step 1 of 6: Board", the window subtitle */
} Expected;

static const Expected expected_languages[] = {
  { "de", "Welchen ESC haben Sie?", "_Weiter", "Schritt 1 von 6: Platine" },
  { "es", "¿Qué ESC tiene?", "_Siguiente", "Paso 1 de 6: Placa" },
};

static const Expected *expected;

static void
flush (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
screenshot (GtkWidget *window, const gchar *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree gchar *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "packaging", "screenshots", NULL);
  g_autofree gchar *file = g_strconcat (name, ".png", NULL);
  g_autofree gchar *path = g_build_filename (dir, file, NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  flush (300);
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      flush (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                              gtk_widget_get_width (window), gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The visible widget whose text is exactly @text: a label, a button, or a
 * stack page title shown by a GtkStackSidebar/Switcher (a label too). */
static GtkWidget *
find_text (GtkWidget *root, const gchar *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const gchar *shown = NULL;
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child))
        shown = gtk_label_get_label (GTK_LABEL (child));
      else if (GTK_IS_BUTTON (child))
        shown = gtk_button_get_label (GTK_BUTTON (child));
      if (g_strcmp0 (shown, text) == 0)
        return child;
      found = find_text (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_translated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(BwWizard) wizard = NULL;
  g_autoptr(BwTransport) transport = bw_demo_new_transport (NULL, &error);
  g_autofree gchar *name = g_strdup_printf ("wizard-%s", expected->language);
  GtkWidget *window;

  g_assert_no_error (error);
  g_assert_true (bw_board_db_load_default (db, &error));
  g_assert_no_error (error);
  wizard = bw_wizard_new (db);
  bw_wizard_set_transport (wizard, transport, TRUE);
  window = GTK_WIDGET (bw_window_new (NULL, wizard));
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 720);
  gtk_window_present (GTK_WINDOW (window));
  flush (200);
  screenshot (window, name);

  /* from the .ui templates, through GtkBuilder and our text domain */
  g_assert_nonnull (find_text (window, expected->board_question));
  g_assert_nonnull (find_text (window, expected->next_button));
  g_assert_nonnull (find_text (window, expected->board_step));
  g_assert_null (find_text (window, "Which ESC do you have?"));
  g_assert_null (find_text (window, "_Next"));
  g_assert_null (find_text (window, "Step 1 of 6: Board"));

  gtk_window_destroy (GTK_WINDOW (window));
  flush (100);
}

/* C strings through _(): every msgid of the catalogue is translated, so a
 * sample from the engine, the CLI and the GUI differs from the English. */
static void
test_catalogue_translated (void)
{
  const gchar *samples[] = {
    "Install the VESC bootloader with an ST-Link probe",
    "Which ESC do you have?",
    "Demo mode: Bootwire is talking to a simulated VESC 6. Nothing real is written.",
    "Step 1 of 6: Board",
    "No VESC was found on that serial port.",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    g_assert_cmpstr (_(samples[i]), !=, samples[i]);
  g_assert_cmpstr (_("Which ESC do you have?"), ==, expected->board_question);
}

int
main (int argc, char *argv[])
{
  const gchar *language = g_getenv ("LANGUAGE");
  const gchar *locale;

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() pins en_US.UTF-8 (or C when that is not generated),
   * where glibc ignores $LANGUAGE: take the environment's locale again. */
  locale = setlocale (LC_ALL, "");
  g_assert_nonnull (locale);
  g_assert_cmpstr (locale, !=, "C");
  g_assert_cmpstr (locale, !=, "POSIX");
  g_assert_nonnull (bindtextdomain (GETTEXT_PACKAGE, g_getenv ("BW_LOCALE_DIR")));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (expected_languages); i++)
    if (g_strcmp0 (language, expected_languages[i].language) == 0)
      expected = &expected_languages[i];
  if (expected == NULL)
    g_error ("LANGUAGE=%s: this test knows de and es", language);

  g_test_add_func ("/packaging/translated/catalogue", test_catalogue_translated);
  g_test_add_func ("/packaging/translated/window", test_window_translated);
  return g_test_run ();
}

/* bw-application.c: the Bootwire application
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-application.h"
#include "bw-demo.h"
#include "bw-window.h"

struct _BwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BwApplication, bw_application, ADW_TYPE_APPLICATION)

static void
bw_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_autoptr(BwBoardDb) db = NULL;
  g_autoptr(BwWizard) wizard = NULL;
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  db = bw_board_db_new ();
  if (!bw_board_db_load_default (db, &error))
    g_message ("%s", error->message);
  wizard = bw_wizard_new (db);
  window = GTK_WINDOW (bw_window_new (GTK_APPLICATION (application), wizard));
  /* the ST-Link plugged in (the one used last time when there are
   * several), or the simulated one when there is none */
  bw_wizard_scan_probes (wizard);
  if (bw_wizard_get_probes (wizard)->len == 0 && !bw_window_start_demo (BW_WINDOW (window), "ready", &error))
    g_warning ("demo mode: %s", error->message);
  gtk_window_present (window);
}

static void
about_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  const gchar *developers[] = { _("The Bootwire authors"), NULL };

  adw_show_about_window (parent,
                         "application-name", _("Bootwire"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Bootwire authors"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Install the VESC bootloader on an electric skateboard's motor controller "
                                       "with a $5 ST-Link, or bring a bricked one back. No SWD knowledge needed."),
                         /* TRANSLATORS: put your name here, one per line, to be credited in the About window */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
bw_application_startup (GApplication *application)
{
  const GActionEntry entries[] = {
    { "about", about_activated, NULL, NULL, NULL, { 0 } },
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  };
  const gchar *quit_accels[] = { "<Control>q", NULL };
  const gchar *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (bw_application_parent_class)->startup (application);
  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay", help_accels);
}

static void
bw_application_class_init (BwApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->activate = bw_application_activate;
  application_class->startup = bw_application_startup;
}

static void
bw_application_init (BwApplication *self)
{
}

BwApplication *
bw_application_new (void)
{
  return g_object_new (BW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/bootwire/Bootwire",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

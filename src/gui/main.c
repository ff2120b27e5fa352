/* main.c: bootwire, the wizard
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bw-application.h"
#include "bw-paths.h"

int
main (int argc, char *argv[])
{
  g_autoptr(BwApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, bw_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = bw_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}

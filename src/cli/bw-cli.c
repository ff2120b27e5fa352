/* bw-cli.c: bootwire-cli, the engine from the command line
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bw-cli-commands.h"
#include "bw-paths.h"

typedef struct {
  const gchar *name;
  gint       (*run) (gint argc, gchar **argv);
  const gchar *summary;
} Command;

static const Command commands[] = {
  { "list", bw_cli_list, N_("List the attached ST-Links") },
  { "boards", bw_cli_boards, N_("List the board and probe profiles") },
  { "wiring", bw_cli_wiring, N_("Show which wire goes where for a board and a probe") },
  { "inspect", bw_cli_inspect, N_("Explain a firmware or bootloader file (.hex or .bin)") },
  { "check", bw_cli_check, N_("Check the probe, the wiring and the chip; writes nothing") },
  { "install-bootloader", bw_cli_install_bootloader, N_("Install the VESC bootloader (bundled, or FILE)") },
  { "recover", bw_cli_recover, N_("Bring a bricked ESC back: bootloader, optionally firmware") },
  { "flash", bw_cli_flash, N_("Write a firmware or bootloader file, then verify it") },
  { "backup", bw_cli_backup, N_("Save the chip's flash to a file") },
  { "verify", bw_cli_verify, N_("Compare the chip's flash with a file") },
  { "erase", bw_cli_erase, N_("Erase flash sectors, or the whole chip") },
  { "unlock", bw_cli_unlock, N_("Remove read protection (erases the whole chip)") },
  { "reset", bw_cli_reset, N_("Restart the ESC's processor") },
};

static void
print_usage (void)
{
  g_print ("%s\n\n", _("Usage: bootwire-cli COMMAND [OPTION…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-19s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run 'bootwire-cli COMMAND --help' for the options of a command."));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, bw_paths_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("bootwire-cli");

  if (argc < 2 || g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0 ||
      g_strcmp0 (argv[1], "help") == 0)
    {
      print_usage ();
      return argc < 2 ? 2 : 0;
    }
  if (g_strcmp0 (argv[1], "--version") == 0)
    {
      g_print ("bootwire-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) == 0)
        {
          g_autofree gchar *prgname = g_strdup_printf ("bootwire-cli %s", commands[i].name);

          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }
  g_printerr ("bootwire-cli: %s '%s'\n\n", _("unknown command"), argv[1]);
  print_usage ();
  return 2;
}

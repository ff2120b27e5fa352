/* bw-cli-commands.h: one function per bootwire-cli subcommand
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand. */
enum {
  BW_CLI_EXIT_OK = 0,
  BW_CLI_EXIT_FAILED = 1,
  BW_CLI_EXIT_BAD_INPUT = 2,   /* usage error, bad file, or refused */
  BW_CLI_EXIT_NO_PROBE = 3,    /* no ST-Link, or none that can be opened */
  BW_CLI_EXIT_CANCELLED = 4,   /* stopped by Ctrl-C at a safe point */
};

gint bw_cli_inspect (gint    argc,
                     gchar **argv);

gint bw_cli_list    (gint argc, gchar **argv);
gint bw_cli_boards  (gint argc, gchar **argv);
gint bw_cli_wiring  (gint argc, gchar **argv);
gint bw_cli_check   (gint argc, gchar **argv);
gint bw_cli_install_bootloader (gint argc, gchar **argv);
gint bw_cli_recover (gint argc, gchar **argv);
gint bw_cli_flash   (gint argc, gchar **argv);
gint bw_cli_backup  (gint argc, gchar **argv);
gint bw_cli_verify  (gint argc, gchar **argv);
gint bw_cli_erase   (gint argc, gchar **argv);
gint bw_cli_unlock  (gint argc, gchar **argv);
gint bw_cli_reset   (gint argc, gchar **argv);

G_END_DECLS

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
  BW_CLI_EXIT_BAD_INPUT = 2,
};

gint bw_cli_inspect (gint    argc,
                     gchar **argv);

G_END_DECLS

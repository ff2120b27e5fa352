/* bw-cli-boards.h: board profile look-ups shared by the subcommands
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bootwire-engine.h"

G_BEGIN_DECLS

BwBoardDb *bw_cli_load_board_db (GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Borrowed from @db. */
BwBoard   *bw_cli_find_board    (BwBoardDb   *db,
                                 const gchar *id,
                                 GError     **error);

G_END_DECLS

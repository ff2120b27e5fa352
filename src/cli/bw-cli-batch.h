/* bw-cli-batch.h: --probe all, one job per attached probe in parallel
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-cli-common.h"

G_BEGIN_DECLS

/* What a command does on one board: @board is a context of its own (its
 * --probe is the board's serial); returns the board's exit status. Runs in
 * a thread of its own, with a thread-default main context. */
typedef gint (*BwCliBoardFunc) (BwCliContext *board,
                                gpointer      user_data);

/* Runs @func on every attached probe at once and prints the summary.
 * Returns the exit status: 0 when every board succeeded, else the status
 * every unsuccessful board shares, else 1. */
gint     bw_cli_batch_run         (BwCliContext   *ctx,
                                   BwCliBoardFunc  func,
                                   gpointer        user_data);

/* For a board at bw_cli_confirm() on a terminal: waits until every board
 * has its plan (or has stopped), then one question is asked for all of
 * them. TRUE: go on. */
gboolean bw_cli_batch_wait_for_go (BwCliBatch     *batch,
                                   const gchar    *question);

G_END_DECLS

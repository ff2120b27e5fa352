/* bw-board-db.h: the bundled board and probe profiles, then the user's
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-board.h"
#include "bw-probe-profile.h"

G_BEGIN_DECLS

#define BW_TYPE_BOARD_DB (bw_board_db_get_type ())
G_DECLARE_FINAL_TYPE (BwBoardDb, bw_board_db, BW, BOARD_DB, GObject)

BwBoardDb      *bw_board_db_new                 (void);
gboolean        bw_board_db_load_default        (BwBoardDb    *self,
                                                 GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_board_db_load_dir            (BwBoardDb    *self,
                                                 const gchar  *dir,
                                                 GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_board_db_load_file           (BwBoardDb    *self,
                                                 const gchar  *path,
                                                 GError      **error) G_GNUC_WARN_UNUSED_RESULT;
const gchar    *bw_board_db_get_bundled_dir     (void);
gchar          *bw_board_db_get_user_dir        (void);
GPtrArray      *bw_board_db_get_boards          (BwBoardDb    *self);
GPtrArray      *bw_board_db_get_probes          (BwBoardDb    *self);
BwBoard        *bw_board_db_find_board          (BwBoardDb    *self,
                                                 const gchar  *id);
BwProbeProfile *bw_board_db_find_probe          (BwBoardDb    *self,
                                                 const gchar  *id);
GPtrArray      *bw_board_db_get_skipped         (BwBoardDb    *self);

G_END_DECLS

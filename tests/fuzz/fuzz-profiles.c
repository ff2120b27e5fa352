/* fuzz-profiles.c: libFuzzer target for board and probe profiles: each
 * input is read as a .board and as a .probe, and whatever parses is wired
 * to a known good counterpart and laid out
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bootwire-engine.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static gchar *board_path;
static gchar *probe_path;
static BwBoard *known_board;
static BwProbeProfile *known_probe;

static void
remove_scratch (void)
{
  g_autofree gchar *dir = g_path_get_dirname (board_path);

  g_remove (board_path);
  g_remove (probe_path);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree gchar *dir = g_dir_make_tmp ("bootwire-fuzz-XXXXXX", NULL);
  g_autofree gchar *known_board_path = g_build_filename (BW_SOURCE_DIR, "data", "boards", "vesc-6.board", NULL);
  g_autofree gchar *known_probe_path = g_build_filename (BW_SOURCE_DIR, "data", "probes", "stlink-v2-clone-a.probe",
                                                         NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  board_path = g_build_filename (dir, "fuzz.board", NULL);
  probe_path = g_build_filename (dir, "fuzz.probe", NULL);
  atexit (remove_scratch);
  known_board = bw_board_new_from_file (known_board_path, &error);
  g_assert_no_error (error);
  known_probe = bw_probe_profile_new_from_file (known_probe_path, &error);
  g_assert_no_error (error);
  return 0;
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == BW_ERROR);
  g_assert_nonnull (error->message);
}

static void
wire_and_lay_out (BwBoard *board, BwProbeProfile *probe)
{
  for (BwPowerSource power = BW_POWER_SOURCE_BATTERY; power <= BW_POWER_SOURCE_PROBE; power++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BwWiring) wiring = bw_wiring_new (board, probe, power, &error);
      g_autoptr(BwWiringLayout) layout = NULL;

      if (wiring == NULL)
        {
          check_error (error);
          continue;
        }
      for (guint i = 0; i < bw_wiring_get_n_warnings (wiring); i++)
        g_assert_nonnull (bw_wiring_warning_get_text (bw_wiring_get_warning (wiring, i)));
      layout = bw_wiring_layout_new (wiring);
      g_assert_nonnull (layout);
      g_assert_cmpfloat (bw_wiring_layout_get_width (layout), >=, 0.0);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoard) board = NULL;
  g_autoptr(BwProbeProfile) probe = NULL;

  /* no fsync: thousands of inputs a second go through these two files */
  if (!g_file_set_contents_full (board_path, (const gchar *) data, (gssize) size, G_FILE_SET_CONTENTS_NONE, 0600,
                                 NULL) ||
      !g_file_set_contents_full (probe_path, (const gchar *) data, (gssize) size, G_FILE_SET_CONTENTS_NONE, 0600,
                                 NULL))
    g_error ("cannot write the scratch profiles");

  board = bw_board_new_from_file (board_path, &error);
  if (board == NULL)
    check_error (error);
  else
    {
      g_assert_nonnull (bw_board_get_id (board));
      g_assert_nonnull (bw_board_get_name (board));
      wire_and_lay_out (board, known_probe);
    }
  g_clear_error (&error);

  probe = bw_probe_profile_new_from_file (probe_path, &error);
  if (probe == NULL)
    check_error (error);
  else
    wire_and_lay_out (known_board, probe);
  return 0;
}

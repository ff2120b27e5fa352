/* test-wizard-model.c: BwWizard's steps without widgets, on the simulator
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-demo.h"
#include "bw-test-utils.h"
#include "bw-wizard.h"

typedef struct {
  BwBoardDb *db;
  BwWizard  *wizard;
  gchar     *dir;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->db = bw_board_db_new ();
  g_assert_true (bw_board_db_load_default (f->db, &error));
  g_assert_no_error (error);
  f->wizard = bw_wizard_new (f->db);
  f->dir = bw_test_make_tmpdir ();
  bw_wizard_set_backup_dir (f->wizard, f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->wizard);
  g_object_unref (f->db);
  bw_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
use_demo (Fixture *f, const gchar *extra)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwTransport) transport = bw_demo_new_transport (extra, &error);

  g_assert_no_error (error);
  bw_wizard_set_transport (f->wizard, transport, TRUE);
  g_assert_true (bw_wizard_get_demo (f->wizard));
}

static void
wait_not_busy (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (bw_wizard_get_busy (f->wizard) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (bw_wizard_get_busy (f->wizard));
}

static void
choose_vesc6 (Fixture *f)
{
  BwBoard *board = bw_board_db_find_board (f->db, "vesc-6");

  g_assert_nonnull (board);
  bw_wizard_set_board (f->wizard, board);
}

static void
test_initial (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_BOARD);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_false (bw_wizard_get_can_go_back (f->wizard));
  g_assert_false (bw_wizard_go_next (f->wizard));
  g_assert_nonnull (bw_wizard_get_probe_profile (f->wizard));
}

static void
test_board_gives_wiring_and_file (Fixture *f, gconstpointer data)
{
  choose_vesc6 (f);
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));
  g_assert_nonnull (bw_wizard_get_wiring (f->wizard));
  g_assert_nonnull (bw_wizard_get_image_file (f->wizard));
  g_assert_true (bw_wizard_get_image_is_bundled (f->wizard));
  g_assert_null (bw_wizard_get_image_error (f->wizard));
  /* no plan before the check has seen the chip */
  g_assert_null (bw_wizard_get_plan (f->wizard));

  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_WIRING);
  g_assert_true (bw_wizard_get_can_go_back (f->wizard));
  g_assert_true (bw_wizard_go_back (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_BOARD);
}

static void
test_no_probe (Fixture *f, gconstpointer data)
{
  choose_vesc6 (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  g_assert_error (bw_wizard_get_check_error (f->wizard), BW_ERROR, BW_ERROR_PROBE_NOT_FOUND);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_true (bw_wizard_get_can_go_back (f->wizard));
}

static void
test_unpowered (Fixture *f, gconstpointer data)
{
  use_demo (f, "powered=false\n");
  choose_vesc6 (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_get_busy (f->wizard));
  g_assert_false (bw_wizard_get_can_go_back (f->wizard));
  wait_not_busy (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  g_assert_nonnull (bw_wizard_get_check_error (f->wizard));
  g_assert_cmpuint (bw_check_job_get_state (bw_wizard_get_check_job (f->wizard), BW_CHECK_ITEM_VOLTAGE), !=,
                    BW_CHECK_STATE_PASSED);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_null (bw_wizard_get_plan (f->wizard));
}

static void
test_refuses_non_bootloader (Fixture *f, gconstpointer data)
{
  g_autofree gchar *junk = bw_test_file_path ("junk.bin");
  g_autoptr(GError) error = NULL;

  use_demo (f, NULL);
  choose_vesc6 (f);
  g_assert_false (bw_wizard_set_image_path (f->wizard, junk, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (bw_wizard_get_image_error (f->wizard));
  g_assert_false (bw_wizard_get_image_is_bundled (f->wizard));
}

static void
test_install (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTransport) transport = NULL;
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) expected = NULL;
  const guint8 *flash;
  gsize size = 0;

  use_demo (f, NULL);
  transport = g_object_ref (bw_wizard_get_transport (f->wizard));
  choose_vesc6 (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_true (bw_check_job_get_has_firmware (bw_wizard_get_check_job (f->wizard)));
  g_assert_false (bw_check_job_get_has_bootloader (bw_wizard_get_check_job (f->wizard)));
  g_assert_nonnull (bw_wizard_get_plan (f->wizard));
  g_assert_true (bw_wizard_get_plan_erases (f->wizard) == FALSE ||
                 bw_plan_get_erase_mask (bw_wizard_get_plan (f->wizard)) == 1u << 11);

  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_FILE);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_PROGRAM);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));

  bw_wizard_start_program (f->wizard);
  g_assert_true (bw_wizard_get_busy (f->wizard));
  g_assert_false (bw_wizard_get_can_go_back (f->wizard));
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_program_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  g_assert_false (bw_wizard_get_can_go_back (f->wizard));

  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  expected = bw_test_load_bytes (bundled);
  flash = bw_demo_peek_flash (transport, &size);
  g_assert_nonnull (flash);
  g_assert_cmpuint (size, ==, 1024 * 1024);
  g_assert_cmpmem (flash + 0xE0000, g_bytes_get_size (expected),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  bw_wizard_restart (f->wizard);
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_BOARD);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/wizard/initial", test_initial);
  ADD ("/wizard/board-gives-wiring-and-file", test_board_gives_wiring_and_file);
  ADD ("/wizard/no-probe", test_no_probe);
  ADD ("/wizard/unpowered", test_unpowered);
  ADD ("/wizard/refuses-non-bootloader", test_refuses_non_bootloader);
  ADD ("/wizard/install", test_install);
#undef ADD
  return g_test_run ();
}

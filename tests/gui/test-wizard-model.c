/* test-wizard-model.c: BwWizard's steps without widgets, on the simulator
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-demo.h"
#include "bw-test-gate-transport.h"
#include "bw-sim-transport.h"
#include "bw-test-utils.h"
#include "bw-wizard.h"
#ifdef BW_TEST_HAVE_VESC_SIM
#include "bw-test-vesc-rig.h"
#endif

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

/* The layout list holds the ST-Links; the VESC-as-programmer profile is
 * the "Another VESC" choice (bw_wizard_set_probe_kind), not a layout. */
static void
test_probe_layouts_are_stlinks (Fixture *f, gconstpointer data)
{
  GPtrArray *layouts = bw_wizard_get_probe_layouts (f->wizard);
  GPtrArray *all = bw_board_db_get_probes (f->db);
  guint n_vesc = 0;

  for (guint i = 0; i < all->len; i++)
    if (bw_probe_profile_get_kind (g_ptr_array_index (all, i)) == BW_PROBE_PROFILE_KIND_VESC)
      n_vesc++;
  g_assert_cmpuint (n_vesc, >, 0);
  g_assert_cmpuint (layouts->len, ==, all->len - n_vesc);
  for (guint i = 0; i < layouts->len; i++)
    g_assert_cmpint (bw_probe_profile_get_kind (g_ptr_array_index (layouts, i)), !=, BW_PROBE_PROFILE_KIND_VESC);
  g_assert_true (g_ptr_array_find (layouts, bw_wizard_get_probe_profile (f->wizard), NULL));
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


static void
use_scenario (Fixture *f, const gchar *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwTransport) transport = bw_demo_new_transport_for_scenario (id, &error);

  g_assert_no_error (error);
  bw_wizard_set_transport (f->wizard, transport, TRUE);
}

/* Board chosen, wiring shown, on the check page with the check finished. */
static void
run_check_to_end (Fixture *f)
{
  choose_vesc6 (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  wait_not_busy (f);
}

typedef struct {
  const gchar  *scenario;     /* a demo scenario id, or [target]/[probe] lines */
  gboolean      is_lines;
  gboolean      succeeds;
  BwCheckItem   item;         /* the failed item, or one with a warning */
  BwCheckState  item_state;
  gint          error_code;   /* when it fails */
} CheckCase;

static const CheckCase check_cases[] = {
  { "ready", FALSE, TRUE, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING, 0 },
  { "bricked", FALSE, TRUE, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING, 0 },
  { "wrong-hardware", FALSE, TRUE, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING, 0 },
  { "not-powered", FALSE, FALSE, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_FAILED, BW_ERROR_TARGET_NOT_POWERED },
  { "swapped-wires", FALSE, FALSE, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_FAILED, BW_ERROR_TARGET_NO_RESPONSE },
  { "swd-taken", FALSE, FALSE, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_FAILED, BW_ERROR_TARGET_NO_RESPONSE },
  { "read-protected", FALSE, FALSE, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_FAILED, BW_ERROR_READ_PROTECTED },
  { "[target]\ngnd-missing=true\n", TRUE, FALSE, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_FAILED, BW_ERROR_TARGET_NOT_POWERED },
  { "[target]\nchip=f103\n", TRUE, FALSE, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_FAILED, BW_ERROR_CHIP_UNSUPPORTED },
  { "[target]\nchip=f411\n", TRUE, FALSE, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_FAILED, BW_ERROR_CHIP_MISMATCH },
  { "[target]\nwrp-sectors=0;1\n", TRUE, TRUE, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_WARNING, 0 },
  { "[probe]\nsense-wired=false\n", TRUE, TRUE, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING, 0 },
};

/* Every outcome of the checklist, with the line that says why. */
static void
test_check_outcome (Fixture *f, gconstpointer data)
{
  const CheckCase *c = data;
  BwCheckJob *job;

  if (c->is_lines)
    use_demo (f, c->scenario);
  else
    use_scenario (f, c->scenario);
  run_check_to_end (f);
  job = bw_wizard_get_check_job (f->wizard);
  g_assert_nonnull (job);
  if (c->succeeds)
    {
      g_assert_no_error (bw_wizard_get_check_error (f->wizard));
      g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
      g_assert_true (bw_wizard_get_can_go_next (f->wizard));
      g_assert_nonnull (bw_wizard_get_plan (f->wizard));
    }
  else
    {
      g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
      g_assert_error (bw_wizard_get_check_error (f->wizard), BW_ERROR, c->error_code);
      g_assert_false (bw_wizard_get_can_go_next (f->wizard));
      g_assert_null (bw_wizard_get_plan (f->wizard));
      for (guint i = c->item + 1; i < BW_CHECK_N_ITEMS; i++)
        g_assert_cmpuint (bw_check_job_get_state (job, i), ==, BW_CHECK_STATE_SKIPPED);
    }
  g_assert_cmpuint (bw_check_job_get_state (job, c->item), ==, c->item_state);
  {
    g_autofree gchar *detail = bw_check_job_dup_detail (job, c->item);

    g_assert_nonnull (detail);
    g_assert_cmpstr (detail, !=, "");
  }
  {
    g_autofree gchar *mismatch = bw_wizard_dup_hardware_mismatch (f->wizard);

    if (g_strcmp0 (c->scenario, "wrong-hardware") == 0)
      g_assert_nonnull (strstr (mismatch, "\"410\""));
    else
      g_assert_null (mismatch);
  }
}

static BwTransport *
open_refused (const BwProbeInfo *info, gpointer user_data, GError **error)
{
  g_set_error (error, BW_ERROR, BW_ERROR_PROBE_PERMISSION, "no access to %s", bw_probe_info_get_serial (info));
  return NULL;
}

static BwTransport *
open_simulated (const BwProbeInfo *info, gpointer user_data, GError **error)
{
  GHashTable *opened = user_data;

  g_hash_table_add (opened, g_strdup (bw_probe_info_get_serial (info)));
  return bw_demo_new_transport (NULL, error);
}

static void
test_probe_permission (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) bw_probe_info_free);

  g_ptr_array_add (infos, bw_probe_info_new (0x0483, 0x3748, "AAAA"));
  bw_wizard_set_open_probe_func (f->wizard, open_refused, NULL);
  bw_wizard_set_probes (f->wizard, infos);
  g_assert_false (bw_wizard_get_demo (f->wizard));
  g_assert_null (bw_wizard_get_transport (f->wizard));
  run_check_to_end (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  g_assert_error (bw_wizard_get_check_error (f->wizard), BW_ERROR, BW_ERROR_PROBE_PERMISSION);
}

/* Several probes: the remembered one is opened, another can be picked,
 * and picking one checks again. */
static void
test_probe_picker (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) bw_probe_info_free);
  g_autoptr(GHashTable) opened = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_add (infos, bw_probe_info_new (0x0483, 0x3748, "AAAA"));
  g_ptr_array_add (infos, bw_probe_info_new (0x0483, 0x374B, "BBBB"));
  bw_wizard_set_open_probe_func (f->wizard, open_simulated, opened);
  g_assert_false (bw_wizard_select_probe (f->wizard, "BBBB"));
  bw_wizard_set_probes (f->wizard, infos);
  g_assert_cmpuint (bw_wizard_get_probes (f->wizard)->len, ==, 2);
  g_assert_cmpstr (bw_wizard_get_probe_serial (f->wizard), ==, "BBBB");
  g_assert_true (g_hash_table_contains (opened, "BBBB"));
  g_assert_false (g_hash_table_contains (opened, "AAAA"));
  run_check_to_end (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);

  g_assert_true (bw_wizard_select_probe (f->wizard, "AAAA"));
  g_assert_true (g_hash_table_contains (opened, "AAAA"));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  g_assert_true (bw_wizard_get_busy (f->wizard));
  wait_not_busy (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_false (bw_wizard_select_probe (f->wizard, "CCCC"));
}

static void
test_under_reset (Fixture *f, gconstpointer data)
{
  use_scenario (f, "swd-taken");
  run_check_to_end (f);
  g_assert_error (bw_wizard_get_check_error (f->wizard), BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  bw_wizard_set_connect_mode (f->wizard, BW_STLINK_CONNECT_UNDER_RESET);
  bw_wizard_start_check (f->wizard);
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
}

static void
test_slower_clock (Fixture *f, gconstpointer data)
{
  BwTransport *transport;

  use_scenario (f, "ready");
  transport = bw_wizard_get_transport (f->wizard);
  bw_wizard_set_swd_khz (f->wizard, BW_WIZARD_SLOW_SWD_KHZ);
  g_assert_cmpuint (bw_wizard_get_swd_khz (f->wizard), ==, BW_WIZARD_SLOW_SWD_KHZ);
  run_check_to_end (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (bw_sim_transport_get_probe (BW_SIM_TRANSPORT (transport))), <=,
                    BW_WIZARD_SLOW_SWD_KHZ * 1000);
}

/* Read-protected: unlocking erases everything, then the check passes on an
 * empty chip. */
static void
test_unlock (Fixture *f, gconstpointer data)
{
  const guint8 *flash;
  gsize size = 0;

  use_scenario (f, "read-protected");
  run_check_to_end (f);
  g_assert_error (bw_wizard_get_check_error (f->wizard), BW_ERROR, BW_ERROR_READ_PROTECTED);
  bw_wizard_start_unlock (f->wizard);
  g_assert_true (bw_wizard_get_busy (f->wizard));
  g_assert_cmpuint (bw_wizard_get_unlock_state (f->wizard), ==, BW_WIZARD_JOB_RUNNING);
  /* the unlock, then the check it starts */
  wait_not_busy (f);
  if (bw_wizard_get_check_state (f->wizard) != BW_WIZARD_JOB_SUCCEEDED)
    wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_unlock_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_unlock_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_false (bw_check_job_get_has_firmware (bw_wizard_get_check_job (f->wizard)));
  flash = bw_demo_peek_flash (bw_wizard_get_transport (f->wizard), &size);
  for (gsize i = 0; i < size; i += 4096)
    g_assert_cmpuint (flash[i], ==, 0xFF);
}

static void
assert_flash_holds (BwTransport *transport, guint32 offset, const gchar *path)
{
  g_autoptr(GBytes) expected = bw_test_load_bytes (path);
  gsize size = 0;
  const guint8 *flash = bw_demo_peek_flash (transport, &size);

  g_assert_nonnull (flash);
  g_assert_cmpmem (flash + offset, g_bytes_get_size (expected), g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

/* Recovering a bricked ESC: the bundled bootloader plus the firmware the
 * user chose, on an empty chip. */
static void
test_recover_with_firmware (Fixture *f, gconstpointer data)
{
  g_autofree gchar *firmware = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *bundled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BwTransport) transport = NULL;

  use_scenario (f, "bricked");
  transport = g_object_ref (bw_wizard_get_transport (f->wizard));
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_RECOVER);
  run_check_to_end (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  /* every sector was tested: an empty chip needs no erase */
  g_assert_cmpuint (bw_check_job_get_blank_sectors (bw_wizard_get_check_job (f->wizard)), ==, 0xFFF);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_open_file (f->wizard, BW_WIZARD_FILE_FIRMWARE, firmware, FALSE, 0, &error));
  g_assert_no_error (error);
  g_assert_nonnull (bw_wizard_get_firmware_file (f->wizard));
  g_assert_nonnull (bw_wizard_get_plan (f->wizard));
  g_assert_false (bw_wizard_get_plan_erases (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  assert_flash_holds (transport, 0xE0000, bundled);
  {
    /* sectors 1-2 (the settings) are left out of a firmware write */
    g_autoptr(GBytes) expected = bw_test_load_bytes (firmware);
    gsize size = 0;
    const guint8 *flash = bw_demo_peek_flash (transport, &size);

    g_assert_cmpmem (flash, 0x4000, g_bytes_get_data (expected, NULL), 0x4000);
    g_assert_cmpmem (flash + 0xC000, g_bytes_get_size (expected) - 0xC000,
                     (const guint8 *) g_bytes_get_data (expected, NULL) + 0xC000, g_bytes_get_size (expected) - 0xC000);
  }
}

/* Mass erase: the plan erases everything, and says so. */
static void
test_recover_mass_erase (Fixture *f, gconstpointer data)
{
  BwPlan *plan;
  gboolean has_mass_erase = FALSE;

  use_scenario (f, "ready");
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_RECOVER);
  run_check_to_end (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_false (bw_wizard_get_plan_erases (f->wizard));
  bw_wizard_set_mass_erase (f->wizard, TRUE);
  plan = bw_wizard_get_plan (f->wizard);
  g_assert_nonnull (plan);
  g_assert_true (bw_wizard_get_plan_erases (f->wizard));
  for (guint i = 0; i < bw_plan_get_n_steps (plan); i++)
    has_mass_erase |= bw_plan_get_step (plan, i)->kind == BW_PLAN_STEP_MASS_ERASE;
  g_assert_true (has_mass_erase);
  /* installing never mass-erases */
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_INSTALL);
  g_assert_null (bw_wizard_get_plan (f->wizard));
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
}

static void
test_refuses_wrong_files (Fixture *f, gconstpointer data)
{
  g_autofree gchar *firmware410 = bw_test_real_path ("VESC_default_fw7.00_hw410.bin");
  g_autofree gchar *firmware60 = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *bootloader = bw_test_real_path ("vesc_bootloader_generic.bin");
  g_autoptr(GError) error = NULL;

  use_scenario (f, "bricked");
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_RECOVER);
  run_check_to_end (f);
  g_assert_true (bw_wizard_go_next (f->wizard));

  /* a bootloader is not firmware */
  g_assert_false (bw_wizard_open_file (f->wizard, BW_WIZARD_FILE_FIRMWARE, bootloader, FALSE, 0, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  g_assert_null (bw_wizard_get_plan (f->wizard));
  g_clear_error (&error);
  /* firmware for a VESC 4.12 on a VESC 6: the plan refuses with the reason */
  g_assert_true (bw_wizard_open_file (f->wizard, BW_WIZARD_FILE_FIRMWARE, firmware410, FALSE, 0, &error));
  g_assert_null (bw_wizard_get_plan (f->wizard));
  g_assert_error (bw_wizard_get_plan_error (f->wizard), BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  /* dropped firmware goes to the firmware slot */
  g_assert_true (bw_wizard_open_dropped_file (f->wizard, firmware60, &error));
  g_assert_no_error (error);
  g_assert_nonnull (bw_wizard_get_plan (f->wizard));
  bw_wizard_clear_firmware (f->wizard);
  g_assert_null (bw_wizard_get_firmware_file (f->wizard));
  g_assert_nonnull (bw_wizard_get_plan (f->wizard));
  /* installing: firmware is refused as a bootloader */
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_INSTALL);
  g_assert_false (bw_wizard_open_dropped_file (f->wizard, firmware60, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (bw_wizard_get_image_error (f->wizard));
}

/* A .bin whose content does not say where it goes: the error says so, and
 * the same file with an address is taken. */
static void
test_bin_needs_address (Fixture *f, gconstpointer data)
{
  g_autofree gchar *junk = bw_test_file_path ("junk.bin");
  g_autofree gchar *bootloader = bw_test_real_path ("vesc_bootloader_generic.bin");
  g_autoptr(GError) error = NULL;

  use_scenario (f, "ready");
  run_check_to_end (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_false (bw_wizard_open_file (f->wizard, BW_WIZARD_FILE_BOOTLOADER, junk, FALSE, 0, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS);
  g_assert_nonnull (bw_wizard_get_image_file (f->wizard));
  g_clear_error (&error);
  g_assert_false (bw_wizard_open_file (f->wizard, BW_WIZARD_FILE_BOOTLOADER, junk, TRUE, 0x080E0000, &error));
  /* now it has an address, and is refused for what it is */
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (bw_wizard_open_file (f->wizard, BW_WIZARD_FILE_BOOTLOADER, bootloader, TRUE, 0x080E0000, &error));
  g_assert_no_error (error);
  g_assert_nonnull (bw_wizard_get_plan (f->wizard));
  g_assert_false (bw_wizard_get_image_is_bundled (f->wizard));
}

/* Pulled out mid-write: the error says what the chip holds, the cancel
 * outcome while writing names the risk, and reconnecting goes back to the
 * check, from where the same job finishes the install. */
static void
test_unplug_and_reconnect (Fixture *f, gconstpointer data)
{
  g_autofree gchar *bundled = NULL;
  gboolean saw_write = FALSE;
  BwProgramJob *job;

  use_scenario (f, "unplug");
  run_check_to_end (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  /* checking again and again does not move the unplug out of the write */
  for (guint i = 0; i < 3; i++)
    {
      bw_wizard_start_check (f->wizard);
      wait_not_busy (f);
      g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
    }
  g_test_message ("transfers after four checks: %" G_GUINT64_FORMAT,
                  bw_demo_get_n_transfers (bw_wizard_get_transport (f->wizard)));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_start_program (f->wizard);
  job = bw_wizard_get_program_job (f->wizard);
  while (bw_wizard_get_busy (f->wizard))
    {
      g_main_context_iteration (NULL, TRUE);
      if (bw_wizard_get_busy (f->wizard) && bw_job_get_phase (BW_JOB (job)) == BW_PROGRESS_PHASE_WRITE && !saw_write)
        {
          g_autofree gchar *outcome = bw_wizard_dup_cancel_outcome (f->wizard);

          saw_write = TRUE;
          g_assert_nonnull (strstr (outcome, "bootloader will be incomplete"));
        }
    }
  g_test_message ("transfers at the end: %" G_GUINT64_FORMAT,
                  bw_demo_get_n_transfers (bw_wizard_get_transport (f->wizard)));
  g_assert_true (saw_write);
  g_assert_error (bw_wizard_get_program_error (f->wizard), BW_ERROR, BW_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (bw_program_job_get_chip_state (job), "partly written"));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_PROGRAM);

  bw_wizard_reconnect (f->wizard);
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  g_assert_true (bw_wizard_get_demo (f->wizard));
  wait_not_busy (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  assert_flash_holds (bw_wizard_get_transport (f->wizard), 0xE0000, bundled);
}

/* Cancel while the job still connects: the worker waits at a closed gate
 * until the cancel is in, however slowly this thread runs. */
static void
test_cancel_before_writing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwTransport) simulated = bw_demo_new_transport_for_scenario ("ready", &error);
  g_autoptr(BwTestGateTransport) gate = NULL;
  g_autofree gchar *outcome = NULL;
  gint64 deadline;

  g_assert_no_error (error);
  gate = bw_test_gate_transport_new (simulated);
  bw_wizard_set_transport (f->wizard, BW_TRANSPORT (gate), TRUE);
  run_check_to_end (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  outcome = bw_wizard_dup_cancel_outcome (f->wizard);
  g_assert_cmpstr (outcome, ==, "Nothing is running.");
  g_clear_pointer (&outcome, g_free);
  bw_test_gate_transport_set_open (gate, FALSE);
  bw_wizard_start_program (f->wizard);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!bw_test_gate_transport_is_holding (gate) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (bw_test_gate_transport_is_holding (gate));
  outcome = bw_wizard_dup_cancel_outcome (f->wizard);
  g_assert_nonnull (strstr (outcome, "Nothing on the chip has been changed yet"));
  bw_wizard_cancel (f->wizard);
  bw_test_gate_transport_set_open (gate, TRUE);
  wait_not_busy (f);
  g_assert_cmpuint (bw_wizard_get_program_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  g_assert_nonnull (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpstr (bw_program_job_get_chip_state (bw_wizard_get_program_job (f->wizard)), ==,
                   "Nothing on the chip was changed.");
  /* a cancelled job can be run again from the same page */
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_PROGRAM);
  g_assert_true (bw_wizard_get_can_go_back (f->wizard));
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
}

static void
test_report (Fixture *f, gconstpointer data)
{
  g_autofree gchar *report = NULL;

  use_scenario (f, "ready");
  run_check_to_end (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  report = bw_wizard_dup_report (f->wizard);
  g_assert_nonnull (strstr (report, "Board: vesc-6"));
  g_assert_nonnull (strstr (report, "simulated (demo mode)"));
  g_assert_nonnull (strstr (report, "Programming: succeeded"));
  g_assert_nonnull (strstr (report, "== Programming log =="));
  g_assert_nonnull (strstr (report, "== Check log =="));
  g_assert_nonnull (strstr (report, "sha256"));
}

/* Going back and forth keeps what is still true and drops what is not. */
static void
test_transitions (Fixture *f, gconstpointer data)
{
  use_scenario (f, "ready");
  g_assert_false (bw_wizard_go_back (f->wizard));
  run_check_to_end (f);
  g_assert_true (bw_wizard_go_back (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_WIRING);
  /* another probe layout leaves the check standing */
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_false (bw_wizard_get_busy (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_FILE);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_PROGRAM);
  g_assert_false (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_back (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_FILE);
  /* back to the board and another board: the check is void */
  g_assert_true (bw_wizard_go_back (f->wizard));
  g_assert_true (bw_wizard_go_back (f->wizard));
  g_assert_true (bw_wizard_go_back (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_BOARD);
  bw_wizard_set_board (f->wizard, bw_board_db_find_board (f->db, "vesc-4.12"));
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_IDLE);
  g_assert_null (bw_wizard_get_plan (f->wizard));
  /* a new transport on a later page goes back to the check */
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  wait_not_busy (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  use_scenario (f, "ready");
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  wait_not_busy (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
}

#ifdef BW_TEST_HAVE_VESC_SIM
/* --- Another VESC, and this ESC over USB --- */

static void
go_to_check (Fixture *f)
{
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_BOARD);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  g_assert_true (bw_wizard_get_busy (f->wizard));
  wait_not_busy (f);
}

static void
assert_target_holds (BwTestVescRig *rig, guint32 offset, GBytes *expected)
{
  gsize size = 0;
  const guint8 *flash = bw_sim_stm32f405_peek_flash (rig->target, &size);

  g_assert_cmpuint (size, >=, offset + g_bytes_get_size (expected));
  g_assert_cmpmem (flash + offset, g_bytes_get_size (expected), g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

/* The picker lists a VESC's port first and says which one it is, where
 * sysfs tells the USB device behind each port. */
static void
test_vesc_ports_first (Fixture *f, gconstpointer data)
{
  g_autofree gchar *dev = bw_test_make_tmpdir ();
  g_autofree gchar *sys = bw_test_make_tmpdir ();
  const gchar *const names[] = { "ttyACM0", "ttyACM1", "ttyUSB0" };
  GPtrArray *ports, *labels;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree gchar *path = g_build_filename (dev, names[i], NULL);

      g_assert_true (g_file_set_contents (path, "", 0, NULL));
    }
  bw_test_make_sysfs_tty (sys, "ttyACM0", "cdc_acm", "2341", "0043", "Arduino Uno");
  bw_test_make_sysfs_tty (sys, "ttyACM1", "cdc_acm", "0483", "5740", "ChibiOS/RT Virtual COM Port");
  g_setenv ("BW_VESC_PORT_DIR", dev, TRUE);
  g_setenv ("BW_SYSFS_ROOT", sys, TRUE);

  choose_vesc6 (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  ports = bw_wizard_get_vesc_ports (f->wizard);
  labels = bw_wizard_get_vesc_port_labels (f->wizard);
  g_assert_cmpuint (ports->len, ==, 3);
  g_assert_cmpuint (labels->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *name = g_path_get_basename (g_ptr_array_index (ports, i));
      const gchar *expected[] = { "ttyACM1", "ttyACM0", "ttyUSB0" };

      g_assert_cmpstr (name, ==, expected[i]);
    }
  g_assert_true (g_str_has_suffix (g_ptr_array_index (labels, 0), "/ttyACM1 (VESC)"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (labels, 1), "/ttyACM0 (Arduino Uno)"));
  g_assert_cmpstr (g_ptr_array_index (labels, 2), ==, g_ptr_array_index (ports, 2));
  g_assert_cmpstr (bw_wizard_get_vesc_port (f->wizard), ==, g_ptr_array_index (ports, 0));

  g_unsetenv ("BW_VESC_PORT_DIR");
  g_unsetenv ("BW_SYSFS_ROOT");
  bw_test_rm_rf (dev);
  bw_test_rm_rf (sys);
}

/* A VESC plugged in after the ports were listed (at start, with the way
 * to it remembered) is found when the wiring page comes up again. */
static void
test_vesc_ports_rescanned_on_wiring (Fixture *f, gconstpointer data)
{
  g_autofree gchar *dev = bw_test_make_tmpdir ();
  g_autofree gchar *port = g_build_filename (dev, "ttyACM0", NULL);

  g_setenv ("BW_VESC_PORT_DIR", dev, TRUE);
  choose_vesc6 (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  g_assert_null (bw_wizard_get_vesc_port (f->wizard));
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_true (bw_wizard_go_back (f->wizard));
  g_assert_true (g_file_set_contents (port, "", 0, NULL));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_WIRING);
  g_assert_cmpstr (bw_wizard_get_vesc_port (f->wizard), ==, port);
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));
  g_unsetenv ("BW_VESC_PORT_DIR");
  bw_test_rm_rf (dev);
}

/* Every way between the three kinds, and what each needs before Next. */
static void
test_vesc_kind_transitions (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "60");
  BwProbeProfile *stlink = bw_wizard_get_probe_profile (f->wizard);

  g_assert_cmpuint (bw_wizard_get_probe_kind (f->wizard), ==, BW_WIZARD_PROBE_STLINK);
  g_assert_nonnull (bw_wizard_get_vesc_profile (f->wizard));
  choose_vesc6 (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));
  g_assert_null (bw_wizard_get_wiring_blocker (f->wizard));

  /* another VESC: its own profile and wiring, the first port */
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_VESC);
  g_assert_cmpuint (bw_wizard_get_probe_kind (f->wizard), ==, BW_WIZARD_PROBE_VESC);
  g_assert_true (bw_wizard_get_probe_profile (f->wizard) == bw_wizard_get_vesc_profile (f->wizard));
  g_assert_nonnull (bw_wizard_get_wiring (f->wizard));
  g_assert_cmpuint (bw_wizard_get_vesc_ports (f->wizard)->len, ==, 1);
  g_assert_cmpstr (bw_wizard_get_vesc_port (f->wizard), ==, rig->link);
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));

  /* no port: Next waits, and says why */
  bw_wizard_set_vesc_port (f->wizard, NULL);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_nonnull (strstr (bw_wizard_get_wiring_blocker (f->wizard), "USB"));
  bw_wizard_scan_vesc_ports (f->wizard);
  g_assert_cmpstr (bw_wizard_get_vesc_port (f->wizard), ==, rig->link);
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));

  /* over USB: no wiring, and only for installing */
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  g_assert_null (bw_wizard_get_wiring (f->wizard));
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_RECOVER);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_nonnull (strstr (bw_wizard_get_wiring_blocker (f->wizard), "bricked"));
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_INSTALL);
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));

  /* an ST-Link layout chosen again: back to the ST-Link and its wiring */
  bw_wizard_set_probe_profile (f->wizard, stlink);
  g_assert_cmpuint (bw_wizard_get_probe_kind (f->wizard), ==, BW_WIZARD_PROBE_STLINK);
  g_assert_true (bw_wizard_get_probe_profile (f->wizard) == stlink);
  g_assert_nonnull (bw_wizard_get_wiring (f->wizard));
  /* a remembered VESC profile picks the VESC */
  bw_wizard_set_probe_profile (f->wizard, bw_wizard_get_vesc_profile (f->wizard));
  g_assert_cmpuint (bw_wizard_get_probe_kind (f->wizard), ==, BW_WIZARD_PROBE_VESC);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_STLINK);
  g_assert_true (bw_wizard_get_probe_profile (f->wizard) == stlink);
  /* demo mode is a simulated ST-Link: it leaves the VESC paths */
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  use_demo (f, NULL);
  g_assert_cmpuint (bw_wizard_get_probe_kind (f->wizard), ==, BW_WIZARD_PROBE_STLINK);
  g_assert_nonnull (bw_wizard_get_wiring (f->wizard));
}

/* A bricked ESC recovered through a second VESC: check, the firmware is
 * required, backup, whole-chip erase, write, verify; the target's flash
 * holds both files afterwards. */
static void
test_vesc_recover (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_programmer (NULL);
  g_autofree gchar *firmware = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) firmware_bytes = bw_test_load_bytes (firmware);
  g_autoptr(GBytes) bootloader_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  BwChecklistJob *check;

  choose_vesc6 (f);
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_RECOVER);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_VESC);
  go_to_check (f);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  check = bw_wizard_get_checklist_job (f->wizard);
  g_assert_true (BW_IS_VESC_CHECK_JOB (check));
  g_assert_null (bw_wizard_get_check_job (f->wizard));
  /* the limits: no voltage reading */
  g_assert_cmpint (bw_checklist_job_get_state (check, BW_CHECK_ITEM_VOLTAGE), ==, BW_CHECK_STATE_WARNING);
  g_assert_cmpint (bw_checklist_job_get_state (check, BW_CHECK_ITEM_SWD), ==, BW_CHECK_STATE_PASSED);

  g_assert_true (bw_wizard_go_next (f->wizard));
  /* without firmware the plan is refused: the whole chip is erased */
  g_assert_false (bw_wizard_get_has_plan (f->wizard));
  g_assert_nonnull (bw_wizard_get_plan_error (f->wizard));
  g_assert_nonnull (strstr (bw_wizard_get_plan_error (f->wizard)->message, "firmware"));
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_true (bw_wizard_open_file (f->wizard, BW_WIZARD_FILE_FIRMWARE, firmware, FALSE, 0, &error));
  g_assert_no_error (error);
  g_assert_true (bw_wizard_get_has_plan (f->wizard));
  g_assert_null (bw_wizard_get_plan (f->wizard));
  g_assert_true (bw_wizard_get_plan_erases (f->wizard));
  g_assert_true (bw_wizard_get_plan_mass_erases (f->wizard));
  lines = bw_wizard_dup_plan_lines (f->wizard);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_nonnull (strstr (lines[0], bw_wizard_get_backup_path (f->wizard)));
  g_assert_true (bw_wizard_go_next (f->wizard));

  bw_wizard_start_program (f->wizard);
  g_assert_true (BW_IS_VESC_RECOVER_JOB (bw_wizard_get_writing_job (f->wizard)));
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  g_assert_nonnull (bw_wizard_get_backup_sha256 (f->wizard));
  g_assert_true (g_file_test (bw_wizard_get_backup_path (f->wizard), G_FILE_TEST_IS_REGULAR));
  {
    g_autofree gchar *report = bw_wizard_dup_report (f->wizard);

    g_assert_nonnull (strstr (report, "Probe kind: another VESC over SWD"));
    g_assert_nonnull (strstr (report, rig->link));
    g_assert_nonnull (strstr (report, "Programming: succeeded"));
    g_assert_nonnull (strstr (report, "== Programming log =="));
  }

  bw_sim_vesc_stop (rig->vesc);
  bw_test_vesc_rig_assert_clean (rig);
  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  bootloader_bytes = bw_test_load_bytes (bundled);
  assert_target_holds (rig, 0, firmware_bytes);
  assert_target_holds (rig, 0xE0000, bootloader_bytes);
}

/* Installing only the bootloader through a VESC needs a blank chip: its
 * only erase would take the firmware and settings too. */
static void
test_vesc_install_refuses_non_blank (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_programmer (NULL);
  gsize size = 0;
  g_autofree guint8 *before = NULL;

  before = g_memdup2 (bw_sim_stm32f405_peek_flash (rig->target, &size), 1024 * 1024);
  choose_vesc6 (f);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_VESC);
  go_to_check (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_false (bw_vesc_check_job_get_is_blank (BW_VESC_CHECK_JOB (bw_wizard_get_checklist_job (f->wizard))));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_false (bw_wizard_get_has_plan (f->wizard));
  g_assert_nonnull (strstr (bw_wizard_get_plan_error (f->wizard)->message, "whole chip"));
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  bw_sim_vesc_stop (rig->vesc);
  g_assert_cmpmem (bw_sim_stm32f405_peek_flash (rig->target, &size), 1024 * 1024, before, 1024 * 1024);
}

/* The other ESC switched off: the SWD line fails with the engine's advice. */
static void
test_vesc_target_unpowered (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_programmer ("powered=false");
  const GError *error;

  choose_vesc6 (f);
  bw_wizard_set_task (f->wizard, BW_WIZARD_TASK_RECOVER);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_VESC);
  go_to_check (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  error = bw_wizard_get_check_error (f->wizard);
  g_assert_error ((GError *) error, BW_ERROR, BW_ERROR_VESC_TARGET_NO_RESPONSE);
  g_assert_cmpint (bw_checklist_job_get_state (bw_wizard_get_checklist_job (f->wizard), BW_CHECK_ITEM_SWD), ==,
                   BW_CHECK_STATE_FAILED);
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
}

/* The bootloader over USB to an ESC that runs firmware 6.05: the sector is
 * erased by the firmware and the bundled bootloader lands at 0x080E0000. */
static void
test_usb_install (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "60");
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) flash = NULL;
  g_auto(GStrv) notes = NULL;

  choose_vesc6 (f);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  go_to_check (f);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_nonnull (bw_wizard_get_usb_check_job (f->wizard));
  g_assert_null (bw_wizard_get_checklist_job (f->wizard));
  g_assert_null (bw_wizard_dup_hardware_mismatch (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_get_has_plan (f->wizard));
  g_assert_true (bw_wizard_get_plan_erases (f->wizard));
  g_assert_false (bw_wizard_get_plan_mass_erases (f->wizard));
  notes = bw_wizard_dup_plan_notes (f->wizard);
  g_assert_nonnull (strstr (notes[0], "no read-back"));
  /* the engine's warnings follow: do not pull the cable */
  g_assert_cmpuint (g_strv_length (notes), >=, 2);
  g_assert_nonnull (strstr (notes[1], "USB cable"));
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_wizard_start_program (f->wizard);
  g_assert_true (BW_IS_VESC_BOOTLOADER_JOB (bw_wizard_get_writing_job (f->wizard)));
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);

  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  expected = bw_test_load_bytes (bundled);
  flash = bw_sim_vesc_dup_flash (rig->vesc, 0x080E0000, g_bytes_get_size (expected));
  g_assert_true (g_bytes_equal (flash, expected));
  bw_sim_vesc_stop (rig->vesc);
  bw_test_vesc_rig_assert_clean (rig);
}

/* Firmware older than 3.59 cannot erase the bootloader: no plan. */
static void
test_usb_firmware_too_old (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (3, 58, "60");

  choose_vesc6 (f);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  go_to_check (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_false (bw_wizard_get_has_plan (f->wizard));
  g_assert_error ((GError *) bw_wizard_get_plan_error (f->wizard), BW_ERROR, BW_ERROR_VESC_FIRMWARE_TOO_OLD);
}

/* An ESC that says it is other hardware than the board chosen. */
static void
test_usb_other_hardware (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "410");
  g_autofree gchar *mismatch = NULL;

  choose_vesc6 (f);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  go_to_check (f);
  mismatch = bw_wizard_dup_hardware_mismatch (f->wizard);
  g_assert_nonnull (mismatch);
  g_assert_nonnull (strstr (mismatch, "410"));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_false (bw_wizard_get_has_plan (f->wizard));
  g_assert_error ((GError *) bw_wizard_get_plan_error (f->wizard), BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE);
}

/* The cable pulled mid-upload: a clear error; plugged in again, the same
 * run finishes the job. */
static void
test_usb_unplug_mid_upload (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "60");
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) flash = NULL;

  choose_vesc6 (f);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  go_to_check (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  bw_sim_vesc_set_unplug_after_writes (rig->vesc, 3);
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_assert_cmpuint (bw_wizard_get_program_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  g_assert_error ((GError *) bw_wizard_get_program_error (f->wizard), BW_ERROR, BW_ERROR_VESC_DISCONNECTED);
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_PROGRAM);

  bw_sim_vesc_set_unplug_after_writes (rig->vesc, 0);
  bw_test_vesc_rig_replug (rig);
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  expected = bw_test_load_bytes (bundled);
  flash = bw_sim_vesc_dup_flash (rig->vesc, 0x080E0000, g_bytes_get_size (expected));
  g_assert_true (g_bytes_equal (flash, expected));
}
/* A blank chip takes the bootloader alone through a VESC (the whole-chip
 * erase loses nothing); it is written at 0x080E0000 and verified. */
static void
test_vesc_install_blank (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_programmer_blank ();
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) bootloader = NULL;
  g_auto(GStrv) notes = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize size = 0;
  const guint8 *flash;

  choose_vesc6 (f);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_VESC);
  go_to_check (f);
  g_test_message ("check with the blank test through the simulated VESC: %.1f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_true (bw_vesc_check_job_get_is_blank (BW_VESC_CHECK_JOB (bw_wizard_get_checklist_job (f->wizard))));
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_no_error (bw_wizard_get_plan_error (f->wizard));
  g_assert_true (bw_wizard_get_has_plan (f->wizard));
  g_assert_false (bw_wizard_get_plan_mass_erases (f->wizard));
  g_assert_null (bw_wizard_get_backup_path (f->wizard));
  notes = bw_wizard_dup_plan_notes (f->wizard);
  g_assert_nonnull (strstr (notes[0], "blank"));
  g_assert_true (bw_wizard_go_next (f->wizard));
  start = g_get_monotonic_time ();
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_test_message ("bootloader install through the simulated VESC: %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);

  bw_sim_vesc_stop (rig->vesc);
  bw_test_vesc_rig_assert_clean (rig);
  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  bootloader = bw_test_load_bytes (bundled);
  assert_target_holds (rig, 0xE0000, bootloader);
  flash = bw_sim_stm32f405_peek_flash (rig->target, &size);
  for (gsize i = 0; i < 0xE0000; i++)
    if (flash[i] != 0xFF)
      g_error ("0x%08" G_GINT64_MODIFIER "X is 0x%02X, should be erased", (guint64) 0x08000000 + i, flash[i]);
}

/* Stopped while it waits for the ESC's first answer (held back by the
 * simulator, so the worker cannot get ahead of the cancel): the error
 * says so, nothing was erased, and a second run finishes the job. */
static void
test_usb_cancel_then_rerun (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "60");
  g_autofree gchar *outcome = NULL;
  const GError *error;

  choose_vesc6 (f);
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  go_to_check (f);
  g_assert_true (bw_wizard_go_next (f->wizard));
  g_assert_true (bw_wizard_go_next (f->wizard));
  outcome = bw_wizard_dup_cancel_outcome (f->wizard);
  g_assert_cmpstr (outcome, ==, "Nothing is running.");
  g_clear_pointer (&outcome, g_free);
  bw_sim_vesc_set_reply_fault (rig->vesc, BW_SIM_VESC_REPLY_GARBAGE);
  bw_wizard_start_program (f->wizard);
  outcome = bw_wizard_dup_cancel_outcome (f->wizard);
  g_assert_nonnull (strstr (outcome, "Nothing on the chip has been changed yet"));
  bw_wizard_cancel (f->wizard);
  wait_not_busy (f);
  g_assert_cmpuint (bw_wizard_get_program_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  error = bw_wizard_get_program_error (f->wizard);
  g_assert_true (g_error_matches (error, BW_ERROR, BW_ERROR_CANCELLED) ||
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_cmpuint (bw_vesc_bootloader_job_get_bytes_written (BW_VESC_BOOTLOADER_JOB (bw_wizard_get_writing_job (f->wizard))),
                    ==, 0);
  bw_sim_vesc_set_reply_fault (rig->vesc, BW_SIM_VESC_REPLY_OK);
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
}
#endif

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/wizard/initial", test_initial);
  ADD ("/wizard/probe-layouts-are-stlinks", test_probe_layouts_are_stlinks);
  ADD ("/wizard/board-gives-wiring-and-file", test_board_gives_wiring_and_file);
  ADD ("/wizard/no-probe", test_no_probe);
  ADD ("/wizard/unpowered", test_unpowered);
  ADD ("/wizard/refuses-non-bootloader", test_refuses_non_bootloader);
  ADD ("/wizard/install", test_install);
  ADD ("/wizard/transitions", test_transitions);
  ADD ("/wizard/probe-permission", test_probe_permission);
  ADD ("/wizard/probe-picker", test_probe_picker);
  ADD ("/wizard/under-reset", test_under_reset);
  ADD ("/wizard/slower-clock", test_slower_clock);
  ADD ("/wizard/unlock", test_unlock);
  ADD ("/wizard/recover-with-firmware", test_recover_with_firmware);
  ADD ("/wizard/recover-mass-erase", test_recover_mass_erase);
  ADD ("/wizard/refuses-wrong-files", test_refuses_wrong_files);
  ADD ("/wizard/bin-needs-address", test_bin_needs_address);
  ADD ("/wizard/unplug-and-reconnect", test_unplug_and_reconnect);
  ADD ("/wizard/cancel-before-writing", test_cancel_before_writing);
  ADD ("/wizard/report", test_report);
#ifdef BW_TEST_HAVE_VESC_SIM
  ADD ("/wizard/vesc/kind-transitions", test_vesc_kind_transitions);
  ADD ("/wizard/vesc/ports-first", test_vesc_ports_first);
  ADD ("/wizard/vesc/ports-rescanned-on-wiring", test_vesc_ports_rescanned_on_wiring);
  ADD ("/wizard/vesc/recover", test_vesc_recover);
  ADD ("/wizard/vesc/install-refuses-non-blank", test_vesc_install_refuses_non_blank);
  ADD ("/wizard/vesc/target-unpowered", test_vesc_target_unpowered);
  ADD ("/wizard/usb/install", test_usb_install);
  ADD ("/wizard/usb/firmware-too-old", test_usb_firmware_too_old);
  ADD ("/wizard/usb/other-hardware", test_usb_other_hardware);
  ADD ("/wizard/usb/unplug-mid-upload", test_usb_unplug_mid_upload);
  ADD ("/wizard/vesc/install-blank", test_vesc_install_blank);
  ADD ("/wizard/usb/cancel-then-rerun", test_usb_cancel_then_rerun);
#endif
  for (guint i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      g_autofree gchar *name = g_strdup_printf ("/wizard/check/%u-%s", i, check_cases[i].is_lines ? "scenario" : check_cases[i].scenario);

      g_test_add (name, Fixture, &check_cases[i], fixture_set_up, test_check_outcome, fixture_tear_down);
    }
#undef ADD
  return g_test_run ();
}

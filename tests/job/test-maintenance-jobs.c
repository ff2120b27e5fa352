/* test-maintenance-jobs.c: backup, verify, erase, unlock and reset on the
 * simulated ESC
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-test-sim-rig.h"

#define FW "VESC_default_fw7.00_hw60.bin"
#define BL "vesc_bootloader_hw60-family.bin"

typedef struct {
  gchar  *dir;
  gchar  *initial;
  SimRig *rig;
} Board;

static Board *
board_new (const gchar *extra_scenario)
{
  Board *board = g_new0 (Board, 1);
  g_autofree gchar *scenario = NULL;

  board->dir = bw_test_make_tmpdir ();
  board->initial = sim_write_flash_file (board->dir, FW, BL);
  scenario = g_strdup_printf ("[target]\nflash=%s\n%s", board->initial, extra_scenario);
  board->rig = sim_rig_new (scenario);
  return board;
}

static void
board_free (Board *board)
{
  sim_rig_free (board->rig);
  bw_test_rm_rf (board->dir);
  g_free (board->dir);
  g_free (board->initial);
  g_free (board);
}

static GBytes *
board_initial (Board *board)
{
  return bw_test_load_bytes (board->initial);
}

static BwTransport *
board_transport (Board *board)
{
  return BW_TRANSPORT (board->rig->transport);
}

static void
test_backup_whole_flash_and_a_range (void)
{
  Board *board = board_new ("");
  g_autofree gchar *bin_path = g_build_filename (board->dir, "all.bin", NULL);
  g_autofree gchar *hex_path = g_build_filename (board->dir, "bootloader.hex", NULL);
  g_autoptr(BwBackupJob) whole = bw_backup_job_new (board_transport (board), bin_path, 0x08000000, 0);
  g_autoptr(BwBackupJob) range = bw_backup_job_new (board_transport (board), hex_path, 0x080E0000, 5776);
  g_autoptr(GBytes) initial = board_initial (board);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) hex_file = g_file_new_for_path (hex_path);
  g_autoptr(BwImageFile) reread = bw_image_file_new (hex_file);
  g_autofree gchar *sha = NULL;
  g_autofree gchar *sha_path = g_strconcat (bin_path, ".sha256", NULL);

  g_assert_true (bw_job_run_sync (BW_JOB (whole), NULL, &error));
  g_assert_no_error (error);
  saved = bw_test_load_bytes (bin_path);
  g_assert_true (g_bytes_equal (saved, initial));
  g_assert_true (g_file_get_contents (sha_path, &sha, NULL, NULL));
  g_assert_true (g_str_has_prefix (sha, bw_backup_job_get_sha256 (whole)));
  g_assert_true (g_str_has_suffix (sha, "  all.bin\n"));

  g_assert_true (bw_job_run_sync (BW_JOB (range), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bw_image_file_load (reread, FALSE, 0, NULL, &error));
  g_assert_cmphex (bw_image_get_low_address (bw_image_file_get_image (reread)), ==, 0x080E0000);
  g_assert_cmpmem (bw_image_get_segment_data (bw_image_file_get_image (reread), 0), 5776,
                   (const guint8 *) g_bytes_get_data (initial, NULL) + 0xE0000, 5776);
  board_free (board);
}

static void
test_backup_outside_flash (void)
{
  Board *board = board_new ("");
  g_autofree gchar *path = g_build_filename (board->dir, "x.bin", NULL);
  g_autoptr(BwBackupJob) job = bw_backup_job_new (board_transport (board), path, 0x080FFF00, 0x1000);
  g_autoptr(GError) error = NULL;

  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  board_free (board);
}

static BwImage *
load_image (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);

  g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, NULL));
  return g_object_ref (bw_image_file_get_image (file));
}

static void
test_verify (void)
{
  g_autoptr(BwImage) firmware = load_image (FW);
  Board *good = board_new ("");
  Board *flipped = board_new ("[faults]\nbit-flip-address=0x08012345\n");
  g_autoptr(BwVerifyJob) ok_job = bw_verify_job_new (board_transport (good), firmware);
  g_autoptr(BwVerifyJob) bad_job = bw_verify_job_new (board_transport (flipped), firmware);
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_job_run_sync (BW_JOB (ok_job), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bw_job_run_sync (BW_JOB (bad_job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_VERIFY_MISMATCH);
  g_assert_true (g_str_has_prefix (error->message, "0x08012345 holds 0x"));
  board_free (good);
  board_free (flipped);
}

/* After its first boot the firmware has written its CRC info; a verify
 * told so compares everything else. */
static void
test_verify_after_first_boot (void)
{
  g_autoptr(BwImage) firmware = load_image (FW);
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *initial = sim_write_flash_file (dir, FW, NULL);
  g_autofree gchar *scenario = g_strdup_printf ("[target]\nflash=%s\n", initial);
  g_autoptr(GBytes) bytes = bw_test_load_bytes (initial);
  g_autofree guint8 *booted = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  SimRig *rig;
  g_autoptr(GError) error = NULL;

  memset (booted + 0x7FFF0, 0x5A, 8);
  g_assert_true (g_file_set_contents (initial, (const gchar *) booted, (gssize) g_bytes_get_size (bytes), NULL));
  rig = sim_rig_new (scenario);
  {
    g_autoptr(BwVerifyJob) strict = bw_verify_job_new (BW_TRANSPORT (rig->transport), firmware);
    g_autoptr(BwVerifyJob) lenient = bw_verify_job_new (BW_TRANSPORT (rig->transport), firmware);

    g_assert_false (bw_job_run_sync (BW_JOB (strict), NULL, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_VERIFY_MISMATCH);
    g_clear_error (&error);
    bw_verify_job_set_ignore_crc_info (lenient, TRUE);
    g_assert_true (bw_job_run_sync (BW_JOB (lenient), NULL, &error));
    g_assert_no_error (error);
  }
  sim_rig_free (rig);
  bw_test_rm_rf (dir);
}

static void
test_erase_sectors_needs_consent (void)
{
  Board *board = board_new ("");
  g_autoptr(BwMaintenanceJob) refused = bw_maintenance_job_new (board_transport (board), BW_MAINTENANCE_ERASE_SECTORS);
  g_autoptr(BwMaintenanceJob) erase = bw_maintenance_job_new (board_transport (board), BW_MAINTENANCE_ERASE_SECTORS);
  g_autoptr(GBytes) initial = board_initial (board);
  g_autofree guint8 *expected = g_memdup2 (g_bytes_get_data (initial, NULL), g_bytes_get_size (initial));
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const guint8 *flash;

  bw_maintenance_job_set_sectors (refused, 1u << 11);
  g_assert_false (bw_job_run_sync (BW_JOB (refused), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  flash = sim_rig_flash (board->rig, &size);
  g_assert_cmpmem (flash, size, expected, size);

  bw_maintenance_job_set_sectors (erase, (1u << 1) | (1u << 11));
  bw_maintenance_job_set_consent (erase, TRUE);
  g_assert_true (bw_job_run_sync (BW_JOB (erase), NULL, &error));
  g_assert_no_error (error);
  memset (expected + 0x4000, 0xFF, 0x4000);
  memset (expected + 0xE0000, 0xFF, 0x20000);
  flash = sim_rig_flash (board->rig, &size);
  g_assert_cmpmem (flash, size, expected, size);
  board_free (board);
}

static void
test_mass_erase_and_reset (void)
{
  Board *board = board_new ("");
  g_autoptr(BwMaintenanceJob) erase = bw_maintenance_job_new (board_transport (board), BW_MAINTENANCE_MASS_ERASE);
  g_autoptr(BwMaintenanceJob) reset = bw_maintenance_job_new (board_transport (board), BW_MAINTENANCE_RESET);
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const guint8 *flash;

  bw_maintenance_job_set_consent (erase, TRUE);
  g_assert_true (bw_job_run_sync (BW_JOB (erase), NULL, &error));
  g_assert_no_error (error);
  flash = sim_rig_flash (board->rig, &size);
  for (gsize i = 0; i < size; i++)
    if (flash[i] != 0xFF)
      g_error ("0x%08" G_GSIZE_MODIFIER "X is not erased", 0x08000000 + i);
  g_assert_true (bw_job_run_sync (BW_JOB (reset), NULL, &error));
  g_assert_no_error (error);
  board_free (board);
}

static void
test_unlock_read_protection (void)
{
  Board *board = board_new ("rdp=1\n");
  g_autoptr(BwMaintenanceJob) unlock = bw_maintenance_job_new (board_transport (board), BW_MAINTENANCE_UNLOCK);
  g_autoptr(BwCheckJob) check = bw_check_job_new (board_transport (board));
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const guint8 *flash;

  bw_maintenance_job_set_consent (unlock, TRUE);
  g_assert_true (bw_job_run_sync (BW_JOB (unlock), NULL, &error));
  g_assert_no_error (error);
  flash = sim_rig_flash (board->rig, &size);
  for (gsize i = 0; i < size; i += 997)
    g_assert_cmphex (flash[i], ==, 0xFF);
  /* the chip now reads as unprotected and empty */
  g_assert_true (bw_job_run_sync (BW_JOB (check), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bw_check_job_get_state (check, BW_CHECK_ITEM_PROTECTION), ==, BW_CHECK_STATE_PASSED);
  g_assert_false (bw_check_job_get_has_firmware (check));
  board_free (board);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/maintenance/backup", test_backup_whole_flash_and_a_range);
  g_test_add_func ("/maintenance/backup-outside-flash", test_backup_outside_flash);
  g_test_add_func ("/maintenance/verify", test_verify);
  g_test_add_func ("/maintenance/verify-after-first-boot", test_verify_after_first_boot);
  g_test_add_func ("/maintenance/erase-sectors-needs-consent", test_erase_sectors_needs_consent);
  g_test_add_func ("/maintenance/mass-erase-and-reset", test_mass_erase_and_reset);
  g_test_add_func ("/maintenance/unlock-read-protection", test_unlock_read_protection);
  return g_test_run ();
}

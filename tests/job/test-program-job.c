/* test-program-job.c: plans carried out on the simulated ESC
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-test-sim-rig.h"

#define FW_HW60 "VESC_default_fw7.00_hw60.bin"
#define BL_HW60 "vesc_bootloader_hw60-family.bin"
#define BL_LEGACY "vesc_bootloader_generic_legacy_2019.bin"

static BwImage *
load_image (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  return g_object_ref (bw_image_file_get_image (file));
}

static BwPlan *
make_plan (BwImage *image, BwPlanFlags flags, const gchar *backup_path)
{
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .flags = flags, .chip_id = 0x413, .backup_path = backup_path };
  g_autoptr(GError) error = NULL;
  BwPlan *plan = bw_plan_new (image, map, &options, &error);

  g_assert_no_error (error);
  return plan;
}

static GBytes *
copy_flash (SimRig *rig)
{
  gsize size = 0;
  const guint8 *flash = sim_rig_flash (rig, &size);

  g_assert_cmpuint (size, >=, 64 * 1024);
  return g_bytes_new (flash, size);
}

static void
assert_flash_equals (SimRig *rig, GBytes *expected)
{
  gsize size = 0;
  const guint8 *flash = sim_rig_flash (rig, &size);

  g_assert_cmpmem (flash, size, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_install_bootloader (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *initial = sim_write_flash_file (dir, FW_HW60, BL_LEGACY);
  g_autofree gchar *scenario = g_strdup_printf ("[target]\nflash=%s\n", initial);
  SimRig *rig;
  g_autofree gchar *backup_path = NULL;
  g_autofree gchar *sha_path = NULL;
  g_autofree gchar *sha_text = NULL;
  g_autofree gchar *expected_sha = NULL;
  g_autoptr(BwImage) image = load_image (BL_HW60);
  g_autoptr(BwPlan) plan = NULL;
  g_autoptr(BwProgramJob) job = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *expected = NULL;

  rig = sim_rig_new (scenario);
  before = copy_flash (rig);
  backup_path = g_build_filename (rig->dir, "sector11-backup.bin", NULL);
  plan = make_plan (image, BW_PLAN_FLAG_NONE, backup_path);
  job = bw_program_job_new (BW_TRANSPORT (rig->transport), plan, backup_path);
  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bw_program_job_get_chip_state (job), ==, "The chip holds the new image, verified.");

  /* firmware and settings untouched; sector 11 = the new bootloader, then erased */
  expected = g_memdup2 (g_bytes_get_data (before, NULL), 1024 * 1024);
  memset (expected + 0xE0000, 0xFF, 0x20000);
  memcpy (expected + 0xE0000, bw_image_get_segment_data (image, 0), bw_image_get_segment_size (image, 0));
  {
    g_autoptr(GBytes) want = g_bytes_new (expected, 1024 * 1024);

    assert_flash_equals (rig, want);
  }

  /* the backup holds what sector 11 held, with its checksum beside it */
  backup = bw_test_load_bytes (backup_path);
  g_assert_cmpmem (g_bytes_get_data (backup, NULL), g_bytes_get_size (backup),
                   (const guint8 *) g_bytes_get_data (before, NULL) + 0xE0000, 0x20000);
  sha_path = g_strconcat (backup_path, ".sha256", NULL);
  g_assert_true (g_file_get_contents (sha_path, &sha_text, NULL, NULL));
  expected_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, backup);
  g_assert_true (g_str_has_prefix (sha_text, expected_sha));
  g_assert_cmpstr (bw_program_job_get_backup_sha256 (job), ==, expected_sha);
  g_assert_cmpuint (bw_job_get_log (BW_JOB (job))->len, >=, 5);
  sim_rig_free (rig);
  bw_test_rm_rf (dir);
}

static void
test_cancelled_before_start (void)
{
  SimRig *rig = sim_rig_new ("");
  g_autoptr(BwImage) image = load_image (BL_HW60);
  g_autoptr(BwPlan) plan = make_plan (image, BW_PLAN_FLAG_NO_BACKUP, NULL);
  g_autoptr(BwProgramJob) job = bw_program_job_new (BW_TRANSPORT (rig->transport), plan, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) before = copy_flash (rig);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (bw_job_run_sync (BW_JOB (job), cancellable, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_CANCELLED);
  g_assert_cmpstr (bw_program_job_get_chip_state (job), ==, "Nothing on the chip was changed.");
  assert_flash_equals (rig, before);
  sim_rig_free (rig);
}

static void
test_refusals_leave_flash_alone (void)
{
  static const struct {
    const gchar *scenario;
    gint         code;
  } cases[] = {
    { "[target]\nrdp=1\n", BW_ERROR_READ_PROTECTED },
    { "[target]\nwrp-sectors=11\n", BW_ERROR_WRITE_PROTECTED },
    { "[target]\npowered=false\n", BW_ERROR_TARGET_NOT_POWERED },
    { "[target]\nswd-swapped=true\n", BW_ERROR_TARGET_NO_RESPONSE },
    { "[target]\nchip=f103\n", BW_ERROR_CHIP_UNSUPPORTED },
    { "[target]\nchip=f411\n", BW_ERROR_CHIP_MISMATCH },
  };
  g_autoptr(BwImage) image = load_image (BL_HW60);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SimRig *rig = sim_rig_new (cases[i].scenario);
      g_autoptr(BwPlan) plan = make_plan (image, BW_PLAN_FLAG_NO_BACKUP, NULL);
      g_autoptr(BwProgramJob) job = bw_program_job_new (BW_TRANSPORT (rig->transport), plan, NULL);
      g_autoptr(GBytes) before = copy_flash (rig);
      g_autoptr(GError) error = NULL;

      g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
      g_test_message ("%s -> %s", cases[i].scenario, error->message);
      g_assert_error (error, BW_ERROR, cases[i].code);
      g_assert_cmpstr (bw_program_job_get_chip_state (job), ==, "Nothing on the chip was changed.");
      assert_flash_equals (rig, before);
      sim_rig_free (rig);
    }
}

/* The probe is unplugged part way through the job (after the erase); after
 * plugging it back in, the same job finishes the work. */
static void
test_unplugged_then_run_again (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autoptr(BwImage) image = load_image (BL_HW60);
  g_autoptr(BwPlan) plan = make_plan (image, BW_PLAN_FLAG_NO_BACKUP, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *faulty = NULL;
  guint64 n_transfers;
  gsize size = 0;
  const guint8 *flash;

  /* how many USB transfers the whole job takes, on a scratch board */
  {
    SimRig *rig = sim_rig_new ("");
    g_autoptr(BwProgramJob) job = bw_program_job_new (BW_TRANSPORT (rig->transport), plan, NULL);

    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    n_transfers = bw_sim_transport_get_n_transfers (rig->transport);
    sim_rig_free (rig);
  }
  faulty = g_strdup_printf ("[probe]\nunplug-after-transfers=%" G_GUINT64_FORMAT "\n", n_transfers * 3 / 4);
  {
    g_autoptr(BwSimState) state = bw_sim_state_new (dir, &error);
    g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data (faulty, &error);
    g_autoptr(BwSimTransport) transport = bw_sim_transport_new (scenario, state, &error);
    g_autoptr(BwProgramJob) job = bw_program_job_new (BW_TRANSPORT (transport), plan, NULL);
    g_autoptr(GError) job_error = NULL;

    g_assert_no_error (error);
    g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &job_error));
    g_test_message ("first run, unplugged after %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " transfers: %s",
                    n_transfers * 3 / 4, n_transfers, job_error->message);
    g_assert_error (job_error, BW_ERROR, BW_ERROR_DISCONNECTED);
    /* the firmware's sectors were never touched, so the board still starts */
    g_assert_true (g_str_has_prefix (job_error->message, "The chip is partly written. Run the same job again") ||
                   g_str_has_prefix (job_error->message, "Sectors were erased but nothing was written yet."));
    g_assert_true (bw_sim_transport_save (transport, &error));
  }
  {
    g_autoptr(BwSimState) state = bw_sim_state_new (dir, &error);
    g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data ("", &error);
    g_autoptr(BwSimTransport) transport = bw_sim_transport_new (scenario, state, &error);
    g_autoptr(BwProgramJob) job = bw_program_job_new (BW_TRANSPORT (transport), plan, NULL);

    g_assert_no_error (error);
    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_no_error (error);
    flash = bw_sim_stm32f405_peek_flash (bw_sim_transport_get_target (transport), &size);
    g_assert_cmpmem (flash + 0xE0000, bw_image_get_segment_size (image, 0),
                     bw_image_get_segment_data (image, 0), bw_image_get_segment_size (image, 0));
  }
  bw_test_rm_rf (dir);
}

/* Full recovery of a bricked board: whole-chip backup, mass erase,
 * firmware and bootloader, the vector table last. */
static void
test_recovery (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *initial = sim_write_flash_file (dir, "VESC_default_fw7.00_hw410.bin", NULL);
  g_autofree gchar *scenario = g_strdup_printf ("[target]\nflash=%s\n", initial);
  g_autofree gchar *backup_path = g_build_filename (dir, "whole-chip.bin", NULL);
  g_autoptr(BwImage) firmware = load_image (FW_HW60);
  g_autoptr(BwImage) bootloader = load_image (BL_HW60);
  g_autoptr(BwImage) both = bw_image_new ();
  g_autoptr(BwPlan) plan = NULL;
  g_autoptr(BwProgramJob) job = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) backup = NULL;
  g_autoptr(GError) error = NULL;
  SimRig *rig = sim_rig_new (scenario);
  gsize size = 0;
  const guint8 *flash;

  g_assert_true (bw_image_add_data (both, 0x08000000, bw_image_get_segment_data (firmware, 0),
                                    bw_image_get_segment_size (firmware, 0), NULL));
  g_assert_true (bw_image_add_data (both, 0x080E0000, bw_image_get_segment_data (bootloader, 0),
                                    bw_image_get_segment_size (bootloader, 0), NULL));
  before = copy_flash (rig);
  plan = make_plan (both, BW_PLAN_FLAG_MASS_ERASE | BW_PLAN_FLAG_WRITE_CONFIG, backup_path);
  job = bw_program_job_new (BW_TRANSPORT (rig->transport), plan, backup_path);
  {
    guint64 start = bw_sim_clock_now_us (bw_sim_transport_get_clock (rig->transport));

    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_no_error (error);
    g_test_message ("recovery took %.2f s of simulated time",
                    (bw_sim_clock_now_us (bw_sim_transport_get_clock (rig->transport)) - start) / 1e6);
  }

  flash = sim_rig_flash (rig, &size);
  g_assert_cmpmem (flash, bw_image_get_segment_size (firmware, 0), bw_image_get_segment_data (firmware, 0),
                   bw_image_get_segment_size (firmware, 0));
  g_assert_cmpmem (flash + 0xE0000, bw_image_get_segment_size (bootloader, 0),
                   bw_image_get_segment_data (bootloader, 0), bw_image_get_segment_size (bootloader, 0));
  for (gsize i = 0x7FFF8; i < 0xE0000; i++)
    g_assert_cmphex (flash[i], ==, 0xFF);
  backup = bw_test_load_bytes (backup_path);
  g_assert_cmpmem (g_bytes_get_data (backup, NULL), g_bytes_get_size (backup),
                   g_bytes_get_data (before, NULL), g_bytes_get_size (before));
  sim_rig_free (rig);
  bw_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/program-job/install-bootloader", test_install_bootloader);
  g_test_add_func ("/program-job/cancelled-before-start", test_cancelled_before_start);
  g_test_add_func ("/program-job/refusals-leave-flash-alone", test_refusals_leave_flash_alone);
  g_test_add_func ("/program-job/unplugged-then-run-again", test_unplugged_then_run_again);
  g_test_add_func ("/program-job/recovery", test_recovery);
  return g_test_run ();
}

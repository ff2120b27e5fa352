/* test-check-job.c: the connect checklist on simulated boards
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-test-sim-rig.h"

static BwCheckJob *
run_check (SimRig *rig, guint expected_chip, guint32 sectors, gboolean expect_ok, GError **error)
{
  BwCheckJob *job = bw_check_job_new (BW_TRANSPORT (rig->transport));
  gboolean ok;

  bw_check_job_set_expected_chip (job, expected_chip);
  bw_check_job_set_sectors_to_test (job, sectors);
  ok = bw_job_run_sync (BW_JOB (job), NULL, error);
  g_assert_cmpint (ok, ==, expect_ok);
  return job;
}

static void
test_healthy_board (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *initial = sim_write_flash_file (dir, "VESC_default_fw7.00_hw60.bin",
                                                    "vesc_bootloader_hw60-family.bin");
  g_autofree gchar *scenario = g_strdup_printf ("[target]\nflash=%s\n", initial);
  g_autofree gchar *hardware = NULL;
  g_autofree gchar *detail = NULL;
  g_autoptr(GError) error = NULL;
  SimRig *rig = sim_rig_new (scenario);
  g_autoptr(BwCheckJob) job = run_check (rig, 0x413, (1u << 10) | (1u << 11), TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    g_assert_cmpint (bw_check_job_get_state (job, i), ==, BW_CHECK_STATE_PASSED);
  g_assert_cmphex (bw_check_job_get_dev_id (job), ==, 0x413);
  g_assert_cmpfloat_with_epsilon (bw_check_job_get_voltage (job), 3.3, 0.01);
  g_assert_true (bw_check_job_get_has_firmware (job));
  g_assert_true (bw_check_job_get_has_bootloader (job));
  hardware = bw_check_job_dup_hardware_name (job);
  g_assert_cmpstr (hardware, ==, "60");
  g_assert_cmphex (bw_check_job_get_blank_sectors (job), ==, 1u << 10);
  detail = bw_check_job_dup_detail (job, BW_CHECK_ITEM_PROBE_FIRMWARE);
  g_assert_cmpstr (detail, ==, "ST-Link firmware V2J37S7.");
  sim_rig_free (rig);
  bw_test_rm_rf (dir);
}

static void
test_firmware_without_bootloader (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *initial = sim_write_flash_file (dir, "VESC_default_fw3.62_hw410.bin", NULL);
  g_autofree gchar *scenario = g_strdup_printf ("[target]\nflash=%s\n", initial);
  g_autofree gchar *detail = NULL;
  g_autoptr(GError) error = NULL;
  SimRig *rig = sim_rig_new (scenario);
  g_autoptr(BwCheckJob) job = run_check (rig, 0, 1u << 11, TRUE, &error);

  g_assert_cmpint (bw_check_job_get_state (job, BW_CHECK_ITEM_CONTENTS), ==, BW_CHECK_STATE_WARNING);
  g_assert_false (bw_check_job_get_has_bootloader (job));
  g_assert_cmphex (bw_check_job_get_blank_sectors (job), ==, 1u << 11);
  detail = bw_check_job_dup_detail (job, BW_CHECK_ITEM_CONTENTS);
  g_assert_nonnull (strstr (detail, "hardware \"410\""));
  g_assert_nonnull (strstr (detail, "no bootloader"));
  sim_rig_free (rig);
  bw_test_rm_rf (dir);
}

static void
test_failures (void)
{
  static const struct {
    const gchar *scenario;
    guint        expected_chip;
    BwCheckItem  failed_item;
    gint         code;
  } cases[] = {
    { "[target]\npowered=false\n", 0, BW_CHECK_ITEM_SWD, BW_ERROR_TARGET_NOT_POWERED },
    { "[target]\ngnd-missing=true\n", 0, BW_CHECK_ITEM_SWD, BW_ERROR_TARGET_NOT_POWERED },
    { "[target]\nswd-swapped=true\n", 0, BW_CHECK_ITEM_SWD, BW_ERROR_TARGET_NO_RESPONSE },
    { "[target]\nchip=f411\n", 0x413, BW_CHECK_ITEM_CHIP, BW_ERROR_CHIP_MISMATCH },
    { "[target]\nchip=f103\n", 0, BW_CHECK_ITEM_CHIP, BW_ERROR_CHIP_UNSUPPORTED },
    { "[target]\nrdp=1\n", 0, BW_CHECK_ITEM_PROTECTION, BW_ERROR_READ_PROTECTED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SimRig *rig = sim_rig_new (cases[i].scenario);
      g_autoptr(GError) error = NULL;
      g_autoptr(BwCheckJob) job = run_check (rig, cases[i].expected_chip, 0, FALSE, &error);

      g_test_message ("%s -> %s", cases[i].scenario, error->message);
      g_assert_error (error, BW_ERROR, cases[i].code);
      g_assert_cmpint (bw_check_job_get_state (job, cases[i].failed_item), ==, BW_CHECK_STATE_FAILED);
      for (guint item = 0; item < cases[i].failed_item; item++)
        g_assert_cmpint (bw_check_job_get_state (job, item), !=, BW_CHECK_STATE_FAILED);
      for (guint item = cases[i].failed_item + 1; item < BW_CHECK_N_ITEMS; item++)
        g_assert_cmpint (bw_check_job_get_state (job, item), ==, BW_CHECK_STATE_SKIPPED);
      sim_rig_free (rig);
    }
}

static void
test_swd_clock (void)
{
  SimRig *fast = sim_rig_new ("");
  SimRig *slow = sim_rig_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwCheckJob) automatic = run_check (fast, 0, 0, TRUE, &error);
  g_autoptr(BwCheckJob) chosen = bw_check_job_new (BW_TRANSPORT (slow->transport));

  /* by default the session runs SWD at 4 MHz */
  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (bw_sim_transport_get_probe (fast->transport)), ==, 4000000);
  bw_job_set_swd_khz (BW_JOB (chosen), 950);
  g_assert_true (bw_job_run_sync (BW_JOB (chosen), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (bw_sim_transport_get_probe (slow->transport)), ==, 950000);
  sim_rig_free (fast);
  sim_rig_free (slow);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/check-job/healthy-board", test_healthy_board);
  g_test_add_func ("/check-job/firmware-without-bootloader", test_firmware_without_bootloader);
  g_test_add_func ("/check-job/failures", test_failures);
  g_test_add_func ("/check-job/swd-clock", test_swd_clock);
  return g_test_run ();
}

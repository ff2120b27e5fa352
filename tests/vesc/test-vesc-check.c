/* test-vesc-check.c: the checklist and the backup through a programmer
 * VESC, and the USB check of a running ESC, against the simulated VESC
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-sim-vesc.h"
#include "bw-test-utils.h"

typedef struct {
  gchar          *dir;
  BwSimClock     *clock;
  BwSimStm32f405 *target;
  BwSimVesc      *programmer;
} Rig;

static GBytes *
load_real (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);

  return bw_test_load_bytes (path);
}

/* A target whose flash holds @firmware at 0x08000000 and @bootloader at
 * 0x080E0000 (either may be NULL), behind a programmer VESC. */
static Rig *
rig_new (GBytes *firmware, GBytes *bootloader, const gchar *extra_scenario)
{
  Rig *rig = g_new0 (Rig, 1);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *flash = g_malloc (1024 * 1024);
  g_autofree gchar *flash_path = NULL;
  g_autofree gchar *text = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;

  rig->dir = bw_test_make_tmpdir ();
  memset (flash, 0xFF, 1024 * 1024);
  if (firmware != NULL)
    memcpy (flash, g_bytes_get_data (firmware, NULL), g_bytes_get_size (firmware));
  if (bootloader != NULL)
    memcpy (flash + 0xE0000, g_bytes_get_data (bootloader, NULL), g_bytes_get_size (bootloader));
  flash_path = g_build_filename (rig->dir, "flash.bin", NULL);
  g_assert_true (g_file_set_contents (flash_path, (const gchar *) flash, 1024 * 1024, NULL));
  text = g_strdup_printf ("[target]\nflash=%s\n%s\n", flash_path, extra_scenario != NULL ? extra_scenario : "");
  scenario = bw_sim_scenario_load_from_data (text, &error);
  g_assert_no_error (error);
  rig->clock = bw_sim_clock_new ();
  rig->target = bw_sim_stm32f405_new_full (rig->clock, scenario, NULL, &error);
  g_assert_no_error (error);
  rig->programmer = bw_sim_vesc_new (6, 5, "60");
  bw_sim_vesc_set_swd_target (rig->programmer, rig->target);
  g_assert_true (bw_sim_vesc_plug (rig->programmer, &error));
  g_assert_no_error (error);
  return rig;
}

static void
rig_free (Rig *rig)
{
  g_auto(GStrv) violations = NULL;

  bw_sim_vesc_stop (rig->programmer);
  violations = bw_sim_vesc_get_violations (rig->programmer);
  for (guint i = 0; violations[i] != NULL; i++)
    g_test_message ("violation: %s", violations[i]);
  g_assert_cmpuint (g_strv_length (violations), ==, 0);
  g_object_unref (rig->programmer);
  g_object_unref (rig->target);
  g_object_unref (rig->clock);
  bw_test_rm_rf (rig->dir);
  g_free (rig->dir);
  g_free (rig);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rig, rig_free)

static void
assert_item (BwVescCheckJob *job, BwCheckItem item, BwCheckState state, const gchar *words)
{
  g_autofree gchar *detail = bw_checklist_job_dup_detail (BW_CHECKLIST_JOB (job), item);

  g_test_message ("%s: %s", bw_check_item_to_string (item), detail);
  g_assert_cmpint (bw_checklist_job_get_state (BW_CHECKLIST_JOB (job), item), ==, state);
  if (words != NULL)
    g_assert_nonnull (strstr (detail, words));
}

static void
test_check_installed (void)
{
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw7.00_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(Rig) rig = rig_new (firmware, bootloader, NULL);
  g_autoptr(BwVescCheckJob) job = bw_vesc_check_job_new (bw_sim_vesc_get_port (rig->programmer));
  g_autoptr(BwVescFwInfo) programmer = NULL;
  g_autofree gchar *hardware = NULL;
  g_autoptr(GError) error = NULL;

  bw_vesc_check_job_set_test_blank (job, TRUE);
  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  assert_item (job, BW_CHECK_ITEM_PROBE_FIRMWARE, BW_CHECK_STATE_PASSED, "whole-chip erase only");
  assert_item (job, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING, "Not measured");
  assert_item (job, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_PASSED, "no reset wire");
  assert_item (job, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_PASSED, "1024 KB");
  assert_item (job, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_PASSED, NULL);
  assert_item (job, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_PASSED, "\"410\" and a bootloader");
  g_assert_cmpuint (bw_checklist_job_get_dev_id (BW_CHECKLIST_JOB (job)), ==, 0x413);
  g_assert_cmpuint (bw_vesc_check_job_get_flash_kb (job), ==, 1024);
  g_assert_true (bw_checklist_job_get_has_firmware (BW_CHECKLIST_JOB (job)));
  g_assert_true (bw_checklist_job_get_has_bootloader (BW_CHECKLIST_JOB (job)));
  g_assert_false (bw_vesc_check_job_get_is_blank (job));
  hardware = bw_checklist_job_dup_hardware_name (BW_CHECKLIST_JOB (job));
  g_assert_cmpstr (hardware, ==, "410");
  programmer = bw_vesc_check_job_dup_programmer_info (job);
  g_assert_cmpuint (programmer->major, ==, 6);
  g_assert_cmpstr (programmer->hw_name, ==, "60");
  /* the programmer let go of the target: it runs its firmware again */
  g_assert_false (bw_sim_stm32f405_is_halted (rig->target));
}

static void
test_check_blank (void)
{
  g_autoptr(Rig) rig = rig_new (NULL, NULL, NULL);
  g_autoptr(BwVescCheckJob) job = bw_vesc_check_job_new (bw_sim_vesc_get_port (rig->programmer));
  g_autoptr(GError) error = NULL;

  bw_vesc_check_job_set_test_blank (job, TRUE);
  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bw_vesc_check_job_get_is_blank (job));
  g_assert_false (bw_checklist_job_get_has_firmware (BW_CHECKLIST_JOB (job)));
  assert_item (job, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING, "blank");
}

/* One byte in the last sector is enough to be not blank. */
static void
test_check_almost_blank (void)
{
  g_autoptr(GBytes) last = g_bytes_new_static ("\x00", 1);
  g_autoptr(Rig) rig = NULL;
  g_autoptr(BwVescCheckJob) job = NULL;
  g_autoptr(GError) error = NULL;

  rig = rig_new (NULL, NULL, NULL);
  job = bw_vesc_check_job_new (bw_sim_vesc_get_port (rig->programmer));
  /* write the byte through the programmer's own commands, as a previous run would have */
  {
    g_autoptr(BwVescClient) client = bw_vesc_client_open (bw_sim_vesc_get_port (rig->programmer), &error);
    g_autoptr(BwVescSwdProgrammer) programmer = NULL;

    g_assert_no_error (error);
    programmer = bw_vesc_swd_programmer_new (client);
    g_assert_true (bw_vesc_swd_programmer_connect (programmer, NULL, &error));
    g_assert_true (bw_vesc_swd_programmer_write (programmer, 0x080FFFFF, g_bytes_get_data (last, NULL), 1, NULL,
                                                 NULL, &error));
    g_assert_no_error (error);
    g_assert_true (bw_vesc_swd_programmer_disconnect (programmer, NULL, &error));
    bw_vesc_client_close (client);
  }
  bw_vesc_check_job_set_test_blank (job, TRUE);
  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bw_vesc_check_job_get_is_blank (job));
}

static void
test_check_protected (void)
{
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw7.00_hw410.bin");
  g_autoptr(Rig) rig = rig_new (firmware, NULL, "rdp=1");
  g_autoptr(BwVescCheckJob) job = bw_vesc_check_job_new (bw_sim_vesc_get_port (rig->programmer));
  g_autoptr(GError) error = NULL;

  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED);
  assert_item (job, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_PASSED, NULL);
  assert_item (job, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_FAILED, "cannot remove");
  assert_item (job, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_SKIPPED, NULL);
}

static void
test_backup_range (void)
{
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw7.00_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(Rig) rig = rig_new (firmware, bootloader, NULL);
  g_autofree gchar *path = g_build_filename (rig->dir, "bl.bin", NULL);
  g_autofree gchar *sha_path = g_strconcat (path, ".sha256", NULL);
  g_autoptr(BwVescBackupJob) job = bw_vesc_backup_job_new (bw_sim_vesc_get_port (rig->programmer), path,
                                                            0x080E0000, (guint32) g_bytes_get_size (bootloader));
  g_autoptr(GError) error = NULL;
  g_autofree gchar *saved = NULL;
  g_autofree gchar *sha_line = NULL;
  g_autofree gchar *expected_sha = NULL;
  gsize len = 0;

  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, &len, NULL));
  g_assert_cmpmem (saved, len, g_bytes_get_data (bootloader, NULL), g_bytes_get_size (bootloader));
  expected_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bootloader);
  g_assert_cmpstr (bw_vesc_backup_job_get_sha256 (job), ==, expected_sha);
  g_assert_true (g_file_get_contents (sha_path, &sha_line, NULL, NULL));
  g_assert_true (g_str_has_prefix (sha_line, expected_sha));

  /* outside the flash: refused, nothing written */
  {
    g_autofree gchar *other = g_build_filename (rig->dir, "other.bin", NULL);
    g_autoptr(BwVescBackupJob) bad = bw_vesc_backup_job_new (bw_sim_vesc_get_port (rig->programmer), other,
                                                              0x080FFF00, 0x200);

    g_assert_false (bw_job_run_sync (BW_JOB (bad), NULL, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
}

static void
test_usb_check (void)
{
  const struct { guint major, minor; const gchar *hw; const gchar *bootloader; guint n_warnings; } cases[] = {
    { 6, 5, "60", "60_o_75_300_o_HD60_o_UAVC_OMEGA_o_75_300_R2_o_60_MK3_o_100_250_o_75_300_R3_o_60_MK4_o_60_MK5_o_HD75.bin", 2 },
    { 5, 3, "410", "40_o_47_o_48_o_410_o_411_o_412_o_DAS_RS.bin", 2 },
    { 6, 5, "Cheap_FOCer_2", "generic.bin", 2 },
    { 3, 40, "410", "40_o_47_o_48_o_410_o_411_o_412_o_DAS_RS.bin", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BwSimVesc) esc = bw_sim_vesc_new (cases[i].major, cases[i].minor, cases[i].hw);
      g_autoptr(BwVescUsbCheckJob) job = NULL;
      g_autoptr(GError) error = NULL;
      const BwVescFwInfo *info;

      g_assert_true (bw_sim_vesc_plug (esc, &error));
      job = bw_vesc_usb_check_job_new (bw_sim_vesc_get_port (esc));
      g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
      g_assert_no_error (error);
      info = bw_vesc_usb_check_job_get_fw_info (job);
      g_assert_cmpuint (info->major, ==, cases[i].major);
      g_assert_cmpstr (info->hw_name, ==, cases[i].hw);
      g_assert_cmpstr (bw_vesc_usb_check_job_get_bootloader_name (job), ==, cases[i].bootloader);
      g_assert_true (bw_vesc_usb_check_job_get_bootloader_found (job));
      g_assert_cmpuint (g_strv_length ((gchar **) bw_vesc_usb_check_job_get_warnings (job)), ==,
                        cases[i].n_warnings);
      bw_sim_vesc_stop (esc);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc/check/installed", test_check_installed);
  g_test_add_func ("/vesc/check/blank", test_check_blank);
  g_test_add_func ("/vesc/check/almost-blank", test_check_almost_blank);
  g_test_add_func ("/vesc/check/protected", test_check_protected);
  g_test_add_func ("/vesc/backup/range", test_backup_range);
  g_test_add_func ("/vesc/usb-check/bootloader-choice", test_usb_check);
  return g_test_run ();
}

/* test-vesc-recover.c: a bricked ESC (the STM32F405 model) recovered
 * through a second, working VESC used as the SWD programmer
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

/* A bricked target: power lost while the bootloader copied a firmware, so
 * the first 40 KiB hold half of something and there is no bootloader. */
static Rig *
rig_new_sized (const gchar *extra_scenario, gsize flash_size)
{
  Rig *rig = g_new0 (Rig, 1);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *flash = g_malloc (flash_size);
  g_autofree gchar *flash_path = NULL;
  g_autofree gchar *text = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;

  rig->dir = bw_test_make_tmpdir ();
  memset (flash, 0xFF, flash_size);
  for (guint i = 0; i < 40 * 1024; i++)
    flash[i] = (guint8) g_random_int ();
  flash_path = g_build_filename (rig->dir, "bricked.bin", NULL);
  g_assert_true (g_file_set_contents (flash_path, (const gchar *) flash, (gssize) flash_size, NULL));
  text = g_strdup_printf ("[target]\nflash=%s\n%s\n", flash_path, extra_scenario != NULL ? extra_scenario : "");
  scenario = bw_sim_scenario_load_from_data (text, &error);
  g_assert_no_error (error);
  rig->clock = bw_sim_clock_new ();
  rig->target = bw_sim_stm32f405_new_full (rig->clock, scenario, NULL, &error);
  g_assert_no_error (error);

  rig->programmer = bw_sim_vesc_new (6, 5, "410");
  bw_sim_vesc_set_swd_target (rig->programmer, rig->target);
  g_assert_true (bw_sim_vesc_plug (rig->programmer, &error));
  g_assert_no_error (error);
  return rig;
}

static Rig *
rig_new (const gchar *extra_scenario)
{
  return rig_new_sized (extra_scenario, 1024 * 1024);
}

static void
rig_free (Rig *rig)
{
  bw_sim_vesc_stop (rig->programmer);
  g_object_unref (rig->programmer);
  g_object_unref (rig->target);
  g_object_unref (rig->clock);
  bw_test_rm_rf (rig->dir);
  g_free (rig->dir);
  g_free (rig);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rig, rig_free)

static void
assert_no_violations (BwSimVesc *vesc)
{
  g_auto(GStrv) violations = bw_sim_vesc_get_violations (vesc);

  for (guint i = 0; violations[i] != NULL; i++)
    g_test_message ("violation: %s", violations[i]);
  g_assert_cmpuint (g_strv_length (violations), ==, 0);
}

static void
on_phase_changed (BwJob *job, guint phase, gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, phase);
}

static void
test_recover_bricked (void)
{
  g_autoptr(GArray) phases = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(Rig) rig = rig_new (NULL);
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw7.00_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                              bootloader);
  g_autoptr(GError) error = NULL;
  const guint8 *flash;
  gsize size = 0;
  gsize fw_len = g_bytes_get_size (firmware);
  gsize bl_len = g_bytes_get_size (bootloader);
  gint64 start = g_get_monotonic_time ();

  g_signal_connect (job, "phase-changed", G_CALLBACK (on_phase_changed), phases);
  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (phases->len, ==, 6);
  g_assert_cmpuint (g_array_index (phases, guint, 0), ==, BW_PROGRESS_PHASE_CONNECT);
  g_assert_cmpuint (g_array_index (phases, guint, 1), ==, BW_PROGRESS_PHASE_ERASE);
  g_assert_cmpuint (g_array_index (phases, guint, 2), ==, BW_PROGRESS_PHASE_WRITE);
  g_assert_cmpuint (g_array_index (phases, guint, 3), ==, BW_PROGRESS_PHASE_VERIFY);
  g_assert_cmpuint (g_array_index (phases, guint, 4), ==, BW_PROGRESS_PHASE_RESET);
  g_assert_cmpuint (g_array_index (phases, guint, 5), ==, BW_PROGRESS_PHASE_IDLE);
  g_test_message ("recovery of %" G_GSIZE_FORMAT " bytes took %.1f s on the host, %.1f s simulated target time",
                  fw_len + bl_len, (g_get_monotonic_time () - start) / 1e6,
                  bw_sim_clock_now_us (rig->clock) / 1e6);
  g_assert_cmpstr (bw_vesc_recover_job_get_programmer_info (job)->hw_name, ==, "410");
  g_assert_cmpfloat (bw_job_get_fraction (BW_JOB (job)), ==, 1.0);

  bw_sim_vesc_stop (rig->programmer);
  flash = bw_sim_stm32f405_peek_flash (rig->target, &size);
  g_assert_cmpuint (size, ==, 1024 * 1024);
  g_assert_cmpmem (flash, fw_len, g_bytes_get_data (firmware, NULL), fw_len);
  g_assert_cmpmem (flash + 0xE0000, bl_len, g_bytes_get_data (bootloader, NULL), bl_len);
  for (gsize i = fw_len; i < 0xE0000; i++)
    if (flash[i] != 0xFF)
      g_error ("0x%08" G_GINT64_MODIFIER "X is 0x%02X, should be erased", (guint64) 0x08000000 + i, flash[i]);
  for (gsize i = 0xE0000 + bl_len; i < size; i++)
    if (flash[i] != 0xFF)
      g_error ("0x%08" G_GINT64_MODIFIER "X is 0x%02X, should be erased", (guint64) 0x08000000 + i, flash[i]);
  /* released: the core runs the new firmware */
  g_assert_false (bw_sim_stm32f405_is_halted (rig->target));
  assert_no_violations (rig->programmer);
}

static void
test_target_unpowered (void)
{
  g_autoptr(Rig) rig = rig_new ("powered=false");
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                              bootloader);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *advice = NULL;

  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_VESC_TARGET_NO_RESPONSE);
  advice = bw_error_advice_format (error);
  g_assert_nonnull (strstr (advice, "GND to GND"));
  assert_no_violations (rig->programmer);
}

static void
test_wrong_chip (void)
{
  g_autoptr(Rig) rig = rig_new_sized ("chip=f411", 512 * 1024);
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                              bootloader);
  g_autoptr(GError) error = NULL;
  const guint8 *flash;

  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_CHIP_UNSUPPORTED);
  bw_sim_vesc_stop (rig->programmer);
  /* nothing was erased */
  flash = bw_sim_stm32f405_peek_flash (rig->target, NULL);
  g_assert_cmpuint (flash[0x20000], ==, 0xFF);
  g_assert_true (flash[0] != 0xFF || flash[1] != 0xFF || flash[2] != 0xFF || flash[3] != 0xFF);
}

/* Write-protected sector 11: the mass erase is refused by the chip. */
static void
test_write_protected (void)
{
  g_autoptr(Rig) rig = rig_new ("wrp-sectors=11");
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                              bootloader);
  g_autoptr(GError) error = NULL;

  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_ERASE_FAILED);
  assert_no_violations (rig->programmer);
}

/* Read protection shows in the option bytes; the VESC programmer cannot
 * lift it, so nothing is erased and the user is sent to the ST-Link. */
static void
test_read_protected (void)
{
  g_autoptr(Rig) rig = rig_new ("rdp=1");
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                              bootloader);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  gsize size = 0;
  const guint8 *flash = bw_sim_stm32f405_peek_flash (rig->target, &size);

  before = g_bytes_new (flash, size);
  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED);
  g_assert_nonnull (strstr (error->message, "0x55"));
  bw_sim_vesc_stop (rig->programmer);
  flash = bw_sim_stm32f405_peek_flash (rig->target, &size);
  g_assert_cmpmem (flash, size, g_bytes_get_data (before, NULL), g_bytes_get_size (before));
  assert_no_violations (rig->programmer);
}

/* The chip facts the check page needs, through the programmer. */
static void
test_chip_info (void)
{
  g_autoptr(Rig) rig = rig_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwVescClient) client = bw_vesc_client_open (bw_sim_vesc_get_port (rig->programmer), &error);
  g_autoptr(BwVescSwdProgrammer) programmer = NULL;
  BwVescSwdChipInfo info = { 0 };
  guint8 vectors[8];

  g_assert_no_error (error);
  programmer = bw_vesc_swd_programmer_new (client);
  /* nothing before the connect */
  g_assert_false (bw_vesc_swd_programmer_read_chip_info (programmer, &info, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (bw_vesc_swd_programmer_connect (programmer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bw_vesc_swd_programmer_read_chip_info (programmer, &info, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmphex (info.dev_id, ==, 0x413);
  g_assert_cmphex (info.rev_id, ==, 0x1007);
  g_assert_cmpuint (info.flash_kb, ==, 1024);
  g_assert_cmphex (info.rdp_byte, ==, 0xAA);
  /* an unaligned read across words */
  g_assert_true (bw_vesc_swd_programmer_read (programmer, 0x08000001, vectors, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (vectors, 7, bw_sim_stm32f405_peek_flash (rig->target, NULL) + 1, 7);
  g_assert_true (bw_vesc_swd_programmer_disconnect (programmer, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bw_vesc_swd_programmer_is_connected (programmer));
  assert_no_violations (rig->programmer);
}

/* A programmer whose firmware lacks the Black Magic code never answers. */
static void
test_programmer_without_swd (void)
{
  g_autoptr(Rig) rig = rig_new (NULL);
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                              bootloader);
  g_autoptr(GError) error = NULL;

  bw_sim_vesc_set_has_swd_programmer (rig->programmer, FALSE);
  bw_vesc_recover_job_set_timeout_divisor (job, 30);
  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_VESC_NO_REPLY);
  g_assert_nonnull (strstr (error->message, "no SWD programmer"));
}

typedef struct {
  GAsyncResult *result;
} AsyncDone;

static void
on_job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncDone *done = user_data;

  done->result = g_object_ref (result);
}

/* The programmer's own cable comes out mid-write: a clear error, and after
 * replugging, a rerun (which starts with a mass erase) recovers the target. */
static void
test_programmer_unplugged_then_rerun (void)
{
  g_autoptr(Rig) rig = rig_new (NULL);
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(GError) error = NULL;
  const guint8 *flash;

  {
    g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                                bootloader);
    g_autoptr(GMainContext) context = g_main_context_new ();
    AsyncDone done = { NULL };
    gboolean unplugged = FALSE;

    g_main_context_push_thread_default (context);
    bw_job_run_async (BW_JOB (job), NULL, on_job_done, &done);
    while (done.result == NULL)
      {
        guint64 bytes = 0;

        g_main_context_iteration (context, FALSE);
        bw_job_get_bytes (BW_JOB (job), &bytes, NULL);
        /* well into the firmware: pull the programmer's USB cable */
        if (!unplugged && bw_job_get_phase (BW_JOB (job)) == BW_PROGRESS_PHASE_WRITE && bytes > 20000)
          {
            bw_sim_vesc_unplug (rig->programmer);
            unplugged = TRUE;
          }
        g_usleep (500);
      }
    g_assert_false (bw_job_run_finish (BW_JOB (job), done.result, &error));
    g_object_unref (done.result);
    while (g_main_context_iteration (context, FALSE))
      ;
    g_main_context_pop_thread_default (context);
    g_assert_true (unplugged);
    g_assert_error (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }

  g_assert_true (bw_sim_vesc_plug (rig->programmer, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                                bootloader);

    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_no_error (error);
  }
  bw_sim_vesc_stop (rig->programmer);
  flash = bw_sim_stm32f405_peek_flash (rig->target, NULL);
  g_assert_cmpmem (flash, g_bytes_get_size (firmware), g_bytes_get_data (firmware, NULL), g_bytes_get_size (firmware));
  g_assert_cmpmem (flash + 0xE0000, g_bytes_get_size (bootloader), g_bytes_get_data (bootloader, NULL),
                   g_bytes_get_size (bootloader));
  assert_no_violations (rig->programmer);
}

static void
cancel_in_write (BwJob *job, gpointer user_data)
{
  guint64 done = 0;

  bw_job_get_bytes (job, &done, NULL);
  if (bw_job_get_phase (job) == BW_PROGRESS_PHASE_WRITE && done > 10000)
    g_cancellable_cancel (user_data);
}

/* Cancelled while writing: the error says the target will not start and a
 * rerun fixes it; the programmer has let go of the target. */
static void
test_cancelled_mid_write (void)
{
  g_autoptr(Rig) rig = rig_new (NULL);
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GBytes) bootloader = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                                bootloader);

    g_signal_connect (job, "progress", G_CALLBACK (cancel_in_write), cancellable);
    g_assert_false (bw_job_run_sync (BW_JOB (job), cancellable, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_CANCELLED);
    g_assert_nonnull (strstr (error->message, "run the recovery again"));
    g_clear_error (&error);
  }
  {
    g_autoptr(BwVescRecoverJob) job = bw_vesc_recover_job_new (bw_sim_vesc_get_port (rig->programmer), firmware,
                                                                bootloader);

    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_no_error (error);
  }
  bw_sim_vesc_stop (rig->programmer);
  g_assert_cmpmem (bw_sim_stm32f405_peek_flash (rig->target, NULL), g_bytes_get_size (firmware),
                   g_bytes_get_data (firmware, NULL), g_bytes_get_size (firmware));
  assert_no_violations (rig->programmer);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc/recover/bricked", test_recover_bricked);
  g_test_add_func ("/vesc/recover/target-unpowered", test_target_unpowered);
  g_test_add_func ("/vesc/recover/wrong-chip", test_wrong_chip);
  g_test_add_func ("/vesc/recover/write-protected", test_write_protected);
  g_test_add_func ("/vesc/recover/programmer-without-swd", test_programmer_without_swd);
  g_test_add_func ("/vesc/recover/read-protected", test_read_protected);
  g_test_add_func ("/vesc/recover/chip-info", test_chip_info);
  g_test_add_func ("/vesc/recover/cancelled-mid-write", test_cancelled_mid_write);
  g_test_add_func ("/vesc/recover/programmer-unplugged-then-rerun", test_programmer_unplugged_then_rerun);
  return g_test_run ();
}

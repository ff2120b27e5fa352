/* test-job-progress.c: how a running job reports to the caller's main
 * loop: on its thread, without blocking it, with progress that follows the
 * simulated clock
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "bw-job-private.h"
#include "bw-test-sim-rig.h"

#define FW_HW60   "VESC_default_fw7.00_hw60.bin"
#define BL_HW60   "vesc_bootloader_hw60-family.bin"
#define BL_LEGACY "vesc_bootloader_generic_legacy_2019.bin"

/* A frame at 60 Hz: the wizard must never miss one because of a job. */
#define FRAME_US 16000

/* The reported fraction may lead or trail the share of simulated time
 * spent by this much. Progress moves in steps: one 4 KB block of a
 * backup, one flash sector erase (a 128 KB sector is 1 s), one chunk of
 * programming; and a phase's weight is an estimate made before the job
 * knows what it will meet (how fast the chip answers, which chunks the
 * loader runs). 0.10 is about one second of a ten-second recovery:
 * what a user reads as "the bar moves steadily". */
#define FRACTION_TOLERANCE 0.10

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

typedef struct {
  guint64 sim_us;
  gdouble fraction;
  guint   phase;
} Sample;

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  BwJob        *job;
  BwSimClock   *clock;
  guint         n_signals;
  guint         n_progress;
  guint         n_phases;
  guint         n_logs;
  gboolean      finished;
  GError       *error;
  GArray       *samples;
  /* main loop responsiveness */
  gint64        last_tick_us;
  gint64        last_tick_cpu_us;
  gint64        max_gap_us;      /* wall clock between two ticks */
  gint64        max_cpu_gap_us;  /* CPU time the thread spent between two ticks */
  gint64        woke_us;         /* when the loop last came back from poll() */
  gint64        max_busy_us;     /* the longest the loop was away from poll() */
  guint         n_ticks;
} Watch;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Every signal: on the test's thread, inside its own context's dispatch. */
static void
assert_on_main (Watch *watch)
{
  g_assert_true (g_thread_self () == watch->thread);
  g_assert_true (g_main_context_is_owner (watch->context));
  g_assert_true (g_main_context_get_thread_default () == watch->context);
  watch->n_signals++;
}

static void
on_phase_changed (BwJob *job, guint phase, gpointer user_data)
{
  Watch *watch = user_data;

  assert_on_main (watch);
  watch->n_phases++;
}

static void
on_progress (BwJob *job, gpointer user_data)
{
  Watch *watch = user_data;
  Sample sample = { bw_job_get_clock_us (job), bw_job_get_fraction (job), bw_job_get_phase (job) };

  assert_on_main (watch);
  watch->n_progress++;
  g_array_append_val (watch->samples, sample);
}

static void
on_log (BwJob *job, const gchar *line, gpointer user_data)
{
  Watch *watch = user_data;

  assert_on_main (watch);
  g_assert_nonnull (line);
  watch->n_logs++;
}

static void
on_finished (BwJob *job, const GError *error, gpointer user_data)
{
  Watch *watch = user_data;

  assert_on_main (watch);
  watch->finished = TRUE;
  if (error != NULL)
    watch->error = g_error_copy (error);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr(GError) error = NULL;

  assert_on_main (watch);
  g_assert_true (bw_job_run_finish (BW_JOB (source), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (watch->loop);
}

/* A high-priority tick every millisecond: on an idle machine the time
 * between two ticks is how long the loop could not run anything. */
static gboolean
on_tick (gpointer user_data)
{
  Watch *watch = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (watch->n_ticks > 0)
    {
      watch->max_gap_us = MAX (watch->max_gap_us, now - watch->last_tick_us);
      watch->max_cpu_gap_us = MAX (watch->max_cpu_gap_us, cpu - watch->last_tick_cpu_us);
    }
  watch->last_tick_us = now;
  watch->last_tick_cpu_us = cpu;
  watch->n_ticks++;
  return G_SOURCE_CONTINUE;
}

/* On a loaded machine (the test suite runs tests side by side) a sleeping
 * thread may wait for a CPU after its timer fired, which lengthens the
 * gaps between ticks without anything blocking the loop. What the job can
 * be blamed for is the time the loop spends away from poll(): dispatching
 * its sources (the job's deliveries and our handlers) or waiting for a
 * lock. The poll function measures exactly that. */
static Watch *polling_watch;

static gint
watch_poll (GPollFD *fds, guint n_fds, gint timeout_ms)
{
  gint64 now = g_get_monotonic_time ();
  gint result;

  if (polling_watch->woke_us != 0)
    polling_watch->max_busy_us = MAX (polling_watch->max_busy_us, now - polling_watch->woke_us);
  result = g_poll (fds, n_fds, timeout_ms);
  polling_watch->woke_us = g_get_monotonic_time ();
  return result;
}

static guint64
sim_clock_us (gpointer user_data)
{
  return bw_sim_clock_now_us (BW_SIM_CLOCK (user_data));
}

/* Runs @job under a GMainLoop on a context of the test's own, with the
 * simulator's clock as the job clock. */
static void
watch_job (Watch *watch, BwJob *job, SimRig *rig)
{
  g_autoptr(GSource) tick = g_timeout_source_new (1);

  memset (watch, 0, sizeof *watch);
  watch->context = g_main_context_new ();
  watch->loop = g_main_loop_new (watch->context, FALSE);
  watch->thread = g_thread_self ();
  watch->job = job;
  watch->clock = bw_sim_transport_get_clock (rig->transport);
  watch->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  bw_job_set_clock_func (job, sim_clock_us, watch->clock);

  g_signal_connect (job, "phase-changed", G_CALLBACK (on_phase_changed), watch);
  g_signal_connect (job, "progress", G_CALLBACK (on_progress), watch);
  g_signal_connect (job, "log", G_CALLBACK (on_log), watch);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), watch);

  polling_watch = watch;
  g_main_context_set_poll_func (watch->context, watch_poll);
  g_source_set_priority (tick, G_PRIORITY_HIGH);
  g_source_set_callback (tick, on_tick, watch, NULL);
  g_source_attach (tick, watch->context);

  g_main_context_push_thread_default (watch->context);
  bw_job_run_async (job, NULL, on_done, watch);
  g_main_loop_run (watch->loop);
  g_source_destroy (tick);
  while (g_main_context_pending (watch->context))
    g_main_context_iteration (watch->context, FALSE);
  g_main_context_pop_thread_default (watch->context);

  g_signal_handlers_disconnect_by_data (job, watch);
  polling_watch = NULL;
  g_assert_true (watch->finished);
  g_assert_no_error (watch->error);
}

static void
watch_clear (Watch *watch)
{
  g_main_loop_unref (watch->loop);
  g_main_context_unref (watch->context);
  g_array_unref (watch->samples);
}

/* ------------------------------------------------------------------ */

static void
test_signals_on_the_callers_context (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *initial = sim_write_flash_file (dir, FW_HW60, BL_LEGACY);
  g_autofree gchar *scenario = g_strdup_printf ("[target]\nflash=%s\n", initial);
  g_autofree gchar *backup_path = g_build_filename (dir, "sector11.bin", NULL);
  g_autoptr(BwImage) image = load_image (BL_HW60);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .chip_id = BW_CHIP_ID_STM32F405, .backup_path = backup_path };
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, NULL);
  SimRig *rig = sim_rig_new (scenario);
  g_autoptr(BwProgramJob) job = bw_program_job_new (BW_TRANSPORT (rig->transport), plan, backup_path);
  Watch watch;

  watch_job (&watch, BW_JOB (job), rig);
  g_test_message ("%u signals (%u progress, %u phases, %u log lines); %u ticks; longest gap between ticks "
                  "%.1f ms (%.1f ms of main thread CPU); longest time away from poll() %.1f ms",
                  watch.n_signals, watch.n_progress, watch.n_phases, watch.n_logs, watch.n_ticks,
                  watch.max_gap_us / 1000.0, watch.max_cpu_gap_us / 1000.0, watch.max_busy_us / 1000.0);
  g_assert_cmpuint (watch.n_progress, >=, 2);
  g_assert_cmpuint (watch.n_phases, >=, 4); /* connect, backup, erase, write, verify, reset */
  g_assert_cmpuint (watch.n_logs, >=, 5);
  g_assert_cmpuint (watch.n_ticks, >=, 2);
  g_assert_cmpint (watch.max_busy_us, <, FRAME_US);
  g_assert_cmpint (watch.max_cpu_gap_us, <, FRAME_US);
  g_assert_cmpstr (bw_program_job_get_chip_state (job), ==, "The chip holds the new image, verified.");
  watch_clear (&watch);
  sim_rig_free (rig);
  bw_test_rm_rf (dir);
}

/* Each delivered fraction against the share of the job's simulated time
 * spent when it was taken. */
static void
assert_tracks_time (Watch *watch, guint64 start_us, guint64 end_us, const gchar *what)
{
  gdouble worst = 0.0;

  g_assert_cmpuint (end_us, >, start_us);
  g_assert_cmpuint (watch->samples->len, >=, 3);
  for (guint i = 0; i < watch->samples->len; i++)
    {
      const Sample *sample = &g_array_index (watch->samples, Sample, i);
      gdouble share;

      if (sample->sim_us == 0) /* numbers from before the first change */
        continue;
      g_assert_cmpuint (sample->sim_us, >=, start_us);
      share = (gdouble) (sample->sim_us - start_us) / (gdouble) (end_us - start_us);
      if (g_test_verbose ())
        g_test_message ("%s: %-8s at %6.3f s: fraction %.3f, time share %.3f", what,
                        bw_progress_phase_to_string (sample->phase), (sample->sim_us - start_us) / 1e6,
                        sample->fraction, share);
      worst = MAX (worst, ABS (sample->fraction - share));
      if (ABS (sample->fraction - share) > FRACTION_TOLERANCE)
        g_error ("%s: %s at %.3f s of %.3f s simulated reports %.3f, but %.3f of the time has passed", what,
                 bw_progress_phase_to_string (sample->phase), (sample->sim_us - start_us) / 1e6,
                 (end_us - start_us) / 1e6, sample->fraction, share);
    }
  g_test_message ("%s: %u samples over %.3f s simulated, worst |fraction - time share| %.3f", what,
                  watch->samples->len, (end_us - start_us) / 1e6, worst);
}

typedef enum {
  CALIBRATE_INSTALL,
  CALIBRATE_INSTALL_BLANK,
  CALIBRATE_RECOVER,
  CALIBRATE_RECOVER_MASS_ERASE,
  CALIBRATE_BACKUP,
} Calibration;

static void
test_fraction_tracks_simulated_time (gconstpointer data)
{
  Calibration kind = GPOINTER_TO_INT (data);
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *initial = sim_write_flash_file (dir, "VESC_default_fw7.00_hw410.bin",
                                                    kind == CALIBRATE_INSTALL_BLANK ? NULL : BL_LEGACY);
  g_autofree gchar *scenario = g_strdup_printf ("[target]\nflash=%s\n", initial);
  g_autofree gchar *backup_path = g_build_filename (dir, "backup.bin", NULL);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(BwImage) bootloader = load_image (BL_HW60);
  g_autoptr(BwImage) firmware = load_image (FW_HW60);
  g_autoptr(BwImage) both = bw_image_new ();
  g_autoptr(BwPlan) plan = NULL;
  g_autoptr(BwJob) job = NULL;
  SimRig *rig = sim_rig_new (scenario);
  BwSimClock *clock = bw_sim_transport_get_clock (rig->transport);
  BwPlanOptions options = { .chip_id = BW_CHIP_ID_STM32F405, .backup_path = backup_path };
  guint64 start_us;
  Watch watch;

  g_assert_true (bw_image_add_data (both, 0x08000000, bw_image_get_segment_data (firmware, 0),
                                    bw_image_get_segment_size (firmware, 0), NULL));
  g_assert_true (bw_image_add_data (both, 0x080E0000, bw_image_get_segment_data (bootloader, 0),
                                    bw_image_get_segment_size (bootloader, 0), NULL));
  switch (kind)
    {
    case CALIBRATE_INSTALL:
    case CALIBRATE_INSTALL_BLANK:
      if (kind == CALIBRATE_INSTALL_BLANK)
        options.blank_sectors = 1u << 11;
      plan = bw_plan_new (bootloader, map, &options, NULL);
      job = BW_JOB (bw_program_job_new (BW_TRANSPORT (rig->transport), plan, backup_path));
      break;
    case CALIBRATE_RECOVER:
    case CALIBRATE_RECOVER_MASS_ERASE:
      options.flags = BW_PLAN_FLAG_WRITE_CONFIG |
                      (kind == CALIBRATE_RECOVER_MASS_ERASE ? BW_PLAN_FLAG_MASS_ERASE | BW_PLAN_FLAG_BACKUP_WHOLE_FLASH
                                                            : 0);
      plan = bw_plan_new (both, map, &options, NULL);
      job = BW_JOB (bw_program_job_new (BW_TRANSPORT (rig->transport), plan, backup_path));
      break;
    case CALIBRATE_BACKUP:
      job = BW_JOB (bw_backup_job_new (BW_TRANSPORT (rig->transport), backup_path, 0x08000000, 1024 * 1024));
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_nonnull (job);

  start_us = bw_sim_clock_now_us (clock);
  watch_job (&watch, job, rig);
  assert_tracks_time (&watch, start_us, bw_sim_clock_now_us (clock), g_test_get_path ());
  watch_clear (&watch);
  sim_rig_free (rig);
  bw_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/job-progress/signals-on-the-callers-context", test_signals_on_the_callers_context);
  g_test_add_data_func ("/job-progress/tracks-time/install", GINT_TO_POINTER (CALIBRATE_INSTALL),
                        test_fraction_tracks_simulated_time);
  g_test_add_data_func ("/job-progress/tracks-time/install-blank", GINT_TO_POINTER (CALIBRATE_INSTALL_BLANK),
                        test_fraction_tracks_simulated_time);
  g_test_add_data_func ("/job-progress/tracks-time/recover", GINT_TO_POINTER (CALIBRATE_RECOVER),
                        test_fraction_tracks_simulated_time);
  g_test_add_data_func ("/job-progress/tracks-time/recover-mass-erase",
                        GINT_TO_POINTER (CALIBRATE_RECOVER_MASS_ERASE), test_fraction_tracks_simulated_time);
  g_test_add_data_func ("/job-progress/tracks-time/backup", GINT_TO_POINTER (CALIBRATE_BACKUP),
                        test_fraction_tracks_simulated_time);
  return g_test_run ();
}

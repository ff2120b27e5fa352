/* bench-jobs.c: Bootwire's jobs on the simulator, in simulated time and as
 * a ratio to the physical floor of spec/sim-timing.md, with the wall and
 * CPU time they cost, and how long the caller's main loop stalls while a
 * job reports to it. A benchmark: it prints, it never asserts a speed.
 *
 * Output: a Markdown table, or with --tsv one line per job
 * (name, simulated s, floor s, floor description, wall s, CPU s) and one
 * "stall" line, for tests/bench/bench-table.py.
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "bootwire-engine.h"
#include "bw-sim-transport.h"

#define MB (1024 * 1024)

static const gchar *real_dir;
static gboolean tsv;

/* CPU time of the whole process (the job's worker thread included). */
static gdouble
cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct {
  gdouble wall_start;
  gdouble cpu_start;
} Stopwatch;

static Stopwatch
stopwatch_start (void)
{
  return (Stopwatch) { g_get_monotonic_time () / 1e6, cpu_s () };
}

static GBytes *
load_real (const gchar *name)
{
  g_autofree gchar *path = g_build_filename (real_dir, name, NULL);
  gchar *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, NULL))
    g_error ("cannot read %s", path);
  return g_bytes_new_take (data, size);
}

/* A scenario whose flash holds @firmware and @bootloader (either NULL). */
static BwSimTransport *
board (const gchar *dir, const gchar *firmware, const gchar *bootloader)
{
  g_autofree guint8 *flash = g_malloc (MB);
  g_autofree gchar *path = g_build_filename (dir, "flash.bin", NULL);
  g_autofree gchar *text = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  BwSimTransport *transport;

  memset (flash, 0xFF, MB);
  if (firmware != NULL)
    {
      g_autoptr(GBytes) fw = load_real (firmware);

      memcpy (flash, g_bytes_get_data (fw, NULL), g_bytes_get_size (fw));
    }
  if (bootloader != NULL)
    {
      g_autoptr(GBytes) bl = load_real (bootloader);

      memcpy (flash + 0xE0000, g_bytes_get_data (bl, NULL), g_bytes_get_size (bl));
    }
  g_file_set_contents (path, (const gchar *) flash, MB, NULL);
  text = g_strdup_printf ("[target]\nflash=%s\n", path);
  scenario = bw_sim_scenario_load_from_data (text, &error);
  transport = bw_sim_transport_new (scenario, NULL, &error);
  if (transport == NULL)
    g_error ("%s", error->message);
  return transport;
}

static BwImage *
image_of (const gchar *name, guint32 address)
{
  g_autoptr(GBytes) bytes = load_real (name);
  BwImage *image = bw_image_new ();

  if (!bw_image_add_data (image, address, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    g_error ("bad image");
  return image;
}

static gdouble
now_s (BwSimTransport *transport)
{
  return bw_sim_clock_now_us (bw_sim_transport_get_clock (transport)) / 1e6;
}

static BwProgramJob *
program_job (BwSimTransport *transport, BwImage *image, BwPlanFlags flags)
{
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .flags = flags | BW_PLAN_FLAG_NO_BACKUP | BW_PLAN_FLAG_NO_RESET, .chip_id = 0x413 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, &error);

  if (plan == NULL)
    g_error ("plan: %s", error->message);
  return bw_program_job_new (BW_TRANSPORT (transport), plan, NULL);
}

static gdouble
run_install (BwSimTransport *transport, BwImage *image, BwPlanFlags flags, gboolean check_blank)
{
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .flags = flags | BW_PLAN_FLAG_NO_BACKUP | BW_PLAN_FLAG_NO_RESET, .chip_id = 0x413 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = NULL;
  g_autoptr(BwProgramJob) job = NULL;
  gdouble start = now_s (transport);

  if (check_blank)
    {
      g_autoptr(BwCheckJob) check = bw_check_job_new (BW_TRANSPORT (transport));
      g_autoptr(GArray) sectors = bw_image_check_get_sectors (image, map);
      guint32 mask = 0;

      for (guint i = 0; i < sectors->len; i++)
        mask |= 1u << g_array_index (sectors, guint, i);
      bw_check_job_set_sectors_to_test (check, mask);
      if (!bw_job_run_sync (BW_JOB (check), NULL, &error))
        g_error ("check: %s", error->message);
      options.blank_sectors = bw_check_job_get_blank_sectors (check);
    }
  plan = bw_plan_new (image, map, &options, &error);
  if (plan == NULL)
    g_error ("plan: %s", error->message);
  job = bw_program_job_new (BW_TRANSPORT (transport), plan, NULL);
  if (!bw_job_run_sync (BW_JOB (job), NULL, &error))
    g_error ("job: %s", error->message);
  return now_s (transport) - start;
}

static void
row (const gchar *name, gdouble simulated, gdouble floor, const gchar *floor_what, Stopwatch watch)
{
  gdouble wall = g_get_monotonic_time () / 1e6 - watch.wall_start;
  gdouble cpu = cpu_s () - watch.cpu_start;

  if (tsv)
    printf ("%s\t%.3f\t%.3f\t%s\t%.3f\t%.3f\n", name, simulated, floor, floor_what, wall, cpu);
  else
    printf ("| %-52s | %8.3f | %8.3f | %5.2fx | %6.2f | %6.2f | %s |\n", name, simulated, floor, simulated / floor,
            wall, cpu, floor_what);
}

typedef struct {
  GMainLoop *loop;
  gint64     last_tick_us;
  gint64     max_gap_us;
  guint      ticks;
  guint      progress_signals;
  gboolean   ok;
  GError    *error;
} StallProbe;

/* A 1 ms timer on the main loop: how late it runs is how long something
 * else (the job's reports) held the loop. */
static gboolean
stall_tick (gpointer user_data)
{
  StallProbe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last_tick_us != 0)
    probe->max_gap_us = MAX (probe->max_gap_us, now - probe->last_tick_us);
  probe->last_tick_us = now;
  probe->ticks++;
  return G_SOURCE_CONTINUE;
}

static void
stall_progress (BwJob *job, gpointer user_data)
{
  StallProbe *probe = user_data;

  /* what a progress bar reads on each report */
  (void) bw_job_get_fraction (job);
  (void) bw_job_get_remaining_us (job);
  probe->progress_signals++;
}

static void
stall_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  StallProbe *probe = user_data;

  probe->ok = bw_job_run_finish (BW_JOB (object), result, &probe->error);
  g_main_loop_quit (probe->loop);
}

/* Runs @job asynchronously on a main loop of this thread, as the wizard
 * does, and reports the longest gap between two 1 ms ticks. The GUI's own
 * handlers (widget updates, drawing) are not included: the wizard can hook
 * the same probe (a 1 ms timeout on its main context) around a job. */
static void
measure_stall (BwJob *job, const gchar *name)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timer = g_timeout_source_new (1);
  StallProbe probe = { 0 };

  g_main_context_push_thread_default (context);
  probe.loop = g_main_loop_new (context, FALSE);
  g_source_set_callback (timer, stall_tick, &probe, NULL);
  g_source_attach (timer, context);
  g_signal_connect (job, "progress", G_CALLBACK (stall_progress), &probe);
  bw_job_run_async (job, NULL, stall_done, &probe);
  g_main_loop_run (probe.loop);
  g_source_destroy (timer);
  g_main_loop_unref (probe.loop);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  if (!probe.ok)
    g_error ("%s: %s", name, probe.error->message);
  if (tsv)
    printf ("stall\t%s\t%.2f\t%u\t%u\n", name, probe.max_gap_us / 1000.0, probe.ticks, probe.progress_signals);
  else
    printf ("\nMain-loop stall during %s: longest gap between 1 ms ticks %.2f ms (%u ticks, %u progress signals)\n",
            name, probe.max_gap_us / 1000.0, probe.ticks, probe.progress_signals);
}

int
main (int argc, char **argv)
{
  g_autofree gchar *dir = g_dir_make_tmp ("bootwire-bench-XXXXXX", NULL);
  const gdouble program_s_per_byte = 16e-6 / 4;

  if (argc > 1 && g_strcmp0 (argv[1], "--tsv") == 0)
    {
      tsv = TRUE;
      argv++;
      argc--;
    }
  real_dir = argc > 1 ? argv[1] : g_getenv ("BW_TESTDATA_REAL");
  if (real_dir == NULL)
    g_error ("usage: bench-jobs [--tsv] TESTDATA_REAL_DIR");

  if (!tsv)
    {
      printf ("Bootwire on the simulator (ST-Link V2, SWD 4 MHz, 3.3 V: x32 programming)\n\n");
      printf ("| %-52s | %8s | %8s | %6s | %6s | %6s | %s |\n", "job", "sim s", "floor s", "ratio", "wall s", "CPU s",
              "floor");
      printf ("|---|---|---|---|---|---|---|\n");
    }
  {
    g_autoptr(BwSimTransport) t = board (dir, "VESC_default_fw7.00_hw60.bin", "vesc_bootloader_generic_legacy_2019.bin");
    g_autoptr(BwImage) image = image_of ("vesc_bootloader_hw60-family.bin", 0x080E0000);

    Stopwatch watch = stopwatch_start ();
    gdouble simulated = run_install (t, image, 0, FALSE);

    row ("(a) bootloader over an old sector 11", simulated, 1.0 + 5776 * program_s_per_byte,
         "erase 128 KB + program 5776 B", watch);
  }
  {
    g_autoptr(BwSimTransport) t = board (dir, "VESC_default_fw7.00_hw60.bin", NULL);
    g_autoptr(BwImage) image = image_of ("vesc_bootloader_hw60-family.bin", 0x080E0000);

    Stopwatch watch = stopwatch_start ();
    gdouble simulated = run_install (t, image, 0, TRUE);

    row ("(b) bootloader on a blank sector 11 (check + install)", simulated, 5776 * program_s_per_byte,
         "program 5776 B", watch);
  }
  {
    g_autoptr(BwSimTransport) t = board (dir, "VESC_default_fw7.00_hw410.bin", NULL);
    g_autoptr(BwImage) image = image_of ("VESC_default_fw7.00_hw60.bin", 0x08000000);
    g_autoptr(BwImage) bl = image_of ("vesc_bootloader_hw60-family.bin", 0x080E0000);

    Stopwatch watch;
    gdouble simulated;

    if (!bw_image_add_data (image, 0x080E0000, bw_image_get_segment_data (bl, 0), bw_image_get_segment_size (bl, 0),
                            NULL))
      g_error ("merge");
    watch = stopwatch_start ();
    simulated = run_install (t, image, BW_PLAN_FLAG_MASS_ERASE | BW_PLAN_FLAG_WRITE_CONFIG, FALSE);
    row ("(c) recovery: mass erase, FW 7.00 hw60 + bootloader", simulated,
         8.0 + (524280 + 5776) * program_s_per_byte, "mass erase + program", watch);
  }
  {
    g_autoptr(BwSimTransport) t = board (dir, "VESC_default_fw7.00_hw60.bin", "vesc_bootloader_hw60-family.bin");
    g_autofree gchar *out = g_build_filename (dir, "backup.bin", NULL);
    g_autoptr(BwBackupJob) job = bw_backup_job_new (BW_TRANSPORT (t), out, 0x08000000, 0);
    g_autoptr(GError) error = NULL;
    gdouble start = now_s (t);
    /* the transfer limit: 1 us a byte over full-speed USB, 48 SWD clocks a word at 4 MHz */
    gdouble limit = MAX (MB * 1e-6, MB / 4 * 48 / 4e6);
    Stopwatch watch = stopwatch_start ();

    if (!bw_job_run_sync (BW_JOB (job), NULL, &error))
      g_error ("backup: %s", error->message);
    row ("(d) 1 MB backup", now_s (t) - start, limit, "SWD transfer limit at 4 MHz", watch);
  }
  {
    /* the longest job once more, now the way the wizard runs it */
    g_autoptr(BwSimTransport) t = board (dir, "VESC_default_fw7.00_hw410.bin", NULL);
    g_autoptr(BwImage) image = image_of ("VESC_default_fw7.00_hw60.bin", 0x08000000);
    g_autoptr(BwImage) bl = image_of ("vesc_bootloader_hw60-family.bin", 0x080E0000);
    g_autoptr(BwProgramJob) job = NULL;

    if (!bw_image_add_data (image, 0x080E0000, bw_image_get_segment_data (bl, 0), bw_image_get_segment_size (bl, 0),
                            NULL))
      g_error ("merge");
    job = program_job (t, image, BW_PLAN_FLAG_MASS_ERASE | BW_PLAN_FLAG_WRITE_CONFIG);
    measure_stall (BW_JOB (job), "(c) recovery");
  }
  for (guint i = 0; i < 3; i++)
    {
      static const gchar *const names[] = { "flash.bin", "backup.bin", "backup.bin.sha256" };
      g_autofree gchar *path = g_build_filename (dir, names[i], NULL);

      g_remove (path);
    }
  g_rmdir (dir);
  return 0;
}

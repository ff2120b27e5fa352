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
static GString *profile_report;

/* ------------------------------------------------------------------ */
/* Where the simulated time goes: a transport in front of the simulator
 * that adds up the simulated time of each kind of ST-Link command. */

#define BENCH_TYPE_PROFILER (bench_profiler_get_type ())
G_DECLARE_FINAL_TYPE (BenchProfiler, bench_profiler, BENCH, PROFILER, GObject)

typedef struct {
  guint64 count;
  guint64 us;
  guint64 bytes;
} CommandCost;

struct _BenchProfiler
{
  GObject         parent_instance;
  BwSimTransport *inner;
  GHashTable     *costs; /* name -> CommandCost */
};

static void bench_profiler_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchProfiler, bench_profiler, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, bench_profiler_iface_init))

static const gchar *
command_name (const guint8 *cmd, gchar *buffer, gsize size)
{
  static const struct {
    guint8       op;
    const gchar *name;
  } debug_ops[] = {
    { 0x07, "READMEM_32" }, { 0x08, "WRITEMEM_32" }, { 0x0C, "READMEM_8" }, { 0x0D, "WRITEMEM_8" },
    { 0x21, "EXIT" }, { 0x30, "ENTER" }, { 0x31, "READ_IDCODES" }, { 0x32, "RESETSYS" },
    { 0x33, "READREG" }, { 0x34, "WRITEREG" }, { 0x35, "WRITEDEBUGREG" }, { 0x36, "READDEBUGREG" },
    { 0x3B, "GETLASTRWSTATUS" }, { 0x3C, "DRIVE_NRST" }, { 0x3E, "GETLASTRWSTATUS2" },
    { 0x43, "SWD_SET_FREQ" }, { 0x47, "READMEM_16" }, { 0x48, "WRITEMEM_16" }, { 0x4B, "INIT_AP" },
  };

  if (cmd[0] == 0xF2)
    {
      for (guint i = 0; i < G_N_ELEMENTS (debug_ops); i++)
        if (debug_ops[i].op == cmd[1])
          {
            /* single-word accesses: which word */
            if (cmd[1] == 0x35 || cmd[1] == 0x36)
              {
                g_snprintf (buffer, size, "%s %02X%02X%02X%02X", debug_ops[i].name, cmd[5], cmd[4], cmd[3], cmd[2]);
                return buffer;
              }
            return debug_ops[i].name;
          }
    }
  else if (cmd[0] == 0xF7)
    return "GET_TARGET_VOLTAGE";
  else if (cmd[0] == 0xF1 || cmd[0] == 0xFB)
    return "GET_VERSION";
  else if (cmd[0] == 0xF5)
    return "GET_CURRENT_MODE";
  g_snprintf (buffer, size, "%02X %02X", cmd[0], cmd[1]);
  return buffer;
}

static void
add_cost (BenchProfiler *self, const gchar *name, guint64 us, gsize bytes)
{
  CommandCost *cost = g_hash_table_lookup (self->costs, name);

  if (cost == NULL)
    {
      cost = g_new0 (CommandCost, 1);
      g_hash_table_insert (self->costs, g_strdup (name), cost);
    }
  cost->count++;
  cost->us += us;
  cost->bytes += bytes;
}

static guint64
inner_now_us (BenchProfiler *self)
{
  return bw_sim_clock_now_us (bw_sim_transport_get_clock (self->inner));
}

static gboolean
profiler_command (BwTransport *transport, const guint8 *cmd, const guint8 *out_data, gsize out_length,
                  guint8 *in_data, gsize in_length, gsize *in_actual, guint timeout_ms, GError **error)
{
  BenchProfiler *self = BENCH_PROFILER (transport);
  guint64 start = inner_now_us (self);
  gchar buffer[32];
  gboolean ok = BW_TRANSPORT_GET_IFACE (self->inner)->command (BW_TRANSPORT (self->inner), cmd, out_data,
                                                               out_length, in_data, in_length, in_actual,
                                                               timeout_ms, error);

  add_cost (self, command_name (cmd, buffer, sizeof buffer), inner_now_us (self) - start, out_length + in_length);
  return ok;
}

static void
profiler_sleep_us (BwTransport *transport, guint64 us)
{
  BenchProfiler *self = BENCH_PROFILER (transport);
  guint64 start = inner_now_us (self);

  bw_transport_sleep_us (BW_TRANSPORT (self->inner), us);
  add_cost (self, "(host sleeps)", inner_now_us (self) - start, 0);
}

static gint64
profiler_now_us (BwTransport *transport)
{
  return bw_transport_now_us (BW_TRANSPORT (BENCH_PROFILER (transport)->inner));
}

static void
bench_profiler_iface_init (BwTransportInterface *iface)
{
  iface->command = profiler_command;
  iface->sleep_us = profiler_sleep_us;
  iface->now_us = profiler_now_us;
}

static void
bench_profiler_finalize (GObject *object)
{
  BenchProfiler *self = BENCH_PROFILER (object);

  g_clear_object (&self->inner);
  g_hash_table_unref (self->costs);
  G_OBJECT_CLASS (bench_profiler_parent_class)->finalize (object);
}

static void
bench_profiler_class_init (BenchProfilerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bench_profiler_finalize;
}

static void
bench_profiler_init (BenchProfiler *self)
{
  self->costs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static BenchProfiler *
bench_profiler_new (BwSimTransport *inner)
{
  BenchProfiler *self = g_object_new (BENCH_TYPE_PROFILER, NULL);

  self->inner = g_object_ref (inner);
  return self;
}

static gint
by_time (gconstpointer a, gconstpointer b, gpointer user_data)
{
  GHashTable *costs = user_data;
  const CommandCost *ca = g_hash_table_lookup (costs, a);
  const CommandCost *cb = g_hash_table_lookup (costs, b);

  return ca->us < cb->us ? 1 : (ca->us > cb->us ? -1 : 0);
}

/* The commands that took the most simulated time, most first, into
 * the report printed after the table. */
static void
bench_profiler_report (BenchProfiler *self, const gchar *job)
{
  GList *names = g_list_sort_with_data (g_hash_table_get_keys (self->costs), by_time, self->costs);
  guint64 total = 0;
  guint n = 0;

  for (GList *l = names; l != NULL; l = l->next)
    total += ((CommandCost *) g_hash_table_lookup (self->costs, l->data))->us;
  g_string_append_printf (profile_report, "%s: %.3f s in commands and host sleeps\n", job, total / 1e6);
  for (GList *l = names; l != NULL && n < 8; l = l->next, n++)
    {
      const CommandCost *cost = g_hash_table_lookup (self->costs, l->data);

      g_string_append_printf (profile_report, "    %-26s %6" G_GUINT64_FORMAT " x %8.3f s %10" G_GUINT64_FORMAT
                              " bytes\n", (const gchar *) l->data, cost->count, cost->us / 1e6, cost->bytes);
    }
  g_list_free (names);
  g_hash_table_remove_all (self->costs);
}

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
run_install (BwSimTransport *sim, BwImage *image, BwPlanFlags flags, gboolean check_blank, const gchar *name)
{
  g_autoptr(BenchProfiler) transport = bench_profiler_new (sim);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .flags = flags | BW_PLAN_FLAG_NO_BACKUP | BW_PLAN_FLAG_NO_RESET, .chip_id = 0x413 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = NULL;
  g_autoptr(BwProgramJob) job = NULL;
  gdouble start = now_s (sim);

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
      bench_profiler_report (transport, "  check");
    }
  plan = bw_plan_new (image, map, &options, &error);
  if (plan == NULL)
    g_error ("plan: %s", error->message);
  job = bw_program_job_new (BW_TRANSPORT (transport), plan, NULL);
  if (!bw_job_run_sync (BW_JOB (job), NULL, &error))
    g_error ("job: %s", error->message);
  bench_profiler_report (transport, name);
  return now_s (sim) - start;
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

  profile_report = g_string_new (NULL);
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
    gdouble simulated = run_install (t, image, 0, FALSE, "(a)");

    row ("(a) bootloader over an old sector 11", simulated, 1.0 + 5776 * program_s_per_byte,
         "erase 128 KB + program 5776 B", watch);
  }
  {
    g_autoptr(BwSimTransport) t = board (dir, "VESC_default_fw7.00_hw60.bin", NULL);
    g_autoptr(BwImage) image = image_of ("vesc_bootloader_hw60-family.bin", 0x080E0000);

    Stopwatch watch = stopwatch_start ();
    gdouble simulated = run_install (t, image, 0, TRUE, "(b)");

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
    simulated = run_install (t, image, BW_PLAN_FLAG_MASS_ERASE | BW_PLAN_FLAG_WRITE_CONFIG, FALSE, "(c)");
    row ("(c) recovery: mass erase, FW 7.00 hw60 + bootloader", simulated,
         8.0 + (524280 + 5776) * program_s_per_byte, "mass erase + program", watch);
  }
  {
    g_autoptr(BwSimTransport) t = board (dir, "VESC_default_fw7.00_hw60.bin", "vesc_bootloader_hw60-family.bin");
    g_autofree gchar *out = g_build_filename (dir, "backup.bin", NULL);
    g_autoptr(BenchProfiler) profiler = bench_profiler_new (t);
    g_autoptr(BwBackupJob) job = bw_backup_job_new (BW_TRANSPORT (profiler), out, 0x08000000, 0);
    g_autoptr(GError) error = NULL;
    gdouble start = now_s (t);
    /* the transfer limit: 1 us a byte over full-speed USB, 48 SWD clocks a word at 4 MHz */
    gdouble limit = MAX (MB * 1e-6, MB / 4 * 48 / 4e6);
    Stopwatch watch = stopwatch_start ();

    if (!bw_job_run_sync (BW_JOB (job), NULL, &error))
      g_error ("backup: %s", error->message);
    row ("(d) 1 MB backup", now_s (t) - start, limit, "SWD transfer limit at 4 MHz", watch);
    bench_profiler_report (profiler, "(d)");
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
  if (!tsv)
    printf ("\nWhere the simulated time goes (commands with their data and status phases):\n%s", profile_report->str);
  g_string_free (profile_report, TRUE);
  for (guint i = 0; i < 3; i++)
    {
      static const gchar *const names[] = { "flash.bin", "backup.bin", "backup.bin.sha256" };
      g_autofree gchar *path = g_build_filename (dir, names[i], NULL);

      g_remove (path);
    }
  g_rmdir (dir);
  return 0;
}

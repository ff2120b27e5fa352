/* test-fault-matrix.c: every fault of the simulator at every k-th USB
 * transfer of the jobs that change the chip, and cancels at random moments
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For install-bootloader, recover and unlock, each case runs the job once
 * with one fault striking after N transfers (or a cancel landing after N),
 * then plugs everything back in and runs the same job again. After every
 * case:
 *   1. the job said "done" only if the flash holds exactly the intended bytes;
 *   2. every failure carries a specific error code that has advice;
 *   3. the rerun without the fault succeeds (else: an unrecoverable state);
 *   4. bytes outside the plan are what they were;
 *   5. a backup file is complete with a matching .sha256 and holds what the
 *      chip held, or it is absent.
 * (6, no sanitizer report, is the ASan build's part.)
 *
 * Size: BW_FAULTS_POINTS strike points per fault and job (default 8, k is
 * the job's transfer count over that), BW_FAULTS_CANCELS random cancels per
 * job (default 6), BW_FAULTS_SEED for the cancel moments (default: random,
 * printed). BW_FAULTS_LONG=1 is the nightly size (k = 1 for the short jobs,
 * 100 points for recovery, 100 cancels per job: a few hours under ASan):
 *   BW_FAULTS_LONG=1 meson test -C _build-test --suite faults -t 0
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "bootwire-engine.h"
#include "bw-sim-transport.h"
#include "bw-test-cancel-transport.h"
#include "bw-test-utils.h"

#define MB (1024u * 1024u)
#define FW_HW60 "VESC_default_fw7.00_hw60.bin"
#define FW_HW410 "VESC_default_fw7.00_hw410.bin"
#define BL_HW60 "vesc_bootloader_hw60-family.bin"
#define BL_LEGACY "vesc_bootloader_generic_legacy_2019.bin"

typedef enum {
  JOB_INSTALL_BOOTLOADER,
  JOB_RECOVER,
  JOB_UNLOCK,
} JobKind;

typedef struct {
  JobKind      kind;
  const gchar *name;
  gchar       *dir;            /* the fixture's files */
  gchar       *scenario;       /* the board, without faults */
  GBytes      *initial;        /* flash before the job */
  guint8      *intended;       /* flash after a successful job */
  guint8      *in_plan;        /* 1 where the plan may change a byte */
  guint32      backup_offset;  /* what the backup must hold (size 0: no backup) */
  guint32      backup_size;
  BwImage     *image;
  BwPlanFlags  flags;
  guint64      n_transfers;    /* of a clean run */
} JobSpec;

typedef struct {
  guint cases;
  guint failures_detected;
  guint successes;
  guint false_successes;
  guint unrecoverable;
  guint generic_errors;
  guint outside_changed;
  guint bad_backups;
  guint cancels_safe;
  guint cancels_unsafe;
} Counts;

/* Scenario lines: @before, then [@group] @key=N, then @after in that group. */
typedef struct {
  const gchar *name;
  const gchar *before;
  const gchar *group;
  const gchar *key;
  const gchar *after;
} FaultKind;

static const FaultKind fault_kinds[] = {
  { "unplug", "", "probe", "unplug-after-transfers", "" },
  { "flash-error", "", "faults", "flash-error-after-transfers", "" },
  { "bit-flip", "", "faults", "bit-flip-after-transfers", "bit-flip-mask=0x10\n" },
  { "swd-glitch", "", "faults", "swd-flaky-after-transfers", "" },
  { "swd-flaky", "[probe]\nswd-flaky-one-in=25\n", "faults", "swd-flaky-after-transfers", "" },
  { "power-loss", "", "faults", "power-loss-after-transfers", "" },
};

static Counts totals;
static GRand *cancel_rand;
static gboolean long_mode;
static gboolean verbose;

static guint
env_uint (const gchar *name, guint fallback)
{
  const gchar *value = g_getenv (name);

  return value != NULL && value[0] != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static GBytes *
load_real (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);

  return bw_test_load_bytes (path);
}

static BwImage *
image_at (BwImage *image, const gchar *name, guint32 address)
{
  g_autoptr(GBytes) bytes = load_real (name);

  g_assert_true (bw_image_add_data (image, address, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  return image;
}

static void
put_real (guint8 *flash, const gchar *name, guint32 offset)
{
  g_autoptr(GBytes) bytes = load_real (name);

  memcpy (flash + offset, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
job_spec_clear (JobSpec *spec)
{
  bw_test_rm_rf (spec->dir);
  g_free (spec->dir);
  g_free (spec->scenario);
  g_bytes_unref (spec->initial);
  g_free (spec->intended);
  g_free (spec->in_plan);
  g_clear_object (&spec->image);
}

/* The board before the job, what the job must leave, and where it may write. */
static void
job_spec_init (JobSpec *spec, JobKind kind)
{
  g_autofree guint8 *flash = g_malloc (MB);
  g_autofree gchar *flash_path = NULL;

  memset (spec, 0, sizeof *spec);
  spec->kind = kind;
  spec->dir = bw_test_make_tmpdir ();
  spec->intended = g_malloc (MB);
  spec->in_plan = g_malloc0 (MB);
  memset (flash, 0xFF, MB);
  flash_path = g_build_filename (spec->dir, "initial-flash.bin", NULL);

  switch (kind)
    {
    case JOB_INSTALL_BOOTLOADER:
      /* a working board with the 2019 bootloader: the new one replaces it */
      spec->name = "install-bootloader";
      put_real (flash, FW_HW60, 0);
      put_real (flash, BL_LEGACY, 0xE0000);
      memcpy (spec->intended, flash, MB);
      memset (spec->intended + 0xE0000, 0xFF, 0x20000);
      put_real (spec->intended, BL_HW60, 0xE0000);
      memset (spec->in_plan + 0xE0000, 1, 0x20000);
      spec->backup_offset = 0xE0000;
      spec->backup_size = 0x20000;
      spec->image = image_at (bw_image_new (), BL_HW60, 0x080E0000);
      spec->flags = BW_PLAN_FLAG_NONE;
      spec->scenario = g_strdup_printf ("[target]\nflash=%s\n", flash_path);
      break;
    case JOB_RECOVER:
      /* a board bricked by the wrong firmware: everything is rewritten */
      spec->name = "recover";
      put_real (flash, FW_HW410, 0);
      memset (spec->intended, 0xFF, MB);
      put_real (spec->intended, FW_HW60, 0);
      put_real (spec->intended, BL_HW60, 0xE0000);
      memset (spec->in_plan, 1, MB);
      spec->backup_offset = 0;
      spec->backup_size = MB;
      spec->image = image_at (image_at (bw_image_new (), FW_HW60, 0x08000000), BL_HW60, 0x080E0000);
      spec->flags = BW_PLAN_FLAG_MASS_ERASE | BW_PLAN_FLAG_WRITE_CONFIG;
      spec->scenario = g_strdup_printf ("[target]\nflash=%s\n", flash_path);
      break;
    case JOB_UNLOCK:
    default:
      /* a read-protected board: unlocking erases it all */
      spec->name = "unlock";
      put_real (flash, FW_HW60, 0);
      put_real (flash, BL_HW60, 0xE0000);
      memset (spec->intended, 0xFF, MB);
      memset (spec->in_plan, 1, MB);
      spec->scenario = g_strdup_printf ("[target]\nflash=%s\nrdp=1\n", flash_path);
      break;
    }
  g_assert_true (g_file_set_contents (flash_path, (const gchar *) flash, MB, NULL));
  spec->initial = g_bytes_new (flash, MB);
}

static gboolean
run_job (JobSpec *spec, BwTransport *transport, const gchar *backup_path, GCancellable *cancellable,
         GError **error)
{
  if (spec->kind == JOB_UNLOCK)
    {
      g_autoptr(BwMaintenanceJob) job = bw_maintenance_job_new (transport, BW_MAINTENANCE_UNLOCK);

      bw_maintenance_job_set_consent (job, TRUE);
      return bw_job_run_sync (BW_JOB (job), cancellable, error);
    }
  else
    {
      g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
      BwPlanOptions options = { .flags = spec->flags, .chip_id = BW_CHIP_ID_STM32F405, .backup_path = backup_path };
      g_autoptr(BwPlan) plan = bw_plan_new (spec->image, map, &options, error);
      g_autoptr(BwProgramJob) job = NULL;

      g_assert_nonnull (plan);
      job = bw_program_job_new (transport, plan, backup_path);
      return bw_job_run_sync (BW_JOB (job), cancellable, error);
    }
}

static gboolean
holds_intended (JobSpec *spec, BwSimTransport *transport)
{
  BwSimStm32f405 *target = bw_sim_transport_get_target (transport);
  gsize size = 0;
  const guint8 *flash = bw_sim_stm32f405_peek_flash (target, &size);

  if (size != MB || memcmp (flash, spec->intended, MB) != 0)
    return FALSE;
  return spec->kind != JOB_UNLOCK || bw_sim_stm32f405_get_rdp_byte (target) == 0xAA;
}

static guint
count_outside_changes (JobSpec *spec, BwSimTransport *transport)
{
  gsize size = 0;
  const guint8 *flash = bw_sim_stm32f405_peek_flash (bw_sim_transport_get_target (transport), &size);
  const guint8 *initial = g_bytes_get_data (spec->initial, NULL);
  guint changed = 0;

  for (gsize i = 0; i < MIN (size, (gsize) MB); i++)
    changed += !spec->in_plan[i] && flash[i] != initial[i];
  return changed;
}

/* Invariant 5: complete with a matching checksum and what the chip held, or absent. */
static gboolean
backup_is_sound (JobSpec *spec, const gchar *path, gboolean job_succeeded, gchar **why)
{
  g_autofree gchar *sha_path = g_strconcat (path, ".sha256", NULL);
  g_autofree gchar *sha_text = NULL;
  g_autofree gchar *actual_sha = NULL;
  g_autoptr(GBytes) contents = NULL;
  gsize size = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_file_test (sha_path, G_FILE_TEST_EXISTS))
        return (*why = g_strdup ("a .sha256 without its backup")), FALSE;
      if (job_succeeded && spec->backup_size > 0)
        return (*why = g_strdup ("the job succeeded without saving its backup")), FALSE;
      return TRUE;
    }
  if (spec->backup_size == 0)
    return (*why = g_strdup ("a backup from a job that makes none")), FALSE;
  contents = bw_test_load_bytes (path);
  if (!g_file_get_contents (sha_path, &sha_text, NULL, NULL))
    return (*why = g_strdup ("a backup without its .sha256")), FALSE;
  actual_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  if (!g_str_has_prefix (sha_text, actual_sha))
    return (*why = g_strdup ("the .sha256 does not match the backup")), FALSE;
  if (g_bytes_get_size (contents) != spec->backup_size)
    return (*why = g_strdup_printf ("the backup has %" G_GSIZE_FORMAT " bytes, not %u", g_bytes_get_size (contents),
                                    spec->backup_size)), FALSE;
  if (memcmp (g_bytes_get_data (contents, &size), (const guint8 *) g_bytes_get_data (spec->initial, NULL) +
              spec->backup_offset, spec->backup_size) != 0)
    return (*why = g_strdup ("the backup differs from what the chip held")), FALSE;
  return TRUE;
}

/* Invariant 2: a code that names the situation, with words and a next step. */
static gboolean
error_is_specific (const GError *error, gboolean cancelled_by_us)
{
  const gchar *summary;
  const gchar *action;

  if (error == NULL || error->domain != BW_ERROR)
    return FALSE;
  if (error->code == BW_ERROR_INTERNAL || error->code == BW_ERROR_INVALID_ARGUMENT ||
      error->code >= BW_ERROR_LAST)
    return FALSE;
  if (error->code == BW_ERROR_CANCELLED && !cancelled_by_us)
    return FALSE;
  summary = bw_error_advice_get_summary (error->code);
  action = bw_error_advice_get_action (error->code);
  return summary != NULL && summary[0] != '\0' && action != NULL && action[0] != '\0';
}

static void
report (const gchar *what, JobSpec *spec, const gchar *label, const gchar *detail)
{
  g_test_message ("%s: %s, %s: %s", what, spec->name, label, detail);
  if (verbose)
    g_printerr ("%s: %s, %s: %s\n", what, spec->name, label, detail);
}

/* One case: the job with @fault_text in the scenario (or a cancel after
 * @cancel_at transfers), then a rerun without either. */
static void
run_case (JobSpec *spec, Counts *counts, const gchar *label, const gchar *fault_text, guint64 cancel_at)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *state_dir = g_build_filename (dir, "state", NULL);
  g_autofree gchar *first_backup = g_build_filename (dir, "backup-1.bin", NULL);
  g_autofree gchar *second_backup = g_build_filename (dir, "backup-2.bin", NULL);
  g_autofree gchar *scenario_text = g_strconcat (spec->scenario, fault_text, NULL);
  g_autofree gchar *why = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  counts->cases++;
  {
    g_autoptr(BwSimState) state = bw_sim_state_new (state_dir, &error);
    g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data (scenario_text, &error);
    g_autoptr(BwSimTransport) transport = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(BwTestCancelTransport) canceller = NULL;
    g_autoptr(GError) job_error = NULL;
    guint changed;

    g_assert_no_error (error);
    transport = bw_sim_transport_new (scenario, state, &error);
    g_assert_no_error (error);
    if (cancel_at > 0)
      canceller = bw_test_cancel_transport_new (transport, cancellable, cancel_at);
    ok = run_job (spec, canceller != NULL ? BW_TRANSPORT (canceller) : BW_TRANSPORT (transport), first_backup,
                  cancellable, &job_error);
    if (canceller != NULL && bw_test_cancel_transport_fired (canceller))
      {
        if (bw_test_cancel_transport_fired_unsafe (canceller))
          counts->cancels_unsafe++;
        else
          counts->cancels_safe++;
      }
    if (ok)
      {
        counts->successes++;
        if (!holds_intended (spec, transport))
          {
            counts->false_successes++;
            report ("FALSE SUCCESS", spec, label, "the job said done, the flash differs from the plan");
          }
      }
    else
      {
        counts->failures_detected++;
        if (!error_is_specific (job_error, cancel_at > 0))
          {
            g_autofree gchar *detail = g_strdup_printf ("%s (%s)", job_error != NULL ? job_error->message : "no error",
                                                        job_error != NULL && job_error->domain == BW_ERROR ?
                                                        bw_error_to_string (job_error->code) : "foreign domain");
            counts->generic_errors++;
            report ("GENERIC ERROR", spec, label, detail);
          }
        else if (verbose)
          report ("failed", spec, label, job_error->message);
      }
    changed = count_outside_changes (spec, transport);
    if (changed > 0)
      {
        g_autofree gchar *detail = g_strdup_printf ("%u bytes outside the plan changed", changed);

        counts->outside_changed++;
        report ("OUTSIDE THE PLAN", spec, label, detail);
      }
    if (!backup_is_sound (spec, first_backup, ok, &why))
      {
        counts->bad_backups++;
        report ("BAD BACKUP", spec, label, why);
      }
    g_assert_true (bw_sim_transport_save (transport, &error));
    g_assert_no_error (error);
  }

  /* Plugged back in, powered, no fault: the same job must finish the work.
   * A verified success already left the intended bytes (checked above), so
   * only failures need the second run. */
  if (!ok)
    {
      g_autoptr(BwSimState) state = bw_sim_state_new (state_dir, &error);
      g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data (spec->scenario, &error);
      g_autoptr(BwSimTransport) transport = NULL;
      g_autoptr(GError) rerun_error = NULL;

      g_assert_no_error (error);
      transport = bw_sim_transport_new (scenario, state, &error);
      g_assert_no_error (error);
      if (!run_job (spec, BW_TRANSPORT (transport), second_backup, NULL, &rerun_error) ||
          !holds_intended (spec, transport))
        {
          counts->unrecoverable++;
          report ("UNRECOVERABLE", spec, label, rerun_error != NULL ? rerun_error->message : "the rerun left the wrong bytes");
        }
      else if (count_outside_changes (spec, transport) > 0)
        {
          counts->outside_changed++;
          report ("OUTSIDE THE PLAN", spec, label, "the rerun changed bytes outside the plan");
        }
    }
  bw_test_rm_rf (dir);
}

static void
add_counts (Counts *to, const Counts *from)
{
  to->cases += from->cases;
  to->failures_detected += from->failures_detected;
  to->successes += from->successes;
  to->false_successes += from->false_successes;
  to->unrecoverable += from->unrecoverable;
  to->generic_errors += from->generic_errors;
  to->outside_changed += from->outside_changed;
  to->bad_backups += from->bad_backups;
  to->cancels_safe += from->cancels_safe;
  to->cancels_unsafe += from->cancels_unsafe;
}

static gchar *
format_counts (const gchar *name, const Counts *c)
{
  return g_strdup_printf ("%s: %u cases, %u failures detected, %u successes, %u false successes, "
                          "%u unrecoverable states, %u generic errors, %u changes outside the plan, "
                          "%u bad backups; cancels landed %u at safe and %u at unsafe moments",
                          name, c->cases, c->failures_detected, c->successes, c->false_successes,
                          c->unrecoverable, c->generic_errors, c->outside_changed, c->bad_backups,
                          c->cancels_safe, c->cancels_unsafe);
}

static void
test_job_matrix (gconstpointer data)
{
  JobSpec spec;
  Counts counts = { 0 };
  guint points;
  guint cancels;
  guint64 k;
  g_autofree gchar *summary = NULL;

  job_spec_init (&spec, GPOINTER_TO_INT (data));

  /* a clean run: it must succeed, and it says how many transfers the job takes */
  {
    g_autofree gchar *dir = bw_test_make_tmpdir ();
    g_autofree gchar *backup = g_build_filename (dir, "backup.bin", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data (spec.scenario, &error);
    g_autoptr(BwSimTransport) transport = bw_sim_transport_new (scenario, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (run_job (&spec, BW_TRANSPORT (transport), backup, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (holds_intended (&spec, transport));
    spec.n_transfers = bw_sim_transport_get_n_transfers (transport);
    bw_test_rm_rf (dir);
  }

  /* A recovery rewrites 512 KB through the loader on the simulated core
   * (seconds under ASan), so the bounded run strikes it at fewer points. */
  if (long_mode)
    points = spec.n_transfers <= 2000 ? (guint) spec.n_transfers : 100;
  else
    points = env_uint ("BW_FAULTS_POINTS", spec.kind == JOB_RECOVER ? 2 : 8);
  cancels = env_uint ("BW_FAULTS_CANCELS", long_mode ? 100 : (spec.kind == JOB_RECOVER ? 1 : 6));
  k = MAX ((guint64) 1, spec.n_transfers / MAX (points, 1u));
  g_test_message ("%s: %" G_GUINT64_FORMAT " transfers in a clean run; each fault at every k-th transfer, k = %"
                  G_GUINT64_FORMAT "; %u cancels", spec.name, spec.n_transfers, k, cancels);

  for (guint f = 0; f < G_N_ELEMENTS (fault_kinds); f++)
    for (guint64 n = k; n <= spec.n_transfers; n += k)
      {
        const FaultKind *fault = &fault_kinds[f];
        g_autofree gchar *text = g_strdup_printf ("%s[%s]\n%s=%" G_GUINT64_FORMAT "\n%s", fault->before, fault->group,
                                                  fault->key, n, fault->after);
        g_autofree gchar *label = g_strdup_printf ("%s after %" G_GUINT64_FORMAT " transfers", fault_kinds[f].name, n);

        run_case (&spec, &counts, label, text, 0);
      }
  for (guint c = 0; c < cancels; c++)
    {
      guint64 at = (guint64) g_rand_int_range (cancel_rand, 1, (gint32) MIN (spec.n_transfers, (guint64) G_MAXINT32) + 1);
      g_autofree gchar *label = g_strdup_printf ("cancel after %" G_GUINT64_FORMAT " transfers", at);

      run_case (&spec, &counts, label, "", at);
    }

  summary = format_counts (spec.name, &counts);
  g_test_message ("%s", summary);
  g_print ("# %s\n", summary);
  add_counts (&totals, &counts);
  job_spec_clear (&spec);

  g_assert_cmpuint (counts.false_successes, ==, 0);
  g_assert_cmpuint (counts.unrecoverable, ==, 0);
  g_assert_cmpuint (counts.generic_errors, ==, 0);
  g_assert_cmpuint (counts.outside_changed, ==, 0);
  g_assert_cmpuint (counts.bad_backups, ==, 0);
  /* the matrix must actually break things */
  g_assert_cmpuint (counts.failures_detected, >, 0);
}

int
main (int argc, char **argv)
{
  const gchar *seed_text = g_getenv ("BW_FAULTS_SEED");
  guint32 seed;
  int status;

  g_test_init (&argc, &argv, NULL);
  long_mode = g_strcmp0 (g_getenv ("BW_FAULTS_LONG"), "1") == 0;
  verbose = g_strcmp0 (g_getenv ("BW_FAULTS_VERBOSE"), "1") == 0;
  seed = seed_text != NULL && seed_text[0] != '\0' ? (guint32) g_ascii_strtoull (seed_text, NULL, 10)
                                                   : g_random_int ();
  cancel_rand = g_rand_new_with_seed (seed);
  g_print ("# fault matrix: BW_FAULTS_SEED=%u%s\n", seed, long_mode ? " (long mode)" : "");

  g_test_add_data_func ("/faults/install-bootloader", GINT_TO_POINTER (JOB_INSTALL_BOOTLOADER), test_job_matrix);
  g_test_add_data_func ("/faults/recover", GINT_TO_POINTER (JOB_RECOVER), test_job_matrix);
  g_test_add_data_func ("/faults/unlock", GINT_TO_POINTER (JOB_UNLOCK), test_job_matrix);
  status = g_test_run ();

  {
    g_autofree gchar *summary = format_counts ("all jobs", &totals);

    g_print ("# %s\n", summary);
    g_print ("# cases: %u, failures detected: %u, false successes: %u, unrecoverable states: %u (seed %u)\n",
             totals.cases, totals.failures_detected, totals.false_successes, totals.unrecoverable, seed);
  }
  g_rand_free (cancel_rand);
  return status;
}

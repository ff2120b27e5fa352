/* bw-program-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the steps of a BwPlan in order. Cancellation is honoured between
 * steps and between chunks, never inside an erase or a program operation;
 * whatever happens, the flash controller is locked again and the result
 * says what state the chip was left in, so that the user knows that a
 * second run will put things right.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-error.h"
#include "bw-image-save.h"
#include "bw-job-private.h"
#include "bw-program-job.h"
#include "bw-session.h"

struct _BwProgramJob
{
  BwJob                parent_instance;
  BwTransport         *transport;
  BwPlan              *plan;
  gchar               *backup_path;
  BwStlinkConnectMode  connect_mode;
  gdouble              supply_voltage; /* < 0: read it from the probe */

  /* written by the worker, read after "finished" */
  gchar               *chip_state;
  gchar               *backup_sha256;
};

G_DEFINE_FINAL_TYPE (BwProgramJob, bw_program_job, BW_TYPE_JOB)

static void
bw_program_job_finalize (GObject *object)
{
  BwProgramJob *self = BW_PROGRAM_JOB (object);

  g_clear_object (&self->transport);
  g_clear_object (&self->plan);
  g_free (self->backup_path);
  g_free (self->chip_state);
  g_free (self->backup_sha256);
  G_OBJECT_CLASS (bw_program_job_parent_class)->finalize (object);
}

static void
set_chip_state (BwProgramJob *self, const gchar *state)
{
  g_free (self->chip_state);
  self->chip_state = g_strdup (state);
}

/* Phase weights: the simulated time of each step, in us, at 3.3 V (x32)
 * with an ST-Link V2 at 4 MHz. Erase times are those of the timing table
 * (spec/sim-timing.md); the rest was measured on the simulator
 * (tests/job/test-job-progress.c checks that the bar follows the clock):
 * reading over SWD about 4.2 us a byte, erased blocks (which the core
 * finds while the job connects) not at all; writing what the flash driver
 * estimates for its RAM loader; the hash on the core about 0.1 us a byte. */
#define CONNECT_WEIGHT_US 5000u

static guint
step_weight (const BwPlanStep *step, gsize erased)
{
  switch (step->kind)
    {
    case BW_PLAN_STEP_BACKUP:
      return 1000 + (guint) ((guint64) (step->size - erased) * 42 / 10);
    case BW_PLAN_STEP_VERIFY:
      return 5000 + step->size / 10;
    case BW_PLAN_STEP_ERASE_SECTOR:
      return 6000 + (step->size <= 16 * 1024 ? 250000 : (step->size <= 64 * 1024 ? 550000 : 1000000));
    case BW_PLAN_STEP_MASS_ERASE:
      return 8050000;
    case BW_PLAN_STEP_WRITE:
      return 1000 + bw_stm32f4_flash_estimate_program_us (step->size);
    case BW_PLAN_STEP_RESET:
    default:
      return 4000;
    }
}

static BwProgressPhase
step_phase (const BwPlanStep *step)
{
  switch (step->kind)
    {
    case BW_PLAN_STEP_BACKUP:
      return BW_PROGRESS_PHASE_BACKUP;
    case BW_PLAN_STEP_ERASE_SECTOR:
    case BW_PLAN_STEP_MASS_ERASE:
      return BW_PROGRESS_PHASE_ERASE;
    case BW_PLAN_STEP_WRITE:
      return BW_PROGRESS_PHASE_WRITE;
    case BW_PLAN_STEP_VERIFY:
      return BW_PROGRESS_PHASE_VERIFY;
    case BW_PLAN_STEP_RESET:
    default:
      return BW_PROGRESS_PHASE_RESET;
    }
}

/* The chip must be the one the plan was made for, and writable. */
static gboolean
check_session (BwProgramJob *self, BwSession *session, GError **error)
{
  BwTarget *target = bw_session_get_target (session);
  BwFlashMap *plan_map = bw_plan_get_flash_map (self->plan);
  BwFlashMap *chip_map = bw_target_get_flash_map (target);
  guint16 wrp = 0;

  bw_job_log (BW_JOB (self), "connected to %s with %u KB of flash, id %s",
              bw_flash_map_get_chip_name (chip_map), bw_target_get_flash_kb (target),
              bw_target_get_unique_id (target));
  if (bw_flash_map_get_size (plan_map) != bw_flash_map_get_size (chip_map))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_MISMATCH,
                   "the plan is for %s, but the probe found %s",
                   bw_flash_map_get_chip_name (plan_map), bw_flash_map_get_chip_name (chip_map));
      return FALSE;
    }
  if (!bw_session_check_not_read_protected (session, error) ||
      !bw_stm32f4_flash_read_protection (bw_session_get_flash (session), NULL, &wrp, error))
    return FALSE;
  if ((wrp & bw_plan_get_erase_mask (self->plan)) != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_WRITE_PROTECTED,
                   "sectors the plan erases are write-protected (mask 0x%03X)",
                   wrp & bw_plan_get_erase_mask (self->plan));
      return FALSE;
    }
  bw_job_log (BW_JOB (self), "target voltage %.2f V: programming %u bits at a time",
              bw_session_get_voltage (session),
              8u << bw_stm32f4_flash_psize_for_voltage (bw_session_get_voltage (session)));
  return TRUE;
}

static gboolean
run_backup (BwProgramJob *self, BwStm32f4Flash *flash, const BwPlanStep *step, BwImage *backup,
            BwProgress *progress, GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *buffer = g_malloc (step->size);
  g_autoptr(BwImage) part = bw_image_new ();

  if (!bw_stm32f4_flash_read (flash, step->address, buffer, step->size, progress, cancellable, error) ||
      !bw_image_add_data (part, step->address, buffer, step->size, error))
    return FALSE;
  /* a bit that flipped on the way must not become the user's only copy */
  if (!bw_stm32f4_flash_verify_image (flash, part, NULL, cancellable, error))
    {
      if (error != NULL && g_error_matches (*error, BW_ERROR, BW_ERROR_VERIFY_MISMATCH))
        g_prefix_error (error, "the backup read differs from the chip (an unreliable SWD connection?): ");
      return FALSE;
    }
  return bw_image_add_data (backup, step->address, buffer, step->size, error);
}

static gboolean
save_backup (BwProgramJob *self, BwImage *backup, GError **error)
{
  g_free (self->backup_sha256);
  self->backup_sha256 = NULL;
  if (!bw_image_save (backup, self->backup_path, &self->backup_sha256, error))
    {
      g_prefix_error (error, "saving the backup: ");
      return FALSE;
    }
  bw_job_log (BW_JOB (self), "backup of %" G_GSIZE_FORMAT " bytes saved to %s (sha256 %s)",
              bw_image_get_size (backup), self->backup_path, self->backup_sha256);
  return TRUE;
}

static gboolean
run_verify (BwProgramJob *self, BwStm32f4Flash *flash, BwProgress *progress, GCancellable *cancellable,
            GError **error)
{
  return bw_stm32f4_flash_verify_image (flash, bw_plan_get_write_image (self->plan), progress, cancellable,
                                        error);
}

static gboolean
run_step (BwProgramJob *self, BwSession *session, const BwPlanStep *step,
          BwImage *backup, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwStm32f4Flash *flash = bw_session_get_flash (session);
  BwStlink *stlink = bw_session_get_stlink (session);

  switch (step->kind)
    {
    case BW_PLAN_STEP_BACKUP:
      return run_backup (self, flash, step, backup, progress, cancellable, error);
    case BW_PLAN_STEP_ERASE_SECTOR:
      bw_job_log (BW_JOB (self), "erasing sector %u", step->sector);
      return bw_stm32f4_flash_unlock (flash, error) && bw_stm32f4_flash_erase_sector (flash, step->sector, error);
    case BW_PLAN_STEP_MASS_ERASE:
      bw_job_log (BW_JOB (self), "erasing the whole chip");
      return bw_stm32f4_flash_unlock (flash, error) && bw_stm32f4_flash_mass_erase (flash, error);
    case BW_PLAN_STEP_WRITE:
      {
        g_autofree guint8 *data = g_malloc (step->size);

        if (!bw_image_read (bw_plan_get_write_image (self->plan), step->address, data, step->size))
          {
            g_set_error (error, BW_ERROR, BW_ERROR_INTERNAL, "the plan writes bytes its image lacks");
            return FALSE;
          }
        bw_job_log (BW_JOB (self), "writing %u bytes at 0x%08X", step->size, step->address);
        return bw_stm32f4_flash_unlock (flash, error) &&
               bw_stm32f4_flash_program_fast (flash, step->address, data, step->size, progress, cancellable,
                                              error);
      }
    case BW_PLAN_STEP_VERIFY:
      if (!bw_stm32f4_flash_lock (flash, error))
        return FALSE;
      return run_verify (self, flash, progress, cancellable, error);
    case BW_PLAN_STEP_RESET:
      bw_job_log (BW_JOB (self), "resetting the chip");
      return bw_stlink_reset (stlink, BW_STLINK_RESET_SYSTEM, FALSE, error) && bw_stlink_run (stlink, error);
    default:
      g_assert_not_reached ();
    }
}

/* What the chip holds after the job stopped at @step_index (not done). */
static gchar *
describe_state (BwProgramJob *self, guint step_index)
{
  guint32 base = bw_flash_map_get_base (bw_plan_get_flash_map (self->plan));
  gboolean erased = FALSE;
  gboolean written = FALSE;
  gboolean vectors_erased = FALSE;
  gboolean vectors_written = FALSE;

  for (guint i = 0; i < step_index; i++)
    {
      const BwPlanStep *step = bw_plan_get_step (self->plan, i);

      switch (step->kind)
        {
        case BW_PLAN_STEP_MASS_ERASE:
          erased = vectors_erased = TRUE;
          break;
        case BW_PLAN_STEP_ERASE_SECTOR:
          erased = TRUE;
          vectors_erased |= step->sector == 0;
          break;
        case BW_PLAN_STEP_WRITE:
          written = TRUE;
          vectors_written |= step->address == base;
          break;
        case BW_PLAN_STEP_BACKUP:
        case BW_PLAN_STEP_VERIFY:
        case BW_PLAN_STEP_RESET:
        default:
          break;
        }
    }
  if (step_index >= bw_plan_get_n_steps (self->plan))
    return g_strdup (_("The chip holds the new image, verified."));
  if (vectors_erased && !vectors_written)
    return g_strdup (_("The chip is partly erased or written and will not start until the same job is run again."));
  if (written)
    return g_strdup (_("The chip is partly written. Run the same job again to finish it."));
  if (erased)
    return g_strdup (_("Sectors were erased but nothing was written yet. Run the same job again."));
  return g_strdup (_("Nothing on the chip was changed."));
}

static gboolean
bw_program_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwProgramJob *self = BW_PROGRAM_JOB (job);
  g_autoptr(BwSession) session = NULL;
  g_autoptr(BwImage) backup = bw_image_new ();
  guint n_steps = bw_plan_get_n_steps (self->plan);
  guint done_steps = 0;
  gboolean backup_pending = FALSE;
  gboolean ok = TRUE;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, CONNECT_WEIGHT_US);
  set_chip_state (self, _("Nothing on the chip was changed."));

  session = bw_session_open (self->transport, self->connect_mode, bw_job_get_swd_khz (job), self->supply_voltage,
                             error);
  if (session == NULL || !check_session (self, session, error))
    return FALSE;
  /* the steps' weights, now that the chip can say what a backup will read */
  for (guint i = 0; i < n_steps; i++)
    {
      const BwPlanStep *step = bw_plan_get_step (self->plan, i);
      gsize erased = step->kind == BW_PLAN_STEP_BACKUP
                       ? bw_stm32f4_flash_count_erased (bw_session_get_flash (session), step->address, step->size)
                       : 0;

      bw_progress_add_step (progress, step_phase (step), step_weight (step, erased));
    }
  bw_progress_step_done (progress);

  for (; done_steps < n_steps && ok; done_steps++)
    {
      const BwPlanStep *step = bw_plan_get_step (self->plan, done_steps);

      /* the backup is on disk before the first erase */
      if (backup_pending && step->kind != BW_PLAN_STEP_BACKUP)
        {
          if (!save_backup (self, backup, error))
            {
              ok = FALSE;
              break;
            }
          backup_pending = FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      ok = run_step (self, session, step, backup, bw_progress_get_child (progress), cancellable, error);
      if (ok)
        {
          backup_pending |= step->kind == BW_PLAN_STEP_BACKUP;
          bw_progress_step_done (progress);
        }
    }

  if (ok && backup_pending)
    ok = save_backup (self, backup, error);

  /* a failed or cancelled job still leaves the controller locked */
  {
    g_autoptr(GError) lock_error = NULL;
    g_autofree gchar *state = describe_state (self, done_steps);

    if (!bw_stm32f4_flash_lock (bw_session_get_flash (session), &lock_error))
      g_debug ("could not lock the flash after the job: %s", lock_error->message);
    set_chip_state (self, state);
    if (!ok)
      {
        bw_error_convert (error);
        bw_session_explain_error (session, error);
        g_prefix_error (error, "%s ", state);
        bw_job_log (job, "stopped: %s", (*error)->message);
        return FALSE;
      }
  }
  bw_job_log (job, "done: %s", self->chip_state);
  return TRUE;
}

static void
bw_program_job_class_init (BwProgramJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_program_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_program_job_run;
}

static void
bw_program_job_init (BwProgramJob *self)
{
  self->connect_mode = BW_STLINK_CONNECT_NORMAL;
  self->supply_voltage = -1.0;
}

/* @backup_path is where BACKUP steps save to; the plan says whether there are any. */
BwProgramJob *
bw_program_job_new (BwTransport *transport, BwPlan *plan, const gchar *backup_path)
{
  BwProgramJob *self;

  g_return_val_if_fail (BW_IS_TRANSPORT (transport), NULL);
  g_return_val_if_fail (BW_IS_PLAN (plan), NULL);

  self = g_object_new (BW_TYPE_PROGRAM_JOB, NULL);
  self->transport = g_object_ref (transport);
  self->plan = g_object_ref (plan);
  self->backup_path = g_strdup (backup_path);
  return self;
}

void
bw_program_job_set_connect_mode (BwProgramJob *self, BwStlinkConnectMode mode)
{
  g_return_if_fail (BW_IS_PROGRAM_JOB (self));
  g_return_if_fail (!bw_job_is_running (BW_JOB (self)));
  self->connect_mode = mode;
}

/* For clones whose voltage sense pin is not wired: the board profile's
 * supply decides the program size. */
void
bw_program_job_set_supply_voltage (BwProgramJob *self, gdouble volts)
{
  g_return_if_fail (BW_IS_PROGRAM_JOB (self));
  g_return_if_fail (!bw_job_is_running (BW_JOB (self)));
  self->supply_voltage = volts;
}

/* After "finished": what the chip holds, in words. */
const gchar *
bw_program_job_get_chip_state (BwProgramJob *self)
{
  g_return_val_if_fail (BW_IS_PROGRAM_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->chip_state;
}

const gchar *
bw_program_job_get_backup_sha256 (BwProgramJob *self)
{
  g_return_val_if_fail (BW_IS_PROGRAM_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->backup_sha256;
}

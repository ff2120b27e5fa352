/* bw-maintenance-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-job-private.h"
#include "bw-maintenance-job.h"
#include "bw-session.h"

struct _BwMaintenanceJob
{
  BwJob                parent_instance;
  BwTransport         *transport;
  BwMaintenanceAction  action;
  guint32              sectors;
  gboolean             consent;
  BwStlinkConnectMode  connect_mode;
};

G_DEFINE_FINAL_TYPE (BwMaintenanceJob, bw_maintenance_job, BW_TYPE_JOB)

static gboolean
erase_sectors (BwMaintenanceJob *self, BwSession *session, BwProgress *progress, GCancellable *cancellable,
               GError **error)
{
  BwStm32f4Flash *flash = bw_session_get_flash (session);
  BwFlashMap *map = bw_target_get_flash_map (bw_session_get_target (session));
  guint n = bw_flash_map_get_n_sectors (map);
  guint done = 0;
  guint total = 0;

  if ((self->sectors >> n) != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "this chip has only sectors 0 to %u", n - 1);
      return FALSE;
    }
  for (guint s = 0; s < n; s++)
    total += (self->sectors >> s) & 1u;
  if (!bw_stm32f4_flash_unlock (flash, error))
    return FALSE;
  for (guint s = 0; s < n; s++)
    {
      if ((self->sectors & (1u << s)) == 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      bw_job_log (BW_JOB (self), "erasing sector %u", s);
      if (!bw_stm32f4_flash_erase_sector (flash, s, error))
        return FALSE;
      done++;
      bw_progress_set_bytes (progress, done, total);
    }
  return bw_stm32f4_flash_lock (flash, error);
}

static gboolean
run_action (BwMaintenanceJob *self, BwSession *session, BwProgress *progress, GCancellable *cancellable,
            GError **error)
{
  BwStm32f4Flash *flash = bw_session_get_flash (session);

  switch (self->action)
    {
    case BW_MAINTENANCE_ERASE_SECTORS:
      if (!bw_session_check_not_read_protected (session, error) ||
          !erase_sectors (self, session, progress, cancellable, error))
        return FALSE;
      return TRUE;
    case BW_MAINTENANCE_MASS_ERASE:
      bw_job_log (BW_JOB (self), "erasing the whole chip");
      if (!bw_session_check_not_read_protected (session, error) || !bw_stm32f4_flash_unlock (flash, error) ||
          !bw_stm32f4_flash_mass_erase (flash, error) || !bw_stm32f4_flash_lock (flash, error))
        return FALSE;
      return TRUE;
    case BW_MAINTENANCE_UNLOCK:
      {
        guint8 rdp = 0xAA;

        if (!bw_stm32f4_flash_read_protection (flash, &rdp, NULL, error))
          return FALSE;
        if (rdp == 0xAA)
          {
            bw_job_log (BW_JOB (self), "the chip is not read-protected: nothing to do");
            return TRUE;
          }
        if (rdp == 0xCC)
          {
            g_set_error_literal (error, BW_ERROR, BW_ERROR_READ_PROTECTED,
                                 "the chip is at RDP level 2, which can never be removed");
            return FALSE;
          }
        bw_job_log (BW_JOB (self), "removing the read protection; the chip erases its flash");
        if (!bw_stm32f4_flash_remove_read_protection (flash, error))
          return FALSE;
        /* the new option bytes take effect at the next reset */
        if (!bw_stlink_reset (bw_session_get_stlink (session), BW_STLINK_RESET_SYSTEM, TRUE, error))
          return FALSE;
        return TRUE;
      }
    case BW_MAINTENANCE_RESET:
      bw_job_log (BW_JOB (self), "resetting the chip");
      if (!bw_stlink_reset (bw_session_get_stlink (session), BW_STLINK_RESET_SYSTEM, FALSE, error) ||
          !bw_stlink_run (bw_session_get_stlink (session), error))
        return FALSE;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
bw_maintenance_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwMaintenanceJob *self = BW_MAINTENANCE_JOB (job);
  g_autoptr(BwSession) session = NULL;
  BwProgressPhase phase = self->action == BW_MAINTENANCE_RESET ? BW_PROGRESS_PHASE_RESET : BW_PROGRESS_PHASE_ERASE;

  if (self->action != BW_MAINTENANCE_RESET && !self->consent)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                           "erasing needs the user's consent, and none was given");
      return FALSE;
    }
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, phase, 99);
  session = bw_session_open (self->transport, self->connect_mode, bw_job_get_swd_khz (job), -1.0, error);
  if (session == NULL)
    return FALSE;
  bw_progress_step_done (progress);

  if (!run_action (self, session, bw_progress_get_child (progress), cancellable, error))
    {
      bw_session_explain_error (session, error);
      return FALSE;
    }
  bw_progress_step_done (progress);
  return TRUE;
}

static void
bw_maintenance_job_finalize (GObject *object)
{
  g_clear_object (&BW_MAINTENANCE_JOB (object)->transport);
  G_OBJECT_CLASS (bw_maintenance_job_parent_class)->finalize (object);
}

static void
bw_maintenance_job_class_init (BwMaintenanceJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_maintenance_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_maintenance_job_run;
}

static void
bw_maintenance_job_init (BwMaintenanceJob *self)
{
  self->connect_mode = BW_STLINK_CONNECT_NORMAL;
}

BwMaintenanceJob *
bw_maintenance_job_new (BwTransport *transport, BwMaintenanceAction action)
{
  BwMaintenanceJob *self;

  g_return_val_if_fail (BW_IS_TRANSPORT (transport), NULL);

  self = g_object_new (BW_TYPE_MAINTENANCE_JOB, NULL);
  self->transport = g_object_ref (transport);
  self->action = action;
  return self;
}

void
bw_maintenance_job_set_sectors (BwMaintenanceJob *self, guint32 sector_mask)
{
  g_return_if_fail (BW_IS_MAINTENANCE_JOB (self));
  self->sectors = sector_mask;
}

void
bw_maintenance_job_set_consent (BwMaintenanceJob *self, gboolean consent)
{
  g_return_if_fail (BW_IS_MAINTENANCE_JOB (self));
  self->consent = consent;
}

void
bw_maintenance_job_set_connect_mode (BwMaintenanceJob *self, BwStlinkConnectMode mode)
{
  g_return_if_fail (BW_IS_MAINTENANCE_JOB (self));
  self->connect_mode = mode;
}

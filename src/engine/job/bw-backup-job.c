/* bw-backup-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-backup-job.h"
#include "bw-error.h"
#include "bw-image-save.h"
#include "bw-job-private.h"
#include "bw-session.h"

struct _BwBackupJob
{
  BwJob                parent_instance;
  BwTransport         *transport;
  gchar               *path;
  guint32              address;
  guint32              size;
  BwStlinkConnectMode  connect_mode;
  gchar               *sha256;
};

G_DEFINE_FINAL_TYPE (BwBackupJob, bw_backup_job, BW_TYPE_JOB)

static gboolean
bw_backup_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwBackupJob *self = BW_BACKUP_JOB (job);
  g_autoptr(BwSession) session = NULL;
  g_autoptr(BwImage) image = bw_image_new ();
  g_autofree guint8 *buffer = NULL;
  BwFlashMap *map;
  guint32 size = self->size;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_BACKUP, 99);
  session = bw_session_open (self->transport, self->connect_mode, bw_job_get_swd_khz (job), -1.0, error);
  if (session == NULL || !bw_session_check_not_read_protected (session, error))
    return FALSE;
  map = bw_target_get_flash_map (bw_session_get_target (session));
  if (size == 0 && self->address >= bw_flash_map_get_base (map))
    size = (guint32) (bw_flash_map_get_end (map) - self->address);
  if (size == 0 || !bw_flash_map_contains (map, self->address, (guint64) self->address + size))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   "0x%08X-0x%08" G_GINT64_MODIFIER "X is not inside the chip's flash (0x%08X-0x%08" G_GINT64_MODIFIER "X)",
                   self->address, (guint64) self->address + MAX (size, 1u) - 1, bw_flash_map_get_base (map),
                   bw_flash_map_get_end (map) - 1);
      return FALSE;
    }
  bw_progress_step_done (progress);

  bw_job_log (job, "reading %u bytes at 0x%08X", size, self->address);
  buffer = g_malloc (size);
  if (!bw_stm32f4_flash_read (bw_session_get_flash (session), self->address, buffer, size,
                              bw_progress_get_child (progress), cancellable, error))
    {
      bw_session_explain_error (session, error);
      return FALSE;
    }
  if (!bw_image_add_data (image, self->address, buffer, size, error))
    return FALSE;
  /* a bit that flipped on the way must not become the user's only copy:
   * the core hashes what the flash holds and the two must agree */
  if (!bw_stm32f4_flash_verify_image (bw_session_get_flash (session), image, NULL, cancellable, error))
    {
      if (error != NULL && g_error_matches (*error, BW_ERROR, BW_ERROR_VERIFY_MISMATCH))
        g_prefix_error (error, "the backup read differs from the chip (an unreliable SWD connection?): ");
      else
        bw_session_explain_error (session, error);
      return FALSE;
    }
  if (!bw_image_save (image, self->path, &self->sha256, error))
    return FALSE;
  bw_job_log (job, "saved %s (sha256 %s)", self->path, self->sha256);
  bw_progress_step_done (progress);
  return TRUE;
}

static void
bw_backup_job_finalize (GObject *object)
{
  BwBackupJob *self = BW_BACKUP_JOB (object);

  g_clear_object (&self->transport);
  g_free (self->path);
  g_free (self->sha256);
  G_OBJECT_CLASS (bw_backup_job_parent_class)->finalize (object);
}

static void
bw_backup_job_class_init (BwBackupJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_backup_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_backup_job_run;
}

static void
bw_backup_job_init (BwBackupJob *self)
{
  self->connect_mode = BW_STLINK_CONNECT_NORMAL;
}

BwBackupJob *
bw_backup_job_new (BwTransport *transport, const gchar *path, guint32 address, guint32 size)
{
  BwBackupJob *self;

  g_return_val_if_fail (BW_IS_TRANSPORT (transport), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BW_TYPE_BACKUP_JOB, NULL);
  self->transport = g_object_ref (transport);
  self->path = g_strdup (path);
  self->address = address;
  self->size = size;
  return self;
}

void
bw_backup_job_set_connect_mode (BwBackupJob *self, BwStlinkConnectMode mode)
{
  g_return_if_fail (BW_IS_BACKUP_JOB (self));
  self->connect_mode = mode;
}

const gchar *
bw_backup_job_get_sha256 (BwBackupJob *self)
{
  g_return_val_if_fail (BW_IS_BACKUP_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->sha256;
}

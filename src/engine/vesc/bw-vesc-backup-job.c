/* bw-vesc-backup-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attach, refuse a read-protected chip (its flash reads as zeros, which
 * would make a backup that looks real), read with COMM_BM_MEM_READ, save
 * atomically, release the target.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-error.h"
#include "bw-image-save.h"
#include "bw-job-private.h"
#include "bw-vesc-backup-job.h"
#include "bw-vesc-commands.h"
#include "bw-vesc-swd-programmer.h"

struct _BwVescBackupJob
{
  BwJob    parent_instance;
  gchar   *port;
  gchar   *path;
  guint32  address;
  guint32  size;
  guint    timeout_divisor;
  gchar   *sha256;
};

G_DEFINE_FINAL_TYPE (BwVescBackupJob, bw_vesc_backup_job, BW_TYPE_JOB)

static gboolean
read_and_save (BwVescBackupJob *self, BwVescSwdProgrammer *programmer, BwProgress *progress,
               GCancellable *cancellable, GError **error)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autofree guint8 *buffer = NULL;
  BwVescSwdChipInfo chip = { 0 };
  guint64 flash_end;
  guint32 size = self->size;

  if (!bw_vesc_swd_programmer_read_chip_info (programmer, &chip, cancellable, error))
    return FALSE;
  if (chip.rdp_byte != 0xAA)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED,
                   _("the chip is read-protected (RDP byte 0x%02X): its flash cannot be read, so there is nothing "
                     "to back up"), chip.rdp_byte);
      return FALSE;
    }
  flash_end = (guint64) BW_VESC_FIRMWARE_ADDRESS + (guint64) chip.flash_kb * 1024;
  if (size == 0 && self->address >= BW_VESC_FIRMWARE_ADDRESS && self->address < flash_end)
    size = (guint32) (flash_end - self->address);
  if (size == 0 || self->address < BW_VESC_FIRMWARE_ADDRESS || (guint64) self->address + size > flash_end)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   _("0x%08lX-0x%08lX is not inside the chip's flash (0x%08X-0x%08lX)"),
                   (gulong) self->address, (gulong) ((guint64) self->address + MAX (size, 1u) - 1),
                   BW_VESC_FIRMWARE_ADDRESS, (gulong) (flash_end - 1));
      return FALSE;
    }
  bw_progress_step_done (progress);

  bw_job_log (BW_JOB (self), "reading %u bytes at 0x%08X through the programmer VESC", size, self->address);
  buffer = g_malloc (size);
  if (!bw_vesc_swd_programmer_read (programmer, self->address, buffer, size, bw_progress_get_child (progress),
                                    cancellable, error))
    return FALSE;
  g_free (self->sha256);
  self->sha256 = NULL;
  if (!bw_image_add_data (image, self->address, buffer, size, error) ||
      !bw_image_save (image, self->path, &self->sha256, error))
    return FALSE;
  bw_job_log (BW_JOB (self), "saved %s (sha256 %s)", self->path, self->sha256);
  bw_progress_step_done (progress);
  return TRUE;
}

static gboolean
bw_vesc_backup_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwVescBackupJob *self = BW_VESC_BACKUP_JOB (job);
  g_autoptr(BwVescClient) client = NULL;
  g_autoptr(BwVescSwdProgrammer) programmer = NULL;
  g_autoptr(BwVescFwInfo) info = NULL;
  g_autofree gchar *describe = NULL;
  gboolean ok;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_BACKUP, 99);

  client = bw_vesc_client_open (self->port, error);
  if (client == NULL)
    return FALSE;
  bw_vesc_client_set_timeout_divisor (client, self->timeout_divisor);
  programmer = bw_vesc_swd_programmer_new (client);
  info = bw_vesc_swd_programmer_identify (programmer, cancellable, error);
  if (info == NULL)
    return FALSE;
  describe = bw_vesc_fw_info_describe (info);
  bw_job_log (job, "programmer VESC on %s: %s", self->port, describe);
  if (!bw_vesc_swd_programmer_connect (programmer, cancellable, error))
    return FALSE;
  ok = read_and_save (self, programmer, progress, cancellable, error);
  /* give the programmer its pins back; a read changed nothing on the target */
  if (!bw_vesc_swd_programmer_disconnect (programmer, NULL, ok ? error : NULL) && ok)
    return FALSE;
  bw_vesc_client_close (client);
  return ok;
}

static void
bw_vesc_backup_job_finalize (GObject *object)
{
  BwVescBackupJob *self = BW_VESC_BACKUP_JOB (object);

  g_free (self->port);
  g_free (self->path);
  g_free (self->sha256);
  G_OBJECT_CLASS (bw_vesc_backup_job_parent_class)->finalize (object);
}

static void
bw_vesc_backup_job_class_init (BwVescBackupJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_backup_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_vesc_backup_job_run;
}

static void
bw_vesc_backup_job_init (BwVescBackupJob *self)
{
  self->timeout_divisor = 1;
}

BwVescBackupJob *
bw_vesc_backup_job_new (const gchar *programmer_port, const gchar *path, guint32 address, guint32 size)
{
  BwVescBackupJob *self;

  g_return_val_if_fail (programmer_port != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (BW_TYPE_VESC_BACKUP_JOB, NULL);
  self->port = g_strdup (programmer_port);
  self->path = g_strdup (path);
  self->address = address;
  self->size = size;
  return self;
}

void
bw_vesc_backup_job_set_timeout_divisor (BwVescBackupJob *self, guint divisor)
{
  g_return_if_fail (BW_IS_VESC_BACKUP_JOB (self));
  g_return_if_fail (divisor >= 1);
  self->timeout_divisor = divisor;
}

const gchar *
bw_vesc_backup_job_get_sha256 (BwVescBackupJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_BACKUP_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->sha256;
}

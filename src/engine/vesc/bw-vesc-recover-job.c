/* bw-vesc-recover-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Order as PageSwdProg's upload (vedderb/vesc_tool pages/pageswdprog.cpp):
 * map the default pins, connect, mass erase (the programmer has no other
 * erase), firmware at 0x08000000, bootloader at 0x080E0000, then reboot.
 * Bootwire reads everything back before the reboot instead of VESC Tool's
 * optional per-chunk check, so a chip that did not take the image is never
 * started. Whatever fails after the connect, the target is detached so
 * that the programmer VESC gets its SWD pins back.
 */
#include "config.h"

#include "bw-error.h"
#include "bw-image-save.h"
#include "bw-job-private.h"
#include "bw-vesc-commands.h"
#include "bw-vesc-recover-job.h"
#include "bw-vesc-swd-programmer.h"

#define FLASH_BASE BW_VESC_FIRMWARE_ADDRESS

struct _BwVescRecoverJob
{
  BwJob         parent_instance;
  gchar        *port;
  GBytes       *firmware;
  GBytes       *bootloader;
  guint         timeout_divisor;
  gchar        *backup_path;
  gchar        *backup_sha256;
  BwVescFwInfo *programmer_info;
};

G_DEFINE_FINAL_TYPE (BwVescRecoverJob, bw_vesc_recover_job, BW_TYPE_JOB)

static gboolean
check_sizes (BwVescRecoverJob *self, GError **error)
{
  gsize fw = g_bytes_get_size (self->firmware);
  gsize bl = g_bytes_get_size (self->bootloader);

  /* no firmware is allowed: a bootloader alone on a blank chip */
  if (bl == 0)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_FILE_EMPTY, "a recovery needs the bootloader");
      return FALSE;
    }
  if (fw > BW_VESC_BOOTLOADER_ADDRESS - FLASH_BASE)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE,
                   "the firmware is %" G_GSIZE_FORMAT " bytes and would reach into the bootloader at 0x%08X", fw,
                   BW_VESC_BOOTLOADER_ADDRESS);
      return FALSE;
    }
  if (bl > BW_VESC_BOOTLOADER_MAX_SIZE)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE,
                   "the bootloader is %" G_GSIZE_FORMAT " bytes, more than its 128 KiB sector", bl);
      return FALSE;
    }
  return TRUE;
}

/* Everything the mass erase is about to destroy, saved first. */
static gboolean
save_backup (BwVescRecoverJob *self, BwVescSwdProgrammer *programmer, guint flash_kb, BwProgress *progress,
             GCancellable *cancellable, GError **error)
{
  g_autoptr(BwImage) image = bw_image_new ();
  gsize size = (gsize) flash_kb * 1024;
  g_autofree guint8 *buffer = g_malloc (size);

  bw_job_log (BW_JOB (self), "saving the whole flash (%" G_GSIZE_FORMAT " bytes) before erasing it", size);
  if (!bw_vesc_swd_programmer_read (programmer, FLASH_BASE, buffer, size, bw_progress_get_child (progress),
                                    cancellable, error))
    {
      g_prefix_error (error, "nothing was erased; the backup failed: ");
      return FALSE;
    }
  g_clear_pointer (&self->backup_sha256, g_free);
  if (!bw_image_add_data (image, FLASH_BASE, buffer, size, error) ||
      !bw_image_save (image, self->backup_path, &self->backup_sha256, error))
    {
      g_prefix_error (error, "nothing was erased; the backup could not be saved: ");
      return FALSE;
    }
  bw_job_log (BW_JOB (self), "saved %s (sha256 %s)", self->backup_path, self->backup_sha256);
  bw_progress_step_done (progress);
  return TRUE;
}

typedef struct {
  const gchar *what;
  guint32      address;
  GBytes      *image;
} Part;

/* One step of @progress: writes every part, or verifies every part. */
static gboolean
write_or_verify_parts (BwVescRecoverJob *self, BwVescSwdProgrammer *programmer, const Part *parts, guint n_parts,
                       gboolean verify, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwProgress *child = bw_progress_get_child (progress);

  for (guint i = 0; i < n_parts; i++)
    bw_progress_add_step (child, verify ? BW_PROGRESS_PHASE_VERIFY : BW_PROGRESS_PHASE_WRITE,
                          (guint) (g_bytes_get_size (parts[i].image) / 1024 + 1));
  for (guint i = 0; i < n_parts; i++)
    {
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (parts[i].image, &len);

      if (len == 0)
        {
          bw_progress_step_done (child);
          continue;
        }
      if (!verify)
        {
          bw_job_log (BW_JOB (self), "writing the %s: %" G_GSIZE_FORMAT " bytes at 0x%08X", parts[i].what, len,
                      parts[i].address);
          if (!bw_vesc_swd_programmer_write (programmer, parts[i].address, data, len,
                                             bw_progress_get_child (child), cancellable, error))
            return FALSE;
        }
      else
        {
          if (!bw_vesc_swd_programmer_verify (programmer, parts[i].address, data, len,
                                              bw_progress_get_child (child), cancellable, error))
            {
              g_prefix_error (error, "the %s did not verify: ", parts[i].what);
              return FALSE;
            }
          bw_job_log (BW_JOB (self), "the %s reads back as written", parts[i].what);
        }
      bw_progress_step_done (child);
    }
  bw_progress_step_done (progress);
  return TRUE;
}

static gboolean
write_and_verify (BwVescRecoverJob *self, BwVescSwdProgrammer *programmer, BwProgress *progress,
                  GCancellable *cancellable, GError **error)
{
  const Part parts[] = {
    { "firmware", FLASH_BASE, self->firmware },
    { "bootloader", BW_VESC_BOOTLOADER_ADDRESS, self->bootloader },
  };

  return write_or_verify_parts (self, programmer, parts, G_N_ELEMENTS (parts), FALSE, progress, cancellable,
                                error) &&
         write_or_verify_parts (self, programmer, parts, G_N_ELEMENTS (parts), TRUE, progress, cancellable, error);
}

static gboolean
bw_vesc_recover_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwVescRecoverJob *self = BW_VESC_RECOVER_JOB (job);
  g_autoptr(BwVescClient) client = NULL;
  g_autoptr(BwVescSwdProgrammer) programmer = NULL;
  g_autofree gchar *describe = NULL;
  gsize total = g_bytes_get_size (self->firmware) + g_bytes_get_size (self->bootloader);
  BwVescSwdChipInfo chip = { 0 };
  gboolean ok;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  if (self->backup_path != NULL)
    bw_progress_add_step (progress, BW_PROGRESS_PHASE_BACKUP, 1024);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_ERASE, 4);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_WRITE, (guint) (total / 1024 + 1));
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_VERIFY, (guint) (total / 1024 + 1));
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_RESET, 1);

  if (!check_sizes (self, error))
    return FALSE;
  client = bw_vesc_client_open (self->port, error);
  if (client == NULL)
    return FALSE;
  bw_vesc_client_set_timeout_divisor (client, self->timeout_divisor);
  programmer = bw_vesc_swd_programmer_new (client);
  g_clear_pointer (&self->programmer_info, bw_vesc_fw_info_free);
  self->programmer_info = bw_vesc_swd_programmer_identify (programmer, cancellable, error);
  if (self->programmer_info == NULL)
    return FALSE;
  describe = bw_vesc_fw_info_describe (self->programmer_info);
  bw_job_log (job, "programmer VESC on %s: %s", self->port, describe);
  if (!bw_vesc_swd_programmer_connect (programmer, cancellable, error))
    return FALSE;
  if (!bw_vesc_swd_programmer_read_chip_info (programmer, &chip, cancellable, error))
    {
      bw_vesc_swd_programmer_disconnect (programmer, NULL, NULL);
      return FALSE;
    }
  bw_job_log (job, "attached through the programmer VESC: device 0x%03X rev 0x%04X, %u KiB flash, RDP byte 0x%02X",
              chip.dev_id, chip.rev_id, chip.flash_kb, chip.rdp_byte);
  if (chip.rdp_byte != 0xAA)
    {
      /* the programmer has no option-byte command, so it cannot lift the protection */
      bw_vesc_swd_programmer_disconnect (programmer, NULL, NULL);
      g_set_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED,
                   "the target is read-protected (RDP byte 0x%02X); a VESC programmer cannot remove that, "
                   "an ST-Link can (Unlock)", chip.rdp_byte);
      return FALSE;
    }
  if (chip.flash_kb < 1024)
    {
      bw_vesc_swd_programmer_disconnect (programmer, NULL, NULL);
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_MISMATCH,
                   "the target has %u KiB of flash; a VESC needs 1024 KiB for its bootloader at 0x080E0000",
                   chip.flash_kb);
      return FALSE;
    }
  bw_progress_step_done (progress);

  if (self->backup_path != NULL &&
      !save_backup (self, programmer, chip.flash_kb, progress, cancellable, error))
    {
      bw_vesc_swd_programmer_disconnect (programmer, NULL, NULL);
      return FALSE;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      bw_vesc_swd_programmer_disconnect (programmer, NULL, NULL);
      g_set_error_literal (error, BW_ERROR, BW_ERROR_CANCELLED, "cancelled before anything was erased");
      return FALSE;
    }
  bw_job_log (job, "erasing the whole chip (the only erase a VESC programmer has)");
  ok = bw_vesc_swd_programmer_erase_all (programmer, cancellable, error);
  if (ok)
    {
      bw_progress_step_done (progress);
      ok = write_and_verify (self, programmer, progress, cancellable, error);
    }
  if (!ok)
    {
      /* give the pins back; the chip is left erased or half written, and a rerun starts with a mass erase */
      bw_vesc_swd_programmer_disconnect (programmer, NULL, NULL);
      if (error != NULL && *error != NULL && (*error)->domain == BW_ERROR && (*error)->code == BW_ERROR_CANCELLED)
        g_prefix_error (error, "the target is partly written and will not start; run the recovery again: ");
      return FALSE;
    }

  if (!bw_vesc_swd_programmer_reboot (programmer, cancellable, error))
    {
      bw_vesc_swd_programmer_disconnect (programmer, NULL, NULL);
      return FALSE;
    }
  if (!bw_vesc_swd_programmer_disconnect (programmer, cancellable, error))
    return FALSE;
  bw_job_log (job, "the target was reset and released; it now starts its new firmware");
  bw_progress_step_done (progress);
  bw_vesc_client_close (client);
  return TRUE;
}

static void
bw_vesc_recover_job_finalize (GObject *object)
{
  BwVescRecoverJob *self = BW_VESC_RECOVER_JOB (object);

  g_free (self->port);
  g_bytes_unref (self->firmware);
  g_bytes_unref (self->bootloader);
  g_free (self->backup_path);
  g_free (self->backup_sha256);
  g_clear_pointer (&self->programmer_info, bw_vesc_fw_info_free);
  G_OBJECT_CLASS (bw_vesc_recover_job_parent_class)->finalize (object);
}

static void
bw_vesc_recover_job_class_init (BwVescRecoverJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_recover_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_vesc_recover_job_run;
}

static void
bw_vesc_recover_job_init (BwVescRecoverJob *self)
{
  self->timeout_divisor = 1;
}

BwVescRecoverJob *
bw_vesc_recover_job_new (const gchar *programmer_port, GBytes *firmware, GBytes *bootloader)
{
  BwVescRecoverJob *self;

  g_return_val_if_fail (programmer_port != NULL, NULL);
  g_return_val_if_fail (firmware != NULL && bootloader != NULL, NULL);

  self = g_object_new (BW_TYPE_VESC_RECOVER_JOB, NULL);
  self->port = g_strdup (programmer_port);
  self->firmware = g_bytes_ref (firmware);
  self->bootloader = g_bytes_ref (bootloader);
  return self;
}

void
bw_vesc_recover_job_set_timeout_divisor (BwVescRecoverJob *self, guint divisor)
{
  g_return_if_fail (BW_IS_VESC_RECOVER_JOB (self));
  g_return_if_fail (divisor >= 1);
  self->timeout_divisor = divisor;
}

const BwVescFwInfo *
bw_vesc_recover_job_get_programmer_info (BwVescRecoverJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_RECOVER_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->programmer_info;
}

void
bw_vesc_recover_job_set_backup_path (BwVescRecoverJob *self, const gchar *path)
{
  g_return_if_fail (BW_IS_VESC_RECOVER_JOB (self));
  g_return_if_fail (!bw_job_is_running (BW_JOB (self)));
  g_free (self->backup_path);
  self->backup_path = g_strdup (path);
}

const gchar *
bw_vesc_recover_job_get_backup_sha256 (BwVescRecoverJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_RECOVER_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->backup_sha256;
}

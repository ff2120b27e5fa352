/* bw-vesc-bootloader-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sequence of VescInterface::fwUpload (vedderb/vesc_tool) for a
 * bootloader: COMM_ERASE_BOOTLOADER when the firmware has it, then
 * COMM_WRITE_NEW_APP_DATA in 384-byte chunks from offset 3 x 128 KiB of
 * the staging base (= 0x080E0000), no size/CRC header, chunks that are all
 * 0xFF skipped since the sector is erased, no jump to the bootloader. The
 * firmware keeps running; nothing but sector 11 changes. There is no read
 * command for the ESC's own flash, so the result cannot be verified over
 * USB (VESC Tool does not either).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bw-bundled-bootloader.h"
#include "bw-error.h"
#include "bw-memory.h"
#include "bw-job-private.h"
#include "bw-vesc-bootloader-choice.h"
#include "bw-vesc-bootloader-job.h"
#include "bw-vesc-client.h"
#include "bw-vesc-commands.h"

struct _BwVescBootloaderJob
{
  BwJob         parent_instance;
  gchar        *port;
  GBytes       *image;
  gchar        *image_name;
  gboolean      allow_without_erase;
  guint         timeout_divisor;

  /* results, written by the worker */
  BwVescFwInfo *fw_info;
  gchar        *bootloader_name;
  guint64       bytes_written;
};

G_DEFINE_FINAL_TYPE (BwVescBootloaderJob, bw_vesc_bootloader_job, BW_TYPE_JOB)

GStrv
bw_vesc_bootloader_job_get_warnings (const BwVescFwInfo *info)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder,
                      _("Do not switch the ESC off or unplug its USB cable while the bootloader is written "
                        "(a few seconds). If it happens anyway, the firmware keeps running: run this again."));
  g_strv_builder_add (builder,
                      _("Only the bootloader sector (0x080E0000, 128 KiB) changes; the firmware and its "
                        "settings stay as they are."));
  if (info != NULL && !bw_vesc_fw_info_can_erase_bootloader (info))
    g_strv_builder_add (builder,
                        _("This firmware is older than 3.59 and cannot erase the bootloader sector. Writing over "
                          "a bootloader that is already there destroys it. Continue only if the ESC has no "
                          "bootloader; otherwise update the firmware first or use an ST-Link."));
  if (info != NULL && info->has_hw_type && info->hw_type != BW_VESC_HW_TYPE_VESC)
    g_strv_builder_add (builder, _("This device is not a VESC motor controller; its bootloader lives elsewhere."));
  return g_strv_builder_end (builder);
}

/* A VESC bootloader's reset vector points into sector 11 (vesc-domain.md §6). */
static gboolean
check_bootloader_image (GBytes *image, const gchar *name, GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (image, &len);
  guint32 sp, reset;

  if (len < 8 || len > BW_VESC_BOOTLOADER_MAX_SIZE)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_INVALID,
                   "%s is %" G_GSIZE_FORMAT " bytes; a bootloader is 8 bytes to 128 KiB", name, len);
      return FALSE;
    }
  sp = (guint32) data[0] | (guint32) data[1] << 8 | (guint32) data[2] << 16 | (guint32) data[3] << 24;
  reset = (guint32) data[4] | (guint32) data[5] << 8 | (guint32) data[6] << 16 | (guint32) data[7] << 24;
  if ((sp & 0xFF000000u) != 0x20000000u || (reset & ~1u) < BW_VESC_BOOTLOADER_ADDRESS ||
      (reset & ~1u) >= BW_VESC_BOOTLOADER_ADDRESS + BW_VESC_BOOTLOADER_MAX_SIZE)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_INVALID,
                   "%s is not a VESC bootloader: its reset vector 0x%08X is outside 0x080E0000-0x080FFFFF",
                   name, reset);
      return FALSE;
    }
  return TRUE;
}

static GBytes *
load_bundled (const gchar *name, GError **error)
{
  g_autofree gchar *path = bw_bundled_bootloader_find (name, error);
  g_autoptr(GError) local_error = NULL;
  gchar *contents = NULL;
  gsize len = 0;

  if (path == NULL)
    return NULL;
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_FILE_READ_FAILED, "%s: %s", path, local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, len);
}

static gboolean
bw_vesc_bootloader_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwVescBootloaderJob *self = BW_VESC_BOOTLOADER_JOB (job);
  g_autoptr(BwVescClient) client = NULL;
  g_autoptr(GBytes) image = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree gchar *describe = NULL;
  BwProgress *child;
  const guint8 *data;
  gsize len = 0;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 2);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_ERASE, 8);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_WRITE, 90);

  client = bw_vesc_client_open_esc (self->port, self->timeout_divisor, &self->fw_info, cancellable, error);
  if (client == NULL)
    return FALSE;
  describe = bw_vesc_fw_info_describe (self->fw_info);
  bw_job_log (job, "%s: %s", self->port, describe);
  if (self->fw_info->hw_type != BW_VESC_HW_TYPE_VESC)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE,
                   "%s is not a VESC motor controller (hardware type %u); Bootwire only installs ESC bootloaders",
                   self->port, (guint) self->fw_info->hw_type);
      return FALSE;
    }

  g_free (self->bootloader_name);
  if (self->image != NULL)
    {
      image = g_bytes_ref (self->image);
      self->bootloader_name = g_strdup (self->image_name);
    }
  else
    {
      self->bootloader_name = g_strdup (bw_vesc_bootloader_choice_for_hardware (self->fw_info->hw_name));
      image = load_bundled (self->bootloader_name, error);
      if (image == NULL)
        return FALSE;
    }
  if (!check_bootloader_image (image, self->bootloader_name, error))
    return FALSE;
  data = g_bytes_get_data (image, &len);
  bw_job_log (job, "bootloader %s, %" G_GSIZE_FORMAT " bytes, for hardware %s", self->bootloader_name, len,
              *self->fw_info->hw_name != '\0' ? self->fw_info->hw_name : "(not reported)");
  warnings = bw_vesc_bootloader_job_get_warnings (self->fw_info);
  for (guint i = 0; warnings[i] != NULL; i++)
    bw_job_log (job, "warning: %s", warnings[i]);
  bw_progress_step_done (progress);

  if (bw_vesc_fw_info_can_erase_bootloader (self->fw_info))
    {
      bw_job_log (job, "erasing the bootloader sector (0x%08X)", BW_VESC_BOOTLOADER_ADDRESS);
      if (!bw_vesc_client_erase_bootloader (client, cancellable, error))
        return FALSE;
    }
  else if (!self->allow_without_erase)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_FIRMWARE_TOO_OLD,
                   "firmware %u.%02u cannot erase the bootloader sector (3.59 and later can); nothing was written",
                   self->fw_info->major, self->fw_info->minor);
      return FALSE;
    }
  else
    bw_job_log (job, "firmware %u.%02u cannot erase the bootloader sector; writing into it as it is (the user "
                "confirmed it holds no bootloader)", self->fw_info->major, self->fw_info->minor);
  bw_progress_step_done (progress);

  child = bw_progress_get_child (progress);
  self->bytes_written = 0;
  for (gsize done = 0; done < len; )
    {
      gsize n = MIN (len - done, (gsize) BW_VESC_APP_DATA_CHUNK);

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (error, BW_ERROR, BW_ERROR_CANCELLED,
                       "cancelled after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes: the bootloader sector is "
                       "incomplete, the firmware still runs; run the job again (it erases the sector first)",
                       done, len);
          return FALSE;
        }
      if (!bw_memory_is_erased (data + done, n) &&
          !bw_vesc_client_write_new_app_data (client, BW_VESC_BOOTLOADER_OFFSET + (guint32) done, data + done, n,
                                              cancellable, error))
        {
          g_prefix_error (error, "after %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes of the bootloader: ", done,
                          len);
          return FALSE;
        }
      done += n;
      self->bytes_written = done;
      bw_progress_set_bytes (child, done, len);
    }
  bw_job_log (job, "wrote %" G_GSIZE_FORMAT " bytes at 0x%08X; the ESC's own flash cannot be read back over USB",
              len, BW_VESC_BOOTLOADER_ADDRESS);
  bw_progress_step_done (progress);
  bw_vesc_client_close (client);
  return TRUE;
}

static void
bw_vesc_bootloader_job_finalize (GObject *object)
{
  BwVescBootloaderJob *self = BW_VESC_BOOTLOADER_JOB (object);

  g_free (self->port);
  g_clear_pointer (&self->image, g_bytes_unref);
  g_free (self->image_name);
  g_clear_pointer (&self->fw_info, bw_vesc_fw_info_free);
  g_free (self->bootloader_name);
  G_OBJECT_CLASS (bw_vesc_bootloader_job_parent_class)->finalize (object);
}

static void
bw_vesc_bootloader_job_class_init (BwVescBootloaderJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_bootloader_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_vesc_bootloader_job_run;
}

static void
bw_vesc_bootloader_job_init (BwVescBootloaderJob *self)
{
  self->timeout_divisor = 1;
}

BwVescBootloaderJob *
bw_vesc_bootloader_job_new (const gchar *port)
{
  BwVescBootloaderJob *self;

  g_return_val_if_fail (port != NULL, NULL);

  self = g_object_new (BW_TYPE_VESC_BOOTLOADER_JOB, NULL);
  self->port = g_strdup (port);
  return self;
}

void
bw_vesc_bootloader_job_set_image (BwVescBootloaderJob *self, GBytes *image, const gchar *name)
{
  g_return_if_fail (BW_IS_VESC_BOOTLOADER_JOB (self));
  g_return_if_fail (!bw_job_is_running (BW_JOB (self)));

  g_clear_pointer (&self->image, g_bytes_unref);
  g_clear_pointer (&self->image_name, g_free);
  if (image != NULL)
    {
      self->image = g_bytes_ref (image);
      self->image_name = g_strdup (name != NULL ? name : "bootloader image");
    }
}

void
bw_vesc_bootloader_job_set_allow_without_erase (BwVescBootloaderJob *self, gboolean allow)
{
  g_return_if_fail (BW_IS_VESC_BOOTLOADER_JOB (self));
  g_return_if_fail (!bw_job_is_running (BW_JOB (self)));
  self->allow_without_erase = allow;
}

void
bw_vesc_bootloader_job_set_timeout_divisor (BwVescBootloaderJob *self, guint divisor)
{
  g_return_if_fail (BW_IS_VESC_BOOTLOADER_JOB (self));
  g_return_if_fail (divisor >= 1);
  self->timeout_divisor = divisor;
}

const BwVescFwInfo *
bw_vesc_bootloader_job_get_fw_info (BwVescBootloaderJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_BOOTLOADER_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->fw_info;
}

const gchar *
bw_vesc_bootloader_job_get_bootloader_name (BwVescBootloaderJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_BOOTLOADER_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->bootloader_name;
}

guint64
bw_vesc_bootloader_job_get_bytes_written (BwVescBootloaderJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_BOOTLOADER_JOB (self), 0);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), 0);
  return self->bytes_written;
}

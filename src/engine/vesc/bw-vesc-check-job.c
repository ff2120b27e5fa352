/* bw-vesc-check-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads only, through COMM_BM_MEM_READ. Each item ends passed, warned,
 * failed or skipped (when an earlier one failed); the job fails with the
 * first failed item's error, whose code carries the advice. Whatever
 * happens after the attach, the target is released so that the
 * programmer VESC gets its SWD pins back.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bw-chip-db.h"
#include "bw-checklist-job-private.h"
#include "bw-error.h"
#include "bw-memory.h"
#include "bw-plan.h"
#include "bw-vesc-check-job.h"
#include "bw-vesc-commands.h"
#include "bw-vesc-contents.h"
#include "bw-vesc-swd-programmer.h"

/* FLASH_OPTCR (RM0090): RDP in bits 15:8, nWRP (1 = not protected) in bits 27:16. */
#define FLASH_OPTCR      0x40023C14u

struct _BwVescCheckJob
{
  BwChecklistJob  parent_instance;
  gchar          *port;
  guint           timeout_divisor;
  gboolean        test_blank;

  GMutex          lock; /* the results below, written by the worker */
  BwVescFwInfo   *programmer_info;
  guint           flash_kb;
  gboolean        is_blank;
};

G_DEFINE_FINAL_TYPE (BwVescCheckJob, bw_vesc_check_job, BW_TYPE_CHECKLIST_JOB)

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static gboolean
read_target (gpointer programmer, guint32 address, guint8 *buffer, gsize length, GCancellable *cancellable,
             GError **error)
{
  return bw_vesc_swd_programmer_read (programmer, address, buffer, length, NULL, cancellable, error);
}

static gboolean
test_blank (BwVescCheckJob      *self,
            BwVescSwdProgrammer *programmer,
            BwProgress          *progress,
            GCancellable        *cancellable,
            gboolean            *blank,
            GError             **error)
{
  const gsize step = 64 * 1024;
  gsize total = (gsize) self->flash_kb * 1024;
  g_autofree guint8 *buffer = g_malloc (step);

  *blank = TRUE;
  for (gsize done = 0; done < total; done += step)
    {
      if (!bw_vesc_swd_programmer_read (programmer, BW_VESC_FIRMWARE_ADDRESS + (guint32) done, buffer, step,
                                        NULL, cancellable, error))
        return FALSE;
      bw_progress_set_bytes (progress, done + step, total);
      if (!bw_memory_is_erased (buffer, step))
        {
          *blank = FALSE;
          bw_job_log (BW_JOB (self), "not blank: data in 0x%08X-0x%08X",
                      BW_VESC_FIRMWARE_ADDRESS + (guint32) done,
                      BW_VESC_FIRMWARE_ADDRESS + (guint32) (done + step - 1));
          return TRUE;
        }
    }
  return TRUE;
}

static gboolean
check_contents (BwVescCheckJob *self, BwVescSwdProgrammer *programmer, BwProgress *progress,
                GCancellable *cancellable, GError **error)
{
  BwChecklistJob *checklist = BW_CHECKLIST_JOB (self);
  g_autofree gchar *hardware = NULL;
  gboolean has_firmware = FALSE, has_bootloader = FALSE, blank = FALSE;

  if (!bw_vesc_contents_read_vector_table (read_target, programmer, BW_VESC_FIRMWARE_ADDRESS,
                                           BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END, &has_firmware,
                                           cancellable, error) ||
      !bw_vesc_contents_read_vector_table (read_target, programmer, BW_VESC_BOOTLOADER_ADDRESS,
                                           BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END,
                                           &has_bootloader, cancellable, error) ||
      (has_firmware &&
       !bw_vesc_contents_scan_hardware_name (read_target, programmer, &hardware, cancellable, error)) ||
      (self->test_blank &&
       !test_blank (self, programmer, bw_progress_get_child (progress), cancellable, &blank, error)))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CONTENTS, error);

  g_mutex_lock (&self->lock);
  self->is_blank = blank;
  g_mutex_unlock (&self->lock);
  bw_checklist_job_report_contents (checklist, has_firmware, has_bootloader, hardware,
                                    self->test_blank && blank);
  return TRUE;
}

static gboolean
check_target (BwVescCheckJob *self, BwVescSwdProgrammer *programmer, BwProgress *progress,
              GCancellable *cancellable, GError **error)
{
  BwChecklistJob *checklist = BW_CHECKLIST_JOB (self);
  BwVescSwdChipInfo chip = { 0 };
  guint8 optcr[4];
  guint wrp;

  if (!bw_vesc_swd_programmer_read_chip_info (programmer, &chip, cancellable, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CHIP, error);
  bw_checklist_job_set_dev_id (checklist, chip.dev_id);
  g_mutex_lock (&self->lock);
  self->flash_kb = chip.flash_kb;
  g_mutex_unlock (&self->lock);
  if (!bw_chip_db_check_expected (chip.dev_id, BW_CHIP_ID_STM32F405, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CHIP, error);
  if (chip.flash_kb < 1024)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_MISMATCH,
                   _("the chip has %u KB of flash; a VESC needs 1024 KB for its bootloader at 0x080E0000"),
                   chip.flash_kb);
      return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CHIP, error);
    }
  {
    g_autofree gchar *name = bw_chip_db_describe (chip.dev_id);

    bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_PASSED,
                               _("%s with %u KB of flash."), name, chip.flash_kb);
  }
  bw_progress_step_done (progress);

  if (chip.rdp_byte != 0xAA)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED,
                   _("the chip is read-protected (RDP level %s); a VESC programmer cannot remove that, an ST-Link "
                     "can ('bootwire-cli unlock', which erases the whole chip)"),
                   chip.rdp_byte == 0xCC ? "2" : "1");
      return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROTECTION, error);
    }
  if (!bw_vesc_swd_programmer_read (programmer, FLASH_OPTCR, optcr, sizeof optcr, NULL, cancellable, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROTECTION, error);
  wrp = ~(read_le32 (optcr) >> 16) & 0xFFFu;
  if (wrp != 0)
    bw_checklist_job_set_item (
        checklist, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_WARNING,
        _("Not read-protected, but some sectors are write-protected (mask 0x%03X); a VESC programmer cannot "
          "change that, an ST-Link can."),
        wrp);
  else
    bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_PASSED,
                               _("Not read- or write-protected."));
  bw_progress_step_done (progress);

  if (!check_contents (self, programmer, progress, cancellable, error))
    return FALSE;
  bw_progress_step_done (progress);
  return TRUE;
}

static gboolean
bw_vesc_check_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwVescCheckJob *self = BW_VESC_CHECK_JOB (job);
  BwChecklistJob *checklist = BW_CHECKLIST_JOB (self);
  const BwVescSwdLimits *limits = bw_vesc_swd_programmer_get_limits ();
  g_autoptr(BwVescClient) client = NULL;
  g_autoptr(BwVescSwdProgrammer) programmer = NULL;
  g_autoptr(BwVescFwInfo) info = NULL;
  g_autofree gchar *describe = NULL;
  g_autoptr(GError) local_error = NULL;
  gint result = 0;
  gboolean ok;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 2);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CHECK, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CHECK, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CHECK, self->test_blank ? 200 : 20);

  client = bw_vesc_client_open (self->port, error);
  if (client == NULL)
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
  bw_vesc_client_set_timeout_divisor (client, self->timeout_divisor);
  programmer = bw_vesc_swd_programmer_new (client);
  info = bw_vesc_swd_programmer_identify (programmer, cancellable, error);
  if (info == NULL)
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->programmer_info, bw_vesc_fw_info_free);
  self->programmer_info = bw_vesc_fw_info_copy (info);
  g_mutex_unlock (&self->lock);
  describe = bw_vesc_fw_info_describe (info);
  /* firmware without the Black Magic code does not answer COMM_BM_* at all */
  if (!bw_vesc_client_bm_map_pins_default (client, &result, cancellable, &local_error))
    {
      if (g_error_matches (local_error, BW_ERROR, BW_ERROR_VESC_NO_REPLY))
        g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL,
                     _("%s: the VESC (%s) does not answer the SWD programmer commands; update its "
                       "firmware (3.54 and later have them) or use an ST-Link"), self->port, describe);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
    }
  bw_checklist_job_set_item (
      checklist, BW_CHECK_ITEM_PROBE_FIRMWARE, BW_CHECK_STATE_PASSED,
      _("Programmer VESC on %s: %s, with the SWD programmer (%u-byte writes, whole-chip erase only)."),
      self->port, describe, limits->write_chunk);
  bw_progress_step_done (progress);

  if (limits->can_sense_voltage)
    bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_PASSED,
                               _("The programmer senses the target's supply."));
  else
    bw_checklist_job_set_item (
        checklist, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING,
        _("Not measured: a VESC programmer cannot sense the other ESC's supply. Power both ESCs from their "
          "batteries."));
  bw_progress_step_done (progress);

  if (!bw_vesc_swd_programmer_connect (programmer, cancellable, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_SWD, error);
  bw_checklist_job_set_item (
      checklist, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_PASSED,
      limits->can_drive_nrst
          ? _("The other ESC's processor answers on SWD.")
          : _("The other ESC's processor answers on SWD (no reset wire: connect-under-reset "
              "is not possible through a VESC)."));
  bw_progress_step_done (progress);

  ok = check_target (self, programmer, progress, cancellable, error);
  if (!bw_vesc_swd_programmer_disconnect (programmer, NULL, ok ? error : NULL) && ok)
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CONTENTS, error);
  bw_vesc_client_close (client);
  return ok;
}

static void
bw_vesc_check_job_finalize (GObject *object)
{
  BwVescCheckJob *self = BW_VESC_CHECK_JOB (object);

  g_free (self->port);
  g_clear_pointer (&self->programmer_info, bw_vesc_fw_info_free);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (bw_vesc_check_job_parent_class)->finalize (object);
}

static void
bw_vesc_check_job_class_init (BwVescCheckJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_check_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_vesc_check_job_run;
}

static void
bw_vesc_check_job_init (BwVescCheckJob *self)
{
  g_mutex_init (&self->lock);
  self->timeout_divisor = 1;
}

BwVescCheckJob *
bw_vesc_check_job_new (const gchar *programmer_port)
{
  BwVescCheckJob *self;

  g_return_val_if_fail (programmer_port != NULL, NULL);

  self = g_object_new (BW_TYPE_VESC_CHECK_JOB, NULL);
  self->port = g_strdup (programmer_port);
  return self;
}

void
bw_vesc_check_job_set_timeout_divisor (BwVescCheckJob *self, guint divisor)
{
  g_return_if_fail (BW_IS_VESC_CHECK_JOB (self));
  g_return_if_fail (divisor >= 1);
  self->timeout_divisor = divisor;
}

void
bw_vesc_check_job_set_test_blank (BwVescCheckJob *self, gboolean test_blank)
{
  g_return_if_fail (BW_IS_VESC_CHECK_JOB (self));
  g_return_if_fail (!bw_job_is_running (BW_JOB (self)));
  self->test_blank = test_blank;
}

#define LOCKED_GETTER(type, name, field) \
  type \
  bw_vesc_check_job_get_##name (BwVescCheckJob *self) \
  { \
    type value; \
    g_return_val_if_fail (BW_IS_VESC_CHECK_JOB (self), (type) 0); \
    g_mutex_lock (&self->lock); \
    value = self->field; \
    g_mutex_unlock (&self->lock); \
    return value; \
  }

LOCKED_GETTER (guint, flash_kb, flash_kb)
LOCKED_GETTER (gboolean, is_blank, is_blank)

BwVescFwInfo *
bw_vesc_check_job_dup_programmer_info (BwVescCheckJob *self)
{
  BwVescFwInfo *info;

  g_return_val_if_fail (BW_IS_VESC_CHECK_JOB (self), NULL);
  g_mutex_lock (&self->lock);
  info = self->programmer_info != NULL ? bw_vesc_fw_info_copy (self->programmer_info) : NULL;
  g_mutex_unlock (&self->lock);
  return info;
}

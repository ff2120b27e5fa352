/* bw-check-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads only. Each item ends passed, warned, failed or skipped (when an
 * earlier one failed), with a sentence the wizard shows beside it; the job
 * fails with the first failed item's error, whose code carries the advice.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "bw-check-job.h"
#include "bw-checklist-job-private.h"
#include "bw-chip-db.h"
#include "bw-error.h"
#include "bw-session.h"
#include "bw-stm32f4-flash.h"
#include "bw-target.h"
#include "bw-vesc-contents.h"
#include "bw-vesc-image.h"

struct _BwCheckJob
{
  BwChecklistJob       parent_instance;
  BwTransport         *transport;
  guint                expected_dev_id;
  BwStlinkConnectMode  connect_mode;
  guint32              sectors_to_test;

  GMutex               lock; /* the results below, written by the worker */
  gdouble              voltage;
  guint32              blank_sectors;
};

G_DEFINE_FINAL_TYPE (BwCheckJob, bw_check_job, BW_TYPE_CHECKLIST_JOB)

/* Read errors end the analysis quietly: what could not be read counts as
 * not there. */
static gboolean
read_target (gpointer target, guint32 address, guint8 *buffer, gsize length, GCancellable *cancellable,
             GError **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return bw_target_read_memory (target, address, buffer, length, error);
}

static gboolean
has_vector_table (BwTarget *target, guint32 address, guint32 lo, guint32 hi)
{
  gboolean found = FALSE;

  return bw_vesc_contents_read_vector_table (read_target, target, address, lo, hi, &found, NULL, NULL) &&
         found;
}

/* The firmware names its hardware in "org.vesc.<name>", in its constant
 * data near the end of the image. The core finds it in a few ms; if that
 * fails, the app area is scanned over SWD from the end, a chunk at a time
 * (chunks overlap by 64 bytes so a string is never cut). */
static gchar *
find_hardware_name (BwTarget *target, BwStm32f4Flash *flash, GCancellable *cancellable)
{
  static const gchar prefix[] = "org.vesc.";
  guint8 buffer[sizeof prefix - 1 + 65];
  g_autoptr(GError) core_error = NULL;
  gchar *name = NULL;
  guint32 found = 0;
  guint32 search_end = (guint32) MIN ((guint64) BW_VESC_APP_END,
                                      bw_flash_map_get_end (bw_target_get_flash_map (target)));

  if (search_end > BW_VESC_CONFIG_END &&
      bw_stm32f4_flash_find_vesc_name (flash, BW_VESC_CONFIG_END, search_end, &found, &core_error))
    {
      gsize length = MIN ((gsize) (search_end - found), sizeof buffer);

      if (found == 0 || !bw_target_read_memory (target, found, buffer, length, NULL))
        return NULL;
      return bw_vesc_contents_parse_hardware_name (buffer, length);
    }
  if (core_error != NULL)
    g_debug ("searching the firmware name on the core failed (%s); reading the flash instead",
             core_error->message);
  if (!bw_vesc_contents_scan_hardware_name (read_target, target, &name, cancellable, NULL))
    return NULL;
  return name;
}

static gboolean
check_contents (BwCheckJob *self, BwTarget *target, BwStm32f4Flash *flash, GCancellable *cancellable,
                GError **error)
{
  BwChecklistJob *checklist = BW_CHECKLIST_JOB (self);
  BwFlashMap *map = bw_target_get_flash_map (target);
  gboolean has_firmware = has_vector_table (target, 0x08000000, 0x08000000, BW_VESC_APP_END);
  gboolean has_bootloader = bw_flash_map_contains (map, BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END) &&
                            has_vector_table (target, BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_ADDRESS,
                                              BW_VESC_BOOTLOADER_END);
  g_autofree gchar *hardware = has_firmware ? find_hardware_name (target, flash, cancellable) : NULL;
  guint32 blank = 0;

  for (guint s = 0; s < bw_flash_map_get_n_sectors (map); s++)
    {
      gboolean is_blank = FALSE;

      if ((self->sectors_to_test & (1u << s)) == 0)
        continue;
      if (!bw_stm32f4_flash_sector_is_blank (flash, s, &is_blank, error))
        return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CONTENTS, error);
      if (is_blank)
        blank |= 1u << s;
    }
  g_mutex_lock (&self->lock);
  self->blank_sectors = blank;
  g_mutex_unlock (&self->lock);
  bw_checklist_job_report_contents (checklist, has_firmware, has_bootloader, hardware, FALSE);
  return TRUE;
}

static gboolean
bw_check_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwCheckJob *self = BW_CHECK_JOB (job);
  BwChecklistJob *checklist = BW_CHECKLIST_JOB (self);
  g_autoptr(BwStlink) stlink = bw_stlink_new (self->transport);
  g_autoptr(BwTarget) target = NULL;
  g_autoptr(BwStm32f4Flash) flash = NULL;
  gdouble volts = 0.0;
  guint8 rdp = 0xAA;
  guint16 wrp = 0;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 2);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CHECK, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CHECK, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CHECK, 20);

  if (!bw_stlink_open (stlink, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
  bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_PROBE_FIRMWARE, BW_CHECK_STATE_PASSED,
                             _("ST-Link firmware %s."), bw_stlink_get_firmware (stlink));
  bw_progress_step_done (progress);

  if (bw_stlink_read_target_voltage (stlink, &volts, NULL))
    {
      g_mutex_lock (&self->lock);
      self->voltage = volts;
      g_mutex_unlock (&self->lock);
      if (volts >= BW_STLINK_MIN_TARGET_VOLTAGE)
        bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_PASSED,
                                   _("The ESC's supply reads %.2f V."), volts);
      else
        bw_checklist_job_set_item (
            checklist, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING,
            _("The probe reads %.2f V: the ESC is off, or this probe does not sense the voltage."), volts);
    }
  else
    {
      bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING,
                                 _("This probe cannot measure the ESC's supply."));
    }
  bw_progress_step_done (progress);

  if (!bw_session_attach (stlink, self->connect_mode, bw_job_get_swd_khz (job), BW_STLINK_SENSE_UNKNOWN,
                          error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_SWD, error);
  bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_PASSED,
                             _("The processor answers on SWD."));
  bw_progress_step_done (progress);

  target = bw_target_new (stlink);
  if (!bw_target_identify (target, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CHIP, error);
  bw_checklist_job_set_dev_id (checklist, bw_target_get_dev_id (target));
  if (self->expected_dev_id != 0 &&
      !bw_chip_db_check_expected (bw_target_get_dev_id (target), self->expected_dev_id, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_CHIP, error);
  {
    g_autofree gchar *chip = bw_chip_db_describe (bw_target_get_dev_id (target));

    bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_PASSED,
                               _("%s with %u KB of flash."), chip, bw_target_get_flash_kb (target));
  }
  bw_progress_step_done (progress);

  flash = bw_stm32f4_flash_new (target, bw_target_get_flash_map (target));
  if (!bw_stm32f4_flash_read_protection (flash, &rdp, &wrp, error))
    return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROTECTION, error);
  if (rdp != 0xAA)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED, "the chip is read-protected (RDP level %s)",
                   rdp == 0xCC ? "2" : "1");
      return bw_checklist_job_fail_item (checklist, BW_CHECK_ITEM_PROTECTION, error);
    }
  if (wrp != 0)
    bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_WARNING,
                               _("Not read-protected, but some sectors are write-protected (mask 0x%03X)."),
                               wrp);
  else
    bw_checklist_job_set_item (checklist, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_PASSED,
                               _("Not read- or write-protected."));
  bw_progress_step_done (progress);

  if (!check_contents (self, target, flash, cancellable, error))
    return FALSE;
  bw_progress_step_done (progress);
  return TRUE;
}

static void
bw_check_job_finalize (GObject *object)
{
  BwCheckJob *self = BW_CHECK_JOB (object);

  g_clear_object (&self->transport);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (bw_check_job_parent_class)->finalize (object);
}

static void
bw_check_job_class_init (BwCheckJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_check_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_check_job_run;
}

static void
bw_check_job_init (BwCheckJob *self)
{
  g_mutex_init (&self->lock);
  self->connect_mode = BW_STLINK_CONNECT_NORMAL;
}

BwCheckJob *
bw_check_job_new (BwTransport *transport)
{
  BwCheckJob *self;

  g_return_val_if_fail (BW_IS_TRANSPORT (transport), NULL);

  self = g_object_new (BW_TYPE_CHECK_JOB, NULL);
  self->transport = g_object_ref (transport);
  return self;
}

/* The chip the chosen board has (DBGMCU DEV_ID), or 0 for any. */
void
bw_check_job_set_expected_chip (BwCheckJob *self, guint dev_id)
{
  g_return_if_fail (BW_IS_CHECK_JOB (self));
  self->expected_dev_id = dev_id;
}

void
bw_check_job_set_connect_mode (BwCheckJob *self, BwStlinkConnectMode mode)
{
  g_return_if_fail (BW_IS_CHECK_JOB (self));
  self->connect_mode = mode;
}

/* The sectors a plan would erase: the check reads them to find the blank
 * ones, which the plan then leaves alone. */
void
bw_check_job_set_sectors_to_test (BwCheckJob *self, guint32 sector_mask)
{
  g_return_if_fail (BW_IS_CHECK_JOB (self));
  self->sectors_to_test = sector_mask;
}

/* The checklist's results, for the wizard: bw_checklist_job_*() on the parent. */

BwCheckState
bw_check_job_get_state (BwCheckJob *self, BwCheckItem item)
{
  return bw_checklist_job_get_state (BW_CHECKLIST_JOB (self), item);
}

gchar *
bw_check_job_dup_detail (BwCheckJob *self, BwCheckItem item)
{
  return bw_checklist_job_dup_detail (BW_CHECKLIST_JOB (self), item);
}

guint
bw_check_job_get_dev_id (BwCheckJob *self)
{
  return bw_checklist_job_get_dev_id (BW_CHECKLIST_JOB (self));
}

gboolean
bw_check_job_get_has_firmware (BwCheckJob *self)
{
  return bw_checklist_job_get_has_firmware (BW_CHECKLIST_JOB (self));
}

gboolean
bw_check_job_get_has_bootloader (BwCheckJob *self)
{
  return bw_checklist_job_get_has_bootloader (BW_CHECKLIST_JOB (self));
}

gchar *
bw_check_job_dup_hardware_name (BwCheckJob *self)
{
  return bw_checklist_job_dup_hardware_name (BW_CHECKLIST_JOB (self));
}

#define LOCKED_GETTER(type, name, field) \
  type \
  bw_check_job_get_##name (BwCheckJob *self) \
  { \
    type value; \
    g_return_val_if_fail (BW_IS_CHECK_JOB (self), (type) 0); \
    g_mutex_lock (&self->lock); \
    value = self->field; \
    g_mutex_unlock (&self->lock); \
    return value; \
  }

LOCKED_GETTER (gdouble, voltage, voltage)
LOCKED_GETTER (guint32, blank_sectors, blank_sectors)

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
#include "bw-chip-db.h"
#include "bw-error.h"
#include "bw-memory.h"
#include "bw-job-private.h"
#include "bw-session.h"
#include "bw-stm32f4-flash.h"
#include "bw-target.h"
#include "bw-vesc-image.h"

#define SCAN_CHUNK (16 * 1024)

typedef struct {
  BwCheckState state;
  gchar       *detail;
} ItemResult;

struct _BwCheckJob
{
  BwJob                parent_instance;
  BwTransport         *transport;
  guint                expected_dev_id;
  BwStlinkConnectMode  connect_mode;
  guint32              sectors_to_test;

  GMutex               lock; /* the results below, written by the worker */
  ItemResult           items[BW_CHECK_N_ITEMS];
  guint                dev_id;
  gdouble              voltage;
  gboolean             has_firmware;
  gboolean             has_bootloader;
  gchar               *hardware_name;
  guint32              blank_sectors;
};

G_DEFINE_FINAL_TYPE (BwCheckJob, bw_check_job, BW_TYPE_JOB)

static void
set_item (BwCheckJob *self, BwCheckItem item, BwCheckState state, const gchar *format, ...) G_GNUC_PRINTF (4, 5);

static void
set_item (BwCheckJob *self, BwCheckItem item, BwCheckState state, const gchar *format, ...)
{
  va_list args;
  gchar *detail;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_mutex_lock (&self->lock);
  self->items[item].state = state;
  g_free (self->items[item].detail);
  self->items[item].detail = detail;
  g_mutex_unlock (&self->lock);
  bw_job_log (BW_JOB (self), "%s: %s", bw_check_item_to_string (item), detail);
}

static gboolean
fail_item (BwCheckJob *self, BwCheckItem item, GError **error)
{
  set_item (self, item, BW_CHECK_STATE_FAILED, "%s", (*error)->message);
  g_mutex_lock (&self->lock);
  for (guint i = item + 1; i < BW_CHECK_N_ITEMS; i++)
    self->items[i].state = BW_CHECK_STATE_SKIPPED;
  g_mutex_unlock (&self->lock);
  return FALSE;
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* A vector table whose reset handler lies in [lo, hi) says code is there. */
static gboolean
has_vector_table (BwTarget *target, guint32 address, guint32 lo, guint32 hi)
{
  guint8 words[8];
  guint32 sp;
  guint32 reset;

  if (!bw_target_read_memory (target, address, words, sizeof words, NULL))
    return FALSE;
  sp = read_le32 (words);
  reset = read_le32 (words + 4);
  return sp >= 0x10000000u && sp <= 0x20020000u && (reset & 1u) && (reset & ~1u) >= lo && (reset & ~1u) < hi;
}

/* The hardware name that follows "org.vesc." in @bytes, or NULL. */
static gchar *
parse_hardware_name (const guint8 *bytes, gsize length)
{
  static const gchar prefix[] = "org.vesc.";
  const guint8 *name;
  gsize n = 0;

  if (length < strlen (prefix) || memcmp (bytes, prefix, strlen (prefix)) != 0)
    return NULL;
  name = bytes + strlen (prefix);
  while (name + n < bytes + length && n < 64 && g_ascii_isprint (name[n]))
    n++;
  if (n > 0 && name + n < bytes + length && name[n] == '\0')
    return g_strndup ((const gchar *) name, n);
  return NULL;
}

/* The firmware names its hardware in "org.vesc.<name>", in its constant
 * data near the end of the image. The core finds it in a few ms; if that
 * fails, the app area is scanned over SWD from the end, a chunk at a time
 * (chunks overlap by 64 bytes so a string is never cut). */
static gchar *
find_hardware_name (BwTarget *target, BwStm32f4Flash *flash, GCancellable *cancellable)
{
  static const gchar prefix[] = "org.vesc.";
  g_autofree guint8 *buffer = g_malloc (SCAN_CHUNK + 64);
  g_autoptr(GError) core_error = NULL;
  guint32 found = 0;
  guint32 search_end = (guint32) MIN ((guint64) BW_VESC_APP_END,
                                      bw_flash_map_get_end (bw_target_get_flash_map (target)));

  if (search_end > BW_VESC_CONFIG_END &&
      bw_stm32f4_flash_find_vesc_name (flash, BW_VESC_CONFIG_END, search_end, &found, &core_error))
    {
      gsize length = MIN ((gsize) (search_end - found), strlen (prefix) + 65);

      if (found == 0 || !bw_target_read_memory (target, found, buffer, length, NULL))
        return NULL;
      return parse_hardware_name (buffer, length);
    }
  if (core_error != NULL)
    g_debug ("searching the firmware name on the core failed (%s); reading the flash instead", core_error->message);
  for (guint32 end = BW_VESC_APP_END; end > BW_VESC_CONFIG_END; end -= SCAN_CHUNK)
    {
      guint32 address = MAX (end - SCAN_CHUNK, (guint32) BW_VESC_CONFIG_END);
      gsize length = MIN ((gsize) (end - address) + 64, (gsize) (BW_VESC_APP_END - address));
      const guint8 *hit;

      if (g_cancellable_is_cancelled (cancellable) ||
          !bw_target_read_memory (target, address, buffer, length, NULL))
        return NULL;
      hit = bw_memory_find (buffer, length, prefix, strlen (prefix));
      if (hit != NULL)
        {
          gchar *name = parse_hardware_name (hit, (gsize) (buffer + length - hit));

          if (name != NULL)
            return name;
        }
    }
  return NULL;
}

static gboolean
check_contents (BwCheckJob *self, BwTarget *target, BwStm32f4Flash *flash, GCancellable *cancellable,
                GError **error)
{
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
        return fail_item (self, BW_CHECK_ITEM_CONTENTS, error);
      if (is_blank)
        blank |= 1u << s;
    }
  g_mutex_lock (&self->lock);
  self->has_firmware = has_firmware;
  self->has_bootloader = has_bootloader;
  g_free (self->hardware_name);
  self->hardware_name = g_strdup (hardware);
  self->blank_sectors = blank;
  g_mutex_unlock (&self->lock);

  if (has_firmware && has_bootloader)
    set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_PASSED,
              _("Firmware for hardware \"%s\" and a bootloader are installed."),
              hardware != NULL ? hardware : _("unknown"));
  else if (has_firmware)
    set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
              _("Firmware for hardware \"%s\" is installed, but no bootloader: firmware updates from VESC Tool will not take effect."),
              hardware != NULL ? hardware : _("unknown"));
  else if (has_bootloader)
    set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
              _("A bootloader is installed but no firmware: the ESC cannot start."));
  else
    set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
              _("The flash holds neither firmware nor a bootloader."));
  return TRUE;
}

static gboolean
bw_check_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwCheckJob *self = BW_CHECK_JOB (job);
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
    return fail_item (self, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
  set_item (self, BW_CHECK_ITEM_PROBE_FIRMWARE, BW_CHECK_STATE_PASSED, _("ST-Link firmware %s."),
            bw_stlink_get_firmware (stlink));
  bw_progress_step_done (progress);

  if (bw_stlink_read_target_voltage (stlink, &volts, NULL))
    {
      g_mutex_lock (&self->lock);
      self->voltage = volts;
      g_mutex_unlock (&self->lock);
      if (volts >= BW_STLINK_MIN_TARGET_VOLTAGE)
        set_item (self, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_PASSED, _("The ESC's supply reads %.2f V."), volts);
      else
        set_item (self, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING,
                  _("The probe reads %.2f V: the ESC is off, or this probe does not sense the voltage."), volts);
    }
  else
    {
      set_item (self, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING,
                _("This probe cannot measure the ESC's supply."));
    }
  bw_progress_step_done (progress);

  if (!bw_session_attach (stlink, self->connect_mode, bw_job_get_swd_khz (job), BW_STLINK_SENSE_UNKNOWN,
                          error))
    return fail_item (self, BW_CHECK_ITEM_SWD, error);
  set_item (self, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_PASSED, _("The processor answers on SWD."));
  bw_progress_step_done (progress);

  target = bw_target_new (stlink);
  if (!bw_target_identify (target, error))
    return fail_item (self, BW_CHECK_ITEM_CHIP, error);
  g_mutex_lock (&self->lock);
  self->dev_id = bw_target_get_dev_id (target);
  g_mutex_unlock (&self->lock);
  if (self->expected_dev_id != 0 &&
      !bw_chip_db_check_expected (bw_target_get_dev_id (target), self->expected_dev_id, error))
    return fail_item (self, BW_CHECK_ITEM_CHIP, error);
  {
    g_autofree gchar *chip = bw_chip_db_describe (bw_target_get_dev_id (target));

    set_item (self, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_PASSED, _("%s with %u KB of flash."), chip,
              bw_target_get_flash_kb (target));
  }
  bw_progress_step_done (progress);

  flash = bw_stm32f4_flash_new (target, bw_target_get_flash_map (target));
  if (!bw_stm32f4_flash_read_protection (flash, &rdp, &wrp, error))
    return fail_item (self, BW_CHECK_ITEM_PROTECTION, error);
  if (rdp != 0xAA)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED, "the chip is read-protected (RDP level %s)",
                   rdp == 0xCC ? "2" : "1");
      return fail_item (self, BW_CHECK_ITEM_PROTECTION, error);
    }
  if (wrp != 0)
    set_item (self, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_WARNING,
              _("Not read-protected, but some sectors are write-protected (mask 0x%03X)."), wrp);
  else
    set_item (self, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_PASSED, _("Not read- or write-protected."));
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
  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    g_free (self->items[i].detail);
  g_free (self->hardware_name);
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

BwCheckState
bw_check_job_get_state (BwCheckJob *self, BwCheckItem item)
{
  BwCheckState state;

  g_return_val_if_fail (BW_IS_CHECK_JOB (self), BW_CHECK_STATE_PENDING);
  g_return_val_if_fail (item < BW_CHECK_N_ITEMS, BW_CHECK_STATE_PENDING);
  g_mutex_lock (&self->lock);
  state = self->items[item].state;
  g_mutex_unlock (&self->lock);
  return state;
}

gchar *
bw_check_job_dup_detail (BwCheckJob *self, BwCheckItem item)
{
  gchar *detail;

  g_return_val_if_fail (BW_IS_CHECK_JOB (self), NULL);
  g_return_val_if_fail (item < BW_CHECK_N_ITEMS, NULL);
  g_mutex_lock (&self->lock);
  detail = g_strdup (self->items[item].detail);
  g_mutex_unlock (&self->lock);
  return detail;
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

LOCKED_GETTER (guint, dev_id, dev_id)
LOCKED_GETTER (gdouble, voltage, voltage)
LOCKED_GETTER (gboolean, has_firmware, has_firmware)
LOCKED_GETTER (gboolean, has_bootloader, has_bootloader)
LOCKED_GETTER (guint32, blank_sectors, blank_sectors)

gchar *
bw_check_job_dup_hardware_name (BwCheckJob *self)
{
  gchar *name;

  g_return_val_if_fail (BW_IS_CHECK_JOB (self), NULL);
  g_mutex_lock (&self->lock);
  name = g_strdup (self->hardware_name);
  g_mutex_unlock (&self->lock);
  return name;
}

const gchar *
bw_check_item_to_string (BwCheckItem item)
{
  switch (item)
    {
    case BW_CHECK_ITEM_PROBE_FIRMWARE:
      return "probe-firmware";
    case BW_CHECK_ITEM_VOLTAGE:
      return "voltage";
    case BW_CHECK_ITEM_SWD:
      return "swd";
    case BW_CHECK_ITEM_CHIP:
      return "chip";
    case BW_CHECK_ITEM_PROTECTION:
      return "protection";
    case BW_CHECK_ITEM_CONTENTS:
      return "contents";
    case BW_CHECK_N_ITEMS:
    default:
      return "unknown";
    }
}

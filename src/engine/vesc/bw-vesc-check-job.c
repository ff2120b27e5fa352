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
#include "bw-error.h"
#include "bw-job-private.h"
#include "bw-plan.h"
#include "bw-vesc-check-job.h"
#include "bw-vesc-commands.h"
#include "bw-vesc-swd-programmer.h"

/* FLASH_OPTCR (RM0090): RDP in bits 15:8, nWRP (1 = not protected) in bits 27:16. */
#define FLASH_OPTCR      0x40023C14u
/* The hardware-name scan reads the app area from its end, in steps of
 * this many bytes; steps overlap so that a name is never cut. */
#define SCAN_STEP        (16u * 1024u)
#define SCAN_OVERLAP     64u
#define APP_CODE_START   0x0800C000u

typedef struct {
  BwCheckState state;
  gchar       *detail;
} ItemResult;

struct _BwVescCheckJob
{
  BwJob         parent_instance;
  gchar        *port;
  guint         timeout_divisor;
  gboolean      test_blank;

  GMutex        lock; /* the results below, written by the worker */
  ItemResult    items[BW_CHECK_N_ITEMS];
  BwVescFwInfo *programmer_info;
  guint         dev_id;
  guint         flash_kb;
  gboolean      has_firmware;
  gboolean      has_bootloader;
  gchar        *hardware_name;
  gboolean      is_blank;
};

G_DEFINE_FINAL_TYPE (BwVescCheckJob, bw_vesc_check_job, BW_TYPE_JOB)

static void
set_item (BwVescCheckJob *self, BwCheckItem item, BwCheckState state, const gchar *format, ...) G_GNUC_PRINTF (4, 5);

static void
set_item (BwVescCheckJob *self, BwCheckItem item, BwCheckState state, const gchar *format, ...)
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
fail_item (BwVescCheckJob *self, BwCheckItem item, GError **error)
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
has_vector_table (BwVescSwdProgrammer *programmer, guint32 address, guint32 lo, guint32 hi,
                  GCancellable *cancellable, GError **error, gboolean *found)
{
  guint8 words[8];
  guint32 sp, reset;

  if (!bw_vesc_swd_programmer_read (programmer, address, words, sizeof words, NULL, cancellable, error))
    return FALSE;
  sp = read_le32 (words);
  reset = read_le32 (words + 4);
  *found = sp >= 0x10000000u && sp <= 0x20020000u && (reset & 1u) && (reset & ~1u) >= lo && (reset & ~1u) < hi;
  return TRUE;
}

/* "org.vesc.<name>" in the firmware's constants (vesc-domain.md §6.3). */
static gboolean
find_hardware_name (BwVescSwdProgrammer *programmer, GCancellable *cancellable, gchar **name, GError **error)
{
  static const gchar prefix[] = "org.vesc.";
  g_autofree guint8 *buffer = g_malloc (SCAN_STEP + SCAN_OVERLAP);

  *name = NULL;
  for (guint32 end = BW_VESC_APP_END; end > APP_CODE_START; end -= SCAN_STEP)
    {
      guint32 address = MAX (end - SCAN_STEP, APP_CODE_START);
      gsize length = MIN ((gsize) (end - address) + SCAN_OVERLAP, (gsize) (BW_VESC_APP_END - address));
      const guint8 *hit;

      if (!bw_vesc_swd_programmer_read (programmer, address, buffer, length, NULL, cancellable, error))
        return FALSE;
      hit = memmem (buffer, length, prefix, strlen (prefix));
      if (hit != NULL)
        {
          const guint8 *text = hit + strlen (prefix);
          gsize n = 0;

          while (text + n < buffer + length && n < 64 && g_ascii_isprint (text[n]))
            n++;
          if (n > 0 && text + n < buffer + length && text[n] == '\0')
            {
              *name = g_strndup ((const gchar *) text, n);
              return TRUE;
            }
        }
    }
  return TRUE;
}

static gboolean
all_erased (const guint8 *data, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != 0xFF)
      return FALSE;
  return TRUE;
}

static gboolean
test_blank (BwVescCheckJob *self, BwVescSwdProgrammer *programmer, BwProgress *progress, GCancellable *cancellable,
            gboolean *blank, GError **error)
{
  const gsize step = 64 * 1024;
  gsize total = (gsize) self->flash_kb * 1024;
  g_autofree guint8 *buffer = g_malloc (step);

  *blank = TRUE;
  for (gsize done = 0; done < total; done += step)
    {
      if (!bw_vesc_swd_programmer_read (programmer, BW_VESC_FIRMWARE_ADDRESS + (guint32) done, buffer, step, NULL,
                                        cancellable, error))
        return FALSE;
      bw_progress_set_bytes (progress, done + step, total);
      if (!all_erased (buffer, step))
        {
          *blank = FALSE;
          bw_job_log (BW_JOB (self), "not blank: data in 0x%08X-0x%08X", BW_VESC_FIRMWARE_ADDRESS + (guint32) done,
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
  g_autofree gchar *hardware = NULL;
  gboolean has_firmware = FALSE, has_bootloader = FALSE, blank = FALSE;

  if (!has_vector_table (programmer, BW_VESC_FIRMWARE_ADDRESS, BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END,
                         cancellable, error, &has_firmware) ||
      !has_vector_table (programmer, BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END,
                         cancellable, error, &has_bootloader) ||
      (has_firmware && !find_hardware_name (programmer, cancellable, &hardware, error)) ||
      (self->test_blank && !test_blank (self, programmer, bw_progress_get_child (progress), cancellable, &blank,
                                        error)))
    return fail_item (self, BW_CHECK_ITEM_CONTENTS, error);

  g_mutex_lock (&self->lock);
  self->has_firmware = has_firmware;
  self->has_bootloader = has_bootloader;
  g_free (self->hardware_name);
  self->hardware_name = g_strdup (hardware);
  self->is_blank = blank;
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
  else if (self->test_blank && blank)
    set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING, _("The flash is blank."));
  else
    set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
              _("The flash holds neither firmware nor a bootloader."));
  return TRUE;
}

static gboolean
check_target (BwVescCheckJob *self, BwVescSwdProgrammer *programmer, BwProgress *progress,
              GCancellable *cancellable, GError **error)
{
  BwVescSwdChipInfo chip = { 0 };
  guint8 optcr[4];
  guint wrp;

  if (!bw_vesc_swd_programmer_read_chip_info (programmer, &chip, cancellable, error))
    return fail_item (self, BW_CHECK_ITEM_CHIP, error);
  g_mutex_lock (&self->lock);
  self->dev_id = chip.dev_id;
  self->flash_kb = chip.flash_kb;
  g_mutex_unlock (&self->lock);
  if (!bw_chip_db_check_expected (chip.dev_id, BW_CHIP_ID_STM32F405, error))
    return fail_item (self, BW_CHECK_ITEM_CHIP, error);
  if (chip.flash_kb < 1024)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_MISMATCH,
                   _("the chip has %u KB of flash; a VESC needs 1024 KB for its bootloader at 0x080E0000"),
                   chip.flash_kb);
      return fail_item (self, BW_CHECK_ITEM_CHIP, error);
    }
  {
    g_autofree gchar *name = bw_chip_db_describe (chip.dev_id);

    set_item (self, BW_CHECK_ITEM_CHIP, BW_CHECK_STATE_PASSED, _("%s with %u KB of flash."), name, chip.flash_kb);
  }
  bw_progress_step_done (progress);

  if (chip.rdp_byte != 0xAA)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED,
                   _("the chip is read-protected (RDP level %s); a VESC programmer cannot remove that, an ST-Link "
                     "can ('bootwire-cli unlock', which erases the whole chip)"),
                   chip.rdp_byte == 0xCC ? "2" : "1");
      return fail_item (self, BW_CHECK_ITEM_PROTECTION, error);
    }
  if (!bw_vesc_swd_programmer_read (programmer, FLASH_OPTCR, optcr, sizeof optcr, NULL, cancellable, error))
    return fail_item (self, BW_CHECK_ITEM_PROTECTION, error);
  wrp = ~(read_le32 (optcr) >> 16) & 0xFFFu;
  if (wrp != 0)
    set_item (self, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_WARNING,
              _("Not read-protected, but some sectors are write-protected (mask 0x%03X); a VESC programmer cannot "
                "change that, an ST-Link can."), wrp);
  else
    set_item (self, BW_CHECK_ITEM_PROTECTION, BW_CHECK_STATE_PASSED, _("Not read- or write-protected."));
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
    return fail_item (self, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
  bw_vesc_client_set_timeout_divisor (client, self->timeout_divisor);
  programmer = bw_vesc_swd_programmer_new (client);
  info = bw_vesc_swd_programmer_identify (programmer, cancellable, error);
  if (info == NULL)
    return fail_item (self, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
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
      return fail_item (self, BW_CHECK_ITEM_PROBE_FIRMWARE, error);
    }
  set_item (self, BW_CHECK_ITEM_PROBE_FIRMWARE, BW_CHECK_STATE_PASSED,
            _("Programmer VESC on %s: %s, with the SWD programmer (%u-byte writes, whole-chip erase only)."),
            self->port, describe, limits->write_chunk);
  bw_progress_step_done (progress);

  if (limits->can_sense_voltage)
    set_item (self, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_PASSED, _("The programmer senses the target's supply."));
  else
    set_item (self, BW_CHECK_ITEM_VOLTAGE, BW_CHECK_STATE_WARNING,
              _("Not measured: a VESC programmer cannot sense the other ESC's supply. Power both ESCs from their "
                "batteries."));
  bw_progress_step_done (progress);

  if (!bw_vesc_swd_programmer_connect (programmer, cancellable, error))
    return fail_item (self, BW_CHECK_ITEM_SWD, error);
  set_item (self, BW_CHECK_ITEM_SWD, BW_CHECK_STATE_PASSED,
            limits->can_drive_nrst ? _("The other ESC's processor answers on SWD.")
                                   : _("The other ESC's processor answers on SWD (no reset wire: connect-under-reset "
                                       "is not possible through a VESC)."));
  bw_progress_step_done (progress);

  ok = check_target (self, programmer, progress, cancellable, error);
  if (!bw_vesc_swd_programmer_disconnect (programmer, NULL, ok ? error : NULL) && ok)
    return fail_item (self, BW_CHECK_ITEM_CONTENTS, error);
  bw_vesc_client_close (client);
  return ok;
}

static void
bw_vesc_check_job_finalize (GObject *object)
{
  BwVescCheckJob *self = BW_VESC_CHECK_JOB (object);

  g_free (self->port);
  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    g_free (self->items[i].detail);
  g_clear_pointer (&self->programmer_info, bw_vesc_fw_info_free);
  g_free (self->hardware_name);
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

BwCheckState
bw_vesc_check_job_get_state (BwVescCheckJob *self, BwCheckItem item)
{
  BwCheckState state;

  g_return_val_if_fail (BW_IS_VESC_CHECK_JOB (self), BW_CHECK_STATE_PENDING);
  g_return_val_if_fail (item < BW_CHECK_N_ITEMS, BW_CHECK_STATE_PENDING);
  g_mutex_lock (&self->lock);
  state = self->items[item].state;
  g_mutex_unlock (&self->lock);
  return state;
}

gchar *
bw_vesc_check_job_dup_detail (BwVescCheckJob *self, BwCheckItem item)
{
  gchar *detail;

  g_return_val_if_fail (BW_IS_VESC_CHECK_JOB (self), NULL);
  g_return_val_if_fail (item < BW_CHECK_N_ITEMS, NULL);
  g_mutex_lock (&self->lock);
  detail = g_strdup (self->items[item].detail);
  g_mutex_unlock (&self->lock);
  return detail;
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

LOCKED_GETTER (guint, dev_id, dev_id)
LOCKED_GETTER (guint, flash_kb, flash_kb)
LOCKED_GETTER (gboolean, has_firmware, has_firmware)
LOCKED_GETTER (gboolean, has_bootloader, has_bootloader)
LOCKED_GETTER (gboolean, is_blank, is_blank)

gchar *
bw_vesc_check_job_dup_hardware_name (BwVescCheckJob *self)
{
  gchar *name;

  g_return_val_if_fail (BW_IS_VESC_CHECK_JOB (self), NULL);
  g_mutex_lock (&self->lock);
  name = g_strdup (self->hardware_name);
  g_mutex_unlock (&self->lock);
  return name;
}

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

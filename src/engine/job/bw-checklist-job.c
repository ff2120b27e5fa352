/* bw-checklist-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each item ends passed, warned, failed or skipped (when an earlier one
 * failed), with a sentence the wizard shows beside it; a subclass fails
 * the job with the first failed item's error, whose code carries the
 * advice. The results are written by the worker and read by the caller
 * at any time, hence the lock.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-checklist-job-private.h"

typedef struct {
  BwCheckState state;
  gchar       *detail;
} ItemResult;

typedef struct
{
  GMutex      lock;
  ItemResult  items[BW_CHECK_N_ITEMS];
  guint       dev_id;
  gboolean    has_firmware;
  gboolean    has_bootloader;
  gchar      *hardware_name;
} BwChecklistJobPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BwChecklistJob, bw_checklist_job, BW_TYPE_JOB)

static void
bw_checklist_job_finalize (GObject *object)
{
  BwChecklistJobPrivate *priv = bw_checklist_job_get_instance_private (BW_CHECKLIST_JOB (object));

  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    g_free (priv->items[i].detail);
  g_free (priv->hardware_name);
  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (bw_checklist_job_parent_class)->finalize (object);
}

static void
bw_checklist_job_class_init (BwChecklistJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_checklist_job_finalize;
}

static void
bw_checklist_job_init (BwChecklistJob *self)
{
  BwChecklistJobPrivate *priv = bw_checklist_job_get_instance_private (self);

  g_mutex_init (&priv->lock);
}

void
bw_checklist_job_set_item (
    BwChecklistJob *self, BwCheckItem item, BwCheckState state, const gchar *format, ...)
{
  BwChecklistJobPrivate *priv = bw_checklist_job_get_instance_private (self);
  va_list args;
  gchar *detail;

  g_return_if_fail (item < BW_CHECK_N_ITEMS);

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_mutex_lock (&priv->lock);
  priv->items[item].state = state;
  g_free (priv->items[item].detail);
  priv->items[item].detail = detail;
  g_mutex_unlock (&priv->lock);
  bw_job_log (BW_JOB (self), "%s: %s", bw_check_item_to_string (item), detail);
}

gboolean
bw_checklist_job_fail_item (BwChecklistJob *self, BwCheckItem item, GError **error)
{
  BwChecklistJobPrivate *priv = bw_checklist_job_get_instance_private (self);

  bw_checklist_job_set_item (self, item, BW_CHECK_STATE_FAILED, "%s", (*error)->message);
  g_mutex_lock (&priv->lock);
  for (guint i = item + 1; i < BW_CHECK_N_ITEMS; i++)
    priv->items[i].state = BW_CHECK_STATE_SKIPPED;
  g_mutex_unlock (&priv->lock);
  return FALSE;
}

void
bw_checklist_job_set_dev_id (BwChecklistJob *self, guint dev_id)
{
  BwChecklistJobPrivate *priv = bw_checklist_job_get_instance_private (self);

  g_mutex_lock (&priv->lock);
  priv->dev_id = dev_id;
  g_mutex_unlock (&priv->lock);
}

void
bw_checklist_job_report_contents (BwChecklistJob *self, gboolean has_firmware, gboolean has_bootloader,
                                  const gchar *hardware_name, gboolean flash_is_blank)
{
  BwChecklistJobPrivate *priv = bw_checklist_job_get_instance_private (self);
  const gchar *hardware = hardware_name != NULL ? hardware_name : _("unknown");

  g_mutex_lock (&priv->lock);
  priv->has_firmware = has_firmware;
  priv->has_bootloader = has_bootloader;
  g_free (priv->hardware_name);
  priv->hardware_name = g_strdup (hardware_name);
  g_mutex_unlock (&priv->lock);

  if (has_firmware && has_bootloader)
    bw_checklist_job_set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_PASSED,
                               _("Firmware for hardware \"%s\" and a bootloader are installed."), hardware);
  else if (has_firmware)
    bw_checklist_job_set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
                               _("Firmware for hardware \"%s\" is installed, but no bootloader: firmware "
                                  "updates from VESC Tool will not take effect."),
                               hardware);
  else if (has_bootloader)
    bw_checklist_job_set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
                               _("A bootloader is installed but no firmware: the ESC cannot start."));
  else if (flash_is_blank)
    bw_checklist_job_set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
                               _("The flash is blank."));
  else
    bw_checklist_job_set_item (self, BW_CHECK_ITEM_CONTENTS, BW_CHECK_STATE_WARNING,
                               _("The flash holds neither firmware nor a bootloader."));
}

BwCheckState
bw_checklist_job_get_state (BwChecklistJob *self, BwCheckItem item)
{
  BwChecklistJobPrivate *priv;
  BwCheckState state;

  g_return_val_if_fail (BW_IS_CHECKLIST_JOB (self), BW_CHECK_STATE_PENDING);
  g_return_val_if_fail (item < BW_CHECK_N_ITEMS, BW_CHECK_STATE_PENDING);
  priv = bw_checklist_job_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  state = priv->items[item].state;
  g_mutex_unlock (&priv->lock);
  return state;
}

gchar *
bw_checklist_job_dup_detail (BwChecklistJob *self, BwCheckItem item)
{
  BwChecklistJobPrivate *priv;
  gchar *detail;

  g_return_val_if_fail (BW_IS_CHECKLIST_JOB (self), NULL);
  g_return_val_if_fail (item < BW_CHECK_N_ITEMS, NULL);
  priv = bw_checklist_job_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  detail = g_strdup (priv->items[item].detail);
  g_mutex_unlock (&priv->lock);
  return detail;
}

#define LOCKED_GETTER(type, name, field) \
  type \
  bw_checklist_job_get_##name (BwChecklistJob *self) \
  { \
    BwChecklistJobPrivate *priv; \
    type value; \
    g_return_val_if_fail (BW_IS_CHECKLIST_JOB (self), (type) 0); \
    priv = bw_checklist_job_get_instance_private (self); \
    g_mutex_lock (&priv->lock); \
    value = priv->field; \
    g_mutex_unlock (&priv->lock); \
    return value; \
  }

LOCKED_GETTER (guint, dev_id, dev_id)
LOCKED_GETTER (gboolean, has_firmware, has_firmware)
LOCKED_GETTER (gboolean, has_bootloader, has_bootloader)

gchar *
bw_checklist_job_dup_hardware_name (BwChecklistJob *self)
{
  BwChecklistJobPrivate *priv;
  gchar *name;

  g_return_val_if_fail (BW_IS_CHECKLIST_JOB (self), NULL);
  priv = bw_checklist_job_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  name = g_strdup (priv->hardware_name);
  g_mutex_unlock (&priv->lock);
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

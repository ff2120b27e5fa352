/* bw-checklist-job.h: a job that fills the connect checklist, item by
 * item, before anything is written (through an ST-Link or a VESC)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"

G_BEGIN_DECLS

typedef enum {
  BW_CHECK_ITEM_PROBE_FIRMWARE,
  BW_CHECK_ITEM_VOLTAGE,
  BW_CHECK_ITEM_SWD,
  BW_CHECK_ITEM_CHIP,
  BW_CHECK_ITEM_PROTECTION,
  BW_CHECK_ITEM_CONTENTS,
  BW_CHECK_N_ITEMS
} BwCheckItem;

typedef enum {
  BW_CHECK_STATE_PENDING,
  BW_CHECK_STATE_PASSED,
  BW_CHECK_STATE_WARNING,
  BW_CHECK_STATE_FAILED,
  BW_CHECK_STATE_SKIPPED,
} BwCheckState;

#define BW_TYPE_CHECKLIST_JOB (bw_checklist_job_get_type ())
G_DECLARE_DERIVABLE_TYPE (BwChecklistJob, bw_checklist_job, BW, CHECKLIST_JOB, BwJob)

struct _BwChecklistJobClass
{
  BwJobClass parent_class;

  gpointer padding[4];
};

/* Safe to call while the job runs: the results are locked. */
BwCheckState  bw_checklist_job_get_state          (BwChecklistJob *self,
                                                   BwCheckItem     item);
gchar        *bw_checklist_job_dup_detail         (BwChecklistJob *self,
                                                   BwCheckItem     item);
guint         bw_checklist_job_get_dev_id         (BwChecklistJob *self);
gboolean      bw_checklist_job_get_has_firmware   (BwChecklistJob *self);
gboolean      bw_checklist_job_get_has_bootloader (BwChecklistJob *self);
gchar        *bw_checklist_job_dup_hardware_name  (BwChecklistJob *self);

const gchar  *bw_check_item_to_string             (BwCheckItem     item);

G_END_DECLS

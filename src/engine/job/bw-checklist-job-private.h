/* bw-checklist-job-private.h: what checklist jobs set from their worker
 * thread
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-checklist-job.h"
#include "bw-job-private.h"

G_BEGIN_DECLS

/* Sets @item and logs it. */
void      bw_checklist_job_set_item        (BwChecklistJob *self,
                                            BwCheckItem     item,
                                            BwCheckState    state,
                                            const gchar    *format,
                                            ...) G_GNUC_PRINTF (4, 5);
/* Fails @item with (*error)'s message and skips the items after it;
 * returns FALSE, for `return bw_checklist_job_fail_item (...)`. */
gboolean  bw_checklist_job_fail_item       (BwChecklistJob *self,
                                            BwCheckItem     item,
                                            GError        **error);
void      bw_checklist_job_set_dev_id      (BwChecklistJob *self,
                                            guint           dev_id);
/* Keeps what the flash holds and sets the contents item from it;
 * @flash_is_blank only when the whole flash was read and found erased. */
void      bw_checklist_job_report_contents (BwChecklistJob *self,
                                            gboolean        has_firmware,
                                            gboolean        has_bootloader,
                                            const gchar    *hardware_name,
                                            gboolean        flash_is_blank);

G_END_DECLS

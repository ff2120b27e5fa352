/* bw-check-job.h: the connect checklist, item by item, before anything is
 * written
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-checklist-job.h"
#include "bw-stlink.h"
#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_CHECK_JOB (bw_check_job_get_type ())
G_DECLARE_FINAL_TYPE (BwCheckJob, bw_check_job, BW, CHECK_JOB, BwChecklistJob)

BwCheckJob   *bw_check_job_new                 (BwTransport         *transport);
void          bw_check_job_set_expected_chip   (BwCheckJob          *self,
                                                guint                dev_id);
void          bw_check_job_set_connect_mode    (BwCheckJob          *self,
                                                BwStlinkConnectMode  mode);
void          bw_check_job_set_sectors_to_test (BwCheckJob          *self,
                                                guint32              sector_mask);

BwCheckState  bw_check_job_get_state           (BwCheckJob          *self,
                                                BwCheckItem          item);
gchar        *bw_check_job_dup_detail          (BwCheckJob          *self,
                                                BwCheckItem          item);
guint         bw_check_job_get_dev_id          (BwCheckJob          *self);
gdouble       bw_check_job_get_voltage         (BwCheckJob          *self);
gboolean      bw_check_job_get_has_firmware    (BwCheckJob          *self);
gboolean      bw_check_job_get_has_bootloader  (BwCheckJob          *self);
gchar        *bw_check_job_dup_hardware_name   (BwCheckJob          *self);
guint32       bw_check_job_get_blank_sectors   (BwCheckJob          *self);

G_END_DECLS

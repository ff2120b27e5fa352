/* bw-vesc-check-job.h: the connect checklist through a working VESC used
 * as the SWD programmer, item by item, before anything is written
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A BwChecklistJob like the ST-Link's BwCheckJob, so that the CLI and the
 * wizard show both alike; the details say what a VESC programmer
 * cannot do (no voltage reading, no reset wire, whole-chip erase only).
 */
#pragma once

#include "bw-checklist-job.h"
#include "bw-vesc-fw-info.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_CHECK_JOB (bw_vesc_check_job_get_type ())
G_DECLARE_FINAL_TYPE (BwVescCheckJob, bw_vesc_check_job, BW, VESC_CHECK_JOB, BwChecklistJob)

/* @programmer_port: the working VESC's serial port, e.g. /dev/ttyACM0. */
BwVescCheckJob     *bw_vesc_check_job_new                 (const gchar    *programmer_port);
void                bw_vesc_check_job_set_timeout_divisor (BwVescCheckJob *self,
                                                           guint           divisor);
/* Also read the whole flash to learn whether it is blank (slow: the
 * programmer reads 400 bytes per request). */
void                bw_vesc_check_job_set_test_blank      (BwVescCheckJob *self,
                                                           gboolean        test_blank);

/* The items, chip, firmware and bootloader: bw_checklist_job_*(). */
guint               bw_vesc_check_job_get_flash_kb        (BwVescCheckJob *self);
/* Only after a run with set_test_blank (FALSE otherwise). */
gboolean            bw_vesc_check_job_get_is_blank        (BwVescCheckJob *self);
/* The programmer VESC's own firmware, after the run (NULL if it did not answer). */
BwVescFwInfo       *bw_vesc_check_job_dup_programmer_info (BwVescCheckJob *self);

G_END_DECLS

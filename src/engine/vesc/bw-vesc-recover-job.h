/* bw-vesc-recover-job.h: bring a bricked ESC back through a working VESC
 * used as the SWD programmer (VESC Tool's "SWD Prog" upload)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"
#include "bw-vesc-fw-info.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_RECOVER_JOB (bw_vesc_recover_job_get_type ())
G_DECLARE_FINAL_TYPE (BwVescRecoverJob, bw_vesc_recover_job, BW, VESC_RECOVER_JOB, BwJob)

/* @programmer_port: the working VESC's serial port. Erases the whole
 * target, writes @firmware at 0x08000000 and @bootloader at 0x080E0000,
 * reads both back, then resets the target. An empty @firmware writes the
 * bootloader alone (for a chip the check found blank). */
BwVescRecoverJob   *bw_vesc_recover_job_new                (const gchar      *programmer_port,
                                                            GBytes           *firmware,
                                                            GBytes           *bootloader);
void                bw_vesc_recover_job_set_timeout_divisor (BwVescRecoverJob *self,
                                                             guint             divisor);
/* Before the mass erase, save the whole flash to @path (.hex or .bin, with
 * its sha256 beside it); NULL for no backup. */
void                bw_vesc_recover_job_set_backup_path    (BwVescRecoverJob *self,
                                                            const gchar      *path);
/* After a run that saved one. */
const gchar        *bw_vesc_recover_job_get_backup_sha256  (BwVescRecoverJob *self);
/* The programmer VESC's own firmware, after the run. */
const BwVescFwInfo *bw_vesc_recover_job_get_programmer_info (BwVescRecoverJob *self);

G_END_DECLS

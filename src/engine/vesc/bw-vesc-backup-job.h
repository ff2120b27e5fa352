/* bw-vesc-backup-job.h: read another ESC's flash into a file through a
 * working VESC used as the SWD programmer, with its sha256 beside it
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_BACKUP_JOB (bw_vesc_backup_job_get_type ())
G_DECLARE_FINAL_TYPE (BwVescBackupJob, bw_vesc_backup_job, BW, VESC_BACKUP_JOB, BwJob)

/* @size 0: from @address to the end of the chip's flash. A path ending in
 * .hex is written as Intel HEX, anything else as raw binary (the writer of
 * the ST-Link backup, bw_image_save()). */
BwVescBackupJob *bw_vesc_backup_job_new                 (const gchar     *programmer_port,
                                                         const gchar     *path,
                                                         guint32          address,
                                                         guint32          size);
void             bw_vesc_backup_job_set_timeout_divisor (BwVescBackupJob *self,
                                                         guint            divisor);
const gchar     *bw_vesc_backup_job_get_sha256          (BwVescBackupJob *self);

G_END_DECLS

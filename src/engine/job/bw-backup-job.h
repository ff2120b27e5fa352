/* bw-backup-job.h: read flash into a file, with its sha256 beside it
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"
#include "bw-stlink.h"
#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_BACKUP_JOB (bw_backup_job_get_type ())
G_DECLARE_FINAL_TYPE (BwBackupJob, bw_backup_job, BW, BACKUP_JOB, BwJob)

/* @size 0: from @address to the end of the chip's flash. A path ending in
 * .hex is written as Intel HEX, anything else as raw binary. */
BwBackupJob *bw_backup_job_new              (BwTransport         *transport,
                                             const gchar         *path,
                                             guint32              address,
                                             guint32              size);
void         bw_backup_job_set_connect_mode (BwBackupJob         *self,
                                             BwStlinkConnectMode  mode);
const gchar *bw_backup_job_get_sha256       (BwBackupJob         *self);

G_END_DECLS

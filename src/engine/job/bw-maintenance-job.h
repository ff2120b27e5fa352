/* bw-maintenance-job.h: erase sectors or the whole chip, remove read
 * protection, reset
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"
#include "bw-stlink.h"
#include "bw-transport.h"

G_BEGIN_DECLS

typedef enum {
  BW_MAINTENANCE_ERASE_SECTORS,
  BW_MAINTENANCE_MASS_ERASE,
  BW_MAINTENANCE_UNLOCK,   /* RDP 1 -> 0; the chip erases everything */
  BW_MAINTENANCE_RESET,
} BwMaintenanceAction;

#define BW_TYPE_MAINTENANCE_JOB (bw_maintenance_job_get_type ())
G_DECLARE_FINAL_TYPE (BwMaintenanceJob, bw_maintenance_job, BW, MAINTENANCE_JOB, BwJob)

BwMaintenanceJob *bw_maintenance_job_new              (BwTransport         *transport,
                                                       BwMaintenanceAction  action);
/* for BW_MAINTENANCE_ERASE_SECTORS: bit n erases sector n */
void              bw_maintenance_job_set_sectors      (BwMaintenanceJob    *self,
                                                       guint32              sector_mask);
/* erasing and unlocking refuse to run without it: the caller showed the
 * user what is lost and the user agreed */
void              bw_maintenance_job_set_consent      (BwMaintenanceJob    *self,
                                                       gboolean             consent);
void              bw_maintenance_job_set_connect_mode (BwMaintenanceJob    *self,
                                                       BwStlinkConnectMode  mode);

G_END_DECLS

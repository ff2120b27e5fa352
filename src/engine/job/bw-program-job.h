/* bw-program-job.h: carry out a plan on the chip: back up, erase, write,
 * verify, reset
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"
#include "bw-plan.h"
#include "bw-stlink.h"
#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_PROGRAM_JOB (bw_program_job_get_type ())
G_DECLARE_FINAL_TYPE (BwProgramJob, bw_program_job, BW, PROGRAM_JOB, BwJob)

BwProgramJob *bw_program_job_new               (BwTransport         *transport,
                                                BwPlan              *plan,
                                                const gchar         *backup_path);
void          bw_program_job_set_connect_mode  (BwProgramJob        *self,
                                                BwStlinkConnectMode  mode);
void          bw_program_job_set_supply_voltage (BwProgramJob       *self,
                                                gdouble              volts);
const gchar  *bw_program_job_get_chip_state    (BwProgramJob        *self);
const gchar  *bw_program_job_get_backup_sha256 (BwProgramJob        *self);

G_END_DECLS

/* bw-verify-job.h: compare the chip's flash with an image
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-image.h"
#include "bw-job.h"
#include "bw-stlink.h"
#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_VERIFY_JOB (bw_verify_job_get_type ())
G_DECLARE_FINAL_TYPE (BwVerifyJob, bw_verify_job, BW, VERIFY_JOB, BwJob)

BwVerifyJob *bw_verify_job_new                 (BwTransport         *transport,
                                                BwImage             *image);
/* VESC firmware rewrites its 8-byte CRC info on first boot: skip it. */
void         bw_verify_job_set_ignore_crc_info (BwVerifyJob         *self,
                                                gboolean             ignore);
void         bw_verify_job_set_connect_mode    (BwVerifyJob         *self,
                                                BwStlinkConnectMode  mode);

G_END_DECLS

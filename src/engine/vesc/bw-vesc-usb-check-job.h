/* bw-vesc-usb-check-job.h: what an ESC that still runs VESC firmware says
 * about itself over its own USB port, and which bundled bootloader fits it
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"
#include "bw-vesc-fw-info.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_USB_CHECK_JOB (bw_vesc_usb_check_job_get_type ())
G_DECLARE_FINAL_TYPE (BwVescUsbCheckJob, bw_vesc_usb_check_job, BW, VESC_USB_CHECK_JOB, BwJob)

BwVescUsbCheckJob  *bw_vesc_usb_check_job_new                 (const gchar       *port);
void                bw_vesc_usb_check_job_set_timeout_divisor (BwVescUsbCheckJob *self,
                                                               guint              divisor);
/* After a successful run. */
const BwVescFwInfo *bw_vesc_usb_check_job_get_fw_info         (BwVescUsbCheckJob *self);
/* VESC Tool's name of the bundled bootloader for the reported hardware. */
const gchar        *bw_vesc_usb_check_job_get_bootloader_name (BwVescUsbCheckJob *self);
/* Whether that bootloader is installed with Bootwire (and unaltered). */
gboolean            bw_vesc_usb_check_job_get_bootloader_found (BwVescUsbCheckJob *self);
/* The warnings VESC Tool's Bootloader tab gives for this ESC. */
const gchar *const *bw_vesc_usb_check_job_get_warnings        (BwVescUsbCheckJob *self);

G_END_DECLS

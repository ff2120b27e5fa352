/* bw-vesc-bootloader-job.h: install the bootloader into an ESC that still
 * runs VESC firmware, over its own USB port (VESC Tool's Bootloader tab)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"
#include "bw-vesc-fw-info.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_BOOTLOADER_JOB (bw_vesc_bootloader_job_get_type ())
G_DECLARE_FINAL_TYPE (BwVescBootloaderJob, bw_vesc_bootloader_job, BW, VESC_BOOTLOADER_JOB, BwJob)

/* @port: the ESC's serial port, e.g. /dev/ttyACM0. */
BwVescBootloaderJob *bw_vesc_bootloader_job_new                  (const gchar         *port);
/* A bootloader image of the user's choice instead of the bundled one that
 * matches the hardware name the ESC reports. */
void                 bw_vesc_bootloader_job_set_image            (BwVescBootloaderJob *self,
                                                                  GBytes              *image,
                                                                  const gchar         *name);
/* Firmware older than 3.59 cannot erase the bootloader sector; writing
 * over a bootloader that is there destroys it. Only when the user knows
 * the sector is empty. */
void                 bw_vesc_bootloader_job_set_allow_without_erase (BwVescBootloaderJob *self,
                                                                     gboolean             allow);
void                 bw_vesc_bootloader_job_set_timeout_divisor  (BwVescBootloaderJob *self,
                                                                  guint                divisor);
/* After the run (also a failed one, once the ESC answered). */
const BwVescFwInfo  *bw_vesc_bootloader_job_get_fw_info          (BwVescBootloaderJob *self);
const gchar         *bw_vesc_bootloader_job_get_bootloader_name  (BwVescBootloaderJob *self);
guint64              bw_vesc_bootloader_job_get_bytes_written    (BwVescBootloaderJob *self);

/* What the user must read before starting, for this ESC. */
GStrv                bw_vesc_bootloader_job_get_warnings         (const BwVescFwInfo  *info);

G_END_DECLS

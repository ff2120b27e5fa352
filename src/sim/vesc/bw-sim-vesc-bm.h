/* bw-sim-vesc-bm.h: the Black Magic Probe inside a VESC's firmware, with
 * the simulated STM32F405 on the other end of its SWD wires
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call is one bm_*() of vedderb/bldc blackmagic/bm_if.c and returns
 * its result number. Flash work goes through the target's flash
 * controller registers over the debug port, so the model's rules (keys,
 * PSIZE, busy time, write protection, RDP) hold here as for an ST-Link.
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-stm32f405.h"

G_BEGIN_DECLS

#define BW_SIM_TYPE_VESC_BM (bw_sim_vesc_bm_get_type ())
G_DECLARE_FINAL_TYPE (BwSimVescBm, bw_sim_vesc_bm, BW_SIM, VESC_BM, GObject)

/* @target may be NULL: nothing on the wires. */
BwSimVescBm *bw_sim_vesc_bm_new          (BwSimStm32f405 *target);
BwSimStm32f405 *bw_sim_vesc_bm_get_target (BwSimVescBm   *self);
gint         bw_sim_vesc_bm_connect      (BwSimVescBm    *self);
gint         bw_sim_vesc_bm_erase_all    (BwSimVescBm    *self);
gint         bw_sim_vesc_bm_write_flash  (BwSimVescBm    *self,
                                          guint32         address,
                                          const guint8   *data,
                                          gsize           len);
/* @buffer gets @len bytes (zeros where the read failed). */
gint         bw_sim_vesc_bm_mem_read     (BwSimVescBm    *self,
                                          guint32         address,
                                          guint8         *buffer,
                                          gsize           len);
gint         bw_sim_vesc_bm_reboot       (BwSimVescBm    *self);
void         bw_sim_vesc_bm_disconnect   (BwSimVescBm    *self);
gboolean     bw_sim_vesc_bm_is_connected (BwSimVescBm    *self);

G_END_DECLS

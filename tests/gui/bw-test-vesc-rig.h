/* bw-test-vesc-rig.h: simulated VESCs on pseudo-terminals, listed in a
 * port directory of their own, for the wizard's VESC and USB paths
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-sim-vesc.h"

G_BEGIN_DECLS

typedef struct {
  gchar          *dir;     /* what BW_VESC_PORT_DIR points at while the rig lives */
  gchar          *link;    /* dir/ttyACM0, a link to the VESC's pty */
  BwSimClock     *clock;
  BwSimStm32f405 *target;  /* behind the programmer's SWD port; NULL over USB */
  BwSimVesc      *vesc;
} BwTestVescRig;

/* A working VESC (firmware 6.05) with a bricked STM32F405 behind its SWD
 * port: 40 KiB of half-copied firmware, no bootloader. @extra_scenario:
 * more [target] keys, e.g. "powered=false", or NULL. */
BwTestVescRig *bw_test_vesc_rig_new_programmer (const gchar *extra_scenario);
/* The same with a blank STM32F405 (erased flash) behind it. */
BwTestVescRig *bw_test_vesc_rig_new_programmer_blank (void);
/* A VESC that runs firmware @major.@minor for hardware @hw_name, on USB. */
BwTestVescRig *bw_test_vesc_rig_new_usb        (guint        major,
                                                guint        minor,
                                                const gchar *hw_name);
/* After the simulated cable was pulled: plugs it in again (a fresh pty)
 * and points the link at it. */
void           bw_test_vesc_rig_replug         (BwTestVescRig *rig);
void           bw_test_vesc_rig_assert_clean   (BwTestVescRig *rig);
void           bw_test_vesc_rig_free           (BwTestVescRig *rig);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwTestVescRig, bw_test_vesc_rig_free)

G_END_DECLS

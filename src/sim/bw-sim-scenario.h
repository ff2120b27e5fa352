/* bw-sim-scenario.h: a simulator scenario (wiring, chip, probe, faults)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GKeyFile with groups [probe], [target] and [faults]; every key is
 * optional. The format is documented in src/sim/README.md.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BW_SIM_SCENARIO_ENV "BOOTWIRE_SIM_SCENARIO"

typedef enum {
  BW_SIM_PROBE_V2,   /* 0x3748 */
  BW_SIM_PROBE_V2_1, /* 0x374B */
  BW_SIM_PROBE_V3,   /* 0x374F */
} BwSimProbeKind;

#define BW_SIM_TYPE_SCENARIO (bw_sim_scenario_get_type ())
G_DECLARE_FINAL_TYPE (BwSimScenario, bw_sim_scenario, BW_SIM, SCENARIO, GObject)

BwSimScenario  *bw_sim_scenario_new_default  (void);
BwSimScenario  *bw_sim_scenario_load         (const gchar  *path,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;
BwSimScenario  *bw_sim_scenario_load_from_data (const gchar *data,
                                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The file named by BOOTWIRE_SIM_SCENARIO, or the defaults when it is unset. */
BwSimScenario  *bw_sim_scenario_new_from_env (GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* Serialises the scenario (all keys, with their current values). */
gchar          *bw_sim_scenario_to_data      (BwSimScenario *self);
gboolean        bw_sim_scenario_save         (BwSimScenario *self,
                                              const gchar   *path,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Generic setter used by bootwire-sim ("group.key" = value); validates by re-parsing. */
gboolean        bw_sim_scenario_set          (BwSimScenario *self,
                                              const gchar   *group,
                                              const gchar   *key,
                                              const gchar   *value,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Directory relative paths (target.flash) are resolved against; may be NULL. */
const gchar    *bw_sim_scenario_get_base_dir (BwSimScenario *self);

/* [probe] */
BwSimProbeKind  bw_sim_scenario_get_probe_kind        (BwSimScenario *self);
guint16         bw_sim_scenario_get_probe_pid         (BwSimScenario *self);
guint           bw_sim_scenario_get_probe_fw_stlink   (BwSimScenario *self); /* V: 2 or 3 */
guint           bw_sim_scenario_get_probe_fw_jtag     (BwSimScenario *self); /* J */
guint           bw_sim_scenario_get_probe_fw_swim     (BwSimScenario *self); /* S (V2) */
guint           bw_sim_scenario_get_probe_fw_msd      (BwSimScenario *self); /* M (V2-1, V3) */
guint           bw_sim_scenario_get_probe_fw_bridge   (BwSimScenario *self); /* B (V3) */
const gchar    *bw_sim_scenario_get_probe_serial      (BwSimScenario *self); /* 24 hex chars */
gboolean        bw_sim_scenario_get_probe_busy        (BwSimScenario *self);
/* The user may not open the device node (no udev rule): open answers ACCESS. */
gboolean        bw_sim_scenario_get_probe_permission_denied (BwSimScenario *self);
guint           bw_sim_scenario_get_usb_unplug_after  (BwSimScenario *self); /* 0 = never */
guint           bw_sim_scenario_get_swd_flaky_one_in  (BwSimScenario *self); /* 0 = never */
gboolean        bw_sim_scenario_get_sense_wired       (BwSimScenario *self);
gdouble         bw_sim_scenario_get_sense_unwired_voltage (BwSimScenario *self);
gboolean        bw_sim_scenario_get_clone             (BwSimScenario *self);

/* [target] */
guint16         bw_sim_scenario_get_dev_id            (BwSimScenario *self);
guint16         bw_sim_scenario_get_rev_id            (BwSimScenario *self);
guint           bw_sim_scenario_get_flash_size_kb     (BwSimScenario *self);
gdouble         bw_sim_scenario_get_supply_voltage    (BwSimScenario *self);
gboolean        bw_sim_scenario_get_powered           (BwSimScenario *self);
gboolean        bw_sim_scenario_get_swd_swapped       (BwSimScenario *self);
gboolean        bw_sim_scenario_get_gnd_missing       (BwSimScenario *self);
gboolean        bw_sim_scenario_get_nrst_wired        (BwSimScenario *self);
gboolean        bw_sim_scenario_get_swd_disabled_by_firmware (BwSimScenario *self);
/* "blank" or NULL = erased; otherwise a path to a .bin (at 0x08000000) or .hex. */
const gchar    *bw_sim_scenario_get_flash_file        (BwSimScenario *self);
guint8          bw_sim_scenario_get_rdp_byte          (BwSimScenario *self); /* 0xAA = level 0 */
guint16         bw_sim_scenario_get_nwrp              (BwSimScenario *self); /* bit n = 0: sector n protected */
const guint8   *bw_sim_scenario_get_unique_id         (BwSimScenario *self); /* 12 bytes */

/* [faults] */
gboolean        bw_sim_scenario_get_flash_error       (BwSimScenario *self,
                                                       guint32       *address);
gboolean        bw_sim_scenario_get_bit_flip          (BwSimScenario *self,
                                                       guint32       *address,
                                                       guint8        *mask);
/* Faults that strike after the given number of bulk transfers of a session
 * (0 = never); see README.md for what each does. */
guint           bw_sim_scenario_get_power_loss_after  (BwSimScenario *self);
guint           bw_sim_scenario_get_flash_error_after (BwSimScenario *self);
guint           bw_sim_scenario_get_bit_flip_after    (BwSimScenario *self);
guint           bw_sim_scenario_get_swd_flaky_after   (BwSimScenario *self);

G_END_DECLS

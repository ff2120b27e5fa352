/* bw-probe-profile.h: one programmer's header, from a .probe profile in
 * data/probes
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-signal.h"

G_BEGIN_DECLS

typedef enum {
  BW_PROBE_PROFILE_KIND_CLONE,
  BW_PROBE_PROFILE_KIND_GENUINE,
  BW_PROBE_PROFILE_KIND_NUCLEO,
  BW_PROBE_PROFILE_KIND_V3,
  BW_PROBE_PROFILE_KIND_VESC,  /* a working VESC's SWD port (COMM_BM_*), not an ST-Link */
} BwProbeProfileKind;

/* How pin numbers run over a two-row header. IDC: 1 and 2 face each other,
 * odd numbers in one row, even in the other. */
typedef enum {
  BW_PIN_NUMBERING_IDC,
  BW_PIN_NUMBERING_ROW,
} BwPinNumbering;

#define BW_TYPE_PROBE_PROFILE (bw_probe_profile_get_type ())
G_DECLARE_FINAL_TYPE (BwProbeProfile, bw_probe_profile, BW, PROBE_PROFILE, GObject)

BwProbeProfile     *bw_probe_profile_new_from_file          (const gchar    *path,
                                                             GError        **error) G_GNUC_WARN_UNUSED_RESULT;

const gchar        *bw_probe_profile_get_id                 (BwProbeProfile *self);
const gchar        *bw_probe_profile_get_path               (BwProbeProfile *self);
const gchar        *bw_probe_profile_get_name               (BwProbeProfile *self);
BwProbeProfileKind  bw_probe_profile_get_kind               (BwProbeProfile *self);
const guint16      *bw_probe_profile_get_usb_pids           (BwProbeProfile *self,
                                                             guint          *n_pids);
const gchar        *bw_probe_profile_get_identify           (BwProbeProfile *self);
gboolean            bw_probe_profile_get_nrst_drives_reset  (BwProbeProfile *self);
gboolean            bw_probe_profile_get_can_power_target   (BwProbeProfile *self);
BwConfidence        bw_probe_profile_get_confidence         (BwProbeProfile *self);
const gchar *const *bw_probe_profile_get_sources            (BwProbeProfile *self);
const gchar        *bw_probe_profile_get_notes              (BwProbeProfile *self);

const gchar        *bw_probe_profile_get_header_name        (BwProbeProfile *self);
gdouble             bw_probe_profile_get_pitch_mm           (BwProbeProfile *self);
guint               bw_probe_profile_get_n_rows             (BwProbeProfile *self);
guint               bw_probe_profile_get_n_columns          (BwProbeProfile *self);
guint               bw_probe_profile_get_n_pins             (BwProbeProfile *self);
BwSignal            bw_probe_profile_get_pin_signal         (BwProbeProfile *self,
                                                             guint           index);
const gchar        *bw_probe_profile_get_pin_label          (BwProbeProfile *self,
                                                             guint           index);
void                bw_probe_profile_get_pin_position       (BwProbeProfile *self,
                                                             guint           index,
                                                             guint          *row,
                                                             guint          *column);
gboolean            bw_probe_profile_find_pin               (BwProbeProfile *self,
                                                             BwSignal        signal,
                                                             guint          *index);
guint               bw_probe_profile_get_gnd_pin            (BwProbeProfile *self);

G_END_DECLS

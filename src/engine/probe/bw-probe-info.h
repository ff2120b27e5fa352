/* bw-probe-info.h: what is known about one attached ST-Link
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BW_STLINK_VID 0x0483

typedef enum {
  BW_PROBE_KIND_UNKNOWN,
  BW_PROBE_KIND_V2,   /* 0x3748 */
  BW_PROBE_KIND_V2_1, /* 0x374A, 0x374B, 0x3752 */
  BW_PROBE_KIND_V3,   /* 0x374E, 0x374F, 0x3753, 0x3754 */
} BwProbeKind;

typedef struct _BwProbeInfo BwProbeInfo;

#define BW_TYPE_PROBE_INFO (bw_probe_info_get_type ())
GType        bw_probe_info_get_type        (void) G_GNUC_CONST;

BwProbeInfo *bw_probe_info_new             (guint16        vid,
                                            guint16        pid,
                                            const gchar   *serial);
BwProbeInfo *bw_probe_info_copy            (const BwProbeInfo *self);
void         bw_probe_info_free            (BwProbeInfo   *self);

guint16      bw_probe_info_get_vid         (const BwProbeInfo *self);
guint16      bw_probe_info_get_pid         (const BwProbeInfo *self);
BwProbeKind  bw_probe_info_get_kind        (const BwProbeInfo *self);
/* "V2", "V2-1", "V3" */
const gchar *bw_probe_info_get_kind_name   (const BwProbeInfo *self);
/* 24 upper-case hex digits as the tools show it; NULL if unreadable. */
const gchar *bw_probe_info_get_serial      (const BwProbeInfo *self);
void         bw_probe_info_set_serial      (BwProbeInfo   *self,
                                            const gchar   *serial);
/* e.g. "V2J37S7"; NULL until the probe has been asked. */
const gchar *bw_probe_info_get_firmware    (const BwProbeInfo *self);
void         bw_probe_info_set_firmware    (BwProbeInfo   *self,
                                            const gchar   *firmware);
guint8       bw_probe_info_get_bus         (const BwProbeInfo *self);
guint8       bw_probe_info_get_address     (const BwProbeInfo *self);
void         bw_probe_info_set_location    (BwProbeInfo   *self,
                                            guint8         bus,
                                            guint8         address);
/* FALSE when the operating system refused to open it (permissions). */
gboolean     bw_probe_info_get_accessible  (const BwProbeInfo *self);
void         bw_probe_info_set_accessible  (BwProbeInfo   *self,
                                            gboolean       accessible);
/* One line for lists and logs: "ST-Link V2 (0483:3748) serial ... firmware ...". */
gchar       *bw_probe_info_to_string       (const BwProbeInfo *self);

/* Pure helpers. */
BwProbeKind  bw_probe_kind_from_pid        (guint16        pid);
const gchar *bw_probe_kind_to_string       (BwProbeKind    kind);
/* The serial of a USB string descriptor (§1.3 of the protocol spec): a
 * 26-byte descriptor carries 12 raw bytes, shown as 24 hex digits; anything
 * else is UTF-16LE text. NULL if @desc is not a string descriptor. */
gchar       *bw_probe_serial_from_descriptor (const guint8 *desc,
                                              gsize         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwProbeInfo, bw_probe_info_free)

G_END_DECLS

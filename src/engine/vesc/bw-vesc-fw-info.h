/* bw-vesc-fw-info.h: what a running VESC says about itself (COMM_FW_VERSION)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-vesc-commands.h"

G_BEGIN_DECLS

#define BW_TYPE_VESC_FW_INFO (bw_vesc_fw_info_get_type ())

typedef struct {
  guint         major;
  guint         minor;
  gchar        *hw_name;     /* "" when the firmware is too old to send it */
  gboolean      has_uuid;
  guint8        uuid[12];    /* the STM32 unique id */
  gboolean      has_hw_type;
  BwVescHwType  hw_type;     /* BW_VESC_HW_TYPE_VESC when not sent */
  guint         test_version; /* 0 for a release */
  gchar        *fw_name;     /* NULL when not sent */
} BwVescFwInfo;

GType         bw_vesc_fw_info_get_type  (void) G_GNUC_CONST;
/* @payload is the whole reply, its first byte COMM_FW_VERSION. */
BwVescFwInfo *bw_vesc_fw_info_parse     (const guint8       *payload,
                                         gsize               len,
                                         GError            **error);
/* A reply as firmware @major.@minor for @hw_name would send it (simulator, tests). */
GByteArray   *bw_vesc_fw_info_build     (const BwVescFwInfo *info);
BwVescFwInfo *bw_vesc_fw_info_copy      (const BwVescFwInfo *info);
void          bw_vesc_fw_info_free      (BwVescFwInfo       *info);
/* "6.05 hw 60", for logs and reports. */
gchar        *bw_vesc_fw_info_describe  (const BwVescFwInfo *info);
gchar        *bw_vesc_fw_info_uuid_hex  (const BwVescFwInfo *info);
/* Firmware 3.59 and later can erase the bootloader sector itself. */
gboolean      bw_vesc_fw_info_can_erase_bootloader (const BwVescFwInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwVescFwInfo, bw_vesc_fw_info_free)

G_END_DECLS

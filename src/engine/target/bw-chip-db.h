/* bw-chip-db.h: which chip answered, from its DBGMCU device id
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-flash-map.h"

G_BEGIN_DECLS

#define BW_DBGMCU_IDCODE_ADDRESS   0xE0042000u
#define BW_CPUID_ADDRESS           0xE000ED00u
#define BW_STM32F4_FLASH_SIZE_REG  0x1FFF7A22u
#define BW_STM32F4_UNIQUE_ID       0x1FFF7A10u

typedef struct {
  guint        dev_id;
  const gchar *name;
  guint        flash_kb;     /* the largest part with this id, when the size register cannot be read */
  gboolean     programmable; /* Bootwire's STM32F4 flash driver knows its sectors */
} BwChipInfo;

const BwChipInfo *bw_chip_db_lookup          (guint          dev_id);
guint             bw_chip_db_dev_id_from_idcode (guint32     dbgmcu_idcode,
                                              guint32        cpuid);
BwFlashMap       *bw_chip_db_new_flash_map   (guint          dev_id,
                                              guint          flash_kb,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean          bw_chip_db_check_expected  (guint          found_dev_id,
                                              guint          expected_dev_id,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gchar            *bw_chip_db_describe        (guint          dev_id);

G_END_DECLS

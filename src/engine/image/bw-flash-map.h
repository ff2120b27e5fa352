/* bw-flash-map.h: where a chip's flash is and how it is cut into sectors
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BW_STM32F4_FLASH_BASE 0x08000000u

#define BW_TYPE_FLASH_MAP (bw_flash_map_get_type ())
typedef struct _BwFlashMap BwFlashMap;

GType        bw_flash_map_get_type           (void) G_GNUC_CONST;
BwFlashMap  *bw_flash_map_new_stm32f4        (guint        size_kb);
BwFlashMap  *bw_flash_map_ref                (BwFlashMap  *self);
void         bw_flash_map_unref              (BwFlashMap  *self);
const gchar *bw_flash_map_get_chip_name      (BwFlashMap  *self);
guint32      bw_flash_map_get_base           (BwFlashMap  *self);
guint32      bw_flash_map_get_size           (BwFlashMap  *self);
guint64      bw_flash_map_get_end            (BwFlashMap  *self);
guint        bw_flash_map_get_n_sectors      (BwFlashMap  *self);
guint32      bw_flash_map_get_sector_address (BwFlashMap  *self,
                                              guint        index);
guint32      bw_flash_map_get_sector_size    (BwFlashMap  *self,
                                              guint        index);
gboolean     bw_flash_map_find_sector        (BwFlashMap  *self,
                                              guint64      address,
                                              guint       *index);
gboolean     bw_flash_map_contains           (BwFlashMap  *self,
                                              guint64      start,
                                              guint64      end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwFlashMap, bw_flash_map_unref)

G_END_DECLS

/* bw-target.h: the chip behind the probe: memory, core, identity
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bw-flash-map.h"
#include "bw-stlink.h"

G_BEGIN_DECLS

#define BW_TYPE_TARGET (bw_target_get_type ())
G_DECLARE_FINAL_TYPE (BwTarget, bw_target, BW, TARGET, GObject)

BwTarget   *bw_target_new           (BwStlink      *stlink);
BwStlink   *bw_target_get_stlink    (BwTarget      *self);
gboolean    bw_target_identify      (BwTarget      *self,
                                     GError       **error) G_GNUC_WARN_UNUSED_RESULT;
guint       bw_target_get_dev_id    (BwTarget      *self);
guint       bw_target_get_flash_kb  (BwTarget      *self);
const gchar *bw_target_get_unique_id (BwTarget     *self);
BwFlashMap *bw_target_get_flash_map (BwTarget      *self);

/* Memory access used by the flash driver; every call checks the probe's
 * read/write status and names the faulting address in its error. */
gboolean    bw_target_read_u32     (BwTarget      *self,
                                    guint32        address,
                                    guint32       *value,
                                    GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    bw_target_write_u32    (BwTarget      *self,
                                    guint32        address,
                                    guint32        value,
                                    GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    bw_target_read_memory  (BwTarget      *self,
                                    guint32        address,
                                    guint8        *buffer,
                                    gsize          size,
                                    GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    bw_target_write_memory (BwTarget      *self,
                                    guint32        address,
                                    const guint8  *data,
                                    gsize          size,
                                    guint          access_width,
                                    GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void        bw_target_sleep_us     (BwTarget      *self,
                                    guint64        us);
gint64      bw_target_now_us       (BwTarget      *self);

G_END_DECLS

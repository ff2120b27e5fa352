/* bw-image.h: a sparse flash image of sorted, non-overlapping segments
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BW_TYPE_IMAGE (bw_image_get_type ())
G_DECLARE_FINAL_TYPE (BwImage, bw_image, BW, IMAGE, GObject)

BwImage  *bw_image_new                 (void);
gboolean  bw_image_add_data            (BwImage       *self,
                                        guint32        address,
                                        const guint8  *data,
                                        gsize          size,
                                        GError       **error) G_GNUC_WARN_UNUSED_RESULT;
guint     bw_image_get_n_segments      (BwImage       *self);
guint32   bw_image_get_segment_address (BwImage       *self,
                                        guint          index);
gsize     bw_image_get_segment_size    (BwImage       *self,
                                        guint          index);
const guint8 *bw_image_get_segment_data (BwImage      *self,
                                        guint          index);
gsize     bw_image_get_size            (BwImage       *self);
gboolean  bw_image_is_empty            (BwImage       *self);
guint32   bw_image_get_low_address     (BwImage       *self);
guint64   bw_image_get_end_address     (BwImage       *self);
gsize     bw_image_count_bytes_in      (BwImage       *self,
                                        guint64        start,
                                        guint64        end);
gboolean  bw_image_read                (BwImage       *self,
                                        guint32        address,
                                        guint8        *buffer,
                                        gsize          size);
GBytes   *bw_image_dup_span            (BwImage       *self,
                                        guint32        base,
                                        guint32        limit);
gboolean  bw_image_get_start_address   (BwImage       *self,
                                        guint32       *address);
void      bw_image_set_start_address   (BwImage       *self,
                                        guint32        address);
gchar    *bw_image_compute_sha256      (BwImage       *self);
gboolean  bw_image_equal_content       (BwImage       *self,
                                        BwImage       *other);

G_END_DECLS

/* bw-image-check.h: does an image fit a chip, and which sectors it touches
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-flash-map.h"
#include "bw-image.h"

G_BEGIN_DECLS

gboolean bw_image_check_fits        (BwImage    *image,
                                     BwFlashMap *map,
                                     GError    **error) G_GNUC_WARN_UNUSED_RESULT;
GArray  *bw_image_check_get_sectors (BwImage    *image,
                                     BwFlashMap *map);

G_END_DECLS

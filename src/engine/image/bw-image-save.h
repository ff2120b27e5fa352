/* bw-image-save.h: an image to a file, atomically, with its sha256 beside it
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-image.h"

G_BEGIN_DECLS

gboolean bw_image_save (BwImage      *image,
                        const gchar  *path,
                        gchar       **sha256,
                        GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

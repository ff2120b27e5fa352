/* bw-bin-image.h: a raw .bin placed at a base address
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-image.h"

G_BEGIN_DECLS

/* Larger than any STM32F4 flash; a full 1 MB dump is well inside it. */
#define BW_BIN_MAX_FILE_SIZE (16u * 1024u * 1024u)

BwImage *bw_bin_image_load (GBytes  *contents,
                            guint32  base_address,
                            GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

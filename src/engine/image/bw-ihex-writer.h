/* bw-ihex-writer.h: a sparse image to Intel HEX text
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-image.h"

G_BEGIN_DECLS

typedef enum {
  BW_IHEX_WRITER_FLAG_NONE = 0,
  BW_IHEX_WRITER_FLAG_CRLF = 1 << 0,
} BwIhexWriterFlags;

GBytes *bw_ihex_writer_write (BwImage           *image,
                              BwIhexWriterFlags  flags);

G_END_DECLS

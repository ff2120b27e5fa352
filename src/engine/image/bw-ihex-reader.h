/* bw-ihex-reader.h: Intel HEX text to a sparse image
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-image.h"

G_BEGIN_DECLS

/* Hard limits against hostile or mistaken input. */
#define BW_IHEX_MAX_FILE_SIZE   (32u * 1024u * 1024u)
/* ':' + count + address + type + 255 data bytes + checksum */
#define BW_IHEX_MAX_LINE_LENGTH (1u + 2u + 4u + 2u + 2u * 255u + 2u)
#define BW_IHEX_MAX_DATA_SIZE   (16u * 1024u * 1024u)
#define BW_IHEX_MAX_SPAN        G_GUINT64_CONSTANT (0x20000000)

#define BW_TYPE_IHEX_READER (bw_ihex_reader_get_type ())
G_DECLARE_FINAL_TYPE (BwIhexReader, bw_ihex_reader, BW, IHEX_READER, GObject)

BwIhexReader *bw_ihex_reader_new                  (void);
BwImage      *bw_ihex_reader_parse                (BwIhexReader *self,
                                                   GBytes       *contents,
                                                   GError      **error) G_GNUC_WARN_UNUSED_RESULT;
guint         bw_ihex_reader_get_error_line       (BwIhexReader *self);
guint         bw_ihex_reader_get_error_column     (BwIhexReader *self);
guint         bw_ihex_reader_get_error_other_line (BwIhexReader *self);
GPtrArray    *bw_ihex_reader_get_warnings         (BwIhexReader *self);
guint         bw_ihex_reader_get_n_records        (BwIhexReader *self);

G_END_DECLS

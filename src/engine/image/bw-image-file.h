/* bw-image-file.h: a firmware file on disk, read into an image
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bw-image.h"

G_BEGIN_DECLS

typedef enum {
  BW_IMAGE_FORMAT_UNKNOWN,
  BW_IMAGE_FORMAT_IHEX,
  BW_IMAGE_FORMAT_BIN,
} BwImageFormat;

typedef enum {
  BW_ADDRESS_SOURCE_FILE,    /* Intel HEX carries its own addresses */
  BW_ADDRESS_SOURCE_USER,    /* given for a .bin */
  BW_ADDRESS_SOURCE_CONTENT, /* a .bin's vector table told it */
} BwAddressSource;

#define BW_TYPE_IMAGE_FILE (bw_image_file_get_type ())
G_DECLARE_FINAL_TYPE (BwImageFile, bw_image_file, BW, IMAGE_FILE, GObject)

BwImageFile    *bw_image_file_new                (GFile        *file);
gboolean        bw_image_file_load               (BwImageFile  *self,
                                                  gboolean      has_address,
                                                  guint32       address,
                                                  GCancellable *cancellable,
                                                  GError      **error) G_GNUC_WARN_UNUSED_RESULT;
GFile          *bw_image_file_get_file           (BwImageFile  *self);
BwImage        *bw_image_file_get_image          (BwImageFile  *self);
BwImageFormat   bw_image_file_get_format         (BwImageFile  *self);
BwAddressSource bw_image_file_get_address_source (BwImageFile  *self);
const gchar    *bw_image_file_get_address_reason (BwImageFile  *self);
gsize           bw_image_file_get_file_size      (BwImageFile  *self);
const gchar    *bw_image_file_get_file_sha256    (BwImageFile  *self);
GPtrArray      *bw_image_file_get_warnings       (BwImageFile  *self);
guint           bw_image_file_get_error_line     (BwImageFile  *self);
guint           bw_image_file_get_error_column   (BwImageFile  *self);
guint           bw_image_file_get_error_other_line (BwImageFile *self);

const gchar    *bw_image_format_to_string        (BwImageFormat format);

G_END_DECLS

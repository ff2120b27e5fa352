/* bw-bin-image.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-bin-image.h"
#include "bw-error.h"

/* The whole file is one segment: unlike a .hex file, a .bin cannot say
 * which of its bytes are padding, so every byte is written. */
BwImage *
bw_bin_image_load (GBytes *contents, guint32 base_address, GError **error)
{
  g_autoptr(BwImage) image = bw_image_new ();
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (contents != NULL, NULL);

  data = g_bytes_get_data (contents, &size);
  if (size == 0)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_FILE_EMPTY, "the file is empty");
      return NULL;
    }
  if (size > BW_BIN_MAX_FILE_SIZE)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_FILE_TOO_LARGE,
                   "the file is %" G_GSIZE_FORMAT " bytes; a raw image for this chip is at most %u",
                   size, BW_BIN_MAX_FILE_SIZE);
      return NULL;
    }
  if (!bw_image_add_data (image, base_address, data, size, error))
    return NULL;
  return g_steal_pointer (&image);
}

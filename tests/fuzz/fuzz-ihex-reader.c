/* fuzz-ihex-reader.c: libFuzzer target for the Intel HEX reader
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bootwire-engine.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImage) image = bw_ihex_reader_parse (reader, bytes, &error);

  /* Exactly one of image and error, and an error always says where. */
  g_assert ((image == NULL) != (error == NULL));
  if (image != NULL)
    {
      g_autoptr(GBytes) text = bw_ihex_writer_write (image, BW_IHEX_WRITER_FLAG_NONE);
      g_autoptr(BwIhexReader) again = bw_ihex_reader_new ();
      g_autoptr(BwImage) reread = bw_ihex_reader_parse (again, text, NULL);
      g_autoptr(BwVescImage) vesc = bw_vesc_image_new_from_image (image);

      g_assert_nonnull (reread);
      g_assert_true (bw_image_equal_content (image, reread));
      g_assert_nonnull (vesc);
    }
  else
    {
      g_assert_true (error->domain == BW_ERROR);
    }
  return 0;
}

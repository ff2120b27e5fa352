/* bw-ihex-writer.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-ihex-writer.h"

#define BYTES_PER_RECORD 16

static void
append_record (GString      *out,
               guint8        type,
               guint16       offset,
               const guint8 *data,
               gsize         count,
               const gchar  *newline)
{
  guint8 sum = (guint8) (count + (offset >> 8) + (offset & 0xff) + type);

  g_string_append_printf (out, ":%02X%04X%02X", (guint) count, (guint) offset, (guint) type);
  for (gsize i = 0; i < count; i++)
    {
      g_string_append_printf (out, "%02X", (guint) data[i]);
      sum += data[i];
    }
  g_string_append_printf (out, "%02X%s", (guint) (guint8) (0x100 - sum), newline);
}

/* 16-byte data records, an extended linear address record whenever the upper
 * half of the address changes, the start address if the image has one, EOF. */
GBytes *
bw_ihex_writer_write (BwImage *image, BwIhexWriterFlags flags)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const gchar *newline = (flags & BW_IHEX_WRITER_FLAG_CRLF) ? "\r\n" : "\n";
  guint32 upper = 0;
  gboolean have_upper = FALSE;
  guint32 start;

  g_return_val_if_fail (BW_IS_IMAGE (image), NULL);

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint32 address = bw_image_get_segment_address (image, i);
      const guint8 *data = bw_image_get_segment_data (image, i);
      gsize remaining = bw_image_get_segment_size (image, i);

      while (remaining > 0)
        {
          /* A record never crosses a 64 KB boundary, so its offset never wraps. */
          gsize to_boundary = 0x10000 - (address & 0xffff);
          gsize count = MIN (MIN (remaining, (gsize) BYTES_PER_RECORD), to_boundary);

          if (!have_upper || (address >> 16) != upper)
            {
              guint8 ela[2];

              upper = address >> 16;
              ela[0] = (guint8) (upper >> 8);
              ela[1] = (guint8) upper;
              append_record (out, 0x04, 0, ela, sizeof ela, newline);
              have_upper = TRUE;
            }
          append_record (out, 0x00, (guint16) (address & 0xffff), data, count, newline);
          address += (guint32) count;
          data += count;
          remaining -= count;
        }
    }
  if (bw_image_get_start_address (image, &start))
    {
      guint8 sla[4] = { (guint8) (start >> 24), (guint8) (start >> 16),
                        (guint8) (start >> 8), (guint8) start };

      append_record (out, 0x05, 0, sla, sizeof sla, newline);
    }
  append_record (out, 0x01, 0, NULL, 0, newline);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

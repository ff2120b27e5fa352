/* bw-sim-ihex.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bw-sim-ihex.h"

static gint
hex_byte (const gchar *s)
{
  gint hi = g_ascii_xdigit_value (s[0]);
  gint lo = g_ascii_xdigit_value (s[1]);
  return (hi < 0 || lo < 0) ? -1 : hi << 4 | lo;
}

gboolean
bw_sim_ihex_parse (const gchar *text, gsize len, BwSimIhexFunc func, gpointer user_data,
                   GError **error)
{
  g_autofree gchar *copy = g_strndup (text, len);
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);
  guint32 upper = 0;
  gboolean seen_eof = FALSE;

  for (guint n = 0; lines[n] != NULL; n++)
    {
      gchar *line = g_strstrip (lines[n]);
      gsize l = strlen (line);
      guint8 rec[256 + 5];
      guint8 sum = 0;
      guint count, type;
      guint16 offset;

      if (l == 0)
        continue;
      if (seen_eof)
        break;
      if (line[0] != ':' || l < 11 || (l - 1) % 2 != 0 || (l - 1) / 2 > sizeof rec)
        goto bad;
      for (gsize i = 0; i < (l - 1) / 2; i++)
        {
          gint b = hex_byte (line + 1 + 2 * i);
          if (b < 0)
            goto bad;
          rec[i] = (guint8) b;
          sum += (guint8) b;
        }
      count = rec[0];
      if (sum != 0 || (l - 1) / 2 != count + 5)
        goto bad;
      offset = (guint16) (rec[1] << 8 | rec[2]);
      type = rec[3];
      switch (type)
        {
        case 0x00:
          if (!func (upper + offset, rec + 4, count, user_data, error))
            {
              g_prefix_error (error, "line %u: ", n + 1);
              return FALSE;
            }
          break;
        case 0x01:
          seen_eof = TRUE;
          break;
        case 0x02:
          if (count != 2)
            goto bad;
          upper = (guint32) (rec[4] << 8 | rec[5]) << 4;
          break;
        case 0x04:
          if (count != 2)
            goto bad;
          upper = (guint32) (rec[4] << 8 | rec[5]) << 16;
          break;
        case 0x03:
        case 0x05:
          break;
        default:
          goto bad;
        }
      continue;
bad:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "line %u: not a valid Intel HEX record", n + 1);
      return FALSE;
    }
  if (!seen_eof)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Intel HEX without end-of-file record");
      return FALSE;
    }
  return TRUE;
}

static void
append_record (GString *str, guint type, guint16 offset, const guint8 *data, guint count)
{
  guint8 sum = (guint8) (count + (offset >> 8) + (offset & 0xFF) + type);

  g_string_append_printf (str, ":%02X%04X%02X", count, offset, type);
  for (guint i = 0; i < count; i++)
    {
      g_string_append_printf (str, "%02X", data[i]);
      sum += data[i];
    }
  g_string_append_printf (str, "%02X\n", (guint8) (0x100 - sum) & 0xFF);
}

gchar *
bw_sim_ihex_format (guint32 address, const guint8 *data, gsize size)
{
  GString *str = g_string_new (NULL);
  guint32 upper = 0xFFFFFFFFu;
  gsize pos = 0;

  while (pos < size)
    {
      guint32 a = address + (guint32) pos;
      guint count = (guint) MIN ((gsize) 16, size - pos);
      if ((a >> 16) != upper)
        {
          guint8 ela[2] = { (guint8) (a >> 24), (guint8) (a >> 16) };
          upper = a >> 16;
          append_record (str, 0x04, 0, ela, 2);
        }
      /* do not cross a 64 KiB boundary inside one record */
      count = (guint) MIN ((guint32) count, 0x10000u - (a & 0xFFFFu));
      append_record (str, 0x00, (guint16) (a & 0xFFFF), data + pos, count);
      pos += count;
    }
  append_record (str, 0x01, 0, NULL, 0);
  return g_string_free (str, FALSE);
}

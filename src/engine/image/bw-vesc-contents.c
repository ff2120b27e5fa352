/* bw-vesc-contents.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same analysis for an ST-Link and for a VESC used as the SWD
 * programmer; only the read differs.
 */
#include "config.h"

#include <string.h>

#include "bw-memory.h"
#include "bw-vesc-contents.h"
#include "bw-vesc-image.h"

/* The name scan reads the app area from its end in steps of this many
 * bytes; steps overlap so that a name is never cut. */
#define SCAN_STEP    (16u * 1024u)
#define SCAN_OVERLAP 64u
#define HW_NAME_MAX     64u

static const gchar name_prefix[] = "org.vesc.";

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

gboolean
bw_vesc_contents_read_vector_table (BwVescContentsReadFunc read_func, gpointer user_data, guint32 address, guint32 lo,
                                    guint32 hi, gboolean *found, GCancellable *cancellable, GError **error)
{
  guint8 words[8];
  guint32 sp, reset;

  *found = FALSE;
  if (!read_func (user_data, address, words, sizeof words, cancellable, error))
    return FALSE;
  sp = read_le32 (words);
  reset = read_le32 (words + 4);
  *found = sp >= 0x10000000u && sp <= 0x20020000u && (reset & 1u) && (reset & ~1u) >= lo && (reset & ~1u) < hi;
  return TRUE;
}

gchar *
bw_vesc_contents_parse_hardware_name (const guint8 *bytes, gsize length)
{
  const guint8 *name;
  gsize n = 0;

  if (length < strlen (name_prefix) || memcmp (bytes, name_prefix, strlen (name_prefix)) != 0)
    return NULL;
  name = bytes + strlen (name_prefix);
  while (name + n < bytes + length && n < HW_NAME_MAX && g_ascii_isprint (name[n]))
    n++;
  if (n > 0 && name + n < bytes + length && name[n] == '\0')
    return g_strndup ((const gchar *) name, n);
  return NULL;
}

gboolean
bw_vesc_contents_scan_hardware_name (BwVescContentsReadFunc read_func, gpointer user_data, gchar **name,
                                     GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *buffer = g_malloc (SCAN_STEP + SCAN_OVERLAP);

  *name = NULL;
  for (guint32 end = BW_VESC_APP_END; end > BW_VESC_CONFIG_END; end -= SCAN_STEP)
    {
      guint32 address = MAX (end - SCAN_STEP, (guint32) BW_VESC_CONFIG_END);
      gsize length = MIN ((gsize) (end - address) + SCAN_OVERLAP, (gsize) (BW_VESC_APP_END - address));
      const guint8 *hit;

      if (!read_func (user_data, address, buffer, length, cancellable, error))
        return FALSE;
      hit = bw_memory_find (buffer, length, name_prefix, strlen (name_prefix));
      if (hit != NULL)
        {
          *name = bw_vesc_contents_parse_hardware_name (hit, (gsize) (buffer + length - hit));
          if (*name != NULL)
            return TRUE;
        }
    }
  return TRUE;
}

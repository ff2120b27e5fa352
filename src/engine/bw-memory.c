/* bw-memory.c: byte-string helpers the C library lacks on every platform
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-memory.h"

const guint8 *
bw_memory_find (gconstpointer haystack,
                gsize         haystack_size,
                gconstpointer needle,
                gsize         needle_size)
{
  const guint8 *p = haystack;
  const guint8 *end;
  const guint8 *first;

  if (needle_size == 0)
    return p;
  if (haystack_size < needle_size)
    return NULL;
  end = p + (haystack_size - needle_size) + 1;
  first = needle;
  while (p < end)
    {
      p = memchr (p, first[0], (gsize) (end - p));
      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, needle_size) == 0)
        return p;
      p++;
    }
  return NULL;
}

gboolean
bw_memory_is_erased (gconstpointer data, gsize size)
{
  const guint8 *bytes = data;

  for (gsize i = 0; i < size; i++)
    {
      if (bytes[i] != 0xFF)
        return FALSE;
    }
  return TRUE;
}

/* bw-image.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gaps are never filled: a byte the file does not give is not written, so a
 * firmware plus a bootloader stays two segments instead of a 900 KB blob.
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-image.h"

typedef struct {
  guint32     address;
  GByteArray *data;
} Segment;

struct _BwImage
{
  GObject  parent_instance;
  GArray  *segments; /* Segment, sorted by address, never adjacent or overlapping */
  gsize    size;
  gboolean has_start_address;
  guint32  start_address;
};

G_DEFINE_FINAL_TYPE (BwImage, bw_image, G_TYPE_OBJECT)

static void
segment_clear (gpointer data)
{
  Segment *segment = data;

  g_clear_pointer (&segment->data, g_byte_array_unref);
}

static guint64
segment_end (const Segment *segment)
{
  return (guint64) segment->address + segment->data->len;
}

static void
bw_image_finalize (GObject *object)
{
  BwImage *self = BW_IMAGE (object);

  g_clear_pointer (&self->segments, g_array_unref);
  G_OBJECT_CLASS (bw_image_parent_class)->finalize (object);
}

static void
bw_image_class_init (BwImageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_image_finalize;
}

static void
bw_image_init (BwImage *self)
{
  self->segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (self->segments, segment_clear);
}

BwImage *
bw_image_new (void)
{
  return g_object_new (BW_TYPE_IMAGE, NULL);
}

/* Index of the first segment whose end is beyond @address. */
static guint
find_segment_after (BwImage *self, guint64 address)
{
  guint lo = 0;
  guint hi = self->segments->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Segment *segment = &g_array_index (self->segments, Segment, mid);

      if (segment_end (segment) <= address)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
bw_image_add_data (BwImage      *self,
                   guint32       address,
                   const guint8 *data,
                   gsize         size,
                   GError      **error)
{
  guint64 end = (guint64) address + size;
  guint index;
  Segment *prev = NULL;
  Segment *next = NULL;

  g_return_val_if_fail (BW_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (size == 0)
    return TRUE;
  if (end > G_GUINT64_CONSTANT (0x100000000))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE,
                   "%" G_GSIZE_FORMAT " bytes at 0x%08X run past the end of the 32-bit address space",
                   size, address);
      return FALSE;
    }

  /* The common case of a file read in order: extend the last segment. */
  if (self->segments->len > 0)
    {
      Segment *last = &g_array_index (self->segments, Segment, self->segments->len - 1);

      if (segment_end (last) == address)
        {
          g_byte_array_append (last->data, data, size);
          self->size += size;
          return TRUE;
        }
    }

  index = find_segment_after (self, address);
  if (index < self->segments->len)
    {
      next = &g_array_index (self->segments, Segment, index);
      if (next->address < end)
        {
          guint64 overlap_start = MAX ((guint64) next->address, (guint64) address);

          g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OVERLAP,
                       "data at 0x%08" G_GINT64_MODIFIER "X is given twice", overlap_start);
          return FALSE;
        }
    }
  if (index > 0)
    prev = &g_array_index (self->segments, Segment, index - 1);

  if (prev != NULL && segment_end (prev) == address)
    {
      g_byte_array_append (prev->data, data, size);
      if (next != NULL && next->address == end)
        {
          g_byte_array_append (prev->data, next->data->data, next->data->len);
          g_array_remove_index (self->segments, index);
        }
    }
  else if (next != NULL && next->address == end)
    {
      g_byte_array_prepend (next->data, data, size);
      next->address = address;
    }
  else
    {
      Segment segment = { address, g_byte_array_sized_new (size) };

      g_byte_array_append (segment.data, data, size);
      g_array_insert_val (self->segments, index, segment);
    }
  self->size += size;
  return TRUE;
}

guint
bw_image_get_n_segments (BwImage *self)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), 0);
  return self->segments->len;
}

guint32
bw_image_get_segment_address (BwImage *self, guint index)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), 0);
  g_return_val_if_fail (index < self->segments->len, 0);
  return g_array_index (self->segments, Segment, index).address;
}

gsize
bw_image_get_segment_size (BwImage *self, guint index)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), 0);
  g_return_val_if_fail (index < self->segments->len, 0);
  return g_array_index (self->segments, Segment, index).data->len;
}

const guint8 *
bw_image_get_segment_data (BwImage *self, guint index)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);
  return g_array_index (self->segments, Segment, index).data->data;
}

gsize
bw_image_get_size (BwImage *self)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), 0);
  return self->size;
}

gboolean
bw_image_is_empty (BwImage *self)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), TRUE);
  return self->size == 0;
}

guint32
bw_image_get_low_address (BwImage *self)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), 0);
  if (self->segments->len == 0)
    return 0;
  return g_array_index (self->segments, Segment, 0).address;
}

/* One past the last byte; 64-bit so that an image ending at 0xFFFFFFFF fits. */
guint64
bw_image_get_end_address (BwImage *self)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), 0);
  if (self->segments->len == 0)
    return 0;
  return segment_end (&g_array_index (self->segments, Segment, self->segments->len - 1));
}

/* How many bytes of the image lie in [start, end). */
gsize
bw_image_count_bytes_in (BwImage *self, guint64 start, guint64 end)
{
  gsize count = 0;

  g_return_val_if_fail (BW_IS_IMAGE (self), 0);

  for (guint i = find_segment_after (self, start); i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);
      guint64 lo = MAX ((guint64) segment->address, start);
      guint64 hi = MIN (segment_end (segment), end);

      if (segment->address >= end)
        break;
      if (hi > lo)
        count += hi - lo;
    }
  return count;
}

/* Copies [address, address + size) into @buffer; FALSE unless every byte is
 * in the image. */
gboolean
bw_image_read (BwImage *self, guint32 address, guint8 *buffer, gsize size)
{
  guint64 end = (guint64) address + size;
  guint index;
  const Segment *segment;

  g_return_val_if_fail (BW_IS_IMAGE (self), FALSE);

  if (size == 0)
    return TRUE;
  index = find_segment_after (self, address);
  if (index >= self->segments->len)
    return FALSE;
  segment = &g_array_index (self->segments, Segment, index);
  if (segment->address > address || segment_end (segment) < end)
    return FALSE;
  memcpy (buffer, segment->data->data + (address - segment->address), size);
  return TRUE;
}

/* The bytes from @base to the image's end, gaps as erased flash (0xFF):
 * what a programmer that writes one contiguous run needs. NULL for an
 * empty image or one that reaches outside [@base, @limit). */
GBytes *
bw_image_dup_span (BwImage *self, guint32 base, guint32 limit)
{
  guint64 end;
  gsize size;
  guint8 *bytes;

  g_return_val_if_fail (BW_IS_IMAGE (self), NULL);

  end = bw_image_get_end_address (self);
  if (bw_image_is_empty (self) || bw_image_get_low_address (self) < base || end > limit)
    return NULL;
  size = (gsize) (end - base);
  bytes = g_malloc (size);
  memset (bytes, 0xFF, size);
  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);

      memcpy (bytes + (segment->address - base), segment->data->data, segment->data->len);
    }
  return g_bytes_new_take (bytes, size);
}

gboolean
bw_image_get_start_address (BwImage *self, guint32 *address)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), FALSE);
  if (self->has_start_address && address != NULL)
    *address = self->start_address;
  return self->has_start_address;
}

void
bw_image_set_start_address (BwImage *self, guint32 address)
{
  g_return_if_fail (BW_IS_IMAGE (self));
  self->has_start_address = TRUE;
  self->start_address = address;
}

/* The checksum of the bytes the image loads, in address order. */
gchar *
bw_image_compute_sha256 (BwImage *self)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (BW_IS_IMAGE (self), NULL);

  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);

      g_checksum_update (checksum, segment->data->data, segment->data->len);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* Same addresses and same bytes; the start address is not content. */
gboolean
bw_image_equal_content (BwImage *self, BwImage *other)
{
  g_return_val_if_fail (BW_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (BW_IS_IMAGE (other), FALSE);

  if (self->segments->len != other->segments->len)
    return FALSE;
  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *a = &g_array_index (self->segments, Segment, i);
      const Segment *b = &g_array_index (other->segments, Segment, i);

      if (a->address != b->address || a->data->len != b->data->len)
        return FALSE;
      if (memcmp (a->data->data, b->data->data, a->data->len) != 0)
        return FALSE;
    }
  return TRUE;
}

/* bw-ihex-reader.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two passes: the text is cut into records, each checked on its own (digits,
 * byte count, checksum, type), then the records are placed by address. Data
 * records may come in any order; two records that give the same address are
 * an error naming both lines, since the file cannot say which one it meant.
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-ihex-reader.h"

enum {
  RECORD_DATA = 0x00,
  RECORD_END_OF_FILE = 0x01,
  RECORD_EXTENDED_SEGMENT_ADDRESS = 0x02,
  RECORD_START_SEGMENT_ADDRESS = 0x03,
  RECORD_EXTENDED_LINEAR_ADDRESS = 0x04,
  RECORD_START_LINEAR_ADDRESS = 0x05,
};

#define MAX_RECORD_CHARS BW_IHEX_MAX_LINE_LENGTH

typedef struct {
  guint   line;
  guint64 address;
  guint   pool_offset;
  guint   length;
} DataRecord;

struct _BwIhexReader
{
  GObject     parent_instance;
  guint       error_line;
  guint       error_column;
  guint       error_other_line;
  guint       n_records;
  GPtrArray  *warnings;
};

G_DEFINE_FINAL_TYPE (BwIhexReader, bw_ihex_reader, G_TYPE_OBJECT)

static void
bw_ihex_reader_finalize (GObject *object)
{
  BwIhexReader *self = BW_IHEX_READER (object);

  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  G_OBJECT_CLASS (bw_ihex_reader_parent_class)->finalize (object);
}

static void
bw_ihex_reader_class_init (BwIhexReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_ihex_reader_finalize;
}

static void
bw_ihex_reader_init (BwIhexReader *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

BwIhexReader *
bw_ihex_reader_new (void)
{
  return g_object_new (BW_TYPE_IHEX_READER, NULL);
}

/* Line 0 means the error is about the file as a whole. */
guint
bw_ihex_reader_get_error_line (BwIhexReader *self)
{
  g_return_val_if_fail (BW_IS_IHEX_READER (self), 0);
  return self->error_line;
}

guint
bw_ihex_reader_get_error_column (BwIhexReader *self)
{
  g_return_val_if_fail (BW_IS_IHEX_READER (self), 0);
  return self->error_column;
}

/* For an overlap: the earlier line that gave the same address. */
guint
bw_ihex_reader_get_error_other_line (BwIhexReader *self)
{
  g_return_val_if_fail (BW_IS_IHEX_READER (self), 0);
  return self->error_other_line;
}

GPtrArray *
bw_ihex_reader_get_warnings (BwIhexReader *self)
{
  g_return_val_if_fail (BW_IS_IHEX_READER (self), NULL);
  return self->warnings;
}

guint
bw_ihex_reader_get_n_records (BwIhexReader *self)
{
  g_return_val_if_fail (BW_IS_IHEX_READER (self), 0);
  return self->n_records;
}

static void set_error_at (BwIhexReader *self, GError **error, gint code, guint line,
                          guint column, const gchar *format, ...) G_GNUC_PRINTF (6, 7);

static void
set_error_at (BwIhexReader *self,
              GError      **error,
              gint          code,
              guint         line,
              guint         column,
              const gchar  *format,
              ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  self->error_line = line;
  self->error_column = column;
  if (line > 0)
    g_set_error (error, BW_ERROR, code, "line %u, column %u: %s", line, column, message);
  else
    g_set_error_literal (error, BW_ERROR, code, message);
}

static gint
hex_value (gchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

static gchar *
describe_char (gchar c)
{
  if (g_ascii_isprint (c))
    return g_strdup_printf ("'%c'", c);
  return g_strdup_printf ("byte 0x%02X", (guint) (guchar) c);
}

static gboolean
is_blank_char (gchar c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\x1a' || c == '\f' || c == '\v';
}

/* One record line into bytes, checking everything a single line can show. */
static gboolean
decode_record (BwIhexReader *self,
               const gchar  *text,
               gsize         length,
               guint         line,
               guint8       *bytes,
               gsize        *n_bytes,
               GError      **error)
{
  gsize n_digits;
  guint8 sum = 0;
  guint8 declared;

  if (text[0] != ':')
    {
      g_autofree gchar *what = describe_char (text[0]);

      set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, 1,
                    "a record must start with ':', found %s", what);
      return FALSE;
    }
  n_digits = length - 1;
  for (gsize i = 1; i < length; i++)
    {
      if (hex_value (text[i]) < 0)
        {
          g_autofree gchar *what = describe_char (text[i]);

          set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, (guint) i + 1,
                        "%s is not a hexadecimal digit", what);
          return FALSE;
        }
    }
  if (n_digits < 10)
    {
      set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, (guint) length + 1,
                    "the record is too short (%" G_GSIZE_FORMAT " hex digits, at least 10 needed)",
                    n_digits);
      return FALSE;
    }
  if (n_digits % 2 != 0)
    {
      set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, (guint) length,
                    "the record has an odd number of hex digits (%" G_GSIZE_FORMAT ")", n_digits);
      return FALSE;
    }
  *n_bytes = n_digits / 2;
  for (gsize i = 0; i < *n_bytes; i++)
    {
      bytes[i] = (guint8) (hex_value (text[1 + 2 * i]) << 4 | hex_value (text[2 + 2 * i]));
      sum += bytes[i];
    }
  declared = bytes[0];
  if ((gsize) declared + 5 != *n_bytes)
    {
      set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, 2,
                    "the record says it holds %u data bytes but holds %" G_GSIZE_FORMAT,
                    declared, *n_bytes >= 5 ? *n_bytes - 5 : 0);
      return FALSE;
    }
  if (sum != 0)
    {
      guint8 expected = (guint8) (bytes[*n_bytes - 1] - sum);

      set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, (guint) length - 1,
                    "checksum is 0x%02X, expected 0x%02X", bytes[*n_bytes - 1], expected);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_length (BwIhexReader *self,
              guint         line,
              guint8        type,
              guint         length,
              guint         expected,
              GError      **error)
{
  if (length == expected)
    return TRUE;
  set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, 2,
                "a record of type 0x%02X must hold %u data bytes, this one holds %u",
                type, expected, length);
  return FALSE;
}

static gint
compare_records (gconstpointer a, gconstpointer b)
{
  const DataRecord *ra = a;
  const DataRecord *rb = b;

  if (ra->address != rb->address)
    return ra->address < rb->address ? -1 : 1;
  return ra->line < rb->line ? -1 : (ra->line > rb->line ? 1 : 0);
}

static void
add_warning (BwIhexReader *self, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (BwIhexReader *self, const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
reset_state (BwIhexReader *self)
{
  self->error_line = 0;
  self->error_column = 0;
  self->error_other_line = 0;
  self->n_records = 0;
  g_ptr_array_set_size (self->warnings, 0);
}

BwImage *
bw_ihex_reader_parse (BwIhexReader *self, GBytes *contents, GError **error)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (DataRecord));
  g_autoptr(GByteArray) pool = g_byte_array_new ();
  const gchar *text;
  gsize size;
  gsize pos = 0;
  guint line = 0;
  guint eof_line = 0;
  guint lines_after_eof = 0;
  guint64 base = 0;
  guint64 total = 0;
  guint64 max_end = 0;
  guint max_end_line = 0;

  g_return_val_if_fail (BW_IS_IHEX_READER (self), NULL);
  g_return_val_if_fail (contents != NULL, NULL);

  reset_state (self);
  text = g_bytes_get_data (contents, &size);
  if (size == 0)
    {
      set_error_at (self, error, BW_ERROR_FILE_EMPTY, 0, 0, "the file is empty");
      return NULL;
    }
  if (size > BW_IHEX_MAX_FILE_SIZE)
    {
      set_error_at (self, error, BW_ERROR_FILE_TOO_LARGE, 0, 0,
                    "the file is %" G_GSIZE_FORMAT " bytes; an Intel HEX file for this chip is at most %u",
                    size, BW_IHEX_MAX_FILE_SIZE);
      return NULL;
    }

  while (pos < size)
    {
      const gchar *start = text + pos;
      const gchar *newline = memchr (start, '\n', size - pos);
      gsize raw_length = newline != NULL ? (gsize) (newline - start) : size - pos;
      gsize length = raw_length;
      guint8 bytes[MAX_RECORD_CHARS / 2 + 1];
      gsize n_bytes = 0;
      guint8 count;
      guint8 type;
      guint offset;

      pos += raw_length + 1;
      line++;
      while (length > 0 && is_blank_char (start[length - 1]))
        length--;
      if (length == 0)
        continue;
      if (eof_line != 0)
        {
          lines_after_eof++;
          continue;
        }
      if (length > MAX_RECORD_CHARS)
        {
          set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, MAX_RECORD_CHARS + 1,
                        "the line is %" G_GSIZE_FORMAT " characters long; a record has at most %u",
                        length, MAX_RECORD_CHARS);
          return NULL;
        }
      if (!decode_record (self, start, length, line, bytes, &n_bytes, error))
        return NULL;

      self->n_records++;
      count = bytes[0];
      offset = (guint) bytes[1] << 8 | bytes[2];
      type = bytes[3];
      switch (type)
        {
        case RECORD_DATA:
          {
            DataRecord record = { line, base + offset, pool->len, count };

            if (count == 0)
              {
                add_warning (self, "line %u: a data record with no data was ignored", line);
                break;
              }
            if (record.address + count > G_GUINT64_CONSTANT (0x100000000))
              {
                set_error_at (self, error, BW_ERROR_IMAGE_OUT_OF_RANGE, line, 4,
                              "the data at 0x%08" G_GINT64_MODIFIER "X runs past the 4 GB address space",
                              record.address);
                return NULL;
              }
            total += count;
            if (total > BW_IHEX_MAX_DATA_SIZE)
              {
                set_error_at (self, error, BW_ERROR_FILE_TOO_LARGE, line, 1,
                              "the file holds more than %u bytes of data", BW_IHEX_MAX_DATA_SIZE);
                return NULL;
              }
            g_byte_array_append (pool, bytes + 4, count);
            g_array_append_val (records, record);
            break;
          }
        case RECORD_END_OF_FILE:
          if (!check_length (self, line, type, count, 0, error))
            return NULL;
          eof_line = line;
          break;
        case RECORD_EXTENDED_SEGMENT_ADDRESS:
          if (!check_length (self, line, type, count, 2, error))
            return NULL;
          base = ((guint64) bytes[4] << 8 | bytes[5]) << 4;
          break;
        case RECORD_START_SEGMENT_ADDRESS:
          if (!check_length (self, line, type, count, 4, error))
            return NULL;
          add_warning (self, "line %u: an x86 start address (record type 03) was ignored", line);
          break;
        case RECORD_EXTENDED_LINEAR_ADDRESS:
          if (!check_length (self, line, type, count, 2, error))
            return NULL;
          base = ((guint64) bytes[4] << 8 | bytes[5]) << 16;
          break;
        case RECORD_START_LINEAR_ADDRESS:
          if (!check_length (self, line, type, count, 4, error))
            return NULL;
          bw_image_set_start_address (image, (guint32) bytes[4] << 24 | (guint32) bytes[5] << 16 |
                                             (guint32) bytes[6] << 8 | bytes[7]);
          break;
        default:
          set_error_at (self, error, BW_ERROR_IMAGE_INVALID, line, 8,
                        "unknown record type 0x%02X (Intel HEX knows 00 to 05)", type);
          return NULL;
        }
    }

  if (eof_line == 0)
    {
      set_error_at (self, error, BW_ERROR_IMAGE_INVALID, MAX (line, 1), 1,
                    "the file ends without an end-of-file record (:00000001FF); it was probably cut short");
      return NULL;
    }
  if (lines_after_eof > 0)
    add_warning (self, "%u line(s) after the end-of-file record on line %u were ignored",
                 lines_after_eof, eof_line);
  if (records->len == 0)
    {
      set_error_at (self, error, BW_ERROR_IMAGE_INVALID, eof_line, 1,
                    "the file holds no data before its end-of-file record");
      return NULL;
    }

  g_array_sort (records, compare_records);
  {
    const DataRecord *first = &g_array_index (records, DataRecord, 0);
    const DataRecord *last = &g_array_index (records, DataRecord, records->len - 1);

    if (last->address + last->length - first->address > BW_IHEX_MAX_SPAN)
      {
        set_error_at (self, error, BW_ERROR_IMAGE_OUT_OF_RANGE, last->line, 4,
                      "the data spans 0x%08" G_GINT64_MODIFIER "X to 0x%08" G_GINT64_MODIFIER "X, "
                      "more than any flash memory",
                      first->address, last->address + last->length);
        return NULL;
      }
  }
  for (guint i = 0; i < records->len; i++)
    {
      const DataRecord *record = &g_array_index (records, DataRecord, i);
      g_autoptr(GError) local_error = NULL;

      if (record->address < max_end)
        {
          self->error_other_line = max_end_line;
          set_error_at (self, error, BW_ERROR_IMAGE_OVERLAP, record->line, 4,
                        "the data at 0x%08" G_GINT64_MODIFIER "X overlaps the data of line %u",
                        record->address, max_end_line);
          return NULL;
        }
      if (!bw_image_add_data (image, (guint32) record->address,
                              pool->data + record->pool_offset, record->length, &local_error))
        {
          set_error_at (self, error, local_error->code, record->line, 4, "%s", local_error->message);
          return NULL;
        }
      max_end = record->address + record->length;
      max_end_line = record->line;
    }
  return g_steal_pointer (&image);
}

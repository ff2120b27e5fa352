/* test-ihex-reader.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

typedef struct {
  const gchar *file;
  gint         code;
  guint        line;
  guint        column;
  guint        other_line;
  const gchar *message_part;
} BadFile;

static const BadFile bad_files[] = {
  { "bad-checksum.hex", BW_ERROR_IMAGE_INVALID, 3, 42, 0, "checksum is 0x00, expected 0x68" },
  { "short-line.hex", BW_ERROR_IMAGE_INVALID, 2, 2, 0, "says it holds 16 data bytes but holds 0" },
  { "byte-count.hex", BW_ERROR_IMAGE_INVALID, 3, 2, 0, "says it holds 16 data bytes but holds 15" },
  { "bad-record-type.hex", BW_ERROR_IMAGE_INVALID, 2, 8, 0, "unknown record type 0x06" },
  { "overlap.hex", BW_ERROR_IMAGE_OVERLAP, 4, 4, 2, "overlaps the data of line 2" },
  { "missing-eof.hex", BW_ERROR_IMAGE_INVALID, 3, 1, 0, "without an end-of-file record" },
  { "bad-digit.hex", BW_ERROR_IMAGE_INVALID, 2, 12, 0, "'G' is not a hexadecimal digit" },
  { "no-colon.hex", BW_ERROR_IMAGE_INVALID, 2, 1, 0, "must start with ':', found '1'" },
  { "long-line.hex", BW_ERROR_IMAGE_INVALID, 2, 522, 0, "601 characters long" },
  { "empty.hex", BW_ERROR_FILE_EMPTY, 0, 0, 0, "empty" },
};

static BwImage *
parse_text (const gchar *text, BwIhexReader *reader, GError **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return bw_ihex_reader_parse (reader, bytes, error);
}

static void
test_bad_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      const BadFile *bad = &bad_files[i];
      g_autofree gchar *path = bw_test_file_path (bad->file);
      g_autoptr(GBytes) bytes = bw_test_load_bytes (path);
      g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(BwImage) image = bw_ihex_reader_parse (reader, bytes, &error);

      g_test_message ("%s: %s", bad->file, error ? error->message : "(no error)");
      g_assert_null (image);
      g_assert_error (error, BW_ERROR, bad->code);
      g_assert_cmpuint (bw_ihex_reader_get_error_line (reader), ==, bad->line);
      g_assert_cmpuint (bw_ihex_reader_get_error_column (reader), ==, bad->column);
      g_assert_cmpuint (bw_ihex_reader_get_error_other_line (reader), ==, bad->other_line);
      g_assert_nonnull (strstr (error->message, bad->message_part));
      if (bad->line > 0)
        {
          g_autofree gchar *where = g_strdup_printf ("line %u, column %u: ", bad->line, bad->column);

          g_assert_true (g_str_has_prefix (error->message, where));
        }
    }
}

static void
test_binary_junk (void)
{
  g_autofree gchar *path = bw_test_file_path ("junk.hex");
  g_autoptr(GBytes) bytes = bw_test_load_bytes (path);
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImage) image = bw_ihex_reader_parse (reader, bytes, &error);

  g_assert_null (image);
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_INVALID);
  g_assert_cmpuint (bw_ihex_reader_get_error_line (reader), ==, 1);
  g_assert_cmpuint (bw_ihex_reader_get_error_column (reader), ==, 1);
  g_assert_nonnull (strstr (error->message, "must start with ':'"));
}

static void
test_lowercase_crlf_blank_lines (void)
{
  g_autofree gchar *path = bw_test_file_path ("good-lowercase-crlf.hex");
  g_autoptr(GBytes) bytes = bw_test_load_bytes (path);
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImage) image = bw_ihex_reader_parse (reader, bytes, &error);
  guint8 data[32];

  g_assert_no_error (error);
  g_assert_cmpuint (bw_image_get_n_segments (image), ==, 1);
  g_assert_cmphex (bw_image_get_low_address (image), ==, 0x080E0000);
  g_assert_cmpuint (bw_image_get_size (image), ==, 32);
  g_assert_true (bw_image_read (image, 0x080E0000, data, sizeof data));
  for (guint i = 0; i < 32; i++)
    g_assert_cmpuint (data[i], ==, i % 16);
  g_assert_cmpuint (bw_ihex_reader_get_warnings (reader)->len, ==, 0);
  g_assert_cmpuint (bw_ihex_reader_get_n_records (reader), ==, 4);
}

static void
test_after_eof_warns (void)
{
  g_autofree gchar *path = bw_test_file_path ("after-eof.hex");
  g_autoptr(GBytes) bytes = bw_test_load_bytes (path);
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImage) image = bw_ihex_reader_parse (reader, bytes, &error);
  GPtrArray *warnings = bw_ihex_reader_get_warnings (reader);

  g_assert_no_error (error);
  g_assert_cmpuint (bw_image_get_size (image), ==, 16);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "2 line(s) after the end-of-file record on line 3 were ignored");
}

static void
test_out_of_order_records (void)
{
  g_autofree gchar *path = bw_test_file_path ("out-of-order.hex");
  g_autoptr(GBytes) bytes = bw_test_load_bytes (path);
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImage) image = bw_ihex_reader_parse (reader, bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bw_image_get_n_segments (image), ==, 1);
  g_assert_cmpuint (bw_image_get_size (image), ==, 32);
}

static void
test_segment_and_start_addresses (void)
{
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  /* segment 0x1000 → base 0x10000; start linear address 0x01020304 */
  g_autoptr(BwImage) image = parse_text (":020000021000EC\r\n:0400000501020304ED\r\n"
                                         ":03001000AABBCCBC\r\n:00000001FF\r\n\x1a",
                                         reader, &error);
  guint32 start = 0;
  guint8 data[3];

  g_assert_no_error (error);
  g_assert_cmphex (bw_image_get_low_address (image), ==, 0x10010);
  g_assert_true (bw_image_read (image, 0x10010, data, 3));
  g_assert_cmpuint (data[0], ==, 0xAA);
  g_assert_cmpuint (data[2], ==, 0xCC);
  g_assert_true (bw_image_get_start_address (image, &start));
  g_assert_cmphex (start, ==, 0x01020304);
}

static void
test_record_length_rules (void)
{
  static const struct {
    const gchar *text;
    const gchar *part;
  } cases[] = {
    /* EOF with a data byte */
    { ":0100000100FE\n", "type 0x01 must hold 0 data bytes" },
    /* extended linear address with 1 byte */
    { ":0100000408F3\n:00000001FF\n", "type 0x04 must hold 2 data bytes" },
    /* start linear address with 2 bytes */
    { ":020000050800F1\n:00000001FF\n", "type 0x05 must hold 4 data bytes" },
    /* odd number of digits */
    { ":00000001FF0\n", "odd number of hex digits" },
    /* only whitespace: no EOF */
    { "\n   \n", "without an end-of-file record" },
    /* EOF but no data */
    { ":00000001FF\n", "holds no data" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(BwImage) image = parse_text (cases[i].text, reader, &error);

      g_assert_null (image);
      g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].part));
      g_assert_cmpuint (bw_ihex_reader_get_error_line (reader), >=, 1);
    }
}

static void
test_address_space_limits (void)
{
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  /* 16 bytes at 0xFFFFFFF8 run past 4 GB */
  g_autoptr(BwImage) image = parse_text (":02000004FFFFFC\n"
                                         ":10FFF800000102030405060708090A0B0C0D0E0F81\n"
                                         ":00000001FF\n",
                                         reader, &error);

  g_assert_null (image);
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE);
  g_assert_cmpuint (bw_ihex_reader_get_error_line (reader), ==, 2);
}

static void
test_span_limit (void)
{
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  /* one byte at 0x00000000 and one at 0x80000000 */
  g_autoptr(BwImage) image = parse_text (":0100000000FF\n:0200000480007A\n:0100000000FF\n:00000001FF\n",
                                         reader, &error);

  g_assert_null (image);
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "more than any flash memory"));
  g_assert_cmpuint (bw_ihex_reader_get_error_line (reader), ==, 3);
}

static void
test_file_too_large (void)
{
  gsize size = BW_IHEX_MAX_FILE_SIZE + 1;
  g_autofree gchar *text = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImage) image = NULL;

  memset (text, '\n', size);
  bytes = g_bytes_new_take (g_steal_pointer (&text), size);
  image = bw_ihex_reader_parse (reader, bytes, &error);
  g_assert_null (image);
  g_assert_error (error, BW_ERROR, BW_ERROR_FILE_TOO_LARGE);
}

static void
test_reader_reuse_resets_state (void)
{
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImage) bad = parse_text (":0100000000FE\n:00000001FF\n", reader, &error);
  g_autoptr(BwImage) good = NULL;

  g_assert_null (bad);
  g_assert_cmpuint (bw_ihex_reader_get_error_line (reader), ==, 1);
  g_clear_error (&error);
  good = parse_text (":0100000000FF\n:00000001FF\n", reader, &error);
  g_assert_no_error (error);
  g_assert_nonnull (good);
  g_assert_cmpuint (bw_ihex_reader_get_error_line (reader), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ihex-reader/bad-files", test_bad_files);
  g_test_add_func ("/ihex-reader/binary-junk", test_binary_junk);
  g_test_add_func ("/ihex-reader/lowercase-crlf-blank-lines", test_lowercase_crlf_blank_lines);
  g_test_add_func ("/ihex-reader/after-eof-warns", test_after_eof_warns);
  g_test_add_func ("/ihex-reader/out-of-order", test_out_of_order_records);
  g_test_add_func ("/ihex-reader/segment-and-start-addresses", test_segment_and_start_addresses);
  g_test_add_func ("/ihex-reader/record-length-rules", test_record_length_rules);
  g_test_add_func ("/ihex-reader/address-space-limits", test_address_space_limits);
  g_test_add_func ("/ihex-reader/span-limit", test_span_limit);
  g_test_add_func ("/ihex-reader/file-too-large", test_file_too_large);
  g_test_add_func ("/ihex-reader/reuse-resets-state", test_reader_reuse_resets_state);
  return g_test_run ();
}

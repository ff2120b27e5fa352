/* test-image-file.c: files that are not what they should be
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

static BwImageFile *
load_path (const gchar *path, gboolean has_address, guint32 address, GError **error)
{
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);

  /* the file object is returned either way: it says where a parse failed */
  gboolean loaded = bw_image_file_load (file, has_address, address, NULL, error);

  g_assert_true (loaded == (error == NULL || *error == NULL));
  return g_steal_pointer (&file);
}

static void
test_empty_file (void)
{
  g_autofree gchar *path = bw_test_file_path ("empty.hex");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImageFile) file = load_path (path, FALSE, 0, &error);

  g_assert_error (error, BW_ERROR, BW_ERROR_FILE_EMPTY);
  g_assert_null (bw_image_file_get_image (file));
}

static void
test_fifty_megabytes (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *hex = g_build_filename (dir, "huge.hex", NULL);
  g_autofree gchar *bin = g_build_filename (dir, "huge.bin", NULL);
  const gchar *paths[] = { hex, bin };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BwImageFile) file = NULL;
      FILE *stream = fopen (paths[i], "wb");

      g_assert_nonnull (stream);
      g_assert_cmpint (fseek (stream, 50 * 1024 * 1024 - 1, SEEK_SET), ==, 0);
      g_assert_cmpint (fputc ('\n', stream), ==, '\n');
      g_assert_cmpint (fclose (stream), ==, 0);

      file = load_path (paths[i], FALSE, 0, &error);
      g_assert_error (error, BW_ERROR, BW_ERROR_FILE_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "52428800 bytes"));
    }
  bw_test_rm_rf (dir);
}

static void
test_binary_junk_named_hex (void)
{
  g_autofree gchar *path = bw_test_file_path ("junk.hex");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImageFile) file = load_path (path, FALSE, 0, &error);

  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_INVALID);
  g_assert_cmpuint (bw_image_file_get_error_line (file), ==, 1);
  g_assert_cmpuint (bw_image_file_get_error_column (file), ==, 1);
}

static void
test_bin_without_vector_table (void)
{
  g_autofree gchar *path = bw_test_file_path ("junk.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImageFile) file = load_path (path, FALSE, 0, &error);
  g_autoptr(GError) error2 = NULL;
  g_autoptr(BwImageFile) placed = load_path (path, TRUE, 0x08040000, &error2);

  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS);
  g_assert_null (bw_image_file_get_image (file));

  g_assert_no_error (error2);
  g_assert_cmpint (bw_image_file_get_address_source (placed), ==, BW_ADDRESS_SOURCE_USER);
  g_assert_cmphex (bw_image_get_low_address (bw_image_file_get_image (placed)), ==, 0x08040000);
  g_assert_cmpuint (bw_image_get_size (bw_image_file_get_image (placed)), ==, 1024);
}

static void
test_missing_and_directory (void)
{
  g_autofree gchar *missing = bw_test_file_path ("no-such-file.hex");
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(BwImageFile) a = load_path (missing, FALSE, 0, &error);
  g_autoptr(BwImageFile) b = load_path (dir, FALSE, 0, &error2);

  g_assert_error (error, BW_ERROR, BW_ERROR_FILE_NOT_FOUND);
  g_assert_error (error2, BW_ERROR, BW_ERROR_FILE_READ_FAILED);
  bw_test_rm_rf (dir);
}

static void
test_format_from_content (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *path = g_build_filename (dir, "bootloader.firmware", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImageFile) file = NULL;
  g_autoptr(BwImageFile) with_address = NULL;
  const gchar *text = "\n:0100000000FF\n:00000001FF\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  file = load_path (path, FALSE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bw_image_file_get_format (file), ==, BW_IMAGE_FORMAT_IHEX);
  g_assert_cmpint (bw_image_file_get_address_source (file), ==, BW_ADDRESS_SOURCE_FILE);

  /* an address given for a hex file is ignored, and the user is told */
  with_address = load_path (path, TRUE, 0x08000000, &error);
  g_assert_no_error (error);
  g_assert_cmphex (bw_image_get_low_address (bw_image_file_get_image (with_address)), ==, 0);
  g_assert_cmpuint (bw_image_file_get_warnings (with_address)->len, ==, 1);
  bw_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image-file/empty", test_empty_file);
  g_test_add_func ("/image-file/fifty-megabytes", test_fifty_megabytes);
  g_test_add_func ("/image-file/binary-junk-named-hex", test_binary_junk_named_hex);
  g_test_add_func ("/image-file/bin-without-vector-table", test_bin_without_vector_table);
  g_test_add_func ("/image-file/missing-and-directory", test_missing_and_directory);
  g_test_add_func ("/image-file/format-from-content", test_format_from_content);
  return g_test_run ();
}

/* test-ihex-writer.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

static const gchar *const real_files[] = {
  "BLDC_4_Bootloader.hex",
  "cheapfocer2_BLDC_4_Bootloader.hex",
  "cheapfocer2_fw5.01_BLDC_4_ChibiOS.hex",
  "VESC_default_fw3.62_hw410.bin",
  "VESC_default_fw7.00_hw410.bin",
  "VESC_default_fw7.00_hw60.bin",
  "vesc_bootloader_generic.bin",
  "vesc_bootloader_generic_legacy_2019.bin",
  "vesc_bootloader_hw40-412_DAS_RS.bin",
  "vesc_bootloader_hw60-family.bin",
};

static BwImage *
reparse (GBytes *text, GError **error)
{
  g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();

  return bw_ihex_reader_parse (reader, text, error);
}

static void
test_exact_text (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(GBytes) text = NULL;
  static const guint8 data[4] = { 0x00, 0x08, 0x00, 0x20 };
  const gchar *expected = ":02000004080EE4\n"
                          ":0400000000080020D4\n"
                          ":04000005080E02D10E\n"
                          ":00000001FF\n";

  g_assert_true (bw_image_add_data (image, 0x080E0000, data, sizeof data, NULL));
  bw_image_set_start_address (image, 0x080E02D1);
  text = bw_ihex_writer_write (image, BW_IHEX_WRITER_FLAG_NONE);
  g_assert_cmpmem (g_bytes_get_data (text, NULL), g_bytes_get_size (text), expected, strlen (expected));
}

static void
test_crosses_64k_boundary (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(BwImage) again = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  guint8 data[40];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7);
  g_assert_true (bw_image_add_data (image, 0x0800FFF4, data, sizeof data, NULL));
  text = bw_ihex_writer_write (image, BW_IHEX_WRITER_FLAG_CRLF);
  g_assert_nonnull (strstr (g_bytes_get_data (text, NULL), ":020000040801F1\r\n"));
  again = reparse (text, &error);
  g_assert_no_error (error);
  g_assert_true (bw_image_equal_content (image, again));
}

static void
test_round_trip_real_images (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (real_files); i++)
    {
      g_autofree gchar *path = bw_test_real_path (real_files[i]);
      g_autoptr(GFile) gfile = g_file_new_for_path (path);
      g_autoptr(BwImageFile) file = bw_image_file_new (gfile);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) text = NULL;
      g_autoptr(BwImage) again = NULL;
      BwImage *image;
      guint32 start_a = 0;
      guint32 start_b = 0;

      g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, &error));
      g_assert_no_error (error);
      image = bw_image_file_get_image (file);
      text = bw_ihex_writer_write (image, BW_IHEX_WRITER_FLAG_NONE);
      again = reparse (text, &error);
      g_assert_no_error (error);
      g_assert_true (bw_image_equal_content (image, again));
      g_assert_cmpint (bw_image_get_start_address (image, &start_a), ==,
                       bw_image_get_start_address (again, &start_b));
      g_assert_cmphex (start_a, ==, start_b);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ihex-writer/exact-text", test_exact_text);
  g_test_add_func ("/ihex-writer/crosses-64k-boundary", test_crosses_64k_boundary);
  g_test_add_func ("/ihex-writer/round-trip-real-images", test_round_trip_real_images);
  return g_test_run ();
}

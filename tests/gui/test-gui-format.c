/* test-gui-format.c: the pages' words and numbers, without a display
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-gui-format.h"
#include "bw-test-utils.h"

static void
test_time_left (void)
{
  const struct { gint64 us; const gchar *text; } cases[] = {
    { -1, "" },
    { 0, "0 seconds left" },
    { 1, "1 second left" },
    { 999999, "1 second left" },
    { 1000001, "2 seconds left" },
    { 59 * G_USEC_PER_SEC, "59 seconds left" },
    { 61 * G_USEC_PER_SEC, "2 minutes left" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *text = bw_gui_format_time_left (cases[i].us);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_rate (void)
{
  g_autofree gchar *none = bw_gui_format_rate (0);
  g_autofree gchar *some = bw_gui_format_rate (24100);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (some, ==, "24.1\u00a0kB/s");
}

static void
test_image (void)
{
  g_autofree gchar *path = g_build_filename (g_getenv ("BW_DATA_DIR"), "bootloaders",
                                             "vesc_bootloader_hw60-family.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(BwImageFile) image_file = bw_image_file_new (file);
  g_autoptr(BwVescImage) vesc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *text = NULL;

  g_assert_true (bw_image_file_load (image_file, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (image_file));
  text = bw_gui_format_image (image_file, vesc);
  g_assert_true (g_str_has_prefix (text, "VESC bootloader, 5.8\u00a0kB at 0x080E0000, in sector 11"));
}

static void
test_words (void)
{
  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    g_assert_cmpstr (bw_gui_format_check_item (i), !=, "?");
  g_assert_cmpstr (bw_gui_format_phase (BW_PROGRESS_PHASE_WRITE), ==, "Writing");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui-format/time-left", test_time_left);
  g_test_add_func ("/gui-format/rate", test_rate);
  g_test_add_func ("/gui-format/image", test_image);
  g_test_add_func ("/gui-format/words", test_words);
  return g_test_run ();
}

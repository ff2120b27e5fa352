/* test-flash-map.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"

static void
test_f405_sectors (void)
{
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  static const guint32 addresses[] = {
    0x08000000, 0x08004000, 0x08008000, 0x0800C000, 0x08010000, 0x08020000,
    0x08040000, 0x08060000, 0x08080000, 0x080A0000, 0x080C0000, 0x080E0000,
  };
  guint index = 99;

  g_assert_cmpuint (bw_flash_map_get_n_sectors (map), ==, 12);
  g_assert_cmphex (bw_flash_map_get_base (map), ==, 0x08000000);
  g_assert_cmpuint (bw_flash_map_get_size (map), ==, 1024 * 1024);
  for (guint i = 0; i < 12; i++)
    {
      g_assert_cmphex (bw_flash_map_get_sector_address (map, i), ==, addresses[i]);
      g_assert_cmpuint (bw_flash_map_get_sector_size (map, i), ==,
                        i < 4 ? 16384 : (i == 4 ? 65536 : 131072));
    }
  g_assert_true (bw_flash_map_find_sector (map, 0x080E0000, &index));
  g_assert_cmpuint (index, ==, 11);
  g_assert_true (bw_flash_map_find_sector (map, 0x0800BFFF, &index));
  g_assert_cmpuint (index, ==, 2);
  g_assert_false (bw_flash_map_find_sector (map, 0x08100000, &index));
  g_assert_false (bw_flash_map_find_sector (map, 0x07FFFFFF, &index));
  g_assert_true (bw_flash_map_contains (map, 0x08000000, 0x08100000));
  g_assert_false (bw_flash_map_contains (map, 0x08000000, 0x08100001));
}

static void
test_smaller_parts (void)
{
  g_autoptr(BwFlashMap) f401 = bw_flash_map_new_stm32f4 (256);
  g_autoptr(BwFlashMap) f411 = bw_flash_map_new_stm32f4 (512);

  g_assert_cmpuint (bw_flash_map_get_n_sectors (f401), ==, 6);
  g_assert_cmpuint (bw_flash_map_get_n_sectors (f411), ==, 8);
  g_assert_cmphex (bw_flash_map_get_end (f411), ==, 0x08080000);
}

static void
test_image_checks (void)
{
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(BwImage) in_ram = bw_image_new ();
  g_autoptr(BwImage) past_end = bw_image_new ();
  g_autoptr(BwImage) empty = bw_image_new ();
  g_autoptr(GArray) sectors = NULL;
  g_autoptr(GError) error = NULL;
  guint8 data[32] = { 0 };

  g_assert_true (bw_image_add_data (image, 0x08003FF0, data, 32, NULL));
  g_assert_true (bw_image_add_data (image, 0x080E0000, data, 4, NULL));
  g_assert_true (bw_image_check_fits (image, map, &error));
  g_assert_no_error (error);
  sectors = bw_image_check_get_sectors (image, map);
  g_assert_cmpuint (sectors->len, ==, 3);
  g_assert_cmpuint (g_array_index (sectors, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (sectors, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (sectors, guint, 2), ==, 11);

  g_assert_true (bw_image_add_data (in_ram, 0x20000000, data, 4, NULL));
  g_assert_false (bw_image_check_fits (in_ram, map, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "outside the flash"));
  g_clear_error (&error);

  g_assert_true (bw_image_add_data (past_end, 0x080FFFF0, data, 32, NULL));
  g_assert_false (bw_image_check_fits (past_end, map, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE);
  g_assert_nonnull (strstr (error->message, "runs past the end of the flash"));
  g_clear_error (&error);

  g_assert_false (bw_image_check_fits (empty, map, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/flash-map/f405-sectors", test_f405_sectors);
  g_test_add_func ("/flash-map/smaller-parts", test_smaller_parts);
  g_test_add_func ("/flash-map/image-checks", test_image_checks);
  return g_test_run ();
}

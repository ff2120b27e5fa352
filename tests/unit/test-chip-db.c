/* test-chip-db.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"

static void
test_f405 (void)
{
  const BwChipInfo *info = bw_chip_db_lookup (0x413);
  g_autoptr(BwFlashMap) map = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (info);
  g_assert_true (info->programmable);
  g_assert_cmpuint (bw_chip_db_dev_id_from_idcode (0x10076413, 0x410FC241), ==, 0x413);
  map = bw_chip_db_new_flash_map (0x413, 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bw_flash_map_get_n_sectors (map), ==, 12);
  g_assert_true (bw_chip_db_check_expected (0x413, 0x413, &error));
}

static void
test_revision_a_erratum (void)
{
  /* an early F405 reports the F2's 0x411; the Cortex-M4 CPUID settles it */
  g_assert_cmpuint (bw_chip_db_dev_id_from_idcode (0x20006411, 0x410FC241), ==, 0x413);
  /* a real F2 has a Cortex-M3 */
  g_assert_cmpuint (bw_chip_db_dev_id_from_idcode (0x20006411, 0x412FC231), ==, 0x411);
}

static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwFlashMap) f103 = bw_chip_db_new_flash_map (0x410, 0, &error);
  g_autoptr(GError) error2 = NULL;
  g_autoptr(BwFlashMap) unknown = bw_chip_db_new_flash_map (0x123, 0, &error2);
  g_autoptr(GError) error3 = NULL;
  g_autoptr(GError) error4 = NULL;
  g_autoptr(BwFlashMap) odd = bw_chip_db_new_flash_map (0x413, 100, &error4);
  g_autoptr(BwFlashMap) f411 = bw_chip_db_new_flash_map (0x431, 0, NULL);

  g_assert_null (f103);
  g_assert_error (error, BW_ERROR, BW_ERROR_CHIP_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "STM32F10x medium-density (device id 0x410)"));
  g_assert_null (unknown);
  g_assert_nonnull (strstr (error2->message, "an unknown chip (device id 0x123)"));
  g_assert_false (bw_chip_db_check_expected (0x431, 0x413, &error3));
  g_assert_error (error3, BW_ERROR, BW_ERROR_CHIP_MISMATCH);
  g_assert_cmpstr (error3->message, ==,
                   "the probe found STM32F411 (device id 0x431), but this board has "
                   "STM32F405/407/415/417 (device id 0x413)");
  g_assert_null (odd);
  g_assert_error (error4, BW_ERROR, BW_ERROR_CHIP_UNSUPPORTED);
  /* a programmable F4 without a readable size gets its family's largest part */
  g_assert_nonnull (f411);
  g_assert_cmpuint (bw_flash_map_get_size (f411), ==, 512 * 1024);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chip-db/f405", test_f405);
  g_test_add_func ("/chip-db/revision-a-erratum", test_revision_a_erratum);
  g_test_add_func ("/chip-db/refusals", test_refusals);
  return g_test_run ();
}

/* test-plan.c: plans are values, built before anything is touched
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

static BwImage *
load_real (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  return g_object_ref (bw_image_file_get_image (file));
}

static BwImage *
merge (BwImage *a, BwImage *b)
{
  BwImage *out = bw_image_new ();
  BwImage *parts[] = { a, b };

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    for (guint i = 0; i < bw_image_get_n_segments (parts[p]); i++)
      g_assert_true (bw_image_add_data (out, bw_image_get_segment_address (parts[p], i),
                                        bw_image_get_segment_data (parts[p], i),
                                        bw_image_get_segment_size (parts[p], i), NULL));
  return out;
}

static void
assert_step (BwPlan *plan, guint index, BwPlanStepKind kind, guint32 address, guint32 size)
{
  const BwPlanStep *step = bw_plan_get_step (plan, index);

  g_assert_cmpint (step->kind, ==, kind);
  g_assert_cmphex (step->address, ==, address);
  g_assert_cmpuint (step->size, ==, size);
}

static void
test_bootloader_install (void)
{
  g_autoptr(BwImage) image = load_real ("vesc_bootloader_hw60-family.bin");
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .backup_path = "backup.bin", .chip_id = 0x413, .board_hardware = "60" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, &error);
  g_auto(GStrv) words = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (bw_plan_get_n_steps (plan), ==, 5);
  assert_step (plan, 0, BW_PLAN_STEP_BACKUP, 0x080E0000, 128 * 1024);
  assert_step (plan, 1, BW_PLAN_STEP_ERASE_SECTOR, 0x080E0000, 128 * 1024);
  g_assert_cmpuint (bw_plan_get_step (plan, 1)->sector, ==, 11);
  assert_step (plan, 2, BW_PLAN_STEP_WRITE, 0x080E0000, 5776);
  assert_step (plan, 3, BW_PLAN_STEP_VERIFY, 0x080E0000, 5776);
  g_assert_cmpint (bw_plan_get_step (plan, 4)->kind, ==, BW_PLAN_STEP_RESET);
  g_assert_cmphex (bw_plan_get_erase_mask (plan), ==, 1u << 11);
  g_assert_cmpuint (bw_plan_get_notes (plan)->len, ==, 0);

  words = bw_plan_describe (plan);
  g_assert_cmpuint (g_strv_length (words), ==, 5);
  g_assert_cmpstr (words[0], ==, "Save a backup of 0x080E0000-0x080FFFFF (128 KB) to backup.bin.");
  g_assert_cmpstr (words[1], ==, "Erase sector 11 (0x080E0000, 128 KB).");
  g_assert_cmpstr (words[2], ==, "Write 5776 bytes at 0x080E0000.");
  g_assert_cmpstr (words[3], ==, "Read back and compare the 5776 bytes written.");
  g_assert_cmpstr (words[4], ==, "Reset the ESC.");
}

static void
test_blank_sector_is_not_erased (void)
{
  g_autoptr(BwImage) image = load_real ("vesc_bootloader_generic.bin");
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .backup_path = "b.bin", .blank_sectors = 1u << 11 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, &error);

  g_assert_no_error (error);
  g_assert_cmphex (bw_plan_get_erase_mask (plan), ==, 0);
  /* nothing erased, so nothing to back up */
  g_assert_cmpuint (bw_plan_get_n_steps (plan), ==, 3);
  assert_step (plan, 0, BW_PLAN_STEP_WRITE, 0x080E0000, 5280);
  g_assert_cmpstr (g_ptr_array_index (bw_plan_get_notes (plan), 0), ==,
                   "Sector 11 is already blank, so it is not erased.");
}

static void
test_firmware_keeps_configuration (void)
{
  g_autoptr(BwImage) image = load_real ("VESC_default_fw7.00_hw60.bin");
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .backup_path = "b.bin", .board_hardware = "60", .blank_sectors = 1u << 5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, &error);
  BwImage *written;
  guint n;

  g_assert_no_error (error);
  /* sectors 0, 3, 4, 6, 7: not the settings (1-2), not the blank 5 */
  g_assert_cmphex (bw_plan_get_erase_mask (plan), ==, 0xD9);
  written = bw_plan_get_write_image (plan);
  g_assert_cmpuint (bw_image_count_bytes_in (written, 0x08004000, 0x0800C000), ==, 0);
  g_assert_cmpuint (bw_image_get_size (written), ==, 524280 - 32768);
  n = bw_plan_get_n_steps (plan);
  /* backups of 0 and 3-4 and 6-7, five erases, two writes, verify, reset */
  g_assert_cmpuint (n, ==, 3 + 5 + 2 + 2);
  assert_step (plan, 0, BW_PLAN_STEP_BACKUP, 0x08000000, 16 * 1024);
  assert_step (plan, 1, BW_PLAN_STEP_BACKUP, 0x0800C000, 80 * 1024);
  assert_step (plan, 2, BW_PLAN_STEP_BACKUP, 0x08040000, 256 * 1024);
  /* the vector table is written last */
  assert_step (plan, 8, BW_PLAN_STEP_WRITE, 0x0800C000, 0x0807FFF8 - 0x0800C000);
  assert_step (plan, 9, BW_PLAN_STEP_WRITE, 0x08000000, 0x4000);
  assert_step (plan, 10, BW_PLAN_STEP_VERIFY, 0x08000000, 524280 - 32768);
  g_assert_nonnull (strstr (g_ptr_array_index (bw_plan_get_notes (plan), 0), "32768 bytes for sectors 1-2"));
}

static void
test_firmware_with_configuration_on_request (void)
{
  g_autoptr(BwImage) image = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .flags = BW_PLAN_FLAG_WRITE_CONFIG | BW_PLAN_FLAG_NO_BACKUP | BW_PLAN_FLAG_NO_RESET };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, &error);
  guint n;

  g_assert_no_error (error);
  g_assert_cmphex (bw_plan_get_erase_mask (plan), ==, 0x7F);
  n = bw_plan_get_n_steps (plan);
  g_assert_cmpuint (n, ==, 7 + 2 + 1);
  assert_step (plan, 7, BW_PLAN_STEP_WRITE, 0x08004000, 393208 - 0x4000);
  assert_step (plan, 8, BW_PLAN_STEP_WRITE, 0x08000000, 0x4000);
  g_assert_cmpint (bw_plan_get_step (plan, n - 1)->kind, ==, BW_PLAN_STEP_VERIFY);
  g_assert_cmpstr (g_ptr_array_index (bw_plan_get_notes (plan), 0), ==,
                   "No backup is made: what the erase removes is lost.");
}

static void
test_recovery_with_mass_erase (void)
{
  g_autoptr(BwImage) firmware = load_real ("VESC_default_fw7.00_hw60.bin");
  g_autoptr(BwImage) bootloader = load_real ("vesc_bootloader_hw60-family.bin");
  g_autoptr(BwImage) both = merge (firmware, bootloader);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .flags = BW_PLAN_FLAG_MASS_ERASE, .backup_path = "all.bin" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = bw_plan_new (both, map, &options, &error);
  g_auto(GStrv) words = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (bw_plan_get_n_steps (plan), ==, 7);
  assert_step (plan, 0, BW_PLAN_STEP_BACKUP, 0x08000000, 1024 * 1024);
  assert_step (plan, 1, BW_PLAN_STEP_MASS_ERASE, 0x08000000, 1024 * 1024);
  assert_step (plan, 2, BW_PLAN_STEP_WRITE, 0x0800C000, 0x0807FFF8 - 0x0800C000);
  assert_step (plan, 3, BW_PLAN_STEP_WRITE, 0x080E0000, 5776);
  assert_step (plan, 4, BW_PLAN_STEP_WRITE, 0x08000000, 0x4000);
  words = bw_plan_describe (plan);
  g_assert_cmpstr (words[1], ==, "Erase the whole chip (1 MB).");
}

static void
test_refusals (void)
{
  g_autoptr(BwImage) firmware = load_real ("VESC_default_fw7.00_hw410.bin");
  g_autoptr(BwImage) bootloader = load_real ("vesc_bootloader_generic.bin");
  g_autoptr(BwImage) not_a_bootloader = bw_image_new ();
  g_autoptr(BwImage) outside = bw_image_new ();
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  static const guint8 junk[64] = { 0x12, 0x34 };
  struct {
    BwImage      *image;
    BwPlanOptions options;
    gint          code;
    const gchar  *part;
  } cases[] = {
    { firmware, { .flags = BW_PLAN_FLAG_MASS_ERASE, .backup_path = "b" }, BW_ERROR_PLAN_REFUSED,
      "removes the bootloader" },
    { firmware, { .backup_path = "b", .board_hardware = "60" }, BW_ERROR_IMAGE_WRONG_HARDWARE,
      "built for hardware \"410\", but the board is \"60\"" },
    { bootloader, { .backup_path = "b", .chip_id = 0x431 }, BW_ERROR_IMAGE_WRONG_CHIP,
      "this chip reports device id 0x431" },
    { not_a_bootloader, { .backup_path = "b" }, BW_ERROR_PLAN_REFUSED,
      "writes into the bootloader sector 11" },
    { outside, { .backup_path = "b" }, BW_ERROR_IMAGE_OUT_OF_RANGE, "outside the flash" },
    { bootloader, { .flags = BW_PLAN_FLAG_NONE }, BW_ERROR_INVALID_ARGUMENT, "backup file" },
  };

  g_assert_true (bw_image_add_data (not_a_bootloader, 0x080E0000, junk, sizeof junk, NULL));
  g_assert_true (bw_image_add_data (outside, 0x1FFFC000, junk, sizeof junk, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BwPlan) plan = bw_plan_new (cases[i].image, map, &cases[i].options, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(none)");
      g_assert_null (plan);
      g_assert_error (error, BW_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].part));
    }
}

static void
test_hardware_match_ignores_case (void)
{
  g_autoptr(BwImage) image = load_real ("cheapfocer2_fw5.01_BLDC_4_ChibiOS.hex");
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .backup_path = "b", .board_hardware = "cheap focer 2" };
  g_autoptr(GError) error = NULL;
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, &error);

  g_assert_no_error (error);
  /* the hex file leaves the settings alone by itself: nothing skipped */
  g_assert_cmpuint (bw_plan_get_notes (plan)->len, ==, 0);
  g_assert_cmphex (bw_plan_get_erase_mask (plan), ==, 0x79);
  g_assert_cmpuint (bw_image_get_size (bw_plan_get_write_image (plan)), ==, 261440);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan/bootloader-install", test_bootloader_install);
  g_test_add_func ("/plan/blank-sector-is-not-erased", test_blank_sector_is_not_erased);
  g_test_add_func ("/plan/firmware-keeps-configuration", test_firmware_keeps_configuration);
  g_test_add_func ("/plan/firmware-with-configuration-on-request", test_firmware_with_configuration_on_request);
  g_test_add_func ("/plan/recovery-with-mass-erase", test_recovery_with_mass_erase);
  g_test_add_func ("/plan/refusals", test_refusals);
  g_test_add_func ("/plan/hardware-match-ignores-case", test_hardware_match_ignores_case);
  return g_test_run ();
}

/* test-vesc-image.c: recognition on hand-made images
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

static void
put_le32 (guint8 *p, guint32 value)
{
  p[0] = (guint8) value;
  p[1] = (guint8) (value >> 8);
  p[2] = (guint8) (value >> 16);
  p[3] = (guint8) (value >> 24);
}

static BwImage *
load_real (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);

  g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, NULL));
  return g_object_ref (bw_image_file_get_image (file));
}

static void
test_merged_firmware_and_bootloader (void)
{
  g_autoptr(BwImage) firmware = load_real ("VESC_default_fw7.00_hw60.bin");
  g_autoptr(BwImage) bootloader = load_real ("vesc_bootloader_hw60-family.bin");
  g_autoptr(BwImage) merged = bw_image_new ();
  g_autoptr(BwVescImage) vesc = NULL;

  for (guint i = 0; i < bw_image_get_n_segments (firmware); i++)
    g_assert_true (bw_image_add_data (merged, bw_image_get_segment_address (firmware, i),
                                      bw_image_get_segment_data (firmware, i),
                                      bw_image_get_segment_size (firmware, i), NULL));
  g_assert_true (bw_image_add_data (merged, bw_image_get_segment_address (bootloader, 0),
                                    bw_image_get_segment_data (bootloader, 0),
                                    bw_image_get_segment_size (bootloader, 0), NULL));
  vesc = bw_vesc_image_new_from_image (merged);
  g_assert_cmpint (bw_vesc_image_get_kind (vesc), ==, BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER);
  g_assert_cmpstr (bw_vesc_image_get_hardware_name (vesc), ==, "60");
  g_assert_cmpstr (bw_vesc_image_get_bootloader_flavour (vesc), ==, "hardware 60 family");
  g_assert_cmpint (bw_vesc_image_get_layout (vesc), ==, BW_VESC_LAYOUT_CURRENT);
  g_assert_cmpuint (bw_vesc_image_get_firmware_size (vesc), ==, 524280);
  g_assert_cmpuint (bw_vesc_image_get_bootloader_size (vesc), ==, 5776);
}

static void
test_truncated_firmware_warns (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(BwVescImage) vesc = NULL;
  guint8 data[4096];
  GPtrArray *warnings;

  memset (data, 0xAB, sizeof data);
  put_le32 (data, 0x20000800);
  put_le32 (data + 4, 0x0800C001);
  g_assert_true (bw_image_add_data (image, 0x08000000, data, sizeof data, NULL));
  vesc = bw_vesc_image_new_from_image (image);
  g_assert_cmpint (bw_vesc_image_get_kind (vesc), ==, BW_VESC_KIND_FIRMWARE);
  g_assert_cmpint (bw_vesc_image_get_layout (vesc), ==, BW_VESC_LAYOUT_UNKNOWN);
  g_assert_null (bw_vesc_image_get_hardware_name (vesc));
  warnings = bw_vesc_image_get_warnings (vesc);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "may be cut short"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "does not name the hardware"));
}

static void
test_unknown_content (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(BwVescImage) vesc = NULL;
  guint8 data[64] = { 0 };

  /* stack pointer outside RAM */
  put_le32 (data, 0x30000000);
  put_le32 (data + 4, 0x0800C001);
  g_assert_true (bw_image_add_data (image, 0x08000000, data, sizeof data, NULL));
  vesc = bw_vesc_image_new_from_image (image);
  g_assert_cmpint (bw_vesc_image_get_kind (vesc), ==, BW_VESC_KIND_UNKNOWN);
}

static void
test_unknown_bootloader_without_crc_table (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(BwVescImage) vesc = NULL;
  guint8 data[6000];

  memset (data, 0x11, sizeof data);
  put_le32 (data, 0x20000800);
  put_le32 (data + 4, 0x080E0401);
  g_assert_true (bw_image_add_data (image, 0x080E0000, data, sizeof data, NULL));
  vesc = bw_vesc_image_new_from_image (image);
  g_assert_cmpint (bw_vesc_image_get_kind (vesc), ==, BW_VESC_KIND_BOOTLOADER);
  g_assert_null (bw_vesc_image_get_bootloader_flavour (vesc));
  g_assert_cmpint (bw_vesc_image_get_bootloader_compression (vesc), ==, BW_VESC_COMPRESSION_YES);
  g_assert_false (bw_vesc_image_get_has_crc_table (vesc));
  g_assert_cmpuint (bw_vesc_image_get_warnings (vesc)->len, ==, 1);
}

static void
test_version_hint (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(BwVescImage) vesc = NULL;
  guint8 data[256] = { 0 };
  static const gchar text[] = "release_x\0release_6_05\0org.vesc.HD75\0";

  put_le32 (data, 0x20000800);
  put_le32 (data + 4, 0x0800C001);
  memcpy (data + 16, text, sizeof text);
  g_assert_true (bw_image_add_data (image, 0x08000000, data, sizeof data, NULL));
  vesc = bw_vesc_image_new_from_image (image);
  g_assert_cmpstr (bw_vesc_image_get_version_hint (vesc), ==, "6.05");
  g_assert_cmpstr (bw_vesc_image_get_hardware_name (vesc), ==, "HD75");
}

static void
test_guess_bin_address (void)
{
  guint8 data[8];
  guint32 address = 0;
  g_autofree gchar *reason = NULL;
  g_autoptr(GBytes) firmware = NULL;
  g_autoptr(GBytes) bootloader = NULL;
  g_autoptr(GBytes) junk = NULL;
  g_autoptr(GBytes) tiny = g_bytes_new ("\x00\x08", 2);
  g_autoptr(GError) error = NULL;

  put_le32 (data, 0x20000800);
  put_le32 (data + 4, 0x0800C001);
  firmware = g_bytes_new (data, sizeof data);
  g_assert_true (bw_vesc_image_guess_bin_address (firmware, &address, &reason, &error));
  g_assert_cmphex (address, ==, 0x08000000);
  g_assert_nonnull (strstr (reason, "0x0800C001"));

  put_le32 (data + 4, 0x080E04F1);
  bootloader = g_bytes_new (data, sizeof data);
  g_assert_true (bw_vesc_image_guess_bin_address (bootloader, &address, NULL, &error));
  g_assert_cmphex (address, ==, 0x080E0000);

  /* an even reset vector is not Thumb code */
  put_le32 (data + 4, 0x080E04F0);
  junk = g_bytes_new (data, sizeof data);
  g_assert_false (bw_vesc_image_guess_bin_address (junk, &address, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS);
  g_clear_error (&error);

  g_assert_false (bw_vesc_image_guess_bin_address (tiny, &address, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc-image/merged", test_merged_firmware_and_bootloader);
  g_test_add_func ("/vesc-image/truncated-firmware-warns", test_truncated_firmware_warns);
  g_test_add_func ("/vesc-image/unknown-content", test_unknown_content);
  g_test_add_func ("/vesc-image/unknown-bootloader", test_unknown_bootloader_without_crc_table);
  g_test_add_func ("/vesc-image/version-hint", test_version_hint);
  g_test_add_func ("/vesc-image/guess-bin-address", test_guess_bin_address);
  return g_test_run ();
}

/* test-real-images.c: every genuine image of ../shared/testdata/real is
 * read and recognised, checked against the facts in its README.md
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bootwire-engine.h"
#include "bw-test-utils.h"

typedef struct {
  guint32 start;
  guint32 end; /* exclusive */
} Range;

typedef struct {
  const gchar      *name;
  BwImageFormat     format;
  gsize             file_size;
  const gchar      *file_sha256;
  const gchar      *data_sha256; /* of the loaded bytes, in address order */
  gsize             data_size;
  Range             ranges[3];
  guint32           entry;        /* 0: the file has no start address */
  BwVescKind        kind;
  const gchar      *hardware;
  const gchar      *version_hint;
  BwVescLayout      layout;
  const gchar      *flavour;
  BwVescCompression compression;
  guint             first_sector;
  guint             last_sector;
  gsize             config_bytes;
} RealImage;

static const RealImage real_images[] = {
  { "vesc_bootloader_generic.bin", BW_IMAGE_FORMAT_BIN, 5280,
    "91d4e2e09594b422ec5e1aa976adc75fdfcaac455b59efa31aa304571242df06",
    "91d4e2e09594b422ec5e1aa976adc75fdfcaac455b59efa31aa304571242df06", 5280,
    { { 0x080E0000, 0x080E0000 + 5280 } }, 0, BW_VESC_KIND_BOOTLOADER, NULL, NULL,
    BW_VESC_LAYOUT_UNKNOWN, "generic", BW_VESC_COMPRESSION_YES, 11, 11, 0 },
  { "vesc_bootloader_hw40-412_DAS_RS.bin", BW_IMAGE_FORMAT_BIN, 5776,
    "339a9976176af14cc23389b0fdb64eab24654211ed5b523966cf35b8e0d4a1a5",
    "339a9976176af14cc23389b0fdb64eab24654211ed5b523966cf35b8e0d4a1a5", 5776,
    { { 0x080E0000, 0x080E0000 + 5776 } }, 0, BW_VESC_KIND_BOOTLOADER, NULL, NULL,
    BW_VESC_LAYOUT_UNKNOWN, "hardware 40, 47, 48, 410, 411, 412 and DAS_RS", BW_VESC_COMPRESSION_YES,
    11, 11, 0 },
  { "vesc_bootloader_hw60-family.bin", BW_IMAGE_FORMAT_BIN, 5776,
    "d2c014d3b5faf843279d2b77325e128cace6d59ffa294fc0a7d68d96a57b0b33",
    "d2c014d3b5faf843279d2b77325e128cace6d59ffa294fc0a7d68d96a57b0b33", 5776,
    { { 0x080E0000, 0x080E0000 + 5776 } }, 0, BW_VESC_KIND_BOOTLOADER, NULL, NULL,
    BW_VESC_LAYOUT_UNKNOWN, "hardware 60 family", BW_VESC_COMPRESSION_YES, 11, 11, 0 },
  { "vesc_bootloader_generic_legacy_2019.bin", BW_IMAGE_FORMAT_BIN, 3792,
    "a91de2014f55f9a73d046017968d1e28039fe143b02688a9b74950be3fd04181",
    "a91de2014f55f9a73d046017968d1e28039fe143b02688a9b74950be3fd04181", 3792,
    { { 0x080E0000, 0x080E0000 + 3792 } }, 0, BW_VESC_KIND_BOOTLOADER, NULL, NULL,
    BW_VESC_LAYOUT_UNKNOWN, "generic, 2019", BW_VESC_COMPRESSION_NO, 11, 11, 0 },
  { "BLDC_4_Bootloader.hex", BW_IMAGE_FORMAT_IHEX, 10663,
    "4b19605339e3802486641480d17177042bb2bd0c52f31ee6589a0ae56ecff4bb",
    "42bd1c79503f2cf64453c1f8b99c6bba1d280b8fe28de1654383c9c2fd4bd0b5", 3772,
    { { 0x080E0000, 0x080E01AC }, { 0x080E01B0, 0x080E0EC0 } }, 0x080E02D1,
    BW_VESC_KIND_BOOTLOADER, NULL, NULL, BW_VESC_LAYOUT_UNKNOWN, "VESC 4, 2015",
    BW_VESC_COMPRESSION_NO, 11, 11, 0 },
  { "cheapfocer2_BLDC_4_Bootloader.hex", BW_IMAGE_FORMAT_IHEX, 10468,
    "e1a163d6635a3d52ddb2a6989352864fd8b9d66532964e0370011a361fc1ebb6",
    "3bc5efa67afb5d6e4480c72c9c5c0523375f12a1fac153cf8022016c4135d7e7", 3788,
    { { 0x080E0000, 0x080E01AC }, { 0x080E01B0, 0x080E0ED0 } }, 0x080E02C1,
    BW_VESC_KIND_BOOTLOADER, NULL, NULL, BW_VESC_LAYOUT_UNKNOWN, "generic, 2019",
    BW_VESC_COMPRESSION_NO, 11, 11, 0 },
  { "VESC_default_fw7.00_hw410.bin", BW_IMAGE_FORMAT_BIN, 524280,
    "7700a7993cd18a1123846c2c85a6bd1d22aac980afe2e61ac018ed88a6e38151",
    "7700a7993cd18a1123846c2c85a6bd1d22aac980afe2e61ac018ed88a6e38151", 524280,
    { { 0x08000000, 0x0807FFF8 } }, 0, BW_VESC_KIND_FIRMWARE, "410", "7.00",
    BW_VESC_LAYOUT_CURRENT, NULL, BW_VESC_COMPRESSION_UNKNOWN, 0, 7, 32768 },
  { "VESC_default_fw7.00_hw60.bin", BW_IMAGE_FORMAT_BIN, 524280,
    "49d68ecead19069324948b9347b6e916789d764c6e65a0710a74ffe73fe457c7",
    "49d68ecead19069324948b9347b6e916789d764c6e65a0710a74ffe73fe457c7", 524280,
    { { 0x08000000, 0x0807FFF8 } }, 0, BW_VESC_KIND_FIRMWARE, "60", "7.00",
    BW_VESC_LAYOUT_CURRENT, NULL, BW_VESC_COMPRESSION_UNKNOWN, 0, 7, 32768 },
  { "VESC_default_fw3.62_hw410.bin", BW_IMAGE_FORMAT_BIN, 393208,
    "cec2275b7d4c914ae9a2aebffb12bd2d7d6133622ff5915609e31692a4d3dac6",
    "cec2275b7d4c914ae9a2aebffb12bd2d7d6133622ff5915609e31692a4d3dac6", 393208,
    { { 0x08000000, 0x0805FFF8 } }, 0, BW_VESC_KIND_FIRMWARE, "410", NULL,
    BW_VESC_LAYOUT_LEGACY, NULL, BW_VESC_COMPRESSION_UNKNOWN, 0, 6, 32768 },
  { "cheapfocer2_fw5.01_BLDC_4_ChibiOS.hex", BW_IMAGE_FORMAT_IHEX, 719100,
    "bed622ab121f2d6f45dc392a6eea2128f4ce8db4eae068536f3c83fc23ce3cb5",
    "27a24954fbe4b76d0784988cf0fce7231281b4c158971d6144dfaeb3eff75e18", 261440,
    { { 0x08000000, 0x080001C0 }, { 0x0800C000, 0x0804BB78 }, { 0x0805FFF0, 0x0805FFF8 } },
    0x0800C001, BW_VESC_KIND_FIRMWARE, "Cheap FOCer 2", NULL, BW_VESC_LAYOUT_LEGACY, NULL,
    BW_VESC_COMPRESSION_UNKNOWN, 0, 6, 0 },
};

static guint32
read_word (BwImage *image, guint32 address)
{
  guint8 b[4];

  g_assert_true (bw_image_read (image, address, b, 4));
  return (guint32) b[0] | (guint32) b[1] << 8 | (guint32) b[2] << 16 | (guint32) b[3] << 24;
}

static void
test_real_image (gconstpointer data)
{
  const RealImage *expected = data;
  g_autofree gchar *path = bw_test_real_path (expected->name);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(BwVescImage) vesc = NULL;
  g_autoptr(GArray) sectors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *data_sha256 = NULL;
  g_autofree gchar *independent_sha256 = bw_test_sha256_file (path);
  BwImage *image;
  guint n_ranges = 0;
  guint32 entry = 0;

  g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  image = bw_image_file_get_image (file);

  g_assert_cmpint (bw_image_file_get_format (file), ==, expected->format);
  g_assert_cmpuint (bw_image_file_get_file_size (file), ==, expected->file_size);
  g_assert_cmpstr (bw_image_file_get_file_sha256 (file), ==, expected->file_sha256);
  g_assert_cmpstr (independent_sha256, ==, expected->file_sha256);
  g_assert_cmpuint (bw_image_get_size (image), ==, expected->data_size);
  data_sha256 = bw_image_compute_sha256 (image);
  g_assert_cmpstr (data_sha256, ==, expected->data_sha256);

  while (n_ranges < G_N_ELEMENTS (expected->ranges) && expected->ranges[n_ranges].end != 0)
    n_ranges++;
  g_assert_cmpuint (bw_image_get_n_segments (image), ==, n_ranges);
  for (guint i = 0; i < n_ranges; i++)
    {
      g_assert_cmphex (bw_image_get_segment_address (image, i), ==, expected->ranges[i].start);
      g_assert_cmphex (bw_image_get_segment_address (image, i) + bw_image_get_segment_size (image, i), ==,
                       expected->ranges[i].end);
    }
  if (expected->entry != 0)
    {
      g_assert_true (bw_image_get_start_address (image, &entry));
      g_assert_cmphex (entry, ==, expected->entry);
    }
  else
    {
      g_assert_false (bw_image_get_start_address (image, NULL));
    }
  if (expected->format == BW_IMAGE_FORMAT_BIN)
    g_assert_cmpint (bw_image_file_get_address_source (file), ==, BW_ADDRESS_SOURCE_CONTENT);

  /* README: every image starts with SP 0x20000800; the reset handler says
   * firmware (0x0800C001) or bootloader (0x080E0xxx) */
  g_assert_cmphex (read_word (image, bw_image_get_low_address (image)), ==, 0x20000800);
  if (expected->kind == BW_VESC_KIND_FIRMWARE)
    g_assert_cmphex (read_word (image, 0x08000004), ==, 0x0800C001);
  else
    g_assert_cmphex (read_word (image, 0x080E0004) & 0xFFFF0000u, ==, 0x080E0000);

  g_assert_true (bw_image_check_fits (image, map, &error));
  g_assert_no_error (error);
  sectors = bw_image_check_get_sectors (image, map);
  g_assert_cmpuint (sectors->len, >, 0);
  g_assert_cmpuint (g_array_index (sectors, guint, 0), ==, expected->first_sector);
  g_assert_cmpuint (g_array_index (sectors, guint, sectors->len - 1), ==, expected->last_sector);

  vesc = bw_vesc_image_new_from_image (image);
  g_assert_cmpint (bw_vesc_image_get_kind (vesc), ==, expected->kind);
  g_assert_cmpstr (bw_vesc_image_get_hardware_name (vesc), ==, expected->hardware);
  g_assert_cmpstr (bw_vesc_image_get_version_hint (vesc), ==, expected->version_hint);
  g_assert_cmpint (bw_vesc_image_get_layout (vesc), ==, expected->layout);
  g_assert_cmpstr (bw_vesc_image_get_bootloader_flavour (vesc), ==, expected->flavour);
  g_assert_cmpint (bw_vesc_image_get_bootloader_compression (vesc), ==, expected->compression);
  g_assert_cmpuint (bw_vesc_image_get_config_bytes (vesc), ==, expected->config_bytes);
  if (expected->kind == BW_VESC_KIND_BOOTLOADER)
    {
      /* README: all bootloaders end with the CRC-16 table */
      g_assert_true (bw_vesc_image_get_has_crc_table (vesc));
      g_assert_cmpuint (bw_vesc_image_get_bootloader_size (vesc), ==, expected->data_size);
    }
  else
    {
      guint32 crc_info = expected->layout == BW_VESC_LAYOUT_CURRENT ? 0x0807FFF0 : 0x0805FFF0;
      guint8 tail[8];

      g_assert_cmphex (bw_vesc_image_get_crc_info_address (vesc), ==, crc_info);
      /* README: the last 8 bytes are 0xFF until the first boot */
      g_assert_true (bw_image_read (image, crc_info, tail, 8));
      for (guint i = 0; i < 8; i++)
        g_assert_cmpuint (tail[i], ==, 0xFF);
      g_assert_cmpuint (bw_vesc_image_get_warnings (vesc)->len, ==, 0);
    }
}

/* README: the Cheap FOCer 2 hex bootloader has the bytes of the 2019 .bin. */
static void
test_legacy_hex_matches_bin (void)
{
  g_autofree gchar *hex_path = bw_test_real_path ("cheapfocer2_BLDC_4_Bootloader.hex");
  g_autofree gchar *bin_path = bw_test_real_path ("vesc_bootloader_generic_legacy_2019.bin");
  g_autoptr(GFile) hex_gfile = g_file_new_for_path (hex_path);
  g_autoptr(BwImageFile) hex = bw_image_file_new (hex_gfile);
  g_autoptr(GBytes) bin = bw_test_load_bytes (bin_path);
  const guint8 *bin_data = g_bytes_get_data (bin, NULL);
  BwImage *image;

  g_assert_true (bw_image_file_load (hex, FALSE, 0, NULL, NULL));
  image = bw_image_file_get_image (hex);
  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint32 offset = bw_image_get_segment_address (image, i) - 0x080E0000;
      gsize size = bw_image_get_segment_size (image, i);

      g_assert_cmpuint (offset + size, <=, g_bytes_get_size (bin));
      g_assert_cmpmem (bw_image_get_segment_data (image, i), size, bin_data + offset, size);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (real_images); i++)
    {
      g_autofree gchar *test_path = g_strdup_printf ("/real-images/%s", real_images[i].name);

      g_test_add_data_func (test_path, &real_images[i], test_real_image);
    }
  g_test_add_func ("/real-images/legacy-hex-matches-bin", test_legacy_hex_matches_bin);
  return g_test_run ();
}

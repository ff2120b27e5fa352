/* test-image.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bootwire-engine.h"

static const guint8 ones[16] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
static const guint8 twos[16] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };

static void
add_ok (BwImage *image, guint32 address, const guint8 *data, gsize size)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_image_add_data (image, address, data, size, &error));
  g_assert_no_error (error);
}

static void
test_sorted_and_merged (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  guint8 buffer[48];

  add_ok (image, 0x1020, twos, 16);
  add_ok (image, 0x1000, ones, 16);
  g_assert_cmpuint (bw_image_get_n_segments (image), ==, 2);
  g_assert_cmphex (bw_image_get_segment_address (image, 0), ==, 0x1000);
  /* fills the hole: all three become one segment */
  add_ok (image, 0x1010, twos, 16);
  g_assert_cmpuint (bw_image_get_n_segments (image), ==, 1);
  g_assert_cmpuint (bw_image_get_size (image), ==, 48);
  g_assert_cmphex (bw_image_get_low_address (image), ==, 0x1000);
  g_assert_cmphex (bw_image_get_end_address (image), ==, 0x1030);
  g_assert_true (bw_image_read (image, 0x1000, buffer, 48));
  g_assert_cmpuint (buffer[15], ==, 1);
  g_assert_cmpuint (buffer[16], ==, 2);
  /* prepend to an existing segment */
  add_ok (image, 0x0FF0, ones, 16);
  g_assert_cmpuint (bw_image_get_n_segments (image), ==, 1);
  g_assert_cmphex (bw_image_get_low_address (image), ==, 0x0FF0);
}

static void
test_gaps_are_not_filled (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  guint8 buffer[32];

  add_ok (image, 0x08000000, ones, 16);
  add_ok (image, 0x080E0000, twos, 16);
  g_assert_cmpuint (bw_image_get_n_segments (image), ==, 2);
  g_assert_cmpuint (bw_image_get_size (image), ==, 32);
  g_assert_false (bw_image_read (image, 0x08000000, buffer, 32));
  g_assert_false (bw_image_read (image, 0x08000010, buffer, 1));
  g_assert_cmpuint (bw_image_count_bytes_in (image, 0x08000008, 0x080E0004), ==, 12);
  g_assert_cmpuint (bw_image_count_bytes_in (image, 0x08000010, 0x080E0000), ==, 0);
}

static void
test_overlap_is_an_error (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(GError) error = NULL;

  add_ok (image, 0x100, ones, 16);
  g_assert_false (bw_image_add_data (image, 0x108, twos, 16, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OVERLAP);
  g_clear_error (&error);
  g_assert_false (bw_image_add_data (image, 0xF8, twos, 9, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OVERLAP);
  g_assert_cmpuint (bw_image_get_size (image), ==, 16);
}

static void
test_end_of_address_space (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(GError) error = NULL;

  add_ok (image, 0xFFFFFFF0, ones, 16);
  g_assert_cmphex (bw_image_get_end_address (image), ==, G_GUINT64_CONSTANT (0x100000000));
  g_assert_false (bw_image_add_data (image, 0xFFFFFFF8, twos, 16, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE);
}

static void
test_equal_content_and_sha256 (void)
{
  g_autoptr(BwImage) a = bw_image_new ();
  g_autoptr(BwImage) b = bw_image_new ();
  g_autofree gchar *sha_a = NULL;
  g_autofree gchar *sha_b = NULL;

  add_ok (a, 0x10, ones, 16);
  add_ok (b, 0x10, ones, 8);
  add_ok (b, 0x18, ones + 8, 8);
  g_assert_true (bw_image_equal_content (a, b));
  sha_a = bw_image_compute_sha256 (a);
  sha_b = bw_image_compute_sha256 (b);
  g_assert_cmpstr (sha_a, ==, sha_b);
  g_assert_cmpstr (sha_a, ==, "cc8cd41cef907c4d216069122c4b89936211361f9050a717a1e37ad1862e952f");
  add_ok (b, 0x40, twos, 1);
  g_assert_false (bw_image_equal_content (a, b));
}

/* One contiguous run from a base: gaps erased, refused outside the range. */
static void
test_dup_span (void)
{
  g_autoptr(BwImage) image = bw_image_new ();
  g_autoptr(BwImage) empty = bw_image_new ();
  g_autoptr(GBytes) span = NULL;
  const guint8 *bytes;
  gsize size = 0;

  g_assert_true (bw_image_add_data (image, 0x08000004, (const guint8 *) "\x01\x02", 2, NULL));
  g_assert_true (bw_image_add_data (image, 0x08000010, (const guint8 *) "\x03", 1, NULL));
  span = bw_image_dup_span (image, 0x08000000, 0x08000100);
  g_assert_nonnull (span);
  bytes = g_bytes_get_data (span, &size);
  g_assert_cmpuint (size, ==, 0x11);
  g_assert_cmphex (bytes[0], ==, 0xFF);
  g_assert_cmphex (bytes[4], ==, 0x01);
  g_assert_cmphex (bytes[5], ==, 0x02);
  g_assert_cmphex (bytes[6], ==, 0xFF);
  g_assert_cmphex (bytes[0x10], ==, 0x03);
  /* below the base, beyond the limit, or nothing at all */
  g_assert_null (bw_image_dup_span (image, 0x08000005, 0x08000100));
  g_assert_null (bw_image_dup_span (image, 0x08000000, 0x08000010));
  g_assert_null (bw_image_dup_span (empty, 0x08000000, 0x08000100));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/image/sorted-and-merged", test_sorted_and_merged);
  g_test_add_func ("/image/gaps-are-not-filled", test_gaps_are_not_filled);
  g_test_add_func ("/image/overlap-is-an-error", test_overlap_is_an_error);
  g_test_add_func ("/image/end-of-address-space", test_end_of_address_space);
  g_test_add_func ("/image/equal-content-and-sha256", test_equal_content_and_sha256);
  g_test_add_func ("/image/dup-span", test_dup_span);
  return g_test_run ();
}

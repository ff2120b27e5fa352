/* test-vesc-contents.c: what a chip's flash holds, through a read function
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-vesc-contents.h"
#include "bw-vesc-image.h"

#define FLASH_SIZE (1024u * 1024u)

typedef struct {
  guint8  *flash;
  guint32  fail_at;   /* a read that covers this address fails; 0: none */
  guint    n_reads;
} FakeChip;

static gboolean
read_fake (gpointer user_data, guint32 address, guint8 *buffer, gsize length, GCancellable *cancellable,
           GError **error)
{
  FakeChip *chip = user_data;

  chip->n_reads++;
  if ((chip->fail_at != 0 && chip->fail_at >= address && chip->fail_at < address + length) ||
      address < BW_VESC_FIRMWARE_ADDRESS || address - BW_VESC_FIRMWARE_ADDRESS + length > FLASH_SIZE)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT, "no answer at 0x%08X", address);
      return FALSE;
    }
  memcpy (buffer, chip->flash + (address - BW_VESC_FIRMWARE_ADDRESS), length);
  return TRUE;
}

static FakeChip *
fake_chip_new (void)
{
  FakeChip *chip = g_new0 (FakeChip, 1);

  chip->flash = g_malloc (FLASH_SIZE);
  memset (chip->flash, 0xFF, FLASH_SIZE);
  return chip;
}

static void
fake_chip_free (FakeChip *chip)
{
  g_free (chip->flash);
  g_free (chip);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeChip, fake_chip_free)

static void
put_le32 (FakeChip *chip, guint32 address, guint32 value)
{
  guint8 *p = chip->flash + (address - BW_VESC_FIRMWARE_ADDRESS);

  p[0] = value & 0xFF;
  p[1] = (value >> 8) & 0xFF;
  p[2] = (value >> 16) & 0xFF;
  p[3] = value >> 24;
}

static void
put_text (FakeChip *chip, guint32 address, const gchar *text)
{
  memcpy (chip->flash + (address - BW_VESC_FIRMWARE_ADDRESS), text, strlen (text) + 1);
}

static void
test_vector_table (void)
{
  g_autoptr(FakeChip) chip = fake_chip_new ();
  g_autoptr(GError) error = NULL;
  gboolean found = TRUE;

  /* erased flash: no code */
  g_assert_true (bw_vesc_contents_read_vector_table (read_fake, chip, BW_VESC_FIRMWARE_ADDRESS,
                                                     BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END, &found, NULL,
                                                     &error));
  g_assert_no_error (error);
  g_assert_false (found);

  /* a bootloader's table: stack in SRAM, Thumb reset handler in sector 11 */
  put_le32 (chip, BW_VESC_BOOTLOADER_ADDRESS, 0x20020000u);
  put_le32 (chip, BW_VESC_BOOTLOADER_ADDRESS + 4, BW_VESC_BOOTLOADER_ADDRESS + 0x1A1u);
  g_assert_true (bw_vesc_contents_read_vector_table (read_fake, chip, BW_VESC_BOOTLOADER_ADDRESS,
                                                     BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END, &found,
                                                     NULL, &error));
  g_assert_true (found);
  /* the same table does not say firmware: its handler is outside the app */
  g_assert_true (bw_vesc_contents_read_vector_table (read_fake, chip, BW_VESC_BOOTLOADER_ADDRESS,
                                                     BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END, &found, NULL,
                                                     &error));
  g_assert_false (found);
  /* an ARM (not Thumb) handler is no Cortex-M code */
  put_le32 (chip, BW_VESC_BOOTLOADER_ADDRESS + 4, BW_VESC_BOOTLOADER_ADDRESS + 0x1A0u);
  g_assert_true (bw_vesc_contents_read_vector_table (read_fake, chip, BW_VESC_BOOTLOADER_ADDRESS,
                                                     BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END, &found,
                                                     NULL, &error));
  g_assert_false (found);
  /* a stack pointer above SRAM */
  put_le32 (chip, BW_VESC_BOOTLOADER_ADDRESS, 0x20020004u);
  put_le32 (chip, BW_VESC_BOOTLOADER_ADDRESS + 4, BW_VESC_BOOTLOADER_ADDRESS + 0x1A1u);
  g_assert_true (bw_vesc_contents_read_vector_table (read_fake, chip, BW_VESC_BOOTLOADER_ADDRESS,
                                                     BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END, &found,
                                                     NULL, &error));
  g_assert_false (found);

  /* a failed read is an error, not "no code" */
  chip->fail_at = BW_VESC_FIRMWARE_ADDRESS + 4;
  found = TRUE;
  g_assert_false (bw_vesc_contents_read_vector_table (read_fake, chip, BW_VESC_FIRMWARE_ADDRESS,
                                                      BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END, &found, NULL,
                                                      &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_assert_false (found);
}

static void
test_parse (void)
{
  static const guint8 good[] = "org.vesc.60_MK5\0rest";
  static const guint8 unterminated[] = { 'o', 'r', 'g', '.', 'v', 'e', 's', 'c', '.', '6', '0' };
  static const guint8 empty[] = "org.vesc.\0";
  static const guint8 binary[] = "org.vesc.6\x01\0";
  g_autofree gchar *name = bw_vesc_contents_parse_hardware_name (good, sizeof good);
  g_autofree gchar *long_text = g_strdup_printf ("org.vesc.%s", "0123456789012345678901234567890123456789"
                                                 "0123456789012345678901234567890123456789");

  g_assert_cmpstr (name, ==, "60_MK5");
  g_assert_null (bw_vesc_contents_parse_hardware_name (unterminated, sizeof unterminated));
  g_assert_null (bw_vesc_contents_parse_hardware_name (empty, sizeof empty));
  g_assert_null (bw_vesc_contents_parse_hardware_name (binary, sizeof binary));
  g_assert_null (bw_vesc_contents_parse_hardware_name (good + 1, sizeof good - 1));
  /* names are at most 64 characters */
  g_assert_null (bw_vesc_contents_parse_hardware_name ((const guint8 *) long_text, strlen (long_text) + 1));
}

static void
test_scan (void)
{
  g_autoptr(FakeChip) chip = fake_chip_new ();
  g_autoptr(GError) error = NULL;
  gchar *name = NULL;
  /* 16 KiB steps down from the app's end: this prefix straddles the
   * border of two steps, which overlap so that it is still read whole */
  guint32 straddling = BW_VESC_APP_END - 16u * 1024u - 4u;

  g_assert_true (bw_vesc_contents_scan_hardware_name (read_fake, chip, &name, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (name);

  /* in the settings area below the app: not firmware's name */
  put_text (chip, BW_VESC_CONFIG_START + 0x100, "org.vesc.410");
  g_assert_true (bw_vesc_contents_scan_hardware_name (read_fake, chip, &name, NULL, &error));
  g_assert_null (name);

  put_text (chip, straddling, "org.vesc.HD75");
  g_assert_true (bw_vesc_contents_scan_hardware_name (read_fake, chip, &name, NULL, &error));
  g_assert_cmpstr (name, ==, "HD75");
  g_clear_pointer (&name, g_free);

  /* from the end: the name nearest the end wins, and the scan stops there */
  put_text (chip, BW_VESC_APP_END - 0x100, "org.vesc.60");
  chip->n_reads = 0;
  g_assert_true (bw_vesc_contents_scan_hardware_name (read_fake, chip, &name, NULL, &error));
  g_assert_cmpstr (name, ==, "60");
  g_assert_cmpuint (chip->n_reads, ==, 1);
  g_clear_pointer (&name, g_free);

  /* a failed read ends the scan with its error */
  chip->fail_at = BW_VESC_APP_END - 1;
  name = (gchar *) "untouched";
  g_assert_false (bw_vesc_contents_scan_hardware_name (read_fake, chip, &name, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_assert_null (name);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc-contents/vector-table", test_vector_table);
  g_test_add_func ("/vesc-contents/parse", test_parse);
  g_test_add_func ("/vesc-contents/scan", test_scan);
  return g_test_run ();
}

/* bw-vesc-image.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facts used here are measured on the VESC firmware archive and the
 * published bootloaders (spec/vesc-domain.md §6): every image starts with a
 * Cortex-M vector table whose reset handler says where it runs, firmware
 * carries "org.vesc.<hardware>", bootloaders end with a CRC-16 table.
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-memory.h"
#include "bw-vesc-image.h"

#define CRC_TABLE_SIZE 512
#define HW_NAME_MAX 64
#define STAGING_START 0x08080000u

struct _BwVescImage
{
  GObject            parent_instance;
  BwVescKind         kind;
  BwVescLayout       layout;
  gchar             *hardware_name;
  gchar             *version_hint;
  gchar             *bootloader_flavour;
  BwVescCompression  compression;
  gboolean           has_crc_table;
  guint32            crc_info_address;
  gsize              firmware_size;
  gsize              bootloader_size;
  gsize              config_bytes;
  GPtrArray         *warnings;
};

G_DEFINE_FINAL_TYPE (BwVescImage, bw_vesc_image, G_TYPE_OBJECT)

typedef struct {
  const gchar       *sha256;
  const gchar       *flavour;
  BwVescCompression  compression;
} KnownBootloader;

/* sha256 of the bytes each published bootloader loads (testdata/real/README.md). */
static const KnownBootloader known_bootloaders[] = {
  { "91d4e2e09594b422ec5e1aa976adc75fdfcaac455b59efa31aa304571242df06",
    "generic", BW_VESC_COMPRESSION_YES },
  { "339a9976176af14cc23389b0fdb64eab24654211ed5b523966cf35b8e0d4a1a5",
    "hardware 40, 47, 48, 410, 411, 412 and DAS_RS", BW_VESC_COMPRESSION_YES },
  { "d2c014d3b5faf843279d2b77325e128cace6d59ffa294fc0a7d68d96a57b0b33",
    "hardware 60 family", BW_VESC_COMPRESSION_YES },
  { "a91de2014f55f9a73d046017968d1e28039fe143b02688a9b74950be3fd04181",
    "generic, 2019", BW_VESC_COMPRESSION_NO },
  /* the same 2019 build as Intel HEX, which leaves out 4 bytes of padding */
  { "3bc5efa67afb5d6e4480c72c9c5c0523375f12a1fac153cf8022016c4135d7e7",
    "generic, 2019", BW_VESC_COMPRESSION_NO },
  { "42bd1c79503f2cf64453c1f8b99c6bba1d280b8fe28de1654383c9c2fd4bd0b5",
    "VESC 4, 2015", BW_VESC_COMPRESSION_NO },
};

static void
bw_vesc_image_finalize (GObject *object)
{
  BwVescImage *self = BW_VESC_IMAGE (object);

  g_free (self->hardware_name);
  g_free (self->version_hint);
  g_free (self->bootloader_flavour);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  G_OBJECT_CLASS (bw_vesc_image_parent_class)->finalize (object);
}

static void
bw_vesc_image_class_init (BwVescImageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_image_finalize;
}

static void
bw_vesc_image_init (BwVescImage *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static gboolean
stack_pointer_is_plausible (guint32 sp)
{
  gboolean in_sram = sp > 0x20000000u && sp <= 0x20020000u;
  gboolean in_ccm = sp > 0x10000000u && sp <= 0x10010000u;

  return (in_sram || in_ccm) && (sp & 3) == 0;
}

/* A vector table at @base whose reset handler is Thumb code in [lo, hi). */
static gboolean
vector_table_points_into (guint32 sp, guint32 reset, guint32 lo, guint32 hi)
{
  guint32 handler = reset & ~1u;

  return stack_pointer_is_plausible (sp) && (reset & 1u) != 0 && handler >= lo && handler < hi;
}

static gboolean
image_has_vector_table (BwImage *image, guint32 base, guint32 lo, guint32 hi)
{
  guint8 words[8];

  if (!bw_image_read (image, base, words, sizeof words))
    return FALSE;
  return vector_table_points_into (read_le32 (words), read_le32 (words + 4), lo, hi);
}

/* The image's bytes in [start, end), concatenated in address order. */
static GByteArray *
collect_bytes (BwImage *image, guint64 start, guint64 end)
{
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint64 seg_start = bw_image_get_segment_address (image, i);
      guint64 seg_end = seg_start + bw_image_get_segment_size (image, i);
      guint64 lo = MAX (seg_start, start);
      guint64 hi = MIN (seg_end, end);

      if (hi > lo)
        g_byte_array_append (out, bw_image_get_segment_data (image, i) + (lo - seg_start),
                             (guint) (hi - lo));
    }
  return out;
}

static gboolean
has_non_erased_bytes (BwImage *image, guint64 start, guint64 end)
{
  g_autoptr(GByteArray) bytes = collect_bytes (image, start, end);

  for (guint i = 0; i < bytes->len; i++)
    {
      if (bytes->data[i] != 0xff)
        return TRUE;
    }
  return FALSE;
}

static guint64
end_of_data_below (BwImage *image, guint64 limit)
{
  guint64 end = 0;

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint64 seg_start = bw_image_get_segment_address (image, i);
      guint64 seg_end = seg_start + bw_image_get_segment_size (image, i);

      if (seg_start < limit)
        end = MIN (seg_end, limit);
    }
  return end;
}

/* A NUL-terminated printable string of at most HW_NAME_MAX characters. */
static gchar *
printable_string_at (const guint8 *data, gsize size)
{
  gsize n = 0;

  while (n < size && n <= HW_NAME_MAX && data[n] != '\0')
    {
      if (!g_ascii_isprint (data[n]))
        return NULL;
      n++;
    }
  if (n == 0 || n > HW_NAME_MAX || n >= size)
    return NULL;
  return g_strndup ((const gchar *) data, n);
}

static gchar *
find_hardware_name (const guint8 *data, gsize size)
{
  static const gchar uavcan_prefix[] = "org.vesc.";
  static const gchar legacy_prefix[] = "Firmware: %d.%d";
  const guint8 *hit;

  hit = bw_memory_find (data, size, uavcan_prefix, strlen (uavcan_prefix));
  if (hit != NULL)
    {
      gsize offset = (gsize) (hit - data) + strlen (uavcan_prefix);
      gchar *name = printable_string_at (data + offset, size - offset);

      if (name != NULL)
        return name;
    }
  /* 3.x and 5.x builds also keep "Firmware: %d.%d\0<name>\0" */
  hit = bw_memory_find (data, size, legacy_prefix, sizeof legacy_prefix);
  if (hit != NULL)
    {
      gsize offset = (gsize) (hit - data) + sizeof legacy_prefix;

      return printable_string_at (data + offset, size - offset);
    }
  return NULL;
}

/* "release_7_00" → "7.00"; a hint only, the archive has a 6.02 build that
 * says release_6_03. */
static gchar *
find_version_hint (const guint8 *data, gsize size)
{
  static const gchar prefix[] = "release_";
  const guint8 *p = data;
  const guint8 *end = data + size;

  while (p < end)
    {
      const guint8 *hit = bw_memory_find (p, (gsize) (end - p), prefix, strlen (prefix));
      const guint8 *q;
      const guint8 *major;
      const guint8 *minor;

      if (hit == NULL)
        return NULL;
      q = hit + strlen (prefix);
      major = q;
      while (q < end && g_ascii_isdigit (*q))
        q++;
      if (q > major && q < end && *q == '_')
        {
          minor = ++q;
          while (q < end && g_ascii_isdigit (*q))
            q++;
          if (q > minor && q < end && *q == '\0')
            return g_strdup_printf ("%.*s.%.*s", (gint) (minor - 1 - major), major,
                                    (gint) (q - minor), minor);
        }
      p = hit + 1;
    }
  return NULL;
}

/* The bootloader verifies uploads with CRC-16/XMODEM and keeps its
 * 256-entry table, as little-endian words, at the very end of the image. */
static gboolean
ends_with_crc16_table (const guint8 *data, gsize size)
{
  const guint8 *table;

  if (size < CRC_TABLE_SIZE)
    return FALSE;
  table = data + size - CRC_TABLE_SIZE;
  for (guint i = 0; i < 256; i++)
    {
      guint16 crc = (guint16) (i << 8);

      for (guint bit = 0; bit < 8; bit++)
        crc = (crc & 0x8000) ? (guint16) ((crc << 1) ^ 0x1021) : (guint16) (crc << 1);
      if (table[2 * i] != (crc & 0xff) || table[2 * i + 1] != (crc >> 8))
        return FALSE;
    }
  return TRUE;
}

static void
add_warning (BwVescImage *self, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (BwVescImage *self, const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
recognise_firmware (BwVescImage *self, BwImage *image)
{
  g_autoptr(GByteArray) bytes = collect_bytes (image, BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END);
  guint64 end = end_of_data_below (image, BW_VESC_APP_END);
  gboolean has_current = bw_image_count_bytes_in (image, BW_VESC_CRC_INFO_CURRENT,
                                                  BW_VESC_CRC_INFO_CURRENT + BW_VESC_CRC_INFO_SIZE) ==
                         BW_VESC_CRC_INFO_SIZE;
  gboolean has_legacy = bw_image_count_bytes_in (image, BW_VESC_CRC_INFO_LEGACY,
                                                 BW_VESC_CRC_INFO_LEGACY + BW_VESC_CRC_INFO_SIZE) ==
                        BW_VESC_CRC_INFO_SIZE;

  self->firmware_size = bytes->len;
  self->hardware_name = find_hardware_name (bytes->data, bytes->len);
  self->version_hint = find_version_hint (bytes->data, bytes->len);

  if (has_current && (end == BW_VESC_CRC_INFO_CURRENT + BW_VESC_CRC_INFO_SIZE ||
                      has_non_erased_bytes (image, BW_VESC_CRC_INFO_LEGACY + BW_VESC_CRC_INFO_SIZE,
                                            BW_VESC_CRC_INFO_CURRENT)))
    {
      self->layout = BW_VESC_LAYOUT_CURRENT;
      self->crc_info_address = BW_VESC_CRC_INFO_CURRENT;
    }
  else if (has_legacy)
    {
      self->layout = BW_VESC_LAYOUT_LEGACY;
      self->crc_info_address = BW_VESC_CRC_INFO_LEGACY;
    }
  else
    {
      add_warning (self, "the firmware ends at 0x%08" G_GINT64_MODIFIER "X, but VESC firmware ends "
                   "at 0x%08X (up to 5.x) or 0x%08X (6.00 and later): the file may be cut short",
                   end, BW_VESC_CRC_INFO_LEGACY + BW_VESC_CRC_INFO_SIZE,
                   BW_VESC_CRC_INFO_CURRENT + BW_VESC_CRC_INFO_SIZE);
    }
  if (self->hardware_name == NULL)
    add_warning (self, "the firmware does not name the hardware it was built for; "
                 "check that it matches your ESC");
}

static void
recognise_bootloader (BwVescImage *self, BwImage *image)
{
  g_autoptr(GByteArray) bytes = collect_bytes (image, BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END);
  g_autofree gchar *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes->data, bytes->len);
  guint last = bw_image_get_n_segments (image) - 1;

  self->bootloader_size = bytes->len;
  self->has_crc_table = ends_with_crc16_table (bw_image_get_segment_data (image, last),
                                               bw_image_get_segment_size (image, last));
  for (guint i = 0; i < G_N_ELEMENTS (known_bootloaders); i++)
    {
      if (g_strcmp0 (sha256, known_bootloaders[i].sha256) == 0)
        {
          self->bootloader_flavour = g_strdup (known_bootloaders[i].flavour);
          self->compression = known_bootloaders[i].compression;
          return;
        }
    }
  /* Unknown builds: legacy ones are at most 4288 bytes, those that can
   * unpack 6.00+ firmware at least 5248. */
  if (bytes->len <= 4288)
    self->compression = BW_VESC_COMPRESSION_NO;
  else if (bytes->len >= 5248)
    self->compression = BW_VESC_COMPRESSION_YES;
  if (!self->has_crc_table)
    add_warning (self, "the bootloader does not end with the CRC table every VESC bootloader has; "
                 "it may be cut short or not a VESC bootloader");
}

BwVescImage *
bw_vesc_image_new_from_image (BwImage *image)
{
  g_autoptr(BwVescImage) self = g_object_new (BW_TYPE_VESC_IMAGE, NULL);
  gboolean is_firmware;
  gboolean is_bootloader;

  g_return_val_if_fail (BW_IS_IMAGE (image), NULL);

  if (bw_image_is_empty (image))
    return g_steal_pointer (&self);

  is_firmware = image_has_vector_table (image, BW_VESC_FIRMWARE_ADDRESS,
                                        BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END);
  is_bootloader = image_has_vector_table (image, BW_VESC_BOOTLOADER_ADDRESS,
                                          BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END);
  if (is_firmware && is_bootloader)
    self->kind = BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER;
  else if (is_firmware)
    self->kind = BW_VESC_KIND_FIRMWARE;
  else if (is_bootloader)
    self->kind = BW_VESC_KIND_BOOTLOADER;

  self->config_bytes = bw_image_count_bytes_in (image, BW_VESC_CONFIG_START, BW_VESC_CONFIG_END);
  if (is_firmware)
    recognise_firmware (self, image);
  if (is_bootloader)
    recognise_bootloader (self, image);

  if (self->kind == BW_VESC_KIND_BOOTLOADER &&
      bw_image_count_bytes_in (image, 0, BW_VESC_BOOTLOADER_ADDRESS) > 0)
    add_warning (self, "besides the bootloader, the file writes below 0x%08X", BW_VESC_BOOTLOADER_ADDRESS);
  if (self->kind != BW_VESC_KIND_UNKNOWN && !is_bootloader &&
      bw_image_count_bytes_in (image, BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END) > 0)
    add_warning (self, "the file writes into the bootloader sector 11 without a bootloader's vector table there");
  if (is_firmware && bw_image_count_bytes_in (image, STAGING_START, BW_VESC_BOOTLOADER_ADDRESS) > 0)
    add_warning (self, "the file writes into sectors 8-10 (0x%08X-0x%08X), where VESC keeps "
                 "firmware updates and LispBM scripts", STAGING_START, BW_VESC_BOOTLOADER_ADDRESS - 1);
  return g_steal_pointer (&self);
}

BwVescKind
bw_vesc_image_get_kind (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), BW_VESC_KIND_UNKNOWN);
  return self->kind;
}

BwVescLayout
bw_vesc_image_get_layout (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), BW_VESC_LAYOUT_UNKNOWN);
  return self->layout;
}

const gchar *
bw_vesc_image_get_hardware_name (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), NULL);
  return self->hardware_name;
}

const gchar *
bw_vesc_image_get_version_hint (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), NULL);
  return self->version_hint;
}

const gchar *
bw_vesc_image_get_bootloader_flavour (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), NULL);
  return self->bootloader_flavour;
}

BwVescCompression
bw_vesc_image_get_bootloader_compression (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), BW_VESC_COMPRESSION_UNKNOWN);
  return self->compression;
}

gboolean
bw_vesc_image_get_has_crc_table (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), FALSE);
  return self->has_crc_table;
}

/* Where the firmware keeps its CRC flag and CRC (8 bytes it rewrites on its
 * first boot), or 0 when unknown. */
guint32
bw_vesc_image_get_crc_info_address (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), 0);
  return self->crc_info_address;
}

gsize
bw_vesc_image_get_firmware_size (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), 0);
  return self->firmware_size;
}

gsize
bw_vesc_image_get_bootloader_size (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), 0);
  return self->bootloader_size;
}

/* Bytes the image would write over the saved configuration (sectors 1-2). */
gsize
bw_vesc_image_get_config_bytes (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), 0);
  return self->config_bytes;
}

GPtrArray *
bw_vesc_image_get_warnings (BwVescImage *self)
{
  g_return_val_if_fail (BW_IS_VESC_IMAGE (self), NULL);
  return self->warnings;
}

const gchar *
bw_vesc_kind_to_string (BwVescKind kind)
{
  switch (kind)
    {
    case BW_VESC_KIND_BOOTLOADER:
      return "bootloader";
    case BW_VESC_KIND_FIRMWARE:
      return "firmware";
    case BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER:
      return "firmware-and-bootloader";
    case BW_VESC_KIND_UNKNOWN:
    default:
      return "unknown";
    }
}

const gchar *
bw_vesc_layout_to_string (BwVescLayout layout)
{
  switch (layout)
    {
    case BW_VESC_LAYOUT_LEGACY:
      return "legacy";
    case BW_VESC_LAYOUT_CURRENT:
      return "current";
    case BW_VESC_LAYOUT_UNKNOWN:
    default:
      return "unknown";
    }
}

/* A .bin has no address inside; its vector table says where it runs. */
gboolean
bw_vesc_image_guess_bin_address (GBytes   *contents,
                                 guint32  *address,
                                 gchar   **reason,
                                 GError  **error)
{
  const guint8 *data;
  gsize size;
  guint32 sp;
  guint32 reset;

  g_return_val_if_fail (contents != NULL, FALSE);

  data = g_bytes_get_data (contents, &size);
  if (size < 8)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS,
                   "the file is only %" G_GSIZE_FORMAT " bytes, too short to hold a vector table "
                   "that would tell its address", size);
      return FALSE;
    }
  sp = read_le32 (data);
  reset = read_le32 (data + 4);
  if (vector_table_points_into (sp, reset, BW_VESC_FIRMWARE_ADDRESS, BW_VESC_APP_END))
    {
      *address = BW_VESC_FIRMWARE_ADDRESS;
      if (reason != NULL)
        *reason = g_strdup_printf ("its reset vector 0x%08X points into the firmware area", reset);
      return TRUE;
    }
  if (vector_table_points_into (sp, reset, BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END))
    {
      *address = BW_VESC_BOOTLOADER_ADDRESS;
      if (reason != NULL)
        *reason = g_strdup_printf ("its reset vector 0x%08X points into the bootloader sector", reset);
      return TRUE;
    }
  g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS,
               "the file does not start with a VESC vector table (stack 0x%08X, reset 0x%08X), "
               "so its address cannot be told from its content", sp, reset);
  return FALSE;
}

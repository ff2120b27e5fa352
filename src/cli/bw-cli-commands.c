/* bw-cli-commands.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-cli-commands.h"
#include "bw-cli-output.h"

static gboolean
parse_address (const gchar *text, guint32 *address, GError **error)
{
  guint64 value = 0;
  const gchar *digits = text;
  guint base = 10;

  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    {
      digits = text + 2;
      base = 16;
    }
  if (!g_ascii_string_to_unsigned (digits, base, 0, G_MAXUINT32, &value, NULL))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   "'%s' is not an address; write it like 0x080E0000", text);
      return FALSE;
    }
  *address = (guint32) value;
  return TRUE;
}

static const gchar *
kind_in_words (BwVescKind kind)
{
  switch (kind)
    {
    case BW_VESC_KIND_BOOTLOADER:
      return _("VESC bootloader");
    case BW_VESC_KIND_FIRMWARE:
      return _("VESC firmware");
    case BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER:
      return _("VESC firmware and bootloader in one file");
    case BW_VESC_KIND_UNKNOWN:
    default:
      return _("Not a VESC image");
    }
}

static gchar *
sector_words (BwFlashMap *map, GArray *sectors)
{
  g_autofree gchar *list = bw_cli_format_sector_list (sectors);

  if (sectors->len == 1)
    {
      guint index = g_array_index (sectors, guint, 0);
      g_autofree gchar *size = bw_format_size (bw_flash_map_get_sector_size (map, index));

      return g_strdup_printf (_("sector %s (%s)"), list, size);
    }
  return g_strdup_printf (_("sectors %s"), list);
}

/* "VESC bootloader, 5776 bytes at 0x080E0000, sector 11 (128 KB), for hardware 60 family" */
static gchar *
headline (BwImage *image, BwVescImage *vesc, BwFlashMap *map, GArray *sectors)
{
  g_autoptr(GString) out = g_string_new (kind_in_words (bw_vesc_image_get_kind (vesc)));
  g_autofree gchar *where = sector_words (map, sectors);
  const gchar *hardware = bw_vesc_image_get_hardware_name (vesc);
  const gchar *version = bw_vesc_image_get_version_hint (vesc);
  const gchar *flavour = bw_vesc_image_get_bootloader_flavour (vesc);

  if (version != NULL)
    g_string_append_printf (out, " %s", version);
  g_string_append_printf (out, _(", %lu bytes at 0x%08X, %s"),
                          (gulong) bw_image_get_size (image), bw_image_get_low_address (image), where);
  if (hardware != NULL)
    g_string_append_printf (out, _(", for hardware \"%s\""), hardware);
  if (flavour != NULL)
    {
      if (g_str_has_prefix (flavour, "hardware"))
        g_string_append_printf (out, _(", for %s"), flavour);
      else
        g_string_append_printf (out, _(", %s build"), flavour);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "0x08004000-0x0800BFFF" or several such ranges: the image's bytes inside
 * the configuration sectors. */
static gchar *
config_ranges (BwImage *image)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint64 start = bw_image_get_segment_address (image, i);
      guint64 end = start + bw_image_get_segment_size (image, i);
      guint64 lo = MAX (start, (guint64) BW_VESC_CONFIG_START);
      guint64 hi = MIN (end, (guint64) BW_VESC_CONFIG_END);

      if (hi <= lo)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "0x%08" G_GINT64_MODIFIER "X-0x%08" G_GINT64_MODIFIER "X", lo, hi - 1);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GPtrArray *
collect_warnings (BwImageFile *file, BwVescImage *vesc)
{
  GPtrArray *warnings = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *from_file = bw_image_file_get_warnings (file);
  GPtrArray *from_vesc = bw_vesc_image_get_warnings (vesc);
  BwImage *image = bw_image_file_get_image (file);
  gsize config_bytes = bw_vesc_image_get_config_bytes (vesc);

  if (bw_image_file_get_address_source (file) == BW_ADDRESS_SOURCE_CONTENT)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("a .bin file has no address inside; Bootwire places it at "
                                        "0x%08X because %s (use --address to choose another)"),
                                      bw_image_get_low_address (image),
                                      bw_image_file_get_address_reason (file)));
  if (config_bytes > 0)
    {
      g_autofree gchar *ranges = config_ranges (image);

      g_ptr_array_add (warnings,
                       g_strdup_printf (_("it overwrites the configuration sectors 1-2 with %lu bytes at %s: "
                                          "the ESC's saved motor and app settings will be lost"),
                                        (gulong) config_bytes, ranges));
    }
  if (bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_BOOTLOADER &&
      bw_vesc_image_get_bootloader_compression (vesc) == BW_VESC_COMPRESSION_NO)
    g_ptr_array_add (warnings,
                     g_strdup (_("this bootloader cannot unpack compressed firmware, so VESC Tool "
                                 "cannot install firmware 6.00 or later through it")));
  if (bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_UNKNOWN)
    g_ptr_array_add (warnings,
                     g_strdup (_("the content is neither a VESC firmware nor a VESC bootloader")));
  for (guint i = 0; i < from_file->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (from_file, i)));
  for (guint i = 0; i < from_vesc->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (from_vesc, i)));
  return warnings;
}

/* What a VESC keeps in each sector of a 1 MB STM32F405 (vesc-domain.md §1.1). */
static const gchar *
vesc_sector_role (guint index)
{
  if (index == 0)
    return _("vector table");
  if (index <= 2)
    return _("saved configuration");
  if (index <= 7)
    return _("firmware");
  if (index <= 10)
    return _("firmware update staging");
  return _("bootloader");
}

static void
print_text (BwImageFile *file, BwVescImage *vesc, BwFlashMap *map, GArray *sectors,
            GPtrArray *warnings)
{
  BwImage *image = bw_image_file_get_image (file);
  g_autofree gchar *name = g_file_get_basename (bw_image_file_get_file (file));
  g_autofree gchar *line = headline (image, vesc, map, sectors);
  g_autofree gchar *file_size = bw_format_size (bw_image_file_get_file_size (file));
  g_autofree gchar *sha256 = bw_image_compute_sha256 (image);
  guint32 entry;

  g_print ("%s\n  %s\n\n", name, line);
  g_print ("  %-12s %s, %s\n", _("Format:"),
           bw_image_file_get_format (file) == BW_IMAGE_FORMAT_IHEX ? _("Intel HEX") : _("raw binary"),
           file_size);
  g_print ("  %-12s %s\n", _("File sha256:"), bw_image_file_get_file_sha256 (file));
  g_print ("  %-12s %s\n", _("Data sha256:"), sha256);
  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint32 start = bw_image_get_segment_address (image, i);
      gsize size = bw_image_get_segment_size (image, i);

      g_print ("  %-12s 0x%08X-0x%08" G_GINT64_MODIFIER "X (%" G_GSIZE_FORMAT " bytes)\n",
               i == 0 ? _("Ranges:") : "", start, (guint64) start + size - 1, size);
    }
  for (guint i = 0; i < sectors->len; i++)
    {
      guint index = g_array_index (sectors, guint, i);
      g_autofree gchar *size = bw_format_size (bw_flash_map_get_sector_size (map, index));

      g_print ("  %-12s %2u at 0x%08X (%s, %s)\n", i == 0 ? _("Sectors:") : "", index,
               bw_flash_map_get_sector_address (map, index), size, vesc_sector_role (index));
    }
  if (bw_image_get_start_address (image, &entry))
    g_print ("  %-12s 0x%08X\n", _("Entry:"), entry);
  if (bw_vesc_image_get_layout (vesc) != BW_VESC_LAYOUT_UNKNOWN)
    g_print ("  %-12s %s, CRC info at 0x%08X-0x%08X\n", _("Layout:"),
             bw_vesc_image_get_layout (vesc) == BW_VESC_LAYOUT_CURRENT ?
               _("firmware 6.00 or later (512 KB app area)") :
               _("firmware 5.x or earlier (384 KB app area)"),
             bw_vesc_image_get_crc_info_address (vesc),
             bw_vesc_image_get_crc_info_address (vesc) + BW_VESC_CRC_INFO_SIZE - 1);
  for (guint i = 0; i < warnings->len; i++)
    g_print ("%s  %s\n", i == 0 ? "\n" : "", (const gchar *) g_ptr_array_index (warnings, i));
  if (warnings->len > 0)
    g_print ("\n");
}

static void
add_string_member (JsonBuilder *builder, const gchar *name, const gchar *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int_member (JsonBuilder *builder, const gchar *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static JsonNode *
build_json (BwImageFile *file, BwVescImage *vesc, BwFlashMap *map, GArray *sectors,
            GPtrArray *warnings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  BwImage *image = bw_image_file_get_image (file);
  g_autofree gchar *path = g_file_get_path (bw_image_file_get_file (file));
  g_autofree gchar *line = headline (image, vesc, map, sectors);
  g_autofree gchar *sha256 = bw_image_compute_sha256 (image);
  g_autofree gchar *address = g_strdup_printf ("0x%08X", bw_image_get_low_address (image));
  g_autofree gchar *entry_text = NULL;
  guint32 entry;

  if (bw_image_get_start_address (image, &entry))
    entry_text = g_strdup_printf ("0x%08X", entry);

  json_builder_begin_object (builder);
  add_string_member (builder, "file", path);
  add_string_member (builder, "format", bw_image_format_to_string (bw_image_file_get_format (file)));
  add_int_member (builder, "file_size", (gint64) bw_image_file_get_file_size (file));
  add_string_member (builder, "file_sha256", bw_image_file_get_file_sha256 (file));
  add_string_member (builder, "summary", line);
  add_string_member (builder, "kind", bw_vesc_kind_to_string (bw_vesc_image_get_kind (vesc)));
  add_string_member (builder, "address", address);
  add_int_member (builder, "size", (gint64) bw_image_get_size (image));
  add_string_member (builder, "data_sha256", sha256);
  add_string_member (builder, "entry", entry_text);
  add_string_member (builder, "hardware", bw_vesc_image_get_hardware_name (vesc));
  add_string_member (builder, "version_hint", bw_vesc_image_get_version_hint (vesc));
  add_string_member (builder, "bootloader_flavour", bw_vesc_image_get_bootloader_flavour (vesc));
  add_string_member (builder, "layout", bw_vesc_layout_to_string (bw_vesc_image_get_layout (vesc)));
  add_int_member (builder, "config_bytes", (gint64) bw_vesc_image_get_config_bytes (vesc));

  json_builder_set_member_name (builder, "ranges");
  json_builder_begin_array (builder);
  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint32 start = bw_image_get_segment_address (image, i);
      gsize size = bw_image_get_segment_size (image, i);
      g_autofree gchar *start_text = g_strdup_printf ("0x%08X", start);
      g_autofree gchar *end_text = g_strdup_printf ("0x%08" G_GINT64_MODIFIER "X", (guint64) start + size);

      json_builder_begin_object (builder);
      add_string_member (builder, "start", start_text);
      add_string_member (builder, "end", end_text);
      add_int_member (builder, "size", (gint64) size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sectors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sectors->len; i++)
    json_builder_add_int_value (builder, g_array_index (sectors, guint, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (warnings, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gint
report_failure (const gchar *subject, const GError *error, BwImageFile *file, gboolean json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = bw_cli_error_to_json (error,
                                                       file ? bw_image_file_get_error_line (file) : 0,
                                                       file ? bw_image_file_get_error_column (file) : 0,
                                                       file ? bw_image_file_get_error_other_line (file) : 0);

      bw_cli_print_json (node);
    }
  bw_cli_print_error (subject, error);
  return BW_CLI_EXIT_BAD_INPUT;
}

gint
bw_cli_inspect (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — explain a firmware or bootloader file"));
  g_autoptr(GError) error = NULL;
  g_autofree gchar *address_text = NULL;
  gboolean json = FALSE;
  guint32 address = 0;
  g_autoptr(GFile) gfile = NULL;
  g_autoptr(BwImageFile) file = NULL;
  g_autoptr(BwVescImage) vesc = NULL;
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(GArray) sectors = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  const GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address_text,
      N_("Where a .bin file goes, e.g. 0x080E0000 (default: what its content says)"), N_("ADDRESS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of text"), NULL },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Says what the file is, where it goes in the STM32F405's flash, which "
                                  "sectors it erases and what to watch out for. Nothing is written."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bootwire-cli inspect: %s\n", error->message);
      return BW_CLI_EXIT_BAD_INPUT;
    }
  if (argc != 2)
    {
      g_printerr ("bootwire-cli inspect: %s\n", _("give exactly one FILE to inspect"));
      return BW_CLI_EXIT_BAD_INPUT;
    }
  if (address_text != NULL && !parse_address (address_text, &address, &error))
    return report_failure (NULL, error, NULL, json);

  gfile = g_file_new_for_commandline_arg (argv[1]);
  file = bw_image_file_new (gfile);
  if (!bw_image_file_load (file, address_text != NULL, address, NULL, &error))
    return report_failure (argv[1], error, file, json);
  if (!bw_image_check_fits (bw_image_file_get_image (file), map, &error))
    return report_failure (argv[1], error, file, json);

  vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (file));
  sectors = bw_image_check_get_sectors (bw_image_file_get_image (file), map);
  warnings = collect_warnings (file, vesc);
  if (json)
    {
      g_autoptr(JsonNode) node = build_json (file, vesc, map, sectors, warnings);

      bw_cli_print_json (node);
    }
  else
    {
      print_text (file, vesc, map, sectors, warnings);
    }
  return BW_CLI_EXIT_OK;
}

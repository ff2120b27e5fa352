/* test-cli-inspect.c: bootwire-cli inspect as a user runs it
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bw-test-utils.h"

typedef struct {
  gint   status;
  gchar *out;
  gchar *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

static CliRun *
run_cli (const gchar *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);
  const gchar *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("BW_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const gchar *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const gchar *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  return run;
}

static JsonObject *
parse_object (const gchar *text, JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_bootloader_hex (void)
{
  g_autofree gchar *path = bw_test_real_path ("BLDC_4_Bootloader.hex");
  g_autoptr(CliRun) run = run_cli ("inspect", path, NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "VESC bootloader, 3772 bytes at 0x080E0000, sector 11 (128 KB)"));
  g_assert_nonnull (strstr (run->out, "0x080E01B0-0x080E0EBF (3344 bytes)"));
  g_assert_nonnull (strstr (run->out, "Entry:       0x080E02D1"));
  g_assert_nonnull (strstr (run->out, "11 at 0x080E0000 (128 KB, bootloader)"));
  g_assert_nonnull (strstr (run->out, "cannot install firmware 6.00 or later"));
  g_assert_cmpstr (run->err, ==, "");
}

static void
test_hw60_bootloader_bin (void)
{
  g_autofree gchar *path = bw_test_real_path ("vesc_bootloader_hw60-family.bin");
  g_autoptr(CliRun) run = run_cli ("inspect", path, NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out,
                            "VESC bootloader, 5776 bytes at 0x080E0000, sector 11 (128 KB), for hardware 60 family"));
  g_assert_nonnull (strstr (run->out, "has no address inside"));
}

static void
test_firmware_json (void)
{
  g_autofree gchar *path = bw_test_real_path ("VESC_default_fw7.00_hw410.bin");
  g_autoptr(CliRun) run = run_cli ("inspect", "--json", path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *sectors;
  JsonArray *warnings;
  gboolean config_warning = FALSE;

  g_assert_cmpint (run->status, ==, 0);
  root = parse_object (run->out, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "kind"), ==, "firmware");
  g_assert_cmpstr (json_object_get_string_member (root, "hardware"), ==, "410");
  g_assert_cmpstr (json_object_get_string_member (root, "version_hint"), ==, "7.00");
  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==, "0x08000000");
  g_assert_cmpstr (json_object_get_string_member (root, "layout"), ==, "current");
  g_assert_cmpint (json_object_get_int_member (root, "size"), ==, 524280);
  g_assert_cmpint (json_object_get_int_member (root, "config_bytes"), ==, 32768);
  sectors = json_object_get_array_member (root, "sectors");
  g_assert_cmpuint (json_array_get_length (sectors), ==, 8);
  g_assert_cmpint (json_array_get_int_element (sectors, 7), ==, 7);
  warnings = json_object_get_array_member (root, "warnings");
  for (guint i = 0; i < json_array_get_length (warnings); i++)
    config_warning |= strstr (json_array_get_string_element (warnings, i), "configuration sectors 1-2") != NULL;
  g_assert_true (config_warning);
}

static void
test_bad_checksum (void)
{
  g_autofree gchar *path = bw_test_file_path ("bad-checksum.hex");
  g_autoptr(CliRun) run = run_cli ("inspect", path, NULL);
  g_autoptr(CliRun) json_run = run_cli ("inspect", "--json", path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *error;

  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "The file is damaged or is not a firmware image."));
  g_assert_nonnull (strstr (run->err, "line 3, column 42: checksum is 0x00, expected 0x68"));
  g_assert_nonnull (strstr (run->err, "Download the file again"));

  g_assert_cmpint (json_run->status, ==, 2);
  error = json_object_get_object_member (parse_object (json_run->out, parser), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "image-invalid");
  g_assert_cmpint (json_object_get_int_member (error, "line"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (error, "column"), ==, 42);
}

static void
test_overlap_names_both_lines (void)
{
  g_autofree gchar *path = bw_test_file_path ("overlap.hex");
  g_autoptr(CliRun) run = run_cli ("inspect", "--json", path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *error;

  g_assert_cmpint (run->status, ==, 2);
  error = json_object_get_object_member (parse_object (run->out, parser), "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "image-overlap");
  g_assert_cmpint (json_object_get_int_member (error, "line"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (error, "other_line"), ==, 2);
}

static void
test_refusals (void)
{
  static const struct {
    const gchar *file;
    const gchar *address;
    const gchar *part;
  } cases[] = {
    { "out-of-flash.hex", NULL, "is outside the flash" },
    { "junk.bin", NULL, "does not start with a VESC vector table" },
    { "junk.hex", NULL, "line 1, column 1" },
    { "empty.hex", NULL, "The file is empty." },
    { "no-such-file.bin", NULL, "The file does not exist." },
    { "junk.bin", "0x080FFF00", "runs past the end of the flash at 0x08100000" },
    { "junk.bin", "0x20000000", "is outside the flash (0x08000000-0x080FFFFF on an STM32F4 with 1024 KB flash)" },
    { "junk.bin", "banana", "'banana' is not an address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *path = bw_test_file_path (cases[i].file);
      g_autoptr(CliRun) run = cases[i].address != NULL
                                ? run_cli ("inspect", "--address", cases[i].address, path, NULL)
                                : run_cli ("inspect", path, NULL);

      g_test_message ("%s: %s", cases[i].file, run->err);
      g_assert_cmpint (run->status, ==, 2);
      g_assert_nonnull (strstr (run->err, cases[i].part));
    }
}

static void
test_bin_at_given_address (void)
{
  g_autofree gchar *path = bw_test_file_path ("junk.bin");
  g_autoptr(CliRun) run = run_cli ("inspect", "--address", "0x08040000", path, NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "Not a VESC image, 1024 bytes at 0x08040000, sector 6 (128 KB)"));
  g_assert_nonnull (strstr (run->out, "neither a VESC firmware nor a VESC bootloader"));
}

static void
test_usage (void)
{
  g_autoptr(CliRun) none = run_cli (NULL, NULL);
  g_autoptr(CliRun) unknown = run_cli ("frobnicate", NULL);
  g_autoptr(CliRun) two_files = run_cli ("inspect", "a.hex", "b.hex", NULL);
  g_autoptr(CliRun) help = run_cli ("--help", NULL);

  g_assert_cmpint (none->status, ==, 2);
  g_assert_cmpint (unknown->status, ==, 2);
  g_assert_nonnull (strstr (unknown->err, "unknown command 'frobnicate'"));
  g_assert_cmpint (two_files->status, ==, 2);
  g_assert_cmpint (help->status, ==, 0);
  g_assert_nonnull (strstr (help->out, "inspect"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/inspect/bootloader-hex", test_bootloader_hex);
  g_test_add_func ("/cli/inspect/hw60-bootloader-bin", test_hw60_bootloader_bin);
  g_test_add_func ("/cli/inspect/firmware-json", test_firmware_json);
  g_test_add_func ("/cli/inspect/bad-checksum", test_bad_checksum);
  g_test_add_func ("/cli/inspect/overlap-names-both-lines", test_overlap_names_both_lines);
  g_test_add_func ("/cli/inspect/refusals", test_refusals);
  g_test_add_func ("/cli/inspect/bin-at-given-address", test_bin_at_given_address);
  g_test_add_func ("/cli/usage", test_usage);
  return g_test_run ();
}

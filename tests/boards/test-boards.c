/* test-boards.c: bundled profiles, validation errors, user profiles
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

static const gchar *const expected_boards[] = {
  "vesc-4.12", "maytech-4.12", "focbox", "focbox-unity", "vesc-x", "vesc-6",
  "flipsky-fsesc-4.20", "flipsky-fsesc-6.6", "flipsky-fsesc-dual-6.6", "trampa-75-300",
  "cheap-focer-2", "escape", "spintend-ubox-single", "spintend-ubox-dual", "other-stm32f4",
  NULL
};
static const gchar *const expected_probes[] = {
  "stlink-v2-clone-a", "stlink-v2-clone-b", "stlink-v2-clone-c", "stlink-v2-genuine",
  "nucleo-64-cn4", "stlink-v3minie", "vesc", NULL
};
static const gchar *const known_bootloaders[] = {
  "40_o_47_o_48_o_410_o_411_o_412_o_DAS_RS.bin",
  "60_o_75_300_o_HD60_o_UAVC_OMEGA_o_75_300_R2_o_60_MK3_o_100_250_o_75_300_R3_o_60_MK4_o_60_MK5_o_HD75.bin",
  "generic.bin",
  NULL
};

static BwBoardDb *
load_bundled (void)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_board_db_load_dir (db, g_getenv ("BW_DATA_DIR"), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

static void
assert_sources (const gchar *const *sources)
{
  g_assert_nonnull (sources);
  g_assert_nonnull (sources[0]);
  for (guint i = 0; sources[i] != NULL; i++)
    g_assert_cmpuint (strlen (sources[i]), >, 3);
}

static void
test_bundled_boards (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(GPtrArray) boards = bw_board_db_get_boards (db);

  g_assert_cmpuint (boards->len, ==, g_strv_length ((gchar **) expected_boards));
  for (guint i = 0; expected_boards[i] != NULL; i++)
    g_assert_nonnull (bw_board_db_find_board (db, expected_boards[i]));

  for (guint i = 0; i < boards->len; i++)
    {
      BwBoard *board = g_ptr_array_index (boards, i);
      g_autofree gchar *level = g_ascii_strup (bw_confidence_to_string (bw_board_get_confidence (board)), -1);
      guint seen[BW_SIGNAL_LAST] = { 0 };

      g_test_message ("board %s", bw_board_get_id (board));
      g_assert_cmpstr (bw_board_get_name (board), !=, "");
      g_assert_nonnull (bw_board_get_vendor (board));
      g_assert_nonnull (bw_board_get_hardware (board));
      g_assert_true (g_str_has_prefix (bw_board_get_mcu (board), "STM32F4"));
      g_assert_cmpuint (bw_board_get_flash_kib (board), ==, 1024);
      g_assert_cmpuint (bw_board_get_bootloader_address (board), ==, 0x080E0000);
      g_assert_cmpuint (bw_board_get_firmware_address (board), ==, 0x08000000);
      g_assert_cmpuint (bw_board_get_config_sectors (board), ==, (1u << 1) | (1u << 2));
      g_assert_true (g_strv_contains (known_bootloaders, bw_board_get_bootloader (board)));
      assert_sources (bw_board_get_sources (board));
      /* the enum is the spec's level, or the lowest one it names */
      g_assert_nonnull (strstr (bw_board_get_confidence_as_given (board), level));
      g_assert_nonnull (bw_confidence_get_display_name (bw_board_get_confidence (board)));

      g_assert_cmpuint (bw_board_get_n_pins (board), >=, 3);
      for (guint p = 0; p < bw_board_get_n_pins (board); p++)
        {
          BwSignal signal = bw_board_get_pin_signal (board, p);

          g_assert_true (bw_signal_is_board_signal (signal));
          if (signal != BW_SIGNAL_NC)
            g_assert_cmpuint (seen[signal]++, ==, 0);
          if (bw_board_get_pin1_end (board) == BW_PIN1_END_UNKNOWN)
            g_assert_cmpuint (bw_board_get_pin_number (board, p), ==, 0);
          else
            g_assert_cmpuint (bw_board_get_pin_number (board, p), >=, 1);
        }
      g_assert_cmpuint (seen[BW_SIGNAL_GND], ==, 1);
      g_assert_cmpuint (seen[BW_SIGNAL_SWDIO], ==, 1);
      g_assert_cmpuint (seen[BW_SIGNAL_SWCLK], ==, 1);
      g_assert_cmpint (seen[BW_SIGNAL_NRST] > 0, ==, bw_board_get_nrst (board) != BW_NRST_NO);
      if (!bw_board_get_order_confirmed (board))
        g_assert_cmpint (bw_board_get_pin1_end (board), ==, BW_PIN1_END_UNKNOWN);
      if (bw_board_get_n_targets (board) == 2)
        g_assert_nonnull (bw_board_get_dual_note (board));
      if (bw_board_get_power (board) == BW_BOARD_POWER_BATTERY_OR_PROBE)
        g_assert_nonnull (bw_board_get_power_note (board));
    }
}

/* A few facts checked against vesc-domain.md §3.3 one by one. */
static void
test_board_facts (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  BwBoard *vesc4 = bw_board_db_find_board (db, "vesc-4.12");
  BwBoard *focer = bw_board_db_find_board (db, "cheap-focer-2");
  BwBoard *dual = bw_board_db_find_board (db, "flipsky-fsesc-dual-6.6");
  BwBoard *unity = bw_board_db_find_board (db, "focbox-unity");
  const BwSignal vesc4_order[] = { BW_SIGNAL_3V3, BW_SIGNAL_SWCLK, BW_SIGNAL_GND,
                                   BW_SIGNAL_SWDIO, BW_SIGNAL_NRST, BW_SIGNAL_NC };
  const gchar *const vesc4_labels[] = { "3.3v", "CLK", "GND", "DIO", "RST", NULL };

  g_assert_cmpuint (bw_board_get_n_pins (vesc4), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpint (bw_board_get_pin_signal (vesc4, i), ==, vesc4_order[i]);
      g_assert_cmpstr (bw_board_get_pin_label (vesc4, i), ==, vesc4_labels[i]);
      g_assert_cmpuint (bw_board_get_pin_number (vesc4, i), ==, i + 1);
    }
  g_assert_cmpint (bw_board_get_connector_type (vesc4), ==, BW_CONNECTOR_JST_PH);
  g_assert_cmpfloat_with_epsilon (bw_board_get_pitch_mm (vesc4), 2.0, 1e-9);
  g_assert_cmpint (bw_board_get_confidence (vesc4), ==, BW_CONFIDENCE_HIGH);
  g_assert_cmpint (bw_board_get_power (vesc4), ==, BW_BOARD_POWER_BATTERY);
  g_assert_true (g_strv_contains (bw_board_get_hardware (vesc4), "410"));

  g_assert_cmpint (bw_board_get_connector_type (focer), ==, BW_CONNECTOR_PIN_HEADER);
  g_assert_cmpfloat_with_epsilon (bw_board_get_pitch_mm (focer), 2.54, 1e-9);
  g_assert_cmpint (bw_board_get_power (focer), ==, BW_BOARD_POWER_BATTERY_OR_PROBE);
  g_assert_cmpint (bw_board_get_confidence (focer), ==, BW_CONFIDENCE_HIGH);

  g_assert_cmpuint (bw_board_get_n_targets (dual), ==, 2);
  g_assert_cmpint (bw_board_get_pin_signal (dual, 0), ==, BW_SIGNAL_NRST);
  g_assert_cmpint (bw_board_get_pin1_end (dual), ==, BW_PIN1_END_UNKNOWN);

  g_assert_cmpuint (bw_board_get_n_targets (unity), ==, 1);
  g_assert_cmpint (bw_board_get_connector_type (unity), ==, BW_CONNECTOR_INTERNAL);
  g_assert_false (bw_board_get_order_confirmed (unity));
  g_assert_cmpint (bw_board_get_confidence (unity), ==, BW_CONFIDENCE_UNCONFIRMED);
}

static void
test_bundled_probes (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(GPtrArray) probes = bw_board_db_get_probes (db);
  BwProbeProfile *nucleo;
  const BwSignal cn4[] = { BW_SIGNAL_VSENSE, BW_SIGNAL_SWCLK, BW_SIGNAL_GND,
                           BW_SIGNAL_SWDIO, BW_SIGNAL_NRST, BW_SIGNAL_OTHER };

  g_assert_cmpuint (probes->len, ==, g_strv_length ((gchar **) expected_probes));
  for (guint i = 0; expected_probes[i] != NULL; i++)
    g_assert_nonnull (bw_board_db_find_probe (db, expected_probes[i]));

  for (guint i = 0; i < probes->len; i++)
    {
      BwProbeProfile *probe = g_ptr_array_index (probes, i);
      g_autoptr(GHashTable) positions = g_hash_table_new (g_direct_hash, g_direct_equal);
      guint counts[BW_SIGNAL_LAST] = { 0 };
      guint n_pids = 0;
      const guint16 *pids = bw_probe_profile_get_usb_pids (probe, &n_pids);

      g_test_message ("probe %s", bw_probe_profile_get_id (probe));
      assert_sources (bw_probe_profile_get_sources (probe));
      g_assert_cmpstr (bw_probe_profile_get_identify (probe), !=, "");
      g_assert_cmpuint (n_pids, >=, 1);
      /* ST-Links are 0x37xx; a VESC as the programmer enumerates as ST's virtual COM port */
      for (guint p = 0; p < n_pids; p++)
        if (bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_VESC)
          g_assert_cmpuint (pids[p], ==, 0x5740);
        else
          g_assert_cmpuint (pids[p] & 0xFF00, ==, 0x3700);
      g_assert_cmpuint (bw_probe_profile_get_n_pins (probe), ==,
                        bw_probe_profile_get_n_rows (probe) * bw_probe_profile_get_n_columns (probe));
      for (guint p = 0; p < bw_probe_profile_get_n_pins (probe); p++)
        {
          guint row = G_MAXUINT, column = G_MAXUINT;

          counts[bw_probe_profile_get_pin_signal (probe, p)]++;
          bw_probe_profile_get_pin_position (probe, p, &row, &column);
          g_assert_cmpuint (row, <, bw_probe_profile_get_n_rows (probe));
          g_assert_cmpuint (column, <, bw_probe_profile_get_n_columns (probe));
          /* unique physical positions */
          g_assert_true (g_hash_table_add (positions, GUINT_TO_POINTER (row * 100 + column + 1)));
        }
      g_assert_cmpuint (counts[BW_SIGNAL_SWDIO], ==, 1);
      g_assert_cmpuint (counts[BW_SIGNAL_SWCLK], ==, 1);
      g_assert_cmpuint (counts[BW_SIGNAL_GND], >=, 1);
      g_assert_cmpint (bw_probe_profile_get_pin_signal (probe, bw_probe_profile_get_gnd_pin (probe)), ==,
                       BW_SIGNAL_GND);
      if (bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_CLONE)
        {
          g_assert_false (bw_probe_profile_get_nrst_drives_reset (probe));
          g_assert_cmpuint (counts[BW_SIGNAL_NRST], ==, 0);
          g_assert_cmpuint (counts[BW_SIGNAL_RST_STM8], ==, 1);
          g_assert_cmpuint (counts[BW_SIGNAL_3V3_OUT], ==, 2);
          g_assert_true (bw_probe_profile_get_can_power_target (probe));
        }
      else if (bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_VESC)
        {
          /* no reset wire, no voltage sense; its 3.3 V is its own supply */
          g_assert_false (bw_probe_profile_get_nrst_drives_reset (probe));
          g_assert_cmpuint (counts[BW_SIGNAL_NRST], ==, 0);
          g_assert_cmpuint (counts[BW_SIGNAL_VSENSE], ==, 0);
          g_assert_false (bw_probe_profile_get_can_power_target (probe));
        }
      else
        {
          g_assert_true (bw_probe_profile_get_nrst_drives_reset (probe));
          g_assert_cmpuint (counts[BW_SIGNAL_NRST], ==, 1);
          g_assert_cmpuint (counts[BW_SIGNAL_VSENSE], >=, 1);
          g_assert_false (bw_probe_profile_get_can_power_target (probe));
        }
    }

  nucleo = bw_board_db_find_probe (db, "nucleo-64-cn4");
  for (guint i = 0; i < G_N_ELEMENTS (cn4); i++)
    g_assert_cmpint (bw_probe_profile_get_pin_signal (nucleo, i), ==, cn4[i]);
  g_assert_cmpint (bw_probe_profile_get_pin_signal (bw_board_db_find_probe (db, "stlink-v2-genuine"),
                                                    bw_probe_profile_get_gnd_pin (bw_board_db_find_probe (db, "stlink-v2-genuine"))),
                   ==, BW_SIGNAL_GND);
  g_assert_cmpuint (bw_probe_profile_get_gnd_pin (bw_board_db_find_probe (db, "stlink-v2-genuine")), ==, 19);
}

static void
assert_profile_error (const gchar *path, const gchar *key)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *basename = g_path_get_basename (path);

  g_assert_false (bw_board_db_load_file (db, path, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, basename));
  if (key != NULL)
    g_assert_nonnull (strstr (error->message, key));
}

static gchar *
fixture (const gchar *name)
{
  return g_build_filename (g_getenv ("BW_BOARDS_TEST_FILES"), name, NULL);
}

static void
test_bad_fixtures (void)
{
  g_autofree gchar *garbage = fixture ("not-a-keyfile.board");
  g_autofree gchar *typo = fixture ("unknown-key.board");
  g_autofree gchar *duplicate = fixture ("duplicate-gnd.board");
  g_autofree gchar *clone = fixture ("clone-with-nrst.probe");

  assert_profile_error (garbage, NULL);
  assert_profile_error (typo, "Colour");
  assert_profile_error (duplicate, "Signals");
  assert_profile_error (clone, "NrstDrivesReset");
}

typedef struct {
  const gchar *source;  /* bundled profile to start from */
  const gchar *group;
  const gchar *key;
  const gchar *value;   /* NULL: remove the key */
} Mutation;

static const Mutation mutations[] = {
  { "boards/vesc-4.12.board", "Board", "Sources", NULL },
  { "boards/vesc-4.12.board", "Board", "Sources", "one;;three;" },
  { "boards/vesc-4.12.board", "Board", "Confidence", NULL },
  { "boards/vesc-4.12.board", "Board", "Confidence", "sure" },
  { "boards/vesc-4.12.board", "Board", "ConfidenceAsGiven", "" },
  { "boards/vesc-4.12.board", "Board", "Name", NULL },
  { "boards/vesc-4.12.board", "Board", "Notes", "" },
  { "boards/vesc-4.12.board", "Board", "BootloaderAddress", "0x080EZZZZ" },
  { "boards/vesc-4.12.board", "Board", "BootloaderAddress", "0x07000000" },
  { "boards/vesc-4.12.board", "Board", "FlashKiB", "-5" },
  { "boards/vesc-4.12.board", "Board", "Targets", "3" },
  { "boards/vesc-4.12.board", "Board", "Power", "usb" },
  { "boards/vesc-4.12.board", "Board", "PowerNote", "" },
  { "boards/vesc-4.12.board", "Board", "PowerLatch", "maybe" },
  { "boards/vesc-4.12.board", "Board", "Nrst", "no" },
  { "boards/vesc-4.12.board", "Board", "Bootloader", "../../etc/passwd" },
  { "boards/vesc-4.12.board", "Board", "ConfigSectors", "1;12;" },
  { "boards/vesc-4.12.board", "Board", "Hardware", NULL },
  { "boards/vesc-4.12.board", "Board", "Colours", "red;" },
  { "boards/vesc-4.12.board", "Connector", "Signals", "3V3;SWCLK;GND;SWDIO;RESET;NC;" },
  { "boards/vesc-4.12.board", "Connector", "Signals", "3V3;SWCLK;GND;GND;NRST;NC;" },
  { "boards/vesc-4.12.board", "Connector", "Signals", "3V3;SWCLK;GND;NC;NRST;NC;" },
  { "boards/vesc-4.12.board", "Connector", "Signals", "3V3;SWCLK;GND;SWDIO;NRST;" },
  { "boards/vesc-4.12.board", "Connector", "Signals", "3V3;SWCLK;GND;SWDIO;NRST;5V-OUT;" },
  { "boards/vesc-4.12.board", "Connector", "Labels", "3.3v;CLK;GND;" },
  { "boards/vesc-4.12.board", "Connector", "Colours", "red;yellow;black;green;blue;" },
  { "boards/vesc-4.12.board", "Connector", "Colours", "red;yellow;black;green;blue;pink;" },
  { "boards/vesc-4.12.board", "Connector", "Pins", "40" },
  { "boards/vesc-4.12.board", "Connector", "PitchMm", "2,0" },
  { "boards/vesc-4.12.board", "Connector", "Type", "molex" },
  { "boards/vesc-4.12.board", "Connector", "Pin1", "middle" },
  { "boards/vesc-4.12.board", "Connector", "OrderConfirmed", "nope" },
  { "boards/maytech-4.12.board", "Connector", "Pin1", "first" },
  { "boards/flipsky-fsesc-dual-6.6.board", "Board", "DualNote", NULL },
  { "boards/cheap-focer-2.board", "Board", "PowerNote", NULL },
  { "probes/stlink-v2-clone-a.probe", "Probe", "UsbPids", "3748;" },
  { "probes/stlink-v2-clone-a.probe", "Probe", "UsbPids", "0x37480;" },
  { "probes/stlink-v2-clone-a.probe", "Probe", "Kind", "cheap" },
  { "probes/stlink-v2-clone-a.probe", "Probe", "Identify", NULL },
  { "probes/stlink-v2-clone-a.probe", "Probe", "Sources", NULL },
  { "probes/stlink-v2-clone-a.probe", "Probe", "CanPowerTarget", "yes" },
  { "probes/stlink-v2-clone-a.probe", "Header", "Signals", "RST-STM8;SWCLK;SWIM;SWDIO;GND;GND;3V3-OUT;3V3-OUT;5V-OUT;" },
  { "probes/stlink-v2-clone-a.probe", "Header", "Signals", "RST-STM8;SWCLK;SWIM;SWDIO;GND;GND;3V3;3V3-OUT;5V-OUT;5V-OUT;" },
  { "probes/stlink-v2-clone-a.probe", "Header", "Signals", "RST-STM8;SWCLK;SWIM;SWCLK;GND;GND;3V3-OUT;3V3-OUT;5V-OUT;5V-OUT;" },
  { "probes/stlink-v2-clone-a.probe", "Header", "Signals", "RST-STM8;SWCLK;SWIM;SWDIO;OTHER;OTHER;3V3-OUT;3V3-OUT;5V-OUT;5V-OUT;" },
  { "probes/stlink-v2-clone-a.probe", "Header", "Signals", "NRST;SWCLK;SWIM;SWDIO;GND;GND;3V3-OUT;3V3-OUT;5V-OUT;5V-OUT;" },
  { "probes/stlink-v2-clone-a.probe", "Header", "Signals", "RST-STM8;SWCLK;SWIM;SWDIO;GND;GND;OTHER;OTHER;5V-OUT;5V-OUT;" },
  { "probes/stlink-v2-clone-a.probe", "Header", "Rows", "3" },
  { "probes/stlink-v2-clone-a.probe", "Header", "PitchMm", NULL },
  { "probes/stlink-v2-clone-a.probe", "Header", "Numbering", "spiral" },
  { "probes/stlink-v2-genuine.probe", "Header", "GndPin", "19" },
  { "probes/stlink-v2-genuine.probe", "Header", "GndPin", "21" },
};

/* The key the error must name; for a cross-check the other key may be named. */
static const gchar *
expected_key (const Mutation *mutation)
{
  if (g_strcmp0 (mutation->key, "Signals") == 0 && strstr (mutation->value, "NRST;SWCLK;SWIM") != NULL)
    return "NrstDrivesReset";
  if (g_strcmp0 (mutation->key, "Signals") == 0 && strstr (mutation->value, "OTHER;OTHER;5V") != NULL)
    return "CanPowerTarget";
  if (g_strcmp0 (mutation->key, "Signals") == 0 && strstr (mutation->value, "NC;NRST") != NULL)
    return "SWDIO";
  return mutation->key;
}

static void
test_bad_keys (void)
{
  g_autofree gchar *tmpdir = bw_test_make_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      const Mutation *mutation = &mutations[i];
      g_autofree gchar *source = g_build_filename (g_getenv ("BW_DATA_DIR"), mutation->source, NULL);
      g_autofree gchar *basename = g_path_get_basename (mutation->source);
      g_autofree gchar *name = g_strdup_printf ("m%02u-%s", i, basename);
      g_autofree gchar *path = g_build_filename (tmpdir, name, NULL);
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (g_key_file_load_from_file (keyfile, source, G_KEY_FILE_KEEP_COMMENTS, &error));
      g_assert_no_error (error);
      if (mutation->value == NULL)
        g_assert_true (g_key_file_remove_key (keyfile, mutation->group, mutation->key, NULL));
      else
        g_key_file_set_value (keyfile, mutation->group, mutation->key, mutation->value);
      g_assert_true (g_key_file_save_to_file (keyfile, path, &error));
      g_assert_no_error (error);
      g_test_message ("mutation %u: [%s] %s", i, mutation->group, mutation->key);
      assert_profile_error (path, expected_key (mutation));
    }
  bw_test_rm_rf (tmpdir);
}

/* The unmodified copies load, so every failure above comes from the change. */
static void
test_bundled_copies_load (void)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();

  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autofree gchar *source = g_build_filename (g_getenv ("BW_DATA_DIR"), mutations[i].source, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (bw_board_db_load_file (db, source, &error));
      g_assert_no_error (error);
    }
}

static void
test_wrong_suffix (void)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (bw_board_db_load_file (db, "/nonexistent/profile.txt", &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID);
  g_clear_error (&error);
  g_assert_false (bw_board_db_load_file (db, "/nonexistent/missing.board", &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "missing.board"));
}

static void
write_user_file (const gchar *subdir, const gchar *name, const gchar *contents)
{
  g_autofree gchar *user = bw_board_db_get_user_dir ();
  g_autofree gchar *dir = g_build_filename (user, subdir, NULL);
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static gchar *
bundled_with (const gchar *relative, const gchar *group, const gchar *key, const gchar *value)
{
  g_autofree gchar *source = g_build_filename (g_getenv ("BW_DATA_DIR"), relative, NULL);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_key_file_load_from_file (keyfile, source, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_key_file_set_value (keyfile, group, key, value);
  return g_key_file_to_data (keyfile, NULL, NULL);
}

static void
test_user_profiles (void)
{
  g_autoptr(BwBoardDb) bundled = load_bundled ();
  g_autoptr(GPtrArray) bundled_boards = bw_board_db_get_boards (bundled);
  g_autoptr(GPtrArray) bundled_probes = bw_board_db_get_probes (bundled);
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GPtrArray) boards = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *user_dir = bw_board_db_get_user_dir ();
  g_autofree gchar *override = bundled_with ("boards/vesc-4.12.board", "Board", "Name", "My VESC 4.12");
  g_autofree gchar *extra = bundled_with ("boards/cheap-focer-2.board", "Connector", "Colours",
                                          "white;yellow;black;green;blue;");
  g_autofree gchar *probe = bundled_with ("probes/nucleo-64-cn4.probe", "Probe", "Name", "My Nucleo");
  GPtrArray *skipped;
  const GError *skipped_error;
  BwBoard *board;
  BwWireColour colour = BW_WIRE_COLOUR_LAST;

  write_user_file ("boards", "vesc-4.12.board", override);
  write_user_file ("boards", "my-focer.board", extra);
  write_user_file ("boards", "broken.board", "[Board]\nName=Broken\n");
  write_user_file ("boards", "notes.txt", "not a profile, ignored");
  write_user_file ("probes", "my-nucleo.probe", probe);

  g_assert_true (bw_board_db_load_default (db, &error));
  g_assert_no_error (error);
  boards = bw_board_db_get_boards (db);
  probes = bw_board_db_get_probes (db);
  g_assert_cmpuint (boards->len, ==, bundled_boards->len + 1);
  g_assert_cmpuint (probes->len, ==, bundled_probes->len + 1);

  board = bw_board_db_find_board (db, "vesc-4.12");
  g_assert_cmpstr (bw_board_get_name (board), ==, "My VESC 4.12");
  g_assert_true (g_str_has_prefix (bw_board_get_path (board), user_dir));
  board = bw_board_db_find_board (db, "my-focer");
  g_assert_nonnull (board);
  g_assert_true (bw_board_get_pin_colour (board, 0, &colour));
  g_assert_cmpint (colour, ==, BW_WIRE_COLOUR_WHITE);
  g_assert_cmpstr (bw_probe_profile_get_name (bw_board_db_find_probe (db, "my-nucleo")), ==, "My Nucleo");
  /* the bundled ones not overridden are still there */
  g_assert_cmpstr (bw_board_get_name (bw_board_db_find_board (db, "cheap-focer-2")), ==, "Cheap FOCer 2");

  skipped = bw_board_db_get_skipped (db);
  g_assert_cmpuint (skipped->len, ==, 1);
  skipped_error = g_ptr_array_index (skipped, 0);
  g_assert_error (skipped_error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID);
  g_assert_nonnull (strstr (skipped_error->message, "broken.board"));
}

static void
test_bundled_dir_missing (void)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *saved = g_strdup (g_getenv ("BW_DATA_DIR"));
  g_autofree gchar *tmpdir = bw_test_make_tmpdir ();

  g_setenv ("BW_DATA_DIR", tmpdir, TRUE);
  g_assert_false (bw_board_db_load_default (db, &error));
  g_setenv ("BW_DATA_DIR", saved, TRUE);
  g_assert_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID);
  bw_test_rm_rf (tmpdir);
}

int
main (int argc, char **argv)
{
  g_autofree gchar *home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* before anything asks GLib for the user's data dir, which it caches */
  home = bw_test_make_tmpdir ();
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_assert_cmpstr (g_get_user_data_dir (), ==, home);

  g_test_add_func ("/boards/bundled-boards", test_bundled_boards);
  g_test_add_func ("/boards/board-facts", test_board_facts);
  g_test_add_func ("/boards/bundled-probes", test_bundled_probes);
  g_test_add_func ("/boards/bad-fixtures", test_bad_fixtures);
  g_test_add_func ("/boards/bad-keys", test_bad_keys);
  g_test_add_func ("/boards/bundled-copies-load", test_bundled_copies_load);
  g_test_add_func ("/boards/wrong-suffix", test_wrong_suffix);
  g_test_add_func ("/boards/user-profiles", test_user_profiles);
  g_test_add_func ("/boards/bundled-dir-missing", test_bundled_dir_missing);
  status = g_test_run ();
  bw_test_rm_rf (home);
  return status;
}

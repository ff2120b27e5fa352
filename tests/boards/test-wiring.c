/* test-wiring.c: the wiring for every bundled board × probe pair
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"

static BwBoardDb *
load_bundled (void)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_board_db_load_dir (db, g_getenv ("BW_DATA_DIR"), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db);
}

static gboolean
is_free (BwWiring *wiring, BwPinSide side, guint pin, BwFreeReason *reason)
{
  for (guint i = 0; i < bw_wiring_get_n_free_pins (wiring); i++)
    {
      const BwFreePin *free_pin = bw_wiring_get_free_pin (wiring, i);

      if (free_pin->side == side && free_pin->pin == pin)
        {
          if (reason != NULL)
            *reason = free_pin->reason;
          return TRUE;
        }
    }
  return FALSE;
}

/* Rules that hold for every pair and either power choice. */
static void
check_wiring (BwWiring *wiring)
{
  BwBoard *board = bw_wiring_get_board (wiring);
  BwProbeProfile *probe = bw_wiring_get_probe (wiring);
  gboolean battery = bw_wiring_get_power_source (wiring) == BW_POWER_SOURCE_BATTERY;
  g_autoptr(GHashTable) probe_used = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) board_used = g_hash_table_new (g_direct_hash, g_direct_equal);
  BwWiringWarning previous = 0;

  for (BwSignal signal = BW_SIGNAL_GND; signal <= BW_SIGNAL_SWCLK; signal++)
    {
      guint index = 0;
      const BwWire *wire;

      g_assert_true (bw_wiring_find_wire (wiring, signal, &index));
      wire = bw_wiring_get_wire (wiring, index);
      g_assert_cmpint (bw_board_get_pin_signal (board, wire->board_pin), ==, signal);
      g_assert_cmpint (bw_probe_profile_get_pin_signal (probe, wire->probe_pin), ==, signal);
    }

  for (guint i = 0; i < bw_wiring_get_n_wires (wiring); i++)
    {
      const BwWire *wire = bw_wiring_get_wire (wiring, i);
      BwSignal probe_signal = bw_probe_profile_get_pin_signal (probe, wire->probe_pin);
      BwSignal board_signal = bw_board_get_pin_signal (board, wire->board_pin);

      g_assert_cmpuint (wire->probe_pin, <, bw_probe_profile_get_n_pins (probe));
      g_assert_cmpuint (wire->board_pin, <, bw_board_get_n_pins (board));
      g_assert_cmpint (wire->signal, ==, board_signal);
      g_assert_cmpuint (wire->colour, <, BW_WIRE_COLOUR_LAST);
      g_assert_true (g_hash_table_add (probe_used, GUINT_TO_POINTER (wire->probe_pin + 1)));
      g_assert_true (g_hash_table_add (board_used, GUINT_TO_POINTER (wire->board_pin + 1)));
      g_assert_false (is_free (wiring, BW_PIN_SIDE_PROBE, wire->probe_pin, NULL));
      g_assert_false (is_free (wiring, BW_PIN_SIDE_BOARD, wire->board_pin, NULL));
      /* wires are listed in the order of the board's connector */
      if (i > 0)
        g_assert_cmpuint (bw_wiring_get_wire (wiring, i - 1)->board_pin, <, wire->board_pin);

      g_assert_cmpint (probe_signal, !=, BW_SIGNAL_5V_OUT);
      g_assert_cmpint (probe_signal, !=, BW_SIGNAL_RST_STM8);
      g_assert_cmpint (probe_signal, !=, BW_SIGNAL_SWIM);
      g_assert_cmpint (probe_signal, !=, BW_SIGNAL_OTHER);
      if (battery)
        {
          /* never a probe's supply output on a battery-powered board */
          g_assert_false (bw_signal_is_supply_output (probe_signal));
          if (board_signal == BW_SIGNAL_3V3)
            g_assert_cmpint (probe_signal, ==, BW_SIGNAL_VSENSE);
        }
      else if (board_signal == BW_SIGNAL_3V3)
        g_assert_cmpint (probe_signal, ==, BW_SIGNAL_3V3_OUT);
      if (probe_signal == BW_SIGNAL_VSENSE)
        g_assert_cmpint (board_signal, ==, BW_SIGNAL_3V3);
      if (board_signal == BW_SIGNAL_NRST)
        {
          g_assert_cmpint (probe_signal, ==, BW_SIGNAL_NRST);
          g_assert_true (bw_probe_profile_get_nrst_drives_reset (probe));
        }
    }

  /* every board pin is either wired or listed with a reason */
  for (guint p = 0; p < bw_board_get_n_pins (board); p++)
    g_assert_true (g_hash_table_contains (board_used, GUINT_TO_POINTER (p + 1)) ||
                   is_free (wiring, BW_PIN_SIDE_BOARD, p, NULL));
  /* every dangerous or misleading probe pin left unwired is listed */
  for (guint p = 0; p < bw_probe_profile_get_n_pins (probe); p++)
    {
      BwSignal signal = bw_probe_profile_get_pin_signal (probe, p);

      if (!g_hash_table_contains (probe_used, GUINT_TO_POINTER (p + 1)) &&
          (bw_signal_is_supply_output (signal) || signal == BW_SIGNAL_RST_STM8 || signal == BW_SIGNAL_SWIM))
        g_assert_true (is_free (wiring, BW_PIN_SIDE_PROBE, p, NULL));
    }
  for (guint i = 0; i < bw_wiring_get_n_free_pins (wiring); i++)
    {
      const BwFreePin *free_pin = bw_wiring_get_free_pin (wiring, i);

      g_assert_cmpuint (strlen (bw_free_reason_get_text (free_pin->reason)), >, 10);
    }

  switch (bw_wiring_get_reset_method (wiring))
    {
    case BW_RESET_METHOD_PROBE:
      g_assert_true (bw_wiring_find_wire (wiring, BW_SIGNAL_NRST, NULL));
      g_assert_true (bw_probe_profile_get_nrst_drives_reset (probe));
      break;
    case BW_RESET_METHOD_MANUAL:
      {
        guint pin = 0;
        BwFreeReason reason = BW_FREE_REASON_LAST;

        g_assert_false (bw_probe_profile_get_nrst_drives_reset (probe));
        g_assert_true (bw_board_find_pin (board, BW_SIGNAL_NRST, &pin));
        g_assert_true (is_free (wiring, BW_PIN_SIDE_BOARD, pin, &reason));
        g_assert_cmpint (reason, ==, BW_FREE_REASON_MANUAL_RESET);
      }
      break;
    case BW_RESET_METHOD_NONE:
    default:
      g_assert_false (bw_board_find_pin (board, BW_SIGNAL_NRST, NULL));
      break;
    }
  g_assert_cmpuint (strlen (bw_reset_method_get_text (bw_wiring_get_reset_method (wiring))), >, 10);

  /* warnings in priority order, each once, and the ones the pair calls for */
  g_assert_cmpuint (bw_wiring_get_n_warnings (wiring), >=, 1);
  for (guint i = 0; i < bw_wiring_get_n_warnings (wiring); i++)
    {
      BwWiringWarning warning = bw_wiring_get_warning (wiring, i);

      if (i > 0)
        {
          g_assert_cmpint (warning, >, previous);
          g_assert_cmpint (bw_wiring_warning_get_severity (warning), >=,
                           bw_wiring_warning_get_severity (previous));
        }
      previous = warning;
      g_assert_cmpuint (strlen (bw_wiring_warning_get_text (warning)), >, 20);
    }
  if (!battery)
    g_assert_cmpint (bw_wiring_get_warning (wiring, 0), ==, BW_WIRING_WARNING_NEVER_TWO_SUPPLIES);
  else if (bw_probe_profile_find_pin (probe, BW_SIGNAL_3V3_OUT, NULL))
    g_assert_cmpint (bw_wiring_get_warning (wiring, 0), ==, BW_WIRING_WARNING_NO_PROBE_SUPPLY);
  g_assert_cmpint (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_PINOUT_UNCONFIRMED), ==,
                   !bw_board_get_order_confirmed (board));
  g_assert_cmpint (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_TWO_TARGETS), ==,
                   bw_board_get_n_targets (board) == 2);
  g_assert_cmpint (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_PROBE_LAYOUT_VARIES), ==,
                   bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_CLONE);
  g_assert_cmpint (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_NUCLEO_JUMPERS), ==,
                   bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_NUCLEO);
  g_assert_cmpint (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_SOLDER_PADS), ==,
                   bw_board_get_connector_type (board) == BW_CONNECTOR_PADS);
  g_assert_true (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_SHORT_WIRES));
}

static void
test_all_pairs (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(GPtrArray) boards = bw_board_db_get_boards (db);
  g_autoptr(GPtrArray) probes = bw_board_db_get_probes (db);
  guint n_probe_powered = 0;

  for (guint b = 0; b < boards->len; b++)
    for (guint p = 0; p < probes->len; p++)
      {
        BwBoard *board = g_ptr_array_index (boards, b);
        BwProbeProfile *probe = g_ptr_array_index (probes, p);
        g_autoptr(BwWiring) battery = NULL;
        g_autoptr(BwWiring) powered = NULL;
        g_autoptr(GError) error = NULL;

        g_test_message ("%s × %s", bw_board_get_id (board), bw_probe_profile_get_id (probe));
        battery = bw_wiring_new (board, probe, BW_POWER_SOURCE_BATTERY, &error);
        g_assert_no_error (error);
        check_wiring (battery);

        powered = bw_wiring_new (board, probe, BW_POWER_SOURCE_PROBE, &error);
        if (bw_board_get_power (board) == BW_BOARD_POWER_BATTERY_OR_PROBE &&
            bw_probe_profile_get_can_power_target (probe))
          {
            g_assert_no_error (error);
            check_wiring (powered);
            g_assert_true (bw_wiring_find_wire (powered, BW_SIGNAL_3V3, NULL));
            n_probe_powered++;
          }
        else
          {
            g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
            g_assert_null (powered);
          }
      }
  /* 4 boards whose guides power them from the probe × 3 clone layouts */
  g_assert_cmpuint (n_probe_powered, ==, 12);
}

static BwWiring *
make_wiring (BwBoardDb *db, const gchar *board, const gchar *probe, BwPowerSource power)
{
  g_autoptr(GError) error = NULL;
  BwWiring *wiring = bw_wiring_new (bw_board_db_find_board (db, board),
                                    bw_board_db_find_probe (db, probe), power, &error);

  g_assert_no_error (error);
  return wiring;
}

static void
assert_wire (BwWiring *wiring, BwSignal signal, guint probe_pin, guint board_pin)
{
  guint index = 0;

  g_assert_true (bw_wiring_find_wire (wiring, signal, &index));
  g_assert_cmpuint (bw_wiring_get_wire (wiring, index)->probe_pin, ==, probe_pin);
  g_assert_cmpuint (bw_wiring_get_wire (wiring, index)->board_pin, ==, board_pin);
}

/* Clone layout A on a VESC 4.12 from its battery: three wires only. */
static void
test_clone_on_vesc4 (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(BwWiring) wiring = make_wiring (db, "vesc-4.12", "stlink-v2-clone-a", BW_POWER_SOURCE_BATTERY);
  BwFreeReason reason = BW_FREE_REASON_LAST;

  g_assert_cmpuint (bw_wiring_get_n_wires (wiring), ==, 3);
  assert_wire (wiring, BW_SIGNAL_SWCLK, 1, 1);   /* clone pin 2 → board pin 2 */
  assert_wire (wiring, BW_SIGNAL_GND, 4, 2);     /* clone pin 5 → board pin 3 */
  assert_wire (wiring, BW_SIGNAL_SWDIO, 3, 3);   /* clone pin 4 → board pin 4 */
  g_assert_cmpint (bw_wiring_get_wire (wiring, 1)->colour, ==, BW_WIRE_COLOUR_BLACK);

  g_assert_true (is_free (wiring, BW_PIN_SIDE_BOARD, 0, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_BATTERY_POWERED);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_BOARD, 4, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_MANUAL_RESET);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_BOARD, 5, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_NOT_CONNECTED);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_PROBE, 0, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_STM8_ONLY);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_PROBE, 6, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_PROBE_SUPPLY);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_PROBE, 9, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_PROBE_SUPPLY);

  g_assert_cmpint (bw_wiring_get_reset_method (wiring), ==, BW_RESET_METHOD_MANUAL);
  g_assert_cmpint (bw_wiring_get_warning (wiring, 0), ==, BW_WIRING_WARNING_NO_PROBE_SUPPLY);
  g_assert_cmpint (bw_wiring_warning_get_severity (BW_WIRING_WARNING_NO_PROBE_SUPPLY), ==, BW_SEVERITY_DANGER);
  g_assert_true (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_NO_VOLTAGE_READING));
  g_assert_false (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_PINOUT_UNCONFIRMED));
  g_assert_false (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_CHECK_GND));
}

/* Nucleo CN4 pins 1-5 match the VESC 4.12 pins 1-5 one to one (§4.3). */
static void
test_nucleo_on_vesc4 (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(BwWiring) wiring = make_wiring (db, "vesc-4.12", "nucleo-64-cn4", BW_POWER_SOURCE_BATTERY);

  g_assert_cmpuint (bw_wiring_get_n_wires (wiring), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpuint (bw_wiring_get_wire (wiring, i)->probe_pin, ==, i);
      g_assert_cmpuint (bw_wiring_get_wire (wiring, i)->board_pin, ==, i);
    }
  g_assert_cmpint (bw_wiring_get_reset_method (wiring), ==, BW_RESET_METHOD_PROBE);
  g_assert_false (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_NO_PROBE_SUPPLY));
  g_assert_false (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_NO_VOLTAGE_READING));
  g_assert_true (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_NUCLEO_JUMPERS));
}

/* The genuine probe: VAPP (1) → VCC, SWDIO (7), SWCLK (9), NRST (15), GND (20). */
static void
test_genuine_on_vesc4 (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(BwWiring) wiring = make_wiring (db, "vesc-4.12", "stlink-v2-genuine", BW_POWER_SOURCE_BATTERY);
  BwFreeReason reason = BW_FREE_REASON_LAST;

  g_assert_cmpuint (bw_wiring_get_n_wires (wiring), ==, 5);
  assert_wire (wiring, BW_SIGNAL_3V3, 0, 0);
  assert_wire (wiring, BW_SIGNAL_SWCLK, 8, 1);
  assert_wire (wiring, BW_SIGNAL_GND, 19, 2);
  assert_wire (wiring, BW_SIGNAL_SWDIO, 6, 3);
  assert_wire (wiring, BW_SIGNAL_NRST, 14, 4);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_PROBE, 18, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_PROBE_SUPPLY);
  /* the genuine 3.3 V (pin 19) is a supply pin too */
  g_assert_cmpint (bw_wiring_get_warning (wiring, 0), ==, BW_WIRING_WARNING_NO_PROBE_SUPPLY);
}

/* Powering a Cheap FOCer 2 from a clone: the warned alternative. */
static void
test_probe_powered (void)
{
  g_autoptr(BwBoardDb) db = load_bundled ();
  g_autoptr(BwWiring) wiring = make_wiring (db, "cheap-focer-2", "stlink-v2-clone-b", BW_POWER_SOURCE_PROBE);
  BwFreeReason reason = BW_FREE_REASON_LAST;
  guint index = 0;

  g_assert_cmpuint (bw_wiring_get_n_wires (wiring), ==, 4);
  g_assert_true (bw_wiring_find_wire (wiring, BW_SIGNAL_3V3, &index));
  g_assert_cmpuint (bw_wiring_get_wire (wiring, index)->probe_pin, ==, 6);
  g_assert_cmpint (bw_wiring_get_wire (wiring, index)->colour, ==, BW_WIRE_COLOUR_RED);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_PROBE, 7, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_SPARE_SUPPLY);
  g_assert_true (is_free (wiring, BW_PIN_SIDE_PROBE, 8, &reason));
  g_assert_cmpint (reason, ==, BW_FREE_REASON_PROBE_SUPPLY);
  g_assert_cmpint (bw_wiring_get_warning (wiring, 0), ==, BW_WIRING_WARNING_NEVER_TWO_SUPPLIES);
  g_assert_false (bw_wiring_has_warning (wiring, BW_WIRING_WARNING_NO_PROBE_SUPPLY));
  g_assert_cmpint (bw_wiring_get_reset_method (wiring), ==, BW_RESET_METHOD_MANUAL);
}

static void
test_texts (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < BW_WIRING_WARNING_LAST; i++)
    g_assert_true (g_hash_table_add (seen, (gpointer) bw_wiring_warning_get_text (i)));
  for (guint i = 0; i < BW_FREE_REASON_LAST; i++)
    g_assert_true (g_hash_table_add (seen, (gpointer) bw_free_reason_get_text (i)));
  for (guint i = 0; i < BW_SIGNAL_LAST; i++)
    {
      BwSignal parsed = BW_SIGNAL_LAST;

      g_assert_nonnull (bw_signal_get_display_name (i));
      g_assert_true (bw_signal_from_string (bw_signal_to_string (i), &parsed));
      g_assert_cmpint (parsed, ==, i);
    }
  g_assert_false (bw_signal_from_string ("RESET", NULL));
  for (guint i = 0; i < BW_WIRE_COLOUR_LAST; i++)
    {
      BwWireColour parsed = BW_WIRE_COLOUR_LAST;

      g_assert_nonnull (bw_wire_colour_get_display_name (i));
      g_assert_true (bw_wire_colour_from_string (bw_wire_colour_to_string (i), &parsed));
      g_assert_cmpint (parsed, ==, i);
    }
  g_assert_cmpuint (bw_wire_colour_get_rgb (BW_WIRE_COLOUR_BLACK), !=, bw_wire_colour_get_rgb (BW_WIRE_COLOUR_RED));
  g_assert_cmpint (bw_signal_get_suggested_colour (BW_SIGNAL_GND), ==, BW_WIRE_COLOUR_BLACK);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wiring/all-pairs", test_all_pairs);
  g_test_add_func ("/wiring/clone-on-vesc4", test_clone_on_vesc4);
  g_test_add_func ("/wiring/nucleo-on-vesc4", test_nucleo_on_vesc4);
  g_test_add_func ("/wiring/genuine-on-vesc4", test_genuine_on_vesc4);
  g_test_add_func ("/wiring/probe-powered", test_probe_powered);
  g_test_add_func ("/wiring/texts", test_texts);
  return g_test_run ();
}

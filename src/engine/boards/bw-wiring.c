/* bw-wiring.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules come from vesc-domain.md §0 and §3.2: power from the battery
 * and connect only GND, SWDIO, SWCLK (and NRST when the probe really drives
 * it); a genuine probe's sense input goes to the ESC's 3.3 V; a clone's
 * 3.3 V pin is an output and stays free unless the user chose to power the
 * board from the probe with the battery unplugged.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-error.h"
#include "bw-wiring.h"

struct _BwWiring
{
  GObject         parent_instance;
  BwBoard        *board;
  BwProbeProfile *probe;
  BwPowerSource   power;
  BwResetMethod   reset;
  GArray         *wires;     /* BwWire, in board pin order */
  GArray         *free_pins; /* BwFreePin */
  GArray         *warnings;  /* BwWiringWarning, sorted */
};

G_DEFINE_FINAL_TYPE (BwWiring, bw_wiring, G_TYPE_OBJECT)

static void
bw_wiring_finalize (GObject *object)
{
  BwWiring *self = BW_WIRING (object);

  g_clear_object (&self->board);
  g_clear_object (&self->probe);
  g_clear_pointer (&self->wires, g_array_unref);
  g_clear_pointer (&self->free_pins, g_array_unref);
  g_clear_pointer (&self->warnings, g_array_unref);
  G_OBJECT_CLASS (bw_wiring_parent_class)->finalize (object);
}

static void
bw_wiring_class_init (BwWiringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_wiring_finalize;
}

static void
bw_wiring_init (BwWiring *self)
{
  self->wires = g_array_new (FALSE, TRUE, sizeof (BwWire));
  self->free_pins = g_array_new (FALSE, TRUE, sizeof (BwFreePin));
  self->warnings = g_array_new (FALSE, TRUE, sizeof (BwWiringWarning));
}

static void
add_wire (BwWiring *self, guint probe_pin, guint board_pin)
{
  BwWire wire = { probe_pin, board_pin, bw_board_get_pin_signal (self->board, board_pin), 0 };

  if (!bw_board_get_pin_colour (self->board, board_pin, &wire.colour))
    wire.colour = bw_signal_get_suggested_colour (wire.signal);
  g_array_append_val (self->wires, wire);
}

static void
add_free (BwWiring *self, BwPinSide side, guint pin, BwFreeReason reason)
{
  BwFreePin free_pin = { side, pin, reason };

  g_array_append_val (self->free_pins, free_pin);
}

static void
add_warning (BwWiring *self, BwWiringWarning warning)
{
  g_array_append_val (self->warnings, warning);
}

static gint
compare_wires (gconstpointer a, gconstpointer b)
{
  const BwWire *wire_a = a;
  const BwWire *wire_b = b;

  return (gint) wire_a->board_pin - (gint) wire_b->board_pin;
}

static gint
compare_warnings (gconstpointer a, gconstpointer b)
{
  return (gint) *(const BwWiringWarning *) a - (gint) *(const BwWiringWarning *) b;
}

static gboolean
probe_wired (BwWiring *self, guint probe_pin)
{
  for (guint i = 0; i < self->wires->len; i++)
    {
      if (g_array_index (self->wires, BwWire, i).probe_pin == probe_pin)
        return TRUE;
    }
  return FALSE;
}

static gboolean
board_wired (BwWiring *self, guint board_pin)
{
  for (guint i = 0; i < self->wires->len; i++)
    {
      if (g_array_index (self->wires, BwWire, i).board_pin == board_pin)
        return TRUE;
    }
  return FALSE;
}

static void
wire_signals (BwWiring *self)
{
  guint board_pin = 0;
  guint probe_pin = 0;

  /* the three SWD wires: both profiles were validated to have them */
  if (bw_board_find_pin (self->board, BW_SIGNAL_GND, &board_pin))
    add_wire (self, bw_probe_profile_get_gnd_pin (self->probe), board_pin);
  if (bw_board_find_pin (self->board, BW_SIGNAL_SWDIO, &board_pin) &&
      bw_probe_profile_find_pin (self->probe, BW_SIGNAL_SWDIO, &probe_pin))
    add_wire (self, probe_pin, board_pin);
  if (bw_board_find_pin (self->board, BW_SIGNAL_SWCLK, &board_pin) &&
      bw_probe_profile_find_pin (self->probe, BW_SIGNAL_SWCLK, &probe_pin))
    add_wire (self, probe_pin, board_pin);

  self->reset = BW_RESET_METHOD_NONE;
  if (bw_board_find_pin (self->board, BW_SIGNAL_NRST, &board_pin))
    {
      if (bw_probe_profile_get_nrst_drives_reset (self->probe) &&
          bw_probe_profile_find_pin (self->probe, BW_SIGNAL_NRST, &probe_pin))
        {
          add_wire (self, probe_pin, board_pin);
          self->reset = BW_RESET_METHOD_PROBE;
        }
      else
        {
          self->reset = BW_RESET_METHOD_MANUAL;
        }
    }

  if (bw_board_find_pin (self->board, BW_SIGNAL_3V3, &board_pin))
    {
      if (self->power == BW_POWER_SOURCE_PROBE &&
          bw_probe_profile_find_pin (self->probe, BW_SIGNAL_3V3_OUT, &probe_pin))
        add_wire (self, probe_pin, board_pin);
      else if (self->power == BW_POWER_SOURCE_BATTERY &&
               bw_probe_profile_find_pin (self->probe, BW_SIGNAL_VSENSE, &probe_pin))
        add_wire (self, probe_pin, board_pin);
    }
  g_array_sort (self->wires, compare_wires);
}

static void
list_free_pins (BwWiring *self)
{
  for (guint i = 0; i < bw_board_get_n_pins (self->board); i++)
    {
      if (board_wired (self, i))
        continue;
      switch (bw_board_get_pin_signal (self->board, i))
        {
        case BW_SIGNAL_NC:
          add_free (self, BW_PIN_SIDE_BOARD, i, BW_FREE_REASON_NOT_CONNECTED);
          break;
        case BW_SIGNAL_3V3:
          add_free (self, BW_PIN_SIDE_BOARD, i, BW_FREE_REASON_BATTERY_POWERED);
          break;
        case BW_SIGNAL_NRST:
          add_free (self, BW_PIN_SIDE_BOARD, i, BW_FREE_REASON_MANUAL_RESET);
          break;
        case BW_SIGNAL_GND:
        case BW_SIGNAL_SWDIO:
        case BW_SIGNAL_SWCLK:
        case BW_SIGNAL_VSENSE:
        case BW_SIGNAL_3V3_OUT:
        case BW_SIGNAL_5V_OUT:
        case BW_SIGNAL_RST_STM8:
        case BW_SIGNAL_SWIM:
        case BW_SIGNAL_OTHER:
        case BW_SIGNAL_LAST:
        default:
          /* validated profiles always wire these */
          break;
        }
    }

  for (guint i = 0; i < bw_probe_profile_get_n_pins (self->probe); i++)
    {
      if (probe_wired (self, i))
        continue;
      switch (bw_probe_profile_get_pin_signal (self->probe, i))
        {
        case BW_SIGNAL_3V3_OUT:
          add_free (self, BW_PIN_SIDE_PROBE, i,
                    self->power == BW_POWER_SOURCE_PROBE ? BW_FREE_REASON_SPARE_SUPPLY
                                                         : BW_FREE_REASON_PROBE_SUPPLY);
          break;
        case BW_SIGNAL_5V_OUT:
          add_free (self, BW_PIN_SIDE_PROBE, i, BW_FREE_REASON_PROBE_SUPPLY);
          break;
        case BW_SIGNAL_RST_STM8:
        case BW_SIGNAL_SWIM:
          add_free (self, BW_PIN_SIDE_PROBE, i, BW_FREE_REASON_STM8_ONLY);
          break;
        case BW_SIGNAL_GND:
        case BW_SIGNAL_SWDIO:
        case BW_SIGNAL_SWCLK:
        case BW_SIGNAL_NRST:
        case BW_SIGNAL_3V3:
        case BW_SIGNAL_NC:
        case BW_SIGNAL_VSENSE:
        case BW_SIGNAL_OTHER:
        case BW_SIGNAL_LAST:
        default:
          break;
        }
    }
}

static gboolean
probe_has_supply (BwProbeProfile *probe)
{
  return bw_probe_profile_find_pin (probe, BW_SIGNAL_3V3_OUT, NULL) ||
         bw_probe_profile_find_pin (probe, BW_SIGNAL_5V_OUT, NULL);
}

static void
collect_warnings (BwWiring *self)
{
  BwProbeProfileKind kind = bw_probe_profile_get_kind (self->probe);
  guint sense_pin = 0;

  if (self->power == BW_POWER_SOURCE_PROBE)
    add_warning (self, BW_WIRING_WARNING_NEVER_TWO_SUPPLIES);
  else if (probe_has_supply (self->probe))
    add_warning (self, BW_WIRING_WARNING_NO_PROBE_SUPPLY);
  if (!bw_board_get_order_confirmed (self->board))
    add_warning (self, BW_WIRING_WARNING_PINOUT_UNCONFIRMED);
  if (bw_board_get_confidence (self->board) < BW_CONFIDENCE_HIGH)
    add_warning (self, BW_WIRING_WARNING_CHECK_GND);
  if (kind == BW_PROBE_PROFILE_KIND_CLONE)
    add_warning (self, BW_WIRING_WARNING_PROBE_LAYOUT_VARIES);
  if (bw_probe_profile_get_confidence (self->probe) <= BW_CONFIDENCE_LOW)
    add_warning (self, BW_WIRING_WARNING_PROBE_UNCONFIRMED);
  if (bw_board_get_order_confirmed (self->board) &&
      bw_board_get_pin1_end (self->board) == BW_PIN1_END_UNKNOWN)
    add_warning (self, BW_WIRING_WARNING_PIN1_UNKNOWN);
  if (bw_board_get_n_targets (self->board) > 1)
    add_warning (self, BW_WIRING_WARNING_TWO_TARGETS);
  if (kind == BW_PROBE_PROFILE_KIND_NUCLEO)
    add_warning (self, BW_WIRING_WARNING_NUCLEO_JUMPERS);
  if (bw_board_get_connector_type (self->board) == BW_CONNECTOR_PADS)
    add_warning (self, BW_WIRING_WARNING_SOLDER_PADS);
  if (bw_board_get_connector_type (self->board) == BW_CONNECTOR_INTERNAL)
    add_warning (self, BW_WIRING_WARNING_INTERNAL_CONNECTOR);
  if (self->power == BW_POWER_SOURCE_BATTERY &&
      !(bw_probe_profile_find_pin (self->probe, BW_SIGNAL_VSENSE, &sense_pin) &&
        probe_wired (self, sense_pin)))
    add_warning (self, BW_WIRING_WARNING_NO_VOLTAGE_READING);
  if (bw_board_get_power_latch (self->board))
    add_warning (self, BW_WIRING_WARNING_KEEP_POWERED);
  add_warning (self, BW_WIRING_WARNING_SHORT_WIRES);
  g_array_sort (self->warnings, compare_warnings);
}

/* Refuses only the probe-powered choice where it does not apply. */
BwWiring *
bw_wiring_new (BwBoard *board, BwProbeProfile *probe, BwPowerSource power, GError **error)
{
  g_autoptr(BwWiring) self = NULL;

  g_return_val_if_fail (BW_IS_BOARD (board), NULL);
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (probe), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (power == BW_POWER_SOURCE_PROBE)
    {
      if (bw_board_get_power (board) != BW_BOARD_POWER_BATTERY_OR_PROBE)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                       "%s: power this board from its battery; no guide powers it from the programmer",
                       bw_board_get_name (board));
          return NULL;
        }
      if (!bw_probe_profile_get_can_power_target (probe) ||
          !bw_board_find_pin (board, BW_SIGNAL_3V3, NULL))
        {
          g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                       "%s cannot power %s: power the ESC from its battery",
                       bw_probe_profile_get_name (probe), bw_board_get_name (board));
          return NULL;
        }
    }

  self = g_object_new (BW_TYPE_WIRING, NULL);
  self->board = g_object_ref (board);
  self->probe = g_object_ref (probe);
  self->power = power;
  wire_signals (self);
  list_free_pins (self);
  collect_warnings (self);
  return g_steal_pointer (&self);
}

BwBoard *
bw_wiring_get_board (BwWiring *self)
{
  g_return_val_if_fail (BW_IS_WIRING (self), NULL);
  return self->board;
}

BwProbeProfile *
bw_wiring_get_probe (BwWiring *self)
{
  g_return_val_if_fail (BW_IS_WIRING (self), NULL);
  return self->probe;
}

BwPowerSource
bw_wiring_get_power_source (BwWiring *self)
{
  g_return_val_if_fail (BW_IS_WIRING (self), BW_POWER_SOURCE_BATTERY);
  return self->power;
}

BwResetMethod
bw_wiring_get_reset_method (BwWiring *self)
{
  g_return_val_if_fail (BW_IS_WIRING (self), BW_RESET_METHOD_NONE);
  return self->reset;
}

guint
bw_wiring_get_n_wires (BwWiring *self)
{
  g_return_val_if_fail (BW_IS_WIRING (self), 0);
  return self->wires->len;
}

const BwWire *
bw_wiring_get_wire (BwWiring *self, guint index)
{
  g_return_val_if_fail (BW_IS_WIRING (self), NULL);
  g_return_val_if_fail (index < self->wires->len, NULL);
  return &g_array_index (self->wires, BwWire, index);
}

gboolean
bw_wiring_find_wire (BwWiring *self, BwSignal board_signal, guint *index)
{
  g_return_val_if_fail (BW_IS_WIRING (self), FALSE);

  for (guint i = 0; i < self->wires->len; i++)
    {
      if (g_array_index (self->wires, BwWire, i).signal == board_signal)
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

guint
bw_wiring_get_n_free_pins (BwWiring *self)
{
  g_return_val_if_fail (BW_IS_WIRING (self), 0);
  return self->free_pins->len;
}

const BwFreePin *
bw_wiring_get_free_pin (BwWiring *self, guint index)
{
  g_return_val_if_fail (BW_IS_WIRING (self), NULL);
  g_return_val_if_fail (index < self->free_pins->len, NULL);
  return &g_array_index (self->free_pins, BwFreePin, index);
}

guint
bw_wiring_get_n_warnings (BwWiring *self)
{
  g_return_val_if_fail (BW_IS_WIRING (self), 0);
  return self->warnings->len;
}

BwWiringWarning
bw_wiring_get_warning (BwWiring *self, guint index)
{
  g_return_val_if_fail (BW_IS_WIRING (self), BW_WIRING_WARNING_LAST);
  g_return_val_if_fail (index < self->warnings->len, BW_WIRING_WARNING_LAST);
  return g_array_index (self->warnings, BwWiringWarning, index);
}

gboolean
bw_wiring_has_warning (BwWiring *self, BwWiringWarning warning)
{
  g_return_val_if_fail (BW_IS_WIRING (self), FALSE);

  for (guint i = 0; i < self->warnings->len; i++)
    {
      if (g_array_index (self->warnings, BwWiringWarning, i) == warning)
        return TRUE;
    }
  return FALSE;
}

BwSeverity
bw_wiring_warning_get_severity (BwWiringWarning warning)
{
  if (warning <= BW_WIRING_WARNING_NO_PROBE_SUPPLY)
    return BW_SEVERITY_DANGER;
  if (warning <= BW_WIRING_WARNING_PIN1_UNKNOWN)
    return BW_SEVERITY_CAUTION;
  return BW_SEVERITY_INFO;
}

static const gchar *const warning_texts[BW_WIRING_WARNING_LAST] = {
  [BW_WIRING_WARNING_NEVER_TWO_SUPPLIES] =
    N_("Unplug the ESC's battery before you connect the programmer's 3.3 V wire. Never have the battery and the programmer's 3.3 V connected at the same time."),
  [BW_WIRING_WARNING_NO_PROBE_SUPPLY] =
    N_("Never connect the programmer's 3.3 V or 5 V pins to the ESC. On a clone they are outputs, and feeding the ESC's 3.3 V from them has killed regulators and processors. Power the ESC from its battery."),
  [BW_WIRING_WARNING_PINOUT_UNCONFIRMED] =
    N_("The order of this board's SWD pins is not confirmed. Go by the labels printed on the board, not by position."),
  [BW_WIRING_WARNING_CHECK_GND] =
    N_("Before connecting, check with a multimeter that the pin you use as GND is connected to the battery negative (or the XT60's negative)."),
  [BW_WIRING_WARNING_PROBE_LAYOUT_VARIES] =
    N_("Clone ST-Links are sold with different pin layouts. Compare the labels printed on your dongle with the picture before connecting."),
  [BW_WIRING_WARNING_PROBE_UNCONFIRMED] =
    N_("This programmer's pinout is not confirmed. Check it against the labels or its manual before connecting."),
  [BW_WIRING_WARNING_PIN1_UNKNOWN] =
    N_("Which end is pin 1 differs between drawings. Match the printed labels, not pin numbers: a plug turned around swaps SWCLK with SWDIO and 3.3 V with NRST."),
  [BW_WIRING_WARNING_TWO_TARGETS] =
    N_("This ESC has two processors with one SWD port each. Wire and program one side, then the other."),
  [BW_WIRING_WARNING_NUCLEO_JUMPERS] =
    N_("Remove both CN2 jumpers (marked ST-LINK / NUCLEO) on the Nucleo, or its own chip stays on the SWD wires."),
  [BW_WIRING_WARNING_SOLDER_PADS] =
    N_("This board has solder pads, not a connector. Solder short wires or a pin header to the pads."),
  [BW_WIRING_WARNING_INTERNAL_CONNECTOR] =
    N_("The SWD pins are on an internal connector. Open the case and unplug the module that sits on it."),
  [BW_WIRING_WARNING_NO_VOLTAGE_READING] =
    N_("The programmer cannot tell whether the ESC is on. Make sure the ESC is switched on before you connect."),
  [BW_WIRING_WARNING_KEEP_POWERED] =
    N_("This ESC may switch itself off. Keep it switched on (or hold its button) the whole time, and connect again if it disappears."),
  [BW_WIRING_WARNING_SHORT_WIRES] =
    N_("Keep the wires short: about 8 cm is advised; 15 cm has worked."),
};

const gchar *
bw_wiring_warning_get_text (BwWiringWarning warning)
{
  g_return_val_if_fail ((guint) warning < BW_WIRING_WARNING_LAST, NULL);
  return _(warning_texts[warning]);
}

static const gchar *const reason_texts[BW_FREE_REASON_LAST] = {
  [BW_FREE_REASON_NOT_CONNECTED] =
    N_("Not connected on the board."),
  [BW_FREE_REASON_BATTERY_POWERED] =
    N_("The ESC is powered by its battery; this programmer would feed its own 3.3 V into it."),
  [BW_FREE_REASON_MANUAL_RESET] =
    N_("This programmer cannot drive the reset. If Bootwire asks, touch this pin to GND by hand."),
  [BW_FREE_REASON_PROBE_SUPPLY] =
    N_("The programmer's own supply output: never connect it to the ESC."),
  [BW_FREE_REASON_SPARE_SUPPLY] =
    N_("One 3.3 V wire is enough."),
  /* TRANSLATORS: STM8 is another chip family; keep the name */
  [BW_FREE_REASON_STM8_ONLY] =
    N_("Only for STM8 chips; it does not reach the ESC's processor."),
};

const gchar *
bw_free_reason_get_text (BwFreeReason reason)
{
  g_return_val_if_fail ((guint) reason < BW_FREE_REASON_LAST, NULL);
  return _(reason_texts[reason]);
}

const gchar *
bw_reset_method_get_text (BwResetMethod method)
{
  switch (method)
    {
    case BW_RESET_METHOD_PROBE:
      return _("The programmer holds the ESC in reset while it connects (connect under reset).");
    case BW_RESET_METHOD_MANUAL:
      /* TRANSLATORS: NRST and GND are pin names printed on the board */
      return _("If connecting fails, hold the ESC's NRST pin to GND with a spare wire, click Connect, and let go when Bootwire tells you.");
    case BW_RESET_METHOD_NONE:
    default:
      return _("No reset pin is known for this board, so only a normal connect is possible.");
    }
}

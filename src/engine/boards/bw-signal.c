/* bw-signal.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-signal.h"

static const gchar *const signal_names[BW_SIGNAL_LAST] = {
  [BW_SIGNAL_GND] = "GND",
  [BW_SIGNAL_SWDIO] = "SWDIO",
  [BW_SIGNAL_SWCLK] = "SWCLK",
  [BW_SIGNAL_NRST] = "NRST",
  [BW_SIGNAL_3V3] = "3V3",
  [BW_SIGNAL_NC] = "NC",
  [BW_SIGNAL_VSENSE] = "VSENSE",
  [BW_SIGNAL_3V3_OUT] = "3V3-OUT",
  [BW_SIGNAL_5V_OUT] = "5V-OUT",
  [BW_SIGNAL_RST_STM8] = "RST-STM8",
  [BW_SIGNAL_SWIM] = "SWIM",
  [BW_SIGNAL_OTHER] = "OTHER",
};

static const gchar *const signal_display[BW_SIGNAL_LAST] = {
  /* TRANSLATORS: pin name: ground. Keep pin names as printed on the hardware unless your users know another spelling */
  [BW_SIGNAL_GND] = N_("GND"),
  /* TRANSLATORS: pin name: serial wire debug data */
  [BW_SIGNAL_SWDIO] = N_("SWDIO"),
  /* TRANSLATORS: pin name: serial wire debug clock */
  [BW_SIGNAL_SWCLK] = N_("SWCLK"),
  /* TRANSLATORS: pin name: the processor's reset input */
  [BW_SIGNAL_NRST] = N_("NRST"),
  /* TRANSLATORS: pin name: the ESC's 3.3 volt supply */
  [BW_SIGNAL_3V3] = N_("3.3 V"),
  /* TRANSLATORS: pin name: a pin with no connection */
  [BW_SIGNAL_NC] = N_("not connected"),
  /* TRANSLATORS: pin name: the programmer's input that measures the ESC's voltage */
  [BW_SIGNAL_VSENSE] = N_("voltage sense"),
  /* TRANSLATORS: pin name: the programmer's own 3.3 volt supply output */
  [BW_SIGNAL_3V3_OUT] = N_("3.3 V output"),
  /* TRANSLATORS: pin name: the programmer's own 5 volt supply output */
  [BW_SIGNAL_5V_OUT] = N_("5 V output"),
  /* TRANSLATORS: pin name: the reset pin of a clone ST-Link, meant for STM8 chips */
  [BW_SIGNAL_RST_STM8] = N_("RST (STM8 only)"),
  /* TRANSLATORS: pin name: SWIM is the STM8 programming wire; keep "SWIM" */
  [BW_SIGNAL_SWIM] = N_("SWIM"),
  /* TRANSLATORS: pin name: a pin not used to program the ESC */
  [BW_SIGNAL_OTHER] = N_("not used"),
};

static const struct {
  const gchar *name;
  const gchar *display;
  guint32      rgb;
} colours[BW_WIRE_COLOUR_LAST] = {
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_BLACK] = { "black", N_("black"), 0x202020 },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_RED] = { "red", N_("red"), 0xd01c1c },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_YELLOW] = { "yellow", N_("yellow"), 0xe5b700 },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_GREEN] = { "green", N_("green"), 0x2e9a3a },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_BLUE] = { "blue", N_("blue"), 0x1c5fd0 },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_WHITE] = { "white", N_("white"), 0xf4f4f4 },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_ORANGE] = { "orange", N_("orange"), 0xe86a10 },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_BROWN] = { "brown", N_("brown"), 0x7a4a20 },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_PURPLE] = { "purple", N_("purple"), 0x7a2ea0 },
  /* TRANSLATORS: a wire colour */
  [BW_WIRE_COLOUR_GREY] = { "grey", N_("grey"), 0x8a8a8a },
};

const gchar *
bw_signal_to_string (BwSignal signal)
{
  if ((guint) signal >= BW_SIGNAL_LAST)
    return NULL;
  return signal_names[signal];
}

gboolean
bw_signal_from_string (const gchar *name, BwSignal *signal)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < BW_SIGNAL_LAST; i++)
    {
      if (g_strcmp0 (signal_names[i], name) == 0)
        {
          if (signal != NULL)
            *signal = (BwSignal) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
bw_signal_is_board_signal (BwSignal signal)
{
  return signal <= BW_SIGNAL_NC;
}

gboolean
bw_signal_is_supply_output (BwSignal signal)
{
  return signal == BW_SIGNAL_3V3_OUT || signal == BW_SIGNAL_5V_OUT;
}

const gchar *
bw_signal_get_display_name (BwSignal signal)
{
  g_return_val_if_fail ((guint) signal < BW_SIGNAL_LAST, NULL);
  return _(signal_display[signal]);
}

/* Bootwire's own convention: the spec records no colour code for the
 * pre-made JST pigtails, so ground is black and supply red as everywhere,
 * the rest chosen to be told apart on the diagram. */
BwWireColour
bw_signal_get_suggested_colour (BwSignal signal)
{
  switch (signal)
    {
    case BW_SIGNAL_GND:
      return BW_WIRE_COLOUR_BLACK;
    case BW_SIGNAL_3V3:
    case BW_SIGNAL_3V3_OUT:
    case BW_SIGNAL_VSENSE:
      return BW_WIRE_COLOUR_RED;
    case BW_SIGNAL_SWCLK:
      return BW_WIRE_COLOUR_YELLOW;
    case BW_SIGNAL_SWDIO:
      return BW_WIRE_COLOUR_GREEN;
    case BW_SIGNAL_NRST:
      return BW_WIRE_COLOUR_BLUE;
    case BW_SIGNAL_5V_OUT:
      return BW_WIRE_COLOUR_ORANGE;
    case BW_SIGNAL_NC:
    case BW_SIGNAL_RST_STM8:
    case BW_SIGNAL_SWIM:
    case BW_SIGNAL_OTHER:
    case BW_SIGNAL_LAST:
    default:
      return BW_WIRE_COLOUR_GREY;
    }
}

const gchar *
bw_wire_colour_to_string (BwWireColour colour)
{
  if ((guint) colour >= BW_WIRE_COLOUR_LAST)
    return NULL;
  return colours[colour].name;
}

gboolean
bw_wire_colour_from_string (const gchar *name, BwWireColour *colour)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < BW_WIRE_COLOUR_LAST; i++)
    {
      if (g_strcmp0 (colours[i].name, name) == 0)
        {
          if (colour != NULL)
            *colour = (BwWireColour) i;
          return TRUE;
        }
    }
  return FALSE;
}

const gchar *
bw_wire_colour_get_display_name (BwWireColour colour)
{
  g_return_val_if_fail ((guint) colour < BW_WIRE_COLOUR_LAST, NULL);
  return _(colours[colour].display);
}

guint32
bw_wire_colour_get_rgb (BwWireColour colour)
{
  g_return_val_if_fail ((guint) colour < BW_WIRE_COLOUR_LAST, 0);
  return colours[colour].rgb;
}

static const gchar *const confidence_names[] = { "unconfirmed", "low", "medium", "high" };

const gchar *
bw_confidence_to_string (BwConfidence confidence)
{
  if ((guint) confidence > BW_CONFIDENCE_HIGH)
    return NULL;
  return confidence_names[confidence];
}

const gchar *
bw_confidence_get_display_name (BwConfidence confidence)
{
  switch (confidence)
    {
    case BW_CONFIDENCE_HIGH:
      /* TRANSLATORS: how sure Bootwire is of a pinout: checked against the design files */
      return _("confirmed from design files");
    case BW_CONFIDENCE_MEDIUM:
      /* TRANSLATORS: how sure Bootwire is of a pinout */
      return _("from vendor documents or several reports");
    case BW_CONFIDENCE_LOW:
      /* TRANSLATORS: how sure Bootwire is of a pinout */
      return _("from a single report: check the labels");
    case BW_CONFIDENCE_UNCONFIRMED:
    default:
      /* TRANSLATORS: how sure Bootwire is of a pinout */
      return _("unconfirmed: check every label yourself");
    }
}

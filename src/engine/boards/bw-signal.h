/* bw-signal.h: what a connector pin carries, and the wire colours Bootwire
 * suggests for each signal
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Names in profiles are the strings of bw_signal_to_string(). The first six
 * may appear on a board; all of them on a probe. */
typedef enum {
  BW_SIGNAL_GND,
  BW_SIGNAL_SWDIO,
  BW_SIGNAL_SWCLK,
  BW_SIGNAL_NRST,
  BW_SIGNAL_3V3,       /* the board's 3.3 V net */
  BW_SIGNAL_NC,        /* no connection */
  BW_SIGNAL_VSENSE,    /* probe input that measures the target's 3.3 V */
  BW_SIGNAL_3V3_OUT,   /* probe supply pin, 3.3 V */
  BW_SIGNAL_5V_OUT,    /* probe supply pin, 5 V */
  BW_SIGNAL_RST_STM8,  /* clone "RST": STM8 SWIM reset, not the STM32 reset */
  BW_SIGNAL_SWIM,
  BW_SIGNAL_OTHER,     /* used by the probe for something other than SWD */
  BW_SIGNAL_LAST
} BwSignal;

typedef enum {
  BW_WIRE_COLOUR_BLACK,
  BW_WIRE_COLOUR_RED,
  BW_WIRE_COLOUR_YELLOW,
  BW_WIRE_COLOUR_GREEN,
  BW_WIRE_COLOUR_BLUE,
  BW_WIRE_COLOUR_WHITE,
  BW_WIRE_COLOUR_ORANGE,
  BW_WIRE_COLOUR_BROWN,
  BW_WIRE_COLOUR_PURPLE,
  BW_WIRE_COLOUR_GREY,
  BW_WIRE_COLOUR_LAST
} BwWireColour;

/* How well a profile's pinout is backed by sources (vesc-domain.md §3.3):
 * HIGH design files, MEDIUM vendor document or several consistent reports,
 * LOW one report or inferred, UNCONFIRMED nothing found. */
typedef enum {
  BW_CONFIDENCE_UNCONFIRMED,
  BW_CONFIDENCE_LOW,
  BW_CONFIDENCE_MEDIUM,
  BW_CONFIDENCE_HIGH,
} BwConfidence;

const gchar  *bw_confidence_to_string      (BwConfidence  confidence);
const gchar  *bw_confidence_get_display_name (BwConfidence confidence);

const gchar  *bw_signal_to_string          (BwSignal      signal);
gboolean      bw_signal_from_string        (const gchar  *name,
                                            BwSignal     *signal);
gboolean      bw_signal_is_board_signal    (BwSignal      signal);
gboolean      bw_signal_is_supply_output   (BwSignal      signal);
const gchar  *bw_signal_get_display_name   (BwSignal      signal);

BwWireColour  bw_signal_get_suggested_colour (BwSignal    signal);
const gchar  *bw_wire_colour_to_string     (BwWireColour  colour);
gboolean      bw_wire_colour_from_string   (const gchar  *name,
                                            BwWireColour *colour);
const gchar  *bw_wire_colour_get_display_name (BwWireColour colour);
guint32       bw_wire_colour_get_rgb       (BwWireColour  colour);

G_END_DECLS

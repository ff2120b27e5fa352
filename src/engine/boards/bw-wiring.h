/* bw-wiring.h: which wire goes where for one board and one probe
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-board.h"
#include "bw-probe-profile.h"

G_BEGIN_DECLS

typedef enum {
  BW_POWER_SOURCE_BATTERY,
  /* the explicit, warned alternative: battery unplugged, probe's 3.3 V on */
  BW_POWER_SOURCE_PROBE,
} BwPowerSource;

typedef enum {
  BW_RESET_METHOD_PROBE,  /* connect under reset through the probe's NRST wire */
  BW_RESET_METHOD_MANUAL, /* the user holds NRST to GND while connecting */
  BW_RESET_METHOD_NONE,   /* no NRST pin: normal connect only */
} BwResetMethod;

typedef enum {
  BW_PIN_SIDE_PROBE,
  BW_PIN_SIDE_BOARD,
} BwPinSide;

typedef enum {
  BW_SEVERITY_DANGER,
  BW_SEVERITY_CAUTION,
  BW_SEVERITY_INFO,
} BwSeverity;

/* In priority order: a wiring lists its warnings sorted by this value. */
typedef enum {
  BW_WIRING_WARNING_NEVER_TWO_SUPPLIES,
  BW_WIRING_WARNING_NO_PROBE_SUPPLY,
  BW_WIRING_WARNING_PINOUT_UNCONFIRMED,
  BW_WIRING_WARNING_CHECK_GND,
  BW_WIRING_WARNING_PROBE_LAYOUT_VARIES,
  BW_WIRING_WARNING_PROBE_UNCONFIRMED,
  BW_WIRING_WARNING_PIN1_UNKNOWN,
  BW_WIRING_WARNING_TWO_TARGETS,
  BW_WIRING_WARNING_NUCLEO_JUMPERS,
  BW_WIRING_WARNING_SOLDER_PADS,
  BW_WIRING_WARNING_INTERNAL_CONNECTOR,
  BW_WIRING_WARNING_NO_VOLTAGE_READING,
  BW_WIRING_WARNING_KEEP_POWERED,
  BW_WIRING_WARNING_SHORT_WIRES,
  BW_WIRING_WARNING_LAST
} BwWiringWarning;

typedef enum {
  BW_FREE_REASON_NOT_CONNECTED,
  BW_FREE_REASON_BATTERY_POWERED,
  BW_FREE_REASON_MANUAL_RESET,
  BW_FREE_REASON_PROBE_SUPPLY,
  BW_FREE_REASON_SPARE_SUPPLY,
  BW_FREE_REASON_STM8_ONLY,
  BW_FREE_REASON_LAST
} BwFreeReason;

typedef struct {
  guint        probe_pin;  /* index into the probe profile's pins */
  guint        board_pin;  /* index into the board profile's pins */
  BwSignal     signal;     /* the board pin's signal */
  BwWireColour colour;
} BwWire;

typedef struct {
  BwPinSide    side;
  guint        pin;
  BwFreeReason reason;
} BwFreePin;

#define BW_TYPE_WIRING (bw_wiring_get_type ())
G_DECLARE_FINAL_TYPE (BwWiring, bw_wiring, BW, WIRING, GObject)

BwWiring        *bw_wiring_new                (BwBoard         *board,
                                               BwProbeProfile  *probe,
                                               BwPowerSource    power,
                                               GError         **error) G_GNUC_WARN_UNUSED_RESULT;
BwBoard         *bw_wiring_get_board          (BwWiring        *self);
BwProbeProfile  *bw_wiring_get_probe          (BwWiring        *self);
BwPowerSource    bw_wiring_get_power_source   (BwWiring        *self);
BwResetMethod    bw_wiring_get_reset_method   (BwWiring        *self);
guint            bw_wiring_get_n_wires        (BwWiring        *self);
const BwWire    *bw_wiring_get_wire           (BwWiring        *self,
                                               guint            index);
gboolean         bw_wiring_find_wire          (BwWiring        *self,
                                               BwSignal         board_signal,
                                               guint           *index);
guint            bw_wiring_get_n_free_pins    (BwWiring        *self);
const BwFreePin *bw_wiring_get_free_pin       (BwWiring        *self,
                                               guint            index);
guint            bw_wiring_get_n_warnings     (BwWiring        *self);
BwWiringWarning  bw_wiring_get_warning        (BwWiring        *self,
                                               guint            index);
gboolean         bw_wiring_has_warning        (BwWiring        *self,
                                               BwWiringWarning  warning);

BwSeverity       bw_wiring_warning_get_severity (BwWiringWarning warning);
const gchar     *bw_wiring_warning_get_text   (BwWiringWarning  warning);
const gchar     *bw_free_reason_get_text      (BwFreeReason     reason);
const gchar     *bw_reset_method_get_text     (BwResetMethod    method);

G_END_DECLS

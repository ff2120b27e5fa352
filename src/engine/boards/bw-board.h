/* bw-board.h: one ESC as described by a .board profile in data/boards
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-signal.h"

G_BEGIN_DECLS

typedef enum {
  BW_CONNECTOR_JST_PH,
  BW_CONNECTOR_PIN_HEADER,
  BW_CONNECTOR_PADS,
  BW_CONNECTOR_INTERNAL,
  BW_CONNECTOR_UNKNOWN,
} BwConnectorType;

/* Which end of Signals= is pin 1 on the board. */
typedef enum {
  BW_PIN1_END_FIRST,
  BW_PIN1_END_LAST,
  BW_PIN1_END_UNKNOWN,
} BwPin1End;

typedef enum {
  BW_BOARD_POWER_BATTERY,
  /* community guides power this board from the probe's 3.3 V instead */
  BW_BOARD_POWER_BATTERY_OR_PROBE,
} BwBoardPower;

typedef enum {
  BW_NRST_YES,
  BW_NRST_UNKNOWN,
  BW_NRST_NO,
} BwNrstAvailability;

#define BW_TYPE_BOARD (bw_board_get_type ())
G_DECLARE_FINAL_TYPE (BwBoard, bw_board, BW, BOARD, GObject)

BwBoard            *bw_board_new_from_file          (const gchar *path,
                                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

const gchar        *bw_board_get_id                 (BwBoard     *self);
const gchar        *bw_board_get_path               (BwBoard     *self);
const gchar        *bw_board_get_name               (BwBoard     *self);
const gchar        *bw_board_get_vendor             (BwBoard     *self);
const gchar *const *bw_board_get_hardware           (BwBoard     *self);
const gchar        *bw_board_get_mcu                (BwBoard     *self);
guint               bw_board_get_flash_kib          (BwBoard     *self);
guint               bw_board_get_n_targets          (BwBoard     *self);
const gchar        *bw_board_get_dual_note          (BwBoard     *self);
BwBoardPower        bw_board_get_power              (BwBoard     *self);
const gchar        *bw_board_get_power_note         (BwBoard     *self);
gboolean            bw_board_get_power_latch        (BwBoard     *self);
BwNrstAvailability  bw_board_get_nrst               (BwBoard     *self);
const gchar        *bw_board_get_bootloader         (BwBoard     *self);
const gchar        *bw_board_get_bootloader_note    (BwBoard     *self);
guint32             bw_board_get_bootloader_address (BwBoard     *self);
guint32             bw_board_get_firmware_address   (BwBoard     *self);
guint32             bw_board_get_config_sectors     (BwBoard     *self);
BwConfidence        bw_board_get_confidence         (BwBoard     *self);
const gchar        *bw_board_get_confidence_as_given (BwBoard    *self);
const gchar *const *bw_board_get_sources            (BwBoard     *self);
const gchar        *bw_board_get_notes              (BwBoard     *self);

BwConnectorType     bw_board_get_connector_type     (BwBoard     *self);
gdouble             bw_board_get_pitch_mm           (BwBoard     *self);
BwPin1End           bw_board_get_pin1_end           (BwBoard     *self);
gboolean            bw_board_get_order_confirmed    (BwBoard     *self);
guint               bw_board_get_n_pins             (BwBoard     *self);
BwSignal            bw_board_get_pin_signal         (BwBoard     *self,
                                                     guint        index);
const gchar        *bw_board_get_pin_label          (BwBoard     *self,
                                                     guint        index);
guint               bw_board_get_pin_number         (BwBoard     *self,
                                                     guint        index);
gboolean            bw_board_get_pin_colour         (BwBoard     *self,
                                                     guint        index,
                                                     BwWireColour *colour);
gboolean            bw_board_find_pin               (BwBoard     *self,
                                                     BwSignal     signal,
                                                     guint       *index);

G_END_DECLS

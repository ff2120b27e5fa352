/* bw-wiring-layout.h: the wiring diagram as pure geometry; the GUI only
 * draws what this computes
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-wiring.h"

G_BEGIN_DECLS

#define BW_LAYOUT_MAX_WIRE_POINTS 6

typedef struct {
  gdouble x;
  gdouble y;
} BwLayoutPoint;

typedef struct {
  gdouble x;
  gdouble y;
  gdouble width;
  gdouble height;
} BwLayoutRect;

typedef enum {
  BW_LAYOUT_ALIGN_START,
  BW_LAYOUT_ALIGN_CENTER,
} BwLayoutAlign;

typedef struct {
  gchar         *text;
  BwLayoutPoint  anchor; /* start or centre of the text's baseline box, see align */
  BwLayoutAlign  align;
  BwLayoutRect   box;    /* estimated extent of the text */
} BwLayoutLabel;

typedef struct {
  BwPinSide      side;
  guint          pin;      /* index into the profile's pins */
  guint          number;   /* printed pin number, 0 when not known */
  BwSignal       signal;
  BwLayoutRect   rect;
  BwLayoutLabel  label;    /* inside rect */
  BwLayoutLabel  number_label; /* inside rect; empty text when number is 0 */
  gboolean       wired;
  gboolean       keep_free; /* listed among the wiring's free pins */
} BwLayoutPin;

typedef struct {
  guint          wire;     /* index into the wiring's wires */
  guint          n_points;
  BwLayoutPoint  points[BW_LAYOUT_MAX_WIRE_POINTS];
  BwWireColour   colour;
  guint32        rgb;
} BwLayoutWire;

#define BW_TYPE_WIRING_LAYOUT (bw_wiring_layout_get_type ())
G_DECLARE_FINAL_TYPE (BwWiringLayout, bw_wiring_layout, BW, WIRING_LAYOUT, GObject)

BwWiringLayout      *bw_wiring_layout_new             (BwWiring       *wiring);
gdouble              bw_wiring_layout_get_width       (BwWiringLayout *self);
gdouble              bw_wiring_layout_get_height      (BwWiringLayout *self);
guint                bw_wiring_layout_get_n_pins      (BwWiringLayout *self);
const BwLayoutPin   *bw_wiring_layout_get_pin         (BwWiringLayout *self,
                                                       guint           index);
const BwLayoutPin   *bw_wiring_layout_find_pin        (BwWiringLayout *self,
                                                       BwPinSide       side,
                                                       guint           pin);
guint                bw_wiring_layout_get_n_wires     (BwWiringLayout *self);
const BwLayoutWire  *bw_wiring_layout_get_wire        (BwWiringLayout *self,
                                                       guint           index);
guint                bw_wiring_layout_get_n_labels    (BwWiringLayout *self);
const BwLayoutLabel *bw_wiring_layout_get_label       (BwWiringLayout *self,
                                                       guint           index);
guint                bw_wiring_layout_get_n_crossings (BwWiringLayout *self);
guint                bw_wiring_layout_get_n_overlaps  (BwWiringLayout *self);
gdouble              bw_wiring_layout_estimate_text_width (const gchar *text);

G_END_DECLS

/* bw-wiring-diagram.h: the wiring drawn from the engine's diagram geometry
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bootwire-engine.h"

G_BEGIN_DECLS

#define BW_TYPE_WIRING_DIAGRAM (bw_wiring_diagram_get_type ())
G_DECLARE_FINAL_TYPE (BwWiringDiagram, bw_wiring_diagram, BW, WIRING_DIAGRAM, GtkWidget)

GtkWidget *bw_wiring_diagram_new        (void);
void       bw_wiring_diagram_set_wiring (BwWiringDiagram *self,
                                         BwWiring        *wiring);
void       bw_wiring_diagram_show_usb_cable (BwWiringDiagram *self);
/* The wire list in words, also the widget's accessible description. */
gchar     *bw_wiring_diagram_dup_text   (BwWiringDiagram *self);

G_END_DECLS

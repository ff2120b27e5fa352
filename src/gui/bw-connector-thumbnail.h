/* bw-connector-thumbnail.h: a small drawing of a board's SWD connector
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "bootwire-engine.h"

G_BEGIN_DECLS

#define BW_TYPE_CONNECTOR_THUMBNAIL (bw_connector_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (BwConnectorThumbnail, bw_connector_thumbnail, BW, CONNECTOR_THUMBNAIL, GtkWidget)

GtkWidget *bw_connector_thumbnail_new (BwBoard *board);

G_END_DECLS

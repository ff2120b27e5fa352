/* bw-cli-output.h: text and JSON output of bootwire-cli
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bootwire-engine.h"

G_BEGIN_DECLS

gchar *bw_cli_format_sector_list (GArray       *sectors);
void   bw_cli_print_json         (JsonNode     *node);
JsonNode *bw_cli_error_to_json   (const GError *error,
                                  guint         line,
                                  guint         column,
                                  guint         other_line);
void   bw_cli_print_error        (const gchar  *subject,
                                  const GError *error);

G_END_DECLS

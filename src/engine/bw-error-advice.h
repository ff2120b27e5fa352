/* bw-error-advice.h: what each error means in plain words, and what to do
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-error.h"

G_BEGIN_DECLS

const gchar *bw_error_advice_get_summary (BwError code);
const gchar *bw_error_advice_get_action  (BwError code);
gchar       *bw_error_advice_format      (const GError *error);

G_END_DECLS

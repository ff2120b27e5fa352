/* bw-sim-ihex.h: Intel HEX in and out for the simulator's flash files
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Deliberately separate from the engine's reader: the simulator must not
 * depend on the code it is used to test.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Calls @func for each data record with its absolute address. */
typedef gboolean (*BwSimIhexFunc) (guint32       address,
                                   const guint8 *data,
                                   gsize         size,
                                   gpointer      user_data,
                                   GError      **error);

gboolean  bw_sim_ihex_parse  (const gchar   *text,
                              gsize          len,
                              BwSimIhexFunc  func,
                              gpointer       user_data,
                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Intel HEX for @size bytes at @address (extended linear address records). */
gchar    *bw_sim_ihex_format (guint32        address,
                              const guint8  *data,
                              gsize          size);

G_END_DECLS

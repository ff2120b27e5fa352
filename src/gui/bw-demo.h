/* bw-demo.h: demo mode, a simulated ST-Link and VESC 6 in place of hardware
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bootwire-engine.h"

G_BEGIN_DECLS

/* A trouble the demo can show; "ready" is the ESC as it usually comes:
 * firmware for hardware 60 and no bootloader. */
typedef struct {
  const gchar *id;
  const gchar *label;       /* translated, with a mnemonic */
  const gchar *description; /* translated, for the banner */
} BwDemoScenario;

const BwDemoScenario *bw_demo_get_scenarios (guint        *n_scenarios);
const BwDemoScenario *bw_demo_find_scenario (const gchar  *id);

/* A simulated probe with a VESC 6 behind it that has firmware and no
 * bootloader; @extra_scenario (may be NULL) adds [target] lines. */
BwTransport  *bw_demo_new_transport (const gchar  *extra_scenario,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same ESC in the state scenario @id describes. */
BwTransport  *bw_demo_new_transport_for_scenario (const gchar  *id,
                                                  GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* The simulated probe plugged in again: a new simulator whose flash is
 * what @old's chip holds, with no fault. */
BwTransport  *bw_demo_replug        (BwTransport  *old,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      bw_demo_is_demo       (BwTransport  *transport);
/* The simulated chip's flash, 1 MB from 0x08000000, or NULL. */
const guint8 *bw_demo_peek_flash    (BwTransport  *transport,
                                     gsize        *size);
/* Bulk transfers the simulated probe has seen, or 0. */
guint64       bw_demo_get_n_transfers (BwTransport *transport);
void          bw_demo_prepare_for_install (BwTransport *transport);

G_END_DECLS

/* bw-demo.h: demo mode, a simulated ST-Link and VESC 6 in place of hardware
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bootwire-engine.h"

G_BEGIN_DECLS

/* A simulated probe with a VESC 6 behind it that has firmware and no
 * bootloader; @extra_scenario (may be NULL) adds scenario lines. */
BwTransport  *bw_demo_new_transport (const gchar  *extra_scenario,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      bw_demo_is_demo       (BwTransport  *transport);
/* The simulated chip's flash, 1 MB from 0x08000000, or NULL. */
const guint8 *bw_demo_peek_flash    (BwTransport  *transport,
                                     gsize        *size);

G_END_DECLS

/* bw-fuzz-stlink-session.h: what the ST-Link reply fuzzer drives: open,
 * connect, identify, option bytes, memory and core register reads, a blank
 * check on the core
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-transport.h"

G_BEGIN_DECLS

/* @flags (the input's first byte) picks the connect mode, the SWD clock and
 * whether the voltage is given or read from the probe. Every failure must
 * be a BW_ERROR. */
void bw_fuzz_stlink_session (BwTransport *transport,
                             guint8       flags);

G_END_DECLS

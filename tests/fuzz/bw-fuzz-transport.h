/* bw-fuzz-transport.h: a BwTransport whose probe answers with the bytes of
 * a fuzz input
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_FUZZ_TYPE_TRANSPORT (bw_fuzz_transport_get_type ())
G_DECLARE_FINAL_TYPE (BwFuzzTransport, bw_fuzz_transport, BW_FUZZ, TRANSPORT, GObject)

/* Each exchange takes one control byte from @data: a multiple of 16 fails
 * it with one of the transport's four errors; otherwise a reply phase takes
 * one length byte (0xFF: all that was asked for) and then that many reply
 * bytes. Once the input is used up every exchange fails as unplugged, so
 * that no loop in the engine can run forever. Time is virtual: every
 * exchange costs 100 us, sleeps advance it. @data must outlive the object. */
BwFuzzTransport *bw_fuzz_transport_new (const guint8 *data,
                                        gsize         size);

G_END_DECLS

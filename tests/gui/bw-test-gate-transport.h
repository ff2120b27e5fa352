/* bw-test-gate-transport.h: a transport that passes commands to another and
 * can hold the worker at the next one, so a test sees a job mid-phase
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bootwire-engine.h"

G_BEGIN_DECLS

#define BW_TYPE_TEST_GATE_TRANSPORT (bw_test_gate_transport_get_type ())
G_DECLARE_FINAL_TYPE (BwTestGateTransport, bw_test_gate_transport, BW, TEST_GATE_TRANSPORT, GObject)

BwTestGateTransport *bw_test_gate_transport_new      (BwTransport         *inner);
BwTransport         *bw_test_gate_transport_get_inner (BwTestGateTransport *self);
/* Closed: the next command waits until the gate opens again. */
void                 bw_test_gate_transport_set_open (BwTestGateTransport *self,
                                                      gboolean             open);
/* Lets @n_commands more pass the closed gate. */
void                 bw_test_gate_transport_allow    (BwTestGateTransport *self,
                                                      guint                n_commands);
/* TRUE once a command is waiting at the closed gate. */
gboolean             bw_test_gate_transport_is_holding (BwTestGateTransport *self);

G_END_DECLS

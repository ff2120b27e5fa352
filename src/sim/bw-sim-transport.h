/* bw-sim-transport.h: the in-process BwTransport over the simulator
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A probe model and a target model on one virtual clock, driven directly
 * (no USB, no stand-in library), so engine tests run anywhere. Waits and
 * timeouts cost virtual time, never wall time.
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-clock.h"
#include "bw-sim-scenario.h"
#include "bw-sim-state.h"
#include "bw-sim-stlink.h"
#include "bw-sim-stm32f405.h"
#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_SIM_TYPE_TRANSPORT (bw_sim_transport_get_type ())
G_DECLARE_FINAL_TYPE (BwSimTransport, bw_sim_transport, BW_SIM, TRANSPORT, GObject)

/* Builds the world of @scenario (@state may be NULL: nothing persists;
 * otherwise the clock, flash and probe mode are loaded from it) and claims
 * the probe's debug interface. Fails with BW_ERROR_PROBE_BUSY when the
 * scenario says another program holds the probe, or BW_ERROR_INVALID_ARGUMENT
 * when the scenario's flash file cannot be loaded. */
BwSimTransport *bw_sim_transport_new        (BwSimScenario   *scenario,
                                             BwSimState      *state,
                                             GError         **error) G_GNUC_WARN_UNUSED_RESULT;
BwSimClock     *bw_sim_transport_get_clock  (BwSimTransport  *self);
BwSimStlink    *bw_sim_transport_get_probe  (BwSimTransport  *self);
BwSimStm32f405 *bw_sim_transport_get_target (BwSimTransport  *self);
/* Number of bulk transfers so far (a command with a data phase is two). */
guint64         bw_sim_transport_get_n_transfers (BwSimTransport *self);
/* The simulated probe is pulled out after @n_more further transfers. */
void            bw_sim_transport_unplug_after_more (BwSimTransport *self,
                                                    guint           n_more);
/* Writes the target, the probe mode and the clock to the state (no-op
 * without one). */
gboolean        bw_sim_transport_save       (BwSimTransport  *self,
                                             GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

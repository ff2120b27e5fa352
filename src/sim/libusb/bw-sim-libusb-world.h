/* bw-sim-libusb-world.h: the simulated world behind the stand-in libusb
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-sim-clock.h"
#include "bw-sim-scenario.h"
#include "bw-sim-state.h"
#include "bw-sim-stlink.h"
#include "bw-sim-stm32f405.h"

G_BEGIN_DECLS

typedef struct
{
  BwSimScenario  *scenario;
  BwSimState     *state; /* NULL when BOOTWIRE_SIM_STATE is unset */
  BwSimClock     *clock;
  BwSimStm32f405 *target;
  BwSimStlink    *probe;
} BwSimWorld;

/* All world access happens under this (recursive) lock. */
void bw_sim_world_lock (void);
void bw_sim_world_unlock (void);
/* NULL until the first successful bw_sim_world_ensure(). */
BwSimWorld *bw_sim_world_get (void);
/* Creates the world from the environment once per process; NULL (with a
 * message on stderr) when the scenario or the state cannot be loaded. */
BwSimWorld *bw_sim_world_ensure (void);
/* Writes target, probe mode and clock to the state directory. */
void bw_sim_world_save (void);
/* Lets the target core catch up with the clock. */
void bw_sim_world_sync (void);
/* Advances virtual time by a host sleep; FALSE when there is no world yet. */
gboolean bw_sim_world_sleep_ns (guint64 ns);

G_END_DECLS

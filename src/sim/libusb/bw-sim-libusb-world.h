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

/* BOOTWIRE_SIM_PROBES: several simulated probes, one state directory each. */
#define BW_SIM_PROBES_ENV "BOOTWIRE_SIM_PROBES"
#define BW_SIM_MAX_DEVICES 16

/* One simulated ST-Link with its target, on a time line of its own. */
typedef struct
{
  BwSimClock     *clock;
  BwSimScenario  *scenario;
  BwSimState     *state; /* NULL when there is no state directory */
  BwSimStm32f405 *target;
  BwSimStlink    *probe;
} BwSimDevice;

typedef struct
{
  BwSimClock     *clock; /* the first device's */
  guint           n_devices;
  BwSimDevice    *devices;
  /* the first device, under the names of the single-probe world */
  BwSimScenario  *scenario;
  BwSimState     *state;
  BwSimStm32f405 *target;
  BwSimStlink    *probe;
} BwSimWorld;

/* All world access happens under this (recursive) lock. */
void bw_sim_world_lock (void);
void bw_sim_world_unlock (void);
/* TRUE when the lock was free and is now held. */
gboolean bw_sim_world_trylock (void);

/* Time, per thread (DESIGN: each probe with its board runs on its own
 * time line, as if in a process of its own). A thread's time is the clock
 * of the device it last worked with (before any: the latest of them); its
 * sleeps advance that clock only. A thread that turns to another device
 * brings that device's clock up to its own time. All under the lock. */
void bw_sim_world_enter_device (BwSimDevice *device);
guint64 bw_sim_world_thread_now_ns (void);
void bw_sim_world_thread_advance_ns (guint64 ns);
/* The calling thread's time as last read, without the lock. */
guint64 bw_sim_world_thread_last_ns (void);
/* Where every device's time line starts in this process. */
guint64 bw_sim_world_epoch_ns (void);
/* NULL until the first successful bw_sim_world_ensure(). */
BwSimWorld *bw_sim_world_get (void);
/* Creates the world from the environment once per process; NULL (with a
 * message on stderr) when a scenario or a state cannot be loaded. */
BwSimWorld *bw_sim_world_ensure (void);
/* Writes every device (target, probe mode) and the clock to the state
 * directories. */
void bw_sim_world_save (void);
/* The same for one device. */
void bw_sim_world_save_device (BwSimDevice *device);
/* Lets every target core catch up with the clock. */
void bw_sim_world_sync (void);
/* Advances the calling thread's time by a host sleep; FALSE when there is
 * no world yet. */
gboolean bw_sim_world_sleep_ns (guint64 ns);

G_END_DECLS

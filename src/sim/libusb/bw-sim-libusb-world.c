/* bw-sim-libusb-world.c: the simulated world behind the stand-in libusb
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include "bw-sim-libusb-world.h"

/* Statically initialised: clock_gettime takes it, and ASan's allocator
 * calls clock_gettime before anything could initialise a GLib mutex (whose
 * first use would call malloc, under the allocator's own lock). */
static pthread_mutex_t world_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static BwSimWorld *world;
static gboolean    world_failed;
static gchar      *session_label;

void
bw_sim_world_lock (void)
{
  pthread_mutex_lock (&world_mutex);
}

void
bw_sim_world_unlock (void)
{
  pthread_mutex_unlock (&world_mutex);
}

BwSimWorld *
bw_sim_world_get (void)
{
  return world;
}

BwSimWorld *
bw_sim_world_ensure (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwSimScenario) scenario = NULL;
  g_autoptr (BwSimState) state = NULL;
  g_autoptr (BwSimClock) clock = NULL;
  g_autoptr (BwSimStm32f405) target = NULL;
  BwSimWorld *w;

  if (world != NULL || world_failed)
    return world;

  scenario = bw_sim_scenario_new_from_env (&error);
  if (scenario == NULL)
    {
      fprintf (stderr, "bootwire-sim libusb: scenario: %s\n", error->message);
      world_failed = TRUE;
      return NULL;
    }
  if (bw_sim_state_env_is_set ())
    {
      state = bw_sim_state_new_from_env (&error);
      if (state == NULL)
        {
          fprintf (stderr, "bootwire-sim libusb: state: %s\n", error->message);
          world_failed = TRUE;
          return NULL;
        }
    }
  clock = bw_sim_clock_new ();
  if (state != NULL)
    bw_sim_state_load_clock (state, clock);
  target = bw_sim_stm32f405_new_full (clock, scenario, state, &error);
  if (target == NULL)
    {
      fprintf (stderr, "bootwire-sim libusb: target: %s\n", error->message);
      world_failed = TRUE;
      return NULL;
    }

  w = g_new0 (BwSimWorld, 1);
  w->scenario = g_steal_pointer (&scenario);
  w->state = g_steal_pointer (&state);
  w->clock = g_steal_pointer (&clock);
  w->target = g_steal_pointer (&target);
  w->probe = bw_sim_stlink_new (w->scenario, w->state, w->clock, w->target);
  session_label = g_strdup (program_invocation_short_name);
  bw_sim_clock_session_begin (w->clock, session_label);
  world = w;
  return world;
}

void
bw_sim_world_save (void)
{
  g_autoptr (GError) error = NULL;

  if (world == NULL)
    return;
  bw_sim_stm32f405_sync (world->target);
  if (!bw_sim_stm32f405_save (world->target, &error))
    {
      fprintf (stderr, "bootwire-sim libusb: saving the target: %s\n", error->message);
      g_clear_error (&error);
    }
  if (world->state == NULL)
    return;
  bw_sim_stlink_save (world->probe);
  bw_sim_state_store_clock (world->state, world->clock);
  if (!bw_sim_state_flush (world->state, &error))
    fprintf (stderr, "bootwire-sim libusb: saving the state: %s\n", error->message);
}

void
bw_sim_world_sync (void)
{
  if (world != NULL)
    bw_sim_stm32f405_sync (world->target);
}


gboolean
bw_sim_world_sleep_ns (guint64 ns)
{
  gboolean ok = FALSE;

  bw_sim_world_lock ();
  if (world != NULL)
    {
      bw_sim_clock_advance_ns (world->clock, ns);
      bw_sim_stm32f405_sync (world->target);
      ok = TRUE;
    }
  bw_sim_world_unlock ();
  return ok;
}

/* At process exit: close the host session and write everything once more
 * (the target's save appends finished sessions to sessions.log). */
__attribute__ ((destructor)) static void
world_at_exit (void)
{
  bw_sim_world_lock ();
  if (world != NULL && bw_sim_clock_in_session (world->clock))
    {
      bw_sim_clock_session_end (world->clock);
      bw_sim_world_save ();
    }
  bw_sim_world_unlock ();
}

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

static guint64 epoch_ns;
/* the device the calling thread last worked with, and its time as last read */
static __thread BwSimDevice *thread_device;
static __thread guint64      thread_last_ns;

void
bw_sim_world_lock (void)
{
  pthread_mutex_lock (&world_mutex);
}

gboolean
bw_sim_world_trylock (void)
{
  return pthread_mutex_trylock (&world_mutex) == 0;
}

void
bw_sim_world_unlock (void)
{
  pthread_mutex_unlock (&world_mutex);
}

guint64
bw_sim_world_epoch_ns (void)
{
  return epoch_ns;
}

guint64
bw_sim_world_thread_last_ns (void)
{
  return thread_last_ns;
}

void
bw_sim_world_enter_device (BwSimDevice *device)
{
  if (device == NULL || device == thread_device)
    return;
  /* the device was idle while this thread did other things: time passed */
  if (thread_last_ns > bw_sim_clock_now_ns (device->clock))
    {
      bw_sim_clock_advance_to_ns (device->clock, thread_last_ns);
      bw_sim_stm32f405_sync (device->target);
    }
  thread_device = device;
}

guint64
bw_sim_world_thread_now_ns (void)
{
  guint64 now = 0;

  if (world == NULL)
    return thread_last_ns;
  if (thread_device != NULL)
    now = bw_sim_clock_now_ns (thread_device->clock);
  else
    for (guint i = 0; i < world->n_devices; i++)
      now = MAX (now, bw_sim_clock_now_ns (world->devices[i].clock));
  thread_last_ns = MAX (thread_last_ns, now);
  return thread_last_ns;
}

void
bw_sim_world_thread_advance_ns (guint64 ns)
{
  if (world == NULL)
    return;
  if (thread_device != NULL)
    {
      bw_sim_clock_advance_ns (thread_device->clock, ns);
      bw_sim_stm32f405_sync (thread_device->target);
      return;
    }
  /* a thread that works with no device: time passes for all of them */
  for (guint i = 0; i < world->n_devices; i++)
    {
      bw_sim_clock_advance_ns (world->devices[i].clock, ns);
      bw_sim_stm32f405_sync (world->devices[i].target);
    }
}

BwSimWorld *
bw_sim_world_get (void)
{
  return world;
}

/* Takes @scenario and @state (may be NULL). */
static gboolean
device_init (BwSimDevice *device, BwSimClock *clock, BwSimScenario *scenario, BwSimState *state)
{
  g_autoptr (GError) error = NULL;

  device->clock = clock;
  device->scenario = scenario;
  device->state = state;
  device->target = bw_sim_stm32f405_new_full (clock, scenario, state, &error);
  if (device->target == NULL)
    {
      fprintf (stderr, "bootwire-sim libusb: target%s%s: %s\n", state != NULL ? " in " : "",
               state != NULL ? bw_sim_state_get_dir (state) : "", error->message);
      return FALSE;
    }
  device->probe = bw_sim_stlink_new (scenario, state, clock, device->target);
  return TRUE;
}

static void
device_clear (BwSimDevice *device)
{
  g_clear_object (&device->probe);
  g_clear_object (&device->target);
  g_clear_object (&device->state);
  g_clear_object (&device->scenario);
  g_clear_object (&device->clock);
}

/* BOOTWIRE_SIM_SCENARIO and BOOTWIRE_SIM_STATE: one probe. */
static BwSimWorld *
world_new_single (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwSimScenario) scenario = NULL;
  g_autoptr (BwSimState) state = NULL;
  BwSimWorld *w;

  scenario = bw_sim_scenario_new_from_env (&error);
  if (scenario == NULL)
    {
      fprintf (stderr, "bootwire-sim libusb: scenario: %s\n", error->message);
      return NULL;
    }
  if (bw_sim_state_env_is_set ())
    {
      state = bw_sim_state_new_from_env (&error);
      if (state == NULL)
        {
          fprintf (stderr, "bootwire-sim libusb: state: %s\n", error->message);
          return NULL;
        }
    }
  w = g_new0 (BwSimWorld, 1);
  w->clock = bw_sim_clock_new ();
  w->n_devices = 1;
  w->devices = g_new0 (BwSimDevice, 1);
  if (state != NULL)
    bw_sim_state_load_clock (state, w->clock);
  if (!device_init (&w->devices[0], g_object_ref (w->clock), g_steal_pointer (&scenario), g_steal_pointer (&state)))
    {
      device_clear (&w->devices[0]);
      g_object_unref (w->clock);
      g_free (w->devices);
      g_free (w);
      return NULL;
    }
  return w;
}

/* BOOTWIRE_SIM_PROBES=DIR[:DIR...]: one probe per state directory, each
 * with DIR/scenario.ini (defaults when there is none). */
static BwSimWorld *
world_new_multi (const gchar *list)
{
  g_auto (GStrv) dirs = g_strsplit (list, G_SEARCHPATH_SEPARATOR_S, -1);
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (BwSimClock) probe_clock = bw_sim_clock_new ();
  guint64 now_ns = 0;
  guint n = g_strv_length (dirs);
  BwSimWorld *w;

  if (g_getenv (BW_SIM_SCENARIO_ENV) != NULL || g_getenv (BW_SIM_STATE_ENV) != NULL)
    {
      fprintf (stderr, "bootwire-sim libusb: set either %s or %s/%s, not both\n", BW_SIM_PROBES_ENV,
               BW_SIM_SCENARIO_ENV, BW_SIM_STATE_ENV);
      return NULL;
    }
  if (n > BW_SIM_MAX_DEVICES)
    {
      fprintf (stderr, "bootwire-sim libusb: %s names %u probes, at most %u are simulated\n", BW_SIM_PROBES_ENV,
               n, BW_SIM_MAX_DEVICES);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree gchar *scenario_path = NULL;
      BwSimScenario *scenario;
      BwSimState *state;

      if (dirs[i][0] == '\0')
        {
          fprintf (stderr, "bootwire-sim libusb: %s has an empty entry\n", BW_SIM_PROBES_ENV);
          return NULL;
        }
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (dirs[i], dirs[j]) == 0)
          {
            fprintf (stderr, "bootwire-sim libusb: %s names %s twice\n", BW_SIM_PROBES_ENV, dirs[i]);
            return NULL;
          }
      state = bw_sim_state_new (dirs[i], &error);
      if (state == NULL)
        {
          fprintf (stderr, "bootwire-sim libusb: state %s: %s\n", dirs[i], error->message);
          return NULL;
        }
      g_ptr_array_add (states, state);
      scenario_path = g_build_filename (dirs[i], "scenario.ini", NULL);
      scenario = g_file_test (scenario_path, G_FILE_TEST_EXISTS) ? bw_sim_scenario_load (scenario_path, &error)
                                                                  : bw_sim_scenario_new_default ();
      if (scenario == NULL)
        {
          fprintf (stderr, "bootwire-sim libusb: scenario %s: %s\n", scenario_path, error->message);
          return NULL;
        }
      g_ptr_array_add (scenarios, scenario);
      /* the time lines start together, at the latest any of them saw */
      bw_sim_state_load_clock (state, probe_clock);
      now_ns = MAX (now_ns, bw_sim_clock_now_ns (probe_clock));
    }

  w = g_new0 (BwSimWorld, 1);
  w->devices = g_new0 (BwSimDevice, n);
  for (guint i = 0; i < n; i++)
    {
      BwSimState *state = g_ptr_array_index (states, i);
      BwSimClock *clock = bw_sim_clock_new ();

      /* the target restores the clock from its state: make that the common start */
      bw_sim_clock_set_now_ns (clock, now_ns);
      bw_sim_state_store_clock (state, clock);
      if (!device_init (&w->devices[i], clock, g_object_ref (g_ptr_array_index (scenarios, i)),
                        g_object_ref (state)))
        {
          for (guint j = 0; j <= i; j++)
            device_clear (&w->devices[j]);
          g_free (w->devices);
          g_free (w);
          return NULL;
        }
      w->n_devices++;
    }
  w->clock = g_object_ref (w->devices[0].clock);
  return w;
}

BwSimWorld *
bw_sim_world_ensure (void)
{
  const gchar *probes = g_getenv (BW_SIM_PROBES_ENV);
  BwSimWorld *w;

  if (world != NULL || world_failed)
    return world;

  w = probes != NULL && probes[0] != '\0' ? world_new_multi (probes) : world_new_single ();
  if (w == NULL)
    {
      world_failed = TRUE;
      return NULL;
    }
  w->scenario = w->devices[0].scenario;
  w->state = w->devices[0].state;
  w->target = w->devices[0].target;
  w->probe = w->devices[0].probe;
  session_label = g_strdup (program_invocation_short_name);
  epoch_ns = bw_sim_clock_now_ns (w->clock);
  for (guint i = 0; i < w->n_devices; i++)
    {
      epoch_ns = MIN (epoch_ns, bw_sim_clock_now_ns (w->devices[i].clock));
      /* one clock for the single probe */
      if (i == 0 || w->devices[i].clock != w->devices[0].clock)
        bw_sim_clock_session_begin (w->devices[i].clock, session_label);
    }
  world = w;
  return world;
}

void
bw_sim_world_save_device (BwSimDevice *device)
{
  g_autoptr (GError) error = NULL;

  bw_sim_stm32f405_sync (device->target);
  if (!bw_sim_stm32f405_save (device->target, &error))
    {
      fprintf (stderr, "bootwire-sim libusb: saving the target: %s\n", error->message);
      g_clear_error (&error);
    }
  if (device->state == NULL)
    return;
  bw_sim_stlink_save (device->probe);
  bw_sim_state_store_clock (device->state, device->clock);
  if (!bw_sim_state_flush (device->state, &error))
    fprintf (stderr, "bootwire-sim libusb: saving the state: %s\n", error->message);
}

void
bw_sim_world_save (void)
{
  if (world == NULL)
    return;
  for (guint i = 0; i < world->n_devices; i++)
    bw_sim_world_save_device (&world->devices[i]);
}

void
bw_sim_world_sync (void)
{
  if (world == NULL)
    return;
  for (guint i = 0; i < world->n_devices; i++)
    bw_sim_stm32f405_sync (world->devices[i].target);
}


gboolean
bw_sim_world_sleep_ns (guint64 ns)
{
  gboolean ok = FALSE;

  bw_sim_world_lock ();
  if (world != NULL)
    {
      bw_sim_world_thread_advance_ns (ns);
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
      for (guint i = 0; i < world->n_devices; i++)
        if (bw_sim_clock_in_session (world->devices[i].clock))
          bw_sim_clock_session_end (world->devices[i].clock);
      bw_sim_world_save ();
    }
  bw_sim_world_unlock ();
}

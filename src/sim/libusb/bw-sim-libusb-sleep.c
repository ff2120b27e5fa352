/* bw-sim-libusb-sleep.c: host sleeps and clocks on the virtual clock
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When the stand-in is preloaded these definitions win over libc's, so a
 * tool's idle waits cost virtual time instead of wall time (DESIGN §4).
 *
 * The clocks are taken over as well: tools wait with loops such as
 * "while (now - start < 10 ms) usleep (1000)" (OpenOCD's `sleep`), which,
 * with instant virtual sleeps but a wall clock, spin for thousands of
 * iterations and charge seconds of virtual time for a 10 ms wait. Once the
 * simulated world exists, CLOCK_REALTIME/MONOTONIC (and gettimeofday) run
 * on the virtual clock from the moment they are first read; CPU-time clocks
 * stay real. Before the world exists everything is real.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "bw-sim-libusb-world.h"

#define EXPORT __attribute__ ((visibility ("default")))

/* A reader that spins on the clock without sleeping or touching the probe
 * would never see time move; after this many identical readings the clock
 * is nudged forward by 1 us. */
#define SPIN_READS 1000

#define N_CLOCKS 8

typedef int (*ClockGettimeFunc) (clockid_t, struct timespec *);

static struct
{
  gboolean init;
  guint64  real_base_ns;
  guint64  virt_base_ns;
} clock_bases[N_CLOCKS];
static guint64 last_read_ns;
static guint   spin_reads;

static guint64
timespec_ns (const struct timespec *ts)
{
  if (ts->tv_sec < 0 || ts->tv_nsec < 0)
    return 0;
  return (guint64) ts->tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts->tv_nsec;
}

static gboolean
valid_timespec (const struct timespec *ts)
{
  return ts != NULL && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000 && ts->tv_sec >= 0;
}

static int
real_clock_gettime (clockid_t clock_id, struct timespec *tp)
{
  static ClockGettimeFunc real;

  if (real == NULL)
    real = (ClockGettimeFunc) dlsym (RTLD_NEXT, "clock_gettime");
  if (real == NULL || real == clock_gettime)
    return (int) syscall (SYS_clock_gettime, clock_id, tp);
  return real (clock_id, tp);
}

static gboolean
clock_is_virtual (clockid_t clock_id)
{
  switch (clock_id)
    {
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
set_timespec (clockid_t clock_id, guint64 virt, struct timespec *tp)
{
  guint64 ns;

  /* every device's time line starts at the epoch or later */
  ns = clock_bases[clock_id].real_base_ns + (MAX (virt, clock_bases[clock_id].virt_base_ns) -
                                             clock_bases[clock_id].virt_base_ns);
  tp->tv_sec = (time_t) (ns / 1000000000);
  tp->tv_nsec = (long) (ns % 1000000000);
}

/* TRUE and *tp set when @clock_id runs on the virtual clock: the calling
 * thread's time (see bw_sim_world_thread_now_ns). */
static gboolean
virtual_gettime (clockid_t clock_id, struct timespec *tp)
{
  guint64  virt;
  gboolean ok = FALSE;

  if (!clock_is_virtual (clock_id) || clock_id < 0 || clock_id >= N_CLOCKS)
    return FALSE;
  /* Another thread holds the world: it may be waiting for a lock this
   * thread holds (GLib's allocator reads the clock under its own lock
   * while a thread exits), so this thread's time as it last read it is
   * taken instead of waiting. */
  if (__atomic_load_n (&clock_bases[clock_id].init, __ATOMIC_ACQUIRE))
    {
      if (!bw_sim_world_trylock ())
        {
          set_timespec (clock_id, bw_sim_world_thread_last_ns (), tp);
          return TRUE;
        }
    }
  else
    {
      bw_sim_world_lock ();
    }
  if (bw_sim_world_get () != NULL)
    {
      virt = bw_sim_world_thread_now_ns ();
      if (virt == last_read_ns && ++spin_reads >= SPIN_READS)
        {
          bw_sim_world_thread_advance_ns (1000);
          virt = bw_sim_world_thread_now_ns ();
        }
      if (virt != last_read_ns)
        {
          last_read_ns = virt;
          spin_reads = 0;
        }
      if (!clock_bases[clock_id].init)
        {
          struct timespec real;

          if (real_clock_gettime (clock_id, &real) == 0)
            {
              clock_bases[clock_id].real_base_ns = timespec_ns (&real);
              clock_bases[clock_id].virt_base_ns = bw_sim_world_epoch_ns ();
              __atomic_store_n (&clock_bases[clock_id].init, TRUE, __ATOMIC_RELEASE);
            }
        }
      if (clock_bases[clock_id].init)
        {
          set_timespec (clock_id, virt, tp);
          ok = TRUE;
        }
    }
  bw_sim_world_unlock ();
  return ok;
}

EXPORT int
clock_gettime (clockid_t clock_id, struct timespec *tp)
{
  if (virtual_gettime (clock_id, tp))
    return 0;
  return real_clock_gettime (clock_id, tp);
}

EXPORT int
gettimeofday (struct timeval *restrict tv, void *restrict tz)
{
  struct timespec ts;

  if (tz != NULL)
    {
      struct timezone *z = tz;
      z->tz_minuteswest = 0;
      z->tz_dsttime = 0;
    }
  if (clock_gettime (CLOCK_REALTIME, &ts) != 0)
    return -1;
  tv->tv_sec = ts.tv_sec;
  tv->tv_usec = ts.tv_nsec / 1000;
  return 0;
}

EXPORT int
nanosleep (const struct timespec *req, struct timespec *rem)
{
  if (!valid_timespec (req))
    {
      errno = EINVAL;
      return -1;
    }
  if (bw_sim_world_sleep_ns (timespec_ns (req)))
    {
      if (rem != NULL)
        rem->tv_sec = rem->tv_nsec = 0;
      return 0;
    }
  return (int) syscall (SYS_nanosleep, req, rem);
}

EXPORT int
usleep (useconds_t usec)
{
  struct timespec ts = { usec / 1000000, (long) (usec % 1000000) * 1000 };
  return nanosleep (&ts, NULL);
}

EXPORT int
clock_nanosleep (clockid_t clock_id, int flags, const struct timespec *request, struct timespec *remain)
{
  guint64 ns;

  if (!valid_timespec (request))
    return EINVAL;
  ns = timespec_ns (request);
  if (flags & TIMER_ABSTIME)
    {
      struct timespec now;
      guint64         now_ns;

      if (clock_gettime (clock_id, &now) != 0)
        return errno;
      now_ns = timespec_ns (&now);
      ns = ns > now_ns ? ns - now_ns : 0;
    }
  if (bw_sim_world_sleep_ns (ns))
    return 0;
  if (syscall (SYS_clock_nanosleep, clock_id, flags, request, remain) != 0)
    return errno;
  return 0;
}

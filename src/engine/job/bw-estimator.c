/* bw-estimator.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rate is measured over the last few seconds only, so that a slow
 * erase does not make the following write look slow (Disks' estimator
 * idea). Time comes from the caller, which on the simulator is the virtual
 * clock.
 */
#include "config.h"

#include "bw-estimator.h"

#define WINDOW_US  (3 * G_USEC_PER_SEC)
#define MAX_SAMPLES 64

typedef struct {
  guint64 time_us;
  guint64 done;
} Sample;

struct _BwEstimator
{
  GObject  parent_instance;
  GArray  *samples;
  guint64  total;
};

G_DEFINE_FINAL_TYPE (BwEstimator, bw_estimator, G_TYPE_OBJECT)

static void
bw_estimator_finalize (GObject *object)
{
  g_array_unref (BW_ESTIMATOR (object)->samples);
  G_OBJECT_CLASS (bw_estimator_parent_class)->finalize (object);
}

static void
bw_estimator_class_init (BwEstimatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_estimator_finalize;
}

static void
bw_estimator_init (BwEstimator *self)
{
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
}

BwEstimator *
bw_estimator_new (void)
{
  return g_object_new (BW_TYPE_ESTIMATOR, NULL);
}

void
bw_estimator_reset (BwEstimator *self)
{
  g_return_if_fail (BW_IS_ESTIMATOR (self));
  g_array_set_size (self->samples, 0);
  self->total = 0;
}

void
bw_estimator_add_sample (BwEstimator *self, guint64 now_us, guint64 done, guint64 total)
{
  Sample sample = { now_us, done };

  g_return_if_fail (BW_IS_ESTIMATOR (self));

  /* a new transfer (or bytes going backwards) starts a new estimate */
  if (self->samples->len > 0)
    {
      const Sample *last = &g_array_index (self->samples, Sample, self->samples->len - 1);

      if (total != self->total || done < last->done || now_us < last->time_us)
        g_array_set_size (self->samples, 0);
    }
  self->total = total;
  g_array_append_val (self->samples, sample);
  while (self->samples->len > 2 &&
         (self->samples->len > MAX_SAMPLES ||
          now_us - g_array_index (self->samples, Sample, 0).time_us > WINDOW_US))
    g_array_remove_index (self->samples, 0);
}

/* Bytes per second over the window; 0 until two samples are apart in time. */
gdouble
bw_estimator_get_rate (BwEstimator *self)
{
  const Sample *first;
  const Sample *last;

  g_return_val_if_fail (BW_IS_ESTIMATOR (self), 0.0);

  if (self->samples->len < 2)
    return 0.0;
  first = &g_array_index (self->samples, Sample, 0);
  last = &g_array_index (self->samples, Sample, self->samples->len - 1);
  if (last->time_us == first->time_us)
    return 0.0;
  return (gdouble) (last->done - first->done) * G_USEC_PER_SEC / (gdouble) (last->time_us - first->time_us);
}

/* Microseconds left at the current rate, or -1 while unknown. */
gint64
bw_estimator_get_remaining_us (BwEstimator *self)
{
  gdouble rate;
  const Sample *last;

  g_return_val_if_fail (BW_IS_ESTIMATOR (self), -1);

  rate = bw_estimator_get_rate (self);
  if (rate <= 0.0)
    return -1;
  last = &g_array_index (self->samples, Sample, self->samples->len - 1);
  return (gint64) ((gdouble) (self->total - last->done) / rate * G_USEC_PER_SEC);
}

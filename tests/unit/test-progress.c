/* test-progress.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bootwire-engine.h"

static void
count_changes (BwProgress *progress, gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_weighted_nested (void)
{
  g_autoptr(BwProgress) progress = bw_progress_new ();
  BwProgress *child;
  guint changes = 0;
  guint64 done = 0;
  guint64 total = 0;

  bw_progress_set_changed_func (progress, count_changes, &changes);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_ERASE, 20);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_WRITE, 60);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_VERIFY, 20);
  g_assert_cmpint (bw_progress_get_phase (progress), ==, BW_PROGRESS_PHASE_ERASE);
  g_assert_cmpfloat (bw_progress_get_fraction (progress), ==, 0.0);

  child = bw_progress_get_child (progress);
  bw_progress_set_bytes (child, 50, 100);
  g_assert_cmpfloat_with_epsilon (bw_progress_get_fraction (progress), 0.10, 1e-9);
  bw_progress_step_done (progress);
  g_assert_cmpfloat_with_epsilon (bw_progress_get_fraction (progress), 0.20, 1e-9);
  g_assert_cmpint (bw_progress_get_phase (progress), ==, BW_PROGRESS_PHASE_WRITE);

  /* a child with its own steps: write = two halves, the second one in bytes */
  child = bw_progress_get_child (progress);
  bw_progress_set_steps (child, 2);
  bw_progress_step_done (child);
  g_assert_cmpfloat_with_epsilon (bw_progress_get_fraction (progress), 0.50, 1e-9);
  bw_progress_set_bytes (bw_progress_get_child (child), 1024, 4096);
  g_assert_cmpfloat_with_epsilon (bw_progress_get_fraction (progress), 0.575, 1e-9);
  bw_progress_get_bytes (progress, &done, &total);
  g_assert_cmpuint (done, ==, 1024);
  g_assert_cmpuint (total, ==, 4096);
  /* the inner steps have no phase of their own: still writing */
  g_assert_cmpint (bw_progress_get_phase (progress), ==, BW_PROGRESS_PHASE_WRITE);

  bw_progress_step_done (progress);
  bw_progress_step_done (progress);
  g_assert_cmpfloat (bw_progress_get_fraction (progress), ==, 1.0);
  g_assert_cmpuint (changes, >=, 7);
}

static void
test_finished_early (void)
{
  g_autoptr(BwProgress) progress = bw_progress_new ();

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_ERASE, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_WRITE, 1);
  bw_progress_finished (progress);
  g_assert_cmpfloat (bw_progress_get_fraction (progress), ==, 1.0);
  g_assert_cmpint (bw_progress_get_phase (progress), ==, BW_PROGRESS_PHASE_IDLE);
}

static void
test_estimator (void)
{
  g_autoptr(BwEstimator) estimator = bw_estimator_new ();

  g_assert_cmpfloat (bw_estimator_get_rate (estimator), ==, 0.0);
  g_assert_cmpint (bw_estimator_get_remaining_us (estimator), ==, -1);
  /* 10 KB per second of (virtual) time */
  for (guint i = 0; i <= 10; i++)
    bw_estimator_add_sample (estimator, i * 100000, i * 1024, 20480);
  g_assert_cmpfloat_with_epsilon (bw_estimator_get_rate (estimator), 10240.0, 1e-6);
  g_assert_cmpint (bw_estimator_get_remaining_us (estimator), ==, 1000000);
  /* only the last seconds count: the rate halves after a slow stretch */
  for (guint i = 1; i <= 40; i++)
    bw_estimator_add_sample (estimator, 1000000 + i * 100000, 10240 + i * 256, 20480);
  g_assert_cmpfloat_with_epsilon (bw_estimator_get_rate (estimator), 2560.0, 1e-6);
  /* a new total starts again */
  bw_estimator_add_sample (estimator, 9000000, 0, 100);
  g_assert_cmpfloat (bw_estimator_get_rate (estimator), ==, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/progress/weighted-nested", test_weighted_nested);
  g_test_add_func ("/progress/finished-early", test_finished_early);
  g_test_add_func ("/progress/estimator", test_estimator);
  return g_test_run ();
}

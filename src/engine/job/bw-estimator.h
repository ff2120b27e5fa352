/* bw-estimator.h: transfer rate and time left from samples
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BW_TYPE_ESTIMATOR (bw_estimator_get_type ())
G_DECLARE_FINAL_TYPE (BwEstimator, bw_estimator, BW, ESTIMATOR, GObject)

BwEstimator *bw_estimator_new               (void);
void         bw_estimator_add_sample        (BwEstimator *self,
                                             guint64      now_us,
                                             guint64      done,
                                             guint64      total);
void         bw_estimator_reset             (BwEstimator *self);
gdouble      bw_estimator_get_rate          (BwEstimator *self);
gint64       bw_estimator_get_remaining_us  (BwEstimator *self);

G_END_DECLS

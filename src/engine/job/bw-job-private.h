/* bw-job-private.h: what job subclasses use from their worker thread
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-job.h"

G_BEGIN_DECLS

typedef guint64 (*BwJobClockFunc) (gpointer user_data);

void bw_job_log             (BwJob         *self,
                             const gchar   *format,
                             ...) G_GNUC_PRINTF (2, 3);
guint bw_job_get_swd_khz    (BwJob         *self);
void bw_job_set_clock_func  (BwJob         *self,
                             BwJobClockFunc func,
                             gpointer       user_data);
guint64 bw_job_get_clock_us (BwJob         *self);

G_END_DECLS

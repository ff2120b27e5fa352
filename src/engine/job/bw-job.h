/* bw-job.h: work on the probe that runs on a worker thread and reports on
 * the caller's main context
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bw-progress.h"

G_BEGIN_DECLS

#define BW_TYPE_JOB (bw_job_get_type ())
G_DECLARE_DERIVABLE_TYPE (BwJob, bw_job, BW, JOB, GObject)

struct _BwJobClass
{
  GObjectClass parent_class;

  /* Runs on the worker thread. It may only use what the job copied or owns,
   * checks @cancellable at safe points, and returns FALSE with @error set. */
  gboolean (*run) (BwJob        *self,
                   BwProgress   *progress,
                   GCancellable *cancellable,
                   GError      **error);

  gpointer padding[8];
};

void            bw_job_run_async         (BwJob               *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean        bw_job_run_finish        (BwJob               *self,
                                          GAsyncResult        *result,
                                          GError             **error);
gboolean        bw_job_run_sync          (BwJob               *self,
                                          GCancellable        *cancellable,
                                          GError             **error);
void            bw_job_set_swd_khz       (BwJob               *self,
                                          guint                khz);
gboolean        bw_job_is_running        (BwJob               *self);
BwProgressPhase bw_job_get_phase         (BwJob               *self);
gdouble         bw_job_get_fraction      (BwJob               *self);
void            bw_job_get_bytes         (BwJob               *self,
                                          guint64             *done,
                                          guint64             *total);
gdouble         bw_job_get_rate          (BwJob               *self);
gint64          bw_job_get_remaining_us  (BwJob               *self);
GPtrArray      *bw_job_get_log           (BwJob               *self);

G_END_DECLS

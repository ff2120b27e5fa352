/* bw-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker never emits signals. It writes the numbers into a snapshot
 * under a lock and asks for one wake-up on the delivery context (the
 * caller's thread-default context when the job started); that wake-up
 * copies the snapshot and emits. Wake-ups are coalesced and come at most
 * every DELIVERY_INTERVAL_MS, except that a new phase or log line is
 * delivered at once and everything is flushed before "finished"; a phase
 * left between two wake-ups still shows its last numbers.
 */
#include "config.h"

#include "bw-error.h"
#include "bw-estimator.h"
#include "bw-job-private.h"

#define DELIVERY_INTERVAL_MS 100

typedef struct {
  BwProgressPhase phase;
  gdouble         fraction;
  guint64         bytes_done;
  guint64         bytes_total;
  gdouble         rate;
  gint64          remaining_us;
  guint64         clock_us; /* the job clock when these numbers were taken */
} Numbers;

typedef struct {
  GMainContext   *delivery_context;
  gboolean        running;
  guint           swd_khz;

  /* shared with the worker, under lock */
  GMutex          lock;
  Numbers         snapshot;
  GPtrArray      *pending_log;
  GArray         *pending_states; /* Numbers: the last state of each phase left since the last delivery */
  GSource        *pending_source;
  gint64          last_delivery_us;
  BwEstimator    *estimator;
  BwJobClockFunc  clock_func;
  gpointer        clock_data;
  GError         *result_error;

  /* the delivery context's view */
  Numbers         delivered;
  GPtrArray      *log;
} BwJobPrivate;

enum {
  SIGNAL_PHASE_CHANGED,
  SIGNAL_PROGRESS,
  SIGNAL_LOG,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BwJob, bw_job, G_TYPE_OBJECT)

typedef struct {
  GAsyncReadyCallback callback;
  gpointer            user_data;
} RunCallback;

static void
bw_job_finalize (GObject *object)
{
  BwJobPrivate *priv = bw_job_get_instance_private (BW_JOB (object));

  g_clear_pointer (&priv->delivery_context, g_main_context_unref);
  g_clear_pointer (&priv->pending_log, g_ptr_array_unref);
  g_clear_pointer (&priv->pending_states, g_array_unref);
  g_clear_pointer (&priv->log, g_ptr_array_unref);
  g_clear_object (&priv->estimator);
  g_clear_error (&priv->result_error);
  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (bw_job_parent_class)->finalize (object);
}

static void
bw_job_class_init (BwJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bw_job_finalize;

  /* All signals are emitted on the context that was thread-default when
   * bw_job_run_async() was called, never on the worker thread. */
  signals[SIGNAL_PHASE_CHANGED] =
    g_signal_new ("phase-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_LOG] =
    g_signal_new ("log", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bw_job_init (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_mutex_init (&priv->lock);
  priv->pending_log = g_ptr_array_new_with_free_func (g_free);
  priv->pending_states = g_array_new (FALSE, FALSE, sizeof (Numbers));
  priv->log = g_ptr_array_new_with_free_func (g_free);
  priv->estimator = bw_estimator_new ();
  priv->snapshot.remaining_us = -1;
  priv->delivered.remaining_us = -1;
}

static guint64
job_now_us (BwJobPrivate *priv)
{
  if (priv->clock_func != NULL)
    return priv->clock_func (priv->clock_data);
  return (guint64) g_get_monotonic_time ();
}

/* On the delivery context: copy the snapshot and emit. */
static gboolean
deliver (gpointer data)
{
  BwJob *self = BW_JOB (data);
  BwJobPrivate *priv = bw_job_get_instance_private (self);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GArray) states = NULL;
  Numbers numbers;

  g_assert (g_main_context_is_owner (priv->delivery_context));

  g_mutex_lock (&priv->lock);
  if (priv->pending_source != NULL)
    {
      g_source_destroy (priv->pending_source);
      g_clear_pointer (&priv->pending_source, g_source_unref);
    }
  numbers = priv->snapshot;
  lines = g_steal_pointer (&priv->pending_log);
  priv->pending_log = g_ptr_array_new_with_free_func (g_free);
  states = g_steal_pointer (&priv->pending_states);
  priv->pending_states = g_array_new (FALSE, FALSE, sizeof (Numbers));
  priv->last_delivery_us = g_get_monotonic_time ();
  g_mutex_unlock (&priv->lock);

  g_object_ref (self);
  /* every phase passed through shows its last numbers before the next one */
  g_array_append_val (states, numbers);
  for (guint i = 0; i < states->len; i++)
    {
      const Numbers *state = &g_array_index (states, Numbers, i);
      gboolean phase_changed = state->phase != priv->delivered.phase;

      priv->delivered = *state;
      if (phase_changed)
        g_signal_emit (self, signals[SIGNAL_PHASE_CHANGED], 0, (guint) state->phase);
      if (i + 1 < states->len)
        g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
    }
  for (guint i = 0; i < lines->len; i++)
    {
      const gchar *line = g_ptr_array_index (lines, i);

      g_ptr_array_add (priv->log, g_strdup (line));
      g_signal_emit (self, signals[SIGNAL_LOG], 0, line);
    }
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Under the lock: make sure one wake-up is on its way, soon enough. */
static void
request_delivery_locked (BwJob *self, gboolean urgent)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);
  gint64 since_ms;
  guint delay_ms = 0;

  if (priv->pending_source != NULL)
    {
      if (!urgent || g_source_get_ready_time (priv->pending_source) == -1)
        return;
      /* a throttled wake-up is waiting; an urgent one replaces it */
      g_source_destroy (priv->pending_source);
      g_clear_pointer (&priv->pending_source, g_source_unref);
    }
  since_ms = (g_get_monotonic_time () - priv->last_delivery_us) / 1000;
  if (!urgent && since_ms < DELIVERY_INTERVAL_MS)
    delay_ms = (guint) (DELIVERY_INTERVAL_MS - since_ms);
  priv->pending_source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  if (delay_ms == 0)
    g_source_set_ready_time (priv->pending_source, -1);
  g_source_set_callback (priv->pending_source, deliver, g_object_ref (self), g_object_unref);
  g_source_set_static_name (priv->pending_source, "[bootwire] job delivery");
  g_source_attach (priv->pending_source, priv->delivery_context);
}

/* On the worker: the progress tree changed. */
static void
on_progress_changed (BwProgress *progress, gpointer user_data)
{
  BwJob *self = BW_JOB (user_data);
  BwJobPrivate *priv = bw_job_get_instance_private (self);
  BwProgressPhase phase = bw_progress_get_phase (progress);
  guint64 done = 0;
  guint64 total = 0;
  gboolean urgent;

  bw_progress_get_bytes (progress, &done, &total);
  g_mutex_lock (&priv->lock);
  urgent = phase != priv->snapshot.phase;
  if (urgent)
    g_array_append_val (priv->pending_states, priv->snapshot);
  priv->snapshot.phase = phase;
  priv->snapshot.fraction = bw_progress_get_fraction (progress);
  priv->snapshot.bytes_done = done;
  priv->snapshot.bytes_total = total;
  priv->snapshot.clock_us = job_now_us (priv);
  if (urgent)
    bw_estimator_reset (priv->estimator);
  if (total > 0)
    bw_estimator_add_sample (priv->estimator, priv->snapshot.clock_us, done, total);
  priv->snapshot.rate = bw_estimator_get_rate (priv->estimator);
  priv->snapshot.remaining_us = bw_estimator_get_remaining_us (priv->estimator);
  request_delivery_locked (self, urgent);
  g_mutex_unlock (&priv->lock);
}

/* From any thread: one line of the job's log. */
void
bw_job_log (BwJob *self, const gchar *format, ...)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);
  va_list args;

  g_return_if_fail (BW_IS_JOB (self));

  va_start (args, format);
  g_mutex_lock (&priv->lock);
  g_ptr_array_add (priv->pending_log, g_strdup_vprintf (format, args));
  if (priv->delivery_context != NULL)
    request_delivery_locked (self, TRUE);
  g_mutex_unlock (&priv->lock);
  va_end (args);
}

/* The time base of the rate estimate: the probe's (virtual) clock. */
void
bw_job_set_clock_func (BwJob *self, BwJobClockFunc func, gpointer user_data)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_if_fail (BW_IS_JOB (self));
  g_mutex_lock (&priv->lock);
  priv->clock_func = func;
  priv->clock_data = user_data;
  g_mutex_unlock (&priv->lock);
}

static void
run_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  BwJob *self = BW_JOB (source_object);
  g_autoptr(BwProgress) progress = bw_progress_new ();
  g_autoptr(GError) error = NULL;

  bw_progress_set_changed_func (progress, on_progress_changed, self);
  if (!BW_JOB_GET_CLASS (self)->run (self, progress, cancellable, &error))
    {
      BwJobPrivate *priv = bw_job_get_instance_private (self);

      bw_error_convert (&error);
      g_mutex_lock (&priv->lock);
      g_clear_error (&priv->result_error);
      priv->result_error = g_error_copy (error);
      g_mutex_unlock (&priv->lock);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  bw_progress_finished (progress);
  g_task_return_boolean (task, TRUE);
}

static void
run_done (GObject *source_object, GAsyncResult *result, gpointer user_data)
{
  BwJob *self = BW_JOB (source_object);
  BwJobPrivate *priv = bw_job_get_instance_private (self);
  RunCallback *run_callback = user_data;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&priv->lock);
  error = g_steal_pointer (&priv->result_error);
  g_mutex_unlock (&priv->lock);

  /* everything the worker said arrives before "finished" */
  deliver (self);
  priv->running = FALSE;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
  if (run_callback->callback != NULL)
    run_callback->callback (source_object, result, run_callback->user_data);
  g_free (run_callback);
}

void
bw_job_run_async (BwJob               *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  RunCallback *run_callback;

  g_return_if_fail (BW_IS_JOB (self));
  g_return_if_fail (BW_JOB_GET_CLASS (self)->run != NULL);

  if (priv->running)
    {
      g_task_report_new_error (self, callback, user_data, bw_job_run_async, BW_ERROR,
                               BW_ERROR_INVALID_ARGUMENT, "the job is already running");
      return;
    }
  priv->running = TRUE;
  g_clear_pointer (&priv->delivery_context, g_main_context_unref);
  priv->delivery_context = g_main_context_ref_thread_default ();
  priv->snapshot = priv->delivered = (Numbers) { .remaining_us = -1 };

  run_callback = g_new0 (RunCallback, 1);
  run_callback->callback = callback;
  run_callback->user_data = user_data;
  task = g_task_new (self, cancellable, run_done, run_callback);
  g_task_set_source_tag (task, bw_job_run_async);
  /* the job's own CANCELLED error says what state the chip was left in */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_name (task, "[bootwire] job");
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
bw_job_run_finish (BwJob *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (BW_IS_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  GAsyncResult *result;
} SyncData;

static void
sync_done (GObject *source_object, GAsyncResult *result, gpointer user_data)
{
  SyncData *data = user_data;

  data->result = g_object_ref (result);
}

/* For the CLI: runs the job to its end on a private context of the calling
 * thread; the signals arrive on this thread while it waits. */
gboolean
bw_job_run_sync (BwJob *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncData data = { NULL };
  gboolean ok;

  g_return_val_if_fail (BW_IS_JOB (self), FALSE);

  g_main_context_push_thread_default (context);
  bw_job_run_async (self, cancellable, sync_done, &data);
  while (data.result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = bw_job_run_finish (self, data.result, error);
  g_object_unref (data.result);
  /* let the last delivery sources go before the context does */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  return ok;
}

/* The SWD clock for the job's connection; 0 (the default) lets the
 * session pick: 4 MHz, or 1.8 MHz when the chip does not answer fast. */
void
bw_job_set_swd_khz (BwJob *self, guint khz)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_if_fail (BW_IS_JOB (self));
  g_return_if_fail (!priv->running);
  priv->swd_khz = khz;
}

guint
bw_job_get_swd_khz (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), 0);
  return priv->swd_khz;
}

gboolean
bw_job_is_running (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), FALSE);
  return priv->running;
}

BwProgressPhase
bw_job_get_phase (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), BW_PROGRESS_PHASE_IDLE);
  return priv->delivered.phase;
}

gdouble
bw_job_get_fraction (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), 0.0);
  return priv->delivered.fraction;
}

void
bw_job_get_bytes (BwJob *self, guint64 *done, guint64 *total)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_if_fail (BW_IS_JOB (self));
  if (done != NULL)
    *done = priv->delivered.bytes_done;
  if (total != NULL)
    *total = priv->delivered.bytes_total;
}

gdouble
bw_job_get_rate (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), 0.0);
  return priv->delivered.rate;
}

gint64
bw_job_get_remaining_us (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), -1);
  return priv->delivered.remaining_us;
}

/* On the delivery context: the job clock's time (see
 * bw_job_set_clock_func()) when the delivered numbers were taken. */
guint64
bw_job_get_clock_us (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), 0);
  return priv->delivered.clock_us;
}

/* Every log line delivered so far, for the report. */
GPtrArray *
bw_job_get_log (BwJob *self)
{
  BwJobPrivate *priv = bw_job_get_instance_private (self);

  g_return_val_if_fail (BW_IS_JOB (self), NULL);
  return priv->log;
}

/* test-job.c: jobs run on a worker and report on their caller's context
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bootwire-engine.h"
#include "bw-job-private.h"

/* A job that "erases" then "writes" n chunks, with a log line per phase,
 * checking for cancellation between chunks as real jobs do. */
#define BW_TYPE_CHUNK_JOB (bw_chunk_job_get_type ())
G_DECLARE_FINAL_TYPE (BwChunkJob, bw_chunk_job, BW, CHUNK_JOB, BwJob)

struct _BwChunkJob
{
  BwJob    parent_instance;
  guint    n_chunks;
  guint    chunks_written;
  GThread *worker;
  gint     started;  /* atomic */
  GCond    wait_cond;
  GMutex   wait_lock;
  gboolean hold_after_first_chunk;
  gboolean released;
};

G_DEFINE_FINAL_TYPE (BwChunkJob, bw_chunk_job, BW_TYPE_JOB)

static gboolean
bw_chunk_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwChunkJob *self = BW_CHUNK_JOB (job);
  BwProgress *child;

  self->worker = g_thread_self ();
  g_atomic_int_set (&self->started, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_ERASE, 30);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_WRITE, 70);
  bw_job_log (job, "erasing");
  bw_progress_step_done (progress);

  bw_job_log (job, "writing %u chunks", self->n_chunks);
  child = bw_progress_get_child (progress);
  for (guint i = 0; i < self->n_chunks; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_prefix_error (error, "%u of %u chunks written: ", self->chunks_written, self->n_chunks);
          return FALSE;
        }
      self->chunks_written++;
      bw_progress_set_bytes (child, (i + 1) * 256, self->n_chunks * 256);
      if (self->hold_after_first_chunk && i == 0)
        {
          g_mutex_lock (&self->wait_lock);
          while (!self->released)
            g_cond_wait (&self->wait_cond, &self->wait_lock);
          g_mutex_unlock (&self->wait_lock);
        }
    }
  bw_progress_step_done (progress);
  bw_job_log (job, "done");
  return TRUE;
}

static void
bw_chunk_job_finalize (GObject *object)
{
  BwChunkJob *self = BW_CHUNK_JOB (object);

  g_cond_clear (&self->wait_cond);
  g_mutex_clear (&self->wait_lock);
  G_OBJECT_CLASS (bw_chunk_job_parent_class)->finalize (object);
}

static void
bw_chunk_job_class_init (BwChunkJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_chunk_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_chunk_job_run;
}

static void
bw_chunk_job_init (BwChunkJob *self)
{
  g_cond_init (&self->wait_cond);
  g_mutex_init (&self->wait_lock);
}

static BwChunkJob *
bw_chunk_job_new (guint n_chunks)
{
  BwChunkJob *self = g_object_new (BW_TYPE_CHUNK_JOB, NULL);

  self->n_chunks = n_chunks;
  return self;
}

static void
bw_chunk_job_release (BwChunkJob *self)
{
  g_mutex_lock (&self->wait_lock);
  self->released = TRUE;
  g_cond_signal (&self->wait_cond);
  g_mutex_unlock (&self->wait_lock);
}

typedef struct {
  GMainContext *context;
  GThread      *thread;
  GArray       *phases;
  GPtrArray    *log;
  guint         n_progress;
  guint         n_finished;
  gdouble       last_fraction;
  guint64       last_write_done;
  gboolean      progress_after_finished;
  gboolean      wrong_thread;
  GError       *finished_error;
  gboolean      done;
} Recorder;

static void
check_thread (Recorder *recorder)
{
  if (g_thread_self () != recorder->thread ||
      (recorder->context != NULL && !g_main_context_is_owner (recorder->context)))
    recorder->wrong_thread = TRUE;
}

static void
on_phase_changed (BwJob *job, guint phase, Recorder *recorder)
{
  check_thread (recorder);
  g_array_append_val (recorder->phases, phase);
}

static void
on_progress (BwJob *job, Recorder *recorder)
{
  check_thread (recorder);
  recorder->n_progress++;
  if (recorder->n_finished > 0)
    recorder->progress_after_finished = TRUE;
  /* the fraction never goes back */
  g_assert_cmpfloat (bw_job_get_fraction (job), >=, recorder->last_fraction);
  recorder->last_fraction = bw_job_get_fraction (job);
  if (bw_job_get_phase (job) == BW_PROGRESS_PHASE_WRITE)
    bw_job_get_bytes (job, &recorder->last_write_done, NULL);
}

static void
on_log (BwJob *job, const gchar *line, Recorder *recorder)
{
  check_thread (recorder);
  g_ptr_array_add (recorder->log, g_strdup (line));
}

static void
on_finished (BwJob *job, const GError *error, Recorder *recorder)
{
  check_thread (recorder);
  recorder->n_finished++;
  if (error != NULL)
    recorder->finished_error = g_error_copy (error);
}

static void
recorder_init (Recorder *recorder, BwJob *job)
{
  recorder->context = g_main_context_ref_thread_default ();
  recorder->thread = g_thread_self ();
  recorder->phases = g_array_new (FALSE, FALSE, sizeof (guint));
  recorder->log = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (job, "phase-changed", G_CALLBACK (on_phase_changed), recorder);
  g_signal_connect (job, "progress", G_CALLBACK (on_progress), recorder);
  g_signal_connect (job, "log", G_CALLBACK (on_log), recorder);
  g_signal_connect (job, "finished", G_CALLBACK (on_finished), recorder);
}

static void
recorder_clear (Recorder *recorder)
{
  g_clear_pointer (&recorder->context, g_main_context_unref);
  g_array_unref (recorder->phases);
  g_ptr_array_unref (recorder->log);
  g_clear_error (&recorder->finished_error);
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Recorder *recorder = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = bw_job_run_finish (BW_JOB (source), result, &error);

  g_assert_cmpint (ok, ==, error == NULL);
  /* "finished" came first, with the same error */
  g_assert_cmpuint (recorder->n_finished, ==, 1);
  if (error != NULL)
    g_assert_error (recorder->finished_error, error->domain, error->code);
  recorder->done = TRUE;
}

static void
test_signals_on_caller_context (void)
{
  g_autoptr(BwChunkJob) job = bw_chunk_job_new (64);
  Recorder recorder = { 0 };

  recorder_init (&recorder, BW_JOB (job));
  bw_job_run_async (BW_JOB (job), NULL, run_done, &recorder);
  while (!recorder.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (recorder.wrong_thread);
  g_assert_true (job->worker != g_thread_self ());
  g_assert_cmpuint (recorder.n_finished, ==, 1);
  g_assert_null (recorder.finished_error);
  g_assert_false (recorder.progress_after_finished);
  g_assert_cmpfloat (bw_job_get_fraction (BW_JOB (job)), ==, 1.0);
  g_assert_cmpuint (recorder.n_progress, >=, 1);
  /* every log line, in order */
  g_assert_cmpuint (recorder.log->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (recorder.log, 0), ==, "erasing");
  g_assert_cmpstr (g_ptr_array_index (recorder.log, 1), ==, "writing 64 chunks");
  g_assert_cmpstr (g_ptr_array_index (recorder.log, 2), ==, "done");
  g_assert_cmpuint (bw_job_get_log (BW_JOB (job))->len, ==, 3);
  /* every phase, in order, however fast the job went */
  g_assert_cmpuint (recorder.phases->len, ==, 3);
  g_assert_cmpuint (g_array_index (recorder.phases, guint, 0), ==, BW_PROGRESS_PHASE_ERASE);
  g_assert_cmpuint (g_array_index (recorder.phases, guint, 1), ==, BW_PROGRESS_PHASE_WRITE);
  g_assert_cmpuint (g_array_index (recorder.phases, guint, 2), ==, BW_PROGRESS_PHASE_IDLE);
  /* the write phase showed its last bytes before the job moved on */
  g_assert_cmpuint (recorder.last_write_done, ==, 64 * 256);
  g_assert_false (bw_job_is_running (BW_JOB (job)));
  recorder_clear (&recorder);
}

static void
test_progress_is_delivered_while_running (void)
{
  g_autoptr(BwChunkJob) job = bw_chunk_job_new (8);
  Recorder recorder = { 0 };
  guint64 done = 0;
  guint64 total = 0;

  job->hold_after_first_chunk = TRUE;
  recorder_init (&recorder, BW_JOB (job));
  bw_job_run_async (BW_JOB (job), NULL, run_done, &recorder);
  /* the worker stops after its first chunk; the main loop must see it */
  while (bw_job_get_phase (BW_JOB (job)) != BW_PROGRESS_PHASE_WRITE || bw_job_get_fraction (BW_JOB (job)) < 0.35)
    g_main_context_iteration (NULL, TRUE);
  bw_job_get_bytes (BW_JOB (job), &done, &total);
  g_assert_cmpuint (done, ==, 256);
  g_assert_cmpuint (total, ==, 8 * 256);
  g_assert_cmpfloat_with_epsilon (bw_job_get_fraction (BW_JOB (job)), 0.3 + 0.7 / 8, 1e-9);
  g_assert_true (bw_job_is_running (BW_JOB (job)));
  bw_chunk_job_release (job);
  while (!recorder.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (recorder.wrong_thread);
  recorder_clear (&recorder);
}

static void
test_cancel (void)
{
  g_autoptr(BwChunkJob) job = bw_chunk_job_new (8);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Recorder recorder = { 0 };

  job->hold_after_first_chunk = TRUE;
  recorder_init (&recorder, BW_JOB (job));
  bw_job_run_async (BW_JOB (job), cancellable, run_done, &recorder);
  while (!g_atomic_int_get (&job->started))
    g_usleep (1000);
  g_cancellable_cancel (cancellable);
  bw_chunk_job_release (job);
  while (!recorder.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (recorder.finished_error, BW_ERROR, BW_ERROR_CANCELLED);
  g_assert_cmpstr (recorder.finished_error->message, ==, "1 of 8 chunks written: Operation was cancelled");
  g_assert_cmpuint (job->chunks_written, ==, 1);
  recorder_clear (&recorder);
}

static void
refused_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  g_assert_false (bw_job_run_finish (BW_JOB (source), result, error));
}

static void
test_already_running (void)
{
  g_autoptr(BwChunkJob) job = bw_chunk_job_new (4);
  g_autoptr(GError) error = NULL;
  Recorder recorder = { 0 };

  job->hold_after_first_chunk = TRUE;
  recorder_init (&recorder, BW_JOB (job));
  bw_job_run_async (BW_JOB (job), NULL, run_done, &recorder);
  bw_job_run_async (BW_JOB (job), NULL, refused_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  bw_chunk_job_release (job);
  while (!recorder.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (recorder.n_finished, ==, 1);
  recorder_clear (&recorder);
}

static gpointer
thread_runs_jobs (gpointer data)
{
  guint *failures = data;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BwChunkJob) job = bw_chunk_job_new (32 + i);
      g_autoptr(GError) error = NULL;
      Recorder recorder = { 0 };

      /* bw_job_run_sync delivers on a private context of this thread */
      recorder_init (&recorder, BW_JOB (job));
      g_clear_pointer (&recorder.context, g_main_context_unref);
      if (!bw_job_run_sync (BW_JOB (job), NULL, &error) || recorder.wrong_thread ||
          recorder.n_finished != 1 || recorder.log->len != 3)
        g_atomic_int_inc ((gint *) failures);
      recorder_clear (&recorder);
    }
  return NULL;
}

static void
test_many_threads (void)
{
  GThread *threads[6];
  guint failures = 0;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("jobs", thread_runs_jobs, &failures);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (failures, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/job/signals-on-caller-context", test_signals_on_caller_context);
  g_test_add_func ("/job/progress-while-running", test_progress_is_delivered_while_running);
  g_test_add_func ("/job/cancel", test_cancel);
  g_test_add_func ("/job/already-running", test_already_running);
  g_test_add_func ("/job/many-threads", test_many_threads);
  return g_test_run ();
}

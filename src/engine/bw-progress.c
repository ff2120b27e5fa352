/* bw-progress.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A function with phases declares them with weights and hands each
 * sub-function the child of the current step, so no function needs to know
 * its share of the whole (fwupd's FuProgress model). Leaves report bytes.
 * Not thread-safe: one worker drives it; the job copies numbers out under
 * its own lock from the changed callback.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-progress.h"

typedef struct {
  BwProgressPhase phase;
  guint           weight;
} Step;

struct _BwProgress
{
  GObject               parent_instance;
  BwProgress           *parent; /* not a reference: the parent owns its child */
  GArray               *steps;
  guint                 total_weight;
  guint                 done_weight;
  guint                 current;
  BwProgress           *child;
  guint64               bytes_done;
  guint64               bytes_total;
  gboolean              finished;
  BwProgressChangedFunc changed_func;
  gpointer              changed_data;
};

G_DEFINE_FINAL_TYPE (BwProgress, bw_progress, G_TYPE_OBJECT)

static void
bw_progress_dispose (GObject *object)
{
  BwProgress *self = BW_PROGRESS (object);

  g_clear_object (&self->child);
  G_OBJECT_CLASS (bw_progress_parent_class)->dispose (object);
}

static void
bw_progress_finalize (GObject *object)
{
  BwProgress *self = BW_PROGRESS (object);

  g_array_unref (self->steps);
  G_OBJECT_CLASS (bw_progress_parent_class)->finalize (object);
}

static void
bw_progress_class_init (BwProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bw_progress_dispose;
  object_class->finalize = bw_progress_finalize;
}

static void
bw_progress_init (BwProgress *self)
{
  self->steps = g_array_new (FALSE, FALSE, sizeof (Step));
}

BwProgress *
bw_progress_new (void)
{
  return g_object_new (BW_TYPE_PROGRESS, NULL);
}

static void
notify_changed (BwProgress *self)
{
  BwProgress *root = self;

  while (root->parent != NULL)
    root = root->parent;
  if (root->changed_func != NULL)
    root->changed_func (root, root->changed_data);
}

void
bw_progress_add_step (BwProgress *self, BwProgressPhase phase, guint weight)
{
  Step step = { phase, weight };

  g_return_if_fail (BW_IS_PROGRESS (self));
  g_return_if_fail (weight > 0);

  g_array_append_val (self->steps, step);
  self->total_weight += weight;
  if (self->steps->len == 1)
    notify_changed (self);
}

/* n steps of equal weight that keep the parent's phase */
void
bw_progress_set_steps (BwProgress *self, guint n_steps)
{
  g_return_if_fail (BW_IS_PROGRESS (self));

  for (guint i = 0; i < n_steps; i++)
    {
      Step step = { BW_PROGRESS_PHASE_IDLE, 1 };

      g_array_append_val (self->steps, step);
      self->total_weight++;
    }
}

/* The progress of the current step, for the function that does it. */
BwProgress *
bw_progress_get_child (BwProgress *self)
{
  g_return_val_if_fail (BW_IS_PROGRESS (self), NULL);

  if (self->child == NULL)
    {
      self->child = bw_progress_new ();
      self->child->parent = self;
    }
  return self->child;
}

void
bw_progress_step_done (BwProgress *self)
{
  g_return_if_fail (BW_IS_PROGRESS (self));
  g_return_if_fail (self->current < self->steps->len);

  self->done_weight += g_array_index (self->steps, Step, self->current).weight;
  self->current++;
  g_clear_object (&self->child);
  notify_changed (self);
}

/* For a leaf: how many of its bytes are done. */
void
bw_progress_set_bytes (BwProgress *self, guint64 done, guint64 total)
{
  g_return_if_fail (BW_IS_PROGRESS (self));
  g_return_if_fail (done <= total);

  self->bytes_done = done;
  self->bytes_total = total;
  notify_changed (self);
}

/* Ends early, e.g. when a step turned out to have nothing to do. */
void
bw_progress_finished (BwProgress *self)
{
  g_return_if_fail (BW_IS_PROGRESS (self));

  self->finished = TRUE;
  self->current = self->steps->len;
  self->done_weight = self->total_weight;
  g_clear_object (&self->child);
  notify_changed (self);
}

gdouble
bw_progress_get_fraction (BwProgress *self)
{
  gdouble current_share = 0.0;

  g_return_val_if_fail (BW_IS_PROGRESS (self), 0.0);

  if (self->finished)
    return 1.0;
  if (self->steps->len == 0)
    return self->bytes_total > 0 ? (gdouble) self->bytes_done / (gdouble) self->bytes_total : 0.0;
  if (self->current < self->steps->len && self->child != NULL)
    current_share = g_array_index (self->steps, Step, self->current).weight *
                    bw_progress_get_fraction (self->child);
  return (self->done_weight + current_share) / (gdouble) self->total_weight;
}

/* The phase of the deepest step under way that names one. */
BwProgressPhase
bw_progress_get_phase (BwProgress *self)
{
  BwProgressPhase phase = BW_PROGRESS_PHASE_IDLE;

  g_return_val_if_fail (BW_IS_PROGRESS (self), BW_PROGRESS_PHASE_IDLE);

  if (self->current < self->steps->len)
    phase = g_array_index (self->steps, Step, self->current).phase;
  if (self->child != NULL)
    {
      BwProgressPhase inner = bw_progress_get_phase (self->child);

      if (inner != BW_PROGRESS_PHASE_IDLE)
        phase = inner;
    }
  return phase;
}

/* The bytes of the deepest leaf under way. */
void
bw_progress_get_bytes (BwProgress *self, guint64 *done, guint64 *total)
{
  g_return_if_fail (BW_IS_PROGRESS (self));

  if (self->child != NULL && self->current < self->steps->len)
    {
      bw_progress_get_bytes (self->child, done, total);
      return;
    }
  if (done != NULL)
    *done = self->bytes_done;
  if (total != NULL)
    *total = self->bytes_total;
}

void
bw_progress_set_changed_func (BwProgress *self, BwProgressChangedFunc func, gpointer user_data)
{
  g_return_if_fail (BW_IS_PROGRESS (self));
  self->changed_func = func;
  self->changed_data = user_data;
}

const gchar *
bw_progress_phase_to_string (BwProgressPhase phase)
{
  switch (phase)
    {
    case BW_PROGRESS_PHASE_CONNECT:
      return "connect";
    case BW_PROGRESS_PHASE_CHECK:
      return "check";
    case BW_PROGRESS_PHASE_BACKUP:
      return "backup";
    case BW_PROGRESS_PHASE_ERASE:
      return "erase";
    case BW_PROGRESS_PHASE_WRITE:
      return "write";
    case BW_PROGRESS_PHASE_VERIFY:
      return "verify";
    case BW_PROGRESS_PHASE_RESET:
      return "reset";
    case BW_PROGRESS_PHASE_IDLE:
    default:
      return "idle";
    }
}

const gchar *
bw_progress_phase_in_words (BwProgressPhase phase)
{
  switch (phase)
    {
    case BW_PROGRESS_PHASE_CONNECT:
      return _("Connecting");
    case BW_PROGRESS_PHASE_CHECK:
      return _("Checking");
    case BW_PROGRESS_PHASE_BACKUP:
      /* TRANSLATORS: reading the chip's flash into a backup file */
      return _("Backing up");
    case BW_PROGRESS_PHASE_ERASE:
      return _("Erasing");
    case BW_PROGRESS_PHASE_WRITE:
      return _("Writing");
    case BW_PROGRESS_PHASE_VERIFY:
      /* TRANSLATORS: reading the flash back and comparing it with the file */
      return _("Verifying");
    case BW_PROGRESS_PHASE_RESET:
      /* TRANSLATORS: restarting the ESC's microcontroller */
      return _("Resetting");
    case BW_PROGRESS_PHASE_IDLE:
    default:
      return _("Starting");
    }
}

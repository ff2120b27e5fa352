/* bw-progress.h: weighted, nested progress of a job
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  BW_PROGRESS_PHASE_IDLE,
  BW_PROGRESS_PHASE_CONNECT,
  BW_PROGRESS_PHASE_CHECK,
  BW_PROGRESS_PHASE_BACKUP,
  BW_PROGRESS_PHASE_ERASE,
  BW_PROGRESS_PHASE_WRITE,
  BW_PROGRESS_PHASE_VERIFY,
  BW_PROGRESS_PHASE_RESET,
} BwProgressPhase;

#define BW_TYPE_PROGRESS (bw_progress_get_type ())
G_DECLARE_FINAL_TYPE (BwProgress, bw_progress, BW, PROGRESS, GObject)

typedef void (*BwProgressChangedFunc) (BwProgress *progress,
                                       gpointer    user_data);

BwProgress     *bw_progress_new               (void);
void            bw_progress_add_step          (BwProgress           *self,
                                               BwProgressPhase       phase,
                                               guint                 weight);
void            bw_progress_set_steps         (BwProgress           *self,
                                               guint                 n_steps);
BwProgress     *bw_progress_get_child         (BwProgress           *self);
void            bw_progress_step_done         (BwProgress           *self);
void            bw_progress_set_bytes         (BwProgress           *self,
                                               guint64               done,
                                               guint64               total);
void            bw_progress_finished          (BwProgress           *self);
gdouble         bw_progress_get_fraction      (BwProgress           *self);
BwProgressPhase bw_progress_get_phase         (BwProgress           *self);
void            bw_progress_get_bytes         (BwProgress           *self,
                                               guint64              *done,
                                               guint64              *total);
void            bw_progress_set_changed_func  (BwProgress           *self,
                                               BwProgressChangedFunc func,
                                               gpointer              user_data);

const gchar    *bw_progress_phase_to_string   (BwProgressPhase       phase);
/* The phase as the CLI and the wizard show it, translated. */
const gchar    *bw_progress_phase_in_words    (BwProgressPhase       phase);

G_END_DECLS

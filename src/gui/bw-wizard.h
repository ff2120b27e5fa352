/* bw-wizard.h: the wizard's state, step by step, without widgets
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bootwire-engine.h"

G_BEGIN_DECLS

typedef enum {
  BW_WIZARD_STEP_BOARD,
  BW_WIZARD_STEP_WIRING,
  BW_WIZARD_STEP_CONNECT,
  BW_WIZARD_STEP_FILE,
  BW_WIZARD_STEP_PROGRAM,
  BW_WIZARD_STEP_DONE,
} BwWizardStep;

typedef enum {
  BW_WIZARD_TASK_INSTALL,
  BW_WIZARD_TASK_RECOVER,
} BwWizardTask;

typedef enum {
  BW_WIZARD_JOB_IDLE,
  BW_WIZARD_JOB_RUNNING,
  BW_WIZARD_JOB_SUCCEEDED,
  BW_WIZARD_JOB_FAILED,
} BwWizardJobState;

#define BW_TYPE_WIZARD (bw_wizard_get_type ())
G_DECLARE_FINAL_TYPE (BwWizard, bw_wizard, BW, WIZARD, GObject)

BwWizard         *bw_wizard_new                  (BwBoardDb      *db);
BwBoardDb        *bw_wizard_get_board_db         (BwWizard       *self);

BwWizardStep      bw_wizard_get_step             (BwWizard       *self);
gboolean          bw_wizard_get_can_go_next      (BwWizard       *self);
gboolean          bw_wizard_get_can_go_back      (BwWizard       *self);
gboolean          bw_wizard_go_next              (BwWizard       *self);
gboolean          bw_wizard_go_back              (BwWizard       *self);
gboolean          bw_wizard_get_busy             (BwWizard       *self);

void              bw_wizard_set_board            (BwWizard       *self,
                                                  BwBoard        *board);
BwBoard          *bw_wizard_get_board            (BwWizard       *self);
void              bw_wizard_set_task             (BwWizard       *self,
                                                  BwWizardTask    task);
BwWizardTask      bw_wizard_get_task             (BwWizard       *self);
void              bw_wizard_set_probe_profile    (BwWizard       *self,
                                                  BwProbeProfile *probe);
BwProbeProfile   *bw_wizard_get_probe_profile    (BwWizard       *self);
BwWiring         *bw_wizard_get_wiring           (BwWizard       *self);

void              bw_wizard_set_transport        (BwWizard       *self,
                                                  BwTransport    *transport,
                                                  gboolean        demo);
BwTransport      *bw_wizard_get_transport        (BwWizard       *self);
gboolean          bw_wizard_get_demo             (BwWizard       *self);

void              bw_wizard_start_check          (BwWizard       *self);
BwCheckJob       *bw_wizard_get_check_job        (BwWizard       *self);
BwWizardJobState  bw_wizard_get_check_state      (BwWizard       *self);
const GError     *bw_wizard_get_check_error      (BwWizard       *self);

gboolean          bw_wizard_set_image_path       (BwWizard       *self,
                                                  const gchar    *path,
                                                  GError        **error);
BwImageFile      *bw_wizard_get_image_file       (BwWizard       *self);
BwVescImage      *bw_wizard_get_vesc_image       (BwWizard       *self);
gboolean          bw_wizard_get_image_is_bundled (BwWizard       *self);
const GError     *bw_wizard_get_image_error      (BwWizard       *self);
BwPlan           *bw_wizard_get_plan             (BwWizard       *self);
gboolean          bw_wizard_get_plan_erases      (BwWizard       *self);
void              bw_wizard_set_backup_dir       (BwWizard       *self,
                                                  const gchar    *dir);
const gchar      *bw_wizard_get_backup_path      (BwWizard       *self);

void              bw_wizard_start_program        (BwWizard       *self);
BwProgramJob     *bw_wizard_get_program_job      (BwWizard       *self);
BwWizardJobState  bw_wizard_get_program_state    (BwWizard       *self);
const GError     *bw_wizard_get_program_error    (BwWizard       *self);
void              bw_wizard_cancel               (BwWizard       *self);
void              bw_wizard_restart              (BwWizard       *self);

gchar            *bw_wizard_find_bundled_bootloader (BwBoard     *board,
                                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

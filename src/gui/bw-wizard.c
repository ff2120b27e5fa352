/* bw-wizard.c: the wizard's state, step by step, without widgets
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-wizard.h"

#define BOOTLOADER_SECTOR 11
#define DEFAULT_PROBE_ID  "stlink-v2-clone-a"

struct _BwWizard
{
  GObject           parent_instance;

  BwBoardDb        *db;
  BwWizardStep      step;
  BwWizardTask      task;
  BwBoard          *board;
  BwProbeProfile   *probe;
  BwWiring         *wiring;
  BwTransport      *transport;
  gboolean          demo;

  BwCheckJob       *check_job;
  BwWizardJobState  check_state;
  GError           *check_error;

  BwImageFile      *image_file;
  BwVescImage      *vesc_image;
  gboolean          image_is_bundled;
  GError           *image_error;
  gchar            *backup_dir;
  gchar            *backup_path;
  BwPlan           *plan;

  BwProgramJob     *program_job;
  BwWizardJobState  program_state;
  GError           *program_error;

  GCancellable     *cancellable;
  gboolean          can_go_next;
  gboolean          can_go_back;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (BwWizard, bw_wizard, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STEP,
  PROP_TASK,
  PROP_BOARD,
  PROP_PROBE_PROFILE,
  PROP_WIRING,
  PROP_TRANSPORT,
  PROP_DEMO,
  PROP_CHECK_JOB,
  PROP_CHECK_STATE,
  PROP_IMAGE_FILE,
  PROP_PLAN,
  PROP_PROGRAM_JOB,
  PROP_PROGRAM_STATE,
  PROP_CAN_GO_NEXT,
  PROP_CAN_GO_BACK,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gchar *
bw_wizard_find_bundled_bootloader (BwBoard *board, GError **error)
{
  return bw_bundled_bootloader_find (board != NULL ? bw_board_get_bootloader (board) : NULL, error);
}

static void
notify (BwWizard *self, guint prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_navigation (BwWizard *self)
{
  gboolean busy = self->check_state == BW_WIZARD_JOB_RUNNING ||
                  self->program_state == BW_WIZARD_JOB_RUNNING;
  gboolean next = FALSE;
  gboolean back;

  switch (self->step)
    {
    case BW_WIZARD_STEP_BOARD:
      next = self->board != NULL;
      break;
    case BW_WIZARD_STEP_WIRING:
      next = self->wiring != NULL;
      break;
    case BW_WIZARD_STEP_CONNECT:
      next = self->check_state == BW_WIZARD_JOB_SUCCEEDED;
      break;
    case BW_WIZARD_STEP_FILE:
      next = self->plan != NULL;
      break;
    case BW_WIZARD_STEP_PROGRAM:
    case BW_WIZARD_STEP_DONE:
    default:
      next = FALSE;
      break;
    }
  back = !busy && self->step != BW_WIZARD_STEP_BOARD && self->step != BW_WIZARD_STEP_DONE;

  g_object_freeze_notify (G_OBJECT (self));
  if (busy != self->busy)
    {
      self->busy = busy;
      notify (self, PROP_BUSY);
    }
  if (next != self->can_go_next)
    {
      self->can_go_next = next;
      notify (self, PROP_CAN_GO_NEXT);
    }
  if (back != self->can_go_back)
    {
      self->can_go_back = back;
      notify (self, PROP_CAN_GO_BACK);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_step (BwWizard *self, BwWizardStep step)
{
  if (self->step == step)
    return;
  self->step = step;
  notify (self, PROP_STEP);
  update_navigation (self);
}

static void
rebuild_wiring (BwWizard *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->wiring);
  if (self->board != NULL && self->probe != NULL)
    {
      self->wiring = bw_wiring_new (self->board, self->probe, BW_POWER_SOURCE_BATTERY, &error);
      if (self->wiring == NULL)
        g_debug ("no wiring for %s and %s: %s", bw_board_get_id (self->board),
                 bw_probe_profile_get_id (self->probe), error->message);
    }
  notify (self, PROP_WIRING);
}

static void
clear_plan (BwWizard *self)
{
  if (self->plan == NULL && self->backup_path == NULL)
    return;
  g_clear_object (&self->plan);
  g_clear_pointer (&self->backup_path, g_free);
  notify (self, PROP_PLAN);
}

/* A plan needs both the file and what the check found on the chip. */
static void
rebuild_plan (BwWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree gchar *name = NULL;
  BwPlanOptions options = { 0 };
  const gchar *const *names;
  const gchar *image_hardware;

  clear_plan (self);
  if (self->image_file == NULL || self->image_error != NULL ||
      self->check_state != BW_WIZARD_JOB_SUCCEEDED)
    {
      update_navigation (self);
      return;
    }

  name = g_strdup_printf ("backup-%s-%s.bin", self->board != NULL ? bw_board_get_id (self->board) : "esc", stamp);
  self->backup_path = g_build_filename (self->backup_dir, name, NULL);
  options.blank_sectors = bw_check_job_get_blank_sectors (self->check_job);
  options.chip_id = bw_check_job_get_dev_id (self->check_job);
  options.backup_path = self->backup_path;
  names = self->board != NULL ? bw_board_get_hardware (self->board) : NULL;
  image_hardware = bw_vesc_image_get_hardware_name (self->vesc_image);
  if (names != NULL && names[0] != NULL)
    {
      options.board_hardware = names[0];
      for (guint i = 0; image_hardware != NULL && names[i] != NULL; i++)
        if (g_strcmp0 (names[i], image_hardware) == 0)
          options.board_hardware = names[i];
    }

  self->plan = bw_plan_new (bw_image_file_get_image (self->image_file), map, &options, &error);
  if (self->plan == NULL)
    {
      g_clear_pointer (&self->backup_path, g_free);
      self->image_error = g_steal_pointer (&error);
      notify (self, PROP_IMAGE_FILE);
    }
  notify (self, PROP_PLAN);
  update_navigation (self);
}

static void
clear_check (BwWizard *self)
{
  if (self->check_state == BW_WIZARD_JOB_RUNNING)
    return;
  g_clear_object (&self->check_job);
  g_clear_error (&self->check_error);
  self->check_state = BW_WIZARD_JOB_IDLE;
  notify (self, PROP_CHECK_JOB);
  notify (self, PROP_CHECK_STATE);
  clear_plan (self);
}

static void
clear_program (BwWizard *self)
{
  if (self->program_state == BW_WIZARD_JOB_RUNNING)
    return;
  g_clear_object (&self->program_job);
  g_clear_error (&self->program_error);
  self->program_state = BW_WIZARD_JOB_IDLE;
  notify (self, PROP_PROGRAM_JOB);
  notify (self, PROP_PROGRAM_STATE);
}

static void
clear_image (BwWizard *self)
{
  g_clear_object (&self->image_file);
  g_clear_object (&self->vesc_image);
  g_clear_error (&self->image_error);
  self->image_is_bundled = FALSE;
  notify (self, PROP_IMAGE_FILE);
  clear_plan (self);
}

static void
preselect_bundled (BwWizard *self)
{
  g_autofree gchar *path = bw_wizard_find_bundled_bootloader (self->board, NULL);

  if (path != NULL && bw_wizard_set_image_path (self, path, NULL))
    self->image_is_bundled = TRUE;
}

static void
bw_wizard_dispose (GObject *object)
{
  BwWizard *self = BW_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->check_job);
  g_clear_object (&self->program_job);
  g_clear_object (&self->plan);
  g_clear_object (&self->image_file);
  g_clear_object (&self->vesc_image);
  g_clear_object (&self->wiring);
  g_clear_object (&self->transport);
  g_clear_object (&self->probe);
  g_clear_object (&self->board);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (bw_wizard_parent_class)->dispose (object);
}

static void
bw_wizard_finalize (GObject *object)
{
  BwWizard *self = BW_WIZARD (object);

  g_clear_error (&self->check_error);
  g_clear_error (&self->image_error);
  g_clear_error (&self->program_error);
  g_free (self->backup_dir);
  g_free (self->backup_path);
  G_OBJECT_CLASS (bw_wizard_parent_class)->finalize (object);
}

static void
bw_wizard_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BwWizard *self = BW_WIZARD (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_TASK:
      g_value_set_uint (value, self->task);
      break;
    case PROP_BOARD:
      g_value_set_object (value, self->board);
      break;
    case PROP_PROBE_PROFILE:
      g_value_set_object (value, self->probe);
      break;
    case PROP_WIRING:
      g_value_set_object (value, self->wiring);
      break;
    case PROP_TRANSPORT:
      g_value_set_object (value, self->transport);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_CHECK_JOB:
      g_value_set_object (value, self->check_job);
      break;
    case PROP_CHECK_STATE:
      g_value_set_uint (value, self->check_state);
      break;
    case PROP_IMAGE_FILE:
      g_value_set_object (value, self->image_file);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_PROGRAM_JOB:
      g_value_set_object (value, self->program_job);
      break;
    case PROP_PROGRAM_STATE:
      g_value_set_uint (value, self->program_state);
      break;
    case PROP_CAN_GO_NEXT:
      g_value_set_boolean (value, self->can_go_next);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->can_go_back);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bw_wizard_class_init (BwWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = bw_wizard_dispose;
  object_class->finalize = bw_wizard_finalize;
  object_class->get_property = bw_wizard_get_property;

  properties[PROP_STEP] = g_param_spec_uint ("step", NULL, NULL, 0, BW_WIZARD_STEP_DONE, 0, flags);
  properties[PROP_TASK] = g_param_spec_uint ("task", NULL, NULL, 0, BW_WIZARD_TASK_RECOVER, 0, flags);
  properties[PROP_BOARD] = g_param_spec_object ("board", NULL, NULL, BW_TYPE_BOARD, flags);
  properties[PROP_PROBE_PROFILE] = g_param_spec_object ("probe-profile", NULL, NULL, BW_TYPE_PROBE_PROFILE, flags);
  properties[PROP_WIRING] = g_param_spec_object ("wiring", NULL, NULL, BW_TYPE_WIRING, flags);
  properties[PROP_TRANSPORT] = g_param_spec_object ("transport", NULL, NULL, G_TYPE_OBJECT, flags);
  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE, flags);
  properties[PROP_CHECK_JOB] = g_param_spec_object ("check-job", NULL, NULL, BW_TYPE_CHECK_JOB, flags);
  properties[PROP_CHECK_STATE] = g_param_spec_uint ("check-state", NULL, NULL, 0, BW_WIZARD_JOB_FAILED, 0, flags);
  properties[PROP_IMAGE_FILE] = g_param_spec_object ("image-file", NULL, NULL, BW_TYPE_IMAGE_FILE, flags);
  properties[PROP_PLAN] = g_param_spec_object ("plan", NULL, NULL, BW_TYPE_PLAN, flags);
  properties[PROP_PROGRAM_JOB] = g_param_spec_object ("program-job", NULL, NULL, BW_TYPE_PROGRAM_JOB, flags);
  properties[PROP_PROGRAM_STATE] = g_param_spec_uint ("program-state", NULL, NULL, 0, BW_WIZARD_JOB_FAILED, 0, flags);
  properties[PROP_CAN_GO_NEXT] = g_param_spec_boolean ("can-go-next", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_GO_BACK] = g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bw_wizard_init (BwWizard *self)
{
  self->cancellable = g_cancellable_new ();
  self->backup_dir = g_build_filename (g_get_user_data_dir (), "bootwire", "backups", NULL);
}

BwWizard *
bw_wizard_new (BwBoardDb *db)
{
  BwWizard *self;
  BwProbeProfile *probe;

  g_return_val_if_fail (BW_IS_BOARD_DB (db), NULL);

  self = g_object_new (BW_TYPE_WIZARD, NULL);
  self->db = g_object_ref (db);
  probe = bw_board_db_find_probe (db, DEFAULT_PROBE_ID);
  if (probe == NULL && bw_board_db_get_probes (db)->len > 0)
    probe = g_ptr_array_index (bw_board_db_get_probes (db), 0);
  if (probe != NULL)
    self->probe = g_object_ref (probe);
  return self;
}

BwBoardDb *
bw_wizard_get_board_db (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->db;
}

BwWizardStep
bw_wizard_get_step (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_WIZARD_STEP_BOARD);
  return self->step;
}

gboolean
bw_wizard_get_can_go_next (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  return self->can_go_next;
}

gboolean
bw_wizard_get_can_go_back (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  return self->can_go_back;
}

gboolean
bw_wizard_get_busy (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  return self->busy;
}

gboolean
bw_wizard_go_next (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);

  if (!self->can_go_next)
    return FALSE;
  set_step (self, self->step + 1);
  if (self->step == BW_WIZARD_STEP_CONNECT && self->check_state != BW_WIZARD_JOB_SUCCEEDED)
    bw_wizard_start_check (self);
  return TRUE;
}

gboolean
bw_wizard_go_back (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);

  if (!self->can_go_back)
    return FALSE;
  if (self->step == BW_WIZARD_STEP_PROGRAM)
    clear_program (self);
  set_step (self, self->step - 1);
  return TRUE;
}

void
bw_wizard_set_board (BwWizard *self, BwBoard *board)
{
  g_return_if_fail (BW_IS_WIZARD (self));
  g_return_if_fail (board == NULL || BW_IS_BOARD (board));

  if (self->board == board || self->busy)
    return;
  g_set_object (&self->board, board);
  notify (self, PROP_BOARD);
  rebuild_wiring (self);
  clear_check (self);
  clear_image (self);
  if (board != NULL)
    preselect_bundled (self);
  update_navigation (self);
}

BwBoard *
bw_wizard_get_board (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->board;
}

void
bw_wizard_set_task (BwWizard *self, BwWizardTask task)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->task == task)
    return;
  self->task = task;
  notify (self, PROP_TASK);
}

BwWizardTask
bw_wizard_get_task (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_WIZARD_TASK_INSTALL);
  return self->task;
}

void
bw_wizard_set_probe_profile (BwWizard *self, BwProbeProfile *probe)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (!g_set_object (&self->probe, probe))
    return;
  notify (self, PROP_PROBE_PROFILE);
  rebuild_wiring (self);
  update_navigation (self);
}

BwProbeProfile *
bw_wizard_get_probe_profile (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->probe;
}

BwWiring *
bw_wizard_get_wiring (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->wiring;
}

void
bw_wizard_set_transport (BwWizard *self, BwTransport *transport, gboolean demo)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  g_set_object (&self->transport, transport);
  notify (self, PROP_TRANSPORT);
  if (self->demo != demo)
    {
      self->demo = demo;
      notify (self, PROP_DEMO);
    }
  clear_check (self);
  update_navigation (self);
  if (self->step == BW_WIZARD_STEP_CONNECT)
    bw_wizard_start_check (self);
}

BwTransport *
bw_wizard_get_transport (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->transport;
}

gboolean
bw_wizard_get_demo (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  return self->demo;
}

static void
check_finished_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BwWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (BW_JOB (source) != BW_JOB (self->check_job))
    return;
  if (bw_job_run_finish (BW_JOB (source), result, &error))
    self->check_state = BW_WIZARD_JOB_SUCCEEDED;
  else
    {
      self->check_state = BW_WIZARD_JOB_FAILED;
      self->check_error = g_steal_pointer (&error);
    }
  notify (self, PROP_CHECK_STATE);
  rebuild_plan (self);
  update_navigation (self);
}

void
bw_wizard_start_check (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  clear_check (self);
  if (self->transport == NULL)
    {
      self->check_state = BW_WIZARD_JOB_FAILED;
      self->check_error = g_error_new_literal (BW_ERROR, BW_ERROR_PROBE_NOT_FOUND,
                                               _("No ST-Link is plugged in."));
      notify (self, PROP_CHECK_STATE);
      update_navigation (self);
      return;
    }
  self->check_job = bw_check_job_new (self->transport);
  bw_check_job_set_expected_chip (self->check_job, BW_CHIP_ID_STM32F405);
  bw_check_job_set_sectors_to_test (self->check_job, 1u << BOOTLOADER_SECTOR);
  self->check_state = BW_WIZARD_JOB_RUNNING;
  notify (self, PROP_CHECK_JOB);
  notify (self, PROP_CHECK_STATE);
  update_navigation (self);
  bw_job_run_async (BW_JOB (self->check_job), self->cancellable, check_finished_cb, g_object_ref (self));
}

BwCheckJob *
bw_wizard_get_check_job (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->check_job;
}

BwWizardJobState
bw_wizard_get_check_state (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_WIZARD_JOB_IDLE);
  return self->check_state;
}

const GError *
bw_wizard_get_check_error (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->check_error;
}

gboolean
bw_wizard_set_image_path (BwWizard *self, const gchar *path, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->busy)
    return FALSE;
  clear_image (self);
  file = g_file_new_for_path (path);
  self->image_file = bw_image_file_new (file);
  if (bw_image_file_load (self->image_file, FALSE, 0, NULL, &local_error) &&
      bw_image_check_fits (bw_image_file_get_image (self->image_file), map, &local_error))
    {
      self->vesc_image = bw_vesc_image_new_from_image (bw_image_file_get_image (self->image_file));
      if (bw_vesc_image_get_kind (self->vesc_image) != BW_VESC_KIND_BOOTLOADER)
        g_set_error (&local_error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                     _("This file is not a VESC bootloader (it looks like: %s). "
                       "Choose the bootloader file for your board."),
                     bw_vesc_kind_to_string (bw_vesc_image_get_kind (self->vesc_image)));
    }
  if (local_error != NULL)
    {
      self->image_error = g_error_copy (local_error);
      notify (self, PROP_IMAGE_FILE);
      clear_plan (self);
      update_navigation (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  notify (self, PROP_IMAGE_FILE);
  rebuild_plan (self);
  return TRUE;
}

BwImageFile *
bw_wizard_get_image_file (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->image_file;
}

BwVescImage *
bw_wizard_get_vesc_image (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->vesc_image;
}

gboolean
bw_wizard_get_image_is_bundled (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  return self->image_is_bundled;
}

const GError *
bw_wizard_get_image_error (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->image_error;
}

BwPlan *
bw_wizard_get_plan (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->plan;
}

gboolean
bw_wizard_get_plan_erases (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);

  if (self->plan == NULL)
    return FALSE;
  if (bw_plan_get_erase_mask (self->plan) != 0)
    return TRUE;
  for (guint i = 0; i < bw_plan_get_n_steps (self->plan); i++)
    if (bw_plan_get_step (self->plan, i)->kind == BW_PLAN_STEP_MASS_ERASE)
      return TRUE;
  return FALSE;
}

void
bw_wizard_set_backup_dir (BwWizard *self, const gchar *dir)
{
  g_return_if_fail (BW_IS_WIZARD (self));
  g_return_if_fail (dir != NULL);

  g_free (self->backup_dir);
  self->backup_dir = g_strdup (dir);
  if (!self->busy)
    rebuild_plan (self);
}

const gchar *
bw_wizard_get_backup_path (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->backup_path;
}

static void
program_finished_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BwWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (BW_JOB (source) != BW_JOB (self->program_job))
    return;
  if (bw_job_run_finish (BW_JOB (source), result, &error))
    self->program_state = BW_WIZARD_JOB_SUCCEEDED;
  else
    {
      self->program_state = BW_WIZARD_JOB_FAILED;
      self->program_error = g_steal_pointer (&error);
    }
  notify (self, PROP_PROGRAM_STATE);
  update_navigation (self);
  if (self->program_state == BW_WIZARD_JOB_SUCCEEDED)
    set_step (self, BW_WIZARD_STEP_DONE);
}

void
bw_wizard_start_program (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy || self->plan == NULL || self->step != BW_WIZARD_STEP_PROGRAM ||
      self->program_state == BW_WIZARD_JOB_SUCCEEDED)
    return;
  clear_program (self);
  if (self->backup_dir != NULL)
    g_mkdir_with_parents (self->backup_dir, 0700);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  self->program_job = bw_program_job_new (self->transport, self->plan, self->backup_path);
  self->program_state = BW_WIZARD_JOB_RUNNING;
  notify (self, PROP_PROGRAM_JOB);
  notify (self, PROP_PROGRAM_STATE);
  update_navigation (self);
  bw_job_run_async (BW_JOB (self->program_job), self->cancellable, program_finished_cb, g_object_ref (self));
}

BwProgramJob *
bw_wizard_get_program_job (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->program_job;
}

BwWizardJobState
bw_wizard_get_program_state (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_WIZARD_JOB_IDLE);
  return self->program_state;
}

const GError *
bw_wizard_get_program_error (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->program_error;
}

/* Stops the running job at its next safe point; its finished callback then
 * says what the chip holds. */
void
bw_wizard_cancel (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (!self->busy)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

void
bw_wizard_restart (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  clear_program (self);
  clear_check (self);
  set_step (self, BW_WIZARD_STEP_BOARD);
  update_navigation (self);
}

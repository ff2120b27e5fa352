/* bw-wizard.c: the wizard's state, step by step, without widgets
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bw-demo.h"
#include "bw-wizard.h"

#define BOOTLOADER_SECTOR 11
#define ALL_SECTORS       0xFFFu
#define DEFAULT_PROBE_ID  "stlink-v2-clone-a"

struct _BwWizard
{
  GObject           parent_instance;

  BwBoardDb        *db;
  GPtrArray        *stlink_layouts;
  BwWizardStep      step;
  BwWizardTask      task;
  BwBoard          *board;
  BwProbeProfile   *probe;
  BwWizardProbeKind probe_kind;
  BwProbeProfile   *stlink_probe;   /* the layout to come back to from a VESC */
  BwProbeProfile   *vesc_probe;     /* the VESC-as-programmer profile, if the data has it */
  GPtrArray        *vesc_ports;
  GPtrArray        *vesc_port_labels; /* what the picker shows of each */
  gchar            *vesc_port;
  BwWiring         *wiring;
  BwTransport      *transport;
  gboolean          demo;
  GPtrArray        *probes;
  gchar            *probe_serial;
  GError           *probe_error;
  BwWizardOpenProbeFunc open_probe;
  gpointer          open_probe_data;
  BwStlinkConnectMode connect_mode;
  guint             swd_khz;

  BwMaintenanceJob *unlock_job;
  BwWizardJobState  unlock_state;
  GError           *unlock_error;

  BwCheckJob       *check_job;
  BwJob            *vesc_check_job;   /* BwVescCheckJob or BwVescUsbCheckJob */
  BwWizardJobState  check_state;
  GError           *check_error;

  BwImageFile      *image_file;
  BwVescImage      *vesc_image;
  gboolean          image_is_bundled;
  GError           *image_error;
  BwImageFile      *firmware_file;
  BwVescImage      *firmware_vesc;
  GError           *firmware_error;
  gboolean          mass_erase;
  GError           *plan_error;
  gchar            *backup_dir;
  gchar            *backup_path;
  BwPlan           *plan;
  /* the plan through a VESC or over USB: no BwPlan, the jobs have their own */
  GStrv             vesc_plan_lines;
  GStrv             vesc_plan_notes;
  GBytes           *vesc_firmware;
  GBytes           *vesc_bootloader;
  gchar            *vesc_bootloader_name;

  BwProgramJob     *program_job;
  BwJob            *vesc_program_job; /* BwVescRecoverJob or BwVescBootloaderJob */
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
  PROP_PROBE_KIND,
  PROP_VESC_PORTS,
  PROP_VESC_PORT,
  PROP_WIRING,
  PROP_TRANSPORT,
  PROP_DEMO,
  PROP_PROBES,
  PROP_PROBE_SERIAL,
  PROP_CONNECT_MODE,
  PROP_SWD_KHZ,
  PROP_UNLOCK_STATE,
  PROP_FIRMWARE_FILE,
  PROP_MASS_ERASE,
  PROP_BACKUP_DIR,
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
                  self->program_state == BW_WIZARD_JOB_RUNNING ||
                  self->unlock_state == BW_WIZARD_JOB_RUNNING;
  gboolean next = FALSE;
  gboolean back;

  switch (self->step)
    {
    case BW_WIZARD_STEP_BOARD:
      next = self->board != NULL;
      break;
    case BW_WIZARD_STEP_WIRING:
      next = bw_wizard_get_wiring_blocker (self) == NULL;
      break;
    case BW_WIZARD_STEP_CONNECT:
      next = self->check_state == BW_WIZARD_JOB_SUCCEEDED;
      break;
    case BW_WIZARD_STEP_FILE:
      next = bw_wizard_get_has_plan (self);
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
  /* the ESC may have been plugged in since the ports were last listed
   * (e.g. at start, with the way to it remembered from last time) */
  if (step == BW_WIZARD_STEP_WIRING && self->probe_kind != BW_WIZARD_PROBE_STLINK && self->vesc_port == NULL)
    bw_wizard_scan_vesc_ports (self);
  update_navigation (self);
}

static void
rebuild_wiring (BwWizard *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->wiring);
  if (self->board != NULL && self->probe != NULL && self->probe_kind != BW_WIZARD_PROBE_USB)
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
  g_clear_error (&self->plan_error);
  g_clear_pointer (&self->vesc_firmware, g_bytes_unref);
  g_clear_pointer (&self->vesc_bootloader, g_bytes_unref);
  g_clear_pointer (&self->vesc_bootloader_name, g_free);
  if (self->plan == NULL && self->backup_path == NULL && self->vesc_plan_lines == NULL)
    return;
  g_clear_pointer (&self->vesc_plan_lines, g_strfreev);
  g_clear_pointer (&self->vesc_plan_notes, g_strfreev);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->backup_path, g_free);
  notify (self, PROP_PLAN);
}

/* The bootloader and, when recovering, the firmware below it, as one image. */
static BwImage *
image_to_write (BwWizard *self, GError **error)
{
  g_autoptr(BwImage) merged = NULL;
  BwImage *parts[2];

  if (self->task != BW_WIZARD_TASK_RECOVER || self->firmware_file == NULL)
    return g_object_ref (bw_image_file_get_image (self->image_file));
  parts[0] = bw_image_file_get_image (self->firmware_file);
  parts[1] = bw_image_file_get_image (self->image_file);
  merged = bw_image_new ();
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    for (guint i = 0; i < bw_image_get_n_segments (parts[p]); i++)
      if (!bw_image_add_data (merged, bw_image_get_segment_address (parts[p], i),
                              bw_image_get_segment_data (parts[p], i),
                              bw_image_get_segment_size (parts[p], i), error))
        return NULL;
  return g_steal_pointer (&merged);
}

/* The board's hardware name the plan checks the image against: the one the
 * image names when the board has it, else the board's first. */
static const gchar *
board_hardware_for (BwWizard *self, BwImage *image)
{
  g_autoptr(BwVescImage) vesc = bw_vesc_image_new_from_image (image);
  const gchar *const *names = self->board != NULL ? bw_board_get_hardware (self->board) : NULL;
  const gchar *image_hardware = bw_vesc_image_get_hardware_name (vesc);

  if (names == NULL || names[0] == NULL)
    return NULL;
  for (guint i = 0; image_hardware != NULL && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], image_hardware) == 0)
      return names[i];
  return names[0];
}

static void rebuild_vesc_plan (BwWizard *self);

/* A plan needs the file(s) and what the check found on the chip. */
static void
rebuild_plan (BwWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree gchar *name = NULL;
  g_autoptr(BwImage) image = NULL;
  BwPlanOptions options = { 0 };

  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    {
      rebuild_vesc_plan (self);
      return;
    }
  clear_plan (self);
  if (self->image_file == NULL || self->image_error != NULL ||
      (self->task == BW_WIZARD_TASK_RECOVER && self->firmware_error != NULL) ||
      self->check_state != BW_WIZARD_JOB_SUCCEEDED)
    {
      notify (self, PROP_PLAN);
      update_navigation (self);
      return;
    }

  name = g_strdup_printf ("backup-%s-%s.bin", self->board != NULL ? bw_board_get_id (self->board) : "esc", stamp);
  self->backup_path = g_build_filename (self->backup_dir, name, NULL);
  image = image_to_write (self, &error);
  if (image != NULL)
    {
      options.blank_sectors = bw_check_job_get_blank_sectors (self->check_job);
      options.chip_id = bw_check_job_get_dev_id (self->check_job);
      options.backup_path = self->backup_path;
      options.board_hardware = board_hardware_for (self, image);
      if (self->task == BW_WIZARD_TASK_RECOVER && self->mass_erase)
        options.flags |= BW_PLAN_FLAG_MASS_ERASE;
      self->plan = bw_plan_new (image, map, &options, &error);
    }
  if (self->plan == NULL)
    {
      g_clear_pointer (&self->backup_path, g_free);
      self->plan_error = g_steal_pointer (&error);
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
  g_clear_object (&self->vesc_check_job);
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
  g_clear_object (&self->vesc_program_job);
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
clear_firmware (BwWizard *self)
{
  g_clear_object (&self->firmware_file);
  g_clear_object (&self->firmware_vesc);
  g_clear_error (&self->firmware_error);
  notify (self, PROP_FIRMWARE_FILE);
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
  g_clear_object (&self->vesc_check_job);
  g_clear_object (&self->program_job);
  g_clear_object (&self->vesc_program_job);
  g_clear_object (&self->unlock_job);
  g_clear_pointer (&self->vesc_firmware, g_bytes_unref);
  g_clear_pointer (&self->vesc_bootloader, g_bytes_unref);
  g_clear_object (&self->stlink_probe);
  g_clear_object (&self->vesc_probe);
  g_clear_object (&self->plan);
  g_clear_object (&self->image_file);
  g_clear_object (&self->vesc_image);
  g_clear_object (&self->firmware_file);
  g_clear_object (&self->firmware_vesc);
  g_clear_pointer (&self->probes, g_ptr_array_unref);
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

  g_clear_pointer (&self->stlink_layouts, g_ptr_array_unref);
  g_clear_pointer (&self->vesc_ports, g_ptr_array_unref);
  g_clear_pointer (&self->vesc_port_labels, g_ptr_array_unref);
  g_clear_pointer (&self->vesc_plan_lines, g_strfreev);
  g_clear_pointer (&self->vesc_plan_notes, g_strfreev);
  g_free (self->vesc_bootloader_name);
  g_free (self->vesc_port);
  g_clear_error (&self->check_error);
  g_clear_error (&self->image_error);
  g_clear_error (&self->program_error);
  g_clear_error (&self->unlock_error);
  g_clear_error (&self->firmware_error);
  g_clear_error (&self->plan_error);
  g_clear_error (&self->probe_error);
  g_free (self->probe_serial);
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
    case PROP_PROBE_KIND:
      g_value_set_uint (value, self->probe_kind);
      break;
    case PROP_VESC_PORTS:
      g_value_set_boxed (value, self->vesc_ports);
      break;
    case PROP_VESC_PORT:
      g_value_set_string (value, self->vesc_port);
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
    case PROP_PROBES:
      g_value_set_boxed (value, self->probes);
      break;
    case PROP_PROBE_SERIAL:
      g_value_set_string (value, self->probe_serial);
      break;
    case PROP_CONNECT_MODE:
      g_value_set_uint (value, self->connect_mode);
      break;
    case PROP_SWD_KHZ:
      g_value_set_uint (value, self->swd_khz);
      break;
    case PROP_UNLOCK_STATE:
      g_value_set_uint (value, self->unlock_state);
      break;
    case PROP_FIRMWARE_FILE:
      g_value_set_object (value, self->firmware_file);
      break;
    case PROP_MASS_ERASE:
      g_value_set_boolean (value, self->mass_erase);
      break;
    case PROP_BACKUP_DIR:
      g_value_set_string (value, self->backup_dir);
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
  properties[PROP_PROBE_KIND] = g_param_spec_uint ("probe-kind", NULL, NULL, 0, BW_WIZARD_PROBE_USB, 0, flags);
  properties[PROP_VESC_PORTS] = g_param_spec_boxed ("vesc-ports", NULL, NULL, G_TYPE_PTR_ARRAY, flags);
  properties[PROP_VESC_PORT] = g_param_spec_string ("vesc-port", NULL, NULL, NULL, flags);
  properties[PROP_WIRING] = g_param_spec_object ("wiring", NULL, NULL, BW_TYPE_WIRING, flags);
  properties[PROP_TRANSPORT] = g_param_spec_object ("transport", NULL, NULL, G_TYPE_OBJECT, flags);
  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE, flags);
  properties[PROP_PROBES] = g_param_spec_boxed ("probes", NULL, NULL, G_TYPE_PTR_ARRAY, flags);
  properties[PROP_PROBE_SERIAL] = g_param_spec_string ("probe-serial", NULL, NULL, NULL, flags);
  properties[PROP_CONNECT_MODE] = g_param_spec_uint ("connect-mode", NULL, NULL, 0, BW_STLINK_CONNECT_HOT_PLUG, 0, flags);
  properties[PROP_SWD_KHZ] = g_param_spec_uint ("swd-khz", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_UNLOCK_STATE] = g_param_spec_uint ("unlock-state", NULL, NULL, 0, BW_WIZARD_JOB_FAILED, 0, flags);
  properties[PROP_FIRMWARE_FILE] = g_param_spec_object ("firmware-file", NULL, NULL, BW_TYPE_IMAGE_FILE, flags);
  properties[PROP_MASS_ERASE] = g_param_spec_boolean ("mass-erase", NULL, NULL, FALSE, flags);
  properties[PROP_BACKUP_DIR] = g_param_spec_string ("backup-dir", NULL, NULL, NULL, flags);
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
  self->probes = g_ptr_array_new_with_free_func ((GDestroyNotify) bw_probe_info_free);
  self->vesc_ports = g_ptr_array_new_with_free_func (g_free);
  self->vesc_port_labels = g_ptr_array_new_with_free_func (g_free);
  self->connect_mode = BW_STLINK_CONNECT_NORMAL;
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
  /* the layout list is the ST-Links'; the VESC profile is its own choice */
  self->stlink_layouts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < bw_board_db_get_probes (db)->len; i++)
    {
      BwProbeProfile *layout = g_ptr_array_index (bw_board_db_get_probes (db), i);

      if (bw_probe_profile_get_kind (layout) != BW_PROBE_PROFILE_KIND_VESC)
        g_ptr_array_add (self->stlink_layouts, g_object_ref (layout));
      else if (self->vesc_probe == NULL)
        self->vesc_probe = g_object_ref (layout);
    }
  probe = bw_board_db_find_probe (db, DEFAULT_PROBE_ID);
  if (probe == NULL && self->stlink_layouts->len > 0)
    probe = g_ptr_array_index (self->stlink_layouts, 0);
  if (probe != NULL)
    {
      self->probe = g_object_ref (probe);
      self->stlink_probe = g_object_ref (probe);
    }
  return self;
}

/* The ST-Link layouts the wizard offers (the VESC's is bw_wizard_get_vesc_profile()). */
GPtrArray *
bw_wizard_get_probe_layouts (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->stlink_layouts;
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

  if (self->task == task || self->busy)
    return;
  self->task = task;
  notify (self, PROP_TASK);
  /* recovering checks every sector, installing only the bootloader's */
  clear_check (self);
  rebuild_plan (self);
}

BwWizardTask
bw_wizard_get_task (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_WIZARD_TASK_INSTALL);
  return self->task;
}

static void set_probe_kind (BwWizard *self, BwWizardProbeKind kind);

/* A VESC profile (a remembered choice) picks the VESC as the programmer. */
void
bw_wizard_set_probe_profile (BwWizard *self, BwProbeProfile *probe)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  if (probe != NULL && bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_VESC)
    {
      set_probe_kind (self, BW_WIZARD_PROBE_VESC);
      return;
    }
  if (probe != NULL)
    g_set_object (&self->stlink_probe, probe);
  if (self->probe_kind != BW_WIZARD_PROBE_STLINK && probe != NULL)
    {
      set_probe_kind (self, BW_WIZARD_PROBE_STLINK);
      return;
    }
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

static void
apply_transport (BwWizard *self, BwTransport *transport, gboolean demo)
{
  g_set_object (&self->transport, transport);
  notify (self, PROP_TRANSPORT);
  if (self->demo != demo)
    {
      self->demo = demo;
      notify (self, PROP_DEMO);
    }
  /* an ST-Link plugged in meanwhile changes nothing on the VESC paths */
  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    return;
  clear_program (self);
  clear_check (self);
  update_navigation (self);
  /* another probe, another chip: check again before anything is written */
  if (self->step > BW_WIZARD_STEP_CONNECT)
    set_step (self, BW_WIZARD_STEP_CONNECT);
  if (self->step == BW_WIZARD_STEP_CONNECT)
    bw_wizard_start_check (self);
}

void
bw_wizard_set_transport (BwWizard *self, BwTransport *transport, gboolean demo)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  g_clear_error (&self->probe_error);
  /* the demo is a simulated ST-Link */
  if (demo)
    set_probe_kind (self, BW_WIZARD_PROBE_STLINK);
  apply_transport (self, transport, demo);
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

  if (BW_JOB (source) != (self->vesc_check_job != NULL ? self->vesc_check_job : BW_JOB (self->check_job)))
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

static void
renew_cancellable (BwWizard *self)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
}

static void start_vesc_check (BwWizard *self);

void
bw_wizard_start_check (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  clear_check (self);
  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    {
      start_vesc_check (self);
      return;
    }
  if (self->transport == NULL)
    {
      self->check_state = BW_WIZARD_JOB_FAILED;
      if (self->probe_error != NULL)
        self->check_error = g_error_copy (self->probe_error);
      else
        self->check_error = g_error_new_literal (BW_ERROR, BW_ERROR_PROBE_NOT_FOUND,
                                                 _("No ST-Link is plugged in."));
      notify (self, PROP_CHECK_STATE);
      update_navigation (self);
      return;
    }
  renew_cancellable (self);
  self->check_job = bw_check_job_new (self->transport);
  bw_check_job_set_expected_chip (self->check_job, BW_CHIP_ID_STM32F405);
  bw_check_job_set_sectors_to_test (self->check_job, self->task == BW_WIZARD_TASK_RECOVER
                                                       ? ALL_SECTORS : 1u << BOOTLOADER_SECTOR);
  bw_check_job_set_connect_mode (self->check_job, self->connect_mode);
  if (self->swd_khz != 0)
    bw_job_set_swd_khz (BW_JOB (self->check_job), self->swd_khz);
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

/* Why a file cannot fill @role, or NULL when it can. */
static GError *
refuse_for_role (BwWizardFileRole role, BwVescKind kind)
{
  if (role == BW_WIZARD_FILE_BOOTLOADER && kind != BW_VESC_KIND_BOOTLOADER)
    return g_error_new (BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                        _("This file is not a VESC bootloader (it looks like: %s). "
                          "Choose the bootloader file for your board."),
                        bw_vesc_kind_to_string (kind));
  if (role == BW_WIZARD_FILE_FIRMWARE && kind == BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER)
    return g_error_new_literal (BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                                _("This file holds firmware and a bootloader together. Bootwire writes the "
                                  "bootloader itself: choose the firmware alone (the .bin file VESC Tool uses)."));
  if (role == BW_WIZARD_FILE_FIRMWARE && kind != BW_VESC_KIND_FIRMWARE)
    return g_error_new (BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                        _("This file is not VESC firmware (it looks like: %s). "
                          "Choose the firmware file made for your board."),
                        bw_vesc_kind_to_string (kind));
  return NULL;
}

gboolean
bw_wizard_open_file (BwWizard *self, BwWizardFileRole role, const gchar *path, gboolean has_address,
                     guint32 address, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BwImageFile) image_file = NULL;
  g_autoptr(BwVescImage) vesc = NULL;

  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->busy)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, _("Wait until the job has finished."));
      return FALSE;
    }
  file = g_file_new_for_path (path);
  image_file = bw_image_file_new (file);
  if (bw_image_file_load (image_file, has_address, address, NULL, &local_error) &&
      bw_image_check_fits (bw_image_file_get_image (image_file), map, &local_error))
    {
      vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (image_file));
      local_error = refuse_for_role (role, bw_vesc_image_get_kind (vesc));
    }

  if (role == BW_WIZARD_FILE_BOOTLOADER)
    {
      clear_image (self);
      self->image_file = g_steal_pointer (&image_file);
      self->vesc_image = g_steal_pointer (&vesc);
      self->image_error = local_error != NULL ? g_error_copy (local_error) : NULL;
      notify (self, PROP_IMAGE_FILE);
    }
  else
    {
      clear_firmware (self);
      self->firmware_file = g_steal_pointer (&image_file);
      self->firmware_vesc = g_steal_pointer (&vesc);
      self->firmware_error = local_error != NULL ? g_error_copy (local_error) : NULL;
      notify (self, PROP_FIRMWARE_FILE);
    }
  rebuild_plan (self);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_wizard_set_image_path (BwWizard *self, const gchar *path, GError **error)
{
  return bw_wizard_open_file (self, BW_WIZARD_FILE_BOOTLOADER, path, FALSE, 0, error);
}

/* A file dropped on the window: installing takes a bootloader; recovering
 * puts firmware in the firmware slot and anything else in the bootloader's,
 * so the refusal names what the file is. A .bin without a known address
 * goes where an address is asked for: the firmware slot when recovering. */
gboolean
bw_wizard_open_dropped_file (BwWizard *self, const gchar *path, GError **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(BwImageFile) probe = NULL;
  g_autoptr(BwVescImage) vesc = NULL;
  g_autoptr(GError) local_error = NULL;
  BwWizardFileRole role = BW_WIZARD_FILE_BOOTLOADER;

  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->task == BW_WIZARD_TASK_RECOVER)
    {
      file = g_file_new_for_path (path);
      probe = bw_image_file_new (file);
      if (bw_image_file_load (probe, FALSE, 0, NULL, &local_error))
        {
          vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (probe));
          if (bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_FIRMWARE)
            role = BW_WIZARD_FILE_FIRMWARE;
        }
      else if (g_error_matches (local_error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS))
        role = BW_WIZARD_FILE_FIRMWARE;
    }
  return bw_wizard_open_file (self, role, path, FALSE, 0, error);
}

void
bw_wizard_clear_firmware (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy || (self->firmware_file == NULL && self->firmware_error == NULL))
    return;
  clear_firmware (self);
  rebuild_plan (self);
}

BwImageFile *
bw_wizard_get_firmware_file (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->firmware_file;
}

BwVescImage *
bw_wizard_get_firmware_vesc (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->firmware_vesc;
}

const GError *
bw_wizard_get_firmware_error (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->firmware_error;
}

void
bw_wizard_set_mass_erase (BwWizard *self, gboolean mass_erase)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  mass_erase = !!mass_erase;
  if (self->mass_erase == mass_erase || self->busy)
    return;
  self->mass_erase = mass_erase;
  notify (self, PROP_MASS_ERASE);
  rebuild_plan (self);
}

gboolean
bw_wizard_get_mass_erase (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  return self->mass_erase;
}

const GError *
bw_wizard_get_plan_error (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->plan_error;
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

  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    return self->vesc_plan_lines != NULL &&
           (self->probe_kind == BW_WIZARD_PROBE_USB || self->task == BW_WIZARD_TASK_RECOVER);
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

  if (g_strcmp0 (self->backup_dir, dir) == 0)
    return;
  g_free (self->backup_dir);
  self->backup_dir = g_strdup (dir);
  notify (self, PROP_BACKUP_DIR);
  if (!self->busy)
    rebuild_plan (self);
}

const gchar *
bw_wizard_get_backup_dir (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->backup_dir;
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

  if (BW_JOB (source) != bw_wizard_get_writing_job (self))
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

static void start_vesc_program (BwWizard *self);

void
bw_wizard_start_program (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy || !bw_wizard_get_has_plan (self) || self->step != BW_WIZARD_STEP_PROGRAM ||
      self->program_state == BW_WIZARD_JOB_SUCCEEDED)
    return;
  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    {
      start_vesc_program (self);
      return;
    }
  clear_program (self);
  if (self->demo)
    bw_demo_prepare_for_install (self->transport);
  if (self->backup_dir != NULL)
    g_mkdir_with_parents (self->backup_dir, 0700);
  renew_cancellable (self);
  self->program_job = bw_program_job_new (self->transport, self->plan, self->backup_path);
  /* the way the check reached the chip is the way that works */
  bw_program_job_set_connect_mode (self->program_job, self->connect_mode);
  if (self->swd_khz != 0)
    bw_job_set_swd_khz (BW_JOB (self->program_job), self->swd_khz);
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

/* Probes */

static BwTransport *
open_usb_probe (const BwProbeInfo *info, gpointer user_data, GError **error)
{
  BwUsbTransport *transport = bw_usb_transport_new_for_info (info, error);

  return transport != NULL ? BW_TRANSPORT (transport) : NULL;
}

static const BwProbeInfo *
find_probe (BwWizard *self, const gchar *serial)
{
  for (guint i = 0; i < self->probes->len; i++)
    {
      const BwProbeInfo *info = g_ptr_array_index (self->probes, i);

      if (g_strcmp0 (bw_probe_info_get_serial (info), serial) == 0)
        return info;
    }
  return NULL;
}

/* Opens the chosen probe (the remembered serial, else the first) in place
 * of demo mode or of the probe used before. */
static void
open_selected_probe (BwWizard *self)
{
  g_autoptr(BwTransport) transport = NULL;
  const BwProbeInfo *info = find_probe (self, self->probe_serial);

  g_clear_error (&self->probe_error);
  if (info == NULL && self->probes->len > 0)
    info = g_ptr_array_index (self->probes, 0);
  if (info != NULL && g_strcmp0 (self->probe_serial, bw_probe_info_get_serial (info)) != 0)
    {
      g_free (self->probe_serial);
      self->probe_serial = g_strdup (bw_probe_info_get_serial (info));
      notify (self, PROP_PROBE_SERIAL);
    }
  if (info != NULL)
    transport = (self->open_probe != NULL ? self->open_probe : open_usb_probe) (info, self->open_probe_data,
                                                                                &self->probe_error);
  apply_transport (self, transport, FALSE);
}

/* Probes found by an enumeration (BwProbeInfo); opens the chosen one. */
void
bw_wizard_set_probes (BwWizard *self, GPtrArray *infos)
{
  g_return_if_fail (BW_IS_WIZARD (self));
  g_return_if_fail (infos != NULL);

  if (self->busy)
    return;
  g_ptr_array_set_size (self->probes, 0);
  for (guint i = 0; i < infos->len; i++)
    g_ptr_array_add (self->probes, bw_probe_info_copy (g_ptr_array_index (infos, i)));
  notify (self, PROP_PROBES);
  open_selected_probe (self);
}

GPtrArray *
bw_wizard_get_probes (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->probes;
}

void
bw_wizard_set_open_probe_func (BwWizard *self, BwWizardOpenProbeFunc func, gpointer user_data)
{
  g_return_if_fail (BW_IS_WIZARD (self));
  self->open_probe = func;
  self->open_probe_data = user_data;
}

/* Remembers @serial; when that probe is attached it is opened at once. */
gboolean
bw_wizard_select_probe (BwWizard *self, const gchar *serial)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);

  if (self->busy)
    return FALSE;
  if (g_strcmp0 (self->probe_serial, serial) != 0)
    {
      g_free (self->probe_serial);
      self->probe_serial = g_strdup (serial);
      notify (self, PROP_PROBE_SERIAL);
    }
  if (find_probe (self, serial) == NULL)
    return FALSE;
  open_selected_probe (self);
  return TRUE;
}

const gchar *
bw_wizard_get_probe_serial (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->probe_serial;
}

/* Looks for ST-Links on USB and uses the chosen one; leaves demo mode. */
void
bw_wizard_scan_probes (BwWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) infos = NULL;

  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  infos = bw_probe_enumerate (BW_PROBE_ENUMERATE_NONE, &error);
  if (infos == NULL)
    {
      g_debug ("no probes: %s", error->message);
      infos = g_ptr_array_new ();
    }
  bw_wizard_set_probes (self, infos);
}

/* After the probe was unplugged: a new connection to the same chip. */
void
bw_wizard_reconnect (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  if (self->demo && self->transport != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BwTransport) transport = bw_demo_replug (self->transport, &error);

      if (transport == NULL)
        g_warning ("demo mode: %s", error->message);
      else
        apply_transport (self, transport, TRUE);
      return;
    }
  bw_wizard_scan_probes (self);
}

/* How the check and the jobs reach the chip */

void
bw_wizard_set_connect_mode (BwWizard *self, BwStlinkConnectMode mode)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->connect_mode == mode || self->busy)
    return;
  self->connect_mode = mode;
  notify (self, PROP_CONNECT_MODE);
}

BwStlinkConnectMode
bw_wizard_get_connect_mode (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_STLINK_CONNECT_NORMAL);
  return self->connect_mode;
}

/* 0: the engine's default clock. */
void
bw_wizard_set_swd_khz (BwWizard *self, guint khz)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->swd_khz == khz || self->busy)
    return;
  self->swd_khz = khz;
  notify (self, PROP_SWD_KHZ);
}

guint
bw_wizard_get_swd_khz (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), 0);
  return self->swd_khz;
}

/* When the firmware on the chip names hardware the chosen board does not
 * have: a sentence saying so, else NULL. */
gchar *
bw_wizard_dup_hardware_mismatch (BwWizard *self)
{
  g_autofree gchar *hardware = NULL;
  const gchar *const *names;

  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  if (self->check_state != BW_WIZARD_JOB_SUCCEEDED || self->board == NULL)
    return NULL;
  if (bw_wizard_get_checklist_job (self) != NULL)
    hardware = bw_checklist_job_dup_hardware_name (bw_wizard_get_checklist_job (self));
  else if (bw_wizard_get_usb_check_job (self) != NULL)
    hardware = g_strdup (bw_vesc_usb_check_job_get_fw_info (bw_wizard_get_usb_check_job (self))->hw_name);
  if (hardware != NULL && hardware[0] == '\0')
    g_clear_pointer (&hardware, g_free);
  names = bw_board_get_hardware (self->board);
  if (hardware == NULL || names == NULL || names[0] == NULL)
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], hardware) == 0)
      return NULL;
  /* TRANSLATORS: first %s is a VESC hardware name such as "410", second a board name */
  return g_strdup_printf (_("The firmware on the chip is for hardware \"%s\", which is not a %s. "
                            "Check that you chose the right board before writing anything."),
                          hardware, bw_board_get_name (self->board));
}

/* Unlocking: read protection off, which erases the whole chip */

static void
unlock_finished_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BwWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (BW_JOB (source) != BW_JOB (self->unlock_job))
    return;
  if (bw_job_run_finish (BW_JOB (source), result, &error))
    self->unlock_state = BW_WIZARD_JOB_SUCCEEDED;
  else
    {
      self->unlock_state = BW_WIZARD_JOB_FAILED;
      self->unlock_error = g_steal_pointer (&error);
    }
  notify (self, PROP_UNLOCK_STATE);
  update_navigation (self);
  if (self->unlock_state == BW_WIZARD_JOB_SUCCEEDED && self->step == BW_WIZARD_STEP_CONNECT)
    bw_wizard_start_check (self);
}

/* The caller asked the user, who agreed to lose everything on the chip. */
void
bw_wizard_start_unlock (BwWizard *self)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy || self->transport == NULL)
    return;
  g_clear_object (&self->unlock_job);
  g_clear_error (&self->unlock_error);
  renew_cancellable (self);
  self->unlock_job = bw_maintenance_job_new (self->transport, BW_MAINTENANCE_UNLOCK);
  bw_maintenance_job_set_consent (self->unlock_job, TRUE);
  bw_maintenance_job_set_connect_mode (self->unlock_job, self->connect_mode);
  if (self->swd_khz != 0)
    bw_job_set_swd_khz (BW_JOB (self->unlock_job), self->swd_khz);
  self->unlock_state = BW_WIZARD_JOB_RUNNING;
  notify (self, PROP_UNLOCK_STATE);
  update_navigation (self);
  bw_job_run_async (BW_JOB (self->unlock_job), self->cancellable, unlock_finished_cb, g_object_ref (self));
}

BwWizardJobState
bw_wizard_get_unlock_state (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_WIZARD_JOB_IDLE);
  return self->unlock_state;
}

const GError *
bw_wizard_get_unlock_error (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->unlock_error;
}

static gchar *dup_vesc_cancel_outcome (BwWizard *self);

/* What cancelling leaves at @phase; @while_writing is what an interrupted
 * erase or write leaves on the way the job reaches the chip. */
static gchar *
dup_cancel_outcome_in_phase (BwProgressPhase phase, const gchar *while_writing)
{
  switch (phase)
    {
    case BW_PROGRESS_PHASE_ERASE:
    case BW_PROGRESS_PHASE_WRITE:
      return g_strdup (while_writing);
    case BW_PROGRESS_PHASE_VERIFY:
      return g_strdup (_("Everything is written; cancelling skips checking it. Run it again to be sure."));
    case BW_PROGRESS_PHASE_RESET:
      return g_strdup (_("Everything is written and verified; only the restart is left."));
    case BW_PROGRESS_PHASE_IDLE:
    case BW_PROGRESS_PHASE_CONNECT:
    case BW_PROGRESS_PHASE_CHECK:
    case BW_PROGRESS_PHASE_BACKUP:
    default:
      return g_strdup (_("Nothing on the chip has been changed yet. If you cancel now, it stays as it was."));
    }
}

/* What a cancel now leaves on the chip. The job stops at its next safe
 * point: between chunks and sectors, never inside an erase or a write. */
gchar *
bw_wizard_dup_cancel_outcome (BwWizard *self)
{
  gboolean vectors_erased = FALSE;
  const gchar *while_writing;

  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  if (self->vesc_program_job != NULL && self->program_state == BW_WIZARD_JOB_RUNNING)
    return dup_vesc_cancel_outcome (self);
  if (self->program_job == NULL || self->plan == NULL || self->program_state != BW_WIZARD_JOB_RUNNING)
    return g_strdup (_("Nothing is running."));
  for (guint i = 0; i < bw_plan_get_n_steps (self->plan); i++)
    {
      const BwPlanStep *step = bw_plan_get_step (self->plan, i);

      vectors_erased |= step->kind == BW_PLAN_STEP_MASS_ERASE ||
                        (step->kind == BW_PLAN_STEP_ERASE_SECTOR && step->sector == 0);
    }
  if (vectors_erased)
    while_writing = _("Bootwire stops after the block it is working on. The chip will then be partly erased "
                      "or written, and the ESC will not start until you run this again. Running it again fixes it.");
  else
    while_writing = _("Bootwire stops after the block it is working on. The firmware still starts, but the "
                      "bootloader will be incomplete: do not update firmware from VESC Tool until you run this "
                      "again. Running it again fixes it.");
  return dup_cancel_outcome_in_phase (bw_job_get_phase (BW_JOB (self->program_job)), while_writing);
}

static const gchar *
job_state_word (BwWizardJobState state)
{
  switch (state)
    {
    case BW_WIZARD_JOB_RUNNING:
      return "running";
    case BW_WIZARD_JOB_SUCCEEDED:
      return "succeeded";
    case BW_WIZARD_JOB_FAILED:
      return "failed";
    case BW_WIZARD_JOB_IDLE:
    default:
      return "not run";
    }
}

static void
append_log (GString *report, const gchar *title, BwJob *job)
{
  GPtrArray *log = job != NULL ? bw_job_get_log (job) : NULL;

  if (log == NULL || log->len == 0)
    return;
  g_string_append_printf (report, "\n== %s ==\n", title);
  for (guint i = 0; i < log->len; i++)
    g_string_append_printf (report, "%s\n", (const gchar *) g_ptr_array_index (log, i));
}

static void
append_error (GString *report, const gchar *what, const GError *error)
{
  g_autofree gchar *text = NULL;

  if (error == NULL)
    return;
  text = bw_error_advice_format (error);
  g_string_append_printf (report, "%s: %s (%s)\n  %s\n", what, error->message,
                          error->domain == BW_ERROR ? bw_error_to_string (error->code) : g_quark_to_string (error->domain),
                          text);
}

/* Everything the wizard knows about this run, as plain text for a bug
 * report or the user's records. The log lines stay in the engine's words. */
gchar *
bw_wizard_dup_report (BwWizard *self)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree gchar *date = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  g_string_append_printf (report, "Bootwire %s report, %s\n", PACKAGE_VERSION, date);
  g_string_append_printf (report, "Task: %s\n", self->task == BW_WIZARD_TASK_RECOVER ? "recover" : "install bootloader");
  g_string_append_printf (report, "Board: %s\n", self->board != NULL ? bw_board_get_id (self->board) : "(none)");
  g_string_append_printf (report, "Probe kind: %s\n", self->probe_kind == BW_WIZARD_PROBE_VESC ? "another VESC over SWD"
                                                     : self->probe_kind == BW_WIZARD_PROBE_USB ? "the ESC's own USB"
                                                                                               : "ST-Link");
  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    g_string_append_printf (report, "Serial port: %s\n", self->vesc_port != NULL ? self->vesc_port : "(none)");
  g_string_append_printf (report, "Probe layout: %s\n", self->probe != NULL ? bw_probe_profile_get_id (self->probe) : "(none)");
  g_string_append_printf (report, "Probe: %s%s\n", self->demo ? "simulated (demo mode)" : self->probe_serial != NULL ? self->probe_serial : "(none)",
                          "");
  g_string_append_printf (report, "Connect: %s, SWD clock %s\n",
                          self->connect_mode == BW_STLINK_CONNECT_UNDER_RESET ? "under reset" : "normal",
                          self->swd_khz != 0 ? "slow" : "default");
  if (self->swd_khz != 0)
    g_string_append_printf (report, "SWD clock: %u kHz\n", self->swd_khz);

  g_string_append_printf (report, "\nCheck: %s\n", job_state_word (self->check_state));
  for (guint i = 0; bw_wizard_get_checklist_job (self) != NULL && i < BW_CHECK_N_ITEMS; i++)
    {
      g_autofree gchar *detail = bw_checklist_job_dup_detail (bw_wizard_get_checklist_job (self), i);
      static const gchar *const states[] = { "pending", "passed", "warning", "FAILED", "skipped" };
      BwCheckState state = bw_checklist_job_get_state (bw_wizard_get_checklist_job (self), i);

      g_string_append_printf (report, "  %-15s %-8s %s\n", bw_check_item_to_string (i),
                              state < G_N_ELEMENTS (states) ? states[state] : "?", detail != NULL ? detail : "");
    }
  if (bw_wizard_get_usb_check_job (self) != NULL && self->check_state == BW_WIZARD_JOB_SUCCEEDED)
    {
      BwVescUsbCheckJob *usb = bw_wizard_get_usb_check_job (self);
      const BwVescFwInfo *info = bw_vesc_usb_check_job_get_fw_info (usb);

      g_string_append_printf (report, "  ESC firmware %u.%02u, hardware \"%s\", bootloader %s (%s)\n", info->major,
                              info->minor, info->hw_name, bw_vesc_usb_check_job_get_bootloader_name (usb),
                              bw_vesc_usb_check_job_get_bootloader_found (usb) ? "bundled" : "not bundled");
    }
  append_error (report, "Check error", self->check_error);
  append_error (report, "Unlock error", self->unlock_error);

  if (self->image_file != NULL)
    {
      g_autofree gchar *path = g_file_get_path (bw_image_file_get_file (self->image_file));

      g_string_append_printf (report, "\nBootloader file: %s%s\n", path, self->image_is_bundled ? " (bundled)" : "");
      if (self->image_error == NULL)
        g_string_append_printf (report, "  sha256 %s\n", bw_image_file_get_file_sha256 (self->image_file));
    }
  append_error (report, "File error", self->image_error);
  if (self->firmware_file != NULL)
    {
      g_autofree gchar *path = g_file_get_path (bw_image_file_get_file (self->firmware_file));

      g_string_append_printf (report, "Firmware file: %s\n", path);
      if (self->firmware_error == NULL)
        g_string_append_printf (report, "  sha256 %s\n", bw_image_file_get_file_sha256 (self->firmware_file));
    }
  append_error (report, "Firmware error", self->firmware_error);
  append_error (report, "Plan refused", self->plan_error);
  if (bw_wizard_get_has_plan (self))
    {
      g_auto(GStrv) lines = bw_wizard_dup_plan_lines (self);

      g_string_append (report, "\nPlan:\n");
      for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
        g_string_append_printf (report, "  %s\n", lines[i]);
    }

  g_string_append_printf (report, "\nProgramming: %s\n", job_state_word (self->program_state));
  if (bw_wizard_get_writing_job (self) != NULL && self->program_state != BW_WIZARD_JOB_RUNNING)
    {
      const gchar *chip_state = self->program_job != NULL ? bw_program_job_get_chip_state (self->program_job) : NULL;
      const gchar *sha = bw_wizard_get_backup_sha256 (self);

      if (chip_state != NULL)
        g_string_append_printf (report, "Chip: %s\n", chip_state);
      if (sha != NULL)
        g_string_append_printf (report, "Backup: %s (sha256 %s)\n", self->backup_path, sha);
    }
  append_error (report, "Error", self->program_error);

  append_log (report, "Check log", self->vesc_check_job != NULL ? self->vesc_check_job : BW_JOB (self->check_job));
  append_log (report, "Unlock log", BW_JOB (self->unlock_job));
  append_log (report, "Programming log", bw_wizard_get_writing_job (self));
  return g_string_free (g_steal_pointer (&report), FALSE);
}

/* Another VESC or the ESC's own USB port instead of an ST-Link */

static void
set_probe_kind (BwWizard *self, BwWizardProbeKind kind)
{
  BwProbeProfile *profile;

  if (self->probe_kind == kind)
    return;
  self->probe_kind = kind;
  profile = kind == BW_WIZARD_PROBE_VESC ? self->vesc_probe : self->stlink_probe;
  notify (self, PROP_PROBE_KIND);
  if (profile != NULL && g_set_object (&self->probe, profile))
    notify (self, PROP_PROBE_PROFILE);
  rebuild_wiring (self);
  clear_program (self);
  clear_check (self);
  if (kind != BW_WIZARD_PROBE_STLINK && self->vesc_ports->len == 0)
    bw_wizard_scan_vesc_ports (self);
  rebuild_plan (self);
  update_navigation (self);
}

void
bw_wizard_set_probe_kind (BwWizard *self, BwWizardProbeKind kind)
{
  g_return_if_fail (BW_IS_WIZARD (self));
  g_return_if_fail (kind <= BW_WIZARD_PROBE_USB);

  if (self->busy)
    return;
  set_probe_kind (self, kind);
}

BwWizardProbeKind
bw_wizard_get_probe_kind (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), BW_WIZARD_PROBE_STLINK);
  return self->probe_kind;
}

BwProbeProfile *
bw_wizard_get_vesc_profile (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->vesc_probe;
}

/* The port as the picker shows it: what its USB device says it is,
 * where the system can tell. */
static gchar *
describe_port (const gchar *port, const BwVescPortUsb *usb, gboolean known)
{
  if (known && bw_vesc_port_usb_is_vesc (usb))
    /* TRANSLATORS: a serial port in the port picker, e.g. "/dev/ttyACM0 (VESC)" */
    return g_strdup_printf (_("%s (VESC)"), port);
  if (known && usb->product != NULL)
    /* TRANSLATORS: a serial port and its USB device's name, e.g. "/dev/ttyACM1 (Arduino Uno)" */
    return g_strdup_printf (_("%s (%s)"), port, usb->product);
  return g_strdup (port);
}

/* Lists the serial ports again, those of a VESC first; keeps the chosen
 * one if it is still there, else takes the first. */
void
bw_wizard_scan_vesc_ports (BwWizard *self)
{
  g_autoptr(GPtrArray) ports = NULL;
  const gchar *keep = NULL;

  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy)
    return;
  ports = bw_vesc_port_list_enumerate (NULL);
  g_ptr_array_set_size (self->vesc_ports, 0);
  g_ptr_array_set_size (self->vesc_port_labels, 0);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ports->len; i++)
      {
        const gchar *port = g_ptr_array_index (ports, i);
        g_auto(BwVescPortUsb) usb = { 0 };
        gboolean known = bw_vesc_port_list_lookup_usb (port, &usb);

        if ((known && bw_vesc_port_usb_is_vesc (&usb)) != (pass == 0))
          continue;
        g_ptr_array_add (self->vesc_ports, g_strdup (port));
        g_ptr_array_add (self->vesc_port_labels, describe_port (port, &usb, known));
        if (g_strcmp0 (port, self->vesc_port) == 0)
          keep = port;
      }
  notify (self, PROP_VESC_PORTS);
  if (keep == NULL)
    bw_wizard_set_vesc_port (self, self->vesc_ports->len > 0 ? g_ptr_array_index (self->vesc_ports, 0) : NULL);
}

/* Parallel to bw_wizard_get_vesc_ports(): what the picker shows. */
GPtrArray *
bw_wizard_get_vesc_port_labels (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->vesc_port_labels;
}

GPtrArray *
bw_wizard_get_vesc_ports (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->vesc_ports;
}

/* Any path is taken (a port the list does not show, e.g. typed by hand). */
void
bw_wizard_set_vesc_port (BwWizard *self, const gchar *port)
{
  g_return_if_fail (BW_IS_WIZARD (self));

  if (self->busy || g_strcmp0 (self->vesc_port, port) == 0)
    return;
  g_free (self->vesc_port);
  self->vesc_port = g_strdup (port);
  notify (self, PROP_VESC_PORT);
  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    {
      /* another port may be another ESC: check again before writing */
      clear_program (self);
      clear_check (self);
      if (self->step > BW_WIZARD_STEP_CONNECT)
        set_step (self, BW_WIZARD_STEP_CONNECT);
      if (self->step == BW_WIZARD_STEP_CONNECT)
        bw_wizard_start_check (self);
    }
  update_navigation (self);
}

const gchar *
bw_wizard_get_vesc_port (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->vesc_port;
}

/* Why the wiring step cannot go on yet, in words for the user, or NULL. */
const gchar *
bw_wizard_get_wiring_blocker (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  switch (self->probe_kind)
    {
    case BW_WIZARD_PROBE_USB:
      if (self->task == BW_WIZARD_TASK_RECOVER)
        return _("A bricked ESC does not answer over USB. To recover it, use another VESC or an ST-Link. To add "
                 "only the bootloader to an ESC that still works, go back and choose to install the bootloader.");
      if (self->vesc_port == NULL)
        return _("No serial port found. Plug the ESC into this computer with a USB cable, switch it on, then "
                 "click Look Again.");
      return NULL;
    case BW_WIZARD_PROBE_VESC:
      if (self->wiring == NULL)
        return _("Choose a board first.");
      if (self->vesc_port == NULL)
        return _("No serial port found. Plug the programmer VESC into this computer with a USB cable, switch it "
                 "on, then click Look Again.");
      return NULL;
    case BW_WIZARD_PROBE_STLINK:
    default:
      return self->wiring == NULL ? _("Choose a board first.") : NULL;
    }
}

/* The job behind the checklist lines: the ST-Link's or the VESC programmer's. */
BwChecklistJob *
bw_wizard_get_checklist_job (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  if (self->check_job != NULL)
    return BW_CHECKLIST_JOB (self->check_job);
  if (self->vesc_check_job != NULL && BW_IS_CHECKLIST_JOB (self->vesc_check_job))
    return BW_CHECKLIST_JOB (self->vesc_check_job);
  return NULL;
}

BwVescUsbCheckJob *
bw_wizard_get_usb_check_job (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  if (self->vesc_check_job != NULL && BW_IS_VESC_USB_CHECK_JOB (self->vesc_check_job))
    return BW_VESC_USB_CHECK_JOB (self->vesc_check_job);
  return NULL;
}

static void
start_vesc_check (BwWizard *self)
{
  if (self->vesc_port == NULL)
    {
      self->check_state = BW_WIZARD_JOB_FAILED;
      self->check_error = g_error_new_literal (BW_ERROR, BW_ERROR_VESC_NOT_FOUND,
                                               _("No serial port is chosen. Go back one step and choose the port "
                                                 "the VESC is on."));
      notify (self, PROP_CHECK_STATE);
      update_navigation (self);
      return;
    }
  renew_cancellable (self);
  if (self->probe_kind == BW_WIZARD_PROBE_VESC)
    {
      BwVescCheckJob *job = bw_vesc_check_job_new (self->vesc_port);

      /* only a blank chip can take a bootloader alone through a VESC */
      bw_vesc_check_job_set_test_blank (job, self->task == BW_WIZARD_TASK_INSTALL);
      self->vesc_check_job = BW_JOB (job);
    }
  else
    self->vesc_check_job = BW_JOB (bw_vesc_usb_check_job_new (self->vesc_port));
  self->check_state = BW_WIZARD_JOB_RUNNING;
  notify (self, PROP_CHECK_JOB);
  notify (self, PROP_CHECK_STATE);
  update_navigation (self);
  bw_job_run_async (self->vesc_check_job, self->cancellable, check_finished_cb, g_object_ref (self));
}

static gboolean
board_has_hardware (BwBoard *board, const gchar *hardware)
{
  const gchar *const *names = board != NULL ? bw_board_get_hardware (board) : NULL;

  if (names == NULL || names[0] == NULL || hardware == NULL || hardware[0] == '\0')
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], hardware) == 0)
      return TRUE;
  return FALSE;
}

static void
refuse_plan (BwWizard *self, GError *error)
{
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_error (&self->plan_error);
  self->plan_error = error;
}

static GStrv
strv_from_array (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

/* Through another VESC: the whole chip is erased (its only erase), so
 * recovering writes firmware and bootloader after a backup of everything;
 * installing only the bootloader is for a blank chip. */
static gboolean
build_programmer_plan (BwWizard *self, GPtrArray *lines, GPtrArray *notes)
{
  BwVescCheckJob *check = BW_VESC_CHECK_JOB (self->vesc_check_job);
  gsize bootloader_size = g_bytes_get_size (self->vesc_bootloader);

  if (self->task == BW_WIZARD_TASK_RECOVER)
    {
      const gchar *hardware;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree gchar *name = NULL;

      if (self->firmware_error != NULL)
        return FALSE;
      if (self->firmware_file == NULL)
        {
          refuse_plan (self, g_error_new_literal (BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                                                  _("Through a VESC, recovering erases the whole chip, so it needs "
                                                    "the firmware too: choose the firmware file for your board. The "
                                                    "bootloader alone never starts the ESC.")));
          return FALSE;
        }
      hardware = bw_vesc_image_get_hardware_name (self->firmware_vesc);
      if (!board_has_hardware (self->board, hardware))
        {
          /* TRANSLATORS: %s: a VESC hardware name such as "410"; the second %s a board name */
          refuse_plan (self, g_error_new (BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE,
                                          _("This firmware is for hardware \"%s\", not for a %s: firmware for the "
                                            "wrong hardware can damage the ESC."),
                                          hardware, bw_board_get_name (self->board)));
          return FALSE;
        }
      self->vesc_firmware = bw_image_dup_span (bw_image_file_get_image (self->firmware_file),
                                               BW_VESC_FIRMWARE_ADDRESS, BW_VESC_BOOTLOADER_ADDRESS);
      if (self->vesc_firmware == NULL)
        {
          refuse_plan (self, g_error_new_literal (BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                                                  _("This firmware does not fit between 0x08000000 and the "
                                                    "bootloader at 0x080E0000.")));
          return FALSE;
        }
      name = g_strdup_printf ("backup-%s-%s.bin", self->board != NULL ? bw_board_get_id (self->board) : "esc", stamp);
      self->backup_path = g_build_filename (self->backup_dir, name, NULL);
      /* TRANSLATORS: %u: the chip's flash size in KB; %s: a file path */
      g_ptr_array_add (lines, g_strdup_printf (_("Save a backup of the whole flash (%u KB) to %s."),
                                               bw_vesc_check_job_get_flash_kb (check), self->backup_path));
      g_ptr_array_add (lines, g_strdup (_("Erase the whole chip, the ESC's saved settings included.")));
      /* TRANSLATORS: the byte counts of the firmware and of the bootloader, then the chunk size */
      g_ptr_array_add (lines, g_strdup_printf (_("Write the firmware (%lu bytes) at 0x08000000 and the bootloader "
                                                 "(%lu bytes) at 0x080E0000, %u bytes at a time."),
                                               (gulong) g_bytes_get_size (self->vesc_firmware),
                                               (gulong) bootloader_size, BW_VESC_SWD_CHUNK));
      g_ptr_array_add (notes, g_strdup (_("A VESC used as the programmer can only erase the whole chip, so the "
                                          "motor and app settings go too; they are in the backup.")));
    }
  else
    {
      if (!bw_vesc_check_job_get_is_blank (check))
        {
          refuse_plan (self, g_error_new_literal (BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                                                  _("A VESC used as the programmer can only erase the whole chip, "
                                                    "which would also erase this ESC's firmware and settings. "
                                                    "Nothing was changed. To add only the bootloader, use an "
                                                    "ST-Link, or this ESC's own USB if its firmware still runs. "
                                                    "To write firmware and bootloader together, choose to recover "
                                                    "a bricked ESC.")));
          return FALSE;
        }
      self->vesc_firmware = g_bytes_new (NULL, 0);
      /* TRANSLATORS: the bootloader's size in bytes, then the chunk size */
      g_ptr_array_add (lines, g_strdup_printf (_("Write the bootloader (%lu bytes) at 0x080E0000, %u bytes at a "
                                                 "time."), (gulong) bootloader_size, BW_VESC_SWD_CHUNK));
      g_ptr_array_add (notes, g_strdup (_("The chip is blank. A bootloader alone does not start the ESC: to make "
                                          "it run, recover it with the firmware too.")));
    }
  g_ptr_array_add (lines, g_strdup (_("Read everything back and compare it with the files.")));
  g_ptr_array_add (lines, g_strdup (_("Restart the ESC (by software: the programmer VESC has no reset wire).")));
  return TRUE;
}

/* Over USB: the ESC's own firmware erases its bootloader sector and takes
 * the new one; the firmware and its settings stay. */
static gboolean
build_usb_plan (BwWizard *self, GPtrArray *lines, GPtrArray *notes)
{
  BwVescUsbCheckJob *check = BW_VESC_USB_CHECK_JOB (self->vesc_check_job);
  const BwVescFwInfo *info = bw_vesc_usb_check_job_get_fw_info (check);
  const gchar *const *warnings = bw_vesc_usb_check_job_get_warnings (check);

  if (info->hw_type != BW_VESC_HW_TYPE_VESC)
    {
      refuse_plan (self, g_error_new (BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE,
                                      _("This device is not a VESC motor controller (hardware type %u); Bootwire "
                                        "only installs ESC bootloaders."), (guint) info->hw_type));
      return FALSE;
    }
  if (!bw_vesc_fw_info_can_erase_bootloader (info))
    {
      /* TRANSLATORS: %u.%02u: a firmware version such as 3.58 */
      refuse_plan (self, g_error_new (BW_ERROR, BW_ERROR_VESC_FIRMWARE_TOO_OLD,
                                      _("Firmware %u.%02u cannot erase the bootloader (3.59 and later can). "
                                        "Nothing was written."), info->major, info->minor));
      return FALSE;
    }
  if (!board_has_hardware (self->board, info->hw_name))
    {
      /* TRANSLATORS: %s: a VESC hardware name such as "60"; the second %s a board name */
      refuse_plan (self, g_error_new (BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE,
                                      _("The ESC reports hardware \"%s\", which is not a %s. Check that you chose "
                                        "the right board: a bootloader for other hardware can damage the ESC."),
                                      info->hw_name, bw_board_get_name (self->board)));
      return FALSE;
    }
  g_ptr_array_add (lines, g_strdup (_("Have the ESC's firmware erase its bootloader sector (0x080E0000, 128 KB).")));
  /* TRANSLATORS: the bootloader's size in bytes, then the chunk size */
  g_ptr_array_add (lines, g_strdup_printf (_("Send the bootloader (%lu bytes) over USB, %u bytes at a time."),
                                           (gulong) g_bytes_get_size (self->vesc_bootloader),
                                           BW_VESC_APP_DATA_CHUNK));
  g_ptr_array_add (lines, g_strdup (_("Keep the firmware and its settings as they are.")));
  g_ptr_array_add (notes, g_strdup (_("There is no backup and no read-back: an ESC cannot read its own flash "
                                      "over USB.")));
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    g_ptr_array_add (notes, g_strdup (warnings[i]));
  return TRUE;
}

static void
rebuild_vesc_plan (BwWizard *self)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  gboolean ready;

  clear_plan (self);
  if (self->image_file == NULL || self->image_error != NULL || self->vesc_check_job == NULL ||
      self->check_state != BW_WIZARD_JOB_SUCCEEDED)
    {
      notify (self, PROP_PLAN);
      update_navigation (self);
      return;
    }
  self->vesc_bootloader = bw_image_dup_span (bw_image_file_get_image (self->image_file), BW_VESC_BOOTLOADER_ADDRESS,
                                             BW_VESC_BOOTLOADER_END);
  {
    g_autofree gchar *path = g_file_get_path (bw_image_file_get_file (self->image_file));

    self->vesc_bootloader_name = g_path_get_basename (path);
  }
  if (self->vesc_bootloader == NULL)
    {
      refuse_plan (self, g_error_new_literal (BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                                              _("This bootloader does not fit in the bootloader sector at "
                                                "0x080E0000.")));
      ready = FALSE;
    }
  else if (self->probe_kind == BW_WIZARD_PROBE_VESC)
    ready = build_programmer_plan (self, lines, notes);
  else
    ready = build_usb_plan (self, lines, notes);
  if (ready)
    {
      self->vesc_plan_lines = strv_from_array (g_steal_pointer (&lines));
      self->vesc_plan_notes = strv_from_array (g_steal_pointer (&notes));
    }
  notify (self, PROP_PLAN);
  update_navigation (self);
}

gboolean
bw_wizard_get_has_plan (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);
  return self->probe_kind == BW_WIZARD_PROBE_STLINK ? self->plan != NULL : self->vesc_plan_lines != NULL;
}

/* The plan in words, step by step (NULL without one). */
GStrv
bw_wizard_dup_plan_lines (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    return g_strdupv (self->vesc_plan_lines);
  return self->plan != NULL ? bw_plan_describe (self->plan) : NULL;
}

/* What the user should know before starting (NULL without a plan). */
GStrv
bw_wizard_dup_plan_notes (BwWizard *self)
{
  GPtrArray *notes;
  GPtrArray *copy;

  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  if (self->probe_kind != BW_WIZARD_PROBE_STLINK)
    return g_strdupv (self->vesc_plan_notes);
  if (self->plan == NULL)
    return NULL;
  notes = bw_plan_get_notes (self->plan);
  copy = g_ptr_array_new ();
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (notes, i)));
  return strv_from_array (copy);
}

/* Whether the whole chip is erased (the user is asked once more). */
gboolean
bw_wizard_get_plan_mass_erases (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), FALSE);

  if (self->probe_kind == BW_WIZARD_PROBE_VESC)
    return self->vesc_plan_lines != NULL && self->task == BW_WIZARD_TASK_RECOVER;
  if (self->probe_kind == BW_WIZARD_PROBE_USB || self->plan == NULL)
    return FALSE;
  for (guint i = 0; i < bw_plan_get_n_steps (self->plan); i++)
    if (bw_plan_get_step (self->plan, i)->kind == BW_PLAN_STEP_MASS_ERASE)
      return TRUE;
  return FALSE;
}

static void
start_vesc_program (BwWizard *self)
{
  clear_program (self);
  renew_cancellable (self);
  if (self->probe_kind == BW_WIZARD_PROBE_VESC)
    {
      BwVescRecoverJob *job = bw_vesc_recover_job_new (self->vesc_port, self->vesc_firmware, self->vesc_bootloader);

      if (self->backup_path != NULL)
        {
          g_mkdir_with_parents (self->backup_dir, 0700);
          bw_vesc_recover_job_set_backup_path (job, self->backup_path);
        }
      self->vesc_program_job = BW_JOB (job);
    }
  else
    {
      BwVescBootloaderJob *job = bw_vesc_bootloader_job_new (self->vesc_port);

      bw_vesc_bootloader_job_set_image (job, self->vesc_bootloader, self->vesc_bootloader_name);
      self->vesc_program_job = BW_JOB (job);
    }
  self->program_state = BW_WIZARD_JOB_RUNNING;
  notify (self, PROP_PROGRAM_JOB);
  notify (self, PROP_PROGRAM_STATE);
  update_navigation (self);
  bw_job_run_async (self->vesc_program_job, self->cancellable, program_finished_cb, g_object_ref (self));
}

/* The job that writes, whichever way it reaches the chip. */
BwJob *
bw_wizard_get_writing_job (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);
  return self->vesc_program_job != NULL ? self->vesc_program_job : BW_JOB (self->program_job);
}

/* The backup's checksum after a run that saved one, else NULL. */
const gchar *
bw_wizard_get_backup_sha256 (BwWizard *self)
{
  g_return_val_if_fail (BW_IS_WIZARD (self), NULL);

  if (self->program_job != NULL)
    return bw_program_job_get_backup_sha256 (self->program_job);
  if (self->vesc_program_job != NULL && BW_IS_VESC_RECOVER_JOB (self->vesc_program_job))
    return bw_vesc_recover_job_get_backup_sha256 (BW_VESC_RECOVER_JOB (self->vesc_program_job));
  return NULL;
}

static gchar *
dup_vesc_cancel_outcome (BwWizard *self)
{
  const gchar *while_writing;

  if (self->probe_kind == BW_WIZARD_PROBE_USB)
    while_writing = _("Bootwire stops after the block it is sending. The firmware still starts, but the "
                      "bootloader will be incomplete: do not update firmware from VESC Tool until you run "
                      "this again. Running it again fixes it.");
  else
    while_writing = _("Bootwire stops after the block it is working on. The chip will then be partly erased "
                      "or written, and the ESC will not start until you run this again. Running it again fixes it.");
  return dup_cancel_outcome_in_phase (bw_job_get_phase (self->vesc_program_job), while_writing);
}

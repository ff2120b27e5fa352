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

/* What reaches the ESC: an ST-Link on its SWD pins, another VESC on its
 * SWD pins (VESC Tool's "SWD Prog"), or the ESC's own USB port while it
 * still runs its firmware (VESC Tool's Bootloader tab). */
typedef enum {
  BW_WIZARD_PROBE_STLINK,
  BW_WIZARD_PROBE_VESC,
  BW_WIZARD_PROBE_USB,
} BwWizardProbeKind;

typedef enum {
  BW_WIZARD_FILE_BOOTLOADER,
  BW_WIZARD_FILE_FIRMWARE,
} BwWizardFileRole;

typedef enum {
  BW_WIZARD_JOB_IDLE,
  BW_WIZARD_JOB_RUNNING,
  BW_WIZARD_JOB_SUCCEEDED,
  BW_WIZARD_JOB_FAILED,
} BwWizardJobState;

/* Opens one of the probes an enumeration found; the default opens it with
 * libusb, tests give simulated ones. */
typedef BwTransport *(*BwWizardOpenProbeFunc) (const BwProbeInfo  *info,
                                               gpointer            user_data,
                                               GError            **error);

/* The SWD clock the "slower clock" action picks, in kHz. */
#define BW_WIZARD_SLOW_SWD_KHZ 240

#define BW_TYPE_WIZARD (bw_wizard_get_type ())
G_DECLARE_FINAL_TYPE (BwWizard, bw_wizard, BW, WIZARD, GObject)

BwWizard         *bw_wizard_new                  (BwBoardDb      *db);
BwBoardDb        *bw_wizard_get_board_db         (BwWizard       *self);
GPtrArray        *bw_wizard_get_probe_layouts    (BwWizard       *self);

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

void              bw_wizard_set_probe_kind       (BwWizard       *self,
                                                  BwWizardProbeKind kind);
BwWizardProbeKind bw_wizard_get_probe_kind       (BwWizard       *self);
BwProbeProfile   *bw_wizard_get_vesc_profile     (BwWizard       *self);
void              bw_wizard_scan_vesc_ports      (BwWizard       *self);
GPtrArray        *bw_wizard_get_vesc_ports       (BwWizard       *self);
GPtrArray        *bw_wizard_get_vesc_port_labels (BwWizard       *self);
void              bw_wizard_set_vesc_port        (BwWizard       *self,
                                                  const gchar    *port);
const gchar      *bw_wizard_get_vesc_port        (BwWizard       *self);
const gchar      *bw_wizard_get_wiring_blocker   (BwWizard       *self);

void              bw_wizard_set_transport        (BwWizard       *self,
                                                  BwTransport    *transport,
                                                  gboolean        demo);
BwTransport      *bw_wizard_get_transport        (BwWizard       *self);
gboolean          bw_wizard_get_demo             (BwWizard       *self);

void              bw_wizard_set_probes           (BwWizard       *self,
                                                  GPtrArray      *infos);
GPtrArray        *bw_wizard_get_probes           (BwWizard       *self);
void              bw_wizard_set_open_probe_func  (BwWizard       *self,
                                                  BwWizardOpenProbeFunc func,
                                                  gpointer        user_data);
gboolean          bw_wizard_select_probe         (BwWizard       *self,
                                                  const gchar    *serial);
const gchar      *bw_wizard_get_probe_serial     (BwWizard       *self);
void              bw_wizard_scan_probes          (BwWizard       *self);
void              bw_wizard_reconnect            (BwWizard       *self);

void              bw_wizard_set_connect_mode     (BwWizard       *self,
                                                  BwStlinkConnectMode mode);
BwStlinkConnectMode bw_wizard_get_connect_mode   (BwWizard       *self);
void              bw_wizard_set_swd_khz          (BwWizard       *self,
                                                  guint           khz);
guint             bw_wizard_get_swd_khz          (BwWizard       *self);
void              bw_wizard_start_check          (BwWizard       *self);
BwCheckJob       *bw_wizard_get_check_job        (BwWizard       *self);
BwChecklistJob   *bw_wizard_get_checklist_job    (BwWizard       *self);
BwVescUsbCheckJob *bw_wizard_get_usb_check_job   (BwWizard       *self);
BwWizardJobState  bw_wizard_get_check_state      (BwWizard       *self);
const GError     *bw_wizard_get_check_error      (BwWizard       *self);
gchar            *bw_wizard_dup_hardware_mismatch (BwWizard      *self) G_GNUC_WARN_UNUSED_RESULT;

void              bw_wizard_start_unlock         (BwWizard       *self);
BwWizardJobState  bw_wizard_get_unlock_state     (BwWizard       *self);
const GError     *bw_wizard_get_unlock_error     (BwWizard       *self);

gboolean          bw_wizard_set_image_path       (BwWizard       *self,
                                                  const gchar    *path,
                                                  GError        **error);
gboolean          bw_wizard_open_file            (BwWizard       *self,
                                                  BwWizardFileRole role,
                                                  const gchar    *path,
                                                  gboolean        has_address,
                                                  guint32         address,
                                                  GError        **error);
gboolean          bw_wizard_open_dropped_file    (BwWizard       *self,
                                                  const gchar    *path,
                                                  GError        **error);
void              bw_wizard_clear_firmware       (BwWizard       *self);
BwImageFile      *bw_wizard_get_firmware_file    (BwWizard       *self);
BwVescImage      *bw_wizard_get_firmware_vesc    (BwWizard       *self);
const GError     *bw_wizard_get_firmware_error   (BwWizard       *self);
void              bw_wizard_set_mass_erase       (BwWizard       *self,
                                                  gboolean        mass_erase);
gboolean          bw_wizard_get_mass_erase       (BwWizard       *self);
BwImageFile      *bw_wizard_get_image_file       (BwWizard       *self);
BwVescImage      *bw_wizard_get_vesc_image       (BwWizard       *self);
gboolean          bw_wizard_get_image_is_bundled (BwWizard       *self);
const GError     *bw_wizard_get_image_error      (BwWizard       *self);
BwPlan           *bw_wizard_get_plan             (BwWizard       *self);
const GError     *bw_wizard_get_plan_error       (BwWizard       *self);
gboolean          bw_wizard_get_plan_erases      (BwWizard       *self);
gboolean          bw_wizard_get_plan_mass_erases (BwWizard       *self);
gboolean          bw_wizard_get_has_plan         (BwWizard       *self);
GStrv             bw_wizard_dup_plan_lines       (BwWizard       *self) G_GNUC_WARN_UNUSED_RESULT;
GStrv             bw_wizard_dup_plan_notes       (BwWizard       *self) G_GNUC_WARN_UNUSED_RESULT;
void              bw_wizard_set_backup_dir       (BwWizard       *self,
                                                  const gchar    *dir);
const gchar      *bw_wizard_get_backup_dir       (BwWizard       *self);
const gchar      *bw_wizard_get_backup_path      (BwWizard       *self);

void              bw_wizard_start_program        (BwWizard       *self);
BwProgramJob     *bw_wizard_get_program_job      (BwWizard       *self);
BwJob            *bw_wizard_get_writing_job      (BwWizard       *self);
const gchar      *bw_wizard_get_backup_sha256    (BwWizard       *self);
BwWizardJobState  bw_wizard_get_program_state    (BwWizard       *self);
const GError     *bw_wizard_get_program_error    (BwWizard       *self);
void              bw_wizard_cancel               (BwWizard       *self);
gchar            *bw_wizard_dup_cancel_outcome   (BwWizard       *self) G_GNUC_WARN_UNUSED_RESULT;
gchar            *bw_wizard_dup_report           (BwWizard       *self) G_GNUC_WARN_UNUSED_RESULT;
void              bw_wizard_restart              (BwWizard       *self);

gchar            *bw_wizard_find_bundled_bootloader (BwBoard     *board,
                                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

/* bw-cli-vesc.c: check, backup, recover and install-bootloader through a
 * VESC, and the VESC serial ports in list
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * --probe vesc:PORT: a working VESC drives the other ESC's SWD pins
 * (COMM_BM_*). It reads and writes like an ST-Link but has no reset wire,
 * no voltage reading, and only a whole-chip erase, so every plan that
 * erases through it erases everything (after a backup of everything).
 *
 * --probe usb:PORT: the ESC itself, running its firmware; it erases and
 * writes its own bootloader sector (VESC Tool's Bootloader tab) and
 * cannot read its flash back.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bw-cli-boards.h"
#include "bw-cli-commands.h"
#include "bw-cli-vesc.h"

#define VESC_PREFIX "vesc:"
#define USB_PREFIX  "usb:"
BwCliVescKind
bw_cli_vesc_kind (BwCliContext *ctx)
{
  if (g_str_has_prefix (ctx->probe ?: "", VESC_PREFIX))
    return BW_CLI_VESC_PROGRAMMER;
  if (g_str_has_prefix (ctx->probe ?: "", USB_PREFIX))
    return BW_CLI_VESC_USB;
  return BW_CLI_VESC_NONE;
}

static const gchar *
port_of (BwCliContext *ctx)
{
  return strchr (ctx->probe, ':') + 1;
}

/* The common refusals: no port, or options that mean nothing here. */
static gboolean
check_port (BwCliContext *ctx, gint *status)
{
  if (*port_of (ctx) == '\0')
    {
      *status = bw_cli_usage_error (ctx, _("give the VESC's serial port after '%s', e.g. --probe vesc:/dev/ttyACM0"),
                                    ctx->probe);
      return FALSE;
    }
  if (ctx->under_reset)
    {
      /* TRANSLATORS: connect-under-reset needs a reset wire, which a VESC does not drive */
      *status = bw_cli_usage_error (ctx, "%s", _("--connect-under-reset needs an ST-Link with its reset wire; a VESC "
                                                  "has none"));
      return FALSE;
    }
  if (ctx->speed != NULL)
    {
      *status = bw_cli_usage_error (ctx, "%s", _("--speed is for an ST-Link; a VESC sets its own SWD clock"));
      return FALSE;
    }
  return TRUE;
}

static BwBoard *
find_board (BwCliContext *ctx, BwBoardDb **db, gint *status)
{
  g_autoptr(GError) error = NULL;
  BwBoard *board;

  *db = bw_cli_load_board_db (&error);
  if (*db == NULL)
    {
      *status = bw_cli_fail (ctx, error, NULL);
      return NULL;
    }
  board = bw_cli_find_board (*db, ctx->board, &error);
  if (board == NULL)
    *status = bw_cli_usage_error (ctx, "%s", error->message);
  return board;
}

static JsonObject *
fw_info_to_json (const BwVescFwInfo *info)
{
  JsonObject *object = json_object_new ();
  g_autofree gchar *version = g_strdup_printf ("%u.%02u", info->major, info->minor);

  json_object_set_string_member (object, "firmware", version);
  json_object_set_string_member (object, "hardware", info->hw_name);
  if (info->has_uuid)
    {
      g_autofree gchar *uuid = bw_vesc_fw_info_uuid_hex (info);

      json_object_set_string_member (object, "uuid", uuid);
    }
  json_object_set_int_member (object, "hw_type", info->hw_type);
  return object;
}

static JsonObject *
limits_to_json (void)
{
  const BwVescSwdLimits *limits = bw_vesc_swd_programmer_get_limits ();
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "can_drive_nrst", limits->can_drive_nrst);
  json_object_set_boolean_member (object, "can_sense_voltage", limits->can_sense_voltage);
  json_object_set_boolean_member (object, "can_erase_sectors", limits->can_erase_sectors);
  json_object_set_int_member (object, "write_chunk", limits->write_chunk);
  json_object_set_string_member (object, "wiring", limits->wiring);
  return object;
}

/* --- through a programmer VESC: the checklist --- */

/* Runs the checklist; on failure prints it and returns NULL with the exit
 * status in *status. */
static BwVescCheckJob *
run_programmer_check (BwCliContext *ctx, gboolean test_blank, gboolean quiet, gint *status)
{
  g_autoptr(BwVescCheckJob) job = bw_vesc_check_job_new (port_of (ctx));

  bw_vesc_check_job_set_test_blank (job, test_blank);
  if (!bw_cli_run_checklist (ctx, BW_CHECKLIST_JOB (job), quiet, status))
    return NULL;
  return g_steal_pointer (&job);
}

static JsonObject *
programmer_check_summary (BwVescCheckJob *job)
{
  BwChecklistJob *checklist = BW_CHECKLIST_JOB (job);
  JsonObject *data = json_object_new ();
  g_autofree gchar *hardware = bw_checklist_job_dup_hardware_name (checklist);
  g_autofree gchar *dev_id = g_strdup_printf ("0x%03X", bw_checklist_job_get_dev_id (checklist));
  g_autoptr(BwVescFwInfo) programmer = bw_vesc_check_job_dup_programmer_info (job);

  json_object_set_string_member (data, "dev_id", dev_id);
  json_object_set_int_member (data, "flash_kb", bw_vesc_check_job_get_flash_kb (job));
  json_object_set_boolean_member (data, "has_firmware", bw_checklist_job_get_has_firmware (checklist));
  json_object_set_boolean_member (data, "has_bootloader", bw_checklist_job_get_has_bootloader (checklist));
  json_object_set_string_member (data, "hardware", hardware);
  if (programmer != NULL)
    json_object_set_object_member (data, "programmer", fw_info_to_json (programmer));
  json_object_set_object_member (data, "limits", limits_to_json ());
  return data;
}

static gint
programmer_check (BwCliContext *ctx, BwBoard *board)
{
  g_autoptr(BwVescCheckJob) job = NULL;
  gint status = BW_CLI_EXIT_OK;

  job = run_programmer_check (ctx, FALSE, FALSE, &status);
  if (job == NULL)
    return status;
  bw_cli_warn_if_other_hardware (ctx, board, BW_CHECKLIST_JOB (job));
  return bw_cli_succeed (ctx, programmer_check_summary (job));
}

/* --- over USB: what the running ESC says --- */

static BwVescUsbCheckJob *
run_usb_check (BwCliContext *ctx, gint *status)
{
  g_autoptr(BwVescUsbCheckJob) job = bw_vesc_usb_check_job_new (port_of (ctx));
  g_autoptr(GError) error = NULL;
  const BwVescFwInfo *info;
  const gchar *const *warnings;

  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    {
      *status = bw_cli_fail (ctx, error, NULL);
      return NULL;
    }
  info = bw_vesc_usb_check_job_get_fw_info (job);
  /* TRANSLATORS: %s: serial port; %u.%02u: firmware version; the last %s: hardware name, e.g. 60 */
  bw_cli_say (ctx, _("ESC on %s: VESC firmware %u.%02u for hardware \"%s\"."), port_of (ctx), info->major,
              info->minor, *info->hw_name != '\0' ? info->hw_name : _("(not reported)"));
  {
    const gchar *name = bw_vesc_usb_check_job_get_bootloader_name (job);
    const gchar *file = bw_cli_bundled_bootloader_file (name);

    /* TRANSLATORS: %s: the bundled file; the last %s: VESC Tool's name for it */
    bw_cli_say (ctx, _("Matching bootloader: %s (VESC Tool's %s)%s"), file != NULL ? file : name, name,
                bw_vesc_usb_check_job_get_bootloader_found (job) ? "" : _(", not installed with Bootwire"));
  }
  warnings = bw_vesc_usb_check_job_get_warnings (job);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    /* TRANSLATORS: a warning before writing the bootloader over USB */
    bw_cli_say (ctx, _("Warning: %s"), warnings[i]);
  return g_steal_pointer (&job);
}

static JsonObject *
usb_check_summary (BwVescUsbCheckJob *job)
{
  const BwVescFwInfo *info = bw_vesc_usb_check_job_get_fw_info (job);
  const gchar *const *warnings = bw_vesc_usb_check_job_get_warnings (job);
  JsonObject *data = fw_info_to_json (info);
  JsonArray *array = json_array_new ();

  json_object_set_string_member (data, "bootloader", bw_vesc_usb_check_job_get_bootloader_name (job));
  json_object_set_boolean_member (data, "bootloader_available", bw_vesc_usb_check_job_get_bootloader_found (job));
  json_object_set_boolean_member (data, "can_erase_bootloader", bw_vesc_fw_info_can_erase_bootloader (info));
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    json_array_add_string_element (array, warnings[i]);
  json_object_set_array_member (data, "warnings", array);
  return data;
}

static gint
usb_check (BwCliContext *ctx, BwBoard *board)
{
  g_autoptr(BwVescUsbCheckJob) job = NULL;
  JsonObject *data;
  gint status = BW_CLI_EXIT_OK;

  job = run_usb_check (ctx, &status);
  if (job == NULL)
    return status;
  if (!bw_cli_board_fits_hardware (board, bw_vesc_usb_check_job_get_fw_info (job)->hw_name))
    bw_cli_warn (ctx, _("Warning: the ESC reports hardware \"%s\", which is not one of %s's. "
                        "Check that you chose the right board."),
                 bw_vesc_usb_check_job_get_fw_info (job)->hw_name, bw_board_get_id (board));
  data = usb_check_summary (job);
  json_object_set_string_member (data, "port", port_of (ctx));
  return bw_cli_succeed (ctx, data);
}

gint
bw_cli_vesc_check (BwCliContext *ctx, gint argc, gchar **argv)
{
  g_autoptr(BwBoardDb) db = NULL;
  BwBoard *board = NULL;
  gint status = BW_CLI_EXIT_OK;

  if (argc != 1)
    return bw_cli_usage_error (ctx, "%s", _("check takes no arguments"));
  if (!check_port (ctx, &status))
    return status;
  if (ctx->board != NULL && (board = find_board (ctx, &db, &status)) == NULL)
    return status;
  if (bw_cli_vesc_kind (ctx) == BW_CLI_VESC_USB)
    return usb_check (ctx, board);
  return programmer_check (ctx, board);
}

/* --- backup --- */

gint
bw_cli_vesc_backup (BwCliContext *ctx, gint argc, const gchar *out, guint32 address, guint32 size)
{
  g_autoptr(BwVescBackupJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = NULL;
  JsonObject *data;
  gint status = BW_CLI_EXIT_OK;

  if (argc != 1)
    return bw_cli_usage_error (ctx, "%s", _("backup takes no arguments; use --out FILE"));
  if (!check_port (ctx, &status))
    return status;
  if (bw_cli_vesc_kind (ctx) == BW_CLI_VESC_USB)
    return bw_cli_usage_error (ctx, "%s", _("an ESC cannot read its own flash over USB; back it up through another "
                                            "VESC (--probe vesc:PORT) or an ST-Link"));
  path = out != NULL ? g_strdup (out) : bw_cli_default_backup_path (ctx, "flash");
  job = bw_vesc_backup_job_new (port_of (ctx), path, address, size);
  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    return bw_cli_fail (ctx, error, NULL);
  bw_cli_say (ctx, _("Saved to %s (sha256 %s)"), path, bw_vesc_backup_job_get_sha256 (job));
  data = json_object_new ();
  json_object_set_string_member (data, "file", path);
  json_object_set_string_member (data, "sha256", bw_vesc_backup_job_get_sha256 (job));
  return bw_cli_succeed (ctx, data);
}

/* --- images --- */

static BwImageFile *
load_image (BwCliContext *ctx, const gchar *path, gint *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(BwImageFile) image_file = bw_image_file_new (file);

  if (!bw_image_file_load (image_file, FALSE, 0, NULL, &error))
    {
      g_prefix_error (&error, "%s: ", path);
      *status = bw_cli_fail (ctx, error, NULL);
      return NULL;
    }
  return g_steal_pointer (&image_file);
}

/* FILE, else the board's bundled bootloader; NULL with *status when it is
 * missing or not a VESC bootloader. */
static GBytes *
load_bootloader (BwCliContext *ctx, BwBoard *board, const gchar *file, gchar **name, gint *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *bundled = NULL;
  g_autoptr(BwImageFile) image_file = NULL;
  g_autoptr(BwVescImage) vesc = NULL;
  GBytes *bytes;

  if (file == NULL)
    {
      bundled = bw_cli_find_bundled_bootloader (bw_board_get_bootloader (board), &error);
      if (bundled == NULL)
        {
          *status = bw_cli_fail (ctx, error, NULL);
          return NULL;
        }
      file = bundled;
    }
  image_file = load_image (ctx, file, status);
  if (image_file == NULL)
    return NULL;
  vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (image_file));
  bytes = bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_BOOTLOADER
            ? bw_image_dup_span (bw_image_file_get_image (image_file), BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_BOOTLOADER_END)
            : NULL;
  if (bytes == NULL)
    {
      *status = bw_cli_usage_error (ctx, _("%s is not a VESC bootloader; 'bootwire-cli inspect' says what it is"),
                                    file);
      return NULL;
    }
  *name = g_path_get_basename (file);
  bw_cli_say (ctx, _("Bootloader: %s (%s)"), *name, bw_image_file_get_file_sha256 (image_file));
  return bytes;
}

/* --- recover and install-bootloader through a programmer VESC --- */

typedef struct {
  BwProgressPhase furthest;
} PhaseWatch;

static void
on_phase (BwJob *job, guint phase, gpointer user_data)
{
  PhaseWatch *watch = user_data;

  if (phase != BW_PROGRESS_PHASE_IDLE && phase > watch->furthest)
    watch->furthest = phase;
}

static gint
run_recover (BwCliContext *ctx, GBytes *firmware, GBytes *bootloader, const gchar *backup, gboolean no_backup,
             gboolean was_blank, const gchar *question, const gchar *success)
{
  g_autoptr(BwVescRecoverJob) job = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *backup_path = NULL;
  PhaseWatch watch = { BW_PROGRESS_PHASE_IDLE };
  gsize firmware_size = g_bytes_get_size (firmware);
  JsonObject *data;
  gint status = BW_CLI_EXIT_OK;
  gulong handler;
  gboolean ok;

  if (!no_backup && !was_blank)
    backup_path = backup != NULL ? g_strdup (backup) : bw_cli_default_backup_path (ctx, "backup");
  /* a rerun after a failed erase must not replace the only copy of what was there */
  if (backup != NULL && backup_path != NULL && g_file_test (backup_path, G_FILE_TEST_EXISTS))
    return bw_cli_usage_error (ctx, _("%s already exists and may be the only copy of what was on the chip; give "
                                      "another --backup FILE"), backup_path);
  if (backup_path != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("Save the whole flash to %s."), backup_path));
  g_ptr_array_add (lines, g_strdup (was_blank
                                      ? _("Erase the whole chip (it is blank; a VESC programmer has no other erase).")
                                      : _("Erase the whole chip: firmware, settings and bootloader (a VESC programmer "
                                          "has no other erase).")));
  if (firmware_size > 0)
    g_ptr_array_add (lines, g_strdup_printf (_("Write %lu bytes of firmware at 0x%08X."),
                                             (gulong) firmware_size, BW_VESC_FIRMWARE_ADDRESS));
  g_ptr_array_add (lines, g_strdup_printf (_("Write %lu bytes of bootloader at 0x%08X."),
                                           (gulong) g_bytes_get_size (bootloader), BW_VESC_BOOTLOADER_ADDRESS));
  g_ptr_array_add (lines, g_strdup (_("Read everything back and compare it before the ESC runs.")));
  g_ptr_array_add (lines, g_strdup (_("Reset the ESC from software (there is no reset wire).")));
  g_ptr_array_add (lines, NULL);
  bw_cli_say (ctx, "%s", _("The plan:"));
  if (!bw_cli_confirm (ctx, question, (gchar **) lines->pdata, &status))
    return status;

  job = bw_vesc_recover_job_new (port_of (ctx), firmware, bootloader);
  bw_vesc_recover_job_set_backup_path (job, backup_path);
  handler = g_signal_connect (job, "phase-changed", G_CALLBACK (on_phase), &watch);
  ok = bw_cli_run_job (ctx, BW_JOB (job), &error);
  g_signal_handler_disconnect (job, handler);
  if (!ok)
    {
      const gchar *state = watch.furthest >= BW_PROGRESS_PHASE_ERASE
                             ? _("The ESC is erased or partly written and will not start. Run the command again to "
                                 "finish the job (with another --backup name: this run's backup holds what was there).")
                             : _("Nothing was erased or written.");

      return bw_cli_fail (ctx, error, state);
    }
  bw_cli_say (ctx, "%s", success);
  data = json_object_new ();
  json_object_set_string_member (data, "chip_state", success);
  if (backup_path != NULL)
    {
      bw_cli_say (ctx, _("Backup: %s (sha256 %s)"), backup_path, bw_vesc_recover_job_get_backup_sha256 (job));
      json_object_set_string_member (data, "backup", backup_path);
      json_object_set_string_member (data, "backup_sha256", bw_vesc_recover_job_get_backup_sha256 (job));
    }
  json_object_set_object_member (data, "programmer", fw_info_to_json (bw_vesc_recover_job_get_programmer_info (job)));
  return bw_cli_succeed (ctx, data);
}

gint
bw_cli_vesc_recover (BwCliContext *ctx, gint argc, const gchar *firmware_path, const gchar *backup,
                     gboolean no_backup)
{
  g_autoptr(BwBoardDb) db = NULL;
  g_autoptr(BwImageFile) firmware_file = NULL;
  g_autoptr(BwVescImage) vesc = NULL;
  g_autoptr(GBytes) firmware = NULL;
  g_autoptr(GBytes) bootloader = NULL;
  g_autoptr(BwVescCheckJob) check = NULL;
  g_autofree gchar *bootloader_name = NULL;
  g_autofree gchar *on_chip = NULL;
  const gchar *image_hardware;
  BwBoard *board;
  gint status = BW_CLI_EXIT_OK;

  if (argc != 1 || ctx->board == NULL)
    return bw_cli_usage_error (ctx, "%s", _("give --board BOARD; recover takes no other arguments"));
  if (!check_port (ctx, &status))
    return status;
  if (bw_cli_vesc_kind (ctx) == BW_CLI_VESC_USB)
    return bw_cli_usage_error (ctx, "%s", _("a bricked ESC does not answer over USB; recover it through another VESC "
                                            "(--probe vesc:PORT) or an ST-Link"));
  if (firmware_path == NULL)
    return bw_cli_usage_error (ctx, "%s", _("through a VESC, recover erases the whole chip, so it needs the firmware "
                                            "too: add --firmware FILE (the bootloader alone never starts)"));
  if ((board = find_board (ctx, &db, &status)) == NULL)
    return status;

  firmware_file = load_image (ctx, firmware_path, &status);
  if (firmware_file == NULL)
    return status;
  vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (firmware_file));
  firmware = bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_FIRMWARE
               ? bw_image_dup_span (bw_image_file_get_image (firmware_file), BW_VESC_FIRMWARE_ADDRESS,
                                    BW_VESC_BOOTLOADER_ADDRESS)
               : NULL;
  if (firmware == NULL)
    return bw_cli_usage_error (ctx, _("%s is not VESC firmware for 0x08000000; 'bootwire-cli inspect' says what it "
                                      "is"), firmware_path);
  image_hardware = bw_vesc_image_get_hardware_name (vesc);
  if (!bw_cli_board_fits_hardware (board, image_hardware))
    return bw_cli_usage_error (ctx, _("%s is firmware for hardware \"%s\", not for %s: firmware for the wrong "
                                      "hardware can damage the ESC"), firmware_path, image_hardware,
                               bw_board_get_id (board));
  {
    g_autofree gchar *name = g_path_get_basename (firmware_path);

    bw_cli_say (ctx, _("Firmware: %s (%s)"), name, bw_image_file_get_file_sha256 (firmware_file));
  }
  bootloader = load_bootloader (ctx, board, NULL, &bootloader_name, &status);
  if (bootloader == NULL)
    return status;

  check = run_programmer_check (ctx, FALSE, !ctx->verbose, &status);
  if (check == NULL)
    return status;
  on_chip = bw_checklist_job_dup_hardware_name (BW_CHECKLIST_JOB (check));
  if (on_chip != NULL && image_hardware != NULL && g_strcmp0 (on_chip, image_hardware) != 0)
    bw_cli_warn (ctx, _("Warning: the chip was last flashed for hardware \"%s\"; this firmware is for \"%s\"."),
                 on_chip, image_hardware);
  return run_recover (ctx, firmware, bootloader, backup, no_backup, FALSE,
                      _("Erase the whole chip, settings included, and write?"),
                      _("The ESC is recovered and verified. Next: connect it to VESC Tool over USB."));
}

static gint
programmer_install_bootloader (BwCliContext *ctx, BwBoard *board, const gchar *file)
{
  g_autoptr(GBytes) bootloader = NULL;
  g_autoptr(GBytes) nothing = g_bytes_new (NULL, 0);
  g_autoptr(BwVescCheckJob) check = NULL;
  g_autofree gchar *name = NULL;
  gint status = BW_CLI_EXIT_OK;

  bootloader = load_bootloader (ctx, board, file, &name, &status);
  if (bootloader == NULL)
    return status;
  check = run_programmer_check (ctx, TRUE, !ctx->verbose, &status);
  if (check == NULL)
    return status;
  if (!bw_vesc_check_job_get_is_blank (check))
    return bw_cli_usage_error (ctx, _("refusing: a VESC programmer can only erase the whole chip, which would also "
                                      "erase the firmware and its settings; nothing was changed. To add only the "
                                      "bootloader, use an ST-Link, or the ESC's own USB if it runs its firmware "
                                      "(--probe usb:PORT). To write firmware and bootloader together: bootwire-cli "
                                      "recover --probe %s --board BOARD --firmware FILE"), ctx->probe);
  bw_cli_say (ctx, "%s", _("Note: the chip is blank. A bootloader alone does not start the ESC; it only runs when "
                           "firmware hands over to it (write both with 'recover --firmware')."));
  return run_recover (ctx, nothing, bootloader, NULL, TRUE, TRUE, _("Install the bootloader?"),
                      _("The bootloader is installed and verified."));
}

/* --- install-bootloader over USB --- */

static gint
usb_install_bootloader (BwCliContext *ctx, BwBoard *board, const gchar *file, const gchar *backup)
{
  g_autoptr(BwVescUsbCheckJob) check = NULL;
  g_autoptr(BwVescBootloaderJob) job = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *name = NULL;
  g_autofree gchar *erase_line = NULL;
  g_autofree gchar *write_line = NULL;
  const BwVescFwInfo *info;
  const gchar *lines[5] = { NULL };
  JsonObject *data;
  gint status = BW_CLI_EXIT_OK;

  if (backup != NULL)
    return bw_cli_usage_error (ctx, "%s", _("an ESC cannot read its own flash over USB, so there is no backup; "
                                            "leave out --backup (or back up through another VESC or an ST-Link first)"));
  check = run_usb_check (ctx, &status);
  if (check == NULL)
    return status;
  info = bw_vesc_usb_check_job_get_fw_info (check);
  if (info->hw_type != BW_VESC_HW_TYPE_VESC)
    {
      g_set_error (&error, BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE,
                   _("%s is not a VESC motor controller (hardware type %u); Bootwire only installs ESC bootloaders"),
                   port_of (ctx), (guint) info->hw_type);
      return bw_cli_fail (ctx, error, NULL);
    }
  if (!bw_vesc_fw_info_can_erase_bootloader (info))
    {
      g_set_error (&error, BW_ERROR, BW_ERROR_VESC_FIRMWARE_TOO_OLD,
                   _("firmware %u.%02u cannot erase the bootloader sector (3.59 and later can); nothing was written"),
                   info->major, info->minor);
      return bw_cli_fail (ctx, error, NULL);
    }
  if (board != NULL && !bw_cli_board_fits_hardware (board, info->hw_name))
    return bw_cli_usage_error (ctx, _("the ESC reports hardware \"%s\", which is not one of %s's; check the board, "
                                      "or leave out --board to use the bootloader that fits what the ESC reports"),
                               info->hw_name, bw_board_get_id (board));
  if (file != NULL || board != NULL)
    {
      image = load_bootloader (ctx, board, file, &name, &status);
      if (image == NULL)
        return status;
    }
  else
    {
      g_autofree gchar *path = bw_cli_find_bundled_bootloader (bw_vesc_usb_check_job_get_bootloader_name (check),
                                                               &error);

      if (path == NULL)
        return bw_cli_fail (ctx, error, NULL);
      image = load_bootloader (ctx, NULL, path, &name, &status);
      if (image == NULL)
        return status;
    }

  erase_line = g_strdup_printf (_("Have the ESC's firmware erase its bootloader sector (0x%08X, 128 KB)."),
                                BW_VESC_BOOTLOADER_ADDRESS);
  write_line = g_strdup_printf (_("Write %lu bytes at 0x%08X over USB, %u bytes at a time."),
                                (gulong) g_bytes_get_size (image), BW_VESC_BOOTLOADER_ADDRESS, BW_VESC_APP_DATA_CHUNK);
  lines[0] = erase_line;
  lines[1] = write_line;
  lines[2] = _("Keep the firmware and its settings as they are.");
  lines[3] = _("No backup and no read-back: an ESC cannot read its own flash over USB.");
  bw_cli_say (ctx, "%s", _("The plan:"));
  if (!bw_cli_confirm (ctx, _("Install the bootloader over USB?"), (gchar **) lines, &status))
    return status;

  job = bw_vesc_bootloader_job_new (port_of (ctx));
  bw_vesc_bootloader_job_set_image (job, image, name);
  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    {
      const gchar *state = bw_vesc_bootloader_job_get_bytes_written (job) > 0
                             ? _("The bootloader sector is incomplete; the firmware still runs. Run the same "
                                 "command again (it erases the sector first).")
                             : _("The firmware still runs; its bootloader sector may be erased. Run the same command "
                                 "again.");

      return bw_cli_fail (ctx, error, state);
    }
  bw_cli_say (ctx, "%s", _("The bootloader is written. Next: firmware updates through VESC Tool work from now on; if "
                           "the old firmware comes back after an update, the bootloader is missing."));
  data = usb_check_summary (check);
  json_object_set_string_member (data, "port", port_of (ctx));
  json_object_set_string_member (data, "bootloader", name);
  json_object_set_int_member (data, "bytes_written", (gint64) bw_vesc_bootloader_job_get_bytes_written (job));
  return bw_cli_succeed (ctx, data);
}

gint
bw_cli_vesc_install_bootloader (BwCliContext *ctx, gint argc, gchar **argv, const gchar *backup,
                                gboolean no_backup)
{
  g_autoptr(BwBoardDb) db = NULL;
  BwBoard *board = NULL;
  gint status = BW_CLI_EXIT_OK;

  if (argc > 2)
    return bw_cli_usage_error (ctx, "%s", _("give at most one bootloader FILE"));
  if (!check_port (ctx, &status))
    return status;
  if (ctx->board != NULL && (board = find_board (ctx, &db, &status)) == NULL)
    return status;
  if (bw_cli_vesc_kind (ctx) == BW_CLI_VESC_USB)
    return usb_install_bootloader (ctx, board, argc == 2 ? argv[1] : NULL, backup);
  if (argc == 1 && board == NULL)
    return bw_cli_usage_error (ctx, "%s", _("give --board BOARD (to use the bundled bootloader) or a bootloader FILE"));
  return programmer_install_bootloader (ctx, board, argc == 2 ? argv[1] : NULL);
}

/* --- list --- */

/* Without sysfs (Windows, macOS) the ports cannot say which USB device
 * they belong to: all USB serial ports, by name. */
static void
list_ports_by_name (BwCliContext *ctx, JsonArray *array)
{
  g_autoptr(GPtrArray) ports = bw_vesc_port_list_enumerate (NULL);

  for (guint i = 0; i < ports->len; i++)
    {
      const gchar *path = ports->pdata[i];
      JsonObject *object = json_object_new ();

      if (i == 0)
        {
          bw_cli_say (ctx, "%s", "");
          /* TRANSLATORS: heading of the serial ports in 'bootwire-cli list' where the system cannot tell
           * which USB device a port belongs to */
          bw_cli_say (ctx, "%s", _("USB serial ports (a VESC is one of these):"));
        }
      /* TRANSLATORS: %s: a port; the two options are command-line syntax, keep them */
      bw_cli_say (ctx, _("  %-14s (--probe vesc:%s as a programmer, --probe usb:%s for its own bootloader)"), path,
                  path, path);
      json_object_set_string_member (object, "port", path);
      json_array_add_object_element (array, object);
    }
}

/* The ports sysfs lists whose USB device has VESC firmware's id (Linux;
 * BW_SYSFS_ROOT points the tests at a tree of their own). */
void
bw_cli_vesc_list_ports (BwCliContext *ctx, JsonObject *data)
{
  const gchar *root = g_getenv ("BW_SYSFS_ROOT") ?: "/sys";
  g_autofree gchar *class_dir = g_build_filename (root, "class", "tty", NULL);
  g_autoptr(GDir) dir = g_dir_open (class_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = json_array_new ();
  const gchar *name;

  if (dir == NULL)
    {
      list_ports_by_name (ctx, array);
      json_object_set_array_member (data, "serial_ports", array);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_ascii_strcasecmp);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree gchar *path = g_build_filename ("/dev", (const gchar *) names->pdata[i], NULL);
      g_auto(BwVescPortUsb) usb = { 0 };
      JsonObject *object;

      if (!bw_vesc_port_list_lookup_usb (path, &usb) || !bw_vesc_port_usb_is_vesc (&usb))
        continue;
      if (json_array_get_length (array) == 0)
        {
          bw_cli_say (ctx, "%s", "");
          /* TRANSLATORS: heading of the serial ports in 'bootwire-cli list' */
          bw_cli_say (ctx, "%s", _("Serial ports that look like a VESC (USB 0483:5740):"));
        }
      /* TRANSLATORS: %s: a port; the two options are command-line syntax, keep them */
      bw_cli_say (ctx, _("  %-14s %s  (--probe vesc:%s as a programmer, --probe usb:%s for its own bootloader)"),
                  path, usb.product ?: "?", path, path);
      object = json_object_new ();
      json_object_set_string_member (object, "port", path);
      json_object_set_int_member (object, "vid", (gint64) usb.vid);
      json_object_set_int_member (object, "pid", (gint64) usb.pid);
      json_object_set_string_member (object, "manufacturer", usb.manufacturer);
      json_object_set_string_member (object, "product", usb.product);
      json_object_set_string_member (object, "serial", usb.serial);
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (data, "serial_ports", array);
}

/* --- wiring --- */

void
bw_cli_vesc_wiring_notes (BwCliContext *ctx, BwProbeProfile *probe, JsonArray *warnings)
{
  const struct { const gchar *severity; const gchar *label; const gchar *text; } notes[] = {
    { "caution", N_("Caution"),
      N_("Power both ESCs from their own batteries, the programmer VESC too, as users of VESC Tool's SWD Prog "
         "do; the programmer cannot tell whether the other ESC is on.") },
    { "info", N_("Note"),
      N_("Only GND, IO and CLK are joined. The programmer VESC has no reset wire, so connect-under-reset is "
         "not possible; use it as: bootwire-cli check --probe vesc:/dev/ttyACM0") },
  };

  if (bw_probe_profile_get_kind (probe) != BW_PROBE_PROFILE_KIND_VESC)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      JsonObject *object = json_object_new ();

      bw_cli_say (ctx, "  %s: %s", _(notes[i].label), _(notes[i].text));
      json_object_set_string_member (object, "severity", notes[i].severity);
      json_object_set_string_member (object, "text", _(notes[i].text));
      json_array_add_object_element (warnings, object);
    }
}

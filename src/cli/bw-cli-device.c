/* bw-cli-device.c: the subcommands that talk to a probe: list, check,
 * install-bootloader, recover, flash
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-cli-batch.h"
#include "bw-cli-boards.h"
#include "bw-cli-commands.h"
#include "bw-cli-common.h"
#include "bw-cli-vesc.h"

#define SECTOR_BOOTLOADER 11

/* list */

gint
bw_cli_list (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the attached ST-Links"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("list");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  JsonObject *data;
  JsonArray *array;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx->json, N_("Print newline-delimited JSON events instead of text"), NULL },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 1)
    return bw_cli_usage_error (ctx, "%s", _("list takes no arguments"));
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_FIRMWARE, &error);
  if (probes == NULL)
    return bw_cli_fail (ctx, error, NULL);

  data = json_object_new ();
  array = json_array_new ();
  bw_cli_say (ctx, "  %-8s %-10s %-26s %s", _("Kind"), _("Firmware"), _("Serial"), _("State"));
  for (guint i = 0; i < probes->len; i++)
    {
      BwProbeInfo *info = g_ptr_array_index (probes, i);
      const gchar *firmware = bw_probe_info_get_firmware (info);
      const gchar *state;
      const gchar *state_id;
      g_autofree gchar *kind = g_strdup_printf ("%s", bw_probe_info_get_kind_name (info));
      JsonObject *object = json_object_new ();

      if (!bw_probe_info_get_accessible (info))
        {
          /* TRANSLATORS: state of a probe the operating system does not let us open */
          state = _("no permission (see the udev rule in the README)");
          state_id = "no-permission";
        }
      else if (firmware == NULL)
        {
          /* TRANSLATORS: state of a probe another program has open */
          state = _("busy: another program is using it");
          state_id = "busy";
        }
      else
        {
          /* TRANSLATORS: state of a probe Bootwire can use */
          state = _("free");
          state_id = "free";
        }
      bw_cli_say (ctx, "  %-8s %-10s %-26s %s", kind, firmware ?: "?", bw_probe_info_get_serial (info) ?: "?", state);
      json_object_set_string_member (object, "kind", kind);
      json_object_set_string_member (object, "firmware", firmware);
      json_object_set_string_member (object, "serial", bw_probe_info_get_serial (info));
      json_object_set_int_member (object, "vid", bw_probe_info_get_vid (info));
      json_object_set_int_member (object, "pid", bw_probe_info_get_pid (info));
      json_object_set_string_member (object, "state", state_id);
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (data, "probes", array);
  bw_cli_vesc_list_ports (ctx, data);
  return bw_cli_succeed (ctx, data);
}

/* check */

static guint32
sector_mask (BwImage *image, BwFlashMap *map)
{
  g_autoptr(GArray) sectors = bw_image_check_get_sectors (image, map);
  guint32 mask = 0;

  for (guint i = 0; i < sectors->len; i++)
    mask |= 1u << g_array_index (sectors, guint, i);
  return mask;
}

/* Runs the checklist; on failure prints it and returns NULL with the exit
 * status in *status. */
static BwCheckJob *
run_check (BwCliContext *ctx, BwTransport *transport, guint32 sectors, gboolean quiet, gint *status)
{
  g_autoptr(BwCheckJob) job = bw_check_job_new (transport);

  bw_cli_prepare_job (ctx, BW_JOB (job));
  bw_check_job_set_expected_chip (job, BW_CHIP_ID_STM32F405);
  bw_check_job_set_connect_mode (job, bw_cli_connect_mode (ctx));
  bw_check_job_set_sectors_to_test (job, sectors);
  if (!bw_cli_run_checklist (ctx, BW_CHECKLIST_JOB (job), quiet, status))
    return NULL;
  return g_steal_pointer (&job);
}

static JsonObject *
check_summary (BwCliContext *ctx, BwCheckJob *job)
{
  JsonObject *data = json_object_new ();
  g_autofree gchar *hardware = bw_check_job_dup_hardware_name (job);
  g_autofree gchar *dev_id = g_strdup_printf ("0x%03X", bw_check_job_get_dev_id (job));

  json_object_set_string_member (data, "dev_id", dev_id);
  json_object_set_double_member (data, "voltage", bw_check_job_get_voltage (job));
  json_object_set_boolean_member (data, "has_firmware", bw_check_job_get_has_firmware (job));
  json_object_set_boolean_member (data, "has_bootloader", bw_check_job_get_has_bootloader (job));
  json_object_set_string_member (data, "hardware", hardware);
  json_object_set_int_member (data, "blank_sectors", bw_check_job_get_blank_sectors (job));
  return data;
}

/* check on one probe; @user_data is the board profile or NULL */
static gint
check_board (BwCliContext *ctx, gpointer user_data)
{
  BwBoard *board = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BwUsbTransport) transport = NULL;
  g_autoptr(BwCheckJob) job = NULL;
  gint status = BW_CLI_EXIT_OK;

  transport = bw_cli_open_probe (ctx, &error);
  if (transport == NULL)
    return bw_cli_fail (ctx, error, NULL);
  job = run_check (ctx, BW_TRANSPORT (transport), 1u << SECTOR_BOOTLOADER, FALSE, &status);
  if (job == NULL)
    return status;
  bw_cli_warn_if_other_hardware (ctx, board, BW_CHECKLIST_JOB (job));
  return bw_cli_succeed (ctx, check_summary (ctx, job));
}

gint
bw_cli_check (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check the probe, the wiring and the chip; writes nothing"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("check");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = NULL;
  BwBoard *board = NULL;
  guint khz;

  bw_cli_context_add_options (ctx, context, TRUE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (bw_cli_vesc_kind (ctx) != BW_CLI_VESC_NONE)
    return bw_cli_finish (ctx, bw_cli_vesc_check (ctx, argc, argv));
  if (argc != 1)
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", _("check takes no arguments")));
  if (!bw_cli_parse_speed (ctx, &khz, &error))
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
  if (ctx->board != NULL)
    {
      db = bw_cli_load_board_db (&error);
      if (db == NULL)
        return bw_cli_finish (ctx, bw_cli_fail (ctx, error, NULL));
      board = bw_cli_find_board (db, ctx->board, &error);
      if (board == NULL)
        return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
    }
  if (bw_cli_is_batch (ctx))
    return bw_cli_finish (ctx, bw_cli_batch_run (ctx, check_board, board));
  return bw_cli_finish (ctx, check_board (ctx, board));
}

/* install-bootloader, recover, flash: check, plan, ask, program */

typedef struct {
  BwPlanFlags  flags;
  gchar       *backup;
  gboolean     no_backup;
} ProgramOptions;

static BwImageFile *
load_image (const gchar *path, gboolean has_address, guint32 address, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(BwImageFile) image_file = bw_image_file_new (file);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);

  if (!bw_image_file_load (image_file, has_address, address, NULL, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!bw_image_check_fits (bw_image_file_get_image (image_file), map, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return g_steal_pointer (&image_file);
}

/* The board's hardware name that the image should match, for the plan. */
static const gchar *
board_hardware_for (BwBoard *board, BwImage *image)
{
  g_autoptr(BwVescImage) vesc = NULL;
  const gchar *const *names;
  const gchar *image_hardware;

  if (board == NULL)
    return NULL;
  names = bw_board_get_hardware (board);
  if (names == NULL || names[0] == NULL)
    return NULL;
  vesc = bw_vesc_image_new_from_image (image);
  image_hardware = bw_vesc_image_get_hardware_name (vesc);
  for (guint i = 0; image_hardware != NULL && names[i] != NULL; i++)
    if (g_strcmp0 (names[i], image_hardware) == 0)
      return names[i];
  return names[0];
}

typedef struct {
  BwImage              *image;
  BwBoard              *board;
  const ProgramOptions *options;
  const gchar          *question;
  const gchar          *success;
} ProgramRequest;

static gint
program (BwCliContext *ctx, BwImage *image, BwBoard *board, const ProgramOptions *options,
         const gchar *question, const gchar *success)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwUsbTransport) transport = NULL;
  g_autoptr(BwCheckJob) check = NULL;
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(BwPlan) plan = NULL;
  g_autoptr(BwProgramJob) job = NULL;
  g_autofree gchar *backup_path = NULL;
  g_auto(GStrv) lines = NULL;
  BwPlanOptions plan_options = { 0 };
  GPtrArray *notes;
  JsonObject *data;
  gint status = BW_CLI_EXIT_OK;
  guint khz;

  if (!bw_cli_parse_speed (ctx, &khz, &error))
    return bw_cli_usage_error (ctx, "%s", error->message);
  transport = bw_cli_open_probe (ctx, &error);
  if (transport == NULL)
    return bw_cli_fail (ctx, error, NULL);
  check = run_check (ctx, BW_TRANSPORT (transport), sector_mask (image, map), !ctx->verbose, &status);
  if (check == NULL)
    return status;

  plan_options.flags = options->flags;
  if (options->no_backup)
    plan_options.flags |= BW_PLAN_FLAG_NO_BACKUP;
  else
    backup_path = options->backup != NULL ? bw_cli_board_path (ctx, options->backup)
                                          : bw_cli_default_backup_path (ctx, "backup");
  plan_options.blank_sectors = bw_check_job_get_blank_sectors (check);
  plan_options.chip_id = bw_check_job_get_dev_id (check);
  plan_options.board_hardware = board_hardware_for (board, image);
  plan_options.backup_path = backup_path;
  plan = bw_plan_new (image, map, &plan_options, &error);
  if (plan == NULL)
    return bw_cli_fail (ctx, error, NULL);

  notes = bw_plan_get_notes (plan);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    /* TRANSLATORS: a remark about the plan, e.g. a sector left alone */
    bw_cli_say (ctx, _("Note: %s"), (const gchar *) g_ptr_array_index (notes, i));
  bw_cli_say (ctx, "%s", _("The plan:"));
  lines = bw_plan_describe (plan);
  if (!bw_cli_confirm (ctx, question, lines, &status))
    return status;

  job = bw_program_job_new (BW_TRANSPORT (transport), plan, backup_path);
  bw_cli_prepare_job (ctx, BW_JOB (job));
  bw_program_job_set_connect_mode (job, bw_cli_connect_mode (ctx));
  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    return bw_cli_fail (ctx, error, bw_program_job_get_chip_state (job));

  bw_cli_say (ctx, "%s", success);
  if (bw_program_job_get_chip_state (job) != NULL)
    bw_cli_say (ctx, "%s", bw_program_job_get_chip_state (job));
  data = json_object_new ();
  json_object_set_string_member (data, "chip_state", bw_program_job_get_chip_state (job));
  if (backup_path != NULL && bw_program_job_get_backup_sha256 (job) != NULL)
    {
      bw_cli_say (ctx, _("Backup: %s (sha256 %s)"), backup_path, bw_program_job_get_backup_sha256 (job));
      json_object_set_string_member (data, "backup", backup_path);
      json_object_set_string_member (data, "backup_sha256", bw_program_job_get_backup_sha256 (job));
    }
  return bw_cli_succeed (ctx, data);
}

static gint
program_board (BwCliContext *ctx, gpointer user_data)
{
  const ProgramRequest *request = user_data;

  return program (ctx, request->image, request->board, request->options, request->question, request->success);
}

/* program() on the probe --probe names, or on every probe with --probe all */
static gint
program_each (BwCliContext *ctx, BwImage *image, BwBoard *board, const ProgramOptions *options,
              const gchar *question, const gchar *success)
{
  ProgramRequest request = { image, board, options, question, success };
  g_autoptr(GError) error = NULL;
  guint khz;

  if (!bw_cli_is_batch (ctx))
    return program_board (ctx, &request);
  if (!bw_cli_parse_speed (ctx, &khz, &error))
    return bw_cli_usage_error (ctx, "%s", error->message);
  return bw_cli_batch_run (ctx, program_board, &request);
}

static void
add_backup_options (GOptionContext *context, ProgramOptions *options)
{
  const GOptionEntry entries[] = {
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &options->backup,
      N_("Save the sectors about to be erased to FILE (default: a dated file in ~/.local/share/bootwire/backups)"),
      N_("FILE") },
    { "no-backup", 0, 0, G_OPTION_ARG_NONE, &options->no_backup, N_("Do not save what is erased"), NULL },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* The board's bundled bootloader, or FILE; refuses what is not a bootloader. */
static BwImageFile *
bootloader_image (BwCliContext *ctx, BwBoard *board, const gchar *path, gint *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwImageFile) file = NULL;
  g_autoptr(BwVescImage) vesc = NULL;
  g_autofree gchar *bundled = NULL;

  if (path == NULL)
    {
      bundled = bw_cli_find_bundled_bootloader (bw_board_get_bootloader (board), &error);
      if (bundled == NULL)
        {
          *status = bw_cli_fail (ctx, error, NULL);
          return NULL;
        }
      path = bundled;
    }
  file = load_image (path, FALSE, 0, &error);
  if (file == NULL)
    {
      *status = bw_cli_fail (ctx, error, NULL);
      return NULL;
    }
  vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (file));
  if (bw_vesc_image_get_kind (vesc) != BW_VESC_KIND_BOOTLOADER)
    {
      *status = bw_cli_usage_error (ctx, _("%s is not a VESC bootloader; 'bootwire-cli inspect' says what it is, "
                                           "'bootwire-cli flash' writes any file"), path);
      return NULL;
    }
  {
    g_autofree gchar *name = g_path_get_basename (path);

    bw_cli_say (ctx, _("Bootloader: %s (%s)"), name, bw_image_file_get_file_sha256 (file));
  }
  return g_steal_pointer (&file);
}

gint
bw_cli_install_bootloader (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[FILE] — install the VESC bootloader in sector 11"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("install-bootloader");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = NULL;
  g_autoptr(BwImageFile) file = NULL;
  ProgramOptions options = { 0 };
  BwBoard *board = NULL;
  gint status = BW_CLI_EXIT_OK;

  bw_cli_context_add_options (ctx, context, TRUE);
  add_backup_options (context, &options);
  g_option_context_set_summary (context,
                                _("Without FILE, installs the bootloader Bootwire bundles for --board. "
                                  "Only sector 11 is erased; firmware and settings stay."));
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (bw_cli_vesc_kind (ctx) != BW_CLI_VESC_NONE)
    {
      status = bw_cli_vesc_install_bootloader (ctx, argc, argv, options.backup, options.no_backup);
      g_free (options.backup);
      return bw_cli_finish (ctx, status);
    }
  if (argc > 2)
    status = bw_cli_usage_error (ctx, "%s", _("give at most one bootloader FILE"));
  else if (argc == 1 && ctx->board == NULL)
    status = bw_cli_usage_error (ctx, "%s", _("give --board BOARD (to use the bundled bootloader) or a bootloader FILE"));
  if (status == BW_CLI_EXIT_OK && ctx->board != NULL)
    {
      db = bw_cli_load_board_db (&error);
      if (db == NULL)
        status = bw_cli_fail (ctx, error, NULL);
      else if ((board = bw_cli_find_board (db, ctx->board, &error)) == NULL)
        status = bw_cli_usage_error (ctx, "%s", error->message);
    }
  if (status == BW_CLI_EXIT_OK)
    file = bootloader_image (ctx, board, argc == 2 ? argv[1] : NULL, &status);
  if (file != NULL)
    status = program_each (ctx, bw_image_file_get_image (file), board, &options,
                      _("Install the bootloader?"),
                      _("The bootloader is installed and verified. Next: connect the ESC to VESC Tool over "
                        "USB; firmware updates through VESC Tool work from now on."));
  g_free (options.backup);
  return bw_cli_finish (ctx, status);
}

static BwImage *
merge_images (BwImage *first, BwImage *second, GError **error)
{
  g_autoptr(BwImage) merged = bw_image_new ();
  BwImage *parts[] = { first, second };

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    for (guint i = 0; i < bw_image_get_n_segments (parts[p]); i++)
      if (!bw_image_add_data (merged, bw_image_get_segment_address (parts[p], i),
                              bw_image_get_segment_data (parts[p], i),
                              bw_image_get_segment_size (parts[p], i), error))
        return NULL;
  return g_steal_pointer (&merged);
}

gint
bw_cli_recover (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— bring a bricked ESC back: bootloader, optionally firmware"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("recover");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = NULL;
  g_autoptr(BwImageFile) bootloader = NULL;
  g_autoptr(BwImageFile) firmware = NULL;
  g_autoptr(BwImage) merged = NULL;
  g_autofree gchar *firmware_path = NULL;
  gboolean mass_erase = FALSE;
  ProgramOptions options = { 0 };
  BwBoard *board = NULL;
  BwImage *image = NULL;
  gint status = BW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "firmware", 'f', 0, G_OPTION_ARG_FILENAME, &firmware_path,
      N_("Also write this VESC firmware (.bin or .hex)"), N_("FILE") },
    { "mass-erase", 0, 0, G_OPTION_ARG_NONE, &mass_erase,
      N_("Erase the whole chip first, settings included"), NULL },
    { NULL },
  };

  bw_cli_context_add_options (ctx, context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_backup_options (context, &options);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (bw_cli_vesc_kind (ctx) != BW_CLI_VESC_NONE)
    {
      /* through a VESC the only erase is the whole chip: --mass-erase is implied */
      status = bw_cli_vesc_recover (ctx, argc, firmware_path, options.backup, options.no_backup);
      g_free (options.backup);
      return bw_cli_finish (ctx, status);
    }
  if (argc != 1 || ctx->board == NULL)
    status = bw_cli_usage_error (ctx, "%s", _("give --board BOARD; recover takes no other arguments"));
  if (status == BW_CLI_EXIT_OK)
    {
      db = bw_cli_load_board_db (&error);
      if (db == NULL)
        status = bw_cli_fail (ctx, error, NULL);
      else if ((board = bw_cli_find_board (db, ctx->board, &error)) == NULL)
        status = bw_cli_usage_error (ctx, "%s", error->message);
    }
  if (status == BW_CLI_EXIT_OK)
    bootloader = bootloader_image (ctx, board, NULL, &status);
  if (bootloader != NULL)
    {
      image = bw_image_file_get_image (bootloader);
      if (firmware_path != NULL)
        {
          firmware = load_image (firmware_path, FALSE, 0, &error);
          if (firmware == NULL || (merged = merge_images (image, bw_image_file_get_image (firmware), &error)) == NULL)
            {
              status = bw_cli_fail (ctx, error, NULL);
              image = NULL;
            }
          else
            {
              image = merged;
            }
        }
    }
  if (image != NULL)
    {
      if (mass_erase)
        options.flags |= BW_PLAN_FLAG_MASS_ERASE;
      status = program_each (ctx, image, board, &options,
                        mass_erase ? _("Erase the whole chip, settings included, and write?") : _("Write?"),
                        _("The ESC is recovered and verified. Next: connect it to VESC Tool over USB."));
    }
  g_free (options.backup);
  return bw_cli_finish (ctx, status);
}

gint
bw_cli_flash (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — write a firmware or bootloader file"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("flash");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = NULL;
  g_autoptr(BwImageFile) file = NULL;
  g_autofree gchar *address_text = NULL;
  gboolean write_config = FALSE;
  ProgramOptions options = { 0 };
  BwBoard *board = NULL;
  guint32 address = 0;
  gint status = BW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address_text,
      N_("Where a .bin file goes, e.g. 0x08000000 (default: what its content says)"), N_("ADDRESS") },
    { "write-config", 0, 0, G_OPTION_ARG_NONE, &write_config,
      N_("Also write the file's bytes over the saved settings (sectors 1-2)"), NULL },
    { NULL },
  };

  bw_cli_context_add_options (ctx, context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_backup_options (context, &options);
  g_option_context_set_summary (context,
                                _("Erases only the sectors the file touches, never the saved settings "
                                  "unless --write-config, then writes and verifies."));
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 2)
    status = bw_cli_usage_error (ctx, "%s", _("give exactly one FILE to write"));
  else if (address_text != NULL && !bw_cli_parse_address (address_text, &address, &error))
    status = bw_cli_usage_error (ctx, "%s", error->message);
  if (status == BW_CLI_EXIT_OK && ctx->board != NULL)
    {
      db = bw_cli_load_board_db (&error);
      if (db == NULL)
        status = bw_cli_fail (ctx, error, NULL);
      else if ((board = bw_cli_find_board (db, ctx->board, &error)) == NULL)
        status = bw_cli_usage_error (ctx, "%s", error->message);
    }
  if (status == BW_CLI_EXIT_OK)
    {
      file = load_image (argv[1], address_text != NULL, address, &error);
      if (file == NULL)
        status = bw_cli_fail (ctx, error, NULL);
    }
  if (file != NULL)
    {
      if (write_config)
        options.flags |= BW_PLAN_FLAG_WRITE_CONFIG;
      status = program_each (ctx, bw_image_file_get_image (file), board, &options, _("Write?"),
                        _("Written and verified."));
    }
  g_free (options.backup);
  return bw_cli_finish (ctx, status);
}

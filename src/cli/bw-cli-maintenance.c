/* bw-cli-maintenance.c: backup, verify, erase, unlock, reset
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bw-cli-batch.h"
#include "bw-cli-commands.h"
#include "bw-cli-common.h"
#include "bw-cli-vesc.h"

#define FLASH_BASE 0x08000000u

/* Options, the probe and its speed: what every command here starts with.
 * Returns the transport, or NULL with *status set. */
static BwUsbTransport *
open_probe (BwCliContext *ctx, gint *status)
{
  g_autoptr(GError) error = NULL;
  BwUsbTransport *transport;
  guint khz;

  if (!bw_cli_parse_speed (ctx, &khz, &error))
    {
      *status = bw_cli_usage_error (ctx, "%s", error->message);
      return NULL;
    }
  transport = bw_cli_open_probe (ctx, &error);
  if (transport == NULL)
    *status = bw_cli_fail (ctx, error, NULL);
  return transport;
}

/* "0x080E0000:0x08100000", the end exclusive. */
static gboolean
parse_range (const gchar *text, guint32 *address, guint32 *size, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  guint32 end = 0;

  if (g_strv_length (parts) != 2 || !bw_cli_parse_address (parts[0], address, NULL) ||
      !bw_cli_parse_address (parts[1], &end, NULL) || end <= *address)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   _("'%s' is not a range; write START:END, e.g. 0x080E0000:0x08100000"), text);
      return FALSE;
    }
  *size = end - *address;
  return TRUE;
}

typedef struct {
  const gchar *out;
  guint32      address;
  guint32      size;
} BackupRequest;

static gint
backup_board (BwCliContext *ctx, gpointer user_data)
{
  const BackupRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BwUsbTransport) transport = NULL;
  g_autoptr(BwBackupJob) job = NULL;
  g_autofree gchar *out = NULL;
  gint status = BW_CLI_EXIT_OK;
  JsonObject *data;

  transport = open_probe (ctx, &status);
  if (transport == NULL)
    return status;
  out = request->out != NULL ? bw_cli_board_path (ctx, request->out) : bw_cli_default_backup_path (ctx, "flash");
  job = bw_backup_job_new (BW_TRANSPORT (transport), out, request->address, request->size);
  bw_cli_prepare_job (ctx, BW_JOB (job));
  bw_backup_job_set_connect_mode (job, bw_cli_connect_mode (ctx));
  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    return bw_cli_fail (ctx, error, NULL);
  bw_cli_say (ctx, _("Saved to %s (sha256 %s)"), out, bw_backup_job_get_sha256 (job));
  data = json_object_new ();
  json_object_set_string_member (data, "file", out);
  json_object_set_string_member (data, "sha256", bw_backup_job_get_sha256 (job));
  return bw_cli_succeed (ctx, data);
}

gint
bw_cli_backup (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— save the chip's flash to a file"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("backup");
  g_autoptr(GError) error = NULL;
  g_autofree gchar *out = NULL;
  g_autofree gchar *range = NULL;
  BackupRequest request = { NULL, FLASH_BASE, 0 };
  guint khz;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("Where to save (.hex for Intel HEX; default: a dated .bin in ~/.local/share/bootwire/backups)"), N_("FILE") },
    { "range", 'r', 0, G_OPTION_ARG_STRING, &range,
      N_("Only START:END, e.g. 0x080E0000:0x08100000 (default: the whole flash)"), N_("START:END") },
    { NULL },
  };

  bw_cli_context_add_options (ctx, context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 1)
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", _("backup takes no arguments; use --out FILE")));
  if (range != NULL && !parse_range (range, &request.address, &request.size, &error))
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
  if (bw_cli_vesc_kind (ctx) != BW_CLI_VESC_NONE)
    return bw_cli_finish (ctx, bw_cli_vesc_backup (ctx, argc, out, request.address, request.size));
  request.out = out;
  if (!bw_cli_is_batch (ctx))
    return bw_cli_finish (ctx, backup_board (ctx, &request));
  if (!bw_cli_parse_speed (ctx, &khz, &error))
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
  return bw_cli_finish (ctx, bw_cli_batch_run (ctx, backup_board, &request));
}

/* The image without its bytes in the config sectors 1-2, which writing
 * leaves alone unless asked. */
static BwImage *
image_without_config (BwImage *image, GError **error)
{
  g_autoptr(BwImage) out = bw_image_new ();

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint32 start = bw_image_get_segment_address (image, i);
      gsize size = bw_image_get_segment_size (image, i);
      const guint8 *bytes = bw_image_get_segment_data (image, i);
      guint64 end = (guint64) start + size;

      if (start < BW_VESC_CONFIG_START &&
          !bw_image_add_data (out, start, bytes, MIN (end, (guint64) BW_VESC_CONFIG_START) - start, error))
        return NULL;
      if (end > BW_VESC_CONFIG_END)
        {
          guint32 from = MAX (start, (guint32) BW_VESC_CONFIG_END);

          if (!bw_image_add_data (out, from, bytes + (from - start), end - from, error))
            return NULL;
        }
    }
  return g_steal_pointer (&out);
}

typedef struct {
  BwImage     *image;
  gboolean     ignore_crc_info;
  const gchar *path;
} VerifyRequest;

/* The engine words a mismatch for a job that has just written; here the
 * chip is compared with a file it may never have held. */
static gint
verify_mismatch (BwCliContext *ctx, const GError *error, const gchar *path)
{
  g_autofree gchar *name = g_path_get_basename (path);
  g_autofree gchar *where = g_strdup (error->message);
  g_autoptr(GString) message = g_string_new (NULL);
  gchar *tail = g_strrstr (where, ", but ");
  const gchar *summary = _("The flash does not match the file.");
  g_autofree gchar *action =
    g_strdup_printf (_("The chip holds something else than %s: compare with the right file, or write this one "
                       "with 'bootwire-cli flash'."), name);
  JsonObject *result = json_object_new ();
  JsonObject *object = json_object_new ();

  /* "0x08000008 holds 0x21, but 0xD1 was written" → "..., the file has 0xD1" */
  if (tail != NULL && g_str_has_suffix (tail, " was written"))
    {
      *tail = '\0';
      tail += strlen (", but ");
      tail[strlen (tail) - strlen (" was written")] = '\0';
      g_string_printf (message, _("%s, the file has %s"), where, tail);
    }
  else
    {
      g_string_assign (message, error->message);
    }
  if (ctx->failure == NULL)
    ctx->failure = g_strdup (summary);
  bw_cli_warn (ctx, "bootwire-cli %s: %s\n  %s\n  %s", ctx->command, summary, message->str, action);
  json_object_set_string_member (result, "command", ctx->command);
  json_object_set_boolean_member (result, "ok", FALSE);
  json_object_set_int_member (result, "status", BW_CLI_EXIT_FAILED);
  json_object_set_string_member (object, "code", "verify-mismatch");
  json_object_set_string_member (object, "message", message->str);
  json_object_set_string_member (object, "summary", summary);
  json_object_set_string_member (object, "action", action);
  json_object_set_object_member (result, "error", object);
  bw_cli_emit (ctx, "result", result);
  return BW_CLI_EXIT_FAILED;
}

static gint
verify_board (BwCliContext *ctx, gpointer user_data)
{
  const VerifyRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BwUsbTransport) transport = NULL;
  g_autoptr(BwVerifyJob) job = NULL;
  gint status = BW_CLI_EXIT_OK;

  transport = open_probe (ctx, &status);
  if (transport == NULL)
    return status;
  job = bw_verify_job_new (BW_TRANSPORT (transport), request->image);
  bw_cli_prepare_job (ctx, BW_JOB (job));
  bw_verify_job_set_connect_mode (job, bw_cli_connect_mode (ctx));
  bw_verify_job_set_ignore_crc_info (job, request->ignore_crc_info);
  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    return g_error_matches (error, BW_ERROR, BW_ERROR_VERIFY_MISMATCH) ? verify_mismatch (ctx, error, request->path)
                                                                      : bw_cli_fail (ctx, error, NULL);
  bw_cli_say (ctx, _("The flash matches %s."), request->path);
  return bw_cli_succeed (ctx, NULL);
}

gint
bw_cli_verify (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — compare the chip's flash with a file"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("verify");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) gfile = NULL;
  g_autoptr(BwImageFile) file = NULL;
  g_autoptr(BwVescImage) vesc = NULL;
  g_autoptr(BwImage) image = NULL;
  g_autofree gchar *address_text = NULL;
  gboolean with_config = FALSE;
  guint32 address = 0;
  VerifyRequest request = { NULL, FALSE, NULL };
  guint khz;
  const GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address_text,
      N_("Where a .bin file goes, e.g. 0x08000000 (default: what its content says)"), N_("ADDRESS") },
    { "with-config", 0, 0, G_OPTION_ARG_NONE, &with_config,
      N_("Also compare the file's bytes in the saved settings (sectors 1-2)"), NULL },
    { NULL },
  };

  bw_cli_context_add_options (ctx, context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 2)
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", _("give exactly one FILE to compare")));
  if (address_text != NULL && !bw_cli_parse_address (address_text, &address, &error))
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
  gfile = g_file_new_for_commandline_arg (argv[1]);
  file = bw_image_file_new (gfile);
  if (!bw_image_file_load (file, address_text != NULL, address, NULL, &error))
    {
      g_prefix_error (&error, "%s: ", argv[1]);
      return bw_cli_finish (ctx, bw_cli_fail (ctx, error, NULL));
    }
  image = with_config ? g_object_ref (bw_image_file_get_image (file))
                      : image_without_config (bw_image_file_get_image (file), &error);
  if (image == NULL)
    return bw_cli_finish (ctx, bw_cli_fail (ctx, error, NULL));
  vesc = bw_vesc_image_new_from_image (bw_image_file_get_image (file));
  request.image = image;
  request.ignore_crc_info = bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_FIRMWARE ||
                            bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER;
  request.path = argv[1];
  if (!bw_cli_is_batch (ctx))
    return bw_cli_finish (ctx, verify_board (ctx, &request));
  if (!bw_cli_parse_speed (ctx, &khz, &error))
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
  return bw_cli_finish (ctx, bw_cli_batch_run (ctx, verify_board, &request));
}

/* "--sector 1 --sector 5-7,11" */
static gboolean
parse_sectors (gchar **texts, guint32 *mask, GError **error)
{
  *mask = 0;
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (texts[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_auto(GStrv) bounds = g_strsplit (parts[j], "-", 2);
          guint64 first = 0;
          guint64 last = 0;

          if (!g_ascii_string_to_unsigned (bounds[0], 10, 0, 31, &first, NULL) ||
              (bounds[1] != NULL && !g_ascii_string_to_unsigned (bounds[1], 10, first, 31, &last, NULL)))
            {
              g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                           _("'%s' is not a sector list; write e.g. --sector 11 or --sector 5-7"), texts[i]);
              return FALSE;
            }
          if (bounds[1] == NULL)
            last = first;
          for (guint64 s = first; s <= last; s++)
            *mask |= 1u << s;
        }
    }
  return TRUE;
}

static gint
run_maintenance (BwCliContext *ctx, BwMaintenanceJob *job, const gchar *success)
{
  g_autoptr(GError) error = NULL;

  bw_maintenance_job_set_connect_mode (job, bw_cli_connect_mode (ctx));
  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    return bw_cli_fail (ctx, error, NULL);
  bw_cli_say (ctx, "%s", success);
  return bw_cli_succeed (ctx, NULL);
}

gint
bw_cli_erase (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— erase flash sectors, or the whole chip"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("erase");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwUsbTransport) transport = NULL;
  g_autoptr(BwMaintenanceJob) job = NULL;
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) sector_texts = NULL;
  gboolean all = FALSE;
  guint32 mask = 0;
  gint status = BW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "sector", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sector_texts,
      N_("Erase these sectors, e.g. 11 or 5-7 (may be repeated)"), N_("N") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Erase the whole chip, settings included"), NULL },
    { NULL },
  };

  bw_cli_context_add_options (ctx, context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 1 || (sector_texts == NULL) == !all)
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", _("give either --sector N (repeatable) or --all")));
  if (!parse_sectors (sector_texts, &mask, &error))
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
  for (guint s = 0; s < 32 && !all; s++)
    {
      g_autofree gchar *size = NULL;

      if ((mask & (1u << s)) == 0)
        continue;
      if (s >= bw_flash_map_get_n_sectors (map))
        return bw_cli_finish (ctx, bw_cli_usage_error (ctx, _("an STM32F405 has sectors 0 to %u, not %u"),
                                                       bw_flash_map_get_n_sectors (map) - 1, s));
      size = bw_format_size (bw_flash_map_get_sector_size (map, s));
      g_ptr_array_add (lines, g_strdup_printf (_("Erase sector %u (%s at 0x%08X)%s."), s, size,
                                               bw_flash_map_get_sector_address (map, s),
                                               s == 1 || s == 2 ? _(": the saved settings") :
                                               s == 11 ? _(": the bootloader") : ""));
    }
  if (all)
    g_ptr_array_add (lines, g_strdup (_("Erase the whole chip: firmware, settings and bootloader.")));
  g_ptr_array_add (lines, NULL);

  transport = open_probe (ctx, &status);
  if (transport == NULL)
    return bw_cli_finish (ctx, status);
  bw_cli_say (ctx, "%s", _("The plan:"));
  if (!bw_cli_confirm (ctx, _("Erase?"), (gchar **) lines->pdata, &status))
    return bw_cli_finish (ctx, status);
  job = bw_maintenance_job_new (BW_TRANSPORT (transport),
                                all ? BW_MAINTENANCE_MASS_ERASE : BW_MAINTENANCE_ERASE_SECTORS);
  bw_cli_prepare_job (ctx, BW_JOB (job));
  bw_maintenance_job_set_sectors (job, mask);
  bw_maintenance_job_set_consent (job, TRUE);
  return bw_cli_finish (ctx, run_maintenance (ctx, job, _("Erased.")));
}

gint
bw_cli_unlock (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— remove read protection (erases the whole chip)"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("unlock");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwUsbTransport) transport = NULL;
  g_autoptr(BwCheckJob) check = NULL;
  g_autoptr(BwMaintenanceJob) job = NULL;
  gchar *lines[] = {
    _("Remove the read protection (RDP level 1 to 0)."),
    _("The chip then erases all of its flash: firmware, settings and bootloader."),
    NULL,
  };
  gint status = BW_CLI_EXIT_OK;

  bw_cli_context_add_options (ctx, context, FALSE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 1)
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", _("unlock takes no arguments")));
  transport = open_probe (ctx, &status);
  if (transport == NULL)
    return bw_cli_finish (ctx, status);

  /* ask only when there is something to remove */
  check = bw_check_job_new (BW_TRANSPORT (transport));
  bw_cli_prepare_job (ctx, BW_JOB (check));
  bw_check_job_set_connect_mode (check, bw_cli_connect_mode (ctx));
  if (bw_cli_run_job (ctx, BW_JOB (check), &error))
    {
      bw_cli_say (ctx, "%s", _("The chip is not read-protected; nothing to do."));
      return bw_cli_finish (ctx, bw_cli_succeed (ctx, NULL));
    }
  if (!g_error_matches (error, BW_ERROR, BW_ERROR_READ_PROTECTED))
    return bw_cli_finish (ctx, bw_cli_fail (ctx, error, NULL));

  bw_cli_say (ctx, "%s", _("The plan:"));
  if (!bw_cli_confirm (ctx, _("Unlock and erase everything?"), lines, &status))
    return bw_cli_finish (ctx, status);
  job = bw_maintenance_job_new (BW_TRANSPORT (transport), BW_MAINTENANCE_UNLOCK);
  bw_cli_prepare_job (ctx, BW_JOB (job));
  bw_maintenance_job_set_consent (job, TRUE);
  return bw_cli_finish (ctx, run_maintenance (ctx, job, _("The chip is not read-protected now; its flash is blank.")));
}

static gint
reset_board (BwCliContext *ctx, gpointer user_data)
{
  g_autoptr(BwUsbTransport) transport = NULL;
  g_autoptr(BwMaintenanceJob) job = NULL;
  gint status = BW_CLI_EXIT_OK;

  transport = open_probe (ctx, &status);
  if (transport == NULL)
    return status;
  job = bw_maintenance_job_new (BW_TRANSPORT (transport), BW_MAINTENANCE_RESET);
  bw_cli_prepare_job (ctx, BW_JOB (job));
  return run_maintenance (ctx, job, _("The ESC was reset and runs."));
}

gint
bw_cli_reset (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— restart the ESC's processor"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("reset");
  g_autoptr(GError) error = NULL;
  guint khz;

  bw_cli_context_add_options (ctx, context, FALSE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 1)
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", _("reset takes no arguments")));
  if (!bw_cli_is_batch (ctx))
    return bw_cli_finish (ctx, reset_board (ctx, NULL));
  if (!bw_cli_parse_speed (ctx, &khz, &error))
    return bw_cli_finish (ctx, bw_cli_usage_error (ctx, "%s", error->message));
  return bw_cli_finish (ctx, bw_cli_batch_run (ctx, reset_board, NULL));
}

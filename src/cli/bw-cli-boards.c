/* bw-cli-boards.c: the subcommands that read the board and probe profiles
 * only: boards, wiring
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-cli-boards.h"
#include "bw-cli-commands.h"
#include "bw-cli-common.h"
#include "bw-cli-vesc.h"

BwBoardDb *
bw_cli_load_board_db (GError **error)
{
  g_autoptr(BwBoardDb) db = bw_board_db_new ();

  if (!bw_board_db_load_default (db, error))
    return NULL;
  return g_steal_pointer (&db);
}

/* Profile ids are file names (vesc-6); people also type vesc_6. */
BwBoard *
bw_cli_find_board (BwBoardDb *db, const gchar *id, GError **error)
{
  g_autofree gchar *dashed = g_strdelimit (g_strdup (id), "_", '-');
  BwBoard *board = bw_board_db_find_board (db, id);

  if (board == NULL)
    board = bw_board_db_find_board (db, dashed);
  if (board == NULL)
    g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                 _("there is no board profile '%s'; 'bootwire-cli boards' lists them"), id);
  return board;
}

static BwProbeProfile *
find_probe (BwBoardDb *db, const gchar *id, GError **error)
{
  g_autofree gchar *dashed = g_strdelimit (g_strdup (id), "_", '-');
  BwProbeProfile *probe = bw_board_db_find_probe (db, id);

  if (probe == NULL)
    probe = bw_board_db_find_probe (db, dashed);
  if (probe == NULL)
    g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                 _("there is no probe profile '%s'; 'bootwire-cli boards' lists them"), id);
  return probe;
}

static gchar *
join_hardware (BwBoard *board)
{
  const gchar *const *hardware = bw_board_get_hardware (board);

  if (hardware == NULL || hardware[0] == NULL)
    return g_strdup ("-");
  return g_strjoinv (", ", (gchar **) hardware);
}

gint
bw_cli_boards (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the board and probe profiles"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("boards");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = NULL;
  g_autoptr(GPtrArray) boards = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  JsonObject *data;
  JsonArray *board_array;
  JsonArray *probe_array;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx->json, N_("Print newline-delimited JSON events instead of text"), NULL },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 1)
    return bw_cli_usage_error (ctx, "%s", _("boards takes no arguments"));
  db = bw_cli_load_board_db (&error);
  if (db == NULL)
    return bw_cli_fail (ctx, error, NULL);

  boards = bw_board_db_get_boards (db);
  probes = bw_board_db_get_probes (db);
  data = json_object_new ();
  board_array = json_array_new ();
  probe_array = json_array_new ();

  bw_cli_say (ctx, "%s", _("Boards (use the id with --board):"));
  for (guint i = 0; i < boards->len; i++)
    {
      BwBoard *board = g_ptr_array_index (boards, i);
      g_autofree gchar *hardware = join_hardware (board);
      JsonObject *object = json_object_new ();

      bw_cli_say (ctx, "  %-24s %s", bw_board_get_id (board), bw_board_get_name (board));
      /* TRANSLATORS: "hardware" is the VESC hardware name the firmware reports; "pinout" is how sure the connector pinout is */
      bw_cli_say (ctx, _("  %-24s hardware %s; bootloader %s; pinout confidence %s"), "", hardware,
                  bw_cli_bundled_bootloader_file (bw_board_get_bootloader (board)) ?:
                    bw_board_get_bootloader (board) ?: "-",
                  bw_confidence_get_display_name (bw_board_get_confidence (board)));
      json_object_set_string_member (object, "id", bw_board_get_id (board));
      json_object_set_string_member (object, "name", bw_board_get_name (board));
      json_object_set_string_member (object, "vendor", bw_board_get_vendor (board));
      json_object_set_string_member (object, "hardware", hardware);
      json_object_set_string_member (object, "bootloader", bw_board_get_bootloader (board));
      json_object_set_string_member (object, "bootloader_file", bw_cli_bundled_bootloader_file (bw_board_get_bootloader (board)));
      json_object_set_string_member (object, "confidence", bw_confidence_to_string (bw_board_get_confidence (board)));
      json_array_add_object_element (board_array, object);
    }
  bw_cli_say (ctx, "\n%s", _("Probes (use the id with 'wiring --probe'):"));
  for (guint i = 0; i < probes->len; i++)
    {
      BwProbeProfile *probe = g_ptr_array_index (probes, i);
      JsonObject *object = json_object_new ();

      bw_cli_say (ctx, "  %-24s %s", bw_probe_profile_get_id (probe), bw_probe_profile_get_name (probe));
      json_object_set_string_member (object, "id", bw_probe_profile_get_id (probe));
      json_object_set_string_member (object, "name", bw_probe_profile_get_name (probe));
      json_array_add_object_element (probe_array, object);
    }
  json_object_set_array_member (data, "boards", board_array);
  json_object_set_array_member (data, "probes", probe_array);
  return bw_cli_succeed (ctx, data);
}

static const gchar *
severity_in_words (BwSeverity severity)
{
  switch (severity)
    {
    case BW_SEVERITY_DANGER:
      /* TRANSLATORS: label of a wiring warning that can damage the board */
      return _("DANGER");
    case BW_SEVERITY_CAUTION:
      /* TRANSLATORS: label of a wiring warning */
      return _("Caution");
    case BW_SEVERITY_INFO:
    default:
      /* TRANSLATORS: label of a wiring hint */
      return _("Note");
    }
}

static const gchar *
severity_to_string (BwSeverity severity)
{
  switch (severity)
    {
    case BW_SEVERITY_DANGER:
      return "danger";
    case BW_SEVERITY_CAUTION:
      return "caution";
    case BW_SEVERITY_INFO:
    default:
      return "info";
    }
}

/* "3 SWDIO"; the label alone where the pin order is not known (number 0) */
static const gchar *
board_pin_label (BwBoard *board, guint index)
{
  return bw_board_get_pin_label (board, index) ?: bw_signal_get_display_name (bw_board_get_pin_signal (board, index));
}

static const gchar *
probe_pin_label (BwProbeProfile *probe, guint index)
{
  return bw_probe_profile_get_pin_label (probe, index) ?:
         bw_signal_get_display_name (bw_probe_profile_get_pin_signal (probe, index));
}

static gchar *
board_pin_words (BwBoard *board, guint index)
{
  guint number = bw_board_get_pin_number (board, index);

  if (number == 0)
    return g_strdup (board_pin_label (board, index));
  return g_strdup_printf ("%u %s", number, board_pin_label (board, index));
}

gint
bw_cli_wiring (gint argc, gchar **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— which wire goes where between a probe and a board"));
  g_autoptr(BwCliContext) ctx = bw_cli_context_new ("wiring");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwBoardDb) db = NULL;
  g_autoptr(BwWiring) wiring = NULL;
  g_autofree gchar *board_id = NULL;
  g_autofree gchar *probe_id = NULL;
  g_autofree gchar *power_text = NULL;
  BwPowerSource power = BW_POWER_SOURCE_BATTERY;
  BwBoard *board;
  BwProbeProfile *probe;
  JsonObject *data;
  JsonArray *array;
  const GOptionEntry entries[] = {
    { "board", 'b', 0, G_OPTION_ARG_STRING, &board_id, N_("The board profile, e.g. vesc-6"), N_("BOARD") },
    { "probe", 'p', 0, G_OPTION_ARG_STRING, &probe_id, N_("The probe profile, e.g. stlink-v2-clone-a"), N_("PROBE") },
    { "power", 0, 0, G_OPTION_ARG_STRING, &power_text,
      N_("How the board is powered: battery (default) or probe"), N_("SOURCE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx->json, N_("Print newline-delimited JSON events instead of text"), NULL },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!bw_cli_context_parse (ctx, context, &argc, &argv))
    return BW_CLI_EXIT_BAD_INPUT;
  if (argc != 1 || board_id == NULL || probe_id == NULL)
    return bw_cli_usage_error (ctx, "%s", _("give --board BOARD and --probe PROBE ('bootwire-cli boards' lists them)"));
  if (power_text != NULL && g_strcmp0 (power_text, "probe") == 0)
    power = BW_POWER_SOURCE_PROBE;
  else if (power_text != NULL && g_strcmp0 (power_text, "battery") != 0)
    return bw_cli_usage_error (ctx, _("--power is battery or probe, not '%s'"), power_text);

  db = bw_cli_load_board_db (&error);
  if (db == NULL)
    return bw_cli_fail (ctx, error, NULL);
  board = bw_cli_find_board (db, board_id, &error);
  if (board == NULL)
    return bw_cli_usage_error (ctx, "%s", error->message);
  probe = find_probe (db, probe_id, &error);
  if (probe == NULL)
    return bw_cli_usage_error (ctx, "%s", error->message);
  wiring = bw_wiring_new (board, probe, power, &error);
  if (wiring == NULL)
    return bw_cli_fail (ctx, error, NULL);

  data = json_object_new ();
  json_object_set_string_member (data, "board", bw_board_get_id (board));
  json_object_set_string_member (data, "probe", bw_probe_profile_get_id (probe));
  json_object_set_string_member (data, "power", power == BW_POWER_SOURCE_PROBE ? "probe" : "battery");

  /* TRANSLATORS: heading, "%s to %s" are the probe's and the board's names */
  bw_cli_say (ctx, _("Wiring %s to %s"), bw_probe_profile_get_name (probe), bw_board_get_name (board));

  array = json_array_new ();
  if (bw_wiring_get_n_warnings (wiring) > 0)
    bw_cli_say (ctx, "%s", "");
  for (guint i = 0; i < bw_wiring_get_n_warnings (wiring); i++)
    {
      BwWiringWarning warning = bw_wiring_get_warning (wiring, i);
      BwSeverity severity = bw_wiring_warning_get_severity (warning);
      JsonObject *object = json_object_new ();

      bw_cli_say (ctx, "  %s: %s", severity_in_words (severity), bw_wiring_warning_get_text (warning));
      json_object_set_string_member (object, "severity", severity_to_string (severity));
      json_object_set_string_member (object, "text", bw_wiring_warning_get_text (warning));
      json_array_add_object_element (array, object);
    }
  bw_cli_vesc_wiring_notes (ctx, probe, array);
  json_object_set_array_member (data, "warnings", array);

  bw_cli_say (ctx, "\n  %-26s %-8s %s", _("Probe pin"), _("Wire"), _("Board pin"));
  array = json_array_new ();
  for (guint i = 0; i < bw_wiring_get_n_wires (wiring); i++)
    {
      const BwWire *wire = bw_wiring_get_wire (wiring, i);
      g_autofree gchar *probe_pin = g_strdup_printf ("%u %s", wire->probe_pin + 1,
                                                     probe_pin_label (probe, wire->probe_pin));
      g_autofree gchar *board_pin = board_pin_words (board, wire->board_pin);
      JsonObject *object = json_object_new ();

      if (g_strcmp0 (board_pin_label (board, wire->board_pin), bw_signal_get_display_name (wire->signal)) == 0)
        bw_cli_say (ctx, "  %-26s %-8s %s", probe_pin, bw_wire_colour_get_display_name (wire->colour), board_pin);
      else
        bw_cli_say (ctx, "  %-26s %-8s %s (%s)", probe_pin, bw_wire_colour_get_display_name (wire->colour),
                    board_pin, bw_signal_get_display_name (wire->signal));
      json_object_set_string_member (object, "signal", bw_signal_to_string (wire->signal));
      json_object_set_string_member (object, "colour", bw_wire_colour_to_string (wire->colour));
      json_object_set_int_member (object, "probe_pin", wire->probe_pin + 1);
      json_object_set_string_member (object, "probe_label", probe_pin_label (probe, wire->probe_pin));
      json_object_set_int_member (object, "board_pin", bw_board_get_pin_number (board, wire->board_pin));
      json_object_set_string_member (object, "board_label", board_pin_label (board, wire->board_pin));
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (data, "wires", array);

  array = json_array_new ();
  if (bw_wiring_get_n_free_pins (wiring) > 0)
    bw_cli_say (ctx, "\n%s", _("Leave these pins free:"));
  for (guint i = 0; i < bw_wiring_get_n_free_pins (wiring); i++)
    {
      const BwFreePin *free_pin = bw_wiring_get_free_pin (wiring, i);
      g_autofree gchar *pin = NULL;
      JsonObject *object = json_object_new ();

      if (free_pin->side == BW_PIN_SIDE_PROBE)
        /* TRANSLATORS: "probe pin 1 3.3V" */
        pin = g_strdup_printf (_("probe pin %u %s"), free_pin->pin + 1, probe_pin_label (probe, free_pin->pin));
      else
        {
          g_autofree gchar *words = board_pin_words (board, free_pin->pin);

          /* TRANSLATORS: "board pin 1 3.3V" */
          pin = g_strdup_printf (_("board pin %s"), words);
        }
      bw_cli_say (ctx, "  %-26s %s", pin, bw_free_reason_get_text (free_pin->reason));
      json_object_set_string_member (object, "side", free_pin->side == BW_PIN_SIDE_PROBE ? "probe" : "board");
      json_object_set_string_member (object, "pin", pin);
      json_object_set_string_member (object, "reason", bw_free_reason_get_text (free_pin->reason));
      json_array_add_object_element (array, object);
    }
  json_object_set_array_member (data, "free_pins", array);

  /* TRANSLATORS: how the chip is reset while connecting */
  bw_cli_say (ctx, "\n%s %s", _("Reset:"), bw_reset_method_get_text (bw_wiring_get_reset_method (wiring)));
  json_object_set_string_member (data, "reset", bw_reset_method_get_text (bw_wiring_get_reset_method (wiring)));
  return bw_cli_succeed (ctx, data);
}

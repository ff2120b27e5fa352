/* bw-cli-common.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef G_OS_UNIX
#include <glib-unix.h>
#include <signal.h>
#endif
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bw-cli-batch.h"
#include "bw-cli-commands.h"
#include "bw-cli-common.h"
#include "bw-cli-output.h"

#define BAR_WIDTH 24

/* the boards of a batch print from their own threads, a line at a time */
static GMutex output_lock;

BwCliContext *
bw_cli_context_new (const gchar *command)
{
  BwCliContext *ctx = g_new0 (BwCliContext, 1);

  ctx->command = command;
  ctx->tty = isatty (STDOUT_FILENO) == 1;
  ctx->stdin_tty = isatty (STDIN_FILENO) == 1;
  ctx->report_text = g_string_new (NULL);
  ctx->started_us = g_get_monotonic_time ();
  return ctx;
}

void
bw_cli_context_free (BwCliContext *ctx)
{
  g_free (ctx->probe);
  g_free (ctx->speed);
  g_free (ctx->board);
  g_free (ctx->report);
  g_free (ctx->board_serial);
  g_free (ctx->failure);
  g_clear_object (&ctx->cancellable);
  g_string_free (ctx->report_text, TRUE);
  g_free (ctx);
}

void
bw_cli_context_add_options (BwCliContext *ctx, GOptionContext *option_context, gboolean with_board)
{
  const GOptionEntry entries[] = {
    { "probe", 'p', 0, G_OPTION_ARG_STRING, &ctx->probe,
      N_("The ST-Link to use, by serial number (needed when several are attached), or 'all' for every "
         "attached one in parallel; vesc:PORT for a working VESC as the programmer, usb:PORT for the ESC's "
         "own USB"), N_("SERIAL|all|vesc:PORT|usb:PORT") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &ctx->speed,
      N_("SWD clock in kHz, e.g. 1800 (lower it when writes or verifies fail)"), N_("KHZ") },
    { "connect-under-reset", 0, 0, G_OPTION_ARG_NONE, &ctx->under_reset,
      N_("Hold the chip in reset while connecting (for firmware that turns SWD off)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx->json,
      N_("Print newline-delimited JSON events instead of text"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &ctx->yes,
      N_("Do not ask before erasing or writing"), NULL },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &ctx->report,
      N_("Save everything that happened to FILE (for a forum post)"), N_("FILE") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &ctx->verbose,
      N_("Show every step of the job"), NULL },
    { "board", 'b', 0, G_OPTION_ARG_STRING, &ctx->board,
      N_("The board profile, e.g. vesc-6 (see 'bootwire-cli boards')"), N_("BOARD") },
    { NULL },
  };
  g_autofree GOptionEntry *copy = g_memdup2 (entries, sizeof entries);

  /* in the main group, so that the command's --help shows them */
  if (!with_board)
    copy[G_N_ELEMENTS (entries) - 2] = (GOptionEntry) { NULL };
  g_option_context_add_main_entries (option_context, copy, GETTEXT_PACKAGE);
}

gboolean
bw_cli_context_parse (BwCliContext *ctx, GOptionContext *option_context, gint *argc, gchar ***argv)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = g_option_context_parse (option_context, argc, argv, &error);

  /* GOption undoes every option when one is bad; a script that asked for
   * JSON still gets its result line */
  for (gint i = 1; !ok && i < *argc && g_strcmp0 ((*argv)[i], "--") != 0; i++)
    ctx->json |= g_strcmp0 ((*argv)[i], "--json") == 0;
  if (ctx->json)
    ctx->tty = FALSE;
  if (!ok)
    bw_cli_usage_error (ctx, "%s", error->message);
  return ok;
}

static void
end_bar (BwCliContext *ctx)
{
  if (ctx->bar_open)
    {
      g_print ("\n");
      ctx->bar_open = FALSE;
    }
}

/* One line for humans, after "[SERIAL] " for a board of a batch. */
static void
print_line (BwCliContext *ctx, gboolean to_stderr, const gchar *text)
{
  g_mutex_lock (&output_lock);
  end_bar (ctx);
  if (ctx->board_serial != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        (to_stderr ? g_printerr : g_print) ("[%s] %s\n", ctx->board_serial, lines[i]);
    }
  else
    {
      (to_stderr ? g_printerr : g_print) ("%s\n", text);
    }
  fflush (to_stderr ? stderr : stdout);
  g_mutex_unlock (&output_lock);
}

void
bw_cli_say (BwCliContext *ctx, const gchar *format, ...)
{
  g_autofree gchar *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_string_append_printf (ctx->report_text, "%s\n", text);
  if (!ctx->json)
    print_line (ctx, FALSE, text);
}

void
bw_cli_warn (BwCliContext *ctx, const gchar *format, ...)
{
  g_autofree gchar *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_string_append_printf (ctx->report_text, "%s\n", text);
  print_line (ctx, TRUE, text);
}

void
bw_cli_emit (BwCliContext *ctx, const gchar *type, JsonObject *members)
{
  g_autoptr(JsonObject) object = members != NULL ? members : json_object_new ();
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree gchar *text = NULL;
  GList *names;

  if (!ctx->json)
    return;
  /* "event" first, for readers that look at the start of the line */
  json_object_set_string_member (event, "event", type);
  if (ctx->board_serial != NULL)
    json_object_set_string_member (event, "probe", ctx->board_serial);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (event, l->data, json_node_copy (json_object_get_member (object, l->data)));
  g_list_free (names);
  json_node_set_object (node, event);
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_mutex_lock (&output_lock);
  g_print ("%s\n", text);
  fflush (stdout);
  g_mutex_unlock (&output_lock);
}

static JsonObject *
result_object (BwCliContext *ctx, gint status)
{
  JsonObject *result = json_object_new ();

  json_object_set_string_member (result, "command", ctx->command);
  json_object_set_boolean_member (result, "ok", status == BW_CLI_EXIT_OK);
  json_object_set_int_member (result, "status", status);
  return result;
}

gint
bw_cli_usage_error (BwCliContext *ctx, const gchar *format, ...)
{
  g_autofree gchar *text = NULL;
  JsonObject *result = result_object (ctx, BW_CLI_EXIT_BAD_INPUT);
  JsonObject *error = json_object_new ();
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (ctx->failure == NULL)
    ctx->failure = g_strdup (text);
  bw_cli_warn (ctx, "bootwire-cli %s: %s", ctx->command, text);
  json_object_set_string_member (error, "code", "usage");
  json_object_set_string_member (error, "message", text);
  json_object_set_object_member (result, "error", error);
  bw_cli_emit (ctx, "result", result);
  return BW_CLI_EXIT_BAD_INPUT;
}

static gint
status_for_error (const GError *error)
{
  if (g_error_matches (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND) ||
      g_error_matches (error, BW_ERROR, BW_ERROR_PROBE_PERMISSION) ||
      g_error_matches (error, BW_ERROR, BW_ERROR_PROBE_BUSY) ||
      g_error_matches (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND) ||
      g_error_matches (error, BW_ERROR, BW_ERROR_VESC_PERMISSION))
    return BW_CLI_EXIT_NO_PROBE;
  if (g_error_matches (error, BW_ERROR, BW_ERROR_CANCELLED))
    return BW_CLI_EXIT_CANCELLED;
  /* the file or the request is wrong, not the hardware */
  if (error->domain == BW_ERROR &&
      (error->code == BW_ERROR_INVALID_ARGUMENT || error->code == BW_ERROR_PLAN_REFUSED ||
       error->code == BW_ERROR_FILE_NOT_FOUND || error->code == BW_ERROR_FILE_READ_FAILED ||
       error->code == BW_ERROR_FILE_TOO_LARGE || error->code == BW_ERROR_FILE_EMPTY ||
       error->code == BW_ERROR_IMAGE_INVALID || error->code == BW_ERROR_IMAGE_OVERLAP ||
       error->code == BW_ERROR_IMAGE_OUT_OF_RANGE || error->code == BW_ERROR_IMAGE_WRONG_CHIP ||
       error->code == BW_ERROR_IMAGE_NO_ADDRESS || error->code == BW_ERROR_IMAGE_WRONG_HARDWARE))
    return BW_CLI_EXIT_BAD_INPUT;
  return BW_CLI_EXIT_FAILED;
}

gint
bw_cli_fail (BwCliContext *ctx, const GError *error, const gchar *chip_state)
{
  gint status = status_for_error (error);
  g_autofree gchar *words = bw_error_advice_format (error);
  g_autoptr(JsonNode) error_node = bw_cli_error_to_json (error, 0, 0, 0);
  JsonObject *result = result_object (ctx, status);

  if (ctx->failure == NULL)
    ctx->failure = g_strndup (words, strcspn (words, "\n"));
  bw_cli_warn (ctx, "bootwire-cli %s: %s", ctx->command, words);
  /* the program job already starts its error with the chip's state */
  if (chip_state != NULL && strstr (error->message, chip_state) == NULL)
    bw_cli_warn (ctx, "%s", chip_state);
  json_object_set_member (result, "error",
                          json_node_copy (json_object_get_member (json_node_get_object (error_node), "error")));
  if (chip_state != NULL)
    json_object_set_string_member (result, "chip_state", chip_state);
  bw_cli_emit (ctx, "result", result);
  return status;
}

gint
bw_cli_succeed (BwCliContext *ctx, JsonObject *data)
{
  JsonObject *result = result_object (ctx, BW_CLI_EXIT_OK);

  if (data != NULL)
    json_object_set_object_member (result, "data", data);
  bw_cli_emit (ctx, "result", result);
  return BW_CLI_EXIT_OK;
}

gint
bw_cli_finish (BwCliContext *ctx, gint status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree gchar *when = NULL;

  end_bar (ctx);
  if (ctx->report == NULL)
    return status;
  now = g_date_time_new_now_utc ();
  when = g_date_time_format_iso8601 (now);
  text = g_string_new (NULL);
  g_string_append_printf (text, "bootwire-cli %s %s\n%s\n\n", PACKAGE_VERSION, ctx->command, when);
  g_string_append_len (text, ctx->report_text->str, ctx->report_text->len);
  g_string_append_printf (text, "\nexit status %d\n", status);
  if (!g_file_set_contents (ctx->report, text->str, text->len, &error))
    {
      g_printerr ("bootwire-cli %s: %s\n", ctx->command, error->message);
      return status == BW_CLI_EXIT_OK ? BW_CLI_EXIT_FAILED : status;
    }
  if (!ctx->json)
    {
      g_autofree gchar *line = g_strdup_printf (_("Report saved to %s"), ctx->report);

      print_line (ctx, FALSE, line);
    }
  return status;
}

BwUsbTransport *
bw_cli_open_probe (BwCliContext *ctx, GError **error)
{
  g_autoptr(GPtrArray) probes = NULL;

  if (bw_cli_is_batch (ctx))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   _("'%s' works on one probe at a time; give --probe SERIAL ('--probe all' is for check, "
                     "install-bootloader, recover, flash, backup, verify and reset)"),
                   ctx->command);
      return NULL;
    }
  if (g_str_has_prefix (ctx->probe ?: "", "vesc:") || g_str_has_prefix (ctx->probe ?: "", "usb:"))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   _("'%s' needs an ST-Link; through a VESC, check, backup, recover and install-bootloader work"),
                   ctx->command);
      return NULL;
    }
  if (ctx->probe != NULL)
    return bw_usb_transport_new (0, 0, ctx->probe, error);
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_NONE, error);
  if (probes == NULL)
    return NULL;
  if (probes->len > 1)
    {
      g_autoptr(GString) serials = g_string_new (NULL);

      for (guint i = 0; i < probes->len; i++)
        g_string_append_printf (serials, "%s%s", i > 0 ? ", " : "",
                                bw_probe_info_get_serial (g_ptr_array_index (probes, i)) ?: "?");
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   _("%u ST-Links are attached (%s); choose one with --probe SERIAL"),
                   probes->len, serials->str);
      return NULL;
    }
  return bw_usb_transport_new_for_info (g_ptr_array_index (probes, 0), error);
}

BwStlinkConnectMode
bw_cli_connect_mode (BwCliContext *ctx)
{
  return ctx->under_reset ? BW_STLINK_CONNECT_UNDER_RESET : BW_STLINK_CONNECT_NORMAL;
}

gboolean
bw_cli_parse_speed (BwCliContext *ctx, guint *khz, GError **error)
{
  guint64 value = 0;

  *khz = 0;
  if (ctx->speed == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (ctx->speed, 10, 5, 24000, &value, NULL))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   _("'%s' is not an SWD speed; give kHz between 5 and 24000, e.g. --speed 1800"),
                   ctx->speed);
      return FALSE;
    }
  *khz = (guint) value;
  ctx->swd_khz = *khz;
  return TRUE;
}

/* What every job takes from the common options. */
void
bw_cli_prepare_job (BwCliContext *ctx, BwJob *job)
{
  bw_job_set_swd_khz (job, ctx->swd_khz);
}

gboolean
bw_cli_confirm (BwCliContext *ctx, const gchar *question, gchar **lines, gint *status)
{
  g_autofree gchar *answer = NULL;
  gchar buffer[64];

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    bw_cli_say (ctx, "  %s", lines[i]);
  if (ctx->json)
    {
      JsonObject *plan = json_object_new ();
      JsonArray *steps = json_array_new ();

      for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
        json_array_add_string_element (steps, lines[i]);
      json_object_set_array_member (plan, "steps", steps);
      bw_cli_emit (ctx, "plan", plan);
    }
  if (ctx->yes)
    return TRUE;
  if (!ctx->stdin_tty || ctx->json)
    {
      *status = bw_cli_usage_error (ctx, "%s",
                                    _("refusing to change the chip without a terminal to ask on; "
                                      "read the plan above and add --yes to go ahead"));
      return FALSE;
    }
  if (ctx->batch != NULL)
    {
      /* one question for every board, once they all have their plan */
      if (bw_cli_batch_wait_for_go (ctx->batch, question))
        return TRUE;
      *status = bw_cli_usage_error (ctx, "%s", _("stopped; nothing was changed"));
      return FALSE;
    }
  g_print ("%s [y/N] ", question);
  fflush (stdout);
  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    buffer[0] = '\0';
  answer = g_strstrip (g_utf8_strdown (buffer, -1));
  /* TRANSLATORS: the answers that mean yes to a [y/N] question, as typed, lower case */
  if (g_strcmp0 (answer, "y") == 0 || g_strcmp0 (answer, "yes") == 0 ||
      g_strcmp0 (answer, _("y")) == 0 || g_strcmp0 (answer, _("yes")) == 0)
    return TRUE;
  *status = bw_cli_usage_error (ctx, "%s", _("stopped; nothing was changed"));
  return FALSE;
}

/* Running a job */

typedef struct {
  BwCliContext    *ctx;
  BwJob           *job;
  GMainLoop       *loop;
  GCancellable    *cancellable;
  GAsyncResult    *result;
  BwProgressPhase  phase;
  gint             last_percent;
  guint64          phase_total;  /* bytes the current phase said it moves */
} JobRun;

static void draw_progress (JobRun *run, BwProgressPhase phase, gdouble phase_fraction, gdouble overall,
                           guint64 done, guint64 total, gdouble rate, gint64 remaining);

/* Progress is throttled, so the last report of a phase may be short of its
 * end, or a short phase may have none; a phase that gave way to the next
 * one, or ended a job that succeeded, is complete. */
static void
complete_phase (JobRun *run)
{
  if (run->phase != BW_PROGRESS_PHASE_IDLE && run->last_percent < 100)
    draw_progress (run, run->phase, 1.0, bw_job_get_fraction (run->job), run->phase_total, run->phase_total, 0.0, 0);
}

static void
on_phase_changed (BwJob *job, guint phase, gpointer user_data)
{
  JobRun *run = user_data;
  JsonObject *event;

  if (run->phase != (BwProgressPhase) phase)
    complete_phase (run);
  run->phase_total = 0;

  /* IDLE is where a job ends; "finished" says the rest */
  if (run->phase == (BwProgressPhase) phase || phase == BW_PROGRESS_PHASE_IDLE)
    return;
  run->phase = phase;
  run->last_percent = -1;
  g_string_append_printf (run->ctx->report_text, "%s\n", bw_progress_phase_in_words (phase));
  event = json_object_new ();
  json_object_set_string_member (event, "phase", bw_progress_phase_to_string (phase));
  bw_cli_emit (run->ctx, "phase", event);
  if (run->ctx->json)
    return;
  if (!run->ctx->tty)
    {
      g_autofree gchar *line = g_strdup_printf ("%s…", bw_progress_phase_in_words (phase));

      print_line (run->ctx, FALSE, line);
    }
}

/* One unit per bar, so that "done / total" line up: "46.0 KB / 464.0 KB". */
static gchar *
format_kb (guint64 bytes)
{
  return g_strdup_printf ("%.1f KB", (gdouble) bytes / 1024.0);
}

static gchar *
format_duration (gint64 us)
{
  gint64 s = (us + 999999) / 1000000;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, s / 60, s % 60);
}

static void
draw_progress (JobRun *run, BwProgressPhase phase, gdouble phase_fraction, gdouble overall, guint64 done,
               guint64 total, gdouble rate, gint64 remaining)
{
  BwCliContext *ctx = run->ctx;
  gint percent = (gint) (CLAMP (phase_fraction, 0.0, 1.0) * 100.0);

  if (percent == run->last_percent)
    return;
  run->last_percent = percent;
  if (ctx->json)
    {
      JsonObject *event = json_object_new ();

      json_object_set_string_member (event, "phase", bw_progress_phase_to_string (phase));
      json_object_set_double_member (event, "fraction", CLAMP (overall, 0.0, 1.0));
      json_object_set_int_member (event, "bytes_done", (gint64) done);
      json_object_set_int_member (event, "bytes_total", (gint64) total);
      json_object_set_double_member (event, "rate", MAX (rate, 0.0));
      json_object_set_int_member (event, "remaining_ms", remaining >= 0 ? remaining / 1000 : -1);
      bw_cli_emit (ctx, "progress", event);
      return;
    }
  if (!ctx->tty)
    return;
  {
    g_autoptr(GString) line = g_string_new ("\r");
    guint filled = (guint) (percent * BAR_WIDTH / 100);

    g_string_append_printf (line, "  %-11s [", bw_progress_phase_in_words (phase));
    for (guint i = 0; i < BAR_WIDTH; i++)
      g_string_append (line, i < filled ? "#" : "-");
    g_string_append_printf (line, "] %3d%%", percent);
    if (total > 0)
      {
        g_autofree gchar *done_text = format_kb (done);
        g_autofree gchar *total_text = format_kb (total);

        g_string_append_printf (line, "  %s / %s", done_text, total_text);
      }
    if (rate > 0)
      {
        g_autofree gchar *rate_text = format_kb ((guint64) rate);

        g_string_append_printf (line, "  %s/s", rate_text);
      }
    if (remaining >= 0 && percent < 100)
      {
        g_autofree gchar *left = format_duration (remaining);

        /* TRANSLATORS: time left in a progress bar, e.g. "0:12 left" */
        g_string_append_printf (line, _("  %s left"), left);
      }
    g_string_append (line, "\033[K");
    g_print ("%s", line->str);
    fflush (stdout);
    ctx->bar_open = TRUE;
  }
}

static void
on_progress (BwJob *job, gpointer user_data)
{
  JobRun *run = user_data;
  guint64 done = 0;
  guint64 total = 0;

  if (bw_job_get_phase (job) == BW_PROGRESS_PHASE_IDLE || bw_job_get_phase (job) != run->phase)
    return;
  bw_job_get_bytes (job, &done, &total);
  if (total > 0)
    run->phase_total = total;
  /* a phase without byte counts has no fraction of its own; it jumps to
   * 100 % when it ends */
  draw_progress (run, run->phase, total > 0 ? (gdouble) done / (gdouble) total : 0.0, bw_job_get_fraction (job),
                 done, total, bw_job_get_rate (job), bw_job_get_remaining_us (job));
}

static void
on_log (BwJob *job, const gchar *line, gpointer user_data)
{
  JobRun *run = user_data;
  JsonObject *event = json_object_new ();

  g_string_append_printf (run->ctx->report_text, "  log: %s\n", line);
  json_object_set_string_member (event, "message", line);
  bw_cli_emit (run->ctx, "log", event);
  if (run->ctx->verbose && !run->ctx->json)
    {
      g_autofree gchar *text = g_strdup_printf ("  %s", line);

      print_line (run->ctx, FALSE, text);
    }
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JobRun *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

#ifdef G_OS_UNIX
static gboolean
on_sigint (gpointer user_data)
{
  JobRun *run = user_data;

  if (!g_cancellable_is_cancelled (run->cancellable))
    bw_cli_warn (run->ctx, "%s", _("Stopping at the next safe point…"));
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}
#endif

gboolean
bw_cli_run_job (BwCliContext *ctx, BwJob *job, GError **error)
{
  /* a board of a batch runs in a thread of its own, with its own context */
  g_autoptr(GMainLoop) loop = g_main_loop_new (g_main_context_get_thread_default (), FALSE);
  g_autoptr(GCancellable) cancellable = ctx->cancellable != NULL ? g_object_ref (ctx->cancellable)
                                                                 : g_cancellable_new ();
  JobRun run = { ctx, job, loop, cancellable, NULL, BW_PROGRESS_PHASE_IDLE, -1, 0 };
  guint sigint_id = 0;
  gulong handlers[3];
  gboolean ok;

  handlers[0] = g_signal_connect (job, "phase-changed", G_CALLBACK (on_phase_changed), &run);
  handlers[1] = g_signal_connect (job, "progress", G_CALLBACK (on_progress), &run);
  handlers[2] = g_signal_connect (job, "log", G_CALLBACK (on_log), &run);
#ifdef G_OS_UNIX
  /* in a batch, the batch's own handler cancels every board; on Windows
   * Ctrl+C still ends the process, without the safe stop */
  if (ctx->cancellable == NULL)
    sigint_id = g_unix_signal_add (SIGINT, on_sigint, &run);
#endif
  bw_job_run_async (job, cancellable, job_done, &run);
  g_main_loop_run (loop);
  if (sigint_id != 0)
    g_source_remove (sigint_id);
  ok = bw_job_run_finish (job, run.result, error);
  g_object_unref (run.result);
  if (ok)
    complete_phase (&run);
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_handler_disconnect (job, handlers[i]);
  end_bar (ctx);
  if (!ok && g_cancellable_is_cancelled (cancellable) && error != NULL && *error != NULL &&
      (*error)->domain != BW_ERROR)
    {
      g_autoptr(GError) original = g_steal_pointer (error);

      g_set_error (error, BW_ERROR, BW_ERROR_CANCELLED, "%s", original->message);
    }
  return ok;
}

gboolean
bw_cli_parse_address (const gchar *text, guint32 *address, GError **error)
{
  guint64 value = 0;
  const gchar *digits = text;
  guint base = 10;

  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    {
      digits = text + 2;
      base = 16;
    }
  if (!g_ascii_string_to_unsigned (digits, base, 0, G_MAXUINT32, &value, NULL))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   _("'%s' is not an address; write it like 0x080E0000"), text);
      return FALSE;
    }
  *address = (guint32) value;
  return TRUE;
}

const gchar *
bw_cli_bundled_bootloader_file (const gchar *vesc_tool_name)
{
  return bw_bundled_bootloader_get_file (vesc_tool_name);
}

gchar *
bw_cli_find_bundled_bootloader (const gchar *vesc_tool_name, GError **error)
{
  return bw_bundled_bootloader_find (vesc_tool_name, error);
}

gboolean
bw_cli_is_batch (BwCliContext *ctx)
{
  return g_strcmp0 (ctx->probe, "all") == 0;
}

gchar *
bw_cli_board_path (BwCliContext *ctx, const gchar *path)
{
  g_autofree gchar *dir = NULL;
  g_autofree gchar *base = NULL;
  const gchar *dot;

  if (ctx->board_serial == NULL)
    return g_strdup (path);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* "run.txt" → "run-SERIAL.txt"; "run" and ".hidden" → "run-SERIAL", ".hidden-SERIAL" */
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    dot = base + strlen (base);
  {
    g_autofree gchar *stem = g_strndup (base, dot - base);
    g_autofree gchar *name = g_strdup_printf ("%s-%s%s", stem, ctx->board_serial, dot);

    return g_strcmp0 (dir, ".") == 0 && !g_str_has_prefix (path, "./") ? g_steal_pointer (&name)
                                                                        : g_build_filename (dir, name, NULL);
  }
}

gchar *
bw_cli_default_backup_path (BwCliContext *ctx, const gchar *what)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree gchar *dir = g_build_filename (g_get_user_data_dir (), "bootwire", "backups", NULL);
  g_autofree gchar *name = ctx->board_serial != NULL
                             ? g_strdup_printf ("%s-%s-%s.bin", what, ctx->board_serial, stamp)
                             : g_strdup_printf ("%s-%s.bin", what, stamp);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, name, NULL);
}

/* the connect checklist */

static const gchar *
check_item_in_words (BwCheckItem item)
{
  switch (item)
    {
    case BW_CHECK_ITEM_PROBE_FIRMWARE:
      return _("Probe firmware");
    case BW_CHECK_ITEM_VOLTAGE:
      /* TRANSLATORS: the ESC's supply voltage as the probe measures it */
      return _("Target voltage");
    case BW_CHECK_ITEM_SWD:
      /* TRANSLATORS: the debug connection over the SWD wires */
      return _("SWD link");
    case BW_CHECK_ITEM_CHIP:
      return _("Chip");
    case BW_CHECK_ITEM_PROTECTION:
      /* TRANSLATORS: flash read/write protection */
      return _("Protection");
    case BW_CHECK_ITEM_CONTENTS:
      /* TRANSLATORS: what the flash holds now */
      return _("Contents");
    case BW_CHECK_N_ITEMS:
    default:
      return "?";
    }
}

static const gchar *
check_state_in_words (BwCheckState state)
{
  switch (state)
    {
    case BW_CHECK_STATE_PASSED:
      /* TRANSLATORS: verdict of a checklist line, keep short */
      return _("ok");
    case BW_CHECK_STATE_WARNING:
      /* TRANSLATORS: verdict of a checklist line, keep short */
      return _("warning");
    case BW_CHECK_STATE_FAILED:
      /* TRANSLATORS: verdict of a checklist line, keep short */
      return _("FAILED");
    case BW_CHECK_STATE_SKIPPED:
      /* TRANSLATORS: verdict of a checklist line not run because an earlier one failed */
      return _("skipped");
    case BW_CHECK_STATE_PENDING:
    default:
      /* TRANSLATORS: verdict of a checklist line not reached */
      return _("not run");
    }
}

static const gchar *
check_state_to_string (BwCheckState state)
{
  switch (state)
    {
    case BW_CHECK_STATE_PASSED:
      return "passed";
    case BW_CHECK_STATE_WARNING:
      return "warning";
    case BW_CHECK_STATE_FAILED:
      return "failed";
    case BW_CHECK_STATE_SKIPPED:
      return "skipped";
    case BW_CHECK_STATE_PENDING:
    default:
      return "pending";
    }
}

/* One line of the connect checklist (and its "check" event); a failed one
 * gets the advice of @error. */
static void
print_check_item (BwCliContext *ctx, BwCheckItem item, BwCheckState state, const gchar *detail,
                  const GError *error)
{
  JsonObject *event = json_object_new ();

  bw_cli_say (ctx, "  %-16s %-8s %s", check_item_in_words (item), check_state_in_words (state), detail ?: "");
  json_object_set_string_member (event, "item", bw_check_item_to_string (item));
  json_object_set_string_member (event, "state", check_state_to_string (state));
  json_object_set_string_member (event, "detail", detail);
  if (state == BW_CHECK_STATE_FAILED && error != NULL && error->domain == BW_ERROR)
    {
      const gchar *summary = bw_error_advice_get_summary (error->code);
      const gchar *action = bw_error_advice_get_action (error->code);

      bw_cli_say (ctx, "  %-16s %-8s %s", "", "", summary);
      bw_cli_say (ctx, "  %-16s %-8s %s", "", "", action);
      json_object_set_string_member (event, "summary", summary);
      json_object_set_string_member (event, "action", action);
    }
  bw_cli_emit (ctx, "check", event);
}

static void
print_checklist (BwCliContext *ctx, BwChecklistJob *job, const GError *error)
{
  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    {
      g_autofree gchar *detail = bw_checklist_job_dup_detail (job, i);

      print_check_item (ctx, i, bw_checklist_job_get_state (job, i), detail, error);
    }
}

gboolean
bw_cli_run_checklist (BwCliContext *ctx, BwChecklistJob *job, gboolean quiet, gint *status)
{
  g_autoptr(GError) error = NULL;

  if (!bw_cli_run_job (ctx, BW_JOB (job), &error))
    {
      print_checklist (ctx, job, error);
      *status = bw_cli_fail (ctx, error, NULL);
      return FALSE;
    }
  if (!quiet)
    print_checklist (ctx, job, NULL);
  return TRUE;
}

gboolean
bw_cli_board_fits_hardware (BwBoard *board, const gchar *hardware)
{
  const gchar *const *names = board != NULL ? bw_board_get_hardware (board) : NULL;

  return names == NULL || names[0] == NULL || hardware == NULL || *hardware == '\0' ||
         g_strv_contains (names, hardware);
}

void
bw_cli_warn_if_other_hardware (BwCliContext *ctx, BwBoard *board, BwChecklistJob *job)
{
  g_autofree gchar *hardware = bw_checklist_job_dup_hardware_name (job);

  if (!bw_cli_board_fits_hardware (board, hardware))
    bw_cli_warn (ctx, _("Warning: the firmware on the chip is for hardware \"%s\", which is not one of %s's. "
                        "Check that you chose the right board."), hardware, bw_board_get_id (board));
}

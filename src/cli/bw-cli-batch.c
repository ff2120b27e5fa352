/* bw-cli-batch.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each board runs the command's own code in a thread of its own, with a
 * main context of its own for its jobs' signals; the main thread only
 * waits, relays Ctrl-C and asks the one question.
 */
#include "config.h"

#include <glib/gi18n.h>
#ifdef G_OS_UNIX
#include <glib-unix.h>
#endif
#include <signal.h>
#include <stdio.h>

#include "bw-cli-batch.h"
#include "bw-cli-commands.h"

struct _BwCliBatch {
  GMainLoop    *loop;
  GCancellable *cancellable;
  GMutex        lock;
  GCond         cond;
  guint         n_boards;
  guint         n_running;   /* neither finished nor waiting for the answer */
  guint         n_waiting;
  guint         n_finished;
  gint          decision;    /* -1: not asked yet; 0: no; 1: yes */
  gchar        *question;
  gboolean      asked;
  guint         sigint_id;
};

typedef struct {
  BwCliBatch     *batch;
  BwCliContext   *ctx;
  BwCliBoardFunc  func;
  gpointer        user_data;
  gint            status;
  GThread        *thread;
} Board;

static gboolean on_board_event (gpointer user_data);
#ifdef G_OS_UNIX
static gboolean on_sigint (gpointer user_data);
#endif

/* Wakes the main thread up to look at the counts. */
static void
notify_main (BwCliBatch *batch)
{
  g_main_context_invoke (NULL, on_board_event, batch);
}

static gboolean
ask (BwCliBatch *batch, guint n_waiting)
{
  g_autofree gchar *answer = NULL;
  gchar buffer[64];

  /* every board is waiting or done: nothing else prints now */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s (%u board) [y/N] ", "%s (%u boards) [y/N] ", n_waiting),
           batch->question, n_waiting);
  fflush (stdout);
  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    buffer[0] = '\0';
  answer = g_strstrip (g_utf8_strdown (buffer, -1));
  return !g_cancellable_is_cancelled (batch->cancellable) &&
         (g_strcmp0 (answer, "y") == 0 || g_strcmp0 (answer, "yes") == 0 ||
          g_strcmp0 (answer, _("y")) == 0 || g_strcmp0 (answer, _("yes")) == 0);
}

static gboolean
on_board_event (gpointer user_data)
{
  BwCliBatch *batch = user_data;
  guint n_waiting = 0;
  gboolean must_ask = FALSE;

  g_mutex_lock (&batch->lock);
  if (batch->n_finished == batch->n_boards)
    g_main_loop_quit (batch->loop);
  else if (batch->n_running == 0 && batch->n_waiting > 0 && !batch->asked)
    {
      must_ask = TRUE;
      batch->asked = TRUE;
      n_waiting = batch->n_waiting;
    }
  g_mutex_unlock (&batch->lock);
  if (must_ask)
    {
      gboolean go;

      /* every board waits before its first change: Ctrl-C may end the
       * program there, as it does at the question for one board */
      if (batch->sigint_id != 0)
        g_source_remove (batch->sigint_id);
      go = ask (batch, n_waiting);
#ifdef G_OS_UNIX
      batch->sigint_id = g_unix_signal_add (SIGINT, on_sigint, batch);
#endif

      g_mutex_lock (&batch->lock);
      batch->decision = go ? 1 : 0;
      g_cond_broadcast (&batch->cond);
      g_mutex_unlock (&batch->lock);
    }
  return G_SOURCE_REMOVE;
}

gboolean
bw_cli_batch_wait_for_go (BwCliBatch *batch, const gchar *question)
{
  gboolean go;

  g_mutex_lock (&batch->lock);
  batch->n_running--;
  batch->n_waiting++;
  if (batch->question == NULL)
    batch->question = g_strdup (question);
  g_mutex_unlock (&batch->lock);
  notify_main (batch);

  g_mutex_lock (&batch->lock);
  while (batch->decision < 0)
    g_cond_wait (&batch->cond, &batch->lock);
  go = batch->decision == 1;
  batch->n_waiting--;
  batch->n_running++;
  g_mutex_unlock (&batch->lock);
  return go;
}

static gpointer
board_thread (gpointer data)
{
  Board *board = data;
  BwCliBatch *batch = board->batch;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  board->status = bw_cli_finish (board->ctx, board->func (board->ctx, board->user_data));
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  g_mutex_lock (&batch->lock);
  batch->n_running--;
  batch->n_finished++;
  g_mutex_unlock (&batch->lock);
  notify_main (batch);
  return NULL;
}

#ifdef G_OS_UNIX
static gboolean
on_sigint (gpointer user_data)
{
  BwCliBatch *batch = user_data;

  if (!g_cancellable_is_cancelled (batch->cancellable))
    {
      g_printerr ("%s\n", _("Stopping every board at the next safe point…"));
      g_cancellable_cancel (batch->cancellable);
    }
  return G_SOURCE_CONTINUE;
}
#endif

static BwCliContext *
board_context (BwCliContext *ctx, BwCliBatch *batch, const gchar *serial)
{
  BwCliContext *board = bw_cli_context_new (ctx->command);

  board->probe = g_strdup (serial);
  board->speed = g_strdup (ctx->speed);
  board->under_reset = ctx->under_reset;
  board->board = g_strdup (ctx->board);
  board->json = ctx->json;
  board->yes = ctx->yes;
  board->verbose = ctx->verbose;
  /* lines from several boards at once: no bars */
  board->tty = FALSE;
  board->stdin_tty = ctx->stdin_tty;
  board->board_serial = g_strdup (serial);
  board->batch = batch;
  board->cancellable = g_object_ref (batch->cancellable);
  if (ctx->report != NULL)
    board->report = bw_cli_board_path (board, ctx->report);
  /* what was said before the boards went their own ways belongs to each report */
  g_string_append_len (board->report_text, ctx->report_text->str, ctx->report_text->len);
  return board;
}

/* NULL when every board has a serial of its own; else the usage error. */
static gchar *
check_serials (GPtrArray *probes)
{
  for (guint i = 0; i < probes->len; i++)
    {
      const gchar *serial = bw_probe_info_get_serial (g_ptr_array_index (probes, i));

      if (serial == NULL || serial[0] == '\0')
        return g_strdup (_("an attached ST-Link has no serial number, so '--probe all' cannot tell the boards "
                           "apart; flash them one at a time"));
      for (guint j = 0; j < i; j++)
        if (g_ascii_strcasecmp (serial, bw_probe_info_get_serial (g_ptr_array_index (probes, j))) == 0)
          return g_strdup_printf (_("two attached ST-Links have the same serial number %s (some clones do), "
                                    "so '--probe all' cannot tell the boards apart; flash them one at a time"),
                                  serial);
    }
  return NULL;
}

static gint
combined_status (Board *boards, guint n)
{
  gint shared = -1;

  for (guint i = 0; i < n; i++)
    {
      if (boards[i].status == BW_CLI_EXIT_OK)
        continue;
      if (shared >= 0 && shared != boards[i].status)
        return BW_CLI_EXIT_FAILED;
      shared = boards[i].status;
    }
  return shared < 0 ? BW_CLI_EXIT_OK : shared;
}

static void
print_summary (BwCliContext *ctx, Board *boards, guint n, gint status)
{
  JsonObject *result = json_object_new ();
  JsonObject *data = json_object_new ();
  JsonArray *array = json_array_new ();
  guint n_ok = 0;

  for (guint i = 0; i < n; i++)
    n_ok += boards[i].status == BW_CLI_EXIT_OK;
  if (n_ok == n)
    bw_cli_say (ctx, g_dngettext (GETTEXT_PACKAGE, "Summary: the board is done.", "Summary: all %u boards are done.", n),
                n);
  else
    bw_cli_say (ctx, _("Summary: %u of %u boards done, %u not."), n_ok, n, n - n_ok);
  for (guint i = 0; i < n; i++)
    {
      BwCliContext *board = boards[i].ctx;
      JsonObject *object = json_object_new ();
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "  %-26s ", board->board_serial);
      if (boards[i].status == BW_CLI_EXIT_OK)
        /* TRANSLATORS: a board of a batch that succeeded */
        g_string_append (line, _("done"));
      else
        /* TRANSLATORS: a board of a batch that did not succeed, with the exit status and why */
        g_string_append_printf (line, _("FAILED (status %d): %s"), boards[i].status, board->failure ?: "?");
      if (board->report != NULL)
        g_string_append_printf (line, _(" (report %s)"), board->report);
      bw_cli_say (ctx, "%s", line->str);

      json_object_set_string_member (object, "probe", board->board_serial);
      json_object_set_boolean_member (object, "ok", boards[i].status == BW_CLI_EXIT_OK);
      json_object_set_int_member (object, "status", boards[i].status);
      json_object_set_string_member (object, "report", board->report);
      json_array_add_object_element (array, object);
    }

  json_object_set_string_member (result, "command", ctx->command);
  json_object_set_boolean_member (result, "ok", status == BW_CLI_EXIT_OK);
  json_object_set_int_member (result, "status", status);
  if (status != BW_CLI_EXIT_OK)
    {
      JsonObject *error = json_object_new ();
      g_autofree gchar *message = g_strdup_printf ("%u of %u boards did not succeed", n - n_ok, n);

      json_object_set_string_member (error, "code", "boards-failed");
      json_object_set_string_member (error, "message", message);
      json_object_set_object_member (result, "error", error);
    }
  json_object_set_array_member (data, "boards", array);
  json_object_set_object_member (result, "data", data);
  bw_cli_emit (ctx, "result", result);
}

gint
bw_cli_batch_run (BwCliContext *ctx, BwCliBoardFunc func, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  g_autofree gchar *problem = NULL;
  g_autoptr(GString) serials = g_string_new (NULL);
  g_autofree Board *boards = NULL;
  BwCliBatch batch = { 0 };
  gint status;

  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_NONE, &error);
  if (probes == NULL)
    return bw_cli_fail (ctx, error, NULL);
  if (probes->len == 0)
    {
      g_set_error_literal (&error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND,
                           _("no ST-Link found on USB: check the cables (a charge-only cable carries no data) "
                             "and plug the probes in directly or through a powered hub"));
      return bw_cli_fail (ctx, error, NULL);
    }
  problem = check_serials (probes);
  if (problem != NULL)
    return bw_cli_usage_error (ctx, "%s", problem);

  for (guint i = 0; i < probes->len; i++)
    g_string_append_printf (serials, "%s%s", i > 0 ? ", " : "",
                            bw_probe_info_get_serial (g_ptr_array_index (probes, i)));
  bw_cli_say (ctx, g_dngettext (GETTEXT_PACKAGE, "%u board, one probe: %s", "%u boards, one job per probe: %s",
                                probes->len),
              probes->len, serials->str);

  batch.loop = g_main_loop_new (NULL, FALSE);
  batch.cancellable = g_cancellable_new ();
  g_mutex_init (&batch.lock);
  g_cond_init (&batch.cond);
  batch.n_boards = probes->len;
  batch.n_running = probes->len;
  batch.decision = -1;
  boards = g_new0 (Board, probes->len);
  for (guint i = 0; i < probes->len; i++)
    {
      boards[i].batch = &batch;
      boards[i].ctx = board_context (ctx, &batch, bw_probe_info_get_serial (g_ptr_array_index (probes, i)));
      boards[i].func = func;
      boards[i].user_data = user_data;
    }
  /* each board writes its own report */
  g_clear_pointer (&ctx->report, g_free);

#ifdef G_OS_UNIX
  batch.sigint_id = g_unix_signal_add (SIGINT, on_sigint, &batch);
#endif
  for (guint i = 0; i < probes->len; i++)
    boards[i].thread = g_thread_new (boards[i].ctx->board_serial, board_thread, &boards[i]);
  g_main_loop_run (batch.loop);
  for (guint i = 0; i < probes->len; i++)
    g_thread_join (boards[i].thread);
  if (batch.sigint_id != 0)
    g_source_remove (batch.sigint_id);
  /* the last notifications may still be queued */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  status = combined_status (boards, probes->len);
  if (g_cancellable_is_cancelled (batch.cancellable) && status != BW_CLI_EXIT_OK)
    status = BW_CLI_EXIT_CANCELLED;
  print_summary (ctx, boards, probes->len, status);

  for (guint i = 0; i < probes->len; i++)
    bw_cli_context_free (boards[i].ctx);
  g_free (batch.question);
  g_mutex_clear (&batch.lock);
  g_cond_clear (&batch.cond);
  g_object_unref (batch.cancellable);
  g_main_loop_unref (batch.loop);
  return status;
}

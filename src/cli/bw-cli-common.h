/* bw-cli-common.h: what the subcommands that talk to a probe share: the
 * common options, opening the probe, asking before destructive work,
 * running a job with progress and Ctrl-C, and the JSON event stream
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bootwire-engine.h"

G_BEGIN_DECLS

typedef struct _BwCliBatch BwCliBatch;

typedef struct {
  const gchar *command;

  /* the common options */
  gchar       *probe;
  gchar       *speed;
  guint        swd_khz;      /* parsed --speed, 0 = let the engine choose */
  gboolean     under_reset;
  gchar       *board;
  gboolean     json;
  gboolean     yes;
  gchar       *report;
  gboolean     verbose;

  /* while running */
  gboolean     tty;          /* stdout is a terminal: draw bars */
  gboolean     stdin_tty;    /* someone can answer a question */
  GString     *report_text;  /* everything said, for --report */
  gboolean     bar_open;     /* a bar line is waiting for its newline */
  gint64       started_us;

  /* one board of --probe all (NULL otherwise): its lines start with
   * "[SERIAL] ", its JSON events carry "probe", Ctrl-C is the batch's */
  gchar        *board_serial;
  BwCliBatch   *batch;
  GCancellable *cancellable;
  gchar        *failure;     /* the first line of what went wrong, for the summary */
} BwCliContext;

BwCliContext *bw_cli_context_new          (const gchar    *command);
void          bw_cli_context_free         (BwCliContext   *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwCliContext, bw_cli_context_free)

/* Adds the common options as a group of @option_context; @with_board adds
 * --board too (some commands take it as their own option instead). */
void          bw_cli_context_add_options  (BwCliContext   *ctx,
                                           GOptionContext *option_context,
                                           gboolean        with_board);
/* Parses; on a usage error prints it and returns FALSE. */
gboolean      bw_cli_context_parse        (BwCliContext   *ctx,
                                           GOptionContext *option_context,
                                           gint           *argc,
                                           gchar        ***argv);

/* Text for humans: printed unless --json, always kept for --report. */
void          bw_cli_say                  (BwCliContext   *ctx,
                                           const gchar    *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* Text for humans on stderr (also under --json), kept for --report. */
void          bw_cli_warn                 (BwCliContext   *ctx,
                                           const gchar    *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* One JSON event line {"event": @type, ...@members}; takes @members. */
void          bw_cli_emit                 (BwCliContext   *ctx,
                                           const gchar    *type,
                                           JsonObject     *members);

/* The usage error or refusal: prints, emits the result, returns 2. */
gint          bw_cli_usage_error          (BwCliContext   *ctx,
                                           const gchar    *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* Prints the error in plain words with its advice (and the chip state, if
 * any), emits the result and returns the exit status it maps to. */
gint          bw_cli_fail                 (BwCliContext   *ctx,
                                           const GError   *error,
                                           const gchar    *chip_state);
/* Emits the successful result with @data (taken, may be NULL); returns 0. */
gint          bw_cli_succeed              (BwCliContext   *ctx,
                                           JsonObject     *data);
/* Writes --report if asked; call once at the end with the exit status. */
gint          bw_cli_finish               (BwCliContext   *ctx,
                                           gint            status);

/* --probe all: one job per attached probe, in parallel. */
gboolean      bw_cli_is_batch             (BwCliContext   *ctx);
/* @path with "-SERIAL" before its extension for a board of a batch;
 * a copy of @path otherwise. */
gchar        *bw_cli_board_path           (BwCliContext   *ctx,
                                           const gchar    *path);

/* The probe --probe names, or the only one attached. */
BwUsbTransport *bw_cli_open_probe         (BwCliContext   *ctx,
                                           GError        **error) G_GNUC_WARN_UNUSED_RESULT;
BwStlinkConnectMode bw_cli_connect_mode   (BwCliContext   *ctx);
void                bw_cli_prepare_job    (BwCliContext   *ctx,
                                           BwJob          *job);
/* --speed as kHz, 0 when not given; FALSE on a bad value. */
gboolean      bw_cli_parse_speed          (BwCliContext   *ctx,
                                           guint          *khz,
                                           GError        **error) G_GNUC_WARN_UNUSED_RESULT;

/* Shows @lines (the plan) and asks. TRUE: go on. FALSE: *status is set
 * (2 when refused without a TTY or declined). */
gboolean      bw_cli_confirm              (BwCliContext   *ctx,
                                           const gchar    *question,
                                           gchar         **lines,
                                           gint           *status);

/* Runs @job to its end with bars or lines (or JSON events); Ctrl-C
 * cancels it at the next safe point. */
gboolean      bw_cli_run_job              (BwCliContext   *ctx,
                                           BwJob          *job,
                                           GError        **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean      bw_cli_parse_address        (const gchar    *text,
                                           guint32        *address,
                                           GError        **error) G_GNUC_WARN_UNUSED_RESULT;

/* The bundled image for a board profile's Bootloader= name; NULL with
 * FILE_NOT_FOUND when it is not installed or was altered. */
gchar        *bw_cli_find_bundled_bootloader (const gchar *vesc_tool_name,
                                              GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* The bundled file's name for a Bootloader= name, or NULL. */
const gchar  *bw_cli_bundled_bootloader_file (const gchar *vesc_tool_name);

/* Runs @job and prints the connect checklist, a line per item (and its
 * "check" event), unless @quiet and it passed. On failure the failed item
 * gets the advice; *status is set and FALSE returned. */
gboolean      bw_cli_run_checklist        (BwCliContext   *ctx,
                                           BwChecklistJob *job,
                                           gboolean        quiet,
                                           gint           *status);
/* Whether @hardware (a firmware's hardware name, may be NULL) is one of
 * @board's; TRUE when either says nothing. */
gboolean      bw_cli_board_fits_hardware  (BwBoard        *board,
                                           const gchar    *hardware);
/* After a checklist: warns when the firmware on the chip is for hardware
 * that is not @board's. */
void          bw_cli_warn_if_other_hardware (BwCliContext   *ctx,
                                             BwBoard        *board,
                                             BwChecklistJob *job);

/* Where backups go unless --backup says: $XDG_DATA_HOME/bootwire/backups,
 * named @what (and the board's serial in a batch) and the time. */
gchar        *bw_cli_default_backup_path  (BwCliContext   *ctx,
                                           const gchar    *what);

G_END_DECLS

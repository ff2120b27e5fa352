/* bw-cli-vesc.h: bootwire-cli through a VESC instead of an ST-Link:
 * --probe vesc:PORT (a working VESC as the SWD programmer of another ESC)
 * and --probe usb:PORT (the ESC itself, running its firmware, over USB)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-cli-common.h"

G_BEGIN_DECLS

typedef enum {
  BW_CLI_VESC_NONE,        /* an ST-Link */
  BW_CLI_VESC_PROGRAMMER,  /* --probe vesc:PORT */
  BW_CLI_VESC_USB,         /* --probe usb:PORT */
} BwCliVescKind;

BwCliVescKind bw_cli_vesc_kind (BwCliContext *ctx);

/* Each takes over a subcommand after its options were parsed (argc/argv
 * are what is left) and returns its exit status. */
gint bw_cli_vesc_check              (BwCliContext *ctx,
                                     gint          argc,
                                     gchar       **argv);
gint bw_cli_vesc_backup             (BwCliContext *ctx,
                                     gint          argc,
                                     const gchar  *out,
                                     guint32       address,
                                     guint32       size);
gint bw_cli_vesc_install_bootloader (BwCliContext *ctx,
                                     gint          argc,
                                     gchar       **argv,
                                     const gchar  *backup,
                                     gboolean      no_backup);
gint bw_cli_vesc_recover            (BwCliContext *ctx,
                                     gint          argc,
                                     const gchar  *firmware_path,
                                     const gchar  *backup,
                                     gboolean      no_backup);

/* list: the serial ports that look like a VESC (USB CDC-ACM, 0483:5740),
 * printed and added to @data as "serial_ports". */
void bw_cli_vesc_list_ports         (BwCliContext *ctx,
                                     JsonObject   *data);

/* wiring: what a VESC programmer needs beyond the pins (both ESCs on
 * their batteries), added to @warnings, when @probe is a VESC. */
void bw_cli_vesc_wiring_notes       (BwCliContext   *ctx,
                                     BwProbeProfile *probe,
                                     JsonArray      *warnings);

G_END_DECLS

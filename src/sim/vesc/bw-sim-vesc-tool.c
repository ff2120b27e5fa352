/* bw-sim-vesc-tool.c: bootwire-vesc-sim, a simulated VESC on a pty for manual runs
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bootwire-vesc-sim [--fw 6.05] [--hw 60] [--target [--scenario FILE]]
 *                     [--link PATH] [--unplug-after-writes N] [--unplug-after-bm-writes N]
 *                     [--reply-fault KIND]
 *
 * Prints "port: /dev/pts/N" and serves until Ctrl-C; then prints what the
 * host did wrong, and writes the flash images asked for with --dump-*.
 * With --link, PATH is a symbolic link to the current pty, like a
 * /dev/serial/by-id name that survives replugging: after the unplug fault
 * the ESC is plugged in again (the fault cleared, as a user replugs the
 * cable) and the link and a new "port:" line follow it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "bw-sim-vesc.h"

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

typedef struct {
  BwSimVesc *vesc;
  gchar     *link;
  guint      unplugged_ticks;
} Replug;

static gboolean
update_link (const gchar *link, const gchar *port, GError **error)
{
  g_autofree gchar *tmp = g_strdup_printf ("%s.new", link);

  unlink (tmp);
  if (symlink (port, tmp) != 0 || rename (tmp, link) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", link, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* The unplug fault fired: plug the ESC in again after a moment, fault cleared. */
static gboolean
on_replug_tick (gpointer data)
{
  Replug *replug = data;
  g_autoptr(GError) error = NULL;

  if (bw_sim_vesc_is_plugged (replug->vesc))
    {
      replug->unplugged_ticks = 0;
      return G_SOURCE_CONTINUE;
    }
  if (++replug->unplugged_ticks < 5)
    return G_SOURCE_CONTINUE;
  bw_sim_vesc_set_unplug_after_writes (replug->vesc, 0);
  bw_sim_vesc_set_unplug_after_bm_writes (replug->vesc, 0);
  if (!bw_sim_vesc_plug (replug->vesc, &error) ||
      (replug->link != NULL && !update_link (replug->link, bw_sim_vesc_get_port (replug->vesc), &error)))
    {
      g_printerr ("bootwire-vesc-sim: replugging: %s\n", error->message);
      return G_SOURCE_REMOVE;
    }
  g_print ("port: %s\n", bw_sim_vesc_get_port (replug->vesc));
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  g_autofree gchar *fw = NULL;
  g_autofree gchar *hw = NULL;
  g_autofree gchar *scenario_path = NULL;
  g_autofree gchar *dump_flash = NULL;
  g_autofree gchar *dump_target = NULL;
  g_autofree gchar *link = NULL;
  g_autofree gchar *reply_fault = NULL;
  gint unplug_after_writes = 0;
  gint unplug_after_bm_writes = 0;
  gboolean with_target = FALSE;
  gboolean no_swd = FALSE;
  Replug replug = { NULL, NULL, 0 };
  const GOptionEntry entries[] = {
    { "fw", 0, 0, G_OPTION_ARG_STRING, &fw, "Firmware version the ESC reports (default 6.05)", "MAJOR.MINOR" },
    { "hw", 0, 0, G_OPTION_ARG_STRING, &hw, "Hardware name the ESC reports (default 60)", "NAME" },
    { "target", 0, 0, G_OPTION_ARG_NONE, &with_target, "Wire an STM32F405 to its SWD port", NULL },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path, "Scenario of that target (bootwire-sim format)", "FILE" },
    { "no-swd-programmer", 0, 0, G_OPTION_ARG_NONE, &no_swd, "Firmware without the COMM_BM_* commands", NULL },
    { "dump-flash", 0, 0, G_OPTION_ARG_FILENAME, &dump_flash, "At exit, write the ESC's own flash here", "FILE" },
    { "dump-target", 0, 0, G_OPTION_ARG_FILENAME, &dump_target, "At exit, write the target's flash here", "FILE" },
    { "link", 0, 0, G_OPTION_ARG_FILENAME, &link, "Keep a symbolic link here to the current pty", "PATH" },
    { "unplug-after-writes", 0, 0, G_OPTION_ARG_INT, &unplug_after_writes,
      "Pull the USB cable instead of answering the Nth COMM_WRITE_NEW_APP_DATA, then plug it in again", "N" },
    { "unplug-after-bm-writes", 0, 0, G_OPTION_ARG_INT, &unplug_after_bm_writes,
      "The same after the Nth COMM_BM_WRITE_FLASH (a programmer VESC)", "N" },
    { "reply-fault", 0, 0, G_OPTION_ARG_STRING, &reply_fault, "Damage every reply: bad-crc or garbage", "KIND" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- a simulated VESC on a pseudo-terminal");
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimVesc) vesc = NULL;
  g_autoptr(BwSimStm32f405) target = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) violations = NULL;
  guint major = 6, minor = 5;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bootwire-vesc-sim: %s\n", error->message);
      return 2;
    }
  if (fw != NULL && sscanf (fw, "%u.%u", &major, &minor) != 2)
    {
      g_printerr ("bootwire-vesc-sim: --fw wants MAJOR.MINOR, e.g. 6.05\n");
      return 2;
    }
  vesc = bw_sim_vesc_new (major, minor, hw != NULL ? hw : "60");
  bw_sim_vesc_set_has_swd_programmer (vesc, !no_swd);
  if (unplug_after_writes < 0 || unplug_after_bm_writes < 0)
    {
      g_printerr ("bootwire-vesc-sim: --unplug-after-*writes wants a count\n");
      return 2;
    }
  bw_sim_vesc_set_unplug_after_writes (vesc, (guint) unplug_after_writes);
  bw_sim_vesc_set_unplug_after_bm_writes (vesc, (guint) unplug_after_bm_writes);
  if (g_strcmp0 (reply_fault, "bad-crc") == 0)
    bw_sim_vesc_set_reply_fault (vesc, BW_SIM_VESC_REPLY_BAD_CRC);
  else if (g_strcmp0 (reply_fault, "garbage") == 0)
    bw_sim_vesc_set_reply_fault (vesc, BW_SIM_VESC_REPLY_GARBAGE);
  else if (reply_fault != NULL)
    {
      g_printerr ("bootwire-vesc-sim: --reply-fault wants bad-crc or garbage\n");
      return 2;
    }
  if (with_target || scenario_path != NULL)
    {
      g_autoptr(BwSimClock) clock = bw_sim_clock_new ();
      g_autoptr(BwSimScenario) scenario = scenario_path != NULL ? bw_sim_scenario_load (scenario_path, &error)
                                                                 : bw_sim_scenario_new_default ();

      if (scenario == NULL)
        {
          g_printerr ("bootwire-vesc-sim: %s\n", error->message);
          return 1;
        }
      target = bw_sim_stm32f405_new_full (clock, scenario, NULL, &error);
      if (target == NULL)
        {
          g_printerr ("bootwire-vesc-sim: %s\n", error->message);
          return 1;
        }
      bw_sim_vesc_set_swd_target (vesc, target);
    }
  if (!bw_sim_vesc_plug (vesc, &error))
    {
      g_printerr ("bootwire-vesc-sim: %s\n", error->message);
      return 1;
    }
  if (link != NULL && !update_link (link, bw_sim_vesc_get_port (vesc), &error))
    {
      g_printerr ("bootwire-vesc-sim: %s\n", error->message);
      return 1;
    }
  g_print ("port: %s\n", bw_sim_vesc_get_port (vesc));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  replug.vesc = vesc;
  replug.link = link;
  if (unplug_after_writes > 0 || unplug_after_bm_writes > 0)
    g_timeout_add (50, on_replug_tick, &replug);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  bw_sim_vesc_stop (vesc);
  if (link != NULL)
    unlink (link);

  g_print ("packets: %u, rejected bytes: %u\n", bw_sim_vesc_get_packets (vesc), bw_sim_vesc_get_rejected_bytes (vesc));
  violations = bw_sim_vesc_get_violations (vesc);
  for (guint i = 0; violations[i] != NULL; i++)
    g_print ("violation: %s\n", violations[i]);
  if (dump_flash != NULL)
    {
      g_autoptr(GBytes) flash = bw_sim_vesc_dup_flash (vesc, BW_SIM_VESC_FLASH_BASE, BW_SIM_VESC_FLASH_SIZE);

      if (!g_file_set_contents (dump_flash, g_bytes_get_data (flash, NULL), (gssize) g_bytes_get_size (flash), &error))
        {
          g_printerr ("bootwire-vesc-sim: %s\n", error->message);
          return 1;
        }
    }
  if (dump_target != NULL && target != NULL)
    {
      gsize size = 0;
      const guint8 *flash = bw_sim_stm32f405_peek_flash (target, &size);

      if (!g_file_set_contents (dump_target, (const gchar *) flash, (gssize) size, &error))
        {
          g_printerr ("bootwire-vesc-sim: %s\n", error->message);
          return 1;
        }
    }
  return violations[0] != NULL ? 3 : 0;
}

/* bw-demo.c: demo mode, a simulated ST-Link and VESC 6 in place of hardware;
 * the only GUI file that uses the simulator
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bw-demo.h"
#include "bw-sim-transport.h"

#define DEMO_FIRMWARE_SIZE (64 * 1024)

/* A stand-in firmware: a valid vector table (stack in SRAM, reset handler
 * in flash) followed by filler, enough for the checklist to find
 * "firmware present" at 0x08000000. */
static gchar *
write_demo_flash (GError **error)
{
  g_autofree guint8 *firmware = g_malloc (DEMO_FIRMWARE_SIZE);
  g_autofree gchar *dir = g_dir_make_tmp ("bootwire-demo-XXXXXX", error);
  g_autofree gchar *path = NULL;

  if (dir == NULL)
    return NULL;
  for (gsize i = 0; i < DEMO_FIRMWARE_SIZE; i++)
    firmware[i] = (guint8) (i * 7 + 3);
  for (guint v = 0; v < 98; v++)
    {
      guint32 word = v == 0 ? 0x20020000u : 0x08000189u + 2 * v;

      firmware[v * 4 + 0] = word & 0xFF;
      firmware[v * 4 + 1] = (word >> 8) & 0xFF;
      firmware[v * 4 + 2] = (word >> 16) & 0xFF;
      firmware[v * 4 + 3] = (word >> 24) & 0xFF;
    }
  path = g_build_filename (dir, "demo-flash.bin", NULL);
  if (!g_file_set_contents (path, (const gchar *) firmware, DEMO_FIRMWARE_SIZE, error))
    return NULL;
  return g_steal_pointer (&path);
}

BwTransport *
bw_demo_new_transport (const gchar *extra_scenario, GError **error)
{
  g_autofree gchar *flash = write_demo_flash (error);
  g_autofree gchar *dir = NULL;
  g_autofree gchar *text = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;
  BwSimTransport *transport;

  if (flash == NULL)
    return NULL;
  text = g_strdup_printf ("[target]\nflash=%s\n%s", flash, extra_scenario != NULL ? extra_scenario : "");
  scenario = bw_sim_scenario_load_from_data (text, error);
  if (scenario != NULL)
    transport = bw_sim_transport_new (scenario, NULL, error);
  else
    transport = NULL;
  /* the scenario has read the file into the simulated flash */
  dir = g_path_get_dirname (flash);
  g_unlink (flash);
  g_rmdir (dir);
  return transport != NULL ? BW_TRANSPORT (transport) : NULL;
}

gboolean
bw_demo_is_demo (BwTransport *transport)
{
  return BW_SIM_IS_TRANSPORT (transport);
}

const guint8 *
bw_demo_peek_flash (BwTransport *transport, gsize *size)
{
  if (!BW_SIM_IS_TRANSPORT (transport))
    return NULL;
  return bw_sim_stm32f405_peek_flash (bw_sim_transport_get_target (BW_SIM_TRANSPORT (transport)), size);
}

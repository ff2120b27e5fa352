/* bw-demo.c: demo mode, a simulated ST-Link and VESC 6 in place of hardware;
 * the only GUI file that uses the simulator
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bw-demo.h"
#include "bw-sim-transport.h"

#define DEMO_FIRMWARE_SIZE (64 * 1024)
#define DEMO_HARDWARE_NAME_OFFSET 0xF000

/* Probe transfers from the start of the install to the middle of writing
 * the bootloader (measured on this simulator: the write is about the 30th
 * to the 170th; the model test asserts it lands in the write, however
 * often the check ran before). */
#define DEMO_UNPLUG_AFTER_PROGRAM_TRANSFERS 100

/* Set on a transport of the "unplug" scenario: the probe goes when the
 * install has been writing for a while, not at a count from plugging in. */
#define DEMO_UNPLUG_WHILE_WRITING "bw-demo-unplug-while-writing"

typedef struct {
  const gchar *id;
  const gchar *label;
  const gchar *description;
  const gchar *scenario;    /* lines for the scenario file */
  const gchar *hardware;    /* the firmware's hardware name, or NULL for no firmware */
} DemoScenario;

static const DemoScenario demo_scenarios[] = {
  { "ready", N_("_Ready to Install"), N_("a VESC 6 with firmware and no bootloader"), "", "60" },
  { "not-powered", N_("_Not Powered"), N_("the ESC's battery is not connected"), "[target]\npowered=false\n", "60" },
  { "swapped-wires", N_("_Swapped Wires"), N_("SWDIO and SWCLK are swapped"), "[target]\nswd-swapped=true\n", "60" },
  { "swd-taken", N_("_Firmware Blocks SWD"), N_("the firmware uses the SWD pins; only connecting under reset works"),
    "[target]\nswd-disabled-by-firmware=true\n", "60" },
  { "read-protected", N_("_Read-Protected"), N_("the chip is read-protected"), "[target]\nrdp=1\n", "60" },
  { "wrong-hardware", N_("_Wrong-Hardware Firmware"), N_("the firmware on the chip is for a VESC 4.12"), "", "410" },
  { "unplug", N_("_Unplugged While Writing"), N_("the probe is pulled out in the middle of writing"), "", "60" },
  { "bricked", N_("_Bricked (Empty Chip)"), N_("the flash is empty: nothing starts"), "", NULL },
};

static BwDemoScenario public_scenarios[G_N_ELEMENTS (demo_scenarios)];

const BwDemoScenario *
bw_demo_get_scenarios (guint *n_scenarios)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_scenarios); i++)
    {
      public_scenarios[i].id = demo_scenarios[i].id;
      public_scenarios[i].label = _(demo_scenarios[i].label);
      public_scenarios[i].description = _(demo_scenarios[i].description);
    }
  *n_scenarios = G_N_ELEMENTS (demo_scenarios);
  return public_scenarios;
}

const BwDemoScenario *
bw_demo_find_scenario (const gchar *id)
{
  guint n = 0;
  const BwDemoScenario *all = bw_demo_get_scenarios (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (all[i].id, id) == 0)
      return &all[i];
  return NULL;
}

static void
put_le32 (guint8 *p, guint32 word)
{
  p[0] = word & 0xFF;
  p[1] = (word >> 8) & 0xFF;
  p[2] = (word >> 16) & 0xFF;
  p[3] = (word >> 24) & 0xFF;
}

/* A stand-in firmware: a valid vector table (stack in SRAM, reset handler
 * in flash), filler, and "org.vesc.<hardware>" where VESC firmware keeps
 * its hardware name, enough for the checklist to find "firmware for
 * hardware 60". */
static GBytes *
demo_firmware (const gchar *hardware)
{
  guint8 *firmware = g_malloc (DEMO_FIRMWARE_SIZE);
  g_autofree gchar *name = g_strconcat ("org.vesc.", hardware, NULL);

  for (gsize i = 0; i < DEMO_FIRMWARE_SIZE; i++)
    firmware[i] = (guint8) (0x80 | (i * 7 + 3));
  for (guint v = 0; v < 98; v++)
    put_le32 (firmware + v * 4, v == 0 ? 0x20020000u : 0x08000189u + 2 * v);
  memcpy (firmware + DEMO_HARDWARE_NAME_OFFSET, name, strlen (name) + 1);
  return g_bytes_new_take (firmware, DEMO_FIRMWARE_SIZE);
}

/* The scenario file's text, with the initial flash written next to it. */
static BwTransport *
new_transport (GBytes *flash, const gchar *lines, GError **error)
{
  g_autofree gchar *dir = g_dir_make_tmp ("bootwire-demo-XXXXXX", error);
  g_autofree gchar *path = NULL;
  g_autofree gchar *text = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;
  BwSimTransport *transport = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "demo-flash.bin", NULL);
  if (flash != NULL &&
      !g_file_set_contents (path, g_bytes_get_data (flash, NULL), g_bytes_get_size (flash), error))
    {
      g_rmdir (dir);
      return NULL;
    }
  /* [target] first: lines without a group header add to it */
  text = g_strdup_printf ("[target]\nflash=%s\n%s", flash != NULL ? path : "blank", lines != NULL ? lines : "");
  scenario = bw_sim_scenario_load_from_data (text, error);
  if (scenario != NULL)
    transport = bw_sim_transport_new (scenario, NULL, error);
  /* the scenario has read the file into the simulated flash */
  g_unlink (path);
  g_rmdir (dir);
  return transport != NULL ? BW_TRANSPORT (transport) : NULL;
}

BwTransport *
bw_demo_new_transport (const gchar *extra_scenario, GError **error)
{
  g_autoptr(GBytes) firmware = demo_firmware ("60");

  return new_transport (firmware, extra_scenario, error);
}

BwTransport *
bw_demo_new_transport_for_scenario (const gchar *id, GError **error)
{
  g_autoptr(GBytes) firmware = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (demo_scenarios); i++)
    {
      const DemoScenario *scenario = &demo_scenarios[i];

      if (g_strcmp0 (scenario->id, id) != 0)
        continue;
      BwTransport *transport;

      if (scenario->hardware != NULL)
        firmware = demo_firmware (scenario->hardware);
      transport = new_transport (firmware, scenario->scenario, error);
      if (transport != NULL && g_str_equal (scenario->id, "unplug"))
        g_object_set_data (G_OBJECT (transport), DEMO_UNPLUG_WHILE_WRITING, GINT_TO_POINTER (TRUE));
      return transport;
    }
  g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "no demo scenario named \"%s\"", id);
  return NULL;
}

BwTransport *
bw_demo_replug (BwTransport *old, GError **error)
{
  g_autoptr(GBytes) flash = NULL;
  const guint8 *data;
  gsize size = 0;

  data = bw_demo_peek_flash (old, &size);
  if (data == NULL)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "not a simulated probe");
      return NULL;
    }
  flash = g_bytes_new (data, size);
  return new_transport (flash, NULL, error);
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

/* Before an install: a scenario whose probe is pulled out while writing
 * counts from here. */
void
bw_demo_prepare_for_install (BwTransport *transport)
{
  if (BW_SIM_IS_TRANSPORT (transport) && g_object_get_data (G_OBJECT (transport), DEMO_UNPLUG_WHILE_WRITING) != NULL)
    bw_sim_transport_unplug_after_more (BW_SIM_TRANSPORT (transport), DEMO_UNPLUG_AFTER_PROGRAM_TRANSFERS);
}

guint64
bw_demo_get_n_transfers (BwTransport *transport)
{
  if (!BW_SIM_IS_TRANSPORT (transport))
    return 0;
  return bw_sim_transport_get_n_transfers (BW_SIM_TRANSPORT (transport));
}

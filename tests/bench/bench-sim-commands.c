/* bench-sim-commands.c: what one simulated ST-Link command costs in wall
 * time, beside the simulated time it stands for. A benchmark: it prints,
 * it never asserts a speed.
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "bw-sim-clock.h"
#include "bw-sim-scenario.h"
#include "bw-sim-stlink.h"
#include "bw-sim-stm32f405.h"

typedef struct {
  BwSimScenario  *scenario;
  BwSimClock     *clock;
  BwSimStm32f405 *target;
  BwSimStlink    *probe;
  guint8          ep_out;
  guint8          ep_in;
} Rig;

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
  p[2] = (guint8) (v >> 16);
  p[3] = (guint8) (v >> 24);
}

static void
command (Rig *rig, const guint8 cmd[16], const guint8 *out, gsize out_len, guint8 *in, gsize in_len)
{
  gsize actual = 0;

  if (bw_sim_stlink_bulk_out (rig->probe, rig->ep_out, cmd, 16) != BW_SIM_USB_OK)
    g_error ("command refused");
  if (out_len > 0 && bw_sim_stlink_bulk_out (rig->probe, rig->ep_out, out, out_len) != BW_SIM_USB_OK)
    g_error ("data refused");
  if (in_len > 0 && bw_sim_stlink_bulk_in (rig->probe, rig->ep_in, in, in_len, &actual) != BW_SIM_USB_OK)
    g_error ("no answer");
}

static void
rw_status (Rig *rig)
{
  guint8 cmd[16] = { 0xF2, 0x3E };
  guint8 status[12];

  command (rig, cmd, NULL, 0, status, sizeof status);
  if (status[0] != 0x80)
    g_error ("status 0x%02X", status[0]);
}

typedef void (*Operation) (Rig *rig, guint8 *buffer);

static void
read_flash_6k (Rig *rig, guint8 *buffer)
{
  guint8 cmd[16] = { 0xF2, 0x07 };

  put32 (cmd + 2, 0x08000000);
  cmd[6] = 6144 & 0xFF;
  cmd[7] = 6144 >> 8;
  command (rig, cmd, NULL, 0, buffer, 6144);
  rw_status (rig);
}

static void
write_sram_6k (Rig *rig, guint8 *buffer)
{
  guint8 cmd[16] = { 0xF2, 0x08 };

  put32 (cmd + 2, 0x20000000);
  cmd[6] = 6144 & 0xFF;
  cmd[7] = 6144 >> 8;
  command (rig, cmd, buffer, 6144, NULL, 0);
  rw_status (rig);
}

static void
read_debug_reg (Rig *rig, guint8 *buffer)
{
  guint8 cmd[16] = { 0xF2, 0x36 };

  put32 (cmd + 2, 0xE000EDF0);
  command (rig, cmd, NULL, 0, buffer, 8);
}

static void
measure (Rig *rig, const gchar *name, Operation op, guint n)
{
  g_autofree guint8 *buffer = g_malloc0 (8192);
  guint64 sim_start = bw_sim_clock_now_us (rig->clock);
  gint64 wall_start = g_get_monotonic_time ();
  gdouble wall_us;
  gdouble sim_us;

  for (guint i = 0; i < n; i++)
    op (rig, buffer);
  wall_us = (gdouble) (g_get_monotonic_time () - wall_start) / n;
  sim_us = (gdouble) (bw_sim_clock_now_us (rig->clock) - sim_start) / n;
  printf ("| %-34s | %6u | %10.2f | %12.1f | %7.0fx |\n", name, n, wall_us, sim_us, sim_us / MAX (wall_us, 0.01));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  Rig rig = { 0 };
  guint8 enter[16] = { 0xF2, 0x30, 0xA3 };
  guint8 reply[2];

  rig.scenario = bw_sim_scenario_load_from_data ("", &error);
  g_assert_no_error (error);
  rig.clock = bw_sim_clock_new ();
  rig.target = bw_sim_stm32f405_new (rig.clock, rig.scenario, NULL);
  rig.probe = bw_sim_stlink_new (rig.scenario, NULL, rig.clock, rig.target);
  rig.ep_out = bw_sim_stlink_get_ep_out (rig.probe);
  rig.ep_in = bw_sim_stlink_get_ep_in (rig.probe);
  if (bw_sim_stlink_claim_interface (rig.probe, 0) != BW_SIM_USB_OK)
    g_error ("cannot claim the simulated probe");
  command (&rig, enter, NULL, 0, reply, sizeof reply);

  printf ("Simulator cost per command (ST-Link V2 model, SWD 1.8 MHz)\n\n");
  printf ("| %-34s | %6s | %10s | %12s | %8s |\n", "command", "runs", "wall us", "simulated us", "speed");
  printf ("|------------------------------------|--------|------------|--------------|----------|\n");
  measure (&rig, "READMEM_32 6 KB of flash + status", read_flash_6k, 2000);
  measure (&rig, "WRITEMEM_32 6 KB to SRAM + status", write_sram_6k, 2000);
  measure (&rig, "READDEBUGREG (DHCSR)", read_debug_reg, 20000);

  g_object_unref (rig.probe);
  g_object_unref (rig.target);
  g_object_unref (rig.clock);
  g_object_unref (rig.scenario);
  return 0;
}

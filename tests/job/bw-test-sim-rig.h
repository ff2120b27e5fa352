/* bw-test-sim-rig.h: a simulated ST-Link + STM32F405 behind the engine's
 * probe and target objects, for the job tests
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bootwire-engine.h"
#include "bw-sim-transport.h"
#include "bw-test-utils.h"

typedef struct {
  gchar          *dir;
  BwSimScenario  *scenario;
  BwSimTransport *transport;
} SimRig;

static inline SimRig *
sim_rig_new (const gchar *scenario_text)
{
  g_autoptr(GError) error = NULL;
  SimRig *rig = g_new0 (SimRig, 1);

  rig->dir = bw_test_make_tmpdir ();
  rig->scenario = bw_sim_scenario_load_from_data (scenario_text, &error);
  g_assert_no_error (error);
  rig->transport = bw_sim_transport_new (rig->scenario, NULL, &error);
  g_assert_no_error (error);
  return rig;
}

static inline void
sim_rig_free (SimRig *rig)
{
  g_object_unref (rig->transport);
  g_object_unref (rig->scenario);
  bw_test_rm_rf (rig->dir);
  g_free (rig->dir);
  g_free (rig);
}

static inline const guint8 *
sim_rig_flash (SimRig *rig, gsize *size)
{
  return bw_sim_stm32f405_peek_flash (bw_sim_transport_get_target (rig->transport), size);
}

/* A 1 MB flash file: @firmware at 0x08000000 and @bootloader at 0x080E0000
 * (either may be NULL), the rest erased. */
static inline gchar *
sim_write_flash_file (const gchar *dir, const gchar *firmware, const gchar *bootloader)
{
  g_autofree guint8 *flash = g_malloc (1024 * 1024);
  g_autofree gchar *path = g_build_filename (dir, "initial-flash.bin", NULL);

  memset (flash, 0xFF, 1024 * 1024);
  if (firmware != NULL)
    {
      g_autofree gchar *fw_path = bw_test_real_path (firmware);
      g_autoptr(GBytes) fw = bw_test_load_bytes (fw_path);

      memcpy (flash, g_bytes_get_data (fw, NULL), g_bytes_get_size (fw));
    }
  if (bootloader != NULL)
    {
      g_autofree gchar *bl_path = bw_test_real_path (bootloader);
      g_autoptr(GBytes) bl = bw_test_load_bytes (bl_path);

      memcpy (flash + 0xE0000, g_bytes_get_data (bl, NULL), g_bytes_get_size (bl));
    }
  g_assert_true (g_file_set_contents (path, (const gchar *) flash, 1024 * 1024, NULL));
  return g_steal_pointer (&path);
}

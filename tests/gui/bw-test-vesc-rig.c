/* bw-test-vesc-rig.c: simulated VESCs on pseudo-terminals, listed in a
 * port directory of their own, for the wizard's VESC and USB paths
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "bw-test-utils.h"
#include "bw-test-vesc-rig.h"

static void
link_port (BwTestVescRig *rig)
{
  g_unlink (rig->link);
  g_assert_cmpint (symlink (bw_sim_vesc_get_port (rig->vesc), rig->link), ==, 0);
}

static BwTestVescRig *
rig_new (BwSimVesc *vesc, BwSimClock *clock, BwSimStm32f405 *target, gchar *dir)
{
  BwTestVescRig *rig = g_new0 (BwTestVescRig, 1);
  g_autoptr(GError) error = NULL;

  rig->dir = dir;
  rig->link = g_build_filename (rig->dir, "ttyACM0", NULL);
  rig->vesc = vesc;
  rig->clock = clock;
  rig->target = target;
  if (target != NULL)
    bw_sim_vesc_set_swd_target (vesc, target);
  g_assert_true (bw_sim_vesc_plug (vesc, &error));
  g_assert_no_error (error);
  link_port (rig);
  g_setenv ("BW_VESC_PORT_DIR", rig->dir, TRUE);
  return rig;
}

static BwTestVescRig *
rig_new_programmer (const gchar *scenario_text, gchar *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data (scenario_text, &error);
  BwSimClock *clock;
  BwSimStm32f405 *target;

  g_assert_no_error (error);
  clock = bw_sim_clock_new ();
  target = bw_sim_stm32f405_new_full (clock, scenario, NULL, &error);
  g_assert_no_error (error);
  return rig_new (bw_sim_vesc_new (6, 5, "410"), clock, target, dir);
}

BwTestVescRig *
bw_test_vesc_rig_new_programmer_blank (void)
{
  return rig_new_programmer ("[target]\nflash=blank\n", bw_test_make_tmpdir ());
}

BwTestVescRig *
bw_test_vesc_rig_new_programmer (const gchar *extra_scenario)
{
  gchar *dir = bw_test_make_tmpdir ();
  gsize flash_size = 1024 * 1024;
  g_autofree guint8 *flash = g_malloc (flash_size);
  g_autofree gchar *flash_path = g_build_filename (dir, "bricked.bin", NULL);
  g_autofree gchar *text = NULL;

  memset (flash, 0xFF, flash_size);
  for (guint i = 0; i < 40 * 1024; i++)
    flash[i] = (guint8) g_random_int ();
  g_assert_true (g_file_set_contents (flash_path, (const gchar *) flash, (gssize) flash_size, NULL));
  text = g_strdup_printf ("[target]\nflash=%s\n%s\n", flash_path, extra_scenario != NULL ? extra_scenario : "");
  return rig_new_programmer (text, dir);
}

BwTestVescRig *
bw_test_vesc_rig_new_usb (guint major, guint minor, const gchar *hw_name)
{
  return rig_new (bw_sim_vesc_new (major, minor, hw_name), NULL, NULL, bw_test_make_tmpdir ());
}

void
bw_test_vesc_rig_replug (BwTestVescRig *rig)
{
  g_autoptr(GError) error = NULL;

  if (bw_sim_vesc_is_plugged (rig->vesc))
    bw_sim_vesc_unplug (rig->vesc);
  g_assert_true (bw_sim_vesc_plug (rig->vesc, &error));
  g_assert_no_error (error);
  link_port (rig);
}

/* Nothing the firmware would have taken badly. */
void
bw_test_vesc_rig_assert_clean (BwTestVescRig *rig)
{
  g_auto(GStrv) violations = bw_sim_vesc_get_violations (rig->vesc);

  for (guint i = 0; violations[i] != NULL; i++)
    g_test_message ("violation: %s", violations[i]);
  g_assert_cmpuint (g_strv_length (violations), ==, 0);
}

void
bw_test_vesc_rig_free (BwTestVescRig *rig)
{
  g_unsetenv ("BW_VESC_PORT_DIR");
  bw_sim_vesc_stop (rig->vesc);
  g_object_unref (rig->vesc);
  g_clear_object (&rig->target);
  g_clear_object (&rig->clock);
  bw_test_rm_rf (rig->dir);
  g_free (rig->dir);
  g_free (rig->link);
  g_free (rig);
}

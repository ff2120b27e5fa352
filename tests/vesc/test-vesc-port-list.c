/* test-vesc-port-list.c: the serial ports the wizard offers for a VESC
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "bootwire-engine.h"
#include "bw-sim-vesc.h"
#include "bw-test-utils.h"

static void
touch (const gchar *dir, const gchar *name)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
}

static gchar *
port_name (GPtrArray *ports, guint i)
{
  return g_path_get_basename (g_ptr_array_index (ports, i));
}

/* ttyACM before ttyUSB, by number (ttyACM10 after ttyACM2), nothing else. */
static void
test_names_and_order (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autoptr(GPtrArray) ports = NULL;
  const gchar *const names[] = { "ttyUSB0", "ttyACM10", "ttyS0", "ttyACM2", "ttyACMx", "tty", "ttyACM", "null" };
  const gchar *const expected[] = { "ttyACM2", "ttyACM10", "ttyUSB0" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    touch (dir, names[i]);
  ports = bw_vesc_port_list_enumerate (dir);
  g_assert_cmpuint (ports->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree gchar *name = port_name (ports, i);
      g_autofree gchar *full = g_build_filename (dir, expected[i], NULL);

      g_assert_cmpstr (name, ==, expected[i]);
      g_assert_cmpstr (g_ptr_array_index (ports, i), ==, full);
    }
  bw_test_rm_rf (dir);
}

/* macOS names: the "cu." call-out devices, never the "tty." dial-in ones
 * (opening those waits for a carrier), modems before adapters. */
static void
test_macos_names (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autoptr(GPtrArray) ports = NULL;
  const gchar *const names[] = { "tty.usbmodem301", "cu.usbserial-A50285BI", "cu.usbmodem14101",
                                 "cu.Bluetooth-Incoming-Port", "cu.usbmodem301", "cu.usbmodem", "cu.debug-console" };
  const gchar *const expected[] = { "cu.usbmodem301", "cu.usbmodem14101", "cu.usbserial-A50285BI" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    touch (dir, names[i]);
  ports = bw_vesc_port_list_enumerate (dir);
  g_assert_cmpuint (ports->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree gchar *name = port_name (ports, i);

      g_assert_cmpstr (name, ==, expected[i]);
    }
  bw_test_rm_rf (dir);
}

static void
test_missing_dir (void)
{
  g_autoptr(GPtrArray) ports = bw_vesc_port_list_enumerate ("/nonexistent/bootwire-dev");

  g_assert_nonnull (ports);
  g_assert_cmpuint (ports->len, ==, 0);
}

/* The environment points it at a directory where a link named like a
 * CDC-ACM port leads to the simulated VESC; the listed port answers. */
static void
test_env_and_simulated_vesc (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *link = g_build_filename (dir, "ttyACM0", NULL);
  g_autoptr(BwSimVesc) vesc = bw_sim_vesc_new (6, 5, "60");
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(BwVescUsbCheckJob) job = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_sim_vesc_plug (vesc, &error));
  g_assert_no_error (error);
  g_assert_cmpint (symlink (bw_sim_vesc_get_port (vesc), link), ==, 0);
  g_setenv ("BW_VESC_PORT_DIR", dir, TRUE);
  ports = bw_vesc_port_list_enumerate (NULL);
  g_unsetenv ("BW_VESC_PORT_DIR");
  g_assert_cmpuint (ports->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ports, 0), ==, link);

  job = bw_vesc_usb_check_job_new (g_ptr_array_index (ports, 0));
  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bw_vesc_usb_check_job_get_fw_info (job)->hw_name, ==, "60");
  bw_sim_vesc_stop (vesc);
  bw_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc/port-list/names-and-order", test_names_and_order);
  g_test_add_func ("/vesc/port-list/macos-names", test_macos_names);
  g_test_add_func ("/vesc/port-list/missing-dir", test_missing_dir);
  g_test_add_func ("/vesc/port-list/env-and-simulated-vesc", test_env_and_simulated_vesc);
  return g_test_run ();
}

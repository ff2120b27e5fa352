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

/* What sysfs says of the USB device behind a port: the VESC's id and
 * names; nothing for a serial adapter that is not CDC-ACM, a port sysfs
 * does not know, or a system without sysfs. */
static void
test_usb_lookup (void)
{
  g_autofree gchar *root = bw_test_make_tmpdir ();
  g_auto(BwVescPortUsb) usb = { 0 };

  bw_test_make_sysfs_tty (root, "ttyACM0", "cdc_acm", "0483", "5740", "ChibiOS/RT Virtual COM Port");
  bw_test_make_sysfs_tty (root, "ttyACM1", "cdc_acm", "2341", "0043", "Arduino Uno");
  bw_test_make_sysfs_tty (root, "ttyUSB0", "ftdi_sio", "0403", "6001", "FT232R USB UART");
  g_setenv ("BW_SYSFS_ROOT", root, TRUE);

  g_assert_true (bw_vesc_port_list_lookup_usb ("/dev/ttyACM0", &usb));
  g_assert_cmphex (usb.vid, ==, 0x0483);
  g_assert_cmphex (usb.pid, ==, 0x5740);
  g_assert_cmpstr (usb.product, ==, "ChibiOS/RT Virtual COM Port");
  g_assert_cmpstr (usb.manufacturer, ==, "STMicroelectronics");
  g_assert_cmpstr (usb.serial, ==, "30473355");
  g_assert_true (bw_vesc_port_usb_is_vesc (&usb));
  bw_vesc_port_usb_clear (&usb);

  /* only the name counts: a link of a test's own called ttyACM1 */
  g_assert_true (bw_vesc_port_list_lookup_usb ("/tmp/somewhere/ttyACM1", &usb));
  g_assert_cmpstr (usb.product, ==, "Arduino Uno");
  g_assert_false (bw_vesc_port_usb_is_vesc (&usb));
  bw_vesc_port_usb_clear (&usb);

  g_assert_false (bw_vesc_port_list_lookup_usb ("/dev/ttyUSB0", &usb));
  g_assert_null (usb.product);
  g_assert_false (bw_vesc_port_list_lookup_usb ("/dev/ttyACM7", &usb));
  g_setenv ("BW_SYSFS_ROOT", "/nonexistent/bootwire-sys", TRUE);
  g_assert_false (bw_vesc_port_list_lookup_usb ("/dev/ttyACM0", &usb));
  g_unsetenv ("BW_SYSFS_ROOT");
  bw_test_rm_rf (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc/port-list/names-and-order", test_names_and_order);
  g_test_add_func ("/vesc/port-list/macos-names", test_macos_names);
  g_test_add_func ("/vesc/port-list/missing-dir", test_missing_dir);
  g_test_add_func ("/vesc/port-list/usb-lookup", test_usb_lookup);
  g_test_add_func ("/vesc/port-list/env-and-simulated-vesc", test_env_and_simulated_vesc);
  return g_test_run ();
}

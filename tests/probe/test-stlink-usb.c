/* test-stlink-usb.c: the ST-Link driver through the real libusb code path
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test program links libusb-1.0 as the engine does; meson runs it with
 * the simulator's stand-in libusb-1.0.so.0 first on LD_LIBRARY_PATH, so
 * BwUsbTransport and bw_probe_enumerate() talk to a simulated probe. The
 * stand-in builds its world once per process from BOOTWIRE_SIM_SCENARIO,
 * hence every case runs in a subprocess with its own scenario.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libusb.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bw-error-advice.h"
#include "bw-error.h"
#include "bw-probe-enum.h"
#include "bw-stlink.h"
#include "bw-usb-transport.h"
#include "bw-test-utils.h"

#define DEFAULT_SERIAL "066DFF485550755187121234"

static gchar *tmpdir;

/* Parent side: writes @scenario and reruns the current test in a child. */
static void
run_in_child (const gchar *scenario)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *name = g_strdelimit (g_strdup (g_test_get_path ()), "/", '_');
  g_autofree gchar *path = g_build_filename (tmpdir, name, NULL);
  g_autofree gchar *fw = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *text = NULL;
  g_autoptr (GString) s = g_string_new (scenario);

  g_string_replace (s, "@FIRMWARE@", fw, 0);
  text = g_string_free (g_steal_pointer (&s), FALSE);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_setenv ("BOOTWIRE_SIM_SCENARIO", path, TRUE);
  g_unsetenv ("BOOTWIRE_SIM_STATE");
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Child side: fails loudly if the real libusb was loaded instead. */
static void
assert_stand_in (void)
{
  const struct libusb_version *v = libusb_get_version ();

  g_assert_cmpstr (v->describe, ==, "bootwire-sim");
}

static BwStlink *
open_connected (const gchar *serial)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwUsbTransport) transport = bw_usb_transport_new (0, 0, serial, &error);
  g_autoptr (BwStlink) stlink = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (transport);
  stlink = bw_stlink_new (BW_TRANSPORT (transport));
  g_assert_true (bw_stlink_open (stlink, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_connect (stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&stlink);
}

static void
test_enumerate (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) probes = NULL;
  const BwProbeInfo *info;

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\nkind=v2\n");
      return;
    }
  assert_stand_in ();
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_FIRMWARE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probes->len, ==, 1);
  info = g_ptr_array_index (probes, 0);
  g_assert_cmphex (bw_probe_info_get_vid (info), ==, 0x0483);
  g_assert_cmphex (bw_probe_info_get_pid (info), ==, 0x3748);
  g_assert_cmpint (bw_probe_info_get_kind (info), ==, BW_PROBE_KIND_V2);
  g_assert_cmpstr (bw_probe_info_get_serial (info), ==, DEFAULT_SERIAL);
  g_assert_cmpstr (bw_probe_info_get_firmware (info), ==, "V2J37S7");
  g_assert_true (bw_probe_info_get_accessible (info));
  g_clear_pointer (&probes, g_ptr_array_unref);
  /* Without the flag nothing is sent to the probe. */
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_NONE, &error);
  g_assert_no_error (error);
  g_assert_null (bw_probe_info_get_firmware (g_ptr_array_index (probes, 0)));
}

static void
test_clone_serial (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) probes = NULL;
  g_autoptr (BwUsbTransport) transport = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\nclone=true\nserial=856D010110134753384C4E00\n");
      return;
    }
  assert_stand_in ();
  /* 12 raw bytes in the descriptor, shown as hex as the tools do. */
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bw_probe_info_get_serial (g_ptr_array_index (probes, 0)), ==, "856D010110134753384C4E00");
  transport = bw_usb_transport_new (0, 0, "856d010110134753384c4e00", &error);
  g_assert_no_error (error);
  g_assert_nonnull (transport);
}

static void
test_read_flash (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwStlink) stlink = NULL;
  g_autofree gchar *path = NULL;
  g_autoptr (GBytes) file = NULL;
  g_autofree guint8 *flash = NULL;
  guint32 idcode = 0, dbgmcu = 0;
  gsize size;
  const BwProbeInfo *info;

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\nkind=v2\n[target]\nflash=@FIRMWARE@\n");
      return;
    }
  assert_stand_in ();
  stlink = open_connected (DEFAULT_SERIAL);
  info = bw_usb_transport_get_info (BW_USB_TRANSPORT (bw_stlink_get_transport (stlink)));
  g_assert_cmpstr (bw_probe_info_get_serial (info), ==, DEFAULT_SERIAL);
  g_assert_cmpstr (bw_stlink_get_firmware (stlink), ==, "V2J37S7");
  g_assert_true (bw_stlink_read_idcode (stlink, &idcode, &error));
  g_assert_no_error (error);
  g_assert_cmphex (idcode, ==, 0x2BA01477);
  g_assert_true (bw_stlink_read_debug_reg (stlink, 0xE0042000u, &dbgmcu, &error));
  g_assert_cmphex (dbgmcu & 0xFFF, ==, 0x413);

  path = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  file = bw_test_load_bytes (path);
  size = g_bytes_get_size (file);
  flash = g_malloc0 (size);
  /* Any length: words, then the odd bytes at the end. */
  g_assert_true (bw_stlink_read_memory (stlink, 0x08000000u, flash, size, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (flash, size, g_bytes_get_data (file, NULL), size);
  g_assert_true (bw_stlink_close (stlink, &error));
  g_assert_no_error (error);
}

static void
test_wrong_serial (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwUsbTransport) transport = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ("");
      return;
    }
  assert_stand_in ();
  transport = bw_usb_transport_new (0, 0, "000000000000000000000000", &error);
  g_assert_null (transport);
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "000000000000000000000000"));
  g_clear_error (&error);
  transport = bw_usb_transport_new (0, 0x374F, NULL, &error);
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "charge-only"));
}

static void
test_v3 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) probes = NULL;
  g_autoptr (BwStlink) stlink = NULL;
  guint8 buf[64];
  gdouble volts = 0;
  guint khz = 0;

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\nkind=v3\n");
      return;
    }
  assert_stand_in ();
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_FIRMWARE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bw_probe_info_get_kind (g_ptr_array_index (probes, 0)), ==, BW_PROBE_KIND_V3);
  g_assert_cmpstr (bw_probe_info_get_firmware (g_ptr_array_index (probes, 0)), ==, "V3J7M3B2S1");
  stlink = open_connected (NULL);
  g_assert_true (bw_stlink_read_target_voltage (stlink, &volts, &error));
  g_assert_cmpfloat_with_epsilon (volts, 3.3, 0.01);
  g_assert_true (bw_stlink_set_swd_frequency (stlink, 8000, &khz, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (khz, ==, 8000);
  /* Blank flash reads as 0xFF. */
  g_assert_true (bw_stlink_read_mem32 (stlink, 0x08000000u, buf, sizeof buf, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < sizeof buf; i++)
    g_assert_cmphex (buf[i], ==, 0xFF);
}

static void
test_v2_1 (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwStlink) stlink = NULL;
  guint32 idcode = 0;

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\nkind=v2-1\n");
      return;
    }
  assert_stand_in ();
  stlink = open_connected (NULL);
  g_assert_cmpstr (bw_stlink_get_firmware (stlink), ==, "V2J37M26");
  g_assert_true (bw_stlink_read_idcode (stlink, &idcode, &error));
  g_assert_cmphex (idcode, ==, 0x2BA01477);
}

static void
test_busy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwUsbTransport) transport = NULL;
  g_autoptr (GPtrArray) probes = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\nbusy=true\n");
      return;
    }
  assert_stand_in ();
  transport = bw_usb_transport_new (0, 0, NULL, &error);
  g_assert_null (transport);
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_BUSY);
  g_clear_error (&error);
  /* Still listed; its firmware cannot be asked. */
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_FIRMWARE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probes->len, ==, 1);
  g_assert_null (bw_probe_info_get_firmware (g_ptr_array_index (probes, 0)));
}

/* No udev rule: the device node is not the user's. The probe is listed
 * (without serial or firmware) and opening it names the fix. */
static void
test_permission (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwUsbTransport) transport = NULL;
  g_autoptr (GPtrArray) probes = NULL;
  g_autofree gchar *advice = NULL;
  BwProbeInfo *info;

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\npermission-denied=true\n");
      return;
    }
  assert_stand_in ();
  probes = bw_probe_enumerate (BW_PROBE_ENUMERATE_FIRMWARE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probes->len, ==, 1);
  info = g_ptr_array_index (probes, 0);
  g_assert_false (bw_probe_info_get_accessible (info));
  g_assert_null (bw_probe_info_get_firmware (info));

  transport = bw_usb_transport_new_for_info (info, &error);
  g_assert_null (transport);
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_PERMISSION);
  g_assert_nonnull (strstr (error->message, "LIBUSB_ERROR_ACCESS"));
  g_assert_nonnull (strstr (error->message, "udev rule"));
  advice = bw_error_advice_format (error);
  g_assert_nonnull (strstr (advice, "udev rules"));
  g_clear_error (&error);

  transport = bw_usb_transport_new (0, 0, NULL, &error);
  g_assert_null (transport);
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_PERMISSION);
}

static void
test_unplugged (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwStlink) stlink = NULL;
  g_autofree guint8 *buf = g_malloc (32 * 1024);

  if (!g_test_subprocess ())
    {
      run_in_child ("[probe]\nunplug-after-transfers=40\n");
      return;
    }
  assert_stand_in ();
  stlink = open_connected (NULL);
  g_assert_false (bw_stlink_read_mem32 (stlink, 0x20000000u, buf, 32 * 1024, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (error->message, "LIBUSB_ERROR_NO_DEVICE"));
  g_clear_error (&error);
  g_clear_object (&stlink);

  /* Gone from the bus as well. */
  g_assert_null (bw_probe_enumerate (BW_PROBE_ENUMERATE_NONE, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "charge-only"));
  g_clear_error (&error);
  g_assert_null (bw_usb_transport_new (0, 0, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND);
}

static void
test_unpowered (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) diagnosis = NULL;
  g_autoptr (BwUsbTransport) transport = NULL;
  g_autoptr (BwStlink) stlink = NULL;

  if (!g_test_subprocess ())
    {
      run_in_child ("[target]\npowered=false\n");
      return;
    }
  assert_stand_in ();
  transport = bw_usb_transport_new (0, 0, NULL, &error);
  g_assert_no_error (error);
  stlink = bw_stlink_new (BW_TRANSPORT (transport));
  g_assert_true (bw_stlink_open (stlink, &error));
  g_assert_false (bw_stlink_connect (stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  diagnosis = bw_stlink_diagnose_no_answer (stlink, error, BW_STLINK_SENSE_WIRED);
  g_assert_error (diagnosis, BW_ERROR, BW_ERROR_TARGET_NOT_POWERED);
}

static gint64
wall_us (void)
{
  struct timespec ts;

  /* The raw system call: clock_gettime() itself may be the stand-in's. */
  g_assert_cmpint (syscall (SYS_clock_gettime, CLOCK_MONOTONIC, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The stand-in, ahead of libc in the lookup order, also provides
 * nanosleep and clock_gettime: the transport's waits and clock run on the
 * simulator's virtual clock, so a 5 s wait takes no wall time. */
static void
test_virtual_time (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwUsbTransport) transport = NULL;
  gint64 start, wall_start;

  if (!g_test_subprocess ())
    {
      run_in_child ("");
      return;
    }
  assert_stand_in ();
  transport = bw_usb_transport_new (0, 0, NULL, &error);
  g_assert_no_error (error);
  start = bw_transport_now_us (BW_TRANSPORT (transport));
  wall_start = wall_us ();
  bw_transport_sleep_us (BW_TRANSPORT (transport), 5 * G_USEC_PER_SEC);
  g_assert_cmpint (bw_transport_now_us (BW_TRANSPORT (transport)) - start, >=, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (wall_us () - wall_start, <, 2 * G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    tmpdir = bw_test_make_tmpdir ();

  g_test_add_func ("/usb/enumerate", test_enumerate);
  g_test_add_func ("/usb/clone-serial", test_clone_serial);
  g_test_add_func ("/usb/read-flash", test_read_flash);
  g_test_add_func ("/usb/wrong-serial", test_wrong_serial);
  g_test_add_func ("/usb/v3", test_v3);
  g_test_add_func ("/usb/v2-1", test_v2_1);
  g_test_add_func ("/usb/busy", test_busy);
  g_test_add_func ("/usb/permission", test_permission);
  g_test_add_func ("/usb/unplugged", test_unplugged);
  g_test_add_func ("/usb/unpowered", test_unpowered);
  g_test_add_func ("/usb/virtual-time", test_virtual_time);
  ret = g_test_run ();
  if (tmpdir != NULL)
    {
      bw_test_rm_rf (tmpdir);
      g_free (tmpdir);
    }
  return ret;
}

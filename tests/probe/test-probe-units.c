/* test-probe-units.c: pure parts of the probe layer
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-probe-info.h"
#include "bw-stlink-status.h"
#include "bw-usb-private.h"

static void
test_status_mapping (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (bw_stlink_status_check (0x80, "x", &error));
  g_assert_no_error (error);
  /* Probes report a spurious write-verify error; OpenOCD ignores it. */
  g_assert_true (bw_stlink_status_check (0x0D, "x", &error));
  g_assert_no_error (error);

  g_assert_cmpint (bw_stlink_status_to_error (0x09), ==, BW_ERROR_TARGET_NO_RESPONSE);
  g_assert_cmpint (bw_stlink_status_to_error (0x16), ==, BW_ERROR_TARGET_NO_RESPONSE);
  g_assert_cmpint (bw_stlink_status_to_error (0x11), ==, BW_ERROR_TARGET_FAULT);
  g_assert_cmpint (bw_stlink_status_to_error (0x19), ==, BW_ERROR_TARGET_FAULT);
  g_assert_cmpint (bw_stlink_status_to_error (0x10), ==, BW_ERROR_TIMED_OUT);
  g_assert_cmpint (bw_stlink_status_to_error (0x14), ==, BW_ERROR_TIMED_OUT);
  g_assert_cmpint (bw_stlink_status_to_error (0x0E), ==, BW_ERROR_PROBE_BUSY);
  g_assert_cmpint (bw_stlink_status_to_error (0x42), ==, BW_ERROR_PROBE_FIRMWARE_TOO_OLD);
  g_assert_cmpint (bw_stlink_status_to_error (0x0A), ==, BW_ERROR_PROBE_PROTOCOL);
  g_assert_cmpint (bw_stlink_status_to_error (0xEE), ==, BW_ERROR_PROBE_PROTOCOL);
  g_assert_true (bw_stlink_status_is_wait (0x10));
  g_assert_true (bw_stlink_status_is_wait (0x14));
  g_assert_false (bw_stlink_status_is_wait (0x11));
  g_assert_true (bw_stlink_status_is_swd_error (0x12));
  g_assert_false (bw_stlink_status_is_swd_error (0x11));

  g_assert_false (bw_stlink_status_check (0x11, "reading", &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_assert_cmpstr (error->message, ==, "reading: status SWD_AP_FAULT (0x11)");
  g_clear_error (&error);
  g_assert_false (bw_stlink_status_check (0x09, NULL, &error));
  g_assert_cmpstr (error->message, ==, "ST-Link: status GET_IDCODE_ERROR (0x09)");
}

static void
test_usb_errors (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (bw_usb_error_code (LIBUSB_ERROR_ACCESS), ==, BW_ERROR_PROBE_PERMISSION);
  g_assert_cmpint (bw_usb_error_code (LIBUSB_ERROR_BUSY), ==, BW_ERROR_PROBE_BUSY);
  g_assert_cmpint (bw_usb_error_code (LIBUSB_ERROR_NO_DEVICE), ==, BW_ERROR_DISCONNECTED);
  g_assert_cmpint (bw_usb_error_code (LIBUSB_ERROR_TIMEOUT), ==, BW_ERROR_TIMED_OUT);
  g_assert_cmpint (bw_usb_error_code (LIBUSB_ERROR_PIPE), ==, BW_ERROR_PROBE_PROTOCOL);
  g_assert_cmpint (bw_usb_error_code (LIBUSB_ERROR_NOT_SUPPORTED), ==, BW_ERROR_PROBE_NOT_FOUND);
  bw_usb_set_error (&error, LIBUSB_ERROR_ACCESS, "opening");
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_PERMISSION);
  g_assert_cmpstr (error->message, ==, "opening: LIBUSB_ERROR_ACCESS");
  g_assert_true (bw_usb_is_supported_stlink (0x0483, 0x3748));
  g_assert_true (bw_usb_is_supported_stlink (0x0483, 0x374F));
  g_assert_false (bw_usb_is_supported_stlink (0x0483, 0x3744)); /* V1 */
  g_assert_false (bw_usb_is_supported_stlink (0x0483, 0x374D)); /* V3 boot loader */
  g_assert_false (bw_usb_is_supported_stlink (0x1234, 0x3748));
}

static void
test_probe_kind (void)
{
  g_assert_cmpint (bw_probe_kind_from_pid (0x3748), ==, BW_PROBE_KIND_V2);
  g_assert_cmpint (bw_probe_kind_from_pid (0x374B), ==, BW_PROBE_KIND_V2_1);
  g_assert_cmpint (bw_probe_kind_from_pid (0x3752), ==, BW_PROBE_KIND_V2_1);
  g_assert_cmpint (bw_probe_kind_from_pid (0x374E), ==, BW_PROBE_KIND_V3);
  g_assert_cmpint (bw_probe_kind_from_pid (0x3753), ==, BW_PROBE_KIND_V3);
  g_assert_cmpint (bw_probe_kind_from_pid (0x3754), ==, BW_PROBE_KIND_V3);
  g_assert_cmpint (bw_probe_kind_from_pid (0x3744), ==, BW_PROBE_KIND_UNKNOWN);
  g_assert_cmpstr (bw_probe_kind_to_string (BW_PROBE_KIND_V2_1), ==, "V2-1");
}

static void
test_serial_descriptor (void)
{
  /* A clone's 12 raw bytes (bLength 26), from the spec's example. */
  const guint8 raw[12] = { 0x85, 0x6D, 0x01, 0x01, 0x10, 0x13, 0x47, 0x53, 0x38, 0x4C, 0x4E, 0x00 };
  guint8 desc[26] = { 26, 0x03 };
  guint8 text[50] = { 50, 0x03 };
  const gchar *serial = "066DFF485550755187121234";
  g_autofree gchar *hex = NULL;
  g_autofree gchar *ascii = NULL;

  for (guint i = 0; i < 12; i++)
    desc[2 + 2 * i] = raw[i];
  hex = bw_probe_serial_from_descriptor (desc, sizeof desc);
  g_assert_cmpstr (hex, ==, "856D010110134753384C4E00");

  for (guint i = 0; i < 24; i++)
    text[2 + 2 * i] = (guint8) serial[i];
  ascii = bw_probe_serial_from_descriptor (text, sizeof text);
  g_assert_cmpstr (ascii, ==, serial);

  g_assert_null (bw_probe_serial_from_descriptor (text, 1));
  text[1] = 0x02;
  g_assert_null (bw_probe_serial_from_descriptor (text, sizeof text));
}

static void
test_probe_info (void)
{
  g_autoptr (BwProbeInfo) info = bw_probe_info_new (0x0483, 0x3748, "066DFF485550755187121234");
  g_autoptr (BwProbeInfo) copy = NULL;
  g_autofree gchar *text = NULL;

  g_assert_cmpint (bw_probe_info_get_kind (info), ==, BW_PROBE_KIND_V2);
  g_assert_null (bw_probe_info_get_firmware (info));
  bw_probe_info_set_firmware (info, "V2J37S7");
  bw_probe_info_set_location (info, 3, 7);
  copy = bw_probe_info_copy (info);
  bw_probe_info_set_serial (info, NULL);
  g_assert_cmpstr (bw_probe_info_get_serial (copy), ==, "066DFF485550755187121234");
  g_assert_cmpstr (bw_probe_info_get_firmware (copy), ==, "V2J37S7");
  g_assert_cmpuint (bw_probe_info_get_bus (copy), ==, 3);
  g_assert_cmpuint (bw_probe_info_get_address (copy), ==, 7);
  g_assert_true (bw_probe_info_get_accessible (copy));
  text = bw_probe_info_to_string (copy);
  g_assert_cmpstr (text, ==, "ST-Link V2 (0483:3748) serial 066DFF485550755187121234 firmware V2J37S7");
  g_assert_true (G_TYPE_IS_BOXED (BW_TYPE_PROBE_INFO));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe/status-mapping", test_status_mapping);
  g_test_add_func ("/probe/usb-errors", test_usb_errors);
  g_test_add_func ("/probe/kind", test_probe_kind);
  g_test_add_func ("/probe/serial-descriptor", test_serial_descriptor);
  g_test_add_func ("/probe/info", test_probe_info);
  return g_test_run ();
}

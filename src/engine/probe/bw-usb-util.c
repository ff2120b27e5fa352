/* bw-usb-util.c: libusb helpers (engine-internal)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-usb-private.h"

BwError
bw_usb_error_code (int code)
{
  switch (code)
    {
    case LIBUSB_ERROR_ACCESS:
      return BW_ERROR_PROBE_PERMISSION;
    case LIBUSB_ERROR_BUSY:
      return BW_ERROR_PROBE_BUSY;
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_IO:
      return BW_ERROR_DISCONNECTED;
    case LIBUSB_ERROR_TIMEOUT:
      return BW_ERROR_TIMED_OUT;
    case LIBUSB_ERROR_NOT_SUPPORTED:
      /* Windows without a WinUSB driver for the probe. */
      return BW_ERROR_PROBE_NOT_FOUND;
    case LIBUSB_ERROR_PIPE:
    case LIBUSB_ERROR_OVERFLOW:
    case LIBUSB_ERROR_NOT_FOUND:
      return BW_ERROR_PROBE_PROTOCOL;
    case LIBUSB_ERROR_INTERRUPTED:
      return BW_ERROR_CANCELLED;
    default:
      return BW_ERROR_INTERNAL;
    }
}

void
bw_usb_set_error (GError      **error,
                  int           code,
                  const gchar  *what)
{
  g_set_error (error, BW_ERROR, bw_usb_error_code (code), "%s: %s", what, libusb_error_name (code));
}

gboolean
bw_usb_is_supported_stlink (guint16 vid,
                            guint16 pid)
{
  return vid == BW_STLINK_VID && bw_probe_kind_from_pid (pid) != BW_PROBE_KIND_UNKNOWN;
}

gchar *
bw_usb_read_serial (libusb_device_handle *handle,
                    guint8                index)
{
  guint8  buf[255];
  guint16 langid;
  int     r;

  if (index == 0)
    return NULL;
  r = libusb_get_string_descriptor (handle, 0, 0, buf, sizeof buf);
  if (r < 4 || buf[1] != LIBUSB_DT_STRING)
    return NULL;
  langid = (guint16) (buf[2] | (buf[3] << 8));
  r = libusb_get_string_descriptor (handle, index, langid, buf, sizeof buf);
  if (r < 2)
    return NULL;
  return bw_probe_serial_from_descriptor (buf, (gsize) r);
}

BwProbeInfo *
bw_usb_probe_info_new (libusb_device *dev)
{
  struct libusb_device_descriptor desc;
  libusb_device_handle *handle = NULL;
  BwProbeInfo *info;
  int r;

  if (libusb_get_device_descriptor (dev, &desc) != LIBUSB_SUCCESS)
    return NULL;
  if (!bw_usb_is_supported_stlink (desc.idVendor, desc.idProduct))
    return NULL;
  info = bw_probe_info_new (desc.idVendor, desc.idProduct, NULL);
  bw_probe_info_set_location (info, libusb_get_bus_number (dev), libusb_get_device_address (dev));
  r = libusb_open (dev, &handle);
  if (r == LIBUSB_ERROR_ACCESS)
    {
      bw_probe_info_set_accessible (info, FALSE);
      return info;
    }
  if (r != LIBUSB_SUCCESS)
    {
      g_debug ("cannot open %04x:%04x: %s", desc.idVendor, desc.idProduct, libusb_error_name (r));
      return info;
    }
  {
    g_autofree gchar *serial = bw_usb_read_serial (handle, desc.iSerialNumber);
    bw_probe_info_set_serial (info, serial);
  }
  libusb_close (handle);
  return info;
}

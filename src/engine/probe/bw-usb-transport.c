/* bw-usb-transport.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Section numbers (§) refer to spec/stlink-protocol.md.
 */
#include "config.h"

#include <libusb.h>
#include <string.h>

#include "bw-error.h"
#include "bw-usb-private.h"
#include "bw-usb-transport.h"

#define DEBUG_INTERFACE 0
#define EP_IN 0x81

struct _BwUsbTransport
{
  GObject parent_instance;

  libusb_context       *ctx;
  libusb_device_handle *handle;
  BwProbeInfo          *info;
  guint8                ep_out;
  gboolean              claimed;
};

static void bw_usb_transport_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BwUsbTransport, bw_usb_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, bw_usb_transport_iface_init))

static void
bw_usb_transport_finalize (GObject *object)
{
  BwUsbTransport *self = BW_USB_TRANSPORT (object);

  if (self->handle != NULL)
    {
      if (self->claimed)
        libusb_release_interface (self->handle, DEBUG_INTERFACE);
      libusb_close (self->handle);
    }
  if (self->ctx != NULL)
    libusb_exit (self->ctx);
  bw_probe_info_free (self->info);

  G_OBJECT_CLASS (bw_usb_transport_parent_class)->finalize (object);
}

static void
bw_usb_transport_class_init (BwUsbTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bw_usb_transport_finalize;
}

static void
bw_usb_transport_init (BwUsbTransport *self)
{
}

/* §1.2: the V2 (0x3748) sends commands to 0x02, every later probe to 0x01. */
static guint8
ep_out_for_pid (guint16 pid)
{
  return pid == 0x3748 ? 0x02 : 0x01;
}

static gboolean
bulk (BwUsbTransport *self,
      guint8          endpoint,
      guint8         *data,
      gsize           length,
      gsize          *actual,
      guint           timeout_ms,
      const gchar    *what,
      GError        **error)
{
  int transferred = 0;
  int r;

  if (length > G_MAXINT)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "%s: transfer too large", what);
      return FALSE;
    }
  r = libusb_bulk_transfer (self->handle, endpoint, data, (int) length, &transferred, timeout_ms);
  if (r != LIBUSB_SUCCESS)
    {
      bw_usb_set_error (error, r, what);
      return FALSE;
    }
  *actual = (gsize) transferred;
  return TRUE;
}

static gboolean
usb_command (BwTransport   *transport,
             const guint8  *cmd,
             const guint8  *out_data,
             gsize          out_length,
             guint8        *in_data,
             gsize          in_length,
             gsize         *in_actual,
             guint          timeout_ms,
             GError       **error)
{
  BwUsbTransport *self = BW_USB_TRANSPORT (transport);
  guint8 block[BW_TRANSPORT_COMMAND_SIZE];
  gsize n = 0;

  memcpy (block, cmd, sizeof block);
  if (!bulk (self, self->ep_out, block, sizeof block, &n, timeout_ms, "sending a command", error))
    return FALSE;
  if (n != sizeof block)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_PROTOCOL,
                   "sending a command: only %" G_GSIZE_FORMAT " of 16 bytes went out", n);
      return FALSE;
    }
  if (out_length > 0)
    {
      /* libusb does not write through the buffer of an OUT transfer. */
      if (!bulk (self, self->ep_out, (guint8 *) out_data, out_length, &n, timeout_ms, "sending data", error))
        return FALSE;
      if (n != out_length)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_PROBE_PROTOCOL,
                       "sending data: only %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes went out", n,
                       out_length);
          return FALSE;
        }
    }
  if (in_length > 0)
    {
      if (!bulk (self, EP_IN, in_data, in_length, in_actual, timeout_ms, "reading the reply", error))
        return FALSE;
    }
  return TRUE;
}

static void
usb_sleep_us (BwTransport *transport,
              guint64      us)
{
  g_usleep ((gulong) MIN (us, (guint64) G_MAXULONG));
}

static gint64
usb_now_us (BwTransport *transport)
{
  return g_get_monotonic_time ();
}

static void
bw_usb_transport_iface_init (BwTransportInterface *iface)
{
  iface->command = usb_command;
  iface->sleep_us = usb_sleep_us;
  iface->now_us = usb_now_us;
}

typedef struct
{
  guint16      vid;
  guint16      pid;
  const gchar *serial;
  gboolean     by_location;
  guint8       bus;
  guint8       address;
} Match;

static gboolean
claim (BwUsbTransport *self,
       GError        **error)
{
  int config = 0;
  int r;

  /* Not available on every platform; the claim below reports what matters. */
  (void) libusb_set_auto_detach_kernel_driver (self->handle, 1);
  r = libusb_get_configuration (self->handle, &config);
  if (r != LIBUSB_SUCCESS)
    {
      bw_usb_set_error (error, r, "reading the USB configuration");
      return FALSE;
    }
  if (config != 1)
    {
      r = libusb_set_configuration (self->handle, 1);
      if (r != LIBUSB_SUCCESS)
        {
          bw_usb_set_error (error, r, "selecting the USB configuration");
          return FALSE;
        }
    }
  r = libusb_claim_interface (self->handle, DEBUG_INTERFACE);
  if (r != LIBUSB_SUCCESS)
    {
      if (r == LIBUSB_ERROR_BUSY)
        g_set_error (error, BW_ERROR, BW_ERROR_PROBE_BUSY,
                     "the ST-Link is in use by another program (%s)", libusb_error_name (r));
      else
        bw_usb_set_error (error, r, "claiming the ST-Link's debug interface");
      return FALSE;
    }
  self->claimed = TRUE;
  return TRUE;
}

static BwUsbTransport *
open_matching (const Match *m,
               GError     **error)
{
  g_autoptr (BwUsbTransport) self = g_object_new (BW_TYPE_USB_TRANSPORT, NULL);
  libusb_device **list = NULL;
  ssize_t n;
  int r;
  guint n_stlinks = 0;
  int open_error = LIBUSB_SUCCESS;

  r = libusb_init (&self->ctx);
  if (r != LIBUSB_SUCCESS)
    {
      self->ctx = NULL;
      bw_usb_set_error (error, r, "starting libusb");
      return NULL;
    }
  n = libusb_get_device_list (self->ctx, &list);
  if (n < 0)
    {
      bw_usb_set_error (error, (int) n, "listing USB devices");
      return NULL;
    }
  for (ssize_t i = 0; i < n && self->handle == NULL; i++)
    {
      struct libusb_device_descriptor desc;
      libusb_device_handle *handle = NULL;

      if (libusb_get_device_descriptor (list[i], &desc) != LIBUSB_SUCCESS)
        continue;
      if (!bw_usb_is_supported_stlink (desc.idVendor, desc.idProduct))
        continue;
      if (m->vid != 0 && desc.idVendor != m->vid)
        continue;
      if (m->pid != 0 && desc.idProduct != m->pid)
        continue;
      if (m->by_location &&
          (libusb_get_bus_number (list[i]) != m->bus || libusb_get_device_address (list[i]) != m->address))
        continue;
      n_stlinks++;
      r = libusb_open (list[i], &handle);
      if (r != LIBUSB_SUCCESS)
        {
          open_error = r;
          continue;
        }
      {
        g_autofree gchar *serial = bw_usb_read_serial (handle, desc.iSerialNumber);

        if (m->serial != NULL && g_ascii_strcasecmp (m->serial, serial != NULL ? serial : "") != 0)
          {
            libusb_close (handle);
            continue;
          }
        self->handle = handle;
        self->info = bw_probe_info_new (desc.idVendor, desc.idProduct, serial);
        bw_probe_info_set_location (self->info, libusb_get_bus_number (list[i]),
                                    libusb_get_device_address (list[i]));
        self->ep_out = ep_out_for_pid (desc.idProduct);
      }
    }
  libusb_free_device_list (list, 1);

  if (self->handle == NULL)
    {
      if (open_error == LIBUSB_ERROR_ACCESS)
        g_set_error (error, BW_ERROR, BW_ERROR_PROBE_PERMISSION,
                     "found an ST-Link but may not open it (%s): the udev rule for ST-Link probes is missing",
                     libusb_error_name (open_error));
      else if (open_error != LIBUSB_SUCCESS)
        bw_usb_set_error (error, open_error, "opening the ST-Link");
      else if (n_stlinks > 0 && m->serial != NULL)
        g_set_error (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND, "no ST-Link with serial %s (found %u other%s)",
                     m->serial, n_stlinks, n_stlinks == 1 ? "" : "s");
      else
        g_set_error_literal (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND,
                             "no ST-Link found on USB: check the cable (a charge-only cable carries no data), "
                             "plug the probe in directly, and on Windows install the ST-Link driver");
      return NULL;
    }
  if (!claim (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

BwUsbTransport *
bw_usb_transport_new (guint16       vid,
                      guint16       pid,
                      const gchar  *serial,
                      GError      **error)
{
  Match m = { vid != 0 ? vid : BW_STLINK_VID, pid, serial, FALSE, 0, 0 };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return open_matching (&m, error);
}

BwUsbTransport *
bw_usb_transport_new_for_info (const BwProbeInfo  *info,
                               GError            **error)
{
  Match m = { 0 };

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  m.vid = bw_probe_info_get_vid (info);
  m.pid = bw_probe_info_get_pid (info);
  m.serial = bw_probe_info_get_serial (info);
  if (bw_probe_info_get_bus (info) != 0 || bw_probe_info_get_address (info) != 0)
    {
      m.by_location = TRUE;
      m.bus = bw_probe_info_get_bus (info);
      m.address = bw_probe_info_get_address (info);
    }
  return open_matching (&m, error);
}

const BwProbeInfo *
bw_usb_transport_get_info (BwUsbTransport *self)
{
  g_return_val_if_fail (BW_IS_USB_TRANSPORT (self), NULL);
  return self->info;
}

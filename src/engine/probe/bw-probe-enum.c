/* bw-probe-enum.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-probe-enum.h"
#include "bw-stlink.h"
#include "bw-usb-private.h"
#include "bw-usb-transport.h"

static void
query_firmware (BwProbeInfo *info)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwUsbTransport) transport = NULL;
  g_autoptr (BwStlink) stlink = NULL;

  transport = bw_usb_transport_new_for_info (info, &error);
  if (transport == NULL)
    {
      g_debug ("%s: %s", bw_probe_info_get_serial (info), error->message);
      return;
    }
  stlink = bw_stlink_new (BW_TRANSPORT (transport));
  if (!bw_stlink_query_version (stlink, &error))
    {
      g_debug ("%s: %s", bw_probe_info_get_serial (info), error->message);
      return;
    }
  bw_probe_info_set_firmware (info, bw_stlink_get_firmware (stlink));
}

GPtrArray *
bw_probe_enumerate (BwProbeEnumerateFlags   flags,
                    GError                **error)
{
  g_autoptr (GPtrArray) probes = g_ptr_array_new_with_free_func ((GDestroyNotify) bw_probe_info_free);
  libusb_context *ctx = NULL;
  libusb_device **list = NULL;
  ssize_t n;
  int r;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r = libusb_init (&ctx);
  if (r != LIBUSB_SUCCESS)
    {
      bw_usb_set_error (error, r, "starting libusb");
      return NULL;
    }
  n = libusb_get_device_list (ctx, &list);
  if (n < 0)
    {
      bw_usb_set_error (error, (int) n, "listing USB devices");
      libusb_exit (ctx);
      return NULL;
    }
  for (ssize_t i = 0; i < n; i++)
    {
      BwProbeInfo *info = bw_usb_probe_info_new (list[i]);

      if (info != NULL)
        g_ptr_array_add (probes, info);
    }
  libusb_free_device_list (list, 1);
  libusb_exit (ctx);

  if (probes->len == 0)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_PROBE_NOT_FOUND,
                           "no ST-Link found on USB: check the cable (a charge-only cable carries no data), "
                           "plug the probe in directly, and on Windows install the ST-Link driver");
      return NULL;
    }
  if (flags & BW_PROBE_ENUMERATE_FIRMWARE)
    {
      for (guint i = 0; i < probes->len; i++)
        {
          BwProbeInfo *info = g_ptr_array_index (probes, i);

          if (bw_probe_info_get_accessible (info))
            query_firmware (info);
        }
    }
  return g_steal_pointer (&probes);
}

/* bw-sim-libusb.c: a stand-in libusb-1.0 backed by the simulator
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports the libusb-1.0 API (same SONAME, unversioned symbols, as Debian's
 * libusb-1.0.so.0) so that unmodified tools talk to a simulated ST-Link
 * with an STM32F405 behind it, or to several (BOOTWIRE_SIM_PROBES), each a
 * device of its own on the bus. The simulated world is created on the first
 * libusb_init() from BOOTWIRE_SIM_SCENARIO / BOOTWIRE_SIM_STATE (or
 * BOOTWIRE_SIM_PROBES) and lives until the process exits; a device's state
 * is written back at every libusb_close() of it, every device's at
 * libusb_exit(). Only the structure layouts come from <libusb.h>; the
 * real library is never linked.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libusb.h>

#include "bw-sim-libusb-world.h"

#define SIM_BUS 1
#define SIM_ADDRESS 7
#define SIM_PORT 2
#define EXPORT __attribute__ ((visibility ("default")))

struct libusb_context
{
  int dummy;
};

struct libusb_device
{
  gint  refcount;
  guint index; /* into the world's devices */
};

struct libusb_device_handle
{
  libusb_device *dev;
  guint          claimed; /* bit mask of claimed interfaces */
  gint           configuration;
};

typedef struct
{
  struct libusb_transfer *transfer;
  gboolean                cancelled;
} Pending;

static struct libusb_context default_context;
static struct libusb_device  sim_devices[BW_SIM_MAX_DEVICES];
static GQueue                pending_transfers = G_QUEUE_INIT;
static gint                  n_contexts;

static const struct libusb_version sim_version = { 1, 0, 26, 11724, "", "bootwire-sim" };

/* ------------------------------------------------------------------ */

static int
map_result (BwSimUsbResult r)
{
  switch (r)
    {
    case BW_SIM_USB_OK:
      return LIBUSB_SUCCESS;
    case BW_SIM_USB_NO_DEVICE:
      return LIBUSB_ERROR_NO_DEVICE;
    case BW_SIM_USB_TIMEOUT:
      return LIBUSB_ERROR_TIMEOUT;
    case BW_SIM_USB_NOT_FOUND:
      return LIBUSB_ERROR_NOT_FOUND;
    case BW_SIM_USB_STALL:
      return LIBUSB_ERROR_PIPE;
    case BW_SIM_USB_BUSY:
      return LIBUSB_ERROR_BUSY;
    default:
      return LIBUSB_ERROR_OTHER;
    }
}

static BwSimDevice *
sim_device (libusb_device *dev)
{
  BwSimWorld *w = bw_sim_world_get ();
  return w != NULL && dev != NULL && dev->index < w->n_devices ? &w->devices[dev->index] : NULL;
}

static BwSimStlink *
probe (libusb_device *dev)
{
  BwSimDevice *d = sim_device (dev);
  return d != NULL ? d->probe : NULL;
}

static gboolean
device_present (libusb_device *dev)
{
  BwSimStlink *p = probe (dev);
  return p != NULL && bw_sim_stlink_is_present (p);
}

static BwSimStlink *
handle_probe (libusb_device_handle *dev_handle)
{
  return dev_handle != NULL ? probe (dev_handle->dev) : NULL;
}

/* Under the lock: the calling thread now works with this device (its
 * time line). */
static void
enter (libusb_device_handle *dev_handle)
{
  if (dev_handle != NULL)
    bw_sim_world_enter_device (sim_device (dev_handle->dev));
}

static gboolean
handle_present (libusb_device_handle *dev_handle)
{
  return dev_handle != NULL && device_present (dev_handle->dev);
}

/* ------------------------------------------------------------------ */
/* Library handling                                                    */

EXPORT int
libusb_init (libusb_context **ctx)
{
  bw_sim_world_lock ();
  if (bw_sim_world_ensure () == NULL)
    {
      bw_sim_world_unlock ();
      return LIBUSB_ERROR_OTHER;
    }
  n_contexts++;
  bw_sim_world_unlock ();
  if (ctx != NULL)
    *ctx = g_new0 (struct libusb_context, 1);
  return LIBUSB_SUCCESS;
}

EXPORT void
libusb_exit (libusb_context *ctx)
{
  bw_sim_world_lock ();
  if (n_contexts > 0)
    n_contexts--;
  bw_sim_world_save ();
  bw_sim_world_unlock ();
  if (ctx != NULL && ctx != &default_context)
    g_free (ctx);
}

EXPORT void
libusb_set_debug (libusb_context *ctx, int level)
{
}

EXPORT void
libusb_set_log_cb (libusb_context *ctx, libusb_log_cb cb, int mode)
{
}

EXPORT int
libusb_set_option (libusb_context *ctx, enum libusb_option option, ...)
{
  switch (option)
    {
    case LIBUSB_OPTION_LOG_LEVEL:
    case LIBUSB_OPTION_USE_USBDK:
    case LIBUSB_OPTION_NO_DEVICE_DISCOVERY:
      return LIBUSB_SUCCESS;
    default:
      return LIBUSB_ERROR_NOT_SUPPORTED;
    }
}

EXPORT const struct libusb_version *
libusb_get_version (void)
{
  return &sim_version;
}

EXPORT int
libusb_has_capability (uint32_t capability)
{
  return capability == LIBUSB_CAP_HAS_CAPABILITY;
}

EXPORT const char *
libusb_error_name (int errcode)
{
  switch (errcode)
    {
    case LIBUSB_SUCCESS:
      return "LIBUSB_SUCCESS / LIBUSB_TRANSFER_COMPLETED";
    case LIBUSB_ERROR_IO:
      return "LIBUSB_ERROR_IO";
    case LIBUSB_ERROR_INVALID_PARAM:
      return "LIBUSB_ERROR_INVALID_PARAM";
    case LIBUSB_ERROR_ACCESS:
      return "LIBUSB_ERROR_ACCESS";
    case LIBUSB_ERROR_NO_DEVICE:
      return "LIBUSB_ERROR_NO_DEVICE";
    case LIBUSB_ERROR_NOT_FOUND:
      return "LIBUSB_ERROR_NOT_FOUND";
    case LIBUSB_ERROR_BUSY:
      return "LIBUSB_ERROR_BUSY";
    case LIBUSB_ERROR_TIMEOUT:
      return "LIBUSB_ERROR_TIMEOUT";
    case LIBUSB_ERROR_OVERFLOW:
      return "LIBUSB_ERROR_OVERFLOW";
    case LIBUSB_ERROR_PIPE:
      return "LIBUSB_ERROR_PIPE";
    case LIBUSB_ERROR_INTERRUPTED:
      return "LIBUSB_ERROR_INTERRUPTED";
    case LIBUSB_ERROR_NO_MEM:
      return "LIBUSB_ERROR_NO_MEM";
    case LIBUSB_ERROR_NOT_SUPPORTED:
      return "LIBUSB_ERROR_NOT_SUPPORTED";
    case LIBUSB_ERROR_OTHER:
      return "LIBUSB_ERROR_OTHER";
    case LIBUSB_TRANSFER_ERROR:
      return "LIBUSB_TRANSFER_ERROR";
    case LIBUSB_TRANSFER_TIMED_OUT:
      return "LIBUSB_TRANSFER_TIMED_OUT";
    case LIBUSB_TRANSFER_CANCELLED:
      return "LIBUSB_TRANSFER_CANCELLED";
    case LIBUSB_TRANSFER_STALL:
      return "LIBUSB_TRANSFER_STALL";
    case LIBUSB_TRANSFER_NO_DEVICE:
      return "LIBUSB_TRANSFER_NO_DEVICE";
    case LIBUSB_TRANSFER_OVERFLOW:
      return "LIBUSB_TRANSFER_OVERFLOW";
    default:
      return "**UNKNOWN**";
    }
}

EXPORT const char *
libusb_strerror (int errcode)
{
  switch (errcode)
    {
    case LIBUSB_SUCCESS:
      return "Success";
    case LIBUSB_ERROR_IO:
      return "Input/Output Error";
    case LIBUSB_ERROR_INVALID_PARAM:
      return "Invalid parameter";
    case LIBUSB_ERROR_ACCESS:
      return "Access denied (insufficient permissions)";
    case LIBUSB_ERROR_NO_DEVICE:
      return "No such device (it may have been disconnected)";
    case LIBUSB_ERROR_NOT_FOUND:
      return "Entity not found";
    case LIBUSB_ERROR_BUSY:
      return "Resource busy";
    case LIBUSB_ERROR_TIMEOUT:
      return "Operation timed out";
    case LIBUSB_ERROR_OVERFLOW:
      return "Overflow";
    case LIBUSB_ERROR_PIPE:
      return "Pipe error";
    case LIBUSB_ERROR_INTERRUPTED:
      return "System call interrupted (perhaps due to signal)";
    case LIBUSB_ERROR_NO_MEM:
      return "Insufficient memory";
    case LIBUSB_ERROR_NOT_SUPPORTED:
      return "Operation not supported or unimplemented on this platform";
    default:
      return "Other error";
    }
}

EXPORT int
libusb_setlocale (const char *locale)
{
  if (locale == NULL || strlen (locale) < 2)
    return LIBUSB_ERROR_INVALID_PARAM;
  return g_ascii_strncasecmp (locale, "en", 2) == 0 ? LIBUSB_SUCCESS : LIBUSB_ERROR_NOT_FOUND;
}

/* ------------------------------------------------------------------ */
/* Devices                                                             */

EXPORT ssize_t
libusb_get_device_list (libusb_context *ctx, libusb_device ***list)
{
  libusb_device **l;
  BwSimWorld     *w;
  guint           n = 0;

  if (list == NULL)
    return LIBUSB_ERROR_INVALID_PARAM;
  l = g_new0 (libusb_device *, BW_SIM_MAX_DEVICES + 1);
  bw_sim_world_lock ();
  w = bw_sim_world_ensure ();
  for (guint i = 0; w != NULL && i < w->n_devices; i++)
    {
      libusb_device *dev = &sim_devices[i];

      if (g_atomic_int_get (&dev->refcount) == 0)
        {
          dev->index = i;
          g_atomic_int_set (&dev->refcount, 1);
        }
      if (device_present (dev))
        l[n++] = libusb_ref_device (dev);
    }
  bw_sim_world_unlock ();
  *list = l;
  return n;
}

EXPORT void
libusb_free_device_list (libusb_device **list, int unref_devices)
{
  if (list == NULL)
    return;
  if (unref_devices)
    {
      for (guint i = 0; list[i] != NULL; i++)
        libusb_unref_device (list[i]);
    }
  g_free (list);
}

EXPORT libusb_device *
libusb_ref_device (libusb_device *dev)
{
  g_atomic_int_inc (&dev->refcount);
  return dev;
}

EXPORT void
libusb_unref_device (libusb_device *dev)
{
  /* The simulated devices are static; the count only mirrors libusb. */
  if (dev != NULL && g_atomic_int_get (&dev->refcount) > 1)
    g_atomic_int_dec_and_test (&dev->refcount);
}

EXPORT int
libusb_get_device_descriptor (libusb_device *dev, struct libusb_device_descriptor *desc)
{
  g_autoptr (GBytes) bytes = NULL;
  const guint8 *d;

  bw_sim_world_lock ();
  if (probe (dev) != NULL)
    bytes = bw_sim_stlink_get_descriptor (probe (dev), LIBUSB_DT_DEVICE, 0, 0);
  bw_sim_world_unlock ();
  if (bytes == NULL)
    return LIBUSB_ERROR_NO_DEVICE;
  d = g_bytes_get_data (bytes, NULL);
  desc->bLength = d[0];
  desc->bDescriptorType = d[1];
  desc->bcdUSB = (uint16_t) (d[2] | (d[3] << 8));
  desc->bDeviceClass = d[4];
  desc->bDeviceSubClass = d[5];
  desc->bDeviceProtocol = d[6];
  desc->bMaxPacketSize0 = d[7];
  desc->idVendor = (uint16_t) (d[8] | (d[9] << 8));
  desc->idProduct = (uint16_t) (d[10] | (d[11] << 8));
  desc->bcdDevice = (uint16_t) (d[12] | (d[13] << 8));
  desc->iManufacturer = d[14];
  desc->iProduct = d[15];
  desc->iSerialNumber = d[16];
  desc->bNumConfigurations = d[17];
  return LIBUSB_SUCCESS;
}

static void
append_extra (const unsigned char **extra, int *extra_length, const guint8 *d, guint len)
{
  unsigned char *buf = g_realloc ((gpointer) *extra, (gsize) *extra_length + len);
  memcpy (buf + *extra_length, d, len);
  *extra = buf;
  *extra_length += (int) len;
}

/* Parses a raw configuration descriptor into libusb's structures. */
static struct libusb_config_descriptor *
parse_config (const guint8 *raw, gsize size)
{
  struct libusb_config_descriptor    *config = g_new0 (struct libusb_config_descriptor, 1);
  struct libusb_interface            *ifaces;
  struct libusb_interface_descriptor *cur_if = NULL;
  gsize                               pos;

  config->bLength = raw[0];
  config->bDescriptorType = raw[1];
  config->wTotalLength = (uint16_t) (raw[2] | (raw[3] << 8));
  config->bNumInterfaces = raw[4];
  config->bConfigurationValue = raw[5];
  config->iConfiguration = raw[6];
  config->bmAttributes = raw[7];
  config->MaxPower = raw[8];
  ifaces = g_new0 (struct libusb_interface, MAX (config->bNumInterfaces, 1));
  config->interface = ifaces;

  for (pos = raw[0]; pos + 2 <= size && raw[pos] >= 2 && pos + raw[pos] <= size; pos += raw[pos])
    {
      const guint8 *d = raw + pos;

      if (d[1] == LIBUSB_DT_INTERFACE && d[0] >= 9 && d[2] < config->bNumInterfaces)
        {
          struct libusb_interface            *iface = &ifaces[d[2]];
          struct libusb_interface_descriptor *alts;

          alts =
              g_renew (struct libusb_interface_descriptor,
                       (struct libusb_interface_descriptor *) iface->altsetting, iface->num_altsetting + 1);
          cur_if = &alts[iface->num_altsetting];
          memset (cur_if, 0, sizeof *cur_if);
          cur_if->bLength = d[0];
          cur_if->bDescriptorType = d[1];
          cur_if->bInterfaceNumber = d[2];
          cur_if->bAlternateSetting = d[3];
          cur_if->bNumEndpoints = 0;
          cur_if->bInterfaceClass = d[5];
          cur_if->bInterfaceSubClass = d[6];
          cur_if->bInterfaceProtocol = d[7];
          cur_if->iInterface = d[8];
          cur_if->endpoint = g_new0 (struct libusb_endpoint_descriptor, MAX (d[4], 1));
          iface->altsetting = alts;
          iface->num_altsetting++;
        }
      else if (d[1] == LIBUSB_DT_ENDPOINT && d[0] >= 7 && cur_if != NULL)
        {
          struct libusb_endpoint_descriptor *ep =
              (struct libusb_endpoint_descriptor *) &cur_if->endpoint[cur_if->bNumEndpoints++];
          ep->bLength = d[0];
          ep->bDescriptorType = d[1];
          ep->bEndpointAddress = d[2];
          ep->bmAttributes = d[3];
          ep->wMaxPacketSize = (uint16_t) (d[4] | (d[5] << 8));
          ep->bInterval = d[6];
        }
      else if (cur_if != NULL)
        {
          append_extra (&cur_if->extra, &cur_if->extra_length, d, d[0]);
        }
      else
        {
          append_extra (&config->extra, &config->extra_length, d, d[0]);
        }
    }
  return config;
}

static int
get_config (libusb_device *dev, uint8_t index, struct libusb_config_descriptor **config)
{
  g_autoptr (GBytes) bytes = NULL;
  gsize         size = 0;
  const guint8 *raw;

  if (config == NULL)
    return LIBUSB_ERROR_INVALID_PARAM;
  bw_sim_world_lock ();
  if (probe (dev) != NULL)
    bytes = bw_sim_stlink_get_descriptor (probe (dev), LIBUSB_DT_CONFIG, index, 0);
  bw_sim_world_unlock ();
  if (bytes == NULL)
    return LIBUSB_ERROR_NOT_FOUND;
  raw = g_bytes_get_data (bytes, &size);
  *config = parse_config (raw, size);
  return LIBUSB_SUCCESS;
}

EXPORT int
libusb_get_active_config_descriptor (libusb_device *dev, struct libusb_config_descriptor **config)
{
  return get_config (dev, 0, config);
}

EXPORT int
libusb_get_config_descriptor (libusb_device                    *dev,
                              uint8_t                           config_index,
                              struct libusb_config_descriptor **config)
{
  return get_config (dev, config_index, config);
}

EXPORT int
libusb_get_config_descriptor_by_value (libusb_device                    *dev,
                                       uint8_t                           bConfigurationValue,
                                       struct libusb_config_descriptor **config)
{
  if (bConfigurationValue != 1)
    return LIBUSB_ERROR_NOT_FOUND;
  return get_config (dev, 0, config);
}

EXPORT void
libusb_free_config_descriptor (struct libusb_config_descriptor *config)
{
  if (config == NULL)
    return;
  for (guint i = 0; i < config->bNumInterfaces; i++)
    {
      const struct libusb_interface *iface = &config->interface[i];
      for (int a = 0; a < iface->num_altsetting; a++)
        {
          g_free ((gpointer) iface->altsetting[a].endpoint);
          g_free ((gpointer) iface->altsetting[a].extra);
        }
      g_free ((gpointer) iface->altsetting);
    }
  g_free ((gpointer) config->interface);
  g_free ((gpointer) config->extra);
  g_free (config);
}

EXPORT int
libusb_get_ss_endpoint_companion_descriptor (libusb_context                                  *ctx,
                                             const struct libusb_endpoint_descriptor         *endpoint,
                                             struct libusb_ss_endpoint_companion_descriptor **ep_comp)
{
  return LIBUSB_ERROR_NOT_FOUND;
}

EXPORT void
libusb_free_ss_endpoint_companion_descriptor (struct libusb_ss_endpoint_companion_descriptor *ep_comp)
{
}

EXPORT int
libusb_get_bos_descriptor (libusb_device_handle *dev_handle, struct libusb_bos_descriptor **bos)
{
  /* USB 2.00 devices have no BOS; real libusb sees a stall. */
  return LIBUSB_ERROR_PIPE;
}

EXPORT void
libusb_free_bos_descriptor (struct libusb_bos_descriptor *bos)
{
}

EXPORT int
libusb_get_usb_2_0_extension_descriptor (libusb_context                              *ctx,
                                         struct libusb_bos_dev_capability_descriptor *dev_cap,
                                         struct libusb_usb_2_0_extension_descriptor **usb_2_0_extension)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT void
libusb_free_usb_2_0_extension_descriptor (struct libusb_usb_2_0_extension_descriptor *usb_2_0_extension)
{
}

EXPORT int
libusb_get_ss_usb_device_capability_descriptor (
    libusb_context                                     *ctx,
    struct libusb_bos_dev_capability_descriptor        *dev_cap,
    struct libusb_ss_usb_device_capability_descriptor **ss_usb_device_cap)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT void
libusb_free_ss_usb_device_capability_descriptor (
    struct libusb_ss_usb_device_capability_descriptor *ss_usb_device_cap)
{
}

EXPORT int
libusb_get_container_id_descriptor (libusb_context                              *ctx,
                                    struct libusb_bos_dev_capability_descriptor *dev_cap,
                                    struct libusb_container_id_descriptor      **container_id)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT void
libusb_free_container_id_descriptor (struct libusb_container_id_descriptor *container_id)
{
}

EXPORT uint8_t
libusb_get_bus_number (libusb_device *dev)
{
  return SIM_BUS;
}

EXPORT uint8_t
libusb_get_port_number (libusb_device *dev)
{
  return (uint8_t) (SIM_PORT + dev->index);
}

EXPORT int
libusb_get_port_numbers (libusb_device *dev, uint8_t *port_numbers, int port_numbers_len)
{
  if (port_numbers_len <= 0)
    return LIBUSB_ERROR_INVALID_PARAM;
  port_numbers[0] = (uint8_t) (SIM_PORT + dev->index);
  return 1;
}

EXPORT int
libusb_get_port_path (libusb_context *ctx, libusb_device *dev, uint8_t *path, uint8_t path_length)
{
  return libusb_get_port_numbers (dev, path, path_length);
}

EXPORT libusb_device *
libusb_get_parent (libusb_device *dev)
{
  return NULL;
}

EXPORT uint8_t
libusb_get_device_address (libusb_device *dev)
{
  return (uint8_t) (SIM_ADDRESS + dev->index);
}

EXPORT int
libusb_get_device_speed (libusb_device *dev)
{
  BwSimStlink *p;
  int          speed = LIBUSB_SPEED_UNKNOWN;

  bw_sim_world_lock ();
  p = probe (dev);
  if (p != NULL)
    speed = bw_sim_stlink_get_usb_speed (p) == BW_SIM_USB_HIGH_SPEED ? LIBUSB_SPEED_HIGH : LIBUSB_SPEED_FULL;
  bw_sim_world_unlock ();
  return speed;
}

static int
find_endpoint_packet (libusb_device *dev, unsigned char endpoint)
{
  struct libusb_config_descriptor *config = NULL;
  int                              result = LIBUSB_ERROR_NOT_FOUND;

  if (get_config (dev, 0, &config) != LIBUSB_SUCCESS)
    return LIBUSB_ERROR_NOT_FOUND;
  for (guint i = 0; i < config->bNumInterfaces; i++)
    {
      const struct libusb_interface *iface = &config->interface[i];
      for (int a = 0; a < iface->num_altsetting; a++)
        {
          const struct libusb_interface_descriptor *alt = &iface->altsetting[a];
          for (guint e = 0; e < alt->bNumEndpoints; e++)
            {
              if (alt->endpoint[e].bEndpointAddress == endpoint)
                result = alt->endpoint[e].wMaxPacketSize;
            }
        }
    }
  libusb_free_config_descriptor (config);
  return result;
}

EXPORT int
libusb_get_max_packet_size (libusb_device *dev, unsigned char endpoint)
{
  return find_endpoint_packet (dev, endpoint);
}

EXPORT int
libusb_get_max_iso_packet_size (libusb_device *dev, unsigned char endpoint)
{
  return find_endpoint_packet (dev, endpoint);
}

EXPORT int
libusb_wrap_sys_device (libusb_context *ctx, intptr_t sys_dev, libusb_device_handle **dev_handle)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT int
libusb_open (libusb_device *dev, libusb_device_handle **dev_handle)
{
  libusb_device_handle *h;
  gboolean              present;
  gboolean              denied;

  if (dev == NULL || dev_handle == NULL)
    return LIBUSB_ERROR_INVALID_PARAM;
  bw_sim_world_lock ();
  present = device_present (dev);
  denied = present && bw_sim_scenario_get_probe_permission_denied (sim_device (dev)->scenario);
  bw_sim_world_unlock ();
  if (!present)
    return LIBUSB_ERROR_NO_DEVICE;
  /* like usbfs when the device node is root's */
  if (denied)
    return LIBUSB_ERROR_ACCESS;
  h = g_new0 (libusb_device_handle, 1);
  h->dev = libusb_ref_device (dev);
  h->configuration = 1;
  *dev_handle = h;
  return LIBUSB_SUCCESS;
}

EXPORT void
libusb_close (libusb_device_handle *dev_handle)
{
  if (dev_handle == NULL)
    return;
  bw_sim_world_lock ();
  if (sim_device (dev_handle->dev) != NULL)
    bw_sim_world_save_device (sim_device (dev_handle->dev));
  bw_sim_world_unlock ();
  libusb_unref_device (dev_handle->dev);
  g_free (dev_handle);
}

EXPORT libusb_device *
libusb_get_device (libusb_device_handle *dev_handle)
{
  return dev_handle->dev;
}

EXPORT libusb_device_handle *
libusb_open_device_with_vid_pid (libusb_context *ctx, uint16_t vendor_id, uint16_t product_id)
{
  libusb_device        **list = NULL;
  libusb_device_handle  *h = NULL;
  ssize_t                n = libusb_get_device_list (ctx, &list);

  for (ssize_t i = 0; i < n && h == NULL; i++)
    {
      struct libusb_device_descriptor desc;

      if (libusb_get_device_descriptor (list[i], &desc) != LIBUSB_SUCCESS)
        continue;
      if (desc.idVendor == vendor_id && desc.idProduct == product_id && libusb_open (list[i], &h) != LIBUSB_SUCCESS)
        h = NULL;
    }
  libusb_free_device_list (list, 1);
  return h;
}

EXPORT int
libusb_get_configuration (libusb_device_handle *dev_handle, int *config)
{
  if (!handle_present (dev_handle))
    return LIBUSB_ERROR_NO_DEVICE;
  *config = dev_handle->configuration;
  return LIBUSB_SUCCESS;
}

EXPORT int
libusb_set_configuration (libusb_device_handle *dev_handle, int configuration)
{
  if (!handle_present (dev_handle))
    return LIBUSB_ERROR_NO_DEVICE;
  if (configuration != 1 && configuration != -1 && configuration != 0)
    return LIBUSB_ERROR_NOT_FOUND;
  if (dev_handle->claimed != 0 && configuration != dev_handle->configuration)
    return LIBUSB_ERROR_BUSY;
  dev_handle->configuration = configuration == -1 ? 0 : configuration;
  return LIBUSB_SUCCESS;
}

EXPORT int
libusb_claim_interface (libusb_device_handle *dev_handle, int interface_number)
{
  int r;

  if (interface_number < 0 || interface_number >= 32)
    return LIBUSB_ERROR_INVALID_PARAM;
  bw_sim_world_lock ();
  enter (dev_handle);
  r = handle_probe (dev_handle) != NULL
          ? map_result (bw_sim_stlink_claim_interface (handle_probe (dev_handle), (guint) interface_number))
          : LIBUSB_ERROR_NO_DEVICE;
  bw_sim_world_unlock ();
  if (r == LIBUSB_SUCCESS)
    dev_handle->claimed |= 1u << interface_number;
  return r;
}

EXPORT int
libusb_release_interface (libusb_device_handle *dev_handle, int interface_number)
{
  if (interface_number < 0 || interface_number >= 32)
    return LIBUSB_ERROR_INVALID_PARAM;
  if (!(dev_handle->claimed & (1u << interface_number)))
    return LIBUSB_ERROR_NOT_FOUND;
  dev_handle->claimed &= ~(1u << interface_number);
  return handle_present (dev_handle) ? LIBUSB_SUCCESS : LIBUSB_ERROR_NO_DEVICE;
}

EXPORT int
libusb_set_interface_alt_setting (libusb_device_handle *dev_handle,
                                  int                   interface_number,
                                  int                   alternate_setting)
{
  if (interface_number < 0 || interface_number >= 32)
    return LIBUSB_ERROR_INVALID_PARAM;
  if (!(dev_handle->claimed & (1u << interface_number)))
    return LIBUSB_ERROR_NOT_FOUND;
  if (!handle_present (dev_handle))
    return LIBUSB_ERROR_NO_DEVICE;
  return alternate_setting == 0 ? LIBUSB_SUCCESS : LIBUSB_ERROR_NOT_FOUND;
}

EXPORT int
libusb_clear_halt (libusb_device_handle *dev_handle, unsigned char endpoint)
{
  return handle_present (dev_handle) ? LIBUSB_SUCCESS : LIBUSB_ERROR_NO_DEVICE;
}

EXPORT int
libusb_reset_device (libusb_device_handle *dev_handle)
{
  int r = LIBUSB_ERROR_NO_DEVICE;

  bw_sim_world_lock ();
  enter (dev_handle);
  if (handle_present (dev_handle))
    {
      bw_sim_stlink_usb_reset (handle_probe (dev_handle));
      r = LIBUSB_SUCCESS;
    }
  bw_sim_world_unlock ();
  return r;
}

EXPORT int
libusb_alloc_streams (libusb_device_handle *dev_handle,
                      uint32_t              num_streams,
                      unsigned char        *endpoints,
                      int                   num_endpoints)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT int
libusb_free_streams (libusb_device_handle *dev_handle, unsigned char *endpoints, int num_endpoints)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT unsigned char *
libusb_dev_mem_alloc (libusb_device_handle *dev_handle, size_t length)
{
  return NULL;
}

EXPORT int
libusb_dev_mem_free (libusb_device_handle *dev_handle, unsigned char *buffer, size_t length)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

/* No kernel driver is ever bound to the simulated interfaces. */
EXPORT int
libusb_kernel_driver_active (libusb_device_handle *dev_handle, int interface_number)
{
  return handle_present (dev_handle) ? 0 : LIBUSB_ERROR_NO_DEVICE;
}

EXPORT int
libusb_detach_kernel_driver (libusb_device_handle *dev_handle, int interface_number)
{
  return handle_present (dev_handle) ? LIBUSB_ERROR_NOT_FOUND : LIBUSB_ERROR_NO_DEVICE;
}

EXPORT int
libusb_attach_kernel_driver (libusb_device_handle *dev_handle, int interface_number)
{
  return handle_present (dev_handle) ? LIBUSB_ERROR_NOT_FOUND : LIBUSB_ERROR_NO_DEVICE;
}

EXPORT int
libusb_set_auto_detach_kernel_driver (libusb_device_handle *dev_handle, int enable)
{
  return LIBUSB_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Transfers                                                           */

/* Standard device requests on endpoint 0. Returns bytes or an error. */
static int
do_control (BwSimStlink   *p,
            uint8_t        request_type,
            uint8_t        request,
            uint16_t       value,
            uint16_t       index,
            unsigned char *data,
            uint16_t       length)
{
  g_autoptr (GBytes) bytes = NULL;
  gsize         size = 0;
  const guint8 *d;

  if (p == NULL || !bw_sim_stlink_is_present (p))
    return LIBUSB_ERROR_NO_DEVICE;
  if (bw_sim_stlink_control (p, length) != BW_SIM_USB_OK)
    return LIBUSB_ERROR_NO_DEVICE;

  if (request_type == 0x80 && request == LIBUSB_REQUEST_GET_DESCRIPTOR)
    {
      bytes = bw_sim_stlink_get_descriptor (p, (guint8) (value >> 8), (guint8) value, index);
      if (bytes == NULL)
        return LIBUSB_ERROR_PIPE;
      d = g_bytes_get_data (bytes, &size);
      size = MIN (size, length);
      memcpy (data, d, size);
      return (int) size;
    }
  if (request_type == 0x80 && request == LIBUSB_REQUEST_GET_CONFIGURATION && length >= 1)
    {
      data[0] = 1;
      return 1;
    }
  if (request_type == 0x80 && request == LIBUSB_REQUEST_GET_STATUS && length >= 2)
    {
      data[0] = 0;
      data[1] = 0;
      return 2;
    }
  if (request_type == 0x00 && request == LIBUSB_REQUEST_SET_CONFIGURATION)
    return value <= 1 ? 0 : LIBUSB_ERROR_PIPE;
  return LIBUSB_ERROR_PIPE;
}

EXPORT int
libusb_control_transfer (libusb_device_handle *dev_handle,
                         uint8_t               request_type,
                         uint8_t               bRequest,
                         uint16_t              wValue,
                         uint16_t              wIndex,
                         unsigned char        *data,
                         uint16_t              wLength,
                         unsigned int          timeout)
{
  int r;

  bw_sim_world_lock ();
  enter (dev_handle);
  r = do_control (handle_probe (dev_handle), request_type, bRequest, wValue, wIndex, data, wLength);
  bw_sim_world_unlock ();
  return r;
}

EXPORT int
libusb_get_string_descriptor_ascii (libusb_device_handle *dev_handle,
                                    uint8_t               desc_index,
                                    unsigned char        *data,
                                    int                   length)
{
  unsigned char tbuf[255];
  int           r, di, si;
  uint16_t      langid;

  if (desc_index == 0)
    return LIBUSB_ERROR_INVALID_PARAM;
  r = libusb_control_transfer (dev_handle, 0x80, LIBUSB_REQUEST_GET_DESCRIPTOR, LIBUSB_DT_STRING << 8, 0,
                               tbuf, sizeof tbuf, 1000);
  if (r < 0)
    return r;
  if (r < 4)
    return LIBUSB_ERROR_IO;
  langid = (uint16_t) (tbuf[2] | (tbuf[3] << 8));
  r = libusb_control_transfer (dev_handle, 0x80, LIBUSB_REQUEST_GET_DESCRIPTOR,
                               (uint16_t) ((LIBUSB_DT_STRING << 8) | desc_index), langid, tbuf, sizeof tbuf,
                               1000);
  if (r < 0)
    return r;
  if (tbuf[1] != LIBUSB_DT_STRING || tbuf[0] > r)
    return LIBUSB_ERROR_IO;
  for (di = 0, si = 2; si + 1 < tbuf[0] && di < length - 1; si += 2)
    {
      if (tbuf[si] & 0x80 || tbuf[si + 1] != 0)
        data[di++] = '?';
      else
        data[di++] = tbuf[si];
    }
  if (length > 0)
    data[di] = 0;
  return di;
}

/* Host wait for an IN transfer the device never answers. */
static void
charge_timeout (unsigned int timeout_ms)
{
  bw_sim_world_thread_advance_ns ((guint64) (timeout_ms != 0 ? timeout_ms : 60000) * 1000000);
}

static int
do_bulk_inner (BwSimStlink   *p,
               unsigned char  endpoint,
               unsigned char *data,
               int            length,
               int           *transferred,
               unsigned int   timeout)
{
  BwSimUsbResult r;
  gsize          actual = 0;

  *transferred = 0;
  if (p == NULL)
    return LIBUSB_ERROR_NO_DEVICE;
  if (length < 0)
    return LIBUSB_ERROR_INVALID_PARAM;
  if (endpoint & LIBUSB_ENDPOINT_IN)
    {
      r = bw_sim_stlink_bulk_in (p, endpoint, data, (gsize) length, &actual);
      if (r == BW_SIM_USB_TIMEOUT)
        charge_timeout (timeout);
      *transferred = (int) actual;
    }
  else
    {
      r = bw_sim_stlink_bulk_out (p, endpoint, data, (gsize) length);
      if (r == BW_SIM_USB_OK)
        *transferred = length;
    }
  return map_result (r);
}

/* BOOTWIRE_SIM_LIBUSB_TRACE=1: one stderr line per bulk transfer. */
static void
trace_bulk (libusb_device_handle *dev_handle,
            unsigned char         endpoint,
            const unsigned char  *data,
            int                   length,
            int                   actual,
            int                   result)
{
  static gint enabled = -1;
  BwSimWorld *w = bw_sim_world_get ();

  if (enabled < 0)
    enabled = g_getenv ("BOOTWIRE_SIM_LIBUSB_TRACE") != NULL;
  if (!enabled || w == NULL)
    return;
  fprintf (stderr, "[bw-sim %12" G_GUINT64_FORMAT " us] ", bw_sim_clock_now_us (sim_device (dev_handle->dev)->clock));
  if (w->n_devices > 1)
    fprintf (stderr, "dev %u ", dev_handle->dev->index);
  fprintf (stderr, "ep 0x%02x len %5d -> %5d %s", endpoint, length, actual,
           result == 0 ? "" : libusb_error_name (result));
  for (int i = 0; i < MIN (actual, 16); i++)
    fprintf (stderr, " %02x", data[i]);
  fputc ('\n', stderr);
}

static int
do_bulk (libusb_device_handle *dev_handle,
         unsigned char         endpoint,
         unsigned char        *data,
         int                   length,
         int                  *transferred,
         unsigned int          timeout)
{
  int result;

  enter (dev_handle);
  result = do_bulk_inner (handle_probe (dev_handle), endpoint, data, length, transferred, timeout);
  trace_bulk (dev_handle, endpoint, data, length, *transferred, result);
  return result;
}

EXPORT int
libusb_bulk_transfer (libusb_device_handle *dev_handle,
                      unsigned char         endpoint,
                      unsigned char        *data,
                      int                   length,
                      int                  *actual_length,
                      unsigned int          timeout)
{
  int r, dummy = 0;

  bw_sim_world_lock ();
  r = do_bulk (dev_handle, endpoint, data, length, actual_length != NULL ? actual_length : &dummy, timeout);
  bw_sim_world_unlock ();
  return r;
}

EXPORT int
libusb_interrupt_transfer (libusb_device_handle *dev_handle,
                           unsigned char         endpoint,
                           unsigned char        *data,
                           int                   length,
                           int                  *actual_length,
                           unsigned int          timeout)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT struct libusb_transfer *
libusb_alloc_transfer (int iso_packets)
{
  if (iso_packets < 0)
    return NULL;
  return g_malloc0 (sizeof (struct libusb_transfer) +
                    sizeof (struct libusb_iso_packet_descriptor) * (gsize) iso_packets);
}

EXPORT void
libusb_free_transfer (struct libusb_transfer *transfer)
{
  if (transfer == NULL)
    return;
  if ((transfer->flags & LIBUSB_TRANSFER_FREE_BUFFER) && transfer->buffer != NULL)
    free (transfer->buffer);
  g_free (transfer);
}

static Pending *
find_pending (struct libusb_transfer *transfer)
{
  for (GList *l = pending_transfers.head; l != NULL; l = l->next)
    {
      Pending *p = l->data;
      if (p->transfer == transfer)
        return p;
    }
  return NULL;
}

EXPORT int
libusb_submit_transfer (struct libusb_transfer *transfer)
{
  Pending *p;
  int      r = LIBUSB_SUCCESS;

  if (transfer == NULL || transfer->dev_handle == NULL)
    return LIBUSB_ERROR_INVALID_PARAM;
  if (transfer->type != LIBUSB_TRANSFER_TYPE_BULK && transfer->type != LIBUSB_TRANSFER_TYPE_CONTROL)
    return LIBUSB_ERROR_NOT_SUPPORTED;
  bw_sim_world_lock ();
  if (!handle_present (transfer->dev_handle))
    r = LIBUSB_ERROR_NO_DEVICE;
  else if (find_pending (transfer) != NULL)
    r = LIBUSB_ERROR_BUSY;
  if (r == LIBUSB_SUCCESS)
    {
      p = g_new0 (Pending, 1);
      p->transfer = transfer;
      g_queue_push_tail (&pending_transfers, p);
    }
  bw_sim_world_unlock ();
  return r;
}

EXPORT int
libusb_cancel_transfer (struct libusb_transfer *transfer)
{
  Pending *p;
  int      r = LIBUSB_ERROR_NOT_FOUND;

  bw_sim_world_lock ();
  p = find_pending (transfer);
  if (p != NULL && !p->cancelled)
    {
      p->cancelled = TRUE;
      r = LIBUSB_SUCCESS;
    }
  bw_sim_world_unlock ();
  return r;
}

EXPORT void
libusb_transfer_set_stream_id (struct libusb_transfer *transfer, uint32_t stream_id)
{
}

EXPORT uint32_t
libusb_transfer_get_stream_id (struct libusb_transfer *transfer)
{
  return 0;
}

/* Runs one pending transfer on the device and fills in its result. */
static void
run_transfer (Pending *p)
{
  struct libusb_transfer *t = p->transfer;
  int                     r, actual = 0;

  if (p->cancelled)
    {
      t->status = LIBUSB_TRANSFER_CANCELLED;
      t->actual_length = 0;
      return;
    }
  if (t->type == LIBUSB_TRANSFER_TYPE_CONTROL)
    {
      const guint8 *s = t->buffer;
      uint16_t      wLength = (uint16_t) (s[6] | (s[7] << 8));

      enter (t->dev_handle);
      r = do_control (handle_probe (t->dev_handle), s[0], s[1], (uint16_t) (s[2] | (s[3] << 8)), (uint16_t) (s[4] | (s[5] << 8)),
                      t->buffer + LIBUSB_CONTROL_SETUP_SIZE, wLength);
      actual = r > 0 ? r : 0;
    }
  else
    {
      r = do_bulk (t->dev_handle, t->endpoint, t->buffer, t->length, &actual, t->timeout);
    }
  t->actual_length = actual;
  switch (r)
    {
    case LIBUSB_SUCCESS:
      t->status = LIBUSB_TRANSFER_COMPLETED;
      if ((t->flags & LIBUSB_TRANSFER_SHORT_NOT_OK) && actual < t->length &&
          t->type == LIBUSB_TRANSFER_TYPE_BULK)
        t->status = LIBUSB_TRANSFER_ERROR;
      break;
    case LIBUSB_ERROR_TIMEOUT:
      t->status = LIBUSB_TRANSFER_TIMED_OUT;
      break;
    case LIBUSB_ERROR_NO_DEVICE:
      t->status = LIBUSB_TRANSFER_NO_DEVICE;
      break;
    case LIBUSB_ERROR_PIPE:
      t->status = LIBUSB_TRANSFER_STALL;
      break;
    case LIBUSB_ERROR_OVERFLOW:
      t->status = LIBUSB_TRANSFER_OVERFLOW;
      break;
    default:
      if (r >= 0)
        t->status = LIBUSB_TRANSFER_COMPLETED;
      else
        t->status = LIBUSB_TRANSFER_ERROR;
      break;
    }
}

/* Completes every transfer submitted so far, in submission order, calling
 * the callbacks outside the lock (they may submit new transfers). */
static int
handle_events (struct timeval *tv, int *completed)
{
  GQueue   done = G_QUEUE_INIT;
  Pending *p;

  if (completed != NULL && *completed)
    return LIBUSB_SUCCESS;
  bw_sim_world_lock ();
  if (g_queue_is_empty (&pending_transfers) && tv != NULL)
    bw_sim_world_thread_advance_ns (((guint64) tv->tv_sec * 1000000 + (guint64) tv->tv_usec) * 1000);
  while ((p = g_queue_pop_head (&pending_transfers)) != NULL)
    {
      run_transfer (p);
      g_queue_push_tail (&done, p);
    }
  bw_sim_world_sync ();
  bw_sim_world_unlock ();

  while ((p = g_queue_pop_head (&done)) != NULL)
    {
      struct libusb_transfer *t = p->transfer;
      gboolean                free_it = (t->flags & LIBUSB_TRANSFER_FREE_TRANSFER) != 0;

      g_free (p);
      if (t->callback != NULL)
        t->callback (t);
      if (free_it)
        libusb_free_transfer (t);
    }
  return LIBUSB_SUCCESS;
}

EXPORT int
libusb_handle_events_timeout_completed (libusb_context *ctx, struct timeval *tv, int *completed)
{
  return handle_events (tv, completed);
}

EXPORT int
libusb_handle_events_timeout (libusb_context *ctx, struct timeval *tv)
{
  return handle_events (tv, NULL);
}

EXPORT int
libusb_handle_events (libusb_context *ctx)
{
  return handle_events (NULL, NULL);
}

EXPORT int
libusb_handle_events_completed (libusb_context *ctx, int *completed)
{
  return handle_events (NULL, completed);
}

EXPORT int
libusb_handle_events_locked (libusb_context *ctx, struct timeval *tv)
{
  return handle_events (tv, NULL);
}

EXPORT int
libusb_try_lock_events (libusb_context *ctx)
{
  return 0;
}

EXPORT void
libusb_lock_events (libusb_context *ctx)
{
}

EXPORT void
libusb_unlock_events (libusb_context *ctx)
{
}

EXPORT int
libusb_event_handling_ok (libusb_context *ctx)
{
  return 1;
}

EXPORT int
libusb_event_handler_active (libusb_context *ctx)
{
  return 0;
}

EXPORT void
libusb_interrupt_event_handler (libusb_context *ctx)
{
}

EXPORT void
libusb_lock_event_waiters (libusb_context *ctx)
{
}

EXPORT void
libusb_unlock_event_waiters (libusb_context *ctx)
{
}

EXPORT int
libusb_wait_for_event (libusb_context *ctx, struct timeval *tv)
{
  return 1; /* timed out: events are only ever produced by handle_events */
}

EXPORT int
libusb_pollfds_handle_timeouts (libusb_context *ctx)
{
  return 1;
}

EXPORT int
libusb_get_next_timeout (libusb_context *ctx, struct timeval *tv)
{
  return 0;
}

EXPORT const struct libusb_pollfd **
libusb_get_pollfds (libusb_context *ctx)
{
  return g_malloc0 (sizeof (struct libusb_pollfd *));
}

EXPORT void
libusb_free_pollfds (const struct libusb_pollfd **pollfds)
{
  g_free ((gpointer) pollfds);
}

EXPORT void
libusb_set_pollfd_notifiers (libusb_context          *ctx,
                             libusb_pollfd_added_cb   added_cb,
                             libusb_pollfd_removed_cb removed_cb,
                             void                    *user_data)
{
}

EXPORT int
libusb_hotplug_register_callback (libusb_context                 *ctx,
                                  int                             events,
                                  int                             flags,
                                  int                             vendor_id,
                                  int                             product_id,
                                  int                             dev_class,
                                  libusb_hotplug_callback_fn      cb_fn,
                                  void                           *user_data,
                                  libusb_hotplug_callback_handle *callback_handle)
{
  return LIBUSB_ERROR_NOT_SUPPORTED;
}

EXPORT void
libusb_hotplug_deregister_callback (libusb_context *ctx, libusb_hotplug_callback_handle callback_handle)
{
}

EXPORT void *
libusb_hotplug_get_user_data (libusb_context *ctx, libusb_hotplug_callback_handle callback_handle)
{
  return NULL;
}

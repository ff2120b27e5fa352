/* bw-vesc-port-list.c: the serial ports a VESC may be on
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * By name in the device directory on Linux and macOS; on Windows from the
 * COM ports the drivers registered.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bw-vesc-port-list.h"
#ifdef G_OS_WIN32
#include "bw-vesc-serial-port.h"
#endif

typedef struct {
  const gchar *prefix;
  gboolean     any_suffix; /* else only digits may follow */
} PortKind;

/* in the order a picker lists them: the USB CDC-ACM port VESC firmware
 * enumerates as first, then USB-serial adapters */
static const PortKind port_kinds[] = {
  { "ttyACM", FALSE },      /* Linux */
  { "cu.usbmodem", TRUE },  /* macOS: cu.usbmodem301, cu.usbmodem14101 */
  { "ttyUSB", FALSE },      /* Linux */
  { "cu.usbserial", TRUE }, /* macOS: cu.usbserial-A50285BI */
  { "COM", FALSE },         /* Windows */
};

/* The kind's rank and the number the name carries, or FALSE for names
 * that are no such port. */
static gboolean
parse_port_name (const gchar *name, guint *rank, guint64 *number)
{
  for (guint i = 0; i < G_N_ELEMENTS (port_kinds); i++)
    {
      const gchar *suffix;

      if (!g_str_has_prefix (name, port_kinds[i].prefix))
        continue;
      suffix = name + strlen (port_kinds[i].prefix);
      if (port_kinds[i].any_suffix && *suffix != '\0')
        {
          *number = g_ascii_isdigit (*suffix) ? g_ascii_strtoull (suffix, NULL, 10) : 0;
          *rank = i;
          return TRUE;
        }
      if (g_ascii_string_to_unsigned (suffix, 10, 0, G_MAXUINT32, number, NULL))
        {
          *rank = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gint
compare_ports (gconstpointer a, gconstpointer b)
{
  g_autofree gchar *name_a = g_path_get_basename (*(const gchar *const *) a);
  g_autofree gchar *name_b = g_path_get_basename (*(const gchar *const *) b);
  guint rank_a = 0, rank_b = 0;
  guint64 number_a = 0, number_b = 0;

  parse_port_name (name_a, &rank_a, &number_a);
  parse_port_name (name_b, &rank_b, &number_b);
  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  if (number_a != number_b)
    return number_a < number_b ? -1 : 1;
  return strcmp (name_a, name_b);
}

#ifdef G_OS_WIN32
static void
add_system_port (const char *name, void *user_data)
{
  GPtrArray *ports = user_data;
  guint rank;
  guint64 number;

  if (parse_port_name (name, &rank, &number))
    g_ptr_array_add (ports, g_strdup (name));
}
#endif

GPtrArray *
bw_vesc_port_list_enumerate (const gchar *dev_dir)
{
  GPtrArray *ports = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const gchar *name;

  if (dev_dir == NULL)
    dev_dir = g_getenv ("BW_VESC_PORT_DIR");
#ifdef G_OS_WIN32
  if (dev_dir == NULL)
    {
      if (bw_vesc_serial_port_list_system (add_system_port, ports) > 0)
        g_ptr_array_sort (ports, compare_ports);
      return ports;
    }
#else
  if (dev_dir == NULL)
    dev_dir = "/dev";
#endif
  if ((dir = g_dir_open (dev_dir, 0, NULL)) == NULL)
    return ports;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint rank;
      guint64 number;

      if (parse_port_name (name, &rank, &number))
        g_ptr_array_add (ports, g_build_filename (dev_dir, name, NULL));
    }
  g_ptr_array_sort (ports, compare_ports);
  return ports;
}

static gchar *
read_sysfs (const gchar *dir, const gchar *name)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  gchar *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* /sys/class/tty/NAME/device is the CDC-ACM interface, whose driver link
 * names cdc_acm; the directory above it is the USB device, with idVendor
 * and idProduct. */
gboolean
bw_vesc_port_list_lookup_usb (const gchar *port, BwVescPortUsb *usb)
{
  const gchar *root = g_getenv ("BW_SYSFS_ROOT");
  g_autofree gchar *tty = NULL;
  g_autofree gchar *device_link = NULL;
  g_autofree gchar *driver_target = NULL;
  g_autofree gchar *driver = NULL;
  g_autofree gchar *usb_device = NULL;
  g_autofree gchar *vid_text = NULL;
  g_autofree gchar *pid_text = NULL;
  guint64 vid = 0;
  guint64 pid = 0;

  g_return_val_if_fail (port != NULL, FALSE);
  g_return_val_if_fail (usb != NULL, FALSE);

  memset (usb, 0, sizeof *usb);
  tty = g_path_get_basename (port);
  device_link = g_build_filename (root != NULL ? root : "/sys", "class", "tty", tty, "device", NULL);
  {
    g_autofree gchar *driver_link = g_build_filename (device_link, "driver", NULL);

    driver_target = g_file_read_link (driver_link, NULL);
  }
  if (driver_target == NULL || !g_file_test (device_link, G_FILE_TEST_IS_DIR))
    return FALSE;
  driver = g_path_get_basename (driver_target);
  if (g_strcmp0 (driver, "cdc_acm") != 0)
    return FALSE;
#ifdef G_OS_UNIX
  {
    gchar *real = realpath (device_link, NULL);

    usb_device = real != NULL ? g_path_get_dirname (real) : NULL;
    free (real);
  }
#endif
  if (usb_device == NULL)
    return FALSE;
  vid_text = read_sysfs (usb_device, "idVendor");
  pid_text = read_sysfs (usb_device, "idProduct");
  if (vid_text == NULL || pid_text == NULL || !g_ascii_string_to_unsigned (vid_text, 16, 0, 0xFFFF, &vid, NULL) ||
      !g_ascii_string_to_unsigned (pid_text, 16, 0, 0xFFFF, &pid, NULL))
    return FALSE;
  usb->vid = (guint16) vid;
  usb->pid = (guint16) pid;
  usb->manufacturer = read_sysfs (usb_device, "manufacturer");
  usb->product = read_sysfs (usb_device, "product");
  usb->serial = read_sysfs (usb_device, "serial");
  return TRUE;
}

gboolean
bw_vesc_port_usb_is_vesc (const BwVescPortUsb *usb)
{
  g_return_val_if_fail (usb != NULL, FALSE);
  return usb->vid == BW_VESC_PORT_USB_VID && usb->pid == BW_VESC_PORT_USB_PID;
}

void
bw_vesc_port_usb_clear (BwVescPortUsb *usb)
{
  g_return_if_fail (usb != NULL);
  g_clear_pointer (&usb->manufacturer, g_free);
  g_clear_pointer (&usb->product, g_free);
  g_clear_pointer (&usb->serial, g_free);
}

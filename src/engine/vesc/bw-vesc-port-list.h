/* bw-vesc-port-list.h: the serial ports a VESC may be on
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The USB serial ports in @dev_dir (NULL: $BW_VESC_PORT_DIR, else /dev):
 * the CDC-ACM ports VESC firmware enumerates as (Linux ttyACM*, macOS
 * cu.usbmodem*), then USB-serial adapters (ttyUSB*, cu.usbserial*), by
 * number, as full paths. A symbolic link with such a name counts (a test's
 * link to a pseudo-terminal). On Windows, with no directory given, the
 * registered COM ports by number ("COM3"). An empty array when there are
 * none or the list cannot be read. */
GPtrArray *bw_vesc_port_list_enumerate (const gchar *dev_dir);

/* The id VESC firmware enumerates with: ST's virtual COM port (the device
 * descriptor in vedderb/bldc comm_usb_serial.c: CDC-ACM, "STMicroelectronics",
 * "ChibiOS/RT Virtual COM Port", a serial number that is ChibiOS's version
 * and so not unique). VESC Tool goes by the same id (listSerialPorts). */
#define BW_VESC_PORT_USB_VID 0x0483
#define BW_VESC_PORT_USB_PID 0x5740

/* The USB device behind a CDC-ACM serial port, as Linux's sysfs tells it. */
typedef struct {
  guint16  vid;
  guint16  pid;
  gchar   *manufacturer; /* NULL when the device gives none */
  gchar   *product;
  gchar   *serial;
} BwVescPortUsb;

/* Fills @usb for @port ("/dev/ttyACM0", or any path whose name is the
 * tty's) from /sys/class/tty/NAME ($BW_SYSFS_ROOT instead of /sys for
 * tests). FALSE where there is no sysfs (Windows, macOS), for a port that
 * is not a USB CDC-ACM one, or one whose device does not say its id. */
gboolean   bw_vesc_port_list_lookup_usb (const gchar   *port,
                                         BwVescPortUsb *usb);
gboolean   bw_vesc_port_usb_is_vesc     (const BwVescPortUsb *usb);
void       bw_vesc_port_usb_clear       (BwVescPortUsb *usb);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BwVescPortUsb, bw_vesc_port_usb_clear)

G_END_DECLS

/* win32-serial-link.c: a Windows program on the Win32 serial port, built
 * by the portability suite with MinGW-w64 so that the link shows every
 * call resolves against Windows' import libraries (it is not run here).
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "bw-vesc-serial-port.h"

static void
print_port (const char *name, void *user_data)
{
  printf ("port: %s\n", name);
}

int
main (int argc, char **argv)
{
  char detail[BW_VESC_SERIAL_PORT_DETAIL_LEN] = "";
  BwVescSerialPort *port = NULL;
  BwVescSerialPortStatus status;
  uint8_t buffer[64];
  size_t n_read = 0;

  printf ("%d ports registered\n", bw_vesc_serial_port_list_system (print_port, NULL));
  status = bw_vesc_serial_port_open (argc > 1 ? argv[1] : "COM3", &port, detail, sizeof detail);
  if (status != BW_VESC_SERIAL_PORT_OK)
    {
      printf ("open: status %d, %s\n", (int) status, detail);
      return 1;
    }
  status = bw_vesc_serial_port_write (port, (const uint8_t *) "\x02\x01\x00\x00\x00\x03", 6, 3000,
                                      BW_VESC_SERIAL_PORT_NO_CANCEL, detail, sizeof detail);
  if (status == BW_VESC_SERIAL_PORT_OK)
    status = bw_vesc_serial_port_read (port, buffer, sizeof buffer, 1000, BW_VESC_SERIAL_PORT_NO_CANCEL, &n_read,
                                       detail, sizeof detail);
  printf ("status %d, %u bytes, %s\n", (int) status, (unsigned) n_read, detail);
  bw_vesc_serial_port_close (port);
  return status == BW_VESC_SERIAL_PORT_OK ? 0 : 1;
}

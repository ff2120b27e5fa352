/* bw-vesc-serial-port.h: the operating system's serial port, below GLib
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain C, no GLib: bw-vesc-serial-posix.c (Linux, macOS) and
 * bw-vesc-serial-win32.c implement it, so that the Windows half compiles
 * against nothing but the Win32 headers (a cross compiler without a GLib
 * for Windows can check it). BwVescSerial turns the statuses into GErrors.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct _BwVescSerialPort BwVescSerialPort;

typedef enum
{
  BW_VESC_SERIAL_PORT_OK,
  BW_VESC_SERIAL_PORT_TIMEOUT,     /* read: nothing came in time */
  BW_VESC_SERIAL_PORT_CANCELLED,   /* the cancel handle fired */
  BW_VESC_SERIAL_PORT_NOT_FOUND,   /* no such port */
  BW_VESC_SERIAL_PORT_NOT_A_PORT,  /* exists, but is no serial port */
  BW_VESC_SERIAL_PORT_PERMISSION,  /* the user may not open it */
  BW_VESC_SERIAL_PORT_BUSY,        /* another program has it open */
  BW_VESC_SERIAL_PORT_GONE,        /* unplugged (or closed) */
  BW_VESC_SERIAL_PORT_STALLED,     /* write: the port took nothing for too long */
  BW_VESC_SERIAL_PORT_FAILED,      /* anything else; see the detail */
} BwVescSerialPortStatus;

/* What a wait can also be woken by: on POSIX a file descriptor that turns
 * readable (GCancellable's pollfd), on Windows an event HANDLE (the same
 * pollfd's fd there). BW_VESC_SERIAL_PORT_NO_CANCEL when there is none. */
typedef intptr_t BwVescSerialPortCancel;
#define BW_VESC_SERIAL_PORT_NO_CANCEL ((BwVescSerialPortCancel) -1)

/* Room for the system's own words on a failure, e.g. "Access is denied." */
#define BW_VESC_SERIAL_PORT_DETAIL_LEN 256

/* Opens @path ("/dev/ttyACM0", "/dev/cu.usbmodem301", "COM3", "\\.\COM12")
 * in raw mode, 8N1 without flow control, for this process alone, and drops
 * whatever was waiting in it. On failure *@port stays NULL. */
BwVescSerialPortStatus bw_vesc_serial_port_open  (const char        *path,
                                                  BwVescSerialPort **port,
                                                  char              *detail,
                                                  size_t             detail_len);
/* Writes all of @data; STALLED when the port takes nothing for @stall_ms. */
BwVescSerialPortStatus bw_vesc_serial_port_write (BwVescSerialPort      *port,
                                                  const uint8_t         *data,
                                                  size_t                 len,
                                                  unsigned int           stall_ms,
                                                  BwVescSerialPortCancel cancel,
                                                  char                  *detail,
                                                  size_t                 detail_len);
/* Waits up to @timeout_ms for at least one byte and returns what is there
 * (at most @len) in *@n_read; TIMEOUT when nothing came. */
BwVescSerialPortStatus bw_vesc_serial_port_read  (BwVescSerialPort      *port,
                                                  uint8_t               *buffer,
                                                  size_t                 len,
                                                  unsigned int           timeout_ms,
                                                  BwVescSerialPortCancel cancel,
                                                  size_t                *n_read,
                                                  char                  *detail,
                                                  size_t                 detail_len);
/* Releases the port; NULL is fine. */
void                   bw_vesc_serial_port_close (BwVescSerialPort      *port);

#ifdef _WIN32
/* The COM ports the drivers have registered (HKLM\HARDWARE\DEVICEMAP\
 * SERIALCOMM, where usbser.sys puts a VESC's), each passed to @found as
 * its name ("COM3"), in the registry's order. Returns how many, or -1
 * when the list cannot be read. On POSIX the caller reads /dev instead. */
typedef void (*BwVescSerialPortFound) (const char *name, void *user_data);
int                    bw_vesc_serial_port_list_system (BwVescSerialPortFound found,
                                                        void                 *user_data);
#endif

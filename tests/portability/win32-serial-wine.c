/* win32-serial-wine.c: the Win32 serial port against the simulated VESC,
 * a Windows program run under Wine by check-win32-serial-wine.py, with the
 * simulator's pseudo-terminal mapped to a COM port.
 *
 *   win32-serial-wine.exe missing COM9   no such port, and a file that is no port
 *   win32-serial-wine.exe exchange COMn  timeout, FW_VERSION round trip, cancel
 *   win32-serial-wine.exe unplug COMn    prints "open", then waits until the port goes
 *   win32-serial-wine.exe list COMn      the registered COM ports include COMn
 *
 * Prints "ok"/"not ok" lines for the harness and the measured times.
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include "bw-vesc-serial-port.h"

static int failures;

static void
check (int ok, const char *what, const char *detail)
{
  printf ("%s - %s%s%s\n", ok ? "ok" : "not ok", what, detail != NULL && detail[0] ? ": " : "",
          detail != NULL ? detail : "");
  fflush (stdout);
  if (!ok)
    failures++;
}

static unsigned int
crc16 (const uint8_t *data, size_t len)
{
  unsigned int crc = 0;

  for (size_t i = 0; i < len; i++)
    {
      crc ^= (unsigned int) data[i] << 8;
      for (int bit = 0; bit < 8; bit++)
        crc = (crc & 0x8000u) ? ((crc << 1) ^ 0x1021u) & 0xFFFFu : (crc << 1) & 0xFFFFu;
    }
  return crc;
}

static void
run_missing (const char *port_name)
{
  char detail[BW_VESC_SERIAL_PORT_DETAIL_LEN] = "";
  BwVescSerialPort *port = NULL;
  char file[MAX_PATH];

  check (bw_vesc_serial_port_open (port_name, &port, detail, sizeof detail) == BW_VESC_SERIAL_PORT_NOT_FOUND &&
         port == NULL, "a port that does not exist is NOT_FOUND", detail);
  GetSystemDirectoryA (file, sizeof file);
  strncat (file, "\\kernel32.dll", sizeof file - strlen (file) - 1);
  detail[0] = '\0';
  check (bw_vesc_serial_port_open (file, &port, detail, sizeof detail) == BW_VESC_SERIAL_PORT_NOT_A_PORT &&
         port == NULL, "a file is NOT_A_PORT", file);
}

static DWORD WINAPI
fire_later (LPVOID event)
{
  Sleep (200);
  SetEvent ((HANDLE) event);
  return 0;
}

static void
run_exchange (const char *port_name)
{
  static const uint8_t fw_version[] = { 0x02, 0x01, 0x00, 0x00, 0x00, 0x03 };
  char detail[BW_VESC_SERIAL_PORT_DETAIL_LEN] = "";
  char text[128];
  BwVescSerialPort *port = NULL;
  BwVescSerialPortStatus status;
  uint8_t reply[512];
  size_t have = 0;
  size_t n = 0;
  ULONGLONG start;
  HANDLE cancel;
  HANDLE thread;

  status = bw_vesc_serial_port_open (port_name, &port, detail, sizeof detail);
  check (status == BW_VESC_SERIAL_PORT_OK, "the simulated VESC's port opens", detail);
  if (status != BW_VESC_SERIAL_PORT_OK)
    return;

  /* silence: the read ends with TIMEOUT when the time is up, not before */
  start = GetTickCount64 ();
  status = bw_vesc_serial_port_read (port, reply, sizeof reply, 300, BW_VESC_SERIAL_PORT_NO_CANCEL, &n, detail,
                                     sizeof detail);
  snprintf (text, sizeof text, "%llu ms for 300 ms", (unsigned long long) (GetTickCount64 () - start));
  check (status == BW_VESC_SERIAL_PORT_TIMEOUT && n == 0 && GetTickCount64 () - start >= 290,
         "a read of a silent port times out", text);

  /* COMM_FW_VERSION and the whole reply, framed and checksummed */
  start = GetTickCount64 ();
  status = bw_vesc_serial_port_write (port, fw_version, sizeof fw_version, 3000, BW_VESC_SERIAL_PORT_NO_CANCEL,
                                      detail, sizeof detail);
  check (status == BW_VESC_SERIAL_PORT_OK, "COMM_FW_VERSION is written", detail);
  while (status == BW_VESC_SERIAL_PORT_OK && (have < 2 || have < (size_t) reply[1] + 5))
    {
      status = bw_vesc_serial_port_read (port, reply + have, sizeof reply - have, 2000, BW_VESC_SERIAL_PORT_NO_CANCEL,
                                         &n, detail, sizeof detail);
      have += n;
    }
  snprintf (text, sizeof text, "%u bytes in %llu ms", (unsigned) have,
            (unsigned long long) (GetTickCount64 () - start));
  check (status == BW_VESC_SERIAL_PORT_OK && reply[0] == 0x02 && have == (size_t) reply[1] + 5 &&
         reply[have - 1] == 0x03, "the reply is one short packet", text);
  if (status == BW_VESC_SERIAL_PORT_OK && have >= 8)
    {
      unsigned int len = reply[1];

      check (crc16 (reply + 2, len) == ((unsigned int) reply[2 + len] << 8 | reply[3 + len]),
             "its checksum is right", NULL);
      snprintf (text, sizeof text, "firmware %u.%02u, hardware %s", reply[3], reply[4], (const char *) reply + 5);
      check (reply[2] == 0x00 && reply[3] == 6 && reply[4] == 5 && strcmp ((const char *) reply + 5, "60") == 0,
             "it is COMM_FW_VERSION 6.05 for hardware 60", text);
    }

  /* cancel from another thread while a read waits */
  cancel = CreateEventW (NULL, TRUE, FALSE, NULL);
  thread = CreateThread (NULL, 0, fire_later, cancel, 0, NULL);
  start = GetTickCount64 ();
  status = bw_vesc_serial_port_read (port, reply, sizeof reply, 5000, (BwVescSerialPortCancel) cancel, &n, detail,
                                     sizeof detail);
  snprintf (text, sizeof text, "after %llu ms of a 5000 ms read", (unsigned long long) (GetTickCount64 () - start));
  check (status == BW_VESC_SERIAL_PORT_CANCELLED && n == 0 && GetTickCount64 () - start < 4000,
         "a cancel ends a waiting read", text);
  WaitForSingleObject (thread, INFINITE);
  CloseHandle (thread);

  /* already cancelled: no wait at all, and the port still works after */
  start = GetTickCount64 ();
  status = bw_vesc_serial_port_read (port, reply, sizeof reply, 5000, (BwVescSerialPortCancel) cancel, &n, detail,
                                     sizeof detail);
  snprintf (text, sizeof text, "after %llu ms", (unsigned long long) (GetTickCount64 () - start));
  check (status == BW_VESC_SERIAL_PORT_CANCELLED && GetTickCount64 () - start < 4000,
         "a read with the cancel already set ends at once", text);
  CloseHandle (cancel);
  status = bw_vesc_serial_port_write (port, fw_version, sizeof fw_version, 3000, BW_VESC_SERIAL_PORT_NO_CANCEL,
                                      detail, sizeof detail);
  have = 0;
  while (status == BW_VESC_SERIAL_PORT_OK && (have < 2 || have < (size_t) reply[1] + 5))
    {
      status = bw_vesc_serial_port_read (port, reply + have, sizeof reply - have, 2000, BW_VESC_SERIAL_PORT_NO_CANCEL,
                                         &n, detail, sizeof detail);
      have += n;
    }
  check (status == BW_VESC_SERIAL_PORT_OK && have == (size_t) reply[1] + 5,
         "after the cancels a second COMM_FW_VERSION gets its whole reply", detail);
  bw_vesc_serial_port_close (port);
}

static void
run_unplug (const char *port_name)
{
  char detail[BW_VESC_SERIAL_PORT_DETAIL_LEN] = "";
  BwVescSerialPort *port = NULL;
  BwVescSerialPortStatus status;
  uint8_t buffer[64];
  size_t n = 0;
  ULONGLONG start;
  char text[BW_VESC_SERIAL_PORT_DETAIL_LEN + 64];

  status = bw_vesc_serial_port_open (port_name, &port, detail, sizeof detail);
  check (status == BW_VESC_SERIAL_PORT_OK, "the port opens", detail);
  if (status != BW_VESC_SERIAL_PORT_OK)
    return;
  printf ("open\n");
  fflush (stdout);
  start = GetTickCount64 ();
  do
    status = bw_vesc_serial_port_read (port, buffer, sizeof buffer, 1000, BW_VESC_SERIAL_PORT_NO_CANCEL, &n, detail,
                                       sizeof detail);
  while ((status == BW_VESC_SERIAL_PORT_TIMEOUT || status == BW_VESC_SERIAL_PORT_OK) &&
         GetTickCount64 () - start < 20000);
  snprintf (text, sizeof text, "status %d after %llu ms (%s)", (int) status,
            (unsigned long long) (GetTickCount64 () - start), detail);
  check (status == BW_VESC_SERIAL_PORT_GONE, "a read on a port that goes away says GONE", text);
  status = bw_vesc_serial_port_write (port, buffer, 6, 3000, BW_VESC_SERIAL_PORT_NO_CANCEL, detail, sizeof detail);
  snprintf (text, sizeof text, "status %d (%s)", (int) status, detail);
  check (status == BW_VESC_SERIAL_PORT_GONE, "so does a write after it", text);
  bw_vesc_serial_port_close (port);
}

typedef struct {
  int  n_found;
  int  saw_expected;
  char names[512];
} Listing;

static void
on_port_found (const char *name, void *user_data)
{
  Listing *listing = user_data;
  size_t used = strlen (listing->names);

  snprintf (listing->names + used, sizeof listing->names - used, "%s%s", used > 0 ? " " : "", name);
  listing->n_found++;
}

/* The registry lists @expected (the harness registered it as a driver
 * would), and nothing that is not a COM name string. */
static void
run_list (const char *expected)
{
  Listing listing = { 0 };
  char text[640];
  int count = bw_vesc_serial_port_list_system (on_port_found, &listing);
  const char *word = listing.names;

  while (*word != '\0')
    {
      size_t len = strcspn (word, " ");

      if (len == strlen (expected) && strncmp (word, expected, len) == 0)
        listing.saw_expected = 1;
      if (len < 4 || strncmp (word, "COM", 3) != 0)
        listing.saw_expected = -1000;
      word += len + (word[len] == ' ');
    }
  snprintf (text, sizeof text, "%d found: %s", count, listing.names);
  check (count == listing.n_found && count >= 1, "the registered COM ports are listed", text);
  check (listing.saw_expected == 1, "the simulated VESC's port is among them, and only COM names", text);
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: win32-serial-wine.exe missing|exchange|unplug|list PORT\n");
      return 2;
    }
  if (strcmp (argv[1], "list") == 0)
    {
      run_list (argv[2]);
      return failures == 0 ? 0 : 1;
    }
  if (strcmp (argv[1], "missing") == 0)
    run_missing (argv[2]);
  else if (strcmp (argv[1], "exchange") == 0)
    run_exchange (argv[2]);
  else if (strcmp (argv[1], "unplug") == 0)
    run_unplug (argv[2]);
  else
    return 2;
  return failures == 0 ? 0 : 1;
}

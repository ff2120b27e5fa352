/* bw-vesc-serial-win32.c: the serial port on Windows
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VESC is a COM port (usbser.sys, CDC-ACM). CreateFileW without sharing
 * takes it for this process alone, the way Windows opens COM ports anyway;
 * a second opener gets ERROR_ACCESS_DENIED. All I/O is overlapped, so each
 * wait can also end on the cancel event (GCancellable's pollfd on Windows
 * is an event HANDLE) and a timed-out transfer is cancelled, never left
 * running into the next one.
 *
 * A read takes only the bytes the driver holds (ClearCommError's count)
 * and otherwise waits for more with WaitCommEvent (EV_RXCHAR): what poll()
 * and read() do on POSIX. Leaving the waiting to COMMTIMEOUTS (MAXDWORD,
 * MAXDWORD, n, or MAXDWORD, 0, 0 on an empty buffer) is documented to work
 * but does not on every serial driver: Wine's keeps such reads pending.
 *
 * Only Win32 and the C library here (no GLib), so that a mingw-w64 cross
 * compiler checks this file without a GLib for Windows: see
 * tests/portability/.
 */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bw-vesc-serial-port.h"

/* A transfer that COMMTIMEOUTS should have ended gets this much longer
 * before it is cancelled by hand (a driver that ignores the timeouts). */
#define WAIT_MARGIN_MS 1000u

static DWORD
wait_limit (unsigned int timeout_ms)
{
  return timeout_ms < INFINITE - 1 - WAIT_MARGIN_MS ? timeout_ms + WAIT_MARGIN_MS : INFINITE - 1;
}

struct _BwVescSerialPort
{
  HANDLE handle;
  HANDLE read_event;
  HANDLE write_event;
  HANDLE comm_event;
  /* what the port's write timeout is now */
  BOOL   timeouts_known;
  DWORD  write_stall_ms;
};

static void
describe (char *detail, size_t detail_len, const char *what, DWORD code)
{
  WCHAR wide[BW_VESC_SERIAL_PORT_DETAIL_LEN];
  char text[BW_VESC_SERIAL_PORT_DETAIL_LEN * 3];
  DWORD n;

  if (detail == NULL || detail_len == 0)
    return;
  n = FormatMessageW (FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, wide,
                      (DWORD) (sizeof wide / sizeof wide[0]), NULL);
  while (n > 0 && (wide[n - 1] == L'\r' || wide[n - 1] == L'\n' || wide[n - 1] == L' ' || wide[n - 1] == L'.'))
    n--;
  text[0] = '\0';
  if (n > 0)
    {
      int len = WideCharToMultiByte (CP_UTF8, 0, wide, (int) n, text, (int) sizeof text - 1, NULL, NULL);

      text[len > 0 ? len : 0] = '\0';
    }
  if (text[0] != '\0')
    snprintf (detail, detail_len, "%s: %s (error %lu)", what, text, (unsigned long) code);
  else
    snprintf (detail, detail_len, "%s: error %lu", what, (unsigned long) code);
}

/* What a failed transfer, or a failed call on an open port, means. The
 * CDC-ACM driver fails everything on a port whose device was unplugged;
 * which code it uses depends on the driver's version. */
static BwVescSerialPortStatus
io_failure (DWORD code, const char *what, char *detail, size_t detail_len)
{
  describe (detail, detail_len, what, code);
  switch (code)
    {
    case ERROR_ACCESS_DENIED:
    case ERROR_BAD_COMMAND:
    case ERROR_GEN_FAILURE:
    case ERROR_DEVICE_NOT_CONNECTED:
    case ERROR_DEVICE_REMOVED:
    case ERROR_DEV_NOT_EXIST:
    case ERROR_FILE_NOT_FOUND:
    case ERROR_INVALID_HANDLE:
    case ERROR_OPERATION_ABORTED:
    case ERROR_BROKEN_PIPE:
    case ERROR_NOT_READY:
      return BW_VESC_SERIAL_PORT_GONE;
    default:
      return BW_VESC_SERIAL_PORT_FAILED;
    }
}

static BwVescSerialPortStatus
set_timeouts (BwVescSerialPort *port, DWORD write_stall_ms, char *detail, size_t detail_len)
{
  COMMTIMEOUTS timeouts = { 0 };

  if (port->timeouts_known && port->write_stall_ms == write_stall_ms)
    return BW_VESC_SERIAL_PORT_OK;
  /* a read returns at once with whatever is buffered */
  timeouts.ReadIntervalTimeout = MAXDWORD;
  /* a write ends with what went out after this long */
  timeouts.WriteTotalTimeoutConstant = write_stall_ms;
  if (!SetCommTimeouts (port->handle, &timeouts))
    {
      port->timeouts_known = FALSE;
      return io_failure (GetLastError (), "SetCommTimeouts", detail, detail_len);
    }
  port->timeouts_known = TRUE;
  port->write_stall_ms = write_stall_ms;
  return BW_VESC_SERIAL_PORT_OK;
}

/* Waits for the transfer @overlapped started, for at most @wait_ms, or for
 * the cancel event; a transfer that did not end is cancelled and waited
 * for, so that @overlapped and its buffer are free again on return. */
static BwVescSerialPortStatus
finish_transfer (BwVescSerialPort *port, OVERLAPPED *overlapped, DWORD wait_ms, BwVescSerialPortCancel cancel,
                 DWORD *transferred, const char *what, char *detail, size_t detail_len)
{
  HANDLE handles[2] = { overlapped->hEvent, (HANDLE) cancel };
  DWORD n_handles = cancel != BW_VESC_SERIAL_PORT_NO_CANCEL ? 2 : 1;
  DWORD woke = WaitForMultipleObjects (n_handles, handles, FALSE, wait_ms);
  DWORD wait_error = woke == WAIT_FAILED ? GetLastError () : ERROR_SUCCESS;

  *transferred = 0;
  if (woke != WAIT_OBJECT_0)
    CancelIoEx (port->handle, overlapped);
  if (!GetOverlappedResult (port->handle, overlapped, transferred, TRUE))
    {
      DWORD code = GetLastError ();

      *transferred = 0;
      if (code != ERROR_OPERATION_ABORTED || woke == WAIT_OBJECT_0)
        return io_failure (code, what, detail, detail_len);
    }
  if (woke == WAIT_FAILED)
    return io_failure (wait_error, "WaitForMultipleObjects", detail, detail_len);
  /* bytes that made it before a cancel are not thrown away */
  if (woke == WAIT_OBJECT_0 + 1 && *transferred == 0)
    return BW_VESC_SERIAL_PORT_CANCELLED;
  if (woke == WAIT_TIMEOUT && *transferred == 0)
    return BW_VESC_SERIAL_PORT_TIMEOUT;
  return BW_VESC_SERIAL_PORT_OK;
}

/* Bytes waiting in the driver's input buffer, or a failure (unplugged). */
static BwVescSerialPortStatus
bytes_waiting (BwVescSerialPort *port, DWORD *n_waiting, char *detail, size_t detail_len)
{
  DWORD errors = 0;
  COMSTAT stat = { 0 };

  if (!ClearCommError (port->handle, &errors, &stat))
    return io_failure (GetLastError (), "read", detail, detail_len);
  *n_waiting = stat.cbInQue;
  return BW_VESC_SERIAL_PORT_OK;
}

/* Reads @want bytes the driver already holds: completes at once. (A read
 * of an empty buffer does not on every driver, whatever the timeouts say.) */
static BwVescSerialPortStatus
read_buffered (BwVescSerialPort *port, uint8_t *buffer, DWORD want, DWORD *got, char *detail, size_t detail_len)
{
  OVERLAPPED overlapped = { 0 };

  overlapped.hEvent = port->read_event;
  if (!ReadFile (port->handle, buffer, want, NULL, &overlapped) && GetLastError () != ERROR_IO_PENDING)
    return io_failure (GetLastError (), "read", detail, detail_len);
  return finish_transfer (port, &overlapped, wait_limit (0), BW_VESC_SERIAL_PORT_NO_CANCEL, got, "read", detail,
                          detail_len);
}

/* Waits up to @wait_ms for a byte to come in (EV_RXCHAR), or the cancel
 * event: OK, TIMEOUT, CANCELLED or a failure. A byte that came after the
 * caller looked at the buffer is not missed: the driver keeps the event
 * until a wait takes it, and this wait then ends at once. */
static BwVescSerialPortStatus
wait_for_input (BwVescSerialPort *port, DWORD wait_ms, BwVescSerialPortCancel cancel, char *detail,
                size_t detail_len)
{
  OVERLAPPED overlapped = { 0 };
  HANDLE handles[2] = { port->comm_event, (HANDLE) cancel };
  DWORD n_handles = cancel != BW_VESC_SERIAL_PORT_NO_CANCEL ? 2 : 1;
  DWORD events = 0;
  DWORD ignored;
  DWORD woke;
  DWORD code;

  overlapped.hEvent = port->comm_event;
  ResetEvent (port->comm_event);
  if (WaitCommEvent (port->handle, &events, &overlapped))
    return BW_VESC_SERIAL_PORT_OK;
  if (GetLastError () != ERROR_IO_PENDING)
    return io_failure (GetLastError (), "WaitCommEvent", detail, detail_len);
  woke = WaitForMultipleObjects (n_handles, handles, FALSE, wait_ms);
  code = woke == WAIT_FAILED ? GetLastError () : ERROR_SUCCESS;
  if (woke != WAIT_OBJECT_0)
    {
      /* the wait is still pending: end it before @overlapped goes */
      CancelIoEx (port->handle, &overlapped);
      GetOverlappedResult (port->handle, &overlapped, &ignored, TRUE);
      if (woke == WAIT_OBJECT_0 + 1)
        return BW_VESC_SERIAL_PORT_CANCELLED;
      if (woke == WAIT_TIMEOUT)
        return BW_VESC_SERIAL_PORT_TIMEOUT;
      return io_failure (code, "WaitForMultipleObjects", detail, detail_len);
    }
  if (!GetOverlappedResult (port->handle, &overlapped, &ignored, FALSE))
    {
      code = GetLastError ();
      /* Some drivers end a wait without a reason (aborted), or signal the
       * event of one that is still running (Wine, when the port hangs up).
       * Either way the caller looks at the port again, and a port that is
       * gone fails there. */
      if (code == ERROR_IO_INCOMPLETE)
        {
          CancelIoEx (port->handle, &overlapped);
          GetOverlappedResult (port->handle, &overlapped, &ignored, TRUE);
          return BW_VESC_SERIAL_PORT_OK;
        }
      if (code == ERROR_OPERATION_ABORTED)
        return BW_VESC_SERIAL_PORT_OK;
      return io_failure (code, "WaitCommEvent", detail, detail_len);
    }
  return BW_VESC_SERIAL_PORT_OK;
}

BwVescSerialPortStatus
bw_vesc_serial_port_write (BwVescSerialPort *port, const uint8_t *data, size_t len, unsigned int stall_ms,
                           BwVescSerialPortCancel cancel, char *detail, size_t detail_len)
{
  size_t done = 0;
  BwVescSerialPortStatus status;

  if (port == NULL || port->handle == INVALID_HANDLE_VALUE)
    return io_failure (ERROR_INVALID_HANDLE, "write", detail, detail_len);
  status = set_timeouts (port, stall_ms, detail, detail_len);
  if (status != BW_VESC_SERIAL_PORT_OK)
    return status;
  while (done < len)
    {
      OVERLAPPED overlapped = { 0 };
      DWORD chunk = len - done > 65536 ? 65536 : (DWORD) (len - done);
      DWORD written = 0;

      overlapped.hEvent = port->write_event;
      if (!WriteFile (port->handle, data + done, chunk, NULL, &overlapped) && GetLastError () != ERROR_IO_PENDING)
        return io_failure (GetLastError (), "write", detail, detail_len);
      status = finish_transfer (port, &overlapped, wait_limit (stall_ms), cancel, &written, "write", detail,
                                detail_len);
      if (status == BW_VESC_SERIAL_PORT_TIMEOUT || (status == BW_VESC_SERIAL_PORT_OK && written == 0))
        return BW_VESC_SERIAL_PORT_STALLED;
      if (status != BW_VESC_SERIAL_PORT_OK)
        return status;
      done += written;
    }
  return BW_VESC_SERIAL_PORT_OK;
}

BwVescSerialPortStatus
bw_vesc_serial_port_read (BwVescSerialPort *port, uint8_t *buffer, size_t len, unsigned int timeout_ms,
                          BwVescSerialPortCancel cancel, size_t *n_read, char *detail, size_t detail_len)
{
  DWORD want = len > 65536 ? 65536 : (DWORD) len;
  ULONGLONG deadline = GetTickCount64 () + timeout_ms;
  BwVescSerialPortStatus status;

  *n_read = 0;
  if (port == NULL || port->handle == INVALID_HANDLE_VALUE)
    return io_failure (ERROR_INVALID_HANDLE, "read", detail, detail_len);
  for (;;)
    {
      ULONGLONG now;
      DWORD n_waiting = 0;
      DWORD got = 0;

      status = bytes_waiting (port, &n_waiting, detail, detail_len);
      if (status != BW_VESC_SERIAL_PORT_OK)
        return status;
      if (n_waiting > 0)
        {
          status = read_buffered (port, buffer, n_waiting < want ? n_waiting : want, &got, detail, detail_len);
          if (status != BW_VESC_SERIAL_PORT_OK && status != BW_VESC_SERIAL_PORT_TIMEOUT)
            return status;
          if (got > 0)
            {
              *n_read = got;
              return BW_VESC_SERIAL_PORT_OK;
            }
        }
      now = GetTickCount64 ();
      if (now >= deadline)
        return BW_VESC_SERIAL_PORT_TIMEOUT;
      status = wait_for_input (port, (DWORD) (deadline - now), cancel, detail, detail_len);
      if (status != BW_VESC_SERIAL_PORT_OK && status != BW_VESC_SERIAL_PORT_TIMEOUT)
        return status;
    }
}

void
bw_vesc_serial_port_close (BwVescSerialPort *port)
{
  if (port == NULL)
    return;
  if (port->handle != INVALID_HANDLE_VALUE)
    CloseHandle (port->handle);
  if (port->read_event != NULL)
    CloseHandle (port->read_event);
  if (port->write_event != NULL)
    CloseHandle (port->write_event);
  if (port->comm_event != NULL)
    CloseHandle (port->comm_event);
  free (port);
}

/* "COM3" and "com12" become "\\.\COM3" and "\\.\com12" (the only form
 * that reaches COM10 and up); a path that already is one stays. */
static WCHAR *
device_path (const char *path)
{
  char *full;
  WCHAR *wide;
  int n;

  if ((path[0] == 'C' || path[0] == 'c') && (path[1] == 'O' || path[1] == 'o') && (path[2] == 'M' || path[2] == 'm'))
    {
      full = malloc (strlen (path) + 5);
      if (full == NULL)
        return NULL;
      strcpy (full, "\\\\.\\");
      strcat (full, path);
    }
  else
    {
      full = _strdup (path);
      if (full == NULL)
        return NULL;
    }
  n = MultiByteToWideChar (CP_UTF8, MB_ERR_INVALID_CHARS, full, -1, NULL, 0);
  wide = n > 0 ? malloc ((size_t) n * sizeof (WCHAR)) : NULL;
  if (wide != NULL && MultiByteToWideChar (CP_UTF8, MB_ERR_INVALID_CHARS, full, -1, wide, n) != n)
    {
      free (wide);
      wide = NULL;
    }
  free (full);
  return wide;
}

BwVescSerialPortStatus
bw_vesc_serial_port_open (const char *path, BwVescSerialPort **port, char *detail, size_t detail_len)
{
  WCHAR *wide_path = device_path (path);
  BwVescSerialPort *self;
  DCB dcb = { 0 };
  DWORD code;

  *port = NULL;
  if (wide_path == NULL)
    {
      describe (detail, detail_len, "open", ERROR_INVALID_NAME);
      return BW_VESC_SERIAL_PORT_NOT_FOUND;
    }
  self = calloc (1, sizeof *self);
  if (self == NULL)
    {
      free (wide_path);
      describe (detail, detail_len, "open", ERROR_NOT_ENOUGH_MEMORY);
      return BW_VESC_SERIAL_PORT_FAILED;
    }
  /* no sharing: VESC Tool (or a second Bootwire) must not talk to the ESC at the same time */
  self->handle = CreateFileW (wide_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                              FILE_FLAG_OVERLAPPED, NULL);
  code = GetLastError ();
  free (wide_path);
  if (self->handle == INVALID_HANDLE_VALUE)
    {
      bw_vesc_serial_port_close (self);
      describe (detail, detail_len, "open", code);
      switch (code)
        {
        /* an open COM port is refused with "access denied" */
        case ERROR_ACCESS_DENIED:
        case ERROR_SHARING_VIOLATION:
          return BW_VESC_SERIAL_PORT_BUSY;
        case ERROR_PRIVILEGE_NOT_HELD:
          return BW_VESC_SERIAL_PORT_PERMISSION;
        default:
          return BW_VESC_SERIAL_PORT_NOT_FOUND;
        }
    }
  dcb.DCBlength = sizeof dcb;
  if (GetFileType (self->handle) != FILE_TYPE_CHAR || !GetCommState (self->handle, &dcb))
    {
      bw_vesc_serial_port_close (self);
      return BW_VESC_SERIAL_PORT_NOT_A_PORT;
    }
  /* 8N1 without flow control; CDC-ACM ignores the rate */
  dcb.BaudRate = CBR_115200;
  dcb.ByteSize = 8;
  dcb.Parity = NOPARITY;
  dcb.StopBits = ONESTOPBIT;
  dcb.fBinary = TRUE;
  dcb.fParity = FALSE;
  dcb.fOutxCtsFlow = FALSE;
  dcb.fOutxDsrFlow = FALSE;
  dcb.fDsrSensitivity = FALSE;
  dcb.fDtrControl = DTR_CONTROL_ENABLE;
  dcb.fRtsControl = RTS_CONTROL_ENABLE;
  dcb.fOutX = FALSE;
  dcb.fInX = FALSE;
  dcb.fErrorChar = FALSE;
  dcb.fNull = FALSE;
  dcb.fAbortOnError = FALSE;
  if (!SetCommState (self->handle, &dcb))
    {
      describe (detail, detail_len, "cannot set raw mode", GetLastError ());
      bw_vesc_serial_port_close (self);
      return BW_VESC_SERIAL_PORT_NOT_FOUND;
    }
  self->read_event = CreateEventW (NULL, TRUE, FALSE, NULL);
  self->write_event = CreateEventW (NULL, TRUE, FALSE, NULL);
  self->comm_event = CreateEventW (NULL, TRUE, FALSE, NULL);
  if (self->read_event == NULL || self->write_event == NULL || self->comm_event == NULL)
    {
      describe (detail, detail_len, "CreateEvent", GetLastError ());
      bw_vesc_serial_port_close (self);
      return BW_VESC_SERIAL_PORT_FAILED;
    }
  if (set_timeouts (self, 0, detail, detail_len) != BW_VESC_SERIAL_PORT_OK || !SetCommMask (self->handle, EV_RXCHAR))
    {
      if (detail != NULL && detail[0] == '\0')
        describe (detail, detail_len, "SetCommMask", GetLastError ());
      bw_vesc_serial_port_close (self);
      return BW_VESC_SERIAL_PORT_NOT_FOUND;
    }
  /* whatever the ESC sent before we came is not an answer to us */
  PurgeComm (self->handle, PURGE_RXABORT | PURGE_RXCLEAR | PURGE_TXABORT | PURGE_TXCLEAR);
  *port = self;
  return BW_VESC_SERIAL_PORT_OK;
}

int
bw_vesc_serial_port_list_system (BwVescSerialPortFound found, void *user_data)
{
  HKEY key;
  int count = 0;

  if (RegOpenKeyExW (HKEY_LOCAL_MACHINE, L"HARDWARE\\DEVICEMAP\\SERIALCOMM", 0, KEY_QUERY_VALUE, &key) !=
      ERROR_SUCCESS)
    return -1;
  for (DWORD i = 0;; i++)
    {
      WCHAR value_name[256];
      DWORD value_name_len = sizeof value_name / sizeof value_name[0];
      WCHAR data[64];
      DWORD data_size = sizeof data - sizeof data[0]; /* room for a terminator the registry may leave out */
      DWORD type = 0;
      char name[64];
      LONG result = RegEnumValueW (key, i, value_name, &value_name_len, NULL, &type, (BYTE *) data, &data_size);

      if (result == ERROR_NO_MORE_ITEMS)
        break;
      /* a value too long for a COM name is not one */
      if (result != ERROR_SUCCESS || type != REG_SZ)
        continue;
      data[data_size / sizeof data[0]] = L'\0';
      if (WideCharToMultiByte (CP_UTF8, 0, data, -1, name, (int) sizeof name, NULL, NULL) <= 0 || name[0] == '\0')
        continue;
      found (name, user_data);
      count++;
    }
  RegCloseKey (key);
  return count;
}

/* bw-vesc-serial.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GObject side of a serial port, the same on every system: the port
 * itself is bw-vesc-serial-posix.c or bw-vesc-serial-win32.c (meson picks
 * one), this file turns their statuses into BW_ERROR codes and hands them
 * GCancellable's pollfd to wait on.
 */
#include "config.h"

#include "bw-error.h"
#include "bw-vesc-serial-port.h"
#include "bw-vesc-serial.h"

/* How long a full output buffer may stay full before the port counts as stuck. */
#define BW_VESC_SERIAL_WRITE_STALL_MS 3000

struct _BwVescSerial
{
  BwVescTransport   parent_instance;
  BwVescSerialPort *port;
};

G_DEFINE_FINAL_TYPE (BwVescSerial, bw_vesc_serial, BW_TYPE_VESC_TRANSPORT)

/* A failure of an open port as a GError; FALSE when @status is none. */
static gboolean
set_port_error (BwVescSerial *self, BwVescSerialPortStatus status, const gchar *what, const gchar *detail,
                GCancellable *cancellable, GError **error)
{
  const gchar *port = bw_vesc_transport_get_description (BW_VESC_TRANSPORT (self));

  switch (status)
    {
    case BW_VESC_SERIAL_PORT_OK:
    case BW_VESC_SERIAL_PORT_TIMEOUT:
      return FALSE;
    case BW_VESC_SERIAL_PORT_CANCELLED:
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: %s cancelled", port, what);
      bw_error_convert (error);
      return TRUE;
    case BW_VESC_SERIAL_PORT_STALLED:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_NO_REPLY, "%s: the port does not take data", port);
      return TRUE;
    case BW_VESC_SERIAL_PORT_GONE:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED, "%s: the port went away (%s)", port, detail);
      return TRUE;
    case BW_VESC_SERIAL_PORT_NOT_FOUND:
    case BW_VESC_SERIAL_PORT_NOT_A_PORT:
    case BW_VESC_SERIAL_PORT_PERMISSION:
    case BW_VESC_SERIAL_PORT_BUSY:
    case BW_VESC_SERIAL_PORT_FAILED:
    default:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL, "%s: %s failed (%s)", port, what, detail);
      return TRUE;
    }
}

/* The cancellable as something the port can wait on: a file descriptor
 * on POSIX, an event HANDLE on Windows (GPollFD.fd is one there). */
static BwVescSerialPortCancel
cancel_handle (GCancellable *cancellable, GPollFD *pollfd)
{
  if (!g_cancellable_make_pollfd (cancellable, pollfd))
    return BW_VESC_SERIAL_PORT_NO_CANCEL;
  return (BwVescSerialPortCancel) pollfd->fd;
}

static gboolean
bw_vesc_serial_write_all (BwVescTransport *transport, const guint8 *data, gsize len,
                          GCancellable *cancellable, GError **error)
{
  BwVescSerial *self = BW_VESC_SERIAL (transport);
  gchar detail[BW_VESC_SERIAL_PORT_DETAIL_LEN] = "";
  GPollFD pollfd = { 0, 0, 0 };
  BwVescSerialPortCancel cancel;
  BwVescSerialPortStatus status;

  if (self->port == NULL)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED, "%s: the port is closed",
                   bw_vesc_transport_get_description (transport));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      bw_error_convert (error);
      return FALSE;
    }
  cancel = cancel_handle (cancellable, &pollfd);
  status = bw_vesc_serial_port_write (self->port, data, len, BW_VESC_SERIAL_WRITE_STALL_MS, cancel, detail,
                                      sizeof detail);
  if (cancel != BW_VESC_SERIAL_PORT_NO_CANCEL)
    g_cancellable_release_fd (cancellable);
  return !set_port_error (self, status, "write", detail, cancellable, error);
}

static gssize
bw_vesc_serial_read (BwVescTransport *transport, guint8 *buffer, gsize len, guint timeout_ms,
                     GCancellable *cancellable, GError **error)
{
  BwVescSerial *self = BW_VESC_SERIAL (transport);
  gchar detail[BW_VESC_SERIAL_PORT_DETAIL_LEN] = "";
  GPollFD pollfd = { 0, 0, 0 };
  BwVescSerialPortCancel cancel;
  BwVescSerialPortStatus status;
  gsize n_read = 0;

  if (self->port == NULL)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED, "%s: the port is closed",
                   bw_vesc_transport_get_description (transport));
      return -1;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      bw_error_convert (error);
      return -1;
    }
  cancel = cancel_handle (cancellable, &pollfd);
  status = bw_vesc_serial_port_read (self->port, buffer, len, timeout_ms, cancel, &n_read, detail,
                                     sizeof detail);
  if (cancel != BW_VESC_SERIAL_PORT_NO_CANCEL)
    g_cancellable_release_fd (cancellable);
  /* a cancel wins over bytes that came with it, as over silence */
  if (status != BW_VESC_SERIAL_PORT_CANCELLED && g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      bw_error_convert (error);
      return -1;
    }
  if (set_port_error (self, status, "read", detail, cancellable, error))
    return -1;
  return status == BW_VESC_SERIAL_PORT_TIMEOUT ? 0 : (gssize) n_read;
}

static void
bw_vesc_serial_close (BwVescTransport *transport)
{
  BwVescSerial *self = BW_VESC_SERIAL (transport);

  g_clear_pointer (&self->port, bw_vesc_serial_port_close);
}

static void
bw_vesc_serial_finalize (GObject *object)
{
  bw_vesc_serial_close (BW_VESC_TRANSPORT (object));
  G_OBJECT_CLASS (bw_vesc_serial_parent_class)->finalize (object);
}

static void
bw_vesc_serial_class_init (BwVescSerialClass *klass)
{
  BwVescTransportClass *transport_class = BW_VESC_TRANSPORT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = bw_vesc_serial_finalize;
  transport_class->write_all = bw_vesc_serial_write_all;
  transport_class->read = bw_vesc_serial_read;
  transport_class->close = bw_vesc_serial_close;
}

static void
bw_vesc_serial_init (BwVescSerial *self)
{
}

BwVescSerial *
bw_vesc_serial_open (const gchar *path, GError **error)
{
  gchar detail[BW_VESC_SERIAL_PORT_DETAIL_LEN] = "";
  BwVescSerialPort *port = NULL;
  BwVescSerial *self;

  g_return_val_if_fail (path != NULL, NULL);

  switch (bw_vesc_serial_port_open (path, &port, detail, sizeof detail))
    {
    case BW_VESC_SERIAL_PORT_OK:
      break;
    case BW_VESC_SERIAL_PORT_PERMISSION:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PERMISSION, "%s: %s", path, detail);
      return NULL;
    case BW_VESC_SERIAL_PORT_BUSY:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PERMISSION, "%s is in use by another program", path);
      return NULL;
    case BW_VESC_SERIAL_PORT_NOT_A_PORT:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND, "%s is not a serial port", path);
      return NULL;
    case BW_VESC_SERIAL_PORT_FAILED:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL, "%s: %s", path, detail);
      return NULL;
    case BW_VESC_SERIAL_PORT_NOT_FOUND:
    case BW_VESC_SERIAL_PORT_TIMEOUT:
    case BW_VESC_SERIAL_PORT_CANCELLED:
    case BW_VESC_SERIAL_PORT_GONE:
    case BW_VESC_SERIAL_PORT_STALLED:
    default:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND, "%s: %s", path, detail);
      return NULL;
    }
  self = g_object_new (BW_TYPE_VESC_SERIAL, NULL);
  self->port = port;
  bw_vesc_transport_set_description (BW_VESC_TRANSPORT (self), path);
  return self;
}

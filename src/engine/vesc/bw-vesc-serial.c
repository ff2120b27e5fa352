/* bw-vesc-serial.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw termios, no flow control: the VESC's USB port is a CDC-ACM device
 * whose baud rate is ignored, so 115200 is only a sane value for a real
 * UART adapter. Reads wait with poll() on the port and the cancellable.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bw-error.h"
#include "bw-vesc-serial.h"

/* How long a full output buffer may stay full before the port counts as stuck. */
#define BW_VESC_SERIAL_WRITE_STALL_MS 3000

struct _BwVescSerial
{
  BwVescTransport parent_instance;
  gint            fd;
};

G_DEFINE_FINAL_TYPE (BwVescSerial, bw_vesc_serial, BW_TYPE_VESC_TRANSPORT)

static void
set_io_error (BwVescSerial *self, gint saved_errno, const gchar *what, GError **error)
{
  const gchar *port = bw_vesc_transport_get_description (BW_VESC_TRANSPORT (self));

  if (saved_errno == EIO || saved_errno == ENXIO || saved_errno == ENODEV || saved_errno == EPIPE ||
      saved_errno == EBADF)
    g_set_error (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED, "%s: %s: the port went away (%s)", port, what,
                 g_strerror (saved_errno));
  else
    g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL, "%s: %s failed: %s", port, what, g_strerror (saved_errno));
}

static gboolean
bw_vesc_serial_write_all (BwVescTransport *transport, const guint8 *data, gsize len,
                          GCancellable *cancellable, GError **error)
{
  BwVescSerial *self = BW_VESC_SERIAL (transport);
  gsize done = 0;

  if (self->fd < 0)
    {
      set_io_error (self, EBADF, "write", error);
      return FALSE;
    }
  while (done < len)
    {
      gssize n = write (self->fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          struct pollfd pfd = { .fd = self->fd, .events = POLLOUT };

          if (poll (&pfd, 1, (gint) BW_VESC_SERIAL_WRITE_STALL_MS) == 0)
            {
              g_set_error (error, BW_ERROR, BW_ERROR_VESC_NO_REPLY, "%s: the port does not take data",
                           bw_vesc_transport_get_description (transport));
              return FALSE;
            }
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              bw_error_convert (error);
              return FALSE;
            }
          continue;
        }
      if (n < 0)
        {
          set_io_error (self, errno, "write", error);
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

static gssize
bw_vesc_serial_read (BwVescTransport *transport, guint8 *buffer, gsize len, guint timeout_ms,
                     GCancellable *cancellable, GError **error)
{
  BwVescSerial *self = BW_VESC_SERIAL (transport);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GPollFD cancel_fd = { -1, 0, 0 };
  gboolean have_cancel_fd;
  gssize result = -1;

  if (self->fd < 0)
    {
      set_io_error (self, EBADF, "read", error);
      return -1;
    }
  have_cancel_fd = g_cancellable_make_pollfd (cancellable, &cancel_fd);
  for (;;)
    {
      struct pollfd pfds[2] = { { .fd = self->fd, .events = POLLIN }, { .fd = cancel_fd.fd, .events = POLLIN } };
      gint64 left_ms = (deadline - g_get_monotonic_time () + 999) / 1000;
      gint ready;

      if (left_ms < 0)
        left_ms = 0;
      ready = poll (pfds, have_cancel_fd ? 2 : 1, (gint) left_ms);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready < 0)
        {
          set_io_error (self, errno, "poll", error);
          break;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          bw_error_convert (error);
          break;
        }
      if (ready == 0)
        {
          result = 0;
          break;
        }
      if (pfds[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))
        {
          gssize n = read (self->fd, buffer, len);

          if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
          if (n < 0)
            {
              set_io_error (self, errno, "read", error);
              break;
            }
          if (n == 0)
            {
              /* end of file on a tty: the other side hung up */
              set_io_error (self, EIO, "read", error);
              break;
            }
          result = n;
          break;
        }
    }
  if (have_cancel_fd)
    g_cancellable_release_fd (cancellable);
  return result;
}

static void
bw_vesc_serial_close (BwVescTransport *transport)
{
  BwVescSerial *self = BW_VESC_SERIAL (transport);

  if (self->fd >= 0)
    {
      ioctl (self->fd, TIOCNXCL);
      flock (self->fd, LOCK_UN);
      g_close (self->fd, NULL);
      self->fd = -1;
    }
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
  self->fd = -1;
}

BwVescSerial *
bw_vesc_serial_open (const gchar *path, GError **error)
{
  g_autoptr(BwVescSerial) self = NULL;
  struct termios tio;
  gint fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      gint saved_errno = errno;

      if (saved_errno == EACCES || saved_errno == EPERM)
        g_set_error (error, BW_ERROR, BW_ERROR_VESC_PERMISSION, "%s: %s", path, g_strerror (saved_errno));
      else if (saved_errno == EBUSY)
        g_set_error (error, BW_ERROR, BW_ERROR_VESC_PERMISSION, "%s is in use by another program", path);
      else
        g_set_error (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND, "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  self = g_object_new (BW_TYPE_VESC_SERIAL, NULL);
  self->fd = fd;
  bw_vesc_transport_set_description (BW_VESC_TRANSPORT (self), path);

  /* VESC Tool (or a second Bootwire) must not talk to the ESC at the same time. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PERMISSION, "%s is in use by another program", path);
      return NULL;
    }
  if (!isatty (fd) || tcgetattr (fd, &tio) != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND, "%s is not a serial port", path);
      return NULL;
    }
  /* and no other program may open it while we write (VESC Tool's serial
   * library asks for the same); root is exempt, hence the lock above too */
  ioctl (fd, TIOCEXCL);
  cfmakeraw (&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag &= ~(tcflag_t) CRTSCTS;
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  cfsetispeed (&tio, B115200);
  cfsetospeed (&tio, B115200);
  if (tcsetattr (fd, TCSANOW, &tio) != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND, "%s: cannot set raw mode: %s", path, g_strerror (errno));
      return NULL;
    }
  /* whatever the ESC sent before we came is not an answer to us */
  tcflush (fd, TCIOFLUSH);
  return g_steal_pointer (&self);
}

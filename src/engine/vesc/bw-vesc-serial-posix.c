/* bw-vesc-serial-posix.c: the serial port on Linux and macOS
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raw termios, no flow control: the VESC's USB port is a CDC-ACM device
 * whose baud rate is ignored, so 115200 is only a sane value for a real
 * UART adapter. Waits are poll() on the port and the cancel descriptor.
 *
 * On macOS a VESC is /dev/cu.usbmodem*: the tty.* twin of a port waits in
 * open() for a carrier a CDC-ACM device may never raise, which O_NONBLOCK
 * below also sidesteps.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bw-vesc-serial-port.h"

struct _BwVescSerialPort
{
  int fd;
};

static void
describe (char *detail, size_t detail_len, const char *what, int saved_errno)
{
  if (detail != NULL && detail_len > 0)
    snprintf (detail, detail_len, "%s: %s", what, strerror (saved_errno));
}

/* What an errno from read, write or poll on an open port means. */
static BwVescSerialPortStatus
io_failure (int saved_errno, const char *what, char *detail, size_t detail_len)
{
  describe (detail, detail_len, what, saved_errno);
  if (saved_errno == EIO || saved_errno == ENXIO || saved_errno == ENODEV || saved_errno == EPIPE ||
      saved_errno == EBADF)
    return BW_VESC_SERIAL_PORT_GONE;
  return BW_VESC_SERIAL_PORT_FAILED;
}

static long long
monotonic_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Waits for @events on the port, or for the cancel descriptor; returns
 * OK, TIMEOUT, CANCELLED or a failure. */
static BwVescSerialPortStatus
wait_port (BwVescSerialPort *port, short events, long long deadline_ms, BwVescSerialPortCancel cancel,
           char *detail, size_t detail_len)
{
  for (;;)
    {
      struct pollfd pfds[2] = { { .fd = port->fd, .events = events }, { .fd = (int) cancel, .events = POLLIN } };
      long long left_ms = deadline_ms - monotonic_ms ();
      int ready;

      if (left_ms < 0)
        left_ms = 0;
      ready = poll (pfds, cancel != BW_VESC_SERIAL_PORT_NO_CANCEL ? 2 : 1, (int) left_ms);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready < 0)
        return io_failure (errno, "poll", detail, detail_len);
      if (ready == 0)
        return BW_VESC_SERIAL_PORT_TIMEOUT;
      if (pfds[1].revents & POLLIN)
        return BW_VESC_SERIAL_PORT_CANCELLED;
      if (pfds[0].revents & (events | POLLHUP | POLLERR | POLLNVAL))
        return BW_VESC_SERIAL_PORT_OK;
    }
}

BwVescSerialPortStatus
bw_vesc_serial_port_write (BwVescSerialPort *port, const uint8_t *data, size_t len, unsigned int stall_ms,
                           BwVescSerialPortCancel cancel, char *detail, size_t detail_len)
{
  size_t done = 0;

  if (port == NULL || port->fd < 0)
    return io_failure (EBADF, "write", detail, detail_len);
  while (done < len)
    {
      ssize_t n = write (port->fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          BwVescSerialPortStatus status = wait_port (port, POLLOUT, monotonic_ms () + stall_ms, cancel,
                                                     detail, detail_len);

          if (status == BW_VESC_SERIAL_PORT_TIMEOUT)
            return BW_VESC_SERIAL_PORT_STALLED;
          if (status != BW_VESC_SERIAL_PORT_OK)
            return status;
          continue;
        }
      if (n < 0)
        return io_failure (errno, "write", detail, detail_len);
      done += (size_t) n;
    }
  return BW_VESC_SERIAL_PORT_OK;
}

BwVescSerialPortStatus
bw_vesc_serial_port_read (BwVescSerialPort *port, uint8_t *buffer, size_t len, unsigned int timeout_ms,
                          BwVescSerialPortCancel cancel, size_t *n_read, char *detail, size_t detail_len)
{
  long long deadline_ms = monotonic_ms () + timeout_ms;

  *n_read = 0;
  if (port == NULL || port->fd < 0)
    return io_failure (EBADF, "read", detail, detail_len);
  for (;;)
    {
      BwVescSerialPortStatus status = wait_port (port, POLLIN, deadline_ms, cancel, detail, detail_len);
      ssize_t n;

      if (status != BW_VESC_SERIAL_PORT_OK)
        return status;
      n = read (port->fd, buffer, len);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        return io_failure (errno, "read", detail, detail_len);
      if (n == 0)
        {
          /* end of file on a tty: the other side hung up */
          if (detail != NULL && detail_len > 0)
            snprintf (detail, detail_len, "read: the other side hung up");
          return BW_VESC_SERIAL_PORT_GONE;
        }
      *n_read = (size_t) n;
      return BW_VESC_SERIAL_PORT_OK;
    }
}

void
bw_vesc_serial_port_close (BwVescSerialPort *port)
{
  if (port == NULL)
    return;
  if (port->fd >= 0)
    {
      ioctl (port->fd, TIOCNXCL);
      flock (port->fd, LOCK_UN);
      close (port->fd);
    }
  free (port);
}

BwVescSerialPortStatus
bw_vesc_serial_port_open (const char *path, BwVescSerialPort **port, char *detail, size_t detail_len)
{
  struct termios tio;
  int fd;

  *port = NULL;
  fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      describe (detail, detail_len, "open", saved_errno);
      if (saved_errno == EACCES || saved_errno == EPERM)
        return BW_VESC_SERIAL_PORT_PERMISSION;
      if (saved_errno == EBUSY)
        return BW_VESC_SERIAL_PORT_BUSY;
      return BW_VESC_SERIAL_PORT_NOT_FOUND;
    }

  /* VESC Tool (or a second Bootwire) must not talk to the ESC at the same time. */
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      describe (detail, detail_len, "lock", errno);
      close (fd);
      return BW_VESC_SERIAL_PORT_BUSY;
    }
  if (!isatty (fd) || tcgetattr (fd, &tio) != 0)
    {
      close (fd);
      return BW_VESC_SERIAL_PORT_NOT_A_PORT;
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
      describe (detail, detail_len, "cannot set raw mode", errno);
      ioctl (fd, TIOCNXCL);
      close (fd);
      return BW_VESC_SERIAL_PORT_NOT_FOUND;
    }
  /* whatever the ESC sent before we came is not an answer to us */
  tcflush (fd, TCIOFLUSH);

  *port = calloc (1, sizeof **port);
  if (*port == NULL)
    {
      describe (detail, detail_len, "open", ENOMEM);
      ioctl (fd, TIOCNXCL);
      close (fd);
      return BW_VESC_SERIAL_PORT_FAILED;
    }
  (*port)->fd = fd;
  return BW_VESC_SERIAL_PORT_OK;
}

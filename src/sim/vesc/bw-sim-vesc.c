/* bw-sim-vesc.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Command handling after vedderb/bldc comm/commands.c and flash_helper.c:
 * COMM_ERASE_NEW_APP erases as many of sectors 8-10 as the size needs,
 * COMM_ERASE_BOOTLOADER erases sector 11 (only firmware 3.59 and later
 * knows the command), COMM_WRITE_NEW_APP_DATA programs byte by byte at
 * 0x08080000 + offset (programming only clears bits, as the flash does)
 * and answers id, ok, offset. COMM_BM_* run in the firmware's blocking
 * thread and answer id and a 16-bit result.
 *
 * The simulator keeps its own end of the pty's slave open, so that the
 * master never sees a hang-up while no host has the port open.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "bw-sim-vesc.h"
#include "bw-sim-vesc-bm.h"
#include "bw-sim-vesc-packet.h"

enum {
  COMM_FW_VERSION = 0,
  COMM_JUMP_TO_BOOTLOADER = 1,
  COMM_ERASE_NEW_APP = 2,
  COMM_WRITE_NEW_APP_DATA = 3,
  COMM_BM_CONNECT = 66,
  COMM_BM_ERASE_FLASH_ALL = 67,
  COMM_BM_WRITE_FLASH = 68,
  COMM_BM_REBOOT = 69,
  COMM_BM_DISCONNECT = 70,
  COMM_BM_MAP_PINS_DEFAULT = 71,
  COMM_BM_MAP_PINS_NRF5X = 72,
  COMM_ERASE_BOOTLOADER = 73,
  COMM_BM_MEM_READ = 80,
  COMM_WRITE_NEW_APP_DATA_LZO = 81,
  COMM_BM_WRITE_FLASH_LZO = 83,
};

#define NEW_APP_BASE      0x08080000u
#define SECTOR_128K       (128u * 1024u)
#define BOOTLOADER_SECTOR 0x080E0000u
/* The reply buffer of the blocking thread is 512 bytes: id, result, data. */
#define BM_READ_MAX       509u

struct _BwSimVesc
{
  GObject      parent_instance;

  GMutex       lock;
  guint        major;
  guint        minor;
  gchar       *hw_name;
  guint8       uuid[12];
  guint8      *flash;
  BwSimVescBm *bm;
  gboolean     has_swd_programmer;

  gint         master_fd;
  gint         slave_fd;
  gchar       *port;
  guint        unplug_after_writes;
  guint        unplug_after_bm_writes;
  BwSimVescReplyFault reply_fault;
  guint        writes;
  guint        bm_writes;
  guint        packets;
  guint        rejected;
  GPtrArray   *violations;
  BwSimVescPacketReader *reader;

  GThread     *thread;
  gint         wake_fds[2];
  gboolean     stopping;
};

G_DEFINE_FINAL_TYPE (BwSimVesc, bw_sim_vesc, G_TYPE_OBJECT)

static void
violation (BwSimVesc *self, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static void
violation (BwSimVesc *self, const gchar *format, ...)
{
  va_list args;
  gchar *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("sim VESC: %s", text);
  g_ptr_array_add (self->violations, text);
}

static guint32
get_u32 (const guint8 *at)
{
  return (guint32) at[0] << 24 | (guint32) at[1] << 16 | (guint32) at[2] << 8 | at[3];
}

static void
append_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { (guint8) (v >> 24), (guint8) (v >> 16), (guint8) (v >> 8), (guint8) v };

  g_byte_array_append (out, b, 4);
}

static void
append_i16 (GByteArray *out, gint v)
{
  guint8 b[2] = { (guint8) ((guint16) v >> 8), (guint8) v };

  g_byte_array_append (out, b, 2);
}

static GByteArray *
reply_with (guint8 id)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, &id, 1);
  return out;
}

/* Under the lock, on the sim thread. */
static void
unplug_locked (BwSimVesc *self)
{
  if (self->master_fd >= 0)
    g_close (self->master_fd, NULL);
  if (self->slave_fd >= 0)
    g_close (self->slave_fd, NULL);
  self->master_fd = -1;
  self->slave_fd = -1;
}

static void
erase_sector (BwSimVesc *self, guint32 address)
{
  memset (self->flash + (address - BW_SIM_VESC_FLASH_BASE), 0xFF, SECTOR_128K);
}

/* FLASH_ProgramByte() one byte after another; FALSE past the end of flash. */
static gboolean
program (BwSimVesc *self, guint32 address, const guint8 *data, gsize len)
{
  if ((guint64) address + len > (guint64) BW_SIM_VESC_FLASH_BASE + BW_SIM_VESC_FLASH_SIZE ||
      address < BW_SIM_VESC_FLASH_BASE)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      guint8 *cell = self->flash + (address - BW_SIM_VESC_FLASH_BASE) + i;

      if ((*cell & data[i]) != data[i])
        violation (self, "programmed 0x%02X over 0x%02X at 0x%08" G_GINT64_MODIFIER "X without an erase",
                   data[i], *cell, (guint64) address + i);
      *cell &= data[i];
    }
  return TRUE;
}

static GByteArray *
fw_version_reply (BwSimVesc *self)
{
  GByteArray *out = reply_with (COMM_FW_VERSION);
  const guint8 tail[8] = { 0, 0, 0 /* HW_TYPE_VESC */, 0, 0, 0, 0, 0 };
  guint8 version[2] = { (guint8) self->major, (guint8) self->minor };

  g_byte_array_append (out, version, 2);
  g_byte_array_append (out, (const guint8 *) self->hw_name, (guint) strlen (self->hw_name) + 1);
  g_byte_array_append (out, self->uuid, 12);
  g_byte_array_append (out, tail, sizeof tail);
  g_byte_array_append (out, (const guint8 *) "bootwire-sim", 13);
  return out;
}

static gboolean
knows_erase_bootloader (BwSimVesc *self)
{
  return self->major > 3 || (self->major == 3 && self->minor >= 59);
}

/* Under the lock: one command; returns the reply payload or NULL. */
static GByteArray *
handle (BwSimVesc *self, const guint8 *p, gsize len)
{
  guint8 id = p[0];

  self->packets++;
  switch (id)
    {
    case COMM_FW_VERSION:
      return fw_version_reply (self);

    case COMM_JUMP_TO_BOOTLOADER:
      /* USB stops; the bootloader would copy the staged image */
      unplug_locked (self);
      return NULL;

    case COMM_ERASE_NEW_APP:
      {
        GByteArray *out = reply_with (id);
        guint8 ok = 0;

        if (len < 5)
          violation (self, "COMM_ERASE_NEW_APP without its size");
        else
          {
            guint64 end = (guint64) NEW_APP_BASE + get_u32 (p + 1);

            for (guint i = 0; i < 3 && end > NEW_APP_BASE + i * SECTOR_128K; i++)
              erase_sector (self, NEW_APP_BASE + i * SECTOR_128K);
            ok = 1;
          }
        g_byte_array_append (out, &ok, 1);
        return out;
      }

    case COMM_ERASE_BOOTLOADER:
      {
        GByteArray *out;
        guint8 ok = 1;

        if (!knows_erase_bootloader (self))
          {
            violation (self, "COMM_ERASE_BOOTLOADER sent to firmware %u.%02u, which does not know it",
                       self->major, self->minor);
            return NULL;
          }
        erase_sector (self, BOOTLOADER_SECTOR);
        out = reply_with (id);
        g_byte_array_append (out, &ok, 1);
        return out;
      }

    case COMM_WRITE_NEW_APP_DATA:
      {
        GByteArray *out;
        guint32 offset;
        guint8 ok;

        if (len < 6)
          {
            violation (self, "COMM_WRITE_NEW_APP_DATA with %" G_GSIZE_FORMAT " bytes, no data", len);
            return NULL;
          }
        offset = get_u32 (p + 1);
        ok = program (self, NEW_APP_BASE + offset, p + 5, len - 5) ? 1 : 0;
        if (!ok)
          violation (self, "COMM_WRITE_NEW_APP_DATA past the end of flash (offset 0x%X)", offset);
        self->writes++;
        if (self->unplug_after_writes != 0 && self->writes == self->unplug_after_writes)
          {
            unplug_locked (self);
            return NULL;
          }
        out = reply_with (id);
        g_byte_array_append (out, &ok, 1);
        append_u32 (out, offset);
        return out;
      }

    case COMM_WRITE_NEW_APP_DATA_LZO:
    case COMM_BM_WRITE_FLASH_LZO:
      violation (self, "LZO-compressed writes are not simulated (command %u)", id);
      return NULL;

    case COMM_BM_MAP_PINS_DEFAULT:
    case COMM_BM_MAP_PINS_NRF5X:
    case COMM_BM_CONNECT:
    case COMM_BM_ERASE_FLASH_ALL:
    case COMM_BM_WRITE_FLASH:
    case COMM_BM_REBOOT:
    case COMM_BM_DISCONNECT:
    case COMM_BM_MEM_READ:
      {
        GByteArray *out;

        if (!self->has_swd_programmer)
          return NULL;
        out = reply_with (id);
        if (id == COMM_BM_MAP_PINS_DEFAULT)
          append_i16 (out, 1);
        else if (id == COMM_BM_MAP_PINS_NRF5X)
          append_i16 (out, 0); /* no internal NRF module on this hardware */
        else if (id == COMM_BM_CONNECT)
          append_i16 (out, bw_sim_vesc_bm_connect (self->bm));
        else if (id == COMM_BM_ERASE_FLASH_ALL)
          append_i16 (out, bw_sim_vesc_bm_erase_all (self->bm));
        else if (id == COMM_BM_REBOOT)
          append_i16 (out, bw_sim_vesc_bm_reboot (self->bm));
        else if (id == COMM_BM_DISCONNECT)
          bw_sim_vesc_bm_disconnect (self->bm);
        else if (id == COMM_BM_WRITE_FLASH)
          {
            if (len < 6)
              {
                violation (self, "COMM_BM_WRITE_FLASH with %" G_GSIZE_FORMAT " bytes, no data", len);
                append_i16 (out, -2);
              }
            else
              append_i16 (out, bw_sim_vesc_bm_write_flash (self->bm, get_u32 (p + 1), p + 5, len - 5));
            self->bm_writes++;
            if (self->unplug_after_bm_writes != 0 && self->bm_writes == self->unplug_after_bm_writes)
              {
                /* the chunk went to the target; the answer is lost with the cable */
                g_byte_array_unref (out);
                unplug_locked (self);
                return NULL;
              }
          }
        else
          {
            guint8 data[BM_READ_MAX];
            guint read_len;

            if (len < 7)
              {
                violation (self, "COMM_BM_MEM_READ with %" G_GSIZE_FORMAT " bytes", len);
                g_byte_array_unref (out);
                return NULL;
              }
            read_len = (guint) p[5] << 8 | p[6];
            if (read_len > BM_READ_MAX)
              {
                violation (self, "COMM_BM_MEM_READ of %u bytes, more than the %u the firmware sends", read_len,
                           BM_READ_MAX);
                read_len = BM_READ_MAX;
              }
            append_i16 (out, bw_sim_vesc_bm_mem_read (self->bm, get_u32 (p + 1), data, read_len));
            g_byte_array_append (out, data, read_len);
          }
        return out;
      }

    default:
      return NULL;
    }
}

static void
send_reply (gint fd, GByteArray *payload, BwSimVescReplyFault fault)
{
  g_autoptr(GByteArray) frame = bw_sim_vesc_packet_frame (payload->data, payload->len);
  gsize done = 0;

  if (fault == BW_SIM_VESC_REPLY_BAD_CRC)
    frame->data[frame->len - 2] ^= 0x01;
  else if (fault == BW_SIM_VESC_REPLY_GARBAGE)
    for (guint i = 0; i < frame->len; i++)
      /* never a start byte, so the host's reader can only throw it away */
      frame->data[i] = (guint8) g_random_int_range (4, 256);

  while (done < frame->len)
    {
      gssize n = write (fd, frame->data + done, frame->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          struct pollfd pfd = { .fd = fd, .events = POLLOUT };

          if (poll (&pfd, 1, 1000) <= 0)
            return;
          continue;
        }
      if (n <= 0)
        return;
      done += (gsize) n;
    }
}

static gpointer
serve (gpointer data)
{
  BwSimVesc *self = data;
  guint8 buffer[4096];

  for (;;)
    {
      struct pollfd pfds[2];
      nfds_t n_fds = 1;
      gint fd;

      g_mutex_lock (&self->lock);
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      fd = self->master_fd;
      g_mutex_unlock (&self->lock);

      pfds[0] = (struct pollfd) { .fd = self->wake_fds[0], .events = POLLIN };
      if (fd >= 0)
        {
          pfds[1] = (struct pollfd) { .fd = fd, .events = POLLIN };
          n_fds = 2;
        }
      if (poll (pfds, n_fds, -1) < 0)
        continue;
      if (pfds[0].revents & POLLIN)
        {
          guint8 drain[64];

          while (read (self->wake_fds[0], drain, sizeof drain) > 0)
            ;
          continue;
        }
      if (n_fds == 2 && (pfds[1].revents & POLLIN))
        {
          gssize n;

          g_mutex_lock (&self->lock);
          if (fd != self->master_fd)
            {
              g_mutex_unlock (&self->lock);
              continue;
            }
          n = read (fd, buffer, sizeof buffer);
          for (gssize i = 0; i < n && self->master_fd == fd; i++)
            {
              g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

              bw_sim_vesc_packet_reader_byte (self->reader, buffer[i], payloads);
              for (guint k = 0; k < payloads->len && self->master_fd == fd; k++)
                {
                  gsize len = 0;
                  const guint8 *p = g_bytes_get_data (payloads->pdata[k], &len);
                  g_autoptr(GByteArray) reply = handle (self, p, len);

                  if (reply != NULL && self->master_fd == fd)
                    send_reply (fd, reply, self->reply_fault);
                }
            }
          self->rejected = bw_sim_vesc_packet_reader_get_rejected (self->reader);
          g_mutex_unlock (&self->lock);
        }
    }
  return NULL;
}

static void
wake (BwSimVesc *self)
{
  guint8 one = 1;

  if (write (self->wake_fds[1], &one, 1) < 0 && errno != EAGAIN)
    g_warning ("sim VESC: cannot wake the thread: %s", g_strerror (errno));
}

static void
bw_sim_vesc_dispose (GObject *object)
{
  bw_sim_vesc_stop (BW_SIM_VESC (object));
  G_OBJECT_CLASS (bw_sim_vesc_parent_class)->dispose (object);
}

static void
bw_sim_vesc_finalize (GObject *object)
{
  BwSimVesc *self = BW_SIM_VESC (object);

  g_free (self->hw_name);
  g_free (self->flash);
  g_clear_object (&self->bm);
  g_free (self->port);
  g_ptr_array_unref (self->violations);
  bw_sim_vesc_packet_reader_free (self->reader);
  g_close (self->wake_fds[0], NULL);
  g_close (self->wake_fds[1], NULL);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (bw_sim_vesc_parent_class)->finalize (object);
}

static void
bw_sim_vesc_class_init (BwSimVescClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bw_sim_vesc_dispose;
  G_OBJECT_CLASS (klass)->finalize = bw_sim_vesc_finalize;
}

static void
bw_sim_vesc_init (BwSimVesc *self)
{
  static const guint8 uuid[12] = { 0x1F, 0x00, 0x3A, 0x00, 0x0B, 0x51, 0x36, 0x30, 0x33, 0x33, 0x39, 0x37 };

  g_mutex_init (&self->lock);
  self->flash = g_malloc (BW_SIM_VESC_FLASH_SIZE);
  memset (self->flash, 0xFF, BW_SIM_VESC_FLASH_SIZE);
  memcpy (self->uuid, uuid, sizeof uuid);
  self->bm = bw_sim_vesc_bm_new (NULL);
  self->has_swd_programmer = TRUE;
  self->master_fd = -1;
  self->slave_fd = -1;
  self->violations = g_ptr_array_new_with_free_func (g_free);
  self->reader = bw_sim_vesc_packet_reader_new ();
  if (!g_unix_open_pipe (self->wake_fds, FD_CLOEXEC, NULL))
    g_error ("sim VESC: no pipe");
  g_unix_set_fd_nonblocking (self->wake_fds[0], TRUE, NULL);
  g_unix_set_fd_nonblocking (self->wake_fds[1], TRUE, NULL);
}

BwSimVesc *
bw_sim_vesc_new (guint major, guint minor, const gchar *hw_name)
{
  BwSimVesc *self = g_object_new (BW_SIM_TYPE_VESC, NULL);

  self->major = major;
  self->minor = minor;
  self->hw_name = g_strdup (hw_name != NULL ? hw_name : "");
  return self;
}

void
bw_sim_vesc_set_swd_target (BwSimVesc *self, BwSimStm32f405 *target)
{
  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_mutex_lock (&self->lock);
  g_clear_object (&self->bm);
  self->bm = bw_sim_vesc_bm_new (target);
  g_mutex_unlock (&self->lock);
}

void
bw_sim_vesc_set_has_swd_programmer (BwSimVesc *self, gboolean has)
{
  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_mutex_lock (&self->lock);
  self->has_swd_programmer = has;
  g_mutex_unlock (&self->lock);
}

void
bw_sim_vesc_load_flash (BwSimVesc *self, guint32 address, const guint8 *data, gsize len)
{
  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_return_if_fail (address >= BW_SIM_VESC_FLASH_BASE &&
                    (guint64) address + len <= (guint64) BW_SIM_VESC_FLASH_BASE + BW_SIM_VESC_FLASH_SIZE);
  g_mutex_lock (&self->lock);
  memcpy (self->flash + (address - BW_SIM_VESC_FLASH_BASE), data, len);
  g_mutex_unlock (&self->lock);
}

GBytes *
bw_sim_vesc_dup_flash (BwSimVesc *self, guint32 address, gsize len)
{
  GBytes *copy;

  g_return_val_if_fail (BW_SIM_IS_VESC (self), NULL);
  g_return_val_if_fail (address >= BW_SIM_VESC_FLASH_BASE &&
                        (guint64) address + len <= (guint64) BW_SIM_VESC_FLASH_BASE + BW_SIM_VESC_FLASH_SIZE, NULL);
  g_mutex_lock (&self->lock);
  copy = g_bytes_new (self->flash + (address - BW_SIM_VESC_FLASH_BASE), len);
  g_mutex_unlock (&self->lock);
  return copy;
}

gboolean
bw_sim_vesc_plug (BwSimVesc *self, GError **error)
{
  gint master, slave;
  struct termios tio;
  gchar name[256];

  g_return_val_if_fail (BW_SIM_IS_VESC (self), FALSE);

  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt (master) != 0 || unlockpt (master) != 0 || ptsname_r (master, name, sizeof name) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot make a pseudo-terminal: %s",
                   g_strerror (errno));
      if (master >= 0)
        g_close (master, NULL);
      return FALSE;
    }
  slave = g_open (name, O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
  if (slave < 0 || tcgetattr (slave, &tio) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", name, g_strerror (errno));
      g_close (master, NULL);
      if (slave >= 0)
        g_close (slave, NULL);
      return FALSE;
    }
  /* no echo, no line discipline: bytes pass as they are until the host sets its own mode */
  cfmakeraw (&tio);
  tcsetattr (slave, TCSANOW, &tio);
  g_unix_set_fd_nonblocking (master, TRUE, NULL);

  g_mutex_lock (&self->lock);
  unplug_locked (self);
  self->master_fd = master;
  self->slave_fd = slave;
  g_free (self->port);
  self->port = g_strdup (name);
  bw_sim_vesc_packet_reader_free (self->reader);
  self->reader = bw_sim_vesc_packet_reader_new ();
  self->writes = 0;
  self->bm_writes = 0;
  if (self->thread == NULL)
    {
      self->stopping = FALSE;
      self->thread = g_thread_new ("sim-vesc", serve, self);
    }
  g_mutex_unlock (&self->lock);
  wake (self);
  return TRUE;
}

const gchar *
bw_sim_vesc_get_port (BwSimVesc *self)
{
  g_return_val_if_fail (BW_SIM_IS_VESC (self), NULL);
  return self->port;
}

void
bw_sim_vesc_unplug (BwSimVesc *self)
{
  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_mutex_lock (&self->lock);
  unplug_locked (self);
  g_mutex_unlock (&self->lock);
  wake (self);
}

gboolean
bw_sim_vesc_is_plugged (BwSimVesc *self)
{
  gboolean plugged;

  g_return_val_if_fail (BW_SIM_IS_VESC (self), FALSE);
  g_mutex_lock (&self->lock);
  plugged = self->master_fd >= 0;
  g_mutex_unlock (&self->lock);
  return plugged;
}

void
bw_sim_vesc_set_unplug_after_writes (BwSimVesc *self, guint n)
{
  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_mutex_lock (&self->lock);
  self->unplug_after_writes = n;
  g_mutex_unlock (&self->lock);
}

void
bw_sim_vesc_set_unplug_after_bm_writes (BwSimVesc *self, guint n)
{
  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_mutex_lock (&self->lock);
  self->unplug_after_bm_writes = n;
  g_mutex_unlock (&self->lock);
}

void
bw_sim_vesc_set_reply_fault (BwSimVesc *self, BwSimVescReplyFault fault)
{
  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_mutex_lock (&self->lock);
  self->reply_fault = fault;
  g_mutex_unlock (&self->lock);
}

void
bw_sim_vesc_stop (BwSimVesc *self)
{
  GThread *thread;

  g_return_if_fail (BW_SIM_IS_VESC (self));
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  unplug_locked (self);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);
  if (thread != NULL)
    {
      wake (self);
      g_thread_join (thread);
    }
}

guint
bw_sim_vesc_get_packets (BwSimVesc *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->packets;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
bw_sim_vesc_get_rejected_bytes (BwSimVesc *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->rejected;
  g_mutex_unlock (&self->lock);
  return n;
}

GStrv
bw_sim_vesc_get_violations (BwSimVesc *self)
{
  GStrv copy;

  g_mutex_lock (&self->lock);
  copy = g_new0 (gchar *, self->violations->len + 1);
  for (guint i = 0; i < self->violations->len; i++)
    copy[i] = g_strdup (self->violations->pdata[i]);
  g_mutex_unlock (&self->lock);
  return copy;
}

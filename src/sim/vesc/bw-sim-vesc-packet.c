/* bw-sim-vesc-packet.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-sim-vesc-packet.h"

struct _BwSimVescPacketReader
{
  guint8 buffer[BW_SIM_VESC_MAX_PAYLOAD + 8];
  gsize  fill;
  guint  rejected; /* bytes skipped while resynchronising */
};

/* Table-free CRC-CCITT, polynomial 0x1021, start 0, MSB first. */
guint16
bw_sim_vesc_crc16 (const guint8 *data, gsize len)
{
  guint32 crc = 0;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= (guint32) data[i] << 8;
      for (gint bit = 0; bit < 8; bit++)
        {
          crc <<= 1;
          if (crc & 0x10000u)
            crc ^= 0x11021u;
        }
    }
  return (guint16) crc;
}

GByteArray *
bw_sim_vesc_packet_frame (const guint8 *payload, gsize len)
{
  GByteArray *out = g_byte_array_new ();
  guint16 crc = bw_sim_vesc_crc16 (payload, len);
  guint8 b;

  g_assert (len >= 1 && len <= 0xFFFF);
  if (len < 256)
    {
      b = 2; g_byte_array_append (out, &b, 1);
      b = (guint8) len; g_byte_array_append (out, &b, 1);
    }
  else
    {
      b = 3; g_byte_array_append (out, &b, 1);
      b = (guint8) (len >> 8); g_byte_array_append (out, &b, 1);
      b = (guint8) (len & 0xFF); g_byte_array_append (out, &b, 1);
    }
  g_byte_array_append (out, payload, (guint) len);
  b = (guint8) (crc >> 8); g_byte_array_append (out, &b, 1);
  b = (guint8) (crc & 0xFF); g_byte_array_append (out, &b, 1);
  b = 3; g_byte_array_append (out, &b, 1);
  return out;
}

BwSimVescPacketReader *
bw_sim_vesc_packet_reader_new (void)
{
  return g_new0 (BwSimVescPacketReader, 1);
}

void
bw_sim_vesc_packet_reader_free (BwSimVescPacketReader *self)
{
  g_free (self);
}

/* -1: not a packet at the start of the buffer; 0: need more; >0: packet length. */
static gssize
check_start (const guint8 *buf, gsize n, gsize *data_start, gsize *len)
{
  if (n == 0)
    return 0;
  if (buf[0] != 2 && buf[0] != 3)
    return -1;
  *data_start = buf[0];
  if (n < *data_start)
    return 0;
  *len = buf[0] == 2 ? buf[1] : ((gsize) buf[1] << 8 | buf[2]);
  if ((buf[0] == 2 && *len < 1) || (buf[0] == 3 && *len < 255) || *len > BW_SIM_VESC_MAX_PAYLOAD)
    return -1;
  if (n < *data_start + *len + 3)
    return 0;
  if (buf[*data_start + *len + 2] != 3)
    return -1;
  if (bw_sim_vesc_crc16 (buf + *data_start, *len) !=
      ((guint16) buf[*data_start + *len] << 8 | buf[*data_start + *len + 1]))
    return -1;
  return (gssize) (*data_start + *len + 3);
}

void
bw_sim_vesc_packet_reader_byte (BwSimVescPacketReader *self, guint8 byte, GPtrArray *out)
{
  if (self->fill == sizeof self->buffer)
    {
      /* out of space: start again from this byte, as the firmware does */
      self->rejected += (guint) self->fill;
      self->fill = 0;
    }
  self->buffer[self->fill++] = byte;
  for (;;)
    {
      gsize data_start = 0, len = 0;
      gssize r = check_start (self->buffer, self->fill, &data_start, &len);

      if (r == 0)
        break;
      if (r < 0)
        {
          memmove (self->buffer, self->buffer + 1, --self->fill);
          self->rejected++;
          continue;
        }
      g_ptr_array_add (out, g_bytes_new (self->buffer + data_start, len));
      self->fill -= (gsize) r;
      memmove (self->buffer, self->buffer + r, self->fill);
    }
}

guint
bw_sim_vesc_packet_reader_get_rejected (BwSimVescPacketReader *self)
{
  return self->rejected;
}

/* bw-vesc-packet.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Framing rules from vedderb/bldc comm/packet.c (packet_send_packet,
 * try_decode_packet): start byte 2 for payloads of 1-255 bytes and 3 for
 * 256-65535 (a long header with a length below 255 is invalid), CRC over
 * the payload only, end byte 3.
 */
#include "config.h"

#include <string.h>

#include "bw-vesc-packet.h"

#define START_SHORT 2u
#define START_LONG  3u
#define END_BYTE    3u

struct _BwVescPacketDecoder
{
  gsize       max_payload;
  GByteArray *pending;
  GQueue      payloads; /* GBytes */
  guint64     dropped_bytes;
  guint64     crc_errors;
};

/* CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection): the
 * crc16() that vedderb/bldc comm/packet.c puts in every packet. */
guint16
bw_vesc_crc16 (const guint8 *data, gsize len)
{
  guint16 crc = 0;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= (guint16) (data[i] << 8);
      for (guint bit = 0; bit < 8; bit++)
        crc = (crc & 0x8000u) ? (guint16) ((crc << 1) ^ 0x1021u) : (guint16) (crc << 1);
    }
  return crc;
}

GByteArray *
bw_vesc_packet_encode (const guint8 *payload, gsize len)
{
  GByteArray *packet;
  guint8 header[3];
  guint8 trailer[3];
  guint16 crc;
  guint header_len;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (len >= 1 && len <= 0xFFFF, NULL);

  if (len <= 0xFF)
    {
      header[0] = START_SHORT;
      header[1] = (guint8) len;
      header_len = 2;
    }
  else
    {
      header[0] = START_LONG;
      header[1] = (guint8) (len >> 8);
      header[2] = (guint8) len;
      header_len = 3;
    }
  crc = bw_vesc_crc16 (payload, len);
  trailer[0] = (guint8) (crc >> 8);
  trailer[1] = (guint8) crc;
  trailer[2] = END_BYTE;

  packet = g_byte_array_sized_new ((guint) (header_len + len + 3));
  g_byte_array_append (packet, header, header_len);
  g_byte_array_append (packet, payload, (guint) len);
  g_byte_array_append (packet, trailer, 3);
  return packet;
}

BwVescPacketDecoder *
bw_vesc_packet_decoder_new (gsize max_payload)
{
  BwVescPacketDecoder *self = g_new0 (BwVescPacketDecoder, 1);

  g_return_val_if_fail (max_payload >= 1 && max_payload <= 0xFFFF, NULL);

  self->max_payload = max_payload;
  self->pending = g_byte_array_new ();
  g_queue_init (&self->payloads);
  return self;
}

void
bw_vesc_packet_decoder_free (BwVescPacketDecoder *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->pending);
  g_queue_clear_full (&self->payloads, (GDestroyNotify) g_bytes_unref);
  g_free (self);
}

typedef enum {
  TRY_NEED_MORE,
  TRY_INVALID,
  TRY_BAD_CRC,
  TRY_PACKET,
} TryResult;

/* Looks at the bytes at the start of @buf; on TRY_PACKET sets the payload
 * position and the packet's whole length. */
static TryResult
try_decode (const BwVescPacketDecoder *self, const guint8 *buf, gsize n,
            gsize *payload_at, gsize *payload_len, gsize *packet_len)
{
  gsize header_len;
  gsize len;

  if (n == 0)
    return TRY_NEED_MORE;
  if (buf[0] == START_SHORT)
    header_len = 2;
  else if (buf[0] == START_LONG)
    header_len = 3;
  else
    return TRY_INVALID;
  if (n < header_len)
    return TRY_NEED_MORE;

  if (header_len == 2)
    {
      len = buf[1];
      if (len < 1)
        return TRY_INVALID;
    }
  else
    {
      len = (gsize) buf[1] << 8 | buf[2];
      if (len < 255)
        return TRY_INVALID;
    }
  if (len > self->max_payload)
    return TRY_INVALID;
  if (n < header_len + len + 3)
    return TRY_NEED_MORE;
  if (buf[header_len + len + 2] != END_BYTE)
    return TRY_INVALID;
  if (bw_vesc_crc16 (buf + header_len, len) != ((guint16) buf[header_len + len] << 8 | buf[header_len + len + 1]))
    return TRY_BAD_CRC;

  *payload_at = header_len;
  *payload_len = len;
  *packet_len = header_len + len + 3;
  return TRY_PACKET;
}

void
bw_vesc_packet_decoder_feed (BwVescPacketDecoder *self, const guint8 *data, gsize len)
{
  gsize consumed = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);

  g_byte_array_append (self->pending, data, (guint) len);
  for (;;)
    {
      gsize payload_at = 0, payload_len = 0, packet_len = 0;
      TryResult result = try_decode (self, self->pending->data + consumed, self->pending->len - consumed,
                                     &payload_at, &payload_len, &packet_len);

      if (result == TRY_NEED_MORE)
        break;
      if (result == TRY_PACKET)
        {
          g_queue_push_tail (&self->payloads,
                             g_bytes_new (self->pending->data + consumed + payload_at, payload_len));
          consumed += packet_len;
          continue;
        }
      if (result == TRY_BAD_CRC)
        self->crc_errors++;
      self->dropped_bytes++;
      consumed++;
    }
  if (consumed > 0)
    g_byte_array_remove_range (self->pending, 0, (guint) consumed);
}

GBytes *
bw_vesc_packet_decoder_pop (BwVescPacketDecoder *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_queue_pop_head (&self->payloads);
}

void
bw_vesc_packet_decoder_reset (BwVescPacketDecoder *self)
{
  g_return_if_fail (self != NULL);
  g_byte_array_set_size (self->pending, 0);
  g_queue_clear_full (&self->payloads, (GDestroyNotify) g_bytes_unref);
  g_queue_init (&self->payloads);
}

guint64
bw_vesc_packet_decoder_get_dropped_bytes (BwVescPacketDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->dropped_bytes;
}

guint64
bw_vesc_packet_decoder_get_crc_errors (BwVescPacketDecoder *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->crc_errors;
}

/* bw-vesc-packet.h: the framing of the VESC packet protocol
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A packet is a start byte (2: one length byte follows, 3: two, big
 * endian), the payload, its CRC-16/XMODEM big endian and the end byte 3.
 * The first payload byte is the command id (bw-vesc-commands.h).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest payload the ESC firmware accepts (PACKET_MAX_PL_LEN in
 * vedderb/bldc); a longer packet is dropped without a reply. */
#define BW_VESC_PACKET_MAX_PAYLOAD  512u
/* Start, two length bytes, CRC, end. */
#define BW_VESC_PACKET_OVERHEAD     6u

guint16     bw_vesc_crc16          (const guint8 *data,
                                    gsize         len);
/* A whole packet for @payload (1 ..= 65535 bytes). */
GByteArray *bw_vesc_packet_encode  (const guint8 *payload,
                                    gsize         len);

typedef struct _BwVescPacketDecoder BwVescPacketDecoder;

/* A streaming decoder: feed it whatever the port gave, take out the
 * payloads of the valid packets. Like the firmware it resynchronises by
 * dropping one byte at a time when what it holds is not a valid packet
 * (bad start byte, length out of range, bad end byte, bad CRC). */
BwVescPacketDecoder *bw_vesc_packet_decoder_new      (gsize                max_payload);
void                 bw_vesc_packet_decoder_free     (BwVescPacketDecoder *self);
void                 bw_vesc_packet_decoder_feed     (BwVescPacketDecoder *self,
                                                      const guint8        *data,
                                                      gsize                len);
/* The next decoded payload, or NULL when no complete packet is held. */
GBytes              *bw_vesc_packet_decoder_pop      (BwVescPacketDecoder *self);
void                 bw_vesc_packet_decoder_reset    (BwVescPacketDecoder *self);
/* Bytes thrown away while resynchronising, and packets dropped for a bad CRC. */
guint64              bw_vesc_packet_decoder_get_dropped_bytes (BwVescPacketDecoder *self);
guint64              bw_vesc_packet_decoder_get_crc_errors    (BwVescPacketDecoder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwVescPacketDecoder, bw_vesc_packet_decoder_free)

G_END_DECLS

/* bw-sim-vesc-packet.h: the firmware's side of the VESC packet framing
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written apart from the engine's framing on purpose: the simulator is a
 * second, independent reading of vedderb/bldc comm/packet.c, so a shared
 * mistake cannot pass the tests.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* PACKET_MAX_PL_LEN of the ESC firmware. */
#define BW_SIM_VESC_MAX_PAYLOAD 512u

typedef struct _BwSimVescPacketReader BwSimVescPacketReader;

guint16                bw_sim_vesc_crc16              (const guint8 *data,
                                                       gsize         len);
GByteArray            *bw_sim_vesc_packet_frame       (const guint8 *payload,
                                                       gsize         len);

BwSimVescPacketReader *bw_sim_vesc_packet_reader_new  (void);
void                   bw_sim_vesc_packet_reader_free (BwSimVescPacketReader *self);
/* One byte from the port, as packet_process_byte(); appends to @out (of
 * GBytes) the payloads of the valid packets this byte completed. */
void                   bw_sim_vesc_packet_reader_byte (BwSimVescPacketReader *self,
                                                       guint8                 byte,
                                                       GPtrArray             *out);
guint                  bw_sim_vesc_packet_reader_get_rejected (BwSimVescPacketReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwSimVescPacketReader, bw_sim_vesc_packet_reader_free)

G_END_DECLS

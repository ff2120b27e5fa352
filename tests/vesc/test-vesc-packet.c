/* test-vesc-packet.c: VESC packet framing, CRC, firmware-version replies
 * and the choice of bootloader, without any device
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-sim-vesc-packet.h"

static GBytes *
pop (BwVescPacketDecoder *decoder)
{
  return bw_vesc_packet_decoder_pop (decoder);
}

static void
assert_payload (GBytes *payload, const guint8 *expected, gsize len)
{
  g_assert_nonnull (payload);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), expected, len);
  g_bytes_unref (payload);
}

static void
test_crc (void)
{
  /* the CRC-16/XMODEM check value, and the same from the simulator's own code */
  g_assert_cmphex (bw_vesc_crc16 ((const guint8 *) "123456789", 9), ==, 0x31C3);
  g_assert_cmphex (bw_sim_vesc_crc16 ((const guint8 *) "123456789", 9), ==, 0x31C3);
  g_assert_cmphex (bw_vesc_crc16 (NULL, 0), ==, 0);
}

static void
test_encode_short_and_long (void)
{
  const guint8 fw_version[] = { BW_VESC_COMM_FW_VERSION };
  g_autoptr(GByteArray) one = bw_vesc_packet_encode (fw_version, 1);
  guint8 big[512];
  g_autoptr(GByteArray) p255 = NULL;
  g_autoptr(GByteArray) p256 = NULL;
  g_autoptr(GByteArray) p512 = NULL;

  /* COMM_FW_VERSION as VESC Tool sends it: 02 01 00 crc crc 03 */
  g_assert_cmpuint (one->len, ==, 6);
  g_assert_cmpuint (one->data[0], ==, 2);
  g_assert_cmpuint (one->data[1], ==, 1);
  g_assert_cmpuint (one->data[2], ==, 0);
  g_assert_cmpuint (one->data[3], ==, 0);
  g_assert_cmpuint (one->data[4], ==, 0);
  g_assert_cmpuint (one->data[5], ==, 3);

  for (guint i = 0; i < sizeof big; i++)
    big[i] = (guint8) (i * 7 + 3);
  p255 = bw_vesc_packet_encode (big, 255);
  p256 = bw_vesc_packet_encode (big, 256);
  p512 = bw_vesc_packet_encode (big, 512);
  g_assert_cmpuint (p255->data[0], ==, 2);
  g_assert_cmpuint (p255->len, ==, 2 + 255 + 3);
  g_assert_cmpuint (p256->data[0], ==, 3);
  g_assert_cmpuint (p256->data[1], ==, 1);
  g_assert_cmpuint (p256->data[2], ==, 0);
  g_assert_cmpuint (p256->len, ==, 3 + 256 + 3);
  g_assert_cmpuint (p512->len, ==, 3 + 512 + 3);
  g_assert_cmpuint (p512->data[p512->len - 1], ==, 3);
}

static void
test_round_trip_byte_by_byte (void)
{
  g_autoptr(BwVescPacketDecoder) decoder = bw_vesc_packet_decoder_new (BW_VESC_PACKET_MAX_PAYLOAD);
  guint8 payload[400];
  g_autoptr(GByteArray) a = NULL;
  g_autoptr(GByteArray) b = NULL;
  const guint8 small[] = { BW_VESC_COMM_BM_CONNECT };

  for (guint i = 0; i < sizeof payload; i++)
    payload[i] = (guint8) (i ^ 0x5A);
  a = bw_vesc_packet_encode (payload, sizeof payload);
  b = bw_vesc_packet_encode (small, sizeof small);
  for (guint i = 0; i < a->len; i++)
    {
      g_assert_null (pop (decoder));
      bw_vesc_packet_decoder_feed (decoder, a->data + i, 1);
    }
  assert_payload (pop (decoder), payload, sizeof payload);
  /* two packets in one read */
  g_byte_array_append (a, b->data, b->len);
  bw_vesc_packet_decoder_feed (decoder, a->data, a->len);
  assert_payload (pop (decoder), payload, sizeof payload);
  assert_payload (pop (decoder), small, sizeof small);
  g_assert_null (pop (decoder));
  g_assert_cmpuint (bw_vesc_packet_decoder_get_dropped_bytes (decoder), ==, 0);
}

static void
test_resync_after_garbage (void)
{
  g_autoptr(BwVescPacketDecoder) decoder = bw_vesc_packet_decoder_new (BW_VESC_PACKET_MAX_PAYLOAD);
  const guint8 payload[] = { BW_VESC_COMM_ERASE_BOOTLOADER, 1 };
  g_autoptr(GByteArray) packet = bw_vesc_packet_encode (payload, sizeof payload);
  /* a boot banner, a stray start byte with a zero length, a bare end byte */
  const guint8 garbage[] = { 'h', 'i', '\n', 0x02, 0x00, 0x03, 0xFF, 0x00 };
  g_autoptr(GByteArray) stream = g_byte_array_new ();

  g_byte_array_append (stream, garbage, sizeof garbage);
  g_byte_array_append (stream, packet->data, packet->len);
  g_byte_array_append (stream, garbage, sizeof garbage);
  g_byte_array_append (stream, packet->data, packet->len);
  bw_vesc_packet_decoder_feed (decoder, stream->data, stream->len);
  assert_payload (pop (decoder), payload, sizeof payload);
  assert_payload (pop (decoder), payload, sizeof payload);
  g_assert_null (pop (decoder));
  g_assert_cmpuint (bw_vesc_packet_decoder_get_dropped_bytes (decoder), ==, 2 * sizeof garbage);
  g_assert_cmpuint (bw_vesc_packet_decoder_get_crc_errors (decoder), ==, 0);
}

static void
test_wrong_crc_and_end (void)
{
  g_autoptr(BwVescPacketDecoder) decoder = bw_vesc_packet_decoder_new (BW_VESC_PACKET_MAX_PAYLOAD);
  const guint8 payload[] = { BW_VESC_COMM_BM_CONNECT, 1, 0, 0x06, 0, 0 };
  g_autoptr(GByteArray) good = bw_vesc_packet_encode (payload, sizeof payload);
  g_autoptr(GByteArray) bad_crc = bw_vesc_packet_encode (payload, sizeof payload);
  g_autoptr(GByteArray) bad_end = bw_vesc_packet_encode (payload, sizeof payload);
  g_autoptr(GByteArray) bit_flip = bw_vesc_packet_encode (payload, sizeof payload);

  bad_crc->data[bad_crc->len - 2] ^= 0x01;
  bad_end->data[bad_end->len - 1] = 0x04;
  bit_flip->data[3] ^= 0x80; /* a payload bit, so the CRC no longer matches */

  bw_vesc_packet_decoder_feed (decoder, bad_crc->data, bad_crc->len);
  bw_vesc_packet_decoder_feed (decoder, bad_end->data, bad_end->len);
  bw_vesc_packet_decoder_feed (decoder, bit_flip->data, bit_flip->len);
  g_assert_null (pop (decoder));
  g_assert_cmpuint (bw_vesc_packet_decoder_get_crc_errors (decoder), ==, 2);
  bw_vesc_packet_decoder_feed (decoder, good->data, good->len);
  assert_payload (pop (decoder), payload, sizeof payload);
  g_assert_null (pop (decoder));
}

/* A stray start byte 3 announces a long packet: like the firmware, the
 * decoder waits for that many bytes; a reset (the client does one before
 * every request) clears it. */
static void
test_stray_long_header (void)
{
  g_autoptr(BwVescPacketDecoder) decoder = bw_vesc_packet_decoder_new (BW_VESC_PACKET_MAX_PAYLOAD);
  const guint8 stray[] = { 0x03, 0x01, 0x10 };
  const guint8 payload[] = { BW_VESC_COMM_FW_VERSION, 6, 5 };
  g_autoptr(GByteArray) good = bw_vesc_packet_encode (payload, sizeof payload);

  bw_vesc_packet_decoder_feed (decoder, stray, sizeof stray);
  bw_vesc_packet_decoder_feed (decoder, good->data, good->len);
  g_assert_null (pop (decoder));
  bw_vesc_packet_decoder_reset (decoder);
  bw_vesc_packet_decoder_feed (decoder, good->data, good->len);
  assert_payload (pop (decoder), payload, sizeof payload);
  /* or enough bytes arrive to prove the header wrong, and the packet inside is found */
  bw_vesc_packet_decoder_feed (decoder, stray, sizeof stray);
  bw_vesc_packet_decoder_feed (decoder, good->data, good->len);
  for (guint i = 0; i < 0x0110 + 3; i++)
    {
      const guint8 zero = 0;

      bw_vesc_packet_decoder_feed (decoder, &zero, 1);
    }
  assert_payload (pop (decoder), payload, sizeof payload);
}

static void
test_length_rules (void)
{
  g_autoptr(BwVescPacketDecoder) decoder = bw_vesc_packet_decoder_new (BW_VESC_PACKET_MAX_PAYLOAD);
  guint8 payload[600];
  g_autoptr(GByteArray) too_long = NULL;
  g_autoptr(GByteArray) short_as_long = g_byte_array_new ();
  const guint8 small[] = { 0x42, 0x43 };
  g_autoptr(GByteArray) inner = bw_vesc_packet_encode (small, sizeof small);
  guint16 crc = bw_vesc_crc16 (small, sizeof small);
  const guint8 long_header[] = { 3, 0, 2 };
  const guint8 trailer[] = { (guint8) (crc >> 8), (guint8) crc, 3 };

  memset (payload, 0xA5, sizeof payload);
  /* 513 bytes is over the limit: dropped, and a packet inside is still found */
  too_long = bw_vesc_packet_encode (payload, 513);
  memcpy (too_long->data + 100, inner->data, inner->len);
  bw_vesc_packet_decoder_feed (decoder, too_long->data, too_long->len);
  assert_payload (pop (decoder), small, sizeof small);
  g_assert_null (pop (decoder));

  /* a long header must not carry a length under 255 */
  g_byte_array_append (short_as_long, long_header, sizeof long_header);
  g_byte_array_append (short_as_long, small, sizeof small);
  g_byte_array_append (short_as_long, trailer, sizeof trailer);
  bw_vesc_packet_decoder_feed (decoder, short_as_long->data, short_as_long->len);
  g_assert_null (pop (decoder));

  /* a decoder with a bigger limit takes the 513 bytes */
  {
    g_autoptr(BwVescPacketDecoder) big = bw_vesc_packet_decoder_new (4096);
    g_autoptr(GByteArray) whole = bw_vesc_packet_encode (payload, 513);

    bw_vesc_packet_decoder_feed (big, whole->data, whole->len);
    assert_payload (pop (big), payload, 513);
  }
}

/* Random noise between packets: never a crash, never a false packet, and
 * every packet that follows noise which cannot announce a long packet
 * (no byte 3) comes out. */
static void
test_random_noise (void)
{
  GRand *rand = g_rand_new_with_seed (20261125);
  g_autoptr(BwVescPacketDecoder) decoder = bw_vesc_packet_decoder_new (BW_VESC_PACKET_MAX_PAYLOAD);
  guint found = 0;

  for (guint round = 0; round < 300; round++)
    {
      guint8 payload[64];
      guint8 noise[40];
      gsize len = 1 + g_rand_int_range (rand, 0, sizeof payload);
      gsize noise_len = g_rand_int_range (rand, 0, sizeof noise);
      g_autoptr(GByteArray) packet = NULL;
      GBytes *got;

      for (gsize i = 0; i < len; i++)
        payload[i] = (guint8) g_rand_int (rand);
      for (gsize i = 0; i < noise_len; i++)
        {
          noise[i] = (guint8) g_rand_int (rand);
          if (noise[i] == 3)
            noise[i] = 4;
        }
      packet = bw_vesc_packet_encode (payload, len);
      bw_vesc_packet_decoder_reset (decoder);
      bw_vesc_packet_decoder_feed (decoder, noise, noise_len);
      bw_vesc_packet_decoder_feed (decoder, packet->data, packet->len);
      /* a short header in the noise may still wait for more bytes: flush with zeros */
      while ((got = pop (decoder)) == NULL)
        {
          const guint8 zeros[16] = { 0 };

          bw_vesc_packet_decoder_feed (decoder, zeros, sizeof zeros);
        }
      /* a packet that the noise happened to contain in full would come first */
      while (g_bytes_get_size (got) != len || memcmp (g_bytes_get_data (got, NULL), payload, len) != 0)
        {
          g_bytes_unref (got);
          got = pop (decoder);
          g_assert_nonnull (got);
        }
      g_bytes_unref (got);
      found++;
    }
  g_assert_cmpuint (found, ==, 300);
  g_rand_free (rand);
}

/* The simulator's independent reader agrees with the engine's encoder, and
 * the other way round, on every length class. */
static void
test_interop_with_simulator (void)
{
  const gsize lengths[] = { 1, 2, 254, 255, 256, 384 + 5, 400 + 5, 512 };
  g_autoptr(BwVescPacketDecoder) decoder = bw_vesc_packet_decoder_new (BW_VESC_PACKET_MAX_PAYLOAD);
  g_autoptr(BwSimVescPacketReader) reader = bw_sim_vesc_packet_reader_new ();

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree guint8 *payload = g_malloc (lengths[i]);
      g_autoptr(GByteArray) ours = NULL;
      g_autoptr(GByteArray) theirs = NULL;
      g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      for (gsize k = 0; k < lengths[i]; k++)
        payload[k] = (guint8) g_random_int ();
      ours = bw_vesc_packet_encode (payload, lengths[i]);
      for (guint k = 0; k < ours->len; k++)
        bw_sim_vesc_packet_reader_byte (reader, ours->data[k], got);
      g_assert_cmpuint (got->len, ==, 1);
      g_assert_cmpmem (g_bytes_get_data (got->pdata[0], NULL), g_bytes_get_size (got->pdata[0]), payload,
                       lengths[i]);

      theirs = bw_sim_vesc_packet_frame (payload, lengths[i]);
      g_assert_cmpmem (theirs->data, theirs->len, ours->data, ours->len);
      bw_vesc_packet_decoder_feed (decoder, theirs->data, theirs->len);
      assert_payload (pop (decoder), payload, lengths[i]);
    }
  g_assert_cmpuint (bw_sim_vesc_packet_reader_get_rejected (reader), ==, 0);

  /* the firmware drops what is over its limit */
  {
    guint8 payload[513] = { 0 };
    g_autoptr(GByteArray) over = bw_vesc_packet_encode (payload, sizeof payload);
    g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

    for (guint k = 0; k < over->len; k++)
      bw_sim_vesc_packet_reader_byte (reader, over->data[k], got);
    g_assert_cmpuint (got->len, ==, 0);
  }
}

static void
test_fw_info (void)
{
  BwVescFwInfo info = { .major = 6, .minor = 5, .hw_name = (gchar *) "60_MK5", .has_uuid = TRUE,
                        .has_hw_type = TRUE, .hw_type = BW_VESC_HW_TYPE_VESC, .fw_name = (gchar *) "custom" };
  g_autoptr(GByteArray) reply = NULL;
  g_autoptr(BwVescFwInfo) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *uuid = NULL;
  g_autofree gchar *text = NULL;

  for (guint i = 0; i < 12; i++)
    info.uuid[i] = (guint8) (0xA0 + i);
  reply = bw_vesc_fw_info_build (&info);
  parsed = bw_vesc_fw_info_parse (reply->data, reply->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->major, ==, 6);
  g_assert_cmpuint (parsed->minor, ==, 5);
  g_assert_cmpstr (parsed->hw_name, ==, "60_MK5");
  g_assert_true (parsed->has_uuid);
  g_assert_cmpmem (parsed->uuid, 12, info.uuid, 12);
  g_assert_true (parsed->has_hw_type);
  g_assert_cmpstr (parsed->fw_name, ==, "custom");
  uuid = bw_vesc_fw_info_uuid_hex (parsed);
  g_assert_cmpstr (uuid, ==, "A0A1A2A3A4A5A6A7A8A9AAAB");
  text = bw_vesc_fw_info_describe (parsed);
  g_assert_cmpstr (text, ==, "firmware 6.05, hardware 60_MK5");
  g_assert_true (bw_vesc_fw_info_can_erase_bootloader (parsed));

  /* an old firmware's short reply */
  {
    const guint8 old[] = { BW_VESC_COMM_FW_VERSION, 3, 58, '4', '1', '0', 0 };
    g_autoptr(BwVescFwInfo) o = bw_vesc_fw_info_parse (old, sizeof old, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (o->hw_name, ==, "410");
    g_assert_false (o->has_uuid);
    g_assert_false (bw_vesc_fw_info_can_erase_bootloader (o));
    o->minor = 59;
    g_assert_true (bw_vesc_fw_info_can_erase_bootloader (o));
    o->major = 2;
    o->minor = 99;
    g_assert_false (bw_vesc_fw_info_can_erase_bootloader (o));
  }
  /* malformed: too short, wrong id, unterminated name */
  {
    const guint8 too_short[] = { BW_VESC_COMM_FW_VERSION, 6 };
    const guint8 wrong_id[] = { BW_VESC_COMM_PRINT, 6, 5 };
    const guint8 unterminated[] = { BW_VESC_COMM_FW_VERSION, 6, 5, '6', '0' };

    g_assert_null (bw_vesc_fw_info_parse (too_short, sizeof too_short, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL);
    g_clear_error (&error);
    g_assert_null (bw_vesc_fw_info_parse (wrong_id, sizeof wrong_id, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL);
    g_clear_error (&error);
    g_assert_null (bw_vesc_fw_info_parse (unterminated, sizeof unterminated, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL);
  }
}

static void
test_bootloader_choice (void)
{
  const gchar *hw40 = "40_o_47_o_48_o_410_o_411_o_412_o_DAS_RS.bin";
  const gchar *hw60 = "60_o_75_300_o_HD60_o_UAVC_OMEGA_o_75_300_R2_o_60_MK3_o_100_250_o_75_300_R3_o_60_MK4_o_60_MK5_o_HD75.bin";

  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("410"), ==, hw40);
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("DAS_RS"), ==, hw40);
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("60"), ==, hw60);
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("75_300"), ==, hw60);
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("60_MK5"), ==, hw60);
  /* names are whole entries: "75" is not "75_300", "60_MK6" is not listed */
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("75"), ==, "generic.bin");
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("60_MK6"), ==, "generic.bin");
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware ("Cheap_FOCer_2"), ==, "generic.bin");
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware (""), ==, "generic.bin");
  g_assert_cmpstr (bw_vesc_bootloader_choice_for_hardware (NULL), ==, "generic.bin");
  /* every choice is a bundled image */
  g_assert_nonnull (bw_bundled_bootloader_get_file (hw40));
  g_assert_nonnull (bw_bundled_bootloader_get_file (hw60));
  g_assert_nonnull (bw_bundled_bootloader_get_file ("generic.bin"));
}

static void
test_swd_limits (void)
{
  const BwVescSwdLimits *limits = bw_vesc_swd_programmer_get_limits ();

  g_assert_false (limits->can_drive_nrst);
  g_assert_false (limits->can_sense_voltage);
  g_assert_false (limits->can_erase_sectors);
  g_assert_cmpuint (limits->write_chunk, ==, 400);
  g_assert_cmpuint (limits->read_chunk, <=, BW_VESC_SWD_READ_MAX);
  g_assert_nonnull (strstr (limits->wiring, "GND"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc/packet/crc", test_crc);
  g_test_add_func ("/vesc/packet/encode", test_encode_short_and_long);
  g_test_add_func ("/vesc/packet/round-trip", test_round_trip_byte_by_byte);
  g_test_add_func ("/vesc/packet/resync", test_resync_after_garbage);
  g_test_add_func ("/vesc/packet/wrong-crc-and-end", test_wrong_crc_and_end);
  g_test_add_func ("/vesc/packet/stray-long-header", test_stray_long_header);
  g_test_add_func ("/vesc/packet/length-rules", test_length_rules);
  g_test_add_func ("/vesc/packet/random-noise", test_random_noise);
  g_test_add_func ("/vesc/packet/interop-with-simulator", test_interop_with_simulator);
  g_test_add_func ("/vesc/fw-info", test_fw_info);
  g_test_add_func ("/vesc/bootloader-choice", test_bootloader_choice);
  g_test_add_func ("/vesc/swd-limits", test_swd_limits);
  return g_test_run ();
}

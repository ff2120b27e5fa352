/* bw-vesc-client.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Request payloads and reply layouts from vedderb/bldc comm/commands.c:
 *   COMM_ERASE_BOOTLOADER        -> id, ok (1 byte)
 *   COMM_ERASE_NEW_APP u32 size  -> id, ok
 *   COMM_WRITE_NEW_APP_DATA u32 offset, data -> id, ok, u32 offset
 *   COMM_BM_* (blocking thread)  -> id, i16 result
 *   COMM_BM_MEM_READ u32 addr, u16 len -> id, i16 result, len bytes
 *   COMM_BM_DISCONNECT           -> id
 * All integers big endian (buffer_append_* in vedderb/bldc).
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-vesc-client.h"
#include "bw-vesc-commands.h"
#include "bw-vesc-packet.h"
#include "bw-vesc-serial.h"

/* Replies can be longer than what the ESC accepts (configurations). */
#define CLIENT_MAX_PAYLOAD 0xFFFFu

struct _BwVescClient
{
  GObject              parent_instance;
  BwVescTransport     *transport;
  BwVescPacketDecoder *decoder;
  guint                timeout_divisor;
};

G_DEFINE_FINAL_TYPE (BwVescClient, bw_vesc_client, G_TYPE_OBJECT)

static void
bw_vesc_client_finalize (GObject *object)
{
  BwVescClient *self = BW_VESC_CLIENT (object);

  g_clear_object (&self->transport);
  bw_vesc_packet_decoder_free (self->decoder);
  G_OBJECT_CLASS (bw_vesc_client_parent_class)->finalize (object);
}

static void
bw_vesc_client_class_init (BwVescClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_client_finalize;
}

static void
bw_vesc_client_init (BwVescClient *self)
{
  self->decoder = bw_vesc_packet_decoder_new (CLIENT_MAX_PAYLOAD);
  self->timeout_divisor = 1;
}

BwVescClient *
bw_vesc_client_new (BwVescTransport *transport)
{
  BwVescClient *self;

  g_return_val_if_fail (BW_IS_VESC_TRANSPORT (transport), NULL);

  self = g_object_new (BW_TYPE_VESC_CLIENT, NULL);
  self->transport = g_object_ref (transport);
  return self;
}

BwVescClient *
bw_vesc_client_open (const gchar *path, GError **error)
{
  g_autoptr(BwVescSerial) serial = bw_vesc_serial_open (path, error);

  if (serial == NULL)
    return NULL;
  return bw_vesc_client_new (BW_VESC_TRANSPORT (serial));
}

BwVescClient *
bw_vesc_client_open_esc (const gchar *path, guint timeout_divisor, BwVescFwInfo **fw_info,
                         GCancellable *cancellable, GError **error)
{
  g_autoptr(BwVescClient) client = bw_vesc_client_open (path, error);

  if (client == NULL)
    return NULL;
  bw_vesc_client_set_timeout_divisor (client, timeout_divisor);
  g_clear_pointer (fw_info, bw_vesc_fw_info_free);
  *fw_info = bw_vesc_client_get_fw_info (client, cancellable, error);
  if (*fw_info == NULL)
    return NULL;
  return g_steal_pointer (&client);
}

BwVescTransport *
bw_vesc_client_get_transport (BwVescClient *self)
{
  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), NULL);
  return self->transport;
}

void
bw_vesc_client_close (BwVescClient *self)
{
  g_return_if_fail (BW_IS_VESC_CLIENT (self));
  bw_vesc_transport_close (self->transport);
}

void
bw_vesc_client_set_timeout_divisor (BwVescClient *self, guint divisor)
{
  g_return_if_fail (BW_IS_VESC_CLIENT (self));
  g_return_if_fail (divisor >= 1);
  self->timeout_divisor = divisor;
}

static const gchar *
command_name (guint8 id)
{
  switch (id)
    {
    case BW_VESC_COMM_FW_VERSION: return "COMM_FW_VERSION";
    case BW_VESC_COMM_JUMP_TO_BOOTLOADER: return "COMM_JUMP_TO_BOOTLOADER";
    case BW_VESC_COMM_ERASE_NEW_APP: return "COMM_ERASE_NEW_APP";
    case BW_VESC_COMM_WRITE_NEW_APP_DATA: return "COMM_WRITE_NEW_APP_DATA";
    case BW_VESC_COMM_ERASE_BOOTLOADER: return "COMM_ERASE_BOOTLOADER";
    case BW_VESC_COMM_BM_CONNECT: return "COMM_BM_CONNECT";
    case BW_VESC_COMM_BM_ERASE_FLASH_ALL: return "COMM_BM_ERASE_FLASH_ALL";
    case BW_VESC_COMM_BM_WRITE_FLASH: return "COMM_BM_WRITE_FLASH";
    case BW_VESC_COMM_BM_REBOOT: return "COMM_BM_REBOOT";
    case BW_VESC_COMM_BM_DISCONNECT: return "COMM_BM_DISCONNECT";
    case BW_VESC_COMM_BM_MAP_PINS_DEFAULT: return "COMM_BM_MAP_PINS_DEFAULT";
    case BW_VESC_COMM_BM_MEM_READ: return "COMM_BM_MEM_READ";
    default: return "command";
    }
}

gboolean
bw_vesc_client_send (BwVescClient *self, const guint8 *payload, gsize len,
                     GCancellable *cancellable, GError **error)
{
  g_autoptr(GByteArray) packet = NULL;

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  g_return_val_if_fail (payload != NULL && len >= 1, FALSE);

  if (len > BW_VESC_PACKET_MAX_PAYLOAD)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INTERNAL, "%s: %" G_GSIZE_FORMAT " bytes is more than a VESC accepts",
                   command_name (payload[0]), len);
      return FALSE;
    }
  packet = bw_vesc_packet_encode (payload, len);
  return bw_vesc_transport_write_all (self->transport, packet->data, packet->len, cancellable, error);
}

GBytes *
bw_vesc_client_request (BwVescClient *self, const guint8 *payload, gsize len, guint8 reply_id,
                        guint timeout_ms, GCancellable *cancellable, GError **error)
{
  guint8 buffer[1024];
  gint64 deadline;
  guint64 crc_errors, dropped;

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), NULL);

  /* anything still queued answers an earlier request that timed out */
  bw_vesc_packet_decoder_reset (self->decoder);
  crc_errors = bw_vesc_packet_decoder_get_crc_errors (self->decoder);
  dropped = bw_vesc_packet_decoder_get_dropped_bytes (self->decoder);
  if (!bw_vesc_client_send (self, payload, len, cancellable, error))
    return NULL;

  timeout_ms = MAX (timeout_ms / self->timeout_divisor, 1u);
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  for (;;)
    {
      GBytes *reply;
      gint64 left_us;
      gssize n;

      while ((reply = bw_vesc_packet_decoder_pop (self->decoder)) != NULL)
        {
          gsize reply_len = 0;
          const guint8 *reply_data = g_bytes_get_data (reply, &reply_len);

          if (reply_len >= 1 && reply_data[0] == reply_id)
            return reply;
          g_bytes_unref (reply);
        }
      left_us = deadline - g_get_monotonic_time ();
      if (left_us <= 0)
        break;
      n = bw_vesc_transport_read (self->transport, buffer, sizeof buffer, (guint) ((left_us + 999) / 1000),
                                  cancellable, error);
      if (n < 0)
        return NULL;
      bw_vesc_packet_decoder_feed (self->decoder, buffer, (gsize) n);
    }
  crc_errors = bw_vesc_packet_decoder_get_crc_errors (self->decoder) - crc_errors;
  dropped = bw_vesc_packet_decoder_get_dropped_bytes (self->decoder) - dropped;
  if (crc_errors > 0 || dropped > 0)
    g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL,
                 "%s: no valid reply to %s within %u ms, only damaged ones (packets with a wrong CRC: %"
                 G_GUINT64_FORMAT ", bytes that were no packet: %" G_GUINT64_FORMAT "): a bad cable, or no VESC on "
                 "this port",
                 bw_vesc_transport_get_description (self->transport), command_name (payload[0]), timeout_ms,
                 crc_errors, dropped);
  else
    g_set_error (error, BW_ERROR, BW_ERROR_VESC_NO_REPLY, "%s: no reply to %s within %u ms",
                 bw_vesc_transport_get_description (self->transport), command_name (payload[0]), timeout_ms);
  return NULL;
}

static void
put_u32 (guint8 *at, guint32 value)
{
  at[0] = (guint8) (value >> 24);
  at[1] = (guint8) (value >> 16);
  at[2] = (guint8) (value >> 8);
  at[3] = (guint8) value;
}

static guint32
get_u32 (const guint8 *at)
{
  return (guint32) at[0] << 24 | (guint32) at[1] << 16 | (guint32) at[2] << 8 | at[3];
}

static const guint8 *
check_reply (BwVescClient *self, GBytes *reply, gsize min_len, GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (reply, &len);

  if (len < min_len)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL, "%s: the reply to %s is %" G_GSIZE_FORMAT
                   " bytes long, expected at least %" G_GSIZE_FORMAT,
                   bw_vesc_transport_get_description (self->transport), command_name (data[0]), len, min_len);
      return NULL;
    }
  return data;
}

BwVescFwInfo *
bw_vesc_client_get_fw_info (BwVescClient *self, GCancellable *cancellable, GError **error)
{
  const guint8 request[] = { BW_VESC_COMM_FW_VERSION };
  g_autoptr(GBytes) reply = bw_vesc_client_request (self, request, sizeof request, BW_VESC_COMM_FW_VERSION,
                                                    BW_VESC_TIMEOUT_FW_VERSION_MS, cancellable, error);
  gsize len = 0;
  const guint8 *data;

  if (reply == NULL)
    return NULL;
  data = g_bytes_get_data (reply, &len);
  return bw_vesc_fw_info_parse (data, len, error);
}

/* The one-byte "ok" of the erase commands. */
static gboolean
erase_command (BwVescClient *self, const guint8 *request, gsize len, const gchar *what,
               GCancellable *cancellable, GError **error)
{
  g_autoptr(GBytes) reply = bw_vesc_client_request (self, request, len, request[0], BW_VESC_TIMEOUT_ERASE_MS,
                                                    cancellable, error);
  const guint8 *data;

  if (reply == NULL || (data = check_reply (self, reply, 2, error)) == NULL)
    return FALSE;
  if (data[1] != 1)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_ERASE_FAILED, "%s: the ESC could not erase %s",
                   bw_vesc_transport_get_description (self->transport), what);
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_vesc_client_erase_bootloader (BwVescClient *self, GCancellable *cancellable, GError **error)
{
  const guint8 request[] = { BW_VESC_COMM_ERASE_BOOTLOADER };

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  return erase_command (self, request, sizeof request, "its bootloader sector", cancellable, error);
}

gboolean
bw_vesc_client_erase_new_app (BwVescClient *self, guint32 size, GCancellable *cancellable, GError **error)
{
  guint8 request[5] = { BW_VESC_COMM_ERASE_NEW_APP };

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  put_u32 (request + 1, size);
  return erase_command (self, request, sizeof request, "its update area", cancellable, error);
}

gboolean
bw_vesc_client_write_new_app_data (BwVescClient *self, guint32 offset, const guint8 *data, gsize len,
                                   GCancellable *cancellable, GError **error)
{
  guint8 request[1 + 4 + BW_VESC_APP_DATA_CHUNK];

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  g_return_val_if_fail (data != NULL && len >= 1 && len <= BW_VESC_APP_DATA_CHUNK, FALSE);

  request[0] = BW_VESC_COMM_WRITE_NEW_APP_DATA;
  put_u32 (request + 1, offset);
  memcpy (request + 5, data, len);
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) reply = bw_vesc_client_request (self, request, 5 + len, BW_VESC_COMM_WRITE_NEW_APP_DATA,
                                                        BW_VESC_TIMEOUT_WRITE_MS, cancellable, &local_error);
      const guint8 *answer;

      if (reply == NULL)
        {
          /* like VESC Tool: only a reply that never came is worth a resend */
          if (attempt < BW_VESC_WRITE_TRIES && g_error_matches (local_error, BW_ERROR, BW_ERROR_VESC_NO_REPLY))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if ((answer = check_reply (self, reply, 6, error)) == NULL)
        return FALSE;
      if (get_u32 (answer + 2) != offset)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL,
                       "%s: wrote at offset 0x%X but the ESC answered for offset 0x%X",
                       bw_vesc_transport_get_description (self->transport), offset, get_u32 (answer + 2));
          return FALSE;
        }
      if (answer[1] != 1)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_PROGRAM_FAILED,
                       "%s: the ESC could not write %" G_GSIZE_FORMAT " bytes at 0x%08X",
                       bw_vesc_transport_get_description (self->transport), len, BW_VESC_NEW_APP_BASE + offset);
          return FALSE;
        }
      return TRUE;
    }
}

gboolean
bw_vesc_client_jump_to_bootloader (BwVescClient *self, GCancellable *cancellable, GError **error)
{
  const guint8 request[] = { BW_VESC_COMM_JUMP_TO_BOOTLOADER };

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  return bw_vesc_client_send (self, request, sizeof request, cancellable, error);
}

/* A COMM_BM_* request whose reply is the id and a 16-bit result. */
static GBytes *
bm_request (BwVescClient *self, const guint8 *request, gsize len, guint timeout_ms, gsize extra,
            gint *result, GCancellable *cancellable, GError **error)
{
  g_autoptr(GBytes) reply = bw_vesc_client_request (self, request, len, request[0], timeout_ms, cancellable, error);
  const guint8 *data;

  if (reply == NULL || (data = check_reply (self, reply, 3 + extra, error)) == NULL)
    return NULL;
  *result = (gint16) ((guint16) data[1] << 8 | data[2]);
  return g_steal_pointer (&reply);
}

static gboolean
bm_simple (BwVescClient *self, guint8 id, guint timeout_ms, gint *result, GCancellable *cancellable,
           GError **error)
{
  const guint8 request[] = { id };
  g_autoptr(GBytes) reply = NULL;

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  reply = bm_request (self, request, sizeof request, timeout_ms, 0, result, cancellable, error);
  return reply != NULL;
}

gboolean
bw_vesc_client_bm_map_pins_default (BwVescClient *self, gint *result, GCancellable *cancellable, GError **error)
{
  return bm_simple (self, BW_VESC_COMM_BM_MAP_PINS_DEFAULT, BW_VESC_TIMEOUT_BM_MS, result, cancellable, error);
}

gboolean
bw_vesc_client_bm_connect (BwVescClient *self, gint *result, GCancellable *cancellable, GError **error)
{
  return bm_simple (self, BW_VESC_COMM_BM_CONNECT, BW_VESC_TIMEOUT_BM_CONNECT_MS, result, cancellable, error);
}

gboolean
bw_vesc_client_bm_erase_flash_all (BwVescClient *self, gint *result, GCancellable *cancellable, GError **error)
{
  return bm_simple (self, BW_VESC_COMM_BM_ERASE_FLASH_ALL, BW_VESC_TIMEOUT_ERASE_MS, result, cancellable, error);
}

gboolean
bw_vesc_client_bm_reboot (BwVescClient *self, gint *result, GCancellable *cancellable, GError **error)
{
  return bm_simple (self, BW_VESC_COMM_BM_REBOOT, BW_VESC_TIMEOUT_BM_MS, result, cancellable, error);
}

gboolean
bw_vesc_client_bm_write_flash (BwVescClient *self, guint32 address, const guint8 *data, gsize len,
                               gint *result, GCancellable *cancellable, GError **error)
{
  guint8 request[1 + 4 + BW_VESC_SWD_CHUNK];

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  g_return_val_if_fail (data != NULL && len >= 1 && len <= BW_VESC_SWD_CHUNK, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  request[0] = BW_VESC_COMM_BM_WRITE_FLASH;
  put_u32 (request + 1, address);
  memcpy (request + 5, data, len);
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) reply = bm_request (self, request, 5 + len, BW_VESC_TIMEOUT_WRITE_MS, 0, result,
                                            cancellable, &local_error);

      if (reply != NULL)
        return TRUE;
      if (attempt < BW_VESC_WRITE_TRIES && g_error_matches (local_error, BW_ERROR, BW_ERROR_VESC_NO_REPLY))
        continue;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

gboolean
bw_vesc_client_bm_mem_read (BwVescClient *self, guint32 address, guint8 *buffer, gsize len, gint *result,
                            GCancellable *cancellable, GError **error)
{
  guint8 request[7] = { BW_VESC_COMM_BM_MEM_READ };
  g_autoptr(GBytes) reply = NULL;

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  g_return_val_if_fail (buffer != NULL && len >= 1 && len <= BW_VESC_SWD_READ_MAX, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  put_u32 (request + 1, address);
  request[5] = (guint8) (len >> 8);
  request[6] = (guint8) len;
  reply = bm_request (self, request, sizeof request, BW_VESC_TIMEOUT_BM_MS, len, result, cancellable, error);
  if (reply == NULL)
    return FALSE;
  memcpy (buffer, (const guint8 *) g_bytes_get_data (reply, NULL) + 3, len);
  return TRUE;
}

gboolean
bw_vesc_client_bm_disconnect (BwVescClient *self, GCancellable *cancellable, GError **error)
{
  const guint8 request[] = { BW_VESC_COMM_BM_DISCONNECT };
  g_autoptr(GBytes) reply = NULL;

  g_return_val_if_fail (BW_IS_VESC_CLIENT (self), FALSE);
  reply = bw_vesc_client_request (self, request, sizeof request, BW_VESC_COMM_BM_DISCONNECT,
                                  BW_VESC_TIMEOUT_BM_MS, cancellable, error);
  return reply != NULL;
}

/* bw-vesc-fw-info.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reply layout of COMM_FW_VERSION (vedderb/bldc comm/commands.c): id,
 * major, minor, HW_NAME with its NUL, 12 bytes of STM32 UUID, pairing
 * done, FW_TEST_VERSION_NUMBER, HW_TYPE, then fields this code does not
 * need, then FW_NAME with its NUL. Older firmware stops earlier, so every
 * field after the version is optional.
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-vesc-fw-info.h"

G_DEFINE_BOXED_TYPE (BwVescFwInfo, bw_vesc_fw_info, bw_vesc_fw_info_copy, bw_vesc_fw_info_free)

/* After the hardware type: custom config count, phase filters, QML HW,
 * QML app, NRF flags. */
#define FIELDS_BEFORE_FW_NAME 5u

static gboolean
take_string (const guint8 *payload, gsize len, gsize *pos, gchar **out, GError **error)
{
  const guint8 *nul = memchr (payload + *pos, '\0', len - *pos);

  if (nul == NULL)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL,
                   "the firmware version reply has a text field without its end (byte %" G_GSIZE_FORMAT ")", *pos);
      return FALSE;
    }
  if (!g_utf8_validate ((const gchar *) payload + *pos, nul - (payload + *pos), NULL))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL,
                   "the firmware version reply has a text field that is not text (byte %" G_GSIZE_FORMAT ")", *pos);
      return FALSE;
    }
  *out = g_strdup ((const gchar *) payload + *pos);
  *pos = (gsize) (nul - payload) + 1;
  return TRUE;
}

BwVescFwInfo *
bw_vesc_fw_info_parse (const guint8 *payload, gsize len, GError **error)
{
  g_autoptr(BwVescFwInfo) info = g_new0 (BwVescFwInfo, 1);
  gsize pos = 3;

  g_return_val_if_fail (payload != NULL || len == 0, NULL);

  if (len < 3 || payload[0] != BW_VESC_COMM_FW_VERSION)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL,
                   "the firmware version reply is %" G_GSIZE_FORMAT " bytes long, too short", len);
      return NULL;
    }
  info->major = payload[1];
  info->minor = payload[2];
  info->hw_type = BW_VESC_HW_TYPE_VESC;
  if (pos == len)
    {
      info->hw_name = g_strdup ("");
      return g_steal_pointer (&info);
    }
  if (!take_string (payload, len, &pos, &info->hw_name, error))
    return NULL;
  if (len - pos >= 12)
    {
      memcpy (info->uuid, payload + pos, 12);
      info->has_uuid = TRUE;
      pos += 12;
    }
  if (len - pos >= 3)
    {
      /* pairing done, then the test version, then the hardware type */
      info->test_version = payload[pos + 1];
      info->hw_type = (BwVescHwType) payload[pos + 2];
      info->has_hw_type = TRUE;
      pos += 3;
    }
  if (len - pos > FIELDS_BEFORE_FW_NAME)
    {
      pos += FIELDS_BEFORE_FW_NAME;
      if (!take_string (payload, len, &pos, &info->fw_name, error))
        return NULL;
    }
  return g_steal_pointer (&info);
}

GByteArray *
bw_vesc_fw_info_build (const BwVescFwInfo *info)
{
  GByteArray *reply = g_byte_array_new ();
  guint8 head[3] = { BW_VESC_COMM_FW_VERSION, (guint8) info->major, (guint8) info->minor };

  g_byte_array_append (reply, head, 3);
  if (info->hw_name == NULL)
    return reply;
  g_byte_array_append (reply, (const guint8 *) info->hw_name, (guint) strlen (info->hw_name) + 1);
  if (!info->has_uuid)
    return reply;
  g_byte_array_append (reply, info->uuid, 12);
  if (!info->has_hw_type)
    return reply;
  {
    guint8 tail[3 + FIELDS_BEFORE_FW_NAME] = { 0, (guint8) info->test_version, (guint8) info->hw_type };

    g_byte_array_append (reply, tail, sizeof tail);
  }
  if (info->fw_name != NULL)
    g_byte_array_append (reply, (const guint8 *) info->fw_name, (guint) strlen (info->fw_name) + 1);
  return reply;
}

BwVescFwInfo *
bw_vesc_fw_info_copy (const BwVescFwInfo *info)
{
  BwVescFwInfo *copy = g_memdup2 (info, sizeof *info);

  copy->hw_name = g_strdup (info->hw_name);
  copy->fw_name = g_strdup (info->fw_name);
  return copy;
}

void
bw_vesc_fw_info_free (BwVescFwInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->hw_name);
  g_free (info->fw_name);
  g_free (info);
}

gchar *
bw_vesc_fw_info_describe (const BwVescFwInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return g_strdup_printf ("firmware %u.%02u%s, hardware %s", info->major, info->minor,
                          info->test_version != 0 ? " (test build)" : "",
                          info->hw_name != NULL && *info->hw_name != '\0' ? info->hw_name : "(not reported)");
}

gchar *
bw_vesc_fw_info_uuid_hex (const BwVescFwInfo *info)
{
  GString *hex;

  g_return_val_if_fail (info != NULL, NULL);
  if (!info->has_uuid)
    return NULL;
  hex = g_string_new (NULL);
  for (guint i = 0; i < 12; i++)
    g_string_append_printf (hex, "%02X", info->uuid[i]);
  return g_string_free (hex, FALSE);
}

gboolean
bw_vesc_fw_info_can_erase_bootloader (const BwVescFwInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);
  return info->major > BW_VESC_ERASE_BOOTLOADER_MIN_MAJOR ||
         (info->major == BW_VESC_ERASE_BOOTLOADER_MIN_MAJOR && info->minor >= BW_VESC_ERASE_BOOTLOADER_MIN_MINOR);
}

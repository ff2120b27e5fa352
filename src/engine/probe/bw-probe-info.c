/* bw-probe-info.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-probe-info.h"

struct _BwProbeInfo
{
  guint16   vid;
  guint16   pid;
  gchar    *serial;
  gchar    *firmware;
  guint8    bus;
  guint8    address;
  gboolean  accessible;
};

G_DEFINE_BOXED_TYPE (BwProbeInfo, bw_probe_info, bw_probe_info_copy, bw_probe_info_free)

BwProbeInfo *
bw_probe_info_new (guint16      vid,
                   guint16      pid,
                   const gchar *serial)
{
  BwProbeInfo *self = g_new0 (BwProbeInfo, 1);

  self->vid = vid;
  self->pid = pid;
  self->serial = g_strdup (serial);
  self->accessible = TRUE;
  return self;
}

BwProbeInfo *
bw_probe_info_copy (const BwProbeInfo *self)
{
  BwProbeInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);
  copy = g_memdup2 (self, sizeof *self);
  copy->serial = g_strdup (self->serial);
  copy->firmware = g_strdup (self->firmware);
  return copy;
}

void
bw_probe_info_free (BwProbeInfo *self)
{
  if (self == NULL)
    return;
  g_free (self->serial);
  g_free (self->firmware);
  g_free (self);
}

guint16
bw_probe_info_get_vid (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->vid;
}

guint16
bw_probe_info_get_pid (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pid;
}

BwProbeKind
bw_probe_info_get_kind (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, BW_PROBE_KIND_UNKNOWN);
  if (self->vid != BW_STLINK_VID)
    return BW_PROBE_KIND_UNKNOWN;
  return bw_probe_kind_from_pid (self->pid);
}

const gchar *
bw_probe_info_get_kind_name (const BwProbeInfo *self)
{
  return bw_probe_kind_to_string (bw_probe_info_get_kind (self));
}

const gchar *
bw_probe_info_get_serial (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->serial;
}

void
bw_probe_info_set_serial (BwProbeInfo *self,
                          const gchar *serial)
{
  g_return_if_fail (self != NULL);
  g_free (self->serial);
  self->serial = g_strdup (serial);
}

const gchar *
bw_probe_info_get_firmware (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->firmware;
}

void
bw_probe_info_set_firmware (BwProbeInfo *self,
                            const gchar *firmware)
{
  g_return_if_fail (self != NULL);
  g_free (self->firmware);
  self->firmware = g_strdup (firmware);
}

guint8
bw_probe_info_get_bus (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bus;
}

guint8
bw_probe_info_get_address (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->address;
}

void
bw_probe_info_set_location (BwProbeInfo *self,
                            guint8       bus,
                            guint8       address)
{
  g_return_if_fail (self != NULL);
  self->bus = bus;
  self->address = address;
}

gboolean
bw_probe_info_get_accessible (const BwProbeInfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->accessible;
}

void
bw_probe_info_set_accessible (BwProbeInfo *self,
                              gboolean     accessible)
{
  g_return_if_fail (self != NULL);
  self->accessible = accessible;
}

gchar *
bw_probe_info_to_string (const BwProbeInfo *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);
  s = g_string_new (NULL);
  g_string_append_printf (s, "ST-Link %s (%04x:%04x)", bw_probe_info_get_kind_name (self),
                          self->vid, self->pid);
  if (self->serial != NULL)
    g_string_append_printf (s, " serial %s", self->serial);
  if (self->firmware != NULL)
    g_string_append_printf (s, " firmware %s", self->firmware);
  if (!self->accessible)
    g_string_append (s, " (no permission)");
  return g_string_free (s, FALSE);
}

BwProbeKind
bw_probe_kind_from_pid (guint16 pid)
{
  switch (pid)
    {
    case 0x3748:
      return BW_PROBE_KIND_V2;
    case 0x374A:
    case 0x374B:
    case 0x3752:
      return BW_PROBE_KIND_V2_1;
    case 0x374E:
    case 0x374F:
    case 0x3753:
    case 0x3754:
      return BW_PROBE_KIND_V3;
    default:
      return BW_PROBE_KIND_UNKNOWN;
    }
}

const gchar *
bw_probe_kind_to_string (BwProbeKind kind)
{
  switch (kind)
    {
    case BW_PROBE_KIND_V2:
      return "V2";
    case BW_PROBE_KIND_V2_1:
      return "V2-1";
    case BW_PROBE_KIND_V3:
      return "V3";
    case BW_PROBE_KIND_UNKNOWN:
    default:
      return "unknown";
    }
}

gchar *
bw_probe_serial_from_descriptor (const guint8 *desc,
                                 gsize         length)
{
  GString *s;
  gsize    n;

  g_return_val_if_fail (desc != NULL || length == 0, NULL);

  if (length < 2 || desc[1] != 0x03 || desc[0] < 2)
    return NULL;
  n = MIN ((gsize) desc[0], length);
  s = g_string_new (NULL);
  /* Old V2 firmware and clones put 12 raw bytes in the low byte of each
   * UTF-16 unit; st-link tools and OpenOCD print them as hex. */
  if (desc[0] == 26 && n == 26)
    {
      for (gsize i = 2; i + 1 < n; i += 2)
        g_string_append_printf (s, "%02X", desc[i]);
      return g_string_free (s, FALSE);
    }
  for (gsize i = 2; i + 1 < n; i += 2)
    {
      guint16 unit = (guint16) (desc[i] | (desc[i + 1] << 8));
      g_string_append_c (s, unit >= 0x20 && unit < 0x7F ? (gchar) unit : '?');
    }
  return g_string_free (s, FALSE);
}

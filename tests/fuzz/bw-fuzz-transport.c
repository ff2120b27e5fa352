/* bw-fuzz-transport.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-fuzz-transport.h"

struct _BwFuzzTransport
{
  GObject       parent_instance;
  const guint8 *data;
  gsize         size;
  gsize         pos;
  gint64        now_us;
};

static void bw_fuzz_transport_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BwFuzzTransport, bw_fuzz_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, bw_fuzz_transport_iface_init))

static void
bw_fuzz_transport_class_init (BwFuzzTransportClass *klass)
{
}

static void
bw_fuzz_transport_init (BwFuzzTransport *self)
{
}

static gboolean
take_byte (BwFuzzTransport *self, guint8 *byte)
{
  if (self->pos >= self->size)
    return FALSE;
  *byte = self->data[self->pos++];
  return TRUE;
}

static gboolean
fuzz_command (BwTransport   *transport,
              const guint8  *cmd,
              const guint8  *out_data,
              gsize          out_length,
              guint8        *in_data,
              gsize          in_length,
              gsize         *in_actual,
              guint          timeout_ms,
              GError       **error)
{
  static const BwError failures[] = {
    BW_ERROR_DISCONNECTED, BW_ERROR_TIMED_OUT, BW_ERROR_PROBE_BUSY, BW_ERROR_PROBE_PROTOCOL,
  };
  BwFuzzTransport *self = BW_FUZZ_TRANSPORT (transport);
  guint8 control = 0;
  guint8 length_byte = 0;
  gsize length;

  self->now_us += 100;
  if (in_actual != NULL)
    *in_actual = 0;
  if (!take_byte (self, &control))
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_DISCONNECTED, "the fuzz input is used up");
      return FALSE;
    }
  if (control % 16 == 0)
    {
      g_set_error (error, BW_ERROR, failures[(control / 16) % G_N_ELEMENTS (failures)], "fuzzed failure 0x%02x",
                   control);
      return FALSE;
    }
  if (in_length == 0)
    return TRUE;
  if (!take_byte (self, &length_byte))
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_DISCONNECTED, "the fuzz input is used up");
      return FALSE;
    }
  length = length_byte == 0xFF ? in_length : MIN ((gsize) length_byte, in_length);
  length = MIN (length, self->size - self->pos);
  memcpy (in_data, self->data + self->pos, length);
  self->pos += length;
  *in_actual = length;
  return TRUE;
}

static void
fuzz_sleep_us (BwTransport *transport,
               guint64      us)
{
  BW_FUZZ_TRANSPORT (transport)->now_us += (gint64) MIN (us, (guint64) G_MAXINT32);
}

static gint64
fuzz_now_us (BwTransport *transport)
{
  return BW_FUZZ_TRANSPORT (transport)->now_us;
}

static void
bw_fuzz_transport_iface_init (BwTransportInterface *iface)
{
  iface->command = fuzz_command;
  iface->sleep_us = fuzz_sleep_us;
  iface->now_us = fuzz_now_us;
}

BwFuzzTransport *
bw_fuzz_transport_new (const guint8 *data,
                       gsize         size)
{
  BwFuzzTransport *self = g_object_new (BW_FUZZ_TYPE_TRANSPORT, NULL);

  self->data = data;
  self->size = size;
  return self;
}

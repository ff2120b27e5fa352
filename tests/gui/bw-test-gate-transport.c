/* bw-test-gate-transport.c: a transport that passes commands to another and
 * can hold the worker at the next one
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-test-gate-transport.h"

struct _BwTestGateTransport
{
  GObject      parent_instance;

  BwTransport *inner;
  GMutex       lock;
  GCond        cond;
  gboolean     open;
  guint        credits;
  gboolean     holding;
};

static void bw_test_gate_transport_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BwTestGateTransport, bw_test_gate_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, bw_test_gate_transport_iface_init))

static gboolean
gate_command (BwTransport *transport, const guint8 *cmd, const guint8 *out_data, gsize out_length, guint8 *in_data,
              gsize in_length, gsize *in_actual, guint timeout_ms, GError **error)
{
  BwTestGateTransport *self = BW_TEST_GATE_TRANSPORT (transport);
  BwTransportInterface *inner = BW_TRANSPORT_GET_IFACE (self->inner);

  g_mutex_lock (&self->lock);
  while (!self->open && self->credits == 0)
    {
      self->holding = TRUE;
      g_cond_wait (&self->cond, &self->lock);
    }
  if (!self->open)
    self->credits--;
  self->holding = FALSE;
  g_mutex_unlock (&self->lock);
  return inner->command (self->inner, cmd, out_data, out_length, in_data, in_length, in_actual, timeout_ms, error);
}

static void
gate_sleep_us (BwTransport *transport, guint64 us)
{
  bw_transport_sleep_us (BW_TEST_GATE_TRANSPORT (transport)->inner, us);
}

static gint64
gate_now_us (BwTransport *transport)
{
  return bw_transport_now_us (BW_TEST_GATE_TRANSPORT (transport)->inner);
}

static void
bw_test_gate_transport_iface_init (BwTransportInterface *iface)
{
  iface->command = gate_command;
  iface->sleep_us = gate_sleep_us;
  iface->now_us = gate_now_us;
}

static void
bw_test_gate_transport_finalize (GObject *object)
{
  BwTestGateTransport *self = BW_TEST_GATE_TRANSPORT (object);

  g_clear_object (&self->inner);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (bw_test_gate_transport_parent_class)->finalize (object);
}

static void
bw_test_gate_transport_class_init (BwTestGateTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_test_gate_transport_finalize;
}

static void
bw_test_gate_transport_init (BwTestGateTransport *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->open = TRUE;
}

BwTestGateTransport *
bw_test_gate_transport_new (BwTransport *inner)
{
  BwTestGateTransport *self = g_object_new (BW_TYPE_TEST_GATE_TRANSPORT, NULL);

  self->inner = g_object_ref (inner);
  return self;
}

BwTransport *
bw_test_gate_transport_get_inner (BwTestGateTransport *self)
{
  return self->inner;
}

void
bw_test_gate_transport_set_open (BwTestGateTransport *self, gboolean open)
{
  g_mutex_lock (&self->lock);
  self->open = open;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
bw_test_gate_transport_allow (BwTestGateTransport *self, guint n_commands)
{
  g_mutex_lock (&self->lock);
  self->credits += n_commands;
  /* not holding until the worker comes back to the gate */
  self->holding = FALSE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

gboolean
bw_test_gate_transport_is_holding (BwTestGateTransport *self)
{
  gboolean holding;

  g_mutex_lock (&self->lock);
  holding = self->holding;
  g_mutex_unlock (&self->lock);
  return holding;
}

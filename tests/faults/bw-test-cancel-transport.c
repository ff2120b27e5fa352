/* bw-test-cancel-transport.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-test-cancel-transport.h"

#define FLASH_CR      0x40023C10u
#define CR_OPERATIONS 0x7u /* PG, SER, MER */

struct _BwTestCancelTransport
{
  GObject         parent_instance;
  BwSimTransport *inner;
  GCancellable   *cancellable;
  guint64         at_transfer;
  gboolean        fired;
  gboolean        fired_unsafe;
};

static void bw_test_cancel_transport_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BwTestCancelTransport, bw_test_cancel_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, bw_test_cancel_transport_iface_init))

static void
bw_test_cancel_transport_finalize (GObject *object)
{
  BwTestCancelTransport *self = BW_TEST_CANCEL_TRANSPORT (object);

  g_clear_object (&self->inner);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (bw_test_cancel_transport_parent_class)->finalize (object);
}

static void
bw_test_cancel_transport_class_init (BwTestCancelTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_test_cancel_transport_finalize;
}

static void
bw_test_cancel_transport_init (BwTestCancelTransport *self)
{
}

static gboolean
flash_operation_in_progress (BwTestCancelTransport *self)
{
  BwSimStm32f405 *target = bw_sim_transport_get_target (self->inner);
  guint64 now = bw_sim_clock_now_us (bw_sim_transport_get_clock (self->inner));
  guint32 cr = 0;

  if (bw_sim_stm32f405_get_busy_until (target) > now)
    return TRUE;
  return bw_sim_stm32f405_read (target, FLASH_CR, 4, &cr) == BW_SIM_SWD_OK && (cr & CR_OPERATIONS) != 0;
}

static gboolean
cancel_command (BwTransport   *transport,
                const guint8  *cmd,
                const guint8  *out_data,
                gsize          out_length,
                guint8        *in_data,
                gsize          in_length,
                gsize         *in_actual,
                guint          timeout_ms,
                GError       **error)
{
  BwTestCancelTransport *self = BW_TEST_CANCEL_TRANSPORT (transport);
  BwTransportInterface *inner = BW_TRANSPORT_GET_IFACE (self->inner);
  gboolean ok;

  ok = inner->command (BW_TRANSPORT (self->inner), cmd, out_data, out_length, in_data, in_length, in_actual,
                       timeout_ms, error);
  if (!self->fired && bw_sim_transport_get_n_transfers (self->inner) >= self->at_transfer)
    {
      self->fired = TRUE;
      self->fired_unsafe = flash_operation_in_progress (self);
      g_cancellable_cancel (self->cancellable);
    }
  return ok;
}

static void
cancel_sleep_us (BwTransport *transport,
                 guint64      us)
{
  bw_transport_sleep_us (BW_TRANSPORT (BW_TEST_CANCEL_TRANSPORT (transport)->inner), us);
}

static gint64
cancel_now_us (BwTransport *transport)
{
  return bw_transport_now_us (BW_TRANSPORT (BW_TEST_CANCEL_TRANSPORT (transport)->inner));
}

static void
bw_test_cancel_transport_iface_init (BwTransportInterface *iface)
{
  iface->command = cancel_command;
  iface->sleep_us = cancel_sleep_us;
  iface->now_us = cancel_now_us;
}

BwTestCancelTransport *
bw_test_cancel_transport_new (BwSimTransport *inner,
                              GCancellable   *cancellable,
                              guint64         at_transfer)
{
  BwTestCancelTransport *self;

  g_return_val_if_fail (BW_SIM_IS_TRANSPORT (inner), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (BW_TEST_TYPE_CANCEL_TRANSPORT, NULL);
  self->inner = g_object_ref (inner);
  self->cancellable = g_object_ref (cancellable);
  self->at_transfer = at_transfer;
  return self;
}

gboolean
bw_test_cancel_transport_fired (BwTestCancelTransport *self)
{
  g_return_val_if_fail (BW_TEST_IS_CANCEL_TRANSPORT (self), FALSE);
  return self->fired;
}

gboolean
bw_test_cancel_transport_fired_unsafe (BwTestCancelTransport *self)
{
  g_return_val_if_fail (BW_TEST_IS_CANCEL_TRANSPORT (self), FALSE);
  return self->fired_unsafe;
}

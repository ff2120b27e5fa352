/* bw-sim-transport.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-sim-transport.h"

struct _BwSimTransport
{
  GObject parent_instance;

  BwSimScenario  *scenario;
  BwSimState     *state;
  BwSimClock     *clock;
  BwSimStm32f405 *target;
  BwSimStlink    *probe;
  guint8          ep_out;
  guint8          ep_in;
  guint64         n_transfers;
};

static void bw_sim_transport_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BwSimTransport, bw_sim_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, bw_sim_transport_iface_init))

static void
bw_sim_transport_finalize (GObject *object)
{
  BwSimTransport *self = BW_SIM_TRANSPORT (object);

  g_clear_object (&self->probe);
  g_clear_object (&self->target);
  g_clear_object (&self->clock);
  g_clear_object (&self->state);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (bw_sim_transport_parent_class)->finalize (object);
}

static void
bw_sim_transport_class_init (BwSimTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bw_sim_transport_finalize;
}

static void
bw_sim_transport_init (BwSimTransport *self)
{
}

/* The same mapping the stand-in libusb and the USB transport make. */
static gboolean
check_usb (BwSimTransport *self,
           BwSimUsbResult  r,
           guint           timeout_ms,
           const gchar    *what,
           GError        **error)
{
  switch (r)
    {
    case BW_SIM_USB_OK:
      return TRUE;
    case BW_SIM_USB_NO_DEVICE:
      g_set_error (error, BW_ERROR, BW_ERROR_DISCONNECTED, "%s: the probe is gone (LIBUSB_ERROR_NO_DEVICE)", what);
      return FALSE;
    case BW_SIM_USB_TIMEOUT:
      /* The host waited for the whole timeout. */
      bw_sim_clock_advance (self->clock, (guint64) timeout_ms * 1000);
      bw_sim_stm32f405_sync (self->target);
      g_set_error (error, BW_ERROR, BW_ERROR_TIMED_OUT, "%s: no answer within %u ms (LIBUSB_ERROR_TIMEOUT)", what,
                   timeout_ms);
      return FALSE;
    case BW_SIM_USB_BUSY:
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_BUSY, "%s: LIBUSB_ERROR_BUSY", what);
      return FALSE;
    case BW_SIM_USB_STALL:
    case BW_SIM_USB_NOT_FOUND:
    default:
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_PROTOCOL, "%s: the endpoint refused the transfer", what);
      return FALSE;
    }
}

static gboolean
sim_command (BwTransport   *transport,
             const guint8  *cmd,
             const guint8  *out_data,
             gsize          out_length,
             guint8        *in_data,
             gsize          in_length,
             gsize         *in_actual,
             guint          timeout_ms,
             GError       **error)
{
  BwSimTransport *self = BW_SIM_TRANSPORT (transport);

  self->n_transfers++;
  if (!check_usb (self, bw_sim_stlink_bulk_out (self->probe, self->ep_out, cmd, BW_TRANSPORT_COMMAND_SIZE),
                  timeout_ms, "sending a command", error))
    return FALSE;
  if (out_length > 0)
    {
      self->n_transfers++;
      if (!check_usb (self, bw_sim_stlink_bulk_out (self->probe, self->ep_out, out_data, out_length), timeout_ms,
                      "sending data", error))
        return FALSE;
    }
  if (in_length > 0)
    {
      self->n_transfers++;
      if (!check_usb (self, bw_sim_stlink_bulk_in (self->probe, self->ep_in, in_data, in_length, in_actual),
                      timeout_ms, "reading the reply", error))
        return FALSE;
    }
  return TRUE;
}

static void
sim_sleep_us (BwTransport *transport,
              guint64      us)
{
  BwSimTransport *self = BW_SIM_TRANSPORT (transport);

  bw_sim_clock_advance (self->clock, us);
  bw_sim_stm32f405_sync (self->target);
}

static gint64
sim_now_us (BwTransport *transport)
{
  BwSimTransport *self = BW_SIM_TRANSPORT (transport);

  return (gint64) bw_sim_clock_now_us (self->clock);
}

static void
bw_sim_transport_iface_init (BwTransportInterface *iface)
{
  iface->command = sim_command;
  iface->sleep_us = sim_sleep_us;
  iface->now_us = sim_now_us;
}

BwSimTransport *
bw_sim_transport_new (BwSimScenario  *scenario,
                      BwSimState     *state,
                      GError        **error)
{
  g_autoptr (BwSimTransport) self = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (BW_SIM_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (state == NULL || BW_SIM_IS_STATE (state), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (BW_SIM_TYPE_TRANSPORT, NULL);
  self->scenario = g_object_ref (scenario);
  self->state = state != NULL ? g_object_ref (state) : NULL;
  self->clock = bw_sim_clock_new ();
  if (state != NULL)
    bw_sim_state_load_clock (state, self->clock);
  self->target = bw_sim_stm32f405_new_full (self->clock, scenario, state, &local_error);
  if (self->target == NULL)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "simulated target: %s", local_error->message);
      return NULL;
    }
  self->probe = bw_sim_stlink_new (scenario, state, self->clock, self->target);
  self->ep_out = bw_sim_stlink_get_ep_out (self->probe);
  self->ep_in = bw_sim_stlink_get_ep_in (self->probe);
  switch (bw_sim_stlink_claim_interface (self->probe, 0))
    {
    case BW_SIM_USB_OK:
      break;
    case BW_SIM_USB_BUSY:
      g_set_error_literal (error, BW_ERROR, BW_ERROR_PROBE_BUSY,
                           "the ST-Link is in use by another program (LIBUSB_ERROR_BUSY)");
      return NULL;
    case BW_SIM_USB_NO_DEVICE:
      g_set_error_literal (error, BW_ERROR, BW_ERROR_DISCONNECTED, "the ST-Link is gone");
      return NULL;
    default:
      g_set_error_literal (error, BW_ERROR, BW_ERROR_PROBE_PROTOCOL, "cannot claim the ST-Link's debug interface");
      return NULL;
    }
  return g_steal_pointer (&self);
}

BwSimClock *
bw_sim_transport_get_clock (BwSimTransport *self)
{
  g_return_val_if_fail (BW_SIM_IS_TRANSPORT (self), NULL);
  return self->clock;
}

BwSimStlink *
bw_sim_transport_get_probe (BwSimTransport *self)
{
  g_return_val_if_fail (BW_SIM_IS_TRANSPORT (self), NULL);
  return self->probe;
}

BwSimStm32f405 *
bw_sim_transport_get_target (BwSimTransport *self)
{
  g_return_val_if_fail (BW_SIM_IS_TRANSPORT (self), NULL);
  return self->target;
}

void
bw_sim_transport_unplug_after_more (BwSimTransport *self, guint n_more)
{
  g_return_if_fail (BW_SIM_IS_TRANSPORT (self));
  bw_sim_stlink_unplug_after_more (self->probe, n_more);
}

guint64
bw_sim_transport_get_n_transfers (BwSimTransport *self)
{
  g_return_val_if_fail (BW_SIM_IS_TRANSPORT (self), 0);
  return self->n_transfers;
}

gboolean
bw_sim_transport_save (BwSimTransport  *self,
                       GError         **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (BW_SIM_IS_TRANSPORT (self), FALSE);

  if (self->state == NULL)
    return TRUE;
  bw_sim_stm32f405_sync (self->target);
  if (!bw_sim_stm32f405_save (self->target, &local_error))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_FILE_WRITE_FAILED, "saving the simulated target: %s",
                   local_error->message);
      return FALSE;
    }
  bw_sim_stlink_save (self->probe);
  bw_sim_state_store_clock (self->state, self->clock);
  if (!bw_sim_state_flush (self->state, &local_error))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_FILE_WRITE_FAILED, "saving the simulator state: %s",
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* bw-session.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-session.h"

#define FAST_SWD_KHZ    4000
#define DEFAULT_SWD_KHZ 1800

struct _BwSession
{
  GObject         parent_instance;
  BwStlink       *stlink;
  BwTarget       *target;
  BwStm32f4Flash *flash;
  gdouble         voltage;
  gboolean        sense_trusted; /* the probe measured a live supply when the session opened */
};

G_DEFINE_FINAL_TYPE (BwSession, bw_session, G_TYPE_OBJECT)

static void
bw_session_finalize (GObject *object)
{
  BwSession *self = BW_SESSION (object);

  g_clear_object (&self->flash);
  g_clear_object (&self->target);
  g_clear_object (&self->stlink);
  G_OBJECT_CLASS (bw_session_parent_class)->finalize (object);
}

static void
bw_session_class_init (BwSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_session_finalize;
}

static void
bw_session_init (BwSession *self)
{
}

/* Attaches an opened probe to the chip at @swd_khz, or (0) at 4 MHz, the
 * clock short JST leads manage and that keeps the probe ahead of the
 * flash, falling back to the default 1.8 MHz when the chip does not answer
 * fast. A chip that does not answer at all gets a diagnosis; @sense says
 * whether the probe's voltage reading can be believed. */
gboolean
bw_session_attach (BwStlink *stlink, BwStlinkConnectMode mode, guint swd_khz, BwStlinkSense sense,
                   GError **error)
{
  gboolean connected = FALSE;

  g_return_val_if_fail (BW_IS_STLINK (stlink), FALSE);

  if (swd_khz != 0)
    {
      if (!bw_stlink_set_swd_frequency (stlink, swd_khz, NULL, error))
        return FALSE;
    }
  else if (bw_stlink_set_swd_frequency (stlink, FAST_SWD_KHZ, NULL, NULL))
    {
      connected = bw_stlink_connect (stlink, mode, NULL);
      if (!connected && !bw_stlink_set_swd_frequency (stlink, DEFAULT_SWD_KHZ, NULL, error))
        return FALSE;
    }
  if (!connected && !bw_stlink_connect (stlink, mode, error))
    {
      GError *diagnosis = bw_stlink_diagnose_no_answer (stlink, *error, sense);

      g_clear_error (error);
      g_propagate_error (error, diagnosis);
      /* holding NRST did not help: the probe's reset line may not reach the chip */
      if (mode == BW_STLINK_CONNECT_UNDER_RESET && g_error_matches (*error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE))
        g_prefix_error (error, "connecting under reset did not help either, so check that the probe's RST pin is "
                               "wired to the ESC's NRST pad; ");
      return FALSE;
    }
  return TRUE;
}

/* Opens the probe, attaches to the chip, identifies it and picks the
 * program size from @supply_voltage, or from the probe's reading when it
 * is negative. */
BwSession *
bw_session_open (BwTransport         *transport,
                 BwStlinkConnectMode  mode,
                 guint                swd_khz,
                 gdouble              supply_voltage,
                 GError             **error)
{
  g_autoptr(BwSession) self = g_object_new (BW_TYPE_SESSION, NULL);

  g_return_val_if_fail (BW_IS_TRANSPORT (transport), NULL);

  self->stlink = bw_stlink_new (transport);
  /* a supply given by the board profile means the probe's sense pin is not wired */
  if (!bw_stlink_open (self->stlink, error) ||
      !bw_session_attach (self->stlink, mode, swd_khz,
                          supply_voltage >= 0 ? BW_STLINK_SENSE_NOT_WIRED : BW_STLINK_SENSE_UNKNOWN, error))
    return NULL;
  self->target = bw_target_new (self->stlink);
  if (!bw_target_identify (self->target, error))
    return NULL;
  self->flash = bw_stm32f4_flash_new (self->target, bw_target_get_flash_map (self->target));
  self->voltage = supply_voltage;
  if (self->voltage < 0)
    {
      if (!bw_stlink_read_target_voltage (self->stlink, &self->voltage, NULL))
        self->voltage = 0.0;
      self->sense_trusted = self->voltage >= BW_STLINK_MIN_TARGET_VOLTAGE;
    }
  bw_stm32f4_flash_set_psize (self->flash, bw_stm32f4_flash_psize_for_voltage (self->voltage));
  return g_steal_pointer (&self);
}

BwStlink *
bw_session_get_stlink (BwSession *self)
{
  g_return_val_if_fail (BW_IS_SESSION (self), NULL);
  return self->stlink;
}

BwTarget *
bw_session_get_target (BwSession *self)
{
  g_return_val_if_fail (BW_IS_SESSION (self), NULL);
  return self->target;
}

BwStm32f4Flash *
bw_session_get_flash (BwSession *self)
{
  g_return_val_if_fail (BW_IS_SESSION (self), NULL);
  return self->flash;
}

gdouble
bw_session_get_voltage (BwSession *self)
{
  g_return_val_if_fail (BW_IS_SESSION (self), 0.0);
  return self->voltage;
}

gboolean
bw_session_check_not_read_protected (BwSession *self, GError **error)
{
  guint8 rdp = 0xAA;

  g_return_val_if_fail (BW_IS_SESSION (self), FALSE);

  if (!bw_stm32f4_flash_read_protection (self->flash, &rdp, NULL, error))
    return FALSE;
  if (rdp != 0xAA)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED, "the chip is read-protected (RDP level %s)",
                   rdp == 0xCC ? "2" : "1");
      return FALSE;
    }
  return TRUE;
}

/* A chip that stops answering part way through a job: when the probe saw
 * a live supply at the start and now sees none, the ESC lost power;
 * otherwise a wire came loose. Other errors are left as they are. */
void
bw_session_explain_error (BwSession *self, GError **error)
{
  gdouble volts = 0.0;

  g_return_if_fail (BW_IS_SESSION (self));
  g_return_if_fail (error == NULL || *error != NULL);

  if (error == NULL || !g_error_matches (*error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE))
    return;
  if (self->sense_trusted && bw_stlink_read_target_voltage (self->stlink, &volts, NULL) &&
      volts < BW_STLINK_MIN_TARGET_VOLTAGE)
    {
      GError *lost = g_error_new (BW_ERROR, BW_ERROR_TARGET_NOT_POWERED,
                                  "the ESC lost its supply during the job (the probe measured %.2f V at the start "
                                  "and %.2f V now): %s",
                                  self->voltage, volts, (*error)->message);

      g_clear_error (error);
      g_propagate_error (error, lost);
      return;
    }
  g_prefix_error (error, "the processor stopped answering on SWD during the job (a loose SWD wire or a "
                         "supply that dropped out): ");
}

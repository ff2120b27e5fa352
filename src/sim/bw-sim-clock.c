/* bw-sim-clock.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-sim-clock.h"

typedef struct {
  gchar   *label;
  guint64  start_ns;
  guint64  end_ns;
} BwSimSession;

struct _BwSimClock {
  GObject    parent_instance;
  guint64    now_ns;
  gboolean   in_session;
  gchar     *session_label;
  guint64    session_start_ns;
  GPtrArray *sessions; /* of BwSimSession */
};

G_DEFINE_FINAL_TYPE (BwSimClock, bw_sim_clock, G_TYPE_OBJECT)

static void
session_free (gpointer data)
{
  BwSimSession *s = data;
  g_free (s->label);
  g_free (s);
}

static void
bw_sim_clock_finalize (GObject *object)
{
  BwSimClock *self = BW_SIM_CLOCK (object);
  g_free (self->session_label);
  g_ptr_array_unref (self->sessions);
  G_OBJECT_CLASS (bw_sim_clock_parent_class)->finalize (object);
}

static void
bw_sim_clock_class_init (BwSimClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_sim_clock_finalize;
}

static void
bw_sim_clock_init (BwSimClock *self)
{
  self->sessions = g_ptr_array_new_with_free_func (session_free);
}

BwSimClock *
bw_sim_clock_new (void)
{
  return g_object_new (BW_SIM_TYPE_CLOCK, NULL);
}

guint64
bw_sim_clock_now_ns (BwSimClock *self)
{
  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), 0);
  return self->now_ns;
}

guint64
bw_sim_clock_now_us (BwSimClock *self)
{
  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), 0);
  return self->now_ns / 1000;
}

void
bw_sim_clock_advance_ns (BwSimClock *self, guint64 ns)
{
  g_return_if_fail (BW_SIM_IS_CLOCK (self));
  self->now_ns += ns;
}

void
bw_sim_clock_advance_to_ns (BwSimClock *self, guint64 ns)
{
  g_return_if_fail (BW_SIM_IS_CLOCK (self));
  if (ns > self->now_ns)
    self->now_ns = ns;
}

void
bw_sim_clock_advance (BwSimClock *self, guint64 us)
{
  bw_sim_clock_advance_ns (self, us * 1000);
}

void
bw_sim_clock_advance_to (BwSimClock *self, guint64 us)
{
  bw_sim_clock_advance_to_ns (self, us * 1000);
}

void
bw_sim_clock_set_now_ns (BwSimClock *self, guint64 ns)
{
  bw_sim_clock_advance_to_ns (self, ns);
}

guint64
bw_sim_clock_usb_transfer_ns (BwSimUsbSpeed speed, gsize payload_bytes)
{
  if (speed == BW_SIM_USB_HIGH_SPEED)
    return BW_SIM_USB_HS_LATENCY_NS + ((guint64) payload_bytes * BW_SIM_USB_HS_BYTE_PS + 999) / 1000;
  return BW_SIM_USB_FS_LATENCY_NS + ((guint64) payload_bytes * BW_SIM_USB_FS_BYTE_PS + 999) / 1000;
}

guint64
bw_sim_clock_swd_transfers_ns (guint32 swclk_hz, guint n_transfers)
{
  guint64 cycles = (guint64) BW_SIM_SWD_CYCLES_PER_TRANSFER * n_transfers;
  if (swclk_hz == 0)
    swclk_hz = BW_SIM_SWD_DEFAULT_HZ;
  return (cycles * G_GUINT64_CONSTANT (1000000000) + swclk_hz - 1) / swclk_hz;
}

guint64
bw_sim_clock_flash_program_ns (BwSimPsize psize)
{
  return BW_SIM_FLASH_PROGRAM_NS;
}

/* Rows of the DS8626 table in ms: x8, x16, x32 (x64 without VPP uses x32). */
static guint
psize_column (BwSimPsize psize)
{
  switch (psize)
    {
    case BW_SIM_PSIZE_X8:
      return 0;
    case BW_SIM_PSIZE_X16:
      return 1;
    case BW_SIM_PSIZE_X32:
    case BW_SIM_PSIZE_X64:
    default:
      return 2;
    }
}

guint64
bw_sim_clock_flash_erase_ns (gsize sector_bytes, BwSimPsize psize)
{
  static const guint ms16[] = { 400, 300, 250 };
  static const guint ms64[] = { 1200, 700, 550 };
  static const guint ms128[] = { 2000, 1300, 1000 };
  guint col = psize_column (psize);
  guint ms;

  if (sector_bytes <= 16 * 1024)
    ms = ms16[col];
  else if (sector_bytes <= 64 * 1024)
    ms = ms64[col];
  else
    ms = ms128[col];
  return (guint64) ms * 1000000;
}

guint64
bw_sim_clock_flash_mass_erase_ns (BwSimPsize psize)
{
  static const guint s[] = { 16, 11, 8 };
  return (guint64) s[psize_column (psize)] * G_GUINT64_CONSTANT (1000000000);
}

guint64
bw_sim_clock_insns_to_ns (guint64 n_insns)
{
  /* 62.5 ns each */
  return (n_insns * 125) / 2;
}

guint64
bw_sim_clock_ns_to_insns (guint64 ns)
{
  return (ns * 2) / 125;
}

void
bw_sim_clock_session_begin (BwSimClock *self, const gchar *label)
{
  g_return_if_fail (BW_SIM_IS_CLOCK (self));
  if (self->in_session)
    (void) bw_sim_clock_session_end (self);
  g_free (self->session_label);
  self->session_label = g_strdup (label != NULL ? label : "session");
  self->session_start_ns = self->now_ns;
  self->in_session = TRUE;
}

gboolean
bw_sim_clock_in_session (BwSimClock *self)
{
  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), FALSE);
  return self->in_session;
}

guint64
bw_sim_clock_session_elapsed_us (BwSimClock *self)
{
  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), 0);
  if (!self->in_session)
    return 0;
  return (self->now_ns - self->session_start_ns) / 1000;
}

guint64
bw_sim_clock_session_end (BwSimClock *self)
{
  BwSimSession *s;

  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), 0);
  if (!self->in_session)
    return 0;
  s = g_new0 (BwSimSession, 1);
  s->label = g_steal_pointer (&self->session_label);
  s->start_ns = self->session_start_ns;
  s->end_ns = self->now_ns;
  g_ptr_array_add (self->sessions, s);
  self->in_session = FALSE;
  return (s->end_ns - s->start_ns) / 1000;
}

guint
bw_sim_clock_get_n_sessions (BwSimClock *self)
{
  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), 0);
  return self->sessions->len;
}

gchar *
bw_sim_clock_format_report (BwSimClock *self)
{
  GString *str;

  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), NULL);
  str = g_string_new (NULL);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      BwSimSession *s = g_ptr_array_index (self->sessions, i);
      g_string_append_printf (str, "%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n",
                              s->label, s->start_ns / 1000, (s->end_ns - s->start_ns) / 1000);
    }
  return g_string_free (str, FALSE);
}

gchar *
bw_sim_clock_format_session (BwSimClock *self, guint index)
{
  BwSimSession *s;

  g_return_val_if_fail (BW_SIM_IS_CLOCK (self), NULL);
  g_return_val_if_fail (index < self->sessions->len, NULL);
  s = g_ptr_array_index (self->sessions, index);
  return g_strdup_printf ("%s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                          s->label, s->start_ns / 1000, (s->end_ns - s->start_ns) / 1000);
}

void
bw_sim_clock_save_to_keyfile (BwSimClock *self, GKeyFile *keyfile)
{
  g_return_if_fail (BW_SIM_IS_CLOCK (self));
  g_key_file_set_uint64 (keyfile, "clock", "now-ns", self->now_ns);
}

void
bw_sim_clock_load_from_keyfile (BwSimClock *self, GKeyFile *keyfile)
{
  g_return_if_fail (BW_SIM_IS_CLOCK (self));
  if (g_key_file_has_key (keyfile, "clock", "now-ns", NULL))
    bw_sim_clock_set_now_ns (self, g_key_file_get_uint64 (keyfile, "clock", "now-ns", NULL));
}

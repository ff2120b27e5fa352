/* bw-stlink.c: the ST-Link debug protocol
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Section numbers (§) refer to spec/stlink-protocol.md.
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-stlink-commands.h"
#include "bw-stlink-status.h"
#include "bw-stlink.h"

/* WAIT answers are retried with doubling sleeps, as OpenOCD does (§3). */
#define WAIT_RETRIES 8
#define WAIT_FIRST_SLEEP_US 1000
/* A garbled SWD exchange has no effect on the target; try it again. */
#define SWD_RETRIES 2

#define HALT_TIMEOUT_US 100000
#define RESET_TIMEOUT_US 500000
#define NRST_ASSERT_US 100
#define UNDER_RESET_SETTLE_US 20

#define DEFAULT_SWD_KHZ 1800

struct _BwStlink
{
  GObject parent_instance;

  BwTransport     *transport;
  guint            timeout_ms;
  gboolean         opened;
  BwStlinkVersion  version;
  guint            features;
  gchar           *firmware;
  gboolean         connected;
  guint            swd_khz;
  gboolean         nrst_works;
};

G_DEFINE_FINAL_TYPE (BwStlink, bw_stlink, G_TYPE_OBJECT)

typedef enum {
  WIDTH_8 = 1,
  WIDTH_16 = 2,
  WIDTH_32 = 4,
} Width;

static inline guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline void
put16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
}

static inline void
put32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
  p[2] = (guint8) (v >> 16);
  p[3] = (guint8) (v >> 24);
}

static void
bw_stlink_finalize (GObject *object)
{
  BwStlink *self = BW_STLINK (object);

  g_clear_object (&self->transport);
  g_free (self->firmware);

  G_OBJECT_CLASS (bw_stlink_parent_class)->finalize (object);
}

static void
bw_stlink_class_init (BwStlinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bw_stlink_finalize;
}

static void
bw_stlink_init (BwStlink *self)
{
  self->timeout_ms = BW_TRANSPORT_DEFAULT_TIMEOUT_MS;
  self->swd_khz = DEFAULT_SWD_KHZ;
  self->nrst_works = TRUE;
}

BwStlink *
bw_stlink_new (BwTransport *transport)
{
  BwStlink *self;

  g_return_val_if_fail (BW_IS_TRANSPORT (transport), NULL);

  self = g_object_new (BW_TYPE_STLINK, NULL);
  self->transport = g_object_ref (transport);
  return self;
}

BwTransport *
bw_stlink_get_transport (BwStlink *self)
{
  g_return_val_if_fail (BW_IS_STLINK (self), NULL);
  return self->transport;
}

void
bw_stlink_set_timeout (BwStlink *self,
                       guint     timeout_ms)
{
  g_return_if_fail (BW_IS_STLINK (self));
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : BW_TRANSPORT_DEFAULT_TIMEOUT_MS;
}

/* ------------------------------------------------------------------ */
/* Exchanges                                                           */

static void
cmd_init (guint8 *cmd, guint8 b0, guint8 b1)
{
  memset (cmd, 0, BW_TRANSPORT_COMMAND_SIZE);
  cmd[0] = b0;
  cmd[1] = b1;
}

static gboolean
check_open (BwStlink *self, GError **error)
{
  if (self->opened)
    return TRUE;
  g_set_error_literal (error, BW_ERROR, BW_ERROR_INTERNAL, "the ST-Link has not been opened");
  return FALSE;
}

static gboolean
check_connected (BwStlink *self, GError **error)
{
  if (!check_open (self, error))
    return FALSE;
  if (self->connected)
    return TRUE;
  g_set_error_literal (error, BW_ERROR, BW_ERROR_INTERNAL, "not connected to the target");
  return FALSE;
}

/* A reply of exactly @length bytes. */
static gboolean
receive_exact (BwStlink     *self,
               const guint8 *cmd,
               guint8       *reply,
               gsize         length,
               GError      **error)
{
  gsize actual = 0;

  if (!bw_transport_receive (self->transport, cmd, reply, length, &actual, self->timeout_ms, error))
    return FALSE;
  if (actual < length)
    {
      /* Firmware that does not know a command answers with a bare status. */
      if (actual == BW_STLINK_STATUS_SIZE && reply[0] != BW_STLINK_STATUS_OK)
        return bw_stlink_status_check (reply[0], "short reply", error);
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_PROTOCOL,
                   "short reply: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", actual, length);
      return FALSE;
    }
  return TRUE;
}

/* A command whose reply starts with a status byte; WAIT and garbled SWD
 * exchanges are sent again. @reply holds the last reply. */
static gboolean
exchange_status (BwStlink     *self,
                 const guint8 *cmd,
                 guint8       *reply,
                 gsize         length,
                 GError      **error)
{
  guint64 sleep_us = WAIT_FIRST_SLEEP_US;
  guint waits = 0, swd_errors = 0;

  for (;;)
    {
      if (!receive_exact (self, cmd, reply, length, error))
        return FALSE;
      if (bw_stlink_status_is_wait (reply[0]) && waits < WAIT_RETRIES)
        {
          waits++;
          bw_transport_sleep_us (self->transport, sleep_us);
          sleep_us *= 2;
          continue;
        }
      if (bw_stlink_status_is_swd_error (reply[0]) && swd_errors < SWD_RETRIES)
        {
          swd_errors++;
          g_debug ("ST-Link: status %s, sending the command again", bw_stlink_status_to_string (reply[0]));
          continue;
        }
      return bw_stlink_status_check (reply[0], NULL, error);
    }
}

static gboolean
send_no_reply (BwStlink *self, const guint8 *cmd, GError **error)
{
  return bw_transport_send (self->transport, cmd, self->timeout_ms, error);
}

/* ------------------------------------------------------------------ */
/* Version and modes                                                   */

static gboolean
pid_is_v2_1 (guint16 pid)
{
  return pid == 0x374A || pid == 0x374B || pid == 0x3752;
}

static gchar *
format_firmware (const BwStlinkVersion *v)
{
  GString *s = g_string_new (NULL);

  /* OpenOCD's form: J and S shown when non-zero or when there is no M. */
  g_string_append_printf (s, "V%u", v->stlink);
  if (v->jtag > 0 || v->msd == 0)
    g_string_append_printf (s, "J%u", v->jtag);
  if (v->msd > 0)
    g_string_append_printf (s, "M%u", v->msd);
  if (v->bridge > 0)
    g_string_append_printf (s, "B%u", v->bridge);
  if (v->swim > 0 || v->msd == 0)
    g_string_append_printf (s, "S%u", v->swim);
  return g_string_free (s, FALSE);
}

static void
compute_features (BwStlink *self)
{
  const BwStlinkVersion *v = &self->version;
  gboolean v3 = v->stlink >= 3;
  guint j = v->jtag;
  guint f = 0;

  if (v3 || j >= 13)
    f |= BW_STLINK_FEATURE_TARGET_VOLTAGE;
  if (v3 || j >= 15)
    f |= BW_STLINK_FEATURE_RW_STATUS2;
  if (!v3 && j >= 22)
    f |= BW_STLINK_FEATURE_SWD_SET_FREQ;
  if (v3 || j >= 26)
    f |= BW_STLINK_FEATURE_MEM_16BIT;
  if (v3 || j >= 28)
    f |= BW_STLINK_FEATURE_INIT_AP;
  if (v3)
    f |= BW_STLINK_FEATURE_COM_FREQ;
  if (v3 && j >= 6)
    f |= BW_STLINK_FEATURE_MEM_8BIT_512;
  self->features = f;
}

static gboolean
read_version (BwStlink *self, GError **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_GET_VERSION_EX_SIZE];
  BwStlinkVersion *v = &self->version;
  guint16 word;
  guint x, y;

  cmd_init (cmd, BW_STLINK_CMD_GET_VERSION, 0);
  if (!receive_exact (self, cmd, r, BW_STLINK_GET_VERSION_SIZE, error))
    return FALSE;
  word = (guint16) ((r[0] << 8) | r[1]);
  memset (v, 0, sizeof *v);
  v->stlink = (guint8) (word >> 12);
  x = (word >> 6) & 0x3F;
  y = word & 0x3F;
  v->vid = get16 (r + 2);
  v->pid = get16 (r + 4);

  if (v->stlink == 3 && x == 0 && y == 0)
    {
      cmd_init (cmd, BW_STLINK_CMD_GET_VERSION_EX, 0);
      if (!receive_exact (self, cmd, r, BW_STLINK_GET_VERSION_EX_SIZE, error))
        {
          g_prefix_error (error, "GET_VERSION_EX: ");
          return FALSE;
        }
      v->stlink = r[0];
      v->swim = r[1];
      v->jtag = r[2];
      v->msd = r[3];
      v->bridge = r[4];
      v->vid = get16 (r + 8);
      v->pid = get16 (r + 10);
    }
  else if (pid_is_v2_1 (v->pid))
    {
      /* §2.1: some V2-1 firmware is STM8-only and reports M and S. */
      if ((x <= 22 && y == 7) || (x >= 25 && y >= 7 && y <= 12))
        {
          v->msd = (guint8) x;
          v->swim = (guint8) y;
        }
      else
        {
          v->jtag = (guint8) x;
          v->msd = (guint8) y;
        }
    }
  else
    {
      v->jtag = (guint8) x;
      v->swim = (guint8) y;
    }
  v->api = v->stlink >= 3 ? 3 : 2;
  g_free (self->firmware);
  self->firmware = format_firmware (v);
  compute_features (self);

  if (v->stlink < 2)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD,
                   "ST-Link/V1 (firmware %s) is not supported", self->firmware);
      return FALSE;
    }
  if (v->jtag == 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD,
                   "firmware %s has no SWD support (an STM8-only ST-Link firmware)", self->firmware);
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_get_mode (BwStlink  *self,
                    guint8    *mode,
                    GError   **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_GET_MODE_SIZE];

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (mode != NULL, FALSE);

  cmd_init (cmd, BW_STLINK_CMD_GET_CURRENT_MODE, 0);
  if (!receive_exact (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "reading the probe's mode: ");
      return FALSE;
    }
  *mode = r[0];
  return TRUE;
}

/* §8 step 3: leave whatever mode the probe is in, as OpenOCD does. */
static gboolean
leave_mode (BwStlink *self, GError **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 mode = 0;

  if (!bw_stlink_get_mode (self, &mode, error))
    return FALSE;
  switch (mode)
    {
    case BW_STLINK_MODE_DFU:
      cmd_init (cmd, BW_STLINK_CMD_DFU, BW_STLINK_DFU_EXIT);
      break;
    case BW_STLINK_MODE_DEBUG:
      cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_EXIT);
      break;
    case BW_STLINK_MODE_SWIM:
      cmd_init (cmd, BW_STLINK_CMD_SWIM, BW_STLINK_SWIM_EXIT);
      break;
    default:
      return TRUE;
    }
  g_debug ("ST-Link: leaving mode 0x%02x", mode);
  if (!send_no_reply (self, cmd, error))
    {
      g_prefix_error (error, "leaving mode 0x%02x: ", mode);
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_query_version (BwStlink  *self,
                         GError   **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!read_version (self, error))
    {
      g_prefix_error (error, "reading the ST-Link version: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_open (BwStlink  *self,
                GError   **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->opened = FALSE;
  self->connected = FALSE;
  if (!read_version (self, error))
    {
      g_prefix_error (error, "reading the ST-Link version: ");
      return FALSE;
    }
  if (!leave_mode (self, error))
    return FALSE;
  self->opened = TRUE;
  g_debug ("ST-Link %s (%04x:%04x), API v%u", self->firmware, self->version.vid, self->version.pid,
           self->version.api);
  return TRUE;
}

const BwStlinkVersion *
bw_stlink_get_version (BwStlink *self)
{
  g_return_val_if_fail (BW_IS_STLINK (self), NULL);
  return &self->version;
}

const gchar *
bw_stlink_get_firmware (BwStlink *self)
{
  g_return_val_if_fail (BW_IS_STLINK (self), NULL);
  return self->firmware;
}

gboolean
bw_stlink_has_feature (BwStlink         *self,
                       BwStlinkFeatures  feature)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  return (self->features & feature) == (guint) feature;
}

/* ------------------------------------------------------------------ */
/* Voltage and clock                                                   */

gboolean
bw_stlink_read_target_voltage (BwStlink  *self,
                               gdouble   *volts,
                               GError   **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_VOLTAGE_SIZE];
  guint32 adc0, adc1;

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (volts != NULL, FALSE);
  if (!check_open (self, error))
    return FALSE;

  if (!bw_stlink_has_feature (self, BW_STLINK_FEATURE_TARGET_VOLTAGE))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD,
                   "firmware %s cannot measure the target voltage (needs J13 or later)", self->firmware);
      return FALSE;
    }
  cmd_init (cmd, BW_STLINK_CMD_GET_TARGET_VOLTAGE, 0);
  if (!receive_exact (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "reading the target voltage: ");
      return FALSE;
    }
  adc0 = get32 (r);
  adc1 = get32 (r + 4);
  if (adc0 == 0)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_PROBE_PROTOCOL,
                           "reading the target voltage: the probe's reference reading is 0");
      return FALSE;
    }
  /* §4.1: VDD reaches the ADC through a 1:2 divider; ADC0 is the 1.2 V reference. */
  *volts = 2.0 * 1.2 * (gdouble) adc1 / (gdouble) adc0;
  return TRUE;
}

/* §4.4: V2 divisors by frequency, fastest first. */
static const struct
{
  guint   khz;
  guint16 divisor;
} v2_divisors[] = {
  { 4000, 0 }, { 1800, 1 }, { 1200, 2 }, { 950, 3 }, { 480, 7 },  { 240, 15 },
  { 125, 31 }, { 100, 40 }, { 50, 79 },  { 25, 158 }, { 15, 265 }, { 5, 798 },
};

static gboolean
set_v2_frequency (BwStlink *self, guint khz, GError **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_STATUS_SIZE];
  guint i;

  for (i = 0; i + 1 < G_N_ELEMENTS (v2_divisors); i++)
    {
      if (v2_divisors[i].khz <= khz)
        break;
    }
  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_SWD_SET_FREQ);
  put16 (cmd + 2, v2_divisors[i].divisor);
  if (!exchange_status (self, cmd, r, sizeof r, error))
    return FALSE;
  self->swd_khz = v2_divisors[i].khz;
  return TRUE;
}

static gboolean
set_v3_frequency (BwStlink *self, guint khz, GError **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_GET_COM_FREQ_SIZE];
  guint n, best = 0, slowest = G_MAXUINT;

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_GET_COM_FREQ);
  cmd[2] = 0; /* SWD */
  if (!exchange_status (self, cmd, r, sizeof r, error))
    return FALSE;
  n = MIN ((guint) r[8], 10u);
  for (guint i = 0; i < n; i++)
    {
      guint f = get32 (r + 12 + 4 * i);

      if (f == 0)
        continue;
      slowest = MIN (slowest, f);
      if (f <= khz && f > best)
        best = f;
    }
  if (best == 0)
    best = slowest;
  if (best == G_MAXUINT)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_PROBE_PROTOCOL, "the probe lists no SWD frequency");
      return FALSE;
    }
  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_SET_COM_FREQ);
  cmd[2] = 0;
  put32 (cmd + 4, best);
  if (!exchange_status (self, cmd, r, BW_STLINK_SET_COM_FREQ_SIZE, error))
    return FALSE;
  self->swd_khz = get32 (r + 4) != 0 ? get32 (r + 4) : best;
  return TRUE;
}

gboolean
bw_stlink_set_swd_frequency (BwStlink  *self,
                             guint      khz,
                             guint     *actual_khz,
                             GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!check_open (self, error))
    return FALSE;

  if (bw_stlink_has_feature (self, BW_STLINK_FEATURE_COM_FREQ))
    ok = set_v3_frequency (self, khz, error);
  else if (bw_stlink_has_feature (self, BW_STLINK_FEATURE_SWD_SET_FREQ))
    ok = set_v2_frequency (self, khz, error);
  else if (khz >= DEFAULT_SWD_KHZ)
    ok = TRUE; /* before J22 the clock is fixed at its default */
  else
    {
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD,
                   "firmware %s cannot change the SWD clock (needs J22 or later)", self->firmware);
      ok = FALSE;
    }
  if (!ok)
    {
      g_prefix_error (error, "setting the SWD clock to %u kHz: ", khz);
      return FALSE;
    }
  if (actual_khz != NULL)
    *actual_khz = self->swd_khz;
  return TRUE;
}

guint
bw_stlink_get_swd_frequency (BwStlink *self)
{
  g_return_val_if_fail (BW_IS_STLINK (self), 0);
  return self->swd_khz;
}

/* ------------------------------------------------------------------ */
/* Single words and core registers                                     */

gboolean
bw_stlink_read_debug_reg (BwStlink  *self,
                          guint32    address,
                          guint32   *value,
                          GError   **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_STATUS_VALUE_SIZE];

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  if (!check_connected (self, error))
    return FALSE;

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_READDEBUGREG);
  put32 (cmd + 2, address);
  if (!exchange_status (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "reading the word at 0x%08x: ", address);
      return FALSE;
    }
  *value = get32 (r + 4);
  return TRUE;
}

gboolean
bw_stlink_write_debug_reg (BwStlink  *self,
                           guint32    address,
                           guint32    value,
                           GError   **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_STATUS_SIZE];

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!check_connected (self, error))
    return FALSE;

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_WRITEDEBUGREG);
  put32 (cmd + 2, address);
  put32 (cmd + 6, value);
  if (!exchange_status (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "writing 0x%08x to 0x%08x: ", value, address);
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_read_core_reg (BwStlink  *self,
                         guint      regsel,
                         guint32   *value,
                         GError   **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_STATUS_VALUE_SIZE];

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (regsel <= 0x7F, FALSE);
  if (!check_connected (self, error))
    return FALSE;

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_READREG);
  cmd[2] = (guint8) regsel;
  if (!exchange_status (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "reading core register %u: ", regsel);
      return FALSE;
    }
  *value = get32 (r + 4);
  return TRUE;
}

gboolean
bw_stlink_write_core_reg (BwStlink  *self,
                          guint      regsel,
                          guint32    value,
                          GError   **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_STATUS_SIZE];

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (regsel <= 0x7F, FALSE);
  if (!check_connected (self, error))
    return FALSE;

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_WRITEREG);
  cmd[2] = (guint8) regsel;
  put32 (cmd + 3, value);
  if (!exchange_status (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "writing core register %u: ", regsel);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Memory blocks (§4.7)                                                */

static guint
max_block (BwStlink *self, Width width)
{
  if (width == WIDTH_8)
    return bw_stlink_has_feature (self, BW_STLINK_FEATURE_MEM_8BIT_512) ? BW_STLINK_MAX_MEM8_V3
                                                                         : BW_STLINK_MAX_MEM8_FS;
  return BW_STLINK_MAX_MEM32;
}

/* GETLASTRWSTATUS(2) after a block; *status gets the probe's answer. */
static gboolean
last_rw_status (BwStlink *self, guint8 *status, guint32 *fault_address, GError **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_RWSTATUS2_SIZE];

  *fault_address = 0;
  if (bw_stlink_has_feature (self, BW_STLINK_FEATURE_RW_STATUS2))
    {
      cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_GETLASTRWSTATUS2);
      if (!receive_exact (self, cmd, r, BW_STLINK_RWSTATUS2_SIZE, error))
        return FALSE;
      *fault_address = get32 (r + 4);
    }
  else
    {
      cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_GETLASTRWSTATUS);
      if (!receive_exact (self, cmd, r, BW_STLINK_STATUS_SIZE, error))
        return FALSE;
    }
  *status = r[0];
  return TRUE;
}

static guint8
mem_command (Width width, gboolean write)
{
  switch (width)
    {
    case WIDTH_8:
      return write ? BW_STLINK_DEBUG_WRITEMEM_8 : BW_STLINK_DEBUG_READMEM_8;
    case WIDTH_16:
      return write ? BW_STLINK_DEBUG_WRITEMEM_16 : BW_STLINK_DEBUG_READMEM_16;
    case WIDTH_32:
    default:
      return write ? BW_STLINK_DEBUG_WRITEMEM_32 : BW_STLINK_DEBUG_READMEM_32;
    }
}

/* One block, sent again on WAIT. After a garbled SWD exchange the block
 * resumes at the address the probe reports as failed (everything before it
 * was transferred), or starts over when the probe cannot say. */
static gboolean
mem_block (BwStlink     *self,
           Width         width,
           gboolean      write,
           guint32       address,
           guint8       *in,
           const guint8 *out,
           gsize         length,
           GError      **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint64 sleep_us = WAIT_FIRST_SLEEP_US;
  guint waits = 0, swd_errors = 0;
  gsize offset = 0;

  for (;;)
    {
      guint32 at = address + (guint32) offset;
      gsize n = length - offset;
      guint8 status = 0;
      guint32 fault = 0;

      cmd_init (cmd, BW_STLINK_CMD_DEBUG, mem_command (width, write));
      put32 (cmd + 2, at);
      put16 (cmd + 6, (guint16) n);
      if (write)
        {
          if (!bw_transport_send_data (self->transport, cmd, out + offset, n, self->timeout_ms, error))
            return FALSE;
        }
      else if (width == WIDTH_8 && n == 1)
        {
          /* A one-byte 8-bit read comes back as two bytes (§4.7). */
          guint8 two[2];

          if (!receive_exact (self, cmd, two, sizeof two, error))
            return FALSE;
          in[offset] = two[0];
        }
      else if (!receive_exact (self, cmd, in + offset, n, error))
        return FALSE;

      if (!last_rw_status (self, &status, &fault, error))
        {
          g_prefix_error (error, "reading the transfer status: ");
          return FALSE;
        }
      if (status == BW_STLINK_STATUS_OK || status == BW_STLINK_STATUS_WRITE_VERIFY_ERROR)
        return TRUE;
      if (bw_stlink_status_is_wait (status) && waits < WAIT_RETRIES)
        {
          waits++;
          bw_transport_sleep_us (self->transport, sleep_us);
          sleep_us *= 2;
          continue;
        }
      if (bw_stlink_status_is_swd_error (status))
        {
          gboolean known = bw_stlink_has_feature (self, BW_STLINK_FEATURE_RW_STATUS2) && fault >= at &&
                           fault < at + n && (fault - at) % width == 0;

          if (known && fault > at)
            {
              /* Progress was made: the retry budget starts again. */
              offset += fault - at;
              swd_errors = 0;
              continue;
            }
          if (swd_errors < SWD_RETRIES)
            {
              swd_errors++;
              if (!known)
                offset = 0;
              continue;
            }
        }
      if (!bw_stlink_has_feature (self, BW_STLINK_FEATURE_RW_STATUS2))
        fault = at;
      g_set_error (error, BW_ERROR, bw_stlink_status_to_error (status), "status %s (0x%02x) at address 0x%08x",
                   bw_stlink_status_to_string (status), status, fault);
      return FALSE;
    }
}

static gboolean
mem_transfer (BwStlink     *self,
              Width         width,
              gboolean      write,
              guint32       address,
              guint8       *in,
              const guint8 *out,
              gsize         length,
              GError      **error)
{
  gsize done = 0;
  guint limit;

  if (!check_connected (self, error))
    return FALSE;
  if (width == WIDTH_16 && !bw_stlink_has_feature (self, BW_STLINK_FEATURE_MEM_16BIT))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD,
                   "firmware %s has no 16-bit memory access (needs J26 or later)", self->firmware);
      return FALSE;
    }
  if (address % width != 0 || length % width != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   "%u-bit access at 0x%08x of %" G_GSIZE_FORMAT " bytes is not aligned", width * 8, address,
                   length);
      return FALSE;
    }
  if ((guint64) address + length > G_GUINT64_CONSTANT (0x100000000))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   "%" G_GSIZE_FORMAT " bytes at 0x%08x run past the end of the address space", length, address);
      return FALSE;
    }

  limit = max_block (self, width);
  while (done < length)
    {
      guint32 at = address + (guint32) done;
      gsize chunk = MIN (length - done, (gsize) limit);

      chunk = MIN (chunk, (gsize) (BW_STLINK_MEM_BLOCK - at % BW_STLINK_MEM_BLOCK));
      if (!mem_block (self, width, write, at, in != NULL ? in + done : NULL, out != NULL ? out + done : NULL,
                      chunk, error))
        {
          g_prefix_error (error, "%s %" G_GSIZE_FORMAT " bytes at 0x%08x (%u-bit): ",
                          write ? "writing" : "reading", chunk, at, width * 8);
          return FALSE;
        }
      done += chunk;
    }
  return TRUE;
}

#define DEFINE_MEM(bits, width)                                                                              \
  gboolean bw_stlink_read_mem##bits (BwStlink *self, guint32 address, guint8 *data, gsize length,            \
                                     GError **error)                                                        \
  {                                                                                                          \
    g_return_val_if_fail (BW_IS_STLINK (self), FALSE);                                                       \
    g_return_val_if_fail (data != NULL || length == 0, FALSE);                                               \
    return mem_transfer (self, width, FALSE, address, data, NULL, length, error);                            \
  }                                                                                                          \
  gboolean bw_stlink_write_mem##bits (BwStlink *self, guint32 address, const guint8 *data, gsize length,     \
                                      GError **error)                                                       \
  {                                                                                                          \
    g_return_val_if_fail (BW_IS_STLINK (self), FALSE);                                                       \
    g_return_val_if_fail (data != NULL || length == 0, FALSE);                                               \
    return mem_transfer (self, width, TRUE, address, NULL, data, length, error);                             \
  }

DEFINE_MEM (8, WIDTH_8)
DEFINE_MEM (16, WIDTH_16)
DEFINE_MEM (32, WIDTH_32)

static gboolean
mem_any (BwStlink     *self,
         gboolean      write,
         guint32       address,
         guint8       *in,
         const guint8 *out,
         gsize         length,
         GError      **error)
{
  gsize head = MIN (length, (gsize) ((4 - address % 4) % 4));
  gsize body = (length - head) & ~(gsize) 3;
  gsize tail = length - head - body;

  if (head > 0 && !mem_transfer (self, WIDTH_8, write, address, in, out, head, error))
    return FALSE;
  if (body > 0 && !mem_transfer (self, WIDTH_32, write, address + (guint32) head, in != NULL ? in + head : NULL,
                                 out != NULL ? out + head : NULL, body, error))
    return FALSE;
  if (tail > 0 && !mem_transfer (self, WIDTH_8, write, address + (guint32) (head + body),
                                 in != NULL ? in + head + body : NULL, out != NULL ? out + head + body : NULL,
                                 tail, error))
    return FALSE;
  return TRUE;
}

gboolean
bw_stlink_read_memory (BwStlink  *self,
                       guint32    address,
                       guint8    *data,
                       gsize      length,
                       GError   **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  return mem_any (self, FALSE, address, data, NULL, length, error);
}

gboolean
bw_stlink_write_memory (BwStlink      *self,
                        guint32        address,
                        const guint8  *data,
                        gsize          length,
                        GError       **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  return mem_any (self, TRUE, address, NULL, data, length, error);
}

/* ------------------------------------------------------------------ */
/* Connect                                                             */

gboolean
bw_stlink_drive_nrst (BwStlink      *self,
                      BwStlinkNrst   state,
                      GError       **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_STATUS_SIZE];

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!check_open (self, error))
    return FALSE;

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_DRIVE_NRST);
  cmd[2] = (guint8) state;
  if (!exchange_status (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "driving NRST %s: ",
                      state == BW_STLINK_NRST_LOW ? "low" : state == BW_STLINK_NRST_HIGH ? "high" : "as a pulse");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_idcode (BwStlink *self, guint32 *idcode, GError **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_IDCODES_SIZE];

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_READ_IDCODES);
  if (!exchange_status (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "reading the SWD IDCODE: ");
      return FALSE;
    }
  *idcode = get32 (r + 4);
  if (*idcode == 0 || *idcode == 0xFFFFFFFFu)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE, "reading the SWD IDCODE: got 0x%08x", *idcode);
      return FALSE;
    }
  return TRUE;
}

static gboolean
enter_swd (BwStlink *self, GError **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];
  guint8 r[BW_STLINK_STATUS_SIZE];
  guint32 idcode = 0;

  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_ENTER);
  cmd[2] = BW_STLINK_ENTER_SWD_NO_RESET;
  if (!exchange_status (self, cmd, r, sizeof r, error))
    {
      g_prefix_error (error, "entering SWD mode: ");
      return FALSE;
    }
  if (bw_stlink_has_feature (self, BW_STLINK_FEATURE_INIT_AP))
    {
      cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_INIT_AP);
      cmd[2] = 0;
      if (!exchange_status (self, cmd, r, sizeof r, error))
        {
          g_prefix_error (error, "opening the target's access port: ");
          return FALSE;
        }
    }
  if (!read_idcode (self, &idcode, error))
    return FALSE;
  self->connected = TRUE;
  g_debug ("ST-Link: SWD IDCODE 0x%08x", idcode);
  return TRUE;
}

static gboolean
wait_dhcsr (BwStlink *self, guint32 mask, guint32 *seen, guint64 timeout_us, const gchar *what,
            GError **error)
{
  gint64 deadline = bw_transport_now_us (self->transport) + (gint64) timeout_us;
  guint32 dhcsr = 0;

  for (;;)
    {
      if (!bw_stlink_read_debug_reg (self, BW_CM_DHCSR, &dhcsr, error))
        return FALSE;
      if (seen != NULL)
        *seen |= dhcsr;
      if ((dhcsr & mask) == mask)
        return TRUE;
      if (bw_transport_now_us (self->transport) >= deadline)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_TIMED_OUT, "%s: DHCSR still 0x%08x after %" G_GUINT64_FORMAT " ms",
                       what, dhcsr, timeout_us / 1000);
          return FALSE;
        }
      bw_transport_sleep_us (self->transport, 1000);
    }
}

static gboolean
set_vector_catch (BwStlink *self, gboolean on, GError **error)
{
  guint32 demcr = 0;

  if (!bw_stlink_read_debug_reg (self, BW_CM_DEMCR, &demcr, error))
    return FALSE;
  if (on)
    demcr |= BW_CM_DEMCR_VC_CORERESET | BW_CM_DEMCR_TRCENA;
  else
    demcr &= ~BW_CM_DEMCR_VC_CORERESET;
  return bw_stlink_write_debug_reg (self, BW_CM_DEMCR, demcr, error);
}

/* After a reset was requested: S_RESET_ST (sticky, cleared by reading) tells
 * that it happened; then the core halts at the vector or runs. */
static gboolean
wait_after_reset (BwStlink *self, gboolean halt, gboolean *reset_seen, GError **error)
{
  gint64 deadline = bw_transport_now_us (self->transport) + RESET_TIMEOUT_US;
  guint32 seen = 0;
  guint32 dhcsr = 0;

  for (;;)
    {
      if (!bw_stlink_read_debug_reg (self, BW_CM_DHCSR, &dhcsr, error))
        return FALSE;
      seen |= dhcsr;
      if ((seen & BW_CM_DHCSR_S_RESET_ST) != 0 && (dhcsr & BW_CM_DHCSR_S_RESET_ST) == 0 &&
          (!halt || (dhcsr & BW_CM_DHCSR_S_HALT) != 0))
        break;
      if (bw_transport_now_us (self->transport) >= deadline)
        break;
      bw_transport_sleep_us (self->transport, 1000);
    }
  *reset_seen = (seen & BW_CM_DHCSR_S_RESET_ST) != 0;
  if (*reset_seen && halt && (dhcsr & BW_CM_DHCSR_S_HALT) == 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_TIMED_OUT, "the core did not halt after the reset (DHCSR 0x%08x)",
                   dhcsr);
      return FALSE;
    }
  return TRUE;
}

static gboolean
system_reset (BwStlink *self, gboolean halt, GError **error)
{
  guint32 dhcsr = 0;
  gboolean reset_seen = FALSE;

  if (!bw_stlink_write_debug_reg (self, BW_CM_DHCSR, BW_CM_DHCSR_DBGKEY | BW_CM_DHCSR_C_DEBUGEN, error))
    return FALSE;
  if (!set_vector_catch (self, halt, error))
    return FALSE;
  /* Clears a stale S_RESET_ST. */
  if (!bw_stlink_read_debug_reg (self, BW_CM_DHCSR, &dhcsr, error))
    return FALSE;
  if (!bw_stlink_write_debug_reg (self, BW_CM_AIRCR, BW_CM_AIRCR_VECTKEY | BW_CM_AIRCR_SYSRESETREQ, error))
    return FALSE;
  if (!wait_after_reset (self, halt, &reset_seen, error))
    return FALSE;
  if (!reset_seen)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_TIMED_OUT, "the chip did not reset after SYSRESETREQ");
      return FALSE;
    }
  if (halt && !set_vector_catch (self, FALSE, error))
    return FALSE;
  return TRUE;
}

static gboolean
hardware_reset (BwStlink *self, gboolean halt, GError **error)
{
  guint32 dhcsr = 0;
  gboolean reset_seen = FALSE;

  if (!bw_stlink_write_debug_reg (self, BW_CM_DHCSR, BW_CM_DHCSR_DBGKEY | BW_CM_DHCSR_C_DEBUGEN, error))
    return FALSE;
  if (!set_vector_catch (self, halt, error))
    return FALSE;
  if (!bw_stlink_read_debug_reg (self, BW_CM_DHCSR, &dhcsr, error))
    return FALSE;
  if (!bw_stlink_drive_nrst (self, BW_STLINK_NRST_LOW, error))
    return FALSE;
  bw_transport_sleep_us (self->transport, NRST_ASSERT_US);
  if (!bw_stlink_drive_nrst (self, BW_STLINK_NRST_HIGH, error))
    return FALSE;
  if (!wait_after_reset (self, halt, &reset_seen, error))
    return FALSE;
  if (!reset_seen)
    {
      self->nrst_works = FALSE;
      if (halt)
        (void) set_vector_catch (self, FALSE, NULL);
      g_set_error_literal (error, BW_ERROR, BW_ERROR_NRST_NOT_CONNECTED,
                           "the chip did not reset when the probe pulled NRST low");
      return FALSE;
    }
  self->nrst_works = TRUE;
  if (halt && !set_vector_catch (self, FALSE, error))
    return FALSE;
  return TRUE;
}

gboolean
bw_stlink_reset (BwStlink       *self,
                 BwStlinkReset   kind,
                 gboolean        halt,
                 GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!check_connected (self, error))
    return FALSE;
  if (kind == BW_STLINK_RESET_HARDWARE)
    ok = hardware_reset (self, halt, error);
  else
    ok = system_reset (self, halt, error);
  if (!ok)
    {
      g_prefix_error (error, "%s reset: ", kind == BW_STLINK_RESET_HARDWARE ? "NRST" : "system");
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_halt (BwStlink  *self,
                GError   **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!check_connected (self, error))
    return FALSE;
  if (!bw_stlink_write_debug_reg (self, BW_CM_DHCSR,
                                  BW_CM_DHCSR_DBGKEY | BW_CM_DHCSR_C_HALT | BW_CM_DHCSR_C_DEBUGEN, error) ||
      !wait_dhcsr (self, BW_CM_DHCSR_S_HALT, NULL, HALT_TIMEOUT_US, "the core did not halt", error))
    {
      g_prefix_error (error, "halting the core: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_run (BwStlink  *self,
               GError   **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!check_connected (self, error))
    return FALSE;
  if (!bw_stlink_write_debug_reg (self, BW_CM_DHCSR, BW_CM_DHCSR_DBGKEY | BW_CM_DHCSR_C_DEBUGEN, error))
    {
      g_prefix_error (error, "resuming the core: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_release_core (BwStlink  *self,
                        GError   **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!check_connected (self, error))
    return FALSE;
  if (!bw_stlink_write_debug_reg (self, BW_CM_DHCSR, BW_CM_DHCSR_DBGKEY, error))
    {
      g_prefix_error (error, "releasing the core: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_is_halted (BwStlink  *self,
                     gboolean  *halted,
                     GError   **error)
{
  guint32 dhcsr = 0;

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (halted != NULL, FALSE);
  if (!bw_stlink_read_debug_reg (self, BW_CM_DHCSR, &dhcsr, error))
    return FALSE;
  *halted = (dhcsr & BW_CM_DHCSR_S_HALT) != 0;
  return TRUE;
}

/* NRST is held low while SWD is entered, so firmware that takes the SWD pins
 * never runs; the core is caught at the reset vector when NRST is released. */
static gboolean
connect_under_reset (BwStlink *self, GError **error)
{
  guint32 dhcsr = 0;
  gboolean reset_seen = FALSE;

  if (!bw_stlink_drive_nrst (self, BW_STLINK_NRST_LOW, error))
    return FALSE;
  bw_transport_sleep_us (self->transport, UNDER_RESET_SETTLE_US);
  if (!enter_swd (self, error))
    {
      GError *ignored = NULL;

      if (!bw_stlink_drive_nrst (self, BW_STLINK_NRST_HIGH, &ignored))
        g_clear_error (&ignored);
      return FALSE;
    }
  if (!bw_stlink_write_debug_reg (self, BW_CM_DHCSR,
                                  BW_CM_DHCSR_DBGKEY | BW_CM_DHCSR_C_HALT | BW_CM_DHCSR_C_DEBUGEN, error) ||
      !set_vector_catch (self, TRUE, error) ||
      !bw_stlink_read_debug_reg (self, BW_CM_DHCSR, &dhcsr, error) ||
      !bw_stlink_drive_nrst (self, BW_STLINK_NRST_HIGH, error))
    return FALSE;
  if (!wait_after_reset (self, TRUE, &reset_seen, error))
    return FALSE;
  self->nrst_works = reset_seen;
  if (!reset_seen)
    {
      /* NRST does not reach the chip (clone RST pin): as stlink does, fall
       * back to a system reset that halts at the vector. */
      g_debug ("ST-Link: no reset seen on NRST release; using SYSRESETREQ");
      if (!system_reset (self, TRUE, error))
        return FALSE;
      return TRUE;
    }
  return set_vector_catch (self, FALSE, error);
}

gboolean
bw_stlink_connect (BwStlink             *self,
                   BwStlinkConnectMode   mode,
                   GError              **error)
{
  gboolean ok;

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!check_open (self, error))
    return FALSE;

  self->connected = FALSE;
  switch (mode)
    {
    case BW_STLINK_CONNECT_UNDER_RESET:
      ok = connect_under_reset (self, error);
      break;
    case BW_STLINK_CONNECT_HOT_PLUG:
      ok = enter_swd (self, error);
      break;
    case BW_STLINK_CONNECT_NORMAL:
    default:
      ok = enter_swd (self, error) && bw_stlink_halt (self, error);
      break;
    }
  if (!ok)
    {
      g_prefix_error (error, "connecting%s: ", mode == BW_STLINK_CONNECT_UNDER_RESET ? " under reset" : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_stlink_is_connected (BwStlink *self)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  return self->connected;
}

gboolean
bw_stlink_get_nrst_works (BwStlink *self)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  return self->nrst_works;
}

gboolean
bw_stlink_read_idcode (BwStlink  *self,
                       guint32   *idcode,
                       GError   **error)
{
  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  g_return_val_if_fail (idcode != NULL, FALSE);
  if (!check_connected (self, error))
    return FALSE;
  return read_idcode (self, idcode, error);
}

gboolean
bw_stlink_close (BwStlink  *self,
                 GError   **error)
{
  guint8 cmd[BW_TRANSPORT_COMMAND_SIZE];

  g_return_val_if_fail (BW_IS_STLINK (self), FALSE);
  if (!self->opened)
    return TRUE;
  self->opened = FALSE;
  self->connected = FALSE;
  cmd_init (cmd, BW_STLINK_CMD_DEBUG, BW_STLINK_DEBUG_EXIT);
  if (!send_no_reply (self, cmd, error))
    {
      g_prefix_error (error, "leaving debug mode: ");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Diagnosis                                                           */

GError *
bw_stlink_diagnose_no_answer (BwStlink      *self,
                              const GError  *cause,
                              BwStlinkSense  sense)
{
  g_autoptr (GError) local_error = NULL;
  gdouble volts = 0;
  gboolean measured;

  g_return_val_if_fail (BW_IS_STLINK (self), NULL);
  g_return_val_if_fail (cause != NULL, NULL);

  if (!g_error_matches (cause, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE))
    return g_error_copy (cause);

  measured = bw_stlink_read_target_voltage (self, &volts, &local_error);
  if (!measured && !g_error_matches (local_error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD))
    return g_steal_pointer (&local_error);

  if (measured && volts < BW_STLINK_MIN_TARGET_VOLTAGE && sense != BW_STLINK_SENSE_NOT_WIRED)
    return g_error_new (BW_ERROR, BW_ERROR_TARGET_NOT_POWERED,
                        "the probe measures %.2f V on the ESC's supply and the processor does not answer on "
                        "SWD: the ESC is not powered, or GND between the probe and the ESC is not connected "
                        "(%s)",
                        volts, cause->message);
  if (measured && volts >= BW_STLINK_MIN_TARGET_VOLTAGE)
    return g_error_new (BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE,
                        "the supply is fine (%.2f V) but the processor does not answer on SWD: SWDIO and "
                        "SWCLK may be swapped or not connected, GND may be missing, or the firmware has turned "
                        "the SWD pins off; try connecting under reset (with NRST wired) or a slower SWD clock "
                        "(%s)",
                        volts, cause->message);
  return g_error_new (BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE,
                      "the processor does not answer on SWD and the probe cannot measure the ESC's supply: "
                      "check that the ESC is powered and GND is connected, that SWDIO and SWCLK are not "
                      "swapped, then try connecting under reset (with NRST wired) or a slower SWD clock (%s)",
                      cause->message);
}

/* bw-sim-stlink.c: the ST-Link probe model
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Section numbers (§) refer to spec/stlink-protocol.md.
 */
#include "config.h"

#include <string.h>

#include "bw-sim-stlink.h"

#define CMD_SIZE 16

/* Top-level command classes (§4.1). */
#define CMD_GET_VERSION 0xF1
#define CMD_DEBUG 0xF2
#define CMD_DFU 0xF3
#define CMD_SWIM 0xF4
#define CMD_GET_CURRENT_MODE 0xF5
#define CMD_GET_VOLTAGE 0xF7
#define CMD_GET_VERSION_EX 0xFB

/* DEBUG sub-commands (§4.2). */
#define DBG_READMEM_32 0x07
#define DBG_WRITEMEM_32 0x08
#define DBG_READMEM_8 0x0C
#define DBG_WRITEMEM_8 0x0D
#define DBG_EXIT 0x21
#define DBG_ENTER 0x30
#define DBG_READ_IDCODES 0x31
#define DBG_RESETSYS 0x32
#define DBG_READREG 0x33
#define DBG_WRITEREG 0x34
#define DBG_WRITEDEBUGREG 0x35
#define DBG_READDEBUGREG 0x36
#define DBG_READALLREGS 0x3A
#define DBG_GETLASTRWSTATUS 0x3B
#define DBG_DRIVE_NRST 0x3C
#define DBG_GETLASTRWSTATUS2 0x3E
#define DBG_START_TRACE_RX 0x40
#define DBG_STOP_TRACE_RX 0x41
#define DBG_GET_TRACE_NB 0x42
#define DBG_SWD_SET_FREQ 0x43
#define DBG_JTAG_SET_FREQ 0x44
#define DBG_READ_DAP_REG 0x45
#define DBG_WRITE_DAP_REG 0x46
#define DBG_READMEM_16 0x47
#define DBG_WRITEMEM_16 0x48
#define DBG_INIT_AP 0x4B
#define DBG_CLOSE_AP_DBG 0x4C
#define DBG_WRITEMEM_32_NOINC 0x50
#define DBG_READMEM_32_NOINC 0x54
#define DBG_SET_COM_FREQ 0x61
#define DBG_GET_COM_FREQ 0x62

#define ENTER_SWD_NO_RESET 0xA3
#define ENTER_JTAG_NO_RESET 0xA4
#define ENTER_JTAG_RESET 0x00

#define ADDR_DHCSR 0xE000EDF0u
#define ADDR_AIRCR 0xE000ED0Cu
#define AHB_AP_IDR 0x24770011u /* Cortex-M4 AHB-AP */

/* Reference reading of the probe's ADC (§4.1 "Target voltage formula"). */
#define VOLTAGE_ADC0 1500u

typedef struct
{
  guint   divisor;
  guint32 hz;
} SwdDivisor;

/* §4.4: the divisors V2 firmware accepts. */
static const SwdDivisor swd_divisors[] = {
  { 0, 4000000 }, { 1, 1800000 }, { 2, 1200000 }, { 3, 950000 },  { 7, 480000 },  { 15, 240000 },
  { 31, 125000 }, { 40, 100000 }, { 79, 50000 },  { 158, 25000 }, { 265, 15000 }, { 798, 5000 },
};

/* GET_COM_FREQ lists of the V3 model (kHz); not in the sources, see §4.4. */
static const guint32 v3_swd_khz[] = { 24000, 8000, 3300, 1000, 200, 50, 5 };
static const guint32 v3_jtag_khz[] = { 21333, 16000, 12000, 8000, 6000, 4000, 3000, 2000, 1000, 512 };

struct _BwSimStlink
{
  GObject parent_instance;

  BwSimScenario  *scenario;
  BwSimState     *state;
  BwSimClock     *clock;
  BwSimStm32f405 *target;

  guint16  pid;
  guint8   hw;     /* 2 or 3 */
  guint8   jtag;   /* J */
  guint8   swim;   /* S */
  guint8   msd;    /* M */
  guint8   bridge; /* B */
  gchar   *serial;
  gboolean clone;

  BwSimStlinkMode mode;
  guint32         swd_hz;
  guint64         swd_total_transfers; /* at swd_hz, for drift-free charging */
  guint64         swd_total_ns;
  gboolean        claimed;

  /* Faults. */
  guint    unplug_after;
  guint    flaky_one_in;
  guint64  n_transfers;
  guint64  n_swd_accesses;
  gboolean unplugged;
  guint    power_loss_after;
  guint    flash_error_after;
  guint    bit_flip_after;
  guint    flaky_after;
  gboolean flaky_started; /* one-in-K failures are on */
  gboolean flaky_pending; /* the next DAP transfer fails (once) */

  /* Pending write command waiting for its OUT payload. */
  guint8      pending_cmd[CMD_SIZE];
  gsize       pending_total;
  GByteArray *pending_data;

  /* Response queue (one response at a time; a new command drops leftovers). */
  GByteArray *response;
  gsize       response_pos;

  /* Status of the last memory command (GETLASTRWSTATUS/2). */
  guint8  last_rw_status;
  guint32 last_rw_fault_address;
};

G_DEFINE_FINAL_TYPE (BwSimStlink, bw_sim_stlink, G_TYPE_OBJECT)

static inline guint16
rd16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
rd32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline void
wr32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
  p[2] = (guint8) (v >> 16);
  p[3] = (guint8) (v >> 24);
}

static void
bw_sim_stlink_finalize (GObject *object)
{
  BwSimStlink *self = BW_SIM_STLINK (object);

  g_clear_object (&self->scenario);
  g_clear_object (&self->state);
  g_clear_object (&self->clock);
  g_clear_object (&self->target);
  g_free (self->serial);
  g_byte_array_unref (self->pending_data);
  g_byte_array_unref (self->response);

  G_OBJECT_CLASS (bw_sim_stlink_parent_class)->finalize (object);
}

static void
bw_sim_stlink_class_init (BwSimStlinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bw_sim_stlink_finalize;
}

static void
bw_sim_stlink_init (BwSimStlink *self)
{
  self->pending_data = g_byte_array_new ();
  self->response = g_byte_array_new ();
  self->mode = BW_SIM_STLINK_MODE_MASS;
  self->swd_hz = BW_SIM_SWD_DEFAULT_HZ;
  self->last_rw_status = BW_SIM_STLINK_OK;
}

static gboolean
pid_is_v3 (guint16 pid)
{
  return pid == 0x374E || pid == 0x374F || pid == 0x3753;
}

static gboolean
pid_is_v2_1 (guint16 pid)
{
  return pid == 0x374B || pid == 0x3752;
}

BwSimStlink *
bw_sim_stlink_new (BwSimScenario *scenario, BwSimState *state, BwSimClock *clock, BwSimStm32f405 *target)
{
  BwSimStlink *self;
  const gchar *serial;

  g_return_val_if_fail (BW_SIM_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (state == NULL || BW_SIM_IS_STATE (state), NULL);
  g_return_val_if_fail (BW_SIM_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (target), NULL);

  self = g_object_new (BW_SIM_TYPE_STLINK, NULL);
  self->scenario = g_object_ref (scenario);
  self->state = state != NULL ? g_object_ref (state) : NULL;
  self->clock = g_object_ref (clock);
  self->target = g_object_ref (target);

  self->pid = bw_sim_scenario_get_probe_pid (scenario);
  if (self->pid == 0)
    {
      switch (bw_sim_scenario_get_probe_kind (scenario))
        {
        case BW_SIM_PROBE_V2_1:
          self->pid = 0x374B;
          break;
        case BW_SIM_PROBE_V3:
          self->pid = 0x374F;
          break;
        case BW_SIM_PROBE_V2:
        default:
          self->pid = 0x3748;
          break;
        }
    }
  self->hw = pid_is_v3 (self->pid) ? 3 : 2;
  self->jtag = (guint8) MIN (bw_sim_scenario_get_probe_fw_jtag (scenario), 63u);
  self->swim = (guint8) MIN (bw_sim_scenario_get_probe_fw_swim (scenario), 63u);
  self->msd = (guint8) MIN (bw_sim_scenario_get_probe_fw_msd (scenario), 63u);
  self->bridge = (guint8) MIN (bw_sim_scenario_get_probe_fw_bridge (scenario), 255u);
  serial = bw_sim_scenario_get_probe_serial (scenario);
  self->serial = g_strdup (serial != NULL ? serial : "0668FF323637414257071827");
  self->clone = bw_sim_scenario_get_clone (scenario);
  self->unplug_after = bw_sim_scenario_get_usb_unplug_after (scenario);
  self->flaky_one_in = bw_sim_scenario_get_swd_flaky_one_in (scenario);
  self->power_loss_after = bw_sim_scenario_get_power_loss_after (scenario);
  self->flash_error_after = bw_sim_scenario_get_flash_error_after (scenario);
  self->bit_flip_after = bw_sim_scenario_get_bit_flip_after (scenario);
  self->flaky_after = bw_sim_scenario_get_swd_flaky_after (scenario);
  self->flaky_started = self->flaky_after == 0;

  if (state != NULL)
    {
      gint64 mode = bw_sim_state_get_int (state, "probe", "mode", BW_SIM_STLINK_MODE_MASS);
      gint64 hz = bw_sim_state_get_int (state, "probe", "swd-hz", BW_SIM_SWD_DEFAULT_HZ);

      if (mode >= BW_SIM_STLINK_MODE_DFU && mode <= BW_SIM_STLINK_MODE_SWIM)
        self->mode = (BwSimStlinkMode) mode;
      if (hz > 0 && hz <= BW_SIM_SWD_V3_MAX_HZ)
        self->swd_hz = (guint32) hz;
    }
  return self;
}

/* ------------------------------------------------------------------ */
/* Identity and descriptors                                            */

BwSimStlinkModel
bw_sim_stlink_get_model (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), BW_SIM_STLINK_V2);
  switch (self->pid)
    {
    case 0x374B:
      return BW_SIM_STLINK_V2_1;
    case 0x3752:
      return BW_SIM_STLINK_V2_1_NO_MSD;
    case 0x374E:
      return BW_SIM_STLINK_V3E;
    case 0x374F:
      return BW_SIM_STLINK_V3S;
    case 0x3753:
      return BW_SIM_STLINK_V3_2VCP;
    default:
      return BW_SIM_STLINK_V2;
    }
}

guint16
bw_sim_stlink_get_pid (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return self->pid;
}

guint8
bw_sim_stlink_get_hw_version (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return self->hw;
}

guint8
bw_sim_stlink_get_jtag_version (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return self->jtag;
}

BwSimUsbSpeed
bw_sim_stlink_get_usb_speed (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), BW_SIM_USB_FULL_SPEED);
  return self->hw == 3 ? BW_SIM_USB_HIGH_SPEED : BW_SIM_USB_FULL_SPEED;
}

const gchar *
bw_sim_stlink_get_serial (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), NULL);
  return self->serial;
}

/* §1.2: OUT 0x02 / trace 0x83 on V2, OUT 0x01 / trace 0x82 on V2-1 and V3. */
guint8
bw_sim_stlink_get_ep_out (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return self->pid == 0x3748 ? 0x02 : 0x01;
}

guint8
bw_sim_stlink_get_ep_in (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return 0x81;
}

guint8
bw_sim_stlink_get_ep_trace (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return self->pid == 0x3748 ? 0x83 : 0x82;
}

guint16
bw_sim_stlink_get_max_packet (BwSimStlink *self, guint8 endpoint)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  if (self->hw == 3)
    return 512;
  if (pid_is_v2_1 (self->pid) && endpoint == bw_sim_stlink_get_ep_trace (self))
    return 32;
  return 64;
}

guint8
bw_sim_stlink_get_n_interfaces (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  switch (self->pid)
    {
    case 0x374B:
    case 0x374E:
      return 4; /* debug, mass storage, CDC control + data */
    case 0x3752:
      return 3; /* debug, CDC control + data */
    case 0x374F:
      return 5; /* debug, mass storage, CDC control + data, bridge */
    case 0x3753:
      return 6; /* debug, bridge, 2 x CDC */
    default:
      return 1;
    }
}

static void
append_interface (GByteArray *buf,
                  guint8      number,
                  guint8      n_endpoints,
                  guint8      klass,
                  guint8      subclass,
                  guint8      protocol,
                  guint8      string_index)
{
  const guint8 d[9] = { 9, 0x04, number, 0, n_endpoints, klass, subclass, protocol, string_index };
  g_byte_array_append (buf, d, sizeof d);
}

static void
append_endpoint (GByteArray *buf, guint8 address, guint8 attributes, guint16 max_packet, guint8 interval)
{
  const guint8 d[7] = { 7,       0x05, address, attributes, (guint8) max_packet, (guint8) (max_packet >> 8),
                        interval };
  g_byte_array_append (buf, d, sizeof d);
}

static void
append_cdc_pair (
    GByteArray *buf, guint8 first_if, guint8 notify_ep, guint8 data_in, guint8 data_out, guint16 mps)
{
  const guint8 iad[8] = { 8, 0x0B, first_if, 2, 0x02, 0x02, 0x01, 0 };
  g_byte_array_append (buf, iad, sizeof iad);
  append_interface (buf, first_if, 1, 0x02, 0x02, 0x01, 0);
  append_endpoint (buf, notify_ep, 0x03, 16, 16);
  append_interface (buf, first_if + 1, 2, 0x0A, 0x00, 0x00, 0);
  append_endpoint (buf, data_out, 0x02, mps, 0);
  append_endpoint (buf, data_in, 0x02, mps, 0);
}

/* Interface 0 is the debug interface on every model (§1.2). The other
 * interfaces only exist so that composite probes look composite; their
 * endpoint numbers follow the lsusb dumps cited in §1.2 where known. */
static GBytes *
build_config_descriptor (BwSimStlink *self)
{
  GByteArray  *buf = g_byte_array_new ();
  guint16      mps = self->hw == 3 ? 512 : 64;
  guint8       n_if = bw_sim_stlink_get_n_interfaces (self);
  const guint8 head[9] = { 9, 0x02, 0, 0, n_if, 1, 0, 0x80, self->hw == 3 ? 250 : 50 };

  g_byte_array_append (buf, head, sizeof head);
  append_interface (buf, 0, 3, 0xFF, 0xFF, 0xFF, 4);
  append_endpoint (buf, 0x81, 0x02, mps, 0);
  append_endpoint (buf, bw_sim_stlink_get_ep_out (self), 0x02, mps, 0);
  append_endpoint (buf, bw_sim_stlink_get_ep_trace (self), 0x02,
                   bw_sim_stlink_get_max_packet (self, bw_sim_stlink_get_ep_trace (self)), 0);
  switch (self->pid)
    {
    case 0x374B:
    case 0x374E:
      append_interface (buf, 1, 2, 0x08, 0x06, 0x50, 5);
      append_endpoint (buf, 0x83, 0x02, mps, 0);
      append_endpoint (buf, 0x03, 0x02, mps, 0);
      append_cdc_pair (buf, 2, 0x84, 0x85, 0x05, mps);
      break;
    case 0x3752:
      append_cdc_pair (buf, 1, 0x84, 0x85, 0x05, mps);
      break;
    case 0x374F:
      append_interface (buf, 1, 2, 0x08, 0x06, 0x50, 5);
      append_endpoint (buf, 0x83, 0x02, mps, 0);
      append_endpoint (buf, 0x03, 0x02, mps, 0);
      append_cdc_pair (buf, 2, 0x84, 0x85, 0x05, mps);
      append_interface (buf, 4, 2, 0xFF, 0xFF, 0xFF, 6);
      append_endpoint (buf, 0x86, 0x02, mps, 0);
      append_endpoint (buf, 0x06, 0x02, mps, 0);
      break;
    case 0x3753:
      append_interface (buf, 1, 2, 0xFF, 0xFF, 0xFF, 6);
      append_endpoint (buf, 0x86, 0x02, mps, 0);
      append_endpoint (buf, 0x06, 0x02, mps, 0);
      append_cdc_pair (buf, 2, 0x84, 0x85, 0x05, mps);
      append_cdc_pair (buf, 4, 0x87, 0x88, 0x08, mps);
      break;
    default:
      break;
    }
  buf->data[2] = (guint8) buf->len;
  buf->data[3] = (guint8) (buf->len >> 8);
  return g_byte_array_free_to_bytes (buf);
}

static GBytes *
build_string_descriptor (const gchar *ascii)
{
  gsize       len = strlen (ascii);
  GByteArray *buf = g_byte_array_sized_new ((guint) (2 + 2 * len));
  guint8      head[2] = { (guint8) (2 + 2 * len), 0x03 };

  g_byte_array_append (buf, head, 2);
  for (gsize i = 0; i < len; i++)
    {
      guint8 unit[2] = { (guint8) ascii[i], 0 };
      g_byte_array_append (buf, unit, 2);
    }
  return g_byte_array_free_to_bytes (buf);
}

/* Clone and old V2 firmware: the 12 serial bytes themselves, each in the low
 * byte of a UTF-16 unit (bLength 26); hosts rebuild the hex string (§1.3). */
static GBytes *
build_raw_serial_descriptor (const gchar *hex)
{
  guint8 d[26] = { 26, 0x03 };

  for (guint i = 0; i < 12 && hex[2 * i] != '\0' && hex[2 * i + 1] != '\0'; i++)
    {
      gint hi = g_ascii_xdigit_value (hex[2 * i]);
      gint lo = g_ascii_xdigit_value (hex[2 * i + 1]);
      d[2 + 2 * i] = (guint8) ((MAX (hi, 0) << 4) | MAX (lo, 0));
    }
  return g_bytes_new (d, sizeof d);
}

GBytes *
bw_sim_stlink_get_descriptor (BwSimStlink *self, guint8 type, guint8 index, guint16 langid)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), NULL);

  if (type == 0x01 && index == 0)
    {
      guint8 d[18] = { 18,
                       0x01,
                       0x00,
                       0x02,
                       0,
                       0,
                       0,
                       64,
                       (guint8) BW_SIM_STLINK_VID,
                       (guint8) (BW_SIM_STLINK_VID >> 8),
                       (guint8) self->pid,
                       (guint8) (self->pid >> 8),
                       0x00,
                       0x01,
                       1,
                       2,
                       3,
                       1 };
      if (self->hw == 3)
        {
          d[12] = 0x00;
          d[13] = 0x01;
        }
      if (bw_sim_stlink_get_n_interfaces (self) > 1)
        {
          /* Composite devices with IADs announce "miscellaneous / common class". */
          d[4] = 0xEF;
          d[5] = 0x02;
          d[6] = 0x01;
        }
      return g_bytes_new (d, sizeof d);
    }
  if (type == 0x02 && index == 0)
    return build_config_descriptor (self);
  if (type == 0x03)
    {
      if (index == 0)
        {
          const guint8 d[4] = { 4, 0x03, 0x09, 0x04 }; /* en-US */
          return g_bytes_new (d, sizeof d);
        }
      if (langid != 0x0409)
        return NULL;
      switch (index)
        {
        case 1:
          return build_string_descriptor ("STMicroelectronics");
        case 2:
          return build_string_descriptor (self->hw == 3 ? "STLINK-V3" : "STM32 STLink");
        case 3:
          if (self->clone)
            return build_raw_serial_descriptor (self->serial);
          return build_string_descriptor (self->serial);
        case 4:
          return build_string_descriptor ("ST Link");
        case 5:
          return bw_sim_stlink_get_n_interfaces (self) > 1 ? build_string_descriptor ("ST-Link mass storage")
                                                           : NULL;
        case 6:
          return self->hw == 3 ? build_string_descriptor ("STLINK-V3 bridge") : NULL;
        default:
          return NULL;
        }
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* USB level                                                           */

gboolean
bw_sim_stlink_is_present (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), FALSE);
  return !self->unplugged;
}

BwSimUsbResult
bw_sim_stlink_claim_interface (BwSimStlink *self, guint interface)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), BW_SIM_USB_NOT_FOUND);
  if (self->unplugged)
    return BW_SIM_USB_NO_DEVICE;
  if (interface >= bw_sim_stlink_get_n_interfaces (self))
    return BW_SIM_USB_NOT_FOUND;
  /* Another process holds the debug interface. */
  if (interface == 0 && bw_sim_scenario_get_probe_busy (self->scenario))
    return BW_SIM_USB_BUSY;
  if (interface == 0)
    self->claimed = TRUE;
  return BW_SIM_USB_OK;
}

static void
drop_pending (BwSimStlink *self)
{
  self->pending_total = 0;
  g_byte_array_set_size (self->pending_data, 0);
  g_byte_array_set_size (self->response, 0);
  self->response_pos = 0;
}

void
bw_sim_stlink_usb_reset (BwSimStlink *self)
{
  g_return_if_fail (BW_SIM_IS_STLINK (self));
  drop_pending (self);
}

/* The faults of the scenario that strike once N transfers are done. */
static void
strike_faults (BwSimStlink *self)
{
  guint64 n = self->n_transfers;

  if (n == 0)
    return;
  if (n == self->power_loss_after)
    bw_sim_stm32f405_cut_power (self->target);
  if (n == self->flash_error_after)
    bw_sim_stm32f405_arm_flash_error (self->target);
  if (n == self->bit_flip_after)
    bw_sim_stm32f405_arm_bit_flip (self->target);
  if (n == self->flaky_after)
    {
      /* with swd-flaky-one-in, one in K from now on; without, a single glitch */
      if (self->flaky_one_in > 0)
        {
          self->flaky_started = TRUE;
          self->n_swd_accesses = 0;
        }
      else
        self->flaky_pending = TRUE;
    }
}

/* Counts one transfer against the "unplugged after N transfers" fault, and
 * strikes the faults due after the transfers so far. */
static gboolean
count_transfer (BwSimStlink *self)
{
  if (self->unplugged)
    return FALSE;
  strike_faults (self);
  if (self->unplug_after > 0 && self->n_transfers >= self->unplug_after)
    {
      self->unplugged = TRUE;
      drop_pending (self);
      return FALSE;
    }
  self->n_transfers++;
  return TRUE;
}

static void
set_swd_hz (BwSimStlink *self, guint32 hz)
{
  self->swd_hz = hz;
  self->swd_total_transfers = 0;
  self->swd_total_ns = 0;
}

static void
charge_usb (BwSimStlink *self, gsize bytes)
{
  bw_sim_clock_advance_ns (self->clock,
                           bw_sim_clock_usb_transfer_ns (bw_sim_stlink_get_usb_speed (self), bytes));
}

/* Charged from a running total so that 48 cycles at e.g. 1.8 MHz (26666.7 ns)
 * do not drift by rounding each transfer. */
static void
charge_swd (BwSimStlink *self, guint n_transfers)
{
  guint64 ns;

  self->swd_total_transfers += n_transfers;
  ns = bw_sim_clock_swd_transfers_ns (self->swd_hz, (guint) MIN (self->swd_total_transfers, G_MAXUINT));
  bw_sim_clock_advance_ns (self->clock, ns - self->swd_total_ns);
  self->swd_total_ns = ns;
  if (self->swd_total_transfers >= G_MAXUINT / 2)
    set_swd_hz (self, self->swd_hz);
}

BwSimUsbResult
bw_sim_stlink_control (BwSimStlink *self, gsize length)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), BW_SIM_USB_NO_DEVICE);
  if (self->unplugged)
    return BW_SIM_USB_NO_DEVICE;
  charge_usb (self, length);
  return BW_SIM_USB_OK;
}

/* ------------------------------------------------------------------ */
/* Responses                                                           */

static void
respond (BwSimStlink *self, const guint8 *data, gsize len)
{
  g_byte_array_set_size (self->response, 0);
  self->response_pos = 0;
  if (len > 0)
    g_byte_array_append (self->response, data, (guint) len);
}

static void
respond_status (BwSimStlink *self, guint8 status)
{
  const guint8 r[2] = { status, 0 };
  respond (self, r, sizeof r);
}

static void
respond_status_value (BwSimStlink *self, guint8 status, guint32 value)
{
  guint8 r[8] = { status, 0, 0, 0, 0, 0, 0, 0 };
  wr32 (r + 4, value);
  respond (self, r, sizeof r);
}

/* ------------------------------------------------------------------ */
/* SWD side                                                            */

static gboolean
in_debug_mode (BwSimStlink *self)
{
  return self->mode == BW_SIM_STLINK_MODE_DEBUG;
}

/* The SWD session survives host sessions (the probe keeps it); a fresh
 * target object learns about it here on the first debug access. */
static gboolean
ensure_connected (BwSimStlink *self)
{
  guint32 dpidr = 0;

  if (!in_debug_mode (self))
    return FALSE;
  if (bw_sim_stm32f405_swd_connected (self->target))
    return TRUE;
  return bw_sim_stm32f405_swd_connect (self->target, &dpidr);
}

/* A flaky line corrupts one DAP transfer in K. */
static gboolean
flaky_hit (BwSimStlink *self)
{
  self->n_swd_accesses++;
  if (self->flaky_pending)
    {
      self->flaky_pending = FALSE;
      return TRUE;
    }
  return self->flaky_started && self->flaky_one_in > 0 && self->n_swd_accesses % self->flaky_one_in == 0;
}

/* One AP access with the probe's WAIT retries (sim-timing.md "SWD"): a
 * stalled access costs one transfer, then completes one transfer after the
 * flash has stopped being busy. The caller has charged the first transfer. */
static BwSimSwdResult
swd_access (BwSimStlink *self, gboolean write, guint32 address, guint width, guint32 *value)
{
  guint guard = 0;

  if (flaky_hit (self))
    return BW_SIM_SWD_NO_RESPONSE;
  for (;;)
    {
      BwSimSwdResult r;
      guint64        busy_until;

      bw_sim_stm32f405_sync (self->target);
      if (write)
        r = bw_sim_stm32f405_write (self->target, address, width, *value);
      else
        r = bw_sim_stm32f405_read (self->target, address, width, value);
      if (r != BW_SIM_SWD_WAIT)
        return r;
      busy_until = bw_sim_stm32f405_get_busy_until (self->target);
      if (busy_until > bw_sim_clock_now_us (self->clock))
        bw_sim_clock_advance_to (self->clock, busy_until);
      else
        bw_sim_clock_advance (self->clock, 1);
      charge_swd (self, 1);
      if (++guard > 100000)
        {
          g_warning ("target keeps answering WAIT at 0x%08x", address);
          return BW_SIM_SWD_FAULT;
        }
    }
}

static guint8
swd_status (BwSimSwdResult r)
{
  switch (r)
    {
    case BW_SIM_SWD_OK:
      return BW_SIM_STLINK_OK;
    case BW_SIM_SWD_FAULT:
      return BW_SIM_STLINK_ERR_AP_FAULT;
    case BW_SIM_SWD_WAIT:
    case BW_SIM_SWD_NO_RESPONSE:
    default:
      return BW_SIM_STLINK_ERR_AP_ERROR;
    }
}

/* Status for a command that needs the target while it is not reachable. */
static guint8
unreachable_status (BwSimStlink *self)
{
  return in_debug_mode (self) ? BW_SIM_STLINK_ERR_DP_ERROR : BW_SIM_STLINK_ERR_CMD;
}

static guint8
read_word (BwSimStlink *self, guint32 address, guint32 *value)
{
  *value = 0;
  charge_swd (self, 3);
  if (!ensure_connected (self))
    return unreachable_status (self);
  if (address % 4 != 0)
    return BW_SIM_STLINK_ERR_ALIGNMENT;
  return swd_status (swd_access (self, FALSE, address, 4, value));
}

static guint8
write_word (BwSimStlink *self, guint32 address, guint32 value)
{
  charge_swd (self, 2);
  if (!ensure_connected (self))
    return unreachable_status (self);
  if (address % 4 != 0)
    return BW_SIM_STLINK_ERR_ALIGNMENT;
  return swd_status (swd_access (self, TRUE, address, 4, &value));
}

static guint8
core_reg (BwSimStlink *self, gboolean write, guint regsel, guint32 *value)
{
  BwSimSwdResult r;

  /* DCRSR write, DHCSR poll for S_REGRDY, DCRDR read (or DCRDR write first). */
  charge_swd (self, write ? 7 : 8);
  if (!ensure_connected (self))
    return unreachable_status (self);
  if (flaky_hit (self))
    return BW_SIM_STLINK_ERR_AP_ERROR;
  bw_sim_stm32f405_sync (self->target);
  if (write)
    r = bw_sim_stm32f405_write_core_reg (self->target, regsel, *value);
  else
    r = bw_sim_stm32f405_read_core_reg (self->target, regsel, value);
  return swd_status (r);
}

/* ------------------------------------------------------------------ */
/* Memory commands (§4.7)                                              */

typedef enum
{
  MEM_OK,
  MEM_REJECT, /* parameters the firmware refuses: no access, error status */
} MemCheck;

static guint
mem_width (guint8 sub)
{
  switch (sub)
    {
    case DBG_READMEM_8:
    case DBG_WRITEMEM_8:
      return 1;
    case DBG_READMEM_16:
    case DBG_WRITEMEM_16:
      return 2;
    default:
      return 4;
    }
}

static gboolean
mem_no_increment (guint8 sub)
{
  return sub == DBG_READMEM_32_NOINC || sub == DBG_WRITEMEM_32_NOINC;
}

static guint
limit_8bit (BwSimStlink *self)
{
  return (self->hw == 3 && self->jtag >= 6) ? 512 : 64;
}

static MemCheck
mem_check (BwSimStlink *self, const guint8 *cmd, guint8 *status)
{
  guint   width = mem_width (cmd[1]);
  guint32 address = rd32 (cmd + 2);
  guint16 count = rd16 (cmd + 6);

  if (cmd[8] != 0)
    {
      *status = BW_SIM_STLINK_ERR_BAD_AP;
      return MEM_REJECT;
    }
  if (width == 1 && count > limit_8bit (self))
    {
      *status = BW_SIM_STLINK_ERR_CMD;
      return MEM_REJECT;
    }
  if (width > 1 && (address % width != 0 || count % width != 0))
    {
      *status = BW_SIM_STLINK_ERR_ALIGNMENT;
      return MEM_REJECT;
    }
  *status = BW_SIM_STLINK_OK;
  return MEM_OK;
}

static void
set_rw_status (BwSimStlink *self, guint8 status, guint32 fault_address)
{
  self->last_rw_status = status;
  self->last_rw_fault_address = status == BW_SIM_STLINK_OK ? 0 : fault_address;
}

/* Charges the block overhead of sim-timing.md: TAR + CSW once, an extra TAR
 * whenever auto-increment enters a new 1 KiB page. */
static void
charge_block_item (BwSimStlink *self, guint32 address, guint32 start, gboolean increment)
{
  if (increment && address != start && address % 1024 == 0)
    charge_swd (self, 1);
  charge_swd (self, 1);
}

/* Reads @count bytes into @out (zero-filled past a failure). */
static void
mem_read (BwSimStlink *self, const guint8 *cmd, guint8 *out, gsize count)
{
  guint    width = mem_width (cmd[1]);
  guint32  start = rd32 (cmd + 2);
  gboolean increment = !mem_no_increment (cmd[1]);
  guint8   status;

  memset (out, 0, count);
  if (mem_check (self, cmd, &status) != MEM_OK)
    {
      set_rw_status (self, status, start);
      return;
    }
  if (count == 0)
    {
      set_rw_status (self, BW_SIM_STLINK_OK, 0);
      return;
    }
  /* TAR + CSW for word blocks; 8/16-bit blocks cost one transfer per item. */
  if (width == 4)
    charge_swd (self, 2);
  if (!ensure_connected (self))
    {
      set_rw_status (self, unreachable_status (self), start);
      return;
    }
  for (gsize off = 0; off < count; off += width)
    {
      guint32        address = increment ? start + (guint32) off : start;
      guint32        value = 0;
      BwSimSwdResult r;

      charge_block_item (self, address, start, increment);
      r = swd_access (self, FALSE, address, width, &value);
      if (r != BW_SIM_SWD_OK)
        {
          set_rw_status (self, swd_status (r), address);
          return;
        }
      for (guint b = 0; b < width && off + b < count; b++)
        out[off + b] = (guint8) (value >> (8 * b));
    }
  if (width == 4)
    charge_swd (self, 1); /* RDBUFF */
  set_rw_status (self, BW_SIM_STLINK_OK, 0);
}

static void
mem_write (BwSimStlink *self, const guint8 *cmd, const guint8 *data, gsize count)
{
  guint    width = mem_width (cmd[1]);
  guint32  start = rd32 (cmd + 2);
  gboolean increment = !mem_no_increment (cmd[1]);
  guint8   status;

  if (mem_check (self, cmd, &status) != MEM_OK)
    {
      set_rw_status (self, status, start);
      return;
    }
  if (count == 0)
    {
      set_rw_status (self, BW_SIM_STLINK_OK, 0);
      return;
    }
  /* TAR + CSW for word blocks; 8/16-bit blocks cost one transfer per item. */
  if (width == 4)
    charge_swd (self, 2);
  if (!ensure_connected (self))
    {
      set_rw_status (self, unreachable_status (self), start);
      return;
    }
  for (gsize off = 0; off < count; off += width)
    {
      guint32        address = increment ? start + (guint32) off : start;
      guint32        value = 0;
      BwSimSwdResult r;

      for (guint b = 0; b < width; b++)
        value |= (guint32) data[off + b] << (8 * b);
      charge_block_item (self, address, start, increment);
      r = swd_access (self, TRUE, address, width, &value);
      if (r != BW_SIM_SWD_OK)
        {
          set_rw_status (self, swd_status (r), address);
          return;
        }
    }
  set_rw_status (self, BW_SIM_STLINK_OK, 0);
}

/* ------------------------------------------------------------------ */
/* Command dispatch                                                    */

/* Firmware feature gates of §2.4; FALSE = the firmware does not know it. */
static gboolean
debug_cmd_supported (BwSimStlink *self, guint8 sub)
{
  gboolean v3 = self->hw == 3;
  guint    j = self->jtag;

  switch (sub)
    {
    case DBG_READMEM_32:
    case DBG_WRITEMEM_32:
    case DBG_READMEM_8:
    case DBG_WRITEMEM_8:
    case DBG_EXIT:
    case DBG_ENTER:
    case DBG_READ_IDCODES:
    case DBG_RESETSYS:
    case DBG_READREG:
    case DBG_WRITEREG:
    case DBG_WRITEDEBUGREG:
    case DBG_READDEBUGREG:
    case DBG_READALLREGS:
    case DBG_GETLASTRWSTATUS:
    case DBG_DRIVE_NRST:
      return TRUE;
    case DBG_START_TRACE_RX:
    case DBG_STOP_TRACE_RX:
    case DBG_GET_TRACE_NB:
      return v3 || j >= 13;
    case DBG_GETLASTRWSTATUS2:
      return v3 || j >= 15;
    case DBG_SWD_SET_FREQ:
      return !v3 && j >= 22;
    case DBG_JTAG_SET_FREQ:
      return !v3 && j >= 24;
    case DBG_READ_DAP_REG:
    case DBG_WRITE_DAP_REG:
      return v3 || j >= 24;
    case DBG_READMEM_16:
    case DBG_WRITEMEM_16:
    case DBG_WRITEMEM_32_NOINC:
      return v3 || j >= 26;
    case DBG_INIT_AP:
    case DBG_CLOSE_AP_DBG:
      return v3 || j >= 28;
    case DBG_READMEM_32_NOINC:
      return (v3 && j >= 2) || j >= 32;
    case DBG_SET_COM_FREQ:
    case DBG_GET_COM_FREQ:
      return v3;
    default:
      return FALSE;
    }
}

static void
cmd_get_version (BwSimStlink *self)
{
  guint8 r[6];
  guint  x, y;

  if (self->hw == 3)
    {
      x = 0;
      y = 0;
    }
  else
    {
      x = self->jtag;
      y = pid_is_v2_1 (self->pid) ? self->msd : self->swim;
    }
  {
    guint16 word = (guint16) ((self->hw << 12) | ((x & 0x3F) << 6) | (y & 0x3F));
    r[0] = (guint8) (word >> 8);
    r[1] = (guint8) word;
  }
  r[2] = (guint8) BW_SIM_STLINK_VID;
  r[3] = (guint8) (BW_SIM_STLINK_VID >> 8);
  r[4] = (guint8) self->pid;
  r[5] = (guint8) (self->pid >> 8);
  respond (self, r, sizeof r);
}

static void
cmd_get_version_ex (BwSimStlink *self)
{
  guint8 r[12] = { 0 };

  r[0] = self->hw;
  r[1] = self->swim;
  r[2] = self->jtag;
  r[3] = self->msd;
  r[4] = self->bridge;
  r[8] = (guint8) BW_SIM_STLINK_VID;
  r[9] = (guint8) (BW_SIM_STLINK_VID >> 8);
  r[10] = (guint8) self->pid;
  r[11] = (guint8) (self->pid >> 8);
  respond (self, r, sizeof r);
}

static void
cmd_get_voltage (BwSimStlink *self)
{
  guint8  r[8];
  gdouble volts = bw_sim_stm32f405_get_sense_voltage (self->target);
  guint32 adc1;

  if (volts < 0)
    volts = 0;
  adc1 = (guint32) (volts * VOLTAGE_ADC0 / 2.4 + 0.5);
  wr32 (r, VOLTAGE_ADC0);
  wr32 (r + 4, adc1);
  respond (self, r, sizeof r);
}

static void
cmd_enter (BwSimStlink *self, const guint8 *cmd)
{
  guint32 dpidr = 0;

  if (cmd[2] == ENTER_JTAG_NO_RESET || cmd[2] == ENTER_JTAG_RESET)
    {
      /* The model wires SWD only (no TDI/TDO): a JTAG scan finds no chain. */
      respond_status (self, BW_SIM_STLINK_ERR_NO_JTAG_CHAIN);
      return;
    }
  if (cmd[2] != ENTER_SWD_NO_RESET)
    {
      respond_status (self, BW_SIM_STLINK_ERR_CMD);
      return;
    }
  self->mode = BW_SIM_STLINK_MODE_DEBUG;
  charge_swd (self, 3); /* line reset, JTAG-to-SWD sequence, DPIDR read */
  if (flaky_hit (self) || !bw_sim_stm32f405_swd_connect (self->target, &dpidr))
    {
      respond_status (self, BW_SIM_STLINK_ERR_IDCODE);
      return;
    }
  /* Power-up request and CSW setup. */
  charge_swd (self, 3);
  respond_status (self, BW_SIM_STLINK_OK);
}

static void
cmd_read_idcodes (BwSimStlink *self)
{
  guint8  r[12] = { 0 };
  guint32 dpidr = 0;

  charge_swd (self, 1);
  if (!in_debug_mode (self))
    {
      r[0] = BW_SIM_STLINK_ERR_CMD;
    }
  else if (flaky_hit (self) || !bw_sim_stm32f405_swd_connect (self->target, &dpidr))
    {
      r[0] = BW_SIM_STLINK_ERR_IDCODE;
    }
  else
    {
      r[0] = BW_SIM_STLINK_OK;
      wr32 (r + 4, dpidr);
    }
  respond (self, r, sizeof r);
}

static void
cmd_read_all_regs (BwSimStlink *self)
{
  static const guint regsel[21] = { 0,
                                    1,
                                    2,
                                    3,
                                    4,
                                    5,
                                    6,
                                    7,
                                    8,
                                    9,
                                    10,
                                    11,
                                    12,
                                    13,
                                    14,
                                    15,
                                    BW_SIM_CORE_REG_XPSR,
                                    BW_SIM_CORE_REG_MSP,
                                    BW_SIM_CORE_REG_PSP,
                                    BW_SIM_CORE_REG_SPECIAL,
                                    BW_SIM_CORE_REG_FPSCR };
  guint8             r[88] = { 0 };
  guint8             status = BW_SIM_STLINK_OK;

  for (guint i = 0; i < G_N_ELEMENTS (regsel) && status == BW_SIM_STLINK_OK; i++)
    {
      guint32 value = 0;
      status = core_reg (self, FALSE, regsel[i], &value);
      wr32 (r + 4 + 4 * i, value);
    }
  r[0] = status;
  respond (self, r, sizeof r);
}

static void
cmd_drive_nrst (BwSimStlink *self, guint8 how)
{
  switch (how)
    {
    case 0:
      bw_sim_stm32f405_set_nrst (self->target, TRUE);
      break;
    case 1:
      bw_sim_stm32f405_set_nrst (self->target, FALSE);
      break;
    case 2:
      bw_sim_stm32f405_set_nrst (self->target, TRUE);
      bw_sim_clock_advance_ns (self->clock, BW_SIM_RESET_NS);
      bw_sim_stm32f405_set_nrst (self->target, FALSE);
      break;
    default:
      respond_status (self, BW_SIM_STLINK_ERR_CMD);
      return;
    }
  respond_status (self, BW_SIM_STLINK_OK);
}

static void
cmd_swd_set_freq (BwSimStlink *self, guint16 divisor)
{
  for (guint i = 0; i < G_N_ELEMENTS (swd_divisors); i++)
    {
      if (swd_divisors[i].divisor == divisor)
        {
          set_swd_hz (self, swd_divisors[i].hz);
          respond_status (self, BW_SIM_STLINK_OK);
          return;
        }
    }
  respond_status (self, BW_SIM_STLINK_ERR_FREQ);
}

static void
cmd_get_com_freq (BwSimStlink *self, guint8 which)
{
  guint8         r[52] = { 0 };
  const guint32 *list = which == 0 ? v3_swd_khz : v3_jtag_khz;
  guint          n = which == 0 ? G_N_ELEMENTS (v3_swd_khz) : G_N_ELEMENTS (v3_jtag_khz);

  if (which > 1)
    {
      respond_status (self, BW_SIM_STLINK_ERR_CMD);
      return;
    }
  r[0] = BW_SIM_STLINK_OK;
  wr32 (r + 4, which == 0 ? self->swd_hz / 1000 : list[0]);
  r[8] = (guint8) n;
  for (guint i = 0; i < n; i++)
    wr32 (r + 12 + 4 * i, list[i]);
  respond (self, r, sizeof r);
}

static void
cmd_set_com_freq (BwSimStlink *self, const guint8 *cmd)
{
  guint32 khz = rd32 (cmd + 4);

  if (cmd[2] > 1 || khz == 0)
    {
      respond_status_value (self, BW_SIM_STLINK_ERR_FREQ, 0);
      return;
    }
  khz = MIN (khz, BW_SIM_SWD_V3_MAX_HZ / 1000);
  if (cmd[2] == 0)
    set_swd_hz (self, khz * 1000);
  respond_status_value (self, BW_SIM_STLINK_OK, khz);
}

static void
cmd_read_dap_reg (BwSimStlink *self, const guint8 *cmd)
{
  guint16 port = rd16 (cmd + 2);
  guint16 reg = rd16 (cmd + 4);
  guint32 dpidr = 0;

  charge_swd (self, port == 0xFFFF ? 1 : 2);
  if (!ensure_connected (self))
    {
      respond_status_value (self, unreachable_status (self), 0);
      return;
    }
  if (port == 0xFFFF)
    {
      if ((reg & 0xF) == 0 && bw_sim_stm32f405_swd_connect (self->target, &dpidr))
        respond_status_value (self, BW_SIM_STLINK_OK, dpidr);
      else if ((reg & 0xF) == 4)
        respond_status_value (self, BW_SIM_STLINK_OK, 0xF0000040u); /* powered up */
      else
        respond_status_value (self, BW_SIM_STLINK_OK, 0);
      return;
    }
  if (port != 0)
    {
      respond_status_value (self, BW_SIM_STLINK_ERR_BAD_AP, 0);
      return;
    }
  respond_status_value (self, BW_SIM_STLINK_OK, (reg & 0xFF) == 0xFC ? AHB_AP_IDR : 0);
}

static void
handle_debug (BwSimStlink *self, const guint8 *cmd)
{
  guint8  sub = cmd[1];
  guint32 value = 0;
  guint8  status;

  if (!debug_cmd_supported (self, sub))
    {
      respond_status (self, BW_SIM_STLINK_ERR_UNKNOWN_CMD);
      return;
    }

  switch (sub)
    {
    case DBG_ENTER:
      cmd_enter (self, cmd);
      break;
    case DBG_EXIT:
      /* No response. What a real probe reports afterwards is not documented;
       * mass storage is the spec's safe choice (§4.1). */
      self->mode = BW_SIM_STLINK_MODE_MASS;
      break;
    case DBG_READ_IDCODES:
      cmd_read_idcodes (self);
      break;
    case DBG_RESETSYS:
      charge_swd (self, 2);
      if (!ensure_connected (self))
        {
          respond_status (self, unreachable_status (self));
          break;
        }
      /* What the firmware does is undocumented (spec §4.9). Clones whose RST
       * pin is not T_NRST make st-flash report "NRST is not connected"
       * (§9.4), which means RESETSYS leaves no S_RESET_ST when NRST is not
       * wired: model it as a system reset through the NRST output. */
      bw_sim_stm32f405_sync (self->target);
      if (bw_sim_stm32f405_nrst_wired (self->target))
        bw_sim_stm32f405_system_reset (self->target);
      respond_status (self, BW_SIM_STLINK_OK);
      break;
    case DBG_READREG:
      status = core_reg (self, FALSE, cmd[2], &value);
      respond_status_value (self, status, value);
      break;
    case DBG_WRITEREG:
      value = rd32 (cmd + 3);
      respond_status (self, core_reg (self, TRUE, cmd[2], &value));
      break;
    case DBG_WRITEDEBUGREG:
      respond_status (self, write_word (self, rd32 (cmd + 2), rd32 (cmd + 6)));
      break;
    case DBG_READDEBUGREG:
      status = read_word (self, rd32 (cmd + 2), &value);
      respond_status_value (self, status, value);
      break;
    case DBG_READALLREGS:
      cmd_read_all_regs (self);
      break;
    case DBG_GETLASTRWSTATUS:
      respond_status (self, self->last_rw_status);
      break;
    case DBG_GETLASTRWSTATUS2:
      {
        guint8 r[12] = { self->last_rw_status, 0 };
        wr32 (r + 4, self->last_rw_fault_address);
        respond (self, r, sizeof r);
        break;
      }
    case DBG_DRIVE_NRST:
      cmd_drive_nrst (self, cmd[2]);
      break;
    case DBG_START_TRACE_RX:
    case DBG_STOP_TRACE_RX:
      respond_status (self, BW_SIM_STLINK_OK);
      break;
    case DBG_GET_TRACE_NB:
      {
        const guint8 r[2] = { 0, 0 };
        respond (self, r, sizeof r);
        break;
      }
    case DBG_SWD_SET_FREQ:
      cmd_swd_set_freq (self, rd16 (cmd + 2));
      break;
    case DBG_JTAG_SET_FREQ:
      respond_status (self, BW_SIM_STLINK_OK);
      break;
    case DBG_READ_DAP_REG:
      cmd_read_dap_reg (self, cmd);
      break;
    case DBG_WRITE_DAP_REG:
      charge_swd (self, 2);
      respond_status (self, ensure_connected (self) ? BW_SIM_STLINK_OK : unreachable_status (self));
      break;
    case DBG_INIT_AP:
    case DBG_CLOSE_AP_DBG:
      respond_status (self, cmd[2] == 0 ? BW_SIM_STLINK_OK : BW_SIM_STLINK_ERR_BAD_AP);
      break;
    case DBG_GET_COM_FREQ:
      cmd_get_com_freq (self, cmd[2]);
      break;
    case DBG_SET_COM_FREQ:
      cmd_set_com_freq (self, cmd);
      break;
    case DBG_READMEM_32:
    case DBG_READMEM_8:
    case DBG_READMEM_16:
    case DBG_READMEM_32_NOINC:
      {
        gsize count = rd16 (cmd + 6);
        /* An 8-bit read of one byte sends two (§4.7). */
        gsize              send = (sub == DBG_READMEM_8 && count == 1) ? 2 : count;
        g_autofree guint8 *data = g_malloc0 (MAX (send, 1));

        mem_read (self, cmd, data, count);
        respond (self, data, send);
        break;
      }
    case DBG_WRITEMEM_32:
    case DBG_WRITEMEM_8:
    case DBG_WRITEMEM_16:
    case DBG_WRITEMEM_32_NOINC:
      g_byte_array_set_size (self->response, 0);
      self->response_pos = 0;
      memcpy (self->pending_cmd, cmd, CMD_SIZE);
      self->pending_total = rd16 (cmd + 6);
      g_byte_array_set_size (self->pending_data, 0);
      if (self->pending_total == 0)
        mem_write (self, cmd, NULL, 0);
      break;
    default:
      respond_status (self, BW_SIM_STLINK_ERR_UNKNOWN_CMD);
      break;
    }
}

static void
handle_command (BwSimStlink *self, const guint8 *cmd)
{
  switch (cmd[0])
    {
    case CMD_GET_VERSION:
      cmd_get_version (self);
      break;
    case CMD_GET_VERSION_EX:
      if (self->hw == 3)
        cmd_get_version_ex (self);
      else
        respond_status (self, BW_SIM_STLINK_ERR_UNKNOWN_CMD);
      break;
    case CMD_GET_CURRENT_MODE:
      {
        const guint8 r[2] = { (guint8) self->mode, 0 };
        respond (self, r, sizeof r);
        break;
      }
    case CMD_DFU:
      if (cmd[1] == 0x07)
        {
          /* DFU_EXIT: no response; the probe comes back in mass-storage mode. */
          if (self->mode == BW_SIM_STLINK_MODE_DFU)
            self->mode = BW_SIM_STLINK_MODE_MASS;
        }
      else
        {
          respond_status (self, BW_SIM_STLINK_ERR_UNKNOWN_CMD);
        }
      break;
    case CMD_SWIM:
      if (cmd[1] == 0x00)
        {
          self->mode = BW_SIM_STLINK_MODE_SWIM; /* SWIM_ENTER: no response */
        }
      else if (cmd[1] == 0x01)
        {
          if (self->mode == BW_SIM_STLINK_MODE_SWIM)
            self->mode = BW_SIM_STLINK_MODE_MASS;
          respond_status (self, 0x00); /* SWIM status: 0 = OK */
        }
      else
        {
          respond_status (self, 0x01);
        }
      break;
    case CMD_GET_VOLTAGE:
      if (self->hw == 3 || self->jtag >= 13)
        cmd_get_voltage (self);
      else
        respond_status (self, BW_SIM_STLINK_ERR_UNKNOWN_CMD);
      break;
    case CMD_DEBUG:
      handle_debug (self, cmd);
      break;
    default:
      respond_status (self, BW_SIM_STLINK_ERR_UNKNOWN_CMD);
      break;
    }
}

BwSimUsbResult
bw_sim_stlink_bulk_out (BwSimStlink *self, guint8 endpoint, const guint8 *data, gsize length)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), BW_SIM_USB_NO_DEVICE);
  g_return_val_if_fail (data != NULL || length == 0, BW_SIM_USB_NO_DEVICE);

  if (!count_transfer (self))
    return BW_SIM_USB_NO_DEVICE;
  if (endpoint != bw_sim_stlink_get_ep_out (self))
    return BW_SIM_USB_NOT_FOUND;
  charge_usb (self, length);

  if (self->pending_total > 0)
    {
      gsize want = self->pending_total - self->pending_data->len;
      gsize take = MIN (want, length);

      g_byte_array_append (self->pending_data, data, (guint) take);
      if (self->pending_data->len == self->pending_total)
        {
          guint8 cmd[CMD_SIZE];

          memcpy (cmd, self->pending_cmd, CMD_SIZE);
          self->pending_total = 0;
          mem_write (self, cmd, self->pending_data->data, self->pending_data->len);
          g_byte_array_set_size (self->pending_data, 0);
        }
      /* Bytes beyond the announced payload are lost, as in the firmware's
       * fixed-size receive loop. */
      return BW_SIM_USB_OK;
    }

  if (length != CMD_SIZE)
    {
      /* Not a command block: the firmware waits for 16 bytes; we drop it and
       * answer nothing (the host's next read times out). */
      g_debug ("stlink: ignoring %" G_GSIZE_FORMAT "-byte OUT transfer", length);
      g_byte_array_set_size (self->response, 0);
      self->response_pos = 0;
      return BW_SIM_USB_OK;
    }
  handle_command (self, data);
  bw_sim_stm32f405_sync (self->target);
  return BW_SIM_USB_OK;
}

BwSimUsbResult
bw_sim_stlink_bulk_in (BwSimStlink *self, guint8 endpoint, guint8 *buffer, gsize length, gsize *actual)
{
  gsize avail, n;

  g_return_val_if_fail (BW_SIM_IS_STLINK (self), BW_SIM_USB_NO_DEVICE);
  g_return_val_if_fail (actual != NULL, BW_SIM_USB_NO_DEVICE);

  *actual = 0;
  if (!count_transfer (self))
    return BW_SIM_USB_NO_DEVICE;
  if (endpoint == bw_sim_stlink_get_ep_trace (self))
    return BW_SIM_USB_TIMEOUT; /* no SWO data is ever produced */
  if (endpoint != bw_sim_stlink_get_ep_in (self))
    return BW_SIM_USB_NOT_FOUND;

  avail = self->response->len - self->response_pos;
  if (avail == 0)
    return BW_SIM_USB_TIMEOUT;
  n = MIN (avail, length);
  if (n > 0)
    memcpy (buffer, self->response->data + self->response_pos, n);
  self->response_pos += n;
  *actual = n;
  charge_usb (self, n);
  /* A read that ends inside a packet ends the response (the rest of the
   * packet is lost); a read of whole packets leaves the rest for the next. */
  if (self->response_pos < self->response->len && length % bw_sim_stlink_get_max_packet (self, endpoint) != 0)
    {
      g_byte_array_set_size (self->response, 0);
      self->response_pos = 0;
    }
  if (self->response_pos >= self->response->len)
    {
      g_byte_array_set_size (self->response, 0);
      self->response_pos = 0;
    }
  return BW_SIM_USB_OK;
}

BwSimStlinkMode
bw_sim_stlink_get_mode (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), BW_SIM_STLINK_MODE_MASS);
  return self->mode;
}

guint32
bw_sim_stlink_get_swd_hz (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return self->swd_hz;
}

guint64
bw_sim_stlink_get_n_transfers (BwSimStlink *self)
{
  g_return_val_if_fail (BW_SIM_IS_STLINK (self), 0);
  return self->n_transfers;
}

/* The probe is pulled out once @n_more transfers have passed from now
 * (0: it stays in), whatever the scenario said. */
void
bw_sim_stlink_unplug_after_more (BwSimStlink *self, guint n_more)
{
  g_return_if_fail (BW_SIM_IS_STLINK (self));
  self->unplug_after = n_more > 0 ? (guint) MIN (self->n_transfers + n_more, (guint64) G_MAXUINT) : 0;
}

void
bw_sim_stlink_save (BwSimStlink *self)
{
  g_return_if_fail (BW_SIM_IS_STLINK (self));
  if (self->state == NULL)
    return;
  bw_sim_state_set_int (self->state, "probe", "mode", self->mode);
  bw_sim_state_set_int (self->state, "probe", "swd-hz", self->swd_hz);
}

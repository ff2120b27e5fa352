/* test-sim-stlink.c: the ST-Link model driven with raw 16-byte commands
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-sim-stlink.h"
#include "bw-test-utils.h"

typedef struct
{
  BwSimScenario  *scenario;
  BwSimClock     *clock;
  BwSimStm32f405 *target;
  BwSimStlink    *probe;
  guint8          ep_out;
} Rig;

static Rig *
rig_new_with_state (const gchar *scenario_data, BwSimState *state)
{
  g_autoptr (GError) error = NULL;
  Rig *rig = g_new0 (Rig, 1);

  rig->scenario = bw_sim_scenario_load_from_data (scenario_data != NULL ? scenario_data : "", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rig->scenario);
  rig->clock = bw_sim_clock_new ();
  rig->target = bw_sim_stm32f405_new (rig->clock, rig->scenario, state);
  rig->probe = bw_sim_stlink_new (rig->scenario, state, rig->clock, rig->target);
  rig->ep_out = bw_sim_stlink_get_ep_out (rig->probe);
  g_assert_cmpint (bw_sim_stlink_claim_interface (rig->probe, 0), ==, BW_SIM_USB_OK);
  return rig;
}

static Rig *
rig_new (const gchar *scenario_data)
{
  return rig_new_with_state (scenario_data, NULL);
}

static void
rig_free (Rig *rig)
{
  g_assert_finalize_object (rig->probe);
  g_object_unref (rig->target);
  g_object_unref (rig->clock);
  g_object_unref (rig->scenario);
  g_free (rig);
}

/* Sends one command; reads up to @max bytes of response into @resp.
 * Returns the number of bytes read (-1 when nothing came back). */
static gssize
xfer (Rig *rig, const guint8 cmd16[16], guint8 *resp, gsize max)
{
  gsize          actual = 0;
  BwSimUsbResult r;

  g_assert_cmpint (bw_sim_stlink_bulk_out (rig->probe, rig->ep_out, cmd16, 16), ==, BW_SIM_USB_OK);
  if (max == 0)
    return 0;
  r = bw_sim_stlink_bulk_in (rig->probe, 0x81, resp, max, &actual);
  if (r == BW_SIM_USB_TIMEOUT)
    return -1;
  g_assert_cmpint (r, ==, BW_SIM_USB_OK);
  return (gssize) actual;
}

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) v;
  p[1] = (guint8) (v >> 8);
  p[2] = (guint8) (v >> 16);
  p[3] = (guint8) (v >> 24);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint8
enter_swd (Rig *rig)
{
  guint8 cmd[16] = { 0xF2, 0x30, 0xA3 };
  guint8 r[2] = { 0 };

  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 2);
  g_assert_cmpint (r[1], ==, 0);
  return r[0];
}

static guint8
write_debug (Rig *rig, guint32 address, guint32 value)
{
  guint8 cmd[16] = { 0xF2, 0x35 };
  guint8 r[2];

  put32 (cmd + 2, address);
  put32 (cmd + 6, value);
  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 2);
  return r[0];
}

static guint8
read_debug (Rig *rig, guint32 address, guint32 *value)
{
  guint8 cmd[16] = { 0xF2, 0x36 };
  guint8 r[8];

  put32 (cmd + 2, address);
  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 8);
  *value = get32 (r + 4);
  return r[0];
}

static void
mem_cmd (guint8 cmd[16], guint8 sub, guint32 address, guint16 count)
{
  memset (cmd, 0, 16);
  cmd[0] = 0xF2;
  cmd[1] = sub;
  put32 (cmd + 2, address);
  cmd[6] = (guint8) count;
  cmd[7] = (guint8) (count >> 8);
}

static void
write_mem (Rig *rig, guint8 sub, guint32 address, const guint8 *data, guint16 count)
{
  guint8 cmd[16];

  mem_cmd (cmd, sub, address, count);
  g_assert_cmpint (xfer (rig, cmd, NULL, 0), ==, 0);
  if (count > 0)
    g_assert_cmpint (bw_sim_stlink_bulk_out (rig->probe, rig->ep_out, data, count), ==, BW_SIM_USB_OK);
}

static void
last_rw_status2 (Rig *rig, guint8 *status, guint32 *fault)
{
  guint8 cmd[16] = { 0xF2, 0x3E };
  guint8 r[12];

  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 12);
  *status = r[0];
  g_assert_cmpint (r[1], ==, 0);
  *fault = get32 (r + 4);
}

/* ------------------------------------------------------------------ */

static void
test_version_v2 (void)
{
  Rig         *rig = rig_new (NULL);
  guint8       cmd[16] = { 0xF1 };
  guint8       r[6];
  const guint8 expect[6] = { 0x29, 0x47, 0x83, 0x04, 0x48, 0x37 }; /* V2J37S7 */

  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 6);
  g_assert_cmpmem (r, 6, expect, 6);
  /* V2 does not know the V3 extended version command. */
  cmd[0] = 0xFB;
  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 2);
  g_assert_cmpint (r[0], ==, 0x42);
  rig_free (rig);
}

static void
test_version_v2_1 (void)
{
  Rig    *rig = rig_new ("[probe]\nkind=v2-1\nfw-jtag=39\nfw-msd=27\n");
  guint8  cmd[16] = { 0xF1 };
  guint8  r[6];
  guint16 word = (2 << 12) | (39 << 6) | 27;

  g_assert_cmpint (bw_sim_stlink_get_pid (rig->probe), ==, 0x374B);
  g_assert_cmpint (rig->ep_out, ==, 0x01);
  g_assert_cmpint (bw_sim_stlink_get_ep_trace (rig->probe), ==, 0x82);
  g_assert_cmpint (bw_sim_stlink_get_max_packet (rig->probe, 0x82), ==, 32);
  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 6);
  g_assert_cmpint (r[0], ==, word >> 8);
  g_assert_cmpint (r[1], ==, word & 0xFF);
  g_assert_cmpint (r[4] | (r[5] << 8), ==, 0x374B);
  rig_free (rig);
}

static void
test_version_v3 (void)
{
  Rig         *rig = rig_new ("[probe]\nkind=v3\nfw-jtag=7\nfw-swim=1\nfw-msd=3\nfw-bridge=2\n");
  guint8       cmd[16] = { 0xF1 };
  guint8       r[12];
  const guint8 expect_ex[12] = { 3, 1, 7, 3, 2, 0, 0, 0, 0x83, 0x04, 0x4F, 0x37 };

  g_assert_cmpint (bw_sim_stlink_get_usb_speed (rig->probe), ==, BW_SIM_USB_HIGH_SPEED);
  g_assert_cmpint (bw_sim_stlink_get_max_packet (rig->probe, 0x81), ==, 512);
  g_assert_cmpint (xfer (rig, cmd, r, 6), ==, 6);
  /* hardware 3, J = S = 0: the host must ask GET_VERSION_EX. */
  g_assert_cmpint (r[0], ==, 0x30);
  g_assert_cmpint (r[1], ==, 0x00);
  cmd[0] = 0xFB;
  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 12);
  g_assert_cmpmem (r, 12, expect_ex, 12);
  /* V2 frequency command is unknown on V3; V3 uses GET/SET_COM_FREQ. */
  {
    guint8 c43[16] = { 0xF2, 0x43, 0x01 };
    guint8 c62[16] = { 0xF2, 0x62, 0x00 };
    guint8 c61[16] = { 0xF2, 0x61, 0x00, 0x00 };
    guint8 rr[52];

    g_assert_cmpint (xfer (rig, c43, rr, 2), ==, 2);
    g_assert_cmpint (rr[0], ==, 0x42);
    g_assert_cmpint (xfer (rig, c62, rr, sizeof rr), ==, 52);
    g_assert_cmpint (rr[0], ==, 0x80);
    g_assert_cmpint (rr[8], >, 0);
    g_assert_cmpuint (get32 (rr + 12), ==, 24000);
    put32 (c61 + 4, 3300);
    g_assert_cmpint (xfer (rig, c61, rr, 8), ==, 8);
    g_assert_cmpint (rr[0], ==, 0x80);
    g_assert_cmpuint (get32 (rr + 4), ==, 3300);
    g_assert_cmpuint (bw_sim_stlink_get_swd_hz (rig->probe), ==, 3300000);
  }
  rig_free (rig);
}

static void
test_descriptors (void)
{
  Rig *rig = rig_new ("[probe]\nserial=0668FF323637414257071827\n");
  g_autoptr (GBytes) dev = bw_sim_stlink_get_descriptor (rig->probe, 1, 0, 0);
  g_autoptr (GBytes) cfg = bw_sim_stlink_get_descriptor (rig->probe, 2, 0, 0);
  g_autoptr (GBytes) lang = bw_sim_stlink_get_descriptor (rig->probe, 3, 0, 0);
  g_autoptr (GBytes) serial = bw_sim_stlink_get_descriptor (rig->probe, 3, 3, 0x0409);
  g_autoptr (GBytes) product = bw_sim_stlink_get_descriptor (rig->probe, 3, 2, 0x0409);
  g_autoptr (GBytes) none = bw_sim_stlink_get_descriptor (rig->probe, 3, 9, 0x0409);
  const guint8 *d;
  gsize         n;
  const guint8  expect_cfg[39] = {
     9,    2, 39, 0, 1, 1, 0, 0x80, 50, 9,  4, 0, 0, 3, 0xFF, 0xFF, 0xFF, 4, 7, 5,
     0x81, 2, 64, 0, 0, 7, 5, 0x02, 2,  64, 0, 0, 7, 5, 0x83, 2,    64,   0, 0,
  };

  d = g_bytes_get_data (dev, &n);
  g_assert_cmpuint (n, ==, 18);
  g_assert_cmpint (d[8] | (d[9] << 8), ==, 0x0483);
  g_assert_cmpint (d[10] | (d[11] << 8), ==, 0x3748);
  g_assert_cmpint (d[16], ==, 3);
  d = g_bytes_get_data (cfg, &n);
  g_assert_cmpmem (d, n, expect_cfg, sizeof expect_cfg);
  d = g_bytes_get_data (lang, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (d[2] | (d[3] << 8), ==, 0x0409);
  d = g_bytes_get_data (serial, &n);
  g_assert_cmpuint (n, ==, 50);
  g_assert_cmpint (d[0], ==, 50);
  g_assert_cmpint (d[2], ==, '0');
  g_assert_cmpint (d[48], ==, '7');
  d = g_bytes_get_data (product, &n);
  g_assert_cmpuint (n, ==, 2 + 2 * strlen ("STM32 STLink"));
  g_assert_null (none);
  rig_free (rig);
}

/* Every model: a well-formed configuration whose interface 0 carries the
 * debug endpoints of spec §1.2. */
static void
test_descriptors_all_models (void)
{
  static const struct {
    const gchar *scenario;
    guint16      pid;
    guint8       ep_out, ep_trace;
    guint16      mps, trace_mps;
  } models[] = {
    { "[probe]\nkind=v2\n", 0x3748, 0x02, 0x83, 64, 64 },
    { "[probe]\nkind=v2-1\n", 0x374B, 0x01, 0x82, 64, 32 },
    { "[probe]\nkind=v2-1\npid=0x3752\n", 0x3752, 0x01, 0x82, 64, 32 },
    { "[probe]\nkind=v3\npid=0x374E\n", 0x374E, 0x01, 0x82, 512, 512 },
    { "[probe]\nkind=v3\n", 0x374F, 0x01, 0x82, 512, 512 },
    { "[probe]\nkind=v3\npid=0x3753\n", 0x3753, 0x01, 0x82, 512, 512 },
  };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      Rig              *rig = rig_new (models[m].scenario);
      g_autoptr(GBytes) cfg = bw_sim_stlink_get_descriptor (rig->probe, 2, 0, 0);
      g_autoptr(GBytes) dev = bw_sim_stlink_get_descriptor (rig->probe, 1, 0, 0);
      gsize             n, pos;
      const guint8     *d = g_bytes_get_data (cfg, &n);
      const guint8     *dd = g_bytes_get_data (dev, NULL);
      guint             n_if = 0, if0_eps = 0, current_if = 0xFF;

      g_assert_cmpint (dd[10] | (dd[11] << 8), ==, models[m].pid);
      g_assert_cmpint (bw_sim_stlink_get_pid (rig->probe), ==, models[m].pid);
      g_assert_cmpint (d[2] | (d[3] << 8), ==, n);
      for (pos = 0; pos < n; pos += d[pos])
        {
          g_assert_cmpint (d[pos], >=, 2);
          if (d[pos + 1] == 0x04)
            {
              n_if++;
              current_if = d[pos + 2];
            }
          if (d[pos + 1] == 0x05 && current_if == 0)
            {
              guint8  ep = d[pos + 2];
              guint16 mps = (guint16) (d[pos + 4] | (d[pos + 5] << 8));

              if0_eps++;
              g_assert_cmpint (d[pos + 3], ==, 0x02); /* bulk */
              if (ep == models[m].ep_trace)
                g_assert_cmpint (mps, ==, models[m].trace_mps);
              else
                g_assert_true (ep == 0x81 || ep == models[m].ep_out);
              if (ep != models[m].ep_trace)
                g_assert_cmpint (mps, ==, models[m].mps);
            }
        }
      g_assert_cmpuint (pos, ==, n);
      g_assert_cmpint (n_if, ==, d[4]);
      g_assert_cmpint (n_if, ==, bw_sim_stlink_get_n_interfaces (rig->probe));
      g_assert_cmpint (if0_eps, ==, 3);
      g_assert_cmpint (rig->ep_out, ==, models[m].ep_out);
      rig_free (rig);
    }
}

static void
test_clone_serial (void)
{
  Rig *rig = rig_new ("[probe]\nclone=true\nserial=856D010110134753384C4E00\n");
  g_autoptr (GBytes) serial = bw_sim_stlink_get_descriptor (rig->probe, 3, 3, 0x0409);
  const guint8  expect[26] = { 26, 3,    0x85, 0,    0x6D, 0,    0x01, 0,    0x01, 0,    0x10, 0,    0x13,
                               0,  0x47, 0,    0x53, 0,    0x38, 0,    0x4C, 0,    0x4E, 0,    0x00, 0 };
  gsize         n;
  const guint8 *d = g_bytes_get_data (serial, &n);

  /* Old/clone firmware: 12 raw bytes, bLength 26 (spec §1.3). */
  g_assert_cmpmem (d, n, expect, sizeof expect);
  rig_free (rig);
}

static void
test_mode_transitions (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (BwSimState) state = bw_sim_state_new (dir, &error);
  guint8 f5[16] = { 0xF5 };
  guint8 exit_cmd[16] = { 0xF2, 0x21 };
  guint8 r[2];
  Rig   *rig;

  g_assert_no_error (error);
  rig = rig_new_with_state (NULL, state);
  g_assert_cmpint (xfer (rig, f5, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, BW_SIM_STLINK_MODE_MASS);
  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  g_assert_cmpint (xfer (rig, f5, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, BW_SIM_STLINK_MODE_DEBUG);
  /* DEBUG_EXIT has no response. */
  g_assert_cmpint (xfer (rig, exit_cmd, r, 2), ==, -1);
  g_assert_cmpint (xfer (rig, f5, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, BW_SIM_STLINK_MODE_MASS);
  /* Leave it in debug mode: the next host session must see that. */
  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  bw_sim_stlink_save (rig->probe);
  rig_free (rig);

  rig = rig_new_with_state (NULL, state);
  g_assert_cmpint (xfer (rig, f5, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, BW_SIM_STLINK_MODE_DEBUG);
  /* ...and the SWD session it kept works without a new ENTER. */
  {
    guint32 cpuid = 0;
    g_assert_cmpint (read_debug (rig, 0xE000ED00, &cpuid), ==, 0x80);
    g_assert_cmphex (cpuid, ==, 0x410FC241);
  }
  rig_free (rig);
  bw_test_rm_rf (dir);
}

static void
test_idcode (void)
{
  Rig   *rig = rig_new (NULL);
  guint8 cmd[16] = { 0xF2, 0x31 };
  guint8 r[12];

  /* Not in debug mode yet: no SWD session. */
  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 12);
  g_assert_cmpint (r[0], !=, 0x80);
  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  g_assert_cmpint (xfer (rig, cmd, r, sizeof r), ==, 12);
  g_assert_cmpint (r[0], ==, 0x80);
  g_assert_cmphex (get32 (r + 4), ==, 0x2BA01477);
  rig_free (rig);
}

static void
test_unpowered (void)
{
  Rig    *rig = rig_new ("[target]\npowered=false\n");
  guint8  f7[16] = { 0xF7 };
  guint8  r[8];
  guint32 v = 0xDEADBEEF;

  g_assert_cmpint (enter_swd (rig), ==, 0x09);
  g_assert_cmpint (read_debug (rig, 0xE000ED00, &v), !=, 0x80);
  g_assert_cmphex (v, ==, 0);
  g_assert_cmpint (xfer (rig, f7, r, sizeof r), ==, 8);
  g_assert_cmpuint (get32 (r + 4), <, 20);
  rig_free (rig);
}

static void
test_memory (void)
{
  Rig    *rig = rig_new (NULL);
  guint8  data[64], back[64], cmd[16], r[2];
  guint8  status;
  guint32 fault;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + 1);
  g_assert_cmpint (enter_swd (rig), ==, 0x80);

  /* 32-bit round trip through SRAM. */
  write_mem (rig, 0x08, 0x20001000, data, 64);
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, ==, 0x80);
  mem_cmd (cmd, 0x07, 0x20001000, 64);
  g_assert_cmpint (xfer (rig, cmd, back, 64), ==, 64);
  g_assert_cmpmem (back, 64, data, 64);

  /* 8-bit: 64 bytes is the limit on V2; a single byte comes back as two. */
  write_mem (rig, 0x0D, 0x20002001, data, 3);
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, ==, 0x80);
  mem_cmd (cmd, 0x0C, 0x20002001, 1);
  g_assert_cmpint (xfer (rig, cmd, back, 2), ==, 2);
  g_assert_cmpint (back[0], ==, data[0]);
  mem_cmd (cmd, 0x0C, 0x20002000, 65);
  {
    guint8 big[65];
    g_assert_cmpint (xfer (rig, cmd, big, sizeof big), ==, 65);
  }
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, !=, 0x80);

  /* 16-bit (J26+). */
  write_mem (rig, 0x48, 0x20003002, data, 6);
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, ==, 0x80);
  mem_cmd (cmd, 0x47, 0x20003002, 6);
  g_assert_cmpint (xfer (rig, cmd, back, 6), ==, 6);
  g_assert_cmpmem (back, 6, data, 6);

  /* Alignment: 32-bit accesses need address and length multiples of 4. */
  mem_cmd (cmd, 0x07, 0x20001002, 8);
  g_assert_cmpint (xfer (rig, cmd, back, 8), ==, 8);
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, ==, 0x0A);
  write_mem (rig, 0x08, 0x20001000, data, 6);
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, ==, 0x0A);
  /* The rejected write's payload was consumed, not parsed as commands,
   * and nothing was written. */
  mem_cmd (cmd, 0x07, 0x20001000, 8);
  g_assert_cmpint (xfer (rig, cmd, back, 8), ==, 8);
  g_assert_cmpmem (back, 8, data, 8);

  /* GETLASTRWSTATUS (2-byte form) follows the same status. */
  {
    guint8 c3b[16] = { 0xF2, 0x3B };
    g_assert_cmpint (xfer (rig, c3b, r, 2), ==, 2);
    g_assert_cmpint (r[0], ==, 0x80);
  }
  rig_free (rig);
}

static void
test_bus_fault (void)
{
  Rig    *rig = rig_new (NULL);
  guint8  cmd[16], back[16];
  guint8  status;
  guint32 fault;

  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  /* Reserved space after the last SRAM word: the fault address is the
   * first word that failed. */
  mem_cmd (cmd, 0x07, 0x2001FFF8, 16);
  g_assert_cmpint (xfer (rig, cmd, back, sizeof back), ==, 16);
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, !=, 0x80);
  g_assert_cmphex (fault, ==, 0x20020000);
  /* A good access clears it again. */
  mem_cmd (cmd, 0x07, 0x20000000, 4);
  g_assert_cmpint (xfer (rig, cmd, back, 4), ==, 4);
  last_rw_status2 (rig, &status, &fault);
  g_assert_cmpint (status, ==, 0x80);
  g_assert_cmphex (fault, ==, 0);
  rig_free (rig);
}

static void
test_debug_regs (void)
{
  Rig    *rig = rig_new (NULL);
  guint32 dhcsr = 0, cpuid = 0, value = 0;
  guint8  cmd[16], r[8];

  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  g_assert_cmpint (read_debug (rig, 0xE000ED00, &cpuid), ==, 0x80);
  g_assert_cmphex (cpuid, ==, 0x410FC241);
  g_assert_cmpint (write_debug (rig, 0xE000EDF0, 0xA05F0003), ==, 0x80);
  g_assert_cmpint (read_debug (rig, 0xE000EDF0, &dhcsr), ==, 0x80);
  g_assert_cmphex (dhcsr & 0x00020003, ==, 0x00020003);

  /* Core registers through READREG/WRITEREG while halted. */
  memset (cmd, 0, sizeof cmd);
  cmd[0] = 0xF2;
  cmd[1] = 0x34;
  cmd[2] = 2;
  put32 (cmd + 3, 0x12345678);
  g_assert_cmpint (xfer (rig, cmd, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, 0x80);
  memset (cmd, 0, sizeof cmd);
  cmd[0] = 0xF2;
  cmd[1] = 0x33;
  cmd[2] = 2;
  g_assert_cmpint (xfer (rig, cmd, r, 8), ==, 8);
  g_assert_cmpint (r[0], ==, 0x80);
  g_assert_cmphex (get32 (r + 4), ==, 0x12345678);

  /* READALLREGS: status word, then R0..R15 ... R2 is at offset 4 + 8. */
  {
    guint8 all[88];
    memset (cmd, 0, sizeof cmd);
    cmd[0] = 0xF2;
    cmd[1] = 0x3A;
    g_assert_cmpint (xfer (rig, cmd, all, sizeof all), ==, 88);
    g_assert_cmpint (all[0], ==, 0x80);
    g_assert_cmphex (get32 (all + 12), ==, 0x12345678);
  }

  /* Unaligned single-word access. */
  g_assert_cmpint (read_debug (rig, 0x20000002, &value), ==, 0x0A);
  rig_free (rig);
}

static void
test_voltage (void)
{
  Rig    *rig = rig_new ("[target]\nvoltage=3.3\n");
  guint8  f7[16] = { 0xF7 };
  guint8  r[8];
  guint32 adc0, adc1;

  g_assert_cmpint (xfer (rig, f7, r, sizeof r), ==, 8);
  adc0 = get32 (r);
  adc1 = get32 (r + 4);
  g_assert_cmpuint (adc0, >, 0);
  /* stlink's integer formula: 2400 * ADC1 / ADC0 millivolts. */
  g_assert_cmpuint (2400 * adc1 / adc0, ==, 3300);
  rig_free (rig);
}

static void
test_old_firmware_gates (void)
{
  Rig   *rig = rig_new ("[probe]\nfw-jtag=14\n");
  guint8 f7[16] = { 0xF7 };
  guint8 c3e[16] = { 0xF2, 0x3E };
  guint8 c43[16] = { 0xF2, 0x43, 0x01 };
  guint8 c47[16] = { 0xF2, 0x47 };
  guint8 r[12];

  /* J14: voltage yes, GETLASTRWSTATUS2 (J15), SWD_SET_FREQ (J22) and
   * 16-bit reads (J26) no. */
  g_assert_cmpint (xfer (rig, f7, r, 8), ==, 8);
  g_assert_cmpint (xfer (rig, c3e, r, 12), ==, 2);
  g_assert_cmpint (r[0], ==, 0x42);
  g_assert_cmpint (xfer (rig, c43, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, 0x42);
  g_assert_cmpint (xfer (rig, c47, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, 0x42);
  rig_free (rig);
}

static void
test_unknown_command (void)
{
  Rig   *rig = rig_new (NULL);
  guint8 c1[16] = { 0xF2, 0x99 };
  guint8 c2[16] = { 0xAB, 0xCD };
  guint8 c3[16] = { 0xF3, 0x01 };
  guint8 r[8];

  g_assert_cmpint (xfer (rig, c1, r, 8), ==, 2);
  g_assert_cmpint (r[0], ==, 0x42);
  g_assert_cmpint (r[1], ==, 0x00);
  g_assert_cmpint (xfer (rig, c2, r, 8), ==, 2);
  g_assert_cmpint (r[0], ==, 0x42);
  g_assert_cmpint (xfer (rig, c3, r, 8), ==, 2);
  g_assert_cmpint (r[0], ==, 0x42);
  /* A transfer that is not 16 bytes is not a command: no answer. */
  {
    gsize actual = 0;
    g_assert_cmpint (bw_sim_stlink_bulk_out (rig->probe, rig->ep_out, c1, 5), ==, BW_SIM_USB_OK);
    g_assert_cmpint (bw_sim_stlink_bulk_in (rig->probe, 0x81, r, 8, &actual), ==, BW_SIM_USB_TIMEOUT);
  }
  /* The probe still works afterwards. */
  {
    guint8 f5[16] = { 0xF5 };
    g_assert_cmpint (xfer (rig, f5, r, 2), ==, 2);
  }
  rig_free (rig);
}

static void
test_swd_freq (void)
{
  Rig   *rig = rig_new (NULL);
  guint8 cmd[16] = { 0xF2, 0x43, 0x03, 0x00 };
  guint8 r[2];

  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (rig->probe), ==, 1800000);
  g_assert_cmpint (xfer (rig, cmd, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, 0x80);
  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (rig->probe), ==, 950000);
  cmd[2] = 5; /* not in the firmware's table */
  g_assert_cmpint (xfer (rig, cmd, r, 2), ==, 2);
  g_assert_cmpint (r[0], !=, 0x80);
  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (rig->probe), ==, 950000);
  rig_free (rig);
}

static void
test_timing (void)
{
  Rig    *rig = rig_new (NULL);
  guint8  f1[16] = { 0xF1 };
  guint8  r[6];
  guint64 t0, t1;
  guint32 v;

  t0 = bw_sim_clock_now_ns (rig->clock);
  g_assert_cmpint (xfer (rig, f1, r, 6), ==, 6);
  t1 = bw_sim_clock_now_ns (rig->clock);
  /* Full speed: 125 us per transfer + 1 us per byte; 16 out, 6 in. */
  g_assert_cmpuint (t1 - t0, ==, 125000 + 16000 + 125000 + 6000);

  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  t0 = bw_sim_clock_now_ns (rig->clock);
  g_assert_cmpint (read_debug (rig, 0x20000000, &v), ==, 0x80);
  t1 = bw_sim_clock_now_ns (rig->clock);
  /* Plus 3 SWD transfers of 48 cycles at 1.8 MHz. */
  g_assert_cmpuint (t1 - t0, ==, 125000 + 16000 + 125000 + 8000 + bw_sim_clock_swd_transfers_ns (1800000, 3));

  /* A 2 KiB word block from 0x20000000: TAR + CSW + 512 DRW + RDBUFF, and
   * one TAR for the second 1 KiB page. */
  {
    guint8             cmd[16];
    g_autofree guint8 *buf = g_malloc (2048);

    mem_cmd (cmd, 0x07, 0x20000000, 2048);
    t0 = bw_sim_clock_now_ns (rig->clock);
    g_assert_cmpint (xfer (rig, cmd, buf, 2048), ==, 2048);
    t1 = bw_sim_clock_now_ns (rig->clock);
    g_assert_cmpuint (t1 - t0, ==,
                      125000 + 16000 + 125000 + 2048000 +
                          bw_sim_clock_swd_transfers_ns (1800000, 2 + 512 + 1 + 1));
    /* Byte blocks: one transfer per item, no TAR/CSW overhead counted. */
    mem_cmd (cmd, 0x0C, 0x20000000, 16);
    t0 = bw_sim_clock_now_ns (rig->clock);
    g_assert_cmpint (xfer (rig, cmd, buf, 16), ==, 16);
    t1 = bw_sim_clock_now_ns (rig->clock);
    g_assert_cmpuint (t1 - t0, ==,
                      125000 + 16000 + 125000 + 16000 + bw_sim_clock_swd_transfers_ns (1800000, 16));
  }
  rig_free (rig);
}

static void
test_unplug (void)
{
  Rig   *rig = rig_new ("[probe]\nunplug-after-transfers=3\n");
  guint8 f1[16] = { 0xF1 };
  guint8 r[6];
  gsize  actual;

  g_assert_cmpint (xfer (rig, f1, r, 6), ==, 6); /* transfers 1, 2 */
  g_assert_cmpint (bw_sim_stlink_bulk_out (rig->probe, rig->ep_out, f1, 16), ==, BW_SIM_USB_OK);
  g_assert_true (bw_sim_stlink_is_present (rig->probe));
  g_assert_cmpint (bw_sim_stlink_bulk_in (rig->probe, 0x81, r, 6, &actual), ==, BW_SIM_USB_NO_DEVICE);
  g_assert_false (bw_sim_stlink_is_present (rig->probe));
  g_assert_cmpint (bw_sim_stlink_bulk_out (rig->probe, rig->ep_out, f1, 16), ==, BW_SIM_USB_NO_DEVICE);
  g_assert_cmpint (bw_sim_stlink_claim_interface (rig->probe, 0), ==, BW_SIM_USB_NO_DEVICE);
  rig_free (rig);
}

static void
test_busy (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwSimScenario) scenario = bw_sim_scenario_load_from_data ("[probe]\nbusy=true\n", &error);
  g_autoptr (BwSimClock) clock = bw_sim_clock_new ();
  g_autoptr (BwSimStm32f405) target = NULL;
  g_autoptr (BwSimStlink) probe = NULL;

  g_assert_no_error (error);
  target = bw_sim_stm32f405_new (clock, scenario, NULL);
  probe = bw_sim_stlink_new (scenario, NULL, clock, target);
  g_assert_cmpint (bw_sim_stlink_claim_interface (probe, 0), ==, BW_SIM_USB_BUSY);
  g_assert_cmpint (bw_sim_stlink_claim_interface (probe, 3), ==, BW_SIM_USB_NOT_FOUND);
}

static void
test_nrst (void)
{
  Rig   *rig = rig_new (NULL);
  guint8 cmd[16] = { 0xF2, 0x3C, 0x00 };
  guint8 r[2];

  g_assert_cmpint (xfer (rig, cmd, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, 0x80);
  g_assert_true (bw_sim_stm32f405_get_nrst (rig->target));
  cmd[2] = 0x01;
  g_assert_cmpint (xfer (rig, cmd, r, 2), ==, 2);
  g_assert_false (bw_sim_stm32f405_get_nrst (rig->target));
  cmd[2] = 0x07;
  g_assert_cmpint (xfer (rig, cmd, r, 2), ==, 2);
  g_assert_cmpint (r[0], !=, 0x80);
  rig_free (rig);
}

static void
test_flaky_line (void)
{
  Rig    *rig = rig_new ("[probe]\nswd-flaky-one-in=2\n");
  guint   ok = 0, failed = 0;
  guint32 v;

  /* ENTER is SWD transfer 1; from then on every second access fails. */
  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  for (guint i = 0; i < 10; i++)
    {
      guint8 status = read_debug (rig, 0xE000ED00, &v);
      if (status == 0x80)
        {
          g_assert_cmphex (v, ==, 0x410FC241);
          ok++;
        }
      else
        {
          g_assert_cmpint (status, ==, BW_SIM_STLINK_ERR_AP_ERROR);
          failed++;
        }
    }
  g_assert_cmpuint (ok, ==, 5);
  g_assert_cmpuint (failed, ==, 5);
  rig_free (rig);
}

/* A read of flash while a sector erase runs stalls (WAIT); the probe
 * retries until the flash is free, so the command takes the erase time. */
static void
test_wait_while_busy (void)
{
  Rig    *rig = rig_new (NULL);
  guint32 v = 0;
  guint64 t0, t1;

  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  g_assert_cmpint (write_debug (rig, 0xE000EDF0, 0xA05F0003), ==, 0x80);
  g_assert_cmpint (write_debug (rig, 0x40023C04, 0x45670123), ==, 0x80);
  g_assert_cmpint (write_debug (rig, 0x40023C04, 0xCDEF89AB), ==, 0x80);
  g_assert_cmpint (write_debug (rig, 0x40023C10, 0x00000002), ==, 0x80);
  g_assert_cmpint (write_debug (rig, 0x40023C10, 0x00010002), ==, 0x80);
  t0 = bw_sim_clock_now_us (rig->clock);
  g_assert_cmpint (read_debug (rig, 0x08000000, &v), ==, 0x80);
  t1 = bw_sim_clock_now_us (rig->clock);
  g_assert_cmphex (v, ==, 0xFFFFFFFF);
  /* x8 erase of a 16 KiB sector: 400 ms (sim-timing.md). */
  g_assert_cmpuint (t1 - t0, >=, 399000);
  g_assert_cmpuint (t1 - t0, <=, 401000);
  rig_free (rig);
}

static guint32
resetsys_and_read_dhcsr (const gchar *scenario)
{
  Rig *rig = rig_new (scenario);
  guint8 cmd[16] = { 0xF2, 0x32 };
  guint8 r[2];
  guint32 dhcsr = 0;

  g_assert_cmpint (enter_swd (rig), ==, 0x80);
  /* The first read clears the sticky reset bit of power-on. */
  g_assert_cmpint (read_debug (rig, 0xE000EDF0, &dhcsr), ==, 0x80);
  g_assert_cmpint (xfer (rig, cmd, r, 2), ==, 2);
  g_assert_cmpint (r[0], ==, 0x80);
  g_assert_cmpint (read_debug (rig, 0xE000EDF0, &dhcsr), ==, 0x80);
  rig_free (rig);
  return dhcsr;
}

static void
test_resetsys (void)
{
  /* S_RESET_ST (bit 25) after RESETSYS only when NRST reaches the chip. */
  g_assert_cmphex (resetsys_and_read_dhcsr (NULL) & (1u << 25), !=, 0);
  g_assert_cmphex (resetsys_and_read_dhcsr ("[target]\nnrst-wired=false\n") & (1u << 25), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim/stlink/version/v2", test_version_v2);
  g_test_add_func ("/sim/stlink/version/v2-1", test_version_v2_1);
  g_test_add_func ("/sim/stlink/version/v3", test_version_v3);
  g_test_add_func ("/sim/stlink/descriptors", test_descriptors);
  g_test_add_func ("/sim/stlink/descriptors-all-models", test_descriptors_all_models);
  g_test_add_func ("/sim/stlink/clone-serial", test_clone_serial);
  g_test_add_func ("/sim/stlink/mode", test_mode_transitions);
  g_test_add_func ("/sim/stlink/idcode", test_idcode);
  g_test_add_func ("/sim/stlink/unpowered", test_unpowered);
  g_test_add_func ("/sim/stlink/memory", test_memory);
  g_test_add_func ("/sim/stlink/bus-fault", test_bus_fault);
  g_test_add_func ("/sim/stlink/debug-regs", test_debug_regs);
  g_test_add_func ("/sim/stlink/voltage", test_voltage);
  g_test_add_func ("/sim/stlink/firmware-gates", test_old_firmware_gates);
  g_test_add_func ("/sim/stlink/unknown-command", test_unknown_command);
  g_test_add_func ("/sim/stlink/swd-freq", test_swd_freq);
  g_test_add_func ("/sim/stlink/timing", test_timing);
  g_test_add_func ("/sim/stlink/unplug", test_unplug);
  g_test_add_func ("/sim/stlink/busy", test_busy);
  g_test_add_func ("/sim/stlink/nrst", test_nrst);
  g_test_add_func ("/sim/stlink/resetsys", test_resetsys);
  g_test_add_func ("/sim/stlink/flaky-line", test_flaky_line);
  g_test_add_func ("/sim/stlink/wait-while-busy", test_wait_while_busy);

  return g_test_run ();
}

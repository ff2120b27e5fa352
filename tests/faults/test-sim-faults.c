/* test-sim-faults.c: the simulator's faults that strike after N transfers
 * do what src/sim/README.md says, so that the fault matrix tests what it
 * claims to
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-sim-transport.h"
#include "bw-test-utils.h"

#define FLASH_KEYR 0x40023C04u
#define FLASH_SR   0x40023C0Cu
#define FLASH_CR   0x40023C10u
#define SECTOR_11  0x080E0000u
#define CR_SER_11_X32_STRT ((1u << 1) | (11u << 3) | (2u << 8) | (1u << 16))
#define CR_PG_X32  (1u | (2u << 8))

typedef struct {
  BwSimTransport *transport;
  BwSession      *session;
  BwTarget       *target;
} Rig;

static void
rig_open (Rig *rig, const gchar *scenario_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data (scenario_text, &error);

  g_assert_no_error (error);
  rig->transport = bw_sim_transport_new (scenario, NULL, &error);
  g_assert_no_error (error);
  rig->session = bw_session_open (BW_TRANSPORT (rig->transport), BW_STLINK_CONNECT_NORMAL, 0, -1.0, &error);
  g_assert_no_error (error);
  rig->target = bw_session_get_target (rig->session);
}

static void
rig_close (Rig *rig)
{
  g_clear_object (&rig->session);
  g_clear_object (&rig->transport);
}

static guint64
transfers (Rig *rig)
{
  return bw_sim_transport_get_n_transfers (rig->transport);
}

static const guint8 *
flash (Rig *rig)
{
  return bw_sim_stm32f405_peek_flash (bw_sim_transport_get_target (rig->transport), NULL);
}

static void
unlock (Rig *rig)
{
  g_assert_true (bw_target_write_u32 (rig->target, FLASH_KEYR, 0x45670123u, NULL));
  g_assert_true (bw_target_write_u32 (rig->target, FLASH_KEYR, 0xCDEF89ABu, NULL));
}

/* Power lost one transfer after an erase of sector 11 started: the sector
 * is left partly erased, partly 0x00, and the chip stops answering. */
static void
test_power_loss_mid_erase (void)
{
  g_autofree gchar *fw = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *base = g_strdup_printf ("[target]\nflash=%s\n", fw);
  g_autofree gchar *faulty = NULL;
  Rig rig = { 0 };
  guint64 at;
  const guint8 *sector;
  guint32 value = 0;
  gsize erased = 0;
  gsize zero = 0;

  rig_open (&rig, base);
  unlock (&rig);
  g_assert_true (bw_target_write_u32 (rig.target, FLASH_CR, CR_SER_11_X32_STRT, NULL));
  at = transfers (&rig);
  rig_close (&rig);

  faulty = g_strdup_printf ("%s[faults]\npower-loss-after-transfers=%" G_GUINT64_FORMAT "\n", base, at);
  rig_open (&rig, faulty);
  unlock (&rig);
  g_assert_true (bw_target_write_u32 (rig.target, FLASH_CR, CR_SER_11_X32_STRT, NULL));
  bw_target_sleep_us (rig.target, 300 * 1000); /* 30 % of the erase */
  g_assert_false (bw_target_read_u32 (rig.target, FLASH_SR, &value, NULL));
  g_assert_false (bw_sim_stm32f405_is_powered (bw_sim_transport_get_target (rig.transport)));
  sector = flash (&rig) + (SECTOR_11 - 0x08000000u);
  for (gsize i = 0; i < 0x20000; i++)
    {
      erased += sector[i] == 0xFF;
      zero += sector[i] == 0x00;
    }
  g_test_message ("after the cut: %" G_GSIZE_FORMAT " bytes erased, %" G_GSIZE_FORMAT " zero", erased, zero);
  g_assert_cmpuint (erased + zero, ==, 0x20000);
  g_assert_cmpuint (erased, >, 0);
  g_assert_cmpuint (zero, >, 0);
  g_assert_cmphex (sector[0], ==, 0xFF);
  g_assert_cmphex (sector[0x1FFFF], ==, 0x00);
  rig_close (&rig);
}

/* One read of flash after N transfers has one bit flipped; the next is right. */
static void
test_bit_flip_once (void)
{
  g_autofree gchar *fw = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *base = g_strdup_printf ("[target]\nflash=%s\n", fw);
  g_autofree gchar *faulty = NULL;
  Rig rig = { 0 };
  guint64 at;
  guint32 first = 0;
  guint32 second = 0;
  guint32 truth;

  rig_open (&rig, base);
  at = transfers (&rig);
  truth = flash (&rig)[0] | flash (&rig)[1] << 8 | flash (&rig)[2] << 16 | (guint32) flash (&rig)[3] << 24;
  rig_close (&rig);

  faulty = g_strdup_printf ("%s[faults]\nbit-flip-after-transfers=%" G_GUINT64_FORMAT "\nbit-flip-mask=0x40\n", base,
                            at);
  rig_open (&rig, faulty);
  g_assert_true (bw_target_read_u32 (rig.target, 0x08000000u, &first, NULL));
  g_assert_true (bw_target_read_u32 (rig.target, 0x08000000u, &second, NULL));
  g_assert_cmphex (first, ==, truth ^ 0x40);
  g_assert_cmphex (second, ==, truth);
  rig_close (&rig);
}

/* The first word programmed after N transfers keeps its first byte erased,
 * without an error flag; later words program. */
static void
test_flash_error_sticks (void)
{
  Rig rig = { 0 };
  guint64 at;
  guint32 sr = 0;
  g_autofree gchar *faulty = NULL;
  const guint8 *sector;

  rig_open (&rig, "");
  unlock (&rig);
  g_assert_true (bw_target_write_u32 (rig.target, FLASH_CR, CR_PG_X32, NULL));
  at = transfers (&rig);
  rig_close (&rig);

  faulty = g_strdup_printf ("[faults]\nflash-error-after-transfers=%" G_GUINT64_FORMAT "\n", at);
  rig_open (&rig, faulty);
  unlock (&rig);
  g_assert_true (bw_target_write_u32 (rig.target, FLASH_CR, CR_PG_X32, NULL));
  g_assert_true (bw_target_write_u32 (rig.target, SECTOR_11, 0x11223344u, NULL));
  bw_target_sleep_us (rig.target, 100);
  g_assert_true (bw_target_write_u32 (rig.target, SECTOR_11 + 4, 0x55667788u, NULL));
  bw_target_sleep_us (rig.target, 100);
  g_assert_true (bw_target_read_u32 (rig.target, FLASH_SR, &sr, NULL));
  g_assert_cmphex (sr & 0xF2, ==, 0);
  sector = flash (&rig) + (SECTOR_11 - 0x08000000u);
  g_assert_cmphex (sector[0], ==, 0xFF);
  g_assert_cmphex (sector[1], ==, 0x33);
  g_assert_cmphex (sector[4], ==, 0x88);
  rig_close (&rig);
}

/* Without swd-flaky-one-in, the first DAP transfer after N fails, once:
 * the engine's read retries it (more transfers than a clean read) and then
 * reads right. */
static void
test_swd_glitch_once (void)
{
  Rig rig = { 0 };
  guint64 at;
  guint64 clean_cost;
  guint64 glitch_cost;
  guint32 value = 0;
  g_autofree gchar *faulty = NULL;

  rig_open (&rig, "");
  at = transfers (&rig);
  g_assert_true (bw_target_read_u32 (rig.target, 0x1FFF7A10u, &value, NULL));
  clean_cost = transfers (&rig) - at;
  g_assert_true (bw_target_read_u32 (rig.target, 0x1FFF7A10u, &value, NULL));
  g_assert_cmpuint (transfers (&rig) - at, ==, 2 * clean_cost);
  rig_close (&rig);

  faulty = g_strdup_printf ("[faults]\nswd-flaky-after-transfers=%" G_GUINT64_FORMAT "\n", at);
  rig_open (&rig, faulty);
  g_assert_true (bw_target_read_u32 (rig.target, 0x1FFF7A10u, &value, NULL));
  glitch_cost = transfers (&rig) - at;
  g_assert_cmpuint (glitch_cost, >, clean_cost);
  g_assert_cmphex (value, ==, 0x003C002Au); /* the scenario's default unique id */
  g_assert_true (bw_target_read_u32 (rig.target, 0x1FFF7A10u, &value, NULL));
  g_assert_cmpuint (transfers (&rig) - at, ==, glitch_cost + clean_cost);
  rig_close (&rig);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-faults/power-loss-mid-erase", test_power_loss_mid_erase);
  g_test_add_func ("/sim-faults/bit-flip-once", test_bit_flip_once);
  g_test_add_func ("/sim-faults/flash-error-sticks", test_flash_error_sticks);
  g_test_add_func ("/sim-faults/swd-glitch-once", test_swd_glitch_once);
  return g_test_run ();
}

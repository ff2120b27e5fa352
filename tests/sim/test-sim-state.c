/* test-sim-state.c: scenarios and the state directory shared by processes
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bw-test-utils.h"
#include "bw-sim-ihex.h"
#include "bw-sim-state.h"
#include "test-sim-target-util.h"

static void
test_scenario_defaults (void)
{
  g_autoptr(BwSimScenario) s = bw_sim_scenario_new_default ();

  g_assert_cmpint (bw_sim_scenario_get_probe_kind (s), ==, BW_SIM_PROBE_V2);
  g_assert_cmphex (bw_sim_scenario_get_probe_pid (s), ==, 0x3748);
  g_assert_cmpuint (bw_sim_scenario_get_probe_fw_stlink (s), ==, 2);
  g_assert_cmpuint (bw_sim_scenario_get_probe_fw_jtag (s), ==, 37);
  g_assert_cmpuint (bw_sim_scenario_get_probe_fw_swim (s), ==, 7);
  g_assert_cmpuint (strlen (bw_sim_scenario_get_probe_serial (s)), ==, 24);
  g_assert_false (bw_sim_scenario_get_probe_busy (s));
  g_assert_cmpuint (bw_sim_scenario_get_usb_unplug_after (s), ==, 0);
  g_assert_cmpuint (bw_sim_scenario_get_swd_flaky_one_in (s), ==, 0);
  g_assert_true (bw_sim_scenario_get_sense_wired (s));
  g_assert_cmphex (bw_sim_scenario_get_dev_id (s), ==, 0x413);
  g_assert_cmpuint (bw_sim_scenario_get_flash_size_kb (s), ==, 1024);
  g_assert_cmpfloat_with_epsilon (bw_sim_scenario_get_supply_voltage (s), 3.3, 1e-9);
  g_assert_true (bw_sim_scenario_get_powered (s));
  g_assert_false (bw_sim_scenario_get_swd_swapped (s));
  g_assert_false (bw_sim_scenario_get_gnd_missing (s));
  g_assert_true (bw_sim_scenario_get_nrst_wired (s));
  g_assert_false (bw_sim_scenario_get_swd_disabled_by_firmware (s));
  g_assert_null (bw_sim_scenario_get_flash_file (s));
  g_assert_cmphex (bw_sim_scenario_get_rdp_byte (s), ==, 0xAA);
  g_assert_cmphex (bw_sim_scenario_get_nwrp (s), ==, 0xFFF);
  g_assert_false (bw_sim_scenario_get_flash_error (s, NULL));
  g_assert_false (bw_sim_scenario_get_bit_flip (s, NULL, NULL));
}

static void
test_scenario_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimScenario) s = bw_sim_scenario_load_from_data (
    "[probe]\nkind=v3\nfw-jtag=10\nserial=0123456789ABCDEF01234567\nbusy=true\n"
    "unplug-after-transfers=40\nswd-flaky-one-in=100\n"
    "[target]\nchip=f103\nvoltage=1.8\nflash=blank\nrdp=1\nwrp-sectors=0,11\n"
    "[faults]\nflash-error-address=0x08001000\nbit-flip-address=0x08000004\nbit-flip-mask=0x80\n",
    &error);
  guint32 addr = 0;
  guint8 mask = 0;

  g_assert_no_error (error);
  g_assert_cmpint (bw_sim_scenario_get_probe_kind (s), ==, BW_SIM_PROBE_V3);
  g_assert_cmphex (bw_sim_scenario_get_probe_pid (s), ==, 0x374F);
  g_assert_cmpuint (bw_sim_scenario_get_probe_fw_stlink (s), ==, 3);
  g_assert_cmpuint (bw_sim_scenario_get_probe_fw_jtag (s), ==, 10);
  g_assert_cmpstr (bw_sim_scenario_get_probe_serial (s), ==, "0123456789ABCDEF01234567");
  g_assert_true (bw_sim_scenario_get_probe_busy (s));
  g_assert_cmpuint (bw_sim_scenario_get_usb_unplug_after (s), ==, 40);
  g_assert_cmpuint (bw_sim_scenario_get_swd_flaky_one_in (s), ==, 100);
  g_assert_cmphex (bw_sim_scenario_get_dev_id (s), ==, 0x410);
  g_assert_cmpuint (bw_sim_scenario_get_flash_size_kb (s), ==, 128);
  g_assert_null (bw_sim_scenario_get_flash_file (s));
  g_assert_cmphex (bw_sim_scenario_get_rdp_byte (s), ==, 0x55);
  g_assert_cmphex (bw_sim_scenario_get_nwrp (s), ==, 0x7FE);
  g_assert_true (bw_sim_scenario_get_flash_error (s, &addr));
  g_assert_cmphex (addr, ==, 0x08001000);
  g_assert_true (bw_sim_scenario_get_bit_flip (s, &addr, &mask));
  g_assert_cmphex (addr, ==, 0x08000004);
  g_assert_cmphex (mask, ==, 0x80);
}

static void
test_scenario_errors (void)
{
  static const gchar *const bad[] = {
    "[probe]\nkind=v4\n",
    "[probe]\nserial=xyz\n",
    "[probe]\nbusy=maybe\n",
    "[probe]\nunplug-after-transfers=-1\n",
    "[target]\nchip=f999\n",
    "[target]\nvoltage=abc\n",
    "[target]\nrdp=3\n",
    "[target]\nwrp-sectors=12\n",
    "[target]\nflash-size-kb=1000\n",
    "[faults]\nbit-flip-address=0x08000000\nbit-flip-mask=0\n",
    "not a key file",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BwSimScenario) s = bw_sim_scenario_load_from_data (bad[i], &error);
      g_assert_null (s);
      g_assert_nonnull (error);
    }
}

static void
test_scenario_set_and_save (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *path = g_build_filename (dir, "scenario.ini", NULL);
  g_autoptr(BwSimScenario) s = bw_sim_scenario_new_default ();
  g_autoptr(BwSimScenario) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_sim_scenario_set (s, "target", "powered", "false", &error));
  g_assert_no_error (error);
  g_assert_false (bw_sim_scenario_set (s, "target", "voltage", "high", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* a rejected value leaves the old one */
  g_assert_cmpfloat_with_epsilon (bw_sim_scenario_get_supply_voltage (s), 3.3, 1e-9);
  g_assert_true (bw_sim_scenario_save (s, path, &error));
  g_assert_no_error (error);
  g_setenv (BW_SIM_SCENARIO_ENV, path, TRUE);
  back = bw_sim_scenario_new_from_env (&error);
  g_unsetenv (BW_SIM_SCENARIO_ENV);
  g_assert_no_error (error);
  g_assert_false (bw_sim_scenario_get_powered (back));
  g_assert_cmpstr (bw_sim_scenario_get_base_dir (back), ==, dir);
  bw_test_rm_rf (dir);
}

static void
test_state_keys (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *sub = g_build_filename (dir, "a", "b", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimState) a = bw_sim_state_new (sub, &error);
  g_autoptr(BwSimState) b = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autofree gchar *mode = NULL;
  g_autofree gchar *log = NULL;
  const guint8 data[3] = { 1, 2, 3 };

  g_assert_no_error (error);
  g_assert_false (bw_sim_state_has_key (a, "probe", "mode"));
  bw_sim_state_set_string (a, "probe", "mode", "debug");
  bw_sim_state_set_int (a, "probe", "transfers", 42);
  g_assert_true (bw_sim_state_flush (a, &error));
  g_assert_true (bw_sim_state_save_blob (a, "x.bin", data, sizeof data, &error));
  g_assert_true (bw_sim_state_append_session_log (a, "one 0 1", &error));
  g_assert_true (bw_sim_state_append_session_log (a, "two 1 2", &error));
  g_assert_no_error (error);

  g_setenv (BW_SIM_STATE_ENV, sub, TRUE);
  g_assert_true (bw_sim_state_env_is_set ());
  b = bw_sim_state_new_from_env (&error);
  g_unsetenv (BW_SIM_STATE_ENV);
  g_assert_no_error (error);
  mode = bw_sim_state_get_string (b, "probe", "mode");
  g_assert_cmpstr (mode, ==, "debug");
  g_assert_cmpint (bw_sim_state_get_int (b, "probe", "transfers", 0), ==, 42);
  g_assert_cmpint (bw_sim_state_get_int (b, "probe", "missing", -7), ==, -7);
  blob = bw_sim_state_load_blob (b, "x.bin", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), data, sizeof data);
  g_assert_null (bw_sim_state_load_blob (b, "none.bin", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  log = bw_sim_state_read_session_log (b);
  g_assert_cmpstr (log, ==, "one 0 1\ntwo 1 2\n");
  g_assert_null (bw_sim_state_new_from_env (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  bw_test_rm_rf (dir);
}

/* Two model instances on one state directory: the second sees what the
 * first one did, as two separate tool runs would. */
static void
test_two_instances (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimScenario) scenario = bw_sim_scenario_new_default ();
  guint64 t_end;

  {
    g_autoptr(BwSimState) state = bw_sim_state_new (dir, &error);
    g_autoptr(BwSimClock) clock = bw_sim_clock_new ();
    Target tg = { 0 };

    g_assert_no_error (error);
    tg.clock = g_object_ref (clock);
    tg.scenario = g_object_ref (scenario);
    tg.t = bw_sim_stm32f405_new_full (clock, scenario, state, &error);
    g_assert_no_error (error);
    bw_sim_clock_session_begin (clock, "first");
    target_connect (&tg);
    flash_unlock (&tg);
    wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | (2u << 8));
    wr32 (&tg, 0x08000040, 0x600DF00D);
    flash_wait (&tg);
    wr32 (&tg, FLASH_OPTKEYR, BW_SIM_FLASH_OPTKEY1);
    wr32 (&tg, FLASH_OPTKEYR, BW_SIM_FLASH_OPTKEY2);
    wr32 (&tg, FLASH_OPTCR, 0x0FF7AAEC | BW_SIM_FLASH_OPTCR_OPTSTRT);
    flash_wait (&tg);
    wr32 (&tg, 0x20000100, 0x12345678);
    halt_core (&tg);
    g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg.t, 5, 0xABCDEF01), ==, BW_SIM_SWD_OK);
    g_assert_cmpuint (bw_sim_clock_session_end (clock), >, 0);
    t_end = bw_sim_clock_now_us (clock);
    g_assert_true (bw_sim_stm32f405_save (tg.t, &error));
    g_assert_no_error (error);
    g_object_unref (tg.clock);
    g_object_unref (tg.scenario);
    g_assert_finalize_object (tg.t);
  }
  {
    g_autoptr(BwSimState) state = bw_sim_state_new (dir, &error);
    g_autoptr(BwSimClock) clock = bw_sim_clock_new ();
    g_autofree gchar *log = NULL;
    g_autofree gchar *expect = NULL;
    Target tg = { 0 };
    guint32 v = 0;

    g_assert_no_error (error);
    tg.clock = g_object_ref (clock);
    tg.scenario = g_object_ref (scenario);
    tg.t = bw_sim_stm32f405_new_full (clock, scenario, state, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (bw_sim_clock_now_us (clock), ==, t_end);
    g_assert_cmphex (bw_sim_stm32f405_get_nwrp (tg.t), ==, 0xFF7);
    target_connect (&tg);
    g_assert_cmphex (rd32 (&tg, 0x08000040), ==, 0x600DF00Du);
    g_assert_cmphex (rd32 (&tg, 0x08000044), ==, 0xFFFFFFFFu);
    g_assert_cmphex (rd32 (&tg, FLASH_OPTCR), ==, 0x0FF7AAEDu);
    g_assert_cmphex (rd32 (&tg, FLASH_CR), ==, 0x80000000u);
    g_assert_cmphex (rd32 (&tg, 0x20000100), ==, 0x12345678u);
    /* the core stayed halted with its registers */
    g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, !=, 0);
    g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, 5, &v), ==, BW_SIM_SWD_OK);
    g_assert_cmphex (v, ==, 0xABCDEF01u);
    log = bw_sim_state_read_session_log (state);
    g_assert_true (g_str_has_prefix (log, "first 0 "));
    g_object_unref (tg.clock);
    g_object_unref (tg.scenario);
    g_assert_finalize_object (tg.t);
  }
  bw_test_rm_rf (dir);
}

static void
test_initial_flash_hex (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *hex_path = g_build_filename (dir, "fw.hex", NULL);
  g_autofree gchar *bin_path = g_build_filename (dir, "fw.bin", NULL);
  g_autofree gchar *scen_path = g_build_filename (dir, "s.ini", NULL);
  g_autofree gchar *hex = NULL;
  g_autoptr(GError) error = NULL;
  guint8 data[300];
  const guint8 *flash;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (255 - i);
  hex = bw_sim_ihex_format (0x080E0000, data, sizeof data);
  g_assert_true (g_file_set_contents (hex_path, hex, -1, NULL));
  g_assert_true (g_file_set_contents (bin_path, (const gchar *) data, sizeof data, NULL));
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(BwSimScenario) s = NULL;
      g_autoptr(BwSimClock) clock = bw_sim_clock_new ();
      g_autoptr(BwSimStm32f405) t = NULL;
      guint32 base = k == 0 ? 0x080E0000 : 0x08000000;

      g_assert_true (g_file_set_contents (scen_path, k == 0 ? "[target]\nflash=fw.hex\n" :
                                          "[target]\nflash=fw.bin\n", -1, NULL));
      s = bw_sim_scenario_load (scen_path, &error);
      g_assert_no_error (error);
      t = bw_sim_stm32f405_new_full (clock, s, NULL, &error);
      g_assert_no_error (error);
      flash = bw_sim_stm32f405_peek_flash (t, NULL);
      g_assert_cmpmem (flash + (base - 0x08000000), sizeof data, data, sizeof data);
      g_assert_cmpuint (flash[(base - 0x08000000) + sizeof data], ==, 0xFF);
    }
  /* a file that does not fit is an error */
  {
    g_autoptr(BwSimScenario) s = NULL;
    g_autoptr(BwSimClock) clock = bw_sim_clock_new ();
    g_autofree gchar *bad = bw_sim_ihex_format (0x08100000, data, 4);
    g_assert_true (g_file_set_contents (hex_path, bad, -1, NULL));
    g_assert_true (g_file_set_contents (scen_path, "[target]\nflash=fw.hex\n", -1, NULL));
    s = bw_sim_scenario_load (scen_path, &error);
    g_assert_no_error (error);
    g_assert_null (bw_sim_stm32f405_new_full (clock, s, NULL, &error));
    g_assert_nonnull (error);
  }
  bw_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/scenario/defaults", test_scenario_defaults);
  g_test_add_func ("/sim/scenario/values", test_scenario_values);
  g_test_add_func ("/sim/scenario/errors", test_scenario_errors);
  g_test_add_func ("/sim/scenario/set-save", test_scenario_set_and_save);
  g_test_add_func ("/sim/state/keys", test_state_keys);
  g_test_add_func ("/sim/state/two-instances", test_two_instances);
  g_test_add_func ("/sim/state/initial-flash", test_initial_flash_hex);
  return g_test_run ();
}

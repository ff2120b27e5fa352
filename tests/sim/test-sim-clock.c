/* test-sim-clock.c: the virtual clock and the timing table of sim-timing.md
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-sim-clock.h"

static void
test_advance (void)
{
  g_autoptr(BwSimClock) clock = bw_sim_clock_new ();

  g_assert_cmpuint (bw_sim_clock_now_us (clock), ==, 0);
  bw_sim_clock_advance (clock, 125);
  g_assert_cmpuint (bw_sim_clock_now_us (clock), ==, 125);
  bw_sim_clock_advance_ns (clock, 999);
  g_assert_cmpuint (bw_sim_clock_now_us (clock), ==, 125);
  g_assert_cmpuint (bw_sim_clock_now_ns (clock), ==, 125999);
  bw_sim_clock_advance_to (clock, 100);
  g_assert_cmpuint (bw_sim_clock_now_ns (clock), ==, 125999);
  bw_sim_clock_advance_to (clock, 1000);
  g_assert_cmpuint (bw_sim_clock_now_us (clock), ==, 1000);
  bw_sim_clock_set_now_ns (clock, 5);
  g_assert_cmpuint (bw_sim_clock_now_us (clock), ==, 1000);
}

static void
test_usb_costs (void)
{
  g_assert_cmpuint (bw_sim_clock_usb_transfer_ns (BW_SIM_USB_FULL_SPEED, 0), ==, 125000);
  g_assert_cmpuint (bw_sim_clock_usb_transfer_ns (BW_SIM_USB_FULL_SPEED, 16), ==, 141000);
  g_assert_cmpuint (bw_sim_clock_usb_transfer_ns (BW_SIM_USB_FULL_SPEED, 6144), ==, 125000 + 6144000);
  g_assert_cmpuint (bw_sim_clock_usb_transfer_ns (BW_SIM_USB_HIGH_SPEED, 0), ==, 30000);
  g_assert_cmpuint (bw_sim_clock_usb_transfer_ns (BW_SIM_USB_HIGH_SPEED, 1000), ==, 30000 + 25000);
  g_assert_cmpuint (bw_sim_clock_usb_transfer_ns (BW_SIM_USB_HIGH_SPEED, 1), ==, 30025);
}

static void
test_swd_costs (void)
{
  /* 48 cycles at 1.8 MHz = 26.67 us, rounded up to the ns */
  g_assert_cmpuint (bw_sim_clock_swd_transfers_ns (1800000, 1), ==, 26667);
  g_assert_cmpuint (bw_sim_clock_swd_transfers_ns (4000000, 1), ==, 12000);
  g_assert_cmpuint (bw_sim_clock_swd_transfers_ns (4000000, 258), ==, 3096000);
  g_assert_cmpuint (bw_sim_clock_swd_transfers_ns (24000000, 3), ==, 6000);
  g_assert_cmpuint (bw_sim_clock_swd_transfers_ns (0, 1), ==, 26667);
}

static void
test_flash_costs (void)
{
  g_assert_cmpuint (bw_sim_clock_flash_program_ns (BW_SIM_PSIZE_X8), ==, 16000);
  g_assert_cmpuint (bw_sim_clock_flash_program_ns (BW_SIM_PSIZE_X32), ==, 16000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (16384, BW_SIM_PSIZE_X8), ==, 400000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (16384, BW_SIM_PSIZE_X16), ==, 300000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (16384, BW_SIM_PSIZE_X32), ==, 250000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (65536, BW_SIM_PSIZE_X8), ==, 1200000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (65536, BW_SIM_PSIZE_X16), ==, 700000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (65536, BW_SIM_PSIZE_X32), ==, 550000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (131072, BW_SIM_PSIZE_X8), ==, 2000000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (131072, BW_SIM_PSIZE_X16), ==, 1300000000);
  g_assert_cmpuint (bw_sim_clock_flash_erase_ns (131072, BW_SIM_PSIZE_X32), ==, 1000000000);
  g_assert_cmpuint (bw_sim_clock_flash_mass_erase_ns (BW_SIM_PSIZE_X8), ==, G_GUINT64_CONSTANT (16000000000));
  g_assert_cmpuint (bw_sim_clock_flash_mass_erase_ns (BW_SIM_PSIZE_X16), ==, G_GUINT64_CONSTANT (11000000000));
  g_assert_cmpuint (bw_sim_clock_flash_mass_erase_ns (BW_SIM_PSIZE_X32), ==, G_GUINT64_CONSTANT (8000000000));
  g_assert_cmpuint (bw_sim_clock_insns_to_ns (16), ==, 1000);
  g_assert_cmpuint (bw_sim_clock_ns_to_insns (1000), ==, 16);
  g_assert_cmpuint (bw_sim_clock_insns_to_ns (1), ==, 62);
  g_assert_cmpuint (bw_sim_clock_insns_to_ns (2), ==, 125);
}

static void
test_sessions (void)
{
  g_autoptr(BwSimClock) clock = bw_sim_clock_new ();
  g_autofree gchar *report = NULL;
  g_autofree gchar *one = NULL;

  g_assert_false (bw_sim_clock_in_session (clock));
  g_assert_cmpuint (bw_sim_clock_session_end (clock), ==, 0);
  bw_sim_clock_advance (clock, 50);
  bw_sim_clock_session_begin (clock, "st-flash");
  g_assert_true (bw_sim_clock_in_session (clock));
  bw_sim_clock_advance (clock, 1500);
  g_assert_cmpuint (bw_sim_clock_session_elapsed_us (clock), ==, 1500);
  g_assert_cmpuint (bw_sim_clock_session_end (clock), ==, 1500);
  g_assert_false (bw_sim_clock_in_session (clock));
  bw_sim_clock_session_begin (clock, "openocd");
  bw_sim_clock_advance (clock, 7);
  /* beginning a new session closes the open one */
  bw_sim_clock_session_begin (clock, "third");
  bw_sim_clock_advance (clock, 3);
  g_assert_cmpuint (bw_sim_clock_session_end (clock), ==, 3);
  g_assert_cmpuint (bw_sim_clock_get_n_sessions (clock), ==, 3);
  report = bw_sim_clock_format_report (clock);
  g_assert_cmpstr (report, ==, "st-flash 50 1500\nopenocd 1550 7\nthird 1557 3\n");
  one = bw_sim_clock_format_session (clock, 1);
  g_assert_cmpstr (one, ==, "openocd 1550 7");
}

static void
test_keyfile (void)
{
  g_autoptr(BwSimClock) a = bw_sim_clock_new ();
  g_autoptr(BwSimClock) b = bw_sim_clock_new ();
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  bw_sim_clock_advance_ns (a, G_GUINT64_CONSTANT (123456789012));
  bw_sim_clock_save_to_keyfile (a, kf);
  bw_sim_clock_load_from_keyfile (b, kf);
  g_assert_cmpuint (bw_sim_clock_now_ns (b), ==, G_GUINT64_CONSTANT (123456789012));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/clock/advance", test_advance);
  g_test_add_func ("/sim/clock/usb", test_usb_costs);
  g_test_add_func ("/sim/clock/swd", test_swd_costs);
  g_test_add_func ("/sim/clock/flash", test_flash_costs);
  g_test_add_func ("/sim/clock/sessions", test_sessions);
  g_test_add_func ("/sim/clock/keyfile", test_keyfile);
  return g_test_run ();
}

/* test-sim-core.c: Cortex-M4 debug registers, reset and wiring of the target
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-sim-target-util.h"

/* A vector table: SP = 0x20002000, reset handler at 0x08000101 (Thumb). */
static void
load_vectors (Target *tg)
{
  static const guint8 vt[8] = { 0x00, 0x20, 0x00, 0x20, 0x01, 0x01, 0x00, 0x08 };
  g_assert_true (bw_sim_stm32f405_load_flash (tg->t, 0x08000000, vt, sizeof vt, NULL));
}

static void
test_identity (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  g_assert_cmphex (rd32 (&tg, BW_SIM_CPUID), ==, 0x410FC241u);
  g_assert_cmphex (rd32 (&tg, 0xE0042000), ==, 0x10076413u);
  g_assert_cmphex (rd (&tg, 0x1FFF7A22, 2), ==, 0x0400);
  g_assert_cmphex (rd32 (&tg, BW_SIM_FP_CTRL) & 0xFFFFFFFEu, ==, 0x260);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DWT_CTRL) >> 28, ==, 4);
  g_assert_cmphex (rd32 (&tg, 0xE000EF40), ==, 0x10110021u);
  g_assert_cmphex (rd32 (&tg, 0xE00FF000), ==, 0xFFF0F003u);
  g_assert_cmphex (rd32 (&tg, 0x1FFF7A10), ==, 0x003C002Au);
  /* DBGMCU_CR is read-modify-written by both tools */
  wr32 (&tg, 0xE0042004, 0x7);
  g_assert_cmphex (rd32 (&tg, 0xE0042004), ==, 0x7);
  target_close (&tg);
}

static void
test_other_chip (void)
{
  Target tg;
  guint32 dpidr = 0;

  target_open (&tg, "[target]\nchip=f103\n");
  g_assert_true (bw_sim_stm32f405_swd_connect (tg.t, &dpidr));
  g_assert_cmphex (dpidr, ==, 0x1BA01477u);
  g_assert_cmphex (rd32 (&tg, 0xE0042000) & 0xFFF, ==, 0x410);
  g_assert_cmphex (rd32 (&tg, BW_SIM_CPUID), ==, 0x411FC231u);
  g_assert_cmphex (rd (&tg, 0x1FFFF7E0, 2), ==, 128);
  target_close (&tg);

  target_open (&tg, "[target]\nchip=f411\n");
  target_connect (&tg);
  g_assert_cmphex (rd32 (&tg, 0xE0042000) & 0xFFF, ==, 0x431);
  g_assert_cmphex (rd (&tg, 0x1FFF7A22, 2), ==, 512);
  g_assert_cmpuint (bw_sim_stm32f405_get_flash_size (tg.t), ==, 512 * 1024);
  target_close (&tg);
}

static void
test_bus_faults (void)
{
  Target tg;
  guint32 v = 0;

  target_open (&tg, NULL);
  target_connect (&tg);
  /* unaligned */
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x20000002, 4, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x20000001, 2, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, 0x20000003, 4, 0), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x20000000, 3, &v), ==, BW_SIM_SWD_FAULT);
  /* unmapped */
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x08100000, 4, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x20020000, 4, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x10010000, 4, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x30000000, 4, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x60000000, 4, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x1FFF8000, 4, &v), ==, BW_SIM_SWD_FAULT);
  /* ROM is not writable */
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, 0x1FFF0000, 4, 0), ==, BW_SIM_SWD_FAULT);
  /* the edges that exist */
  wr32 (&tg, 0x2001FFFC, 0x01020304);
  g_assert_cmphex (rd32 (&tg, 0x2001FFFC), ==, 0x01020304u);
  g_assert_cmphex (rd (&tg, 0x2001FFFF, 1), ==, 0x01);
  wr32 (&tg, 0x1000FFFC, 0xA1B2C3D4);
  g_assert_cmphex (rd (&tg, 0x1000FFFE, 2), ==, 0xA1B2);
  target_close (&tg);
}

static void
test_halt_and_sticky_bits (void)
{
  Target tg;
  guint32 v;

  target_open (&tg, NULL);
  load_vectors (&tg);
  bw_sim_stm32f405_system_reset (tg.t);
  target_connect (&tg);
  bw_sim_clock_advance (tg.clock, 300);
  /* the firmware runs (not emulated): retired instructions, reset seen */
  v = rd32 (&tg, BW_SIM_DHCSR);
  g_assert_cmphex (v & (BW_SIM_DHCSR_S_RESET_ST | BW_SIM_DHCSR_S_RETIRE_ST | BW_SIM_DHCSR_S_HALT), ==,
                   BW_SIM_DHCSR_S_RESET_ST | BW_SIM_DHCSR_S_RETIRE_ST);
  /* sticky bits clear on read */
  v = rd32 (&tg, BW_SIM_DHCSR);
  g_assert_cmphex (v & (BW_SIM_DHCSR_S_RESET_ST | BW_SIM_DHCSR_S_RETIRE_ST), ==, 0);
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_RETIRE_ST, !=, 0);
  /* without the key nothing happens */
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_C_DEBUGEN | BW_SIM_DHCSR_C_HALT);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & (BW_SIM_DHCSR_C_DEBUGEN | BW_SIM_DHCSR_S_HALT), ==, 0);
  /* C_HALT without C_DEBUGEN is ignored */
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_HALT);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, ==, 0);
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN | BW_SIM_DHCSR_C_HALT);
  v = rd32 (&tg, BW_SIM_DHCSR);
  g_assert_cmphex (v & 0x03FF003Fu, ==, BW_SIM_DHCSR_C_DEBUGEN | BW_SIM_DHCSR_C_HALT |
                   BW_SIM_DHCSR_S_HALT | BW_SIM_DHCSR_S_REGRDY);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DFSR) & BW_SIM_DFSR_HALTED, !=, 0);
  /* halted: time passes, nothing retires */
  bw_sim_clock_advance (tg.clock, 100);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_RETIRE_ST, ==, 0);
  /* DFSR is write-one-to-clear */
  wr32 (&tg, BW_SIM_DFSR, 0);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DFSR) & BW_SIM_DFSR_HALTED, !=, 0);
  wr32 (&tg, BW_SIM_DFSR, 0x1F);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DFSR), ==, 0);
  /* resume */
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, ==, 0);
  target_close (&tg);
}

static void
test_core_registers (void)
{
  Target tg;
  guint32 v = 0;

  target_open (&tg, NULL);
  target_connect (&tg);
  /* not halted: DCRSR transfers nothing */
  wr32 (&tg, BW_SIM_DCRDR, 0x11111111);
  wr32 (&tg, BW_SIM_DCRSR, 0x10000 | 0);
  halt_core (&tg);
  for (guint r = 0; r <= 12; r++)
    g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg.t, r, 0x1000 + r), ==, BW_SIM_SWD_OK);
  for (guint r = 0; r <= 12; r++)
    {
      g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, r, &v), ==, BW_SIM_SWD_OK);
      g_assert_cmphex (v, ==, 0x1000 + r);
    }
  g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg.t, BW_SIM_CORE_REG_MSP, 0x20001000), ==, BW_SIM_SWD_OK);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_SP, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0x20001000);
  g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg.t, BW_SIM_CORE_REG_PC, 0x20000100), ==, BW_SIM_SWD_OK);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_PC, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0x20000100);
  g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg.t, BW_SIM_CORE_REG_XPSR, 0x01000000), ==, BW_SIM_SWD_OK);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_XPSR, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v & 0xFF0001FFu, ==, 0x01000000);
  g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg.t, BW_SIM_CORE_REG_S0 + 3, 0x3F800000), ==, BW_SIM_SWD_OK);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_S0 + 3, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0x3F800000);
  g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg.t, BW_SIM_CORE_REG_SPECIAL, 0x00000001), ==, BW_SIM_SWD_OK);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_SPECIAL, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 1);
  target_close (&tg);
}

static void
test_reset_vector_catch (void)
{
  Target tg;
  guint32 v = 0;

  target_open (&tg, NULL);
  load_vectors (&tg);
  target_connect (&tg);
  halt_core (&tg);
  wr32 (&tg, BW_SIM_DEMCR, BW_SIM_DEMCR_VC_CORERESET);
  wr32 (&tg, BW_SIM_DFSR, 0x1F);
  (void) rd32 (&tg, BW_SIM_DHCSR);
  /* AIRCR without VECTKEY is ignored */
  wr32 (&tg, BW_SIM_AIRCR, BW_SIM_AIRCR_SYSRESETREQ);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_RESET_ST, ==, 0);
  /* resume, then reset: the core must stop at the reset vector */
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN);
  system_reset (&tg);
  g_assert_cmphex (rd32 (&tg, BW_SIM_AIRCR) >> 16, ==, 0xFA05);
  /* within 100 us the core is still in reset */
  bw_sim_clock_advance (tg.clock, 99);
  v = rd32 (&tg, BW_SIM_DHCSR);
  g_assert_cmphex (v & (BW_SIM_DHCSR_S_RESET_ST | BW_SIM_DHCSR_S_HALT), ==, BW_SIM_DHCSR_S_RESET_ST);
  bw_sim_clock_advance (tg.clock, 1);
  v = rd32 (&tg, BW_SIM_DHCSR);
  g_assert_cmphex (v & (BW_SIM_DHCSR_S_HALT | BW_SIM_DHCSR_S_RETIRE_ST), ==, BW_SIM_DHCSR_S_HALT);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DFSR), ==, BW_SIM_DFSR_VCATCH);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_PC, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0x08000100);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_SP, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0x20002000);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_XPSR, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0x01000000);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_LR, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0xFFFFFFFF);
  /* DEMCR survives the system reset, the flash controller does not */
  g_assert_cmphex (rd32 (&tg, BW_SIM_DEMCR), ==, BW_SIM_DEMCR_VC_CORERESET);
  g_assert_cmphex (rd32 (&tg, FLASH_CR), ==, 0x80000000u);
  target_close (&tg);
}

static void
test_wiring_faults (void)
{
  static const gchar *const cases[] = {
    "[target]\npowered=false\n",
    "[target]\nswd-swapped=true\n",
    "[target]\ngnd-missing=true\n",
    "[target]\nrdp=2\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Target tg;
      guint32 dpidr = 0, v = 0;

      target_open (&tg, cases[i]);
      g_assert_false (bw_sim_stm32f405_swd_connect (tg.t, &dpidr));
      g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0xE0042000, 4, &v), ==, BW_SIM_SWD_NO_RESPONSE);
      g_assert_cmpint (bw_sim_stm32f405_write (tg.t, 0x20000000, 4, 0), ==, BW_SIM_SWD_NO_RESPONSE);
      target_close (&tg);
    }
}

static void
test_voltages (void)
{
  Target tg;

  target_open (&tg, "[target]\nvoltage=2.5\n");
  g_assert_cmpfloat_with_epsilon (bw_sim_stm32f405_get_sense_voltage (tg.t), 2.5, 1e-9);
  target_close (&tg);
  target_open (&tg, "[target]\npowered=false\n");
  g_assert_cmpfloat_with_epsilon (bw_sim_stm32f405_get_sense_voltage (tg.t), 0.0, 1e-9);
  target_close (&tg);
  target_open (&tg, "[probe]\nsense-wired=false\nsense-unwired-voltage=0.4\n");
  g_assert_cmpfloat_with_epsilon (bw_sim_stm32f405_get_sense_voltage (tg.t), 0.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (bw_sim_stm32f405_get_supply_voltage (tg.t), 3.3, 1e-9);
  target_close (&tg);
}

static void
test_swd_disabled_by_firmware (void)
{
  Target tg;
  guint32 dpidr = 0, v = 0;

  target_open (&tg, "[target]\nswd-disabled-by-firmware=true\n");
  load_vectors (&tg);
  bw_sim_stm32f405_system_reset (tg.t);
  bw_sim_clock_advance (tg.clock, 1000);
  /* the firmware has taken PA13/PA14 */
  g_assert_false (bw_sim_stm32f405_swd_connect (tg.t, &dpidr));
  /* connect under reset */
  bw_sim_stm32f405_set_nrst (tg.t, TRUE);
  g_assert_true (bw_sim_stm32f405_get_nrst (tg.t));
  g_assert_true (bw_sim_stm32f405_swd_connect (tg.t, &dpidr));
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN | BW_SIM_DHCSR_C_HALT);
  bw_sim_clock_advance (tg.clock, 1000);
  /* held in reset: not halted yet */
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, ==, 0);
  bw_sim_stm32f405_set_nrst (tg.t, FALSE);
  bw_sim_clock_advance (tg.clock, 100);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, !=, 0);
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg.t, BW_SIM_CORE_REG_PC, &v), ==, BW_SIM_SWD_OK);
  g_assert_cmphex (v, ==, 0x08000100);
  /* halted before the firmware ran: SWD stays usable */
  bw_sim_clock_advance (tg.clock, 10000);
  g_assert_true (bw_sim_stm32f405_swd_connected (tg.t));
  /* let it run: the link is lost */
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN);
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0xE0042000, 4, &v), ==, BW_SIM_SWD_NO_RESPONSE);
  target_close (&tg);
}

static void
test_nrst_not_wired (void)
{
  Target tg;
  guint32 dpidr = 0;

  target_open (&tg, "[target]\nnrst-wired=false\nswd-disabled-by-firmware=true\n");
  g_assert_false (bw_sim_stm32f405_nrst_wired (tg.t));
  load_vectors (&tg);
  bw_sim_stm32f405_system_reset (tg.t);
  bw_sim_clock_advance (tg.clock, 1000);
  bw_sim_stm32f405_set_nrst (tg.t, TRUE);
  g_assert_false (bw_sim_stm32f405_get_nrst (tg.t));
  g_assert_false (bw_sim_stm32f405_swd_connect (tg.t, &dpidr));
  target_close (&tg);
}

static void
test_blank_chip_locks_up (void)
{
  Target tg;

  /* erased vector table: PC = 0xFFFFFFFE cannot execute */
  target_open (&tg, NULL);
  target_connect (&tg);
  bw_sim_clock_advance (tg.clock, 200);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_LOCKUP, !=, 0);
  halt_core (&tg);
  target_close (&tg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/core/identity", test_identity);
  g_test_add_func ("/sim/core/other-chip", test_other_chip);
  g_test_add_func ("/sim/core/bus-faults", test_bus_faults);
  g_test_add_func ("/sim/core/halt-sticky", test_halt_and_sticky_bits);
  g_test_add_func ("/sim/core/registers", test_core_registers);
  g_test_add_func ("/sim/core/reset-vector-catch", test_reset_vector_catch);
  g_test_add_func ("/sim/core/wiring-faults", test_wiring_faults);
  g_test_add_func ("/sim/core/voltages", test_voltages);
  g_test_add_func ("/sim/core/swd-disabled", test_swd_disabled_by_firmware);
  g_test_add_func ("/sim/core/nrst-not-wired", test_nrst_not_wired);
  g_test_add_func ("/sim/core/blank-lockup", test_blank_chip_locks_up);
  return g_test_run ();
}

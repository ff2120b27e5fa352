/* test-sim-cpu.c: code running on the simulated core (Unicorn)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programs are our own, assembled by hand (or with llvm-mc) into bytes.
 */
#include "config.h"

#include <string.h>

#include "test-sim-target-util.h"

#define SRAM 0x20000000u

/* ldr r1,=0x20001000; r2 = 0; 10 x { str r2,[r1],#4; r2 += 3 };
 * ldr r4,[r1,#-4]; bl func; bkpt #5; func: add r4,#1; bx lr */
static const guint8 prog_basic[] = {
  0x07, 0x49, 0x00, 0x22, 0x0a, 0x23, 0x41, 0xf8, 0x04, 0x2b, 0x03, 0x32, 0x01, 0x3b, 0xfa, 0xd1,
  0x51, 0xf8, 0x04, 0x4c, 0x00, 0xf0, 0x01, 0xf8, 0x05, 0xbe, 0x04, 0xf1, 0x01, 0x04, 0x70, 0x47,
  0x00, 0x10, 0x00, 0x20,
};

/* loop: adds r0,#1; b loop */
static const guint8 prog_count[] = { 0x01, 0x30, 0xfd, 0xe7 };

/* The stlink-style F4 loader layout (spec §6.6), our encoding:
 * r0 = src, r1 = dst, r2 = bytes; word copy, waits on SR+2 bit 0, BKPT at +36. */
static const guint8 prog_loader[] = {
  0xdf, 0xf8, 0x24, 0xc0, 0xdf, 0xf8, 0x24, 0xa0, 0xe2, 0x44, 0x04, 0x68, 0x0c, 0x60, 0x00, 0xf1,
  0x04, 0x00, 0x01, 0xf1, 0x04, 0x01, 0xba, 0xf8, 0x00, 0x40, 0x14, 0xf0, 0x01, 0x0f, 0xfa, 0xd1,
  0x04, 0x3a, 0xf2, 0xdc, 0x00, 0xbe, 0x00, 0xbf, 0x00, 0x3c, 0x02, 0x40, 0x0e, 0x00, 0x00, 0x00,
};

/* FIFO writer in the manner of OpenOCD's (spec §7.4): r0 = fifo start
 * (wp at +0, rp at +4, data from +8), r1 = fifo end, r2 = flash address,
 * r3 = halfwords, r4 = FLASH base; CR = PG|x16 per halfword; exits with
 * BKPT, r0 = SR on error. */
static const guint8 prog_fifo[] = {
  0x06, 0x68, 0x00, 0x2e, 0x19, 0xd0, 0x45, 0x68, 0xb5, 0x42, 0xf9, 0xd0, 0x40, 0xf2, 0x01, 0x16,
  0x26, 0x61, 0x35, 0xf8, 0x02, 0x6b, 0x22, 0xf8, 0x02, 0x6b, 0xbf, 0xf3, 0x4f, 0x8f, 0xe6, 0x68,
  0x16, 0xf4, 0x80, 0x3f, 0xfb, 0xd1, 0x16, 0xf0, 0xf0, 0x0f, 0x07, 0xd1, 0x8d, 0x42, 0x01, 0xd3,
  0x00, 0xf1, 0x08, 0x05, 0x45, 0x60, 0x01, 0x3b, 0xe2, 0xd1, 0x00, 0xbe, 0x00, 0x21, 0x41, 0x60,
  0x30, 0x46, 0x00, 0xbe,
};

/* CRC-32/MPEG-2 (poly 0x04C11DB7, init ~0, MSB first, no final xor):
 * r0 = address, r1 = length; result in r0; BKPT at +36. */
static const guint8 prog_crc[] = {
  0x02, 0x46, 0x4f, 0xf0, 0xff, 0x30, 0x08, 0x4e, 0x11, 0x44, 0x8a, 0x42, 0x0a, 0xd2, 0x12, 0xf8,
  0x01, 0x3b, 0x80, 0xea, 0x03, 0x60, 0x08, 0x24, 0x40, 0x00, 0x28, 0xbf, 0x70, 0x40, 0x01, 0x3c,
  0xfa, 0xd1, 0xf2, 0xe7, 0x00, 0xbe, 0x00, 0xbf, 0xb7, 0x1d, 0xc1, 0x04,
};

static void
write_block (Target *tg, guint32 addr, const guint8 *data, gsize len)
{
  for (gsize i = 0; i < len; i += 4)
    {
      guint32 v = 0;
      for (gsize k = 0; k < 4 && i + k < len; k++)
        v |= (guint32) data[i + k] << (8 * k);
      wr32 (tg, addr + (guint32) i, v);
    }
}

static guint32
reg (Target *tg, guint n)
{
  guint32 v = 0;
  g_assert_cmpint (bw_sim_stm32f405_read_core_reg (tg->t, n, &v), ==, BW_SIM_SWD_OK);
  return v;
}

static void
set_reg (Target *tg, guint n, guint32 v)
{
  g_assert_cmpint (bw_sim_stm32f405_write_core_reg (tg->t, n, v), ==, BW_SIM_SWD_OK);
}

static void
run (Target *tg, guint32 extra_bits)
{
  wr32 (tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN | extra_bits);
}

/* Advances the clock in steps until the core halts; returns the time used in us. */
static guint64
wait_halt (Target *tg, guint64 step_us, guint64 max_us)
{
  guint64 t0 = bw_sim_clock_now_us (tg->clock);
  while (!(rd32 (tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT))
    {
      g_assert_cmpuint (bw_sim_clock_now_us (tg->clock) - t0, <, max_us);
      bw_sim_clock_advance (tg->clock, step_us);
    }
  return bw_sim_clock_now_us (tg->clock) - t0;
}

static void
start_at (Target *tg, guint32 pc)
{
  set_reg (tg, BW_SIM_CORE_REG_PC, pc);
  set_reg (tg, BW_SIM_CORE_REG_XPSR, 0x01000000);
  set_reg (tg, BW_SIM_CORE_REG_SP, SRAM + 0x8000);
}

static void
test_basic_program (void)
{
  Target tg;
  guint64 n0;

  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  write_block (&tg, SRAM, prog_basic, sizeof prog_basic);
  start_at (&tg, SRAM);
  wr32 (&tg, BW_SIM_DFSR, 0x1F);
  n0 = bw_sim_stm32f405_get_insn_count (tg.t);
  run (&tg, 0);
  g_assert_false (bw_sim_stm32f405_is_halted (tg.t));
  /* 48 instructions take 3 us; give it 10 */
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & (BW_SIM_DHCSR_S_HALT | BW_SIM_DHCSR_S_RETIRE_ST),
                   ==, BW_SIM_DHCSR_S_HALT | BW_SIM_DHCSR_S_RETIRE_ST);
  g_assert_cmpuint (bw_sim_stm32f405_get_insn_count (tg.t) - n0, ==, 48);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DFSR), ==, BW_SIM_DFSR_BKPT);
  g_assert_cmphex (reg (&tg, BW_SIM_CORE_REG_PC), ==, SRAM + 0x18);
  g_assert_cmphex (reg (&tg, 4), ==, 28);
  g_assert_cmphex (reg (&tg, 1), ==, 0x20001028);
  g_assert_cmphex (reg (&tg, 3), ==, 0);
  g_assert_cmphex (reg (&tg, BW_SIM_CORE_REG_LR), ==, SRAM + 0x19);
  for (guint i = 0; i < 10; i++)
    g_assert_cmphex (rd32 (&tg, 0x20001000 + 4 * i), ==, 3 * i);
  target_close (&tg);
}

static void
test_time_slices (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  write_block (&tg, SRAM, prog_count, sizeof prog_count);
  start_at (&tg, SRAM);
  set_reg (&tg, 0, 0);
  run (&tg, 0);
  /* 1 ms at 16 MHz = 16000 instructions = 8000 loop iterations, in many slices */
  for (guint i = 0; i < 100; i++)
    {
      bw_sim_clock_advance (tg.clock, 10);
      bw_sim_stm32f405_sync (tg.t);
    }
  halt_core (&tg);
  /* the halt takes effect at the DHCSR write, before halt_core advances */
  g_assert_cmphex (reg (&tg, 0), ==, 8000);
  target_close (&tg);
}

static void
test_single_step (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  write_block (&tg, SRAM, prog_count, sizeof prog_count);
  start_at (&tg, SRAM);
  set_reg (&tg, 0, 41);
  wr32 (&tg, BW_SIM_DFSR, 0x1F);
  run (&tg, BW_SIM_DHCSR_C_STEP | BW_SIM_DHCSR_C_MASKINTS);
  g_assert_true (bw_sim_stm32f405_is_halted (tg.t));
  g_assert_cmphex (reg (&tg, 0), ==, 42);
  g_assert_cmphex (reg (&tg, BW_SIM_CORE_REG_PC), ==, SRAM + 2);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DFSR), ==, BW_SIM_DFSR_HALTED);
  target_close (&tg);
}

static void
erase_sector (Target *tg, guint sector)
{
  wr32 (tg, FLASH_CR, BW_SIM_FLASH_CR_SER | (sector << 3) | (2u << 8) | BW_SIM_FLASH_CR_STRT);
  flash_wait (tg);
  g_assert_cmphex (rd32 (tg, FLASH_SR), ==, 0);
}

static void
test_stlink_style_loader (void)
{
  Target tg;
  guint8 data[2048];
  gsize size = 0;
  const guint8 *flash;
  guint64 used;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + 3);
  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  flash_unlock (&tg);
  erase_sector (&tg, 1);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_SER | (1u << 3) | BW_SIM_FLASH_CR_PG | (2u << 8));
  write_block (&tg, SRAM, prog_loader, sizeof prog_loader);
  write_block (&tg, SRAM + 0x30, data, sizeof data);
  set_reg (&tg, 0, SRAM + 0x30);
  set_reg (&tg, 1, 0x08004000);
  set_reg (&tg, 2, sizeof data);
  set_reg (&tg, 3, 0);
  set_reg (&tg, BW_SIM_CORE_REG_PC, SRAM);
  wr32 (&tg, BW_SIM_DFSR, 0x1F);
  wr32 (&tg, BW_SIM_DHCSR, 0xA05F0009);
  used = wait_halt (&tg, 100, 100000);
  /* 512 words of 16 us each */
  g_assert_cmpuint (used, >=, 512 * 16);
  g_assert_cmpuint (used, <=, 512 * 18); /* plus a few instructions per word */
  g_assert_cmphex (reg (&tg, BW_SIM_CORE_REG_PC), ==, SRAM + 0x24);
  g_assert_cmpint ((gint32) reg (&tg, 2), ==, 0);
  g_assert_cmphex (reg (&tg, 0), ==, SRAM + 0x30 + sizeof data);
  g_assert_cmphex (reg (&tg, 1), ==, 0x08004000 + sizeof data);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DFSR), ==, BW_SIM_DFSR_BKPT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  flash = bw_sim_stm32f405_peek_flash (tg.t, &size);
  g_assert_cmpmem (flash + 0x4000, sizeof data, data, sizeof data);
  g_assert_cmpuint (flash[0x4000 + sizeof data], ==, 0xFF);
  target_close (&tg);
}

static void
test_fifo_writer_concurrent (void)
{
  Target tg;
  const guint32 fifo = SRAM + 0x100, fifo_end = fifo + 8 + 256;
  guint8 data[4096];
  gsize sent = 0;
  guint32 wp = fifo + 8;
  const guint8 *flash;
  guint loops = 0;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i ^ (i >> 8) ^ 0x5C);
  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  flash_unlock (&tg);
  erase_sector (&tg, 2);
  write_block (&tg, SRAM, prog_fifo, sizeof prog_fifo);
  wr32 (&tg, fifo, fifo + 8);
  wr32 (&tg, fifo + 4, fifo + 8);
  set_reg (&tg, 0, fifo);
  set_reg (&tg, 1, fifo_end);
  set_reg (&tg, 2, 0x08008000);
  set_reg (&tg, 3, sizeof data / 2);
  set_reg (&tg, 4, BW_SIM_FLASH_REGS_BASE);
  start_at (&tg, SRAM);
  run (&tg, 0);
  /* The host fills the ring while the core drains it, as OpenOCD does. */
  while (sent < sizeof data)
    {
      guint32 rp = rd32 (&tg, fifo + 4);
      g_assert_cmphex (rp, !=, 0);
      while (sent < sizeof data)
        {
          guint32 next = wp + 2 >= fifo_end ? fifo + 8 : wp + 2;
          if (next == rp)
            break;
          wr (&tg, wp, 2, (guint32) data[sent] | (guint32) data[sent + 1] << 8);
          sent += 2;
          wp = next;
        }
      wr32 (&tg, fifo, wp);
      bw_sim_clock_advance (tg.clock, 250);
      g_assert_cmpuint (++loops, <, 10000);
    }
  wait_halt (&tg, 100, 1000000);
  g_assert_cmphex (reg (&tg, 3), ==, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  flash = bw_sim_stm32f405_peek_flash (tg.t, NULL);
  g_assert_cmpmem (flash + 0x8000, sizeof data, data, sizeof data);
  target_close (&tg);
}

static guint32
host_crc (const guint8 *p, gsize n)
{
  guint32 crc = 0xFFFFFFFFu;
  for (gsize i = 0; i < n; i++)
    {
      crc ^= (guint32) p[i] << 24;
      for (guint b = 0; b < 8; b++)
        crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
  return crc;
}

static void
test_crc_over_flash (void)
{
  Target tg;
  guint8 data[3000];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) g_random_int ();
  target_open (&tg, "[faults]\nbit-flip-address=0x08000010\n");
  g_assert_true (bw_sim_stm32f405_load_flash (tg.t, 0x08000000, data, sizeof data, NULL));
  target_connect (&tg);
  halt_core (&tg);
  write_block (&tg, SRAM, prog_crc, sizeof prog_crc);
  set_reg (&tg, 0, 0x08000000);
  set_reg (&tg, 1, 16);
  start_at (&tg, SRAM);
  run (&tg, 0);
  wait_halt (&tg, 1000, 1000000);
  g_assert_cmphex (reg (&tg, BW_SIM_CORE_REG_PC), ==, SRAM + 36);
  g_assert_cmphex (reg (&tg, 0), ==, host_crc (data, 16));
  /* over the flipped byte the core sees what the debugger sees */
  set_reg (&tg, 0, 0x08000000);
  set_reg (&tg, 1, sizeof data);
  start_at (&tg, SRAM);
  run (&tg, 0);
  wait_halt (&tg, 1000, 1000000);
  data[0x10] ^= 0x01;
  g_assert_cmphex (reg (&tg, 0), ==, host_crc (data, sizeof data));
  target_close (&tg);
}

/* str r1,[r0]; ldr r2,[r0]; bkpt */
static const guint8 prog_store_load[] = { 0x01, 0x60, 0x02, 0x68, 0x00, 0xbe };

static void
test_core_stalls_on_busy_flash (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | (2u << 8));
  write_block (&tg, SRAM, prog_store_load, sizeof prog_store_load);
  set_reg (&tg, 0, 0x08000400);
  set_reg (&tg, 1, 0x13572468);
  set_reg (&tg, 2, 0);
  start_at (&tg, SRAM);
  run (&tg, 0);
  bw_sim_clock_advance (tg.clock, 10);
  /* the load waits for the program operation: not halted yet */
  g_assert_false (bw_sim_stm32f405_is_halted (tg.t));
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, !=, 0);
  g_assert_cmphex (reg (&tg, 2), ==, 0x13572468);
  target_close (&tg);
}

/* adds r0,#1; wfi; adds r0,#1; bkpt */
static const guint8 prog_wfi[] = { 0x01, 0x30, 0x30, 0xbf, 0x01, 0x30, 0x00, 0xbe };

static void
test_wfi_sleeps (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  write_block (&tg, SRAM, prog_wfi, sizeof prog_wfi);
  start_at (&tg, SRAM);
  set_reg (&tg, 0, 0);
  run (&tg, 0);
  bw_sim_clock_advance (tg.clock, 100);
  (void) rd32 (&tg, BW_SIM_DHCSR);
  bw_sim_clock_advance (tg.clock, 100);
  /* asleep: nothing retires, S_SLEEP */
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & (BW_SIM_DHCSR_S_SLEEP | BW_SIM_DHCSR_S_RETIRE_ST | BW_SIM_DHCSR_S_HALT),
                   ==, BW_SIM_DHCSR_S_SLEEP);
  /* a debug halt wakes it; resuming continues after the WFI */
  halt_core (&tg);
  g_assert_cmphex (reg (&tg, BW_SIM_CORE_REG_PC), ==, SRAM + 4);
  g_assert_cmphex (reg (&tg, 0), ==, 1);
  run (&tg, 0);
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, !=, 0);
  g_assert_cmphex (reg (&tg, 0), ==, 2);
  g_assert_cmphex (reg (&tg, BW_SIM_CORE_REG_PC), ==, SRAM + 6);
  target_close (&tg);
}

/* ldr r0,=0x60000000; ldr r1,[r0]; bkpt */
static const guint8 prog_fault[] = { 0x01, 0x48, 0x01, 0x68, 0x00, 0xbe, 0x00, 0xbf, 0x00, 0x00, 0x00, 0x60 };

static void
test_fault_locks_up (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  halt_core (&tg);
  write_block (&tg, SRAM, prog_fault, sizeof prog_fault);
  start_at (&tg, SRAM);
  run (&tg, 0);
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & (BW_SIM_DHCSR_S_LOCKUP | BW_SIM_DHCSR_S_HALT), ==,
                   BW_SIM_DHCSR_S_LOCKUP);
  /* a precise bus fault escalated to HardFault */
  g_assert_cmphex (rd32 (&tg, BW_SIM_CFSR), ==, (1u << 9) | (1u << 15));
  g_assert_cmphex (rd32 (&tg, 0xE000ED38), ==, 0x60000000u);
  g_assert_cmphex (rd32 (&tg, BW_SIM_HFSR), ==, 1u << 30);
  wr32 (&tg, BW_SIM_CFSR, 0xFFFFFFFFu);
  wr32 (&tg, BW_SIM_HFSR, 0xFFFFFFFFu);
  g_assert_cmphex (rd32 (&tg, BW_SIM_CFSR), ==, 0);
  g_assert_cmphex (rd32 (&tg, BW_SIM_HFSR), ==, 0);
  /* a halt request still works and leaves lockup */
  halt_core (&tg);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_LOCKUP, ==, 0);
  /* xPSR.T = 0 faults at once */
  start_at (&tg, SRAM + 4);
  set_reg (&tg, BW_SIM_CORE_REG_XPSR, 0);
  run (&tg, 0);
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_LOCKUP, !=, 0);
  g_assert_cmphex (rd32 (&tg, BW_SIM_CFSR), ==, 1u << 17);
  /* an undefined instruction (UDF #0) */
  halt_core (&tg);
  wr32 (&tg, BW_SIM_CFSR, 0xFFFFFFFFu);
  wr32 (&tg, SRAM + 0x40, 0xBF00DE00u);
  start_at (&tg, SRAM + 0x40);
  run (&tg, 0);
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_LOCKUP, !=, 0);
  g_assert_cmphex (rd32 (&tg, BW_SIM_CFSR), ==, 1u << 16);
  /* BKPT with debug disabled is a HardFault (DEBUGEVT), not a halt */
  halt_core (&tg);
  wr32 (&tg, BW_SIM_HFSR, 0xFFFFFFFFu);
  wr32 (&tg, SRAM + 0x40, 0xBF00BE00u);
  start_at (&tg, SRAM + 0x40);
  wr32 (&tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY);
  bw_sim_clock_advance (tg.clock, 10);
  g_assert_cmphex (rd32 (&tg, BW_SIM_DHCSR) & (BW_SIM_DHCSR_S_LOCKUP | BW_SIM_DHCSR_S_HALT), ==,
                   BW_SIM_DHCSR_S_LOCKUP);
  g_assert_cmphex (rd32 (&tg, BW_SIM_HFSR) >> 31, ==, 1);
  target_close (&tg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/cpu/basic", test_basic_program);
  g_test_add_func ("/sim/cpu/time-slices", test_time_slices);
  g_test_add_func ("/sim/cpu/single-step", test_single_step);
  g_test_add_func ("/sim/cpu/stlink-style-loader", test_stlink_style_loader);
  g_test_add_func ("/sim/cpu/fifo-writer", test_fifo_writer_concurrent);
  g_test_add_func ("/sim/cpu/crc", test_crc_over_flash);
  g_test_add_func ("/sim/cpu/flash-stall", test_core_stalls_on_busy_flash);
  g_test_add_func ("/sim/cpu/fault", test_fault_locks_up);
  g_test_add_func ("/sim/cpu/wfi", test_wfi_sleeps);
  return g_test_run ();
}

/* test-sim-flash.c: strictness of the simulated STM32F4 flash controller
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-sim-target-util.h"

#define CR_PSIZE(x) ((guint32) (x) << BW_SIM_FLASH_CR_PSIZE_SHIFT)
#define CR_SNB(n)   ((guint32) (n) << BW_SIM_FLASH_CR_SNB_SHIFT)

static void
test_reset_state (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  g_assert_cmphex (rd32 (&tg, FLASH_CR), ==, 0x80000000u);
  g_assert_cmphex (rd32 (&tg, FLASH_OPTCR), ==, 0x0FFFAAEDu);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmphex (rd32 (&tg, BW_SIM_STM32_FLASH_BASE), ==, 0xFFFFFFFFu);
  g_assert_cmphex (rd32 (&tg, 0x08000000u + 1024 * 1024 - 4), ==, 0xFFFFFFFFu);
  target_close (&tg);
}

static void
test_wrong_key_locks_until_reset (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_KEYR, 4, 0x12345678), ==, BW_SIM_SWD_FAULT);
  /* now even the right sequence fails */
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_KEYR, 4, BW_SIM_FLASH_KEY1), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_KEYR, 4, BW_SIM_FLASH_KEY2), ==, BW_SIM_SWD_FAULT);
  g_assert_cmphex (rd32 (&tg, FLASH_CR), ==, 0x80000000u);
  /* second key first is wrong as well, checked after a reset */
  system_reset (&tg);
  bw_sim_clock_advance (tg.clock, 200);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_KEYR, 4, BW_SIM_FLASH_KEY2), ==, BW_SIM_SWD_FAULT);
  system_reset (&tg);
  bw_sim_clock_advance (tg.clock, 200);
  flash_unlock (&tg);
  target_close (&tg);
}

static void
test_keyr_while_unlocked (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_KEYR, 4, BW_SIM_FLASH_KEY1), ==, BW_SIM_SWD_FAULT);
  g_assert_cmphex (rd32 (&tg, FLASH_CR) & BW_SIM_FLASH_CR_LOCK, !=, 0);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_KEYR, 4, BW_SIM_FLASH_KEY1), ==, BW_SIM_SWD_FAULT);
  target_close (&tg);
}

static void
test_cr_ignored_while_locked (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  g_assert_cmphex (rd32 (&tg, FLASH_CR), ==, 0x80000000u);
  /* an erase requested while locked does nothing */
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_SER | BW_SIM_FLASH_CR_STRT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t), ==, 0);
  /* a flash write without PG is a sequence error */
  wr32 (&tg, 0x08000000, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGSERR);
  g_assert_cmphex (rd32 (&tg, 0x08000000), ==, 0xFFFFFFFFu);
  target_close (&tg);
}

static void
test_pgserr_and_w1c (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, CR_PSIZE (2));
  wr32 (&tg, 0x08000010, 0x11223344);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGSERR);
  g_assert_cmphex (rd32 (&tg, 0x08000010), ==, 0xFFFFFFFFu);
  /* writing 0 clears nothing; writing 1 clears */
  wr32 (&tg, FLASH_SR, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGSERR);
  wr32 (&tg, FLASH_SR, BW_SIM_FLASH_SR_PGSERR);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  /* with ERRIE, OPERR comes along */
  wr32 (&tg, FLASH_CR, CR_PSIZE (2) | BW_SIM_FLASH_CR_ERRIE);
  wr32 (&tg, 0x08000010, 0x11223344);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGSERR | BW_SIM_FLASH_SR_OPERR);
  wr32 (&tg, FLASH_SR, BW_SIM_FLASH_SR_PGSERR | BW_SIM_FLASH_SR_OPERR);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  /* PG together with MER is a sequence error too */
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | BW_SIM_FLASH_CR_MER | CR_PSIZE (2));
  wr32 (&tg, 0x08000010, 0x11223344);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGSERR);
  target_close (&tg);
}

static void
test_pgperr (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  wr (&tg, 0x08000000, 2, 0x1234);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGPERR);
  wr32 (&tg, FLASH_SR, 0xF3);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (1));
  wr32 (&tg, 0x08000000, 0x12345678);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGPERR);
  wr32 (&tg, FLASH_SR, 0xF3);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (0));
  wr (&tg, 0x08000000, 2, 0x1234);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGPERR);
  /* x64 needs VPP: every bus write fails */
  wr32 (&tg, FLASH_SR, 0xF3);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (3));
  wr32 (&tg, 0x08000000, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGPERR);
  g_assert_cmphex (rd32 (&tg, 0x08000000), ==, 0xFFFFFFFFu);
  /* the matching width programs */
  wr32 (&tg, FLASH_SR, 0xF3);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (1));
  wr (&tg, 0x08000002, 2, 0xA55A);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmphex (rd32 (&tg, 0x08000000), ==, 0xA55AFFFFu);
  target_close (&tg);
}

static void
test_programming_ands_bits (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  wr32 (&tg, 0x08000100, 0x12345678);
  flash_wait (&tg);
  wr32 (&tg, 0x08000100, 0xFFFF00FF);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, 0x08000100), ==, 0x12340078u);
  /* 1 bits cannot come back without an erase */
  wr32 (&tg, 0x08000100, 0xFFFFFFFF);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, 0x08000100), ==, 0x12340078u);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  target_close (&tg);
}

static void
test_bsy_stall (void)
{
  Target tg;
  guint64 t0;
  guint32 v = 0;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  t0 = bw_sim_clock_now_us (tg.clock);
  wr32 (&tg, 0x08000200, 0x0);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t), ==, t0 + 16);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_BSY);
  /* BSY as a halfword at SR + 2, as stlink's loader reads it */
  g_assert_cmphex (rd (&tg, FLASH_SR + 2, 2), ==, 1);
  /* the bus stalls on flash reads and CR writes while busy */
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x08000000, 4, &v), ==, BW_SIM_SWD_WAIT);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_CR, 4, 0), ==, BW_SIM_SWD_WAIT);
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, 0x08000204, 4, 0), ==, BW_SIM_SWD_WAIT);
  bw_sim_clock_advance (tg.clock, 15);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_BSY);
  bw_sim_clock_advance (tg.clock, 1);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmphex (rd (&tg, FLASH_SR + 2, 2), ==, 0);
  g_assert_cmphex (rd32 (&tg, 0x08000200), ==, 0);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t), ==, 0);
  target_close (&tg);
}

static void
test_eop_needs_eopie (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  wr32 (&tg, 0x08000000, 0);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2) | BW_SIM_FLASH_CR_EOPIE);
  wr32 (&tg, 0x08000004, 0);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_EOP);
  wr32 (&tg, FLASH_SR, BW_SIM_FLASH_SR_EOP);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  target_close (&tg);
}

static void
check_erase_time (guint sector, guint psize, guint64 expect_us)
{
  Target tg;
  guint64 t0;
  gsize size = 0;
  const guint8 *flash;
  guint32 off = 0, len = 0;
  g_autofree guint8 *zeros = NULL;

  target_open (&tg, NULL);
  flash = bw_sim_stm32f405_peek_flash (tg.t, &size);
  zeros = g_malloc0 (size);
  g_assert_true (bw_sim_stm32f405_load_flash (tg.t, 0x08000000, zeros, size, NULL));
  target_connect (&tg);
  flash_unlock (&tg);
  t0 = bw_sim_clock_now_us (tg.clock);
  /* OpenOCD's single write: SER | SNB | STRT with the chosen PSIZE */
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_SER | CR_SNB (sector) | CR_PSIZE (psize) | BW_SIM_FLASH_CR_STRT);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t) - t0, ==, expect_us);
  g_assert_cmphex (rd32 (&tg, FLASH_CR) & BW_SIM_FLASH_CR_STRT, !=, 0);
  bw_sim_clock_advance (tg.clock, expect_us - 1);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_BSY);
  bw_sim_clock_advance (tg.clock, 1);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_CR) & BW_SIM_FLASH_CR_STRT, ==, 0);
  /* exactly that sector is blank */
  g_assert_true (sector < 12);
  off = sector < 4 ? sector * 16384u : (sector == 4 ? 65536u : 131072u * (sector - 4));
  len = sector < 4 ? 16384u : (sector == 4 ? 65536u : 131072u);
  for (gsize i = 0; i < size; i++)
    g_assert_cmpuint (flash[i], ==, (i >= off && i < off + len) ? 0xFF : 0x00);
  target_close (&tg);
}

static void
test_erase_times (void)
{
  check_erase_time (0, 0, 400000);
  check_erase_time (3, 1, 300000);
  check_erase_time (2, 2, 250000);
  check_erase_time (4, 0, 1200000);
  check_erase_time (4, 2, 550000);
  check_erase_time (5, 0, 2000000);
  check_erase_time (11, 1, 1300000);
  check_erase_time (7, 2, 1000000);
}

static void
test_invalid_sector (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_SER | CR_SNB (12) | BW_SIM_FLASH_CR_STRT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGSERR);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t), ==, 0);
  target_close (&tg);
}

static void
test_mass_erase_and_stlink_mer (void)
{
  Target tg;
  guint64 t0;
  gsize size = 0;
  const guint8 *flash;
  guint8 data[64];

  target_open (&tg, NULL);
  memset (data, 0x5A, sizeof data);
  g_assert_true (bw_sim_stm32f405_load_flash (tg.t, 0x080FFFC0, data, sizeof data, NULL));
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_MER);
  t0 = bw_sim_clock_now_us (tg.clock);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_MER | BW_SIM_FLASH_CR_STRT);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t) - t0, ==, 16000000);
  flash_wait (&tg);
  flash = bw_sim_stm32f405_peek_flash (tg.t, &size);
  for (gsize i = 0; i < size; i++)
    g_assert_cmpuint (flash[i], ==, 0xFF);
  /* st-flash sets LOCK, then clears MER: the second write is ignored */
  wr32 (&tg, FLASH_CR, rd32 (&tg, FLASH_CR) | BW_SIM_FLASH_CR_LOCK);
  wr32 (&tg, FLASH_CR, rd32 (&tg, FLASH_CR) & ~BW_SIM_FLASH_CR_MER);
  g_assert_cmphex (rd32 (&tg, FLASH_CR), ==, BW_SIM_FLASH_CR_LOCK | BW_SIM_FLASH_CR_MER);
  /* mixing MER and SER is a sequence error */
  system_reset (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_MER | BW_SIM_FLASH_CR_SER | BW_SIM_FLASH_CR_STRT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGSERR);
  target_close (&tg);
}

static void
test_stale_ser_with_pg (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_SER | CR_SNB (1) | CR_PSIZE (2));
  wr32 (&tg, FLASH_CR, rd32 (&tg, FLASH_CR) | BW_SIM_FLASH_CR_STRT);
  flash_wait (&tg);
  /* stlink sets PG on top of the stale SER/SNB and programs */
  wr32 (&tg, FLASH_CR, rd32 (&tg, FLASH_CR) | BW_SIM_FLASH_CR_PG);
  wr32 (&tg, 0x08004000, 0xCAFEF00D);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmphex (rd32 (&tg, 0x08004000), ==, 0xCAFEF00Du);
  target_close (&tg);
}

static void
test_wrp (void)
{
  Target tg;
  guint8 data[4] = { 1, 2, 3, 4 };

  target_open (&tg, "[target]\nwrp-sectors=2;5\n");
  g_assert_cmphex (bw_sim_stm32f405_get_nwrp (tg.t), ==, 0xFDB);
  g_assert_true (bw_sim_stm32f405_load_flash (tg.t, 0x08008000, data, 4, NULL));
  target_connect (&tg);
  g_assert_cmphex (rd32 (&tg, FLASH_OPTCR), ==, 0x0FDBAAEDu);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_SER | CR_SNB (2) | CR_PSIZE (2) | BW_SIM_FLASH_CR_STRT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_WRPERR);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t), ==, 0);
  g_assert_cmphex (rd32 (&tg, 0x08008000), ==, 0x04030201u);
  wr32 (&tg, FLASH_SR, BW_SIM_FLASH_SR_WRPERR);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  wr32 (&tg, 0x08008004, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_WRPERR);
  g_assert_cmphex (rd32 (&tg, 0x08008004), ==, 0xFFFFFFFFu);
  /* the unprotected neighbour programs */
  wr32 (&tg, FLASH_SR, BW_SIM_FLASH_SR_WRPERR);
  wr32 (&tg, 0x0800C000, 0);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, 0x0800C000), ==, 0);
  /* mass erase refuses while any sector is protected */
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_MER | BW_SIM_FLASH_CR_STRT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_WRPERR);
  g_assert_cmphex (rd32 (&tg, 0x0800C000), ==, 0);
  target_close (&tg);
}

static void
test_rdp1_and_regression (void)
{
  Target tg;
  guint32 v = 0;
  guint8 data[4] = { 0x11, 0x22, 0x33, 0x44 };
  guint64 t0;
  gsize size = 0;
  const guint8 *flash;

  target_open (&tg, "[target]\nrdp=1\n");
  g_assert_true (bw_sim_stm32f405_load_flash (tg.t, 0x08000000, data, 4, NULL));
  target_connect (&tg);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x08000000, 4, &v), ==, BW_SIM_SWD_FAULT);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x00000000, 4, &v), ==, BW_SIM_SWD_FAULT);
  /* SRAM, registers and the option bytes stay readable */
  wr32 (&tg, 0x20000000, 0xABCD1234);
  g_assert_cmphex (rd32 (&tg, 0x20000000), ==, 0xABCD1234u);
  g_assert_cmphex (rd32 (&tg, FLASH_OPTCR), ==, 0x0FFF55EDu);
  g_assert_cmphex (rd (&tg, 0x1FFFC000, 2), ==, 0x55ECu);
  /* programming is refused while a debugger is attached */
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  wr32 (&tg, 0x08000100, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_WRPERR);
  /* OPTCR writes are ignored until OPTKEYR unlocks it */
  wr32 (&tg, FLASH_OPTCR, 0x0FFFAAEC);
  g_assert_cmphex (rd32 (&tg, FLASH_OPTCR), ==, 0x0FFF55EDu);
  wr32 (&tg, FLASH_OPTKEYR, BW_SIM_FLASH_OPTKEY1);
  wr32 (&tg, FLASH_OPTKEYR, BW_SIM_FLASH_OPTKEY2);
  g_assert_cmphex (rd32 (&tg, FLASH_OPTCR), ==, 0x0FFF55ECu);
  wr32 (&tg, FLASH_OPTCR, 0x0FFFAAEC);
  t0 = bw_sim_clock_now_us (tg.clock);
  wr32 (&tg, FLASH_OPTCR, 0x0FFFAAEC | BW_SIM_FLASH_OPTCR_OPTSTRT);
  /* 16 ms of option programming plus the mass erase at the PSIZE in CR (x32) */
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t) - t0, ==, 16000 + 8000000);
  flash_wait (&tg);
  g_assert_cmpuint (bw_sim_stm32f405_get_rdp_level (tg.t), ==, 0);
  flash = bw_sim_stm32f405_peek_flash (tg.t, &size);
  for (gsize i = 0; i < size; i++)
    g_assert_cmpuint (flash[i], ==, 0xFF);
  /* the new level applies after a reset */
  system_reset (&tg);
  g_assert_cmphex (rd32 (&tg, 0x08000000), ==, 0xFFFFFFFFu);
  g_assert_cmphex (rd32 (&tg, FLASH_OPTCR), ==, 0x0FFFAAEDu);
  target_close (&tg);
}

static void
test_rdp_set_level1 (void)
{
  Target tg;
  guint32 v = 0;

  target_open (&tg, NULL);
  target_connect (&tg);
  wr32 (&tg, FLASH_OPTKEYR, BW_SIM_FLASH_OPTKEY1);
  wr32 (&tg, FLASH_OPTKEYR, BW_SIM_FLASH_OPTKEY2);
  wr32 (&tg, FLASH_OPTCR, 0x0FFF00EC | BW_SIM_FLASH_OPTCR_OPTSTRT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_BSY);
  bw_sim_clock_advance (tg.clock, 16000);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmpuint (bw_sim_stm32f405_get_rdp_level (tg.t), ==, 1);
  /* still readable until the option bytes are reloaded */
  g_assert_cmphex (rd32 (&tg, 0x08000000), ==, 0xFFFFFFFFu);
  system_reset (&tg);
  g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x08000000, 4, &v), ==, BW_SIM_SWD_FAULT);
  /* a wrong OPTKEYR sequence faults */
  g_assert_cmpint (bw_sim_stm32f405_write (tg.t, FLASH_OPTKEYR, 4, 1), ==, BW_SIM_SWD_FAULT);
  target_close (&tg);
}

static void
test_faults_error_and_bitflip (void)
{
  Target tg;

  target_open (&tg, "[faults]\nflash-error-address=0x08000101\nbit-flip-address=0x08000202\nbit-flip-mask=0x10\n");
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  wr32 (&tg, 0x08000100, 0x00000000);
  flash_wait (&tg);
  /* the weak byte keeps its erased value, silently */
  g_assert_cmphex (rd32 (&tg, 0x08000100), ==, 0x0000FF00u);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  wr32 (&tg, 0x08000200, 0x00000000);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, 0x08000200), ==, 0x00100000u);
  g_assert_cmphex (rd (&tg, 0x08000202, 1), ==, 0x10);
  /* the array itself holds the programmed value */
  g_assert_cmphex (bw_sim_stm32f405_peek_flash (tg.t, NULL)[0x202], ==, 0x00);
  target_close (&tg);
}

static void
test_parallelism_needs_voltage (void)
{
  Target tg;

  /* 2.4 V: x16 is allowed, x32 is not */
  target_open (&tg, "[target]\nvoltage=2.4\n");
  target_connect (&tg);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (2));
  wr32 (&tg, 0x08000000, 0);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGPERR);
  g_assert_cmphex (rd32 (&tg, 0x08000000), ==, 0xFFFFFFFFu);
  wr32 (&tg, FLASH_SR, BW_SIM_FLASH_SR_PGPERR);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_SER | CR_PSIZE (2) | BW_SIM_FLASH_CR_STRT);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, BW_SIM_FLASH_SR_PGPERR);
  g_assert_cmpuint (bw_sim_stm32f405_get_busy_until (tg.t), ==, 0);
  wr32 (&tg, FLASH_SR, BW_SIM_FLASH_SR_PGPERR);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (1));
  wr (&tg, 0x08000000, 2, 0);
  flash_wait (&tg);
  g_assert_cmphex (rd32 (&tg, FLASH_SR), ==, 0);
  g_assert_cmphex (rd32 (&tg, 0x08000000), ==, 0xFFFF0000u);
  target_close (&tg);
}

static void
test_otp (void)
{
  Target tg;

  target_open (&tg, NULL);
  target_connect (&tg);
  g_assert_cmphex (rd32 (&tg, 0x1FFF7800), ==, 0xFFFFFFFFu);
  flash_unlock (&tg);
  wr32 (&tg, FLASH_CR, BW_SIM_FLASH_CR_PG | CR_PSIZE (0));
  wr (&tg, 0x1FFF7800, 1, 0x42);
  {
    guint32 v = 0;
    g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x1FFF7800, 1, &v), ==, BW_SIM_SWD_WAIT);
    g_assert_cmpint (bw_sim_stm32f405_read (tg.t, 0x1FFFC000, 2, &v), ==, BW_SIM_SWD_WAIT);
  }
  flash_wait (&tg);
  g_assert_cmphex (rd (&tg, 0x1FFF7800, 1), ==, 0x42);
  /* lock block 0 */
  wr (&tg, 0x1FFF7A00, 1, 0x00);
  flash_wait (&tg);
  wr (&tg, 0x1FFF7801, 1, 0x00);
  g_assert_cmphex (rd (&tg, 0x1FFF7801, 1), ==, 0xFF);
  /* not writable without PG */
  wr32 (&tg, FLASH_CR, CR_PSIZE (0));
  wr (&tg, 0x1FFF7820, 1, 0x00);
  g_assert_cmphex (rd (&tg, 0x1FFF7820, 1), ==, 0xFF);
  g_assert_cmphex (rd32 (&tg, FLASH_SR) & BW_SIM_FLASH_SR_PGSERR, !=, 0);
  target_close (&tg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/flash/reset-state", test_reset_state);
  g_test_add_func ("/sim/flash/wrong-key", test_wrong_key_locks_until_reset);
  g_test_add_func ("/sim/flash/keyr-while-unlocked", test_keyr_while_unlocked);
  g_test_add_func ("/sim/flash/cr-locked", test_cr_ignored_while_locked);
  g_test_add_func ("/sim/flash/pgserr", test_pgserr_and_w1c);
  g_test_add_func ("/sim/flash/pgperr", test_pgperr);
  g_test_add_func ("/sim/flash/and-programming", test_programming_ands_bits);
  g_test_add_func ("/sim/flash/bsy-stall", test_bsy_stall);
  g_test_add_func ("/sim/flash/eop", test_eop_needs_eopie);
  g_test_add_func ("/sim/flash/erase-times", test_erase_times);
  g_test_add_func ("/sim/flash/invalid-sector", test_invalid_sector);
  g_test_add_func ("/sim/flash/mass-erase", test_mass_erase_and_stlink_mer);
  g_test_add_func ("/sim/flash/stale-ser", test_stale_ser_with_pg);
  g_test_add_func ("/sim/flash/wrp", test_wrp);
  g_test_add_func ("/sim/flash/rdp1-regression", test_rdp1_and_regression);
  g_test_add_func ("/sim/flash/rdp-set-level1", test_rdp_set_level1);
  g_test_add_func ("/sim/flash/faults", test_faults_error_and_bitflip);
  g_test_add_func ("/sim/flash/otp", test_otp);
  g_test_add_func ("/sim/flash/parallelism-voltage", test_parallelism_needs_voltage);
  return g_test_run ();
}

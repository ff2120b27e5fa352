/* test-sim-target-util.h: helpers shared by the target-side simulator tests
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-sim-clock.h"
#include "bw-sim-cortex-m4.h"
#include "bw-sim-flash-ctrl.h"
#include "bw-sim-scenario.h"
#include "bw-sim-stm32f405.h"

#define FLASH_SR     (BW_SIM_FLASH_REGS_BASE + 0x0C)
#define FLASH_CR     (BW_SIM_FLASH_REGS_BASE + 0x10)
#define FLASH_KEYR   (BW_SIM_FLASH_REGS_BASE + 0x04)
#define FLASH_OPTKEYR (BW_SIM_FLASH_REGS_BASE + 0x08)
#define FLASH_OPTCR  (BW_SIM_FLASH_REGS_BASE + 0x14)

typedef struct {
  BwSimClock     *clock;
  BwSimScenario  *scenario;
  BwSimStm32f405 *t;
} Target;

static inline void
target_open (Target *tg, const gchar *ini)
{
  g_autoptr(GError) error = NULL;

  tg->clock = bw_sim_clock_new ();
  if (ini != NULL)
    tg->scenario = bw_sim_scenario_load_from_data (ini, &error);
  else
    tg->scenario = bw_sim_scenario_new_default ();
  g_assert_no_error (error);
  tg->t = bw_sim_stm32f405_new_full (tg->clock, tg->scenario, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tg->t);
}

static inline void
target_close (Target *tg)
{
  g_assert_finalize_object (tg->t);
  g_object_unref (tg->scenario);
  g_assert_finalize_object (tg->clock);
}

static inline void
target_connect (Target *tg)
{
  guint32 dpidr = 0;
  g_assert_true (bw_sim_stm32f405_swd_connect (tg->t, &dpidr));
  g_assert_cmphex (dpidr, ==, BW_SIM_STM32_DPIDR);
}

static inline guint32
rd (Target *tg, guint32 addr, guint width)
{
  guint32 v = 0xDEADBEEF;
  g_assert_cmpint (bw_sim_stm32f405_read (tg->t, addr, width, &v), ==, BW_SIM_SWD_OK);
  return v;
}

static inline guint32
rd32 (Target *tg, guint32 addr)
{
  return rd (tg, addr, 4);
}

static inline void
wr (Target *tg, guint32 addr, guint width, guint32 v)
{
  g_assert_cmpint (bw_sim_stm32f405_write (tg->t, addr, width, v), ==, BW_SIM_SWD_OK);
}

static inline void
wr32 (Target *tg, guint32 addr, guint32 v)
{
  wr (tg, addr, 4, v);
}

static inline void
flash_unlock (Target *tg)
{
  wr32 (tg, FLASH_KEYR, BW_SIM_FLASH_KEY1);
  wr32 (tg, FLASH_KEYR, BW_SIM_FLASH_KEY2);
  g_assert_cmphex (rd32 (tg, FLASH_CR) & BW_SIM_FLASH_CR_LOCK, ==, 0);
}

/* Advances the clock to the end of the flash busy period. */
static inline void
flash_wait (Target *tg)
{
  guint64 until = bw_sim_stm32f405_get_busy_until (tg->t);
  if (until > 0)
    bw_sim_clock_advance_to (tg->clock, until);
  g_assert_cmphex (rd32 (tg, FLASH_SR) & BW_SIM_FLASH_SR_BSY, ==, 0);
}

static inline void
halt_core (Target *tg)
{
  wr32 (tg, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN | BW_SIM_DHCSR_C_HALT);
  bw_sim_clock_advance (tg->clock, 200);
  g_assert_cmphex (rd32 (tg, BW_SIM_DHCSR) & BW_SIM_DHCSR_S_HALT, !=, 0);
}

static inline void
system_reset (Target *tg)
{
  wr32 (tg, BW_SIM_AIRCR, BW_SIM_AIRCR_VECTKEY | BW_SIM_AIRCR_SYSRESETREQ);
}

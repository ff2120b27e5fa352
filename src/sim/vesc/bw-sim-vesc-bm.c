/* bw-sim-vesc-bm.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the firmware's Black Magic code does on the wires, in short: attach
 * halts the core and reads DBGMCU_IDCODE (0x413 = STM32F40x, else "not
 * recognised"); erase_mass sets MER with PSIZE x32 and STRT and waits for
 * BSY; flash writes program 32-bit words with PG (partial words padded
 * with 0xFF, which leaves those bytes as they are); reboot locks the flash
 * and resets through AIRCR SYSRESETREQ; detach lets the core run.
 */
#include "config.h"

#include <string.h>

#include "bw-sim-cortex-m4.h"
#include "bw-sim-flash-ctrl.h"
#include "bw-sim-vesc-bm.h"

#define FLASH_KEYR   (BW_SIM_FLASH_REGS_BASE + 0x04u)
#define FLASH_SR     (BW_SIM_FLASH_REGS_BASE + 0x0Cu)
#define FLASH_CR     (BW_SIM_FLASH_REGS_BASE + 0x10u)
#define DBGMCU_IDCODE 0xE0042000u
#define SR_ERRORS    (BW_SIM_FLASH_SR_OPERR | BW_SIM_FLASH_SR_WRPERR | BW_SIM_FLASH_SR_PGAERR | \
                      BW_SIM_FLASH_SR_PGPERR | BW_SIM_FLASH_SR_PGSERR)
#define PSIZE_X32    (2u << BW_SIM_FLASH_CR_PSIZE_SHIFT)
/* Waits on a busy bus before the probe gives up (cortexm_wait_timeout is 2 s). */
#define MAX_WAITS    100000u

struct _BwSimVescBm
{
  GObject         parent_instance;
  BwSimStm32f405 *target;
  gboolean        connected;
};

G_DEFINE_FINAL_TYPE (BwSimVescBm, bw_sim_vesc_bm, G_TYPE_OBJECT)

static void
bw_sim_vesc_bm_finalize (GObject *object)
{
  BwSimVescBm *self = BW_SIM_VESC_BM (object);

  g_clear_object (&self->target);
  G_OBJECT_CLASS (bw_sim_vesc_bm_parent_class)->finalize (object);
}

static void
bw_sim_vesc_bm_class_init (BwSimVescBmClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_sim_vesc_bm_finalize;
}

static void
bw_sim_vesc_bm_init (BwSimVescBm *self)
{
}

BwSimVescBm *
bw_sim_vesc_bm_new (BwSimStm32f405 *target)
{
  BwSimVescBm *self = g_object_new (BW_SIM_TYPE_VESC_BM, NULL);

  if (target != NULL)
    self->target = g_object_ref (target);
  return self;
}

BwSimStm32f405 *
bw_sim_vesc_bm_get_target (BwSimVescBm *self)
{
  return self->target;
}

gboolean
bw_sim_vesc_bm_is_connected (BwSimVescBm *self)
{
  return self->connected;
}

/* One access, waiting out a busy flash as the probe's retries do. */
static gboolean
swd_access (BwSimVescBm *self, gboolean is_write, guint32 address, guint width, guint32 *value)
{
  BwSimClock *clock = bw_sim_stm32f405_get_clock (self->target);

  for (guint waits = 0; waits < MAX_WAITS; waits++)
    {
      BwSimSwdResult r = is_write ? bw_sim_stm32f405_write (self->target, address, width, *value)
                               : bw_sim_stm32f405_read (self->target, address, width, value);
      guint64 busy_until;

      bw_sim_clock_advance_ns (clock, bw_sim_clock_swd_transfers_ns (BW_SIM_SWD_DEFAULT_HZ, 1));
      if (r == BW_SIM_SWD_OK)
        return TRUE;
      if (r != BW_SIM_SWD_WAIT)
        return FALSE;
      busy_until = bw_sim_stm32f405_get_busy_until (self->target);
      if (busy_until > bw_sim_clock_now_us (clock))
        bw_sim_clock_advance_to (clock, busy_until);
      else
        bw_sim_clock_advance (clock, 1);
    }
  return FALSE;
}

static gboolean
write32 (BwSimVescBm *self, guint32 address, guint32 value)
{
  return swd_access (self, TRUE, address, 4, &value);
}

static gboolean
read32 (BwSimVescBm *self, guint32 address, guint32 *value)
{
  return swd_access (self, FALSE, address, 4, value);
}

/* Still attached? The target may have lost power or its wires. */
static gboolean
attached (BwSimVescBm *self)
{
  if (self->connected && !bw_sim_stm32f405_swd_connected (self->target))
    self->connected = FALSE;
  return self->connected;
}

gint
bw_sim_vesc_bm_connect (BwSimVescBm *self)
{
  guint32 dpidr = 0, idcode = 0;

  self->connected = FALSE;
  if (self->target == NULL || !bw_sim_stm32f405_swd_connect (self->target, &dpidr))
    return -1;
  if (!write32 (self, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN | BW_SIM_DHCSR_C_HALT) ||
      !read32 (self, DBGMCU_IDCODE, &idcode))
    return -1;
  if ((idcode & 0xFFFu) != 0x413u)
    {
      /* bm_connect() detaches again from what it does not recognise */
      self->connected = TRUE;
      bw_sim_vesc_bm_disconnect (self);
      return -2;
    }
  self->connected = TRUE;
  return 1;
}

static gboolean
flash_unlock (BwSimVescBm *self)
{
  guint32 cr = 0;

  if (!read32 (self, FLASH_CR, &cr))
    return FALSE;
  if ((cr & BW_SIM_FLASH_CR_LOCK) == 0)
    return TRUE;
  return write32 (self, FLASH_KEYR, BW_SIM_FLASH_KEY1) && write32 (self, FLASH_KEYR, BW_SIM_FLASH_KEY2) &&
         read32 (self, FLASH_CR, &cr) && (cr & BW_SIM_FLASH_CR_LOCK) == 0;
}

/* Waits for BSY to clear; FALSE if the flash reported an error. */
static gboolean
flash_wait (BwSimVescBm *self)
{
  guint32 sr = 0;

  do
    {
      if (!read32 (self, FLASH_SR, &sr))
        return FALSE;
      if (sr & BW_SIM_FLASH_SR_BSY)
        bw_sim_clock_advance_to (bw_sim_stm32f405_get_clock (self->target),
                                 MAX (bw_sim_stm32f405_get_busy_until (self->target),
                                      bw_sim_clock_now_us (bw_sim_stm32f405_get_clock (self->target)) + 1));
    }
  while (sr & BW_SIM_FLASH_SR_BSY);
  if (sr & SR_ERRORS)
    {
      write32 (self, FLASH_SR, sr & SR_ERRORS);
      return FALSE;
    }
  return TRUE;
}

gint
bw_sim_vesc_bm_erase_all (BwSimVescBm *self)
{
  gboolean ok;

  if (!attached (self))
    return -1;
  ok = flash_unlock (self) &&
       write32 (self, FLASH_CR, BW_SIM_FLASH_CR_MER | PSIZE_X32) &&
       write32 (self, FLASH_CR, BW_SIM_FLASH_CR_MER | PSIZE_X32 | BW_SIM_FLASH_CR_STRT) &&
       flash_wait (self);
  write32 (self, FLASH_CR, 0);
  return ok ? 1 : -3;
}

gint
bw_sim_vesc_bm_write_flash (BwSimVescBm *self, guint32 address, const guint8 *data, gsize len)
{
  guint64 end = (guint64) address + len;
  gboolean ok;

  if (!attached (self))
    return -1;
  if (address < BW_SIM_STM32_FLASH_BASE ||
      end > (guint64) BW_SIM_STM32_FLASH_BASE + bw_sim_stm32f405_get_flash_size (self->target))
    return -2;
  ok = flash_unlock (self) && write32 (self, FLASH_CR, BW_SIM_FLASH_CR_PG | PSIZE_X32);
  for (guint64 word = address & ~3u; ok && word < end; word += 4)
    {
      guint32 value = 0;

      for (guint i = 0; i < 4; i++)
        {
          guint64 at = word + i;
          guint8 byte = (at >= address && at < end) ? data[at - address] : 0xFF;

          value |= (guint32) byte << (8 * i);
        }
      ok = write32 (self, (guint32) word, value) && flash_wait (self);
    }
  write32 (self, FLASH_CR, 0);
  return ok ? 1 : -2;
}

gint
bw_sim_vesc_bm_mem_read (BwSimVescBm *self, guint32 address, guint8 *buffer, gsize len)
{
  memset (buffer, 0, len);
  if (!attached (self))
    return -1;
  /* widest aligned access, as the probe's memory reads do */
  for (gsize i = 0; i < len; )
    {
      guint32 at = address + (guint32) i;
      guint width = (at % 4 == 0 && len - i >= 4) ? 4 : (at % 2 == 0 && len - i >= 2) ? 2 : 1;
      guint32 value = 0;

      if (!swd_access (self, FALSE, at, width, &value))
        return -2;
      for (guint k = 0; k < width; k++)
        buffer[i + k] = (guint8) (value >> (8 * k));
      i += width;
    }
  return 1;
}

static void
release_core (BwSimVescBm *self)
{
  /* target_flash_done(): lock the flash again; detach: debug off, core runs */
  write32 (self, FLASH_CR, BW_SIM_FLASH_CR_LOCK);
  write32 (self, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY);
}

gint
bw_sim_vesc_bm_reboot (BwSimVescBm *self)
{
  if (!attached (self))
    return -1;
  if (!write32 (self, FLASH_CR, BW_SIM_FLASH_CR_LOCK))
    return -2;
  write32 (self, BW_SIM_DHCSR, BW_SIM_DHCSR_DBGKEY | BW_SIM_DHCSR_C_DEBUGEN);
  write32 (self, BW_SIM_AIRCR, BW_SIM_AIRCR_VECTKEY | BW_SIM_AIRCR_SYSRESETREQ);
  bw_sim_clock_advance_ns (bw_sim_stm32f405_get_clock (self->target), BW_SIM_RESET_NS);
  return 1;
}

void
bw_sim_vesc_bm_disconnect (BwSimVescBm *self)
{
  if (attached (self))
    release_core (self);
  self->connected = FALSE;
}

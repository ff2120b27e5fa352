/* bw-stm32f4-flash.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flash controller of RM0090 §3.8, driven from the host through the
 * probe. Every wait goes through the target's clock (the simulator's
 * virtual clock in tests), and every error flag gets its own message.
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-blank-check-code.h"
#include "bw-blank-map-code.h"
#include "bw-find-vesc-name-code.h"
#include "bw-flash-hash-code.h"
#include "bw-flash-loader-code.h"
#include "bw-memory.h"
#include "bw-stm32f4-flash.h"

#define FLASH_BASE    0x40023C00u
#define FLASH_KEYR    (FLASH_BASE + 0x04)
#define FLASH_OPTKEYR (FLASH_BASE + 0x08)
#define FLASH_SR      (FLASH_BASE + 0x0C)
#define FLASH_CR      (FLASH_BASE + 0x10)
#define FLASH_OPTCR   (FLASH_BASE + 0x14)

#define KEY1    0x45670123u
#define KEY2    0xCDEF89ABu
#define OPTKEY1 0x08192A3Bu
#define OPTKEY2 0x4C5D6E7Fu

#define SR_EOP    (1u << 0)
#define SR_OPERR  (1u << 1)
#define SR_WRPERR (1u << 4)
#define SR_PGAERR (1u << 5)
#define SR_PGPERR (1u << 6)
#define SR_PGSERR (1u << 7)
#define SR_BSY    (1u << 16)
#define SR_ERRORS (SR_OPERR | SR_WRPERR | SR_PGAERR | SR_PGPERR | SR_PGSERR)

#define CR_PG          (1u << 0)
#define CR_SER         (1u << 1)
#define CR_MER         (1u << 2)
#define CR_SNB_SHIFT   3
#define CR_PSIZE_SHIFT 8
#define CR_STRT        (1u << 16)
#define CR_LOCK        (1u << 31)

#define OPTCR_OPTLOCK    (1u << 0)
#define OPTCR_OPTSTRT    (1u << 1)
#define OPTCR_RDP_SHIFT  8
#define OPTCR_NWRP_SHIFT 16
#define RDP_LEVEL0       0xAAu

/* How long to wait for the controller: twice the datasheet's x8 times. */
#define TIMEOUT_SMALL_SECTOR_US  (800 * 1000)
#define TIMEOUT_MEDIUM_SECTOR_US (2400 * 1000)
#define TIMEOUT_LARGE_SECTOR_US  (4000 * 1000)
#define TIMEOUT_MASS_ERASE_US    (32 * 1000 * 1000)
#define TIMEOUT_PROGRAM_US       (10 * 1000)
#define POLL_ERASE_US            (5 * 1000)

#define READ_CHUNK 4096u
/* The blocks of bw-blank-map.s, and the smallest read worth asking the
 * core about (the routine costs a few ms; 16 KB over SWD cost 70). */
#define BLANK_BLOCK      1024u
#define BLANK_MAP_MIN    (16u * 1024u)

/* Where the RAM loader and its two buffers live in the F4's 128 KB SRAM. */
#define LOADER_ADDRESS   0x20000000u
#define LOADER_CONTROL   0x20000100u
#define LOADER_BUFFER    0x20000200u
#define LOADER_BUF_SIZE  0x4000u
#define LOADER_STACK     0x20020000u
#define SLOT_SIZE        16u
#define SLOT_EMPTY       0u
#define SLOT_READY       1u
#define SLOT_DONE        2u
#define SLOT_FAILED      3u
/* a 16 KB buffer takes 4096 x 16 us to program; allow for x8 timing too */
#define LOADER_SLOT_TIMEOUT_US (2 * 1000 * 1000)
#define REG_R0    0
#define REG_SP    13
#define REG_PC    15
#define REG_XPSR  16
#define XPSR_THUMB 0x01000000u

struct _BwStm32f4Flash
{
  GObject       parent_instance;
  BwTarget     *target;
  BwFlashMap   *map;
  BwFlashPsize  psize;

  /* the last blank map (bw-blank-map.s), until the flash changes */
  guint32       blank_map_address;
  gsize         blank_map_size;
  guint32      *blank_map;
};

G_DEFINE_FINAL_TYPE (BwStm32f4Flash, bw_stm32f4_flash, G_TYPE_OBJECT)

static void
bw_stm32f4_flash_finalize (GObject *object)
{
  BwStm32f4Flash *self = BW_STM32F4_FLASH (object);

  g_clear_object (&self->target);
  g_clear_pointer (&self->map, bw_flash_map_unref);
  g_free (self->blank_map);
  G_OBJECT_CLASS (bw_stm32f4_flash_parent_class)->finalize (object);
}

/* Any change to the flash makes the blank map stale. */
static void
forget_blank_map (BwStm32f4Flash *self)
{
  g_clear_pointer (&self->blank_map, g_free);
}

static void
bw_stm32f4_flash_class_init (BwStm32f4FlashClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_stm32f4_flash_finalize;
}

static void
bw_stm32f4_flash_init (BwStm32f4Flash *self)
{
  self->psize = BW_FLASH_PSIZE_X8;
}

BwStm32f4Flash *
bw_stm32f4_flash_new (BwTarget *target, BwFlashMap *map)
{
  BwStm32f4Flash *self;

  g_return_val_if_fail (BW_IS_TARGET (target), NULL);
  g_return_val_if_fail (map != NULL, NULL);

  self = g_object_new (BW_TYPE_STM32F4_FLASH, NULL);
  self->target = g_object_ref (target);
  self->map = bw_flash_map_ref (map);
  return self;
}

void
bw_stm32f4_flash_set_psize (BwStm32f4Flash *self, BwFlashPsize psize)
{
  g_return_if_fail (BW_IS_STM32F4_FLASH (self));
  self->psize = psize;
}

/* x32 from 2.7 V (DS8626 table 23), x16 from 2.1 V, else x8. */
BwFlashPsize
bw_stm32f4_flash_psize_for_voltage (gdouble volts)
{
  if (volts >= 2.7)
    return BW_FLASH_PSIZE_X32;
  if (volts >= 2.1)
    return BW_FLASH_PSIZE_X16;
  return BW_FLASH_PSIZE_X8;
}

static gboolean
check_status (guint32 sr, gboolean erasing, guint32 address, GError **error)
{
  BwError code = erasing ? BW_ERROR_ERASE_FAILED : BW_ERROR_PROGRAM_FAILED;

  if ((sr & SR_ERRORS) == 0)
    return TRUE;
  if (sr & SR_WRPERR)
    g_set_error (error, BW_ERROR, BW_ERROR_WRITE_PROTECTED,
                 "the flash controller refused 0x%08X: the sector is write-protected (WRPERR)", address);
  else if (sr & SR_PGSERR)
    g_set_error (error, BW_ERROR, code,
                 "the flash controller saw a wrong sequence at 0x%08X (PGSERR)", address);
  else if (sr & SR_PGPERR)
    g_set_error (error, BW_ERROR, code,
                 "the write width did not match the program size at 0x%08X (PGPERR)", address);
  else if (sr & SR_PGAERR)
    g_set_error (error, BW_ERROR, code,
                 "a write at 0x%08X was not aligned to the program size (PGAERR)", address);
  else
    g_set_error (error, BW_ERROR, code,
                 "the flash controller reported an operation error at 0x%08X (OPERR)", address);
  return FALSE;
}

static gboolean
clear_status (BwStm32f4Flash *self, GError **error)
{
  return bw_target_write_u32 (self->target, FLASH_SR, SR_ERRORS | SR_EOP, error);
}

/* Polls BSY, sleeping @poll_us between reads, until it clears or the time
 * runs out; returns the last SR. */
static gboolean
wait_not_busy (BwStm32f4Flash *self, gint64 timeout_us, gint64 poll_us, guint32 *sr, GError **error)
{
  gint64 deadline = bw_target_now_us (self->target) + timeout_us;

  for (;;)
    {
      if (!bw_target_read_u32 (self->target, FLASH_SR, sr, error))
        {
          g_prefix_error (error, "reading the flash status: ");
          return FALSE;
        }
      if ((*sr & SR_BSY) == 0)
        return TRUE;
      if (bw_target_now_us (self->target) >= deadline)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_TIMED_OUT,
                       "the flash controller stayed busy for more than %" G_GINT64_FORMAT " ms",
                       timeout_us / 1000);
          return FALSE;
        }
      if (poll_us > 0)
        bw_target_sleep_us (self->target, (guint64) poll_us);
    }
}

/* Unlocks the controller only when it is locked: writing the keys to an
 * unlocked controller locks it until the next reset. */
gboolean
bw_stm32f4_flash_unlock (BwStm32f4Flash *self, GError **error)
{
  guint32 cr = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);

  if (!bw_target_read_u32 (self->target, FLASH_CR, &cr, error))
    return FALSE;
  if ((cr & CR_LOCK) == 0)
    return clear_status (self, error);
  if (!bw_target_write_u32 (self->target, FLASH_KEYR, KEY1, error) ||
      !bw_target_write_u32 (self->target, FLASH_KEYR, KEY2, error) ||
      !bw_target_read_u32 (self->target, FLASH_CR, &cr, error))
    {
      g_prefix_error (error, "unlocking the flash: ");
      return FALSE;
    }
  if (cr & CR_LOCK)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_FLASH_LOCKED,
                           "the flash controller stayed locked after the unlock keys");
      return FALSE;
    }
  return clear_status (self, error);
}

gboolean
bw_stm32f4_flash_lock (BwStm32f4Flash *self, GError **error)
{
  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  return bw_target_write_u32 (self->target, FLASH_CR, CR_LOCK, error);
}

static gint64
erase_timeout_us (guint32 sector_size)
{
  if (sector_size <= 16 * 1024)
    return TIMEOUT_SMALL_SECTOR_US;
  if (sector_size <= 64 * 1024)
    return TIMEOUT_MEDIUM_SECTOR_US;
  return TIMEOUT_LARGE_SECTOR_US;
}

gboolean
bw_stm32f4_flash_erase_sector (BwStm32f4Flash *self, guint sector, GError **error)
{
  guint32 cr;
  guint32 sr = 0;
  guint32 address;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  forget_blank_map (self);
  g_return_val_if_fail (sector < bw_flash_map_get_n_sectors (self->map), FALSE);

  address = bw_flash_map_get_sector_address (self->map, sector);
  cr = CR_SER | (sector << CR_SNB_SHIFT) | ((guint32) self->psize << CR_PSIZE_SHIFT);
  if (!wait_not_busy (self, TIMEOUT_PROGRAM_US, 0, &sr, error) ||
      !bw_target_write_u32 (self->target, FLASH_CR, cr, error) ||
      !bw_target_write_u32 (self->target, FLASH_CR, cr | CR_STRT, error) ||
      !wait_not_busy (self, erase_timeout_us (bw_flash_map_get_sector_size (self->map, sector)),
                      POLL_ERASE_US, &sr, error))
    {
      g_prefix_error (error, "erasing sector %u: ", sector);
      return FALSE;
    }
  if (!check_status (sr, TRUE, address, error))
    {
      g_prefix_error (error, "erasing sector %u: ", sector);
      (void) clear_status (self, NULL);
      return FALSE;
    }
  return bw_target_write_u32 (self->target, FLASH_CR, 0, error);
}

gboolean
bw_stm32f4_flash_mass_erase (BwStm32f4Flash *self, GError **error)
{
  guint32 cr;
  guint32 sr = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  forget_blank_map (self);

  cr = CR_MER | ((guint32) self->psize << CR_PSIZE_SHIFT);
  if (!wait_not_busy (self, TIMEOUT_PROGRAM_US, 0, &sr, error) ||
      !bw_target_write_u32 (self->target, FLASH_CR, cr, error) ||
      !bw_target_write_u32 (self->target, FLASH_CR, cr | CR_STRT, error) ||
      !wait_not_busy (self, TIMEOUT_MASS_ERASE_US, 10 * POLL_ERASE_US, &sr, error))
    {
      g_prefix_error (error, "erasing the whole chip: ");
      return FALSE;
    }
  if (!check_status (sr, TRUE, bw_flash_map_get_base (self->map), error))
    {
      g_prefix_error (error, "erasing the whole chip: ");
      (void) clear_status (self, NULL);
      return FALSE;
    }
  return bw_target_write_u32 (self->target, FLASH_CR, 0, error);
}

/* Host-driven programming: one program-size unit per write, BSY checked
 * after each, so that no write ever meets a busy controller. */
gboolean
bw_stm32f4_flash_program (BwStm32f4Flash *self,
                          guint32         address,
                          const guint8   *data,
                          gsize           size,
                          BwProgress     *progress,
                          GCancellable   *cancellable,
                          GError        **error)
{
  guint unit = 1u << self->psize;
  guint32 cr;
  guint32 sr = 0;
  gsize done = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  forget_blank_map (self);

  if (address % unit != 0 || size % unit != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   "%" G_GSIZE_FORMAT " bytes at 0x%08X are not aligned to the %u-byte program size",
                   size, address, unit);
      return FALSE;
    }
  if (!bw_flash_map_contains (self->map, address, (guint64) address + size))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE,
                   "0x%08X-0x%08" G_GINT64_MODIFIER "X is not flash", address, (guint64) address + size - 1);
      return FALSE;
    }
  cr = CR_PG | ((guint32) self->psize << CR_PSIZE_SHIFT);
  if (!bw_target_write_u32 (self->target, FLASH_CR, cr, error))
    return FALSE;
  while (done < size)
    {
      if (done % READ_CHUNK == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            break;
          if (progress != NULL)
            bw_progress_set_bytes (progress, done, size);
        }
      if (!bw_target_write_memory (self->target, address + (guint32) done, data + done, unit, unit, error) ||
          !wait_not_busy (self, TIMEOUT_PROGRAM_US, 0, &sr, error))
        break;
      if (!check_status (sr, FALSE, address + (guint32) done, error))
        {
          (void) clear_status (self, NULL);
          break;
        }
      done += unit;
    }
  /* PG stays off whatever happened, so a second run starts clean */
  if (!bw_target_write_u32 (self->target, FLASH_CR, 0, done < size ? NULL : error))
    return FALSE;
  if (done < size)
    {
      g_prefix_error (error, "writing 0x%08X: ", address + (guint32) done);
      return FALSE;
    }
  if (progress != NULL)
    bw_progress_set_bytes (progress, size, size);
  return TRUE;
}

/* Waits until the loader has taken and finished @slot (or never had it). */
static gboolean
wait_slot_free (BwStm32f4Flash *self, guint slot, GError **error)
{
  BwStlink *stlink = bw_target_get_stlink (self->target);
  guint32 control = LOADER_CONTROL + slot * SLOT_SIZE;
  gint64 deadline = bw_target_now_us (self->target) + LOADER_SLOT_TIMEOUT_US;

  for (;;)
    {
      guint32 state = 0;
      gboolean halted = FALSE;

      if (!bw_target_read_u32 (self->target, control, &state, error))
        return FALSE;
      if (state == SLOT_EMPTY || state == SLOT_DONE)
        return TRUE;
      if (state == SLOT_FAILED)
        {
          guint32 sr = 0;
          guint32 dest = 0;

          if (!bw_target_read_u32 (self->target, control + 8, &sr, error) ||
              !bw_target_read_u32 (self->target, control + 4, &dest, error))
            return FALSE;
          (void) clear_status (self, NULL);
          return check_status (sr, FALSE, dest, error);
        }
      if (!bw_stlink_is_halted (stlink, &halted, error))
        return FALSE;
      if (halted)
        {
          g_set_error_literal (error, BW_ERROR, BW_ERROR_PROGRAM_FAILED,
                               "the flash loader stopped before it finished its buffer");
          return FALSE;
        }
      if (bw_target_now_us (self->target) >= deadline)
        {
          g_set_error_literal (error, BW_ERROR, BW_ERROR_TIMED_OUT,
                               "the flash loader did not finish a buffer in time");
          return FALSE;
        }
    }
}

static gboolean
hand_over_slot (BwStm32f4Flash *self, guint slot, guint32 dest, const guint8 *data, guint32 size,
                GError **error)
{
  guint32 control = LOADER_CONTROL + slot * SLOT_SIZE;
  guint32 buffer = LOADER_BUFFER + slot * LOADER_BUF_SIZE;
  guint8 descriptor[12];

  if (size > 0 && !bw_target_write_memory (self->target, buffer, data, size, 4, error))
    return FALSE;
  memcpy (descriptor, (guint32[]) { GUINT32_TO_LE (dest), GUINT32_TO_LE (size), GUINT32_TO_LE (buffer) },
          sizeof descriptor);
  /* the state word goes last: the loader starts on it */
  return bw_target_write_memory (self->target, control + 4, descriptor, sizeof descriptor, 4, error) &&
         bw_target_write_u32 (self->target, control, SLOT_READY, error);
}

/* Loads one of our routines at LOADER_ADDRESS and starts it with r0, r1...
 * set to @args; the core must be halted. */
static gboolean
start_on_core (BwStm32f4Flash *self, const guint8 *routine, gsize routine_size, const guint32 *args, guint n_args,
               GError **error)
{
  BwStlink *stlink = bw_target_get_stlink (self->target);
  gsize padded_size = (routine_size + 3) & ~(gsize) 3;
  g_autofree guint8 *code = g_malloc0 (padded_size);

  memcpy (code, routine, routine_size);
  if (!bw_target_write_memory (self->target, LOADER_ADDRESS, code, padded_size, 4, error))
    return FALSE;
  for (guint i = 0; i < n_args; i++)
    if (!bw_stlink_write_core_reg (stlink, REG_R0 + i, args[i], error))
      return FALSE;
  return bw_stlink_write_core_reg (stlink, REG_SP, LOADER_STACK, error) &&
         bw_stlink_write_core_reg (stlink, REG_PC, LOADER_ADDRESS, error) &&
         bw_stlink_write_core_reg (stlink, REG_XPSR, XPSR_THUMB, error) &&
         bw_stlink_run (stlink, error);
}

static gboolean
start_loader (BwStm32f4Flash *self, GError **error)
{
  static const guint8 empty_control[2 * SLOT_SIZE] = { 0 };

  /* the loader stops at any error flag, so none may be left over */
  return bw_stlink_halt (bw_target_get_stlink (self->target), error) && clear_status (self, error) &&
         bw_target_write_memory (self->target, LOADER_CONTROL, empty_control, sizeof empty_control, 4, error) &&
         bw_target_write_u32 (self->target, FLASH_CR, CR_PG | ((guint32) BW_FLASH_PSIZE_X32 << CR_PSIZE_SHIFT),
                              error) &&
         start_on_core (self, bw_flash_loader_code, sizeof bw_flash_loader_code, (guint32[]) { LOADER_CONTROL }, 1,
                        error);
}

/* Ends the loader (an empty buffer makes it stop at its BKPT) and waits
 * until the core is halted again. */
static gboolean
stop_loader (BwStm32f4Flash *self, guint slot, GError **error)
{
  BwStlink *stlink = bw_target_get_stlink (self->target);
  gint64 deadline;

  if (!wait_slot_free (self, slot, error) || !wait_slot_free (self, slot ^ 1, error) ||
      !hand_over_slot (self, slot, 0, NULL, 0, error))
    return FALSE;
  deadline = bw_target_now_us (self->target) + LOADER_SLOT_TIMEOUT_US;
  for (;;)
    {
      gboolean halted = FALSE;

      if (!bw_stlink_is_halted (stlink, &halted, error))
        return FALSE;
      if (halted)
        return TRUE;
      if (bw_target_now_us (self->target) >= deadline)
        {
          g_set_error_literal (error, BW_ERROR, BW_ERROR_TIMED_OUT, "the flash loader did not stop");
          return FALSE;
        }
    }
}

/* Bringing a word over SWD takes about as long as programming it (16 us),
 * so the core waits for the first buffer and the host for the last. A
 * small write goes in pieces of an eighth, at least 1 KB, so that both
 * waits are short; a large one in whole buffers, so that the hand-overs
 * cost little. */
static gsize
loader_chunk_size (gsize size)
{
  gsize chunk = (size / 8 + 1023) & ~(gsize) 1023;

  return CLAMP (chunk, 1024, (gsize) LOADER_BUF_SIZE);
}

/* What the RAM loader costs on the simulated clock at x32 through an
 * ST-Link V2 at 4 MHz, measured there: starting it, handing over a buffer
 * (a fixed part and the bytes), programming a byte (16 us a word) and
 * stopping. The bar follows these, so it moves with the clock while the
 * loader starts and while the last buffer is programmed, not only when a
 * buffer is sent (tests/job/test-stm32f4-flash.c checks it). */
#define LOADER_START_US            4800u
#define LOADER_HANDOVER_US         1600u
#define LOADER_SEND_NS_PER_BYTE    4160u
#define LOADER_PROGRAM_NS_PER_BYTE 4000u
#define LOADER_STOP_US             1800u

static guint
loader_start_cost_us (void)
{
  return LOADER_START_US;
}

static guint
loader_stream_cost_us (gsize padded_size, gsize chunk_size)
{
  gsize n_chunks = (padded_size + chunk_size - 1) / chunk_size;

  return MAX (1u, (guint) (n_chunks * LOADER_HANDOVER_US + (guint64) padded_size * LOADER_SEND_NS_PER_BYTE / 1000));
}

/* the last buffer is programmed after the host has nothing left to send */
static guint
loader_drain_cost_us (gsize padded_size, gsize chunk_size)
{
  gsize last = padded_size % chunk_size != 0 ? padded_size % chunk_size : MIN (chunk_size, padded_size);

  return (guint) (LOADER_STOP_US + (guint64) last * LOADER_PROGRAM_NS_PER_BYTE / 1000);
}

/* The simulated time bw_stm32f4_flash_program_fast() takes for @size
 * bytes at x32, for a caller that weighs its steps by time. */
guint
bw_stm32f4_flash_estimate_program_us (gsize size)
{
  gsize padded_size = (size + 3) & ~(gsize) 3;
  gsize chunk_size = loader_chunk_size (padded_size);

  if (padded_size == 0)
    return 1;
  return loader_start_cost_us () + loader_stream_cost_us (padded_size, chunk_size) +
         loader_drain_cost_us (padded_size, chunk_size);
}

static void
progress_step_done (BwProgress *progress)
{
  if (progress != NULL)
    bw_progress_step_done (progress);
}

/* Programs through Bootwire's RAM loader (bw-flash-loader.s): the core
 * writes one buffer into flash while the probe fills the other. It needs
 * x32 programming; at a lower supply it falls back to host writes.
 * Progress has three steps weighed by time (starting the loader, sending
 * the buffers, programming the last one); the bytes are those sent. */
gboolean
bw_stm32f4_flash_program_fast (BwStm32f4Flash *self,
                               guint32         address,
                               const guint8   *data,
                               gsize           size,
                               BwProgress     *progress,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autofree guint8 *padded = NULL;
  gsize padded_size = (size + 3) & ~(gsize) 3;
  gsize chunk_size = loader_chunk_size (padded_size);
  gsize done = 0;
  guint slot = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  forget_blank_map (self);

  if (self->psize != BW_FLASH_PSIZE_X32)
    return bw_stm32f4_flash_program (self, address, data, size, progress, cancellable, error);
  if (address % 4 != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                   "0x%08X is not aligned to the 4-byte program size", address);
      return FALSE;
    }
  if (!bw_flash_map_contains (self->map, address, (guint64) address + padded_size))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE,
                   "0x%08X-0x%08" G_GINT64_MODIFIER "X is not flash", address, (guint64) address + size - 1);
      return FALSE;
    }
  /* programming 0xFF changes nothing, so the last word can be padded */
  padded = g_malloc (padded_size);
  memset (padded + size, 0xFF, padded_size - size);
  memcpy (padded, data, size);

  if (progress != NULL)
    {
      bw_progress_add_step (progress, BW_PROGRESS_PHASE_IDLE, loader_start_cost_us ());
      bw_progress_add_step (progress, BW_PROGRESS_PHASE_IDLE, loader_stream_cost_us (padded_size, chunk_size));
      bw_progress_add_step (progress, BW_PROGRESS_PHASE_IDLE, loader_drain_cost_us (padded_size, chunk_size));
      bw_progress_set_bytes (progress, 0, size);
    }
  if (!start_loader (self, error))
    {
      g_prefix_error (error, "starting the flash loader: ");
      if (!bw_target_write_u32 (self->target, FLASH_CR, 0, NULL))
        g_debug ("could not clear FLASH_CR after the loader failed to start");
      return FALSE;
    }
  progress_step_done (progress);
  while (done < padded_size)
    {
      guint32 chunk = (guint32) MIN (chunk_size, padded_size - done);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !wait_slot_free (self, slot, error))
        {
          ok = FALSE;
          break;
        }
      if (!hand_over_slot (self, slot, address + (guint32) done, padded + done, chunk, error))
        {
          ok = FALSE;
          break;
        }
      done += chunk;
      slot ^= 1;
      if (progress != NULL)
        bw_progress_set_bytes (bw_progress_get_child (progress), MIN (done, size), size);
    }
  if (ok)
    {
      progress_step_done (progress);
      if (progress != NULL)
        bw_progress_set_bytes (progress, size, size);
      ok = stop_loader (self, slot, error);
    }
  else
    (void) stop_loader (self, slot, NULL);
  if (ok)
    progress_step_done (progress);
  /* PG off whatever happened, and the core halted where the loader ended */
  if (!bw_target_write_u32 (self->target, FLASH_CR, 0, ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    g_prefix_error (error, "writing 0x%08X-0x%08" G_GINT64_MODIFIER "X: ", address, (guint64) address + size - 1);
  return ok;
}

static gboolean run_on_core_args (BwStm32f4Flash *self, const guint8 *routine, gsize routine_size,
                                  const guint32 *args, guint n_args, guint32 *result, GError **error);

/* Which BLANK_BLOCK blocks of [address, address + size) are erased, asked
 * of the core: a bit per block, or NULL when the core could not say. */
static guint32 *
blank_map_on_core (BwStm32f4Flash *self, guint32 address, gsize size)
{
  guint n_blocks = (guint) (size / BLANK_BLOCK);
  g_autofree guint32 *map = g_new0 (guint32, (n_blocks + 31) / 32);
  g_autoptr(GError) error = NULL;
  guint32 counted = 0;

  if (!run_on_core_args (self, bw_blank_map_code, sizeof bw_blank_map_code,
                         (guint32[]) { address, address + (guint32) size, LOADER_BUFFER }, 3, &counted, &error) ||
      !bw_target_read_memory (self->target, LOADER_BUFFER, (guint8 *) map, (n_blocks + 31) / 32 * 4, &error))
    {
      g_debug ("finding erased blocks on the core failed (%s); reading them all", error->message);
      return NULL;
    }
  if (counted != n_blocks)
    {
      g_debug ("the blank map covers %u blocks instead of %u; reading them all", counted, n_blocks);
      return NULL;
    }
  for (guint i = 0; i < (n_blocks + 31) / 32; i++)
    map[i] = GUINT32_FROM_LE (map[i]);
  return g_steal_pointer (&map);
}

/* The blank map of a large aligned range, from the core or the cache. */
static const guint32 *
get_blank_map (BwStm32f4Flash *self, guint32 address, gsize size)
{
  if (size < BLANK_MAP_MIN || address % BLANK_BLOCK != 0 || size % BLANK_BLOCK != 0 ||
      !bw_flash_map_contains (self->map, address, (guint64) address + size))
    return NULL;
  if (self->blank_map == NULL || self->blank_map_address != address || self->blank_map_size != size)
    {
      forget_blank_map (self);
      self->blank_map = blank_map_on_core (self, address, size);
      self->blank_map_address = address;
      self->blank_map_size = size;
    }
  return self->blank_map;
}

static gboolean
block_is_blank (const guint32 *map, gsize offset)
{
  gsize block = offset / BLANK_BLOCK;

  return map != NULL && (map[block / 32] >> (block % 32) & 1) != 0;
}

/* How many bytes of [address, address + size) the core finds erased, in
 * whole 1 KB blocks (0 for a small range or when the core cannot say); a
 * read of the same range right after does not ask again. */
gsize
bw_stm32f4_flash_count_erased (BwStm32f4Flash *self, guint32 address, gsize size)
{
  const guint32 *map;
  gsize erased = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), 0);

  map = get_blank_map (self, address, size);
  for (gsize offset = 0; map != NULL && offset < size; offset += BLANK_BLOCK)
    if (block_is_blank (map, offset))
      erased += BLANK_BLOCK;
  return erased;
}

/* Reads flash over SWD. For a large aligned range the core first says
 * which 1 KB blocks are erased (bw-blank-map.s), and those are not brought
 * over: they read 0xFF. Progress counts the bytes that travel. */
gboolean
bw_stm32f4_flash_read (BwStm32f4Flash *self,
                       guint32         address,
                       guint8         *buffer,
                       gsize           size,
                       BwProgress     *progress,
                       GCancellable   *cancellable,
                       GError        **error)
{
  const guint32 *map = NULL;
  gsize to_read = size;
  gsize read = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);

  map = get_blank_map (self, address, size);
  for (gsize offset = 0; map != NULL && offset < size; offset += BLANK_BLOCK)
    if (block_is_blank (map, offset))
      to_read -= BLANK_BLOCK;

  for (gsize done = 0; done < size;)
    {
      gsize chunk = MIN (size - done, (gsize) READ_CHUNK - ((address + done) % READ_CHUNK));

      if (block_is_blank (map, done))
        {
          memset (buffer + done, 0xFF, BLANK_BLOCK);
          done += BLANK_BLOCK;
          continue;
        }
      /* up to the next erased block */
      for (gsize offset = done + BLANK_BLOCK; map != NULL && offset < done + chunk; offset += BLANK_BLOCK)
        if (block_is_blank (map, offset))
          {
            chunk = offset - done;
            break;
          }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!bw_target_read_memory (self->target, address + (guint32) done, buffer + done, chunk, error))
        {
          g_prefix_error (error, "reading 0x%08X: ", address + (guint32) done);
          return FALSE;
        }
      done += chunk;
      read += chunk;
      if (progress != NULL)
        bw_progress_set_bytes (progress, read, to_read);
    }
  if (progress != NULL)
    bw_progress_set_bytes (progress, to_read, to_read);
  return TRUE;
}

/* Runs one of our little routines on the core: it takes its arguments in
 * r0, r1... and leaves its answer in r0 at a BKPT. */
static gboolean
run_on_core_args (BwStm32f4Flash *self, const guint8 *routine, gsize routine_size, const guint32 *args,
                  guint n_args, guint32 *result, GError **error)
{
  BwStlink *stlink = bw_target_get_stlink (self->target);
  gint64 deadline;

  if (!bw_stlink_halt (stlink, error) || !start_on_core (self, routine, routine_size, args, n_args, error))
    return FALSE;
  deadline = bw_target_now_us (self->target) + LOADER_SLOT_TIMEOUT_US;
  for (;;)
    {
      gboolean halted = FALSE;

      if (!bw_stlink_is_halted (stlink, &halted, error))
        return FALSE;
      if (halted)
        break;
      if (bw_target_now_us (self->target) >= deadline)
        {
          g_set_error_literal (error, BW_ERROR, BW_ERROR_TIMED_OUT, "a routine on the core did not finish");
          return FALSE;
        }
      bw_target_sleep_us (self->target, 1000);
    }
  return bw_stlink_read_core_reg (stlink, REG_R0, result, error);
}

static gboolean
run_on_core (BwStm32f4Flash *self, const guint8 *routine, gsize routine_size, guint32 r0, guint32 r1,
             guint32 *result, GError **error)
{
  return run_on_core_args (self, routine, routine_size, (guint32[]) { r0, r1 }, 2, result, error);
}

static gboolean
blank_check_on_core (BwStm32f4Flash *self, guint32 start, guint32 end, gboolean *blank, GError **error)
{
  guint32 result = 0;

  if (!run_on_core (self, bw_blank_check_code, sizeof bw_blank_check_code, start, end, &result, error))
    return FALSE;
  *blank = result == 1;
  return TRUE;
}

/* The same FNV-1a over little-endian words that bw-flash-hash.s computes. */
static guint32
hash_words (const guint8 *data, gsize size)
{
  guint32 hash = 0x811C9DC5u;

  for (gsize i = 0; i + 4 <= size; i += 4)
    {
      hash ^= (guint32) data[i] | (guint32) data[i + 1] << 8 | (guint32) data[i + 2] << 16 |
              (guint32) data[i + 3] << 24;
      hash *= 0x01000193u;
    }
  return hash;
}

/* Compares [address, address + size) byte by byte with @expected, reading
 * it over SWD, and names the first address that differs. */
static gboolean
compare_by_reading (BwStm32f4Flash *self, guint32 address, const guint8 *expected, gsize size,
                    GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *actual = g_malloc (MAX (size, (gsize) 1));

  if (!bw_stm32f4_flash_read (self, address, actual, size, NULL, cancellable, error))
    return FALSE;
  for (gsize i = 0; i < size; i++)
    {
      if (actual[i] != expected[i])
        {
          g_set_error (error, BW_ERROR, BW_ERROR_VERIFY_MISMATCH,
                       "0x%08X holds 0x%02X, but 0x%02X was written", address + (guint32) i, actual[i],
                       expected[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Checks that the flash holds every byte of @image: the core hashes each
 * segment's whole words (milliseconds), the probe reads the few bytes at
 * unaligned ends, and a segment whose hash differs is read back to name
 * the address. */
gboolean
bw_stm32f4_flash_verify_image (BwStm32f4Flash *self,
                               BwImage        *image,
                               BwProgress     *progress,
                               GCancellable   *cancellable,
                               GError        **error)
{
  gsize total = bw_image_get_size (image);
  gsize done = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  g_return_val_if_fail (BW_IS_IMAGE (image), FALSE);

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint32 start = bw_image_get_segment_address (image, i);
      gsize size = bw_image_get_segment_size (image, i);
      const guint8 *data = bw_image_get_segment_data (image, i);
      guint32 inner_start = (start + 3) & ~3u;
      guint32 inner_end = (guint32) ((start + size) & ~(guint64) 3);
      guint32 hash = 0;
      g_autoptr(GError) core_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (inner_end <= inner_start)
        {
          if (!compare_by_reading (self, start, data, size, cancellable, error))
            return FALSE;
        }
      else
        {
          if (!compare_by_reading (self, start, data, inner_start - start, cancellable, error) ||
              !compare_by_reading (self, inner_end, data + (inner_end - start), start + size - inner_end,
                                   cancellable, error))
            return FALSE;
          if (!run_on_core (self, bw_flash_hash_code, sizeof bw_flash_hash_code, inner_start, inner_end, &hash,
                            &core_error))
            {
              g_debug ("hashing on the core failed (%s); reading instead", core_error->message);
              if (!compare_by_reading (self, inner_start, data + (inner_start - start), inner_end - inner_start,
                                       cancellable, error))
                return FALSE;
            }
          else if (hash != hash_words (data + (inner_start - start), inner_end - inner_start) &&
                   !compare_by_reading (self, inner_start, data + (inner_start - start), inner_end - inner_start,
                                        cancellable, error))
            {
              return FALSE;
            }
        }
      done += size;
      if (progress != NULL)
        bw_progress_set_bytes (progress, done, total);
    }
  return TRUE;
}

/* Whether a sector is erased: asked of the core (milliseconds), or, if
 * that fails, by reading the sector over SWD. */
gboolean
bw_stm32f4_flash_sector_is_blank (BwStm32f4Flash *self, guint sector, gboolean *blank, GError **error)
{
  guint32 address;
  guint32 size;
  g_autofree guint8 *buffer = NULL;
  g_autoptr(GError) core_error = NULL;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  g_return_val_if_fail (sector < bw_flash_map_get_n_sectors (self->map), FALSE);

  address = bw_flash_map_get_sector_address (self->map, sector);
  size = bw_flash_map_get_sector_size (self->map, sector);
  if (blank_check_on_core (self, address, address + size, blank, &core_error))
    return TRUE;
  g_debug ("blank check on the core failed (%s); reading sector %u instead", core_error->message, sector);
  buffer = g_malloc (size);
  if (!bw_stm32f4_flash_read (self, address, buffer, size, NULL, NULL, error))
    return FALSE;
  *blank = bw_memory_is_erased (buffer, size);
  return TRUE;
}

/* Where the last "org.vesc." (the firmware naming its hardware) lies in
 * [start, end), found by the core: 0 when there is none. */
gboolean
bw_stm32f4_flash_find_vesc_name (BwStm32f4Flash *self, guint32 start, guint32 end, guint32 *address,
                                 GError **error)
{
  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (bw_flash_map_contains (self->map, start, end), FALSE);

  return run_on_core (self, bw_find_vesc_name_code, sizeof bw_find_vesc_name_code, start, end, address, error);
}

/* RDP level (0xAA: none, 0xCC: level 2, anything else: level 1) and the
 * sectors whose nWRP bit is clear. */
gboolean
bw_stm32f4_flash_read_protection (BwStm32f4Flash *self,
                                  guint8         *rdp,
                                  guint16        *write_protected_sectors,
                                  GError        **error)
{
  guint32 optcr = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);

  if (!bw_target_read_u32 (self->target, FLASH_OPTCR, &optcr, error))
    {
      g_prefix_error (error, "reading the option bytes: ");
      return FALSE;
    }
  if (rdp != NULL)
    *rdp = (guint8) (optcr >> OPTCR_RDP_SHIFT);
  if (write_protected_sectors != NULL)
    *write_protected_sectors = (guint16) (~(optcr >> OPTCR_NWRP_SHIFT) & 0x0FFFu);
  return TRUE;
}

/* RDP level 1 → 0. The chip erases its whole flash while doing it. */
gboolean
bw_stm32f4_flash_remove_read_protection (BwStm32f4Flash *self, GError **error)
{
  guint32 optcr = 0;
  guint32 sr = 0;

  g_return_val_if_fail (BW_IS_STM32F4_FLASH (self), FALSE);
  forget_blank_map (self);

  if (!bw_target_read_u32 (self->target, FLASH_OPTCR, &optcr, error))
    return FALSE;
  if ((optcr & OPTCR_OPTLOCK) != 0 &&
      (!bw_target_write_u32 (self->target, FLASH_OPTKEYR, OPTKEY1, error) ||
       !bw_target_write_u32 (self->target, FLASH_OPTKEYR, OPTKEY2, error) ||
       !bw_target_read_u32 (self->target, FLASH_OPTCR, &optcr, error)))
    {
      g_prefix_error (error, "unlocking the option bytes: ");
      return FALSE;
    }
  if (optcr & OPTCR_OPTLOCK)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_FLASH_LOCKED,
                           "the option bytes stayed locked after the unlock keys");
      return FALSE;
    }
  optcr = (optcr & ~(0xFFu << OPTCR_RDP_SHIFT)) | (RDP_LEVEL0 << OPTCR_RDP_SHIFT);
  if (!bw_target_write_u32 (self->target, FLASH_OPTCR, optcr, error) ||
      !bw_target_write_u32 (self->target, FLASH_OPTCR, optcr | OPTCR_OPTSTRT, error) ||
      !wait_not_busy (self, TIMEOUT_MASS_ERASE_US, 10 * POLL_ERASE_US, &sr, error))
    {
      g_prefix_error (error, "removing the read protection: ");
      return FALSE;
    }
  if (!check_status (sr, TRUE, FLASH_OPTCR, error))
    return FALSE;
  return bw_target_write_u32 (self->target, FLASH_OPTCR, optcr | OPTCR_OPTLOCK, error);
}

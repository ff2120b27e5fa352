/* bw-sim-flash-ctrl.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-sim-flash-ctrl.h"

#define REG_ACR     0x00u
#define REG_KEYR    0x04u
#define REG_OPTKEYR 0x08u
#define REG_SR      0x0Cu
#define REG_CR      0x10u
#define REG_OPTCR   0x14u

#define SR_ERRORS   (BW_SIM_FLASH_SR_OPERR | BW_SIM_FLASH_SR_WRPERR | BW_SIM_FLASH_SR_PGAERR | \
                     BW_SIM_FLASH_SR_PGPERR | BW_SIM_FLASH_SR_PGSERR)
#define CR_MASK     (0x00000307u | 0x78u | BW_SIM_FLASH_CR_STRT | BW_SIM_FLASH_CR_EOPIE | \
                     BW_SIM_FLASH_CR_ERRIE | BW_SIM_FLASH_CR_LOCK)
/* nWRP, RDP, user bits and BOR_LEV: what OPTSTRT programs. */
#define OPT_BYTES_MASK 0x0FFFFFECu
#define OPTCR_MASK  (OPT_BYTES_MASK | BW_SIM_FLASH_OPTCR_OPTLOCK | BW_SIM_FLASH_OPTCR_OPTSTRT)
#define OPT_DEFAULT 0x0FFFAAECu

struct _BwSimFlashCtrl {
  GObject   parent_instance;
  guint8   *data;
  gsize     size;
  guint     n_sectors;
  guint32   sector_offset[24];
  guint32   sector_size[24];

  guint32   acr;
  guint32   sr;
  guint32   cr;
  guint32   optcr;
  guint     key_step;      /* 1 after KEY1 */
  gboolean  key_blocked;   /* wrong sequence: locked until reset */
  guint     optkey_step;
  gboolean  optkey_blocked;

  gboolean  busy;
  guint64   busy_until_ns;

  guint32   option_word;   /* stored option bytes */
  guint     rdp_effective;
  guint16   nwrp_effective;
  gboolean  debug_attached;
  BwSimPsize max_psize;    /* widest parallelism the supply allows */

  gboolean  has_stuck;
  guint32   stuck_offset;
  gboolean  has_flip;
  guint32   flip_offset;
  guint8    flip_mask;

  /* Faults armed at a given transfer (bw_sim_flash_ctrl_arm_*). */
  gboolean  stuck_armed;
  guint8    flip_next_read; /* XOR for the next read's first byte; 0 = none */

  /* The erase in progress, for a power loss that cuts it short. */
  guint32   erase_offset;
  guint32   erase_size;
  guint64   erase_start_ns;
  guint32   option_word_before; /* option bytes before an OPTSTRT in progress */
  gboolean  option_busy;
};

G_DEFINE_FINAL_TYPE (BwSimFlashCtrl, bw_sim_flash_ctrl, G_TYPE_OBJECT)

static void
bw_sim_flash_ctrl_finalize (GObject *object)
{
  BwSimFlashCtrl *self = BW_SIM_FLASH_CTRL (object);
  g_free (self->data);
  G_OBJECT_CLASS (bw_sim_flash_ctrl_parent_class)->finalize (object);
}

static void
bw_sim_flash_ctrl_class_init (BwSimFlashCtrlClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_sim_flash_ctrl_finalize;
}

static void
bw_sim_flash_ctrl_init (BwSimFlashCtrl *self)
{
}

static guint
rdp_level_of (guint32 option_word)
{
  guint8 rdp = (option_word >> 8) & 0xFF;
  if (rdp == 0xAA)
    return 0;
  if (rdp == 0xCC)
    return 2;
  return 1;
}

BwSimFlashCtrl *
bw_sim_flash_ctrl_new (gsize flash_size, BwSimScenario *scenario)
{
  BwSimFlashCtrl *self = g_object_new (BW_SIM_TYPE_FLASH_CTRL, NULL);
  guint32 off = 0;
  guint32 addr;
  guint8 mask;

  self->size = flash_size;
  self->data = g_malloc (flash_size);
  memset (self->data, 0xFF, flash_size);
  /* RM0090 sector map: 4 x 16 KiB, 64 KiB, then 128 KiB sectors. */
  while (off < flash_size && self->n_sectors < G_N_ELEMENTS (self->sector_size))
    {
      guint n = self->n_sectors;
      guint32 sz = n < 4 ? 16384u : (n == 4 ? 65536u : 131072u);
      if (off + sz > flash_size)
        sz = (guint32) flash_size - off;
      self->sector_offset[n] = off;
      self->sector_size[n] = sz;
      off += sz;
      self->n_sectors++;
    }
  self->option_word = OPT_DEFAULT;
  self->max_psize = BW_SIM_PSIZE_X32;
  if (scenario != NULL)
    {
      /* RM0090 table "program/erase parallelism": x32 needs 2.7 V, x16 2.1 V. */
      gdouble v = bw_sim_scenario_get_supply_voltage (scenario);
      self->max_psize = v >= 2.7 ? BW_SIM_PSIZE_X32 : (v >= 2.1 ? BW_SIM_PSIZE_X16 : BW_SIM_PSIZE_X8);
      self->option_word = (OPT_DEFAULT & ~0x0FFFFF00u) |
                          ((guint32) (bw_sim_scenario_get_nwrp (scenario) & 0xFFF) << 16) |
                          ((guint32) bw_sim_scenario_get_rdp_byte (scenario) << 8);
      if (bw_sim_scenario_get_flash_error (scenario, &addr) &&
          addr >= 0x08000000u && addr - 0x08000000u < flash_size)
        {
          self->has_stuck = TRUE;
          self->stuck_offset = addr - 0x08000000u;
        }
      if (bw_sim_scenario_get_bit_flip (scenario, &addr, &mask) &&
          addr >= 0x08000000u && addr - 0x08000000u < flash_size)
        {
          self->has_flip = TRUE;
          self->flip_offset = addr - 0x08000000u;
          self->flip_mask = mask;
        }
    }
  bw_sim_flash_ctrl_reset (self);
  return self;
}

void
bw_sim_flash_ctrl_reset (BwSimFlashCtrl *self)
{
  g_return_if_fail (BW_SIM_IS_FLASH_CTRL (self));
  self->acr = 0;
  self->sr = 0;
  self->cr = BW_SIM_FLASH_CR_LOCK;
  self->optcr = self->option_word | BW_SIM_FLASH_OPTCR_OPTLOCK;
  self->key_step = 0;
  self->key_blocked = FALSE;
  self->optkey_step = 0;
  self->optkey_blocked = FALSE;
  self->busy = FALSE;
  self->busy_until_ns = 0;
  self->rdp_effective = rdp_level_of (self->option_word);
  self->nwrp_effective = (self->option_word >> 16) & 0xFFF;
}

void
bw_sim_flash_ctrl_set_debug_attached (BwSimFlashCtrl *self, gboolean attached)
{
  g_return_if_fail (BW_SIM_IS_FLASH_CTRL (self));
  self->debug_attached = attached;
}

static void
update (BwSimFlashCtrl *self, guint64 now_ns)
{
  if (!self->busy || now_ns < self->busy_until_ns)
    return;
  self->busy = FALSE;
  self->erase_size = 0;
  self->option_busy = FALSE;
  self->cr &= ~BW_SIM_FLASH_CR_STRT;
  self->optcr &= ~BW_SIM_FLASH_OPTCR_OPTSTRT;
  if (self->cr & BW_SIM_FLASH_CR_EOPIE)
    self->sr |= BW_SIM_FLASH_SR_EOP;
}

/* RM0090: OPERR accompanies an error only while ERRIE is set. */
static void
flag_error (BwSimFlashCtrl *self, guint32 bits)
{
  self->sr |= bits;
  if (self->cr & BW_SIM_FLASH_CR_ERRIE)
    self->sr |= BW_SIM_FLASH_SR_OPERR;
}

static void
start_busy (BwSimFlashCtrl *self, guint64 now_ns, guint64 duration_ns)
{
  self->busy = TRUE;
  self->busy_until_ns = now_ns + duration_ns;
}

guint64
bw_sim_flash_ctrl_get_busy_until_ns (BwSimFlashCtrl *self, guint64 now_ns)
{
  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), 0);
  update (self, now_ns);
  return self->busy ? self->busy_until_ns : 0;
}

static gint
sector_of (BwSimFlashCtrl *self, guint32 offset)
{
  for (guint i = 0; i < self->n_sectors; i++)
    if (offset >= self->sector_offset[i] && offset - self->sector_offset[i] < self->sector_size[i])
      return (gint) i;
  return -1;
}

static gboolean
sector_protected (BwSimFlashCtrl *self, guint sector)
{
  /* Sectors above 11 share nothing with nWRP on a single-bank part. */
  if (sector < 12 && (self->nwrp_effective & (1u << sector)) == 0)
    return TRUE;
  return self->rdp_effective >= 1 && self->debug_attached;
}

static BwSimPsize
cr_psize (BwSimFlashCtrl *self)
{
  return (BwSimPsize) ((self->cr >> BW_SIM_FLASH_CR_PSIZE_SHIFT) & 3);
}

static void
start_erase (BwSimFlashCtrl *self, guint64 now_ns, guint32 offset, guint32 size, guint64 duration_ns)
{
  memset (self->data + offset, 0xFF, size);
  self->erase_offset = offset;
  self->erase_size = size;
  self->erase_start_ns = now_ns;
  start_busy (self, now_ns, duration_ns);
}

static void
mass_erase (BwSimFlashCtrl *self, guint64 now_ns, guint64 extra_ns)
{
  start_erase (self, now_ns, 0, (guint32) self->size,
               extra_ns + bw_sim_clock_flash_mass_erase_ns (cr_psize (self)));
}

static void
start_operation (BwSimFlashCtrl *self, guint64 now_ns)
{
  guint32 cr = self->cr;

  if ((cr & (BW_SIM_FLASH_CR_MER | BW_SIM_FLASH_CR_SER)) && cr_psize (self) != BW_SIM_PSIZE_X64 &&
      cr_psize (self) > self->max_psize)
    {
      /* A parallelism the supply cannot sustain: refused rather than left undefined. */
      flag_error (self, BW_SIM_FLASH_SR_PGPERR);
      self->cr &= ~BW_SIM_FLASH_CR_STRT;
      return;
    }

  if (cr & BW_SIM_FLASH_CR_MER)
    {
      if (cr & (BW_SIM_FLASH_CR_SER | BW_SIM_FLASH_CR_PG))
        goto sequence_error;
      for (guint i = 0; i < self->n_sectors; i++)
        if (sector_protected (self, i))
          {
            flag_error (self, BW_SIM_FLASH_SR_WRPERR);
            self->cr &= ~BW_SIM_FLASH_CR_STRT;
            return;
          }
      mass_erase (self, now_ns, 0);
      return;
    }
  if (cr & BW_SIM_FLASH_CR_SER)
    {
      guint snb = (cr >> BW_SIM_FLASH_CR_SNB_SHIFT) & 0xF;
      if ((cr & BW_SIM_FLASH_CR_PG) || snb >= self->n_sectors)
        goto sequence_error;
      if (sector_protected (self, snb))
        {
          flag_error (self, BW_SIM_FLASH_SR_WRPERR);
          self->cr &= ~BW_SIM_FLASH_CR_STRT;
          return;
        }
      start_erase (self, now_ns, self->sector_offset[snb], self->sector_size[snb],
                   bw_sim_clock_flash_erase_ns (self->sector_size[snb], cr_psize (self)));
      return;
    }
  /* STRT without an erase selected starts nothing. */
  self->cr &= ~BW_SIM_FLASH_CR_STRT;
  return;

sequence_error:
  flag_error (self, BW_SIM_FLASH_SR_PGSERR);
  self->cr &= ~BW_SIM_FLASH_CR_STRT;
}

static void
option_start (BwSimFlashCtrl *self, guint64 now_ns)
{
  guint32 newword = self->optcr & OPT_BYTES_MASK;
  guint old_level = rdp_level_of (self->option_word);
  guint new_level = rdp_level_of (newword);

  if (old_level == 2)
    {
      /* Level 2 is final: nothing changes. */
      self->optcr &= ~BW_SIM_FLASH_OPTCR_OPTSTRT;
      return;
    }
  self->option_word_before = self->option_word;
  self->option_busy = TRUE;
  self->option_word = newword;
  self->erase_size = 0;
  if (old_level == 1 && new_level == 0)
    mass_erase (self, now_ns, BW_SIM_OPTION_PROGRAM_NS);
  else
    start_busy (self, now_ns, BW_SIM_OPTION_PROGRAM_NS);
}

static guint32
width_mask (guint width)
{
  return width >= 4 ? 0xFFFFFFFFu : ((1u << (width * 8)) - 1);
}

BwSimFlashResult
bw_sim_flash_ctrl_reg_read (BwSimFlashCtrl *self, guint64 now_ns, guint32 offset,
                            guint width, guint32 *value)
{
  guint32 reg;
  guint shift = (offset & 3) * 8;

  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), BW_SIM_FLASH_BUS_ERROR);
  update (self, now_ns);
  switch (offset & ~3u)
    {
    case REG_ACR:
      reg = self->acr;
      break;
    case REG_SR:
      reg = self->sr | (self->busy ? BW_SIM_FLASH_SR_BSY : 0);
      break;
    case REG_CR:
      reg = self->cr;
      break;
    case REG_OPTCR:
      reg = self->optcr;
      break;
    case REG_KEYR:
    case REG_OPTKEYR:
    default:
      reg = 0;
      break;
    }
  *value = (reg >> shift) & width_mask (width);
  return BW_SIM_FLASH_OK;
}

static BwSimFlashResult
key_write (guint32 value, guint32 key1, guint32 key2, guint32 *lockreg, guint32 lockbit,
           guint *step, gboolean *blocked)
{
  if (*blocked || !(*lockreg & lockbit))
    goto wrong;
  if (*step == 0 && value == key1)
    {
      *step = 1;
      return BW_SIM_FLASH_OK;
    }
  if (*step == 1 && value == key2)
    {
      *step = 0;
      *lockreg &= ~lockbit;
      return BW_SIM_FLASH_OK;
    }
wrong:
  *step = 0;
  *blocked = TRUE;
  *lockreg |= lockbit;
  return BW_SIM_FLASH_BUS_ERROR;
}

BwSimFlashResult
bw_sim_flash_ctrl_reg_write (BwSimFlashCtrl *self, guint64 now_ns, guint32 offset,
                             guint width, guint32 value)
{
  guint shift = (offset & 3) * 8;
  guint32 mask = width_mask (width) << shift;
  guint32 v = (value << shift) & mask;

  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), BW_SIM_FLASH_BUS_ERROR);
  update (self, now_ns);
  switch (offset & ~3u)
    {
    case REG_ACR:
      self->acr = ((self->acr & ~mask) | v) & 0x00000707u;
      self->acr &= ~0x1800u; /* ICRST/DCRST read as 0 here */
      return BW_SIM_FLASH_OK;

    case REG_KEYR:
      return key_write (v, BW_SIM_FLASH_KEY1, BW_SIM_FLASH_KEY2, &self->cr, BW_SIM_FLASH_CR_LOCK,
                        &self->key_step, &self->key_blocked);

    case REG_OPTKEYR:
      return key_write (v, BW_SIM_FLASH_OPTKEY1, BW_SIM_FLASH_OPTKEY2, &self->optcr,
                        BW_SIM_FLASH_OPTCR_OPTLOCK, &self->optkey_step, &self->optkey_blocked);

    case REG_SR:
      self->sr &= ~(v & (SR_ERRORS | BW_SIM_FLASH_SR_EOP));
      return BW_SIM_FLASH_OK;

    case REG_CR:
      if (self->busy)
        return BW_SIM_FLASH_STALL;
      if (self->cr & BW_SIM_FLASH_CR_LOCK)
        return BW_SIM_FLASH_OK; /* ignored while locked */
      self->cr = ((self->cr & ~mask) | v) & CR_MASK;
      if (self->cr & BW_SIM_FLASH_CR_LOCK)
        {
          self->cr &= ~BW_SIM_FLASH_CR_STRT;
          return BW_SIM_FLASH_OK;
        }
      if (self->cr & BW_SIM_FLASH_CR_STRT)
        start_operation (self, now_ns);
      return BW_SIM_FLASH_OK;

    case REG_OPTCR:
      if (self->busy)
        return BW_SIM_FLASH_STALL;
      if (self->optcr & BW_SIM_FLASH_OPTCR_OPTLOCK)
        return BW_SIM_FLASH_OK;
      self->optcr = ((self->optcr & ~mask) | v) & OPTCR_MASK;
      if (self->optcr & BW_SIM_FLASH_OPTCR_OPTLOCK)
        self->optcr &= ~BW_SIM_FLASH_OPTCR_OPTSTRT;
      else if (self->optcr & BW_SIM_FLASH_OPTCR_OPTSTRT)
        option_start (self, now_ns);
      return BW_SIM_FLASH_OK;

    default:
      return BW_SIM_FLASH_OK;
    }
}

BwSimFlashResult
bw_sim_flash_ctrl_mem_read (BwSimFlashCtrl *self, guint64 now_ns, guint32 offset,
                            guint width, guint32 *value)
{
  guint32 v = 0;

  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), BW_SIM_FLASH_BUS_ERROR);
  if (offset >= self->size || width > self->size - offset)
    return BW_SIM_FLASH_BUS_ERROR;
  update (self, now_ns);
  if (self->busy)
    return BW_SIM_FLASH_STALL;
  if (self->rdp_effective >= 1 && self->debug_attached)
    return BW_SIM_FLASH_BUS_ERROR;
  for (guint i = 0; i < width; i++)
    {
      guint8 b = self->data[offset + i];
      if (self->has_flip && offset + i == self->flip_offset)
        b ^= self->flip_mask;
      if (i == 0 && self->flip_next_read != 0)
        {
          b ^= self->flip_next_read;
          self->flip_next_read = 0;
        }
      v |= (guint32) b << (8 * i);
    }
  *value = v;
  return BW_SIM_FLASH_OK;
}

/* FALSE when the write must not program (the error flag is set). */
static gboolean
program_allowed (BwSimFlashCtrl *self, guint32 address, guint width)
{
  /* A write without PG (or with MER) is a sequence error; a stale SER
   * beside PG is tolerated, st-flash depends on it (spec §5.1). */
  if ((self->cr & BW_SIM_FLASH_CR_LOCK) || !(self->cr & BW_SIM_FLASH_CR_PG) ||
      (self->cr & BW_SIM_FLASH_CR_MER))
    {
      flag_error (self, BW_SIM_FLASH_SR_PGSERR);
      return FALSE;
    }
  if (cr_psize (self) == BW_SIM_PSIZE_X64 || width != (1u << cr_psize (self)) ||
      cr_psize (self) > self->max_psize)
    {
      flag_error (self, BW_SIM_FLASH_SR_PGPERR);
      return FALSE;
    }
  if (address % width != 0)
    {
      flag_error (self, BW_SIM_FLASH_SR_PGAERR);
      return FALSE;
    }
  return TRUE;
}

BwSimFlashResult
bw_sim_flash_ctrl_otp_write (BwSimFlashCtrl *self, guint64 now_ns, guint32 offset, guint8 *cells, guint width,
                             guint32 value, gboolean frozen)
{
  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), BW_SIM_FLASH_BUS_ERROR);
  update (self, now_ns);
  if (self->busy)
    return BW_SIM_FLASH_STALL;
  if (!program_allowed (self, offset, width))
    return BW_SIM_FLASH_OK;
  if (frozen)
    return BW_SIM_FLASH_OK;
  for (guint i = 0; i < width; i++)
    cells[i] &= (guint8) (value >> (8 * i));
  start_busy (self, now_ns, bw_sim_clock_flash_program_ns (cr_psize (self)));
  return BW_SIM_FLASH_OK;
}

BwSimFlashResult
bw_sim_flash_ctrl_mem_write (BwSimFlashCtrl *self, guint64 now_ns, guint32 offset,
                             guint width, guint32 value)
{
  gint sector;

  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), BW_SIM_FLASH_BUS_ERROR);
  if (offset >= self->size || width > self->size - offset)
    return BW_SIM_FLASH_BUS_ERROR;
  update (self, now_ns);
  if (self->busy)
    return BW_SIM_FLASH_STALL;
  if (!program_allowed (self, offset, width))
    return BW_SIM_FLASH_OK;
  sector = sector_of (self, offset);
  if (sector < 0 || sector_protected (self, (guint) sector))
    {
      flag_error (self, BW_SIM_FLASH_SR_WRPERR);
      return BW_SIM_FLASH_OK;
    }
  if (self->stuck_armed)
    {
      self->stuck_armed = FALSE;
      self->has_stuck = TRUE;
      self->stuck_offset = offset;
    }
  for (guint i = 0; i < width; i++)
    {
      if (self->has_stuck && offset + i == self->stuck_offset)
        continue;
      self->data[offset + i] &= (guint8) (value >> (8 * i));
    }
  start_busy (self, now_ns, bw_sim_clock_flash_program_ns (cr_psize (self)));
  return BW_SIM_FLASH_OK;
}

void
bw_sim_flash_ctrl_arm_stuck_byte (BwSimFlashCtrl *self)
{
  g_return_if_fail (BW_SIM_IS_FLASH_CTRL (self));
  self->stuck_armed = TRUE;
}

void
bw_sim_flash_ctrl_arm_read_flip (BwSimFlashCtrl *self, guint8 mask)
{
  g_return_if_fail (BW_SIM_IS_FLASH_CTRL (self));
  self->flip_next_read = mask;
}

/* The supply fails: an erase in progress stops part way, so the cells it had
 * not reached yet are neither the old data nor erased (modelled as 0x00);
 * option bytes being programmed keep their old value, as RM0090 programs
 * them only once the erase that goes with them is over. */
void
bw_sim_flash_ctrl_power_loss (BwSimFlashCtrl *self, guint64 now_ns)
{
  g_return_if_fail (BW_SIM_IS_FLASH_CTRL (self));
  update (self, now_ns);
  if (self->busy)
    {
      if (self->erase_size > 0)
        {
          guint64 total = self->busy_until_ns - self->erase_start_ns;
          guint64 done = (now_ns - self->erase_start_ns) * self->erase_size / MAX (total, (guint64) 1);

          memset (self->data + self->erase_offset + done, 0x00, self->erase_size - done);
        }
      if (self->option_busy)
        self->option_word = self->option_word_before;
    }
  self->busy = FALSE;
  self->erase_size = 0;
  self->option_busy = FALSE;
  self->stuck_armed = FALSE;
  self->flip_next_read = 0;
  bw_sim_flash_ctrl_reset (self);
}

guint8 *
bw_sim_flash_ctrl_get_data (BwSimFlashCtrl *self, gsize *size)
{
  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), NULL);
  if (size != NULL)
    *size = self->size;
  return self->data;
}

guint
bw_sim_flash_ctrl_get_n_sectors (BwSimFlashCtrl *self)
{
  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), 0);
  return self->n_sectors;
}

gboolean
bw_sim_flash_ctrl_get_sector (BwSimFlashCtrl *self, guint sector, guint32 *offset, guint32 *size)
{
  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), FALSE);
  if (sector >= self->n_sectors)
    return FALSE;
  if (offset != NULL)
    *offset = self->sector_offset[sector];
  if (size != NULL)
    *size = self->sector_size[sector];
  return TRUE;
}

guint32
bw_sim_flash_ctrl_get_option_word (BwSimFlashCtrl *self)
{
  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), 0);
  return self->option_word;
}

void
bw_sim_flash_ctrl_set_option_word (BwSimFlashCtrl *self, guint32 optcr)
{
  g_return_if_fail (BW_SIM_IS_FLASH_CTRL (self));
  self->option_word = optcr & OPT_BYTES_MASK;
}

guint
bw_sim_flash_ctrl_get_rdp_level (BwSimFlashCtrl *self)
{
  g_return_val_if_fail (BW_SIM_IS_FLASH_CTRL (self), 0);
  return self->rdp_effective;
}

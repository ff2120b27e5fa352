/* bw-sim-stm32f405.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bw-sim-cortex-m4.h"
#include "bw-sim-cpu.h"
#include "bw-sim-flash-ctrl.h"
#include "bw-sim-ihex.h"
#include "bw-sim-stm32f405.h"

#define SYSMEM_BASE   0x1FFF0000u
#define SYSMEM_SIZE   0x7800u
#define OTP_BASE      0x1FFF7800u
#define OTP_SIZE      0x210u        /* 512 data bytes + 16 lock bytes */
#define UID_BASE      0x1FFF7A10u
#define FSIZE_F4      0x1FFF7A22u
#define OPTB_BASE     0x1FFFC000u
#define F1_FSIZE      0x1FFFF7E0u
#define F1_UID        0x1FFFF7E8u
#define DBGMCU_BASE   0xE0042000u
#define RCC_BASE      0x40023800u
#define IWDG_BASE     0x40003000u

typedef enum {
  BUS_OK,
  BUS_STALL,
  BUS_FAULT,
} BusResult;

struct _BwSimStm32f405 {
  GObject         parent_instance;
  BwSimClock     *clock;
  BwSimScenario  *scenario;
  BwSimState     *state;
  BwSimFlashCtrl *flash;
  BwSimCpu       *cpu;
  BwSimCortexM4  *core;

  guint8         *sram;
  guint8         *ccm;
  guint8          sysmem[SYSMEM_SIZE];
  guint8          otp[OTP_SIZE];
  guint16         dev_id;
  guint16         rev_id;
  guint32         flash_size;

  guint32         rcc[0x100];
  guint32         iwdg[4];
  guint32         dbgmcu[4];

  gboolean        connected;
  gboolean        nrst_asserted;
  gboolean        pending_reset;
  gboolean        power_lost; /* the supply failed during this session */
  guint           logged_sessions;
};

G_DEFINE_FINAL_TYPE (BwSimStm32f405, bw_sim_stm32f405, G_TYPE_OBJECT)

static void
bw_sim_stm32f405_dispose (GObject *object)
{
  BwSimStm32f405 *self = BW_SIM_STM32F405 (object);
  g_clear_object (&self->core);
  g_clear_object (&self->cpu);
  g_clear_object (&self->flash);
  g_clear_object (&self->state);
  g_clear_object (&self->scenario);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (bw_sim_stm32f405_parent_class)->dispose (object);
}

static void
bw_sim_stm32f405_finalize (GObject *object)
{
  BwSimStm32f405 *self = BW_SIM_STM32F405 (object);
  g_free (self->sram);
  g_free (self->ccm);
  G_OBJECT_CLASS (bw_sim_stm32f405_parent_class)->finalize (object);
}

static void
bw_sim_stm32f405_class_init (BwSimStm32f405Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = bw_sim_stm32f405_dispose;
  object_class->finalize = bw_sim_stm32f405_finalize;
}

static void
bw_sim_stm32f405_init (BwSimStm32f405 *self)
{
}

static gboolean
is_cortex_m3 (BwSimStm32f405 *self)
{
  return self->dev_id == 0x410 || self->dev_id == 0x412 || self->dev_id == 0x414 ||
         self->dev_id == 0x418 || self->dev_id == 0x420 || self->dev_id == 0x428 ||
         self->dev_id == 0x430;
}

static void
rcc_reset (BwSimStm32f405 *self)
{
  memset (self->rcc, 0, sizeof self->rcc);
  self->rcc[0x00 / 4] = 0x00000083u; /* CR: HSION, HSIRDY, HSITRIM 16 */
  self->rcc[0x04 / 4] = 0x24003010u; /* PLLCFGR */
  self->rcc[0x30 / 4] = 0x00100000u; /* AHB1ENR: CCMDATARAMEN */
  self->rcc[0x74 / 4] = 0x0E000000u; /* CSR: reset flags */
  self->rcc[0x84 / 4] = 0x24003000u; /* PLLI2SCFGR */
  memset (self->iwdg, 0, sizeof self->iwdg);
  self->iwdg[2] = 0xFFF;
}

/* ---------- the bus ---------- */

static guint32
width_mask (guint width)
{
  return width >= 4 ? 0xFFFFFFFFu : ((1u << (width * 8)) - 1);
}

static guint32
load_le (const guint8 *p, guint width)
{
  guint32 v = 0;
  for (guint i = 0; i < width; i++)
    v |= (guint32) p[i] << (8 * i);
  return v;
}

static void
store_le (guint8 *p, guint width, guint32 v)
{
  for (guint i = 0; i < width; i++)
    p[i] = (guint8) (v >> (8 * i));
}

static BusResult
from_flash (BwSimFlashResult r)
{
  switch (r)
    {
    case BW_SIM_FLASH_OK:
      return BUS_OK;
    case BW_SIM_FLASH_STALL:
      return BUS_STALL;
    case BW_SIM_FLASH_BUS_ERROR:
    default:
      return BUS_FAULT;
    }
}

static guint32
option_bytes_read (BwSimStm32f405 *self, guint32 offset)
{
  guint32 word = bw_sim_flash_ctrl_get_option_word (self->flash);
  guint16 user_rdp = (guint16) (word & 0xFFFF);
  guint16 nwrp = (guint16) (word >> 16);
  guint8 bytes[16];

  /* Each option byte pair is followed by its complement. */
  store_le (bytes + 0, 2, user_rdp);
  store_le (bytes + 2, 2, (guint16) ~user_rdp);
  store_le (bytes + 4, 4, 0xFFFFFFFFu);
  store_le (bytes + 8, 2, nwrp);
  store_le (bytes + 10, 2, (guint16) ~nwrp);
  store_le (bytes + 12, 4, 0xFFFFFFFFu);
  return bytes[offset];
}

static BusResult
sysmem_read (BwSimStm32f405 *self, guint32 addr, guint width, guint32 *value)
{
  guint32 v = 0;

  for (guint i = 0; i < width; i++)
    {
      guint32 a = addr + i;
      guint8 b;

      if (a >= SYSMEM_BASE && a < SYSMEM_BASE + SYSMEM_SIZE)
        b = self->sysmem[a - SYSMEM_BASE];
      else if (a >= OTP_BASE && a < OTP_BASE + OTP_SIZE)
        b = self->otp[a - OTP_BASE];
      else if (a >= UID_BASE && a < UID_BASE + 12)
        b = bw_sim_scenario_get_unique_id (self->scenario)[a - UID_BASE];
      else if (a >= FSIZE_F4 && a < FSIZE_F4 + 2 && !is_cortex_m3 (self))
        b = (guint8) ((self->flash_size / 1024) >> (8 * (a - FSIZE_F4)));
      else if (a >= F1_FSIZE && a < F1_FSIZE + 2 && is_cortex_m3 (self))
        b = (guint8) ((self->flash_size / 1024) >> (8 * (a - F1_FSIZE)));
      else if (a >= F1_UID && a < F1_UID + 12 && is_cortex_m3 (self))
        b = bw_sim_scenario_get_unique_id (self->scenario)[a - F1_UID];
      else if (a >= OPTB_BASE && a < OPTB_BASE + 16)
        b = (guint8) option_bytes_read (self, a - OPTB_BASE);
      else if (a >= UID_BASE && a < 0x1FFF7A30u)
        b = 0xFF;
      else
        return BUS_FAULT;
      v |= (guint32) b << (8 * i);
    }
  *value = v;
  return BUS_OK;
}

static BusResult
otp_write (BwSimStm32f405 *self, guint64 now_ns, guint32 addr, guint width, guint32 value)
{
  guint32 off = addr - OTP_BASE;
  /* A 32-byte block is frozen once its lock byte is 0x00. */
  gboolean frozen = off < 512 && self->otp[512 + off / 32] == 0x00;

  return from_flash (bw_sim_flash_ctrl_otp_write (self->flash, now_ns, off, self->otp + off, width,
                                                  value, frozen));
}

static BusResult
rcc_write (BwSimStm32f405 *self, guint32 off, guint32 v, guint32 mask)
{
  guint idx = off / 4;
  guint32 cur = self->rcc[idx];

  cur = (cur & ~mask) | (v & mask);
  switch (off)
    {
    case 0x00: /* CR: oscillators and PLLs are ready as soon as they are on */
      cur &= ~((1u << 1) | (1u << 17) | (1u << 25) | (1u << 27));
      cur |= (cur & 1u) << 1 | (cur & (1u << 16)) << 1 | (cur & (1u << 24)) << 1 |
             (cur & (1u << 26)) << 1;
      break;
    case 0x08: /* CFGR: SWS follows SW */
      cur = (cur & ~0xCu) | (cur & 0x3u) << 2;
      break;
    default:
      break;
    }
  self->rcc[idx] = cur;
  return BUS_OK;
}

static BusResult
bus_access (BwSimStm32f405 *self, guint32 addr, guint width, gboolean is_write,
            guint32 *value, guint64 now_ns, gboolean from_debugger)
{
  guint shift = (addr & 3) * 8;
  guint32 mask = width_mask (width) << shift;

  /* boot alias (BOOT0 = 0: flash at 0) and flash */
  if (addr < self->flash_size || (addr >= BW_SIM_STM32_FLASH_BASE &&
                                  addr - BW_SIM_STM32_FLASH_BASE < self->flash_size))
    {
      guint32 off = addr < self->flash_size ? addr : addr - BW_SIM_STM32_FLASH_BASE;
      if (width > self->flash_size - off)
        return BUS_FAULT;
      if (is_write)
        return from_flash (bw_sim_flash_ctrl_mem_write (self->flash, now_ns, off, width, *value));
      return from_flash (bw_sim_flash_ctrl_mem_read (self->flash, now_ns, off, width, value));
    }
  if (addr >= BW_SIM_STM32_SRAM_BASE && addr - BW_SIM_STM32_SRAM_BASE + width <= BW_SIM_STM32_SRAM_SIZE)
    {
      guint8 *p = self->sram + (addr - BW_SIM_STM32_SRAM_BASE);
      if (is_write)
        {
          store_le (p, width, *value);
          if (from_debugger)
            bw_sim_cpu_invalidate (self->cpu, addr & ~3u, 4 + width);
        }
      else
        *value = load_le (p, width);
      return BUS_OK;
    }
  if (addr >= BW_SIM_STM32_CCM_BASE && addr - BW_SIM_STM32_CCM_BASE + width <= BW_SIM_STM32_CCM_SIZE)
    {
      guint8 *p = self->ccm + (addr - BW_SIM_STM32_CCM_BASE);
      if (is_write)
        store_le (p, width, *value);
      else
        *value = load_le (p, width);
      return BUS_OK;
    }
  if (addr >= SYSMEM_BASE && addr < 0x20000000u)
    {
      /* OTP and option bytes live in the flash module: they stall while it is busy. */
      if (((addr >= OTP_BASE && addr < OTP_BASE + OTP_SIZE) || (addr >= OPTB_BASE && addr < OPTB_BASE + 16)) &&
          bw_sim_flash_ctrl_get_busy_until_ns (self->flash, now_ns) != 0)
        return BUS_STALL;
      if (!is_write)
        return sysmem_read (self, addr, width, value);
      if (addr >= OTP_BASE && addr - OTP_BASE + width <= OTP_SIZE)
        return otp_write (self, now_ns, addr, width, *value);
      return BUS_FAULT; /* ROM and option bytes are not writable on the bus */
    }
  if (addr >= BW_SIM_FLASH_REGS_BASE && addr < BW_SIM_FLASH_REGS_BASE + 0x400)
    {
      guint32 off = addr - BW_SIM_FLASH_REGS_BASE;
      if (is_write)
        return from_flash (bw_sim_flash_ctrl_reg_write (self->flash, now_ns, off, width, *value));
      return from_flash (bw_sim_flash_ctrl_reg_read (self->flash, now_ns, off, width, value));
    }
  if (addr >= RCC_BASE && addr < RCC_BASE + 0x400)
    {
      guint32 off = (addr - RCC_BASE) & ~3u;
      if (is_write)
        return rcc_write (self, off, (*value << shift) & mask, mask);
      *value = (self->rcc[off / 4] >> shift) & width_mask (width);
      return BUS_OK;
    }
  if (addr >= IWDG_BASE && addr < IWDG_BASE + 0x10)
    {
      guint idx = (addr - IWDG_BASE) / 4;
      if (is_write)
        {
          /* KR is write-only; PR/RLR need the 0x5555 access key (not modelled: kept). */
          if (idx != 0)
            self->iwdg[idx] = (self->iwdg[idx] & ~mask) | ((*value << shift) & mask);
        }
      else
        *value = idx == 0 ? 0 : (self->iwdg[idx] >> shift) & width_mask (width);
      return BUS_OK;
    }
  if ((addr >= 0x40000000u && addr < 0x40080000u) || (addr >= 0x50000000u && addr < 0x50061000u))
    {
      /* Other peripherals are not modelled: read as zero, writes ignored. */
      if (!is_write)
        *value = 0;
      return BUS_OK;
    }
  if (addr >= DBGMCU_BASE && addr < DBGMCU_BASE + 0x10)
    {
      guint idx = (addr - DBGMCU_BASE) / 4;
      guint32 reg;
      if (idx == 0)
        reg = (guint32) self->rev_id << 16 | 0x6000u | (self->dev_id & 0xFFF); /* bits 15:12 read 6 */
      else
        reg = self->dbgmcu[idx];
      if (is_write)
        {
          if (idx != 0)
            self->dbgmcu[idx] = (reg & ~mask) | ((*value << shift) & mask);
        }
      else
        *value = (reg >> shift) & width_mask (width);
      return BUS_OK;
    }
  if (addr >= 0xE0000000u && addr < 0xE0100000u)
    {
      if (is_write)
        {
          gboolean sysreset = FALSE;
          bw_sim_cortex_m4_write (self->core, now_ns, addr, width, from_debugger, *value, &sysreset);
          if (sysreset)
            {
              if (from_debugger)
                bw_sim_stm32f405_system_reset (self);
              else
                {
                  self->pending_reset = TRUE;
                  bw_sim_cpu_request_stop (self->cpu);
                }
            }
          return BUS_OK;
        }
      return bw_sim_cortex_m4_read (self->core, addr, width, from_debugger, value) ? BUS_OK : BUS_FAULT;
    }
  return BUS_FAULT;
}

static BwSimCpuBusResult
core_bus (gpointer user_data, guint32 address, guint width, gboolean is_write,
          guint32 *value, guint64 *time_ns)
{
  BwSimStm32f405 *self = user_data;

  for (guint tries = 0; tries < 3; tries++)
    {
      BusResult r = bus_access (self, address, width, is_write, value, *time_ns, FALSE);
      if (r == BUS_OK)
        return BW_SIM_CPU_BUS_OK;
      if (r == BUS_FAULT)
        return BW_SIM_CPU_BUS_FAULT;
      /* The AHB holds the core until the flash controller is free. */
      *time_ns = MAX (*time_ns, bw_sim_flash_ctrl_get_busy_until_ns (self->flash, *time_ns));
    }
  return BW_SIM_CPU_BUS_FAULT;
}

static gboolean
is_firmware_pc (gpointer user_data, guint32 pc)
{
  BwSimStm32f405 *self = user_data;
  return pc < self->flash_size ||
         (pc >= BW_SIM_STM32_FLASH_BASE && pc - BW_SIM_STM32_FLASH_BASE < self->flash_size) ||
         (pc >= SYSMEM_BASE && pc < SYSMEM_BASE + SYSMEM_SIZE);
}

/* ---------- reset ---------- */

static void
core_reset (BwSimStm32f405 *self, guint64 now_ns)
{
  gsize size = 0;
  const guint8 *flash = bw_sim_flash_ctrl_get_data (self->flash, &size);
  /* The vector fetch is a core access at reset, not subject to RDP. */
  bw_sim_cortex_m4_reset (self->core, now_ns, load_le (flash, 4), load_le (flash + 4, 4));
}

void
bw_sim_stm32f405_system_reset (BwSimStm32f405 *self)
{
  g_return_if_fail (BW_SIM_IS_STM32F405 (self));
  self->pending_reset = FALSE;
  bw_sim_flash_ctrl_reset (self->flash);
  rcc_reset (self);
  core_reset (self, bw_sim_clock_now_ns (self->clock));
}

/* ---------- construction and persistence ---------- */

static gboolean
load_bin_cb (guint32 address, const guint8 *data, gsize size, gpointer user_data, GError **error)
{
  BwSimStm32f405 *self = user_data;
  return bw_sim_stm32f405_load_flash (self, address, data, size, error);
}

static gboolean
load_initial_flash (BwSimStm32f405 *self, GError **error)
{
  const gchar *file = bw_sim_scenario_get_flash_file (self->scenario);
  g_autofree gchar *path = NULL;
  g_autofree gchar *data = NULL;
  gsize len = 0;

  if (file == NULL)
    return TRUE;
  if (g_path_is_absolute (file) || bw_sim_scenario_get_base_dir (self->scenario) == NULL)
    path = g_strdup (file);
  else
    path = g_build_filename (bw_sim_scenario_get_base_dir (self->scenario), file, NULL);
  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  if (g_str_has_suffix (path, ".hex") || g_str_has_suffix (path, ".ihex"))
    {
      if (!bw_sim_ihex_parse (data, len, load_bin_cb, self, error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
      return TRUE;
    }
  if (!bw_sim_stm32f405_load_flash (self, BW_SIM_STM32_FLASH_BASE, (const guint8 *) data, len, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

static void
load_blob_into (BwSimState *state, const gchar *name, guint8 *dest, gsize size)
{
  g_autoptr(GBytes) bytes = bw_sim_state_load_blob (state, name, NULL);
  gsize len = 0;
  const guint8 *data;

  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  memcpy (dest, data, MIN (len, size));
}

static const guint core_regs_saved[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 20 };

static void
restore_core (BwSimStm32f405 *self, guint64 now_ns)
{
  gboolean sysreset = FALSE;
  guint32 demcr = (guint32) bw_sim_state_get_int (self->state, "core", "demcr", 0);

  if (bw_sim_state_get_int (self->state, "core", "halted", 0) == 0)
    {
      bw_sim_cortex_m4_write (self->core, now_ns, BW_SIM_DEMCR, 4, TRUE, demcr, &sysreset);
      return;
    }
  /* The chip stayed powered and halted between the two processes. */
  bw_sim_cortex_m4_restore_halted (self->core, demcr);
  for (guint i = 0; i < G_N_ELEMENTS (core_regs_saved); i++)
    {
      g_autofree gchar *key = g_strdup_printf ("r%u", core_regs_saved[i]);
      if (bw_sim_state_has_key (self->state, "core", key))
        bw_sim_cpu_write_reg (self->cpu, core_regs_saved[i],
                              (guint32) bw_sim_state_get_int (self->state, "core", key, 0));
    }
}

BwSimStm32f405 *
bw_sim_stm32f405_new_full (BwSimClock *clock, BwSimScenario *scenario, BwSimState *state,
                           GError **error)
{
  g_autoptr(BwSimStm32f405) self = NULL;
  guint64 now_ns;

  g_return_val_if_fail (BW_SIM_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (BW_SIM_IS_SCENARIO (scenario), NULL);
  self = g_object_new (BW_SIM_TYPE_STM32F405, NULL);
  self->clock = g_object_ref (clock);
  self->scenario = g_object_ref (scenario);
  self->state = state != NULL ? g_object_ref (state) : NULL;
  self->dev_id = bw_sim_scenario_get_dev_id (scenario);
  self->rev_id = bw_sim_scenario_get_rev_id (scenario);
  self->flash_size = bw_sim_scenario_get_flash_size_kb (scenario) * 1024u;
  self->flash = bw_sim_flash_ctrl_new (self->flash_size, scenario);
  self->sram = g_malloc0 (BW_SIM_STM32_SRAM_SIZE);
  self->ccm = g_malloc0 (BW_SIM_STM32_CCM_SIZE);
  memset (self->sysmem, 0xFF, sizeof self->sysmem);
  memset (self->otp, 0xFF, sizeof self->otp);
  self->cpu = bw_sim_cpu_new (self->sram, BW_SIM_STM32_SRAM_BASE, BW_SIM_STM32_SRAM_SIZE,
                              self->ccm, BW_SIM_STM32_CCM_BASE, BW_SIM_STM32_CCM_SIZE,
                              core_bus, self, error);
  if (self->cpu == NULL)
    return NULL;
  self->core = bw_sim_cortex_m4_new (self->cpu, is_cortex_m3 (self) ? 0x411FC231u : 0x410FC241u,
                                     is_firmware_pc, self);
  rcc_reset (self);

  if (state != NULL)
    bw_sim_state_load_clock (state, clock);
  now_ns = bw_sim_clock_now_ns (clock);

  if (state != NULL && bw_sim_state_has_blob (state, "flash.bin"))
    {
      gsize size = 0;
      guint8 *data = bw_sim_flash_ctrl_get_data (self->flash, &size);
      load_blob_into (state, "flash.bin", data, size);
      load_blob_into (state, "otp.bin", self->otp, sizeof self->otp);
      load_blob_into (state, "sram.bin", self->sram, BW_SIM_STM32_SRAM_SIZE);
      load_blob_into (state, "ccm.bin", self->ccm, BW_SIM_STM32_CCM_SIZE);
      if (bw_sim_state_has_key (state, "target", "option-bytes"))
        bw_sim_flash_ctrl_set_option_word (self->flash,
                                           (guint32) bw_sim_state_get_int (state, "target", "option-bytes", 0));
      bw_sim_flash_ctrl_reset (self->flash);
      core_reset (self, now_ns);
      restore_core (self, now_ns);
    }
  else
    {
      if (!load_initial_flash (self, error))
        return NULL;
      core_reset (self, now_ns);
    }
  if (state != NULL)
    self->logged_sessions = bw_sim_clock_get_n_sessions (clock);
  return g_steal_pointer (&self);
}

BwSimStm32f405 *
bw_sim_stm32f405_new (BwSimClock *clock, BwSimScenario *scenario, BwSimState *state)
{
  g_autoptr(GError) error = NULL;
  BwSimStm32f405 *self = bw_sim_stm32f405_new_full (clock, scenario, state, &error);

  if (self == NULL)
    g_critical ("cannot create the simulated target: %s", error->message);
  return self;
}

gboolean
bw_sim_stm32f405_save (BwSimStm32f405 *self, GError **error)
{
  gsize size = 0;
  const guint8 *flash;

  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  if (self->state == NULL)
    return TRUE;
  bw_sim_stm32f405_sync (self);
  flash = bw_sim_flash_ctrl_get_data (self->flash, &size);
  if (!bw_sim_state_save_blob (self->state, "flash.bin", flash, size, error) ||
      !bw_sim_state_save_blob (self->state, "otp.bin", self->otp, sizeof self->otp, error) ||
      !bw_sim_state_save_blob (self->state, "sram.bin", self->sram, BW_SIM_STM32_SRAM_SIZE, error) ||
      !bw_sim_state_save_blob (self->state, "ccm.bin", self->ccm, BW_SIM_STM32_CCM_SIZE, error))
    return FALSE;
  bw_sim_state_set_int (self->state, "target", "option-bytes",
                        bw_sim_flash_ctrl_get_option_word (self->flash));
  bw_sim_state_set_int (self->state, "core", "halted", bw_sim_cortex_m4_is_halted (self->core));
  {
    guint32 demcr = 0;
    bw_sim_cortex_m4_read (self->core, BW_SIM_DEMCR, 4, FALSE, &demcr);
    bw_sim_state_set_int (self->state, "core", "demcr", demcr);
  }
  for (guint i = 0; i < G_N_ELEMENTS (core_regs_saved); i++)
    {
      g_autofree gchar *key = g_strdup_printf ("r%u", core_regs_saved[i]);
      guint32 v = 0;
      if (bw_sim_cpu_read_reg (self->cpu, core_regs_saved[i], &v))
        bw_sim_state_set_int (self->state, "core", key, v);
    }
  bw_sim_state_store_clock (self->state, self->clock);
  for (; self->logged_sessions < bw_sim_clock_get_n_sessions (self->clock); self->logged_sessions++)
    {
      g_autofree gchar *line = bw_sim_clock_format_session (self->clock, self->logged_sessions);
      if (!bw_sim_state_append_session_log (self->state, line, error))
        return FALSE;
    }
  return bw_sim_state_flush (self->state, error);
}

/* ---------- wiring ---------- */

BwSimClock *
bw_sim_stm32f405_get_clock (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), NULL);
  return self->clock;
}

BwSimScenario *
bw_sim_stm32f405_get_scenario (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), NULL);
  return self->scenario;
}

static gboolean
powered (BwSimStm32f405 *self)
{
  return bw_sim_scenario_get_powered (self->scenario) && !self->power_lost;
}

/* The supply fails for the rest of the session: SWD stops answering, RAM is
 * lost, the core stays in reset, and a flash operation in progress is cut
 * short. A saved state then holds a chip that starts from reset. */
void
bw_sim_stm32f405_cut_power (BwSimStm32f405 *self)
{
  guint64 now_ns;

  g_return_if_fail (BW_SIM_IS_STM32F405 (self));
  if (!powered (self))
    return;
  bw_sim_stm32f405_sync (self);
  now_ns = bw_sim_clock_now_ns (self->clock);
  self->power_lost = TRUE;
  self->connected = FALSE;
  self->pending_reset = FALSE;
  bw_sim_flash_ctrl_power_loss (self->flash, now_ns);
  bw_sim_flash_ctrl_set_debug_attached (self->flash, FALSE);
  rcc_reset (self);
  memset (self->sram, 0, BW_SIM_STM32_SRAM_SIZE);
  memset (self->ccm, 0, BW_SIM_STM32_CCM_SIZE);
  core_reset (self, now_ns);
  bw_sim_cortex_m4_set_hold (self->core, TRUE);
}

void
bw_sim_stm32f405_arm_flash_error (BwSimStm32f405 *self)
{
  g_return_if_fail (BW_SIM_IS_STM32F405 (self));
  bw_sim_flash_ctrl_arm_stuck_byte (self->flash);
}

void
bw_sim_stm32f405_arm_bit_flip (BwSimStm32f405 *self)
{
  guint8 mask = 0x01;

  g_return_if_fail (BW_SIM_IS_STM32F405 (self));
  (void) bw_sim_scenario_get_bit_flip (self->scenario, NULL, &mask);
  bw_sim_flash_ctrl_arm_read_flip (self->flash, mask);
}

gboolean
bw_sim_stm32f405_is_powered (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  return powered (self);
}

static gboolean
swd_pins_usable (BwSimStm32f405 *self)
{
  if (!powered (self) ||
      bw_sim_scenario_get_gnd_missing (self->scenario) ||
      bw_sim_scenario_get_swd_swapped (self->scenario) ||
      bw_sim_flash_ctrl_get_rdp_level (self->flash) == 2)
    return FALSE;
  /* Firmware that reconfigures PA13/PA14 cuts SWD while it runs; holding
   * NRST keeps the pins in their reset (SWD) function. */
  if (bw_sim_scenario_get_swd_disabled_by_firmware (self->scenario) && !self->nrst_asserted &&
      bw_sim_cortex_m4_is_running_firmware (self->core))
    return FALSE;
  return TRUE;
}

gboolean
bw_sim_stm32f405_swd_connect (BwSimStm32f405 *self, guint32 *dpidr)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  bw_sim_stm32f405_sync (self);
  if (!swd_pins_usable (self))
    {
      self->connected = FALSE;
      return FALSE;
    }
  self->connected = TRUE;
  bw_sim_flash_ctrl_set_debug_attached (self->flash, TRUE);
  if (dpidr != NULL)
    *dpidr = is_cortex_m3 (self) ? 0x1BA01477u : BW_SIM_STM32_DPIDR;
  return TRUE;
}

gboolean
bw_sim_stm32f405_swd_connected (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  return self->connected && swd_pins_usable (self);
}

void
bw_sim_stm32f405_set_nrst (BwSimStm32f405 *self, gboolean asserted)
{
  g_return_if_fail (BW_SIM_IS_STM32F405 (self));
  if (!bw_sim_scenario_get_nrst_wired (self->scenario) || !powered (self))
    return;
  bw_sim_stm32f405_sync (self);
  if (asserted == self->nrst_asserted)
    return;
  self->nrst_asserted = asserted;
  if (asserted)
    {
      bw_sim_flash_ctrl_reset (self->flash);
      rcc_reset (self);
      core_reset (self, bw_sim_clock_now_ns (self->clock));
      bw_sim_cortex_m4_set_hold (self->core, TRUE);
    }
  else
    {
      bw_sim_cortex_m4_set_hold (self->core, FALSE);
      core_reset (self, bw_sim_clock_now_ns (self->clock));
    }
}

gboolean
bw_sim_stm32f405_get_nrst (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  return self->nrst_asserted;
}

gboolean
bw_sim_stm32f405_nrst_wired (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  return bw_sim_scenario_get_nrst_wired (self->scenario);
}

gdouble
bw_sim_stm32f405_get_supply_voltage (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), 0.0);
  return powered (self) ? bw_sim_scenario_get_supply_voltage (self->scenario) : 0.0;
}

gdouble
bw_sim_stm32f405_get_sense_voltage (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), 0.0);
  if (!bw_sim_scenario_get_sense_wired (self->scenario))
    return bw_sim_scenario_get_sense_unwired_voltage (self->scenario);
  /* Without a common ground there is no return path for the measurement. */
  if (bw_sim_scenario_get_gnd_missing (self->scenario))
    return 0.0;
  return bw_sim_stm32f405_get_supply_voltage (self);
}

/* ---------- MEM-AP ---------- */

void
bw_sim_stm32f405_sync (BwSimStm32f405 *self)
{
  guint64 now_ns;

  g_return_if_fail (BW_SIM_IS_STM32F405 (self));
  now_ns = bw_sim_clock_now_ns (self->clock);
  if (!powered (self))
    return;
  for (guint guard = 0; guard < 1000; guard++)
    {
      bw_sim_cortex_m4_run_until (self->core, now_ns);
      if (!self->pending_reset)
        break;
      /* The core asked for a system reset (AIRCR from firmware). */
      self->pending_reset = FALSE;
      bw_sim_flash_ctrl_reset (self->flash);
      rcc_reset (self);
      core_reset (self, MIN (now_ns, bw_sim_cortex_m4_get_core_ns (self->core)));
    }
}

static BwSimSwdResult
mem_ap (BwSimStm32f405 *self, guint32 address, guint width, gboolean is_write, guint32 *value)
{
  BusResult r;

  if (!self->connected || !swd_pins_usable (self))
    return BW_SIM_SWD_NO_RESPONSE;
  if ((width != 1 && width != 2 && width != 4) || (address & (width - 1)) != 0)
    return BW_SIM_SWD_FAULT;
  bw_sim_stm32f405_sync (self);
  if (!swd_pins_usable (self))
    return BW_SIM_SWD_NO_RESPONSE;
  r = bus_access (self, address, width, is_write, value, bw_sim_clock_now_ns (self->clock), TRUE);
  switch (r)
    {
    case BUS_OK:
      return BW_SIM_SWD_OK;
    case BUS_STALL:
      return BW_SIM_SWD_WAIT;
    case BUS_FAULT:
    default:
      return BW_SIM_SWD_FAULT;
    }
}

BwSimSwdResult
bw_sim_stm32f405_read (BwSimStm32f405 *self, guint32 address, guint width, guint32 *value)
{
  guint32 v = 0;
  BwSimSwdResult r;

  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), BW_SIM_SWD_NO_RESPONSE);
  r = mem_ap (self, address, width, FALSE, &v);
  if (r == BW_SIM_SWD_OK && value != NULL)
    *value = v;
  return r;
}

BwSimSwdResult
bw_sim_stm32f405_write (BwSimStm32f405 *self, guint32 address, guint width, guint32 value)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), BW_SIM_SWD_NO_RESPONSE);
  value &= width_mask (width);
  return mem_ap (self, address, width, TRUE, &value);
}

guint64
bw_sim_stm32f405_get_busy_until (BwSimStm32f405 *self)
{
  guint64 ns;

  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), 0);
  ns = bw_sim_flash_ctrl_get_busy_until_ns (self->flash, bw_sim_clock_now_ns (self->clock));
  return (ns + 999) / 1000;
}

BwSimSwdResult
bw_sim_stm32f405_read_core_reg (BwSimStm32f405 *self, guint regsel, guint32 *value)
{
  BwSimSwdResult r = bw_sim_stm32f405_write (self, BW_SIM_DCRSR, 4, regsel & 0x7F);
  if (r != BW_SIM_SWD_OK)
    return r;
  return bw_sim_stm32f405_read (self, BW_SIM_DCRDR, 4, value);
}

BwSimSwdResult
bw_sim_stm32f405_write_core_reg (BwSimStm32f405 *self, guint regsel, guint32 value)
{
  BwSimSwdResult r = bw_sim_stm32f405_write (self, BW_SIM_DCRDR, 4, value);
  if (r != BW_SIM_SWD_OK)
    return r;
  return bw_sim_stm32f405_write (self, BW_SIM_DCRSR, 4, (regsel & 0x7F) | (1u << 16));
}

gboolean
bw_sim_stm32f405_is_halted (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  return bw_sim_cortex_m4_is_halted (self->core);
}

guint64
bw_sim_stm32f405_get_insn_count (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), 0);
  return bw_sim_cortex_m4_get_insn_count (self->core);
}

/* ---------- inspection ---------- */

const guint8 *
bw_sim_stm32f405_peek_flash (BwSimStm32f405 *self, gsize *size)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), NULL);
  return bw_sim_flash_ctrl_get_data (self->flash, size);
}

gboolean
bw_sim_stm32f405_load_flash (BwSimStm32f405 *self, guint32 address, const guint8 *data,
                             gsize size, GError **error)
{
  gsize fsize = 0;
  guint8 *flash;

  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), FALSE);
  flash = bw_sim_flash_ctrl_get_data (self->flash, &fsize);
  if (address < BW_SIM_STM32_FLASH_BASE || address - BW_SIM_STM32_FLASH_BASE > fsize ||
      size > fsize - (address - BW_SIM_STM32_FLASH_BASE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%" G_GSIZE_FORMAT " bytes at 0x%08x do not fit in the flash "
                   "(0x08000000, %" G_GSIZE_FORMAT " bytes)", size, address, fsize);
      return FALSE;
    }
  memcpy (flash + (address - BW_SIM_STM32_FLASH_BASE), data, size);
  return TRUE;
}

guint16
bw_sim_stm32f405_get_dev_id (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), 0);
  return self->dev_id;
}

guint32
bw_sim_stm32f405_get_flash_size (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), 0);
  return self->flash_size;
}

guint32
bw_sim_stm32f405_get_optcr (BwSimStm32f405 *self)
{
  g_return_val_if_fail (BW_SIM_IS_STM32F405 (self), 0);
  return bw_sim_flash_ctrl_get_option_word (self->flash);
}

guint8
bw_sim_stm32f405_get_rdp_byte (BwSimStm32f405 *self)
{
  return (guint8) (bw_sim_stm32f405_get_optcr (self) >> 8);
}

guint
bw_sim_stm32f405_get_rdp_level (BwSimStm32f405 *self)
{
  guint8 rdp = bw_sim_stm32f405_get_rdp_byte (self);
  return rdp == 0xAA ? 0 : (rdp == 0xCC ? 2 : 1);
}

guint16
bw_sim_stm32f405_get_nwrp (BwSimStm32f405 *self)
{
  return (guint16) ((bw_sim_stm32f405_get_optcr (self) >> 16) & 0xFFF);
}

void
bw_sim_stm32f405_set_option_bytes (BwSimStm32f405 *self, guint8 rdp, guint16 nwrp)
{
  guint32 word;

  g_return_if_fail (BW_SIM_IS_STM32F405 (self));
  word = bw_sim_flash_ctrl_get_option_word (self->flash);
  word = (word & 0x000000FFu) | (guint32) rdp << 8 | (guint32) (nwrp & 0xFFF) << 16;
  bw_sim_flash_ctrl_set_option_word (self->flash, word);
  bw_sim_flash_ctrl_reset (self->flash);
}

/* bw-sim-cpu.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <unicorn/unicorn.h>

#include "bw-sim-clock.h"
#include "bw-sim-cpu.h"

/* QEMU's exception numbers, as Unicorn hands them to UC_HOOK_INTR. */
#define EXCP_UDEF 1u
#define EXCP_BKPT 7u

typedef struct {
  BwSimCpu *cpu;
  guint32   base;
} BwSimCpuRegion;

/* Everything that is not SRAM/CCM: boot alias, flash, system memory/OTP/
 * option bytes, the peripheral buses and the private peripheral bus. */
static const struct {
  guint32 base;
  guint32 size;
} mmio_regions[] = {
  { 0x00000000u, 0x00200000u },
  { 0x08000000u, 0x00200000u },
  { 0x1FFF0000u, 0x00010000u },
  { 0x40000000u, 0x00100000u },
  { 0x50000000u, 0x00070000u },
  { 0xE0000000u, 0x00100000u },
};

struct _BwSimCpu {
  GObject          parent_instance;
  uc_engine       *uc;
  uc_hook          code_hook;
  uc_hook          intr_hook;
  uc_hook          unmapped_hook;
  BwSimCpuBusFunc  bus;
  gpointer         bus_data;
  BwSimCpuRegion   regions[G_N_ELEMENTS (mmio_regions)];
  guint32          ram_base[2];
  gsize            ram_size[2];
  gboolean         thumb;     /* xPSR.T as the debugger last set it */
  guint64          dirty_lo;  /* RAM the host wrote since the last run */
  guint64          dirty_hi;

  /* per run */
  guint64          count;
  guint64          limit;
  guint64          start_ns;
  guint64          stall_ns;
  gboolean         stop_set;
  BwSimCpuStop     stop;
  BwSimCpuFault    fault;
  guint32          fault_address;
};

G_DEFINE_FINAL_TYPE (BwSimCpu, bw_sim_cpu, G_TYPE_OBJECT)

static void
bw_sim_cpu_finalize (GObject *object)
{
  BwSimCpu *self = BW_SIM_CPU (object);
  if (self->uc != NULL)
    uc_close (self->uc);
  G_OBJECT_CLASS (bw_sim_cpu_parent_class)->finalize (object);
}

static void
bw_sim_cpu_class_init (BwSimCpuClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_sim_cpu_finalize;
}

static void
bw_sim_cpu_init (BwSimCpu *self)
{
  self->thumb = TRUE;
}

static guint64
access_time (BwSimCpu *self)
{
  return self->start_ns + bw_sim_clock_insns_to_ns (self->count) + self->stall_ns;
}

static void
set_fault (BwSimCpu *self, BwSimCpuFault fault, guint32 address)
{
  if (self->fault == BW_SIM_CPU_FAULT_NONE)
    {
      self->fault = fault;
      self->fault_address = address;
    }
}

static void
set_stop (BwSimCpu *self, BwSimCpuStop stop)
{
  if (!self->stop_set)
    {
      self->stop = stop;
      self->stop_set = TRUE;
    }
  uc_emu_stop (self->uc);
}

static void
account_stall (BwSimCpu *self, guint64 before, guint64 after)
{
  guint64 insns;

  if (after <= before)
    return;
  self->stall_ns += after - before;
  /* A stall uses up the time budget like executed instructions do. */
  insns = bw_sim_clock_ns_to_insns (after - before);
  self->limit = self->limit > self->count + insns ? self->limit - insns : self->count;
}

static uint64_t
mmio_read (uc_engine *uc, uint64_t offset, unsigned size, void *user_data)
{
  BwSimCpuRegion *r = user_data;
  BwSimCpu *self = r->cpu;
  guint64 t = access_time (self);
  guint64 t0 = t;
  guint32 value = 0;

  if (self->bus (self->bus_data, r->base + (guint32) offset, size, FALSE, &value, &t) != BW_SIM_CPU_BUS_OK)
    {
      set_fault (self, BW_SIM_CPU_FAULT_BUS, r->base + (guint32) offset);
      set_stop (self, BW_SIM_CPU_STOP_FAULT);
      return 0;
    }
  account_stall (self, t0, t);
  return value;
}

static void
mmio_write (uc_engine *uc, uint64_t offset, unsigned size, uint64_t value, void *user_data)
{
  BwSimCpuRegion *r = user_data;
  BwSimCpu *self = r->cpu;
  guint64 t = access_time (self);
  guint64 t0 = t;
  guint32 v = (guint32) value;

  if (self->bus (self->bus_data, r->base + (guint32) offset, size, TRUE, &v, &t) != BW_SIM_CPU_BUS_OK)
    {
      set_fault (self, BW_SIM_CPU_FAULT_BUS, r->base + (guint32) offset);
      set_stop (self, BW_SIM_CPU_STOP_FAULT);
      return;
    }
  account_stall (self, t0, t);
}

static void
code_cb (uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
{
  BwSimCpu *self = user_data;

  if (self->count >= self->limit)
    {
      uc_emu_stop (uc);
      return;
    }
  self->count++;
}

static void
intr_cb (uc_engine *uc, uint32_t intno, void *user_data)
{
  BwSimCpu *self = user_data;

  if (intno != EXCP_BKPT)
    set_fault (self, intno == EXCP_UDEF ? BW_SIM_CPU_FAULT_UNDEF : BW_SIM_CPU_FAULT_OTHER, 0);
  set_stop (self, intno == EXCP_BKPT ? BW_SIM_CPU_STOP_BKPT : BW_SIM_CPU_STOP_FAULT);
}

static bool
unmapped_cb (uc_engine *uc, uc_mem_type type, uint64_t address, int size, int64_t value,
             void *user_data)
{
  BwSimCpu *self = user_data;

  if (type != UC_MEM_FETCH_UNMAPPED)
    set_fault (self, BW_SIM_CPU_FAULT_BUS, (guint32) address);
  return false;
}

static gboolean
uc_check (uc_err err, const gchar *what, GError **error)
{
  if (err == UC_ERR_OK)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unicorn: %s: %s", what, uc_strerror (err));
  return FALSE;
}

BwSimCpu *
bw_sim_cpu_new (guint8 *sram, guint32 sram_base, gsize sram_size,
                guint8 *ccm, guint32 ccm_base, gsize ccm_size,
                BwSimCpuBusFunc bus, gpointer bus_data, GError **error)
{
  g_autoptr(BwSimCpu) self = g_object_new (BW_SIM_TYPE_CPU, NULL);

  self->bus = bus;
  self->bus_data = bus_data;
  self->ram_base[0] = sram_base;
  self->ram_size[0] = sram_size;
  self->ram_base[1] = ccm_base;
  self->ram_size[1] = ccm_size;
  if (!uc_check (uc_open (UC_ARCH_ARM, UC_MODE_THUMB | UC_MODE_MCLASS, &self->uc), "open", error))
    return NULL;
  if (!uc_check (uc_ctl_set_cpu_model (self->uc, UC_CPU_ARM_CORTEX_M4), "cpu model", error) ||
      !uc_check (uc_mem_map_ptr (self->uc, sram_base, sram_size, UC_PROT_ALL, sram), "map sram", error) ||
      !uc_check (uc_mem_map_ptr (self->uc, ccm_base, ccm_size, UC_PROT_READ | UC_PROT_WRITE, ccm),
                 "map ccm", error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (mmio_regions); i++)
    {
      self->regions[i].cpu = self;
      self->regions[i].base = mmio_regions[i].base;
      if (!uc_check (uc_mmio_map (self->uc, mmio_regions[i].base, mmio_regions[i].size,
                                  mmio_read, &self->regions[i], mmio_write, &self->regions[i]),
                     "map mmio", error) ||
          !uc_check (uc_mem_protect (self->uc, mmio_regions[i].base, mmio_regions[i].size,
                                     UC_PROT_READ | UC_PROT_WRITE), "protect mmio", error))
        return NULL;
    }
  if (!uc_check (uc_hook_add (self->uc, &self->code_hook, UC_HOOK_CODE, code_cb, self, 1, 0),
                 "code hook", error) ||
      !uc_check (uc_hook_add (self->uc, &self->intr_hook, UC_HOOK_INTR, intr_cb, self, 1, 0),
                 "interrupt hook", error) ||
      !uc_check (uc_hook_add (self->uc, &self->unmapped_hook,
                              UC_HOOK_MEM_READ_UNMAPPED | UC_HOOK_MEM_WRITE_UNMAPPED,
                              unmapped_cb, self, 1, 0), "unmapped hook", error))
    return NULL;
  return g_steal_pointer (&self);
}

BwSimCpuFault
bw_sim_cpu_get_fault (BwSimCpu *self, guint32 *address)
{
  g_return_val_if_fail (BW_SIM_IS_CPU (self), BW_SIM_CPU_FAULT_NONE);
  if (address != NULL)
    *address = self->fault_address;
  return self->fault;
}

void
bw_sim_cpu_request_stop (BwSimCpu *self)
{
  g_return_if_fail (BW_SIM_IS_CPU (self));
  set_stop (self, BW_SIM_CPU_STOP_REQUEST);
}

gboolean
bw_sim_cpu_pc_executable (BwSimCpu *self, guint32 pc)
{
  g_return_val_if_fail (BW_SIM_IS_CPU (self), FALSE);
  /* SRAM executes; CCM is data-only on the F4 (D-bus only). */
  return pc >= self->ram_base[0] && pc - self->ram_base[0] < self->ram_size[0];
}

static gboolean
is_wfi_before (BwSimCpu *self, guint32 pc)
{
  guint8 insn[2] = { 0, 0 };

  if (pc < 2 || !bw_sim_cpu_pc_executable (self, pc - 2) ||
      uc_mem_read (self->uc, pc - 2, insn, 2) != UC_ERR_OK)
    return FALSE;
  return insn[0] == 0x30 && insn[1] == 0xBF;
}

BwSimCpuStop
bw_sim_cpu_run (BwSimCpu *self, guint64 max_insns, guint64 start_ns,
                guint64 *executed, guint64 *end_ns)
{
  guint32 pc = 0;
  uc_err err;

  g_return_val_if_fail (BW_SIM_IS_CPU (self), BW_SIM_CPU_STOP_FAULT);
  self->count = 0;
  self->limit = max_insns;
  self->start_ns = start_ns;
  self->stall_ns = 0;
  self->stop_set = FALSE;
  self->stop = BW_SIM_CPU_STOP_BUDGET;
  self->fault = BW_SIM_CPU_FAULT_NONE;
  self->fault_address = 0;

  uc_reg_read (self->uc, UC_ARM_REG_PC, &pc);
  if (!self->thumb)
    {
      /* xPSR.T = 0: INVSTATE UsageFault on the first instruction. */
      self->stop = BW_SIM_CPU_STOP_FAULT;
      set_fault (self, BW_SIM_CPU_FAULT_INVSTATE, 0);
    }
  else if (!bw_sim_cpu_pc_executable (self, pc))
    {
      self->stop = BW_SIM_CPU_STOP_OUTSIDE;
    }
  else if (max_insns > 0)
    {
      if (self->dirty_hi > self->dirty_lo)
        {
          uc_ctl_remove_cache (self->uc, self->dirty_lo, self->dirty_hi);
          self->dirty_lo = self->dirty_hi = 0;
        }
      err = uc_emu_start (self->uc, pc | 1u, 0xFFFFFFFEu, 0, 0);
      if (!self->stop_set)
        {
          if (err == UC_ERR_FETCH_PROT)
            self->stop = BW_SIM_CPU_STOP_OUTSIDE;
          else if (err != UC_ERR_OK)
            {
              self->stop = BW_SIM_CPU_STOP_FAULT;
              set_fault (self, err == UC_ERR_INSN_INVALID ? BW_SIM_CPU_FAULT_UNDEF : BW_SIM_CPU_FAULT_OTHER, 0);
            }
          else
            {
              uc_reg_read (self->uc, UC_ARM_REG_PC, &pc);
              if (self->count < self->limit && !bw_sim_cpu_pc_executable (self, pc))
                self->stop = BW_SIM_CPU_STOP_OUTSIDE;
              else if (self->count < self->limit && self->count > 0 && is_wfi_before (self, pc))
                self->stop = BW_SIM_CPU_STOP_SLEEP; /* Unicorn returns after a WFI */
            }
        }
    }
  if (executed != NULL)
    *executed = self->count;
  if (end_ns != NULL)
    *end_ns = access_time (self);
  return self->stop;
}

void
bw_sim_cpu_invalidate (BwSimCpu *self, guint32 address, gsize size)
{
  g_return_if_fail (BW_SIM_IS_CPU (self));
  /* Translated blocks are dropped once, before the next run. */
  if (self->dirty_hi <= self->dirty_lo)
    {
      self->dirty_lo = address;
      self->dirty_hi = (guint64) address + size;
      return;
    }
  self->dirty_lo = MIN (self->dirty_lo, (guint64) address);
  self->dirty_hi = MAX (self->dirty_hi, (guint64) address + size);
}

static gint
plain_reg (guint regsel)
{
  if (regsel <= 12)
    return UC_ARM_REG_R0 + (gint) regsel;
  switch (regsel)
    {
    case 13:
      return UC_ARM_REG_SP;
    case 14:
      return UC_ARM_REG_LR;
    case 17:
      return UC_ARM_REG_MSP;
    case 18:
      return UC_ARM_REG_PSP;
    case 33:
      return UC_ARM_REG_FPSCR;
    default:
      break;
    }
  if (regsel >= 64 && regsel <= 95)
    return UC_ARM_REG_S0 + (gint) (regsel - 64);
  return -1;
}

gboolean
bw_sim_cpu_read_reg (BwSimCpu *self, guint regsel, guint32 *value)
{
  gint reg;
  guint32 v = 0;

  g_return_val_if_fail (BW_SIM_IS_CPU (self), FALSE);
  if (regsel == 15)
    {
      uc_reg_read (self->uc, UC_ARM_REG_PC, &v);
      *value = v & ~1u;
      return TRUE;
    }
  if (regsel == 16)
    {
      uc_reg_read (self->uc, UC_ARM_REG_XPSR, &v);
      *value = (v & ~(1u << 24)) | (self->thumb ? 1u << 24 : 0);
      return TRUE;
    }
  if (regsel == 20)
    {
      guint32 control = 0, faultmask = 0, basepri = 0, primask = 0;
      uc_reg_read (self->uc, UC_ARM_REG_CONTROL, &control);
      uc_reg_read (self->uc, UC_ARM_REG_FAULTMASK, &faultmask);
      uc_reg_read (self->uc, UC_ARM_REG_BASEPRI, &basepri);
      uc_reg_read (self->uc, UC_ARM_REG_PRIMASK, &primask);
      *value = (control & 0xFF) << 24 | (faultmask & 1) << 16 | (basepri & 0xFF) << 8 | (primask & 1);
      return TRUE;
    }
  reg = plain_reg (regsel);
  if (reg < 0)
    return FALSE;
  uc_reg_read (self->uc, reg, &v);
  *value = v;
  return TRUE;
}

gboolean
bw_sim_cpu_write_reg (BwSimCpu *self, guint regsel, guint32 value)
{
  gint reg;

  g_return_val_if_fail (BW_SIM_IS_CPU (self), FALSE);
  if (regsel == 15)
    {
      guint32 pc = value | 1u;
      uc_reg_write (self->uc, UC_ARM_REG_PC, &pc);
      return TRUE;
    }
  if (regsel == 16)
    {
      guint32 v = value | (1u << 24);
      self->thumb = (value >> 24) & 1;
      uc_reg_write (self->uc, UC_ARM_REG_XPSR, &v);
      return TRUE;
    }
  if (regsel == 20)
    {
      guint32 control = (value >> 24) & 0x7, faultmask = (value >> 16) & 1;
      guint32 basepri = (value >> 8) & 0xFF, primask = value & 1;
      uc_reg_write (self->uc, UC_ARM_REG_CONTROL, &control);
      uc_reg_write (self->uc, UC_ARM_REG_FAULTMASK, &faultmask);
      uc_reg_write (self->uc, UC_ARM_REG_BASEPRI, &basepri);
      uc_reg_write (self->uc, UC_ARM_REG_PRIMASK, &primask);
      return TRUE;
    }
  reg = plain_reg (regsel);
  if (reg < 0)
    return FALSE;
  uc_reg_write (self->uc, reg, &value);
  return TRUE;
}

void
bw_sim_cpu_reset (BwSimCpu *self, guint32 sp, guint32 pc)
{
  guint32 zero = 0;
  guint32 lr = 0xFFFFFFFFu;

  g_return_if_fail (BW_SIM_IS_CPU (self));
  for (guint i = 0; i <= 12; i++)
    uc_reg_write (self->uc, UC_ARM_REG_R0 + (gint) i, &zero);
  bw_sim_cpu_write_reg (self, 20, 0);
  bw_sim_cpu_write_reg (self, 18, 0);
  sp &= ~3u;
  uc_reg_write (self->uc, UC_ARM_REG_MSP, &sp);
  uc_reg_write (self->uc, UC_ARM_REG_SP, &sp);
  uc_reg_write (self->uc, UC_ARM_REG_LR, &lr);
  bw_sim_cpu_write_reg (self, 16, (pc & 1u) << 24);
  bw_sim_cpu_write_reg (self, 15, pc & ~1u);
}

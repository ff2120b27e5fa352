/* bw-sim-cortex-m4.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-sim-clock.h"
#include "bw-sim-cortex-m4.h"

#define PPB_STORE_BASE 0xE000E000u
#define PPB_STORE_SIZE 0x1000u

struct _BwSimCortexM4 {
  GObject              parent_instance;
  BwSimCpu            *cpu;
  guint32              cpuid;
  BwSimCortexM4PcFunc  is_firmware_pc;
  gpointer             user_data;

  /* DHCSR */
  gboolean  debugen, c_halt, c_step, maskints, snapstall;
  gboolean  halted, lockup, retire_st, reset_st, sleeping;
  /* reset */
  gboolean  held;
  guint64   reset_until_ns;
  gboolean  in_reset_window;
  /* execution */
  guint64   core_ns;
  guint64   insn_count;
  gboolean  firmware;

  guint32   dcrdr, demcr, dfsr, prigroup;
  guint32   fp_enable;
  guint32   fp_comp[6];
  guint32   dwt[0x40];       /* 0xE0001000.. words, CTRL is computed */
  guint32   scs[PPB_STORE_SIZE / 4]; /* plain read/write SCS registers */
};

G_DEFINE_FINAL_TYPE (BwSimCortexM4, bw_sim_cortex_m4, G_TYPE_OBJECT)

static void
bw_sim_cortex_m4_dispose (GObject *object)
{
  BwSimCortexM4 *self = BW_SIM_CORTEX_M4 (object);
  g_clear_object (&self->cpu);
  G_OBJECT_CLASS (bw_sim_cortex_m4_parent_class)->dispose (object);
}

static void
bw_sim_cortex_m4_class_init (BwSimCortexM4Class *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bw_sim_cortex_m4_dispose;
}

static void
bw_sim_cortex_m4_init (BwSimCortexM4 *self)
{
}

#define SCS(addr) self->scs[((addr) - PPB_STORE_BASE) / 4]

static void
scs_reset (BwSimCortexM4 *self)
{
  /* System reset values of the registers kept in the plain store. */
  for (guint i = 0; i < G_N_ELEMENTS (self->scs); i++)
    self->scs[i] = 0;
  SCS (0xE000ED14u) = 0x00000200u; /* CCR.STKALIGN */
  SCS (0xE000EF34u) = 0xC0000000u; /* FPCCR */
  self->prigroup = 0;
}

BwSimCortexM4 *
bw_sim_cortex_m4_new (BwSimCpu *cpu, guint32 cpuid, BwSimCortexM4PcFunc is_firmware_pc,
                      gpointer user_data)
{
  BwSimCortexM4 *self = g_object_new (BW_SIM_TYPE_CORTEX_M4, NULL);
  self->cpu = g_object_ref (cpu);
  self->cpuid = cpuid;
  self->is_firmware_pc = is_firmware_pc;
  self->user_data = user_data;
  scs_reset (self);
  return self;
}

BwSimCpu *
bw_sim_cortex_m4_get_cpu (BwSimCortexM4 *self)
{
  return self->cpu;
}

static void
enter_halt (BwSimCortexM4 *self, guint32 reason)
{
  self->sleeping = FALSE;
  self->halted = TRUE;
  self->c_halt = TRUE;
  self->lockup = FALSE;
  self->firmware = FALSE;
  self->dfsr |= reason;
}

void
bw_sim_cortex_m4_reset (BwSimCortexM4 *self, guint64 now_ns, guint32 sp, guint32 pc)
{
  g_return_if_fail (BW_SIM_IS_CORTEX_M4 (self));
  bw_sim_cpu_reset (self->cpu, sp, pc);
  scs_reset (self);
  self->sleeping = FALSE;
  self->halted = FALSE;
  self->lockup = FALSE;
  self->firmware = FALSE;
  self->reset_st = TRUE;
  self->in_reset_window = TRUE;
  self->reset_until_ns = now_ns + BW_SIM_RESET_NS;
  if (self->core_ns < now_ns)
    self->core_ns = now_ns;
}

void
bw_sim_cortex_m4_restore_halted (BwSimCortexM4 *self, guint32 demcr)
{
  g_return_if_fail (BW_SIM_IS_CORTEX_M4 (self));
  self->demcr = demcr & 0x010F07F1u;
  self->debugen = TRUE;
  self->c_halt = TRUE;
  self->halted = TRUE;
  self->lockup = FALSE;
  self->firmware = FALSE;
  self->in_reset_window = FALSE;
  self->reset_st = FALSE;
}

void
bw_sim_cortex_m4_set_hold (BwSimCortexM4 *self, gboolean held)
{
  g_return_if_fail (BW_SIM_IS_CORTEX_M4 (self));
  self->held = held;
}

static void
leave_reset (BwSimCortexM4 *self)
{
  self->in_reset_window = FALSE;
  if (self->debugen && (self->demcr & BW_SIM_DEMCR_VC_CORERESET))
    enter_halt (self, BW_SIM_DFSR_VCATCH);
  else if (self->debugen && self->c_halt)
    enter_halt (self, BW_SIM_DFSR_HALTED);
}

static void
record_fault (BwSimCortexM4 *self)
{
  guint32 address = 0;

  switch (bw_sim_cpu_get_fault (self->cpu, &address))
    {
    case BW_SIM_CPU_FAULT_BUS:
      SCS (BW_SIM_CFSR) |= (1u << 9) | (1u << 15); /* PRECISERR, BFARVALID */
      SCS (0xE000ED38u) = address;                  /* BFAR */
      break;
    case BW_SIM_CPU_FAULT_UNDEF:
      SCS (BW_SIM_CFSR) |= 1u << 16; /* UNDEFINSTR */
      break;
    case BW_SIM_CPU_FAULT_INVSTATE:
      SCS (BW_SIM_CFSR) |= 1u << 17; /* INVSTATE */
      break;
    case BW_SIM_CPU_FAULT_OTHER:
    case BW_SIM_CPU_FAULT_NONE:
    default:
      break;
    }
  SCS (BW_SIM_HFSR) |= 1u << 30; /* FORCED */
}

static void
handle_stop (BwSimCortexM4 *self, BwSimCpuStop stop)
{
  guint32 pc = 0;

  switch (stop)
    {
    case BW_SIM_CPU_STOP_BKPT:
      if (self->debugen)
        enter_halt (self, BW_SIM_DFSR_BKPT);
      else
        {
          /* BKPT without a debugger escalates to HardFault */
          SCS (BW_SIM_HFSR) |= 1u << 31; /* DEBUGEVT */
          self->lockup = TRUE;
        }
      break;
    case BW_SIM_CPU_STOP_OUTSIDE:
      bw_sim_cpu_read_reg (self->cpu, 15, &pc);
      if (self->is_firmware_pc != NULL && self->is_firmware_pc (self->user_data, pc))
        self->firmware = TRUE;
      else
        self->lockup = TRUE;
      break;
    case BW_SIM_CPU_STOP_FAULT:
      /* No exception model: the fault is recorded as it would escalate to
       * HardFault, and the core locks up instead of running a handler. */
      record_fault (self);
      self->lockup = TRUE;
      break;
    case BW_SIM_CPU_STOP_SLEEP:
      /* No interrupt sources are modelled: only debug or reset wakes it. */
      self->sleeping = TRUE;
      break;
    case BW_SIM_CPU_STOP_REQUEST:
    case BW_SIM_CPU_STOP_BUDGET:
    default:
      break;
    }
}

void
bw_sim_cortex_m4_run_until (BwSimCortexM4 *self, guint64 now_ns)
{
  g_return_if_fail (BW_SIM_IS_CORTEX_M4 (self));
  if (self->core_ns >= now_ns)
    return;
  if (self->held)
    {
      self->core_ns = now_ns;
      return;
    }
  if (self->in_reset_window)
    {
      if (now_ns < self->reset_until_ns)
        {
          self->core_ns = now_ns;
          return;
        }
      self->core_ns = MAX (self->core_ns, self->reset_until_ns);
      leave_reset (self);
    }
  while (self->core_ns < now_ns && !self->halted && !self->lockup && !self->sleeping)
    {
      guint64 budget, executed = 0, end_ns = self->core_ns;
      BwSimCpuStop stop;

      if (self->firmware)
        {
          self->insn_count += bw_sim_clock_ns_to_insns (now_ns - self->core_ns);
          self->retire_st = TRUE;
          self->core_ns = now_ns;
          return;
        }
      budget = bw_sim_clock_ns_to_insns (now_ns - self->core_ns);
      if (budget == 0)
        return; /* less than one instruction of time: keep it for later */
      stop = bw_sim_cpu_run (self->cpu, budget, self->core_ns, &executed, &end_ns);
      self->insn_count += executed;
      if (executed > 0)
        self->retire_st = TRUE;
      self->core_ns = MAX (end_ns, self->core_ns);
      handle_stop (self, stop);
      if (stop == BW_SIM_CPU_STOP_REQUEST)
        return;
    }
  if (self->halted || self->lockup || self->sleeping)
    self->core_ns = MAX (self->core_ns, now_ns);
}

static void
single_step (BwSimCortexM4 *self)
{
  guint64 executed = 0, end_ns = self->core_ns;
  BwSimCpuStop stop = bw_sim_cpu_run (self->cpu, 1, self->core_ns, &executed, &end_ns);

  self->insn_count += executed;
  if (executed > 0)
    self->retire_st = TRUE;
  self->core_ns = MAX (end_ns, self->core_ns);
  if (stop == BW_SIM_CPU_STOP_BKPT)
    {
      enter_halt (self, BW_SIM_DFSR_BKPT);
      return;
    }
  handle_stop (self, stop);
  /* Stepping from firmware code (not emulated) leaves the PC unchanged. */
  self->firmware = FALSE;
  if (!self->lockup)
    enter_halt (self, BW_SIM_DFSR_HALTED);
}

static guint32
dhcsr_value (BwSimCortexM4 *self)
{
  guint32 v = 0;

  v |= self->debugen ? BW_SIM_DHCSR_C_DEBUGEN : 0;
  v |= self->c_halt ? BW_SIM_DHCSR_C_HALT : 0;
  v |= self->c_step ? BW_SIM_DHCSR_C_STEP : 0;
  v |= self->maskints ? BW_SIM_DHCSR_C_MASKINTS : 0;
  v |= self->snapstall ? BW_SIM_DHCSR_C_SNAPSTALL : 0;
  v |= self->halted ? (BW_SIM_DHCSR_S_HALT | BW_SIM_DHCSR_S_REGRDY) : 0;
  v |= self->lockup ? BW_SIM_DHCSR_S_LOCKUP : 0;
  v |= self->sleeping ? BW_SIM_DHCSR_S_SLEEP : 0;
  v |= self->retire_st ? BW_SIM_DHCSR_S_RETIRE_ST : 0;
  v |= self->reset_st ? BW_SIM_DHCSR_S_RESET_ST : 0;
  return v;
}

static guint32
rom_table (guint32 offset)
{
  static const struct {
    guint32 offset;
    guint32 value;
  } rom[] = {
    { 0x000, 0xFFF0F003u }, /* SCS */
    { 0x004, 0xFFF02003u }, /* DWT */
    { 0x008, 0xFFF03003u }, /* FPB */
    { 0x00C, 0xFFF01003u }, /* ITM */
    { 0x010, 0xFFF41003u }, /* TPIU */
    { 0x014, 0xFFF42003u }, /* ETM */
    { 0xFCC, 0x00000001u }, /* MEMTYPE */
    { 0xFD0, 0x00000004u }, { 0xFE0, 0x000000C4u }, { 0xFE4, 0x000000B4u },
    { 0xFE8, 0x0000000Bu }, { 0xFF0, 0x0000000Du }, { 0xFF4, 0x00000010u },
    { 0xFF8, 0x00000005u }, { 0xFFC, 0x000000B1u },
  };
  for (guint i = 0; i < G_N_ELEMENTS (rom); i++)
    if (rom[i].offset == offset)
      return rom[i].value;
  return 0;
}

/* Reads one aligned word; clears read-sensitive bits only for real reads. */
static guint32
read_word (BwSimCortexM4 *self, guint32 addr, gboolean from_debugger)
{
  guint32 v;

  switch (addr)
    {
    case 0xE000E004u:
      return 0x00000002u; /* ICTR: 96 interrupts */
    case BW_SIM_CPUID:
      return self->cpuid;
    case 0xE000ED04u:
      return 0; /* ICSR: thread mode, nothing pending */
    case BW_SIM_AIRCR:
      return 0xFA050000u | (self->prigroup << 8);
    case BW_SIM_DFSR:
      return self->dfsr;
    case 0xE000ED40u: return 0x00000030u; /* ID_PFR0 */
    case 0xE000ED44u: return 0x00000200u; /* ID_PFR1 */
    case 0xE000ED48u: return 0x00100000u; /* ID_DFR0 */
    case 0xE000ED50u: return 0x00100030u; /* ID_MMFR0 */
    case 0xE000ED58u: return 0x01000000u; /* ID_MMFR2 */
    case 0xE000ED60u: return 0x01101110u; /* ID_ISAR0 */
    case 0xE000ED64u: return 0x02111000u;
    case 0xE000ED68u: return 0x21112231u;
    case 0xE000ED6Cu: return 0x01111110u;
    case 0xE000ED70u: return 0x01310132u;
    case 0xE000ED90u: return 0x00000800u; /* MPU_TYPE: 8 regions */
    case 0xE000EF40u: return 0x10110021u; /* MVFR0 */
    case 0xE000EF44u: return 0x11000011u; /* MVFR1 */
    case BW_SIM_DHCSR:
      v = dhcsr_value (self);
      if (from_debugger)
        {
          self->retire_st = FALSE;
          self->reset_st = FALSE;
        }
      return v;
    case BW_SIM_DCRSR:
      return 0;
    case BW_SIM_DCRDR:
      return self->dcrdr;
    case BW_SIM_DEMCR:
      return self->demcr;
    case BW_SIM_FP_CTRL:
      return 0x00000260u | self->fp_enable; /* 6 code + 2 literal comparators */
    case BW_SIM_DWT_CTRL:
      return 0x40000000u | (self->dwt[0] & 0x1FFFFFFu); /* NUMCOMP = 4 */
    default:
      break;
    }
  if (addr >= 0xE0002008u && addr < 0xE0002020u)
    return self->fp_comp[(addr - 0xE0002008u) / 4];
  if (addr > BW_SIM_DWT_CTRL && addr < 0xE0001100u)
    return self->dwt[(addr - 0xE0001000u) / 4];
  if (addr >= 0xE00FF000u)
    return rom_table (addr - 0xE00FF000u);
  if (addr >= PPB_STORE_BASE && addr < PPB_STORE_BASE + PPB_STORE_SIZE)
    return SCS (addr);
  return 0; /* ITM, TPIU, ETM: read as zero */
}

static void
write_word (BwSimCortexM4 *self, guint64 now_ns, guint32 addr, guint32 v, guint32 mask,
            gboolean from_debugger, gboolean *sysreset)
{
  guint32 cur;

  switch (addr)
    {
    case BW_SIM_CPUID:
    case 0xE000ED04u:
      return;
    case BW_SIM_AIRCR:
      if (mask != 0xFFFFFFFFu || (v & 0xFFFF0000u) != BW_SIM_AIRCR_VECTKEY)
        return; /* needs the key in the same 32-bit write */
      self->prigroup = (v >> 8) & 7;
      /* VECTRESET (bit 0) is treated as a system reset as well. */
      if (v & (BW_SIM_AIRCR_SYSRESETREQ | 1u))
        *sysreset = TRUE;
      return;
    case BW_SIM_DFSR:
      self->dfsr &= ~(v & mask & 0x1Fu);
      return;
    case BW_SIM_CFSR:
    case BW_SIM_HFSR:
    case 0xE000ED3Cu:
      SCS (addr) &= ~(v & mask);
      return;
    case BW_SIM_DHCSR:
      {
        gboolean was_halted = self->halted;
        gboolean new_debugen, new_halt, new_step;

        if (!from_debugger || mask != 0xFFFFFFFFu || (v & 0xFFFF0000u) != BW_SIM_DHCSR_DBGKEY)
          return;
        new_debugen = (v & BW_SIM_DHCSR_C_DEBUGEN) != 0;
        if (!self->debugen && !new_debugen)
          return; /* C_HALT & co are ignored while debug is disabled */
        new_halt = new_debugen && (v & BW_SIM_DHCSR_C_HALT) != 0;
        new_step = new_debugen && (v & BW_SIM_DHCSR_C_STEP) != 0;
        self->debugen = new_debugen;
        self->c_step = new_step;
        if (was_halted)
          self->maskints = new_debugen && (v & BW_SIM_DHCSR_C_MASKINTS) != 0;
        self->snapstall = (v & BW_SIM_DHCSR_C_SNAPSTALL) != 0;
        self->c_halt = new_halt;
        if (new_halt && !was_halted)
          {
            if (!self->in_reset_window && !self->held)
              enter_halt (self, BW_SIM_DFSR_HALTED);
          }
        else if (!new_halt && was_halted)
          {
            self->halted = FALSE;
            self->core_ns = MAX (self->core_ns, now_ns);
            if (new_step)
              single_step (self);
          }
        return;
      }
    case BW_SIM_DCRSR:
      if (!from_debugger || mask != 0xFFFFFFFFu || !self->halted)
        return;
      if (v & (1u << 16))
        bw_sim_cpu_write_reg (self->cpu, v & 0x7F, self->dcrdr);
      else
        bw_sim_cpu_read_reg (self->cpu, v & 0x7F, &self->dcrdr);
      if ((v & 0x7F) == 15 || (v & 0x7F) == 16)
        self->firmware = FALSE;
      return;
    case BW_SIM_DCRDR:
      self->dcrdr = (self->dcrdr & ~mask) | (v & mask);
      return;
    case BW_SIM_DEMCR:
      self->demcr = ((self->demcr & ~mask) | (v & mask)) & 0x010F07F1u;
      return;
    case BW_SIM_FP_CTRL:
      if (v & 2u)
        self->fp_enable = v & 1u;
      return;
    default:
      break;
    }
  if (addr >= 0xE0002008u && addr < 0xE0002020u)
    {
      cur = self->fp_comp[(addr - 0xE0002008u) / 4];
      self->fp_comp[(addr - 0xE0002008u) / 4] = (cur & ~mask) | (v & mask);
      return;
    }
  if (addr >= BW_SIM_DWT_CTRL && addr < 0xE0001100u)
    {
      cur = self->dwt[(addr - 0xE0001000u) / 4];
      self->dwt[(addr - 0xE0001000u) / 4] = (cur & ~mask) | (v & mask);
      return;
    }
  if (addr >= 0xE000ED40u && addr < 0xE000ED80u)
    return; /* feature registers are read-only */
  if (addr >= PPB_STORE_BASE && addr < PPB_STORE_BASE + PPB_STORE_SIZE)
    SCS (addr) = (SCS (addr) & ~mask) | (v & mask);
}

static guint32
width_mask (guint width)
{
  return width >= 4 ? 0xFFFFFFFFu : ((1u << (width * 8)) - 1);
}

gboolean
bw_sim_cortex_m4_read (BwSimCortexM4 *self, guint32 address, guint width,
                       gboolean from_debugger, guint32 *value)
{
  guint shift = (address & 3) * 8;

  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), FALSE);
  *value = (read_word (self, address & ~3u, from_debugger) >> shift) & width_mask (width);
  return TRUE;
}

gboolean
bw_sim_cortex_m4_write (BwSimCortexM4 *self, guint64 now_ns, guint32 address, guint width,
                        gboolean from_debugger, guint32 value, gboolean *sysreset)
{
  guint shift = (address & 3) * 8;
  guint32 mask = width_mask (width) << shift;
  gboolean dummy = FALSE;

  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), FALSE);
  write_word (self, now_ns, address & ~3u, (value << shift) & mask, mask, from_debugger,
              sysreset != NULL ? sysreset : &dummy);
  return TRUE;
}

gboolean
bw_sim_cortex_m4_is_halted (BwSimCortexM4 *self)
{
  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), FALSE);
  return self->halted;
}

gboolean
bw_sim_cortex_m4_is_locked_up (BwSimCortexM4 *self)
{
  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), FALSE);
  return self->lockup;
}

gboolean
bw_sim_cortex_m4_is_running_firmware (BwSimCortexM4 *self)
{
  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), FALSE);
  return self->firmware && !self->halted && !self->held && !self->in_reset_window;
}

gboolean
bw_sim_cortex_m4_debug_enabled (BwSimCortexM4 *self)
{
  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), FALSE);
  return self->debugen;
}

guint64
bw_sim_cortex_m4_get_insn_count (BwSimCortexM4 *self)
{
  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), 0);
  return self->insn_count;
}

guint64
bw_sim_cortex_m4_get_core_ns (BwSimCortexM4 *self)
{
  g_return_val_if_fail (BW_SIM_IS_CORTEX_M4 (self), 0);
  return self->core_ns;
}

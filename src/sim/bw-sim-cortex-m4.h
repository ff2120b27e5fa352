/* bw-sim-cortex-m4.h: Cortex-M4 system control space, debug and core state
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The private peripheral bus (0xE0000000-0xE00FFFFF, except DBGMCU which
 * belongs to the chip): DHCSR/DCRSR/DCRDR/DEMCR, DFSR, AIRCR, CPUID, the
 * fault status registers, FPB and DWT identification, the ROM table; and
 * the run/halt/reset state machine that drives BwSimCpu on virtual time.
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-cpu.h"

G_BEGIN_DECLS

#define BW_SIM_DHCSR       0xE000EDF0u
#define BW_SIM_DCRSR       0xE000EDF4u
#define BW_SIM_DCRDR       0xE000EDF8u
#define BW_SIM_DEMCR       0xE000EDFCu
#define BW_SIM_DFSR        0xE000ED30u
#define BW_SIM_AIRCR       0xE000ED0Cu
#define BW_SIM_CPUID       0xE000ED00u
#define BW_SIM_CFSR        0xE000ED28u
#define BW_SIM_HFSR        0xE000ED2Cu
#define BW_SIM_FP_CTRL     0xE0002000u
#define BW_SIM_DWT_CTRL    0xE0001000u

#define BW_SIM_DHCSR_DBGKEY      0xA05F0000u
#define BW_SIM_DHCSR_C_DEBUGEN   (1u << 0)
#define BW_SIM_DHCSR_C_HALT      (1u << 1)
#define BW_SIM_DHCSR_C_STEP      (1u << 2)
#define BW_SIM_DHCSR_C_MASKINTS  (1u << 3)
#define BW_SIM_DHCSR_C_SNAPSTALL (1u << 5)
#define BW_SIM_DHCSR_S_REGRDY    (1u << 16)
#define BW_SIM_DHCSR_S_HALT      (1u << 17)
#define BW_SIM_DHCSR_S_SLEEP     (1u << 18)
#define BW_SIM_DHCSR_S_LOCKUP    (1u << 19)
#define BW_SIM_DHCSR_S_RETIRE_ST (1u << 24)
#define BW_SIM_DHCSR_S_RESET_ST  (1u << 25)

#define BW_SIM_DEMCR_VC_CORERESET (1u << 0)
#define BW_SIM_DFSR_HALTED       (1u << 0)
#define BW_SIM_DFSR_BKPT         (1u << 1)
#define BW_SIM_DFSR_VCATCH       (1u << 3)

#define BW_SIM_AIRCR_VECTKEY     0x05FA0000u
#define BW_SIM_AIRCR_SYSRESETREQ (1u << 2)

#define BW_SIM_TYPE_CORTEX_M4 (bw_sim_cortex_m4_get_type ())
G_DECLARE_FINAL_TYPE (BwSimCortexM4, bw_sim_cortex_m4, BW_SIM, CORTEX_M4, GObject)

/* @is_firmware_pc: addresses outside SRAM where code is the board's
 * firmware, which runs without being emulated instruction by instruction. */
typedef gboolean (*BwSimCortexM4PcFunc) (gpointer user_data, guint32 pc);

BwSimCortexM4 *bw_sim_cortex_m4_new        (BwSimCpu            *cpu,
                                            guint32              cpuid,
                                            BwSimCortexM4PcFunc  is_firmware_pc,
                                            gpointer             user_data);
BwSimCpu      *bw_sim_cortex_m4_get_cpu    (BwSimCortexM4 *self);

/* PPB accesses. FALSE = bus fault. @from_debugger: the DAP, not the core.
 * *sysreset is set when the write requests a system reset (AIRCR). */
gboolean       bw_sim_cortex_m4_read       (BwSimCortexM4 *self,
                                            guint32        address,
                                            guint          width,
                                            gboolean       from_debugger,
                                            guint32       *value);
gboolean       bw_sim_cortex_m4_write      (BwSimCortexM4 *self,
                                            guint64        now_ns,
                                            guint32        address,
                                            guint          width,
                                            gboolean       from_debugger,
                                            guint32        value,
                                            gboolean      *sysreset);

/* Reset entry: core registers from the vector table; debug registers kept;
 * the core starts after BW_SIM_RESET_NS unless held. */
void           bw_sim_cortex_m4_reset      (BwSimCortexM4 *self,
                                            guint64        now_ns,
                                            guint32        sp,
                                            guint32        pc);
/* A new process attaching to a chip that was left halted (state directory). */
void           bw_sim_cortex_m4_restore_halted (BwSimCortexM4 *self,
                                                guint32        demcr);
/* NRST low keeps the core in reset. */
void           bw_sim_cortex_m4_set_hold   (BwSimCortexM4 *self,
                                            gboolean       held);
/* Runs the core up to @now_ns. */
void           bw_sim_cortex_m4_run_until  (BwSimCortexM4 *self,
                                            guint64        now_ns);

gboolean       bw_sim_cortex_m4_is_halted  (BwSimCortexM4 *self);
gboolean       bw_sim_cortex_m4_is_locked_up (BwSimCortexM4 *self);
/* Running the board's firmware (PC outside SRAM), not halted, not in reset. */
gboolean       bw_sim_cortex_m4_is_running_firmware (BwSimCortexM4 *self);
gboolean       bw_sim_cortex_m4_debug_enabled (BwSimCortexM4 *self);
guint64        bw_sim_cortex_m4_get_insn_count (BwSimCortexM4 *self);
/* Current core time (may run ahead of the clock after a stall). */
guint64        bw_sim_cortex_m4_get_core_ns (BwSimCortexM4 *self);

G_END_DECLS

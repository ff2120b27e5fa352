/* bw-sim-cpu.h: the Cortex-M4 instruction set on Unicorn
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SRAM and CCM are mapped directly (they are plain memory); every other
 * access goes through the bus callback, so flash and its controller see
 * core accesses exactly as they see debug accesses. Code runs from SRAM and
 * CCM only: a fetch elsewhere stops the run with BW_SIM_CPU_STOP_OUTSIDE.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  BW_SIM_CPU_BUS_OK,
  BW_SIM_CPU_BUS_FAULT,
} BwSimCpuBusResult;

/* @time_ns is the core's time of the access; a stalled access moves it
 * forward to when the access completes. */
typedef BwSimCpuBusResult (*BwSimCpuBusFunc) (gpointer  user_data,
                                              guint32   address,
                                              guint     width,
                                              gboolean  is_write,
                                              guint32  *value,
                                              guint64  *time_ns);

typedef enum {
  BW_SIM_CPU_STOP_BUDGET,   /* ran all the instructions it was given */
  BW_SIM_CPU_STOP_BKPT,     /* PC at the BKPT instruction */
  BW_SIM_CPU_STOP_FAULT,    /* bus fault, undefined instruction or other exception */
  BW_SIM_CPU_STOP_OUTSIDE,  /* PC left SRAM/CCM */
  BW_SIM_CPU_STOP_REQUEST,  /* bw_sim_cpu_request_stop() from a bus access */
  BW_SIM_CPU_STOP_SLEEP,    /* WFI: asleep until something wakes the core */
} BwSimCpuStop;

/* Why the last run stopped with BW_SIM_CPU_STOP_FAULT. */
typedef enum {
  BW_SIM_CPU_FAULT_NONE,
  BW_SIM_CPU_FAULT_BUS,       /* precise bus error at an address */
  BW_SIM_CPU_FAULT_UNDEF,     /* undefined instruction */
  BW_SIM_CPU_FAULT_INVSTATE,  /* xPSR.T = 0 */
  BW_SIM_CPU_FAULT_OTHER,     /* SVC, exception return, ... (no exception model) */
} BwSimCpuFault;

#define BW_SIM_TYPE_CPU (bw_sim_cpu_get_type ())
G_DECLARE_FINAL_TYPE (BwSimCpu, bw_sim_cpu, BW_SIM, CPU, GObject)

/* @sram/@ccm stay owned by the caller and must outlive the cpu. */
BwSimCpu     *bw_sim_cpu_new           (guint8          *sram,
                                        guint32          sram_base,
                                        gsize            sram_size,
                                        guint8          *ccm,
                                        guint32          ccm_base,
                                        gsize            ccm_size,
                                        BwSimCpuBusFunc  bus,
                                        gpointer         bus_data,
                                        GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* Runs at most @max_insns from the current PC starting at @start_ns.
 * Returns why it stopped; @executed and @end_ns say how far it got. */
BwSimCpuStop  bw_sim_cpu_run           (BwSimCpu        *self,
                                        guint64          max_insns,
                                        guint64          start_ns,
                                        guint64         *executed,
                                        guint64         *end_ns);
BwSimCpuFault bw_sim_cpu_get_fault     (BwSimCpu        *self,
                                        guint32         *address);
/* From inside a bus callback: end the current run after this access. */
void          bw_sim_cpu_request_stop  (BwSimCpu        *self);
gboolean      bw_sim_cpu_pc_executable (BwSimCpu        *self,
                                        guint32          pc);
/* The host changed RAM behind the core's back: drop translated code there. */
void          bw_sim_cpu_invalidate    (BwSimCpu        *self,
                                        guint32          address,
                                        gsize            size);

/* DCRSR.REGSEL numbering (see bw-sim-stm32f405.h). FALSE for a reserved selector. */
gboolean      bw_sim_cpu_read_reg      (BwSimCpu        *self,
                                        guint            regsel,
                                        guint32         *value);
gboolean      bw_sim_cpu_write_reg     (BwSimCpu        *self,
                                        guint            regsel,
                                        guint32          value);
/* Core reset: registers to their reset values, SP and PC from the vector table. */
void          bw_sim_cpu_reset         (BwSimCpu        *self,
                                        guint32          sp,
                                        guint32          pc);

G_END_DECLS

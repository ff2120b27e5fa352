/* bw-sim-stm32f405.h: the target behind the SWD wires
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An STM32F405 (or, per scenario, another chip id) as seen through the
 * SW-DP and the AHB-AP: memory map, flash controller, option bytes,
 * Cortex-M4 debug registers, reset and a core executing on Unicorn.
 * Every access takes the current time from the shared BwSimClock; the
 * caller (the probe model) charges USB and SWD costs to that clock.
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-clock.h"
#include "bw-sim-scenario.h"
#include "bw-sim-state.h"

G_BEGIN_DECLS

typedef enum {
  BW_SIM_SWD_OK,
  BW_SIM_SWD_WAIT,        /* bus stalled (flash busy): retry after get_busy_until() */
  BW_SIM_SWD_FAULT,       /* AHB-AP error response: unmapped, unaligned, RDP, locked key */
  BW_SIM_SWD_NO_RESPONSE, /* no ACK at all: unpowered, swapped lines, not connected */
} BwSimSwdResult;

#define BW_SIM_STM32_DPIDR         0x2BA01477u
#define BW_SIM_STM32_FLASH_BASE    0x08000000u
#define BW_SIM_STM32_SRAM_BASE     0x20000000u
#define BW_SIM_STM32_SRAM_SIZE     (128u * 1024u)
#define BW_SIM_STM32_CCM_BASE      0x10000000u
#define BW_SIM_STM32_CCM_SIZE      (64u * 1024u)

/* Core register selectors of DCRSR.REGSEL (ARMv7-M). */
#define BW_SIM_CORE_REG_SP         13u
#define BW_SIM_CORE_REG_LR         14u
#define BW_SIM_CORE_REG_PC         15u
#define BW_SIM_CORE_REG_XPSR       16u
#define BW_SIM_CORE_REG_MSP        17u
#define BW_SIM_CORE_REG_PSP        18u
#define BW_SIM_CORE_REG_SPECIAL    20u /* CONTROL/FAULTMASK/BASEPRI/PRIMASK */
#define BW_SIM_CORE_REG_FPSCR      33u
#define BW_SIM_CORE_REG_S0         64u /* S0..S31 = 64..95 */

#define BW_SIM_TYPE_STM32F405 (bw_sim_stm32f405_get_type ())
G_DECLARE_FINAL_TYPE (BwSimStm32f405, bw_sim_stm32f405, BW_SIM, STM32F405, GObject)

/* Loads flash/option bytes/OTP/clock from @state when it has them, else
 * initialises them from @scenario. @state may be NULL (nothing persists). */
BwSimStm32f405 *bw_sim_stm32f405_new          (BwSimClock     *clock,
                                               BwSimScenario  *scenario,
                                               BwSimState     *state);
/* Like new, but reports a bad initial flash file of the scenario. */
BwSimStm32f405 *bw_sim_stm32f405_new_full     (BwSimClock     *clock,
                                               BwSimScenario  *scenario,
                                               BwSimState     *state,
                                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;
BwSimClock     *bw_sim_stm32f405_get_clock    (BwSimStm32f405 *self);
BwSimScenario  *bw_sim_stm32f405_get_scenario (BwSimStm32f405 *self);

/* --- Wiring --- */
/* Line reset + DPIDR read. FALSE: no ACK (unpowered, swapped, GND missing,
 * SWD pins disabled by the firmware while NRST is not held, ...). */
gboolean        bw_sim_stm32f405_swd_connect  (BwSimStm32f405 *self,
                                               guint32        *dpidr);
/* TRUE after a successful swd_connect until power/wiring loss. */
gboolean        bw_sim_stm32f405_swd_connected (BwSimStm32f405 *self);
gboolean        bw_sim_stm32f405_is_powered   (BwSimStm32f405 *self);
/* Faults struck by the probe model at a transfer count (scenario [faults]
 * *-after-transfers): the supply fails for the rest of the session; the
 * next programmed flash byte sticks; the next flash read has a bit flipped. */
void            bw_sim_stm32f405_cut_power    (BwSimStm32f405 *self);
void            bw_sim_stm32f405_arm_flash_error (BwSimStm32f405 *self);
void            bw_sim_stm32f405_arm_bit_flip (BwSimStm32f405 *self);
/* NRST as driven by the probe; ignored when the scenario says not wired.
 * Asserting resets the chip; the core leaves reset on release. */
void            bw_sim_stm32f405_set_nrst     (BwSimStm32f405 *self,
                                               gboolean        asserted);
gboolean        bw_sim_stm32f405_get_nrst     (BwSimStm32f405 *self);
gboolean        bw_sim_stm32f405_nrst_wired   (BwSimStm32f405 *self);
/* What the probe's target-voltage sense pin sees. */
gdouble         bw_sim_stm32f405_get_sense_voltage  (BwSimStm32f405 *self);
gdouble         bw_sim_stm32f405_get_supply_voltage (BwSimStm32f405 *self);

/* --- MEM-AP accesses (width 1, 2 or 4; address aligned to width) --- */
BwSimSwdResult  bw_sim_stm32f405_read         (BwSimStm32f405 *self,
                                               guint32         address,
                                               guint           width,
                                               guint32        *value);
BwSimSwdResult  bw_sim_stm32f405_write        (BwSimStm32f405 *self,
                                               guint32         address,
                                               guint           width,
                                               guint32         value);
/* End of the current flash busy period in us on the clock (0 when idle). */
guint64         bw_sim_stm32f405_get_busy_until (BwSimStm32f405 *self);
/* Convenience for the probe's READREG/WRITEREG: DCRSR/DCRDR handshake. */
BwSimSwdResult  bw_sim_stm32f405_read_core_reg  (BwSimStm32f405 *self,
                                                 guint           regsel,
                                                 guint32        *value);
BwSimSwdResult  bw_sim_stm32f405_write_core_reg (BwSimStm32f405 *self,
                                                 guint           regsel,
                                                 guint32         value);

/* --- Core and reset --- */
/* Runs the core (when not halted) for the virtual time since the last sync. */
void            bw_sim_stm32f405_sync         (BwSimStm32f405 *self);
/* A system reset as SYSRESETREQ does (debug registers kept, vector catch honoured). */
void            bw_sim_stm32f405_system_reset (BwSimStm32f405 *self);
gboolean        bw_sim_stm32f405_is_halted    (BwSimStm32f405 *self);
/* Number of instructions the core has executed since creation. */
guint64         bw_sim_stm32f405_get_insn_count (BwSimStm32f405 *self);

/* --- Persistence and inspection --- */
gboolean        bw_sim_stm32f405_save         (BwSimStm32f405 *self,
                                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;
const guint8   *bw_sim_stm32f405_peek_flash   (BwSimStm32f405 *self,
                                               gsize          *size);
/* Replaces flash contents directly (bootwire-sim load; not a flash operation). */
gboolean        bw_sim_stm32f405_load_flash   (BwSimStm32f405 *self,
                                               guint32         address,
                                               const guint8   *data,
                                               gsize           size,
                                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;
guint16         bw_sim_stm32f405_get_dev_id   (BwSimStm32f405 *self);
guint32         bw_sim_stm32f405_get_flash_size (BwSimStm32f405 *self);
guint32         bw_sim_stm32f405_get_optcr    (BwSimStm32f405 *self); /* the option bytes as in OPTCR */
guint8          bw_sim_stm32f405_get_rdp_byte (BwSimStm32f405 *self);
guint           bw_sim_stm32f405_get_rdp_level (BwSimStm32f405 *self); /* 0, 1 or 2 */
guint16         bw_sim_stm32f405_get_nwrp     (BwSimStm32f405 *self);
/* Sets option bytes directly (bootwire-sim; not an OPTSTRT). */
void            bw_sim_stm32f405_set_option_bytes (BwSimStm32f405 *self,
                                                   guint8          rdp,
                                                   guint16         nwrp);

G_END_DECLS

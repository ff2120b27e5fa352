/* bw-sim-clock.h: the simulator's virtual clock and timing table
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All constants come from spec/sim-timing.md. The clock counts nanoseconds
 * internally so that fractional costs (0.025 us per byte, 48 SWCLK cycles at
 * 1.8 MHz, 62.5 ns per instruction) add up without drift; the public unit is
 * the microsecond.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* USB classes of spec/sim-timing.md "USB". */
typedef enum {
  BW_SIM_USB_FULL_SPEED, /* V2, V2-1: 125 us per transfer, 1.0 us per byte */
  BW_SIM_USB_HIGH_SPEED, /* V3: 30 us per transfer, 0.025 us per byte */
} BwSimUsbSpeed;

#define BW_SIM_USB_FS_LATENCY_NS      125000u
#define BW_SIM_USB_FS_BYTE_PS         1000000u /* picoseconds per byte */
#define BW_SIM_USB_HS_LATENCY_NS      30000u
#define BW_SIM_USB_HS_BYTE_PS         25000u

#define BW_SIM_SWD_CYCLES_PER_TRANSFER 48u
#define BW_SIM_SWD_DEFAULT_HZ          1800000u
#define BW_SIM_SWD_V3_MAX_HZ           24000000u

#define BW_SIM_FLASH_PROGRAM_NS        16000u       /* any PSIZE */
#define BW_SIM_OPTION_PROGRAM_NS       16000000u    /* OPTSTRT */
#define BW_SIM_RESET_NS                100000u      /* NRST pulse / SYSRESETREQ */
#define BW_SIM_CORE_HZ                 16000000u    /* HSI: 62.5 ns per instruction */

/* FLASH_CR.PSIZE values. */
typedef enum {
  BW_SIM_PSIZE_X8 = 0,
  BW_SIM_PSIZE_X16 = 1,
  BW_SIM_PSIZE_X32 = 2,
  BW_SIM_PSIZE_X64 = 3,
} BwSimPsize;

#define BW_SIM_TYPE_CLOCK (bw_sim_clock_get_type ())
G_DECLARE_FINAL_TYPE (BwSimClock, bw_sim_clock, BW_SIM, CLOCK, GObject)

BwSimClock *bw_sim_clock_new            (void);

guint64     bw_sim_clock_now_us         (BwSimClock *self);
guint64     bw_sim_clock_now_ns         (BwSimClock *self);
/* Moves time forward; never backwards (advance_to an earlier time is a no-op). */
void        bw_sim_clock_advance        (BwSimClock *self,
                                         guint64     us);
void        bw_sim_clock_advance_to     (BwSimClock *self,
                                         guint64     us);
void        bw_sim_clock_advance_ns     (BwSimClock *self,
                                         guint64     ns);
void        bw_sim_clock_advance_to_ns  (BwSimClock *self,
                                         guint64     ns);
/* Only for restoring a persisted clock; refuses to go backwards. */
void        bw_sim_clock_set_now_ns     (BwSimClock *self,
                                         guint64     ns);

/* Timing table (pure functions). */
guint64     bw_sim_clock_usb_transfer_ns     (BwSimUsbSpeed speed,
                                              gsize         payload_bytes);
guint64     bw_sim_clock_swd_transfers_ns    (guint32       swclk_hz,
                                              guint         n_transfers);
guint64     bw_sim_clock_flash_program_ns    (BwSimPsize    psize);
/* sector_bytes: 16 KiB, 64 KiB or 128 KiB (other sizes use the 128 KiB row). */
guint64     bw_sim_clock_flash_erase_ns      (gsize         sector_bytes,
                                              BwSimPsize    psize);
guint64     bw_sim_clock_flash_mass_erase_ns (BwSimPsize    psize);
/* Nanoseconds taken by n core instructions, and instructions that fit in ns. */
guint64     bw_sim_clock_insns_to_ns         (guint64       n_insns);
guint64     bw_sim_clock_ns_to_insns         (guint64       ns);

/* Host sessions: one tool run or one engine job. */
void        bw_sim_clock_session_begin       (BwSimClock   *self,
                                              const gchar  *label);
gboolean    bw_sim_clock_in_session          (BwSimClock   *self);
/* Simulated time of the open session so far (0 when none is open). */
guint64     bw_sim_clock_session_elapsed_us  (BwSimClock   *self);
/* Closes the session and returns its simulated duration in us. */
guint64     bw_sim_clock_session_end         (BwSimClock   *self);
guint       bw_sim_clock_get_n_sessions      (BwSimClock   *self);
/* Finished sessions as "label start_us duration_us" lines, oldest first. */
gchar      *bw_sim_clock_format_report       (BwSimClock   *self);
/* One finished session as "label start_us duration_us" (no newline). */
gchar      *bw_sim_clock_format_session      (BwSimClock   *self,
                                              guint         index);
/* Persistence helpers used by BwSimState ("clock" group). */
void        bw_sim_clock_save_to_keyfile     (BwSimClock   *self,
                                              GKeyFile     *keyfile);
void        bw_sim_clock_load_from_keyfile   (BwSimClock   *self,
                                              GKeyFile     *keyfile);

G_END_DECLS

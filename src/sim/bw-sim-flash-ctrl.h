/* bw-sim-flash-ctrl.h: the STM32F4 embedded flash and its controller (RM0090 §3)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the flash array and the option bytes. Time is passed in explicitly
 * (ns on the virtual clock) so that debug accesses and core accesses, which
 * run at slightly different points in time, share one model.
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-clock.h"
#include "bw-sim-scenario.h"

G_BEGIN_DECLS

/* Result of an access; the values match BwSimSwdResult. */
typedef enum {
  BW_SIM_FLASH_OK,
  BW_SIM_FLASH_STALL,   /* bus stalled until bw_sim_flash_ctrl_get_busy_until_ns() */
  BW_SIM_FLASH_BUS_ERROR,
} BwSimFlashResult;

#define BW_SIM_FLASH_REGS_BASE 0x40023C00u

/* FLASH_SR */
#define BW_SIM_FLASH_SR_EOP    (1u << 0)
#define BW_SIM_FLASH_SR_OPERR  (1u << 1)
#define BW_SIM_FLASH_SR_WRPERR (1u << 4)
#define BW_SIM_FLASH_SR_PGAERR (1u << 5)
#define BW_SIM_FLASH_SR_PGPERR (1u << 6)
#define BW_SIM_FLASH_SR_PGSERR (1u << 7)
#define BW_SIM_FLASH_SR_BSY    (1u << 16)
/* FLASH_CR */
#define BW_SIM_FLASH_CR_PG     (1u << 0)
#define BW_SIM_FLASH_CR_SER    (1u << 1)
#define BW_SIM_FLASH_CR_MER    (1u << 2)
#define BW_SIM_FLASH_CR_SNB_SHIFT 3
#define BW_SIM_FLASH_CR_PSIZE_SHIFT 8
#define BW_SIM_FLASH_CR_STRT   (1u << 16)
#define BW_SIM_FLASH_CR_EOPIE  (1u << 24)
#define BW_SIM_FLASH_CR_ERRIE  (1u << 25)
#define BW_SIM_FLASH_CR_LOCK   (1u << 31)
/* FLASH_OPTCR */
#define BW_SIM_FLASH_OPTCR_OPTLOCK (1u << 0)
#define BW_SIM_FLASH_OPTCR_OPTSTRT (1u << 1)

#define BW_SIM_FLASH_KEY1      0x45670123u
#define BW_SIM_FLASH_KEY2      0xCDEF89ABu
#define BW_SIM_FLASH_OPTKEY1   0x08192A3Bu
#define BW_SIM_FLASH_OPTKEY2   0x4C5D6E7Fu

#define BW_SIM_TYPE_FLASH_CTRL (bw_sim_flash_ctrl_get_type ())
G_DECLARE_FINAL_TYPE (BwSimFlashCtrl, bw_sim_flash_ctrl, BW_SIM, FLASH_CTRL, GObject)

BwSimFlashCtrl  *bw_sim_flash_ctrl_new          (gsize           flash_size,
                                                 BwSimScenario  *scenario);

/* Register block at 0x40023C00; offset 0..0x3FF. */
BwSimFlashResult bw_sim_flash_ctrl_reg_read     (BwSimFlashCtrl *self,
                                                 guint64         now_ns,
                                                 guint32         offset,
                                                 guint           width,
                                                 guint32        *value);
BwSimFlashResult bw_sim_flash_ctrl_reg_write    (BwSimFlashCtrl *self,
                                                 guint64         now_ns,
                                                 guint32         offset,
                                                 guint           width,
                                                 guint32         value);
/* The array; offset from the start of flash. */
BwSimFlashResult bw_sim_flash_ctrl_mem_read     (BwSimFlashCtrl *self,
                                                 guint64         now_ns,
                                                 guint32         offset,
                                                 guint           width,
                                                 guint32        *value);
BwSimFlashResult bw_sim_flash_ctrl_mem_write    (BwSimFlashCtrl *self,
                                                 guint64         now_ns,
                                                 guint32         offset,
                                                 guint           width,
                                                 guint32         value);

/* Programs OTP cells (outside the main array) with the same sequencing
 * checks and timing; @frozen: the block's lock byte is 0 (write ignored). */
BwSimFlashResult bw_sim_flash_ctrl_otp_write    (BwSimFlashCtrl *self,
                                                 guint64         now_ns,
                                                 guint32         offset,
                                                 guint8         *cells,
                                                 guint           width,
                                                 guint32         value,
                                                 gboolean        frozen);

/* 0 when idle at now_ns. */
guint64          bw_sim_flash_ctrl_get_busy_until_ns (BwSimFlashCtrl *self,
                                                      guint64         now_ns);
/* System reset: relocks, reloads OPTCR from the option bytes. */
void             bw_sim_flash_ctrl_reset        (BwSimFlashCtrl *self);
/* RDP level 1 blocks flash access only while a debugger is attached. */
void             bw_sim_flash_ctrl_set_debug_attached (BwSimFlashCtrl *self,
                                                       gboolean        attached);

/* Faults (scenario [faults] *-after-transfers): the next programmed byte
 * does not program and stays stuck; the next read returns its first byte
 * XOR @mask; the supply fails (see the .c for what an erase is left as). */
void             bw_sim_flash_ctrl_arm_stuck_byte (BwSimFlashCtrl *self);
void             bw_sim_flash_ctrl_arm_read_flip  (BwSimFlashCtrl *self,
                                                   guint8          mask);
void             bw_sim_flash_ctrl_power_loss     (BwSimFlashCtrl *self,
                                                   guint64         now_ns);
guint8          *bw_sim_flash_ctrl_get_data     (BwSimFlashCtrl *self,
                                                 gsize          *size);
guint            bw_sim_flash_ctrl_get_n_sectors (BwSimFlashCtrl *self);
gboolean         bw_sim_flash_ctrl_get_sector   (BwSimFlashCtrl *self,
                                                 guint           sector,
                                                 guint32        *offset,
                                                 guint32        *size);

/* Stored option bytes (what OPTCR shows after a reset). */
guint32          bw_sim_flash_ctrl_get_option_word (BwSimFlashCtrl *self);
void             bw_sim_flash_ctrl_set_option_word (BwSimFlashCtrl *self,
                                                    guint32         optcr);
/* Effective since the last reset. */
guint            bw_sim_flash_ctrl_get_rdp_level   (BwSimFlashCtrl *self);

G_END_DECLS

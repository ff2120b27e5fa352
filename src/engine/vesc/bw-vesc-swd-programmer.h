/* bw-vesc-swd-programmer.h: a working VESC used as the SWD probe for
 * another ESC (VESC Tool's "SWD Prog"), over the COMM_BM_* commands
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bw-progress.h"
#include "bw-vesc-client.h"

G_BEGIN_DECLS

/* What a VESC programmer cannot do that an ST-Link can, for the checklist,
 * the wiring page and the planner. */
typedef struct {
  gboolean     can_drive_nrst;     /* no reset wire: connect-under-reset is impossible */
  gboolean     can_sense_voltage;  /* no target-voltage reading */
  gboolean     can_erase_sectors;  /* FALSE: the only erase is the whole chip */
  gboolean     can_read_protect_state; /* no option-byte access; RDP shows only as failed reads */
  guint        write_chunk;        /* bytes per COMM_BM_WRITE_FLASH */
  guint        read_chunk;         /* bytes per COMM_BM_MEM_READ */
  const gchar *wiring;             /* the pins to join, in plain words */
} BwVescSwdLimits;

/* What the check page needs to know about the target, read over SWD. */
typedef struct {
  guint16 dev_id;      /* DBGMCU_IDCODE bits 11:0, 0x413 for an STM32F405/407 */
  guint16 rev_id;      /* DBGMCU_IDCODE bits 31:16 */
  guint   flash_kb;    /* the flash size register */
  guint8  rdp_byte;    /* FLASH_OPTCR bits 15:8; 0xAA = not read-protected */
} BwVescSwdChipInfo;

#define BW_TYPE_VESC_SWD_PROGRAMMER (bw_vesc_swd_programmer_get_type ())
G_DECLARE_FINAL_TYPE (BwVescSwdProgrammer, bw_vesc_swd_programmer, BW, VESC_SWD_PROGRAMMER, GObject)

const BwVescSwdLimits *bw_vesc_swd_programmer_get_limits (void);

BwVescSwdProgrammer *bw_vesc_swd_programmer_new          (BwVescClient        *client);
BwVescClient        *bw_vesc_swd_programmer_get_client   (BwVescSwdProgrammer *self);
/* The programmer VESC's own firmware (checks that it answers at all). */
BwVescFwInfo        *bw_vesc_swd_programmer_identify     (BwVescSwdProgrammer *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
/* Default SWD pins, then attach to the target; only an STM32F40x is accepted. */
gboolean             bw_vesc_swd_programmer_connect      (BwVescSwdProgrammer *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
gboolean             bw_vesc_swd_programmer_is_connected (BwVescSwdProgrammer *self);
gboolean             bw_vesc_swd_programmer_read_chip_info (BwVescSwdProgrammer *self,
                                                            BwVescSwdChipInfo   *info,
                                                            GCancellable        *cancellable,
                                                            GError             **error);
gboolean             bw_vesc_swd_programmer_erase_all    (BwVescSwdProgrammer *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
/* @progress may be NULL; it gets the byte counts. */
gboolean             bw_vesc_swd_programmer_write        (BwVescSwdProgrammer *self,
                                                          guint32              address,
                                                          const guint8        *data,
                                                          gsize                len,
                                                          BwProgress          *progress,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
gboolean             bw_vesc_swd_programmer_read         (BwVescSwdProgrammer *self,
                                                          guint32              address,
                                                          guint8              *buffer,
                                                          gsize                len,
                                                          BwProgress          *progress,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
/* Reads back and compares; BW_ERROR_VERIFY_MISMATCH names the first bad byte. */
gboolean             bw_vesc_swd_programmer_verify       (BwVescSwdProgrammer *self,
                                                          guint32              address,
                                                          const guint8        *data,
                                                          gsize                len,
                                                          BwProgress          *progress,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
/* Locks the target's flash and resets it (SYSRESETREQ: there is no NRST). */
gboolean             bw_vesc_swd_programmer_reboot       (BwVescSwdProgrammer *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);
/* Detaches and gives the programmer's SWD pins back; safe to call any time. */
gboolean             bw_vesc_swd_programmer_disconnect   (BwVescSwdProgrammer *self,
                                                          GCancellable        *cancellable,
                                                          GError             **error);

G_END_DECLS

/* bw-sim-vesc.h: a VESC-based ESC running its firmware, on a pseudo-terminal
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ESC's USB port is a pty whose slave path stands in for /dev/ttyACM0.
 * A thread answers the packet protocol like the firmware's command
 * handler: firmware version, the update-area and bootloader-sector
 * commands on its own 1 MiB flash, and (when given an SWD target) the
 * COMM_BM_* programmer commands. Unknown commands get no reply, packets
 * with a bad CRC or over 512 bytes are dropped, as on the real thing.
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-stm32f405.h"

G_BEGIN_DECLS

#define BW_SIM_VESC_FLASH_BASE      0x08000000u
#define BW_SIM_VESC_FLASH_SIZE      (1024u * 1024u)

#define BW_SIM_TYPE_VESC (bw_sim_vesc_get_type ())
G_DECLARE_FINAL_TYPE (BwSimVesc, bw_sim_vesc, BW_SIM, VESC, GObject)

/* A VESC with firmware @major.@minor for hardware @hw_name, its flash
 * erased. Not yet plugged in: see bw_sim_vesc_plug(). */
BwSimVesc      *bw_sim_vesc_new               (guint           major,
                                               guint           minor,
                                               const gchar    *hw_name);
/* The target behind its SWD port (NULL: nothing connected). Only while unplugged. */
void            bw_sim_vesc_set_swd_target    (BwSimVesc      *self,
                                               BwSimStm32f405 *target);
/* Firmware built without the Black Magic code: COMM_BM_* get no reply. */
void            bw_sim_vesc_set_has_swd_programmer (BwSimVesc *self,
                                                    gboolean   has);
/* Replaces flash contents directly (not a flash operation). */
void            bw_sim_vesc_load_flash        (BwSimVesc      *self,
                                               guint32         address,
                                               const guint8   *data,
                                               gsize           len);
/* A copy of the flash (the device may be running). */
GBytes         *bw_sim_vesc_dup_flash         (BwSimVesc      *self,
                                               guint32         address,
                                               gsize           len);

/* USB: a fresh pty each time, like a re-enumerated ttyACM. */
gboolean        bw_sim_vesc_plug              (BwSimVesc      *self,
                                               GError        **error);
const gchar    *bw_sim_vesc_get_port          (BwSimVesc      *self);
/* Pulls the cable: the host's next read or write fails. */
void            bw_sim_vesc_unplug            (BwSimVesc      *self);
gboolean        bw_sim_vesc_is_plugged        (BwSimVesc      *self);
/* Fault: unplug right after the Nth COMM_WRITE_NEW_APP_DATA (0 = never). */
void            bw_sim_vesc_set_unplug_after_writes (BwSimVesc *self,
                                                     guint      n);
/* Fault: unplug right after the Nth COMM_BM_WRITE_FLASH reached the target,
 * before its answer (0 = never). */
void            bw_sim_vesc_set_unplug_after_bm_writes (BwSimVesc *self,
                                                        guint      n);
/* Fault: every reply goes out damaged (until set back to NONE). */
typedef enum {
  BW_SIM_VESC_REPLY_OK,
  BW_SIM_VESC_REPLY_BAD_CRC,   /* the frame with one CRC bit flipped */
  BW_SIM_VESC_REPLY_GARBAGE,   /* bytes that are no packet at all, as long as the frame */
} BwSimVescReplyFault;
void            bw_sim_vesc_set_reply_fault   (BwSimVesc           *self,
                                               BwSimVescReplyFault  fault);
/* Stops the thread (also unplugs); the object can be inspected afterwards. */
void            bw_sim_vesc_stop              (BwSimVesc      *self);

/* Statistics and what the host did wrong (NULL-terminated copy). */
guint           bw_sim_vesc_get_packets       (BwSimVesc      *self);
guint           bw_sim_vesc_get_rejected_bytes (BwSimVesc     *self);
GStrv           bw_sim_vesc_get_violations    (BwSimVesc      *self);

G_END_DECLS

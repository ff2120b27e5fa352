/* bw-stlink.h: the ST-Link V2 / V2-1 / V3 debug protocol over a BwTransport
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SWD only, API v2 and later. One BwStlink is used from one thread at a
 * time. Every wait and poll runs on the transport's clock.
 */
#pragma once

#include <glib-object.h>

#include "bw-transport.h"

G_BEGIN_DECLS

typedef struct
{
  guint8  stlink;  /* V: hardware generation, 2 or 3 */
  guint8  jtag;    /* J: JTAG/SWD firmware version */
  guint8  swim;    /* S */
  guint8  msd;     /* M: mass storage (V2-1, V3) */
  guint8  bridge;  /* B (V3) */
  guint8  api;     /* 2 or 3 */
  guint16 vid;
  guint16 pid;
} BwStlinkVersion;

/* What the firmware version allows (spec §2.4). */
typedef enum {
  BW_STLINK_FEATURE_TARGET_VOLTAGE = 1 << 0, /* 0xF7: V2 J13+, V3 */
  BW_STLINK_FEATURE_RW_STATUS2     = 1 << 1, /* GETLASTRWSTATUS2: V2 J15+, V3 */
  BW_STLINK_FEATURE_SWD_SET_FREQ   = 1 << 2, /* divisors: V2 J22+ */
  BW_STLINK_FEATURE_MEM_16BIT      = 1 << 3, /* READ/WRITEMEM_16BIT: V2 J26+, V3 */
  BW_STLINK_FEATURE_INIT_AP        = 1 << 4, /* V2 J28+, V3 */
  BW_STLINK_FEATURE_COM_FREQ       = 1 << 5, /* V3 frequencies */
  BW_STLINK_FEATURE_MEM_8BIT_512   = 1 << 6, /* 8-bit blocks up to 512 bytes: V3 J6+ */
} BwStlinkFeatures;

typedef enum {
  /* Attach, then halt the core where it is. */
  BW_STLINK_CONNECT_NORMAL,
  /* Hold NRST low while attaching, then halt at the reset vector: reaches
   * chips whose firmware turns the SWD pins off or sleeps. */
  BW_STLINK_CONNECT_UNDER_RESET,
  /* Attach without halting or resetting the running core. */
  BW_STLINK_CONNECT_HOT_PLUG,
} BwStlinkConnectMode;

/* DRIVE_NRST values (spec §4.9). */
typedef enum {
  BW_STLINK_NRST_LOW = 0x00,
  BW_STLINK_NRST_HIGH = 0x01,
  BW_STLINK_NRST_PULSE = 0x02,
} BwStlinkNrst;

typedef enum {
  BW_STLINK_RESET_SYSTEM,   /* AIRCR.SYSRESETREQ */
  BW_STLINK_RESET_HARDWARE, /* NRST pulse; NRST_NOT_CONNECTED if no reset follows */
} BwStlinkReset;

/* Whether the probe's target-voltage sense pin is wired to the ESC's supply
 * (clones often leave it open, then 0 V means nothing). */
typedef enum {
  BW_STLINK_SENSE_UNKNOWN,
  BW_STLINK_SENSE_WIRED,
  BW_STLINK_SENSE_NOT_WIRED,
} BwStlinkSense;

/* Below this the target cannot be debugged reliably (OpenOCD's threshold). */
#define BW_STLINK_MIN_TARGET_VOLTAGE 1.5

#define BW_TYPE_STLINK (bw_stlink_get_type ())
G_DECLARE_FINAL_TYPE (BwStlink, bw_stlink, BW, STLINK, GObject)

BwStlink              *bw_stlink_new                (BwTransport      *transport);
BwTransport           *bw_stlink_get_transport      (BwStlink         *self);
void                   bw_stlink_set_timeout        (BwStlink         *self,
                                                     guint             timeout_ms);

/* GET_VERSION (+ GET_VERSION_EX on V3) and the feature gates only; the
 * probe's mode is left alone (for listing probes). */
gboolean               bw_stlink_query_version      (BwStlink         *self,
                                                     GError          **error) G_GNUC_WARN_UNUSED_RESULT;
/* GET_VERSION (+ GET_VERSION_EX on V3), feature gates, and leaving DFU,
 * debug or SWIM mode. Refuses probes without SWD (PROBE_FIRMWARE_TOO_OLD). */
gboolean               bw_stlink_open               (BwStlink         *self,
                                                     GError          **error) G_GNUC_WARN_UNUSED_RESULT;
const BwStlinkVersion *bw_stlink_get_version        (BwStlink         *self);
/* "V2J37S7", "V2J37M26", "V3J7M3B2S1"; NULL before open. */
const gchar           *bw_stlink_get_firmware       (BwStlink         *self);
gboolean               bw_stlink_has_feature        (BwStlink         *self,
                                                     BwStlinkFeatures  feature);
/* 0x00 DFU, 0x01 mass storage, 0x02 debug, 0x03 SWIM. */
gboolean               bw_stlink_get_mode           (BwStlink         *self,
                                                     guint8           *mode,
                                                     GError          **error) G_GNUC_WARN_UNUSED_RESULT;
/* Volts on the target's supply as the probe measures it. */
gboolean               bw_stlink_read_target_voltage (BwStlink        *self,
                                                      gdouble         *volts,
                                                      GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Picks the fastest supported SWD clock not above @khz (the slowest one
 * if none is); *@actual_khz (may be NULL) gets what was set. */
gboolean               bw_stlink_set_swd_frequency  (BwStlink         *self,
                                                     guint             khz,
                                                     guint            *actual_khz,
                                                     GError          **error) G_GNUC_WARN_UNUSED_RESULT;
guint                  bw_stlink_get_swd_frequency  (BwStlink         *self);

/* Enters SWD and reads the DP IDCODE. A target that does not answer gives
 * TARGET_NO_RESPONSE; bw_stlink_diagnose_no_answer() tells why. */
gboolean               bw_stlink_connect            (BwStlink         *self,
                                                     BwStlinkConnectMode mode,
                                                     GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean               bw_stlink_is_connected       (BwStlink         *self);
/* FALSE once a reset through NRST was seen to do nothing. */
gboolean               bw_stlink_get_nrst_works     (BwStlink         *self);
gboolean               bw_stlink_read_idcode        (BwStlink         *self,
                                                     guint32          *idcode,
                                                     GError          **error) G_GNUC_WARN_UNUSED_RESULT;
/* Leaves debug mode (DEBUG_EXIT); the core is left as it is. */
gboolean               bw_stlink_close              (BwStlink         *self,
                                                     GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* Memory. 32/16-bit: address and length aligned to the width. Transfers
 * are split into the largest blocks the firmware allows, never crossing a
 * 4 KiB boundary; the probe's read/write status is checked after each, and
 * a fault names the address. */
gboolean bw_stlink_read_mem8    (BwStlink *self, guint32 address, guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_read_mem16   (BwStlink *self, guint32 address, guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_read_mem32   (BwStlink *self, guint32 address, guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_write_mem8   (BwStlink *self, guint32 address, const guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_write_mem16  (BwStlink *self, guint32 address, const guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_write_mem32  (BwStlink *self, guint32 address, const guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Any address and length: bytes up to word alignment, then words. */
gboolean bw_stlink_read_memory  (BwStlink *self, guint32 address, guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_write_memory (BwStlink *self, guint32 address, const guint8 *data, gsize length,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* One 32-bit word anywhere (READDEBUGREG / WRITEDEBUGREG). */
gboolean bw_stlink_read_debug_reg  (BwStlink *self, guint32 address, guint32 *value,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_write_debug_reg (BwStlink *self, guint32 address, guint32 value,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Core registers by DCRSR REGSEL (0-12, 13 SP, 14 LR, 15 PC, 16 xPSR, 17 MSP,
 * 18 PSP, 20 CONTROL/..., 33 FPSCR, 64+ S0-S31); the core must be halted. */
gboolean bw_stlink_read_core_reg   (BwStlink *self, guint regsel, guint32 *value,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_write_core_reg  (BwStlink *self, guint regsel, guint32 value,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Core control. */
gboolean bw_stlink_drive_nrst      (BwStlink *self, BwStlinkNrst state,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_halt            (BwStlink *self, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Resumes the core, still under debug (breakpoints halt it again). */
gboolean bw_stlink_run             (BwStlink *self, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Turns halting debug off, so the core runs freely. */
gboolean bw_stlink_release_core    (BwStlink *self, GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean bw_stlink_is_halted       (BwStlink *self, gboolean *halted,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Resets the chip; with @halt the core stops at the reset vector. */
gboolean bw_stlink_reset           (BwStlink *self, BwStlinkReset kind, gboolean halt,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* After a connect failed with TARGET_NO_RESPONSE: measures the target
 * voltage and returns a new error naming the situation: TARGET_NOT_POWERED
 * (about 0 V with the sense pin wired, or not known to be unwired) or
 * TARGET_NO_RESPONSE (voltage fine or unknown: swapped or missing SWD
 * lines, no GND, SWD turned off by the firmware; the message suggests
 * connecting under reset and a slower clock). Any other @cause, or a
 * failure of the probe itself while measuring, is returned as it is. */
GError  *bw_stlink_diagnose_no_answer (BwStlink     *self,
                                       const GError *cause,
                                       BwStlinkSense sense);

G_END_DECLS

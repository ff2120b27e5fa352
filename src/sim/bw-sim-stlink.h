/* bw-sim-stlink.h: the ST-Link probe model (USB identity + command set)
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device model driven the way a USB host drives the real probe: bulk OUT
 * transfers carry 16-byte commands or write payloads, bulk IN transfers
 * collect responses. Behaviour follows spec/stlink-protocol.md; costs follow
 * spec/sim-timing.md and are charged on the BwSimClock.
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-clock.h"
#include "bw-sim-scenario.h"
#include "bw-sim-state.h"
#include "bw-sim-stm32f405.h"

G_BEGIN_DECLS

#define BW_SIM_STLINK_VID 0x0483

typedef enum
{
  BW_SIM_STLINK_V2,          /* 0x3748 */
  BW_SIM_STLINK_V2_1,        /* 0x374B (composite, with mass storage) */
  BW_SIM_STLINK_V2_1_NO_MSD, /* 0x3752 */
  BW_SIM_STLINK_V3E,         /* 0x374E */
  BW_SIM_STLINK_V3S,         /* 0x374F */
  BW_SIM_STLINK_V3_2VCP,     /* 0x3753 */
} BwSimStlinkModel;

/* GET_CURRENT_MODE values (spec §4.1). */
typedef enum
{
  BW_SIM_STLINK_MODE_DFU = 0x00,
  BW_SIM_STLINK_MODE_MASS = 0x01,
  BW_SIM_STLINK_MODE_DEBUG = 0x02,
  BW_SIM_STLINK_MODE_SWIM = 0x03,
} BwSimStlinkMode;

/* Status bytes (spec §3) the model produces. */
#define BW_SIM_STLINK_OK 0x80
#define BW_SIM_STLINK_ERR_FAULT 0x81
#define BW_SIM_STLINK_ERR_NO_JTAG_CHAIN 0x04
#define BW_SIM_STLINK_ERR_CMD 0x08
#define BW_SIM_STLINK_ERR_IDCODE 0x09
#define BW_SIM_STLINK_ERR_ALIGNMENT 0x0A
#define BW_SIM_STLINK_ERR_AP_FAULT 0x11
#define BW_SIM_STLINK_ERR_AP_ERROR 0x12
#define BW_SIM_STLINK_ERR_DP_ERROR 0x16
#define BW_SIM_STLINK_ERR_BAD_AP 0x1D
#define BW_SIM_STLINK_ERR_FREQ 0x41
#define BW_SIM_STLINK_ERR_UNKNOWN_CMD 0x42

/* Result of one USB operation on the model, mapped 1:1 by the stand-in
 * libusb onto LIBUSB_SUCCESS / _ERROR_NO_DEVICE / _ERROR_TIMEOUT /
 * _ERROR_NOT_FOUND / _ERROR_PIPE / _ERROR_BUSY. */
typedef enum
{
  BW_SIM_USB_OK,
  BW_SIM_USB_NO_DEVICE,
  BW_SIM_USB_TIMEOUT,
  BW_SIM_USB_NOT_FOUND,
  BW_SIM_USB_STALL,
  BW_SIM_USB_BUSY,
} BwSimUsbResult;

#define BW_SIM_TYPE_STLINK (bw_sim_stlink_get_type ())
G_DECLARE_FINAL_TYPE (BwSimStlink, bw_sim_stlink, BW_SIM, STLINK, GObject)

/* Reads the probe settings (kind, firmware, serial, faults) from @scenario.
 * @state may be NULL (mode then starts as mass storage and is not kept). */
BwSimStlink *
bw_sim_stlink_new (BwSimScenario *scenario, BwSimState *state, BwSimClock *clock, BwSimStm32f405 *target);

/* Identity. */
BwSimStlinkModel bw_sim_stlink_get_model (BwSimStlink *self);
guint16          bw_sim_stlink_get_pid (BwSimStlink *self);
guint8           bw_sim_stlink_get_hw_version (BwSimStlink *self);
guint8           bw_sim_stlink_get_jtag_version (BwSimStlink *self);
BwSimUsbSpeed    bw_sim_stlink_get_usb_speed (BwSimStlink *self);
const gchar     *bw_sim_stlink_get_serial (BwSimStlink *self);
guint8           bw_sim_stlink_get_ep_out (BwSimStlink *self);
guint8           bw_sim_stlink_get_ep_in (BwSimStlink *self);
guint8           bw_sim_stlink_get_ep_trace (BwSimStlink *self);
guint16          bw_sim_stlink_get_max_packet (BwSimStlink *self, guint8 endpoint);
/* Raw descriptors: device (type 1), configuration (type 2, index 0) and
 * strings (type 3; index 0 is the LANGID list). NULL if there is none. */
GBytes *bw_sim_stlink_get_descriptor (BwSimStlink *self, guint8 type, guint8 index, guint16 langid);
guint8  bw_sim_stlink_get_n_interfaces (BwSimStlink *self);

/* Faults and USB-level state. */
gboolean       bw_sim_stlink_is_present (BwSimStlink *self);
BwSimUsbResult bw_sim_stlink_claim_interface (BwSimStlink *self, guint interface);
/* A USB bus reset: drops half-finished commands and queued responses. */
void bw_sim_stlink_usb_reset (BwSimStlink *self);

/* One bulk transfer each. Both charge the USB cost of spec/sim-timing.md;
 * bulk_out also runs the command it completes. bulk_in returns
 * BW_SIM_USB_TIMEOUT when the probe has nothing to send (the caller decides
 * how long the host waited and charges that). */
BwSimUsbResult bw_sim_stlink_bulk_out (BwSimStlink *self, guint8 endpoint, const guint8 *data, gsize length);
BwSimUsbResult
bw_sim_stlink_bulk_in (BwSimStlink *self, guint8 endpoint, guint8 *buffer, gsize length, gsize *actual);
/* Charges one control transfer (GET_DESCRIPTOR and the like). */
BwSimUsbResult bw_sim_stlink_control (BwSimStlink *self, gsize length);

/* Probe firmware state. */
BwSimStlinkMode bw_sim_stlink_get_mode (BwSimStlink *self);
guint32         bw_sim_stlink_get_swd_hz (BwSimStlink *self);
guint64         bw_sim_stlink_get_n_transfers (BwSimStlink *self);
void            bw_sim_stlink_unplug_after_more (BwSimStlink *self,
                                                 guint        n_more);
/* Writes the mode to the state's key/value store (no-op without state). */
void bw_sim_stlink_save (BwSimStlink *self);

G_END_DECLS

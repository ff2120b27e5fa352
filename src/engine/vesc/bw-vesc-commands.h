/* bw-vesc-commands.h: command ids and limits of the VESC protocol
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ids from the COMM_PACKET_ID enum of vedderb/bldc datatypes.h; they are
 * part of the wire format and never change. Reply layouts from the
 * handlers in vedderb/bldc comm/commands.c; timeouts and chunk sizes as
 * vedderb/vesc_tool vescinterface.cpp uses them (fwUpload, swdUploadFw,
 * swdEraseFlash, swdReboot, fwEraseBootloader).
 */
#pragma once

#include <glib.h>

#include "bw-vesc-image.h"

G_BEGIN_DECLS

typedef enum {
  BW_VESC_COMM_FW_VERSION = 0,
  BW_VESC_COMM_JUMP_TO_BOOTLOADER = 1,
  BW_VESC_COMM_ERASE_NEW_APP = 2,
  BW_VESC_COMM_WRITE_NEW_APP_DATA = 3,
  BW_VESC_COMM_PRINT = 21,
  BW_VESC_COMM_BM_CONNECT = 66,
  BW_VESC_COMM_BM_ERASE_FLASH_ALL = 67,
  BW_VESC_COMM_BM_WRITE_FLASH = 68,
  BW_VESC_COMM_BM_REBOOT = 69,
  BW_VESC_COMM_BM_DISCONNECT = 70,
  BW_VESC_COMM_BM_MAP_PINS_DEFAULT = 71,
  BW_VESC_COMM_BM_MAP_PINS_NRF5X = 72,
  BW_VESC_COMM_ERASE_BOOTLOADER = 73,
  BW_VESC_COMM_BM_MEM_READ = 80,
  BW_VESC_COMM_WRITE_NEW_APP_DATA_LZO = 81,
  BW_VESC_COMM_BM_WRITE_FLASH_LZO = 83,
} BwVescCommand;

/* HW_TYPE in datatypes.h, sent in COMM_FW_VERSION by firmware 5.x and later. */
typedef enum {
  BW_VESC_HW_TYPE_VESC = 0,
  BW_VESC_HW_TYPE_VESC_BMS = 1,
  BW_VESC_HW_TYPE_CUSTOM_MODULE = 2,
} BwVescHwType;

/* --- Firmware update over the ESC's own USB (COMM_*_NEW_APP*) --- */
/* COMM_WRITE_NEW_APP_DATA offsets count from the staging base, flash
 * sector 8 (flash_helper.c: NEW_APP_BASE 8, ADDR_FLASH_SECTOR_8). */
#define BW_VESC_NEW_APP_BASE               0x08080000u
/* The bootloader sector 11 seen from that base: 3 x 128 KiB
 * (vescinterface.cpp fwUpload: "addr += (1024 * 128 * 3)" for HW_TYPE_VESC). */
#define BW_VESC_BOOTLOADER_OFFSET          (3u * 128u * 1024u)
G_STATIC_ASSERT (BW_VESC_NEW_APP_BASE + BW_VESC_BOOTLOADER_OFFSET == BW_VESC_BOOTLOADER_ADDRESS);
#define BW_VESC_BOOTLOADER_MAX_SIZE        (128u * 1024u)
/* Bytes of image per COMM_WRITE_NEW_APP_DATA (fwUpload: chunkSize 384). */
#define BW_VESC_APP_DATA_CHUNK             384u
/* COMM_ERASE_BOOTLOADER exists from firmware 3.59 (vescinterface.cpp:
 * setLimitedSupportsEraseBootloader(fw_connected >= 3.59)). */
#define BW_VESC_ERASE_BOOTLOADER_MIN_MAJOR 3u
#define BW_VESC_ERASE_BOOTLOADER_MIN_MINOR 59u

/* --- The ESC as an SWD programmer (COMM_BM_*, blackmagic/bm_if.c) --- */
/* Bytes per COMM_BM_WRITE_FLASH and per read-back (swdUploadFw: chunkSize 400). */
#define BW_VESC_SWD_CHUNK                  400u
/* COMM_BM_MEM_READ answers at most 512 - 3 bytes (commands.c caps read_len). */
#define BW_VESC_SWD_READ_MAX               509u

/* bm_connect() results. */
#define BW_VESC_BM_TARGET_STM32F40X        1
#define BW_VESC_BM_NOT_RECOGNISED          (-2)
#define BW_VESC_BM_NO_CONNECTION           (-1)
/* bm_erase_flash_all(), bm_write_flash(), bm_mem_read(), bm_reboot(). */
#define BW_VESC_BM_OK                      1
#define BW_VESC_BM_NOT_CONNECTED           (-1)
#define BW_VESC_BM_FAILED                  (-2)
#define BW_VESC_BM_ERASE_FAILED            (-3)

/* --- Timeouts in ms --- */
#define BW_VESC_TIMEOUT_ERASE_MS           20000u /* vescinterface.cpp fwEraseBootloader, swdEraseFlash */
#define BW_VESC_TIMEOUT_WRITE_MS           3000u  /* per chunk: fwUpload and swdUploadFw */
#define BW_VESC_TIMEOUT_BM_MS              3000u  /* swdReboot, Commands::bmReadMemWait */
/* VESC Tool waits for these replies without a timer; Bootwire's own bounds. */
#define BW_VESC_TIMEOUT_FW_VERSION_MS      2000u
#define BW_VESC_TIMEOUT_BM_CONNECT_MS      5000u
/* A chunk whose reply timed out is sent again, three tries in all. */
#define BW_VESC_WRITE_TRIES                3u

G_END_DECLS

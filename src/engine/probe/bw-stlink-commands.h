/* bw-stlink-commands.h: ST-Link command codes and fixed values
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Section numbers (§) refer to spec/stlink-protocol.md.
 */
#pragma once

/* Command classes, byte 0 of the 16-byte block (§4.1). */
#define BW_STLINK_CMD_GET_VERSION       0xF1
#define BW_STLINK_CMD_DEBUG             0xF2
#define BW_STLINK_CMD_DFU               0xF3
#define BW_STLINK_CMD_SWIM              0xF4
#define BW_STLINK_CMD_GET_CURRENT_MODE  0xF5
#define BW_STLINK_CMD_GET_TARGET_VOLTAGE 0xF7
#define BW_STLINK_CMD_GET_VERSION_EX    0xFB

#define BW_STLINK_DFU_EXIT              0x07
#define BW_STLINK_SWIM_EXIT             0x01

/* GET_CURRENT_MODE answers. */
#define BW_STLINK_MODE_DFU              0x00
#define BW_STLINK_MODE_MASS             0x01
#define BW_STLINK_MODE_DEBUG            0x02
#define BW_STLINK_MODE_SWIM             0x03
#define BW_STLINK_MODE_BOOTLOADER       0x04

/* DEBUG sub-commands, byte 1 after 0xF2 (§4.2; API v2 and later). */
#define BW_STLINK_DEBUG_READMEM_32      0x07
#define BW_STLINK_DEBUG_WRITEMEM_32     0x08
#define BW_STLINK_DEBUG_READMEM_8       0x0C
#define BW_STLINK_DEBUG_WRITEMEM_8      0x0D
#define BW_STLINK_DEBUG_EXIT            0x21
#define BW_STLINK_DEBUG_ENTER           0x30
#define BW_STLINK_DEBUG_READ_IDCODES    0x31
#define BW_STLINK_DEBUG_RESETSYS        0x32
#define BW_STLINK_DEBUG_READREG         0x33
#define BW_STLINK_DEBUG_WRITEREG        0x34
#define BW_STLINK_DEBUG_WRITEDEBUGREG   0x35
#define BW_STLINK_DEBUG_READDEBUGREG    0x36
#define BW_STLINK_DEBUG_GETLASTRWSTATUS 0x3B
#define BW_STLINK_DEBUG_DRIVE_NRST      0x3C
#define BW_STLINK_DEBUG_GETLASTRWSTATUS2 0x3E
#define BW_STLINK_DEBUG_SWD_SET_FREQ    0x43
#define BW_STLINK_DEBUG_READMEM_16      0x47
#define BW_STLINK_DEBUG_WRITEMEM_16     0x48
#define BW_STLINK_DEBUG_INIT_AP         0x4B
#define BW_STLINK_DEBUG_SET_COM_FREQ    0x61
#define BW_STLINK_DEBUG_GET_COM_FREQ    0x62

/* ENTER parameter (byte 2). */
#define BW_STLINK_ENTER_SWD_NO_RESET    0xA3

/* Reply sizes. */
#define BW_STLINK_GET_VERSION_SIZE      6
#define BW_STLINK_GET_VERSION_EX_SIZE   12
#define BW_STLINK_GET_MODE_SIZE         2
#define BW_STLINK_VOLTAGE_SIZE          8
#define BW_STLINK_STATUS_SIZE           2
#define BW_STLINK_STATUS_VALUE_SIZE     8
#define BW_STLINK_IDCODES_SIZE          12
#define BW_STLINK_RWSTATUS2_SIZE        12
#define BW_STLINK_GET_COM_FREQ_SIZE     52
#define BW_STLINK_SET_COM_FREQ_SIZE     8

/* Transfer limits (§4.7). 16/32-bit blocks stay within the probe's 6 KiB
 * buffer and, as OpenOCD does on Cortex-M3/M4, inside one 4 KiB block. */
#define BW_STLINK_MAX_MEM8_FS           64u
#define BW_STLINK_MAX_MEM8_V3           512u
#define BW_STLINK_MAX_MEM32             6144u
#define BW_STLINK_MEM_BLOCK             4096u

/* Cortex-M debug registers (§4.9). */
#define BW_CM_CPUID                     0xE000ED00u
#define BW_CM_AIRCR                     0xE000ED0Cu
#define BW_CM_DFSR                      0xE000ED30u
#define BW_CM_DHCSR                     0xE000EDF0u
#define BW_CM_DCRSR                     0xE000EDF4u
#define BW_CM_DCRDR                     0xE000EDF8u
#define BW_CM_DEMCR                     0xE000EDFCu

#define BW_CM_DHCSR_DBGKEY              0xA05F0000u
#define BW_CM_DHCSR_C_DEBUGEN           (1u << 0)
#define BW_CM_DHCSR_C_HALT              (1u << 1)
#define BW_CM_DHCSR_C_STEP              (1u << 2)
#define BW_CM_DHCSR_C_MASKINTS          (1u << 3)
#define BW_CM_DHCSR_S_REGRDY            (1u << 16)
#define BW_CM_DHCSR_S_HALT              (1u << 17)
#define BW_CM_DHCSR_S_SLEEP             (1u << 18)
#define BW_CM_DHCSR_S_LOCKUP            (1u << 19)
#define BW_CM_DHCSR_S_RETIRE_ST         (1u << 24)
#define BW_CM_DHCSR_S_RESET_ST          (1u << 25)

#define BW_CM_AIRCR_VECTKEY             0x05FA0000u
#define BW_CM_AIRCR_SYSRESETREQ         (1u << 2)

#define BW_CM_DEMCR_VC_CORERESET        (1u << 0)
#define BW_CM_DEMCR_TRCENA              (1u << 24)

#define BW_CM_DFSR_ALL                  0x1Fu

/* Expected SW-DP IDCODE of an STM32F4 (§5). */
#define BW_STLINK_STM32F4_DPIDR         0x2BA01477u

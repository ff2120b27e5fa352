@ bw-flash-loader.s: Bootwire's STM32F4 RAM flash loader
@
@ Copyright 2026 The Bootwire authors
@ SPDX-License-Identifier: GPL-3.0-or-later
@
@ Runs on the target's Cortex-M4 from SRAM and programs 32-bit words while
@ the host fills the other of two buffers, so that USB transfers overlap
@ flash programming. The host sets FLASH_CR to PG with PSIZE x32 before
@ starting it, and passes the address of the control block in r0.
@
@ Control block: two slots of 16 bytes, each
@   +0  state   0 empty, 1 ready (set by the host last), 2 done, 3 failed
@   +4  destination address in flash
@   +8  length in bytes, a multiple of 4; 0 ends the loader
@       (on failure the loader stores FLASH_SR here)
@   +12 source address in SRAM
@ The loader takes slot 0, then 1, then 0 again, and stops at a BKPT.
@ It refreshes the independent watchdog while it works, in case the
@ firmware had started it before the debugger halted the core.

        .syntax unified
        .cpu cortex-m4
        .thumb

        .equ FLASH_BASE, 0x40023C00
        .equ FLASH_SR, 0x0C
        .equ SR_ERRORS, 0xF2            @ OPERR, WRPERR, PGAERR, PGPERR, PGSERR
        .equ SLOT_SIZE, 16
        .equ IWDG_KR, 0x40003000
        .equ IWDG_REFRESH, 0xAAAA

        .text
        .global bw_flash_loader
        .thumb_func
bw_flash_loader:
        ldr     r7, =FLASH_BASE
        ldr     r8, =IWDG_KR
        movw    r9, #IWDG_REFRESH
        movs    r6, #0                  @ offset of the slot being served
next_slot:
        adds    r5, r0, r6
wait_ready:
        ldr     r4, [r5, #0]
        cmp     r4, #1
        bne     wait_ready
        ldr     r1, [r5, #4]
        ldr     r2, [r5, #8]
        cbz     r2, finished
        ldr     r3, [r5, #12]
program_word:
        ldr     r4, [r3], #4
        str     r4, [r1], #4
wait_not_busy:
        str     r9, [r8]                @ a watchdog the firmware started must not reset us
        ldr     r4, [r7, #FLASH_SR]
        lsls    r4, r4, #15             @ BSY (bit 16) into the sign bit
        bmi     wait_not_busy
        ldr     r4, [r7, #FLASH_SR]
        tst     r4, #SR_ERRORS
        bne     failed
        subs    r2, r2, #4
        bne     program_word
        movs    r4, #2
        str     r4, [r5, #0]
        eor     r6, r6, #SLOT_SIZE
        b       next_slot
failed:
        str     r4, [r5, #8]
        movs    r4, #3
        str     r4, [r5, #0]
finished:
        bkpt    #0
        .ltorg

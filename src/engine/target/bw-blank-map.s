@ bw-blank-map.s: which 1 KB blocks of a flash range are erased? Run on
@ the target's core.
@
@ Copyright 2026 The Bootwire authors
@ SPDX-License-Identifier: GPL-3.0-or-later
@
@ A backup need not bring erased blocks over SWD (48 SWD clocks and 4 USB
@ byte times a word): the core reads a word in 5 instructions (0.3 us) and
@ stops at the first programmed word of a block.
@
@ In: r0 = first address, r1 = end address (1 KB multiples apart),
@     r2 = where to put the map (a word per 32 blocks).
@ Out at the BKPT: bit n of the map set when block n reads all 0xFF;
@ r0 = the number of blocks.

        .syntax unified
        .cpu cortex-m4
        .thumb

        .equ BLOCK_SIZE, 1024

        .text
        .global bw_blank_map
        .thumb_func
bw_blank_map:
        movs    r3, #0                  @ r3 = block number
next_block:
        cmp     r0, r1
        bhs     done
        add     r4, r0, #BLOCK_SIZE     @ r4 = end of the block
        movs    r5, #1                  @ r5 = erased so far
next_word:
        ldr     r6, [r0], #4
        adds    r6, r6, #1              @ 0xFFFFFFFF + 1 == 0
        bne     programmed
        cmp     r0, r4
        blo     next_word
        b       record
programmed:
        mov     r0, r4
        movs    r5, #0
record:
        lsr     r6, r3, #5              @ r6 = map word
        and     r7, r3, #31             @ r7 = bit in it
        lsl     r5, r5, r7
        cbz     r7, first_bit           @ a new word starts cleared
        ldr     r8, [r2, r6, lsl #2]
        orr     r5, r5, r8
first_bit:
        str     r5, [r2, r6, lsl #2]
        adds    r3, r3, #1
        b       next_block
done:
        mov     r0, r3
        bkpt    #0

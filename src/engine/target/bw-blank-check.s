@ bw-blank-check.s: is a flash range erased? Run on the target's core.
@
@ Copyright 2026 The Bootwire authors
@ SPDX-License-Identifier: GPL-3.0-or-later
@
@ In: r0 = first address, r1 = end address (both word aligned).
@ Out at the BKPT: r0 = 1 if every word reads 0xFFFFFFFF, else 0.
@ Reading 128 KB this way takes the core about 10 ms, against about half a
@ second to bring the same bytes over SWD.

        .syntax unified
        .cpu cortex-m4
        .thumb

        .text
        .global bw_blank_check
        .thumb_func
bw_blank_check:
        cmp     r0, r1
        bhs     blank
next_word:
        ldr     r2, [r0], #4
        adds    r2, r2, #1              @ 0xFFFFFFFF + 1 == 0
        bne     not_blank
        cmp     r0, r1
        blo     next_word
blank:
        movs    r0, #1
        bkpt    #0
not_blank:
        movs    r0, #0
        bkpt    #0

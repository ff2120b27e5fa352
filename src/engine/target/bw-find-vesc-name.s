@ bw-find-vesc-name.s: where does the firmware name its hardware? Run on
@ the target's core.
@
@ Copyright 2026 The Bootwire authors
@ SPDX-License-Identifier: GPL-3.0-or-later
@
@ VESC firmware carries "org.vesc.<hardware>" in its constant data, near
@ the end of the image. This routine finds the last "org.vesc." in a range
@ so that the host reads a few bytes instead of bringing tens of kilobytes
@ over SWD to search them (64 KB: a quarter of a second; the core: a few ms).
@
@ In: r0 = first address, r1 = end address.
@ Out at the BKPT: r0 = address of the last "org.vesc." wholly inside
@ [r0, r1), or 0 when there is none.
@
@ Words are tested four bytes at a time for an 'o' (the classic test for a
@ zero byte, on the word XOR "oooo"); only words with one are looked at
@ byte by byte.

        .syntax unified
        .cpu cortex-m4
        .thumb

        .equ PATTERN_LENGTH, 9

        .text
        .global bw_find_vesc_name
        .thumb_func
bw_find_vesc_name:
        mov     r4, r0                  @ r4 = lowest position
        sub     r1, r1, #PATTERN_LENGTH @ r1 = highest position
        cmp     r1, r4
        blt     not_found
        ldr     r8, =0x6F6F6F6F         @ "oooo"
        ldr     r9, =0x01010101
        ldr     r10, =0x80808080
        bic     r11, r4, #3             @ lowest word
        bic     r5, r1, #3              @ r5 = word being tested
        adr     r3, pattern
word_loop:
        ldr     r2, [r5]
        eor     r2, r2, r8              @ a byte 'o' becomes 0
        sub     r6, r2, r9
        bic     r6, r6, r2
        tst     r6, r10
        bne     check_word
next_word:
        sub     r5, r5, #4
        cmp     r5, r11
        bhs     word_loop
not_found:
        movs    r0, #0
        bkpt    #0

check_word:
        add     r0, r5, #3              @ the word's bytes, highest first
candidate:
        cmp     r0, r1
        bhi     next_candidate
        cmp     r0, r4
        blo     next_word
        movs    r6, #0
compare:
        ldrb    r2, [r0, r6]
        ldrb    r7, [r3, r6]
        cmp     r2, r7
        bne     next_candidate
        adds    r6, r6, #1
        cmp     r6, #PATTERN_LENGTH
        blo     compare
        bkpt    #0                      @ found: r0
next_candidate:
        subs    r0, r0, #1
        cmp     r0, r5
        bhs     candidate
        b       next_word

        .ltorg
        .align  2
pattern:
        .ascii  "org.vesc."

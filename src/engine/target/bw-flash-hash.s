@ bw-flash-hash.s: a hash of a flash range, computed by the target's core
@
@ Copyright 2026 The Bootwire authors
@ SPDX-License-Identifier: GPL-3.0-or-later
@
@ In: r0 = first address, r1 = end address (both word aligned).
@ Out at the BKPT: r0 = FNV-1a over the little-endian 32-bit words.
@ Each step (xor, then multiply by an odd number) is a bijection, so a
@ range that differs from the expected bytes in any one word always gives
@ another hash; the host then reads the range to name the address. It
@ takes the core about 30 ms for 512 KB, where reading it back over SWD
@ takes seconds.

        .syntax unified
        .cpu cortex-m4
        .thumb

        .text
        .global bw_flash_hash
        .thumb_func
bw_flash_hash:
        ldr     r2, =0x811C9DC5         @ FNV offset basis
        ldr     r3, =0x01000193         @ FNV prime
        cmp     r0, r1
        bhs     done
next_word:
        ldr     r4, [r0], #4
        eors    r2, r2, r4
        mul     r2, r2, r3
        cmp     r0, r1
        blo     next_word
done:
        mov     r0, r2
        bkpt    #0
        .ltorg

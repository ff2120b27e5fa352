/* bw-memory.h: byte-string helpers the C library lacks on every platform
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The first place @needle stands in @haystack, or NULL (memmem, which
 * Windows' C library does not have). An empty needle is found at once. */
const guint8 *bw_memory_find (gconstpointer haystack,
                              gsize         haystack_size,
                              gconstpointer needle,
                              gsize         needle_size);

/* Whether every byte of @data is 0xFF, as erased flash reads. */
gboolean      bw_memory_is_erased (gconstpointer data,
                                   gsize         size);

G_END_DECLS

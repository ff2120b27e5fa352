/* test-memory.c: bw_memory_find
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-memory.h"

static void
test_find (void)
{
  const gchar *text = "VESC_60 VESC_75 VESC";

  g_assert_true (bw_memory_find (text, strlen (text), "VESC_75", 7) == (const guint8 *) text + 8);
  g_assert_true (bw_memory_find (text, strlen (text), "VESC", 4) == (const guint8 *) text);
  /* a needle that would run past the end is not found */
  g_assert_null (bw_memory_find (text + 16, 4, "VESC_", 5));
  g_assert_true (bw_memory_find (text, strlen (text), "VESC", 4) != NULL);
  g_assert_true (bw_memory_find (text + 16, 4, "VESC", 4) == (const guint8 *) text + 16);
  g_assert_null (bw_memory_find (text, strlen (text), "VESC_40", 7));
  g_assert_null (bw_memory_find (text, 3, "VESC", 4));
  g_assert_true (bw_memory_find (text, 0, "", 0) == (const guint8 *) text);
}

static void
test_binary (void)
{
  const guint8 data[] = { 0x00, 0xFF, 0x00, 0x00, 0x12, 0x00, 0x00, 0x12, 0x34 };
  const guint8 needle[] = { 0x00, 0x12, 0x34 };

  g_assert_true (bw_memory_find (data, sizeof data, needle, sizeof needle) == data + 6);
  g_assert_null (bw_memory_find (data, sizeof data - 1, needle, sizeof needle));
}

static void
test_is_erased (void)
{
  guint8 flash[300];

  memset (flash, 0xFF, sizeof flash);
  g_assert_true (bw_memory_is_erased (flash, sizeof flash));
  g_assert_true (bw_memory_is_erased (flash, 0));
  flash[299] = 0xFE;
  g_assert_false (bw_memory_is_erased (flash, sizeof flash));
  g_assert_true (bw_memory_is_erased (flash, 299));
  flash[0] = 0x00;
  g_assert_false (bw_memory_is_erased (flash, 1));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memory/find", test_find);
  g_test_add_func ("/memory/binary", test_binary);
  g_test_add_func ("/memory/is-erased", test_is_erased);
  return g_test_run ();
}

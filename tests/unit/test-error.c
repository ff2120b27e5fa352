/* test-error.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bootwire-engine.h"

static void
test_names_round_trip (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint code = 0; code < BW_ERROR_LAST; code++)
    {
      const gchar *name = bw_error_to_string ((BwError) code);

      g_assert_nonnull (name);
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
      g_assert_cmpint (bw_error_from_string (name), ==, code);
    }
  g_assert_null (bw_error_to_string (BW_ERROR_LAST));
  g_assert_cmpint (bw_error_from_string ("no-such-error"), ==, BW_ERROR_INTERNAL);
}

static void
test_every_code_has_advice (void)
{
  g_autoptr(GHashTable) summaries = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint code = 0; code < BW_ERROR_LAST; code++)
    {
      const gchar *summary = bw_error_advice_get_summary ((BwError) code);
      const gchar *action = bw_error_advice_get_action ((BwError) code);

      g_assert_nonnull (summary);
      g_assert_nonnull (action);
      g_assert_cmpuint (strlen (summary), >, 10);
      g_assert_cmpuint (strlen (action), >, 10);
      /* each situation gets its own words */
      g_assert_false (g_hash_table_contains (summaries, summary));
      g_hash_table_add (summaries, (gpointer) summary);
    }
}

static void
test_format (void)
{
  g_autoptr(GError) error = g_error_new (BW_ERROR, BW_ERROR_TARGET_NOT_POWERED, "target voltage 0.02 V");
  g_autofree gchar *text = bw_error_advice_format (error);

  g_assert_nonnull (strstr (text, "The ESC is not powered."));
  g_assert_nonnull (strstr (text, "target voltage 0.02 V"));
  g_assert_nonnull (strstr (text, "battery"));
}

static void
test_convert (void)
{
  g_autoptr(GError) not_found = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "gone");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "stop");
  g_autoptr(GError) file = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_ACCES, "no");
  g_autoptr(GError) other = g_error_new_literal (G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, "odd");
  GError *none = NULL;

  g_assert_true (bw_error_convert (&not_found));
  g_assert_error (not_found, BW_ERROR, BW_ERROR_FILE_NOT_FOUND);
  g_assert_cmpstr (not_found->message, ==, "gone");
  g_assert_true (bw_error_convert (&cancelled));
  g_assert_error (cancelled, BW_ERROR, BW_ERROR_CANCELLED);
  g_assert_true (bw_error_convert (&file));
  g_assert_error (file, BW_ERROR, BW_ERROR_FILE_READ_FAILED);
  g_assert_true (bw_error_convert (&other));
  g_assert_error (other, BW_ERROR, BW_ERROR_INTERNAL);
  g_assert_false (bw_error_convert (&none));
  g_assert_false (bw_error_convert (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/error/names-round-trip", test_names_round_trip);
  g_test_add_func ("/error/every-code-has-advice", test_every_code_has_advice);
  g_test_add_func ("/error/format", test_format);
  g_test_add_func ("/error/convert", test_convert);
  return g_test_run ();
}

/* test-paths.c: where the installed data and translations are found
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bootwire-engine.h"
#include "bw-test-utils.h"

/* Linux keeps the paths meson was configured with, whatever the
 * executable's location: a distribution's package never moves. */
#if !defined(G_OS_WIN32) && !defined(__APPLE__)
static void
test_linux_keeps_configured_paths (void)
{
  g_unsetenv ("BW_LOCALE_DIR");
  g_assert_cmpstr (bw_paths_get_locale_dir (), ==, LOCALEDIR);
  g_setenv ("BW_LOCALE_DIR", "/tmp/bootwire-build/po", TRUE);
  g_assert_cmpstr (bw_paths_get_locale_dir (), ==, "/tmp/bootwire-build/po");
  g_setenv ("BW_LOCALE_DIR", "", TRUE);
  g_assert_cmpstr (bw_paths_get_locale_dir (), ==, LOCALEDIR);
  g_unsetenv ("BW_LOCALE_DIR");
  g_assert_true (g_path_is_absolute (bw_paths_get_pkgdata_dir ()));
  g_assert_true (g_str_has_suffix (bw_paths_get_pkgdata_dir (), G_DIR_SEPARATOR_S "bootwire"));
  g_assert_cmpstr (bw_paths_get_pkgdata_dir (), ==, BW_TEST_PKGDATADIR);
}
#endif

static void
test_prefix_for_executable (void)
{
  struct { const gchar *exe; const gchar *prefix; } cases[] = {
    { "/opt/Bootwire/bin/bootwire-cli", "/opt/Bootwire" },
    { "/opt/Bootwire/BIN/bootwire-cli", "/opt/Bootwire" },
    { "/Applications/Bootwire.app/Contents/MacOS/bootwire", "/Applications/Bootwire.app/Contents/Resources" },
    { "/home/me/unpacked/bootwire-cli", "/home/me/unpacked" },
    { "/bin/bootwire-cli", "/" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *prefix = bw_paths_prefix_for_executable (cases[i].exe);

      g_assert_cmpstr (prefix, ==, cases[i].prefix);
    }
}

/* A moved install finds its share/ next to bin/; an absolute directory
 * or a missing one gives NULL (and the caller the configured path). */
static void
test_relocate (void)
{
  g_autofree gchar *prefix = bw_test_make_tmpdir ();
  g_autofree gchar *data = g_build_filename (prefix, "share", "bootwire", NULL);
  g_autofree gchar *exe = g_build_filename (prefix, "bin", "bootwire-cli.exe", NULL);
  g_autofree gchar *found_prefix = bw_paths_prefix_for_executable (exe);
  g_autofree gchar *found = NULL;
  g_autofree gchar *missing = NULL;
  g_autofree gchar *absolute = NULL;

  g_assert_cmpint (g_mkdir_with_parents (data, 0700), ==, 0);
  g_assert_cmpstr (found_prefix, ==, prefix);
  found = bw_paths_relocate (found_prefix, "share" G_DIR_SEPARATOR_S "bootwire");
  g_assert_cmpstr (found, ==, data);
  missing = bw_paths_relocate (found_prefix, "share" G_DIR_SEPARATOR_S "locale");
  g_assert_null (missing);
  absolute = bw_paths_relocate (found_prefix, data);
  g_assert_null (absolute);
  bw_test_rm_rf (prefix);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#if !defined(G_OS_WIN32) && !defined(__APPLE__)
  g_test_add_func ("/paths/linux-keeps-configured-paths", test_linux_keeps_configured_paths);
#endif
  g_test_add_func ("/paths/prefix-for-executable", test_prefix_for_executable);
  g_test_add_func ("/paths/relocate", test_relocate);
  return g_test_run ();
}

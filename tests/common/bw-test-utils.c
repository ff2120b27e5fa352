/* bw-test-utils.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bw-test-utils.h"

static gchar *
path_under_env (const gchar *variable, const gchar *name)
{
  const gchar *dir = g_getenv (variable);

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

/* A file of ../shared/testdata/real. */
gchar *
bw_test_real_path (const gchar *name)
{
  return path_under_env ("BW_TESTDATA_REAL", name);
}

/* A hand-made fixture of tests/files. */
gchar *
bw_test_file_path (const gchar *name)
{
  return path_under_env ("BW_TEST_FILES", name);
}

GBytes *
bw_test_load_bytes (const gchar *path)
{
  g_autoptr(GError) error = NULL;
  gchar *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

gchar *
bw_test_sha256_file (const gchar *path)
{
  g_autoptr(GBytes) bytes = bw_test_load_bytes (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

gchar *
bw_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  gchar *dir = g_dir_make_tmp ("bootwire-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
bw_test_rm_rf (const gchar *path)
{
  g_autoptr(GDir) dir = NULL;
  const gchar *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *child = g_build_filename (path, name, NULL);

      bw_test_rm_rf (child);
    }
  g_rmdir (path);
}

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

static void
write_text (const gchar *dir, const gchar *name, const gchar *text)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_autofree gchar *line = g_strconcat (text, "\n", NULL);

  g_assert_true (g_file_set_contents (path, line, -1, NULL));
}

static void
make_relative_link (const gchar *target, const gchar *link)
{
  g_autofree gchar *link_dir = g_path_get_dirname (link);
  g_autoptr(GFile) from = g_file_new_for_path (link_dir);
  g_autoptr(GFile) to = g_file_new_for_path (target);
  g_autofree gchar *relative = g_file_get_relative_path (from, to);
  g_autoptr(GFile) link_file = g_file_new_for_path (link);
  GString *up = g_string_new (NULL);
  g_autoptr(GFile) common = g_object_ref (from);

  /* g_file_get_relative_path only goes down; climb to a common parent */
  while (relative == NULL)
    {
      GFile *parent = g_file_get_parent (common);

      g_assert_nonnull (parent);
      g_object_unref (common);
      common = parent;
      g_string_append (up, "../");
      relative = g_file_get_relative_path (common, to);
    }
  g_string_append (up, relative);
  g_assert_true (g_file_make_symbolic_link (link_file, up->str, NULL, NULL));
  g_string_free (up, TRUE);
}

void
bw_test_make_sysfs_tty (const gchar *root, const gchar *tty, const gchar *driver, const gchar *vid,
                        const gchar *pid, const gchar *product)
{
  static guint n_devices;
  g_autofree gchar *usb = g_strdup_printf ("%s/devices/usb1/1-%u", root, ++n_devices);
  g_autofree gchar *interface = g_strdup_printf ("%s/1-%u:1.0", usb, n_devices);
  g_autofree gchar *interface_tty = g_build_filename (interface, "tty", tty, NULL);
  g_autofree gchar *driver_dir = g_build_filename (root, "bus", "usb", "drivers", driver, NULL);
  g_autofree gchar *class_dir = g_build_filename (root, "class", "tty", NULL);
  g_autofree gchar *driver_link = g_build_filename (interface, "driver", NULL);
  g_autofree gchar *device_link = g_build_filename (interface_tty, "device", NULL);
  g_autofree gchar *class_link = g_build_filename (class_dir, tty, NULL);

  g_assert_cmpint (g_mkdir_with_parents (interface_tty, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (driver_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (class_dir, 0755), ==, 0);
  write_text (usb, "idVendor", vid);
  write_text (usb, "idProduct", pid);
  write_text (usb, "manufacturer", "STMicroelectronics");
  write_text (usb, "product", product);
  write_text (usb, "serial", "30473355");
  make_relative_link (driver_dir, driver_link);
  make_relative_link (interface, device_link);
  make_relative_link (interface_tty, class_link);
}

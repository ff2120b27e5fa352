/* bw-paths.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * meson passes both forms of each directory: the absolute one it was
 * configured with (BW_PKGDATADIR, LOCALEDIR) and the one relative to the
 * prefix (BW_PKGDATADIR_RELATIVE, BW_LOCALEDIR_RELATIVE), which is what a
 * Windows or macOS install that was unpacked somewhere else still has.
 */
#include "config.h"

#ifdef __APPLE__
#include <mach-o/dyld.h>
#include <stdint.h>
#include <stdlib.h>
#endif

#include "bw-paths.h"

gchar *
bw_paths_prefix_for_executable (const gchar *executable_path)
{
  g_autofree gchar *dir = NULL;
  g_autofree gchar *base = NULL;

  g_return_val_if_fail (executable_path != NULL, NULL);

  dir = g_path_get_dirname (executable_path);
  base = g_path_get_basename (dir);
  if (g_ascii_strcasecmp (base, "bin") == 0)
    return g_path_get_dirname (dir);
  if (g_strcmp0 (base, "MacOS") == 0)
    {
      g_autofree gchar *contents = g_path_get_dirname (dir);

      return g_build_filename (contents, "Resources", NULL);
    }
  return g_steal_pointer (&dir);
}

gchar *
bw_paths_relocate (const gchar *prefix, const gchar *relative_dir)
{
  g_autofree gchar *path = NULL;

  g_return_val_if_fail (prefix != NULL && relative_dir != NULL, NULL);

  if (g_path_is_absolute (relative_dir))
    return NULL;
  path = g_build_filename (prefix, relative_dir, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_steal_pointer (&path);
}

#if defined(G_OS_WIN32) || defined(__APPLE__)
/* The install prefix of the running program, or NULL. */
static gchar *
running_prefix (void)
{
#ifdef G_OS_WIN32
  /* the directory of the .exe, without a trailing bin or lib */
  return g_win32_get_package_installation_directory_of_module (NULL);
#else
  g_autofree gchar *path = NULL;
  gchar *resolved;
  gchar *prefix;
  uint32_t size = 0;

  _NSGetExecutablePath (NULL, &size);
  path = g_malloc0 (size + 1);
  if (_NSGetExecutablePath (path, &size) != 0)
    return NULL;
  /* Homebrew's bin/ holds symbolic links into the Cellar */
  resolved = realpath (path, NULL);
  if (resolved == NULL)
    return NULL;
  prefix = bw_paths_prefix_for_executable (resolved);
  free (resolved);
  return prefix;
#endif
}

static gchar *
relocated_or (const gchar *relative_dir, const gchar *configured)
{
  g_autofree gchar *prefix = running_prefix ();
  gchar *path = prefix != NULL ? bw_paths_relocate (prefix, relative_dir) : NULL;

  return path != NULL ? path : g_strdup (configured);
}
#endif

const gchar *
bw_paths_get_pkgdata_dir (void)
{
#if defined(G_OS_WIN32) || defined(__APPLE__)
  static gchar *dir;

  if (g_once_init_enter (&dir))
    g_once_init_leave (&dir, relocated_or (BW_PKGDATADIR_RELATIVE, BW_PKGDATADIR));
  return dir;
#else
  return BW_PKGDATADIR;
#endif
}

static const gchar *
installed_locale_dir (void)
{
#if defined(G_OS_WIN32) || defined(__APPLE__)
  static gchar *dir;

  if (g_once_init_enter (&dir))
    g_once_init_leave (&dir, relocated_or (BW_LOCALEDIR_RELATIVE, LOCALEDIR));
  return dir;
#else
  return LOCALEDIR;
#endif
}

/* $BW_LOCALE_DIR: the catalogues a build compiled (BUILDDIR/po), for an
 * uninstalled run in the user's language. */
const gchar *
bw_paths_get_locale_dir (void)
{
  const gchar *env = g_getenv ("BW_LOCALE_DIR");

  if (env != NULL && *env != '\0')
    return env;
  return installed_locale_dir ();
}

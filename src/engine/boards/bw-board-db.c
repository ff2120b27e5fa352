/* bw-board-db.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Profiles are keyed by file name without the suffix, so a user's
 * boards/vesc-4.12.board replaces the bundled one and any other name adds a
 * board. A broken bundled profile is a bug and fails the load; a broken
 * user profile is skipped and kept in the skipped list so that the wizard
 * can show why, and still works with the bundled set.
 */
#include "config.h"

#include "bw-board-db.h"
#include "bw-error.h"
#include "bw-paths.h"

#define BOARDS_SUBDIR "boards"
#define PROBES_SUBDIR "probes"
#define MAX_FILES_PER_DIR 1000

struct _BwBoardDb
{
  GObject     parent_instance;
  GHashTable *boards; /* id -> BwBoard */
  GHashTable *probes; /* id -> BwProbeProfile */
  GPtrArray  *skipped; /* GError */
};

G_DEFINE_FINAL_TYPE (BwBoardDb, bw_board_db, G_TYPE_OBJECT)

static void
bw_board_db_finalize (GObject *object)
{
  BwBoardDb *self = BW_BOARD_DB (object);

  g_clear_pointer (&self->boards, g_hash_table_unref);
  g_clear_pointer (&self->probes, g_hash_table_unref);
  g_clear_pointer (&self->skipped, g_ptr_array_unref);
  G_OBJECT_CLASS (bw_board_db_parent_class)->finalize (object);
}

static void
bw_board_db_class_init (BwBoardDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_board_db_finalize;
}

static void
bw_board_db_init (BwBoardDb *self)
{
  self->boards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->probes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

BwBoardDb *
bw_board_db_new (void)
{
  return g_object_new (BW_TYPE_BOARD_DB, NULL);
}

gboolean
bw_board_db_load_file (BwBoardDb *self, const gchar *path, GError **error)
{
  g_return_val_if_fail (BW_IS_BOARD_DB (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_has_suffix (path, ".board"))
    {
      BwBoard *board = bw_board_new_from_file (path, error);

      if (board == NULL)
        return FALSE;
      g_hash_table_replace (self->boards, g_strdup (bw_board_get_id (board)), board);
      return TRUE;
    }
  if (g_str_has_suffix (path, ".probe"))
    {
      BwProbeProfile *probe = bw_probe_profile_new_from_file (path, error);

      if (probe == NULL)
        return FALSE;
      g_hash_table_replace (self->probes, g_strdup (bw_probe_profile_get_id (probe)), probe);
      return TRUE;
    }
  g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
               "%s: not a profile: the name must end in .board or .probe", path);
  return FALSE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* A missing folder is not an error: most users have no profiles of their own. */
static gboolean
load_subdir (BwBoardDb   *self,
             const gchar *dir,
             const gchar *subdir,
             const gchar *suffix,
             gboolean     strict,
             GError     **error)
{
  g_autofree gchar *path = g_build_filename (dir, subdir, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) handle = NULL;
  const gchar *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  handle = g_dir_open (path, 0, &local_error);
  if (handle == NULL)
    {
      if (!strict)
        {
          g_ptr_array_add (self->skipped, g_steal_pointer (&local_error));
          return TRUE;
        }
      g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
                   "%s: cannot read the folder: %s", path, local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (handle)) != NULL && names->len < MAX_FILES_PER_DIR)
    {
      if (g_str_has_suffix (name, suffix) && name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
    }
  /* a fixed order keeps results the same on every file system */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree gchar *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (!bw_board_db_load_file (self, file, &local_error))
        {
          if (strict)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_debug ("skipping user profile: %s", local_error->message);
          g_ptr_array_add (self->skipped, g_steal_pointer (&local_error));
        }
    }
  return TRUE;
}

/* Loads DIR/boards/\*.board and DIR/probes/\*.probe; stops at the first bad one. */
gboolean
bw_board_db_load_dir (BwBoardDb *self, const gchar *dir, GError **error)
{
  g_return_val_if_fail (BW_IS_BOARD_DB (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  return load_subdir (self, dir, BOARDS_SUBDIR, ".board", TRUE, error) &&
         load_subdir (self, dir, PROBES_SUBDIR, ".probe", TRUE, error);
}

/* BW_DATA_DIR lets tests and uninstalled runs use the source tree's data/. */
const gchar *
bw_board_db_get_bundled_dir (void)
{
  const gchar *env = g_getenv ("BW_DATA_DIR");

  if (env != NULL && *env != '\0')
    return env;
  return bw_paths_get_pkgdata_dir ();
}

gchar *
bw_board_db_get_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "bootwire", NULL);
}

gboolean
bw_board_db_load_default (BwBoardDb *self, GError **error)
{
  const gchar *bundled = bw_board_db_get_bundled_dir ();
  g_autofree gchar *user = bw_board_db_get_user_dir ();

  g_return_val_if_fail (BW_IS_BOARD_DB (self), FALSE);

  if (!bw_board_db_load_dir (self, bundled, error))
    return FALSE;
  if (g_hash_table_size (self->boards) == 0 || g_hash_table_size (self->probes) == 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
                   "%s: no bundled board or probe profiles found", bundled);
      return FALSE;
    }
  /* cannot fail: user files that do not load are only skipped */
  return load_subdir (self, user, BOARDS_SUBDIR, ".board", FALSE, NULL) &&
         load_subdir (self, user, PROBES_SUBDIR, ".probe", FALSE, NULL);
}

static gint
compare_boards (gconstpointer a, gconstpointer b)
{
  BwBoard *board_a = *(BwBoard *const *) a;
  BwBoard *board_b = *(BwBoard *const *) b;

  return g_utf8_collate (bw_board_get_name (board_a), bw_board_get_name (board_b));
}

static gint
compare_probes (gconstpointer a, gconstpointer b)
{
  BwProbeProfile *probe_a = *(BwProbeProfile *const *) a;
  BwProbeProfile *probe_b = *(BwProbeProfile *const *) b;

  return g_utf8_collate (bw_probe_profile_get_name (probe_a), bw_probe_profile_get_name (probe_b));
}

static GPtrArray *
sorted_values (GHashTable *table, GCompareFunc compare)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (array, g_object_ref (value));
  g_ptr_array_sort (array, compare);
  return array;
}

/* Returns: (transfer container): the boards sorted by name */
GPtrArray *
bw_board_db_get_boards (BwBoardDb *self)
{
  g_return_val_if_fail (BW_IS_BOARD_DB (self), NULL);
  return sorted_values (self->boards, compare_boards);
}

/* Returns: (transfer container): the probes sorted by name */
GPtrArray *
bw_board_db_get_probes (BwBoardDb *self)
{
  g_return_val_if_fail (BW_IS_BOARD_DB (self), NULL);
  return sorted_values (self->probes, compare_probes);
}

BwBoard *
bw_board_db_find_board (BwBoardDb *self, const gchar *id)
{
  g_return_val_if_fail (BW_IS_BOARD_DB (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (self->boards, id);
}

BwProbeProfile *
bw_board_db_find_probe (BwBoardDb *self, const gchar *id)
{
  g_return_val_if_fail (BW_IS_BOARD_DB (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (self->probes, id);
}

/* Returns: (transfer none) (element-type GError): why user profiles were skipped */
GPtrArray *
bw_board_db_get_skipped (BwBoardDb *self)
{
  g_return_val_if_fail (BW_IS_BOARD_DB (self), NULL);
  return self->skipped;
}

/* bw-sim-state.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bw-sim-state.h"

struct _BwSimState {
  GObject   parent_instance;
  gchar    *dir;
  GKeyFile *keyfile;
};

G_DEFINE_FINAL_TYPE (BwSimState, bw_sim_state, G_TYPE_OBJECT)

static void
bw_sim_state_finalize (GObject *object)
{
  BwSimState *self = BW_SIM_STATE (object);
  g_free (self->dir);
  g_key_file_unref (self->keyfile);
  G_OBJECT_CLASS (bw_sim_state_parent_class)->finalize (object);
}

static void
bw_sim_state_class_init (BwSimStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_sim_state_finalize;
}

static void
bw_sim_state_init (BwSimState *self)
{
  self->keyfile = g_key_file_new ();
}

static gchar *
state_path (BwSimState *self, const gchar *name)
{
  return g_build_filename (self->dir, name, NULL);
}

gboolean
bw_sim_state_reload (BwSimState *self, GError **error)
{
  g_autofree gchar *path = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), FALSE);
  path = state_path (self, "state.ini");
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", path);
      return FALSE;
    }
  g_key_file_unref (self->keyfile);
  self->keyfile = g_steal_pointer (&kf);
  return TRUE;
}

BwSimState *
bw_sim_state_new (const gchar *dir, GError **error)
{
  g_autoptr(BwSimState) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create state directory %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  self = g_object_new (BW_SIM_TYPE_STATE, NULL);
  self->dir = g_strdup (dir);
  if (!bw_sim_state_reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
bw_sim_state_env_is_set (void)
{
  const gchar *dir = g_getenv (BW_SIM_STATE_ENV);
  return dir != NULL && dir[0] != '\0';
}

BwSimState *
bw_sim_state_new_from_env (GError **error)
{
  if (!bw_sim_state_env_is_set ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s is not set", BW_SIM_STATE_ENV);
      return NULL;
    }
  return bw_sim_state_new (g_getenv (BW_SIM_STATE_ENV), error);
}

const gchar *
bw_sim_state_get_dir (BwSimState *self)
{
  g_return_val_if_fail (BW_SIM_IS_STATE (self), NULL);
  return self->dir;
}

gboolean
bw_sim_state_flush (BwSimState *self, GError **error)
{
  g_autofree gchar *path = NULL;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), FALSE);
  path = state_path (self, "state.ini");
  return g_key_file_save_to_file (self->keyfile, path, error);
}

GBytes *
bw_sim_state_load_blob (BwSimState *self, const gchar *name, GError **error)
{
  g_autofree gchar *path = NULL;
  g_autoptr(GError) local = NULL;
  gchar *data = NULL;
  gsize size = 0;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), NULL);
  path = state_path (self, name);
  if (!g_file_get_contents (path, &data, &size, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: not found", path);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

gboolean
bw_sim_state_save_blob (BwSimState *self, const gchar *name, const guint8 *data,
                        gsize size, GError **error)
{
  g_autofree gchar *path = NULL;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), FALSE);
  path = state_path (self, name);
  return g_file_set_contents (path, (const gchar *) data, (gssize) size, error);
}

gboolean
bw_sim_state_has_blob (BwSimState *self, const gchar *name)
{
  g_autofree gchar *path = NULL;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), FALSE);
  path = state_path (self, name);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

gboolean
bw_sim_state_has_key (BwSimState *self, const gchar *group, const gchar *key)
{
  g_return_val_if_fail (BW_SIM_IS_STATE (self), FALSE);
  return g_key_file_has_key (self->keyfile, group, key, NULL);
}

gchar *
bw_sim_state_get_string (BwSimState *self, const gchar *group, const gchar *key)
{
  g_return_val_if_fail (BW_SIM_IS_STATE (self), NULL);
  return g_key_file_get_string (self->keyfile, group, key, NULL);
}

void
bw_sim_state_set_string (BwSimState *self, const gchar *group, const gchar *key,
                         const gchar *value)
{
  g_return_if_fail (BW_SIM_IS_STATE (self));
  if (value == NULL)
    g_key_file_remove_key (self->keyfile, group, key, NULL);
  else
    g_key_file_set_string (self->keyfile, group, key, value);
}

gint64
bw_sim_state_get_int (BwSimState *self, const gchar *group, const gchar *key,
                      gint64 default_value)
{
  g_autoptr(GError) local = NULL;
  gint64 v;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), default_value);
  v = g_key_file_get_int64 (self->keyfile, group, key, &local);
  return local != NULL ? default_value : v;
}

void
bw_sim_state_set_int (BwSimState *self, const gchar *group, const gchar *key, gint64 value)
{
  g_return_if_fail (BW_SIM_IS_STATE (self));
  g_key_file_set_int64 (self->keyfile, group, key, value);
}

void
bw_sim_state_load_clock (BwSimState *self, BwSimClock *clock)
{
  g_return_if_fail (BW_SIM_IS_STATE (self));
  bw_sim_clock_load_from_keyfile (clock, self->keyfile);
}

void
bw_sim_state_store_clock (BwSimState *self, BwSimClock *clock)
{
  g_return_if_fail (BW_SIM_IS_STATE (self));
  bw_sim_clock_save_to_keyfile (clock, self->keyfile);
}

gboolean
bw_sim_state_append_session_log (BwSimState *self, const gchar *line, GError **error)
{
  g_autofree gchar *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree gchar *text = NULL;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), FALSE);
  path = state_path (self, "sessions.log");
  file = g_file_new_for_path (path);
  out = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
  if (out == NULL)
    return FALSE;
  text = g_strconcat (line, "\n", NULL);
  return g_output_stream_write_all (G_OUTPUT_STREAM (out), text, strlen (text), NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

gchar *
bw_sim_state_read_session_log (BwSimState *self)
{
  g_autofree gchar *path = NULL;
  gchar *data = NULL;

  g_return_val_if_fail (BW_SIM_IS_STATE (self), NULL);
  path = state_path (self, "sessions.log");
  if (!g_file_get_contents (path, &data, NULL, NULL))
    return g_strdup ("");
  return data;
}

/* bw-profile-reader.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bw-error.h"
#include "bw-profile-reader-private.h"

#define MAX_PROFILE_SIZE (64 * 1024)

BwProfileReader *
bw_profile_reader_new (const gchar *path, GError **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree gchar *contents = NULL;
  g_autofree gchar *basename = g_path_get_basename (path);
  gsize length = 0;
  BwProfileReader *self;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
                   "%s: cannot read the profile: %s", path, local_error->message);
      return NULL;
    }
  if (length > MAX_PROFILE_SIZE || !g_utf8_validate (contents, (gssize) length, NULL))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
                   "%s: not a profile: larger than %u bytes or not UTF-8 text",
                   path, (guint) MAX_PROFILE_SIZE);
      return NULL;
    }
  /* every translation is kept, not only the user's language, so that a
   * mistake in one is found whatever the language of the one who loads it */
  if (!g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_KEEP_TRANSLATIONS, &local_error))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
                   "%s: not a key file: %s", path, local_error->message);
      return NULL;
    }
  self = g_new0 (BwProfileReader, 1);
  self->keyfile = g_steal_pointer (&keyfile);
  self->path = g_strdup (path);
  self->basename = g_steal_pointer (&basename);
  self->localized = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

void
bw_profile_reader_free (BwProfileReader *self)
{
  if (self == NULL)
    return;
  g_key_file_unref (self->keyfile);
  g_free (self->path);
  g_free (self->basename);
  g_hash_table_unref (self->localized);
  g_free (self);
}

void
bw_profile_reader_set_error (BwProfileReader *self,
                             GError         **error,
                             const gchar     *group,
                             const gchar     *key,
                             const gchar     *format,
                             ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (key != NULL)
    g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
                 "%s: [%s] %s: %s", self->path, group, key, message);
  else
    g_set_error (error, BW_ERROR, BW_ERROR_BOARD_PROFILE_INVALID,
                 "%s: [%s]: %s", self->path, group, message);
}

/* "de", "pt_BR", "sr@latin": what may stand between the brackets of Key[LOCALE]. */
static gboolean
locale_is_valid (const gchar *locale, gsize length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (locale[i]) && strchr ("_@.-", locale[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Splits "Notes[de]" into "Notes" and "de"; a key without brackets has no locale. */
static gboolean
split_key (const gchar *key, gchar **base, gchar **locale)
{
  const gchar *bracket = strchr (key, '[');
  gsize length = strlen (key);

  *locale = NULL;
  if (bracket == NULL)
    {
      *base = g_strdup (key);
      return TRUE;
    }
  if (bracket == key || key[length - 1] != ']' ||
      !locale_is_valid (bracket + 1, (gsize) (key + length - 1 - (bracket + 1))))
    {
      *base = NULL;
      return FALSE;
    }
  *base = g_strndup (key, (gsize) (bracket - key));
  *locale = g_strndup (bracket + 1, (gsize) (key + length - 1 - (bracket + 1)));
  return TRUE;
}

static gboolean
check_translation (BwProfileReader    *self,
                   const gchar        *group,
                   const gchar        *key,
                   const gchar        *base,
                   const gchar *const *localized,
                   GError            **error)
{
  g_autofree gchar *value = NULL;

  if (localized == NULL || !g_strv_contains (localized, base))
    {
      bw_profile_reader_set_error (self, error, group, key,
                                   "%s cannot be translated: it is read the same in every language",
                                   base);
      return FALSE;
    }
  if (!g_key_file_has_key (self->keyfile, group, base, NULL))
    {
      bw_profile_reader_set_error (self, error, group, key,
                                   "a translation of %s, but %s itself is missing", base, base);
      return FALSE;
    }
  value = g_key_file_get_string (self->keyfile, group, key, NULL);
  if (value == NULL)
    {
      bw_profile_reader_set_error (self, error, group, key, "not a valid string");
      return FALSE;
    }
  g_strstrip (value);
  if (*value == '\0')
    {
      bw_profile_reader_set_error (self, error, group, key, "empty value");
      return FALSE;
    }
  return TRUE;
}

/* @localized: the keys of @allowed that may also be given per language as
 * Key[LOCALE]; every such translation must be a non-empty string. */
gboolean
bw_profile_reader_check_keys (BwProfileReader    *self,
                              const gchar        *group,
                              const gchar *const *allowed,
                              const gchar *const *localized,
                              GError            **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (self->keyfile, group, NULL, NULL);

  if (keys == NULL)
    {
      bw_profile_reader_set_error (self, error, group, NULL, "the group is missing");
      return FALSE;
    }
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree gchar *base = NULL;
      g_autofree gchar *locale = NULL;

      if (!split_key (keys[i], &base, &locale) || !g_strv_contains (allowed, base))
        {
          bw_profile_reader_set_error (self, error, group, keys[i], "unknown key");
          return FALSE;
        }
      if (locale != NULL && !check_translation (self, group, keys[i], base, localized, error))
        return FALSE;
    }
  if (localized != NULL)
    g_hash_table_insert (self->localized, (gpointer) group, (gpointer) localized);
  return TRUE;
}

gboolean
bw_profile_reader_check_groups (BwProfileReader    *self,
                                const gchar *const *allowed,
                                GError            **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (self->keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (!g_strv_contains (allowed, groups[i]))
        {
          bw_profile_reader_set_error (self, error, groups[i], NULL, "unknown group");
          return FALSE;
        }
    }
  return TRUE;
}

gchar *
bw_profile_reader_get_string (BwProfileReader *self,
                              const gchar     *group,
                              const gchar     *key,
                              gboolean         required,
                              gboolean         localized,
                              GError         **error)
{
  g_autofree gchar *value = NULL;
  const gchar *const *translatable = g_hash_table_lookup (self->localized, group);

  /* a key read per language must be one check_keys() lets the file translate */
  g_return_val_if_fail (!localized || (translatable != NULL && g_strv_contains (translatable, key)), NULL);

  if (!g_key_file_has_key (self->keyfile, group, key, NULL))
    {
      if (required)
        bw_profile_reader_set_error (self, error, group, key, "required key is missing");
      return NULL;
    }
  if (localized)
    value = g_key_file_get_locale_string (self->keyfile, group, key, NULL, NULL);
  else
    value = g_key_file_get_string (self->keyfile, group, key, NULL);
  if (value == NULL)
    {
      bw_profile_reader_set_error (self, error, group, key, "not a valid string");
      return NULL;
    }
  g_strstrip (value);
  if (*value == '\0')
    {
      bw_profile_reader_set_error (self, error, group, key, "empty value");
      return NULL;
    }
  return g_steal_pointer (&value);
}

gchar **
bw_profile_reader_get_list (BwProfileReader *self,
                            const gchar     *group,
                            const gchar     *key,
                            gboolean         required,
                            GError         **error)
{
  g_auto(GStrv) list = NULL;

  if (!g_key_file_has_key (self->keyfile, group, key, NULL))
    {
      if (required)
        bw_profile_reader_set_error (self, error, group, key, "required key is missing");
      return NULL;
    }
  list = g_key_file_get_string_list (self->keyfile, group, key, NULL, NULL);
  if (list == NULL || list[0] == NULL)
    {
      bw_profile_reader_set_error (self, error, group, key, "empty list");
      return NULL;
    }
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (*list[i] == '\0')
        {
          bw_profile_reader_set_error (self, error, group, key,
                                       "item %u of the list is empty", i + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&list);
}

gboolean
bw_profile_reader_get_boolean (BwProfileReader *self,
                               const gchar     *group,
                               const gchar     *key,
                               gboolean         fallback,
                               gboolean        *value,
                               GError         **error)
{
  g_autofree gchar *text = NULL;

  *value = fallback;
  if (!g_key_file_has_key (self->keyfile, group, key, NULL))
    return TRUE;
  text = g_key_file_get_value (self->keyfile, group, key, NULL);
  g_strstrip (text);
  if (g_strcmp0 (text, "true") == 0)
    *value = TRUE;
  else if (g_strcmp0 (text, "false") == 0)
    *value = FALSE;
  else
    {
      bw_profile_reader_set_error (self, error, group, key,
                                   "“%s” is not true or false", text);
      return FALSE;
    }
  return TRUE;
}

/* Decimal, or hexadecimal with 0x. */
gboolean
bw_profile_reader_get_uint (BwProfileReader *self,
                            const gchar     *group,
                            const gchar     *key,
                            gboolean         required,
                            guint64          min,
                            guint64          max,
                            guint64         *value,
                            GError         **error)
{
  g_autofree gchar *text = NULL;
  const gchar *digits;
  guint base = 10;
  guint64 parsed = 0;

  if (!g_key_file_has_key (self->keyfile, group, key, NULL))
    {
      if (required)
        {
          bw_profile_reader_set_error (self, error, group, key, "required key is missing");
          return FALSE;
        }
      return TRUE;
    }
  text = g_key_file_get_value (self->keyfile, group, key, NULL);
  g_strstrip (text);
  digits = text;
  if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
    {
      base = 16;
      digits += 2;
    }
  if (*digits == '\0' ||
      !g_ascii_string_to_unsigned (digits, base, min, max, &parsed, NULL))
    {
      bw_profile_reader_set_error (self, error, group, key,
                                   "“%s” is not a number from %" G_GUINT64_FORMAT
                                   " to %" G_GUINT64_FORMAT, text, min, max);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

gboolean
bw_profile_reader_get_choice (BwProfileReader    *self,
                              const gchar        *group,
                              const gchar        *key,
                              const gchar *const *choices,
                              gint                fallback,
                              gint               *value,
                              GError            **error)
{
  g_autofree gchar *text = NULL;
  g_autofree gchar *joined = NULL;

  *value = fallback;
  if (!g_key_file_has_key (self->keyfile, group, key, NULL))
    {
      if (fallback < 0)
        {
          bw_profile_reader_set_error (self, error, group, key, "required key is missing");
          return FALSE;
        }
      return TRUE;
    }
  text = g_key_file_get_value (self->keyfile, group, key, NULL);
  g_strstrip (text);
  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_strcmp0 (choices[i], text) == 0)
        {
          *value = (gint) i;
          return TRUE;
        }
    }
  joined = g_strjoinv (", ", (gchar **) choices);
  bw_profile_reader_set_error (self, error, group, key,
                               "“%s” is not one of: %s", text, joined);
  return FALSE;
}

/* Millimetres as text ("2.0", "2.54", "1.27"), parsed without the locale;
 * a missing key means the pitch is not known. */
gboolean
bw_profile_reader_get_pitch (BwProfileReader *self,
                             const gchar     *group,
                             const gchar     *key,
                             gdouble         *value,
                             GError         **error)
{
  g_autofree gchar *text = NULL;
  gchar *end = NULL;
  gdouble parsed;

  *value = 0.0;
  if (!g_key_file_has_key (self->keyfile, group, key, NULL))
    return TRUE;
  text = g_key_file_get_value (self->keyfile, group, key, NULL);
  g_strstrip (text);
  parsed = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(parsed >= 0.5 && parsed <= 10.0))
    {
      bw_profile_reader_set_error (self, error, group, key,
                                   "“%s” is not a pitch in millimetres (0.5 to 10)", text);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

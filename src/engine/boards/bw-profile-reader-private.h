/* bw-profile-reader-private.h: strict key-file reading for .board and
 * .probe files; every error names the file, the group and the key
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GKeyFile   *keyfile;
  gchar      *path;
  gchar      *basename;
  GHashTable *localized; /* group → the keys check_keys() let it translate (both static) */
} BwProfileReader;

BwProfileReader *bw_profile_reader_new          (const gchar      *path,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
void             bw_profile_reader_free         (BwProfileReader  *self);
void             bw_profile_reader_set_error    (BwProfileReader  *self,
                                                 GError          **error,
                                                 const gchar      *group,
                                                 const gchar      *key,
                                                 const gchar      *format,
                                                 ...) G_GNUC_PRINTF (5, 6);
gboolean         bw_profile_reader_check_keys   (BwProfileReader  *self,
                                                 const gchar      *group,
                                                 const gchar *const *allowed,
                                                 const gchar *const *localized,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean         bw_profile_reader_check_groups (BwProfileReader  *self,
                                                 const gchar *const *allowed,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gchar           *bw_profile_reader_get_string   (BwProfileReader  *self,
                                                 const gchar      *group,
                                                 const gchar      *key,
                                                 gboolean          required,
                                                 gboolean          localized,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gchar          **bw_profile_reader_get_list     (BwProfileReader  *self,
                                                 const gchar      *group,
                                                 const gchar      *key,
                                                 gboolean          required,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean         bw_profile_reader_get_boolean  (BwProfileReader  *self,
                                                 const gchar      *group,
                                                 const gchar      *key,
                                                 gboolean          fallback,
                                                 gboolean         *value,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean         bw_profile_reader_get_uint     (BwProfileReader  *self,
                                                 const gchar      *group,
                                                 const gchar      *key,
                                                 gboolean          required,
                                                 guint64           min,
                                                 guint64           max,
                                                 guint64          *value,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean         bw_profile_reader_get_choice   (BwProfileReader  *self,
                                                 const gchar      *group,
                                                 const gchar      *key,
                                                 const gchar *const *choices,
                                                 gint              fallback,
                                                 gint             *value,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean         bw_profile_reader_get_pitch    (BwProfileReader  *self,
                                                 const gchar      *group,
                                                 const gchar      *key,
                                                 gdouble          *value,
                                                 GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BwProfileReader, bw_profile_reader_free)

G_END_DECLS

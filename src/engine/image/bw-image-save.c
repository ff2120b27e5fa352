/* bw-image-save.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-ihex-writer.h"
#include "bw-image-save.h"

/* Writes @image to @path: Intel HEX when the name ends in .hex or the image
 * has gaps (a .bin cannot say where its pieces go), else raw bytes. The file
 * appears whole or not at all (written beside and renamed), and
 * "PATH.sha256" holds its checksum in sha256sum's format. */
gboolean
bw_image_save (BwImage *image, const gchar *path, gchar **sha256, GError **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree gchar *checksum = NULL;
  g_autofree gchar *sha_path = NULL;
  g_autofree gchar *sha_line = NULL;
  g_autofree gchar *basename = NULL;

  g_return_val_if_fail (BW_IS_IMAGE (image), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (bw_image_is_empty (image))
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "there is nothing to save");
      return FALSE;
    }
  if (g_str_has_suffix (path, ".hex") || bw_image_get_n_segments (image) > 1)
    contents = bw_ihex_writer_write (image, BW_IHEX_WRITER_FLAG_NONE);
  else
    contents = g_bytes_new (bw_image_get_segment_data (image, 0), bw_image_get_segment_size (image, 0));
  if (!g_file_set_contents (path, g_bytes_get_data (contents, NULL), (gssize) g_bytes_get_size (contents), error))
    {
      bw_error_convert (error);
      if (error != NULL && *error != NULL)
        (*error)->code = BW_ERROR_FILE_WRITE_FAILED;
      return FALSE;
    }
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  basename = g_path_get_basename (path);
  sha_path = g_strconcat (path, ".sha256", NULL);
  sha_line = g_strdup_printf ("%s  %s\n", checksum, basename);
  if (!g_file_set_contents (sha_path, sha_line, -1, error))
    {
      bw_error_convert (error);
      if (error != NULL && *error != NULL)
        (*error)->code = BW_ERROR_FILE_WRITE_FAILED;
      return FALSE;
    }
  if (sha256 != NULL)
    *sha256 = g_steal_pointer (&checksum);
  return TRUE;
}

/* bw-image-file.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-bin-image.h"
#include "bw-error.h"
#include "bw-ihex-reader.h"
#include "bw-image-file.h"
#include "bw-vesc-image.h"

struct _BwImageFile
{
  GObject          parent_instance;
  GFile           *file;
  BwImage         *image;
  BwImageFormat    format;
  BwAddressSource  address_source;
  gchar           *address_reason;
  gsize            file_size;
  gchar           *file_sha256;
  GPtrArray       *warnings;
  guint            error_line;
  guint            error_column;
  guint            error_other_line;
};

G_DEFINE_FINAL_TYPE (BwImageFile, bw_image_file, G_TYPE_OBJECT)

static void
bw_image_file_finalize (GObject *object)
{
  BwImageFile *self = BW_IMAGE_FILE (object);

  g_clear_object (&self->file);
  g_clear_object (&self->image);
  g_free (self->address_reason);
  g_free (self->file_sha256);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  G_OBJECT_CLASS (bw_image_file_parent_class)->finalize (object);
}

static void
bw_image_file_class_init (BwImageFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_image_file_finalize;
}

static void
bw_image_file_init (BwImageFile *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

BwImageFile *
bw_image_file_new (GFile *file)
{
  BwImageFile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (BW_TYPE_IMAGE_FILE, NULL);
  self->file = g_object_ref (file);
  return self;
}

/* The name decides when it says .hex or .bin; otherwise the content does:
 * Intel HEX is text whose first record starts with ':'. */
static BwImageFormat
detect_format (GFile *file, GBytes *contents)
{
  g_autofree gchar *name = g_file_get_basename (file);
  g_autofree gchar *lower = g_ascii_strdown (name != NULL ? name : "", -1);
  const gchar *data;
  gsize size;

  if (g_str_has_suffix (lower, ".hex") || g_str_has_suffix (lower, ".ihex") ||
      g_str_has_suffix (lower, ".ihx"))
    return BW_IMAGE_FORMAT_IHEX;
  if (g_str_has_suffix (lower, ".bin"))
    return BW_IMAGE_FORMAT_BIN;
  data = g_bytes_get_data (contents, &size);
  for (gsize i = 0; i < size; i++)
    {
      if (g_ascii_isspace (data[i]))
        continue;
      return data[i] == ':' ? BW_IMAGE_FORMAT_IHEX : BW_IMAGE_FORMAT_BIN;
    }
  return BW_IMAGE_FORMAT_BIN;
}

static GBytes *
read_contents (BwImageFile *self, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  gchar *data = NULL;
  gsize length = 0;
  goffset size;

  info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      bw_error_convert (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_FILE_READ_FAILED, "it is not a regular file");
      return NULL;
    }
  size = g_file_info_get_size (info);
  if (size > (goffset) MAX (BW_IHEX_MAX_FILE_SIZE, BW_BIN_MAX_FILE_SIZE))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_FILE_TOO_LARGE,
                   "the file is %" G_GOFFSET_FORMAT " bytes, far more than a 1 MB chip can hold", size);
      return NULL;
    }
  if (!g_file_load_contents (self->file, cancellable, &data, &length, NULL, &local_error))
    {
      bw_error_convert (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_bytes_new_take (data, length);
}

/* Reads and parses the file. A .bin is placed at @address when
 * @has_address, else where its vector table says it runs. */
gboolean
bw_image_file_load (BwImageFile  *self,
                    gboolean      has_address,
                    guint32       address,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(BwImage) image = NULL;

  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), FALSE);

  g_ptr_array_set_size (self->warnings, 0);
  self->error_line = self->error_column = self->error_other_line = 0;
  g_clear_object (&self->image);

  contents = read_contents (self, cancellable, error);
  if (contents == NULL)
    return FALSE;
  self->file_size = g_bytes_get_size (contents);
  g_free (self->file_sha256);
  self->file_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  if (self->file_size == 0)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_FILE_EMPTY, "the file is empty");
      return FALSE;
    }

  self->format = detect_format (self->file, contents);
  if (self->format == BW_IMAGE_FORMAT_IHEX)
    {
      g_autoptr(BwIhexReader) reader = bw_ihex_reader_new ();
      GPtrArray *warnings;

      image = bw_ihex_reader_parse (reader, contents, error);
      self->error_line = bw_ihex_reader_get_error_line (reader);
      self->error_column = bw_ihex_reader_get_error_column (reader);
      self->error_other_line = bw_ihex_reader_get_error_other_line (reader);
      if (image == NULL)
        return FALSE;
      warnings = bw_ihex_reader_get_warnings (reader);
      for (guint i = 0; i < warnings->len; i++)
        g_ptr_array_add (self->warnings, g_strdup (g_ptr_array_index (warnings, i)));
      if (has_address)
        g_ptr_array_add (self->warnings,
                         g_strdup ("the address given was ignored: an Intel HEX file carries its own addresses"));
      self->address_source = BW_ADDRESS_SOURCE_FILE;
    }
  else
    {
      if (has_address)
        {
          self->address_source = BW_ADDRESS_SOURCE_USER;
        }
      else
        {
          g_free (self->address_reason);
          self->address_reason = NULL;
          if (!bw_vesc_image_guess_bin_address (contents, &address, &self->address_reason, error))
            return FALSE;
          self->address_source = BW_ADDRESS_SOURCE_CONTENT;
        }
      image = bw_bin_image_load (contents, address, error);
      if (image == NULL)
        return FALSE;
    }
  self->image = g_steal_pointer (&image);
  return TRUE;
}

GFile *
bw_image_file_get_file (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), NULL);
  return self->file;
}

BwImage *
bw_image_file_get_image (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), NULL);
  return self->image;
}

BwImageFormat
bw_image_file_get_format (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), BW_IMAGE_FORMAT_UNKNOWN);
  return self->format;
}

BwAddressSource
bw_image_file_get_address_source (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), BW_ADDRESS_SOURCE_FILE);
  return self->address_source;
}

const gchar *
bw_image_file_get_address_reason (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), NULL);
  return self->address_reason;
}

gsize
bw_image_file_get_file_size (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), 0);
  return self->file_size;
}

const gchar *
bw_image_file_get_file_sha256 (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), NULL);
  return self->file_sha256;
}

GPtrArray *
bw_image_file_get_warnings (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), NULL);
  return self->warnings;
}

guint
bw_image_file_get_error_line (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), 0);
  return self->error_line;
}

guint
bw_image_file_get_error_column (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), 0);
  return self->error_column;
}

guint
bw_image_file_get_error_other_line (BwImageFile *self)
{
  g_return_val_if_fail (BW_IS_IMAGE_FILE (self), 0);
  return self->error_other_line;
}

const gchar *
bw_image_format_to_string (BwImageFormat format)
{
  switch (format)
    {
    case BW_IMAGE_FORMAT_IHEX:
      return "ihex";
    case BW_IMAGE_FORMAT_BIN:
      return "bin";
    case BW_IMAGE_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

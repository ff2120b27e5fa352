/* bw-image-check.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-image-check.h"

/* Every byte must land in the chip's flash: Bootwire never writes RAM,
 * option bytes or peripherals from an image file. */
gboolean
bw_image_check_fits (BwImage *image, BwFlashMap *map, GError **error)
{
  g_return_val_if_fail (BW_IS_IMAGE (image), FALSE);
  g_return_val_if_fail (map != NULL, FALSE);

  if (bw_image_is_empty (image))
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_IMAGE_INVALID, "the image holds no data");
      return FALSE;
    }
  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint64 start = bw_image_get_segment_address (image, i);
      guint64 end = start + bw_image_get_segment_size (image, i);

      if (bw_flash_map_contains (map, start, end))
        continue;
      if (start >= bw_flash_map_get_base (map) && start < bw_flash_map_get_end (map))
        {
          g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE,
                       "the data at 0x%08" G_GINT64_MODIFIER "X-0x%08" G_GINT64_MODIFIER "X runs past "
                       "the end of the flash at 0x%08" G_GINT64_MODIFIER "X on %s",
                       start, end - 1, bw_flash_map_get_end (map), bw_flash_map_get_chip_name (map));
          return FALSE;
        }
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE,
                   "the data at 0x%08" G_GINT64_MODIFIER "X-0x%08" G_GINT64_MODIFIER "X is outside "
                   "the flash (0x%08X-0x%08" G_GINT64_MODIFIER "X on %s)",
                   start, end - 1, bw_flash_map_get_base (map), bw_flash_map_get_end (map) - 1,
                   bw_flash_map_get_chip_name (map));
      return FALSE;
    }
  return TRUE;
}

/* The indices of the sectors that at least one byte of the image lands in,
 * in ascending order; only meaningful for an image that fits. */
GArray *
bw_image_check_get_sectors (BwImage *image, BwFlashMap *map)
{
  GArray *sectors = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (BW_IS_IMAGE (image), sectors);
  g_return_val_if_fail (map != NULL, sectors);

  for (guint s = 0; s < bw_flash_map_get_n_sectors (map); s++)
    {
      guint64 start = bw_flash_map_get_sector_address (map, s);
      guint64 end = start + bw_flash_map_get_sector_size (map, s);

      if (bw_image_count_bytes_in (image, start, end) > 0)
        g_array_append_val (sectors, s);
    }
  return sectors;
}

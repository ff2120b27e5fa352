/* bw-flash-map.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-flash-map.h"

#define MAX_SECTORS 12

struct _BwFlashMap
{
  gint     ref_count;
  gchar   *chip_name;
  guint32  base;
  guint    n_sectors;
  guint32  sector_address[MAX_SECTORS];
  guint32  sector_size[MAX_SECTORS];
};

G_DEFINE_BOXED_TYPE (BwFlashMap, bw_flash_map, bw_flash_map_ref, bw_flash_map_unref)

/* The single-bank STM32F4 map (RM0090 table 5): four 16 KB sectors, one of
 * 64 KB, then 128 KB sectors up to the size of the part. Parts from 64 KB
 * to 1024 KB are cut this way. */
BwFlashMap *
bw_flash_map_new_stm32f4 (guint size_kb)
{
  BwFlashMap *self;
  guint32 address = BW_STM32F4_FLASH_BASE;
  guint32 remaining;

  g_return_val_if_fail (size_kb >= 64 && size_kb <= 1024, NULL);
  g_return_val_if_fail (size_kb == 64 || (size_kb - 128) % 128 == 0, NULL);

  self = g_new0 (BwFlashMap, 1);
  self->ref_count = 1;
  self->chip_name = g_strdup_printf ("an STM32F4 with %u KB flash", size_kb);
  self->base = BW_STM32F4_FLASH_BASE;
  remaining = size_kb * 1024;
  while (remaining > 0 && self->n_sectors < MAX_SECTORS)
    {
      guint index = self->n_sectors;
      guint32 size = index < 4 ? 16 * 1024 : (index == 4 ? 64 * 1024 : 128 * 1024);

      self->sector_address[index] = address;
      self->sector_size[index] = size;
      self->n_sectors++;
      address += size;
      remaining -= size;
    }
  return self;
}

BwFlashMap *
bw_flash_map_ref (BwFlashMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
bw_flash_map_unref (BwFlashMap *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->chip_name);
  g_free (self);
}

const gchar *
bw_flash_map_get_chip_name (BwFlashMap *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->chip_name;
}

guint32
bw_flash_map_get_base (BwFlashMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->base;
}

guint32
bw_flash_map_get_size (BwFlashMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (guint32) (bw_flash_map_get_end (self) - self->base);
}

guint64
bw_flash_map_get_end (BwFlashMap *self)
{
  guint last;

  g_return_val_if_fail (self != NULL, 0);
  last = self->n_sectors - 1;
  return (guint64) self->sector_address[last] + self->sector_size[last];
}

guint
bw_flash_map_get_n_sectors (BwFlashMap *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_sectors;
}

guint32
bw_flash_map_get_sector_address (BwFlashMap *self, guint index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->n_sectors, 0);
  return self->sector_address[index];
}

guint32
bw_flash_map_get_sector_size (BwFlashMap *self, guint index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->n_sectors, 0);
  return self->sector_size[index];
}

gboolean
bw_flash_map_find_sector (BwFlashMap *self, guint64 address, guint *index)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->n_sectors; i++)
    {
      if (address >= self->sector_address[i] &&
          address < (guint64) self->sector_address[i] + self->sector_size[i])
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Whether all of [start, end) is flash. */
gboolean
bw_flash_map_contains (BwFlashMap *self, guint64 start, guint64 end)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return start >= self->base && end <= bw_flash_map_get_end (self) && start <= end;
}

/* bw-plan.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plan is a value: built from the image, the chip's flash map and what
 * the check found on the target, without any I/O, so that it can be shown
 * to the user before it runs and tested on its own.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-error.h"
#include "bw-format.h"
#include "bw-image-check.h"
#include "bw-plan.h"
#include "bw-vesc-image.h"

#define CONFIG_SECTOR_MASK ((1u << 1) | (1u << 2))
#define VECTOR_TABLE_SECTOR 0u

struct _BwPlan
{
  GObject     parent_instance;
  GArray     *steps;       /* BwPlanStep */
  BwImage    *write_image; /* what is written: the file minus what is kept */
  BwFlashMap *map;
  guint32     erase_mask;
  gchar      *backup_path;
  GPtrArray  *notes;
};

G_DEFINE_FINAL_TYPE (BwPlan, bw_plan, G_TYPE_OBJECT)

static void
bw_plan_finalize (GObject *object)
{
  BwPlan *self = BW_PLAN (object);

  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_object (&self->write_image);
  g_clear_pointer (&self->map, bw_flash_map_unref);
  g_free (self->backup_path);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  G_OBJECT_CLASS (bw_plan_parent_class)->finalize (object);
}

static void
bw_plan_class_init (BwPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_plan_finalize;
}

static void
bw_plan_init (BwPlan *self)
{
  self->steps = g_array_new (FALSE, TRUE, sizeof (BwPlanStep));
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

static void
add_step (BwPlan *self, BwPlanStepKind kind, guint32 address, guint32 size, guint sector)
{
  BwPlanStep step = { kind, address, size, sector };

  g_array_append_val (self->steps, step);
}

static void
add_note (BwPlan *self, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_note (BwPlan *self, const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static guint32
sector_mask_of (BwImage *image, BwFlashMap *map)
{
  g_autoptr(GArray) sectors = bw_image_check_get_sectors (image, map);
  guint32 mask = 0;

  for (guint i = 0; i < sectors->len; i++)
    mask |= 1u << g_array_index (sectors, guint, i);
  return mask;
}

/* The image without the bytes that fall in the sectors of @skip_mask. */
static BwImage *
image_without_sectors (BwImage *image, BwFlashMap *map, guint32 skip_mask)
{
  BwImage *out = bw_image_new ();

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint32 address = bw_image_get_segment_address (image, i);
      const guint8 *data = bw_image_get_segment_data (image, i);
      gsize remaining = bw_image_get_segment_size (image, i);

      while (remaining > 0)
        {
          guint sector = 0;
          guint64 sector_end;
          gsize piece;

          /* the image was checked to fit, so every byte has a sector */
          if (!bw_flash_map_find_sector (map, address, &sector))
            g_return_val_if_reached (out);
          sector_end = (guint64) bw_flash_map_get_sector_address (map, sector) +
                       bw_flash_map_get_sector_size (map, sector);
          piece = MIN (remaining, (gsize) (sector_end - address));
          if ((skip_mask & (1u << sector)) == 0 && !bw_image_add_data (out, address, data, piece, NULL))
            g_return_val_if_reached (out);
          address += (guint32) piece;
          data += piece;
          remaining -= piece;
        }
    }
  return out;
}

/* One write step per contiguous piece, cut at the end of the vector-table
 * sector; the pieces in that sector come last so that an interrupted job
 * never leaves a vector table pointing at half-written code. */
static void
add_write_steps (BwPlan *self)
{
  guint32 vector_end = bw_flash_map_get_sector_address (self->map, VECTOR_TABLE_SECTOR) +
                       bw_flash_map_get_sector_size (self->map, VECTOR_TABLE_SECTOR);
  g_autoptr(GArray) last = g_array_new (FALSE, TRUE, sizeof (BwPlanStep));

  for (guint i = 0; i < bw_image_get_n_segments (self->write_image); i++)
    {
      guint32 address = bw_image_get_segment_address (self->write_image, i);
      guint64 end = address + (guint64) bw_image_get_segment_size (self->write_image, i);

      if (address < vector_end)
        {
          BwPlanStep step = { BW_PLAN_STEP_WRITE, address, (guint32) (MIN (end, vector_end) - address), 0 };

          g_array_append_val (last, step);
          address = (guint32) MIN (end, vector_end);
        }
      if (address < end)
        add_step (self, BW_PLAN_STEP_WRITE, address, (guint32) (end - address), 0);
    }
  g_array_append_vals (self->steps, last->data, last->len);
}

static void
add_backup_steps (BwPlan *self, gboolean whole_flash)
{
  guint n = bw_flash_map_get_n_sectors (self->map);

  if (whole_flash)
    {
      add_step (self, BW_PLAN_STEP_BACKUP, bw_flash_map_get_base (self->map),
                bw_flash_map_get_size (self->map), 0);
      return;
    }
  /* what the erase destroys, in contiguous ranges */
  for (guint s = 0; s < n;)
    {
      guint32 start;
      guint32 size = 0;

      if ((self->erase_mask & (1u << s)) == 0)
        {
          s++;
          continue;
        }
      start = bw_flash_map_get_sector_address (self->map, s);
      while (s < n && (self->erase_mask & (1u << s)) != 0)
        size += bw_flash_map_get_sector_size (self->map, s++);
      add_step (self, BW_PLAN_STEP_BACKUP, start, size, 0);
    }
}

static gboolean
validate_for_target (BwImage *image, BwVescImage *vesc, const BwPlanOptions *options, GError **error)
{
  const gchar *hardware = bw_vesc_image_get_hardware_name (vesc);

  if (options->chip_id != 0 && options->chip_id != BW_CHIP_ID_STM32F405 &&
      bw_vesc_image_get_kind (vesc) != BW_VESC_KIND_UNKNOWN)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_WRONG_CHIP,
                   "VESC images are built for the STM32F405/407 (device id 0x%03X); "
                   "this chip reports device id 0x%03X", BW_CHIP_ID_STM32F405, options->chip_id);
      return FALSE;
    }
  if (options->board_hardware != NULL && hardware != NULL &&
      g_ascii_strcasecmp (options->board_hardware, hardware) != 0)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_IMAGE_WRONG_HARDWARE,
                   "the firmware is built for hardware \"%s\", but the board is \"%s\"",
                   hardware, options->board_hardware);
      return FALSE;
    }
  return TRUE;
}

BwPlan *
bw_plan_new (BwImage             *image,
             BwFlashMap          *map,
             const BwPlanOptions *options,
             GError             **error)
{
  g_autoptr(BwPlan) self = g_object_new (BW_TYPE_PLAN, NULL);
  g_autoptr(BwVescImage) vesc = NULL;
  gboolean mass_erase;
  gboolean writes_bootloader;
  guint32 skip_mask = 0;
  guint32 touched;
  guint bootloader_sector = 0;
  gboolean has_bootloader_sector;

  g_return_val_if_fail (BW_IS_IMAGE (image), NULL);
  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!bw_image_check_fits (image, map, error))
    return NULL;
  vesc = bw_vesc_image_new_from_image (image);
  if (!validate_for_target (image, vesc, options, error))
    return NULL;
  if ((options->flags & BW_PLAN_FLAG_NO_BACKUP) == 0 && options->backup_path == NULL)
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT,
                           "a backup file must be named (or the backup turned off on purpose)");
      return NULL;
    }

  self->map = bw_flash_map_ref (map);
  self->backup_path = g_strdup (options->backup_path);
  mass_erase = (options->flags & BW_PLAN_FLAG_MASS_ERASE) != 0;

  /* The configuration sectors keep the user's settings; VESC files only
   * carry gap fill there. */
  if ((options->flags & BW_PLAN_FLAG_WRITE_CONFIG) == 0 &&
      (sector_mask_of (image, map) & CONFIG_SECTOR_MASK) != 0)
    {
      skip_mask = CONFIG_SECTOR_MASK;
      add_note (self, _("The file's %lu bytes for sectors 1-2 are not written: those sectors hold "
                        "the ESC's saved settings."),
                (gulong) bw_vesc_image_get_config_bytes (vesc));
    }
  self->write_image = image_without_sectors (image, map, skip_mask);
  touched = sector_mask_of (self->write_image, map);

  has_bootloader_sector = bw_flash_map_find_sector (map, BW_VESC_BOOTLOADER_ADDRESS, &bootloader_sector);
  writes_bootloader = bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_BOOTLOADER ||
                      bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER;
  if (has_bootloader_sector && !writes_bootloader &&
      (mass_erase || (touched & (1u << bootloader_sector)) != 0))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_PLAN_REFUSED,
                   mass_erase ? "a full-chip erase removes the bootloader, and the file holds none"
                              : "the file writes into the bootloader sector %u, but is not a bootloader",
                   bootloader_sector);
      return NULL;
    }

  if (mass_erase)
    {
      self->erase_mask = (1u << bw_flash_map_get_n_sectors (map)) - 1;
      add_note (self, _("The whole chip is erased, including the saved settings."));
      if (bw_vesc_image_get_kind (vesc) == BW_VESC_KIND_BOOTLOADER)
        add_note (self, _("After this the ESC has a bootloader but no firmware, and will not start "
                          "until firmware is written over SWD."));
    }
  else
    {
      self->erase_mask = touched & ~options->blank_sectors;
      for (guint s = 0; s < bw_flash_map_get_n_sectors (map); s++)
        {
          if ((touched & options->blank_sectors & (1u << s)) != 0)
            add_note (self, _("Sector %u is already blank, so it is not erased."), s);
        }
    }

  if ((options->flags & BW_PLAN_FLAG_NO_BACKUP) == 0 && self->erase_mask != 0)
    add_backup_steps (self, mass_erase || (options->flags & BW_PLAN_FLAG_BACKUP_WHOLE_FLASH) != 0);
  else if ((options->flags & BW_PLAN_FLAG_NO_BACKUP) != 0 && self->erase_mask != 0)
    add_note (self, _("No backup is made: what the erase removes is lost."));

  if (mass_erase)
    add_step (self, BW_PLAN_STEP_MASS_ERASE, bw_flash_map_get_base (map), bw_flash_map_get_size (map), 0);
  else
    for (guint s = 0; s < bw_flash_map_get_n_sectors (map); s++)
      if ((self->erase_mask & (1u << s)) != 0)
        add_step (self, BW_PLAN_STEP_ERASE_SECTOR, bw_flash_map_get_sector_address (map, s),
                  bw_flash_map_get_sector_size (map, s), s);

  add_write_steps (self);
  add_step (self, BW_PLAN_STEP_VERIFY, bw_image_get_low_address (self->write_image),
            (guint32) bw_image_get_size (self->write_image), 0);
  if ((options->flags & BW_PLAN_FLAG_NO_RESET) == 0)
    add_step (self, BW_PLAN_STEP_RESET, 0, 0, 0);
  return g_steal_pointer (&self);
}

guint
bw_plan_get_n_steps (BwPlan *self)
{
  g_return_val_if_fail (BW_IS_PLAN (self), 0);
  return self->steps->len;
}

const BwPlanStep *
bw_plan_get_step (BwPlan *self, guint index)
{
  g_return_val_if_fail (BW_IS_PLAN (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, BwPlanStep, index);
}

BwImage *
bw_plan_get_write_image (BwPlan *self)
{
  g_return_val_if_fail (BW_IS_PLAN (self), NULL);
  return self->write_image;
}

guint32
bw_plan_get_erase_mask (BwPlan *self)
{
  g_return_val_if_fail (BW_IS_PLAN (self), 0);
  return self->erase_mask;
}

BwFlashMap *
bw_plan_get_flash_map (BwPlan *self)
{
  g_return_val_if_fail (BW_IS_PLAN (self), NULL);
  return self->map;
}

GPtrArray *
bw_plan_get_notes (BwPlan *self)
{
  g_return_val_if_fail (BW_IS_PLAN (self), NULL);
  return self->notes;
}

static gchar *
describe_step (BwPlan *self, const BwPlanStep *step)
{
  g_autofree gchar *size = bw_format_size (step->size);

  switch (step->kind)
    {
    case BW_PLAN_STEP_BACKUP:
      return g_strdup_printf (_("Save a backup of 0x%08X-0x%08X (%s) to %s."), step->address,
                              step->address + step->size - 1, size, self->backup_path);
    case BW_PLAN_STEP_MASS_ERASE:
      return g_strdup_printf (_("Erase the whole chip (%s)."), size);
    case BW_PLAN_STEP_ERASE_SECTOR:
      return g_strdup_printf (_("Erase sector %u (0x%08X, %s)."), step->sector, step->address, size);
    case BW_PLAN_STEP_WRITE:
      return g_strdup_printf (_("Write %s at 0x%08X."), size, step->address);
    case BW_PLAN_STEP_VERIFY:
      return g_strdup_printf (_("Read back and compare the %s written."), size);
    case BW_PLAN_STEP_RESET:
      return g_strdup (_("Reset the ESC."));
    default:
      g_assert_not_reached ();
    }
}

/* The plan in words, one sentence a step, for the confirm page and the log. */
gchar **
bw_plan_describe (BwPlan *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (BW_IS_PLAN (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      g_autofree gchar *sentence = describe_step (self, &g_array_index (self->steps, BwPlanStep, i));

      g_strv_builder_add (builder, sentence);
    }
  return g_strv_builder_end (builder);
}

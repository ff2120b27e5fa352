/* bw-target.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-chip-db.h"
#include "bw-error.h"
#include "bw-target.h"

struct _BwTarget
{
  GObject     parent_instance;
  BwStlink   *stlink;
  guint       dev_id;
  guint       flash_kb;
  gchar      *unique_id;
  BwFlashMap *flash_map;
};

G_DEFINE_FINAL_TYPE (BwTarget, bw_target, G_TYPE_OBJECT)

static void
bw_target_finalize (GObject *object)
{
  BwTarget *self = BW_TARGET (object);

  g_clear_object (&self->stlink);
  g_free (self->unique_id);
  g_clear_pointer (&self->flash_map, bw_flash_map_unref);
  G_OBJECT_CLASS (bw_target_parent_class)->finalize (object);
}

static void
bw_target_class_init (BwTargetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_target_finalize;
}

static void
bw_target_init (BwTarget *self)
{
}

/* @stlink must be connected to the target already. */
BwTarget *
bw_target_new (BwStlink *stlink)
{
  BwTarget *self;

  g_return_val_if_fail (BW_IS_STLINK (stlink), NULL);

  self = g_object_new (BW_TYPE_TARGET, NULL);
  self->stlink = g_object_ref (stlink);
  return self;
}

BwStlink *
bw_target_get_stlink (BwTarget *self)
{
  g_return_val_if_fail (BW_IS_TARGET (self), NULL);
  return self->stlink;
}

/* Which chip this is (DBGMCU IDCODE, CPUID), how much flash it has (the
 * flash-size register) and its unique id. A chip Bootwire cannot program is
 * an error naming it. */
gboolean
bw_target_identify (BwTarget *self, GError **error)
{
  guint32 idcode = 0;
  guint32 cpuid = 0;
  guint8 size_reg[4] = { 0 };
  guint8 uid[12] = { 0 };
  g_autoptr(GString) uid_text = g_string_new (NULL);
  BwFlashMap *map;

  g_return_val_if_fail (BW_IS_TARGET (self), FALSE);

  if (!bw_target_read_u32 (self, BW_DBGMCU_IDCODE_ADDRESS, &idcode, error) ||
      !bw_target_read_u32 (self, BW_CPUID_ADDRESS, &cpuid, error))
    {
      g_prefix_error (error, "identifying the chip: ");
      return FALSE;
    }
  self->dev_id = bw_chip_db_dev_id_from_idcode (idcode, cpuid);
  /* the size register is the upper half of the word at 0x1FFF7A20 */
  if (bw_stlink_read_mem32 (self->stlink, BW_STM32F4_FLASH_SIZE_REG - 2, size_reg, 4, NULL))
    self->flash_kb = (guint) size_reg[2] | (guint) size_reg[3] << 8;
  map = bw_chip_db_new_flash_map (self->dev_id, self->flash_kb, error);
  if (map == NULL)
    return FALSE;
  g_clear_pointer (&self->flash_map, bw_flash_map_unref);
  self->flash_map = map;
  if (self->flash_kb == 0 || self->flash_kb > 1024)
    self->flash_kb = bw_flash_map_get_size (map) / 1024;
  if (bw_stlink_read_mem32 (self->stlink, BW_STM32F4_UNIQUE_ID, uid, sizeof uid, NULL))
    for (guint i = 0; i < sizeof uid; i++)
      g_string_append_printf (uid_text, "%02X", uid[sizeof uid - 1 - i]);
  g_free (self->unique_id);
  self->unique_id = g_string_free (g_steal_pointer (&uid_text), FALSE);
  return TRUE;
}

guint
bw_target_get_dev_id (BwTarget *self)
{
  g_return_val_if_fail (BW_IS_TARGET (self), 0);
  return self->dev_id;
}

guint
bw_target_get_flash_kb (BwTarget *self)
{
  g_return_val_if_fail (BW_IS_TARGET (self), 0);
  return self->flash_kb;
}

const gchar *
bw_target_get_unique_id (BwTarget *self)
{
  g_return_val_if_fail (BW_IS_TARGET (self), NULL);
  return self->unique_id;
}

BwFlashMap *
bw_target_get_flash_map (BwTarget *self)
{
  g_return_val_if_fail (BW_IS_TARGET (self), NULL);
  return self->flash_map;
}

gboolean
bw_target_read_u32 (BwTarget *self, guint32 address, guint32 *value, GError **error)
{
  g_return_val_if_fail (BW_IS_TARGET (self), FALSE);
  return bw_stlink_read_debug_reg (self->stlink, address, value, error);
}

gboolean
bw_target_write_u32 (BwTarget *self, guint32 address, guint32 value, GError **error)
{
  g_return_val_if_fail (BW_IS_TARGET (self), FALSE);
  return bw_stlink_write_debug_reg (self->stlink, address, value, error);
}

gboolean
bw_target_read_memory (BwTarget *self, guint32 address, guint8 *buffer, gsize size, GError **error)
{
  g_return_val_if_fail (BW_IS_TARGET (self), FALSE);
  return bw_stlink_read_memory (self->stlink, address, buffer, size, error);
}

/* @access_width is the bus access size the caller needs (1, 2 or 4): the
 * flash controller refuses a write whose width differs from PSIZE. */
gboolean
bw_target_write_memory (BwTarget     *self,
                        guint32       address,
                        const guint8 *data,
                        gsize         size,
                        guint         access_width,
                        GError      **error)
{
  g_return_val_if_fail (BW_IS_TARGET (self), FALSE);

  switch (access_width)
    {
    case 1:
      return bw_stlink_write_mem8 (self->stlink, address, data, size, error);
    case 2:
      return bw_stlink_write_mem16 (self->stlink, address, data, size, error);
    case 4:
      return bw_stlink_write_mem32 (self->stlink, address, data, size, error);
    default:
      g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "no %u-byte bus access", access_width);
      return FALSE;
    }
}

void
bw_target_sleep_us (BwTarget *self, guint64 us)
{
  g_return_if_fail (BW_IS_TARGET (self));
  bw_transport_sleep_us (bw_stlink_get_transport (self->stlink), us);
}

gint64
bw_target_now_us (BwTarget *self)
{
  g_return_val_if_fail (BW_IS_TARGET (self), 0);
  return bw_transport_now_us (bw_stlink_get_transport (self->stlink));
}

/* bw-chip-db.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Device ids are those of ST's reference manuals (DBGMCU_IDCODE.DEV_ID).
 * Only the single-bank STM32F4 parts are programmable here; the others are
 * listed so that a wrong board, a clone with another MCU or a stray probe
 * on the wrong connector gets named instead of "unknown".
 */
#include "config.h"

#include "bw-chip-db.h"
#include "bw-error.h"

#define CORTEX_M4_PARTNO 0xC24u

static const BwChipInfo chips[] = {
  { 0x413, "STM32F405/407/415/417", 1024, TRUE },
  { 0x423, "STM32F401xB/C", 256, TRUE },
  { 0x433, "STM32F401xD/E", 512, TRUE },
  { 0x431, "STM32F411", 512, TRUE },
  { 0x441, "STM32F412", 1024, TRUE },
  { 0x421, "STM32F446", 512, TRUE },
  { 0x419, "STM32F42x/43x", 2048, FALSE },
  { 0x434, "STM32F469/479", 2048, FALSE },
  { 0x412, "STM32F10x low-density", 32, FALSE },
  { 0x410, "STM32F10x medium-density", 128, FALSE },
  { 0x414, "STM32F10x high-density", 512, FALSE },
  { 0x430, "STM32F10x XL-density", 1024, FALSE },
  { 0x418, "STM32F105/107", 256, FALSE },
  { 0x411, "STM32F2xx", 1024, FALSE },
  { 0x422, "STM32F302/303xB/C", 256, FALSE },
  { 0x438, "STM32F303x6/8, F334", 64, FALSE },
  { 0x446, "STM32F303xD/E", 512, FALSE },
  { 0x440, "STM32F030x8/F05x", 64, FALSE },
  { 0x444, "STM32F03x", 32, FALSE },
  { 0x445, "STM32F04x/F070x6", 32, FALSE },
  { 0x448, "STM32F07x", 128, FALSE },
  { 0x442, "STM32F09x", 256, FALSE },
  { 0x449, "STM32F74x/75x", 1024, FALSE },
  { 0x451, "STM32F76x/77x", 2048, FALSE },
  { 0x450, "STM32H74x/75x", 2048, FALSE },
  { 0x468, "STM32G431/441", 128, FALSE },
  { 0x469, "STM32G47x/48x", 512, FALSE },
  { 0x415, "STM32L4x5/4x6", 1024, FALSE },
  { 0x435, "STM32L43x/44x", 256, FALSE },
};

const BwChipInfo *
bw_chip_db_lookup (guint dev_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
    {
      if (chips[i].dev_id == dev_id)
        return &chips[i];
    }
  return NULL;
}

/* DEV_ID from DBGMCU_IDCODE. Revision A of the F405/407 reads 0x411, the
 * id of the F2 family; a Cortex-M4 core (CPUID PARTNO 0xC24) tells them
 * apart, as stlink and OpenOCD do. */
guint
bw_chip_db_dev_id_from_idcode (guint32 dbgmcu_idcode, guint32 cpuid)
{
  guint dev_id = dbgmcu_idcode & 0xFFFu;

  if (dev_id == 0x411 && ((cpuid >> 4) & 0xFFFu) == CORTEX_M4_PARTNO)
    return 0x413;
  return dev_id;
}

/* "STM32F411 (device id 0x431)" or "an unknown chip (device id 0x123)" */
gchar *
bw_chip_db_describe (guint dev_id)
{
  const BwChipInfo *info = bw_chip_db_lookup (dev_id);

  if (info == NULL)
    return g_strdup_printf ("an unknown chip (device id 0x%03X)", dev_id);
  return g_strdup_printf ("%s (device id 0x%03X)", info->name, dev_id);
}

/* The flash map of the chip found, with the size its flash-size register
 * reports (0 when it could not be read). */
BwFlashMap *
bw_chip_db_new_flash_map (guint dev_id, guint flash_kb, GError **error)
{
  const BwChipInfo *info = bw_chip_db_lookup (dev_id);
  g_autofree gchar *what = bw_chip_db_describe (dev_id);

  if (info == NULL || !info->programmable)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_UNSUPPORTED,
                   "the probe found %s; Bootwire programs STM32F4 chips with up to 1 MB of flash", what);
      return NULL;
    }
  if (flash_kb == 0)
    flash_kb = info->flash_kb;
  if (flash_kb > 1024 || (flash_kb != 64 && (flash_kb < 128 || flash_kb % 128 != 0)))
    {
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_UNSUPPORTED,
                   "%s reports %u KB of flash, which is not a size Bootwire knows the sectors of",
                   what, flash_kb);
      return NULL;
    }
  return bw_flash_map_new_stm32f4 (flash_kb);
}

gboolean
bw_chip_db_check_expected (guint found_dev_id, guint expected_dev_id, GError **error)
{
  g_autofree gchar *found = NULL;
  g_autofree gchar *expected = NULL;

  if (found_dev_id == expected_dev_id)
    return TRUE;
  found = bw_chip_db_describe (found_dev_id);
  expected = bw_chip_db_describe (expected_dev_id);
  g_set_error (error, BW_ERROR, BW_ERROR_CHIP_MISMATCH,
               "the probe found %s, but this board has %s", found, expected);
  return FALSE;
}

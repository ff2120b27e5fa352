/* bw-vesc-bootloader-choice.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VESC Tool's rule (pages/pagefirmware.cpp): a bootloader file is named
 * after the hardware it is built for, the names joined by "_o_"; the file
 * whose list holds the connected hardware name wins, else generic.bin.
 * These are the names of the images in bw-bundled-bootloader.c.
 */
#include "config.h"

#include <string.h>

#include "bw-vesc-bootloader-choice.h"

#define GENERIC "generic.bin"

static const gchar *const hardware_specific[] = {
  "40_o_47_o_48_o_410_o_411_o_412_o_DAS_RS.bin",
  "60_o_75_300_o_HD60_o_UAVC_OMEGA_o_75_300_R2_o_60_MK3_o_100_250_o_75_300_R3_o_60_MK4_o_60_MK5_o_HD75.bin",
};

const gchar *
bw_vesc_bootloader_choice_for_hardware (const gchar *hw_name)
{
  if (hw_name == NULL || *hw_name == '\0')
    return GENERIC;
  for (guint i = 0; i < G_N_ELEMENTS (hardware_specific); i++)
    {
      g_autofree gchar *stem = g_strndup (hardware_specific[i], strlen (hardware_specific[i]) - strlen (".bin"));
      g_auto(GStrv) names = g_strsplit (stem, "_o_", -1);

      if (g_strv_contains ((const gchar *const *) names, hw_name))
        return hardware_specific[i];
    }
  return GENERIC;
}

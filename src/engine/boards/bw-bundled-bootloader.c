/* bw-bundled-bootloader.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-board-db.h"
#include "bw-bundled-bootloader.h"
#include "bw-error.h"

/* The bundled images by the names VESC Tool gives them, which the board
 * profiles use; data/bootloaders/README.md says where each comes from. */
static const struct {
  const gchar *vesc_tool_name;
  const gchar *file;
  const gchar *sha256;
} bundled_bootloaders[] = {
  { "generic.bin", "vesc_bootloader_generic.bin",
    "91d4e2e09594b422ec5e1aa976adc75fdfcaac455b59efa31aa304571242df06" },
  { "40_o_47_o_48_o_410_o_411_o_412_o_DAS_RS.bin", "vesc_bootloader_hw40-412_DAS_RS.bin",
    "339a9976176af14cc23389b0fdb64eab24654211ed5b523966cf35b8e0d4a1a5" },
  { "60_o_75_300_o_HD60_o_UAVC_OMEGA_o_75_300_R2_o_60_MK3_o_100_250_o_75_300_R3_o_60_MK4_o_60_MK5_o_HD75.bin",
    "vesc_bootloader_hw60-family.bin",
    "d2c014d3b5faf843279d2b77325e128cace6d59ffa294fc0a7d68d96a57b0b33" },
};

/* The file name in data/bootloaders for a board profile's bootloader
 * (VESC Tool's name), or NULL when none is bundled. */
const gchar *
bw_bundled_bootloader_get_file (const gchar *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (bundled_bootloaders); i++)
    if (g_strcmp0 (name, bundled_bootloaders[i].vesc_tool_name) == 0 ||
        g_strcmp0 (name, bundled_bootloaders[i].file) == 0)
      return bundled_bootloaders[i].file;
  return NULL;
}

/* The path of the bundled image, checked against the sha256 it shipped
 * with, so that an altered file is never flashed. */
gchar *
bw_bundled_bootloader_find (const gchar *name, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (bundled_bootloaders); i++)
    {
      g_autofree gchar *path = NULL;
      g_autofree gchar *contents = NULL;
      g_autofree gchar *sha256 = NULL;
      gsize length = 0;

      if (g_strcmp0 (name, bundled_bootloaders[i].vesc_tool_name) != 0 &&
          g_strcmp0 (name, bundled_bootloaders[i].file) != 0)
        continue;
      path = g_build_filename (bw_board_db_get_bundled_dir (), "bootloaders", bundled_bootloaders[i].file, NULL);
      if (!g_file_get_contents (path, &contents, &length, NULL))
        {
          g_set_error (error, BW_ERROR, BW_ERROR_FILE_NOT_FOUND,
                       _("the bundled bootloader %s is not installed; choose a bootloader file"), path);
          return NULL;
        }
      sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      if (g_strcmp0 (sha256, bundled_bootloaders[i].sha256) != 0)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_FILE_READ_FAILED,
                       _("the bundled bootloader %s was altered (sha256 %s); reinstall Bootwire"), path, sha256);
          return NULL;
        }
      return g_steal_pointer (&path);
    }
  g_set_error (error, BW_ERROR, BW_ERROR_FILE_NOT_FOUND,
               _("Bootwire has no bundled bootloader called %s; choose a bootloader file"),
               name != NULL ? name : "(none)");
  return NULL;
}

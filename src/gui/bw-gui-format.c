/* bw-gui-format.c: words and numbers the pages show, as pure functions
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-gui-format.h"

/* installed by the packaging (issue 9) */
#define BW_GUI_UDEV_RULE "70-bootwire-stlink.rules"

const gchar *
bw_gui_format_check_item (BwCheckItem item)
{
  switch (item)
    {
    case BW_CHECK_ITEM_PROBE_FIRMWARE:
      return _("Probe found and answering");
    case BW_CHECK_ITEM_VOLTAGE:
      /* TRANSLATORS: the ESC's supply voltage as the probe measures it */
      return _("ESC powered");
    case BW_CHECK_ITEM_SWD:
      /* TRANSLATORS: the debug connection over the SWD wires */
      return _("Wires connected (SWD answers)");
    case BW_CHECK_ITEM_CHIP:
      return _("Chip identified");
    case BW_CHECK_ITEM_PROTECTION:
      /* TRANSLATORS: flash read/write protection */
      return _("Not read-protected");
    case BW_CHECK_ITEM_CONTENTS:
      /* TRANSLATORS: what the flash holds now */
      return _("What the chip holds");
    case BW_CHECK_N_ITEMS:
    default:
      return "?";
    }
}

const gchar *
bw_gui_format_phase (BwProgressPhase phase)
{
  return bw_progress_phase_in_words (phase);
}

gchar *
bw_gui_format_rate (gdouble bytes_per_second)
{
  g_autofree gchar *size = NULL;

  if (bytes_per_second <= 0)
    return g_strdup ("");
  size = g_format_size ((guint64) bytes_per_second);
  /* TRANSLATORS: a transfer rate, e.g. "24.1 kB/s" */
  return g_strdup_printf (_("%s/s"), size);
}

gchar *
bw_gui_format_time_left (gint64 remaining_us)
{
  gint64 seconds;

  if (remaining_us < 0)
    return g_strdup ("");
  seconds = (remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second left", "%u seconds left", (gulong) seconds),
                            (guint) seconds);
  seconds = (seconds + 59) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute left", "%u minutes left", (gulong) seconds),
                          (guint) seconds);
}

gchar *
bw_gui_format_image (BwImageFile *file, BwVescImage *vesc)
{
  BwImage *image = bw_image_file_get_image (file);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree gchar *size = NULL;
  const gchar *hardware = bw_vesc_image_get_hardware_name (vesc);
  guint64 total = 0;
  guint32 start;

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    total += bw_image_get_segment_size (image, i);
  start = bw_image_get_n_segments (image) > 0 ? bw_image_get_segment_address (image, 0) : 0;
  size = g_format_size (total);
  switch (bw_vesc_image_get_kind (vesc))
    {
    case BW_VESC_KIND_BOOTLOADER:
      /* TRANSLATORS: "VESC bootloader, 5.8 kB at 0x080E0000" */
      g_string_printf (text, _("VESC bootloader, %s at 0x%08X"), size, start);
      break;
    case BW_VESC_KIND_FIRMWARE:
      g_string_printf (text, _("VESC firmware, %s at 0x%08X"), size, start);
      break;
    case BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER:
      g_string_printf (text, _("VESC firmware and bootloader together, %s"), size);
      break;
    case BW_VESC_KIND_UNKNOWN:
    default:
      g_string_printf (text, _("Not a VESC file Bootwire knows, %s at 0x%08X"), size, start);
      break;
    }
  if (start == 0x080E0000)
    g_string_append (text, _(", in sector 11 (the bootloader's place)"));
  if (hardware != NULL)
    /* TRANSLATORS: %s is a VESC hardware name such as "60" or "410" */
    g_string_append_printf (text, _(", for hardware %s"), hardware);
  g_string_append (text, ".");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Inside Flatpak the app cannot install a udev rule on the host. */
gboolean
bw_gui_format_is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* The helper the packaging installs: it installs the udev rule that lets
 * the logged-in user open ST-Links, and reloads udev. */
gchar **
bw_gui_format_permission_argv (void)
{
  gchar **argv = g_new0 (gchar *, 3);

  argv[0] = g_strdup ("pkexec");
  argv[1] = g_build_filename (LIBEXECDIR, "bootwire-allow-probe-access", NULL);
  return argv;
}

/* What to run on the host when Bootwire is a Flatpak: the rule comes out
 * of the installed app (prefix /app), goes to /etc/udev/rules.d, and udev
 * applies it to the probes already plugged in. */
gchar *
bw_gui_format_permission_host_command (void)
{
  return g_strdup_printf ("flatpak run --command=cat %s /app/lib/udev/rules.d/" BW_GUI_UDEV_RULE
                          " | sudo tee /etc/udev/rules.d/" BW_GUI_UDEV_RULE " >/dev/null"
                          " && sudo udevadm control --reload-rules && sudo udevadm trigger",
                          APP_ID);
}

/* The title of the question before a running job is stopped. */
gchar *
bw_gui_format_cancel_heading (BwProgressPhase phase)
{
  if (phase == BW_PROGRESS_PHASE_ERASE || phase == BW_PROGRESS_PHASE_WRITE)
    return g_strdup (_("Stop Writing?"));
  return g_strdup (_("Stop?"));
}

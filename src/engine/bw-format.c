/* bw-format.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-format.h"

/* Flash sizes in the units datasheets and forums use: "128 KB", "1 MB",
 * and exact byte counts for anything that is not a whole number of KB. */
gchar *
bw_format_size (guint64 bytes)
{
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    /* TRANSLATORS: megabytes of flash memory */
    return g_strdup_printf (_("%lu MB"), (gulong) (bytes / (1024 * 1024)));
  if (bytes >= 1024 && bytes % 1024 == 0)
    /* TRANSLATORS: kilobytes of flash memory */
    return g_strdup_printf (_("%lu KB"), (gulong) (bytes / 1024));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu byte", "%lu bytes", (gulong) bytes),
                          (gulong) bytes);
}

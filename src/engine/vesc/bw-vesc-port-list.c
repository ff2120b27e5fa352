/* bw-vesc-port-list.c: the serial ports a VESC may be on
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linux names them; other systems get an empty list until they have
 * their own enumeration (the user can still type a port in the CLI).
 */
#include "config.h"

#include <string.h>

#include "bw-vesc-port-list.h"

static const gchar *const port_prefixes[] = { "ttyACM", "ttyUSB" };

/* The prefix's rank and the number after it, or FALSE for other names. */
static gboolean
parse_port_name (const gchar *name, guint *rank, guint64 *number)
{
  for (guint i = 0; i < G_N_ELEMENTS (port_prefixes); i++)
    {
      gsize len = strlen (port_prefixes[i]);

      if (strncmp (name, port_prefixes[i], len) == 0 &&
          g_ascii_string_to_unsigned (name + len, 10, 0, G_MAXUINT32, number, NULL))
        {
          *rank = i;
          return TRUE;
        }
    }
  return FALSE;
}

static gint
compare_ports (gconstpointer a, gconstpointer b)
{
  g_autofree gchar *name_a = g_path_get_basename (*(const gchar *const *) a);
  g_autofree gchar *name_b = g_path_get_basename (*(const gchar *const *) b);
  guint rank_a = 0, rank_b = 0;
  guint64 number_a = 0, number_b = 0;

  parse_port_name (name_a, &rank_a, &number_a);
  parse_port_name (name_b, &rank_b, &number_b);
  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  return number_a < number_b ? -1 : number_a > number_b ? 1 : 0;
}

GPtrArray *
bw_vesc_port_list_enumerate (const gchar *dev_dir)
{
  GPtrArray *ports = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const gchar *name;

  if (dev_dir == NULL)
    dev_dir = g_getenv ("BW_VESC_PORT_DIR");
#ifdef G_OS_UNIX
  if (dev_dir == NULL)
    dev_dir = "/dev";
#endif
  if (dev_dir == NULL || (dir = g_dir_open (dev_dir, 0, NULL)) == NULL)
    return ports;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint rank;
      guint64 number;

      if (parse_port_name (name, &rank, &number))
        g_ptr_array_add (ports, g_build_filename (dev_dir, name, NULL));
    }
  g_ptr_array_sort (ports, compare_ports);
  return ports;
}

/* bw-cli-output.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-cli-output.h"

/* "11", "0-7", "0, 3-6" */
gchar *
bw_cli_format_sector_list (GArray *sectors)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < sectors->len;)
    {
      guint first = g_array_index (sectors, guint, i);
      guint last = first;

      while (i + 1 < sectors->len && g_array_index (sectors, guint, i + 1) == last + 1)
        last = g_array_index (sectors, guint, ++i);
      i++;
      if (out->len > 0)
        g_string_append (out, ", ");
      if (first == last)
        g_string_append_printf (out, "%u", first);
      else
        g_string_append_printf (out, "%u-%u", first, last);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
bw_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree gchar *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

JsonNode *
bw_cli_error_to_json (const GError *error, guint line, guint column, guint other_line)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  BwError code = error->domain == BW_ERROR ? (BwError) error->code : BW_ERROR_INTERNAL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, bw_error_to_string (code));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, bw_error_advice_get_summary (code));
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, bw_error_advice_get_action (code));
  if (line > 0)
    {
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, line);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, column);
    }
  if (other_line > 0)
    {
      json_builder_set_member_name (builder, "other_line");
      json_builder_add_int_value (builder, other_line);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* "bootwire-cli: FILE: what happened\n  details\n  what to do" on stderr. */
void
bw_cli_print_error (const gchar *subject, const GError *error)
{
  g_autofree gchar *text = bw_error_advice_format (error);

  if (subject != NULL)
    g_printerr ("bootwire-cli: %s: %s\n", subject, text);
  else
    g_printerr ("bootwire-cli: %s\n", text);
}

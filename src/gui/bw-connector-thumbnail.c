/* bw-connector-thumbnail.c: a small drawing of a board's SWD connector, pins
 * in the colours the wiring step uses, for the board list
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-connector-thumbnail.h"

#define WIDTH  64
#define HEIGHT 28

struct _BwConnectorThumbnail
{
  GtkWidget  parent_instance;

  BwBoard   *board;
};

G_DEFINE_FINAL_TYPE (BwConnectorThumbnail, bw_connector_thumbnail, GTK_TYPE_WIDGET)

static void
set_rgb (cairo_t *cr, guint32 rgb, gdouble alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0, alpha);
}

static void
rounded_rectangle (cairo_t *cr, gdouble x, gdouble y, gdouble w, gdouble h, gdouble r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
bw_connector_thumbnail_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BwConnectorThumbnail *self = BW_CONNECTOR_THUMBNAIL (widget);
  gdouble w = gtk_widget_get_width (widget);
  gdouble h = gtk_widget_get_height (widget);
  guint n = self->board != NULL ? bw_board_get_n_pins (self->board) : 0;
  GdkRGBA fg;
  cairo_t *cr;
  gdouble pitch, radius, housing_w, x0;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  pitch = n > 0 ? MIN (12.0, (w - 8) / n) : 12.0;
  radius = pitch * 0.32;
  housing_w = n > 0 ? pitch * n + 6 : 28;
  x0 = (w - housing_w) / 2;

  /* the housing, in the text colour at low alpha so it follows dark mode */
  rounded_rectangle (cr, x0, h / 2 - 8, housing_w, 16, 4);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  if (n == 0)
    {
      /* connector not known: a question mark */
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 12);
      cairo_move_to (cr, w / 2 - 3.5, h / 2 + 4.5);
      cairo_show_text (cr, "?");
    }
  for (guint i = 0; i < n; i++)
    {
      BwSignal signal = bw_board_get_pin_signal (self->board, i);
      gdouble cx = x0 + 3 + pitch * (i + 0.5);
      gdouble cy = h / 2;
      BwWireColour colour;

      cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
      if (signal == BW_SIGNAL_NC || signal == BW_SIGNAL_LAST)
        {
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
          cairo_stroke (cr);
          continue;
        }
      if (!bw_board_get_pin_colour (self->board, i, &colour))
        colour = bw_signal_get_suggested_colour (signal);
      set_rgb (cr, bw_wire_colour_get_rgb (colour), 1.0);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_stroke (cr);
      if (signal == BW_SIGNAL_3V3)
        {
          /* the pin to leave free: crossed out */
          cairo_set_source_rgba (cr, 0.85, 0.1, 0.1, 1.0);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, cx - radius * 1.4, cy - radius * 1.4);
          cairo_line_to (cr, cx + radius * 1.4, cy + radius * 1.4);
          cairo_move_to (cr, cx + radius * 1.4, cy - radius * 1.4);
          cairo_line_to (cr, cx - radius * 1.4, cy + radius * 1.4);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1);
        }
    }
  cairo_destroy (cr);
}

static void
bw_connector_thumbnail_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                                int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? WIDTH : HEIGHT;
}

static void
bw_connector_thumbnail_dispose (GObject *object)
{
  g_clear_object (&BW_CONNECTOR_THUMBNAIL (object)->board);
  G_OBJECT_CLASS (bw_connector_thumbnail_parent_class)->dispose (object);
}

static void
bw_connector_thumbnail_class_init (BwConnectorThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_connector_thumbnail_dispose;
  widget_class->snapshot = bw_connector_thumbnail_snapshot;
  widget_class->measure = bw_connector_thumbnail_measure;
  gtk_widget_class_set_css_name (widget_class, "connector-thumbnail");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bw_connector_thumbnail_init (BwConnectorThumbnail *self)
{
}

/* The pins in order, for screen readers. */
static gchar *
describe (BwBoard *board)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = bw_board_get_n_pins (board);

  if (n == 0)
    return g_strdup (_("SWD connector not known"));
  /* TRANSLATORS: the start of a connector's description, e.g. "5 pins: 3.3V, SWCLK, GND, SWDIO, NRST" */
  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u pin: ", "%u pins: ", n), n);
  for (guint i = 0; i < n; i++)
    {
      const gchar *label = bw_board_get_pin_label (board, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                              label != NULL ? label : bw_signal_get_display_name (bw_board_get_pin_signal (board, i)));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GtkWidget *
bw_connector_thumbnail_new (BwBoard *board)
{
  BwConnectorThumbnail *self;
  g_autofree gchar *description = NULL;

  g_return_val_if_fail (BW_IS_BOARD (board), NULL);

  self = g_object_new (BW_TYPE_CONNECTOR_THUMBNAIL, NULL);
  self->board = g_object_ref (board);
  description = describe (board);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  return GTK_WIDGET (self);
}

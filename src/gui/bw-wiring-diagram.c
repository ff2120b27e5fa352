/* bw-wiring-diagram.c: the wiring drawn from the engine's diagram geometry
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-wiring-diagram.h"

#define MARGIN 8.0

/* The USB picture's own units, like a wiring layout's. */
#define USB_WIDTH  320.0
#define USB_HEIGHT 150.0
#define USB_CABLE_RGB 0x2E3436u
#define USB_POWER_RGB 0xCC0000u

struct _BwWiringDiagram
{
  GtkWidget       parent_instance;

  BwWiring       *wiring;
  BwWiringLayout *layout;
  gboolean        usb_cable;  /* the ESC on this computer's USB, no wires */
};

G_DEFINE_FINAL_TYPE (BwWiringDiagram, bw_wiring_diagram, GTK_TYPE_WIDGET)

static void
set_source_rgb32 (cairo_t *cr, guint32 rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
}

/* Drawn in the layout's own units (the cairo context is scaled), with the
 * font sized to the label box the layout estimated, so text and boxes
 * scale together. */
static void
draw_label (BwWiringDiagram *self, cairo_t *cr, const BwLayoutLabel *label)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoFontDescription *font;
  PangoRectangle ink, logical;
  gdouble x, y;

  if (label->text == NULL || label->text[0] == '\0' || label->box.height <= 0)
    return;
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_text (layout, label->text, -1);
  font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (font, label->box.height * 0.72 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_get_extents (layout, &ink, &logical);
  x = label->anchor.x;
  y = label->box.y + label->box.height / 2 - logical.height / (2.0 * PANGO_SCALE);
  if (label->align == BW_LAYOUT_ALIGN_CENTER)
    x -= logical.width / (2.0 * PANGO_SCALE);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* A wire, edged in the text colour so that yellow and white show on light
 * backgrounds and black on dark ones. */
static void
draw_wire (cairo_t *cr, const GdkRGBA *fg, const BwLayoutPoint *points, guint n_points, guint32 rgb)
{
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint p = 0; p < n_points; p++)
        {
          if (p == 0)
            cairo_move_to (cr, points[p].x, points[p].y);
          else
            cairo_line_to (cr, points[p].x, points[p].y);
        }
      if (pass == 0)
        {
          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.7);
          cairo_set_line_width (cr, 4.0);
        }
      else
        {
          set_source_rgb32 (cr, rgb);
          cairo_set_line_width (cr, 2.5);
        }
      cairo_stroke (cr);
    }
}

/* A pin or a device: filled lightly, outlined, stronger when wired. */
static void
draw_box (cairo_t *cr, const GdkRGBA *fg, const BwLayoutRect *rect, gboolean wired)
{
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, wired ? 0.12 : 0.04);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, wired ? 0.9 : 0.4);
  cairo_set_line_width (cr, 0.75);
  cairo_stroke (cr);
}

/* A device box with its name centred inside. */
static void
draw_device (BwWiringDiagram *self, cairo_t *cr, const GdkRGBA *fg, BwLayoutRect rect, const gchar *name)
{
  BwLayoutLabel label = {
    .text = (gchar *) name,
    .anchor = { rect.x + rect.width / 2, rect.y + rect.height / 2 },
    .align = BW_LAYOUT_ALIGN_CENTER,
    .box = { rect.x + 4, rect.y + rect.height / 2 - 7, rect.width - 8, 14 },
  };

  draw_box (cr, fg, &rect, TRUE);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 1.0);
  draw_label (self, cr, &label);
}

static void
draw_caption (BwWiringDiagram *self, cairo_t *cr, const GdkRGBA *fg, gdouble x, gdouble y, const gchar *text)
{
  BwLayoutLabel label = {
    .text = (gchar *) text,
    .anchor = { x, y },
    .align = BW_LAYOUT_ALIGN_CENTER,
    .box = { x - 60, y - 5.5, 120, 11 },
  };

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.8);
  draw_label (self, cr, &label);
}

/* No wires to the SWD pins: the computer, the USB cable, the ESC and the
 * power it must keep. */
static void
draw_usb_cable (BwWiringDiagram *self, cairo_t *cr, const GdkRGBA *fg)
{
  const BwLayoutPoint cable[] = { { 110, 55 }, { 210, 55 } };
  const BwLayoutPoint power[] = { { 260, 80 }, { 260, 108 } };

  draw_wire (cr, fg, cable, G_N_ELEMENTS (cable), USB_CABLE_RGB);
  draw_wire (cr, fg, power, G_N_ELEMENTS (power), USB_POWER_RGB);
  draw_device (self, cr, fg, (BwLayoutRect) { 10, 30, 100, 50 }, _("This computer"));
  draw_device (self, cr, fg, (BwLayoutRect) { 210, 30, 100, 50 }, _("ESC"));
  draw_device (self, cr, fg, (BwLayoutRect) { 210, 108, 100, 30 }, _("Battery"));
  /* TRANSLATORS: the label on the cable between the computer and the ESC in the USB picture */
  draw_caption (self, cr, fg, 160, 44, _("USB cable"));
  /* TRANSLATORS: next to the power line in the USB picture: the ESC must stay powered */
  draw_caption (self, cr, fg, 208, 94, _("keep switched on"));
}

static gboolean
get_logical_size (BwWiringDiagram *self, gdouble *lw, gdouble *lh)
{
  if (self->usb_cable)
    {
      *lw = USB_WIDTH;
      *lh = USB_HEIGHT;
      return TRUE;
    }
  if (self->layout == NULL)
    return FALSE;
  *lw = bw_wiring_layout_get_width (self->layout);
  *lh = bw_wiring_layout_get_height (self->layout);
  return *lw > 0 && *lh > 0;
}

static void
bw_wiring_diagram_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  BwWiringDiagram *self = BW_WIRING_DIAGRAM (widget);
  gdouble width = gtk_widget_get_width (widget);
  gdouble height = gtk_widget_get_height (widget);
  gdouble lw, lh, scale;
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 2 * MARGIN || height <= 2 * MARGIN || !get_logical_size (self, &lw, &lh))
    return;
  scale = MIN ((width - 2 * MARGIN) / lw, (height - 2 * MARGIN) / lh);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_translate (cr, (width - lw * scale) / 2, (height - lh * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (self->usb_cable)
    {
      draw_usb_cable (self, cr, &fg);
      cairo_destroy (cr);
      return;
    }

  /* wires under the pins */
  for (guint i = 0; i < bw_wiring_layout_get_n_wires (self->layout); i++)
    {
      const BwLayoutWire *wire = bw_wiring_layout_get_wire (self->layout, i);

      draw_wire (cr, &fg, wire->points, wire->n_points, wire->rgb);
    }

  for (guint i = 0; i < bw_wiring_layout_get_n_pins (self->layout); i++)
    {
      const BwLayoutPin *pin = bw_wiring_layout_get_pin (self->layout, i);
      gdouble x = pin->rect.x, y = pin->rect.y;
      gdouble w = pin->rect.width, h = pin->rect.height;
      gboolean probe_supply = pin->side == BW_PIN_SIDE_PROBE && bw_signal_is_supply_output (pin->signal);

      if (probe_supply)
        {
          cairo_rectangle (cr, x, y, w, h);
          cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.25);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, 1.5);
          cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
          cairo_stroke (cr);
        }
      else
        draw_box (cr, &fg, &pin->rect, pin->wired);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, pin->wired ? 1.0 : 0.55);
      draw_label (self, cr, &pin->label);
      draw_label (self, cr, &pin->number_label);

      /* a pin to leave free is crossed out */
      if (pin->keep_free || probe_supply)
        {
          cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
          cairo_set_line_width (cr, 1.2);
          cairo_move_to (cr, x + 1, y + 1);
          cairo_line_to (cr, x + w - 1, y + h - 1);
          cairo_move_to (cr, x + w - 1, y + 1);
          cairo_line_to (cr, x + 1, y + h - 1);
          cairo_stroke (cr);
        }
    }

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 1.0);
  for (guint i = 0; i < bw_wiring_layout_get_n_labels (self->layout); i++)
    draw_label (self, cr, bw_wiring_layout_get_label (self->layout, i));
  cairo_destroy (cr);
}

static void
bw_wiring_diagram_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  BwWiringDiagram *self = BW_WIRING_DIAGRAM (widget);
  gdouble lw, lh;

  *minimum = *natural = 0;
  if (!get_logical_size (self, &lw, &lh))
    return;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (lw * 0.8 + 2 * MARGIN);
      *natural = (int) (lw * 1.8 + 2 * MARGIN);
    }
  else
    {
      /* keeps the aspect ratio for the width given, up to 1.8 times the layout */
      gdouble scale = for_size > 0 && lw > 0 ? CLAMP ((for_size - 2 * MARGIN) / lw, 0.8, 1.8) : 1.0;

      *minimum = *natural = (int) (lh * scale + 2 * MARGIN);
    }
}

static GtkSizeRequestMode
bw_wiring_diagram_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
bw_wiring_diagram_dispose (GObject *object)
{
  BwWiringDiagram *self = BW_WIRING_DIAGRAM (object);

  g_clear_object (&self->layout);
  g_clear_object (&self->wiring);
  G_OBJECT_CLASS (bw_wiring_diagram_parent_class)->dispose (object);
}

static void
bw_wiring_diagram_class_init (BwWiringDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_wiring_diagram_dispose;
  widget_class->snapshot = bw_wiring_diagram_snapshot;
  widget_class->measure = bw_wiring_diagram_measure;
  widget_class->get_request_mode = bw_wiring_diagram_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "wiring-diagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bw_wiring_diagram_init (BwWiringDiagram *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Wiring diagram"), -1);
}

GtkWidget *
bw_wiring_diagram_new (void)
{
  return g_object_new (BW_TYPE_WIRING_DIAGRAM, NULL);
}

gchar *
bw_wiring_diagram_dup_text (BwWiringDiagram *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  BwBoard *board;
  BwProbeProfile *probe;

  g_return_val_if_fail (BW_IS_WIRING_DIAGRAM (self), NULL);

  if (self->usb_cable)
    return g_strdup (_("USB cable: from this computer to the ESC's USB port. No wires to the SWD pins.\n"
                       "Power: keep the ESC switched on until the bootloader is written."));
  if (self->wiring == NULL)
    return g_strdup ("");
  board = bw_wiring_get_board (self->wiring);
  probe = bw_wiring_get_probe (self->wiring);
  for (guint i = 0; i < bw_wiring_get_n_wires (self->wiring); i++)
    {
      const BwWire *wire = bw_wiring_get_wire (self->wiring, i);

      if (bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_VESC)
        /* TRANSLATORS: one wire between two ESCs: colour, the programmer VESC's pin label, the other
         * ESC's pin label, e.g. "Black wire: programmer VESC's GND to the other ESC's GND" */
        g_string_append_printf (text, _("%s wire: programmer VESC's %s to the other ESC's %s"),
                                bw_wire_colour_get_display_name (wire->colour),
                                bw_probe_profile_get_pin_label (probe, wire->probe_pin),
                                bw_board_get_pin_label (board, wire->board_pin));
      else
        /* TRANSLATORS: one wire: colour, the probe's pin label, the ESC's pin label and number,
         * e.g. "Black wire: probe GND to ESC GND (pin 1)" */
        g_string_append_printf (text, _("%s wire: probe %s to ESC %s"),
                                bw_wire_colour_get_display_name (wire->colour),
                                bw_probe_profile_get_pin_label (probe, wire->probe_pin),
                                bw_board_get_pin_label (board, wire->board_pin));
      if (bw_board_get_pin_number (board, wire->board_pin) > 0)
        /* TRANSLATORS: the ESC connector's printed pin number */
        g_string_append_printf (text, _(" (pin %u)"), bw_board_get_pin_number (board, wire->board_pin));
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; i < bw_wiring_get_n_free_pins (self->wiring); i++)
    {
      const BwFreePin *pin = bw_wiring_get_free_pin (self->wiring, i);
      const gchar *label = pin->side == BW_PIN_SIDE_PROBE ? bw_probe_profile_get_pin_label (probe, pin->pin)
                                                          : bw_board_get_pin_label (board, pin->pin);

      const gchar *reason = bw_free_reason_get_text (pin->reason);

      if (bw_probe_profile_get_kind (probe) == BW_PROBE_PROFILE_KIND_VESC)
        /* TRANSLATORS: a pin that must stay unconnected, then why; between two ESCs */
        g_string_append_printf (text, pin->side == BW_PIN_SIDE_PROBE ? _("Leave the programmer VESC's %s pin free: %s")
                                                                     : _("Leave the other ESC's %s pin free: %s"),
                                label, reason);
      else
        /* TRANSLATORS: a pin that must stay unconnected, then why */
        g_string_append_printf (text, pin->side == BW_PIN_SIDE_PROBE ? _("Leave the probe's %s pin free: %s")
                                                                     : _("Leave the ESC's %s pin free: %s"),
                                label, reason);
      g_string_append_c (text, '\n');
    }
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
bw_wiring_diagram_set_wiring (BwWiringDiagram *self, BwWiring *wiring)
{
  g_autofree gchar *description = NULL;

  g_return_if_fail (BW_IS_WIRING_DIAGRAM (self));

  if (!g_set_object (&self->wiring, wiring) && !self->usb_cable)
    return;
  self->usb_cable = FALSE;
  g_clear_object (&self->layout);
  if (wiring != NULL)
    self->layout = bw_wiring_layout_new (wiring);
  description = bw_wiring_diagram_dup_text (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Instead of a wiring: the ESC on this computer's USB port, powered. */
void
bw_wiring_diagram_show_usb_cable (BwWiringDiagram *self)
{
  g_autofree gchar *description = NULL;

  g_return_if_fail (BW_IS_WIRING_DIAGRAM (self));

  if (self->usb_cable)
    return;
  self->usb_cable = TRUE;
  g_clear_object (&self->wiring);
  g_clear_object (&self->layout);
  description = bw_wiring_diagram_dup_text (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

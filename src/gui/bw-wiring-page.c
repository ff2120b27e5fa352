/* bw-wiring-page.c: step 2, which wire goes where
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-gui-a11y.h"
#include "bw-wiring-diagram.h"
#include "bw-wiring-page.h"

struct _BwWiringPage
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkLabel        *blocker_label;
  BwWiringDiagram *diagram;
  GtkBox          *port_box;
  GtkDropDown     *port_dropdown;
  GtkLabel        *port_label;
  GtkBox          *probe_box;
  GtkDropDown     *probe_dropdown;
  GtkLabel        *probe_hint;
  GtkButton       *rescan_button;
  GtkToggleButton *stlink_toggle;
  GtkLabel        *title_label;
  GtkToggleButton *usb_toggle;
  GtkToggleButton *vesc_toggle;
  GtkBox          *warning_box;
  GtkLabel        *wire_heading;
  GtkLabel        *wire_list;

  gboolean         updating;
  gchar           *ports_key;   /* the ports the picker lists */

  /* owned references */
  BwWizard        *wizard;
};

typedef struct {
  BwSeverity   severity;
  const gchar *text;
} Note;

/* What a VESC used as the programmer cannot do, in plain words
 * (vesc-domain.md §3.2 and §5.1; the engine's BwVescSwdLimits), beyond
 * the VESC profile's own wiring warnings (short wires, no voltage sense). */
static const Note vesc_notes[] = {
  { BW_SEVERITY_CAUTION,
    N_("Switch both ESCs on, each from its own battery, and plug the programmer VESC into this computer with a "
       "USB cable. Join only GND, IO and CLK; leave 3.3 V and RST free on both sides.") },
  { BW_SEVERITY_INFO,
    N_("A VESC is a simpler programmer than an ST-Link: it has no reset wire, so it cannot catch an ESC whose "
       "firmware turns its SWD pins off; it sends 400 bytes at a time, so writing takes longer; and it can only "
       "erase the whole chip, settings included (after a backup).") },
};

/* The bootloader over the ESC's own USB (vesc-domain.md §1.4, §5.2). */
static const Note usb_notes[] = {
  { BW_SEVERITY_DANGER,
    N_("Do not switch the ESC off or pull the USB cable while the bootloader is being written.") },
  { BW_SEVERITY_INFO,
    N_("This works only while the ESC still starts and runs VESC firmware (VESC Tool can connect to it). A "
       "bricked ESC does not answer over USB: recover it with another VESC or an ST-Link.") },
  { BW_SEVERITY_INFO,
    N_("Close VESC Tool first: only one program at a time can use the ESC's port.") },
};

G_DEFINE_FINAL_TYPE (BwWiringPage, bw_wiring_page, GTK_TYPE_WIDGET)

static void
add_warning (BwWiringPage *self, BwSeverity severity, const gchar *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "wiring-warning");
  switch (severity)
    {
    case BW_SEVERITY_DANGER:
      gtk_widget_add_css_class (label, "danger");
      break;
    case BW_SEVERITY_CAUTION:
      gtk_widget_add_css_class (label, "caution");
      break;
    case BW_SEVERITY_INFO:
    default:
      break;
    }
  gtk_box_append (self->warning_box, label);
}

static void
update_ports (BwWiringPage *self)
{
  GPtrArray *ports = bw_wizard_get_vesc_ports (self->wizard);
  GPtrArray *labels = bw_wizard_get_vesc_port_labels (self->wizard);
  const gchar *chosen = bw_wizard_get_vesc_port (self->wizard);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  self->updating = TRUE;
  for (guint i = 0; i < ports->len; i++)
    {
      gtk_string_list_append (names, g_ptr_array_index (labels, i));
      g_string_append_printf (key, "%s\n", (const gchar *) g_ptr_array_index (labels, i));
      if (g_strcmp0 (g_ptr_array_index (ports, i), chosen) == 0)
        selected = i;
    }
  if (g_strcmp0 (key->str, self->ports_key) != 0)
    {
      g_free (self->ports_key);
      self->ports_key = g_strdup (key->str);
      gtk_drop_down_set_model (self->port_dropdown, G_LIST_MODEL (names));
    }
  gtk_drop_down_set_selected (self->port_dropdown, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_dropdown), ports->len > 0);
  self->updating = FALSE;
}

static void
update (BwWiringPage *self)
{
  BwWizardProbeKind kind = bw_wizard_get_probe_kind (self->wizard);
  BwWiring *wiring = bw_wizard_get_wiring (self->wizard);
  BwProbeProfile *probe = bw_wizard_get_probe_profile (self->wizard);
  const gchar *blocker = bw_wizard_get_wiring_blocker (self->wizard);
  g_autofree gchar *text = NULL;
  GtkWidget *child;

  self->updating = TRUE;
  gtk_toggle_button_set_active (kind == BW_WIZARD_PROBE_VESC ? self->vesc_toggle
                                : kind == BW_WIZARD_PROBE_USB ? self->usb_toggle : self->stlink_toggle, TRUE);
  self->updating = FALSE;
  switch (kind)
    {
    case BW_WIZARD_PROBE_VESC:
      gtk_label_set_text (self->title_label, _("Join the two ESCs' SWD ports"));
      gtk_label_set_text_with_mnemonic (self->port_label, _("Programmer VESC's _port:"));
      break;
    case BW_WIZARD_PROBE_USB:
      gtk_label_set_text (self->title_label, _("Plug the ESC into this computer"));
      gtk_label_set_text_with_mnemonic (self->port_label, _("The ESC's _port:"));
      break;
    case BW_WIZARD_PROBE_STLINK:
    default:
      gtk_label_set_text (self->title_label, _("Wire the probe to the ESC"));
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->probe_box), kind == BW_WIZARD_PROBE_STLINK);
  gtk_widget_set_visible (GTK_WIDGET (self->port_box), kind != BW_WIZARD_PROBE_STLINK);
  update_ports (self);

  if (kind == BW_WIZARD_PROBE_USB)
    {
      bw_wiring_diagram_show_usb_cable (self->diagram);
      gtk_label_set_text (self->probe_hint, _("For an ESC that still starts: its own firmware erases the old "
                                              "bootloader and takes the new one over USB, the way VESC Tool's "
                                              "Bootloader tab does. Nothing is wired to its SWD pins."));
    }
  else
    {
      bw_wiring_diagram_set_wiring (self->diagram, wiring);
      gtk_label_set_text (self->probe_hint, probe != NULL ? bw_probe_profile_get_identify (probe) ?: "" : "");
    }
  text = bw_wiring_diagram_dup_text (self->diagram);
  gtk_label_set_text (self->wire_list, text);
  gtk_label_set_text (self->wire_heading, kind == BW_WIZARD_PROBE_USB ? _("What to connect") : _("Wire by wire"));
  /* the wiring step's own "why not yet", but not the obvious missing board */
  gtk_label_set_text (self->blocker_label, blocker != NULL ? blocker : "");
  gtk_widget_set_visible (GTK_WIDGET (self->blocker_label),
                          blocker != NULL && bw_wizard_get_board (self->wizard) != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warning_box))) != NULL)
    gtk_box_remove (self->warning_box, child);
  if (kind == BW_WIZARD_PROBE_USB)
    for (guint i = 0; i < G_N_ELEMENTS (usb_notes); i++)
      add_warning (self, usb_notes[i].severity, _(usb_notes[i].text));
  else
    for (guint i = 0; wiring != NULL && i < bw_wiring_get_n_warnings (wiring); i++)
      {
        BwWiringWarning warning = bw_wiring_get_warning (wiring, i);

        add_warning (self, bw_wiring_warning_get_severity (warning), bw_wiring_warning_get_text (warning));
      }
  if (kind == BW_WIZARD_PROBE_VESC)
    for (guint i = 0; i < G_N_ELEMENTS (vesc_notes); i++)
      add_warning (self, vesc_notes[i].severity, _(vesc_notes[i].text));
}

static void
kind_toggled_cb (BwWiringPage *self, GtkToggleButton *button)
{
  if (self->wizard == NULL || self->updating || !gtk_toggle_button_get_active (button))
    return;
  bw_wizard_set_probe_kind (self->wizard, button == self->vesc_toggle ? BW_WIZARD_PROBE_VESC
                                          : button == self->usb_toggle ? BW_WIZARD_PROBE_USB
                                                                       : BW_WIZARD_PROBE_STLINK);
}

static void
port_selected_cb (BwWiringPage *self)
{
  GPtrArray *ports;
  guint selected = gtk_drop_down_get_selected (self->port_dropdown);

  if (self->wizard == NULL || self->updating)
    return;
  ports = bw_wizard_get_vesc_ports (self->wizard);
  if (selected < ports->len)
    bw_wizard_set_vesc_port (self->wizard, g_ptr_array_index (ports, selected));
}

static void
rescan_clicked_cb (BwWiringPage *self)
{
  bw_wizard_scan_vesc_ports (self->wizard);
}

static void
probe_selected_cb (BwWiringPage *self)
{
  GPtrArray *probes;
  guint selected = gtk_drop_down_get_selected (self->probe_dropdown);

  if (self->wizard == NULL)
    return;
  probes = bw_wizard_get_probe_layouts (self->wizard);
  if (selected < probes->len)
    bw_wizard_set_probe_profile (self->wizard, g_ptr_array_index (probes, selected));
}

static void
bw_wiring_page_dispose (GObject *object)
{
  BwWiringPage *self = BW_WIRING_PAGE (object);
  GtkWidget *child;

  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_WIRING_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->wizard);
  g_clear_pointer (&self->ports_key, g_free);
  G_OBJECT_CLASS (bw_wiring_page_parent_class)->dispose (object);
}

static void
bw_wiring_page_class_init (BwWiringPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_wiring_page_dispose;
  g_type_ensure (BW_TYPE_WIRING_DIAGRAM);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-wiring-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, blocker_label);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, diagram);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, port_box);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, port_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, port_label);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, probe_box);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, probe_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, probe_hint);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, rescan_button);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, stlink_toggle);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, usb_toggle);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, vesc_toggle);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, wire_heading);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, warning_box);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, wire_list);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, probe_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rescan_clicked_cb);
}

static void
bw_wiring_page_init (BwWiringPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bw_gui_a11y_fix_mnemonics (GTK_WIDGET (self));
}

void
bw_wiring_page_set_wizard (BwWiringPage *self, BwWizard *wizard)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *probes;
  guint selected = 0;

  g_return_if_fail (BW_IS_WIRING_PAGE (self));
  g_return_if_fail (self->wizard == NULL);

  probes = bw_wizard_get_probe_layouts (wizard);
  for (guint i = 0; i < probes->len; i++)
    {
      gtk_string_list_append (names, bw_probe_profile_get_name (g_ptr_array_index (probes, i)));
      if (g_ptr_array_index (probes, i) == bw_wizard_get_probe_profile (wizard))
        selected = i;
    }
  gtk_drop_down_set_model (self->probe_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->probe_dropdown, selected);
  self->wizard = g_object_ref (wizard);
  g_signal_connect_swapped (wizard, "notify::wiring", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::probe-kind", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::vesc-ports", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::vesc-port", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::task", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::board", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::busy", G_CALLBACK (update), self);
  update (self);
}

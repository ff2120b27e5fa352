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
  BwWiringDiagram *diagram;
  GtkDropDown     *probe_dropdown;
  GtkLabel        *probe_hint;
  GtkBox          *warning_box;
  GtkLabel        *wire_list;

  /* owned references */
  BwWizard        *wizard;
};

G_DEFINE_FINAL_TYPE (BwWiringPage, bw_wiring_page, GTK_TYPE_WIDGET)

static void
update (BwWiringPage *self)
{
  BwWiring *wiring = bw_wizard_get_wiring (self->wizard);
  BwProbeProfile *probe = bw_wizard_get_probe_profile (self->wizard);
  g_autofree gchar *text = NULL;
  GtkWidget *child;

  bw_wiring_diagram_set_wiring (self->diagram, wiring);
  text = bw_wiring_diagram_dup_text (self->diagram);
  gtk_label_set_text (self->wire_list, text);
  gtk_label_set_text (self->probe_hint, probe != NULL ? bw_probe_profile_get_identify (probe) ?: "" : "");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warning_box))) != NULL)
    gtk_box_remove (self->warning_box, child);
  for (guint i = 0; wiring != NULL && i < bw_wiring_get_n_warnings (wiring); i++)
    {
      BwWiringWarning warning = bw_wiring_get_warning (wiring, i);
      GtkWidget *label = gtk_label_new (bw_wiring_warning_get_text (warning));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "wiring-warning");
      switch (bw_wiring_warning_get_severity (warning))
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
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, diagram);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, probe_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, probe_hint);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, warning_box);
  gtk_widget_class_bind_template_child (widget_class, BwWiringPage, wire_list);
  gtk_widget_class_bind_template_callback (widget_class, probe_selected_cb);
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
  update (self);
}

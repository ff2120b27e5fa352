/* bw-file-page.c: step 4, the file to write, explained
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-file-page.h"
#include "bw-gui-format.h"

struct _BwFilePage
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkButton            *choose_button;
  GtkLabel             *error_label;
  GtkLabel             *explain_label;
  GtkLabel             *name_label;

  /* owned references */
  BwWizard             *wizard;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (BwFilePage, bw_file_page, GTK_TYPE_WIDGET)

static void
update (BwFilePage *self)
{
  BwImageFile *file = bw_wizard_get_image_file (self->wizard);
  const GError *error = bw_wizard_get_image_error (self->wizard);
  g_autofree gchar *name = NULL;
  g_autofree gchar *title = NULL;
  g_autofree gchar *explanation = NULL;

  if (file != NULL)
    name = g_file_get_basename (bw_image_file_get_file (file));
  if (name == NULL)
    title = g_strdup (_("No file chosen yet"));
  else if (bw_wizard_get_image_is_bundled (self->wizard))
    /* TRANSLATORS: %s is a file name */
    title = g_strdup_printf (_("%s (comes with Bootwire, made for your board)"), name);
  else
    title = g_strdup (name);
  gtk_label_set_text (self->name_label, title);

  if (file != NULL && error == NULL && bw_wizard_get_vesc_image (self->wizard) != NULL)
    explanation = bw_gui_format_image (file, bw_wizard_get_vesc_image (self->wizard));
  gtk_label_set_text (self->explain_label, explanation != NULL ? explanation : "");
  gtk_widget_set_visible (GTK_WIDGET (self->explain_label), explanation != NULL);
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
chooser_response_cb (BwFilePage *self, gint response, GtkNativeDialog *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree gchar *path = file != NULL ? g_file_get_path (file) : NULL;

      /* a refusal is shown from the model's image error */
      if (path != NULL && !bw_wizard_set_image_path (self->wizard, path, NULL))
        update (self);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (BwFilePage *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_file_filter_set_name (filter, _("Firmware and bootloader files (.hex, .bin)"));
  gtk_file_filter_add_pattern (filter, "*.hex");
  gtk_file_filter_add_pattern (filter, "*.bin");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose a Bootloader File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
bw_file_page_dispose (GObject *object)
{
  BwFilePage *self = BW_FILE_PAGE (object);
  GtkWidget *child;

  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  if (self->chooser != NULL)
    g_signal_handlers_disconnect_by_data (self->chooser, self);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_FILE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->wizard);
  G_OBJECT_CLASS (bw_file_page_parent_class)->dispose (object);
}

static void
bw_file_page_class_init (BwFilePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_file_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-file-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, explain_label);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, name_label);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
bw_file_page_init (BwFilePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
bw_file_page_set_wizard (BwFilePage *self, BwWizard *wizard)
{
  g_return_if_fail (BW_IS_FILE_PAGE (self));
  g_return_if_fail (self->wizard == NULL);

  self->wizard = g_object_ref (wizard);
  g_signal_connect_swapped (wizard, "notify::image-file", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::plan", G_CALLBACK (update), self);
  update (self);
}

/* bw-done-page.c: step 6, the result and what to do next
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-done-page.h"

struct _BwDonePage
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkButton     *again_button;
  GtkLabel      *detail_label;
  AdwStatusPage *status_page;

  /* owned references */
  BwWizard      *wizard;
};

G_DEFINE_FINAL_TYPE (BwDonePage, bw_done_page, GTK_TYPE_WIDGET)

static void
update (BwDonePage *self)
{
  BwProgramJob *job = bw_wizard_get_program_job (self->wizard);
  const gchar *backup = bw_wizard_get_backup_path (self->wizard);
  g_autoptr(GString) text = g_string_new (NULL);

  if (bw_wizard_get_program_state (self->wizard) != BW_WIZARD_JOB_SUCCEEDED)
    return;
  if (job != NULL && bw_program_job_get_chip_state (job) != NULL)
    g_string_append_printf (text, "%s\n\n", bw_program_job_get_chip_state (job));
  if (backup != NULL && job != NULL && bw_program_job_get_backup_sha256 (job) != NULL)
    /* TRANSLATORS: %s is a file path */
    g_string_append_printf (text, _("What was on the chip before is saved in %s.\n\n"), backup);
  g_string_append (text, _("Next: unplug the probe, connect the ESC to VESC Tool over USB and update the "
                           "firmware there. From now on firmware updates through VESC Tool work."));
  gtk_label_set_text (self->detail_label, text->str);
}

static void
again_clicked_cb (BwDonePage *self)
{
  bw_wizard_restart (self->wizard);
}

static void
bw_done_page_dispose (GObject *object)
{
  BwDonePage *self = BW_DONE_PAGE (object);
  GtkWidget *child;

  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_DONE_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->wizard);
  G_OBJECT_CLASS (bw_done_page_parent_class)->dispose (object);
}

static void
bw_done_page_class_init (BwDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_done_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, again_button);
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, status_page);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
}

static void
bw_done_page_init (BwDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
bw_done_page_set_wizard (BwDonePage *self, BwWizard *wizard)
{
  g_return_if_fail (BW_IS_DONE_PAGE (self));
  g_return_if_fail (self->wizard == NULL);

  self->wizard = g_object_ref (wizard);
  g_signal_connect_swapped (wizard, "notify::program-state", G_CALLBACK (update), self);
  update (self);
}

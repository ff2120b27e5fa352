/* bw-program-page.c: step 5, the plan in words, then programming with
 * progress per phase
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-gui-format.h"
#include "bw-program-page.h"

struct _BwProgramPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkButton      *cancel_button;
  GtkLabel       *error_label;
  GtkLabel       *phase_label;
  GtkLabel       *plan_label;
  GtkProgressBar *progress_bar;
  GtkBox         *progress_box;
  GtkLabel       *rate_label;
  GtkButton      *start_button;

  /* owned references */
  BwWizard       *wizard;
  BwProgramJob   *job;
};

G_DEFINE_FINAL_TYPE (BwProgramPage, bw_program_page, GTK_TYPE_WIDGET)

static void
update_progress (BwProgramPage *self)
{
  BwJob *job = BW_JOB (self->job);
  g_autofree gchar *rate = NULL;
  g_autofree gchar *left = NULL;
  g_autofree gchar *numbers = NULL;

  if (job == NULL)
    return;
  gtk_label_set_text (self->phase_label, bw_gui_format_phase (bw_job_get_phase (job)));
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (bw_job_get_fraction (job), 0.0, 1.0));
  rate = bw_gui_format_rate (bw_job_get_rate (job));
  left = bw_gui_format_time_left (bw_job_get_remaining_us (job));
  numbers = g_strjoin (rate[0] != '\0' && left[0] != '\0' ? " · " : "", rate, left, NULL);
  gtk_label_set_text (self->rate_label, numbers);
}

static void
update (BwProgramPage *self)
{
  BwPlan *plan = bw_wizard_get_plan (self->wizard);
  BwWizardJobState state = bw_wizard_get_program_state (self->wizard);
  const GError *error = bw_wizard_get_program_error (self->wizard);
  g_auto(GStrv) lines = plan != NULL ? bw_plan_describe (plan) : NULL;
  g_autofree gchar *text = NULL;

  if (lines != NULL)
    {
      g_autofree gchar *joined = g_strjoinv ("\n• ", lines);

      text = g_strconcat ("• ", joined, NULL);
    }
  gtk_label_set_text (self->plan_label, text != NULL ? text : "");
  if (bw_wizard_get_plan_erases (self->wizard))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
    }
  gtk_button_set_label (self->start_button, state == BW_WIZARD_JOB_FAILED ? _("_Try Again")
                                                                          : _("_Install the Bootloader"));
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), state != BW_WIZARD_JOB_RUNNING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), plan != NULL && state != BW_WIZARD_JOB_SUCCEEDED);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), state == BW_WIZARD_JOB_RUNNING);

  if (state == BW_WIZARD_JOB_FAILED && error != NULL)
    {
      const gchar *chip_state = self->job != NULL ? bw_program_job_get_chip_state (self->job) : NULL;
      g_autoptr(GString) message = g_string_new (error->message);

      if (error->domain == BW_ERROR)
        g_string_append_printf (message, "\n%s\n%s", bw_error_advice_get_summary (error->code),
                                bw_error_advice_get_action (error->code));
      if (chip_state != NULL)
        g_string_append_printf (message, "\n%s", chip_state);
      gtk_label_set_text (self->error_label, message->str);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), state == BW_WIZARD_JOB_FAILED && error != NULL);
  update_progress (self);
}

static void
program_job_changed_cb (BwProgramPage *self)
{
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, bw_wizard_get_program_job (self->wizard));
  if (self->job != NULL)
    {
      g_signal_connect_swapped (self->job, "progress", G_CALLBACK (update_progress), self);
      g_signal_connect_swapped (self->job, "phase-changed", G_CALLBACK (update_progress), self);
    }
  update (self);
}

static void
start_clicked_cb (BwProgramPage *self)
{
  bw_wizard_start_program (self->wizard);
}

static void
cancel_clicked_cb (BwProgramPage *self)
{
  bw_wizard_cancel (self->wizard);
}

static void
bw_program_page_dispose (GObject *object)
{
  BwProgramPage *self = BW_PROGRAM_PAGE (object);
  GtkWidget *child;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_PROGRAM_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->job);
  g_clear_object (&self->wizard);
  G_OBJECT_CLASS (bw_program_page_parent_class)->dispose (object);
}

static void
bw_program_page_class_init (BwProgramPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_program_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-program-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, plan_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, start_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
}

static void
bw_program_page_init (BwProgramPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
bw_program_page_set_wizard (BwProgramPage *self, BwWizard *wizard)
{
  g_return_if_fail (BW_IS_PROGRAM_PAGE (self));
  g_return_if_fail (self->wizard == NULL);

  self->wizard = g_object_ref (wizard);
  g_signal_connect_swapped (wizard, "notify::plan", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::program-job", G_CALLBACK (program_job_changed_cb), self);
  g_signal_connect_swapped (wizard, "notify::program-state", G_CALLBACK (update), self);
  program_job_changed_cb (self);
}

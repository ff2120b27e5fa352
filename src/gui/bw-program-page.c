/* bw-program-page.c: step 5, the plan in words, then programming with
 * progress per phase
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-gui-a11y.h"
#include "bw-gui-format.h"
#include "bw-program-page.h"

struct _BwProgramPage
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkButton        *cancel_button;
  GtkBox           *error_box;
  GtkLabel         *error_label;
  GtkLabel         *error_title;
  GtkLabel         *intro_label;
  GtkLabel         *notes_label;
  GtkLabel         *phase_label;
  GtkListBox       *plan_list;
  GtkProgressBar   *progress_bar;
  GtkBox           *progress_box;
  GtkLabel         *rate_label;
  GtkButton        *reconnect_button;
  GtkButton        *start_button;
  GtkLabel         *title_label;
  GtkBox           *unplug_box;

  AdwMessageDialog *cancel_dialog;

  /* owned references */
  BwWizard         *wizard;
  BwJob            *job;          /* whichever job writes: ST-Link, VESC or USB */
  gchar            *shown_plan;   /* the plan lines shown, joined */
};

G_DEFINE_FINAL_TYPE (BwProgramPage, bw_program_page, GTK_TYPE_WIDGET)

static void
update_progress (BwProgramPage *self)
{
  BwJob *job = self->job;
  g_autofree gchar *rate = NULL;
  g_autofree gchar *left = NULL;
  g_autofree gchar *numbers = NULL;
  g_autofree gchar *outcome = NULL;

  if (job == NULL)
    return;
  gtk_label_set_text (self->phase_label, bw_gui_format_phase (bw_job_get_phase (job)));
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (bw_job_get_fraction (job), 0.0, 1.0));
  rate = bw_gui_format_rate (bw_job_get_rate (job));
  left = bw_gui_format_time_left (bw_job_get_remaining_us (job));
  numbers = g_strjoin (rate[0] != '\0' && left[0] != '\0' ? " · " : "", rate, left, NULL);
  gtk_label_set_text (self->rate_label, numbers);
  /* the question stays true while it is open */
  if (self->cancel_dialog != NULL)
    {
      outcome = bw_wizard_dup_cancel_outcome (self->wizard);
      adw_message_dialog_set_body (self->cancel_dialog, outcome);
    }
}

static void
rebuild_plan_rows (BwProgramPage *self)
{
  GtkWidget *child;
  g_auto(GStrv) lines = bw_wizard_dup_plan_lines (self->wizard);
  g_auto(GStrv) notes = bw_wizard_dup_plan_notes (self->wizard);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree gchar *joined_lines = lines != NULL ? g_strjoinv ("\n", lines) : NULL;
  g_autofree gchar *joined_notes = notes != NULL ? g_strjoinv ("\n", notes) : NULL;
  g_autofree gchar *key = lines != NULL ? g_strconcat (joined_lines, "\n--\n", joined_notes ?: "", NULL) : NULL;

  if (key != NULL && g_strcmp0 (key, self->shown_plan) == 0)
    return;
  g_free (self->shown_plan);
  self->shown_plan = g_steal_pointer (&key);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plan_list))) != NULL)
    gtk_list_box_remove (self->plan_list, child);
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree gchar *number = g_strdup_printf ("%u", i + 1);
      GtkWidget *badge = gtk_label_new (number);

      gtk_widget_add_css_class (badge, "step-number");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL, number, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lines[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);
      gtk_list_box_append (self->plan_list, row);
    }
  if (lines == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No plan yet: go back and choose a file."));
      gtk_list_box_append (self->plan_list, row);
    }
  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", notes[i]);
  gtk_label_set_text (self->notes_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), text->len > 0);
}

static void
update (BwProgramPage *self)
{
  gboolean has_plan = bw_wizard_get_has_plan (self->wizard);
  BwWizardJobState state = bw_wizard_get_program_state (self->wizard);
  const GError *error = bw_wizard_get_program_error (self->wizard);
  gboolean recover = bw_wizard_get_task (self->wizard) == BW_WIZARD_TASK_RECOVER;
  gboolean running = state == BW_WIZARD_JOB_RUNNING;

  /* over USB nothing can be read back, so the title does not promise it */
  gtk_label_set_text (self->title_label, recover ? _("Recover the ESC")
                                         : bw_wizard_get_probe_kind (self->wizard) == BW_WIZARD_PROBE_USB
                                         ? _("Install over USB") : _("Program and Verify"));
  rebuild_plan_rows (self);
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
  if (state == BW_WIZARD_JOB_FAILED)
    bw_gui_a11y_set_button_label (self->start_button, _("_Try Again"));
  else if (recover)
    bw_gui_a11y_set_button_label (self->start_button, bw_wizard_get_plan_erases (self->wizard) ? _("_Erase and Write")
                                                                                  : _("_Write and Verify"));
  else
    bw_gui_a11y_set_button_label (self->start_button, _("_Install the Bootloader"));
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), has_plan && state != BW_WIZARD_JOB_SUCCEEDED);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->plan_list), !running);

  if (state == BW_WIZARD_JOB_FAILED && error != NULL)
    {
      BwProgramJob *program_job = bw_wizard_get_program_job (self->wizard);
      const gchar *chip_state = program_job != NULL ? bw_program_job_get_chip_state (program_job) : NULL;
      g_autoptr(GString) message = g_string_new (error->message);
      gboolean cancelled = g_error_matches (error, BW_ERROR, BW_ERROR_CANCELLED) ||
                           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      gint code = error->domain == BW_ERROR ? error->code : BW_ERROR_INTERNAL;

      if (!cancelled)
        g_string_append_printf (message, "\n\n%s", bw_error_advice_get_action (code));
      gtk_label_set_text (self->error_title, cancelled ? _("Stopped") : bw_error_advice_get_summary (code));
      gtk_label_set_text (self->error_label, chip_state != NULL && cancelled ? chip_state : message->str);
      gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button), code == BW_ERROR_DISCONNECTED);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), state == BW_WIZARD_JOB_FAILED && error != NULL);
  if (!running && self->cancel_dialog != NULL)
    gtk_window_close (GTK_WINDOW (self->cancel_dialog));
  update_progress (self);
}

static void
program_job_changed_cb (BwProgramPage *self)
{
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, bw_wizard_get_writing_job (self->wizard));
  if (self->job != NULL)
    {
      g_signal_connect_swapped (self->job, "progress", G_CALLBACK (update_progress), self);
      g_signal_connect_swapped (self->job, "phase-changed", G_CALLBACK (update_progress), self);
    }
  update (self);
}

static void
mass_erase_response_cb (BwProgramPage *self, const gchar *response)
{
  if (g_strcmp0 (response, "erase") == 0)
    bw_wizard_start_program (self->wizard);
}

/* Erasing the whole chip asks once more, in its own words. */
static void
start_clicked_cb (BwProgramPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (!bw_wizard_get_plan_mass_erases (self->wizard))
    {
      bw_wizard_start_program (self->wizard);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Erase the Whole Chip?"),
                                                       _("Everything on the chip is erased first, including the "
                                                         "ESC's saved motor and app settings; a backup of the whole "
                                                         "flash is saved before that. Then the files are written "
                                                         "and verified.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "erase", _("_Erase Everything"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (mass_erase_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_response_cb (BwProgramPage *self, const gchar *response)
{
  self->cancel_dialog = NULL;
  if (g_strcmp0 (response, "stop") == 0)
    bw_wizard_cancel (self->wizard);
}

/* Stopping asks first, and says what the chip will hold afterwards. */
static void
cancel_clicked_cb (BwProgramPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree gchar *outcome = bw_wizard_dup_cancel_outcome (self->wizard);
  g_autofree gchar *heading = NULL;

  if (self->cancel_dialog != NULL || !bw_wizard_get_busy (self->wizard))
    return;
  heading = bw_gui_format_cancel_heading (self->job != NULL ? bw_job_get_phase (self->job)
                                                            : BW_PROGRESS_PHASE_IDLE);
  self->cancel_dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                    heading, outcome));
  adw_message_dialog_add_responses (self->cancel_dialog, "keep", _("_Keep Going"), "stop", _("_Stop"), NULL);
  adw_message_dialog_set_response_appearance (self->cancel_dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (self->cancel_dialog, "keep");
  adw_message_dialog_set_close_response (self->cancel_dialog, "keep");
  g_signal_connect_swapped (self->cancel_dialog, "response", G_CALLBACK (cancel_response_cb), self);
  gtk_window_present (GTK_WINDOW (self->cancel_dialog));
}

static void
reconnect_clicked_cb (BwProgramPage *self)
{
  bw_wizard_reconnect (self->wizard);
}

static void
bw_program_page_dispose (GObject *object)
{
  BwProgramPage *self = BW_PROGRAM_PAGE (object);
  GtkWidget *child;

  if (self->cancel_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cancel_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->cancel_dialog));
      self->cancel_dialog = NULL;
    }
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_PROGRAM_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->job);
  g_clear_pointer (&self->shown_plan, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, phase_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, plan_list);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, rate_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BwProgramPage, unplug_box);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reconnect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
}

static void
bw_program_page_init (BwProgramPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bw_gui_a11y_fix_mnemonics (GTK_WIDGET (self));
}

void
bw_program_page_set_wizard (BwProgramPage *self, BwWizard *wizard)
{
  g_return_if_fail (BW_IS_PROGRAM_PAGE (self));
  g_return_if_fail (self->wizard == NULL);

  self->wizard = g_object_ref (wizard);
  g_signal_connect_swapped (wizard, "notify::plan", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::task", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::probe-kind", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::program-job", G_CALLBACK (program_job_changed_cb), self);
  g_signal_connect_swapped (wizard, "notify::program-state", G_CALLBACK (update), self);
  program_job_changed_cb (self);
}

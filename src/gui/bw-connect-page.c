/* bw-connect-page.c: step 3, the live connect checklist
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-connect-page.h"
#include "bw-gui-format.h"

struct _BwConnectPage
{
  GtkWidget   parent_instance;

  /* template widgets */
  GtkLabel   *advice_label;
  GtkListBox *check_list;
  GtkButton  *retry_button;
  GtkLabel   *status_label;

  AdwActionRow *rows[BW_CHECK_N_ITEMS];
  GtkImage     *icons[BW_CHECK_N_ITEMS];

  /* owned references */
  BwWizard   *wizard;
  BwCheckJob *job;
};

G_DEFINE_FINAL_TYPE (BwConnectPage, bw_connect_page, GTK_TYPE_WIDGET)

static const gchar *
state_icon (BwCheckState state, gboolean running)
{
  switch (state)
    {
    case BW_CHECK_STATE_PASSED:
      return "emblem-ok-symbolic";
    case BW_CHECK_STATE_WARNING:
      return "dialog-warning-symbolic";
    case BW_CHECK_STATE_FAILED:
      return "dialog-error-symbolic";
    case BW_CHECK_STATE_SKIPPED:
      return "action-unavailable-symbolic";
    case BW_CHECK_STATE_PENDING:
    default:
      return running ? "content-loading-symbolic" : "radio-symbolic";
    }
}

static const gchar *
state_in_words (BwCheckState state)
{
  switch (state)
    {
    case BW_CHECK_STATE_PASSED:
      /* TRANSLATORS: verdict of a checklist line, read by screen readers */
      return _("passed");
    case BW_CHECK_STATE_WARNING:
      return _("warning");
    case BW_CHECK_STATE_FAILED:
      return _("failed");
    case BW_CHECK_STATE_SKIPPED:
      return _("skipped");
    case BW_CHECK_STATE_PENDING:
    default:
      return _("not checked yet");
    }
}

static void
update (BwConnectPage *self)
{
  BwWizardJobState state = bw_wizard_get_check_state (self->wizard);
  const GError *error = bw_wizard_get_check_error (self->wizard);
  gboolean running = state == BW_WIZARD_JOB_RUNNING;

  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    {
      BwCheckState item_state = self->job != NULL ? bw_check_job_get_state (self->job, i) : BW_CHECK_STATE_PENDING;
      g_autofree gchar *detail = self->job != NULL ? bw_check_job_dup_detail (self->job, i) : NULL;
      GtkWidget *icon = GTK_WIDGET (self->icons[i]);

      gtk_image_set_from_icon_name (self->icons[i], state_icon (item_state, running));
      gtk_widget_remove_css_class (icon, "success");
      gtk_widget_remove_css_class (icon, "warning");
      gtk_widget_remove_css_class (icon, "error");
      if (item_state == BW_CHECK_STATE_PASSED)
        gtk_widget_add_css_class (icon, "success");
      else if (item_state == BW_CHECK_STATE_WARNING)
        gtk_widget_add_css_class (icon, "warning");
      else if (item_state == BW_CHECK_STATE_FAILED)
        gtk_widget_add_css_class (icon, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      state_in_words (item_state), -1);
      adw_action_row_set_subtitle (self->rows[i], detail != NULL ? detail : "");
    }

  switch (state)
    {
    case BW_WIZARD_JOB_RUNNING:
      gtk_label_set_text (self->status_label, _("Checking the probe, the wires and the chip. Nothing is written."));
      break;
    case BW_WIZARD_JOB_SUCCEEDED:
      gtk_label_set_text (self->status_label, _("Everything answers. Press Next to choose the file."));
      break;
    case BW_WIZARD_JOB_FAILED:
      gtk_label_set_text (self->status_label, _("Something is not right yet. Fix what the red line says, then check again."));
      break;
    case BW_WIZARD_JOB_IDLE:
    default:
      gtk_label_set_text (self->status_label, _("Plug the probe into USB and power the ESC from its battery."));
      break;
    }

  if (state == BW_WIZARD_JOB_FAILED && error != NULL)
    {
      g_autofree gchar *advice = NULL;

      if (error->domain == BW_ERROR)
        /* the message itself is already on the failed line */
        advice = g_strdup_printf ("%s\n%s", bw_error_advice_get_summary (error->code),
                                  bw_error_advice_get_action (error->code));
      else
        advice = g_strdup (error->message);
      gtk_label_set_text (self->advice_label, advice);
      gtk_widget_set_visible (GTK_WIDGET (self->advice_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->advice_label), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), !bw_wizard_get_busy (self->wizard));
}

static void
check_job_changed_cb (BwConnectPage *self)
{
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, bw_wizard_get_check_job (self->wizard));
  if (self->job != NULL)
    g_signal_connect_swapped (self->job, "progress", G_CALLBACK (update), self);
  update (self);
}

static void
retry_clicked_cb (BwConnectPage *self)
{
  if (self->wizard != NULL)
    bw_wizard_start_check (self->wizard);
}

static void
bw_connect_page_dispose (GObject *object)
{
  BwConnectPage *self = BW_CONNECT_PAGE (object);
  GtkWidget *child;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_CONNECT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->job);
  g_clear_object (&self->wizard);
  G_OBJECT_CLASS (bw_connect_page_parent_class)->dispose (object);
}

static void
bw_connect_page_class_init (BwConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_connect_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, advice_label);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, check_list);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
bw_connect_page_init (BwConnectPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    {
      self->rows[i] = ADW_ACTION_ROW (adw_action_row_new ());
      self->icons[i] = GTK_IMAGE (gtk_image_new_from_icon_name ("radio-symbolic"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[i]), bw_gui_format_check_item (i));
      adw_action_row_add_prefix (self->rows[i], GTK_WIDGET (self->icons[i]));
      gtk_list_box_append (self->check_list, GTK_WIDGET (self->rows[i]));
    }
}

void
bw_connect_page_set_wizard (BwConnectPage *self, BwWizard *wizard)
{
  g_return_if_fail (BW_IS_CONNECT_PAGE (self));
  g_return_if_fail (self->wizard == NULL);

  self->wizard = g_object_ref (wizard);
  g_signal_connect_swapped (wizard, "notify::check-job", G_CALLBACK (check_job_changed_cb), self);
  g_signal_connect_swapped (wizard, "notify::check-state", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::busy", G_CALLBACK (update), self);
  check_job_changed_cb (self);
}

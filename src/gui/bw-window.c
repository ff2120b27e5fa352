/* bw-window.c: the wizard's window: a stack of pages with Back and Next
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bw-gui-a11y.h"
#include "bw-board-page.h"
#include "bw-connect-page.h"
#include "bw-demo.h"
#include "bw-done-page.h"
#include "bw-file-page.h"
#include "bw-program-page.h"
#include "bw-window.h"
#include "bw-wiring-page.h"

struct _BwWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  GtkButton      *back_button;
  BwBoardPage    *board_page;
  BwConnectPage  *connect_page;
  GtkLabel       *demo_label;
  GMenu          *demo_menu;
  GtkRevealer    *demo_revealer;
  GtkMenuButton  *demo_scenario_button;
  BwDonePage     *done_page;
  BwFilePage     *file_page;
  GtkButton      *next_button;
  BwProgramPage  *program_page;
  GMenu          *scenario_menu;
  GtkStack       *stack;
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  BwWiringPage   *wiring_page;

  /* owned references */
  BwWizard       *wizard;
  GSettings      *settings;
  gchar          *demo_scenario;
  GtkFileChooserNative *report_chooser;
  guint           inhibit_cookie;
  gboolean        inhibiting;
  gboolean        close_after_job;
};

G_DEFINE_FINAL_TYPE (BwWindow, bw_window, ADW_TYPE_APPLICATION_WINDOW)

GtkWidget *
bw_window_get_page (BwWindow *self, BwWizardStep step)
{
  g_return_val_if_fail (BW_IS_WINDOW (self), NULL);

  switch (step)
    {
    case BW_WIZARD_STEP_BOARD:
      return GTK_WIDGET (self->board_page);
    case BW_WIZARD_STEP_WIRING:
      return GTK_WIDGET (self->wiring_page);
    case BW_WIZARD_STEP_CONNECT:
      return GTK_WIDGET (self->connect_page);
    case BW_WIZARD_STEP_FILE:
      return GTK_WIDGET (self->file_page);
    case BW_WIZARD_STEP_PROGRAM:
      return GTK_WIDGET (self->program_page);
    case BW_WIZARD_STEP_DONE:
    default:
      return GTK_WIDGET (self->done_page);
    }
}

static void
update_inhibit (BwWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  gboolean writing = bw_wizard_get_program_state (self->wizard) == BW_WIZARD_JOB_RUNNING ||
                     bw_wizard_get_unlock_state (self->wizard) == BW_WIZARD_JOB_RUNNING;

  /* a half-written flash is worse than a late suspend */
  if (writing && !self->inhibiting)
    {
      self->inhibiting = TRUE;
      if (application != NULL)
        self->inhibit_cookie = gtk_application_inhibit (application, GTK_WINDOW (self),
                                                        GTK_APPLICATION_INHIBIT_LOGOUT | GTK_APPLICATION_INHIBIT_SUSPEND,
                                                        _("Writing the ESC's flash"));
    }
  else if (!writing && self->inhibiting)
    {
      self->inhibiting = FALSE;
      if (application != NULL && self->inhibit_cookie != 0)
        gtk_application_uninhibit (application, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

static void
update_demo_banner (BwWindow *self)
{
  const BwDemoScenario *scenario = bw_demo_find_scenario (self->demo_scenario);
  g_autofree gchar *text = NULL;

  if (scenario != NULL)
    /* TRANSLATORS: %s describes the simulated trouble, e.g. "the ESC's battery is not connected" */
    text = g_strdup_printf (_("Demo mode: Bootwire is talking to a simulated VESC 6 (%s). Nothing real is written."),
                            scenario->description);
  else
    text = g_strdup (_("Demo mode: Bootwire is talking to a simulated VESC 6. Nothing real is written."));
  gtk_label_set_text (self->demo_label, text);
}

static void
update_navigation (BwWindow *self)
{
  BwWizardStep step = bw_wizard_get_step (self->wizard);
  GtkWidget *page = bw_window_get_page (self, step);
  gboolean busy = bw_wizard_get_busy (self->wizard);

  gtk_stack_set_visible_child (self->stack, page);
  adw_window_title_set_subtitle (self->window_title, gtk_stack_page_get_title (gtk_stack_get_page (self->stack, page)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next", bw_wizard_get_can_go_next (self->wizard));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", bw_wizard_get_can_go_back (self->wizard));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.demo-scenario", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rescan", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-report",
                                 !busy && bw_wizard_get_check_state (self->wizard) != BW_WIZARD_JOB_IDLE);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), step < BW_WIZARD_STEP_PROGRAM);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), step != BW_WIZARD_STEP_DONE);
  gtk_revealer_set_reveal_child (self->demo_revealer, bw_wizard_get_demo (self->wizard));
  if (!bw_wizard_get_demo (self->wizard))
    g_clear_pointer (&self->demo_scenario, g_free);
  update_demo_banner (self);
  update_inhibit (self);

  if (self->close_after_job && !busy)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  bw_wizard_go_next (BW_WINDOW (widget)->wizard);
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  bw_wizard_go_back (BW_WINDOW (widget)->wizard);
}

gboolean
bw_window_start_demo (BwWindow *self, const gchar *scenario_id, GError **error)
{
  g_autoptr(BwTransport) transport = NULL;

  g_return_val_if_fail (BW_IS_WINDOW (self), FALSE);

  if (bw_wizard_get_busy (self->wizard))
    {
      g_set_error_literal (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, _("Wait until the job has finished."));
      return FALSE;
    }
  transport = bw_demo_new_transport_for_scenario (scenario_id, error);
  if (transport == NULL)
    return FALSE;
  g_free (self->demo_scenario);
  self->demo_scenario = g_strdup (scenario_id);
  bw_wizard_set_transport (self->wizard, transport, TRUE);
  update_navigation (self);
  return TRUE;
}

const gchar *
bw_window_get_demo_scenario (BwWindow *self)
{
  g_return_val_if_fail (BW_IS_WINDOW (self), NULL);
  return self->demo_scenario;
}

static void
demo_scenario_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BwWindow *self = BW_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!bw_window_start_demo (self, g_variant_get_string (parameter, NULL), &error))
    bw_window_show_toast (self, error->message);
}

static void
rescan_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BwWindow *self = BW_WINDOW (widget);
  guint n;

  bw_wizard_scan_probes (self->wizard);
  n = bw_wizard_get_probes (self->wizard)->len;
  if (n == 0)
    bw_window_show_toast (self, _("No ST-Link found. Plug it in, or try the demo mode."));
}

gboolean
bw_window_save_report_to (BwWindow *self, GFile *file, GError **error)
{
  g_autofree gchar *report = NULL;

  g_return_val_if_fail (BW_IS_WINDOW (self), FALSE);

  report = bw_wizard_dup_report (self->wizard);
  return g_file_replace_contents (file, report, strlen (report), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL,
                                  error);
}

static void
report_chooser_response_cb (BwWindow *self, gint response, GtkNativeDialog *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file != NULL && !bw_window_save_report_to (self, file, &error))
        bw_window_show_toast (self, error->message);
      else if (file != NULL)
        {
          g_autofree gchar *name = g_file_get_basename (file);
          /* TRANSLATORS: %s is a file name */
          g_autofree gchar *text = g_strdup_printf (_("Report saved as %s"), name);

          bw_window_show_toast (self, text);
        }
    }
  g_clear_object (&self->report_chooser);
}

static void
save_report_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BwWindow *self = BW_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree gchar *name = g_strdup_printf ("bootwire-report-%s.txt", stamp);

  if (self->report_chooser != NULL)
    return;
  self->report_chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->report_chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->report_chooser), TRUE);
  g_signal_connect_swapped (self->report_chooser, "response", G_CALLBACK (report_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->report_chooser));
}

void
bw_window_show_toast (BwWindow *self, const gchar *text)
{
  g_return_if_fail (BW_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

gboolean
bw_window_get_inhibiting (BwWindow *self)
{
  g_return_val_if_fail (BW_IS_WINDOW (self), FALSE);
  return self->inhibiting;
}

static void
close_response_cb (BwWindow *self, const gchar *response)
{
  if (g_strcmp0 (response, "stop") != 0)
    return;
  self->close_after_job = TRUE;
  bw_wizard_cancel (self->wizard);
  update_navigation (self);
}

/* Closing while the chip is being written asks first, saying what a stop
 * leaves on the chip. */
static gboolean
bw_window_close_request (GtkWindow *window)
{
  BwWindow *self = BW_WINDOW (window);
  g_autofree gchar *outcome = NULL;
  AdwMessageDialog *dialog;

  if (self->wizard == NULL || !bw_wizard_get_busy (self->wizard) || self->close_after_job)
    return GTK_WINDOW_CLASS (bw_window_parent_class)->close_request (window);
  outcome = bw_wizard_dup_cancel_outcome (self->wizard);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Stop and Close?"), outcome));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Going"), "stop", _("_Stop and Close"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* Settings: what was chosen last time comes back */

static void
save_board (BwWindow *self)
{
  BwBoard *board = bw_wizard_get_board (self->wizard);

  if (board != NULL)
    g_settings_set_string (self->settings, "last-board", bw_board_get_id (board));
}

static void
save_probe_layout (BwWindow *self)
{
  BwProbeProfile *probe = bw_wizard_get_probe_profile (self->wizard);

  if (probe != NULL)
    g_settings_set_string (self->settings, "last-probe-layout", bw_probe_profile_get_id (probe));
}

static const gchar *const probe_kind_names[] = {
  [BW_WIZARD_PROBE_STLINK] = "st-link",
  [BW_WIZARD_PROBE_VESC] = "vesc",
  [BW_WIZARD_PROBE_USB] = "usb",
};

static void
save_probe_kind (BwWindow *self)
{
  BwWizardProbeKind kind = bw_wizard_get_probe_kind (self->wizard);

  if (kind < G_N_ELEMENTS (probe_kind_names))
    g_settings_set_string (self->settings, "last-probe-kind", probe_kind_names[kind]);
}

static void
restore_probe_kind (BwWindow *self, const gchar *name)
{
  for (guint kind = 0; kind < G_N_ELEMENTS (probe_kind_names); kind++)
    if (g_strcmp0 (name, probe_kind_names[kind]) == 0)
      bw_wizard_set_probe_kind (self->wizard, kind);
}

static void
save_probe_serial (BwWindow *self)
{
  const gchar *serial = bw_wizard_get_probe_serial (self->wizard);

  if (serial != NULL)
    g_settings_set_string (self->settings, "last-probe-serial", serial);
}

static void
save_backup_dir (BwWindow *self)
{
  g_settings_set_string (self->settings, "backup-folder", bw_wizard_get_backup_dir (self->wizard));
}

/* Without the schema installed (a build run from its tree without
 * GSETTINGS_SCHEMA_DIR) the wizard simply remembers nothing. */
static void
load_settings (BwWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree gchar *board = NULL;
  g_autofree gchar *layout = NULL;
  g_autofree gchar *serial = NULL;
  g_autofree gchar *backup = NULL;
  g_autofree gchar *kind = NULL;
  BwBoardDb *db = bw_wizard_get_board_db (self->wizard);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.bootwire.Bootwire", TRUE);
  if (schema == NULL)
    {
      g_debug ("settings schema io.github.bootwire.Bootwire not installed: nothing is remembered");
      return;
    }
  self->settings = g_settings_new_full (schema, NULL, NULL);
  board = g_settings_get_string (self->settings, "last-board");
  layout = g_settings_get_string (self->settings, "last-probe-layout");
  serial = g_settings_get_string (self->settings, "last-probe-serial");
  backup = g_settings_get_string (self->settings, "backup-folder");
  kind = g_settings_get_string (self->settings, "last-probe-kind");
  if (layout[0] != '\0' && bw_board_db_find_probe (db, layout) != NULL &&
      bw_probe_profile_get_kind (bw_board_db_find_probe (db, layout)) != BW_PROBE_PROFILE_KIND_VESC)
    bw_wizard_set_probe_profile (self->wizard, bw_board_db_find_probe (db, layout));
  if (board[0] != '\0' && bw_wizard_get_board (self->wizard) == NULL && bw_board_db_find_board (db, board) != NULL)
    bw_wizard_set_board (self->wizard, bw_board_db_find_board (db, board));
  if (serial[0] != '\0' && bw_wizard_get_probe_serial (self->wizard) == NULL)
    bw_wizard_select_probe (self->wizard, serial);
  if (backup[0] != '\0')
    bw_wizard_set_backup_dir (self->wizard, backup);
  restore_probe_kind (self, kind);

  g_signal_connect_swapped (self->wizard, "notify::board", G_CALLBACK (save_board), self);
  g_signal_connect_swapped (self->wizard, "notify::probe-profile", G_CALLBACK (save_probe_layout), self);
  g_signal_connect_swapped (self->wizard, "notify::probe-serial", G_CALLBACK (save_probe_serial), self);
  g_signal_connect_swapped (self->wizard, "notify::probe-kind", G_CALLBACK (save_probe_kind), self);
  g_signal_connect_swapped (self->wizard, "notify::backup-dir", G_CALLBACK (save_backup_dir), self);
}

static void
build_scenario_menu (BwWindow *self)
{
  guint n = 0;
  const BwDemoScenario *scenarios = bw_demo_get_scenarios (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (scenarios[i].label, NULL);

      g_menu_item_set_action_and_target (item, "win.demo-scenario", "s", scenarios[i].id);
      g_menu_append_item (self->scenario_menu, item);
    }
  g_menu_append_section (self->demo_menu, _("Simulate"), G_MENU_MODEL (self->scenario_menu));
}

static void
bw_window_dispose (GObject *object)
{
  BwWindow *self = BW_WINDOW (object);

  if (self->wizard != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->wizard, self);
      bw_wizard_cancel (self->wizard);
    }
  if (self->inhibiting)
    {
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

      if (application != NULL && self->inhibit_cookie != 0)
        gtk_application_uninhibit (application, self->inhibit_cookie);
      self->inhibiting = FALSE;
      self->inhibit_cookie = 0;
    }
  if (self->report_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->report_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->report_chooser));
      g_clear_object (&self->report_chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_WINDOW);
  g_clear_object (&self->wizard);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->demo_scenario, g_free);
  G_OBJECT_CLASS (bw_window_parent_class)->dispose (object);
}

static void
bw_window_class_init (BwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bw_window_dispose;
  window_class->close_request = bw_window_close_request;

  g_type_ensure (BW_TYPE_BOARD_PAGE);
  g_type_ensure (BW_TYPE_CONNECT_PAGE);
  g_type_ensure (BW_TYPE_DONE_PAGE);
  g_type_ensure (BW_TYPE_FILE_PAGE);
  g_type_ensure (BW_TYPE_PROGRAM_PAGE);
  g_type_ensure (BW_TYPE_WIRING_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BwWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, board_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, connect_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, demo_menu);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, demo_scenario_button);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, done_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, file_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, program_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, scenario_menu);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, wiring_page);

  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.demo-scenario", "s", demo_scenario_action);
  gtk_widget_class_install_action (widget_class, "win.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.rescan", NULL);
}

static void
bw_window_init (BwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_scenario_menu (self);
  bw_gui_a11y_fix_mnemonics (GTK_WIDGET (self));
}

BwWindow *
bw_window_new (GtkApplication *application, BwWizard *wizard)
{
  BwWindow *self;
  const gchar *props[] = { "step", "can-go-next", "can-go-back", "busy", "demo", "program-state", "unlock-state",
                           "check-state" };

  g_return_val_if_fail (BW_IS_WIZARD (wizard), NULL);

  self = g_object_new (BW_TYPE_WINDOW, "application", application, NULL);
  self->wizard = g_object_ref (wizard);
  load_settings (self);
  bw_board_page_set_wizard (self->board_page, wizard);
  bw_wiring_page_set_wizard (self->wiring_page, wizard);
  bw_connect_page_set_wizard (self->connect_page, wizard);
  bw_file_page_set_wizard (self->file_page, wizard);
  bw_program_page_set_wizard (self->program_page, wizard);
  bw_done_page_set_wizard (self->done_page, wizard);
  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree gchar *signal = g_strconcat ("notify::", props[i], NULL);

      g_signal_connect_swapped (wizard, signal, G_CALLBACK (update_navigation), self);
    }
  update_navigation (self);
  return self;
}

BwWizard *
bw_window_get_wizard (BwWindow *self)
{
  g_return_val_if_fail (BW_IS_WINDOW (self), NULL);
  return self->wizard;
}

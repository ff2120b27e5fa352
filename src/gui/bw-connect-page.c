/* bw-connect-page.c: step 3, the live connect checklist, and what to do
 * about a failed line
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-gui-a11y.h"
#include "bw-connect-page.h"
#include "bw-gui-format.h"

struct _BwConnectPage
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkListBox   *check_list;
  GtkBox       *mismatch_box;
  GtkLabel     *mismatch_label;
  GtkLabel     *mode_label;
  GtkListBox   *probe_list;
  AdwComboRow  *probe_row;
  GtkButton    *retry_button;
  GtkLabel     *status_label;

  AdwActionRow *rows[BW_CHECK_N_ITEMS];
  GtkImage     *icons[BW_CHECK_N_ITEMS];
  GPtrArray    *usb_rows;     /* the lines for an ESC on USB, owned by check_list */
  GtkWidget    *advice_row;   /* owned by check_list while shown */
  gchar        *advice_key;   /* what the advice row was built for */
  gboolean      updating_probes;
  gchar        *probes_key;   /* the serials the picker lists */

  /* owned references */
  BwWizard     *wizard;
  BwJob        *job;          /* a BwChecklistJob, or the BwVescUsbCheckJob */
  GSubprocess  *helper;
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

/* Actions on a failed line */

static void
show_toast (BwConnectPage *self, const gchar *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_APPLICATION_WINDOW);
  GtkWidget *overlay = NULL;

  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (self)); w != NULL && w != window; w = gtk_widget_get_parent (w))
    if (ADW_IS_TOAST_OVERLAY (w))
      overlay = w;
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static AdwMessageDialog *
new_dialog (BwConnectPage *self, const gchar *heading, const gchar *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body));
}

static void
under_reset_clicked_cb (BwConnectPage *self)
{
  bw_wizard_set_connect_mode (self->wizard, BW_STLINK_CONNECT_UNDER_RESET);
  bw_wizard_start_check (self->wizard);
}

static void
slower_clicked_cb (BwConnectPage *self)
{
  bw_wizard_set_swd_khz (self->wizard, BW_WIZARD_SLOW_SWD_KHZ);
  bw_wizard_start_check (self->wizard);
}

static void
hold_reset_response_cb (BwConnectPage *self, const gchar *response)
{
  if (g_strcmp0 (response, "connect") != 0)
    return;
  bw_wizard_set_connect_mode (self->wizard, BW_STLINK_CONNECT_UNDER_RESET);
  bw_wizard_start_check (self->wizard);
}

/* When the probe's reset wire does not reach the chip, the user can hold
 * the chip in reset: connecting under reset then finds it at the reset
 * vector when they let go (the engine waits half a second for that). */
static void
hold_reset_clicked_cb (BwConnectPage *self)
{
  AdwMessageDialog *dialog = new_dialog (self, _("Hold the ESC in Reset"),
                                         _("Some firmware switches the SWD pins off as soon as it starts, and the probe "
                                           "cannot reset the chip when its NRST wire is missing or on the wrong pin.\n\n"
                                           "1. Touch the ESC's NRST pad to GND with a wire or tweezers, or hold its reset "
                                           "button if it has one.\n"
                                           "2. Keep holding and click Connect.\n"
                                           "3. Let go at once; Bootwire catches the chip as it starts."));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "connect", _("_Connect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (hold_reset_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unlock_response_cb (BwConnectPage *self, const gchar *response)
{
  if (g_strcmp0 (response, "unlock") == 0)
    bw_wizard_start_unlock (self->wizard);
}

static void
unlock_clicked_cb (BwConnectPage *self)
{
  AdwMessageDialog *dialog = new_dialog (self, _("Unlock and Erase Everything?"),
                                         _("Removing the read protection makes the chip erase all of its flash: the "
                                           "firmware, any bootloader and the ESC's saved motor and app settings.\n\n"
                                           "Nothing can be backed up first, because a read-protected chip cannot be "
                                           "read. Afterwards the ESC needs a bootloader and firmware again: choose "
                                           "“Recover a bricked ESC” to write both."));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "unlock", _("_Unlock and Erase"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "unlock", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (unlock_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rescan_clicked_cb (BwConnectPage *self)
{
  bw_wizard_scan_probes (self->wizard);
}

static void
rescan_ports_clicked_cb (BwConnectPage *self)
{
  bw_wizard_scan_vesc_ports (self->wizard);
  bw_wizard_start_check (self->wizard);
}

static BwChecklistJob *
checklist (BwConnectPage *self)
{
  return self->job != NULL && BW_IS_CHECKLIST_JOB (self->job) ? BW_CHECKLIST_JOB (self->job) : NULL;
}

static void
reconnect_clicked_cb (BwConnectPage *self)
{
  bw_wizard_reconnect (self->wizard);
}

static void
demo_clicked_cb (BwConnectPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.demo-scenario", "s", "ready");
}

static void
other_board_clicked_cb (BwConnectPage *self)
{
  bw_wizard_restart (self->wizard);
}

static void
helper_finished_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(BwConnectPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->helper);
  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error))
    {
      /* pkexec: 126 when the user dismissed the password dialog */
      if (g_subprocess_get_if_exited (G_SUBPROCESS (source)) && g_subprocess_get_exit_status (G_SUBPROCESS (source)) == 126)
        show_toast (self, _("Access was not changed."));
      else
        show_toast (self, _("Allowing access failed. Run the command from the Bootwire README as administrator."));
      gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  show_toast (self, _("Access allowed. Looking for the ST-Link again…"));
  if (self->wizard != NULL)
    bw_wizard_scan_probes (self->wizard);
}

/* Installs the udev rule as administrator (pkexec asks for the password),
 * then looks for the probe again. */
static void
allow_access_clicked_cb (BwConnectPage *self)
{
  g_auto(GStrv) argv = bw_gui_format_permission_argv ();
  g_autoptr(GError) error = NULL;

  if (self->helper != NULL)
    return;
  self->helper = g_subprocess_newv ((const gchar *const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  if (self->helper == NULL)
    {
      g_autofree gchar *command = g_strjoinv (" ", argv);
      /* TRANSLATORS: %s is a command line */
      g_autofree gchar *text = g_strdup_printf (_("Could not ask for administrator rights (%s). Run this as administrator: %s"),
                                                error->message, command);

      show_toast (self, text);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  g_subprocess_wait_check_async (self->helper, NULL, helper_finished_cb, g_object_ref (self));
}

static void
copy_command_clicked_cb (BwConnectPage *self)
{
  g_autofree gchar *command = bw_gui_format_permission_host_command ();

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), command);
  show_toast (self, _("Command copied"));
}

static void
add_action (BwConnectPage *self, GtkWidget *box, const gchar *label, GCallback callback, const gchar *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_box_append (GTK_BOX (box), button);
}

/* In demo mode there is no real probe to look for. */
static gboolean
demo_hides_actions (gboolean demo, gint code)
{
  return demo && (code == BW_ERROR_PROBE_NOT_FOUND || code == BW_ERROR_PROBE_PERMISSION);
}

/* The row under the failed line: what it means, what to do, and buttons
 * that do it. */
static GtkWidget *
build_advice_row (BwConnectPage *self, const GError *error, gboolean unlock_failed)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *summary;
  GtkWidget *action;
  gint code = error->domain == BW_ERROR ? error->code : BW_ERROR_INTERNAL;
  gboolean demo = bw_wizard_get_demo (self->wizard);
  gboolean under_reset = bw_wizard_get_connect_mode (self->wizard) == BW_STLINK_CONNECT_UNDER_RESET;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "advice");
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  summary = gtk_label_new (bw_error_advice_get_summary (code));
  gtk_widget_add_css_class (summary, "heading");
  action = gtk_label_new (bw_error_advice_get_action (code));
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_box_append (GTK_BOX (box), summary);
  gtk_label_set_wrap (GTK_LABEL (action), TRUE);
  gtk_label_set_xalign (GTK_LABEL (action), 0);
  gtk_box_append (GTK_BOX (box), action);
  if (unlock_failed)
    {
      g_autofree gchar *text = g_strdup_printf (_("Unlocking failed: %s"), error->message);

      gtk_label_set_text (GTK_LABEL (summary), text);
    }

  if (bw_wizard_get_probe_kind (self->wizard) != BW_WIZARD_PROBE_STLINK)
    code = code == BW_ERROR_CHIP_MISMATCH || code == BW_ERROR_CHIP_UNSUPPORTED ? code : -code;
  switch (code)
    {
    /* through a VESC or over USB only these buttons apply (the codes are negated above) */
    case -BW_ERROR_VESC_NOT_FOUND:
    case -BW_ERROR_VESC_PERMISSION:
    case -BW_ERROR_VESC_DISCONNECTED:
    case -BW_ERROR_VESC_NO_REPLY:
      add_action (self, buttons, _("_Look for the Port Again"), G_CALLBACK (rescan_ports_clicked_cb),
                  "suggested-action");
      break;
    case BW_ERROR_PROBE_NOT_FOUND:
      add_action (self, buttons, _("_Look Again"), G_CALLBACK (rescan_clicked_cb), "suggested-action");
      add_action (self, buttons, _("Try _Demo Mode"), G_CALLBACK (demo_clicked_cb), NULL);
      break;
    case BW_ERROR_PROBE_PERMISSION:
      if (bw_gui_format_is_sandboxed ())
        {
          g_autofree gchar *command = bw_gui_format_permission_host_command ();
          GtkWidget *hint = gtk_label_new (_("Bootwire runs in a sandbox and cannot change this itself. Run this "
                                             "command in a terminal on your computer, then unplug and replug the ST-Link:"));
          GtkWidget *code_label = gtk_label_new (command);

          gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
          gtk_label_set_xalign (GTK_LABEL (hint), 0);
          gtk_label_set_wrap (GTK_LABEL (code_label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (code_label), PANGO_WRAP_CHAR);
          gtk_label_set_xalign (GTK_LABEL (code_label), 0);
          gtk_label_set_selectable (GTK_LABEL (code_label), TRUE);
          gtk_widget_add_css_class (code_label, "monospace");
          gtk_widget_add_css_class (code_label, "command");
          gtk_box_append (GTK_BOX (box), hint);
          gtk_box_append (GTK_BOX (box), code_label);
          add_action (self, buttons, _("C_opy Command"), G_CALLBACK (copy_command_clicked_cb), NULL);
          add_action (self, buttons, _("_Look Again"), G_CALLBACK (rescan_clicked_cb), NULL);
        }
      else
        {
          add_action (self, buttons, _("_Allow Access…"), G_CALLBACK (allow_access_clicked_cb), "suggested-action");
          add_action (self, buttons, _("_Look Again"), G_CALLBACK (rescan_clicked_cb), NULL);
        }
      break;
    case BW_ERROR_PROBE_BUSY:
      add_action (self, buttons, _("_Look Again"), G_CALLBACK (rescan_clicked_cb), NULL);
      break;
    case BW_ERROR_DISCONNECTED:
      add_action (self, buttons, _("_Reconnect"), G_CALLBACK (reconnect_clicked_cb), "suggested-action");
      break;
    case BW_ERROR_TARGET_NO_RESPONSE:
    case BW_ERROR_TIMED_OUT:
    case BW_ERROR_TARGET_FAULT:
    case BW_ERROR_NRST_NOT_CONNECTED:
      if (!under_reset && code != BW_ERROR_NRST_NOT_CONNECTED)
        add_action (self, buttons, _("Connect _Under Reset"), G_CALLBACK (under_reset_clicked_cb), NULL);
      if (bw_wizard_get_swd_khz (self->wizard) == 0 && code != BW_ERROR_NRST_NOT_CONNECTED)
        add_action (self, buttons, _("_Slower Clock"), G_CALLBACK (slower_clicked_cb), NULL);
      if (under_reset || code == BW_ERROR_NRST_NOT_CONNECTED)
        add_action (self, buttons, _("_Hold Reset by Hand…"), G_CALLBACK (hold_reset_clicked_cb), NULL);
      break;
    case BW_ERROR_READ_PROTECTED:
    case BW_ERROR_WRITE_PROTECTED:
      add_action (self, buttons, _("_Unlock (Erases Everything)…"), G_CALLBACK (unlock_clicked_cb), "destructive-action");
      break;
    case BW_ERROR_CHIP_MISMATCH:
    case BW_ERROR_CHIP_UNSUPPORTED:
      add_action (self, buttons, _("Choose Another _Board"), G_CALLBACK (other_board_clicked_cb), NULL);
      break;
    default:
      break;
    }
  /* an empty box still takes its spacing */
  gtk_widget_set_visible (buttons, gtk_widget_get_first_child (buttons) != NULL && !demo_hides_actions (demo, code));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  bw_gui_a11y_fix_mnemonics (row);
  return row;
}

static void
remove_advice_row (BwConnectPage *self)
{
  if (self->advice_row != NULL)
    gtk_list_box_remove (self->check_list, self->advice_row);
  self->advice_row = NULL;
  g_clear_pointer (&self->advice_key, g_free);
}

static void
update_advice (BwConnectPage *self)
{
  BwWizardJobState state = bw_wizard_get_check_state (self->wizard);
  const GError *error = bw_wizard_get_check_error (self->wizard);
  const GError *unlock_error = bw_wizard_get_unlock_error (self->wizard);
  gboolean unlock_failed = bw_wizard_get_unlock_state (self->wizard) == BW_WIZARD_JOB_FAILED && unlock_error != NULL;
  g_autofree gchar *key = NULL;
  guint position = BW_CHECK_N_ITEMS;

  if (unlock_failed)
    error = unlock_error;
  else if (state != BW_WIZARD_JOB_FAILED || bw_wizard_get_busy (self->wizard))
    error = NULL;
  if (error == NULL)
    {
      remove_advice_row (self);
      return;
    }
  key = g_strdup_printf ("%s/%d/%s/%u/%u/%d/%d", g_quark_to_string (error->domain), error->code, error->message,
                         bw_wizard_get_connect_mode (self->wizard), bw_wizard_get_swd_khz (self->wizard),
                         bw_wizard_get_demo (self->wizard), unlock_failed);
  if (g_strcmp0 (key, self->advice_key) == 0)
    return;
  remove_advice_row (self);
  for (guint i = 0; checklist (self) != NULL && i < BW_CHECK_N_ITEMS; i++)
    if (bw_checklist_job_get_state (checklist (self), i) == BW_CHECK_STATE_FAILED)
      position = i + 1;
  if (bw_wizard_get_probe_kind (self->wizard) == BW_WIZARD_PROBE_USB)
    position = BW_CHECK_N_ITEMS + self->usb_rows->len;
  else if (self->job == NULL)
    position = 0;
  self->advice_row = build_advice_row (self, error, unlock_failed);
  self->advice_key = g_steal_pointer (&key);
  gtk_list_box_insert (self->check_list, self->advice_row, position);
}

/* Called from inside the combo row's own selection change too, so the
 * model is only replaced when the probes themselves changed. */
static void
update_probes (BwConnectPage *self)
{
  GPtrArray *probes = bw_wizard_get_probes (self->wizard);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  guint selected = 0;

  self->updating_probes = TRUE;
  for (guint i = 0; i < probes->len; i++)
    {
      const BwProbeInfo *info = g_ptr_array_index (probes, i);
      /* TRANSLATORS: a probe in the picker: its kind, then its serial number */
      g_autofree gchar *name = g_strdup_printf (_("%s, serial %s"), bw_probe_info_get_kind_name (info),
                                                bw_probe_info_get_serial (info) ?: "?");

      gtk_string_list_append (names, name);
      g_string_append_printf (key, "%s\n", name);
      if (g_strcmp0 (bw_probe_info_get_serial (info), bw_wizard_get_probe_serial (self->wizard)) == 0)
        selected = i;
    }
  if (g_strcmp0 (key->str, self->probes_key) != 0)
    {
      g_free (self->probes_key);
      self->probes_key = g_strdup (key->str);
      adw_combo_row_set_model (self->probe_row, G_LIST_MODEL (names));
    }
  if (adw_combo_row_get_selected (self->probe_row) != selected)
    adw_combo_row_set_selected (self->probe_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->probe_list), probes->len > 1 && !bw_wizard_get_demo (self->wizard) &&
                                                         bw_wizard_get_probe_kind (self->wizard) == BW_WIZARD_PROBE_STLINK);
  gtk_widget_set_sensitive (GTK_WIDGET (self->probe_list), !bw_wizard_get_busy (self->wizard));
  self->updating_probes = FALSE;
}

static void
probe_selected_cb (BwConnectPage *self)
{
  GPtrArray *probes;
  guint selected = adw_combo_row_get_selected (self->probe_row);

  if (self->wizard == NULL || self->updating_probes)
    return;
  probes = bw_wizard_get_probes (self->wizard);
  if (selected < probes->len)
    bw_wizard_select_probe (self->wizard, bw_probe_info_get_serial (g_ptr_array_index (probes, selected)));
}

static void
set_state_icon (GtkImage *image, BwCheckState state, gboolean running)
{
  GtkWidget *icon = GTK_WIDGET (image);

  gtk_image_set_from_icon_name (image, state_icon (state, running));
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "error");
  gtk_widget_remove_css_class (icon, "dim-label");
  if (state == BW_CHECK_STATE_PASSED)
    gtk_widget_add_css_class (icon, "success");
  else if (state == BW_CHECK_STATE_WARNING)
    gtk_widget_add_css_class (icon, "warning");
  else if (state == BW_CHECK_STATE_FAILED)
    gtk_widget_add_css_class (icon, "error");
  else
    gtk_widget_add_css_class (icon, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, state_in_words (state), -1);
}

/* Through another VESC the first two lines are about the programmer and
 * the other ESC. */
static const gchar *
row_title (BwWizardProbeKind kind, BwCheckItem item)
{
  if (kind == BW_WIZARD_PROBE_VESC && item == BW_CHECK_ITEM_PROBE_FIRMWARE)
    return _("Programmer VESC found and answering");
  if (kind == BW_WIZARD_PROBE_VESC && item == BW_CHECK_ITEM_VOLTAGE)
    return _("Other ESC powered");
  return bw_gui_format_check_item (item);
}

static const gchar *
vesc_status (BwWizardProbeKind kind, BwWizardJobState state)
{
  gboolean usb = kind == BW_WIZARD_PROBE_USB;

  switch (state)
    {
    case BW_WIZARD_JOB_RUNNING:
      return usb ? _("Asking the ESC over USB which firmware it runs. Nothing is written.")
                 : _("Checking the programmer VESC, the wires and the other ESC's chip. Nothing is written.");
    case BW_WIZARD_JOB_SUCCEEDED:
      return _("Everything answers. Press Next to choose the file.");
    case BW_WIZARD_JOB_FAILED:
      return _("Something is not right yet. Do what the red line says, then check again.");
    case BW_WIZARD_JOB_IDLE:
    default:
      return usb ? _("Plug the ESC into USB and switch it on.")
                 : _("Plug the programmer VESC into USB and switch both ESCs on.");
    }
}

static void
add_usb_row (BwConnectPage *self, BwCheckState state, gboolean running, const gchar *title, const gchar *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();

  set_state_icon (GTK_IMAGE (icon), state, running);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_insert (self->check_list, row, BW_CHECK_N_ITEMS + self->usb_rows->len);
  g_ptr_array_add (self->usb_rows, row);
}

/* An ESC on USB: what its firmware says, the bootloader that fits it and
 * the warnings before writing. */
static void
update_usb_rows (BwConnectPage *self, gboolean shown, BwWizardJobState state)
{
  BwVescUsbCheckJob *job = self->job != NULL && BW_IS_VESC_USB_CHECK_JOB (self->job)
                             ? BW_VESC_USB_CHECK_JOB (self->job) : NULL;
  gboolean running = state == BW_WIZARD_JOB_RUNNING;
  const BwVescFwInfo *info;
  const gchar *const *warnings;
  g_autofree gchar *answer = NULL;
  g_autofree gchar *bootloader = NULL;
  g_autofree gchar *erase = NULL;

  for (guint i = 0; i < self->usb_rows->len; i++)
    gtk_list_box_remove (self->check_list, g_ptr_array_index (self->usb_rows, i));
  g_ptr_array_set_size (self->usb_rows, 0);
  if (!shown)
    return;
  if (job == NULL || state != BW_WIZARD_JOB_SUCCEEDED)
    {
      const GError *error = bw_wizard_get_check_error (self->wizard);

      add_usb_row (self, state == BW_WIZARD_JOB_FAILED ? BW_CHECK_STATE_FAILED : BW_CHECK_STATE_PENDING, running,
                   _("ESC answers over USB"),
                   state == BW_WIZARD_JOB_FAILED && error != NULL ? error->message
                                                                   : bw_wizard_get_vesc_port (self->wizard));
      add_usb_row (self, BW_CHECK_STATE_PENDING, FALSE, _("Bootloader that fits this ESC"), NULL);
      add_usb_row (self, BW_CHECK_STATE_PENDING, FALSE, _("Firmware can erase the old bootloader"), NULL);
      return;
    }
  info = bw_vesc_usb_check_job_get_fw_info (job);
  /* TRANSLATORS: %s: serial port; %u.%02u: firmware version; the last %s: hardware name, e.g. 60 */
  answer = g_strdup_printf (_("On %s: VESC firmware %u.%02u for hardware “%s”."), bw_wizard_get_vesc_port (self->wizard),
                            info->major, info->minor, info->hw_name[0] != '\0' ? info->hw_name : _("(not reported)"));
  add_usb_row (self, BW_CHECK_STATE_PASSED, FALSE, _("ESC answers over USB"), answer);
  /* TRANSLATORS: %s: VESC Tool's name of a bootloader file */
  bootloader = g_strdup_printf (bw_vesc_usb_check_job_get_bootloader_found (job)
                                  ? _("VESC Tool's %s, bundled with Bootwire.")
                                  : _("VESC Tool's %s, which is not bundled with Bootwire: choose the file yourself."),
                                bw_vesc_usb_check_job_get_bootloader_name (job));
  add_usb_row (self, bw_vesc_usb_check_job_get_bootloader_found (job) ? BW_CHECK_STATE_PASSED : BW_CHECK_STATE_WARNING,
               FALSE, _("Bootloader that fits this ESC"), bootloader);
  if (bw_vesc_fw_info_can_erase_bootloader (info))
    erase = g_strdup (_("Yes: it erases the bootloader sector before the new one is written."));
  else
    /* TRANSLATORS: %u.%02u: firmware version */
    erase = g_strdup_printf (_("No: firmware %u.%02u cannot erase it, and writing over an old bootloader destroys it. "
                               "Update the firmware to 3.59 or later first."), info->major, info->minor);
  add_usb_row (self, bw_vesc_fw_info_can_erase_bootloader (info) ? BW_CHECK_STATE_PASSED : BW_CHECK_STATE_FAILED,
               FALSE, _("Firmware can erase the old bootloader"), erase);
  warnings = bw_vesc_usb_check_job_get_warnings (job);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    add_usb_row (self, BW_CHECK_STATE_WARNING, FALSE, _("Before you write"), warnings[i]);
}

static void
update (BwConnectPage *self)
{
  BwWizardJobState state = bw_wizard_get_check_state (self->wizard);
  gboolean running = state == BW_WIZARD_JOB_RUNNING;
  gboolean unlocking = bw_wizard_get_unlock_state (self->wizard) == BW_WIZARD_JOB_RUNNING;
  g_autofree gchar *mismatch = bw_wizard_dup_hardware_mismatch (self->wizard);
  g_autoptr(GString) mode = g_string_new (NULL);
  BwWizardProbeKind kind = bw_wizard_get_probe_kind (self->wizard);

  for (guint i = 0; i < BW_CHECK_N_ITEMS; i++)
    {
      BwChecklistJob *job = checklist (self);
      BwCheckState item_state = job != NULL ? bw_checklist_job_get_state (job, i) : BW_CHECK_STATE_PENDING;
      g_autofree gchar *detail = job != NULL ? bw_checklist_job_dup_detail (job, i) : NULL;

      set_state_icon (self->icons[i], item_state, running);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[i]), row_title (kind, i));
      adw_action_row_set_subtitle (self->rows[i], detail != NULL ? detail : "");
      gtk_widget_set_visible (GTK_WIDGET (self->rows[i]), kind != BW_WIZARD_PROBE_USB);
    }
  update_usb_rows (self, kind == BW_WIZARD_PROBE_USB, state);

  if (kind != BW_WIZARD_PROBE_STLINK)
    gtk_label_set_text (self->status_label, vesc_status (kind, state));
  else if (unlocking)
    gtk_label_set_text (self->status_label, _("Unlocking: the chip is erasing all of its flash. This takes about "
                                              "half a minute."));
  else
    switch (state)
      {
      case BW_WIZARD_JOB_RUNNING:
        gtk_label_set_text (self->status_label, _("Checking the probe, the wires and the chip. Nothing is written."));
        break;
      case BW_WIZARD_JOB_SUCCEEDED:
        gtk_label_set_text (self->status_label, _("Everything answers. Press Next to choose the file."));
        break;
      case BW_WIZARD_JOB_FAILED:
        gtk_label_set_text (self->status_label, _("Something is not right yet. Do what the red line says, then "
                                                  "check again."));
        break;
      case BW_WIZARD_JOB_IDLE:
      default:
        gtk_label_set_text (self->status_label, _("Plug the probe into USB and power the ESC from its battery."));
        break;
      }

  if (bw_wizard_get_connect_mode (self->wizard) == BW_STLINK_CONNECT_UNDER_RESET)
    g_string_append (mode, _("Connecting under reset."));
  if (bw_wizard_get_swd_khz (self->wizard) != 0)
    {
      if (mode->len > 0)
        g_string_append_c (mode, ' ');
      /* TRANSLATORS: the SWD clock in kHz */
      g_string_append_printf (mode, _("Slower SWD clock (%u kHz)."), bw_wizard_get_swd_khz (self->wizard));
    }
  gtk_label_set_text (self->mode_label, mode->str);
  gtk_widget_set_visible (GTK_WIDGET (self->mode_label), mode->len > 0);

  gtk_label_set_text (self->mismatch_label, mismatch != NULL ? mismatch : "");
  gtk_widget_set_visible (GTK_WIDGET (self->mismatch_box), mismatch != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), !bw_wizard_get_busy (self->wizard));
  gtk_widget_set_sensitive (GTK_WIDGET (self->probe_list), !bw_wizard_get_busy (self->wizard));
  update_advice (self);
}

static void
check_job_changed_cb (BwConnectPage *self)
{
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  if (bw_wizard_get_checklist_job (self->wizard) != NULL)
    g_set_object (&self->job, BW_JOB (bw_wizard_get_checklist_job (self->wizard)));
  else
    g_set_object (&self->job, (BwJob *) bw_wizard_get_usb_check_job (self->wizard));
  if (self->job != NULL)
    g_signal_connect_swapped (self->job, "progress", G_CALLBACK (update), self);
  update (self);
}

/* With no probe open (none found, or no access) look on USB again;
 * otherwise check the same probe again. */
static void
retry_clicked_cb (BwConnectPage *self)
{
  if (self->wizard == NULL)
    return;
  if (bw_wizard_get_probe_kind (self->wizard) == BW_WIZARD_PROBE_STLINK &&
      !bw_wizard_get_demo (self->wizard) && bw_wizard_get_transport (self->wizard) == NULL)
    bw_wizard_scan_probes (self->wizard);
  else
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
  self->advice_row = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_CONNECT_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->job);
  g_clear_object (&self->wizard);
  g_clear_object (&self->helper);
  g_clear_pointer (&self->advice_key, g_free);
  g_clear_pointer (&self->probes_key, g_free);
  g_clear_pointer (&self->usb_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (bw_connect_page_parent_class)->dispose (object);
}

static void
bw_connect_page_class_init (BwConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_connect_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/bootwire/Bootwire/bw-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, check_list);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, mismatch_box);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, mismatch_label);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, mode_label);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, probe_list);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, probe_row);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BwConnectPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, other_board_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, probe_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
bw_connect_page_init (BwConnectPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bw_gui_a11y_fix_mnemonics (GTK_WIDGET (self));
  self->usb_rows = g_ptr_array_new ();
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
  g_signal_connect_swapped (wizard, "notify::unlock-state", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::busy", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::connect-mode", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::swd-khz", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::probe-kind", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::probe-kind", G_CALLBACK (update_probes), self);
  g_signal_connect_swapped (wizard, "notify::probes", G_CALLBACK (update_probes), self);
  g_signal_connect_swapped (wizard, "notify::probe-serial", G_CALLBACK (update_probes), self);
  g_signal_connect_swapped (wizard, "notify::demo", G_CALLBACK (update_probes), self);
  update_probes (self);
  check_job_changed_cb (self);
}

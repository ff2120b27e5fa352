/* bw-done-page.c: step 6, the result and what to do next
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-gui-a11y.h"
#include "bw-done-page.h"

struct _BwDonePage
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkButton     *again_button;
  AdwActionRow  *backup_row;
  AdwActionRow  *chip_row;
  GtkLabel      *next_label;
  GtkButton     *open_folder_button;
  GtkButton     *report_button;
  AdwStatusPage *status_page;

  /* owned references */
  BwWizard      *wizard;
};

G_DEFINE_FINAL_TYPE (BwDonePage, bw_done_page, GTK_TYPE_WIDGET)

/* Through another VESC everything was read back; over USB nothing can be. */
static void
update_vesc (BwDonePage *self, BwWizardProbeKind kind, gboolean recover)
{
  if (kind == BW_WIZARD_PROBE_USB)
    {
      adw_status_page_set_title (self->status_page, _("Bootloader Installed"));
      adw_status_page_set_description (self->status_page,
                                       _("The ESC's firmware took every block of the bootloader. An ESC cannot "
                                         "read its flash back over USB, so VESC Tool's next firmware update is "
                                         "the test."));
      adw_action_row_set_subtitle (self->chip_row, _("The firmware and its settings are as they were; the "
                                                     "bootloader sector holds the new bootloader."));
      gtk_label_set_text (self->next_label,
                          _("1. Connect the ESC to VESC Tool over USB.\n"
                            "2. Update the firmware on VESC Tool's Firmware page.\n"
                            "3. If the old firmware comes back after the update, the bootloader is missing: run "
                            "this again, or use another VESC or an ST-Link."));
      return;
    }
  adw_status_page_set_title (self->status_page, recover ? _("ESC Recovered and Verified")
                                                        : _("Bootloader Installed and Verified"));
  adw_status_page_set_description (self->status_page,
                                   _("Everything written was read back through the programmer VESC and matches "
                                     "the files."));
  adw_action_row_set_subtitle (self->chip_row, recover ? _("Firmware and bootloader written and verified; the ESC "
                                                           "was restarted.")
                                                       : _("Bootloader written and verified; there is no firmware "
                                                           "yet, so the ESC does not start."));
  gtk_label_set_text (self->next_label,
                      recover ? _("1. Unplug the three wires between the two ESCs.\n"
                                  "2. Connect the recovered ESC to VESC Tool over USB.\n"
                                  "3. Set up the motor and the app again: recovering erased the old settings (they "
                                  "are in the backup).")
                              : _("1. Unplug the three wires between the two ESCs.\n"
                                  "2. The ESC needs firmware too: run Bootwire again and recover it with the firmware "
                                  "for your board."));
}

static void
update (BwDonePage *self)
{
  BwProgramJob *job = bw_wizard_get_program_job (self->wizard);
  BwWizardProbeKind kind = bw_wizard_get_probe_kind (self->wizard);
  const gchar *backup = bw_wizard_get_backup_path (self->wizard);
  gboolean recover = bw_wizard_get_task (self->wizard) == BW_WIZARD_TASK_RECOVER;
  gboolean has_backup;
  gboolean no_firmware;

  if (bw_wizard_get_program_state (self->wizard) != BW_WIZARD_JOB_SUCCEEDED ||
      bw_wizard_get_writing_job (self->wizard) == NULL)
    return;
  has_backup = backup != NULL && bw_wizard_get_backup_sha256 (self->wizard) != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->backup_row), has_backup);
  if (has_backup)
    adw_action_row_set_subtitle (self->backup_row, backup);
  if (kind != BW_WIZARD_PROBE_STLINK)
    {
      update_vesc (self, kind, recover);
      return;
    }
  no_firmware = recover && bw_wizard_get_firmware_file (self->wizard) == NULL &&
                (bw_wizard_get_mass_erase (self->wizard) ||
                 !bw_checklist_job_get_has_firmware (bw_wizard_get_checklist_job (self->wizard)));
  adw_status_page_set_title (self->status_page, recover ? _("ESC Recovered and Verified")
                                                        : _("Bootloader Installed and Verified"));
  adw_status_page_set_description (self->status_page,
                                   bw_wizard_get_demo (self->wizard)
                                   ? _("This was the demo: the simulated ESC holds the new contents.")
                                   : _("Everything written was read back and matches the file."));
  adw_action_row_set_subtitle (self->chip_row, bw_program_job_get_chip_state (job) ?: "");

  if (no_firmware)
    gtk_label_set_text (self->next_label,
                        _("1. The ESC has a bootloader but no firmware, so it does not start yet.\n"
                          "2. Go back, choose the firmware for your board on the file step, and write again; "
                          "or flash it with another SWD tool.\n"
                          "3. Then connect the ESC to VESC Tool over USB and set up the motor."));
  else
    gtk_label_set_text (self->next_label,
                        _("1. Unplug the probe's wires from the ESC.\n"
                          "2. Connect the ESC to VESC Tool over USB.\n"
                          "3. Update the firmware on VESC Tool's Firmware page. From now on firmware updates "
                          "through VESC Tool take effect."));
}

static void
open_folder_clicked_cb (BwDonePage *self)
{
  const gchar *backup = bw_wizard_get_backup_path (self->wizard);
  g_autofree gchar *dir = NULL;
  g_autofree gchar *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (backup == NULL)
    return;
  dir = g_path_get_dirname (backup);
  uri = g_filename_to_uri (dir, NULL, NULL);
  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
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
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, backup_row);
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, chip_row);
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, next_label);
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, open_folder_button);
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, report_button);
  gtk_widget_class_bind_template_child (widget_class, BwDonePage, status_page);
  gtk_widget_class_bind_template_callback (widget_class, again_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_folder_clicked_cb);
}

static void
bw_done_page_init (BwDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bw_gui_a11y_fix_mnemonics (GTK_WIDGET (self));
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

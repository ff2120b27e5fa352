/* bw-file-page.c: step 4, the file(s) to write, explained; chosen with a
 * file chooser or dropped on the page
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bw-gui-a11y.h"
#include "bw-file-page.h"
#include "bw-gui-format.h"

struct _BwFilePage
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkLabel             *address_label;
  GtkBox               *address_box;
  GtkEntry             *address_entry;
  AdwActionRow         *bootloader_row;
  GtkImage             *bootloader_icon;
  GtkButton            *choose_button;
  GtkButton            *choose_firmware_button;
  GtkBox               *drop_zone;
  GtkLabel             *drop_label;
  GtkBox               *error_box;
  GtkLabel             *error_label;
  GtkLabel             *error_title;
  AdwActionRow         *firmware_row;
  GtkImage             *firmware_icon;
  GtkLabel             *intro_label;
  AdwActionRow         *mass_erase_row;
  GtkSwitch            *mass_erase_switch;
  GtkButton            *remove_firmware_button;
  GtkLabel             *title_label;

  GtkDropTarget        *drop_target;
  BwWizardFileRole      address_role; /* the file that needs an address */

  /* owned references */
  BwWizard             *wizard;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (BwFilePage, bw_file_page, GTK_TYPE_WIDGET)

static gchar *
file_name (BwImageFile *file)
{
  return file != NULL ? g_file_get_basename (bw_image_file_get_file (file)) : NULL;
}

static void
set_row_state (AdwActionRow *row, GtkImage *icon, const gchar *title, const gchar *subtitle, gboolean refused)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
  gtk_image_set_from_icon_name (icon, refused ? "dialog-error-symbolic" : "application-x-firmware-symbolic");
  if (refused)
    gtk_widget_add_css_class (GTK_WIDGET (icon), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (icon), "error");
}

static void
show_error (BwFilePage *self, const gchar *title, const GError *error)
{
  g_autoptr(GString) text = g_string_new (error->message);

  if (error->domain == BW_ERROR && error->code != BW_ERROR_INVALID_ARGUMENT)
    g_string_append_printf (text, "\n%s", bw_error_advice_get_action (error->code));
  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), TRUE);
}

static void
update (BwFilePage *self)
{
  gboolean recover = bw_wizard_get_task (self->wizard) == BW_WIZARD_TASK_RECOVER;
  /* through another VESC the whole chip is always erased, so firmware is a must */
  gboolean through_vesc = bw_wizard_get_probe_kind (self->wizard) == BW_WIZARD_PROBE_VESC;
  BwImageFile *bootloader = bw_wizard_get_image_file (self->wizard);
  BwImageFile *firmware = bw_wizard_get_firmware_file (self->wizard);
  const GError *bootloader_error = bw_wizard_get_image_error (self->wizard);
  const GError *firmware_error = bw_wizard_get_firmware_error (self->wizard);
  const GError *plan_error = bw_wizard_get_plan_error (self->wizard);
  g_autofree gchar *name = file_name (bootloader);
  g_autofree gchar *firmware_name = file_name (firmware);
  g_autofree gchar *title = NULL;
  g_autofree gchar *explanation = NULL;
  const GError *address_error = NULL;

  gtk_label_set_text (self->title_label, recover ? _("The Files to Write") : _("The Bootloader File"));
  gtk_label_set_text (self->intro_label,
                      recover && through_vesc
                      ? _("Through another VESC, recovering erases the whole chip and writes the bootloader and the "
                          "firmware for your board, so choose the firmware too. Get it from VESC Tool (Firmware "
                          "page) or your ESC's maker.")
                      : recover ? _("Recovering writes the bootloader and, if you choose it, the firmware for your "
                                    "board. Get the firmware from VESC Tool (Firmware page) or your ESC's maker.")
                                : _("Bootwire comes with the bootloader VESC Tool uses for your board. Only choose "
                                    "another file if you know you need it."));
  gtk_label_set_text (self->drop_label, recover ? _("You can also drop a .hex or .bin file here: firmware goes to "
                                                    "the firmware line, a bootloader to the bootloader line.")
                                                : _("You can also drop a .hex or .bin bootloader file here."));

  /* the bootloader */
  if (name == NULL)
    title = g_strdup (_("No bootloader chosen yet"));
  else if (bw_wizard_get_image_is_bundled (self->wizard))
    /* TRANSLATORS: %s is a file name */
    title = g_strdup_printf (_("%s (comes with Bootwire, made for your board)"), name);
  else
    title = g_strdup (name);
  if (bootloader != NULL && bootloader_error == NULL && bw_wizard_get_vesc_image (self->wizard) != NULL)
    explanation = bw_gui_format_image (bootloader, bw_wizard_get_vesc_image (self->wizard));
  set_row_state (self->bootloader_row, self->bootloader_icon, title,
                 bootloader_error != NULL ? _("Refused: see below") : explanation, bootloader_error != NULL);

  /* the firmware, when recovering */
  gtk_widget_set_visible (GTK_WIDGET (self->firmware_row), recover);
  gtk_widget_set_visible (GTK_WIDGET (self->mass_erase_row), recover && !through_vesc);
  g_clear_pointer (&explanation, g_free);
  if (firmware != NULL && firmware_error == NULL && bw_wizard_get_firmware_vesc (self->wizard) != NULL)
    explanation = bw_gui_format_image (firmware, bw_wizard_get_firmware_vesc (self->wizard));
  set_row_state (self->firmware_row, self->firmware_icon,
                 firmware_name != NULL ? firmware_name : _("No firmware chosen"),
                 firmware_error != NULL ? _("Refused: see below")
                 : explanation != NULL ? explanation
                 : _("Without firmware the ESC will not start, and VESC Tool cannot reach it over USB."),
                 firmware_error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_firmware_button), firmware != NULL);
  if (gtk_switch_get_active (self->mass_erase_switch) != bw_wizard_get_mass_erase (self->wizard))
    gtk_switch_set_active (self->mass_erase_switch, bw_wizard_get_mass_erase (self->wizard));

  /* what is wrong, and for a .bin without an address, the question */
  gtk_widget_set_visible (GTK_WIDGET (self->error_box), FALSE);
  if (bootloader_error != NULL)
    show_error (self, _("This bootloader file cannot be used"), bootloader_error);
  else if (firmware_error != NULL)
    show_error (self, _("This firmware file cannot be used"), firmware_error);
  else if (plan_error != NULL && g_error_matches (plan_error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT) &&
           bw_wizard_get_probe_kind (self->wizard) != BW_WIZARD_PROBE_STLINK)
    /* the message says what to choose instead; the generic summary would not */
    show_error (self, through_vesc ? _("Not possible through another VESC") : _("Not possible over USB"), plan_error);
  else if (plan_error != NULL)
    show_error (self, bw_error_advice_get_summary (plan_error->domain == BW_ERROR ? plan_error->code : BW_ERROR_INTERNAL),
                plan_error);

  if (g_error_matches (bootloader_error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS))
    {
      address_error = bootloader_error;
      self->address_role = BW_WIZARD_FILE_BOOTLOADER;
    }
  else if (g_error_matches (firmware_error, BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS))
    {
      address_error = firmware_error;
      self->address_role = BW_WIZARD_FILE_FIRMWARE;
    }
  if (address_error != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->address_box)))
    {
      const gchar *address = self->address_role == BW_WIZARD_FILE_BOOTLOADER ? "0x080E0000" : "0x08000000";

      gtk_label_set_text (self->address_label,
                          self->address_role == BW_WIZARD_FILE_BOOTLOADER
                          ? _("This .bin file does not say where in the flash it belongs. A VESC bootloader goes "
                              "at 0x080E0000 (sector 11). Check the address, then use it.")
                          : _("This .bin file does not say where in the flash it belongs. VESC firmware goes at "
                              "0x08000000; a bootloader at 0x080E0000. Check the address, then use it."));
      gtk_editable_set_text (GTK_EDITABLE (self->address_entry), address);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->address_box), address_error != NULL);
}

static void
open_file (BwFilePage *self, BwWizardFileRole role, GFile *file, gboolean dropped)
{
  g_autofree gchar *path = g_file_get_path (file);

  if (path == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                     adw_toast_new (_("Only files on this computer can be used.")));
      return;
    }
  /* a refusal is shown from the model's errors */
  if (dropped)
    bw_wizard_open_dropped_file (self->wizard, path, NULL);
  else
    bw_wizard_open_file (self->wizard, role, path, FALSE, 0, NULL);
}

static void
chooser_response_cb (BwFilePage *self, gint response, GtkNativeDialog *dialog)
{
  BwWizardFileRole role = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "bw-role"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        open_file (self, role, file, FALSE);
    }
  g_clear_object (&self->chooser);
}

static void
choose (BwFilePage *self, BwWizardFileRole role)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("Firmware and bootloader files (.hex, .bin)"));
  gtk_file_filter_add_pattern (filter, "*.hex");
  gtk_file_filter_add_pattern (filter, "*.bin");
  gtk_file_filter_add_pattern (filter, "*.HEX");
  gtk_file_filter_add_pattern (filter, "*.BIN");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  self->chooser = gtk_file_chooser_native_new (role == BW_WIZARD_FILE_FIRMWARE ? _("Choose a Firmware File")
                                                                              : _("Choose a Bootloader File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_object_set_data (G_OBJECT (self->chooser), "bw-role", GUINT_TO_POINTER (role));
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
choose_bootloader_clicked_cb (BwFilePage *self)
{
  choose (self, BW_WIZARD_FILE_BOOTLOADER);
}

static void
choose_firmware_clicked_cb (BwFilePage *self)
{
  choose (self, BW_WIZARD_FILE_FIRMWARE);
}

static void
choose_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BwFilePage *self = BW_FILE_PAGE (widget);

  choose (self, bw_wizard_get_task (self->wizard) == BW_WIZARD_TASK_RECOVER ? BW_WIZARD_FILE_FIRMWARE
                                                                            : BW_WIZARD_FILE_BOOTLOADER);
}

static void
remove_firmware_clicked_cb (BwFilePage *self)
{
  bw_wizard_clear_firmware (self->wizard);
}

static void
mass_erase_toggled_cb (BwFilePage *self)
{
  if (self->wizard != NULL)
    bw_wizard_set_mass_erase (self->wizard, gtk_switch_get_active (self->mass_erase_switch));
}

/* The address typed for a .bin: hexadecimal with or without 0x. */
static void
address_activated_cb (BwFilePage *self)
{
  const gchar *text = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
  BwImageFile *file = self->address_role == BW_WIZARD_FILE_BOOTLOADER ? bw_wizard_get_image_file (self->wizard)
                                                                      : bw_wizard_get_firmware_file (self->wizard);
  g_autofree gchar *path = NULL;
  guint64 address = 0;
  const gchar *digits = text;

  if (g_str_has_prefix (digits, "0x") || g_str_has_prefix (digits, "0X"))
    digits += 2;
  if (file == NULL || !g_ascii_string_to_unsigned (digits, 16, 0, G_MAXUINT32, &address, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_entry), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->address_entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_entry), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->address_entry), GTK_ACCESSIBLE_STATE_INVALID);
  path = g_file_get_path (bw_image_file_get_file (file));
  /* the address decides the slot: 0x080E0000 is the bootloader's */
  if (bw_wizard_get_task (self->wizard) == BW_WIZARD_TASK_RECOVER)
    {
      BwWizardFileRole role = address >= 0x080E0000 ? BW_WIZARD_FILE_BOOTLOADER : BW_WIZARD_FILE_FIRMWARE;

      if (role != self->address_role && self->address_role == BW_WIZARD_FILE_FIRMWARE)
        bw_wizard_clear_firmware (self->wizard);
      bw_wizard_open_file (self->wizard, role, path, TRUE, (guint32) address, NULL);
    }
  else
    bw_wizard_open_file (self->wizard, self->address_role, path, TRUE, (guint32) address, NULL);
}

static gboolean
drop_cb (BwFilePage *self, const GValue *value, gdouble x, gdouble y)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  if (file == NULL || self->wizard == NULL || bw_wizard_get_busy (self->wizard))
    return FALSE;
  open_file (self, BW_WIZARD_FILE_BOOTLOADER, file, TRUE);
  return TRUE;
}

static void
bw_file_page_dispose (GObject *object)
{
  BwFilePage *self = BW_FILE_PAGE (object);
  GtkWidget *child;

  if (self->wizard != NULL)
    g_signal_handlers_disconnect_by_data (self->wizard, self);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
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
  gtk_widget_class_set_css_name (widget_class, "filepage");
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, address_box);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, address_entry);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, address_label);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, bootloader_icon);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, bootloader_row);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, choose_firmware_button);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, drop_label);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, drop_zone);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, error_box);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, error_title);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, firmware_icon);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, firmware_row);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, mass_erase_row);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, mass_erase_switch);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, remove_firmware_button);
  gtk_widget_class_bind_template_child (widget_class, BwFilePage, title_label);
  gtk_widget_class_bind_template_callback (widget_class, address_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_bootloader_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_firmware_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, mass_erase_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_firmware_clicked_cb);
  gtk_widget_class_install_action (widget_class, "file.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "file.choose", NULL);
}

static void
bw_file_page_init (BwFilePage *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  bw_gui_a11y_fix_mnemonics (GTK_WIDGET (self));
  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, types, G_N_ELEMENTS (types));
  g_signal_connect_swapped (self->drop_target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

void
bw_file_page_set_wizard (BwFilePage *self, BwWizard *wizard)
{
  g_return_if_fail (BW_IS_FILE_PAGE (self));
  g_return_if_fail (self->wizard == NULL);

  self->wizard = g_object_ref (wizard);
  g_signal_connect_swapped (wizard, "notify::image-file", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::firmware-file", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::plan", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::task", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::probe-kind", G_CALLBACK (update), self);
  g_signal_connect_swapped (wizard, "notify::mass-erase", G_CALLBACK (update), self);
  update (self);
}

GtkDropTarget *
bw_file_page_get_drop_target (BwFilePage *self)
{
  g_return_val_if_fail (BW_IS_FILE_PAGE (self), NULL);
  return self->drop_target;
}

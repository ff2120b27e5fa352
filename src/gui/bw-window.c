/* bw-window.c: the wizard's window: a stack of pages with Back and Next
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

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
  GtkRevealer    *demo_revealer;
  BwDonePage     *done_page;
  BwFilePage     *file_page;
  GtkButton      *next_button;
  BwProgramPage  *program_page;
  GtkStack       *stack;
  AdwWindowTitle *window_title;
  BwWiringPage   *wiring_page;

  /* owned references */
  BwWizard       *wizard;
  guint           inhibit_cookie;
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
update_navigation (BwWindow *self)
{
  BwWizardStep step = bw_wizard_get_step (self->wizard);
  GtkWidget *page = bw_window_get_page (self, step);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  gtk_stack_set_visible_child (self->stack, page);
  adw_window_title_set_subtitle (self->window_title, gtk_stack_page_get_title (gtk_stack_get_page (self->stack, page)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next", bw_wizard_get_can_go_next (self->wizard));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", bw_wizard_get_can_go_back (self->wizard));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.demo", !bw_wizard_get_busy (self->wizard));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), step < BW_WIZARD_STEP_PROGRAM);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), step != BW_WIZARD_STEP_DONE);
  gtk_revealer_set_reveal_child (self->demo_revealer, bw_wizard_get_demo (self->wizard));

  /* a half-written flash is worse than a late suspend */
  if (application != NULL && bw_wizard_get_program_state (self->wizard) == BW_WIZARD_JOB_RUNNING)
    {
      if (self->inhibit_cookie == 0)
        self->inhibit_cookie = gtk_application_inhibit (application, GTK_WINDOW (self),
                                                        GTK_APPLICATION_INHIBIT_LOGOUT | GTK_APPLICATION_INHIBIT_SUSPEND,
                                                        _("Writing the ESC's flash"));
    }
  else if (application != NULL && self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (application, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
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

static void
demo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  BwWindow *self = BW_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwTransport) transport = bw_demo_new_transport (NULL, &error);

  if (transport == NULL)
    {
      g_warning ("demo mode: %s", error->message);
      return;
    }
  bw_wizard_set_transport (self->wizard, transport, TRUE);
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
  gtk_widget_dispose_template (GTK_WIDGET (self), BW_TYPE_WINDOW);
  g_clear_object (&self->wizard);
  G_OBJECT_CLASS (bw_window_parent_class)->dispose (object);
}

static void
bw_window_class_init (BwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bw_window_dispose;

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
  gtk_widget_class_bind_template_child (widget_class, BwWindow, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, done_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, file_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, program_page);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BwWindow, wiring_page);

  gtk_widget_class_install_action (widget_class, "win.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.demo", NULL, demo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
}

static void
bw_window_init (BwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BwWindow *
bw_window_new (GtkApplication *application, BwWizard *wizard)
{
  BwWindow *self;
  const gchar *props[] = { "step", "can-go-next", "can-go-back", "busy", "demo", "program-state" };

  g_return_val_if_fail (BW_IS_WIZARD (wizard), NULL);

  self = g_object_new (BW_TYPE_WINDOW, "application", application, NULL);
  self->wizard = g_object_ref (wizard);
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

/* test-window.c: the wizard on screen in demo mode: every page and state as
 * a PNG, the actions on failed checklist lines, the recover flow, and a
 * click-through to a verified install with the main loop's longest stall
 * measured
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>
#include <adwaita.h>

#include "bw-connect-page.h"
#include "bw-demo.h"
#include "bw-file-page.h"
#include "bw-test-gate-transport.h"
#include "bw-test-utils.h"
#include "bw-window.h"
#include "bw-wiring-diagram.h"
#ifdef BW_TEST_HAVE_VESC_SIM
#include "bw-test-vesc-rig.h"
#endif

#define MAX_STALL_US 16000

typedef struct {
  BwBoardDb *db;
  BwWizard  *wizard;
  GtkWidget *window;
  gchar     *dir;
} Fixture;

static void
flush (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_not_busy (BwWizard *wizard)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (bw_wizard_get_busy (wizard) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (bw_wizard_get_busy (wizard));
}

/* Console's technique: the window through a paintable, a render node and
 * the window's own renderer, saved as PNG. */
static void
screenshot (GtkWidget *window, const gchar *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree gchar *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "gui", "screenshots", NULL);
  g_autofree gchar *file = g_strconcat (name, ".png", NULL);
  g_autofree gchar *path = g_build_filename (dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* until the window is mapped, sized and has drawn once */
  flush (300);
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      snapshot = gtk_snapshot_new ();
      flush (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                              gtk_widget_get_width (window), gtk_widget_get_height (window));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static const gchar *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  return NULL;
}

/* The first visible (and mapped, so on the page shown) widget of @type
 * whose text contains @text. */
static GtkWidget *
find_widget (GtkWidget *root, GType type, const gchar *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        {
          const gchar *label = widget_text (child);

          if (text == NULL || (label != NULL && strstr (label, text) != NULL))
            return child;
        }
      found = find_widget (child, type, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_on_page (Fixture *f, BwWizardStep step, GType type, const gchar *text)
{
  flush (50);
  return find_widget (bw_window_get_page (BW_WINDOW (f->window), step), type, text);
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The message dialog on top, answered with @response. */
static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  flush (50);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
answer_dialog (AdwMessageDialog *dialog, const gchar *response)
{
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  flush (50);
}

/* Every test starts as a first run: nothing remembered from the last one
 * (the settings live in memory for the whole test program). */
static void
forget_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.bootwire.Bootwire");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  forget_settings ();
  f->db = bw_board_db_new ();
  g_assert_true (bw_board_db_load_default (f->db, &error));
  g_assert_no_error (error);
  f->wizard = bw_wizard_new (f->db);
  f->dir = bw_test_make_tmpdir ();
  bw_wizard_set_backup_dir (f->wizard, f->dir);
  f->window = GTK_WIDGET (bw_window_new (NULL, f->wizard));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 860, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  flush (100);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  flush (100);
  g_object_unref (f->wizard);
  g_object_unref (f->db);
  bw_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
choose_board_and_go_to_check (Fixture *f)
{
  bw_wizard_set_board (f->wizard, bw_board_db_find_board (f->db, "vesc-6"));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  wait_not_busy (f->wizard);
}

/* Steps the job one probe command at a time until the window has been
 * told it is writing; the worker then waits at the gate. */
static void
hold_in_write_phase (BwTestGateTransport *gate, BwJob *job)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (bw_job_get_phase (job) != BW_PROGRESS_PHASE_WRITE && g_get_monotonic_time () < deadline)
    {
      if (bw_test_gate_transport_is_holding (gate))
        bw_test_gate_transport_allow (gate, 1);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (bw_job_get_phase (job), ==, BW_PROGRESS_PHASE_WRITE);
  while (!bw_test_gate_transport_is_holding (gate) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (bw_test_gate_transport_is_holding (gate));
}

static gboolean
keep_ticking (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}


typedef struct {
  gint64 longest_cpu_us;   /* main thread CPU time in one dispatch */
  gint64 longest_wall_us;  /* wall time in one dispatch, waiting excluded */
  gint64 finish_cpu_us;    /* the dispatches from "finished" on */
  guint  n_iterations;
  gboolean finished;       /* the job said "finished": it no longer runs */
} Stall;

static void
stall_job_finished (BwJob *job, const GError *error, gpointer user_data)
{
  Stall *stall = user_data;

  stall->finished = TRUE;
}

/* Waits for the job, recording the longest time one main loop iteration
 * kept the main thread busy while the job ran: progress deliveries, page
 * updates, frames. CPU time of the main thread is what the job's design
 * controls; wall time on a shared test machine also counts other
 * processes and is reported beside it. The dispatch that delivers
 * "finished" and turns to the next page ends the job; it is reported on
 * its own. */
static void
wait_measuring_stall (BwWizard *wizard, Stall *stall)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (1, keep_ticking, NULL);
  BwJob *job = BW_JOB (bw_wizard_get_program_job (wizard));
  gulong finished_id;

  memset (stall, 0, sizeof *stall);
  /* the wizard turns to the Done page when the job has finished, in the
   * same dispatch or the next one: that is not a stall during the job */
  finished_id = g_signal_connect (job, "finished", G_CALLBACK (stall_job_finished), stall);
  while (bw_wizard_get_busy (wizard) && g_get_monotonic_time () < deadline)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 cpu = thread_cpu_us ();

      g_main_context_iteration (NULL, TRUE);
      stall->n_iterations++;
      cpu = thread_cpu_us () - cpu;
      if (bw_wizard_get_busy (wizard) && !stall->finished)
        {
          stall->longest_cpu_us = MAX (stall->longest_cpu_us, cpu);
          /* the 1 ms tick bounds the wait; the rest is dispatching */
          stall->longest_wall_us = MAX (stall->longest_wall_us, g_get_monotonic_time () - start - 1000);
        }
      else
        stall->finish_cpu_us = MAX (stall->finish_cpu_us, cpu);
    }
  g_signal_handler_disconnect (job, finished_id);
  g_source_remove (tick);
  g_assert_false (bw_wizard_get_busy (wizard));
}

/* End to end: a person's clicks through the wizard in demo mode, on a
 * simulated VESC 6 with firmware and no bootloader, to a verified install;
 * the simulator's flash holds the bootloader afterwards. */
static void
test_click_through (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwTransport) simulated = bw_demo_new_transport_for_scenario ("ready", &error);
  g_autoptr(BwTestGateTransport) gate = NULL;
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) expected = NULL;
  GtkWidget *row, *button;
  BwJob *job;
  const guint8 *flash;
  gsize size = 0;
  Stall stall;

  g_assert_no_error (error);
  gate = bw_test_gate_transport_new (simulated);
  bw_wizard_set_transport (f->wizard, BW_TRANSPORT (gate), TRUE);
  flush (100);
  screenshot (f->window, "1-board-empty");

  row = find_on_page (f, BW_WIZARD_STEP_BOARD, GTK_TYPE_LIST_BOX_ROW, "VESC 6 /");
  g_assert_nonnull (row);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  g_assert_cmpstr (bw_board_get_id (bw_wizard_get_board (f->wizard)), ==, "vesc-6");
  screenshot (f->window, "1-board");

  click (GTK_WIDGET (find_widget (f->window, GTK_TYPE_BUTTON, "_Next")));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_WIRING);
  screenshot (f->window, "2-wiring");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (f->window, "2-wiring-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  click (GTK_WIDGET (find_widget (f->window, GTK_TYPE_BUTTON, "_Next")));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  wait_not_busy (f->wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  screenshot (f->window, "3-connect");

  click (GTK_WIDGET (find_widget (f->window, GTK_TYPE_BUTTON, "_Next")));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_FILE);
  screenshot (f->window, "4-file");

  click (GTK_WIDGET (find_widget (f->window, GTK_TYPE_BUTTON, "_Next")));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_PROGRAM);
  screenshot (f->window, "5-program");

  /* the install erases nothing here (sector 11 is blank), so the button
   * is not styled as destructive */
  button = find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "Install the Bootloader");
  g_assert_nonnull (button);
  g_assert_false (bw_wizard_get_plan_erases (f->wizard));
  g_assert_false (gtk_widget_has_css_class (button, "destructive-action"));
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  bw_test_gate_transport_set_open (gate, FALSE);
  click (button);
  g_assert_true (bw_wizard_get_busy (f->wizard));
  g_assert_true (bw_window_get_inhibiting (BW_WINDOW (f->window)));
  job = BW_JOB (bw_wizard_get_program_job (f->wizard));

  /* mid-write: the worker waits at the gate while the test looks */
  hold_in_write_phase (gate, job);
  g_assert_true (bw_wizard_get_busy (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_LABEL, "Do not unplug"));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Cancel"));
  g_assert_null (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "Install the Bootloader"));
  g_assert_false (gtk_widget_is_sensitive (find_widget (f->window, GTK_TYPE_BUTTON, "_Back")));
  screenshot (f->window, "5-program-writing");
  bw_test_gate_transport_set_open (gate, TRUE);

  wait_measuring_stall (f->wizard, &stall);
  g_test_message ("longest main loop stall during the job: %" G_GINT64_FORMAT " us of main-thread CPU time "
                  "(%" G_GINT64_FORMAT " us wall) over %u iterations; the dispatch that delivered the end and "
                  "turned the page: %" G_GINT64_FORMAT " us CPU",
                  stall.longest_cpu_us, stall.longest_wall_us, stall.n_iterations, stall.finish_cpu_us);
  g_assert_cmpuint (stall.n_iterations, >, 10);
  g_assert_cmpint (stall.longest_cpu_us, <=, MAX_STALL_US);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  g_assert_false (bw_window_get_inhibiting (BW_WINDOW (f->window)));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_DONE, GTK_TYPE_BUTTON, "Save _Report"));
  screenshot (f->window, "6-done");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (f->window, "6-done-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  expected = bw_test_load_bytes (bundled);
  flash = bw_demo_peek_flash (simulated, &size);
  g_assert_cmpuint (size, ==, 1024 * 1024);
  g_assert_cmpmem (flash + 0xE0000, g_bytes_get_size (expected),
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  /* the firmware below is untouched */
  g_assert_cmpuint (flash[0], ==, 0x00);
  g_assert_cmpuint (flash[3], ==, 0x20);
}

typedef struct {
  const gchar *scenario;
  const gchar *screenshot;
  const gchar *button;    /* an action the failed line offers, or NULL */
  const gchar *text;      /* text shown on the page */
} FailureCase;

static const FailureCase failure_cases[] = {
  { "not-powered", "3-connect-not-powered", NULL, "The ESC is not powered." },
  { "swapped-wires", "3-connect-swapped-wires", "Connect _Under Reset", "does not answer on the SWD wires" },
  { "swd-taken", "3-connect-swd-taken", "_Slower Clock", "does not answer on the SWD wires" },
  { "read-protected", "3-connect-read-protected", "_Unlock (Erases Everything)", "read-protected" },
  { "wrong-hardware", "3-connect-wrong-hardware", "Choose Another _Board", "not a VESC 6" },
};

static void
test_checklist_failure (Fixture *f, gconstpointer data)
{
  const FailureCase *c = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), c->scenario, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bw_window_get_demo_scenario (BW_WINDOW (f->window)), ==, c->scenario);
  choose_board_and_go_to_check (f);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_LABEL, c->text));
  if (c->button != NULL)
    g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, c->button));
  screenshot (f->window, c->screenshot);
}

/* Connect under reset reaches a chip whose firmware took the SWD pins. */
static void
test_under_reset_action (Fixture *f, gconstpointer data)
{
  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), "swd-taken", NULL));
  choose_board_and_go_to_check (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  click (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "Connect _Under Reset"));
  g_assert_cmpuint (bw_wizard_get_connect_mode (f->wizard), ==, BW_STLINK_CONNECT_UNDER_RESET);
  wait_not_busy (f->wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_LABEL, "Connecting under reset"));
  screenshot (f->window, "3-connect-under-reset-passed");
}

/* Unlock asks first, saying that everything is erased. */
static void
test_unlock_action (Fixture *f, gconstpointer data)
{
  AdwMessageDialog *dialog;

  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), "read-protected", NULL));
  choose_board_and_go_to_check (f);
  click (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "_Unlock (Erases Everything)"));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "erase all of its flash"));
  g_assert_cmpuint (adw_message_dialog_get_response_appearance (dialog, "unlock"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  screenshot (GTK_WIDGET (dialog), "3-connect-unlock-confirm");
  answer_dialog (dialog, "unlock");
  /* running, or already done on the simulator's clock */
  g_assert_cmpuint (bw_wizard_get_unlock_state (f->wizard), !=, BW_WIZARD_JOB_IDLE);
  wait_not_busy (f->wizard);
  if (bw_wizard_get_check_state (f->wizard) != BW_WIZARD_JOB_SUCCEEDED)
    wait_not_busy (f->wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  screenshot (f->window, "3-connect-unlocked");
}

static BwTransport *
open_refused (const BwProbeInfo *info, gpointer user_data, GError **error)
{
  g_set_error (error, BW_ERROR, BW_ERROR_PROBE_PERMISSION,
               "the ST-Link at bus 1 device 4 cannot be opened (LIBUSB_ERROR_ACCESS)");
  return NULL;
}

static BwTransport *
open_simulated (const BwProbeInfo *info, gpointer user_data, GError **error)
{
  return bw_demo_new_transport (NULL, error);
}

static void
test_probe_problems (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) bw_probe_info_free);
  GtkWidget *row;

  /* no probe at all */
  bw_wizard_set_open_probe_func (f->wizard, open_refused, NULL);
  bw_wizard_set_probes (f->wizard, none);
  choose_board_and_go_to_check (f);
  g_assert_error (bw_wizard_get_check_error (f->wizard), BW_ERROR, BW_ERROR_PROBE_NOT_FOUND);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "_Look Again"));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "Try _Demo Mode"));
  screenshot (f->window, "3-connect-no-probe");

  /* a probe this user may not open */
  g_ptr_array_add (infos, bw_probe_info_new (0x0483, 0x3748, "066DFF485550755187121234"));
  bw_wizard_set_probes (f->wizard, infos);
  wait_not_busy (f->wizard);
  g_assert_error (bw_wizard_get_check_error (f->wizard), BW_ERROR, BW_ERROR_PROBE_PERMISSION);
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "C_opy Command"));
  else
    g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "_Allow Access"));
  screenshot (f->window, "3-connect-permission");

  /* two probes: the picker shows, and the check runs on the chosen one */
  g_ptr_array_add (infos, bw_probe_info_new (0x0483, 0x374B, "0670FF3633545043123456AB"));
  bw_wizard_set_open_probe_func (f->wizard, open_simulated, NULL);
  bw_wizard_set_probes (f->wizard, infos);
  wait_not_busy (f->wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  row = find_on_page (f, BW_WIZARD_STEP_CONNECT, ADW_TYPE_COMBO_ROW, "Probe");
  g_assert_nonnull (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  g_assert_cmpstr (bw_wizard_get_probe_serial (f->wizard), ==, "0670FF3633545043123456AB");
  wait_not_busy (f->wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  screenshot (f->window, "3-connect-two-probes");
}

static void
drop_file (Fixture *f, const gchar *path)
{
  GtkWidget *page = bw_window_get_page (BW_WINDOW (f->window), BW_WIZARD_STEP_FILE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (bw_file_page_get_drop_target (BW_FILE_PAGE (page)), "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  flush (50);
}

/* Recovering a bricked ESC: firmware dropped on the file page, the whole
 * chip erased after its own confirmation, both written and verified. */
static void
test_recover (Fixture *f, gconstpointer data)
{
  g_autofree gchar *firmware = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *bundled = NULL;
  g_autoptr(BwTransport) transport = NULL;
  GtkWidget *button, *mass_erase;
  AdwMessageDialog *dialog;

  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), "bricked", NULL));
  transport = g_object_ref (bw_wizard_get_transport (f->wizard));
  gtk_widget_activate (find_on_page (f, BW_WIZARD_STEP_BOARD, ADW_TYPE_ACTION_ROW, "_Recover a bricked ESC"));
  g_assert_cmpuint (bw_wizard_get_task (f->wizard), ==, BW_WIZARD_TASK_RECOVER);
  screenshot (f->window, "1-board-recover");
  choose_board_and_go_to_check (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
  screenshot (f->window, "3-connect-bricked");
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  screenshot (f->window, "4-file-recover-no-firmware");
  drop_file (f, firmware);
  g_assert_nonnull (bw_wizard_get_firmware_file (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_FILE, ADW_TYPE_ACTION_ROW, "VESC_default_fw7.00_hw60.bin"));
  mass_erase = find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_SWITCH, NULL);
  g_assert_nonnull (mass_erase);
  gtk_switch_set_active (GTK_SWITCH (mass_erase), TRUE);
  g_assert_true (bw_wizard_get_mass_erase (f->wizard));
  screenshot (f->window, "4-file-recover");
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));

  button = find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Erase and Write");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "destructive-action"));
  screenshot (f->window, "5-program-recover");
  click (button);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (bw_wizard_get_busy (f->wizard));
  screenshot (GTK_WIDGET (dialog), "5-program-mass-erase-confirm");
  answer_dialog (dialog, "erase");
  g_assert_true (bw_wizard_get_busy (f->wizard));
  wait_not_busy (f->wizard);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  screenshot (f->window, "6-done-recover");
  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  {
    g_autoptr(GBytes) bootloader = bw_test_load_bytes (bundled);
    g_autoptr(GBytes) app = bw_test_load_bytes (firmware);
    const guint8 *flash = bw_demo_peek_flash (transport, NULL);

    g_assert_cmpmem (flash + 0xE0000, g_bytes_get_size (bootloader), g_bytes_get_data (bootloader, NULL),
                     g_bytes_get_size (bootloader));
    g_assert_cmpmem (flash + 0xC000, g_bytes_get_size (app) - 0xC000,
                     (const guint8 *) g_bytes_get_data (app, NULL) + 0xC000, g_bytes_get_size (app) - 0xC000);
  }
}

/* Files that cannot be used say why; a .bin without an address asks. */
static void
test_file_refusals (Fixture *f, gconstpointer data)
{
  g_autofree gchar *junk = bw_test_file_path ("junk.bin");
  g_autofree gchar *firmware = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  GtkWidget *entry;

  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), "ready", NULL));
  choose_board_and_go_to_check (f);
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));

  drop_file (f, firmware);
  g_assert_nonnull (bw_wizard_get_image_error (f->wizard));
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_LABEL, "not a VESC bootloader"));
  screenshot (f->window, "4-file-refused");

  drop_file (f, junk);
  g_assert_error (bw_wizard_get_image_error (f->wizard), BW_ERROR, BW_ERROR_IMAGE_NO_ADDRESS);
  entry = find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "0x080E0000");
  screenshot (f->window, "4-file-needs-address");
  gtk_editable_set_text (GTK_EDITABLE (entry), "banana");
  click (find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_BUTTON, "_Use This Address"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "0x080E0000");
  click (find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_BUTTON, "_Use This Address"));
  /* placed, and then refused for what it is */
  g_assert_error (bw_wizard_get_image_error (f->wizard), BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
}

/* Pulled out mid-write: the error page says what the chip holds, and
 * Reconnect goes back to the check. */
static void
test_unplug_error (Fixture *f, gconstpointer data)
{
  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), "unplug", NULL));
  choose_board_and_go_to_check (f);
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  click (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "Install the Bootloader"));
  wait_not_busy (f->wizard);
  g_assert_error (bw_wizard_get_program_error (f->wizard), BW_ERROR, BW_ERROR_DISCONNECTED);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_LABEL, "partly written"));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Try Again"));
  screenshot (f->window, "5-program-error");
  click (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Reconnect"));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_CONNECT);
  wait_not_busy (f->wizard);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_SUCCEEDED);
}

/* Cancel asks first and says what the chip will hold. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTransport) simulated = bw_demo_new_transport_for_scenario ("ready", NULL);
  g_autoptr(BwTestGateTransport) gate = bw_test_gate_transport_new (simulated);
  AdwMessageDialog *dialog;
  BwJob *job;

  bw_wizard_set_transport (f->wizard, BW_TRANSPORT (gate), TRUE);
  choose_board_and_go_to_check (f);
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  bw_test_gate_transport_set_open (gate, FALSE);
  click (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "Install the Bootloader"));
  job = BW_JOB (bw_wizard_get_program_job (f->wizard));
  hold_in_write_phase (gate, job);
  click (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Cancel"));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Stop Writing?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "bootloader will be incomplete"));
  screenshot (GTK_WIDGET (dialog), "5-program-cancel-confirm");
  answer_dialog (dialog, "stop");
  bw_test_gate_transport_set_open (gate, TRUE);
  wait_not_busy (f->wizard);
  g_assert_cmpuint (bw_wizard_get_program_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_LABEL, "Stopped"));
  screenshot (f->window, "5-program-stopped");
}

/* Roles and names of the main controls, as screen readers get them. */
static void
test_accessibility (Fixture *f, gconstpointer data)
{
  GtkWidget *widget;

  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), "ready", NULL));
  widget = find_on_page (f, BW_WIZARD_STEP_BOARD, GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_SEARCH_BOX);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "Search boards");
  widget = find_on_page (f, BW_WIZARD_STEP_BOARD, GTK_TYPE_LIST_BOX_ROW, "VESC 6 /");
  widget = gtk_widget_get_parent (widget);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_LIST);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "Boards");
  widget = find_on_page (f, BW_WIZARD_STEP_BOARD, g_type_from_name ("BwConnectorThumbnail"), NULL);
  g_assert_nonnull (widget);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_IMG);
  widget = find_widget (f->window, GTK_TYPE_BUTTON, "_Next");
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "Next");
  widget = find_widget (f->window, GTK_TYPE_BUTTON, "_Back");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "Back");
  widget = find_widget (f->window, GTK_TYPE_MENU_BUTTON, NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");

  bw_wizard_set_board (f->wizard, bw_board_db_find_board (f->db, "vesc-6"));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  widget = find_on_page (f, BW_WIZARD_STEP_WIRING, BW_TYPE_WIRING_DIAGRAM, NULL);
  g_assert_nonnull (widget);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_IMG);
  {
    g_autofree gchar *text = bw_wiring_diagram_dup_text (BW_WIRING_DIAGRAM (widget));

    g_assert_nonnull (strstr (text, "SWDIO"));
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
  }
  widget = find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_DROP_DOWN, NULL);
  g_assert_nonnull (widget);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_LABEL, "Your probe"), NULL);

  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  wait_not_busy (f->wizard);
  widget = gtk_widget_get_parent (find_on_page (f, BW_WIZARD_STEP_CONNECT, ADW_TYPE_ACTION_ROW, "Chip identified"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "Connection checklist");
  widget = find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_IMAGE, NULL);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "passed");

  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  widget = GTK_WIDGET (find_widget (bw_window_get_page (BW_WINDOW (f->window), BW_WIZARD_STEP_PROGRAM),
                                    GTK_TYPE_BUTTON, "Install the Bootloader"));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "Install the Bootloader");
}

/* The board, probe layout, way to the ESC and backup folder come back next time. */
static void
test_settings (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.bootwire.Bootwire");
  g_autoptr(BwWizard) wizard = NULL;
  g_autofree gchar *board = NULL;
  g_autofree gchar *kind = NULL;
  GtkWidget *window;

  bw_wizard_set_board (f->wizard, bw_board_db_find_board (f->db, "vesc-4.12"));
  bw_wizard_set_probe_profile (f->wizard, bw_board_db_find_probe (f->db, "stlink-v2-clone-b"));
  bw_wizard_set_backup_dir (f->wizard, "/tmp/bootwire-test-backups");
  board = g_settings_get_string (settings, "last-board");
  g_assert_cmpstr (board, ==, "vesc-4.12");

  wizard = bw_wizard_new (f->db);
  window = GTK_WIDGET (bw_window_new (NULL, wizard));
  g_assert_cmpstr (bw_board_get_id (bw_wizard_get_board (wizard)), ==, "vesc-4.12");
  g_assert_cmpstr (bw_probe_profile_get_id (bw_wizard_get_probe_profile (wizard)), ==, "stlink-v2-clone-b");
  g_assert_cmpstr (bw_wizard_get_backup_dir (wizard), ==, "/tmp/bootwire-test-backups");
  g_assert_true (bw_wizard_get_can_go_next (wizard));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&wizard);

  /* and the way to the ESC: here the ESC's own USB port */
  bw_wizard_set_probe_kind (f->wizard, BW_WIZARD_PROBE_USB);
  kind = g_settings_get_string (settings, "last-probe-kind");
  g_assert_cmpstr (kind, ==, "usb");
  wizard = bw_wizard_new (f->db);
  window = GTK_WIDGET (bw_window_new (NULL, wizard));
  g_assert_cmpuint (bw_wizard_get_probe_kind (wizard), ==, BW_WIZARD_PROBE_USB);
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "last-board");
  g_settings_reset (settings, "last-probe-layout");
  g_settings_reset (settings, "last-probe-kind");
  g_settings_reset (settings, "backup-folder");
}

/* The report the done page saves: the job's log as text. */
static void
test_report (Fixture *f, gconstpointer data)
{
  g_autofree gchar *path = g_build_filename (f->dir, "report.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *text = NULL;

  g_assert_true (bw_window_start_demo (BW_WINDOW (f->window), "ready", NULL));
  choose_board_and_go_to_check (f);
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  bw_wizard_start_program (f->wizard);
  wait_not_busy (f->wizard);
  g_assert_true (bw_window_save_report_to (BW_WINDOW (f->window), file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Programming: succeeded"));
  g_assert_nonnull (strstr (text, "== Programming log =="));
}

/* The shortcuts window GtkApplication shows for win.show-help-overlay. */
static void
test_shortcuts (Fixture *f, gconstpointer data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/bootwire/Bootwire/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_set_transient_for (GTK_WINDOW (overlay), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (overlay));
  screenshot (overlay, "shortcuts");
  gtk_window_destroy (GTK_WINDOW (overlay));
}

#ifdef BW_TEST_HAVE_VESC_SIM
/* --- Another VESC, and this ESC over USB, against simulated VESCs --- */

/* The board page, then the wiring page with @toggle pressed; the port
 * picker lists the rig's port. */
static void
choose_vesc_kind (Fixture *f, BwTestVescRig *rig, gboolean recover, const gchar *toggle)
{
  GtkWidget *button;

  if (recover)
    gtk_widget_activate (find_on_page (f, BW_WIZARD_STEP_BOARD, ADW_TYPE_ACTION_ROW, "_Recover a bricked ESC"));
  bw_wizard_set_board (f->wizard, bw_board_db_find_board (f->db, "vesc-6"));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_WIRING);
  button = find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_TOGGLE_BUTTON, toggle);
  g_assert_nonnull (button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  flush (50);
  g_assert_cmpstr (bw_wizard_get_vesc_port (f->wizard), ==, rig->link);
  {
    GtkWidget *dropdown = find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_DROP_DOWN, NULL);
    GtkStringObject *item;

    /* the ST-Link layout picker is hidden: the first drop-down shown is the ports' */
    g_assert_nonnull (dropdown);
    item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));
    g_assert_nonnull (item);
    g_assert_cmpstr (gtk_string_object_get_string (item), ==, rig->link);
  }
}

/* The rest of a long page: its notes under the diagram. */
static void
scroll_to_end (Fixture *f, BwWizardStep step)
{
  GtkWidget *scrolled = find_on_page (f, step, GTK_TYPE_SCROLLED_WINDOW, NULL);
  GtkAdjustment *adjustment;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  flush (100);
}

static void
go_next_and_wait (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  wait_not_busy (f->wizard);
}

/* "Another VESC": a bricked ESC recovered through a working one, from
 * the wiring page to the done page; the target's flash is checked. */
static void
test_vesc_programmer_recover (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_programmer (NULL);
  g_autofree gchar *firmware = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autofree gchar *bundled = NULL;
  GtkWidget *button;
  AdwMessageDialog *dialog;
  gint64 start;

  choose_vesc_kind (f, rig, TRUE, "_Another VESC");
  g_assert_cmpuint (bw_wizard_get_probe_kind (f->wizard), ==, BW_WIZARD_PROBE_VESC);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_LABEL, "Join the two ESCs"));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_LABEL, "no reset wire"));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_LABEL, "programmer VESC's GND"));
  screenshot (f->window, "2-wiring-vesc");
  scroll_to_end (f, BW_WIZARD_STEP_WIRING);
  screenshot (f->window, "2-wiring-vesc-notes");

  go_next_and_wait (f);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, ADW_TYPE_ACTION_ROW, "Programmer VESC found"));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, ADW_TYPE_ACTION_ROW, "Other ESC powered"));
  screenshot (f->window, "3-connect-vesc");

  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  /* no firmware yet: the file page says why there is no plan */
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_LABEL, "needs the firmware too"));
  g_assert_null (find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_SWITCH, NULL));
  screenshot (f->window, "4-file-vesc-no-firmware");
  drop_file (f, firmware);
  g_assert_true (bw_wizard_get_has_plan (f->wizard));
  screenshot (f->window, "4-file-vesc");
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, ADW_TYPE_ACTION_ROW, "Erase the whole chip"));
  button = find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Erase and Write");
  g_assert_nonnull (button);
  screenshot (f->window, "5-program-vesc");
  click (button);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  answer_dialog (dialog, "erase");
  start = g_get_monotonic_time ();
  wait_not_busy (f->wizard);
  g_test_message ("recovery through the simulated VESC: %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_DONE, GTK_TYPE_LABEL, "three wires"));
  screenshot (f->window, "6-done-vesc");

  bw_sim_vesc_stop (rig->vesc);
  bw_test_vesc_rig_assert_clean (rig);
  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  {
    g_autoptr(GBytes) bootloader = bw_test_load_bytes (bundled);
    g_autoptr(GBytes) app = bw_test_load_bytes (firmware);
    gsize size = 0;
    const guint8 *flash = bw_sim_stm32f405_peek_flash (rig->target, &size);

    g_assert_cmpuint (size, ==, 1024 * 1024);
    g_assert_cmpmem (flash, g_bytes_get_size (app), g_bytes_get_data (app, NULL), g_bytes_get_size (app));
    g_assert_cmpmem (flash + 0xE0000, g_bytes_get_size (bootloader), g_bytes_get_data (bootloader, NULL),
                     g_bytes_get_size (bootloader));
    for (gsize i = g_bytes_get_size (app); i < 0xE0000; i++)
      if (flash[i] != 0xFF)
        g_error ("0x%08" G_GINT64_MODIFIER "X is 0x%02X, should be erased", (guint64) 0x08000000 + i, flash[i]);
  }
}

/* The other ESC switched off: the SWD line fails, and the page says what
 * the engine advises. */
static void
test_vesc_programmer_unpowered (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_programmer ("powered=false");

  choose_vesc_kind (f, rig, TRUE, "_Another VESC");
  go_next_and_wait (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_LABEL,
                                  bw_error_advice_get_summary (BW_ERROR_VESC_TARGET_NO_RESPONSE)));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_LABEL,
                                  bw_error_advice_get_action (BW_ERROR_VESC_TARGET_NO_RESPONSE)));
  /* an ST-Link's remedies do not apply to a VESC */
  g_assert_null (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "Connect _Under Reset"));
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  screenshot (f->window, "3-connect-vesc-unpowered");
}

/* "This ESC over USB": the bootloader sent to a running ESC; its flash
 * holds the bundled bootloader afterwards. */
static void
test_vesc_usb_install (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "60");
  g_autofree gchar *bundled = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) flash = NULL;
  GtkWidget *button;

  choose_vesc_kind (f, rig, FALSE, "This ESC over _USB");
  g_assert_cmpuint (bw_wizard_get_probe_kind (f->wizard), ==, BW_WIZARD_PROBE_USB);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_LABEL, "Do not switch the ESC off"));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_WIRING, GTK_TYPE_LABEL, "USB cable"));
  screenshot (f->window, "2-wiring-usb");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (f->window, "2-wiring-usb-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  go_next_and_wait (f);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, ADW_TYPE_ACTION_ROW, "ESC answers over USB"));
  screenshot (f->window, "3-connect-usb");
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_LABEL, "Do not switch the ESC off"));
  button = find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Install the Bootloader");
  screenshot (f->window, "5-program-usb");
  click (button);
  wait_not_busy (f->wizard);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
  screenshot (f->window, "6-done-usb");

  bundled = bw_wizard_find_bundled_bootloader (bw_wizard_get_board (f->wizard), NULL);
  expected = bw_test_load_bytes (bundled);
  flash = bw_sim_vesc_dup_flash (rig->vesc, 0x080E0000, g_bytes_get_size (expected));
  g_assert_true (g_bytes_equal (flash, expected));
  bw_sim_vesc_stop (rig->vesc);
  bw_test_vesc_rig_assert_clean (rig);
}

/* The ESC unplugged before the check: the red line says so and offers to
 * look for the port again, which finds it once it is back. */
static void
test_vesc_usb_port_gone (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "60");
  const GError *error;

  choose_vesc_kind (f, rig, FALSE, "This ESC over _USB");
  bw_sim_vesc_unplug (rig->vesc);
  go_next_and_wait (f);
  g_assert_cmpuint (bw_wizard_get_check_state (f->wizard), ==, BW_WIZARD_JOB_FAILED);
  error = bw_wizard_get_check_error (f->wizard);
  g_assert_nonnull (error);
  g_test_message ("check error: %s", error->message);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_LABEL,
                                  bw_error_advice_get_summary (error->code)));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, ADW_TYPE_ACTION_ROW, "ESC answers over USB"));
  screenshot (f->window, "3-connect-usb-unplugged");

  bw_test_vesc_rig_replug (rig);
  click (find_on_page (f, BW_WIZARD_STEP_CONNECT, GTK_TYPE_BUTTON, "_Look for the Port Again"));
  wait_not_busy (f->wizard);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_true (bw_wizard_get_can_go_next (f->wizard));
}

/* Firmware 3.58 cannot erase its bootloader: the check says so on its
 * line, and the file page refuses with what to do instead. */
static void
test_vesc_usb_firmware_too_old (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (3, 58, "60");

  choose_vesc_kind (f, rig, FALSE, "This ESC over _USB");
  go_next_and_wait (f);
  g_assert_no_error (bw_wizard_get_check_error (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_CONNECT, ADW_TYPE_ACTION_ROW, "Firmware can erase"));
  screenshot (f->window, "3-connect-usb-old-firmware");
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_false (bw_wizard_get_can_go_next (f->wizard));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_FILE, GTK_TYPE_LABEL, "Firmware 3.58 cannot erase the bootloader"));
  screenshot (f->window, "4-file-usb-old-firmware");
  bw_sim_vesc_stop (rig->vesc);
  bw_test_vesc_rig_assert_clean (rig);
}

/* The USB cable pulled mid-upload: the error with its advice and what it
 * left; plugged in again, Try Again finishes. */
static void
test_vesc_usb_unplug (Fixture *f, gconstpointer data)
{
  g_autoptr(BwTestVescRig) rig = bw_test_vesc_rig_new_usb (6, 5, "60");
  GtkWidget *button;

  choose_vesc_kind (f, rig, FALSE, "This ESC over _USB");
  go_next_and_wait (f);
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  g_assert_true (gtk_widget_activate_action (f->window, "win.next", NULL));
  bw_sim_vesc_set_unplug_after_writes (rig->vesc, 3);
  click (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Install the Bootloader"));
  wait_not_busy (f->wizard);
  g_assert_error ((GError *) bw_wizard_get_program_error (f->wizard), BW_ERROR, BW_ERROR_VESC_DISCONNECTED);
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_LABEL,
                                  bw_error_advice_get_summary (BW_ERROR_VESC_DISCONNECTED)));
  g_assert_nonnull (find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_LABEL,
                                  bw_error_advice_get_action (BW_ERROR_VESC_DISCONNECTED)));
  screenshot (f->window, "5-program-usb-unplugged");

  bw_sim_vesc_set_unplug_after_writes (rig->vesc, 0);
  bw_test_vesc_rig_replug (rig);
  button = find_on_page (f, BW_WIZARD_STEP_PROGRAM, GTK_TYPE_BUTTON, "_Try Again");
  click (button);
  wait_not_busy (f->wizard);
  g_assert_no_error (bw_wizard_get_program_error (f->wizard));
  g_assert_cmpuint (bw_wizard_get_step (f->wizard), ==, BW_WIZARD_STEP_DONE);
}
#endif

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* any GTK warning or critical fails the test (g_test_init does this
   * too; said here so it cannot get lost) */
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_FATAL_MASK);
  {
    /* what AdwApplication loads from the resource base path in the app */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/bootwire/Bootwire/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  /* screenshots of the page itself, not of the slide between pages */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/window/main/click-through", test_click_through);
  ADD ("/window/checks/under-reset-action", test_under_reset_action);
  ADD ("/window/checks/unlock-action", test_unlock_action);
  ADD ("/window/checks/probe-problems", test_probe_problems);
  ADD ("/window/files/recover", test_recover);
  ADD ("/window/files/file-refusals", test_file_refusals);
  ADD ("/window/files/unplug-error", test_unplug_error);
  ADD ("/window/files/cancel", test_cancel);
  ADD ("/window/main/accessibility", test_accessibility);
  ADD ("/window/main/settings", test_settings);
  ADD ("/window/main/report", test_report);
  ADD ("/window/main/shortcuts", test_shortcuts);
#ifdef BW_TEST_HAVE_VESC_SIM
  ADD ("/window/vesc/programmer-recover", test_vesc_programmer_recover);
  ADD ("/window/vesc/programmer-unpowered", test_vesc_programmer_unpowered);
  ADD ("/window/vesc/usb-install", test_vesc_usb_install);
  ADD ("/window/vesc/usb-unplug", test_vesc_usb_unplug);
  ADD ("/window/vesc/usb-port-gone", test_vesc_usb_port_gone);
  ADD ("/window/vesc/usb-firmware-too-old", test_vesc_usb_firmware_too_old);
#endif
  for (guint i = 0; i < G_N_ELEMENTS (failure_cases); i++)
    {
      g_autofree gchar *name = g_strdup_printf ("/window/checks/checklist-%s", failure_cases[i].scenario);

      g_test_add (name, Fixture, &failure_cases[i], fixture_set_up, test_checklist_failure, fixture_tear_down);
    }
#undef ADD
  return g_test_run ();
}

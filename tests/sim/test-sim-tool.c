/* test-sim-tool.c: the bootwire-sim command-line tool
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "bw-test-utils.h"

static gchar *tool_path;
static gchar *state_dir;

/* Runs bootwire-sim --state DIR ARGS...; returns the exit status. */
static gint
run_tool (gchar **out, const gchar *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *stdout_buf = NULL;
  gint status = -1;
  va_list ap;

  g_ptr_array_add (argv, tool_path);
  g_ptr_array_add (argv, (gpointer) "--state");
  g_ptr_array_add (argv, state_dir);
  va_start (ap, first);
  for (const gchar *a = first; a != NULL; a = va_arg (ap, const gchar *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &stdout_buf, NULL, &status, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_buf);
  if (g_spawn_check_wait_status (status, &error))
    return 0;
  g_assert_error (error, G_SPAWN_EXIT_ERROR, error->code);
  return error->code;
}

static void
test_tool (void)
{
  g_autofree gchar *tmp = bw_test_make_tmpdir ();
  g_autofree gchar *bin = g_build_filename (tmp, "x.bin", NULL);
  g_autofree gchar *other = g_build_filename (tmp, "y.bin", NULL);
  g_autofree gchar *hex = g_build_filename (tmp, "dump.hex", NULL);
  g_autofree gchar *out = NULL;
  g_autofree gchar *out2 = NULL;
  g_autofree gchar *scen = NULL;
  g_autofree gchar *scen_path = NULL;
  g_autofree gchar *flash = NULL;
  g_autofree gchar *flash_path = NULL;
  guint8 data[777];
  gsize len = 0;

  state_dir = g_build_filename (tmp, "state", NULL);
  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 13);
  g_assert_true (g_file_set_contents (bin, (const gchar *) data, sizeof data, NULL));
  data[5] ^= 1;
  g_assert_true (g_file_set_contents (other, (const gchar *) data, sizeof data, NULL));

  g_assert_cmpint (run_tool (&out, "init", "target.wrp-sectors=3", "faults.bit-flip-address=0x08000000", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "export BOOTWIRE_SIM_STATE="));
  scen_path = g_build_filename (state_dir, "scenario.ini", NULL);
  g_assert_true (g_file_get_contents (scen_path, &scen, NULL, NULL));
  g_assert_nonnull (strstr (scen, "wrp-sectors=3"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_tool (&out, "show", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "dev-id 0x413, flash 1024 KiB"));
  g_assert_nonnull (strstr (out, "RDP 0xaa (level 0)"));
  g_assert_nonnull (strstr (out, "write-protected sectors: 3\n"));

  g_assert_cmpint (run_tool (NULL, "load", bin, "-a", "0x08004000", NULL), ==, 0);
  flash_path = g_build_filename (state_dir, "flash.bin", NULL);
  g_assert_true (g_file_get_contents (flash_path, &flash, &len, NULL));
  g_assert_cmpuint (len, ==, 1024 * 1024);
  g_assert_cmpuint ((guint8) flash[0x4000 + 5], ==, (guint8) (5 * 13));
  g_assert_cmpint (run_tool (NULL, "verify", bin, "-a", "0x08004000", NULL), ==, 0);
  g_assert_cmpint (run_tool (NULL, "verify", other, "-a", "0x08004000", NULL), ==, 1);
  g_assert_cmpint (run_tool (NULL, "verify", bin, NULL), ==, 1);
  g_assert_cmpint (run_tool (NULL, "dump", hex, "-a", "0x08004000", "-n", "777", NULL), ==, 0);
  g_assert_cmpint (run_tool (NULL, "erase", NULL), ==, 0);
  g_assert_cmpint (run_tool (NULL, "verify", hex, NULL), ==, 1);
  g_assert_cmpint (run_tool (NULL, "load", hex, NULL), ==, 0);
  g_assert_cmpint (run_tool (NULL, "verify", bin, "-a", "0x08004000", NULL), ==, 0);
  /* errors */
  g_assert_cmpint (run_tool (NULL, "set", "target.voltage=lots", NULL), ==, 1);
  g_assert_cmpint (run_tool (NULL, "load", bin, "-a", "0x080FFF00", NULL), ==, 1);
  g_assert_cmpint (run_tool (NULL, "frobnicate", NULL), ==, 1);
  g_assert_cmpint (run_tool (NULL, "set", "target.powered=false", NULL), ==, 0);
  g_clear_pointer (&scen, g_free);
  g_assert_true (g_file_get_contents (scen_path, &scen, NULL, NULL));
  g_assert_nonnull (strstr (scen, "powered=false"));
  g_assert_cmpint (run_tool (&out2, "time", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "");
  bw_test_rm_rf (tmp);
  g_clear_pointer (&state_dir, g_free);
}

int
main (int argc, char **argv)
{
  const gchar *builddir;
  int ret;

  g_test_init (&argc, &argv, NULL);
  builddir = g_getenv ("G_TEST_BUILDDIR");
  tool_path = g_build_filename (builddir != NULL ? builddir : ".", "..", "src", "sim", "bootwire-sim", NULL);
  g_test_add_func ("/sim/tool/commands", test_tool);
  ret = g_test_run ();
  g_free (tool_path);
  return ret;
}

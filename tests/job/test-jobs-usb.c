/* test-jobs-usb.c: jobs through the real libusb code path, checked by a
 * tool no one here wrote
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Meson runs this program with the simulator's stand-in libusb-1.0 first on
 * LD_LIBRARY_PATH (see tests/probe/meson.build). Each case runs its job in
 * a subprocess, because the stand-in builds its simulated world once per
 * process from BOOTWIRE_SIM_SCENARIO and BOOTWIRE_SIM_STATE; the parent
 * then reads the chip back with Debian's unmodified st-flash on the same
 * state directory.
 */
#include "config.h"

#include <libusb.h>
#include <string.h>

#include "bootwire-engine.h"
#include "bw-test-utils.h"

#define FW "VESC_default_fw7.00_hw60.bin"
#define BL "vesc_bootloader_hw60-family.bin"

static gchar *tmpdir;

static void
prepare_world (const gchar *extra)
{
  g_autofree gchar *fw = bw_test_real_path (FW);
  g_autofree gchar *scenario_path = g_build_filename (tmpdir, "scenario.ini", NULL);
  g_autofree gchar *state_path = g_build_filename (tmpdir, "state", NULL);
  g_autofree gchar *text = g_strdup_printf ("[target]\nflash=%s\n%s", fw, extra);

  bw_test_rm_rf (state_path);
  g_assert_true (g_file_set_contents (scenario_path, text, -1, NULL));
  g_setenv ("BOOTWIRE_SIM_SCENARIO", scenario_path, TRUE);
  g_setenv ("BOOTWIRE_SIM_STATE", state_path, TRUE);
}

static BwTransport *
open_probe (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) probes = NULL;
  BwUsbTransport *transport;

  /* never pass against whatever real libusb and probe this machine has */
  g_assert_cmpstr (libusb_get_version ()->describe, ==, "bootwire-sim");
  probes = bw_probe_enumerate (0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (probes->len, ==, 1);
  transport = bw_usb_transport_new_for_info (g_ptr_array_index (probes, 0), &error);
  g_assert_no_error (error);
  return BW_TRANSPORT (transport);
}

static BwImage *
load_image (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);

  g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, NULL));
  return g_object_ref (bw_image_file_get_image (file));
}

/* In the child: the wizard's path, check then install. */
static void
install_bootloader (void)
{
  g_autoptr(BwTransport) transport = open_probe ();
  g_autoptr(BwImage) image = load_image (BL);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  g_autoptr(BwCheckJob) check = bw_check_job_new (transport);
  g_autoptr(BwPlan) plan = NULL;
  g_autoptr(BwProgramJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *hardware = NULL;
  BwPlanOptions options = { .flags = BW_PLAN_FLAG_NO_BACKUP, .chip_id = 0x413 };

  bw_check_job_set_expected_chip (check, 0x413);
  bw_check_job_set_sectors_to_test (check, 1u << 11);
  g_assert_true (bw_job_run_sync (BW_JOB (check), NULL, &error));
  g_assert_no_error (error);
  hardware = bw_check_job_dup_hardware_name (check);
  g_assert_cmpstr (hardware, ==, "60");
  g_assert_false (bw_check_job_get_has_bootloader (check));
  options.blank_sectors = bw_check_job_get_blank_sectors (check);
  options.board_hardware = hardware;
  g_assert_cmphex (options.blank_sectors, ==, 1u << 11);

  plan = bw_plan_new (image, map, &options, &error);
  g_assert_no_error (error);
  job = bw_program_job_new (transport, plan, NULL);
  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
}

static void
read_protected (void)
{
  g_autoptr(BwTransport) transport = open_probe ();
  g_autoptr(BwImage) image = load_image (BL);
  g_autoptr(BwFlashMap) map = bw_flash_map_new_stm32f4 (1024);
  BwPlanOptions options = { .flags = BW_PLAN_FLAG_NO_BACKUP, .chip_id = 0x413 };
  g_autoptr(BwPlan) plan = bw_plan_new (image, map, &options, NULL);
  g_autoptr(BwProgramJob) job = bw_program_job_new (transport, plan, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_READ_PROTECTED);
}

/* Reads 1 MB with Debian's st-flash through the stand-in. */
static GBytes *
st_flash_read (void)
{
  g_autofree gchar *out = g_build_filename (tmpdir, "st-flash-read.bin", NULL);
  g_autofree gchar *lib = g_build_filename (g_getenv ("BW_SIM_LIBUSB_DIR"), "libusb-1.0.so.0", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  /* st-flash is not built with ASan: the stand-in may be preloaded */
  g_subprocess_launcher_unsetenv (launcher, "ASAN_OPTIONS");
  g_subprocess_launcher_unsetenv (launcher, "LSAN_OPTIONS");
  g_subprocess_launcher_setenv (launcher, "LD_LIBRARY_PATH", g_getenv ("BW_SIM_LIBUSB_DIR"), TRUE);
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", lib, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/st-flash", "read", out, "0x08000000",
                                         "0x100000", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  return bw_test_load_bytes (out);
}

static void
test_install_bootloader (void)
{
  g_autoptr(GBytes) chip = NULL;
  g_autoptr(GBytes) firmware = NULL;
  g_autoptr(GBytes) bootloader = NULL;
  g_autofree gchar *fw_path = bw_test_real_path (FW);
  g_autofree gchar *bl_path = bw_test_real_path (BL);
  const guint8 *bytes;

  if (g_test_subprocess ())
    {
      install_bootloader ();
      return;
    }
  prepare_world ("");
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  chip = st_flash_read ();
  firmware = bw_test_load_bytes (fw_path);
  bootloader = bw_test_load_bytes (bl_path);
  bytes = g_bytes_get_data (chip, NULL);
  g_assert_cmpuint (g_bytes_get_size (chip), ==, 1024 * 1024);
  g_assert_cmpmem (bytes, g_bytes_get_size (firmware), g_bytes_get_data (firmware, NULL),
                   g_bytes_get_size (firmware));
  g_assert_cmpmem (bytes + 0xE0000, g_bytes_get_size (bootloader), g_bytes_get_data (bootloader, NULL),
                   g_bytes_get_size (bootloader));
  for (gsize i = 0xE0000 + g_bytes_get_size (bootloader); i < 1024 * 1024; i++)
    g_assert_cmphex (bytes[i], ==, 0xFF);
}

static void
test_read_protected (void)
{
  if (g_test_subprocess ())
    {
      read_protected ();
      return;
    }
  prepare_world ("rdp=1\n");
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_strdup (g_getenv ("BW_JOBS_USB_DIR"));
  if (tmpdir == NULL)
    {
      tmpdir = bw_test_make_tmpdir ();
      g_setenv ("BW_JOBS_USB_DIR", tmpdir, TRUE);
    }
  g_test_add_func ("/jobs-usb/install-bootloader", test_install_bootloader);
  g_test_add_func ("/jobs-usb/read-protected", test_read_protected);
  status = g_test_run ();
  if (!g_test_subprocess ())
    bw_test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}

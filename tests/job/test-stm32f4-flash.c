/* test-stm32f4-flash.c: the flash driver against the simulated controller
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-test-sim-rig.h"

typedef struct {
  SimRig         *rig;
  BwStlink       *stlink;
  BwTarget       *target;
  BwStm32f4Flash *flash;
} Fixture;

static void
fixture_set_up (Fixture *f, const gchar *scenario)
{
  g_autoptr(GError) error = NULL;

  f->rig = sim_rig_new (scenario);
  f->stlink = bw_stlink_new (BW_TRANSPORT (f->rig->transport));
  g_assert_true (bw_stlink_open (f->stlink, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_connect (f->stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_no_error (error);
  f->target = bw_target_new (f->stlink);
  g_assert_true (bw_target_identify (f->target, &error));
  g_assert_no_error (error);
  f->flash = bw_stm32f4_flash_new (f->target, bw_target_get_flash_map (f->target));
  bw_stm32f4_flash_set_psize (f->flash, BW_FLASH_PSIZE_X32);
}

static void
fixture_tear_down (Fixture *f)
{
  g_object_unref (f->flash);
  g_object_unref (f->target);
  g_object_unref (f->stlink);
  sim_rig_free (f->rig);
}

static void
test_identify (void)
{
  Fixture f;

  fixture_set_up (&f, "");
  g_assert_cmphex (bw_target_get_dev_id (f.target), ==, 0x413);
  g_assert_cmpuint (bw_target_get_flash_kb (f.target), ==, 1024);
  g_assert_cmpuint (strlen (bw_target_get_unique_id (f.target)), ==, 24);
  fixture_tear_down (&f);
}

static void
test_erase_program_read (void)
{
  g_autoptr(GError) error = NULL;
  guint8 data[256];
  guint8 back[256];
  gboolean blank = FALSE;
  gsize size = 0;
  const guint8 *flash;
  Fixture f;
  gint64 before;

  fixture_set_up (&f, "");
  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 13 + 1);
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  g_assert_true (bw_stm32f4_flash_program (f.flash, 0x080E0000, data, sizeof data, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stm32f4_flash_read (f.flash, 0x080E0000, back, sizeof back, NULL, NULL, &error));
  g_assert_cmpmem (back, sizeof back, data, sizeof data);
  flash = sim_rig_flash (f.rig, &size);
  g_assert_cmpmem (flash + 0xE0000, sizeof data, data, sizeof data);

  g_assert_true (bw_stm32f4_flash_sector_is_blank (f.flash, 11, &blank, &error));
  g_assert_false (blank);
  before = bw_target_now_us (f.target);
  g_assert_true (bw_stm32f4_flash_erase_sector (f.flash, 11, &error));
  g_assert_no_error (error);
  /* a 128 KB sector takes 1 s at x32 on the virtual clock */
  g_assert_cmpint (bw_target_now_us (f.target) - before, >=, 1000000);
  g_assert_true (bw_stm32f4_flash_sector_is_blank (f.flash, 11, &blank, &error));
  g_assert_true (blank);
  g_assert_true (bw_stm32f4_flash_lock (f.flash, &error));
  fixture_tear_down (&f);
}

static void
test_programming_only_clears_bits (void)
{
  g_autoptr(GError) error = NULL;
  static const guint8 first[4] = { 0xF0, 0xF0, 0xF0, 0xF0 };
  static const guint8 second[4] = { 0x0F, 0x0F, 0xFF, 0xFF };
  guint8 back[4];
  Fixture f;

  fixture_set_up (&f, "");
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  g_assert_true (bw_stm32f4_flash_program (f.flash, 0x08000000, first, 4, NULL, NULL, &error));
  g_assert_true (bw_stm32f4_flash_program (f.flash, 0x08000000, second, 4, NULL, NULL, &error));
  g_assert_true (bw_stm32f4_flash_read (f.flash, 0x08000000, back, 4, NULL, NULL, &error));
  g_assert_cmphex (back[0], ==, 0x00);
  g_assert_cmphex (back[2], ==, 0xF0);
  fixture_tear_down (&f);
}

static void
test_write_protected_sector (void)
{
  g_autoptr(GError) error = NULL;
  guint16 wrp = 0;
  guint8 rdp = 0;
  Fixture f;

  fixture_set_up (&f, "[target]\nwrp-sectors=11\n");
  g_assert_true (bw_stm32f4_flash_read_protection (f.flash, &rdp, &wrp, &error));
  g_assert_cmphex (rdp, ==, 0xAA);
  g_assert_cmphex (wrp, ==, 1u << 11);
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  g_assert_false (bw_stm32f4_flash_erase_sector (f.flash, 11, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_WRITE_PROTECTED);
  g_assert_nonnull (strstr (error->message, "erasing sector 11"));
  g_clear_error (&error);
  /* the controller is usable again afterwards */
  g_assert_true (bw_stm32f4_flash_erase_sector (f.flash, 10, &error));
  g_assert_no_error (error);
  fixture_tear_down (&f);
}

static void
test_program_size_rules (void)
{
  g_autoptr(GError) error = NULL;
  static const guint8 data[4] = { 1, 2, 3, 4 };
  Fixture f;

  fixture_set_up (&f, "");
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  g_assert_false (bw_stm32f4_flash_program (f.flash, 0x08000002, data, 4, NULL, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (bw_stm32f4_flash_program (f.flash, 0x20000000, data, 4, NULL, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_OUT_OF_RANGE);
  g_clear_error (&error);
  /* x8 on a 2.0 V supply: byte writes */
  bw_stm32f4_flash_set_psize (f.flash, bw_stm32f4_flash_psize_for_voltage (2.0));
  g_assert_true (bw_stm32f4_flash_program (f.flash, 0x08000001, data, 3, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture_tear_down (&f);
}

static void
test_remove_read_protection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autofree gchar *firmware = bw_test_real_path ("vesc_bootloader_generic.bin");
  g_autofree gchar *scenario = NULL;
  guint8 rdp = 0;
  guint8 word[4];
  gsize size = 0;
  const guint8 *flash;
  SimRig *probe_rig;
  Fixture f;

  scenario = g_strdup_printf ("[target]\nflash=%s\nrdp=1\n", firmware);
  fixture_set_up (&f, scenario);
  probe_rig = f.rig;
  g_assert_true (bw_stm32f4_flash_read_protection (f.flash, &rdp, NULL, &error));
  g_assert_cmphex (rdp, !=, 0xAA);
  g_assert_false (bw_stm32f4_flash_read (f.flash, 0x08000000, word, 4, NULL, NULL, &read_error));
  g_assert_nonnull (read_error);
  g_assert_true (bw_stm32f4_flash_remove_read_protection (f.flash, &error));
  g_assert_no_error (error);
  /* the regression to level 0 erased everything */
  flash = sim_rig_flash (probe_rig, &size);
  for (gsize i = 0; i < size; i += 4096)
    g_assert_cmphex (flash[i], ==, 0xFF);
  fixture_tear_down (&f);
}

static void
test_ram_loader (void)
{
  g_autoptr(GError) error = NULL;
  gsize n = 100 * 1024 + 3;
  g_autofree guint8 *data = g_malloc (n);
  g_autofree guint8 *back = g_malloc (n + 1);
  guint32 seed = 12345;
  gsize size = 0;
  const guint8 *flash;
  gint64 start;
  Fixture f;

  for (gsize i = 0; i < n; i++)
    {
      seed = seed * 1103515245u + 12345u;
      data[i] = (guint8) (seed >> 16);
    }
  fixture_set_up (&f, "");
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  start = bw_target_now_us (f.target);
  g_assert_true (bw_stm32f4_flash_program_fast (f.flash, 0x08020000, data, n, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("100 KB through the RAM loader: %.3f s simulated",
                  (bw_target_now_us (f.target) - start) / 1e6);
  g_assert_true (bw_stm32f4_flash_read (f.flash, 0x08020000, back, n + 1, NULL, NULL, &error));
  g_assert_cmpmem (back, n, data, n);
  /* the padding of the last word left the flash erased */
  g_assert_cmphex (back[n], ==, 0xFF);
  flash = sim_rig_flash (f.rig, &size);
  g_assert_cmpmem (flash + 0x20000, n, data, n);
  g_assert_cmphex (flash[0x1FFFF], ==, 0xFF);
  fixture_tear_down (&f);
}

typedef struct {
  BwTarget *target;
  GArray   *clock_us;
  GArray   *fraction;
} ProgressTrace;

static void
on_progress_changed (BwProgress *progress, gpointer user_data)
{
  ProgressTrace *trace = user_data;
  gint64 now = bw_target_now_us (trace->target);
  gdouble fraction = bw_progress_get_fraction (progress);

  g_array_append_val (trace->clock_us, now);
  g_array_append_val (trace->fraction, fraction);
}

/* Every change of the bar while the loader writes, not a sample of them:
 * the fraction stays near the share of the simulated time spent, while
 * the loader starts and while the last buffer is programmed too. */
static void
test_ram_loader_progress_follows_the_clock (gconstpointer data)
{
  gsize n = GPOINTER_TO_SIZE (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwProgress) progress = bw_progress_new ();
  g_autofree guint8 *bytes = g_malloc (n);
  ProgressTrace trace;
  gint64 start;
  gint64 end;
  guint64 bytes_done = 0;
  guint64 bytes_total = 0;
  gdouble worst = 0.0;
  Fixture f;

  for (gsize i = 0; i < n; i++)
    bytes[i] = (guint8) (i * 7 + (i >> 8));
  fixture_set_up (&f, "");
  /* the clock the jobs use, and the one the estimate is for */
  g_assert_true (bw_stlink_set_swd_frequency (f.stlink, 4000, NULL, &error));
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  trace.target = f.target;
  trace.clock_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  trace.fraction = g_array_new (FALSE, FALSE, sizeof (gdouble));
  bw_progress_set_changed_func (progress, on_progress_changed, &trace);
  start = bw_target_now_us (f.target);
  g_assert_true (bw_stm32f4_flash_program_fast (f.flash, 0x08020000, bytes, n, progress, NULL, &error));
  g_assert_no_error (error);
  end = bw_target_now_us (f.target);

  g_assert_cmpfloat (bw_progress_get_fraction (progress), ==, 1.0);
  bw_progress_get_bytes (progress, &bytes_done, &bytes_total);
  g_assert_cmpuint (bytes_done, ==, n);
  g_assert_cmpuint (bytes_total, ==, n);
  g_assert_cmpuint (trace.clock_us->len, >=, 4);
  for (guint i = 0; i < trace.clock_us->len; i++)
    {
      gdouble share = (gdouble) (g_array_index (trace.clock_us, gint64, i) - start) / (gdouble) (end - start);
      gdouble fraction = g_array_index (trace.fraction, gdouble, i);

      if (i > 0)
        g_assert_cmpfloat (fraction, >=, g_array_index (trace.fraction, gdouble, i - 1));
      worst = MAX (worst, ABS (fraction - share));
      if (ABS (fraction - share) > 0.08)
        g_error ("%zu bytes: at %.1f ms of %.1f ms the bar says %.3f, but %.3f of the time has passed", n,
                 (g_array_index (trace.clock_us, gint64, i) - start) / 1e3, (end - start) / 1e3, fraction, share);
    }
  g_test_message ("%zu bytes: %u changes over %.1f ms simulated (estimated %.1f ms), worst |fraction - time share| "
                  "%.3f", n, trace.clock_us->len, (end - start) / 1e3, bw_stm32f4_flash_estimate_program_us (n) / 1e3,
                  worst);
  /* the estimate the program job weighs its write steps with */
  g_assert_cmpfloat (ABS ((gdouble) bw_stm32f4_flash_estimate_program_us (n) - (gdouble) (end - start)), <=,
                     0.08 * (gdouble) (end - start));
  g_array_unref (trace.clock_us);
  g_array_unref (trace.fraction);
  fixture_tear_down (&f);
}

static void
test_ram_loader_reports_controller_errors (void)
{
  g_autoptr(GError) error = NULL;
  guint8 data[64];
  Fixture f;

  memset (data, 0x42, sizeof data);
  fixture_set_up (&f, "[target]\nwrp-sectors=6\n");
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  g_assert_false (bw_stm32f4_flash_program_fast (f.flash, 0x08040000, data, sizeof data, NULL, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_WRITE_PROTECTED);
  g_assert_nonnull (strstr (error->message, "0x08040000"));
  g_clear_error (&error);
  /* the core and the controller are ready for more */
  g_assert_true (bw_stm32f4_flash_program_fast (f.flash, 0x08020000, data, sizeof data, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture_tear_down (&f);
}

/* A read of a mostly erased range: the core maps the erased 1 KB blocks,
 * they are not read over SWD, and the bytes are still exact, including
 * lone programmed bytes at the edges of blocks and of 4 KB read chunks. A
 * change to the flash makes the map stale. */
static void
test_read_skips_erased_blocks (void)
{
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *path = g_build_filename (dir, "sparse.bin", NULL);
  g_autofree gchar *scenario = NULL;
  g_autofree guint8 *image = g_malloc (128 * 1024);
  g_autofree guint8 *back = g_malloc (128 * 1024);
  static const guint32 lone[] = { 0x0000, 0x03FF, 0x0400, 0x0FFF, 0x1000, 0x7C01, 0x1FFFF };
  static const guint8 later[4] = { 0x12, 0x34, 0x56, 0x78 };
  g_autoptr(GError) error = NULL;
  guint64 read_before;
  guint64 transfers_sparse;
  guint64 transfers_dense;
  Fixture f;

  memset (image, 0xFF, 128 * 1024);
  for (guint i = 0; i < G_N_ELEMENTS (lone); i++)
    image[lone[i]] = (guint8) (0xA0 + i);
  memset (image + 0x10000, 0x5A, 0x2400); /* a run across a chunk boundary */
  g_assert_true (g_file_set_contents (path, (const gchar *) image, 128 * 1024, NULL));
  scenario = g_strdup_printf ("[target]\nflash=%s\n", path);
  fixture_set_up (&f, scenario);

  /* 128 blocks: 7 lone bytes in 6 blocks, 9 blocks of the run */
  g_assert_cmpuint (bw_stm32f4_flash_count_erased (f.flash, 0x08000000, 128 * 1024), ==, (128 - 6 - 9) * 1024);
  read_before = bw_sim_transport_get_n_transfers (f.rig->transport);
  g_assert_true (bw_stm32f4_flash_read (f.flash, 0x08000000, back, 128 * 1024, NULL, NULL, &error));
  g_assert_no_error (error);
  transfers_sparse = bw_sim_transport_get_n_transfers (f.rig->transport) - read_before;
  g_assert_cmpmem (back, 128 * 1024, image, 128 * 1024);

  /* programming forgets the map: the new bytes in an erased block are read */
  g_assert_true (bw_stm32f4_flash_unlock (f.flash, &error));
  g_assert_true (bw_stm32f4_flash_program (f.flash, 0x08008000, later, sizeof later, NULL, NULL, &error));
  g_assert_no_error (error);
  memcpy (image + 0x8000, later, sizeof later);
  g_assert_true (bw_stm32f4_flash_read (f.flash, 0x08000000, back, 128 * 1024, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (back, 128 * 1024, image, 128 * 1024);

  /* a small read is not mapped and reads every byte */
  read_before = bw_sim_transport_get_n_transfers (f.rig->transport);
  g_assert_true (bw_stm32f4_flash_read (f.flash, 0x08004000, back, 8 * 1024, NULL, NULL, &error));
  transfers_dense = bw_sim_transport_get_n_transfers (f.rig->transport) - read_before;
  g_assert_cmpmem (back, 8 * 1024, image + 0x4000, 8 * 1024);
  g_test_message ("128 KB, 15 blocks programmed: %" G_GUINT64_FORMAT " transfers; 8 KB erased, unmapped: %"
                  G_GUINT64_FORMAT, transfers_sparse, transfers_dense);
  /* reading it all: 4 transfers (command, data, status command, status) per 4 KB */
  g_assert_cmpuint (transfers_sparse, <, 128 / 4 * 4);
  g_assert_cmpuint (transfers_dense, ==, 8 / 4 * 4);
  fixture_tear_down (&f);
  bw_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stm32f4-flash/identify", test_identify);
  g_test_add_func ("/stm32f4-flash/erase-program-read", test_erase_program_read);
  g_test_add_func ("/stm32f4-flash/programming-only-clears-bits", test_programming_only_clears_bits);
  g_test_add_func ("/stm32f4-flash/write-protected-sector", test_write_protected_sector);
  g_test_add_func ("/stm32f4-flash/program-size-rules", test_program_size_rules);
  g_test_add_func ("/stm32f4-flash/remove-read-protection", test_remove_read_protection);
  g_test_add_func ("/stm32f4-flash/ram-loader", test_ram_loader);
  g_test_add_data_func ("/stm32f4-flash/ram-loader-progress/bootloader", GSIZE_TO_POINTER (5776),
                        test_ram_loader_progress_follows_the_clock);
  g_test_add_data_func ("/stm32f4-flash/ram-loader-progress/16k", GSIZE_TO_POINTER (16384),
                        test_ram_loader_progress_follows_the_clock);
  g_test_add_data_func ("/stm32f4-flash/ram-loader-progress/odd-size", GSIZE_TO_POINTER (40001),
                        test_ram_loader_progress_follows_the_clock);
  g_test_add_data_func ("/stm32f4-flash/ram-loader-progress/firmware", GSIZE_TO_POINTER (507896),
                        test_ram_loader_progress_follows_the_clock);
  g_test_add_func ("/stm32f4-flash/ram-loader-reports-controller-errors", test_ram_loader_reports_controller_errors);
  g_test_add_func ("/stm32f4-flash/read-skips-erased-blocks", test_read_skips_erased_blocks);
  return g_test_run ();
}

/* test-vesc-usb.c: the serial transport and the bootloader upload over USB
 * to a simulated VESC that runs its firmware
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bootwire-engine.h"
#include "bw-sim-vesc.h"
#include "bw-sim-vesc-packet.h"
#include "bw-test-utils.h"

#define SECTOR_11 0x080E0000u
#define SECTOR_SIZE (128u * 1024u)
#define HW60_NAME "60_o_75_300_o_HD60_o_UAVC_OMEGA_o_75_300_R2_o_60_MK3_o_100_250_o_75_300_R3_o_60_MK4_o_60_MK5_o_HD75.bin"

static GBytes *
load_real (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);

  return bw_test_load_bytes (path);
}

static void
assert_no_violations (BwSimVesc *vesc)
{
  g_auto(GStrv) violations = bw_sim_vesc_get_violations (vesc);

  for (guint i = 0; violations[i] != NULL; i++)
    g_test_message ("violation: %s", violations[i]);
  g_assert_cmpuint (g_strv_length (violations), ==, 0);
}

/* Sector 11 holds @image and 0xFF after it. */
static void
assert_bootloader_sector (BwSimVesc *vesc, GBytes *image)
{
  g_autoptr(GBytes) sector = bw_sim_vesc_dup_flash (vesc, SECTOR_11, SECTOR_SIZE);
  const guint8 *data = g_bytes_get_data (sector, NULL);
  gsize len = g_bytes_get_size (image);

  g_assert_cmpmem (data, len, g_bytes_get_data (image, NULL), len);
  for (gsize i = len; i < SECTOR_SIZE; i++)
    if (data[i] != 0xFF)
      g_error ("0x%08" G_GINT64_MODIFIER "X is 0x%02X after the bootloader", (guint64) SECTOR_11 + i, data[i]);
}

/* A running ESC: some firmware at 0x08000000 and a damaged old bootloader. */
static BwSimVesc *
running_vesc (guint major, guint minor, const gchar *hw, gboolean old_bootloader)
{
  BwSimVesc *vesc = bw_sim_vesc_new (major, minor, hw);
  g_autoptr(GError) error = NULL;
  guint8 firmware[4096];

  for (guint i = 0; i < sizeof firmware; i++)
    firmware[i] = (guint8) (i * 13);
  bw_sim_vesc_load_flash (vesc, 0x08000000u, firmware, sizeof firmware);
  if (old_bootloader)
    {
      g_autoptr(GBytes) legacy = load_real ("vesc_bootloader_generic_legacy_2019.bin");

      bw_sim_vesc_load_flash (vesc, SECTOR_11, g_bytes_get_data (legacy, NULL), g_bytes_get_size (legacy) / 2);
    }
  g_assert_true (bw_sim_vesc_plug (vesc, &error));
  g_assert_no_error (error);
  return vesc;
}

static void
assert_firmware_untouched (BwSimVesc *vesc)
{
  g_autoptr(GBytes) flash = bw_sim_vesc_dup_flash (vesc, 0x08000000u, 0xE0000);
  const guint8 *data = g_bytes_get_data (flash, NULL);

  for (guint i = 0; i < 4096; i++)
    g_assert_cmpuint (data[i], ==, (guint8) (i * 13));
  for (guint i = 4096; i < 0xE0000; i++)
    if (data[i] != 0xFF)
      g_error ("0x%08X changed to 0x%02X", 0x08000000u + i, data[i]);
}

static void
test_fw_version_over_pty (void)
{
  g_autoptr(BwSimVesc) vesc = running_vesc (6, 5, "410", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwVescClient) client = bw_vesc_client_open (bw_sim_vesc_get_port (vesc), &error);
  g_autoptr(BwVescFwInfo) info = NULL;

  g_assert_no_error (error);
  info = bw_vesc_client_get_fw_info (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->major, ==, 6);
  g_assert_cmpuint (info->minor, ==, 5);
  g_assert_cmpstr (info->hw_name, ==, "410");
  g_assert_true (info->has_uuid);
  g_assert_cmpstr (info->fw_name, ==, "bootwire-sim");
  g_assert_cmpuint (bw_sim_vesc_get_packets (vesc), ==, 1);

  /* a second client on the same port is refused */
  {
    g_autoptr(BwVescClient) second = bw_vesc_client_open (bw_sim_vesc_get_port (vesc), &error);

    g_assert_null (second);
    g_assert_error (error, BW_ERROR, BW_ERROR_VESC_PERMISSION);
  }
}

/* The staging commands of a firmware update: erase what the size needs,
 * write, jump; the port goes away with the jump. */
static void
test_update_area_commands (void)
{
  g_autoptr(BwSimVesc) vesc = running_vesc (6, 5, "410", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwVescClient) client = bw_vesc_client_open (bw_sim_vesc_get_port (vesc), &error);
  g_autoptr(GBytes) staged = NULL;
  guint8 junk[384];
  guint8 chunk[100];

  g_assert_no_error (error);
  memset (junk, 0x12, sizeof junk);
  bw_sim_vesc_load_flash (vesc, 0x080A0000u, junk, sizeof junk);  /* sector 9 */
  bw_sim_vesc_load_flash (vesc, 0x080C0000u, junk, sizeof junk);  /* sector 10 */
  /* 200 KiB needs sectors 8 and 9, not 10 */
  g_assert_true (bw_vesc_client_erase_new_app (client, 200 * 1024, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < sizeof chunk; i++)
    chunk[i] = (guint8) i;
  g_assert_true (bw_vesc_client_write_new_app_data (client, 0x20000, chunk, sizeof chunk, NULL, &error));
  g_assert_no_error (error);
  /* past the end of flash: the ESC says no */
  g_assert_false (bw_vesc_client_write_new_app_data (client, 0x80000 - 10, chunk, sizeof chunk, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_PROGRAM_FAILED);
  g_clear_error (&error);
  staged = bw_sim_vesc_dup_flash (vesc, 0x080A0000u, sizeof chunk);
  g_assert_cmpmem (g_bytes_get_data (staged, NULL), sizeof chunk, chunk, sizeof chunk);
  g_bytes_unref (staged);
  staged = bw_sim_vesc_dup_flash (vesc, 0x080C0000u, sizeof junk);
  g_assert_cmpmem (g_bytes_get_data (staged, NULL), sizeof junk, junk, sizeof junk);

  g_assert_true (bw_vesc_client_jump_to_bootloader (client, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (bw_vesc_client_get_fw_info (client, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED);
}

static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = bw_test_make_tmpdir ();
  g_autofree gchar *file = g_build_filename (dir, "not-a-tty", NULL);

  g_assert_null (bw_vesc_client_open ("/dev/ttyACM-bootwire-none", &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_null (bw_vesc_client_open (file, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not a serial port"));
  bw_test_rm_rf (dir);
}

/* The bundled bootloader for the hardware the ESC reports, over an old
 * damaged one, erased first: the whole sector ends up exactly the image. */
static void
test_bootloader_upload (void)
{
  g_autoptr(BwSimVesc) vesc = running_vesc (6, 5, "60_MK5", TRUE);
  g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (bw_sim_vesc_get_port (vesc));
  g_autoptr(GBytes) expected = load_real ("vesc_bootloader_hw60-family.bin");
  g_autoptr(GError) error = NULL;
  const BwVescFwInfo *info;
  GPtrArray *log;
  gboolean saw_warning = FALSE;
  guint64 done = 0, total = 0;

  g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
  g_assert_no_error (error);
  info = bw_vesc_bootloader_job_get_fw_info (job);
  g_assert_cmpstr (info->hw_name, ==, "60_MK5");
  g_assert_cmpstr (bw_vesc_bootloader_job_get_bootloader_name (job), ==, HW60_NAME);
  g_assert_cmpuint (bw_vesc_bootloader_job_get_bytes_written (job), ==, g_bytes_get_size (expected));
  bw_job_get_bytes (BW_JOB (job), &done, &total);
  g_assert_cmpuint (done, ==, total);
  g_assert_cmpfloat (bw_job_get_fraction (BW_JOB (job)), ==, 1.0);
  log = bw_job_get_log (BW_JOB (job));
  for (guint i = 0; i < log->len; i++)
    if (strstr (log->pdata[i], "Do not switch the ESC off") != NULL)
      saw_warning = TRUE;
  g_assert_true (saw_warning);

  bw_sim_vesc_stop (vesc);
  assert_bootloader_sector (vesc, expected);
  assert_firmware_untouched (vesc);
  assert_no_violations (vesc);
  /* FW_VERSION, ERASE_BOOTLOADER, then one write per chunk that is not all 0xFF */
  g_assert_cmpuint (bw_sim_vesc_get_packets (vesc), <=, 2 + (g_bytes_get_size (expected) + 383) / 384);
}

/* A user's file instead of the bundled image, and one that is no bootloader. */
static void
test_bootloader_upload_custom_image (void)
{
  g_autoptr(BwSimVesc) vesc = running_vesc (5, 3, "410", FALSE);
  g_autoptr(GBytes) generic = load_real ("vesc_bootloader_generic.bin");
  g_autoptr(GBytes) firmware = load_real ("VESC_default_fw3.62_hw410.bin");
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (bw_sim_vesc_get_port (vesc));

    bw_vesc_bootloader_job_set_image (job, firmware, "VESC_default_fw3.62_hw410.bin");
    g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_IMAGE_INVALID);
    g_clear_error (&error);
  }
  {
    g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (bw_sim_vesc_get_port (vesc));

    bw_vesc_bootloader_job_set_image (job, generic, "my-generic.bin");
    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (bw_vesc_bootloader_job_get_bootloader_name (job), ==, "my-generic.bin");
  }
  bw_sim_vesc_stop (vesc);
  assert_bootloader_sector (vesc, generic);
  assert_no_violations (vesc);
}

/* Firmware before 3.59 cannot erase sector 11: refused unless the user
 * says the sector is empty, and then written without an erase. */
static void
test_old_firmware (void)
{
  g_autoptr(GBytes) expected = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(BwSimVesc) vesc = running_vesc (3, 40, "410", TRUE);
    g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (bw_sim_vesc_get_port (vesc));
    g_autoptr(GBytes) before = bw_sim_vesc_dup_flash (vesc, SECTOR_11, SECTOR_SIZE);
    g_autoptr(GBytes) after = NULL;
    g_auto(GStrv) warnings = NULL;

    g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_VESC_FIRMWARE_TOO_OLD);
    g_assert_nonnull (strstr (error->message, "3.40"));
    g_clear_error (&error);
    warnings = bw_vesc_bootloader_job_get_warnings (bw_vesc_bootloader_job_get_fw_info (job));
    g_assert_cmpuint (g_strv_length (warnings), ==, 3);
    g_assert_nonnull (strstr (warnings[2], "older than 3.59"));
    bw_sim_vesc_stop (vesc);
    after = bw_sim_vesc_dup_flash (vesc, SECTOR_11, SECTOR_SIZE);
    g_assert_true (g_bytes_equal (before, after));
    assert_no_violations (vesc);
  }
  {
    g_autoptr(BwSimVesc) vesc = running_vesc (3, 40, "410", FALSE);
    g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (bw_sim_vesc_get_port (vesc));

    bw_vesc_bootloader_job_set_allow_without_erase (job, TRUE);
    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_no_error (error);
    bw_sim_vesc_stop (vesc);
    assert_bootloader_sector (vesc, expected);
    assert_no_violations (vesc);
  }
}

/* The cable comes out after a few chunks: a clear error, a half-written
 * sector, the firmware still there; plugged in again, a rerun repairs it. */
static void
test_disconnect_mid_upload (void)
{
  g_autoptr(BwSimVesc) vesc = running_vesc (6, 5, "410", TRUE);
  g_autoptr(GBytes) expected = load_real ("vesc_bootloader_hw40-412_DAS_RS.bin");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) partial = NULL;
  g_autofree gchar *first_port = g_strdup (bw_sim_vesc_get_port (vesc));

  bw_sim_vesc_set_unplug_after_writes (vesc, 4);
  {
    g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (first_port);
    g_autofree gchar *advice = NULL;

    g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_error (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED);
    g_assert_nonnull (strstr (error->message, "after 1152 of 5776 bytes"));
    advice = bw_error_advice_format (error);
    g_assert_nonnull (strstr (advice, "run the job again"));
    g_test_message ("%s", advice);
    g_clear_error (&error);
  }
  g_assert_false (bw_sim_vesc_is_plugged (vesc));
  partial = bw_sim_vesc_dup_flash (vesc, SECTOR_11, SECTOR_SIZE);
  g_assert_cmpmem (g_bytes_get_data (partial, NULL), 4 * 384, g_bytes_get_data (expected, NULL), 4 * 384);
  g_assert_cmpint (memcmp (g_bytes_get_data (partial, NULL), g_bytes_get_data (expected, NULL),
                           g_bytes_get_size (expected)), !=, 0);
  assert_firmware_untouched (vesc);

  /* the old port is gone for good */
  {
    g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (first_port);

    g_assert_false (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_true (g_error_matches (error, BW_ERROR, BW_ERROR_VESC_NOT_FOUND) ||
                   g_error_matches (error, BW_ERROR, BW_ERROR_VESC_DISCONNECTED) ||
                   g_error_matches (error, BW_ERROR, BW_ERROR_VESC_NO_REPLY));
    g_clear_error (&error);
  }

  bw_sim_vesc_set_unplug_after_writes (vesc, 0);
  g_assert_true (bw_sim_vesc_plug (vesc, &error));
  g_assert_no_error (error);
  {
    g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (bw_sim_vesc_get_port (vesc));

    g_assert_true (bw_job_run_sync (BW_JOB (job), NULL, &error));
    g_assert_no_error (error);
  }
  bw_sim_vesc_stop (vesc);
  assert_bootloader_sector (vesc, expected);
  assert_firmware_untouched (vesc);
  assert_no_violations (vesc);
}

/* --- a misbehaving ESC played by the test itself on a bare pty --- */

typedef struct {
  gint   master;
  gchar *port;
} FakeEsc;

static FakeEsc *
fake_esc_new (void)
{
  FakeEsc *fake = g_new0 (FakeEsc, 1);
  gchar name[256];

  fake->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (fake->master, >=, 0);
  g_assert_cmpint (grantpt (fake->master), ==, 0);
  g_assert_cmpint (unlockpt (fake->master), ==, 0);
  g_assert_cmpint (ptsname_r (fake->master, name, sizeof name), ==, 0);
  fake->port = g_strdup (name);
  return fake;
}

static void
fake_esc_free (FakeEsc *fake)
{
  if (fake->master >= 0)
    close (fake->master);
  g_free (fake->port);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeEsc, fake_esc_free)

/* Waits for one request packet from the host. */
static GBytes *
fake_esc_wait_request (FakeEsc *fake)
{
  g_autoptr(BwSimVescPacketReader) reader = bw_sim_vesc_packet_reader_new ();
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  while (got->len == 0)
    {
      struct pollfd pfd = { .fd = fake->master, .events = POLLIN };
      guint8 byte;

      g_assert_cmpint (poll (&pfd, 1, 5000), ==, 1);
      g_assert_cmpint (read (fake->master, &byte, 1), ==, 1);
      bw_sim_vesc_packet_reader_byte (reader, byte, got);
    }
  return g_bytes_ref (got->pdata[0]);
}

static void
fake_esc_send_raw (FakeEsc *fake, const guint8 *data, gsize len)
{
  g_assert_cmpint (write (fake->master, data, len), ==, (gssize) len);
}

typedef struct {
  FakeEsc *fake;
  guint    mode;
} FakeScript;

enum { REPLY_BAD_CRC, REPLY_TOO_SHORT, REPLY_AFTER_NOISE, REPLY_WRONG_OFFSET };

static gpointer
fake_esc_script (gpointer data)
{
  FakeScript *script = data;
  g_autoptr(GBytes) request = fake_esc_wait_request (script->fake);
  const guint8 *req = g_bytes_get_data (request, NULL);
  const guint8 print[] = { BW_VESC_COMM_PRINT, 'h', 'e', 'l', 'l', 'o' };
  g_autoptr(GByteArray) print_packet = bw_sim_vesc_packet_frame (print, sizeof print);

  switch (script->mode)
    {
    case REPLY_BAD_CRC:
      {
        const guint8 reply[] = { BW_VESC_COMM_FW_VERSION, 6, 5, '6', '0', 0 };
        g_autoptr(GByteArray) packet = bw_sim_vesc_packet_frame (reply, sizeof reply);

        packet->data[packet->len - 3] ^= 0xFF;
        fake_esc_send_raw (script->fake, packet->data, packet->len);
      }
      break;
    case REPLY_TOO_SHORT:
      {
        const guint8 reply[] = { BW_VESC_COMM_ERASE_BOOTLOADER };
        g_autoptr(GByteArray) packet = bw_sim_vesc_packet_frame (reply, sizeof reply);

        fake_esc_send_raw (script->fake, packet->data, packet->len);
      }
      break;
    case REPLY_AFTER_NOISE:
      {
        const guint8 reply[] = { BW_VESC_COMM_FW_VERSION, 6, 5, '6', '0', 0 };
        g_autoptr(GByteArray) packet = bw_sim_vesc_packet_frame (reply, sizeof reply);
        const guint8 noise[] = { 0x03, 0x00, 0x10, 'x', 0x02 };

        fake_esc_send_raw (script->fake, noise, sizeof noise);
        fake_esc_send_raw (script->fake, print_packet->data, print_packet->len);
        /* the reply split across two writes */
        fake_esc_send_raw (script->fake, packet->data, 3);
        g_usleep (20000);
        fake_esc_send_raw (script->fake, packet->data + 3, packet->len - 3);
      }
      break;
    case REPLY_WRONG_OFFSET:
      {
        guint8 reply[] = { BW_VESC_COMM_WRITE_NEW_APP_DATA, 1, req[1], req[2], req[3], (guint8) (req[4] + 1) };
        g_autoptr(GByteArray) packet = bw_sim_vesc_packet_frame (reply, sizeof reply);

        fake_esc_send_raw (script->fake, packet->data, packet->len);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
test_malformed_replies (void)
{
  g_autoptr(GError) error = NULL;
  const guint8 chunk[16] = { 1, 2, 3 };

  for (guint mode = REPLY_BAD_CRC; mode <= REPLY_WRONG_OFFSET; mode++)
    {
      g_autoptr(FakeEsc) fake = fake_esc_new ();
      g_autoptr(BwVescClient) client = bw_vesc_client_open (fake->port, &error);
      FakeScript script = { fake, mode };
      GThread *thread;

      g_assert_no_error (error);
      /* 2 s / 20: the wrong-CRC case waits for a reply that never comes */
      bw_vesc_client_set_timeout_divisor (client, 20);
      thread = g_thread_new ("fake-esc", fake_esc_script, &script);
      if (mode == REPLY_BAD_CRC)
        {
          /* the reply came, damaged: said as such, not as silence */
          g_assert_null (bw_vesc_client_get_fw_info (client, NULL, &error));
          g_assert_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL);
          g_assert_nonnull (strstr (error->message, "COMM_FW_VERSION"));
          g_assert_nonnull (strstr (error->message, "packets with a wrong CRC: 1,"));
        }
      else if (mode == REPLY_TOO_SHORT)
        {
          g_assert_false (bw_vesc_client_erase_bootloader (client, NULL, &error));
          g_assert_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL);
        }
      else if (mode == REPLY_AFTER_NOISE)
        {
          g_autoptr(BwVescFwInfo) info = bw_vesc_client_get_fw_info (client, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (info->hw_name, ==, "60");
        }
      else
        {
          g_assert_false (bw_vesc_client_write_new_app_data (client, 0x60000, chunk, sizeof chunk, NULL, &error));
          g_assert_error (error, BW_ERROR, BW_ERROR_VESC_PROTOCOL);
          g_assert_nonnull (strstr (error->message, "offset"));
        }
      g_clear_error (&error);
      g_thread_join (thread);
    }
}

/* A cancelled upload says what state the ESC is in. */
static void
test_cancelled_before_write (void)
{
  g_autoptr(BwSimVesc) vesc = running_vesc (6, 5, "410", FALSE);
  g_autoptr(BwVescBootloaderJob) job = bw_vesc_bootloader_job_new (bw_sim_vesc_get_port (vesc));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (bw_job_run_sync (BW_JOB (job), cancellable, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_CANCELLED);
  bw_sim_vesc_stop (vesc);
  assert_no_violations (vesc);
  g_assert_cmpuint (bw_sim_vesc_get_packets (vesc), ==, 0);
}

/* bootwire-vesc-sim: prints its port, serves, and on SIGTERM reports what
 * the host did wrong (exit 3). */
static void
test_sim_tool (void)
{
  const gchar *tool = g_getenv ("BW_VESC_SIM_TOOL");
  const gchar *argv[] = { tool, "--fw", "3.40", "--hw", "410", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree gchar *line = NULL;
  g_autofree gchar *rest = NULL;
  g_autoptr(BwVescClient) client = NULL;
  g_autoptr(BwVescFwInfo) info = NULL;

  g_assert_nonnull (tool);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "port: /dev/"));

  client = bw_vesc_client_open (line + strlen ("port: "), &error);
  g_assert_no_error (error);
  info = bw_vesc_client_get_fw_info (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->major, ==, 3);
  g_assert_cmpuint (info->minor, ==, 40);
  g_assert_cmpstr (info->hw_name, ==, "410");
  /* firmware 3.40 does not know COMM_ERASE_BOOTLOADER: no reply */
  bw_vesc_client_set_timeout_divisor (client, 100);
  g_assert_false (bw_vesc_client_erase_bootloader (client, NULL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_VESC_NO_REPLY);
  g_clear_error (&error);
  bw_vesc_client_close (client);

  g_subprocess_send_signal (process, SIGTERM);
  rest = g_data_input_stream_read_upto (out, "", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 3);
  g_assert_nonnull (strstr (rest, "packets: 2"));
  g_assert_nonnull (strstr (rest, "violation: COMM_ERASE_BOOTLOADER sent to firmware 3.40"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vesc/usb/fw-version", test_fw_version_over_pty);
  g_test_add_func ("/vesc/usb/open-errors", test_open_errors);
  g_test_add_func ("/vesc/usb/update-area-commands", test_update_area_commands);
  g_test_add_func ("/vesc/usb/bootloader-upload", test_bootloader_upload);
  g_test_add_func ("/vesc/usb/bootloader-upload-custom-image", test_bootloader_upload_custom_image);
  g_test_add_func ("/vesc/usb/old-firmware", test_old_firmware);
  g_test_add_func ("/vesc/usb/disconnect-mid-upload", test_disconnect_mid_upload);
  g_test_add_func ("/vesc/usb/malformed-replies", test_malformed_replies);
  g_test_add_func ("/vesc/usb/cancelled", test_cancelled_before_write);
  g_test_add_func ("/vesc/usb/sim-tool", test_sim_tool);
  return g_test_run ();
}

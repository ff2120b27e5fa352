/* test-job-faults.c: every fault of the simulator's scenario list through
 * the jobs that meet it
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts from a board with firmware 7.00 hw60 and an old
 * bootloader, injects one fault, runs one job and checks the exact error
 * code, that the code has advice for the user, and that no flash byte
 * outside the job's plan changed. Then the same chip (its flash as the
 * fault left it) is attached without the fault and the same job must
 * succeed: the board stayed recoverable.
 */
#include "config.h"

#include <string.h>

#include "bw-test-sim-rig.h"

#define FW_HW60   "VESC_default_fw7.00_hw60.bin"
#define BL_HW60   "vesc_bootloader_hw60-family.bin"
#define BL_LEGACY "vesc_bootloader_generic_legacy_2019.bin"
#define FLASH_BASE 0x08000000u
#define MIB        (1024u * 1024u)
#define SUCCEEDS   (-1)

/* ------------------------------------------------------------------ */
/* A transport that changes the scenario after N exchanges, on the worker
 * thread that drives the simulator (so the change lands between two
 * commands, as a real event would). */

#define TEST_TYPE_EVENT_TRANSPORT (test_event_transport_get_type ())
G_DECLARE_FINAL_TYPE (TestEventTransport, test_event_transport, TEST, EVENT_TRANSPORT, GObject)

struct _TestEventTransport
{
  GObject         parent_instance;
  BwSimTransport *inner;
  guint64         n_commands;
  guint64         event_after; /* 0: never */
  gchar          *group;
  gchar          *key;
  gchar          *value;
  gboolean        fired;
};

static void test_event_transport_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestEventTransport, test_event_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, test_event_transport_iface_init))

static gboolean
event_command (BwTransport *transport, const guint8 *cmd, const guint8 *out_data, gsize out_length,
               guint8 *in_data, gsize in_length, gsize *in_actual, guint timeout_ms, GError **error)
{
  TestEventTransport *self = TEST_EVENT_TRANSPORT (transport);
  BwTransportInterface *inner = BW_TRANSPORT_GET_IFACE (self->inner);

  self->n_commands++;
  if (self->event_after != 0 && self->n_commands == self->event_after)
    {
      BwSimStm32f405 *target = bw_sim_transport_get_target (self->inner);

      /* no scenario key: the next flash read returns one bit wrong, once */
      if (self->group == NULL)
        bw_sim_stm32f405_arm_bit_flip (target);
      else
        g_assert_true (bw_sim_scenario_set (bw_sim_stm32f405_get_scenario (target), self->group, self->key,
                                            self->value, NULL));
      self->fired = TRUE;
    }
  return inner->command (BW_TRANSPORT (self->inner), cmd, out_data, out_length, in_data, in_length, in_actual,
                         timeout_ms, error);
}

static void
event_sleep_us (BwTransport *transport, guint64 us)
{
  bw_transport_sleep_us (BW_TRANSPORT (TEST_EVENT_TRANSPORT (transport)->inner), us);
}

static gint64
event_now_us (BwTransport *transport)
{
  return bw_transport_now_us (BW_TRANSPORT (TEST_EVENT_TRANSPORT (transport)->inner));
}

static void
test_event_transport_iface_init (BwTransportInterface *iface)
{
  iface->command = event_command;
  iface->sleep_us = event_sleep_us;
  iface->now_us = event_now_us;
}

static void
test_event_transport_finalize (GObject *object)
{
  TestEventTransport *self = TEST_EVENT_TRANSPORT (object);

  g_clear_object (&self->inner);
  g_free (self->group);
  g_free (self->key);
  g_free (self->value);
  G_OBJECT_CLASS (test_event_transport_parent_class)->finalize (object);
}

static void
test_event_transport_class_init (TestEventTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_event_transport_finalize;
}

static void
test_event_transport_init (TestEventTransport *self)
{
}

static TestEventTransport *
test_event_transport_new (BwSimTransport *inner, guint64 after, const gchar *group, const gchar *key,
                          const gchar *value)
{
  TestEventTransport *self = g_object_new (TEST_TYPE_EVENT_TRANSPORT, NULL);

  self->inner = g_object_ref (inner);
  self->event_after = after;
  self->group = g_strdup (group);
  self->key = g_strdup (key);
  self->value = g_strdup (value);
  return self;
}

/* ------------------------------------------------------------------ */
/* The jobs */

typedef enum {
  JOB_INSTALL,  /* the hw60 bootloader over the old one, sector 11 backed up */
  JOB_RECOVER,  /* firmware + bootloader, touched sectors backed up, settings kept */
  JOB_BACKUP,   /* the whole flash to a .bin */
  JOB_VERIFY,   /* the firmware against the flash */
  JOB_CHECK,    /* the connect checklist, expecting an F405 */
} JobKind;

static const gchar *job_names[] = { "install", "recover", "backup", "verify", "check" };

typedef struct {
  gchar      *dir;
  BwImage    *firmware;
  BwImage    *bootloader;
  BwImage    *both;
  BwFlashMap *map;
} World;

static BwImage *
load_image (const gchar *name)
{
  g_autofree gchar *path = bw_test_real_path (name);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(BwImageFile) file = bw_image_file_new (gfile);
  g_autoptr(GError) error = NULL;

  g_assert_true (bw_image_file_load (file, FALSE, 0, NULL, &error));
  g_assert_no_error (error);
  return g_object_ref (bw_image_file_get_image (file));
}

static World *
world_new (void)
{
  World *world = g_new0 (World, 1);

  world->dir = bw_test_make_tmpdir ();
  world->firmware = load_image (FW_HW60);
  world->bootloader = load_image (BL_HW60);
  world->both = bw_image_new ();
  g_assert_true (bw_image_add_data (world->both, 0x08000000, bw_image_get_segment_data (world->firmware, 0),
                                    bw_image_get_segment_size (world->firmware, 0), NULL));
  g_assert_true (bw_image_add_data (world->both, 0x080E0000, bw_image_get_segment_data (world->bootloader, 0),
                                    bw_image_get_segment_size (world->bootloader, 0), NULL));
  world->map = bw_flash_map_new_stm32f4 (1024);
  return world;
}

static void
world_free (World *world)
{
  bw_test_rm_rf (world->dir);
  g_free (world->dir);
  g_object_unref (world->firmware);
  g_object_unref (world->bootloader);
  g_object_unref (world->both);
  bw_flash_map_unref (world->map);
  g_free (world);
}

static BwPlan *
make_plan (World *world, JobKind kind, const gchar *backup_path)
{
  BwPlanOptions options = { .flags = BW_PLAN_FLAG_NONE, .chip_id = BW_CHIP_ID_STM32F405,
                            .backup_path = backup_path };
  g_autoptr(GError) error = NULL;
  BwPlan *plan = bw_plan_new (kind == JOB_INSTALL ? world->bootloader : world->both, world->map, &options,
                              &error);

  g_assert_no_error (error);
  return plan;
}

/* Flash bytes the job may change: the sectors its plan erases. */
static guint32
job_erase_mask (World *world, JobKind kind)
{
  g_autoptr(BwPlan) plan = NULL;

  if (kind != JOB_INSTALL && kind != JOB_RECOVER)
    return 0;
  plan = make_plan (world, kind, "unused.bin");
  return bw_plan_get_erase_mask (plan);
}

typedef struct {
  JobKind              kind;
  BwStlinkConnectMode  mode;
  gdouble              supply_voltage; /* < 0: the probe's reading */
  gchar               *output;         /* backup file (backup job, and the program jobs' backup) */
  BwJob               *job;
} JobRun;

static void
job_run_clear (JobRun *run)
{
  g_clear_pointer (&run->output, g_free);
  g_clear_object (&run->job);
}

static gboolean
run_job (World *world, JobRun *run, BwTransport *transport, const gchar *label, GError **error)
{
  g_autofree gchar *name = g_strdup_printf ("%s-%s.bin", job_names[run->kind], label);

  job_run_clear (run);
  run->output = g_build_filename (world->dir, name, NULL);
  switch (run->kind)
    {
    case JOB_INSTALL:
    case JOB_RECOVER:
      {
        g_autoptr(BwPlan) plan = make_plan (world, run->kind, run->output);
        BwProgramJob *job = bw_program_job_new (transport, plan, run->output);

        bw_program_job_set_connect_mode (job, run->mode);
        if (run->supply_voltage >= 0)
          bw_program_job_set_supply_voltage (job, run->supply_voltage);
        run->job = BW_JOB (job);
      }
      break;
    case JOB_BACKUP:
      {
        BwBackupJob *job = bw_backup_job_new (transport, run->output, FLASH_BASE, MIB);

        bw_backup_job_set_connect_mode (job, run->mode);
        run->job = BW_JOB (job);
      }
      break;
    case JOB_VERIFY:
      {
        BwVerifyJob *job = bw_verify_job_new (transport, world->firmware);

        bw_verify_job_set_connect_mode (job, run->mode);
        run->job = BW_JOB (job);
      }
      break;
    case JOB_CHECK:
      {
        BwCheckJob *job = bw_check_job_new (transport);

        bw_check_job_set_expected_chip (job, BW_CHIP_ID_STM32F405);
        bw_check_job_set_connect_mode (job, run->mode);
        run->job = BW_JOB (job);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  return bw_job_run_sync (run->job, NULL, error);
}

/* What a successful run must have left behind. */
static void
assert_job_result (World *world, JobRun *run, SimRig *rig)
{
  gsize size = 0;
  const guint8 *flash = sim_rig_flash (rig, &size);

  switch (run->kind)
    {
    case JOB_RECOVER:
      g_assert_cmpmem (flash, bw_image_get_segment_size (world->firmware, 0),
                       bw_image_get_segment_data (world->firmware, 0), bw_image_get_segment_size (world->firmware, 0));
      G_GNUC_FALLTHROUGH;
    case JOB_INSTALL:
      g_assert_cmpmem (flash + 0xE0000, bw_image_get_segment_size (world->bootloader, 0),
                       bw_image_get_segment_data (world->bootloader, 0),
                       bw_image_get_segment_size (world->bootloader, 0));
      g_assert_cmpstr (bw_program_job_get_chip_state (BW_PROGRAM_JOB (run->job)), ==,
                       "The chip holds the new image, verified.");
      break;
    case JOB_BACKUP:
      {
        g_autoptr(GBytes) saved = bw_test_load_bytes (run->output);

        g_assert_cmpmem (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), flash, MIB);
      }
      break;
    case JOB_VERIFY:
      break;
    case JOB_CHECK:
      g_assert_true (bw_check_job_get_has_firmware (BW_CHECK_JOB (run->job)));
      g_assert_cmpuint (bw_check_job_get_dev_id (BW_CHECK_JOB (run->job)), ==, BW_CHIP_ID_STM32F405);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
assert_untouched_outside (World *world, GBytes *before, SimRig *rig, guint32 erase_mask)
{
  gsize size = 0;
  const guint8 *flash = sim_rig_flash (rig, &size);
  const guint8 *old = g_bytes_get_data (before, NULL);

  g_assert_cmpuint (size, ==, g_bytes_get_size (before));
  for (guint sector = 0; sector < bw_flash_map_get_n_sectors (world->map); sector++)
    {
      guint32 offset = bw_flash_map_get_sector_address (world->map, sector) - FLASH_BASE;
      guint32 length = bw_flash_map_get_sector_size (world->map, sector);

      if ((erase_mask & (1u << sector)) != 0 || offset >= size)
        continue;
      length = MIN (length, size - offset);
      if (memcmp (flash + offset, old + offset, length) != 0)
        g_error ("sector %u changed although the plan does not touch it", sector);
    }
}

static void
assert_advice (const GError *error)
{
  const gchar *summary = bw_error_advice_get_summary ((BwError) error->code);
  const gchar *action = bw_error_advice_get_action ((BwError) error->code);
  g_autofree gchar *formatted = bw_error_advice_format (error);

  g_assert_nonnull (summary);
  g_assert_cmpuint (strlen (summary), >, 10);
  g_assert_nonnull (action);
  g_assert_cmpuint (strlen (action), >, 10);
  g_assert_nonnull (formatted);
  g_assert_nonnull (strstr (formatted, action));
}

/* ------------------------------------------------------------------ */
/* One fault */

typedef struct {
  const gchar         *name;
  JobKind              kind;
  const gchar         *fault;   /* added to the [target] group (or opens its own groups) */
  const gchar         *cleared; /* the same, without the fault ("" usually) */
  BwStlinkConnectMode  mode;
  gdouble              supply_voltage; /* the board profile's, or < 0 */
  gint                 code;    /* SUCCEEDS: the job must cope with the fault */
  /* a fault that strikes after this share (percent) of the job's commands */
  guint                event_percent;
  const gchar         *event_group;
  const gchar         *event_key;
  const gchar         *event_value;
  /* the USB cable comes out after this share (percent) of the job's transfers */
  guint                unplug_percent;
  guint                flash_kb;     /* the chip's flash, when not 1 MB */
  const gchar         *message_part; /* the error message must say this */
} FaultCase;

/* How many ST-Link commands and USB transfers the job takes without the fault. */
static void
count_commands (World *world, const FaultCase *fault, const gchar *initial, guint64 *n_commands,
                guint64 *n_transfers)
{
  g_autofree gchar *text = g_strdup_printf ("[target]\nflash=%s\n%s", initial, fault->cleared);
  SimRig *rig = sim_rig_new (text);
  g_autoptr(TestEventTransport) counter = test_event_transport_new (rig->transport, 0, NULL, NULL, NULL);
  JobRun run = { .kind = fault->kind, .mode = fault->mode, .supply_voltage = fault->supply_voltage };
  g_autoptr(GError) error = NULL;

  g_assert_true (run_job (world, &run, BW_TRANSPORT (counter), "count", &error));
  g_assert_no_error (error);
  *n_commands = counter->n_commands;
  *n_transfers = bw_sim_transport_get_n_transfers (rig->transport);
  job_run_clear (&run);
  sim_rig_free (rig);
}

static void
run_fault_case (gconstpointer data)
{
  const FaultCase *fault = data;
  World *world = world_new ();
  g_autofree gchar *initial = sim_write_flash_file (world->dir, FW_HW60, BL_LEGACY);
  g_autofree gchar *faulty_initial = NULL;
  g_autofree gchar *faulty_text = NULL;
  g_autofree gchar *snapshot_path = g_build_filename (world->dir, "after-fault.bin", NULL);
  g_autofree gchar *cleared_text = NULL;
  g_autoptr(TestEventTransport) event = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  JobRun run = { .kind = fault->kind, .mode = fault->mode, .supply_voltage = fault->supply_voltage };
  BwTransport *transport;
  SimRig *rig;
  gboolean ok;
  gsize size = 0;
  const guint8 *flash;
  guint64 n_commands = 0;
  guint64 n_transfers = 0;

  /* with the fault */
  if (fault->event_percent > 0 || fault->unplug_percent > 0)
    count_commands (world, fault, initial, &n_commands, &n_transfers);
  faulty_initial = g_strdup (initial);
  if (fault->flash_kb != 0)
    {
      g_autoptr(GBytes) whole = bw_test_load_bytes (initial);

      g_free (faulty_initial);
      faulty_initial = g_build_filename (world->dir, "smaller-flash.bin", NULL);
      g_assert_true (g_file_set_contents (faulty_initial, g_bytes_get_data (whole, NULL), fault->flash_kb * 1024,
                                          NULL));
    }
  faulty_text = g_strdup_printf ("[target]\nflash=%s\n%s", faulty_initial, fault->fault);
  if (fault->unplug_percent > 0)
    {
      g_autofree gchar *text = faulty_text;

      faulty_text = g_strdup_printf ("%s[probe]\nunplug-after-transfers=%" G_GUINT64_FORMAT "\n", text,
                                     n_transfers * fault->unplug_percent / 100);
    }
  rig = sim_rig_new (faulty_text);
  flash = sim_rig_flash (rig, &size);
  before = g_bytes_new (flash, size);
  transport = BW_TRANSPORT (rig->transport);
  if (fault->event_percent > 0)
    {
      event = test_event_transport_new (rig->transport, n_commands * fault->event_percent / 100, fault->event_group, fault->event_key,
                                        fault->event_value);
      transport = BW_TRANSPORT (event);
    }
  ok = run_job (world, &run, transport, "faulty", &error);
  if (event != NULL)
    g_assert_true (event->fired);
  if (fault->code == SUCCEEDS)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      assert_job_result (world, &run, rig);
    }
  else
    {
      g_assert_false (ok);
      g_test_message ("%s: %s -> %s: %s", fault->name, job_names[fault->kind],
                      bw_error_to_string ((BwError) error->code), error->message);
      g_assert_error (error, BW_ERROR, fault->code);
      assert_advice (error);
      if (fault->message_part != NULL)
        g_assert_nonnull (strstr (error->message, fault->message_part));
      if (fault->kind == JOB_BACKUP)
        g_assert_false (g_file_test (run.output, G_FILE_TEST_EXISTS));
    }
  assert_untouched_outside (world, before, rig, job_erase_mask (world, fault->kind));

  /* the same chip without the fault */
  flash = sim_rig_flash (rig, &size);
  g_assert_true (g_file_set_contents (snapshot_path, (const gchar *) flash, MIN (size, MIB), NULL));
  sim_rig_free (rig);
  g_clear_error (&error);
  cleared_text = g_strdup_printf ("[target]\nflash=%s\n%s", snapshot_path, fault->cleared);
  rig = sim_rig_new (cleared_text);
  run.mode = BW_STLINK_CONNECT_NORMAL;
  run.supply_voltage = -1.0;
  g_assert_true (run_job (world, &run, BW_TRANSPORT (rig->transport), "cleared", &error));
  g_assert_no_error (error);
  assert_job_result (world, &run, rig);

  job_run_clear (&run);
  sim_rig_free (rig);
  world_free (world);
}

#define PLAIN(n, k, f, c) \
  { .name = n, .kind = k, .fault = f, .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL, .supply_voltage = -1.0, \
    .code = c }

static const FaultCase cases[] = {
  /* a line that drops one SWD transfer now and then: retried, the job is done */
  PLAIN ("swd-flaky", JOB_INSTALL, "[probe]\nswd-flaky-one-in=97\n", SUCCEEDS),
  PLAIN ("swd-flaky", JOB_BACKUP, "[probe]\nswd-flaky-one-in=97\n", SUCCEEDS),
  PLAIN ("swd-flaky", JOB_VERIFY, "[probe]\nswd-flaky-one-in=97\n", SUCCEEDS),
  PLAIN ("swd-flaky", JOB_CHECK, "[probe]\nswd-flaky-one-in=97\n", SUCCEEDS),
  /* a line too bad to work with */
  PLAIN ("swd-broken", JOB_INSTALL, "[probe]\nswd-flaky-one-in=2\n", BW_ERROR_TARGET_NO_RESPONSE),
  PLAIN ("swd-broken", JOB_BACKUP, "[probe]\nswd-flaky-one-in=2\n", BW_ERROR_TARGET_NO_RESPONSE),

  /* a flash byte that does not program: the verify before reset finds it */
  PLAIN ("flash-error", JOB_INSTALL, "[faults]\nflash-error-address=0x080E0101\n", BW_ERROR_VERIFY_MISMATCH),
  PLAIN ("flash-error", JOB_RECOVER, "[faults]\nflash-error-address=0x08010001\n", BW_ERROR_VERIFY_MISMATCH),
  /* the board profile promises 3.3 V, the supply is 2.4 V: the controller
   * refuses 32-bit parallelism (PGPERR) */
  { .name = "pgperr", .kind = JOB_INSTALL, .fault = "voltage=2.4\n", .cleared = "",
    .mode = BW_STLINK_CONNECT_NORMAL, .supply_voltage = 3.3, .code = BW_ERROR_ERASE_FAILED },
  /* write protection (WRPERR is refused before the erase) */
  PLAIN ("wrp", JOB_INSTALL, "wrp-sectors=11\n", BW_ERROR_WRITE_PROTECTED),
  /* protection of a sector the plan does not touch is no obstacle */
  PLAIN ("wrp-elsewhere", JOB_INSTALL, "wrp-sectors=0\n", SUCCEEDS),

  /* NRST not wired: connecting under reset falls back to a system reset */
  { .name = "nrst-unwired", .kind = JOB_INSTALL, .fault = "nrst-wired=false\n", .cleared = "",
    .mode = BW_STLINK_CONNECT_UNDER_RESET, .supply_voltage = -1.0, .code = SUCCEEDS },
  /* ... which cannot help when the firmware has turned SWD off */
  { .name = "nrst-unwired-swd-off", .kind = JOB_INSTALL,
    .fault = "nrst-wired=false\nswd-disabled-by-firmware=true\n", .cleared = "",
    .mode = BW_STLINK_CONNECT_UNDER_RESET, .supply_voltage = -1.0, .code = BW_ERROR_TARGET_NO_RESPONSE,
    .message_part = "wired to the ESC's NRST pad" },
  /* firmware that turns SWD off: a normal connect fails with advice, under reset works */
  PLAIN ("swd-off", JOB_INSTALL, "swd-disabled-by-firmware=true\n", BW_ERROR_TARGET_NO_RESPONSE),
  PLAIN ("swd-off", JOB_CHECK, "swd-disabled-by-firmware=true\n", BW_ERROR_TARGET_NO_RESPONSE),
  { .name = "swd-off-under-reset", .kind = JOB_INSTALL, .fault = "swd-disabled-by-firmware=true\n",
    .cleared = "", .mode = BW_STLINK_CONNECT_UNDER_RESET, .supply_voltage = -1.0, .code = SUCCEEDS },
  { .name = "swd-off-under-reset", .kind = JOB_BACKUP, .fault = "swd-disabled-by-firmware=true\n",
    .cleared = "", .mode = BW_STLINK_CONNECT_UNDER_RESET, .supply_voltage = -1.0, .code = SUCCEEDS },

  /* the ESC loses power part way through */
  { .name = "power-loss", .kind = JOB_INSTALL, .fault = "", .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL,
    .supply_voltage = -1.0, .code = BW_ERROR_TARGET_NOT_POWERED, .message_part = "lost its supply",
    .event_percent = 60, .event_group = "target", .event_key = "powered", .event_value = "false" },
  { .name = "power-loss", .kind = JOB_RECOVER, .fault = "", .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL,
    .supply_voltage = -1.0, .code = BW_ERROR_TARGET_NOT_POWERED, .message_part = "lost its supply",
    .event_percent = 50, .event_group = "target", .event_key = "powered", .event_value = "false" },
  { .name = "power-loss", .kind = JOB_BACKUP, .fault = "", .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL,
    .supply_voltage = -1.0, .code = BW_ERROR_TARGET_NOT_POWERED, .message_part = "lost its supply",
    .event_percent = 50, .event_group = "target", .event_key = "powered", .event_value = "false" },

  /* the USB cable comes out mid-write (install: test-program-job.c) */
  { .name = "unplug", .kind = JOB_RECOVER, .fault = "", .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL,
    .supply_voltage = -1.0, .code = BW_ERROR_DISCONNECTED, .unplug_percent = 70 },
  { .name = "unplug", .kind = JOB_BACKUP, .fault = "", .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL,
    .supply_voltage = -1.0, .code = BW_ERROR_DISCONNECTED, .unplug_percent = 50 },

  /* a flash bit that reads back wrong */
  PLAIN ("bit-flip", JOB_INSTALL, "[faults]\nbit-flip-address=0x080E0200\n", BW_ERROR_VERIFY_MISMATCH),
  /* one bit wrong on the way, half way through a backup: the file must
   * not be saved as if it were the chip's content */
  { .name = "bit-flip-in-transit", .kind = JOB_BACKUP, .fault = "", .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL,
    .supply_voltage = -1.0, .code = BW_ERROR_VERIFY_MISMATCH, .message_part = "differs from the chip",
    .event_percent = 50, .event_group = NULL },

  /* read protection level 1 */
  PLAIN ("rdp1", JOB_BACKUP, "rdp=1\n", BW_ERROR_READ_PROTECTED),
  PLAIN ("rdp1", JOB_VERIFY, "rdp=1\n", BW_ERROR_READ_PROTECTED),
  PLAIN ("rdp1", JOB_CHECK, "rdp=1\n", BW_ERROR_READ_PROTECTED),

  /* another chip than the plan's */
  PLAIN ("unsupported-chip", JOB_INSTALL, "chip=f427\n", BW_ERROR_CHIP_UNSUPPORTED),
  { .name = "wrong-chip", .kind = JOB_INSTALL, .fault = "chip=f411\n", .cleared = "",
    .mode = BW_STLINK_CONNECT_NORMAL, .supply_voltage = -1.0, .code = BW_ERROR_CHIP_MISMATCH, .flash_kb = 512 },
  { .name = "wrong-chip", .kind = JOB_CHECK, .fault = "chip=f401\n", .cleared = "",
    .mode = BW_STLINK_CONNECT_NORMAL, .supply_voltage = -1.0, .code = BW_ERROR_CHIP_MISMATCH, .flash_kb = 256 },
  { .name = "wrong-chip", .kind = JOB_BACKUP, .fault = "chip=f401\n", .cleared = "",
    .mode = BW_STLINK_CONNECT_NORMAL, .supply_voltage = -1.0, .code = BW_ERROR_INVALID_ARGUMENT, .flash_kb = 256 },

  /* not powered: 0 V on a wired sense pin; an unwired pin cannot tell */
  PLAIN ("not-powered", JOB_BACKUP, "powered=false\n", BW_ERROR_TARGET_NOT_POWERED),
  PLAIN ("not-powered", JOB_VERIFY, "powered=false\n", BW_ERROR_TARGET_NOT_POWERED),
  PLAIN ("gnd-missing", JOB_INSTALL, "gnd-missing=true\n", BW_ERROR_TARGET_NOT_POWERED),
  PLAIN ("not-powered-unwired-sense", JOB_INSTALL, "powered=false\n[probe]\nsense-wired=false\n",
         BW_ERROR_TARGET_NOT_POWERED),
  /* the board profile says the sense pin is not wired: 0 V proves nothing */
  { .name = "swapped-unwired-sense", .kind = JOB_INSTALL, .fault = "swd-swapped=true\n[probe]\nsense-wired=false\n",
    .cleared = "", .mode = BW_STLINK_CONNECT_NORMAL, .supply_voltage = 3.3, .code = BW_ERROR_TARGET_NO_RESPONSE },
  /* a clone reading 0 V on a powered board still works (8-bit programming) */
  PLAIN ("sense-0v", JOB_INSTALL, "[probe]\nsense-wired=false\n", SUCCEEDS),
  PLAIN ("sense-0v", JOB_CHECK, "[probe]\nsense-wired=false\n", SUCCEEDS),

  /* SWDIO and SWCLK swapped */
  PLAIN ("swapped", JOB_BACKUP, "swd-swapped=true\n", BW_ERROR_TARGET_NO_RESPONSE),
  PLAIN ("swapped", JOB_VERIFY, "swd-swapped=true\n", BW_ERROR_TARGET_NO_RESPONSE),
};

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/job-faults/%s/%s", cases[i].name, job_names[cases[i].kind]);

      g_test_add_data_func (path, &cases[i], run_fault_case);
    }
  return g_test_run ();
}

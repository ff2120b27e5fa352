/* test-stlink-sim.c: the ST-Link driver against the in-process simulator
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-sim-transport.h"
#include "bw-stlink-commands.h"
#include "bw-stlink-status.h"
#include "bw-stlink.h"
#include "bw-test-utils.h"

#define SRAM 0x20000000u
#define FLASH 0x08000000u
#define DBGMCU_IDCODE 0xE0042000u

/* ------------------------------------------------------------------ */
/* A transport that records every command on its way to the simulator */

typedef struct
{
  guint8  cmd[BW_TRANSPORT_COMMAND_SIZE];
  gsize   out_length;
  gsize   in_length;
} Record;

#define TEST_TYPE_RECORDER (test_recorder_get_type ())
G_DECLARE_FINAL_TYPE (TestRecorder, test_recorder, TEST, RECORDER, GObject)

struct _TestRecorder
{
  GObject      parent_instance;
  BwTransport *inner;
  GArray      *records;
};

static void test_recorder_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestRecorder, test_recorder, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, test_recorder_iface_init))

static void
test_recorder_finalize (GObject *object)
{
  TestRecorder *self = TEST_RECORDER (object);

  g_clear_object (&self->inner);
  g_array_unref (self->records);
  G_OBJECT_CLASS (test_recorder_parent_class)->finalize (object);
}

static void
test_recorder_class_init (TestRecorderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_recorder_finalize;
}

static void
test_recorder_init (TestRecorder *self)
{
  self->records = g_array_new (FALSE, TRUE, sizeof (Record));
}

static gboolean
recorder_command (BwTransport *transport, const guint8 *cmd, const guint8 *out_data, gsize out_length,
                  guint8 *in_data, gsize in_length, gsize *in_actual, guint timeout_ms, GError **error)
{
  TestRecorder *self = TEST_RECORDER (transport);
  Record rec = { { 0 }, out_length, in_length };

  memcpy (rec.cmd, cmd, sizeof rec.cmd);
  g_array_append_val (self->records, rec);
  return BW_TRANSPORT_GET_IFACE (self->inner)
      ->command (self->inner, cmd, out_data, out_length, in_data, in_length, in_actual, timeout_ms, error);
}

static void
recorder_sleep_us (BwTransport *transport, guint64 us)
{
  bw_transport_sleep_us (TEST_RECORDER (transport)->inner, us);
}

static gint64
recorder_now_us (BwTransport *transport)
{
  return bw_transport_now_us (TEST_RECORDER (transport)->inner);
}

static void
test_recorder_iface_init (BwTransportInterface *iface)
{
  iface->command = recorder_command;
  iface->sleep_us = recorder_sleep_us;
  iface->now_us = recorder_now_us;
}

/* ------------------------------------------------------------------ */
/* Rig                                                                 */

typedef struct
{
  BwSimTransport *sim;
  TestRecorder   *recorder;
  BwStlink       *stlink;
} Rig;

static BwSimScenario *
scenario_new (const gchar *data)
{
  g_autoptr (GError) error = NULL;
  BwSimScenario *scenario = bw_sim_scenario_load_from_data (data, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

static gchar *
scenario_with_firmware (const gchar *extra)
{
  g_autofree gchar *fw = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");

  return g_strdup_printf ("[target]\nflash=%s\n%s", fw, extra != NULL ? extra : "");
}

/* Builds the world, opens the probe (not connected yet). */
static Rig *
rig_new (const gchar *scenario_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BwSimScenario) scenario = scenario_new (scenario_data);
  Rig *rig = g_new0 (Rig, 1);

  rig->sim = bw_sim_transport_new (scenario, NULL, &error);
  g_assert_no_error (error);
  rig->recorder = g_object_new (TEST_TYPE_RECORDER, NULL);
  rig->recorder->inner = g_object_ref (BW_TRANSPORT (rig->sim));
  rig->stlink = bw_stlink_new (BW_TRANSPORT (rig->recorder));
  g_assert_true (bw_stlink_open (rig->stlink, &error));
  g_assert_no_error (error);
  return rig;
}

static Rig *
rig_new_connected (const gchar *scenario_data)
{
  g_autoptr (GError) error = NULL;
  Rig *rig = rig_new (scenario_data);

  g_assert_true (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_no_error (error);
  return rig;
}

static void
rig_free (Rig *rig)
{
  g_assert_finalize_object (rig->stlink);
  g_assert_finalize_object (rig->recorder);
  g_assert_finalize_object (rig->sim);
  g_free (rig);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rig, rig_free)

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static void
fill_pattern (guint8 *buf, gsize n, guint32 seed)
{
  for (gsize i = 0; i < n; i++)
    {
      seed = seed * 1103515245u + 12345u;
      buf[i] = (guint8) (seed >> 16);
    }
}

/* ------------------------------------------------------------------ */
/* Per probe kind                                                      */

typedef struct
{
  const gchar *scenario;
  const gchar *firmware;
  guint16      pid;
  guint        api;
  guint        features;
  guint        mem8_limit;
  guint        khz_for_1000; /* what a 1000 kHz request gives */
} Kind;

static const Kind kind_v2 = {
  "[probe]\nkind=v2\n",
  "V2J37S7",
  0x3748,
  2,
  BW_STLINK_FEATURE_TARGET_VOLTAGE | BW_STLINK_FEATURE_RW_STATUS2 | BW_STLINK_FEATURE_SWD_SET_FREQ |
      BW_STLINK_FEATURE_MEM_16BIT | BW_STLINK_FEATURE_INIT_AP,
  64,
  950,
};

static const Kind kind_v2_1 = {
  "[probe]\nkind=v2-1\n",
  "V2J37M26",
  0x374B,
  2,
  BW_STLINK_FEATURE_TARGET_VOLTAGE | BW_STLINK_FEATURE_RW_STATUS2 | BW_STLINK_FEATURE_SWD_SET_FREQ |
      BW_STLINK_FEATURE_MEM_16BIT | BW_STLINK_FEATURE_INIT_AP,
  64,
  950,
};

static const Kind kind_v3 = {
  "[probe]\nkind=v3\n",
  "V3J7M3B2S1",
  0x374F,
  3,
  BW_STLINK_FEATURE_TARGET_VOLTAGE | BW_STLINK_FEATURE_RW_STATUS2 | BW_STLINK_FEATURE_MEM_16BIT |
      BW_STLINK_FEATURE_INIT_AP | BW_STLINK_FEATURE_COM_FREQ | BW_STLINK_FEATURE_MEM_8BIT_512,
  512,
  1000,
};

static void
test_version (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (Rig) rig = rig_new (kind->scenario);
  const BwStlinkVersion *v = bw_stlink_get_version (rig->stlink);
  guint all = 0x7F;

  g_assert_cmpstr (bw_stlink_get_firmware (rig->stlink), ==, kind->firmware);
  g_assert_cmphex (v->vid, ==, 0x0483);
  g_assert_cmphex (v->pid, ==, kind->pid);
  g_assert_cmpuint (v->api, ==, kind->api);
  for (guint bit = 1; bit <= all; bit <<= 1)
    g_assert_cmpint (bw_stlink_has_feature (rig->stlink, bit), ==, (kind->features & bit) != 0);
  /* Opening left mass-storage mode alone; GET_VERSION_EX only on V3. */
  for (guint i = 0; i < rig->recorder->records->len; i++)
    {
      Record *r = &g_array_index (rig->recorder->records, Record, i);
      if (r->cmd[0] == BW_STLINK_CMD_GET_VERSION_EX)
        g_assert_cmpuint (kind->api, ==, 3);
    }
}

static void
test_voltage (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (Rig) rig = rig_new (kind->scenario);
  g_autoptr (GError) error = NULL;
  gdouble volts = 0;

  g_assert_true (bw_stlink_read_target_voltage (rig->stlink, &volts, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (volts, 3.3, 0.01);
}

static void
test_frequency (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (Rig) rig = rig_new (kind->scenario);
  g_autoptr (GError) error = NULL;
  BwSimStlink *probe = bw_sim_transport_get_probe (rig->sim);
  guint khz = 0;

  g_assert_true (bw_stlink_set_swd_frequency (rig->stlink, 1000, &khz, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (khz, ==, kind->khz_for_1000);
  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (probe), ==, khz * 1000);
  /* Below every entry: the slowest one. */
  g_assert_true (bw_stlink_set_swd_frequency (rig->stlink, 1, &khz, &error));
  g_assert_cmpuint (khz, ==, 5);
  g_assert_cmpuint (bw_sim_stlink_get_swd_hz (probe), ==, 5000);
  g_assert_true (bw_stlink_set_swd_frequency (rig->stlink, 100000, &khz, &error));
  g_assert_cmpuint (khz, ==, kind->api == 3 ? 24000 : 4000);
  g_assert_cmpuint (bw_stlink_get_swd_frequency (rig->stlink), ==, khz);
}

static void
test_identify (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (Rig) rig = rig_new_connected (kind->scenario);
  g_autoptr (GError) error = NULL;
  guint32 idcode = 0, word = 0;
  guint8 buf[4];
  gboolean halted = FALSE;

  g_assert_cmpint (bw_sim_stlink_get_mode (bw_sim_transport_get_probe (rig->sim)), ==, BW_SIM_STLINK_MODE_DEBUG);
  g_assert_true (bw_stlink_read_idcode (rig->stlink, &idcode, &error));
  g_assert_no_error (error);
  g_assert_cmphex (idcode, ==, 0x2BA01477);
  g_assert_true (bw_stlink_read_mem32 (rig->stlink, DBGMCU_IDCODE, buf, 4, &error));
  g_assert_no_error (error);
  g_assert_cmphex (get32 (buf) & 0xFFF, ==, 0x413);
  g_assert_true (bw_stlink_read_debug_reg (rig->stlink, DBGMCU_IDCODE, &word, &error));
  g_assert_cmphex (word, ==, get32 (buf));
  g_assert_true (bw_stlink_read_debug_reg (rig->stlink, BW_CM_CPUID, &word, &error));
  g_assert_cmphex (word, ==, 0x410FC241);
  /* A normal connect halts the core. */
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_true (halted);
}

/* Every memory command of the recording obeys §4.7 and is followed by
 * GETLASTRWSTATUS2. Returns the number of memory commands. */
static guint
check_memory_commands (Rig *rig, guint mem8_limit)
{
  GArray *recs = rig->recorder->records;
  guint n = 0;

  for (guint i = 0; i < recs->len; i++)
    {
      Record *r = &g_array_index (recs, Record, i);
      guint32 address;
      guint16 count;
      guint width;

      if (r->cmd[0] != BW_STLINK_CMD_DEBUG)
        continue;
      switch (r->cmd[1])
        {
        case BW_STLINK_DEBUG_READMEM_8:
        case BW_STLINK_DEBUG_WRITEMEM_8:
          width = 1;
          break;
        case BW_STLINK_DEBUG_READMEM_16:
        case BW_STLINK_DEBUG_WRITEMEM_16:
          width = 2;
          break;
        case BW_STLINK_DEBUG_READMEM_32:
        case BW_STLINK_DEBUG_WRITEMEM_32:
          width = 4;
          break;
        default:
          continue;
        }
      n++;
      address = get32 (r->cmd + 2);
      count = (guint16) (r->cmd[6] | (r->cmd[7] << 8));
      g_assert_cmpuint (count, >, 0);
      if (width == 1)
        g_assert_cmpuint (count, <=, mem8_limit);
      else
        g_assert_cmpuint (count, <=, 6144);
      g_assert_cmpuint (address % width, ==, 0);
      g_assert_cmpuint (count % width, ==, 0);
      g_assert_cmpuint (address / 4096, ==, (address + count - 1) / 4096);
      if (r->cmd[1] == BW_STLINK_DEBUG_WRITEMEM_8 || r->cmd[1] == BW_STLINK_DEBUG_WRITEMEM_16 ||
          r->cmd[1] == BW_STLINK_DEBUG_WRITEMEM_32)
        g_assert_cmpuint (r->out_length, ==, count);
      else
        g_assert_cmpuint (r->in_length, ==, (width == 1 && count == 1) ? 2 : count);
      g_assert_cmpuint (i + 1, <, recs->len);
      r = &g_array_index (recs, Record, i + 1);
      g_assert_cmphex (r->cmd[0], ==, BW_STLINK_CMD_DEBUG);
      g_assert_cmphex (r->cmd[1], ==, BW_STLINK_DEBUG_GETLASTRWSTATUS2);
    }
  return n;
}

static void
test_sram_big (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (Rig) rig = rig_new_connected (kind->scenario);
  g_autoptr (GError) error = NULL;
  gsize size = 100 * 1024 + 7;
  g_autofree guint8 *out = g_malloc (size);
  g_autofree guint8 *in = g_malloc0 (size);
  g_autofree guint8 *words = g_malloc (64 * 1024);
  g_autofree guint8 *back = g_malloc0 (64 * 1024);
  guint n;

  fill_pattern (out, size, 42);
  g_array_set_size (rig->recorder->records, 0);
  /* Unaligned start and end: bytes, then words, then bytes. */
  g_assert_true (bw_stlink_write_memory (rig->stlink, SRAM + 3, out, size, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_read_memory (rig->stlink, SRAM + 3, in, size, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (in, size, out, size);
  n = check_memory_commands (rig, kind->mem8_limit);
  /* 100 KiB in 4 KiB blocks, both ways, plus the unaligned ends. */
  g_assert_cmpuint (n, >=, 2 * 25);
  g_assert_cmpuint (n, <=, 2 * 30);

  /* 32-bit blocks from an address that is not 4 KiB aligned. */
  fill_pattern (words, 64 * 1024, 7);
  g_array_set_size (rig->recorder->records, 0);
  g_assert_true (bw_stlink_write_mem32 (rig->stlink, SRAM + 0x804, words, 64 * 1024 - 8, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_read_mem32 (rig->stlink, SRAM + 0x804, back, 64 * 1024 - 8, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (back, 64 * 1024 - 8, words, 64 * 1024 - 8);
  n = check_memory_commands (rig, kind->mem8_limit);
  g_assert_cmpuint (n, ==, 2 * 17);
}

static void
test_small_widths (gconstpointer data)
{
  const Kind *kind = data;
  g_autoptr (Rig) rig = rig_new_connected (kind->scenario);
  g_autoptr (GError) error = NULL;
  const guint8 halves[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
  guint8 back[8] = { 0 };
  guint8 one = 0xA5, got = 0;
  g_autofree guint8 *bytes = g_malloc (kind->mem8_limit * 3 + 5);
  g_autofree guint8 *bytes_back = g_malloc0 (kind->mem8_limit * 3 + 5);

  g_assert_true (bw_stlink_write_mem16 (rig->stlink, SRAM + 0x102, halves, sizeof halves, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_read_mem16 (rig->stlink, SRAM + 0x102, back, sizeof back, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (back, sizeof back, halves, sizeof halves);
  g_assert_true (bw_stlink_write_mem8 (rig->stlink, SRAM + 0x201, &one, 1, &error));
  g_assert_true (bw_stlink_read_mem8 (rig->stlink, SRAM + 0x201, &got, 1, &error));
  g_assert_no_error (error);
  g_assert_cmphex (got, ==, 0xA5);

  fill_pattern (bytes, kind->mem8_limit * 3 + 5, 3);
  g_array_set_size (rig->recorder->records, 0);
  g_assert_true (bw_stlink_write_mem8 (rig->stlink, SRAM + 0x301, bytes, kind->mem8_limit * 3 + 5, &error));
  g_assert_true (bw_stlink_read_mem8 (rig->stlink, SRAM + 0x301, bytes_back, kind->mem8_limit * 3 + 5, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (bytes_back, kind->mem8_limit * 3 + 5, bytes, kind->mem8_limit * 3 + 5);
  /* The largest blocks: 3 full ones and a rest each way (512-byte blocks on
   * V3 cross no 4 KiB boundary from 0x301 either). */
  g_assert_cmpuint (check_memory_commands (rig, kind->mem8_limit), ==, 2 * 4);

  /* Misaligned widths are refused before anything is sent. */
  g_assert_false (bw_stlink_read_mem32 (rig->stlink, SRAM + 2, back, 4, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT);
}

static void
test_flash_read (gconstpointer data)
{
  const Kind *kind = data;
  g_autofree gchar *fw = scenario_with_firmware (NULL);
  g_autofree gchar *full = g_strconcat (kind->scenario, fw, NULL);
  g_autoptr (Rig) rig = rig_new_connected (full);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autoptr (GBytes) file = bw_test_load_bytes (path);
  gsize size = g_bytes_get_size (file);
  gsize aligned = (size + 3) & ~(gsize) 3;
  g_autofree guint8 *flash = g_malloc0 (aligned);
  gsize sim_size = 0;
  const guint8 *sim_flash = bw_sim_stm32f405_peek_flash (bw_sim_transport_get_target (rig->sim), &sim_size);

  g_assert_true (bw_stlink_read_mem32 (rig->stlink, FLASH, flash, aligned, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (flash, size, g_bytes_get_data (file, NULL), size);
  /* The erased rest of the last word. */
  for (gsize i = size; i < aligned; i++)
    g_assert_cmphex (flash[i], ==, 0xFF);
  g_assert_cmpuint (sim_size, >=, aligned);
  g_assert_cmpmem (flash, aligned, sim_flash, aligned);
}

static void
test_core_registers (gconstpointer data)
{
  const Kind *kind = data;
  g_autofree gchar *fw = scenario_with_firmware (NULL);
  g_autofree gchar *full = g_strconcat (kind->scenario, fw, NULL);
  g_autoptr (Rig) rig = rig_new_connected (full);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autoptr (GBytes) file = bw_test_load_bytes (path);
  const guint8 *image = g_bytes_get_data (file, NULL);
  guint32 value = 0;
  gboolean halted = FALSE;

  for (guint r = 0; r <= 12; r++)
    g_assert_true (bw_stlink_write_core_reg (rig->stlink, r, 0x1000u * r + 0xABu, &error));
  g_assert_no_error (error);
  for (guint r = 0; r <= 12; r++)
    {
      g_assert_true (bw_stlink_read_core_reg (rig->stlink, r, &value, &error));
      g_assert_no_error (error);
      g_assert_cmphex (value, ==, 0x1000u * r + 0xABu);
    }

  /* Reset and halt at the vector: PC and SP come from the vector table. */
  g_assert_true (bw_stlink_reset (rig->stlink, BW_STLINK_RESET_SYSTEM, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_true (halted);
  g_assert_true (bw_stlink_read_core_reg (rig->stlink, 15, &value, &error));
  g_assert_cmphex (value, ==, get32 (image + 4) & ~1u);
  g_assert_true (bw_stlink_read_core_reg (rig->stlink, 17, &value, &error));
  g_assert_cmphex (value, ==, get32 (image));
  g_assert_true (bw_stlink_read_core_reg (rig->stlink, 16, &value, &error));
  g_assert_cmphex (value & (1u << 24), !=, 0);
  g_assert_no_error (error);

  /* Run, then halt again. */
  g_assert_true (bw_stlink_run (rig->stlink, &error));
  bw_transport_sleep_us (BW_TRANSPORT (rig->sim), 1000);
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_false (halted);
  g_assert_true (bw_stlink_halt (rig->stlink, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_true (halted);

  /* NRST reset, halting at the vector. */
  g_assert_true (bw_stlink_reset (rig->stlink, BW_STLINK_RESET_HARDWARE, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_get_nrst_works (rig->stlink));
  g_assert_true (bw_stlink_read_core_reg (rig->stlink, 15, &value, &error));
  g_assert_cmphex (value, ==, get32 (image + 4) & ~1u);
}

/* ------------------------------------------------------------------ */
/* Modes                                                               */

static void
test_modes (void)
{
  g_autoptr (Rig) rig = rig_new_connected ("");
  g_autoptr (GError) error = NULL;
  g_autoptr (BwStlink) second = NULL;
  BwSimStlink *probe = bw_sim_transport_get_probe (rig->sim);
  guint8 mode = 0xFF;

  g_assert_true (bw_stlink_get_mode (rig->stlink, &mode, &error));
  g_assert_cmphex (mode, ==, BW_STLINK_MODE_DEBUG);
  /* A second session finds the probe in debug mode and leaves it first. */
  second = bw_stlink_new (BW_TRANSPORT (rig->sim));
  g_assert_true (bw_stlink_open (second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bw_sim_stlink_get_mode (probe), ==, BW_SIM_STLINK_MODE_MASS);
  g_assert_true (bw_stlink_connect (second, BW_STLINK_CONNECT_HOT_PLUG, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bw_sim_stlink_get_mode (probe), ==, BW_SIM_STLINK_MODE_DEBUG);
  g_assert_true (bw_stlink_close (second, &error));
  g_assert_cmpint (bw_sim_stlink_get_mode (probe), ==, BW_SIM_STLINK_MODE_MASS);
  /* Closed: nothing goes to the target any more. */
  g_assert_false (bw_stlink_read_debug_reg (second, BW_CM_DHCSR, (guint32 *) &mode, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_INTERNAL);
}

static void
test_hot_plug_keeps_running (void)
{
  g_autofree gchar *fw = scenario_with_firmware (NULL);
  g_autoptr (Rig) rig = rig_new (fw);
  g_autoptr (GError) error = NULL;
  gboolean halted = TRUE;

  bw_transport_sleep_us (BW_TRANSPORT (rig->sim), 10000);
  g_assert_true (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_HOT_PLUG, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_false (halted);
}

/* ------------------------------------------------------------------ */
/* Faults                                                              */

static void
test_fault_unpowered (void)
{
  g_autoptr (Rig) rig = rig_new ("[target]\npowered=false\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) diagnosis = NULL;

  g_assert_false (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  g_assert_nonnull (strstr (error->message, "GET_IDCODE_ERROR"));
  g_assert_false (bw_stlink_is_connected (rig->stlink));
  diagnosis = bw_stlink_diagnose_no_answer (rig->stlink, error, BW_STLINK_SENSE_WIRED);
  g_assert_error (diagnosis, BW_ERROR, BW_ERROR_TARGET_NOT_POWERED);
  g_assert_nonnull (strstr (diagnosis->message, "0.00 V"));
  g_clear_error (&diagnosis);
  /* Sense state unknown: 0 V still most likely means no power. */
  diagnosis = bw_stlink_diagnose_no_answer (rig->stlink, error, BW_STLINK_SENSE_UNKNOWN);
  g_assert_error (diagnosis, BW_ERROR, BW_ERROR_TARGET_NOT_POWERED);
}

static void
test_fault_unpowered_sense_not_wired (void)
{
  g_autoptr (Rig) rig = rig_new ("[probe]\nsense-wired=false\n[target]\npowered=false\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) diagnosis = NULL;

  g_assert_false (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  /* 0 V from an open sense pin proves nothing. */
  diagnosis = bw_stlink_diagnose_no_answer (rig->stlink, error, BW_STLINK_SENSE_NOT_WIRED);
  g_assert_error (diagnosis, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  g_assert_nonnull (strstr (diagnosis->message, "cannot measure"));
}

static void
test_fault_swapped (void)
{
  g_autoptr (Rig) rig = rig_new ("[target]\nswd-swapped=true\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) diagnosis = NULL;

  g_assert_false (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  diagnosis = bw_stlink_diagnose_no_answer (rig->stlink, error, BW_STLINK_SENSE_WIRED);
  g_assert_error (diagnosis, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  g_assert_nonnull (strstr (diagnosis->message, "3.30 V"));
  g_assert_nonnull (strstr (diagnosis->message, "swapped"));
  g_assert_nonnull (strstr (diagnosis->message, "under reset"));
  g_assert_nonnull (strstr (diagnosis->message, "slower"));
  /* Connect under reset does not help against swapped lines. */
  g_clear_error (&error);
  g_assert_false (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_UNDER_RESET, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
}

static void
test_fault_gnd_missing (void)
{
  g_autoptr (Rig) rig = rig_new ("[target]\ngnd-missing=true\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) diagnosis = NULL;

  g_assert_false (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_HOT_PLUG, &error));
  diagnosis = bw_stlink_diagnose_no_answer (rig->stlink, error, BW_STLINK_SENSE_WIRED);
  g_assert_error (diagnosis, BW_ERROR, BW_ERROR_TARGET_NOT_POWERED);
  g_assert_nonnull (strstr (diagnosis->message, "GND"));
}

static void
test_fault_swd_disabled (void)
{
  g_autofree gchar *fw = scenario_with_firmware ("swd-disabled-by-firmware=true\n");
  g_autoptr (Rig) rig = rig_new (fw);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) diagnosis = NULL;
  g_autofree gchar *path = bw_test_real_path ("VESC_default_fw7.00_hw60.bin");
  g_autoptr (GBytes) file = bw_test_load_bytes (path);
  guint32 pc = 0, idcode = 0;
  gboolean halted = FALSE;

  /* Let the firmware start and take the pins. */
  bw_transport_sleep_us (BW_TRANSPORT (rig->sim), 10000);
  g_assert_false (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_NORMAL, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  diagnosis = bw_stlink_diagnose_no_answer (rig->stlink, error, BW_STLINK_SENSE_WIRED);
  g_assert_error (diagnosis, BW_ERROR, BW_ERROR_TARGET_NO_RESPONSE);
  g_assert_nonnull (strstr (diagnosis->message, "under reset"));
  g_clear_error (&error);

  g_assert_true (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_UNDER_RESET, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_get_nrst_works (rig->stlink));
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_true (halted);
  g_assert_true (bw_stlink_read_core_reg (rig->stlink, 15, &pc, &error));
  g_assert_cmphex (pc, ==, get32 ((const guint8 *) g_bytes_get_data (file, NULL) + 4) & ~1u);
  /* The halted core keeps the pins in SWD mode. */
  bw_transport_sleep_us (BW_TRANSPORT (rig->sim), 10000);
  g_assert_true (bw_stlink_read_idcode (rig->stlink, &idcode, &error));
  g_assert_no_error (error);
  g_assert_cmphex (idcode, ==, 0x2BA01477);
}

static void
test_fault_nrst_not_wired (void)
{
  g_autofree gchar *fw = scenario_with_firmware ("nrst-wired=false\n");
  g_autoptr (Rig) rig = rig_new_connected (fw);
  g_autoptr (GError) error = NULL;
  gboolean halted = FALSE;

  g_assert_false (bw_stlink_reset (rig->stlink, BW_STLINK_RESET_HARDWARE, TRUE, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_NRST_NOT_CONNECTED);
  g_assert_false (bw_stlink_get_nrst_works (rig->stlink));
  g_clear_error (&error);
  /* The software reset still works. */
  g_assert_true (bw_stlink_reset (rig->stlink, BW_STLINK_RESET_SYSTEM, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_true (halted);
  /* Connect under reset falls back to it too. */
  g_assert_true (bw_stlink_connect (rig->stlink, BW_STLINK_CONNECT_UNDER_RESET, &error));
  g_assert_no_error (error);
  g_assert_false (bw_stlink_get_nrst_works (rig->stlink));
  g_assert_true (bw_stlink_is_halted (rig->stlink, &halted, &error));
  g_assert_true (halted);
}

static void
test_fault_unplugged (void)
{
  g_autoptr (Rig) rig = rig_new_connected ("[probe]\nunplug-after-transfers=60\n");
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *buf = g_malloc (64 * 1024);

  g_assert_false (bw_stlink_read_mem32 (rig->stlink, SRAM, buf, 64 * 1024, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (error->message, "at 0x2000"));
  g_clear_error (&error);
  g_assert_false (bw_stlink_read_idcode (rig->stlink, (guint32 *) buf, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_DISCONNECTED);
}

static void
test_fault_bus_error (void)
{
  g_autoptr (Rig) rig = rig_new_connected ("");
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *buf = g_malloc (8192);
  guint32 value = 0;

  /* The block crosses the end of SRAM; the fault names the first bad word. */
  g_assert_false (bw_stlink_read_mem32 (rig->stlink, SRAM + 0x1F000, buf, 8192, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_assert_nonnull (strstr (error->message, "at address 0x20020000"));
  g_clear_error (&error);
  g_assert_false (bw_stlink_write_mem32 (rig->stlink, 0x60000000u, buf, 16, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_assert_nonnull (strstr (error->message, "0x60000000"));
  g_clear_error (&error);
  g_assert_false (bw_stlink_read_debug_reg (rig->stlink, 0x60000000u, &value, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_clear_error (&error);
  /* The link still works afterwards. */
  g_assert_true (bw_stlink_read_mem32 (rig->stlink, SRAM, buf, 16, &error));
  g_assert_no_error (error);
}

static void
test_fault_read_protected (void)
{
  g_autoptr (Rig) rig = rig_new_connected ("[target]\nrdp=1\n");
  g_autoptr (GError) error = NULL;
  guint8 buf[256];

  g_assert_false (bw_stlink_read_mem32 (rig->stlink, FLASH, buf, sizeof buf, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_assert_nonnull (strstr (error->message, "at address 0x08000000"));
}

static void
test_fault_busy (void)
{
  g_autoptr (BwSimScenario) scenario = scenario_new ("[probe]\nbusy=true\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (BwSimTransport) sim = bw_sim_transport_new (scenario, NULL, &error);

  g_assert_null (sim);
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_BUSY);
}

static void
test_flaky_line_retried (void)
{
  g_autoptr (Rig) rig = rig_new_connected ("[probe]\nswd-flaky-one-in=700\n");
  g_autoptr (GError) error = NULL;
  gsize size = 16 * 1024;
  g_autofree guint8 *out = g_malloc (size);
  g_autofree guint8 *in = g_malloc0 (size);

  fill_pattern (out, size, 9);
  g_assert_true (bw_stlink_write_mem32 (rig->stlink, SRAM, out, size, &error));
  g_assert_no_error (error);
  g_assert_true (bw_stlink_read_mem32 (rig->stlink, SRAM, in, size, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (in, size, out, size);
}

static void
test_old_firmware (void)
{
  g_autoptr (Rig) rig = rig_new_connected ("[probe]\nfw-jtag=14\n");
  g_autoptr (GError) error = NULL;
  gdouble volts = 0;
  guint8 buf[16] = { 0 };
  guint khz = 0;

  g_assert_cmpstr (bw_stlink_get_firmware (rig->stlink), ==, "V2J14S7");
  /* J14 measures the voltage but has no GETLASTRWSTATUS2, SET_FREQ or 16-bit. */
  g_assert_true (bw_stlink_read_target_voltage (rig->stlink, &volts, &error));
  g_assert_no_error (error);
  g_assert_false (bw_stlink_write_mem16 (rig->stlink, SRAM, buf, 2, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD);
  g_clear_error (&error);
  g_assert_false (bw_stlink_set_swd_frequency (rig->stlink, 100, &khz, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD);
  g_clear_error (&error);
  g_assert_true (bw_stlink_set_swd_frequency (rig->stlink, 4000, &khz, &error));
  g_assert_cmpuint (khz, ==, 1800);
  /* Faults are still caught through GETLASTRWSTATUS. */
  g_array_set_size (rig->recorder->records, 0);
  g_assert_false (bw_stlink_read_mem32 (rig->stlink, 0x60000000u, buf, 16, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT);
  g_assert_nonnull (strstr (error->message, "0x60000000"));
  g_assert_cmphex (g_array_index (rig->recorder->records, Record, 1).cmd[1], ==, BW_STLINK_DEBUG_GETLASTRWSTATUS);
  g_clear_error (&error);

  g_clear_pointer (&rig, rig_free);
  rig = rig_new ("[probe]\nfw-jtag=12\n");
  g_assert_false (bw_stlink_read_target_voltage (rig->stlink, &volts, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD);
}

/* A V2-1 whose version word reads as M20 S7 runs STM8-only firmware. */
static void
test_stm8_only_firmware (void)
{
  g_autoptr (BwSimScenario) scenario = scenario_new ("[probe]\nkind=v2-1\nfw-jtag=20\nfw-msd=7\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (BwSimTransport) sim = bw_sim_transport_new (scenario, NULL, &error);
  g_autoptr (BwStlink) stlink = bw_stlink_new (BW_TRANSPORT (sim));

  g_assert_no_error (error);
  g_assert_false (bw_stlink_open (stlink, &error));
  g_assert_error (error, BW_ERROR, BW_ERROR_PROBE_FIRMWARE_TOO_OLD);
  g_assert_nonnull (strstr (error->message, "V2M20S7"));
}

static void
test_virtual_time (void)
{
  g_autoptr (Rig) rig = rig_new ("");
  BwTransport *t = BW_TRANSPORT (rig->sim);
  gint64 start = bw_transport_now_us (t);
  gint64 wall = g_get_monotonic_time ();

  bw_transport_sleep_us (t, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (bw_transport_now_us (t) - start, >=, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - wall, <, G_USEC_PER_SEC);
  g_assert_cmpuint (bw_sim_clock_now_us (bw_sim_transport_get_clock (rig->sim)), ==, (guint64) bw_transport_now_us (t));
}

static void
add_kind (const gchar *name, const Kind *kind)
{
  struct
  {
    const gchar *test;
    GTestDataFunc func;
  } tests[] = {
    { "version", test_version },         { "voltage", test_voltage },
    { "frequency", test_frequency },     { "identify", test_identify },
    { "sram-big", test_sram_big },       { "small-widths", test_small_widths },
    { "flash-read", test_flash_read },   { "core-registers", test_core_registers },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("/stlink/%s/%s", name, tests[i].test);
      g_test_add_data_func (path, kind, tests[i].func);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_kind ("v2", &kind_v2);
  add_kind ("v2-1", &kind_v2_1);
  add_kind ("v3", &kind_v3);
  g_test_add_func ("/stlink/modes", test_modes);
  g_test_add_func ("/stlink/hot-plug", test_hot_plug_keeps_running);
  g_test_add_func ("/stlink/virtual-time", test_virtual_time);
  g_test_add_func ("/stlink/old-firmware", test_old_firmware);
  g_test_add_func ("/stlink/stm8-only-firmware", test_stm8_only_firmware);
  g_test_add_func ("/stlink/fault/unpowered", test_fault_unpowered);
  g_test_add_func ("/stlink/fault/unpowered-sense-not-wired", test_fault_unpowered_sense_not_wired);
  g_test_add_func ("/stlink/fault/swapped", test_fault_swapped);
  g_test_add_func ("/stlink/fault/gnd-missing", test_fault_gnd_missing);
  g_test_add_func ("/stlink/fault/swd-disabled", test_fault_swd_disabled);
  g_test_add_func ("/stlink/fault/nrst-not-wired", test_fault_nrst_not_wired);
  g_test_add_func ("/stlink/fault/unplugged", test_fault_unplugged);
  g_test_add_func ("/stlink/fault/bus-error", test_fault_bus_error);
  g_test_add_func ("/stlink/fault/read-protected", test_fault_read_protected);
  g_test_add_func ("/stlink/fault/busy", test_fault_busy);
  g_test_add_func ("/stlink/fault/flaky-line", test_flaky_line_retried);
  return g_test_run ();
}

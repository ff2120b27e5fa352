/* make-stlink-seeds.c: records what the simulated probe answers during the
 * fuzzer's session, in the fuzz transport's input format, as seeds for
 * fuzz-stlink-replies
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built by tests/faults/meson.build (on demand). Usage: make-stlink-seeds
 * OUTPUT_DIR (the real test images are taken from
 * BW_TESTDATA_REAL). Regenerate the corpus with it when the session in
 * bw-fuzz-stlink-session.c changes.
 */
#include "config.h"

#include <string.h>

#include "bootwire-engine.h"
#include "bw-fuzz-stlink-session.h"
#include "bw-sim-transport.h"

#define BW_TYPE_RECORDING_TRANSPORT (bw_recording_transport_get_type ())
G_DECLARE_FINAL_TYPE (BwRecordingTransport, bw_recording_transport, BW, RECORDING_TRANSPORT, GObject)

struct _BwRecordingTransport
{
  GObject         parent_instance;
  BwSimTransport *inner;
  GByteArray     *record;
};

static void bw_recording_transport_iface_init (BwTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BwRecordingTransport, bw_recording_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BW_TYPE_TRANSPORT, bw_recording_transport_iface_init))

static void
bw_recording_transport_finalize (GObject *object)
{
  BwRecordingTransport *self = BW_RECORDING_TRANSPORT (object);

  g_clear_object (&self->inner);
  g_byte_array_unref (self->record);
  G_OBJECT_CLASS (bw_recording_transport_parent_class)->finalize (object);
}

static void
bw_recording_transport_class_init (BwRecordingTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_recording_transport_finalize;
}

static void
bw_recording_transport_init (BwRecordingTransport *self)
{
  self->record = g_byte_array_new ();
}

/* The control byte of bw-fuzz-transport.h that fails with @code. */
static guint8
failure_byte (const GError *error)
{
  static const BwError failures[] = {
    BW_ERROR_DISCONNECTED, BW_ERROR_TIMED_OUT, BW_ERROR_PROBE_BUSY, BW_ERROR_PROBE_PROTOCOL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    if (g_error_matches (error, BW_ERROR, failures[i]))
      return (guint8) (16 * i);
  return 0;
}

static gboolean
recording_command (BwTransport *transport, const guint8 *cmd, const guint8 *out_data, gsize out_length,
                   guint8 *in_data, gsize in_length, gsize *in_actual, guint timeout_ms, GError **error)
{
  BwRecordingTransport *self = BW_RECORDING_TRANSPORT (transport);
  BwTransportInterface *inner = BW_TRANSPORT_GET_IFACE (self->inner);
  g_autoptr(GError) local_error = NULL;
  gsize actual = 0;
  guint8 byte;

  if (!inner->command (BW_TRANSPORT (self->inner), cmd, out_data, out_length, in_data, in_length, &actual,
                       timeout_ms, &local_error))
    {
      byte = failure_byte (local_error);
      g_byte_array_append (self->record, &byte, 1);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  byte = 0x01;
  g_byte_array_append (self->record, &byte, 1);
  if (in_length > 0)
    {
      if (actual == in_length)
        byte = 0xFF;
      else if (actual < 0xFF)
        byte = (guint8) actual;
      else
        g_error ("a short reply of %" G_GSIZE_FORMAT " bytes cannot be recorded", actual);
      g_byte_array_append (self->record, &byte, 1);
      g_byte_array_append (self->record, in_data, (guint) actual);
    }
  if (in_actual != NULL)
    *in_actual = actual;
  return TRUE;
}

static void
recording_sleep_us (BwTransport *transport, guint64 us)
{
  bw_transport_sleep_us (BW_TRANSPORT (BW_RECORDING_TRANSPORT (transport)->inner), us);
}

static gint64
recording_now_us (BwTransport *transport)
{
  return bw_transport_now_us (BW_TRANSPORT (BW_RECORDING_TRANSPORT (transport)->inner));
}

static void
bw_recording_transport_iface_init (BwTransportInterface *iface)
{
  iface->command = recording_command;
  iface->sleep_us = recording_sleep_us;
  iface->now_us = recording_now_us;
}

static void
record_seed (const gchar *out_dir, const gchar *name, const gchar *scenario_text, guint8 flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimScenario) scenario = bw_sim_scenario_load_from_data (scenario_text, &error);
  g_autoptr(BwRecordingTransport) recorder = g_object_new (BW_TYPE_RECORDING_TRANSPORT, NULL);
  g_autofree gchar *path = g_build_filename (out_dir, name, NULL);

  if (scenario == NULL)
    g_error ("%s: %s", name, error->message);
  recorder->inner = bw_sim_transport_new (scenario, NULL, &error);
  if (recorder->inner == NULL)
    g_error ("%s: %s", name, error->message);
  g_byte_array_prepend (recorder->record, &flags, 1);
  bw_fuzz_stlink_session (BW_TRANSPORT (recorder), flags);
  if (!g_file_set_contents (path, (const gchar *) recorder->record->data, recorder->record->len, &error))
    g_error ("%s", error->message);
  g_print ("%s: %u bytes\n", path, recorder->record->len);
}

int
main (int argc, char **argv)
{
  const gchar *real = g_getenv ("BW_TESTDATA_REAL");
  g_autofree gchar *firmware = NULL;
  g_autofree gchar *with_firmware = NULL;

  if (argc != 2 || real == NULL)
    g_error ("usage: BW_TESTDATA_REAL=DIR make-stlink-seeds OUTPUT_DIR");
  firmware = g_build_filename (real, "VESC_default_fw7.00_hw60.bin", NULL);
  with_firmware = g_strdup_printf ("[target]\nflash=%s\n", firmware);

  record_seed (argv[1], "blank-f405.bin", "", 0x00);
  record_seed (argv[1], "firmware-f405-auto-clock.bin", with_firmware, 0x80);
  record_seed (argv[1], "under-reset-given-voltage.bin", with_firmware, 0x41);
  record_seed (argv[1], "read-protected.bin", "[target]\nrdp=1\n", 0x00);
  record_seed (argv[1], "unpowered.bin", "[target]\npowered=false\n", 0x00);
  record_seed (argv[1], "f411.bin", "[target]\nchip=f411\n", 0x02);
  record_seed (argv[1], "v3-probe.bin", "[probe]\nkind=v3\n", 0x80);
  record_seed (argv[1], "clone-unwired-sense.bin", "[probe]\nclone=true\nsense-wired=false\n", 0x00);
  record_seed (argv[1], "old-probe-firmware.bin", "[probe]\nfw-jtag=17\n", 0x00);
  record_seed (argv[1], "unplugged.bin", "[probe]\nunplug-after-transfers=30\n", 0x00);
  return 0;
}

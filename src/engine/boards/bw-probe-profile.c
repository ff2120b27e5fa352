/* bw-probe-profile.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-probe-profile.h"
#include "bw-profile-reader-private.h"

#define GROUP_PROBE "Probe"
#define GROUP_HEADER "Header"
#define MAX_PINS 40

typedef struct {
  BwSignal  signal;
  gchar    *label;
} BwProbePin;

struct _BwProbeProfile
{
  GObject             parent_instance;
  gchar              *id;
  gchar              *path;
  gchar              *name;
  BwProbeProfileKind  kind;
  GArray             *usb_pids; /* guint16 */
  gchar              *identify;
  gboolean            nrst_drives_reset;
  gboolean            can_power_target;
  BwConfidence        confidence;
  gchar             **sources;
  gchar              *notes;
  gchar              *header_name;
  gdouble             pitch_mm;
  guint               n_rows;
  guint               n_columns;
  BwPinNumbering      numbering;
  guint               gnd_pin; /* index */
  GArray             *pins; /* BwProbePin */
};

G_DEFINE_FINAL_TYPE (BwProbeProfile, bw_probe_profile, G_TYPE_OBJECT)

static const gchar *const probe_keys[] = {
  "Name", "Kind", "UsbPids", "Identify", "NrstDrivesReset", "CanPowerTarget",
  "Confidence", "Sources", "Notes", NULL
};
static const gchar *const header_keys[] = {
  "Name", "PitchMm", "Rows", "Columns", "Numbering", "Signals", "Labels", "GndPin", NULL
};
/* what the wizard shows in the user's language, given as Key[de]=, Key[es]= */
static const gchar *const probe_localized_keys[] = { "Name", "Identify", "Notes", NULL };
static const gchar *const header_localized_keys[] = { "Name", NULL };
static const gchar *const groups[] = { GROUP_PROBE, GROUP_HEADER, NULL };
static const gchar *const kind_choices[] = { "clone", "genuine", "nucleo", "v3", "vesc", NULL };
static const gchar *const confidence_choices[] = { "unconfirmed", "low", "medium", "high", NULL };
static const gchar *const numbering_choices[] = { "idc", "row", NULL };

static void
clear_pin (gpointer data)
{
  BwProbePin *pin = data;

  g_free (pin->label);
}

static void
bw_probe_profile_finalize (GObject *object)
{
  BwProbeProfile *self = BW_PROBE_PROFILE (object);

  g_free (self->id);
  g_free (self->path);
  g_free (self->name);
  g_clear_pointer (&self->usb_pids, g_array_unref);
  g_free (self->identify);
  g_strfreev (self->sources);
  g_free (self->notes);
  g_free (self->header_name);
  g_clear_pointer (&self->pins, g_array_unref);
  G_OBJECT_CLASS (bw_probe_profile_parent_class)->finalize (object);
}

static void
bw_probe_profile_class_init (BwProbeProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_probe_profile_finalize;
}

static void
bw_probe_profile_init (BwProbeProfile *self)
{
  self->usb_pids = g_array_new (FALSE, TRUE, sizeof (guint16));
  self->pins = g_array_new (FALSE, TRUE, sizeof (BwProbePin));
  g_array_set_clear_func (self->pins, clear_pin);
}

static gboolean
load_probe (BwProbeProfile *self, BwProfileReader *reader, GError **error)
{
  g_auto(GStrv) pids = NULL;
  GError *local_error = NULL;
  gint choice = 0;

  self->name = bw_profile_reader_get_string (reader, GROUP_PROBE, "Name", TRUE, TRUE, error);
  if (self->name == NULL)
    return FALSE;
  self->identify = bw_profile_reader_get_string (reader, GROUP_PROBE, "Identify", TRUE, TRUE, error);
  if (self->identify == NULL)
    return FALSE;
  self->sources = bw_profile_reader_get_list (reader, GROUP_PROBE, "Sources", TRUE, error);
  if (self->sources == NULL)
    return FALSE;
  self->notes = bw_profile_reader_get_string (reader, GROUP_PROBE, "Notes", FALSE, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!bw_profile_reader_get_choice (reader, GROUP_PROBE, "Kind", kind_choices, -1, &choice, error))
    return FALSE;
  self->kind = (BwProbeProfileKind) choice;
  if (!bw_profile_reader_get_choice (reader, GROUP_PROBE, "Confidence", confidence_choices, -1, &choice, error))
    return FALSE;
  self->confidence = (BwConfidence) choice;
  if (!bw_profile_reader_get_boolean (reader, GROUP_PROBE, "NrstDrivesReset", FALSE,
                                      &self->nrst_drives_reset, error))
    return FALSE;
  if (!bw_profile_reader_get_boolean (reader, GROUP_PROBE, "CanPowerTarget", FALSE,
                                      &self->can_power_target, error))
    return FALSE;

  pids = bw_profile_reader_get_list (reader, GROUP_PROBE, "UsbPids", TRUE, error);
  if (pids == NULL)
    return FALSE;
  for (guint i = 0; pids[i] != NULL; i++)
    {
      guint64 pid = 0;

      if (!g_str_has_prefix (pids[i], "0x") ||
          !g_ascii_string_to_unsigned (pids[i] + 2, 16, 1, G_MAXUINT16, &pid, NULL))
        {
          bw_profile_reader_set_error (reader, error, GROUP_PROBE, "UsbPids",
                                       "“%s” is not a USB product ID like 0x3748", pids[i]);
          return FALSE;
        }
      g_array_append_vals (self->usb_pids, &(guint16) { (guint16) pid }, 1);
    }
  return TRUE;
}

static gboolean
load_header (BwProbeProfile *self, BwProfileReader *reader, GError **error)
{
  g_auto(GStrv) signals = NULL;
  g_auto(GStrv) labels = NULL;
  guint seen[BW_SIGNAL_LAST] = { 0 };
  guint64 rows = 0;
  guint64 columns = 0;
  guint64 gnd_pin = 0;
  gint choice = 0;
  guint n;

  self->header_name = bw_profile_reader_get_string (reader, GROUP_HEADER, "Name", TRUE, TRUE, error);
  if (self->header_name == NULL)
    return FALSE;
  if (!bw_profile_reader_get_pitch (reader, GROUP_HEADER, "PitchMm", &self->pitch_mm, error))
    return FALSE;
  if (self->pitch_mm == 0.0)
    {
      bw_profile_reader_set_error (reader, error, GROUP_HEADER, "PitchMm", "required key is missing");
      return FALSE;
    }
  if (!bw_profile_reader_get_uint (reader, GROUP_HEADER, "Rows", TRUE, 1, 2, &rows, error) ||
      !bw_profile_reader_get_uint (reader, GROUP_HEADER, "Columns", TRUE, 1, MAX_PINS / 2, &columns, error))
    return FALSE;
  self->n_rows = (guint) rows;
  self->n_columns = (guint) columns;
  if (!bw_profile_reader_get_choice (reader, GROUP_HEADER, "Numbering", numbering_choices,
                                     BW_PIN_NUMBERING_IDC, &choice, error))
    return FALSE;
  self->numbering = (BwPinNumbering) choice;

  signals = bw_profile_reader_get_list (reader, GROUP_HEADER, "Signals", TRUE, error);
  if (signals == NULL)
    return FALSE;
  labels = bw_profile_reader_get_list (reader, GROUP_HEADER, "Labels", TRUE, error);
  if (labels == NULL)
    return FALSE;
  n = g_strv_length (signals);
  if (n != self->n_rows * self->n_columns)
    {
      bw_profile_reader_set_error (reader, error, GROUP_HEADER, "Signals",
                                   "lists %u pins but the header has %u × %u",
                                   n, self->n_rows, self->n_columns);
      return FALSE;
    }
  if (g_strv_length (labels) != n)
    {
      bw_profile_reader_set_error (reader, error, GROUP_HEADER, "Labels",
                                   "lists %u labels for %u pins", g_strv_length (labels), n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      BwProbePin pin = { 0 };

      if (!bw_signal_from_string (signals[i], &pin.signal) || pin.signal == BW_SIGNAL_3V3)
        {
          bw_profile_reader_set_error (reader, error, GROUP_HEADER, "Signals",
                                       "pin %u: “%s” is not a probe signal", i + 1, signals[i]);
          return FALSE;
        }
      if ((pin.signal == BW_SIGNAL_SWDIO || pin.signal == BW_SIGNAL_SWCLK ||
           pin.signal == BW_SIGNAL_NRST) && seen[pin.signal] > 0)
        {
          bw_profile_reader_set_error (reader, error, GROUP_HEADER, "Signals",
                                       "pin %u: %s appears twice", i + 1, signals[i]);
          return FALSE;
        }
      seen[pin.signal]++;
      pin.label = g_strcmp0 (labels[i], "-") == 0 ? NULL : g_strdup (labels[i]);
      g_array_append_val (self->pins, pin);
    }
  for (BwSignal s = BW_SIGNAL_GND; s <= BW_SIGNAL_SWCLK; s++)
    {
      if (seen[s] == 0)
        {
          bw_profile_reader_set_error (reader, error, GROUP_HEADER, "Signals",
                                       "no %s pin: SWD needs GND, SWDIO and SWCLK",
                                       bw_signal_to_string (s));
          return FALSE;
        }
    }
  if (self->nrst_drives_reset && seen[BW_SIGNAL_NRST] == 0)
    {
      bw_profile_reader_set_error (reader, error, GROUP_PROBE, "NrstDrivesReset",
                                   "true, but the header has no NRST pin");
      return FALSE;
    }
  if (!self->nrst_drives_reset && seen[BW_SIGNAL_NRST] > 0)
    {
      bw_profile_reader_set_error (reader, error, GROUP_PROBE, "NrstDrivesReset",
                                   "false, but the header has an NRST pin (a reset pin that does not reach the STM32 is RST-STM8)");
      return FALSE;
    }
  if (self->can_power_target && seen[BW_SIGNAL_3V3_OUT] == 0)
    {
      bw_profile_reader_set_error (reader, error, GROUP_PROBE, "CanPowerTarget",
                                   "true, but the header has no 3V3-OUT pin");
      return FALSE;
    }

  if (!bw_profile_reader_get_uint (reader, GROUP_HEADER, "GndPin", FALSE, 1, n, &gnd_pin, error))
    return FALSE;
  if (gnd_pin == 0)
    {
      if (!bw_probe_profile_find_pin (self, BW_SIGNAL_GND, &self->gnd_pin))
        g_return_val_if_reached (FALSE);
    }
  else if (g_array_index (self->pins, BwProbePin, gnd_pin - 1).signal != BW_SIGNAL_GND)
    {
      bw_profile_reader_set_error (reader, error, GROUP_HEADER, "GndPin",
                                   "pin %u is not a GND pin", (guint) gnd_pin);
      return FALSE;
    }
  else
    self->gnd_pin = (guint) gnd_pin - 1;
  return TRUE;
}

BwProbeProfile *
bw_probe_profile_new_from_file (const gchar *path, GError **error)
{
  g_autoptr(BwProfileReader) reader = NULL;
  g_autoptr(BwProbeProfile) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = bw_profile_reader_new (path, error);
  if (reader == NULL)
    return NULL;
  if (!bw_profile_reader_check_groups (reader, groups, error) ||
      !bw_profile_reader_check_keys (reader, GROUP_PROBE, probe_keys, probe_localized_keys, error) ||
      !bw_profile_reader_check_keys (reader, GROUP_HEADER, header_keys, header_localized_keys, error))
    return NULL;

  self = g_object_new (BW_TYPE_PROBE_PROFILE, NULL);
  self->path = g_strdup (path);
  self->id = g_strndup (reader->basename, strlen (reader->basename) - (g_str_has_suffix (reader->basename, ".probe") ? 6 : 0));
  if (!load_probe (self, reader, error) || !load_header (self, reader, error))
    return NULL;
  return g_steal_pointer (&self);
}

const gchar *
bw_probe_profile_get_id (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  return self->id;
}

const gchar *
bw_probe_profile_get_path (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  return self->path;
}

const gchar *
bw_probe_profile_get_name (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  return self->name;
}

BwProbeProfileKind
bw_probe_profile_get_kind (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), BW_PROBE_PROFILE_KIND_CLONE);
  return self->kind;
}

const guint16 *
bw_probe_profile_get_usb_pids (BwProbeProfile *self, guint *n_pids)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  g_return_val_if_fail (n_pids != NULL, NULL);
  *n_pids = self->usb_pids->len;
  return (const guint16 *) (gpointer) self->usb_pids->data;
}

/* How to tell this layout from the others, in words for the user. */
const gchar *
bw_probe_profile_get_identify (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  return self->identify;
}

gboolean
bw_probe_profile_get_nrst_drives_reset (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), FALSE);
  return self->nrst_drives_reset;
}

gboolean
bw_probe_profile_get_can_power_target (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), FALSE);
  return self->can_power_target;
}

BwConfidence
bw_probe_profile_get_confidence (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), BW_CONFIDENCE_UNCONFIRMED);
  return self->confidence;
}

const gchar *const *
bw_probe_profile_get_sources (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  return (const gchar *const *) self->sources;
}

const gchar *
bw_probe_profile_get_notes (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  return self->notes;
}

const gchar *
bw_probe_profile_get_header_name (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  return self->header_name;
}

gdouble
bw_probe_profile_get_pitch_mm (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), 0.0);
  return self->pitch_mm;
}

guint
bw_probe_profile_get_n_rows (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), 0);
  return self->n_rows;
}

guint
bw_probe_profile_get_n_columns (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), 0);
  return self->n_columns;
}

guint
bw_probe_profile_get_n_pins (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), 0);
  return self->pins->len;
}

BwSignal
bw_probe_profile_get_pin_signal (BwProbeProfile *self, guint index)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), BW_SIGNAL_NC);
  g_return_val_if_fail (index < self->pins->len, BW_SIGNAL_NC);
  return g_array_index (self->pins, BwProbePin, index).signal;
}

/* The label printed next to the pin, or NULL. Pin number is index + 1. */
const gchar *
bw_probe_profile_get_pin_label (BwProbeProfile *self, guint index)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), NULL);
  g_return_val_if_fail (index < self->pins->len, NULL);
  return g_array_index (self->pins, BwProbePin, index).label;
}

void
bw_probe_profile_get_pin_position (BwProbeProfile *self, guint index, guint *row, guint *column)
{
  g_return_if_fail (BW_IS_PROBE_PROFILE (self));
  g_return_if_fail (index < self->pins->len);

  if (self->numbering == BW_PIN_NUMBERING_IDC && self->n_rows == 2)
    {
      *row = index % 2;
      *column = index / 2;
    }
  else
    {
      *row = index / self->n_columns;
      *column = index % self->n_columns;
    }
}

gboolean
bw_probe_profile_find_pin (BwProbeProfile *self, BwSignal signal, guint *index)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), FALSE);

  for (guint i = 0; i < self->pins->len; i++)
    {
      if (g_array_index (self->pins, BwProbePin, i).signal == signal)
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* The ground pin to use: GndPin= if the profile names one, else the first. */
guint
bw_probe_profile_get_gnd_pin (BwProbeProfile *self)
{
  g_return_val_if_fail (BW_IS_PROBE_PROFILE (self), 0);
  return self->gnd_pin;
}

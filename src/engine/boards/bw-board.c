/* bw-board.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A board profile is reviewed data: every key is checked on load and any
 * key Bootwire does not know is an error, so that a typo in a pinout can
 * never be silently ignored.
 */
#include "config.h"

#include <string.h>

#include "bw-board.h"
#include "bw-error.h"
#include "bw-profile-reader-private.h"

#define GROUP_BOARD "Board"
#define GROUP_CONNECTOR "Connector"
#define MAX_PINS 20
#define N_FLASH_SECTORS 12

typedef struct {
  BwSignal     signal;
  gchar       *label;
  gboolean     has_colour;
  BwWireColour colour;
} BwBoardPin;

struct _BwBoard
{
  GObject             parent_instance;
  gchar              *id;
  gchar              *path;
  gchar              *name;
  gchar              *vendor;
  gchar             **hardware;
  gchar              *mcu;
  guint               flash_kib;
  guint               n_targets;
  gchar              *dual_note;
  BwBoardPower        power;
  gchar              *power_note;
  gboolean            power_latch;
  BwNrstAvailability  nrst;
  gchar              *bootloader;
  gchar              *bootloader_note;
  guint32             bootloader_address;
  guint32             firmware_address;
  guint32             config_sectors;
  BwConfidence        confidence;
  gchar              *confidence_as_given;
  gchar             **sources;
  gchar              *notes;
  BwConnectorType     connector;
  gdouble             pitch_mm;
  BwPin1End           pin1_end;
  gboolean            order_confirmed;
  GArray             *pins; /* BwBoardPin */
};

G_DEFINE_FINAL_TYPE (BwBoard, bw_board, G_TYPE_OBJECT)

static const gchar *const board_keys[] = {
  "Name", "Vendor", "Hardware", "Mcu", "FlashKiB", "Targets", "DualNote", "Power",
  "PowerNote", "PowerLatch", "Nrst", "Bootloader", "BootloaderNote", "BootloaderAddress",
  "FirmwareAddress", "ConfigSectors", "Confidence", "ConfidenceAsGiven", "Sources",
  "Notes", NULL
};
/* what the wizard shows in the user's language, given as Key[de]=, Key[es]= */
static const gchar *const board_localized_keys[] = {
  "Name", "Vendor", "DualNote", "PowerNote", "BootloaderNote", "Notes", NULL
};
static const gchar *const connector_keys[] = {
  "Type", "PitchMm", "Pins", "Signals", "Labels", "Colours", "Pin1", "OrderConfirmed", NULL
};
static const gchar *const groups[] = { GROUP_BOARD, GROUP_CONNECTOR, NULL };
static const gchar *const confidence_choices[] = { "unconfirmed", "low", "medium", "high", NULL };
static const gchar *const power_choices[] = { "battery", "battery-or-probe", NULL };
static const gchar *const nrst_choices[] = { "yes", "unknown", "no", NULL };
static const gchar *const connector_choices[] = { "jst-ph", "pin-header", "pads", "internal", "unknown", NULL };
static const gchar *const pin1_choices[] = { "first", "last", "unknown", NULL };

static void
clear_pin (gpointer data)
{
  BwBoardPin *pin = data;

  g_free (pin->label);
}

static void
bw_board_finalize (GObject *object)
{
  BwBoard *self = BW_BOARD (object);

  g_free (self->id);
  g_free (self->path);
  g_free (self->name);
  g_free (self->vendor);
  g_strfreev (self->hardware);
  g_free (self->mcu);
  g_free (self->dual_note);
  g_free (self->power_note);
  g_free (self->bootloader);
  g_free (self->bootloader_note);
  g_free (self->confidence_as_given);
  g_strfreev (self->sources);
  g_free (self->notes);
  g_clear_pointer (&self->pins, g_array_unref);
  G_OBJECT_CLASS (bw_board_parent_class)->finalize (object);
}

static void
bw_board_class_init (BwBoardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_board_finalize;
}

static void
bw_board_init (BwBoard *self)
{
  self->pins = g_array_new (FALSE, TRUE, sizeof (BwBoardPin));
  g_array_set_clear_func (self->pins, clear_pin);
}

/* Absent is fine; present but empty is a mistake. */
static gboolean
get_optional_text (BwProfileReader *reader, const gchar *key, gchar **value, GError **error)
{
  GError *local_error = NULL;

  *value = bw_profile_reader_get_string (reader, GROUP_BOARD, key, FALSE, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_text (BwBoard *self, BwProfileReader *reader, GError **error)
{

  self->name = bw_profile_reader_get_string (reader, GROUP_BOARD, "Name", TRUE, TRUE, error);
  if (self->name == NULL)
    return FALSE;
  self->vendor = bw_profile_reader_get_string (reader, GROUP_BOARD, "Vendor", TRUE, TRUE, error);
  if (self->vendor == NULL)
    return FALSE;
  self->mcu = bw_profile_reader_get_string (reader, GROUP_BOARD, "Mcu", TRUE, FALSE, error);
  if (self->mcu == NULL)
    return FALSE;
  self->bootloader = bw_profile_reader_get_string (reader, GROUP_BOARD, "Bootloader", TRUE, FALSE, error);
  if (self->bootloader == NULL)
    return FALSE;
  if (strchr (self->bootloader, '/') != NULL || !g_str_has_suffix (self->bootloader, ".bin"))
    {
      bw_profile_reader_set_error (reader, error, GROUP_BOARD, "Bootloader",
                                   "“%s” is not a VESC bootloader file name (NAME.bin)",
                                   self->bootloader);
      return FALSE;
    }
  self->confidence_as_given = bw_profile_reader_get_string (reader, GROUP_BOARD, "ConfidenceAsGiven",
                                                            TRUE, FALSE, error);
  if (self->confidence_as_given == NULL)
    return FALSE;
  self->sources = bw_profile_reader_get_list (reader, GROUP_BOARD, "Sources", TRUE, error);
  if (self->sources == NULL)
    return FALSE;

  if (!get_optional_text (reader, "DualNote", &self->dual_note, error) ||
      !get_optional_text (reader, "PowerNote", &self->power_note, error) ||
      !get_optional_text (reader, "BootloaderNote", &self->bootloader_note, error) ||
      !get_optional_text (reader, "Notes", &self->notes, error))
    return FALSE;

  /* an empty list is allowed here: some boards' firmware names are not known */
  self->hardware = g_key_file_get_string_list (reader->keyfile, GROUP_BOARD, "Hardware", NULL, NULL);
  if (self->hardware == NULL)
    {
      bw_profile_reader_set_error (reader, error, GROUP_BOARD, "Hardware",
                                   "required key is missing (leave it empty when the firmware name is not known)");
      return FALSE;
    }
  for (guint i = 0; self->hardware[i] != NULL; i++)
    {
      g_strstrip (self->hardware[i]);
      if (*self->hardware[i] == '\0')
        {
          bw_profile_reader_set_error (reader, error, GROUP_BOARD, "Hardware",
                                       "item %u of the list is empty", i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_numbers (BwBoard *self, BwProfileReader *reader, GError **error)
{
  g_auto(GStrv) sectors = NULL;
  guint64 value = 0;
  gint choice = 0;

  if (!bw_profile_reader_get_uint (reader, GROUP_BOARD, "FlashKiB", TRUE, 16, 16384, &value, error))
    return FALSE;
  self->flash_kib = (guint) value;
  if (!bw_profile_reader_get_uint (reader, GROUP_BOARD, "Targets", TRUE, 1, 2, &value, error))
    return FALSE;
  self->n_targets = (guint) value;
  if (self->n_targets == 2 && self->dual_note == NULL)
    {
      bw_profile_reader_set_error (reader, error, GROUP_BOARD, "DualNote",
                                   "a board with two targets needs a note on how to reach each side");
      return FALSE;
    }
  if (!bw_profile_reader_get_uint (reader, GROUP_BOARD, "BootloaderAddress", TRUE,
                                   0x08000000, 0x081FFFFF, &value, error))
    return FALSE;
  self->bootloader_address = (guint32) value;
  if (!bw_profile_reader_get_uint (reader, GROUP_BOARD, "FirmwareAddress", TRUE,
                                   0x08000000, 0x081FFFFF, &value, error))
    return FALSE;
  self->firmware_address = (guint32) value;
  if (self->bootloader_address <= self->firmware_address)
    {
      bw_profile_reader_set_error (reader, error, GROUP_BOARD, "BootloaderAddress",
                                   "must be above FirmwareAddress");
      return FALSE;
    }

  sectors = bw_profile_reader_get_list (reader, GROUP_BOARD, "ConfigSectors", TRUE, error);
  if (sectors == NULL)
    return FALSE;
  for (guint i = 0; sectors[i] != NULL; i++)
    {
      guint64 sector = 0;

      if (!g_ascii_string_to_unsigned (sectors[i], 10, 1, N_FLASH_SECTORS - 1, &sector, NULL))
        {
          bw_profile_reader_set_error (reader, error, GROUP_BOARD, "ConfigSectors",
                                       "“%s” is not a flash sector from 1 to %u",
                                       sectors[i], N_FLASH_SECTORS - 1);
          return FALSE;
        }
      self->config_sectors |= 1u << sector;
    }

  if (!bw_profile_reader_get_choice (reader, GROUP_BOARD, "Confidence", confidence_choices, -1, &choice, error))
    return FALSE;
  self->confidence = (BwConfidence) choice;
  if (!bw_profile_reader_get_choice (reader, GROUP_BOARD, "Power", power_choices, -1, &choice, error))
    return FALSE;
  self->power = (BwBoardPower) choice;
  if (self->power == BW_BOARD_POWER_BATTERY_OR_PROBE && self->power_note == NULL)
    {
      bw_profile_reader_set_error (reader, error, GROUP_BOARD, "PowerNote",
                                   "Power=battery-or-probe needs a note naming the guides that do it");
      return FALSE;
    }
  if (!bw_profile_reader_get_boolean (reader, GROUP_BOARD, "PowerLatch", FALSE, &self->power_latch, error))
    return FALSE;
  if (!bw_profile_reader_get_choice (reader, GROUP_BOARD, "Nrst", nrst_choices, -1, &choice, error))
    return FALSE;
  self->nrst = (BwNrstAvailability) choice;
  return TRUE;
}

static gboolean
load_connector (BwBoard *self, BwProfileReader *reader, GError **error)
{
  g_auto(GStrv) signals = NULL;
  g_auto(GStrv) labels = NULL;
  g_auto(GStrv) colours = NULL;
  guint seen[BW_SIGNAL_LAST] = { 0 };
  guint64 n_pins = 0;
  gint choice = 0;
  guint n;

  if (!bw_profile_reader_get_choice (reader, GROUP_CONNECTOR, "Type", connector_choices, -1, &choice, error))
    return FALSE;
  self->connector = (BwConnectorType) choice;
  if (!bw_profile_reader_get_pitch (reader, GROUP_CONNECTOR, "PitchMm", &self->pitch_mm, error))
    return FALSE;
  if (!bw_profile_reader_get_choice (reader, GROUP_CONNECTOR, "Pin1", pin1_choices, -1, &choice, error))
    return FALSE;
  self->pin1_end = (BwPin1End) choice;
  if (!bw_profile_reader_get_boolean (reader, GROUP_CONNECTOR, "OrderConfirmed", FALSE,
                                      &self->order_confirmed, error))
    return FALSE;
  if (!bw_profile_reader_get_uint (reader, GROUP_CONNECTOR, "Pins", TRUE, 3, MAX_PINS, &n_pins, error))
    return FALSE;
  signals = bw_profile_reader_get_list (reader, GROUP_CONNECTOR, "Signals", TRUE, error);
  if (signals == NULL)
    return FALSE;
  labels = bw_profile_reader_get_list (reader, GROUP_CONNECTOR, "Labels", TRUE, error);
  if (labels == NULL)
    return FALSE;
  n = g_strv_length (signals);
  if (n != n_pins)
    {
      bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Signals",
                                   "lists %u pins but Pins=%u", n, (guint) n_pins);
      return FALSE;
    }
  if (g_strv_length (labels) != n)
    {
      bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Labels",
                                   "lists %u labels for %u pins", g_strv_length (labels), n);
      return FALSE;
    }
  if (g_key_file_has_key (reader->keyfile, GROUP_CONNECTOR, "Colours", NULL))
    {
      colours = bw_profile_reader_get_list (reader, GROUP_CONNECTOR, "Colours", TRUE, error);
      if (colours == NULL)
        return FALSE;
      if (g_strv_length (colours) != n)
        {
          bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Colours",
                                       "lists %u colours for %u pins", g_strv_length (colours), n);
          return FALSE;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      BwBoardPin pin = { 0 };

      if (!bw_signal_from_string (signals[i], &pin.signal) || !bw_signal_is_board_signal (pin.signal))
        {
          bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Signals",
                                       "pin %u: “%s” is not a board signal "
                                       "(GND, SWDIO, SWCLK, NRST, 3V3, NC)", i + 1, signals[i]);
          return FALSE;
        }
      if (pin.signal != BW_SIGNAL_NC && seen[pin.signal]++ > 0)
        {
          bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Signals",
                                       "pin %u: %s appears twice", i + 1, signals[i]);
          return FALSE;
        }
      if (colours != NULL && g_strcmp0 (colours[i], "-") != 0)
        {
          if (!bw_wire_colour_from_string (colours[i], &pin.colour))
            {
              bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Colours",
                                           "pin %u: “%s” is not a known wire colour", i + 1, colours[i]);
              return FALSE;
            }
          pin.has_colour = TRUE;
        }
      /* "-" marks a pin with no printed label */
      pin.label = g_strcmp0 (labels[i], "-") == 0 ? NULL : g_strdup (labels[i]);
      g_array_append_val (self->pins, pin);
    }

  for (BwSignal s = BW_SIGNAL_GND; s <= BW_SIGNAL_SWCLK; s++)
    {
      if (seen[s] == 0)
        {
          bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Signals",
                                       "no %s pin: SWD needs GND, SWDIO and SWCLK",
                                       bw_signal_to_string (s));
          return FALSE;
        }
    }
  if ((seen[BW_SIGNAL_NRST] > 0) != (self->nrst != BW_NRST_NO))
    {
      bw_profile_reader_set_error (reader, error, GROUP_BOARD, "Nrst",
                                   "must be “no” exactly when Signals has no NRST pin");
      return FALSE;
    }
  if (self->pin1_end != BW_PIN1_END_UNKNOWN && !self->order_confirmed)
    {
      bw_profile_reader_set_error (reader, error, GROUP_CONNECTOR, "Pin1",
                                   "a pin-1 end is only meaningful when OrderConfirmed=true");
      return FALSE;
    }
  return TRUE;
}

BwBoard *
bw_board_new_from_file (const gchar *path, GError **error)
{
  g_autoptr(BwProfileReader) reader = NULL;
  g_autoptr(BwBoard) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = bw_profile_reader_new (path, error);
  if (reader == NULL)
    return NULL;
  if (!bw_profile_reader_check_groups (reader, groups, error) ||
      !bw_profile_reader_check_keys (reader, GROUP_BOARD, board_keys, board_localized_keys, error) ||
      !bw_profile_reader_check_keys (reader, GROUP_CONNECTOR, connector_keys, NULL, error))
    return NULL;

  self = g_object_new (BW_TYPE_BOARD, NULL);
  self->path = g_strdup (path);
  self->id = g_strndup (reader->basename, strlen (reader->basename) - (g_str_has_suffix (reader->basename, ".board") ? 6 : 0));
  if (!load_text (self, reader, error) ||
      !load_numbers (self, reader, error) ||
      !load_connector (self, reader, error))
    return NULL;
  return g_steal_pointer (&self);
}

const gchar *
bw_board_get_id (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->id;
}

const gchar *
bw_board_get_path (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->path;
}

const gchar *
bw_board_get_name (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->name;
}

const gchar *
bw_board_get_vendor (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->vendor;
}

const gchar *const *
bw_board_get_hardware (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return (const gchar *const *) self->hardware;
}

const gchar *
bw_board_get_mcu (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->mcu;
}

guint
bw_board_get_flash_kib (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0);
  return self->flash_kib;
}

guint
bw_board_get_n_targets (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0);
  return self->n_targets;
}

const gchar *
bw_board_get_dual_note (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->dual_note;
}

BwBoardPower
bw_board_get_power (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), BW_BOARD_POWER_BATTERY);
  return self->power;
}

const gchar *
bw_board_get_power_note (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->power_note;
}

gboolean
bw_board_get_power_latch (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), FALSE);
  return self->power_latch;
}

BwNrstAvailability
bw_board_get_nrst (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), BW_NRST_UNKNOWN);
  return self->nrst;
}

const gchar *
bw_board_get_bootloader (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->bootloader;
}

const gchar *
bw_board_get_bootloader_note (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->bootloader_note;
}

guint32
bw_board_get_bootloader_address (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0);
  return self->bootloader_address;
}

guint32
bw_board_get_firmware_address (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0);
  return self->firmware_address;
}

/* Bit n set: flash sector n holds the saved configuration. */
guint32
bw_board_get_config_sectors (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0);
  return self->config_sectors;
}

BwConfidence
bw_board_get_confidence (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), BW_CONFIDENCE_UNCONFIRMED);
  return self->confidence;
}

const gchar *
bw_board_get_confidence_as_given (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->confidence_as_given;
}

const gchar *const *
bw_board_get_sources (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return (const gchar *const *) self->sources;
}

const gchar *
bw_board_get_notes (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  return self->notes;
}

BwConnectorType
bw_board_get_connector_type (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), BW_CONNECTOR_UNKNOWN);
  return self->connector;
}

/* 0 when the pitch is not known. */
gdouble
bw_board_get_pitch_mm (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0.0);
  return self->pitch_mm;
}

BwPin1End
bw_board_get_pin1_end (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), BW_PIN1_END_UNKNOWN);
  return self->pin1_end;
}

gboolean
bw_board_get_order_confirmed (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), FALSE);
  return self->order_confirmed;
}

guint
bw_board_get_n_pins (BwBoard *self)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0);
  return self->pins->len;
}

BwSignal
bw_board_get_pin_signal (BwBoard *self, guint index)
{
  g_return_val_if_fail (BW_IS_BOARD (self), BW_SIGNAL_NC);
  g_return_val_if_fail (index < self->pins->len, BW_SIGNAL_NC);
  return g_array_index (self->pins, BwBoardPin, index).signal;
}

/* The printed label, or NULL when the pin has none. */
const gchar *
bw_board_get_pin_label (BwBoard *self, guint index)
{
  g_return_val_if_fail (BW_IS_BOARD (self), NULL);
  g_return_val_if_fail (index < self->pins->len, NULL);
  return g_array_index (self->pins, BwBoardPin, index).label;
}

/* The pin number the design files use, or 0 when no source defines it. */
guint
bw_board_get_pin_number (BwBoard *self, guint index)
{
  g_return_val_if_fail (BW_IS_BOARD (self), 0);
  g_return_val_if_fail (index < self->pins->len, 0);
  switch (self->pin1_end)
    {
    case BW_PIN1_END_FIRST:
      return index + 1;
    case BW_PIN1_END_LAST:
      return self->pins->len - index;
    case BW_PIN1_END_UNKNOWN:
    default:
      return 0;
    }
}

gboolean
bw_board_get_pin_colour (BwBoard *self, guint index, BwWireColour *colour)
{
  const BwBoardPin *pin;

  g_return_val_if_fail (BW_IS_BOARD (self), FALSE);
  g_return_val_if_fail (index < self->pins->len, FALSE);
  pin = &g_array_index (self->pins, BwBoardPin, index);
  if (pin->has_colour && colour != NULL)
    *colour = pin->colour;
  return pin->has_colour;
}

gboolean
bw_board_find_pin (BwBoard *self, BwSignal signal, guint *index)
{
  g_return_val_if_fail (BW_IS_BOARD (self), FALSE);

  for (guint i = 0; i < self->pins->len; i++)
    {
      if (g_array_index (self->pins, BwBoardPin, i).signal == signal)
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* bw-sim-scenario.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bw-sim-scenario.h"

typedef struct {
  BwSimProbeKind probe_kind;
  guint16        probe_pid;
  guint          fw_stlink, fw_jtag, fw_swim, fw_msd, fw_bridge;
  gchar         *probe_serial;
  gboolean       probe_busy;
  gboolean       permission_denied;
  guint          unplug_after;
  guint          flaky_one_in;
  gboolean       sense_wired;
  gdouble        sense_unwired_voltage;
  gboolean       clone;

  guint16        dev_id;
  guint16        rev_id;
  guint          flash_size_kb;
  gdouble        voltage;
  gboolean       powered;
  gboolean       swd_swapped;
  gboolean       gnd_missing;
  gboolean       nrst_wired;
  gboolean       swd_disabled;
  gchar         *flash_file;
  guint8         rdp_byte;
  guint16        nwrp;
  guint8         unique_id[12];

  gboolean       has_flash_error;
  guint32        flash_error_address;
  gboolean       has_bit_flip;
  guint32        bit_flip_address;
  guint8         bit_flip_mask;
  guint          power_loss_after;
  guint          flash_error_after;
  guint          bit_flip_after;
  guint          flaky_after;
} BwSimScenarioValues;

struct _BwSimScenario {
  GObject              parent_instance;
  GKeyFile            *keyfile;
  gchar               *base_dir;
  BwSimScenarioValues  v;
};

G_DEFINE_FINAL_TYPE (BwSimScenario, bw_sim_scenario, G_TYPE_OBJECT)

static void
values_clear (BwSimScenarioValues *v)
{
  g_clear_pointer (&v->probe_serial, g_free);
  g_clear_pointer (&v->flash_file, g_free);
}

static void
bw_sim_scenario_finalize (GObject *object)
{
  BwSimScenario *self = BW_SIM_SCENARIO (object);
  values_clear (&self->v);
  g_key_file_unref (self->keyfile);
  g_free (self->base_dir);
  G_OBJECT_CLASS (bw_sim_scenario_parent_class)->finalize (object);
}

static void
bw_sim_scenario_class_init (BwSimScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_sim_scenario_finalize;
}

static void
bw_sim_scenario_init (BwSimScenario *self)
{
  self->keyfile = g_key_file_new ();
}

/* --- key helpers: absent keys give the default, malformed keys an error --- */

static gboolean
get_str (GKeyFile *kf, const gchar *group, const gchar *key, gchar **out)
{
  *out = g_key_file_get_string (kf, group, key, NULL);
  if (*out != NULL)
    g_strstrip (*out);
  return *out != NULL;
}

static gboolean
get_uint (GKeyFile *kf, const gchar *group, const gchar *key,
          guint64 max, guint64 def, guint64 *out, GError **error)
{
  g_autofree gchar *s = NULL;
  gchar *end = NULL;
  guint64 val;

  if (!get_str (kf, group, key, &s))
    {
      *out = def;
      return TRUE;
    }
  if (s[0] == '\0' || s[0] == '-')
    goto bad;
  errno = 0;
  val = g_ascii_strtoull (s, &end, 0);
  if (errno != 0 || *end != '\0' || val > max)
    goto bad;
  *out = val;
  return TRUE;
bad:
  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "[%s] %s: \"%s\" is not a number in 0..%" G_GUINT64_FORMAT, group, key, s, max);
  return FALSE;
}

static gboolean
get_bool (GKeyFile *kf, const gchar *group, const gchar *key,
          gboolean def, gboolean *out, GError **error)
{
  g_autofree gchar *s = NULL;

  if (!get_str (kf, group, key, &s))
    {
      *out = def;
      return TRUE;
    }
  if (g_ascii_strcasecmp (s, "true") == 0 || g_strcmp0 (s, "1") == 0 ||
      g_ascii_strcasecmp (s, "yes") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (s, "false") == 0 || g_strcmp0 (s, "0") == 0 ||
           g_ascii_strcasecmp (s, "no") == 0)
    *out = FALSE;
  else
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s] %s: \"%s\" is not a boolean", group, key, s);
      return FALSE;
    }
  return TRUE;
}

static gboolean
get_double (GKeyFile *kf, const gchar *group, const gchar *key,
            gdouble min, gdouble max, gdouble def, gdouble *out, GError **error)
{
  g_autofree gchar *s = NULL;
  gchar *end = NULL;
  gdouble val;

  if (!get_str (kf, group, key, &s))
    {
      *out = def;
      return TRUE;
    }
  val = g_ascii_strtod (s, &end);
  if (s[0] == '\0' || *end != '\0' || !(val >= min && val <= max))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[%s] %s: \"%s\" is not a number in %.1f..%.1f", group, key, s, min, max);
      return FALSE;
    }
  *out = val;
  return TRUE;
}

static gboolean
parse_hex_bytes (const gchar *s, guint8 *out, gsize n)
{
  if (strlen (s) != n * 2)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      gint hi = g_ascii_xdigit_value (s[2 * i]);
      gint lo = g_ascii_xdigit_value (s[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

typedef struct {
  const gchar *name;
  guint16      dev_id;
  guint16      rev_id;
  guint        flash_kb;
} BwSimChip;

static const BwSimChip chips[] = {
  { "f405", 0x413, 0x1007, 1024 },
  { "f407", 0x413, 0x1007, 1024 },
  { "f103", 0x410, 0x2000, 128 },
  { "f411", 0x431, 0x1000, 512 },
  { "f401", 0x423, 0x1000, 256 },
  { "f427", 0x419, 0x1003, 2048 },
};

static gboolean
parse_values (GKeyFile *kf, BwSimScenarioValues *v, GError **error)
{
  g_autofree gchar *kind = NULL;
  g_autofree gchar *chip = NULL;
  g_autofree gchar *uid = NULL;
  g_autofree gchar *wrp = NULL;
  g_autofree gchar *rdp = NULL;
  const BwSimChip *c = &chips[0];
  guint64 u;

  /* [probe] */
  v->probe_kind = BW_SIM_PROBE_V2;
  if (get_str (kf, "probe", "kind", &kind))
    {
      if (g_ascii_strcasecmp (kind, "v2") == 0)
        v->probe_kind = BW_SIM_PROBE_V2;
      else if (g_ascii_strcasecmp (kind, "v2-1") == 0)
        v->probe_kind = BW_SIM_PROBE_V2_1;
      else if (g_ascii_strcasecmp (kind, "v3") == 0)
        v->probe_kind = BW_SIM_PROBE_V3;
      else
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[probe] kind: \"%s\" is not v2, v2-1 or v3", kind);
          return FALSE;
        }
    }
  {
    static const guint16 def_pid[] = { 0x3748, 0x374B, 0x374F };
    static const guint def_fw[][5] = {
      /* V, J, S, M, B */
      { 2, 37, 7, 0, 0 },
      { 2, 37, 0, 26, 0 },
      { 3, 7, 1, 3, 2 },
    };
    const guint *fw = def_fw[v->probe_kind];
    if (!get_uint (kf, "probe", "pid", 0xFFFF, def_pid[v->probe_kind], &u, error))
      return FALSE;
    v->probe_pid = (guint16) u;
    if (!get_uint (kf, "probe", "fw-stlink", 15, fw[0], &u, error))
      return FALSE;
    v->fw_stlink = (guint) u;
    if (!get_uint (kf, "probe", "fw-jtag", 63, fw[1], &u, error))
      return FALSE;
    v->fw_jtag = (guint) u;
    if (!get_uint (kf, "probe", "fw-swim", 63, fw[2], &u, error))
      return FALSE;
    v->fw_swim = (guint) u;
    if (!get_uint (kf, "probe", "fw-msd", 63, fw[3], &u, error))
      return FALSE;
    v->fw_msd = (guint) u;
    if (!get_uint (kf, "probe", "fw-bridge", 63, fw[4], &u, error))
      return FALSE;
    v->fw_bridge = (guint) u;
  }
  if (!get_str (kf, "probe", "serial", &v->probe_serial))
    v->probe_serial = g_strdup ("066DFF485550755187121234");
  else
    {
      guint8 tmp[12];
      if (!parse_hex_bytes (v->probe_serial, tmp, 12))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[probe] serial: \"%s\" is not 24 hex digits", v->probe_serial);
          return FALSE;
        }
    }
  if (!get_bool (kf, "probe", "busy", FALSE, &v->probe_busy, error) ||
      !get_bool (kf, "probe", "permission-denied", FALSE, &v->permission_denied, error) ||
      !get_uint (kf, "probe", "unplug-after-transfers", G_MAXUINT, 0, &u, error))
    return FALSE;
  v->unplug_after = (guint) u;
  if (!get_uint (kf, "probe", "swd-flaky-one-in", G_MAXUINT, 0, &u, error))
    return FALSE;
  v->flaky_one_in = (guint) u;
  if (!get_bool (kf, "probe", "sense-wired", TRUE, &v->sense_wired, error) ||
      !get_double (kf, "probe", "sense-unwired-voltage", 0.0, 10.0, 0.0,
                   &v->sense_unwired_voltage, error) ||
      !get_bool (kf, "probe", "clone", FALSE, &v->clone, error))
    return FALSE;

  /* [target] */
  if (get_str (kf, "target", "chip", &chip))
    {
      c = NULL;
      for (guint i = 0; i < G_N_ELEMENTS (chips); i++)
        if (g_ascii_strcasecmp (chip, chips[i].name) == 0)
          c = &chips[i];
      if (c == NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[target] chip: \"%s\" is not one of f405, f407, f103, f411, f401, f427", chip);
          return FALSE;
        }
    }
  if (!get_uint (kf, "target", "dev-id", 0xFFF, c->dev_id, &u, error))
    return FALSE;
  v->dev_id = (guint16) u;
  if (!get_uint (kf, "target", "rev-id", 0xFFFF, c->rev_id, &u, error))
    return FALSE;
  v->rev_id = (guint16) u;
  if (!get_uint (kf, "target", "flash-size-kb", 2048, c->flash_kb, &u, error))
    return FALSE;
  if (u < 16 || u % 16 != 0)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[target] flash-size-kb: %" G_GUINT64_FORMAT " is not a multiple of 16", u);
      return FALSE;
    }
  v->flash_size_kb = (guint) u;
  if (!get_double (kf, "target", "voltage", 0.0, 6.0, 3.3, &v->voltage, error) ||
      !get_bool (kf, "target", "powered", TRUE, &v->powered, error) ||
      !get_bool (kf, "target", "swd-swapped", FALSE, &v->swd_swapped, error) ||
      !get_bool (kf, "target", "gnd-missing", FALSE, &v->gnd_missing, error) ||
      !get_bool (kf, "target", "nrst-wired", TRUE, &v->nrst_wired, error) ||
      !get_bool (kf, "target", "swd-disabled-by-firmware", FALSE, &v->swd_disabled, error))
    return FALSE;
  if (get_str (kf, "target", "flash", &v->flash_file) &&
      (v->flash_file[0] == '\0' || g_ascii_strcasecmp (v->flash_file, "blank") == 0))
    g_clear_pointer (&v->flash_file, g_free);

  v->rdp_byte = 0xAA;
  if (get_str (kf, "target", "rdp", &rdp))
    {
      if (g_strcmp0 (rdp, "0") == 0)
        v->rdp_byte = 0xAA;
      else if (g_strcmp0 (rdp, "1") == 0)
        v->rdp_byte = 0x55;
      else if (g_strcmp0 (rdp, "2") == 0)
        v->rdp_byte = 0xCC;
      else
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[target] rdp: \"%s\" is not 0, 1 or 2", rdp);
          return FALSE;
        }
    }
  if (!get_uint (kf, "target", "rdp-byte", 0xFF, v->rdp_byte, &u, error))
    return FALSE;
  v->rdp_byte = (guint8) u;

  v->nwrp = 0x0FFF;
  if (get_str (kf, "target", "wrp-sectors", &wrp) && wrp[0] != '\0')
    {
      g_auto(GStrv) parts = g_strsplit_set (wrp, ";, ", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          gchar *end = NULL;
          guint64 n;
          if (parts[i][0] == '\0')
            continue;
          n = g_ascii_strtoull (parts[i], &end, 10);
          if (*end != '\0' || n > 11)
            {
              g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[target] wrp-sectors: \"%s\" is not a sector 0..11", parts[i]);
              return FALSE;
            }
          v->nwrp &= (guint16) ~(1u << n);
        }
    }

  {
    static const guint8 def_uid[12] = { 0x2a, 0x00, 0x3c, 0x00, 0x0a, 0x51, 0x33, 0x32,
                                        0x38, 0x38, 0x35, 0x31 };
    memcpy (v->unique_id, def_uid, sizeof def_uid);
    if (get_str (kf, "target", "unique-id", &uid) && !parse_hex_bytes (uid, v->unique_id, 12))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "[target] unique-id: \"%s\" is not 24 hex digits", uid);
        return FALSE;
      }
  }

  /* [faults] */
  v->has_flash_error = g_key_file_has_key (kf, "faults", "flash-error-address", NULL);
  if (!get_uint (kf, "faults", "flash-error-address", 0xFFFFFFFF, 0, &u, error))
    return FALSE;
  v->flash_error_address = (guint32) u;
  v->has_bit_flip = g_key_file_has_key (kf, "faults", "bit-flip-address", NULL);
  if (!get_uint (kf, "faults", "bit-flip-address", 0xFFFFFFFF, 0, &u, error))
    return FALSE;
  v->bit_flip_address = (guint32) u;
  if (!get_uint (kf, "faults", "bit-flip-mask", 0xFF, 0x01, &u, error))
    return FALSE;
  if (u == 0)
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[faults] bit-flip-mask: must not be 0");
      return FALSE;
    }
  v->bit_flip_mask = (guint8) u;

  /* Faults that strike at a given bulk transfer of the session. */
  if (!get_uint (kf, "faults", "power-loss-after-transfers", G_MAXUINT, 0, &u, error))
    return FALSE;
  v->power_loss_after = (guint) u;
  if (!get_uint (kf, "faults", "flash-error-after-transfers", G_MAXUINT, 0, &u, error))
    return FALSE;
  v->flash_error_after = (guint) u;
  if (!get_uint (kf, "faults", "bit-flip-after-transfers", G_MAXUINT, 0, &u, error))
    return FALSE;
  v->bit_flip_after = (guint) u;
  if (!get_uint (kf, "faults", "swd-flaky-after-transfers", G_MAXUINT, 0, &u, error))
    return FALSE;
  v->flaky_after = (guint) u;
  return TRUE;
}

static gboolean
reparse (BwSimScenario *self, GError **error)
{
  BwSimScenarioValues v = { 0 };

  if (!parse_values (self->keyfile, &v, error))
    {
      values_clear (&v);
      return FALSE;
    }
  values_clear (&self->v);
  self->v = v;
  return TRUE;
}

BwSimScenario *
bw_sim_scenario_new_default (void)
{
  BwSimScenario *self = g_object_new (BW_SIM_TYPE_SCENARIO, NULL);
  gboolean ok = reparse (self, NULL);
  g_assert (ok);
  return self;
}

BwSimScenario *
bw_sim_scenario_load_from_data (const gchar *data, GError **error)
{
  g_autoptr(BwSimScenario) self = g_object_new (BW_SIM_TYPE_SCENARIO, NULL);

  g_return_val_if_fail (data != NULL, NULL);
  if (!g_key_file_load_from_data (self->keyfile, data, (gsize) -1,
                                  G_KEY_FILE_KEEP_COMMENTS, error))
    return NULL;
  if (!reparse (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

BwSimScenario *
bw_sim_scenario_load (const gchar *path, GError **error)
{
  g_autofree gchar *data = NULL;
  BwSimScenario *self;

  g_return_val_if_fail (path != NULL, NULL);
  if (!g_file_get_contents (path, &data, NULL, error))
    return NULL;
  self = bw_sim_scenario_load_from_data (data, error);
  if (self == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  self->base_dir = g_path_get_dirname (path);
  return self;
}

BwSimScenario *
bw_sim_scenario_new_from_env (GError **error)
{
  const gchar *path = g_getenv (BW_SIM_SCENARIO_ENV);

  if (path == NULL || path[0] == '\0')
    return bw_sim_scenario_new_default ();
  return bw_sim_scenario_load (path, error);
}

gchar *
bw_sim_scenario_to_data (BwSimScenario *self)
{
  g_return_val_if_fail (BW_SIM_IS_SCENARIO (self), NULL);
  return g_key_file_to_data (self->keyfile, NULL, NULL);
}

gboolean
bw_sim_scenario_save (BwSimScenario *self, const gchar *path, GError **error)
{
  g_autofree gchar *data = NULL;

  g_return_val_if_fail (BW_SIM_IS_SCENARIO (self), FALSE);
  data = bw_sim_scenario_to_data (self);
  return g_file_set_contents (path, data, -1, error);
}

gboolean
bw_sim_scenario_set (BwSimScenario *self, const gchar *group, const gchar *key,
                     const gchar *value, GError **error)
{
  g_autofree gchar *old = NULL;

  g_return_val_if_fail (BW_SIM_IS_SCENARIO (self), FALSE);
  old = g_key_file_get_value (self->keyfile, group, key, NULL);
  if (value != NULL)
    g_key_file_set_value (self->keyfile, group, key, value);
  else
    g_key_file_remove_key (self->keyfile, group, key, NULL);
  if (!reparse (self, error))
    {
      if (old != NULL)
        g_key_file_set_value (self->keyfile, group, key, old);
      else
        g_key_file_remove_key (self->keyfile, group, key, NULL);
      return FALSE;
    }
  return TRUE;
}

const gchar *
bw_sim_scenario_get_base_dir (BwSimScenario *self)
{
  return self->base_dir;
}

#define GETTER(type, name, field) \
  type bw_sim_scenario_get_##name (BwSimScenario *self) \
  { \
    g_return_val_if_fail (BW_SIM_IS_SCENARIO (self), (type) 0); \
    return self->v.field; \
  }

GETTER (BwSimProbeKind, probe_kind, probe_kind)
GETTER (guint16, probe_pid, probe_pid)
GETTER (guint, probe_fw_stlink, fw_stlink)
GETTER (guint, probe_fw_jtag, fw_jtag)
GETTER (guint, probe_fw_swim, fw_swim)
GETTER (guint, probe_fw_msd, fw_msd)
GETTER (guint, probe_fw_bridge, fw_bridge)
GETTER (const gchar *, probe_serial, probe_serial)
GETTER (gboolean, probe_busy, probe_busy)
GETTER (gboolean, probe_permission_denied, permission_denied)
GETTER (guint, usb_unplug_after, unplug_after)
GETTER (guint, swd_flaky_one_in, flaky_one_in)
GETTER (gboolean, sense_wired, sense_wired)
GETTER (gdouble, sense_unwired_voltage, sense_unwired_voltage)
GETTER (gboolean, clone, clone)
GETTER (guint16, dev_id, dev_id)
GETTER (guint16, rev_id, rev_id)
GETTER (guint, flash_size_kb, flash_size_kb)
GETTER (gdouble, supply_voltage, voltage)
GETTER (gboolean, powered, powered)
GETTER (gboolean, swd_swapped, swd_swapped)
GETTER (gboolean, gnd_missing, gnd_missing)
GETTER (gboolean, nrst_wired, nrst_wired)
GETTER (gboolean, swd_disabled_by_firmware, swd_disabled)
GETTER (const gchar *, flash_file, flash_file)
GETTER (guint8, rdp_byte, rdp_byte)
GETTER (guint16, nwrp, nwrp)
GETTER (const guint8 *, unique_id, unique_id)
GETTER (guint, power_loss_after, power_loss_after)
GETTER (guint, flash_error_after, flash_error_after)
GETTER (guint, bit_flip_after, bit_flip_after)
GETTER (guint, swd_flaky_after, flaky_after)

gboolean
bw_sim_scenario_get_flash_error (BwSimScenario *self, guint32 *address)
{
  g_return_val_if_fail (BW_SIM_IS_SCENARIO (self), FALSE);
  if (address != NULL)
    *address = self->v.flash_error_address;
  return self->v.has_flash_error;
}

gboolean
bw_sim_scenario_get_bit_flip (BwSimScenario *self, guint32 *address, guint8 *mask)
{
  g_return_val_if_fail (BW_SIM_IS_SCENARIO (self), FALSE);
  if (address != NULL)
    *address = self->v.bit_flip_address;
  if (mask != NULL)
    *mask = self->v.bit_flip_mask;
  return self->v.has_bit_flip;
}

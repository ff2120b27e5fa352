/* bw-sim-tool.c: bootwire-sim, a command-line handle on the simulated device
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bw-sim-clock.h"
#include "bw-sim-ihex.h"
#include "bw-sim-scenario.h"
#include "bw-sim-state.h"
#include "bw-sim-stm32f405.h"

static gchar *opt_state;
static gchar *opt_scenario;
static gchar *opt_format;
static gchar *opt_address;
static gchar *opt_size;

static const GOptionEntry entries[] = {
  { "state", 's', 0, G_OPTION_ARG_FILENAME, &opt_state, "State directory (default: $" BW_SIM_STATE_ENV ")", "DIR" },
  { "scenario", 'c', 0, G_OPTION_ARG_FILENAME, &opt_scenario,
    "Scenario file (default: $" BW_SIM_SCENARIO_ENV ", else DIR/scenario.ini)", "FILE" },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, "bin or hex (default: from the file name)", "FMT" },
  { "address", 'a', 0, G_OPTION_ARG_STRING, &opt_address, "Flash address (default 0x08000000)", "ADDR" },
  { "size", 'n', 0, G_OPTION_ARG_STRING, &opt_size, "Bytes to dump (default: all of the flash)", "N" },
  { NULL },
};

static const gchar summary[] =
  "Commands:\n"
  "  init [GROUP.KEY=VALUE...]  create the state directory and its scenario.ini\n"
  "  set GROUP.KEY=VALUE...     change the scenario (faults, chip, probe)\n"
  "  show                       chip, option bytes, clock and time report\n"
  "  time                       the time report only (one line per session)\n"
  "  dump FILE                  write the flash (bin or hex)\n"
  "  load FILE                  put a bin or hex file into the flash\n"
  "  verify FILE                exit 0 if the flash holds FILE at its address\n"
  "  erase                      blank the whole flash\n"
  "\n"
  "Fault and scenario keys are listed in src/sim/README.md.";

static gboolean
parse_u32 (const gchar *s, guint32 *out, GError **error)
{
  gchar *end = NULL;
  guint64 v;

  v = g_ascii_strtoull (s, &end, 0);
  if (s[0] == '\0' || *end != '\0' || v > G_MAXUINT32)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "not a number: %s", s);
      return FALSE;
    }
  *out = (guint32) v;
  return TRUE;
}

static gchar *
state_dir (GError **error)
{
  if (opt_state != NULL)
    return g_strdup (opt_state);
  if (bw_sim_state_env_is_set ())
    return g_strdup (g_getenv (BW_SIM_STATE_ENV));
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "no state directory: use --state or set %s", BW_SIM_STATE_ENV);
  return NULL;
}

static gchar *
scenario_path (const gchar *dir)
{
  const gchar *env = g_getenv (BW_SIM_SCENARIO_ENV);

  if (opt_scenario != NULL)
    return g_strdup (opt_scenario);
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (dir, "scenario.ini", NULL);
}

static BwSimScenario *
load_scenario (const gchar *path, GError **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return bw_sim_scenario_new_default ();
  return bw_sim_scenario_load (path, error);
}

static gboolean
apply_settings (BwSimScenario *scenario, gchar **args, GError **error)
{
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      const gchar *eq = strchr (args[i], '=');
      const gchar *dot = strchr (args[i], '.');
      g_autofree gchar *group = NULL;
      g_autofree gchar *key = NULL;

      if (eq == NULL || dot == NULL || dot > eq)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "expected GROUP.KEY=VALUE, got \"%s\"", args[i]);
          return FALSE;
        }
      group = g_strndup (args[i], (gsize) (dot - args[i]));
      key = g_strndup (dot + 1, (gsize) (eq - dot - 1));
      if (!bw_sim_scenario_set (scenario, group, key, eq + 1, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  BwSimClock     *clock;
  BwSimScenario  *scenario;
  BwSimState     *state;
  BwSimStm32f405 *target;
} Device;

static void
device_clear (Device *d)
{
  g_clear_object (&d->target);
  g_clear_object (&d->state);
  g_clear_object (&d->scenario);
  g_clear_object (&d->clock);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Device, device_clear)

static gboolean
device_open (Device *d, GError **error)
{
  g_autofree gchar *dir = state_dir (error);
  g_autofree gchar *path = NULL;

  if (dir == NULL)
    return FALSE;
  path = scenario_path (dir);
  d->scenario = load_scenario (path, error);
  if (d->scenario == NULL)
    return FALSE;
  d->state = bw_sim_state_new (dir, error);
  if (d->state == NULL)
    return FALSE;
  d->clock = bw_sim_clock_new ();
  d->target = bw_sim_stm32f405_new_full (d->clock, d->scenario, d->state, error);
  return d->target != NULL;
}

static gboolean
cmd_init (gchar **args, GError **error)
{
  g_autofree gchar *dir = state_dir (error);
  g_autofree gchar *path = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;
  g_auto(Device) d = { 0 };

  if (dir == NULL)
    return FALSE;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", dir);
      return FALSE;
    }
  path = scenario_path (dir);
  scenario = load_scenario (path, error);
  if (scenario == NULL || !apply_settings (scenario, args, error) ||
      !bw_sim_scenario_save (scenario, path, error))
    return FALSE;
  /* start from a clean device */
  for (const gchar *const *n = (const gchar *const[]) { "flash.bin", "otp.bin", "sram.bin", "ccm.bin",
                                                        "state.ini", "sessions.log", NULL };
       *n != NULL; n++)
    {
      g_autofree gchar *f = g_build_filename (dir, *n, NULL);
      (void) g_remove (f);
    }
  if (!device_open (&d, error) || !bw_sim_stm32f405_save (d.target, error))
    return FALSE;
  g_print ("export %s=%s\nexport %s=%s\n", BW_SIM_STATE_ENV, dir, BW_SIM_SCENARIO_ENV, path);
  return TRUE;
}

static gboolean
cmd_set (gchar **args, GError **error)
{
  g_autofree gchar *dir = state_dir (error);
  g_autofree gchar *path = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;

  if (dir == NULL)
    return FALSE;
  if (args == NULL || args[0] == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "set needs GROUP.KEY=VALUE");
      return FALSE;
    }
  path = scenario_path (dir);
  scenario = load_scenario (path, error);
  return scenario != NULL && apply_settings (scenario, args, error) &&
         bw_sim_scenario_save (scenario, path, error);
}

static gboolean
cmd_show (gboolean time_only, GError **error)
{
  g_auto(Device) d = { 0 };
  g_autofree gchar *log = NULL;
  guint32 optcr;
  guint16 nwrp;

  if (!device_open (&d, error))
    return FALSE;
  log = bw_sim_state_read_session_log (d.state);
  if (time_only)
    {
      g_print ("%s", log);
      return TRUE;
    }
  optcr = bw_sim_stm32f405_get_optcr (d.target);
  nwrp = bw_sim_stm32f405_get_nwrp (d.target);
  g_print ("chip: dev-id 0x%03x, flash %u KiB\n", bw_sim_stm32f405_get_dev_id (d.target),
           bw_sim_stm32f405_get_flash_size (d.target) / 1024);
  g_print ("option bytes: OPTCR 0x%08x\n", optcr | 1u);
  g_print ("  RDP 0x%02x (level %u)\n", bw_sim_stm32f405_get_rdp_byte (d.target),
           bw_sim_stm32f405_get_rdp_level (d.target));
  g_print ("  nWRP 0x%03x, write-protected sectors:", nwrp);
  if (nwrp == 0xFFF)
    g_print (" none");
  for (guint i = 0; i < 12; i++)
    if (!(nwrp & (1u << i)))
      g_print (" %u", i);
  g_print ("\n  user 0x%02x\n", optcr & 0xEC);
  g_print ("clock: %" G_GUINT64_FORMAT " us\n", bw_sim_clock_now_us (d.clock));
  g_print ("sessions (label start_us duration_us):\n%s", log);
  return TRUE;
}

static gboolean
is_hex (const gchar *file)
{
  if (opt_format != NULL)
    return g_ascii_strcasecmp (opt_format, "hex") == 0;
  return g_str_has_suffix (file, ".hex") || g_str_has_suffix (file, ".ihex");
}

static gboolean
get_address (guint32 *address, GError **error)
{
  *address = BW_SIM_STM32_FLASH_BASE;
  return opt_address == NULL || parse_u32 (opt_address, address, error);
}

static gboolean
cmd_dump (const gchar *file, GError **error)
{
  g_auto(Device) d = { 0 };
  gsize fsize = 0;
  const guint8 *flash;
  guint32 address, size;

  if (!device_open (&d, error) || !get_address (&address, error))
    return FALSE;
  flash = bw_sim_stm32f405_peek_flash (d.target, &fsize);
  size = (guint32) fsize;
  if (opt_size != NULL && !parse_u32 (opt_size, &size, error))
    return FALSE;
  if (address < BW_SIM_STM32_FLASH_BASE || address - BW_SIM_STM32_FLASH_BASE > fsize ||
      size > fsize - (address - BW_SIM_STM32_FLASH_BASE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "range outside the flash");
      return FALSE;
    }
  flash += address - BW_SIM_STM32_FLASH_BASE;
  if (is_hex (file))
    {
      g_autofree gchar *text = bw_sim_ihex_format (address, flash, size);
      return g_file_set_contents (file, text, -1, error);
    }
  return g_file_set_contents (file, (const gchar *) flash, size, error);
}

typedef struct {
  BwSimStm32f405 *target;
  gboolean        compare;
  gboolean        equal;
} LoadCtx;

static gboolean
load_cb (guint32 address, const guint8 *data, gsize size, gpointer user_data, GError **error)
{
  LoadCtx *ctx = user_data;
  gsize fsize = 0;
  const guint8 *flash = bw_sim_stm32f405_peek_flash (ctx->target, &fsize);

  if (!ctx->compare)
    return bw_sim_stm32f405_load_flash (ctx->target, address, data, size, error);
  if (address < BW_SIM_STM32_FLASH_BASE || address - BW_SIM_STM32_FLASH_BASE > fsize ||
      size > fsize - (address - BW_SIM_STM32_FLASH_BASE) ||
      memcmp (flash + (address - BW_SIM_STM32_FLASH_BASE), data, size) != 0)
    ctx->equal = FALSE;
  return TRUE;
}

static gboolean
load_or_compare (const gchar *file, LoadCtx *ctx, GError **error)
{
  g_autofree gchar *data = NULL;
  gsize len = 0;
  guint32 address;

  if (!get_address (&address, error) || !g_file_get_contents (file, &data, &len, error))
    return FALSE;
  if (is_hex (file))
    return bw_sim_ihex_parse (data, len, load_cb, ctx, error);
  return load_cb (address, (const guint8 *) data, len, ctx, error);
}

static gboolean
cmd_load (const gchar *file, gboolean compare, gboolean *equal, GError **error)
{
  g_auto(Device) d = { 0 };
  LoadCtx ctx = { 0 };

  if (!device_open (&d, error))
    return FALSE;
  ctx.target = d.target;
  ctx.compare = compare;
  ctx.equal = TRUE;
  if (!load_or_compare (file, &ctx, error))
    return FALSE;
  if (compare)
    {
      *equal = ctx.equal;
      return TRUE;
    }
  return bw_sim_stm32f405_save (d.target, error);
}

static gboolean
cmd_erase (GError **error)
{
  g_auto(Device) d = { 0 };
  gsize size = 0;
  g_autofree guint8 *blank = NULL;

  if (!device_open (&d, error))
    return FALSE;
  (void) bw_sim_stm32f405_peek_flash (d.target, &size);
  blank = g_malloc (size);
  memset (blank, 0xFF, size);
  return bw_sim_stm32f405_load_flash (d.target, BW_SIM_STM32_FLASH_BASE, blank, size, error) &&
         bw_sim_stm32f405_save (d.target, error);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("COMMAND [ARGS...]");
  g_autoptr(GError) error = NULL;
  const gchar *cmd;
  gboolean ok = FALSE;
  gboolean equal = TRUE;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Inspect and set up the Bootwire simulator's device.");
  g_option_context_set_description (context, summary);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bootwire-sim: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_autofree gchar *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }
  cmd = argv[1];
  if (g_strcmp0 (cmd, "init") == 0)
    ok = cmd_init (argv + 2, &error);
  else if (g_strcmp0 (cmd, "set") == 0)
    ok = cmd_set (argv + 2, &error);
  else if (g_strcmp0 (cmd, "show") == 0)
    ok = cmd_show (FALSE, &error);
  else if (g_strcmp0 (cmd, "time") == 0)
    ok = cmd_show (TRUE, &error);
  else if (g_strcmp0 (cmd, "erase") == 0)
    ok = cmd_erase (&error);
  else if ((g_strcmp0 (cmd, "dump") == 0 || g_strcmp0 (cmd, "load") == 0 ||
            g_strcmp0 (cmd, "verify") == 0) && argc != 3)
    g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s needs one FILE", cmd);
  else if (g_strcmp0 (cmd, "dump") == 0)
    ok = cmd_dump (argv[2], &error);
  else if (g_strcmp0 (cmd, "load") == 0)
    ok = cmd_load (argv[2], FALSE, NULL, &error);
  else if (g_strcmp0 (cmd, "verify") == 0)
    ok = cmd_load (argv[2], TRUE, &equal, &error);
  else
    g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION, "unknown command \"%s\"", cmd);

  g_free (opt_state);
  g_free (opt_scenario);
  g_free (opt_format);
  g_free (opt_address);
  g_free (opt_size);
  if (!ok)
    {
      g_printerr ("bootwire-sim: %s\n", error->message);
      return 1;
    }
  if (!equal)
    {
      g_printerr ("bootwire-sim: the flash differs from %s\n", argv[2]);
      return 1;
    }
  return 0;
}

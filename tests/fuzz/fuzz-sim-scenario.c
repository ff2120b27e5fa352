/* fuzz-sim-scenario.c: libFuzzer target for the simulator's scenario files:
 * what parses must serialise and parse again to the same values
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bw-sim-scenario.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static void
assert_same (BwSimScenario *a, BwSimScenario *b)
{
  guint32 addr_a = 0, addr_b = 0;
  guint8 mask_a = 0, mask_b = 0;

  g_assert_cmpint (bw_sim_scenario_get_probe_kind (a), ==, bw_sim_scenario_get_probe_kind (b));
  g_assert_cmpuint (bw_sim_scenario_get_probe_pid (a), ==, bw_sim_scenario_get_probe_pid (b));
  g_assert_cmpuint (bw_sim_scenario_get_probe_fw_jtag (a), ==, bw_sim_scenario_get_probe_fw_jtag (b));
  g_assert_cmpstr (bw_sim_scenario_get_probe_serial (a), ==, bw_sim_scenario_get_probe_serial (b));
  g_assert_cmpuint (bw_sim_scenario_get_usb_unplug_after (a), ==, bw_sim_scenario_get_usb_unplug_after (b));
  g_assert_cmpuint (bw_sim_scenario_get_swd_flaky_one_in (a), ==, bw_sim_scenario_get_swd_flaky_one_in (b));
  g_assert_cmpuint (bw_sim_scenario_get_dev_id (a), ==, bw_sim_scenario_get_dev_id (b));
  g_assert_cmpuint (bw_sim_scenario_get_flash_size_kb (a), ==, bw_sim_scenario_get_flash_size_kb (b));
  g_assert_cmpfloat (bw_sim_scenario_get_supply_voltage (a), ==, bw_sim_scenario_get_supply_voltage (b));
  g_assert_cmpint (bw_sim_scenario_get_powered (a), ==, bw_sim_scenario_get_powered (b));
  g_assert_cmpstr (bw_sim_scenario_get_flash_file (a), ==, bw_sim_scenario_get_flash_file (b));
  g_assert_cmpuint (bw_sim_scenario_get_rdp_byte (a), ==, bw_sim_scenario_get_rdp_byte (b));
  g_assert_cmpuint (bw_sim_scenario_get_nwrp (a), ==, bw_sim_scenario_get_nwrp (b));
  g_assert_cmpmem (bw_sim_scenario_get_unique_id (a), 12, bw_sim_scenario_get_unique_id (b), 12);
  g_assert_cmpint (bw_sim_scenario_get_flash_error (a, &addr_a), ==, bw_sim_scenario_get_flash_error (b, &addr_b));
  g_assert_cmpuint (addr_a, ==, addr_b);
  g_assert_cmpint (bw_sim_scenario_get_bit_flip (a, &addr_a, &mask_a), ==,
                   bw_sim_scenario_get_bit_flip (b, &addr_b, &mask_b));
  g_assert_cmpuint (addr_a, ==, addr_b);
  g_assert_cmpuint (mask_a, ==, mask_b);
  g_assert_cmpuint (bw_sim_scenario_get_power_loss_after (a), ==, bw_sim_scenario_get_power_loss_after (b));
  g_assert_cmpuint (bw_sim_scenario_get_flash_error_after (a), ==, bw_sim_scenario_get_flash_error_after (b));
  g_assert_cmpuint (bw_sim_scenario_get_bit_flip_after (a), ==, bw_sim_scenario_get_bit_flip_after (b));
  g_assert_cmpuint (bw_sim_scenario_get_swd_flaky_after (a), ==, bw_sim_scenario_get_swd_flaky_after (b));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
  g_autofree gchar *text = g_strndup ((const gchar *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(BwSimScenario) scenario = NULL;
  g_autoptr(BwSimScenario) again = NULL;
  g_autofree gchar *serialised = NULL;

  /* GKeyFile takes text; an embedded NUL ends it, as it would in a file */
  if (memchr (data, '\0', size) != NULL)
    return 0;
  scenario = bw_sim_scenario_load_from_data (text, &error);
  if (scenario == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  serialised = bw_sim_scenario_to_data (scenario);
  again = bw_sim_scenario_load_from_data (serialised, &error);
  g_assert_no_error (error);
  assert_same (scenario, again);

  /* the generic setter keeps the old value when a new one does not parse */
  if (!bw_sim_scenario_set (scenario, "target", "flash-size-kb", "17", &error))
    {
      g_assert_nonnull (error);
      g_clear_error (&error);
      assert_same (scenario, again);
    }
  return 0;
}

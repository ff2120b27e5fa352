/* bw-fuzz-stlink-session.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bootwire-engine.h"
#include "bw-fuzz-stlink-session.h"

static void
check_error (const GError *error)
{
  /* a failure always says what happened in the engine's own terms */
  g_assert_nonnull (error);
  g_assert_true (error->domain == BW_ERROR);
  g_assert_cmpint (error->code, <, BW_ERROR_LAST);
  g_assert_nonnull (error->message);
}

void
bw_fuzz_stlink_session (BwTransport *transport, guint8 flags)
{
  static const BwStlinkConnectMode modes[] = {
    BW_STLINK_CONNECT_NORMAL, BW_STLINK_CONNECT_UNDER_RESET, BW_STLINK_CONNECT_HOT_PLUG,
  };
  g_autoptr(BwSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint8 buffer[600];
  guint32 value = 0;
  gboolean blank = FALSE;

  session = bw_session_open (transport, modes[flags % G_N_ELEMENTS (modes)], (flags & 0x80) != 0 ? 0 : 1800,
                             (flags & 0x40) != 0 ? 3.3 : -1.0, &error);
  if (session == NULL)
    {
      check_error (error);
      return;
    }
  {
    BwTarget *target = bw_session_get_target (session);
    BwStlink *stlink = bw_session_get_stlink (session);
    BwStm32f4Flash *flash = bw_session_get_flash (session);

    g_assert_nonnull (bw_target_get_flash_map (target));
    g_assert_nonnull (bw_target_get_unique_id (target));
    if (!bw_session_check_not_read_protected (session, &error))
      {
        check_error (error);
        g_clear_error (&error);
      }
    if (!bw_stm32f4_flash_read (flash, 0x08000000, buffer, sizeof buffer, NULL, NULL, &error))
      {
        check_error (error);
        g_clear_error (&error);
      }
    if (!bw_stlink_read_memory (stlink, 0x20000001, buffer, 13, &error))
      {
        check_error (error);
        g_clear_error (&error);
      }
    if (!bw_stlink_read_core_reg (stlink, 15, &value, &error))
      {
        check_error (error);
        g_clear_error (&error);
      }
    if (!bw_stm32f4_flash_sector_is_blank (flash, 0, &blank, &error))
      {
        check_error (error);
        g_clear_error (&error);
      }
  }
}

/* bw-probe-enum.h: every ST-Link attached over USB
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bw-probe-info.h"

G_BEGIN_DECLS

typedef enum {
  BW_PROBE_ENUMERATE_NONE = 0,
  /* Also open each probe that is free and ask its firmware version
   * (GET_VERSION only; nothing reaches the target). */
  BW_PROBE_ENUMERATE_FIRMWARE = 1 << 0,
} BwProbeEnumerateFlags;

/* A GPtrArray of BwProbeInfo (V2, V2-1 and V3 probes), in USB order.
 * Probes the OS does not let us open are listed with accessible = FALSE.
 * None attached: PROBE_NOT_FOUND. */
GPtrArray *bw_probe_enumerate (BwProbeEnumerateFlags   flags,
                               GError                **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

/* fuzz-stlink-replies.c: libFuzzer target for the engine's side of the
 * ST-Link protocol: every reply, short reply and failed transfer a probe
 * could produce, through open, connect, identify and reads
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one flags byte, then the probe's side of the conversation in the
 * format of bw-fuzz-transport.h. make-stlink-seeds records real
 * conversations with the simulator in that format for the seed corpus.
 */
#include "config.h"

#include "bw-fuzz-stlink-session.h"
#include "bw-fuzz-transport.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
  g_autoptr(BwFuzzTransport) transport = NULL;

  if (size < 1)
    return 0;
  transport = bw_fuzz_transport_new (data + 1, size - 1);
  bw_fuzz_stlink_session (BW_TRANSPORT (transport), data[0]);
  return 0;
}

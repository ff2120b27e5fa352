/* bw-test-cancel-transport.h: a BwTransport in front of the simulator that
 * cancels the job at a chosen USB transfer
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bw-sim-transport.h"

G_BEGIN_DECLS

#define BW_TEST_TYPE_CANCEL_TRANSPORT (bw_test_cancel_transport_get_type ())
G_DECLARE_FINAL_TYPE (BwTestCancelTransport, bw_test_cancel_transport, BW_TEST, CANCEL_TRANSPORT, GObject)

/* Passes every exchange on to @inner; once @inner has made @at_transfer bulk
 * transfers, cancels @cancellable (from the job's worker thread, as a user's
 * click would land at any moment). */
BwTestCancelTransport *bw_test_cancel_transport_new (BwSimTransport *inner,
                                                     GCancellable   *cancellable,
                                                     guint64         at_transfer);
gboolean bw_test_cancel_transport_fired (BwTestCancelTransport *self);
/* Whether the cancel landed while the flash controller was erasing or
 * programming (busy, or PG/SER/MER set): a moment no job may stop at. */
gboolean bw_test_cancel_transport_fired_unsafe (BwTestCancelTransport *self);

G_END_DECLS

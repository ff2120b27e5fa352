/* bw-session.h: one connection to the chip for the length of a job
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-stlink.h"
#include "bw-stm32f4-flash.h"
#include "bw-target.h"
#include "bw-transport.h"

G_BEGIN_DECLS

#define BW_TYPE_SESSION (bw_session_get_type ())
G_DECLARE_FINAL_TYPE (BwSession, bw_session, BW, SESSION, GObject)

BwSession      *bw_session_open        (BwTransport         *transport,
                                        BwStlinkConnectMode  mode,
                                        guint                swd_khz,
                                        gdouble              supply_voltage,
                                        GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_session_attach      (BwStlink            *stlink,
                                        BwStlinkConnectMode  mode,
                                        guint                swd_khz,
                                        BwStlinkSense        sense,
                                        GError             **error) G_GNUC_WARN_UNUSED_RESULT;
BwStlink       *bw_session_get_stlink  (BwSession           *self);
BwTarget       *bw_session_get_target  (BwSession           *self);
BwStm32f4Flash *bw_session_get_flash   (BwSession           *self);
gdouble         bw_session_get_voltage (BwSession           *self);
gboolean        bw_session_check_not_read_protected (BwSession *self,
                                        GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void            bw_session_explain_error (BwSession        *self,
                                        GError             **error);

G_END_DECLS

/* bw-sim-state.h: the state directory shared by separate simulator processes
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout of the directory named by BOOTWIRE_SIM_STATE:
 *   flash.bin   the flash array
 *   otp.bin     OTP area and its lock bytes (528 bytes)
 *   state.ini   GKeyFile: [clock], [target] (option bytes), and free
 *               groups for other models (the probe keeps its mode there)
 *   sessions.log  one line per finished host session (the time report)
 */
#pragma once

#include <glib-object.h>

#include "bw-sim-clock.h"

G_BEGIN_DECLS

#define BW_SIM_STATE_ENV "BOOTWIRE_SIM_STATE"

#define BW_SIM_TYPE_STATE (bw_sim_state_get_type ())
G_DECLARE_FINAL_TYPE (BwSimState, bw_sim_state, BW_SIM, STATE, GObject)

/* Creates the directory if needed and reads state.ini if present. */
BwSimState  *bw_sim_state_new           (const gchar  *dir,
                                         GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     bw_sim_state_env_is_set    (void);
/* Fails with G_IO_ERROR_NOT_FOUND when BOOTWIRE_SIM_STATE is unset. */
BwSimState  *bw_sim_state_new_from_env  (GError      **error) G_GNUC_WARN_UNUSED_RESULT;
const gchar *bw_sim_state_get_dir       (BwSimState   *self);
/* Re-reads state.ini (another process may have written it). */
gboolean     bw_sim_state_reload        (BwSimState   *self,
                                         GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* Writes state.ini atomically. */
gboolean     bw_sim_state_flush         (BwSimState   *self,
                                         GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Binary files in the directory; load fails with G_IO_ERROR_NOT_FOUND if absent. */
GBytes      *bw_sim_state_load_blob     (BwSimState   *self,
                                         const gchar  *name,
                                         GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     bw_sim_state_save_blob     (BwSimState   *self,
                                         const gchar  *name,
                                         const guint8 *data,
                                         gsize         size,
                                         GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     bw_sim_state_has_blob      (BwSimState   *self,
                                         const gchar  *name);

/* Generic key/values in state.ini (in memory until flush). */
gboolean     bw_sim_state_has_key       (BwSimState   *self,
                                         const gchar  *group,
                                         const gchar  *key);
gchar       *bw_sim_state_get_string    (BwSimState   *self,
                                         const gchar  *group,
                                         const gchar  *key);      /* NULL if absent */
void         bw_sim_state_set_string    (BwSimState   *self,
                                         const gchar  *group,
                                         const gchar  *key,
                                         const gchar  *value);
gint64       bw_sim_state_get_int       (BwSimState   *self,
                                         const gchar  *group,
                                         const gchar  *key,
                                         gint64        default_value);
void         bw_sim_state_set_int       (BwSimState   *self,
                                         const gchar  *group,
                                         const gchar  *key,
                                         gint64        value);

/* The clock: its time lives in state.ini [clock], finished sessions in sessions.log. */
void         bw_sim_state_load_clock    (BwSimState   *self,
                                         BwSimClock   *clock);
void         bw_sim_state_store_clock   (BwSimState   *self,
                                         BwSimClock   *clock);
gboolean     bw_sim_state_append_session_log (BwSimState *self,
                                              const gchar *line,
                                              GError    **error) G_GNUC_WARN_UNUSED_RESULT;
gchar       *bw_sim_state_read_session_log   (BwSimState *self); /* "" if none */

G_END_DECLS

/* bw-vesc-bootloader-choice.h: which bundled bootloader fits a hardware name
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The VESC Tool name of the bundled bootloader for @hw_name (as the
 * firmware reports it, e.g. "410" or "60_MK5"); "generic.bin" when no
 * hardware-specific one lists it. Never NULL. */
const gchar *bw_vesc_bootloader_choice_for_hardware (const gchar *hw_name);

G_END_DECLS

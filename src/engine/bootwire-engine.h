/* bootwire-engine.h: the one header the GUI and the CLI include
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bw-error.h"
#include "bw-error-advice.h"
#include "bw-format.h"
#include "bw-paths.h"

#include "bw-bin-image.h"
#include "bw-flash-map.h"
#include "bw-ihex-reader.h"
#include "bw-ihex-writer.h"
#include "bw-image.h"
#include "bw-image-check.h"
#include "bw-image-file.h"
#include "bw-image-save.h"
#include "bw-vesc-image.h"

#include "bw-probe-enum.h"
#include "bw-probe-info.h"
#include "bw-stlink.h"
#include "bw-stlink-status.h"
#include "bw-transport.h"
#include "bw-usb-transport.h"

#include "bw-chip-db.h"
#include "bw-stm32f4-flash.h"
#include "bw-target.h"

#include "bw-backup-job.h"
#include "bw-check-job.h"
#include "bw-estimator.h"
#include "bw-job.h"
#include "bw-maintenance-job.h"
#include "bw-plan.h"
#include "bw-program-job.h"
#include "bw-session.h"
#include "bw-verify-job.h"
#include "bw-progress.h"

#include "bw-board.h"
#include "bw-board-db.h"
#include "bw-bundled-bootloader.h"
#include "bw-probe-profile.h"
#include "bw-signal.h"
#include "bw-wiring.h"
#include "bw-wiring-layout.h"

#include "bw-vesc-backup-job.h"
#include "bw-vesc-bootloader-choice.h"
#include "bw-vesc-bootloader-job.h"
#include "bw-vesc-check-job.h"
#include "bw-vesc-client.h"
#include "bw-vesc-commands.h"
#include "bw-vesc-fw-info.h"
#include "bw-vesc-packet.h"
#include "bw-vesc-port-list.h"
#include "bw-vesc-recover-job.h"
#include "bw-vesc-serial.h"
#include "bw-vesc-swd-programmer.h"
#include "bw-vesc-transport.h"
#include "bw-vesc-usb-check-job.h"

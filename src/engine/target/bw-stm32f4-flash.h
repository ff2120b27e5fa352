/* bw-stm32f4-flash.h: erase, program and read the STM32F4's flash
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bw-flash-map.h"
#include "bw-image.h"
#include "bw-progress.h"
#include "bw-target.h"

G_BEGIN_DECLS

/* FLASH_CR.PSIZE: how many bits the controller programs at once. x32 needs
 * a 2.7-3.6 V supply; below that only x8 is safe. */
typedef enum {
  BW_FLASH_PSIZE_X8 = 0,
  BW_FLASH_PSIZE_X16 = 1,
  BW_FLASH_PSIZE_X32 = 2,
} BwFlashPsize;

#define BW_TYPE_STM32F4_FLASH (bw_stm32f4_flash_get_type ())
G_DECLARE_FINAL_TYPE (BwStm32f4Flash, bw_stm32f4_flash, BW, STM32F4_FLASH, GObject)

BwStm32f4Flash *bw_stm32f4_flash_new               (BwTarget       *target,
                                                    BwFlashMap     *map);
void            bw_stm32f4_flash_set_psize         (BwStm32f4Flash *self,
                                                    BwFlashPsize    psize);
BwFlashPsize    bw_stm32f4_flash_psize_for_voltage (gdouble         volts);
gboolean        bw_stm32f4_flash_unlock            (BwStm32f4Flash *self,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_lock              (BwStm32f4Flash *self,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_erase_sector      (BwStm32f4Flash *self,
                                                    guint           sector,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_mass_erase        (BwStm32f4Flash *self,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_program           (BwStm32f4Flash *self,
                                                    guint32         address,
                                                    const guint8   *data,
                                                    gsize           size,
                                                    BwProgress     *progress,
                                                    GCancellable   *cancellable,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_program_fast      (BwStm32f4Flash *self,
                                                    guint32         address,
                                                    const guint8   *data,
                                                    gsize           size,
                                                    BwProgress     *progress,
                                                    GCancellable   *cancellable,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_read              (BwStm32f4Flash *self,
                                                    guint32         address,
                                                    guint8         *buffer,
                                                    gsize           size,
                                                    BwProgress     *progress,
                                                    GCancellable   *cancellable,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_verify_image      (BwStm32f4Flash *self,
                                                    BwImage        *image,
                                                    BwProgress     *progress,
                                                    GCancellable   *cancellable,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_sector_is_blank   (BwStm32f4Flash *self,
                                                    guint           sector,
                                                    gboolean       *blank,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
guint           bw_stm32f4_flash_estimate_program_us (gsize        size);
gsize           bw_stm32f4_flash_count_erased      (BwStm32f4Flash *self,
                                                    guint32         address,
                                                    gsize           size);
gboolean        bw_stm32f4_flash_find_vesc_name    (BwStm32f4Flash *self,
                                                    guint32         start,
                                                    guint32         end,
                                                    guint32        *address,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_read_protection   (BwStm32f4Flash *self,
                                                    guint8         *rdp,
                                                    guint16        *write_protected_sectors,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        bw_stm32f4_flash_remove_read_protection (BwStm32f4Flash *self,
                                                    GError        **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

/* bw-vesc-image.h: what a VESC image is, read from its content
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-image.h"

G_BEGIN_DECLS

/* VESC flash layout on a 1 MB STM32F405/407 (spec/vesc-domain.md §1.1). */
#define BW_VESC_FIRMWARE_ADDRESS      0x08000000u
#define BW_VESC_CONFIG_START          0x08004000u
#define BW_VESC_CONFIG_END            0x0800C000u
#define BW_VESC_APP_END               0x08080000u
#define BW_VESC_BOOTLOADER_ADDRESS    0x080E0000u
#define BW_VESC_BOOTLOADER_END        0x08100000u
#define BW_VESC_CRC_INFO_LEGACY       0x0805FFF0u
#define BW_VESC_CRC_INFO_CURRENT      0x0807FFF0u
#define BW_VESC_CRC_INFO_SIZE         8u
#define BW_VESC_FIRMWARE_SIZE_LEGACY  393208u
#define BW_VESC_FIRMWARE_SIZE_CURRENT 524280u

typedef enum {
  BW_VESC_KIND_UNKNOWN,
  BW_VESC_KIND_BOOTLOADER,
  BW_VESC_KIND_FIRMWARE,
  BW_VESC_KIND_FIRMWARE_AND_BOOTLOADER,
} BwVescKind;

typedef enum {
  BW_VESC_LAYOUT_UNKNOWN,
  BW_VESC_LAYOUT_LEGACY,  /* firmware up to 5.x: 384 KB app, CRC info at 0x0805FFF0 */
  BW_VESC_LAYOUT_CURRENT, /* firmware 6.00 and later: 512 KB app, CRC info at 0x0807FFF0 */
} BwVescLayout;

typedef enum {
  BW_VESC_COMPRESSION_UNKNOWN,
  BW_VESC_COMPRESSION_NO,
  BW_VESC_COMPRESSION_YES,
} BwVescCompression;

#define BW_TYPE_VESC_IMAGE (bw_vesc_image_get_type ())
G_DECLARE_FINAL_TYPE (BwVescImage, bw_vesc_image, BW, VESC_IMAGE, GObject)

BwVescImage      *bw_vesc_image_new_from_image          (BwImage     *image);
BwVescKind        bw_vesc_image_get_kind                (BwVescImage *self);
BwVescLayout      bw_vesc_image_get_layout              (BwVescImage *self);
const gchar      *bw_vesc_image_get_hardware_name       (BwVescImage *self);
const gchar      *bw_vesc_image_get_version_hint        (BwVescImage *self);
const gchar      *bw_vesc_image_get_bootloader_flavour  (BwVescImage *self);
BwVescCompression bw_vesc_image_get_bootloader_compression (BwVescImage *self);
gboolean          bw_vesc_image_get_has_crc_table       (BwVescImage *self);
guint32           bw_vesc_image_get_crc_info_address    (BwVescImage *self);
gsize             bw_vesc_image_get_firmware_size       (BwVescImage *self);
gsize             bw_vesc_image_get_bootloader_size     (BwVescImage *self);
gsize             bw_vesc_image_get_config_bytes        (BwVescImage *self);
GPtrArray        *bw_vesc_image_get_warnings            (BwVescImage *self);

const gchar      *bw_vesc_kind_to_string                (BwVescKind   kind);
const gchar      *bw_vesc_layout_to_string              (BwVescLayout layout);

gboolean          bw_vesc_image_guess_bin_address       (GBytes      *contents,
                                                         guint32     *address,
                                                         gchar      **reason,
                                                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

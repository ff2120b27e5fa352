/* bw-plan.h: what a job will erase, write, back up and check, decided
 * before anything is touched
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bw-flash-map.h"
#include "bw-image.h"

G_BEGIN_DECLS

#define BW_CHIP_ID_STM32F405 0x413

typedef enum {
  BW_PLAN_FLAG_NONE               = 0,
  BW_PLAN_FLAG_WRITE_CONFIG       = 1 << 0, /* also write the file's bytes over sectors 1-2 */
  BW_PLAN_FLAG_MASS_ERASE         = 1 << 1,
  BW_PLAN_FLAG_NO_BACKUP          = 1 << 2,
  BW_PLAN_FLAG_BACKUP_WHOLE_FLASH = 1 << 3,
  BW_PLAN_FLAG_NO_RESET           = 1 << 4,
} BwPlanFlags;

typedef struct {
  BwPlanFlags  flags;
  guint32      blank_sectors;  /* bit n set: sector n was read blank on the target */
  guint        chip_id;        /* DBGMCU DEV_ID, 0 while not known */
  const gchar *board_hardware; /* the chosen board's VESC hardware name, or NULL */
  const gchar *backup_path;    /* needed unless BW_PLAN_FLAG_NO_BACKUP */
} BwPlanOptions;

typedef enum {
  BW_PLAN_STEP_BACKUP,
  BW_PLAN_STEP_MASS_ERASE,
  BW_PLAN_STEP_ERASE_SECTOR,
  BW_PLAN_STEP_WRITE,
  BW_PLAN_STEP_VERIFY,
  BW_PLAN_STEP_RESET,
} BwPlanStepKind;

typedef struct {
  BwPlanStepKind kind;
  guint32        address;
  guint32        size;
  guint          sector; /* for BW_PLAN_STEP_ERASE_SECTOR */
} BwPlanStep;

#define BW_TYPE_PLAN (bw_plan_get_type ())
G_DECLARE_FINAL_TYPE (BwPlan, bw_plan, BW, PLAN, GObject)

BwPlan           *bw_plan_new             (BwImage             *image,
                                           BwFlashMap          *map,
                                           const BwPlanOptions *options,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;
guint             bw_plan_get_n_steps     (BwPlan              *self);
const BwPlanStep *bw_plan_get_step        (BwPlan              *self,
                                           guint                index);
BwImage          *bw_plan_get_write_image (BwPlan              *self);
guint32           bw_plan_get_erase_mask  (BwPlan              *self);
BwFlashMap       *bw_plan_get_flash_map   (BwPlan              *self);
GPtrArray        *bw_plan_get_notes       (BwPlan              *self);
gchar           **bw_plan_describe        (BwPlan              *self);

G_END_DECLS

/* bw-verify-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bw-error.h"
#include "bw-job-private.h"
#include "bw-session.h"
#include "bw-verify-job.h"
#include "bw-vesc-image.h"

struct _BwVerifyJob
{
  BwJob                parent_instance;
  BwTransport         *transport;
  BwImage             *image;
  gboolean             ignore_crc_info;
  BwStlinkConnectMode  connect_mode;
};

G_DEFINE_FINAL_TYPE (BwVerifyJob, bw_verify_job, BW_TYPE_JOB)

/* The image without the 8 bytes of CRC info the firmware rewrites on its
 * first boot. */
static BwImage *
image_without (BwImage *image, guint32 skip_start, guint32 skip_size)
{
  BwImage *out = bw_image_new ();

  for (guint i = 0; i < bw_image_get_n_segments (image); i++)
    {
      guint64 start = bw_image_get_segment_address (image, i);
      guint64 end = start + bw_image_get_segment_size (image, i);
      const guint8 *data = bw_image_get_segment_data (image, i);
      guint64 cut_start = CLAMP ((guint64) skip_start, start, end);
      guint64 cut_end = CLAMP ((guint64) skip_start + skip_size, start, end);

      if (!bw_image_add_data (out, (guint32) start, data, cut_start - start, NULL) ||
          !bw_image_add_data (out, (guint32) cut_end, data + (cut_end - start), end - cut_end, NULL))
        g_return_val_if_reached (out);
    }
  return out;
}

static gboolean
bw_verify_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwVerifyJob *self = BW_VERIFY_JOB (job);
  g_autoptr(BwSession) session = NULL;
  g_autoptr(BwVescImage) vesc = bw_vesc_image_new_from_image (self->image);
  guint32 crc_info = self->ignore_crc_info ? bw_vesc_image_get_crc_info_address (vesc) : 0;
  g_autoptr(BwImage) compared = crc_info != 0 ? image_without (self->image, crc_info, BW_VESC_CRC_INFO_SIZE)
                                              : g_object_ref (self->image);

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_VERIFY, 99);
  session = bw_session_open (self->transport, self->connect_mode, bw_job_get_swd_khz (job), -1.0, error);
  if (session == NULL || !bw_session_check_not_read_protected (session, error))
    return FALSE;
  bw_progress_step_done (progress);

  if (!bw_stm32f4_flash_verify_image (bw_session_get_flash (session), compared, bw_progress_get_child (progress),
                                      cancellable, error))
    {
      bw_session_explain_error (session, error);
      return FALSE;
    }
  bw_job_log (job, "%" G_GSIZE_FORMAT " bytes match%s", bw_image_get_size (compared),
              crc_info != 0 ? " (the firmware's CRC info was not compared)" : "");
  bw_progress_step_done (progress);
  return TRUE;
}

static void
bw_verify_job_finalize (GObject *object)
{
  BwVerifyJob *self = BW_VERIFY_JOB (object);

  g_clear_object (&self->transport);
  g_clear_object (&self->image);
  G_OBJECT_CLASS (bw_verify_job_parent_class)->finalize (object);
}

static void
bw_verify_job_class_init (BwVerifyJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_verify_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_verify_job_run;
}

static void
bw_verify_job_init (BwVerifyJob *self)
{
  self->connect_mode = BW_STLINK_CONNECT_NORMAL;
}

BwVerifyJob *
bw_verify_job_new (BwTransport *transport, BwImage *image)
{
  BwVerifyJob *self;

  g_return_val_if_fail (BW_IS_TRANSPORT (transport), NULL);
  g_return_val_if_fail (BW_IS_IMAGE (image), NULL);

  self = g_object_new (BW_TYPE_VERIFY_JOB, NULL);
  self->transport = g_object_ref (transport);
  self->image = g_object_ref (image);
  return self;
}

void
bw_verify_job_set_ignore_crc_info (BwVerifyJob *self, gboolean ignore)
{
  g_return_if_fail (BW_IS_VERIFY_JOB (self));
  self->ignore_crc_info = ignore;
}

void
bw_verify_job_set_connect_mode (BwVerifyJob *self, BwStlinkConnectMode mode)
{
  g_return_if_fail (BW_IS_VERIFY_JOB (self));
  self->connect_mode = mode;
}

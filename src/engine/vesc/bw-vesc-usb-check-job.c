/* bw-vesc-usb-check-job.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One COMM_FW_VERSION, nothing written. The ESC's own flash cannot be read
 * over USB, so whether a bootloader is already there is not known here.
 */
#include "config.h"

#include "bw-bundled-bootloader.h"
#include "bw-error.h"
#include "bw-job-private.h"
#include "bw-vesc-bootloader-choice.h"
#include "bw-vesc-bootloader-job.h"
#include "bw-vesc-client.h"
#include "bw-vesc-usb-check-job.h"

struct _BwVescUsbCheckJob
{
  BwJob         parent_instance;
  gchar        *port;
  guint         timeout_divisor;

  /* results, written by the worker, read after the run */
  BwVescFwInfo *fw_info;
  const gchar  *bootloader_name;
  gboolean      bootloader_found;
  GStrv         warnings;
};

G_DEFINE_FINAL_TYPE (BwVescUsbCheckJob, bw_vesc_usb_check_job, BW_TYPE_JOB)

static gboolean
bw_vesc_usb_check_job_run (BwJob *job, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  BwVescUsbCheckJob *self = BW_VESC_USB_CHECK_JOB (job);
  g_autoptr(BwVescClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree gchar *describe = NULL;
  g_autofree gchar *bundled = NULL;

  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CONNECT, 1);
  bw_progress_add_step (progress, BW_PROGRESS_PHASE_CHECK, 1);

  client = bw_vesc_client_open_esc (self->port, self->timeout_divisor, &self->fw_info, cancellable, error);
  if (client == NULL)
    return FALSE;
  bw_vesc_client_close (client);
  bw_progress_step_done (progress);

  describe = bw_vesc_fw_info_describe (self->fw_info);
  bw_job_log (job, "%s: %s", self->port, describe);
  self->bootloader_name = bw_vesc_bootloader_choice_for_hardware (self->fw_info->hw_name);
  bundled = bw_bundled_bootloader_find (self->bootloader_name, &local_error);
  self->bootloader_found = bundled != NULL;
  if (bundled == NULL)
    bw_job_log (job, "the matching bootloader %s is not available: %s", self->bootloader_name, local_error->message);
  else
    bw_job_log (job, "the matching bootloader is %s (%s)", self->bootloader_name, bundled);
  g_strfreev (self->warnings);
  self->warnings = bw_vesc_bootloader_job_get_warnings (self->fw_info);
  bw_progress_step_done (progress);
  return TRUE;
}

static void
bw_vesc_usb_check_job_finalize (GObject *object)
{
  BwVescUsbCheckJob *self = BW_VESC_USB_CHECK_JOB (object);

  g_free (self->port);
  g_clear_pointer (&self->fw_info, bw_vesc_fw_info_free);
  g_strfreev (self->warnings);
  G_OBJECT_CLASS (bw_vesc_usb_check_job_parent_class)->finalize (object);
}

static void
bw_vesc_usb_check_job_class_init (BwVescUsbCheckJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_usb_check_job_finalize;
  BW_JOB_CLASS (klass)->run = bw_vesc_usb_check_job_run;
}

static void
bw_vesc_usb_check_job_init (BwVescUsbCheckJob *self)
{
  self->timeout_divisor = 1;
}

BwVescUsbCheckJob *
bw_vesc_usb_check_job_new (const gchar *port)
{
  BwVescUsbCheckJob *self;

  g_return_val_if_fail (port != NULL, NULL);

  self = g_object_new (BW_TYPE_VESC_USB_CHECK_JOB, NULL);
  self->port = g_strdup (port);
  return self;
}

void
bw_vesc_usb_check_job_set_timeout_divisor (BwVescUsbCheckJob *self, guint divisor)
{
  g_return_if_fail (BW_IS_VESC_USB_CHECK_JOB (self));
  g_return_if_fail (divisor >= 1);
  self->timeout_divisor = divisor;
}

const BwVescFwInfo *
bw_vesc_usb_check_job_get_fw_info (BwVescUsbCheckJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_USB_CHECK_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->fw_info;
}

const gchar *
bw_vesc_usb_check_job_get_bootloader_name (BwVescUsbCheckJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_USB_CHECK_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return self->bootloader_name;
}

gboolean
bw_vesc_usb_check_job_get_bootloader_found (BwVescUsbCheckJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_USB_CHECK_JOB (self), FALSE);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), FALSE);
  return self->bootloader_found;
}

const gchar *const *
bw_vesc_usb_check_job_get_warnings (BwVescUsbCheckJob *self)
{
  g_return_val_if_fail (BW_IS_VESC_USB_CHECK_JOB (self), NULL);
  g_return_val_if_fail (!bw_job_is_running (BW_JOB (self)), NULL);
  return (const gchar *const *) self->warnings;
}

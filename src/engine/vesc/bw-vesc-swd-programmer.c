/* bw-vesc-swd-programmer.c
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programmer VESC runs a cut-down Black Magic Probe (vedderb/bldc
 * blackmagic/bm_if.c): it bit-bangs SWD on its own PA13/PA14, has no NRST
 * output and no voltage sense, and its only erase is erase_mass. Result
 * numbers as documented in bm_if.c; chunk sizes as VESC Tool's
 * swdUploadFw uses them.
 */
#include "config.h"

#include <string.h>

#include "bw-error.h"
#include "bw-vesc-commands.h"
#include "bw-vesc-swd-programmer.h"

struct _BwVescSwdProgrammer
{
  GObject       parent_instance;
  BwVescClient *client;
  gboolean      connected;
};

G_DEFINE_FINAL_TYPE (BwVescSwdProgrammer, bw_vesc_swd_programmer, G_TYPE_OBJECT)

static const BwVescSwdLimits limits = {
  .can_drive_nrst = FALSE,
  .can_sense_voltage = FALSE,
  .can_erase_sectors = FALSE,
  .can_read_protect_state = FALSE,
  .write_chunk = BW_VESC_SWD_CHUNK,
  .read_chunk = BW_VESC_SWD_CHUNK,
  .wiring = "GND to GND, IO (SWDIO) to IO, CLK (SWCLK) to CLK between the two SWD ports, short wires "
            "(6-8 cm recommended), both ESCs powered from their own batteries, 3.3 V and RST not connected",
};

const BwVescSwdLimits *
bw_vesc_swd_programmer_get_limits (void)
{
  return &limits;
}

static void
bw_vesc_swd_programmer_finalize (GObject *object)
{
  BwVescSwdProgrammer *self = BW_VESC_SWD_PROGRAMMER (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (bw_vesc_swd_programmer_parent_class)->finalize (object);
}

static void
bw_vesc_swd_programmer_class_init (BwVescSwdProgrammerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bw_vesc_swd_programmer_finalize;
}

static void
bw_vesc_swd_programmer_init (BwVescSwdProgrammer *self)
{
}

BwVescSwdProgrammer *
bw_vesc_swd_programmer_new (BwVescClient *client)
{
  BwVescSwdProgrammer *self;

  g_return_val_if_fail (BW_IS_VESC_CLIENT (client), NULL);

  self = g_object_new (BW_TYPE_VESC_SWD_PROGRAMMER, NULL);
  self->client = g_object_ref (client);
  return self;
}

BwVescClient *
bw_vesc_swd_programmer_get_client (BwVescSwdProgrammer *self)
{
  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), NULL);
  return self->client;
}

static const gchar *
port (BwVescSwdProgrammer *self)
{
  return bw_vesc_transport_get_description (bw_vesc_client_get_transport (self->client));
}

/* "Not connected" from the programmer means it lost the target since connect. */
static void
set_lost_target (BwVescSwdProgrammer *self, const gchar *what, GError **error)
{
  self->connected = FALSE;
  g_set_error (error, BW_ERROR, BW_ERROR_VESC_TARGET_NO_RESPONSE,
               "%s: %s: the programmer VESC is no longer attached to the target", port (self), what);
}

static gboolean
require_connected (BwVescSwdProgrammer *self, const gchar *what, GError **error)
{
  if (self->connected)
    return TRUE;
  g_set_error (error, BW_ERROR, BW_ERROR_INVALID_ARGUMENT, "%s: %s before connecting to the target", port (self),
               what);
  return FALSE;
}

BwVescFwInfo *
bw_vesc_swd_programmer_identify (BwVescSwdProgrammer *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), NULL);
  return bw_vesc_client_get_fw_info (self->client, cancellable, error);
}

gboolean
bw_vesc_swd_programmer_connect (BwVescSwdProgrammer *self, GCancellable *cancellable, GError **error)
{
  gint result = 0;

  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);

  if (!bw_vesc_client_bm_map_pins_default (self->client, &result, cancellable, error))
    {
      g_prefix_error (error, "the programmer VESC's firmware has no SWD programmer, or: ");
      return FALSE;
    }
  if (!bw_vesc_client_bm_connect (self->client, &result, cancellable, error))
    return FALSE;
  switch (result)
    {
    case BW_VESC_BM_TARGET_STM32F40X:
      self->connected = TRUE;
      return TRUE;
    case BW_VESC_BM_NO_CONNECTION:
      g_set_error (error, BW_ERROR, BW_ERROR_VESC_TARGET_NO_RESPONSE,
                   "%s: the programmer VESC found no SWD target", port (self));
      return FALSE;
    case BW_VESC_BM_NOT_RECOGNISED:
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_UNSUPPORTED,
                   "%s: the target answers on SWD but is not a chip the VESC programmer knows", port (self));
      return FALSE;
    default:
      /* 2..8: an nRF51/nRF52 module (bm_if.c), e.g. a built-in BLE chip */
      g_set_error (error, BW_ERROR, BW_ERROR_CHIP_UNSUPPORTED,
                   "%s: the target is an nRF5x radio module (type %d), not an ESC's STM32F4", port (self), result);
      bw_vesc_swd_programmer_disconnect (self, cancellable, NULL);
      return FALSE;
    }
}

gboolean
bw_vesc_swd_programmer_is_connected (BwVescSwdProgrammer *self)
{
  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);
  return self->connected;
}

/* Register addresses as vedderb/bldc blackmagic/target/stm32f4.c reads them
 * (DBGMCU_IDCODE, F4_FLASHSIZE, FLASH_OPTCR = FPEC_BASE + 0x14). */
#define DBGMCU_IDCODE 0xE0042000u
#define F4_FLASHSIZE  0x1FFF7A22u
#define FLASH_OPTCR   0x40023C14u

gboolean
bw_vesc_swd_programmer_read_chip_info (BwVescSwdProgrammer *self, BwVescSwdChipInfo *info,
                                       GCancellable *cancellable, GError **error)
{
  guint8 idcode[4], flash_kb[2], optcr[4];

  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (!bw_vesc_swd_programmer_read (self, DBGMCU_IDCODE, idcode, 4, NULL, cancellable, error) ||
      !bw_vesc_swd_programmer_read (self, F4_FLASHSIZE, flash_kb, 2, NULL, cancellable, error) ||
      !bw_vesc_swd_programmer_read (self, FLASH_OPTCR, optcr, 4, NULL, cancellable, error))
    return FALSE;
  info->dev_id = (guint16) ((idcode[1] & 0x0Fu) << 8 | idcode[0]);
  info->rev_id = (guint16) (idcode[3] << 8 | idcode[2]);
  info->flash_kb = (guint) flash_kb[1] << 8 | flash_kb[0];
  info->rdp_byte = optcr[1];
  return TRUE;
}

gboolean
bw_vesc_swd_programmer_erase_all (BwVescSwdProgrammer *self, GCancellable *cancellable, GError **error)
{
  gint result = 0;

  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);

  if (!require_connected (self, "erase", error) ||
      !bw_vesc_client_bm_erase_flash_all (self->client, &result, cancellable, error))
    return FALSE;
  switch (result)
    {
    case BW_VESC_BM_OK:
      return TRUE;
    case BW_VESC_BM_NOT_CONNECTED:
      set_lost_target (self, "erase", error);
      return FALSE;
    default:
      g_set_error (error, BW_ERROR, BW_ERROR_ERASE_FAILED, "%s: the mass erase failed (result %d)", port (self),
                   result);
      return FALSE;
    }
}

/* Writes @write_data or reads into @read_buffer, in the chunks the
 * programmer takes. */
static gboolean
transfer (BwVescSwdProgrammer *self, gboolean writing, guint32 address, const guint8 *write_data,
          guint8 *read_buffer, gsize len, BwProgress *progress, GCancellable *cancellable, GError **error)
{
  const gchar *what = writing ? "write" : "read";

  if (!require_connected (self, what, error))
    return FALSE;
  for (gsize done = 0; done < len; )
    {
      gsize n = MIN (len - done, (gsize) (writing ? limits.write_chunk : limits.read_chunk));
      guint32 at = address + (guint32) done;
      gint result = 0;
      gboolean sent = writing ? bw_vesc_client_bm_write_flash (self->client, at, write_data + done, n, &result,
                                                                cancellable, error)
                              : bw_vesc_client_bm_mem_read (self->client, at, read_buffer + done, n, &result,
                                                            cancellable, error);

      if (!sent)
        {
          g_prefix_error (error, "%s at 0x%08X: ", writing ? "writing" : "reading", at);
          return FALSE;
        }
      if (result == BW_VESC_BM_NOT_CONNECTED)
        {
          set_lost_target (self, what, error);
          return FALSE;
        }
      if (result != BW_VESC_BM_OK && writing)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_PROGRAM_FAILED,
                       "%s: writing %" G_GSIZE_FORMAT " bytes at 0x%08X failed (result %d)", port (self), n, at,
                       result);
          return FALSE;
        }
      if (result != BW_VESC_BM_OK)
        {
          g_set_error (error, BW_ERROR, BW_ERROR_TARGET_FAULT,
                       "%s: reading %" G_GSIZE_FORMAT " bytes at 0x%08X failed (result %d); the chip may be "
                       "read-protected", port (self), n, at, result);
          return FALSE;
        }
      done += n;
      if (progress != NULL)
        bw_progress_set_bytes (progress, done, len);
    }
  return TRUE;
}

gboolean
bw_vesc_swd_programmer_write (BwVescSwdProgrammer *self, guint32 address, const guint8 *data, gsize len,
                              BwProgress *progress, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return transfer (self, TRUE, address, data, NULL, len, progress, cancellable, error);
}

gboolean
bw_vesc_swd_programmer_read (BwVescSwdProgrammer *self, guint32 address, guint8 *buffer, gsize len,
                             BwProgress *progress, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);
  g_return_val_if_fail (buffer != NULL || len == 0, FALSE);

  return transfer (self, FALSE, address, NULL, buffer, len, progress, cancellable, error);
}

gboolean
bw_vesc_swd_programmer_verify (BwVescSwdProgrammer *self, guint32 address, const guint8 *data, gsize len,
                               BwProgress *progress, GCancellable *cancellable, GError **error)
{
  g_autofree guint8 *back = NULL;

  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  back = g_malloc (MAX (len, 1));
  if (!bw_vesc_swd_programmer_read (self, address, back, len, progress, cancellable, error))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (back[i] != data[i])
        {
          g_set_error (error, BW_ERROR, BW_ERROR_VERIFY_MISMATCH,
                       "0x%08" G_GINT64_MODIFIER "X holds 0x%02X, the image has 0x%02X",
                       (guint64) address + i, back[i], data[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
bw_vesc_swd_programmer_reboot (BwVescSwdProgrammer *self, GCancellable *cancellable, GError **error)
{
  gint result = 0;

  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);

  if (!require_connected (self, "reboot", error) ||
      !bw_vesc_client_bm_reboot (self->client, &result, cancellable, error))
    return FALSE;
  if (result == BW_VESC_BM_NOT_CONNECTED)
    {
      set_lost_target (self, "reboot", error);
      return FALSE;
    }
  if (result != BW_VESC_BM_OK)
    {
      g_set_error (error, BW_ERROR, BW_ERROR_FLASH_LOCKED, "%s: finishing the flash write failed (result %d)",
                   port (self), result);
      return FALSE;
    }
  return TRUE;
}

gboolean
bw_vesc_swd_programmer_disconnect (BwVescSwdProgrammer *self, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (BW_IS_VESC_SWD_PROGRAMMER (self), FALSE);

  self->connected = FALSE;
  return bw_vesc_client_bm_disconnect (self->client, cancellable, error);
}

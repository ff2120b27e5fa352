/* bw-error-advice.c: the one table shared by the CLI and the wizard
 *
 * Copyright 2026 The Bootwire authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bw-error-advice.h"

typedef struct {
  const gchar *summary;
  const gchar *action;
} BwErrorAdvice;

static const BwErrorAdvice advice_table[BW_ERROR_LAST] = {
  [BW_ERROR_INTERNAL] = {
    /* TRANSLATORS: an unexpected failure inside Bootwire itself */
    N_("Something went wrong inside Bootwire."),
    N_("Save the report and send it to the Bootwire developers. Your ESC was not changed by this step."),
  },
  [BW_ERROR_INVALID_ARGUMENT] = {
    N_("A setting or option is not valid."),
    N_("Check the value you entered and try again."),
  },
  [BW_ERROR_CANCELLED] = {
    N_("The job was cancelled."),
    N_("Nothing more was written. Run the job again when you are ready; it picks up from a safe state."),
  },
  [BW_ERROR_FILE_NOT_FOUND] = {
    N_("The file does not exist."),
    N_("Check the file name and folder, or download the file again."),
  },
  [BW_ERROR_FILE_READ_FAILED] = {
    N_("The file could not be read."),
    N_("Check that it is a file (not a folder) and that you are allowed to read it."),
  },
  [BW_ERROR_FILE_WRITE_FAILED] = {
    N_("The file could not be saved."),
    N_("Choose another folder, or free some disk space."),
  },
  [BW_ERROR_FILE_TOO_LARGE] = {
    N_("The file is far too large to be a firmware or bootloader."),
    N_("VESC images are at most 1 MB of data. Check that you picked the right file."),
  },
  [BW_ERROR_FILE_EMPTY] = {
    N_("The file is empty."),
    N_("The download or copy probably failed. Download the file again."),
  },
  [BW_ERROR_IMAGE_INVALID] = {
    /* TRANSLATORS: "image" is a firmware or bootloader file */
    N_("The file is damaged or is not a firmware image."),
    N_("Download the file again from its original source. A .hex file must be Intel HEX text; a .bin file must be the raw image."),
  },
  [BW_ERROR_IMAGE_OVERLAP] = {
    N_("The file gives two different contents for the same flash address."),
    N_("The file is damaged or was merged badly. Download it again."),
  },
  [BW_ERROR_IMAGE_OUT_OF_RANGE] = {
    N_("The file would write outside the chip's flash memory."),
    N_("This file was made for another chip or another address. Check the address, or pick the file made for your board."),
  },
  [BW_ERROR_IMAGE_WRONG_CHIP] = {
    N_("The file was made for a different chip or board."),
    N_("Pick the file made for your ESC's hardware version. Flashing the wrong one can brick it."),
  },
  [BW_ERROR_IMAGE_NO_ADDRESS] = {
    /* TRANSLATORS: the hexadecimal addresses must stay exactly as they are */
    N_("A .bin file has no address inside, and Bootwire cannot tell where it belongs."),
    N_("Give the address yourself: 0x080E0000 for a VESC bootloader, 0x08000000 for VESC firmware."),
  },
  [BW_ERROR_PROBE_NOT_FOUND] = {
    /* TRANSLATORS: the "probe" is the ST-Link programmer dongle */
    N_("No ST-Link programmer was found."),
    N_("Plug the ST-Link into a USB port directly (not through a hub) with a cable known to carry data: many USB cables only charge. Wait a few seconds and try again. On Windows, install ST's ST-Link driver first."),
  },
  [BW_ERROR_PROBE_PERMISSION] = {
    /* TRANSLATORS: "udev rules" is the Linux name of the device permission files; keep it */
    N_("The ST-Link was found, but this computer does not allow Bootwire to use it."),
    N_("Install the Bootwire udev rules (or run as administrator once), then unplug and replug the ST-Link."),
  },
  [BW_ERROR_PROBE_BUSY] = {
    N_("Another program is using the ST-Link."),
    N_("Close ST-LINK Utility, STM32CubeProgrammer, OpenOCD or any other tool that uses it, then try again."),
  },
  [BW_ERROR_PROBE_FIRMWARE_TOO_OLD] = {
    N_("The ST-Link's own firmware is too old for this."),
    N_("Update the ST-Link firmware with ST's ST-LinkUpgrade tool, or use another ST-Link."),
  },
  [BW_ERROR_PROBE_PROTOCOL] = {
    N_("The ST-Link answered in a way Bootwire did not expect."),
    N_("Unplug the ST-Link, plug it back in, and try again. If it keeps happening, save the report and send it to us."),
  },
  [BW_ERROR_DISCONNECTED] = {
    N_("The ST-Link was unplugged or lost power."),
    N_("Plug it back in and run the job again. Bootwire will continue from a safe state."),
  },
  [BW_ERROR_TIMED_OUT] = {
    N_("The ST-Link or the ESC stopped answering."),
    N_("Check the cable and the ESC's power, then try again with a slower connection speed."),
  },
  [BW_ERROR_TARGET_NOT_POWERED] = {
    /* TRANSLATORS: the ESC is the electric motor controller being programmed */
    N_("The ESC is not powered."),
    N_("Connect the ESC to its battery (or a current-limited bench supply) and switch it on. Do not connect the ST-Link's 3.3 V pin as well."),
  },
  [BW_ERROR_TARGET_NO_RESPONSE] = {
    /* TRANSLATORS: SWD, SWDIO, SWCLK and GND are names printed on the boards; keep them as they are */
    N_("The ESC's processor does not answer on the SWD wires."),
    N_("Check that SWDIO and SWCLK are not swapped and that GND is connected. Then try connecting under reset, or a slower speed."),
  },
  [BW_ERROR_CHIP_MISMATCH] = {
    N_("The processor on the ESC is not the one this board should have."),
    N_("Check that you chose the right board. If you are sure, the board may be a clone with a different chip."),
  },
  [BW_ERROR_CHIP_UNSUPPORTED] = {
    N_("Bootwire does not know how to program this processor."),
    N_("Only STM32F4 based ESCs are supported. Check which chip your ESC uses."),
  },
  [BW_ERROR_READ_PROTECTED] = {
    /* TRANSLATORS: "Unlock" is the name of a button in Bootwire */
    N_("The chip is read-protected, so its flash cannot be read or written."),
    N_("Removing the protection erases the whole chip, including its settings. Use Unlock if you accept that."),
  },
  [BW_ERROR_WRITE_PROTECTED] = {
    N_("Part of the chip's flash is write-protected."),
    N_("Remove the write protection (Unlock) and run the job again."),
  },
  [BW_ERROR_FLASH_LOCKED] = {
    N_("The chip refused to unlock its flash for writing."),
    N_("Reset the ESC (or power it off and on) and try again."),
  },
  [BW_ERROR_ERASE_FAILED] = {
    N_("Erasing the flash failed."),
    N_("Check the ESC's power supply, then run the job again. Nothing beyond the erased sectors was touched."),
  },
  [BW_ERROR_PROGRAM_FAILED] = {
    N_("Writing the flash failed."),
    N_("Check the ESC's power and the cable, then run the job again; it starts with a fresh erase."),
  },
  [BW_ERROR_VERIFY_MISMATCH] = {
    N_("The flash does not hold what was written."),
    N_("Run the job again. If it fails at the same place, the chip's flash may be worn or damaged."),
  },
  [BW_ERROR_IMAGE_WRONG_HARDWARE] = {
    N_("The firmware was built for other hardware than the board you chose."),
    N_("Pick the firmware made for your board (its hardware name must match), or choose the right board. Wrong firmware can damage the ESC or the motor."),
  },
  [BW_ERROR_PLAN_REFUSED] = {
    N_("Bootwire will not do this, because it would leave the ESC unable to start or update."),
    N_("Read the reason, then change the files or options: for example add the bootloader when erasing the whole chip."),
  },
  [BW_ERROR_TARGET_FAULT] = {
    N_("The ESC's processor refused access to a memory address."),
    N_("The chip may be read-protected, or the address is not memory on this chip. Run the check again to see the chip's protection state."),
  },
  [BW_ERROR_NRST_NOT_CONNECTED] = {
    /* TRANSLATORS: NRST, RST and T_NRST are pin names printed on the boards; keep them as they are */
    N_("The probe's reset wire does not reach the ESC's processor."),
    N_("Connect the probe's NRST pin to the ESC's NRST pad. On many clone ST-Links the pin labelled RST is the wrong one; use a pin labelled NRST or T_NRST."),
  },
  [BW_ERROR_BOARD_PROFILE_INVALID] = {
    /* TRANSLATORS: a "profile" is a .board or .probe file describing an ESC or a programmer */
    N_("A board or programmer profile file has a mistake in it."),
    N_("Fix the key named in the details, or remove the file from your bootwire/boards or bootwire/probes folder. Bootwire uses its own profiles meanwhile."),
  },
  [BW_ERROR_VESC_NOT_FOUND] = {
    /* TRANSLATORS: a "serial port" is the USB connection of a VESC-based ESC, e.g. /dev/ttyACM0 */
    N_("No VESC was found on that serial port."),
    N_("Connect the ESC's USB port with a cable known to carry data, switch the ESC on, and pick the port again (on Linux usually /dev/ttyACM0)."),
  },
  [BW_ERROR_VESC_PERMISSION] = {
    /* TRANSLATORS: "dialout" is the name of a Linux user group; keep it */
    N_("The VESC's serial port exists, but this computer does not allow Bootwire to use it."),
    N_("Add your user to the dialout group (then log out and in again), or close VESC Tool if it has the port open."),
  },
  [BW_ERROR_VESC_DISCONNECTED] = {
    N_("The VESC's USB connection went away during the job."),
    N_("Keep the ESC powered, plug the USB cable back in and run the job again: it starts over with a fresh erase, so the interrupted write is repaired."),
  },
  [BW_ERROR_VESC_NO_REPLY] = {
    N_("The VESC did not answer."),
    N_("Check that the ESC is switched on and runs its firmware (VESC Tool can connect to it), that no other program uses the port, then try again."),
  },
  [BW_ERROR_VESC_PROTOCOL] = {
    N_("The VESC answered in a way Bootwire did not expect."),
    N_("Unplug the USB cable, plug it back in and try again. If it keeps happening, save the report and send it to us."),
  },
  [BW_ERROR_VESC_FIRMWARE_TOO_OLD] = {
    N_("The firmware on this ESC is too old to erase its bootloader area over USB."),
    N_("Writing over an existing bootloader without erasing it destroys it. Update the firmware first, or install the bootloader with an ST-Link or another VESC."),
  },
  [BW_ERROR_VESC_TARGET_NO_RESPONSE] = {
    /* TRANSLATORS: GND, IO and CLK are pin names printed on VESC boards; keep them as they are */
    N_("The programmer VESC cannot reach the other ESC's processor over SWD."),
    N_("Connect GND to GND, IO to IO and CLK to CLK with short wires (under 10 cm), and power both ESCs from their batteries. A VESC has no reset wire, so connect-under-reset is not possible this way."),
  },
};

const gchar *
bw_error_advice_get_summary (BwError code)
{
  if ((guint) code >= BW_ERROR_LAST)
    code = BW_ERROR_INTERNAL;
  return _(advice_table[code].summary);
}

const gchar *
bw_error_advice_get_action (BwError code)
{
  if ((guint) code >= BW_ERROR_LAST)
    code = BW_ERROR_INTERNAL;
  return _(advice_table[code].action);
}

/* "What happened. (details) What to do." for a log or a terminal. */
gchar *
bw_error_advice_format (const GError *error)
{
  BwError code = BW_ERROR_INTERNAL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == BW_ERROR)
    code = (BwError) error->code;
  return g_strdup_printf ("%s\n  %s\n  %s",
                          bw_error_advice_get_summary (code),
                          error->message,
                          bw_error_advice_get_action (code));
}

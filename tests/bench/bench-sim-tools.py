#!/usr/bin/env python3
# bench-sim-tools.py: wall time and simulated time of the conformance runs
# that move the most data (st-flash write of a bootloader, OpenOCD program +
# verify of a 512 KB firmware), through the stand-in libusb. A benchmark:
# it prints a table and never asserts a speed.
#
# Copyright 2026 The Bootwire authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import conformance as c  # noqa: E402

RUNS = int(os.environ.get("BW_BENCH_RUNS", "3"))


def st_flash_bootloader():
    sim = c.Sim(c.SCENARIO_FW)
    argv = [c.ST_FLASH, "write", c.real("vesc_bootloader_generic.bin"), "0x080E0000"]
    return sim, argv


def openocd_firmware():
    sim = c.Sim("")
    argv = [c.OPENOCD] + c.OPENOCD_QUIET + ["-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg",
                                            "-c", "program %s 0x08000000 verify reset exit" % c.real(c.FW)]
    return sim, argv


def board(firmware, bootloader):
    """A scenario whose flash holds the named images (paths in REAL)."""
    import tempfile
    flash = bytearray(b"\xff" * c.FLASH_SIZE)
    if firmware:
        data = c.read_bin(firmware)
        flash[:len(data)] = data
    if bootloader:
        data = c.read_bin(bootloader)
        flash[0xE0000:0xE0000 + len(data)] = data
    fd, path = tempfile.mkstemp(suffix=".bin")
    os.write(fd, bytes(flash))
    os.close(fd)
    return c.Sim("[target]\nflash=%s\n" % path)


def st_flash_over_old_bootloader():
    sim = board(c.FW, "vesc_bootloader_generic_legacy_2019.bin")
    return sim, [c.ST_FLASH, "write", c.real("vesc_bootloader_hw60-family.bin"), "0x080E0000"]


def st_flash_on_blank_sector():
    sim = board(c.FW, None)
    return sim, [c.ST_FLASH, "write", c.real("vesc_bootloader_hw60-family.bin"), "0x080E0000"]


def openocd_recovery():
    sim = board("VESC_default_fw7.00_hw410.bin", None)
    argv = [c.OPENOCD] + c.OPENOCD_QUIET + [
        "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg",
        "-c", "init", "-c", "reset halt", "-c", "stm32f2x mass_erase 0",
        "-c", "flash write_image %s 0x08000000" % c.real(c.FW),
        "-c", "flash write_image %s 0x080E0000" % c.real("vesc_bootloader_hw60-family.bin"),
        "-c", "verify_image %s 0x08000000" % c.real(c.FW),
        "-c", "verify_image %s 0x080E0000" % c.real("vesc_bootloader_hw60-family.bin"),
        "-c", "shutdown"]
    return sim, argv


def st_flash_backup():
    sim = board(c.FW, "vesc_bootloader_hw60-family.bin")
    return sim, [c.ST_FLASH, "read", os.path.join(sim.dir, "backup.bin"), "0x08000000", "0x100000"]


def measure(make):
    walls, sims = [], []
    for _ in range(RUNS):
        sim, argv = make()
        start = time.monotonic()
        rc, out = sim.run(argv)
        walls.append(time.monotonic() - start)
        if rc != 0:
            raise SystemExit("run failed:\n" + out)
        sims.append(sum(s[2] for s in sim.sessions()) / 1e6)
        sim.cleanup()
    return statistics.median(walls), statistics.median(sims)


def main():
    print("Simulator wall time for third-party tools (median of %d runs)\n" % RUNS)
    print("| run | wall s | simulated s |")
    print("|---|---|---|")
    for name, make in (("conformance 2: st-flash write vesc_bootloader_generic.bin 0x080E0000", st_flash_bootloader),
                       ("conformance 6: openocd program VESC_default_fw7.00_hw60.bin verify reset", openocd_firmware),
                       ("(a) st-flash: hw60 bootloader over an old sector 11", st_flash_over_old_bootloader),
                       ("(b) st-flash: hw60 bootloader on a blank sector 11", st_flash_on_blank_sector),
                       ("(c) openocd: mass erase, FW 7.00 hw60 + bootloader, verify", openocd_recovery),
                       ("(d) st-flash read of 1 MB", st_flash_backup)):
        wall, simulated = measure(make)
        print("| %s | %.2f | %.2f |" % (name, wall, simulated))


if __name__ == "__main__":
    main()

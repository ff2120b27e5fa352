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
    for name, make in (("2: st-flash write vesc_bootloader_generic.bin 0x080E0000", st_flash_bootloader),
                       ("6: openocd program VESC_default_fw7.00_hw60.bin verify reset", openocd_firmware)):
        wall, simulated = measure(make)
        print("| %s | %.2f | %.2f |" % (name, wall, simulated))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# bench-table.py: the four jobs of issue 5 for Bootwire, st-flash and OpenOCD
# on the simulator, in one table: simulated seconds, ratio to the physical
# floor of spec/sim-timing.md, wall and CPU seconds. A benchmark: it prints
# and never asserts a speed.
#
# Usage: bench-table.py BENCH_JOBS_BINARY [OUTPUT.md]
# (BW_SIM_LIBUSB_DIR and BW_TESTDATA_REAL as for the conformance tests;
# BW_BENCH_RUNS, default 3: the third-party rows are the median run.)
#
# Copyright 2026 The Bootwire authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import conformance as c  # noqa: E402

RUNS = int(os.environ.get("BW_BENCH_RUNS", "3"))
BL = "vesc_bootloader_hw60-family.bin"
BL_OLD = "vesc_bootloader_generic_legacy_2019.bin"
FW_BRICKED = "VESC_default_fw7.00_hw410.bin"


def board(firmware, bootloader):
    """A scenario whose flash holds the named images (names in REAL)."""
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
    return c.Sim("[target]\nflash=%s\n" % path), path


def openocd(*commands):
    argv = [c.OPENOCD] + c.OPENOCD_QUIET + ["-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg"]
    for command in commands:
        argv += ["-c", command]
    return argv


def st_flash_write(image, address):
    return [[c.ST_FLASH, "write", c.real(image), "0x%08X" % address]]


# job -> tool -> (firmware, bootloader on the board before, command lines)
JOBS = {
    "a": {
        "st-flash 1.7.0": (c.FW, BL_OLD, lambda sim: st_flash_write(BL, 0x080E0000)),
        "OpenOCD 0.12.0": (c.FW, BL_OLD, lambda sim: [openocd("program %s 0x080E0000 verify exit" % c.real(BL))]),
    },
    "b": {
        "st-flash 1.7.0": (c.FW, None, lambda sim: st_flash_write(BL, 0x080E0000)),
        "OpenOCD 0.12.0": (c.FW, None, lambda sim: [openocd("program %s 0x080E0000 verify exit" % c.real(BL))]),
    },
    "c": {
        "st-flash 1.7.0": (FW_BRICKED, None, lambda sim: [[c.ST_FLASH, "erase"]] +
                           st_flash_write(c.FW, 0x08000000) + st_flash_write(BL, 0x080E0000)),
        "OpenOCD 0.12.0": (FW_BRICKED, None, lambda sim: [openocd(
            "init", "reset halt", "stm32f2x mass_erase 0",
            "flash write_image %s 0x08000000" % c.real(c.FW),
            "flash write_image %s 0x080E0000" % c.real(BL),
            "verify_image %s 0x08000000" % c.real(c.FW),
            "verify_image %s 0x080E0000" % c.real(BL),
            "shutdown")]),
    },
    "d": {
        "st-flash 1.7.0": (c.FW, BL, lambda sim: [[c.ST_FLASH, "read", os.path.join(sim.dir, "backup.bin"),
                                                   "0x08000000", "0x100000"]]),
        "OpenOCD 0.12.0": (c.FW, BL, lambda sim: [openocd(
            "init", "reset halt", "dump_image %s 0x08000000 0x100000" % os.path.join(sim.dir, "backup.bin"),
            "shutdown")]),
    },
}
TOOL_COMMANDS = {
    "st-flash 1.7.0": {
        "a": "st-flash write",
        "b": "st-flash write",
        "c": "st-flash erase; write FW; write BL",
        "d": "st-flash read",
    },
    "OpenOCD 0.12.0": {
        "a": "program ... verify",
        "b": "program ... verify",
        "c": "mass_erase, write_image x2, verify_image x2",
        "d": "dump_image",
    },
}


def cpu_of_children():
    t = os.times()
    return t.children_user + t.children_system


def measure(firmware, bootloader, make_argvs):
    walls, cpus, sims = [], [], []
    for _ in range(RUNS):
        sim, flash_path = board(firmware, bootloader)
        start_wall, start_cpu = time.monotonic(), cpu_of_children()
        for argv in make_argvs(sim):
            rc, out = sim.run(argv)
            if rc != 0:
                raise SystemExit("%s failed:\n%s" % (" ".join(argv), out))
        walls.append(time.monotonic() - start_wall)
        cpus.append(cpu_of_children() - start_cpu)
        sims.append(sum(s[2] for s in sim.sessions()) / 1e6)
        sim.cleanup()
        os.unlink(flash_path)
    best = sorted(range(RUNS), key=lambda i: walls[i])[RUNS // 2]
    return sims[best], walls[best], cpus[best]


def bootwire_rows(bench_jobs):
    out = subprocess.run([bench_jobs, "--tsv", c.REAL], check=True, capture_output=True, text=True).stdout
    rows, stall = {}, None
    for line in out.splitlines():
        fields = line.split("\t")
        if fields[0] == "stall":
            stall = (fields[1], float(fields[2]), int(fields[3]), int(fields[4]))
        else:
            rows[fields[0][1]] = {"name": fields[0], "sim": float(fields[1]), "floor": float(fields[2]),
                                  "floor_what": fields[3], "wall": float(fields[4]), "cpu": float(fields[5])}
    return rows, stall


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: bench-table.py BENCH_JOBS_BINARY [OUTPUT.md]")
    rows, stall = bootwire_rows(sys.argv[1])
    lines = ["Jobs on the simulator (ST-Link V2 model, STM32F405 at 3.3 V). Simulated time is the virtual",
             "clock of src/sim; the floor is the least time the silicon allows (spec/sim-timing.md); wall",
             "and CPU are this machine's cost of running the tool and the simulator together (third-party",
             "tools: median of %d runs)." % RUNS,
             "",
             "| job | tool | simulated s | floor s | x floor | wall s | CPU s |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for job in "abcd":
        bw = rows[job]
        lines.append("| %s | Bootwire | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
            bw["name"], bw["sim"], bw["floor"], bw["sim"] / bw["floor"], bw["wall"], bw["cpu"]))
        for tool, (firmware, bootloader, make_argvs) in JOBS[job].items():
            simulated, wall, cpu = measure(firmware, bootloader, make_argvs)
            lines.append("| | %s (%s) | %.2f | %.2f | %.2f | %.2f | %.2f |" % (
                tool, TOOL_COMMANDS[tool][job], simulated, bw["floor"], simulated / bw["floor"], wall, cpu))
            print(lines[-1], file=sys.stderr)
    lines.append("")
    lines.append("Floors: (a) %s, (b) %s, (c) %s, (d) %s." % tuple(rows[j]["floor_what"] for j in "abcd"))
    if stall is not None:
        lines.append("")
        lines.append("Main-loop stall while Bootwire runs %s as the wizard does (job on its worker thread, "
                     "reports on the main loop, a 1 ms timer beside them): longest gap %.2f ms over %d ticks, "
                     "%d progress signals. Widget updates of the GUI are not included." % stall)
    table = "\n".join(lines) + "\n"
    print(table)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write(table)
        print("written to %s" % sys.argv[2])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# conformance.py: unmodified Debian stlink-tools / OpenOCD against the simulator
#
# Copyright 2026 The Bootwire authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each case gets a fresh scenario and state directory, runs the third-party
# binary with the stand-in libusb-1.0 (LD_LIBRARY_PATH + LD_PRELOAD, so that
# its sleeps run on the virtual clock), and then judges the result from the
# simulator's own state (flash.bin, state.ini, sessions.log), never from what
# the tool claims. Output is TAP.
#
# Usage: conformance.py CASE   (see CASES at the bottom)

import atexit
import configparser
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

FLASH_BASE = 0x08000000
FLASH_SIZE = 1024 * 1024

LIBUSB_DIR = os.path.abspath(os.environ["BW_SIM_LIBUSB_DIR"])
REAL = os.environ["BW_TESTDATA_REAL"]
ST_INFO = os.environ.get("BW_ST_INFO", "/usr/bin/st-info")
ST_FLASH = os.environ.get("BW_ST_FLASH", "/usr/bin/st-flash")
OPENOCD = os.environ.get("BW_OPENOCD", "/usr/bin/openocd")
TOOL_TIMEOUT = int(os.environ.get("BW_CONFORMANCE_TIMEOUT", "400"))
MAX_OUTPUT = 4 * 1024 * 1024


class Tap:
    def __init__(self):
        self.results = []

    def check(self, ok, what, detail=None):
        self.results.append((bool(ok), what, detail))
        return ok

    def finish(self):
        print("1..%d" % len(self.results))
        failed = 0
        for i, (ok, what, detail) in enumerate(self.results, 1):
            print("%s %d - %s" % ("ok" if ok else "not ok", i, what))
            if not ok:
                failed += 1
                if detail:
                    for line in str(detail).splitlines()[-60:]:
                        print("# " + line)
        return 1 if failed else 0


class Sim:
    """A fresh scenario + state directory."""

    def __init__(self, scenario_text):
        self.dir = tempfile.mkdtemp(prefix="bw-conformance-")
        atexit.register(shutil.rmtree, self.dir, True)
        self.state = os.path.join(self.dir, "state")
        self.scenario = os.path.join(self.dir, "scenario.ini")
        with open(self.scenario, "w") as f:
            f.write(scenario_text)

    def env(self):
        env = dict(os.environ)
        for k in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "MALLOC_CHECK_",
                  "MALLOC_PERTURB_"):
            env.pop(k, None)
        lib = os.path.join(LIBUSB_DIR, "libusb-1.0.so.0")
        env["LD_LIBRARY_PATH"] = LIBUSB_DIR
        env["LD_PRELOAD"] = lib
        env["BOOTWIRE_SIM_SCENARIO"] = self.scenario
        env["BOOTWIRE_SIM_STATE"] = self.state
        env["HOME"] = self.dir
        env["G_DEBUG"] = ""
        return env

    def run(self, argv, cwd=None):
        """(exit code, output). Output is bounded: a tool that loops printing
        errors (st-flash 1.7.0 does when the probe vanishes) is killed."""
        p = subprocess.Popen(argv, env=self.env(), cwd=cwd or self.dir,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        chunks, total, note = [], 0, ""
        deadline = time.monotonic() + TOOL_TIMEOUT
        os.set_blocking(p.stdout.fileno(), False)
        while True:
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            data = p.stdout.read() if r else b""
            if data:
                chunks.append(data)
                total += len(data)
                while len(chunks) > 1 and total - len(chunks[0]) > MAX_OUTPUT:
                    total -= len(chunks.pop(0))
            elif r or p.poll() is not None:
                if p.poll() is not None:
                    break
            if total > MAX_OUTPUT and not note:
                note = "\n[killed: more than %d bytes of output]" % MAX_OUTPUT
                p.kill()
            if time.monotonic() > deadline and not note:
                note = "\n[killed: timed out after %d s]" % TOOL_TIMEOUT
                p.kill()
        rc = p.wait()
        out = b"".join(chunks).decode("utf-8", "replace")
        if "cannot be preloaded" in out:
            # Never let a missing stand-in pass as "the tool failed".
            raise SystemExit("stand-in libusb not loaded:\n" + out)
        return (-999 if note else rc), out + note

    def flash(self):
        path = os.path.join(self.state, "flash.bin")
        if not os.path.exists(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def state_ini(self):
        cp = configparser.ConfigParser(interpolation=None, strict=False)
        cp.optionxform = str
        cp.read(os.path.join(self.state, "state.ini"))
        return cp

    def sessions(self):
        """[(label, start_us, duration_us)] from sessions.log."""
        path = os.path.join(self.state, "sessions.log")
        res = []
        if os.path.exists(path):
            for line in open(path):
                parts = line.split()
                if len(parts) >= 3:
                    try:
                        res.append((parts[0], int(parts[-2]), int(parts[-1])))
                    except ValueError:
                        pass
        return res

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def real(name):
    return os.path.join(REAL, name)


def read_bin(name):
    with open(real(name), "rb") as f:
        return f.read()


def parse_ihex(path):
    """{address: byte} of an Intel HEX file (types 00, 01, 02, 04, 05)."""
    mem = {}
    base = 0
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if not line.startswith(":"):
                continue
            b = bytes.fromhex(line[1:])
            n, addr, typ = b[0], (b[1] << 8) | b[2], b[3]
            data = b[4:4 + n]
            if typ == 0:
                for i, v in enumerate(data):
                    mem[base + addr + i] = v
            elif typ == 2:
                base = ((data[0] << 8) | data[1]) << 4
            elif typ == 4:
                base = ((data[0] << 8) | data[1]) << 16
            elif typ == 1:
                break
    return mem


def blank_flash():
    return b"\xff" * FLASH_SIZE


def image_at(base_image, address, data):
    off = address - FLASH_BASE
    img = bytearray(base_image)
    img[off:off + len(data)] = data
    return bytes(img)


def first_diff(a, b):
    if a is None or b is None:
        return "flash.bin missing"
    if len(a) != len(b):
        return "size %d vs %d" % (len(a), len(b))
    for i in range(len(a)):
        if a[i] != b[i]:
            return "first difference at 0x%08x: sim 0x%02x, expected 0x%02x" % (
                FLASH_BASE + i, a[i], b[i])
    return None


FW = "VESC_default_fw7.00_hw60.bin"
# No listening sockets: runs must not collide with anything else on the machine.
OPENOCD_QUIET = ["-c", "gdb_port disabled", "-c", "tcl_port disabled",
                 "-c", "telnet_port disabled"]
SCENARIO_FW = "[target]\nflash=%s\n" % real(FW)


def initial_with_fw():
    return image_at(blank_flash(), FLASH_BASE, read_bin(FW))


# ----------------------------------------------------------------------------
# Cases


def case_st_info_probe(t):
    sim = Sim("[probe]\nserial=0668FF323637414257071827\n")
    rc, out = sim.run([ST_INFO, "--probe"])
    t.check(rc == 0, "st-info --probe exits 0", out)
    t.check("Found 1 stlink programmers" in out, "one programmer found", out)
    t.check("0668FF323637414257071827" in out, "serial listed", out)
    t.check("V2J37S7" in out, "version V2J37S7", out)
    t.check("1048576" in out, "flash 1048576 bytes (1 MB)", out)
    t.check("0x0413" in out, "chip id 0x0413", out)
    t.check("F4xx" in out, "descr F4xx", out)
    # st-info leaves the probe in debug mode; the state keeps it.
    ini = sim.state_ini()
    t.check(ini.has_option("probe", "mode") and ini.get("probe", "mode") == "2",
            "probe left in debug mode (state dir)", str(dict(ini.items("probe")) if ini.has_section("probe") else {}))
    sim.cleanup()


def case_st_flash_write_bin(t):
    sim = Sim(SCENARIO_FW)
    data = read_bin("vesc_bootloader_generic.bin")
    rc, out = sim.run([ST_FLASH, "write", real("vesc_bootloader_generic.bin"), "0x080E0000"])
    t.check(rc == 0, "st-flash write exits 0", out)
    t.check("jolly good" in out, "st-flash reports verified", out)
    expect = image_at(initial_with_fw(), 0x080E0000, data)
    d = first_diff(sim.flash(), expect)
    t.check(d is None, "simulator flash = firmware + bootloader at 0x080E0000, nothing else changed", d)
    sim.cleanup()


def case_st_flash_write_hex(t):
    sim = Sim(SCENARIO_FW)
    path = real("BLDC_4_Bootloader.hex")
    mem = parse_ihex(path)
    rc, out = sim.run([ST_FLASH, "--format", "ihex", "write", path])
    t.check(rc == 0, "st-flash --format ihex write exits 0", out)
    expect = bytearray(initial_with_fw())
    # st-flash erases whole sectors (sector 11 here) and writes the span
    # from the lowest to the highest address, gaps as 0xFF.
    lo, hi = min(mem), max(mem)
    sector11 = 0x080E0000
    for a in range(sector11, sector11 + 0x20000):
        expect[a - FLASH_BASE] = 0xFF
    for a in range(lo, hi + 1):
        expect[a - FLASH_BASE] = mem.get(a, 0xFF)
    d = first_diff(sim.flash(), bytes(expect))
    t.check(d is None, "simulator flash = firmware + the hex file's bytes, nothing else changed", d)
    sim.cleanup()


def case_st_flash_read(t):
    sim = Sim(SCENARIO_FW)
    out_path = os.path.join(sim.dir, "out.bin")
    rc, out = sim.run([ST_FLASH, "read", out_path, "0x08000000", "0x100000"])
    t.check(rc == 0, "st-flash read exits 0", out)
    got = open(out_path, "rb").read() if os.path.exists(out_path) else None
    t.check(got is not None and len(got) == FLASH_SIZE, "out.bin is 1 MB",
            "missing" if got is None else "%d bytes" % len(got))
    d = first_diff(got, sim.flash())
    t.check(d is None, "out.bin equals the simulator's flash", d)
    d = first_diff(sim.flash(), initial_with_fw())
    t.check(d is None, "reading changed nothing", d)
    sim.cleanup()


def case_st_flash_erase(t):
    sim = Sim(SCENARIO_FW)
    rc, out = sim.run([ST_FLASH, "erase"])
    t.check(rc == 0, "st-flash erase exits 0", out)
    d = first_diff(sim.flash(), blank_flash())
    t.check(d is None, "simulator flash is blank", d)
    sessions = sim.sessions()
    t.check(len(sessions) >= 1, "one host session logged", str(sessions))
    if sessions:
        dur = sessions[-1][2]
        # Mass erase: 8 s (x32) .. 16 s (x8) of virtual time (sim-timing.md).
        t.check(8_000_000 <= dur < 60_000_000,
                "session took the mass-erase time on the virtual clock (%.3f s)" % (dur / 1e6),
                str(sessions))
    sim.cleanup()


def openocd_program(t, work_area_zero):
    sim = Sim("")
    fw = real(FW)
    argv = [OPENOCD] + OPENOCD_QUIET + ["-f", "interface/stlink.cfg"]
    if work_area_zero:
        argv += ["-c", "set WORKAREASIZE 0"]
    argv += ["-f", "target/stm32f4x.cfg",
             "-c", "program %s 0x08000000 verify reset exit" % fw]
    rc, out = sim.run(argv)
    t.check(rc == 0, "openocd program exits 0", out)
    t.check("** Verified OK **" in out, "openocd reports Verified OK", out)
    fallback = "falling back to single memory accesses" in out
    if work_area_zero:
        t.check(fallback, "host-driven fallback used (no work area)", out)
    else:
        t.check(not fallback, "write algorithm ran on the emulated core (no fallback)", out)
    expect = image_at(blank_flash(), FLASH_BASE, read_bin(FW))
    # OpenOCD erases whole sectors 0..7 (0x08000000..0x0807FFFF) and writes the file.
    d = first_diff(sim.flash(), expect)
    t.check(d is None, "simulator flash = the firmware file", d)
    sim.cleanup()


def case_openocd_program(t):
    openocd_program(t, False)


def case_openocd_program_no_workarea(t):
    openocd_program(t, True)


def case_openocd_unlock_rdp1(t):
    sim = Sim(SCENARIO_FW + "rdp=1\n")
    rc, out = sim.run([OPENOCD] + OPENOCD_QUIET + [
                       "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg",
                       "-c", "init", "-c", "reset halt", "-c", "stm32f2x unlock 0",
                       "-c", "reset halt", "-c", "shutdown"])
    t.check(rc == 0, "openocd stm32f2x unlock exits 0", out)
    t.check("unlocked" in out.lower(), "openocd says the device is unlocked", out)
    # state.ini [target] option-bytes holds the option bytes as in FLASH_OPTCR.
    ini = sim.state_ini()
    optcr = ini.get("target", "option-bytes", fallback=None)
    ok = optcr is not None and (int(optcr, 0) >> 8) & 0xFF == 0xAA
    rdp = optcr
    t.check(ok, "RDP back to level 0 (0xAA) in the state", "option-bytes = %s" % rdp)
    d = first_diff(sim.flash(), blank_flash())
    t.check(d is None, "regression to level 0 mass-erased the flash", d)
    sim.cleanup()


def fault_case(t, scenario_text, label, before):
    """Both tools must fail and leave the simulator's flash as it was."""
    sim = Sim(scenario_text)
    rc, st_out = sim.run([ST_FLASH, "write", real("vesc_bootloader_generic.bin"), "0x080E0000"])
    t.check(rc != 0, "%s: st-flash write fails" % label, st_out)
    d = first_diff(sim.flash(), before)
    t.check(d is None, "%s: flash unchanged after st-flash" % label, d)
    rc, ocd_out = sim.run([OPENOCD] + OPENOCD_QUIET + [
        "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg",
        "-c", "program %s 0x08000000 verify reset exit" % real(FW)])
    t.check(rc != 0, "%s: openocd program fails" % label, ocd_out)
    d = first_diff(sim.flash(), before)
    t.check(d is None, "%s: flash unchanged after openocd" % label, d)
    sim.cleanup()
    return st_out, ocd_out


def case_fault_unpowered(t):
    st_out, ocd_out = fault_case(t, SCENARIO_FW + "powered=false\nvoltage=0\n", "unpowered",
                                 initial_with_fw())
    t.check("Failed to connect to target" in st_out, "st-flash: Failed to connect to target", st_out)
    t.check("Target voltage: 0.0" in ocd_out, "openocd: target voltage 0", ocd_out)
    t.check("init mode failed" in ocd_out,
            "openocd: init mode failed (unable to connect to the target)", ocd_out)


def case_fault_swapped(t):
    st_out, ocd_out = fault_case(t, SCENARIO_FW + "swd-swapped=true\n", "SWD lines swapped",
                                 initial_with_fw())
    t.check("Failed to connect to target" in st_out, "st-flash: Failed to connect to target", st_out)
    t.check("init mode failed" in ocd_out,
            "openocd: init mode failed (unable to connect to the target)", ocd_out)


def case_fault_other_chip(t):
    st_out, ocd_out = fault_case(t, "[target]\nchip=f103\n", "STM32F103 instead of F405",
                                 b"\xff" * (128 * 1024))
    t.check("F1xx" in st_out, "st-flash: identifies an F1xx, not an F4", st_out)
    t.check("UNEXPECTED idcode" in ocd_out, "openocd: UNEXPECTED idcode", ocd_out)


def case_st_info_probe_v3(t):
    sim = Sim("[probe]\nkind=v3\nserial=002F00193137510B33333639\n")
    rc, out = sim.run([ST_INFO, "--probe"])
    t.check(rc == 0, "st-info --probe exits 0 (STLINK-V3)", out)
    t.check("V3J7S1" in out, "version V3J7S1", out)
    t.check("002F00193137510B33333639" in out, "serial listed", out)
    t.check("chipid:     0x0413" in out, "chip id 0x0413", out)
    sim.cleanup()


def case_st_flash_write_v2_1(t):
    sim = Sim("[probe]\nkind=v2-1\n" + SCENARIO_FW)
    data = read_bin("vesc_bootloader_hw60-family.bin")
    rc, out = sim.run([ST_FLASH, "write", real("vesc_bootloader_hw60-family.bin"), "0x080E0000"])
    t.check(rc == 0, "st-flash write exits 0 (ST-LINK/V2-1)", out)
    d = first_diff(sim.flash(), image_at(initial_with_fw(), 0x080E0000, data))
    t.check(d is None, "simulator flash = firmware + bootloader", d)
    sim.cleanup()


def case_openocd_program_v3(t):
    sim = Sim("[probe]\nkind=v3\n")
    rc, out = sim.run([OPENOCD] + OPENOCD_QUIET + [
        "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg",
        "-c", "program %s 0x08000000 verify reset exit" % real(FW)])
    t.check(rc == 0, "openocd program exits 0 (STLINK-V3)", out)
    t.check("API v3" in out, "openocd sees an API v3 probe", out)
    t.check("** Verified OK **" in out, "openocd reports Verified OK", out)
    d = first_diff(sim.flash(), image_at(blank_flash(), FLASH_BASE, read_bin(FW)))
    t.check(d is None, "simulator flash = the firmware file", d)
    sim.cleanup()


def case_fault_probe_busy(t):
    st_out, ocd_out = fault_case(t, "[probe]\nbusy=true\n" + SCENARIO_FW, "probe busy",
                                 initial_with_fw())
    t.check("unable to claim" in st_out, "st-flash: device found, but unable to claim", st_out)
    # OpenOCD 0.12 logs the failed claim at debug level only; the init fails
    # before any command reaches the probe.
    t.check("OpenOCD init failed" in ocd_out and "STLINK V2" not in ocd_out,
            "openocd: init fails before talking to the probe", ocd_out)


def case_fault_unplug(t):
    # Unplugged while connecting. (Later, inside the erase loop, st-flash 1.7.0
    # spins forever on the stale "busy" bit, as on hardware, see spec §6.9.)
    sim = Sim("[probe]\nunplug-after-transfers=10\n" + SCENARIO_FW)
    rc, out = sim.run([ST_FLASH, "write", real("vesc_bootloader_generic.bin"), "0x080E0000"])
    t.check(rc != 0, "st-flash write fails when the probe is unplugged mid-run", out)
    t.check("LIBUSB_ERROR_NO_DEVICE" in out, "st-flash reports LIBUSB_ERROR_NO_DEVICE", out)
    d = first_diff(sim.flash(), initial_with_fw())
    t.check(d is None, "flash unchanged", d)
    sim.cleanup()
    sim = Sim("[probe]\nunplug-after-transfers=200\n" + SCENARIO_FW)
    rc, out = sim.run([OPENOCD] + OPENOCD_QUIET + [
        "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg",
        "-c", "program %s 0x08000000 verify reset exit" % real(FW)])
    t.check(rc != 0, "openocd program fails when the probe is unplugged mid-run", out)
    t.check("** Programming Finished **" not in out, "openocd does not claim success", out)
    sim.cleanup()


def case_connect_under_reset(t):
    """Firmware that turns the SWD pins off: only a connection made while NRST
    is held works (spec §9.3)."""
    sim = Sim(SCENARIO_FW + "swd-disabled-by-firmware=true\n")
    data = read_bin("vesc_bootloader_generic.bin")
    rc, out = sim.run([ST_FLASH, "write", real("vesc_bootloader_generic.bin"), "0x080E0000"])
    t.check(rc != 0 and "connect under reset" in out,
            "st-flash (normal connect) fails and suggests connect under reset", out)
    d = first_diff(sim.flash(), initial_with_fw())
    t.check(d is None, "flash unchanged after the failed attempt", d)
    rc, out = sim.run([ST_FLASH, "--connect-under-reset", "write",
                       real("vesc_bootloader_generic.bin"), "0x080E0000"])
    t.check(rc == 0, "st-flash --connect-under-reset write exits 0", out)
    expect = image_at(initial_with_fw(), 0x080E0000, data)
    d = first_diff(sim.flash(), expect)
    t.check(d is None, "simulator flash = firmware + bootloader", d)
    data2 = read_bin("vesc_bootloader_hw60-family.bin")
    rc, out = sim.run([OPENOCD] + OPENOCD_QUIET + [
        "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg",
        "-c", "reset_config srst_only srst_nogate connect_assert_srst",
        "-c", "program %s 0x080E0000 verify reset exit" % real("vesc_bootloader_hw60-family.bin")])
    # The final "reset run" starts the firmware, which turns SWD off again, so
    # OpenOCD loses the target afterwards (and exits non-zero), as on hardware.
    t.check("** Verified OK **" in out,
            "openocd with connect_assert_srst programs and verifies", out)
    d = first_diff(sim.flash(), image_at(initial_with_fw(), 0x080E0000, data2))
    t.check(d is None, "simulator flash = firmware + the second bootloader", d)
    sim.cleanup()


def case_clone_probe(t):
    """A clone: 12-byte raw serial, voltage sense not wired (reads ~0 V), so
    st-flash falls back to 8-bit flash writes."""
    sim = Sim("[probe]\nclone=true\nserial=856D010110134753384C4E00\nsense-wired=false\n"
              "sense-unwired-voltage=0.006\n" + SCENARIO_FW)
    rc, out = sim.run([ST_INFO, "--probe"])
    t.check("856D010110134753384C4E00" in out, "st-info rebuilds the 12-byte serial", out)
    data = read_bin("vesc_bootloader_generic.bin")
    rc, out = sim.run([ST_FLASH, "write", real("vesc_bootloader_generic.bin"), "0x080E0000"])
    t.check(rc == 0, "st-flash write exits 0", out)
    t.check("using 8-bit flash writes" in out, "st-flash uses 8-bit writes (6 mV read)", out)
    d = first_diff(sim.flash(), image_at(initial_with_fw(), 0x080E0000, data))
    t.check(d is None, "simulator flash = firmware + bootloader", d)
    sim.cleanup()


CASES = {
    "st-info-probe": case_st_info_probe,
    "st-flash-write-bin": case_st_flash_write_bin,
    "st-flash-write-hex": case_st_flash_write_hex,
    "st-flash-read": case_st_flash_read,
    "st-flash-erase": case_st_flash_erase,
    "openocd-program": case_openocd_program,
    "openocd-program-no-workarea": case_openocd_program_no_workarea,
    "openocd-unlock-rdp1": case_openocd_unlock_rdp1,
    "fault-unpowered": case_fault_unpowered,
    "fault-swapped": case_fault_swapped,
    "fault-other-chip": case_fault_other_chip,
    "st-info-probe-v3": case_st_info_probe_v3,
    "st-flash-write-v2-1": case_st_flash_write_v2_1,
    "openocd-program-v3": case_openocd_program_v3,
    "fault-probe-busy": case_fault_probe_busy,
    "fault-unplug": case_fault_unplug,
    "connect-under-reset": case_connect_under_reset,
    "clone-probe": case_clone_probe,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        sys.stderr.write("usage: conformance.py {%s}\n" % ",".join(CASES))
        return 2
    t = Tap()
    CASES[sys.argv[1]](t)
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bootwire authors
#
# bootwire-cli through a VESC, as a user runs it: --probe vesc:PORT (a
# simulated working VESC driving a simulated STM32F405 over its SWD pins)
# and --probe usb:PORT (a simulated ESC running its firmware), each a
# bootwire-vesc-sim process on a pseudo-terminal. One case per meson test:
# test-cli-vesc.py CASE. Each case judges the exit status, the words
# printed, every --json line against doc/bootwire-cli-events.schema.json,
# and the simulated flash afterwards (dumped by the simulator when it stops,
# which also fails the case if the CLI did anything the firmware would
# take badly).

import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
VESC_SIM = os.environ["BW_VESC_SIM_TOOL"]

# The ST-Link cases' helpers (schema check, Run, Sim's environment) are
# reused; this file only needs what they need from the environment.
_spec = importlib.util.spec_from_file_location("cli_sim", os.path.join(HERE, "test-cli-sim.py"))
cli_sim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cli_sim)
check, read, Failure, Sim = cli_sim.check, cli_sim.read, cli_sim.Failure, cli_sim.Sim

REAL = cli_sim.REAL
DATA = cli_sim.DATA
FW60 = cli_sim.FW60
BL60 = cli_sim.BL60
BL_GENERIC = os.path.join(DATA, "bootloaders", "vesc_bootloader_generic.bin")
BL_ADDRESS = 0x080E0000
FLASH_BASE = 0x08000000


class VescSim:
    """A bootwire-vesc-sim process; its port is a symbolic link that follows
    it when it is replugged."""

    def __init__(self, home, name, *args, target_flash=None, target=False, scenario=""):
        self.link = os.path.join(home, name)
        self.dump = os.path.join(home, name + "-flash.bin")
        self.dump_target = os.path.join(home, name + "-target.bin")
        argv = [VESC_SIM, "--link", self.link, "--dump-flash", self.dump, "--dump-target", self.dump_target]
        if target_flash is not None or scenario:
            path = os.path.join(home, name + "-scenario.ini")
            with open(path, "w") as f:
                f.write("[target]\nflash=%s\n" % (target_flash or "blank") + scenario)
            argv += ["--scenario", path]
        elif target:
            argv += ["--target"]
        self.process = subprocess.Popen(argv + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines = []
        self.wait_for_port(1)
        self.output = ""

    def wait_for_port(self, n, timeout=20):
        """Until the simulator has printed its n-th "port:" line."""
        deadline = time.monotonic() + timeout
        while sum(1 for l in self.lines if l.startswith("port: ")) < n:
            check(time.monotonic() < deadline, "the simulated VESC printed no port line %d" % n, "".join(self.lines))
            line = self.process.stdout.readline().decode()
            check(line != "", "the simulated VESC ended early", "".join(self.lines))
            self.lines.append(line)
        check(os.path.islink(self.link), "no link to the simulated VESC's port")

    def stop(self):
        """Stops it; its violations fail the case. Returns its flash dumps."""
        self.process.send_signal(signal.SIGTERM)
        out, _ = self.process.communicate(timeout=60)
        self.output = "".join(self.lines) + out.decode()
        check(self.process.returncode == 0, "the simulated VESC reports violations", self.output)
        own = read(self.dump)
        target = read(self.dump_target) if os.path.exists(self.dump_target) else None
        return own, target

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Home:
    """A temporary home for the CLI (backups, reports) and the simulators."""

    def __init__(self):
        self.sim = Sim()
        self.dir = self.sim.dir
        self.vescs = []

    def vesc(self, name, *args, **kwargs):
        v = VescSim(self.dir, name, *args, **kwargs)
        self.vescs.append(v)
        return v

    def cli(self, *args, **kwargs):
        return self.sim.cli(*args, **kwargs)

    def cli_tty(self, args, answer):
        return self.sim.cli_tty(args, answer)

    def cleanup(self):
        for v in self.vescs:
            v.kill()
        self.sim.cleanup()


def at(flash, address, size):
    return flash[address - FLASH_BASE:address - FLASH_BASE + size]


def error_code(run):
    return run.events()[-1]["error"]["code"]


# The cases

def case_programmer_check(home):
    prog = home.vesc("prog", target_flash=FW60)
    r = home.cli("check", "--probe", "vesc:" + prog.link)
    check(r.status == 0, "check through a VESC failed: %d" % r.status, r.text())
    for words in ("Probe firmware   ok", "Programmer VESC on", "firmware 6.05", "with the SWD programmer",
                  "Target voltage   warning  Not measured", "Power both ESCs",
                  "SWD link         ok", "no reset wire", "Chip             ok", "1024 KB",
                  "Protection       ok", "Contents         warning", 'hardware "60"', "no bootloader"):
        check(words in r.out, "missing %r" % words, r.out)
    r = home.cli("check", "--probe", "vesc:" + prog.link, "--json")
    events = r.events()
    items = [e for e in events if e["event"] == "check"]
    check([e["item"] for e in items] == ["probe-firmware", "voltage", "swd", "chip", "protection", "contents"],
          "check items", r.out)
    check([e["state"] for e in items] == ["passed", "warning", "passed", "passed", "passed", "warning"],
          "check states", r.out)
    data = events[-1]["data"]
    check(data["dev_id"] == "0x413" and data["has_firmware"] and not data["has_bootloader"], "check data", r.out)
    check(data["hardware"] == "60" and data["programmer"]["firmware"] == "6.05", "hardware names", r.out)
    check(data["limits"]["can_drive_nrst"] is False and data["limits"]["can_sense_voltage"] is False and
          data["limits"]["can_erase_sectors"] is False, "the limits are not in the result", r.out)
    r = home.cli("check", "--probe", "vesc:" + prog.link, "--board", "vesc-4.12")
    check(r.status == 0 and 'hardware "60", which is not one of vesc-4.12' in r.err, "no board mismatch warning",
          r.text())
    r = home.cli("check", "--probe", "vesc:" + prog.link, "--connect-under-reset")
    check(r.status == 2 and "reset wire" in r.err, "connect-under-reset accepted through a VESC", r.text())
    _, target = prog.stop()
    check(target[:len(read(FW60))] == read(FW60), "a check changed the target")


def case_programmer_check_no_target(home):
    prog = home.vesc("prog")
    r = home.cli("check", "--probe", "vesc:" + prog.link, "--json")
    check(r.status == 1, "check without a target did not fail: %d" % r.status, r.text())
    events = r.events()
    items = {e["item"]: e for e in events if e["event"] == "check"}
    check(items["swd"]["state"] == "failed" and "GND to GND" in items["swd"]["action"], "no wiring advice", r.out)
    check(items["chip"]["state"] == "skipped", "later items not skipped", r.out)
    check(events[-1]["error"]["code"] == "vesc-target-no-response", "error code", r.out)
    prog.stop()


def case_programmer_protected(home):
    """What a VESC programmer cannot do, said before anything changes."""
    prog = home.vesc("prog", target_flash=FW60, scenario="rdp=1\n")
    r = home.cli("check", "--probe", "vesc:" + prog.link, "--json")
    check(r.status == 1 and error_code(r) == "read-protected", "RDP not found: %d" % r.status, r.text())
    items = {e["item"]: e for e in r.events() if e["event"] == "check"}
    check(items["protection"]["state"] == "failed" and "cannot remove" in items["protection"]["detail"],
          "the protection line does not say a VESC cannot unlock", r.out)
    r = home.cli("backup", "--probe", "vesc:" + prog.link, "--out", os.path.join(home.dir, "x.bin"))
    check(r.status == 1 and "read-protected" in r.err and not os.path.exists(os.path.join(home.dir, "x.bin")),
          "a backup of a read-protected chip", r.text())
    r = home.cli("recover", "--probe", "vesc:" + prog.link, "--board", "vesc-6", "--firmware", FW60, "--yes")
    check(r.status == 1 and "read-protected" in r.err and "The plan" not in r.out, "recover of a read-protected chip",
          r.text())
    _, target = prog.stop()
    check(at(target, FLASH_BASE, len(read(FW60))) == read(FW60), "the read-protected chip was changed")
    wrp = home.vesc("wrp", target_flash=FW60, scenario="wrp-sectors=11\n")
    r = home.cli("check", "--probe", "vesc:" + wrp.link)
    check(r.status == 0 and "Protection       warning" in r.out and "mask 0x800" in r.out, "WRP not shown", r.text())
    wrp.stop()


def case_programmer_without_swd(home):
    prog = home.vesc("prog", "--no-swd-programmer", target=True)
    r = home.cli("check", "--probe", "vesc:" + prog.link)
    check(r.status == 1, "a VESC without the SWD programmer passed: %d" % r.status, r.text())
    check("Probe firmware   FAILED" in r.out and "does not answer the SWD programmer commands" in r.out,
          "no reason given", r.out)
    prog.stop()


def case_recover(home):
    """A bricked ESC (blank flash) recovered through a programmer VESC."""
    prog = home.vesc("prog", target=True)
    args = ["recover", "--probe", "vesc:" + prog.link, "--board", "vesc-6", "--firmware", FW60]
    r = home.cli(*args)
    check(r.status == 2 and "add --yes" in r.err, "not refused without a terminal: %d" % r.status, r.text())
    check("Erase the whole chip" in r.out and "Write 524280 bytes of firmware at 0x08000000." in r.out and
          "Write 5776 bytes of bootloader at 0x080E0000." in r.out, "the plan is not shown", r.out)
    r = home.cli(*args[:-2])
    check(r.status == 2 and "--firmware FILE" in r.err, "recover without firmware not refused", r.text())
    r = home.cli(*args[:-1], os.path.join(REAL, "VESC_default_fw7.00_hw410.bin"), "--yes")
    check(r.status == 2 and "wrong hardware" in r.err, "firmware for another board accepted", r.text())

    backup = os.path.join(home.dir, "before.bin")
    r = home.cli(*args, "--yes", "--json", "--backup", backup)
    check(r.status == 0, "recover failed: %d" % r.status, r.text())
    events = r.events()
    phases = [e["phase"] for e in events if e["event"] == "phase"]
    check(phases == ["connect", "check", "connect", "backup", "erase", "write", "verify", "reset"],
          "phases %r" % phases, r.out)
    plan = [e for e in events if e["event"] == "plan"]
    check(len(plan) == 1 and any("Erase the whole chip" in s for s in plan[0]["steps"]), "no mass erase in the plan",
          r.out)
    data = events[-1]["data"]
    check(data["backup"] == backup and read(backup) == b"\xff" * (1024 * 1024), "backup of the blank chip", r.out)
    check(read(backup + ".sha256").split()[0].decode() == data["backup_sha256"], "backup sha256", r.out)
    _, target = prog.stop()
    check(at(target, FLASH_BASE, len(read(FW60))) == read(FW60), "the firmware is not in the target's flash")
    check(at(target, BL_ADDRESS, len(read(BL60))) == read(BL60), "the bootloader is not in the target's flash")


def case_recover_disconnect(home):
    """The programmer VESC's cable comes out mid-write: a clear error, the
    backup of the chip as it was, and a rerun that finishes the job."""
    fw410 = os.path.join(REAL, "VESC_default_fw7.00_hw410.bin")
    prog = home.vesc("prog", "--unplug-after-bm-writes", "300", target_flash=fw410)
    first = os.path.join(home.dir, "first.bin")
    args = ["recover", "--probe", "vesc:" + prog.link, "--board", "vesc-6", "--firmware", FW60, "--yes"]
    r = home.cli(*args, "--backup", first, "--json")
    check(r.status == 1, "a disconnect mid-recovery did not fail: %d" % r.status, r.text())
    result = r.events()[-1]
    check(result["error"]["code"] == "vesc-disconnected" and "writing at 0x" in result["error"]["message"],
          "error", r.out)
    check("erased or partly written" in result["chip_state"] and "Run the command again" in result["chip_state"],
          "chip state", r.out)
    check(read(first)[:len(read(fw410))] == read(fw410), "the backup does not hold what was on the chip")
    prog.wait_for_port(2)
    r = home.cli(*args, "--backup", first)
    check(r.status == 2 and "already exists" in r.err, "the rerun would have replaced the first backup", r.text())
    check(read(first)[:len(read(fw410))] == read(fw410), "the first backup changed")
    r = home.cli(*args, "--backup", os.path.join(home.dir, "second.bin"))
    check(r.status == 0, "the rerun failed: %d" % r.status, r.text())
    _, target = prog.stop()
    check(at(target, FLASH_BASE, len(read(FW60))) == read(FW60), "the rerun did not leave the firmware")
    check(at(target, BL_ADDRESS, len(read(BL60))) == read(BL60), "the rerun did not leave the bootloader")


def case_recover_sigint(home):
    """Ctrl-C while writing stops at a safe point (status 4); a rerun finishes."""
    prog = home.vesc("prog", target=True)
    args = [cli_sim.CLI, "recover", "--probe", "vesc:" + prog.link, "--board", "vesc-6", "--firmware", FW60, "--yes",
            "--no-backup"]
    p = subprocess.Popen(args, env=home.sim.env(), cwd=home.dir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    seen = b""
    while b"Writing" not in seen:
        line = p.stdout.readline()
        check(line != b"", "the recovery ended before writing", seen.decode())
        seen += line
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    err = err.decode()
    check(p.returncode == 4, "Ctrl-C did not stop with status 4: %d" % p.returncode, seen.decode() + out.decode() + err)
    check("Stopping at the next safe point" in err and "partly written" in err and "Run the command again" in err,
          "the stop does not say what the chip holds", err)
    r = home.cli(*args[1:])
    check(r.status == 0, "the rerun failed: %d" % r.status, r.text())
    _, target = prog.stop()
    check(at(target, FLASH_BASE, len(read(FW60))) == read(FW60), "the rerun did not leave the firmware")
    check(at(target, BL_ADDRESS, len(read(BL60))) == read(BL60), "the rerun did not leave the bootloader")


def case_wiring(home):
    r = home.cli("wiring", "--board", "vesc_6", "--probe", "vesc", "--json")
    check(r.status == 0, "wiring --probe vesc failed", r.text())
    data = r.events()[-1]["data"]
    wires = sorted((w["probe_label"], w["board_label"]) for w in data["wires"])
    check(wires == [("CLK", "SWCLK"), ("GND", "GND"), ("IO", "SWDIO")], "wires %r" % wires, r.out)
    texts = " ".join(w["text"] for w in data["warnings"])
    check("both ESCs from their own batteries" in texts and "no reset wire" in texts and "short" in texts,
          "the VESC-to-VESC notes are missing", r.out)
    free = [(f["side"], f["pin"]) for f in data["free_pins"]]
    check(len(free) >= 3, "3.3 V and RST are not left free: %r" % free, r.out)


def case_install_through_programmer(home):
    """Bootloader only through a VESC: refused unless the chip is blank."""
    prog = home.vesc("prog", target_flash=FW60)
    r = home.cli("install-bootloader", "--probe", "vesc:" + prog.link, "--board", "vesc-6", "--yes")
    check(r.status == 2, "a bootloader-only install over firmware was not refused: %d" % r.status, r.text())
    check("can only erase the whole chip" in r.err and "bootwire-cli recover --probe vesc:" in r.err,
          "the refusal does not point to recover", r.err)
    _, target = prog.stop()
    check(at(target, FLASH_BASE, len(read(FW60))) == read(FW60) and
          at(target, BL_ADDRESS, 16) == b"\xff" * 16, "the refused install changed the target")

    blank = home.vesc("blank", target=True)
    r = home.cli("install-bootloader", "--probe", "vesc:" + blank.link, BL_GENERIC, "--yes")
    check(r.status == 0, "install on a blank chip failed: %d" % r.status, r.text())
    check("the chip is blank" in r.out and "does not start" in r.out, "no note that a bootloader alone won't start",
          r.out)
    _, target = blank.stop()
    check(at(target, BL_ADDRESS, len(read(BL_GENERIC))) == read(BL_GENERIC), "bootloader not in the target's flash")
    check(at(target, FLASH_BASE, 64) == b"\xff" * 64, "something was written at 0x08000000")


def case_programmer_backup(home):
    prog = home.vesc("prog", target_flash=FW60)
    out = os.path.join(home.dir, "esc.bin")
    r = home.cli("backup", "--probe", "vesc:" + prog.link, "--out", out, "--json")
    check(r.status == 0, "backup through a VESC failed: %d" % r.status, r.text())
    data = r.events()[-1]["data"]
    flash = read(out)
    check(len(flash) == 1024 * 1024 and flash[:len(read(FW60))] == read(FW60), "backup content", r.out)
    check(read(out + ".sha256").split()[0].decode() == data["sha256"], "sha256 file", r.out)
    hex_out = os.path.join(home.dir, "bl.hex")
    r = home.cli("backup", "--probe", "vesc:" + prog.link, "--out", hex_out, "--range", "0x08000000:0x08000100")
    check(r.status == 0 and read(hex_out).startswith(b":020000040800F2"), "hex backup of a range", r.text())
    r = home.cli("backup", "--probe", "vesc:" + prog.link, "--range", "0x08100000:0x08100010")
    check(r.status == 2, "a range outside the flash was accepted: %d" % r.status, r.text())
    r = home.cli("backup", "--probe", "usb:" + prog.link)
    check(r.status == 2 and "cannot read its own flash over USB" in r.err, "backup over USB not refused", r.text())
    prog.stop()


def case_usb_install(home):
    """The bootloader over USB to an ESC running firmware 6.05 for hardware 60."""
    esc = home.vesc("esc", "--fw", "6.05", "--hw", "60")
    r = home.cli("check", "--probe", "usb:" + esc.link, "--json")
    check(r.status == 0, "usb check failed: %d" % r.status, r.text())
    data = r.events()[-1]["data"]
    check(data["firmware"] == "6.05" and data["hardware"] == "60" and data["can_erase_bootloader"], "usb data", r.out)
    check(data["bootloader"].startswith("60_o_") and data["bootloader_available"], "bootloader choice", r.out)
    check(any("Do not switch the ESC off" in w for w in data["warnings"]), "no power warning", r.out)

    r = home.cli("install-bootloader", "--probe", "usb:" + esc.link)
    check(r.status == 2 and "add --yes" in r.err, "not refused without a terminal", r.text())
    check("Write 5776 bytes at 0x080E0000 over USB" in r.out and "Warning: Do not switch the ESC off" in r.out,
          "plan and warnings not shown", r.out)
    r = home.cli_tty(["install-bootloader", "--probe", "usb:" + esc.link], "y")
    check(r.status == 0, "install over USB failed: %d" % r.status, r.out)
    check("Install the bootloader over USB? [y/N]" in r.out and "The bootloader is written." in r.out,
          "question or success line missing", r.out)
    own, _ = esc.stop()
    check(at(own, BL_ADDRESS, len(read(BL60))) == read(BL60), "the ESC's bootloader sector does not hold the "
          "hardware-60 bootloader")
    check(at(own, FLASH_BASE, 0xE0000) == b"\xff" * 0xE0000, "something outside the bootloader sector changed")


def case_usb_board_and_old_firmware(home):
    esc = home.vesc("esc", "--fw", "6.05", "--hw", "410")
    r = home.cli("install-bootloader", "--probe", "usb:" + esc.link, "--board", "vesc-6", "--yes")
    check(r.status == 2 and 'reports hardware "410"' in r.err, "a board mismatch was not refused", r.text())
    r = home.cli("install-bootloader", "--probe", "usb:" + esc.link, "--yes", "--backup", "x.bin")
    check(r.status == 2 and "no backup" in r.err, "--backup over USB accepted", r.text())
    own, _ = esc.stop()
    check(at(own, BL_ADDRESS, 16) == b"\xff" * 16, "refused installs wrote")
    old = home.vesc("old", "--fw", "3.40", "--hw", "410")
    r = home.cli("install-bootloader", "--probe", "usb:" + old.link, "--yes", "--json")
    check(r.status == 1 and error_code(r) == "vesc-firmware-too-old", "old firmware not refused", r.text())
    check("nothing was written" in r.events()[-1]["error"]["message"], "the refusal does not say nothing changed",
          r.out)
    old.stop()


def case_usb_disconnect(home):
    """The cable comes out mid-upload: a clear error; a rerun fixes it."""
    esc = home.vesc("esc", "--unplug-after-writes", "4")
    r = home.cli("install-bootloader", "--probe", "usb:" + esc.link, "--yes", "--json")
    check(r.status == 1, "a disconnect mid-upload did not fail: %d" % r.status, r.text())
    result = r.events()[-1]
    check(result["error"]["code"] == "vesc-disconnected", "error code", r.out)
    check("after 1152 of 5776 bytes" in result["error"]["message"], "the error does not say how far it got", r.out)
    check("Run the same command again" in result["chip_state"], "no chip state", r.out)
    esc.wait_for_port(2)
    r = home.cli("install-bootloader", "--probe", "usb:" + esc.link, "--yes")
    check(r.status == 0, "the rerun failed: %d" % r.status, r.text())
    own, _ = esc.stop()
    check(at(own, BL_ADDRESS, len(read(BL60))) == read(BL60), "the rerun did not leave a whole bootloader")


def case_bad_replies(home):
    for fault, words in (("bad-crc", "wrong CRC: "), ("garbage", "bytes that were no packet: ")):
        esc = home.vesc("esc-" + fault, "--reply-fault", fault)
        r = home.cli("check", "--probe", "usb:" + esc.link, "--json")
        check(r.status == 1 and error_code(r) == "vesc-protocol", "%s: status %d" % (fault, r.status), r.text())
        check(words in r.events()[-1]["error"]["message"], "%s: the error does not say what came back" % fault,
              r.out)
        r = home.cli("install-bootloader", "--probe", "usb:" + esc.link, "--yes")
        check(r.status == 1 and "bad cable" in r.err, "%s: install did not fail clearly" % fault, r.text())
        own, _ = esc.stop()
        check(at(own, BL_ADDRESS, 16) == b"\xff" * 16, "%s: something was written" % fault)


def case_ports(home):
    r = home.cli("check", "--probe", "vesc:" + os.path.join(home.dir, "no-such-tty"), "--json")
    check(r.status == 3 and error_code(r) == "vesc-not-found", "a missing port: %d" % r.status, r.text())
    r = home.cli("check", "--probe", "usb:")
    check(r.status == 2 and "serial port" in r.err, "an empty port accepted", r.text())
    r = home.cli("flash", FW60, "--probe", "vesc:/dev/ttyACM0", "--yes")
    check(r.status == 2 and "needs an ST-Link" in r.err, "flash through a VESC not refused clearly", r.text())
    r = home.cli("recover", "--probe", "usb:/dev/ttyACM0", "--board", "vesc-6", "--firmware", FW60, "--yes")
    check(r.status == 2 and "does not answer over USB" in r.err, "recover over USB not refused", r.text())


def case_list(home):
    """A sysfs tree of our own: one VESC (cdc_acm, 0483:5740), one other
    CDC-ACM device, one USB serial adapter."""
    root = os.path.join(home.dir, "sys")
    devices = [("ttyACM0", "cdc_acm", "0483", "5740", "ChibiOS/RT Virtual COM Port"),
               ("ttyACM1", "cdc_acm", "2341", "0043", "Arduino Uno"),
               ("ttyUSB0", "ftdi_sio", "0483", "5740", "not ACM")]
    os.makedirs(os.path.join(root, "class", "tty"))
    os.makedirs(os.path.join(root, "bus", "usb", "drivers"))
    for i, (tty, driver, vid, pid, product) in enumerate(devices):
        usb = os.path.join(root, "devices", "usb1", "1-%d" % i)
        interface = os.path.join(usb, "1-%d:1.0" % i)
        os.makedirs(os.path.join(interface, "tty", tty))
        for name, value in (("idVendor", vid), ("idProduct", pid), ("product", product),
                            ("manufacturer", "STMicroelectronics"), ("serial", "30473355")):
            with open(os.path.join(usb, name), "w") as f:
                f.write(value + "\n")
        driver_dir = os.path.join(root, "bus", "usb", "drivers", driver)
        os.makedirs(driver_dir, exist_ok=True)
        os.symlink(os.path.relpath(driver_dir, interface), os.path.join(interface, "driver"))
        os.symlink(os.path.relpath(interface, os.path.join(interface, "tty", tty)),
                   os.path.join(interface, "tty", tty, "device"))
        os.symlink(os.path.relpath(os.path.join(interface, "tty", tty), os.path.join(root, "class", "tty")),
                   os.path.join(root, "class", "tty", tty))
    os.environ["BW_SYSFS_ROOT"] = root
    r = home.cli("list")
    check(r.status == 0 and "/dev/ttyACM0" in r.out and "--probe vesc:/dev/ttyACM0" in r.out, "list text", r.text())
    check("ttyACM1" not in r.out and "ttyUSB0" not in r.out, "a port that is no VESC listed", r.out)
    r = home.cli("list", "--json")
    ports = r.events()[-1]["data"]["serial_ports"]
    check(len(ports) == 1 and ports[0]["port"] == "/dev/ttyACM0" and ports[0]["vid"] == 0x0483 and
          ports[0]["pid"] == 0x5740 and ports[0]["product"] == "ChibiOS/RT Virtual COM Port", "list json", r.out)



def case_list_without_sysfs(home):
    """Windows and macOS have no sysfs: the USB serial ports by name."""
    dev = os.path.join(home.dir, "dev")
    os.makedirs(dev)
    for name in ("cu.usbmodem301", "tty.usbmodem301", "ttyS0", "ttyACM3"):
        open(os.path.join(dev, name), "w").close()
    os.environ["BW_SYSFS_ROOT"] = os.path.join(home.dir, "no-sysfs")
    os.environ["BW_VESC_PORT_DIR"] = dev
    r = home.cli("list")
    check(r.status == 0 and "USB serial ports" in r.out, "list text without sysfs", r.text())
    check(r.out.index("ttyACM3") < r.out.index("cu.usbmodem301") and "tty.usbmodem" not in r.out and
          "ttyS0" not in r.out, "ports by name", r.out)
    r = home.cli("list", "--json")
    ports = [p["port"] for p in r.events()[-1]["data"]["serial_ports"]]
    check(ports == [os.path.join(dev, "ttyACM3"), os.path.join(dev, "cu.usbmodem301")], "list json", r.out)


CASES = {name[len("case_"):].replace("_", "-"): f for name, f in globals().items() if name.startswith("case_")}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print("usage: test-cli-vesc.py CASE (%s)" % ", ".join(sorted(CASES)), file=sys.stderr)
        return 2
    name = sys.argv[1]
    home = Home()
    try:
        CASES[name](home)
    except Failure as e:
        print("FAIL %s: %s" % (name, e))
        return 1
    finally:
        home.cleanup()
    print("ok %s" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

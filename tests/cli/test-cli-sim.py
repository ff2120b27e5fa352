#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bootwire authors
#
# bootwire-cli as a user runs it, against the simulator through its
# stand-in libusb-1.0 (the engine's real libusb code path). One case per
# meson test: test-cli-sim.py CASE. Each case judges the exit status, the
# words printed, every --json line against doc/bootwire-cli-events.schema.json,
# and the simulator's flash afterwards.

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CLI = os.environ["BW_CLI"]
SIM_TOOL = os.environ["BW_SIM_TOOL"]
LIBUSB_DIR = os.path.abspath(os.environ["BW_SIM_LIBUSB_DIR"])
REAL = os.environ["BW_TESTDATA_REAL"]
DATA = os.environ["BW_DATA_DIR"]
ST_FLASH = os.environ.get("BW_ST_FLASH", "/usr/bin/st-flash")
with open(os.environ["BW_CLI_SCHEMA"]) as f:
    SCHEMA = json.load(f)

FW60 = os.path.join(REAL, "VESC_default_fw7.00_hw60.bin")
FW410 = os.path.join(REAL, "VESC_default_fw7.00_hw410.bin")
BL60 = os.path.join(DATA, "bootloaders", "vesc_bootloader_hw60-family.bin")
BL_ADDRESS = 0x080E0000
SERIAL = "066DFF485550755187121234"
GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")
SANITIZER_WORDS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer")


class Failure(Exception):
    pass


# The part of JSON Schema the event schema uses (type, const, enum,
# properties, required, additionalProperties, items, minimum, maximum,
# oneOf, $ref to $defs), so that the tests need nothing outside Debian's
# python3.
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
         "number": (int, float), "integer": int}


def schema_errors(value, schema, where="$"):
    if "$ref" in schema:
        schema = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    errors = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(isinstance(value, TYPES[n]) and not (isinstance(value, bool) and n in ("number", "integer"))
                   for n in names):
            return ["%s: %r is not %s" % (where, value, "/".join(names))]
    if "const" in schema and value != schema["const"]:
        errors.append("%s: %r is not %r" % (where, value, schema["const"]))
    if "enum" in schema and value not in schema["enum"]:
        errors.append("%s: %r not in %r" % (where, value, schema["enum"]))
    if "minimum" in schema and value < schema["minimum"]:
        errors.append("%s: %r < %r" % (where, value, schema["minimum"]))
    if "maximum" in schema and value > schema["maximum"]:
        errors.append("%s: %r > %r" % (where, value, schema["maximum"]))
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                errors.append("%s: no %s" % (where, name))
        properties = schema.get("properties", {})
        for name, member in value.items():
            if name in properties:
                errors += schema_errors(member, properties[name], where + "." + name)
            elif schema.get("additionalProperties", True) is False:
                errors.append("%s: unexpected %s" % (where, name))
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], "%s[%d]" % (where, i))
    if "oneOf" in schema:
        base = {k: v for k, v in schema.items() if k != "oneOf"}
        matches = [alt for alt in schema["oneOf"] if not schema_errors(value, dict(base, **alt), where)]
        if len(matches) != 1:
            errors.append("%s: matches %d of the event kinds, not 1" % (where, len(matches)))
    return errors


def check(condition, what, output=""):
    if not condition:
        raise Failure(what + ("\n--- output ---\n" + output if output else ""))


class Run:
    def __init__(self, status, out, err):
        self.status, self.out, self.err = status, out, err

    def text(self):
        return self.out + self.err

    def events(self, boards=None):
        """Every stdout line, parsed and validated against the schema. With
        @boards (the serials of a --probe all run): each board's events carry
        its serial and end with its own result, and the batch's result is
        last."""
        events = []
        for line in self.out.splitlines():
            try:
                event = json.loads(line)
            except json.JSONDecodeError as e:
                raise Failure("not JSON: %r (%s)" % (line, e))
            errors = schema_errors(event, SCHEMA)
            check(not errors, "event does not match the schema: %s\n%s" % (line, "\n".join(errors)))
            events.append(event)
        check(events and events[-1]["event"] == "result", "the last event is not the result", self.out)
        if boards is not None:
            check("probe" not in events[-1], "the batch's result names a probe", self.out)
            for serial in boards:
                mine = [e for e in events if e.get("probe") == serial]
                check(mine and mine[-1]["event"] == "result", "%s does not end with its result" % serial, self.out)
                check(sum(1 for e in mine if e["event"] == "result") == 1, "%s: more than one result" % serial,
                      self.out)
            check(all(e.get("probe") in boards for e in events[:-1]), "an event without a known probe", self.out)
            check(sorted(b["probe"] for b in events[-1]["data"]["boards"]) == sorted(boards), "boards", self.out)
        else:
            check(sum(1 for e in events if e["event"] == "result") == 1, "more than one result", self.out)
            check(not any("probe" in e for e in events), "a probe member outside batch mode", self.out)
        check(events[-1]["status"] == self.status, "result status %s but exit %d" %
              (events[-1]["status"], self.status), self.out)
        return events


class Sim:
    """A fresh scenario and state directory, and a home for backups; or,
    with @probes, several simulated probes (BOOTWIRE_SIM_PROBES), each
    a dict(serial=..., flash=..., scenario=...) with a state directory of
    its own holding its scenario.ini."""

    def __init__(self, scenario="", flash=None, probes=None):
        self.dir = tempfile.mkdtemp(prefix="bw-cli-")
        self.state = os.path.join(self.dir, "state")
        self.scenario = os.path.join(self.dir, "scenario.ini")
        self.probes = []
        for i, probe in enumerate(probes or []):
            state = os.path.join(self.dir, "probe%d" % i)
            os.mkdir(state)
            text = "[probe]\nserial=%s\n" % probe["serial"]
            text += "[target]\nflash=%s\n" % probe.get("flash", "blank") + probe.get("scenario", "")
            with open(os.path.join(state, "scenario.ini"), "w") as f:
                f.write(text)
            self.probes.append((probe["serial"], state))
        text = scenario
        if flash is not None:
            text = "[target]\nflash=%s\n" % flash + text
        with open(self.scenario, "w") as f:
            f.write(text)

    def cleanup(self):
        shutil.rmtree(self.dir, True)

    def env(self):
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = LIBUSB_DIR
        if self.probes:
            env.pop("BOOTWIRE_SIM_SCENARIO", None)
            env.pop("BOOTWIRE_SIM_STATE", None)
            env["BOOTWIRE_SIM_PROBES"] = ":".join(state for _, state in self.probes)
        else:
            env["BOOTWIRE_SIM_SCENARIO"] = self.scenario
            env["BOOTWIRE_SIM_STATE"] = self.state
        env["HOME"] = self.dir
        env["XDG_DATA_HOME"] = os.path.join(self.dir, "data")
        env["BW_DATA_DIR"] = DATA
        return env

    def cli(self, *args, stdin=subprocess.DEVNULL, timeout=300):
        p = subprocess.run([CLI] + list(args), env=self.env(), cwd=self.dir, stdin=stdin,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        run = Run(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
        for word in SANITIZER_WORDS:
            check(word not in run.err, "sanitizer report", run.err)
        if args and args[0] != "inspect":
            check_plain_words(run)
        return run

    def cli_tty(self, args, answer, timeout=120):
        """Runs with stdin and stdout on a pseudo-terminal; types @answer
        after the question."""
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(self.dir)
            os.execve(CLI, [CLI] + list(args), self.env())
        out = b""
        answered = False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r, _, _ = select.select([fd], [], [], 0.5)
            if r:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                out += data
                if not answered and b"[y/N]" in out:
                    os.write(fd, answer.encode() + b"\n")
                    answered = True
        _, status = os.waitpid(pid, 0)
        text = out.decode("utf-8", "replace")
        for word in SANITIZER_WORDS:
            check(word not in text, "sanitizer report", text)
        return Run(os.waitstatus_to_exitcode(status), text, "")

    def sim_tool(self, *args, probe=None):
        """bootwire-sim on the single probe, or on the probe of serial @probe."""
        state, scenario = self.state, self.scenario
        if probe is not None:
            state = dict(self.probes)[probe]
            scenario = os.path.join(state, "scenario.ini")
        env = dict(os.environ)
        env["BOOTWIRE_SIM_SCENARIO"] = scenario
        env["BOOTWIRE_SIM_STATE"] = state
        p = subprocess.run([SIM_TOOL, "--state", state, "--scenario", scenario] + list(args),
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return p.returncode, p.stdout.decode("utf-8", "replace")

    def flash_matches(self, path, address, probe=None):
        status, out = self.sim_tool("verify", path, "-a", "0x%08X" % address, probe=probe)
        return status == 0

    def firmware_matches(self, path, config=b"\xff" * 0x8000):
        """The firmware's bytes outside the config sectors 1-2 (which the
        plan keeps), and @config inside them."""
        image = read(path)
        flash = self.flash_bytes(0x08000000, len(image))
        return flash[:0x4000] == image[:0x4000] and flash[0xC000:] == image[0xC000:] and \
            flash[0x4000:0xC000] == config

    def flash_bytes(self, address, size, probe=None):
        out = os.path.join(self.dir, "dump.bin")
        status, text = self.sim_tool("dump", out, "-a", "0x%08X" % address, "-n", str(size), probe=probe)
        check(status == 0, "bootwire-sim dump failed", text)
        with open(out, "rb") as f:
            return f.read()

    def st_flash_read(self, address, size, serial=None):
        """Unmodified st-flash through the stand-in, as tests/conformance
        does; with @serial, from that one of several probes."""
        env = self.env()
        for k in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"):
            env.pop(k, None)
        env["LD_PRELOAD"] = os.path.join(LIBUSB_DIR, "libusb-1.0.so.0")
        env["G_DEBUG"] = ""
        out = os.path.join(self.dir, "st-flash-read.bin")
        serial_args = ["--serial", serial] if serial is not None else []
        p = subprocess.run([ST_FLASH] + serial_args + ["read", out, "0x%08X" % address, str(size)], env=env,
                           cwd=self.dir,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        check(p.returncode == 0, "st-flash read failed", p.stdout.decode("utf-8", "replace"))
        with open(out, "rb") as f:
            return f.read()


ERROR_LINE = re.compile(r"^(?:\[[0-9A-F]{24}\] )?bootwire-cli [a-z-]+: (.*)$")
RAW_CODE = re.compile(r"^(?:LIBUSB_[A-Z_]+|[A-Z_]+ \(0x[0-9A-F]+\)|-?[0-9]+|0x[0-9A-Fa-f]+)\.?$")


def check_plain_words(run):
    """Every error a command prints is a sentence, and one from a probe or a
    chip (status 1, 3, 4) comes with the advice on the next lines; a raw
    code alone is never the message."""
    lines = run.err.splitlines()
    for i, line in enumerate(lines):
        m = ERROR_LINE.match(line)
        if not m:
            continue
        words = m.group(1)
        check(not RAW_CODE.match(words) and len(words.split()) >= 3, "an error without words: %r" % line, run.err)
        if run.status in (1, 3, 4):
            prefix = line[:line.index("bootwire-cli")]
            advice = [l for l in lines[i + 1:i + 3] if l.startswith(prefix + "  ") and len(l.split()) >= 3]
            check(advice, "an error without advice: %r" % line, run.err)
    if run.status in (1, 3, 4):
        check(any(ERROR_LINE.match(l) for l in lines), "exit %d without an error in words" % run.status, run.err)


def read(path):
    with open(path, "rb") as f:
        return f.read()


# The cases

def case_done_when(sim):
    """The issue's done-when: a VESC 6 with firmware and no bootloader."""
    r = sim.cli("install-bootloader", "--board", "vesc_6", "--yes")
    check(r.status == 0, "install-bootloader failed: %d" % r.status, r.text())
    check("The bootloader is installed and verified." in r.out, "no success line", r.out)
    check("Write 5776 bytes at 0x080E0000." in r.out, "the plan is not shown", r.out)
    expected = read(BL60)
    check(sim.st_flash_read(BL_ADDRESS, len(expected)) == expected, "st-flash reads other bytes at 0x080E0000")
    check(sim.flash_matches(FW60, 0x08000000), "the firmware was touched")


def case_install_json(sim):
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--yes", "--json")
    check(r.status == 0, "install-bootloader --json failed", r.text())
    events = r.events()
    phases = [e["phase"] for e in events if e["event"] == "phase"]
    for phase in ("connect", "check", "write", "verify", "reset"):
        check(phase in phases, "no %s phase" % phase, r.out)
    check(phases.index("write") < phases.index("verify") < phases.index("reset"), "phases out of order", r.out)
    plans = [e for e in events if e["event"] == "plan"]
    check(len(plans) == 1 and any("0x080E0000" in s for s in plans[0]["steps"]), "no plan event", r.out)
    writes = [e for e in events if e["event"] == "progress" and e["phase"] == "write"]
    # progress is throttled: a short write may report no byte counts, but
    # every phase ends at 100 %, with all of its bytes when it had any
    check(writes and writes[-1]["bytes_done"] == writes[-1]["bytes_total"] and
          writes[-1]["bytes_total"] in (0, 5776), "write progress incomplete", r.out)
    result = events[-1]
    check(result["ok"] and result["data"]["chip_state"], "result without chip state", r.out)
    check(r.err == "", "stderr not empty", r.err)
    check(sim.flash_matches(BL60, BL_ADDRESS), "bootloader not in flash")


def case_install_file(sim):
    path = os.path.join(REAL, "vesc_bootloader_generic.bin")
    r = sim.cli("install-bootloader", path, "--yes", "--report", os.path.join(sim.dir, "report.txt"))
    check(r.status == 0, "install-bootloader FILE failed", r.text())
    check(sim.flash_matches(path, BL_ADDRESS), "generic bootloader not in flash")
    report = open(os.path.join(sim.dir, "report.txt")).read()
    check("exit status 0" in report and "Writing" in report and "log:" in report, "report incomplete", report)


def case_install_not_bootloader(sim):
    r = sim.cli("install-bootloader", FW60, "--yes")
    check(r.status == 2, "a firmware file was accepted as bootloader: %d" % r.status, r.text())
    check("is not a VESC bootloader" in r.err, "no reason given", r.err)


def case_refuse_without_tty(sim):
    r = sim.cli("install-bootloader", "--board", "vesc-6")
    check(r.status == 2, "not refused without a TTY: %d" % r.status, r.text())
    check("add --yes" in r.err, "the refusal does not say what to do", r.err)
    check("Write 5776 bytes at 0x080E0000." in r.out, "the plan was not shown before refusing", r.out)
    check(bytes(sim.flash_bytes(BL_ADDRESS, 16)) == b"\xff" * 16, "flash changed although refused")
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--json")
    check(r.status == 2, "not refused with --json", r.text())
    check(r.events()[-1]["error"]["code"] == "usage", "refusal code", r.out)


def case_confirm_tty(sim):
    r = sim.cli_tty(["install-bootloader", "--board", "vesc-6"], "n")
    check(r.status == 2, "declining did not stop: %d" % r.status, r.out)
    check(bytes(sim.flash_bytes(BL_ADDRESS, 16)) == b"\xff" * 16, "flash changed although declined")
    r = sim.cli_tty(["install-bootloader", "--board", "vesc-6"], "y")
    check(r.status == 0, "accepting did not install: %d" % r.status, r.out)
    check("Install the bootloader? [y/N]" in r.out, "no question", r.out)
    check("[########################] 100%" in r.out, "no progress bar on a TTY", r.out)
    check(sim.flash_matches(BL60, BL_ADDRESS), "bootloader not in flash")
    # a phase that moves bytes: its bar has them and the rate, on one line
    # redrawn in place (erased blocks are not read, so it counts fewer than
    # the 1024 KB the file holds)
    r = sim.cli_tty(["backup", "--out", "whole.bin"], "")
    check(r.status == 0, "backup on a terminal: %d" % r.status, r.out)
    check(re.search(r"\r  Backing up  \[#{24}\] 100%  ([0-9.]+) KB / \1 KB  [0-9.]+ KB/s\x1b\[K", r.out),
          "no bar with bytes and rate", repr(r.out))


def case_check(sim):
    r = sim.cli("check")
    check(r.status == 0, "check failed", r.text())
    for words in ("Probe firmware   ok", "Target voltage   ok", "SWD link         ok", "Chip             ok",
                  "Contents         warning", "no bootloader"):
        check(words in r.out, "missing %r" % words, r.out)
    r = sim.cli("check", "--json")
    events = r.events()
    items = [e for e in events if e["event"] == "check"]
    check([e["item"] for e in items] == ["probe-firmware", "voltage", "swd", "chip", "protection", "contents"],
          "check items", r.out)
    data = events[-1]["data"]
    check(data["dev_id"] == "0x413" and data["has_firmware"] and not data["has_bootloader"], "check data", r.out)
    check(data["hardware"] == "60", "hardware name", r.out)
    r = sim.cli("check", "--board", "vesc-4.12", "-v")
    check(r.status == 0 and 'hardware "60", which is not one of vesc-4.12' in r.err, "no board mismatch warning",
          r.text())
    check("probe-firmware: ST-Link firmware" in r.out, "-v does not show the job's log", r.out)
    r = sim.cli("check", "--json", "--no-such-option")
    check(r.status == 2 and r.events()[-1]["error"]["code"] == "usage", "option error without a result", r.text())


def case_check_unpowered(sim):
    r = sim.cli("check")
    check(r.status == 1, "an unpowered target did not fail: %d" % r.status, r.text())
    check("FAILED" in r.out and "skipped" in r.out, "no failed and skipped lines", r.out)
    # the failed line carries the catalogue's advice, and so does the error
    summary_line = [l for l in r.out.splitlines() if "FAILED" in l]
    check(summary_line, "no FAILED line", r.out)
    check("bootwire-cli check:" in r.err and len(r.err.strip().splitlines()) >= 2, "no advice on stderr", r.err)
    r = sim.cli("check", "--json")
    events = r.events()
    failed = [e for e in events if e["event"] == "check" and e["state"] == "failed"]
    check(len(failed) == 1 and failed[0]["action"], "failed item without advice", r.out)
    check(events[-1]["error"]["summary"] and events[-1]["error"]["action"], "error without advice", r.out)


def case_no_probe(sim):
    r = sim.cli("check", "--probe", "000000000000000000000000")
    check(r.status == 3, "exit status for no probe: %d" % r.status, r.text())
    r = sim.cli("check", "--probe", "000000000000000000000000", "--json")
    check(r.events()[-1]["error"]["code"] == "probe-not-found", "error code", r.out)


def case_probe_busy(sim):
    r = sim.cli("list")
    check(r.status == 0 and "busy" in r.out, "list does not say busy", r.text())
    r = sim.cli("check")
    check(r.status == 3, "exit status for a busy probe: %d" % r.status, r.text())


def case_list(sim):
    r = sim.cli("list")
    check(r.status == 0, "list failed", r.text())
    check(SERIAL in r.out and "V2J37S7" in r.out and "free" in r.out, "list output", r.out)
    r = sim.cli("list", "--json")
    probes = r.events()[-1]["data"]["probes"]
    check(len(probes) == 1 and probes[0]["serial"] == SERIAL and probes[0]["state"] == "free", "list json", r.out)


def case_select_probe(sim):
    r = sim.cli("check", "--probe", SERIAL)
    check(r.status == 0, "--probe SERIAL failed", r.text())


def case_flash_firmware(sim):
    r = sim.cli("flash", FW60, "--board", "vesc-6", "--yes", "--json")
    check(r.status == 0, "flash failed", r.text())
    events = r.events()
    phases = [e["phase"] for e in events if e["event"] == "phase"]
    check("erase" in phases and "write" in phases and "verify" in phases, "phases", r.out)
    # the saved settings of the 4.12 firmware that was there stay
    check(sim.firmware_matches(FW60, config=read(FW410)[0x4000:0xC000]), "firmware not in flash")


def case_flash_wrong_hardware(sim):
    r = sim.cli("flash", FW410, "--board", "vesc-6", "--yes")
    check(r.status == 2, "wrong hardware not refused: %d" % r.status, r.text())
    check("other hardware" in r.err, "no plain words", r.err)
    check(sim.flash_matches(FW60, 0x08000000), "flash changed although refused")


def case_flash_address(sim):
    r = sim.cli("flash", os.path.join(REAL, "vesc_bootloader_generic.bin"), "--address", "0x080E0000", "--yes")
    check(r.status == 0, "flash --address failed", r.text())
    check(sim.flash_matches(os.path.join(REAL, "vesc_bootloader_generic.bin"), BL_ADDRESS), "not at the address")
    r = sim.cli("flash", FW60, "--address", "banana", "--yes")
    check(r.status == 2, "bad address accepted", r.text())


def case_recover(sim):
    r = sim.cli("recover", "--board", "vesc-6", "--firmware", FW60, "--mass-erase", "--yes", "--no-backup")
    check(r.status == 0, "recover failed", r.text())
    check("erase" in r.out.lower(), "the plan does not say it erases", r.out)
    check(sim.firmware_matches(FW60), "firmware not in flash")
    check(sim.flash_matches(BL60, BL_ADDRESS), "bootloader not in flash")
    r = sim.cli("recover", "--board", "vesc-6", "--mass-erase")
    check(r.status == 2, "mass erase without --yes or TTY not refused: %d" % r.status, r.text())


def case_sigint(sim):
    """Ctrl-C while writing: stops at a safe point, says what the chip
    holds, exits 4, and the chip can be written again."""
    env = sim.env()
    p = subprocess.Popen([CLI, "recover", "--board", "vesc-6", "--firmware", FW60, "--mass-erase", "--yes",
                          "--no-backup", "--json"], env=env, cwd=sim.dir, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    lines = []
    for raw in p.stdout:
        line = raw.decode()
        lines.append(line)
        if '"phase":"write"' in line and '"event":"progress"' in line:
            p.send_signal(signal.SIGINT)
            break
    rest, err = p.communicate(timeout=300)
    out = "".join(lines) + rest.decode()
    r = Run(p.returncode, out, err.decode())
    for word in SANITIZER_WORDS:
        check(word not in r.err, "sanitizer report", r.err)
    check(r.status == 4, "Ctrl-C exit status %d" % r.status, r.text())
    result = r.events()[-1]
    check(result["error"]["code"] == "cancelled" and result.get("chip_state"), "no chip state after Ctrl-C", r.out)
    # and in words for the person who pressed it
    check("Stopping at the next safe point" in r.err and result["chip_state"] in r.err,
          "the message does not say what the chip holds", r.err)
    r = sim.cli("recover", "--board", "vesc-6", "--firmware", FW60, "--yes", "--no-backup")
    check(r.status == 0, "the chip could not be recovered after Ctrl-C", r.text())
    check(sim.firmware_matches(FW60), "firmware not in flash after recovery")


def case_boards(sim):
    r = sim.cli("boards")
    check(r.status == 0 and "vesc-6" in r.out and "stlink-v2-clone-a" in r.out, "boards", r.text())
    r = sim.cli("boards", "--json")
    data = r.events()[-1]["data"]
    check(len(data["boards"]) >= 15 and len(data["probes"]) >= 6, "boards json", r.out)


def case_wiring(sim):
    r = sim.cli("wiring", "--board", "vesc-6", "--probe", "stlink-v2-clone-a")
    check(r.status == 0, "wiring failed", r.text())
    lines = r.out.splitlines()
    table = next(i for i, l in enumerate(lines) if "Probe pin" in l)
    warning_lines = [i for i, l in enumerate(lines) if l.startswith("  DANGER:") or l.startswith("  Caution:")
                     or l.startswith("  Note:")]
    check(warning_lines and max(warning_lines) < table, "warnings are not first", r.out)
    for words in ("SWDIO", "SWCLK", "GND", "Leave these pins free:", "Reset:"):
        check(words in r.out, "missing %r" % words, r.out)
    r = sim.cli("wiring", "--board", "vesc-6", "--probe", "stlink-v2-clone-a", "--json")
    data = r.events()[-1]["data"]
    signals = sorted(w["signal"] for w in data["wires"])
    check("SWDIO" in signals and "SWCLK" in signals and "GND" in signals, "wires %s" % signals, r.out)
    check(all(w["colour"] for w in data["wires"]) and data["free_pins"], "colours or free pins", r.out)
    r = sim.cli("wiring", "--board", "nope", "--probe", "stlink-v2-clone-a")
    check(r.status == 2, "unknown board accepted", r.text())


def case_schema(sim):
    """The validator itself: it rejects what the schema forbids."""
    good = {"event": "result", "command": "check", "ok": True, "status": 0}
    check(not schema_errors(good, SCHEMA), "a good result is rejected")
    for bad in ({"event": "result", "command": "check", "ok": True, "status": 9},
                {"event": "phase", "phase": "dance"},
                {"event": "progress", "phase": "write"},
                {"event": "log", "message": "x", "extra": 1},
                {"event": "check", "item": "chip", "state": "passed", "detail": 3},
                {"event": "nonsense"}):
        check(schema_errors(bad, SCHEMA), "%r is accepted" % bad)


def golden(name, text):
    """@text must equal tests/cli/golden/@name; BW_UPDATE_GOLDEN=1 rewrites it."""
    path = os.path.join(GOLDEN, name)
    if os.environ.get("BW_UPDATE_GOLDEN") == "1":
        with open(path, "w") as f:
            f.write(text)
    with open(path) as f:
        expected = f.read()
    if text != expected:
        import difflib
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), path, "output"))
        raise Failure("output differs from %s\n%s" % (path, diff))


def case_golden(sim):
    """The text output people read, word for word."""
    for name, args in (("boards.txt", ["boards"]),
                       ("wiring-vesc-6-clone-a.txt", ["wiring", "--board", "vesc-6", "--probe", "stlink-v2-clone-a"]),
                       ("wiring-vesc-4.12-genuine.txt", ["wiring", "--board", "vesc-4.12", "--probe",
                                                          "stlink-v2-genuine"]),
                       ("check-fw60.txt", ["check"]),
                       ("install-bootloader-vesc-6.txt", ["install-bootloader", "--board", "vesc-6", "--yes"])):
        r = sim.cli(*args)
        check(r.status == 0, "%s failed" % args, r.text())
        golden(name, r.out)
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--probe", "000000000000000000000000")
    check(r.status == 3, "no probe", r.text())
    golden("install-bootloader-no-probe.err", r.err)
    # the other commands, on the chip as install-bootloader left it; files
    # by relative names (the commands run in sim.dir) so that no machine's
    # paths end up in the text
    for name in ("VESC_default_fw7.00_hw60.bin", "VESC_default_fw7.00_hw410.bin", "vesc_bootloader_generic.bin"):
        shutil.copy(os.path.join(REAL, name), sim.dir)
    for name, status, args in (
            ("list.txt", 0, ["list"]),
            ("inspect-fw60.txt", 0, ["inspect", "VESC_default_fw7.00_hw60.bin"]),
            ("verify-fw60.txt", 0, ["verify", "VESC_default_fw7.00_hw60.bin"]),
            ("verify-fw410.err", 1, ["verify", "VESC_default_fw7.00_hw410.bin"]),
            ("backup-range.txt", 0, ["backup", "--out", "bl.bin", "--range", "0x080E0000:0x080E1690"]),
            ("flash-generic.txt", 0, ["flash", "vesc_bootloader_generic.bin", "--address", "0x080E0000", "--yes",
                                      "--backup", "before.bin"]),
            ("erase-11.txt", 0, ["erase", "--sector", "11", "--yes"]),
            ("erase-refused.err", 2, ["erase", "--all"]),
            ("recover.txt", 0, ["recover", "--board", "vesc-6", "--yes", "--no-backup"]),
            ("reset.txt", 0, ["reset"]),
            ("unlock-open.txt", 0, ["unlock"]),
            ("flash-wrong-hardware.err", 2, ["flash", "VESC_default_fw7.00_hw410.bin", "--board", "vesc-6",
                                             "--yes"])):
        r = sim.cli(*args)
        check(r.status == status, "%s: exit %d, not %d" % (args, r.status, status), r.text())
        golden(name, r.err if name.endswith(".err") else r.out)


def case_usage(sim):
    for args in (["install-bootloader"], ["flash"], ["recover"], ["check", "extra"], ["bogus"],
                 ["check", "--no-such-option"], ["check", "--speed", "fast"]):
        r = sim.cli(*args)
        check(r.status == 2, "%s: exit %d" % (args, r.status), r.text())
    r = sim.cli("--help")
    check(r.status == 0 and "install-bootloader" in r.out, "help", r.text())


def case_backup(sim):
    out = os.path.join(sim.dir, "whole.bin")
    r = sim.cli("backup", "--out", out)
    check(r.status == 0, "backup failed", r.text())
    check(read(out) == sim.flash_bytes(0x08000000, 1024 * 1024), "backup differs from the flash")
    out = os.path.join(sim.dir, "part.bin")
    r = sim.cli("backup", "--out", out, "--range", "0x08000000:0x08004000", "--json")
    data = r.events()[-1]["data"]
    check(r.status == 0 and read(out) == read(FW60)[:0x4000], "range backup", r.text())
    import hashlib
    check(data["sha256"] == hashlib.sha256(read(out)).hexdigest(), "sha256 in the result", r.out)
    r = sim.cli("backup", "--range", "0x08004000:0x08000000")
    check(r.status == 2, "an empty range was accepted", r.text())


def case_verify(sim):
    r = sim.cli("verify", FW60)
    check(r.status == 0 and "The flash matches" in r.out, "verify of what is there failed", r.text())
    r = sim.cli("verify", FW410, "--json")
    check(r.status == 1, "verify of another file passed: %d" % r.status, r.text())
    error = r.events()[-1]["error"]
    check(error["code"] == "verify-mismatch" and "0x0800" in error["message"] and error["action"],
          "mismatch without place and advice", r.out)


def case_erase(sim):
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--yes", "--no-backup")
    check(r.status == 0, "install-bootloader failed", r.text())
    r = sim.cli("erase", "--sector", "11")
    check(r.status == 2, "erase without --yes or TTY not refused", r.text())
    check(sim.flash_matches(BL60, BL_ADDRESS), "flash changed although refused")
    r = sim.cli_tty(["erase", "--sector", "11"], "n")
    check(r.status == 2 and "Erase? [y/N]" in r.out, "declining the erase: %d" % r.status, r.out)
    check(sim.flash_matches(BL60, BL_ADDRESS), "flash changed although declined")
    r = sim.cli_tty(["erase", "--sector", "11"], "y")
    check(r.status == 0 and "Erase sector 11 (128 KB at 0x080E0000)" in r.out and "Erased." in r.out,
          "erase --sector on a terminal", r.out)
    check(sim.flash_bytes(BL_ADDRESS, 0x20000) == b"\xff" * 0x20000, "sector 11 not blank")
    r = sim.cli("erase", "--sector", "11", "--yes")
    check(r.status == 0 and "Erased." in r.out, "erase --sector --yes", r.text())
    check(sim.firmware_matches(FW60, config=read(FW60)[0x4000:0xC000]), "other sectors touched")
    r = sim.cli("erase", "--all", "--yes", "--json")
    check(r.status == 0 and any(e["event"] == "plan" for e in r.events()), "erase --all", r.text())
    check(sim.flash_bytes(0x08000000, 0x100000) == b"\xff" * 0x100000, "chip not blank")
    for args in (["erase"], ["erase", "--sector", "12", "--yes"], ["erase", "--sector", "1", "--all", "--yes"]):
        r = sim.cli(*args)
        check(r.status == 2, "%s: exit %d" % (args, r.status), r.text())


def case_unlock(sim):
    r = sim.cli("check")
    check(r.status == 1 and "read-protected" in r.out, "check does not see the protection", r.text())
    r = sim.cli("unlock")
    check(r.status == 2 and "erases all of its flash" in r.out, "unlock not refused without TTY", r.text())
    r = sim.cli("unlock", "--json")
    check(r.status == 2 and any(e["event"] == "plan" for e in r.events()), "unlock --json without --yes", r.text())
    r = sim.cli("unlock", "--yes", "--json")
    check(r.status == 0 and r.events()[-1]["ok"], "unlock failed", r.text())
    status, show = sim.sim_tool("show")
    check("level 0" in show, "still protected", show)
    r = sim.cli("unlock")
    check(r.status == 0 and "nothing to do" in r.out, "unlock of an open chip", r.text())


def case_reset(sim):
    r = sim.cli("reset", "--json")
    check(r.status == 0 and "reset" in [e.get("phase") for e in r.events()], "reset", r.text())


def case_every_board(sim):
    """Every board profile names a bootloader Bootwire bundles, and it is
    the right build for the board's hardware."""
    boards = sim.cli("boards", "--json").events()[-1]["data"]["boards"]
    builds = {"generic.bin": "vesc_bootloader_generic.bin",
              "40_o_47_o_48_o_410_o_411_o_412_o_DAS_RS.bin": "vesc_bootloader_hw40-412_DAS_RS.bin"}
    for board in boards:
        r = sim.cli("install-bootloader", "--board", board["id"])
        check(r.status == 2 and "add --yes" in r.err, "%s: no bundled bootloader (%d)" % (board["id"], r.status),
              r.text())
        expected = builds.get(board["bootloader"], "vesc_bootloader_hw60-family.bin")
        check("Bootloader: %s " % expected in r.out, "%s: wrong image" % board["id"], r.out)


BATCH = ["066DFF485550755187120001", "066DFF485550755187120002", "066DFF485550755187120003"]


def case_batch(sim):
    """--probe all on three boards, the third one without power: two
    verified installs, one clear failure, a report each, exit status 1."""
    report = os.path.join(sim.dir, "bench.txt")
    r = sim.cli("install-bootloader", "--board", "vesc_6", "--yes", "--probe", "all", "--report", report)
    check(r.status == 1, "exit status %d, not 1 (one board failed)" % r.status, r.text())
    expected = read(BL60)
    for serial in BATCH[:2]:
        check(sim.st_flash_read(BL_ADDRESS, len(expected), serial=serial) == expected,
              "%s: st-flash reads other bytes at 0x080E0000" % serial)
        check(sim.flash_matches(FW60, 0x08000000, probe=serial), "%s: the firmware was touched" % serial)
        text = read(os.path.join(sim.dir, "bench-%s.txt" % serial)).decode()
        check("The bootloader is installed and verified." in text and "exit status 0" in text and
              "Writing" in text and "log:" in text, "%s: report incomplete" % serial, text)
        check("[%s] The bootloader is installed and verified." % serial in r.out, "%s: no success line" % serial,
              r.out)
        check(re.search(r"^  %s +done \(report %s\)$" % (serial, re.escape(report[:-4] + "-" + serial + ".txt")),
                        r.out, re.M), "%s: not done in the summary" % serial, r.out)
    bad = BATCH[2]
    check(sim.flash_bytes(BL_ADDRESS, 16, probe=bad) == b"\xff" * 16, "the unpowered board changed")
    text = read(os.path.join(sim.dir, "bench-%s.txt" % bad)).decode()
    check("The ESC is not powered." in text and "exit status 1" in text, "the failed board's report", text)
    check("[%s] bootwire-cli install-bootloader: The ESC is not powered." % bad in r.err, "no plain words", r.err)
    check(re.search(r"^  %s +FAILED \(status 1\): The ESC is not powered\." % bad, r.out, re.M),
          "the summary does not say why", r.out)
    check("Summary: 2 of 3 boards done, 1 not." in r.out, "no summary", r.out)
    check(not os.path.exists(report), "--report FILE itself written in batch mode")
    # no line of one board is cut by another's, and none is a bar
    for line in r.out.splitlines():
        check("\r" not in line and "[#" not in line, "a bar in batch mode: %r" % line, r.out)
    # the same bench as JSON: every event names its board
    r = sim.cli("check", "--probe", "all", "--json")
    check(r.status == 1, "check --probe all: exit %d" % r.status, r.text())
    events = r.events(boards=BATCH)
    results = {e["probe"]: e for e in events if e["event"] == "result" and "probe" in e}
    check(results[BATCH[0]]["data"]["has_bootloader"] and results[BATCH[1]]["data"]["has_bootloader"],
          "the installed bootloaders are not seen", r.out)
    check(results[bad]["error"]["code"] == "target-not-powered" and results[bad]["error"]["action"],
          "the unpowered board's error", r.out)
    summary = events[-1]
    check(summary["status"] == 1 and summary["error"]["code"] == "boards-failed" and
          [b["ok"] for b in sorted(summary["data"]["boards"], key=lambda b: b["probe"])] == [True, True, False],
          "the batch's result", r.out)
    # reading commands too; each board's backup file has its serial
    out = os.path.join(sim.dir, "bl.bin")
    r = sim.cli("backup", "--probe", "all", "--out", out, "--range", "0x080E0000:0x080E1690")
    check(r.status == 1, "backup --probe all: exit %d" % r.status, r.text())
    for serial in BATCH[:2]:
        check(read(os.path.join(sim.dir, "bl-%s.bin" % serial)) == expected, "%s: backup" % serial)
    check(not os.path.exists(os.path.join(sim.dir, "bl-%s.bin" % bad)), "a backup of the unpowered board")
    for args in (["verify", BL60], ["reset"]):
        r = sim.cli(*(args + ["--probe", "all", "--json"]))
        check(r.status == 1, "%s --probe all: exit %d" % (args[0], r.status), r.text())
        results = {e["probe"]: e for e in r.events(boards=BATCH) if e["event"] == "result" and "probe" in e}
        check([results[s]["ok"] for s in BATCH] == [True, True, False], "%s --probe all results" % args[0], r.out)
    # erase and unlock are one board at a time
    for args in (["erase", "--all", "--yes"], ["unlock", "--yes"]):
        r = sim.cli(*(args + ["--probe", "all"]))
        check(r.status == 2 and "one probe at a time" in r.err, "%s --probe all: exit %d" % (args, r.status),
              r.text())


def transfers_to_mid_write():
    """How many USB transfers an install-bootloader makes until it is
    writing, measured on a board of its own: the trace has a line per
    transfer with its first bytes, and the first one that carries the
    bootloader's own bytes is the write under way."""
    trial = Sim(flash=FW60)
    first = " ".join("%02x" % b for b in read(BL60)[:16])
    try:
        env = trial.env()
        env["BOOTWIRE_SIM_LIBUSB_TRACE"] = "1"
        p = subprocess.run([CLI, "install-bootloader", "--board", "vesc-6", "--yes", "--no-backup"],
                           env=env, cwd=trial.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        trace = [l for l in p.stderr.decode("utf-8", "replace").splitlines() if l.startswith("[bw-sim ")]
        check(p.returncode == 0, "the trial install failed", "\n".join(trace[-20:]))
        data = [i for i, l in enumerate(trace) if l.endswith(first)]
        check(data, "no transfer carries the bootloader", "\n".join(trace))
        # a few transfers after the first block of data went out
        return data[0] + 4
    finally:
        trial.cleanup()


def case_batch_unplug(sim):
    """--probe all with the second probe unplugged half-way through writing:
    that board says what its chip holds, the others are done, and once
    plugged back in a second run finishes it."""
    n = transfers_to_mid_write()
    unplugged = BATCH[1]
    status, out = sim.sim_tool("set", "probe.unplug-after-transfers=%d" % n, probe=unplugged)
    check(status == 0, "bootwire-sim set failed", out)
    report = os.path.join(sim.dir, "run.txt")
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--yes", "--no-backup", "--probe", "all", "--json",
                "--report", report)
    check(r.status == 1, "exit status %d, not 1" % r.status, r.text())
    events = r.events(boards=BATCH)
    mine = [e for e in events if e.get("probe") == unplugged]
    check("write" in [e.get("phase") for e in mine if e["event"] == "phase"], "the unplug came before writing",
          r.out)
    result = mine[-1]
    check(result["error"]["code"] == "disconnected" and "partly written" in result["chip_state"],
          "the unplugged board's result does not say what the chip holds", r.out)
    check("[%s] bootwire-cli install-bootloader: The ST-Link was unplugged" % unplugged in r.err and
          "[%s]   The chip is partly written." % unplugged in r.err, "no plain words on stderr", r.err)
    text = read(os.path.join(sim.dir, "run-%s.txt" % unplugged)).decode()
    check("partly written" in text and "exit status 1" in text, "the report does not say it", text)
    for serial in (BATCH[0], BATCH[2]):
        check(sim.flash_matches(BL60, BL_ADDRESS, probe=serial), "%s: bootloader not in flash" % serial)
    # (its core may well finish the block it was given: the loader runs on
    # without the probe, so the words say "partly" until a run verifies it)
    # plugged back in: the same command finishes that board, and the others
    # get the same bootloader again
    status, out = sim.sim_tool("set", "probe.unplug-after-transfers=0", probe=unplugged)
    check(status == 0, "bootwire-sim set failed", out)
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--yes", "--no-backup", "--probe", "all")
    check(r.status == 0 and "Summary: all 3 boards are done." in r.out, "the second run: %d" % r.status, r.text())
    expected = read(BL60)
    for serial in BATCH:
        check(sim.st_flash_read(BL_ADDRESS, len(expected), serial=serial) == expected,
              "%s: st-flash reads other bytes at 0x080E0000" % serial)


def case_batch_sigint(sim):
    """Ctrl-C while the boards are being written: every board stops at its
    next safe point and says what its chip holds, exit status 4, and the
    same command run again finishes them all. (128 KB of firmware into
    sector 5 of each board: long enough to be caught writing.)"""
    part = read(FW60)[0x20000:0x40000]
    with open(os.path.join(sim.dir, "part.bin"), "wb") as f:
        f.write(part)
    args = ["flash", "part.bin", "--address", "0x08020000", "--yes", "--no-backup", "--probe", "all"]
    p = subprocess.Popen([CLI] + args + ["--json"], env=sim.env(), cwd=sim.dir, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    lines = []
    for raw in p.stdout:
        line = raw.decode()
        lines.append(line)
        if '"phase":"write"' in line and '"event":"progress"' in line:
            p.send_signal(signal.SIGINT)
            break
    rest, err = p.communicate(timeout=300)
    r = Run(p.returncode, "".join(lines) + rest.decode(), err.decode())
    for word in SANITIZER_WORDS:
        check(word not in r.err, "sanitizer report", r.err)
    check(r.status == 4, "Ctrl-C exit status %d, not 4" % r.status, r.text())
    events = r.events(boards=BATCH)
    check("Stopping every board at the next safe point" in r.err, "no word that it stops", r.err)
    results = [e for e in events if e["event"] == "result" and "probe" in e]
    stopped = [e for e in results if not e["ok"]]
    check(stopped, "no board was stopped", r.out)
    for e in stopped:
        check(e["error"]["code"] == "cancelled" and e.get("chip_state"), "%s: no chip state" % e["probe"], r.out)
        check("[%s]   %s" % (e["probe"], e["chip_state"].split(".")[0]) in r.err,
              "%s: the chip state is not said in words" % e["probe"], r.err)
    check(events[-1]["status"] == 4, "the batch's result status", r.out)
    r = sim.cli(*args)
    check(r.status == 0, "the boards could not be finished after Ctrl-C", r.text())
    for serial in BATCH:
        check(sim.flash_bytes(0x08020000, len(part), probe=serial) == part,
              "%s: sector 5 does not hold the file after the second run" % serial)
        check(sim.flash_bytes(0x08000000, 0x20000, probe=serial) == read(FW410)[:0x20000],
              "%s: other sectors touched" % serial)


def case_batch_confirm(sim):
    """Without --yes: refused without a terminal, one question for every
    board on one."""
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--probe", "all")
    check(r.status == 2, "refusal exit status %d, not 2" % r.status, r.text())
    check(r.out.count("Write 5776 bytes at 0x080E0000.") == 3, "not every plan shown", r.out)
    check(r.err.count("add --yes") == 3, "not every board refused", r.err)
    r = sim.cli("install-bootloader", "--board", "vesc-6", "--probe", "all", "--json")
    check(r.status == 2, "refusal with --json: %d" % r.status, r.text())
    check(all(e["error"]["code"] == "usage" for e in r.events(boards=BATCH)[:-1] if e["event"] == "result"),
          "refusal code", r.out)
    for serial in BATCH:
        check(sim.flash_bytes(BL_ADDRESS, 16, probe=serial) == b"\xff" * 16, "%s changed although refused" % serial)
    r = sim.cli_tty(["install-bootloader", "--board", "vesc-6", "--probe", "all"], "n")
    check(r.status == 2 and r.out.count("[y/N]") == 1, "declining: %d" % r.status, r.out)
    # Ctrl-C at the question ends the program, as for one board
    r = sim.cli_tty(["install-bootloader", "--board", "vesc-6", "--probe", "all"], "\x03")
    check(r.status == -signal.SIGINT, "Ctrl-C at the question: %d" % r.status, r.out)
    for serial in BATCH:
        check(sim.flash_bytes(BL_ADDRESS, 16, probe=serial) == b"\xff" * 16, "%s changed although declined" % serial)
    r = sim.cli_tty(["install-bootloader", "--board", "vesc-6", "--probe", "all"], "y")
    check(r.status == 0, "accepting: %d" % r.status, r.out)
    check(r.out.count("Install the bootloader? (3 boards) [y/N]") == 1, "not one question for all", r.out)
    question = r.out.index("[y/N]")
    check(all(r.out.index("[%s]   Write 5776 bytes" % serial) < question for serial in BATCH),
          "asked before every plan was shown", r.out)
    check("Summary: all 3 boards are done." in r.out, "no summary", r.out)
    for serial in BATCH:
        check(sim.flash_matches(BL60, BL_ADDRESS, probe=serial), "%s: bootloader not in flash" % serial)


CASES = {name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("case_")}
SCENARIOS = {
    "done-when": dict(flash=FW60),
    "install-json": dict(flash=FW60),
    "install-file": dict(flash=FW60),
    "install-not-bootloader": dict(flash=FW60),
    "refuse-without-tty": dict(flash=FW60),
    "confirm-tty": dict(flash=FW60),
    "check": dict(flash=FW60),
    "check-unpowered": dict(scenario="[target]\npowered=false\n"),
    "probe-busy": dict(scenario="[probe]\nbusy=true\n"),
    "flash-wrong-hardware": dict(flash=FW60),
    "flash-firmware": dict(flash=FW410),
    "golden": dict(flash=FW60),
    "backup": dict(flash=FW60),
    "verify": dict(flash=FW60),
    "erase": dict(flash=FW60, scenario=""),
    "unlock": dict(flash=FW60, scenario="rdp=1\n"),
    "reset": dict(flash=FW60),
    "recover": dict(flash=FW410),
    "sigint": dict(flash=FW60),
    "batch": dict(probes=[dict(serial=BATCH[0], flash=FW60), dict(serial=BATCH[1], flash=FW60),
                          dict(serial=BATCH[2], flash=FW60, scenario="powered=false\n")]),
    "batch-confirm": dict(probes=[dict(serial=s, flash=FW60) for s in BATCH]),
    "batch-unplug": dict(probes=[dict(serial=s, flash=FW60) for s in BATCH]),
    "batch-sigint": dict(probes=[dict(serial=s, flash=FW410) for s in BATCH]),
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print("usage: test-cli-sim.py CASE (%s)" % ", ".join(sorted(CASES)), file=sys.stderr)
        return 2
    name = sys.argv[1]
    sim = Sim(**SCENARIOS.get(name, {}))
    try:
        CASES[name](sim)
    except Failure as e:
        print("FAIL %s: %s" % (name, e))
        return 1
    finally:
        sim.cleanup()
    print("ok %s" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# The portability lint must fail when it should: on a scratch copy of the
# real tree (meson.build files and C sources) it passes as it is, and each
# mutation below, one at a time, must make it fail, or pass where the
# change is properly guarded.
#
# usage: check-portability-catches.py SOURCE_ROOT [MINGW_CC]
import os
import shutil
import subprocess
import sys
import tempfile

root = sys.argv[1]
mingw_cc = sys.argv[2:3]
lint = os.path.join(root, 'tests', 'portability', 'check-portability.py')
allow = os.path.join('tests', 'portability', 'linux-only.txt')


def copy_tree(dest):
    for directory, subdirs, names in os.walk(root):
        rel = os.path.relpath(directory, root)
        if rel == '.':
            subdirs[:] = [s for s in subdirs if s in ('src', 'tests', 'data', 'po')]
        for name in names:
            if name == 'meson.build' or name.endswith(('.c', '.h')) or name == 'linux-only.txt':
                os.makedirs(os.path.join(dest, rel), exist_ok=True)
                shutil.copy(os.path.join(directory, name), os.path.join(dest, rel, name))


def append(path, text):
    with open(path, 'a', encoding='utf-8') as f:
        f.write(text)


def replace(path, old, new):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if old not in text:
        raise SystemExit('Bail out! %s no longer contains %r: update this test' % (path, old))
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text.replace(old, new, 1))


CASES = [
    # (name, expected exit status, text the report must hold, mutation)
    ('the tree as it is passes', 0, 'checked',
     lambda d: None),
    ('<termios.h> in a file built everywhere', 1, 'src/cli/bw-cli-common.c:',
     lambda d: replace(os.path.join(d, 'src/cli/bw-cli-common.c'), '#include <stdio.h>',
                       '#include <stdio.h>\n#include <termios.h>')),
    ('O_CLOEXEC in the engine, unguarded', 1, 'O_CLOEXEC is not on Windows',
     lambda d: append(os.path.join(d, 'src/engine/bw-format.c'),
                      '\nint bw_lint_probe (void);\nint bw_lint_probe (void) { return O_CLOEXEC; }\n')),
    ('O_CLOEXEC under #ifdef G_OS_UNIX passes', 0, 'checked',
     lambda d: append(os.path.join(d, 'src/engine/bw-format.c'),
                      '\n#ifdef G_OS_UNIX\nint bw_lint_probe (void) { return O_CLOEXEC; }\n#endif\n')),
    ('g_unix_signal_add outside its G_OS_UNIX guard', 1, 'g_unix_signal_add is not on Windows',
     lambda d: replace(os.path.join(d, 'src/cli/bw-cli-batch.c'),
                       '#ifdef G_OS_UNIX\n  batch.sigint_id', '#if 1\n  batch.sigint_id')),
    ('a Linux header under G_OS_UNIX still fails for macOS', 1, 'is not on macOS',
     lambda d: append(os.path.join(d, 'src/engine/bw-memory.c'),
                      '\n#ifdef G_OS_UNIX\n#include <linux/usbdevice_fs.h>\n#endif\n')),
    ('the stand-in libusb built everywhere', 1, 'src/sim/libusb/bw-sim-libusb-sleep.c:',
     lambda d: replace(os.path.join(d, 'src/sim/meson.build'),
                       "if host_machine.system() == 'linux'\n  subdir('libusb')", "if true\n  subdir('libusb')")),
    ('the Win32 serial port built on Linux', 1, 'bw-vesc-serial-win32.c: the allow-list says windows',
     lambda d: replace(os.path.join(d, 'src/engine/vesc/meson.build'),
                       "if host_machine.system() == 'windows'", "if host_machine.system() != 'darwin'")),
    ('a guarded file missing from the allow-list', 1, 'the allow-list does not say so',
     lambda d: replace(os.path.join(d, allow), 'src/sim/vesc/bw-sim-vesc.c ', '# src/sim/vesc/bw-sim-vesc.c ')),
]
if mingw_cc:
    CASES.append(('a header MinGW-w64 does not have', 1, '<sys/statvfs.h> (not in MinGW-w64)',
                  lambda d: replace(os.path.join(d, 'src/engine/bw-format.c'), '#include "config.h"',
                                    '#include "config.h"\n#include <sys/statvfs.h>')))

print('1..%d' % len(CASES))
failures = 0
for number, (name, expected, needle, mutate) in enumerate(CASES, 1):
    with tempfile.TemporaryDirectory(prefix='bw-portability-') as scratch:
        copy_tree(scratch)
        mutate(scratch)
        run = subprocess.run([sys.executable, lint, scratch, os.path.join(scratch, allow)] + mingw_cc,
                             capture_output=True, text=True)
        ok = run.returncode == expected and needle in run.stdout
        if not ok:
            failures += 1
            for line in (run.stdout + run.stderr).splitlines():
                print('# ' + line)
        print('%s %d - %s (exit %d, expected %d)' % ('ok' if ok else 'not ok', number, name, run.returncode,
                                                      expected))
sys.exit(1 if failures else 0)

#!/usr/bin/env python3
# The workflow check must fail when it should: on a scratch root that links
# to the real tree but holds its own copy of .github/workflows, each broken
# workflow below must make check-workflows.py fail with the right message.
#
# usage: check-workflows-catches.py SOURCE_ROOT
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.abspath(sys.argv[1])
check = os.path.join(root, 'tests', 'portability', 'check-workflows.py')
WIN = os.path.join('.github', 'workflows', 'windows-msys2.yml')
MAC = os.path.join('.github', 'workflows', 'macos-homebrew.yml')

CASES = [
    # (name, file, text to replace, replacement, expected exit, text the report must hold)
    ('the workflows as they are', WIN, '', '', 0, 'CLI runs'),
    ('an option meson_options.txt lacks', WIN, '-Dtests=false', '-Dtests=false -Dgui=false', 1,
     'no option gui in meson_options.txt'),
    ('a boolean option given a word', MAC, '-Dtests=false', '-Dtests=no', 1, 'tests=no is not one of'),
    ('a board no profile has', MAC, '--board vesc-6', '--board vesc-7', 1, 'no installed board vesc-7'),
    ('a CLI command that does not exist', WIN, 'bootwire-cli.exe boards', 'bootwire-cli.exe board', 1,
     'bootwire-cli has no command board'),
    ('a library the build needs left out', WIN, '            unicorn:p\n', '', 1,
     'from the package unicorn, which the workflow does not install'),
    ('a library the build needs left out (Homebrew)', MAC, 'libusb gtk4', 'gtk4', 1,
     'from the package libusb, which the workflow does not install'),
    ('the CLI of the build tree instead of the moved install', MAC, './Bootwire/bin/bootwire-cli boards',
     './_build/src/cli/bootwire-cli boards', 1, 'not the installed CLI in the moved folder'),
    ('meson compile in another directory', WIN, 'meson compile -C _build', 'meson compile -C build', 1,
     'not in the directory meson setup made'),
    ('YAML that does not parse', MAC, '    runs-on: macos-latest', '    runs-on: [macos-latest', 1,
     'not readable YAML'),
]

print('1..%d' % len(CASES))
failures = 0
for number, (name, rel, old, new, expected, needle) in enumerate(CASES, 1):
    with tempfile.TemporaryDirectory(prefix='bw-workflows-') as scratch:
        for entry in os.listdir(root):
            if entry != '.github':
                os.symlink(os.path.join(root, entry), os.path.join(scratch, entry))
        shutil.copytree(os.path.join(root, '.github'), os.path.join(scratch, '.github'))
        target = os.path.join(scratch, rel)
        with open(target, encoding='utf-8') as f:
            text = f.read()
        if old not in text:
            print('Bail out! %s no longer contains %r: update this test' % (rel, old))
            sys.exit(1)
        with open(target, 'w', encoding='utf-8') as f:
            f.write(text.replace(old, new, 1) if old else text)
        run = subprocess.run([sys.executable, check, scratch], capture_output=True, text=True)
        ok = run.returncode == expected and needle in run.stdout
        if not ok:
            failures += 1
            for line in (run.stdout + run.stderr).splitlines():
                print('# ' + line)
        print('%s %d - %s (exit %d, expected %d)' % ('ok' if ok else 'not ok', number, name, run.returncode,
                                                      expected))
sys.exit(1 if failures else 0)

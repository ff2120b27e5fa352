#!/usr/bin/env python3
"""Lint of the Flatpak manifest: it parses, names our app, pins a GNOME
runtime new enough (GTK >= 4.8 and libadwaita >= 1.2 arrived with GNOME 43),
grants USB access, builds every dependency the runtime lacks from a pinned,
checksummed source, builds Bootwire itself from this tree without its tests,
and, when flatpak-builder is installed, passes its own parser without a
warning (it warns about unknown keys).

usage: check-flatpak.py MANIFEST SOURCE_ROOT
"""
import json
import os
import re
import shutil
import subprocess
import sys

manifest_path, source_root = sys.argv[1:3]
errors = []


def require(condition, message):
    if not condition:
        errors.append(message)


with open(manifest_path, encoding='utf-8') as f:
    manifest = json.load(f)

require(manifest.get('id') == 'io.github.bootwire.Bootwire', 'id is not io.github.bootwire.Bootwire')
require(os.path.basename(manifest_path) == manifest.get('id', '') + '.json', 'the file is not named after the id')
require(manifest.get('runtime') == 'org.gnome.Platform', 'runtime is not org.gnome.Platform')
require(manifest.get('sdk') == 'org.gnome.Sdk', 'sdk is not org.gnome.Sdk')
version = str(manifest.get('runtime-version', ''))
require(re.fullmatch(r'\d+', version) and int(version) >= 43,
        f'runtime-version {version!r}: GNOME 43 or later is needed for GTK 4.8 and libadwaita 1.2')
require(manifest.get('command') == 'bootwire', 'command is not bootwire')

finish = manifest.get('finish-args', [])
for arg in ('--device=all', '--share=ipc', '--socket=wayland', '--socket=fallback-x11'):
    require(arg in finish, f'finish-args lacks {arg}')
require('--socket=x11' not in finish, 'use --socket=fallback-x11, not --socket=x11')
require(not any(a.startswith('--filesystem=host') or a == '--filesystem=home' for a in finish),
        'no broad filesystem access: files go through the portal')

modules = manifest.get('modules', [])
names = [m.get('name') if isinstance(m, dict) else m for m in modules]
# What the GNOME runtime does not ship and the build needs: libusb for the
# engine, Unicorn for the simulator behind demo mode, an ARM assembler for
# the flash loader.
for needed in ('libusb', 'unicorn', 'arm-none-eabi-binutils'):
    require(needed in names, f'no module {needed}')
require(names and names[-1] == 'bootwire', 'the last module is not bootwire')

for module in modules:
    if not isinstance(module, dict):
        errors.append(f'module {module!r} is a file reference; keep the manifest in one file')
        continue
    name = module.get('name')
    require(module.get('buildsystem') in ('meson', 'cmake-ninja', 'autotools', 'simple'),
            f'{name}: unknown buildsystem {module.get("buildsystem")!r}')
    sources = module.get('sources', [])
    require(sources, f'{name}: no sources')
    for source in sources:
        kind = source.get('type')
        if kind == 'archive':
            require(source.get('url', '').startswith('https://'), f'{name}: archive URL is not https')
            require(re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')), f'{name}: archive without sha256')
        elif kind == 'git':
            require(re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')), f'{name}: git source without a commit')
        elif kind == 'dir':
            path = os.path.normpath(os.path.join(os.path.dirname(manifest_path), source.get('path', '')))
            require(os.path.samefile(path, source_root), f'{name}: dir source is not this tree')
        else:
            errors.append(f'{name}: source type {kind!r}')
    if name == 'arm-none-eabi-binutils':
        require(module.get('cleanup') == ['*'], 'the assembler is for the build only: cleanup ["*"]')
        require('--target=arm-none-eabi' in module.get('config-opts', []), 'binutils without --target=arm-none-eabi')
    if name == 'bootwire':
        require(module.get('buildsystem') == 'meson', 'bootwire is built with meson')
        require('-Dtests=false' in module.get('config-opts', []), 'bootwire: build without -Dtests=false')

builder = shutil.which('flatpak-builder')
if builder:
    result = subprocess.run([builder, '--show-manifest', manifest_path], capture_output=True, text=True)
    require(result.returncode == 0, f'flatpak-builder --show-manifest failed: {result.stderr.strip()}')
    require('WARNING' not in result.stderr and 'CRITICAL' not in result.stderr,
            f'flatpak-builder --show-manifest: {result.stderr.strip()}')
    try:
        shown = json.loads(result.stdout)
        require(shown.get('id') == manifest.get('id'), 'flatpak-builder reads another id')
        require(len(shown.get('modules', [])) == len(modules), 'flatpak-builder reads other modules')
    except json.JSONDecodeError as e:
        errors.append(f'flatpak-builder --show-manifest printed no JSON: {e}')
    print(f'flatpak-builder --show-manifest: {"ok" if result.returncode == 0 else "failed"}')
else:
    # build-aux/deps.sh installs it; without it only the checks above ran
    errors.append('flatpak-builder is not installed (build-aux/deps.sh lists it)')

for e in errors:
    print(f'{manifest_path}: {e}')
print(f'{len(modules)} modules: {", ".join(str(n) for n in names)}; runtime GNOME {version}')
sys.exit(1 if errors else 0)

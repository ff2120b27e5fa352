#!/usr/bin/env python3
# The CI workflows for Windows (MSYS2) and macOS (Homebrew) never run here,
# so this reads them against the tree: valid YAML of the shape GitHub
# expects; every -D option they give meson exists in meson_options.txt with
# a value of its type; meson compile/install use the directory meson setup
# made; each bootwire-cli command, board, probe and data file they use
# exists and is installed; and every library or program the build needs
# (dependency(), find_program(), the gettext and gnome modules) is in each
# workflow's package list.
#
# usage: check-workflows.py SOURCE_ROOT
import os
import re
import shlex
import sys

import yaml

root = sys.argv[1]
workflows = {
    'windows-msys2.yml': 'msys2',
    'macos-homebrew.yml': 'homebrew',
}

# What the build asks for -> the package that has it, per package manager.
PACKAGES = {
    'dependency:glib-2.0': {'msys2': 'glib2', 'homebrew': 'glib'},
    'dependency:gobject-2.0': {'msys2': 'glib2', 'homebrew': 'glib'},
    'dependency:gio-2.0': {'msys2': 'glib2', 'homebrew': 'glib'},
    'dependency:json-glib-1.0': {'msys2': 'json-glib', 'homebrew': 'json-glib'},
    'dependency:libusb-1.0': {'msys2': 'libusb', 'homebrew': 'libusb'},
    'dependency:gtk4': {'msys2': 'gtk4', 'homebrew': 'gtk4'},
    'dependency:libadwaita-1': {'msys2': 'libadwaita', 'homebrew': 'libadwaita'},
    'dependency:unicorn': {'msys2': 'unicorn', 'homebrew': 'unicorn'},
    'program:arm-none-eabi-as': {'msys2': 'arm-none-eabi-binutils', 'homebrew': 'arm-none-eabi-binutils'},
    'program:arm-none-eabi-objcopy': {'msys2': 'arm-none-eabi-binutils', 'homebrew': 'arm-none-eabi-binutils'},
    # Homebrew's meson brings its Python
    'program:python3': {'msys2': 'python', 'homebrew': 'meson'},
    'module:i18n': {'msys2': 'gettext-tools', 'homebrew': 'gettext'},
    'module:gnome': {'msys2': 'glib2', 'homebrew': 'glib'},
    'tool:meson': {'msys2': 'meson', 'homebrew': 'meson'},
    'tool:ninja': {'msys2': 'ninja', 'homebrew': 'ninja'},
    'tool:pkg-config': {'msys2': 'pkgconf', 'homebrew': 'pkgconf'},
    'tool:cc': {'msys2': 'gcc', 'homebrew': None},  # Xcode's clang is on the runner
}
MESON_BUILTINS = {
    'buildtype': {'plain', 'debug', 'debugoptimized', 'release', 'minsize', 'custom'},
    'prefix': None, 'bindir': None, 'datadir': None, 'libdir': None, 'libexecdir': None, 'localedir': None,
    'mandir': None, 'sysconfdir': None, 'default_library': {'shared', 'static', 'both'},
    'werror': {'true', 'false'}, 'warning_level': {'0', '1', '2', '3', 'everything'},
    'optimization': {'plain', '0', 'g', '1', '2', '3', 's'}, 'debug': {'true', 'false'},
    'b_sanitize': None, 'b_lundef': {'true', 'false'}, 'b_ndebug': {'true', 'false', 'if-release'},
}

problems = []


def problem(where, text):
    problems.append('%s: %s' % (where, text))


def meson_options():
    options = {}
    with open(os.path.join(root, 'meson_options.txt'), encoding='utf-8') as f:
        text = f.read()
    for m in re.finditer(r"option\('([^']+)',\s*type:\s*'(\w+)'(.*?)\)\s*$", text, re.S | re.M):
        name, kind, rest = m.groups()
        if kind == 'boolean':
            options[name] = {'true', 'false'}
        elif kind == 'combo':
            choices = re.search(r'choices:\s*\[([^\]]*)\]', rest)
            options[name] = set(re.findall(r"'([^']*)'", choices.group(1))) if choices else None
        else:
            options[name] = None
    return options


def build_needs():
    """What the meson.build files a -Dtests=false build reads ask for."""
    needs = set()
    for top in ('meson.build', 'src', 'data', 'po'):
        path = os.path.join(root, top)
        files = [path] if os.path.isfile(path) else [
            os.path.join(d, n) for d, _, names in os.walk(path) for n in names if n == 'meson.build']
        for name in files:
            rel = os.path.relpath(name, root)
            with open(name, encoding='utf-8') as f:
                text = f.read()
            linux_only = rel.startswith(os.path.join('src', 'sim', 'libusb')) or \
                rel.startswith(os.path.join('src', 'sim', 'vesc'))
            for m in re.finditer(r"(?<!declare_)dependency\('([^']+)'([^)]*)\)", text):
                if 'required: false' not in m.group(2) and not linux_only:
                    needs.add('dependency:' + m.group(1))
            for m in re.finditer(r"find_program\('([^']+)'([^)]*)\)", text):
                if 'required: false' not in m.group(2) and not linux_only:
                    needs.add('program:' + m.group(1))
            for module in ('i18n', 'gnome'):
                if re.search(r'\b%s\.\w+\(' % module, text):
                    needs.add('module:' + module)
    return needs | {'tool:meson', 'tool:ninja', 'tool:pkg-config', 'tool:cc'}


def installed_data():
    with open(os.path.join(root, 'tests', 'packaging', 'installed-files.txt'), encoding='utf-8') as f:
        return {line.strip().replace('@DATADIR@/', 'share/') for line in f if line.startswith('@DATADIR@/')}


def cli_commands():
    with open(os.path.join(root, 'src', 'cli', 'bw-cli.c'), encoding='utf-8') as f:
        return set(re.findall(r'\{\s*"([a-z-]+)",\s*bw_cli_\w+', f.read()))


def commands_of(script):
    joined = re.sub(r'\\\n\s*', ' ', script)
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            yield line


def check_workflow(name, manager, options, needs, installed, commands):
    path = os.path.join(root, '.github', 'workflows', name)
    where = '.github/workflows/' + name
    try:
        with open(path, encoding='utf-8') as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        problem(where, 'not readable YAML: %s' % e)
        return
    # YAML 1.1 reads the key "on" as true
    triggers = doc.get('on', doc.get(True))
    if not isinstance(doc.get('name'), str) or triggers is None or not isinstance(doc.get('jobs'), dict):
        problem(where, 'needs name, on and jobs')
        return

    packages = set()
    scripts = []
    for job_name, job in doc['jobs'].items():
        if 'runs-on' not in job or not isinstance(job.get('steps'), list):
            problem(where, 'job %s needs runs-on and steps' % job_name)
            continue
        for number, step in enumerate(job['steps'], 1):
            if ('uses' in step) == ('run' in step):
                problem(where, 'step %d of %s needs exactly one of uses and run' % (number, job_name))
            if 'run' in step:
                scripts.append(step['run'])
            if manager == 'msys2' and str(step.get('uses', '')).startswith('msys2/setup-msys2'):
                for token in str(step.get('with', {}).get('pacboy', '')).split():
                    packages.add(token.split(':')[0])
    if manager == 'homebrew':
        for script in scripts:
            for command in commands_of(script):
                words = shlex.split(command)
                if words[:2] == ['brew', 'install']:
                    packages.update(w for w in words[2:] if not w.startswith('-'))

    for need in sorted(needs):
        if need not in PACKAGES:
            problem(where, 'the build needs %s: add it to PACKAGES here and to the workflow' % need)
        elif PACKAGES[need][manager] is not None and PACKAGES[need][manager] not in packages:
            problem(where, 'the build needs %s, from the package %s, which the workflow does not install' %
                    (need, PACKAGES[need][manager]))

    build_dir = None
    prefix_dir = None
    moved_to = None
    ran_cli = 0
    for script in scripts:
        for command in commands_of(script):
            try:
                words = shlex.split(command)
            except ValueError as e:
                problem(where, 'cannot split %r: %s' % (command, e))
                continue
            if words[:2] == ['meson', 'setup']:
                build_dir = words[2]
                for word in words[3:]:
                    m = re.match(r'(?:-D|--)([\w-]+)=(.*)$', word)
                    if not m:
                        problem(where, 'meson setup: unexpected %r' % word)
                        continue
                    key, value = m.group(1).replace('-', '_'), m.group(2)
                    known = options if key in options else MESON_BUILTINS
                    if key not in known:
                        problem(where, 'meson setup: no option %s in meson_options.txt' % key)
                    elif known[key] is not None and value not in known[key]:
                        problem(where, 'meson setup: %s=%s is not one of %s' % (key, value, sorted(known[key])))
                    if key == 'prefix':
                        prefix_dir = re.sub(r'^.*\$PWD/([\w.-]+).*$', r'\1', value)
            elif words[:2] in (['meson', 'compile'], ['meson', 'install']):
                if '-C' not in words or words[words.index('-C') + 1] != build_dir:
                    problem(where, '%s: not in the directory meson setup made (%s)' % (command, build_dir))
            elif words[:1] == ['mv'] and len(words) == 3:
                if words[1] != prefix_dir:
                    problem(where, 'mv %s: the install went to %s' % (words[1], prefix_dir))
                moved_to = words[2]
            elif words and os.path.basename(words[0]) in ('bootwire-cli', 'bootwire-cli.exe'):
                ran_cli += 1
                if moved_to is None or not words[0].startswith('./%s/bin/' % moved_to):
                    problem(where, '%s: not the installed CLI in the moved folder' % command)
                args = words[1:]
                if args and args[0] not in commands and args[0] not in ('--help', 'help'):
                    problem(where, '%s: bootwire-cli has no command %s' % (command, args[0]))
                for flag, directory, suffix in (('--board', 'boards', '.board'), ('--probe', 'probes', '.probe')):
                    if flag in args:
                        value = args[args.index(flag) + 1]
                        if 'share/bootwire/%s/%s%s' % (directory, value, suffix) not in installed:
                            problem(where, '%s: no installed %s %s' % (command, directory[:-1], value))
                for arg in args:
                    if moved_to and arg.startswith(moved_to + '/share/'):
                        if arg[len(moved_to) + 1:] not in installed:
                            problem(where, '%s: %s is not installed' % (command, arg))
            elif words and words[0] in ('python3', 'python'):
                script_path = words[1]
                if not os.path.isfile(os.path.join(root, script_path)):
                    problem(where, '%s: no %s in the tree' % (command, script_path))
                for arg in words[2:]:
                    if not os.path.exists(os.path.join(root, arg)):
                        problem(where, '%s: no %s in the tree' % (command, arg))
    if build_dir is None:
        problem(where, 'no meson setup')
    if ran_cli == 0:
        problem(where, 'never runs the installed CLI')
    print('%s: %d steps, %d packages, %d CLI runs' % (where, sum(len(j['steps']) for j in doc['jobs'].values()),
                                                     len(packages), ran_cli))


def main():
    options = meson_options()
    needs = build_needs()
    installed = installed_data()
    commands = cli_commands()
    if not options or not commands or not installed:
        print('could not read meson_options.txt, the CLI commands or installed-files.txt', file=sys.stderr)
        return 1
    found = sorted(os.listdir(os.path.join(root, '.github', 'workflows')))
    for name in found:
        if name not in workflows:
            problem('.github/workflows/' + name, 'not known to this test: add it to workflows')
    for name, manager in workflows.items():
        check_workflow(name, manager, options, needs, installed, commands)
    for line in problems:
        print(line)
    print('the build needs: %s' % ', '.join(sorted(needs)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

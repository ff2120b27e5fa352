#!/usr/bin/env python3
# Portability lint: no C file under src/ that meson builds on Windows or
# macOS uses what those systems lack, unless the lines sit under a
# preprocessor guard for the systems that have it.
#
# Which systems build a file is read from the meson.build files themselves:
# the walk follows subdir() from the root and evaluates the conditions of
# if/elif/else blocks on host_machine.system() (and is_variable() of
# variables assigned under such conditions). The files that come out as
# built on fewer than all three systems must be exactly those in the
# allow-list, so that dropping a meson guard (or adding one) is seen here.
#
# usage: check-portability.py SOURCE_ROOT ALLOW_LIST [MINGW_CC]
# With a MinGW-w64 compiler, an #include <x.h> in a file built on Windows
# must also be in its include path (or be a header of a library the Windows
# build links: GLib, GTK, libusb, ...).
import os
import re
import subprocess
import sys

ALL = frozenset({'linux', 'darwin', 'windows'})
NAMES = {'linux': 'Linux', 'darwin': 'macOS', 'windows': 'Windows'}

# Headers and calls Windows lacks (POSIX, present on Linux and macOS).
POSIX_HEADERS = {
    'termios.h', 'poll.h', 'sys/ioctl.h', 'sys/file.h', 'sys/socket.h', 'sys/wait.h', 'sys/mman.h',
    'sys/select.h', 'sys/un.h', 'sys/uio.h', 'sys/resource.h', 'sys/utsname.h', 'dlfcn.h', 'pwd.h',
    'grp.h', 'pty.h', 'util.h', 'glib-unix.h', 'gio/gunixfdlist.h', 'gio/gunixinputstream.h',
    'gio/gunixoutputstream.h', 'gio/gdesktopappinfo.h', 'netinet/in.h', 'arpa/inet.h', 'syslog.h',
    'spawn.h', 'sys/syscall.h',
}
POSIX_CALLS = [
    'O_CLOEXEC', 'O_NOCTTY', 'O_NONBLOCK', 'FD_CLOEXEC', 'flock', 'ioctl', 'fork', 'getuid', 'geteuid',
    'getpwuid', 'posix_openpt', 'grantpt', 'unlockpt', 'ptsname', 'tcgetattr', 'tcsetattr', 'tcflush',
    'cfmakeraw', 'pipe', 'mkfifo', 'symlink', 'readlink', 'realpath', 'setsid', 'kill', 'waitpid',
    'sigaction', 'SIGKILL', 'SIGHUP', 'SIGPIPE', 'strerror_r', 'dlopen', 'isatty_r', 'poll',
    r'g_unix_\w+', 'G_UNIX_\\w+',
]
# What even macOS lacks.
LINUX_HEADERS_RE = re.compile(r'^(linux/|asm/|sys/epoll\.h|sys/eventfd\.h|sys/timerfd\.h|sys/signalfd\.h|'
                              r'sys/inotify\.h|sys/prctl\.h|sys/sysmacros\.h|libudev\.h|pty\.h|features\.h)')
LINUX_CALLS = ['ptsname_r', 'pipe2', 'epoll_\\w+', 'eventfd', 'timerfd_\\w+', 'signalfd', 'O_PATH', 'prctl',
               'syscall', 'SYS_\\w+', 'accept4', 'dup3', 'memfd_create', 'udev_\\w+']

# Headers of the libraries the Windows build links, and the project's own.
LIBRARY_HEADER_RE = re.compile(r'^(glib|gio|gobject|gmodule|gtk|gdk|gsk|adwaita|libusb|json-glib|unicorn|'
                               r'graphene|cairo|pango)([-/.].*)?$')


def uses_re(names):
    # a function only when called, a macro wherever it appears
    calls = [n for n in names if not n[0].isupper()]
    macros = [n for n in names if n[0].isupper()]
    return re.compile(r'\b(' + '|'.join(calls) + r')\s*\(|\b(' + '|'.join(macros) + r')\b')


POSIX_CALL_RE = uses_re(POSIX_CALLS)
LINUX_CALL_RE = uses_re(LINUX_CALLS)
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*<([^>]+)>')

# Preprocessor conditions that keep Windows (or macOS) out.
NOT_WINDOWS_RE = re.compile(r'^\s*#\s*(ifdef\s+(G_OS_UNIX|__unix__|__APPLE__|__linux__)\b|'
                            r'ifndef\s+(G_OS_WIN32|_WIN32)\b|'
                            r'if\b.*defined\s*\(?\s*(G_OS_UNIX|__unix__|__APPLE__|__linux__)\b)')
LINUX_ONLY_RE = re.compile(r'^\s*#\s*(ifdef\s+__linux__\b|if\b.*defined\s*\(?\s*__linux__\b)')
WINDOWS_IF_RE = re.compile(r'^\s*#\s*(ifdef\s+(G_OS_WIN32|_WIN32)\b|if\b.*defined\s*\(?\s*(G_OS_WIN32|_WIN32)\b)')


# ---------------------------------------------------------------- meson side

def strip_comment(line):
    out, quote = [], False
    for ch in line:
        if ch == "'":
            quote = not quote
        if ch == '#' and not quote:
            break
        out.append(ch)
    return ''.join(out)


class Meson:
    """Which systems build each file, by walking meson.build files."""

    def __init__(self, root):
        self.root = root
        self.variables = {}   # name -> systems where it is assigned
        self.files = {}       # path relative to root -> systems
        self.dirs = {}        # directory -> systems its meson.build runs on

    def condition(self, text):
        text = text.strip()
        if ' or ' in text:
            result = frozenset()
            for part in text.split(' or '):
                result |= self.condition(part)
            return result
        if ' and ' in text:
            result = ALL
            for part in text.split(' and '):
                result &= self.condition(part)
            return result
        negate = False
        if text.startswith('not '):
            negate, text = True, text[4:].strip()
        text = text.strip('() ')
        systems = ALL
        m = re.match(r"host_machine\.system\(\)\s*(==|!=)\s*'(\w+)'$", text)
        if m:
            systems = frozenset({m.group(2)}) & ALL if m.group(1) == '==' else ALL - {m.group(2)}
        m = re.match(r"host_machine\.system\(\)\s*(not\s+in|in)\s*\[([^\]]*)\]$", text)
        if m:
            listed = frozenset(re.findall(r"'(\w+)'", m.group(2)))
            systems = ALL - listed if m.group(1).startswith('not') else listed & ALL
        m = re.match(r"is_variable\('(\w+)'\)$", text)
        if m:
            systems = self.variables.get(m.group(1), frozenset())
        if negate:
            # "not is_variable(x)" or a negated system test: only the system
            # tests can be inverted exactly; anything else stays "all".
            return ALL - systems if systems != ALL else ALL
        return systems

    def walk(self, directory, systems):
        path = os.path.join(self.root, directory, 'meson.build')
        self.dirs[directory] = self.dirs.get(directory, frozenset()) | systems
        # stack of [systems of the enclosing block, systems the previous branches took]
        stack = [[systems, frozenset()]]
        current = systems
        with open(path, encoding='utf-8') as f:
            lines = f.readlines()
        for raw in lines:
            line = strip_comment(raw).strip()
            m = re.match(r'(if|elif)\s+(.*)$', line)
            if line.startswith('if ') or line.startswith('elif '):
                cond = self.condition(m.group(2))
                if m.group(1) == 'if':
                    stack.append([current, frozenset()])
                outer, taken = stack[-1]
                # a system already caught by an earlier branch does not reach this one
                # (exact only for pure system tests, which is what the guards are)
                current = outer & cond
                if cond != ALL:
                    current = current - taken
                stack[-1][1] = taken | (cond if cond != ALL else frozenset())
                continue
            if line == 'else':
                outer, taken = stack[-1]
                current = outer - taken
                continue
            if line == 'endif':
                outer, _ = stack.pop()
                current = outer
                continue
            if line.startswith('foreach ') or line == 'endforeach':
                continue
            m = re.match(r'(\w+)\s*\+?=', line)
            if m:
                self.variables[m.group(1)] = self.variables.get(m.group(1), frozenset()) | current
            m = re.search(r"subdir\('([^']+)'\)", line)
            if m:
                self.walk(os.path.normpath(os.path.join(directory, m.group(1))), current)
                continue
            for name in re.findall(r"'([^']+\.[ch])'", line):
                rel = os.path.normpath(os.path.join(directory, name))
                self.files[rel] = self.files.get(rel, frozenset()) | current

    def systems_of(self, rel):
        if rel in self.files:
            return self.files[rel]
        # a header (or a file named by a pattern): what its directory's meson.build runs on
        directory = os.path.dirname(rel)
        while directory and directory not in self.dirs:
            directory = os.path.dirname(directory)
        return self.dirs.get(directory, self.dirs.get('.', ALL))


# ---------------------------------------------------------------- C side

def guarded_lines(text):
    """Yields (line number, line, systems the line is compiled for)."""
    stack = []  # each: systems of this #if branch
    current = ALL
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if re.match(r'#\s*if', stripped):
            if LINUX_ONLY_RE.match(stripped):
                cond = frozenset({'linux'})
            elif NOT_WINDOWS_RE.match(stripped):
                cond = ALL - {'windows'}
            elif WINDOWS_IF_RE.match(stripped):
                cond = frozenset({'windows'})
            else:
                cond = ALL
            stack.append((current, cond))
            current = current & cond
        elif re.match(r'#\s*else', stripped) or re.match(r'#\s*elif', stripped):
            if stack:
                outer, cond = stack[-1]
                current = outer & (ALL - cond if cond != ALL else ALL)
        elif re.match(r'#\s*endif', stripped):
            if stack:
                current, _ = stack.pop()
        yield number, line, current


def code_part(line):
    """The line without comments and string literals (good enough for a lint)."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r'/\*.*?\*/', '', line)
    return line.split('//')[0]


def check_file(root, rel, systems, mingw_dirs):
    problems = []
    with open(os.path.join(root, rel), encoding='utf-8') as f:
        text = f.read()
    # drop multi-line comments, keeping the line count
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    for number, line, compiled_for in guarded_lines(text):
        where = systems & compiled_for
        include = INCLUDE_RE.match(line)
        code = code_part(line)
        for system in sorted(where - {'linux'}):
            lacks = []
            if include:
                header = include.group(1)
                if LINUX_HEADERS_RE.match(header):
                    lacks.append('<%s>' % header)
                elif system == 'windows':
                    if header in POSIX_HEADERS:
                        lacks.append('<%s>' % header)
                    elif mingw_dirs and not LIBRARY_HEADER_RE.match(header) and \
                            not any(os.path.exists(os.path.join(d, header)) for d in mingw_dirs):
                        lacks.append('<%s> (not in MinGW-w64)' % header)
            else:
                lacks += [m.group(1) or m.group(2) for m in LINUX_CALL_RE.finditer(code)]
                if system == 'windows':
                    lacks += [m.group(1) or m.group(2) for m in POSIX_CALL_RE.finditer(code)]
            for what in lacks:
                problems.append('%s:%d: %s is not on %s, but meson builds this file there '
                                '(guard it, or build the file only where it works)' %
                                (rel, number, what, NAMES[system]))
    return problems


def mingw_include_dirs(cc):
    """The compiler's own #include <...> search path."""
    try:
        run = subprocess.run([cc, '-xc', '-E', '-v', '-'], input='', capture_output=True, text=True)
    except OSError:
        return []
    lines = run.stderr.splitlines()
    try:
        start = lines.index('#include <...> search starts here:') + 1
        end = lines.index('End of search list.')
    except ValueError:
        return []
    return [os.path.normpath(line.strip()) for line in lines[start:end]]


def read_allow_list(path):
    allowed = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#')[0].strip()
            if not line:
                continue
            rel, systems = line.split()
            allowed[rel] = frozenset(systems.split(','))
    return allowed


def main():
    if len(sys.argv) not in (3, 4):
        print('usage: check-portability.py SOURCE_ROOT ALLOW_LIST [MINGW_CC]', file=sys.stderr)
        return 2
    root, allow_path = sys.argv[1], sys.argv[2]
    mingw_dirs = []
    if len(sys.argv) == 4:
        mingw_dirs = [d for d in mingw_include_dirs(sys.argv[3]) if os.path.isdir(d)]
        if not mingw_dirs:
            print('%s gives no include path: install gcc-mingw-w64-x86-64-posix (build-aux/deps.sh)' %
                  sys.argv[3], file=sys.stderr)
            return 1
    meson = Meson(root)
    meson.walk('.', ALL)
    allowed = read_allow_list(allow_path)

    sources = []
    for directory, _, names in os.walk(os.path.join(root, 'src')):
        for name in names:
            if name.endswith(('.c', '.h')):
                sources.append(os.path.relpath(os.path.join(directory, name), root))
    problems = []
    restricted = {}
    for rel in sorted(sources):
        systems = meson.systems_of(rel)
        if systems != ALL:
            restricted[rel] = systems
        problems += check_file(root, rel, systems, mingw_dirs)

    for rel, systems in sorted(restricted.items()):
        if rel not in allowed:
            problems.append('%s: meson builds it only on %s, but the allow-list does not say so' %
                            (rel, ', '.join(NAMES[s] for s in sorted(systems)) or 'no system'))
        elif allowed[rel] != systems:
            problems.append('%s: the allow-list says %s, meson builds it on %s' %
                            (rel, ','.join(sorted(allowed[rel])), ','.join(sorted(systems))))
    for rel in sorted(set(allowed) - set(restricted)):
        problems.append('%s: in the allow-list, but meson builds it on every system (a guard went missing?)'
                        % rel)

    for problem in problems:
        print(problem)
    print('checked %d files under src/ (%d built on some systems only)' % (len(sources), len(restricted)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())

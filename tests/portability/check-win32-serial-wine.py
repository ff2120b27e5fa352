#!/usr/bin/env python3
# The Win32 serial port (src/engine/vesc/bw-vesc-serial-win32.c), built
# with MinGW-w64 into win32-serial-wine.exe, run under Wine against the
# simulated VESC: the simulator's pseudo-terminal becomes a COM port of a
# Wine prefix of our own (dosdevices/comN), so CreateFileW, SetCommState,
# WaitCommEvent, overlapped ReadFile/WriteFile and CancelIoEx all go
# through Wine's serial driver to the same VESC model the Linux tests use.
#
# Wine's serial driver is not usbser.sys: what this shows is that the code
# keeps the Win32 contract as Wine implements it (which is strict enough to
# have caught a read mode it does not honour). It cannot show that a
# second open is refused: Wine does not enforce the sharing mode on COM
# ports, real Windows does.
#
# usage: check-win32-serial-wine.py MINGW_CC SOURCE_ROOT BUILD_DIR VESC_SIM
import os
import shutil
import subprocess
import sys
import time

cc, root, build_dir, sim = sys.argv[1:5]
COM = 'com33'
results = []


def emit(ok, text):
    results.append(ok)
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(results), text))
    sys.stdout.flush()


def bail(text):
    print('Bail out! ' + text)
    sys.exit(1)


for tool in (cc, 'wine', 'wineserver'):
    if shutil.which(tool) is None:
        bail('no %s: install gcc-mingw-w64-x86-64-posix, wine and wine64 (build-aux/deps.sh)' % tool)

os.makedirs(build_dir, exist_ok=True)
exe = os.path.join(build_dir, 'win32-serial-wine.exe')
subprocess.run([cc, '-std=c11', '-O2', '-Werror', '-Wall', '-Wextra', '-Wno-unused-parameter',
                '-Wmissing-prototypes', '-Wshadow', '-I' + os.path.join(root, 'src', 'engine', 'vesc'),
                '-o', exe, os.path.join(root, 'tests', 'portability', 'win32-serial-wine.c'),
                os.path.join(root, 'src', 'engine', 'vesc', 'bw-vesc-serial-win32.c')], check=True)

env = dict(os.environ)
env.update({'WINEPREFIX': os.path.join(build_dir, 'wine-prefix'), 'WINEDEBUG': '-all',
            'WINEDLLOVERRIDES': 'mscoree,mshtml=', 'WINEARCH': 'win64'})
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)
# ASan's options are for our Linux programs (the simulator), not for Wine
env.pop('LD_PRELOAD', None)

print('1..17')
server = subprocess.Popen(['wineserver', '-f', '-p'], env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
vesc = None
try:
    # Output goes to files, not pipes: Wine's own services outlive the
    # program and would keep a pipe open.
    def start_wine(name, *args):
        out = open(os.path.join(build_dir, name + '.out'), 'w+')
        err = open(os.path.join(build_dir, name + '.err'), 'w+')
        process = subprocess.Popen(['wine', exe] + list(args), env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=err)
        return process, out, err

    def finish_wine(process, out, err):
        process.wait(timeout=180)

        class Run:
            pass
        run = Run()
        out.seek(0)
        err.seek(0)
        run.stdout, run.stderr, run.returncode = out.read(), err.read(), process.returncode
        out.close()
        err.close()
        return run

    def wine(name, *args):
        return finish_wine(*start_wine(name, *args))

    def report(run):
        for line in run.stdout.splitlines():
            if line.startswith('ok - '):
                emit(True, line[5:])
            elif line.startswith('not ok - '):
                emit(False, line[9:])
        if run.returncode != 0:
            for line in run.stderr.splitlines()[-20:]:
                print('# ' + line)

    start = time.monotonic()
    report(wine('missing', 'missing', 'COM9'))   # the first run also makes the prefix
    print('# Wine prefix ready and first run done in %.1f s' % (time.monotonic() - start))

    def plug():
        process = subprocess.Popen([sim], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = process.stdout.readline()
        if not line.startswith('port: '):
            bail('the simulator said %r' % line)
        link = os.path.join(env['WINEPREFIX'], 'dosdevices', COM)
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(line.split(': ', 1)[1].strip(), link)
        return process

    def unplug(process):
        process.terminate()
        out, _ = process.communicate(timeout=30)
        return out

    vesc = plug()
    # what usbser.sys does on Windows when the VESC enumerates; a value
    # that is no COM name string must be passed over
    for value, kind, data in (('\\Device\\BwTestVesc', 'REG_SZ', COM.upper()),
                              ('\\Device\\BwTestNotAPort', 'REG_DWORD', '7')):
        subprocess.run(['wine', 'reg', 'add', 'HKLM\\HARDWARE\\DEVICEMAP\\SERIALCOMM', '/v', value, '/t', kind,
                        '/d', data, '/f'], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
    report(wine('list', 'list', COM.upper()))
    start = time.monotonic()
    report(wine('exchange', 'exchange', COM.upper()))
    print('# exchange: %.2f s under Wine' % (time.monotonic() - start))
    summary = unplug(vesc)
    vesc = None
    emit('packets: 2, rejected bytes: 0' in summary,
         'the simulated VESC got two well-formed packets and no stray byte (%s)' % summary.strip().replace('\n', ', '))

    vesc = plug()
    waiter = start_wine('unplug', 'unplug', COM.upper())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and waiter[0].poll() is None:
        with open(waiter[1].name) as f:
            if 'open\n' in f.read():
                break
        time.sleep(0.1)
    time.sleep(0.5)
    unplug(vesc)
    vesc = None
    report(finish_wine(*waiter))
finally:
    if vesc is not None:
        vesc.kill()
        vesc.wait()
    subprocess.run(['wineserver', '-k'], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()

if len(results) != 17:
    print('# expected 17 results, got %d' % len(results))
    sys.exit(1)
sys.exit(0 if all(results) else 1)

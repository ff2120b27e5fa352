#!/bin/sh
# The Win32 serial port (src/engine/vesc/bw-vesc-serial-win32.c) built by a
# MinGW-w64 cross compiler against the real Win32 headers, with the
# project's warnings as errors, then linked into a Windows program against
# Windows' import libraries. It needs no GLib (see bw-vesc-serial-port.h),
# which Debian has no Windows build of.
#
# usage: check-win32-serial.sh MINGW_CC SOURCE_ROOT SCRATCH_DIR
set -eu
cc=$1
root=$2
out=$3

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "no $cc: install gcc-mingw-w64-x86-64-posix (build-aux/deps.sh)" >&2
  exit 1
fi
mkdir -p "$out"
flags="-std=c11 -O2 -Werror -Wall -Wextra -Wmissing-prototypes -Wmissing-declarations -Wshadow
  -Wformat=2 -Wformat-nonliteral -Wformat-security -Wswitch-default -Wstrict-prototypes
  -Wold-style-definition -Wpointer-arith -Wundef -Wcast-align -Wredundant-decls -Wnested-externs
  -Wimplicit-function-declaration -Wno-unused-parameter -Wno-missing-field-initializers
  -I$root/src/engine/vesc"

# shellcheck disable=SC2086
"$cc" $flags -c "$root/src/engine/vesc/bw-vesc-serial-win32.c" -o "$out/bw-vesc-serial-win32.o"
# shellcheck disable=SC2086
"$cc" $flags -c "$root/tests/portability/win32-serial-link.c" -o "$out/win32-serial-link.o"
"$cc" -o "$out/win32-serial-link.exe" "$out/win32-serial-link.o" "$out/bw-vesc-serial-win32.o"

# a PE32+ program for x86-64 that imports the serial calls from kernel32
objdump=$(dirname "$(command -v "$cc")")/x86_64-w64-mingw32-objdump
imports=$("$objdump" -p "$out/win32-serial-link.exe")
echo "$imports" | grep -q 'file format pei-x86-64'
for call in CreateFileW SetCommState SetCommTimeouts ReadFile WriteFile GetOverlappedResult CancelIoEx \
            WaitForMultipleObjects PurgeComm ClearCommError RegOpenKeyExW RegEnumValueW; do
  if ! echo "$imports" | grep -q "[[:space:]]$call\$"; then
    echo "the program does not import $call" >&2
    exit 1
  fi
done
echo "bw-vesc-serial-win32.c: compiled and linked for x86_64-w64-mingw32 ($(wc -c < "$out/win32-serial-link.exe") bytes)"

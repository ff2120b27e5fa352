#!/usr/bin/env bash
# tests/data/test-potfiles.sh must fail when a file with translatable
# strings is left out of po/POTFILES.in: run it on a scratch tree (the real
# sources, a POTFILES.in without one line) for a C file, a .ui file and a
# data template, and once on an unchanged copy, which must pass.
#
# usage: check-potfiles-catches-missing.sh SOURCE_ROOT TEST_POTFILES
set -uo pipefail
top=$1 checker=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/bootwire-potfiles.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/po"
for dir in src ui data; do ln -s "$top/$dir" "$work/$dir"; done
status=0

cp "$top/po/POTFILES.in" "$work/po/POTFILES.in"
if ! output=$(bash "$checker" "$work" 2>&1); then
  echo "FAIL: the unchanged POTFILES.in does not pass: $output"
  status=1
fi

for kind in '\.c$' '\.ui$' '\.in$'; do
  left_out=$(grep -E "$kind" "$top/po/POTFILES.in" | head -n 1)
  [ -n "$left_out" ] || { echo "FAIL: no $kind file in POTFILES.in to leave out"; status=1; continue; }
  grep -vxF "$left_out" "$top/po/POTFILES.in" > "$work/po/POTFILES.in"
  if output=$(bash "$checker" "$work" 2>&1); then
    echo "FAIL: without $left_out the check passes"
    status=1
  elif ! grep -qF "not in po/POTFILES.in: $left_out" <<<"$output"; then
    echo "FAIL: without $left_out the check fails without naming it: $output"
    status=1
  else
    echo "ok: leaving out $left_out fails: $output"
  fi
done

# A listed file that does not exist fails too.
{ cat "$top/po/POTFILES.in"; echo src/gui/bw-no-such-file.c; } > "$work/po/POTFILES.in"
if output=$(bash "$checker" "$work" 2>&1) || ! grep -q 'listed but missing: src/gui/bw-no-such-file.c' <<<"$output"; then
  echo "FAIL: a listed file that does not exist is not reported"
  status=1
fi
exit $status

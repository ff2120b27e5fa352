#!/usr/bin/env bash
# bootwire-allow-probe-access, the pkexec helper, run against a fake udevadm
# and a scratch rules directory: what it writes, what it asks udev, and the
# exit status and message of each way it can fail.
#
# usage: check-allow-probe-access.sh DESTDIR HELPER
set -uo pipefail
destdir=$1 helper=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/bootwire-helper.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
shell=$(command -v sh)

fail () { echo "FAIL: $*"; status=1; }

# The rule the helper copies by default is the one the install put in place.
default_source=$(sed -n 's/^rule_source=\${BOOTWIRE_RULE_SOURCE:-\(.*\)}$/\1/p' "$helper")
[ -n "$default_source" ] || fail "no default rule path in $helper"
[ -f "$destdir$default_source" ] || fail "the helper's default rule $default_source was not installed"
rule=$destdir$default_source

mkdir -p "$work/bin" "$work/bare"
cat > "$work/bin/udevadm" <<'SH'
#!/bin/sh
echo "$*" >> "$FAKE_UDEVADM_LOG"
case "$1" in "$FAKE_UDEVADM_FAIL") exit 1 ;; esac
exit 0
SH
chmod +x "$work/bin/udevadm"
for tool in cp chmod mv mkdir rm; do ln -s "$(command -v $tool)" "$work/bare/$tool"; done

# run NAME EXPECTED_STATUS [VAR=VALUE...]: the helper in a clean environment
run () {
  local name=$1 expected=$2
  shift 2
  : > "$work/log"
  env -i PATH="$work/bin:$PATH" FAKE_UDEVADM_LOG="$work/log" FAKE_UDEVADM_FAIL=none \
    BOOTWIRE_RULE_SOURCE="$rule" BOOTWIRE_RULES_DIR="$work/etc/udev/rules.d" "$@" \
    "$shell" "$helper" > "$work/out" 2> "$work/err"
  local got=$?
  if [ $got -ne "$expected" ]; then
    fail "$name: exit status $got, expected $expected"
    sed 's/^/  /' "$work/out" "$work/err"
  else
    echo "ok: $name (exit $got)"
  fi
}

run "installs the rule" 0
cmp -s "$rule" "$work/etc/udev/rules.d/70-bootwire-stlink.rules" || fail "the copied rule differs"
[ "$(stat -c %a "$work/etc/udev/rules.d/70-bootwire-stlink.rules")" = 644 ] || fail "the rule is not mode 644"
ls -A "$work/etc/udev/rules.d" | grep -qv '^70-bootwire-stlink.rules$' && fail "left a temporary file behind"
diff -u - "$work/log" <<'LOG' || fail "udevadm calls differ"
control --reload-rules
trigger --action=change --subsystem-match=usb --attr-match=idVendor=0483
settle --timeout=10
LOG
grep -q 'installed .*70-bootwire-stlink.rules' "$work/out" || fail "no success message"

run "installs again over an existing rule" 0

env -i PATH="$PATH" sh "$helper" --force > /dev/null 2> "$work/err"
[ $? -eq 64 ] && grep -q 'takes no arguments' "$work/err" || fail "arguments: no clear refusal"

run "the installed rule is missing" 2 BOOTWIRE_RULE_SOURCE="$work/nowhere.rules"
grep -q "$work/nowhere.rules is missing" "$work/err" && grep -q reinstall "$work/err" ||
  fail "missing rule: message does not name the file and the fix"

run "udevadm is not installed" 4 PATH="$work/bare"
grep -q 'udevadm was not found' "$work/err" || fail "no udevadm: unclear message"

run "udevadm cannot reload the rules" 4 FAKE_UDEVADM_FAIL=control
grep -q "the rule is in $work/etc/udev/rules.d/70-bootwire-stlink.rules" "$work/err" &&
  grep -q replug "$work/err" || fail "reload failure: message does not say where the rule is and what to do"

run "udevadm cannot trigger" 4 FAKE_UDEVADM_FAIL=trigger
grep -q "'udevadm trigger' failed" "$work/err" || fail "trigger failure: unclear message"

run "udev still busy after settle is only a warning" 0 FAKE_UDEVADM_FAIL=settle
grep -q 'still busy' "$work/err" || fail "settle timeout: no warning"

touch "$work/file"
run "the rules directory cannot be written" 3 BOOTWIRE_RULES_DIR="$work/file/rules.d"
grep -q 'must run as root, through pkexec' "$work/err" || fail "unwritable directory: unclear message"
[ -s "$work/log" ] && fail "udevadm was called although the rule was not written"

exit $status

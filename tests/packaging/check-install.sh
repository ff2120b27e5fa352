#!/usr/bin/env bash
# Installs the build into a scratch DESTDIR and validates what lands there:
# the file list, the desktop entry, the AppStream metainfo, the GSettings
# schemas, the udev rule, the polkit action, the pkexec helper, the icons,
# the man page and the bash completion. TAP output, one line per check.
#
# usage: check-install.sh MESON BUILD_ROOT SOURCE_ROOT EXPECTED_LIST PREFIX APP_ID
set -uo pipefail
meson=$1 build_root=$2 source_root=$3 expected_list=$4 prefix=$5 app_id=$6

destdir=$(mktemp -d "${TMPDIR:-/tmp}/bootwire-install.XXXXXX")
trap 'rm -rf "$destdir"' EXIT
root=$destdir$prefix
number=0
failed=0

# check NAME COMMAND...: one TAP line; the command's output as diagnostics
check () {
  local name=$1 output status
  shift
  number=$((number + 1))
  output=$("$@" 2>&1)
  status=$?
  if [ $status -eq 0 ]; then
    echo "ok $number - $name"
  else
    echo "not ok $number - $name"
    failed=$((failed + 1))
  fi
  [ -n "$output" ] && sed 's/^/# /' <<<"$output"
  return 0
}

do_install () {
  DESTDIR=$destdir "$meson" install -C "$build_root" --no-rebuild --quiet
}

file_list () {
  diff -u <(grep -vE '^(#|$)' "$expected_list" | sort) \
          <(cd "$destdir" && find . -type f -o -type l | sed 's|^\.||' | sort)
}

desktop_files () {
  local file count=0
  for file in "$root"/share/applications/*.desktop; do
    [ -f "$file" ] || continue
    count=$((count + 1))
    # the validator prints hints and errors alike: any output fails
    local out
    out=$(desktop-file-validate "$file" 2>&1) || { echo "$out"; return 1; }
    [ -z "$out" ] || { echo "$out"; return 1; }
    grep -qx "Icon=$app_id" "$file" || { echo "$file: Icon= is not $app_id"; return 1; }
    grep -qx "Exec=bootwire" "$file" || { echo "$file: Exec= is not bootwire"; return 1; }
    grep -q '^Name\[de\]=' "$file" && grep -q '^Comment\[de\]=' "$file" &&
      grep -q '^Comment\[es\]=' "$file" && grep -q '^Keywords\[es\]=' "$file" ||
      { echo "$file: no German or Spanish Name/Comment/Keywords"; return 1; }
  done
  [ "$count" -eq 1 ] || { echo "expected one desktop entry, found $count"; return 1; }
}

metainfo () {
  local file=$root/share/metainfo/$app_id.metainfo.xml out
  out=$(appstreamcli validate --no-net --no-color "$file" 2>&1)
  local status=$?
  echo "$out"
  [ $status -eq 0 ] || return 1
  # errors, warnings and infos all fail; only pedantic notes may remain
  ! grep -qE '^[EWI]: ' <<<"$out" || return 1
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$file" || return 1
  grep -q '<summary xml:lang="de">' "$file" && grep -q '<p xml:lang="es">' "$file" ||
    { echo "the metainfo has no German or Spanish text"; return 1; }
  # every screenshot is a PNG in this tree, at the path its URL names
  local url path count=0
  for url in $(grep -oE '<image>[^<]+</image>' "$file" | sed 's/<[^>]*>//g'); do
    path=$source_root/${url#https://raw.githubusercontent.com/bootwire/bootwire/main/}
    [ "$path" != "$source_root/$url" ] || { echo "screenshot $url is not in this repository"; return 1; }
    [ "$(head -c 8 "$path" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
      { echo "screenshot $url: $path is not a PNG"; return 1; }
    count=$((count + 1))
  done
  [ $count -ge 1 ] || { echo "no screenshots"; return 1; }
  echo "$count screenshots, each a PNG in data/screenshots"
}

schemas () {
  local dir=$root/share/glib-2.0/schemas file count=0
  for file in "$dir"/*.gschema.xml; do
    [ -f "$file" ] || continue
    count=$((count + 1))
    glib-compile-schemas --strict --dry-run --schema-file="$file" || { echo "invalid: $file"; return 1; }
  done
  if [ $count -gt 0 ]; then
    glib-compile-schemas --strict --dry-run "$dir" || return 1
  fi
  echo "$count schema file(s) valid"
}

udev_rule () {
  local rule=$(find "$destdir" -name 70-bootwire-stlink.rules)
  [ -n "$rule" ] || { echo "no 70-bootwire-stlink.rules installed"; return 1; }
  if command -v udevadm >/dev/null && udevadm verify --help >/dev/null 2>&1; then
    udevadm verify --resolve-names=never "$rule" || return 1
  else
    echo "udevadm verify is not available here: only the strict check below runs"
  fi
  python3 "$source_root/tests/packaging/check-udev-rules.py" "$rule" \
    "$root/share/metainfo/$app_id.metainfo.xml" "$source_root/src/engine/probe/bw-probe-info.c"
}

polkit_action () {
  python3 - "$root/share/polkit-1/actions/io.github.bootwire.Bootwire.policy" "$destdir" <<'PY'
import os, sys, xml.etree.ElementTree as ET
path, destdir = sys.argv[1:3]
root = ET.parse(path).getroot()
assert root.tag == 'policyconfig', root.tag
actions = root.findall('action')
assert [a.get('id') for a in actions] == ['io.github.bootwire.Bootwire.allow-probe-access'], actions
action = actions[0]
annotations = {a.get('key'): a.text for a in action.findall('annotate')}
helper = annotations.get('org.freedesktop.policykit.exec.path')
assert helper and os.path.isabs(helper), f'exec.path annotation: {helper!r}'
assert os.access(destdir + helper, os.X_OK), f'{helper} is not installed as an executable'
lang = '{http://www.w3.org/XML/1998/namespace}lang'
messages = {m.get(lang): m.text for m in action.findall('message')}
assert None in messages and 'de' in messages and 'es' in messages, f'message languages: {list(messages)}'
defaults = action.find('defaults')
assert defaults.find('allow_active').text.startswith('auth_admin'), 'only administrators may install a udev rule'
print(f'pkexec runs {helper}; message in {sorted(k or "C" for k in messages)}')
PY
}

icons () {
  local svg size png=$destdir/icon.png
  for svg in "$root/share/icons/hicolor/scalable/apps/$app_id.svg" \
             "$root/share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"; do
    for size in 16 64 256; do
      rsvg-convert -w $size -h $size "$svg" -o "$png" || { echo "cannot render $svg"; return 1; }
      [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] || return 1
    done
  done
  # a symbolic icon is one colour, recoloured by the theme
  local colours
  colours=$(grep -oE '#[0-9a-fA-F]{3,6}' "$root/share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" | sort -u)
  [ "$(wc -l <<<"$colours")" -eq 1 ] || { echo "symbolic icon uses colours: $colours"; return 1; }
}

man_page () {
  local page=$root/share/man/man1/bootwire-cli.1 warnings
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  [ -z "$warnings" ] || { echo "$warnings"; return 1; }
}

bash_completion () {
  local file
  file=$(find "$destdir" -path '*/bash-completion/completions/bootwire-cli')
  [ -n "$file" ] || return 1
  bash -c "source '$file' && complete -p bootwire-cli"
}

echo "TAP version 13"
check "meson install into a DESTDIR" do_install
check "installed files are exactly $(basename "$expected_list")" file_list
check "desktop-file-validate, translated entry" desktop_files
check "appstreamcli validate --no-net: no errors, warnings or infos" metainfo
check "glib-compile-schemas --strict on the installed schemas" schemas
check "udev rule: syntax, uaccess, every ST-Link product" udev_rule
check "polkit action for the pkexec helper" polkit_action
check "icons render as PNG at 16, 64 and 256 px" icons
check "man page: groff without warnings" man_page
check "bash completion loads" bash_completion
BOOTWIRE_TEST_DESTDIR=$destdir check "pkexec helper: installs the rule and reloads udev; fails clearly" \
  bash "$source_root/tests/packaging/check-allow-probe-access.sh" "$destdir" "$(find "$destdir" -name bootwire-allow-probe-access)"
echo "1..$number"
[ $failed -eq 0 ]

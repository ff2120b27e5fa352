#!/usr/bin/env bash
# Every file with translatable strings is listed in po/POTFILES.in, and every
# listed file exists. Translatable means: a gettext call in C (_, N_, C_, NC_,
# Q_, ngettext and the g_d*gettext family), translatable="yes" in a GtkBuilder
# file, or one of the data templates msgfmt merges translations into (desktop
# entry, AppStream metainfo, polkit action, GSettings schema).
set -euo pipefail
top=$1
cd "$top"
status=0

# A generous pattern: a stray match only asks for a POTFILES line, while a
# missed file would ship untranslated.
c_call='(^|[^A-Za-z0-9_])(N_|_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2?|g_dcgettext)[[:space:]]*\([[:space:]]*"'
while read -r file; do
  if ! grep -qxF "$file" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $file"
    status=1
  fi
done < <(
  {
    grep -rlE --include='*.c' --include='*.h' "$c_call" src || true
    grep -rl --include='*.ui' 'translatable="yes"' src ui || true
    find -H data -name '*.desktop.in*' -o -name '*.metainfo.xml.in*' -o -name '*.policy.in*'
    find -H data -name '*.gschema.xml*' -exec grep -lE '<(summary|description)' {} +
  } | sort -u
)

while read -r file; do
  case "$file" in ''|'#'*) continue ;; esac
  [ -f "$file" ] || { echo "listed but missing: $file"; status=1; }
done < po/POTFILES.in

duplicates=$(grep -vE '^(#|$)' po/POTFILES.in | sort | uniq -d)
if [ -n "$duplicates" ]; then
  echo "listed twice: $duplicates"
  status=1
fi
exit $status

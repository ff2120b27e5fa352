#!/usr/bin/env bash
# The translations: po/LINGUAS and the .po files agree, each .po compiles
# with msgfmt -c --check-format (header, plural forms, printf formats that
# match the English), names its language, and is in UTF-8. TAP output.
#
# usage: check-po.sh SOURCE_ROOT
set -uo pipefail
cd "$1/po"
number=0
failed=0

report () {
  number=$((number + 1))
  if [ "$1" -eq 0 ]; then echo "ok $number - $2"; else echo "not ok $number - $2"; failed=$((failed + 1)); fi
}

echo "TAP version 13"
languages=$(grep -vE '^(#|$)' LINGUAS | sort)
files=$(ls -1 *.po 2>/dev/null | sed 's/\.po$//' | sort)
[ "$languages" = "$files" ]
report $? "po/LINGUAS lists exactly the .po files ($(echo $languages))"
[ -n "$languages" ]
report $? "there is at least one translation"

for language in $languages; do
  output=$(msgfmt --check --check-format --statistics --output-file=/dev/null "$language.po" 2>&1)
  status=$?
  echo "# $language.po: $output"
  report $status "$language.po compiles with msgfmt -c --check-format"
  grep -qx "\"Language: $language\\\\n\"" "$language.po" &&
    grep -qx '"Content-Type: text/plain; charset=UTF-8\\n"' "$language.po"
  report $? "$language.po names its language and is UTF-8"
done
echo "1..$number"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# Every source file with translatable strings is listed in po/POTFILES.in,
# and every listed file exists.
set -euo pipefail
top=$1
cd "$top"
status=0
while read -r file; do
  if ! grep -qxF "$file" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $file"
    status=1
  fi
done < <(grep -rlE '\b(N_|_)\("' src --include='*.c' | sort)
while read -r file; do
  case "$file" in ''|'#'*) continue ;; esac
  [ -f "$file" ] || { echo "listed but missing: $file"; status=1; }
done < po/POTFILES.in
exit $status

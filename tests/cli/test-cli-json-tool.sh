#!/usr/bin/env bash
# Every real image's --json output is valid JSON to an independent parser.
set -euo pipefail
cli=$1 real=$2
for f in "$real"/*.hex "$real"/*.bin; do
  "$cli" inspect --json "$f" | python3 -m json.tool > /dev/null
done
# and so is the error report of a damaged file
set +e
"$cli" inspect --json "$BW_TEST_FILES/bad-checksum.hex" 2>/dev/null > "${TMPDIR:-/tmp}/bw-json-$$"
status=$?
set -e
python3 -m json.tool "${TMPDIR:-/tmp}/bw-json-$$" > /dev/null
rm -f "${TMPDIR:-/tmp}/bw-json-$$"
[ "$status" -eq 2 ]

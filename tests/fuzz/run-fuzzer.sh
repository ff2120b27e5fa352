#!/usr/bin/env bash
# run-fuzzer.sh FUZZER SEED_DIR EXTRA_SEED_DIR SECONDS [LIBFUZZER_OPTION...]
# Runs a libFuzzer target for a bounded time on a scratch copy of its seed
# corpus (plus the real .hex images of EXTRA_SEED_DIR; "-" for none); any
# crash, leak or sanitizer report makes it exit non-zero.
set -euo pipefail
fuzzer=$(readlink -f "$1") seeds=$2 extra=$3 seconds=$4
shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$seeds"/* "$work/corpus/"
if [ "$extra" != - ] && [ -d "$extra" ]; then
  for f in "$extra"/*.hex; do
    [ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$work/corpus/"
  done
fi
cd "$work"
"$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/" "$@" corpus

#!/usr/bin/env bash
# run-long.sh [BUILD_DIR] [RUNS]: runs every libFuzzer target for RUNS inputs
# (default 1000000), one after the other on one core, and prints one line a
# target: inputs, seconds, corpus size and whether it crashed. Crashing
# inputs are kept in BUILD_DIR/fuzz-artifacts. Needs a clang build with
# -Dfuzzing=true (build-aux/test makes _build-fuzz).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(readlink -f "${1:-$top/_build-fuzz}")
runs=${2:-1000000}
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
printf '| target | inputs | seconds | inputs/s | corpus | result |\n|---|---|---|---|---|---|\n'
for target in ihex-reader stlink-replies profiles sim-scenario; do
  extra=-
  [ "$target" = ihex-reader ] && extra="$top/../shared/testdata/real"
  log="$build/fuzz-long-$target.log"
  start=$(date +%s)
  "$top/tests/fuzz/run-fuzzer.sh" "$build/tests/fuzz/fuzz-$target" "$top/tests/fuzz/corpus/$target" "$extra" 0 \
    -runs="$runs" -artifact_prefix="$artifacts/$target-" > "$log" 2>&1
  rc=$?
  seconds=$(( $(date +%s) - start ))
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$rc" -eq 0 ]; then result="no crash"; else result="FAILED (exit $rc, see $log)"; status=1; fi
  printf '| fuzz-%s | %s | %s | %s | %s | %s |\n' "$target" "${executed:-?}" "$seconds" \
    "$(( ${executed:-0} / (seconds > 0 ? seconds : 1) ))" "${corpus:-?}" "$result"
done
exit $status

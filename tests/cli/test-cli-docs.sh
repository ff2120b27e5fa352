#!/usr/bin/env bash
# The man page and the bash completion know every command of bootwire-cli
# and the man page every exit status; both are well formed.
set -euo pipefail
top=$1 cli=$2
status=0
commands=$(sed -n 's/^  { "\([a-z-]*\)", bw_cli_.*/\1/p' "$top/src/cli/bw-cli.c")
[ -n "$commands" ] || { echo "no commands found in bw-cli.c"; exit 1; }
help=$("$cli" --help)
for c in $commands; do
  grep -q "^\.B $c\b" "$top/doc/bootwire-cli.1" || { echo "man page lacks command $c"; status=1; }
  grep -q "commands=\".*\b$c\b" "$top/data/completions/bootwire-cli" || { echo "completion lacks $c"; status=1; }
  grep -q "^  $c " <<< "$help" || { echo "--help lacks $c"; status=1; }
done
# every option of every command, as its --help lists it, in the man page and
# in the completion's list for that command
for c in $commands; do
  options=$("$cli" "$c" --help | sed -n 's/^  \(-[a-z], \)\?\(--[a-z-]*\).*/\2/p' | grep -v '^--help')
  [ -n "$options" ] || { echo "$c --help lists no options"; status=1; }
  line=$(sed -n "s/^ *\([a-z|-]*\)) options=\"\(.*\)\" ;;\$/\1 \2/p" "$top/data/completions/bootwire-cli" |
         awk -v c="$c" '{ split($1, names, "|"); for (i in names) if (names[i] == c) { $1 = ""; print } }')
  common=$(sed -n 's/^ *local common="\(.*\)"$/\1/p' "$top/data/completions/bootwire-cli")
  line=${line//\$common/$common}
  for o in $options; do
    grep -q -- "${o//-/\\\\-}" "$top/doc/bootwire-cli.1" || { echo "man page lacks $o (of $c)"; status=1; }
    [[ " $line " == *" $o "* ]] || { echo "completion lacks $o for $c"; status=1; }
  done
done
grep -q 'SERIAL\\fR|\\fPall' "$top/doc/bootwire-cli.1" || { echo "man page lacks --probe all"; status=1; }
grep -q 'compgen -W "all"' "$top/data/completions/bootwire-cli" || { echo "completion lacks --probe all"; status=1; }
for code in $(sed -n 's/^  BW_CLI_EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$top/src/cli/bw-cli-commands.h"); do
  grep -qx "\.B $code" "$top/doc/bootwire-cli.1" ||
    { echo "man page lacks exit status $code"; status=1; }
done
if command -v groff > /dev/null; then
  warnings=$(LC_ALL=C.UTF-8 groff -man -ww -z "$top/doc/bootwire-cli.1" 2>&1) || true
  [ -z "$warnings" ] || { echo "groff: $warnings"; status=1; }
fi
bash -n "$top/data/completions/bootwire-cli" || status=1
exit $status

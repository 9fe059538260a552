#!/bin/sh
# bench/same.sh: do two amrc binaries behave the same? For performance work:
# every change must leave what amrc prints and its exit status as they were.
#
#   sh bench/same.sh OLD_AMRC NEW_AMRC [PLAN.amr ...]
#
# Runs both on every golden test (with its NAME.args and NAME.input), on the
# Achterhoek example and on the plans given (say a generated one), with
# --check, every --emit format (--force), JSON and SARIF diagnostics and a
# few warning options, and compares stdout, stderr and the exit status byte
# for byte. Prints the differences and exits 1 if there are any.
set -u
[ $# -ge 2 ] || { echo "usage: $0 OLD_AMRC NEW_AMRC [PLAN.amr ...]" >&2; exit 2; }
old=$1 new=$2
shift 2
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=0 diffs=0

one() { # ARGS... (the last one is the plan)
  "$old" --color=never "$@" >"$tmp/o1" 2>"$tmp/e1"; echo $? >"$tmp/s1"
  "$new" --color=never "$@" >"$tmp/o2" 2>"$tmp/e2"; echo $? >"$tmp/s2"
  runs=$((runs + 1))
  if ! cmp -s "$tmp/o1" "$tmp/o2" || ! cmp -s "$tmp/e1" "$tmp/e2" || ! cmp -s "$tmp/s1" "$tmp/s2"; then
    diffs=$((diffs + 1))
    echo "DIFFERENT: amrc $*"
    diff "$tmp/s1" "$tmp/s2" | head -4
    diff "$tmp/e1" "$tmp/e2" | head -10
    diff "$tmp/o1" "$tmp/o2" | head -10
  fi
}

for src in $(find tests/golden -name '*.amr' -not -path '*/inc/*' | LC_ALL=C sort); do
  base=${src%.amr}
  case "$base" in */_*) continue ;; esac
  args="--check"
  [ -f "$base.args" ] && args=$(cat "$base.args")
  input=$src
  [ -f "$base.input" ] && input=$(cat "$base.input")
  # shellcheck disable=SC2086
  one $args "$input"
  one --diagnostics-format=json "$input"
  one -q --force --emit=json "$input"
done

for plan in examples/achterhoek/plan.amr "$@"; do
  one --check "$plan"
  one --diagnostics-format=json "$plan"
  one --diagnostics-format=sarif "$plan"
  one -Wno-prefinancing -Werror=structural-balance "$plan"
  one --max-errors=3 "$plan"
  for f in table summary markdown csv csv-balances json header html risks risks-markdown; do
    one -q --force --emit=$f "$plan"
  done
done
echo "same.sh: $runs runs, $diffs different"
[ $diffs = 0 ]

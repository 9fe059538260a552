#!/bin/sh
# fuzz/valgrind.sh [AMRC [PLAN]]: amrc under valgrind on the example plan,
# the check in every diagnostics format and every back end (`make
# check-valgrind`). Any error or leak, of any kind, fails it. The plan has
# findings of its own, so amrc runs with --force and exits 1; valgrind's
# own finding is exit status 9.
set -u
cd "$(dirname "$0")/.." || exit 2
amrc=${1:-./amrc}
plan=${2:-examples/achterhoek/plan.amr}
vg=${VALGRIND:-valgrind}
if ! command -v "$vg" >/dev/null 2>&1; then
  echo "check-valgrind: skipped: $vg is not installed"
  exit 0
fi
# Output goes to files in a folder of our own: never `-o /dev/null`, which
# amrc would replace by a regular file (it writes a temp file and renames).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
help=$("$amrc" --help)
source=$(sed -n 's/^source \([A-Za-z_][A-Za-z0-9_]*\) .*/\1/p' examples/achterhoek/sources.amr | head -1)
# The runs go side by side, as many at once as there are cores (one after
# another they took 44 s on two): each writes its own files, and they are
# reported in the order they were started.
jobs=$(nproc 2>/dev/null || echo 2)
n=0
run() {
  n=$((n + 1))
  echo "$*" >"$work/$n.args"
  # shellcheck disable=SC2068
  { "$vg" -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
      --track-origins=yes --error-exitcode=9 "$amrc" -q --force $@ "$plan" \
      >"$work/$n.stdout" 2>"$work/$n.log"
    echo $? >"$work/$n.status"; } &
  [ $((n % jobs)) -ne 0 ] || wait
}
for f in text github sarif json; do
  run --check --diagnostics-format=$f
done
for f in table summary markdown csv csv-balances json header html risks risks-markdown xlsx; do
  # only the formats this amrc has
  printf '%s\n' "$help" | tr ' ,' '\n\n' | grep -qx "$f" || continue
  run --emit=$f
done
run --emit=table --lang=en
run --emit=csv --csv-dialect=excel-nl
run --emit=header --prefix=plan
if printf '%s\n' "$help" | grep -q -- --scenario && [ -n "$source" ]; then
  run --emit=risks --scenario "$source=50"
  printf '%s\n' "$help" | tr ' ,' '\n\n' | grep -qx html &&
    run --emit=html --scenario "$source=80"
fi
# Output through a file: the temp file and rename of output.c.
run --emit=json -o "$work/plan.json"
wait
fail=0
k=0
while [ $k -lt $n ]; do
  k=$((k + 1))
  rc=$(cat "$work/$k.status")
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "check-valgrind: FAIL (exit $rc): amrc --force $(cat "$work/$k.args") $plan"
    grep '^==' "$work/$k.log" | head -60
    fail=1
  else
    echo "check-valgrind: ok: amrc --force $(cat "$work/$k.args")"
  fi
done
exit $fail

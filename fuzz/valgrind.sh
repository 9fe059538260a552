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
log=$work/valgrind.log
trap 'rm -rf "$work"' EXIT
help=$("$amrc" --help)
source=$(sed -n 's/^source \([A-Za-z_][A-Za-z0-9_]*\) .*/\1/p' examples/achterhoek/sources.amr | head -1)
fail=0
run() {
  # shellcheck disable=SC2068
  "$vg" -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
    --track-origins=yes --error-exitcode=9 "$amrc" -q --force $@ "$plan" >"$work/stdout" 2>"$log"
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
    echo "check-valgrind: FAIL (exit $rc): amrc --force $* $plan"
    grep '^==' "$log" | head -60
    fail=1
  else
    echo "check-valgrind: ok: amrc --force $*"
  fi
}
for f in text github sarif json; do
  run --check --diagnostics-format=$f
done
for f in table summary markdown csv csv-balances json header html risks risks-markdown; do
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
exit $fail

#!/bin/sh
# amrc expect --update beyond its golden cases (tests/golden/expect/RUN, run
# by tests/golden.sh):
#  1. On a copy of the example, after the update `amrc --check` reports no
#     `expectation` finding left (there were some) and every other finding
#     as before; a read-only file is refused and left whole.
#  2. Usage errors.
set -u
. "$(dirname "$0")/prologue.sh"
dir=tests/golden/expect
pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# 1. the example
rm -rf "$tmp/ex"
cp -r examples/achterhoek "$tmp/ex"
# the other findings (their names, in order) must stay as they were: a
# broken file would give a syntax error and no expectation finding at all
names() { grep -o '"name":"[a-z-]*"' "$1" | grep -v '"name":"expectation"'; }
(cd "$tmp/ex" && "$amrc" --check --diagnostics-format=json plan.amr >"$tmp/before.json" 2>/dev/null)
if (cd "$tmp/ex" && "$amrc" expect --update plan.amr >"$tmp/out" 2>"$tmp/err"); then
  (cd "$tmp/ex" && "$amrc" --check --diagnostics-format=json plan.amr >"$tmp/after.json" 2>/dev/null)
  rc=$?
  left=$(grep -c '"name":"expectation"' "$tmp/after.json")
  before=$(grep -c '"name":"expectation"' "$tmp/before.json")
  if [ "$rc" -le 1 ] && [ "$before" -gt 0 ] && [ "$left" = 0 ] &&
     [ "$(names "$tmp/before.json")" = "$(names "$tmp/after.json")" ] &&
     grep -q 'stated totals updated in 1 file' "$tmp/err"; then
    pass=$((pass + 1))
  else
    bad "example: $before expectation findings before the update, $left after (exit $rc)"
    cat "$tmp/err"
  fi
else
  bad "example: the update failed"; cat "$tmp/err"
fi
rm -rf "$tmp/ro"
mkdir "$tmp/ro"
cp "$dir/inc/printed/plan.amr" "$tmp/ro/"
chmod a-w "$tmp/ro/plan.amr"
(cd "$tmp/ro" && "$amrc" expect --update plan.amr >"$tmp/out" 2>"$tmp/err")
rc=$?
if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && cmp -s "$dir/inc/printed/plan.amr" "$tmp/ro/plan.amr" &&
   grep -q "read-only" "$tmp/err" && grep -q "1 file left as it was" "$tmp/err"; then
  pass=$((pass + 1))
else
  bad "a read-only file: status $rc"; cat "$tmp/err"
fi

# 2. usage
for args in "" "plan.amr" "--update" "--update a.amr b.amr" "--update --bogus x.amr" "--update -"; do
  # shellcheck disable=SC2086
  "$amrc" expect $args >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ $rc = 2 ] && [ ! -s "$tmp/out" ] && grep -q "^amrc expect: " "$tmp/err"; then
    pass=$((pass + 1))
  else
    bad "usage '$args': status $rc"
  fi
done
"$amrc" expect --help | grep -q "^usage: amrc expect --update" && pass=$((pass + 1)) || bad "--help"

echo "expect: $pass passed, $fail failed"
[ $fail = 0 ]

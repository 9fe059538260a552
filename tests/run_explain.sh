#!/bin/sh
# amrc explain on every project of the example and on the small plans of
# tests/golden/explain/inc/ (NAME.amr with its project in NAME.args): text
# and JSON compared with OUT.txt and OUT.json under tests/golden/explain/;
# the JSON must parse (python3, a test-only tool; skipped without it). Then
# the usage errors. UPDATE=1 rewrites the expectations.
set -u
. "$(dirname "$0")/prologue.sh"
dir=tests/golden/explain
pass=0
fail=0

check() { # NAME PLAN ARGS...
  name=$1
  plan=$2
  shift 2
  ok=1
  for f in text:txt json:json; do
    # shellcheck disable=SC2086
    $amrc explain --format=${f%%:*} "$plan" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc != 0 ]; then
      echo "FAIL: $name: exit status $rc"; cat "$tmp/err"; ok=0; continue
    fi
    if [ "${UPDATE:-0}" = 1 ]; then cp "$tmp/out" "$dir/$name.${f#*:}"; continue; fi
    if ! cmp -s "$dir/$name.${f#*:}" "$tmp/out"; then
      echo "FAIL: $dir/$name.${f#*:}"; diff -u "$dir/$name.${f#*:}" "$tmp/out" | head -30; ok=0
    fi
    if [ "${f%%:*}" = json ] && [ -n "$py" ] && ! "$py" -m json.tool "$tmp/out" >/dev/null; then
      echo "FAIL: $name: the JSON does not parse"; ok=0
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

# every project of the example
for p in $(sed -n 's/^project \([a-z0-9_]*\) .*/\1/p' examples/achterhoek/projects/*.amr | LC_ALL=C sort); do
  check "achterhoek/$p" examples/achterhoek/plan.amr "$p"
done
# one line, one year
check achterhoek/opijver3.4-2027 examples/achterhoek/plan.amr opijver3.4 2027
# the small plans
for src in $(find "$dir/inc" -name '*.amr' | LC_ALL=C sort); do
  base=${src%.amr}
  # shellcheck disable=SC2046
  check "$(basename "$base")" "$src" $(cat "$base.args")
done

# usage errors: exit status 2 and a message
usage() { # WHAT ARGS...
  what=$1
  shift
  "$amrc" explain "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ $rc = 2 ] && [ -s "$tmp/err" ] && [ ! -s "$tmp/out" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL: explain $what: status $rc"; cat "$tmp/err"; fail=$((fail + 1))
  fi
}
usage "no project" examples/achterhoek/plan.amr
usage "unknown project" examples/achterhoek/plan.amr nosuch
usage "unknown line" examples/achterhoek/plan.amr llo.99
usage "year outside" examples/achterhoek/plan.amr llo 2035
usage "bad format" --format=xml examples/achterhoek/plan.amr llo

[ "${UPDATE:-0}" = 1 ] && { echo "explain expectations updated"; exit 0; }
echo "explain: $pass passed, $fail failed"
[ $fail = 0 ]

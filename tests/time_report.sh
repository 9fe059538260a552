#!/bin/sh
# --time-report: one line per stage on stderr, in the order the stages run,
# each with its time and the arena's size; nothing else about the run
# changes (stdout, the other diagnostics, the exit status).
set -u
. "$(dirname "$0")/prologue.sh"
fail=0
pass=0

stages() { # FILE: the stage names of its time lines, one line
  sed -n 's/^amrc: time \([a-z]*\)  *[0-9][0-9]*\.[0-9][0-9] ms   arena  *[0-9][0-9]*\.[0-9] MiB$/\1/p' "$1" | tr '\n' ' '
}

same_run() { # EXPECTED_STAGES ARGS...: with and without --time-report
  want=$1
  shift
  "$amrc" --color=never "$@" >"$tmp/out1" 2>"$tmp/err1"
  s1=$?
  "$amrc" --color=never --time-report "$@" >"$tmp/out2" 2>"$tmp/err2"
  s2=$?
  got=$(stages "$tmp/err2")
  grep -v '^amrc: time ' "$tmp/err2" >"$tmp/rest2"
  if [ "$got" != "$want" ]; then
    echo "FAIL: amrc --time-report $*: stages '$got', expected '$want'"
    cat "$tmp/err2" | head -20
    fail=$((fail + 1))
  elif [ $s1 != $s2 ] || ! cmp -s "$tmp/out1" "$tmp/out2" || ! cmp -s "$tmp/err1" "$tmp/rest2"; then
    echo "FAIL: amrc --time-report $*: the run differs from one without it"
    diff "$tmp/err1" "$tmp/rest2" | head -10
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

plan=examples/achterhoek/plan.amr
same_run "parse resolve evaluate check report " --check "$plan"
same_run "parse resolve evaluate check report emit write " -q --force --emit=csv "$plan"
same_run "parse resolve evaluate check report emit write " -q --force --emit=json -o "$tmp/plan.json" "$plan"
printf 'plan "x" {\n  years 2026..2029\n' >"$tmp/broken.amr"
same_run "parse resolve evaluate check report " --check "$tmp/broken.amr"
echo "time_report: $pass passed, $fail failed"
[ "$fail" = 0 ]

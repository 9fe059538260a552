#!/bin/sh
# Golden tests: run amrc on each tests/golden/**/NAME.amr and compare what it
# prints and its exit status with NAME.stdout, NAME.stderr and NAME.status.
# NAME.args, when present, holds the options (one line); the default is
# --check. NAME.input, when present, names the plan to run instead of NAME.amr. UPDATE=1 writes the expectations instead of comparing.
set -u
. "$(dirname "$0")/prologue.sh"
pass=0
fail=0
for src in $(find tests/golden -name '*.amr' -not -path '*/inc/*' | LC_ALL=C sort); do
  base=${src%.amr}
  case "$base" in */_*) continue ;; esac   # helper files: imported, not run
  args="--check"
  [ -f "$base.args" ] && args=$(cat "$base.args")
  # NAME.input names another plan to run (the example plan, say); the .amr
  # beside it then only marks the test.
  input=$src
  [ -f "$base.input" ] && input=$(cat "$base.input")
  # shellcheck disable=SC2086
  $amrc --color=never $args "$input" >"$tmp/out" 2>"$tmp/err"
  echo $? >"$tmp/status"
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$tmp/status" "$base.status"
    cp "$tmp/err" "$base.stderr"
    if [ -s "$tmp/out" ]; then cp "$tmp/out" "$base.stdout"; else rm -f "$base.stdout"; fi
    continue
  fi
  ok=1
  cmp -s "$tmp/status" "$base.status" 2>/dev/null || ok=0
  cmp -s "$tmp/err" "$base.stderr" 2>/dev/null || ok=0
  if [ -f "$base.stdout" ]; then
    cmp -s "$tmp/out" "$base.stdout" || ok=0
  elif [ -s "$tmp/out" ]; then
    ok=0
  fi
  if [ $ok = 1 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $src"
    diff -u "$base.status" "$tmp/status" | head -5
    diff -u "$base.stderr" "$tmp/err" | head -30
    [ -f "$base.stdout" ] && diff -u "$base.stdout" "$tmp/out" | head -30
  fi
done
[ "${UPDATE:-0}" = 1 ] && { echo "golden expectations updated"; exit 0; }
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# amrc diff on pairs of small plans in tests/golden/diff/inc/: NAME.new.amr
# against NAME.old.amr, or against base.amr when there is no NAME.old.amr.
# Each pair is run in every format and compared with NAME.txt, NAME.md and
# NAME.json; the exit status with NAME.status. The JSON must parse (python3,
# a test-only tool; skipped without it). Then --git: the old side read from
# a revision of a scratch repository (skipped without git).
# UPDATE=1 rewrites the expectations.
set -u
. "$(dirname "$0")/prologue.sh"
dir=tests/golden/diff/inc
pass=0
fail=0

same() { # EXPECTED ACTUAL
  if cmp -s "$1" "$2"; then return 0; fi
  echo "FAIL: $1"
  diff -u "$1" "$2" | head -30
  return 1
}

for new in $(find "$dir" -name '*.new.amr' | LC_ALL=C sort); do
  name=${new%.new.amr}
  old=$name.old.amr
  [ -f "$old" ] || old=$dir/base.amr
  ok=1
  for f in text:txt markdown:md json:json; do
    format=${f%%:*}
    ext=${f#*:}
    "$amrc" diff --format="$format" "$old" "$new" >"$tmp/out" 2>"$tmp/err"
    echo $? >"$tmp/status"
    if [ "${UPDATE:-0}" = 1 ]; then
      cp "$tmp/out" "$name.$ext"
      [ "$format" = text ] && cp "$tmp/status" "$name.status"
      continue
    fi
    same "$name.$ext" "$tmp/out" || ok=0
    same "$name.status" "$tmp/status" || ok=0
    if [ -s "$tmp/err" ]; then echo "FAIL: $new ($format): said on stderr:"; cat "$tmp/err"; ok=0; fi
    if [ "$format" = json ] && [ -n "$py" ]; then
      "$py" tests/check_formats.py json "$tmp/out" || ok=0
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
# Two realisatie reports of one plan: tests/golden/diff/realisatie/NAME.args
# holds the arguments (one line); NAME.txt, NAME.md and NAME.json what each
# format prints, NAME.status the exit status, NAME.err what it says on
# stderr (the same in every format).
for argf in $(find tests/golden/diff/realisatie -name '*.args' | LC_ALL=C sort); do
  name=${argf%.args}
  ok=1
  for f in text:txt markdown:md json:json; do
    format=${f%%:*}
    ext=${f#*:}
    # shellcheck disable=SC2046
    "$amrc" diff --format="$format" $(cat "$argf") >"$tmp/out" 2>"$tmp/err"
    echo $? >"$tmp/status"
    if [ "${UPDATE:-0}" = 1 ]; then
      if [ -s "$tmp/out" ]; then cp "$tmp/out" "$name.$ext"; else rm -f "$name.$ext"; fi
      cp "$tmp/status" "$name.status"
      if [ -s "$tmp/err" ]; then cp "$tmp/err" "$name.err"; else rm -f "$name.err"; fi
      continue
    fi
    if [ -f "$name.$ext" ]; then same "$name.$ext" "$tmp/out" || ok=0
    elif [ -s "$tmp/out" ]; then echo "FAIL: $argf ($format): printed"; head -5 "$tmp/out"; ok=0; fi
    same "$name.status" "$tmp/status" || ok=0
    if [ -f "$name.err" ]; then same "$name.err" "$tmp/err" || ok=0
    elif [ -s "$tmp/err" ]; then echo "FAIL: $argf ($format): said on stderr:"; cat "$tmp/err"; ok=0; fi
    if [ "$format" = json ] && [ -s "$tmp/out" ] && [ -n "$py" ]; then
      "$py" tests/check_formats.py json "$tmp/out" || ok=0
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
[ "${UPDATE:-0}" = 1 ] && { echo "diff expectations updated"; exit 0; }

# Trouble is 2: a plan that cannot be computed, a missing file, bad usage.
for args in "$dir/base.amr" "$dir/base.amr $tmp/missing.amr" "--format=yaml $dir/base.amr $dir/base.amr"; do
  # shellcheck disable=SC2086
  "$amrc" diff $args >/dev/null 2>&1
  rc=$?
  if [ $rc = 2 ]; then pass=$((pass + 1)); else echo "FAIL: amrc diff $args: exit $rc, not 2"; fail=$((fail + 1)); fi
done

# --git REV PLAN: the old side from git, the new one from the work tree.
if command -v git >/dev/null 2>&1; then
  repo=$tmp/repo
  mkdir -p "$repo/sub"
  cp "$dir/base.amr" "$repo/plan.amr"
  (cd "$repo" && git init -q && git add plan.amr &&
   git -c user.name=amrc -c user.email=amrc@example.invalid commit -qm base) >/dev/null 2>&1
  cp "$dir/money.new.amr" "$repo/plan.amr"
  (cd "$repo/sub" && "$amrc" diff --git HEAD ../plan.amr >"$tmp/git.out" 2>"$tmp/git.err"; echo $? >"$tmp/git.status")
  # the same report as the file pair, but for the names in its first line
  "$amrc" diff "$dir/base.amr" "$dir/money.new.amr" | sed 1d >"$tmp/files.body"
  sed 1d "$tmp/git.out" | sed "s|\.\./plan\.amr|$dir/money.new.amr|g" >"$tmp/git.body"
  ok=1
  [ "$(cat "$tmp/git.status")" = 1 ] || { echo "FAIL: --git: exit $(cat "$tmp/git.status")"; cat "$tmp/git.err"; ok=0; }
  head -1 "$tmp/git.out" | grep -q '^amrc diff HEAD:plan.amr -> \.\./plan.amr: ' ||
    { echo "FAIL: --git: first line"; head -1 "$tmp/git.out"; ok=0; }
  same "$tmp/files.body" "$tmp/git.body" || ok=0
  # layout only: nothing to report, exit 0
  cp "$dir/layout.new.amr" "$repo/plan.amr"
  (cd "$repo" && "$amrc" diff --git HEAD plan.amr >/dev/null 2>&1; echo $? >"$tmp/git.status")
  [ "$(cat "$tmp/git.status")" = 0 ] || { echo "FAIL: --git on a layout change: exit $(cat "$tmp/git.status")"; ok=0; }
  # a revision that does not exist is trouble
  (cd "$repo" && "$amrc" diff --git no-such-rev plan.amr >/dev/null 2>&1; echo $? >"$tmp/git.status")
  [ "$(cat "$tmp/git.status")" = 2 ] || { echo "FAIL: --git no-such-rev: exit $(cat "$tmp/git.status")"; ok=0; }
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
else
  echo "diff: git not found, --git not tested"
fi

[ -n "$py" ] || echo "diff: python3 not found, JSON not parsed"
echo "diff: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# amrc diff beyond its golden cases (tests/golden/diff/*/RUN, run by
# tests/golden.sh): trouble is exit status 2, and --git reads the old side
# from a revision of a scratch repository (skipped without git).
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

echo "diff: $pass passed, $fail failed"
[ $fail = 0 ]

#!/bin/sh
# amrc expect --update.
#  1. Golden: each folder tests/golden/expect/inc/NAME/ holds a plan
#     (plan.amr and the files it imports). It is copied to a scratch folder
#     and updated there; what amrc prints and its exit status are compared
#     with NAME.stdout, NAME.stderr and NAME.status beside the folder, and
#     each file with FILE.updated in the folder where one is given (the file
#     as it must be after the update), else with the file as it was.
#  2. On every updated plan, a second update exits 0 and changes nothing (it
#     lists nothing and no file differs), and a file that was in fmt's
#     layout still is.
#  3. On a copy of the example, after the update `amrc --check` reports no
#     `expectation` finding left (there were some) and every other finding
#     as before; a read-only file is refused and left whole.
#  4. Usage errors.
# UPDATE=1 rewrites the expectations of 1.
set -u
. "$(dirname "$0")/prologue.sh"
dir=tests/golden/expect
pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

for t in $(find "$dir/inc" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort); do
  name=$(basename "$t")
  rm -rf "$tmp/w"
  mkdir "$tmp/w"
  cp "$t"/*.amr "$tmp/w/"
  canonical=$(cd "$tmp/w" && "$amrc" fmt --check plan.amr >/dev/null 2>&1 && echo yes)
  (cd "$tmp/w" && "$amrc" expect --update plan.amr >"$tmp/stdout" 2>"$tmp/stderr"; echo $? >"$tmp/status")
  if [ "${UPDATE:-0}" = 1 ]; then
    cp "$tmp/status" "$dir/$name.status"
    cp "$tmp/stderr" "$dir/$name.stderr"
    cp "$tmp/stdout" "$dir/$name.stdout"
    for f in "$t"/*.amr; do
      b=$(basename "$f")
      if cmp -s "$f" "$tmp/w/$b"; then rm -f "$f.updated"; else cp "$tmp/w/$b" "$f.updated"; fi
    done
    continue
  fi
  ok=1
  for s in status stderr stdout; do
    cmp -s "$dir/$name.$s" "$tmp/$s" 2>/dev/null ||
      { echo "$name.$s:"; diff -u "$dir/$name.$s" "$tmp/$s" | head -20; ok=0; }
  done
  for f in "$t"/*.amr; do
    want=$f
    [ -f "$f.updated" ] && want=$f.updated
    cmp -s "$want" "$tmp/w/$(basename "$f")" ||
      { echo "$(basename "$f"):"; diff -u "$want" "$tmp/w/$(basename "$f")" | head -30; ok=0; }
  done
  if [ "$(cat "$tmp/status")" = 0 ]; then
    cp -r "$tmp/w" "$tmp/w1"
    (cd "$tmp/w" && "$amrc" expect --update plan.amr >"$tmp/out2" 2>"$tmp/err2")
    rc2=$?
    [ $rc2 = 0 ] || { echo "a second update exited with $rc2:"; cat "$tmp/err2"; ok=0; }
    [ -s "$tmp/out2" ] && { echo "a second update changed:"; cat "$tmp/out2"; ok=0; }
    diff -r "$tmp/w1" "$tmp/w" >/dev/null || { echo "a second update rewrote a file"; ok=0; }
    rm -rf "$tmp/w1"
    if [ "$canonical" = yes ]; then
      (cd "$tmp/w" && "$amrc" fmt --check ./*.amr >/dev/null 2>&1) || { echo "no longer in fmt's layout"; ok=0; }
    fi
  fi
  if [ $ok = 1 ]; then pass=$((pass + 1)); else bad "$t"; fi
done
[ "${UPDATE:-0}" = 1 ] && { echo "expect expectations updated"; exit 0; }

# 3. the example
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

# 4. usage
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

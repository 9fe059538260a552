#!/bin/sh
# amrc fmt beyond its golden cases (tests/golden/fmt/inc/RUN, run by
# tests/golden.sh):
#  1. Every .amr file of the repository that parses (examples, stdlib, tests;
#     not build or fuzz folders) is formatted on a copy in a scratch folder,
#     never in place: formatting is idempotent and the formatted file parses
#     to the same declarations (`amrc fmt --dump-ast`, which leaves out
#     locations and spellings).
#  2. With a comment between every two tokens (tests/fmt_comments.py; python3
#     is a test-only tool, skipped when missing), every comment is kept, in
#     order, and 1 holds (the examples, the stdlib and the fmt and diff
#     fixtures: the other test inputs repeat their statements).
#  3. The example plan formatted whole computes the same tables, and
#     `amrc diff` finds nothing between it and the original.
#  4. The fmt fuzz oracle's findings (tests/golden/fuzz/fmt-*.amr) are
#     refused and left alone.
set -u
. "$(dirname "$0")/prologue.sh"
pass=0
fail=0
skipped=0

bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# 1. and 2. every .amr file
roundtrip() { # SRC LABEL: format a copy of SRC; idempotent, same declarations
  "$amrc" fmt --dump-ast "$1" >"$tmp/ast1" 2>/dev/null || return 2
  cp "$1" "$tmp/copy.amr"
  "$amrc" fmt "$tmp/copy.amr" 2>"$tmp/err" || { bad "$2: amrc fmt failed"; cat "$tmp/err"; return 1; }
  "$amrc" fmt --stdout "$tmp/copy.amr" >"$tmp/again" 2>/dev/null
  cmp -s "$tmp/copy.amr" "$tmp/again" || { bad "$2: not idempotent"; diff -u "$tmp/copy.amr" "$tmp/again" | head -20; return 1; }
  "$amrc" fmt --dump-ast "$tmp/copy.amr" >"$tmp/ast2" 2>/dev/null
  cmp -s "$tmp/ast1" "$tmp/ast2" || { bad "$2: the declarations changed"; diff -u "$tmp/ast1" "$tmp/ast2" | head -20; return 1; }
  return 0
}
files=$(find . -name '*.amr' -not -path './build*' -not -path './fuzz*' -not -path './.git/*' \
        -not -path './demo-out/*' | LC_ALL=C sort)
handwritten() { # the hand-written plans only: the other test inputs repeat their statements
  case $1 in ./examples/*|./stdlib/*|./tests/golden/fmt/*|./tests/golden/diff/*) return 0 ;; esac
  return 1
}
hand=""
for f in $files; do handwritten "$f" && hand="$hand $f"; done
if [ -n "$py" ]; then
  mkdir "$tmp/commented"
  # shellcheck disable=SC2086 # the paths have no blanks (find above)
  "$py" tests/fmt_comments.py "$tmp/commented" $hand || bad "tests/fmt_comments.py failed"
fi
k=0
for f in $files; do
  handwritten "$f" && k=$((k + 1))
  before=$(cksum <"$f")
  roundtrip "$f" "$f"
  case $? in
    0) pass=$((pass + 1)) ;;
    2) skipped=$((skipped + 1)); continue ;;   # does not parse: fmt leaves it alone
  esac
  [ "$(cksum <"$f")" = "$before" ] || bad "$f was changed in place"
  handwritten "$f" || continue
  if [ -n "$py" ]; then
    for mode in 0 1 2; do
      c="$tmp/commented/$k.$mode.amr"
      roundtrip "$c" "$f (comments, mode $mode)" || { [ $? = 2 ] && bad "$f (comments, mode $mode): does not parse"; continue; }
      want=$(grep -o '# c[0-9]*$' "$c" | tr '\n' ' ')
      got=$(grep -o '# c[0-9]*$' "$tmp/copy.amr" | tr '\n' ' ')
      [ "$want" = "$got" ] || { bad "$f (comments, mode $mode): comments lost or moved"; continue; }
      pass=$((pass + 1))
    done
  fi
done

# 3. the example plan, formatted whole
cp -r examples/achterhoek "$tmp/plan"
"$amrc" fmt $(find "$tmp/plan" -name '*.amr') || bad "formatting the example plan"
for e in table summary csv csv-balances; do
  "$amrc" -q --force --emit=$e examples/achterhoek/plan.amr >"$tmp/e1" 2>/dev/null
  "$amrc" -q --force --emit=$e "$tmp/plan/plan.amr" >"$tmp/e2" 2>/dev/null
  if cmp -s "$tmp/e1" "$tmp/e2"; then pass=$((pass + 1)); else bad "example plan: --emit=$e differs after fmt"; fi
done
"$amrc" diff examples/achterhoek/plan.amr "$tmp/plan/plan.amr" >"$tmp/d" 2>&1
if [ $? = 0 ]; then pass=$((pass + 1)); else bad "example plan: amrc diff sees a change after fmt"; cat "$tmp/d"; fi

# 4. the fmt oracle's findings (docs/fuzzing.md, findings 3 and 4): a
#    control character in a string or a comment used to be rewritten (as a
#    space, or as trailing blanks); the scanner now refuses it, so amrc fmt
#    leaves the file as it was (exit 2), names the character at its place
#    and never prints it raw. (test_fuzz_corpus runs the same inputs through
#    the fuzz target with fmt's promises checked.)
nfound=0
for src in tests/golden/fuzz/fmt-*.amr; do
  [ -f "$src" ] || continue
  nfound=$((nfound + 1))
  cp "$src" "$tmp/finding.amr"
  "$amrc" fmt "$tmp/finding.amr" >"$tmp/out" 2>"$tmp/err"; rc=$?
  ok=1
  [ $rc = 2 ] || { echo "exit status $rc, not 2"; ok=0; }
  cmp -s "$src" "$tmp/finding.amr" || { echo "the file was changed"; ok=0; }
  grep -q "finding.amr:[0-9]*:[0-9]*: error: control character U+00" "$tmp/err" ||
    { echo "no control-character error"; cat "$tmp/err"; ok=0; }
  LC_ALL=C tr -d '\n' <"$tmp/err" | LC_ALL=C grep -q '[[:cntrl:]]' &&
    { echo "a control character reached stderr"; ok=0; }
  "$amrc" fmt --stdout "$tmp/finding.amr" >"$tmp/out" 2>/dev/null
  [ -s "$tmp/out" ] && { echo "fmt --stdout wrote a layout"; ok=0; }
  if [ $ok = 1 ]; then pass=$((pass + 1)); else bad "$src"; fi
done
[ $nfound -ge 2 ] || bad "the fmt oracle's findings (tests/golden/fuzz/fmt-*.amr) are missing"

# usage and trouble
"$amrc" fmt >/dev/null 2>&1; [ $? = 2 ] || bad "amrc fmt without files: not 2"
"$amrc" fmt --check tests/golden/syntax/missing-brace.amr >/dev/null 2>&1; rc=$?
[ $rc = 2 ] || [ ! -f tests/golden/syntax/missing-brace.amr ] || bad "fmt on a file with errors: $rc, not 2"

[ -n "$py" ] || echo "fmt: python3 not found, comment placement not stressed"
echo "fmt: $pass passed, $fail failed, $skipped files skipped (they do not parse)"
[ $fail = 0 ]

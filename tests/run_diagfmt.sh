#!/bin/sh
# Diagnostics for machines: --diagnostics-format=github and sarif (and json)
# on tests/golden/diagfmt/inc/findings.amr, an error, a warning and a note
# whose text holds the characters workflow commands must escape.
#   github  compared with findings.github, run on a copy named
#           'we,ird:name%.amr' so that the file property needs escaping too;
#           many.amr, more findings than GitHub shows annotations of a
#           step, compared with many.github
#   sarif   compared with findings.sarif; it and the SARIF of the example plan
#           are validated against the SARIF 2.1.0 schema (tests/sarif-schema-
#           2.1.0.json, OASIS's, with python3-jsonschema) and checked for what
#           GitHub code scanning uses (rule texts, helpUri with AMRC_DOCS_URL,
#           %SRCROOT%-relative paths, related locations with messages); a plan
#           that cannot be read gives a toolExecutionNotification
#   json    every line an object with the documented fields
# The format checks use python3 (tests/check_formats.py, a test-only tool)
# and are skipped without it. UPDATE=1 rewrites the expectations.
set -u
. "$(dirname "$0")/prologue.sh"
dir=tests/golden/diagfmt/inc
fail=0

expect() { # NAME FILE: compare FILE with the expectation NAME
  if [ "${UPDATE:-0}" = 1 ]; then cp "$2" "$dir/$1"; return; fi
  if ! cmp -s "$dir/$1" "$2"; then
    echo "FAIL: $dir/$1"
    diff -u "$dir/$1" "$2" | head -30
    fail=1
  fi
}

check() { # KIND FILE
  [ -n "$py" ] || return 0
  if ! "$py" tests/check_formats.py "$1" "$2"; then
    echo "FAIL: $1 format of $2"
    fail=1
  fi
}

# github: the commands go to standard error with the text list after them
cp "$dir/findings.amr" "$tmp/we,ird:name%.amr"
(cd "$tmp" && "$amrc" --diagnostics-format=github 'we,ird:name%.amr' >out 2>err; echo $? >status)
[ "$(cat "$tmp/status")" = 1 ] || { echo "FAIL: github: exit status $(cat "$tmp/status")"; fail=1; }
[ -s "$tmp/out" ] && { echo "FAIL: github: output on stdout"; fail=1; }
expect findings.github "$tmp/err"
check github "$tmp/err"

# github's limits: GitHub shows 10 annotations of each kind of a step, so
# of many.amr's 13 errors, 12 warnings and 11 notes, 10 errors, 10 warnings
# and 9 notes become annotations (project l's expectation, which stands for
# three years, among the errors), the first notice says how many are left
# out, and the log after them lists every finding
"$amrc" --diagnostics-format=github "$dir/many.amr" >/dev/null 2>"$tmp/many"
expect many.github "$tmp/many"
check github "$tmp/many"
for kind in error warning notice; do
  n=$(grep -c "^::$kind " "$tmp/many")
  [ "$n" = 10 ] || { echo "FAIL: github: $n $kind annotations, not 10"; fail=1; }
done
grep '^::notice' "$tmp/many" | head -1 | grep -q '^::notice title=amrc%3A [^:]*::7 of the 36 findings' ||
  { echo "FAIL: github: the first notice is not the summary of the 7 left out"; fail=1; }
grep -q "^::error .*title=expectation::project 'l'" "$tmp/many" ||
  { echo "FAIL: github: the expectation of three years is not annotated"; fail=1; }
n=$(grep -c "^$dir/many.amr:[0-9]*:[0-9]*: error: project '[a-l]' is short" "$tmp/many")
[ "$n" = 12 ] || { echo "FAIL: github: the log lists $n of the 12 shortfalls"; fail=1; }
"$amrc" --lang=nl --diagnostics-format=github "$dir/many.amr" >/dev/null 2>"$tmp/many-nl"
check github "$tmp/many-nl"
grep -q '^::notice title=amrc%3A [^:]*::7 van de 36 bevindingen' "$tmp/many-nl" ||
  { echo "FAIL: github: the summary is not in Dutch with --lang=nl"; fail=1; }

# sarif: on standard output
"$amrc" --diagnostics-format=sarif "$dir/findings.amr" >"$tmp/sarif" 2>"$tmp/err"
expect findings.sarif "$tmp/sarif"
check sarif "$tmp/sarif"
"$amrc" --diagnostics-format=sarif examples/achterhoek/plan.amr >"$tmp/example.sarif" 2>/dev/null
check sarif "$tmp/example.sarif"
# with --emit -o FILE the SARIF stays on standard output
"$amrc" --force --emit=csv -o "$tmp/csv" --diagnostics-format=sarif "$dir/findings.amr" >"$tmp/sarif2" 2>/dev/null
check sarif "$tmp/sarif2"
# the manual's address, when the build or the environment gives one
url=https://github.com/acme/amrc/blob/v1.0/docs/manual.md
AMRC_DOCS_URL=$url "$amrc" --diagnostics-format=sarif "$dir/findings.amr" >"$tmp/sarif3" 2>/dev/null
if [ -n "$py" ] && ! "$py" tests/check_formats.py sarif-docs "$tmp/sarif3" "$url"; then
  echo "FAIL: sarif with AMRC_DOCS_URL"; fail=1
fi
# a plan that cannot be read: the tool's trouble, not a result
"$amrc" --diagnostics-format=sarif "$tmp/no-such-plan.amr" >"$tmp/sarif4" 2>/dev/null
[ $? = 2 ] || { echo "FAIL: sarif of a missing plan: exit status"; fail=1; }
check sarif-trouble "$tmp/sarif4"

# json lines
"$amrc" --diagnostics-format=json "$dir/findings.amr" >"$tmp/jsonl" 2>/dev/null
expect findings.jsonl "$tmp/jsonl"
check jsonl "$tmp/jsonl"
"$amrc" --diagnostics-format=json examples/achterhoek/plan.amr >"$tmp/example.jsonl" 2>/dev/null
check jsonl "$tmp/example.jsonl"

[ "${UPDATE:-0}" = 1 ] && { echo "diagnostics-format expectations updated"; exit 0; }
[ -n "$py" ] || echo "diagnostics formats: python3 not found, format checks skipped"
if [ $fail = 0 ]; then echo "diagnostics formats: ok"; else echo "diagnostics formats: FAILED"; fi
exit $fail

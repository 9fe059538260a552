#!/bin/sh
# tests/golden.sh [FOLDER...]: the golden tests. Each folder of tests/golden
# that holds a file RUN is a group of cases; RUN, read by this script (as
# shell, in a subshell of its own), says what a case is and how to run it:
#
#   cases='*.amr'    globs, relative to the folder: each file they match is a
#                    case (a file whose name starts with '_' never is: it is
#                    a helper that cases import)
#   compare='status stderr stdout?'
#                    the outputs compared: output NAME of case BASE with the
#                    file BASE.NAME; NAME? when the file may be missing, and
#                    then the output must be empty
#   threads='1 4'    run every case once per value of AMRC_THREADS (default:
#                    once, as the environment says)
#   run_case FILE BASE
#                    a function (default: run_plan): runs the case FILE, writing each output NAME
#                    to "$got/NAME"; BASE is FILE without its last extension
#                    (base_of FILE, a function RUN may give, says otherwise);
#                    `bad MESSAGE` fails the case for a reason no output shows
#   after            a function, optional: checks that belong to the folder
#                    but are no case (pass and bad count them)
#
# Every folder (default: every one with a RUN) reports "golden FOLDER: N
# passed, M failed"; the script fails when a case failed or a folder has no
# case. UPDATE=1 writes the outputs as the expectations instead of comparing
# (an optional one that is empty is removed); `after` does not run then.
# `tests/golden.sh --orphans` (make check runs it) fails when .amr files
# under tests/golden are run by nothing. Helpers for RUN files: run_plan (the whole program on a plan, as most
# folders run it) and json_ok.
set -u
. "$(dirname "$0")/prologue.sh"

# The whole program on FILE: the options of BASE.args (one line; default
# --check), on the plan BASE.input names when there is one (the .amr then
# only marks the case).
run_plan() { # FILE BASE
  args=--check
  [ -f "$2.args" ] && args=$(cat "$2.args")
  input=$1
  [ -f "$2.input" ] && input=$(cat "$2.input")
  # shellcheck disable=SC2086
  "$amrc" --color=never $args "$input" >"$got/stdout" 2>"$got/stderr"
  echo $? >"$got/status"
}

# A JSON output must parse (python3 is a test-only tool: skipped without it).
json_ok() { # FILE WHAT
  [ -z "$py" ] || "$py" tests/check_formats.py json "$1" 2>"$tmp/json.err" ||
    { bad "$2: the JSON does not parse:"; tail -1 "$tmp/json.err"; }
}

bad() { echo "FAIL: $*"; ok=0; }
pass() { passed=$((passed + 1)); }

run_folder() { # FOLDER: prints its counts last
  dir=$1
  cases='*.amr'
  compare='status stderr stdout?'
  threads=
  base_of() { echo "${1%.*}"; }
  run_case() { run_plan "$1" "$2"; }
  after() { :; }
  # shellcheck disable=SC1090,SC1091
  . "$dir/RUN"
  passed=0
  failed=0
  list=$(cd "$dir" && for g in $cases; do [ -f "$g" ] && echo "$g"; done | LC_ALL=C sort)
  for t in ${threads:-default}; do
    [ "$t" = default ] || { AMRC_THREADS=$t; export AMRC_THREADS; }
    for c in $list; do
      case "$c" in _* | */_*) continue ;; esac
      file=$dir/$c
      base=$(base_of "$file")
      got=$tmp/got
      rm -rf "$got"
      mkdir "$got"
      ok=1
      run_case "$file" "$base"
      for want in $compare; do
        name=${want%\?}
        out=$got/$name
        [ -f "$out" ] || : >"$out"
        exp=$base.$name
        if [ "${UPDATE:-0}" = 1 ]; then
          if [ "$name" != "$want" ] && [ ! -s "$out" ]; then rm -f "$exp"; else cp "$out" "$exp"; fi
        elif [ -f "$exp" ]; then
          cmp -s "$exp" "$out" || { bad "$exp differs:"; diff -u "$exp" "$out" | head -30; }
        elif [ "$name" != "$want" ]; then
          [ -s "$out" ] && { bad "$file printed $name, and there is no $exp:"; head -10 "$out"; }
        else
          bad "$exp is missing"
        fi
      done
      if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $file${AMRC_THREADS:+ (AMRC_THREADS=$AMRC_THREADS)}"; fi
    done
  done
  if [ "${UPDATE:-0}" = 1 ]; then
    echo "golden $dir: expectations of $passed cases written"
    return 0
  fi
  ok=1
  after
  [ $ok = 1 ] || failed=$((failed + 1))
  [ $((passed + failed)) -gt 0 ] || { echo "FAIL: $dir: no case (cases='$cases')"; failed=1; }
  echo "golden $dir: $passed passed, $failed failed"
  [ $failed = 0 ]
}

# --orphans: fails when a folder of tests/golden holds .amr files that
# nothing runs: no RUN in it or in a folder above it, and no scenario
# (tests/*.sh) or unit test naming it.
if [ "${1:-}" = --orphans ]; then
  n=0
  for d in $(find tests/golden -name '*.amr' | sed 's|/[^/]*$||' | LC_ALL=C sort -u); do
    a=$d
    while [ "$a" != tests/golden ] && [ ! -f "$a/RUN" ]; do a=${a%/*}; done
    [ "$a" = tests/golden ] || continue
    grep -q "$d" tests/*.sh tests/unit/*.c 2>/dev/null && continue
    echo "FAIL: $d: nothing runs its .amr files (no RUN in it or above it)"
    n=$((n + 1))
  done
  [ $n = 0 ] && echo "golden: every .amr file under tests/golden is run"
  exit $((n > 0))
fi
if [ $# = 0 ]; then
  set -- $(find tests/golden -name RUN | LC_ALL=C sort | sed 's|/RUN$||')
fi
status=0
for d in "$@"; do
  d=${d%/}
  [ -f "$d/RUN" ] || { echo "FAIL: $d has no RUN"; status=1; continue; }
  (run_folder "$d") || status=1
done
exit $status

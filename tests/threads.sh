#!/bin/sh
# tests/threads.sh: a plan's files parsed on several threads (src/load.c,
# "Files parsed ahead"), and its stages' loops run in slices on them
# (src/par.c), give what one thread gives, byte for byte: the
# diagnostics in the same order, cut at the same place by --max-errors,
# the same tables. The plan below is made to stress what could differ:
# many imported files with errors of the scanner and the parser, an import
# nested in an import, a file imported twice under two names, an import
# cycle, a missing file, and names defined in one file and used in another.
#
# Run from anywhere; AMRC=path/to/amrc to test another binary.
set -u
. "$(dirname "$0")/prologue.sh"
fail=0
pass=0

mkdir -p "$tmp/plan/sub"
{
  printf 'plan p "P" {\n  years 2026..2029\n}\nprogramme prog "Prog"\n'
  printf 'source rijk "Rijk" {\n  kind rijksbijdrage\n}\n'
  for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16; do
    printf 'import "f%s.amr"\n' "$i"
  done
  printf 'import "sub/nested.amr"\nimport "sub/../f03.amr"\nimport "missing.amr"\n'
} >"$tmp/plan/plan.amr"
for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16; do
  {
    printf 'project p%s "Project %s" {\n  programme prog\n  opening 1_000\n' "$i" "$i"
    printf '  1 "Bijdrage" {\n    baten 2026..2029: 500\n    source rijk\n  }\n'
    printf '  2 "Kosten" {\n    lasten 2026..2029: 700\n  }\n'
    case $i in
      03|07|11) printf '  3 "Te veel" {\n    lasten 2026: 1.000\n  }\n' ;;  # scanner error
      05|13) printf '  3 "Kapot" {\n    lasten 2026 200\n  }\n' ;;        # parser error
      09) printf '  3 "Onbekend" {\n    lasten 2026: 10\n    paid by nergens\n  }\n' ;;
    esac
    printf '}\n'
    [ "$i" = 16 ] && printf 'import "plan.amr"\n'                     # a cycle
  } >"$tmp/plan/f$i.amr"
done
printf 'import "../f05.amr"\nproject nested "Nested" {\n  programme prog\n  1 "X" {\n    lasten 2026: 1\n  }\n}\n' \
  >"$tmp/plan/sub/nested.amr"

run() { # THREADS NAME ARGS...
  threads=$1 name=$2
  shift 2
  AMRC_THREADS=$threads "$amrc" --color=never "$@" "$tmp/plan/plan.amr" \
    >"$tmp/$name.out" 2>"$tmp/$name.err"
  echo $? >"$tmp/$name.status"
}

for args in "--check" "--check --max-errors=3" "--check --max-errors=1" \
            "--emit=table --force" "--emit=csv --force" "--check --diagnostics=json"; do
  # shellcheck disable=SC2086
  run 1 one $args
  for t in 2 3 4; do
    # twice each: the threads race differently from run to run
    for round in 1 2; do
      # shellcheck disable=SC2086
      run "$t" many $args
      if cmp -s "$tmp/one.out" "$tmp/many.out" && cmp -s "$tmp/one.err" "$tmp/many.err" &&
         cmp -s "$tmp/one.status" "$tmp/many.status"; then
        pass=$((pass + 1))
      else
        fail=$((fail + 1))
        echo "FAIL: AMRC_THREADS=$t amrc $args differs from one thread (round $round)"
        diff "$tmp/one.err" "$tmp/many.err" | head -10
      fi
    done
  done
done
# the plan must really have given the errors it was made for
run 1 one --check
for want in "is written as the document prints it" "unexpected number" "import cycle" \
            "cannot find 'missing.amr'"; do
  grep -q "$want" "$tmp/one.err" || { echo "FAIL: no \"$want\""; fail=$((fail + 1)); }
done

echo "threads: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# bench/tsan.sh: amrc's threads under ThreadSanitizer on the benchmark plans
# (`make check-tsan` runs it after the tests, with amrc built by clang's
# -fsanitize=thread).
#
#   sh bench/tsan.sh AMRC GEN DIR
#
# Generates the 2 and 20 MB plans (bench/gen.c) into DIR once, then runs
# AMRC --check on each with AMRC_THREADS=1, 2 and 4: a plan's files are
# parsed ahead on threads (src/load.c) and its stages' loops run in slices
# (src/par.c). A run fails when TSan reports (halt_on_error: exit 66 and
# the report on stderr), when the plan does not check clean (exit 0), or
# when its output differs from the run on one thread.
set -u
[ $# -eq 3 ] || { echo "usage: $0 AMRC GEN DIR" >&2; exit 2; }
amrc=$1 gen=$2 dir=$3
root=$(cd "$(dirname "$0")/.." && pwd)
export AMRC_STDLIB="$root/stdlib"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:abort_on_error=1}"
mkdir -p "$dir"
fail=0 pass=0
for size in 2M 20M; do
  plan=$dir/$size/plan.amr
  if [ ! -f "$plan" ]; then
    rm -rf "$dir/$size"
    "$gen" "$dir/$size" "$size" >/dev/null || { echo "tsan: cannot generate the $size plan" >&2; exit 2; }
  fi
  for n in 1 2 4; do
    AMRC_THREADS=$n "$amrc" --check "$plan" >"$dir/out.$n" 2>"$dir/err.$n"
    status=$?
    if [ $status -ne 0 ] || grep -q 'ThreadSanitizer' "$dir/err.$n"; then
      echo "FAIL: AMRC_THREADS=$n amrc --check $size: exit $status"
      grep -A30 'WARNING: ThreadSanitizer' "$dir/err.$n" | head -40
      fail=$((fail + 1))
    elif [ $n -gt 1 ] && ! { cmp -s "$dir/out.1" "$dir/out.$n" && cmp -s "$dir/err.1" "$dir/err.$n"; }; then
      echo "FAIL: AMRC_THREADS=$n amrc --check $size: not what one thread gives"
      fail=$((fail + 1))
    else
      pass=$((pass + 1))
    fi
  done
done
rm -f "$dir"/out.* "$dir"/err.*
echo "tsan: $pass passed, $fail failed (the 2 and 20 MB plans on 1, 2 and 4 threads)"
[ $fail -eq 0 ]

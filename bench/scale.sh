#!/bin/sh
# bench/scale.sh: what amrc diff, amrc fmt and the back ends cost as a plan
# grows (`make bench` runs it after bench/run.sh). A plan comes in pull
# requests from others: 10x the input must cost at most 11x the time and the
# memory, and each output must stay a small multiple of the plan.
#
# For each size (BENCH_SIZES, default 2M 20M 200M) it takes the generated
# plan bench/run.sh left in BENCH_DIR/plan-SIZE (or generates it with GEN),
# and a second version of it with every project's opening balance changed
# (BENCH_DIR/scale/new-SIZE: a report as long as the plan has projects), then
# measures with GNU time (wall and CPU seconds, peak RSS; the median of RUNS
# runs, one run at 100 MB and beyond):
#   diff      amrc diff PLAN NEW (text report, to /dev/null)
#   fmt-plan  amrc fmt --stdout on every file of the plan, in one process
#   fmt-file  amrc fmt --stdout on the plan's chapters as one file (only
#             where that file is within the 64 MiB input limit)
# and the size of each output (--emit=FORMAT) against the plan's bytes.
#
# Environment: BENCH_DIR (default /tmp/amrc-bench), BENCH_SIZES, AMRC
# (default ./amrc), GEN (default build/bench-gen), RUNS (default 3).
# Output: tables on stdout and in BENCH_DIR/out/scale.md.
. "$(dirname "$0")/common.sh"
SIZES=${BENCH_SIZES:-"2M 20M 200M"}
RUNS=${RUNS:-3}
OUT=$DIR/out
FORMATS="table markdown csv json html"
MAX_FILE=67108864   # AMR_MAX_FILE_BYTES

[ -x /usr/bin/time ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 2; }
[ -x "$AMRC" ] || { echo "bench: no $AMRC (make amrc)" >&2; exit 2; }
mkdir -p "$DIR/scale" "$OUT" || exit 2

# measure NAME SIZE COMMAND...: RUNS runs under GNU time; appends "size
# name wall cpu rss_kib status" (medians) to scale.tsv.
measure() {
  name=$1 size=$2
  shift 2
  n=$RUNS
  case $size in *00M | *G) n=1 ;; esac
  : >"$DIR/scale/runs"
  status=ok
  i=0
  while [ $i -lt "$n" ]; do
    /usr/bin/time -f '%e %U %S %M' -o "$DIR/scale/one" "$@" >/dev/null 2>"$DIR/scale/err"
    rc=$?
    # amrc diff exits 1 when the versions differ: that is its answer
    if [ $rc -ne 0 ] && ! { [ "$name" = diff ] && [ $rc = 1 ]; }; then
      status="exit-$rc"
    fi
    tail -1 "$DIR/scale/one" >>"$DIR/scale/runs"
    i=$((i + 1))
  done
  m=$(( (n + 1) / 2 ))
  median() { awk "{ print $1 }" "$DIR/scale/runs" | sort -n | sed -n "${m}p"; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$name" "$(median '$1')" \
    "$(median '$2 + $3')" "$(median '$4')" "$status" >>"$OUT/scale.tsv"
  tail -1 "$OUT/scale.tsv" | awk -F'\t' '{ printf "  %s: %s s wall, %s s CPU, peak RSS %.1f MiB (%s)\n", $2, $3, $4, $5 / 1024, $6 }'
}

: >"$OUT/scale.tsv"
: >"$OUT/scale-sizes.tsv"
for size in $SIZES; do
  plan=$DIR/plan-$size
  if [ ! -f "$plan/plan.amr" ]; then
    [ -x "$GEN" ] || { echo "bench: no $GEN (make build/bench-gen)" >&2; exit 2; }
    "$GEN" "$plan" "$size" >/dev/null || exit 2
  fi
  bytes=$(cat "$plan"/*.amr | wc -c)
  new=$DIR/scale/new-$size
  rm -rf "$new" && cp -r "$plan" "$new" || exit 2
  # a project's `opening AMOUNT` only: an expectation's `opening YEAR: AMOUNT`
  # made into a year that is not one would leave nothing to compare
  for f in "$new"/*.amr; do
    sed 's/^  opening \([0-9][0-9_]*\)$/  opening 1\1/' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
  done
  echo "== $size ($bytes bytes)"
  measure diff "$size" "$AMRC" diff "$plan/plan.amr" "$new/plan.amr"
  measure fmt-plan "$size" "$AMRC" fmt --stdout "$plan"/*.amr
  cat "$plan"/h*.amr >"$DIR/scale/chapters-$size.amr"
  if [ "$(wc -c <"$DIR/scale/chapters-$size.amr")" -le $MAX_FILE ]; then
    measure fmt-file "$size" "$AMRC" fmt --stdout "$DIR/scale/chapters-$size.amr"
  else
    echo "  fmt-file: the chapters make a file beyond the 64 MiB input limit: not measured"
  fi
  rm -f "$DIR/scale/chapters-$size.amr"
  for fmt in $FORMATS; do
    out=$("$AMRC" --emit="$fmt" "$plan/plan.amr" 2>/dev/null | wc -c)
    printf '%s\t%s\t%s\t%s\n' "$size" "$fmt" "$bytes" "$out" >>"$OUT/scale-sizes.tsv"
  done
  report=$("$AMRC" diff "$plan/plan.amr" "$new/plan.amr" 2>/dev/null | wc -c)
  printf '%s\t%s\t%s\t%s\n' "$size" "diff-report" "$bytes" "$report" >>"$OUT/scale-sizes.tsv"
done

{
  echo "### diff and fmt as the plan grows"
  echo
  echo "| plan | command | wall s | CPU s | peak RSS MiB | status |"
  echo "|---|---|---:|---:|---:|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %.1f | %s |\n", $1, $2, $3, $4, $5 / 1024, $6 }' "$OUT/scale.tsv"
  echo
  echo "Each 10x of the plan (CPU time and peak RSS of the larger size over the smaller):"
  echo
  echo "| command | from | to | bytes x | CPU x | memory x |"
  echo "|---|---|---|---:|---:|---:|"
  awk -F'\t' 'NR == FNR { bytes[$1] = $3; next }
    { key = $2; if (key in last) {
        # the list in parentheses: a bare ">" in the list of printf is a redirection
        printf("| %s | %s | %s | %.2f | %.2f | %.2f |\n", key, last[key], $1,
               bytes[$1] / bytes[last[key]], ($4 > 0 && cpu[key] > 0) ? $4 / cpu[key] : 0,
               (rss[key] > 0) ? $5 / rss[key] : 0) }
      last[key] = $1; cpu[key] = $4; rss[key] = $5 }' "$OUT/scale-sizes.tsv" "$OUT/scale.tsv"
  echo
  echo "### output bytes per plan byte"
  echo
  echo "| plan | output | plan bytes | output bytes | ratio |"
  echo "|---|---|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %.2f |\n", $1, $2, $3, $4, $4 / $3 }' "$OUT/scale-sizes.tsv"
} >"$OUT/scale.md"
cat "$OUT/scale.md"

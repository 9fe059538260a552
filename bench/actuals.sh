#!/bin/sh
# bench/actuals.sh: amrc --actuals on 10 000, 100 000 and 1 000 000 bookings
# (`make bench` runs it after bench/run.sh; `make bench-actuals` alone).
#
# One plan of 200 projects of 20 lines, each project a cost centre and each
# line a range of cost types (4 000 books statements), and a ';' export of N
# made-up bookings spread over the lines, dated through 2026. It measures
# the median CPU time (user + sys, GNU time) of RUNS runs of `amrc --check --actuals` and of
# `amrc --emit=realisatie-json --actuals`, beside `amrc --check` of the plan
# alone, and the cost of each 10x more bookings: reading and mapping should
# stay linear (a booking is looked up by its cost centre, not against every
# statement).
#
# Environment: BENCH_DIR (default /tmp/amrc-bench), AMRC (default ./amrc),
# RUNS (default 5), ACTUALS_SIZES (default "10000 100000 1000000").
. "$(dirname "$0")/common.sh"
DIR=$DIR/actuals
RUNS=${RUNS:-5}
SIZES=${ACTUALS_SIZES:-"10000 100000 1000000"}
mkdir -p "$DIR" "$DIR/../out" || exit 2

awk 'BEGIN {
  print "plan bench \"Realisatie benchmark\" {\n  years 2026..2029\n}\n\nprogramme p \"P\"\n"
  for (p = 0; p < 200; p++) {
    printf "project p%d \"Project %d\" {\n  programme p\n  books kostenplaats %d\n  opening 10_000_000\n", p, p, 1000 + p
    for (l = 1; l <= 20; l++) {
      side = l <= 4 ? "baten" : "lasten"
      printf "  %d \"Regel %d\" {\n    %s 2026: %d 2027: %d\n", l, l, side, 50000 + 1000 * l, 51000 + 1000 * l
      printf "    books kostensoort %d..%d\n  }\n", (side == "baten" ? 8000 : 4000) + 10 * l, (side == "baten" ? 8000 : 4000) + 10 * l + 9
    }
    print "}\n"
  }
}' >"$DIR/plan.amr"

gen() {  # $1 bookings
  awk -v n="$1" 'BEGIN {
    print "Boekdatum;Dagboek;Boekstuk;Kostenplaats;Kostensoort;Omschrijving;Debet;Credit"
    s = 12345
    for (i = 0; i < n; i++) {
      # the high bits of the generator: its low bits repeat with short periods
      s = (s * 1103515245 + 12345) % 2147483648; p = int(s / 65536) % 200
      s = (s * 1103515245 + 12345) % 2147483648; l = 1 + int(s / 65536) % 20
      s = (s * 1103515245 + 12345) % 2147483648; m = 1 + int(s / 65536) % 12; d = 1 + int(s / 8192) % 28
      s = (s * 1103515245 + 12345) % 2147483648; c = 100 + int(s / 4096) % 500000
      cs = (l <= 4 ? 8000 : 4000) + 10 * l + int(s / 65536) % 10
      amt = sprintf("%d,%02d", int(c / 100), c % 100)
      printf "%02d-%02d-2026;MEM;%d;%d;%d;Boeking %d;%s;%s\n", d, m, 26000000 + i, 1000 + p, cs, i,
             (l <= 4 ? "" : amt), (l <= 4 ? amt : "")
    }
  }' >"$DIR/export-$1.csv"
}

# median CPU time (user + sys) in ms of RUNS runs of "$@": on a machine
# shared with other work, wall time measures the neighbours
median_ms() {
  i=0
  : >"$DIR/times"
  while [ $i -lt "$RUNS" ]; do
    /usr/bin/time -f "%U %S" -o "$DIR/time1" "$@" >/dev/null 2>&1
    awk '{ printf "%d\n", ($1 + $2) * 1000 }' "$DIR/time1" >>"$DIR/times"
    i=$((i + 1))
  done
  sort -n "$DIR/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

out="$DIR/../out/actuals.md"
plan_ms=$(median_ms "$AMRC" -q --check "$DIR/plan.amr")
{
  echo "CPU time (user + sys), median of $RUNS runs"
  echo
  echo "| bookings | export | --check --actuals | --emit=realisatie-json | x per 10x bookings |"
  echo "|---:|---:|---:|---:|---:|"
} >"$out"
prev=
for n in $SIZES; do
  gen "$n"
  bytes=$(wc -c <"$DIR/export-$n.csv")
  if ! "$AMRC" -q --check --actuals "$DIR/export-$n.csv" "$DIR/plan.amr" >/dev/null 2>"$DIR/err"; then
    [ "$(grep -c ': error:' "$DIR/err")" = 0 ] || { echo "bench/actuals.sh: errors reading $n bookings:"; head -5 "$DIR/err"; exit 1; }
  fi
  check=$(median_ms "$AMRC" -q --check --actuals "$DIR/export-$n.csv" "$DIR/plan.amr")
  json=$(median_ms "$AMRC" -q --emit=realisatie-json --actuals "$DIR/export-$n.csv" "$DIR/plan.amr")
  ratio=-
  [ -n "$prev" ] && ratio=$(awk -v a="$check" -v b="$prev" -v p="$plan_ms" 'BEGIN { if (b - p > 0) printf "%.1f", (a - p) / (b - p); else print "-" }')
  echo "| $n | $((bytes / 1024)) KiB | $check ms | $json ms | $ratio |" >>"$out"
  prev=$check
done
echo "amrc --check of the plan alone (200 projects, 4 000 lines): $plan_ms ms (median of $RUNS)" >>"$out"
echo "x per 10x bookings: the growth of --check --actuals less the plan's own check." >>"$out"
cat "$out"

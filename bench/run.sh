#!/bin/sh
# bench/run.sh: amrc's benchmark (`make bench` runs it; see bench/bench.mk).
#
# For each size (BENCH_SIZES, default 2M 20M 200M) it generates a synthetic
# plan with bench/gen.c, then measures, with hyperfine (median wall time of
# repeated runs) and GNU time (peak RSS of one run):
#   - the lexing floor: the peers' bare flex scanner (scan.l, default and -Cf
#     tables) over the same bytes, concatenated into one file;
#   - amrc --check, and amrc --emit=FORMAT for every back end;
# then the Achterhoek example (--check and every back end), and finally the
# peers' own script (/work/shared/bench/peers/run.sh: ledger, hledger,
# bean-check, Beancount's parser, the same flex floor) in the same run, so
# that every ratio is of numbers measured together, on the same machine load,
# and last ledger and amrc --check alternating, run for run. The cost of 10x
# the input is measured the same way: the sizes in turn, round after round.
#
# Environment:
#   BENCH_DIR    where everything goes (default /tmp/amrc-bench; never the repo)
#   BENCH_SIZES  plan sizes (default "2M 20M 200M")
#   BENCH_PEERS  1 (default) runs the peers' script, 0 does not
#   PEERS_DIR    the peers' scripts (default /work/shared/bench/peers)
#   PEER_SIZES   transactions for the peers (default 100000: 20.6 MB)
#   PAIRS        alternating runs of ledger and amrc --check, side by side
#                (default 21; see "side by side with ledger" below)
#   ROUNDS       rounds of the linearity measurement, each running amrc
#                --check once on every size in turn (default 11; see
#                "linearity, interleaved" below)
#   RUNS         repeated runs per command (default 20, 11 and 5 for sizes
#                up to 5 MB, 50 MB and beyond; the example: 30): single
#                runs of the 20 MB plan range over a factor of 2 here
#   LIMIT        seconds one run may take before it is reported as too slow
#                and not repeated (default 120)
#   MEMLIMIT     KiB of address space a measured run may use (default 8 GiB):
#                beyond it amrc stops with "out of memory" (reported)
#   AMRC, GEN    the binaries (default ./amrc and build/bench-gen)
#   AMRC_STDLIB  the stdlib the plans import (default this tree's stdlib/)
#
# Output: tables on stdout and in BENCH_DIR/out/results.md; raw numbers in
# BENCH_DIR/out/*.tsv, *.csv, *.time.
. "$(dirname "$0")/common.sh"
# the plans import the stdlib (funding.amr): this tree's, unless told
export AMRC_STDLIB="${AMRC_STDLIB:-$root/stdlib}"
SIZES=${BENCH_SIZES:-"2M 20M 200M"}
PEERS=${BENCH_PEERS:-1}
PEERS_DIR=${PEERS_DIR:-/work/shared/bench/peers}
PEER_SIZES=${PEER_SIZES:-100000}
LIMIT=${LIMIT:-120}
MEMLIMIT=${MEMLIMIT:-8388608}
OUT=$DIR/out
FORMATS="table summary markdown csv csv-balances json header html risks risks-markdown"
EXAMPLE=$root/examples/achterhoek/plan.amr

missing=""
for tool in hyperfine flex cc awk timeout; do
  command -v $tool >/dev/null 2>&1 || missing="$missing $tool"
done
[ -x /usr/bin/time ] || missing="$missing time(GNU)"
if [ -n "$missing" ]; then
  echo "bench: missing:$missing" >&2
  echo "bench: apt-get install -y hyperfine flex gcc time (and beancount hledger ledger for the peers)" >&2
  exit 2
fi
[ -x "$AMRC" ] || { echo "bench: no $AMRC (make amrc)" >&2; exit 2; }
[ -x "$GEN" ] || { echo "bench: no $GEN (make build/bench-gen)" >&2; exit 2; }
mkdir -p "$DIR" "$OUT"
rm -f "$OUT"/*.tsv "$OUT"/*.csv "$OUT"/*.time

# ------------------------------------------------------------------ the machine
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "uname: $(uname -srm)"
  echo "cpus: $(nproc)  $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  echo "mem: $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "amrc: $("$AMRC" --version) ($(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$root" && git diff --quiet HEAD -- src grammar 2>/dev/null || echo '+changes'))"
  echo "cc: $(cc --version | head -1)"
  echo "flex: $(flex --version)"
  echo "hyperfine: $(hyperfine --version)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt"

# ------------------------------------------------------------------ the lexing floor
scan=$PEERS_DIR/scan.l
[ -f "$scan" ] || scan=$here/scan.l
mkdir -p "$DIR/flexscan"
cp "$scan" "$DIR/flexscan/scan.l"
( cd "$DIR/flexscan" &&
  flex -o scan.c scan.l && cc -O2 -o flexscan scan.c &&
  flex -Cf -o scan_cf.c scan.l && cc -O2 -o flexscan_cf scan_cf.c ) || exit 2

# ------------------------------------------------------------------ measuring
# measure FILE NAME RUNS COMMAND...: one run under GNU time (peak RSS, and
# whether it finishes within LIMIT), then RUNS runs under hyperfine; appends
# "name runs median_s rss_kb status" to FILE.
measure() {
  file=$1 name=$2 runs=$3
  shift 3
  tag=$(basename "$file" .tsv)-$name
  (ulimit -v "$MEMLIMIT" 2>/dev/null; exec /usr/bin/time -f '%e %M' -o "$OUT/$tag.time" timeout "$LIMIT" "$@") >/dev/null 2>&1
  rc=$?
  if [ $rc = 124 ]; then
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" 1 "$LIMIT" "-" "timeout" >>"$file"
    echo "  $name: more than $LIMIT s, not repeated"
    return
  fi
  wall=$(tail -1 "$OUT/$tag.time" | cut -d' ' -f1)
  rss=$(tail -1 "$OUT/$tag.time" | cut -d' ' -f2)
  status=ok
  [ $rc = 0 ] || status="exit-$rc"
  # keep a size's runs within about ten minutes a command
  n=$(awk -v w="$wall" -v r="$runs" 'BEGIN { n = r; if (w * r > 600) n = int(600 / (w + 0.001)); if (n < 1) n = 1; print n }')
  if [ "$n" -ge 2 ]; then
    hyperfine -N -i --style none --warmup 0 --runs "$n" --export-csv "$OUT/$tag.csv" -- "$*" >/dev/null 2>&1
    med=$(awk -F, 'NR == 2 { print $4 }' "$OUT/$tag.csv")
  else
    med=$wall
  fi
  [ -n "$med" ] || { med=$wall; n=1; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$med" "$rss" "$status" >>"$file"
  echo "  $name: median $med s of $n runs, peak RSS $rss KiB ($status)"
}

runs_for() { # bytes -> runs
  if [ -n "${RUNS:-}" ]; then echo "$RUNS"; return; fi
  awk -v b="$1" 'BEGIN { print (b <= 5e6 ? 20 : b <= 5e7 ? 11 : 5) }'
}

: >"$OUT/sizes.tsv"
for size in $SIZES; do
  plan=$DIR/plan-$size
  rm -rf "$plan"
  echo "== generating $size"
  stats=$("$GEN" "$plan" "$size") || exit 2
  echo "$size	$stats" >>"$OUT/sizes.tsv"
  cat "$plan"/*.amr >"$DIR/all-$size.amr"   # the same bytes, one file, for the floor
  bytes=$(echo "$stats" | cut -f1)
  runs=$(runs_for "$bytes")
  echo "== $size: $(echo "$stats" | awk -F'\t' '{ printf "%d bytes, %d files, %d projects, %d lines, %d amount cells", $1, $2, $3, $4, $5 }')"
  rows=$OUT/$size.tsv
  : >"$rows"
  measure "$rows" "flex scan (default tables)" "$runs" "$DIR/flexscan/flexscan" "$DIR/all-$size.amr"
  measure "$rows" "flex scan (-Cf)" "$runs" "$DIR/flexscan/flexscan_cf" "$DIR/all-$size.amr"
  measure "$rows" "amrc --check" "$runs" "$AMRC" --check "$plan/plan.amr"
  for f in $FORMATS; do
    measure "$rows" "amrc --emit=$f" "$runs" "$AMRC" -q --emit=$f "$plan/plan.amr"
  done
  rm -f "$DIR/all-$size.amr"
done

echo "== the example"
ex=$OUT/example.tsv
: >"$ex"
measure "$ex" "amrc --check" "${RUNS:-30}" "$AMRC" --check "$EXAMPLE"
for f in $FORMATS; do
  measure "$ex" "amrc --emit=$f" "${RUNS:-30}" "$AMRC" -q --force --emit=$f "$EXAMPLE"
done

once() { # COMMAND... -> its wall time in seconds (hyperfine, one run)
  hyperfine -N -i --style none --runs 1 --export-csv "$OUT/once.csv" -- "$*" >/dev/null 2>&1 &&
    awk -F, 'NR == 2 { print $2 }' "$OUT/once.csv"
}

# ------------------------------------------------------------------ linearity, interleaved
# Each size's median above is taken minutes apart from the next size's, and
# this machine's speed drifts by up to a fifth within minutes (the flex
# scan's own median ranged over 72-90 MB/s in one session), so the ratio of
# two of them measures the drift as much as amrc. Here every round runs
# --check once on each size in turn, ROUNDS times: the sizes' medians come
# from the same minutes. The per-size tables stay as they are.
rounds=""
set -- $SIZES
if [ $# -ge 2 ]; then
  echo "== linearity, interleaved: ${ROUNDS:-11} rounds of $SIZES"
  rounds=$OUT/rounds.tsv
  : >"$rounds"
  for size in $SIZES; do once "$AMRC" --check "$DIR/plan-$size/plan.amr" >/dev/null; done  # warm-up
  i=0
  while [ $i -lt "${ROUNDS:-11}" ]; do
    i=$((i + 1))
    for size in $SIZES; do
      t=$(once "$AMRC" --check "$DIR/plan-$size/plan.amr")
      [ -n "$t" ] && printf '%d\t%s\t%s\n' "$i" "$size" "$t" >>"$rounds"
    done
  done
  [ -s "$rounds" ] || rounds=""
fi

# ------------------------------------------------------------------ the peers, in the same run
peer_md=""
if [ "$PEERS" = 1 ]; then
  if [ -f "$PEERS_DIR/run.sh" ] && command -v ledger >/dev/null && command -v hledger >/dev/null &&
     command -v bean-check >/dev/null; then
    echo "== the peers ($PEERS_DIR/run.sh, N = $PEER_SIZES)"
    SIZES="$PEER_SIZES" INSTALL=0 DATA="$DIR/peerdata" SCAN="$DIR/peerscan" OUT="$DIR/peerout" \
      bash "$PEERS_DIR/run.sh" >"$OUT/peers.log" 2>&1 || echo "bench: the peers' script failed (see $OUT/peers.log)"
    [ -f "$DIR/peerout/results.md" ] && peer_md=$DIR/peerout/results.md
  else
    echo "bench: the peers are not installed (apt-get install -y beancount hledger ledger) or $PEERS_DIR is missing; skipped"
  fi
fi

# ------------------------------------------------------------------ side by side with ledger
# The peers' script times ledger (the fastest peer) minutes after amrc's
# runs above, three runs after one warm-up; on this machine, whose speed
# drifts within minutes (the same code's median at 136.2 and 116.2 MB/s, 13
# minutes apart; ledger at 11.3 and 13.2 MB/s), that ratio measures the
# drift as much as the tools. Here the two alternate, a run of each in turn, PAIRS times
# (default 21), on the peers' ledger file and the 20 MB plan: each pair is
# timed within a few seconds. The ratio is of the two medians, as for every
# other figure here; the median and range of the pairs' own ratios are
# printed beside it (they carry amrc's run-to-run spread, which on this
# machine is larger than ledger's: amrc runs on both cores, ledger on one).
pairs=""
s20=$(echo "$SIZES" | tr ' ' '\n' | grep -m1 '^20M$' || echo "$SIZES" | awk '{ print $NF }')
ledger_file=$DIR/peerdata/tx$(echo "$PEER_SIZES" | awk '{ print $NF }').ledger
if [ -n "$peer_md" ] && [ -f "$ledger_file" ] && command -v ledger >/dev/null; then
  echo "== side by side: ledger -f FILE bal and amrc --check ($s20), alternating, ${PAIRS:-21} pairs"
  pairs=$OUT/pairs.tsv
  : >"$pairs"
  once ledger -f "$ledger_file" bal >/dev/null   # warm-up: both files in the page cache
  once "$AMRC" --check "$DIR/plan-$s20/plan.amr" >/dev/null
  i=0
  while [ $i -lt "${PAIRS:-21}" ]; do
    l=$(once ledger -f "$ledger_file" bal)
    a=$(once "$AMRC" --check "$DIR/plan-$s20/plan.amr")
    [ -n "$l" ] && [ -n "$a" ] && printf '%s\t%s\n' "$l" "$a" >>"$pairs"
    i=$((i + 1))
  done
  [ -s "$pairs" ] || pairs=""
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

# ------------------------------------------------------------------ tables
# linearity_row FROM TO table|target: the interleaved rounds' medians of two
# sizes, scaled to exactly 10x the bytes, as a row of the table or of the
# targets; beside it the spread of the rounds' own ratios.
linearity_row() {
  awk -F'\t' -v a="$1" -v b="$2" -v form="$3" '
    function median(v, n,   i, j, x) {
      for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
      return v[int((n + 1) / 2)]
    }
    FILENAME ~ /sizes.tsv$/ { bytes[$1] = $2; next }
    $2 == a { ta[++na] = $3; ra[$1] = $3 }
    $2 == b { tb[++nb] = $3; rb[$1] = $3 }
    END {
      bx = bytes[b] / bytes[a]
      for (r in ra) if (r in rb) own[++n] = rb[r] / ra[r] * 10 / bx
      ma = median(ta, na); mb = median(tb, nb); x = mb / ma * 10 / bx
      om = median(own, n)
      if (form == "table")
        printf "| %s | %s | %.2f | %.1f | %.1f | %.2f | %.2f, %.2f, %.2f |\n", a, b, bx, ma * 1000, mb * 1000, x, own[1], om, own[n]
      else
        printf "| 10x the input costs <= 11x the time, %s to %s (%d interleaved rounds) | medians %.1f and %.1f ms for %.2fx the bytes: %.2fx per 10x (each round\047s own: %.2fx to %.2fx) | %s |\n", a, b, n, ma * 1000, mb * 1000, bx, x, own[1], own[n], (x <= 11 ? "yes" : "no")
    }' "$OUT/sizes.tsv" "$rounds"
}
{
  echo "## Machine"
  echo
  sed 's/^/    /' "$OUT/machine.txt"
  echo
  echo "MB = 10^6 bytes of plan text (every generated file, not the stdlib); MiB for memory."
  echo "Medians of wall time; peak RSS of one run (GNU time)."
  for size in $SIZES; do
    line=$(awk -F'\t' -v s="$size" '$1 == s' "$OUT/sizes.tsv")
    bytes=$(echo "$line" | cut -f2)
    cells=$(echo "$line" | cut -f6)
    echo
    echo "### $size plan: $(echo "$line" | awk -F'\t' '{ printf "%.1f MB, %d files, %d projects, %d lines, %d amount cells", $2 / 1e6, $3, $4, $5, $6 }')"
    echo
    echo "| command | runs | median s | MB/s | amount cells/s | peak RSS MiB | RSS / input | x flex floor |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' -v b="$bytes" -v c="$cells" '
      NR == FNR { if ($1 == "flex scan (default tables)") floor = $3; next }
      {
        if ($5 == "timeout") { printf "| %s | - | > %s | < %.2f | | | | |\n", $1, $3, b / 1e6 / $3; next }
        flex = $1 ~ /^flex/
        rss = $4 == "-" ? "" : sprintf("%.1f", $4 / 1024)
        ratio = $4 == "-" ? "" : sprintf("%.2fx", $4 * 1024 / b)
        note = $5 == "ok" ? "" : " (" $5 ")"
        printf "| %s%s | %d | %.3f | %.1f | %s | %s | %s | %.2f |\n", $1, note, $2, $3, b / 1e6 / $3,
               flex ? "" : sprintf("%.0f", c / $3), rss, ratio, $3 / floor
      }' "$OUT/$size.tsv" "$OUT/$size.tsv"
  done
  echo
  echo "### The Achterhoek example ($(cat "$root"/examples/achterhoek/*.amr "$root"/examples/achterhoek/projects/*.amr | wc -c) bytes)"
  echo
  echo "| command | runs | median ms | peak RSS MiB |"
  echo "|---|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %d | %.1f | %s |\n", $1, $2, $3 * 1000, $4 == "-" ? "" : sprintf("%.1f", $4 / 1024) }' "$ex"

  # linearity: each size against the one before it, scaled to exactly 10x the bytes
  set -- $SIZES
  if [ $# -ge 2 ]; then
    echo
    echo "### Linearity of amrc --check (cost of 10x the input; target at most 11x)"
    echo
    echo "| from | to | bytes x | time x | time x per 10x bytes | RSS x | RSS x per 10x bytes |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    prev=""
    for size in $SIZES; do
      if [ -n "$prev" ]; then
        awk -F'\t' -v a="$prev" -v b="$size" '
          FILENAME ~ /sizes.tsv$/ { bytes[$1] = $2; next }
          $1 == "amrc --check" { split(FILENAME, p, "/"); s = p[length(p)]; sub(/\.tsv$/, "", s); t[s] = $3; m[s] = $4 }
          END {
            bx = bytes[b] / bytes[a]; tx = t[b] / t[a]; mx = m[b] / m[a]
            printf "| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n", a, b, bx, tx, tx * 10 / bx, mx, mx * 10 / bx
          }' "$OUT/sizes.tsv" "$OUT/$prev.tsv" "$OUT/$size.tsv"
      fi
      prev=$size
    done
  fi
  if [ -n "$rounds" ]; then
    echo
    echo "### Linearity of amrc --check, interleaved ($(cut -f1 "$rounds" | sort -un | wc -l) rounds, each size in turn)"
    echo
    echo "| from | to | bytes x | median ms, from | median ms, to | time x per 10x bytes | each round's own, per 10x bytes: lowest, median, highest |"
    echo "|---|---|---:|---:|---:|---:|---|"
    prev=""
    for size in $SIZES; do
      [ -n "$prev" ] && linearity_row "$prev" "$size" table
      prev=$size
    done
  fi

  if [ -n "$peer_md" ]; then
    echo
    echo "### The peers, measured in this run ($PEERS_DIR/run.sh)"
    cat "$peer_md"
  fi
  if [ -n "$pairs" ]; then
    echo
    echo "### Side by side: ledger -f FILE bal ($(wc -c <"$ledger_file") bytes) and amrc --check ($s20), alternating"
    echo
    echo "| pair | ledger s | amrc s |"
    echo "|---:|---:|---:|"
    awk -F'\t' '{ printf "| %d | %.3f | %.3f |\n", NR, $1, $2 }' "$pairs"
  fi
} >"$OUT/results.md"

# ------------------------------------------------------------------ ratios against the targets
{
  echo
  echo "### Targets (the performance guard of issue 21; the 20 MB plan where a size is named)"
  echo
  bytes=$(awk -F'\t' -v s="$s20" '$1 == s { print $2 }' "$OUT/sizes.tsv")
  check=$(awk -F'\t' '$1 == "amrc --check" { print $3 }' "$OUT/$s20.tsv")
  rss=$(awk -F'\t' '$1 == "amrc --check" { print $4 }' "$OUT/$s20.tsv")
  floor=$(awk -F'\t' '$1 == "flex scan (default tables)" { print $3 }' "$OUT/$s20.tsv")
  mbs=$(awk -v b="$bytes" -v t="$check" 'BEGIN { printf "%.1f", b / 1e6 / t }')
  fmbs=$(awk -v b="$bytes" -v t="$floor" 'BEGIN { printf "%.1f", b / 1e6 / t }')
  echo "| target | measured | met |"
  echo "|---|---|---|"
  awk -v m="$mbs" -v s="$s20" 'BEGIN { printf "| --check >= 80 MB/s (%s) | %.1f MB/s | %s |\n", s, m, (m >= 80 ? "yes" : "no") }'
  awk -v m="$mbs" -v f="$fmbs" 'BEGIN { printf "| --check >= half the bare flex scan | %.1f MB/s against %.1f / 2 = %.1f MB/s (%.2fx the floor) | %s |\n", m, f, f / 2, m / f, (m >= f / 2 ? "yes" : "no") }'
  awk -v r="$rss" -v b="$bytes" 'BEGIN { printf "| peak RSS <= 3x the input | %.1f MiB for %.1f MB: %.2fx | %s |\n", r / 1024, b / 1e6, r * 1024 / b, (r * 1024 <= 3 * b ? "yes" : "no") }'
  if [ -n "$peer_md" ]; then
    # the fastest peer (checking its file, from text: not the warm cache),
    # MB/s from its median and its file's size
    awk -F'|' -v m="$mbs" '
      FILENAME ~ /sizes.tsv$/ { split($0, f, "\t"); size[f[2] "/" f[1]] = f[3]; next }
      /^### N = / { n = $0; gsub(/[^0-9]/, "", n) }
      /ledger -f FILE bal|hledger -f FILE check|bean-check -C|beancount parse only/ {
        fmt = $2 ~ /hledger/ ? "hledger" : $2 ~ /ledger/ ? "ledger" : "beancount"
        s = $4 + 0; b = size[n "/" fmt]
        if (s > 0 && b > 0 && b / 1e6 / s > best) { best = b / 1e6 / s; who = $2; at = n; mb = b / 1e6 } }
      END { if (best) printf "| --check >= 8x the fastest peer, as the peers\047 script timed it (minutes after amrc) | %.1f MB/s against%s%.2f MB/s (N = %s, %.1f MB): %.1fx | %s |\n", m, who, best, at, mb, m / best, (m >= 8 * best ? "yes" : "no") }' \
      "$DIR/peerout/sizes.tsv" "$peer_md"
  fi
  if [ -n "$pairs" ]; then
    lbytes=$(wc -c <"$ledger_file")
    median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    tl=$(cut -f1 "$pairs" | median)
    ta=$(cut -f2 "$pairs" | median)
    awk -F'\t' -v ba="$bytes" -v bl="$lbytes" '{ print (ba / $2) / (bl / $1) }' "$pairs" | sort -g |
      awk -v ba="$bytes" -v bl="$lbytes" -v tl="$tl" -v ta="$ta" '
        { r[NR] = $1 }
        END {
          m = (ba / ta) / (bl / tl)
          printf "| --check >= 8x ledger, side by side (%d alternating pairs) | medians %.1f MB/s against ledger -f FILE bal %.2f MB/s: %.2fx (each pair\047s own ratio: %.1fx to %.1fx, median %.1fx) | %s |\n",
                 NR, ba / 1e6 / ta, bl / 1e6 / tl, m, r[1], r[NR], r[int((NR + 1) / 2)], (m >= 8 ? "yes" : "no") }'
  fi
  prev=""
  for size in $SIZES; do
    if [ -n "$prev" ]; then
      [ -n "$rounds" ] && linearity_row "$prev" "$size" target
      awk -F'\t' -v a="$prev" -v b="$size" '
        FILENAME ~ /sizes.tsv$/ { bytes[$1] = $2; next }
        $1 == "amrc --check" { split(FILENAME, p, "/"); s = p[length(p)]; sub(/\.tsv$/, "", s); m[s] = $4 }
        END {
          bx = bytes[b] / bytes[a]; x = m[b] / m[a] * 10 / bx
          printf "| 10x the input costs <= 11x the memory, %s to %s | peak RSS %.1f and %.1f MiB for %.2fx the bytes: %.2fx per 10x | %s |\n", a, b, m[a] / 1024, m[b] / 1024, bx, x, (x <= 11 ? "yes" : "no")
        }' "$OUT/sizes.tsv" "$OUT/$prev.tsv" "$OUT/$size.tsv"
    fi
    prev=$size
  done
  awk -F'\t' '$1 == "amrc --check" { printf "| the example checks in < 5 ms | %.1f ms | %s |\n", $3 * 1000, ($3 < 0.005 ? "yes" : "no") }' "$ex"
  awk -F'\t' '$1 != "amrc --check" { if ($3 > worst) { worst = $3; w = $1 } } END { printf "| every back end on the example < 10 ms | slowest: %s %.1f ms | %s |\n", w, worst * 1000, (worst < 0.010 ? "yes" : "no") }' "$ex"
} >>"$OUT/results.md"
echo
cat "$OUT/results.md"
# the guard: a target not met fails the run (measure on a quiet machine)
if grep -q '| no |$' "$OUT/results.md"; then
  echo "bench: a target above is not met" >&2
  exit 1
fi

#!/bin/sh
# tools/demo.sh AMRC PLAN OUTDIR: what `make demo` shows a newcomer, one
# line per step: the check of the example plan (its findings are the
# document's own, on purpose), every output format written to OUTDIR, and
# the summary table. The check's full messages go to OUTDIR/check.txt.
set -u
amrc=$1 plan=$2 out=$3
mkdir -p "$out" || exit 2
"$amrc" --color=never --check "$plan" >"$out/check.txt" 2>&1
rc=$?
[ $rc -gt 1 ] && { cat "$out/check.txt" >&2; exit $rc; }
echo "amrc demo: checked $plan: $(tail -n 1 "$out/check.txt" | sed 's/^amrc: //')"
if [ $rc = 1 ]; then
  echo "amrc demo: these findings are the plan document's own, transcribed as printed and left in on purpose (see $(dirname "$plan")/README.md); every message is in $out/check.txt"
fi
force=""
[ $rc = 1 ] && force=--force
n=0
for f in table summary markdown csv csv-balances json header html risks risks-markdown xlsx; do
  # with --force, amrc still exits 1 for the findings; the file is what counts
  rm -f "$out/example.$f"
  "$amrc" -q $force --emit=$f -o "$out/example.$f" "$plan" 2>/dev/null
  [ -s "$out/example.$f" ] || { echo "amrc demo: --emit=$f wrote nothing" >&2; exit 1; }
  n=$((n + 1))
done
"$amrc" -q $force --emit=csv --csv-dialect=excel-nl -o "$out/example-excel-nl.csv" "$plan" 2>/dev/null
[ -s "$out/example-excel-nl.csv" ] && n=$((n + 1))
echo "amrc demo: wrote $n outputs to $out/ (open $out/example.html in a browser)${force:+, with --force because of those findings}"
echo "amrc demo: the summary table ($out/example.summary):"
cat "$out/example.summary"

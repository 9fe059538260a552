#!/bin/sh
# make demo's steps (tools/demo.sh) on the example: one line per step, the
# findings said to be the document's own, every output written, the summary
# shown; and tools/deps.sh, which make demo runs, asks for no cmocka.
set -u
. "$(dirname "$0")/prologue.sh"
fail=0
sh tools/demo.sh "$amrc" examples/achterhoek/plan.amr "$tmp/out" >"$tmp/log" 2>&1 || { echo "FAIL: tools/demo.sh"; fail=1; }
steps=$(grep -c '^amrc demo: ' "$tmp/log")
[ "$steps" = 4 ] || { echo "FAIL: $steps step lines, not 4"; fail=1; }
grep -q "the plan document's own, transcribed as printed and left in on purpose" "$tmp/log" ||
  { echo "FAIL: the demo does not say the findings are the document's own"; fail=1; }
grep -q '^Tabel 3' "$tmp/log" || { echo "FAIL: no summary table"; fail=1; }
[ "$(ls "$tmp/out" | grep -c '^example')" = 12 ] || { echo "FAIL: not every output written"; fail=1; }
grep -q 'missing="$missing libcmocka' tools/deps.sh && { echo "FAIL: tools/deps.sh (make demo) installs cmocka"; fail=1; }
[ $fail = 0 ] && echo "demo: one line per step, 12 outputs, the findings explained"
[ $fail = 0 ]

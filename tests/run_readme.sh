#!/bin/sh
# The example's README carries the plan's risk paragraph as amrc prints it;
# this keeps the two equal (and equal to examples/achterhoek/RISKS.md).
set -u
cd "$(dirname "$0")/.." || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${AMRC:-./amrc}" -q --force --emit=risks-markdown examples/achterhoek/plan.amr >"$tmp/now" 2>/dev/null
sed -n '/<!-- risks:begin -->/,/<!-- risks:end -->/p' examples/achterhoek/README.md |
  sed '1d;$d' >"$tmp/readme"
ok=1
cmp -s "$tmp/now" "$tmp/readme" || { echo "FAIL: examples/achterhoek/README.md's risk paragraph differs from amrc's"; diff -u "$tmp/readme" "$tmp/now" | head -20; ok=0; }
cmp -s "$tmp/now" examples/achterhoek/RISKS.md || { echo "FAIL: examples/achterhoek/RISKS.md differs from amrc's"; ok=0; }
[ $ok = 1 ] && echo "readme: risk paragraph current"
[ $ok = 1 ]

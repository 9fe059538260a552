#!/bin/sh
# xlsx_recalc.sh: amrc's workbooks recalculated by LibreOffice.
#
# For the example plans and every golden plan that amrc computes, the
# workbook (--emit=xlsx --force) has its stored formula results removed,
# is opened by LibreOffice Calc headless with "recalculate on load" set,
# and converted; then every formula's recalculated value must equal the
# result amrc stored, and each project sheet's totals and balances must
# equal amrc's csv-balances (tests/xlsx_check.py). Also: the same plan
# gives the same bytes twice. Skipped, with a message, without soffice.
set -eu
. "$(dirname "$0")/prologue.sh"
"$amrc" -q --force --emit=xlsx -o "$tmp/a.xlsx" examples/achterhoek/plan.amr 2>/dev/null || true
# a zip stores times in steps of two seconds: a workbook stamped with the
# clock would show it only in runs further apart
sleep 2
"$amrc" -q --force --emit=xlsx -o "$tmp/b.xlsx" examples/achterhoek/plan.amr 2>/dev/null || true
[ -s "$tmp/a.xlsx" ] || { echo "xlsx_recalc: FAIL: no workbook written for the example"; exit 1; }
cmp -s "$tmp/a.xlsx" "$tmp/b.xlsx" || { echo "xlsx_recalc: FAIL: two runs gave different bytes"; exit 1; }
echo "xlsx_recalc: the same plan gives the same bytes"
if ! command -v soffice >/dev/null 2>&1 || [ -z "$py" ]; then
  echo "xlsx_recalc: SKIPPED: needs soffice (Debian: libreoffice-calc-nogui) and python3"
  echo "xlsx_recalc: 1 passed, 0 failed"
  exit 0
fi

mkdir -p "$tmp/in" "$tmp/out" "$tmp/profile/user"
n=0
names=""
missing=0
add() {  # add NAME PLAN: the workbook and the balances, when amrc computes the plan
  "$amrc" -q --force --emit=xlsx -o "$tmp/$1.xlsx" "$2" >/dev/null 2>&1 || true
  "$amrc" -q --force --emit=csv-balances -o "$tmp/$1.csv" "$2" >/dev/null 2>&1 || true
  if [ ! -s "$tmp/$1.xlsx" ]; then
    # a plan whose balances amrc writes has a workbook too: none would
    # leave the plan out of this test unseen
    [ -s "$tmp/$1.csv" ] && { echo "xlsx_recalc: FAIL: $2: balances written, no workbook"; missing=$((missing + 1)); }
    return 0
  fi
  names="$names $1"
  n=$((n + 1))
}
add example examples/achterhoek/plan.amr
for plan in examples/*/plan.amr; do
  [ "$plan" = examples/achterhoek/plan.amr ] || add "example_$(basename "$(dirname "$plan")")" "$plan"
done
for src in $(find tests/golden -name '*.amr' -not -path '*/inc/*' -not -name '_*' | LC_ALL=C sort); do
  [ -f "${src%.amr}.input" ] && continue   # runs the example, done above
  add "$(echo "${src#tests/golden/}" | tr '/' '_' | sed 's/\.amr$//')" "$src"
done

# shellcheck disable=SC2086 # names are made of [A-Za-z0-9_-]
"$py" tests/xlsx_check.py strip $(for x in $names; do echo "$tmp/$x.xlsx $tmp/in/$x.xlsx"; done)

# Recalculate on load, always, for Excel and ODF files alike (a profile of
# its own: the user's settings stay out of it).
cat >"$tmp/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
(cd "$tmp/in" && timeout 1800 soffice -env:UserInstallation="file://$tmp/profile" --headless \
  --convert-to fods --outdir "$tmp/out" ./*.xlsx >/dev/null 2>&1) ||
  { echo "xlsx_recalc: FAIL: LibreOffice could not convert the workbooks"; exit 1; }
# shellcheck disable=SC2086
"$py" tests/xlsx_check.py compare \
  $(for x in $names; do echo "$tmp/$x.xlsx $tmp/out/$x.fods $tmp/$x.csv"; done) >"$tmp/log" 2>&1 || true
fail=$(sed -n 's/^xlsx_check: [0-9]* workbooks, \([0-9]*\) failed$/\1/p' "$tmp/log")
grep -v '^xlsx_check: [0-9]* workbooks,' "$tmp/log" || true
[ -n "$fail" ] || { echo "xlsx_recalc: FAIL: tests/xlsx_check.py did not finish"; fail=$n; }
echo "xlsx_recalc: $n workbooks recalculated by LibreOffice"
fail=$((fail + missing))
echo "xlsx_recalc: $((1 + n - fail + missing)) passed, $fail failed"
[ "$fail" = 0 ]

#!/bin/sh
# xlsx_recalc.sh: amrc's workbooks recalculated by LibreOffice.
#
# For the example plans and every golden plan that amrc computes, the
# workbook (--emit=xlsx --force) has its stored formula results removed,
# is opened by LibreOffice Calc headless with "recalculate on load" set,
# and converted; then every formula's recalculated value must equal the
# result amrc stored, and each project sheet's totals and balances must
# equal amrc's csv-balances (tests/xlsx_check.py). The same with the
# actuals (--actuals) of the example and of every golden test that reads
# some, whose workbooks carry the realisatie's sheets. Also: the same plan
# gives the same bytes twice; the realisatie's sheets and the overview per
# taakveld hold what tests/golden/xlsx/*.txt say, and that overview's sheet
# is where and only where a line names a taakveld (no soffice needed). The recalculation is
# skipped, with a message, without soffice.
set -eu
. "$(dirname "$0")/prologue.sh"
real="--actuals examples/achterhoek/realisatie/export-2026-q1.csv --actuals examples/achterhoek/realisatie/export-2026-q2.csv"
"$amrc" -q --force --emit=xlsx -o "$tmp/a.xlsx" examples/achterhoek/plan.amr 2>/dev/null || true
# shellcheck disable=SC2086
"$amrc" -q --force --emit=xlsx -o "$tmp/ra.xlsx" $real examples/achterhoek/plan.amr 2>/dev/null || true
"$amrc" -q --force --emit=xlsx -o "$tmp/b.xlsx" examples/achterhoek/plan.amr 2>/dev/null || true
# shellcheck disable=SC2086
"$amrc" -q --force --emit=xlsx -o "$tmp/rb.xlsx" $real examples/achterhoek/plan.amr 2>/dev/null || true
[ -s "$tmp/a.xlsx" ] || { echo "xlsx_recalc: FAIL: no workbook written for the example"; exit 1; }
cmp -s "$tmp/a.xlsx" "$tmp/b.xlsx" || { echo "xlsx_recalc: FAIL: two runs gave different bytes"; exit 1; }
echo "xlsx_recalc: the same plan gives the same bytes"
[ -s "$tmp/ra.xlsx" ] || { echo "xlsx_recalc: FAIL: no workbook written for the example's actuals"; exit 1; }
cmp -s "$tmp/ra.xlsx" "$tmp/rb.xlsx" || { echo "xlsx_recalc: FAIL: two runs with the actuals gave different bytes"; exit 1; }
# Two runs within the same two seconds (a zip's step) would agree even if
# the workbook were stamped with the clock: its first entry's time and date
# (local header, bytes 10-13) must be the fixed 00:00, 1 January 1980.
for w in a ra; do
  [ "$(od -An -tx1 -j10 -N4 "$tmp/$w.xlsx" | tr -d ' \n')" = 00002100 ] ||
    { echo "xlsx_recalc: FAIL: $w.xlsx carries the clock's time, not 1980-01-01"; exit 1; }
done
golden=0
if [ -n "$py" ]; then
  # golden NAME SHEET PLAN ARGS...: the sheets from SHEET on (SHEET/N: N
  # of them), as tests/golden/xlsx/NAME.txt holds them (UPDATE=1 writes it)
  golden() {
    name=$1 sheet=${2%/*} plan=$3
    count=""
    [ "$sheet" = "$2" ] || count=${2##*/}
    shift 3
    "$amrc" -q --force --emit=xlsx -o "$tmp/g.xlsx" "$@" "$plan" 2>/dev/null || true
    # shellcheck disable=SC2086 # count: empty or a number
    "$py" tests/xlsx_check.py dump "$tmp/g.xlsx" "$sheet" $count >"$tmp/g.txt" 2>&1 || true
    if [ "${UPDATE:-0}" = 1 ]; then
      cp "$tmp/g.txt" "tests/golden/xlsx/$name.txt"
    elif ! cmp -s "$tmp/g.txt" "tests/golden/xlsx/$name.txt"; then
      echo "xlsx_recalc: FAIL: the workbook's sheets differ from tests/golden/xlsx/$name.txt:"
      diff "tests/golden/xlsx/$name.txt" "$tmp/g.txt" | head -20
      exit 1
    fi
    golden=$((golden + 1))
  }
  # shellcheck disable=SC2086
  golden realisatie-example Realisatie examples/achterhoek/plan.amr $real
  golden realisatie-years-en Actuals tests/golden/actuals/proof-closed.amr --lang=en \
    --actuals tests/golden/actuals/proof-closed.csv --as-of 2027-06-30
  golden realisatie-transfer Realisatie tests/golden/actuals/proof-transfer.amr \
    --actuals tests/golden/actuals/proof-transfer.csv
  golden realisatie-codes Realisatie tests/golden/actuals/inc/plan.amr \
    --actuals tests/golden/actuals/codes.csv
  golden taakvelden Taakvelden/1 tests/golden/taakvelden/taakvelden-xlsx.amr
  golden taakvelden-en Taakvelden/1 tests/golden/taakvelden/taakvelden-xlsx.amr --lang=en
  # A project sheet has the rows and words of the project's table
  # (grid_project): an annual programme's (this plan's) the BBV's saldo
  # and no balances, its saldo as 'sign saldo negative' prints it (lasten -
  # baten).
  golden saldo-negative a/1 tests/golden/taakvelden/taakvelden-xlsx.amr
  # Funds under 'sign saldo negative': the closing subtracts the saldo; a
  # fund's mutations of reserves and its reservation; an annual programme
  # beside them, which the summaries open at zero.
  golden fund-negative Programmalijnen/4 tests/golden/xlsx/fund-negative.amr
  # A plan of annual programmes with reserves: the summaries are the BBV's
  # overzicht (no opening balance; baten and lasten without the mutations,
  # the saldo, the mutations and the result), their sheets named as its
  # rows are (programmes, units), in both languages.
  golden annual-reserves "Programma's/4" tests/golden/budgets/reserves-table.amr
  golden annual-reserves-en Programmes/4 tests/golden/budgets/reserves-table.amr --lang=en
  # The overview's sheet comes after the two summaries, and only where a
  # line names a taakveld (in a plan of annual programmes, t.xlsx: the
  # summaries are named as their rows, programmes and units).
  "$amrc" -q --force --emit=xlsx -o "$tmp/s.xlsx" tests/golden/budgets/annual.amr 2>/dev/null || true
  "$amrc" -q --force --emit=xlsx -o "$tmp/t.xlsx" tests/golden/taakvelden/taakvelden-xlsx.amr 2>/dev/null || true
  for w in s t; do "$py" tests/xlsx_check.py sheets "$tmp/$w.xlsx" >"$tmp/$w.sheets" 2>&1 || true; done
  grep -qx 'Taakvelden' "$tmp/s.sheets" && { echo "xlsx_recalc: FAIL: a taakvelden sheet in a plan whose lines name none"; exit 1; }
  [ "$(tr '\n' ' ' <"$tmp/t.sheets")" = "Programma's Onderdelen Taakvelden a b Bevindingen " ] ||
    { echo "xlsx_recalc: FAIL: the sheets of taakvelden-xlsx.amr: $(tr '\n' ' ' <"$tmp/t.sheets")"; exit 1; }
  # A project named as the overview's sheet gets a sheet of its own name
  # (without regard to case, as Excel compares them).
  printf 'plan p "P" {\n  years 2026..2026\n}\nprogramme p "P"\nproject taakvelden "T" {\n  programme p\n  opening 1\n  1 "R" {\n    lasten 2026: 1\n    taakveld 0.1\n  }\n}\n' >"$tmp/named.amr"
  "$amrc" -q --force --emit=xlsx -o "$tmp/n.xlsx" "$tmp/named.amr" 2>/dev/null || true
  "$py" tests/xlsx_check.py sheets "$tmp/n.xlsx" >"$tmp/n.sheets" 2>&1 || true
  [ "$(tr '\n' ' ' <"$tmp/n.sheets")" = "Programmalijnen Projecten Taakvelden taakvelden~2 Bevindingen " ] ||
    { echo "xlsx_recalc: FAIL: a project named taakvelden: $(tr '\n' ' ' <"$tmp/n.sheets")"; exit 1; }
  # A taakveld whose lines stand in more places than one SUM takes (255
  # arguments) gets its number; the total stays a SUM.
  {
    printf 'plan p "P" {\n  years 2026..2026\n  balance annual\n}\nprogramme p "P"\nproject a "A" {\n  programme p\n'
    i=1
    while [ $i -le 520 ]; do
      printf '  %d "R%d" {\n    lasten 2026: 1\n    baten 2026: 1\n    taakveld 1.%d\n  }\n' $i $i $((i % 2 + 1))
      i=$((i + 1))
    done
    printf '}\n'
  } >"$tmp/many.amr"
  "$amrc" -q --force --emit=xlsx -o "$tmp/m.xlsx" "$tmp/many.amr" 2>/dev/null || true
  "$py" tests/xlsx_check.py dump "$tmp/m.xlsx" Taakvelden 1 >"$tmp/m.txt" 2>&1 || true
  grep -qx 'B4 260' "$tmp/m.txt" && grep -qx 'C5 260' "$tmp/m.txt" &&
    grep -qx 'B6 =SUM(B4:B5) -> 520' "$tmp/m.txt" ||
    { echo "xlsx_recalc: FAIL: 260 runs of a taakveld's lines:"; sed -n '/^[A-G][4-6] /p' "$tmp/m.txt"; exit 1; }
  golden=$((golden + 2))
  echo "xlsx_recalc: the realisatie's, taakvelden and project sheets of $golden plans as tests/golden/xlsx holds them"
fi
if ! command -v soffice >/dev/null 2>&1 || [ -z "$py" ]; then
  echo "xlsx_recalc: SKIPPED: needs soffice (Debian: libreoffice-calc-nogui) and python3"
  echo "xlsx_recalc: $((2 + golden)) passed, 0 failed"
  exit 0
fi

mkdir -p "$tmp/in" "$tmp/out" "$tmp/profile/user"
n=0
names=""
missing=0
add() {  # add NAME PLAN [ARGS...]: the workbook and the balances, when amrc computes the plan
  name=$1 plan=$2
  shift 2
  "$amrc" -q --force --emit=xlsx -o "$tmp/$name.xlsx" "$@" "$plan" >/dev/null 2>&1 || true
  "$amrc" -q --force --emit=csv-balances -o "$tmp/$name.csv" "$@" "$plan" >/dev/null 2>&1 || true
  if [ ! -s "$tmp/$name.xlsx" ]; then
    # a plan whose balances amrc writes has a workbook too: none would
    # leave the plan out of this test unseen
    [ -s "$tmp/$name.csv" ] && { echo "xlsx_recalc: FAIL: $plan: balances written, no workbook"; missing=$((missing + 1)); }
    return 0
  fi
  names="$names $name"
  n=$((n + 1))
}
add example examples/achterhoek/plan.amr
for plan in examples/*/plan.amr; do
  [ "$plan" = examples/achterhoek/plan.amr ] || add "example_$(basename "$(dirname "$plan")")" "$plan"
done
# shellcheck disable=SC2086
add example_realisatie examples/achterhoek/plan.amr $real
# Each golden test that reads actuals, with its options but for what it
# emits, how it reports and its language (xlsx_check.py finds a project's
# balances by their Dutch labels).
for a in tests/golden/actuals/*.args; do
  grep -q -- '--actuals' "$a" || continue
  base=${a%.args}
  plan=$base.amr
  [ -f "$base.input" ] && plan=$(cat "$base.input")
  [ "$plan" = examples/achterhoek/plan.amr ] && continue   # added above
  opts=$(sed -e 's/--emit=[^ ]*//g' -e 's/--check//g' -e 's/--diagnostics-format=[^ ]*//g' \
    -e 's/--lang=[^ ]*//g' "$a")
  # shellcheck disable=SC2086
  add "actuals_$(basename "$base")" "$plan" $opts
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
# What LibreOffice makes of a workbook follows from its bytes and from
# LibreOffice: a recalculation is kept (XLSX_RECALC_CACHE, the build's
# folder under make check) under the hash of both, and a workbook whose
# bytes were recalculated before is not given to LibreOffice again. Its
# figures are still compared below, every one; a change to amrc that
# changes a workbook changes its bytes, and that workbook is recalculated.
cache=${XLSX_RECALC_CACHE:-}
if [ -n "$cache" ] && mkdir -p "$cache" 2>/dev/null; then
  lo=$(soffice --version 2>/dev/null | head -1)
  for x in $names; do
    [ -f "$tmp/in/$x.xlsx" ] || continue   # a name given twice: its workbook is done
    key=$({ echo "$lo"; cat "$tmp/in/$x.xlsx"; } | sha256sum | cut -c1-64)
    echo "$x $key" >>"$tmp/keys"
    if [ -s "$cache/$key.fods" ]; then
      cp "$cache/$key.fods" "$tmp/out/$x.fods" && rm -f "$tmp/in/$x.xlsx"
    fi
  done
fi
fresh=$(find "$tmp/in" -name '*.xlsx' | wc -l)
if [ "$fresh" -gt 0 ]; then
  (cd "$tmp/in" && timeout 1800 soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --convert-to fods --outdir "$tmp/out" ./*.xlsx >/dev/null 2>&1) ||
    { echo "xlsx_recalc: FAIL: LibreOffice could not convert the workbooks"; exit 1; }
fi
if [ -s "$tmp/keys" ]; then
  while read -r x key; do
    [ -s "$cache/$key.fods" ] || [ ! -s "$tmp/out/$x.fods" ] ||
      { cp "$tmp/out/$x.fods" "$cache/$key.fods.$$" && mv "$cache/$key.fods.$$" "$cache/$key.fods"; }
  done <"$tmp/keys"
fi
# shellcheck disable=SC2086
"$py" tests/xlsx_check.py compare \
  $(for x in $names; do echo "$tmp/$x.xlsx $tmp/out/$x.fods $tmp/$x.csv"; done) >"$tmp/log" 2>&1 || true
fail=$(sed -n 's/^xlsx_check: [0-9]* workbooks, \([0-9]*\) failed$/\1/p' "$tmp/log")
grep -v '^xlsx_check: [0-9]* workbooks,' "$tmp/log" || true
[ -n "$fail" ] || { echo "xlsx_recalc: FAIL: tests/xlsx_check.py did not finish"; fail=$n; }
echo "xlsx_recalc: $n workbooks recalculated by LibreOffice ($fresh now, the others' recalculations of the same bytes kept)"
fail=$((fail + missing))
echo "xlsx_recalc: $((2 + golden + n - fail + missing)) passed, $fail failed"
[ "$fail" = 0 ]

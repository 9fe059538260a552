#!/bin/sh
# csv_readers.sh: the example plan's CSV as the programs people read it
# with, without options:
#   - pandas (Debian python3-pandas): amount a number column (a PM cell
#     empty, said by the pm column), pm a boolean column, section text
#     (`§3.10` and `§3.1` stay two sections);
#   - LibreOffice Calc with an en-US import (comma, point, language 1033):
#     every amount a number equal to the CSV's, every section a text cell,
#     and no text cell a formula.
# Each part is skipped, with a message, where its program is missing.
set -eu
. "$(dirname "$0")/prologue.sh"
plan=${1:-examples/achterhoek/plan.amr}
rc=0
"$amrc" -q --force --emit=csv -o "$tmp/plan.csv" "$plan" 2>/dev/null || rc=$?
[ "$rc" -le 1 ] || { echo "csv_readers: FAIL: amrc exited with $rc"; exit 1; }
pass=0

if [ -n "$py" ] && "$py" -c 'import pandas' 2>/dev/null; then
  "$py" - "$tmp/plan.csv" <<'PY'
import sys, csv
import pandas as pd
path = sys.argv[1]
d = pd.read_csv(path)
raw = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
errors = []
if str(d["amount"].dtype) != "float64":
    errors.append(f"amount is {d['amount'].dtype}, not float64")
if str(d["pm"].dtype) != "bool":
    errors.append(f"pm is {d['pm'].dtype}, not bool")
if str(d["section"].dtype) != "object":
    errors.append(f"section is {d['section'].dtype}, not text")
for i, r in enumerate(raw):
    if str(d["section"][i]) != r["section"]:
        errors.append(f"row {i}: section {d['section'][i]!r}, the CSV says {r['section']!r}")
        break
    if r["pm"] == "true":
        if not pd.isna(d["amount"][i]):
            errors.append(f"row {i}: a PM cell read as {d['amount'][i]}")
    elif round(d["amount"][i] * 100) != round(float(r["amount"]) * 100):
        errors.append(f"row {i}: amount {d['amount'][i]}, the CSV says {r['amount']}")
if len({s for s in d["section"] if isinstance(s, str)}) < 2:
    errors.append("fewer than two sections: the test proves nothing on this plan")
for e in errors:
    print("csv_readers: FAIL (pandas):", e)
sys.exit(1 if errors else 0)
PY
  echo "csv_readers: pandas reads numeric amounts, boolean pm and textual sections"
  pass=$((pass + 1))
else
  echo "csv_readers: pandas SKIPPED: no python3-pandas (Debian: apt-get install python3-pandas)"
fi

if command -v soffice >/dev/null 2>&1; then
  # Separator ',', quote '"', UTF-8 (76), from row 1, language en-US (1033),
  # and the 13th option: evaluate formulas. A profile of its own keeps the
  # user's settings out of it.
  (cd "$tmp" && timeout 180 soffice -env:UserInstallation="file://$tmp/profile" --headless \
    --infilter='CSV:44,34,76,1,,1033,false,false,false,false,false,,true' \
    --convert-to fods --outdir "$tmp" plan.csv >/dev/null 2>&1) ||
    { echo "csv_readers: FAIL: LibreOffice could not convert the CSV"; exit 1; }
  "$py" - "$tmp/plan.csv" "$tmp/plan.fods" <<'PY'
import sys, csv
import xml.etree.ElementTree as ET
T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
raw = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
rows = []
for row in ET.parse(sys.argv[2]).iter(T + "table-row"):
    cells = []
    for c in row.iter(T + "table-cell"):
        n = int(c.get(T + "number-columns-repeated", "1"))
        if c.get(T + "formula"):
            sys.exit("csv_readers: FAIL (LibreOffice): a cell became a formula")
        text = "".join("".join(p.itertext()) for p in c.iter(X + "p"))
        cells += [(c.get(O + "value-type"), c.get(O + "value"), text)] * min(n, 64)
    rows += [cells] * min(int(row.get(T + "number-rows-repeated", "1")), len(raw))
head = raw[0]
sec, amt = head.index("section"), head.index("amount")
errors = []
for i, r in enumerate(raw[1:], 1):
    got = rows[i]
    if got[sec][0] != "string" or got[sec][2] != r[sec]:
        errors.append(f"row {i}: section {r[sec]!r} arrived as {got[sec]}")
    if r[amt] == "":
        if got[amt][0] is not None:
            errors.append(f"row {i}: an empty amount arrived as {got[amt]}")
    elif got[amt][0] != "float" or round(float(got[amt][1]) * 100) != round(float(r[amt]) * 100):
        errors.append(f"row {i}: amount {r[amt]} arrived as {got[amt]}")
    if len(errors) > 5:
        break
for e in errors:
    print("csv_readers: FAIL (LibreOffice en-US):", e)
sys.exit(1 if errors else 0)
PY
  echo "csv_readers: LibreOffice (en-US) reads numeric amounts and textual sections"
  pass=$((pass + 1))
else
  echo "csv_readers: LibreOffice SKIPPED: no soffice (Debian: apt-get install libreoffice-calc-nogui)"
fi
echo "csv_readers: $pass passed, 0 failed"

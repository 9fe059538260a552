#!/usr/bin/env python3
"""Checks amrc's workbooks against a spreadsheet's own arithmetic (a
test-only tool, run by tests/xlsx_recalc.sh).

  xlsx_check.py strip IN.xlsx OUT.xlsx [IN.xlsx OUT.xlsx ...]
      OUT is IN with every formula's stored result removed, so that what a
      spreadsheet shows for it can only come from recalculating it.
  xlsx_check.py compare IN.xlsx RECALC.fods BALANCES.csv [IN RECALC BALANCES ...]
      every formula cell of IN, recalculated by LibreOffice (RECALC, the
      stripped copy converted), equals the result amrc stored (to the
      cent; a share, realised / budget, to amrc's tenth of a percent); and
      each project sheet's Totaal, opening and closing rows equal amrc's
      csv-balances (an annual programme's sheet, which has no opening and
      closing rows: its Totaal, and csv-balances' opening 0 and closing
      baten - lasten). Prints what differs, the first
      workbook's count of formulas when it agrees, and last a line
      "xlsx_check: N workbooks, F failed"; exit status 1 when F > 0.

  xlsx_check.py sheets IN.xlsx
      prints the names of the workbook's sheets, one a line, in its order.
  xlsx_check.py dump IN.xlsx FIRST_SHEET [COUNT]
      prints every cell of the sheets from FIRST_SHEET on (COUNT of them,
      or all to the end), one a line:
      its reference, its text or number, and a formula with its stored
      result (a golden test of what a sheet holds).

Many workbooks go in one run: a python start costs more than checking
a small workbook.
"""
import csv
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def strip(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if re.match(r"xl/worksheets/sheet\d+\.xml$", item.filename):
                data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
            zout.writestr(item, data)


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def xlsx_sheets(path):
    """[(name, {(row, col): (formula, cached float)})] in workbook order."""
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = []
    for s in wb.iter(M + "sheet"):
        xml = ET.fromstring(z.read("xl/" + target[s.get(R + "id")]))
        cells = {}
        for c in xml.iter(M + "c"):
            f = c.find(M + "f")
            if f is None:
                continue
            m = re.match(r"([A-Z]+)(\d+)$", c.get("r"))
            v = c.find(M + "v")
            cells[(int(m.group(2)) - 1, col_index(m.group(1)))] = (f.text, float(v.text))
        out.append((s.get("name"), cells))
    return out


def fods_sheets(path):
    """{name: {(row, col): (value type, value, text, formula)}}"""
    out = {}
    for table in ET.parse(path).iter(T + "table"):
        grid = {}
        r = 0
        for row in table.iter(T + "table-row"):
            nrows = int(row.get(T + "number-rows-repeated", "1"))
            c = 0
            for cell in row:
                if cell.tag not in (T + "table-cell", T + "covered-table-cell"):
                    continue
                n = int(cell.get(T + "number-columns-repeated", "1"))
                text = "\n".join("".join(p.itertext()) for p in cell.iter(X + "p"))
                val = (cell.get(O + "value-type"), cell.get(O + "value"), text, cell.get(T + "formula"))
                if val[0] or val[3]:
                    for k in range(min(n, 1024)):
                        grid[(r, c + k)] = val
                c += n
            r += min(nrows, 1 << 16)
        out[table.get(T + "name")] = grid
    return out


def dump(path, first, count=None):
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(M + "si"):
            strings.append("".join(t.text or "" for t in si.iter(M + "t")))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    names = [s.get("name") for s in wb.iter(M + "sheet")]
    if first not in names:
        sys.exit(f"xlsx_check: {path}: no sheet {first!r}")
    start = names.index(first)
    for s in list(wb.iter(M + "sheet"))[start:start + count if count else None]:
        print(f"== {s.get('name')}")
        xml = ET.fromstring(z.read("xl/" + target[s.get(R + "id")]))
        for c in xml.iter(M + "c"):
            f, v = c.find(M + "f"), c.find(M + "v")
            if f is not None:
                print(f"{c.get('r')} ={f.text} -> {v.text if v is not None else ''}")
            elif v is not None:
                print(f"{c.get('r')} {strings[int(v.text)] if c.get('t') == 's' else v.text}")


def cents(v):
    return round(float(v) * 100)


# Beyond 2**53 cents (about 90 trillion euros) a spreadsheet's doubles no
# longer hold every cent, and amrc reports such sums as errors: there the
# values must agree to a double's precision, not to the cent.
EXACT = 2**53 / 100
TAAKVELDEN = ("Overzicht van baten en lasten per taakveld", "Income and expenses per taakveld")
SALDO = ("Saldo begrote baten en lasten", "Saldo van baten en lasten")
BALANCES = ("Budget per 1 januari", "Budget per 31 december")
SHARE = re.compile(r"^[A-Z]+[0-9]+/[A-Z]+[0-9]+$")


def same(a, b):
    a, b = float(a), float(b)
    if max(abs(a), abs(b)) >= EXACT:
        return abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    return cents(a) == cents(b)


def compare(xlsx, fods, balances, verbose):
    errors = []
    sheets = xlsx_sheets(xlsx)
    recalc = fods_sheets(fods)
    nformulas = 0
    for name, cells in sheets:
        grid = recalc.get(name)
        if grid is None:
            errors.append(f"sheet {name!r} missing after recalculation")
            continue
        for (r, c), (formula, cached) in sorted(cells.items()):
            nformulas += 1
            got = grid.get((r, c))
            where = f"{name}!{chr(65 + c) if c < 26 else c}{r + 1} ={formula}"
            if not got or not got[3]:
                errors.append(f"{where}: no formula after recalculation")
            elif got[0] != "float" and not (got[0] == "percentage" and SHARE.match(formula or "")):
                errors.append(f"{where}: recalculated to {got[0]} {got[2]!r}")
            elif SHARE.match(formula or ""):
                # a share (realised / budget): amrc stores its tenths of a percent
                if abs(float(got[1]) - cached) > 0.0005 + 1e-9:
                    errors.append(f"{where}: LibreOffice gives {got[1]}, amrc stored {cached}")
            elif not same(got[1], cached):
                errors.append(f"{where}: LibreOffice gives {got[1]}, amrc stored {cached}")
    # The project sheets (between the two summaries and the findings)
    # against csv-balances, by the labels of their rows.
    rows = list(csv.DictReader(open(balances, newline="", encoding="utf-8-sig")))
    projects = []
    for r in rows:
        if not projects or projects[-1][0] != r["project"]:
            projects.append((r["project"], []))
        projects[-1][1].append(r)
    # The findings sheet comes last, or before the realisatie's four
    # (--actuals), which end with its findings.
    names = [n for n, _ in sheets]
    real = names and names[-1] in ("Realisatie bevindingen", "Actuals findings")
    project_sheets = names[2:-5] if real else names[2:-1]
    # the overview per taakveld, after the two summaries where the plan's
    # lines name taakvelden: known by its name and its title
    if project_sheets and project_sheets[0] == "Taakvelden" and \
            recalc.get("Taakvelden", {}).get((0, 0), (None, None, ""))[2].startswith(TAAKVELDEN):
        project_sheets = project_sheets[1:]
    if len(project_sheets) != len(projects):
        errors.append(f"{len(project_sheets)} project sheets, {len(projects)} projects in the CSV")
    for name, (pid, years) in zip(project_sheets, projects):
        grid = recalc.get(name, {})
        # Totaal just above the saldo (a line may itself be called "Totaal"),
        # then the balances at 1 January and 31 December where the project
        # is a fund: an annual programme has none, and closes each year at
        # its Totaal's baten - lasten, from zero.
        labels = {r: v[2] for (r, c), v in grid.items() if c == 1}
        saldo = [r for r, t in labels.items() if t in SALDO]
        s0 = max(saldo) if saldo else None
        if s0 is None or labels.get(s0 - 1) != "Totaal":
            errors.append(f"{name}: rows Totaal and {' or '.join(SALDO)} not found")
            continue
        label_row = {"Totaal": s0 - 1}
        for r, t in labels.items():
            if r > s0 and t in BALANCES and t not in label_row:
                label_row[t] = r
        if len(label_row) == 2:
            errors.append(f"{name}: Budget per 1 januari without Budget per 31 december")
            continue
        fund = len(label_row) == 3

        def value(label, col):
            got = grid.get((label_row[label], col))
            return float(got[1]) if got and got[0] == "float" else None

        for y, b in enumerate(years):
            want = {("Totaal", 2 + 2 * y): b["baten"], ("Totaal", 3 + 2 * y): b["lasten"]}
            if fund:
                want[("Budget per 1 januari", 2 + 2 * y)] = b["opening"]
                want[("Budget per 31 december", 2 + 2 * y)] = b["closing"]
            for (label, col), v in want.items():
                got = value(label, col)
                if got is None or not same(got, v):
                    errors.append(f"{name} ({pid}) {b['year']} {label}: sheet {got}, csv-balances {v}")
            tb, tl = value("Totaal", 2 + 2 * y), value("Totaal", 3 + 2 * y)
            if not fund and (not same(b["opening"], 0) or tb is None or tl is None or
                             not same(tb - tl, b["closing"])):
                errors.append(f"{name} ({pid}) {b['year']}: an annual programme opens at "
                              f"{b['opening']} and closes at {b['closing']}, not 0 and "
                              f"Totaal's baten - lasten ({tb} - {tl})")
    if nformulas == 0 and project_sheets:
        errors.append("no formula in the workbook")
    for e in errors[:20]:
        print(f"xlsx_check: {xlsx}: {e}")
    if len(errors) > 20:
        print(f"xlsx_check: {xlsx}: ... {len(errors) - 20} more")
    if not errors and verbose:
        print(f"xlsx_check: {xlsx}: {nformulas} formulas recalculated equal amrc's values")
    return not errors


if __name__ == "__main__":
    args = sys.argv[2:]
    if len(sys.argv) == 3 and sys.argv[1] == "sheets":
        wb = ET.fromstring(zipfile.ZipFile(sys.argv[2]).read("xl/workbook.xml"))
        for s in wb.iter(M + "sheet"):
            print(s.get("name"))
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "dump":
        dump(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) == 5 else None)
    elif len(sys.argv) > 1 and sys.argv[1] == "strip" and args and len(args) % 2 == 0:
        for i in range(0, len(args), 2):
            strip(args[i], args[i + 1])
    elif len(sys.argv) > 1 and sys.argv[1] == "compare" and args and len(args) % 3 == 0:
        failed = 0
        for i in range(0, len(args), 3):
            try:
                ok = compare(*args[i:i + 3], verbose=i == 0)
            except Exception as e:  # one unreadable workbook fails alone
                print(f"xlsx_check: {args[i]}: {type(e).__name__}: {e}")
                ok = False
            failed += not ok
        print(f"xlsx_check: {len(args) // 3} workbooks, {failed} failed")
        sys.exit(1 if failed else 0)
    else:
        sys.exit(__doc__)

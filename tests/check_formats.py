#!/usr/bin/env python3
"""Checks amrc's machine outputs against their formats (a test-only tool:
amrc itself never needs Python; tests/run_diagfmt.sh and tests/run_diff.sh
skip these checks when python3 is missing).

  check_formats.py sarif FILE      SARIF 2.1.0: the required fields, levels,
                                   relative artifact URIs, 1-based regions
  check_formats.py github FILE     GitHub workflow commands: properties and
                                   message escaped (% , : and newlines)
  check_formats.py jsonl FILE      amrc --diagnostics-format=json: one object
                                   per line with the documented fields
  check_formats.py json FILE       one JSON document (amrc diff --format=json)
"""
import json
import re
import sys

errors = []


def fail(msg):
    errors.append(msg)


URI_OK = re.compile(r"^([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+$")


def check_location(where, loc):
    pl = loc.get("physicalLocation")
    if not isinstance(pl, dict):
        return fail(f"{where}: physicalLocation missing")
    al = pl.get("artifactLocation")
    if not isinstance(al, dict) or not isinstance(al.get("uri"), str):
        return fail(f"{where}: artifactLocation.uri missing")
    uri = al["uri"]
    if uri.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri):
        fail(f"{where}: uri {uri!r} is not a relative reference")
    if not URI_OK.match(uri):
        fail(f"{where}: uri {uri!r} has characters a URI must percent-encode")
    region = pl.get("region")
    if not isinstance(region, dict):
        return fail(f"{where}: region missing")
    for key in ("startLine", "startColumn"):
        v = region.get(key)
        if not isinstance(v, int) or v < 1:
            fail(f"{where}: region.{key} is {v!r}, not an integer >= 1")
    if "endLine" in region and region["endLine"] < region.get("startLine", 1):
        fail(f"{where}: region ends before it starts")


def check_sarif(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("version") != "2.1.0":
        fail("version is not 2.1.0")
    if "$schema" not in doc:
        fail("$schema missing")
    runs = doc.get("runs")
    if not isinstance(runs, list) or not runs:
        return fail("runs missing or empty")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver", {})
        if not isinstance(driver.get("name"), str) or not driver["name"]:
            fail(f"runs[{r}].tool.driver.name missing")
        rules = {x.get("id") for x in driver.get("rules", [])}
        results = run.get("results")
        if not isinstance(results, list):
            fail(f"runs[{r}].results missing")
            continue
        for i, res in enumerate(results):
            where = f"runs[{r}].results[{i}]"
            if not isinstance(res.get("message", {}).get("text"), str):
                fail(f"{where}: message.text missing")
            if not isinstance(res.get("ruleId"), str):
                fail(f"{where}: ruleId missing")
            elif rules and res["ruleId"] not in rules:
                fail(f"{where}: ruleId {res['ruleId']!r} is not among the driver's rules")
            if res.get("level") not in ("none", "note", "warning", "error"):
                fail(f"{where}: level {res.get('level')!r}")
            locs = res.get("locations")
            if not isinstance(locs, list):
                fail(f"{where}: locations missing")
                continue
            for k, loc in enumerate(locs):
                check_location(f"{where}.locations[{k}]", loc)
            for k, loc in enumerate(res.get("relatedLocations", [])):
                check_location(f"{where}.relatedLocations[{k}]", loc)


COMMAND = re.compile(r"^::(error|warning|notice)( [^:]*)?::(.*)$")


def check_escaped(where, text, prop):
    if "\n" in text or "\r" in text:
        fail(f"{where}: raw line break")
    for m in re.finditer(r"%", text):
        if text[m.start():m.start() + 3] not in ("%25", "%0D", "%0A", "%3A", "%2C"):
            fail(f"{where}: '%' not escaped in {text!r}")
    if prop and ("," in text or ":" in text):
        fail(f"{where}: ',' or ':' not escaped in property {text!r}")


def check_github(path):
    n = 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.startswith("::"):
                continue
            n += 1
            m = COMMAND.match(line)
            if not m:
                fail(f"line {lineno}: not a workflow command: {line!r}")
                continue
            props = (m.group(2) or "").strip()
            for p in props.split(",") if props else []:
                if "=" not in p:
                    fail(f"line {lineno}: property without '=': {p!r}")
                    continue
                key, value = p.split("=", 1)
                if key not in ("file", "line", "col", "endLine", "endColumn", "title"):
                    fail(f"line {lineno}: unknown property {key!r}")
                check_escaped(f"line {lineno} {key}", value, True)
            check_escaped(f"line {lineno} message", m.group(3), False)
    if n == 0:
        fail("no workflow commands")


def check_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            obj = json.loads(line)
            for key in ("severity", "name", "location", "message", "accepted", "notes"):
                if key not in obj:
                    fail(f"line {lineno}: {key} missing")


def check_json(path):
    with open(path, encoding="utf-8") as f:
        json.load(f)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    {"sarif": check_sarif, "github": check_github, "jsonl": check_jsonl,
     "json": check_json}[kind](path)
    for e in errors:
        print(f"{path}: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

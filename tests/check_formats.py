#!/usr/bin/env python3
"""Checks amrc's machine outputs against their formats (a test-only tool:
amrc itself never needs Python; tests/run_diagfmt.sh and tests/golden.sh
skip these checks when python3 is missing).

  check_formats.py sarif FILE      SARIF 2.1.0: valid against the OASIS schema
                                   (tests/sarif-schema-2.1.0.json, with
                                   python3-jsonschema); what GitHub code
                                   scanning uses: rule texts (short, full,
                                   help) and an absolute helpUri where given,
                                   relative artifact URIs against %SRCROOT%,
                                   1-based regions, related locations with
                                   their messages
  check_formats.py sarif-trouble FILE
                                   a run that could not read its plan: valid,
                                   the trouble as a toolExecutionNotification,
                                   executionSuccessful false, no results
  check_formats.py sarif-docs FILE URL
                                   with AMRC_DOCS_URL=URL: informationUri is
                                   URL, every rule's helpUri URL#diagnostics
  check_formats.py github FILE     GitHub workflow commands: properties and
                                   message escaped (% , : and newlines)
  check_formats.py jsonl FILE      amrc --diagnostics-format=json: one object
                                   per line with the documented fields
  check_formats.py json FILE       one JSON document (amrc diff --format=json)
"""
import json
import os
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
    if al.get("uriBaseId") not in ("%SRCROOT%", "AMRC_STDLIB"):
        fail(f"{where}: uriBaseId {al.get('uriBaseId')!r}, not %SRCROOT%")
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


SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sarif-schema-2.1.0.json")


def check_schema(doc):
    try:
        import jsonschema
    except ImportError:
        print("check_formats: python3-jsonschema not found, SARIF schema validation skipped "
              "(tools/test-deps.sh installs it)")
        return
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    for e in jsonschema.Draft4Validator(schema).iter_errors(doc):
        fail(f"schema: /{'/'.join(str(p) for p in e.path)}: {e.message[:300]}")


def text_of(obj, key):
    v = obj.get(key)
    return v.get("text") if isinstance(v, dict) else None


def check_rule(r, rule):
    where = f"rule {rule.get('id')!r}"
    short, full, helps = text_of(rule, "shortDescription"), text_of(rule, "fullDescription"), \
        text_of(rule, "help")
    for name, v in (("shortDescription", short), ("fullDescription", full), ("help", helps)):
        if not isinstance(v, str) or not v.strip():
            fail(f"{where}: {name}.text missing")
    if isinstance(full, str) and full == short:
        fail(f"{where}: fullDescription only repeats shortDescription (no text in diag_help.c)")
    if isinstance(helps, str) and isinstance(full, str) and len(helps) <= len(full):
        fail(f"{where}: help says no more than fullDescription (no fix)")
    uri = rule.get("helpUri")
    if uri is not None and not re.match(r"^https?://[^\s/$.?#][^\s]*$", uri):
        fail(f"{where}: helpUri {uri!r} is not an absolute http(s) URI")
    if uri is not None and "example.invalid" in uri:
        fail(f"{where}: helpUri {uri!r} leads nowhere")


def check_sarif(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    check_schema(doc)
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
        for rule in driver.get("rules", []):
            check_rule(r, rule)
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
                if not isinstance(text_of(loc, "message"), str):
                    fail(f"{where}.relatedLocations[{k}]: message.text missing")


def check_sarif_trouble(path):
    check_sarif(path)
    with open(path, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    inv = run.get("invocations") or [{}]
    notes = inv[0].get("toolExecutionNotifications") or []
    if inv[0].get("executionSuccessful") is not False:
        fail("executionSuccessful is not false")
    if not any(n.get("level") == "error" and n.get("descriptor", {}).get("id") == "io" and
               text_of(n, "message") for n in notes):
        fail("no io error among the toolExecutionNotifications")
    if run.get("results"):
        fail("the trouble is also given as a result")


def check_sarif_docs(path, url):
    check_sarif(path)
    with open(path, encoding="utf-8") as f:
        driver = json.load(f)["runs"][0]["tool"]["driver"]
    if driver.get("informationUri") != url:
        fail(f"informationUri {driver.get('informationUri')!r}, not {url!r}")
    for rule in driver.get("rules", []):
        if rule.get("helpUri") != url + "#diagnostics":
            fail(f"rule {rule.get('id')!r}: helpUri {rule.get('helpUri')!r}")


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
    kinds, summaries = {}, []
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
            kinds[m.group(1)] = kinds.get(m.group(1), 0) + 1
            if "title=amrc%3A" in props:
                summaries.append((n, m.group(1), m.group(3)))
    if n == 0:
        fail("no workflow commands")
    check_github_limits(kinds, summaries)


# GitHub shows at most 10 annotations of each kind of a step, 50 of a job.
GH_PER_KIND = 10


def check_github_limits(kinds, summaries):
    for kind, k in kinds.items():
        if k > GH_PER_KIND:
            fail(f"{k} {kind} annotations: GitHub shows only {GH_PER_KIND} of a step")
    if not summaries:
        return
    if len(summaries) > 1:
        fail("more than one summary annotation")
    pos, kind, text = summaries[0]
    if pos != 1 or kind != "notice":
        fail(f"the summary annotation is a {kind} at place {pos}, not the first notice")
    m = re.match(r"(\d+) \D+ (\d+) \D+ (\d+)\D+(\d+)\D+(\d+)\)", text)
    if not m:
        fail(f"summary without its counts: {text!r}")
        return
    left, total, e, w, nt = (int(x) for x in m.groups())
    shown = sum(kinds.values()) - 1
    if left != e + w + nt or shown + left != total:
        fail(f"summary counts do not add up: {left} of {total} left out ({e}+{w}+{nt}), "
             f"{shown} annotations")
    if left == 0:
        fail("a summary annotation while nothing is left out")


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
    if kind == "sarif-docs":
        check_sarif_docs(path, sys.argv[3])
    else:
        {"sarif": check_sarif, "sarif-trouble": check_sarif_trouble, "github": check_github,
         "jsonl": check_jsonl, "json": check_json}[kind](path)
    for e in errors:
        print(f"{path}: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/bin/sh
# html_axe.sh [PLAN]: the HTML report's accessibility, checked by axe-core
# (npm; tools/test-deps.sh installs it into tools/node/) in headless
# Chromium, at three widths (1280, 768 and 390 px): zero violations of the
# WCAG 2.0/2.1 A and AA rules and axe's best practices. The report carries
# no script and its Content-Security-Policy forbids one, so a copy of it
# gets axe and a few lines that write axe's results into the page; the
# browser's DOM dump carries them out. The same browser run takes a
# screenshot at each width, kept in $AMRC_TEST_OUT/html-axe/ (default
# tests/out/html-axe/), to look at. Skipped, with a message, without
# Chromium or axe-core.
set -eu
. "$(dirname "$0")/prologue.sh"
plan=${1:-examples/achterhoek/plan.amr}
axe=tools/node/node_modules/axe-core/axe.min.js
browser=""
for b in chromium chromium-browser google-chrome; do
  command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
if [ -z "$browser" ] || [ ! -f "$axe" ] || [ -z "$py" ]; then
  echo "html_axe: SKIPPED: needs chromium, python3 and axe-core (tools/test-deps.sh installs them)"
  exit 0
fi
out=${AMRC_TEST_OUT:-tests/out}/html-axe
mkdir -p "$out"
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
fail() {
  echo "html_axe: FAIL: $*"
  exit 1
}
rc=0
"$amrc" -q --force --emit=html -o "$tmp/report.html" "$plan" 2>/dev/null || rc=$?
[ "$rc" -le 1 ] || fail "amrc exited with $rc"
cp "$axe" "$tmp/axe.min.js"
"$py" - "$tmp/report.html" "$tmp/axe.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
run = """<script src="axe.min.js"></script><script>
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
                   resultTypes: ["violations"]}).then(function (r) {
  var pre = document.createElement("pre");
  pre.id = "axe-result";
  pre.textContent = JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + " :: " + n.failureSummary; })};
  }));
  document.body.appendChild(pre);
});
</script></body>"""
html = html.replace("</body>", run, 1)
open(sys.argv[2], "w", encoding="utf-8").write(html)
PY
run() {
  timeout 180 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$tmp/profile" --hide-scrollbars "$@"
}
total=0
for w in 1280 768 390; do
  rm -f "$out/report-$w.png"
  run --window-size=$w,2400 --virtual-time-budget=30000 --screenshot="$out/report-$w.png" \
    --dump-dom "file://$tmp/axe.html" \
    >"$tmp/dom-$w.html" 2>/dev/null || fail "$browser could not load the report at $w px"
  n=$("$py" - "$tmp/dom-$w.html" "$w" <<'PY'
import html, json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
if not m:
    print("html_axe: FAIL: axe gave no result at", sys.argv[2], "px", file=sys.stderr)
    print(-1)
    sys.exit()
found = json.loads(html.unescape(m.group(1)))
for v in found:
    print(f"html_axe: {sys.argv[2]} px: {v['id']} ({v['impact']}): {v['help']}", file=sys.stderr)
    for n in v["nodes"]:
        print("    ", n.replace("\n", " ")[:300], file=sys.stderr)
print(len(found))
PY
)
  [ "$n" -ge 0 ] || fail "no axe result at $w px"
  total=$((total + n))
  [ -s "$out/report-$w.png" ] || fail "$browser took no screenshot at $w px"
  echo "html_axe: $w px: $n violations; screenshot $out/report-$w.png"
done
[ "$total" = 0 ] || fail "$total axe violations"
echo "html_axe: 3 passed, 0 failed"

#!/bin/sh
# html_browser.sh [AMRC [PLAN]]: the HTML report in a real browser.
#
# Writes the report of the example plan (with --force: the plan has findings
# of its own, and the report shows them) and opens it in headless Chromium:
#   - the page loads with no console message at all: no script error, no
#     Content-Security-Policy violation, nothing fetched that is not there;
#   - the DOM the browser built has a section for every project of the plan
#     (the ids come from amrc's CSV, not from the report), the overview, the
#     risk paragraph, charts, and no script element;
#   - a screenshot is taken (kept as $AMRC_SCREENSHOT when that is set);
#   - printed to PDF (A4), the report has at least a page per project.
# Skipped, with a message, where no Chromium is installed.
set -eu

amrc=${1:-./amrc}
plan=${2:-examples/achterhoek/plan.amr}

browser=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$b" >/dev/null 2>&1; then
    browser=$b
    break
  fi
done
if [ -z "$browser" ]; then
  echo "html_browser: SKIPPED: no Chromium installed (Debian: apt-get install chromium)"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/amrc-html-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
fail() {
  echo "html_browser: FAIL: $*" >&2
  exit 1
}

# The check's exit status says whether the plan is clean; 2 is trouble.
rc=0
"$amrc" -q --force --emit=html -o "$work/report.html" "$plan" 2>/dev/null || rc=$?
[ "$rc" -le 1 ] || fail "amrc exited with $rc"
[ -s "$work/report.html" ] || fail "no report written"
"$amrc" -q --force --emit=csv-balances -o "$work/balances.csv" "$plan" 2>/dev/null || true
ids=$(tail -n +2 "$work/balances.csv" | cut -d, -f1 | sort -u)
[ -n "$ids" ] || fail "no projects in the plan's CSV"

# Headless Chromium in a container: no sandbox (no user namespaces), no GPU,
# its own profile so that nothing of the user's is read or written.
run() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --hide-scrollbars "$@"
}
url="file://$work/report.html"

run --enable-logging=stderr --v=0 --dump-dom "$url" >"$work/dom.html" 2>"$work/console.txt" ||
  fail "$browser could not load the report"
if grep -E ':CONSOLE|Uncaught' "$work/console.txt" >"$work/errors.txt"; then
  cat "$work/errors.txt" >&2
  fail "the page logged console messages"
fi
for id in $ids; do
  grep -q "<section class=\"project\" id=\"project-$id\">" "$work/dom.html" ||
    fail "no section for project '$id' in the rendered page"
done
for want in 'id="overview"' 'id="risks"' '<svg class="chart"' '<table class="project"'; do
  grep -q "$want" "$work/dom.html" || fail "the rendered page has no $want"
done
if grep -qi '<script' "$work/dom.html"; then
  fail "the rendered page has a script element"
fi

run --screenshot="$work/report.png" --window-size=1400,2600 "$url" >/dev/null 2>&1 ||
  fail "$browser could not take a screenshot"
# a PNG, and not a blank one (a blank page compresses to a few kilobytes)
[ "$(od -An -tx1 -N8 "$work/report.png" | tr -d ' \n')" = "89504e470d0a1a0a" ] ||
  fail "the screenshot is not a PNG"
[ "$(wc -c <"$work/report.png")" -gt 50000 ] || fail "the screenshot looks blank"
if [ -n "${AMRC_SCREENSHOT:-}" ]; then
  cp "$work/report.png" "$AMRC_SCREENSHOT"
fi

run --print-to-pdf="$work/report.pdf" --no-pdf-header-footer "$url" >/dev/null 2>&1 ||
  fail "$browser could not print the report"
# the page tree's root counts every page: the largest /Count
pages=$(grep -a -o '/Count [0-9]*' "$work/report.pdf" | cut -d' ' -f2 | sort -n | tail -1)
pages=${pages:-0}
nprojects=$(echo "$ids" | wc -l)
[ "$pages" -gt "$nprojects" ] || fail "the printed report has $pages pages for $nprojects projects"

echo "html_browser: $nprojects project sections rendered, no console messages, $pages A4 pages"

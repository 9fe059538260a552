#!/bin/sh
# Installs cmocka (the unit tests' framework) and the programs some tests
# drive, when they are missing and this machine can: compilers for the generated C header (g++, clang), a real
# spreadsheet for the excel-nl CSV (LibreOffice Calc), a GFM renderer for
# the Markdown (cmark-gfm), valgrind (`make check-valgrind`), a browser for
# the HTML report (chromium, and axe-core from npm in tools/node/), pandas for the CSV as a script reads it
# (python3-pandas, tests/csv_readers.sh), the SARIF 2.1.0 schema validator
# (python3-jsonschema, tests/check_formats.py), and gcc for `make check-sanitize` (it builds
# with gcc's -fsanitize=address,undefined; Debian's gcc brings the runtimes,
# libasan8 and libubsan1, with it). The tests skip with a message where a
# program is missing; CI installs them so that nothing is skipped there.
set -eu
missing=""
[ -f /usr/include/cmocka.h ] || missing="$missing libcmocka-dev"
command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v g++ >/dev/null 2>&1 || missing="$missing g++"
command -v clang >/dev/null 2>&1 || missing="$missing clang"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-calc-nogui"
command -v cmark-gfm >/dev/null 2>&1 || missing="$missing cmark-gfm"
command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium fonts-dejavu-core"
/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || missing="$missing python3-pandas"
/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$missing python3-jsonschema"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "amrc: installing test tools:$missing" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  else
    echo "amrc: some tests will be skipped; to run them install:$missing" >&2
  fi
fi
# axe-core (npm), for the report's accessibility test (tests/html_axe.sh),
# in a folder of the tree's own: nothing is installed system-wide.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$root/tools/node/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null 2>&1; then
  npm install --no-save --no-audit --no-fund --prefix "$root/tools/node" axe-core@4 >&2 ||
    echo "amrc: could not install axe-core; tests/html_axe.sh will be skipped" >&2
fi

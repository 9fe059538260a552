#!/bin/sh
# release-smoke.sh AMRC: the release binary, linked statically, still opens
# libxlsxwriter with dlopen (src/emit_xlsx.c), which works only with the C
# library it was built against. Run at the end of `make release` so that a
# release that cannot write a workbook on this machine is never installed:
# a crash fails the build; a workbook not written, while the library is
# installed, fails it too.
set -u
amrc=$1
out=$(dirname "$amrc")/release-smoke.xlsx
rm -f "$out"
"$amrc" -q --force --emit=xlsx -o "$out" examples/achterhoek/plan.amr 2>"$out.err"
status=$?
if [ "$status" -ge 128 ]; then
  echo "make release: $amrc --emit=xlsx died (status $status): rebuild, or link it dynamically" >&2
  exit 1
fi
if [ ! -s "$out" ]; then
  if grep -q "needs libxlsxwriter" "$out.err" && ! ldconfig -p 2>/dev/null | grep -q libxlsxwriter; then
    echo "make release: libxlsxwriter is not installed: --emit=xlsx will say so" >&2
    rm -f "$out" "$out.err"
    exit 0
  fi
  echo "make release: $amrc --emit=xlsx wrote no workbook:" >&2
  cat "$out.err" >&2
  exit 1
fi
rm -f "$out" "$out.err"

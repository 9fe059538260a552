#!/bin/sh
# tests/depgraph.sh [BUILD]: the modules' dependencies as issue 21 asks
# them to be: no cycle, no call from a lower layer into a higher one, no
# back end reaching into another's internals (tools/depgraph, read from
# the objects of BUILD); and docs/architecture.md shows the graph as it is
# (the table between its depgraph markers, as `tools/depgraph --markdown`
# prints it).
. "$(dirname "$0")/prologue.sh"
build=${1:-build}
[ -n "$py" ] || { echo "depgraph: no python3" >&2; exit 2; }
fail=0
if ! "$py" tools/depgraph "$build" >"$tmp/graph"; then
  sed -n '/^$/,$p' "$tmp/graph"
  echo "depgraph: FAIL: the dependencies above (tools/depgraph $build)"
  fail=1
fi
# The table is compared in the default build only: another compiler or
# -O level (the sanitizer builds) may keep or drop a call in code it proves
# dead, and the docs show the build a contributor makes.
if [ "$build" != build ]; then
  [ $fail = 0 ] && echo "depgraph: no cycle, no upward call ($build)"
  exit $fail
fi
"$py" tools/depgraph --markdown "$build" >"$tmp/table" || exit 2
sed -n '/^<!-- depgraph: begin -->$/,/^<!-- depgraph: end -->$/p' docs/architecture.md |
  sed '1d;$d' >"$tmp/doc"
if ! [ -s "$tmp/doc" ]; then
  echo "depgraph: FAIL: docs/architecture.md has no table between <!-- depgraph: begin --> and <!-- depgraph: end -->"
  fail=1
elif ! cmp -s "$tmp/table" "$tmp/doc"; then
  diff -u "$tmp/doc" "$tmp/table" | head -40
  echo "depgraph: FAIL: docs/architecture.md's table is not the graph of the code: paste 'tools/depgraph --markdown' between its markers"
  fail=1
fi
[ $fail = 0 ] && echo "depgraph: no cycle, no upward call; docs/architecture.md shows the graph"
exit $fail

#!/bin/sh
# tests/headers.sh: the headers of src/ as docs/architecture.md
# ("Headers") lays them out:
#   - each compiles alone, included twice, without a warning: it includes
#     what its own declarations need, and its guard works;
#   - each includes only headers of a layer below its own (the ranks
#     below), so that no layer's header drags in a higher one;
#   - no file of src/ or grammar/ includes the umbrella amrc.h, which is for
#     the unit tests and the fuzz harness: an object that did would be
#     rebuilt whenever any header changes.
. "$(dirname "$0")/prologue.sh"
cc=${CC:-cc}
rank() {
  case $1 in
    support.h) echo 0 ;;
    core.h) echo 1 ;;
    parse.h | plan.h | cli.h) echo 2 ;;
    actuals.h | alloc.h | grid.h) echo 3 ;;
    emit.h) echo 4 ;;
    amrc.h) echo 9 ;;
    *) echo "" ;;
  esac
}
fail=0
n=0
for h in src/*.h; do
  name=${h#src/}
  r=$(rank "$name")
  if [ -z "$r" ]; then
    echo "headers: FAIL: $h has no layer in tests/headers.sh (and docs/architecture.md, \"Headers\")"
    fail=1
    continue
  fi
  printf '#include "%s"\n#include "%s"\n' "$name" "$name" >"$tmp/one.c"
  if ! $cc -std=c11 -Wall -Wextra -Werror -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
      -fsyntax-only "$tmp/one.c" 2>"$tmp/err"; then
    echo "headers: FAIL: $h does not compile alone:"
    cat "$tmp/err"
    fail=1
  fi
  for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$h"); do
    ri=$(rank "$inc")
    if [ -z "$ri" ] || [ "$ri" -ge "$r" ]; then
      echo "headers: FAIL: $h includes $inc, which is not of a layer below it"
      fail=1
    fi
  done
  n=$((n + 1))
done
if grep -n '^#include "amrc.h"' src/*.c src/*.h grammar/parser.y grammar/lexer.l; then
  echo "headers: FAIL: the files above include amrc.h; include the headers they use instead"
  fail=1
fi
[ $fail = 0 ] && echo "headers: $n headers, each alone and in its layer"
exit $fail

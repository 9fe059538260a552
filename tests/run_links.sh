#!/bin/sh
# Every relative link in the README and the docs points at a file that is
# there (a user who follows one never lands on nothing). Links to anchors are
# checked for the file only; web addresses are not followed.
set -u
. "$(dirname "$0")/prologue.sh"
fail=0
n=0
for doc in README.md docs/*.md examples/*/README.md bench/RESULTS.md; do
  [ -f "$doc" ] || continue
  dir=$(dirname "$doc")
  # ](target) and ](target#anchor), one per line; skip URLs and mail
  for target in $(grep -o '](\([^)#]*\)[^)]*)' "$doc" | sed 's/^](//; s/)$//; s/#.*//' | sort -u); do
    case $target in ''|http://*|https://*|mailto:*) continue ;; esac
    n=$((n + 1))
    if [ ! -e "$dir/$target" ]; then
      echo "FAIL: $doc links to '$target', which does not exist"
      fail=$((fail + 1))
    fi
  done
done
echo "links: $((n - fail)) passed, $fail failed"
[ $fail = 0 ]

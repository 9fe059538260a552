#!/bin/sh
# fuzz/seeds.sh OUTDIR: the fuzzer's seed corpus, built at run time from
# every .amr in the repository (examples/, stdlib/, tests/), so that no copy
# of them is committed.
#
# The harness reads one buffer and cannot follow imports, so besides each
# file as it is, a root file that imports others is also written flattened
# (each import replaced by the imported file, found next to the importing
# file or in stdlib/, each file once), whole and once per imported file that
# declares a project (the root with that one project and every file that
# declares no project and no expectation): small complete plans that reach every stage.
#
# fuzz/seeds.sh OUTDIR --pairs: also the pairs for fuzz_diff (old plan, a
# NUL byte, new plan): each NAME.new.amr of tests/golden/diff/ with its
# NAME.old.amr or base.amr, both ways round.
set -eu
out=${1:?usage: fuzz/seeds.sh OUTDIR [--pairs]}
pairs=${2:-}
cd "$(dirname "$0")/.."
mkdir -p "$out"

files=$(find examples stdlib tests -name '*.amr' -type f 2>/dev/null | LC_ALL=C sort)

# seed NAME < content: stores the content under a stable file name.
seed() { cat >"$out/$1"; }

for f in $files; do
  seed "$(echo "$f" | tr '/' '_')" <"$f"
done

# flatten FILE SEEN ONLY: FILE with its imports inlined, depth first. SEEN
# is a file listing what was inlined already; ONLY, when not empty, keeps
# among the project-declaring imports only that one.
flatten() {
  file=$1 seen=$2 only=$3
  dir=$(dirname "$file")
  while IFS= read -r line || [ -n "$line" ]; do
    rel=$(printf '%s\n' "$line" | sed -n 's/^[[:space:]]*import[[:space:]]*"\([^"]*\)".*/\1/p')
    if [ -z "$rel" ]; then
      printf '%s\n' "$line"
      continue
    fi
    target=""
    for cand in "$dir/$rel" "stdlib/$rel"; do
      if [ -f "$cand" ]; then target=$cand; break; fi
    done
    [ -n "$target" ] || { printf '# (import "%s" not found)\n' "$rel"; continue; }
    # one spelling per file, so that a cycle (a/../a.amr) ends
    target=$(realpath --relative-to=. "$target")
    grep -qxF "$target" "$seen" && continue
    if [ -n "$only" ] && [ "$target" != "$only" ] &&
       grep -q '^[[:space:]]*\(project\|expect\)[[:space:]]' "$target"; then
      continue
    fi
    echo "$target" >>"$seen"
    (flatten "$target" "$seen" "$only")
  done <"$file"
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in $files; do
  grep -q '^[[:space:]]*import[[:space:]]*"' "$f" || continue
  name=$(echo "$f" | tr '/' '_')
  realpath --relative-to=. "$f" >"$tmp"
  flatten "$f" "$tmp" "" | seed "flat_$name"
  # one seed per project-declaring import
  for imp in $(sed -n 's/^[[:space:]]*import[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
    target="$(dirname "$f")/$imp"
    [ -f "$target" ] || continue
    grep -q '^[[:space:]]*project[[:space:]]' "$target" || continue
    target=$(realpath --relative-to=. "$target")
    realpath --relative-to=. "$f" >"$tmp"
    # the projects left out are named no more: no transfers, no earmarks
    flatten "$f" "$tmp" "$target" |
      sed -e '/^[[:space:]]*transfer[[:space:]]/d' -e 's/earmarked for .*/earmarked/' |
      seed "flat_${name%.amr}_$(basename "$imp")"
  done
done
if [ "$pairs" = --pairs ]; then
  for new in $(find tests/golden/diff -name '*.new.amr' | LC_ALL=C sort); do
    old=${new%.new.amr}.old.amr
    [ -f "$old" ] || old=$(dirname "$new")/base.amr
    name=$(echo "${new%.new.amr}" | tr '/' '_')
    { cat "$old"; printf '\0'; cat "$new"; } | seed "pair_$name"
    { cat "$new"; printf '\0'; cat "$old"; } | seed "pair_${name}_back"
  done
fi
echo "fuzz/seeds.sh: $(ls "$out" | wc -l) seeds in $out"

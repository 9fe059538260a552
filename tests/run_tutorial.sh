#!/bin/sh
# docs/tutorial.md runs as written: its ```sh blocks, in order, as one
# script in an empty folder, with the amrc under test first on the PATH.
# A command must succeed, unless its line ends in "# exits N": then it must
# exit with N. The test fails at the first command that does otherwise, and
# says which. Needs git (the tutorial's last part); skipped without it.
set -u
. "$(dirname "$0")/prologue.sh"
if ! command -v git >/dev/null 2>&1; then
  echo "tutorial: git missing, skipped"
  exit 0
fi
doc=docs/tutorial.md
mkdir -p "$tmp/bin" "$tmp/work"
ln -s "$amrc" "$tmp/bin/amrc"
ln -s "$(pwd)/stdlib" "$tmp/stdlib"
# every command is echoed with its line in the document, and checked
awk '
  /^```sh$/ { inblock = 1; next }
  /^```/    { inblock = 0; next }
  !inblock  { next }
  heredoc != "" { print; if ($0 == heredoc) heredoc = ""; next }
  {
    line = $0
    want = 0
    if (match(line, /# exits [0-9]+$/)) {
      want = substr(line, RSTART + 8) + 0
      line = substr(line, 1, RSTART - 1)
      sub(/[ \t]+$/, "", line)
    }
    if (match(line, /<<.?EOF.?$/)) {
      heredoc = "EOF"
      printf "echo %c== %s: %s%c >&2\n", 39, NR, "heredoc", 39
      print line
      next
    }
    gsub(/\047/, "\047\\\047\047", line)
    printf "echo %c$ %s%c >&2\n", 39, line, 39
    printf "sh -c %c%s%c; rc=$?; [ $rc = %d ] || { echo \"FAIL: %s line %d exits $rc, not %d\"; exit 1; }\n", 39, line, 39, want, FILENAME, NR, want
  }
' "$doc" >"$tmp/script.sh"
# cd must act on the script itself, not in a child shell
sed -i "s/^sh -c 'cd \\([^']*\\)';.*/cd \\1 || exit 1/" "$tmp/script.sh"
if (cd "$tmp/work" && PATH="$tmp/bin:$PATH" AMRC_STDLIB="$tmp/stdlib" HOME="$tmp" \
    GIT_CONFIG_NOSYSTEM=1 sh "$tmp/script.sh") >"$tmp/log" 2>&1; then
  [ -n "${VERBOSE:-}" ] && cat "$tmp/log"
  echo "tutorial: every command of $doc ran as the text says"
else
  grep FAIL "$tmp/log" || echo "FAIL: $doc"
  tail -30 "$tmp/log"
  exit 1
fi

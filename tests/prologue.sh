# tests/prologue.sh: how every test runner begins, sourced as
#   . "$(dirname "$0")/prologue.sh"
# The repository's root becomes the working folder; $amrc is the binary
# under test (AMRC, default ./amrc) as an absolute path; $tmp is a fresh
# folder, removed on exit even where a test made parts of it read-only.
cd "$(dirname "$0")/.." || exit 2
amrc=${AMRC:-./amrc}
case $amrc in /*) ;; *) amrc=$(pwd)/$amrc ;; esac
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

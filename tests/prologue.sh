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
# $py: the python the tests run, empty where there is none. Debian's own
# first: the python3-* packages the tests use (pandas, yaml) are installed
# for it, and a python3 earlier on PATH may be a version manager's shim
# that costs a process tree on every start.
if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; else py=$(command -v python3 || true); fi

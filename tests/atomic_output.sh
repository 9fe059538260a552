#!/bin/sh
# tests/atomic_output.sh: amrc writes its output whole or not at all. An
# error at any point (the plan fails its check, the plan cannot be
# computed, the folder is missing, the target is a folder, the disk refuses
# a write midway, a signal kills it midway, the folder is read-only) leaves
# the previous file exactly as it was, and leaves no temporary file behind.
# -o never replaces an input; amrc fmt writes through symlinks, keeps hard
# links and the mode, and refuses a read-only file (as the user nobody too,
# since CI runs this as root).
#
# Run from anywhere; AMRC=path/to/amrc to test another binary.
set -u
. "$(dirname "$0")/prologue.sh"
fail=0
pass=0

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# A clean plan with enough lines that its JSON is several kilobytes.
{
  printf 'plan p "P" {\n  years 2026..2029\n}\nprogramme prog "Prog"\n'
  printf 'project a "A" {\n  programme prog\n  opening 1_000_000\n'
  for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
    printf '  %s "Line %s" {\n    lasten 2026..2029: 1_000\n  }\n' "$i" "$i"
  done
  printf '}\n'
} >"$tmp/good.amr"
# The same plan short of money: the check fails.
sed 's/opening 1_000_000/opening 1/' "$tmp/good.amr" >"$tmp/short.amr"
# A plan that cannot even be read.
printf 'plan p "P" { years 2026 }\nproject ) {\n' >"$tmp/broken.amr"

mkdir "$tmp/out"
out=$tmp/out/plan.json

# the folder holds the output and nothing else: no temp file left over
only_output() {
  left=$(ls -A "$tmp/out")
  [ "$left" = "plan.json" ] || bad "$1: the folder holds '$left', not just plan.json"
}

# kept NAME STATUS WANT_STATUS: the previous output is still there, unchanged
kept() {
  if [ "$2" != "$3" ]; then
    bad "$1: exit status $2, expected $3"
    sed 's/^/    /' "$tmp/err"
  elif ! cmp -s "$out" "$tmp/before.json"; then
    bad "$1: the previous output was changed"
  else
    ok
  fi
  only_output "$1"
}

# 1. a clean plan is written
"$amrc" -q --emit=json -o "$out" "$tmp/good.amr" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] || [ ! -s "$out" ]; then
  bad "a clean plan: exit status $rc, or no output"
  sed 's/^/    /' "$tmp/err"
  echo "atomic_output: $pass passed, $fail failed"
  exit 1
fi
ok
only_output "a clean plan"
size=$(wc -c <"$out")
[ "$size" -gt 4096 ] || bad "the test plan's JSON is only $size bytes; the midway test needs more"
cp "$out" "$tmp/before.json"

# 2. a plan that fails its check, without --force: nothing written
"$amrc" -q --emit=json -o "$out" "$tmp/short.amr" 2>"$tmp/err"
kept "a plan that fails its check" $? 1
grep -q "nothing written" "$tmp/err" || bad "a plan that fails its check: no 'nothing written' message"

# 3. a plan that cannot be computed, even with --force: nothing written
"$amrc" -q --force --emit=json -o "$out" "$tmp/broken.amr" 2>"$tmp/err"
kept "a plan that cannot be computed" $? 1

# 4. into a folder that does not exist: an I/O error, nothing created
"$amrc" -q --emit=json -o "$tmp/out/missing/plan.json" "$tmp/good.amr" 2>"$tmp/err"
kept "a missing folder" $? 2
[ ! -e "$tmp/out/missing" ] || bad "a missing folder: it was created"
grep -q "cannot write" "$tmp/err" || bad "a missing folder: no 'cannot write' message"

# 5. onto a folder: an I/O error, the folder stays a folder
mkdir "$tmp/dir"
"$amrc" -q --emit=json -o "$tmp/dir" "$tmp/good.amr" 2>"$tmp/err"
rc=$?
if [ $rc -ne 2 ] || [ ! -d "$tmp/dir" ] || [ -n "$(ls -A "$tmp/dir")" ]; then
  bad "a folder as the target: exit status $rc, or the folder was changed"
else
  ok
fi
[ "$(ls -A "$tmp" | grep -c '^dir\.tmp')" = 0 ] || bad "a folder as the target: a temp file was left"

# 6. the disk refuses a write midway (a file size limit of 1 KiB or 512
# bytes; SIGXFSZ ignored so that write() fails with EFBIG)
(
  trap '' XFSZ
  ulimit -f 1
  exec "$amrc" -q --emit=json -o "$out" "$tmp/good.amr" 2>"$tmp/err"
)
kept "a write that fails midway" $? 2
grep -q "cannot write" "$tmp/err" || bad "a write that fails midway: no 'cannot write' message"

# 7. a read-only folder (root may write anyway: skipped then)
if [ "$(id -u)" != 0 ]; then
  chmod a-w "$tmp/out"
  "$amrc" -q --emit=json -o "$out" "$tmp/good.amr" 2>"$tmp/err"
  kept "a read-only folder" $? 2
  chmod u+w "$tmp/out"
fi

# 8. a successful rewrite replaces the file whole and keeps its mode
chmod 600 "$out"
"$amrc" -q --emit=table -o "$out" "$tmp/good.amr" 2>"$tmp/err"
rc=$?
"$amrc" -q --emit=table "$tmp/good.amr" >"$tmp/table" 2>/dev/null
if [ $rc -ne 0 ] || ! cmp -s "$out" "$tmp/table"; then
  bad "a rewrite: exit status $rc, or the file is not the new output"
else
  ok
fi
mode=$(ls -l "$out" | cut -c1-10)
[ "$mode" = "-rw-------" ] || bad "a rewrite: mode $mode, expected -rw-------"
only_output "a rewrite"

# 9. killed midway by a signal (SIGXFSZ at a file size limit, not ignored
# this time; SIGINT and SIGTERM take the same way): the previous output
# intact and no temp file left
cp "$out" "$tmp/before.json"
(
  ulimit -f 1
  exec "$amrc" -q --emit=json -o "$out" "$tmp/good.amr" 2>"$tmp/err"
) 2>/dev/null
rc=$?
[ $rc -gt 128 ] || bad "killed midway: exit status $rc, expected death by a signal"
kept "killed midway" 0 0

# 10. --emit=xlsx where libxlsxwriter cannot be opened (amrc opens it only
# when a workbook is asked for: src/emit_xlsx.c), found first through
# LD_LIBRARY_PATH: a file that is not a library, then a library without
# libxlsxwriter's functions. An I/O error that says why, the previous output
# kept; the other formats do not need the library, and amrc is not linked
# with it (nor with the libcrypto it brings).
mkdir "$tmp/lib"
printf 'not a library\n' >"$tmp/lib/libxlsxwriter.so.4"
LD_LIBRARY_PATH=$tmp/lib "$amrc" -q --emit=xlsx -o "$out" "$tmp/good.amr" 2>"$tmp/err"
kept "libxlsxwriter not a library" $? 2
grep -q "cannot make the workbook: --emit=xlsx needs libxlsxwriter" "$tmp/err" ||
  bad "libxlsxwriter not a library: no message that says so: $(cat "$tmp/err")"
LD_LIBRARY_PATH=$tmp/lib "$amrc" -q --emit=json "$tmp/good.amr" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 0 ] || bad "--emit=json with no libxlsxwriter to open: exit status $rc"
if command -v cc >/dev/null 2>&1; then
  printf 'int not_libxlsxwriter;\n' >"$tmp/lib/empty.c"
  cc -shared -fPIC -o "$tmp/lib/libxlsxwriter.so.4" "$tmp/lib/empty.c"
  LD_LIBRARY_PATH=$tmp/lib "$amrc" -q --emit=xlsx -o "$out" "$tmp/good.amr" 2>"$tmp/err"
  kept "libxlsxwriter without its functions" $? 2
  grep -q "libxlsxwriter.so.4 has no function workbook_new_opt" "$tmp/err" ||
    bad "libxlsxwriter without its functions: no message that says so: $(cat "$tmp/err")"
fi
if command -v readelf >/dev/null 2>&1; then
  needed=$(readelf -d "$amrc" | grep NEEDED | grep -E 'xlsxwriter|crypto')
  [ -z "$needed" ] || bad "amrc is linked with: $needed"
fi
"$amrc" -q --emit=xlsx -o "$out" "$tmp/good.amr" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] || [ "$(head -c 2 "$out")" != "PK" ]; then
  bad "--emit=xlsx with the library: exit status $rc, or no workbook"
else
  ok
fi
cp "$out" "$tmp/before.json"

# as_nobody CMD...: runs a command as an unprivileged user, as a CI runner
# that is not root would (root may write a read-only file); nothing when
# setpriv is missing or we are not root
as_nobody() {
  if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
    setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
  else
    "$@"
  fi
}

# 11. -o naming the plan or a file it imports, by any path: refused as gcc
# refuses "input file is the same as output file", the file unchanged
mkdir "$tmp/same"
cp "$tmp/good.amr" "$tmp/same/plan.amr"
printf 'import "part.amr"\n' >>"$tmp/same/plan.amr"
printf 'project b "B" {\n  programme prog\n  1 "X" { lasten 2026: 0 }\n}\n' >"$tmp/same/part.amr"
cp "$tmp/same/plan.amr" "$tmp/same/plan.before"
cp "$tmp/same/part.amr" "$tmp/same/part.before"
ln "$tmp/same/part.amr" "$tmp/same/part-link.amr"
ln -s plan.amr "$tmp/same/sym.amr"
for target in plan.amr ./../same/plan.amr sym.amr part.amr part-link.amr; do
  (cd "$tmp/same" && "$amrc" -q --force --emit=csv -o "$target" plan.amr 2>"$tmp/err")
  rc=$?
  if [ $rc -ne 2 ] || ! cmp -s "$tmp/same/plan.amr" "$tmp/same/plan.before" ||
     ! cmp -s "$tmp/same/part.amr" "$tmp/same/part.before"; then
    bad "-o $target, an input: exit status $rc, or an input was changed"
  elif ! grep -q "is the same as output file" "$tmp/err"; then
    bad "-o $target, an input: no 'same as output file' message"
  else
    ok
  fi
done

# 12. amrc fmt writes through a symbolic link (the link stays a link),
# keeps hard links and the mode, and refuses a read-only file
chmod 755 "$tmp"
mkdir "$tmp/fmt"
printf 'plan p "P" {   years 2026..2026 }\nprogramme prog "Prog"\n' >"$tmp/fmt/real.amr"
"$amrc" fmt - <"$tmp/fmt/real.amr" >"$tmp/fmt/want" 2>/dev/null
cp "$tmp/fmt/real.amr" "$tmp/fmt/orig"
chmod 640 "$tmp/fmt/real.amr"
ln -s real.amr "$tmp/fmt/link.amr"
ln "$tmp/fmt/real.amr" "$tmp/fmt/hard.amr"
chmod a+rwx "$tmp/fmt"
chown -R nobody "$tmp/fmt" 2>/dev/null
as_nobody "$amrc" fmt "$tmp/fmt/link.amr" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] || [ ! -L "$tmp/fmt/link.amr" ] || ! cmp -s "$tmp/fmt/real.amr" "$tmp/fmt/want"; then
  bad "fmt through a symlink: exit status $rc, the link replaced, or the file not formatted"
  sed 's/^/    /' "$tmp/err"
else
  ok
fi
cmp -s "$tmp/fmt/hard.amr" "$tmp/fmt/want" || bad "fmt: the hard link does not see the new text"
[ "$(ls -l "$tmp/fmt/real.amr" | cut -c1-10)" = "-rw-r-----" ] || bad "fmt: the mode was not kept"
[ "$(ls "$tmp/fmt" | grep -c tmp)" = 0 ] || bad "fmt: a temp file was left"
cp "$tmp/fmt/orig" "$tmp/fmt/ro.amr"
chown nobody "$tmp/fmt/ro.amr" 2>/dev/null
chmod 444 "$tmp/fmt/ro.amr"
for who in as_nobody env; do
  $who "$amrc" fmt "$tmp/fmt/ro.amr" 2>"$tmp/err"
  rc=$?
  if [ $rc -ne 2 ] || ! cmp -s "$tmp/fmt/ro.amr" "$tmp/fmt/orig"; then
    bad "fmt of a read-only file ($who): exit status $rc, or the file was rewritten"
  elif ! grep -q "read-only" "$tmp/err"; then
    bad "fmt of a read-only file ($who): no 'read-only' message"
  else
    ok
  fi
done

echo "atomic_output: $pass passed, $fail failed"
[ $fail = 0 ]

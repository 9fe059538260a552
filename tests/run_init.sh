#!/bin/sh
# amrc init: a new plan repository that checks clean.
#  1. `amrc init DIR --years 2027..2030 --title T` writes the files; the plan
#     checks with no finding, every .amr file passes `amrc fmt --check`, and
#     the workflow and hook are contrib/'s, the hook executable.
#  2. The commented example lines, uncommented, still check (they are the
#     language, not prose).
#  3. With git: DIR is a repository whose diff driver and hook are set; a
#     commit of a file out of layout is refused by the hook, a formatted one
#     goes in (skipped without git).
#  4. Refusals: a folder that is not empty, no --years, a bad span.
set -u
. "$(dirname "$0")/prologue.sh"
pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
ok() { pass=$((pass + 1)); }
root=$(pwd)

d=$tmp/plan
if "$amrc" init "$d" --years 2027..2030 --title "Begroting Testdorp" >"$tmp/out" 2>&1; then ok; else
  bad "amrc init failed"; cat "$tmp/out"; fi
for f in plan.amr projects/voorbeeld.amr expectations.amr .gitattributes \
         .github/workflows/amrc.yml contrib/pre-commit; do
  [ -f "$d/$f" ] && ok || bad "amrc init wrote no $f"
done
cmp -s "$d/.github/workflows/amrc.yml" contrib/github/amrc.yml && ok || bad "the workflow is not contrib's"
cmp -s "$d/contrib/pre-commit" contrib/pre-commit && ok || bad "the hook is not contrib's"
[ -x "$d/contrib/pre-commit" ] && ok || bad "the hook is not executable"
(cd "$d" && AMRC_STDLIB="$root/stdlib" "$amrc" --stdlib="$root/stdlib" plan.amr) >"$tmp/check" 2>&1
if [ $? = 0 ] && grep -q '0 errors, 0 warnings' "$tmp/check"; then ok; else
  bad "the new plan does not check clean"; cat "$tmp/check"; fi
(cd "$d" && find . -name '*.amr' -exec "$amrc" fmt --check {} +) >"$tmp/fmt" 2>&1 && ok ||
  { bad "the new plan's files are not in fmt's layout"; cat "$tmp/fmt"; }
grep -q 'Begroting Testdorp' "$d/plan.amr" && grep -q 'years 2027..2030' "$d/plan.amr" && ok ||
  bad "title or years not in plan.amr"

# 2. the examples, uncommented
sed '/A line of each other kind/,/^}/ s/^  # \([0-9 }]\)/  \1/' "$d/projects/voorbeeld.amr" >"$tmp/v.amr"
cp "$tmp/v.amr" "$d/projects/voorbeeld.amr"
if (cd "$d" && "$amrc" --stdlib="$root/stdlib" plan.amr) >"$tmp/check2" 2>&1 ||
   grep -q ' 0 errors' "$tmp/check2"; then
  grep -q '"Opleidingen"' "$d/projects/voorbeeld.amr" && grep -q '^  6 ' "$d/projects/voorbeeld.amr" &&
    ok || bad "the example lines were not uncommented"
else
  bad "the uncommented example lines do not check"; cat "$tmp/check2"
fi

# 3. git: diff driver and hook
if command -v git >/dev/null 2>&1; then
  g=$tmp/gitplan
  "$amrc" init "$g" --years 2027..2028 >/dev/null 2>&1
  if [ "$(git -C "$g" config diff.amr.textconv)" != "" ] && [ "$(git -C "$g" config core.hooksPath)" = contrib ] &&
     [ "$(git -C "$g" config amrc.plan)" = plan.amr ]; then ok; else bad "git config not set"; fi
  bin=$(dirname "$amrc")
  (cd "$g" && git add -A && PATH="$bin:$PATH" AMRC_STDLIB="$root/stdlib" \
     git -c user.name=t -c user.email=t@t commit -qm init) >"$tmp/c1" 2>&1 && ok ||
     { bad "the new repository's first commit was refused"; cat "$tmp/c1"; }
  printf 'programme   extra    "Extra"\n' >>"$g/plan.amr"
  if (cd "$g" && git add plan.amr && PATH="$bin:$PATH" AMRC_STDLIB="$root/stdlib" \
      git -c user.name=t -c user.email=t@t commit -qm bad) >"$tmp/c2" 2>&1; then
    bad "the hook let a file out of layout in"
  else
    ok
  fi
else
  echo "init: git missing, the repository test skipped"
fi

# 3b. CI: amrc run from the tree it was built in, a clone, prints the
# command that pins that clone's origin as a submodule; followed, it gives
# the repository the workflow builds amrc from (amrc's Makefile and
# grammar in a submodule, committed). A stand-in tree: the binary beside
# src/amrc.h, its origin a repository with amrc's marks (file://, allowed
# as git allows it only on request).
if command -v git >/dev/null 2>&1; then
  export GIT_CONFIG_COUNT=3 GIT_CONFIG_KEY_0=protocol.file.allow GIT_CONFIG_VALUE_0=always \
    GIT_CONFIG_KEY_1=user.name GIT_CONFIG_VALUE_1=t GIT_CONFIG_KEY_2=user.email GIT_CONFIG_VALUE_2=t@t
  bin=$(dirname "$amrc")
  up=$tmp/upstream
  mkdir -p "$up/grammar" "$tmp/tree/src"
  cp Makefile "$up/Makefile" && cp grammar/lexer.l "$up/grammar/lexer.l"
  git -C "$up" init -q && git -C "$up" add -A && git -C "$up" commit -qm amrc
  git -C "$tmp/tree" init -q && git -C "$tmp/tree" remote add origin "file://$up"
  : >"$tmp/tree/src/amrc.h"
  cp "$amrc" "$tmp/tree/amrc"
  "$tmp/tree/amrc" init "$tmp/ci" --years 2027..2028 >"$tmp/ci.out" 2>&1 || bad "init from a tree failed"
  cmd=$(grep "git submodule add file://$up tools/amrc" "$tmp/ci.out")
  if [ -n "$cmd" ]; then
    ok
    (eval "PATH=\"$bin:\$PATH\" AMRC_STDLIB=\"$root/stdlib\"; $cmd") >"$tmp/ci.run" 2>&1 ||
      { bad "the printed submodule command failed"; cat "$tmp/ci.run"; }
    [ -f "$tmp/ci/tools/amrc/Makefile" ] && [ -f "$tmp/ci/tools/amrc/grammar/lexer.l" ] &&
      [ "$(git -C "$tmp/ci" config -f .gitmodules submodule.tools/amrc.url)" = "file://$up" ] &&
      [ -z "$(git -C "$tmp/ci" status --porcelain)" ] && ok ||
      bad "the printed command did not commit amrc as a submodule"
  else
    bad "init does not print the submodule command with the tree's origin"; cat "$tmp/ci.out"
  fi
  # an installed binary knows no origin: the command, and where to find the address
  mkdir -p "$tmp/inst/bin" && cp "$amrc" "$tmp/inst/bin/amrc"
  "$tmp/inst/bin/amrc" init "$tmp/ci2" --years 2027..2028 --no-git >"$tmp/ci2.out" 2>&1
  grep -q "git init && git submodule add URL tools/amrc" "$tmp/ci2.out" &&
    grep -q "remote get-url origin" "$tmp/ci2.out" && ok ||
    { bad "init without a known origin: no command"; cat "$tmp/ci2.out"; }
  unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0 GIT_CONFIG_KEY_1 GIT_CONFIG_VALUE_1 \
    GIT_CONFIG_KEY_2 GIT_CONFIG_VALUE_2
fi

# 4. refusals
"$amrc" init "$d" --years 2027..2030 >/dev/null 2>&1; [ $? = 2 ] && ok || bad "init into a full folder"
"$amrc" init "$tmp/n1" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "init without --years"
"$amrc" init "$tmp/n2" --years 2030..2027 >/dev/null 2>&1; [ $? = 2 ] && ok || bad "init with a backward span"
[ ! -e "$tmp/n1" ] && [ ! -e "$tmp/n2" ] && ok || bad "a refused init left a folder"

echo "init: $pass passed, $fail failed"
[ $fail = 0 ]

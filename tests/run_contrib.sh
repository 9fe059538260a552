#!/bin/sh
# contrib/: the editor grammars name exactly the lexer's keywords, the JSON
# and YAML files parse (python3, a test-only tool; skipped without it), the
# CI workflow runs the three commands, and the pre-commit hook refuses an
# unformatted file and accepts a formatted one (skipped without git).
set -u
. "$(dirname "$0")/prologue.sh"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# the keywords: grammar/lexer.l's rules "word" { return TOKEN; }
sed -n 's/^"\([A-Za-z]*\)" *{ return [A-Z_]*; }$/\1/p' grammar/lexer.l | LC_ALL=C sort >"$tmp/lexer"
[ -s "$tmp/lexer" ] || bad "no keywords found in grammar/lexer.l"
grep '^syn keyword amr' contrib/vim/syntax/amr.vim | grep -v amrTodo |
  sed 's/^syn keyword amr[A-Za-z]* *//' | tr ' ' '\n' | grep . | LC_ALL=C sort >"$tmp/vim"
grep -o '\\\\b([A-Za-z|]*)\\\\b' contrib/vscode/syntaxes/amr.tmLanguage.json |
  sed 's/^\\\\b(//; s/)\\\\b$//' | tr '|' '\n' | LC_ALL=C sort >"$tmp/vscode"
for g in vim vscode; do
  if ! cmp -s "$tmp/lexer" "$tmp/$g"; then
    bad "contrib $g keywords differ from grammar/lexer.l's (< lexer, > $g):"
    diff "$tmp/lexer" "$tmp/$g"
  fi
done
# docs/language.md lists them too
sed -n '/^### Keywords/,/^## /p' docs/language.md | grep -m1 '^`' | tr -d '`' | tr ' ' '\n' |
  grep . | LC_ALL=C sort >"$tmp/docs"
cmp -s "$tmp/lexer" "$tmp/docs" || { bad "docs/language.md's keyword list differs (< lexer, > docs):"; diff "$tmp/lexer" "$tmp/docs"; }

if [ -n "$py" ]; then
  for f in contrib/vscode/package.json contrib/vscode/language-configuration.json \
           contrib/vscode/syntaxes/amr.tmLanguage.json; do
    "$py" tests/check_formats.py json "$f" || bad "$f does not parse"
  done
  if "$py" -c 'import yaml' 2>/dev/null; then
    "$py" -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' contrib/github/amrc.yml ||
      bad "contrib/github/amrc.yml does not parse"
  fi
fi
for cmd in 'amrc fmt --check' 'amrc --check --diagnostics-format=github' \
           'amrc diff --git "origin/$BASE" --format=markdown'; do
  grep -qF -- "$cmd" contrib/github/amrc.yml || bad "contrib/github/amrc.yml does not run $cmd"
done

# The comment step, run as the workflow runs it (bash), with a gh that
# records the comment it is given: a report of 150 KB becomes a comment
# under GitHub's 65,536 characters, cut at a line, the code block it cuts
# closed, pointing to the job summary; a short one is posted as it is; a
# gh that fails gives a warning annotation, not silence.
step() { # NAME: the run script of the workflow's step NAME
  awk -v name="- name: $1" 'index($0, name) { s = 1 }
     s && /^        run: \|/ { r = 1; next }
     r && $0 != "" && !/^          / { exit }
     r { sub(/^          /, ""); print }' contrib/github/amrc.yml
}
# The workflow's AMRC_CUT_MD (a block scalar of its env), as the runner
# sets it for every step; python's YAML reading of it, where there is one,
# must agree with this one.
AMRC_CUT_MD=$(awk '/^  AMRC_CUT_MD: [|]$/ { s = 1; next }
  s && $0 != "" && !/^    / { exit }
  s { sub(/^    /, ""); print }' contrib/github/amrc.yml)
export AMRC_CUT_MD
case $AMRC_CUT_MD in *fence*) ;; *) bad "contrib/github/amrc.yml: no AMRC_CUT_MD in its env" ;; esac
if [ -n "$py" ] && "$py" -c 'import yaml' 2>/dev/null; then
  "$py" -c 'import os, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
sys.exit(d["env"]["AMRC_CUT_MD"].rstrip("\n") != os.environ["AMRC_CUT_MD"])' contrib/github/amrc.yml ||
    bad "AMRC_CUT_MD read differently from what YAML says"
fi
# balanced: every code block and <details> block of FILE is closed
balanced() {
  [ $(($(grep -c '^```' "$1") % 2)) = 0 ] &&
    [ "$(grep -c '^<details>' "$1")" = "$(grep -c '^</details>' "$1")" ]
}
step 'Comment on the pull request' >"$tmp/comment.sh"
grep -q 'gh pr comment' "$tmp/comment.sh" || bad "no comment step found in contrib/github/amrc.yml"
mkdir -p "$tmp/bin" "$tmp/pr"
printf '%s\n' '#!/bin/sh' \
  '[ -n "${GH_FAIL:-}" ] && { echo "gh: forbidden" >&2; exit 1; }' \
  'while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" posted.md; shift; done' \
  'exit 0' >"$tmp/bin/gh"
chmod +x "$tmp/bin/gh"
run_comment() {
  (cd "$tmp/pr" && rm -f posted.md &&
    PATH="$tmp/bin:$PATH" PR=7 RUN_URL=https://github.com/o/r/actions/runs/1 bash -e "$tmp/comment.sh")
}
report() { # LINES: a report of about 75 bytes a line, a <details> block
  # opened early and a code block opened in its middle, neither closed
  awk -v n="$1" 'BEGIN { print "# amrc diff"; print "<details><summary>many</summary>"
    for (i = 0; i < n; i++) {
      print "| line " i " | € 1.000 | € 2.000 | Werkcentrum – begeleiding naar werk |"
      if (i == int(n / 2)) print "```text" } }'
}
report 1500 >"$tmp/pr/amrc-diff.md"
run_comment >/dev/null || bad "comment step: exit status $?"
n=$(wc -m <"$tmp/pr/posted.md" 2>/dev/null || echo 0)
{ [ "$n" -gt 30000 ] && [ "$n" -le 65536 ]; } || bad "comment step: a comment of $n characters"
tail -1 "$tmp/pr/posted.md" |
  grep -qF 'whole of it is in the [job summary](https://github.com/o/r/actions/runs/1)' ||
  bad "comment step: the cut comment does not point to the job summary"
balanced "$tmp/pr/posted.md" || bad "comment step: a code block or <details> left open"
head -c 20000 "$tmp/pr/amrc-diff.md" >"$tmp/want"
head -c 20000 "$tmp/pr/posted.md" | cmp -s - "$tmp/want" ||
  bad "comment step: the comment does not begin as the report does"
# beyond the job summary's 1 MiB the whole report is the run's artifact
report 20000 >"$tmp/pr/amrc-diff.md"
run_comment >/dev/null || bad "comment step: exit status $? on a report of 1.5 MB"
tail -1 "$tmp/pr/posted.md" | grep -qF 'the artifact `amrc-diff` of [this run](https://github.com/o/r/actions/runs/1)' ||
  bad "comment step: a report beyond the job summary's size does not point to the artifact"
printf '# amrc diff\n\nNothing changed.\n' >"$tmp/pr/amrc-diff.md"
run_comment >/dev/null || bad "comment step: exit status $? on a short report"
cmp -s "$tmp/pr/amrc-diff.md" "$tmp/pr/posted.md" || bad "comment step: a short report is not posted as it is"
out=$(GH_FAIL=1 run_comment 2>/dev/null) || bad "comment step: a failed comment fails the step"
case $out in
  "::warning "*"could not be posted"*) ;;
  *) bad "comment step: a failed comment is not reported: '$out'" ;;
esac

# The check step on the example: its status is amrc's, the annotations are
# in the log, and the job summary lists every finding as text
step 'Check the plan' >"$tmp/check.sh"
grep -q 'amrc --check' "$tmp/check.sh" || bad "no check step found in contrib/github/amrc.yml"
ln -s "$amrc" "$tmp/bin/amrc"
mkdir "$tmp/ck"
plan=$(pwd)/examples/achterhoek/plan.amr
"$amrc" --check "$plan" >/dev/null 2>"$tmp/ck.text"
want=$?
sed '/^amrc: [0-9][0-9]* project/d' "$tmp/ck.text" >"$tmp/ck.want"   # the summary line
(cd "$tmp/ck" && PATH="$tmp/bin:$PATH" PLAN=$plan AMRC_BASELINE="$tmp/none" GITHUB_STEP_SUMMARY="$tmp/summary.md" \
  bash -e "$tmp/check.sh" >"$tmp/ck.out" 2>&1)
got=$?
[ "$got" = "$want" ] && [ "$want" = 1 ] || bad "check step: exit status $got, amrc's is $want"
grep -q '^::error file=' "$tmp/ck.out" || bad "check step: no annotation in the log"
head -3 "$tmp/summary.md" | tr '\n' '|' | grep -qF '### amrc --check||```text|' ||
  bad "check step: the job summary does not begin with the findings"
sed '1,3d;$d' "$tmp/summary.md" | cmp -s - "$tmp/ck.want" ||
  bad "check step: the job summary does not list the findings as --check does"

# The job summary of a step holds at most 1 MiB (GitHub refuses a larger
# one, and the step's summary is lost): the diff step and the check step
# cut theirs at a line under it, blocks closed, and say where the whole is.
# A fake amrc gives a report of 1.5 MB, or as many findings on stderr.
mkdir -p "$tmp/fake" "$tmp/big"
report 20000 >"$tmp/big.md"
head -c 100000 "$tmp/big.md" >"$tmp/big.head"
printf '%s\n' '#!/bin/sh' 'case "$1" in' \
  "  diff) cat '$tmp/big.md'; exit 1 ;;" \
  "  *) awk 'BEGIN { for (i = 0; i < 15000; i++) print \"plan.amr:\" i \":1: error: project a is short by € 1.000 in 2027 [shortfall]\" }' >&2; exit 1 ;;" \
  'esac' >"$tmp/fake/amrc"
chmod +x "$tmp/fake/amrc"
step 'What the change does to the money (amrc diff)' >"$tmp/diffstep.sh"
grep -q 'amrc diff' "$tmp/diffstep.sh" || bad "no diff step found in contrib/github/amrc.yml"
for s in diffstep check; do
  rm -f "$tmp/big/summary.md"
  (cd "$tmp/big" && PATH="$tmp/fake:$PATH" PLAN=plan.amr BASE=main GITHUB_STEP_SUMMARY="$tmp/big/summary.md" \
    bash -e "$tmp/$s.sh" >/dev/null 2>&1)
  rc=$?
  size=$(wc -c <"$tmp/big/summary.md" 2>/dev/null || echo 0)
  { [ "$size" -gt 500000 ] && [ "$size" -le 1048576 ]; } || bad "$s step: a job summary of $size bytes"
  balanced "$tmp/big/summary.md" || bad "$s step: the job summary leaves a block open"
  case $s in
    diffstep)
      [ $rc = 0 ] || bad "diff step: exit status $rc on a report with changes"
      head -c 100000 "$tmp/big/summary.md" | cmp -s - "$tmp/big.head" ||
        bad "diff step: the job summary does not begin as the report does"
      tail -1 "$tmp/big/summary.md" | grep -qF 'the whole of it is the artifact `amrc-diff`' ||
        bad "diff step: the cut job summary does not point to the artifact" ;;
    check)
      [ $rc = 1 ] || bad "check step: exit status $rc, amrc's is 1"
      tail -1 "$tmp/big/summary.md" | grep -qF 'all of them are in the log of this step' ||
        bad "check step: the cut job summary does not say where the rest is" ;;
  esac
done
grep -A4 'uses: actions/upload-artifact@v4' contrib/github/amrc.yml | grep -q 'path: amrc-diff.md' ||
  bad "contrib/github/amrc.yml does not keep amrc-diff.md as an artifact"

# The README's CI section, followed literally on a copy of the example: its
# commands pin amrc as a submodule (a file:// clone of this repository's
# HEAD, with this tree's workflow, as "the address you cloned amrc from"),
# and the workflow's steps run as the runner runs them, on a checkout with
# its submodules: the sources are found, built once (a make that copies the
# binary under test: the real build is `make`'s own test) and kept in the
# cache folder; a second run takes them from it without building; the check
# is green (the example's baseline), and an amount broken in a project file
# gives a red one, with the annotation on that line. A repository without
# amrc's sources fails at the first step, saying the command to run.
if command -v git >/dev/null 2>&1 && git rev-parse --verify -q HEAD >/dev/null 2>&1; then
  root=$(pwd)
  # file:// submodules are refused by git unless allowed (CVE-2022-39253);
  # on GitHub the address is https
  export GIT_CONFIG_COUNT=3 GIT_CONFIG_KEY_0=protocol.file.allow GIT_CONFIG_VALUE_0=always \
    GIT_CONFIG_KEY_1=user.name GIT_CONFIG_VALUE_1=amrc \
    GIT_CONFIG_KEY_2=user.email GIT_CONFIG_VALUE_2=amrc@example.invalid
  src=$tmp/amrc-src
  git clone -q --depth 1 "file://$root" "$src" &&
    cp contrib/github/amrc.yml "$src/contrib/github/amrc.yml" &&
    git -C "$src" commit -qam "the workflow under test" --allow-empty ||
    bad "ci: cannot make a clone of amrc"
  budget=$tmp/budget
  cp -R examples/achterhoek "$budget"
  git -C "$budget" init -q && git -C "$budget" add -A && git -C "$budget" commit -qm plan ||
    bad "ci: cannot make the plan's repository"
  sed -n '/^## In CI$/,/^## [^I]/p' README.md | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' >"$tmp/ci-steps.sh"
  grep -q 'git submodule add' "$tmp/ci-steps.sh" || bad "ci: the README's CI section has no git submodule add"
  (cd "$budget" && AMRC_URL=file://$src sh -e "$tmp/ci-steps.sh") >"$tmp/ci-steps.out" 2>&1 ||
    { bad "ci: the README's CI commands failed"; cat "$tmp/ci-steps.out"; }
  [ -z "$(git -C "$budget" status --porcelain)" ] || bad "ci: the README's commands leave changes uncommitted"
  # the runner: a checkout with submodules, and the files a step writes to
  ci=$tmp/ci
  git clone -q "file://$budget" "$ci" && git -C "$ci" submodule -q update --init ||
    bad "ci: cannot check the plan's repository out with its submodules"
  mkdir -p "$tmp/gh/bin" "$tmp/gh/home"
  make_log=$tmp/gh/made
  mo=
  for m in "$(dirname "$amrc")/locale/nl/LC_MESSAGES/amrc.mo" "$(dirname "$amrc")/build/locale/nl/LC_MESSAGES/amrc.mo"; do
    [ -f "$m" ] && { mo=$m; break; }
  done
  printf '%s\n' '#!/bin/sh' \
    "[ \"\$1\" = -C ] && [ \"\$#\" -ge 3 ] && eval \"[ \\\"\\\${\$#}\\\" = amrc ]\" || { echo \"make: unexpected \$*\" >&2; exit 2; }" \
    "echo \"\$2\" >>'$make_log'" \
    "cp '$amrc' \"\$2/amrc\" && mkdir -p \"\$2/build/locale/nl/LC_MESSAGES\" &&" \
    "{ [ -z '$mo' ] || cp '$mo' \"\$2/build/locale/nl/LC_MESSAGES/amrc.mo\"; }" >"$tmp/gh/bin/make"
  for t in sudo apt-get; do
    printf '#!/bin/sh\necho "%s: the test installs nothing" >&2\nexit 1\n' "$t" >"$tmp/gh/bin/$t"
  done
  chmod +x "$tmp/gh/bin/"*
  wf_env() { # NAME: the value of NAME in the workflow's env
    sed -n "s/^  $1: *\\([^ #]*\\).*/\\1/p" "$root/contrib/github/amrc.yml" | sed "s/^''\$//"
  }
  : >"$tmp/gh/env"
  : >"$tmp/gh/path"
  gh_step() { # NAME [DIR]: the workflow's step NAME, in DIR (the checkout), as the runner runs it
    step "$1" >"$tmp/gh/step.sh"
    [ -s "$tmp/gh/step.sh" ] || { bad "ci: no step '$1' in contrib/github/amrc.yml"; return 99; }
    (cd "${2:-$ci}" &&
      while IFS= read -r kv; do export "$kv"; done <"$tmp/gh/env" &&
      p=$(tac "$tmp/gh/path" | tr '\n' :) &&
      env PATH="$p$tmp/gh/bin:$PATH" HOME="$tmp/gh/home" PLAN="$(wf_env PLAN)" \
        AMRC_SRC="$(wf_env AMRC_SRC)" AMRC_BASELINE="$(wf_env AMRC_BASELINE)" \
        GITHUB_ENV="$tmp/gh/env" GITHUB_PATH="$tmp/gh/path" GITHUB_OUTPUT="$tmp/gh/output" \
        GITHUB_STEP_SUMMARY="$tmp/gh/summary.md" bash --noprofile --norc -eo pipefail "$tmp/gh/step.sh")
  }
  grep -A3 'uses: actions/checkout@v4' contrib/github/amrc.yml | grep -q 'submodules: true' ||
    bad "ci: the checkout does not fetch the submodules"
  grep -A4 'uses: actions/cache/restore@v4' contrib/github/amrc.yml | grep -q 'key: amrc-.*steps.amrc.outputs.commit' ||
    bad "ci: the cache is not keyed by amrc's commit"
  gh_step "Find amrc's sources" >"$tmp/gh/find.out" 2>&1 || { bad "ci: amrc's sources not found"; cat "$tmp/gh/find.out"; }
  grep -qx "AMRC_DIR=tools/amrc" "$tmp/gh/env" || bad "ci: the sources are not the submodule: $(cat "$tmp/gh/env")"
  grep -qx "commit=$(git -C "$ci/tools/amrc" rev-parse HEAD)" "$tmp/gh/output" ||
    bad "ci: the cache key is not the submodule's commit"
  gh_step "Build amrc" >"$tmp/gh/build.out" 2>&1 || { bad "ci: the build step failed"; cat "$tmp/gh/build.out"; }
  [ "$(cat "$make_log" 2>/dev/null)" = tools/amrc ] || bad "ci: the build ran make $(cat "$make_log" 2>/dev/null)"
  for f in amrc stdlib/funding.amr; do
    [ -f "$tmp/gh/home/.cache/amrc/$f" ] || bad "ci: the cached build has no $f"
  done
  gh_step "Put amrc on the PATH" >"$tmp/gh/path.out" 2>&1 || { bad "ci: amrc not put on the PATH"; cat "$tmp/gh/path.out"; }
  # the second run: the cache restored, nothing built
  : >"$tmp/gh/env"; : >"$tmp/gh/path"; : >"$make_log"
  rm -rf "$ci/tools/amrc/amrc" "$ci/tools/amrc/build"
  gh_step "Find amrc's sources" >/dev/null 2>&1 && gh_step "Put amrc on the PATH" >"$tmp/gh/path.out" 2>&1 ||
    { bad "ci: amrc from the cache did not run"; cat "$tmp/gh/path.out"; }
  [ -s "$make_log" ] && bad "ci: built again with the cache restored"
  grep -qx "$tmp/gh/home/.cache/amrc" "$tmp/gh/path" || bad "ci: the cached amrc is not on the PATH"
  gh_step "Layout (amrc fmt --check)" >"$tmp/gh/fmt.out" 2>&1 || { bad "ci: the layout step fails on the example"; cat "$tmp/gh/fmt.out"; }
  gh_step "Check the plan" >"$tmp/gh/check.out" 2>&1
  rc=$?
  { [ $rc = 0 ] && ! grep -q '^::error' "$tmp/gh/check.out"; } ||
    { bad "ci: the check of the example is not green (exit status $rc)"; grep '^::' "$tmp/gh/check.out" | head -5; }
  f=projects/basisvaardigheden.amr
  n=$(grep -n '16_000 = 8 \* 2_000' "$ci/$f" | cut -d: -f1)
  sed -i "${n}s/16_000 = 8/17_000 = 8/" "$ci/$f"
  gh_step "Check the plan" >"$tmp/gh/check.out" 2>&1
  rc=$?
  [ $rc = 1 ] || bad "ci: a broken amount gives exit status $rc"
  grep -q "^::error file=$f,line=$n," "$tmp/gh/check.out" ||
    { bad "ci: no annotation on $f:$n"; grep '^::' "$tmp/gh/check.out" | head -5; }
  # no amrc anywhere: the first step fails and says the command
  rm -rf "$ci/tools/amrc" "$ci/.gitmodules"
  gh_step "Find amrc's sources" >"$tmp/gh/find.out" 2>&1 && bad "ci: no sources, and the first step passed"
  grep -q '^::error title=amrc::no amrc sources.*git submodule add ' "$tmp/gh/find.out" ||
    { bad "ci: no sources, and no command to run"; cat "$tmp/gh/find.out"; }
  unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0 GIT_CONFIG_KEY_1 GIT_CONFIG_VALUE_1 \
    GIT_CONFIG_KEY_2 GIT_CONFIG_VALUE_2
else
  echo "contrib: not a git checkout, the README's CI steps skipped"
fi
if grep -rn 'OWNER' contrib README.md docs/manual.md; then bad "a placeholder to edit is left"; fi

# Vim, when there is one: the file type is detected and the groups apply
if command -v vim >/dev/null 2>&1; then
  printf '# c\nproject a "A" {\n  1 "L" { lasten 2026: € 1.000  2027: PM }\n}\n' >"$tmp/t.amr"
  vim -Nu NONE -i NONE -es -c 'set rtp^=contrib/vim' -c 'filetype plugin on' -c 'syntax on' \
    -c "e $tmp/t.amr" \
    -c 'let g:o = [&filetype, v:errmsg] + map([[1,1],[2,1],[2,11],[3,11],[3,18],[3,24],[3,41]], "synIDattr(synID(v:val[0], v:val[1], 1), \"name\")")' \
    -c "call writefile([join(g:o, ' ')], '$tmp/vim.out')" -c 'qa!' </dev/null >/dev/null 2>&1
  want="amr  amrComment amrDeclaration amrString amrSide amrNumber amrEuro amrConstant"
  [ "$(cat "$tmp/vim.out" 2>/dev/null)" = "$want" ] ||
    bad "vim: '$(cat "$tmp/vim.out" 2>/dev/null)', not '$want'"
fi

sh -n contrib/pre-commit || bad "contrib/pre-commit: syntax"
if command -v git >/dev/null 2>&1; then
  repo=$tmp/repo
  mkdir "$repo"
  git -C "$repo" init -q
  git -C "$repo" config user.name amrc
  git -C "$repo" config user.email amrc@example.invalid
  git -C "$repo" config amrc.path "$amrc"
  cp contrib/pre-commit "$repo/.git/hooks/pre-commit"
  chmod +x "$repo/.git/hooks/pre-commit"
  printf 'plan p "P" {   years 2026..2027 }\n' >"$repo/plan.amr"
  git -C "$repo" add plan.amr
  git -C "$repo" commit -qm unformatted >/dev/null 2>&1 && bad "pre-commit let an unformatted file through"
  "$amrc" fmt "$repo/plan.amr"
  git -C "$repo" add plan.amr
  git -C "$repo" commit -qm formatted >/dev/null 2>&1 || bad "pre-commit refused a formatted file"
  printf 'plan p "P" {   years 2026..2028 }\n' >"$repo/plan.amr"
  git -C "$repo" add plan.amr
  git -C "$repo" config amrc.fix true
  git -C "$repo" commit -qm fixed >/dev/null 2>&1 || bad "pre-commit with amrc.fix did not format"
  git -C "$repo" show HEAD:plan.amr | "$amrc" fmt --check - >/dev/null 2>&1 ||
    bad "pre-commit with amrc.fix committed an unformatted file"
  git -C "$repo" config amrc.plan plan.amr
  printf 'plan p "P" {\n  years 2026..2028\n}\n\nproject x "X" {\n  programme nope\n}\n' >"$repo/plan.amr"
  git -C "$repo" add plan.amr
  (cd "$repo" && git commit -qm broken >/dev/null 2>&1) && bad "pre-commit with amrc.plan let a failing plan through"
fi

if [ $fail = 0 ]; then echo "contrib: ok"; else echo "contrib: FAILED"; fi
exit $fail

#!/bin/sh
# tools/po-extract.sh OUT.pot: the messages of amrc's diagnostics and of its commands' own
# words (nls_text, nls_printf, nls_say, nls_usage_error, cli.c's usage_error, N_), as xgettext finds them
set -eu
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
for f in src/*.c grammar/parser.y grammar/lexer.l; do
  mkdir -p "$tmp/$(dirname "$f")"
  sed -e 's/" DIAG_YEARS "/{Y}/g' -e 's/" DIAG_VAL(\([0-9]\)) "/{\1}/g' \
      -e 's/DIAG_YEARS "/"{Y}/g' -e 's/DIAG_VAL(\([0-9]\)) "/"{\1}/g' \
      -e 's/" DIAG_YEARS/{Y}"/g' -e 's/" DIAG_VAL(\([0-9]\))/{\1}"/g' "$f" >"$tmp/$f"
done
(cd "$tmp" && xgettext --language=C --from-code=UTF-8 --no-wrap --sort-by-file \
  --package-name=amrc --msgid-bugs-address= \
  --keyword= --keyword=diag_report:4 --keyword=diag_note:4 --keyword=diag_plain:3 \
  --keyword=diag_year:8 --keyword=warn:8 --keyword=finding:7 --keyword=row_error:4 \
  --keyword=cell_error:5 --keyword=N_ --keyword=nls_text:3 --keyword=nls_printf:3 --keyword=nls_say:3 --keyword=nls_usage_error:3 --flag=nls_usage_error:3:c-format --keyword=usage_error:2 --flag=usage_error:2:c-format --flag=nls_printf:3:c-format --flag=nls_say:3:c-format --keyword=diag_phrase:2 --keyword=diag_phrase_msgid:2 --flag=diag_phrase:2:c-format --flag=diag_report:4:c-format --flag=diag_note:4:c-format \
  --flag=diag_plain:3:c-format --flag=diag_year:8:c-format --flag=warn:8:c-format \
  --flag=finding:7:c-format --flag=row_error:4:c-format --flag=cell_error:5:c-format \
  -o "$tmp/amrc.pot" src/*.c grammar/parser.y grammar/lexer.l)
cp "$tmp/amrc.pot" "$out"

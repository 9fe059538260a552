#!/bin/sh
# lang.sh: the Dutch messages (po/nl.po, --lang=nl).
# - every message of a diagnostic in the sources (tools/po-extract.sh,
#   xgettext) has a translation in po/nl.po, none fuzzy, and po/nl.po holds
#   no message the sources no longer give;
# - --lang=nl gives Dutch findings on stderr, and without --lang they stay
#   English;
# - the HTML report and the risk paragraph, Dutch by default, give their
#   findings in Dutch, named by project and line (the file as a tooltip);
# - a copy of the binary in another folder (an installed layout) finds the
#   catalogue in ../share/locale, and without one says so and stays English.
set -u
. "$(dirname "$0")/prologue.sh"
fail=0
no() { echo "lang: FAIL: $*"; fail=1; }
# english FILE PATTERN WHAT: fails when a diagnostic or note in FILE has
# one of PATTERN's English words
english() {
  ! grep 'error\|warning\|note' "$1" | grep -q "$2" ||
    no "--lang=nl: English in $3: $(grep "$2" "$1" | head -3)"
}

if command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
  sh tools/po-extract.sh "$tmp/amrc.pot" 2>"$tmp/xgettext.log" || no "xgettext failed: $(cat "$tmp/xgettext.log")"
  n=$(grep -c '^msgid "[^"]' "$tmp/amrc.pot")
  [ "$n" -gt 200 ] || no "only $n messages found in the sources"
  # untranslated and fuzzy entries of po/nl.po count as missing
  msgcmp po/nl.po "$tmp/amrc.pot" 2>"$tmp/cmp.log" || { cat "$tmp/cmp.log"; no "po/nl.po lacks translations (above)"; }
  msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" po/nl.po "$tmp/amrc.pot" &&
    msgattrib --only-obsolete --no-wrap "$tmp/merged.po" >"$tmp/obsolete.po" ||
    no "msgmerge or msgattrib failed: stale messages not looked for"
  if grep -q '^#~ msgid' "$tmp/obsolete.po"; then
    grep '^#~ msgid' "$tmp/obsolete.po"
    no "po/nl.po has messages the sources no longer give (above)"
  fi
  msgfmt -c -o /dev/null po/nl.po 2>"$tmp/fmt.log" || { cat "$tmp/fmt.log"; no "msgfmt -c refuses po/nl.po"; }
  [ $fail = 0 ] && echo "lang: all $n messages translated"
else
  echo "lang: SKIPPED the catalogue check: needs xgettext and msgcmp (Debian: gettext; tools/deps.sh)"
fi

# A plan with a finding of each kind of message: a plain one, one with notes,
# and one per year (diag_year's markers).
mkdir -p "$tmp/plan"
cat >"$tmp/plan/plan.amr" <<'EOF'
plan t "Taaltest" { years 2026..2027 }
programme p "Programma"
project a "Project A" {
  section 3.1
  programme p
  opening 100
  1 "Personeel" { lasten 2026: 500  2027: 500 }
  2 "Bijdrage" { baten 2026: 100 = 40 + 50  2027: 100 = 40 + 50 }
}
EOF
"$amrc" --color=never --check "$tmp/plan/plan.amr" >/dev/null 2>"$tmp/en.txt"
"$amrc" --color=never --lang=nl --check "$tmp/plan/plan.amr" >/dev/null 2>"$tmp/nl.txt"
grep -q 'nothing in the plan restores it' "$tmp/en.txt" || no "without --lang the findings are not English: $(cat "$tmp/en.txt")"
grep -q 'heeft een tekort van 2026 tot het eind van de begroting: .*niets in de begroting vult het aan' "$tmp/nl.txt" || no "--lang=nl gives no Dutch shortfall: $(cat "$tmp/nl.txt")"
grep -q 'de tabel zegt' "$tmp/nl.txt" || no "--lang=nl gives no Dutch rule finding (diag_year): $(cat "$tmp/nl.txt")"
grep -q 'error: .*\[-W\|: error: ' "$tmp/nl.txt" || no "--lang=nl changed the diagnostic layout"
"$amrc" -q --force --emit=html -o "$tmp/r.html" "$tmp/plan/plan.amr" 2>/dev/null
grep -q 'niets in de begroting vult het aan' "$tmp/r.html" || no "the HTML report's findings are not Dutch"
grep -q 'title="[^"]*plan.amr:[0-9]*">Project A (§ 3.1), regel 2' "$tmp/r.html" ||
  no "the HTML report does not name a finding by project and line with the file as a tooltip"
"$amrc" -q --force --lang=en --emit=html -o "$tmp/r-en.html" "$tmp/plan/plan.amr" 2>/dev/null
grep -q 'nothing in the plan restores it' "$tmp/r-en.html" || no "--lang=en: the HTML report's findings are not English"
# A what-if's new finding in the risk paragraph (tests/golden/risks/pass-on.amr)
"$amrc" -q --emit=risks --scenario esf=80 --scenario deal=50 tests/golden/risks/pass-on.amr >"$tmp/risks.txt" 2>&1
grep -q 'Nieuwe bevinding bij Europese subsidies (§[^)]*2\.1), regel 3 (coverage):' "$tmp/risks.txt" ||
  no "the risk paragraph does not name a new finding by project and line: $(grep -A1 bevinding "$tmp/risks.txt")"
grep -q 'maar brengt € 25.000 binnen' "$tmp/risks.txt" || no "the risk paragraph's finding is not Dutch"
"$amrc" -q --force --emit=html -o "$tmp/again.html" "$tmp/plan/plan.amr" 2>/dev/null
"$amrc" -q --force --emit=html -o "$tmp/again2.html" "$tmp/plan/plan.amr" 2>/dev/null
cmp -s "$tmp/again.html" "$tmp/again2.html" || no "two runs gave different HTML"

# The summary line and the subcommands under --lang=nl, on a real plan
# (the Achterhoek example): the same counts in Dutch words; English without it.
ex=examples/achterhoek/plan.amr
"$amrc" --color=never --check "$ex" >/dev/null 2>"$tmp/sum-en.txt"
"$amrc" --color=never --lang=nl --check "$ex" >/dev/null 2>"$tmp/sum-nl.txt"
en=$(tail -1 "$tmp/sum-en.txt") nl=$(tail -1 "$tmp/sum-nl.txt")
echo "$en" | grep -Eq '^amrc: [0-9]+ projects, [0-9]+ lines, [0-9]+ errors?, [0-9]+ warnings? \([0-9]+ accepted\), explaining [0-9]+ further places, [0-9]+ PM cells$' ||
  no "the English summary line changed: $en"
echo "$nl" | grep -Eq '^amrc: [0-9]+ projecten, [0-9]+ regels, [0-9]+ fout(en)?, [0-9]+ waarschuwing(en)? \([0-9]+ aanvaard\), die nog [0-9]+ plaatsen verklaren, [0-9]+ PM-cellen$' ||
  no "--lang=nl: the summary line is not Dutch: $nl"
[ "$(echo "$en" | grep -o '[0-9][0-9]*' | tr '\n' ' ')" = "$(echo "$nl" | grep -o '[0-9][0-9]*' | tr '\n' ' ')" ] || no "the Dutch summary line counts otherwise: $en / $nl"
printf 'plan t "T" { years 2026..2027 }\nproject a "A" {\n  1 "X" { lasten 2026: 1 }\n}\n' >"$tmp/one.amr"
"$amrc" --color=never --lang=nl --check "$tmp/one.amr" >/dev/null 2>"$tmp/one.txt"
tail -1 "$tmp/one.txt" | grep -q '^amrc: 1 project, 1 regel, 1 fout, 0 waarschuwingen, 0 PM-cellen; 1 project niet gecontroleerd\|^amrc: 1 project, 1 regel, [0-9]* fout' ||
  no "--lang=nl: the singular of the summary line: $(tail -1 "$tmp/one.txt")"
# amrc fmt: a plan out of the canonical layout, one that does not parse,
# and a usage error
sed 's/^  \([a-z0-9]\)/    \1/' "$ex" >"$tmp/loose.amr"
cp "$tmp/loose.amr" "$tmp/loose2.amr"
printf 'project a "A {\n' >"$tmp/broken.amr"
"$amrc" fmt --check "$tmp/loose.amr" >/dev/null 2>"$tmp/fmt-en.txt"
"$amrc" fmt --lang=nl --check "$tmp/loose.amr" >/dev/null 2>"$tmp/fmt-nl.txt"
grep -q '^amrc fmt: 1 file not in the canonical layout; `amrc fmt FILE...` rewrites it$' "$tmp/fmt-en.txt" ||
  no "amrc fmt: the English message changed: $(cat "$tmp/fmt-en.txt")"
grep -q '^amrc fmt: 1 bestand niet in de vaste opmaak; `amrc fmt BESTAND...` herschrijft het$' "$tmp/fmt-nl.txt" ||
  no "amrc fmt --lang=nl: not Dutch: $(cat "$tmp/fmt-nl.txt")"
"$amrc" fmt --check --lang nl "$tmp/loose.amr" "$tmp/loose2.amr" >/dev/null 2>"$tmp/fmt-nl2.txt"
grep -q '^amrc fmt: 2 bestanden niet in de vaste opmaak; .* herschrijft ze$' "$tmp/fmt-nl2.txt" ||
  no "amrc fmt --lang nl: the plural is not Dutch: $(cat "$tmp/fmt-nl2.txt")"
"$amrc" fmt --lang=nl "$tmp/broken.amr" 2>"$tmp/fmt-broken.txt"
grep -q 'broken.amr:1:[0-9]*: error: onafgesloten tekst' "$tmp/fmt-broken.txt" &&
  grep -q '^amrc fmt: .*broken.amr blijft zoals het was$' "$tmp/fmt-broken.txt" ||
  no "amrc fmt --lang=nl: a syntax error is not Dutch: $(cat "$tmp/fmt-broken.txt")"
"$amrc" fmt --lang=nl --bogus 2>"$tmp/fmt-usage.txt"
grep -q "^amrc fmt: onbekende optie '--bogus'$" "$tmp/fmt-usage.txt" && grep -q "^Probeer 'amrc fmt --help'" "$tmp/fmt-usage.txt" ||
  no "amrc fmt --lang=nl: a usage error is not Dutch: $(cat "$tmp/fmt-usage.txt")"
"$amrc" fmt --lang=de x.amr 2>"$tmp/fmt-de.txt"
grep -q "^amrc fmt: --lang takes nl or en, not 'de'$" "$tmp/fmt-de.txt" || no "amrc fmt --lang=de is not refused: $(cat "$tmp/fmt-de.txt")"
"$amrc" fmt --help | grep -q -- '--lang=nl|en' || no "amrc fmt --help does not say what --lang does"

# amrc diff: two versions of the Achterhoek example, a line of one project
# changed (its lasten, so totals, balances and stated totals move)
cp -R examples/achterhoek "$tmp/old" && cp -R examples/achterhoek "$tmp/new"
sed 's/^    lasten 2026: 10_000$/    lasten 2026: 12_500/' examples/achterhoek/projects/aaj.amr >"$tmp/new/projects/aaj.amr"
cmp -s examples/achterhoek/projects/aaj.amr "$tmp/new/projects/aaj.amr" && no "the test's change to the example did not apply"
(cd "$tmp" && "$amrc" diff old/plan.amr new/plan.amr >diff-en.txt 2>&1
 "$amrc" diff --lang=nl old/plan.amr new/plan.amr >diff-nl.txt 2>&1
 "$amrc" diff --lang=nl --format=markdown old/plan.amr new/plan.amr >diff-nl.md 2>&1
 "$amrc" diff --format=json old/plan.amr new/plan.amr >diff-en.json 2>&1
 "$amrc" diff --lang=nl --format=json old/plan.amr new/plan.amr >diff-nl.json 2>&1)
grep -q '^plan totals (net of transfers between projects)$' "$tmp/diff-en.txt" && grep -q '^  line 2 "Communicatie": changed$' "$tmp/diff-en.txt" ||
  no "amrc diff: the English report changed: $(head -5 "$tmp/diff-en.txt")"
nb=$(printf '\302\240')  # amounts in a report keep "€" and the digits together
grep -q "^amrc diff old/plan.amr -> new/plan.amr: netto lasten +€${nb}2.500 in 2026; eindsaldo 2029: .*bevindingen: [0-9]* nieuw, [0-9]* verdwenen\$" "$tmp/diff-nl.txt" &&
  grep -q '^totalen van de begroting (exclusief overdrachten tussen projecten)$' "$tmp/diff-nl.txt" && grep -q '^  regel 2 "Communicatie": gewijzigd$' "$tmp/diff-nl.txt" &&
  grep -q '^  eindsaldo        2026: ' "$tmp/diff-nl.txt" && grep -q '^programma iedereen ' "$tmp/diff-nl.txt" &&
  grep -q '^bevindingen$' "$tmp/diff-nl.txt" && grep -q "^  + new/projects/aaj.amr:[0-9:]*: error: project 'aaj' heeft een tekort van 2026" "$tmp/diff-nl.txt" ||
  no "amrc diff --lang=nl: the report is not Dutch: $(cat "$tmp/diff-nl.txt")"
grep -q '^| regel | | jaar | oud | nieuw | verschil |$' "$tmp/diff-nl.md" && grep -q '^#### Totalen van de begroting (exclusief overdrachten tussen projecten)$' "$tmp/diff-nl.md" &&
  grep -q '^| eindsaldo |' "$tmp/diff-nl.md" && grep -q '^#### Bevindingen$' "$tmp/diff-nl.md" && grep -q '^- nieuw \*\*error\*\*' "$tmp/diff-nl.md" ||
  no "amrc diff --lang=nl --format=markdown: not Dutch: $(head -20 "$tmp/diff-nl.md")"
cmp -s "$tmp/diff-en.json" "$tmp/diff-nl.json" || no "amrc diff --format=json depends on --lang"
"$amrc" diff --lang=nl "$tmp/old/plan.amr" 2>"$tmp/diff-usage.txt"
grep -q '^amrc diff: geef twee begrotingen: amrc diff OUD NIEUW$' "$tmp/diff-usage.txt" || no "amrc diff --lang=nl: a usage error is not Dutch: $(cat "$tmp/diff-usage.txt")"
"$amrc" diff --help | grep -q -- '--lang=nl|en' || no "amrc diff --help does not say what --lang does"
# two realisatie reports: Dutch by default, the findings too; English with --lang=en
q1=examples/achterhoek/realisatie/export-2026-q1.csv q2=examples/achterhoek/realisatie/export-2026-q2.csv
"$amrc" diff --actuals $q1 --actuals-new $q1 --actuals-new $q2 "$ex" >"$tmp/rd-nl.txt" 2>"$tmp/rd-nl.err"
"$amrc" diff --lang=en --actuals $q1 --actuals-new $q1 --actuals-new $q2 "$ex" >"$tmp/rd-en.txt" 2>"$tmp/rd-en.err"
grep -q '^Bevindingen$' "$tmp/rd-nl.txt" && grep -q '^  nieuw .*warning: regel 6 .* boven de begroting van ' "$tmp/rd-nl.txt" ||
  no "amrc diff of two realisatie reports: the findings are not Dutch: $(sed -n '1,8p' "$tmp/rd-nl.txt")"
grep -q '^Findings$' "$tmp/rd-en.txt" && grep -q ' over the budget\|beyond the budget\|above the budget\|more than the budget\|budget of ' "$tmp/rd-en.txt" && ! grep -q 'boven de begroting' "$tmp/rd-en.txt" || no "amrc diff --lang=en of two realisatie reports is not English"
[ ! -s "$tmp/rd-nl.err" ] || no "amrc diff of two realisatie reports: $(cat "$tmp/rd-nl.err")"

# amrc explain: the coverage of a project of the example
"$amrc" explain --lang=nl "$ex" aaj 2026 >"$tmp/explain-nl.txt" 2>&1
"$amrc" explain "$ex" aaj 2026 >"$tmp/explain-en.txt" 2>&1
grep -q "^project 'aaj' \".*\": hoe de lasten betaald worden, 2026\.\.2029$" "$tmp/explain-nl.txt" &&
  grep -q '^volgorde: ' "$tmp/explain-nl.txt" && grep -q "^  regel 2 'Communicatie', lasten € 10.000$" "$tmp/explain-nl.txt" &&
  grep -q "^    € 10.000 uit het beginsaldo$" "$tmp/explain-nl.txt" && grep -q '^  aan het eind van 2026:$' "$tmp/explain-nl.txt" ||
  no "amrc explain --lang=nl: not Dutch: $(head -8 "$tmp/explain-nl.txt")"
grep -q '^  at the end of 2026:$' "$tmp/explain-en.txt" || no "amrc explain: the English text changed"
"$amrc" explain --lang=nl "$ex" geen_project 2>"$tmp/explain-err.txt"
grep -q "^amrc explain: geen project 'geen_project' in de begroting$" "$tmp/explain-err.txt" ||
  no "amrc explain --lang=nl: its message is not Dutch: $(cat "$tmp/explain-err.txt")"
"$amrc" explain --help | grep -q -- '--lang=nl|en' || no "amrc explain --help does not say what --lang does"

# amrc expect --update: the stated totals the change above moved
"$amrc" expect --update --lang=nl "$tmp/new/plan.amr" >"$tmp/expect-nl.txt" 2>"$tmp/expect-nl.err"
grep -q "expectations.amr:[0-9]*:[0-9]*: programma 'iedereen', lasten 2026: " "$tmp/expect-nl.txt" &&
  grep -q "aaj.amr:[0-9]*:[0-9]*: project 'aaj', lasten 2026: € 1.082.000 -> € 1.084.500$" "$tmp/expect-nl.txt" &&
  grep -q '^amrc expect: [0-9]* opgegeven totalen bijgewerkt in [0-9]* bestanden$' "$tmp/expect-nl.err" ||
  no "amrc expect --lang=nl: not Dutch: $(cat "$tmp/expect-nl.txt" "$tmp/expect-nl.err")"
"$amrc" expect --update --lang=nl "$tmp/new/plan.amr" >/dev/null 2>"$tmp/expect-nl2.err"
grep -q '^amrc expect: elk opgegeven totaal klopt, valt binnen de marge of is aanvaard; niets veranderd$' "$tmp/expect-nl2.err" ||
  no "amrc expect --lang=nl: a second run is not Dutch: $(cat "$tmp/expect-nl2.err")"
"$amrc" expect --help | grep -q -- '--lang=nl|en' || no "amrc expect --help does not say what --lang does"

# amrc import: the example's spreadsheet, and one outside --years
"$amrc" import --lang=nl --years 2030..2031 examples/spreadsheet/wsp.csv >/dev/null 2>"$tmp/import-nl.txt"
"$amrc" import --years 2030..2031 examples/spreadsheet/wsp.csv >/dev/null 2>"$tmp/import-en.txt"
grep -q 'outside --years 2030..2031' "$tmp/import-en.txt" || no "amrc import: the English message changed: $(cat "$tmp/import-en.txt")"
grep -q 'buiten --years 2030..2031' "$tmp/import-nl.txt" || no "amrc import --lang=nl: not Dutch: $(cat "$tmp/import-nl.txt")"
"$amrc" import --lang=nl examples/spreadsheet/wsp.csv >"$tmp/import.amr" 2>"$tmp/import-ok.txt" && [ ! -s "$tmp/import-ok.txt" ] ||
  no "amrc import --lang=nl of the example failed: $(cat "$tmp/import-ok.txt")"
"$amrc" import --lang=nl 2>"$tmp/import-usage.txt"
grep -q '^amrc import: geen CSV-bestand opgegeven$' "$tmp/import-usage.txt" || no "amrc import --lang=nl: a usage error is not Dutch"
"$amrc" import --help | grep -q -- '--lang=nl|en' || no "amrc import --help does not say what --lang does"

# amrc init: a new repository, and a folder that is not empty
"$amrc" init --lang=nl --no-git "$tmp/repo" --years 2027..2030 >"$tmp/init-nl.txt" 2>&1
grep -q "^amrc init: .*/repo/ geschreven (plan.amr, projects/voorbeeld.amr, expectations.amr)$" "$tmp/init-nl.txt" &&
  grep -q "^volgende stap: cd .*/repo && amrc plan.amr$" "$tmp/init-nl.txt" ||
  no "amrc init --lang=nl: not Dutch: $(cat "$tmp/init-nl.txt")"
# its files speak Dutch too, and still check clean in fmt's layout
grep -q '^# Het hoofdbestand van de begroting' "$tmp/repo/plan.amr" &&
  grep -q 'note "Elk jaar van de reeks hetzelfde bedrag."' "$tmp/repo/projects/voorbeeld.amr" &&
  grep -q '^# De totalen die de begroting noemt' "$tmp/repo/expectations.amr" ||
  no "amrc init --lang=nl: the files' comments are not Dutch: $(head -3 "$tmp/repo/plan.amr")"
"$amrc" fmt --check "$tmp/repo/plan.amr" "$tmp/repo/projects/voorbeeld.amr" "$tmp/repo/expectations.amr" >/dev/null 2>&1 &&
  "$amrc" -q --check "$tmp/repo/plan.amr" 2>/dev/null || no "amrc init --lang=nl: the new plan is not clean"
"$amrc" init --lang=nl --no-git "$tmp/repo" --years 2027..2030 2>"$tmp/init-err.txt"
grep -q "^amrc init: .*/repo bestaat en is geen lege map; niets geschreven$" "$tmp/init-err.txt" ||
  no "amrc init --lang=nl: its error is not Dutch: $(cat "$tmp/init-err.txt")"
"$amrc" init --help | grep -q -- '--lang=nl|en' || no "amrc init --help does not say what --lang does"

# Messages once put together from English pieces (a shortfall's notes, a
# pre-financing span, the measure of an expectation, the lexer's counts and
# remedies, a verloop's sums, a list's "and"): whole Dutch sentences under
# --lang=nl, with no English piece left in a diagnostic or note
pieces="check/prefinancing-declared-in-part check/transfer-part-and-whole check/transfer-twice
  check/errors-hide-nothing check/accept-unused check/rule-year-missing check/expect-not-amount
  check/earmark-bound budgets/annual-mixed budgets/verloop-bad budgets/sign confusable/titles
  bad/control-in-string bad/control-in-note bad/control-in-comment bad/stray-bytes-long bad/bom-error
  bidi/disabled bidi/outside pasted/invisible pasted/space-grouped budgets/cell-within"
: >"$tmp/pieces-nl.txt"
: >"$tmp/pieces-en.txt"
for f in $pieces; do
  "$amrc" --color=never --lang=nl --check "tests/golden/$f.amr" >/dev/null 2>>"$tmp/pieces-nl.txt"
  "$amrc" --color=never --check "tests/golden/$f.amr" >/dev/null 2>>"$tmp/pieces-en.txt"
done
"$amrc" --color=never --lang=nl --check examples/bergendal/plan.amr >/dev/null 2>>"$tmp/pieces-nl.txt"
"$amrc" --color=never --lang=nl --check examples/halderberge/plan.amr >/dev/null 2>>"$tmp/pieces-nl.txt"
for want in "wordt voorgefinancierd van 2026 tot en met 2027: het saldo zakt" \
    "note: een eerdere overdracht: € " "note: hier eerst gedeclareerd: € " "', eindsaldo 2026" \
    ", resultaat 20" "), binnen de marge" "maar het saldo blijft dat jaar op nul of erboven" \
    "geeft minstens € 3.000" "zoals 1_787_349 of -€ 127.800, geen PM" "geen rekenregel" "een marge is een bedrag van 0 of meer, geen PM" \
    "van regel 1 'Bijdrage' uit 2026 (bron 's') is over" "lasten die geen geld betaalt (€ 5.000 in 2026)" \
    "het subtotaal noemt € 140, de wijzigingen onder 'Besluiten' tellen op tot" \
    "de vorige begroting en de wijzigingen tellen op tot" "als het document lasten als negatieve getallen drukt" \
    "programma 'werk2' heeft dezelfde titel als programma 'werk'" "waar de andere titel 'e' heeft)" \
    "hier staat de titel van bron 'rijk'" "stuurteken U+0001 in een tekst; schrijf het uit of verwijder het" \
    "stuurteken U+001B (escape) in een tekst, en nog 2 erna; schrijf ze uit of verwijder ze" \
    "in commentaar; verwijder het" "buiten een tekst; verwijder het" "en nog 599 tekens erna" \
    "in een tekst, en nog 1 erna: de tekst kan in een andere volgorde" "(met het euroteken)" \
    "typ '-' (U+002D HYPHEN-MINUS)" "verwijder het (het is niet te zien)" "typ een gewone spatie (U+0020)" \
    "hij opent met een rechte '\"' en sluit met" "een tekort van € 1.022.000 in 2026 en € 83.000 in 2027"; do
  grep -qF -- "$want" "$tmp/pieces-nl.txt" || no "--lang=nl: a message put together from pieces is not Dutch: no '$want'"
done
for gone in " of 20[0-9][0-9][,)]" "[0-9] to 20[0-9]" "an earlier transfer" "declared first here" \
    ", closing 20" ", opening 20" ", result 20" "within the tolerance" "where the other has" \
    "programme '" "that year" "these years" "[0-9] and € " "the subtotal" "the changes" \
    "at least" "at most" "not PM" "a rule" " of line " "(source '" "control character" \
    "in a string" "in a comment" "outside a string" "more after it" "remove it" "remove them" \
    "more characters\? after" "; type " "delete it" "euro sign" "a straight" "it again" \
    "if the document prints"; do
  ! grep ': \(error\|warning\|note\): ' "$tmp/pieces-nl.txt" | grep -q -- "$gone" ||
    no "--lang=nl: an English piece '$gone' in: $(grep ': \(error\|warning\|note\): ' "$tmp/pieces-nl.txt" | grep -- "$gone" | head -2)"
done
# amrc import's cell errors and their reasons, and the count of errors
# left out: Dutch as a whole, the English unchanged
"$amrc" import --lang=nl tests/golden/import/bad-cells.csv >/dev/null 2>>"$tmp/pieces-nl.txt"
"$amrc" import tests/golden/import/bad-cells.csv >/dev/null 2>>"$tmp/pieces-en.txt"
"$amrc" --color=never --lang=nl --check --max-errors=3 tests/golden/limits/max-errors-3.amr >/dev/null 2>>"$tmp/pieces-nl.txt"
for want in "rij 5, kolom D: 'twaalf' is geen bedrag: 't' waar cijfers of een scheidingsteken van duizendtallen horen" \
    "'(5' is geen bedrag: een '(' zonder zijn ')'" "is geen bedrag: meer dan twee decimalen (geld is hele centen)" \
    "amrc: nog 57 fouten niet getoond (grens 3; zie --max-errors)"; do
  grep -qF -- "$want" "$tmp/pieces-nl.txt" || no "--lang=nl: not Dutch: no '$want'"
done
! grep -q "is not an amount\|where digits\|without its\|more than two decimals\|more errors not shown" "$tmp/pieces-nl.txt" ||
  no "--lang=nl: English in an import reason: $(grep "is not an amount\|more errors" "$tmp/pieces-nl.txt" | head -2)"
grep -qF "row 5, column D: 'twaalf' is not an amount: 't' where digits or a separator of thousands belong" "$tmp/pieces-en.txt" ||
  no "amrc import: the English cell error changed: $(grep 'row 5' "$tmp/pieces-en.txt")"
# the English is as it was, piece for piece
for want in "is pre-financed in 2026 to 2027: its balance" "note: an earlier transfer: € " \
    "note: declared first here: € " "', closing 2026" "(source 's') is left, earmarked" \
    "lasten that no money pays (€ 5.000 of 2026)" "the subtotal states € 140, the changes under 'Besluiten' add up to" \
    "control character U+001B (escape) in a string, and 2 more after it; write them out or remove them" \
    "where the other has 'e')" "programme 'werk2' has the same title as programme 'werk'"; do
  grep -qF -- "$want" "$tmp/pieces-en.txt" || no "without --lang: the English message changed: no '$want'"
done

# The realisatie's findings under --lang=nl: whole Dutch sentences, no
# English word pasted in (spent, received, deeper, longer, planned, all paid)
q1=examples/achterhoek/realisatie/export-2026-q1.csv q2=examples/achterhoek/realisatie/export-2026-q2.csv
"$amrc" --color=never --lang=nl --actuals $q1 --actuals $q2 "$ex" >/dev/null 2>"$tmp/real-nl.txt"
"$amrc" --color=never --as-of 31-03-2026 --lang=nl --actuals tests/golden/actuals/codes.csv tests/golden/actuals/inc/plan.amr >/dev/null 2>>"$tmp/real-nl.txt"
grep -q "met de realisatie tot 2026-06-30 is de voorfinanciering van 'opijver3' dieper: .* (begroot € [0-9.]*); alles betaald aan het eind van 20[0-9][0-9] \[-Wactuals-prefinancing\]" "$tmp/real-nl.txt" &&
  grep -q "de voorfinanciering van 'fiets' langer: " "$tmp/real-nl.txt" &&
  grep -q "regel 1 'Bijdrage provincie' van 'fiets' heeft € 0 ontvangen in 2026" "$tmp/real-nl.txt" &&
  grep -q "regel 5 'Communicatie' van 'fiets' heeft € 500 uitgegeven in 2026" "$tmp/real-nl.txt" ||
  no "--lang=nl: the realisatie's findings are not Dutch: $(grep 'spending-behind\|prefinancing' "$tmp/real-nl.txt" | head -4)"
english "$tmp/real-nl.txt" ' spent \| received \| deeper\| longer\|planned\|all paid\| more line' "the realisatie's findings"

# the realisatie tables' words come from the catalogue: Dutch by default,
# English with --lang=en, never a mix
"$amrc" -q --force --emit=realisatie --as-of 30-06-2026 --actuals $q1 --actuals $q2 "$ex" >"$tmp/real-table-nl.txt" 2>/dev/null
"$amrc" -q --force --lang=en --emit=realisatie --as-of 30-06-2026 --actuals $q1 --actuals $q2 "$ex" >"$tmp/real-table-en.txt" 2>/dev/null
grep -q '^Realisatie per project (t/m 2026-06-30; [0-9]* boekingen)' "$tmp/real-table-nl.txt" &&
  grep -q '^[0-9]* regels met een begroting zonder books en zonder boekingen: niet vergeleken\.$' "$tmp/real-table-nl.txt" &&
  grep -q '^Saldi ' "$tmp/real-table-nl.txt" && grep -q '% gerealiseerd' "$tmp/real-table-nl.txt" ||
  no "--emit=realisatie: the table's words are not Dutch: $(head -3 "$tmp/real-table-nl.txt")"
! grep -q 'Actuals\|Balances\|realised\|Forecast\|not compared\|bookings' "$tmp/real-table-nl.txt" ||
  no "--emit=realisatie: English in the Dutch table: $(grep 'Actuals\|Balances\|realised\|Forecast' "$tmp/real-table-nl.txt" | head -2)"
grep -q '^Actuals per project (to 2026-06-30; [0-9]* bookings)' "$tmp/real-table-en.txt" &&
  grep -q '^[0-9]* line sides with a budget, no books and no bookings: not compared\.$' "$tmp/real-table-en.txt" &&
  grep -q '^Balances ' "$tmp/real-table-en.txt" && ! grep -q 'Realisatie\|Saldi\|boekingen' "$tmp/real-table-en.txt" ||
  no "--emit=realisatie --lang=en: the table's words are not English: $(head -3 "$tmp/real-table-en.txt")"

# the actuals reader's messages: whole phrases, no English piece inside
printf 'a;b\n1;2\n' >"$tmp/head.csv"
printf 'datum;project;regel;bedrag\n2026-01-01;aaj;2;1x\n2026-01-01;aaj\n' >"$tmp/rows.csv"
"$amrc" --color=never --lang=nl --actuals "$tmp/head.csv" "$ex" >/dev/null 2>"$tmp/csv-nl.txt"
"$amrc" --color=never --lang=nl --actuals "$tmp/rows.csv" "$ex" >/dev/null 2>>"$tmp/csv-nl.txt"
grep -q "head.csv:1:1: error: de kop van deze export moet een kolom datum (boekdatum, date) of periode hebben; hij heeft: a;b" "$tmp/csv-nl.txt" &&
  grep -q "rows.csv:2:18: error: bedrag '1x' is geen bedrag; schrijf het met een decimale komma (1.234,56 of 1234,56), zoals een export met ';' die schrijft" "$tmp/csv-nl.txt" &&
  grep -q "rows.csv:3:1: error: deze rij heeft 2 velden, de kop 4 " "$tmp/csv-nl.txt" ||
  no "--lang=nl: the actuals reader's messages are not Dutch: $(grep 'csv:' "$tmp/csv-nl.txt")"
english "$tmp/csv-nl.txt" ' column\| fields\|decimal \| or \|export writes' "the actuals reader's messages"

# amrc's own lines after the summary follow the diagnostics
"$amrc" --color=never --emit=table "$ex" >/dev/null 2>"$tmp/own-en.txt"
"$amrc" --color=never --lang=nl --emit=table "$ex" >/dev/null 2>"$tmp/own-nl.txt"
"$amrc" --color=never --lang=nl --force --emit=table "$ex" >/dev/null 2>"$tmp/own-force.txt"
grep -q '^amrc: nothing written: the check found errors (--force writes anyway)$' "$tmp/own-en.txt" ||
  no "amrc: the English 'nothing written' changed: $(tail -1 "$tmp/own-en.txt")"
grep -q '^amrc: niets geschreven: de controle vond fouten (--force schrijft toch)$' "$tmp/own-nl.txt" &&
  grep -q '^amrc: uitvoer geschreven ondanks fouten, vanwege --force$' "$tmp/own-force.txt" ||
  no "amrc --lang=nl: its own lines are not Dutch: $(tail -1 "$tmp/own-nl.txt") / $(tail -1 "$tmp/own-force.txt")"
"$amrc" --lang=nl -o "$ex" "$ex" 2>"$tmp/own-same.txt"
grep -q "^amrc: error: invoerbestand '.*' is hetzelfde als uitvoerbestand '.*'; niets geschreven$" "$tmp/own-same.txt" ||
  no "amrc --lang=nl: 'the same as output file' is not Dutch: $(cat "$tmp/own-same.txt")"

# The usage errors of the main command and of the subcommands that read
# their options with getopt (import, init), in our words: an unknown option,
# a missing value, a value where none goes, a cluster of short options;
# English without --lang, Dutch with --lang=nl (also before it is read, and
# abbreviated as getopt takes it), and never getopt's own English.
usage() { # usage NAME EXPECTED-FIRST-LINE ARGS...: the first line, the hint, nothing else
  name=$1 want=$2
  shift 2
  "$amrc" "$@" >/dev/null 2>"$tmp/usage.txt"
  rc=$?
  [ $rc = 2 ] || no "$name: exit status $rc, not 2"
  [ "$(sed -n 1p "$tmp/usage.txt")" = "$want" ] || no "$name: $(sed -n 1p "$tmp/usage.txt"), expected $want"
  [ "$(wc -l <"$tmp/usage.txt")" = 2 ] || no "$name: more than the message and the hint: $(cat "$tmp/usage.txt")"
  if grep -q 'Probeer' "$tmp/usage.txt"; then
    ! grep -q 'unrecognized\|requires an argument\|invalid option\|unknown\|needs\|Try ' "$tmp/usage.txt" ||
      no "$name: English in a Dutch usage error: $(cat "$tmp/usage.txt")"
  fi
}
usage "unknown option" "amrc: unknown option '--bogus'" --bogus x.amr
usage "unknown option nl" "amrc: onbekende optie '--bogus'" --bogus --lang=nl x.amr
usage "unknown option nl (--lan)" "amrc: onbekende optie '--bogus'" --lan nl --bogus x.amr
usage "unknown short option nl" "amrc: onbekende optie '-x'" --lang=nl -qx x.amr
usage "unknown short option in a cluster nl" "amrc: onbekende optie '-x'" --lang=nl -xq x.amr
usage "missing value" "amrc: option '--emit' needs an argument" x.amr --emit
usage "missing value nl" "amrc: optie '--emit' heeft een waarde nodig" --lang=nl x.amr --emit
usage "missing value -o nl" "amrc: optie '-o' heeft een waarde nodig" --lang=nl x.amr -o
usage "value where none goes nl" "amrc: optie '--force' neemt geen waarde" --lang=nl --force=yes x.amr
usage "unknown warning nl" "amrc: onbekende waarschuwing 'nope' (zie --list-warnings)" -Wnope --lang=nl x.amr
usage "bad value nl" "amrc: --color is auto, always of never, niet 'blue'" --lang=nl --color=blue x.amr
usage "no files nl" "amrc: geen invoerbestanden" --lang=nl
"$amrc" --lang=nl --emit=foo x.amr 2>"$tmp/format.txt"
"$amrc" --emit=foo x.amr 2>"$tmp/format-en.txt"
grep -q "^amrc: onbekend formaat 'foo' (table, summary, .*taakvelden-csv, .*realisatie-json, xlsx)$" "$tmp/format.txt" &&
  grep -q "^amrc: unknown format 'foo' (table, summary, .*taakvelden-csv, .*realisatie-json, xlsx)$" "$tmp/format-en.txt" ||
  no "an unknown --emit format: not every format listed, or not in the language asked: $(cat "$tmp/format.txt" "$tmp/format-en.txt")"
usage "import unknown option" "amrc import: unknown option '--bogus'" import --bogus x.csv
usage "import unknown option nl" "amrc import: onbekende optie '--bogus'" import --lang=nl --bogus x.csv
usage "import missing value nl" "amrc import: optie '-o' heeft een waarde nodig" import --lang=nl x.csv -o
usage "init unknown option nl" "amrc init: onbekende optie '-z'" init --lang=nl -z
usage "init missing value nl" "amrc init: optie '--years' heeft een waarde nodig" init --lang=nl "$tmp/x" --years
# The parser's syntax errors: the sentence and the token classes Dutch,
# the keywords and characters as written; the English as before
cat >"$tmp/syntax.amr" <<'EOF'
plan t "T" { years 2026..2027 }
project a "A" {
  1 "X" { lasten 2026: 1 2027 }
  2 "Y" { lastn 2026: 1 }
  3 "Z" { lasten 2026 "x" }
}
project c "C" {
  1 "X" { lasten 2026: 1 }
}
}
lasten 2026: 5
project d "D" {
  1 "X" { lasten 2026: 1 }
EOF
"$amrc" --color=never "$tmp/syntax.amr" >/dev/null 2>"$tmp/syntax-en.txt"
"$amrc" --color=never --lang=nl "$tmp/syntax.amr" >/dev/null 2>"$tmp/syntax-nl.txt"
for want in "3:31: error: unexpected '}', expected '..' or ':'" "4:11: error: unexpected identifier 'lastn'; did you mean 'lasten'?" \
    "5:23: error: unexpected string, expected '..' or ':'; is the '}' closing line 3 missing?" \
    "10:1: error: a '}' too many: no block is open here; the '}' before it already closed project 'c'" \
    "13:27: error: unexpected end of file; the '}' closing project 'd' is missing"; do
  grep -qF "$want" "$tmp/syntax-en.txt" || no "a syntax error: the English changed: no '$want' in $(grep error "$tmp/syntax-en.txt")"
done
for want in "3:31: error: hier staat onverwacht '}'; verwacht: '..' of ':'" "4:11: error: hier staat onverwacht de naam 'lastn'; bedoelt u 'lasten'?" \
    "5:23: error: hier staat onverwacht een tekst; verwacht: '..' of ':'; ontbreekt de '}' die regel 3 sluit?" \
    "5:3: note: regel 3 begint hier" "10:1: error: een '}' te veel: hier is geen blok open; de '}' ervoor sloot project 'c' al" \
    "9:1: note: project 'c' wordt hier gesloten" "13:27: error: onverwacht einde van het bestand; de '}' die project 'd' sluit, ontbreekt"; do
  grep -qF "$want" "$tmp/syntax-nl.txt" || no "--lang=nl: a syntax error is not Dutch: no '$want' in $(grep 'error\|note' "$tmp/syntax-nl.txt")"
done
english "$tmp/syntax-nl.txt" 'unexpected\|expected\| or \|did you mean\|missing\|begins here\|closed here\|too many' "a syntax error"
AMRC_THREADS=2 "$amrc" --color=never --lang=nl "$tmp/syntax.amr" >/dev/null 2>"$tmp/syntax-nl2.txt"
cmp -s "$tmp/syntax-nl.txt" "$tmp/syntax-nl2.txt" || no "--lang=nl: the syntax errors differ on two threads"

# --help in the language of the messages: Dutch with --lang=nl (before or
# after --help), English without
for c in "" fmt diff explain expect import init; do
  "$amrc" $c --help >"$tmp/help-en.txt" 2>&1
  "$amrc" $c --help --lang=nl >"$tmp/help-nl.txt" 2>&1
  "$amrc" $c --lang nl --help >"$tmp/help-nl2.txt" 2>&1
  grep -q '^usage: amrc' "$tmp/help-en.txt" || no "amrc $c --help: not English without --lang: $(head -1 "$tmp/help-en.txt")"
  grep -q '^gebruik: amrc' "$tmp/help-nl.txt" && grep -q 'standaard\|stop$' "$tmp/help-nl.txt" ||
    no "amrc $c --help --lang=nl: not Dutch: $(head -3 "$tmp/help-nl.txt")"
  ! grep -q 'usage\|show this help\|default\|the language of' "$tmp/help-nl.txt" ||
    no "amrc $c --help --lang=nl: English in it: $(grep 'usage\|show this help\|default\|the language of' "$tmp/help-nl.txt" | head -2)"
  cmp -s "$tmp/help-nl.txt" "$tmp/help-nl2.txt" || no "amrc $c --help: --lang nl before and after --help differ"
  [ "$(grep -c '' "$tmp/help-nl.txt")" -ge "$(grep -c '' "$tmp/help-en.txt")" ] || no "amrc $c --help --lang=nl: shorter than the English"
done
"$amrc" --help --lang=nl | grep -q -- '^      --lang=nl|en            de taal van tabellen en rapporten' || no "amrc --help --lang=nl: the options' column moved"

# what the C library says of a file (strerror): Dutch for the common
# cases, the C library's own English without --lang
"$amrc" --color=never --lang=nl "$tmp/no-such.amr" >/dev/null 2>"$tmp/enoent-nl.txt"
"$amrc" --color=never "$tmp/no-such.amr" >/dev/null 2>"$tmp/enoent-en.txt"
grep -q "^amrc: error: kan '.*no-such.amr' niet openen: bestand of map bestaat niet$" "$tmp/enoent-nl.txt" &&
  ! grep -q 'No such file' "$tmp/enoent-nl.txt" || no "--lang=nl: a missing file is not said in Dutch: $(cat "$tmp/enoent-nl.txt")"
grep -q "^amrc: error: cannot open '.*no-such.amr': No such file or directory$" "$tmp/enoent-en.txt" ||
  no "a missing file: the English changed: $(cat "$tmp/enoent-en.txt")"
"$amrc" --color=never --lang=nl -q --force -o "$tmp/no-dir/out.txt" --emit=table "$tmp/plan/plan.amr" >/dev/null 2>"$tmp/enoent-out.txt"
grep -q "niet .*: bestand of map bestaat niet$" "$tmp/enoent-out.txt" && ! grep -q 'No such\|cannot' "$tmp/enoent-out.txt" ||
  no "--lang=nl: an output that cannot be written is not said in Dutch: $(cat "$tmp/enoent-out.txt")"

# An installed layout: bin/amrc and share/locale/nl/LC_MESSAGES/amrc.mo.
mo=$(dirname "$amrc")/build/locale/nl/LC_MESSAGES/amrc.mo
[ -f "$mo" ] || mo=$(dirname "$amrc")/locale/nl/LC_MESSAGES/amrc.mo
if [ -f "$mo" ]; then
  mkdir -p "$tmp/inst/bin" "$tmp/inst/share/locale/nl/LC_MESSAGES" "$tmp/bare"
  cp "$amrc" "$tmp/inst/bin/amrc"
  cp "$mo" "$tmp/inst/share/locale/nl/LC_MESSAGES/amrc.mo"
  AMRC_STDLIB=$(pwd)/stdlib "$tmp/inst/bin/amrc" --color=never --lang=nl --check "$tmp/plan/plan.amr" >/dev/null 2>"$tmp/inst.txt"
  grep -q 'niets in de begroting vult het aan' "$tmp/inst.txt" || no "an installed amrc does not find its catalogue: $(head -3 "$tmp/inst.txt")"
  cp "$amrc" "$tmp/bare/amrc"
  AMRC_LOCALEDIR=$tmp/none AMRC_STDLIB=$(pwd)/stdlib "$tmp/bare/amrc" --color=never --lang=nl --check "$tmp/plan/plan.amr" >/dev/null 2>"$tmp/bare.txt"
  grep -q 'warning: no Dutch messages' "$tmp/bare.txt" || no "without a catalogue amrc does not say so"
  grep -q 'nothing in the plan restores it' "$tmp/bare.txt" || no "without a catalogue the findings are not English"
else
  no "no catalogue beside $amrc (make builds it)"
fi
[ $fail = 0 ] && echo "lang: Dutch findings in text, HTML and risks; English by default on stderr and with --lang=en"
[ $fail = 0 ]

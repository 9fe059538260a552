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

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

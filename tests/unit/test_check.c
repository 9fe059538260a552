/* test_check.c: what `amrc --check` proves (src/resolve.c for names and
 * years, src/check.c for the rest), on small plans held in memory.
 *
 * For every rule a correct plan passes clean and a broken one is caught:
 * the diagnostic's stable name, its severity, how many there are, and the
 * numbers its message must show (year, amounts, lines). Then the reporting:
 * -Wno-NAME, -Werror, -Werror=NAME, `accept` and `prefinance` in the plan,
 * unused acknowledgements, and the exit status of the command line.
 *
 * Run from the repository root.
 */
#include "plan_test.h"

#include <fcntl.h>
#include <unistd.h>

#define HEAD                                                                 \
  "plan t \"Test\" { years 2026..2029 }\n"                                  \
  "programme prog \"Programma\"\n"                                          \
  "programme other \"Andere programmalijn\"\n"                              \
  "kind spuk \"Specifieke uitkering\" { earmarked repay unspent incidental }\n" \
  "kind esf \"ESF+\" { earmarked paid after settlement incidental }\n"       \
  "kind dec \"Decentralisatie-uitkering\" { structural }\n"

/* ---------------------------------------------------------------- names */

static void test_names_correct(void **state) {
  (void)state;
  T *t = check_text(HEAD "index loon \"Loon\" { rate 5.1% base 2026 round 25 }\n"
                         "source rijk \"Rijk\" { }\n"
                         "project alpha \"A\" { programme prog\n  opening 1_000\n"
                         "  1 \"Bijdrage\" { baten 2026: 10 source rijk }\n"
                         "  2 \"X\" { lasten 2026: 5 paid by 1 }\n"
                         "  3 \"Y\" { lasten 2026: 5 paid by alpha.1 }\n"
                         "  4 \"Z\" { lasten 2027: 100 indexed loon }\n}\n"
                         "project beta \"B\" { programme other\n  1 \"Van alpha\" { }\n}\n"
                         "transfer alpha.4 to beta.1\n"
                         "expect alpha { opening 2026: 1_000 }\n");
  assert_clean(t);
  done(t);
}

static void test_names_unknown_did_you_mean(void **state) {
  (void)state;
  T *t = check_text(HEAD "source rijk \"Rijk\" { }\n"
                         "index loon \"Loon\" { rate 5.1% base 2026 round 25 }\n"
                         "project alpha \"A\" {\n"
                         "  programme progr\n"                                    /* 10 */
                         "  1 \"Bijdrage\" { baten 2026: 10 source rijkk }\n"   /* 11 */
                         "  2 \"X\" { lasten 2026: 5 paid by alpha.9 }\n"       /* 12 */
                         "  3 \"Y\" { lasten 2026: 5 paid by alhpa.1 }\n"       /* 13 */
                         "  4 \"Z\" { lasten 2027: 100 indexed lon }\n"         /* 14 */
                         "}\n"
                         "source s2 \"S2\" { kind spukk }\n"                    /* 16 */
                         "expect programme prg { baten 2026: 0 }\n");           /* 17 */
  assert_false(t->resolved);
  assert_false(t->evaluated);
  const Diag *g = find(t, "unknown-name", "unknown programme 'progr'; did you mean 'prog'?", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_ERROR);
  assert_int_equal(loc_line(g->loc), 10);
  assert_non_null(find(t, "unknown-name", "unknown source 'rijkk'; did you mean 'rijk'?", NULL));
  assert_non_null(find(t, "unknown-name", "unknown project 'alhpa'; did you mean 'alpha'?", NULL));
  assert_non_null(find(t, "unknown-name", "unknown indexation rule 'lon'; did you mean 'loon'?", NULL));
  assert_non_null(find(t, "unknown-name", "unknown kind of funding 'spukk'; did you mean 'spuk'?", NULL));
  assert_non_null(find(t, "unknown-name", "unknown programme 'prg'; did you mean 'prog'?", NULL));
  g = find(t, "unknown-name", "project 'alpha' has no line 9", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 12);
  const DiagNote *n = find_note(g, "project 'alpha' is defined here", NULL);
  assert_non_null(n);
  assert_int_equal(loc_line(n->loc), 9);
  /* nothing close: no guess */
  done(t);
  t = check_text(HEAD "project a \"A\" { programme prog\n}\nexpect zzzzzz { baten 2026: 0 }\n");
  g = find(t, "unknown-name", "unknown project 'zzzzzz'", NULL);
  assert_non_null(g);
  assert_null(strstr(g->msg, "did you mean"));
  done(t);
}

static void test_names_duplicate_note_at_first(void **state) {
  (void)state;
  T *t = check_text(HEAD "programme prog \"Nog een keer\"\n"  /* 7 */
                         "source s \"S\" { }\n"                /* 8 */
                         "source s \"S\" { }\n"                /* 9 */
                         "project a \"A\" { programme prog\n"  /* 10 */
                         "  1 \"X\" { lasten 2026: 5 }\n"      /* 11 */
                         "  1 \"Y\" { lasten 2027: 5 }\n"      /* 12 */
                         "}\n"
                         "project a \"Weer A\" { programme prog }\n"); /* 14 */
  assert_false(t->resolved);
  const Diag *g = find(t, "duplicate", "programme 'prog' is defined twice", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 7);
  const DiagNote *n = find_note(g, "first defined here", NULL);
  assert_non_null(n);
  assert_int_equal(loc_line(n->loc), 2);
  g = find(t, "duplicate", "source 's' is defined twice", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->notes->loc), 8);
  g = find(t, "duplicate", "project 'a' is defined twice", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 14);
  assert_int_equal(loc_line(g->notes->loc), 10);
  /* line numbers are unique within a project */
  g = find(t, "duplicate", "line 1 appears twice in project 'a'", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 12);
  assert_int_equal(loc_line(g->notes->loc), 11);
  assert_int_equal(count(t, "duplicate"), 4);
  done(t);
  /* the same number in two projects is fine */
  t = check_text(HEAD "project a \"A\" { programme prog\n opening 10\n 1 \"X\" { lasten 2026: 5 } }\n"
                      "project b \"B\" { programme prog\n opening 10\n 1 \"X\" { lasten 2026: 5 } }\n");
  assert_clean(t);
  done(t);
}

/* ---------------------------------------------------------------- years */

static void test_years_inside_horizon(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 100\n"
                         "  prefinance 2025..2026 \"x\"\n"                          /* 9 */
                         "  reserve g \"G\" { 2030: 5 }\n"                          /* 10 */
                         "  accept structural-balance 2031 \"y\"\n"                 /* 11 */
                         "  1 \"B\" { baten 2025: 10  2028..2030: 5 }\n"            /* 12 */
                         "}\n"
                         "expect a { closing 2024: 0 }\n");                          /* 14 */
  assert_false(t->resolved);
  assert_int_equal(count(t, "year-range"), 6);
  const Diag *g = find(t, "year-range", "years 2025..2026 reach outside the plan's horizon 2026..2029", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 9);
  assert_non_null(find(t, "year-range", "year 2030 is outside the plan's horizon 2026..2029", NULL));
  assert_non_null(find(t, "year-range", "year 2031 is outside", NULL));
  assert_non_null(find(t, "year-range", "year 2025 is outside", NULL));
  assert_non_null(find(t, "year-range", "years 2028..2030 reach outside", NULL));
  g = find(t, "year-range", "year 2024 is outside", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 14);
  done(t);
  /* the first and the last year are inside */
  t = check_text(HEAD "project a \"A\" { programme prog\n"
                      "  1 \"B\" { baten 2026: 10  2029: 5 }\n}\n"
                      "expect a { closing 2026: 10  2029: 15 }\n");
  assert_clean(t);
  done(t);
}

/* ---------------------------------------------------------------- coverage by a named source or line */

static void test_coverage_source(void **state) {
  (void)state;
  /* 100 000 in 2026 pays 60 000 then, and the 40 000 left pays 2027 */
  const char *ok = HEAD "source vrij \"Vrij\" { }\n"
                        "project a \"A\" { programme prog\n  opening 10_000\n"
                        "  1 \"Bijdrage\" { baten 2026: 100_000 source vrij }\n"
                        "  2 \"Kosten\" { lasten 2026: 60_000  2027: 40_000 paid by vrij }\n}\n";
  T *t = check_text(ok);
  assert_clean(t);
  done(t);
  /* a second line takes 10 000 more in 2027 than is left */
  t = check_text(HEAD "source vrij \"Vrij\" { }\n"                                /* 7 */
                      "project a \"A\" { programme prog\n  opening 10_000\n"
                      "  1 \"Bijdrage\" { baten 2026: 100_000 source vrij }\n"
                      "  2 \"Kosten\" { lasten 2026: 60_000  2027: 40_000 paid by vrij }\n" /* 11 */
                      "  3 \"Meer\" { lasten 2027: 10_000 paid by vrij }\n}\n");  /* 12 */
  assert_true(t->evaluated);
  assert_int_equal(count(t, "coverage"), 1);
  assert_int_equal(total(t), 1);  /* the project's own money covers its balance */
  const Diag *g = find(t, "coverage", "source 'vrij' has € 10.000 too little in 2027",
                       "(it has € 40.000 that year, they spend € 50.000)", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_ERROR);
  assert_int_equal(loc_line(g->loc), 7);
  const DiagNote *n = find_note(g, "line 2 'Kosten' of 'a' spends € 40.000 in 2027", NULL);
  assert_non_null(n);
  assert_int_equal(loc_line(n->loc), 11);
  assert_non_null(find_note(g, "line 3 'Meer' of 'a' spends € 10.000 in 2027", NULL));
  assert_true(diags_failed(&t->diags));
  done(t);
}

static void test_coverage_line(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                         "  1 \"Bijdrage\" { baten 2026: 30_000  2027: 10_000 }\n"
                         "  2 \"Via lijn\" { lasten 2026: 20_000  2027: 20_000 paid by 1 }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                      "  1 \"Bijdrage\" { baten 2026: 30_000  2027: 10_000 }\n"
                      "  2 \"Via lijn\" { lasten 2026: 20_000  2027: 25_000 paid by 1 }\n}\n");
  assert_int_equal(total(t), 1);
  const Diag *g = find(t, "coverage", "line 1 'Bijdrage' of 'a' has € 5.000 too little in 2027",
                       "(it has € 20.000 that year, they spend € 25.000)", NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "line 2 'Via lijn' of 'a' spends € 25.000 in 2027", NULL));
  done(t);
}

/* Money that must be paid back when unspent does not carry over to pay a
 * later year: it is reported as left, and the later lasten are not covered
 * by it. */
static void test_coverage_repay_unspent_does_not_carry(void **state) {
  (void)state;
  T *t = check_text(HEAD "source su \"SU\" { kind spuk }\n"
                         "project a \"A\" { programme prog\n  opening 200_000\n"
                         "  1 \"SU\" { baten 2026: 100_000 source su }\n"
                         "  2 \"Kosten\" { lasten 2026: 100_000 paid by su }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "source su \"SU\" { kind spuk }\n"
                      "project a \"A\" { programme prog\n  opening 200_000\n"
                      "  1 \"SU\" { baten 2026: 100_000 source su }\n"
                      "  2 \"Kosten\" { lasten 2027: 100_000 paid by su }\n}\n");
  assert_int_equal(total(t), 2);
  assert_non_null(find(t, "unspent-earmarked", "€ 100.000 of it is left at the end of 2026", NULL));
  assert_non_null(find(t, "coverage", "source 'su' has € 100.000 too little in 2027",
                       "(it has € 0 that year, they spend € 100.000)", NULL));
  done(t);
}

/* A source whose income is PM cannot be proven short (nor enough). */
static void test_coverage_pm_income(void **state) {
  (void)state;
  T *t = check_text(HEAD "source rijk \"Rijk\" { }\n"
                         "project a \"A\" { programme prog\n  opening 5_000\n"
                         "  1 \"Rijk\" { baten 2026: PM source rijk }\n"
                         "  2 \"Kosten\" { lasten 2026: 1_000 paid by rijk }\n"
                         "  3 \"Lijn\" { baten 2027: PM }\n"
                         "  4 \"Kosten\" { lasten 2027: 1_000 paid by 3 }\n}\n");
  /* Only the PM's own year is unproven: a warning each, never an error. */
  assert_int_equal(count(t, "pm-coverage"), 2);
  assert_int_equal(total(t), 2);
  assert_false(diags_failed(&t->diags));
  assert_non_null(find(t, "pm-coverage", "source 'rijk' has PM baten in 2026", "€ 1.000", NULL));
  assert_non_null(find(t, "pm-coverage", "line 3 'Lijn' of 'a' has PM baten in 2027", NULL));
  done(t);
}

/* ---------------------------------------------------------------- balances: pre-financing and shortfall */

#define DIP                                                                   \
  "  1 \"Kosten\" { lasten 2026: 50_000  2027: 30_000 }\n"                   \
  "  2 \"ESF+ na vaststelling\" { baten 2028: 80_000 }\n"                    \
  "  3 \"Klein\" { baten 2028: 1_000 }\n}\n"

/* 10 000 - 50 000 = -40 000; -30 000 more = -70 000; +81 000 = 11 000 */
static void test_prefinancing_warning(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n" DIP);
  assert_true(t->evaluated);
  assert_int_equal(total(t), 1);
  const Diag *g = find(t, "prefinancing", "project 'a' is pre-financed in 2026 to 2027",
                       "goes down to -€ 70.000 at the end of 2027",
                       "back at € 11.000 at the end of 2028", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_WARNING);
  assert_null(g->accepted);
  /* the 70 000 pre-financed is paid by line 2 (first in the project's order) */
  const DiagNote *n = find_note(g, "restored by line 2 'ESF+ na vaststelling': € 70.000 of its baten in 2028",
                                NULL);
  assert_non_null(n);
  assert_int_equal(loc_line(n->loc), 10);
  assert_non_null(find_note(g, "prefinance 2026..2027 \"reason\"", NULL));
  assert_false(diags_failed(&t->diags));  /* a warning: exit 0 */
  assert_int_equal(t->diags.nwarnings, 1);
  done(t);
}

static void test_prefinancing_declared(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                         "  prefinance 2026..2027 \"ESF+ komt na vaststelling in 2028\"\n" DIP);
  const Diag *g = find(t, "prefinancing", "pre-financed in 2026 to 2027", NULL);
  assert_non_null(g);
  assert_non_null(g->accepted);
  assert_string_equal(g->accepted, "ESF+ komt na vaststelling in 2028");
  assert_int_equal(total(t), 1);
  assert_int_equal(t->diags.nwarnings, 0);
  assert_int_equal(t->diags.nsuppressed, 1);
  assert_false(diags_failed(&t->diags));
  done(t);
  /* and under -Werror an acknowledged finding still does not fail */
  Opts o = {.werror = true};
  t = check_opts(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                      "  prefinance 2026..2027 \"ESF+ komt na vaststelling in 2028\"\n" DIP, &o);
  assert_false(diags_failed(&t->diags));
  done(t);
}

/* A declaration must cover the whole dip: 2026 alone does not declare a
 * dip from 2026 to 2027, so the warning stays and the declaration is
 * reported as matching nothing. */
static void test_prefinancing_declared_in_part(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                         "  prefinance 2026 \"te kort\"\n" DIP);
  const Diag *g = find(t, "prefinancing", "pre-financed in 2026 to 2027", NULL);
  assert_non_null(g);
  assert_null(g->accepted);
  g = find(t, "unused-accept", "'a' declares pre-financing in 2026,",
           "below zero from 2026 to 2027: declare prefinance 2026..2027", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 9);
  assert_int_equal(total(t), 2);
  done(t);
}

/* -Wno-prefinancing silences the finding; the declaration is then not
 * "unused". */
static void test_prefinancing_disabled(void **state) {
  (void)state;
  Opts o = {.disabled = {"prefinancing"}};
  T *t = check_opts(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                         "  prefinance 2026..2027 \"ESF+\"\n" DIP, &o);
  assert_clean(t);
  done(t);
  t = check_opts(HEAD "project a \"A\" { programme prog\n  opening 10_000\n" DIP, &o);
  assert_clean(t);
  done(t);
}

static void test_prefinancing_opening_below_zero(void **state) {
  (void)state;
  T *t = check_text(HEAD "project b \"B\" { programme prog\n  opening -20_000\n"
                         "  1 \"Subsidie\" { baten 2026: 25_000 }\n}\n");
  const Diag *g = find(t, "prefinancing", "project 'b' opens 2026 with -€ 20.000",
                       "restored in 2026", NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "restored by line 1 'Subsidie': € 20.000 of its baten in 2026", NULL));
  assert_non_null(find_note(g, "prefinance 2026 \"reason\"", NULL));
  done(t);
  t = check_text(HEAD "project b \"B\" { programme prog\n  opening -20_000\n"
                      "  prefinance 2026 \"Voorgefinancierd tot eind 2025\"\n"
                      "  1 \"Subsidie\" { baten 2026: 25_000 }\n}\n");
  assert_int_equal(total(t), 1);
  assert_non_null(t->diags.head->accepted);
  assert_int_equal(t->diags.nwarnings, 0);
  done(t);
}

/* 0 - 45 000 in 2027; +30 000 - 10 000 leaves -25 000, and nothing later
 * restores it. */
static void test_shortfall(void **state) {
  (void)state;
  const char *lines = "  1 \"Kosten\" { lasten 2027: 40_000  2028: 10_000 }\n"
                      "  2 \"Bijdrage\" { baten 2028: 30_000 }\n"
                      "  3 \"Klein\" { lasten 2027: 5_000 }\n}\n";
  char buf[2048];
  snprintf(buf, sizeof buf, HEAD "project c \"C\" { programme prog\n  opening 45_000\n%s", lines);
  T *t = check_text(buf);
  assert_clean(t);
  assert_int_equal(balances_of(t, "c")->closing[1], 0);
  done(t);
  snprintf(buf, sizeof buf, HEAD "project c \"C\" { programme prog\n  opening 0\n%s", lines);
  t = check_text(buf);
  assert_int_equal(total(t), 1);
  const Diag *g = find(t, "shortfall", "project 'c' is short from 2027 to the end of the plan",
                       "€ 45.000 at the end of 2027", "still € 25.000 at the end of 2029",
                       "nothing in the plan restores it", "not covered", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_ERROR);
  assert_int_equal(loc_line(g->loc), 7);
  /* the causes: what the allocation leaves unpaid (the 30 000 of 2028 pays
   * the oldest claims first) */
  const DiagNote *n = find_note(g, "line 1 'Kosten': lasten that no money pays",
                                "€ 10.000 of 2027, € 10.000 of 2028", NULL);
  assert_non_null(n);
  assert_int_equal(loc_line(n->loc), 9);
  assert_non_null(find_note(g, "line 3 'Klein': lasten that no money pays (€ 5.000 of 2027)", NULL));
  assert_true(diags_failed(&t->diags));
  done(t);
}

/* A dip restored, then one that is not: a warning and an error. */
static void test_prefinancing_then_shortfall(void **state) {
  (void)state;
  T *t = check_text(HEAD "project c \"C\" { programme prog\n"
                         "  1 \"Kosten\" { lasten 2026: 10_000  2029: 7_000 }\n"
                         "  2 \"Bijdrage\" { baten 2027: 10_000 }\n}\n");
  assert_int_equal(total(t), 2);
  assert_non_null(find(t, "prefinancing", "pre-financed in 2026:", "-€ 10.000", NULL));
  assert_non_null(find(t, "shortfall", "€ 7.000 short at the end of 2029", NULL));
  done(t);
}

/* ---------------------------------------------------------------- PM */

static void test_pm_coverage(void **state) {
  (void)state;
  T *t = check_text(HEAD "source rijk \"Rijk\" { }\n"
                         "project a \"A\" { programme prog\n  opening 1_000\n"
                         "  1 \"Gedekt\" { lasten 2026..2029: PM paid by rijk }\n"
                         "  2 \"Bijdrage\" { baten 2027: PM }\n"
                         "  3 \"Via lijn\" { lasten 2027: PM paid by 2 }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "project a \"A\" { programme prog\n  opening 1_000\n"
                      "  1 \"Onbekend\" { lasten 2026..2029: PM }\n"       /* 9 */
                      "  2 \"Half\" { lasten 2026: 100  2027: PM }\n}\n");  /* 10 */
  assert_int_equal(count(t, "pm-uncovered"), 2);
  const Diag *g = find(t, "pm-uncovered", "line 1 'Onbekend' of 'a' has PM lasten in 2026..2029",
                       "no coverage", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_WARNING);
  assert_int_equal(loc_line(g->loc), 9);
  assert_non_null(find(t, "pm-uncovered", "line 2 'Half' of 'a' has PM lasten in 2027 ", NULL));
  /* PM is never summed: only the 100 counts */
  const ProjectResult *p = balances_of(t, "a");
  assert_int_equal(p->lasten[0], EUR(100));
  assert_int_equal(p->lasten[1], 0);
  assert_int_equal(p->closing[3], EUR(900));
  assert_int_equal(p->npm[SIDE_LASTEN], 5);
  assert_false(diags_failed(&t->diags));
  done(t);
}


/* A shortfall's whole course: it deepens in 2027 and is still there at the
 * end; the deepest point is named. */
static void test_shortfall_deepening(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                         "  1 \"Kosten\" { lasten 2026: 20_000  2027: 30_000  2028: 5_000 }\n"
                         "  2 \"Bijdrage\" { baten 2028: 10_000  2029: 10_000 }\n}\n");
  assert_int_equal(total(t), 1);
  const Diag *g = find(t, "shortfall", "short from 2026 to the end of the plan",
                       "€ 10.000 at the end of 2026", "deepest € 40.000 at the end of 2027",
                       "still € 25.000 at the end of 2029", NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "line 1 'Kosten'", "€ 20.000 of 2027, € 5.000 of 2028", NULL));
  done(t);
}

/* A shortfall caused by negative baten or a negative opening names them. */
static void test_shortfall_causes(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                         "  1 \"Correctie\" { baten 2027: -20_000 }\n"
                         "  2 \"Kosten\" { lasten 2026: 5_000 }\n}\n");
  const Diag *g = find(t, "shortfall", "project 'a' is short from 2027", NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "line 1 'Correctie': baten below zero", "€ 15.000 of 2027", NULL));
  done(t);
  t = check_text(HEAD "project a \"A\" { programme prog\n  opening -10_000\n"
                      "  1 \"Kosten\" { lasten 2026: 5_000 }\n}\n");
  g = find(t, "shortfall", "project 'a' is short from 2026", "€ 15.000", NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "the opening balance of -€ 10.000", "never made good", NULL));
  assert_non_null(find_note(g, "line 1 'Kosten': lasten that no money pays (€ 5.000 of 2026)", NULL));
  done(t);
}

/* Pre-financing names the line whose baten pay what was pre-financed, not
 * the largest baten of the year: line 2's 90 000 pays line 3, which names it. */
static void test_prefinancing_restorer(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 0\n"
                         "  1 \"Kosten\" { lasten 2026: 20_000 }\n"
                         "  2 \"Grote subsidie\" { baten 2027: 90_000 }\n"
                         "  3 \"Via de subsidie\" { lasten 2027: 90_000 paid by 2 }\n"
                         "  4 \"Kleine bijdrage\" { baten 2027: 25_000 }\n}\n");
  const Diag *g = find(t, "prefinancing", "pre-financed in 2026", NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "restored by line 4 'Kleine bijdrage': € 20.000", NULL));
  for (const DiagNote *n = g->notes; n; n = n->next)
    assert_null(strstr(n->msg, "Grote subsidie"));
  done(t);
}

/* A declaration over years whose dip is never restored is not "no dip". */
static void test_prefinancing_declared_never_restored(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 0\n"
                         "  prefinance 2026..2029 \"wacht op subsidie\"\n"
                         "  1 \"Kosten\" { lasten 2026: 50_000 }\n}\n");
  assert_non_null(find(t, "shortfall", "project 'a'", NULL));
  assert_non_null(find(t, "unused-accept", "goes below zero in 2026",
                       "nothing in the plan restores it", "a shortfall", NULL));
  done(t);
}

/* Earmarks bind the money: the only money is earmarked for line 4, so
 * line 5 is paid by nothing although the balance stays at zero. With free
 * money beside it, both are paid. */
static void test_earmark_binds_money(void **state) {
  (void)state;
  const char *lines = "  1 \"Bijdrage\" { baten 2026: 100_000 source s }\n"
                      "  4 \"Doel\" { lasten 2026: 50_000 paid by s }\n"
                      "  5 \"Anders\" { lasten 2026: 50_000 }\n}\n";
  char buf[2048];
  snprintf(buf, sizeof buf, HEAD "source s \"S\" { earmarked for a.4 }\n"
                                 "project a \"A\" { programme prog\n  opening 0\n%s", lines);
  T *t = check_text(buf);
  assert_int_equal(total(t), 1);
  const Diag *g = find(t, "earmark", "project 'a': € 50.000 of its lasten are paid by no money",
                       NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "line 5 'Anders': lasten that no money pays (€ 50.000 of 2026)", NULL));
  assert_non_null(find_note(g, "€ 50.000 of line 1 'Bijdrage'", "earmarked for something else", NULL));
  done(t);
  /* the same without `paid by s` on line 4: the earmark binds all the same */
  t = check_text(HEAD "source s \"S\" { earmarked for a.4 }\n"
                      "project a \"A\" { programme prog\n  opening 0\n"
                      "  1 \"Bijdrage\" { baten 2026: 100_000 source s }\n"
                      "  4 \"Doel\" { lasten 2026: 50_000 }\n"
                      "  5 \"Anders\" { lasten 2026: 50_000 }\n}\n");
  assert_non_null(find(t, "earmark", "€ 50.000 of its lasten are paid by no money", NULL));
  assert_int_equal(total(t), 1);
  done(t);
  /* money earmarked for another project pays none of this one's lasten,
   * though it arrives here */
  t = check_text(HEAD "source s \"S\" { earmarked for b }\n"
                      "project a \"A\" { programme prog\n  opening 0\n"
                      "  1 \"Bijdrage\" { baten 2026: 100_000 source s }\n"
                      "  2 \"Kosten\" { lasten 2026: 50_000 }\n}\n"
                      "project b \"B\" { programme prog\n  opening 0\n"
                      "  1 \"Kosten\" { lasten 2026: 10 }\n}\n");
  assert_non_null(find(t, "earmark", "project 'a': € 50.000 of its lasten are paid by no money",
                       NULL));
  done(t);
  snprintf(buf, sizeof buf, HEAD "source s \"S\" { earmarked for a.4 }\n"
                                 "project a \"A\" { programme prog\n  opening 50_000\n%s", lines);
  t = check_text(buf);
  assert_clean(t);
  done(t);
}

/* Repay-unspent uses the same allocation: money of the source that pays a
 * line that does not name it is spent, not "left, to be paid back". */
static void test_repay_unspent_follows_allocation(void **state) {
  (void)state;
  T *t = check_text(HEAD "kind su \"SU\" { earmarked repay unspent }\n"
                         "source s \"S\" { kind su }\n"
                         "project a \"A\" { programme prog\n  opening 0\n"
                         "  1 \"Bijdrage\" { baten 2026: 100_000 source s }\n"
                         "  2 \"Genoemd\" { lasten 2026: 40_000 paid by s }\n"
                         "  3 \"Ongenoemd\" { lasten 2026: 60_000 }\n}\n");
  assert_clean(t);
  done(t);
  /* 30 000 left at the end of 2026 is paid back, so 2027's lasten have no money */
  t = check_text(HEAD "kind su \"SU\" { earmarked repay unspent }\n"
                      "source s \"S\" { kind su }\n"
                      "project a \"A\" { programme prog\n  opening 0\n"
                      "  1 \"Bijdrage\" { baten 2026: 100_000 source s }\n"
                      "  2 \"Kosten\" { lasten 2026: 70_000  2027: 30_000 }\n}\n");
  assert_non_null(find(t, "unspent-earmarked", "€ 30.000 of it is left at the end of 2026", NULL));
  const Diag *g = find(t, "earmark", "€ 30.000 of its lasten are paid by no money", NULL);
  assert_non_null(g);
  assert_non_null(find_note(g, "was paid back at the end of 2026", NULL));
  done(t);
}

/* ---------------------------------------------------------------- transfers */

#define POOL                                                                  \
  "project pool \"Pool\" { programme prog\n  opening 1_000_000\n"           \
  "  1 \"Naar wc\" { lasten 2026..2029: 100_000 }\n"                        \
  "  2 \"Naar h\" { lasten 2026: 50_000  2027: 25_000 }\n"                  \
  "  3 \"Naar c\" { lasten 2026: 10_000 }\n}\n"

static void test_transfers_agree(void **state) {
  (void)state;
  T *t = check_text(HEAD POOL "project wc \"WC\" { programme prog\n"
                              "  1 \"Van pool\" { baten 2026..2029: 100_000 }\n}\n"
                              "project h \"H\" { programme prog\n"
                              "  1 \"Van pool\" { baten 2026: 25_000  2027: 25_000 }\n}\n"
                              "project c \"C\" { programme prog\n  1 \"Van pool\" { }\n}\n"
                              "transfer pool.1 to wc.1\n"
                              "transfer pool.2 to h.1 { 2026: 25_000  2027: 25_000 }\n"
                              "transfer pool.3 to c.1\n");
  assert_clean(t);
  done(t);
}

static void test_transfers_disagree(void **state) {
  (void)state;
  T *t = check_text(HEAD POOL "project wc \"WC\" { programme prog\n"
                              "  1 \"Van pool\" { baten 2026..2028: 100_000  2029: 90_000 }\n}\n"
                              "project h \"H\" { programme prog\n"
                              "  1 \"Van pool\" { baten 2026: 25_000  2027: 30_000 }\n}\n"
                              "project c \"C\" { programme prog\n  1 \"Van pool\" { baten 2027: 5 }\n}\n"
                              "transfer pool.1 to wc.1\n"                                  /* 22 */
                              "transfer pool.2 to h.1 { 2026: 25_000  2027: 30_000 }\n"  /* 23 */
                              "transfer pool.3 to c.1\n");
  assert_int_equal(count(t, "transfer-mismatch"), 4);
  assert_int_equal(total(t), 4);
  const Diag *g = find(t, "transfer-mismatch", "transfer to line 1 'Van pool' of 'wc' in 2029",
                       "€ 100.000 paid, € 90.000 received (difference -€ 10.000)", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 22);
  assert_non_null(find_note(g, "line 1 'Naar wc' of 'pool' pays € 100.000", NULL));
  assert_non_null(find_note(g, "line 1 'Van pool' of 'wc' receives € 90.000", NULL));
  /* the block moves 30 000 in 2027 but the paying line spends 25 000 */
  g = find(t, "transfer-mismatch", "line 2 'Naar h' of 'pool' passes € 30.000 to other projects in 2027",
           "but pays only € 25.000", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 23);
  /* c.1 has baten of its own: 10 000 paid in 2026, nothing received; 5 in 2027 from nothing */
  assert_non_null(find(t, "transfer-mismatch", "of 'c' in 2026", "€ 10.000 paid, € 0 received",
                       "(difference -€ 10.000)", NULL));
  assert_non_null(find(t, "transfer-mismatch", "of 'c' in 2027", "€ 0 paid, € 5 received",
                       "(difference € 5)", NULL));
  done(t);
}

static void test_transfers_pm_on_one_side(void **state) {
  (void)state;
  T *t = check_text(HEAD "project p \"P\" { programme prog\n  opening 10\n"
                         "  1 \"Naar q\" { lasten 2026: PM }\n}\n"
                         "project q \"Q\" { programme prog\n  1 \"Van p\" { baten 2026: 5 }\n}\n"
                         "transfer p.1 to q.1\n");
  assert_non_null(find(t, "transfer-mismatch", "in 2026: PM paid, € 5 received; one side is PM and the other is not", NULL));
  done(t);
}

/* ---------------------------------------------------------------- sources */

static void test_earmark(void **state) {
  (void)state;
  T *t = check_text(HEAD "source web \"Web\" { kind spuk  earmarked for a.2 }\n"
                         "project a \"A\" { programme prog\n"
                         "  1 \"Web\" { baten 2026: 100_000 source web }\n"
                         "  2 \"Lessen\" { lasten 2026: 100_000 paid by web }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "source web \"Web\" { kind spuk  earmarked for a.2 }\n"   /* 7 */
                      "project a \"A\" { programme prog\n"
                      "  1 \"Web\" { baten 2026: 100_000 source web }\n"
                      "  2 \"Lessen\" { lasten 2026: 90_000 paid by web }\n"
                      "  3 \"Anders\" { lasten 2026: 5_000 paid by web }\n"      /* 11 */
                      "  4 \"Via lijn\" { lasten 2026: 5_000 paid by 1 }\n}\n"); /* 12 */
  assert_int_equal(count(t, "earmark"), 2);
  assert_int_equal(total(t), 2);
  const Diag *g = find(t, "earmark", "line 3 'Anders' of 'a' is paid from 'web'",
                       "earmarked for something else", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 11);
  const DiagNote *n = find_note(g, "'web' is defined here", NULL);
  assert_non_null(n);
  assert_int_equal(loc_line(n->loc), 7);
  /* through the baten line it names, which comes from the source */
  g = find(t, "earmark", "line 4 'Via lijn' of 'a' is paid from 'web'", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 12);
  done(t);
}

/* Without a list, earmarked money pays only the projects that receive it. */
static void test_earmark_implicit(void **state) {
  (void)state;
  T *t = check_text(HEAD "source esf_a \"ESF A\" { kind esf }\n"
                         "project a \"A\" { programme prog\n  opening 100_000\n"
                         "  1 \"ESF kosten\" { lasten 2029: 50_000 paid by esf_a }\n"
                         "  2 \"ESF subsidie\" { baten 2028: 100_000 source esf_a }\n}\n"
                         "project b \"B\" { programme prog\n  opening 100_000\n"
                         "  1 \"Via esf\" { lasten 2029: 1_000 paid by esf_a }\n}\n");
  assert_int_equal(total(t), 1);
  assert_non_null(find(t, "earmark", "line 1 'Via esf' of 'b' is paid from 'esf_a'", NULL));
  done(t);
}

static void test_unspent_earmarked(void **state) {
  (void)state;
  T *t = check_text(HEAD "source web \"Web\" { kind spuk  earmarked for a }\n"  /* 7 */
                         "project a \"A\" { programme prog\n"
                         "  1 \"Web\" { baten 2026: 100_000  2027: 50_000 source web }\n"
                         "  2 \"Lessen\" { lasten 2026: 80_000  2027: 50_000 paid by web }\n}\n");
  assert_int_equal(total(t), 1);
  const Diag *g = find(t, "unspent-earmarked", "source 'web' must be paid back when unspent",
                       "€ 20.000 of it is left at the end of 2026", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_WARNING);
  assert_int_equal(loc_line(g->loc), 7);
  done(t);
  /* acknowledged on the source, for that year */
  t = check_text(HEAD "source web \"Web\" { kind spuk  earmarked for a\n"
                      "  accept unspent-earmarked 2026 \"Het restant wordt in 2027 terugbetaald\" }\n"
                      "project a \"A\" { programme prog\n"
                      "  1 \"Web\" { baten 2026: 100_000  2027: 50_000 source web }\n"
                      "  2 \"Lessen\" { lasten 2026: 80_000  2027: 50_000 paid by web }\n}\n");
  assert_int_equal(total(t), 1);
  assert_string_equal(t->diags.head->accepted, "Het restant wordt in 2027 terugbetaald");
  assert_int_equal(t->diags.nwarnings, 0);
  done(t);
  /* all spent: nothing to pay back */
  t = check_text(HEAD "source web \"Web\" { kind spuk  earmarked for a }\n"
                      "project a \"A\" { programme prog\n"
                      "  1 \"Web\" { baten 2026: 100_000 source web }\n"
                      "  2 \"Lessen\" { lasten 2026: 100_000 paid by web }\n}\n");
  assert_clean(t);
  done(t);
}

/* Received before the horizon (an opening balance that names its source):
 * the source's rules hold for what the project does with it. */
static void test_unspent_opening_source(void **state) {
  (void)state;
  T *t = check_text(HEAD "source su \"SU\" { kind spuk  earmarked for a }\n"
                         "project a \"A\" { programme prog\n"
                         "  opening 479_806 source su\n"
                         "  1 \"Kosten\" { lasten 2026: 479_806 }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "source su \"SU\" { kind spuk  earmarked for a }\n"
                      "project a \"A\" { programme prog\n"
                      "  opening 479_806 source su\n"
                      "  1 \"Kosten\" { lasten 2026: 479_800 }\n}\n");
  assert_int_equal(total(t), 1);
  assert_non_null(find(t, "unspent-earmarked", "€ 6 of it is left at the end of 2026", NULL));
  done(t);
}

static void test_settlement_prefinancing(void **state) {
  (void)state;
  /* the money arrives in 2028, the costs it pays come after */
  T *t = check_text(HEAD "source esf_a \"ESF A\" { kind esf }\n"
                         "project a \"A\" { programme prog\n  opening 100_000\n"
                         "  4 \"ESF kosten\" { lasten 2029: 100_000 paid by esf_a }\n"
                         "  5 \"ESF subsidie\" { baten 2028: 100_000 source esf_a }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "source esf_a \"ESF A\" { kind esf }\n"  /* 7 */
                      "project a \"A\" { programme prog\n  opening 100_000\n"
                      "  4 \"ESF kosten\" { lasten 2026: 50_000  2027: 50_000 paid by esf_a }\n"
                      "  5 \"ESF subsidie\" { baten 2029: 100_000 source esf_a }\n}\n");
  assert_int_equal(count(t, "settlement-prefinancing"), 2);
  assert_int_equal(total(t), 2);
  const Diag *g = find(t, "settlement-prefinancing", "source 'esf_a' is paid after settlement",
                       "the € 50.000 of lasten it covers in 2026 are pre-financed",
                       "until its money arrives in 2029", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_WARNING);
  assert_int_equal(loc_line(g->loc), 7);
  assert_non_null(find(t, "settlement-prefinancing", "covers in 2027", NULL));
  done(t);
  /* over the horizon it must still bring in what it pays */
  t = check_text(HEAD "source esf_a \"ESF A\" { kind esf }\n"
                      "project a \"A\" { programme prog\n  opening 100_000\n"
                      "  4 \"ESF kosten\" { lasten 2029: 101_000 paid by esf_a }\n"
                      "  5 \"ESF subsidie\" { baten 2028: 100_000 source esf_a }\n}\n");
  assert_int_equal(total(t), 1);
  assert_non_null(find(t, "coverage", "source 'esf_a' pays € 101.000 of lasten over 2026..2029",
                       "brings in € 100.000: € 1.000 short", NULL));
  done(t);
}

/* ---------------------------------------------------------------- reservations */

static void test_reservations(void **state) {
  (void)state;
  /* closing 110 000 in 2026 and 120 000 in 2027 */
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 100_000\n"
                         "  reserve garantie \"Garantie\" { 2026: 50_000  2027: 100_000 }\n"
                         "  reserve extra \"Extra\" { 2027: 20_000 }\n"
                         "  1 \"Bijdrage\" { baten 2026..2029: 10_000 }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "project a \"A\" { programme prog\n  opening 100_000\n"
                      "  reserve garantie \"Garantie\" { 2026: 50_000  2027: 110_000 }\n"
                      "  reserve extra \"Extra\" { 2027: 20_000  2028: -5 }\n"
                      "  1 \"Bijdrage\" { baten 2026..2029: 10_000 }\n}\n");
  assert_int_equal(count(t, "reservation"), 2);
  const Diag *g = find(t, "reservation", "project 'a' reserves € 130.000 at the end of 2027",
                       "its balance is only € 120.000", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_ERROR);
  assert_non_null(find(t, "reservation", "reservation 'extra' is negative in 2028", NULL));
  done(t);
}

/* ---------------------------------------------------------------- structural balance */

static void test_structural_balance(void **state) {
  (void)state;
  T *t = check_text(HEAD "source gf \"Gemeentefonds\" { kind dec }\n"
                         "project a \"A\" { programme prog\n  opening 100_000\n"
                         "  1 \"Bijdrage\" { baten 2026..2029: 120_000 source gf }\n"
                         "  3 \"Personeel\" { lasten 2026..2029: 120_000 structural }\n}\n");
  assert_clean(t);
  done(t);
  t = check_text(HEAD "source gf \"Gemeentefonds\" { kind dec }\n"
                      "project a \"A\" { programme prog\n  opening 100_000\n"          /* 8 */
                      "  accept structural-balance 2029 \"vanaf 2029 anders gedekt\"\n"
                      "  1 \"Bijdrage\" { baten 2026..2029: 100_000 source gf }\n"
                      "  2 \"Incidenteel\" { baten 2026..2029: 50_000 incidental }\n"
                      "  3 \"Personeel\" { lasten 2026..2029: 120_000 structural }\n"
                      "  4 \"Projecten\" { lasten 2026..2029: 20_000 incidental }\n}\n");
  /* the years not accepted are one warning; the accepted year stays apart */
  assert_int_equal(count(t, "structural-balance"), 2);
  const Diag *g = find(t, "structural-balance", "project 'a' in 2026-2028:",
                       "€ 120.000 of structural lasten against € 100.000 of structural baten",
                       "€ 20.000 leans on incidental money", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_WARNING);
  assert_int_equal(loc_line(g->loc), 8);
  assert_null(g->accepted);
  g = find(t, "structural-balance", "in 2029", NULL);
  assert_non_null(g);
  assert_non_null(g->accepted);
  assert_int_equal(t->diags.nwarnings, 1);
  assert_int_equal(t->diags.nfolded, 2);
  done(t);
}

/* ---------------------------------------------------------------- expectations */

/* a: 100 000 + 150 000 - 140 000 a year: closing 110 000, 120 000, ...
 * b (another programme line): baten 10 in 2026. */
#define TOTALS                                                                \
  "project a \"A\" { programme prog\n  opening 100_000\n"                   \
  "  1 \"Baten\" { baten 2026..2029: 150_000 }\n"                           \
  "  2 \"Lasten\" { lasten 2026..2029: 140_000 }\n}\n"                      \
  "project b \"B\" { programme other\n  1 \"X\" { baten 2026: 10 }\n}\n"

static void test_expectations_hold(void **state) {
  (void)state;
  T *t = check_text(HEAD TOTALS
                    "expect a { opening 2026: 100_000  closing 2026: 110_000  2027: 120_000\n"
                    "           saldo 2026..2029: 10_000  baten 2027: € 150.000 }\n"
                    "expect programme prog { baten 2026: 150_000  lasten 2026: 140_000 }\n"
                    "expect plan { baten 2026: 150_010  closing 2026: 110_010  opening 2027: 110_010 }\n");
  assert_clean(t);
  done(t);
}

static void test_expectations_differ(void **state) {
  (void)state;
  T *t = check_text(HEAD TOTALS
                    "expect a { closing 2026: 110_000  2027: 200_000 }\n"                  /* 15 */
                    "expect programme prog within 100 { lasten 2026: 140_050  baten 2026: 150_101 }\n"
                    "expect plan { baten 2026: 150_000  saldo 2026: 10 }\n");
  assert_int_equal(count(t, "expectation"), 4);
  assert_int_equal(count(t, "expectation-tolerance"), 1);
  assert_int_equal(total(t), 5);
  const Diag *g = find(t, "expectation", "project 'a', closing 2027",
                       "the plan states € 200.000, the lines add up to € 120.000",
                       "(difference -€ 80.000)", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_ERROR);
  assert_int_equal(loc_line(g->loc), 15);
  assert_int_equal(loc_pos(g->loc).col, 35);
  g = find(t, "expectation-tolerance", "programme 'prog', lasten 2026",
           "the plan states € 140.050, the lines add up to € 140.000", "(difference -€ 50)",
           "within the tolerance", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_NOTE);
  assert_non_null(find(t, "expectation", "programme 'prog', baten 2026", "(difference -€ 101)", NULL));
  assert_non_null(find(t, "expectation", "the plan, baten 2026", "states € 150.000",
                       "add up to € 150.010", "(difference € 10)", NULL));
  assert_non_null(find(t, "expectation", "the plan, saldo 2026", "states € 10",
                       "add up to € 10.010", "(difference € 10.000)", NULL));
  done(t);
}

/* within 0.1% is relative to the computed total: 0.1% of 150 000 = 150. */
static void test_expectations_percent_tolerance(void **state) {
  (void)state;
  T *t = check_text(HEAD TOTALS "expect a within 0.1% { baten 2026: 149_850  2027: 149_849 }\n");
  assert_int_equal(total(t), 2);
  assert_non_null(find(t, "expectation-tolerance", "baten 2026", "(difference € 150)", NULL));
  assert_non_null(find(t, "expectation", "baten 2027", "(difference € 151)", NULL));
  done(t);
}

/* A stated total is an amount: never skipped in silence. */
static void test_expectations_must_be_amounts(void **state) {
  (void)state;
  T *t = check_text(HEAD TOTALS "expect a { baten 2026: 100_000 + 50_000  2027: PM }\n"
                                "expect b { baten 2027: -(5) }\n");
  assert_int_equal(count(t, "invalid-value"), 2);
  assert_non_null(find(t, "invalid-value", "a plain amount", "not a rule", NULL));
  assert_non_null(find(t, "invalid-value", "a plain amount", "not PM", NULL));
  assert_non_null(find(t, "expectation", "project 'b', baten 2027", "states -€ 5",
                       "add up to € 0", NULL));
  done(t);
}

/* ---------------------------------------------------------------- overflow */

/* Each project's sums fit; the source's income over two projects, and the
 * plan's total, do not: an error, never a wrapped (negative) amount. */
static void test_overflow_in_check_sums(void **state) {
  (void)state;
  T *t = check_text(HEAD "source rijk \"Rijk\" { }\n"
                         "project a \"A\" { programme prog\n"
                         "  1 \"Rijk\" { baten 2026: 100 * 500_000_000_000_000 source rijk }\n"
                         "  2 \"Kosten\" { lasten 2026: 1_000 paid by rijk }\n}\n"
                         "project b \"B\" { programme prog\n"
                         "  1 \"Rijk\" { baten 2026: 100 * 500_000_000_000_000 source rijk }\n}\n"
                         "expect plan { baten 2026: 0 }\n");
  assert_true(t->evaluated);
  assert_int_equal(count(t, "overflow"), 2);
  assert_int_equal(count(t, "coverage"), 0);
  assert_non_null(find(t, "overflow", "beyond the money type", NULL));
  assert_non_null(find(t, "overflow", "the totals of the plan are beyond the money type", NULL));
  assert_true(diags_failed(&t->diags));
  done(t);
}

/* ---------------------------------------------------------------- reporting */

static void test_catalogue_names(void **state) {
  (void)state;
  static const struct {
    const char *name;
    Severity sev;
  } want[] = {
      {"duplicate", SEV_ERROR},          {"unknown-name", SEV_ERROR},
      {"year-range", SEV_ERROR},         {"overflow", SEV_ERROR},
      {"invalid-value", SEV_ERROR},      {"rule-mismatch", SEV_ERROR},
      {"rule-tolerance", SEV_NOTE},      {"shortfall", SEV_ERROR},
      {"coverage", SEV_ERROR},           {"transfer-mismatch", SEV_ERROR},
      {"earmark", SEV_ERROR},            {"reservation", SEV_ERROR},
      {"expectation", SEV_ERROR},        {"expectation-tolerance", SEV_NOTE},
      {"prefinancing", SEV_WARNING},     {"pm-uncovered", SEV_WARNING},
      {"unspent-earmarked", SEV_WARNING}, {"settlement-prefinancing", SEV_WARNING},
      {"structural-balance", SEV_WARNING}, {"unused-accept", SEV_WARNING},
      {"actuals-format", SEV_ERROR},     {"actuals-unmapped", SEV_ERROR},
      {"actuals-ambiguous", SEV_ERROR},  {"actuals-year", SEV_ERROR},
      {"over-budget", SEV_WARNING},      {"forecast-over-budget", SEV_WARNING},
      {"spending-behind", SEV_WARNING},  {"unbudgeted-booking", SEV_WARNING},
      {"actuals-prefinancing", SEV_WARNING}, {"actuals-shortfall", SEV_WARNING},
      {"actuals-unspent-earmarked", SEV_WARNING},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const DiagInfo *info = diag_info(want[i].name);
    assert_non_null(info);
    assert_int_equal(info->sev, want[i].sev);
    /* only warnings can be silenced (-Wno-NAME) */
    assert_int_equal(info->can_disable, want[i].sev == SEV_WARNING);
  }
  assert_null(diag_info("no-such-diagnostic"));
}

#define TWO_WARNINGS                                                          \
  HEAD "project a \"A\" { programme prog\n  opening 10_000\n"               \
  "  1 \"Kosten\" { lasten 2026: 50_000  2027: 30_000 }\n"                   \
  "  2 \"ESF+\" { baten 2028: 80_000 }\n"                                    \
  "  3 \"Onbekend\" { lasten 2029: PM }\n}\n"

static void test_wno_werror(void **state) {
  (void)state;
  T *t = check_text(TWO_WARNINGS);
  assert_int_equal(count(t, "prefinancing"), 1);
  assert_int_equal(count(t, "pm-uncovered"), 1);
  assert_int_equal(t->diags.nerrors, 0);
  assert_int_equal(t->diags.nwarnings, 2);
  assert_false(diags_failed(&t->diags));
  done(t);

  Opts wno = {.disabled = {"pm-uncovered"}};
  t = check_opts(TWO_WARNINGS, &wno);
  assert_int_equal(count(t, "pm-uncovered"), 0);
  assert_int_equal(count(t, "prefinancing"), 1);
  done(t);

  Opts werror = {.werror = true};
  t = check_opts(TWO_WARNINGS, &werror);
  assert_int_equal(t->diags.nerrors, 0);
  assert_true(diags_failed(&t->diags));
  done(t);

  Opts one = {.promoted = {"pm-uncovered"}};
  t = check_opts(TWO_WARNINGS, &one);
  assert_true(diags_failed(&t->diags));
  done(t);

  Opts other = {.promoted = {"unspent-earmarked"}};
  t = check_opts(TWO_WARNINGS, &other);
  assert_false(diags_failed(&t->diags));
  done(t);

  /* -Werror=NAME with that warning silenced: nothing fails */
  Opts both = {.promoted = {"pm-uncovered"}, .disabled = {"pm-uncovered"}};
  t = check_opts(TWO_WARNINGS, &both);
  assert_false(diags_failed(&t->diags));
  done(t);
}

static void test_accept(void **state) {
  (void)state;
  T *t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                         "  accept prefinancing 2026 \"ESF+ komt in 2028\"\n"
                         "  1 \"Kosten\" { lasten 2026: 50_000  2027: 30_000 }\n"
                         "  2 \"ESF+\" { baten 2028: 80_000 }\n"
                         "  3 \"Onbekend\" { lasten 2029: PM\n"
                         "    accept pm-uncovered \"Wordt in 2028 bepaald\" }\n}\n");
  assert_int_equal(total(t), 2);
  for (const Diag *g = t->diags.head; g; g = g->next)
    assert_non_null(g->accepted);
  assert_non_null(find(t, "pm-uncovered", "line 3 'Onbekend'", NULL)->accepted);
  assert_string_equal(find(t, "pm-uncovered", "line 3", NULL)->accepted, "Wordt in 2028 bepaald");
  assert_int_equal(t->diags.nwarnings, 0);
  assert_int_equal(t->diags.nsuppressed, 2);
  done(t);
  /* an acknowledgement where nothing is found is itself reported */
  t = check_text(HEAD "project a \"A\" { programme prog\n  opening 10_000\n"
                      "  accept structural-balance \"niets\"\n"                           /* 9 */
                      "  1 \"Kosten\" { lasten 2026: 5_000\n"
                      "    accept pm-uncovered \"niets\" }\n}\n"                          /* 11 */
                      "source s \"S\" { accept unspent-earmarked \"niets\" }\n");         /* 13 */
  assert_int_equal(count(t, "unused-accept"), 3);
  assert_int_equal(total(t), 3);
  const Diag *g = find(t, "unused-accept", "nothing here gives 'structural-balance' to accept", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 9);
  assert_non_null(find(t, "unused-accept", "'pm-uncovered'", NULL));
  assert_non_null(find(t, "unused-accept", "'unspent-earmarked'", NULL));
  done(t);
  /* an error is acknowledged like a warning; with nothing to match it is
   * reported as unused */
  t = check_text(HEAD "project a \"A\" { programme prog\n  accept shortfall \"nee\"\n}\n");
  assert_non_null(find(t, "unused-accept", "nothing here gives 'shortfall' to accept", NULL));
  done(t);
  t = check_text(HEAD "project a \"A\" { programme prog\n  accept shortfall \"later\"\n"
                      "  1 \"Kosten\" { lasten 2026: 5_000 }\n}\n");
  g = find(t, "shortfall", "project 'a'", NULL);
  assert_non_null(g);
  assert_string_equal(g->accepted, "later");
  assert_int_equal(t->diags.nerrors, 0);
  assert_false(diags_failed(&t->diags));
  done(t);
}

/* ---------------------------------------------------------------- the command line */

static char tmpdir[64];

static const char *write_plan(const char *name, const char *text) {
  static char path[128];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  return path;
}

/* amrc_main with stderr thrown away. */
static int run_amrc(int argc, const char **argv) {
  fflush(stderr);
  int saved = dup(2);
  int null = open("/dev/null", O_WRONLY);
  dup2(null, 2);
  close(null);
  int rc = amrc_main(argc, (char **)argv);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  return rc;
}

static void test_exit_status(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/amrc-test-check-XXXXXX");
  assert_non_null(mkdtemp(tmpdir));
  char clean[128], warn[128], bad[128];
  snprintf(clean, sizeof clean, "%s", write_plan("clean.amr", HEAD TOTALS));
  snprintf(warn, sizeof warn, "%s", write_plan("warn.amr", TWO_WARNINGS));
  snprintf(bad, sizeof bad, "%s",
           write_plan("bad.amr", HEAD TOTALS "expect a { closing 2026: 1 }\n"));
  const char *a1[] = {"amrc", "--check", clean, NULL};
  assert_int_equal(run_amrc(3, a1), 0);
  const char *a2[] = {"amrc", "--check", warn, NULL};
  assert_int_equal(run_amrc(3, a2), 0);
  const char *a3[] = {"amrc", "--check", "-Werror", warn, NULL};
  assert_int_equal(run_amrc(4, a3), 1);
  const char *a4[] = {"amrc", "--check", "-Werror=pm-uncovered", warn, NULL};
  assert_int_equal(run_amrc(4, a4), 1);
  const char *a5[] = {"amrc", "--check", "-Werror", "-Wno-pm-uncovered", "-Wno-prefinancing", warn, NULL};
  assert_int_equal(run_amrc(6, a5), 0);
  const char *a6[] = {"amrc", "--check", bad, NULL};
  assert_int_equal(run_amrc(3, a6), 1);
  char missing[128];
  snprintf(missing, sizeof missing, "%s/missing.amr", tmpdir);
  const char *a7[] = {"amrc", "--check", missing, NULL};
  assert_int_equal(run_amrc(3, a7), 2);
  const char *a8[] = {"amrc", "--check", "-Wno-no-such-warning", clean, NULL};
  assert_int_equal(run_amrc(4, a8), 2);
  const char *a9[] = {"amrc", "--check", "-Werror=shortfall", clean, NULL};
  assert_int_equal(run_amrc(4, a9), 2);
  unlink(clean);
  unlink(warn);
  unlink(bad);
  rmdir(tmpdir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names_correct),
      cmocka_unit_test(test_names_unknown_did_you_mean),
      cmocka_unit_test(test_names_duplicate_note_at_first),
      cmocka_unit_test(test_years_inside_horizon),
      cmocka_unit_test(test_coverage_source),
      cmocka_unit_test(test_coverage_line),
      cmocka_unit_test(test_coverage_repay_unspent_does_not_carry),
      cmocka_unit_test(test_coverage_pm_income),
      cmocka_unit_test(test_prefinancing_warning),
      cmocka_unit_test(test_prefinancing_declared),
      cmocka_unit_test(test_prefinancing_declared_in_part),
      cmocka_unit_test(test_prefinancing_disabled),
      cmocka_unit_test(test_prefinancing_opening_below_zero),
      cmocka_unit_test(test_shortfall),
      cmocka_unit_test(test_shortfall_deepening),
      cmocka_unit_test(test_shortfall_causes),
      cmocka_unit_test(test_prefinancing_restorer),
      cmocka_unit_test(test_prefinancing_declared_never_restored),
      cmocka_unit_test(test_earmark_binds_money),
      cmocka_unit_test(test_repay_unspent_follows_allocation),
      cmocka_unit_test(test_prefinancing_then_shortfall),
      cmocka_unit_test(test_pm_coverage),
      cmocka_unit_test(test_transfers_agree),
      cmocka_unit_test(test_transfers_disagree),
      cmocka_unit_test(test_transfers_pm_on_one_side),
      cmocka_unit_test(test_earmark),
      cmocka_unit_test(test_earmark_implicit),
      cmocka_unit_test(test_unspent_earmarked),
      cmocka_unit_test(test_unspent_opening_source),
      cmocka_unit_test(test_settlement_prefinancing),
      cmocka_unit_test(test_reservations),
      cmocka_unit_test(test_structural_balance),
      cmocka_unit_test(test_expectations_hold),
      cmocka_unit_test(test_expectations_differ),
      cmocka_unit_test(test_expectations_percent_tolerance),
      cmocka_unit_test(test_expectations_must_be_amounts),
      cmocka_unit_test(test_overflow_in_check_sums),
      cmocka_unit_test(test_catalogue_names),
      cmocka_unit_test(test_wno_werror),
      cmocka_unit_test(test_accept),
      cmocka_unit_test(test_exit_status),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_eval.c: the evaluator (src/eval.c) on small plans held in memory.
 *
 * Every way a cell gets its amount: plain, PM, count times price,
 * arithmetic, a percentage of other lines, itemised, indexed (rate, base
 * year, rounding step and direction); a stated amount checked against its
 * rule; line rules with a tolerance and bounds; balances chained from year
 * to year; transfers that give a receiving line its baten. Each is checked
 * on a correct plan (the amounts, worked out by hand in the comments) and a
 * broken one (the diagnostic, its name and the numbers in its message).
 * Overflow is an error, never a wrap.
 */
#include "plan_test.h"

#define HEAD                                                                  \
  "plan t \"Test\" { years 2026..2029 }\n"                                   \
  "programme prog \"Programma\"\n"                                           \
  "index loon \"Loon\" { rate 5.1% base 2026 round 25 }\n"                   \
  "index prijs \"Prijs\" { rate 2.3% base 2026 round 25 }\n"                 \
  "index prijs_op \"Prijs, naar boven\" { rate 2.3% base 2026 round up 25 }\n" \
  "index prijs_af \"Prijs, naar beneden\" { rate 2.3% base 2026 round down 25 }\n" \
  "index cent \"Prijs op de cent\" { rate 2.3% base 2026 round 0.01 }\n"     \
  "index geen \"Niet\" { rate 0% base 2026 round 0.01 }\n"

/* ---------------------------------------------------------------- indexation */

/* 148 000 at 5.1% from 2026, rounded once to 25:
 *   2027: 148 000 * 1.051   = 155 548           -> 155 550
 *   2028: 155 548 * 1.051   = 163 480.948       -> 163 475
 *   2029: 163 480.948*1.051 = 171 818.476348    -> 171 825
 * Rounding every year instead would give 163 475 and then 171 800: the
 * rule compounds exactly and rounds once. */
static void test_indexed_loon(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  2 \"Personeel\" { lasten 2026..2029: 148_000 indexed loon }\n}\n");
  assert_clean(t);
  assert_int_equal(cell(t, "a", 2, SIDE_LASTEN, 2026), EUR(148000));
  assert_int_equal(cell(t, "a", 2, SIDE_LASTEN, 2027), EUR(155550));
  assert_int_equal(cell(t, "a", 2, SIDE_LASTEN, 2028), EUR(163475));
  assert_int_equal(cell(t, "a", 2, SIDE_LASTEN, 2029), EUR(171825));
  done(t);
}

/* 10 000 at 2.3%: 10 230, 10 465.29, 10 705.99167 (exact).
 *   nearest 25: 10 225, 10 475, 10 700
 *   up:         10 250, 10 475, 10 725
 *   down:       10 225, 10 450, 10 700
 * and -10 000: up is towards zero, down away from it. (Without the
 * parentheses, -10_000 indexed X is -(10_000 indexed X).) */
static void test_indexed_rounding_directions(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"N\" { lasten 2026..2029: 10_000 indexed prijs }\n"
                        "  2 \"U\" { lasten 2026..2029: 10_000 indexed prijs_op }\n"
                        "  3 \"D\" { lasten 2026..2029: 10_000 indexed prijs_af }\n"
                        "  4 \"-N\" { baten 2026..2029: (-10_000) indexed prijs }\n"
                        "  5 \"-U\" { baten 2026..2029: (-10_000) indexed prijs_op }\n"
                        "  6 \"-D\" { baten 2026..2029: (-10_000) indexed prijs_af }\n}\n");
  assert_clean(t);
  static const int64_t want[6][4] = {
      {10000, 10225, 10475, 10700},   {10000, 10250, 10475, 10725},
      {10000, 10225, 10450, 10700},   {-10000, -10225, -10475, -10700},
      {-10000, -10225, -10450, -10700}, {-10000, -10250, -10475, -10725},
  };
  for (int nr = 1; nr <= 6; nr++)
    for (int y = 0; y < 4; y++)
      assert_int_equal(cell(t, "a", nr, nr <= 3 ? SIDE_LASTEN : SIDE_BATEN, 2026 + y),
                       EUR(want[nr - 1][y]));
  done(t);
}

/* "from 2027": the amount is stated in 2027, not in the rule's base year.
 * 100 -> 102.30 -> 104.6529 -> 104.65 (to the cent). */
static void test_indexed_from_year_and_cents(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2027..2029: 100 indexed cent from 2027 }\n"
                        "  2 \"Y\" { lasten 2026..2029: 123_456.78 indexed geen }\n}\n");
  assert_clean(t);
  assert_int_equal(cell(t, "a", 1, SIDE_LASTEN, 2027), 10000);
  assert_int_equal(cell(t, "a", 1, SIDE_LASTEN, 2028), 10230);
  assert_int_equal(cell(t, "a", 1, SIDE_LASTEN, 2029), 10465);
  for (int y = 2026; y <= 2029; y++)
    assert_int_equal(cell(t, "a", 2, SIDE_LASTEN, y), 12345678);
  done(t);
}

static void test_indexed_before_its_year(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026..2027: 100 indexed cent from 2027 }\n}\n");
  assert_false(t->evaluated);
  const Diag *g = find(t, "year-range", "2026 comes before 2027", NULL);
  assert_non_null(g);
  assert_non_null(g->notes);  /* how to state it in another year */
  assert_non_null(strstr(g->notes->msg, "'from 2027' states the amount in 2027"));
  done(t);
}

static void test_indexed_pm_and_bad_step(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026: PM indexed loon }\n}\n");
  if (t->loaded) {  /* the grammar may refuse it already */
    assert_false(t->evaluated);
    assert_non_null(find(t, "invalid-value", "PM cannot be indexed", NULL));
  }
  done(t);
  t = eval_text("plan t \"T\" { years 2026..2027 }\nprogramme prog \"P\"\n"
                "index nul \"Nul\" { rate 2% base 2026 round 0 }\n"
                "project a \"A\" { programme prog\n  1 \"X\" { lasten 2027: 100 indexed nul }\n}\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "invalid-value", "rounding step must be above zero", NULL));
  done(t);
}

/* ---------------------------------------------------------------- count times price, arithmetic */

static void test_arithmetic(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"Vouchers\" { lasten 2026: 750 * 2_600 }\n"
                        "  2 \"Gidsen\" { lasten 2026: 2.65 * 138_868 }\n"    /* 368 000.20 */
                        "  3 \"Derde\" { lasten 2026: 100 / 3  2027: 200 / 3 }\n" /* 33.33, 66.67 */
                        "  4 \"Achtste\" { lasten 2026: 1 / 8  2027: -1 / 8 }\n"  /* 0.125 -> 0.13 */
                        "  5 \"Haakjes\" { lasten 2026: (1_000 + 500) * 2 - 250 }\n}\n");
  assert_clean(t);
  assert_int_equal(cell(t, "a", 1, SIDE_LASTEN, 2026), EUR(1950000));
  assert_int_equal(cell(t, "a", 2, SIDE_LASTEN, 2026), 36800020);
  assert_int_equal(cell(t, "a", 3, SIDE_LASTEN, 2026), 3333);
  assert_int_equal(cell(t, "a", 3, SIDE_LASTEN, 2027), 6667);
  assert_int_equal(cell(t, "a", 4, SIDE_LASTEN, 2026), 13);
  assert_int_equal(cell(t, "a", 4, SIDE_LASTEN, 2027), -13);
  assert_int_equal(cell(t, "a", 5, SIDE_LASTEN, 2026), EUR(2750));
  done(t);
}

static void test_division_by_zero(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026: 100 / (5 - 5) }\n}\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "invalid-value", "division by zero", NULL));
  done(t);
}

/* ---------------------------------------------------------------- stated amount and its rule */

static void test_stated_matches_rule(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  4 \"Scholingsvouchers\" { lasten 2026: 1_950_000 = 750 * 2_600\n"
                        "                                  2027: 2_047_500 = 750 * 2_730 }\n}\n");
  assert_clean(t);
  assert_int_equal(cell(t, "a", 4, SIDE_LASTEN, 2027), EUR(2047500));
  done(t);
}

/* The table's amount stays the line's amount; the message shows both. */
static void test_stated_differs_from_rule(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  4 \"Scholingsvouchers\" { lasten 2026: 1_950_000 = 750 * 2_600\n"
                        "                                  2027: 2_047_500 = 750 * 2_600 }\n}\n");
  assert_true(t->evaluated);  /* a finding, not a failure to compute */
  assert_int_equal(count(t, "rule-mismatch"), 1);
  const Diag *g = find(t, "rule-mismatch", "line 4 'Scholingsvouchers' of 'a', lasten 2027",
                       "the table says € 2.047.500", "750 * 2_600 gives € 1.950.000",
                       "(difference -€ 97.500)", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_ERROR);
  assert_int_equal(loc_line(g->loc), 11);
  assert_non_null(g->notes);  /* where the rule is stated */
  assert_int_equal(cell(t, "a", 4, SIDE_LASTEN, 2027), EUR(2047500));
  done(t);
}

/* ---------------------------------------------------------------- percentage */

/* 5% of lines 1..3 (PM is not summed): 5% of 150 000 = 7 500.
 * 10% of every other lasten line: 10% of 157 500 = 15 750.
 * 30% of lines 1 and 2: 45 000. */
static void test_percentage(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026: 100_000 }\n"
                        "  2 \"Y\" { lasten 2026: 50_000 }\n"
                        "  3 \"Z\" { lasten 2026: PM }\n"
                        "  4 \"Onvoorzien\" { lasten 2026: 7_500 = 5% of lasten[1..3] }\n"
                        "  5 \"Alles\" { lasten 2026: 10% of lasten }\n"
                        "  6 \"Cofinanciering\" { baten 2026: 30% of lasten[1, 2] }\n}\n");
  assert_clean(t);
  assert_int_equal(cell(t, "a", 4, SIDE_LASTEN, 2026), EUR(7500));
  assert_int_equal(cell(t, "a", 5, SIDE_LASTEN, 2026), EUR(15750));
  assert_int_equal(cell(t, "a", 6, SIDE_BATEN, 2026), EUR(45000));
  done(t);
}

static void test_percentage_broken(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026: 100_000 }\n"
                        "  4 \"Onvoorzien\" { lasten 2026: 6_000 = 5% of lasten[1] }\n}\n");
  assert_true(t->evaluated);
  assert_non_null(find(t, "rule-mismatch", "the table says € 6.000",
                       "5% of lasten[1] gives € 5.000", "(difference -€ 1.000)", NULL));
  done(t);
  /* a percentage of itself, of a line that does not exist, of each other */
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  1 \"X\" { lasten 2026: 5% of lasten[1..2] }\n"
                     "  2 \"Y\" { lasten 2026: 5% of lasten[7] }\n}\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "invalid-value", "includes line 1 itself", NULL));
  assert_non_null(find(t, "unknown-name", "no line 7", NULL));
  done(t);
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  1 \"X\" { lasten 2026: 50% of lasten[2] }\n"
                     "  2 \"Y\" { lasten 2026: 50% of lasten[1] }\n}\n");
  assert_false(t->evaluated);
  /* the cell named is the first of the cycle in the plan's order: a cell
   * that reads others goes on the work list before what it reads (a cell
   * computed in place, as one that reads none is, would name line 2) */
  assert_non_null(find(t, "invalid-value", "line 1 'X' of 'a', lasten 2026 depends on itself", NULL));
  done(t);
  /* the same through transfers, where the first cell is a receiving
   * line's baten: it too reads others, and goes on the work list */
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  1 \"X\" { }\n"
                     "  2 \"Y\" { lasten 2026: 100% of baten[1] }\n}\n"
                     "project b \"B\" { programme prog\n"
                     "  1 \"Z\" { lasten 2026: 100% of baten[2] }\n"
                     "  2 \"W\" { }\n}\n"
                     "transfer b.1 to a.1\ntransfer a.2 to b.2\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "invalid-value", "line 1 'X' of 'a', baten 2026 depends on itself", NULL));
  done(t);
}

/* A line named twice in a percentage counts once; a gap in a range is a
 * missing line, found without walking the numbers one by one. */
static void test_percentage_ranges(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026: 100 }\n"
                        "  2 \"Y\" { lasten 2026: 10 }\n"
                        "  3 \"Z\" { lasten 2026: 1 }\n"
                        "  4 \"T\" { lasten 2026: 100% of lasten[2..3, 1, 1..2, 3..3] }\n"
                        "  5 \"U\" { lasten 2026: 100% of lasten[3, 1] }\n}\n");
  assert_clean(t);
  assert_int_equal(cell(t, "a", 4, SIDE_LASTEN, 2026), EUR(111));
  assert_int_equal(cell(t, "a", 5, SIDE_LASTEN, 2026), EUR(101));
  done(t);
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  1 \"X\" { lasten 2026: 100 }\n"
                     "  3 \"Z\" { lasten 2026: 1 }\n"
                     "  4 \"T\" { lasten 2026: 100% of lasten[1..3] }\n}\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "unknown-name", "no line 2", NULL));
  done(t);
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  1 \"X\" { lasten 2026: 100% of lasten[5..1000000] }\n"
                     "  5 \"Y\" { lasten 2026: 100 }\n}\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "unknown-name", "no line 6", NULL));
  done(t);
}

/* A chain of n percentages, each of the next line (backwards) or of the one
 * before (forwards), ending in 100 euros: the evaluator follows it with a
 * work list, not by recursion, so that it does not overflow the stack (it
 * did at 10,000 lines), and reads each range without walking the project
 * (forwards took time quadratic in n). */
static char *chain_plan(int n, bool backwards) {
  size_t cap = sizeof HEAD + 100 + (size_t)n * 64;
  char *text = malloc(cap);
  assert_non_null(text);
  size_t len = (size_t)snprintf(text, cap, "%s", HEAD "project a \"A\" { programme prog\n");
  for (int j = 1; j <= n; j++) {
    bool end = backwards ? j == n : j == 1;
    if (end)
      len += (size_t)snprintf(text + len, cap - len, "  %d \"L\" { lasten 2026: 100 }\n", j);
    else
      len += (size_t)snprintf(text + len, cap - len, "  %d \"L\" { lasten 2026: 100%% of lasten[%d] }\n",
                              j, backwards ? j + 1 : j - 1);
  }
  snprintf(text + len, cap - len, "}\n");
  return text;
}

static void test_long_percentage_chains(void **state) {
  (void)state;
  enum { N = 50000 };
  for (int backwards = 0; backwards < 2; backwards++) {
    char *text = chain_plan(N, backwards);
    T *t = eval_text(text);
    assert_clean(t);
    assert_int_equal(cell(t, "a", 1, SIDE_LASTEN, 2026), EUR(100));
    assert_int_equal(cell(t, "a", N / 2, SIDE_LASTEN, 2026), EUR(100));
    assert_int_equal(cell(t, "a", N, SIDE_LASTEN, 2026), EUR(100));
    done(t);
    free(text);
  }
  /* and a cycle at the end of a long chain is still found */
  size_t cap = sizeof HEAD + 100 + (size_t)N * 64;
  char *text = chain_plan(N, true);
  char *tail = strstr(text, "{ lasten 2026: 100 }");
  assert_non_null(tail);
  snprintf(tail, cap - (size_t)(tail - text), "{ lasten 2026: 100%% of lasten[1] }\n}\n");
  T *t = eval_text(text);
  assert_false(t->evaluated);
  assert_non_null(find(t, "invalid-value", "depends on itself", NULL));
  done(t);
  free(text);
}

/* A transfer passes a project's lasten on as another's baten: a chain of
 * projects, each paid by the next, is as deep as the plan is long. */
static void test_long_transfer_chain(void **state) {
  (void)state;
  enum { N = 20000 };
  size_t cap = sizeof HEAD + (size_t)N * 160;
  char *text = malloc(cap);
  assert_non_null(text);
  size_t len = (size_t)snprintf(text, cap, "%s", HEAD);
  for (int j = 0; j < N; j++)
    len += (size_t)snprintf(text + len, cap - len,
                            "project p%d \"P\" { programme prog\n  1 \"In\" { %s }\n"
                            "  2 \"Uit\" { lasten 2026: 100%% of baten[1] }\n}\n",
                            j, j == N - 1 ? "baten 2026: 100" : "");
  for (int j = 0; j + 1 < N; j++)
    len += (size_t)snprintf(text + len, cap - len, "transfer p%d.2 to p%d.1\n", j + 1, j);
  T *t = eval_text(text);
  assert_clean(t);
  assert_int_equal(cell(t, "p0", 2, SIDE_LASTEN, 2026), EUR(100));
  assert_int_equal(cell(t, "p0", 1, SIDE_BATEN, 2026), EUR(100));
  done(t);
  free(text);
}

/* ---------------------------------------------------------------- items */

static void test_items(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"Personeel\" { lasten 2026: 497_500.50 = items {\n"
                        "      \"2,65 fte gidsen\" 368_000  \"1 fte manager\" 129_500  \"rest\" 0.50 } }\n"
                        "  2 \"Alleen items\" { lasten 2026: items { \"a\" 1 \"b\" 2 } }\n}\n");
  assert_clean(t);
  assert_int_equal(cell(t, "a", 1, SIDE_LASTEN, 2026), 49750050);
  assert_int_equal(cell(t, "a", 2, SIDE_LASTEN, 2026), EUR(3));
  done(t);
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  3 \"Personele inzet\" { lasten 2026: 631_300 = items { \"a\" 631_300 \"b\" 135_000 } }\n}\n");
  assert_non_null(find(t, "rule-mismatch", "line 3 'Personele inzet'", "the table says € 631.300",
                       "the items add up to € 766.300", "(difference € 135.000)", NULL));
  done(t);
}

/* ---------------------------------------------------------------- line rules */

static void test_line_rule(void **state) {
  (void)state;
  /* correct: every year follows the rule */
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  5 \"P\" { lasten 2026: 148_000 2027: 155_550 2028: 163_475 2029: 171_825\n"
                        "            rule lasten = 148_000 indexed loon }\n}\n");
  assert_clean(t);
  done(t);
  /* broken: 2028 is 25 too much */
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  5 \"P\" { lasten 2026: 148_000 2027: 155_550 2028: 163_500 2029: 171_825\n"
                     "            rule lasten = 148_000 indexed loon }\n}\n");
  assert_true(t->evaluated);
  assert_int_equal(count(t, "rule-mismatch"), 1);
  assert_non_null(find(t, "rule-mismatch", "lasten 2028", "the table says € 163.500",
                       "148_000 indexed loon gives € 163.475", "(difference -€ 25)", NULL));
  done(t);
}

/* within 50: a difference of 50 is a note, 75 an error; within 0.1% of
 * 155 550 (155.55): 150 is a note, 156 an error; of 171 825 (171.83): 172
 * is an error. */
static void test_line_rule_tolerance(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"A\" { lasten 2027: 155_500  2028: 163_400\n"
                        "            rule lasten 2027..2028 = 148_000 indexed loon within 50 }\n"
                        "  2 \"B\" { lasten 2027: 155_400  2028: 163_475  2029: 171_997\n"
                        "            rule lasten 2027..2029 = 148_000 indexed loon within 0.1% }\n"
                        "  3 \"C\" { lasten 2027: 155_394\n"
                        "            rule lasten 2027 = 148_000 indexed loon within 0.1% }\n}\n");
  assert_true(t->evaluated);
  assert_int_equal(count(t, "rule-tolerance"), 2);
  assert_int_equal(count(t, "rule-mismatch"), 3);
  const Diag *g = find(t, "rule-tolerance", "line 1 'A'", "lasten 2027", "(difference € 50)",
                       "within the tolerance", NULL);
  assert_non_null(g);
  assert_int_equal(g->sev, SEV_NOTE);
  assert_non_null(find(t, "rule-mismatch", "line 1 'A'", "lasten 2028", "(difference € 75)", NULL));
  assert_non_null(find(t, "rule-tolerance", "line 2 'B'", "lasten 2027", "(difference € 150)", NULL));
  /* 0.1% of 171 825 is 171.83; 171 997 is 172 over it */
  assert_non_null(find(t, "rule-mismatch", "line 2 'B'", "lasten 2029", "(difference -€ 172)", NULL));
  assert_non_null(find(t, "rule-mismatch", "line 3 'C'", "(difference € 156)", NULL));
  done(t);
}

/* A rule covers the horizon, or the years it names: a year without a cell
 * is 0, checked, not skipped. */
static void test_line_rule_years(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"A\" { lasten 2026: 100  2027: 100  2029: 100  rule lasten = 100 }\n"
                        "  2 \"B\" { lasten 2026: 100  rule lasten 2026 = 100 }\n"
                        "  3 \"C\" { lasten 2026: 100  rule lasten 2026..2027 = 100 within 100 }\n"
                        "  4 \"D\" { lasten 2027: 5  rule lasten <= 5 }\n}\n");
  assert_true(t->evaluated);
  assert_int_equal(count(t, "rule-mismatch"), 1);
  assert_int_equal(total(t), 1);
  assert_non_null(find(t, "rule-mismatch", "line 1 'A'", "lasten 2028", "no cell for this year",
                       "gives € 100", NULL));
  done(t);
}

static void test_line_rule_bounds(void **state) {
  (void)state;
  /* at least 30% of the training costs: 30% of 1 000 000 = 300 000 */
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"Cofinanciering\" { baten 2026: 300_000  2027: 400_000\n"
                        "                         rule baten >= 30% of lasten[4] }\n"
                        "  2 \"Onvoorzien\" { lasten 2026: 50_000 rule lasten <= 5% of lasten[4] }\n"
                        "  4 \"Scholing\" { lasten 2026..2027: 1_000_000 }\n}\n");
  assert_clean(t);
  done(t);
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  1 \"Cofinanciering\" { baten 2026: 299_999\n"
                     "                         rule baten >= 30% of lasten[4] }\n"
                     "  2 \"Onvoorzien\" { lasten 2026: 50_001 rule lasten <= 5% of lasten[4] }\n"
                     "  4 \"Scholing\" { lasten 2026..2027: 1_000_000 }\n}\n");
  /* the rule covers the horizon: 2027, without a cell, has no co-financing
   * for 1 000 000 of training */
  assert_int_equal(count(t, "rule-mismatch"), 3);
  assert_non_null(find(t, "rule-mismatch", "baten 2027", "no cell for this year",
                       "gives at least € 300.000", NULL));
  assert_non_null(find(t, "rule-mismatch", "baten 2026", "the table says € 299.999",
                       "at least € 300.000", "30% of lasten[4]", NULL));
  assert_non_null(find(t, "rule-mismatch", "lasten 2026", "the table says € 50.001",
                       "at most € 50.000", NULL));
  done(t);
}

/* ---------------------------------------------------------------- PM, balances, transfers */

static void test_pm_never_summed(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n  opening 1_000\n"
                        "  1 \"B\" { baten 2026: PM  2027: 500 }\n"
                        "  2 \"L\" { lasten 2026..2029: PM }\n"
                        "  3 \"L2\" { lasten 2026: 100 }\n}\n");
  assert_clean(t);
  Line *l = line_of(t, "a", 2);
  for (int yi = 0; yi < 4; yi++) {
    assert_true(present_at(&t->c.results, l, SIDE_LASTEN, yi));
    assert_true(pm_at(&t->c.results, l, SIDE_LASTEN, yi));
    assert_int_equal(cents_at(&t->c.results, l, SIDE_LASTEN, yi), 0);
  }
  const ProjectResult *p = balances_of(t, "a");
  assert_int_equal(p->npm[SIDE_BATEN], 1);
  assert_int_equal(p->npm[SIDE_LASTEN], 4);
  assert_int_equal(p->baten[0], 0);
  assert_int_equal(p->lasten[0], EUR(100));
  assert_int_equal(p->closing[0], EUR(900));
  assert_int_equal(p->closing[1], EUR(1400));
  done(t);
}

/* closing = opening + baten - lasten, and each year opens with the last
 * one's closing: 100 000 +200 000 -148 000 = 152 000, +200 000 -155 550 =
 * 196 450, +200 000 -163 475 = 232 975, +200 000 -171 825 = 261 150. */
static void test_balances_chain(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n  opening 100_000\n"
                        "  1 \"Bijdrage\" { baten 2026..2029: 200_000 }\n"
                        "  2 \"Personeel\" { lasten 2026..2029: 148_000 indexed loon }\n}\n");
  assert_clean(t);
  const ProjectResult *p = balances_of(t, "a");
  static const int64_t closing[4] = {152000, 196450, 232975, 261150};
  for (int yi = 0; yi < 4; yi++) {
    assert_int_equal(p->closing[yi], EUR(closing[yi]));
    assert_int_equal(p->closing[yi], p->opening[yi] + p->baten[yi] - p->lasten[yi]);
    if (yi > 0)
      assert_int_equal(p->opening[yi], p->closing[yi - 1]);
  }
  assert_int_equal(p->opening[0], EUR(100000));
  done(t);
}

static void test_transfer_amounts(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project pool \"Pool\" { programme prog\n  opening 1_000_000\n"
                        "  1 \"Naar wc\" { lasten 2027..2029: 100_000 }\n"
                        "  2 \"Naar h\" { lasten 2026: 50_000 }\n}\n"
                        "project wc \"WC\" { programme prog\n  1 \"Van pool\" { }\n}\n"
                        "project h \"H\" { programme prog\n  1 \"Van pool\" { }\n}\n"
                        "transfer pool.1 to wc.1\n"
                        "transfer pool.2 to h.1 { 2026: 30_000 }\n");
  assert_clean(t);
  Line *wc = line_of(t, "wc", 1);
  assert_false(present_at(&t->c.results, wc, SIDE_BATEN, 0));
  for (int y = 2027; y <= 2029; y++)
    assert_int_equal(cell(t, "wc", 1, SIDE_BATEN, y), EUR(100000));
  assert_int_equal(cell(t, "h", 1, SIDE_BATEN, 2026), EUR(30000));
  assert_int_equal(balances_of(t, "wc")->closing[3], EUR(300000));
  Transfer *tr = t->c.plan.transfers[1];
  assert_true(transfer_present(&t->c.results, tr, 0));
  assert_int_equal(transfer_cents(&t->c.results, tr, 0), EUR(30000));
  done(t);
}

static void test_duplicate_cell(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026..2027: 5  2027: 6 }\n}\n");
  assert_false(t->evaluated);
  const Diag *g = find(t, "duplicate", "line 1 has lasten for 2027 twice", NULL);
  assert_non_null(g);
  assert_non_null(g->notes);
  done(t);
}

/* ---------------------------------------------------------------- overflow: an error, never a wrap */

static void test_overflow_multiplication_and_sums(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026: 900_000_000_000_000 * 900_000_000_000_000 }\n}\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "overflow", "beyond the money type", NULL));
  done(t);
  /* each line fits, their sum in the project does not */
  t = eval_text(HEAD "project a \"A\" { programme prog\n"
                     "  1 \"X\" { lasten 2026: 60 * 900_000_000_000_000 }\n"
                     "  2 \"Y\" { lasten 2026: 60 * 900_000_000_000_000 }\n}\n");
  assert_false(t->evaluated);
  assert_true(count(t, "overflow") >= 1);
  done(t);
}

/* 400 000 000 000 000 euros times 85 070 591 730 234.6112%: the exact
 * product of micros is 2^128 - 18 663 374 607 431 768 211 456, which a
 * 128-bit multiplication wraps to about -18.7 billion euros. */
static void test_overflow_percentage_never_wraps(void **state) {
  (void)state;
  T *t = eval_text(HEAD "project a \"A\" { programme prog\n"
                        "  1 \"X\" { lasten 2026: 400_000_000_000_000 }\n"
                        "  2 \"Y\" { lasten 2026: 85_070_591_730_234.6112% of lasten[1] }\n}\n");
  assert_false(t->evaluated);
  const Diag *g = find(t, "overflow", "beyond the money type", NULL);
  assert_non_null(g);
  assert_int_equal(loc_line(g->loc), 11);
  done(t);
}

/* A rate of 1 844 674 407 270.9552% makes the factor M = 18 446 744 073 709 552
 * micros; two years from 1 euro the product 10^6 * M^2 is 2^128 plus about
 * 1.4e22, which a 128-bit multiplication would wrap to about 14 167 euros. */
static void test_overflow_indexation_never_wraps(void **state) {
  (void)state;
  T *t = eval_text("plan t \"T\" { years 2026..2028 }\nprogramme prog \"P\"\n"
                   "index wild \"W\" { rate 1_844_674_407_270.9552% base 2026 round 1 }\n"
                   "project a \"A\" { programme prog\n  opening 1_000_000\n"
                   "  1 \"X\" { lasten 2027: 1 indexed wild  2028: 1 indexed wild }\n}\n");
  assert_false(t->evaluated);
  /* 2027 is 18 446 744 074 euros and fits; 2028 does not */
  assert_int_equal(count(t, "overflow"), 1);
  assert_non_null(find(t, "overflow", "beyond the money type", NULL));
  assert_int_equal(cents_at(&t->c.results, line_of(t, "a", 1), SIDE_LASTEN, 1), EUR(18446744074));
  done(t);
  /* doubling every year for 49 years */
  t = eval_text("plan t \"T\" { years 2026..2075 }\nprogramme prog \"P\"\n"
                "index dubbel \"D\" { rate 100% base 2026 round 1 }\n"
                "project a \"A\" { programme prog\n"
                "  1 \"X\" { lasten 2075: 1_000_000 indexed dubbel }\n}\n");
  assert_false(t->evaluated);
  assert_non_null(find(t, "overflow", "beyond the money type", NULL));
  done(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_indexed_loon),
      cmocka_unit_test(test_indexed_rounding_directions),
      cmocka_unit_test(test_indexed_from_year_and_cents),
      cmocka_unit_test(test_indexed_before_its_year),
      cmocka_unit_test(test_indexed_pm_and_bad_step),
      cmocka_unit_test(test_arithmetic),
      cmocka_unit_test(test_division_by_zero),
      cmocka_unit_test(test_stated_matches_rule),
      cmocka_unit_test(test_stated_differs_from_rule),
      cmocka_unit_test(test_percentage),
      cmocka_unit_test(test_percentage_broken),
      cmocka_unit_test(test_percentage_ranges),
      cmocka_unit_test(test_long_percentage_chains),
      cmocka_unit_test(test_long_transfer_chain),
      cmocka_unit_test(test_items),
      cmocka_unit_test(test_line_rule),
      cmocka_unit_test(test_line_rule_tolerance),
      cmocka_unit_test(test_line_rule_years),
      cmocka_unit_test(test_line_rule_bounds),
      cmocka_unit_test(test_pm_never_summed),
      cmocka_unit_test(test_balances_chain),
      cmocka_unit_test(test_transfer_amounts),
      cmocka_unit_test(test_duplicate_cell),
      cmocka_unit_test(test_overflow_multiplication_and_sums),
      cmocka_unit_test(test_overflow_percentage_never_wraps),
      cmocka_unit_test(test_overflow_indexation_never_wraps),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_money.c: exact money (src/money.c).
 *
 * Sums that leave int64 are refused, never wrapped; division rounds half
 * away from zero; micros become cents once, the same way; amounts are
 * printed as the document prints them (€ 1.787.349, -€ 127.800, "-" for a
 * zero cell) and as plain decimals for CSV, whatever the locale.
 */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* ---------------------------------------------------------------- sums */

static void test_add_sub_exact(void **state) {
  (void)state;
  int64_t r = 0;
  assert_true(money_add(178734900, 12780000, &r));
  assert_int_equal(r, 191514900);
  assert_true(money_sub(0, 12780000, &r));
  assert_int_equal(r, -12780000);
  assert_true(money_add(INT64_MAX - 1, 1, &r));
  assert_true(r == INT64_MAX);
  assert_true(money_sub(-INT64_MAX, 1, &r));
  assert_true(r == INT64_MIN);
  assert_true(money_add(INT64_MAX, INT64_MIN, &r));
  assert_int_equal(r, -1);
}

static void test_add_sub_overflow(void **state) {
  (void)state;
  int64_t r = 0;
  assert_false(money_add(INT64_MAX, 1, &r));
  assert_false(money_add(1, INT64_MAX, &r));
  assert_false(money_add(INT64_MIN, -1, &r));
  assert_false(money_add(INT64_MAX / 2 + 1, INT64_MAX / 2 + 1, &r));
  assert_false(money_sub(INT64_MIN, 1, &r));
  assert_false(money_sub(INT64_MAX, -1, &r));
  assert_false(money_sub(0, INT64_MIN, &r));
  assert_false(money_sub(-2, INT64_MAX, &r));
}

/* ---------------------------------------------------------------- rounding */

/* div_round as it was before its 64-bit fast path: 128 bits throughout. */
static i128 div_round_wide(i128 num, i128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 q = num / den, r = num % den;
  if (r < 0)
    r = -r;
  if (2 * r >= den)
    q += num < 0 ? -1 : 1;
  return q;
}

/* The fast path for operands of 64 bits rounds as the 128-bit path does:
 * at the edges of int64 and on a spread of pseudo-random operands. */
static void test_div_round_fast_path_agrees(void **state) {
  (void)state;
  const i128 edges[] = {0, 1, 2, 3, 5, 7, 10, 99, 100, 101, 10000, 999999, 1000000,
                        (i128)INT64_MAX / 2, (i128)INT64_MAX / 2 + 1, (i128)INT64_MAX - 1,
                        (i128)INT64_MAX, (i128)INT64_MAX + 1, (i128)INT64_MAX * 3};
  size_t n = sizeof edges / sizeof edges[0];
  for (size_t i = 0; i < n; i++)
    for (size_t j = 1; j < n; j++)
      for (int sn = -1; sn <= 1; sn += 2)
        for (int sd = -1; sd <= 1; sd += 2) {
          i128 a = sn * edges[i], b = sd * edges[j];
          assert_true(div_round(a, b) == div_round_wide(a, b));
        }
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int k = 0; k < 200000; k++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int64_t a = (int64_t)(x >> (x & 31));
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int64_t b = (int64_t)(x >> (1 + (x & 62)));
    if (b == 0 || a == INT64_MIN)
      continue;
    if (k & 1)
      a = -a;
    if (k & 2)
      b = -b;
    assert_true(div_round(a, b) == div_round_wide(a, b));
  }
}

static void test_div_round_half_away_from_zero(void **state) {
  (void)state;
  assert_true(div_round(4, 2) == 2);
  assert_true(div_round(3, 2) == 2);    /* 1.5 -> 2 */
  assert_true(div_round(-3, 2) == -2);  /* -1.5 -> -2 */
  assert_true(div_round(5, 2) == 3);
  assert_true(div_round(-5, 2) == -3);
  assert_true(div_round(5, -2) == -3);
  assert_true(div_round(-5, -2) == 3);
  assert_true(div_round(7, 3) == 2);    /* 2.33 */
  assert_true(div_round(8, 3) == 3);    /* 2.67 */
  assert_true(div_round(-7, 3) == -2);
  assert_true(div_round(-8, 3) == -3);
  assert_true(div_round(1, 3) == 0);
  assert_true(div_round(-1, 3) == 0);
  assert_true(div_round(0, 7) == 0);
  assert_true(div_round(49, 100) == 0);
  assert_true(div_round(50, 100) == 1);
  assert_true(div_round(-50, 100) == -1);
  /* far beyond 64 bits */
  i128 big = (i128)1 << 100;
  assert_true(div_round(big * 3 + 1, 3) == big);
  assert_true(div_round(big * 2 + 1, 2) == big + 1);
  assert_true(div_round(-(big * 2 + 1), 2) == -(big + 1));
}

static void test_micros_to_cents(void **state) {
  (void)state;
  int64_t c = 0;
  assert_true(micros_to_cents(1787349 * (i128)MICROS_PER_UNIT, &c));
  assert_int_equal(c, 178734900);
  assert_true(micros_to_cents(5000, &c));   /* half a cent */
  assert_int_equal(c, 1);
  assert_true(micros_to_cents(-5000, &c));
  assert_int_equal(c, -1);
  assert_true(micros_to_cents(4999, &c));
  assert_int_equal(c, 0);
  assert_true(micros_to_cents(-4999, &c));
  assert_int_equal(c, 0);
  /* 2.65 fte * 138_868 = 277_736 + 90_264.20 = 368_000.20 */
  assert_true(micros_to_cents((i128)2650000 * 138868, &c));
  assert_int_equal(c, 36800020);
  /* the limit, and one cent beyond it */
  assert_true(micros_to_cents((i128)INT64_MAX * MICROS_PER_CENT, &c));
  assert_true(c == INT64_MAX);
  c = 42;
  assert_false(micros_to_cents(((i128)INT64_MAX + 1) * MICROS_PER_CENT, &c));
  assert_false(micros_to_cents(-((i128)INT64_MAX + 1) * MICROS_PER_CENT, &c));
  assert_false(micros_to_cents((i128)1 << 120, &c));
  assert_int_equal(c, 42);  /* untouched on failure */
}

/* ---------------------------------------------------------------- formatting */

static void check_eur(int64_t cents, bool dash, const char *want) {
  char buf[64];
  memset(buf, 'x', sizeof buf);
  fmt_eur_nl(buf, sizeof buf, cents, dash);
  assert_string_equal(buf, want);
}

/* A tolerance relative to an amount: of its size, whatever its sign,
 * rounded half away from zero, at most the money type's limit. */
static void test_abs_times(void **state) {
  (void)state;
  assert_int_equal(money_abs_times(12345, 50000), 617);    /* 5% of 123,45: 6,1725 */
  assert_int_equal(money_abs_times(-12345, 50000), 617);
  assert_int_equal(money_abs_times(10, 50000), 1);         /* 0,5 cent: away from zero */
  assert_int_equal(money_abs_times(9, 50000), 0);
  assert_int_equal(money_abs_times(0, 50000), 0);
  assert_int_equal(money_abs_times(-INT64_MAX, MICROS_PER_UNIT), INT64_MAX);
  assert_int_equal(money_abs_times(INT64_MAX, 2 * MICROS_PER_UNIT), INT64_MAX);
}

static void test_fmt_eur_nl(void **state) {
  (void)state;
  check_eur(178734900, false, "€ 1.787.349");
  check_eur(-12780000, false, "-€ 127.800");
  check_eur(178734950, false, "€ 1.787.349,50");
  check_eur(750000, false, "€ 7.500");
  check_eur(99900, false, "€ 999");
  check_eur(100000, false, "€ 1.000");
  check_eur(5, false, "€ 0,05");
  check_eur(-5, false, "-€ 0,05");
  check_eur(10, false, "€ 0,10");
  check_eur(0, false, "€ 0");
  check_eur(0, true, "-");
  check_eur(100, true, "€ 1");
  check_eur(INT64_MAX, false, "€ 92.233.720.368.547.758,07");
  check_eur(INT64_MIN, false, "-€ 92.233.720.368.547.758,08");
}

static void test_fmt_eur_nl_truncates_safely(void **state) {
  (void)state;
  char buf[6];
  memset(buf, 'x', sizeof buf);
  fmt_eur_nl(buf, sizeof buf, 178734900, false);
  assert_int_equal(strlen(buf), sizeof buf - 1);  /* cut short, terminated */
  char one[1] = {'x'};
  fmt_eur_nl(one, sizeof one, 178734900, false);
  assert_int_equal(one[0], '\0');
}

static void test_fmt_decimal(void **state) {
  (void)state;
  char buf[64];
  fmt_decimal(buf, sizeof buf, 178734900, false);
  assert_string_equal(buf, "1787349.00");
  fmt_decimal(buf, sizeof buf, 178734900, true);
  assert_string_equal(buf, "1787349,00");
  fmt_decimal(buf, sizeof buf, -12780050, false);
  assert_string_equal(buf, "-127800.50");
  fmt_decimal(buf, sizeof buf, -5, true);
  assert_string_equal(buf, "-0,05");
  fmt_decimal(buf, sizeof buf, 0, false);
  assert_string_equal(buf, "0.00");
  fmt_decimal(buf, sizeof buf, INT64_MAX, false);
  assert_string_equal(buf, "92233720368547758.07");
  fmt_decimal(buf, sizeof buf, INT64_MIN, false);
  assert_string_equal(buf, "-92233720368547758.08");
}

static void test_fmt_grouped(void **state) {
  (void)state;
  char buf[64];
  fmt_grouped(buf, sizeof buf, 178734900, '.', ',');
  assert_string_equal(buf, "1.787.349");
  fmt_grouped(buf, sizeof buf, 178734950, ',', '.');
  assert_string_equal(buf, "1,787,349.50");
  fmt_grouped(buf, sizeof buf, -12780000, '.', ',');
  assert_string_equal(buf, "-127.800");
  fmt_grouped(buf, sizeof buf, 0, '.', ',');
  assert_string_equal(buf, "0");
}

static void test_side_name(void **state) {
  (void)state;
  assert_string_equal(side_name(SIDE_BATEN), "baten");
  assert_string_equal(side_name(SIDE_LASTEN), "lasten");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_add_sub_exact),
      cmocka_unit_test(test_add_sub_overflow),
      cmocka_unit_test(test_div_round_half_away_from_zero),
      cmocka_unit_test(test_div_round_fast_path_agrees),
      cmocka_unit_test(test_micros_to_cents),
      cmocka_unit_test(test_abs_times),
      cmocka_unit_test(test_fmt_eur_nl),
      cmocka_unit_test(test_fmt_eur_nl_truncates_safely),
      cmocka_unit_test(test_fmt_decimal),
      cmocka_unit_test(test_fmt_grouped),
      cmocka_unit_test(test_side_name),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

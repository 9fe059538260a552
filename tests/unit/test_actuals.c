/* test_actuals.c: the spellings an actuals export may use (src/actuals.c).
 *
 * Dates ISO or Dutch, checked against the calendar; amounts with a decimal
 * comma in a ';' export and a decimal point in a ',' export, grouped in
 * threes or not, with a euro sign or a minus before or after; never more
 * than two decimals and never beyond the money type. The reading of whole
 * files (columns, mapping, every error) is in tests/golden/actuals/.
 */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static int32_t date_of(const char *s) {
  int32_t d = -1;
  return parse_booking_date(s, strlen(s), &d) ? d : -1;
}

static void test_dates(void **state) {
  (void)state;
  assert_int_equal(date_of("2026-03-31"), 20260331);
  assert_int_equal(date_of("31-03-2026"), 20260331);
  assert_int_equal(date_of("1-3-2026"), 20260301);
  assert_int_equal(date_of("31/03/2026"), 20260331);
  assert_int_equal(date_of("31.03.2026"), 20260331);
  assert_int_equal(date_of("29-02-2028"), 20280229);
  assert_int_equal(date_of("29-02-2026"), -1);   /* not a leap year */
  assert_int_equal(date_of("2026-02-30"), -1);
  assert_int_equal(date_of("2026-13-01"), -1);
  assert_int_equal(date_of("2026/03/31"), -1);   /* ISO only with '-' */
  assert_int_equal(date_of("03-31-2026"), -1);   /* no American order */
  assert_int_equal(date_of("31-03-26"), -1);     /* two-digit years are guesses */
  assert_int_equal(date_of("2026-03-31 "), -1);
  assert_int_equal(date_of("31-03/2026"), -1);
  assert_int_equal(date_of(""), -1);
  assert_int_equal(date_of("2026"), -1);
}

static int64_t amount_of(const char *s, bool comma, AmountResult want) {
  int64_t v = 12345;
  assert_int_equal(parse_booking_amount(s, strlen(s), comma, &v), want);
  return v;
}

static void test_amounts_comma(void **state) {
  (void)state;
  assert_int_equal(amount_of("1.234,56", true, AMT_OK), 123456);
  assert_int_equal(amount_of("1234,56", true, AMT_OK), 123456);
  assert_int_equal(amount_of("1234,5", true, AMT_OK), 123450);
  assert_int_equal(amount_of("1234", true, AMT_OK), 123400);
  assert_int_equal(amount_of("1.234", true, AMT_OK), 123400);  /* grouped: euros */
  assert_int_equal(amount_of("€ 1.234,56", true, AMT_OK), 123456);
  assert_int_equal(amount_of("€1.234,56", true, AMT_OK), 123456);
  assert_int_equal(amount_of("-€ 1.234,56", true, AMT_OK), -123456);
  assert_int_equal(amount_of("€ -1.234,56", true, AMT_OK), -123456);
  assert_int_equal(amount_of("-1.234,56", true, AMT_OK), -123456);
  assert_int_equal(amount_of("1.234,56-", true, AMT_OK), -123456);  /* trailing minus */
  assert_int_equal(amount_of("  12,00 ", true, AMT_OK), 1200);
  assert_int_equal(amount_of("", true, AMT_OK), 0);
  assert_int_equal(amount_of("1.000.000,00", true, AMT_OK), 100000000);
  amount_of("1.23,00", true, AMT_BAD);      /* a group of two */
  amount_of("1234.567,00", true, AMT_BAD);  /* a first group of four */
  amount_of("1.2345", true, AMT_BAD);
  amount_of("1,234", true, AMT_DECIMALS);
  amount_of("1,", true, AMT_BAD);
  amount_of(",50", true, AMT_BAD);
  amount_of("12a", true, AMT_BAD);
  amount_of("--5", true, AMT_BAD);
  amount_of("-5-", true, AMT_BAD);
  amount_of("€", true, AMT_BAD);
  amount_of("1 234,00", true, AMT_BAD);
}

static void test_amounts_point(void **state) {
  (void)state;
  assert_int_equal(amount_of("1234.56", false, AMT_OK), 123456);
  assert_int_equal(amount_of("1,234.56", false, AMT_OK), 123456);
  assert_int_equal(amount_of("-0.01", false, AMT_OK), -1);
  assert_int_equal(amount_of("€ 7.5", false, AMT_OK), 750);
  amount_of("1.234", false, AMT_DECIMALS);  /* a ',' export writes a decimal point */
  amount_of("1.234,56", false, AMT_BAD);
  amount_of("1,23", false, AMT_BAD);
}

static void test_amounts_limits(void **state) {
  (void)state;
  assert_int_equal(amount_of("92233720368547758,07", true, AMT_OK), INT64_MAX);
  assert_int_equal(amount_of("-92233720368547758,07", true, AMT_OK), -INT64_MAX);
  amount_of("92233720368547758,08", true, AMT_OVERFLOW);
  amount_of("99999999999999999999999", true, AMT_OVERFLOW);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_amounts_comma),
      cmocka_unit_test(test_amounts_point),
      cmocka_unit_test(test_amounts_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

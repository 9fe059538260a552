/* money.c: exact money. Amounts are int64 cents; every sum is checked for
 * overflow; formatting never depends on the locale. */
#include "support.h"

#include <string.h>

bool money_add(int64_t a, int64_t b, int64_t *out) { return !__builtin_add_overflow(a, b, out); }
bool money_sub(int64_t a, int64_t b, int64_t *out) { return !__builtin_sub_overflow(a, b, out); }

/* For totals that are shown, not proven (reports, charts): beyond the money
 * type they stay at its limit, never wrap. INT64_MIN is avoided so that a
 * result can always be negated. */
int64_t money_add_sat(int64_t a, int64_t b) {
  int64_t r;
  if (money_add(a, b, &r) && r != INT64_MIN)
    return r;
  return b > 0 ? INT64_MAX : -INT64_MAX;
}

int64_t money_sub_sat(int64_t a, int64_t b) {
  int64_t r;
  if (money_sub(a, b, &r) && r != INT64_MIN)
    return r;
  return b < 0 ? INT64_MAX : -INT64_MAX;
}

/* Division rounding half away from zero, written once for both widths. */
#define DEFINE_DIV_ROUND(name, T)                                        \
  static T name(T num, T den) {                                         \
    if (den < 0) {                                                      \
      num = -num;                                                       \
      den = -den;                                                       \
    }                                                                   \
    T q = num / den, r = num % den;                                     \
    if (r < 0)                                                          \
      r = -r;                                                           \
    if (r >= den - r) /* 2 * r >= den, without overflow */              \
      q += num < 0 ? -1 : 1;                                            \
    return q;                                                           \
  }
DEFINE_DIV_ROUND(div_round64, int64_t)
DEFINE_DIV_ROUND(div_round128, i128)

/* Most amounts and divisors fit in 64 bits, where one machine division
 * gives quotient and remainder; 128-bit division is a library call, and
 * was 2% of a --check. */
i128 div_round(i128 num, i128 den) {
  if (num >= -INT64_MAX && num <= INT64_MAX && den >= -INT64_MAX && den <= INT64_MAX)
    return div_round64((int64_t)num, (int64_t)den);
  return div_round128(num, den);
}

bool micros_to_cents(i128 micros, int64_t *cents) {
  i128 c = div_round(micros, MICROS_PER_CENT);
  if (c > INT64_MAX || c < -INT64_MAX)
    return false;
  *cents = (int64_t)c;
  return true;
}

/* Writes |cents| with a group separator every three digits and, when there
 * are cents, the decimal separator and two digits. */
static void grouped_abs(char *out, size_t cap, uint64_t abs, char group, char decimal,
                        bool always_cents) {
  uint64_t units = abs / 100, frac = abs % 100;
  /* the digits by hand, from the last: a report prints every amount, and
   * each went through snprintf twice */
  char buf[32], *digits = buf + sizeof buf;
  do {
    *--digits = (char)('0' + units % 10);
    units /= 10;
  } while (units);
  int n = (int)(buf + sizeof buf - digits);
  char tmp[48];
  size_t k = 0;
  for (int i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0 && group)
      tmp[k++] = group;
    tmp[k++] = digits[i];
  }
  if (frac || always_cents) {
    tmp[k++] = decimal;
    tmp[k++] = (char)('0' + frac / 10);
    tmp[k++] = (char)('0' + frac % 10);
  }
  tmp[k] = '\0';
  if (cap) {  /* as snprintf would: what fits, and the NUL */
    size_t len = k < cap - 1 ? k : cap - 1;
    memcpy(out, tmp, len);
    out[len] = '\0';
  }
}

static uint64_t magnitude(int64_t cents) {
  return cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
}

static void fmt_eur_space(char *out, size_t cap, int64_t cents, bool dash_for_zero,
                          const char *space) {
  if (cents == 0 && dash_for_zero) {
    snprintf(out, cap, "-");
    return;
  }
  char g[64];
  grouped_abs(g, sizeof g, magnitude(cents), '.', ',', false);
  snprintf(out, cap, "%s€%s%s", cents < 0 ? "-" : "", space, g);
}

void fmt_eur_nl(char *out, size_t cap, int64_t cents, bool dash_for_zero) {
  fmt_eur_space(out, cap, cents, dash_for_zero, " ");
}

void fmt_eur_nobreak(char *out, size_t cap, int64_t cents) {
  fmt_eur_space(out, cap, cents, false, EUR_NOBREAK);
}

void fmt_eur_unit(char *out, size_t cap, int64_t cents, int64_t unit) {
  i128 euros = (i128)cents * (unit > 1 ? unit : 1);
  if (euros > INT64_MAX || euros < -INT64_MAX) {
    /* beyond what euros can print: the amount as written, and its unit */
    char g[96], u[96];
    fmt_eur_nl(g, sizeof g, cents, false);
    fmt_eur_nl(u, sizeof u, unit * 100, false);
    snprintf(out, cap, "%s x %s", g, u);
    return;
  }
  fmt_eur_nl(out, cap, (int64_t)euros, false);
}

void fmt_grouped(char *out, size_t cap, int64_t cents, char group, char decimal) {
  char g[64];
  grouped_abs(g, sizeof g, magnitude(cents), group, decimal, false);
  snprintf(out, cap, "%s%s", cents < 0 ? "-" : "", g);
}

void fmt_decimal(char *out, size_t cap, int64_t cents, bool comma) {
  char g[64];
  grouped_abs(g, sizeof g, magnitude(cents), 0, comma ? ',' : '.', true);
  snprintf(out, cap, "%s%s", cents < 0 ? "-" : "", g);
}

const char *side_name(Side s) { return s == SIDE_BATEN ? "baten" : "lasten"; }

int64_t money_abs_times(int64_t cents, i128 factor_micros) {
  i128 r = div_round((cents < 0 ? -(i128)cents : (i128)cents) * factor_micros, MICROS_PER_UNIT);
  return r > INT64_MAX ? INT64_MAX : (int64_t)r;
}

/* A count or a percentage in micros as written: "12.5", "58921". */
const char *micros_text(Arena *a, i128 m) {
  bool neg = m < 0;
  if (neg)
    m = -m;
  char digits[48];
  int n = 0;
  i128 whole = m / MICROS_PER_UNIT, frac = m % MICROS_PER_UNIT;
  do {
    digits[n++] = (char)('0' + (int)(whole % 10));
    whole /= 10;
  } while (whole > 0 && n < 40);
  Buf b = {0};
  if (neg)
    buf_putc(&b, '-');
  while (n > 0)
    buf_putc(&b, digits[--n]);
  if (frac) {
    char f[8];
    snprintf(f, sizeof f, "%06d", (int)frac);
    int len = 6;
    while (len > 0 && f[len - 1] == '0')
      len--;
    buf_printf(&b, ".%.*s", len, f);
  }
  const char *out = arena_strndup(a, b.data, b.len);
  buf_free(&b);
  return out;
}

/* test_nls.c: the message catalogue reader (src/nls.c) and the Dutch
 * messages of the diagnostics (src/diag.c): a lookup, diag_year's markers,
 * a translation whose conversions differ is not used, and a damaged or
 * foreign file is refused rather than read out of bounds. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct Pair {
  const char *id, *str;
} Pair;

static void put32(Buf *b, uint32_t v) { buf_put(b, (const char *)&v, 4); }

/* A .mo file as msgfmt writes it (originals sorted), in b. */
static void make_mo(Buf *b, const Pair *p, uint32_t n) {
  uint32_t orig = 28, trans = orig + 8 * n, strings = trans + 8 * n;
  put32(b, 0x950412de);
  put32(b, 0);
  put32(b, n);
  put32(b, orig);
  put32(b, trans);
  put32(b, 0);
  put32(b, 0);
  uint32_t at = strings;
  for (int side = 0; side < 2; side++)
    for (uint32_t i = 0; i < n; i++) {
      const char *s = side ? p[i].str : p[i].id;
      put32(b, (uint32_t)strlen(s));
      put32(b, at);
      at += (uint32_t)strlen(s) + 1;
    }
  for (int side = 0; side < 2; side++)
    for (uint32_t i = 0; i < n; i++) {
      const char *s = side ? p[i].str : p[i].id;
      buf_put(b, s, strlen(s) + 1);
    }
}

static const char *write_tmp(const char *data, size_t n, char *path, size_t cap) {
  snprintf(path, cap, "%s/amrc-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, data, n), (ssize_t)n);
  close(fd);
  return path;
}

static const Pair pairs[] = {
    {"", "Content-Type: text/plain; charset=UTF-8\n"},
    {"%s {Y}: {0} short", "{0} tekort in {Y} bij %s"},
    {"cannot read '%s'", "kan '%s' niet lezen"},
    {"line %d of '%s'", "regel %s van '%d'"},  /* conversions swapped: refused */
    {"plain", "kaal"},
};

static Catalog *good(Arena *a) {
  Buf b = {0};
  make_mo(&b, pairs, sizeof pairs / sizeof *pairs);
  char path[256];
  write_tmp(b.data, b.len, path, sizeof path);
  buf_free(&b);
  const char *why = NULL;
  Catalog *c = catalog_read(a, path, &why);
  unlink(path);
  assert_non_null(c);
  return c;
}

static void test_lookup(void **state) {
  (void)state;
  Arena a = {0};
  Catalog *c = good(&a);
  assert_string_equal(catalog_get(c, &a, "plain"), "kaal");
  assert_string_equal(catalog_get(c, &a, "cannot read '%s'"), "kan '%s' niet lezen");
  assert_null(catalog_get(c, &a, "not in it"));
  assert_null(catalog_get(c, &a, ""));  /* the header is no message */
  assert_null(catalog_get(c, &a, "line %d of '%s'"));
  /* diag_year's markers, spelled {Y} and {0} in the catalogue, moved */
  assert_string_equal(catalog_get(c, &a, "%s " DIAG_YEARS ": " DIAG_VAL(0) " short"),
                      DIAG_VAL(0) " tekort in " DIAG_YEARS " bij %s");
  arena_free(&a);
}

static void test_diagnostics_in_dutch(void **state) {
  (void)state;
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  d.nl = good(&a);
  Diag *g = diag_report(&d, "io", (Loc){0}, "cannot read '%s'", "x.amr");
  assert_string_equal(g->msg, "cannot read 'x.amr'");
  assert_string_equal(diag_text(g, true), "kan 'x.amr' niet lezen");
  assert_string_equal(diag_text(g, false), "cannot read 'x.amr'");
  Diag *h = diag_report(&d, "io", (Loc){0}, "line %d of '%s'", 3, "a");
  assert_null(h->msg_nl);
  assert_string_equal(diag_text(h, true), "line 3 of 'a'");
  /* one finding over two years, grouped: the Dutch message too */
  const char *v1[] = {"€ 5"}, *v2[] = {"€ 7"};
  diag_year(&d, "rule-mismatch", (Loc){0}, "k", 2026, v1, 1, "%s " DIAG_YEARS ": " DIAG_VAL(0) " short", "p");
  diag_year(&d, "rule-mismatch", (Loc){0}, "k", 2027, v2, 1, "%s " DIAG_YEARS ": " DIAG_VAL(0) " short", "p");
  diags_group(&d);
  const Diag *y = d.tail;
  assert_string_equal(y->msg, "p 2026-2027: € 5 / € 7 short");
  assert_string_equal(y->msg_nl, "€ 5 / € 7 tekort in 2026-2027 bij p");
  arena_free(&a);
}

static void refused(const char *data, size_t n) {
  Arena a = {0};
  char path[256];
  write_tmp(data, n, path, sizeof path);
  const char *why = NULL;
  Catalog *c = catalog_read(&a, path, &why);
  unlink(path);
  if (c) {  /* the header may pass; no lookup may read outside the file */
    assert_null(catalog_get(c, &a, "plain"));
  } else {
    assert_non_null(why);
  }
  arena_free(&a);
}

static void test_damaged(void **state) {
  (void)state;
  refused("", 0);
  refused("not a catalogue at all, just text", 33);
  Buf b = {0};
  make_mo(&b, pairs, sizeof pairs / sizeof *pairs);
  for (size_t cut = 0; cut < b.len; cut += 7)  /* every truncation */
    refused(b.data, cut);
  /* a string offset far outside the file */
  Buf bad = {0};
  buf_put(&bad, b.data, b.len);
  uint32_t far = 0x7fffffff;
  memcpy(bad.data + 28 + 8 * 4 + 4, &far, 4);
  refused(bad.data, bad.len);
  /* a message count far beyond the file */
  memcpy(bad.data + 8, &far, 4);
  refused(bad.data, bad.len);
  buf_free(&bad);
  buf_free(&b);
  Arena a = {0};
  const char *why = NULL;
  assert_null(catalog_read(&a, "/nonexistent/amrc.mo", &why));
  assert_non_null(why);
  arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lookup),
      cmocka_unit_test(test_diagnostics_in_dutch),
      cmocka_unit_test(test_damaged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

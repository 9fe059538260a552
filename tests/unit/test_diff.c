/* test_diff.c: amrc diff on plans as large as a hostile pull request makes
 * them. It pairs lines, projects, programmes and findings by hashing; it
 * used to compare each with each, and one project of 80,000 lines diffed
 * against itself took minutes. Each test builds two versions whose pairing
 * goes through every rule (renumbered, renamed, added, removed, findings
 * that stay) and checks the answer and the processor time it took. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

/* Far above what the hashed pairing takes (about a second, sanitizers
 * included) and far below what the quadratic one took (over a minute). */
enum { CPU_SECONDS = 20 };

typedef struct Text {
  char *s;
  size_t len, cap;
} Text;

static void put(Text *t, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    if ((size_t)n < t->cap - t->len) {
      t->len += (size_t)n;
      return;
    }
    t->cap = t->cap ? 2 * t->cap : 1 << 20;
    t->s = realloc(t->s, t->cap);
    assert_non_null(t->s);
  }
}

/* A plan of nprog programmes, nproj one-line projects and one project of
 * nlines lines, each with a PM lasten cell that nothing covers (a finding
 * per line). The new version (shift 1) numbers the big project's lines but
 * the first one higher (renumbered), gives its line 1 another category
 * (renamed), and changes one small project's amount. */
static Text version(int nprog, int nproj, int nlines, int shift) {
  Text t = {0};
  put(&t, "plan t \"T\" { years 2026..2027 }\n");
  for (int g = 0; g < nprog; g++)
    put(&t, "programme p%d \"Programma %d\"\n", g, g);
  for (int p = 0; p < nproj; p++)
    put(&t, "project q%d \"Q %d\" { programme p%d\n  opening 10\n"
            "  1 \"Uit\" { lasten 2026: %d }\n}\n", p, p, p % nprog, shift && p == nproj / 2 ? 2 : 1);
  put(&t, "project big \"Groot\" { programme p0\n  opening 1_000_000_000\n");
  for (int i = 1; i <= nlines; i++) {
    const char *cat = shift && i == 1 ? "Nieuw" : "Regel";
    put(&t, "  %d \"%s %d\" { lasten 2026: 1  2027: PM }\n", i == 1 ? 1 : i + shift, cat, i);
  }
  put(&t, "}\n");
  return t;
}

static bool holds(const Buf *b, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= b->len; i++)
    if (memcmp(b->data + i, needle, k) == 0)
      return true;
  return false;
}

static size_t count(const Buf *b, const char *needle) {
  size_t k = strlen(needle), n = 0;
  for (size_t i = 0; i + k <= b->len; i++)
    n += memcmp(b->data + i, needle, k) == 0;
  return n;
}

static void test_large(void **state) {
  (void)state;
  enum { PROGS = 5000, PROJS = 20000, LINES = 60000 };
  Text old = version(PROGS, PROJS, LINES, 0), new = version(PROGS, PROJS, LINES, 1);
  Arena a = {0};
  Buf out[3] = {{0}};
  clock_t t0 = clock();
  assert_int_equal(diff_texts(&a, "old.amr", old.s, old.len, "new.amr", new.s, new.len, out), 1);
  double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
  const Buf *txt = &out[DIFF_TEXT];
  /* every line but the first renumbered, each once; the first renamed */
  assert_int_equal(count(txt, ": renumbered"), LINES - 1);
  assert_true(holds(txt, "line 1 \"Regel 1\" -> \"Nieuw 1\": renamed"));
  assert_false(holds(txt, ": added"));
  assert_false(holds(txt, ": removed"));
  assert_true(holds(txt, "project q10000"));
  assert_false(holds(txt, "project q9999 "));
  print_message("amrc diff, %d programmes, %d projects, a project of %d lines: %.2f s\n", PROGS,
                PROJS, LINES, cpu);
  assert_true(cpu < CPU_SECONDS);
  for (int f = 0; f < 3; f++)
    buf_free(&out[f]);
  arena_free(&a);
  free(old.s);
  free(new.s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_large),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

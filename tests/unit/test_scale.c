/* test_scale.c: commands on inputs as large as a hostile pull request
 * makes them cost in proportion to the input.
 *
 * amrc fmt gave each output line a buffer of its own (4 KiB): a 2 MB file
 * took 223 MB. amrc diff compared each line, project and finding with each
 * other: one project of 80,000 lines diffed against itself took minutes;
 * it now pairs them by hashing. Each test runs a command on such an input
 * and checks its answer; the old code did not finish these in minutes. The
 * time and memory are printed, not asserted: speed and memory targets live
 * in `make bench` (bench/scale.sh), never in timed unit tests. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cmocka.h>

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

static long peak_kib(void) {
  struct rusage u;
  assert_int_equal(getrusage(RUSAGE_SELF, &u), 0);
  return u.ru_maxrss;
}

/* A 3 MB file of 2,000 projects of 20 lines, with comments, formatted whole.
 * Its peak memory is printed, not asserted: resource targets live in
 * `make bench` (bench/scale.sh), where sanitizer shadow memory and a
 * loaded machine do not move them. */
static void test_fmt_memory(void **state) {
  (void)state;
  Text t = {0};
  put(&t, "plan t \"T\" { years 2026..2029 }\nprogramme p \"P\"\n");
  for (int p = 0; p < 2000; p++) {
    put(&t, "# project %d\nproject q%d \"Project %d\" {\n  programme p\n  opening 1_000\n", p, p, p);
    for (int i = 1; i <= 20; i++)
      put(&t, "  %d \"Regel %d\" { lasten 2026: 1  2027: 2   2028: 3 2029: PM }  # noot\n", i, i);
    put(&t, "}\n");
  }
  long before = peak_kib();
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  SrcFile *f = src_from_memory(&a, &d, "big.amr", t.s, t.len);
  assert_non_null(f);
  Buf out = {0};
  assert_true(fmt_source(&a, &d, f, &out));
  assert_true(out.len > t.len / 2);
  arena_free(&a);
  buf_free(&out);
  long used = peak_kib() - before;
  print_message("amrc fmt of %zu bytes: peak memory %ld KiB more\n", t.len, used);
  free(t.s);
}

/* What a back end repeats (a programme title in every project's section of
 * the HTML, a group heading on every line of the JSON) must not make its
 * output grow with the text's length times the items: a 20,000-character
 * title over 100 projects, a heading as long over 100 lines. The outputs
 * stay within 20 times the plan (the HTML was 47 times: 2.4 MB). */
static void test_output_size(void **state) {
  (void)state;
  char *big = malloc(20001);
  assert_non_null(big);
  memset(big, 'X', 20000);
  big[20000] = '\0';
  Text t = {0};
  put(&t, "plan t \"T\" { years 2026..2026 }\nprogramme p \"%s\"\n", big);
  for (int p = 0; p < 100; p++)
    put(&t, "project q%d \"Q %d\" { programme p\n  opening 10\n  1 \"Uit\" { lasten 2026: 1 }\n}\n", p, p);
  put(&t, "project g \"G\" { programme p\n  opening 1_000\n  group \"%s\"\n", big);
  for (int i = 1; i <= 100; i++)
    put(&t, "  %d \"Regel\" { lasten 2026: 1 }\n", i);
  put(&t, "}\n");
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  Compile c = {.display = "big.amr", .bytes = t.s, .len = t.len};
  assert_true(compile_plan(&a, &d, &c));
  EmitOptions o = {.diags = &d};
  void (*const emit[])(const Plan *, const Results *, const EmitOptions *, Buf *) = {
      emit_html, emit_json, emit_table, emit_markdown, emit_summary,
  };
  for (size_t i = 0; i < sizeof emit / sizeof *emit; i++) {
    Buf b = {0};
    emit[i](&c.plan, &c.results, &o, &b);
    print_message("output %zu: %zu bytes from a plan of %zu\n", i, b.len, t.len);
    assert_true(b.len < 20 * t.len);
    buf_free(&b);
  }
  arena_free(&a);
  free(t.s);
  free(big);
}

/* A project of 60,000 lines that nothing pays: the shortfall's notes name
 * the first lines once each (they looked back over every claim before
 * each claim: 80,000 lines took 77 s, now about a second). */
static void test_shortfall_time(void **state) {
  (void)state;
  enum { LINES = 60000 };
  Text t = {0};
  put(&t, "plan t \"T\" { years 2026..2027 }\nprogramme p \"P\"\n"
          "project a \"A\" { programme p\n  opening 10\n");
  for (int i = 1; i <= LINES; i++)
    put(&t, "  %d \"Regel %d\" { lasten 2026: 1  2027: 2 }\n", i, i);
  put(&t, "}\n");
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  Compile c = {.display = "short.amr", .bytes = t.s, .len = t.len};
  clock_t t0 = clock();
  assert_true(compile_plan(&a, &d, &c));
  double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_non_null(d.head);
  assert_string_equal(d.head->name, "shortfall");
  int notes = 0;
  for (const DiagNote *n = d.head->notes; n; n = n->next)
    notes++;
  assert_int_equal(notes, 6);  /* five lines and "and N more lines" */
  print_message("amrc --check, a project of %d lines short: %.2f s\n", LINES, cpu);
  arena_free(&a);
  free(t.s);
}

static void test_diff_time(void **state) {
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
  for (int f = 0; f < 3; f++)
    buf_free(&out[f]);
  arena_free(&a);
  free(old.s);
  free(new.s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fmt_memory),
      cmocka_unit_test(test_output_size),
      cmocka_unit_test(test_shortfall_time),
      cmocka_unit_test(test_diff_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

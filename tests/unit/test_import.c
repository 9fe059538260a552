/* test_import.c: amrc import (src/import.c).
 *
 * Every project table of the Achterhoek example, written by the test in the
 * spreadsheet shape docs/import.md describes (with amrc's own evaluated
 * cells, the amounts in a different pasted spelling per column, PM cells,
 * a Totaal row and the balance rows), imports to the same cells, and the
 * imported plan's expectations hold. Then the amounts one by one, and cells
 * that must be refused with their row and column. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Amounts in the spellings a spreadsheet or a paste gives, one per year
 * column, so that every one is read back somewhere. */
static void put_amount(Buf *b, int64_t cents, int style) {
  char tmp[64];
  switch (style % 5) {
  case 0:  /* € 1.787.349,50 or € 1.787.349 */
    fmt_eur_nl(tmp, sizeof tmp, cents, false);
    buf_puts(b, tmp);
    break;
  case 1:  /* 1787349,50: the decimal comma of a ';' file */
    fmt_decimal(tmp, sizeof tmp, cents, true);
    buf_puts(b, tmp);
    break;
  case 2: {  /* € 1 787 349,- with no-break spaces, a U+2212 minus */
    int64_t m = cents < 0 ? -cents : cents;
    fmt_grouped(tmp, sizeof tmp, m, '\x01', ',');
    buf_puts(b, cents < 0 ? "\xE2\x88\x92\xE2\x82\xAC\xC2\xA0" : "\xE2\x82\xAC\xC2\xA0");
    for (const char *p = tmp; *p; p++)
      if (*p == '\x01')
        buf_puts(b, "\xC2\xA0");
      else
        buf_putc(b, *p);
    if (m % 100 == 0)
      buf_puts(b, ",-");
    break;
  }
  case 3:  /* 1.787.349,50 */
    fmt_grouped(tmp, sizeof tmp, cents, '.', ',');
    buf_puts(b, tmp);
    break;
  default:  /* (1.000) for a negative one */
    fmt_grouped(tmp, sizeof tmp, cents < 0 ? -cents : cents, '.', ',');
    buf_printf(b, cents < 0 ? "(%s)" : "%s", tmp);
  }
}

static void put_text(Buf *b, const char *s) {
  buf_putc(b, '"');
  for (; s && *s; s++) {
    if (*s == '"')
      buf_putc(b, '"');
    buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

/* One project as a spreadsheet table, separated by ';'. */
static void sheet(const Plan *plan, const Results *R, const Project *p, Buf *b) {
  const ProjectResult *pr = project_result(R, p);
  buf_puts(b, "project;");
  buf_puts(b, p->id);
  buf_putc(b, ';');
  put_text(b, p->title);
  buf_puts(b, "\r\nprogramme;");
  buf_puts(b, p->programme->id);
  buf_puts(b, "\r\n\r\nnr;categorie");
  for (int y = 0; y < plan->nyears; y++)
    buf_printf(b, ";baten %d;lasten %d", plan->first_year + y, plan->first_year + y);
  buf_puts(b, "\r\n");
  for (const Line *l = p->lines; l; l = l->next) {
    buf_printf(b, "%d;", l->nr);
    put_text(b, l->category);
    for (int y = 0; y < plan->nyears; y++)
      for (int s = SIDE_BATEN; s <= SIDE_LASTEN; s++) {
        buf_putc(b, ';');
        if (!present_at(R, l, s, y))
          continue;
        if (pm_at(R, l, s, y))
          buf_puts(b, "PM");
        else
          put_amount(b, cents_at(R, l, s, y), y * 2 + s + l->nr);
      }
    buf_puts(b, "\r\n");
  }
  static const char *const label[] = {"Totaal", "Budget per 1 januari", "Budget per 31 december"};
  for (int k = 0; k < 3; k++) {
    buf_puts(b, label[k]);
    buf_putc(b, ';');
    for (int y = 0; y < plan->nyears; y++) {
      int64_t v0 = k == 0 ? pr->baten[y] : k == 1 ? pr->opening[y] : pr->closing[y];
      buf_putc(b, ';');
      put_amount(b, v0, y + k);
      buf_putc(b, ';');
      if (k == 0)
        put_amount(b, pr->lasten[y], y + 1);
    }
    buf_puts(b, "\r\n");
  }
}

static Compile *compile(Arena *a, Diags *d, const char *display, const char *bytes, size_t len,
                        const char **paths) {
  static LoadOptions lo = {.stdlib_dir = "stdlib"};
  Compile *c = arena_alloc(a, sizeof *c);
  *c = (Compile){.load = &lo};
  if (bytes) {
    c->display = display;
    c->bytes = bytes;
    c->len = len;
  } else {
    c->paths = paths;
    c->npaths = 1;
  }
  compile_plan(a, d, c);
  return c;
}

static void dump(const Diags *d) {
  for (const Diag *g = d->head; g; g = g->next)
    fprintf(stderr, "  [%s] %d:%d %s\n", g->name, loc_line(g->loc), loc_pos(g->loc).col, g->msg);
}

static void test_achterhoek_tables(void **state) {
  (void)state;
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  const char *paths[] = {"examples/achterhoek/plan.amr"};
  Compile *orig = compile(&a, &d, NULL, NULL, 0, paths);
  assert_true(orig->evaluated);
  const Plan *plan = &orig->plan;
  assert_int_equal(plan->nprojects, 19);
  int cells = 0;
  for (int i = 0; i < plan->nprojects; i++) {
    const Project *p = plan->projects[i];
    Buf b = {0};
    sheet(plan, &orig->results, p, &b);
    Arena ia = {0};
    Diags id;
    diags_init(&id, &ia);
    SrcFile *f = src_from_memory(&ia, &id, arena_printf(&ia, "%s.csv", p->id), b.data, b.len);
    assert_non_null(f);
    ImportOptions o = {.y0 = plan->first_year, .y1 = plan->first_year + plan->nyears - 1};
    Buf out = {0};
    bool ok = import_csv(&ia, &id, &f, 1, &o, &out);
    if (!ok || id.nerrors)
      dump(&id);
    assert_true(ok);
    /* the imported project, with the programme it names, checked */
    Buf whole = {0};
    buf_put(&whole, out.data, out.len);
    Diags cd;
    diags_init(&cd, &ia);
    Compile *imp = compile(&ia, &cd, "imported.amr", whole.data, whole.len, NULL);
    if (!imp->evaluated)
      dump(&cd);
    assert_true(imp->evaluated);
    for (const Diag *g = cd.head; g; g = g->next)
      if (strcmp(g->name, "expectation") == 0) {
        dump(&cd);
        fail_msg("project %s: an expectation from the table does not hold", p->id);
      }
    const Project *q = imp->plan.projects[0];
    assert_string_equal(q->id, p->id);
    assert_string_equal(q->title, p->title);
    for (const Line *l = p->lines; l; l = l->next) {
      const Line *m = NULL;
      for (const Line *k = q->lines; k; k = k->next)
        if (k->nr == l->nr)
          m = k;
      bool any = false;
      for (int s = SIDE_BATEN; s <= SIDE_LASTEN; s++)
        for (int y = 0; y < plan->nyears; y++)
          any |= present_at(&orig->results, l, s, y);
      if (!any)
        continue;  /* a line without amounts has no row of cells to import */
      assert_non_null(m);
      assert_string_equal(m->category, l->category);
      for (int s = SIDE_BATEN; s <= SIDE_LASTEN; s++)
        for (int y = 0; y < plan->nyears; y++) {
          assert_int_equal(present_at(&imp->results, m, s, y), present_at(&orig->results, l, s, y));
          if (!present_at(&orig->results, l, s, y))
            continue;
          assert_int_equal(pm_at(&imp->results, m, s, y), pm_at(&orig->results, l, s, y));
          assert_int_equal(cents_at(&imp->results, m, s, y), cents_at(&orig->results, l, s, y));
          cells++;
        }
    }
    assert_int_equal(project_result(&imp->results, q)->opening[0],
                     project_result(&orig->results, p)->opening[0]);
    buf_free(&b);
    buf_free(&out);
    buf_free(&whole);
    arena_free(&ia);
  }
  assert_true(cells > 200);
  arena_free(&a);
}

/* One table with one cell: the amount read from text, or the error. */
static Diags *import_one(Arena *a, const char *sep, const char *cell, const ImportOptions *o,
                         Buf *out, bool *ok) {
  Diags *d = arena_alloc(a, sizeof *d);
  diags_init(d, a);
  const char *text = arena_printf(a, "project%sp\nprogramme%sg\nnr%scategorie%slasten 2027\n"
                                  "1%sx%s%s\n", sep, sep, sep, sep, sep, sep, cell);
  SrcFile *f = src_from_memory(a, d, "t.csv", text, strlen(text));
  *ok = import_csv(a, d, &f, 1, o, out);
  return d;
}

static void expect_cell(const char *sep, const char *cell, const char *plain) {
  Arena a = {0};
  Buf out = {0};
  bool ok;
  ImportOptions o = {0};
  Diags *d = import_one(&a, sep, cell, &o, &out, &ok);
  if (!ok)
    dump(d);
  assert_true(ok);
  char *want = arena_printf(&a, "lasten 2027: %s\n", plain);
  if (!strstr(out.data, want))
    fail_msg("'%s' did not import as %s:\n%s", cell, plain, out.data);
  buf_free(&out);
  arena_free(&a);
}

static void expect_refused(const char *sep, const char *cell, const char *msg) {
  Arena a = {0};
  Buf out = {0};
  bool ok;
  ImportOptions o = {0};
  Diags *d = import_one(&a, sep, cell, &o, &out, &ok);
  assert_false(ok);
  assert_int_equal(out.len, 0);
  const Diag *g = d->head;
  if (!g || !strstr(g->msg, msg) || strcmp(g->name, "csv-cell") != 0) {
    dump(d);
    fail_msg("'%s': no csv-cell error with '%s'", cell, msg);
  }
  assert_int_equal(loc_line(g->loc), 4);
  buf_free(&out);
  arena_free(&a);
}

static void test_amounts(void **state) {
  (void)state;
  expect_cell(";", "1787349", "1_787_349");
  expect_cell(";", "1787349,5", "1_787_349.50");
  expect_cell(";", "1.787.349,50", "1_787_349.50");
  expect_cell(";", "20.000", "20_000");
  expect_cell(";", "\xE2\x82\xAC 1.787.349", "1_787_349");
  expect_cell(";", "\xE2\x82\xAC\xC2\xA0" "580\xC2\xA0" "000,-", "580_000");
  expect_cell(";", "\xE2\x82\xAC 1\xE2\x80\xAF" "000", "1_000");
  expect_cell(";", "580 000", "580_000");
  expect_cell(";", "-\xE2\x82\xAC 127.800", "-127_800");
  expect_cell(";", "\xE2\x82\xAC \xE2\x88\x92" "127.800", "-127_800");
  expect_cell(";", "\xE2\x80\x93\xE2\x82\xAC 5", "-5");
  expect_cell(";", "(1.000)", "-1_000");
  expect_cell(";", "1.000 \xE2\x82\xAC", "1_000");
  expect_cell(";", "PM", "PM");
  expect_cell(";", "p.m.", "PM");
  expect_cell(";", "-", "0");
  expect_cell(",", "1787349.50", "1_787_349.50");
  expect_cell(",", "\"1,787,349.50\"", "1_787_349.50");
  expect_cell(",", "\"\xE2\x82\xAC 1.787.349,50\"", "1_787_349.50");
  expect_cell(",", "12.5", "12.50");
}

static void test_refused(void **state) {
  (void)state;
  expect_refused(",", "1.000", "row 4, column C: '1.000' is not an amount: '.' or ',' before three");
  expect_refused(",", "\"1,000\"", "could group thousands or start the decimals");
  expect_refused(";", "1.00.0", "thousands must be grouped by three");
  expect_refused(";", "12,345", "more than two decimals");
  expect_refused(";", "twaalf", "'twaalf' is not an amount");
  expect_refused(";", "1.000.000.000.000.000.000", "beyond the money type");
  expect_refused(";", "(5", "a '(' without its ')'");
}

static void test_shapes(void **state) {
  (void)state;
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  /* an unknown header, a row that is no line, a second amount for a cell */
  const char *text = "project;p\nprogramme;g\nnr;categorie;lasten 2027;kosten 2027;lasten 2027-2028\n"
                     "1;x;5;;6\nOverig;;1\n";
  SrcFile *f = src_from_memory(&a, &d, "t.csv", text, strlen(text));
  Buf out = {0};
  ImportOptions o = {0};
  assert_false(import_csv(&a, &d, &f, 1, &o, &out));
  const char *want[] = {"row 3, column D: the header 'kosten 2027' is not a column",
                        NULL};
  int n = 0;
  for (const Diag *g = d.head; g; g = g->next, n++)
    if (n == 0 && !strstr(g->msg, want[0])) {
      dump(&d);
      fail_msg("first error: %s", g->msg);
    }
  assert_int_equal(n, 1);  /* the header stops the table */
  arena_free(&a);
  buf_free(&out);

  diags_init(&d, &a);
  text = "project;p\nprogramme;g\nnr;categorie;lasten 2027;lasten 2027-2028\n"
         "1;x;5;6\nOverig;;1\n";
  f = src_from_memory(&a, &d, "t.csv", text, strlen(text));
  out = (Buf){0};
  assert_false(import_csv(&a, &d, &f, 1, &o, &out));
  assert_non_null(d.head);
  assert_non_null(strstr(d.head->msg, "row 4, column D: line 1 has lasten 2027 in two columns"));
  assert_non_null(d.head->next);
  assert_non_null(strstr(d.head->next->msg, "row 5, column A: 'Overig' is not a line number"));
  arena_free(&a);
  buf_free(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_amounts),
      cmocka_unit_test(test_refused),
      cmocka_unit_test(test_shapes),
      cmocka_unit_test(test_achterhoek_tables),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_emit.c: the back ends on small plans built by hand, compared byte
 * for byte with golden files under tests/golden/emit/, plus the output
 * safety rules (CSV formula injection and quoting, Markdown escaping, C
 * header escaping) checked on a plan full of hostile text.
 *
 * Run from the repository root. AMRC_UPDATE_GOLDEN=1 rewrites the golden
 * files instead of comparing (then read the diff before committing).
 * `test_emit --dump DIR` writes a header and CSVs for tests/header_compile.sh.
 */
#include "amrc.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* ---------------------------------------------------------------- building */

typedef struct TestPlan {
  Arena arena;
  Plan plan;
  Results res;             /* what eval.c would have computed, set by hand */
  Program program;
  Diags diags;
} TestPlan;

/* Room for everything a test adds; tests stay small. */
enum { MAX_LINES = 64, MAX_ITEMS = 8 };

static TestPlan *tp_new(int first_year, int nyears, const char *title) {
  TestPlan *t = calloc(1, sizeof *t);
  assert_non_null(t);
  Plan *p = &t->plan;
  p->arena = &t->arena;
  p->first_year = first_year;
  p->nyears = nyears;
  size_t ny = (size_t)nyears;
  Results *r = &t->res;
  *r = (Results){.plan = p, .arena = &t->arena, .evaluated = true, .nyears = nyears};
  r->cents = arena_alloc(&t->arena, sizeof *r->cents * 2 * MAX_LINES * ny);
  r->flags = arena_alloc(&t->arena, 2 * MAX_LINES * ny);
  r->projects = arena_alloc(&t->arena, sizeof *r->projects * MAX_ITEMS);
  r->transfer_cents = arena_alloc(&t->arena, sizeof(int64_t) * MAX_ITEMS * ny);
  r->transfer_present = arena_alloc(&t->arena, MAX_ITEMS * ny);
  r->reserve_cents = arena_alloc(&t->arena, sizeof(int64_t) * MAX_ITEMS * ny);
  r->reserve_present = arena_alloc(&t->arena, MAX_ITEMS * ny);
  r->accept_used = arena_alloc(&t->arena, MAX_LINES);
  r->prefinance_used = arena_alloc(&t->arena, MAX_ITEMS);
  PlanDecl *d = arena_alloc(&t->arena, sizeof *d);
  d->id = "mini";
  d->title = title;
  d->currency = "EUR";
  d->years = (YearSpan){first_year, first_year + nyears - 1, {0}};
  d->has_years = true;
  p->decl = d;
  p->programmes = arena_alloc(&t->arena, MAX_ITEMS * sizeof *p->programmes);
  p->projects = arena_alloc(&t->arena, MAX_ITEMS * sizeof *p->projects);
  p->lines = arena_alloc(&t->arena, MAX_LINES * sizeof *p->lines);
  p->transfers = arena_alloc(&t->arena, MAX_ITEMS * sizeof *p->transfers);
  p->sources = arena_alloc(&t->arena, MAX_ITEMS * sizeof *p->sources);
  p->kinds = arena_alloc(&t->arena, MAX_ITEMS * sizeof *p->kinds);
  return t;
}

static void tp_free(TestPlan *t) {
  arena_free(&t->arena);
  free(t);
}

static Programme *add_programme(TestPlan *t, const char *id, const char *title) {
  Programme *pr = arena_alloc(&t->arena, sizeof *pr);
  pr->id = id;
  pr->title = title;
  pr->index = t->plan.nprogrammes;
  t->plan.programmes[t->plan.nprogrammes++] = pr;
  return pr;
}

static int64_t *years64(TestPlan *t) {
  return arena_alloc(&t->arena, (size_t)t->plan.nyears * sizeof(int64_t));
}


static Project *add_project(TestPlan *t, const char *id, const char *title, const char *section,
                            Programme *pr, int64_t opening) {
  Project *p = arena_alloc(&t->arena, sizeof *p);
  p->id = id;
  p->title = title;
  p->section = section;
  p->programme = pr;
  p->has_programme = pr != NULL;
  p->index = t->plan.nprojects;
  ProjectResult *res = &t->res.projects[p->index];
  res->opening = years64(t);
  res->baten = years64(t);
  res->lasten = years64(t);
  res->closing = years64(t);
  res->opening[0] = opening;
  t->plan.projects[t->plan.nprojects++] = p;
  return p;
}

static Line *add_line(TestPlan *t, Project *p, int nr, const char *category, const char *group) {
  Line *l = arena_alloc(&t->arena, sizeof *l);
  l->nr = nr;
  l->category = category;
  l->group = group;
  l->project = p;
  Line **tail = &p->lines;
  while (*tail)
    tail = &(*tail)->next;
  *tail = l;
  l->index = t->plan.nlines;
  t->plan.lines[t->plan.nlines++] = l;
  return l;
}

static void cell(TestPlan *t, Line *l, Side s, int year, int64_t cents) {
  int y = year - t->plan.first_year;
  t->res.cents[res_at(&t->res, l, s, y)] = cents;
  t->res.flags[res_at(&t->res, l, s, y)] = CELL_PRESENT;
}

static void cell_pm(TestPlan *t, Line *l, Side s, int year) {
  int y = year - t->plan.first_year;
  t->res.cents[res_at(&t->res, l, s, y)] = 0;
  t->res.flags[res_at(&t->res, l, s, y)] = CELL_PRESENT | CELL_PM;
  t->res.projects[l->project->index].npm[s]++;
}

static Reserve *add_reserve(TestPlan *t, Project *p, const char *name, const char *title) {
  Reserve *r = arena_alloc(&t->arena, sizeof *r);
  r->name = name;
  r->title = title;
  r->index = t->plan.nreserves++;
  Reserve **tail = &p->reserves;
  while (*tail)
    tail = &(*tail)->next;
  *tail = r;
  return r;
}

static Transfer *add_transfer(TestPlan *t, Line *from, Line *to) {
  Transfer *tr = arena_alloc(&t->arena, sizeof *tr);
  tr->from = (Ref){{0}, from->project->id, from->nr};
  tr->to = (Ref){{0}, to->project->id, to->nr};
  tr->from_line = from;
  tr->to_line = to;
  tr->index = t->plan.ntransfers;
  to->receives_transfer = true;
  t->plan.transfers[t->plan.ntransfers++] = tr;
  return tr;
}

/* What eval.c does for balances: PM cells are never summed. */
static void compute(TestPlan *t) {
  Plan *plan = &t->plan;
  const Results *R = &t->res;
  for (int i = 0; i < plan->nprojects; i++) {
    Project *pj = plan->projects[i];
    ProjectResult *p = &t->res.projects[i];
    for (int y = 0; y < plan->nyears; y++) {
      p->baten[y] = p->lasten[y] = 0;
      for (Line *l = pj->lines; l; l = l->next)
        for (int s = 0; s < 2; s++)
          if (present_at(R, l, s, y) && !pm_at(R, l, s, y))
            (s == SIDE_BATEN ? p->baten : p->lasten)[y] += cents_at(R, l, s, y);
      if (y > 0)
        p->opening[y] = p->closing[y - 1];
      p->closing[y] = p->opening[y] + p->baten[y] - p->lasten[y];
    }
  }
}

/* The small plan of the golden files: two programme lines, a transfer
 * between projects, PM cells, group headings, a reservation, a negative
 * balance, a zero cell and non-ASCII text. */
static TestPlan *mini_plan(void) {
  TestPlan *t = tp_new(2026, 3, "Meerjarenplan mini 2026-2028");
  Programme *regio = add_programme(t, "regio", "Programma regio");
  Programme *werk = add_programme(t, "werk", "Van werk naar werk");

  Project *pool = add_project(t, "pool", "Regionaal budget", "3.1", regio, 100000);
  Line *l1 = add_line(t, pool, 1, "Rijksbijdrage", "Versterken samenwerking");
  cell(t, l1, SIDE_BATEN, 2026, 50000);
  cell(t, l1, SIDE_BATEN, 2027, 50000);
  Line *l2 = add_line(t, pool, 2, "Programmacoördinatie", "Versterken samenwerking");
  cell(t, l2, SIDE_LASTEN, 2026, 30000);
  cell(t, l2, SIDE_LASTEN, 2027, 31050);
  Line *l3 = add_line(t, pool, 3, "Bijdrage Werkcentrum", "Investeringsbudget");
  cell(t, l3, SIDE_LASTEN, 2026, 20000);
  cell_pm(t, l3, SIDE_LASTEN, 2027);
  Reserve *r = add_reserve(t, pool, "garantie", "Gereserveerd voor garantstelling");
  t->res.reserve_cents[reserve_at(&t->res, r) + 1] = 25000;
  t->res.reserve_present[reserve_at(&t->res, r) + 1] = 1;

  Project *wc = add_project(t, "wc", "Werkcentrum", "3.2", regio, 0);
  Line *w1 = add_line(t, wc, 1, "Bijdrage regionaal budget", NULL);
  cell(t, w1, SIDE_BATEN, 2026, 20000);
  Line *w2 = add_line(t, wc, 2, "Personele inzet", NULL);
  cell(t, w2, SIDE_LASTEN, 2026, 15000);
  cell(t, w2, SIDE_LASTEN, 2027, 5000);

  Project *op = add_project(t, "opijver", "Opijver fase 3", "3.7", werk, -127800);
  Line *o1 = add_line(t, op, 1, "ESF+ subsidie", NULL);
  cell(t, o1, SIDE_BATEN, 2028, 200000);
  Line *o2 = add_line(t, op, 2, "Scholing", NULL);
  cell(t, o2, SIDE_LASTEN, 2026, 0);
  cell(t, o2, SIDE_LASTEN, 2027, 100000);
  cell_pm(t, o2, SIDE_BATEN, 2027);

  Transfer *tr = add_transfer(t, l3, w1);
  t->res.transfer_cents[transfer_at(&t->res, tr)] = 20000;
  t->res.transfer_present[transfer_at(&t->res, tr)] = 1;
  compute(t);
  return t;
}

/* Text an attacker would put in a plan: quotes, backslashes, a line break,
 * a comment end, a trigraph, a preprocessor line, Markdown, HTML, formula
 * starters, a mention, a terminal escape and non-ASCII. */
static const char HOSTILE[] = "Q\" B\\ NL\n */ ?\?/ # <b>&</b> | *x* _y_ [l](u) `c` @user \x1b[2J é€";

static TestPlan *hostile_plan(void) {
  TestPlan *t = tp_new(2026, 2, "Plan \"*/ ?\?/");
  Programme *pr = add_programme(t, "p", "=HYPERLINK(\"http://x\") www.x.nl a@b.nl");
  Project *p = add_project(t, "evil", "+cmd|' /C calc'!A0", "@SUM(1)", pr, 0);
  Line *a = add_line(t, p, 1, HOSTILE, "# kop | <i>");
  cell(t, a, SIDE_BATEN, 2026, 123456);
  cell(t, a, SIDE_LASTEN, 2027, 99);
  Line *b = add_line(t, p, 2, "-2+3", NULL);
  cell(t, b, SIDE_LASTEN, 2026, -5000);
  cell_pm(t, b, SIDE_BATEN, 2027);
  Line *c = add_line(t, p, 3, "\tTab;semi,comma", NULL);
  cell(t, c, SIDE_BATEN, 2027, 1);
  Line *d = add_line(t, p, 4, "\rCR", NULL);
  cell(t, d, SIDE_LASTEN, 2027, 100000000000);
  compute(t);
  return t;
}

/* ---------------------------------------------------------------- golden */

static char tmpdir[256]; /* made by the group setup, removed after */

static const char *golden_dir(void) {
  const char *d = getenv("AMRC_GOLDEN_DIR");
  return d ? d : "tests/golden/emit";
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  Buf b = {0};
  char tmp[4096];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    buf_put(&b, tmp, n);
  fclose(f);
  *len = b.len;
  if (!b.data)
    return calloc(1, 1);
  return b.data;
}

/* Compares with the golden file, or writes it under AMRC_UPDATE_GOLDEN. On
 * a difference it names the first differing line. */
static void check_golden(const Buf *got, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", golden_dir(), name);
  if (getenv("AMRC_UPDATE_GOLDEN")) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(got->data, 1, got->len, f), got->len);
    assert_int_equal(fclose(f), 0);
    return;
  }
  size_t len;
  char *want = read_file(path, &len);
  if (!want)
    fail_msg("missing golden file %s (run with AMRC_UPDATE_GOLDEN=1)", path);
  if (len != got->len || memcmp(want, got->data, len) != 0) {
    size_t i = 0, line = 1;
    while (i < len && i < got->len && want[i] == got->data[i])
      line += want[i++] == '\n';
    free(want);
    fail_msg("%s differs from the output at line %zu", path, line);
  }
  free(want);
}

typedef void (*Emitter)(const Plan *, const Results *, const EmitOptions *, Buf *);

static void golden(TestPlan *t, Emitter e, EmitOptions o, const char *name) {
  Buf b = {0};
  e(&t->plan, &t->res, &o, &b);
  assert_false(b.oom);
  assert_true(b.len > 0);
  assert_int_equal(b.data[b.len - 1], '\n');
  check_golden(&b, name);
  /* Same input, same bytes. */
  Buf again = {0};
  e(&t->plan, &t->res, &o, &again);
  assert_int_equal(again.len, b.len);
  assert_memory_equal(again.data, b.data, b.len);
  buf_free(&again);
  buf_free(&b);
}

static EmitOptions opts(void) { return (EmitOptions){.lang = LANG_NL, .csv_dialect = CSV_RFC4180}; }

static void test_table_golden(void **state) {
  (void)state;
  TestPlan *t = mini_plan();
  golden(t, emit_table, opts(), "mini.table.txt");
  EmitOptions en = opts();
  en.lang = LANG_EN;
  golden(t, emit_table, en, "mini.table.en.txt");
  tp_free(t);
}

static void test_summary_golden(void **state) {
  (void)state;
  TestPlan *t = mini_plan();
  golden(t, emit_summary, opts(), "mini.summary.txt");
  EmitOptions en = opts();
  en.lang = LANG_EN;
  golden(t, emit_summary, en, "mini.summary.en.txt");
  tp_free(t);
}

static void test_markdown_golden(void **state) {
  (void)state;
  TestPlan *t = mini_plan();
  golden(t, emit_markdown, opts(), "mini.md");
  tp_free(t);
}

static void test_csv_golden(void **state) {
  (void)state;
  TestPlan *t = mini_plan();
  golden(t, emit_csv, opts(), "mini.csv");
  golden(t, emit_csv_balances, opts(), "mini.balances.csv");
  EmitOptions nl = opts();
  nl.csv_dialect = CSV_EXCEL_NL;
  golden(t, emit_csv, nl, "mini.excel-nl.csv");
  golden(t, emit_csv_balances, nl, "mini.balances.excel-nl.csv");
  tp_free(t);
}

static Diags *sample_diags(TestPlan *t) {
  Diags *d = &t->diags;
  d->arena = &t->arena;
  /* a file whose line 12 holds "abcdef" at column 3 and line 20 "x" at 5 */
  char text[256] = "";
  for (int n = 1; n <= 20; n++)
    strcat(text, n == 12 ? "  abcdef\n" : n == 20 ? "    x\n" : "line\n");
  SrcFile *f = src_from_memory(&t->arena, d, "plan.amr", text, strlen(text));
  f->path = "/abs/plan.amr";
  uint32_t l12 = 11 * 5, l20 = 11 * 5 + 9 + 7 * 5;
  Diag *g = arena_alloc(&t->arena, sizeof *g);
  g->sev = SEV_WARNING;
  g->name = "prefinancing";
  g->loc = (Loc){f, l12 + 2, l12 + 8};
  g->msg = "balance of \"opijver\" is below zero in 2026";
  g->accepted = "ESF+ pays after settlement";
  DiagNote *n = arena_alloc(&t->arena, sizeof *n);
  n->loc = (Loc){f, l20 + 4, l20 + 5};
  n->msg = "restored by line 1 in 2028";
  g->notes = n;
  Diag *h = arena_alloc(&t->arena, sizeof *h);
  h->sev = SEV_ERROR;
  h->name = "io";
  h->msg = "cannot write out.csv: No space left on device";
  g->next = h;
  d->head = g;
  d->tail = h;
  d->nerrors = 1;
  d->nwarnings = 1;
  return d;
}

static void test_json_golden(void **state) {
  (void)state;
  TestPlan *t = mini_plan();
  Source *s = arena_alloc(&t->arena, sizeof *s);
  KindDecl *k = arena_alloc(&t->arena, sizeof *k);
  k->id = "esf_plus";
  k->title = "ESF+ subsidie";
  k->rules.after_settlement = true;
  k->rules.earmarked = true;
  s->id = "esf_sectoren";
  s->title = "ESF+ sectoren";
  s->kind = k;
  s->has_kind = true;
  s->status = STATUS_AANGEVRAAGD;
  s->rules = k->rules;
  RefList *e = arena_alloc(&t->arena, sizeof *e);
  e->ref = (Ref){{0}, "opijver", 2};
  s->earmarked_for = e;
  t->plan.kinds[t->plan.nkinds++] = k;
  t->plan.sources[t->plan.nsources++] = s;
  t->plan.projects[2]->lines->source = s;
  t->plan.projects[2]->lines->next->paid_by_line = t->plan.projects[2]->lines;
  t->plan.projects[0]->contacts = (const char *[]){"Mieke van Aspert - Mos"};
  t->plan.projects[0]->ncontacts = 1;
  EmitOptions o = opts();
  o.diags = sample_diags(t);
  golden(t, emit_json, o, "mini.json");
  tp_free(t);
}

static void test_header_golden(void **state) {
  (void)state;
  TestPlan *t = mini_plan();
  golden(t, emit_header, opts(), "mini.h");
  EmitOptions o = opts();
  o.prefix = "budget";
  Buf b = {0};
  emit_header(&t->plan, &t->res, &o, &b);
  assert_non_null(strstr(b.data, "#ifndef BUDGET_PLAN_H"));
  assert_non_null(strstr(b.data, "struct budget_line {"));
  assert_non_null(strstr(b.data, "static const struct budget_project budget_projects[BUDGET_NPROJECTS]"));
  assert_null(strstr(b.data, "amr_"));
  assert_null(strstr(b.data, "AMR_"));
  buf_free(&b);
  tp_free(t);
}

/* ---------------------------------------------------------------- safety */

static char *emit_str(TestPlan *t, Emitter e, EmitOptions o) {
  Buf b = {0};
  e(&t->plan, &t->res, &o, &b);
  assert_false(b.oom);
  return b.data;
}

/* RFC 4180: quoted where needed, CRLF, and the plan's words as they are
 * (no formula guard: a script reads this dialect). */
static void test_csv_quoting_and_injection(void **state) {
  (void)state;
  TestPlan *t = hostile_plan();
  char *s = emit_str(t, emit_csv, opts());
  const char *pre = "evil,+cmd|' /C calc'!A0,@SUM(1),p,\"=HYPERLINK(\"\"http://x\"\") www.x.nl a@b.nl\",";
  const char *cat = "\"Q\"\" B\\ NL\n */ ?\?/ # <b>&</b> | *x* _y_ [l](u) `c` @user \x1b[2J é€\"";
  Buf want = {0};
  buf_puts(&want, "project,project_title,section,programme_line,programme_title,line,category,"
                  "side,year,amount,pm\r\n");
  static const char *const rows[][2] = {
      {"1,", "baten,2026,1234.56,false"},   {"1,", "lasten,2027,0.99,false"},
      {"2,-2+3,", "baten,2027,,true"},      {"2,-2+3,", "lasten,2026,-50.00,false"},
      {"3,\"\tTab;semi,comma\",", "baten,2027,0.01,false"},
      {"4,\"\rCR\",", "lasten,2027,1000000000.00,false"}};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    buf_puts(&want, pre);
    buf_puts(&want, rows[i][0]);
    if (i < 2) {
      buf_puts(&want, cat);
      buf_putc(&want, ',');
    }
    buf_puts(&want, rows[i][1]);
    buf_puts(&want, "\r\n");
  }
  assert_string_equal(s, want.data);
  buf_free(&want);
  free(s);
  tp_free(t);
}

/* --csv-columns=legacy: the first version's bytes, for scripts that read
 * columns by position. */
static void test_csv_legacy(void **state) {
  (void)state;
  TestPlan *t = hostile_plan();
  EmitOptions o = opts();
  o.csv_columns = CSV_COLUMNS_LEGACY;
  char *s = emit_str(t, emit_csv, o);
  const char *want =
      "project,section,programme_line,line,category,side,year,amount\n"
      "evil,'@SUM(1),p,1,\"Q\"\" B\\ NL\n */ ?\?/ # <b>&</b> | *x* _y_ [l](u) `c` @user \x1b[2J é€\","
      "baten,2026,1234.56\n"
      "evil,'@SUM(1),p,1,\"Q\"\" B\\ NL\n */ ?\?/ # <b>&</b> | *x* _y_ [l](u) `c` @user \x1b[2J é€\","
      "lasten,2027,0.99\n"
      "evil,'@SUM(1),p,2,'-2+3,baten,2027,PM\n"
      "evil,'@SUM(1),p,2,'-2+3,lasten,2026,-50.00\n"
      "evil,'@SUM(1),p,3,\"'\tTab;semi,comma\",baten,2027,0.01\n"
      "evil,'@SUM(1),p,4,\"'\rCR\",lasten,2027,1000000000.00\n";
  assert_string_equal(s, want);
  free(s);
  tp_free(t);
}

static void test_csv_excel_nl(void **state) {
  (void)state;
  TestPlan *t = hostile_plan();
  EmitOptions o = opts();
  o.csv_dialect = CSV_EXCEL_NL;
  char *s = emit_str(t, emit_csv, o);
  const char *head = "\xEF\xBB\xBFproject;project_title;section;programme_line;programme_title;"
                     "line;category;side;year;amount;pm\r\n";
  assert_memory_equal(s, head, strlen(head));
  const char *pre = "\nevil;'+cmd|' /C calc'!A0;'@SUM(1);p;\"'=HYPERLINK(\"\"http://x\"\") www.x.nl a@b.nl\";";
  static const char *const rows[] = {"2;'-2+3;lasten;2026;-50,00;false\r\n",
                                     "2;'-2+3;baten;2027;;true\r\n",
                                     "3;\"'\tTab;semi,comma\";baten;2027;0,01;false\r\n",
                                     "4;\"'\rCR\";lasten;2027;1000000000,00;false\r\n"};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char want[512];
    snprintf(want, sizeof want, "%s%s", pre, rows[i]);
    if (!strstr(s, want))
      fail_msg("missing row: %s", want + 1);
  }
  assert_null(strstr(s, "sep="));
  free(s);
  s = emit_str(t, emit_csv_balances, o);
  assert_string_equal(s, "\xEF\xBB\xBFproject;year;opening;baten;lasten;closing\r\n"
                         "evil;2026;0,00;1234,56;-50,00;1284,56\r\n"
                         "evil;2027;1284,56;0,01;1000000000,99;-999998716,42\r\n");
  free(s);
  tp_free(t);
}

/* A Dutch spreadsheet opens the excel-nl CSV with amounts as numbers and
 * no text cell as a formula, even with formula evaluation switched on.
 * LibreOffice (soffice) converts it headless; skipped when it is not
 * installed. */
static void test_csv_excel_nl_in_libreoffice(void **state) {
  (void)state;
  if (system("command -v soffice >/dev/null 2>&1") != 0) {
    print_message("skipped: LibreOffice (soffice) not installed\n");
    skip();
  }
  TestPlan *t = hostile_plan();
  EmitOptions o = opts();
  o.csv_dialect = CSV_EXCEL_NL;
  char *csv = emit_str(t, emit_csv, o);
  char dir[512], path[600], cmd[2048];
  snprintf(dir, sizeof dir, "%s/lo", tmpdir);
  assert_true(mkdir(dir, 0700) == 0 || errno == EEXIST);
  snprintf(path, sizeof path, "%s/plan.csv", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(csv, f);
  assert_int_equal(fclose(f), 0);
  /* Separator ';', quote '"', UTF-8, from row 1, language Dutch (1043),
   * and the 13th option: evaluate formulas. A profile of its own keeps the
   * user's LibreOffice settings out of it. */
  snprintf(cmd, sizeof cmd,
           "cd '%s' && timeout 180 soffice -env:UserInstallation=file://%s/profile --headless "
           "--infilter='CSV:59,34,76,1,,1043,false,true,false,false,false,,true' "
           "--convert-to fods --outdir '%s' plan.csv >/dev/null 2>&1",
           dir, dir, dir);
  assert_int_equal(system(cmd), 0);
  snprintf(path, sizeof path, "%s/plan.fods", dir);
  size_t len;
  char *doc = read_file(path, &len);
  assert_non_null(doc);
  assert_null(strstr(doc, "table:formula"));
  static const char *const numbers[] = {"1234.56", "0.99", "-50", "0.01", "1000000000"};
  for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
    char want[128];
    snprintf(want, sizeof want, "office:value-type=\"float\" office:value=\"%s\"", numbers[i]);
    if (!strstr(doc, want))
      fail_msg("amount %s did not arrive as a number", numbers[i]);
  }
  assert_non_null(strstr(doc, "&apos;-2+3"));
  assert_non_null(strstr(doc, "&apos;@SUM(1)"));
  free(doc);
  free(csv);
  tp_free(t);
}

/* The workbook of a plan with hostile text (controls, quotes, formula
 * starters): written without an error, a zip file whose entries carry a
 * fixed time (the zip's earliest, 1 January 1980, not the clock: two runs
 * within the same two seconds would not show it), the same bytes twice.
 * What is in it is checked by tests/xlsx_recalc.sh, in LibreOffice. */
static void test_xlsx_deterministic(void **state) {
  (void)state;
  TestPlan *t = hostile_plan();
  EmitOptions o = opts();
  Buf a = {0}, b = {0};
  const char *why = NULL;
  assert_true(emit_xlsx(&t->plan, &t->res, &o, &a, &why));
  assert_null(why);
  assert_true(emit_xlsx(&t->plan, &t->res, &o, &b, &why));
  assert_true(a.len > 1000);
  assert_memory_equal(a.data, "PK\x03\x04", 4);
  /* the first entry's time and date (local header, bytes 10-13): 00:00,
   * 1980-01-01 in DOS form */
  assert_memory_equal(a.data + 10, "\x00\x00\x21\x00", 4);
  assert_int_equal(a.len, b.len);
  assert_memory_equal(a.data, b.data, a.len);
  buf_free(&a);
  buf_free(&b);
  tp_free(t);
}

static void test_markdown_escaping(void **state) {
  (void)state;
  TestPlan *t = hostile_plan();
  char *s = emit_str(t, emit_markdown, opts());
  /* The category: one table cell, nothing live. */
  assert_non_null(strstr(s, "| 1 | Q\" B\\\\ NL  \\*/ ?\?/ \\# &lt;b&gt;&amp;&lt;/b&gt; \\| \\*x\\* "
                            "\\_y\\_ \\[l\\](u) \\`c\\` @\xE2\x80\x8Buser ?\\[2J é€ |"));
  assert_non_null(strstr(s, "|  | **\\# kop \\| &lt;i&gt;** |"));
  assert_non_null(strstr(s, "# Plan \"\\*/ ?\?/\n"));
  assert_non_null(strstr(s, "## Project: +cmd\\|' /C calc'!A0 (§ @\xE2\x80\x8BSUM(1))\n"));
  /* No raw character that could open HTML or break a row survives. */
  assert_null(strstr(s, "<"));
  assert_null(strstr(s, "\x1b"));
  assert_null(strstr(s, "\r"));
  assert_null(strstr(s, "@user"));
  /* Every row of a table has as many unescaped pipes as its header. */
  int want = -1;
  for (const char *line = s; *line;) {
    const char *end = strchr(line, '\n');
    if (*line != '|') {
      want = -1;
    } else {
      int pipes = 0;
      for (const char *p = line; p < end; p++) {
        if (*p == '\\')
          p++;
        else
          pipes += *p == '|';
      }
      if (want < 0)
        want = pipes;
      assert_int_equal(pipes, want);
    }
    line = end + 1;
  }
  free(s);
  tp_free(t);
}

/* Counts occurrences of needle in [s, end). */
static int count_in(const char *s, const char *end, const char *needle) {
  int n = 0;
  size_t k = strlen(needle);
  for (const char *p = strstr(s, needle); p && p + k <= end; p = strstr(p + k, needle))
    n++;
  return n;
}

/* What GitHub would show: rendered by cmark-gfm (when installed) with the
 * extensions GitHub uses, the hostile plan gives tables whose rows all have
 * their header's number of cells, and no element the text asked for. */
static void test_markdown_renders_inert(void **state) {
  (void)state;
  if (system("command -v cmark-gfm >/dev/null 2>&1") != 0) {
    print_message("skipped: cmark-gfm not installed\n");
    skip();
  }
  TestPlan *t = hostile_plan();
  char *s = emit_str(t, emit_markdown, opts());
  char md[512], cmd[1200];
  snprintf(md, sizeof md, "%s/hostile.md", tmpdir);
  FILE *f = fopen(md, "wb");
  assert_non_null(f);
  fputs(s, f);
  assert_int_equal(fclose(f), 0);
  snprintf(cmd, sizeof cmd,
           "cmark-gfm -e table -e autolink -e strikethrough -e tagfilter '%s'", md);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  Buf html = {0};
  char tmp[4096];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, p)) > 0)
    buf_put(&html, tmp, n);
  assert_int_equal(pclose(p), 0);
  const char *h = html.data;
  static const char *const banned[] = {"<a ", "<img", "<em>", "<code>", "<del>", "<b>",
                                       "<i>", "<br", "<p>"};
  const char *body = strstr(h, "<table>");
  assert_non_null(body);
  for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
    if (strstr(body, banned[i]))
      fail_msg("rendered Markdown contains %s", banned[i]);
  int tables = 0;
  for (const char *tb = strstr(h, "<table>"); tb; tb = strstr(tb + 1, "<table>")) {
    const char *te = strstr(tb, "</table>");
    assert_non_null(te);
    int cols = count_in(tb, te, "<th ") + count_in(tb, te, "<th>");
    assert_true(cols > 0);
    const char *body_start = strstr(tb, "<tbody>");
    for (const char *tr = body_start ? strstr(body_start, "<tr>") : NULL; tr && tr < te;
         tr = strstr(tr + 1, "<tr>")) {
      const char *tre = strstr(tr, "</tr>");
      assert_int_equal(count_in(tr, tre, "<td"), cols);
    }
    tables++;
  }
  assert_int_equal(tables, 4); /* two summaries (no transfers, so no net view), one project and its balances */
  unlink(md);
  buf_free(&html);
  free(s);
  tp_free(t);
}

static void test_table_text_safety(void **state) {
  (void)state;
  TestPlan *t = hostile_plan();
  char *s = emit_str(t, emit_table, opts());
  assert_null(strstr(s, "\x1b"));
  assert_null(strstr(s, "\r"));
  assert_null(strstr(s, "\t"));
  /* Wrapped at 60 columns, the amount on the first line. */
  assert_non_null(strstr(s, "\n 1  Q\" B\\ NL  */ ?\?/ # <b>&</b> | *x* _y_ [l](u) `c` @user ?[2J  "
                            "€ 1.234,56                              € 0,99\n      é€\n 2  -2+3"));
  free(s);
  tp_free(t);
}

/* The category in the header is one literal whose bytes are the original
 * ones, and nothing of it shows outside a literal. */
static void test_header_escaping(void **state) {
  (void)state;
  TestPlan *t = hostile_plan();
  char *s = emit_str(t, emit_header, opts());
  assert_non_null(strstr(s, "{0, 1, \"Q\\\" B\\\\ NL\\012 */ \\?\\?/ # <b>&</b> | *x* _y_ [l](u) "
                            "`c` @user \\033[2J \\303\\251\\342\\202\\254\","));
  assert_null(strstr(s, "?\?/"));
  assert_null(strstr(s, "\x1b"));
  /* Only ASCII, and every line break is a real one of ours. */
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7F));
  assert_non_null(strstr(s, "INT64_C(100000000000)"));
  assert_non_null(strstr(s, "INT64_C(-5000)"));
  free(s);
  tp_free(t);
}

/* Gives the plan two source files, one with a name no file should have. */
static void with_files(TestPlan *t) {
  SrcFile *f1 = arena_alloc(&t->arena, sizeof *f1);
  f1->display = "plan.amr";
  SrcFile *f2 = arena_alloc(&t->arena, sizeof *f2);
  f2->display = "projects/a*/b?\?/\\\n#x é.amr";
  SrcFile **files = arena_alloc(&t->arena, 2 * sizeof *files);
  files[0] = f1;
  files[1] = f2;
  t->program.files = files;
  t->program.nfiles = 2;
  t->plan.program = &t->program;
}

/* File names in the header comment cannot end it or splice it. */
static void test_header_file_names(void **state) {
  (void)state;
  TestPlan *t = mini_plan();
  with_files(t);
  char *s = emit_str(t, emit_header, opts());
  assert_non_null(strstr(s, "from the plan in:\n *   plan.amr\n *   projects/a_/b__/___x___.amr\n"));
  assert_non_null(strstr(s, "\"projects/a*/b\\?\\?/\\\\\\012#x \\303\\251.amr\",\n"));
  const char *end = strstr(s, "*/");
  assert_non_null(end);
  assert_true(strstr(s, "#ifndef") > end);
  free(s);
  tp_free(t);
}

/* ---------------------------------------------------------------- helpers */

static void json_of(const char *in, const char *want) {
  Buf b = {0};
  buf_json_string(&b, in);
  assert_string_equal(b.data, want);
  buf_free(&b);
}

static void test_json_string(void **state) {
  (void)state;
  json_of("plain", "\"plain\"");
  json_of("q\" b\\ /", "\"q\\\" b\\\\ /\"");
  json_of("\n\r\t\b\f\x01\x1f\x7f", "\"\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\"");
  json_of("é€😀", "\"é€😀\"");
  json_of("bad \xff \xc3 end", "\"bad \\ufffd \\ufffd end\"");
  json_of("ls\xE2\x80\xA8ps\xE2\x80\xA9", "\"ls\\u2028ps\\u2029\"");
  Buf b = {0};
  buf_json_string(&b, NULL);
  assert_string_equal(b.data, "null");
  buf_free(&b);
}

static void test_utf8_width(void **state) {
  (void)state;
  assert_int_equal(utf8_width(""), 0);
  assert_int_equal(utf8_width(NULL), 0);
  assert_int_equal(utf8_width("abc"), 3);
  assert_int_equal(utf8_width("€ 1.787.349"), 11);
  assert_int_equal(utf8_width("Programmacoördinatie"), 20);
  assert_int_equal(utf8_width("e\xCC\x81"), 1);  /* e + combining acute */
  assert_int_equal(utf8_width("日本"), 4);
  assert_int_equal(utf8_width("\xff"), 1);
}

/* ---------------------------------------------------------------- writing */

static int setup_tmpdir(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/amrc-test-emit-XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmpdir(void **state) {
  (void)state;
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

/* Entries of DIR but . and .. (a left-over temporary file counts), or -1. */
static int count_entries(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d));)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  closedir(d);
  return n;
}

static void test_write_whole(void **state) {
  (void)state;
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  char dir[512], path[600];
  snprintf(dir, sizeof dir, "%s/w", tmpdir);
  assert_true(mkdir(dir, 0700) == 0 || errno == EEXIST);
  snprintf(path, sizeof path, "%s/out.csv", dir);
  Buf b = {0};
  buf_puts(&b, "first\n");
  assert_true(write_whole(path, &b, &d));
  size_t len;
  char *got = read_file(path, &len);
  assert_string_equal(got, "first\n");
  free(got);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  mode_t mask = umask(0);
  umask(mask);
  assert_int_equal(st.st_mode & 0777, 0666 & ~mask);
  assert_null(d.head);
  assert_int_equal(count_entries(dir), 1);
  buf_free(&b);
  arena_free(&a);
}

/* A write that fails midway (here: the file size limit, as a full disk
 * would) leaves the previous file whole and no temporary file behind. */
static void test_write_whole_failure_keeps_old(void **state) {
  (void)state;
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  char wdir[512], path[600];
  snprintf(wdir, sizeof wdir, "%s/w", tmpdir);
  assert_true(mkdir(wdir, 0700) == 0 || errno == EEXIST);
  snprintf(path, sizeof path, "%s/keep.txt", wdir);
  Buf old = {0};
  buf_puts(&old, "previous version\n");
  assert_true(write_whole(path, &old, &d));

  Buf big = {0};
  for (int i = 0; i < 4096; i++)
    buf_puts(&big, "0123456789abcdef");
  struct rlimit saved, small;
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
  small = saved;
  small.rlim_cur = 4096;
  void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
  bool ok = write_whole(path, &big, &d);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
  signal(SIGXFSZ, prev);
  assert_false(ok);
  assert_non_null(d.head);
  assert_string_equal(d.head->name, "io");
  assert_non_null(strstr(d.head->msg, "keep.txt"));

  size_t len;
  char *got = read_file(path, &len);
  assert_string_equal(got, "previous version\n");
  free(got);
  /* keep.txt and out.csv from the test before; no temporary file. */
  assert_int_equal(count_entries(wdir), 2);

  /* A directory in the way: reported, nothing left behind. */
  char dir[700];
  snprintf(dir, sizeof dir, "%s/adir", wdir);
  assert_int_equal(mkdir(dir, 0700), 0);
  assert_false(write_whole(dir, &old, &d));
  assert_int_equal(count_entries(wdir), 3);
  snprintf(path, sizeof path, "%s/missing/x.txt", wdir);
  assert_false(write_whole(path, &old, &d));
  buf_free(&old);
  buf_free(&big);
  arena_free(&a);
}

/* The header compiles as C99 and C++17 and its totals equal the CSV's. */
static const char *self_path;

static void test_header_compiles(void **state) {
  (void)state;
  if (access("tests/header_compile.sh", R_OK) != 0) {
    print_message("skipped: tests/header_compile.sh not found (run from the repository root)\n");
    skip();
  }
  char cmd[1024];
  /* With a built amrc (AMRC, as make check sets it, or ./amrc), the
     example plan's header is compiled too. */
  const char *amrc = getenv("AMRC");
  if (!amrc || !*amrc) amrc = "./amrc";
  if (access(amrc, X_OK) == 0 && access("examples/achterhoek/plan.amr", R_OK) == 0)
    snprintf(cmd, sizeof cmd,
             "sh tests/header_compile.sh '%s' '%s' examples/achterhoek/plan.amr", self_path, amrc);
  else
    snprintf(cmd, sizeof cmd, "sh tests/header_compile.sh '%s'", self_path);
  int rc = system(cmd);
  assert_int_equal(rc, 0);
}

/* ---------------------------------------------------------------- dump */

static int write_to(const char *dir, const char *name, const Buf *b) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
    fprintf(stderr, "test_emit: cannot write %s: %s\n", path, strerror(errno));
    return 1;
  }
  return 0;
}

/* For tests/header_compile.sh: both plans as header and CSV, and the bytes
 * the hostile category must come back as. */
static int dump(const char *dir) {
  int rc = 0;
  TestPlan *plans[2] = {mini_plan(), hostile_plan()};
  with_files(plans[1]);
  const char *names[2] = {"mini", "hostile"};
  for (int i = 0; i < 2; i++) {
    EmitOptions o = opts();
    Buf h = {0}, c = {0}, p = {0};
    emit_header(&plans[i]->plan, &plans[i]->res, &o, &h);
    o.prefix = "alt";
    emit_header(&plans[i]->plan, &plans[i]->res, &o, &p);
    emit_csv(&plans[i]->plan, &plans[i]->res, &o, &c);
    char name[64];
    snprintf(name, sizeof name, "%s.h", names[i]);
    rc |= write_to(dir, name, &h);
    snprintf(name, sizeof name, "%s_alt.h", names[i]);
    rc |= write_to(dir, name, &p);
    snprintf(name, sizeof name, "%s.csv", names[i]);
    rc |= write_to(dir, name, &c);
    /* The other formats too, for a person to look at. */
    o.prefix = NULL;
    static const struct {
      const char *ext;
      Emitter e;
    } more[] = {{"table.txt", emit_table},
                {"summary.txt", emit_summary},
                {"md", emit_markdown},
                {"json", emit_json}};
    for (size_t k = 0; k < sizeof more / sizeof *more; k++) {
      Buf m = {0};
      more[k].e(&plans[i]->plan, &plans[i]->res, &o, &m);
      snprintf(name, sizeof name, "%s.%s", names[i], more[k].ext);
      rc |= write_to(dir, name, &m);
      buf_free(&m);
    }
    buf_free(&h);
    buf_free(&c);
    buf_free(&p);
    tp_free(plans[i]);
  }
  Buf x = {0};
  for (const unsigned char *p = (const unsigned char *)HOSTILE; *p; p++)
    buf_printf(&x, "%02x", *p);
  buf_putc(&x, '\n');
  rc |= write_to(dir, "hostile.hex", &x);
  buf_free(&x);
  return rc;
}

int main(int argc, char **argv) {
  self_path = argv[0];
  if (argc == 3 && strcmp(argv[1], "--dump") == 0)
    return dump(argv[2]);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_golden),
      cmocka_unit_test(test_summary_golden),
      cmocka_unit_test(test_markdown_golden),
      cmocka_unit_test(test_csv_golden),
      cmocka_unit_test(test_json_golden),
      cmocka_unit_test(test_header_golden),
      cmocka_unit_test(test_csv_quoting_and_injection),
      cmocka_unit_test(test_csv_legacy),
      cmocka_unit_test(test_xlsx_deterministic),
      cmocka_unit_test(test_csv_excel_nl),
      cmocka_unit_test(test_csv_excel_nl_in_libreoffice),
      cmocka_unit_test(test_markdown_escaping),
      cmocka_unit_test(test_markdown_renders_inert),
      cmocka_unit_test(test_table_text_safety),
      cmocka_unit_test(test_header_escaping),
      cmocka_unit_test(test_header_file_names),
      cmocka_unit_test(test_json_string),
      cmocka_unit_test(test_utf8_width),
      cmocka_unit_test(test_write_whole),
      cmocka_unit_test(test_write_whole_failure_keeps_old),
      cmocka_unit_test(test_header_compiles),
  };
  return cmocka_run_group_tests(tests, setup_tmpdir, teardown_tmpdir);
}

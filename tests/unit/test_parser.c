/* test_parser.c: the front end (source.c, lexer.l, parser.y, ast.c, load.c)
 * on small plans held in memory.
 *
 * Every construct of docs/language.md is parsed and its Decl, Project, Line,
 * Cell and Expr fields checked: amounts in micros, years and spans,
 * locations. Then the two spellings of amounts (and the spellings that are
 * refused), error recovery, the encodings a file may come in, and hostile
 * input: a megabyte line, a 100 000-character identifier, 10 000
 * parentheses, 100 000 signs, a megabyte of 1+1+..., a million cells. Each
 * must end in a clean diagnostic with file, line and column, never a crash
 * or a hang.
 *
 * Run from the repository root (the amrc_main tests read tests/golden/).
 */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parser.h"

/* ---------------------------------------------------------------- helpers */

typedef struct Parsed {
  Arena arena;
  Interner *names;
  Diags diags;
  Program prog;
  bool ok;
} Parsed;

static Parsed *parse_n(const char *text, size_t len) {
  Parsed *p = calloc(1, sizeof *p);
  assert_non_null(p);
  p->names = interner_new(&p->arena);
  diags_init(&p->diags, &p->arena);
  p->ok = load_program_from_memory(&p->arena, p->names, &p->diags, "t.amr", text, len, &p->prog);
  return p;
}

static Parsed *parse(const char *text) { return parse_n(text, strlen(text)); }

static void done(Parsed *p) {
  arena_free(&p->arena);
  free(p);
}

/* Prints what was reported, so that a failing test says why. */
static void dump(const Parsed *p) {
  for (const Diag *g = p->diags.head; g; g = g->next)
    fprintf(stderr, "  [%s] %d:%d-%d:%d %s\n", g->name, loc_line(g->loc), loc_pos(g->loc).col,
            loc_pos(g->loc).end_line, loc_pos(g->loc).end_col, g->msg);
}

static void assert_clean(Parsed *p) {
  if (!p->ok || p->diags.nerrors || p->diags.head) {
    dump(p);
    fail_msg("expected a clean parse");
  }
}

static int count_diags(const Parsed *p, const char *name) {
  int n = 0;
  for (const Diag *g = p->diags.head; g; g = g->next)
    n += strcmp(g->name, name) == 0;
  return n;
}

/* The first diagnostic named name whose message contains text. */
static const Diag *find_diag(const Parsed *p, const char *name, const char *text) {
  for (const Diag *g = p->diags.head; g; g = g->next)
    if (strcmp(g->name, name) == 0 && (!text || strstr(g->msg, text)))
      return g;
  return NULL;
}

static const Diag *expect_diag(const Parsed *p, const char *name, const char *text, int line,
                               int col) {
  const Diag *g = find_diag(p, name, text);
  if (!g) {
    dump(p);
    fail_msg("no [%s] diagnostic containing \"%s\"", name, text ? text : "");
  }
  if (line) {
    assert_non_null(g->loc.file);
    assert_string_equal(g->loc.file->display, "t.amr");
    if (loc_line(g->loc) != line || loc_pos(g->loc).col != col) {
      dump(p);
      fail_msg("[%s] at %d:%d, expected %d:%d", name, loc_line(g->loc), loc_pos(g->loc).col, line, col);
    }
  }
  return g;
}

static Decl *nth_decl(const Parsed *p, DeclKind kind, int n) {
  for (Decl *d = p->prog.decls; d; d = d->next)
    if (d->kind == kind && n-- == 0)
      return d;
  fail_msg("no declaration %d of kind %d", n, (int)kind);
  return NULL;
}

static int count_decls(const Parsed *p, DeclKind kind) {
  int n = 0;
  for (Decl *d = p->prog.decls; d; d = d->next)
    n += d->kind == kind;
  return n;
}

static Project *project_of(const Parsed *p, const char *id) {
  for (Decl *d = p->prog.decls; d; d = d->next)
    if (d->kind == DECL_PROJECT && strcmp(d->u.project->id, id) == 0)
      return d->u.project;
  fail_msg("no project '%s'", id);
  return NULL;
}

static Line *line_of(const Project *pr, int nr) {
  for (Line *l = pr->lines; l; l = l->next)
    if (l->nr == nr)
      return l;
  fail_msg("no line %d in '%s'", nr, pr->id);
  return NULL;
}

static Cell *nth_cell(const Line *l, Side s, int n) {
  Cell *c = l->cells[s];
  while (c && n-- > 0)
    c = c->next;
  assert_non_null(c);
  return c;
}

static int count_cells(const Line *l, Side s) {
  int n = 0;
  for (Cell *c = l->cells[s]; c; c = c->next)
    n++;
  return n;
}

/* The amount a cell states, as a node (a literal is kept in the cell); it
 * lasts until the next call. */
static const Expr *amount_of(const Line *l, const Cell *c) {
  static Expr scratch;
  return cell_amount_node(l, c, &scratch);
}

#define EUROS(x) ((i128)(x) * MICROS_PER_UNIT)
#define CENTS(x) ((i128)(x) * MICROS_PER_CENT)

static void assert_micros_(i128 got, i128 want, const char *file, int line) {
  if (got != want)
    fail_msg("%s:%d: micros %lld, expected %lld", file, line, (long long)got, (long long)want);
}
#define assert_micros(got, want) assert_micros_((got), (want), __FILE__, __LINE__)

/* A number literal, with its micros. */
static void assert_number(const Expr *e, i128 micros) {
  assert_non_null(e);
  assert_int_equal(e->kind, EXPR_NUMBER);
  assert_micros(e->micros, micros);
}

static void assert_loc(Loc loc, int line, int col, int end_line, int end_col) {
  Pos p = loc_pos(loc);
  if (p.line != line || p.col != col || p.end_line != end_line || p.end_col != end_col)
    fail_msg("location %d:%d-%d:%d, expected %d:%d-%d:%d", p.line, p.col, p.end_line,
             p.end_col, line, col, end_line, end_col);
}

/* What a one-line location covers in its file. A literal keeps only its
 * value: its spelling is found again through its location. */
static const char *text_at(Loc loc) {
  static char buf[256];
  int len;
  const char *s = loc_text(loc, &len);
  assert_non_null(s);
  snprintf(buf, sizeof buf, "%.*s", len, s);
  return buf;
}

/* The value of a constant expression, as the evaluator would compute it
 * (enough for the spellings tests: numbers, signs, parentheses). */
static i128 value_of(const Expr *e) {
  switch (e->kind) {
  case EXPR_NUMBER: return e->micros;
  case EXPR_NEG: return -value_of(e->lhs);
  case EXPR_PAREN: return value_of(e->lhs);
  case EXPR_ADD: return value_of(e->lhs) + value_of(e->rhs);
  case EXPR_SUB: return value_of(e->lhs) - value_of(e->rhs);
  default: fail_msg("not a constant expression (kind %d)", (int)e->kind);
  }
  return 0;
}

#define HEAD                                                                   \
  "plan p \"P\" { years 2026..2029 }\n"                                        \
  "programme prog \"Prog\"\n"

/* A plan whose one project has one line with the given lasten cells. */
static Parsed *parse_cells(const char *cells) {
  char *text = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&text, &n);
  assert_non_null(f);
  fprintf(f, HEAD "project a \"A\" {\n  programme prog\n  1 \"x\" { lasten %s }\n}\n", cells);
  fclose(f);
  Parsed *p = parse_n(text, n);
  free(text);
  return p;
}

/* Builds text of n copies of piece between a prefix and a suffix. */
static char *repeat(const char *prefix, const char *piece, size_t n, const char *suffix,
                    size_t *len) {
  size_t lp = strlen(prefix), lpi = strlen(piece), ls = strlen(suffix);
  *len = lp + lpi * n + ls;
  char *s = malloc(*len + 1);
  assert_non_null(s);
  memcpy(s, prefix, lp);
  for (size_t i = 0; i < n; i++)
    memcpy(s + lp + i * lpi, piece, lpi);
  memcpy(s + lp + lpi * n, suffix, ls);
  s[*len] = '\0';
  return s;
}

/* ---------------------------------------------------------------- declarations */

static void test_plan(void **state) {
  (void)state;
  Parsed *p = parse("# a comment\n"
                    "plan achterhoek \"Meerjarenplan 2026-2029\" {\n"
                    "  years 2026..2029\n"
                    "  currency EUR\n"
                    "  note \"Eerste alinea.\"\n"
                    "  note \"Tweede \" \"alinea.\"\n"
                    "}\n");
  assert_clean(p);
  Decl *d = nth_decl(p, DECL_PLAN, 0);
  PlanDecl *plan = d->u.plan;
  assert_string_equal(plan->id, "achterhoek");
  assert_string_equal(plan->title, "Meerjarenplan 2026-2029");
  assert_true(plan->has_years);
  assert_int_equal(plan->years.y0, 2026);
  assert_int_equal(plan->years.y1, 2029);
  assert_loc(plan->years.loc, 3, 9, 3, 19);
  assert_string_equal(plan->currency, "EUR");
  assert_string_equal(plan->note, "Eerste alinea.\n\nTweede alinea.");
  /* the place a declaration is named at: keyword through name */
  assert_loc(plan->loc, 2, 1, 2, 16);
  assert_ptr_equal(plan->loc.file, p->prog.files[0]);
  assert_int_equal(p->prog.nfiles, 1);
  done(p);

  /* the currency is EUR unless the plan says otherwise; one year is a span */
  p = parse("plan p \"P\" { years 2026 }");
  assert_clean(p);
  plan = nth_decl(p, DECL_PLAN, 0)->u.plan;
  assert_string_equal(plan->currency, "EUR");
  assert_int_equal(plan->years.y0, 2026);
  assert_int_equal(plan->years.y1, 2026);
  assert_null(plan->note);
  done(p);
}

static void test_programme(void **state) {
  (void)state;
  Parsed *p = parse(HEAD "programme iedereen \"Iedereen doet mee!\"\n");
  assert_clean(p);
  assert_int_equal(count_decls(p, DECL_PROGRAMME), 2);
  Programme *a = nth_decl(p, DECL_PROGRAMME, 0)->u.programme;
  Programme *b = nth_decl(p, DECL_PROGRAMME, 1)->u.programme;
  assert_string_equal(a->id, "prog");
  assert_string_equal(b->id, "iedereen");
  assert_string_equal(b->title, "Iedereen doet mee!");
  assert_loc(b->loc, 3, 1, 3, 19);
  /* names are interned: the same spelling is the same pointer */
  assert_ptr_equal(a->id, intern(p->names, "prog", 4));
  done(p);
}

static void test_index(void **state) {
  (void)state;
  Parsed *p = parse("index loon \"Loonindexatie\" { rate 5.1%  base 2026  round 25 }\n"
                    "index prijs { rate 2.3% base 2027 round up 0.01 }\n"
                    "index geen \"Geen\" { rate 0% base 2026 round down 25 note \"x\" }\n"
                    "index near \"N\" { round nearest 5 rate 10% base 2026 }\n");
  assert_clean(p);
  IndexDecl *loon = nth_decl(p, DECL_INDEX, 0)->u.index;
  assert_string_equal(loon->id, "loon");
  assert_string_equal(loon->title, "Loonindexatie");
  assert_number(loon->rate, 51000); /* 5.1% = 0.051 */
  assert_true(loon->rate->is_percent);
  assert_string_equal(text_at(loon->rate->loc), "5.1%");
  assert_int_equal(loon->base_year, 2026);
  assert_loc(loon->base_loc, 1, 46, 1, 50);
  assert_number(loon->step, EUROS(25));
  assert_int_equal(loon->rounding, 0);

  IndexDecl *prijs = nth_decl(p, DECL_INDEX, 1)->u.index;
  assert_string_equal(prijs->title, "prijs"); /* no title: the name */
  assert_number(prijs->rate, 23000);
  assert_int_equal(prijs->base_year, 2027);
  assert_number(prijs->step, CENTS(1));
  assert_int_equal(prijs->rounding, 1);

  IndexDecl *geen = nth_decl(p, DECL_INDEX, 2)->u.index;
  assert_number(geen->rate, 0);
  assert_int_equal(geen->rounding, -1);
  IndexDecl *near = nth_decl(p, DECL_INDEX, 3)->u.index;
  assert_int_equal(near->rounding, 0);
  assert_number(near->step, EUROS(5));
  assert_number(near->rate, 100000);
  done(p);

  /* a rule's rate, base and step are single-valued */
  p = parse("index loon \"L\" { rate 5% base 2026\n rate 6% }\n");
  assert_false(p->ok);
  const Diag *g = expect_diag(p, "duplicate", "'rate' is given twice", 2, 2);
  assert_non_null(g->notes);
  assert_int_equal(loc_line(g->notes->loc), 1);
  assert_int_equal(loc_pos(g->notes->loc).col, 23);
  done(p);
}

static void test_kind(void **state) {
  (void)state;
  Parsed *p = parse("kind specifieke_uitkering \"Specifieke uitkering\" {\n"
                    "  earmarked\n  repay unspent\n  incidental\n  note \"SPUK\"\n}\n"
                    "kind esf_plus \"ESF+\" { earmarked paid after settlement structural }\n"
                    "kind eigen { }\n");
  assert_clean(p);
  KindDecl *k = nth_decl(p, DECL_KIND, 0)->u.kind_decl;
  assert_string_equal(k->id, "specifieke_uitkering");
  assert_string_equal(k->title, "Specifieke uitkering");
  assert_true(k->rules.earmarked);
  assert_true(k->rules.repay_unspent);
  assert_false(k->rules.after_settlement);
  assert_int_equal(k->rules.money_class, CLASS_INCIDENTAL);
  assert_string_equal(k->note, "SPUK");
  KindDecl *esf = nth_decl(p, DECL_KIND, 1)->u.kind_decl;
  assert_true(esf->rules.earmarked);
  assert_true(esf->rules.after_settlement);
  assert_false(esf->rules.repay_unspent);
  assert_int_equal(esf->rules.money_class, CLASS_STRUCTURAL);
  KindDecl *eigen = nth_decl(p, DECL_KIND, 2)->u.kind_decl;
  assert_string_equal(eigen->title, "eigen");
  assert_false(eigen->rules.earmarked);
  assert_int_equal(eigen->rules.money_class, CLASS_NONE);
  done(p);

  /* a kind cannot be earmarked for particular projects */
  p = parse("kind k \"K\" { earmarked for a }\n");
  assert_false(p->ok);
  expect_diag(p, "invalid-value", "a kind is earmarked in general", 1, 14);
  done(p);
}

static void test_source(void **state) {
  (void)state;
  Parsed *p = parse("source esf_sectoren \"ESF+ sectoren\" {\n"
                    "  kind esf_plus\n"
                    "  status aangevraagd            # toegezegd | aangevraagd | verwacht\n"
                    "  earmarked for opijver2, opijver3.4, 7\n"
                    "  repay unspent\n"
                    "  paid after settlement\n"
                    "  structural\n"
                    "  note \"Een bron.\"\n"
                    "  accept unspent-earmarked 2026 \"Wordt in 2027 besteed.\"\n"
                    "}\n"
                    "source a \"A\" { kind k status toegezegd incidental }\n"
                    "source b { status verwacht }\n");
  assert_clean(p);
  Source *s = nth_decl(p, DECL_SOURCE, 0)->u.source;
  assert_string_equal(s->id, "esf_sectoren");
  assert_string_equal(s->title, "ESF+ sectoren");
  assert_true(s->has_kind);
  assert_string_equal(s->kind_ref.name, "esf_plus");
  assert_loc(s->kind_ref.loc, 2, 8, 2, 16);
  assert_int_equal(s->status, STATUS_AANGEVRAAGD);
  assert_true(s->rules.earmarked);
  assert_true(s->rules.repay_unspent);
  assert_true(s->rules.after_settlement);
  assert_int_equal(s->rules.money_class, CLASS_STRUCTURAL);
  assert_string_equal(s->note, "Een bron.");
  RefList *r = s->earmarked_for;
  assert_non_null(r);
  assert_string_equal(r->ref.name, "opijver2");
  assert_int_equal(r->ref.line, 0);
  assert_loc(r->ref.loc, 4, 17, 4, 25);
  r = r->next;
  assert_string_equal(r->ref.name, "opijver3");
  assert_int_equal(r->ref.line, 4);
  assert_loc(r->ref.loc, 4, 27, 4, 37);
  r = r->next;
  assert_null(r->ref.name);
  assert_int_equal(r->ref.line, 7);
  assert_null(r->next);
  Accept *a = s->accepts;
  assert_non_null(a);
  assert_string_equal(a->name, "unspent-earmarked");
  assert_int_equal(a->years.y0, 2026);
  assert_int_equal(a->years.y1, 2026);
  assert_string_equal(a->reason, "Wordt in 2027 besteed.");
  assert_null(a->next);

  Source *b = nth_decl(p, DECL_SOURCE, 1)->u.source;
  assert_int_equal(b->status, STATUS_TOEGEZEGD);
  assert_int_equal(b->rules.money_class, CLASS_INCIDENTAL);
  assert_false(b->rules.earmarked);
  assert_null(b->earmarked_for);
  Source *c = nth_decl(p, DECL_SOURCE, 2)->u.source;
  assert_int_equal(c->status, STATUS_VERWACHT);
  assert_false(c->has_kind);
  assert_string_equal(c->title, "b");
  done(p);

  /* an unknown status names the three there are */
  p = parse("source s \"S\" { status beloofd }\n");
  assert_false(p->ok);
  expect_diag(p, "invalid-value", "toegezegd, aangevraagd or verwacht", 1, 23);
  done(p);

  /* kind given twice: the error and its note point at the two statements */
  p = parse("source s \"S\" { kind k kind l }\n");
  const Diag *g = expect_diag(p, "duplicate", "'kind' is given twice", 1, 23);
  assert_loc(g->loc, 1, 23, 1, 29);
  assert_non_null(g->notes);
  assert_loc(g->notes->loc, 1, 21, 1, 22);
  done(p);
}

static void test_transfer(void **state) {
  (void)state;
  Parsed *p = parse("transfer versterken.15 to werkcentrum.1\n"
                    "transfer europese_subsidies.2 to opijver2.3 { 2026: 52_500 2027..2028: 7 }\n");
  assert_clean(p);
  Transfer *t = nth_decl(p, DECL_TRANSFER, 0)->u.transfer;
  assert_string_equal(t->from.name, "versterken");
  assert_int_equal(t->from.line, 15);
  assert_loc(t->from.loc, 1, 10, 1, 23);
  assert_string_equal(t->to.name, "werkcentrum");
  assert_int_equal(t->to.line, 1);
  assert_null(t->amounts);
  assert_loc(t->loc, 1, 1, 1, 40);

  t = nth_decl(p, DECL_TRANSFER, 1)->u.transfer;
  assert_string_equal(t->from.name, "europese_subsidies");
  assert_int_equal(t->from.line, 2);
  assert_string_equal(t->to.name, "opijver2");
  assert_int_equal(t->to.line, 3);
  YearAmount *ya = t->amounts;
  assert_non_null(ya);
  assert_int_equal(ya->y0, 2026);
  assert_int_equal(ya->y1, 2026);
  assert_number(ya->value, EUROS(52500));
  assert_loc(year_amount_loc(ya), 2, 47, 2, 59);
  ya = ya->next;
  assert_int_equal(ya->y0, 2027);
  assert_int_equal(ya->y1, 2028);
  assert_number(ya->value, EUROS(7));
  assert_null(ya->next);
  done(p);
}

static void test_expect(void **state) {
  (void)state;
  Parsed *p = parse("expect programme werkloosheid {\n"
                    "  opening 2026: 67_200\n"
                    "  baten   2026: 25_000   2027: 41_800\n"
                    "  lasten  2026: 109_000  2027: 25_000\n"
                    "  closing 2026: -16_800  2027: 0\n"
                    "  saldo   2026..2027: 5\n"
                    "}\n"
                    "expect versterken { closing 2029: 3_640_326 }\n"
                    "expect plan within 5 { lasten 2026: 10_359_510 }\n");
  assert_clean(p);
  Expect *e = nth_decl(p, DECL_EXPECT, 0)->u.expect;
  assert_int_equal(e->subject, SUBJECT_PROGRAMME);
  assert_string_equal(e->ref.name, "werkloosheid");
  assert_loc(e->ref.loc, 1, 18, 1, 30);
  assert_null(e->tolerance);
  ExpectRow *r = e->rows;
  Measure want[] = {MEASURE_OPENING, MEASURE_BATEN, MEASURE_LASTEN, MEASURE_CLOSING,
                    MEASURE_SALDO};
  for (int i = 0; i < 5; i++, r = r->next) {
    assert_non_null(r);
    assert_int_equal(r->measure, want[i]);
    assert_int_equal(loc_line(r->loc), i + 2);
    assert_int_equal(loc_pos(r->loc).col, 3);
  }
  assert_null(r);
  r = e->rows->next->next->next; /* closing */
  assert_int_equal(r->amounts->value->kind, EXPR_NEG);
  assert_number(r->amounts->value->lhs, EUROS(16800));
  assert_number(r->amounts->next->value, 0);
  assert_int_equal(r->amounts->next->y0, 2027);
  r = r->next; /* saldo */
  assert_int_equal(r->amounts->y0, 2026);
  assert_int_equal(r->amounts->y1, 2027);

  e = nth_decl(p, DECL_EXPECT, 1)->u.expect;
  assert_int_equal(e->subject, SUBJECT_PROJECT);
  assert_string_equal(e->ref.name, "versterken");
  assert_int_equal(e->rows->measure, MEASURE_CLOSING);
  assert_number(e->rows->amounts->value, EUROS(3640326));

  e = nth_decl(p, DECL_EXPECT, 2)->u.expect;
  assert_int_equal(e->subject, SUBJECT_PLAN);
  assert_null(e->ref.name);
  assert_number(e->tolerance, EUROS(5));
  assert_number(e->rows->amounts->value, EUROS(10359510));
  done(p);
}

/* ---------------------------------------------------------------- projects */

static const char project_text[] =
    HEAD
    "project opijver3 \"Opijver fase 3\" {\n"                                        /* 3 */
    "  section 3.7\n"                                                                /* 4 */
    "  programme prog\n"                                                             /* 5 */
    "  contact \"Henk Korten\"\n"                                                    /* 6 */
    "  contact \"Mieke van Aspert - Mos\"\n"                                         /* 7 */
    "  opening 871_227\n"                                                            /* 8 */
    "  prefinance 2026..2027 \"Voorfinanciering tot de afrekening\"\n"               /* 9 */
    "  reserve garantie \"Garantstelling\" { 2026: 319_281  2027: 5 }\n"             /* 10 */
    "  reserve kaal { 2028: 1 }\n"                                                   /* 11 */
    "  accept prefinancing 2026..2027 \"Zo afgesproken.\"\n"                         /* 12 */
    "  accept pm-uncovered \"Altijd.\"\n"                                            /* 13 */
    "  note \"Eerste.\"\n"                                                           /* 14 */
    "  note \"Tweede.\"\n"                                                           /* 15 */
    "  1 \"Zonder groep\" { baten 2026: 10 }\n"                                     /* 16 */
    "  group \"Versterken regionale samenwerking\"\n"                               /* 17 */
    "  4 \"Scholingsvouchers\" {\n"                                                  /* 18 */
    "    lasten 2026: 1_950_000 = 750 * 2_600   2027: 2_047_500 = 750 * 2_730\n"      /* 19 */
    "    incidental\n"                                                               /* 20 */
    "    taakveld 2.3\n"                                                             /* 21 */
    "    note \"750 vouchers per jaar \\u00e0 gemiddeld.\"\n"                        /* 22 */
    "  }\n"                                                                          /* 23 */
    "  5 \"Rol in projecten\" {\n"                                                   /* 24 */
    "    lasten 2026..2029: PM\n"                                                    /* 25 */
    "    paid by versterken.18\n"                                                    /* 26 */
    "    structural\n"                                                               /* 27 */
    "    taakveld \"0.10\"\n"                                                        /* 28 */
    "    accept pm-uncovered 2026 \"Nog onbekend.\"\n"                               /* 29 */
    "  }\n"                                                                          /* 30 */
    "  6 \"Baten\" { baten 2026: 100 source esf paid by 1 }\n"                       /* 31 */
    "  7 \"Gedekt\" { lasten 2026: 5 paid by esf }\n"                                /* 32 */
    "}\n"
    "project b \"B\" { programme prog section \"3.2a\" opening 5 source spuk }\n";

static void test_project(void **state) {
  (void)state;
  /* The note of line 4 has an escape the language does not know; take it
   * out so that the plan is clean, and test escapes on their own. */
  char *text = strdup(project_text);
  char *u = strstr(text, "\\u00e0");
  memmove(u, u + 6, strlen(u + 6) + 1);
  Parsed *p = parse(text);
  free(text);
  assert_clean(p);
  Project *pr = project_of(p, "opijver3");
  assert_string_equal(pr->title, "Opijver fase 3");
  assert_loc(pr->loc, 3, 1, 3, 17);
  assert_string_equal(pr->section, "3.7");
  assert_loc(pr->section_loc, 4, 11, 4, 14);
  assert_true(pr->has_programme);
  assert_string_equal(pr->programme_ref.name, "prog");
  assert_loc(pr->programme_ref.loc, 5, 13, 5, 17);
  assert_int_equal(pr->ncontacts, 2);
  assert_string_equal(pr->contacts[0], "Henk Korten");
  assert_string_equal(pr->contacts[1], "Mieke van Aspert - Mos");
  assert_number(pr->opening_expr, EUROS(871227));
  assert_string_equal(text_at(pr->opening_expr->loc), "871_227");
  assert_false(pr->has_opening_source);

  Prefinance *pf = pr->prefinances;
  assert_non_null(pf);
  assert_int_equal(pf->years.y0, 2026);
  assert_int_equal(pf->years.y1, 2027);
  assert_string_equal(pf->reason, "Voorfinanciering tot de afrekening");
  assert_null(pf->next);

  Reserve *r = pr->reserves;
  assert_string_equal(r->name, "garantie");
  assert_string_equal(r->title, "Garantstelling");
  assert_int_equal(r->amounts->y0, 2026);
  assert_number(r->amounts->value, EUROS(319281));
  assert_number(r->amounts->next->value, EUROS(5));
  r = r->next;
  assert_string_equal(r->name, "kaal");
  assert_string_equal(r->title, "kaal");
  assert_null(r->next);

  Accept *a = pr->accepts;
  assert_string_equal(a->name, "prefinancing");
  assert_int_equal(a->years.y0, 2026);
  assert_int_equal(a->years.y1, 2027);
  assert_string_equal(a->reason, "Zo afgesproken.");
  a = a->next;
  assert_string_equal(a->name, "pm-uncovered");
  assert_int_equal(a->years.y0, 0); /* every year */
  assert_null(a->next);
  assert_string_equal(pr->note, "Eerste.\n\nTweede.");

  /* lines, in the order written, with the group above them */
  int order[] = {1, 4, 5, 6, 7};
  Line *l = pr->lines;
  for (int i = 0; i < 5; i++, l = l->next)
    assert_int_equal(l->nr, order[i]);
  assert_null(l);
  Line *l1 = line_of(pr, 1);
  assert_null(l1->group);
  Line *l4 = line_of(pr, 4);
  assert_string_equal(l4->group, "Versterken regionale samenwerking");
  assert_string_equal(line_of(pr, 7)->group, "Versterken regionale samenwerking");
  assert_string_equal(l4->category, "Scholingsvouchers");
  assert_loc(line_nr_loc(l4), 18, 3, 18, 4);
  assert_loc(l4->loc, 18, 3, 18, 24);
  assert_int_equal(l4->money_class, CLASS_INCIDENTAL);
  assert_string_equal(line_taakveld(l4), "2.3");
  assert_string_equal(l4->note, "750 vouchers per jaar  gemiddeld.");
  assert_int_equal(count_cells(l4, SIDE_LASTEN), 2);
  assert_null(l4->cells[SIDE_BATEN]);

  /* STATED = RULE */
  Cell *c = nth_cell(l4, SIDE_LASTEN, 0);
  assert_int_equal(c->y0, 2026);
  assert_int_equal(c->y1, 2026);
  assert_true(cell_has_literal(c));
  assert_number(amount_of(l4, c), EUROS(1950000));
  assert_ptr_equal(cell_rule(c), c->value);
  assert_int_equal(c->value->kind, EXPR_MUL);
  assert_number(c->value->lhs, EUROS(750));
  assert_number(c->value->rhs, EUROS(2600));
  assert_loc(cell_loc(l4, c), 19, 12, 19, 41);
  assert_loc(amount_of(l4, c)->loc, 19, 18, 19, 27);
  assert_loc(c->value->loc, 19, 30, 19, 41);
  c = nth_cell(l4, SIDE_LASTEN, 1);
  assert_int_equal(c->y0, 2027);
  assert_number(amount_of(l4, c), EUROS(2047500));
  assert_number(c->value->rhs, EUROS(2730));

  Line *l5 = line_of(pr, 5);
  c = nth_cell(l5, SIDE_LASTEN, 0);
  assert_int_equal(c->y0, 2026);
  assert_int_equal(c->y1, 2029);
  assert_false(cell_has_literal(c));
  assert_null(cell_rule(c));
  assert_int_equal(c->value->kind, EXPR_PM);
  assert_non_null(l5->paid_by);
  assert_string_equal(l5->paid_by->name, "versterken");
  assert_int_equal(l5->paid_by->line, 18);
  assert_loc(l5->paid_by->loc, 26, 13, 26, 26);
  assert_int_equal(l5->money_class, CLASS_STRUCTURAL);
  assert_string_equal(line_taakveld(l5), "0.10");
  assert_non_null(line_accepts(l5));
  assert_string_equal(line_accepts(l5)->name, "pm-uncovered");
  assert_int_equal(line_accepts(l5)->years.y0, 2026);
  assert_null(pr->accepts->next->next); /* the line's accept is not the project's */

  Line *l6 = line_of(pr, 6);
  assert_non_null(l6->source_ref);
  assert_string_equal(l6->source_ref->name, "esf");
  assert_non_null(l6->paid_by);
  assert_null(l6->paid_by->name); /* a bare line number: this project */
  assert_int_equal(l6->paid_by->line, 1);
  Line *l7 = line_of(pr, 7);
  assert_string_equal(l7->paid_by->name, "esf");
  assert_int_equal(l7->paid_by->line, 0);
  assert_null(l7->source_ref);
  assert_int_equal(l7->money_class, CLASS_NONE);

  Project *b = project_of(p, "b");
  assert_string_equal(b->section, "3.2a");
  assert_number(b->opening_expr, EUROS(5));
  assert_true(b->has_opening_source);
  assert_string_equal(b->opening_source_ref.name, "spuk");
  assert_null(b->lines);
  done(p);
}

static void test_rules(void **state) {
  (void)state;
  Parsed *p = parse(HEAD "project a \"A\" {\n programme prog\n"
                         "  13 \"Onvoorzien\" {\n"
                         "    lasten 2026: 31_800\n"
                         "    rule lasten = 5% of lasten[4..7, 9..12] within 50\n"
                         "    rule lasten = 157_125 indexed loon within 0.1%\n"
                         "    rule baten >= 30% of lasten[4]\n"
                         "    rule lasten <= 50% of lasten\n"
                         "  }\n}\n");
  assert_clean(p);
  Line *l = line_of(project_of(p, "a"), 13);
  RuleDecl *r = line_rules(l);
  assert_int_equal(r->side, SIDE_LASTEN);
  assert_int_equal(r->compare, RULE_EQ);
  assert_loc(r->loc, 7, 5, 7, 54);
  Expr *e = r->expr;
  assert_int_equal(e->kind, EXPR_PERCENT_OF);
  assert_number(e->lhs, 50000);
  assert_true(e->lhs->is_percent);
  assert_int_equal(e->side, SIDE_LASTEN);
  LineRange *rg = e->ranges;
  assert_int_equal(rg->first, 4);
  assert_int_equal(rg->last, 7);
  assert_loc(rg->loc, 7, 32, 7, 36);
  rg = rg->next;
  assert_int_equal(rg->first, 9);
  assert_int_equal(rg->last, 12);
  assert_null(rg->next);
  assert_number(r->tolerance, EUROS(50));
  assert_false(r->tolerance->is_percent);

  r = r->next;
  assert_int_equal(r->expr->kind, EXPR_INDEXED);
  assert_number(r->expr->lhs, EUROS(157125));
  assert_string_equal(r->expr->indexing->index_name, "loon");
  assert_int_equal(r->expr->indexing->from_year, 0);
  assert_number(r->tolerance, 1000); /* 0.1% */
  assert_true(r->tolerance->is_percent);

  r = r->next;
  assert_int_equal(r->side, SIDE_BATEN);
  assert_int_equal(r->compare, RULE_AT_LEAST);
  assert_int_equal(r->expr->kind, EXPR_PERCENT_OF);
  assert_int_equal(r->expr->ranges->first, 4);
  assert_int_equal(r->expr->ranges->last, 4);
  assert_null(r->tolerance);

  r = r->next;
  assert_int_equal(r->compare, RULE_AT_MOST);
  assert_int_equal(r->expr->kind, EXPR_PERCENT_OF);
  assert_null(r->expr->ranges); /* every lasten line but this one */
  assert_number(r->expr->lhs, 500000);
  assert_null(r->next);
  done(p);
}

/* ---------------------------------------------------------------- values */

static void test_values(void **state) {
  (void)state;
  Parsed *p = parse_cells("2026: (100 + 20) * 2 - 8 / 4"
                          "  2027: 2.65 * 138_868"
                          "  2028: 30% of lasten[4, 6..7]"
                          "  2029: items { \"2,65 fte gidsen schaal 9\" 368_000"
                          "                \"1 fte manager\" 129_500 }"
                          "  2026: 100 indexed prijs from 2027"
                          "  2027: -5 * -(2)"
                          "  2028: 1 + 2 * 3 indexed loon");
  assert_clean(p);
  Line *l = line_of(project_of(p, "a"), 1);
  /* (100 + 20) * 2 - 8 / 4: SUB(MUL(PAREN(ADD), 2), DIV(8, 4)) */
  Expr *e = nth_cell(l, SIDE_LASTEN, 0)->value;
  assert_int_equal(e->kind, EXPR_SUB);
  assert_int_equal(e->lhs->kind, EXPR_MUL);
  assert_int_equal(e->lhs->lhs->kind, EXPR_PAREN);
  assert_int_equal(e->lhs->lhs->lhs->kind, EXPR_ADD);
  assert_number(e->lhs->lhs->lhs->lhs, EUROS(100));
  assert_number(e->lhs->lhs->lhs->rhs, EUROS(20));
  assert_number(e->lhs->rhs, EUROS(2));
  assert_int_equal(e->rhs->kind, EXPR_DIV);
  assert_number(e->rhs->lhs, EUROS(8));
  assert_number(e->rhs->rhs, EUROS(4));
  assert_int_equal(e->depth, 5);
  /* count times price: 2.65 is exact */
  e = nth_cell(l, SIDE_LASTEN, 1)->value;
  assert_int_equal(e->kind, EXPR_MUL);
  assert_number(e->lhs, 2650000);
  assert_string_equal(text_at(e->lhs->loc), "2.65");
  assert_number(e->rhs, EUROS(138868));
  /* percentage of other lines with ranges */
  e = nth_cell(l, SIDE_LASTEN, 2)->value;
  assert_int_equal(e->kind, EXPR_PERCENT_OF);
  assert_number(e->lhs, 300000);
  assert_int_equal(e->side, SIDE_LASTEN);
  assert_int_equal(e->ranges->first, 4);
  assert_int_equal(e->ranges->last, 4);
  assert_int_equal(e->ranges->next->first, 6);
  assert_int_equal(e->ranges->next->last, 7);
  assert_null(e->ranges->next->next);
  /* items */
  e = nth_cell(l, SIDE_LASTEN, 3)->value;
  assert_int_equal(e->kind, EXPR_ITEMS);
  Item *it = e->items;
  assert_string_equal(it->text, "2,65 fte gidsen schaal 9");
  assert_number(it->value, EUROS(368000));
  it = it->next;
  assert_string_equal(it->text, "1 fte manager");
  assert_number(it->value, EUROS(129500));
  assert_null(it->next);
  /* indexed from a year */
  e = nth_cell(l, SIDE_LASTEN, 4)->value;
  assert_int_equal(e->kind, EXPR_INDEXED);
  assert_number(e->lhs, EUROS(100));
  assert_string_equal(e->indexing->index_name, "prijs");
  assert_int_equal(e->indexing->from_year, 2027);
  assert_int_equal(loc_line(e->indexing->index_loc), 5);
  assert_int_equal(loc_pos(e->indexing->index_loc).end_col - loc_pos(e->indexing->index_loc).col, 5); /* "prijs" */
  /* signs */
  e = nth_cell(l, SIDE_LASTEN, 5)->value;
  assert_int_equal(e->kind, EXPR_MUL);
  assert_int_equal(e->lhs->kind, EXPR_NEG);
  assert_int_equal(e->rhs->kind, EXPR_NEG);
  assert_int_equal(e->rhs->lhs->kind, EXPR_PAREN);
  /* indexed binds tighter than the operators: 1 + 2 * (3 indexed loon) */
  e = nth_cell(l, SIDE_LASTEN, 6)->value;
  assert_int_equal(e->kind, EXPR_ADD);
  assert_int_equal(e->rhs->kind, EXPR_MUL);
  assert_int_equal(e->rhs->rhs->kind, EXPR_INDEXED);
  assert_number(e->rhs->rhs->lhs, EUROS(3));
  done(p);

  /* without spaces, "4,12" in a list of lines is two numbers, not cents */
  p = parse_cells("2026: 5% of lasten[4,12]  2027: 5% of lasten[4,10..12,14]  2028: 1% of lasten[2,100]");
  assert_clean(p);
  l = line_of(project_of(p, "a"), 1);
  LineRange *r = nth_cell(l, SIDE_LASTEN, 0)->value->ranges;
  assert_int_equal(r->first, 4);
  assert_int_equal(r->next->first, 12);
  assert_null(r->next->next);
  r = nth_cell(l, SIDE_LASTEN, 1)->value->ranges;
  assert_int_equal(r->first, 4);
  assert_int_equal(r->next->first, 10);
  assert_int_equal(r->next->last, 12);
  assert_int_equal(r->next->next->first, 14);
  r = nth_cell(l, SIDE_LASTEN, 2)->value->ranges;
  assert_int_equal(r->next->first, 100);
  done(p);

  /* a range that runs backwards */
  p = parse_cells("2026: 5% of lasten[7..4]");
  assert_false(p->ok);
  expect_diag(p, "invalid-value", "line range 7..4 runs backwards", 5, 37);
  done(p);
}

/* ---------------------------------------------------------------- cells */

#define EUR "\xE2\x82\xAC"

/* The program counts its declarations by kind as the loader appends them
 * (the resolver sizes its maps from the counts): the same as a walk. */
static void test_declared_counts(void **state) {
  (void)state;
  Parsed *p = parse(HEAD "programme q \"Q\"\n"
                         "project a \"A\" { programme prog\n 1 \"x\" { lasten 2026: 5 } }\n"
                         "project b \"B\" { programme q\n 1 \"y\" { baten 2026: 5 } }\n"
                         "project c \"C\" { programme q }\n");
  assert_clean(p);
  size_t walked[DECL_PROJECT + 1] = {0};
  for (const Decl *d = p->prog.decls; d; d = d->next)
    walked[d->kind]++;
  assert_int_equal(walked[DECL_PROJECT], 3);
  assert_int_equal(walked[DECL_PROGRAMME], 2);
  for (int k = 0; k <= DECL_PROJECT; k++)
    assert_int_equal(p->prog.declared[k], walked[k]);
  done(p);
}

static void test_cell_literals(void **state) {
  (void)state;
  /* The same nodes, values and places however the cells are laid out: on
   * one line, and with a newline after each ':'. */
  Parsed *whole = parse_cells("2026: 100  2027: " EUR " 1.532,50\n"
                              "      2028..2029: 7 = 3 + 4");
  Parsed *apart_p = parse_cells("2026:\n100  2027:\n" EUR " 1.532,50\n"
                                "      2028..2029:\n7 = 3 + 4");
  assert_clean(whole);
  assert_clean(apart_p);
  Line *lw = line_of(project_of(whole, "a"), 1), *la = line_of(project_of(apart_p, "a"), 1);
  assert_int_equal(count_cells(lw, SIDE_LASTEN), 3);
  assert_int_equal(count_cells(la, SIDE_LASTEN), 3);
  for (int k = 0; k < 3; k++) {
    Cell *cw = nth_cell(lw, SIDE_LASTEN, k), *ca = nth_cell(la, SIDE_LASTEN, k);
    assert_int_equal(cw->y0, ca->y0);
    assert_int_equal(cw->y1, ca->y1);
    assert_int_equal(cell_has_literal(cw), cell_has_literal(ca));
    assert_int_equal(cell_rule(cw) != NULL, cell_rule(ca) != NULL);
    Expr amount_w = *amount_of(lw, cw), amount_a = *amount_of(la, ca);
    assert_micros(amount_w.micros, amount_a.micros);
    assert_string_equal(text_at(amount_w.loc), text_at(amount_a.loc));
  }
  Cell *c = nth_cell(lw, SIDE_LASTEN, 0);
  assert_true(cell_has_literal(c));
  assert_null(c->value);
  assert_number(amount_of(lw, c), EUROS(100));
  assert_loc(cell_loc(lw, c), 5, 18, 5, 27);           /* "2026: 100" */
  assert_string_equal(text_at(amount_of(lw, c)->loc), "100");
  c = nth_cell(lw, SIDE_LASTEN, 1);
  assert_number(amount_of(lw, c), CENTS(153250));
  assert_string_equal(text_at(cell_loc(lw, c)), "2027: " EUR " 1.532,50");
  c = nth_cell(lw, SIDE_LASTEN, 2);
  assert_int_equal(c->y0, 2028);
  assert_int_equal(c->y1, 2029);
  assert_number(amount_of(lw, c), EUROS(7));
  assert_int_equal(c->value->kind, EXPR_ADD);
  assert_string_equal(text_at(cell_loc(lw, c)), "2028..2029: 7 = 3 + 4");
  done(whole);
  done(apart_p);

  /* An amount is kept in its cell where it fits 64 bits of micros, on one
   * line or not; beyond that, and for a percentage, it is a node. */
  static const struct {
    const char *cells;
    bool literal;
    i128 micros;
  } kept[] = {
      {"2026: 9_000_000_000_000", true, EUROS(9000000000000)},
      {"2026:\n9_000_000_000_000", true, EUROS(9000000000000)},
      {"2026: " EUR " 10.000.000.000.000", false, EUROS(10000000000000)},
      {"2026:\n10_000_000_000_000", false, EUROS(10000000000000)},
      {"2026: 99999999999999", false, EUROS(99999999999999)},
      {"2026: -" EUR " 12,50", true, -CENTS(1250)},
      {"2026: 5%", false, 50000},
  };
  for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
    Parsed *k = parse_cells(kept[i].cells);
    assert_clean(k);
    const Line *l = line_of(project_of(k, "a"), 1);
    const Cell *cell = l->cells[SIDE_LASTEN];
    if (cell_has_literal(cell) != kept[i].literal)
      fail_msg("'%s': literal %d, expected %d", kept[i].cells, cell_has_literal(cell),
               kept[i].literal);
    assert_int_equal(cell->value == NULL, kept[i].literal);
    assert_number(amount_of(l, cell), kept[i].micros);
    done(k);
  }

  /* a transfer's amounts are read as a line's cells */
  Parsed *p = parse(HEAD "project a \"A\" { programme prog\n 1 \"x\" { lasten 2026: 5 } }\n"
                         "project b \"B\" { programme prog\n 1 \"y\" { baten 2026: 0 } }\n"
                         "transfer a.1 to b.1 { 2026: 5  2027..2028: 6 }\n");
  assert_clean(p);
  Transfer *t = nth_decl(p, DECL_TRANSFER, 0)->u.transfer;
  assert_int_equal(t->amounts->y0, 2026);
  assert_number(t->amounts->value, EUROS(5));
  assert_int_equal(t->amounts->next->y1, 2028);
  assert_number(t->amounts->next->value, EUROS(6));
  done(p);
}

/* ---------------------------------------------------------------- amounts */

static void test_amount_spellings(void **state) {
  (void)state;
  static const struct {
    const char *text;
    i128 micros;
  } ok[] = {
      {"1_787_349", EUROS(1787349)},
      {"1787349", EUROS(1787349)},
      {"1787349.50", CENTS(178734950)},
      {"1787349.5", CENTS(178734950)},
      {"€ 1.787.349", EUROS(1787349)},
      {"€1.787.349,50", CENTS(178734950)},
      {"€7.500,-", EUROS(7500)},
      {"€ 7.500,05", CENTS(750005)},
      {"-€ 127.800", -EUROS(127800)},
      {"€ -127.800", -EUROS(127800)},
      {"-127800", -EUROS(127800)},
      {"€ 648.500", EUROS(648500)},
      {"€ 0", 0},
      {"0", 0},
      {"€ 999", EUROS(999)},
      {"€ 1787349", EUROS(1787349)},
      {"€ 1.000 - € 1", EUROS(999)},
      {"100 - € 5", EUROS(95)},
      {"€ 100 - -€ 5", EUROS(105)},
      {"900_000_000_000_000", EUROS(900000000000000)},
      {"-900_000_000_000_000", -EUROS(900000000000000)},
      {"€ 900.000.000.000.000", EUROS(900000000000000)},
      /* 20 digits are read, the 20th in 128 bits: leading zeros count */
      {"00000000000000000001", EUROS(1)},
      {"0000000000000000001.5", CENTS(150)},
      {"0_000_000_000_000_000_012", EUROS(12)},
      {"12.000001", 12000001},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char cells[128];
    snprintf(cells, sizeof cells, "2026: %s", ok[i].text);
    Parsed *p = parse_cells(cells);
    if (!p->ok) {
      dump(p);
      fail_msg("'%s' should be accepted", ok[i].text);
    }
    const Line *l = line_of(project_of(p, "a"), 1);
    const Expr *e = amount_of(l, l->cells[SIDE_LASTEN]);
    i128 v = value_of(e);
    if (v != ok[i].micros)
      fail_msg("'%s': %lld micros, expected %lld", ok[i].text, (long long)v,
               (long long)ok[i].micros);
    /* the literal's location covers its spelling, for messages */
    const Expr *lit = e;
    while (lit->kind != EXPR_NUMBER)
      lit = lit->lhs;
    assert_true(text_at(lit->loc)[0] != '\0');
    assert_non_null(strstr(ok[i].text, text_at(lit->loc)));
    done(p);
  }
  /* a euro amount is one token from the sign on: its column is the sign's */
  Parsed *p = parse_cells("2026: € 1.787.349  2027:  -€ 127.800,50");
  Line *l = line_of(project_of(p, "a"), 1);
  const Expr *e = amount_of(l, l->cells[SIDE_LASTEN]);
  assert_loc(e->loc, 5, 24, 5, 35);
  assert_string_equal(text_at(e->loc), "€ 1.787.349");
  /* "-€ 127.800,50" is one negative amount, as printed */
  e = amount_of(l, l->cells[SIDE_LASTEN]->next);
  assert_number(e, -CENTS(12780050));
  assert_loc(e->loc, 5, 44, 5, 57);
  assert_string_equal(text_at(e->loc), "-€ 127.800,50");
  done(p);
}

static void test_amount_spellings_refused(void **state) {
  (void)state;
  static const struct {
    const char *text;
    const char *message; /* part of it: the correct spellings */
  } bad[] = {
      {"1.787.349", "'1.787.349' is written as the document prints it; write 1787349 (plain) "
                    "or € 1.787.349 (as printed, with the euro sign)"},
      {"7.500", "write 7500 (plain) or € 7.500 (as printed"},
      {"7500,-", "'7500,-' is written as the document prints it; write 7500 (plain) or "
                 "€ 7.500,- (as printed"},
      {"1.787,50", "write 1787.50 (plain) or € 1.787,50 (as printed"},
      {"12345,67", "write 12345.67 (plain) or € 12.345,67"},
      {"€ 1787.349", "after '€', '.' groups thousands and ',' starts the cents"},
      {"€ 1.50", "after '€', '.' groups thousands"},
      {"€ 1_000", "'€ 1_000' is not an amount as printed"},
      {"€", "'€' must be followed by an amount"},
      {"0.1234567", "has more than 6 decimals"},
      {"5.12345% of lasten", "percentage '5.12345%' has more than 4 decimals"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char cells[128];
    snprintf(cells, sizeof cells, "2026: %s", bad[i].text);
    Parsed *p = parse_cells(cells);
    assert_false(p->ok);
    const Diag *g = expect_diag(p, "amount-format", bad[i].message, 5, 24);
    assert_int_equal(g->sev, SEV_ERROR);
    /* one mistake, one message: no syntax error follows it */
    if (p->diags.nerrors != 1) {
      dump(p);
      fail_msg("'%s': %d errors, expected 1", bad[i].text, p->diags.nerrors);
    }
    done(p);
  }
}

static void test_amount_beyond_money_type(void **state) {
  (void)state;
  static const struct {
    const char *text;
    const char *message;
  } big[] = {
      {"900_000_000_000_000.01", "number '900_000_000_000_000.01' is beyond the money type"},
      {"99999999999999999999", "is beyond the money type (at most 900_000_000_000_000)"},
      {"18446744073709551616", "is beyond the money type"},  /* 2^64: no wrap to 0 */
      {"000000000000000000001", "is beyond the money type"},  /* 21 digits */
      {"1_000_000_000_000_000_000_000_000", "is beyond the money type"},
      {"€ 900.000.000.000.000,01", "amount '€ 900.000.000.000.000,01' is beyond the money type"},
      {"€ 99.999.999.999.999.999.999.999", "is beyond the money type"},
  };
  for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
    char cells[128];
    snprintf(cells, sizeof cells, "2026: %s", big[i].text);
    Parsed *p = parse_cells(cells);
    assert_false(p->ok);
    expect_diag(p, "overflow", big[i].message, 5, 24);
    assert_int_equal(p->diags.nerrors, 1);
    done(p);
  }
}

/* ---------------------------------------------------------------- years */

static void test_years(void **state) {
  (void)state;
  Parsed *p = parse_cells("2029..2026: 5");
  assert_false(p->ok);
  expect_diag(p, "invalid-value", "year span 2029..2026 runs backwards", 5, 18);
  done(p);

  p = parse("plan p \"P\" { years 2029..2026 }\n");
  assert_false(p->ok);
  expect_diag(p, "invalid-value", "year span 2029..2026 runs backwards", 1, 20);
  done(p);

  p = parse(HEAD "project a \"A\" { programme prog prefinance 2027..2026 \"x\" }\n");
  expect_diag(p, "invalid-value", "year span 2027..2026 runs backwards", 3, 43);
  done(p);

  static const char *not_years[] = {"0", "99999", "2026.5", "2_026", "999"};
  for (size_t i = 0; i < sizeof not_years / sizeof not_years[0]; i++) {
    char cells[64], msg[64];
    snprintf(cells, sizeof cells, "%s: 5", not_years[i]);
    snprintf(msg, sizeof msg, "'%s' is not a year (write it as 2026)", not_years[i]);
    p = parse_cells(cells);
    assert_false(p->ok);
    expect_diag(p, "invalid-value", msg, 5, 18);
    assert_int_equal(p->diags.nerrors, 1);
    done(p);
  }

  /* a negative year is not a number the grammar takes there */
  p = parse_cells("-2026: 5");
  assert_false(p->ok);
  expect_diag(p, "syntax", "unexpected '-', expected number", 5, 18);
  done(p);
}

static void test_line_numbers(void **state) {
  (void)state;
  static const char *bad[] = {"1.5", "0", "1000001"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char text[256], msg[96];
    snprintf(text, sizeof text, HEAD "project a \"A\" {\n  programme prog\n  %s \"x\" { }\n}\n",
             bad[i]);
    snprintf(msg, sizeof msg, "'%s' is not a line number (a whole number from 1 to 1000000)",
             bad[i]);
    Parsed *p = parse(text);
    assert_false(p->ok);
    expect_diag(p, "invalid-value", msg, 5, 3);
    done(p);
  }
  Parsed *p = parse(HEAD "project a \"A\" { programme prog 1000000 \"x\" { } }\n"
                         "transfer a.0 to b.2.5\n");
  assert_false(p->ok);
  assert_int_equal(line_of(project_of(p, "a"), 1000000)->nr, 1000000);
  expect_diag(p, "invalid-value", "'0' is not a line number", 4, 12);
  expect_diag(p, "invalid-value", "'2.5' is not a line number", 4, 19);
  done(p);
}

/* ---------------------------------------------------------------- strings */

static void test_strings(void **state) {
  (void)state;
  Parsed *p = parse("plan p \"a \\\"quoted\\\" \\\\ back\\nslash\\tend\" { years 2026 }\n"
                    "programme q \"over\ntwo lines\"\n"
                    "programme r \"joined \\\nhere\"\n"
                    "programme s \"caf\xC3\xA9 \xE2\x82\xAC 5\"\n");
  assert_clean(p);
  assert_string_equal(nth_decl(p, DECL_PLAN, 0)->u.plan->title,
                      "a \"quoted\" \\ back\nslash\tend");
  assert_string_equal(nth_decl(p, DECL_PROGRAMME, 0)->u.programme->title, "over\ntwo lines");
  assert_string_equal(nth_decl(p, DECL_PROGRAMME, 1)->u.programme->title, "joined here");
  assert_string_equal(nth_decl(p, DECL_PROGRAMME, 2)->u.programme->title,
                      "caf\xC3\xA9 \xE2\x82\xAC 5");
  done(p);

  p = parse("programme q \"caf\xC3\xA9\" \xC3\xA9\n");
  assert_false(p->ok);
  expect_diag(p, "syntax", "unexpected '\xC3\xA9' (U+00E9) outside a string", 1, 20);
  done(p);

  /* an unknown escape points at the escape itself */
  p = parse("programme q \"ab\n  c\\qd\"\n");
  assert_false(p->ok);
  const Diag *g = expect_diag(p, "syntax", "unknown escape '\\q' in string", 2, 4);
  assert_loc(g->loc, 2, 4, 2, 6);
  done(p);

  p = parse("programme q \"\\\xC3\xA9\"\n");
  expect_diag(p, "syntax", "unknown escape '\\\xC3\xA9' in string", 1, 14);
  done(p);

  /* a string that never ends */
  p = parse(HEAD "programme q \"never\nends\n");
  assert_false(p->ok);
  expect_diag(p, "syntax", "unterminated string: no closing '\"' before the end of the file",
              3, 13);
  done(p);
}

/* ---------------------------------------------------------------- errors */

static void test_syntax_messages(void **state) {
  (void)state;
  /* a misspelled keyword gets the keyword it resembles */
  Parsed *p = parse(HEAD "projcet a \"A\" { programme prog }\n"
                         "project b \"B\" { programme prog\n  1 \"x\" { lastne 2026: 5 } }\n");
  assert_false(p->ok);
  expect_diag(p, "syntax", "unexpected identifier 'projcet'; did you mean 'project'?", 3, 1);
  expect_diag(p, "syntax", "unexpected identifier 'lastne'; did you mean 'lasten'?", 5, 11);
  assert_int_equal(p->diags.nerrors, 2);
  /* the declaration after the mistake is still read */
  assert_string_equal(project_of(p, "b")->title, "B");
  done(p);

  /* a keyword where a name must stand */
  p = parse(HEAD "project lasten \"A\" { }\n");
  expect_diag(p, "syntax", "unexpected 'lasten', expected identifier", 3, 9);
  done(p);

  /* The tokens that could stand at the error, as they stand before any
   * reduction: after a year, '..' could. LALR tables with default
   * reductions and no LAC would have reduced 'years 2026' already and left
   * '..' out (parser.y: canonical LR). */
  p = parse("plan p \"P\" { years 2026 plan }\n");
  expect_diag(p, "syntax", "unexpected 'plan', expected 'years', 'currency', 'note', 'unit', 'balance', 'summary', 'sign', 'column', '..' or '}'",
              1, 25);
  assert_int_equal(p->diags.nerrors, 1);
  done(p);

  /* a finding of the scanner's before a syntax error is reported once */
  p = parse("plan p \"P\" { years 2026 $ plan }\n");
  assert_int_equal(count_diags(p, "syntax"), 2);
  expect_diag(p, "syntax", "unexpected character '$'", 1, 25);
  expect_diag(p, "syntax", "unexpected 'plan', expected", 1, 27);
  done(p);

  /* the end of the file inside a block: right after the last token */
  p = parse(HEAD "project a \"A\" {\n  programme prog\n");
  expect_diag(p, "syntax", "unexpected end of file", 4, 17);
  done(p);

  /* a missing closing brace of a line: the next line's number reads as a
   * year, and the error is where that stops making sense, once */
  p = parse(HEAD "project a \"A\" {\n programme prog\n 1 \"x\" { lasten 2026: 1\n"
                 " 2 \"y\" { baten 2026: 1 }\n}\n");
  assert_false(p->ok);
  expect_diag(p, "syntax", "unexpected string, expected '..' or ':'", 6, 4);
  assert_int_equal(p->diags.nerrors, 1);
  done(p);

  /* PM is a value, but not one to compute with: the evaluator says so; the
   * parser takes it */
  p = parse_cells("2026: PM + 5");
  assert_clean(p);
  done(p);

  /* accept takes the names of the checker's findings, not of input errors */
  p = parse(HEAD "project a \"A\" { programme prog accept syntax \"x\" accept bogus-name \"y\" }\n");
  expect_diag(p, "invalid-value", "'syntax' is about the input itself and cannot be accepted", 3, 32);
  expect_diag(p, "invalid-value", "'bogus-name' is not the name of a finding", 3, 50);
  done(p);

  /* duplicates inside a block point at the first */
  p = parse(HEAD "project a \"A\" {\n  section 3.1\n  section 3.2\n programme prog\n"
                 " 1 \"x\" { source s source t paid by a paid by b }\n}\n");
  const Diag *g = expect_diag(p, "duplicate", "'section' is given twice", 5, 11);
  assert_non_null(g->notes);
  assert_int_equal(loc_line(g->notes->loc), 4);
  assert_int_equal(loc_pos(g->notes->loc).col, 11);
  expect_diag(p, "duplicate", "'source' is given twice", 7, 19);
  expect_diag(p, "duplicate", "'paid by' is given twice", 7, 38);
  done(p);
}

static void test_recovery(void **state) {
  (void)state;
  /* three separate mistakes: three errors, and every valid declaration
   * around them is still read */
  Parsed *p = parse(HEAD
                    "programme broken\n"                                 /* 3: no title */
                    "project a \"A\" {\n"                                /* 4 */
                    "  programme prog\n"
                    "  1 \"a\" { lasten 2026: 100 + }\n"                 /* 6: no operand */
                    "  2 \"b\" { baten 2026: 100 }\n"
                    "}\n"
                    "source s \"S\" { kind k }\n"
                    "project b \"B\" {\n"
                    "  programme prog\n"
                    "  1 \"c\" { lasten 2026 100 }\n"                    /* 12: no colon */
                    "  2 \"d\" { baten 2026: 100 }\n"
                    "}\n"
                    "programme last \"Last\"\n");
  assert_false(p->ok);
  assert_int_equal(p->diags.nerrors, 3);
  assert_int_equal(count_diags(p, "syntax"), 3);
  expect_diag(p, "syntax", "unexpected 'project', expected string", 4, 1);
  expect_diag(p, "syntax", "unexpected '}', expected number", 6, 30);
  expect_diag(p, "syntax", "unexpected number, expected '..' or ':'", 12, 23);
  /* every diagnostic names a file, a line and a column */
  for (const Diag *g = p->diags.head; g; g = g->next) {
    assert_non_null(g->loc.file);
    assert_true(loc_line(g->loc) > 0 && loc_pos(g->loc).col > 0);
  }
  Project *a = project_of(p, "a");
  assert_int_equal(line_of(a, 2)->nr, 2);
  assert_non_null(line_of(a, 2)->cells[SIDE_BATEN]);
  Project *b = project_of(p, "b");
  assert_non_null(line_of(b, 2)->cells[SIDE_BATEN]);
  assert_string_equal(nth_decl(p, DECL_SOURCE, 0)->u.source->id, "s");
  assert_string_equal(nth_decl(p, DECL_PROGRAMME, 1)->u.programme->id, "last");
  done(p);

  /* the error limit: later errors are counted, not kept */
  p = calloc(1, sizeof *p);
  p->names = interner_new(&p->arena);
  diags_init(&p->diags, &p->arena);
  p->diags.max_errors = 2;
  const char *five = HEAD "project a \"A\" { programme prog\n"
                          " 1 \"a\" { lasten 2026: 1.000 2027: 2.000 2028: 3.000 2029: 4.000 }\n"
                          " 2 \"b\" { lasten 2026: 5.000 } }\n";
  p->ok = load_program_from_memory(&p->arena, p->names, &p->diags, "t.amr", five, strlen(five),
                                   &p->prog);
  assert_false(p->ok);
  assert_int_equal(p->diags.nerrors, 5);
  assert_true(p->diags.overflowed);
  int kept = 0;
  for (const Diag *g = p->diags.head; g; g = g->next)
    kept++;
  assert_int_equal(kept, 2);
  done(p);
}

static void test_imports_from_memory(void **state) {
  (void)state;
  Parsed *p = parse("import \"indexation.amr\"\nplan p \"P\" { years 2026 }\n");
  assert_false(p->ok);
  expect_diag(p, "import", "imports are not read when the plan comes from memory", 1, 8);
  assert_int_equal(count_decls(p, DECL_IMPORT), 0);
  assert_int_equal(count_decls(p, DECL_PLAN), 1);
  done(p);
}

/* ---------------------------------------------------------------- encodings */

static void test_empty_and_comments(void **state) {
  (void)state;
  Parsed *p = parse("");
  assert_clean(p);
  assert_null(p->prog.decls);
  assert_int_equal(p->prog.nfiles, 1);
  assert_int_equal(p->prog.files[0]->nlines, 1);
  done(p);

  p = parse("# only\n   # comments\n\n#");
  assert_clean(p);
  assert_null(p->prog.decls);
  assert_int_equal(p->prog.files[0]->nlines, 4);
  done(p);
}

static void test_bom_and_crlf(void **state) {
  (void)state;
  /* a BOM is skipped: columns start after it */
  Parsed *p = parse("\xEF\xBB\xBFplan p \"P\" { years 2026..2029 }\n");
  assert_clean(p);
  assert_loc(nth_decl(p, DECL_PLAN, 0)->loc, 1, 1, 1, 7);
  assert_int_equal(p->prog.files[0]->text[0], 'p');
  done(p);

  /* CRLF: the same declarations as with LF, strings without CR */
  const char *crlf = "\xEF\xBB\xBFplan p \"P\" {\r\n  years 2026..2029\r\n}\r\n"
                     "programme q \"two\r\nlines\"\r\n"
                     "programme r \"joined \\\r\nhere\"\r\n"
                     "project a \"A\" { # comment\r\n programme q\r\n"
                     " 1 \"x\" { lasten 2026: 5 }\r\n}\r\n";
  p = parse(crlf);
  assert_clean(p);
  assert_string_equal(nth_decl(p, DECL_PROGRAMME, 0)->u.programme->title, "two\nlines");
  assert_string_equal(nth_decl(p, DECL_PROGRAMME, 1)->u.programme->title, "joined here");
  Line *l = line_of(project_of(p, "a"), 1);
  assert_loc(cell_loc(l, l->cells[SIDE_LASTEN]), 10, 17, 10, 24);
  /* a quoted line has no CR */
  int len;
  const char *text = src_line(p->prog.files[0], 10, &len);
  assert_int_equal(len, 25);
  assert_memory_equal(text, " 1 \"x\" { lasten 2026: 5 }", 25);
  done(p);

  /* an error in a CRLF file has the same column as in an LF file */
  p = parse("plan p \"P\" {\r\n  years 2026..2029 x\r\n}\r\n");
  expect_diag(p, "syntax", "unexpected identifier 'x'", 2, 20);
  done(p);
}

static void test_bad_bytes(void **state) {
  (void)state;
  static const char nul[] = "plan p \"P\" {\n years 2026..2029 \0}\n";
  Parsed *p = parse_n(nul, sizeof nul - 1);
  assert_false(p->ok);
  const Diag *g = expect_diag(p, "encoding", "NUL byte: 't.amr' is not a text file", 2, 19);
  assert_false(g->loc.file->is_source); /* never quoted */
  assert_null(p->prog.decls);
  done(p);

  static const struct {
    const char *bytes;
    const char *message;
    int line, col;
  } bad[] = {
      {"plan p \"P\xFF\"", "invalid UTF-8 (byte 0xFF); save the file as UTF-8", 1, 10},
      {"# caf\xE9\n", "invalid UTF-8 (byte 0xE9)", 1, 6},         /* Latin-1 */
      {"#\xC0\xAF", "invalid UTF-8 (byte 0xC0)", 1, 2},           /* overlong */
      {"\n\n\xED\xA0\x80", "invalid UTF-8 (byte 0xED)", 3, 1},    /* surrogate */
      {"#\xF4\x90\x80\x80", "invalid UTF-8 (byte 0xF4)", 1, 2},   /* beyond U+10FFFF */
      {"# \xE2\x82", "invalid UTF-8 (byte 0xE2)", 1, 3},          /* cut short */
      {"\xEF\xBB\xBF\xEF\xBB", "invalid UTF-8 (byte 0xEF)", 1, 1}, /* BOM, then half */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    p = parse(bad[i].bytes);
    assert_false(p->ok);
    expect_diag(p, "encoding", bad[i].message, bad[i].line, bad[i].col);
    assert_int_equal(p->diags.nerrors, 1);
    done(p);
  }

  /* control characters outside strings: a run of them is one error, the
   * caret under the run */
  p = parse("plan p \"P\" {\x01 years 2026 }\x7F\n");
  assert_false(p->ok);
  expect_diag(p, "syntax", "control character U+0001 outside a string; remove it", 1, 13);
  expect_diag(p, "syntax", "control character U+007F (delete) outside a string; remove it", 1,
              27);
  assert_int_equal(p->diags.nerrors, 2);
  done(p);
  p = parse("plan p \"P\" { years\x1B\x1B\x1B 2026 }\n");
  g = expect_diag(p, "syntax",
                  "control character U+001B (escape) outside a string, and 2 more after it; "
                  "remove them", 1, 19);
  assert_loc(g->loc, 1, 19, 1, 22);
  assert_int_equal(p->diags.nerrors, 1);
  assert_int_equal(nth_decl(p, DECL_PLAN, 0)->u.plan->years.y0, 2026); /* read on */
  done(p);
}

/* source.c checks 64 bytes at a time, and decodes the two- and three-byte
 * sequences inside a block without leaving it: each sequence, good or bad,
 * at every place in and across a block's end, after a BOM or none. A good
 * one leaves the line index right (the error on the next line is placed
 * by it); a bad one, or a NUL, is refused at its first byte. */
static void test_utf8_in_blocks(void **state) {
  (void)state;
  static const char *good[] = {"\xC3\xB6", "\xE2\x82\xAC", "\xE0\xA0\x80", "\xED\x9F\xBF",
                               "\xF0\x9F\x98\x80", "\xC3\xB6\xE2\x82\xAC"};
  static const char *bad[] = {"\xC3", "\xC3(", "\xC0\xAF", "\xE2\x82", "\xE2(\xAC",
                              "\xE0\x9F\xBF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80",
                              "\xFF"};
  char text[256];
  for (int bom = 0; bom < 2; bom++) {
    for (int pad = 0; pad < 140; pad++) {
      for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        snprintf(text, sizeof text, "%s#%*s%s\nplan p \"P\" { years 2026..2029 x }\n",
                 bom ? "\xEF\xBB\xBF" : "", pad, "", good[i]);
        Parsed *p = parse(text);
        expect_diag(p, "syntax", "unexpected identifier 'x'", 2, 31);
        assert_int_equal(p->diags.nerrors, 1);
        done(p);
      }
      for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(text, sizeof text, "%s#%*s%s%*s\nplan p \"P\" { years 2026..2029 }\n",
                 bom ? "\xEF\xBB\xBF" : "", pad, "", bad[i], 70, "");
        Parsed *p = parse(text);
        assert_false(p->ok);
        const Diag *g = expect_diag(p, "encoding", NULL, 1, 2 + pad);
        char byte[32];
        snprintf(byte, sizeof byte, "(byte 0x%02X)", (unsigned char)bad[i][0]);
        assert_non_null(strstr(g->msg, byte));
        assert_int_equal(p->diags.nerrors, 1);
        done(p);
      }
      /* a NUL is refused inside a block too */
      int n = snprintf(text, sizeof text, "%s#%*sX%*s\n", bom ? "\xEF\xBB\xBF" : "", pad, "",
                       70, "");
      char *x = strchr(text, 'X');
      *x = '\0';
      Parsed *p = parse_n(text, (size_t)n);
      assert_false(p->ok);
      expect_diag(p, "encoding", "NUL byte", 1, 2 + pad);
      done(p);
    }
  }
}

/* Control characters in strings and comments: refused where they stand, one
 * error per string or comment, and the rest of the file is read as if it
 * were not there (amrc fmt turned them into spaces: docs/fuzzing.md,
 * findings 3 and 4). A tab may stand in a string or a comment; a CR only
 * before a line feed. */
static void test_control_characters(void **state) {
  (void)state;
  static const struct {
    const char *text;
    const char *message;
    int line, col;
  } bad[] = {
      {"source r{note\"\x01\"}", "control character U+0001 in a string; write it out or remove it",
       1, 15},
      {"#\x02", "control character U+0002 in a comment; remove it", 1, 2},
      {"# x\x02\n", "control character U+0002 in a comment; remove it", 1, 4},
      {"# a\x7F" "b\n", "control character U+007F (delete) in a comment; remove it", 1, 4},
      {"plan p \"a\nb\x0C\x0C" "c\" { years 2026 }\n",
       "control character U+000C (form feed) in a string, and 1 more after it; write them out "
       "or remove them", 2, 2},
      /* a backslash before one: the character, not the escape */
      {"plan p \"a\\\x01\" { years 2026 }\n", "control character U+0001 in a string", 1, 11},
      /* a CR that ends no line, in a string, a comment, outside, at the end */
      {"plan p \"a\rb\" { years 2026 }\n",
       "control character U+000D (a carriage return that does not end a line) in a string", 1,
       10},
      {"# a\rb\r\n", "control character U+000D (a carriage return that does not end a line) "
       "in a comment", 1, 4},
      {"plan p \"P\" {\r years 2026 }\r\n", "U+000D (a carriage return that does not end a "
       "line) outside a string; remove it", 1, 13},
      {"# a\r", "U+000D (a carriage return that does not end a line) outside a string", 1, 4},
      {"# a\r\r\n", "U+000D (a carriage return that does not end a line) in a comment", 1, 4},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    Parsed *p = parse(bad[i].text);
    assert_false(p->ok);
    expect_diag(p, "syntax", bad[i].message, bad[i].line, bad[i].col);
    if (p->diags.nerrors != 1) {
      dump(p);
      fail_msg("case %zu: %d errors, expected 1", i, p->diags.nerrors);
    }
    done(p);
  }

  /* the declarations around them are read: no cascade */
  Parsed *p = parse(HEAD "source r { note \"\x01\" }\n# \x02\nproject a \"A\x03\" { programme prog\n"
                    "  1 \"x\" { lasten 2026: 5  note \"a\x7F\" } }\n");
  assert_int_equal(p->diags.nerrors, 4);
  expect_diag(p, "syntax", "U+007F (delete) in a string", 6, 34);
  expect_diag(p, "syntax", "U+0001 in a string", 3, 18);
  expect_diag(p, "syntax", "U+0002 in a comment", 4, 3);
  expect_diag(p, "syntax", "U+0003 in a string", 5, 13);
  assert_int_equal(count_decls(p, DECL_SOURCE), 1);
  assert_int_equal(line_of(project_of(p, "a"), 1)->cells[SIDE_LASTEN]->y0, 2026);
  done(p);

  /* tabs in strings and comments are kept; CRLF ends lines in both */
  p = parse("# a\tcomment\t\r\nplan p \"a\tb\r\nc\" { years 2026 } # x\r\n");
  assert_clean(p);
  assert_string_equal(nth_decl(p, DECL_PLAN, 0)->u.plan->title, "a\tb\nc");
  done(p);
}

/* ---------------------------------------------------------------- hostile input */

/* A hostile input of prefix, n pieces and suffix gives exactly one error,
 * named name, at line:col, whose message holds msg and is shorter than
 * max_len however long the input. */
static void one_error(const char *prefix, const char *piece, size_t n, const char *suffix,
                      const char *name, const char *msg, int line, int col, size_t max_len) {
  size_t len;
  char *text = repeat(prefix, piece, n, suffix, &len);
  Parsed *p = parse_n(text, len);
  assert_false(p->ok);
  const Diag *g = expect_diag(p, name, msg, line, col);
  assert_true(strlen(g->msg) < max_len);
  assert_int_equal(p->diags.nerrors, 1);
  free(text);
  done(p);
}

/* The line index (source.c): 16-bit steps from every 64th line, or ints
 * where 64 lines span 64 KiB or more. Either way every line starts where
 * its bytes say, and a place in the text gets its line and column. */
static void check_index(const char *text, size_t len) {
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  SrcFile *f = src_from_memory(&a, &d, "index.amr", text, len);
  assert_non_null(f);
  int n = 1;
  for (size_t i = 0; i < len; i++) {
    if (i == 0 || text[i - 1] == '\n') {
      assert_int_equal(src_line_offset(f, n), i);
      Pos at = loc_pos((Loc){f, (uint32_t)i, (uint32_t)i});
      assert_int_equal(at.line, n);
      assert_int_equal(at.col, 1);
      n++;
    }
  }
  assert_int_equal(f->nlines, text[len - 1] == '\n' ? n : n - 1);
  assert_int_equal(src_line_offset(f, 0), 0);
  assert_int_equal(src_line_offset(f, f->nlines + 1), 0);
  /* the last byte: on the last line, or on the one before the empty line
   * that a final line feed starts */
  Pos end = loc_pos((Loc){f, (uint32_t)len - 1, (uint32_t)len - 1});
  assert_int_equal(end.line, text[len - 1] == '\n' ? f->nlines - 1 : f->nlines);
  arena_free(&a);
}

static void test_line_index(void **state) {
  (void)state;
  /* 1000 lines of 0 to 300 bytes: the small form */
  size_t cap = 1000 * 302, len = 0;
  char *text = malloc(cap);
  assert_non_null(text);
  for (int k = 0; k < 1000; k++) {
    int width = (k * 7919) % 301;
    memset(text + len, 'x', (size_t)width);
    len += (size_t)width;
    text[len++] = '\n';
  }
  check_index(text, len);
  /* 64 lines of 1100 bytes span more than 64 KiB: the int form, and a
   * 70 000-byte line in the middle of short ones */
  len = 0;
  for (int k = 0; k < 200; k++) {
    int width = k == 100 ? 70000 : k < 64 ? 1100 : 20;
    if (len + (size_t)width + 1 > cap) {
      cap = 2 * (len + (size_t)width + 1);
      text = realloc(text, cap);
      assert_non_null(text);
    }
    memset(text + len, 'y', (size_t)width);
    len += (size_t)width;
    text[len++] = '\n';
  }
  text[len - 1] = 'z';  /* no line feed at the end */
  check_index(text, len);
  free(text);
}

static void test_megabyte_line(void **state) {
  (void)state;
  size_t len;
  /* a comment, a string and an identifier of a megabyte each */
  char *text = repeat("# ", "x", 1000000, "\nplan p \"P\" { years 2026 }\n", &len);
  Parsed *p = parse_n(text, len);
  assert_clean(p);
  free(text);
  done(p);

  text = repeat("plan p \"", "x", 1000000, "\" { years 2026 }\n", &len);
  p = parse_n(text, len);
  assert_clean(p);
  assert_int_equal(strlen(nth_decl(p, DECL_PLAN, 0)->u.plan->title), 1000000);
  free(text);
  done(p);

  /* a megabyte of digits: one clean diagnostic, the message cut short */
  one_error(HEAD "project a \"A\" { programme prog\n 1 \"x\" { lasten 2026: ", "1", 1000000,
            " } }\n", "overflow", "is beyond the money type", 4, 23, 200);
  /* a megabyte of the document's spelling */
  one_error(HEAD "project a \"A\" { programme prog\n 1 \"x\" { lasten 2026: 1", ".000", 250000,
            " } }\n", "amount-format", "is written as the document prints it", 4, 23, 300);
  /* a megabyte of control characters: one error, the message short */
  one_error("", "\x01", 1000000, "", "syntax",
            "U+0001 outside a string, and 999999 more after it", 1, 1, 300);

  /* half a million control characters and spaces: counted, fifty kept */
  text = repeat("", "\x01 ", 500000, "", &len);
  p = parse_n(text, len);
  assert_int_equal(p->diags.nerrors, 500000);
  assert_true(p->diags.overflowed);
  free(text);
  done(p);

  /* a megabyte of stray bytes: one error, the message cut short */
  one_error("plan p \"P\" { years 2026 }\n", "\xC3\xA9", 500000, "\n", "syntax",
            "unexpected '\xC3\xA9' (U+00E9) outside a string, and 499999 more", 2, 1, 100);
  /* a control character in a megabyte string and a megabyte comment */
  one_error("plan p \"", "x", 1000000, "\x01\" { years 2026 }\n", "syntax", "U+0001 in a string", 1,
            1000009, 300);
  one_error("#", "x", 1000000, "\x01\nplan p \"P\" { years 2026 }\n", "syntax",
            "U+0001 in a comment", 1, 1000002, 300);

  /* an unterminated string of a megabyte */
  text = repeat("plan p \"", "x", 1000000, "", &len);
  p = parse_n(text, len);
  expect_diag(p, "syntax", "unterminated string", 1, 8);
  free(text);
  done(p);
}

static void test_long_identifier(void **state) {
  (void)state;
  size_t len;
  char *text = repeat("plan ", "a", 100000, " \"P\" { years 2026 }\n", &len);
  Parsed *p = parse_n(text, len);
  assert_false(p->ok);
  const Diag *g = expect_diag(p, "limit",
                              "identifier of 100000 characters is longer than the limit of 256",
                              1, 6);
  assert_loc(g->loc, 1, 6, 1, 100006);
  assert_int_equal(p->diags.nerrors, 1);
  /* the name is kept, cut to the limit, so that the rest still parses */
  assert_int_equal(strlen(nth_decl(p, DECL_PLAN, 0)->u.plan->id), AMR_MAX_IDENT);
  free(text);
  done(p);

  /* exactly the limit is fine */
  text = repeat("plan ", "b", AMR_MAX_IDENT, " \"P\" { years 2026 }\n", &len);
  p = parse_n(text, len);
  assert_clean(p);
  free(text);
  done(p);

  /* a diagnostic name of a megabyte */
  text = repeat(HEAD "project a \"A\" { programme prog accept ", "a-", 500000, "b \"x\" }\n",
                &len);
  p = parse_n(text, len);
  assert_false(p->ok);
  expect_diag(p, "limit", "name of 1000001 characters is longer than the limit of 256", 3, 39);
  for (const Diag *d = p->diags.head; d; d = d->next)
    assert_true(strlen(d->msg) < 400);
  free(text);
  done(p);
}

static void test_deep_nesting(void **state) {
  (void)state;
  const char *pre = HEAD "project a \"A\" { programme prog\n 1 \"x\" { lasten 2026: ";
  size_t len;

  /* 10 000 parentheses */
  char *open = repeat(pre, "(", 10000, "", &len);
  char *text = repeat(open, "1", 1, "", &len);
  char *full = repeat(text, ")", 10000, " } }\n", &len);
  Parsed *p = parse_n(full, len);
  assert_false(p->ok);
  const Diag *g = expect_diag(p, "limit", "nested deeper than the limit of 64", 0, 0);
  assert_int_equal(loc_line(g->loc), 4);
  assert_true(loc_pos(g->loc).col > 23);
  assert_int_equal(p->diags.nerrors, 1);
  free(open);
  free(text);
  free(full);
  done(p);

  /* 100 000 unary minus, with and without spaces */
  const char *signs[] = {"-", "- "};
  for (int i = 0; i < 2; i++) {
    text = repeat(pre, signs[i], 100000, "1 } }\n", &len);
    p = parse_n(text, len);
    assert_false(p->ok);
    expect_diag(p, "limit", "nested deeper than the limit of 64", 0, 0);
    assert_int_equal(p->diags.nerrors, 1);
    free(text);
    done(p);
  }

  /* a megabyte of 1+1+...: left-assoc, so the parser stack stays flat; the
   * tree is cut at the limit and the error given once */
  text = repeat(pre, "1+", 500000, "1 } }\n", &len);
  p = parse_n(text, len);
  assert_false(p->ok);
  g = expect_diag(p, "limit", "expression nested deeper than the limit of 64", 4, 23);
  assert_int_equal(count_diags(p, "limit"), 1);
  Expr *e = line_of(project_of(p, "a"), 1)->cells[SIDE_LASTEN]->value;
  assert_true(e->depth <= AMR_MAX_NESTING);
  free(text);
  done(p);

  /* nested items */
  text = repeat(pre, "items { \"a\" ", 5000, "1", &len);
  full = repeat(text, " }", 5000, " } }\n", &len);
  p = parse_n(full, len);
  assert_false(p->ok);
  expect_diag(p, "limit", "nested deeper than the limit of 64", 0, 0);
  free(text);
  free(full);
  done(p);

  /* just under the limit is fine */
  open = repeat(pre, "(", AMR_MAX_NESTING - 2, "", &len);
  text = repeat(open, "1", 1, "", &len);
  full = repeat(text, ")", AMR_MAX_NESTING - 2, " } }\n", &len);
  p = parse_n(full, len);
  assert_clean(p);
  free(open);
  free(text);
  free(full);
  done(p);
}

/* Long lists are read in linear time: a quadratic append would take hours
 * on these. */
static void test_long_lists(void **state) {
  (void)state;
  size_t len;
  char *text = repeat(HEAD "project a \"A\" { programme prog\n 1 \"x\" { lasten ", "2026: 1 ",
                      1000000, "\n note \"a\" \"b\" } }\n", &len);
  Parsed *p = parse_n(text, len);
  assert_clean(p);
  Line *l = line_of(project_of(p, "a"), 1);
  assert_int_equal(count_cells(l, SIDE_LASTEN), 1000000);
  assert_string_equal(l->note, "ab");
  free(text);
  done(p);

  /* Rows of one side join in order: the first fills the slot, the second
   * is appended after a walk, the third after the end the second left.
   * Lines join behind the last, with groups and notes between them. */
  p = parse(HEAD "project a \"A\" { programme prog\n group \"g\"\n"
                 " 1 \"x\" { lasten 2026: 1 2027: 2\n lasten 2028: 3\n baten 2026: 9\n"
                 " lasten 2029: 4 }\n note \"n\"\n group \"h\"\n 2 \"y\" { lasten 2026: 5 }\n"
                 " 3 \"z\" { } }\n");
  assert_clean(p);
  l = line_of(project_of(p, "a"), 1);
  int year = 2026;
  for (const Cell *c = l->cells[SIDE_LASTEN]; c; c = c->next)
    assert_int_equal(c->y0, year++);
  assert_int_equal(year, 2030);
  assert_int_equal(count_cells(l, SIDE_BATEN), 1);
  int nr = 0;
  for (const Line *x = project_of(p, "a")->lines; x; x = x->next)
    assert_int_equal(x->nr, ++nr);
  assert_int_equal(nr, 3);
  assert_int_equal(project_of(p, "a")->nwritten, 3);
  done(p);

  /* 200 000 lines, contacts, notes, accepts, reserves and statements */
  FILE *f;
  char *buf = NULL;
  size_t n = 0;
  f = open_memstream(&buf, &n);
  fputs(HEAD "project a \"A\" { programme prog\n", f);
  for (int i = 1; i <= 200000; i++)
    fprintf(f, "%d \"x\" { lasten 2026: 1 lasten 2027: 2 rule lasten = 1 note \"n\" }\n", i);
  for (int i = 0; i < 100000; i++)
    fputs("contact \"c\" note \"p\" accept prefinancing \"r\" reserve r { 2026: 1 } "
          "prefinance 2026 \"x\"\n",
          f);
  fputs("}\nexpect a {\n", f);
  for (int i = 0; i < 100000; i++)
    fputs("closing 2026: 1\n", f);
  fputs("}\nsource s \"S\" { earmarked for a", f);
  for (int i = 0; i < 100000; i++)
    fputs(", a.1", f);
  fputs(" }\n", f);
  fclose(f);
  p = parse_n(buf, n);
  assert_clean(p);
  Project *pr = project_of(p, "a");
  int lines = 0;
  for (Line *x = pr->lines; x; x = x->next, lines++)
    assert_int_equal(x->nr, lines + 1);
  assert_int_equal(lines, 200000);
  Line *last = line_of(pr, 200000);
  assert_int_equal(count_cells(last, SIDE_LASTEN), 2);
  assert_int_equal(nth_cell(last, SIDE_LASTEN, 1)->y0, 2027);
  assert_int_equal(pr->ncontacts, 100000);
  assert_int_equal(strlen(pr->note), 100000 + 2 * 99999);
  int k = 0;
  for (ExpectRow *r = nth_decl(p, DECL_EXPECT, 0)->u.expect->rows; r; r = r->next)
    k++;
  assert_int_equal(k, 100000);
  k = 0;
  for (RefList *r = nth_decl(p, DECL_SOURCE, 0)->u.source->earmarked_for; r; r = r->next)
    k++;
  assert_int_equal(k, 100001);
  free(buf);
  done(p);
}

/* ---------------------------------------------------------------- the command line */

static int run_amrc(const char *const *args, int n) {
  char *argv[16];
  argv[0] = "amrc";
  for (int i = 0; i < n; i++)
    argv[i + 1] = (char *)args[i];
  argv[n + 1] = NULL;
  /* amrc_main prints diagnostics: keep the test output readable */
  fflush(stderr);
  FILE *saved = tmpfile();
  assert_non_null(saved);
  int fd = dup(2);
  dup2(fileno(saved), 2);
  int rc = amrc_main(n + 1, argv);
  fflush(stderr);
  dup2(fd, 2);
  close(fd);
  fclose(saved);
  return rc;
}

/* A string a plan repeats is kept once; one with an escape is its own. */
static void test_strings_kept_once(void **state) {
  (void)state;
  Parsed *p = parse("project a \"Zorg\" { 1 \"Zorg\" { lasten 2026: 5 note \"Zorg\" }\n"
                    "  2 \"Zorg\\n\" { lasten 2026: 5 } }\n");
  Project *pr = project_of(p, "a");
  Line *one = line_of(pr, 1), *two = line_of(pr, 2);
  assert_ptr_equal(pr->title, one->category);
  assert_ptr_equal(one->category, one->note);
  assert_string_equal(two->category, "Zorg\n");
  done(p);
}

/* A parsed file gives its text back; diagnostics read a line again from
 * disk, and only from the file as it was parsed. */
static void test_released_text(void **state) {
  (void)state;
  char path[] = "/tmp/amrc-test-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char *text = "\xEF\xBB\xBFplan p \"P\" {\r\n  years 2026..2029\r\n}\r\nprogramme q \"Q\xC3\xA9\"";
  assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
  close(fd);

  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  SrcFile *f = src_load(&a, &d, path, "t.amr", NULL);
  assert_non_null(f);
  assert_non_null(f->text);
  src_release(f);
  assert_null(f->text);
  int len;
  const char *line = src_line(f, 2, &len);  /* after the BOM, without CR */
  assert_non_null(line);
  assert_int_equal(len, 18);
  assert_memory_equal(line, "  years 2026..2029", 18);
  line = src_line(f, 4, &len);              /* the last, without a newline */
  assert_int_equal(len, 17);
  assert_memory_equal(line, "programme q \"Q\xC3\xA9\"", 17);
  /* a column counts characters, read from the line again */
  uint32_t quote = src_line_offset(f, 4) + 16;
  Loc after = {f, quote, quote + 1};
  Pos at = loc_pos(after);
  assert_int_equal(at.line, 4);
  assert_int_equal(at.col, 16);
  assert_int_equal(at.end_col, 17);
  assert_null(src_line(f, 0, &len));
  assert_null(src_line(f, 5, &len));
  assert_int_equal(len, 0);
  /* the lines read are kept: given again, each its own, while unchanged */
  line = src_line(f, 2, &len);
  assert_int_equal(len, 18);
  assert_memory_equal(line, "  years 2026..2029", 18);
  line = src_line(f, 4, &len);
  assert_int_equal(len, 17);
  assert_memory_equal(line, "programme q \"Q\xC3\xA9\"", 17);

  /* changed since: same size, other bytes, other time */
  FILE *w = fopen(path, "r+");
  assert_non_null(w);
  fputs("\xEF\xBB\xBFplan x", w);
  fclose(w);
  struct timespec times[2] = {{0, UTIME_OMIT}, {1, 0}};
  assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
  assert_null(src_line(f, 1, &len));
  assert_int_equal(loc_pos(after).col, 17);  /* bytes, as it cannot be read */
  assert_int_equal(loc_line(after), 4);      /* the index still holds */
  /* gone */
  unlink(path);
  assert_null(src_line(f, 2, &len));
  arena_free(&a);
}

static void test_amrc_main_files(void **state) {
  (void)state;
  /* a device that never ends is refused at its first NUL byte */
  const char *zero[] = {"--check", "-q", "/dev/zero"};
  assert_int_equal(run_amrc(zero, 3), 1);
  /* what cannot be read at all is an I/O error */
  const char *dir[] = {"--check", "-q", "tests/golden"};
  assert_int_equal(run_amrc(dir, 3), 2);
  const char *missing[] = {"--check", "-q", "tests/golden/no-such-file.amr"};
  assert_int_equal(run_amrc(missing, 3), 2);
  /* an empty file is a plan without a plan declaration */
  char empty[] = "/tmp/amrc-test-XXXXXX";
  int fd = mkstemp(empty);
  assert_true(fd >= 0);
  close(fd);
  const char *none[] = {"--check", "-q", empty};
  assert_int_equal(run_amrc(none, 3), 1);
  /* a clean plan */
  FILE *f = fopen(empty, "w");
  assert_non_null(f);
  fputs(HEAD "project a \"A\" { programme prog 1 \"x\" { lasten 2026: 5 paid by 2 }\n"
             "2 \"y\" { baten 2026: 5 } }\n", f);
  fclose(f);
  assert_int_equal(run_amrc(none, 3), 0);
  unlink(empty);

  /* a plan read from a pipe (/dev/stdin) is checked, not skipped */
  const char *bad = HEAD "project a \"A\" { programme prog 1 \"x\" { lasten 2026: PM + 1 } }\n";
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  assert_true(write(fds[1], bad, strlen(bad)) == (ssize_t)strlen(bad));
  close(fds[1]);
  int saved_in = dup(0);
  dup2(fds[0], 0);
  close(fds[0]);
  const char *stdin_args[] = {"--check", "-q", "/dev/stdin"};
  int rc = run_amrc(stdin_args, 3);
  dup2(saved_in, 0);
  close(saved_in);
  assert_int_equal(rc, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plan),
      cmocka_unit_test(test_programme),
      cmocka_unit_test(test_index),
      cmocka_unit_test(test_kind),
      cmocka_unit_test(test_source),
      cmocka_unit_test(test_transfer),
      cmocka_unit_test(test_expect),
      cmocka_unit_test(test_project),
      cmocka_unit_test(test_rules),
      cmocka_unit_test(test_values),
      cmocka_unit_test(test_cell_literals),
      cmocka_unit_test(test_declared_counts),
      cmocka_unit_test(test_amount_spellings),
      cmocka_unit_test(test_amount_spellings_refused),
      cmocka_unit_test(test_amount_beyond_money_type),
      cmocka_unit_test(test_years),
      cmocka_unit_test(test_line_numbers),
      cmocka_unit_test(test_strings),
      cmocka_unit_test(test_syntax_messages),
      cmocka_unit_test(test_recovery),
      cmocka_unit_test(test_imports_from_memory),
      cmocka_unit_test(test_empty_and_comments),
      cmocka_unit_test(test_bom_and_crlf),
      cmocka_unit_test(test_bad_bytes),
      cmocka_unit_test(test_utf8_in_blocks),
      cmocka_unit_test(test_control_characters),
      cmocka_unit_test(test_line_index),
      cmocka_unit_test(test_megabyte_line),
      cmocka_unit_test(test_long_identifier),
      cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_long_lists),
      cmocka_unit_test(test_strings_kept_once),
      cmocka_unit_test(test_released_text),
      cmocka_unit_test(test_amrc_main_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

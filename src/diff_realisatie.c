/* diff_realisatie.c: amrc diff of two reporting dates (docs/realisatie.md,
 * "Two reports compared").
 *
 *   amrc diff --actuals Q1.csv --actuals-new Q1.csv --actuals-new Q2.csv PLAN
 *   amrc diff --actuals Q1.csv --actuals Q2.csv --as-of 31-03-2026 --as-of-new 30-06-2026 PLAN
 *
 * One plan, two realisatie reports: the old one from --actuals (and
 * --as-of), the new one from --actuals-new (or the same files) and
 * --as-of-new (or the last booking). Both are computed as `amrc --actuals`
 * computes them (realisatie_run) and compared: the findings that are new,
 * resolved or still open (matched by what they are about: name, project,
 * line, year; not by their amounts), the lines whose realised amount or
 * forecast moved, and the projects whose forecast balances, money paid back
 * or lasten waiting for money moved. Nothing of the plan is compared: it is
 * the same plan.
 *
 * Exit status as amrc diff: 0 nothing changed, 1 changes, 2 trouble. */
#include "actuals.h"
#include "grid.h"
#include "cli.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct Report {
  const char *const *files;
  int nfiles;
  ActualsOptions opt;
  Diags d;
  Realisatie *r;
  char date[16];
} Report;

typedef struct Finding {
  int sign;                /* +1 new, -1 resolved, 0 still open */
  const Diag *g;           /* the new report's (the old one's when resolved) */
  int order;               /* its place in the report it is taken from */
} Finding;

typedef struct RowPair {
  const RealRow *a, *b;    /* either may be NULL: not compared that time */
} RowPair;

typedef struct YearPair {
  const RealProject *a, *b;
  int yi;
} YearPair;

typedef struct Cmp {
  Arena *arena;
  const Plan *plan;
  Lang lang;
  const Catalog *nl;       /* the labels' catalogue: Dutch, or NULL for English */
  Report *A, *B;
  Finding *findings;
  int nfindings, nnew, nresolved, nopen;
  RowPair *rows;
  int nrows;
  YearPair *years;
  int nyears;
} Cmp;

/* ---------------------------------------------------------------- findings */

/* What a finding is about, without its amounts: findings of two reports
 * with the same key are the same finding. One without a project (an
 * unused accept, an overflow) is about its place. */
static const char *finding_key(Arena *a, const Diag *g) {
  if (g->project)
    return arena_printf(a, "%s\t%s\t%d\t%d", g->name, g->project, g->line, g->year);
  return arena_printf(a, "%s\t\t%s\t%u", g->name, g->loc.file ? g->loc.file->display : "",
                      (unsigned)g->loc.begin);
}

typedef struct Keyed {
  const char *key;
  const Diag *g;
  int order;               /* as reported: the output keeps that order */
} Keyed;

static int by_key(const void *x, const void *y) {
  const Keyed *a = x, *b = y;
  int c = strcmp(a->key, b->key);
  return c ? c : (a->order > b->order) - (a->order < b->order);
}

static Keyed *keyed(Arena *a, const Diags *d, int *n) {
  int count = 0;
  for (const Diag *g = d->head; g; g = g->next)
    count += !g->accepted;
  Keyed *k = arena_alloc(a, sizeof *k * (size_t)(count + 1));
  *n = 0;
  for (const Diag *g = d->head; g; g = g->next)
    if (!g->accepted) {
      k[*n] = (Keyed){finding_key(a, g), g, *n};
      (*n)++;
    }
  qsort(k, (size_t)*n, sizeof *k, by_key);
  return k;
}

static int rank(const Finding *f) { return f->sign > 0 ? 0 : f->sign < 0 ? 1 : 2; }

/* new first, then resolved, then still open; each in the order reported */
static int by_order(const void *x, const void *y) {
  const Finding *a = x, *b = y;
  if (rank(a) != rank(b))
    return rank(a) - rank(b);
  return (a->order > b->order) - (a->order < b->order);
}

/* Sorted by key, both lists are walked once; a key given n times in one
 * report and m in the other pairs min(n, m) of them. */
static void compare_findings(Cmp *C) {
  int na, nb;
  Keyed *ka = keyed(C->arena, &C->A->d, &na), *kb = keyed(C->arena, &C->B->d, &nb);
  C->findings = arena_alloc(C->arena, sizeof *C->findings * (size_t)(na + nb + 1));
  int i = 0, j = 0;
  while (i < na || j < nb) {
    int c = i >= na ? 1 : j >= nb ? -1 : strcmp(ka[i].key, kb[j].key);
    C->findings[C->nfindings++] = c < 0   ? (Finding){-1, ka[i].g, ka[i].order}
                                  : c > 0 ? (Finding){+1, kb[j].g, kb[j].order}
                                          : (Finding){0, kb[j].g, kb[j].order};
    if (c <= 0)
      i++;
    if (c >= 0)
      j++;
  }
  qsort(C->findings, (size_t)C->nfindings, sizeof *C->findings, by_order);
  for (int k = 0; k < C->nfindings; k++) {
    if (C->findings[k].sign > 0)
      C->nnew++;
    else if (C->findings[k].sign < 0)
      C->nresolved++;
    else
      C->nopen++;
  }
}

/* ---------------------------------------------------------------- rows */

/* Rows of both reports are in one order: project, line number, side, year. */
static int row_cmp(const RealRow *x, const RealRow *y) {
  int px = x->line->project->index, py = y->line->project->index;
  if (px != py)
    return (px > py) - (px < py);
  if (x->line->nr != y->line->nr)
    return (x->line->nr > y->line->nr) - (x->line->nr < y->line->nr);
  if (x->side != y->side)
    return (x->side > y->side) - (x->side < y->side);
  return (x->year > y->year) - (x->year < y->year);
}

static bool row_moved(const RowPair *p) {
  if (!p->a || !p->b)
    return true;
  return p->a->realised != p->b->realised || p->a->forecast != p->b->forecast ||
         p->a->late != p->b->late;
}

static void compare_rows(Cmp *C) {
  const Realisatie *A = C->A->r, *B = C->B->r;
  C->rows = arena_alloc(C->arena, sizeof *C->rows * (size_t)(A->nrows + B->nrows + 1));
  int i = 0, j = 0;
  while (i < A->nrows || j < B->nrows) {
    int c = i >= A->nrows ? 1 : j >= B->nrows ? -1 : row_cmp(&A->rows[i], &B->rows[j]);
    RowPair p = {c <= 0 ? &A->rows[i] : NULL, c >= 0 ? &B->rows[j] : NULL};
    if (c <= 0)
      i++;
    if (c >= 0)
      j++;
    if (row_moved(&p))
      C->rows[C->nrows++] = p;
  }
}

static int64_t at(const int64_t *v, int yi) { return v ? v[yi] : 0; }

static void compare_years(Cmp *C) {
  const Realisatie *A = C->A->r, *B = C->B->r;
  int ny = C->plan->nyears;
  C->years = arena_alloc(C->arena, sizeof *C->years * ((size_t)A->nprojects * (size_t)ny + 1));
  for (int pi = 0; pi < A->nprojects; pi++) {
    const RealProject *a = &A->projects[pi], *b = &B->projects[pi];
    for (int yi = 0; yi < ny; yi++)
      if (a->projected[yi] != b->projected[yi] ||
          at(a->unpaid_forecast, yi) != at(b->unpaid_forecast, yi) ||
          at(a->paid_back_forecast, yi) != at(b->paid_back_forecast, yi))
        C->years[C->nyears++] = (YearPair){a, b, yi};
  }
}

static bool cmp_empty(const Cmp *C) {
  return !C->nnew && !C->nresolved && !C->nrows && !C->nyears;
}

/* ---------------------------------------------------------------- rendering */

/* A label in the report's language, from the catalogue (po/nl.po). */
static const char *L(const Cmp *C, const char *msgid) { return nls_text(C->nl, C->arena, msgid); }

/* old -> new of a row's field; "" where the row was not compared */
static const char *row_money(Arena *a, const RealRow *r, size_t field) {
  return r ? grid_money(a, *(const int64_t *)((const char *)r + field)) : "";
}

static const char *row_change(Arena *a, const RowPair *p, size_t field) {
  int64_t x = p->a ? *(const int64_t *)((const char *)p->a + field) : 0;
  int64_t y = p->b ? *(const int64_t *)((const char *)p->b + field) : 0;
  return grid_money(a, money_sub_sat(y, x));
}

static Grid *rows_grid(const Cmp *C) {
  Arena *a = C->arena;
  const char *d1 = C->A->date, *d2 = C->B->date;
  Grid *g = grid_new(a, L(C, N_("Realised and forecast per line")), 5, 0, 12);
  const char *head[] = {L(C, N_("Project")), L(C, N_("Line")), L(C, N_("Category")),
                        L(C, N_("Side")), L(C, N_("Year")),
                        nls_printf(C->nl, a, N_("Realised %s"), d1),
                        nls_printf(C->nl, a, N_("Realised %s"), d2),
                        L(C, N_("Change")),
                        nls_printf(C->nl, a, N_("Forecast %s"), d1),
                        nls_printf(C->nl, a, N_("Forecast %s"), d2),
                        L(C, N_("Change")), L(C, N_("Budget"))};
  for (int c = 0; c < 12; c++) {
    g->head[c] = head[c];
    g->numeric[c] = c == 1 || c >= 4;
  }
  for (int i = 0; i < C->nrows; i++) {
    const RowPair *p = &C->rows[i];
    const RealRow *r = p->b ? p->b : p->a;
    const char **c = grid_row(a, g, ROW_DATA);
    c[0] = r->line->project->id;
    c[1] = arena_printf(a, "%d", r->line->nr);
    c[2] = text_clean(a, r->line->category);
    c[3] = L(C, r->side == SIDE_BATEN ? N_("revenue") : N_("expenses"));
    c[4] = arena_printf(a, "%d", r->year);
    c[5] = row_money(a, p->a, offsetof(RealRow, realised));
    c[6] = row_money(a, p->b, offsetof(RealRow, realised));
    c[7] = row_change(a, p, offsetof(RealRow, realised));
    c[8] = row_money(a, p->a, offsetof(RealRow, forecast));
    c[9] = row_money(a, p->b, offsetof(RealRow, forecast));
    c[10] = row_change(a, p, offsetof(RealRow, forecast));
    c[11] = grid_money(a, r->budget);
  }
  return g;
}

static Grid *years_grid(const Cmp *C) {
  Arena *a = C->arena;
  const char *d1 = C->A->date, *d2 = C->B->date;
  Grid *g = grid_new(a, L(C, N_("Forecast per project, at the end of each year")), 2, 0, 9);
  const char *head[] = {L(C, N_("Project")), L(C, N_("Year")),
                        nls_printf(C->nl, a, N_("Balance %s"), d1),
                        nls_printf(C->nl, a, N_("Balance %s"), d2),
                        L(C, N_("Change")),
                        nls_printf(C->nl, a, N_("Not yet paid %s"), d1),
                        nls_printf(C->nl, a, N_("Not yet paid %s"), d2),
                        nls_printf(C->nl, a, N_("Paid back %s"), d1),
                        nls_printf(C->nl, a, N_("Paid back %s"), d2)};
  for (int c = 0; c < 9; c++) {
    g->head[c] = head[c];
    g->numeric[c] = c >= 1;
  }
  for (int i = 0; i < C->nyears; i++) {
    const YearPair *y = &C->years[i];
    const char **c = grid_row(a, g, ROW_DATA);
    c[0] = y->b->project->id;
    c[1] = arena_printf(a, "%d", C->plan->first_year + y->yi);
    c[2] = grid_money(a, y->a->projected[y->yi]);
    c[3] = grid_money(a, y->b->projected[y->yi]);
    c[4] = grid_money(a, money_sub_sat(y->b->projected[y->yi], y->a->projected[y->yi]));
    c[5] = grid_money(a, at(y->a->unpaid_forecast, y->yi));
    c[6] = grid_money(a, at(y->b->unpaid_forecast, y->yi));
    c[7] = grid_money(a, at(y->a->paid_back_forecast, y->yi));
    c[8] = grid_money(a, at(y->b->paid_back_forecast, y->yi));
  }
  return g;
}

static const char *kind_word(const Cmp *C, int sign) {
  return L(C, sign > 0 ? N_("new") : sign < 0 ? N_("resolved") : N_("still open"));
}

static const char *sev_word(const Diag *g) {
  return g->sev == SEV_ERROR ? "error" : g->sev == SEV_WARNING ? "warning" : "note";
}

static const char *place(Arena *a, const Diag *g) {
  if (!g->loc.file)
    return "amrc";
  Pos p = loc_pos(g->loc);
  return arena_printf(a, "%s:%d:%d", g->loc.file->display, p.line, p.col);
}

/* arrow: "->" in text, "→" in Markdown (where '>' would be escaped) */
static const char *headline(const Cmp *C, const char *arrow) {
  /* a count has a message for one and one for more (nls.c) */
  Arena *a = C->arena;
#define COUNT(n, one, many) nls_printf(C->nl, a, (n) == 1 ? one : many, n)
  const char *s = nls_printf(
      C->nl, a,
      N_("realisatie %s %s %s (%d %s %d bookings): %s, %d resolved, %d still open; %s and %s changed"),
      C->A->date, arrow, C->B->date, C->A->r->nbooked, arrow, C->B->r->nbooked,
      COUNT(C->nnew, N_("%d new finding"), N_("%d new findings")), C->nresolved, C->nopen,
      COUNT(C->nrows, N_("%d line"), N_("%d lines")),
      COUNT(C->nyears, N_("%d project year"), N_("%d project years")));
#undef COUNT
  return s;
}

static void render_text(const Cmp *C, Buf *o) {
  Arena *a = C->arena;
  buf_printf(o, "amrc diff %s\n", headline(C, "->"));
  if (cmp_empty(C)) {
    buf_printf(o, "\n%s\n", L(C, N_("Nothing changed between the two reports.")));
    return;
  }
  if (C->nfindings) {
    buf_printf(o, "\n%s\n", L(C, N_("Findings")));
    for (int i = 0; i < C->nfindings; i++) {
      const Diag *g = C->findings[i].g;
      buf_printf(o, "  %-10s %s: %s: ", kind_word(C, C->findings[i].sign), place(a, g), sev_word(g));
      const char *msg = diag_text(g, C->lang == LANG_NL);
      text_put_clean(o, msg, strlen(msg), false);
      buf_printf(o, " [-W%s]\n", g->name);
    }
  }
  if (C->nrows) {
    buf_putc(o, '\n');
    grid_render_text(a, rows_grid(C), o);
  }
  if (C->nyears) {
    buf_putc(o, '\n');
    grid_render_text(a, years_grid(C), o);
  }
}

static void render_markdown(const Cmp *C, Buf *o) {
  Arena *a = C->arena;
  buf_puts(o, "## amrc diff ");
  md_escape(a, o, headline(C, "\u2192"));
  buf_putc(o, '\n');
  if (cmp_empty(C)) {
    buf_printf(o, "\n%s\n", L(C, N_("Nothing changed between the two reports.")));
    return;
  }
  if (C->nfindings) {
    buf_printf(o, "\n## %s\n\n", L(C, N_("Findings")));
    for (int i = 0; i < C->nfindings; i++) {
      const Diag *g = C->findings[i].g;
      buf_printf(o, "- **%s** `%s` %s: ", kind_word(C, C->findings[i].sign), g->name, sev_word(g));
      md_escape(a, o, arena_printf(a, "%s: %s", place(a, g), diag_text(g, C->lang == LANG_NL)));
      buf_putc(o, '\n');
    }
  }
  if (C->nrows) {
    buf_putc(o, '\n');
    grid_render_markdown(a, rows_grid(C), o);
  }
  if (C->nyears) {
    buf_putc(o, '\n');
    grid_render_markdown(a, years_grid(C), o);
  }
}

static void json_money(Buf *b, const char *name, const RealRow *r, size_t field) {
  if (!r) {
    buf_printf(b, ", \"%s_cents\": null", name);
    return;
  }
  buf_printf(b, ", \"%s_cents\": %lld", name, (long long)*(const int64_t *)((const char *)r + field));
}

static void json_report(Buf *o, const char *key, const Report *R) {
  buf_printf(o, "  \"%s\": {\"as_of\": \"%s\", \"bookings\": %d, \"bookings_after_as_of\": %d, \"files\": [",
             key, R->date, R->r->nbooked, R->r->nlater);
  for (int i = 0; i < R->nfiles; i++) {
    buf_puts(o, i ? ", " : "");
    buf_json_string(o, R->files[i]);
  }
  buf_puts(o, "]},\n");
}

static void render_json(const Cmp *C, Buf *o) {
  buf_puts(o, "{\n  \"realisatie_diff_version\": 1,\n  \"plan\": ");
  buf_json_string(o, C->plan->decl && C->plan->decl->id ? C->plan->decl->id : "");
  buf_puts(o, ",\n");
  json_report(o, "old", C->A);
  json_report(o, "new", C->B);
  buf_printf(o, "  \"changed\": %s,\n  \"findings\": [", cmp_empty(C) ? "false" : "true");
  for (int i = 0; i < C->nfindings; i++) {
    const Diag *g = C->findings[i].g;
    Pos p = g->loc.file ? loc_pos(g->loc) : (Pos){0};
    buf_printf(o, "%s\n    {\"status\": \"%s\", \"name\": \"%s\", \"severity\": \"%s\", \"file\": ",
               i ? "," : "",
               C->findings[i].sign > 0 ? "new" : C->findings[i].sign < 0 ? "resolved" : "open",
               g->name, sev_word(g));
    buf_json_string(o, g->loc.file ? g->loc.file->display : NULL);
    buf_printf(o, ", \"line\": %d, \"col\": %d, \"project\": ", p.line, p.col);
    buf_json_string(o, g->project);
    buf_printf(o, ", \"plan_line\": %d, \"year\": %d, \"message\": ", g->line, g->year);
    buf_json_string(o, g->msg);
    buf_putc(o, '}');
  }
  buf_puts(o, C->nfindings ? "\n  ],\n  \"lines\": [" : "],\n  \"lines\": [");
  for (int i = 0; i < C->nrows; i++) {
    const RowPair *p = &C->rows[i];
    const RealRow *r = p->b ? p->b : p->a;
    buf_printf(o, "%s\n    {\"project\": ", i ? "," : "");
    buf_json_string(o, r->line->project->id);
    buf_printf(o, ", \"line\": %d, \"category\": ", r->line->nr);
    buf_json_string(o, r->line->category);
    buf_printf(o, ", \"side\": \"%s\", \"year\": %d, \"budget_cents\": %lld", side_name(r->side),
               r->year, (long long)r->budget);
    json_money(o, "realised_old", p->a, offsetof(RealRow, realised));
    json_money(o, "realised_new", p->b, offsetof(RealRow, realised));
    json_money(o, "forecast_old", p->a, offsetof(RealRow, forecast));
    json_money(o, "forecast_new", p->b, offsetof(RealRow, forecast));
    json_money(o, "late_old", p->a, offsetof(RealRow, late));
    json_money(o, "late_new", p->b, offsetof(RealRow, late));
    buf_putc(o, '}');
  }
  buf_puts(o, C->nrows ? "\n  ],\n  \"projects\": [" : "],\n  \"projects\": [");
  for (int i = 0; i < C->nyears; i++) {
    const YearPair *y = &C->years[i];
    buf_printf(o, "%s\n    {\"project\": ", i ? "," : "");
    buf_json_string(o, y->b->project->id);
    buf_printf(o, ", \"year\": %d, \"closing_old_cents\": %lld, \"closing_new_cents\": %lld, "
                  "\"unpaid_old_cents\": %lld, \"unpaid_new_cents\": %lld, "
                  "\"paid_back_old_cents\": %lld, \"paid_back_new_cents\": %lld}",
               C->plan->first_year + y->yi, (long long)y->a->projected[y->yi],
               (long long)y->b->projected[y->yi], (long long)at(y->a->unpaid_forecast, y->yi),
               (long long)at(y->b->unpaid_forecast, y->yi),
               (long long)at(y->a->paid_back_forecast, y->yi),
               (long long)at(y->b->paid_back_forecast, y->yi));
  }
  buf_puts(o, C->nyears ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---------------------------------------------------------------- the run */

int diff_reports(Arena *a, const DiffReports *q, Buf *out) {
  Diags plan_diags;
  diags_init(&plan_diags, a);
  plan_diags.nl = q->nl;
  plan_diags.dutch = q->nl != NULL;
  plan_diags.max_errors = INT_MAX / 2;
  const char *paths[1] = {q->plan};
  Compile c = {.load = q->load, .paths = paths, .npaths = 1};
  /* The plan's own findings are the same in both reports: not compared,
   * and not printed unless it cannot be computed. */
  if (!compile_plan(a, &plan_diags, &c)) {
    diags_print(&plan_diags, stderr, (DiagStyle){DIAG_TEXT, false});
    nls_say(q->nl, "amrc diff", "%s: the plan cannot be computed; nothing compared", q->plan);
    return 2;
  }
  const Plan *plan = &c.plan;
  Report R[2] = {{.files = q->old_files, .nfiles = q->nold, .opt.as_of = q->old_as_of},
                 {.files = q->new_files, .nfiles = q->nnew, .opt.as_of = q->new_as_of}};
  for (int k = 0; k < 2; k++) {
    R[k].opt.behind_pct = q->behind_pct;
    R[k].opt.over_pct = q->over_pct;
    int y = R[k].opt.as_of / 10000;
    if (R[k].opt.as_of && year_index(plan, y) < 0) {
      nls_say(q->nl, "amrc diff", "%s %d is outside the plan's years %d..%d", k ? "--as-of-new" : "--as-of", y,
              plan->first_year, plan->first_year + plan->nyears - 1);
      return 2;
    }
    diags_init(&R[k].d, a);
    R[k].d.max_errors = INT_MAX / 2;
    /* the findings in Dutch too for a Dutch report (nl is then given) */
    R[k].d.nl = q->report_nl ? q->report_nl : q->nl;
    R[k].d.dutch = q->nl != NULL;
    R[k].r = realisatie_run(plan, &c.results, a, &R[k].d, R[k].files, R[k].nfiles, &R[k].opt);
    if (!R[k].r) {
      diags_print(&R[k].d, stderr, (DiagStyle){DIAG_TEXT, false});
      nls_say(q->nl, "amrc diff",
              k ? "the new report's actuals could not be read; nothing compared"
                : N_("the old report's actuals could not be read; nothing compared"));
      return 2;
    }
    fmt_date(R[k].date, sizeof R[k].date, R[k].r->opt.as_of);
  }
  Cmp C = {.arena = a, .plan = plan, .lang = q->lang, .nl = q->report_nl, .A = &R[0], .B = &R[1]};
  compare_findings(&C);
  compare_rows(&C);
  compare_years(&C);
  if (q->format == DIFF_TEXT)
    render_text(&C, out);
  else if (q->format == DIFF_MARKDOWN)
    render_markdown(&C, out);
  else
    render_json(&C, out);
  return cmp_empty(&C) ? 0 : 1;
}

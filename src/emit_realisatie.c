/* emit_realisatie.c: the plan against its actuals (--actuals), as a table
 * per project and a summary (text, Markdown) and as JSON. The comparison is
 * computed by actuals.c; this file only lays it out. */
#include "actuals.h"
#include "emit.h"

#include <string.h>


/* The realisatie's words in English, each the msgid of its Dutch in the
 * catalogue (po/nl.po), which a report in Dutch reads (EmitOptions.nl). */
static const char *const labels[RL_COUNT] = {
    N_("Actuals"), N_("Actuals per project"), N_("Line"), N_("Category"), N_("Side"),
    N_("Year"), N_("Budget"), N_("Budgeted to date"), N_("Realised"), N_("Remaining"),
    NULL /* RL_USED: a format, see realisatie_label */, N_("Forecast"), N_("Forecast - budget"),
    N_("Project"), N_("Closing balance, planned"), N_("Closing balance, forecast"),
    N_("Paid back (unspent), planned"), N_("Paid back (unspent), forecast"),
    N_("Lasten not yet paid, planned"), N_("Lasten not yet paid, forecast"), N_("Total"),
    N_("bookings")};

static const Catalog *dutch(const EmitOptions *o) { return o->lang == LANG_NL ? o->nl : NULL; }

const char *realisatie_label(const EmitOptions *o, Arena *a, RealLabel l) {
  /* its '%' written as "%%", so that the catalogue reads no conversion in it */
  if (l == RL_USED)
    return nls_printf(dutch(o), a, "%% realised");
  return nls_text(dutch(o), a, labels[l]);
}

static const char *permille(Arena *a, int64_t part, int64_t whole) {
  int64_t pm;
  if (!realisatie_permille(part, whole, &pm))
    return "-";
  int64_t m = pm < 0 ? -pm : pm;
  return arena_printf(a, "%s%lld,%lld%%", pm < 0 ? "-" : "", (long long)(m / 10), (long long)(m % 10));
}

const char *realisatie_side(const EmitOptions *o, Arena *a, Side s) {
  return nls_text(dutch(o), a, s == SIDE_BATEN ? N_("revenue") : N_("expenses"));
}

static const char *as_of_text(Arena *a, const Realisatie *r) {
  char d[16];
  fmt_date(d, sizeof d, r->opt.as_of);
  return arena_strdup(a, d);
}

const char *realisatie_unmapped(Arena *a, const EmitOptions *o, const Realisatie *r) {
  if (!r->nunmapped)
    return "";
  if (r->nunmapped == 1)
    return nls_printf(dutch(o), a, "%d line side with a budget, no books and no bookings: not compared.",
                      r->nunmapped);
  return nls_printf(dutch(o), a, "%d line sides with a budget, no books and no bookings: not compared.",
                    r->nunmapped);
}

/* The rows of one project, and its balances planned and forecast. */
static Grid *project_grid(Arena *a, const Plan *plan, const Realisatie *r,
                          const RealProject *rp, const EmitOptions *o) {
  const Project *p = rp->project;
  Grid *g = grid_new(a, nls_printf(dutch(o), a, "%s %s: %s (to %s)", realisatie_label(o, a, RL_TITLE),
                                   p->id, p->title ? p->title : "", as_of_text(a, r)),
                     4, 0, 11);
  RealLabel head[] = {RL_LINE, RL_CATEGORY, RL_SIDE, RL_YEAR, RL_BUDGET, RL_TO_DATE, RL_REALISED,
                  RL_REMAINING, RL_USED, RL_FORECAST, RL_DIFFERENCE};
  for (int c = 0; c < 11; c++) {
    g->head[c] = realisatie_label(o, a, head[c]);
    g->numeric[c] = c >= 4 || c == 0 || c == 3;
  }
  for (int i = 0; i < rp->nrows; i++) {
    const RealRow *row = &r->rows[rp->first_row + i];
    const char **c = grid_row(a, g, ROW_DATA);
    c[0] = arena_printf(a, "%d", row->line->nr);
    c[1] = row->line->category;
    c[2] = realisatie_side(o, a, row->side);
    c[3] = arena_printf(a, "%d", row->year);
    c[4] = grid_money(a, row->budget);
    c[5] = grid_money(a, row->to_date);
    c[6] = grid_money(a, row->realised);
    c[7] = grid_money(a, money_sub_sat(row->budget, row->realised));
    c[8] = permille(a, row->realised, row->budget);
    c[9] = grid_money(a, row->forecast);
    c[10] = grid_money(a, money_sub_sat(row->forecast, row->budget));
  }
  (void)plan;
  return g;
}

static bool any_money(const int64_t *v, int n) {
  for (int i = 0; v && i < n; i++)
    if (v[i])
      return true;
  return false;
}

/* Lasten left unpaid at a year's end are the balance below zero, unless
 * money the balance shows may not pay them (earmarked for other lines,
 * paid back unspent): only then is the row worth showing. */
static bool unpaid_says_more(const int64_t *unpaid, const int64_t *closing, int n) {
  for (int i = 0; unpaid && i < n; i++)
    if (unpaid[i] != (closing[i] < 0 ? -closing[i] : 0))
      return true;
  return false;
}

static void year_row(Arena *a, Grid *g, const char *label, const int64_t *v, int n) {
  const char **c = grid_row(a, g, ROW_DATA);
  c[0] = label;
  for (int y = 0; y < n; y++)
    c[1 + y] = grid_money(a, v[y]);
}

/* The closing balances planned and forecast; what the allocation pays back
 * unspent and leaves unpaid, when either does so in some year. */
static Grid *balance_grid(Arena *a, const Plan *plan, const RealProject *rp,
                          const EmitOptions *o) {
  Grid *g = grid_new(a, nls_printf(dutch(o), a, "Balances %s", rp->project->id),
                     1, 0, 1 + plan->nyears);
  g->head[0] = "";
  for (int y = 0; y < plan->nyears; y++) {
    g->head[1 + y] = arena_printf(a, "%d", plan->first_year + y);
    g->numeric[1 + y] = true;
  }
  int n = plan->nyears;
  year_row(a, g, realisatie_label(o, a, RL_BALANCE_PLAN), rp->planned, n);
  year_row(a, g, realisatie_label(o, a, RL_BALANCE_FORECAST), rp->projected, n);
  if (any_money(rp->paid_back_planned, n) || any_money(rp->paid_back_forecast, n)) {
    year_row(a, g, realisatie_label(o, a, RL_PAID_BACK_PLAN), rp->paid_back_planned, n);
    year_row(a, g, realisatie_label(o, a, RL_PAID_BACK_FORECAST), rp->paid_back_forecast, n);
  }
  if (unpaid_says_more(rp->unpaid_planned, rp->planned, n) ||
      unpaid_says_more(rp->unpaid_forecast, rp->projected, n)) {
    year_row(a, g, realisatie_label(o, a, RL_UNPAID_PLAN), rp->unpaid_planned, n);
    year_row(a, g, realisatie_label(o, a, RL_UNPAID_FORECAST), rp->unpaid_forecast, n);
  }
  return g;
}

static void sum_row(Arena *a, Grid *g, const EmitOptions *o, RealSum v, const char *label,
                    Side s, int year, RowKind kind) {
  const char **c = grid_row(a, g, kind);
  c[0] = label;
  c[1] = realisatie_side(o, a, s);
  c[2] = arena_printf(a, "%d", year);
  c[3] = grid_money(a, v.budget);
  c[4] = grid_money(a, v.to_date);
  c[5] = grid_money(a, v.realised);
  c[6] = permille(a, v.realised, v.budget);
  c[7] = grid_money(a, v.forecast);
  c[8] = grid_money(a, money_sub_sat(v.forecast, v.budget));
}

/* Per project and side, the years compared added up. */
static Grid *summary_grid(Arena *a, const Realisatie *r, const EmitOptions *o) {
  Grid *g = grid_new(a, nls_printf(dutch(o), a, "%s (to %s; %d %s)", realisatie_label(o, a, RL_SUMMARY),
                                   as_of_text(a, r), r->nbooked, realisatie_label(o, a, RL_BOOKINGS)),
                     3, 0, 9);
  RealLabel head[] = {RL_PROJECT, RL_SIDE, RL_YEAR, RL_BUDGET, RL_TO_DATE, RL_REALISED, RL_USED,
                  RL_FORECAST, RL_DIFFERENCE};
  for (int c = 0; c < 9; c++) {
    g->head[c] = realisatie_label(o, a, head[c]);
    g->numeric[c] = c >= 2;
  }
  int ny = r->last_year - r->first_year + 1;
  for (int pi = 0; pi < r->nprojects; pi++) {
    const RealProject *rp = &r->projects[pi];
    for (int y = 0; y < ny; y++)
      for (int s = 0; s < 2; s++) {
        RealSum v = realisatie_sum(r, rp, (Side)s, r->first_year + y);
        if (v.nrows)
          sum_row(a, g, o, v, rp->project->id, (Side)s, r->first_year + y, ROW_DATA);
      }
  }
  for (int s = 0; s < 2; s++)
    sum_row(a, g, o, realisatie_sum(r, NULL, (Side)s, r->last_year), realisatie_label(o, a, RL_TOTAL), (Side)s,
            r->last_year, ROW_TOTAL);
  return g;
}


int realisatie_grids(Arena *a, const Plan *plan, const EmitOptions *o, int project,
                     const Grid ***out) {
  const Realisatie *r = o->realisatie;
  int n = 0;
  const Grid **g = arena_alloc(a, sizeof *g * 2);
  if (r && project < 0) {
    g[n++] = summary_grid(a, r, o);
  } else if (r && project < r->nprojects && realisatie_shown(&r->projects[project])) {
    const RealProject *rp = &r->projects[project];
    if (rp->nrows)
      g[n++] = project_grid(a, plan, r, rp, o);
    g[n++] = balance_grid(a, plan, rp, o);
  }
  *out = g;
  return n;
}

typedef void Render(Arena *a, const Grid *g, Buf *out);

static void emit_grids(const Plan *plan, const EmitOptions *o, Buf *out, Render *render) {
  const Realisatie *r = o->realisatie;
  if (!r)
    return;
  Arena a = {0};
  render(&a, summary_grid(&a, r, o), out);
  if (r->nunmapped)
    buf_printf(out, "\n%s\n", realisatie_unmapped(&a, o, r));
  for (int pi = 0; pi < r->nprojects; pi++) {
    const RealProject *rp = &r->projects[pi];
    if (!realisatie_shown(rp))
      continue;
    if (rp->nrows) {
      buf_putc(out, '\n');
      render(&a, project_grid(&a, plan, r, rp, o), out);
    }
    buf_putc(out, '\n');
    render(&a, balance_grid(&a, plan, rp, o), out);
  }
  arena_free(&a);
}

void emit_realisatie(const Plan *plan, const Results *res, const EmitOptions *o, Buf *out) {
  (void)res;  /* the comparison (o->realisatie) holds what it shows */
  emit_grids(plan, o, out, grid_render_text);
}

void emit_realisatie_markdown(const Plan *plan, const Results *res, const EmitOptions *o, Buf *out) {
  (void)res;  /* the comparison (o->realisatie) holds what it shows */
  emit_grids(plan, o, out, grid_render_markdown);
}

/* ------------------------------------------------------------ JSON */

static void json_money(Buf *b, const char *name, int64_t cents) {
  char dec[64];
  fmt_decimal(dec, sizeof dec, cents, false);
  buf_printf(b, ", \"%s_cents\": %lld, \"%s\": \"%s\"", name, (long long)cents, name, dec);
}

void emit_realisatie_json(const Plan *plan, const Results *res, const EmitOptions *o, Buf *out) {
  (void)res;  /* the comparison (o->realisatie) holds what it shows */
  const Realisatie *r = o->realisatie;
  if (!r)
    return;
  Arena a = {0};
  buf_puts(out, "{\n  \"realisatie_version\": 1,\n  \"plan\": ");
  buf_json_string(out, plan->decl && plan->decl->id ? plan->decl->id : "");
  buf_printf(out, ",\n  \"as_of\": \"%s\",\n  \"first_year\": %d,\n  \"last_year\": %d,\n",
             as_of_text(&a, r), r->first_year, r->last_year);
  buf_printf(out, "  \"bookings\": %d,\n  \"bookings_after_as_of\": %d,\n", r->nbooked, r->nlater);
  buf_printf(out, "  \"sides_not_compared\": %d,\n", r->nunmapped);
  buf_printf(out, "  \"behind_pct\": %d,\n  \"over_pct\": %d,\n  \"projects\": [", r->opt.behind_pct,
             r->opt.over_pct);
  bool firstp = true;
  for (int pi = 0; pi < r->nprojects; pi++) {
    const RealProject *rp = &r->projects[pi];
    if (!realisatie_shown(rp))
      continue;
    buf_puts(out, firstp ? "\n    {\"id\": " : ",\n    {\"id\": ");
    firstp = false;
    buf_json_string(out, rp->project->id);
    buf_puts(out, ", \"rows\": [");
    for (int i = 0; i < rp->nrows; i++) {
      const RealRow *row = &r->rows[rp->first_row + i];
      buf_printf(out, "%s\n      {\"line\": %d, \"category\": ", i ? "," : "", row->line->nr);
      buf_json_string(out, row->line->category);
      buf_printf(out, ", \"side\": \"%s\", \"year\": %d, \"bookings\": %d", side_name(row->side),
                 row->year, row->nbookings);
      json_money(out, "budget", row->budget);
      json_money(out, "budget_to_date", row->to_date);
      json_money(out, "realised", row->realised);
      json_money(out, "remaining", money_sub_sat(row->budget, row->realised));
      json_money(out, "forecast", row->forecast);
      if (row->late)
        json_money(out, "late", row->late);
      int64_t pm;
      if (realisatie_permille(row->realised, row->budget, &pm))
        buf_printf(out, ", \"used_permille\": %lld}", (long long)pm);
      else
        buf_puts(out, ", \"used_permille\": null}");
    }
    buf_puts(out, "\n    ], \"closing\": [");
    for (int y = 0; y < plan->nyears; y++) {
      buf_printf(out, "%s\n      {\"year\": %d", y ? "," : "", plan->first_year + y);
      json_money(out, "planned", rp->planned[y]);
      json_money(out, "forecast", rp->projected[y]);
      if (rp->paid_back_planned) {
        json_money(out, "paid_back_planned", rp->paid_back_planned[y]);
        json_money(out, "paid_back_forecast", rp->paid_back_forecast[y]);
        json_money(out, "unpaid_planned", rp->unpaid_planned[y]);
        json_money(out, "unpaid_forecast", rp->unpaid_forecast[y]);
      }
      buf_putc(out, '}');
    }
    buf_puts(out, "\n    ]}");
  }
  buf_puts(out, firstp ? "]\n}\n" : "\n  ]\n}\n");
  arena_free(&a);
}

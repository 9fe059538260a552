/* columns.c: the columns a plan shows before its horizon (docs/language.md,
 * "Columns before the horizon").
 *
 * A municipal budget prints, beside the years it adopts, the actuals of a
 * closed year ("Rekening 2024") and the current year's budget after its
 * changes ("Actuele begroting 2025"). They are shown and compared, never
 * checked for coverage: their money has been spent or is being spent under
 * an earlier decision. A column's cells are evaluated exactly as the
 * horizon's are (amounts, rules stated in a cell, items, PM) by evaluating
 * the same plan nodes with the columns' years as the horizon, into Results
 * of their own; of the checker, only the stated totals (expect) run on
 * them. The plan stays as resolved; nothing here writes into it. */
#include "amrc.h"

#include <string.h>

const char *column_kind_name(ColumnKind k) {
  static const char *const names[] = {"actuals", "amended", "adopted"};
  return names[k];
}

/* Whether year is a column's: declared, and before the horizon (a column
 * inside the horizon is an error of resolve_columns, and its year is the
 * horizon's). */
static bool is_column_year(const Plan *P, int year) {
  if (!P->decl || year >= P->first_year)
    return false;
  for (const ColumnDecl *c = P->decl->columns; c; c = c->next)
    if (c->year == year)
      return true;
  return false;
}

bool plan_column_years(const Plan *P, int y0, int y1) {
  if (y0 <= 0 || y1 < y0 || !P->decl || !P->decl->columns)
    return false;
  for (int y = y0; y <= y1; y++)
    if (!is_column_year(P, y))
      return false;
  return true;
}

bool resolve_columns(Plan *P, Diags *d) {
  bool ok = true;
  for (const ColumnDecl *c = P->decl->columns; c; c = c->next) {
    if (c->year >= P->first_year) {
      diag_report(d, "year-range", c->loc,
                  "column %d is not before the horizon %d..%d: a column shows a year before it "
                  "(its years are the plan's own)",
                  c->year, P->first_year, P->first_year + P->nyears - 1);
      ok = false;
      continue;
    }
    if (P->first_year - c->year > AMR_MAX_YEARS) {
      diag_report(d, "limit", c->loc,
                  "column %d lies %d years before the horizon; the limit is %d", c->year,
                  P->first_year - c->year, AMR_MAX_YEARS);
      ok = false;
      continue;
    }
    for (const ColumnDecl *e = P->decl->columns; e != c; e = e->next)
      if (e->year == c->year) {
        Diag *g = diag_report(d, "duplicate", c->loc, "column %d is given twice", c->year);
        if (g)
          diag_note(d, g, e->loc, "first given here");
        ok = false;
        break;
      }
  }
  return ok;
}

static const char *column_title(Arena *a, const ColumnDecl *c) {
  if (c->title)
    return c->title;
  static const char *const words[] = {"Rekening", "Actuele begroting", "Primitieve begroting"};
  return arena_printf(a, "%s %d", words[c->kind], c->year);
}

const Columns *columns_eval(const Plan *P, Arena *a, Diags *d, bool check, bool *used) {
  if (!P->decl || !P->decl->columns)
    return NULL;
  int first = P->first_year;
  int n = 0;
  for (const ColumnDecl *c = P->decl->columns; c; c = c->next)
    if (c->year < P->first_year && P->first_year - c->year <= AMR_MAX_YEARS) {
      first = c->year < first ? c->year : first;
      n++;
    }
  if (!n)
    return NULL;
  Plan *cp = arena_alloc(a, sizeof *cp);
  *cp = *P;
  cp->first_year = first;
  cp->nyears = P->first_year - first;
  Columns *cols = arena_alloc(a, sizeof *cols);
  cols->plan = cp;
  results_init(&cols->results, cp, a, NULL);
  cols->results.horizon_first = P->first_year;
  if (!eval_plan(cp, &cols->results, d))
    return NULL;
  if (check) {
    check_expectations(cp, &cols->results, d);
    for (int i = 0; i < P->naccepts; i++)
      used[i] |= cols->results.accept_used[i];
  }
  /* each year once (a duplicate was reported), in the order of the years */
  cols->shown = arena_alloc(a, sizeof *cols->shown * (size_t)cp->nyears);
  for (int yi = 0; yi < cp->nyears; yi++)
    for (const ColumnDecl *c = P->decl->columns; c; c = c->next)
      if (c->year == first + yi) {
        cols->shown[cols->nshown++] = (ShownColumn){c, yi, column_title(a, c)};
        break;
      }
  return cols;
}

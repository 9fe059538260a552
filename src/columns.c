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
 * of their own (driver.c, eval_columns); of the checker, only the stated
 * totals (expect) run on them. This file resolves them; the plan stays as
 * resolved. */
#include "plan.h"

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

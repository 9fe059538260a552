/* verloop.c: the course of a budget from the previous plan to this one
 * (docs/language.md, "verloop").
 *
 * A municipal budget explains itself as "the previous plan, plus the
 * council's decisions, plus other changes, is this plan", year by year:
 * the "verloop van de begroting". What must hold is arithmetic on the
 * amounts as printed: the previous plan's row plus every change is the new
 * plan's row, and each subtotal is the sum of the changes of its group. A
 * year the previous plan did not have (the new last year of the
 * meerjarenraming) starts at nothing. Whether the new plan's row is the
 * plan's own total is an expectation, written with it (`to "TITLE" plan
 * result ...`) and checked with the others (check.c). */
#include "plan.h"

#include <string.h>

static const char *eur(Arena *a, const Plan *P, int64_t cents) {
  char tmp[96];
  fmt_eur_unit(tmp, sizeof tmp, cents, plan_unit(P));
  return arena_strdup(a, tmp);
}

/* A row's amounts per year of the horizon; false (reported) when one is
 * not a plain amount or is given twice. */
static bool row_amounts(const Plan *P, Diags *d, const VerloopRow *r, int64_t *v, bool *has) {
  bool ok = true;
  memset(has, 0, sizeof *has * (size_t)P->nyears);
  for (const YearAmount *ya = r->amounts; ya; ya = ya->next) {
    int64_t cents;
    if (!expr_stated_cents(ya->value, &cents)) {
      diag_report(d, "invalid-value", ya->value->loc,
                  "an amount of a verloop is a plain amount, such as 1_250 or -340");
      ok = false;
      continue;
    }
    for (int y = ya->y0; y <= ya->y1 && y >= ya->y0; y++) {
      int yi = year_index(P, y);
      if (yi < 0)
        continue;  /* resolve.c reported it */
      if (has[yi]) {
        if (r->title)
          diag_report(d, "duplicate", year_amount_loc(ya), "'%s' has an amount for %d twice",
                      r->title, y);
        else
          diag_report(d, "duplicate", year_amount_loc(ya), "the row has an amount for %d twice", y);
        ok = false;
        continue;
      }
      has[yi] = true;
      v[yi] = cents;
    }
  }
  return ok;
}

/* The place of a row's amount for year index yi (the row itself when it
 * has none). */
static Loc amount_loc(const Plan *P, const VerloopRow *r, int yi) {
  for (const YearAmount *ya = r->amounts; ya; ya = ya->next)
    if (year_index(P, ya->y0) <= yi && yi <= year_index(P, ya->y1))
      return year_amount_loc(ya);
  return r->loc;
}

static void compare(Arena *a, const Plan *P, Diags *d, const Verloop *v, const VerloopRow *r, int yi,
                    int64_t stated, int64_t sum, int64_t tol, const char *what) {
  int64_t diff;
  if (stated == sum)
    return;
  int year = P->first_year + yi;
  Loc at = amount_loc(P, r, yi);
  if (!money_sub(sum, stated, &diff) || diff == INT64_MIN) {
    diag_report(d, "overflow", at, "verloop '%s', %d: the difference of its sums is beyond the "
                "money type", v->title, year);
    return;
  }
  bool within = (diff < 0 ? -diff : diff) <= tol;
  diag_report(d, within ? "expectation-tolerance" : "expectation", at,
              "verloop '%s', %d: %s states %s, %s add up to %s (difference %s)%s", v->title,
              year, r->title ? arena_printf(a, "'%s'", r->title) : diag_phrase(d, "the subtotal"),
              eur(a, P, stated), what, eur(a, P, sum), eur(a, P, diff),
              within ? diag_phrase(d, ", within the tolerance") : "");
}

static void check_verloop(Arena *a, const Plan *P, const Verloop *v, Diags *d) {
  int n = P->nyears;
  int64_t tol = 0;
  if (v->tolerance && !expr_stated_cents(v->tolerance, &tol)) {
    diag_report(d, "invalid-value", v->tolerance->loc,
                "the tolerance of a verloop is a plain amount, such as 1");
    return;
  }
  int64_t *row = arena_alloc(a, sizeof *row * (size_t)n);
  bool *has = arena_alloc(a, sizeof *has * (size_t)n);
  int64_t *total = arena_alloc(a, sizeof *total * (size_t)n);  /* from + changes */
  int64_t *group = arena_alloc(a, sizeof *group * (size_t)n);  /* since the heading */
  bool *any = arena_alloc(a, sizeof *any * (size_t)n);
  bool *to_has = arena_alloc(a, sizeof *to_has * (size_t)n);  /* the 'to' row's years */
  const VerloopRow *from = NULL, *to = NULL, *heading = NULL;
  bool overflow = false, to_read = false;
  for (const VerloopRow *r = v->rows; r; r = r->next) {
    if (r->kind == VROW_GROUP) {
      heading = r;
      memset(group, 0, sizeof *group * (size_t)n);
      continue;
    }
    const VerloopRow **once = r->kind == VROW_FROM ? &from : r->kind == VROW_TO ? &to : NULL;
    if (once && *once) {
      Diag *g = diag_report(d, "duplicate", r->loc, "verloop '%s' has two '%s' rows", v->title,
                            r->kind == VROW_FROM ? "previous" : "to");
      diag_note(d, g, (*once)->loc, "first given here");
      continue;
    }
    if (once)
      *once = r;
    if (!row_amounts(P, d, r, row, has))
      continue;
    if (r == to) {
      memcpy(to_has, has, sizeof *to_has * (size_t)n);
      to_read = true;
    }
    for (int yi = 0; yi < n; yi++) {
      if (!has[yi])
        continue;
      if (r->kind == VROW_TO) {
        compare(a, P, d, v, r, yi, row[yi], total[yi], tol,
                from ? diag_phrase(d, "the previous plan and the changes")
                     : diag_phrase(d, "the changes"));
      } else if (r->kind == VROW_SUBTOTAL) {
        compare(a, P, d, v, r, yi, row[yi], group[yi], tol,
                heading ? diag_phrase(d, "the changes under '%s'", heading->title)
                        : diag_phrase(d, "the changes above it"));
      } else {
        overflow |= !money_add(total[yi], row[yi], &total[yi]);
        if (r->kind == VROW_CHANGE)
          overflow |= !money_add(group[yi], row[yi], &group[yi]);
        any[yi] = true;
      }
    }
  }
  if (overflow) {
    diag_report(d, "overflow", v->loc, "verloop '%s': a sum is beyond the money type", v->title);
    return;
  }
  if (!to) {
    diag_report(d, "missing", v->loc,
                "verloop '%s' has no 'to' row: add the new plan's amounts, to \"TITLE\" %d: ...",
                v->title, P->first_year);
    return;
  }
  /* a 'to' row whose amounts were refused has been reported */
  if (!to_read)
    return;
  for (int yi = 0; yi < n; yi++)
    if (any[yi] && !to_has[yi])
      diag_report(d, "missing", to->loc,
                  "verloop '%s': the previous plan or a change has an amount for %d, but '%s' "
                  "states none", v->title, P->first_year + yi, to->title ? to->title : "to");
}

void check_verloops(const Plan *P, Arena *a, Diags *d) {
  for (int i = 0; i < P->nverloops; i++)
    check_verloop(a, P, P->verloops[i], d);
}

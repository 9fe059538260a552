/* annual.c: the rules of the annual model (docs/language.md, "Balance
 * models").
 *
 * A programme of a municipal budget is not a fund: nothing carries from
 * one year to the next, and its saldo is not a shortfall but a result,
 * paid for by the general revenue (algemene dekkingsmiddelen, a programme
 * of its own) and by reserve mutations. What must hold is that the annual
 * units of the plan together balance in each year. The fund model's rules
 * (a balance that must not run out) live in check.c and never see an
 * annual unit. */
#include "amrc.h"

#include <string.h>

static const char *eur(const Plan *P, int64_t cents) {
  char tmp[96];
  fmt_eur_unit(tmp, sizeof tmp, cents, plan_unit(P));
  return arena_strdup(P->arena, tmp);
}

/* An annual unit carries nothing in, so an opening balance has no meaning
 * there: refused rather than silently left out of every sum. */
static void check_openings(Plan *P) {
  for (int i = 0; i < P->nprojects; i++) {
    Project *p = P->projects[i];
    if (!project_annual(P, p) || !p->opening_expr)
      continue;
    Diag *g = diag_report(P->diags, "invalid-value", p->opening_expr->loc,
                          "project '%s' follows the annual model: nothing carries from year to "
                          "year, so it has no opening balance",
                          p->id);
    if (g)
      diag_note(P->diags, g, p->balance_loc.file ? p->balance_loc : p->loc,
                "remove 'opening', or write 'balance fund' in the project if its balance "
                "carries");
  }
}

void check_annual(Plan *P) {
  check_openings(P);
  int n = P->nyears;
  if (n <= 0 || n > AMR_MAX_YEARS)
    return;
  int64_t result[AMR_MAX_YEARS] = {0};
  bool any = false, overflow = false;
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    if (!project_annual(P, p) || !p->baten || !p->lasten)
      continue;
    any = true;
    for (int y = 0; y < n; y++)
      overflow |= !money_add(result[y], p->baten[y], &result[y]) ||
                  !money_sub(result[y], p->lasten[y], &result[y]);
  }
  if (!any || overflow)
    return;  /* an overflow was reported where the sum was made */
  /* One finding for the plan, every short year in it: the years share a
   * cause (the budget does not close), and the author fixes them at once. */
  int first = -1, nshort = 0;
  for (int y = 0; y < n; y++)
    if (result[y] < 0) {
      if (first < 0)
        first = y;
      nshort++;
    }
  if (first < 0)
    return;
  Buf years = {0};
  for (int y = 0, k = 0; y < n; y++) {
    if (result[y] >= 0)
      continue;
    k++;
    buf_printf(&years, "%s%s in %d", k == 1 ? "" : k == nshort ? " and " : ", ",
               eur(P, -result[y]), P->first_year + y);
  }
  Loc at = P->decl ? (P->decl->balance_loc.file ? P->decl->balance_loc : P->decl->loc) : (Loc){0};
  Diag *g = diag_report(P->diags, "annual-deficit", at,
                        "the plan's annual budget does not balance: a deficit of %s",
                        years.data ? years.data : "");
  buf_free(&years);
  if (!g)
    return;
  diag_note(P->diags, g, at,
            "the baten of the annual programmes, general revenue and withdrawals from reserves "
            "included, fall short of their lasten and additions to reserves; a plan that "
            "accepts a deficit in later years can say so with -Wno-annual-deficit");
}

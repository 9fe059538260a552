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
#include "plan.h"

#include <string.h>

static const char *eur(const Plan *P, const Results *R, int64_t cents) {
  char tmp[96];
  fmt_eur_unit(tmp, sizeof tmp, cents, plan_unit(P));
  return arena_strdup(R->arena, tmp);
}

/* ------------------------------------------------------------ reserves */

/* Binds each line's 'reserve NAME' to the plan's reserve of that name. A
 * plan has few reserves and few mutation lines, so a scan of the reserves
 * per line costs nothing. */
bool resolve_accounts(Plan *P, Diags *d) {
  bool ok = true;
  for (int i = 0; i < P->naccounts; i++)
    for (int j = 0; j < i; j++)
      if (strcmp(P->accounts[i]->id, P->accounts[j]->id) == 0) {
        Diag *g = diag_report(d, "duplicate", P->accounts[i]->loc,
                              "reserve '%s' is defined twice", P->accounts[i]->id);
        if (g)
          diag_note(d, g, P->accounts[j]->loc, "first defined here");
        ok = false;
        break;
      }
  for (int i = 0; i < P->nlines; i++) {
    Line *l = P->lines[i];
    if (!l || !line_is_mutation(l))
      continue;
    const Ref *r = &l->extra->account_ref;
    for (int k = 0; k < P->naccounts && !l->extra->account; k++)
      if (strcmp(P->accounts[k]->id, r->name) == 0)
        l->extra->account = P->accounts[k];
    if (l->extra->account)
      continue;
    const char *best = NULL;
    size_t dist = 3;
    for (int k = 0; k < P->naccounts; k++) {
      size_t dk = edit_distance(r->name, P->accounts[k]->id);
      if (dk < dist) {
        dist = dk;
        best = P->accounts[k]->id;
      }
    }
    Diag *g = best ? diag_report(d, "unknown-name", r->loc,
                                 "unknown reserve '%s'; did you mean '%s'?", r->name, best)
                   : diag_report(d, "unknown-name", r->loc, "unknown reserve '%s'", r->name);
    if (g && !best)
      diag_note(d, g, r->loc,
                "declare it at the top level: reserve %s \"TITLE\" { opening AMOUNT }", r->name);
    ok = false;
  }
  return ok;
}

void split_year(const Plan *P, const Results *R, const Project *p, int yi, YearSplit *out) {
  memset(out, 0, sizeof *out);
  for (const Line *l = p->lines; l; l = l->next) {
    bool mut = line_is_mutation(l);
    for (int s = 0; s < 2; s++) {
      if (!present_at(R, l, s, yi) || pm_at(R, l, s, yi))
        continue;
      int64_t *sum = s == SIDE_BATEN ? (mut ? &out->withdrawn : &out->baten)
                                     : (mut ? &out->added : &out->lasten);
      out->overflow |= !money_add(*sum, cents_at(R, l, s, yi), sum);
    }
  }
  (void)P;
}

void split_add(YearSplit *sum, const YearSplit *s) {
  sum->overflow |= s->overflow || !money_add(sum->baten, s->baten, &sum->baten) ||
                   !money_add(sum->lasten, s->lasten, &sum->lasten) ||
                   !money_add(sum->withdrawn, s->withdrawn, &sum->withdrawn) ||
                   !money_add(sum->added, s->added, &sum->added);
}

void split_programme(const Plan *P, const Results *R, const Programme *pr, bool all, int yi,
                     YearSplit *out) {
  memset(out, 0, sizeof *out);
  for (int i = 0; i < P->nprojects; i++) {
    if (!all && P->projects[i]->programme != pr)
      continue;
    YearSplit s;
    split_year(P, R, P->projects[i], yi, &s);
    split_add(out, &s);
  }
}

bool account_balances(const Plan *P, const Results *R, const Account *acc, int64_t *out) {
  if (!acc->opening || acc->opening->kind != EXPR_NUMBER)
    return false;
  int64_t bal;
  if (!micros_to_cents(acc->opening->micros, &bal))
    return false;
  for (int yi = 0; yi < P->nyears; yi++) {
    for (int i = 0; i < P->nlines; i++) {
      const Line *l = P->lines[i];
      if (!l || !line_is_mutation(l) || l->extra->account != acc)
        continue;
      if (present_at(R, l, SIDE_LASTEN, yi) && !pm_at(R, l, SIDE_LASTEN, yi) &&
          !money_add(bal, cents_at(R, l, SIDE_LASTEN, yi), &bal))
        return false;
      if (present_at(R, l, SIDE_BATEN, yi) && !pm_at(R, l, SIDE_BATEN, yi) &&
          !money_sub(bal, cents_at(R, l, SIDE_BATEN, yi), &bal))
        return false;
    }
    out[yi] = bal;
  }
  return true;
}

/* A reserve cannot give more than it holds: withdrawals beyond its balance
 * are money the plan does not have. Checked where the plan states the
 * opening balance; a reserve without one is only a name for the mutations. */
static void check_accounts(const Plan *P, const Results *R, Diags *d) {
  int64_t bal[AMR_MAX_YEARS];
  for (int k = 0; k < P->naccounts; k++) {
    const Account *acc = P->accounts[k];
    if (acc->opening && acc->opening->kind != EXPR_NUMBER) {
      diag_report(d, "invalid-value", acc->opening->loc,
                  "the opening balance of reserve '%s' must be a plain amount", acc->id);
      continue;
    }
    if (P->nyears > AMR_MAX_YEARS || !account_balances(P, R, acc, bal))
      continue;
    for (int yi = 0; yi < P->nyears; yi++)
      if (bal[yi] < 0) {
        diag_report(d, "reserve-balance", acc->loc,
                    "reserve '%s' is %s below zero at the end of %d: the withdrawals from it "
                    "are more than it holds",
                    acc->id, eur(P, R, -bal[yi]), P->first_year + yi);
        break;
      }
  }
}

/* ------------------------------------------------------------ signs */

static bool accepted(Results *R, const Accept *list, const char *name, int year) {
  const Accept *a = accept_covering(list, name, year);
  if (a)
    R->accept_used[a->index] = true;
  return a != NULL;
}

/* A negative lasten amount is added as it stands: it lowers the lasten. In
 * a document that prints lasten with a minus it is a transcription that
 * forgot to say so, and the plan's totals are then wrong by twice the
 * amount; one warning per line, with its years. */
static void check_signs(const Plan *P, Results *R, Diags *d) {
  for (int i = 0; i < P->nlines; i++) {
    const Line *l = P->lines[i];
    if (!l || !l->project || project_unchecked(R, l->project))
      continue;
    Buf years = {0};
    int n = 0;
    int64_t worst = 0;
    for (int yi = 0; yi < P->nyears; yi++) {
      if (!present_at(R, l, SIDE_LASTEN, yi) || pm_at(R, l, SIDE_LASTEN, yi) ||
          cents_at(R, l, SIDE_LASTEN, yi) >= 0)
        continue;
      int year = P->first_year + yi;
      if (accepted(R, line_accepts(l), "negative-lasten", year) ||
          accepted(R, l->project->accepts, "negative-lasten", year))
        continue;
      buf_printf(&years, "%s%d", n ? ", " : "", year);
      n++;
      if (cents_at(R, l, SIDE_LASTEN, yi) < worst)
        worst = cents_at(R, l, SIDE_LASTEN, yi);
    }
    if (n) {
      Diag *g = diag_report(d, "negative-lasten", l->loc,
                            "line %d '%s' of '%s' has negative lasten in %s (down to %s): they "
                            "lower the lasten",
                            l->nr, l->category ? l->category : "", l->project->id, years.data,
                            eur(P, R, worst));
      if (g && P->decl && P->decl->negative[SIDE_LASTEN])
        diag_note(d, g, l->loc,
                  "the plan says 'sign lasten negative': write lasten as the document prints "
                  "them, with a minus");
      else if (g)
        diag_note(d, g, l->loc,
                  "if the document prints lasten as negative numbers, say so once in the plan "
                  "block: sign lasten negative; if this lowers the lasten, acknowledge it: "
                  "accept negative-lasten \"REASON\"");
    }
    buf_free(&years);
  }
}

/* An annual unit carries nothing in, so an opening balance has no meaning
 * there: refused rather than silently left out of every sum. */
static void check_openings(const Plan *P, const Results *R, Diags *d) {
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    if (!project_annual(P, p) || !p->opening_expr || project_unchecked(R, p))
      continue;
    Diag *g = diag_report(d, "invalid-value", p->opening_expr->loc,
                          "project '%s' follows the annual model: nothing carries from year to "
                          "year, so it has no opening balance",
                          p->id);
    if (g)
      diag_note(d, g, p->balance_loc.file ? p->balance_loc : p->loc,
                "remove 'opening', or write 'balance fund' in the project if its balance "
                "carries");
  }
}

/* Pre-financing is spending before the money arrives, carried by the
 * balance until it does: an annual unit carries nothing, so a `prefinance`
 * there would be accepted and mean nothing. */
static void check_annual_prefinance(const Plan *P, const Results *R, Diags *d) {
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    if (!project_annual(P, p) || project_unchecked(R, p))
      continue;
    for (const Prefinance *pf = p->prefinances; pf; pf = pf->next) {
      Diag *g = diag_report(d, "invalid-value", pf->loc,
                            "project '%s' follows the annual model: nothing carries from year "
                            "to year, so nothing can be pre-financed",
                            p->id);
      if (g)
        diag_note(d, g, p->balance_loc.file ? p->balance_loc : p->loc,
                  "remove 'prefinance', or write 'balance fund' in the project if its balance "
                  "carries");
    }
  }
}

void check_annual(const Plan *P, Results *R, Diags *d) {
  check_annual_prefinance(P, R, d);
  check_openings(P, R, d);
  check_accounts(P, R, d);
  check_signs(P, R, d);
  int n = P->nyears;
  if (n <= 0 || n > AMR_MAX_YEARS)
    return;
  int64_t result[AMR_MAX_YEARS] = {0};
  bool any = false, overflow = false;
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    const ProjectResult *pr = project_result(R, p);
    if (!project_annual(P, p) || !pr->baten || !pr->lasten || project_unchecked(R, p))
      continue;
    any = true;
    for (int y = 0; y < n; y++)
      overflow |= !money_add(result[y], pr->baten[y], &result[y]) ||
                  !money_sub(result[y], pr->lasten[y], &result[y]);
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
  /* "€ 1 in 2026, € 2 in 2027 and € 3 in 2028": the last two joined in
   * the run's languages */
  Buf years = {0};
  const char *last = "";
  for (int y = 0, k = 0; y < n; y++) {
    if (result[y] < 0 && ++k < nshort)
      buf_printf(&years, "%s%s in %d", k == 1 ? "" : ", ", eur(P, R, -result[y]), P->first_year + y);
    else if (result[y] < 0)
      last = arena_printf(d->arena, "%s in %d", eur(P, R, -result[y]), P->first_year + y);
  }
  const char *list = nshort == 1 ? last : diag_phrase(d, "%s and %s", years.data, last);
  buf_free(&years);
  Loc at = P->decl ? (P->decl->balance_loc.file ? P->decl->balance_loc : P->decl->loc) : (Loc){0};
  Diag *g = diag_report(d, "annual-deficit", at,
                        "the plan's annual budget does not balance: a deficit of %s", list);
  if (!g)
    return;
  diag_note(d, g, at,
            "the baten of the annual programmes, general revenue and withdrawals from reserves "
            "included, fall short of their lasten and additions to reserves; a plan that "
            "accepts a deficit in later years can say so with -Wno-annual-deficit");
}

bool plan_all_annual(const Plan *plan) {
  for (int i = 0; i < plan->nprojects; i++)
    if (!project_annual(plan, plan->projects[i]))
      return false;
  return plan->nprojects > 0;
}

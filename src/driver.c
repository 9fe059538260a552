/* driver.c: the stages from files to a checked plan, in one place.
 *
 * Every caller that needs a checked plan (the command line, amrc diff, the
 * fuzz harness, the unit tests) runs the stages through compile_plan, so
 * that the order of the stages and the conditions under which the next one
 * runs are written once: load, then resolve if the files loaded, then
 * evaluate if the names resolved, then check if the plan evaluated. The
 * plan, once resolved, is only read; what is computed from it goes into a
 * Results beside it (c->results), as does every what-if (risks.c). */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ the stages */

/* The columns before the horizon (columns.c), evaluated as the horizon is
 * but into Results of their own, and of the checker only the stated totals
 * (expect); NULL when the plan has none or they do not evaluate. used: the
 * plan's accepts, marked where a column's finding was acknowledged. */
static const Columns *eval_columns(const Plan *P, Arena *a, Diags *d, bool check, bool *used) {
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
        cols->shown[cols->nshown++] = (ShownColumn){c, yi};
        break;
      }
  return cols;
}


const Source *plan_source(const Plan *P, const char *name) {
  for (int i = 0; i < P->nsources; i++)
    if (P->sources[i]->id && strcmp(P->sources[i]->id, name) == 0)
      return P->sources[i];
  return NULL;
}

/* A --scenario that names no source of the plan, or one twice, is a usage
 * error before anything is evaluated. */
static const char *scenario_check(Arena *a, const Catalog *nl, const Plan *P, const ScenarioArg *s,
                                  int n) {
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < i; k++)
      if (strcmp(s[k].source, s[i].source) == 0)
        return nls_printf(nl, a, "--scenario: source '%s' is given twice", s[i].source);
    if (plan_source(P, s[i].source))
      continue;
    Closest c = closest_begin(s[i].source);
    for (int k = 0; k < P->nsources; k++)
      closest_offer(&c, P->sources[k]->id);
    if (c.best)
      return nls_printf(nl, a, "--scenario: the plan has no source '%s'; did you mean '%s'?",
                          s[i].source, c.best);
    return nls_printf(nl, a, "--scenario: the plan has no source '%s'", s[i].source);
  }
  return NULL;
}

static void lap(const Compile *c, const char *stage) {
  if (c->lap)
    c->lap(c->lap_ctx, stage);
}

bool compile_plan(Arena *a, Diags *d, Compile *c) {
  static const LoadOptions no_options;
  c->names = interner_new(a);
  if (c->bytes)
    c->loaded = load_program_from_memory(a, c->names, d, c->display, c->bytes, c->len, &c->prog);
  else
    c->loaded = load_program(a, c->names, d, c->load ? c->load : &no_options, c->paths, c->npaths,
                             &c->prog);
  lap(c, "parse");
  c->resolved = c->loaded && resolve_plan(&c->plan, &c->prog, a, d);
  lap(c, "resolve");
  if (c->resolved && c->nscenario) {
    c->scenario_error = scenario_check(a, d->dutch ? d->nl : NULL, &c->plan, c->scenario, c->nscenario);
    if (c->scenario_error)
      return false;
  }
  /* Errors do not hide each other: where resolve's errors are the
   * projects' own (plan.partly), the projects without one, and that do not
   * depend on one, are evaluated and checked; so are those without an
   * error of evaluation (results.unchecked says which are not). */
  bool some = c->resolved || (c->loaded && c->plan.partly);
  if (some) {
    results_init(&c->results, &c->plan, a, NULL);
    c->evaluated = eval_plan(&c->plan, &c->results, d) && c->resolved;
  }
  /* the columns shown before the horizon: their findings come before
   * the check's, whose unused-accept sees what they acknowledged */
  if (c->evaluated)
    c->results.columns = eval_columns(&c->plan, a, d, !c->no_check, c->results.accept_used);
  lap(c, "evaluate");
  if (some && !c->no_check) {
    check_plan(&c->plan, &c->results, d);
    c->checked = true;
  }
  lap(c, "check");
  return c->evaluated;
}

bool evaluate_and_check(const Plan *plan, Results *r, Diags *d) {
  if (!eval_plan(plan, r, d))
    return false;
  check_plan(plan, r, d);
  return true;
}

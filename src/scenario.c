/* scenario.c: a what-if's amounts (--scenario SOURCE=PERCENT, the risk
 * paragraph's "without this source", and the realisatie's forecast): which
 * cells follow a source's realisation, and by how much, and which cells
 * have an amount given in place of the plan's. Part of the core: eval.c asks it for every
 * cell when a Scenario is given; it reads the plan only.
 *
 * A source realised at a percentage scales its baten lines, and the lines
 * that pass that money on to another project (a transfer of a whole lasten
 * line paid by such a baten line), and the baten those transfers bring. */
#include "amrc.h"

#include <string.h>

#define ALL 10000 /* realised: hundredths of a percent */

static const Source *passed_on(const Plan *P, const Line *l, int depth);

/* The source whose realisation a baten line follows: its own, or for a line
 * that receives a transfer, the source the paying line passes on. */
static const Source *baten_source(const Plan *P, const Line *l, int depth) {
  if (l->source)
    return l->source;
  if (!l->receives_transfer || depth > 32)
    return NULL;
  for (int i = 0; i < P->ntransfers; i++) {
    const Transfer *t = P->transfers[i];
    if (t->to_line == l && t->from_line && !t->amounts) {
      const Source *s = passed_on(P, t->from_line, depth + 1);
      if (s)
        return s;
    }
  }
  return NULL;
}

/* A lasten line passes money on when it is paid by a baten line and all of
 * it moves to another project (a transfer without amounts of its own): what
 * that baten line brings in, it hands over (the Europese subsidies project
 * passing a grant on to Opijver). Every other lasten line stays as planned
 * when a source brings in less, and so do the amounts a transfer states:
 * the costs are made or promised, and the project that pays them carries
 * the difference. */
static const Source *passed_on(const Plan *P, const Line *l, int depth) {
  if (!l->paid_by_line || depth > 32)
    return NULL;
  bool moves = false;
  for (int i = 0; i < P->ntransfers && !moves; i++)
    moves = P->transfers[i]->from_line == l && !P->transfers[i]->amounts;
  return moves ? baten_source(P, l->paid_by_line, depth + 1) : NULL;
}

int64_t scenario_cents(const Plan *P, const Scenario *sc, const Line *l, Side s, int64_t cents) {
  if (!sc || !sc->realised || !l)
    return cents;
  const Source *src = s == SIDE_BATEN ? baten_source(P, l, 0) : passed_on(P, l, 0);
  if (!src || src->index < 0 || src->index >= P->nsources)
    return cents;
  int32_t r = sc->realised[src->index];
  if (r == ALL)
    return cents;
  /* cents are at most about 2^63 and r at most 100000: 128 bits hold it */
  i128 v = div_round((i128)cents * r, ALL);
  if (v > INT64_MAX)
    return INT64_MAX;
  if (v < INT64_MIN)
    return INT64_MIN;
  return (int64_t)v;
}

bool scenario_replaces(const Plan *P, const Scenario *sc, const Line *l, Side s, int yi,
                       int64_t *out) {
  if (!sc || !sc->set || !l || l->index < 0 || l->index >= P->nlines || yi < 0 || yi >= P->nyears)
    return false;
  size_t at = 2 * ((size_t)l->index * (size_t)P->nyears + (size_t)yi) + (size_t)s;
  if (!sc->set[at])
    return false;
  *out = sc->cents[at];
  return true;
}

const Source *plan_source(const Plan *P, const char *name) {
  for (int i = 0; i < P->nsources; i++)
    if (P->sources[i]->id && strcmp(P->sources[i]->id, name) == 0)
      return P->sources[i];
  return NULL;
}

const char *scenario_check(Arena *a, const Plan *P, const ScenarioArg *s, int n) {
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < i; k++)
      if (strcmp(s[k].source, s[i].source) == 0)
        return arena_printf(a, "--scenario: source '%s' is given twice", s[i].source);
    if (plan_source(P, s[i].source))
      continue;
    Closest c = closest_begin(s[i].source);
    for (int k = 0; k < P->nsources; k++)
      closest_offer(&c, P->sources[k]->id);
    const char *best = c.best;
    if (best)
      return arena_printf(a, "--scenario: the plan has no source '%s'; did you mean '%s'?", s[i].source,
                          best);
    return arena_printf(a, "--scenario: the plan has no source '%s'", s[i].source);
  }
  return NULL;
}

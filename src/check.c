/* check.c: what `amrc --check` proves about a computed plan.
 *
 * The rules, in the order DOMAIN.md states them: coverage by the named
 * source or line; balances that dip below zero (pre-financing when later
 * baten restore them, a shortfall when nothing does); PM lasten without
 * coverage; both sides of every transfer; earmarked and repayable money;
 * reservations; structural balance; and the totals the plan states.
 * Messages speak money: amounts as the document prints them, project and
 * line as in the table, the year, and what to do. */
#include "actuals.h"
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct Checker {
  const Plan *plan;
  Results *res;            /* what eval.c computed; the acknowledgements used */
  Arena *arena;            /* the slice's (par.c) */
  Diags *diags;
  Par *par;
  bool overflowed;         /* a sum went beyond the money type */
  int span_last;           /* prefinancing: the last year of the dip */
  struct CheckIndex *ix;   /* who names whom (index_plan) */
  struct Explainer *ex;    /* which stated total explains which (NULL: none) */
  /* per expectation: its findings that a total below may explain, made in
   * the slices and explained after them (explain_findings); NULL: the
   * plan's totals are not explained */
  struct ToExplain **to_explain;
  /* per project: the money of repay-unspent sources its allocation
   * (alloc.c) pays back, kept once the allocation itself is given back */
  struct Repaid **paid_back;
  /* per source: a project left unchecked takes money from it or names it,
   * so what is said of the source as a whole cannot be (NULL: none) */
  bool *source_unchecked;
} Checker;

typedef struct Repaid {
  int source;              /* Source.index; -1 ends a project's list */
  int yi;
  int64_t cents;
} Repaid;

static int year_of(const Checker *C, int yi) { return C->plan->first_year + yi; }

/* A project's balances as eval.c computed them. */
#define PR(p) project_result(C->res, (p))

/* Sums over several lines or projects: one beyond the money type stays at
 * the limit, never a wrap, and is an error reported once, when the check
 * ends (check_plan: the rules run in slices, and a first overflow in one
 * is not the first of the plan). Amounts are never INT64_MIN
 * (micros_to_cents), so -b is safe. */
static int64_t add(Checker *C, int64_t a, int64_t b) {
  int64_t r;
  if (money_add(a, b, &r) && r != INT64_MIN)
    return r;
  C->overflowed = true;
  return b > 0 ? INT64_MAX : -INT64_MAX;
}
static int64_t sub(Checker *C, int64_t a, int64_t b) { return add(C, a, -b); }

static const char *eur(Checker *C, int64_t cents) {
  char buf[64];
  fmt_eur_unit(buf, sizeof buf, cents, plan_unit(C->plan));
  return arena_strdup(C->arena, buf);
}

static const char *line_name(Checker *C, const Line *l) {
  return diag_phrase(C->diags, "line %d '%s' of '%s'", l->nr, l->category, l->project->id);
}

/* The lasten of a line in year yi that money of the plan must pay: what
 * the table shows, less what is paid outside the plan. */
static int64_t claimed(const Checker *C, const Line *l, int yi) {
  if (!present_at(C->res, l, SIDE_LASTEN, yi) || pm_at(C->res, l, SIDE_LASTEN, yi))
    return 0;
  return cents_at(C->res, l, SIDE_LASTEN, yi) - alloc_outside_paid(C->res, l, yi);
}

/* The balance the rules judge: the table's, plus what was paid outside
 * the plan so far (alloc_held). */
static const int64_t *held(Checker *C, const Project *p) {
  return alloc_held(C->arena, C->plan, C->res, p);
}

/* The reason of the acknowledgement in list that covers the finding,
 * marked used; NULL when none does. */
static const char *accept_use(Checker *C, const Accept *list, const char *name, int year) {
  const Accept *a = accept_covering(list, name, year);
  if (!a)
    return NULL;
  C->res->accept_used[a->index] = true;
  return a->reason;
}

/* Marks a warning the plan acknowledges where it stands; an acknowledged
 * warning is kept, with its reason, for JSON and SARIF. */
static Diag *acknowledge(Checker *C, Diag *g, const char *name, Line *line, Project *project,
                         Source *source, int year) {
  if (!g)
    return NULL;
  g->project = project ? project->id : line ? line->project->id : NULL;
  g->line = line ? line->nr : 0;
  if (!g->year)
    g->year = year;
  const char *reason = NULL;
  Accept *lists[3] = {line ? line_accepts(line) : NULL, project ? project->accepts : NULL,
                      source ? source->accepts : NULL};
  for (int i = 0; i < 3 && !reason; i++)
    reason = accept_use(C, lists[i], name, year);
  if (!reason && project &&
      (strcmp(name, "prefinancing") == 0 || strcmp(name, "settlement-prefinancing") == 0)) {
    /* the declaration must cover the whole dip, not only its first year */
    int last = C->span_last > year ? C->span_last : year;
    for (Prefinance *pf = project->prefinances; pf; pf = pf->next) {
      if (year >= pf->years.y0 && last <= pf->years.y1) {
        C->res->prefinance_used[pf->index] = true;
        reason = pf->reason;
        break;
      }
    }
  }
  diag_accept(C->diags, g, reason);
  return g;
}

static const char *accept_reason(Checker *C, Accept *list, const Diag *g) {
  return accept_use(C, list, g->name, g->year);
}

/* The findings of the other stages (a rule of a line) and the errors of
 * this one that name their project and line, acknowledged by an `accept`
 * on that line or project. Runs once every rule has reported, on one
 * thread, before the unused acknowledgements are looked for. */
static Project *project_named(const Checker *C, const char *id);

static void accept_where_they_stand(Checker *C) {
  for (Diag *g = C->diags->head; g; g = g->next) {
    if (g->accepted || !g->project)
      continue;
    Project *p = project_named(C, g->project);
    if (!p)
      continue;
    const char *reason = NULL;
    /* by number, not by a walk of the lines: a project of n lines can
     * have n findings */
    const Line *l = g->line ? project_line(p, g->line) : NULL;
    if (l)
      reason = accept_reason(C, line_accepts(l), g);
    if (!reason)
      reason = accept_reason(C, p->accepts, g);
    diag_accept(C->diags, g, reason);
  }
}

/* An error of the coverage proof named by the line it stands on (and the
 * year), as its warnings are: so that `accept NAME` on that line
 * acknowledges it (accept_where_they_stand) and a baseline lists it by
 * project, line and years rather than by its message (baseline.c). A
 * source's finding stands on the source: no project, no line. */
static void identify(Diag *g, const Line *l, int year) {
  if (!g)
    return;
  if (l) {
    g->project = l->project->id;
    g->line = l->nr;
  }
  if (year)
    g->year = year;
}

/* Reports a warning unless the plan acknowledges it where it stands. */
static Diag *warn(Checker *C, const char *name, Loc loc, Line *line, Project *project,
                  Source *source, int year, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
static Diag *warn(Checker *C, const char *name, Loc loc, Line *line, Project *project,
                  Source *source, int year, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *g = diag_vreport(C->diags, name, loc, fmt, ap);
  va_end(ap);
  return acknowledge(C, g, name, line, project, source, year);
}

/* ------------------------------------------------------------------ who names whom */

/* Lists built once per check, so that no rule looks through every line of
 * the plan for each source, line or transfer: a plan may have very many of
 * each, and a scan per source or line made --check quadratic. A list holds the candidates in the plan's order and the
 * rules keep their own conditions, so sums, messages and their order are
 * what a scan of every line gives. */
typedef struct List {
  int *start;              /* per key k: items[start[k] .. start[k + 1]) */
  int *items;              /* positions in the plan's array, in order */
} List;

typedef struct CheckIndex {
  List income;             /* per source: the lines whose source it is */
  List opening;            /* per source: projects whose opening came from it */
  List paid_by_source;     /* per source: the lines paid by it */
  List paying;             /* per source: the lines whose paying_source() it is */
  int *paying_key;         /* per line: the source_key of its paying_source() */
  List paid_by_line;       /* per line: the lines paid by it */
  List into, out_of;       /* per line: the transfers to it, from it */
  uint64_t *pairs;         /* set of (source, project) of every line naming a source */
  size_t pairs_cap;
  int *names;              /* projects by name: index + 1, 0 empty */
  size_t names_cap;
} CheckIndex;

static Source *paying_source(const Line *l);

static int source_key(const Plan *P, const Source *s) {
  return s && s->index >= 0 && s->index < P->nsources && P->sources[s->index] == s ? s->index : -1;
}
static int line_key(const Plan *P, const Line *l) {
  return l && l->index >= 0 && l->index < P->nlines && P->lines[l->index] == l ? l->index : -1;
}
static int project_key(const Plan *P, const Project *p) {
  return p && p->index >= 0 && p->index < P->nprojects && P->projects[p->index] == p ? p->index
                                                                                   : -1;
}

/* What each line is listed by, looked up in one pass over the lines: a
 * lookup follows pointers from the line to its source or to another line,
 * which on a large plan are far apart in memory, and a pass for each list
 * made the index grow faster than the plan. */
typedef struct LineKeys {
  int *source;             /* source_key of its source */
  int *paid_source;        /* of the source that covers it */
  int *paying;             /* of paying_source() */
  int *paid_line;          /* line_key of the line that covers it */
  int *project;            /* project_key of its project */
} LineKeys;

typedef struct LineKeysLoop {
  const Plan *plan;
  const Results *res;
  LineKeys *keys;
} LineKeysLoop;

static void line_keys_slice(void *ctx, ParSlice *s, int begin, int end) {
  (void)s;
  const LineKeysLoop *loop = ctx;
  const Plan *P = loop->plan;
  LineKeys *K = loop->keys;
  for (int i = begin; i < end; i++) {
    const Line *l = P->lines[i];
    if (project_unchecked(loop->res, l->project)) {
      /* a project left unchecked is in no list: nothing reads its lines */
      K->source[i] = K->paid_source[i] = K->paid_line[i] = K->paying[i] = K->project[i] = -1;
      continue;
    }
    K->source[i] = source_key(P, l->source);
    K->paid_source[i] = source_key(P, l->paid_by_source);
    K->paid_line[i] = line_key(P, l->paid_by_line);
    K->paying[i] = l->paid_by_source ? K->paid_source[i]
                   : l->paid_by_line ? source_key(P, l->paid_by_line->source)
                                     : -1;
    K->project[i] = project_key(P, l->project);
  }
}

enum { BY_OPENING, BY_TO, BY_FROM };

static int key_of(const Plan *P, const Results *R, int by, int i) {
  if (by == BY_OPENING)
    return project_unchecked(R, P->projects[i]) ? -1
                                                : source_key(P, P->projects[i]->opening_source);
  const Transfer *t = P->transfers[i];
  if ((t->from_line && project_unchecked(R, t->from_line->project)) ||
      (t->to_line && project_unchecked(R, t->to_line->project)))
    return -1;
  return line_key(P, by == BY_TO ? t->to_line : t->from_line);
}

/* Items 0..n-1 grouped by their keys[i] (none: below 0), in order: a
 * counting sort. */
static List list_of_keys(Arena *a, int nkeys, int n, const int *keys) {
  List L;
  L.start = arena_alloc(a, sizeof(int) * ((size_t)nkeys + 2));
  for (int i = 0; i < n; i++)
    if (keys[i] >= 0)
      L.start[keys[i] + 2]++;
  for (int k = 0; k < nkeys; k++)
    L.start[k + 2] += L.start[k + 1];
  L.items = arena_alloc(a, sizeof(int) * ((size_t)L.start[nkeys + 1] + 1));
  for (int i = 0; i < n; i++)
    if (keys[i] >= 0)
      L.items[L.start[keys[i] + 1]++] = i;
  return L;
}

/* The same for projects or transfers, their keys looked up into scratch
 * keys[0..n) first (the sort needs each twice). */
static List list_by(const Plan *P, const Results *R, Arena *a, int by, int nkeys, int n,
                    int *keys) {
  for (int i = 0; i < n; i++)
    keys[i] = key_of(P, R, by, i);
  return list_of_keys(a, nkeys, n, keys);
}
static int first(const List *L, int k) { return k < 0 ? 0 : L->start[k]; }
static int end(const List *L, int k) { return k < 0 ? 0 : L->start[k + 1]; }

static size_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return (size_t)x;
}
static uint64_t pair_of(int s, int p) { return ((uint64_t)(uint32_t)s << 32 | (uint32_t)p) + 1; }

/* The set of (source, project) pairs, sized by the lines that name a
 * source (the income list: at most one pair each). */
static void index_pairs(const Plan *P, Arena *a, const LineKeys *K, CheckIndex *X) {
  X->pairs_cap = 16;
  while (X->pairs_cap < 2 * (size_t)(X->income.start[P->nsources] + 1))
    X->pairs_cap *= 2;
  X->pairs = arena_alloc(a, sizeof *X->pairs * X->pairs_cap);
  for (int i = 0; i < P->nlines; i++) {
    int s = K->source[i], p = K->project[i];
    if (s < 0 || p < 0)
      continue;
    uint64_t key = pair_of(s, p);
    size_t h = mix(key) & (X->pairs_cap - 1);
    while (X->pairs[h] && X->pairs[h] != key)
      h = (h + 1) & (X->pairs_cap - 1);
    X->pairs[h] = key;
  }
}

static void index_names(const Plan *P, Arena *a, CheckIndex *X) {
  X->names_cap = 16;
  while (X->names_cap < 2 * (size_t)P->nprojects + 2)
    X->names_cap *= 2;
  X->names = arena_alloc(a, sizeof *X->names * X->names_cap);
  for (int i = 0; i < P->nprojects; i++) {
    size_t h = name_hash(P->projects[i]->id) & (X->names_cap - 1);
    while (X->names[h] && strcmp(P->projects[X->names[h] - 1]->id, P->projects[i]->id) != 0)
      h = (h + 1) & (X->names_cap - 1);
    if (!X->names[h])
      X->names[h] = i + 1;  /* the first of two with one name, as plan_project() */
  }
}

/* The index's parts do not depend on one another (the pairs only on the
 * income list, built just before them), so they are built in slices on
 * threads, after the pass over the lines that gives their keys. Each
 * slice has its own scratch for list_by. */
enum { IX_INCOME_AND_PAIRS, IX_PAID_BY_SOURCE, IX_OPENING, IX_INTO, IX_PAYING, IX_PAID_BY_LINE,
       IX_NAMES, IX_OUT_OF, IX_PARTS };

typedef struct IndexLoop {
  const Plan *plan;
  const Results *res;
  const LineKeys *keys;
  CheckIndex *X;
  int most;                /* items of the longest list: projects or transfers */
} IndexLoop;

static void index_slice(void *ctx, ParSlice *s, int begin, int end) {
  const IndexLoop *loop = ctx;
  const Plan *P = loop->plan;
  const LineKeys *K = loop->keys;
  CheckIndex *X = loop->X;
  Arena *a = s->arena;
  int *keys = xcalloc((size_t)loop->most + 1, sizeof *keys);
  for (int part = begin; part < end; part++) {
    switch (part) {
    case IX_INCOME_AND_PAIRS:
      X->income = list_of_keys(a, P->nsources, P->nlines, K->source);
      index_pairs(P, a, K, X);
      break;
    case IX_PAID_BY_SOURCE:
      X->paid_by_source = list_of_keys(a, P->nsources, P->nlines, K->paid_source);
      break;
    case IX_OPENING:
      X->opening = list_by(P, loop->res, a, BY_OPENING, P->nsources, P->nprojects, keys);
      break;
    case IX_INTO: X->into = list_by(P, loop->res, a, BY_TO, P->nlines, P->ntransfers, keys); break;
    case IX_PAYING: X->paying = list_of_keys(a, P->nsources, P->nlines, K->paying); break;
    case IX_PAID_BY_LINE:
      X->paid_by_line = list_of_keys(a, P->nlines, P->nlines, K->paid_line);
      break;
    case IX_NAMES: index_names(P, a, X); break;
    default: X->out_of = list_by(P, loop->res, a, BY_FROM, P->nlines, P->ntransfers, keys); break;
    }
  }
  free(keys);
}

static void index_plan(Checker *C, CheckIndex *X) {
  const Plan *P = C->plan;
  C->ix = X;
  size_t nlines = (size_t)P->nlines + 1;
  int *scratch = xcalloc(4 * nlines, sizeof *scratch);
  X->paying_key = arena_alloc(C->arena, sizeof(int) * nlines);  /* kept for check_sources */
  LineKeys keys = {scratch, scratch + nlines, X->paying_key, scratch + 2 * nlines,
                   scratch + 3 * nlines};
  LineKeysLoop lines_loop = {P, C->res, &keys};
  par_for(C->par, P->nlines, line_keys_slice, NULL, &lines_loop);
  int most = P->nprojects > P->ntransfers ? P->nprojects : P->ntransfers;
  IndexLoop loop = {P, C->res, &keys, X, most};
  par_for(C->par, IX_PARTS, index_slice, NULL, &loop);
  free(scratch);
}

/* plan_project() without a scan of every project. */
static Project *project_named(const Checker *C, const char *id) {
  const CheckIndex *X = C->ix;
  size_t h = name_hash(id) & (X->names_cap - 1);
  for (; X->names[h]; h = (h + 1) & (X->names_cap - 1))
    if (strcmp(C->plan->projects[X->names[h] - 1]->id, id) == 0)
      return C->plan->projects[X->names[h] - 1];
  return NULL;
}

/* ------------------------------------------------------------------ coverage by a named source or line */

/* Money a source brings in, per year: every baten line that names it, and
 * the opening balance of a project that says it came from it (money received
 * before the horizon, available from its first year). */
static void source_income(Checker *C, const Source *s, int64_t *in) {
  const CheckIndex *X = C->ix;
  int k = source_key(C->plan, s);
  for (int j = first(&X->opening, k); j < end(&X->opening, k); j++) {
    Project *p = C->plan->projects[X->opening.items[j]];
    if (p->opening_source == s && PR(p)->opening[0] > 0)
      in[0] = add(C, in[0], PR(p)->opening[0]);
  }
  for (int j = first(&X->income, k); j < end(&X->income, k); j++) {
    Line *l = C->plan->lines[X->income.items[j]];
    if (l->source != s)
      continue;
    for (int yi = 0; yi < C->plan->nyears; yi++)
      if (present_at(C->res, l, SIDE_BATEN, yi) && !pm_at(C->res, l, SIDE_BATEN, yi))
        in[yi] = add(C, in[yi], cents_at(C->res, l, SIDE_BATEN, yi));
  }
}

static bool has_income(Checker *C, const Source *s) {
  int k = source_key(C->plan, s);
  return first(&C->ix->opening, k) < end(&C->ix->opening, k) ||
         first(&C->ix->income, k) < end(&C->ix->income, k);
}

/* Compares what a source or baten line has with what the lines naming it
 * as coverage spend, cumulatively: money received earlier in the horizon
 * may pay later costs, unless it must be paid back when unspent (carry
 * false): then what is left at a year's end is gone. */
/* "source 'rijk'", "line 1 'Bijdrage' of 'versterken'": made only for a
 * message, as most payers have none. */
static const char *payer_name(Checker *C, const Source *src, const Line *payer_line) {
  return src ? diag_phrase(C->diags, "source '%s'", src->id) : line_name(C, payer_line);
}

static void check_payer(Checker *C, Loc payer_loc, const int64_t *in, const bool *pm_in,
                        bool after_settlement, bool carry, Source *src, Line *payer_line) {
  const Plan *P = C->plan;
  int64_t spent[AMR_MAX_YEARS] = {0};
  bool any = false;
  /* the lines that name it as coverage */
  const List *named = src ? &C->ix->paid_by_source : &C->ix->paid_by_line;
  int key = src ? source_key(P, src) : line_key(P, payer_line);
  for (int j = first(named, key); j < end(named, key); j++) {
    Line *l = P->lines[named->items[j]];
    if ((src && l->paid_by_source != src) || (payer_line && l->paid_by_line != payer_line))
      continue;
    any = true;
    for (int yi = 0; yi < P->nyears; yi++)
      spent[yi] = add(C, spent[yi], claimed(C, l, yi));
  }
  if (!any)
    return;
  int64_t left = 0, total_in = 0, total_spent = 0;
  int first_in = -1, pm_year = -1;
  for (int yi = 0; yi < P->nyears; yi++) {
    total_in = add(C, total_in, in[yi]);
    total_spent = add(C, total_spent, spent[yi]);
    if (in[yi] && first_in < 0)
      first_in = yi;
    if (pm_in[yi] && pm_year < 0)
      pm_year = yi;
  }
  if (after_settlement) {
    /* Paid after settlement: the money comes later than the costs, so only
     * the horizon's total must cover them; the timing is pre-financing. */
    if (total_spent > total_in && pm_year >= 0) {
      /* a PM cell may bring the rest: only that cannot be proven */
      warn(C, "pm-coverage", payer_loc, payer_line, payer_line ? payer_line->project : NULL, src,
           year_of(C, pm_year),
           "%s pays %s of lasten over %d..%d and brings in %s and PM in %d: whether the PM "
           "covers the %s cannot be proven",
           payer_name(C, src, payer_line), eur(C, total_spent), P->first_year,
           P->first_year + P->nyears - 1, eur(C, total_in), year_of(C, pm_year),
           eur(C, sub(C, total_spent, total_in)));
    } else if (total_spent > total_in) {
      Diag *g = diag_report(C->diags, "coverage", payer_loc,
                            "%s pays %s of lasten over %d..%d but brings in %s: %s short",
                            payer_name(C, src, payer_line), eur(C, total_spent), P->first_year,
                            P->first_year + P->nyears - 1, eur(C, total_in),
                            eur(C, sub(C, total_spent, total_in)));
      identify(g, payer_line, 0);
    }
    for (int yi = 0; yi < P->nyears; yi++) {
      if (spent[yi] > 0 && (first_in < 0 || yi < first_in)) {
        Project *pr = payer_line ? payer_line->project : NULL;
        if (first_in >= 0)
          warn(C, "settlement-prefinancing", payer_loc, payer_line, pr, src, year_of(C, yi),
               "%s is paid after settlement: the %s of lasten it covers in %d are pre-financed "
               "until its money arrives in %d",
               payer_name(C, src, payer_line), eur(C, spent[yi]), year_of(C, yi),
               year_of(C, first_in));
        else
          warn(C, "settlement-prefinancing", payer_loc, payer_line, pr, src, year_of(C, yi),
               "%s is paid after settlement: the %s of lasten it covers in %d are pre-financed "
               "until its money arrives",
               payer_name(C, src, payer_line), eur(C, spent[yi]), year_of(C, yi));
      }
    }
    return;
  }
  for (int yi = 0; yi < P->nyears; yi++) {
    left = add(C, left, in[yi]);
    left = sub(C, left, spent[yi]);
    if (left < 0 && pm_in[yi]) {
      /* A PM cell of this year may bring the rest; only this year is
       * unproven, and nothing is carried from it (PM counts as nothing). */
      warn(C, "pm-coverage", payer_loc, payer_line, payer_line ? payer_line->project : NULL, src,
           year_of(C, yi),
           "%s has PM baten in %d: whether it covers the %s of lasten that name it that year "
           "(%s more than its known money) cannot be proven",
           payer_name(C, src, payer_line), year_of(C, yi), eur(C, spent[yi]), eur(C, -left));
      left = 0;
    } else if (pm_in[yi]) {
      if (!carry)
        left = 0;
    } else if (left < 0) {
      /* left + spent: what it had in this year, after earlier years' spending */
      Diag *g = diag_report(C->diags, "coverage", payer_loc,
                            "%s has %s too little in %d for the lasten that name it as coverage "
                            "(it has %s that year, they spend %s)",
                            payer_name(C, src, payer_line), eur(C, -left), year_of(C, yi),
                            eur(C, add(C, left, spent[yi])),
                            eur(C, spent[yi]));
      identify(g, payer_line, year_of(C, yi));
      for (int j = first(named, key); j < end(named, key) && g; j++) {
        Line *l = P->lines[named->items[j]];
        if (((src && l->paid_by_source == src) || (payer_line && l->paid_by_line == payer_line)) &&
            claimed(C, l, yi))
          diag_note(C->diags, g, l->paid_by->loc, "%s spends %s in %d", line_name(C, l),
                    eur(C, claimed(C, l, yi)), year_of(C, yi));
      }
      left = 0;  /* one finding per year, not a cascade */
    } else if (!carry) {
      left = 0;  /* paid back at the year's end: it pays nothing later */
    }
  }
}

/* The lines that name s as coverage and spend a known amount: a source
 * that brings no money into the plan backs none of it. */
static void unbacked_source(Checker *C, Source *s) {
  const Plan *P = C->plan;
  int k = source_key(P, s);
  Diag *g = NULL;
  for (int j = first(&C->ix->paid_by_source, k); j < end(&C->ix->paid_by_source, k); j++) {
    Line *l = P->lines[C->ix->paid_by_source.items[j]];
    if (l->paid_by_source != s)
      continue;
    int64_t spent = 0;
    for (int yi = 0; yi < P->nyears; yi++)
      spent = add(C, spent, claimed(C, l, yi));
    if (spent == 0)
      continue;
    if (!g) {
      g = diag_report(C->diags, "coverage", l->paid_by->loc,
                      "%s is paid by source '%s', which brings no money into the plan: no baten "
                      "line names it as its source and no opening balance came from it",
                      line_name(C, l), s->id);
      identify(g, l, 0);
      diag_note(C->diags, g, s->loc,
                "give the baten line that brings it `source %s`, or the opening balance "
                "`opening AMOUNT source %s`; lasten paid outside this plan are stated with "
                "`paid outside \"WHO\" { YEAR: AMOUNT }`",
                s->id, s->id);
    } else {
      diag_note(C->diags, g, l->paid_by->loc, "%s is paid by it too", line_name(C, l));
    }
  }
}

static void cover_source(Checker *C, int i) {
  const Plan *P = C->plan;
  Source *s = P->sources[i];
  if (!has_income(C, s)) {
    unbacked_source(C, s);
    return;
  }
  bool pm[AMR_MAX_YEARS] = {0};
  for (int j = first(&C->ix->income, i); j < end(&C->ix->income, i); j++)
    for (int yi = 0, k = C->ix->income.items[j]; yi < P->nyears && P->lines[k]->source == s; yi++)
      pm[yi] |= pm_at(C->res, P->lines[k], SIDE_BATEN, yi);
  int64_t in[AMR_MAX_YEARS] = {0};
  source_income(C, s, in);
  check_payer(C, s->loc, in, pm, s->rules.after_settlement, !s->rules.repay_unspent, s, NULL);
}

static void cover_line(Checker *C, Line *payer) {
  const Plan *P = C->plan;
  int i = payer->index;
  bool named = first(&C->ix->paid_by_line, i) < end(&C->ix->paid_by_line, i);
  if (!named)
    return;
  int64_t in[AMR_MAX_YEARS] = {0};
  bool pm[AMR_MAX_YEARS] = {0};
  for (int yi = 0; yi < P->nyears; yi++) {
    if (present_at(C->res, payer, SIDE_BATEN, yi) && !pm_at(C->res, payer, SIDE_BATEN, yi))
      in[yi] = cents_at(C->res, payer, SIDE_BATEN, yi);
    pm[yi] = pm_at(C->res, payer, SIDE_BATEN, yi);
  }
  bool after = payer->source && payer->source->rules.after_settlement;
  bool carry = !(payer->source && payer->source->rules.repay_unspent);
  check_payer(C, payer->loc, in, pm, after, carry, NULL, payer);
}

/* ------------------------------------------------------------------ balances */

/* Notes on g: the lines that restored the balance in year yi, the
 * opening below zero included (alloc_restorers). */
static void note_restorers(Checker *C, Diag *g, const ProjectAlloc *pa, int yi) {
  if (!g)
    return;
  Restorer r[3];
  int m = alloc_restorers(pa, yi, true, r, 3);
  for (int k = 0; k < m; k++)
    diag_note(C->diags, g, r[k].line->loc,
              "restored by line %d '%s': %s of its baten in %d pay what was pre-financed",
              r[k].line->nr, r[k].line->category, eur(C, r[k].cents), year_of(C, yi));
}

/* What caused a shortfall: the claims no money pays by the horizon's end,
 * one note per line (lasten, baten below zero) or for the opening. */
static void note_causes(Checker *C, Diag *g, const Project *p, const ProjectAlloc *pa) {
  const Plan *P = C->plan;
  int shown = 0, more = 0;
  if (!g)
    return;
  /* Which of the project's lines (their indexes are consecutive) already
   * had an unpaid claim of each kind, a bit per kind: looking back over
   * the claims before each made a project of n short lines cost n * n. */
  int base = p->lines ? p->lines->index : 0;
  unsigned char *seen = arena_alloc(C->arena, (size_t)p->nlines + 1);
  bool opening_seen = false;
  for (int i = 0; i < pa->nclaims; i++) {
    const Claim *c = &pa->claims[i];
    if (c->unpaid == 0)
      continue;
    int at = c->line ? c->line->index - base : -1;
    unsigned bit = 1u << c->kind;
    if (c->line && at >= 0 && at < p->nlines) {
      if (seen[at] & bit)
        continue;
      seen[at] |= (unsigned char)bit;
    } else if (!c->line) {
      if (opening_seen)
        continue;
      opening_seen = true;
    }
    if (shown == 5) {
      more++;
      continue;
    }
    shown++;
    if (c->kind == CLAIM_NEGATIVE_OPENING) {
      diag_note(C->diags, g, p->loc, "the opening balance of %s (spent before the plan) is "
                "never made good", eur(C, PR(p)->opening[0]));
      continue;
    }
    Buf b = {0};
    int64_t total = 0;
    for (int j = i; j < pa->nclaims; j++) {
      const Claim *d = &pa->claims[j];
      if (d->unpaid == 0 || d->line != c->line || d->kind != c->kind)
        continue;
      total = add(C, total, d->unpaid);
      buf_printf(&b, "%s%s", b.len ? ", " : "",
                 diag_phrase(C->diags, "%s of %d", eur(C, d->unpaid), year_of(C, d->yi)));
    }
    const char *years = b.data ? arena_strdup(C->arena, b.data) : "";
    buf_free(&b);
    if (c->kind == CLAIM_NEGATIVE_BATEN)
      diag_note(C->diags, g, c->line->loc, "line %d '%s': baten below zero take money that "
                "nothing replaces (%s)", c->line->nr, c->line->category, years);
    else
      diag_note(C->diags, g, c->line->loc, "line %d '%s': lasten that no money pays (%s)",
                c->line->nr, c->line->category, years);
    (void)total;
  }
  if (more == 1)
    diag_note(C->diags, g, p->loc, "and %d more line", more);
  else if (more)
    diag_note(C->diags, g, p->loc, "and %d more lines", more);
  (void)P;
}

static const char *years_text(Checker *C, int a, int b) {
  return a == b ? arena_printf(C->arena, "%d", year_of(C, a))
                : arena_printf(C->arena, "%d..%d", year_of(C, a), year_of(C, b));
}

/* Where the balance judged is not the table's, the note says why: lasten
 * paid outside the plan are in the table but not paid from its money. */
static void note_outside(Checker *C, Diag *g, const Project *p, const int64_t *closing, int yi) {
  if (!g || closing[yi] == PR(p)->closing[yi])
    return;
  diag_note(C->diags, g, p->loc,
            "the table shows %s at the end of %d: %s of its lasten up to then are paid outside "
            "this plan, not from its money",
            eur(C, PR(p)->closing[yi]), year_of(C, yi),
            eur(C, sub(C, closing[yi], PR(p)->closing[yi])));
}

static void check_balances(Checker *C, Project *p, const ProjectAlloc *pa) {
  const Plan *P = C->plan;
  const int64_t *closing = held(C, p);
  int yi = 0;
  /* An opening below zero is pre-financing carried in from before the horizon. */
  bool opens_negative = PR(p)->opening[0] < 0;
  bool short_at_end = false;
  while (yi < P->nyears) {
    bool negative_here = closing[yi] < 0 || (yi == 0 && opens_negative);
    if (!negative_here) {
      yi++;
      continue;
    }
    int start = yi;
    int64_t worst = closing[yi] < PR(p)->opening[yi] && yi == 0 && opens_negative
                        ? PR(p)->opening[0]
                        : closing[yi];
    int worst_yi = yi;
    int end = yi;
    while (end < P->nyears && closing[end] < 0) {
      if (closing[end] < worst) {
        worst = closing[end];
        worst_yi = end;
      }
      end++;
    }
    /* end: the first year whose closing balance is back at zero or above */
    if (end < P->nyears || (end == start && closing[start] >= 0)) {
      int restore_yi = end < P->nyears ? end : start;
      Diag *g;
      C->span_last = year_of(C, end > start ? end - 1 : start);
      if (end == start) {
        g = warn(C, "prefinancing", p->loc, NULL, p, NULL, year_of(C, start),
                 "project '%s' opens %d with %s: costs made before the plan are pre-financed "
                 "and restored in %d",
                 p->id, year_of(C, start), eur(C, PR(p)->opening[0]), year_of(C, start));
      } else if (end - 1 > start) {
        g = warn(C, "prefinancing", p->loc, NULL, p, NULL, year_of(C, start),
                 "project '%s' is pre-financed in %d to %d: its balance goes down to %s at the "
                 "end of %d and is back at %s at the end of %d",
                 p->id, year_of(C, start), year_of(C, end - 1), eur(C, worst),
                 year_of(C, worst_yi), eur(C, closing[restore_yi]), year_of(C, restore_yi));
      } else {
        g = warn(C, "prefinancing", p->loc, NULL, p, NULL, year_of(C, start),
                 "project '%s' is pre-financed in %d: its balance goes down to %s at the end "
                 "of %d and is back at %s at the end of %d",
                 p->id, year_of(C, start), eur(C, worst), year_of(C, worst_yi),
                 eur(C, closing[restore_yi]), year_of(C, restore_yi));
      }
      C->span_last = 0;
      note_restorers(C, g, pa, restore_yi);
      note_outside(C, g, p, closing, restore_yi);
      if (g && !g->accepted)
        diag_note(C->diags, g, p->loc,
                  "if this is planned, declare it in the project: prefinance %s \"reason\"",
                  years_text(C, start, end > start ? end - 1 : start));
      yi = end > start ? end : start + 1;
      continue;
    }
    /* Nothing restores it within the horizon: the lasten are not covered.
     * The whole course: from the first short year to the end, the deepest
     * point, and what the balance is at the end. */
    int last = P->nyears - 1;
    const char *course =
        start == last
            ? diag_phrase(C->diags, "is %s short at the end of %d", eur(C, -closing[last]),
                           year_of(C, last))
        : worst_yi == start
            ? diag_phrase(C->diags, "is short from %d to the end of the plan: %s at the end of "
                           "%d, still %s at the end of %d",
                           year_of(C, start), eur(C, -worst), year_of(C, start),
                           eur(C, -closing[last]), year_of(C, last))
        : worst_yi == last
            ? diag_phrase(C->diags, "is short from %d to the end of the plan: %s at the end of "
                           "%d, going down to %s at the end of %d",
                           year_of(C, start), eur(C, -closing[start]), year_of(C, start),
                           eur(C, -worst), year_of(C, last))
            : diag_phrase(C->diags, "is short from %d to the end of the plan: %s at the end of "
                           "%d, deepest %s at the end of %d, still %s at the end of %d",
                           year_of(C, start), eur(C, -closing[start]), year_of(C, start),
                           eur(C, -worst), year_of(C, worst_yi), eur(C, -closing[last]),
                           year_of(C, last));
    Diag *g = diag_report(C->diags, "shortfall", p->loc,
                          "project '%s' %s, and nothing in the plan restores it: these lasten "
                          "are not covered",
                          p->id, course);
    if (g) {  /* where an `accept` for it stands (accept_where_they_stand) */
      g->project = p->id;
      g->year = year_of(C, start);
    }
    note_causes(C, g, p, pa);
    note_outside(C, g, p, closing, last);
    short_at_end = true;
    break;
  }
  /* Money the balance shows but the lasten may not use: earmarked for
   * something else, or paid back because it was unspent. The balance stays
   * at zero or above, and still lasten go unpaid. */
  int last = P->nyears - 1;
  if (!short_at_end && P->nyears > 0 && pa->unpaid[last] > 0) {
    Diag *g = diag_report(C->diags, "earmark", p->loc,
                          "project '%s': %s of its lasten are paid by no money that may pay them; "
                          "its balance shows money, but that money is earmarked for other lines "
                          "or was paid back unspent",
                          p->id, eur(C, pa->unpaid[last]));
    if (g) {
      g->project = p->id;
      for (int k = 0; k < pa->nclaims && !g->year; k++)
        if (pa->claims[k].unpaid > 0)
          g->year = year_of(C, pa->claims[k].yi);
    }
    note_causes(C, g, p, pa);
    int shown = 0;
    for (int i = 0; i < pa->npots && g && shown < 3; i++) {
      const Pot *pot = &pa->pots[i];
      if (pot->left > 0 && pot->source && pot->source->rules.earmarked) {
        shown++;
        if (pot->line)
          diag_note(C->diags, g, pot->line->loc,
                    "%s of line %d '%s' of %d (source '%s') is left, earmarked for something else",
                    eur(C, pot->left), pot->line->nr, pot->line->category, year_of(C, pot->yi),
                    pot->source->id);
        else
          diag_note(C->diags, g, p->loc,
                    "%s of the opening balance (source '%s') is left, earmarked for something "
                    "else",
                    eur(C, pot->left), pot->source->id);
      } else if (pot->returned > 0) {
        shown++;
        diag_note(C->diags, g, pot->line ? pot->line->loc : p->loc,
                  "%s of source '%s' was paid back at the end of %d (it must be paid back "
                  "when unspent)",
                  eur(C, pot->returned), pot->source->id, year_of(C, pot->returned_yi));
      }
    }
  }
}

/* ------------------------------------------------------------------ words on the wrong side */

/* `source` says where baten come from and `paid by` what pays lasten; on a
 * line that has only the other side the statement would be ignored, and a
 * plan that relies on it would be judged on something it does not say. */
static void check_sides(Checker *C, Project *p) {
  for (Line *l = p->lines; l; l = l->next) {
    bool baten = l->cells[SIDE_BATEN] || l->receives_transfer;
    bool lasten = l->cells[SIDE_LASTEN] != NULL;
    if (l->source_ref && !baten && lasten) {
      Diag *g = diag_report(C->diags, "wrong-side", l->source_ref->loc,
                            "%s has lasten and no baten, so `source %s` says nothing: a lasten "
                            "line names its coverage with `paid by %s`",
                            line_name(C, l), l->source_ref->name, l->source_ref->name);
      diag_note(C->diags, g, l->loc, "the line");
    }
    if (l->paid_by && baten && !lasten) {
      Diag *g = diag_report(C->diags, "wrong-side", l->paid_by->loc,
                            "%s has baten and no lasten, so `paid by` says nothing: a baten line "
                            "names where its money comes from with `source NAME`",
                            line_name(C, l));
      diag_note(C->diags, g, l->loc, "the line");
    }
  }
}

/* ------------------------------------------------------------------ paid outside this plan */

/* `paid outside "WHO" { YEAR: AMOUNT }` states money that never enters the
 * plan and pays only the line's own lasten of that year: each year it names
 * must have known lasten of the line, at least as much as it states. */
static void check_outside_year(Checker *C, Line *l, const Outside *o, Loc at, int yi) {
  int y = year_of(C, yi);
  int64_t out = outside_at(C->res, l, yi);
  if (!present_at(C->res, l, SIDE_LASTEN, yi)) {
    Diag *g = diag_report(C->diags, "invalid-value", at,
                          "%s has no lasten in %d, so nothing of it can be paid outside this "
                          "plan; give the line its lasten of %d, or leave %d out of "
                          "`paid outside`",
                          line_name(C, l), y, y, y);
    diag_note(C->diags, g, l->loc, "the line");
  } else if (pm_at(C->res, l, SIDE_LASTEN, yi)) {
    diag_report(C->diags, "invalid-value", at,
                "%s has PM lasten in %d, so what is paid outside this plan cannot be weighed "
                "against them; give the lasten of %d an amount, or leave %d out of "
                "`paid outside`",
                line_name(C, l), y, y, y);
  } else if (out < 0) {
    diag_report(C->diags, "invalid-value", at,
                "what '%s' pays outside this plan in %d is %s, below zero; state what it pays, "
                "above zero",
                o->who, y, eur(C, out));
  } else if (out == 0) {
    /* docs/coverage.md: above zero; a year in which nothing is paid
     * outside is left out, so that the statement says only what happens */
    diag_report(C->diags, "invalid-value", at,
                "what '%s' pays outside this plan in %d is € 0; state what it pays, or leave %d "
                "out of `paid outside`",
                o->who, y, y);
  } else {
    /* the lasten as amounts (eval.c has undone a `sign lasten negative`) */
    int64_t c = cents_at(C->res, l, SIDE_LASTEN, yi);
    if (out > c) {
      Diag *g = diag_report(C->diags, "invalid-value", at,
                            "%s: '%s' pays %s outside this plan in %d, more than the line's "
                            "lasten of %s that year; money paid outside pays only this line's "
                            "lasten of that year",
                            line_name(C, l), o->who, eur(C, out), y, eur(C, c));
      diag_note(C->diags, g, l->loc, "state at most %s for %d, or correct the lasten",
                eur(C, c), y);
    }
  }
}

static void check_outside(Checker *C, Project *p) {
  const Plan *P = C->plan;
  for (Line *l = p->lines; l; l = l->next) {
    const Outside *o = line_outside(l);
    if (!o)
      continue;
    bool baten = l->cells[SIDE_BATEN] || l->receives_transfer;
    if (baten && !l->cells[SIDE_LASTEN]) {
      Diag *g = diag_report(C->diags, "wrong-side", o->loc,
                            "%s has baten and no lasten, so `paid outside` says nothing: money "
                            "paid outside this plan pays lasten; a baten line names where its "
                            "money comes from with `source NAME`",
                            line_name(C, l));
      diag_note(C->diags, g, l->loc, "the line");
      continue;
    }
    const YearAmount *first[AMR_MAX_YEARS] = {0};
    for (const YearAmount *ya = o->amounts; ya; ya = ya->next)
      for (int y = ya->y0; y <= ya->y1; y++) {
        int yi = year_index(P, y);
        if (yi < 0)
          continue;  /* outside the horizon: resolve.c said so */
        if (first[yi]) {
          Diag *g = diag_report(C->diags, "duplicate", year_amount_loc(ya),
                                "%d is given twice in `paid outside` of %s", y, line_name(C, l));
          diag_note(C->diags, g, year_amount_loc(first[yi]), "first given here");
          continue;
        }
        first[yi] = ya;
        check_outside_year(C, l, o, year_amount_loc(ya), yi);
      }
  }
}

/* ------------------------------------------------------------------ PM */

static void check_pm(Checker *C, Project *p) {
  const Plan *P = C->plan;
  for (Line *l = p->lines; l; l = l->next) {
    if (l->paid_by)
      continue;
    int first = -1, last = -1, n = 0;
    for (int yi = 0; yi < P->nyears; yi++)
      if (present_at(C->res, l, SIDE_LASTEN, yi) && pm_at(C->res, l, SIDE_LASTEN, yi)) {
        if (first < 0)
          first = yi;
        last = yi;
        n++;
      }
    if (n == 0)
      continue;
    const char *years = first == last ? arena_printf(C->arena, "%d", year_of(C, first))
                                      : arena_printf(C->arena, "%d..%d", year_of(C, first), year_of(C, last));
    warn(C, "pm-uncovered", l->loc, l, p, NULL, 0,
         "line %d '%s' of '%s' has PM lasten in %s and no coverage; name what will pay it "
         "(paid by SOURCE or paid by PROJECT.LINE)",
         l->nr, l->category, p->id, years);
  }
}

/* ------------------------------------------------------------------ transfers */

static void check_transfers(Checker *C) {
  const Plan *P = C->plan;
  /* The receiving side: baten of a receiving line equal what flows in.
   * The lines that receive are those with transfers in the index: only
   * they are read, not every line (on a large plan, far apart). */
  for (int i = 0; i < P->nlines; i++) {
    if (first(&C->ix->into, i) == end(&C->ix->into, i))
      continue;
    Line *to = P->lines[i];
    if (!to->cells[SIDE_BATEN])
      continue;
    for (int yi = 0; yi < P->nyears; yi++) {
      int64_t in = 0;
      bool any = false, pm = false;
      Transfer *one = NULL;
      for (int j = first(&C->ix->into, i); j < end(&C->ix->into, i); j++) {
        Transfer *t = P->transfers[C->ix->into.items[j]];
        if (t->to_line != to)
          continue;
        one = t;
        if (transfer_present(C->res, t, yi)) {
          in = add(C, in, transfer_cents(C->res, t, yi));
          any = true;
        }
        if (!t->amounts && t->from_line && pm_at(C->res, t->from_line, SIDE_LASTEN, yi))
          pm = true;
      }
      int64_t got = present_at(C->res, to, SIDE_BATEN, yi) ? cents_at(C->res, to, SIDE_BATEN, yi) : 0;
      bool got_pm = pm_at(C->res, to, SIDE_BATEN, yi);
      if (pm || got_pm) {
        if (pm != got_pm && (any || present_at(C->res, to, SIDE_BATEN, yi))) {
          Diag *g = diag_report(C->diags, "transfer-mismatch", one->loc,
                                "transfer to %s in %d: %s paid, %s received; one side is PM "
                                "and the other is not",
                                line_name(C, to), year_of(C, yi), pm ? "PM" : eur(C, in),
                                got_pm ? "PM" : eur(C, got));
          diag_note(C->diags, g, to->loc, "the receiving line");
        }
        continue;
      }
      if (got == in)
        continue;
      Diag *g = diag_report(C->diags, "transfer-mismatch", one->loc,
                            "transfer to %s in %d: %s paid, %s received (difference %s)",
                            line_name(C, to), year_of(C, yi), eur(C, in), eur(C, got),
                            eur(C, sub(C, got, in)));
      if (one->from_line)
        diag_note(C->diags, g, one->from_line->loc, "%s pays %s", line_name(C, one->from_line),
                  eur(C, in));
      diag_note(C->diags, g, to->loc, "%s receives %s", line_name(C, to), eur(C, got));
    }
  }
  /* The paying side: money is conserved. The transfers out of a line
   * together never move more than it pays that year, whatever the
   * declarations say (the same transfer twice, one line passed whole to two
   * receivers, a part and the whole): the declaration that goes beyond it is
   * the error, and it names the ones before it. */
  for (int i = 0; i < P->nlines; i++) {
    int from = i;
    if (first(&C->ix->out_of, from) == end(&C->ix->out_of, from))
      continue;
    Line *payer = P->lines[i];
    for (int yi = 0; yi < P->nyears; yi++) {
      if (pm_at(C->res, payer, SIDE_LASTEN, yi))
        continue;
      int64_t spends = present_at(C->res, payer, SIDE_LASTEN, yi) ? cents_at(C->res, payer, SIDE_LASTEN, yi) : 0;
      int64_t out = 0;
      for (int j = first(&C->ix->out_of, from); j < end(&C->ix->out_of, from); j++) {
        Transfer *t = P->transfers[C->ix->out_of.items[j]];
        if (t->from_line != payer || !transfer_present(C->res, t, yi))
          continue;
        int64_t before = out;
        out = add(C, out, transfer_cents(C->res, t, yi));
        if (out <= spends || before > spends)
          continue;  /* within what it pays, or already reported */
        Transfer *twin = NULL;
        for (int k = first(&C->ix->out_of, from); k < j && !twin; k++) {
          Transfer *u = P->transfers[C->ix->out_of.items[k]];
          if (u->from_line == payer && u->to_line == t->to_line && transfer_present(C->res, u, yi))
            twin = u;
        }
        Diag *g =
            twin ? diag_report(C->diags, "transfer-mismatch", t->loc,
                               "the transfer from %s to %s is declared twice: in %d they move %s "
                               "out of a line that pays %s; a transfer moves money, it does not "
                               "create it",
                               line_name(C, payer), line_name(C, t->to_line), year_of(C, yi),
                               eur(C, out), eur(C, spends))
                 : diag_report(C->diags, "transfer-mismatch", t->loc,
                               "with this transfer, %s passes %s to other projects in %d but "
                               "pays only %s; a transfer moves money, it does not create it",
                               line_name(C, payer), eur(C, out), year_of(C, yi), eur(C, spends));
        for (int k = first(&C->ix->out_of, from); k < j && g; k++) {
          Transfer *u = P->transfers[C->ix->out_of.items[k]];
          if (u->from_line != payer || !transfer_present(C->res, u, yi))
            continue;
          if (u == twin)
            diag_note(C->diags, g, u->loc, "declared first here: %s to %s in %d",
                      eur(C, transfer_cents(C->res, u, yi)), line_name(C, u->to_line), year_of(C, yi));
          else
            diag_note(C->diags, g, u->loc, "an earlier transfer: %s to %s in %d",
                      eur(C, transfer_cents(C->res, u, yi)), line_name(C, u->to_line), year_of(C, yi));
        }
        diag_note(C->diags, g, payer->loc, "the paying line");
      }
    }
  }
}

/* ------------------------------------------------------------------ sources */

static bool earmark_allows(const Source *s, const Line *l) {
  for (RefList *r = s->earmarked_for; r; r = r->next) {
    if (!r->ref.name || strcmp(r->ref.name, l->project->id) != 0)
      continue;
    if (r->ref.line == 0 || r->ref.line == l->nr)
      return true;
  }
  return false;
}

static bool receives_source(const Checker *C, const Source *s, const Project *p) {
  if (p->opening_source == s)
    return true;
  /* a line of the project names the source */
  const CheckIndex *X = C->ix;
  int sk = source_key(C->plan, s), pk = project_key(C->plan, p);
  if (sk < 0 || pk < 0)
    return false;
  uint64_t key = pair_of(sk, pk);
  for (size_t h = mix(key) & (X->pairs_cap - 1); X->pairs[h]; h = (h + 1) & (X->pairs_cap - 1))
    if (X->pairs[h] == key)
      return true;
  return false;
}

/* The source a lasten line is paid from: named directly, or through the
 * baten line it names, which comes from a source. */
static Source *paying_source(const Line *l) {
  if (l->paid_by_source)
    return l->paid_by_source;
  return l->paid_by_line ? l->paid_by_line->source : NULL;
}

static void check_sources(Checker *C) {
  const Plan *P = C->plan;
  /* lines paid from an earmarked source, found by their keys: only they
   * are read */
  for (int i = 0; i < P->nlines; i++) {
    int sk = C->ix->paying_key[i];
    if (sk < 0 || !P->sources[sk]->rules.earmarked)
      continue;
    Line *l = P->lines[i];
    Source *s = P->sources[sk];
    bool allowed = s->earmarked_for ? earmark_allows(s, l) : receives_source(C, s, l->project);
    if (!allowed) {
      Diag *g = diag_report(C->diags, "earmark", l->paid_by->loc,
                            "%s is paid from '%s', which is earmarked for something else",
                            line_name(C, l), s->id);
      identify(g, l, 0);
      diag_note(C->diags, g, s->loc, "'%s' is defined here", s->id);
    }
  }
  /* Money that must be paid back when unspent: what the allocation leaves
   * of it at the end of the year it came in (the same allocation that pays
   * the lasten, so naming the source on a line changes nothing here). */
  int64_t *back = xcalloc((size_t)P->nsources * (size_t)P->nyears + 1, sizeof *back);
  for (int i = 0; i < P->nprojects; i++)
    for (const Repaid *b = C->paid_back[i]; b && b->source >= 0; b++)
      back[(size_t)b->source * (size_t)P->nyears + (size_t)b->yi] =
          add(C, back[(size_t)b->source * (size_t)P->nyears + (size_t)b->yi], b->cents);
  for (int i = 0; i < P->nsources; i++) {
    Source *s = P->sources[i];
    if (!s->rules.repay_unspent || (C->source_unchecked && C->source_unchecked[i]))
      continue;
    for (int yi = 0; yi < P->nyears; yi++) {
      int64_t left = back[(size_t)i * (size_t)P->nyears + (size_t)yi];
      if (left > 0)
        warn(C, "unspent-earmarked", s->loc, NULL, NULL, s, year_of(C, yi),
             "source '%s' must be paid back when unspent, and %s of it is left at the end of %d",
             s->id, eur(C, left), year_of(C, yi));
    }
  }
  free(back);
}

/* ------------------------------------------------------------------ reservations */

static void check_reserves(Checker *C, Project *p) {
  const Plan *P = C->plan;
  const int64_t *closing = held(C, p);
  for (int yi = 0; yi < P->nyears; yi++) {
    int64_t reserved = 0;
    Reserve *any = NULL;
    for (Reserve *r = p->reserves; r; r = r->next) {
      if (!reserve_present(C->res, r, yi))
        continue;
      if (reserve_cents(C->res, r, yi) < 0)
        diag_report(C->diags, "reservation", r->loc, "reservation '%s' is negative in %d",
                    r->name, year_of(C, yi));
      reserved = add(C, reserved, reserve_cents(C->res, r, yi));
      any = r;
    }
    if (any && reserved > closing[yi]) {
      Diag *g = diag_report(C->diags, "reservation", any->loc,
                            "project '%s' reserves %s at the end of %d but its balance is only %s",
                            p->id, eur(C, reserved), year_of(C, yi), eur(C, closing[yi]));
      (void)g;
    }
  }
}

/* ------------------------------------------------------------------ structural balance */

static MoneyClass class_of(const Line *l, Side s) {
  if (l->money_class != CLASS_NONE)
    return l->money_class;
  if (s == SIDE_BATEN && l->source)
    return l->source->rules.money_class;
  if (s == SIDE_LASTEN && l->paid_by_source)
    return CLASS_NONE;
  return CLASS_NONE;
}

static void check_structural(Checker *C, Project *p) {
  const Plan *P = C->plan;
  for (int yi = 0; yi < P->nyears; yi++) {
    int64_t lasten = 0, baten = 0;
    bool any = false;
    for (Line *l = p->lines; l; l = l->next) {
      if (present_at(C->res, l, SIDE_LASTEN, yi) && !pm_at(C->res, l, SIDE_LASTEN, yi) &&
          class_of(l, SIDE_LASTEN) == CLASS_STRUCTURAL) {
        lasten = add(C, lasten, cents_at(C->res, l, SIDE_LASTEN, yi));
        any = true;
      }
      if (present_at(C->res, l, SIDE_BATEN, yi) && !pm_at(C->res, l, SIDE_BATEN, yi) &&
          class_of(l, SIDE_BATEN) == CLASS_STRUCTURAL)
        baten = add(C, baten, cents_at(C->res, l, SIDE_BATEN, yi));
    }
    if (any && lasten > baten) {
      /* one warning for the years of one project (diags_group) */
      const char *vals[] = {eur(C, lasten), eur(C, baten), eur(C, sub(C, lasten, baten))};
      Diag *g = diag_year(C->diags, "structural-balance", p->loc,
                          arena_printf(C->arena, "structural:%s", p->id), year_of(C, yi), vals, 3,
                          "project '%s' in " DIAG_YEARS ": " DIAG_VAL(0)
                          " of structural lasten against " DIAG_VAL(1)
                          " of structural baten; " DIAG_VAL(2) " leans on incidental money",
                          p->id);
      acknowledge(C, g, "structural-balance", NULL, p, NULL, year_of(C, yi));
    }
  }
}

/* ------------------------------------------------------------------ expectations */

static const char *measure_name(Checker *C, Measure m) {
  static const char *names[] = {N_("opening"), "baten", "lasten", N_("closing"), "saldo", N_("result")};
  return diag_phrase_msgid(C->diags, names[m]);
}

/* A total as the plan states it: an amount, maybe negative or in
 * parentheses. Anything else (PM, arithmetic, a percentage) is reported,
 * never skipped in silence. */
static bool stated_total(Checker *C, const Expr *e, int64_t *out) {
  const Expr *x = e;
  i128 sign = 1;
  while (x && (x->kind == EXPR_PAREN || x->kind == EXPR_NEG)) {
    if (x->kind == EXPR_NEG)
      sign = -sign;
    x = x->lhs;
  }
  if (x && x->kind == EXPR_NUMBER && !x->is_percent && micros_to_cents(sign * x->micros, out))
    return true;
  if (x && x->kind == EXPR_PM)
    diag_report(C->diags, "invalid-value", e->loc,
                "a stated total or tolerance is a plain amount, such as 1_787_349 or -€ 127.800, "
                "not PM");
  else
    diag_report(C->diags, "invalid-value", e->loc,
                "a stated total or tolerance is a plain amount, such as 1_787_349 or -€ 127.800, "
                "not a rule");
  return false;
}

/* What an expectation is about, as its messages name it: made only for a
 * message, not for each of a plan's thousands of expectations. */
static const char *expect_subject(Checker *C, const Expect *e, const char *id) {
  if (e->subject == SUBJECT_PROJECT)
    return diag_phrase(C->diags, "project '%s'", id);
  if (e->subject == SUBJECT_PROGRAMME)
    return diag_phrase(C->diags, "programme '%s'", id);
  return diag_phrase(C->diags, "the plan");
}

/* ------------------------------------------------------------------ which total explains which */

/* A stated total that differs only because a total below it differs is a
 * consequence, not a cause: diags_group folds it into a note on the cause.
 * Per subject (the projects, then the programmes, then the plan), measure
 * and year: the computed total, the stated one (if any), and the derived
 * one: the stated total where the plan states one, else what the totals
 * below add up to, the stated ones where stated. Built once, after the
 * expectations are checked in slices, if one of their findings waits for
 * it (explain_findings). */
enum { NMEASURES = 5 };

typedef struct Explainer {
  int ny, nproj, nprog;
  int64_t *computed, *stated, *derived;
  uint8_t *has;
  int *first_in, *next_in; /* the projects of each programme, in order */
  bool overflow;           /* a sum out of range: explain nothing */
} Explainer;

static size_t ex_at(const Explainer *X, int subj, int m, int yi) {
  return ((size_t)subj * NMEASURES + (size_t)m) * (size_t)X->ny + (size_t)yi;
}

static int64_t ex_add(Explainer *X, int64_t a, int64_t b) {
  int64_t r;
  if (!money_add(a, b, &r)) {
    X->overflow = true;
    return 0;
  }
  return r;
}

static int subject_of(Checker *C, const Expect *e) {
  const Plan *P = C->plan;
  if (e->subject == SUBJECT_PROJECT) {
    Project *p = project_named(C, e->ref.name);
    return p ? p->index : -1;
  }
  if (e->subject == SUBJECT_PROGRAMME) {
    for (int i = 0; i < P->nprogrammes; i++)
      if (strcmp(P->programmes[i]->id, e->ref.name) == 0)
        return P->nprojects + i;
    return -1;
  }
  return P->nprojects + P->nprogrammes;
}

static void ex_sum_into(Explainer *X, int64_t *v, int to, int from) {
  for (int m = 0; m < NMEASURES; m++)
    for (int yi = 0; yi < X->ny; yi++)
      v[ex_at(X, to, m, yi)] = ex_add(X, v[ex_at(X, to, m, yi)], v[ex_at(X, from, m, yi)]);
}

/* Where the plan states a total, it is the derived one. */
static void ex_settle(Explainer *X, int subj) {
  for (int m = 0; m < NMEASURES; m++)
    for (int yi = 0; yi < X->ny; yi++) {
      size_t k = ex_at(X, subj, m, yi);
      if (X->has[k])
        X->derived[k] = X->stated[k];
    }
}

/* A total stated twice (a project's own Totaal row and a summary table)
 * counts with the value that differs, if one does: that is the one a total
 * above can follow. */
static void ex_state(Checker *C, Explainer *X) {
  const Plan *P = C->plan;
  for (int e = 0; e < P->nexpects; e++) {
    int subj = subject_of(C, P->expects[e]);
    if (subj < 0)
      continue;
    for (ExpectRow *row = P->expects[e]->rows; row; row = row->next)
      for (YearAmount *ya = row->amounts; ya; ya = ya->next) {
        int64_t v;
        if (!expr_stated_cents(ya->value, &v))
          continue;
        for (int y = ya->y0; y <= ya->y1; y++) {
          int yi = year_index(P, y);
          if (yi < 0)
            continue;
          if ((int)row->measure >= NMEASURES)
            continue;
          size_t k = ex_at(X, subj, (int)row->measure, yi);
          if (!X->has[k] || (X->stated[k] == X->computed[k] && v != X->computed[k])) {
            X->has[k] = 1;
            X->stated[k] = v;
          }
        }
      }
  }
}

static Explainer *build_explainer(Checker *C, Arena *a) {
  const Plan *P = C->plan;
  Explainer *X = arena_alloc(a, sizeof *X);
  X->ny = P->nyears;
  X->nproj = P->nprojects;
  X->nprog = P->nprogrammes;
  size_t n = ((size_t)X->nproj + (size_t)X->nprog + 1) * NMEASURES * (size_t)X->ny;
  X->computed = arena_alloc(a, sizeof *X->computed * n);
  X->stated = arena_alloc(a, sizeof *X->stated * n);
  X->derived = arena_alloc(a, sizeof *X->derived * n);
  X->has = arena_alloc(a, n);
  X->first_in = arena_alloc(a, sizeof(int) * ((size_t)X->nprog + 1));
  X->next_in = arena_alloc(a, sizeof(int) * ((size_t)X->nproj + 1));
  for (int i = 0; i < X->nprog; i++)
    X->first_in[i] = -1;
  for (int i = X->nproj - 1; i >= 0; i--) {
    const Programme *g = P->projects[i]->programme;
    X->next_in[i] = g ? X->first_in[g->index] : -1;
    if (g)
      X->first_in[g->index] = i;
  }
  int plan = X->nproj + X->nprog;
  for (int i = 0; i < X->nproj; i++) {
    const Project *p = P->projects[i];
    for (int yi = 0; yi < X->ny; yi++) {
      int64_t c[NMEASURES] = {PR(p)->opening[yi], PR(p)->baten[yi], PR(p)->lasten[yi], PR(p)->closing[yi],
                              ex_add(X, PR(p)->baten[yi], -PR(p)->lasten[yi])};
      for (int m = 0; m < NMEASURES; m++)
        X->computed[ex_at(X, i, m, yi)] = c[m];
    }
    if (p->programme)
      ex_sum_into(X, X->computed, X->nproj + p->programme->index, i);
    ex_sum_into(X, X->computed, plan, i);
  }
  ex_state(C, X);
  for (int i = 0; i < X->nproj; i++) {
    const Project *p = P->projects[i];
    memcpy(&X->derived[ex_at(X, i, 0, 0)], &X->computed[ex_at(X, i, 0, 0)],
           sizeof(int64_t) * NMEASURES * (size_t)X->ny);
    ex_settle(X, i);
    ex_sum_into(X, X->derived, p->programme ? X->nproj + p->programme->index : plan, i);
  }
  for (int g = 0; g < X->nprog; g++) {
    ex_settle(X, X->nproj + g);
    ex_sum_into(X, X->derived, plan, X->nproj + g);
  }
  ex_settle(X, plan);
  return X;
}

static const char *expect_key(Checker *C, int subj, int m) {
  const Plan *P = C->plan;
  static const char *names[] = {"opening", "baten", "lasten", "closing", "saldo"};
  if (subj < P->nprojects)
    return arena_printf(C->arena, "expect:project:%s:%s", P->projects[subj]->id, names[m]);
  if (subj < P->nprojects + P->nprogrammes)
    return arena_printf(C->arena, "expect:programme:%s:%s",
                        P->programmes[subj - P->nprojects]->id, names[m]);
  return arena_printf(C->arena, "expect:plan:%s", names[m]);
}

static bool differs(const Explainer *X, int subj, int m, int yi) {
  size_t k = ex_at(X, subj, m, yi);
  return X->derived[k] != X->computed[k];
}

/* The first subject below subj whose derived total differs (the plan's are
 * its programmes and the projects of none; a programme's, its projects). */
static int first_differing_below(const Explainer *X, const Plan *P, int subj, int m, int yi) {
  if (subj < X->nproj)
    return -1;
  if (subj < X->nproj + X->nprog) {
    for (int i = X->first_in[subj - X->nproj]; i >= 0; i = X->next_in[i])
      if (differs(X, i, m, yi))
        return i;
    return -1;
  }
  for (int g = 0; g < X->nprog; g++)
    if (differs(X, X->nproj + g, m, yi))
      return X->nproj + g;
  for (int i = 0; i < X->nproj; i++)
    if (!P->projects[i]->programme && differs(X, i, m, yi))
      return i;
  return -1;
}

/* The stated total that carries a difference of (subj, m, yi): its own,
 * or, where the plan states none, the first below that differs. */
static bool locate(Checker *C, int subj, int m, int yi, const char **key, int *year) {
  const Explainer *X = C->ex;
  for (int depth = 0; depth < 3 && subj >= 0; depth++) {
    if (X->has[ex_at(X, subj, m, yi)]) {
      *key = expect_key(C, subj, m);
      *year = year_of(C, yi);
      return true;
    }
    subj = first_differing_below(X, C->plan, subj, m, yi);
  }
  return false;
}

/* What explains a stated total that differs: the totals below it, when it
 * equals what they add up to; for a closing balance or a saldo, the baten
 * and lasten (and opening) of its year; for an opening balance, the
 * closing balance of the year before. */
static void explain(Checker *C, Diag *g, int subj, int m, int yi) {
  const Explainer *X = C->ex;
  if (!g || !X || X->overflow)
    return;
  size_t k = ex_at(X, subj, m, yi);
  int64_t stated = X->stated[k];
  const char **key = &g->because;
  int *year = &g->because_year;
  int below = first_differing_below(X, C->plan, subj, m, yi);
  if (below >= 0) {
    /* the derived total of a subject with a stated one is that one: the
     * sum below is the derived total it would have if unstated */
    int64_t sum = 0;
    bool ok = true;
    if (subj < X->nproj + X->nprog) {
      for (int i = X->first_in[subj - X->nproj]; i >= 0; i = X->next_in[i])
        ok &= money_add(sum, X->derived[ex_at(X, i, m, yi)], &sum);
    } else {
      for (int gi = 0; gi < X->nprog; gi++)
        ok &= money_add(sum, X->derived[ex_at(X, X->nproj + gi, m, yi)], &sum);
      for (int i = 0; i < X->nproj; i++)
        if (!C->plan->projects[i]->programme)
          ok &= money_add(sum, X->derived[ex_at(X, i, m, yi)], &sum);
    }
    if (ok && sum == stated && locate(C, below, m, yi, key, year))
      return;
  }
  int64_t o = X->derived[ex_at(X, subj, MEASURE_OPENING, yi)];
  int64_t b = X->derived[ex_at(X, subj, MEASURE_BATEN, yi)];
  int64_t l = X->derived[ex_at(X, subj, MEASURE_LASTEN, yi)];
  int64_t want;
  if ((m == MEASURE_CLOSING && money_add(o, b, &want) && money_sub(want, l, &want) &&
       want == stated) ||
      (m == MEASURE_SALDO && money_sub(b, l, &want) && want == stated)) {
    for (int part = m == MEASURE_SALDO ? MEASURE_BATEN : MEASURE_OPENING; part <= MEASURE_LASTEN;
         part++)
      if (differs(X, subj, part, yi) && locate(C, subj, part, yi, key, year))
        return;
  }
  if (m == MEASURE_OPENING && yi > 0 &&
      X->derived[ex_at(X, subj, MEASURE_CLOSING, yi - 1)] == stated &&
      differs(X, subj, MEASURE_CLOSING, yi - 1))
    locate(C, subj, MEASURE_CLOSING, yi - 1, key, year);
}

/* ------------------------------------------------------------------ what an expectation states, computed */

/* check_expect and `amrc expect --update` (expect.c) compute the same
 * numbers: a stated total is checked and rewritten against one value. */

bool expect_totals(const Plan *P, const Results *R, const Expect *e, const Project *p, Totals *t) {
  memset(t, 0, sizeof *t);
  if (e->subject == SUBJECT_PROJECT) {
    if (!p)
      return false;
    for (int yi = 0; yi < P->nyears; yi++) {
      t->opening[yi] = R->projects[p->index].opening[yi];
      t->baten[yi] = R->projects[p->index].baten[yi];
      t->lasten[yi] = R->projects[p->index].lasten[yi];
      t->closing[yi] = R->projects[p->index].closing[yi];
    }
    return true;
  }
  if (e->subject == SUBJECT_PROGRAMME) {
    for (int i = 0; i < P->nprogrammes; i++)
      if (strcmp(P->programmes[i]->id, e->ref.name) == 0) {
        totals_of_programme(P, R, P->programmes[i], false, t);
        return true;
      }
    return false;
  }
  totals_of_plan(P, R, false, t);
  return true;
}

/* The subject's year split as the BBV's overzicht shows it: baten and
 * lasten without the mutations of reserves, and the mutations apart. */
static bool subject_split(const Plan *P, const Results *R, const Expect *e, int yi, YearSplit *out) {
  memset(out, 0, sizeof *out);
  bool ok = true;
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    if (e->subject == SUBJECT_PROJECT && strcmp(p->id, e->ref.name) != 0)
      continue;
    if (e->subject == SUBJECT_PROGRAMME && (!p->programme || strcmp(p->programme->id, e->ref.name) != 0))
      continue;
    YearSplit s;
    split_year(P, R, p, yi, &s);
    ok &= !s.overflow && money_add(out->baten, s.baten, &out->baten) &&
          money_add(out->lasten, s.lasten, &out->lasten) &&
          money_add(out->withdrawn, s.withdrawn, &out->withdrawn) &&
          money_add(out->added, s.added, &out->added);
  }
  return ok;
}

bool expect_computed(const Plan *P, const Results *R, const Expect *e, const Totals *t, Measure m,
                     int yi, int64_t *out) {
  /* a plan with reserves: baten, lasten and saldo as the overzicht van
   * baten en lasten has them, before the mutations of reserves; result
   * after them */
  YearSplit sp = {.baten = t->baten[yi], .lasten = t->lasten[yi]};
  if (P->naccounts && !subject_split(P, R, e, yi, &sp))
    return false;
  int64_t v = 0;
  bool ok = true;
  switch (m) {
  case MEASURE_OPENING: v = t->opening[yi]; break;
  case MEASURE_BATEN: v = sp.baten; break;
  case MEASURE_LASTEN: v = sp.lasten; break;
  case MEASURE_CLOSING: v = t->closing[yi]; break;
  case MEASURE_SALDO: ok = money_sub(sp.baten, sp.lasten, &v); break;
  case MEASURE_RESULT:
    ok = money_sub(sp.baten, sp.lasten, &v) && money_add(v, sp.withdrawn, &v) &&
         money_sub(v, sp.added, &v);
    break;
  }
  if (!ok || v == INT64_MIN)
    return false;
  if (m == MEASURE_SALDO || m == MEASURE_RESULT)
    v = printed_saldo(P, v);
  *out = v;
  return true;
}

int64_t expect_allowed(int64_t tolerance, i128 relative, int64_t computed) {
  return relative < 0 ? tolerance : money_abs_times(computed, relative);
}

/* A finding of expectation i that a total below it may explain: the
 * explainer is built after every expectation is checked, and only when
 * one of them found something (a plan's stated totals mostly hold). Each
 * explanation sets only its own finding's cause, so they run in any order. */
typedef struct ToExplain {
  Diag *g;
  int subj, m, yi;
  struct ToExplain *next;
} ToExplain;

static void explain_later(Checker *C, int i, Diag *g, int subj, int m, int yi) {
  ToExplain *t = arena_alloc(C->arena, sizeof *t);
  *t = (ToExplain){g, subj, m, yi, C->to_explain[i]};
  C->to_explain[i] = t;
}

static void explain_findings(Checker *C, Arena *scratch) {
  const Plan *P = C->plan;
  int i = 0;
  while (C->to_explain && i < P->nexpects && !C->to_explain[i])
    i++;
  if (!C->to_explain || i == P->nexpects)
    return;
  C->ex = build_explainer(C, scratch);
  for (; i < P->nexpects; i++)
    for (ToExplain *t = C->to_explain[i]; t; t = t->next)
      explain(C, t->g, t->subj, t->m, t->yi);
  C->ex = NULL;
}

static void check_expect(Checker *C, Expect *e, int i) {
  const Plan *P = C->plan;
  Totals t;
  const char *id = e->subject == SUBJECT_PLAN ? NULL : e->ref.name;
  const Project *p = e->subject == SUBJECT_PROJECT ? project_named(C, e->ref.name) : NULL;
  if (!expect_totals(P, C->res, e, p, &t))
    return;
  if (t.overflow) {
    diag_report(C->diags, "overflow", e->loc,
                "the totals of %s are beyond the money type (at most %s cents)",
                expect_subject(C, e, id),
                "9223372036854775807");
    return;
  }
  /* within AMOUNT, or within PERCENT of the computed total */
  int64_t tolerance = 0;
  i128 relative = -1;
  if (e->tolerance) {
    if (e->tolerance->kind == EXPR_NUMBER && e->tolerance->is_percent)
      relative = e->tolerance->micros;
    else if (!stated_total(C, e->tolerance, &tolerance))
      return;
  }
  int subj_of = C->to_explain ? subject_of(C, e) : -1;
  for (ExpectRow *row = e->rows; row; row = row->next) {
    int subj = (int)row->measure < NMEASURES ? subj_of : -1;
    for (YearAmount *ya = row->amounts; ya; ya = ya->next) {
      int64_t expected;
      if (!stated_total(C, ya->value, &expected))
        continue;
      for (int y = ya->y0; y <= ya->y1; y++) {
        int yi = year_index(P, y);
        if (yi < 0)
          continue;
        int64_t computed = 0;
        if (!expect_computed(P, C->res, e, &t, row->measure, yi, &computed)) {
          C->overflowed = true;
          continue;
        }
        if (computed == expected)
          continue;
        int64_t diff;
        if (!money_sub(computed, expected, &diff) || diff == INT64_MIN) {
          diag_report(C->diags, "overflow", year_amount_loc(ya),
                      "%s, %s %d: the plan states %s, the lines add up to %s: their difference "
                      "is beyond the money type",
                      expect_subject(C, e, id), measure_name(C, row->measure), y, eur(C, expected),
                      eur(C, computed));
          continue;
        }
        int64_t mag = diff < 0 ? -diff : diff;
        bool within = mag <= expect_allowed(tolerance, relative, computed);
        const char *vals[] = {eur(C, expected), eur(C, computed), eur(C, diff)};
        Diag *g = diag_year(C->diags, within ? "expectation-tolerance" : "expectation",
                            year_amount_loc(ya), subj >= 0 ? expect_key(C, subj, row->measure) : NULL,
                            y, vals, 3,
                            "%s, %s " DIAG_YEARS ": the plan states " DIAG_VAL(0)
                            ", the lines add up to " DIAG_VAL(1) " (difference " DIAG_VAL(2) ")%s",
                            expect_subject(C, e, id), measure_name(C, row->measure),
                            within ? diag_phrase(C->diags, ", within the tolerance") : "");
        if (subj >= 0 && g)
          explain_later(C, i, g, subj, row->measure, yi);
        if (g && e->subject == SUBJECT_PROJECT)
          g->project = id;
        if (g)
          diag_accept(C->diags, g, accept_reason(C, e->accepts, g));
      }
    }
  }
}

/* ------------------------------------------------------------------ unused acknowledgements */

/* What a prefinance declaration that matched no pre-financing finding
 * meets in its years: nothing below zero, a dip that runs past its years,
 * or a dip that nothing restores (a shortfall, which no declaration
 * accepts). */
static void unused_prefinance(Checker *C, Project *p, Prefinance *pf) {
  const Plan *P = C->plan;
  const int64_t *closing = held(C, p);
  const char *declared = pf->years.y0 == pf->years.y1
                             ? arena_printf(C->arena, "%d", pf->years.y0)
                             : arena_printf(C->arena, "%d..%d", pf->years.y0, pf->years.y1);
  int dip0 = -1, dip1 = -1;
  for (int yi = 0; yi < P->nyears; yi++) {
    bool below = closing[yi] < 0 || (yi == 0 && PR(p)->opening[0] < 0);
    int y = year_of(C, yi);
    if (below && dip0 < 0 && y >= pf->years.y0 && y <= pf->years.y1)
      dip0 = yi;
    if (dip0 >= 0 && dip1 < 0 && !below)
      dip1 = yi;  /* the first year back at zero or above */
  }
  if (dip0 < 0) {
    if (pf->years.y0 == pf->years.y1)
      diag_report(C->diags, "unused-accept", pf->loc,
                  "'%s' declares pre-financing in %s, but its balance stays at zero or above in "
                  "that year",
                  p->id, declared);
    else
      diag_report(C->diags, "unused-accept", pf->loc,
                  "'%s' declares pre-financing in %s, but its balance stays at zero or above in "
                  "these years",
                  p->id, declared);
  } else if (dip1 < 0) {
    diag_report(C->diags, "unused-accept", pf->loc,
                "'%s' declares pre-financing in %s, but its balance goes below zero in %d and "
                "nothing in the plan restores it: that is a shortfall, which a declaration "
                "cannot accept",
                p->id, declared, year_of(C, dip0));
  } else {
    int b0 = dip0;
    while (b0 > 0 && closing[b0 - 1] < 0)
      b0--;
    diag_report(C->diags, "unused-accept", pf->loc,
                "'%s' declares pre-financing in %s, but its balance is below zero from %d to "
                "%d: declare prefinance %d..%d",
                p->id, declared, year_of(C, b0), year_of(C, dip1 - 1), year_of(C, b0),
                year_of(C, dip1 - 1));
  }
}

static void check_unused_in(Checker *C, Project *p) {
  for (Prefinance *pf = p->prefinances; pf && !project_annual(C->plan, p); pf = pf->next)
    if (!C->res->prefinance_used[pf->index] && diag_enabled(C->diags, "prefinancing"))
      unused_prefinance(C, p, pf);
  for (Accept *a = p->accepts; a; a = a->next)
    if (!C->res->accept_used[a->index] && diag_enabled(C->diags, a->name) && !realisatie_finding(a->name))
      diag_report(C->diags, "unused-accept", a->loc, "nothing here gives '%s' to accept", a->name);
  for (Line *l = p->lines; l; l = l->next)
    for (Accept *a = line_accepts(l); a; a = a->next)
      if (!C->res->accept_used[a->index] && diag_enabled(C->diags, a->name) && !realisatie_finding(a->name))
        diag_report(C->diags, "unused-accept", a->loc, "nothing here gives '%s' to accept", a->name);
}

static bool expect_unchecked(const Checker *C, const Expect *e, int i);

static void check_unused_sources(Checker *C) {
  const Plan *P = C->plan;
  for (int i = 0; i < P->nexpects; i++)
    for (Accept *a = P->expects[i]->accepts; a && !expect_unchecked(C, P->expects[i], i); a = a->next)
      if (!C->res->accept_used[a->index] && diag_enabled(C->diags, a->name))
        diag_report(C->diags, "unused-accept", a->loc, "nothing here gives '%s' to accept", a->name);
  for (int i = 0; i < P->nsources; i++)
    for (Accept *a = P->sources[i]->accepts;
         a && !(C->source_unchecked && C->source_unchecked[i]); a = a->next)
      if (!C->res->accept_used[a->index] && diag_enabled(C->diags, a->name) && !realisatie_finding(a->name))
        diag_report(C->diags, "unused-accept", a->loc, "nothing here gives '%s' to accept", a->name);
}

/* The rules that look at one source, or one project and its lines, run in
 * slices on threads (par.c), each with a copy of the checker that
 * allocates and reports into the slice's own. A slice whose sums went
 * beyond the money type clears its ok. */
static Checker in_slice(const Checker *C, ParSlice *s) {
  Checker c = *C;
  c.arena = s->arena;
  c.diags = s->diags;
  c.overflowed = false;
  return c;
}

static void sources_slice(void *ctx, ParSlice *s, int begin, int end) {
  Checker c = in_slice(ctx, s);
  for (int i = begin; i < end; i++)
    cover_source(&c, i);
  s->ok &= !c.overflowed;
}

/* Coverage by a line, the plan's paying lines in order: a project's lines
 * are consecutive in plan->lines. */
static void paying_lines_slice(void *ctx, ParSlice *s, int begin, int end) {
  Checker c = in_slice(ctx, s);
  for (int i = begin; i < end; i++)
    for (Line *l = c.plan->projects[i]->lines; l && !project_unchecked(c.res, l->project);
         l = l->next)
      cover_line(&c, l);
  s->ok &= !c.overflowed;
}

static void expects_slice(void *ctx, ParSlice *s, int begin, int end) {
  Checker c = in_slice(ctx, s);
  for (int i = begin; i < end; i++)
    if (!expect_unchecked(&c, c.plan->expects[i], i))
      check_expect(&c, c.plan->expects[i], i);
  s->ok &= !c.overflowed;
}

/* ------------------------------------------------------------------ what is left unchecked */

/* The sources that a project left unchecked takes money from or names. */
static void mark_sources(Checker *C) {
  const Plan *P = C->plan;
  if (!C->res->nunchecked)
    return;
  C->source_unchecked = arena_alloc(C->arena, (size_t)P->nsources + 1);
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    if (!project_unchecked(C->res, p))
      continue;
    if (source_key(P, p->opening_source) >= 0)
      C->source_unchecked[p->opening_source->index] = true;
    for (const Line *l = p->lines; l; l = l->next) {
      if (source_key(P, l->source) >= 0)
        C->source_unchecked[l->source->index] = true;
      if (source_key(P, l->paid_by_source) >= 0)
        C->source_unchecked[l->paid_by_source->index] = true;
    }
  }
}

/* Whether a project of programme prog (NULL: any) is left out: unchecked,
 * or a second declaration of a name, which is not the plan's. */
static bool part_left_out(const Checker *C, const Programme *prog) {
  const Plan *P = C->plan;
  for (int i = 0; i < P->nprojects && C->res->nunchecked; i++)
    if (project_unchecked(C->res, P->projects[i]) && (!prog || P->projects[i]->programme == prog))
      return true;
  if (!P->ndropped || !P->program)
    return false;
  for (const Decl *d = P->program->decls; d; d = d->next) {
    const Project *p = d->kind == DECL_PROJECT ? d->u.project : NULL;
    bool dropped = p && (p->index >= P->nprojects || P->projects[p->index] != p);
    if (dropped && (!prog || (p->has_programme && strcmp(p->programme_ref.name, prog->id) == 0)))
      return true;
  }
  return false;
}

/* An expectation that names what does not exist, or whose totals include
 * a project left out, cannot be compared. */
static bool expect_unchecked(const Checker *C, const Expect *e, int i) {
  const Plan *P = C->plan;
  if (P->expect_errors && P->expect_errors[i])
    return true;
  if (!C->res->nunchecked && !P->ndropped)
    return false;
  switch (e->subject) {
  case SUBJECT_PROJECT: {
    const Project *p = project_named(C, e->ref.name);
    return !p || project_unchecked(C->res, p);
  }
  case SUBJECT_PROGRAMME:
    for (int k = 0; k < P->nprogrammes; k++)
      if (strcmp(P->programmes[k]->id, e->ref.name) == 0)
        return part_left_out(C, P->programmes[k]);
    return true;
  default: return part_left_out(C, NULL);
  }
}

/* Acknowledgements that nothing used: every rule that could use one has
 * run by now, so the flags are only read. */
static void unused_slice(void *ctx, ParSlice *s, int begin, int end) {
  Checker c = in_slice(ctx, s);
  for (int i = begin; i < end; i++)
    if (!project_unchecked(c.res, c.plan->projects[i]))
      check_unused_in(&c, c.plan->projects[i]);
}

/* What of a project's allocation the plan-wide checks read after it is
 * given back: the money of repay-unspent sources paid back, by source and
 * year (check_sources). */
static Repaid *keep_paid_back(Checker *C, const ProjectAlloc *pa) {
  int n = 0;
  for (int k = 0; k < pa->npots; k++)
    n += pa->pots[k].returned > 0 && source_key(C->plan, pa->pots[k].source) >= 0;
  if (!n)
    return NULL;
  Repaid *b = arena_alloc(C->arena, sizeof *b * (size_t)(n + 1));
  n = 0;
  for (int k = 0; k < pa->npots; k++) {
    const Pot *pot = &pa->pots[k];
    int sk = source_key(C->plan, pot->source);
    if (pot->returned > 0 && sk >= 0)
      b[n++] = (Repaid){sk, pot->returned_yi, pot->returned};
  }
  b[n].source = -1;
  return b;
}

/* Each project's allocation lives in a scratch arena, emptied once the
 * project's rules have read it: kept for every project, the allocations of
 * a large plan took more memory than the plan itself. */
static void projects_slice(void *ctx, ParSlice *s, int begin, int end) {
  Checker c = in_slice(ctx, s);
  Arena scratch = {0};
  for (int i = begin; i < end; i++) {
    Project *p = c.plan->projects[i];
    if (project_unchecked(c.res, p))
      continue;
    const ProjectAlloc *pa = alloc_project(&scratch, c.plan, c.res, p);
    c.overflowed |= pa->overflow;
    c.paid_back[i] = keep_paid_back(&c, pa);
    check_sides(&c, p);
    check_outside(&c, p);
    if (!project_annual(c.plan, p))
      check_balances(&c, p, pa);
    check_pm(&c, p);
    check_reserves(&c, p);
    /* an annual programme's structural lasten are met by the general
     * revenue of another programme, never by its own baten */
    if (!project_annual(c.plan, p))
      check_structural(&c, p);
    arena_reset(&scratch);
  }
  arena_free(&scratch);
  s->ok &= !c.overflowed;
}

/* The summary tables add every project of a programme, and of the plan:
 * each such total must fit the money type too, or the tables would show
 * OVERLOOP where a number belongs. With and without the transfers between
 * the projects netted out, as the tables print both. */
static void check_totals(Checker *C) {
  const Plan *P = C->plan;
  /* a sum already reported beyond the money type (an expectation of the
   * plan, a project's balance) is the same cause: said once */
  for (const Diag *g = C->diags->head; g; g = g->next)
    if (strcmp(g->name, "overflow") == 0)
      return;
  Totals t;
  ByProgramme by = by_programme(P, C->arena);
  for (int i = 0; i < P->nprogrammes; i++) {
    const Programme *g = P->programmes[i];
    bool over = false;
    for (int net = 0; net < 2 && !over; net++) {
      totals_of_programme_by(P, C->res, &by, i, net, &t);
      over = t.overflow;
    }
    if (over)
      diag_report(C->diags, "overflow", g->loc,
                  "the totals of programme '%s' are beyond the money type (at most %s cents)",
                  g->id, "9223372036854775807");
  }
  bool over = false;
  for (int net = 0; net < 2 && !over; net++) {
    totals_of_plan(P, C->res, net, &t);
    over = t.overflow;
  }
  if (over)
    diag_report(C->diags, "overflow", P->decl ? P->decl->loc : (Loc){0},
                "the plan's totals are beyond the money type (at most %s cents)",
                "9223372036854775807");
}

void check_expectations(const Plan *P, Results *R, Diags *d) {
  Checker C = {.plan = P, .res = R, .arena = R->arena, .diags = d};
  C.par = par_new(R->arena, d, P->nlines);
  CheckIndex X;
  index_plan(&C, &X);
  bool in_range = par_for(C.par, P->nexpects, expects_slice, NULL, &C);
  if (!in_range || C.overflowed)
    diag_report(C.diags, "overflow", P->decl ? P->decl->loc : (Loc){0},
                "a total of several lines or projects is beyond the money type (at most %s "
                "cents); what depends on it cannot be checked",
                "9223372036854775807");
}

/* ------------------------------------------------------------------ titles */

/* A character of a title as a message names it: 'e', or "U+0435
 * CYRILLIC SMALL LETTER IE" beyond ASCII (a look-alike, or one that cannot
 * be seen); "nothing" past the end. */
static const char *char_shown(const Diags *d, Arena *a, int32_t cp) {
  if (cp == 0)
    return diag_phrase_msgid(d, "nothing");
  if (cp >= 0x20 && cp < 0x7F)
    return arena_printf(a, "'%c'", (char)cp);
  return unichar_describe(a, cp);
}

/* Where two titles first differ: "U+0435 CYRILLIC SMALL LETTER IE where
 * the other has 'e'". */
static const char *first_difference(const Diags *d, Arena *a, const char *x, const char *y) {
  const unsigned char *p = (const unsigned char *)x, *q = (const unsigned char *)y;
  while (*p || *q) {
    int32_t cp = 0, cq = 0;
    int n = *p ? utf8_decode(p, SIZE_MAX, &cp) : 0, m = *q ? utf8_decode(q, SIZE_MAX, &cq) : 0;
    if (cp != cq)
      return diag_phrase(d, "%s where the other has %s", char_shown(d, a, cp), char_shown(d, a, cq));
    p += n;
    q += m;
  }
  return diag_phrase_msgid(d, "nothing");
}

/* Two projects (or sources, or programmes) whose titles a reader cannot
 * tell apart: equal, or equal as unichar_skeleton folds them (a Cyrillic
 * 'е' for a Latin 'e', a zero-width space, "rn" for 'm'). A review of the
 * plan, a table or a report would show two of the same; the later one is
 * named with the first. */
typedef struct Titled {
  const char *what;                /* "project" */
  Loc loc;
  const char *id, *title;
  Project *project;                /* where an accept may stand */
  Source *source;
} Titled;

enum { TITLE_PROGRAMME, TITLE_PROJECT, TITLE_SOURCE };

static Titled titled(const Checker *C, const char *what, int kind, int i) {
  const Plan *P = C->plan;
  if (kind == TITLE_PROGRAMME)
    return (Titled){what, P->programmes[i]->loc, P->programmes[i]->id, P->programmes[i]->title,
                    NULL, NULL};
  if (kind == TITLE_PROJECT)
    return (Titled){what, P->projects[i]->loc, P->projects[i]->id, P->projects[i]->title,
                    P->projects[i], NULL};
  return (Titled){what, P->sources[i]->loc, P->sources[i]->id, P->sources[i]->title, NULL,
                  P->sources[i]};
}

/* A title's skeleton is made on the stack (or in a buffer of its own when
 * long) and only its hash kept, so that a large plan's titles take no
 * memory of their own; two titles' skeletons are compared again only where
 * the hashes are equal (a pair that looks the same, or a rare collision). */
typedef struct TitleKey {
  uint64_t hash;
  const char *title;
} TitleKey;

static uint64_t skeleton_hash(const char *title) {
  size_t n = strlen(title);
  char small[512];
  char *out = n < sizeof small / 2 ? small : xcalloc(n + 1, 2);
  uint64_t h = text_hash(out, unichar_skeleton_into(out, title));
  if (out != small)
    free(out);
  return h;
}

static uint64_t title_key_hash(const void *k) { return ((const TitleKey *)k)->hash; }

static bool title_key_eq(const void *x, const void *y) {
  const TitleKey *a = x, *b = y;
  if (a->hash != b->hash)
    return false;
  char *sa = xcalloc(strlen(a->title) + 1, 2), *sb = xcalloc(strlen(b->title) + 1, 2);
  size_t na = unichar_skeleton_into(sa, a->title), nb = unichar_skeleton_into(sb, b->title);
  bool same = na == nb && memcmp(sa, sb, na) == 0;
  free(sa);
  free(sb);
  return same;
}

static void same_titles(Checker *C, Arena *scratch, const char *what, int kind, int n) {
  TitleKey *key = arena_alloc(scratch, sizeof *key * (size_t)(n + 1));
  const void **items = arena_alloc(scratch, sizeof *items * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    const char *title = titled(C, what, kind, i).title;
    key[i] = (TitleKey){skeleton_hash(title ? title : ""), title ? title : ""};
    items[i] = &key[i];
  }
  Groups g = group_items(scratch, items, n, title_key_hash, title_key_eq);
  int *first = arena_alloc(scratch, sizeof *first * (size_t)(g.n + 1));
  for (int i = 0; i < n; i++) {
    int k = g.of[i];
    if (!first[k]) {
      first[k] = i + 1;
      continue;
    }
    const Titled a = titled(C, what, kind, first[k] - 1), b = titled(C, what, kind, i);
    Diag *d = strcmp(a.title, b.title) == 0
                  ? warn(C, "confusable-title", b.loc, NULL, b.project, b.source, 0,
                         "%s '%s' has the same title as %s '%s', \"%s\"", b.what, b.id,
                         a.what, a.id, b.title)
                  : warn(C, "confusable-title", b.loc, NULL, b.project, b.source, 0,
                         "%s '%s' is titled \"%s\", which looks the same as the title of %s "
                         "'%s', \"%s\" (it has %s)", b.what, b.id, b.title, a.what,
                         a.id, a.title, first_difference(C->diags, scratch, b.title, a.title));
    if (d)
      diag_note(C->diags, d, a.loc, "%s '%s' is titled here", a.what, a.id);
  }
}

/* The titles' hashes and table are scratch, given back at the end. */
static void check_titles(Checker *C) {
  const Plan *P = C->plan;
  Arena scratch = {0};
  same_titles(C, &scratch, diag_phrase_msgid(C->diags, N_("programme")), TITLE_PROGRAMME,
              P->nprogrammes);
  same_titles(C, &scratch, diag_phrase_msgid(C->diags, N_("project")), TITLE_PROJECT,
              P->nprojects);
  same_titles(C, &scratch, diag_phrase_msgid(C->diags, N_("source")), TITLE_SOURCE,
              P->nsources);
  arena_free(&scratch);
}

void check_plan(const Plan *P, Results *R, Diags *d) {
  Checker C = {.plan = P, .res = R, .arena = R->arena, .diags = d};
  C.par = par_new(R->arena, d, P->nlines);
  C.paid_back = arena_alloc(C.arena, sizeof *C.paid_back * ((size_t)P->nprojects + 1));
  /* the totals the expectations' findings are explained from */
  Arena explainer = {0};
  CheckIndex X;
  index_plan(&C, &X);
  mark_sources(&C);
  bool in_range = par_for(C.par, P->nsources, sources_slice, NULL, &C);
  in_range &= par_for(C.par, P->nprojects, paying_lines_slice, NULL, &C);
  in_range &= par_for(C.par, P->nprojects, projects_slice, NULL, &C);
  check_transfers(&C);
  check_sources(&C);
  check_annual(P, R, d);
  check_verloops(P, R->arena, d);
  /* The explainer follows totals as eval.c keeps them; a plan that splits
   * off its reserve mutations or prints its saldo the other way round
   * states totals in the overzicht's terms (annual.c), which it does not
   * follow: each of them is then reported on its own. */
  if (P->nexpects && !P->naccounts && !(P->decl && P->decl->negative[2]) && !R->nunchecked &&
      !P->ndropped)
    C.to_explain = arena_alloc(C.arena, sizeof *C.to_explain * ((size_t)P->nexpects + 1));
  in_range &= par_for(C.par, P->nexpects, expects_slice, NULL, &C);
  explain_findings(&C, &explainer);
  arena_free(&explainer);
  check_titles(&C);
  accept_where_they_stand(&C);
  par_for(C.par, P->nprojects, unused_slice, NULL, &C);
  check_unused_sources(&C);
  if (in_range && !C.overflowed && !R->nunchecked)
    check_totals(&C);
  if (!in_range || C.overflowed)
    diag_report(C.diags, "overflow", P->decl ? P->decl->loc : (Loc){0},
                "a total of several lines or projects is beyond the money type (at most %s "
                "cents); what depends on it cannot be checked",
                "9223372036854775807");
  diags_group(C.diags);
}

/* alloc.c: the coverage allocation (docs/coverage.md, the one place its
 * rules are written down).
 *
 * Per project, year by year, every claim (a lasten cell, a baten cell below
 * zero, an opening below zero) is paid from pots (the opening balance, each
 * year's baten of each line) in a fixed order:
 *   0. what `paid outside` says someone outside the plan pays of it (its
 *      own line and year only: that money is not the plan's);
 *   1. the money it names (`paid by LINE` of the same project, `paid by
 *      SOURCE`: the pots of that source in the project);
 *   2. earmarked money that is earmarked for it, the narrowest earmark
 *      first (for this line, then for this project, then for the projects
 *      that receive it);
 *   3. free money.
 * Within each, the oldest money first; claims left unpaid from earlier
 * years (pre-financed) before this year's. Money carries to later years
 * (the fund model) unless its source must be paid back when unspent: then
 * what is left at the end of its year is paid back. What no money pays is
 * pre-financed until later money pays it, or never paid: a shortfall.
 *
 * The rules of the carry live in carries() and the earmarks in
 * earmark_rank(), once: another unit model (a programme balanced each year)
 * changes carries(). */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct PotList {
  int *pots;               /* pot indices in arrival order */
  int n, cur;              /* cur: pots before it are spent */
} PotList;

typedef struct SourceList {
  const Source *source;
  PotList list;
} SourceList;

typedef struct Alloc {
  Arena *arena;
  const Plan *plan;
  const Results *res;
  const Project *p;
  ProjectAlloc *pa;
  int first_index;         /* plan->lines index of the project's first line */
  int nlines;              /* the project's lines */
  PotList *by_line;        /* per line position: its pots */
  SourceList *by_source;   /* sorted by source index */
  int nsources;
  PotList free_money;      /* pots of no source or of a source not earmarked */
  int *rank;               /* per source list, while pay_any pays a claim: earmark_rank */
} Alloc;

/* How narrowly money of s, earmarked, is earmarked for claim c of p: 0 for
 * its line, 1 for its project, 2 for whatever project receives it; -1:
 * not for it. Narrow money is used first, so that money that may pay more
 * is left for what only it may pay. */
static int earmark_rank(const Source *s, const Project *p, const Claim *c) {
  if (!s->earmarked_for)
    return 2;
  int best = -1;
  for (const RefList *r = s->earmarked_for; r; r = r->next)
    if (r->ref.name && strcmp(r->ref.name, p->id) == 0) {
      if (c->line && r->ref.line == c->line->nr)
        return 0;
      if (r->ref.line == 0)
        best = 1;
    }
  return best;
}

int64_t alloc_outside_paid(const Results *R, const Line *l, int yi) {
  int64_t out = outside_at(R, l, yi);
  if (out <= 0 || !present_at(R, l, SIDE_LASTEN, yi) || pm_at(R, l, SIDE_LASTEN, yi))
    return 0;
  int64_t c = cents_at(R, l, SIDE_LASTEN, yi);
  return c <= 0 ? 0 : out < c ? out : c;
}

const int64_t *alloc_held(Arena *a, const Plan *P, const Results *R, const Project *p) {
  const int64_t *closing = project_result(R, p)->closing;
  if (!R->outside_cents || !closing)
    return closing;
  int64_t *h = arena_alloc(a, sizeof *h * (size_t)(P->nyears + 1));
  int64_t so_far = 0;
  bool annual = project_annual(P, p);
  for (int yi = 0; yi < P->nyears; yi++) {
    if (annual)
      so_far = 0;
    for (const Line *l = p->lines; l; l = l->next)
      if (line_outside(l))
        so_far = money_add_sat(so_far, alloc_outside_paid(R, l, yi));
    h[yi] = money_add_sat(closing[yi], so_far);
  }
  return h;
}

/* Whether what is left of a pot at the end of its year carries to the
 * next: the fund model's rule. */
static bool carries(const Alloc *A, const Pot *pot) {
  return !pot->outside && !project_annual(A->plan, A->p) &&
         !(pot->source && pot->source->rules.repay_unspent);
}

static bool earmarked(const Source *s) { return s && s->rules.earmarked; }

static int line_pos(const Alloc *A, const Line *l) {
  int pos = l->index - A->first_index;
  return pos >= 0 && pos < A->nlines && l->project == A->p ? pos : -1;
}

static void add_pot(Alloc *A, int *cap, const Line *l, const Source *s, int yi, int64_t cents) {
  ProjectAlloc *pa = A->pa;
  pa->pots = arena_grow(A->arena, pa->pots, pa->npots, cap, sizeof *pa->pots);
  pa->pots[pa->npots++] = (Pot){l, s, yi, cents, cents, 0, -1, false};
}

static void add_claim(Alloc *A, int *cap, ClaimKind k, const Line *l, int yi, int64_t cents) {
  ProjectAlloc *pa = A->pa;
  pa->claims = arena_grow(A->arena, pa->claims, pa->nclaims, cap, sizeof *pa->claims);
  pa->claims[pa->nclaims++] = (Claim){k, l, yi, cents, cents, -1, -1};
}

/* Pots and claims in the order they are used: by year, the opening first,
 * then the lines as the project lists them. */
static void gather(Alloc *A) {
  const Plan *P = A->plan;
  const Project *p = A->p;
  int pcap = 0, ccap = 0;
  const ProjectResult *pr = project_result(A->res, p);
  int64_t opening = pr->opening ? pr->opening[0] : 0;
  if (opening > 0)
    add_pot(A, &pcap, NULL, p->opening_source, 0, opening);
  if (opening < 0)
    add_claim(A, &ccap, CLAIM_NEGATIVE_OPENING, NULL, 0, -opening);
  for (int yi = 0; yi < P->nyears; yi++)
    for (const Line *l = p->lines; l; l = l->next) {
      if (present_at(A->res, l, SIDE_BATEN, yi) && !pm_at(A->res, l, SIDE_BATEN, yi)) {
        int64_t b = cents_at(A->res, l, SIDE_BATEN, yi);
        if (b > 0)
          add_pot(A, &pcap, l, l->source, yi, b);
        else if (b < 0)
          add_claim(A, &ccap, CLAIM_NEGATIVE_BATEN, l, yi, -b);
      }
      if (present_at(A->res, l, SIDE_LASTEN, yi) && !pm_at(A->res, l, SIDE_LASTEN, yi)) {
        int64_t c = cents_at(A->res, l, SIDE_LASTEN, yi);
        if (c > 0) {
          /* what is paid outside the plan: a pot only this claim draws */
          int64_t out = alloc_outside_paid(A->res, l, yi);
          int outside_pot = -1;
          if (out > 0) {
            add_pot(A, &pcap, l, NULL, yi, out);
            outside_pot = A->pa->npots - 1;
            A->pa->pots[outside_pot].outside = true;
          }
          add_claim(A, &ccap, CLAIM_LASTEN, l, yi, c);
          A->pa->claims[A->pa->nclaims - 1].outside_pot = outside_pot;
        } else if (c < 0) {
          add_pot(A, &pcap, l, NULL, yi, -c);  /* money back: free */
        }
      }
    }
}

static int by_source_then_pot(const void *a, const void *b) {
  const int *x = a, *y = b;
  if (x[0] != y[0])
    return (x[0] > y[0]) - (x[0] < y[0]);
  return (x[1] > y[1]) - (x[1] < y[1]);
}

static void index_pots(Alloc *A) {
  ProjectAlloc *pa = A->pa;
  int nlines = A->nlines > 0 ? A->nlines : 1;
  A->by_line = arena_alloc(A->arena, sizeof *A->by_line * (size_t)nlines);
  int *count = xcalloc((size_t)nlines, sizeof *count);
  int nsrc = 0, nfree = 0;
  for (int i = 0; i < pa->npots; i++) {
    const Pot *pot = &pa->pots[i];
    if (pot->outside)
      continue;  /* no list: only its own claim draws it (pay_outside) */
    int pos = pot->line ? line_pos(A, pot->line) : -1;
    if (pos >= 0)
      count[pos]++;
    nsrc += pot->source != NULL;
    nfree += !earmarked(pot->source);
  }
  for (int k = 0; k < nlines; k++)
    A->by_line[k].pots = arena_alloc(A->arena, sizeof(int) * (size_t)(count[k] + 1));
  A->free_money.pots = arena_alloc(A->arena, sizeof(int) * (size_t)(nfree + 1));
  int *pairs = xcalloc(2 * (size_t)nsrc + 2, sizeof *pairs);
  int np = 0;
  for (int i = 0; i < pa->npots; i++) {
    const Pot *pot = &pa->pots[i];
    if (pot->outside)
      continue;
    int pos = pot->line ? line_pos(A, pot->line) : -1;
    if (pos >= 0)
      A->by_line[pos].pots[A->by_line[pos].n++] = i;
    if (!earmarked(pot->source))
      A->free_money.pots[A->free_money.n++] = i;
    if (pot->source) {
      pairs[2 * np] = pot->source->index;
      pairs[2 * np + 1] = i;
      np++;
    }
  }
  qsort(pairs, (size_t)np, 2 * sizeof *pairs, by_source_then_pot);
  A->by_source = arena_alloc(A->arena, sizeof *A->by_source * (size_t)(np + 1));
  for (int j = 0; j < np; j++) {
    if (j == 0 || pairs[2 * j] != pairs[2 * j - 2]) {
      SourceList *sl = &A->by_source[A->nsources++];
      sl->source = pa->pots[pairs[2 * j + 1]].source;
      int n = 0;
      while (j + n < np && pairs[2 * (j + n)] == pairs[2 * j])
        n++;
      sl->list.pots = arena_alloc(A->arena, sizeof(int) * (size_t)n);
    }
    SourceList *sl = &A->by_source[A->nsources - 1];
    sl->list.pots[sl->list.n++] = pairs[2 * j + 1];
  }
  A->rank = arena_alloc(A->arena, sizeof *A->rank * (size_t)(A->nsources + 1));
  free(pairs);
  free(count);
}

static PotList *source_list(Alloc *A, const Source *s) {
  int lo = 0, hi = A->nsources;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (A->by_source[mid].source->index < s->index)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < A->nsources && A->by_source[lo].source == s ? &A->by_source[lo].list : NULL;
}

static void add_draw(Alloc *A, int claim, int pot, int yi, int64_t cents) {
  ProjectAlloc *pa = A->pa;
  pa->draws = arena_grow(A->arena, pa->draws, pa->ndraws, &pa->capdraws, sizeof *pa->draws);
  pa->draws[pa->ndraws++] = (Draw){claim, pot, yi, cents};
}

/* Pays what it can of claim ci from the list's pots that have arrived by
 * year yi, oldest first. */
static void draw_from(Alloc *A, PotList *L, int ci, int yi) {
  ProjectAlloc *pa = A->pa;
  Claim *c = &pa->claims[ci];
  while (L->cur < L->n && pa->pots[L->pots[L->cur]].left == 0 &&
         pa->pots[L->pots[L->cur]].yi <= yi)
    L->cur++;
  for (int k = L->cur; k < L->n && c->unpaid > 0; k++) {
    Pot *pot = &pa->pots[L->pots[k]];
    if (pot->yi > yi)
      break;
    if (pot->left == 0)
      continue;
    int64_t take = pot->left < c->unpaid ? pot->left : c->unpaid;
    pot->left -= take;
    c->unpaid -= take;
    add_draw(A, ci, L->pots[k], yi, take);
    if (c->unpaid == 0)
      c->paid_yi = yi;
  }
}

/* 0: what is paid outside the plan for the claim, in the claim's own year
 * only: a claim pre-financed into a later year no longer draws it. */
static void pay_outside(Alloc *A, int ci, int yi) {
  Claim *c = &A->pa->claims[ci];
  if (c->outside_pot < 0 || c->yi != yi)
    return;
  PotList own = {&c->outside_pot, 1, 0};
  draw_from(A, &own, ci, yi);
}

/* 1: the money the claim names, if the project holds any of it. */
static void pay_named(Alloc *A, int ci, int yi) {
  const Claim *c = &A->pa->claims[ci];
  const Line *l = c->line;
  if (!l || c->kind != CLAIM_LASTEN)
    return;
  if (l->paid_by_line) {
    int pos = line_pos(A, l->paid_by_line);
    if (pos >= 0)
      draw_from(A, &A->by_line[pos], ci, yi);
  } else if (l->paid_by_source) {
    PotList *L = source_list(A, l->paid_by_source);
    if (L)
      draw_from(A, L, ci, yi);
  }
}

/* 2 and 3: earmarked money meant for it, narrowest first; then free money.
 * Each list's rank is found once for the claim, not once per rank: a list
 * spent before its rank comes stays spent. */
static void pay_any(Alloc *A, int ci, int yi) {
  const Claim *c = &A->pa->claims[ci];
  for (int k = 0; k < A->nsources; k++) {
    const SourceList *sl = &A->by_source[k];
    A->rank[k] = earmarked(sl->source) && sl->list.cur < sl->list.n
                     ? earmark_rank(sl->source, A->p, c)
                     : -1;
  }
  for (int rank = 0; rank < 3 && c->unpaid > 0; rank++)
    for (int k = 0; k < A->nsources && c->unpaid > 0; k++)
      if (A->rank[k] == rank && A->by_source[k].list.cur < A->by_source[k].list.n)
        draw_from(A, &A->by_source[k].list, ci, yi);
  if (c->unpaid > 0)
    draw_from(A, &A->free_money, ci, yi);
}

static void run_years(Alloc *A) {
  ProjectAlloc *pa = A->pa;
  const Plan *P = A->plan;
  int *open = xcalloc((size_t)pa->nclaims + 1, sizeof *open);  /* unpaid claims, in order */
  int nopen = 0, next = 0;
  for (int yi = 0; yi < P->nyears; yi++) {
    while (next < pa->nclaims && pa->claims[next].yi == yi)
      open[nopen++] = next++;
    for (int k = 0; k < nopen; k++)
      pay_outside(A, open[k], yi);
    for (int k = 0; k < nopen; k++)
      pay_named(A, open[k], yi);
    for (int k = 0; k < nopen; k++)
      if (pa->claims[open[k]].unpaid > 0)
        pay_any(A, open[k], yi);
    int kept = 0;
    int64_t unpaid = 0;
    for (int k = 0; k < nopen; k++)
      if (pa->claims[open[k]].unpaid > 0) {
        if (!money_add(unpaid, pa->claims[open[k]].unpaid, &unpaid))
          pa->overflow = true;
        open[kept++] = open[k];
      }
    nopen = kept;
    pa->unpaid[yi] = unpaid;
    /* the year's end: money that must be paid back when unspent goes */
    for (int i = 0; i < pa->npots; i++) {
      Pot *pot = &pa->pots[i];
      if (pot->yi == yi && pot->left > 0 && !carries(A, pot)) {
        if (!(pot->source && pot->source->rules.repay_unspent)) {
          pot->left = 0;  /* an annual programme's money lapses; it is not paid back */
          pa->left_at[(size_t)i * (size_t)P->nyears + (size_t)yi] = 0;
          continue;
        }
        pot->returned = pot->left;
        pot->returned_yi = yi;
        pot->left = 0;
        if (!money_add(pa->returned[yi], pot->returned, &pa->returned[yi]))
          pa->overflow = true;
      }
      pa->left_at[(size_t)i * (size_t)P->nyears + (size_t)yi] = pot->yi <= yi ? pot->left : 0;
    }
  }
  free(open);
}

ProjectAlloc *alloc_project(Arena *a, const Plan *plan, const Results *res, const Project *p) {
  ProjectAlloc *pa = arena_alloc(a, sizeof *pa);
  pa->project = p;
  pa->results = res;
  if (!res->evaluated && !project_result(res, p)->opening)
    return pa;
  Alloc A = {.arena = a, .plan = plan, .res = res, .p = p, .pa = pa,
             .first_index = p->lines ? p->lines->index : 0};
  for (const Line *l = p->lines; l; l = l->next)
    A.nlines++;
  gather(&A);
  pa->left_at = arena_alloc(a, sizeof(int64_t) * ((size_t)pa->npots * (size_t)plan->nyears + 1));
  index_pots(&A);
  run_years(&A);
  return pa;
}

/* ------------------------------------------------------------ restorers */

static int by_line(const void *x, const void *y) {
  const Restorer *a = x, *b = y;
  return (a->line->index > b->line->index) - (a->line->index < b->line->index);
}

static int by_most(const void *x, const void *y) {
  const Restorer *a = x, *b = y;
  if (a->cents != b->cents)
    return (a->cents < b->cents) - (a->cents > b->cents);
  return by_line(x, y);
}

int alloc_restorers(const ProjectAlloc *pa, int yi, bool opening, Restorer *out, int max) {
  Restorer *r = xcalloc((size_t)pa->ndraws + 1, sizeof *r);
  int n = 0, m = 0;
  for (int i = 0; i < pa->ndraws; i++) {
    const Draw *d = &pa->draws[i];
    const Claim *c = &pa->claims[d->claim];
    const Line *l = pa->pots[d->pot].line;
    if (d->yi == yi && l && (c->yi < yi || (opening && c->kind == CLAIM_NEGATIVE_OPENING)))
      r[n++] = (Restorer){l, d->cents};
  }
  qsort(r, (size_t)n, sizeof *r, by_line);
  for (int i = 0; i < n; i++) {
    if (m > 0 && r[m - 1].line == r[i].line)
      r[m - 1].cents = money_add_sat(r[m - 1].cents, r[i].cents);
    else
      r[m++] = r[i];
  }
  qsort(r, (size_t)m, sizeof *r, by_most);
  int k = m < max ? m : max;
  memcpy(out, r, sizeof *r * (size_t)k);
  free(r);
  return k;
}

/* diff.c: amrc diff, two versions of a plan compared by what they mean.
 *
 * Both versions are loaded (root file and imports), resolved, evaluated and
 * checked as `amrc --check` would; then they are compared as money, not as
 * text: lines added, removed, renumbered (the same category under another
 * number) and changed, per project, side and year; each project's balances
 * and pre-financing; the summary totals per programme line and for the plan;
 * the findings that appear or disappear. Text that moves or is laid out
 * again changes nothing here.
 *
 *   amrc diff [--format=text|markdown|json] OLD NEW
 *   amrc diff --git REV PLAN      the old version is PLAN as of git REV
 *
 * The old side of --git is read through LoadOptions.read: every file that
 * lies inside the work tree comes from `git cat-file blob REV:PATH` (what
 * `git show REV:PATH` prints, without filters), files outside it (an
 * installed stdlib) from the file system.
 *
 * Exit status as diff(1): 0 nothing changed, 1 changes, 2 trouble. */
#include "actuals.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---------------------------------------------------------------- versions */

typedef struct Version {
  const char *label;       /* as the report names it */
  Diags diags;
  Compile c;               /* its plan: c.plan */
  /* per Project.index: the year from which the checker found the project
   * short to the end of the horizon (its `shortfall`), 0: never */
  int *short_from;
} Version;

static bool load_version(Arena *a, Version *v, const LoadOptions *lo, const char *path,
                         const Catalog *nl) {
  diags_init(&v->diags, a);
  v->diags.nl = nl;
  v->diags.dutch = nl != NULL;
  v->diags.max_errors = INT_MAX / 2;  /* every finding, so that none seems to disappear */
  const char *paths[1] = {path};
  v->c = (Compile){.load = lo, .paths = paths, .npaths = 1};
  return compile_plan(a, &v->diags, &v->c);
}

/* A version held in memory (the fuzz target's): no imports. */
static bool load_version_text(Arena *a, Version *v, const char *bytes, size_t len) {
  diags_init(&v->diags, a);
  v->diags.max_errors = INT_MAX / 2;
  v->c = (Compile){.display = v->label, .bytes = bytes, .len = len};
  return compile_plan(a, &v->diags, &v->c);
}

/* ---------------------------------------------------------------- the model */

/* An amount of either version, in cents of euros (a plan's `unit`
 * applied, so that two versions in different units compare); overflow: in
 * euros it is beyond the money type (cents then holds it in the unit). */
typedef struct Val {
  bool present, pm;
  int64_t cents;
  bool overflow;
} Val;

typedef struct Delta {
  const char *what;        /* baten, lasten, opening, closing, pre-financing */
  int year;
  Val a, b;
} Delta;

typedef struct Deltas {
  Delta *v;
  int n, cap;
} Deltas;

typedef enum { ST_CHANGED, ST_ADDED, ST_REMOVED } Status;
static const char *const status_name[] = {N_("changed"), N_("added"), N_("removed")};

typedef struct LineDiff {
  Status st;
  const Line *a, *b;
  bool renumbered, renamed;
  Deltas cells;
} LineDiff;

typedef struct ProjDiff {
  Status st;
  const Project *a, *b;
  LineDiff *lines;
  int nlines;
  Deltas bal;
} ProjDiff;

typedef struct ProgDiff {
  Status st;
  const Programme *a, *b;
  Deltas tot;
} ProgDiff;

/* What became of a finding: it appears or disappears, or it stays and the
 * plan acknowledges it now (`accept`) or no longer does. */
typedef enum { CH_NEW, CH_GONE, CH_ACCEPTED, CH_REOPENED } Change;
static const char *const change_name[] = {N_("new"), N_("gone"), N_("accepted"), N_("no longer accepted")};
static const char *const change_key[] = {"new", "gone", "accepted", "no-longer-accepted"};

typedef struct DiagDiff {
  Change ch;
  int sign;                /* +1 fails the new version (new, no longer accepted), -1 not */
  const Diag *g;
  int order;               /* as compare_diags found it */
  Pos at;                  /* where it stands (0, 0: nowhere) */
} DiagDiff;

typedef struct Report {
  Arena *arena;
  const Catalog *nl;       /* the words of text and Markdown in Dutch (nls.c) */
  Version *A, *B;
  int y0, y1;              /* the years of both horizons */
  bool horizon;            /* the horizon itself changed */
  Deltas plan;
  ProgDiff *progs;
  int nprogs;
  ProjDiff *projs;
  int nprojs;
  DiagDiff *diags;
  int ndiags;
  bool net;                /* either version moves money between its projects */
  bool nobreak;            /* amounts with a no-break space (text, Markdown) */
} Report;

static bool val_eq(Val a, Val b) {
  if (a.pm || b.pm)
    return a.pm == b.pm;
  return a.overflow == b.overflow && a.cents == b.cents;
}

static Val in_euros(const Plan *P, Val v) {
  int64_t unit = plan_unit(P);
  if (unit <= 1 || v.pm)
    return v;
  i128 e = (i128)v.cents * unit;
  if (e > INT64_MAX || e < -INT64_MAX)
    v.overflow = true;
  else
    v.cents = (int64_t)e;
  return v;
}

static void add_delta(Arena *ar, Deltas *d, const char *what, int year, Val a, Val b) {
  if (val_eq(a, b))
    return;
  d->v = arena_grow(ar, d->v, d->n, &d->cap, sizeof *d->v);
  d->v[d->n++] = (Delta){what, year, a, b};
}

static Val line_val(const Plan *P, const Results *RS, const Line *l, int s, int year) {
  int yi = l ? year_index(P, year) : -1;
  if (yi < 0)
    return (Val){0};
  return in_euros(P, (Val){present_at(RS, l, s, yi), pm_at(RS, l, s, yi), cents_at(RS, l, s, yi),
                           false});
}

static Val arr_val(const Plan *P, const int64_t *arr, int year) {
  int yi = year_index(P, year);
  if (yi < 0 || !arr)
    return (Val){0};
  return in_euros(P, (Val){true, false, arr[yi], false});
}

/* An annual unit's closing is its year's result (the saldo after the
 * mutations of reserves), with the sign the plan prints a saldo with
 * (`sign saldo`), as its tables and expectations show it. */
static Val saldo_val(const Plan *P, const int64_t *arr, int year) {
  Val v = arr_val(P, arr, year);
  if (v.present && !v.overflow)
    v.cents = printed_saldo(P, v.cents);
  return v;
}

/* A balance below zero at the end of year: pre-financing when later baten
 * of the project restore it within the horizon, a shortfall when nothing
 * does. The checker decides which (check_balances, its `shortfall`
 * finding: the years from its start to the end); the report takes its
 * word rather than judging again. An annual programme carries nothing:
 * neither. */
static Val dip_val(const Version *v, const Project *p, int year, bool shortfall) {
  const Plan *P = &v->c.plan;
  if (!p || project_annual(P, p))
    return (Val){0};
  Val c = arr_val(P, project_result(&v->c.results, p)->closing, year);
  int from = v->short_from[p->index];
  bool is_short = from && year >= from;
  c.cents = c.cents < 0 && is_short == shortfall ? -c.cents : 0;
  return c;
}

static void compare_lines(Report *R, LineDiff *ld) {
  const Plan *PA = &R->A->c.plan, *PB = &R->B->c.plan;
  const Results *RA = &R->A->c.results, *RB = &R->B->c.results;
  for (int s = 0; s < 2; s++)
    for (int y = R->y0; y <= R->y1; y++)
      add_delta(R->arena, &ld->cells, side_name((Side)s), y, line_val(PA, RA, ld->a, s, y),
                line_val(PB, RB, ld->b, s, y));
}

static bool same_text(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* ---------------------------------------------------------------- pairing
 *
 * Everything is paired by hashing, never by comparing each item with each:
 * amrc diff runs in CI on plans from pull requests, and a project of
 * 80,000 lines or a plan of 60,000 projects must cost what reading them
 * costs (group_items, text.c). */

static uint64_t text_key(const char *s) { return s ? text_hash(s, strlen(s)) : 0; }

static uint64_t hash_nr_cat(const void *x) {
  const Line *l = x;
  return text_key(l->category) * 31 + (uint64_t)(unsigned)l->nr;
}
static bool eq_nr_cat(const void *x, const void *y) {
  const Line *a = x, *b = y;
  return a->nr == b->nr && same_text(a->category, b->category);
}
static uint64_t hash_cat(const void *x) { return text_key(((const Line *)x)->category); }
static bool eq_cat(const void *x, const void *y) {
  return same_text(((const Line *)x)->category, ((const Line *)y)->category);
}
static uint64_t hash_nr(const void *x) { return (uint64_t)(unsigned)((const Line *)x)->nr * 0x9E3779B97F4A7C15ull; }
static bool eq_nr(const void *x, const void *y) { return ((const Line *)x)->nr == ((const Line *)y)->nr; }

/* Pairs the lines of two versions of a project: same number and category,
 * then the same category under another number (renumbered; only where the
 * category is left once on each side), then the same number under another
 * category (renamed); the rest are added or removed. Each old line, in
 * order, takes the first new line of its group not yet taken: a queue per
 * group, from which a taken line is dropped once. */
static void pair_lines(Arena *ar, const Line **la, int na, const Line **lb, int nb, int *pair,
                       bool *taken) {
  const Line **all = arena_alloc(ar, sizeof *all * (size_t)(na + nb + 1));
  memcpy(all, la, sizeof *la * (size_t)na);
  memcpy(all + na, lb, sizeof *lb * (size_t)nb);
  static const KeyHash hashes[] = {hash_nr_cat, hash_cat, hash_nr};
  static const KeyEq eqs[] = {eq_nr_cat, eq_cat, eq_nr};
  int *head = NULL, *next = arena_alloc(ar, sizeof *next * (size_t)(nb + 1));
  int *left_a = NULL, *left_b = NULL;
  for (int pass = 0; pass < 3; pass++) {
    Groups g = group_items(ar, (const void *const *)all, na + nb, hashes[pass], eqs[pass]);
    head = arena_alloc(ar, sizeof *head * (size_t)(g.n + 1));
    int *tail = arena_alloc(ar, sizeof *tail * (size_t)(g.n + 1));
    for (int k = 0; k < g.n; k++)
      head[k] = tail[k] = -1;
    for (int j = 0; j < nb; j++) {
      if (taken[j])
        continue;
      int k = g.of[na + j];
      next[j] = -1;
      if (tail[k] < 0)
        head[k] = j;
      else
        next[tail[k]] = j;
      tail[k] = j;
    }
    if (pass == 1) {  /* how many of each category are left on each side */
      left_a = arena_alloc(ar, sizeof *left_a * (size_t)(g.n + 1));
      left_b = arena_alloc(ar, sizeof *left_b * (size_t)(g.n + 1));
      for (int i = 0; i < na; i++)
        left_a[g.of[i]] += !pair[i];
      for (int j = 0; j < nb; j++)
        left_b[g.of[na + j]] += !taken[j];
    }
    for (int i = 0; i < na; i++) {
      if (pair[i])
        continue;
      int k = g.of[i];
      while (head[k] >= 0 && taken[head[k]])
        head[k] = next[head[k]];
      int found = head[k];
      if (found < 0 || (pass == 1 && (left_a[k] != 1 || left_b[k] != 1)))
        continue;
      pair[i] = found + 1;
      taken[found] = true;
      head[k] = next[found];
      if (pass == 1) {
        left_a[k]--;
        left_b[k]--;
      }
    }
  }
}

static void compare_project(Report *R, ProjDiff *pd) {
  const Project *a = pd->a, *b = pd->b;
  int na = 0, nb = 0;
  for (const Line *l = a ? a->lines : NULL; l; l = l->next)
    na++;
  for (const Line *l = b ? b->lines : NULL; l; l = l->next)
    nb++;
  const Line **la = arena_alloc(R->arena, sizeof *la * (size_t)(na + 1));
  const Line **lb = arena_alloc(R->arena, sizeof *lb * (size_t)(nb + 1));
  int *pair = arena_alloc(R->arena, sizeof *pair * (size_t)(na + 1)); /* index in lb + 1 */
  bool *taken = arena_alloc(R->arena, sizeof *taken * (size_t)(nb + 1));
  na = nb = 0;
  for (const Line *l = a ? a->lines : NULL; l; l = l->next)
    la[na++] = l;
  for (const Line *l = b ? b->lines : NULL; l; l = l->next)
    lb[nb++] = l;
  pair_lines(R->arena, la, na, lb, nb, pair, taken);
  pd->lines = arena_alloc(R->arena, sizeof *pd->lines * (size_t)(na + nb + 1));
  /* in the new version's order, removed lines where they stood */
  int out = 0;
  for (int i = 0; i < na; i++) {
    LineDiff ld = {pair[i] ? ST_CHANGED : ST_REMOVED, la[i], pair[i] ? lb[pair[i] - 1] : NULL,
                   false, false, {0}};
    if (ld.b) {
      ld.renumbered = ld.a->nr != ld.b->nr;
      ld.renamed = !same_text(ld.a->category, ld.b->category);
    }
    compare_lines(R, &ld);
    if (ld.st != ST_CHANGED || ld.renumbered || ld.renamed || ld.cells.n)
      pd->lines[out++] = ld;
  }
  for (int j = 0; j < nb; j++) {
    if (taken[j])
      continue;
    LineDiff ld = {ST_ADDED, NULL, lb[j], false, false, {0}};
    compare_lines(R, &ld);
    pd->lines[out++] = ld;
  }
  pd->nlines = out;
  const Plan *PA = &R->A->c.plan, *PB = &R->B->c.plan;
  const Results *RA = &R->A->c.results, *RB = &R->B->c.results;
  const int64_t *ca = a ? project_result(RA, a)->closing : NULL;
  const int64_t *cb = b ? project_result(RB, b)->closing : NULL;
  /* An annual programme carries nothing: no opening, and what its year
   * ends with is a result, not a balance (in both versions; a unit that
   * changed its model is compared by its balances) */
  if ((!a || project_annual(PA, a)) && (!b || project_annual(PB, b))) {
    for (int y = R->y0; y <= R->y1; y++)
      add_delta(R->arena, &pd->bal, N_("result"), y, saldo_val(PA, ca, y), saldo_val(PB, cb, y));
    return;
  }
  add_delta(R->arena, &pd->bal, N_("opening"), R->y0, arr_val(PA, a ? project_result(RA, a)->opening : NULL, R->y0),
            arr_val(PB, b ? project_result(RB, b)->opening : NULL, R->y0));
  for (int y = R->y0; y <= R->y1; y++)
    add_delta(R->arena, &pd->bal, N_("closing"), y, arr_val(PA, ca, y), arr_val(PB, cb, y));
  for (int y = R->y0; y <= R->y1; y++)
    add_delta(R->arena, &pd->bal, N_("pre-financing"), y, dip_val(R->A, a, y, false),
              dip_val(R->B, b, y, false));
  for (int y = R->y0; y <= R->y1; y++)
    add_delta(R->arena, &pd->bal, N_("shortfall"), y, dip_val(R->A, a, y, true),
              dip_val(R->B, b, y, true));
}

static void compare_totals(Report *R, Deltas *d, const Totals *ta, const Plan *PA,
                           const Totals *tb, const Plan *PB) {
  /* a plan of annual programmes only: no opening, each year's result */
  bool annual = plan_all_annual(PA) && plan_all_annual(PB);
  if (!annual)
    add_delta(R->arena, d, N_("opening"), R->y0, arr_val(PA, ta ? ta->opening : NULL, R->y0),
              arr_val(PB, tb ? tb->opening : NULL, R->y0));
  static const char *const what[] = {"baten", "lasten", N_("closing")};
  for (int m = 0; m < 3; m++)
    for (int y = R->y0; y <= R->y1; y++) {
      const int64_t *aa = !ta ? NULL : m == 0 ? ta->baten : m == 1 ? ta->lasten : ta->closing;
      const int64_t *bb = !tb ? NULL : m == 0 ? tb->baten : m == 1 ? tb->lasten : tb->closing;
      if (m == 2 && annual)
        add_delta(R->arena, d, N_("result"), y, saldo_val(PA, aa, y), saldo_val(PB, bb, y));
      else
        add_delta(R->arena, d, what[m], y, arr_val(PA, aa, y), arr_val(PB, bb, y));
    }
}

/* The items of a version by name: a table of ids, looked up in constant
 * time (a plan's ids are unique once it resolves; the first one wins). */
typedef struct Names {
  const char **ids;        /* of the items, in their order */
  int *slot;               /* item + 1, 0: empty */
  size_t cap;
} Names;

static Names names_of(Arena *a, const char **ids, int n) {
  Names t = {ids, NULL, 16};
  while (t.cap < 2 * (size_t)n)
    t.cap *= 2;
  t.slot = arena_alloc(a, sizeof *t.slot * t.cap);
  for (int i = 0; i < n; i++) {
    size_t h = (size_t)text_key(ids[i]) & (t.cap - 1);
    while (t.slot[h] && !same_text(ids[t.slot[h] - 1], ids[i]))
      h = (h + 1) & (t.cap - 1);
    if (!t.slot[h])
      t.slot[h] = i + 1;
  }
  return t;
}

/* The position of id, or -1. */
static int names_find(const Names *t, const char *id) {
  size_t h = (size_t)text_key(id) & (t->cap - 1);
  for (; t->slot[h]; h = (h + 1) & (t->cap - 1))
    if (same_text(t->ids[t->slot[h] - 1], id))
      return t->slot[h] - 1;
  return -1;
}

static Names programme_names(Arena *a, const Plan *P) {
  const char **ids = arena_alloc(a, sizeof *ids * (size_t)(P->nprogrammes + 1));
  for (int i = 0; i < P->nprogrammes; i++)
    ids[i] = P->programmes[i]->id;
  return names_of(a, ids, P->nprogrammes);
}

static Names project_names(Arena *a, const Plan *P) {
  const char **ids = arena_alloc(a, sizeof *ids * (size_t)(P->nprojects + 1));
  for (int i = 0; i < P->nprojects; i++)
    ids[i] = P->projects[i]->id;
  return names_of(a, ids, P->nprojects);
}

/* Where the checker found each project of v short (Version.short_from). */
static void shortfalls_of(Arena *a, Version *v) {
  const Plan *P = &v->c.plan;
  Names projs = project_names(a, P);
  v->short_from = arena_alloc(a, sizeof *v->short_from * (size_t)(P->nprojects + 1));
  for (const Diag *g = v->diags.head; g; g = g->next) {
    int at = g->project && strcmp(g->name, "shortfall") == 0 ? names_find(&projs, g->project) : -1;
    if (at >= 0)
      v->short_from[P->projects[at]->index] = g->year;
  }
}

/* Whether P moves money from one of its projects to another: its totals
 * are then net of those transfers (they are lasten of one project and
 * baten of another, not new spending twice). */
static bool moves_between_projects(const Plan *P) {
  for (int i = 0; i < P->ntransfers; i++)
    if (P->transfers[i]->from_line && P->transfers[i]->to_line)
      return true;
  return false;
}

static bool diag_same(const Diag *x, const Diag *y) {
  return strcmp(x->name, y->name) == 0 && strcmp(x->msg, y->msg) == 0;
}

static uint64_t hash_diag(const void *x) {
  const Diag *g = x;
  return text_key(g->name) * 31 + text_key(g->msg);
}
static bool eq_diag(const void *x, const void *y) { return diag_same(x, y); }

/* A stated total that no longer adds up (`expectation`) follows from a
 * change of money the report shows anyway, and one change makes many of
 * them; every other finding is news of its own. */
static bool is_expectation(const Diag *g) { return strcmp(g->name, "expectation") == 0; }

static int sev_rank(const Diag *g) { return g->sev == SEV_ERROR ? 0 : g->sev == SEV_WARNING ? 1 : 2; }

/* The most important first: findings other than `expectation`, then
 * those; within each the new ones before the gone ones, errors before
 * warnings before notes, then by place (file, line, column). */
static int by_importance(const void *x, const void *y) {
  const DiagDiff *p = x, *q = y;
  int k = is_expectation(p->g) - is_expectation(q->g);
  if (!k)
    k = q->sign - p->sign;
  if (!k)
    k = sev_rank(p->g) - sev_rank(q->g);
  if (!k)
    k = strcmp(p->g->loc.file ? p->g->loc.file->display : "", q->g->loc.file ? q->g->loc.file->display : "");
  if (!k)
    k = p->at.line != q->at.line ? (p->at.line > q->at.line) - (p->at.line < q->at.line)
                                 : (p->at.col > q->at.col) - (p->at.col < q->at.col);
  return k ? k : p->order - q->order;
}

static void add_diag(Report *R, Change ch, const Diag *g) {
  R->diags[R->ndiags] = (DiagDiff){ch, ch == CH_NEW || ch == CH_REOPENED ? +1 : -1, g, R->ndiags, {0}};
  R->ndiags++;
}

/* A finding of the new version that the old one has too (same name and
 * words) cancels the first such old one not yet used, unless the plan
 * acknowledges it in one version and not in the other: an `accept` added
 * or taken away in a change is for the reviewer to see, with its reason.
 * The rest appear or disappear (an acknowledged one with its reason). */
static void compare_diags(Report *R) {
  int na = 0, nb = 0;
  for (const Diag *g = R->A->diags.head; g; g = g->next)
    na++;
  for (const Diag *g = R->B->diags.head; g; g = g->next)
    nb++;
  const Diag **all = arena_alloc(R->arena, sizeof *all * (size_t)(na + nb + 1));
  int n = 0;
  for (const Diag *g = R->A->diags.head; g; g = g->next)
    all[n++] = g;
  for (const Diag *g = R->B->diags.head; g; g = g->next)
    all[n++] = g;
  Groups gr = group_items(R->arena, (const void *const *)all, n, hash_diag, eq_diag);
  /* per group, the old findings in order: head, then next */
  int *head = arena_alloc(R->arena, sizeof *head * (size_t)(gr.n + 1));
  int *tail = arena_alloc(R->arena, sizeof *tail * (size_t)(gr.n + 1));
  int *next = arena_alloc(R->arena, sizeof *next * (size_t)(na + 1));
  bool *used = arena_alloc(R->arena, (size_t)na + 1);
  for (int k = 0; k < gr.n; k++)
    head[k] = tail[k] = -1;
  for (int i = 0; i < na; i++) {
    int k = gr.of[i];
    next[i] = -1;
    if (tail[k] < 0)
      head[k] = i;
    else
      next[tail[k]] = i;
    tail[k] = i;
  }
  R->diags = arena_alloc(R->arena, sizeof *R->diags * (size_t)(na + nb + 1));
  for (int j = na; j < n; j++) {
    int k = gr.of[j];
    if (head[k] >= 0) {
      int i = head[k];
      used[i] = true;
      head[k] = next[i];
      if (!all[i]->accepted != !all[j]->accepted)
        add_diag(R, all[j]->accepted ? CH_ACCEPTED : CH_REOPENED, all[j]);
    } else {
      add_diag(R, CH_NEW, all[j]);
    }
  }
  for (int i = 0; i < na; i++)
    if (!used[i])
      add_diag(R, CH_GONE, all[i]);
  for (int i = 0; i < R->ndiags; i++)
    if (R->diags[i].g->loc.file)
      R->diags[i].at = loc_pos(R->diags[i].g->loc);
  qsort(R->diags, (size_t)R->ndiags, sizeof *R->diags, by_importance);
}

static void compare(Report *R) {
  const Plan *PA = &R->A->c.plan, *PB = &R->B->c.plan;
  const Results *RA = &R->A->c.results, *RB = &R->B->c.results;
  int la = PA->first_year + PA->nyears - 1, lb = PB->first_year + PB->nyears - 1;
  R->y0 = PA->first_year < PB->first_year ? PA->first_year : PB->first_year;
  R->y1 = la > lb ? la : lb;
  R->horizon = PA->first_year != PB->first_year || la != lb;

  R->net = moves_between_projects(PA) || moves_between_projects(PB);
  shortfalls_of(R->arena, R->A);
  shortfalls_of(R->arena, R->B);
  /* net of transfers between projects, as the summary tables "exclusief
   * overdrachten" (grid.c): a programme's of those inside it */
  Totals ta, tb;
  totals_of_plan(PA, RA, true, &ta);
  totals_of_plan(PB, RB, true, &tb);
  compare_totals(R, &R->plan, &ta, PA, &tb, PB);

  Names progs_a = programme_names(R->arena, PA), progs_b = programme_names(R->arena, PB);
  ByProgramme bya = by_programme(PA, R->arena), byb = by_programme(PB, R->arena);
  R->progs = arena_alloc(R->arena, sizeof *R->progs * (size_t)(PA->nprogrammes + PB->nprogrammes + 1));
  for (int i = 0; i < PB->nprogrammes; i++) {
    int at = names_find(&progs_a, PB->programmes[i]->id);
    const Programme *b = PB->programmes[i], *a = at >= 0 ? PA->programmes[at] : NULL;
    ProgDiff pd = {a ? ST_CHANGED : ST_ADDED, a, b, {0}};
    totals_of_programme_by(PB, RB, &byb, i, true, &tb);
    if (a)
      totals_of_programme_by(PA, RA, &bya, at, true, &ta);
    compare_totals(R, &pd.tot, a ? &ta : NULL, PA, &tb, PB);
    if (pd.st != ST_CHANGED || pd.tot.n)
      R->progs[R->nprogs++] = pd;
  }
  for (int i = 0; i < PA->nprogrammes; i++) {
    const Programme *a = PA->programmes[i];
    if (names_find(&progs_b, a->id) >= 0)
      continue;
    ProgDiff pd = {ST_REMOVED, a, NULL, {0}};
    totals_of_programme_by(PA, RA, &bya, i, true, &ta);
    compare_totals(R, &pd.tot, &ta, PA, NULL, PB);
    R->progs[R->nprogs++] = pd;
  }

  Names projs_a = project_names(R->arena, PA), projs_b = project_names(R->arena, PB);
  R->projs = arena_alloc(R->arena, sizeof *R->projs * (size_t)(PA->nprojects + PB->nprojects + 1));
  for (int i = 0; i < PB->nprojects; i++) {
    int at = names_find(&projs_a, PB->projects[i]->id);
    const Project *b = PB->projects[i], *a = at >= 0 ? PA->projects[at] : NULL;
    ProjDiff pd = {a ? ST_CHANGED : ST_ADDED, a, b, NULL, 0, {0}};
    compare_project(R, &pd);
    if (pd.st != ST_CHANGED || pd.nlines || pd.bal.n)
      R->projs[R->nprojs++] = pd;
  }
  for (int i = 0; i < PA->nprojects; i++) {
    const Project *a = PA->projects[i];
    if (names_find(&projs_b, a->id) >= 0)
      continue;
    ProjDiff pd = {ST_REMOVED, a, NULL, NULL, 0, {0}};
    compare_project(R, &pd);
    R->projs[R->nprojs++] = pd;
  }
  compare_diags(R);
}

static bool report_empty(const Report *R) {
  return !R->horizon && !R->plan.n && !R->nprogs && !R->nprojs && !R->ndiags;
}

/* ---------------------------------------------------------------- words */

/* A word of the report in its language. */
static const char *W(const Report *R, const char *s) { return nls_text(R->nl, R->arena, s); }

/* An amount as the report prints it: in text and Markdown with a no-break
 * space after "€" (a comment's table cell wraps at spaces), in JSON as the
 * other JSON outputs write it. */
static void eur(const Report *R, char *buf, size_t cap, int64_t cents) {
  if (R->nobreak)
    fmt_eur_nobreak(buf, cap, cents);
  else
    fmt_eur_nl(buf, cap, cents, false);
}

static const char *money(const Report *R, Val v) {
  if (v.pm)
    return "PM";
  if (v.overflow)
    return W(R, N_("overflow"));
  if (!v.present && v.cents == 0)
    return "—";
  char buf[64];
  eur(R, buf, sizeof buf, v.cents);
  return arena_strdup(R->arena, buf);
}

/* "+€ 25.000", "-€ 5.000"; empty when PM is involved. */
static const char *change(const Report *R, Val x, Val y) {
  if (x.pm || y.pm)
    return "";
  int64_t d;
  if (x.overflow || y.overflow || !money_sub(y.cents, x.cents, &d))
    return W(R, N_("overflow"));
  char buf[64];
  eur(R, buf, sizeof buf, d);
  return d > 0 ? arena_printf(R->arena, "+%s", buf) : arena_strdup(R->arena, buf);
}

static const char *proj_title(const ProjDiff *p) {
  const Project *x = p->b ? p->b : p->a;
  return x->title ? x->title : "";
}

static const char *proj_id(const ProjDiff *p) { return (p->b ? p->b : p->a)->id; }

static const char *prog_title(const ProgDiff *p) {
  const Programme *x = p->b ? p->b : p->a;
  return x->title ? x->title : "";
}

static const char *prog_id(const ProgDiff *p) { return (p->b ? p->b : p->a)->id; }

/* A word of the report in its language. */

/* After the plan's totals: " (net of transfers between projects)" when
 * the plan has such transfers, else nothing. */
static const char *net_words(const Report *R) {
  return R->net ? arena_printf(R->arena, " (%s)", W(R, N_("net of transfers between projects"))) : "";
}

/* 3 "Kosten", 3 -> 4 "Kosten" or 3 "Kosten" -> "Huur" */
static const char *line_name(Arena *a, const LineDiff *l) {
  const Line *x = l->b ? l->b : l->a;
  if (l->renumbered)
    return arena_printf(a, "%d -> %d \"%s\"", l->a->nr, l->b->nr, x->category ? x->category : "");
  if (l->renamed)
    return arena_printf(a, "%d \"%s\" -> \"%s\"", x->nr, l->a->category ? l->a->category : "",
                        l->b->category ? l->b->category : "");
  return arena_printf(a, "%d \"%s\"", x->nr, x->category ? x->category : "");
}

static const char *line_status(const Report *R, const LineDiff *l) {
  if (l->st != ST_CHANGED)
    return W(R, status_name[l->st]);
  if (l->renumbered)
    return W(R, l->cells.n ? N_("renumbered, changed") : N_("renumbered"));
  if (l->renamed)
    return W(R, l->cells.n ? N_("renamed, changed") : N_("renamed"));
  return W(R, status_name[ST_CHANGED]);
}

/* A finding's message in the report's language; in text and Markdown
 * with a no-break space between "€" and the digits of its amounts, as
 * the report's own amounts (fmt_eur_nobreak). */
static const char *finding_text(const Report *R, const Diag *g) {
  const char *s = diag_text(g, R->nl != NULL);
  if (!R->nobreak || !strstr(s, "€ "))
    return s;
  Buf b = {0};
  for (const char *p = s; *p; p++) {
    if (strncmp(p, "€ ", 4) == 0 && ((p[4] >= '0' && p[4] <= '9') || p[4] == '-')) {
      buf_puts(&b, "€" EUR_NOBREAK);
      p += 3;
    } else {
      buf_putc(&b, *p);
    }
  }
  const char *t = arena_strndup(R->arena, b.data ? b.data : "", b.len);
  buf_free(&b);
  return t;
}

/* After a finding the plan acknowledges: " (accepted: REASON)"; after one
 * it no longer does: " (no longer accepted)". */
static const char *acknowledged(const Report *R, const DiagDiff *d) {
  if (d->ch == CH_REOPENED)
    return arena_printf(R->arena, " (%s)", W(R, change_name[CH_REOPENED]));
  if (d->g->accepted)
    return arena_printf(R->arena, " (%s)", nls_printf(R->nl, R->arena, "accepted: %s", d->g->accepted));
  return "";
}

static const char *sev_of(const Diag *g) {
  return g->sev == SEV_ERROR ? "error" : g->sev == SEV_WARNING ? "warning" : "note";
}

/* What the change does to the plan's totals, in one line. */
static const char *headline(const Report *R, const char *arrow) {
  Arena *a = R->arena;
  if (report_empty(R))
    return W(R, N_("no change to the plan's money or findings"));
  Buf b = {0};
  const char *sep = "";
  static const char *const sides[] = {"baten", "lasten"};
  for (int s = 0; s < 2; s++) {
    int64_t sum = 0;
    int years = 0, year = 0;
    Buf per = {0};
    for (int i = 0; i < R->plan.n; i++) {
      const Delta *d = &R->plan.v[i];
      if (strcmp(d->what, sides[s]) != 0)
        continue;
      int64_t x;
      if (d->a.overflow || d->b.overflow || !money_sub(d->b.cents, d->a.cents, &x) ||
          !money_add(sum, x, &sum))
        continue;
      buf_printf(&per, "%s%d %s", years ? ", " : "", d->year, change(R, d->a, d->b));
      year = d->year;
      years++;
    }
    /* "net lasten": a transfer from one project to another is not new
     * spending (or income) twice */
    const char *side = R->net ? nls_printf(R->nl, a, "net %s", sides[s]) : sides[s];
    if (years == 1)
      buf_printf(&b, "%s%s %s in %d", sep, side,
                 change(R, (Val){true, false, 0, false}, (Val){true, false, sum, false}), year);
    else if (years > 1)
      buf_printf(&b, "%s%s %s (%s)", sep, side,
                 change(R, (Val){true, false, 0, false}, (Val){true, false, sum, false}), per.data);
    if (years)
      sep = "; ";
    buf_free(&per);
  }
  const Delta *last = NULL;
  int nclosing = 0;
  for (int i = 0; i < R->plan.n; i++)
    if (strcmp(R->plan.v[i].what, "closing") == 0) {
      nclosing++;
      if (R->plan.v[i].year == R->y1)
        last = &R->plan.v[i];
    }
  if (last)
    buf_printf(&b, "%s%s", sep, nls_printf(R->nl, a, "closing balance %d: %s %s %s (%s)", last->year,
                                           money(R, last->a), arrow, money(R, last->b),
                                           change(R, last->a, last->b)));
  else if (nclosing)
    buf_printf(&b, "%s%s", sep, nls_printf(R->nl, a, "closing balance changes, not at the end of %d", R->y1));
  if (last || nclosing)
    sep = "; ";
  /* a plan of annual programmes: each year's result stands on its own */
  Buf saldi = {0};
  int nsaldo = 0;
  for (int i = 0; i < R->plan.n; i++) {
    const Delta *d = &R->plan.v[i];
    if (strcmp(d->what, "result") != 0)
      continue;
    buf_printf(&saldi, "%s%d %s %s %s", nsaldo++ ? ", " : "", d->year, money(R, d->a), arrow,
               money(R, d->b));
  }
  if (nsaldo) {
    buf_printf(&b, "%s%s", sep, nls_printf(R->nl, a, "result %s", saldi.data));
    sep = "; ";
  }
  buf_free(&saldi);
  if (!R->plan.n) {
    int nl = 0;
    for (int i = 0; i < R->nprojs; i++)
      nl += R->projs[i].nlines;
    buf_printf(&b, "%s%s%s", sep, W(R, N_("plan totals unchanged")), net_words(R));
    if (R->nprojs)
      buf_printf(&b, "; %s",
                 nls_printf(R->nl, a, "%s in %s",
                            nls_printf(R->nl, a, nl == 1 ? N_("%d line") : N_("%d lines"), nl),
                            nls_printf(R->nl, a, R->nprojs == 1 ? N_("%d project") : N_("%d projects"),
                                       R->nprojs)));
    sep = "; ";
  }
  if (R->ndiags) {
    int count[4] = {0};
    for (int i = 0; i < R->ndiags; i++)
      count[R->diags[i].ch]++;
    buf_printf(&b, "%s%s", sep, nls_printf(R->nl, a, "findings: %d new, %d gone", count[CH_NEW] + count[CH_REOPENED],
                                           count[CH_GONE]));
    if (count[CH_ACCEPTED])
      buf_printf(&b, ", %s", nls_printf(R->nl, a, "%d accepted", count[CH_ACCEPTED]));
  }
  const char *s = arena_strdup(a, b.data ? b.data : "");
  buf_free(&b);
  return s;
}

/* ---------------------------------------------------------------- text */

static void text_deltas(const Report *R, Buf *o, const char *ind, const Deltas *d) {
  /* "voorfinanciering" is the longest measure in Dutch, "pre-financing" in English */
  int width = R->nl ? 16 : 13;
  for (int i = 0; i < d->n; i++) {
    const Delta *x = &d->v[i];
    const char *c = change(R, x->a, x->b);
    buf_printf(o, "%s%-*s %d: %s -> %s%s%s%s\n", ind, width, W(R, x->what), x->year, money(R, x->a),
               money(R, x->b), *c ? "  (" : "", c, *c ? ")" : "");
  }
}

static void render_text_raw(const Report *R, Buf *o);

/* Titles, categories, messages and file names reach a terminal or a CI
 * log: control and bidirectional characters are shown as '?' (text.c). */
static void render_text(const Report *R, Buf *o) {
  Buf raw = {0};
  render_text_raw(R, &raw);
  text_put_clean(o, raw.data ? raw.data : "", raw.len, true);
  buf_free(&raw);
}

/* The parts of a report of two plans after its headline, in the order
 * both the text and the Markdown give them: the most important first. The
 * findings lead (a reviewer must act on them, and a comment cut at
 * GitHub's limit, contrib/github/amrc.yml, loses its end, not them), then
 * the money: the plan's totals, the projects, the programme lines. */
typedef enum { PART_HORIZON, PART_FINDINGS, PART_PLAN, PART_PROJECTS, PART_PROGRAMMES } Part;
static const Part report_parts[] = {PART_HORIZON, PART_FINDINGS, PART_PLAN, PART_PROJECTS, PART_PROGRAMMES};

static void render_parts(const Report *R, Buf *o, void (*part)(const Report *, Buf *, Part)) {
  if (report_empty(R))
    return;
  for (size_t i = 0; i < sizeof report_parts / sizeof *report_parts; i++)
    part(R, o, report_parts[i]);
}

/* The horizons of both versions, when they differ. */
static void put_horizon(const Report *R, Buf *o, bool markdown) {
  if (!R->horizon)
    return;
  const Plan *a = &R->A->c.plan, *b = &R->B->c.plan;
  int a1 = a->first_year + a->nyears - 1, b1 = b->first_year + b->nyears - 1;
  if (markdown)
    buf_printf(o, "\n**%s:** %d–%d → %d–%d\n", W(R, N_("Horizon")), a->first_year, a1, b->first_year, b1);
  else
    buf_printf(o, "\n%s: %d..%d -> %d..%d\n", W(R, N_("horizon")), a->first_year, a1, b->first_year, b1);
}

static void text_part(const Report *R, Buf *o, Part part) {
  Arena *a = R->arena;
  switch (part) {
  case PART_HORIZON:
    put_horizon(R, o, false);
    break;
  case PART_FINDINGS:
    if (!R->ndiags)
      break;
    buf_printf(o, "\n%s\n", W(R, N_("findings")));
    for (int i = 0; i < R->ndiags; i++) {
      const Diag *g = R->diags[i].g;
      buf_printf(o, "  %c ", "+-~+"[R->diags[i].ch]);
      if (g->loc.file) {
        Pos at = loc_pos(g->loc);
        buf_printf(o, "%s:%d:%d: ", g->loc.file->display, at.line, at.col);
      }
      buf_printf(o, "%s: %s [%s]%s\n", sev_of(g), finding_text(R, g), g->name, acknowledged(R, &R->diags[i]));
    }
    break;
  case PART_PLAN:
    if (R->plan.n) {
      buf_printf(o, "\n%s%s\n", W(R, N_("plan totals")), net_words(R));
      text_deltas(R, o, "  ", &R->plan);
    }
    break;
  case PART_PROJECTS:
    for (int i = 0; i < R->nprojs; i++) {
      const ProjDiff *p = &R->projs[i];
      buf_printf(o, "\nproject %s \"%s\"%s%s\n", proj_id(p), proj_title(p),
                 p->st == ST_CHANGED ? "" : ": ", p->st == ST_CHANGED ? "" : W(R, status_name[p->st]));
      for (int k = 0; k < p->nlines; k++) {
        const LineDiff *l = &p->lines[k];
        buf_printf(o, "  %s: %s\n", nls_printf(R->nl, a, "line %s", line_name(a, l)), line_status(R, l));
        text_deltas(R, o, "    ", &l->cells);
      }
      text_deltas(R, o, "  ", &p->bal);
    }
    break;
  case PART_PROGRAMMES:
    for (int i = 0; i < R->nprogs; i++) {
      const ProgDiff *p = &R->progs[i];
      buf_printf(o, "\n%s %s \"%s\"%s%s\n", W(R, N_("programme")), prog_id(p), prog_title(p),
                 p->st == ST_CHANGED ? "" : ": ", p->st == ST_CHANGED ? "" : W(R, status_name[p->st]));
      text_deltas(R, o, "  ", &p->tot);
    }
    break;
  }
}

static void render_text_raw(const Report *R, Buf *o) {
  buf_printf(o, "amrc diff %s -> %s: %s\n", R->A->label, R->B->label, headline(R, "->"));
  render_parts(R, o, text_part);
}

/* ---------------------------------------------------------------- Markdown */

/* The plan's words as --emit=markdown writes them (text.c): a CI bot posts
 * this report on a pull request, so no mention, link, image or HTML. */
static void md(Buf *o, const char *s) {
  Arena a = {0};
  md_escape(&a, o, s);
  arena_free(&a);
}

static void md_row(const Report *R, Buf *o, const char *first, const char *what, const Delta *x) {
  buf_puts(o, "| ");
  md(o, first);
  buf_puts(o, " | ");
  md(o, W(R, what));
  buf_printf(o, " | %d | ", x->year);
  md(o, money(R, x->a));
  buf_puts(o, " | ");
  md(o, money(R, x->b));
  buf_puts(o, " | ");
  md(o, change(R, x->a, x->b));
  buf_puts(o, " |\n");
}

static void md_head(const Report *R, Buf *o, const char *first) {
  buf_printf(o, "%s\n|---|---|---:|---:|---:|---:|\n",
             nls_printf(R->nl, R->arena, "| %s | | year | old | new | change |", first));
}

/* The heading of a project or programme line: **id** title (status). */
static void md_subject(const Report *R, Buf *o, const char *id, const char *title, Status st) {
  buf_puts(o, "\n**");
  md(o, id);
  buf_puts(o, "** ");
  md(o, title);
  if (st != ST_CHANGED)
    buf_printf(o, " (%s)", W(R, status_name[st]));
  buf_puts(o, "\n\n");
}

static void md_totals(const Report *R, Buf *o, const Deltas *d) {
  /* measures as rows, years as columns */
  int ny = 0;
  int years[AMR_MAX_YEARS * 2];
  for (int i = 0; i < d->n; i++) {
    bool seen = false;
    for (int k = 0; k < ny; k++)
      seen |= years[k] == d->v[i].year;
    if (!seen && ny < AMR_MAX_YEARS * 2)
      years[ny++] = d->v[i].year;
  }
  for (int i = 1; i < ny; i++)
    for (int k = i; k > 0 && years[k - 1] > years[k]; k--) {
      int t = years[k];
      years[k] = years[k - 1];
      years[k - 1] = t;
    }
  buf_puts(o, "| |");
  for (int k = 0; k < ny; k++)
    buf_printf(o, " %d |", years[k]);
  buf_puts(o, "\n|---|");
  for (int k = 0; k < ny; k++)
    buf_puts(o, "---:|");
  buf_putc(o, '\n');
  static const char *const what[] = {N_("opening"), "baten", "lasten", N_("closing"), N_("result")};
  for (int m = 0; m < 5; m++) {
    bool any = false;
    for (int i = 0; i < d->n; i++)
      any |= strcmp(d->v[i].what, what[m]) == 0;
    if (!any)
      continue;
    buf_printf(o, "| %s |", W(R, what[m]));
    for (int k = 0; k < ny; k++) {
      const Delta *x = NULL;
      for (int i = 0; i < d->n; i++)
        if (strcmp(d->v[i].what, what[m]) == 0 && d->v[i].year == years[k])
          x = &d->v[i];
      if (x) {
        buf_putc(o, ' ');
        md(o, money(R, x->a));
        buf_puts(o, " → ");
        md(o, money(R, x->b));
        const char *c = change(R, x->a, x->b);
        if (*c) {
          buf_puts(o, " (");
          md(o, c);
          buf_putc(o, ')');
        }
        buf_puts(o, " |");
      } else {
        buf_puts(o, " |");
      }
    }
    buf_putc(o, '\n');
  }
}

static void md_finding(const Report *R, Buf *o, const DiagDiff *d) {
  const Diag *g = d->g;
  buf_printf(o, "- %s **%s** `%s`: ", W(R, change_name[d->ch]), sev_of(g), g->name);
  md(o, finding_text(R, g));
  if (g->loc.file) {
    buf_puts(o, " (");
    md(o, arena_printf(R->arena, "%s:%d", g->loc.file->display, d->at.line));
    buf_puts(o, ")");
  }
  if (d->ch != CH_REOPENED)  /* its first word says so */
    md(o, acknowledged(R, d));
  buf_putc(o, '\n');
}

/* A pull-request comment: the headline, then the parts in the order of
 * report_parts; those findings other than `expectation` always in full,
 * more than five `expectation` findings folded (one change of money makes
 * many). */
static void md_part(const Report *R, Buf *o, Part part) {
  Arena *a = R->arena;
  switch (part) {
  case PART_HORIZON:
    put_horizon(R, o, true);
    break;
  case PART_FINDINGS: {
    if (!R->ndiags)
      break;
    buf_printf(o, "\n#### %s\n\n", W(R, N_("Findings")));
    int first_exp = 0;  /* the diags are sorted: expectation findings last */
    while (first_exp < R->ndiags && !is_expectation(R->diags[first_exp].g))
      first_exp++;
    int nexp = R->ndiags - first_exp;
    for (int i = 0; i < first_exp; i++)
      md_finding(R, o, &R->diags[i]);
    if (nexp > 5)
      buf_printf(o, "%s<details><summary>%s</summary>\n\n", first_exp ? "\n" : "",
                 nls_printf(R->nl, a, "%d expectation findings new or gone", nexp));
    for (int i = first_exp; i < R->ndiags; i++)
      md_finding(R, o, &R->diags[i]);
    if (nexp > 5)
      buf_puts(o, "\n</details>\n");
    break;
  }
  case PART_PLAN:
    if (R->plan.n) {
      buf_printf(o, "\n#### %s%s\n\n", W(R, N_("Plan totals")), net_words(R));
      md_totals(R, o, &R->plan);
    }
    break;
  case PART_PROJECTS:
    if (!R->nprojs)
      break;
    buf_printf(o, "\n#### %s\n", W(R, N_("Projects")));
    for (int i = 0; i < R->nprojs; i++) {
      const ProjDiff *p = &R->projs[i];
      md_subject(R, o, proj_id(p), proj_title(p), p->st);
      md_head(R, o, W(R, N_("line")));
      for (int k = 0; k < p->nlines; k++) {
        const LineDiff *l = &p->lines[k];
        const char *label = arena_printf(a, "%s (%s)", line_name(a, l), line_status(R, l));
        if (!l->cells.n)
          buf_puts(o, "| "), md(o, label), buf_puts(o, " | | | | | |\n");
        for (int c = 0; c < l->cells.n; c++)
          md_row(R, o, c == 0 ? label : "", l->cells.v[c].what, &l->cells.v[c]);
      }
      for (int c = 0; c < p->bal.n; c++)
        /* an annual unit's rows are its results, not a balance */
        md_row(R, o, c == 0 && strcmp(p->bal.v[c].what, "result") != 0 ? W(R, N_("balance")) : "",
               p->bal.v[c].what, &p->bal.v[c]);
    }
    break;
  case PART_PROGRAMMES:
    if (!R->nprogs)
      break;
    buf_printf(o, "\n#### %s\n", W(R, N_("Programme lines")));
    for (int i = 0; i < R->nprogs; i++) {
      const ProgDiff *p = &R->progs[i];
      md_subject(R, o, prog_id(p), prog_title(p), p->st);
      md_totals(R, o, &p->tot);
    }
    break;
  }
}

static void render_markdown(const Report *R, Buf *o) {
  buf_puts(o, "### amrc diff: ");
  md(o, headline(R, "→"));
  buf_puts(o, "\n\n");
  buf_puts(o, "`");
  buf_puts(o, R->A->label);
  buf_puts(o, "` → `");
  buf_puts(o, R->B->label);
  buf_puts(o, "`\n");
  render_parts(R, o, md_part);
}

/* ---------------------------------------------------------------- JSON */

static void json_val(Buf *o, Val v) {
  if (v.pm)
    buf_puts(o, "\"PM\"");
  else if (v.overflow || (!v.present && v.cents == 0))
    buf_puts(o, "null");
  else
    buf_printf(o, "%lld", (long long)v.cents);
}

static void json_deltas(Buf *o, const Deltas *d) {
  buf_putc(o, '[');
  for (int i = 0; i < d->n; i++) {
    const Delta *x = &d->v[i];
    buf_printf(o, "%s{\"measure\":\"%s\",\"year\":%d,\"old\":", i ? "," : "", x->what, x->year);
    json_val(o, x->a);
    buf_puts(o, ",\"new\":");
    json_val(o, x->b);
    int64_t dd;
    if (!x->a.pm && !x->b.pm && !x->a.overflow && !x->b.overflow &&
        money_sub(x->b.cents, x->a.cents, &dd))
      buf_printf(o, ",\"delta\":%lld}", (long long)dd);
    else
      buf_puts(o, ",\"delta\":null}");
  }
  buf_putc(o, ']');
}

static void json_opt_str(Buf *o, const char *s) {
  if (s)
    buf_json_string(o, s);
  else
    buf_puts(o, "null");
}

/* JSON is data for programs: its words are English in every language. */
static void render_json(const Report *report, Buf *o) {
  Report english = *report;
  english.nl = NULL;
  const Report *R = &english;
  /* schema_version as --emit=json's: it changes when a key goes or changes
   * meaning (docs/json-schema.md, "amrc diff --format=json") */
  buf_puts(o, "{\"format\":\"amrc-diff\",\"schema_version\":1,\"old\":");
  buf_json_string(o, R->A->label);
  buf_puts(o, ",\"new\":");
  buf_json_string(o, R->B->label);
  buf_printf(o, ",\"changed\":%s,\"net_of_transfers\":%s,\"headline\":", report_empty(R) ? "false" : "true",
             R->net ? "true" : "false");
  buf_json_string(o, headline(R, "->"));
  buf_printf(o, ",\"horizon\":{\"old\":[%d,%d],\"new\":[%d,%d]}", R->A->c.plan.first_year,
             R->A->c.plan.first_year + R->A->c.plan.nyears - 1, R->B->c.plan.first_year,
             R->B->c.plan.first_year + R->B->c.plan.nyears - 1);
  buf_puts(o, ",\n\"plan\":");
  json_deltas(o, &R->plan);
  buf_puts(o, ",\n\"programmes\":[");
  for (int i = 0; i < R->nprogs; i++) {
    const ProgDiff *p = &R->progs[i];
    buf_printf(o, "%s\n{\"id\":", i ? "," : "");
    buf_json_string(o, prog_id(p));
    buf_puts(o, ",\"title\":");
    buf_json_string(o, prog_title(p));
    buf_printf(o, ",\"status\":\"%s\",\"totals\":", status_name[p->st]);
    json_deltas(o, &p->tot);
    buf_putc(o, '}');
  }
  buf_puts(o, "],\n\"projects\":[");
  for (int i = 0; i < R->nprojs; i++) {
    const ProjDiff *p = &R->projs[i];
    buf_printf(o, "%s\n{\"id\":", i ? "," : "");
    buf_json_string(o, proj_id(p));
    buf_puts(o, ",\"title\":");
    buf_json_string(o, proj_title(p));
    buf_printf(o, ",\"status\":\"%s\",\"lines\":[", status_name[p->st]);
    for (int k = 0; k < p->nlines; k++) {
      const LineDiff *l = &p->lines[k];
      buf_printf(o, "%s\n {\"status\":\"%s\",\"renumbered\":%s,\"renamed\":%s,\"old_nr\":",
                 k ? "," : "", status_name[l->st], l->renumbered ? "true" : "false",
                 l->renamed ? "true" : "false");
      if (l->a)
        buf_printf(o, "%d", l->a->nr);
      else
        buf_puts(o, "null");
      buf_puts(o, ",\"new_nr\":");
      if (l->b)
        buf_printf(o, "%d", l->b->nr);
      else
        buf_puts(o, "null");
      buf_puts(o, ",\"old_category\":");
      json_opt_str(o, l->a ? l->a->category : NULL);
      buf_puts(o, ",\"new_category\":");
      json_opt_str(o, l->b ? l->b->category : NULL);
      buf_puts(o, ",\"cells\":");
      json_deltas(o, &l->cells);
      buf_putc(o, '}');
    }
    buf_puts(o, "],\"balances\":");
    json_deltas(o, &p->bal);
    buf_putc(o, '}');
  }
  buf_puts(o, "],\n\"findings\":[");
  for (int i = 0; i < R->ndiags; i++) {
    const Diag *g = R->diags[i].g;
    buf_printf(o, "%s\n{\"change\":\"%s\",\"severity\":\"%s\",\"name\":", i ? "," : "",
               change_key[R->diags[i].ch], sev_of(g));
    buf_json_string(o, g->name);
    buf_puts(o, ",\"message\":");
    buf_json_string(o, g->msg);
    buf_puts(o, ",\"accepted\":");
    json_opt_str(o, g->accepted);
    buf_puts(o, ",\"location\":");
    if (g->loc.file) {
      buf_puts(o, "{\"file\":");
      buf_json_string(o, g->loc.file->display);
      Pos at = loc_pos(g->loc);
      buf_printf(o, ",\"line\":%d,\"col\":%d}", at.line, at.col);
    } else {
      buf_puts(o, "null");
    }
    buf_putc(o, '}');
  }
  buf_puts(o, "]}\n");
}

/* ---------------------------------------------------------------- git */

typedef struct Git {
  Arena *arena;
  const char *rev;
  const char *top;         /* the work tree's top folder */
} Git;

/* Runs git with args; its standard output in *out (malloc'd) when out is
 * set. True when git exits with 0. No shell: arguments are passed as they
 * are. */
static bool run_git(char *const args[], char **out, size_t *len) {
  int fd[2];
  if (pipe(fd) != 0)
    return false;
  pid_t pid = fork();
  if (pid < 0) {
    close(fd[0]);
    close(fd[1]);
    return false;
  }
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0)
      dup2(null, 2);
    execvp("git", args);
    _exit(127);
  }
  close(fd[1]);
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap + 1);
  bool ok = buf != NULL;
  for (;;) {
    if (ok && n == cap) {
      if (cap > (size_t)AMR_MAX_FILE_BYTES) {
        ok = false;
      } else {
        char *g = realloc(buf, 2 * cap + 1);
        if (g) {
          buf = g;
          cap *= 2;
        } else {
          ok = false;
        }
      }
    }
    char sink[4096];
    ssize_t r = ok ? read(fd[0], buf + n, cap - n) : read(fd[0], sink, sizeof sink);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    if (ok)
      n += (size_t)r;
  }
  close(fd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (ok && out) {
    buf[n] = '\0';
    *out = buf;
    *len = n;
  } else {
    free(buf);
  }
  return ok;
}

static bool read_plain(const char *path, char **bytes, size_t *len) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return false;
  if (!bytes)
    return true;
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  Buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= (size_t)AMR_MAX_FILE_BYTES)
    buf_put(&b, chunk, n);
  bool ok = !ferror(f) && !b.oom;
  fclose(f);
  if (!ok) {
    buf_free(&b);
    return false;
  }
  *bytes = b.data ? b.data : calloc(1, 1);
  *len = b.len;
  return *bytes != NULL;
}

static bool git_read(void *ctx, const char *path, char **bytes, size_t *len) {
  Git *g = ctx;
  const char *abs = normal_path(g->arena, path);
  size_t n = strlen(g->top);
  if (strncmp(abs, g->top, n) != 0 || abs[n] != '/')
    return read_plain(abs, bytes, len);
  const char *spec = arena_printf(g->arena, "%s:%s", g->rev, abs + n + 1);
  if (!bytes) {
    char *type = NULL;
    size_t tl = 0;
    char *args[] = {"git", "cat-file", "-t", (char *)spec, NULL};
    bool ok = run_git(args, &type, &tl) && strncmp(type, "blob", 4) == 0;
    free(type);
    return ok;
  }
  char *args[] = {"git", "cat-file", "blob", (char *)spec, NULL};
  return run_git(args, bytes, len);
}

/* ---------------------------------------------------------------- command */

static const char diff_usage[] = N_(
    "usage: amrc diff [OPTION]... OLD NEW\n"
    "       amrc diff --git REV [OPTION]... PLAN\n"
    "\n"
    "Compares two versions of a plan (each a root file with its imports) by what\n"
    "they mean: lines added, removed, renumbered and changed per project and year,\n"
    "balances and pre-financing, the totals per programme line and for the plan,\n"
    "and the findings that appear or disappear. Layout and order do not count.\n"
    "\n"
    "      --git REV         the old version is PLAN (and its imports) as of git\n"
    "                        revision REV; the new one the file as it is\n"
    "      --format=F        text (default), markdown (a pull-request comment) or json\n"
    "  -I DIR                look for imports in DIR too\n"
    "      --stdlib=DIR      the stdlib folder\n"
    "      --allow-outside-imports\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Two realisatie reports of one plan (docs/realisatie.md, \"Two reports\n"
    "compared\"): the findings new, resolved and still open, the lines whose\n"
    "realised amount or forecast moved, the projects whose forecast moved:\n"
    "       amrc diff --actuals FILE... [--actuals-new FILE...] [--as-of DATE]\n"
    "                 [--as-of-new DATE] [OPTION]... PLAN\n"
    "      --actuals=FILE    an export of the old report (repeatable)\n"
    "      --actuals-new=FILE  an export of the new report (repeatable; default:\n"
    "                        the old report's)\n"
    "      --as-of=DATE, --as-of-new=DATE  each report's date (default: its last\n"
    "                        booking)\n"
    "      --behind=PCT, --over=PCT  the thresholds, as amrc --actuals\n"
    "      --lang=nl|en      the language of the report and of the messages on\n"
    "                        stderr: of two plans, English unless --lang=nl; of\n"
    "                        two realisatie reports, Dutch labels unless --lang=en\n"
    "\n"
    "Exit status: 0 no changes, 1 changes, 2 trouble (a version cannot be read\n"
    "or computed).\n");

/* The options of two realisatie reports: 2 when argv[*i] names a report's
 * exports or date, 1 when it is one of their other options (its value
 * taken), 0 when it is neither, -1 after a usage error. */
static int diff_reports_option(const Catalog *nl, int argc, char **argv, int *i, DiffReports *rep,
                               const char **old_actuals, const char **new_actuals) {
  static const char *const names[] = {"--actuals", "--actuals-new", "--as-of", "--as-of-new",
                                      "--behind", "--over"};
  const char *o = argv[*i], *v = NULL;
  int k = 0, n = (int)(sizeof names / sizeof names[0]);
  for (; k < n; k++) {
    size_t len = strlen(names[k]);
    if (strncmp(o, names[k], len) == 0 && (o[len] == '=' || !o[len])) {
      v = o[len] == '=' ? o + len + 1 : *i + 1 < argc ? argv[++*i] : NULL;
      break;
    }
  }
  if (k == n)
    return 0;
  if (!v) {
    nls_usage_error(nl, "amrc diff", "%s needs a value", names[k]);
    return -1;
  }
  if (k == 0 || k == 1) {
    if (k == 0)
      old_actuals[rep->nold++] = v;
    else
      new_actuals[rep->nnew++] = v;
  } else if (k == 2 || k == 3) {
    if (!parse_booking_date(v, strlen(v), k == 2 ? &rep->old_as_of : &rep->new_as_of)) {
      nls_usage_error(nl, "amrc diff", "--as-of and --as-of-new take a date, 2026-06-30 or 30-06-2026, not '%s'", v);
      return -1;
    }
  } else {
    char *end;
    long pct = strtol(v, &end, 10);
    if (*end == '%')
      end++;
    if (end == v || *end || pct < 0 || pct > 1000) {
      nls_usage_error(nl, "amrc diff", "--behind and --over take a percentage from 0 to 1000, not '%s'", v);
      return -1;
    }
    *(k == 4 ? &rep->behind_pct : &rep->over_pct) = (int)pct;
  }
  return k <= 3 ? 2 : 1;
}

static void trouble(const Catalog *nl, Version *v) {
  diags_print(&v->diags, stderr, (DiagStyle){DIAG_TEXT, false});
  nls_say(nl, "amrc diff", "%s: this version cannot be computed; nothing compared", v->label);
}

static void render(const Report *report, DiffFormat format, Buf *out) {
  Report r = *report;
  r.nobreak = format != DIFF_JSON;
  if (format == DIFF_TEXT)
    render_text(&r, out);
  else if (format == DIFF_MARKDOWN)
    render_markdown(&r, out);
  else
    render_json(&r, out);
}

int diff_texts(Arena *a, const char *old_label, const char *old, size_t old_len,
               const char *new_label, const char *new, size_t new_len, Buf out[3]) {
  Version A = {.label = old_label}, B = {.label = new_label};
  bool ok_a = load_version_text(a, &A, old, old_len);
  bool ok_b = load_version_text(a, &B, new, new_len);
  if (!ok_a || !ok_b)
    return 2;
  Report R = {.arena = a, .A = &A, .B = &B};
  compare(&R);
  for (int f = DIFF_TEXT; f <= DIFF_JSON; f++)
    render(&R, (DiffFormat)f, &out[f]);
  return report_empty(&R) ? 0 : 1;
}

static int run_diff(int argc, char **argv, Arena *arena) {
  const Catalog *nl = nls_args(arena, argc, argv);
  Lang lang = LANG_EN;
  bool lang_given = false;
  DiffFormat format = DIFF_TEXT;
  const char *rev = NULL, *stdlib_dir = NULL;
  const char **includes = arena_alloc(arena, sizeof *includes * (size_t)(argc + 1));
  const char **files = arena_alloc(arena, sizeof *files * (size_t)(argc + 1));
  int ninclude = 0, nfiles = 0;
  bool allow_outside = false, only_files = false;
  /* two realisatie reports (diff_realisatie.c) */
  const char **old_actuals = arena_alloc(arena, sizeof *old_actuals * (size_t)(argc + 1));
  const char **new_actuals = arena_alloc(arena, sizeof *new_actuals * (size_t)(argc + 1));
  DiffReports rep = {.behind_pct = 50, .over_pct = 10, .old_files = old_actuals,
                     .new_files = new_actuals};
  bool reports = false;
  const char *other_report_option = NULL;
  for (int i = 1; i < argc; i++) {
    const char *o = argv[i];
    int took_lang = only_files || o[0] != '-' ? 0 : nls_lang_option(nl, "amrc diff", argc, argv, &i, &lang);
    if (took_lang == 2)
      return 2;
    if (took_lang) {
      lang_given = true;
      continue;
    }
    int took = only_files || o[0] != '-' ? 0 : diff_reports_option(nl, argc, argv, &i, &rep, old_actuals, new_actuals);
    if (took < 0)
      return 2;
    if (took) {
      reports = reports || took == 2;
      other_report_option = took == 1 ? o : other_report_option;
      continue;
    }
    if (only_files || o[0] != '-' || !o[1]) {
      files[nfiles++] = o;
    } else if (strcmp(o, "--") == 0) {
      only_files = true;
    } else if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
      nls_help(nl, diff_usage);
      return 0;
    } else if (strcmp(o, "--git") == 0 || strncmp(o, "--git=", 6) == 0) {
      if (o[5] == '=')
        rev = o + 6;
      else if (i + 1 < argc)
        rev = argv[++i];
      else
        return nls_usage_error(nl, "amrc diff", "%s needs a revision", "--git");
      if (!*rev || rev[0] == '-')
        return nls_usage_error(nl, "amrc diff", "'%s' is not a revision", rev);
    } else if (strncmp(o, "--format=", 9) == 0 || strcmp(o, "--format") == 0) {
      const char *f = o[8] == '=' ? o + 9 : i + 1 < argc ? argv[++i] : "";
      if (strcmp(f, "text") == 0)
        format = DIFF_TEXT;
      else if (strcmp(f, "markdown") == 0)
        format = DIFF_MARKDOWN;
      else if (strcmp(f, "json") == 0)
        format = DIFF_JSON;
      else
        return nls_usage_error(nl, "amrc diff", "--format takes text, markdown or json, not '%s'", f);
    } else if (strcmp(o, "-I") == 0) {
      if (i + 1 >= argc)
        return nls_usage_error(nl, "amrc diff", "%s needs a folder", "-I");
      includes[ninclude++] = argv[++i];
    } else if (strncmp(o, "-I", 2) == 0) {
      includes[ninclude++] = o + 2;
    } else if (strncmp(o, "--stdlib=", 9) == 0) {
      stdlib_dir = o + 9;
    } else if (strcmp(o, "--allow-outside-imports") == 0) {
      allow_outside = true;
    } else {
      return nls_usage_error(nl, "amrc diff", "unknown option '%s'", o);
    }
  }
  if (!reports && other_report_option)
    return nls_usage_error(nl, "amrc diff", "%s goes with two realisatie reports (--actuals FILE ...)",
                            other_report_option);
  if (reports) {
    if (rev || nfiles != 1)
      return nls_usage_error(nl, "amrc diff", "two reports of one plan: amrc diff --actuals FILE... "
                                  "[--actuals-new FILE...] [--as-of-new DATE] PLAN", NULL);
    if (!rep.nold)
      return nls_usage_error(nl, "amrc diff", N_("the old report needs its exports: --actuals FILE"), NULL);
    if (!rep.nnew && !rep.new_as_of)
      return nls_usage_error(nl, "amrc diff", N_("the new report needs --actuals-new FILE or --as-of-new DATE"), NULL);
    if (!rep.nnew) {
      rep.new_files = rep.old_files;
      rep.nnew = rep.nold;
    }
    if (!stdlib_dir)
      stdlib_dir = default_stdlib_dir(arena);
    LoadOptions lo = {.include_dirs = includes, .ninclude = ninclude,
                      .stdlib_dir = stdlib_dir, .allow_outside = allow_outside};
    rep.load = &lo;
    rep.plan = files[0];
    rep.format = format;
    rep.lang = lang_given ? lang : LANG_NL;  /* a report for readers: Dutch by default */
    rep.nl = nl;
    rep.report_nl = rep.lang == LANG_NL ? nl ? nl : nls_dutch(arena) : NULL;
    Buf out = {0};
    int rc = diff_reports(arena, &rep, &out);
    Diags io;
    diags_init(&io, arena);
    io.nl = nl;
    io.dutch = nl != NULL;
    if (rc != 2 && !write_whole("-", &out, &io)) {
      diags_print(&io, stderr, (DiagStyle){DIAG_TEXT, false});
      rc = 2;
    }
    buf_free(&out);
    return rc;
  }
  if (rev ? nfiles != 1 : nfiles != 2)
    return nls_usage_error(nl, "amrc diff", rev ? N_("--git REV takes one plan: amrc diff --git REV PLAN")
                                    : N_("give two plans: amrc diff OLD NEW"), NULL);
  if (!stdlib_dir)
    stdlib_dir = default_stdlib_dir(arena);
  LoadOptions lo = {.include_dirs = includes, .ninclude = ninclude,
                    .stdlib_dir = stdlib_dir, .allow_outside = allow_outside};
  LoadOptions old_lo = lo;
  Git git = {arena, rev, NULL};
  if (rev) {
    char *top = NULL, *sha = NULL;
    size_t tl = 0, sl = 0;
    char *top_args[] = {"git", "rev-parse", "--show-toplevel", NULL};
    if (!run_git(top_args, &top, &tl)) {
      free(top);
      nls_say(nl, "amrc diff", "--git: not inside a git work tree (or git is missing)");
      return 2;
    }
    while (tl > 0 && (top[tl - 1] == '\n' || top[tl - 1] == '\r'))
      top[--tl] = '\0';
    git.top = normal_path(arena, top);
    free(top);
    const char *verify = arena_printf(arena, "%s^{commit}", rev);
    char *rev_args[] = {"git", "rev-parse", "--verify", "--quiet", (char *)verify, NULL};
    if (!run_git(rev_args, &sha, &sl)) {
      free(sha);
      nls_say(nl, "amrc diff", "--git: '%s' is not a revision of this repository", rev);
      return 2;
    }
    free(sha);
    const char *abs = normal_path(arena, files[0]);
    size_t n = strlen(git.top);
    if (strncmp(abs, git.top, n) != 0 || abs[n] != '/') {
      nls_say(nl, "amrc diff", "--git: '%s' is not inside the work tree %s", files[0], git.top);
      return 2;
    }
    old_lo.read = git_read;
    old_lo.read_ctx = &git;
  }
  const char *old_label = files[0];
  if (rev)  /* REV:PATH as git names it, PATH from the top of the work tree */
    old_label = arena_printf(arena, "%s:%s", rev, normal_path(arena, files[0]) + strlen(git.top) + 1);
  Version A = {.label = old_label};
  Version B = {.label = rev ? files[0] : files[1]};
  /* the findings in Dutch too, for the report and for trouble */
  const Catalog *dutch = lang_given && lang == LANG_NL ? nl : NULL;
  bool ok_a = load_version(arena, &A, &old_lo, files[0], dutch);
  bool ok_b = load_version(arena, &B, &lo, rev ? files[0] : files[1], dutch);
  if (!ok_a || !ok_b) {
    if (!ok_a)
      trouble(nl, &A);
    if (!ok_b)
      trouble(nl, &B);
    return 2;
  }
  Report R = {.arena = arena, .nl = dutch, .A = &A, .B = &B};
  compare(&R);
  Buf out = {0};
  render(&R, format, &out);
  Diags io;
  diags_init(&io, arena);
  io.nl = nl;
  io.dutch = nl != NULL;
  bool written = write_whole("-", &out, &io);
  buf_free(&out);
  if (!written) {
    diags_print(&io, stderr, (DiagStyle){DIAG_TEXT, false});
    return 2;
  }
  return report_empty(&R) ? 0 : 1;
}

int amrc_diff_main(int argc, char **argv) {
  Arena arena = {0};
  int rc = run_diff(argc, argv, &arena);
  arena_free(&arena);
  return rc;
}

/* risks.c: the risk paragraph (risicoparagraaf) computed from the plan, and
 * the what-if scenarios behind it.
 *
 * The paragraph has five parts, in the order the plan's readers ask:
 *   1. money that depends on funding not yet confirmed (status aangevraagd
 *      or verwacht), per source and year, and which projects fall short
 *      without it;
 *   2. pre-financing: how much, how long, what restores it;
 *   3. PM posts: what is still unknown, per project and year, and what
 *      would cover it;
 *   4. earmarked money that must be paid back when it is not spent;
 *   5. guarantees: what is reserved against grants paid after settlement
 *      that are still to arrive;
 * and, with --scenario SOURCE=PERCENT, a sixth: the plan recomputed with
 * those sources realised at those percentages, and what breaks.
 *
 * A what-if is the real evaluator (and for a scenario the checker) run
 * again on the same plan with a Scenario (eval.c applies it), into Results and a
 * diagnostics list of its own: the plan and the results of the plan as
 * written are only read.
 *
 * The paragraph is built once as blocks (amrc.h: RiskBlock) and rendered
 * here as text and Markdown, and by emit_html.c as HTML. */
#include "alloc.h"
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#define ALL 10000 /* realised: hundredths of a percent */

/* ------------------------------------------------------------ what-if runs */

typedef struct Outcome {
  bool ok;
  Results s;
  Diags d;
} Outcome;

typedef struct R {
  Arena *a;
  const Plan *P;
  const Results *base;     /* the plan as written */
  const EmitOptions *o;
  Lang lang;
  RiskReport *rep;
  Outcome *base_run; /* the plan as written, re-checked; lazily */
  /* The reach of a what-if (reach_init): projects tied by transfers or by
   * coverage from another project's line form a part; a source's baten can
   * change no project outside the parts of its lines. Lists by part, by
   * source and by project, of indexes in the plan's order. */
  int *part_of;                  /* per project */
  int *pp_start, *pp;            /* projects per part */
  int *pl_start, *pl;            /* lines per part */
  int *pt_start, *pt;            /* transfers per part */
  int *sl_start, *sl;            /* baten lines per source */
  int *so_start, *so;            /* projects per source of their opening balance */
  int *sp_start, *sp;            /* lines per source that pays them (paying()) */
  ResultSlots slots;             /* of the part being computed; -1 elsewhere */
  int *seen;                     /* per project or part: the walk that last took it */
  int stamp;                     /* the walks so far */
} R;

#define TR(r, en, nl) ((r)->lang == LANG_EN ? (en) : (nl))
/* A project's balances in the plan as written. */
#define PR(p) project_result(r->base, (p))

static void *alloc(R *r, size_t n, size_t size) { return arena_alloc(r->a, (n ? n : 1) * size); }

/* Evaluates and checks the plan with realised (NULL: as written) into
 * results and findings of its own. */
static void run(R *r, const int32_t *realised, Outcome *out) {
  diags_init(&out->d, r->a);
  out->d.max_errors = 1000000;
  if (r->o && r->o->diags) {
    out->d.disabled = r->o->diags->disabled;
    out->d.ndisabled = r->o->diags->ndisabled;
    out->d.nl = r->o->diags->nl;
  }
  results_init(&out->s, r->P, r->a, &(Scenario){.realised = realised});
  out->ok = evaluate_and_check(r->P, &out->s, &out->d);
}

/* ------------------------------------------------------------ blocks */

static RiskBlock *block(R *r, RiskBlockKind k) {
  RiskReport *rep = r->rep;
  if (rep->n == rep->cap) {
    int cap = rep->cap ? 2 * rep->cap : 32;
    RiskBlock *b = arena_alloc(r->a, (size_t)cap * sizeof *b);
    if (rep->n)
      memcpy(b, rep->blocks, (size_t)rep->n * sizeof *b);
    rep->blocks = b;
    rep->cap = cap;
  }
  RiskBlock *b = &rep->blocks[rep->n++];
  memset(b, 0, sizeof *b);
  b->kind = k;
  return b;
}

static void heading(R *r, int level, const char *text) {
  RiskBlock *b = block(r, RISK_HEADING);
  b->level = level;
  b->text = text;
}

static RiskBlock *para(R *r, const char *text) {
  RiskBlock *b = block(r, RISK_PARA);
  b->text = text;
  return b;
}

static RiskBlock *item(R *r, int level, bool alert, const Project *p, const char *text) {
  RiskBlock *b = block(r, RISK_ITEM);
  b->level = level;
  b->alert = alert;
  b->project = p;
  b->text = text;
  return b;
}

static Grid *table(R *r, int ncols, int nlabel) {
  Grid *g = arena_alloc(r->a, sizeof *g);
  g->ncols = ncols;
  g->nlabel = nlabel;
  g->head = alloc(r, (size_t)ncols, sizeof *g->head);
  g->numeric = alloc(r, (size_t)ncols, sizeof *g->numeric);
  g->band = alloc(r, (size_t)ncols, sizeof *g->band);
  g->band_label = alloc(r, 1, sizeof *g->band_label);
  for (int c = 0; c < ncols; c++) {
    g->band[c] = -1;
    g->head[c] = "";
    g->numeric[c] = c >= nlabel;
  }
  RiskBlock *b = block(r, RISK_TABLE);
  b->table = g;
  return g;
}

static const char **trow(R *r, Grid *g, RowKind kind) {
  g->rows = arena_grow(r->a, g->rows, g->nrows, &g->caprows, sizeof *g->rows);
  const char **cells = alloc(r, (size_t)g->ncols, sizeof *cells);
  for (int i = 0; i < g->ncols; i++)
    cells[i] = "";
  g->rows[g->nrows++] = (GridRow){.kind = kind, .cells = cells};
  return cells;
}

/* ------------------------------------------------------------ words */


static int year_of(const R *r, int yi) { return r->P->first_year + yi; }
static int last_yi(const R *r) { return r->P->nyears - 1; }

static const char *eur(R *r, int64_t cents) {
  char buf[64];
  fmt_eur_nl(buf, sizeof buf, cents, false);
  return arena_strdup(r->a, buf);
}

/* "€ 1.000 + PM", "PM", "" */
static const char *amount_pm(R *r, int64_t cents, bool any, bool pm) {
  if (!any && !pm)
    return "";
  if (!any)
    return "PM";
  return pm ? arena_printf(r->a, "%s + PM", eur(r, cents)) : eur(r, cents);
}

static const char *pct(R *r, int32_t hundredths) {
  if (hundredths % 100 == 0)
    return arena_printf(r->a, "%d%%", hundredths / 100);
  return arena_printf(r->a, TR(r, "%d.%02d%%", "%d,%02d%%"), hundredths / 100, hundredths % 100);
}

static const char *status_word(R *r, SourceStatus s) {
  switch (s) {
  case STATUS_TOEGEZEGD: return TR(r, "granted", "toegezegd");
  case STATUS_AANGEVRAAGD: return TR(r, "applied for", "aangevraagd");
  case STATUS_VERWACHT: return TR(r, "expected", "verwacht");
  case STATUS_NONE: break;
  }
  return TR(r, "no status", "zonder status");
}

static bool unconfirmed(const Source *s) {
  return s && (s->status == STATUS_AANGEVRAAGD || s->status == STATUS_VERWACHT);
}

static const char *src_name(const Source *s) { return s->title ? s->title : s->id ? s->id : ""; }

static const char *src_label(R *r, const Source *s) {
  return arena_printf(r->a, "%s (%s)", src_name(s), status_word(r, s->status));
}

static const char *pname(R *r, const Project *p) {
  const char *t = p->title ? p->title : p->id ? p->id : "";
  /* a no-break space keeps "§ 3.7" on one line */
  return p->section && *p->section ? arena_printf(r->a, "%s (\xC2\xA7\xC2\xA0%s)", t, p->section) : t;
}

static const char *lname(R *r, const Line *l) {
  return arena_printf(r->a, TR(r, "line %d '%s'", "regel %d '%s'"), l->nr, l->category ? l->category : "");
}

/* "2026", "2026-2027", "2026, 2028-2029" from a mark per year */
static const char *years_text(R *r, const bool *mark) {
  const char *out = "";
  for (int y = 0; y < r->P->nyears;) {
    if (!mark[y]) {
      y++;
      continue;
    }
    int e = y;
    while (e + 1 < r->P->nyears && mark[e + 1])
      e++;
    const char *one = e > y ? arena_printf(r->a, "%d-%d", year_of(r, y), year_of(r, e))
                            : arena_printf(r->a, "%d", year_of(r, y));
    out = *out ? arena_printf(r->a, "%s, %s", out, one) : one;
    y = e + 1;
  }
  return out;
}

static const char *end_of(R *r, int yi) {
  return arena_printf(r->a, TR(r, "the end of %d", "eind %d"), year_of(r, yi));
}

/* The source a line's baten come from, directly or through a transfer, and
 * the project it came through. Coverage and transfers can form a chain as
 * long as the plan, or a cycle: followed as far as baten_source does,
 * without recursion. */
static const Source *money_source(const Plan *P, const Line *l, const Project **via) {
  *via = NULL;
  for (int depth = 0; l && depth <= 32; depth++) {
    if (l->source)
      return l->source;
    const Line *next = NULL;
    for (int i = 0; i < P->ntransfers && !next; i++) {
      const Transfer *t = P->transfers[i];
      if (t->to_line != l || !t->from_line)
        continue;
      const Line *f = t->from_line;
      if (depth == 0)
        *via = f->project;
      if (f->paid_by_source)
        return f->paid_by_source;
      if (!f->paid_by_line)
        return NULL;
      next = f->paid_by_line;
    }
    l = next;
  }
  return NULL;
}

/* ------------------------------------------------------------ balances below zero */

typedef struct Dip {
  bool any;
  bool opens;   /* the horizon opens below zero */
  int first;    /* first year index below zero */
  int worst_yi; /* -1: the opening balance */
  int64_t worst;
  int restore; /* year index whose closing is back at zero or above; -1: none */
} Dip;

static Dip dip_of(const Plan *P, const int64_t *opening, const int64_t *closing) {
  Dip d = {.first = -1, .worst_yi = -1, .restore = -1};
  int last_neg = -1;
  if (P->nyears > 0 && opening[0] < 0) {
    d.any = d.opens = true;
    d.first = 0;
    d.worst = opening[0];
  }
  for (int yi = 0; yi < P->nyears; yi++) {
    if (closing[yi] >= 0)
      continue;
    if (!d.any) {
      d.any = true;
      d.first = yi;
      d.worst = closing[yi];
      d.worst_yi = yi;
    }
    if (closing[yi] < d.worst) {
      d.worst = closing[yi];
      d.worst_yi = yi;
    }
    last_neg = yi;
  }
  if (d.any)
    d.restore = last_neg + 1 < P->nyears ? last_neg + 1 : -1;
  return d;
}

static const char *worst_text(R *r, const Dip *d) {
  if (d->worst_yi < 0)
    return arena_printf(r->a, TR(r, "%s on 1 January %d", "%s op 1 januari %d"), eur(r, d->worst),
                        year_of(r, 0));
  return arena_printf(r->a, TR(r, "%s at %s", "%s %s"), eur(r, d->worst), end_of(r, d->worst_yi));
}

/* How far and how long: "opens 2026 at -€ 944.200", "below zero at the end
 * of 2026 (-€ 16.800)", "below zero from the end of 2026 to the end of
 * 2027, lowest -€ 1.000.165 at the end of 2027". */
static const char *dip_text(R *r, const Dip *d) {
  int last = d->restore >= 0 ? d->restore - 1 : last_yi(r);
  if (d->opens && last < 0)
    return arena_printf(r->a, TR(r, "opens %d at %s", "begint %d op %s"), year_of(r, 0), eur(r, d->worst));
  if (!d->opens && last == d->first)
    return arena_printf(r->a, TR(r, "below zero at %s (%s)", "onder nul %s (%s)"), end_of(r, d->first),
                        eur(r, d->worst));
  const char *from = d->opens ? arena_printf(r->a, TR(r, "1 January %d", "1 januari %d"), year_of(r, 0))
                              : end_of(r, d->first);
  return arena_printf(r->a,
                      TR(r, "below zero from %s to %s, lowest %s", "onder nul van %s tot %s, het diepst %s"),
                      from, end_of(r, last), worst_text(r, d));
}

/* The baten that bring a balance back, largest first: "line 1 'RegioDeal'
 * (€ 532.090; RegioDeal 2.0, granted)". Sets *weak when one comes from a
 * source that is not yet confirmed. */
static const char *restorers(R *r, const Project *p, int yi, bool *weak) {
  const Plan *P = r->P;
  const Line *best[2] = {NULL, NULL};
  for (const Line *l = p->lines; l; l = l->next) {
    if (!present_at(r->base, l, SIDE_BATEN, yi) || pm_at(r->base, l, SIDE_BATEN, yi) || cents_at(r->base, l, SIDE_BATEN, yi) <= 0)
      continue;
    if (!best[0] || cents_at(r->base, l, SIDE_BATEN, yi) > cents_at(r->base, best[0], SIDE_BATEN, yi)) {
      best[1] = best[0];
      best[0] = l;
    } else if (!best[1] || cents_at(r->base, l, SIDE_BATEN, yi) > cents_at(r->base, best[1], SIDE_BATEN, yi)) {
      best[1] = l;
    }
  }
  const char *out = "";
  for (int i = 0; i < 2 && best[i]; i++) {
    const Line *l = best[i];
    const Project *via;
    const Source *s = money_source(P, l, &via);
    const char *what = eur(r, cents_at(r->base, l, SIDE_BATEN, yi));
    if (s && via)
      what = arena_printf(r->a, TR(r, "%s; %s through %s, %s", "%s; %s via %s, %s"), what, src_name(s),
                          pname(r, via), status_word(r, s->status));
    else if (s)
      what = arena_printf(r->a, "%s; %s, %s", what, src_name(s), status_word(r, s->status));
    else if (via)
      what = arena_printf(r->a, TR(r, "%s; from %s", "%s; van %s"), what, pname(r, via));
    if (unconfirmed(s))
      *weak = true;
    const char *one = arena_printf(r->a, "%s (%s)", lname(r, l), what);
    out = *out ? arena_printf(r->a, TR(r, "%s and %s", "%s en %s"), out, one) : one;
  }
  return out;
}

/* What a what-if does to one project, or NULL when its balances do not
 * change. Sets *alert when it goes or stays below zero, or its
 * pre-financing grows. */
/* What became of project p's balances: b_ as planned, s_ in the what-if. */
static const char *change_text(R *r, const Project *p, const int64_t *b_opening, const int64_t *b_closing,
                               const int64_t *s_opening, const int64_t *s_closing, bool *alert) {
  const Plan *P = r->P;
  int L = last_yi(r);
  bool changed = false;
  for (int yi = 0; yi < P->nyears; yi++)
    changed |= b_closing[yi] != s_closing[yi];
  if (!changed)
    return NULL;
  Dip db = dip_of(P, b_opening, b_closing);
  Dip ds = dip_of(P, s_opening, s_closing);
  *alert = false;
  if (ds.any && ds.restore < 0) {
    *alert = true;
    const char *t = arena_printf(
        r->a,
        TR(r, "%s falls short: below zero from %s and not restored within the plan; %s short at %s",
           "%s komt tekort: onder nul vanaf %s en niet aangevuld binnen de planperiode; %s tekort %s"),
        pname(r, p),
        ds.opens ? arena_printf(r->a, TR(r, "1 January %d", "1 januari %d"), year_of(r, 0))
                 : end_of(r, ds.first),
        eur(r, -s_closing[L]), end_of(r, L));
    if (db.any && db.restore >= 0)
      t = arena_printf(r->a, TR(r, "%s (as planned, restored at %s)", "%s (volgens plan aangevuld %s)"), t,
                       end_of(r, db.restore));
    return t;
  }
  if (ds.any && !db.any) {
    *alert = true;
    return arena_printf(r->a,
                        TR(r, "%s needs pre-financing: %s; back at zero or above at %s",
                           "%s moet worden voorgefinancierd: %s; weer op of boven nul %s"),
                        pname(r, p), dip_text(r, &ds), end_of(r, ds.restore));
  }
  if (ds.any && (ds.worst < db.worst || ds.restore > db.restore || ds.first < db.first)) {
    *alert = true;
    return arena_printf(
        r->a,
        TR(r, "%s needs more pre-financing: down to %s instead of %s, restored at %s instead of %s",
           "%s vraagt meer voorfinanciering: tot %s in plaats van %s, aangevuld %s in plaats van %s"),
        pname(r, p), worst_text(r, &ds), worst_text(r, &db), end_of(r, ds.restore), end_of(r, db.restore));
  }
  return arena_printf(r->a, TR(r, "%s: balance at %s %s instead of %s", "%s: saldo %s %s in plaats van %s"),
                      pname(r, p), end_of(r, L), eur(r, s_closing[L]), eur(r, b_closing[L]));
}

/* ------------------------------------------------------------ 1. unconfirmed funding */

static int64_t income(const R *r, const Source *s, int yi, bool *any, bool *pm) {
  int64_t sum = 0;
  for (int j = r->sl_start[s->index]; j < r->sl_start[s->index + 1]; j++) {
    const Line *l = r->P->lines[r->sl[j]];
    if (!present_at(r->base, l, SIDE_BATEN, yi))
      continue;
    if (pm_at(r->base, l, SIDE_BATEN, yi)) {
      *pm = true;
      continue;
    }
    *any = true;
    sum = money_add_sat(sum, cents_at(r->base, l, SIDE_BATEN, yi));
  }
  return sum;
}

static bool has_lines(const R *r, const Source *s) {
  return r->sl_start[s->index + 1] > r->sl_start[s->index];
}

static int32_t *realised_all(R *r) {
  int32_t *v = alloc(r, (size_t)r->P->nsources, sizeof *v);
  for (int i = 0; i < r->P->nsources; i++)
    v[i] = ALL;
  return v;
}

/* One item per project of projs (n of them, in the plan's order) whose
 * balances change, alerts first; after: the what-if's results, which hold
 * those projects. Returns the number of alerts. */
static int changes(R *r, int level, Project *const *projs, int n, const Results *after) {
  int alerts = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int j = 0; j < n; j++) {
      const Project *p = projs[j];
      bool alert = false;
      /* an annual programme's saldo is a result: no balance to run out */
      if (project_annual(r->P, p))
        continue;
      const char *t = change_text(r, p, PR(p)->opening, alloc_held(r->a, r->P, r->base, p),
                                  project_result(after, p)->opening,
                                  alloc_held(r->a, r->P, after, p), &alert);
      if (t && alert == (pass == 0)) {
        item(r, level, alert, p, t);
        alerts += alert;
      }
    }
  return alerts;
}

static const Source *paying(const Line *l);

/* Lists keys[i] (0 <= key < nkeys; -1: none) by key, each list in the
 * order of i: a counting sort into *start (nkeys + 1) and *items. */
static void by_key(R *r, const int *keys, int n, int nkeys, int **start, int **items) {
  int *st = alloc(r, (size_t)nkeys + 2, sizeof *st);
  int *it = alloc(r, (size_t)n, sizeof *it);
  for (int i = 0; i < n; i++)
    if (keys[i] >= 0)
      st[keys[i] + 2]++;
  for (int k = 0; k < nkeys; k++)
    st[k + 2] += st[k + 1];
  for (int i = 0; i < n; i++)
    if (keys[i] >= 0)
      it[st[keys[i] + 1]++] = i;
  *start = st;
  *items = it;
}

static int root(int *parent, int x) {
  while (parent[x] != x)
    x = parent[x] = parent[parent[x]];
  return x;
}

static void join(int *parent, const Project *a, const Project *b) {
  int x = root(parent, a->index), y = root(parent, b->index);
  if (x != y)
    parent[x < y ? y : x] = x < y ? x : y;
}

/* Splits the plan into the parts a what-if can reach. A line's amount
 * depends on its own cells, the lines of its project (a percentage of
 * lines) and the transfers into it; a scenario follows a grant through
 * the line that pays a transfer on (passed_on, baten_source). So transfers
 * and coverage by another project's line tie projects together, and
 * nothing else does. */
static void reach_init(R *r) {
  const Plan *P = r->P;
  int np = P->nprojects;
  int *parent = alloc(r, (size_t)np, sizeof *parent);
  for (int i = 0; i < np; i++)
    parent[i] = i;
  for (int i = 0; i < P->ntransfers; i++) {
    const Transfer *t = P->transfers[i];
    if (t->from_line && t->to_line)
      join(parent, t->from_line->project, t->to_line->project);
  }
  for (int i = 0; i < P->nlines; i++)
    if (P->lines[i]->paid_by_line)
      join(parent, P->lines[i]->project, P->lines[i]->paid_by_line->project);
  r->part_of = alloc(r, (size_t)np, sizeof *r->part_of);
  for (int i = 0; i < np; i++)
    r->part_of[i] = root(parent, i);
  by_key(r, r->part_of, np, np, &r->pp_start, &r->pp);
  int n = P->nlines > P->ntransfers ? P->nlines : P->ntransfers;
  int *keys = alloc(r, (size_t)n, sizeof *keys);
  for (int i = 0; i < P->nlines; i++)
    keys[i] = r->part_of[P->lines[i]->project->index];
  by_key(r, keys, P->nlines, np, &r->pl_start, &r->pl);
  for (int i = 0; i < P->ntransfers; i++) {
    const Transfer *t = P->transfers[i];
    keys[i] = t->from_line && t->to_line ? r->part_of[t->from_line->project->index] : -1;
  }
  by_key(r, keys, P->ntransfers, np, &r->pt_start, &r->pt);
  for (int i = 0; i < P->nlines; i++)
    keys[i] = P->lines[i]->source ? P->lines[i]->source->index : -1;
  by_key(r, keys, P->nlines, P->nsources, &r->sl_start, &r->sl);
  for (int i = 0; i < P->nlines; i++) {
    const Source *pays = paying(P->lines[i]);
    keys[i] = pays ? pays->index : -1;
  }
  by_key(r, keys, P->nlines, P->nsources, &r->sp_start, &r->sp);
  int *okeys = alloc(r, (size_t)np, sizeof *okeys);
  for (int i = 0; i < np; i++)
    okeys[i] = P->projects[i]->opening_source ? P->projects[i]->opening_source->index : -1;
  by_key(r, okeys, np, P->nsources, &r->so_start, &r->so);
  int *slots = alloc(r, (size_t)P->nlines + (size_t)np + (size_t)P->ntransfers +
                           (size_t)P->nreserves, sizeof *slots);
  memset(slots, -1, sizeof *slots * ((size_t)P->nlines + (size_t)np + (size_t)P->ntransfers +
                                     (size_t)P->nreserves));
  r->slots.line = slots;
  r->slots.project = slots + P->nlines;
  r->slots.transfer = r->slots.project + np;
  r->slots.reserve = r->slots.transfer + P->ntransfers;
  r->seen = alloc(r, (size_t)np, sizeof *r->seen);
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Gathers the indexes of the parts taken (starts/items by part) into a
 * sorted array of the tmp arena. */
static int *gather(Arena *tmp, const int *parts, int nparts, const int *start, const int *items,
                   int *n) {
  int total = 0;
  for (int j = 0; j < nparts; j++)
    total += start[parts[j] + 1] - start[parts[j]];
  int *out = arena_alloc(tmp, sizeof *out * (size_t)(total ? total : 1)), k = 0;
  for (int j = 0; j < nparts; j++)
    for (int x = start[parts[j]]; x < start[parts[j] + 1]; x++)
      out[k++] = items[x];
  qsort(out, (size_t)total, sizeof *out, cmp_int);
  *n = total;
  return out;
}

/* A what-if computed for the parts of the plan it can reach only: eval.c
 * runs on a plan of those parts (sub: the same nodes, fewer of them), in an
 * arena of its own, into results that hold those parts only (r->slots says
 * where each item is in them until reach_end). */
typedef struct Reach {
  Arena tmp;
  Plan sub;
  Diags d;
  Results res;
  bool ok;
} Reach;

/* Computes the plan with realised, which differs from the plan as written
 * for source s only. Evaluation alone: what the items say follows from the
 * balances. */
static void reach_begin(R *r, const Source *s, const int32_t *realised, Reach *w) {
  const Plan *P = r->P;
  memset(w, 0, sizeof *w);
  Arena *tmp = &w->tmp;
  int stamp = ++r->stamp;
  int nsl = r->sl_start[s->index + 1] - r->sl_start[s->index], nparts = 0;
  int *parts = arena_alloc(tmp, sizeof *parts * (size_t)(nsl ? nsl : 1));
  for (int j = r->sl_start[s->index]; j < r->sl_start[s->index + 1]; j++) {
    int part = r->part_of[P->lines[r->sl[j]]->project->index];
    if (r->seen[part] != stamp) {
      r->seen[part] = stamp;
      parts[nparts++] = part;
    }
  }
  Plan *sub = &w->sub;
  *sub = *P;
  int *pi = gather(tmp, parts, nparts, r->pp_start, r->pp, &sub->nprojects);
  int *li = gather(tmp, parts, nparts, r->pl_start, r->pl, &sub->nlines);
  int *ti = gather(tmp, parts, nparts, r->pt_start, r->pt, &sub->ntransfers);
  diags_init(&w->d, tmp);
  sub->projects = arena_alloc(tmp, sizeof *sub->projects * (size_t)(sub->nprojects + 1));
  sub->lines = arena_alloc(tmp, sizeof *sub->lines * (size_t)(sub->nlines + 1));
  sub->transfers = arena_alloc(tmp, sizeof *sub->transfers * (size_t)(sub->ntransfers + 1));
  int nres = 0;
  for (int j = 0; j < sub->nprojects; j++) {
    sub->projects[j] = P->projects[pi[j]];
    r->slots.project[pi[j]] = j;
    for (const Reserve *res = sub->projects[j]->reserves; res; res = res->next)
      r->slots.reserve[res->index] = nres++;
  }
  for (int j = 0; j < sub->nlines; j++) {
    sub->lines[j] = P->lines[li[j]];
    r->slots.line[li[j]] = j;
  }
  for (int j = 0; j < sub->ntransfers; j++) {
    sub->transfers[j] = P->transfers[ti[j]];
    r->slots.transfer[ti[j]] = j;
  }
  results_init_part(&w->res, P, sub, &r->slots, tmp, &(Scenario){.realised = realised});
  w->ok = eval_plan(sub, &w->res, &w->d);
}

/* Forgets the parts reached: their slots, and what was computed of them. */
static void reach_end(R *r, Reach *w) {
  const Plan *sub = &w->sub;
  for (int j = 0; j < sub->nlines; j++)
    r->slots.line[sub->lines[j]->index] = -1;
  for (int j = 0; j < sub->nprojects; j++) {
    r->slots.project[sub->projects[j]->index] = -1;
    for (const Reserve *res = sub->projects[j]->reserves; res; res = res->next)
      r->slots.reserve[res->index] = -1;
  }
  for (int j = 0; j < sub->ntransfers; j++)
    r->slots.transfer[sub->transfers[j]->index] = -1;
  arena_free(&w->tmp);
}

static void part_unconfirmed(R *r) {
  const Plan *P = r->P;
  heading(r, 2, TR(r, "1. Funding not yet confirmed", "1. Financiering die nog niet vaststaat"));
  int n = 0;
  for (int i = 0; i < P->nsources; i++)
    n += unconfirmed(P->sources[i]) && has_lines(r, P->sources[i]);
  if (n == 0) {
    para(r, TR(r,
               "Every source the plan's baten come from is granted or has no status: no baten wait for "
               "a decision.",
               "Alle bronnen waar de baten van de begroting uit komen, zijn toegezegd of hebben geen "
               "status: er wachten geen baten op een besluit."));
    return;
  }
  para(r, TR(r,
             "Baten from sources whose status is 'applied for' or 'expected', per year. For each, the "
             "plan is computed again without that source's baten, to show where the money would be "
             "missing; a line that passes the grant on to another project as a whole then passes on "
             "nothing either.",
             "Baten uit bronnen met de status 'aangevraagd' of 'verwacht', per jaar. Voor elke bron is de "
             "begroting opnieuw berekend zonder die baten, om te laten zien waar het geld dan ontbreekt; "
             "een regel die de subsidie in zijn geheel doorgeeft aan een ander project, geeft dan ook "
             "niets door."));
  Grid *g = table(r, 2 + P->nyears + 1, 2);
  g->head[0] = TR(r, "Source", "Bron");
  g->head[1] = "Status";
  for (int y = 0; y < P->nyears; y++)
    g->head[2 + y] = arena_printf(r->a, "%d", year_of(r, y));
  g->head[2 + P->nyears] = TR(r, "Total", "Totaal");
  int64_t col[AMR_MAX_YEARS + 1] = {0};
  bool colpm[AMR_MAX_YEARS + 1] = {0};
  for (int i = 0; i < P->nsources; i++) {
    const Source *s = P->sources[i];
    if (!unconfirmed(s) || !has_lines(r, s))
      continue;
    const char **c = trow(r, g, ROW_DATA);
    c[0] = src_name(s);
    c[1] = status_word(r, s->status);
    int64_t total = 0;
    bool tany = false, tpm = false;
    for (int y = 0; y < P->nyears; y++) {
      bool any = false, pm = false;
      int64_t v = income(r, s, y, &any, &pm);
      c[2 + y] = amount_pm(r, v, any, pm);
      total = money_add_sat(total, v);
      col[y] = money_add_sat(col[y], v);
      tany |= any;
      tpm |= pm;
      colpm[y] |= pm;
    }
    c[2 + P->nyears] = amount_pm(r, total, tany, tpm);
    col[P->nyears] = money_add_sat(col[P->nyears], total);
    colpm[P->nyears] |= tpm;
  }
  const char **t = trow(r, g, ROW_TOTAL);
  t[0] = TR(r, "Total", "Totaal");
  for (int y = 0; y <= P->nyears; y++)
    t[2 + y] = amount_pm(r, col[y], true, colpm[y]);

  int32_t *realised = realised_all(r);
  for (int i = 0; i < P->nsources; i++) {
    const Source *s = P->sources[i];
    if (!unconfirmed(s) || !has_lines(r, s))
      continue;
    realised[s->index] = 0;
    Reach w;
    reach_begin(r, s, realised, &w);
    realised[s->index] = ALL;
    if (!w.ok) {
      reach_end(r, &w);
      item(r, 1, true, NULL,
           arena_printf(r->a,
                        TR(r, "Without %s: the plan cannot be computed.",
                           "Zonder %s: de begroting is niet te berekenen."),
                        src_label(r, s)));
      continue;
    }
    RiskBlock *head =
        item(r, 1, false, NULL, arena_printf(r->a, TR(r, "Without %s:", "Zonder %s:"), src_label(r, s)));
    int alerts = changes(r, 2, w.sub.projects, w.sub.nprojects, &w.res);
    reach_end(r, &w);
    head->alert = alerts > 0;
    if (alerts == 0)
      head->text =
          arena_printf(r->a, TR(r, "%s no project falls short.", "%s geen project komt tekort."), head->text);
  }
}

/* ------------------------------------------------------------ 2. pre-financing */

/* A plan of annual programmes pre-finances nothing: nothing carries from
 * one year to the next, and what must hold is that each year balances
 * (annual.c). Its part 2 is the result of each year, in the plan's unit. */
static void part_annual_result(R *r) {
  const Plan *P = r->P;
  heading(r, 2, TR(r, "2. The budget's result per year", "2. Begrotingsresultaat per jaar"));
  Buf b = {0};
  int deficits = 0;
  for (int yi = 0; yi < P->nyears; yi++) {
    YearSplit t = {0};
    for (int i = 0; i < P->nprojects; i++) {
      YearSplit s;
      split_year(P, r->base, P->projects[i], yi, &s);
      t.overflow |= s.overflow || !money_add(t.baten, s.baten, &t.baten) ||
                    !money_add(t.lasten, s.lasten, &t.lasten) ||
                    !money_add(t.withdrawn, s.withdrawn, &t.withdrawn) ||
                    !money_add(t.added, s.added, &t.added);
    }
    int64_t res;
    if (t.overflow || !money_sub(t.baten, t.lasten, &res) || !money_add(res, t.withdrawn, &res) ||
        !money_sub(res, t.added, &res) || res >= 0)
      continue;
    buf_printf(&b, "%s%d (%s)", deficits ? ", " : "", year_of(r, yi), eur(r, -res));
    deficits++;
  }
  if (!deficits)
    para(r, TR(r, "The budget balances in every year: the baten, with the general revenue and the "
                  "withdrawals from reserves, cover the lasten and the additions to reserves.",
               "De begroting sluit in elk jaar: de baten, met de algemene dekkingsmiddelen en de "
               "onttrekkingen aan reserves, dekken de lasten en de toevoegingen aan reserves."));
  else
    para(r, arena_printf(r->a, TR(r, "The budget does not balance: a deficit in %s%s.",
                                  "De begroting sluit niet: een tekort in %s%s."),
                         b.data, unit_suffix(r->a, P, r->lang)));
  buf_free(&b);
}

static void part_prefinancing(R *r) {
  const Plan *P = r->P;
  if (plan_all_annual(P)) {
    part_annual_result(r);
    return;
  }
  heading(r, 2, TR(r, "2. Pre-financing", "2. Voorfinanciering"));
  int n = 0;
  for (int i = 0; i < P->nprojects; i++)
    n += !project_annual(P, P->projects[i]) &&
         dip_of(P, PR(P->projects[i])->opening, alloc_held(r->a, P, r->base, P->projects[i])).any;
  if (n == 0) {
    para(r, TR(r, "No project's balance goes below zero: nothing is pre-financed.",
               "Geen enkel projectsaldo komt onder nul: er wordt niets voorgefinancierd."));
    return;
  }
  para(r, TR(r,
             "Projects whose balance goes below zero: the centrumgemeente pays ahead until later baten "
             "restore the balance. The table shows the balances below zero; the total is what is "
             "pre-financed at that moment.",
             "Projecten waarvan het saldo onder nul komt: de centrumgemeente schiet voor tot latere "
             "baten het saldo aanvullen. De tabel toont de saldi onder nul; het totaal is wat op dat "
             "moment is voorgefinancierd."));
  Grid *g = table(r, 2 + P->nyears, 1);
  g->head[0] = "Project";
  g->head[1] = arena_printf(r->a, TR(r, "1 Jan %d", "1 jan %d"), year_of(r, 0));
  for (int y = 0; y < P->nyears; y++)
    g->head[2 + y] = arena_printf(r->a, TR(r, "end %d", "eind %d"), year_of(r, y));
  int64_t tot[AMR_MAX_YEARS + 1] = {0};
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    /* an annual programme's saldo is a result, never pre-financing */
    const int64_t *held = alloc_held(r->a, P, r->base, p);
    if (project_annual(P, p) || !dip_of(P, PR(p)->opening, held).any)
      continue;
    const char **c = trow(r, g, ROW_DATA);
    c[0] = pname(r, p);
    if (PR(p)->opening[0] < 0) {
      c[1] = eur(r, PR(p)->opening[0]);
      tot[0] = money_add_sat(tot[0], PR(p)->opening[0]);
    }
    for (int y = 0; y < P->nyears; y++)
      if (held[y] < 0) {
        c[2 + y] = eur(r, held[y]);
        tot[1 + y] = money_add_sat(tot[1 + y], held[y]);
      }
  }
  const char **t = trow(r, g, ROW_TOTAL);
  t[0] = TR(r, "Total pre-financed", "Totaal voorgefinancierd");
  for (int y = 0; y <= P->nyears; y++)
    t[1 + y] = eur(r, tot[y]);

  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    const int64_t *held = alloc_held(r->a, P, r->base, p);
    Dip d = dip_of(P, PR(p)->opening, held);
    if (!d.any || project_annual(P, p))
      continue;
    const char *t;
    bool alert = false;
    if (d.restore < 0) {
      alert = true;
      t = arena_printf(r->a,
                       TR(r, "%s: %s, and nothing in the plan restores it: %s short at %s.",
                          "%s: %s, en niets in de begroting vult het aan: %s tekort %s."),
                       pname(r, p), dip_text(r, &d), eur(r, -held[last_yi(r)]), end_of(r, last_yi(r)));
    } else {
      bool weak = false;
      const char *by = restorers(r, p, d.restore, &weak);
      t = arena_printf(r->a, TR(r, "%s: %s; back at %s at %s", "%s: %s; weer %s %s"), pname(r, p),
                       dip_text(r, &d), eur(r, held[d.restore]), end_of(r, d.restore));
      if (*by)
        t = arena_printf(r->a, TR(r, "%s, through %s", "%s, door %s"), t, by);
      t = arena_printf(r->a, "%s.", t);
      if (weak) {
        alert = true;
        t = arena_printf(r->a,
                         TR(r, "%s The restoring money is not yet confirmed.",
                            "%s Het geld dat het aanvult, is nog niet toegezegd."),
                         t);
      }
    }
    /* the plan's own reason, when it declares the pre-financing */
    for (const Prefinance *pf = p->prefinances; pf; pf = pf->next)
      if (pf->reason) {
        t = arena_printf(r->a, TR(r, "%s The plan says: \"%s\"", "%s De begroting: \"%s\""), t, pf->reason);
        break;
      }
    if (!p->prefinances && d.restore >= 0)
      t = arena_printf(r->a, TR(r, "%s The plan does not declare it.", "%s De begroting verklaart dit niet."),
                       t);
    item(r, 1, alert, p, t);
  }
}

/* ------------------------------------------------------------ 3. PM posts */

static const char *coverage_of(R *r, const Line *l, const bool *years, bool *none) {
  *none = false;
  if (l->paid_by_source)
    return src_label(r, l->paid_by_source);
  if (l->paid_by_line) {
    const Line *b = l->paid_by_line;
    bool pm = false;
    for (int y = 0; y < r->P->nyears; y++)
      pm |= years[y] && pm_at(r->base, b, SIDE_BATEN, y);
    const char *t = b == l ? TR(r, "its own baten", "de eigen baten")
                    : b->project == l->project
                        ? lname(r, b)
                        : arena_printf(r->a, "%s, %s", pname(r, b->project), lname(r, b));
    if (pm)
      t = arena_printf(r->a, TR(r, "%s (PM too)", "%s (ook PM)"), t);
    return t;
  }
  *none = true;
  return TR(r, "nothing named", "niets genoemd");
}

static void part_pm(R *r) {
  const Plan *P = r->P;
  heading(r, 2, TR(r, "3. PM posts", "3. PM-posten"));
  int cells = 0, lines = 0, projects = 0;
  for (int i = 0; i < P->nprojects; i++) {
    bool in_project = false;
    for (const Line *l = P->projects[i]->lines; l; l = l->next) {
      bool in_line = false;
      for (int s = 0; s < 2; s++)
        for (int y = 0; y < P->nyears; y++)
          if (present_at(r->base, l, s, y) && pm_at(r->base, l, s, y)) {
            cells++;
            in_line = true;
          }
      lines += in_line;
      in_project |= in_line;
    }
    projects += in_project;
  }
  if (cells == 0) {
    para(r, TR(r, "The plan has no PM cells: every amount is known.",
               "De begroting heeft geen PM-posten: elk bedrag is bekend."));
    return;
  }
  para(r, arena_printf(r->a,
                       TR(r,
                          "%d PM cell%s in %d line%s of %d project%s: amounts not yet known. They are "
                          "not in any total or balance; PM lasten must be covered once they are known. "
                          "B: baten PM, L: lasten PM.",
                          "%d PM-cel%s in %d regel%s van %d project%s: bedragen die nog niet bekend zijn. "
                          "Ze tellen in geen totaal of saldo mee; PM-lasten moeten worden gedekt zodra "
                          "ze bekend zijn. B: baten PM, L: lasten PM."),
                       cells, cells == 1 ? "" : TR(r, "s", "len"), lines, lines == 1 ? "" : TR(r, "s", "s"),
                       projects, projects == 1 ? "" : TR(r, "s", "en")));
  Grid *g = table(r, 2 + P->nyears + 1, 2);
  g->head[0] = "Project";
  g->head[1] = TR(r, "Line", "Regel");
  for (int y = 0; y < P->nyears; y++)
    g->head[2 + y] = arena_printf(r->a, "%d", year_of(r, y));
  g->head[2 + P->nyears] = TR(r, "Covered by", "Dekking");
  g->numeric[2 + P->nyears] = false;
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    bool first = true;
    for (const Line *l = p->lines; l; l = l->next) {
      bool any = false, lasten[AMR_MAX_YEARS] = {0};
      for (int s = 0; s < 2; s++)
        for (int y = 0; y < P->nyears; y++)
          any |= present_at(r->base, l, s, y) && pm_at(r->base, l, s, y);
      if (!any)
        continue;
      const char **c = trow(r, g, ROW_DATA);
      c[0] = first ? pname(r, p) : "";
      first = false;
      c[1] = arena_printf(r->a, "%d %s", l->nr, l->category ? l->category : "");
      bool has_lasten = false;
      for (int y = 0; y < P->nyears; y++) {
        bool b = present_at(r->base, l, SIDE_BATEN, y) && pm_at(r->base, l, SIDE_BATEN, y);
        bool la = present_at(r->base, l, SIDE_LASTEN, y) && pm_at(r->base, l, SIDE_LASTEN, y);
        lasten[y] = la;
        has_lasten |= la;
        c[2 + y] = b && la ? "B, L" : b ? "B" : la ? "L" : "";
      }
      bool none = false;
      if (has_lasten) {
        c[2 + P->nyears] = coverage_of(r, l, lasten, &none);
        if (none)
          item(r, 1, true, p,
               arena_printf(r->a,
                            TR(r, "%s, %s: PM lasten in %s and nothing named that will cover them.",
                               "%s, %s: PM-lasten in %s en niets genoemd dat ze dekt."),
                            pname(r, p), lname(r, l), years_text(r, lasten)));
      } else {
        c[2 + P->nyears] = TR(r, "(unknown income)", "(onbekende inkomsten)");
      }
    }
  }
}

/* ------------------------------------------------------------ 4. earmarked money paid back */

static const Source *paying(const Line *l) {
  if (l->paid_by_source)
    return l->paid_by_source;
  return l->paid_by_line ? l->paid_by_line->source : NULL;
}

/* Adds what lasten line l spends per year; a PM year is marked, not added. */
static void spend(const R *r, const Line *l, int64_t *spent, bool *pm_years, bool *any_pm) {
  const Plan *P = r->P;
  for (int y = 0; y < P->nyears; y++) {
    if (!present_at(r->base, l, SIDE_LASTEN, y))
      continue;
    if (pm_at(r->base, l, SIDE_LASTEN, y)) {
      pm_years[y] = *any_pm = true;
      continue;
    }
    spent[y] = money_add_sat(spent[y], cents_at(r->base, l, SIDE_LASTEN, y));
  }
}

static void part_repay(R *r) {
  const Plan *P = r->P;
  heading(r, 2,
          TR(r, "4. Earmarked money that is paid back when unspent",
             "4. Geoormerkt geld dat terug moet als het niet wordt besteed"));
  int n = 0;
  for (int i = 0; i < P->nsources; i++) {
    const Source *s = P->sources[i];
    if (!s->rules.repay_unspent)
      continue;
    int si = s->index;
    if (!has_lines(r, s) && r->so_start[si + 1] == r->so_start[si])
      continue;
    if (n++ == 0)
      para(r, TR(r,
                 "Sources that must be paid back when they are not spent in the year: any "
                 "underspending of the lasten they pay is money the region loses.",
                 "Bronnen die terugbetaald moeten worden als ze niet in het jaar worden besteed: elke "
                 "onderbesteding van de lasten die ze betalen, is geld dat de regio kwijtraakt."));
    /* what check.c counts: income, and the lasten it pays */
    int64_t in[AMR_MAX_YEARS] = {0}, spent[AMR_MAX_YEARS] = {0};
    bool pm_years[AMR_MAX_YEARS] = {0}, any_pm = false;
    for (int j = r->so_start[si]; j < r->so_start[si + 1]; j++) {
      const Project *p = P->projects[r->so[j]];
      if (PR(p)->opening[0] > 0)
        in[0] = money_add_sat(in[0], PR(p)->opening[0]);
    }
    for (int j = r->sl_start[si]; j < r->sl_start[si + 1]; j++) {
      const Line *l = P->lines[r->sl[j]];
      for (int y = 0; y < P->nyears; y++)
        if (present_at(r->base, l, SIDE_BATEN, y) && !pm_at(r->base, l, SIDE_BATEN, y))
          in[y] = money_add_sat(in[y], cents_at(r->base, l, SIDE_BATEN, y));
    }
    /* The lasten it pays: those that name it (paid by), or when none does,
     * those that name nothing in the projects that receive it (as baten
     * or as their opening balance). */
    if (r->sp_start[si + 1] > r->sp_start[si]) {
      for (int j = r->sp_start[si]; j < r->sp_start[si + 1]; j++)
        spend(r, P->lines[r->sp[j]], spent, pm_years, &any_pm);
    } else {
      int stamp = ++r->stamp, nrecv = 0;
      int *recv = alloc(r, (size_t)(r->sl_start[si + 1] - r->sl_start[si]) +
                               (size_t)(r->so_start[si + 1] - r->so_start[si]) + 1, sizeof *recv);
      for (int j = r->so_start[si]; j < r->so_start[si + 1]; j++)
        if (r->seen[r->so[j]] != stamp)
          r->seen[r->so[j]] = stamp, recv[nrecv++] = r->so[j];
      for (int j = r->sl_start[si]; j < r->sl_start[si + 1]; j++) {
        int pi = P->lines[r->sl[j]]->project->index;
        if (r->seen[pi] != stamp)
          r->seen[pi] = stamp, recv[nrecv++] = pi;
      }
      qsort(recv, (size_t)nrecv, sizeof *recv, cmp_int);  /* the plan's order */
      for (int j = 0; j < nrecv; j++)
        for (const Line *l = P->projects[recv[j]]->lines; l; l = l->next)
          if (!l->paid_by)
            spend(r, l, spent, pm_years, &any_pm);
    }
    const char *reason = NULL;
    for (const Accept *a = s->accepts; a && !reason; a = a->next)
      if (a->name && strcmp(a->name, "unspent-earmarked") == 0)
        reason = a->reason;
    const char *flow = "";
    const char *left_text = "";
    int64_t left = 0;
    bool alert = false;
    for (int y = 0; y < P->nyears; y++) {
      left = money_add_sat(left, in[y]);
      if (in[y] || spent[y])
        flow = arena_printf(r->a,
                            TR(r, "%s%s%d: %s available, %s planned to be spent",
                               "%s%s%d: %s beschikbaar, %s begroot om te besteden"),
                            flow, *flow ? "; " : "", year_of(r, y), eur(r, left), eur(r, spent[y]));
      left = money_sub_sat(left, spent[y]);
      if (left > 0) {
        alert = true;
        left_text = arena_printf(r->a, TR(r, "%s%s%s at %s", "%s%s%s %s"), left_text, *left_text ? ", " : "",
                                 eur(r, left), end_of(r, y));
        left = 0;
      } else if (left < 0) {
        left = 0;
      }
    }
    const char *t = arena_printf(r->a, "%s: %s.", src_label(r, s), flow);
    if (alert) {
      t = arena_printf(r->a, TR(r, "%s Left unspent and paid back: %s.", "%s Blijft over en gaat terug: %s."),
                       t, left_text);
      if (reason)
        t = arena_printf(r->a,
                         TR(r, "%s The plan accepts it: \"%s\"", "%s De begroting aanvaardt dit: \"%s\""), t,
                         reason);
    } else {
      t = arena_printf(r->a,
                       TR(r, "%s All of it is planned to be spent; what is not, is paid back.",
                          "%s Alles is begroot om te besteden; wat niet wordt besteed, gaat terug."),
                       t);
    }
    if (any_pm)
      t = arena_printf(r->a,
                       TR(r, "%s PM lasten in %s: not counted as spending until they are known.",
                          "%s PM-lasten in %s: tellen pas als besteding mee als ze bekend zijn."),
                       t, years_text(r, pm_years));
    item(r, 1, alert, NULL, t);
  }
  if (n == 0)
    para(r, TR(r, "No source in the plan must be paid back when unspent.",
               "Geen bron in de begroting hoeft te worden terugbetaald als ze niet wordt besteed."));
}

/* ------------------------------------------------------------ 5. guarantees */

static int64_t reserved_at(const R *r, int yi, const Project **who) {
  const Plan *P = r->P;
  int64_t sum = 0;
  for (int i = 0; i < P->nprojects; i++)
    for (const Reserve *res = P->projects[i]->reserves; res; res = res->next)
      if (reserve_present(r->base, res, yi)) {
        sum = money_add_sat(sum, reserve_cents(r->base, res, yi));
        if (who)
          *who = P->projects[i];
      }
  return sum;
}

static void part_guarantees(R *r) {
  const Plan *P = r->P;
  heading(r, 2, TR(r, "5. Guarantees", "5. Garantstellingen"));
  /* exposure: baten of sources paid after settlement, still to arrive after
   * each year's end */
  int nexp = 0;
  for (int i = 0; i < P->nsources; i++)
    nexp += P->sources[i]->rules.after_settlement && has_lines(r, P->sources[i]);
  bool any_reserve = false;
  for (int i = 0; i < P->nprojects; i++)
    any_reserve |= P->projects[i]->reserves != NULL;
  if (!any_reserve && nexp == 0) {
    para(r, TR(r, "The plan reserves nothing as a guarantee and has no grants paid after settlement.",
               "De begroting reserveert niets als garantie en heeft geen subsidies die pas na "
               "vaststelling worden uitbetaald."));
    return;
  }
  para(r, TR(r,
             "Part of a balance can be reserved as a guarantee for grants paid after settlement "
             "(vaststelling): if they are realised for less, the costs already made must be paid from "
             "the reservation. The table sets what is reserved at each year's end against what is "
             "still to arrive after it.",
             "Een deel van een saldo kan gereserveerd zijn als garantie voor subsidies die pas na "
             "vaststelling worden uitbetaald: valt de realisatie lager uit, dan moeten de al gemaakte "
             "kosten uit de reservering worden betaald. De tabel zet wat eind van elk jaar gereserveerd "
             "is tegenover wat daarna nog moet binnenkomen."));
  Grid *g = table(r, 1 + P->nyears, 1);
  g->head[0] = "";
  for (int y = 0; y < P->nyears; y++)
    g->head[1 + y] = arena_printf(r->a, TR(r, "end %d", "eind %d"), year_of(r, y));
  int64_t exposure[AMR_MAX_YEARS] = {0};
  for (int i = 0; i < P->nsources; i++) {
    const Source *s = P->sources[i];
    if (!s->rules.after_settlement || !has_lines(r, s))
      continue;
    int64_t per[AMR_MAX_YEARS] = {0};
    bool shown = false;
    for (int y = 0; y < P->nyears; y++)
      for (int later = y + 1; later < P->nyears; later++) {
        bool any = false, pm = false;
        per[y] = money_add_sat(per[y], income(r, s, later, &any, &pm));
      }
    for (int y = 0; y < P->nyears; y++)
      shown |= per[y] != 0;
    if (!shown)
      continue;
    const char **c = trow(r, g, ROW_DATA);
    c[0] = arena_printf(r->a, TR(r, "Still to arrive: %s", "Nog te ontvangen: %s"), src_label(r, s));
    for (int y = 0; y < P->nyears; y++) {
      c[1 + y] = per[y] ? eur(r, per[y]) : "";
      exposure[y] = money_add_sat(exposure[y], per[y]);
    }
  }
  const char **t = trow(r, g, ROW_TOTAL);
  t[0] = TR(r, "Still to arrive after settlement", "Nog te ontvangen na vaststelling");
  for (int y = 0; y < P->nyears; y++)
    t[1 + y] = eur(r, exposure[y]);
  for (int i = 0; i < P->nprojects; i++)
    for (const Reserve *res = P->projects[i]->reserves; res; res = res->next) {
      const char **c = trow(r, g, ROW_DATA);
      c[0] = arena_printf(r->a, "%s (%s)",
                          res->title  ? res->title
                          : res->name ? res->name
                                      : "",
                          pname(r, P->projects[i]));
      for (int y = 0; y < P->nyears; y++)
        c[1 + y] = reserve_present(r->base, res, y) ? eur(r, reserve_cents(r->base, res, y)) : "";
    }
  if (any_reserve) {
    const char **c = trow(r, g, ROW_DATA);
    c[0] = TR(r, "Reserved as a share of what is to arrive", "Gereserveerd als deel van nog te ontvangen");
    for (int y = 0; y < P->nyears; y++) {
      int64_t res = reserved_at(r, y, NULL);
      if (exposure[y] > 0)
        c[1 + y] = pct(r, (int32_t)div_round((i128)res * 10000, exposure[y]));
    }
  }
  /* the tightest year: the lowest share reserved */
  int tight = -1;
  for (int y = 0; y < P->nyears; y++) {
    if (exposure[y] <= 0)
      continue;
    int64_t res = reserved_at(r, y, NULL);
    if (tight < 0 || (i128)res * exposure[tight] < (i128)reserved_at(r, tight, NULL) * exposure[y])
      tight = y;
  }
  if (!any_reserve) {
    item(r, 1, true, NULL,
         TR(r,
            "Nothing is reserved against grants that are still to arrive: a lower realisation falls on "
            "the projects' balances.",
            "Er is niets gereserveerd tegenover subsidies die nog moeten binnenkomen: een lagere "
            "realisatie komt ten laste van de projectsaldi."));
  } else if (tight >= 0 && reserved_at(r, tight, NULL) >= exposure[tight]) {
    item(r, 1, false, NULL,
         arena_printf(r->a,
                      TR(r,
                         "In every year the reservation is at least what is still to arrive: it covers "
                         "even a grant that is not paid at all.",
                         "In elk jaar is de reservering minstens zo groot als wat nog moet binnenkomen: ze "
                         "dekt zelfs een subsidie die helemaal niet wordt uitbetaald.")));
  } else if (tight >= 0) {
    int64_t res = reserved_at(r, tight, NULL);
    int32_t share = (int32_t)div_round((i128)res * 10000, exposure[tight]);
    item(r, 1, false, NULL,
         arena_printf(r->a,
                      TR(r,
                         "The tightest year is %d: at the end of %d, %s is reserved against %s still to "
                         "arrive, enough if those grants are realised for at least %s.",
                         "Het krapste jaar is %d: eind %d is %s gereserveerd tegenover %s die nog moet "
                         "binnenkomen, genoeg als die subsidies voor ten minste %s worden gerealiseerd."),
                      year_of(r, tight), year_of(r, tight), eur(r, res), eur(r, exposure[tight]),
                      pct(r, 10000 - share)));
  }
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    for (int y = 0; y < P->nyears; y++) {
      int64_t res = 0;
      bool any = false;
      for (const Reserve *rv = p->reserves; rv; rv = rv->next)
        if (reserve_present(r->base, rv, y)) {
          res = money_add_sat(res, reserve_cents(r->base, rv, y));
          any = true;
        }
      if (any && res > PR(p)->closing[y])
        item(r, 1, true, p,
             arena_printf(r->a,
                          TR(r, "%s reserves %s at %s but its balance is only %s.",
                             "%s reserveert %s %s, maar het saldo is maar %s."),
                          pname(r, p), eur(r, res), end_of(r, y), eur(r, PR(p)->closing[y])));
    }
  }
}

/* ------------------------------------------------------------ 6. scenario */

/* A finding of a what-if in the paragraph's language, named by its project
 * and line as the tables name them. */
static void finding_item(R *r, const Diag *d) {
  const Project *p = NULL;
  int nr = d->line;
  for (int i = 0; d->project && i < r->P->nprojects && !p; i++)
    if (strcmp(r->P->projects[i]->id, d->project) == 0)
      p = r->P->projects[i];
  /* else the project and line its place is in: the last of them that
   * starts before it in its file (a line only when it is the project's) */
  const Line *at = NULL;
  for (int i = 0; !p && d->loc.file && i < r->P->nprojects; i++) {
    const Project *q = r->P->projects[i];
    if (q->loc.file != d->loc.file || q->loc.begin > d->loc.begin)
      continue;
    for (const Line *l = q->lines; l; l = l->next)
      if (l->loc.file == d->loc.file && l->loc.begin <= d->loc.begin &&
          (!at || l->loc.begin > at->loc.begin))
        at = l;
  }
  for (int i = 0; !p && d->loc.file && i < r->P->nprojects; i++) {
    const Project *q = r->P->projects[i];
    if (q->loc.file == d->loc.file && q->loc.begin <= d->loc.begin &&
        (!p || q->loc.begin > p->loc.begin))
      p = q;
  }
  if (at && at->project == p && nr <= 0)
    nr = at->nr;
  const char *msg = diag_text(d, r->lang == LANG_NL);
  const char *text;
  if (!p)
    text = arena_printf(r->a, TR(r, "New finding (%s): %s", "Nieuwe bevinding (%s): %s"), d->name, msg);
  else if (nr > 0)
    text = arena_printf(r->a, TR(r, "New finding in %s, line %d (%s): %s",
                                 "Nieuwe bevinding bij %s, regel %d (%s): %s"),
                        pname(r, p), nr, d->name, msg);
  else
    text = arena_printf(r->a, TR(r, "New finding in %s (%s): %s", "Nieuwe bevinding bij %s (%s): %s"),
                        pname(r, p), d->name, msg);
  item(r, 1, d->sev == SEV_ERROR, p, text);
}

static bool same_diag(const Diag *a, const Diag *b) {
  return a->name == b->name && a->loc.file == b->loc.file && a->loc.begin == b->loc.begin &&
         strcmp(a->msg, b->msg) == 0;
}

/* Findings of a what-if that the plan as written does not have. Balances
 * are described above them, and the plan's stated totals cannot hold when
 * amounts change, so those are left out. */
static bool worth_listing(const Diag *g) {
  static const char *const skip[] = {"expectation", "expectation-tolerance", "prefinancing",  "shortfall",
                                     "reservation", "rule-tolerance",        "unused-accept", NULL};
  if (g->sev == SEV_NOTE || g->accepted)
    return false;
  for (int i = 0; skip[i]; i++)
    if (strcmp(g->name, skip[i]) == 0)
      return false;
  return true;
}

static void part_scenario(R *r) {
  const Plan *P = r->P;
  const EmitOptions *o = r->o;
  int32_t *v = realised_all(r);
  const char *desc = "";
  for (int i = 0; i < o->nscenario; i++) {
    const Source *s = plan_source(P, o->scenario[i].source);
    if (!s)
      continue;
    v[s->index] = o->scenario[i].realised;
    const char *one =
        arena_printf(r->a, TR(r, "%s at %s", "%s voor %s"), src_name(s), pct(r, o->scenario[i].realised));
    desc = *desc ? arena_printf(r->a, TR(r, "%s, %s", "%s, %s"), desc, one) : one;
  }
  heading(r, 2, arena_printf(r->a, TR(r, "6. Scenario: %s", "6. Scenario: %s"), desc));
  para(r, TR(r,
             "The plan computed again with these sources realised at these percentages. A line that "
             "passes such a grant on to another project as a whole (a transfer of the line, paid by the "
             "grant's baten line) changes with it; all other lasten stay as planned, so the project "
             "that makes the costs carries the difference.",
             "De begroting opnieuw berekend met deze bronnen gerealiseerd voor deze percentages. Een "
             "regel die zo'n subsidie in zijn geheel doorgeeft aan een ander project (een overdracht van "
             "de regel, betaald uit de batenregel van de subsidie) verandert mee; alle andere lasten "
             "blijven zoals begroot, dus het project dat de kosten maakt, draagt het verschil."));
  if (!r->base_run) {
    r->base_run = arena_alloc(r->a, sizeof *r->base_run);
    run(r, NULL, r->base_run);
  }
  Outcome out;
  run(r, v, &out);
  if (!out.ok) {
    item(r, 1, true, NULL,
         TR(r, "The plan cannot be computed in this scenario.",
            "De begroting is in dit scenario niet te berekenen."));
    return;
  }

  /* baten that do not come in */
  Grid *g = table(r, 1 + P->nyears + 1, 1);
  g->head[0] = TR(r, "Baten that do not come in", "Baten die niet binnenkomen");
  for (int y = 0; y < P->nyears; y++)
    g->head[1 + y] = arena_printf(r->a, "%d", year_of(r, y));
  g->head[1 + P->nyears] = TR(r, "Total", "Totaal");
  int64_t lost_total[AMR_MAX_YEARS + 1] = {0};
  for (int i = 0; i < o->nscenario; i++) {
    const Source *s = plan_source(P, o->scenario[i].source);
    if (!s)
      continue;
    const char **c = trow(r, g, ROW_DATA);
    c[0] = src_label(r, s);
    int64_t sum = 0;
    for (int y = 0; y < P->nyears; y++) {
      int64_t lost = 0;
      for (int k = 0; k < P->nlines; k++) {
        const Line *l = P->lines[k];
        if (l->source != s || !present_at(r->base, l, SIDE_BATEN, y) || pm_at(r->base, l, SIDE_BATEN, y))
          continue;
        int64_t d;
        d = money_sub_sat(cents_at(r->base, l, SIDE_BATEN, y), cents_at(&out.s, l, SIDE_BATEN, y));
        lost = money_add_sat(lost, d);
      }
      c[1 + y] = eur(r, lost);
      sum = money_add_sat(sum, lost);
      lost_total[y] = money_add_sat(lost_total[y], lost);
    }
    c[1 + P->nyears] = eur(r, sum);
    lost_total[P->nyears] = money_add_sat(lost_total[P->nyears], sum);
  }
  if (o->nscenario > 1) {
    const char **t = trow(r, g, ROW_TOTAL);
    t[0] = TR(r, "Total", "Totaal");
    for (int y = 0; y <= P->nyears; y++)
      t[1 + y] = eur(r, lost_total[y]);
  }

  /* closing balances that change */
  bool any_change = false;
  for (int i = 0; i < P->nprojects && !any_change; i++)
    for (int y = 0; y < P->nyears; y++)
      any_change |= PR(P->projects[i])->closing[y] != project_result(&out.s, P->projects[i])->closing[y];
  if (any_change) {
    Grid *b = table(r, 2 + P->nyears, 2);
    b->head[0] = "Project";
    b->head[1] = "";
    for (int y = 0; y < P->nyears; y++)
      b->head[2 + y] = arena_printf(r->a, TR(r, "end %d", "eind %d"), year_of(r, y));
    for (int i = 0; i < P->nprojects; i++) {
      bool changed = false;
      for (int y = 0; y < P->nyears; y++)
        changed |= PR(P->projects[i])->closing[y] != project_result(&out.s, P->projects[i])->closing[y];
      if (!changed)
        continue;
      const char **c1 = trow(r, b, ROW_DATA);
      const char **c2 = trow(r, b, ROW_DATA);
      c1[0] = pname(r, P->projects[i]);
      c1[1] = TR(r, "as planned", "begroot");
      c2[1] = "scenario";
      for (int y = 0; y < P->nyears; y++) {
        c1[2 + y] = eur(r, PR(P->projects[i])->closing[y]);
        c2[2 + y] = eur(r, project_result(&out.s, P->projects[i])->closing[y]);
      }
    }
  }

  heading(r, 3, TR(r, "What breaks", "Wat er breekt"));
  int alerts = changes(r, 1, P->projects, P->nprojects, &out.s);

  /* reservations larger than the balance they are taken from */
  for (int i = 0; i < P->nprojects; i++) {
    const Project *p = P->projects[i];
    const ProjectResult *after = project_result(&out.s, p);
    for (int y = 0; y < P->nyears; y++) {
      int64_t reserved = 0;
      bool any = false;
      for (const Reserve *res = p->reserves; res; res = res->next)
        if (reserve_present(&out.s, res, y)) {
          reserved = money_add_sat(reserved, reserve_cents(&out.s, res, y));
          any = true;
        }
      if (any && reserved > after->closing[y]) {
        alerts++;
        item(r, 1, true, p,
             arena_printf(r->a,
                          TR(r, "%s reserves %s at %s but its balance is only %s.",
                             "%s reserveert %s %s, maar het saldo is maar %s."),
                          pname(r, p), eur(r, reserved), end_of(r, y), eur(r, after->closing[y])));
      }
    }
  }

  /* the guarantee against what is short at the end */
  int L = last_yi(r);
  int64_t short_end = 0;
  for (int i = 0; i < P->nprojects; i++) {
    const ProjectResult *after = project_result(&out.s, P->projects[i]);
    if (after->closing[L] < 0 && dip_of(P, after->opening, after->closing).restore < 0)
      short_end = money_sub_sat(short_end, after->closing[L]);
  }
  int64_t reserved = reserved_at(r, L, NULL);
  if (short_end > 0 && reserved > 0) {
    bool enough = reserved >= short_end;
    alerts += !enough;
    item(r, 1, !enough, NULL,
         arena_printf(r->a,
                      enough ? TR(r,
                                  "The shortfalls at %s (%s in all) fit in the guarantee reserved then "
                                  "(%s), which would be used for them.",
                                  "De tekorten %s (samen %s) passen in de garantstelling die dan "
                                  "gereserveerd is (%s), die ervoor zou worden aangesproken.")
                             : TR(r,
                                  "The shortfalls at %s (%s in all) exceed the guarantee reserved then "
                                  "(%s).",
                                  "De tekorten %s (samen %s) zijn groter dan de garantstelling die dan "
                                  "gereserveerd is (%s)."),
                      end_of(r, L), eur(r, short_end), eur(r, reserved)));
  }

  /* findings of the check that the plan as written does not give */
  for (const Diag *d = out.d.head; d; d = d->next) {
    if (!worth_listing(d))
      continue;
    bool old = false;
    for (const Diag *b = r->base_run->d.head; b && !old; b = b->next)
      old = same_diag(b, d);
    if (old)
      continue;
    alerts += d->sev == SEV_ERROR;
    finding_item(r, d);
  }
  if (alerts == 0)
    item(r, 1, false, NULL,
         TR(r, "Nothing breaks: no project goes or stays below zero without being restored.",
            "Er breekt niets: geen project komt of blijft onder nul zonder te worden aangevuld."));
}

/* ------------------------------------------------------------ the report */

RiskReport *risk_report(Arena *a, const Plan *plan, const Results *res, const EmitOptions *o) {
  R r = {.a = a, .P = plan, .base = res, .o = o, .lang = o ? o->lang : LANG_NL};
  r.rep = arena_alloc(a, sizeof *r.rep);
  const char *title = grid_plan_title(plan);
  heading(&r, 1,
          title ? arena_printf(a, TR(&r, "Risk paragraph: %s", "Risicoparagraaf: %s"), title)
                : TR(&r, "Risk paragraph", "Risicoparagraaf"));
  if (!res->evaluated || plan->nyears <= 0 || plan->nyears > AMR_MAX_YEARS) {
    para(&r, TR(&r, "The plan could not be computed, so its risks cannot be either.",
                "De begroting kon niet worden berekend, en de risico's dus ook niet."));
    return r.rep;
  }
  reach_init(&r);
  /* a plan of annual programmes has programmes, as its tables say */
  para(&r, arena_printf(a,
                        plan_all_annual(plan)
                            ? TR(&r,
                                 "Computed by amrc from the programme tables of %d-%d: every amount "
                                 "follows from the plan, none is typed in.",
                                 "Berekend door amrc uit de programmatabellen van %d-%d: elk bedrag "
                                 "volgt uit de begroting, geen enkel is overgetypt.")
                            : TR(&r,
                                 "Computed by amrc from the project tables of %d-%d: every amount follows "
                                 "from the plan, none is typed in.",
                                 "Berekend door amrc uit de projecttabellen van %d-%d: elk bedrag volgt uit de "
                                 "begroting, geen enkel is overgetypt."),
                        plan->first_year, plan->first_year + plan->nyears - 1));
  part_unconfirmed(&r);
  part_prefinancing(&r);
  part_pm(&r);
  part_repay(&r);
  part_guarantees(&r);
  if (o && o->nscenario > 0)
    part_scenario(&r);
  return r.rep;
}

/* ------------------------------------------------------------ text */

enum { WIDTH = 78, CELL_MAX = 36, CELL_MIN = 16, TABLE_MAX = 110 };

/* Appends text wrapped at width: the first line starts with first, the
 * others with hang (both count toward the width). */
static void wrap(Arena *a, Buf *out, const char *text, int width, const char *first, const char *hang) {
  const char *s = text_clean(a, text);
  const char *lead = first;
  int col = 0;
  bool start = true;
  while (*s) {
    while (*s == ' ')
      s++;
    if (!*s)
      break;
    const char *e = s;
    while (*e && *e != ' ')
      e++;
    /* "€ 1.000" and "-€ 1.000" stay on one line */
    if (e - s >= 3 && memcmp(e - 3, "\xE2\x82\xAC", 3) == 0 && e[0] == ' ' && e[1] && e[1] != ' ') {
      e++;
      while (*e && *e != ' ')
        e++;
    }
    char *word = arena_strndup(a, s, (size_t)(e - s));
    int w = utf8_width(word);
    if (start) {
      buf_puts(out, lead);
      col = utf8_width(lead);
      start = false;
    } else if (col + 1 + w > width) {
      buf_putc(out, '\n');
      buf_puts(out, hang);
      col = utf8_width(hang);
    } else {
      buf_putc(out, ' ');
      col++;
    }
    buf_puts(out, word);
    col += w;
    s = e;
  }
  if (start)
    buf_puts(out, lead);
  buf_putc(out, '\n');
}

/* The lines of one cell wrapped at max columns. */
static int cell_lines(Arena *a, const char *s, int max, const char ***lines) {
  Buf b = {0};
  wrap(a, &b, s, max, "", "");
  int n = 0;
  for (size_t i = 0; i < b.len; i++)
    n += b.data[i] == '\n';
  *lines = arena_alloc(a, (size_t)(n ? n : 1) * sizeof **lines);
  int k = 0;
  size_t st = 0;
  for (size_t i = 0; i < b.len; i++)
    if (b.data[i] == '\n') {
      (*lines)[k++] = arena_strndup(a, b.data + st, i - st);
      st = i + 1;
    }
  buf_free(&b);
  if (k == 0)
    (*lines)[k++] = "";
  return k;
}

static void pad(Buf *out, int n) {
  for (int i = 0; i < n; i++)
    buf_putc(out, ' ');
}

static void trim_nl(Buf *out) {
  while (out->len > 0 && out->data[out->len - 1] == ' ')
    out->len--;
  buf_putc(out, '\n');
}

static void text_table(Arena *a, const Grid *g, Buf *out) {
  int nc = g->ncols;
  int *w = arena_alloc(a, (size_t)nc * sizeof *w);
  for (int c = 0; c < nc; c++)
    w[c] = utf8_width(text_clean(a, g->head[c]));
  for (int rr = 0; rr < g->nrows; rr++)
    for (int c = 0; c < nc; c++) {
      if (g->rows[rr].kind == ROW_GROUP)
        continue;
      int cw = utf8_width(text_clean(a, g->rows[rr].cells[c]));
      if (!g->numeric[c] && cw > CELL_MAX)
        cw = CELL_MAX;
      w[c] = cw > w[c] ? cw : w[c];
    }
  int total = 0;
  for (int c = 0; c < nc; c++)
    total += (c ? 2 : 0) + w[c];
  /* too wide: narrow the widest text column, one column at a time */
  while (total > TABLE_MAX) {
    int widest = -1;
    for (int c = 0; c < nc; c++)
      if (!g->numeric[c] && w[c] > CELL_MIN && (widest < 0 || w[c] > w[widest]))
        widest = c;
    if (widest < 0)
      break;
    w[widest]--;
    total--;
  }
  for (int c = 0; c < nc; c++) {
    if (c)
      pad(out, 2);
    const char *h = text_clean(a, g->head[c]);
    int hw = utf8_width(h);
    if (g->numeric[c])
      pad(out, w[c] - hw);
    buf_puts(out, h);
    if (!g->numeric[c])
      pad(out, w[c] - hw);
  }
  trim_nl(out);
  for (int i = 0; i < total; i++)
    buf_putc(out, '-');
  buf_putc(out, '\n');
  for (int rr = 0; rr < g->nrows; rr++) {
    const GridRow *row = &g->rows[rr];
    if (row->kind == ROW_TOTAL) {
      for (int i = 0; i < total; i++)
        buf_putc(out, '-');
      buf_putc(out, '\n');
    }
    if (row->kind == ROW_GROUP) {
      buf_puts(out, text_clean(a, row->cells[0]));
      trim_nl(out);
      continue;
    }
    const char ***lines = arena_alloc(a, (size_t)nc * sizeof *lines);
    int *nl = arena_alloc(a, (size_t)nc * sizeof *nl);
    int height = 1;
    for (int c = 0; c < nc; c++) {
      if (g->numeric[c]) {
        lines[c] = arena_alloc(a, sizeof **lines);
        lines[c][0] = text_clean(a, row->cells[c]);
        nl[c] = 1;
      } else {
        nl[c] = cell_lines(a, row->cells[c], w[c], &lines[c]);
      }
      height = nl[c] > height ? nl[c] : height;
    }
    for (int i = 0; i < height; i++) {
      for (int c = 0; c < nc; c++) {
        if (c)
          pad(out, 2);
        const char *t = i < nl[c] ? lines[c][i] : "";
        int tw = utf8_width(t);
        if (g->numeric[c])
          pad(out, w[c] - tw);
        buf_puts(out, t);
        if (!g->numeric[c])
          pad(out, w[c] - tw);
      }
      trim_nl(out);
    }
  }
}

static void render_text(Arena *a, const RiskReport *rep, Buf *out) {
  for (int i = 0; i < rep->n; i++) {
    const RiskBlock *b = &rep->blocks[i];
    bool next_item = i + 1 < rep->n && rep->blocks[i + 1].kind == RISK_ITEM;
    switch (b->kind) {
    case RISK_HEADING: {
      const char *t = text_clean(a, b->text);
      buf_puts(out, t);
      buf_putc(out, '\n');
      if (b->level <= 2) {
        int n = utf8_width(t);
        for (int k = 0; k < n; k++)
          buf_putc(out, b->level == 1 ? '=' : '-');
        buf_putc(out, '\n');
      }
      buf_putc(out, '\n');
      break;
    }
    case RISK_PARA:
      wrap(a, out, b->text, WIDTH, "", "");
      buf_putc(out, '\n');
      break;
    case RISK_ITEM: {
      const char *lead = b->level > 1 ? (b->alert ? "  ! " : "  - ") : (b->alert ? "! " : "- ");
      wrap(a, out, b->text, WIDTH, lead, b->level > 1 ? "    " : "  ");
      if (!next_item)
        buf_putc(out, '\n');
      break;
    }
    case RISK_TABLE:
      text_table(a, b->table, out);
      buf_putc(out, '\n');
      break;
    }
  }
  /* one blank line at the end, not two */
  while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
    out->len--;
}

void emit_risks(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  render_text(&a, risk_report(&a, plan, r, o), out);
  arena_free(&a);
}

/* ------------------------------------------------------------ Markdown */

static void md_table(Arena *a, const Grid *g, Buf *out) {
  buf_putc(out, '|');
  for (int c = 0; c < g->ncols; c++) {
    buf_putc(out, ' ');
    md_escape(a, out, g->head[c]);
    buf_puts(out, " |");
  }
  buf_puts(out, "\n|");
  for (int c = 0; c < g->ncols; c++)
    buf_puts(out, g->numeric[c] ? " ---: |" : " :--- |");
  buf_putc(out, '\n');
  for (int rr = 0; rr < g->nrows; rr++) {
    const GridRow *row = &g->rows[rr];
    buf_putc(out, '|');
    for (int c = 0; c < g->ncols; c++) {
      const char *t = row->kind == ROW_GROUP && c > 0 ? "" : row->cells[c];
      bool strong = (row->kind == ROW_TOTAL || row->kind == ROW_GROUP) && *t;
      buf_putc(out, ' ');
      if (strong)
        buf_puts(out, "**");
      md_escape(a, out, t);
      if (strong)
        buf_puts(out, "**");
      buf_puts(out, " |");
    }
    buf_putc(out, '\n');
  }
}

static void render_md(Arena *a, const RiskReport *rep, Buf *out) {
  for (int i = 0; i < rep->n; i++) {
    const RiskBlock *b = &rep->blocks[i];
    bool next_item = i + 1 < rep->n && rep->blocks[i + 1].kind == RISK_ITEM;
    switch (b->kind) {
    case RISK_HEADING:
      for (int k = 0; k < b->level; k++)
        buf_putc(out, '#');
      buf_putc(out, ' ');
      md_escape(a, out, b->text);
      buf_puts(out, "\n\n");
      break;
    case RISK_PARA:
      md_escape(a, out, b->text);
      buf_puts(out, "\n\n");
      break;
    case RISK_ITEM:
      buf_puts(out, b->level > 1 ? "  - " : "- ");
      if (b->alert)
        buf_puts(out, "**\xE2\x9A\xA0** ");
      md_escape(a, out, b->text);
      buf_putc(out, '\n');
      if (!next_item)
        buf_putc(out, '\n');
      break;
    case RISK_TABLE:
      md_table(a, b->table, out);
      buf_putc(out, '\n');
      break;
    }
  }
  while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
    out->len--;
}

void emit_risks_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  render_md(&a, risk_report(&a, plan, r, o), out);
  arena_free(&a);
}

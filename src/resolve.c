/* resolve.c: from declarations to a Plan whose names are bound.
 *
 * Every name a declaration uses is looked up here, once: programmes,
 * projects, lines, sources, kinds, indexation rules. An unknown name gets
 * "did you mean", a duplicate a note at the first definition, and a year
 * outside the horizon an error. After this stage, nothing else looks up a
 * name by its spelling. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ a map from names */

/* Names are looked up by their spelling, not by their address: the files
 * of a plan are parsed on several threads, each interning its own
 * (load.c), so one name may have an address per thread. A slot keeps the
 * name's hash beside it, and its value: a lookup in a large plan's maps
 * (60 000 projects at 200 MB) then reads one slot, and a name's spelling
 * only when the hash matches. */
typedef struct NameSlot {
  const char *key;
  void *value;
  size_t hash;
} NameSlot;

typedef struct NameMap {
  NameSlot *slots;
  size_t cap, count;
} NameMap;


static bool same_name(const char *a, const char *b) { return a == b || strcmp(a, b) == 0; }

static void map_reserve(Arena *a, NameMap *m, size_t n);

/* Puts key (whose name_hash is hash) in the map unless it is there:
 * returns the value it already has, or NULL. */
static void *map_put(Arena *a, NameMap *m, const char *key, size_t hash, void *value);

static void map_grow(Arena *a, NameMap *m) {
  NameMap n = {0};
  map_reserve(a, &n, m->cap);  /* twice the room */
  for (size_t i = 0; i < m->cap; i++)
    if (m->slots[i].key)
      map_put(a, &n, m->slots[i].key, m->slots[i].hash, m->slots[i].value);
  *m = n;
}

static void *map_put(Arena *a, NameMap *m, const char *key, size_t hash, void *value) {
  if ((m->count + 1) * 2 > m->cap)
    map_grow(a, m);
  size_t i = hash & (m->cap - 1);
  for (NameSlot *e = &m->slots[i]; e->key; e = &m->slots[i]) {
    if (e->hash == hash && same_name(e->key, key))
      return e->value;
    i = (i + 1) & (m->cap - 1);
  }
  m->count++;
  m->slots[i] = (NameSlot){key, value, hash};
  return NULL;
}

/* One hash and one probe, for a plan's thousands of declarations. */
static void *map_add(Arena *a, NameMap *m, const char *key, void *value) {
  return map_put(a, m, key, name_hash(key), value);
}

/* An empty map with room for n names without growing (at least 64 slots):
 * growing probes every name again, so a plan's thousands of declarations
 * are counted before they are defined. */
static void map_reserve(Arena *a, NameMap *m, size_t n) {
  size_t cap = 64;
  while (cap < 2 * n)
    cap *= 2;
  m->slots = arena_alloc(a, sizeof *m->slots * cap);
  m->cap = cap;
}

static void *map_get(const NameMap *m, const char *key) {
  if (!m->cap || !key)
    return NULL;
  size_t hash = name_hash(key), i = hash & (m->cap - 1);
  for (const NameSlot *e = &m->slots[i]; e->key; e = &m->slots[i]) {
    if (e->hash == hash && same_name(e->key, key))
      return e->value;
    i = (i + 1) & (m->cap - 1);
  }
  return NULL;
}

/* ------------------------------------------------------------------ did you mean */


static const char *closest(const NameMap *m, const char *name) {
  Closest c = closest_begin(name);
  for (size_t i = 0; i < m->cap; i++)
    closest_offer(&c, m->slots[i].key);
  return c.best;
}

/* ------------------------------------------------------------------ the resolver */

typedef struct Resolver {
  Plan *plan;
  Arena *arena;
  Diags *diags;
  NameMap programmes, projects, sources, kinds, indexes, taakvelden, keys;
  const int *first_line;   /* per project, while they are bound: its first in plan->lines */
  Par *par;                /* the loops' threads */
  bool ok;
} Resolver;

/* what names a kind of declaration ("source", marked N_ where it is
 * written): put in the run's languages only on the way to a message. */
static void unknown(Resolver *R, Loc loc, const char *what, const char *name, const NameMap *m) {
  const char *hint = closest(m, name);
  what = diag_phrase_msgid(R->diags, what);
  if (hint)
    diag_report(R->diags, "unknown-name", loc, "unknown %s '%s'; did you mean '%s'?", what, name, hint);
  else
    diag_report(R->diags, "unknown-name", loc, "unknown %s '%s'", what, name);
  R->ok = false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* For the few names a plan has of a kind (kinds of funding, indexation
 * rules): the unknown one, and, where no name is close to it, every known
 * one, sorted, as the message for an unknown status lists the statuses. */
static void unknown_listed(Resolver *R, Loc loc, const char *what, const char *plural,
                           const char *name, const NameMap *m) {
  if (m->count == 0 || m->count > 40 || closest(m, name)) {
    unknown(R, loc, what, name, m);
    return;
  }
  const char **names = xcalloc(m->count, sizeof *names);
  size_t n = 0;
  for (size_t i = 0; i < m->cap; i++)
    if (m->slots[i].key)
      names[n++] = m->slots[i].key;
  qsort(names, n, sizeof *names, cmp_str);
  Buf b = {0};
  for (size_t i = 0; i + 1 < n; i++)
    buf_printf(&b, "%s%s", i == 0 ? "" : ", ", names[i]);
  const char *list = n == 1 ? names[0] : diag_phrase(R->diags, "%s and %s", b.data, names[n - 1]);
  diag_report(R->diags, "unknown-name", loc, "unknown %s '%s'; known %s: %s",
              diag_phrase_msgid(R->diags, what), name, diag_phrase_msgid(R->diags, plural), list);
  R->ok = false;
  buf_free(&b);
  free(names);
}

static void duplicate(Resolver *R, Loc loc, const char *what, const char *name, Loc first) {
  Diag *g = diag_report(R->diags, "duplicate", loc, "%s '%s' is defined twice",
                        diag_phrase_msgid(R->diags, what), name);
  diag_note(R->diags, g, first, "first defined here");
  R->ok = false;
}

/* Defines a name; false (and a duplicate error with a note at the first)
 * when it is taken. Every declaration struct begins with its Loc. */
static bool define(Resolver *R, NameMap *map, const char *what, const char *id, void *obj) {
  void *prev = map_add(R->arena, map, id, obj);
  if (prev) {
    duplicate(R, *(Loc *)obj, what, id, *(Loc *)prev);
    return false;
  }
  return true;
}

/* Appends to a plan array that grows by doubling. */
#define PUSH(a, arr, n, item)                                                   \
  do {                                                                          \
    if (((n) & ((n)-1)) == 0) {                                                 \
      __typeof__(arr) grown_ = arena_alloc((a), sizeof *(arr) * (size_t)((n) ? (n)*2 : 1)); \
      if (n)                                                                    \
        memcpy(grown_, (arr), sizeof *(arr) * (size_t)(n));                     \
      (arr) = grown_;                                                           \
    }                                                                           \
    (arr)[(n)++] = (item);                                                      \
  } while (0)

int index_base_year(const IndexDecl *x, int first_year) {
  return x->base_year ? x->base_year : first_year;
}

Project *plan_project(const Plan *plan, const char *id) {
  for (int i = 0; i < plan->nprojects; i++)
    if (strcmp(plan->projects[i]->id, id) == 0)
      return plan->projects[i];
  return NULL;
}

Line *project_line(const Project *p, int nr) {
  if (!p->by_nr) {
    for (Line *l = p->lines; l; l = l->next)
      if (l->nr == nr)
        return l;
    return NULL;
  }
  int lo = 0, hi = p->nlines - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    int m = p->by_nr[mid]->nr;
    if (m == nr)
      return p->by_nr[mid];
    if (m < nr)
      lo = mid + 1;
    else
      hi = mid - 1;
  }
  return NULL;
}

/* By number, then by position, so that the first of two equal numbers is
 * the one written first. */
static int by_number(const void *a, const void *b) {
  const Line *x = *(Line *const *)a, *y = *(Line *const *)b;
  if (x->nr != y->nr)
    return x->nr < y->nr ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts the project's lines by number (a project may have very many, so no
 * pairwise comparison) and reports numbers that appear twice. */
static void index_lines(Resolver *R, Project *p) {
  p->by_nr = arena_alloc(R->arena, sizeof *p->by_nr * (size_t)(p->nlines ? p->nlines : 1));
  int n = 0;
  for (Line *l = p->lines; l; l = l->next)
    p->by_nr[n++] = l;
  qsort(p->by_nr, (size_t)n, sizeof *p->by_nr, by_number);
  int kept = 0;
  for (int i = 0; i < n; i++) {
    Line *l = p->by_nr[i];
    if (kept > 0 && p->by_nr[kept - 1]->nr == l->nr && l->nr != 0) {
      Diag *g = diag_report(R->diags, "duplicate", line_nr_loc(l),
                            "line %d appears twice in project '%s'", l->nr, p->id);
      diag_note(R->diags, g, line_nr_loc(p->by_nr[kept - 1]), "first defined here");
      R->ok = false;
      continue;
    }
    p->by_nr[kept++] = l;
  }
  p->nlines = kept;
}

int year_index(const Plan *plan, int year) {
  int i = year - plan->first_year;
  return i >= 0 && i < plan->nyears ? i : -1;
}

static Diag *check_years(Resolver *R, Loc loc, int y0, int y1) {
  Plan *p = R->plan;
  int last = p->first_year + p->nyears - 1;
  Diag *g = NULL;
  if (y0 == 0)
    return NULL;  /* already reported as not a year */
  if (year_index(p, y0) < 0 || year_index(p, y1) < 0) {
    if (y0 == y1)
      g = diag_report(R->diags, "year-range", loc, "year %d is outside the plan's horizon %d..%d",
                      y0, p->first_year, last);
    else
      g = diag_report(R->diags, "year-range", loc,
                      "years %d..%d reach outside the plan's horizon %d..%d", y0, y1,
                      p->first_year, last);
    R->ok = false;
  }
  return g;
}

/* A cell, a stated total or an acknowledgement may also lie in the
 * columns shown before the horizon (columns.c): wholly, as a span is
 * either in the horizon or in the columns, never across both. */
static void check_shown_years(Resolver *R, Loc loc, int y0, int y1) {
  Plan *p = R->plan;
  if (y0 == 0 || (year_index(p, y0) >= 0 && year_index(p, y1) >= 0) ||
      plan_column_years(p, y0, y1))
    return;
  bool touches = false;
  for (int y = y0; y <= y1 && y >= y0 && !touches; y++)
    touches = plan_column_years(p, y, y);
  if (!touches) {
    Diag *g = check_years(R, loc, y0, y1);
    if (g && y0 < p->first_year)
      diag_note(R->diags, g, loc,
                "a year before the horizon is shown only as a column of the plan: column %d "
                "actuals (or amended, adopted)",
                y0);
    return;
  }
  Diag *g = diag_report(R->diags, "year-range", loc,
                        "years %d..%d reach across the columns shown before the horizon %d..%d",
                        y0, y1, p->first_year, p->first_year + p->nyears - 1);
  int last = y1 < p->first_year + p->nyears ? y1 : p->first_year + p->nyears - 1;
  diag_note(R->diags, g, loc,
            "a column holds the amounts of its own year: write the columns' years and the "
            "horizon's apart (%s: ...  %s: ...)",
            y0 == p->first_year - 1 ? arena_printf(R->arena, "%d", y0)
                                    : arena_printf(R->arena, "%d..%d", y0, p->first_year - 1),
            last == p->first_year ? arena_printf(R->arena, "%d", last)
                                  : arena_printf(R->arena, "%d..%d", p->first_year, last));
  R->ok = false;
}

static Line *resolve_line_ref(Resolver *R, const Ref *ref, Project *here, const char *what) {
  Project *p = here;
  if (ref->name) {
    p = map_get(&R->projects, ref->name);
    if (!p) {
      unknown(R, ref->loc, N_("project"), ref->name, &R->projects);
      return NULL;
    }
  }
  if (!p || ref->line == 0) {
    diag_report(R->diags, "invalid-value", ref->loc, "%s must name a line: PROJECT.LINE", what);
    R->ok = false;
    return NULL;
  }
  Line *l = project_line(p, ref->line);
  if (!l) {
    Diag *g = diag_report(R->diags, "unknown-name", ref->loc, "project '%s' has no line %d",
                          p->id, ref->line);
    diag_note(R->diags, g, p->loc, "project '%s' is defined here", p->id);
    R->ok = false;
  }
  return l;
}

/* ------------------------------------------------------------------ keys */

static KeyMember *key_member(const KeyDecl *k, const char *id, int *pos) {
  int i = 0;
  for (KeyMember *m = k->members; m; m = m->next, i++)
    if (strcmp(m->id, id) == 0) {
      if (pos)
        *pos = i;
      return m;
    }
  return NULL;
}

/* A member the key does not have: named with the closest it has. The
 * residue member is declared with the key; a paying one in a cell. */
static void unknown_member(Resolver *R, const KeyDecl *k, Loc loc, bool residue,
                           const char *name) {
  Closest c = closest_begin(name);
  for (const KeyMember *m = k->members; m; m = m->next)
    closest_offer(&c, m->id);
  Diag *g;
  if (residue && c.best)
    g = diag_report(R->diags, "unknown-name", loc,
                    "the residue member '%s' is not a member of key '%s'; did you mean '%s'?",
                    name, k->id, c.best);
  else if (residue)
    g = diag_report(R->diags, "unknown-name", loc,
                    "the residue member '%s' is not a member of key '%s'; add it with its "
                    "weight, or name one of its members",
                    name, k->id);
  else if (c.best)
    g = diag_report(R->diags, "unknown-name", loc,
                    "key '%s' has no member '%s'; did you mean '%s'?", k->id, name, c.best);
  else
    g = diag_report(R->diags, "unknown-name", loc,
                    "key '%s' has no member '%s'; add it to the key with its weight: %s WEIGHT",
                    k->id, name, name);
  diag_note(R->diags, g, k->loc, "key '%s' is declared here", k->id);
  R->ok = false;
}

/* A key can divide when its members are named once, its weights are all
 * counts or all percentages (then adding up to 100%), their sum is above
 * zero, and its residue member is one of them. */
static void resolve_key(Resolver *R, KeyDecl *k) {
  bool ok = true, mixed = false, percent = k->members && k->members->percent;
  i128 sum = 0;
  for (KeyMember *m = k->members; m; m = m->next) {
    KeyMember *first = key_member(k, m->id, NULL);
    if (first != m) {
      Diag *g = diag_report(R->diags, "duplicate", m->loc,
                            "member '%s' is in key '%s' twice; give each member one weight",
                            m->id, k->id);
      diag_note(R->diags, g, first->loc, "first given here");
      ok = false;
    }
    if (m->percent != percent && !mixed) {
      mixed = true;
      diag_report(R->diags, "invalid-value", m->loc,
                  "key '%s' mixes counts and percentages; give every member a count "
                  "(inhabitants) or every member a percentage",
                  k->id);
      ok = false;
    }
    sum += m->weight;  /* each below 2^80: a literal's limit */
  }
  if (ok && sum <= 0) {
    diag_report(R->diags, "invalid-value", k->loc,
                "the weights of key '%s' add up to zero, so it cannot divide anything; give "
                "its members weights above zero",
                k->id);
    ok = false;
  } else if (ok && percent && sum != MICROS_PER_UNIT) {
    diag_report(R->diags, "invalid-value", k->loc,
                "the percentages of key '%s' add up to %s%%, not 100%%; correct them, or "
                "give the members counts (inhabitants) instead",
                k->id, micros_text(R->arena, sum * 100));
    ok = false;
  }
  k->residue_index = -1;
  if (!k->residue) {
    diag_report(R->diags, "missing", k->loc,
                "key '%s' names no residue member, which takes what rounding leaves over; "
                "add: residue MEMBER",
                k->id);
    ok = false;
  } else if (!key_member(k, k->residue, &k->residue_index)) {
    unknown_member(R, k, k->residue_loc, true, k->residue);
    ok = false;
  }
  if (k->step && k->step->micros <= 0) {
    diag_report(R->diags, "invalid-value", k->step->loc,
                "a rounding step must be above zero");
    ok = false;
  }
  k->total_weight = sum;
  k->ok = ok;
  R->ok &= ok;
}

static void resolve_share(Resolver *R, KeyShare *x) {
  x->key = map_get(&R->keys, x->key_name);
  if (!x->key) {
    if (R->keys.count == 0) {
      diag_report(R->diags, "unknown-name", x->key_loc,
                  "unknown key '%s'; the plan declares no key: key %s \"TITLE\" { MEMBER "
                  "WEIGHT ... residue MEMBER }",
                  x->key_name, x->key_name);
      R->ok = false;
    } else {
      unknown_listed(R, x->key_loc, N_("key"), N_("keys"), x->key_name, &R->keys);
    }
    return;
  }
  if (!key_member(x->key, x->member_name, &x->member))
    unknown_member(R, x->key, x->member_loc, false, x->member_name);
}

static void resolve_expr(Resolver *R, Expr *e) {
  if (!e)
    return;
  switch (e->kind) {
  case EXPR_NUMBER:
  case EXPR_PM: return;
  case EXPR_ITEMS:
    for (Item *i = e->items; i; i = i->next)
      resolve_expr(R, i->value);
    return;
  case EXPR_INDEXED: {
    Indexing *x = e->indexing;
    x->index = map_get(&R->indexes, x->index_name);
    if (!x->index)
      unknown_listed(R, x->index_loc, N_("indexation rule"), N_("indexation rules"), x->index_name,
                     &R->indexes);
    if (x->from_year)
      check_shown_years(R, e->loc, x->from_year, x->from_year);
    resolve_expr(R, e->lhs);
    return;
  }
  case EXPR_PERCENT_OF: resolve_expr(R, e->lhs); return;
  case EXPR_SHARE: resolve_share(R, e->share); resolve_expr(R, e->lhs); return;
  case EXPR_NEG:
  case EXPR_ADD:
  case EXPR_SUB:
  case EXPR_MUL:
  case EXPR_DIV:
  case EXPR_PAREN:
  case EXPR_WITHIN:
    resolve_expr(R, e->lhs);
    resolve_expr(R, e->rhs);
    return;
  }
}

static void resolve_year_amounts(Resolver *R, YearAmount *list) {
  for (YearAmount *ya = list; ya; ya = ya->next) {
    check_years(R, year_amount_loc(ya), ya->y0, ya->y1);
    resolve_expr(R, ya->value);
  }
}

static void resolve_accepts(Resolver *R, Accept *list) {
  for (Accept *a = list; a; a = a->next)
    if (a->years.y0)
      check_shown_years(R, a->years.loc, a->years.y0, a->years.y1);
}

/* A project and its lines, which are plan->lines[first ..]. */
static void resolve_project(Resolver *R, Project *p, int first) {
  if (!p->has_programme) {
    diag_report(R->diags, "missing", p->loc,
                "project '%s' names no programme line (add: programme NAME)", p->id);
    R->ok = false;
  } else {
    p->programme = map_get(&R->programmes, p->programme_ref.name);
    if (!p->programme)
      unknown(R, p->programme_ref.loc, N_("programme"), p->programme_ref.name, &R->programmes);
  }
  resolve_expr(R, p->opening_expr);
  if (p->has_opening_source) {
    p->opening_source = map_get(&R->sources, p->opening_source_ref.name);
    if (!p->opening_source)
      unknown(R, p->opening_source_ref.loc, N_("source"), p->opening_source_ref.name, &R->sources);
  }
  for (Reserve *r = p->reserves; r; r = r->next)
    resolve_year_amounts(R, r->amounts);
  for (Prefinance *pf = p->prefinances; pf; pf = pf->next)
    check_years(R, pf->years.loc, pf->years.y0, pf->years.y1);
  resolve_accepts(R, p->accepts);

  p->nlines = 0;
  for (Line *l = p->lines; l; l = l->next) {
    l->project = p;
    l->index = first + p->nlines++;
    R->plan->lines[l->index] = l;
    for (int s = 0; s < 2; s++)
      for (Cell *c = l->cells[s]; c; c = c->next) {
        check_shown_years(R, cell_loc(l, c), c->y0, c->y1);
        if (!cell_has_literal(c))
          resolve_expr(R, c->stated);
        resolve_expr(R, c->value);
      }
    for (RuleDecl *r = line_rules(l); r; r = r->next) {
      if (r->years.y0)
        check_years(R, r->years.loc, r->years.y0, r->years.y1);
      resolve_expr(R, r->expr);
      resolve_expr(R, r->tolerance);
    }
    resolve_accepts(R, line_accepts(l));
    if (line_outside(l))
      resolve_year_amounts(R, line_outside(l)->amounts);
    if (l->source_ref) {
      l->source = map_get(&R->sources, l->source_ref->name);
      if (!l->source)
        unknown(R, l->source_ref->loc, N_("source"), l->source_ref->name, &R->sources);
    }
  }
  index_lines(R, p);
}

/* Coverage needs every project's lines, so it is bound after all projects. */
static void resolve_coverage(Resolver *R, Project *p) {
  for (Line *l = p->lines; l; l = l->next) {
    const Ref *r = l->paid_by;
    if (!r)
      continue;
    if (r->name && r->line == 0) {
      l->paid_by_source = map_get(&R->sources, r->name);
      if (!l->paid_by_source) {
        if (map_get(&R->projects, r->name)) {
          diag_report(R->diags, "invalid-value", r->loc,
                      "'%s' is a project; name the line that pays: %s.N", r->name, r->name);
          R->ok = false;
        } else {
          unknown(R, r->loc, N_("source"), r->name, &R->sources);
        }
      }
    } else {
      l->paid_by_line = resolve_line_ref(R, r, p, "coverage");
      Line *by = l->paid_by_line;
      if (by && !by->cells[SIDE_BATEN] && !by->receives_transfer) {
        Diag *g = diag_report(R->diags, "invalid-value", r->loc,
                              "coverage must be a line with baten; line %d of '%s' has none",
                              by->nr, by->project->id);
        diag_note(R->diags, g, by->loc, "line %d is defined here", by->nr);
        R->ok = false;
      }
    }
  }
}

static void resolve_source(Resolver *R, Source *s) {
  if (s->has_kind) {
    s->kind = map_get(&R->kinds, s->kind_ref.name);
    if (!s->kind)
      unknown_listed(R, s->kind_ref.loc, N_("kind of funding"), N_("kinds of funding"),
                     s->kind_ref.name, &R->kinds);
  }
  if (s->kind) {
    s->rules.earmarked |= s->kind->rules.earmarked;
    s->rules.repay_unspent |= s->kind->rules.repay_unspent;
    s->rules.after_settlement |= s->kind->rules.after_settlement;
    if (s->rules.money_class == CLASS_NONE)
      s->rules.money_class = s->kind->rules.money_class;
  }
  for (RefList *r = s->earmarked_for; r; r = r->next) {
    if (r->ref.line)
      resolve_line_ref(R, &r->ref, NULL, "earmark");
    else if (!r->ref.name || !map_get(&R->projects, r->ref.name))
      unknown(R, r->ref.loc, N_("project"), r->ref.name ? r->ref.name : "?", &R->projects);
  }
  resolve_accepts(R, s->accepts);
}

/* Binds a transfer's two lines; resolve_plan marks the receiving line
 * after the slices, as two transfers can go to one line. */
static void resolve_transfer(Resolver *R, Transfer *t) {
  t->from_line = resolve_line_ref(R, &t->from, NULL, "a transfer");
  t->to_line = resolve_line_ref(R, &t->to, NULL, "a transfer");
  if (t->from_line && t->to_line && t->from_line->project == t->to_line->project) {
    diag_report(R->diags, "invalid-value", t->loc,
                "a transfer moves money between two projects; both lines are in '%s'",
                t->from_line->project->id);
    R->ok = false;
  }
  resolve_year_amounts(R, t->amounts);
}

static void resolve_expect(Resolver *R, Expect *e) {
  if (e->subject == SUBJECT_PROJECT && !map_get(&R->projects, e->ref.name))
    unknown(R, e->ref.loc, N_("project"), e->ref.name, &R->projects);
  if (e->subject == SUBJECT_PROGRAMME && !map_get(&R->programmes, e->ref.name))
    unknown(R, e->ref.loc, N_("programme"), e->ref.name, &R->programmes);
  resolve_expr(R, e->tolerance);
  for (ExpectRow *row = e->rows; row; row = row->next)
    for (YearAmount *ya = row->amounts; ya; ya = ya->next) {
      bool balance = row->measure == MEASURE_OPENING || row->measure == MEASURE_CLOSING;
      if (balance && ya->y0 && plan_column_years(R->plan, ya->y0, ya->y1)) {
        diag_report(R->diags, "year-range", year_amount_loc(ya),
                    "%d is a column shown before the horizon, which has no balance: state its "
                    "baten, lasten, saldo or result",
                    ya->y0);
        R->ok = false;
      } else if (balance) {
        check_years(R, year_amount_loc(ya), ya->y0, ya->y1);
      } else {
        check_shown_years(R, year_amount_loc(ya), ya->y0, ya->y1);
      }
      resolve_expr(R, ya->value);
    }
}

/* The loops over projects, transfers, sources and expectations run in
 * slices on threads (par.c): each slice binds with a copy of the resolver
 * that allocates and reports into the slice's own. There the maps, the
 * projects and their lines are only read, and an item writes only what
 * is its own. */
typedef void BindFn(Resolver *R, int i);

typedef struct BindLoop {
  const Resolver *R;
  BindFn *bind;
  bool *failed;            /* per item: it had an error of its own */
} BindLoop;

static void bind_slice(void *ctx, ParSlice *s, int begin, int end) {
  const BindLoop *loop = ctx;
  Resolver r = *loop->R;
  r.arena = s->arena;
  r.diags = s->diags;
  bool ok = true;
  for (int i = begin; i < end; i++) {
    r.ok = true;
    loop->bind(&r, i);
    loop->failed[i] = !r.ok;
    ok &= r.ok;
  }
  s->ok &= ok;
}

/* Binds items 0..n-1; failed: per item, whether it had an error. */
static bool bind_all(Resolver *R, int n, BindFn *bind, bool *failed) {
  BindLoop loop = {R, bind, failed};
  return par_for(R->par, n, bind_slice, NULL, &loop);
}

static void bind_project(Resolver *R, int i) {
  resolve_project(R, R->plan->projects[i], R->first_line[i]);
}
/* Coverage names other projects' lines: bound once every project's are. */
static void bind_coverage(Resolver *R, int i) { resolve_coverage(R, R->plan->projects[i]); }
static void bind_transfer(Resolver *R, int i) { resolve_transfer(R, R->plan->transfers[i]); }
static void bind_source(Resolver *R, int i) { resolve_source(R, R->plan->sources[i]); }
static void bind_expect(Resolver *R, int i) { resolve_expect(R, R->plan->expects[i]); }

/* Which projects the errors of the bound items touch (resolve_plan): a
 * project's own (its names, years, line numbers, coverage), a transfer's
 * (both its lines' projects), a source's (every project that takes money
 * from it or names it as coverage); and which expectations name what
 * does not exist. failed is laid out as resolve_plan made it. */
static void localise(Plan *plan, const bool *failed) {
  const bool *project_failed = failed, *coverage_failed = failed + plan->nprojects,
             *transfer_failed = coverage_failed + plan->nprojects,
             *source_failed = transfer_failed + plan->ntransfers,
             *expect_failed = source_failed + plan->nsources;
  plan->project_errors = arena_alloc(plan->arena, (size_t)plan->nprojects + 1);
  plan->expect_errors = arena_alloc(plan->arena, (size_t)plan->nexpects + 1);
  for (int i = 0; i < plan->nprojects; i++) {
    Project *p = plan->projects[i];
    bool bad = project_failed[i] || coverage_failed[i] ||
               (p->opening_source && source_failed[p->opening_source->index]);
    for (const Line *l = p->lines; l && !bad; l = l->next)
      bad = (l->source && source_failed[l->source->index]) ||
            (l->paid_by_source && source_failed[l->paid_by_source->index]);
    plan->project_errors[i] = bad;
  }
  for (int i = 0; i < plan->ntransfers; i++) {
    const Transfer *t = plan->transfers[i];
    if (!transfer_failed[i])
      continue;
    if (t->from_line)
      plan->project_errors[t->from_line->project->index] = true;
    if (t->to_line)
      plan->project_errors[t->to_line->project->index] = true;
  }
  for (int i = 0; i < plan->nexpects; i++)
    plan->expect_errors[i] = expect_failed[i];
}

/* Reservations, acknowledgements and prefinance declarations get a
 * position among the plan's, by which Results keeps what is computed of
 * them (its amounts; whether the check used them). */
static void number_marks(Plan *plan) {
  for (int i = 0; i < plan->nprojects; i++) {
    Project *p = plan->projects[i];
    for (Reserve *r = p->reserves; r; r = r->next)
      r->index = plan->nreserves++;
    for (Prefinance *pf = p->prefinances; pf; pf = pf->next)
      pf->index = plan->nprefinances++;
    for (Accept *x = p->accepts; x; x = x->next)
      x->index = plan->naccepts++;
    for (Line *l = p->lines; l; l = l->next) {
      for (Accept *x = line_accepts(l); x; x = x->next)
        x->index = plan->naccepts++;
      plan->noutsides += line_outside(l) != NULL;
    }
  }
  for (int i = 0; i < plan->nsources; i++)
    for (Accept *x = plan->sources[i]->accepts; x; x = x->next)
      x->index = plan->naccepts++;
  for (int i = 0; i < plan->nexpects; i++)
    for (Accept *x = plan->expects[i]->accepts; x; x = x->next)
      x->index = plan->naccepts++;
}

/* Each member's share of a total is stated once: a second line that makes
 * the same member pay from the same total (same key, year and total, as a
 * number or as written) pays it twice. */
typedef struct ShareUse {
  const KeyShare *share;
  const char *total;       /* the total: its micros, or its text */
  int year;
  Loc loc;
  int order;               /* as the plan lists the cells */
} ShareUse;

static int share_use_cmp(const void *a, const void *b) {
  const ShareUse *x = a, *y = b;
  int c = strcmp(x->share->key->id, y->share->key->id);
  if (!c)
    c = strcmp(x->total, y->total);
  if (!c)
    c = x->share->member - y->share->member;
  if (!c)
    c = x->year - y->year;
  if (!c)
    c = x->order - y->order;
  return c;
}

static bool same_share(const ShareUse *x, const ShareUse *y) {
  return x->share->key == y->share->key && strcmp(x->total, y->total) == 0 &&
         x->share->member == y->share->member && x->year == y->year;
}

static const Expr *bare_expr(const Expr *e) {
  while (e && (e->kind == EXPR_PAREN || e->kind == EXPR_WITHIN))
    e = e->lhs;
  return e;
}

static void check_shares(Resolver *R) {
  const Plan *plan = R->plan;
  if (!plan->nkeys)
    return;
  ShareUse *uses = NULL;
  size_t n = 0, cap = 0;
  for (int i = 0; i < plan->nlines; i++) {
    const Line *l = plan->lines[i];
    for (int s = 0; l && s < 2; s++)
      for (const Cell *c = l->cells[s]; c; c = c->next) {
        const Expr *e = bare_expr(c->value);
        if (!e || e->kind != EXPR_SHARE || !e->share->key || e->share->member < 0)
          continue;
        const Expr *t = bare_expr(e->lhs);
        const char *total = t->kind == EXPR_NUMBER
                                ? arena_printf(R->arena, "=%s", micros_text(R->arena, t->micros))
                                : loc_copy(R->arena, t->loc);
        for (int y = c->y0; y <= c->y1 && y >= c->y0; y++) {
          if (n == cap) {
            cap = cap ? 2 * cap : 64;
            uses = xrealloc(uses, cap * sizeof *uses);
          }
          uses[n] = (ShareUse){e->share, total ? total : "", y, e->loc, (int)n};
          n++;
        }
      }
  }
  if (n > 1)
    qsort(uses, n, sizeof *uses, share_use_cmp);
  Loc last_first = {0}, last_dup = {0};
  for (size_t i = 1, f = 0; i < n; i++) {
    const ShareUse *b = &uses[i];
    if (!same_share(&uses[f], b)) {
      f = i;  /* the first of the next run */
      continue;
    }
    const ShareUse *first = &uses[f];
    if (first->loc.begin == last_first.begin && first->loc.file == last_first.file &&
        b->loc.begin == last_dup.begin && b->loc.file == last_dup.file)
      continue;  /* the same two cells, another year of their spans */
    last_first = first->loc;
    last_dup = b->loc;
    Diag *g = diag_report(R->diags, "duplicate", b->loc,
                          "member '%s' pays its share of the same total by key '%s' twice "
                          "(in %d): state each member's share of a total once",
                          b->share->member_name, b->share->key->id, b->year);
    diag_note(R->diags, g, first->loc, "its share is stated here first");
    R->ok = false;
  }
  free(uses);
}

/* A line's taakveld that the plan's list lacks (a typing error, or a
 * code of another list: the provinces' and the municipalities' differ).
 * Only a plan that declares a list has one to hold its lines to. */
static void check_taakvelden(Resolver *R) {
  const Plan *plan = R->plan;
  if (!plan->ntaakvelden)
    return;
  for (int i = 0; i < plan->nlines; i++) {
    const Line *l = plan->lines[i];
    const char *code = l ? line_taakveld(l) : NULL;
    if (!code || map_get(&R->taakvelden, code))
      continue;
    Diag *g = diag_report(R->diags, "unknown-taakveld", l->extra->taakveld_loc,
                          "taakveld %s is not in the plan's list of taakvelden; correct the "
                          "code, or declare it: taakveld %s \"NAME\"",
                          code, code);
    diag_note(R->diags, g, plan->taakvelden[0]->loc, "the plan's list of taakvelden begins here");
  }
}

const char *plan_taakveld_name(const Plan *plan, const char *code) {
  for (int i = 0; code && i < plan->ntaakvelden; i++)
    if (strcmp(plan->taakvelden[i]->code, code) == 0)
      return plan->taakvelden[i]->name;
  return NULL;
}

bool resolve_plan(Plan *plan, Program *prog, Arena *a, Diags *d) {
  memset(plan, 0, sizeof *plan);
  plan->arena = a;
  plan->program = prog;
  Resolver R = {.plan = plan, .arena = a, .diags = d, .ok = true};

  const size_t *declared = prog->declared;
  map_reserve(a, &R.programmes, declared[DECL_PROGRAMME]);
  map_reserve(a, &R.projects, declared[DECL_PROJECT]);
  map_reserve(a, &R.sources, declared[DECL_SOURCE]);
  map_reserve(a, &R.kinds, declared[DECL_KIND]);
  map_reserve(a, &R.indexes, declared[DECL_INDEX]);
  for (Decl *decl = prog->decls; decl; decl = decl->next) {
    switch (decl->kind) {
    case DECL_PLAN:
      if (plan->decl) {
        Diag *g = diag_report(d, "duplicate", decl->loc,
                              "a second plan declaration ('%s'); a plan has one, in its root file",
                              decl->u.plan->id);
        diag_note(d, g, plan->decl->loc, "the plan '%s' is declared here", plan->decl->id);
        R.ok = false;
      } else {
        plan->decl = decl->u.plan;
      }
      break;
    case DECL_PROGRAMME:
      if (!define(&R, &R.programmes, N_("programme"), decl->u.programme->id, decl->u.programme))
        break;
      decl->u.programme->index = plan->nprogrammes;
      PUSH(a, plan->programmes, plan->nprogrammes, decl->u.programme);
      break;
    case DECL_PROJECT:
      {
        bool ok = R.ok;
        if (!define(&R, &R.projects, N_("project"), decl->u.project->id, decl->u.project)) {
          plan->ndropped++;  /* not the plan's (the first of the name is): left unchecked */
          R.ok = ok;         /* the other projects can be checked */
          break;
        }
      }
      decl->u.project->index = plan->nprojects;
      PUSH(a, plan->projects, plan->nprojects, decl->u.project);
      break;
    case DECL_SOURCE:
      if (!define(&R, &R.sources, N_("source"), decl->u.source->id, decl->u.source))
        break;
      decl->u.source->index = plan->nsources;
      PUSH(a, plan->sources, plan->nsources, decl->u.source);
      break;
    case DECL_KIND:
      if (!define(&R, &R.kinds, N_("kind of funding"), decl->u.kind_decl->id, decl->u.kind_decl))
        break;
      PUSH(a, plan->kinds, plan->nkinds, decl->u.kind_decl);
      break;
    case DECL_INDEX:
      if (!define(&R, &R.indexes, N_("indexation rule"), decl->u.index->id, decl->u.index))
        break;
      PUSH(a, plan->indexes, plan->nindexes, decl->u.index);
      break;
    case DECL_TRANSFER:
      decl->u.transfer->index = plan->ntransfers;
      PUSH(a, plan->transfers, plan->ntransfers, decl->u.transfer);
      break;
    case DECL_EXPECT:
      PUSH(a, plan->expects, plan->nexpects, decl->u.expect);
      break;
    case DECL_ACCOUNT:
      decl->u.account->index = plan->naccounts;
      PUSH(a, plan->accounts, plan->naccounts, decl->u.account);
      break;
    case DECL_VERLOOP:
      PUSH(a, plan->verloops, plan->nverloops, decl->u.verloop);
      break;
    case DECL_KEY:
      if (!define(&R, &R.keys, N_("key"), decl->u.key->id, decl->u.key))
        break;
      PUSH(a, plan->keys, plan->nkeys, decl->u.key);
      break;
    case DECL_TAAKVELD:
      if (!define(&R, &R.taakvelden, N_("taakveld"), decl->u.taakveld->code, decl->u.taakveld))
        break;
      PUSH(a, plan->taakvelden, plan->ntaakvelden, decl->u.taakveld);
      break;
    case DECL_IMPORT:
      break;
    }
  }

  if (!plan->decl) {
    Loc where = prog->nfiles ? (Loc){prog->files[0], 0, 0} : (Loc){0};
    diag_report(d, "missing", where,
                "no plan declaration; the root file needs: plan NAME \"TITLE\" { years 2026..2029 }");
    return false;
  }
  if (!plan->decl->has_years) {
    diag_report(d, "missing", plan->decl->loc, "the plan has no horizon (add: years 2026..2029)");
    return false;
  }
  YearSpan y = plan->decl->years;
  if (y.y0 == 0 || y.y1 < y.y0)
    return false;
  if (y.y1 - y.y0 + 1 > AMR_MAX_YEARS) {
    diag_report(d, "limit", y.loc, "a horizon of %d years is longer than the limit of %d",
                y.y1 - y.y0 + 1, AMR_MAX_YEARS);
    return false;
  }
  plan->first_year = y.y0;
  plan->nyears = y.y1 - y.y0 + 1;
  R.ok &= resolve_columns(plan, d);
  for (int i = 0; i < plan->nverloops; i++)
    for (VerloopRow *r = plan->verloops[i]->rows; r; r = r->next)
      resolve_year_amounts(&R, r->amounts);

  for (int i = 0; i < plan->nkeys; i++)
    resolve_key(&R, plan->keys[i]);
  for (int i = 0; i < plan->nindexes; i++) {
    IndexDecl *x = plan->indexes[i];
    if (!x->rate) {
      diag_report(d, "missing", x->loc, "indexation rule '%s' needs a rate", x->id);
      R.ok = false;
    }
  }
  /* Every line in one array, sized once: doubling it would leave its
   * smaller copies in the arena. Each project's lines start where the
   * projects before it end, so projects can be bound in any order. */
  int *first = xcalloc((size_t)plan->nprojects + 1, sizeof *first);
  size_t nlines = 0;
  for (int i = 0; i < plan->nprojects; i++) {
    first[i] = (int)nlines;
    nlines += (size_t)plan->projects[i]->nwritten;  /* counted by ast.c, not walked */
  }
  plan->lines = arena_alloc(a, sizeof *plan->lines * (nlines ? nlines : 1));
  plan->nlines = (int)nlines;
  /* An error in these (a name, a year, a line number twice) is the
   * item's own: the projects it touches are left out of the later stages,
   * the others are checked (localise). Above and below, an error concerns
   * the whole plan. */
  bool whole = R.ok;
  bool *failed = xcalloc((size_t)plan->nprojects * 2 + (size_t)plan->ntransfers +
                             (size_t)plan->nsources + (size_t)plan->nexpects + 1,
                         sizeof *failed);
  bool *project_failed = failed, *coverage_failed = failed + plan->nprojects,
       *transfer_failed = coverage_failed + plan->nprojects,
       *source_failed = transfer_failed + plan->ntransfers,
       *expect_failed = source_failed + plan->nsources;
  R.par = par_new(a, d, plan->nlines);
  R.first_line = first;
  R.ok &= bind_all(&R, plan->nprojects, bind_project, project_failed);
  R.first_line = NULL;
  free(first);
  /* Transfers first: a line that receives one may pay for others. */
  R.ok &= bind_all(&R, plan->ntransfers, bind_transfer, transfer_failed);
  for (int i = 0; i < plan->ntransfers; i++)
    if (plan->transfers[i]->to_line)
      plan->transfers[i]->to_line->receives_transfer = true;
  R.ok &= bind_all(&R, plan->nprojects, bind_coverage, coverage_failed);
  R.ok &= bind_all(&R, plan->nsources, bind_source, source_failed);
  R.ok &= bind_all(&R, plan->nexpects, bind_expect, expect_failed);
  bool accounts = resolve_accounts(plan, d);
  R.ok &= accounts && plan->ndropped == 0;
  check_taakvelden(&R);
  check_shares(&R);
  number_marks(plan);
  plan->partly = whole && accounts;
  if (!R.ok)
    localise(plan, failed);
  free(failed);
  return R.ok;
}

/* ------------------------------------------------------------------ what depends on what */

static int group_of(int *up, int i) {
  while (up[i] != i)
    i = up[i] = up[up[i]];
  return i;
}

static void join(int *up, int a, int b) { up[group_of(up, a)] = group_of(up, b); }

/* Projects that cannot be judged apart form one group (union-find): a
 * transfer and coverage by another project's line join their two projects;
 * a source that some line names as its coverage joins every project that
 * takes money from it or names it (its money is judged over all of them);
 * a reserve account joins the projects whose lines move it; the annual
 * projects are balanced together. A group with one project in the set is
 * all in it. */
int plan_spread_unchecked(const Plan *P, bool *set) {
  int n = P->nprojects;
  /* most plans have no project in the set: then there is nothing to
   * spread, and the walk over every line below is saved (twice a run) */
  bool any = false;
  for (int i = 0; i < n && !any; i++)
    any = set[i];
  if (!any)
    return 0;
  int *up = xcalloc((size_t)n + (size_t)P->nsources + (size_t)P->naccounts + 1, sizeof *up);
  int total = n + P->nsources + P->naccounts;  /* a node per project, source and account */
  for (int i = 0; i < total; i++)
    up[i] = i;
  bool *paying = xcalloc((size_t)P->nsources + 1, sizeof *paying);
  for (int i = 0; i < P->nlines; i++)
    if (P->lines[i]->paid_by_source)
      paying[P->lines[i]->paid_by_source->index] = true;
  int annual = -1;
  for (int i = 0; i < n; i++) {
    const Project *p = P->projects[i];
    if (p->opening_source && paying[p->opening_source->index])
      join(up, i, n + p->opening_source->index);
    if (project_annual(P, p)) {
      if (annual >= 0)
        join(up, i, annual);
      annual = i;
    }
    for (const Line *l = p->lines; l; l = l->next) {
      if (l->source && paying[l->source->index])
        join(up, i, n + l->source->index);
      if (l->paid_by_source)
        join(up, i, n + l->paid_by_source->index);
      if (l->paid_by_line && l->paid_by_line->project)
        join(up, i, l->paid_by_line->project->index);
      if (l->extra && l->extra->account)
        join(up, i, n + P->nsources + l->extra->account->index);
    }
  }
  for (int i = 0; i < P->ntransfers; i++) {
    const Transfer *t = P->transfers[i];
    if (t->from_line && t->to_line)
      join(up, t->from_line->project->index, t->to_line->project->index);
  }
  bool *bad = xcalloc((size_t)total, sizeof *bad);
  for (int i = 0; i < n; i++)
    if (set[i])
      bad[group_of(up, i)] = true;
  int count = 0;
  for (int i = 0; i < n; i++) {
    set[i] = bad[group_of(up, i)];
    count += set[i];
  }
  free(bad);
  free(paying);
  free(up);
  return count;
}

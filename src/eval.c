/* eval.c: from bound declarations to amounts.
 *
 * Each cell is computed on demand, once, so that a percentage of other
 * lines or a transfer from another project can be computed in any order;
 * a cell that needs itself is a cycle and an error. Amounts are computed
 * in micros (millionths of a euro, 128 bits) and rounded to a cent once. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

typedef struct Value {
  bool ok;
  bool pm;
  i128 micros;
} Value;

typedef struct Evaluator {
  const Plan *plan;       /* what is computed: r->plan or a part of it */
  Results *res;           /* where it goes */
  Arena *arena;           /* the slice's (par.c) */
  Diags *diags;
  Par *par;
  uint8_t *state[2];      /* per line*nyears: 0 todo, 1 busy, 2 done */
  bool ok;
  /* per line (by Line.index): the transfers into it, in the plan's order,
   * in into[into_first[i] .. into_first[i] + into_count[i]]; so that a
   * receiving cell does not look through every transfer of the plan */
  int *into_first, *into_count, *into;
  /* per line slot and side, under a what-if that realises sources at a
   * percentage: the source whose realisation that side follows, or NULL
   * (follow_sources); NULL without such a what-if */
  const Source **follows;
  /* per year, while place_cells goes through a line's side: the cell that
   * gave it and which line and side that was ('of'); one array for the
   * plan, so that a duplicate is found without an array per line or a walk
   * back over the cells before it (a hostile line can hold a million), and
   * without clearing it between lines */
  struct Seen {
    Cell *cell;
    size_t of;
  } *seen;
  /* per project: the first and last project its cells can reach through
   * transfers (reach, defer_project); NULL with one slice */
  int *reach_lo, *reach_hi;
  /* per line and per project (their positions in plan): an error in
   * evaluating it; the project is then left unchecked (eval_plan) */
  bool *line_failed, *project_failed;
  /* the work list (settle): cells begun and not yet computed, innermost
   * last, and the cells each of them reads, so that a chain of cells as
   * long as the plan takes no more of the C stack than one cell does */
  struct Frame *frames;
  size_t nframes, frames_cap;
  struct Need *needs;
  size_t nneeds, needs_cap;
} Evaluator;

/* A cell: a line's side in a year. */
typedef struct Need {
  const Line *l;
  int side, yi;
} Need;

/* A cell being settled: needs[begin .. end) are the cells it reads, next
 * the first of them not yet looked at. */
typedef struct Frame {
  Need cell;
  size_t begin, end, next;
} Frame;

static const i128 I128_LIMIT = (i128)1 << 120;

/* Whether |a| * |b| is beyond I128_LIMIT: the same answer as
 * |a| > I128_LIMIT / |b| for b != 0 (and none when either is 0), without a
 * 128-bit division, a library call (`__divti3`), made once per step of
 * indexation, product and percentage.
 * Operands are within the limit, so their negation cannot wrap. */
static bool product_beyond(i128 a, i128 b) {
  i128 x = a < 0 ? -a : a, y = b < 0 ? -b : b, p;
  if (x <= INT64_MAX && y <= INT64_MAX)  /* one 64-bit multiply, no overflow */
    return (i128)(int64_t)x * (int64_t)y > I128_LIMIT;
  return __builtin_mul_overflow(x, y, &p) || p > I128_LIMIT;
}

static Value bad(void) { return (Value){false, false, 0}; }
static Value num(i128 m) { return (Value){true, false, m}; }

static void overflow(Evaluator *E, Loc loc) {
  diag_report(E->diags, "overflow", loc, "amount beyond the money type (at most %s cents)",
              "9223372036854775807");
  E->ok = false;
}

/* The source text of a location on one line, for messages ("750 * 2_600"). */
static const char *snippet(Arena *a, Loc loc) {
  const char *text = loc_copy(a, loc);
  return text ? text : "the rule";
}

static int64_t cell_amount(Evaluator *E, const Line *l, Side s, int yi, bool *present, bool *pm);

/* How a message names a rule and what it does: "750 * 2_600 gives", "the
 * items add up to". */
static const char *rule_phrase(Evaluator *E, const Expr *rule) {
  if (rule->kind == EXPR_ITEMS)
    return diag_phrase(E->diags, "the items add up to");
  return diag_phrase(E->diags, "%s gives", snippet(E->arena, rule->loc));
}

static Value eval_expr(Evaluator *E, Expr *e, const Line *self, Side side, int yi);

static Value arith(Evaluator *E, Expr *e, const Line *self, Side side, int yi) {
  Value a = eval_expr(E, e->lhs, self, side, yi);
  Value b = e->rhs ? eval_expr(E, e->rhs, self, side, yi) : num(0);
  if (!a.ok || !b.ok)
    return bad();
  if (a.pm || b.pm) {
    diag_report(E->diags, "invalid-value", e->loc,
                "PM is not an amount and cannot be used in arithmetic");
    E->ok = false;
    return bad();
  }
  i128 r;
  switch (e->kind) {
  case EXPR_NEG: r = -a.micros; break;
  case EXPR_ADD: r = a.micros + b.micros; break;
  case EXPR_SUB: r = a.micros - b.micros; break;
  case EXPR_MUL: {
    if (product_beyond(a.micros, b.micros)) {
      overflow(E, e->loc);
      return bad();
    }
    r = div_round(a.micros * b.micros, MICROS_PER_UNIT);
    break;
  }
  case EXPR_DIV:
    if (b.micros == 0) {
      diag_report(E->diags, "invalid-value", e->rhs->loc, "division by zero");
      E->ok = false;
      return bad();
    }
    if ((a.micros < 0 ? -a.micros : a.micros) > I128_LIMIT / MICROS_PER_UNIT) {
      overflow(E, e->loc);
      return bad();
    }
    r = div_round(a.micros * MICROS_PER_UNIT, b.micros);
    break;
  default: r = 0;
  }
  if (r > I128_LIMIT || r < -I128_LIMIT) {
    overflow(E, e->loc);
    return bad();
  }
  return num(r);
}

static bool in_ranges(const LineRange *r, int nr) {
  for (; r; r = r->next)
    if (nr >= r->first && nr <= r->last)
      return true;
  return false;
}

/* The first of p's lines (by number) numbered nr or more. */
static int first_at_least(const Project *p, int nr) {
  int lo = 0, hi = p->nlines;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (p->by_nr[mid]->nr < nr)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The ranges sorted by their first line and joined where they overlap or
 * touch, so that a line named twice ("baten[1, 1..3]") counts once; NULL
 * and *n 0 when they are already so, as nearly all are. */
static int by_first(const void *a, const void *b) {
  const LineRange *x = a, *y = b;
  return (x->first > y->first) - (x->first < y->first);
}

static LineRange *joined_ranges(Arena *a, const LineRange *ranges, int *n) {
  *n = 0;
  bool sorted = true;
  int64_t prev = INT64_MIN;  /* the last line of the last range that has one */
  for (const LineRange *r = ranges; r; r = r->next) {
    if (r->first <= r->last) {
      sorted &= r->first > prev;
      prev = r->last;
    }
    (*n)++;
  }
  if (sorted) {
    *n = 0;
    return NULL;
  }
  LineRange *v = arena_alloc(a, sizeof *v * (size_t)*n);
  int k = 0;
  for (const LineRange *r = ranges; r; r = r->next)
    if (r->first <= r->last)
      v[k++] = *r;
  qsort(v, (size_t)k, sizeof *v, by_first);
  int m = 0;
  for (int i = 0; i < k; i++) {
    if (m > 0 && v[i].first <= v[m - 1].last) {
      if (v[i].last > v[m - 1].last)
        v[m - 1].last = v[i].last;
    } else {
      v[m++] = v[i];
    }
  }
  *n = m;
  return v;
}

/* The first number in r that p has no line for, or 0 when it has them all. */
static int missing_line(const Project *p, const LineRange *r) {
  if (!p->by_nr) {
    for (int nr = r->first; nr <= r->last && nr - r->first < 100000; nr++)
      if (!project_line(p, nr))
        return nr;
    return 0;
  }
  int64_t want = r->first;
  for (int i = first_at_least(p, r->first); i < p->nlines && p->by_nr[i]->nr <= r->last; i++) {
    if (p->by_nr[i]->nr > want)
      break;
    want = (int64_t)p->by_nr[i]->nr + 1;
  }
  return want <= r->last ? (int)want : 0;
}

/* Lines by number, without walking the whole project: by_nr is sorted
 * (resolve.c), so a range of k lines costs k steps and a search, and a
 * chain of percentages over n lines is linear, not quadratic. */
static i128 range_sum(Evaluator *E, const Project *p, int first, int last, Side side, int yi) {
  i128 sum = 0;
  for (int i = first_at_least(p, first); i < p->nlines && p->by_nr[i]->nr <= last; i++) {
    bool present, pm;
    int64_t c = cell_amount(E, p->by_nr[i], side, yi, &present, &pm);
    if (present && !pm)
      sum += (i128)c * MICROS_PER_CENT;
  }
  return sum;
}

static Value percent_of(Evaluator *E, Expr *e, const Line *self, int yi) {
  Value pct = eval_expr(E, e->lhs, self, e->side, yi);
  if (!pct.ok)
    return bad();
  if (!self) {
    diag_report(E->diags, "invalid-value", e->loc,
                "a percentage of lines can only stand in a line of a project");
    E->ok = false;
    return bad();
  }
  const Project *p = self->project;
  i128 sum = 0;
  if (!e->ranges || !p->by_nr) {
    for (const Line *l = p->lines; l; l = l->next) {
      if (e->ranges ? !in_ranges(e->ranges, l->nr) : l == self)
        continue;
      if (l == self)
        break;  /* reported below */
      bool present, pm;
      int64_t c = cell_amount(E, l, e->side, yi, &present, &pm);
      if (present && !pm)
        sum += (i128)c * MICROS_PER_CENT;
    }
  }
  if (e->ranges && in_ranges(e->ranges, self->nr)) {
    diag_report(E->diags, "invalid-value", e->loc,
                "line %d's percentage includes line %d itself", self->nr, self->nr);
    E->ok = false;
    return bad();
  }
  for (LineRange *r = e->ranges; r; r = r->next) {
    int missing = missing_line(p, r);
    if (missing) {
      diag_report(E->diags, "unknown-name", r->loc, "project '%s' has no line %d", p->id,
                  missing);
      E->ok = false;
      return bad();
    }
  }
  if (e->ranges && p->by_nr) {
    int n;
    LineRange *joined = joined_ranges(E->arena, e->ranges, &n);
    if (joined)
      for (int i = 0; i < n; i++)
        sum += range_sum(E, p, joined[i].first, joined[i].last, e->side, yi);
    else
      for (LineRange *r = e->ranges; r; r = r->next)
        sum += range_sum(E, p, r->first, r->last, e->side, yi);
  }
  if (product_beyond(sum, pct.micros)) {  /* never wrap */
    overflow(E, e->loc);
    return bad();
  }
  return num(div_round(sum * pct.micros, MICROS_PER_UNIT));
}

static Value indexed(Evaluator *E, Expr *e, const Line *self, Side side, int yi) {
  Value base = eval_expr(E, e->lhs, self, side, yi);
  if (!base.ok || !e->indexing->index)
    return bad();
  if (base.pm) {
    diag_report(E->diags, "invalid-value", e->loc, "PM cannot be indexed");
    E->ok = false;
    return bad();
  }
  IndexDecl *x = e->indexing->index;
  /* in the columns before the horizon (columns.c), the plan's own first
   * year is still the one a rule without a base states its amounts in */
  int first = E->res->horizon_first ? E->res->horizon_first : E->plan->first_year;
  int base_year = index_base_year(x, first);
  int from = e->indexing->from_year ? e->indexing->from_year : base_year;
  int year = E->plan->first_year + yi;
  if (year < from) {
    Diag *g = diag_report(E->diags, "year-range", e->loc,
                          "%d comes before %d, the year in which this amount is stated", year,
                          from);
    if (e->indexing->from_year)
      diag_note(E->diags, g, e->loc, "'from %d' states the amount in %d, which has no "
                "value in an earlier year: start the cell at %d, or state it in %d", from, from,
                from, year);
    else
      diag_note(E->diags, g, x->base_loc, "indexation rule '%s' states its amounts in its "
                "base year %d; write 'indexed %s from %d' to state this one in %d, or leave "
                "out the rule's 'base' to state amounts in the plan's first year", x->id,
                from, x->id, year, year);
    E->ok = false;
    return bad();
  }
  Value rate = eval_expr(E, x->rate, NULL, side, yi);
  if (!rate.ok)
    return bad();
  /* Compound exactly, kept to a millionth of a micro, then round once; a
   * product beyond 128 bits is an overflow, never a wrap. */
  i128 factor = MICROS_PER_UNIT + rate.micros;
  if ((base.micros < 0 ? -base.micros : base.micros) > I128_LIMIT / MICROS_PER_UNIT) {
    overflow(E, e->loc);
    return bad();
  }
  i128 v = base.micros * MICROS_PER_UNIT;
  for (int n = from; n < year; n++) {
    if (product_beyond(v, factor)) {
      overflow(E, e->loc);
      return bad();
    }
    v = div_round(v * factor, MICROS_PER_UNIT);
  }
  i128 r = div_round(v, MICROS_PER_UNIT);
  if (x->step) {
    Value step = eval_expr(E, x->step, NULL, side, yi);
    if (!step.ok || step.micros <= 0) {
      diag_report(E->diags, "invalid-value", x->step->loc, "a rounding step must be above zero");
      E->ok = false;
      return bad();
    }
    i128 q = r / step.micros, rem = r % step.micros;
    if (rem != 0) {
      if (x->rounding > 0)
        q += r > 0 ? 1 : 0;
      else if (x->rounding < 0)
        q -= r < 0 ? 1 : 0;
      else
        q = div_round(r, step.micros);
    }
    r = q * step.micros;
  }
  return num(r);
}

/* v rounded to a multiple of step, half away from zero. */
static i128 round_to_step(i128 v, i128 step) { return div_round(v, step) * step; }

/* A member's share of a total by a key: the total times the member's weight
 * over the key's, rounded to the key's step (a cent, or one unit in a plan
 * with a unit); the residue member takes the total minus the others'
 * rounded shares, so that the members' shares add up to the total exactly.
 * Computed in micros in 128 bits; a product beyond them is an overflow. */
static Value share(Evaluator *E, Expr *e, const Line *self, Side side, int yi) {
  Value total = eval_expr(E, e->lhs, self, side, yi);
  const KeyShare *x = e->share;
  if (!total.ok || !x->key || !x->key->ok || x->member < 0)
    return bad();
  if (total.pm) {
    diag_report(E->diags, "invalid-value", e->loc,
                "PM cannot be divided by a key; give the total as an amount");
    E->ok = false;
    return bad();
  }
  if (!self) {
    diag_report(E->diags, "invalid-value", e->loc,
                "a share by a key stands in a line's cell, not here; state the amount itself");
    E->ok = false;
    return bad();
  }
  const KeyDecl *k = x->key;
  i128 step = k->step ? k->step->micros
              : E->plan->decl->unit > 1 ? MICROS_PER_UNIT
                                        : MICROS_PER_UNIT / 100;
  i128 mine = 0, others = 0;
  int i = 0;
  for (const KeyMember *m = k->members; m; m = m->next, i++) {
    if (i == k->residue_index)
      continue;
    if (product_beyond(total.micros, m->weight)) {
      overflow(E, e->loc);
      return bad();
    }
    i128 part = round_to_step(div_round(total.micros * m->weight, k->total_weight), step);
    if (i == x->member)
      mine = part;
    others += part;
    if (others > I128_LIMIT || others < -I128_LIMIT) {
      overflow(E, e->loc);
      return bad();
    }
  }
  if (x->member == k->residue_index)
    mine = total.micros - others;
  return num(mine);
}

static Value eval_expr(Evaluator *E, Expr *e, const Line *self, Side side, int yi) {
  switch (e->kind) {
  case EXPR_NUMBER: return num(e->micros);
  case EXPR_PM: return (Value){true, true, 0};
  case EXPR_PAREN:
  case EXPR_WITHIN: return eval_expr(E, e->lhs, self, side, yi);
  case EXPR_NEG:
  case EXPR_ADD:
  case EXPR_SUB:
  case EXPR_MUL:
  case EXPR_DIV: return arith(E, e, self, side, yi);
  case EXPR_PERCENT_OF: return percent_of(E, e, self, yi);
  case EXPR_INDEXED: return indexed(E, e, self, side, yi);
  case EXPR_SHARE: return share(E, e, self, side, yi);
  case EXPR_ITEMS: {
    i128 sum = 0;
    for (Item *i = e->items; i; i = i->next) {
      Value v = eval_expr(E, i->value, self, side, yi);
      if (!v.ok)
        return bad();
      if (v.pm) {
        diag_report(E->diags, "invalid-value", i->value->loc, "an item cannot be PM");
        E->ok = false;
        return bad();
      }
      sum += v.micros;
      if (sum > I128_LIMIT || sum < -I128_LIMIT) {
        overflow(E, e->loc);
        return bad();
      }
    }
    return num(sum);
  }
  }
  return bad();
}

/* Evaluates a value that must be a plain amount (opening, reservation,
 * expectation, transfer), to cents. */
static bool eval_cents(Evaluator *E, Expr *e, int yi, int64_t *out) {
  Value v = eval_expr(E, e, NULL, SIDE_BATEN, yi);
  if (!v.ok)
    return false;
  if (v.pm) {
    diag_report(E->diags, "invalid-value", e->loc, "PM is not allowed here; give an amount");
    E->ok = false;
    return false;
  }
  if (!micros_to_cents(v.micros, out)) {
    overflow(E, e->loc);
    return false;
  }
  return true;
}

/* "line 4 'Programmacoördinatie' of 'versterken', lasten 2027": the line as
 * the table names it. */
static const char *describe(Evaluator *E, const Line *l, Side s, int year) {
  if (year)
    return diag_phrase(E->diags, "line %d '%s' of '%s', %s %d", l->nr, l->category,
                       l->project->id, side_name(s), year);
  /* for diag_year: the year, or the years, in place of the marker */
  return diag_phrase(E->diags, "line %d '%s' of '%s', %s " DIAG_YEARS, l->nr, l->category,
                     l->project->id, side_name(s));
}

/* What a rule finding is about, without the year: the years of one line's
 * side form one finding (diags_group). */
static char *rule_key(Evaluator *E, const char *kind, const Line *l, Side s) {
  return arena_printf(E->arena, "%s:%s:%d:%s", kind, l->project->id, l->nr, side_name(s));
}

static void compare_rule(Evaluator *E, Loc at, const Expr *rule, const Line *l, Side s,
                         int yi, int64_t stated, int64_t computed, int64_t tolerance,
                         Loc rule_loc) {
  if (stated == computed)
    return;
  /* the rule's words only when there is something to say */
  const char *rule_text = rule_phrase(E, rule);
  /* computed - stated, as in expectation messages: positive when the rule
   * gives more than the table says */
  int64_t diff;
  const char *what;
  char a[48], b[48], dd[48];
  fmt_eur_unit(a, sizeof a, stated, plan_unit(E->plan));
  fmt_eur_unit(b, sizeof b, computed, plan_unit(E->plan));
  if (!money_sub(computed, stated, &diff) || diff == INT64_MIN) {
    /* the difference itself is beyond the money type: say so, never a
     * saturated amount */
    what = describe(E, l, s, E->plan->first_year + yi);
    diag_report(E->diags, "overflow", at, "%s: the table says %s, but %s %s: their difference "
                "is beyond the money type", what, a, rule_text, b);
    return;
  }
  int64_t mag = diff < 0 ? -diff : diff;
  what = describe(E, l, s, 0);
  fmt_eur_unit(dd, sizeof dd, diff, plan_unit(E->plan));
  bool within = mag <= tolerance;
  const char *vals[] = {a, b, dd};
  Diag *g = diag_year(E->diags, within ? "rule-tolerance" : "rule-mismatch", at,
                      rule_key(E, "rule", l, s), E->plan->first_year + yi, vals, 3,
                      "%s: the table says " DIAG_VAL(0) ", but %s " DIAG_VAL(1)
                      " (difference " DIAG_VAL(2) ")%s",
                      what, rule_text, within ? diag_phrase(E->diags, ", within the tolerance") : "");
  if (g) {  /* where an `accept` for it stands (check.c) */
    g->project = l->project->id;
    g->line = l->nr;
  }
  if (rule_loc.file && (rule_loc.file != at.file || rule_loc.begin != at.begin))
    diag_note(E->diags, g, rule_loc, "the rule is stated here");
}

/* A tolerance (within TOL) in cents: an amount in the plan's unit, or a
 * percentage of the computed amount; false (reported) when it is none. */
static bool tolerance_cents(Evaluator *E, Expr *tol, const Line *l, Side s, int yi,
                            int64_t computed, int64_t *out) {
  *out = 0;
  if (!tol)
    return true;
  Value t = eval_expr(E, tol, l, s, yi);
  if (!t.ok)
    return false;
  if (t.pm || t.micros < 0) {
    if (t.pm)
      diag_report(E->diags, "invalid-value", tol->loc, "a tolerance is an amount of 0 or more, not PM");
    else
      diag_report(E->diags, "invalid-value", tol->loc, "a tolerance is an amount of 0 or more");
    E->ok = false;
    return false;
  }
  if (tol->kind == EXPR_NUMBER && tol->is_percent) {
    *out = money_abs_times(computed, t.micros);
    return true;
  }
  return micros_to_cents(t.micros, out);
}

/* The cell that gives a line's amount for a year: the first that covers it,
 * as place_cells keeps the first and reports any later one as a duplicate.
 * Looked up rather than kept per line, side and year, which took as much
 * memory as the amounts themselves (issue #8): cell_amount asks once per
 * amount, and without duplicates a side has at most a cell per year, so the
 * walk is short. yi lies within the horizon, where year_index(first_year +
 * yi) is yi. */
static const Cell *cell_at(const Plan *P, const Line *l, Side s, int yi) {
  int year = P->first_year + yi;
  for (const Cell *c = l->cells[s]; c; c = c->next)
    if (c->y0 <= year && year <= c->y1)
      return c;
  return NULL;
}

/* ------------------------------------------------------------ what-ifs */

/* A source realised at a percentage (--scenario, the risk paragraph's
 * "without this source") scales its baten lines, the lasten lines that pass
 * that money on to another project (a transfer of a whole lasten line paid
 * by such a baten line), and the baten those transfers bring. Every other
 * lasten line stays as planned, and so do the amounts a transfer states:
 * the costs are made or promised, and the project that pays them carries
 * the difference. Which source each line follows is found once per
 * evaluation (follow_sources), not per cell. */
#define REALISED_ALL 10000 /* hundredths of a percent */

static const Source *passed_on(const Evaluator *E, const bool *moves, const Line *l, int depth);

/* The source whose realisation a baten line follows: its own, or for a line
 * that receives a transfer, the source the paying line passes on. */
static const Source *baten_source(const Evaluator *E, const bool *moves, const Line *l,
                                  int depth) {
  if (l->source)
    return l->source;
  if (!l->receives_transfer || depth > 32)
    return NULL;
  int li = line_slot(E->res, l);
  for (int j = E->into_first[li]; j < E->into_first[li] + E->into_count[li]; j++) {
    const Transfer *t = E->plan->transfers[E->into[j]];
    if (t->from_line && !t->amounts) {
      const Source *s = passed_on(E, moves, t->from_line, depth + 1);
      if (s)
        return s;
    }
  }
  return NULL;
}

/* A lasten line passes money on when it is paid by a baten line and all of
 * it moves to another project (moves: a transfer without amounts of its
 * own): what that baten line brings in, it hands over. */
static const Source *passed_on(const Evaluator *E, const bool *moves, const Line *l, int depth) {
  if (!l->paid_by_line || depth > 32 || !moves[line_slot(E->res, l)])
    return NULL;
  return baten_source(E, moves, l->paid_by_line, depth + 1);
}

/* E->follows for a what-if that realises a source at a percentage; NULL
 * (nothing scaled) otherwise. Needs index_transfers. */
static void follow_sources(Evaluator *E) {
  const Plan *P = E->plan;
  if (!E->res->scenario.realised)
    return;
  bool *moves = arena_alloc(E->arena, (size_t)P->nlines + 1);
  for (int i = 0; i < P->ntransfers; i++)
    if (P->transfers[i]->from_line && !P->transfers[i]->amounts)
      moves[line_slot(E->res, P->transfers[i]->from_line)] = true;
  E->follows = arena_alloc(E->arena, sizeof *E->follows * (2 * (size_t)P->nlines + 1));
  for (int i = 0; i < P->nlines; i++) {
    const Line *l = P->lines[i];
    const Source **f = &E->follows[2 * line_slot(E->res, l)];
    f[SIDE_BATEN] = baten_source(E, moves, l, 0);
    f[SIDE_LASTEN] = passed_on(E, moves, l, 0);
  }
}

/* cents of a cell that follows src under the what-if. */
static int64_t realised_cents(const Evaluator *E, const Source *src, int64_t cents) {
  const Plan *P = E->res->plan;
  if (!src || src->index < 0 || src->index >= P->nsources)
    return cents;
  int32_t r = E->res->scenario.realised[src->index];
  if (r == REALISED_ALL)
    return cents;
  /* cents are at most about 2^63 and r at most 100000: 128 bits hold it */
  i128 v = div_round((i128)cents * r, REALISED_ALL);
  if (v > INT64_MAX)
    return INT64_MAX;
  if (v < INT64_MIN)
    return INT64_MIN;
  return (int64_t)v;
}

/* Computes a cell whose inputs are computed (settle): the amount, its
 * rule, or for a receiving line the transfers into it. c is the cell
 * given for the year (cell_at), or NULL. */
static void compute_cell(Evaluator *E, const Line *l, Side s, int yi, const Cell *c) {
  Results *R = E->res;
  size_t at = res_at(R, l, s, yi);
  if (c) {
    R->flags[at] |= CELL_PRESENT;
    /* a literal (most cells) is its own value: no walk of a node, and
     * no node made of it unless a message needs its place */
    Expr scratch;
    Value v = cell_has_literal(c) ? num(c->literal)
                                  : eval_expr(E, cell_amount_node(l, c, &scratch), l, s, yi);
    if (v.ok && v.pm) {
      R->flags[at] |= CELL_PM;
    } else if (v.ok && !micros_to_cents(v.micros, &R->cents[at])) {
      overflow(E, cell_amount_node(l, c, &scratch)->loc);
    }
    Expr *rule = cell_rule(c);
    /* "= items { ... } within 1": the rule, and how far the table may be
     * from it (a table rounded to thousands) */
    Expr *tol = NULL;
    if (rule && rule->kind == EXPR_WITHIN) {
      tol = rule->rhs;
      rule = rule->lhs;
    }
    if (v.ok && rule) {
      Value r = eval_expr(E, rule, l, s, yi);
      int64_t rc, tc;
      if (r.ok && r.pm != v.pm) {
        diag_report(E->diags, "rule-mismatch", rule->loc,
                    "the stated amount and its rule must both be PM or both amounts");
      } else if (r.ok && !r.pm && micros_to_cents(r.micros, &rc) &&
                 tolerance_cents(E, tol, l, s, yi, rc, &tc)) {
        compare_rule(E, cell_amount_node(l, c, &scratch)->loc, rule, l, s, yi, R->cents[at],
                     rc, tc, rule->loc);
      }
    }
    /* sign lasten negative: the table prints -7.912 for 7.912 of lasten;
     * the rule was compared with the amount as printed */
    if (v.ok && !v.pm && E->plan->decl && E->plan->decl->negative[s])
      R->cents[at] = -R->cents[at];
    /* a what-if: the amount realised, once the rule has been compared
     * with the amount as the table states it */
    if (v.ok && !v.pm && E->follows)
      R->cents[at] = realised_cents(E, E->follows[2 * line_slot(R, l) + s], R->cents[at]);
  } else if (s == SIDE_BATEN && l->receives_transfer && !l->cells[SIDE_BATEN]) {
    /* The amount is written once, on the paying side. */
    int64_t sum = 0;
    int li = line_slot(R, l);
    int from = E->into_first[li], to = from + E->into_count[li];
    for (int j = from; j < to; j++) {
      const Transfer *t = E->plan->transfers[E->into[j]];
      if (t->to_line != l || !t->from_line)
        continue;
      int64_t part = 0;
      bool p = false, ppm = false;
      if (t->amounts) {
        for (YearAmount *ya = t->amounts; ya; ya = ya->next)
          if (year_index(E->plan, ya->y0) <= yi && yi <= year_index(E->plan, ya->y1)) {
            p = eval_cents(E, ya->value, yi, &part);
          }
      } else {
        part = cell_amount(E, t->from_line, SIDE_LASTEN, yi, &p, &ppm);
        if (ppm)
          R->flags[at] |= CELL_PM;
      }
      if (p) {
        R->flags[at] |= CELL_PRESENT;
        if (!money_add(sum, part, &sum))
          overflow(E, t->loc);
      }
    }
    R->cents[at] = sum;
  }
  /* an amount given in place of the plan's (the realisatie's forecast):
   * the cells that read this one follow it, as they follow the plan's */
  const Scenario *sc = &R->scenario;
  size_t whole_at = 2 * ((size_t)l->index * (size_t)R->plan->nyears + (size_t)yi) + (size_t)s;
  if (sc->set && sc->set[whole_at]) {
    R->cents[at] = sc->cents[whole_at];
    R->flags[at] = (uint8_t)((R->flags[at] & ~CELL_PM) | CELL_PRESENT);
  }
}

/* ------------------------------------------------------------ work list */

static void need(Evaluator *E, const Line *l, Side side, int yi) {
  if (E->nneeds == E->needs_cap) {
    E->needs_cap = E->needs_cap ? 2 * E->needs_cap : 256;
    E->needs = xrealloc(E->needs, E->needs_cap * sizeof *E->needs);
  }
  E->needs[E->nneeds++] = (Need){l, side, yi};
}

/* The cells an expression in self's cell for year yi reads: those of its
 * percentages (an indexation's rate and step have no line, and read
 * none). As deep as the expression, which the parser bounds. */
static void expr_needs(Evaluator *E, const Expr *e, const Line *self, int yi) {
  switch (e->kind) {
  case EXPR_NUMBER:
  case EXPR_PM: return;
  case EXPR_PAREN:
  case EXPR_NEG:
  case EXPR_SHARE:
  case EXPR_INDEXED: expr_needs(E, e->lhs, self, yi); return;
  case EXPR_ADD:
  case EXPR_SUB:
  case EXPR_MUL:
  case EXPR_DIV:
  case EXPR_WITHIN:
    expr_needs(E, e->lhs, self, yi);
    expr_needs(E, e->rhs, self, yi);
    return;
  case EXPR_ITEMS:
    for (const Item *i = e->items; i; i = i->next)
      expr_needs(E, i->value, self, yi);
    return;
  case EXPR_PERCENT_OF: {
    const Project *p = self ? self->project : NULL;
    if (!p)
      return;
    if (!e->ranges || !p->by_nr) {
      for (const Line *l = p->lines; l; l = l->next)
        if (l != self && (!e->ranges || in_ranges(e->ranges, l->nr)))
          need(E, l, e->side, yi);
      return;
    }
    for (const LineRange *r = e->ranges; r; r = r->next)
      for (int i = first_at_least(p, r->first); i < p->nlines && p->by_nr[i]->nr <= r->last; i++)
        if (p->by_nr[i] != self)
          need(E, p->by_nr[i], e->side, yi);
    return;
  }
  }
}

/* Whether a cell reads no other cell: a literal without a rule (most of a
 * plan's cells), or a year without a cell that no transfer fills. What
 * cell_needs would find nothing for; c is the year's cell (cell_at). */
static bool reads_no_cell(const Line *l, Side s, const Cell *c) {
  if (c)
    return cell_has_literal(c) && !cell_rule(c);
  return s != SIDE_BATEN || !l->receives_transfer || l->cells[SIDE_BATEN];
}

/* The cells that compute_cell reads for a cell. */
static void cell_needs(Evaluator *E, const Line *l, Side s, int yi) {
  const Cell *c = cell_at(E->plan, l, s, yi);
  if (c) {
    if (!cell_has_literal(c) && (c->stated ? c->stated : c->value))
      expr_needs(E, c->stated ? c->stated : c->value, l, yi);
    if (cell_rule(c))
      expr_needs(E, cell_rule(c), l, yi);
    return;
  }
  if (s != SIDE_BATEN || !l->receives_transfer || l->cells[SIDE_BATEN])
    return;
  int li = line_slot(E->res, l);
  int from = E->into_first[li], to = from + E->into_count[li];
  for (int j = from; j < to; j++) {
    const Transfer *t = E->plan->transfers[E->into[j]];
    if (t->to_line == l && t->from_line && !t->amounts)
      need(E, t->from_line, SIDE_LASTEN, yi);
  }
}

static uint8_t *state_of(Evaluator *E, const Line *l, Side s, int yi) {
  return &E->state[s][(size_t)line_slot(E->res, l) * (size_t)E->plan->nyears + (size_t)yi];
}

static void begin(Evaluator *E, const Line *l, Side s, int yi) {
  *state_of(E, l, s, yi) = 1;
  if (E->nframes == E->frames_cap) {
    E->frames_cap = E->frames_cap ? 2 * E->frames_cap : 64;
    E->frames = xrealloc(E->frames, E->frames_cap * sizeof *E->frames);
  }
  size_t first = E->nneeds;
  cell_needs(E, l, s, yi);
  E->frames[E->nframes++] = (Frame){{l, s, yi}, first, E->nneeds, first};
}

/* Computes a cell and, first, every cell it reads that is not yet
 * computed, in dependency order, from an explicit stack rather than by
 * recursion: a chain of ten thousand percentages ("100% of lasten[j+1]")
 * would otherwise overflow the C stack. A cell on the stack is busy
 * (state 1); one that reads a busy cell is in a cycle, which cell_amount
 * reports when compute_cell asks for it. */
static void settle(Evaluator *E, const Line *l, Side s, int yi) {
  /* a cell that reads none (most of a plan's) needs no work list: its
   * frame would be pushed and popped at once */
  const Cell *c = cell_at(E->plan, l, s, yi);
  if (reads_no_cell(l, s, c)) {
    compute_cell(E, l, s, yi, c);
    *state_of(E, l, s, yi) = 2;
    return;
  }
  size_t base = E->nframes;
  begin(E, l, s, yi);
  while (E->nframes > base) {
    Frame *f = &E->frames[E->nframes - 1];
    if (f->next < f->end) {
      Need n = E->needs[f->next++];
      if (*state_of(E, n.l, n.side, n.yi) == 0)
        begin(E, n.l, n.side, n.yi);
      continue;
    }
    Need c = f->cell;
    E->nneeds = f->begin;
    E->nframes--;
    /* popped first: compute_cell asks only for computed or busy cells */
    compute_cell(E, c.l, c.side, c.yi, cell_at(E->plan, c.l, c.side, c.yi));
    *state_of(E, c.l, c.side, c.yi) = 2;
  }
}

static void end_work(Evaluator *E) {
  free(E->frames);
  free(E->needs);
  E->frames = NULL;
  E->needs = NULL;
  E->nframes = E->frames_cap = E->nneeds = E->needs_cap = 0;
}

static int64_t cell_amount(Evaluator *E, const Line *l, Side s, int yi, bool *present, bool *pm) {
  uint8_t *st = state_of(E, l, s, yi);
  if (*st == 1) {
    const char *what;
    what = describe(E, l, s, E->plan->first_year + yi);
    diag_report(E->diags, "invalid-value", l->loc, "%s depends on itself", what);
    E->ok = false;
    *present = false;
    *pm = false;
    return 0;
  }
  if (*st == 0)
    settle(E, l, s, yi);
  *present = present_at(E->res, l, s, yi);
  *pm = pm_at(E->res, l, s, yi);
  return cents_at(E->res, l, s, yi);
}

static void place_cells(Evaluator *E, const Line *l, int i) {
  const Plan *P = E->plan;
  for (int s = 0; s < 2; s++) {
    size_t of = (size_t)i * 2 + (size_t)s + 1;  /* 0, as allocated, is none */
    for (Cell *c = l->cells[s]; c; c = c->next) {
      for (int y = c->y0; y <= c->y1; y++) {
        int yi = year_index(P, y);
        if (yi < 0)
          continue;
        if (E->seen[yi].of == of) {
          Diag *g = diag_report(E->diags, "duplicate", cell_loc(l, c),
                                "line %d has %s for %d twice", l->nr, side_name((Side)s), y);
          diag_note(E->diags, g, cell_loc(l, E->seen[yi].cell), "first given here");
          E->ok = false;
          continue;
        }
        E->seen[yi] = (struct Seen){c, of};
      }
    }
  }
}

static void compare_bound(Evaluator *E, const RuleDecl *r, const Line *l, int yi, int64_t amount,
                          int64_t bound) {
  const char *what;
  char a[48], b[48];
  what = describe(E, l, r->side, 0);
  fmt_eur_unit(a, sizeof a, amount, plan_unit(E->plan));
  fmt_eur_unit(b, sizeof b, bound, plan_unit(E->plan));
  const char *vals[] = {a, b};
  Diag *g = diag_year(E->diags, "rule-mismatch", r->loc, rule_key(E, "bound", l, r->side),
            E->plan->first_year + yi, vals, 2,
            "%s: the table says " DIAG_VAL(0) ", but the rule asks for %s " DIAG_VAL(1) " (%s)",
            what, r->compare == RULE_AT_LEAST ? diag_phrase(E->diags, "at least") : diag_phrase(E->diags, "at most"),
            snippet(E->arena, r->expr->loc));
  if (g) {
    g->project = l->project->id;
    g->line = l->nr;
  }
}

static void rule_year_missing(Evaluator *E, const RuleDecl *r, const Line *l, int yi,
                              int64_t computed) {
  const char *what;
  char b[48];
  what = describe(E, l, r->side, E->plan->first_year + yi);
  fmt_eur_unit(b, sizeof b, computed, plan_unit(E->plan));
  const char *rule = snippet(E->arena, r->expr->loc);
  Diag *g =
      r->compare == RULE_AT_LEAST
          ? diag_report(E->diags, "rule-mismatch", r->loc,
                        "%s: the line has no cell for this year, but its rule (%s) gives at least %s",
                        what, rule, b)
      : r->compare == RULE_AT_MOST
          ? diag_report(E->diags, "rule-mismatch", r->loc,
                        "%s: the line has no cell for this year, but its rule (%s) gives at most %s",
                        what, rule, b)
          : diag_report(E->diags, "rule-mismatch", r->loc,
                        "%s: the line has no cell for this year, but its rule (%s) gives %s", what,
                        rule, b);
  if (r->years.y0)
    diag_note(E->diags, g, l->loc, "the rule covers %d..%d: give %d a cell", r->years.y0,
              r->years.y1, E->plan->first_year + yi);
  else
    diag_note(E->diags, g, l->loc,
              "a rule covers every year of the horizon unless it names its years (rule %s "
              "YEARS = ...): give %d a cell, or name the years",
              side_name(r->side), E->plan->first_year + yi);
}

static void check_line_rules(Evaluator *E, const Line *l) {
  for (RuleDecl *r = line_rules(l); r; r = r->next) {
    for (int yi = 0; yi < E->plan->nyears; yi++) {
      /* A rule covers every year of the horizon: a year without a cell is
       * an amount of 0 that the rule must allow, not a year skipped. */
      bool missing = !present_at(E->res, l, r->side, yi);
      int year = E->plan->first_year + yi;
      if (pm_at(E->res, l, r->side, yi) || (r->years.y0 && (year < r->years.y0 || year > r->years.y1)))
        continue;
      Value v = eval_expr(E, r->expr, l, r->side, yi);
      int64_t computed, tol = 0;
      if (!v.ok || v.pm || !micros_to_cents(v.micros, &computed) ||
          !tolerance_cents(E, r->tolerance, l, r->side, yi, computed, &tol))
        continue;
      int64_t amount = missing ? 0 : cents_at(E->res, l, r->side, yi);
      if (missing) {
        bool holds = r->compare == RULE_AT_LEAST ? 0 >= computed - tol
                     : r->compare == RULE_AT_MOST ? 0 <= computed + tol
                                                  : (computed < 0 ? -computed : computed) <= tol;
        if (!holds)
          rule_year_missing(E, r, l, yi, computed);
        continue;
      }
      if (r->compare != RULE_EQ) {
        /* A bound: only the wrong side of it is a finding. */
        bool holds = r->compare == RULE_AT_LEAST ? amount >= computed - tol : amount <= computed + tol;
        if (!holds)
          compare_bound(E, r, l, yi, amount, computed);
        continue;
      }
      compare_rule(E, r->loc, r->expr, l, r->side, yi,
                   amount, computed, tol, r->expr->loc);
    }
  }
}

static void balances(Evaluator *E, const Project *p) {
  const Plan *P = E->plan;
  Results *R = E->res;
  size_t n = (size_t)P->nyears;
  ProjectResult *pr = &R->projects[R->slots ? R->slots->project[p->index] : p->index];
  pr->opening = arena_alloc(E->arena, sizeof(int64_t) * n);
  pr->baten = arena_alloc(E->arena, sizeof(int64_t) * n);
  pr->lasten = arena_alloc(E->arena, sizeof(int64_t) * n);
  pr->closing = arena_alloc(E->arena, sizeof(int64_t) * n);
  if (project_unchecked(R, p))
    return;  /* zeros: nothing of it was evaluated */
  int64_t open = 0;
  /* An annual programme carries nothing: each year opens at zero and its
   * closing is that year's saldo (annual.c refuses an opening). */
  bool annual = project_annual(P, p);
  /* the columns before the horizon (columns.c) have no balance to open */
  if (p->opening_expr && !annual && !R->horizon_first)
    eval_cents(E, p->opening_expr, 0, &open);
  pr->npm[0] = pr->npm[1] = 0;
  for (int yi = 0; yi < P->nyears; yi++) {
    if (annual)
      open = 0;
    pr->opening[yi] = open;
    for (const Line *l = p->lines; l; l = l->next) {
      for (int s = 0; s < 2; s++) {
        if (!present_at(R, l, s, yi))
          continue;
        if (pm_at(R, l, s, yi)) {
          pr->npm[s]++;
          continue;
        }
        int64_t *sum = s == SIDE_BATEN ? &pr->baten[yi] : &pr->lasten[yi];
        if (!money_add(*sum, cents_at(R, l, s, yi), sum))
          overflow(E, l->loc);
      }
    }
    int64_t c;
    if (!money_add(open, pr->baten[yi], &c) || !money_sub(c, pr->lasten[yi], &c)) {
      overflow(E, p->loc);
      c = 0;
    }
    pr->closing[yi] = c;
    open = c;
  }
  /* what `paid outside` states: the horizon's years only */
  for (const Line *l = p->lines; l && R->outside_cents && !R->horizon_first; l = l->next) {
    int64_t *cents = &R->outside_cents[(size_t)line_slot(R, l) * n];
    for (YearAmount *ya = line_outside(l) ? line_outside(l)->amounts : NULL; ya; ya = ya->next)
      for (int y = ya->y0; y <= ya->y1; y++) {
        int yi = year_index(P, y);
        if (yi >= 0)
          eval_cents(E, ya->value, yi, &cents[yi]);
      }
  }
  for (const Reserve *r = p->reserves; r; r = r->next) {
    int64_t *cents = &R->reserve_cents[reserve_at(R, r)];
    uint8_t *present = &R->reserve_present[reserve_at(R, r)];
    for (YearAmount *ya = r->amounts; ya; ya = ya->next)
      for (int y = ya->y0; y <= ya->y1; y++) {
        int yi = year_index(P, y);
        if (yi >= 0 && eval_cents(E, ya->value, yi, &cents[yi]))
          present[yi] = 1;
      }
  }
}

static void transfer_amounts(Evaluator *E, const Transfer *t) {
  const Plan *P = E->plan;
  Results *R = E->res;
  int64_t *cents = &R->transfer_cents[transfer_at(R, t)];
  uint8_t *present = &R->transfer_present[transfer_at(R, t)];
  if (!t->from_line || !t->to_line)
    return;
  if (t->amounts) {
    for (YearAmount *ya = t->amounts; ya; ya = ya->next)
      for (int y = ya->y0; y <= ya->y1; y++) {
        int yi = year_index(P, y);
        if (yi >= 0 && eval_cents(E, ya->value, yi, &cents[yi]))
          present[yi] = 1;
      }
  } else {
    for (int yi = 0; yi < P->nyears; yi++) {
      if (present_at(R, t->from_line, SIDE_LASTEN, yi) && !pm_at(R, t->from_line, SIDE_LASTEN, yi)) {
        cents[yi] = cents_at(R, t->from_line, SIDE_LASTEN, yi);
        present[yi] = 1;
      }
    }
  }
}

/* The transfers into each line, grouped by line in the plan's order. */
static void index_transfers(Evaluator *E) {
  const Plan *P = E->plan;
  const Results *R = E->res;
  size_t nlines = (size_t)P->nlines + 1;
  E->into_first = arena_alloc(E->arena, sizeof(int) * nlines);
  E->into_count = arena_alloc(E->arena, sizeof(int) * nlines);
  E->into = arena_alloc(E->arena, sizeof(int) * ((size_t)P->ntransfers + 1));
  for (int i = 0; i < P->ntransfers; i++)
    if (P->transfers[i]->to_line)
      E->into_count[line_slot(R, P->transfers[i]->to_line)]++;
  for (int k = 1; k < P->nlines; k++)
    E->into_first[k] = E->into_first[k - 1] + E->into_count[k - 1];
  memset(E->into_count, 0, sizeof(int) * nlines);
  for (int i = 0; i < P->ntransfers; i++) {
    const Line *to = P->transfers[i]->to_line;
    if (to) {
      int li = line_slot(R, to);
      E->into[E->into_first[li] + E->into_count[li]++] = i;
    }
  }
}

/* The loops below run in slices on threads (par.c): each slice evaluates
 * with a copy of the evaluator that allocates and reports into the
 * slice's own. */
static Evaluator in_slice(const Evaluator *E, ParSlice *s) {
  Evaluator e = *E;
  e.arena = s->arena;
  e.diags = s->diags;
  e.ok = true;
  return e;
}

/* Runs one item with ok fresh, and keeps whether it failed: an error is
 * its item's, and the items without one are still checked. */
#define ITEM(e, failed, i, work)                                                \
  do {                                                                          \
    bool ok_ = (e).ok;                                                          \
    (e).ok = true;                                                              \
    work;                                                                       \
    (failed)[i] |= !(e).ok;                                                     \
    (e).ok &= ok_;                                                              \
  } while (0)

/* Every line's cells are placed, a project left unchecked included, so
 * that a cell given twice is reported with the plan's other errors. */
static void place_slice(void *ctx, ParSlice *s, int begin, int end) {
  Evaluator e = in_slice(ctx, s);
  const Plan *P = e.plan;
  e.seen = arena_alloc(e.arena, sizeof *e.seen * (size_t)(P->nyears > 0 ? P->nyears : 1));
  for (int i = begin; i < end; i++)
    ITEM(e, e.line_failed, i, place_cells(&e, P->lines[i], i));
  s->ok &= e.ok;
}

/* A project's cells, in the order of its lines, sides and years. Cells
 * are computed on demand, and through a transfer one project's computes
 * another's: a slice may compute a project whose transfers reach only
 * projects of the same slice, as one pass would, in the same order. A
 * project that reaches into another slice is deferred (defer_project). */
static void cells_slice(void *ctx, ParSlice *s, int begin, int end) {
  Evaluator e = in_slice(ctx, s);
  const Plan *P = e.plan;
  for (int i = begin; i < end; i++) {
    if (project_unchecked(e.res, P->projects[i]))
      continue;
    bool ok = e.ok;
    e.ok = true;
    for (const Line *l = P->projects[i]->lines; l; l = l->next)
      for (int side = 0; side < 2; side++)
        for (int yi = 0; yi < P->nyears; yi++) {
          if (!*state_of(&e, l, (Side)side, yi))  /* else computed already, as the input of a cell before it */
            settle(&e, l, (Side)side, yi);
        }
    e.project_failed[i] |= !e.ok;
    e.ok &= ok;
  }
  end_work(&e);
  s->ok &= e.ok;
}

static bool defer_project(void *ctx, int i, int begin, int end) {
  const Evaluator *E = ctx;
  return E->reach_lo && (E->reach_lo[i] < begin || E->reach_hi[i] >= end);
}

static void rules_slice(void *ctx, ParSlice *s, int begin, int end) {
  Evaluator e = in_slice(ctx, s);
  for (int i = begin; i < end; i++)
    if (!project_unchecked(e.res, e.plan->lines[i]->project))
      ITEM(e, e.line_failed, i, check_line_rules(&e, e.plan->lines[i]));
  end_work(&e);
  s->ok &= e.ok;
}

static void balances_slice(void *ctx, ParSlice *s, int begin, int end) {
  Evaluator e = in_slice(ctx, s);
  for (int i = begin; i < end; i++)
    ITEM(e, e.project_failed, i, balances(&e, e.plan->projects[i]));
  end_work(&e);
  s->ok &= e.ok;
}

/* Which projects a project's cells can reach: those joined to it by
 * transfers, directly or through others (a receiving line reads its
 * payer's cells, and those may read the payer's own receiving lines). Each
 * project gets the first and last of its group, by union-find over the
 * transfers. */
static int position(const Plan *P, const Project *p) {
  return p->index >= 0 && p->index < P->nprojects && P->projects[p->index] == p ? p->index : -1;
}

static int root(int *up, int i) {
  while (up[i] != i)
    i = up[i] = up[up[i]];
  return i;
}

static void reach(Evaluator *E) {
  const Plan *P = E->plan;
  int n = P->nprojects;
  int *up = xcalloc((size_t)(n ? n : 1), sizeof *up);
  E->reach_lo = xcalloc((size_t)(n ? n : 1), sizeof *E->reach_lo);
  E->reach_hi = xcalloc((size_t)(n ? n : 1), sizeof *E->reach_hi);
  for (int i = 0; i < n; i++)
    up[i] = i;
  for (int i = 0; i < P->ntransfers; i++) {
    const Transfer *t = P->transfers[i];
    if (!t->from_line || !t->to_line)
      continue;
    int from = position(P, t->from_line->project), to = position(P, t->to_line->project);
    if (from < 0 || to < 0) {
      /* a part of a plan (risks.c) numbers its projects as the plan does:
       * then all are one group */
      for (int k = 0; k < n; k++)
        up[k] = 0;
      break;
    }
    up[root(up, from)] = root(up, to);
  }
  for (int i = 0; i < n; i++) {
    int r = root(up, i);
    E->reach_lo[i] = n;
    E->reach_hi[r] = E->reach_hi[r] > i ? E->reach_hi[r] : i;
  }
  for (int i = n - 1; i >= 0; i--)
    E->reach_lo[root(up, i)] = i;
  for (int i = 0; i < n; i++) {
    int r = root(up, i);
    E->reach_lo[i] = E->reach_lo[r];
    E->reach_hi[i] = E->reach_hi[r];
  }
  free(up);
}

static void results_alloc(Results *r, const Plan *whole, Arena *a, const Scenario *s, size_t nlines,
                          size_t nprojects, size_t ntransfers, size_t nreserves) {
  size_t ny = (size_t)whole->nyears;
  size_t cells = 2 * nlines * ny;
  *r = (Results){.plan = whole, .arena = a, .nyears = whole->nyears};
  if (s)
    r->scenario = *s;
  r->cents = arena_alloc(a, sizeof *r->cents * (cells ? cells : 1));
  r->flags = arena_alloc(a, cells ? cells : 1);
  r->projects = arena_alloc(a, sizeof *r->projects * (nprojects + 1));
  r->transfer_cents = arena_alloc(a, sizeof(int64_t) * (ntransfers * ny + 1));
  r->transfer_present = arena_alloc(a, ntransfers * ny + 1);
  r->reserve_cents = arena_alloc(a, sizeof(int64_t) * (nreserves * ny + 1));
  r->reserve_present = arena_alloc(a, nreserves * ny + 1);
  if (whole->noutsides)
    r->outside_cents = arena_alloc(a, sizeof(int64_t) * (nlines * ny + 1));
  r->accept_used = arena_alloc(a, (size_t)whole->naccepts + 1);
  r->prefinance_used = arena_alloc(a, (size_t)whole->nprefinances + 1);
}

void results_init(Results *r, const Plan *P, Arena *a, const Scenario *s) {
  results_alloc(r, P, a, s, (size_t)P->nlines, (size_t)P->nprojects, (size_t)P->ntransfers,
                (size_t)P->nreserves);
  /* the projects resolve could not bind, and those that depend on them */
  r->unchecked = arena_alloc(a, (size_t)P->nprojects + 1);
  if (P->project_errors)
    memcpy(r->unchecked, P->project_errors, (size_t)P->nprojects);
  r->nunchecked = plan_spread_unchecked(P, r->unchecked);
}

void results_init_part(Results *r, const Plan *whole, const Plan *part, const ResultSlots *slots,
                       Arena *a, const Scenario *s) {
  size_t nreserves = 0;
  for (int i = 0; i < part->nprojects; i++)
    for (const Reserve *res = part->projects[i]->reserves; res; res = res->next)
      nreserves++;
  results_alloc(r, whole, a, s, (size_t)part->nlines, (size_t)part->nprojects,
                (size_t)part->ntransfers, nreserves);
  r->slots = slots;
}

bool eval_plan(const Plan *P, Results *R, Diags *d) {
  Evaluator E = {.plan = P, .res = R, .arena = R->arena, .diags = d, .ok = true};
  E.par = par_new(R->arena, d, P->nlines);
  index_transfers(&E);
  follow_sources(&E);
  size_t cells = (size_t)P->nlines * (size_t)P->nyears;
  /* scratch, given back before the checker's indexes are made */
  uint8_t *state = xcalloc(2 * cells, 1);
  E.state[0] = state;
  E.state[1] = state + cells;
  if (par_slices(E.par) > 1)
    reach(&E);  /* one slice holds every project: nothing to defer */
  E.line_failed = xcalloc((size_t)P->nlines + (size_t)P->nprojects + 1, sizeof(bool));
  E.project_failed = E.line_failed + P->nlines;
  bool ok = par_for(E.par, P->nlines, place_slice, NULL, &E);
  ok &= par_for(E.par, P->nprojects, cells_slice, defer_project, &E);
  /* a line's rules hold for the horizon, not for the columns shown
   * before it */
  if (!R->horizon_first)
    ok &= par_for(E.par, P->nlines, rules_slice, NULL, &E);
  for (int i = 0; i < P->ntransfers; i++) {
    const Transfer *t = P->transfers[i];
    if (t->from_line && t->to_line &&
        (project_unchecked(R, t->from_line->project) || project_unchecked(R, t->to_line->project)))
      continue;
    bool before = E.ok;
    E.ok = true;
    transfer_amounts(&E, t);
    if (!E.ok && R->unchecked && t->from_line && t->to_line)
      E.project_failed[t->from_line->project->index] =
          E.project_failed[t->to_line->project->index] = true;
    E.ok &= before;
  }
  ok &= par_for(E.par, P->nprojects, balances_slice, NULL, &E);
  ok &= E.ok;
  if (R->unchecked) {
    /* the whole plan: a project with an error, and those that depend on
     * it, are left unchecked; the others are checked (driver.c) */
    for (int i = 0; i < P->nlines; i++)
      if (E.line_failed[i])  /* only then its line is read: a walk over every line is dear */
        E.project_failed[P->lines[i]->project->index] = true;
    for (int i = 0; i < P->nprojects; i++)
      R->unchecked[i] |= E.project_failed[i];
    R->nunchecked = plan_spread_unchecked(P, R->unchecked);
  }
  free(E.line_failed);
  free(E.reach_lo);
  free(E.reach_hi);
  free(state);
  R->evaluated = ok && R->nunchecked == 0;
  return R->evaluated;
}

/* ------------------------------------------------------------------ totals */

static void add_project(const Plan *P, const Results *R, const Project *p, Totals *t) {
  const ProjectResult *pr = project_result(R, p);
  for (int yi = 0; yi < P->nyears; yi++) {
    bool ok = money_add(t->opening[yi], pr->opening[yi], &t->opening[yi]) &&
              money_add(t->baten[yi], pr->baten[yi], &t->baten[yi]) &&
              money_add(t->lasten[yi], pr->lasten[yi], &t->lasten[yi]) &&
              money_add(t->closing[yi], pr->closing[yi], &t->closing[yi]);
    if (!ok)
      t->overflow = true;
  }
}

/* Transfers inside the set move money from one pocket to another: they are
 * baten of one project and lasten of another, so the set's own totals count
 * them twice. Taking them out leaves the balances as they are. */
static void net_transfer(const Plan *P, const Results *R, const Transfer *tr, Totals *t) {
  for (int yi = 0; yi < P->nyears; yi++) {
    if (!transfer_present(R, tr, yi))
      continue;
    if (!money_sub(t->baten[yi], transfer_cents(R, tr, yi), &t->baten[yi]) ||
        !money_sub(t->lasten[yi], transfer_cents(R, tr, yi), &t->lasten[yi]))
      t->overflow = true;
  }
}

/* The programme both ends of a transfer belong to, or NULL. */
static const Programme *inner_programme(const Transfer *tr) {
  if (!tr->from_line || !tr->to_line)
    return NULL;
  const Programme *g = tr->from_line->project->programme;
  return g == tr->to_line->project->programme ? g : NULL;
}

static void net_transfers(const Plan *P, const Results *R, const Programme *only, Totals *t) {
  for (int i = 0; i < P->ntransfers; i++) {
    const Transfer *tr = P->transfers[i];
    if (!tr->from_line || !tr->to_line)
      continue;
    if (only && inner_programme(tr) != only)
      continue;
    net_transfer(P, R, tr, t);
  }
}

void totals_of_programme(const Plan *P, const Results *R, const Programme *prog, bool net,
                         Totals *t) {
  memset(t, 0, sizeof *t);
  for (int i = 0; i < P->nprojects; i++)
    if (P->projects[i]->programme == prog)
      add_project(P, R, P->projects[i], t);
  if (net)
    net_transfers(P, R, prog, t);
}

/* The projects of each programme, and the transfers between two projects
 * of one programme, by Programme.index (a counting sort): with it every
 * programme's totals together cost one pass over the plan, where
 * totals_of_programme for each would read every project once per
 * programme. */
ByProgramme by_programme(const Plan *P, Arena *a) {
  int n = P->nprogrammes;
  ByProgramme b = {arena_alloc(a, sizeof(int) * (size_t)(n + 2)),
                   arena_alloc(a, sizeof(int) * (size_t)(P->nprojects + 1)),
                   arena_alloc(a, sizeof(int) * (size_t)(n + 2)),
                   arena_alloc(a, sizeof(int) * (size_t)(P->ntransfers + 1))};
  /* counts at [k + 1] (arena memory is zero), summed into where each
   * programme's run starts, [k], and ends, [k + 1] */
  for (int i = 0; i < P->nprojects; i++)
    if (P->projects[i]->programme)
      b.proj_at[P->projects[i]->programme->index + 1]++;
  for (int k = 0; k < n; k++)
    b.proj_at[k + 1] += b.proj_at[k];
  int *fill = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
  memcpy(fill, b.proj_at, sizeof(int) * (size_t)n);
  for (int i = 0; i < P->nprojects; i++)
    if (P->projects[i]->programme)
      b.projs[fill[P->projects[i]->programme->index]++] = i;
  for (int i = 0; i < P->ntransfers; i++) {
    const Programme *g = inner_programme(P->transfers[i]);
    if (g)
      b.tr_at[g->index + 1]++;
  }
  for (int k = 0; k < n; k++)
    b.tr_at[k + 1] += b.tr_at[k];
  memcpy(fill, b.tr_at, sizeof(int) * (size_t)n);
  for (int i = 0; i < P->ntransfers; i++) {
    const Programme *g = inner_programme(P->transfers[i]);
    if (g)
      b.trs[fill[g->index]++] = i;
  }
  return b;
}

void totals_of_programme_by(const Plan *P, const Results *R, const ByProgramme *b, int k,
                            bool net, Totals *t) {
  memset(t, 0, sizeof *t);
  for (int i = b->proj_at[k]; i < b->proj_at[k + 1]; i++)
    add_project(P, R, P->projects[b->projs[i]], t);
  for (int i = b->tr_at[k]; net && i < b->tr_at[k + 1]; i++)
    net_transfer(P, R, P->transfers[b->trs[i]], t);
}

void totals_of_plan(const Plan *P, const Results *R, bool net, Totals *t) {
  memset(t, 0, sizeof *t);
  for (int i = 0; i < P->nprojects; i++)
    add_project(P, R, P->projects[i], t);
  if (net)
    net_transfers(P, R, NULL, t);
}

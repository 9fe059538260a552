/* ast.c: the builders behind the grammar's actions.
 *
 * The parser calls these and nothing else, so the grammar stays a grammar.
 * A statement inside a block adds to the declaration being parsed (the
 * ParseCtx remembers which); single-valued statements given twice are
 * errors that point at the first. */
#include "parse.h"

#include <stddef.h>
#include <string.h>

/* Every node type holds pointers, ints and (Expr) an 8-byte aligned
 * i128: 8-byte alignment packs 40-byte nodes without padding them to 48. */
static void *node(ParseCtx *c, size_t n) { return arena_alloc_aligned(c->arena, n, 8); }

/* fmt's outline (parse.h, Stmt): kept only when fmt asks. Recorded before
 * a builder checks what it was given, so that a statement it refuses with
 * a warning is still printed. Out of line, so that a check, which keeps no
 * outline, pays one test per statement (cold: never inlined). */
__attribute__((cold)) static void record(ParseCtx *c, StmtKind kind, uint32_t begin, uint32_t end,
                                         const void *n) {
  Outline *o = c->outline;
  if (o->n == o->cap) {
    /* a statement takes a few bytes of a file of at most AMR_MAX_FILE_BYTES:
     * the count stays far below INT_MAX */
    o->cap = o->cap ? o->cap * 2 : 256;
    o->stmts = xrealloc(o->stmts, sizeof *o->stmts * (size_t)o->cap);
  }
  o->stmts[o->n++] = (Stmt){begin, end, kind, n};
}

static inline void stmt_at(ParseCtx *c, StmtKind kind, uint32_t begin, uint32_t end,
                           const void *n) {
  if (c->outline)
    record(c, kind, begin, end, n);
}

static inline void stmt(ParseCtx *c, StmtKind kind, Loc loc, const void *n) {
  if (c->outline)
    record(c, kind, loc.begin, loc.end, n);
}

/* The current line's rarely used part, made on first use. */
static LineExtra *line_extra(ParseCtx *c) {
  if (!c->line->extra)
    c->line->extra = node(c, sizeof *c->line->extra);
  return c->line->extra;
}

static void twice(ParseCtx *c, Loc loc, const char *what, Loc first) {
  Diag *g = diag_report(c->diags, "duplicate", loc, "'%s' is given twice", what);
  if (first.file)
    diag_note(c->diags, g, first, "first given here");
  c->nerrors++;
}

static Decl *add_decl(ParseCtx *c, DeclKind k, Loc loc) {
  Decl *d = node(c, sizeof *d);
  d->kind = k;
  d->loc = loc;
  if (!c->verloop || k != DECL_EXPECT)  /* a verloop's "to" row is printed as its row */
    stmt(c, STMT_DECL, loc, d);
  if (c->decls_tail)
    c->decls_tail->next = d;
  else
    c->decls = d;
  c->decls_tail = d;
  return d;
}

/* Every block begins by forgetting the previous one, so that error recovery
 * that skipped a closing brace cannot attach statements to the wrong block. */
static void forget_list_ends(ParseCtx *c);

static void forget_blocks(ParseCtx *c) {
  forget_list_ends(c);
  c->plan = NULL;
  c->project = NULL;
  c->line = NULL;
  c->source = NULL;
  c->kind_decl = NULL;
  c->index = NULL;
  c->expect = NULL;
  c->account = NULL;
  c->verloop = NULL;
  c->key = NULL;
  c->rules = NULL;
  c->group = NULL;
  c->group_unused = false;
}

/* A group heading names the lines below it: one that no line follows
 * (another heading comes first, or the project ends) would be accepted and
 * shown nowhere. */
static void group_unused(ParseCtx *c) {
  if (!c->group_unused)
    return;
  diag_report(c->diags, "invalid-value", c->group_loc,
              "group \"%s\" heads no line: a group heading names the numbered lines below it; "
              "move it above the lines it groups, or remove it",
              c->group);
  /* not a parse error: the rest of the plan is still checked */
  c->group_unused = false;
}

/* A span of years that runs backwards (2029..2026) is an error wherever it
 * stands. */
static void check_span(ParseCtx *c, YearSpan y) {
  if (y.y0 && y.y1 && y.y1 < y.y0) {
    diag_report(c->diags, "invalid-value", y.loc, "year span %d..%d runs backwards", y.y0, y.y1);
    c->nerrors++;
  }
}

/* ------------------------------------------------------------------ linear lists
 *
 * A hostile file can hold a million cells in one line or a million lines in
 * one project, so appending must not walk the list each time. ast.c keeps,
 * per list, where it ends: a map from the list (the address of the pointer
 * that heads it, or its first node) to its last node. Notes and strings that
 * are joined grow in place, doubling, for the same reason. */

typedef struct TailEntry {
  const void *key;
  void *tail;
} TailEntry;

typedef struct TextBuf {   /* a string being joined, grown by doubling */
  const void *owner;       /* the note's slot, or NULL for strings */
  char *buf;
  size_t len, cap;
} TextBuf;

enum { NOTE_PLAN, NOTE_KIND, NOTE_SOURCE, NOTE_PROJECT, NOTE_LINE, NOTE_KINDS };

enum { LINE_POOL_FIRST = 4, LINE_POOL = 32 };

struct AstScratch {
  TailEntry *tails;
  size_t cap, count;
  TextBuf notes[NOTE_KINDS];
  TextBuf strings;
  Line *lines;             /* a pool of lines, handed out in order */
  int nlines, pool;        /* used of the pool, its size */
  /* The end last remembered, not yet in the map: appends come in runs on
   * one list (a project's lines, one after another), which then need no
   * map at all; it goes to the map when another list's turn comes. */
  TailEntry recent;
  /* Number nodes a cell took in as its literal (ast_cell), linked through
   * lhs: the next number reuses one. Most cells are a plain amount, which
   * the grammar builds as a node before the cell takes it in. */
  Expr *spare_numbers;
};

static struct AstScratch *scratch(ParseCtx *c) {
  if (!c->scratch)
    c->scratch = arena_alloc(c->arena, sizeof *c->scratch);
  return c->scratch;
}

static size_t key_hash(const void *p) {
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return (size_t)x;
}

static TailEntry *tail_slot(struct AstScratch *S, const void *key) {
  size_t i = key_hash(key) & (S->cap - 1);
  while (S->tails[i].key && S->tails[i].key != key)
    i = (i + 1) & (S->cap - 1);
  return &S->tails[i];
}

static void *tail_get(ParseCtx *c, const void *key) {
  struct AstScratch *S = scratch(c);
  if (S->recent.key == key)
    return S->recent.tail;
  if (!S->cap)
    return NULL;
  TailEntry *e = tail_slot(S, key);
  return e->key ? e->tail : NULL;
}

static void map_tail(struct AstScratch *S, Arena *a, const void *key, void *tail) {
  if ((S->count + 1) * 2 > S->cap) {
    struct AstScratch grown = *S;
    grown.cap = S->cap ? S->cap * 2 : 64;
    grown.count = 0;
    grown.tails = arena_alloc(a, sizeof *grown.tails * grown.cap);
    for (size_t i = 0; i < S->cap; i++)
      if (S->tails[i].key) {
        *tail_slot(&grown, S->tails[i].key) = S->tails[i];
        grown.count++;
      }
    *S = grown;
  }
  TailEntry *e = tail_slot(S, key);
  if (!e->key)
    S->count++;
  e->key = key;
  e->tail = tail;
}

static void tail_put(ParseCtx *c, const void *key, void *tail) {
  struct AstScratch *S = scratch(c);
  if (S->recent.key && S->recent.key != key)
    map_tail(S, c->arena, S->recent.key, S->recent.tail);
  S->recent = (TailEntry){key, tail};
}

static void forget_list_ends(ParseCtx *c) {
  /* The ends remembered for the lists of the previous block are not needed
   * again (a list found without its end is walked, which is right, only
   * slower); forgetting them keeps the map as small as one block. */
  struct AstScratch *S = c->scratch;
  if (S)
    S->recent = (TailEntry){0};
  if (S && S->count) {
    if (S->cap > 1024)
      S->tails = NULL, S->cap = 0;  /* a block that was huge: start small */
    else
      memset(S->tails, 0, sizeof *S->tails * S->cap);
    S->count = 0;
  }
}

#define NEXT(node, off) (*(void **)((char *)(node) + (off)))

/* The last node of the list that key names and that starts at head. A
 * remembered end is always a node of that list, so walking on from it is
 * right even if more was added behind it. */
static void *last_node(ParseCtx *c, const void *key, void *head, size_t off) {
  void *p = tail_get(c, key);
  if (!p)
    p = head;
  while (NEXT(p, off))
    p = NEXT(p, off);
  return p;
}

/* Appends item (one node or a list) to the list headed by *slot. */
static void append_at(ParseCtx *c, void **slot, void *item, size_t off) {
  if (!item)
    return;
  /* slots are tagged so that they never equal a node's address */
  const void *key = (const char *)slot + 1;
  if (!*slot) {
    /* Most slots are filled once (a line's baten, its lasten): the end is
     * looked for, and remembered, only when a second list comes. */
    *slot = item;
    return;
  }
  void *last = last_node(c, key, *slot, off);
  NEXT(last, off) = item;
  void *end = item;
  while (NEXT(end, off))
    end = NEXT(end, off);
  tail_put(c, key, end);
}

/* list + item for a list the grammar builds ("cells: cells cell"): the list
 * is named by its first node. */
static void *append_list(ParseCtx *c, void *list, void *item, size_t off) {
  if (!list)
    return item;  /* one node: its end is found without the map */
  void *last = last_node(c, list, list, off);
  NEXT(last, off) = item;
  tail_put(c, list, item);
  return list;
}

#define APPEND_AT(slot, item) \
  append_at(c, (void **)(slot), (item), offsetof(__typeof__(**(slot)), next))
#define APPEND_LIST(list, item) \
  return append_list(c, (list), (item), offsetof(__typeof__(*(list)), next))

/* Joins text onto a growing buffer, doubling it when it is full. */
static char *text_join(ParseCtx *c, TextBuf *t, const void *owner, const char *old,
                       const char *sep, const char *more) {
  size_t nsep = strlen(sep), nmore = strlen(more);
  if (!(t->buf && old == t->buf && t->owner == owner)) {
    /* a new joined text: start from what is there */
    size_t nold = strlen(old);
    t->owner = owner;
    t->len = nold;
    t->cap = (nold + nsep + nmore + 1) * 2;
    t->buf = arena_alloc(c->arena, t->cap);
    memcpy(t->buf, old, nold);
  } else if (t->len + nsep + nmore + 1 > t->cap) {
    size_t cap = (t->len + nsep + nmore + 1) * 2;
    char *grown = arena_alloc(c->arena, cap);
    memcpy(grown, t->buf, t->len);
    t->buf = grown;
    t->cap = cap;
  }
  memcpy(t->buf + t->len, sep, nsep);
  memcpy(t->buf + t->len + nsep, more, nmore);
  t->len += nsep + nmore;
  t->buf[t->len] = '\0';
  return t->buf;
}

/* Several notes on one thing are paragraphs of one note. */
static void add_note(ParseCtx *c, int kind, const char **slot, const char *note) {
  if (!*slot)
    *slot = note;
  else
    *slot = text_join(c, &scratch(c)->notes[kind], slot, *slot, "\n\n", note);
}

/* ------------------------------------------------------------------ values */

Expr *ast_number(ParseCtx *c, Loc loc, i128 micros, bool percent) {
  struct AstScratch *S = scratch(c);
  Expr *e = S->spare_numbers;
  if (e) {
    S->spare_numbers = e->lhs;
    memset(e, 0, sizeof *e);
  } else {
    e = node(c, sizeof *e);
  }
  e->kind = EXPR_NUMBER;
  e->loc = loc;
  e->micros = micros;
  e->is_percent = percent;
  e->depth = 1;
  return e;
}

Expr *ast_expr(ParseCtx *c, ExprKind k, Loc loc, Expr *lhs, Expr *rhs) {
  int depth = 1 + (lhs ? lhs->depth : 0);
  if (rhs && rhs->depth + 1 > depth)
    depth = rhs->depth + 1;
  if (depth > AMR_MAX_NESTING) {
    /* Keep the tree shallow so that no later stage recurses without bound. */
    if (!c->depth_reported)
      diag_report(c->diags, "limit", loc, "expression nested deeper than the limit of %d",
                  AMR_MAX_NESTING);
    c->depth_reported = true;
    c->nerrors++;
    return lhs ? lhs : ast_number(c, loc, 0, false);
  }
  Expr *e = node(c, sizeof *e);
  e->kind = k;
  e->loc = loc;
  e->lhs = lhs;
  e->rhs = rhs;
  e->depth = depth;
  return e;
}

Expr *ast_percent_of(ParseCtx *c, Loc loc, Expr *pct, Side side, LineRange *ranges) {
  Expr *e = ast_expr(c, EXPR_PERCENT_OF, loc, pct, NULL);
  if (e->kind != EXPR_PERCENT_OF)
    return e;  /* cut for depth: e is the percentage, whose micros ranges would overwrite */
  e->side = side;
  e->ranges = ranges;
  return e;
}

Expr *ast_items(ParseCtx *c, Loc loc, Item *items) {
  Expr *e = ast_expr(c, EXPR_ITEMS, loc, NULL, NULL);
  e->items = items;
  for (Item *i = items; i; i = i->next)
    if (i->value->depth + 1 > e->depth)
      e->depth = i->value->depth + 1;
  return e;
}

Expr *ast_indexed(ParseCtx *c, Loc loc, Expr *base, const char *index, Loc index_loc, int from) {
  Expr *e = ast_expr(c, EXPR_INDEXED, loc, base, NULL);
  if (e->kind != EXPR_INDEXED)
    return e;
  Indexing *x = node(c, sizeof *x);
  x->index_name = index;
  x->index_loc = index_loc;
  x->from_year = from;
  e->indexing = x;
  return e;
}

Expr *ast_within(ParseCtx *c, Loc loc, Expr *rule, Expr *tolerance) {
  if (!tolerance || !rule)
    return rule;
  return ast_expr(c, EXPR_WITHIN, loc, rule, tolerance);
}

bool expr_stated_cents(const Expr *e, int64_t *out) {
  i128 sign = 1;
  while (e && (e->kind == EXPR_PAREN || e->kind == EXPR_NEG)) {
    if (e->kind == EXPR_NEG)
      sign = -sign;
    e = e->lhs;
  }
  return e && e->kind == EXPR_NUMBER && !e->is_percent && micros_to_cents(sign * e->micros, out);
}

const Accept *accept_covering(const Accept *list, const char *name, int year) {
  for (const Accept *a = list; a; a = a->next)
    if (strcmp(a->name, name) == 0 &&
        (a->years.y0 == 0 || year == 0 || (year >= a->years.y0 && year <= a->years.y1)))
      return a;
  return NULL;
}

Item *ast_item(ParseCtx *c, Loc loc, const char *text, Expr *value) {
  Item *i = node(c, sizeof *i);
  i->loc = loc;
  i->text = text;
  i->value = value;
  return i;
}

/* Lists are built by appending, in the source's order. */
Item *ast_item_list(ParseCtx *c, Item *list, Item *item) {
  (void)c;
  APPEND_LIST(list, item);
}

LineRange *ast_range(ParseCtx *c, Loc loc, int first, int last) {
  LineRange *r = node(c, sizeof *r);
  r->loc = loc;
  r->first = first;
  r->last = last;
  if (last < first) {
    diag_report(c->diags, "invalid-value", loc, "line range %d..%d runs backwards", first, last);
    c->nerrors++;
  }
  return r;
}

LineRange *ast_ranges(ParseCtx *c, LineRange *list, LineRange *r) {
  (void)c;
  APPEND_LIST(list, r);
}

/* The whole number from lo to hi (lo > 0) that n is, into *out. Checked
 * and divided in 64 bits once its range is known: years and line numbers
 * are on every line, and a division of the 128-bit value is a library
 * call. */
static bool whole_in(NumTok n, int64_t lo, int64_t hi, int *out) {
  if (n.micros < (i128)lo * MICROS_PER_UNIT || n.micros > (i128)hi * MICROS_PER_UNIT)
    return false;
  int64_t m = (int64_t)n.micros;
  if (m % MICROS_PER_UNIT != 0)
    return false;
  *out = (int)(m / MICROS_PER_UNIT);
  return true;
}

int ast_int(ParseCtx *c, Loc loc, NumTok n) {
  int v;
  if (!whole_in(n, 1, 1000000, &v)) {
    diag_report(c->diags, "invalid-value", loc,
                "'%.*s' is not a line number (a whole number from 1 to 1000000)", n.len, n.text);
    c->nerrors++;
    return 0;
  }
  return v;
}

int ast_year(ParseCtx *c, Loc loc, NumTok n) {
  int v;
  /* four characters are four digits: only a longer spelling can hold '_' */
  if (!whole_in(n, 1000, 9999, &v) || (n.len > 4 && memchr(n.text, '_', (size_t)n.len))) {
    diag_report(c->diags, "invalid-value", loc, "'%.*s' is not a year (write it as 2026)", n.len,
                n.text);
    c->nerrors++;
    return 0;
  }
  return v;
}

const char *ast_concat(ParseCtx *c, const char *a, const char *b) {
  return text_join(c, &scratch(c)->strings, NULL, a, "", b);
}

RefList *ast_reflist(ParseCtx *c, RefList *list, Ref r) {
  RefList *n = node(c, sizeof *n);
  n->ref = r;
  APPEND_LIST(list, n);
}

YearAmount *ast_year_amount(ParseCtx *c, Loc loc, YearSpan y, Expr *value) {
  YearAmount *ya = node(c, sizeof *ya);
  ya->begin = loc.begin;  /* its end is its value's (the grammar's last symbol) */
  ya->y0 = (int16_t)y.y0;
  ya->y1 = (int16_t)y.y1;
  ya->value = value;
  check_span(c, y);
  return ya;
}

YearAmount *ast_year_amounts(ParseCtx *c, YearAmount *list, YearAmount *ya) {
  (void)c;
  APPEND_LIST(list, ya);
}

/* A plain amount that can live in its cell (Cell): written without '%',
 * in 64 bits. Its place is never 0, which a cell's years come before. */
static bool cell_literal(const Expr *e) {
  return e && e->kind == EXPR_NUMBER && !e->is_percent && e->micros >= INT64_MIN &&
         e->micros <= INT64_MAX && e->loc.begin != 0;
}

static Cell *new_cell(ParseCtx *c, Loc loc, YearSpan y) {
  Cell *cell = node(c, sizeof *cell);
  cell->begin = loc.begin;  /* its end is its value's (the grammar's last symbol) */
  cell->y0 = (int16_t)y.y0;
  cell->y1 = (int16_t)y.y1;
  check_span(c, y);
  return cell;
}

static void set_literal(Cell *cell, Loc at, int64_t micros) {
  cell->literal_begin = at.begin;
  cell->literal_end = at.end;
  cell->literal = micros;
}

Cell *ast_cell(ParseCtx *c, Loc loc, YearSpan y, Expr *stated, Expr *value) {
  Cell *cell = new_cell(c, loc, y);
  Expr *amount = stated ? stated : value;
  if (cell_literal(amount)) {
    set_literal(cell, amount->loc, (int64_t)amount->micros);
    cell->value = stated ? value : NULL;
    /* nothing else points at the number now: the next one may reuse it */
    struct AstScratch *S = scratch(c);
    amount->lhs = S->spare_numbers;
    S->spare_numbers = amount;
  } else {
    cell->stated = stated;
    cell->value = value;
  }
  return cell;
}

/* A row's cells travel up the parser's stack with their last, so that the
 * next is appended without a search. */
CellList ast_cells(CellList list, Cell *cell) {
  list.tail->next = cell;
  return (CellList){list.head, cell};
}

/* ------------------------------------------------------------------ declarations */

void ast_import(ParseCtx *c, Loc loc, const char *path, Loc path_loc) {
  forget_blocks(c);
  Decl *d = add_decl(c, DECL_IMPORT, loc);
  d->u.import.path = path;
  d->u.import.path_loc = path_loc;
}

void ast_plan_begin(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  PlanDecl *p = node(c, sizeof *p);
  p->loc = loc;
  p->id = id;
  p->title = title;
  p->currency = "EUR";
  add_decl(c, DECL_PLAN, loc)->u.plan = p;
  c->plan = p;
}

void ast_plan_years(ParseCtx *c, Loc loc, YearSpan y) {
  stmt(c, STMT_WORDS, loc, NULL);
  check_span(c, y);
  if (!c->plan)
    return;
  if (c->plan->has_years)
    twice(c, loc, "years", c->plan->years.loc);
  c->plan->years = y;
  c->plan->has_years = true;
}

void ast_plan_currency(ParseCtx *c, Loc loc, const char *cur) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->plan)
    return;
  if (c->plan->currency_loc.file) {
    twice(c, loc, "currency", c->plan->currency_loc);
    return;
  }
  c->plan->currency_loc = loc;
  /* every amount amrc prints is in euros: another currency would be
   * accepted and then shown as euros */
  if (strcmp(cur, "EUR") != 0) {
    diag_report(c->diags, "invalid-value", loc,
                "amrc reckons in euros: the currency is EUR, not '%s' (write: currency EUR, "
                "or leave it out)",
                cur);
    c->nerrors++;
    return;
  }
  c->plan->currency = cur;
}

/* "fund" or "annual": the words are not keywords, so that no plan loses a
 * name it may already use. */
static BalanceModel balance_model(ParseCtx *c, const char *word, Loc at) {
  if (strcmp(word, "fund") == 0)
    return BALANCE_FUND;
  if (strcmp(word, "annual") == 0)
    return BALANCE_ANNUAL;
  diag_report(c->diags, "invalid-value", at,
              "unknown balance model '%s'; write 'fund' (the balance carries from year to year) "
              "or 'annual' (balanced each year, nothing carries)",
              word);
  return BALANCE_DEFAULT;
}

void ast_plan_unit(ParseCtx *c, Loc loc, i128 micros, Loc amount_loc) {
  stmt_at(c, STMT_AMOUNT, amount_loc.begin, loc.end, NULL);
  if (!c->plan)
    return;
  if (c->plan->unit)
    twice(c, loc, "unit", c->plan->unit_loc);
  /* A unit is a whole number of euros: 1, 1000 or 1000000 as printed
   * ("x € 1.000"); anything else could not print a table's amounts as the
   * document does. */
  if (micros < MICROS_PER_UNIT || micros % MICROS_PER_UNIT != 0 ||
      micros / MICROS_PER_UNIT > 1000000000) {
    diag_report(c->diags, "invalid-value", amount_loc,
                "a unit must be a whole number of euros from 1 to 1.000.000.000 (unit 1_000 for "
                "tables printed x \xE2\x82\xAC 1.000)");
    return;
  }
  c->plan->unit = (int64_t)(micros / MICROS_PER_UNIT);
  c->plan->unit_loc = loc;
}

void ast_plan_balance(ParseCtx *c, Loc loc, const char *model, Loc model_loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->plan)
    return;
  if (c->plan->balance)
    twice(c, loc, "balance", c->plan->balance_loc);
  c->plan->balance = balance_model(c, model, model_loc);
  c->plan->balance_loc = loc;
}

void ast_plan_column(ParseCtx *c, Loc loc, int year, const char *kind, Loc kind_loc,
                     const char *title) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->plan)
    return;
  static const char *const kinds[] = {"actuals", "amended", "adopted"};
  int k = -1;
  for (int i = 0; i < 3; i++)
    if (strcmp(kind, kinds[i]) == 0)
      k = i;
  if (k < 0) {
    diag_report(c->diags, "invalid-value", kind_loc,
                "unknown kind of column '%s'; write 'actuals' (rekening: a closed year), "
                "'amended' (actuele begroting: after its changes) or 'adopted' (primitieve "
                "begroting: as first adopted)",
                kind);
    return;
  }
  if (year == 0)
    return;  /* not a year: already reported */
  ColumnDecl *col = node(c, sizeof *col);
  *col = (ColumnDecl){.loc = loc, .year = year, .kind = (ColumnKind)k, .title = title};
  ColumnDecl **end = &c->plan->columns;
  while (*end)
    end = &(*end)->next;
  *end = col;
}

void ast_plan_summary(ParseCtx *c, Loc loc, const char *which, Loc which_loc, const char *title) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->plan)
    return;
  int k = strcmp(which, "programmes") == 0 ? SUMMARY_PROGRAMMES
          : strcmp(which, "projects") == 0   ? SUMMARY_PROJECTS
                                             : -1;
  if (k < 0) {
    diag_report(c->diags, "invalid-value", which_loc,
                "unknown summary table '%s'; write 'summary programmes \"TITLE\"' or "
                "'summary projects \"TITLE\"'",
                which);
    return;
  }
  if (c->plan->summary_title[k])
    twice(c, loc, k == SUMMARY_PROJECTS ? "summary projects" : "summary programmes",
          c->plan->summary_loc[k]);
  c->plan->summary_title[k] = title;
  c->plan->summary_loc[k] = loc;
}

void ast_plan_sign(ParseCtx *c, Loc loc, int what, const char *word, Loc word_loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->plan)
    return;
  bool negative = strcmp(word, "negative") == 0;
  if (!negative && strcmp(word, "positive") != 0) {
    diag_report(c->diags, "invalid-value", word_loc,
                "unknown sign '%s'; write 'negative' (the document prints it with a minus) or "
                "'positive'",
                word);
    return;
  }
  if (c->plan->sign_loc[what].file)
    twice(c, loc, "sign", c->plan->sign_loc[what]);
  c->plan->negative[what] = negative;
  c->plan->sign_loc[what] = loc;
}

void ast_account_begin(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  Account *a = node(c, sizeof *a);
  a->loc = loc;
  a->id = id;
  a->title = title;
  add_decl(c, DECL_ACCOUNT, loc)->u.account = a;
  c->account = a;
}

void ast_account_opening(ParseCtx *c, Loc loc, Expr *value) {
  stmt(c, STMT_EXPR, loc, value);
  if (!c->account)
    return;
  if (c->account->opening)
    twice(c, loc, "opening", c->account->opening->loc);
  c->account->opening = value;
}

void ast_line_account(ParseCtx *c, Loc loc, Ref account) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->line)
    return;
  LineExtra *x = line_extra(c);
  if (x->account_ref.name)
    twice(c, loc, "reserve", x->account_ref.loc);
  x->account_ref = account;
}

Measure ast_measure_word(ParseCtx *c, Loc loc, const char *word) {
  if (strcmp(word, "result") != 0)
    diag_report(c->diags, "invalid-value", loc,
                "unknown measure '%s'; write opening, baten, lasten, closing, saldo or result",
                word);
  return MEASURE_RESULT;
}

void ast_project_balance(ParseCtx *c, Loc loc, const char *model, Loc model_loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->project)
    return;
  if (c->project->balance)
    twice(c, loc, "balance", c->project->balance_loc);
  c->project->balance = balance_model(c, model, model_loc);
  c->project->balance_loc = loc;
}

void ast_plan_note(ParseCtx *c, Loc loc, const char *note) {
  stmt(c, STMT_NOTE, loc, NULL);
  if (c->plan)
    add_note(c, NOTE_PLAN, &c->plan->note, note);
}

void ast_programme(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  Programme *p = node(c, sizeof *p);
  p->loc = loc;
  p->id = id;
  p->title = title;
  add_decl(c, DECL_PROGRAMME, loc)->u.programme = p;
}

void ast_taakveld(ParseCtx *c, Loc loc, const char *code, const char *name) {
  forget_blocks(c);
  TaakveldDecl *t = node(c, sizeof *t);
  t->loc = loc;
  t->code = code;
  t->name = name;
  add_decl(c, DECL_TAAKVELD, loc)->u.taakveld = t;
}

void ast_key_begin(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  KeyDecl *k = node(c, sizeof *k);
  k->loc = loc;
  k->id = id;
  k->title = title;
  add_decl(c, DECL_KEY, loc)->u.key = k;
  c->key = k;
}

void ast_key_member(ParseCtx *c, Loc loc, const char *id, NumTok weight, Loc weight_loc,
                    bool percent) {
  stmt_at(c, STMT_AMOUNT, weight_loc.begin, loc.end, NULL);
  if (!c->key)
    return;
  KeyMember *m = node(c, sizeof *m);
  m->loc = loc;
  m->id = id;
  m->weight = weight.micros;
  m->percent = percent;
  if (c->key->members_tail)
    c->key->members_tail->next = m;
  else
    c->key->members = m;
  c->key->members_tail = m;
  c->key->nmembers++;
}

void ast_key_residue(ParseCtx *c, Loc loc, const char *member, Loc member_loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->key)
    return;
  if (c->key->residue)
    twice(c, loc, "residue", c->key->residue_loc);
  c->key->residue = member;
  c->key->residue_loc = member_loc;
}

void ast_key_round(ParseCtx *c, Loc loc, Expr *step) {
  stmt(c, STMT_EXPR, loc, step);
  if (!c->key)
    return;
  if (c->key->step)
    twice(c, loc, "round", c->key->step_loc);
  c->key->step = step;
  c->key->step_loc = loc;
}

void ast_note_only(ParseCtx *c, Loc loc) { stmt(c, STMT_NOTE, loc, NULL); }

Expr *ast_share(ParseCtx *c, Loc loc, Expr *total, const char *key, Loc key_loc,
                const char *member, Loc member_loc) {
  Expr *e = ast_expr(c, EXPR_SHARE, loc, total, NULL);
  if (e->kind != EXPR_SHARE)
    return e;  /* cut for depth */
  KeyShare *x = node(c, sizeof *x);
  x->key_name = key;
  x->key_loc = key_loc;
  x->member_name = member;
  x->member_loc = member_loc;
  x->member = -1;
  e->share = x;
  return e;
}

void ast_index_begin(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  IndexDecl *x = node(c, sizeof *x);
  x->loc = loc;
  x->id = id;
  x->title = title ? title : id;
  add_decl(c, DECL_INDEX, loc)->u.index = x;
  c->index = x;
}

void ast_index_rate(ParseCtx *c, Loc loc, Expr *rate) {
  stmt(c, STMT_EXPR, loc, rate);
  if (!c->index)
    return;
  if (c->index->rate)
    twice(c, loc, "rate", c->index->rate->loc);
  c->index->rate = rate;
}

void ast_index_base(ParseCtx *c, Loc loc, int year, Loc year_loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->index)
    return;
  if (c->index->base_year)
    twice(c, loc, "base", c->index->base_loc);
  c->index->base_year = year;
  c->index->base_loc = year_loc;
}

void ast_index_round(ParseCtx *c, Loc loc, int mode, Expr *step) {
  stmt(c, STMT_EXPR, loc, step);
  if (!c->index)
    return;
  if (c->index->step)
    twice(c, loc, "round", c->index->step->loc);
  c->index->step = step;
  c->index->rounding = mode;
}

void ast_kind_begin(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  KindDecl *k = node(c, sizeof *k);
  k->loc = loc;
  k->id = id;
  k->title = title ? title : id;
  add_decl(c, DECL_KIND, loc)->u.kind_decl = k;
  c->kind_decl = k;
  c->rules = &k->rules;
}

void ast_kind_note(ParseCtx *c, Loc loc, const char *note) {
  stmt(c, STMT_NOTE, loc, NULL);
  if (c->kind_decl)
    add_note(c, NOTE_KIND, &c->kind_decl->note, note);
}

void ast_source_begin(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  Source *s = node(c, sizeof *s);
  s->loc = loc;
  s->id = id;
  s->title = title ? title : id;
  add_decl(c, DECL_SOURCE, loc)->u.source = s;
  c->source = s;
  c->rules = &s->rules;
}

void ast_source_kind(ParseCtx *c, Loc loc, const char *kind, Loc kind_loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->source)
    return;
  if (c->source->has_kind)
    twice(c, loc, "kind", c->source->kind_ref.loc);
  c->source->kind_ref = (Ref){kind_loc, kind, 0};
  c->source->has_kind = true;
}

void ast_source_status(ParseCtx *c, Loc loc, const char *status) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->source)
    return;
  static const struct {
    const char *word;
    SourceStatus status;
  } words[] = {
      {"toegezegd", STATUS_TOEGEZEGD},
      {"aangevraagd", STATUS_AANGEVRAAGD},
      {"verwacht", STATUS_VERWACHT},
  };
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    if (strcmp(words[i].word, status) == 0) {
      if (c->source->status_loc.file)
        twice(c, loc, "status", c->source->status_loc);
      c->source->status = words[i].status;
      c->source->status_loc = loc;
      return;
    }
  }
  diag_report(c->diags, "invalid-value", loc,
              "unknown status '%s'; a source is toegezegd, aangevraagd or verwacht", status);
  c->nerrors++;
}

void ast_source_note(ParseCtx *c, Loc loc, const char *note) {
  stmt(c, STMT_NOTE, loc, NULL);
  if (c->source)
    add_note(c, NOTE_SOURCE, &c->source->note, note);
}

void ast_rule_earmarked(ParseCtx *c, Loc loc, RefList *for_what) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->rules)
    return;
  c->rules->earmarked = true;
  if (for_what) {
    if (!c->source) {
      diag_report(c->diags, "invalid-value", loc,
                  "a kind is earmarked in general; name what it pays for on each source");
      c->nerrors++;
      return;
    }
    if (c->source->earmarked_for) {
      /* the second list would replace the first */
      Diag *g = diag_report(c->diags, "duplicate", loc,
                            "'earmarked for' is given twice; name everything it pays for in "
                            "one list: earmarked for a, b.4");
      diag_note(c->diags, g, c->source->earmarked_for->ref.loc, "first given here");
      c->nerrors++;
      return;
    }
    c->source->earmarked_for = for_what;
  }
}

void ast_rule_repay(ParseCtx *c, Loc loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (c->rules)
    c->rules->repay_unspent = true;
}

void ast_rule_settlement(ParseCtx *c, Loc loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (c->rules)
    c->rules->after_settlement = true;
}

/* structural and incidental exclude each other: the second of them would
 * silently replace the first. Returns whether mc may be taken. */
static bool class_free(ParseCtx *c, Loc loc, MoneyClass have, MoneyClass mc) {
  if (have == CLASS_NONE)
    return true;
  const char *word = mc == CLASS_STRUCTURAL ? "structural" : "incidental";
  if (have == mc)
    diag_report(c->diags, "duplicate", loc, "'%s' is given twice", word);
  else
    diag_report(c->diags, "duplicate", loc,
                "'%s' after '%s': money is structural or incidental, not both", word,
                mc == CLASS_STRUCTURAL ? "incidental" : "structural");
  c->nerrors++;
  return false;
}

void ast_rule_class(ParseCtx *c, Loc loc, MoneyClass mc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (c->rules && class_free(c, loc, c->rules->money_class, mc))
    c->rules->money_class = mc;
}

void ast_transfer(ParseCtx *c, Loc loc, Ref from, Ref to, YearAmount *amounts) {
  forget_blocks(c);
  Transfer *t = node(c, sizeof *t);
  t->loc = loc;
  t->from = from;
  t->to = to;
  t->amounts = amounts;
  add_decl(c, DECL_TRANSFER, loc)->u.transfer = t;
}

void ast_expect_begin(ParseCtx *c, Loc loc, SubjectKind subject, Ref ref) {
  forget_blocks(c);
  Expect *e = node(c, sizeof *e);
  e->loc = loc;
  e->subject = subject;
  e->ref = ref;
  add_decl(c, DECL_EXPECT, loc)->u.expect = e;
  c->expect = e;
}

void ast_expect_tolerance(ParseCtx *c, Expr *tolerance) {
  if (c->expect)
    c->expect->tolerance = tolerance;
}

void ast_expect_row(ParseCtx *c, Loc loc, Measure m, YearAmount *amounts) {
  stmt(c, STMT_ROW, loc, amounts);
  if (!c->expect)
    return;
  ExpectRow *r = node(c, sizeof *r);
  r->loc = loc;
  r->measure = m;
  r->amounts = amounts;
  APPEND_AT(&c->expect->rows, r);
}

/* ------------------------------------------------------------------ verloop */

void ast_verloop_begin(ParseCtx *c, Loc loc, const char *title, Expr *tolerance) {
  forget_blocks(c);
  Verloop *v = node(c, sizeof *v);
  v->loc = loc;
  v->title = title;
  v->tolerance = tolerance;
  add_decl(c, DECL_VERLOOP, loc)->u.verloop = v;
  c->verloop = v;
}

void ast_verloop_row(ParseCtx *c, Loc loc, VerloopRowKind kind, const char *title,
                     YearAmount *amounts) {
  stmt(c, STMT_VERLOOP, loc, amounts);
  if (!c->verloop)
    return;
  VerloopRow *r = node(c, sizeof *r);
  *r = (VerloopRow){.loc = loc, .kind = kind, .title = title, .amounts = amounts};
  VerloopRow **end = &c->verloop->rows;
  while (*end)
    end = &(*end)->next;
  *end = r;
}

void ast_verloop_to(ParseCtx *c, Loc loc, const char *title, SubjectKind subject, Ref ref,
                    Measure m, YearAmount *amounts) {
  if (!c->verloop)
    return;
  ast_verloop_row(c, loc, VROW_TO, title, amounts);
  Expect *e = node(c, sizeof *e);
  e->loc = loc;
  e->subject = subject;
  e->ref = ref;
  e->tolerance = c->verloop->tolerance;
  ExpectRow *r = node(c, sizeof *r);
  *r = (ExpectRow){.loc = loc, .measure = m, .amounts = amounts};
  e->rows = r;
  add_decl(c, DECL_EXPECT, loc)->u.expect = e;
}

/* ------------------------------------------------------------------ projects */

void ast_project_begin(ParseCtx *c, Loc loc, const char *id, const char *title) {
  forget_blocks(c);
  Project *p = node(c, sizeof *p);
  p->loc = loc;
  p->id = id;
  p->title = title;
  add_decl(c, DECL_PROJECT, loc)->u.project = p;
  c->project = p;
}

void ast_project_end(ParseCtx *c) {
  group_unused(c);
  forget_blocks(c);
}

void ast_project_section(ParseCtx *c, Loc loc, const char *section) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->project)
    return;
  if (c->project->section)
    twice(c, loc, "section", c->project->section_loc);
  c->project->section = section;
  c->project->section_loc = loc;
}

void ast_project_programme(ParseCtx *c, Loc loc, Ref prog) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->project)
    return;
  if (c->project->has_programme)
    twice(c, loc, "programme", c->project->programme_ref.loc);
  c->project->programme_ref = prog;
  c->project->has_programme = true;
}

void ast_project_contact(ParseCtx *c, Loc loc, const char *name) {
  stmt(c, STMT_WORDS, loc, NULL);
  Project *p = c->project;
  if (!p)
    return;
  /* grown by doubling: a new array when the count is a power of two */
  int n = p->ncontacts;
  if ((n & (n - 1)) == 0) {
    const char **list = arena_alloc(c->arena, sizeof *list * (size_t)(n ? n * 2 : 1));
    if (n)
      memcpy(list, p->contacts, sizeof *list * (size_t)n);
    p->contacts = list;
  }
  p->contacts[p->ncontacts++] = name;
}

void ast_project_opening(ParseCtx *c, Loc loc, Expr *value) {
  stmt(c, STMT_EXPR, loc, value);
  if (!c->project)
    return;
  if (c->project->opening_expr)
    twice(c, loc, "opening", c->project->opening_expr->loc);
  c->project->opening_expr = value;
}

void ast_project_opening_source(ParseCtx *c, Ref src) {
  if (!c->project)
    return;
  c->project->opening_source_ref = src;
  c->project->has_opening_source = true;
}

void ast_project_group(ParseCtx *c, Loc loc, const char *title) {
  stmt(c, STMT_WORDS, loc, NULL);
  group_unused(c);
  c->group = title;
  c->group_loc = loc;
  c->group_unused = c->project != NULL;
}

void ast_project_note(ParseCtx *c, Loc loc, const char *note) {
  stmt(c, STMT_NOTE, loc, NULL);
  if (c->project)
    add_note(c, NOTE_PROJECT, &c->project->note, note);
}

void ast_project_reserve(ParseCtx *c, Loc loc, const char *id, const char *title,
                         YearAmount *amounts) {
  stmt(c, STMT_AMOUNTS, loc, amounts);
  if (!c->project)
    return;
  Reserve *r = node(c, sizeof *r);
  r->loc = loc;
  r->name = id;
  r->title = title ? title : id;
  r->amounts = amounts;
  APPEND_AT(&c->project->reserves, r);
}

void ast_project_prefinance(ParseCtx *c, Loc loc, YearSpan y, const char *reason) {
  stmt(c, STMT_WORDS, loc, NULL);
  check_span(c, y);
  if (!c->project)
    return;
  Prefinance *pf = node(c, sizeof *pf);
  pf->loc = loc;
  pf->years = y;
  pf->reason = reason;
  APPEND_AT(&c->project->prefinances, pf);
}

/* Any finding of the checker, error or warning, can be acknowledged where
 * it stands; one about the input itself (a syntax error, a file that
 * cannot be read) cannot: the plan it would stand in is not there. */
static Accept *new_accept(ParseCtx *c, Loc loc, const char *name, YearSpan y, const char *reason) {
  check_span(c, y);
  static const char *not_findings[] = {"syntax", "amount-format", "encoding", "limit", "import",
                                       "import-cycle", "io", NULL};
  const DiagInfo *info = diag_info(name);
  bool input = false;
  for (int i = 0; info && not_findings[i]; i++)
    input |= strcmp(not_findings[i], name) == 0;
  if (!info || input) {
    diag_report(c->diags, "invalid-value", loc,
                info ? "'%s' is about the input itself and cannot be accepted"
                     : "'%s' is not the name of a finding (see amrc --list-warnings and the "
                       "diagnostics table of docs/manual.md)",
                name);
    c->nerrors++;
    return NULL;
  }
  Accept *a = node(c, sizeof *a);
  a->loc = loc;
  a->name = name;
  a->years = y;
  a->reason = reason;
  return a;
}

void ast_expect_accept(ParseCtx *c, Loc loc, const char *name, YearSpan y, const char *reason) {
  stmt(c, STMT_WORDS, loc, NULL);
  Accept *a = new_accept(c, loc, name, y, reason);
  if (a && c->expect)
    APPEND_AT(&c->expect->accepts, a);
}

void ast_accept(ParseCtx *c, Loc loc, const char *name, YearSpan y, const char *reason) {
  stmt(c, STMT_WORDS, loc, NULL);
  Accept *a = new_accept(c, loc, name, y, reason);
  if (!a)
    return;
  Accept **list = c->line ? &line_extra(c)->accepts
                  : c->source ? &c->source->accepts
                  : c->project ? &c->project->accepts
                               : NULL;
  if (!list) {
    diag_report(c->diags, "invalid-value", loc,
                "'accept' belongs inside a project, a line or a source");
    c->nerrors++;
    return;
  }
  APPEND_AT(list, a);
}

/* ------------------------------------------------------------------ lines */

/* Lines side by side, not between their cells: the resolver, the
 * evaluator and the checker walk every line of a project several times,
 * and a walk from one line to the next in memory is one the processor can
 * fetch ahead. Pools of 32, not more: a file's last pool is left part
 * empty, and larger pools showed in peak memory (bench/RESULTS.md). A
 * file's first pools are smaller, doubling up to 32: most files of a
 * plan hold one project of a few lines, and memory left empty between
 * them is pages a small plan touches for nothing. */
static Line *new_line(ParseCtx *c) {
  struct AstScratch *S = scratch(c);
  if (!S->lines || S->nlines == S->pool) {
    S->pool = !S->pool ? LINE_POOL_FIRST : S->pool < LINE_POOL ? 2 * S->pool : LINE_POOL;
    S->lines = arena_alloc_aligned(c->arena, sizeof *S->lines * (size_t)S->pool, 8);
    S->nlines = 0;
  }
  return &S->lines[S->nlines++];
}

void ast_line_begin(ParseCtx *c, Loc loc, Loc nr_loc, NumTok nr, const char *category) {
  stmt(c, STMT_LINE, loc, NULL);
  Line *l = new_line(c);
  l->loc = loc;
  l->nr = ast_int(c, nr_loc, nr);
  l->nr_end = nr_loc.end;
  l->category = category;
  l->group = c->group;
  c->group_unused = false;
  if (c->project) {
    APPEND_AT(&c->project->lines, l);
    c->project->nwritten++;
  }
  c->line = l;
}

void ast_line_end(ParseCtx *c) { c->line = NULL; }

void ast_line_cells(ParseCtx *c, Side side, CellList cells) {
  if (c->outline) {
    const Cell *last = cells.tail;
    stmt_at(c, STMT_CELLS, cells.head->begin,
            last->value ? last->value->loc.end : last->literal_end, cells.head);
  }
  if (!c->line)
    return;
  APPEND_AT(&c->line->cells[side], cells.head);
}

void ast_line_source(ParseCtx *c, Loc loc, Ref src) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->line)
    return;
  if (c->line->source_ref)
    twice(c, loc, "source", c->line->source_ref->loc);
  else
    c->line->source_ref = node(c, sizeof *c->line->source_ref);
  *c->line->source_ref = src;
}

void ast_line_paid_by(ParseCtx *c, Loc loc, Ref by) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->line)
    return;
  if (c->line->paid_by)
    twice(c, loc, "paid by", c->line->paid_by->loc);
  else
    c->line->paid_by = node(c, sizeof *c->line->paid_by);
  *c->line->paid_by = by;
}

void ast_line_paid_outside(ParseCtx *c, Loc loc, const char *who, YearAmount *amounts) {
  stmt(c, STMT_AMOUNTS, loc, amounts);
  if (!c->line)
    return;
  LineExtra *x = line_extra(c);
  if (x->outside) {
    /* one payer outside the plan per line: two would need a split the
     * table does not show */
    twice(c, loc, "paid outside", x->outside->loc);
    return;
  }
  x->outside = node(c, sizeof *x->outside);
  *x->outside = (Outside){loc, who, amounts};
}

void ast_line_class(ParseCtx *c, Loc loc, MoneyClass mc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (c->line && class_free(c, loc, c->line->money_class, mc))
    c->line->money_class = mc;
}

void ast_line_taakveld(ParseCtx *c, Loc loc, const char *tv) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->line)
    return;
  LineExtra *x = line_extra(c);
  if (x->taakveld) {
    twice(c, loc, "taakveld", x->taakveld_loc);
    return;
  }
  x->taakveld = tv;
  x->taakveld_loc = loc;
}

void ast_line_rule(ParseCtx *c, Loc loc, Side side, YearSpan years, int compare, Expr *expr,
                   Expr *tolerance) {
  if (!c->line)
    return;
  RuleDecl *r = node(c, sizeof *r);
  r->loc = loc;
  r->side = side;
  r->years = years;
  r->compare = (RuleCompare)compare;
  r->expr = expr;
  r->tolerance = tolerance;
  stmt(c, STMT_RULE, loc, r);
  APPEND_AT(&line_extra(c)->rules, r);
}

void ast_line_note(ParseCtx *c, Loc loc, const char *note) {
  stmt(c, STMT_NOTE, loc, NULL);
  if (c->line)
    add_note(c, NOTE_LINE, &c->line->note, note);
}

/* ------------------------------------------------------------------ realisatie */

CodeRange *ast_code_range(ParseCtx *c, Loc loc, const char *lo, const char *hi) {
  CodeRange *r = node(c, sizeof *r);
  r->lo = lo;
  r->hi = hi;
  r->loc = loc;
  return r;
}

CodeRange *ast_code_ranges(ParseCtx *c, CodeRange *list, CodeRange *r) { APPEND_LIST(list, r); }

/* A project's statement names its cost centre for its lines; the cost
 * types belong to the lines, which say what the money is for. */
void ast_books(ParseCtx *c, Loc loc, int side, CodeRange *kostenplaats, CodeRange *kostensoort) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->project)
    return;
  if (!c->line && (side >= 0 || kostensoort || !kostenplaats)) {
    diag_report(c->diags, "invalid-value", loc,
                "a project's 'books' names only its kostenplaats; the side and the "
                "kostensoort belong to a line's 'books'");
    c->nerrors++;
    return;
  }
  if (!c->line && c->project->books) {
    twice(c, loc, "books", c->project->books->loc);
    return;
  }
  Books *b = node(c, sizeof *b);
  b->loc = loc;
  b->side = side;
  b->kostenplaats = kostenplaats;
  b->kostensoort = kostensoort;
  if (c->line)
    APPEND_AT(&line_extra(c)->books, b);
  else
    c->project->books = b;
}

static int month_days(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

void ast_line_spends(ParseCtx *c, Loc loc, const char *how, Loc how_loc, const char *date,
                     Loc date_loc) {
  stmt(c, STMT_WORDS, loc, NULL);
  if (!c->line)
    return;
  Spends s = {.loc = loc};
  if (!date && strcmp(how, "monthly") == 0) {
    s.kind = SPEND_MONTHLY;
  } else if (!date && strcmp(how, "quarterly") == 0) {
    s.kind = SPEND_QUARTERLY;
  } else if (date && strcmp(how, "at") == 0) {
    /* "30-09": a day and month of every year, in the Dutch order */
    int d = 0, m = 0, n = 0;
    char end;
    if (sscanf(date, "%2d-%2d%n%c", &d, &m, &n, &end) != 2 || n != (int)strlen(date) ||
        m < 1 || m > 12 || d < 1 || d > month_days(2024, m)) {
      diag_report(c->diags, "invalid-value", date_loc,
                  "'spends at' takes a day and month as \"DD-MM\" (\"30-09\"), not \"%s\"", date);
      c->nerrors++;
      return;
    }
    s.kind = SPEND_AT;
    s.day = d;
    s.month = m;
  } else {
    diag_report(c->diags, "invalid-value", date ? loc : how_loc,
                "'spends' takes monthly, quarterly or at \"DD-MM\", not '%s%s'", how,
                date ? " \"...\"" : "");
    c->nerrors++;
    return;
  }
  LineExtra *x = line_extra(c);
  if (x->spends) {
    twice(c, loc, "spends", x->spends->loc);
    return;
  }
  x->spends = node(c, sizeof *x->spends);
  *x->spends = s;
}

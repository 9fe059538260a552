/* diag.c: diagnostics as GCC and Clang print them, and for machines.
 *
 * Every diagnostic has a stable name from the catalogue below; warnings can
 * be silenced (-Wno-NAME) or made fatal (-Werror, -Werror=NAME). They are
 * collected, not printed at once, so that one run can print them in any of
 * the formats (text, GitHub workflow commands, SARIF, JSON lines). */
#include "core.h"

#include <stdlib.h>
#include <string.h>

const DiagInfo diag_catalogue[] = {
    /* errors in the input */
    {"syntax", SEV_ERROR, false, "the text does not follow the grammar"},
    {"amount-format", SEV_ERROR, false, "an amount written in a way that could be misread"},
    {"encoding", SEV_ERROR, false, "the file is not UTF-8 text"},
    {"limit", SEV_ERROR, false, "a size or nesting limit was reached"},
    {"import", SEV_ERROR, false, "an import cannot be read or leaves the allowed folders"},
    {"import-cycle", SEV_ERROR, false, "files import each other in a cycle"},
    {"duplicate", SEV_ERROR, false, "a name or line number defined twice"},
    {"unknown-name", SEV_ERROR, false, "a name that nothing defines"},
    {"missing", SEV_ERROR, false, "something the plan must have is missing"},
    {"year-range", SEV_ERROR, false, "a year outside the plan's horizon"},
    {"overflow", SEV_ERROR, false, "an amount beyond the money type"},
    {"invalid-value", SEV_ERROR, false, "a value that cannot be used where it stands"},
    {"rule-mismatch", SEV_ERROR, false, "a stated amount differs from its rule"},
    {"rule-tolerance", SEV_NOTE, false, "a stated amount differs from its rule within the tolerance"},
    {"shortfall", SEV_ERROR, false, "lasten that nothing covers"},
    {"coverage", SEV_ERROR, false, "a source or line pays more than it has"},
    {"transfer-mismatch", SEV_ERROR, false, "the two sides of a transfer disagree"},
    {"earmark", SEV_ERROR, false, "earmarked money pays something it is not earmarked for"},
    {"wrong-side", SEV_ERROR, false, "a statement of one side (source, paid by, paid outside) on a line of the other"},
    {"reservation", SEV_ERROR, false, "a reservation larger than the balance"},
    {"expectation", SEV_ERROR, false, "a total the plan states differs from the computed one"},
    {"expectation-tolerance", SEV_NOTE, false, "a stated total differs within its tolerance"},
    {"reserve-balance", SEV_ERROR, false, "withdrawals from a reserve beyond its balance"},
    {"io", SEV_ERROR, false, "a file cannot be read or written"},
    {"actuals-format", SEV_ERROR, false, "an actuals export whose header, date or amount cannot be read"},
    {"actuals-unmapped", SEV_ERROR, false, "a booking that maps to no line of the plan"},
    {"actuals-ambiguous", SEV_ERROR, false, "a booking that maps to two lines of the plan"},
    {"actuals-year", SEV_ERROR, false, "a booking dated outside the plan's years"},
    {"csv-cell", SEV_ERROR, false, "amrc import: a cell or row of a CSV it cannot read"},
    /* warnings */
    {"bidi-chars", SEV_WARNING, true, "a bidirectional override or isolate in a string or comment"},
    {"confusable-title", SEV_WARNING, true, "two projects, sources or programmes whose titles are equal or look the same"},
    {"csv-total", SEV_WARNING, true, "amrc import: a table's Totaal differs from its lines"},
    {"prefinancing", SEV_WARNING, true, "a balance below zero that later baten restore"},
    {"pm-uncovered", SEV_WARNING, true, "a PM lasten cell with no declared coverage"},
    {"pm-coverage", SEV_WARNING, true, "lasten whose coverage rests on a PM baten cell of that year"},
    {"unspent-earmarked", SEV_WARNING, true, "money that must be paid back when unspent is left at year end"},
    {"settlement-prefinancing", SEV_WARNING, true, "a source paid after settlement pays earlier costs"},
    {"structural-balance", SEV_WARNING, true, "structural lasten that lean on incidental money"},
    {"negative-lasten", SEV_WARNING, true, "a negative lasten amount, added as it stands"},
    {"unknown-taakveld", SEV_WARNING, true, "a line's taakveld that the plan's declared list of taakvelden lacks"},
    {"annual-deficit", SEV_WARNING, true, "the annual programmes of a plan do not balance in a year"},
    {"unused-accept", SEV_WARNING, true, "an accept or prefinance that matches no finding"},
    {"over-budget", SEV_WARNING, true, "realisatie: lasten booked beyond the year's budget"},
    {"forecast-over-budget", SEV_WARNING, true, "realisatie: the year-end forecast beyond the budget by more than --over"},
    {"spending-behind", SEV_WARNING, true, "realisatie: booked far less than the profile puts before the date (--behind)"},
    {"unbudgeted-booking", SEV_WARNING, true, "realisatie: bookings on a line with no budget that year"},
    {"actuals-prefinancing", SEV_WARNING, true, "realisatie: the forecast makes a pre-financing deeper or longer"},
    {"actuals-shortfall", SEV_WARNING, true, "realisatie: the forecast leaves the project short at the horizon's end"},
    {"actuals-unspent-earmarked", SEV_WARNING, true, "realisatie: earmarked money forecast to be left unspent (paid back)"},
    {NULL, SEV_NOTE, false, NULL},
};

const DiagInfo *diag_info(const char *name) {
  for (const DiagInfo *i = diag_catalogue; i->name; i++)
    if (strcmp(i->name, name) == 0)
      return i;
  return NULL;
}

void diags_init(Diags *d, Arena *a) {
  memset(d, 0, sizeof *d);
  d->arena = a;
  d->max_errors = AMR_DEFAULT_MAX_ERRORS;
}

static bool in_list(const char **list, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0)
      return true;
  return false;
}

bool diag_enabled(const Diags *d, const char *name) {
  const DiagInfo *info = diag_info(name);
  return !(info && info->can_disable && in_list(d->disabled, d->ndisabled, name));
}

/* Past the error limit an error is only counted. A finding of one year
 * (diag_year, with a key) may still be merged with its other years by
 * diags_group, which applies the limit to what it makes; until then such
 * findings are kept up to a limit as many times larger as a plan can have
 * years, so that memory stays bounded. */
static bool over_limit(Diags *d, Severity sev, bool groupable) {
  long long cap = groupable ? (long long)d->max_errors * AMR_MAX_YEARS : d->max_errors;
  if (sev != SEV_ERROR || d->nerrors < cap)
    return false;
  d->overflowed = true;
  d->nerrors++;
  d->nunlisted++;
  return true;
}

static void append(Diags *d, Diag *g) {
  g->next = NULL;
  if (d->tail)
    d->tail->next = g;
  else
    d->head = g;
  d->tail = g;
  if (g->accepted)
    d->nsuppressed++;  /* adopted after the plan accepted it (par.c) */
  else if (g->sev == SEV_ERROR)
    d->nerrors++;
  else if (g->sev == SEV_WARNING)
    d->nwarnings++;
  else
    d->nnotes++;
}

/* fmt in Dutch with the same arguments, when d asks for Dutch and its
 * catalogue has fmt; else NULL. */
static char *dutch(const Diags *d, const char *fmt, va_list ap) {
  const char *t = d->nl ? catalog_get(d->nl, d->arena, fmt) : NULL;
  return t ? arena_vprintf(d->arena, t, ap) : NULL;
}

/* A phrase in both languages, inside a message: \x1c English \x1d Dutch
 * \x1c (a plan's text holds no C0 controls); a message keeps one side. */
enum { PHRASE = '\x1c', PHRASE_NL = '\x1d' };

/* s with each phrase in one language (Dutch: nl). */
static char *pick(Arena *a, char *s, bool nl) {
  if (!s || !strchr(s, PHRASE))
    return s;
  Buf b = {0};
  for (const char *p = s; *p; p++) {
    if (*p != PHRASE) {
      buf_putc(&b, *p);
      continue;
    }
    const char *mid = strchr(p + 1, PHRASE_NL), *end = mid ? strchr(mid + 1, PHRASE) : NULL;
    if (!end)
      break;
    const char *from = nl ? mid + 1 : p + 1, *to = nl ? end : mid;
    buf_put(&b, from, (size_t)(to - from));
    p = end;
  }
  char *r = arena_strndup(a, b.data ? b.data : "", b.len);
  buf_free(&b);
  return r;
}

const char *diag_vphrase(const Diags *d, const char *fmt, va_list ap) {
  va_list nl;
  va_copy(nl, ap);
  char *en = pick(d->arena, arena_vprintf(d->arena, fmt, ap), false);
  char *du = dutch(d, fmt, nl);
  va_end(nl);
  return du ? arena_printf(d->arena, "%c%s%c%s%c", PHRASE, en, PHRASE_NL, pick(d->arena, du, true),
                           PHRASE)
            : en;
}

const char *diag_phrase(const Diags *d, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const char *r = diag_vphrase(d, fmt, ap);
  va_end(ap);
  return r;
}

/* msgid is a literal of ours without a conversion: as a format it prints
 * itself */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
const char *diag_phrase_msgid(const Diags *d, const char *msgid) { return diag_phrase(d, msgid); }
#pragma GCC diagnostic pop

const char *diag_errno(const Diags *d, int err) {
  const char *en = strerror(err), *id = d->nl ? nls_errno_msgid(err) : NULL;
  /* the phrase's English is the msgid: used only where strerror says the
   * same, so the English message never changes */
  return id && strcmp(id, en) == 0 ? diag_phrase_msgid(d, id) : en;
}

Diag *diag_vreport(Diags *d, const char *name, Loc loc, const char *fmt, va_list ap) {
  const DiagInfo *info = diag_info(name);
  Severity sev = info ? info->sev : SEV_ERROR;
  if (!diag_enabled(d, name) || over_limit(d, sev, false))
    return NULL;
  Diag *g = arena_alloc(d->arena, sizeof *g);
  g->sev = sev;
  g->name = name;
  g->loc = loc;
  va_list nl;
  va_copy(nl, ap);
  g->msg = pick(d->arena, arena_vprintf(d->arena, fmt, ap), false);
  g->msg_nl = pick(d->arena, dutch(d, fmt, nl), true);
  va_end(nl);
  append(d, g);
  return g;
}

void diags_child(Diags *c, const Diags *parent, Arena *a) {
  *c = *parent;
  c->arena = a;
  c->head = c->tail = NULL;
  c->nerrors = c->nwarnings = c->nnotes = c->nsuppressed = c->nunlisted = c->nfolded = 0;
  c->overflowed = false;
}

void diags_adopt(Diags *d, Diag *from, Diag *to) {
  for (Diag *g = from; g != to;) {
    Diag *next = g->next;  /* append relinks g */
    if (!over_limit(d, g->sev, g->key != NULL))
      append(d, g);
    g = next;
  }
}

void diags_adopt_unlisted(Diags *d, const Diags *c) {
  if (c->nunlisted) {
    d->nerrors += c->nunlisted;
    d->nunlisted += c->nunlisted;
    d->overflowed = true;
  }
}

Diag *diag_report(Diags *d, const char *name, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *g = diag_vreport(d, name, loc, fmt, ap);
  va_end(ap);
  return g;
}

Diag *diag_plain(Diags *d, const char *name, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *g = diag_vreport(d, name, (Loc){0}, fmt, ap);
  va_end(ap);
  return g;
}

static void add_note(Diags *d, Diag *g, Loc loc, char *msg, char *msg_nl) {
  DiagNote *n = arena_alloc(d->arena, sizeof *n);
  n->loc = loc;
  n->msg = msg;
  n->msg_nl = msg_nl;
  DiagNote **p = &g->notes;
  while (*p)
    p = &(*p)->next;
  *p = n;
}

void diag_note(Diags *d, Diag *g, Loc loc, const char *fmt, ...) {
  if (!g)
    return;
  va_list ap, nl;
  va_start(ap, fmt);
  va_copy(nl, ap);
  char *msg = pick(d->arena, arena_vprintf(d->arena, fmt, ap), false);
  add_note(d, g, loc, msg, pick(d->arena, dutch(d, fmt, nl), true));
  va_end(nl);
  va_end(ap);
}

void diag_accept(Diags *d, Diag *g, const char *reason) {
  if (!g || !reason || g->accepted)
    return;
  g->accepted = reason;
  if (g->sev == SEV_ERROR)
    d->nerrors--;
  else if (g->sev == SEV_WARNING)
    d->nwarnings--;
  else
    d->nnotes--;
  d->nsuppressed++;
}

/* ------------------------------------------------------------------ one finding per cause */

/* "2027-2029", "2026, 2028-2029": years ascending. */
static void put_years(Buf *b, const int *years, int n) {
  for (int i = 0; i < n;) {
    int j = i;
    while (j + 1 < n && years[j + 1] == years[j] + 1)
      j++;
    buf_printf(b, "%s%d", i ? ", " : "", years[i]);
    if (j > i)
      buf_printf(b, "-%d", years[j]);
    i = j + 1;
  }
}

/* The message of a group: tmpl with the years and, for each value, the
 * value of every year in order (once, when they are all the same). */
static char *render(Arena *a, const char *tmpl, const int *years, const Diag *const *members,
                    int n) {
  Buf b = {0};
  for (const char *p = tmpl; *p; p++) {
    if (*p != '\x1f' || !p[1]) {
      buf_putc(&b, *p);
      continue;
    }
    p++;
    if (*p == 'Y') {
      put_years(&b, years, n);
      continue;
    }
    int v = *p - '0';
    bool same = true;
    for (int i = 1; i < n; i++)
      same &= v < members[i]->nvals && v < members[0]->nvals &&
              strcmp(members[i]->vals[v], members[0]->vals[v]) == 0;
    for (int i = 0; i < (same ? 1 : n); i++)
      buf_printf(&b, "%s%s", i ? " / " : "", v >= 0 && v < members[i]->nvals ? members[i]->vals[v] : "?");
  }
  char *s = arena_strndup(a, b.data ? b.data : "", b.len);
  buf_free(&b);
  return s;
}

Diag *diag_year(Diags *d, const char *name, Loc loc, const char *key, int year,
                const char *const *vals, int nvals, const char *fmt, ...) {
  const DiagInfo *info = diag_info(name);
  Severity sev = info ? info->sev : SEV_ERROR;
  if (!diag_enabled(d, name) || over_limit(d, sev, key != NULL))
    return NULL;
  Diag *g = arena_alloc(d->arena, sizeof *g);
  g->sev = sev;
  g->name = name;
  g->loc = loc;
  va_list ap, nl;
  va_start(ap, fmt);
  va_copy(nl, ap);
  g->tmpl = pick(d->arena, arena_vprintf(d->arena, fmt, ap), false);
  g->tmpl_nl = pick(d->arena, dutch(d, fmt, nl), true);
  va_end(nl);
  va_end(ap);
  g->key = key ? arena_strdup(d->arena, key) : NULL;
  g->year = year;
  g->nvals = nvals;
  g->vals = arena_alloc(d->arena, sizeof *g->vals * (size_t)(nvals + 1));
  for (int i = 0; i < nvals; i++)
    g->vals[i] = arena_strdup(d->arena, vals[i]);
  const Diag *self = g;
  g->msg = render(d->arena, g->tmpl, &year, &self, 1);
  if (g->tmpl_nl)
    g->msg_nl = render(d->arena, g->tmpl_nl, &year, &self, 1);
  append(d, g);
  return g;
}

/* A table from strings to positions in the list, for the grouping pass. */
typedef struct Slot {
  const char *k;
  int at;
} Slot;
typedef struct Table {
  Slot *slots;
  size_t cap;
} Table;

static size_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return (size_t)(h ^ (h >> 29));
}

static Slot *slot_of(Table *t, const char *k) {
  size_t i = hash_str(k) & (t->cap - 1);
  while (t->slots[i].k && strcmp(t->slots[i].k, k) != 0)
    i = (i + 1) & (t->cap - 1);
  return &t->slots[i];
}

static void table_init(Arena *a, Table *t, int n) {
  t->cap = 16;
  while (t->cap < (size_t)n * 2)
    t->cap *= 2;
  t->slots = arena_alloc(a, sizeof *t->slots * t->cap);
}

typedef struct Member {
  Diag *g;
  int root;                /* the cause it is folded into; -1: none */
  int lead;                /* the first of its group */
  int next_in;             /* the next member of its group; -1: none */
  int last;                /* the lead's: its group's last member */
} Member;

static int by_year(const void *a, const void *b) {
  const Diag *x = *(const Diag *const *)a, *y = *(const Diag *const *)b;
  return (x->year > y->year) - (x->year < y->year);
}

/* Notes of the members, each once, in order. */
static void merge_notes(Diag *lead, Diag *const *members, int n) {
  DiagNote *head = NULL, **tail = &head;
  for (int i = 0; i < n; i++) {
    for (DiagNote *m = members[i]->notes; m;) {
      DiagNote *next = m->next;
      bool dup = false;
      for (DiagNote *q = head; q && !dup; q = q->next)
        dup = q->loc.file == m->loc.file && q->loc.begin == m->loc.begin &&
              q->loc.end == m->loc.end && strcmp(q->msg, m->msg) == 0;
      if (!dup) {
        m->next = NULL;
        *tail = m;
        tail = &m->next;
      }
      m = next;
    }
  }
  lead->notes = head;
}

/* The members' places as one: the first, stretched over the others that
 * are in its file. */
static Loc span_of(Diag *const *members, int n) {
  Loc l = members[0]->loc;
  for (int i = 1; i < n; i++) {
    Loc m = members[i]->loc;
    if (m.file != l.file)
      continue;
    if (m.begin < l.begin)
      l.begin = m.begin;
    if (m.end > l.end)
      l.end = m.end;
  }
  return l;
}

/* The lowest finding that explains m[i], or -1. The chain goes down the
 * totals or back in the years, so it ends; the bound only guards against
 * a plan that names one thing twice. An error is never folded into a
 * weaker finding. */
static int cause_of(Arena *a, Table *byk, const Member *m, int i) {
  int root = -1;
  const char *k = m[i].g->because;
  int y = m[i].g->because_year;
  for (int step = 0; k; step++) {
    Slot *s = slot_of(byk, arena_printf(a, "%s\x1e%d", k, y));
    if (!s->k)
      break;
    if (s->at == i || step == 64)
      return -1;
    root = s->at;
    k = m[root].g->because;
    y = m[root].g->because_year;
  }
  if (root < 0 || m[root].g->sev < m[i].g->sev)
    return -1;
  return root;
}

static void count(Diags *d, const Diag *g) {
  if (g->accepted)
    d->nsuppressed++;
  else if (g->sev == SEV_ERROR)
    d->nerrors++;
  else if (g->sev == SEV_WARNING)
    d->nwarnings++;
  else
    d->nnotes++;
}

void diags_group(Diags *d) {
  int n = 0;
  bool any = false;
  for (Diag *g = d->head; g; g = g->next, n++)
    any |= g->key != NULL;
  if (!any)
    return;
  /* what finds the groups is scratch, given back at the end; the findings
   * keep only their new texts (a), not a key per finding */
  Arena *a = d->arena, scratch = {0};
  Member *m = arena_alloc(&scratch, sizeof *m * (size_t)n);
  Table byk, grp;
  table_init(&scratch, &byk, n);
  table_init(&scratch, &grp, n);
  int i = 0;
  for (Diag *g = d->head; g; g = g->next, i++) {
    m[i] = (Member){g, -1, i, -1, i};
    if (g->key) {
      char *k = arena_printf(&scratch, "%s\x1e%d", g->key, g->year);
      Slot *s = slot_of(&byk, k);
      if (!s->k)
        *s = (Slot){k, i};
    }
  }
  for (i = 0; i < n; i++)
    m[i].root = cause_of(&scratch, &byk, m, i);
  /* Groups: same name, thing, words, file and acknowledgement; the
   * explained ones also by the group of their cause. Causes first, so that
   * an explained finding finds its cause's group. */
  for (int pass = 0; pass < 2; pass++) {
    for (i = 0; i < n; i++) {
      Member *x = &m[i];
      if ((x->root >= 0) != pass || !x->g->key)
        continue;
      const char *sig = arena_printf(
          &scratch, "%s\x1e%s\x1e%s\x1e%s\x1e%p\x1e%d", x->g->name, x->g->key,
          x->g->tmpl ? x->g->tmpl : x->g->msg, x->g->accepted ? x->g->accepted : "",
          (void *)x->g->loc.file, x->root >= 0 ? m[x->root].lead : -1);
      Slot *s = slot_of(&grp, sig);
      if (!s->k) {
        *s = (Slot){sig, i};
        continue;
      }
      Member *lead = &m[s->at];
      x->lead = s->at;
      m[lead->last].next_in = i;
      lead->last = i;
    }
  }
  /* Each group as one finding; the explained ones as notes on their cause. */
  Diag *head = NULL, *tail = NULL;
  d->nerrors = d->nwarnings = d->nnotes = d->nsuppressed = 0;
  Diag **members = arena_alloc(&scratch, sizeof *members * (size_t)n);
  int *years = arena_alloc(&scratch, sizeof *years * (size_t)n);
  for (int pass = 0; pass < 2; pass++) {
    for (i = 0; i < n; i++) {
      Member *x = &m[i];
      if (x->lead != i || (x->root >= 0) != pass)
        continue;
      int k = 0;
      for (int y = i; y >= 0; y = m[y].next_in)
        members[k++] = m[y].g;
      Diag *g = x->g;
      if (k > 1) {
        qsort(members, (size_t)k, sizeof *members, by_year);
        for (int j = 0; j < k; j++)
          years[j] = members[j]->year;
        g->msg = render(a, g->tmpl ? g->tmpl : g->msg, years, (const Diag *const *)members, k);
        if (g->tmpl_nl || g->msg_nl)
          g->msg_nl = render(a, g->tmpl_nl ? g->tmpl_nl : g->msg_nl, years,
                             (const Diag *const *)members, k);
        Buf yb = {0};
        put_years(&yb, years, k);
        g->years = arena_strndup(a, yb.data, yb.len);
        buf_free(&yb);
        g->loc = span_of(members, k);
        merge_notes(g, members, k);
        g->nfolded += k - 1;
        d->nfolded += k - 1;
      }
      if (pass == 1) {
        Diag *cause = m[m[x->root].lead].g;
        /* xgettext:c-format */
        static const char explains[] = N_("this also explains %s");
        const char *t = d->nl ? catalog_get(d->nl, a, explains) : NULL;
        add_note(d, cause, g->loc, arena_printf(a, explains, g->msg),
                 t ? arena_printf(a, t, diag_text(g, true)) : NULL);
        for (DiagNote *note = g->notes; note; note = note->next)
          add_note(d, cause, note->loc, note->msg, note->msg_nl);
        cause->nfolded += g->nfolded + 1;
        d->nfolded++;
        continue;
      }
      if (!g->accepted && g->sev == SEV_ERROR && d->nerrors >= d->max_errors) {
        d->nunlisted++;  /* past the limit once grouped: counted, not listed */
        d->overflowed = true;
        continue;
      }
      g->next = NULL;
      if (tail)
        tail->next = g;
      else
        head = g;
      tail = g;
      count(d, g);
    }
  }
  d->nerrors += d->nunlisted;
  d->head = head;
  d->tail = tail;
  arena_free(&scratch);
}

/* A warning counts as an error under -Werror or -Werror=NAME. */
static bool is_fatal(const Diags *d, const Diag *g) {
  if (g->accepted)
    return false;
  if (g->sev == SEV_ERROR)
    return true;
  if (g->sev == SEV_WARNING)
    return d->werror || in_list(d->promoted, d->npromoted, g->name);
  return false;
}

bool diag_is_fatal(const Diags *d, const Diag *g) { return is_fatal(d, g); }

bool diags_failed(const Diags *d) {
  if (d->nerrors > 0)
    return true;
  for (const Diag *g = d->head; g; g = g->next)
    if (is_fatal(d, g))
      return true;
  return false;
}

/* ------------------------------------------------------------------ text */

static const char *sev_word(const Diags *d, const Diag *g) {
  if (g->sev == SEV_WARNING && is_fatal(d, g))
    return "error";
  return g->sev == SEV_ERROR ? "error" : g->sev == SEV_WARNING ? "warning" : "note";
}

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_RESET "\033[0m"

/* A line longer than this many characters (a hostile file can hold one of
 * 64 MiB) is quoted as a window around the place, so that the output of one
 * run stays proportional to the number of diagnostics, not to the line. */
enum { EXCERPT_MAX_CHARS = 1000, EXCERPT_BEFORE = 60, EXCERPT_WINDOW = 160 };

/* The byte offset n characters after byte offset i (or len). */
static int skip_chars(const char *text, int len, int i, int n) {
  while (i < len && n > 0) {
    i++;
    while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
      i++;
    n--;
  }
  return i;
}

/* Text from a plan (a category, a path) must not move the cursor, recolour
 * the terminal or read in another order than it is: control characters
 * (C0, DEL, C1) and bidirectional overrides print as '?' (text.c). */
static void put_clean_n(FILE *out, const char *s, int n) {
  Buf b = {0};
  text_put_clean(&b, s, (size_t)n, false);
  if (b.len)
    fwrite(b.data, 1, b.len, out);
  buf_free(&b);
}

static void put_clean(FILE *out, const char *s) { put_clean_n(out, s, (int)strlen(s)); }

/* p is loc_pos(loc), which print_head worked out (a column counts the
 * line's characters). */
static void print_excerpt(FILE *out, Loc loc, Pos p, bool color) {
  int len;
  const char *text = src_line(loc.file, p.line, &len);
  if (!text)
    return;
  /* The part of the line shown: all of it, or a window around p.col. */
  int start = 0, end = len, first_col = 1;
  if (skip_chars(text, len, 0, EXCERPT_MAX_CHARS) < len) {
    first_col = p.col > EXCERPT_BEFORE ? p.col - EXCERPT_BEFORE : 1;
    start = skip_chars(text, len, 0, first_col - 1);
    end = skip_chars(text, len, start, EXCERPT_WINDOW);
  }
  const char *lead = start > 0 ? "..." : "", *tail = end < len ? "..." : "";
  char gutter[16];
  int gw = snprintf(gutter, sizeof gutter, "%5d", p.line);
  fprintf(out, "%s | %s", gutter, lead);
  put_clean_n(out, text + start, end - start); /* a string may hold control characters */
  fprintf(out, "%s\n", tail);
  fprintf(out, "%*s | %*s", gw, "", (int)strlen(lead), "");
  /* Walk the line by characters so that the caret lands under the right
   * character whatever the UTF-8 lengths, and under a tab with a tab. */
  int col = first_col, i = start;
  while (i < end && col < p.col) {
    fputc(text[i] == '\t' ? '\t' : ' ', out);
    i = skip_chars(text, end, i, 1);
    col++;
  }
  int rest = 0; /* characters from the caret to the end of what is shown */
  for (int k = i; k < end; k++)
    rest += ((unsigned char)text[k] & 0xC0) != 0x80;
  int width = 1;
  if (p.end_line == p.line && p.end_col > p.col)
    width = p.end_col - p.col;
  else if (p.end_line > p.line)
    width = rest > 0 ? rest : 1;
  if (end < len && width > rest)
    width = rest > 0 ? rest : 1;
  if (color)
    fputs(C_GREEN, out);
  fputc('^', out);
  for (int k = 1; k < width && k < 400; k++)
    fputc('~', out);
  if (color)
    fputs(C_RESET, out);
  fputc('\n', out);
}

/* Returns the place it printed, for the excerpt below it. */
static Pos print_head(FILE *out, Loc loc, const char *word, const char *wcolor,
                      const char *msg, const char *name, bool color) {
  Pos p = loc_pos(loc);
  if (color)
    fputs(C_BOLD, out);
  if (loc.file) {
    put_clean(out, loc.file->display);
    fprintf(out, ":%d:%d: ", p.line, p.col);
  } else {
    fputs("amrc: ", out);
  }
  if (color)
    fprintf(out, "%s%s:%s%s ", wcolor, word, C_RESET, C_BOLD);
  else
    fprintf(out, "%s: ", word);
  put_clean(out, msg);
  if (name)
    fprintf(out, " [-W%s]", name);
  if (color)
    fputs(C_RESET, out);
  fputc('\n', out);
  return p;
}

static void print_text(const Diags *d, FILE *out, bool color, bool nl) {
  for (const Diag *g = d->head; g; g = g->next) {
    if (g->accepted)
      continue;
    const char *word = sev_word(d, g);
    const char *wc = word[0] == 'e' ? C_RED : word[0] == 'w' ? C_MAGENTA : C_CYAN;
    const DiagInfo *info = diag_info(g->name);
    bool named = info && info->can_disable;
    Pos at = print_head(out, g->loc, word, wc, diag_text(g, nl), named ? g->name : NULL, color);
    if (g->loc.file)
      print_excerpt(out, g->loc, at, color);
    for (const DiagNote *n = g->notes; n; n = n->next) {
      Pos note_at = print_head(out, n->loc, "note", C_CYAN, note_text(n, nl), NULL, color);
      bool same = n->loc.file == g->loc.file && n->loc.begin == g->loc.begin;
      if (n->loc.file && !same)
        print_excerpt(out, n->loc, note_at, color);
    }
  }
  const Catalog *said = nl ? d->nl : NULL;
  /* the errors past the limit, as reported: grouping (diags_group) may
   * have made fewer of the listed ones, so nerrors - max_errors is not it */
  int hidden = d->nunlisted;
  if (d->overflowed)
    fprintf(out, "amrc: %s\n",
            hidden == 1 ? nls_printf(said, d->arena, "%d more error not shown (limit %d; see --max-errors)",
                                     hidden, d->max_errors)
                        : nls_printf(said, d->arena, "%d more errors not shown (limit %d; see --max-errors)",
                                     hidden, d->max_errors));
}

/* ------------------------------------------------------------------ github */

static void gh_escape(FILE *out, const char *s, bool property) {
  Buf b = {0};
  text_put_clean(&b, s, strlen(s), true);  /* line breaks are escaped below */
  buf_putc(&b, '\0');
  for (s = b.data; *s; s++) {
    switch (*s) {
    case '%': fputs("%25", out); break;
    case '\r': fputs("%0D", out); break;
    case '\n': fputs("%0A", out); break;
    case ':': property ? fputs("%3A", out) : fputc(':', out); break;
    case ',': property ? fputs("%2C", out) : fputc(',', out); break;
    default: fputc(*s, out);
    }
  }
  buf_free(&b);
}

/* GitHub shows at most this many annotations of each kind (error,
 * warning, notice) of a step and drops the rest without a word. */
enum { GH_PER_KIND = 10 };

static int gh_kind(const Diags *d, const Diag *g) {
  const char *word = sev_word(d, g);
  return word[0] == 'e' ? 0 : word[0] == 'w' ? 1 : 2;
}

typedef struct GhRank {
  const Diag *g;
  int kind, pos;
} GhRank;

/* Of one kind, the causes that explain the most places first; then the
 * report's order. */
static int gh_rank_cmp(const void *pa, const void *pb) {
  const GhRank *a = pa, *b = pb;
  if (a->kind != b->kind)
    return a->kind - b->kind;
  if (a->g->nfolded != b->g->nfolded)
    return b->g->nfolded > a->g->nfolded ? 1 : -1;
  return a->pos - b->pos;
}

static void gh_annotation(FILE *out, const Diag *g, int kind, bool nl) {
  static const char *const cmd[] = {"error", "warning", "notice"};
  fprintf(out, "::%s ", cmd[kind]);
  if (g->loc.file) {
    fputs("file=", out);
    gh_escape(out, g->loc.file->display, true);
    Pos p = loc_pos(g->loc);
    fprintf(out, ",line=%d,col=%d,", p.line, p.col);
    if (p.end_line >= p.line && p.end_line > 0)
      fprintf(out, "endLine=%d,endColumn=%d,", p.end_line, p.end_col);
  }
  fputs("title=", out);
  gh_escape(out, g->name, true);
  fputs("::", out);
  gh_escape(out, diag_text(g, nl), false);
  for (const DiagNote *n = g->notes; n; n = n->next) {
    fputs("%0Anote: ", out);
    if (n->loc.file) {
      gh_escape(out, n->loc.file->display, false);
      Pos p = loc_pos(n->loc);
      fprintf(out, ":%d:%d: ", p.line, p.col);
    }
    gh_escape(out, note_text(n, nl), false);
  }
  fputc('\n', out);
}

/* A finding's message in the language of the run: msgid translated when
 * Dutch is asked for and the catalogue has it. */
static const char *gh_phrase(const Diags *d, bool nl, const char *msgid) {
  const char *t = nl && d->nl ? catalog_get(d->nl, d->arena, msgid) : NULL;
  return t ? t : msgid;
}

/* Workflow commands, then the whole list as text (the step's log). Of each
 * kind at most GH_PER_KIND become annotations; when more are left out, one
 * notice says how many and where all of them are, and it comes first so
 * that it is among the notices GitHub keeps. */
static void print_github(const Diags *d, FILE *out, bool nl) {
  int n = 0, count[3] = {0};
  for (const Diag *g = d->head; g; g = g->next)
    if (!g->accepted) {
      count[gh_kind(d, g)]++;
      n++;
    }
  bool over = count[0] > GH_PER_KIND || count[1] > GH_PER_KIND || count[2] > GH_PER_KIND;
  int room[3] = {GH_PER_KIND, GH_PER_KIND, over ? GH_PER_KIND - 1 : GH_PER_KIND};
  GhRank *rank = arena_alloc(d->arena, (size_t)(n ? n : 1) * sizeof *rank);
  bool *shown = arena_alloc(d->arena, (size_t)(n ? n : 1) * sizeof *shown);
  int k = 0;
  for (const Diag *g = d->head; g; g = g->next)
    if (!g->accepted) {
      rank[k] = (GhRank){g, gh_kind(d, g), k};
      k++;
    }
  qsort(rank, (size_t)n, sizeof *rank, gh_rank_cmp);
  int taken[3] = {0}, left[3] = {0};
  for (int i = 0; i < n; i++) {
    int kind = rank[i].kind;
    if (taken[kind] < room[kind]) {
      taken[kind]++;
      shown[rank[i].pos] = true;
    } else {
      left[kind]++;
    }
  }
  if (over) {
    static const char title[] = N_("amrc: more findings in the log");
    /* xgettext:c-format */
    static const char text[] = N_("%d of the %d findings are not shown as annotations "
                                  "(left out: errors %d, warnings %d, notes %d): GitHub shows at "
                                  "most 10 errors, 10 warnings and 10 notices of a step. This "
                                  "step's log lists every finding after the annotations, and "
                                  "--diagnostics-format=sarif gives them all to code scanning.");
    Buf b = {0};
    buf_printf(&b, gh_phrase(d, nl, text), left[0] + left[1] + left[2], n, left[0], left[1],
               left[2]);
    fputs("::notice title=", out);
    gh_escape(out, gh_phrase(d, nl, title), true);
    fputs("::", out);
    gh_escape(out, b.data, false);
    fputc('\n', out);
    buf_free(&b);
  }
  k = 0;
  for (const Diag *g = d->head; g; g = g->next)
    if (!g->accepted && shown[k++])
      gh_annotation(out, g, gh_kind(d, g), nl);
  print_text(d, out, false, nl);
}

/* ------------------------------------------------------------------ JSON and SARIF */

static void json_str(FILE *out, const char *s) {
  Buf b = {0};
  buf_json_string(&b, s ? s : "");
  fwrite(b.data, 1, b.len, out);
  buf_free(&b);
}

static const char *level_of(const Diags *d, const Diag *g) {
  const char *w = sev_word(d, g);
  return w[0] == 'e' ? "error" : w[0] == 'w' ? "warning" : "note";
}

static void json_loc(FILE *out, Loc loc) {
  if (!loc.file) {
    fputs("null", out);
    return;
  }
  fputs("{\"file\":", out);
  json_str(out, loc.file->display);
  Pos p = loc_pos(loc);
  fprintf(out, ",\"line\":%d,\"col\":%d,\"end_line\":%d,\"end_col\":%d}", p.line, p.col,
          p.end_line, p.end_col);
}

static void print_json(const Diags *d, FILE *out, bool nl) {
  for (const Diag *g = d->head; g; g = g->next) {
    fputs("{\"severity\":", out);
    json_str(out, level_of(d, g));
    fputs(",\"name\":", out);
    json_str(out, g->name);
    fputs(",\"location\":", out);
    json_loc(out, g->loc);
    fputs(",\"message\":", out);
    json_str(out, diag_text(g, nl));
    fputs(",\"accepted\":", out);
    if (g->accepted)
      json_str(out, g->accepted);
    else
      fputs("null", out);
    fputs(",\"notes\":[", out);
    for (const DiagNote *n = g->notes; n; n = n->next) {
      fputs("{\"location\":", out);
      json_loc(out, n->loc);
      fputs(",\"message\":", out);
      json_str(out, note_text(n, nl));
      fputs(n->next ? "}," : "}", out);
    }
    fputs("]}\n", out);
  }
}

/* A URI reference (RFC 3986): unreserved characters and '/' as they
 * are, everything else percent-encoded byte by byte. */
static void uri_put(Buf *b, const char *path) {
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
        *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/')
      buf_putc(b, (char)*p);
    else
      buf_printf(b, "%%%02X", *p);
  }
}

/* Where a file of the plan is, as SARIF says it: a path relative to the
 * folder amrc ran in (the repository, for GitHub code scanning) against
 * the base %SRCROOT%; a file of the stdlib against AMRC_STDLIB; an
 * absolute path as a file: URI. */
static void sarif_artifact(FILE *out, const char *display) {
  fputs("{\"uri\":", out);
  if (display[0] == '/') {
    Buf b = {0};
    buf_puts(&b, "file://");
    uri_put(&b, display);
    json_str(out, b.data);
    buf_free(&b);
    fputs("}", out);
    return;
  }
  const char *base = "%SRCROOT%";
  if (strncmp(display, "<stdlib>/", 9) == 0) {
    display += 9;
    base = "AMRC_STDLIB";
  }
  Buf b = {0};
  uri_put(&b, display);
  json_str(out, b.data ? b.data : "");
  buf_free(&b);
  fputs(",\"uriBaseId\":", out);
  json_str(out, base);
  fputs("}", out);
}

static void sarif_location(FILE *out, Loc loc, int id, const char *message) {
  fputs("{", out);
  if (id > 0)
    fprintf(out, "\"id\":%d,", id);
  fputs("\"physicalLocation\":{\"artifactLocation\":", out);
  sarif_artifact(out, loc.file->display);
  Pos p = loc_pos(loc);
  fprintf(out, ",\"region\":{\"startLine\":%d,\"startColumn\":%d", p.line, p.col);
  if (p.end_line >= p.line && p.end_col > 0)
    fprintf(out, ",\"endLine\":%d,\"endColumn\":%d", p.end_line, p.end_col);
  fputs("}}", out);
  if (message) {
    fputs(",\"message\":{\"text\":", out);
    json_str(out, message);
    fputs("}", out);
  }
  fputs("}", out);
}

/* The manual's address for SARIF's helpUri: AMRC_DOCS_URL in the
 * environment, else the one the build was given (make AMRC_DOCS_URL=...);
 * none, and the rules carry their help text without a link, rather than
 * a link that leads nowhere. */
#ifndef AMRC_DOCS_URL
#define AMRC_DOCS_URL ""
#endif
static const char *docs_url(void) {
  const char *env = getenv("AMRC_DOCS_URL");
  return env && *env ? env : AMRC_DOCS_URL;
}

static void sarif_rule(FILE *out, const DiagInfo *i, const char *docs) {
  const DiagHelp *h = diag_help(i->name);
  fputs("{\"id\": ", out);
  json_str(out, i->name);
  fputs(", \"name\": ", out);
  json_str(out, i->name);
  fputs(", \"shortDescription\": {\"text\": ", out);
  json_str(out, i->summary);
  fputs("}, \"fullDescription\": {\"text\": ", out);
  json_str(out, h ? h->full : i->summary);
  fputs("}, \"help\": {\"text\": ", out);
  Buf b = {0};
  buf_printf(&b, "%s %s", h ? h->full : i->summary, h ? h->fix : "");
  if (*docs)
    buf_printf(&b, " See %s#diagnostics.", docs);
  else
    buf_puts(&b, " See `man amrc` (DIAGNOSTICS) or docs/manual.md#diagnostics.");
  json_str(out, b.data);
  buf_free(&b);
  fputs("}", out);
  if (*docs) {
    fputs(", \"helpUri\": ", out);
    Buf u = {0};
    buf_printf(&u, "%s#diagnostics", docs);
    json_str(out, u.data);
    buf_free(&u);
  }
  fprintf(out, ", \"defaultConfiguration\": {\"level\": \"%s\"}}",
          i->sev == SEV_ERROR ? "error" : i->sev == SEV_WARNING ? "warning" : "note");
}

/* A finding without a place in a file (a file that cannot be read, a
 * limit of the run) is the tool's trouble, not a result on the code:
 * SARIF's toolExecutionNotifications, which GitHub shows as such. */
static bool tool_trouble(const Diag *g) { return !g->loc.file; }

static void sarif_notifications(const Diags *d, FILE *out, bool nl) {
  bool failed = false, first = true;
  fputs("    \"invocations\": [{\"toolExecutionNotifications\": [", out);
  for (const Diag *g = d->head; g; g = g->next) {
    if (!tool_trouble(g))
      continue;
    failed |= g->sev == SEV_ERROR;
    fprintf(out, "%s\n      {\"level\": ", first ? "" : ",");
    json_str(out, level_of(d, g));
    fputs(", \"message\": {\"text\": ", out);
    json_str(out, diag_text(g, nl));
    fputs("}, \"descriptor\": {\"id\": ", out);
    json_str(out, g->name);
    fputs("}}", out);
    first = false;
  }
  if (d->overflowed) {
    fprintf(out, "%s\n      {\"level\": \"warning\", \"message\": {\"text\": \"%d more errors "
            "not reported (limit %d; see --max-errors)\"}}",
            first ? "" : ",", d->nunlisted, d->max_errors);
    first = false;
  }
  fprintf(out, "%s], \"executionSuccessful\": %s}],\n", first ? "" : "\n    ",
          failed ? "false" : "true");
}

static void print_sarif(const Diags *d, FILE *out, bool nl) {
  const char *docs = docs_url();
  fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
        "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {"
        "\"name\": \"amrc\", \"version\": \"" AMRC_VERSION "\", ",
        out);
  if (*docs) {
    fputs("\"informationUri\": ", out);
    json_str(out, docs);
    fputs(", ", out);
  }
  fputs("\"rules\": [", out);
  bool first = true;
  for (const DiagInfo *i = diag_catalogue; i->name; i++) {
    fputs(first ? "\n      " : ",\n      ", out);
    sarif_rule(out, i, docs);
    first = false;
  }
  fputs("]}},\n", out);
  sarif_notifications(d, out, nl);
  fputs("    \"results\": [", out);
  first = true;
  for (const Diag *g = d->head; g; g = g->next) {
    if (tool_trouble(g))
      continue;
    fprintf(out, "%s\n      {\"ruleId\": ", first ? "" : ",");
    json_str(out, g->name);
    fputs(", \"level\": ", out);
    json_str(out, level_of(d, g));
    fputs(", \"message\": {\"text\": ", out);
    Buf m = {0};
    buf_puts(&m, diag_text(g, nl));
    for (const DiagNote *n = g->notes; n; n = n->next)
      if (!n->loc.file)
        buf_printf(&m, "\nnote: %s", note_text(n, nl));
    json_str(out, m.data);
    buf_free(&m);
    fputs("}, \"locations\": [", out);
    sarif_location(out, g->loc, 0, NULL);
    fputs("]", out);
    int id = 0;
    for (const DiagNote *n = g->notes; n; n = n->next) {
      if (!n->loc.file)
        continue;
      fputs(id ? ", " : ", \"relatedLocations\": [", out);
      sarif_location(out, n->loc, ++id, note_text(n, nl));
    }
    if (id)
      fputs("]", out);
    if (g->accepted) {
      fprintf(out, ", \"suppressions\": [{\"kind\": \"%s\", \"justification\": ",
              g->in_baseline ? "external" : "inSource");
      json_str(out, g->accepted);
      fputs("}]", out);
    }
    fputs("}", out);
    first = false;
  }
  fputs("\n    ]\n  }]\n}\n", out);
}

void diags_print(const Diags *d, FILE *out, DiagStyle style) {
  switch (style.format) {
  case DIAG_TEXT: print_text(d, out, style.color, d->dutch); break;
  case DIAG_GITHUB: print_github(d, out, d->dutch); break;
  case DIAG_SARIF: print_sarif(d, out, d->dutch); break;
  case DIAG_JSON: print_json(d, out, d->dutch); break;
  }
}

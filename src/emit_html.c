/* emit_html.c: the plan as one self-contained HTML report, for people who
 * look at pictures before they read tables.
 *
 * One file, nothing fetched: the CSS is inline, the charts are inline SVG,
 * there is no script at all, and a Content-Security-Policy says so to the
 * browser, so that even a mistake here could not make it load or run
 * anything. Every text that comes from the plan (titles, categories, notes,
 * file names, and the diagnostics that quote them) goes through html_escape (text.c),
 * which escapes & < > " and ' and drops control characters. Chart
 * coordinates are computed from cents in integers, so the output is the
 * same on every machine.
 *
 * The report: a cover with the check's result; the overview (the summaries,
 * gross and net, lasten per programme line, the regional pool's balance and
 * its reserved part); the risk paragraph (risks.c); one section per project
 * (chart, table, the findings of the check next to the lines they concern,
 * the notes); and the findings that concern no project. Printed, it is A4,
 * one project per page where it fits. */
#include "actuals.h"
#include "emit.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ escaping */


/* An id or fragment made from a name: letters, digits, '-' and '_' only. */
static void html_id(Buf *out, const char *prefix, const char *s) {
  buf_puts(out, prefix);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
              *p == '_';
    buf_putc(out, ok ? (char)*p : '_');
  }
}

/* ------------------------------------------------------------ words */

typedef struct H {
  Arena *a;
  const Plan *P;
  const Results *R;
  const EmitOptions *o;
  Lang lang;
  Buf *out;
  /* findings placed next to what they concern */
  const Diag ***by_line; /* per line index: NULL-terminated list */
  int *nby_line;
  const Diag ***by_project;
  int *nby_project;
  const Diag **summary;
  int nsummary;
  const Diag **other;
  int nother;
  struct Places *places;   /* where a finding's places are, by project and line */
} H;

#define TR(h, en, nl) ((h)->lang == LANG_EN ? (en) : (nl))
/* A project's balances as eval.c computed them. */
#define PR(p) project_result(h->R, (p))

static void put(H *h, const char *s) { buf_puts(h->out, s); }
static void text(H *h, const char *s) { html_escape(h->a, h->out, s); }

static const char *project_title(const Project *p) { return p->title ? p->title : p->id ? p->id : ""; }

static const char *sev_word(H *h, const Diag *g) {
  if (g->accepted)
    return TR(h, "accepted", "geaccepteerd");
  switch (g->sev) {
  case SEV_ERROR: return TR(h, "error", "fout");
  case SEV_WARNING: return TR(h, "warning", "waarschuwing");
  case SEV_NOTE: break;
  }
  return TR(h, "note", "opmerking");
}

static const char *sev_class(const Diag *g) {
  if (g->accepted)
    return "accepted";
  return g->sev == SEV_ERROR ? "error" : g->sev == SEV_WARNING ? "warning" : "note";
}

static int sev_rank(const Diag *g) {
  if (g->accepted)
    return 1;
  return g->sev == SEV_ERROR ? 4 : g->sev == SEV_WARNING ? 3 : 2;
}

static const char *money(H *h, int64_t cents) {
  char buf[64];
  fmt_eur_nl(buf, sizeof buf, cents, false);
  return arena_strdup(h->a, buf);
}


/* ------------------------------------------------------------ placing findings */

/* Where findings go: each project and expect block spans the lines from
 * its start to the line before the next declaration of its file. Spans are
 * sorted by file and first line, so that a location is placed by a binary
 * search, not by a walk over every declaration. */
typedef struct Span {
  const SrcFile *file;
  int start, end, order;
  const Project *project;  /* a project's span */
  const Expect *expect;    /* an expect block's span */
} Span;

typedef struct Places {
  Span *spans;
  int nspans;
  const Project **by_id;   /* projects sorted by id, for an expect's subject */
} Places;

static int cmp_pos(const SrcFile *fa, int la, const SrcFile *fb, int lb) {
  uintptr_t a = (uintptr_t)fa, b = (uintptr_t)fb;
  return a != b ? (a < b ? -1 : 1) : (la > lb) - (la < lb);
}

static int cmp_span(const void *x, const void *y) {
  const Span *a = x, *b = y;
  int c = cmp_pos(a->file, a->start, b->file, b->start);
  if (c)
    return c;
  if (!a->project != !b->project)  /* a project before an expect block */
    return a->project ? -1 : 1;
  return (a->order > b->order) - (a->order < b->order);
}

static int cmp_decl_pos(const void *x, const void *y) {
  const Decl *a = *(const Decl *const *)x, *b = *(const Decl *const *)y;
  return cmp_pos(a->loc.file, loc_line(a->loc), b->loc.file, loc_line(b->loc));
}

static int cmp_project_id(const void *x, const void *y) {
  const Project *a = *(const Project *const *)x, *b = *(const Project *const *)y;
  int c = strcmp(a->id ? a->id : "", b->id ? b->id : "");
  return c ? c : (a->index > b->index) - (a->index < b->index);
}

static void places_init(H *h, Places *pl) {
  const Plan *P = h->P;
  int ndecls = 0;
  for (const Decl *d = P->program ? P->program->decls : NULL; d; d = d->next)
    ndecls++;
  const Decl **decls = arena_alloc(h->a, sizeof *decls * (size_t)(ndecls + 1));
  int k = 0;
  for (const Decl *d = P->program ? P->program->decls : NULL; d; d = d->next)
    decls[k++] = d;
  qsort(decls, (size_t)ndecls, sizeof *decls, cmp_decl_pos);
  pl->spans = arena_alloc(h->a, sizeof *pl->spans * (size_t)(P->nprojects + P->nexpects + 1));
  pl->nspans = 0;
  for (int i = 0; i < P->nprojects + P->nexpects; i++) {
    const Project *p = i < P->nprojects ? P->projects[i] : NULL;
    const Expect *e = p ? NULL : P->expects[i - P->nprojects];
    Loc at = p ? p->loc : e->loc;
    int at_line = loc_line(at);
    if (!at.file || at_line <= 0)
      continue;
    /* the first declaration of the file that starts on a later line */
    int lo = 0, hi = ndecls;
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      if (cmp_pos(decls[mid]->loc.file, loc_line(decls[mid]->loc), at.file, at_line) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    int end = lo < ndecls && decls[lo]->loc.file == at.file ? loc_line(decls[lo]->loc) - 1 : 1 << 30;
    pl->spans[pl->nspans++] = (Span){at.file, at_line, end, i, p, e};
  }
  qsort(pl->spans, (size_t)pl->nspans, sizeof *pl->spans, cmp_span);
  pl->by_id = arena_alloc(h->a, sizeof *pl->by_id * (size_t)(P->nprojects + 1));
  for (int i = 0; i < P->nprojects; i++)
    pl->by_id[i] = P->projects[i];
  qsort(pl->by_id, (size_t)P->nprojects, sizeof *pl->by_id, cmp_project_id);
}

/* The first project in the plan's order with this id. */
static const Project *project_by_id(const H *h, const Places *pl, const char *id) {
  int lo = 0, hi = h->P->nprojects;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (strcmp(pl->by_id[mid]->id ? pl->by_id[mid]->id : "", id) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < h->P->nprojects && pl->by_id[lo]->id && strcmp(pl->by_id[lo]->id, id) == 0 ? pl->by_id[lo]
                                                                                          : NULL;
}

/* Which project (and line of it) a location falls in; false when none. An
 * expect block counts for the project it is about; a programme's or the
 * plan's for the overview (*summary). */
static bool place(const H *h, const Places *pl, Loc loc, const Project **proj, const Line **line,
                  bool *summary) {
  *proj = NULL;
  *line = NULL;
  *summary = false;
  int at_line = loc_line(loc);
  if (!loc.file || at_line <= 0)
    return false;
  /* the spans that start last on or before the location's line */
  int lo = 0, hi = pl->nspans;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (cmp_pos(pl->spans[mid].file, pl->spans[mid].start, loc.file, at_line) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0 || pl->spans[lo - 1].file != loc.file)
    return false;
  int first = lo - 1;
  while (first > 0 && pl->spans[first - 1].file == loc.file &&
         pl->spans[first - 1].start == pl->spans[lo - 1].start)
    first--;
  for (int i = first; i < lo; i++) {
    const Span *sp = &pl->spans[i];
    if (at_line > sp->end)
      continue;
    if (sp->project) {
      const Project *p = sp->project;
      *proj = p;
      int best = 0;
      for (const Line *l = p->lines; l; l = l->next) {
        int l_line = l->loc.file == loc.file ? loc_line(l->loc) : 0;
        if (l->loc.file == loc.file && l_line <= at_line && (!*line || l_line >= best)) {
          *line = l;
          best = l_line;
        }
      }
      return true;
    }
    const Expect *e = sp->expect;
    if (e->subject == SUBJECT_PROJECT && e->ref.name) {
      const Project *p = project_by_id(h, pl, e->ref.name);
      if (p) {
        *proj = p;
        return true;
      }
    }
    *summary = true;
    return true;
  }
  return false;
}

/* Each finding in the list of what it concerns: a line, a project, the
 * overview or the rest. Two passes: count, then fill lists of exact size. */
static void place_all(H *h) {
  const Plan *P = h->P;
  h->by_line = arena_alloc(h->a, (size_t)(P->nlines + 1) * sizeof *h->by_line);
  h->nby_line = arena_alloc(h->a, (size_t)(P->nlines + 1) * sizeof *h->nby_line);
  h->by_project = arena_alloc(h->a, (size_t)(P->nprojects + 1) * sizeof *h->by_project);
  h->nby_project = arena_alloc(h->a, (size_t)(P->nprojects + 1) * sizeof *h->nby_project);
  if (!h->o || !h->o->diags)
    return;
  Places *plp = arena_alloc(h->a, sizeof *plp);
  places_init(h, plp);
  h->places = plp;
  Places pl = *plp;
  int ndiags = 0;
  for (const Diag *g = h->o->diags->head; g; g = g->next)
    ndiags++;
  const Diag ****to = arena_alloc(h->a, sizeof *to * (size_t)(ndiags + 1));
  int **count = arena_alloc(h->a, sizeof *count * (size_t)(ndiags + 1));
  int k = 0;
  for (const Diag *g = h->o->diags->head; g; g = g->next, k++) {
    const Project *p;
    const Line *l;
    bool summary;
    bool found = place(h, &pl, g->loc, &p, &l, &summary);
    /* a finding at a transfer or a source: where its notes point */
    for (const DiagNote *n = g->notes; n && !found; n = n->next)
      found = place(h, &pl, n->loc, &p, &l, &summary);
    if (found && l && l->index >= 0 && l->index < P->nlines)
      to[k] = &h->by_line[l->index], count[k] = &h->nby_line[l->index];
    else if (found && p && p->index >= 0 && p->index < P->nprojects)
      to[k] = &h->by_project[p->index], count[k] = &h->nby_project[p->index];
    else if (found && summary)
      to[k] = &h->summary, count[k] = &h->nsummary;
    else
      to[k] = &h->other, count[k] = &h->nother;
    (*count[k])++;
  }
  /* lists end in NULL, as the readers expect */
  for (k = 0; k < ndiags; k++)
    if (!*to[k]) {
      *to[k] = arena_alloc(h->a, sizeof **to[k] * (size_t)(*count[k] + 1));
      *count[k] = 0;
    }
  k = 0;
  for (const Diag *g = h->o->diags->head; g; g = g->next, k++)
    (*to[k])[(*count[k])++] = g;
}

/* Where a finding is, named as the tables name it (the project's title,
 * "regel 3"), the file and line as a tooltip for the coordinator; the file
 * and line themselves where it is in no project. */
static void where(H *h, Loc loc) {
  if (!loc.file)
    return;
  const char *file = loc.file->display ? loc.file->display : loc.file->path ? loc.file->path : "";
  const Project *p = NULL;
  const Line *l = NULL;
  bool summary = false;
  if (h->places && place(h, h->places, loc, &p, &l, &summary) && p) {
    put(h, " <span class=\"where\" title=\"");
    text(h, file);
    buf_printf(h->out, ":%d\">", loc_line(loc));
    text(h, project_title(p));
    if (p->section && *p->section) {
      put(h, " (\xC2\xA7 ");
      text(h, p->section);
      put(h, ")");
    }
    if (l)
      buf_printf(h->out, TR(h, ", line %d", ", regel %d"), l->nr);
    put(h, "</span>");
    return;
  }
  put(h, " <span class=\"where\">");
  text(h, file);
  buf_printf(h->out, ":%d</span>", loc_line(loc));
}

static void diag_item(H *h, const Diag *g) {
  buf_printf(h->out, "<li class=\"diag %s\"><span class=\"sev\">", sev_class(g));
  text(h, sev_word(h, g));
  put(h, "</span> ");
  text(h, diag_text(g, h->lang == LANG_NL));
  put(h, " <span class=\"dname\">[");
  text(h, g->name);
  put(h, "]</span>");
  where(h, g->loc);
  if (g->in_baseline) {  /* its reason is amrc's words, not the plan's */
    put(h, "<div class=\"reason\">");
    text(h, TR(h, "Listed in the baseline: known when amrc was adopted, not yet resolved.",
               "Staat in de baseline: bekend toen amrc werd ingevoerd, nog niet opgelost."));
    put(h, "</div>");
  } else if (g->accepted) {
    put(h, "<div class=\"reason\">");
    text(h, TR(h, "The plan accepts it: ", "De begroting aanvaardt dit: "));
    text(h, g->accepted);
    put(h, "</div>");
  }
  if (g->notes) {
    put(h, "<ul class=\"notes\">");
    for (const DiagNote *n = g->notes; n; n = n->next) {
      put(h, "<li>");
      text(h, note_text(n, h->lang == LANG_NL));
      where(h, n->loc);
      put(h, "</li>");
    }
    put(h, "</ul>");
  }
  put(h, "</li>\n");
}

static void diag_list(H *h, const Diag **list, int n) {
  put(h, "<ul class=\"diags\">\n");
  for (int i = 0; i < n; i++)
    diag_item(h, list[i]);
  put(h, "</ul>\n");
}

static const Diag *worst(const Diag **list, int n) {
  const Diag *w = NULL;
  for (int i = 0; i < n; i++)
    if (!w || sev_rank(list[i]) > sev_rank(w))
      w = list[i];
  return w;
}

/* ------------------------------------------------------------ tables */

/* "-€ 16.800" but not "-", which is zero */
static bool negative(const char *s) { return s[0] == '-' && s[1]; }

/* Extra HTML per data row (a finding's badge) and a class. */
typedef struct RowMarks {
  const char **extra; /* per ROW_DATA row, in order; may be NULL */
  const char **cls;
} RowMarks;

static void grid_html(H *h, const Grid *g, const char *cls, const RowMarks *marks) {
  /* The box scrolls a wide table sideways: it takes the keyboard's focus
   * so that the scrolling works without a mouse, and says what it holds. */
  if (g->title && *g->title) {
    put(h, "<div class=\"tablebox\" tabindex=\"0\" role=\"region\" aria-label=\"");
    text(h, g->title);
    put(h, "\">");
  } else {
    put(h, "<div class=\"tablebox\" tabindex=\"0\">");
  }
  buf_printf(h->out, "<table class=\"%s\">\n", cls);
  if (g->title) {
    put(h, "<caption>");
    text(h, g->title);
    put(h, "</caption>\n");
  }
  put(h, "<thead>\n<tr>");
  for (int c = 0; c < g->ncols;) {
    if (g->band[c] < 0 || g->nbands == 0) {
      /* a column without a heading gets a cell, not an empty heading */
      bool empty = !g->head[c] || !*g->head[c];
      buf_printf(h->out, "<%s%s%s>", empty ? "td" : "th scope=\"col\"",
                 g->nbands ? " rowspan=\"2\"" : "",
                 g->numeric[c] && (g->band[c] >= 0 || !g->nbands) ? " class=\"num\"" : "");
      text(h, g->head[c]);
      put(h, empty ? "</td>" : "</th>");
      c++;
      continue;
    }
    int b = g->band[c], n = 0;
    while (c < g->ncols && g->band[c] == b) {
      n++;
      c++;
    }
    buf_printf(h->out, "<th scope=\"colgroup\" colspan=\"%d\" class=\"band\">", n);
    text(h, g->band_label[b]);
    put(h, "</th>");
  }
  put(h, "</tr>\n");
  if (g->nbands) {
    put(h, "<tr>");
    for (int c = 0; c < g->ncols; c++)
      if (g->band[c] >= 0) {
        put(h, g->numeric[c] ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
        text(h, g->head[c]);
        put(h, "</th>");
      }
    put(h, "</tr>\n");
  }
  put(h, "</thead>\n<tbody>\n");
  int data = 0;
  for (int r = 0; r < g->nrows; r++) {
    const GridRow *row = &g->rows[r];
    switch (row->kind) {
    case ROW_GROUP:
      buf_printf(h->out, "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"%d\">", g->ncols);
      text(h, row->cells[g->nlabel - 1]);
      put(h, "</th></tr>\n");
      break;
    case ROW_DATA:
    case ROW_TOTAL: {
      const char *rc = row->kind == ROW_TOTAL ? "total" : "";
      const char *extra = NULL;
      if (row->kind == ROW_DATA && marks) {
        if (marks->cls && marks->cls[data])
          rc = marks->cls[data];
        if (marks->extra)
          extra = marks->extra[data];
      }
      if (row->kind == ROW_DATA)
        data++;
      /* put, not buf_printf, for what every row and cell writes: printf's
       * formatting was over a quarter of the example report's instructions */
      if (*rc) {
        put(h, "<tr class=\"");
        put(h, rc);
        put(h, "\">");
      } else {
        put(h, "<tr>");
      }
      int c0 = 0;
      /* a total's label stands in its last label column; join them */
      if (row->kind == ROW_TOTAL && g->nlabel > 1) {
        buf_printf(h->out, "<th scope=\"row\" colspan=\"%d\">", g->nlabel);
        for (int c = 0; c < g->nlabel; c++)
          text(h, row->cells[c]);
        put(h, "</th>");
        c0 = g->nlabel;
      }
      for (int c = c0; c < g->ncols; c++) {
        const char *t = row->cells[c];
        if (g->numeric[c] && c >= g->nlabel) {
          put(h, "<td class=\"num");
          if (negative(t))
            put(h, " neg");
          if (strcmp(t, "PM") == 0)
            put(h, " pm");
          put(h, "\">");
        } else
          put(h, c == g->nlabel - 1 ? "<td class=\"label\">" : "<td>");
        text(h, t);
        if (c == g->nlabel - 1 && extra)
          put(h, extra);
        put(h, "</td>");
      }
      put(h, "</tr>\n");
      break;
    }
    case ROW_BALANCE: {
      put(h, "<tr class=\"balance\">");
      buf_printf(h->out, "<th scope=\"row\" colspan=\"%d\">", g->nlabel);
      for (int c = 0; c < g->nlabel; c++)
        text(h, row->cells[c]);
      put(h, "</th>");
      for (int b = 0; b < g->nbands; b++) {
        int n = 0;
        for (int c = 0; c < g->ncols; c++)
          n += g->band[c] == b;
        const char *t = row->cells[g->nlabel + b];
        buf_printf(h->out, "<td class=\"num%s\" colspan=\"%d\">", negative(t) ? " neg" : "", n ? n : 1);
        text(h, t);
        put(h, "</td>");
      }
      put(h, "</tr>\n");
      break;
    }
    }
  }
  put(h, "</tbody>\n</table></div>\n");
}

/* ------------------------------------------------------------ charts */

/* Chart geometry in whole units of the SVG's own coordinate system. */
enum { CW = 760, CH = 250, LEFT = 96, RIGHT = 12, TOP = 14, BOTTOM = 28 };

typedef struct Scale {
  int64_t lo, hi, step; /* cents */
} Scale;

/* Round ticks: 1, 2, 2.5 or 5 times a power of ten, about five of them.
 * Worked out in 128 bits: the span of two amounts near the ends of the
 * money type does not fit in 64, and the ends rounded out to a tick may not
 * either (they are then cut back to what fits). */
static Scale scale_for(int64_t lo, int64_t hi) {
  if (lo > 0)
    lo = 0;
  if (hi < 0)
    hi = 0;
  if (hi == lo)
    hi = lo + 100000;                 /* € 1.000 */
  i128 span = (i128)hi - lo, step = 0; /* span < 2^65 */
  static const int mult[] = {10, 20, 25, 50};
  for (i128 p = 100; !step; p *= 10)
    for (int k = 0; k < 4 && !step; k++)
      if (span / (p / 10 * mult[k]) <= 5)
        step = p / 10 * mult[k];
  i128 l = lo < 0 ? -((-(i128)lo + step - 1) / step) * step : 0;
  i128 h = hi > 0 ? ((i128)hi + step - 1) / step * step : 0;
  if (h == l)
    h = l + step;
  Scale sc;
  sc.step = (int64_t)step; /* at most 5 * 10^18 */
  sc.lo = l < INT64_MIN ? INT64_MIN : (int64_t)l;
  sc.hi = h > INT64_MAX ? INT64_MAX : (int64_t)h;
  return sc;
}

static int ypos(const Scale *s, int64_t v) {
  i128 num = ((i128)s->hi - v) * (CH - TOP - BOTTOM);
  return TOP + (int)(num / ((i128)s->hi - s->lo));
}

static void svg_open(H *h, const char *label) {
  buf_printf(h->out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", CW, CH);
  text(h, label);
  put(h, "\">\n");
}

static void axis(H *h, const Scale *s) {
  /* from the first round tick (lo is at most 0, and was cut back to the
   * money type when rounding out went past it) */
  for (i128 t = (i128)s->lo / s->step * s->step; t <= s->hi; t += s->step) { /* <= 7 ticks */
    int64_t v = (int64_t)t;
    int y = ypos(s, v);
    buf_printf(h->out, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
               v == 0 ? "zero" : "grid", LEFT, y, CW - RIGHT, y);
    buf_printf(h->out, "<text class=\"tick\" x=\"%d\" y=\"%d\">", LEFT - 6, y + 4);
    text(h, money(h, v));
    put(h, "</text>\n");
  }
}

/* A bar of amount v from the coordinate of zero to that of v (either way
 * round; at least one unit long when v is not zero), with its title. */
static void titled_bar(H *h, const char *attrs, bool vertical, int across, int width, int zero,
                       int at_v, int64_t v, const char *tip) {
  int from = at_v < zero ? at_v : zero, len = at_v < zero ? zero - at_v : at_v - zero;
  if (len == 0 && v != 0)
    len = 1;
  buf_printf(h->out, "<rect %s x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"><title>", attrs,
             vertical ? across : from, vertical ? from : across, vertical ? width : len,
             vertical ? len : width);
  text(h, tip);
  put(h, "</title></rect>\n");
}

static void bar(H *h, const Scale *s, const char *cls, int x, int w, int64_t v, const char *tip) {
  titled_bar(h, arena_printf(h->a, "class=\"%s\"", cls), true, x, w, ypos(s, 0), ypos(s, v), v, tip);
}

static void year_label(H *h, int x, int year) {
  buf_printf(h->out, "<text class=\"year\" x=\"%d\" y=\"%d\">%d</text>\n", x, CH - 8, year);
}

static void legend(H *h, const char *const *cls, const char *const *labels, int n) {
  put(h, "<ul class=\"legend\">");
  for (int i = 0; i < n; i++) {
    buf_printf(h->out, "<li><span class=\"sw %s\"></span>", cls[i]);
    text(h, labels[i]);
    put(h, "</li>");
  }
  put(h, "</ul>\n");
}

/* Baten and lasten as bars, the balance as a line from each year's opening
 * to its closing, and the years it is below zero shaded: pre-financing when
 * a later year restores it, a shortfall when none does. */
static void project_chart(H *h, const Project *p) {
  const Plan *P = h->P;
  int y0, y1;
  grid_project_years(P, h->R, p, &y0, &y1);
  int ny = y1 - y0 + 1;
  /* an annual programme has no balance to draw: nothing carries */
  if (ny <= 0 || !PR(p)->closing || project_annual(P, p))
    return;
  int64_t lo = 0, hi = 0;
  for (int y = y0; y <= y1; y++) {
    int64_t v[4] = {PR(p)->opening[y], PR(p)->baten[y], PR(p)->lasten[y], PR(p)->closing[y]};
    for (int k = 0; k < 4; k++) {
      lo = v[k] < lo ? v[k] : lo;
      hi = v[k] > hi ? v[k] : hi;
    }
  }
  /* restored: some year at or after it closes at zero or above */
  int last_neg = -1;
  for (int y = 0; y < P->nyears; y++)
    if (PR(p)->closing[y] < 0)
      last_neg = y;
  bool restored_at_end = last_neg < P->nyears - 1;
  Scale s = scale_for(lo, hi);
  int plot = CW - LEFT - RIGHT, gw = plot / ny;
  svg_open(
      h, arena_printf(h->a,
                      TR(h, "Balance, baten and lasten per year: %s", "Saldo, baten en lasten per jaar: %s"),
                      project_title(p)));
  bool any_below = false, any_short = false;
  for (int i = 0; i < ny; i++) {
    int y = y0 + i;
    bool below = PR(p)->closing[y] < 0 || (y == 0 && PR(p)->opening[0] < 0);
    if (!below)
      continue;
    bool is_short = PR(p)->closing[y] < 0 && !restored_at_end;
    any_below = true;
    any_short |= is_short;
    int x = LEFT + i * gw;
    buf_printf(h->out, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
               is_short ? "shortband" : "belowband", x, TOP, gw, CH - TOP - BOTTOM);
    buf_printf(h->out, "<text class=\"bandlabel\" x=\"%d\" y=\"%d\">", x + gw / 2, TOP + 12);
    text(h, is_short ? TR(h, "shortfall", "tekort") : TR(h, "pre-financed", "voorfinanciering"));
    put(h, "</text>\n");
  }
  axis(h, &s);
  int bw = gw / 5;
  for (int i = 0; i < ny; i++) {
    int y = y0 + i, x = LEFT + i * gw, year = P->first_year + y;
    bar(h, &s, "baten", x + gw / 2 - bw - 2, bw, PR(p)->baten[y],
        arena_printf(h->a, "%d %s: %s", year, TR(h, "baten", "baten"), money(h, PR(p)->baten[y])));
    bar(h, &s, "lasten", x + gw / 2 + 2, bw, PR(p)->lasten[y],
        arena_printf(h->a, "%d %s: %s", year, TR(h, "lasten", "lasten"), money(h, PR(p)->lasten[y])));
    year_label(h, x + gw / 2, year);
  }
  /* the balance: opening at the start of the first year, then each closing
   * at the end of its year */
  put(h, "<polyline class=\"saldo\" points=\"");
  buf_printf(h->out, "%d,%d", LEFT + 4, ypos(&s, PR(p)->opening[y0]));
  for (int i = 0; i < ny; i++)
    buf_printf(h->out, " %d,%d", LEFT + (i + 1) * gw - 4, ypos(&s, PR(p)->closing[y0 + i]));
  put(h, "\"/>\n");
  buf_printf(h->out, "<circle class=\"open\" cx=\"%d\" cy=\"%d\" r=\"4\"><title>", LEFT + 4,
             ypos(&s, PR(p)->opening[y0]));
  text(h, arena_printf(h->a, TR(h, "1 January %d: %s", "1 januari %d: %s"), P->first_year + y0,
                       money(h, PR(p)->opening[y0])));
  put(h, "</title></circle>\n");
  for (int i = 0; i < ny; i++) {
    int y = y0 + i, cx = LEFT + (i + 1) * gw - 4, cy = ypos(&s, PR(p)->closing[y]);
    buf_printf(h->out, "<circle class=\"close%s\" cx=\"%d\" cy=\"%d\" r=\"4\"><title>",
               PR(p)->closing[y] < 0 ? " neg" : "", cx, cy);
    text(h, arena_printf(h->a, TR(h, "31 December %d: %s", "31 december %d: %s"), P->first_year + y,
                         money(h, PR(p)->closing[y])));
    put(h, "</title></circle>");
    /* the value next to the point, above it unless that leaves the chart;
     * at the right edge it ends at the point instead of centring on it */
    int ty = cy - 8 < TOP + 24 ? cy + 16 : cy - 8;
    bool edge = cx > CW - RIGHT - 48;
    buf_printf(h->out, "<text class=\"val%s%s\" x=\"%d\" y=\"%d\">", PR(p)->closing[y] < 0 ? " neg" : "",
               edge ? " end" : "", edge ? cx + 4 : cx, ty);
    text(h, money(h, PR(p)->closing[y]));
    put(h, "</text>\n");
  }
  put(h, "</svg>\n");
  const char *cls[5] = {"baten", "lasten", "saldo", "belowband", "shortband"};
  const char *labels[5] = {TR(h, "Baten", "Baten"), TR(h, "Lasten", "Lasten"),
                           TR(h, "Balance (1 January to 31 December)", "Saldo (1 januari tot 31 december)"),
                           TR(h, "Below zero: pre-financed", "Onder nul: voorgefinancierd"),
                           TR(h, "Below zero: not restored", "Onder nul: niet aangevuld")};
  if (any_below && !any_short)
    legend(h, cls, labels, 4);
  else if (any_short && !any_below)
    legend(h, cls, labels, 3);
  else if (any_short) {
    legend(h, cls, labels, 5);
  } else
    legend(h, cls, labels, 3);
}

/* A programme's lasten per year as the BBV's overzicht van baten en lasten
 * counts them (grid.c's annual summary): without the additions to
 * reserves, which that overzicht shows below the saldo. */
static void annual_programme_lasten(const Plan *P, const Results *R, const Programme *pr,
                                    Totals *t) {
  for (int y = 0; y < P->nyears; y++) {
    YearSplit sum;
    split_programme(P, R, pr, false, y, &sum);
    t->lasten[y] = sum.lasten;
    t->overflow |= sum.overflow;
  }
}

/* Lasten of each programme line per year, as the summary per programme
 * line counts them. */
static void programme_chart(H *h) {
  const Plan *P = h->P;
  if (P->nprogrammes == 0 || P->nyears <= 0)
    return;
  bool annual = plan_all_annual(P);
  Totals *t = arena_alloc(h->a, (size_t)P->nprogrammes * sizeof *t);
  int64_t hi = 0, lo = 0;
  for (int k = 0; k < P->nprogrammes; k++) {
    totals_of_programme(P, h->R, P->programmes[k], false, &t[k]);
    if (annual)
      annual_programme_lasten(P, h->R, P->programmes[k], &t[k]);
    for (int y = 0; y < P->nyears; y++) {
      hi = t[k].lasten[y] > hi ? t[k].lasten[y] : hi;
      lo = t[k].lasten[y] < lo ? t[k].lasten[y] : lo;
    }
  }
  Scale s = scale_for(lo, hi);
  int plot = CW - LEFT - RIGHT, gw = plot / P->nyears;
  int bw = (gw - 16) / P->nprogrammes;
  if (bw < 2)
    bw = 2;
  put(h, "<figure class=\"chartbox\" tabindex=\"0\"><figcaption>");
  if (annual)
    text(h, TR(h,
               "Lasten per programme per year (as the statement of income and expenses counts "
               "them, without the additions to reserves)",
               "Lasten per programma per jaar (zoals het overzicht van baten en lasten ze telt, "
               "zonder de toevoegingen aan reserves)"));
  else
    text(h, TR(h,
               "Lasten per programme line per year (as the summary per programme line counts "
               "them, transfers between projects included)",
               "Lasten per programmalijn per jaar (zoals het overzicht per programmalijn ze telt, "
               "overdrachten tussen projecten inbegrepen)"));
  put(h, "</figcaption>\n");
  svg_open(h, annual ? TR(h, "Lasten per programme per year", "Lasten per programma per jaar")
                     : TR(h, "Lasten per programme line per year", "Lasten per programmalijn per jaar"));
  axis(h, &s);
  for (int y = 0; y < P->nyears; y++) {
    int x = LEFT + y * gw + 8;
    for (int k = 0; k < P->nprogrammes; k++) {
      const Programme *pr = P->programmes[k];
      bar(h, &s, arena_printf(h->a, "s%d", k % 8), x + k * bw, bw - 2, t[k].lasten[y],
          arena_printf(h->a, "%d %s: %s", P->first_year + y,
                       pr->title ? pr->title
                       : pr->id  ? pr->id
                                 : "",
                       money(h, t[k].lasten[y])));
    }
    year_label(h, LEFT + y * gw + gw / 2, P->first_year + y);
  }
  put(h, "</svg>\n");
  const char **cls = arena_alloc(h->a, (size_t)P->nprogrammes * sizeof *cls);
  const char **labels = arena_alloc(h->a, (size_t)P->nprogrammes * sizeof *labels);
  for (int k = 0; k < P->nprogrammes; k++) {
    cls[k] = arena_printf(h->a, "s%d", k % 8);
    labels[k] = P->programmes[k]->title ? P->programmes[k]->title
                : P->programmes[k]->id  ? P->programmes[k]->id
                                        : "";
  }
  legend(h, cls, labels, P->nprogrammes);
  put(h, "</figure>\n");
}

/* A balance with reservations in it (the regional pool and its guarantee):
 * the free part and the reserved part stacked, per year's end, after the
 * opening balance. */
static void reserve_chart(H *h, const Project *p) {
  const Plan *P = h->P;
  int n = 1 + P->nyears;
  int64_t lo = 0, hi = 0;
  int64_t *reserved = arena_alloc(h->a, (size_t)n * sizeof *reserved);
  for (int y = 0; y < P->nyears; y++) {
    for (const Reserve *r = p->reserves; r; r = r->next)
      if (reserve_present(h->R, r, y))
        reserved[1 + y] = money_add_sat(reserved[1 + y], reserve_cents(h->R, r, y));
    hi = PR(p)->closing[y] > hi ? PR(p)->closing[y] : hi;
    hi = reserved[1 + y] > hi ? reserved[1 + y] : hi;
    lo = PR(p)->closing[y] < lo ? PR(p)->closing[y] : lo;
  }
  hi = PR(p)->opening[0] > hi ? PR(p)->opening[0] : hi;
  lo = PR(p)->opening[0] < lo ? PR(p)->opening[0] : lo;
  Scale s = scale_for(lo, hi);
  int plot = CW - LEFT - RIGHT, gw = plot / n, bw = gw / 2;
  put(h, "<figure class=\"chartbox\" tabindex=\"0\"><figcaption>");
  text(h, arena_printf(h->a,
                       TR(h, "Balance of %s and its reserved part", "Saldo van %s en het gereserveerde deel"),
                       project_title(p)));
  put(h, "</figcaption>\n");
  svg_open(h, arena_printf(h->a, TR(h, "Balance and reservations: %s", "Saldo en reserveringen: %s"),
                           project_title(p)));
  axis(h, &s);
  for (int i = 0; i < n; i++) {
    int64_t total = i == 0 ? PR(p)->opening[0] : PR(p)->closing[i - 1];
    int64_t res = reserved[i];
    int64_t free_part;
    free_part = money_sub_sat(total, res);
    int x = LEFT + i * gw + (gw - bw) / 2;
    const char *when =
        i == 0 ? arena_printf(h->a, TR(h, "1 January %d", "1 januari %d"), P->first_year)
               : arena_printf(h->a, TR(h, "31 December %d", "31 december %d"), P->first_year + i - 1);
    /* the free part from zero, the reserved part on top of it */
    int64_t base = free_part > 0 ? free_part : 0;
    bar(h, &s, free_part < 0 ? "free neg" : "free", x, bw, free_part,
        arena_printf(h->a, "%s, %s: %s", when, TR(h, "not reserved", "niet gereserveerd"),
                     money(h, free_part)));
    if (res > 0) {
      int yt = ypos(&s, money_add_sat(base, res)), yb = ypos(&s, base);
      buf_printf(h->out, "<rect class=\"reserved\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"><title>", x,
                 yt, bw, yb - yt > 0 ? yb - yt : 1);
      text(h, arena_printf(h->a, "%s, %s: %s", when, TR(h, "reserved", "gereserveerd"), money(h, res)));
      put(h, "</title></rect>\n");
    }
    int64_t stack = money_add_sat(base, res);
    int top = ypos(&s, total > stack ? total : stack);
    buf_printf(h->out, "<text class=\"val\" x=\"%d\" y=\"%d\">", x + bw / 2,
               top - 6 < TOP + 10 ? TOP + 10 : top - 6);
    text(h, money(h, total));
    put(h, "</text>\n");
    buf_printf(h->out, "<text class=\"year\" x=\"%d\" y=\"%d\">", x + bw / 2, CH - 8);
    text(h, i == 0 ? arena_printf(h->a, TR(h, "1 Jan %d", "1 jan %d"), P->first_year)
                   : arena_printf(h->a, TR(h, "end %d", "eind %d"), P->first_year + i - 1));
    put(h, "</text>\n");
  }
  put(h, "</svg>\n");
  const char *cls[2] = {"free", "reserved"};
  const char *labels[2] = {TR(h, "Not reserved", "Niet gereserveerd"), ""};
  const char *names = "";
  for (const Reserve *r = p->reserves; r; r = r->next) {
    const char *one = r->title ? r->title : r->name ? r->name : "";
    names = *names ? arena_printf(h->a, "%s; %s", names, one) : one;
  }
  labels[1] = names;
  legend(h, cls, labels, 2);
  put(h, "</figure>\n");
}


/* ------------------------------------------------------------ realisatie charts */

/* The realisatie section's charts (--actuals). Each is an image with a
 * title and a description; every mark has a title of its own; the series
 * differ in shape and fill (outline, solid, hatched; a dashed line with
 * circles, a solid line with squares), not in colour alone; the legend is
 * text; the tables beside them hold every number. */

enum { RC_LABEL = 250, RC_ROW = 34, RC_TOP = 12, RC_MAX_ROWS = 30, RC_LABEL_CHARS = 34 };

static const char *const rc_budget = "fill=\"#ffffff\" stroke=\"#3a4450\" stroke-width=\"1\"";
static const char *const rc_realised = "fill=\"#1f4e99\"";

static void rc_open(H *h, int height, const char *id, const char *title, const char *desc) {
  buf_printf(h->out,
             "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t "
             "%s-d\">\n<title id=\"%s-t\">",
             CW, height, id, id, id);
  text(h, title);
  buf_printf(h->out, "</title><desc id=\"%s-d\">", id);
  text(h, desc);
  put(h, "</desc>\n");
}

/* A legend entry: a small picture of the mark (hidden from readers, the
 * words say it) and its words. */
static void rc_key(H *h, const char *svg, const char *label) {
  buf_printf(h->out, "<li><svg width=\"26\" height=\"12\" aria-hidden=\"true\">%s</svg> ", svg);
  text(h, label);
  put(h, "</li>");
}

static int rc_x(const Scale *s, int64_t v, int x0, int x1) {
  i128 num = ((i128)v - s->lo) * (x1 - x0);
  return x0 + (int)(num / ((i128)s->hi - s->lo));
}

static void rc_bar(H *h, const Scale *s, int x0, int x1, int y, int v_h, int64_t v,
                   const char *attrs, const char *tip) {
  titled_bar(h, attrs, false, y, v_h, rc_x(s, 0, x0, x1), rc_x(s, v, x0, x1), v, tip);
}

/* A line's label, cut to what fits beside the chart (the whole of it in
 * its title). */
static void rc_label(H *h, int x, int y, const char *full) {
  int chars = 0;
  size_t cut = 0;
  for (const char *p = full; *p; p++)
    if (((unsigned char)*p & 0xC0) != 0x80 && ++chars == RC_LABEL_CHARS)
      cut = (size_t)(p - full);
  buf_printf(h->out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"><title>", x, y);
  text(h, full);
  put(h, "</title>");
  text(h, cut && chars > RC_LABEL_CHARS ? arena_printf(h->a, "%.*s\xE2\x80\xA6", (int)cut, full) : full);
  put(h, "</text>\n");
}

/* Per line and side of the reporting date's year: the budget, what was
 * realised, the forecast, and the mark of what the profile puts before the
 * date. */
static void realisatie_bars(H *h, const Realisatie *r, const RealProject *rp, int pi) {
  const RealRow *rows[RC_MAX_ROWS];
  int n = 0, more = 0;
  int64_t lo = 0, hi = 0;
  for (int i = 0; i < rp->nrows; i++) {
    const RealRow *row = &r->rows[rp->first_row + i];
    if (row->year != r->last_year)
      continue;
    if (n == RC_MAX_ROWS) {
      more++;
      continue;
    }
    rows[n++] = row;
    int64_t v[4] = {row->budget, row->to_date, row->realised, row->forecast};
    for (int k = 0; k < 4; k++) {
      lo = v[k] < lo ? v[k] : lo;
      hi = v[k] > hi ? v[k] : hi;
    }
  }
  if (!n)
    return;
  char date[16];
  fmt_date(date, sizeof date, r->opt.as_of);
  const char *title = project_title(rp->project);
  const char *id = arena_printf(h->a, "rc-lines-%d", pi);
  Scale s = scale_for(lo, hi);
  int height = RC_TOP + n * RC_ROW + 24, x0 = RC_LABEL, x1 = CW - RIGHT - 48;
  put(h, "<figure class=\"chartbox\"><figcaption>");
  text(h, arena_printf(h->a, TR(h, "Budget, realised and forecast per line, %d: %s",
                                "Begroting, realisatie en prognose per regel, %d: %s"),
                       r->last_year, title));
  put(h, "</figcaption>\n");
  rc_open(h, height, id,
          arena_printf(h->a, TR(h, "Budget, realised and forecast per line, %d: %s",
                                "Begroting, realisatie en prognose per regel, %d: %s"),
                       r->last_year, title),
          arena_printf(h->a,
                       TR(h, "For each line: the budget for %d (outline bar), what was realised up "
                             "to %s (solid bar), the forecast for the year end (hatched bar), and "
                             "what its profile puts before that date (dashed mark); the share "
                             "realised at the right. The table gives the amounts.",
                          "Per regel: de begroting voor %d (open balk), wat tot en met %s is "
                          "gerealiseerd (volle balk), de prognose voor het jaareinde (gearceerde "
                          "balk) en wat het profiel voor die datum begroot (gestreepte streep); "
                          "rechts het deel dat gerealiseerd is. De tabel geeft de bedragen."),
                       r->last_year, date));
  buf_printf(h->out,
             "<defs><pattern id=\"%s-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
             "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
             "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#1f4e99\" stroke-width=\"2.5\"/>"
             "</pattern></defs>\n",
             id);
  const char *hatched =
      arena_printf(h->a, "fill=\"url(#%s-hatch)\" stroke=\"#1f4e99\" stroke-width=\"1\"", id);
  for (i128 t = (i128)s.lo / s.step * s.step; t <= s.hi; t += s.step) {
    int x = rc_x(&s, (int64_t)t, x0, x1);
    buf_printf(h->out, "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
               t == 0 ? "zero" : "grid", x, RC_TOP - 4, x, height - 22);
    buf_printf(h->out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x, height - 8);
    text(h, money(h, (int64_t)t));
    put(h, "</text>\n");
  }
  for (int i = 0; i < n; i++) {
    const RealRow *row = rows[i];
    const Line *l = row->line;
    int gy = RC_TOP + i * RC_ROW;
    const char *side = row->side == SIDE_BATEN ? TR(h, "baten", "baten") : TR(h, "lasten", "lasten");
    const char *name = arena_printf(h->a, "%d %s (%s)", l->nr, l->category, side);
    rc_label(h, x0 - 8, gy + 18, name);
    rc_bar(h, &s, x0, x1, gy + 2, 8, row->budget, rc_budget,
           arena_printf(h->a, "%s, %s %d: %s", name, TR(h, "budget", "begroting"), row->year,
                        money(h, row->budget)));
    rc_bar(h, &s, x0, x1, gy + 11, 8, row->realised, rc_realised,
           arena_printf(h->a, "%s, %s %s: %s", name, TR(h, "realised up to", "gerealiseerd t/m"),
                        date, money(h, row->realised)));
    rc_bar(h, &s, x0, x1, gy + 20, 8, row->forecast, hatched,
           arena_printf(h->a, "%s, %s %d: %s", name, TR(h, "forecast", "prognose"), row->year,
                        money(h, row->forecast)));
    int xt = rc_x(&s, row->to_date, x0, x1);
    buf_printf(h->out,
               "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#3a4450\" stroke-width=\"2\" "
               "stroke-dasharray=\"3 2\"><title>",
               xt, gy, xt, gy + 30);
    text(h, arena_printf(h->a, "%s, %s %s: %s", name, TR(h, "budgeted up to", "begroot t/m"), date,
                         money(h, row->to_date)));
    put(h, "</title></line>\n");
    int64_t pm;
    if (realisatie_permille(row->realised, row->budget, &pm)) {
      buf_printf(h->out, "<text x=\"%d\" y=\"%d\">", x1 + 6, gy + 19);
      text(h, arena_printf(h->a, "%lld%%", (long long)div_round(pm, 10)));
      put(h, "</text>\n");
    }
  }
  put(h, "</svg>\n<ul class=\"legend\">");
  rc_key(h, arena_printf(h->a, "<rect x=\"1\" y=\"2\" width=\"24\" height=\"8\" %s/>", rc_budget),
         arena_printf(h->a, TR(h, "Budget %d", "Begroting %d"), r->last_year));
  rc_key(h, arena_printf(h->a, "<rect x=\"1\" y=\"2\" width=\"24\" height=\"8\" %s/>", rc_realised),
         arena_printf(h->a, TR(h, "Realised up to %s", "Gerealiseerd t/m %s"), date));
  rc_key(h, arena_printf(h->a, "<rect x=\"1\" y=\"2\" width=\"24\" height=\"8\" fill=\"#ffffff\" "
                               "stroke=\"#1f4e99\"/><line x1=\"4\" y1=\"10\" x2=\"10\" y2=\"2\" "
                               "stroke=\"#1f4e99\" stroke-width=\"2\"/><line x1=\"12\" y1=\"10\" "
                               "x2=\"18\" y2=\"2\" stroke=\"#1f4e99\" stroke-width=\"2\"/>"),
         TR(h, "Forecast for the year end", "Prognose voor het jaareinde"));
  rc_key(h, "<line x1=\"13\" y1=\"0\" x2=\"13\" y2=\"12\" stroke=\"#3a4450\" stroke-width=\"2\" "
            "stroke-dasharray=\"3 2\"/>",
         arena_printf(h->a, TR(h, "Budgeted up to %s (profile)", "Begroot t/m %s (profiel)"), date));
  put(h, "</ul>\n");
  if (more) {
    put(h, "<p>");
    text(h, arena_printf(h->a, TR(h, "%d more line%s of %d in the table.",
                                  "Nog %d regel%s van %d in de tabel."),
                         more, more == 1 ? "" : TR(h, "s", "s"), r->last_year));
    put(h, "</p>\n");
  }
  put(h, "</figure>\n");
}

/* The closing balance at each year's end, as planned and as forecast with
 * the actuals (the proof again). */
static void realisatie_balances(H *h, const RealProject *rp, int pi) {
  const Plan *P = h->P;
  int ny = P->nyears;
  if (ny <= 0)
    return;
  int64_t lo = 0, hi = 0;
  for (int y = 0; y < ny; y++) {
    int64_t v[2] = {rp->planned[y], rp->projected[y]};
    for (int k = 0; k < 2; k++) {
      lo = v[k] < lo ? v[k] : lo;
      hi = v[k] > hi ? v[k] : hi;
    }
  }
  Scale s = scale_for(lo, hi);
  int gw = (CW - LEFT - RIGHT) / ny;
  const char *title = project_title(rp->project);
  put(h, "<figure class=\"chartbox\"><figcaption>");
  text(h, arena_printf(h->a, TR(h, "Closing balance, planned and forecast: %s",
                                "Saldo ultimo, begroot en prognose: %s"),
                       title));
  put(h, "</figcaption>\n");
  rc_open(h, CH, arena_printf(h->a, "rc-balance-%d", pi),
          arena_printf(h->a, TR(h, "Closing balance, planned and forecast: %s",
                                "Saldo ultimo, begroot en prognose: %s"),
                       title),
          TR(h, "At the end of each year: the balance as planned (dashed line, circles) and as "
                "forecast with the actuals (solid line, squares). The table gives the amounts.",
             "Aan het eind van elk jaar: het saldo zoals begroot (gestreepte lijn, rondjes) en "
             "zoals de prognose met de realisatie het geeft (doorgetrokken lijn, vierkantjes). De "
             "tabel geeft de bedragen."));
  axis(h, &s);
  for (int k = 0; k < 2; k++) {
    const int64_t *v = k ? rp->projected : rp->planned;
    buf_printf(h->out, "<polyline fill=\"none\" %s points=\"",
               k ? "stroke=\"#1f4e99\" stroke-width=\"2.5\""
                 : "stroke=\"#59636e\" stroke-width=\"2\" stroke-dasharray=\"6 4\"");
    for (int y = 0; y < ny; y++)
      buf_printf(h->out, "%s%d,%d", y ? " " : "", LEFT + y * gw + gw / 2, ypos(&s, v[y]));
    put(h, "\"/>\n");
  }
  for (int y = 0; y < ny; y++) {
    int cx = LEFT + y * gw + gw / 2, year = P->first_year + y;
    buf_printf(h->out, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"#ffffff\" stroke=\"#59636e\" "
                       "stroke-width=\"2\"><title>",
               cx, ypos(&s, rp->planned[y]));
    text(h, arena_printf(h->a, TR(h, "31 December %d, planned: %s", "31 december %d, begroot: %s"),
                         year, money(h, rp->planned[y])));
    put(h, "</title></circle>\n");
    buf_printf(h->out, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\" fill=\"#1f4e99\"><title>",
               cx - 4, ypos(&s, rp->projected[y]) - 4);
    text(h, arena_printf(h->a, TR(h, "31 December %d, forecast: %s", "31 december %d, prognose: %s"),
                         year, money(h, rp->projected[y])));
    put(h, "</title></rect>\n");
    year_label(h, cx, year);
  }
  put(h, "</svg>\n<ul class=\"legend\">");
  rc_key(h, "<line x1=\"1\" y1=\"6\" x2=\"25\" y2=\"6\" stroke=\"#59636e\" stroke-width=\"2\" "
            "stroke-dasharray=\"6 4\"/><circle cx=\"13\" cy=\"6\" r=\"4\" fill=\"#ffffff\" "
            "stroke=\"#59636e\" stroke-width=\"2\"/>",
         TR(h, "Planned", "Begroot"));
  rc_key(h, "<line x1=\"1\" y1=\"6\" x2=\"25\" y2=\"6\" stroke=\"#1f4e99\" stroke-width=\"2.5\"/>"
            "<rect x=\"9\" y=\"2\" width=\"8\" height=\"8\" fill=\"#1f4e99\"/>",
         TR(h, "Forecast with the actuals", "Prognose met de realisatie"));
  put(h, "</ul>\n</figure>\n");
}

/* ------------------------------------------------------------ the risk paragraph */

static void risks_html(H *h) {
  RiskReport *rep = risk_report(h->a, h->P, h->R, h->o);
  int depth = 0; /* open <ul> levels of items */
  bool li_open[3] = {false, false, false};
  for (int i = 0; i < rep->n; i++) {
    const RiskBlock *b = &rep->blocks[i];
    int want = b->kind == RISK_ITEM ? (b->level > 1 ? 2 : 1) : 0;
    while (depth > want) {
      if (li_open[depth])
        put(h, "</li>\n");
      li_open[depth] = false;
      put(h, "</ul>\n");
      depth--;
    }
    if (want > 0 && depth == want && li_open[depth]) {
      put(h, "</li>\n");
      li_open[depth] = false;
    }
    while (depth < want) {
      if (depth >= 1 && !li_open[depth]) {
        put(h, "<li>");
        li_open[depth] = true;
      }
      put(h, depth == 0 ? "<ul class=\"risks\">\n" : "<ul>\n");
      depth++;
    }
    switch (b->kind) {
    case RISK_HEADING: {
      int level = b->level + 1; /* the page's h1 is the plan */
      buf_printf(h->out, "<h%d>", level);
      text(h, b->text);
      buf_printf(h->out, "</h%d>\n", level);
      break;
    }
    case RISK_PARA:
      put(h, "<p>");
      text(h, b->text);
      put(h, "</p>\n");
      break;
    case RISK_ITEM:
      put(h, b->alert ? "<li class=\"alert\">" : "<li>");
      li_open[depth] = true;
      if (b->alert)
        put(h, "<span class=\"mark\" aria-hidden=\"true\">\xE2\x9A\xA0</span> ");
      text(h, b->text);
      if (b->project) {
        put(h, " <a class=\"to\" href=\"");
        html_id(h->out, "#project-", b->project->id);
        put(h, "\">");
        text(h, TR(h, "table", "tabel"));
        put(h, "</a>");
      }
      break;
    case RISK_TABLE: grid_html(h, b->table, "risk", NULL); break;
    }
  }
  while (depth > 0) {
    if (li_open[depth])
      put(h, "</li>\n");
    put(h, "</ul>\n");
    depth--;
  }
}

/* ------------------------------------------------------------ sections */

enum { PROGRAMME_TITLE_CHARS = 80 };

/* Lasten that someone outside the plan pays (`paid outside`): in the table,
 * as the document shows them, and not paid from the project's money: said
 * under the table, per line, who pays how much in which year. */
static void paid_outside(H *h, const Project *p) {
  bool any = false;
  for (const Line *l = p->lines; l; l = l->next) {
    const Outside *o = line_outside(l);
    if (!o)
      continue;
    if (!any)
      put(h, "<ul class=\"notes outside\">\n");
    any = true;
    put(h, "<li>");
    text(h, arena_printf(h->a, TR(h, "Line %d %s: paid outside this plan by %s: ",
                                  "Regel %d %s: buiten dit plan betaald door %s: "),
                         l->nr, l->category ? l->category : "", o->who));
    bool first = true;
    for (int y = 0; y < h->P->nyears; y++) {
      int64_t c = outside_at(h->R, l, y);
      if (!c)
        continue;
      text(h, arena_printf(h->a, "%s%s in %d", first ? "" : ", ", money(h, c),
                           h->P->first_year + y));
      first = false;
    }
    put(h, "</li>\n");
  }
  if (any) {
    put(h, "<li>");
    text(h, TR(h, "These lasten are in the table, as the plan shows them, but they are not paid "
                  "from the project's money: the balance in the table is lower by what was paid "
                  "outside so far (docs/coverage.md).",
                  "Deze lasten staan in de tabel, zoals het plan ze toont, maar worden niet uit "
                  "het geld van het project betaald: het saldo in de tabel is lager met wat tot "
                  "dan buiten het plan is betaald (docs/coverage.md)."));
    put(h, "</li>\n</ul>\n");
  }
}

static void project_section(H *h, const Project *p) {
  const Plan *P = h->P;
  put(h, "<section class=\"project\" id=\"");
  html_id(h->out, "project-", p->id);
  put(h, "\">\n<h2>");
  if (p->section && *p->section) {
    put(h, "<span class=\"sect\">\xC2\xA7 ");
    text(h, p->section);
    put(h, "</span> ");
  }
  text(h, project_title(p));
  put(h, "</h2>\n<p class=\"meta\">");
  if (p->programme) {
    text(h, arena_printf(h->a, "%s: ", grid_label(h->lang, grid_programme_word(P))));
    /* repeated in every project's section: cut, so that a long title
     * does not make the report grow with its length times the projects */
    text(h, text_cut(h->a, p->programme->title ? p->programme->title : p->programme->id,
                     PROGRAMME_TITLE_CHARS));
  }
  if (p->ncontacts) {
    if (p->programme)
      put(h, " \xC2\xB7 ");
    text(h, p->ncontacts == 1 ? TR(h, "Contact: ", "Contactpersoon: ")
                              : TR(h, "Contacts: ", "Contactpersonen: "));
    for (int i = 0; i < p->ncontacts; i++) {
      if (i)
        put(h, ", ");
      text(h, p->contacts[i]);
    }
  }
  put(h, "</p>\n");

  /* findings: count, and the worst, for a line under the title */
  int n = h->nby_project[p->index];
  for (const Line *l = p->lines; l; l = l->next)
    n += h->nby_line[l->index];

  put(h, "<figure class=\"chartbox\" tabindex=\"0\">\n");
  project_chart(h, p);
  put(h, "</figure>\n");

  /* grid_project gives one data row per line, in order */
  Grid *g = grid_project(h->a, P, h->R, p, h->lang);
  int nl = 0;
  for (const Line *l = p->lines; l; l = l->next)
    nl++;
  RowMarks marks = {arena_alloc(h->a, (size_t)(nl + 1) * sizeof(char *)),
                    arena_alloc(h->a, (size_t)(nl + 1) * sizeof(char *))};
  int k = 0;
  for (const Line *l = p->lines; l; l = l->next, k++) {
    int nd = h->nby_line[l->index];
    if (!nd)
      continue;
    const Diag *lw = worst(h->by_line[l->index], nd);
    Buf b = {0};
    buf_printf(&b, " <a class=\"badge %s\" href=\"", sev_class(lw));
    html_id(&b, "#f-", p->id);
    buf_printf(&b, "-%d\" title=\"", l->nr);
    html_escape(
        h->a, &b,
        arena_printf(h->a, TR(h, "%d finding%s", "%d bevinding%s"), nd, nd == 1 ? "" : TR(h, "s", "en")));
    buf_printf(&b, "\">%d</a>", nd);
    marks.extra[k] = b.data ? arena_strndup(h->a, b.data, b.len) : "";
    buf_free(&b);
    marks.cls[k] = arena_printf(h->a, "flag-%s", sev_class(lw));
  }
  grid_html(h, g, "project", &marks);
  paid_outside(h, p);

  if (n) {
    buf_printf(h->out, "<div class=\"findings\"><h3>%s (%d)</h3>\n",
               TR(h, "Findings of the check", "Bevindingen van de controle"), n);
    put(h, "<ul class=\"bylines\">\n");
    if (h->nby_project[p->index]) {
      put(h, "<li><strong>");
      text(h, TR(h, "The project", "Het project"));
      put(h, "</strong>\n");
      diag_list(h, h->by_project[p->index], h->nby_project[p->index]);
      put(h, "</li>\n");
    }
    for (const Line *l = p->lines; l; l = l->next) {
      if (!h->nby_line[l->index])
        continue;
      put(h, "<li id=\"");
      html_id(h->out, "f-", p->id);
      buf_printf(h->out, "-%d\"><strong>", l->nr);
      text(h, arena_printf(h->a, TR(h, "Line %d %s", "Regel %d %s"), l->nr, l->category ? l->category : ""));
      put(h, "</strong>\n");
      diag_list(h, h->by_line[l->index], h->nby_line[l->index]);
      put(h, "</li>\n");
    }
    put(h, "</ul></div>\n");
  }

  /* the project's note and the toelichting per line */
  int notes = 0;
  for (const Line *l = p->lines; l; l = l->next)
    notes += l->note != NULL;
  if (p->note || notes) {
    put(h, "<div class=\"notes\">\n");
    if (p->note) {
      put(h, "<p class=\"pnote\">");
      text(h, p->note);
      put(h, "</p>\n");
    }
    if (notes) {
      put(h, "<details><summary>");
      text(h, arena_printf(h->a, TR(h, "Notes per line (%d)", "Toelichting per regel (%d)"), notes));
      put(h, "</summary>\n<dl>\n");
      for (const Line *l = p->lines; l; l = l->next) {
        if (!l->note)
          continue;
        buf_printf(h->out, "<dt>%d ", l->nr);
        text(h, l->category ? l->category : "");
        put(h, "</dt><dd>");
        text(h, l->note);
        put(h, "</dd>\n");
      }
      put(h, "</dl></details>\n");
    }
    put(h, "</div>\n");
  }
  put(h, "</section>\n");
}

static void counts(H *h) {
  const Diags *d = h->o ? h->o->diags : NULL;
  int err = 0, warn = 0, note = 0, acc = 0, pm = 0;
  for (const Diag *g = d ? d->head : NULL; g; g = g->next) {
    if (g->accepted)
      acc++;
    else if (g->sev == SEV_ERROR)
      err++;
    else if (g->sev == SEV_WARNING)
      warn++;
    else
      note++;
  }
  for (int i = 0; i < h->P->nprojects; i++)
    pm += PR(h->P->projects[i])->npm[0] + PR(h->P->projects[i])->npm[1];
  put(h, "<p class=\"facts\">");
  /* a plan of annual programmes has programmes, as its tables say; one of
   * a kind is singular in both languages */
  int nproj = h->P->nprojects, nlines = h->P->nlines;
  const char *units = plan_all_annual(h->P)
                          ? (nproj == 1 ? TR(h, "programme", "programma") : TR(h, "programmes", "programma's"))
                          : (nproj == 1 ? TR(h, "project", "project") : TR(h, "projects", "projecten"));
  text(h, arena_printf(h->a, "%d-%d \xC2\xB7 %d %s \xC2\xB7 %d %s \xC2\xB7 %d %s", h->P->first_year,
                       h->P->first_year + h->P->nyears - 1, nproj, units, nlines,
                       nlines == 1 ? TR(h, "line", "regel") : TR(h, "lines", "regels"), pm,
                       pm == 1 ? TR(h, "PM cell", "PM-post") : TR(h, "PM cells", "PM-posten")));
  put(h, "</p>\n");
  if (!d)
    return;
  put(h, "<p class=\"check\">");
  text(h, TR(h, "The check: ", "De controle: "));
  buf_printf(h->out, "<span class=\"pill %s\">", err ? "error" : "ok");
  text(h, arena_printf(h->a, TR(h, "%d error%s", "%d fout%s"), err, err == 1 ? "" : TR(h, "s", "en")));
  buf_printf(h->out, "</span> <span class=\"pill %s\">", warn ? "warning" : "ok");
  text(h, arena_printf(h->a, TR(h, "%d warning%s", "%d waarschuwing%s"), warn,
                       warn == 1 ? "" : TR(h, "s", "en")));
  put(h, "</span> <span class=\"pill note\">");
  text(h, arena_printf(h->a, TR(h, "%d note%s", "%d opmerking%s"), note, note == 1 ? "" : TR(h, "s", "en")));
  put(h, "</span> <span class=\"pill accepted\">");
  text(h, arena_printf(h->a, TR(h, "%d accepted", "%d geaccepteerd"), acc));
  put(h, "</span></p>\n");
}

static const char css[] =
    ":root{--ink:#1b2430;--muted:#5b6672;--line:#d5dbe1;--bg:#f6f8fa;--baten:#2e8b57;--lasten:#c8553d;"
    "--saldo:#1f4e99;--err:#b3261e;--warn:#9a6700;--note:#3465a4;--acc:#57606a;--res:#e0a526;}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font-family:\"DejaVu Sans\",\"Liberation "
    "Sans\",Arial,Helvetica,sans-serif;color:var(--ink);"
    "font-size:14px;line-height:1.45;background:#fff}\n"
    "main{max-width:1400px;margin:0 auto;padding:24px 28px 48px}\n"
    "h1{font-size:26px;margin:0 0 6px}h2{font-size:20px;margin:28px 0 6px;padding-bottom:4px;"
    "border-bottom:2px solid var(--saldo)}h3{font-size:16px;margin:18px 0 6px}h4{font-size:14px;margin:14px "
    "0 4px}\n"
    ".sect{color:var(--muted);font-weight:normal;margin-right:4px}\n"
    ".facts,.meta{color:var(--muted);margin:2px 0 8px}\n"
    ".pill{display:inline-block;padding:1px 9px;border-radius:10px;font-size:13px;border:1px solid "
    "currentColor}\n"
    ".pill.error{color:var(--err)}.pill.warning{color:var(--warn)}.pill.note{color:var(--note)}"
    ".pill.accepted{color:var(--acc)}.pill.ok{color:var(--baten)}\n"
    "nav.toc{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:8px "
    "16px;margin:14px 0}\n"
    /* two columns only where each is wide enough for its entries; room for
     * two-digit numbers, which stand left of their column */
    "nav.toc ol{columns:2 22em;column-gap:3em;margin:4px 0;padding-left:2.4em}"
    "nav.toc li{break-inside:avoid;overflow-wrap:anywhere}"
    "nav.toc a{color:var(--saldo);text-decoration:none}\n"
    "table{border-collapse:collapse;margin:10px 0 14px;font-size:12.5px;width:100%}\n"
    "caption{text-align:left;font-weight:bold;padding:4px 0;font-size:13.5px}\n"
    "th,td{padding:3px 7px;border-bottom:1px solid var(--line);vertical-align:top;text-align:left}\n"
    "thead th{background:var(--bg);border-bottom:1px solid #aab4be;font-weight:600}\n"
    "th.band{text-align:center;border-left:1px solid var(--line)}\n"
    ".num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".neg{color:var(--err)}.pm{color:var(--warn);font-style:italic}\n"
    "tr.group th{background:#eef2f6;text-align:left;font-style:italic;font-weight:600}\n"
    "tr.total td,tr.total th{border-top:1.5px solid #7d8792;font-weight:bold}\n"
    "tr.balance th{text-align:left;font-weight:normal;color:var(--muted)}tr.balance td{font-weight:600}\n"
    "tr.flag-error td:first-child{box-shadow:inset 3px 0 var(--err)}"
    "tr.flag-warning td:first-child{box-shadow:inset 3px 0 var(--warn)}"
    "tr.flag-note td:first-child,tr.flag-accepted td:first-child{box-shadow:inset 3px 0 var(--note)}\n"
    ".badge{display:inline-block;min-width:18px;padding:0 5px;margin-left:6px;border-radius:9px;color:#fff;"
    "font-size:11px;text-align:center;text-decoration:none;font-weight:bold}\n"
    ".badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.note{background:var(--"
    "note)}"
    ".badge.accepted{background:var(--acc)}\n"
    "table.project td.label{min-width:180px}\n"
    ".tablebox{overflow-x:auto}.tablebox:focus-visible{outline:2px solid var(--saldo);outline-offset:2px}table.summary{font-size:11.5px}table.summary th,table.summary td{padding:3px "
    "5px}"
    "table.summary td:first-child{min-width:210px}\n"
    "figure.chartbox{margin:10px "
    "0;padding:0}figcaption{font-weight:bold;font-size:13.5px;margin-bottom:2px}\n"
    /* a chart is never drawn so small that its labels cannot be read: below
     * 680 px its box scrolls sideways (and takes the keyboard's focus) */
    ".charts{display:flex;flex-wrap:wrap;gap:8px 32px}.charts figure.chartbox{flex:1 1 "
    "700px;max-width:760px}figure.chartbox{overflow-x:auto}\n"
    "figure.chartbox:focus-visible{outline:2px solid var(--saldo);outline-offset:2px}\n"
    "svg.chart{width:100%;min-width:680px;max-width:760px;height:auto;display:block}\n"
    "svg .grid{stroke:#e3e7eb;stroke-width:1}svg .zero{stroke:#59636e;stroke-width:1.2}\n"
    "svg text{font-family:\"DejaVu Sans\",Arial,sans-serif;font-size:12.5px;fill:#3a4450}\n"
    "svg .tick{text-anchor:end;font-size:12px}svg .year{text-anchor:middle;font-weight:bold}\n"
    "svg .val{text-anchor:middle;font-size:11.5px;fill:var(--saldo);font-weight:bold}svg "
    ".val.neg{fill:var(--err)}"
    "svg .val.end{text-anchor:end}\n"
    "svg .bandlabel{text-anchor:middle;font-size:11.5px;fill:var(--err);font-style:italic}\n"
    ".baten{fill:var(--baten)}.lasten{fill:var(--lasten)}\n"
    "svg .belowband{fill:#fbe9e7}svg .shortband{fill:#f6c9c3}\n"
    "svg .saldo{fill:none;stroke:var(--saldo);stroke-width:2.5}\n"
    "svg .open{fill:#fff;stroke:var(--saldo);stroke-width:2}svg .close{fill:var(--saldo)}svg "
    ".close.neg{fill:var(--err)}\n"
    "svg .free{fill:var(--saldo)}svg .free.neg{fill:var(--err)}svg .reserved{fill:var(--res)}\n"
    ".s0{fill:#1f4e99;background:#1f4e99}.s1{fill:#2e8b57;background:#2e8b57}.s2{fill:#c8553d;background:#"
    "c8553d}"
    ".s3{fill:#8e6bbf;background:#8e6bbf}.s4{fill:#e0a526;background:#e0a526}.s5{fill:#3aa6b9;background:#"
    "3aa6b9}"
    ".s6{fill:#7d8792;background:#7d8792}.s7{fill:#b0577d;background:#b0577d}\n"
    "ul.legend{list-style:none;padding:0;margin:2px 0 6px;display:flex;flex-wrap:wrap;gap:4px "
    "16px;font-size:12px;"
    "color:var(--muted)}\n"
    ".sw{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}"
    "\n"
    ".sw.baten{background:var(--baten)}.sw.lasten{background:var(--lasten)}.sw.saldo{background:var(--saldo);"
    "height:4px;"
    "vertical-align:3px}.sw.belowband{background:#fbe9e7;border:1px solid "
    "#e6b8b1}.sw.shortband{background:#f6c9c3}"
    ".sw.free{background:var(--saldo)}.sw.reserved{background:var(--res)}\n"
    ".findings{background:#fffaf2;border:1px solid #eadbc0;border-radius:6px;padding:4px 14px 8px;margin:8px "
    "0}\n"
    ".findings h3{margin:8px 0 4px}ul.bylines{padding-left:16px;margin:4px "
    "0}ul.diags{padding-left:18px;margin:2px 0 8px}\n"
    "li.diag{margin:2px 0;font-size:13px}.sev{font-weight:bold;text-transform:uppercase;font-size:10.5px;"
    "letter-spacing:.04em;margin-right:3px}\n"
    "li.error .sev{color:var(--err)}li.warning .sev{color:var(--warn)}li.note .sev{color:var(--note)}"
    "li.accepted .sev{color:var(--acc)}\n"
    ".dname{color:var(--muted);font-size:11.5px}.where{color:var(--muted);font-size:11.5px;font-family:"
    "\"DejaVu Sans Mono\",monospace}\n"
    ".reason{color:var(--acc);font-style:italic;font-size:12.5px}ul.notes{color:var(--muted);font-size:12."
    "5px}\n"
    ".notes p.pnote{color:#333d48;font-size:13px}details{font-size:13px;margin:6px 0}summary{cursor:pointer;"
    "color:var(--saldo)}\n"
    "dt{font-weight:bold;margin-top:6px}dd{margin:0 0 0 18px}\n"
    "ul.risks li{margin:4px "
    "0}li.alert{color:#5a1a14}.mark{color:var(--err)}a.to{font-size:12px;color:var(--saldo)}\n"
    "table.risk{width:auto;min-width:60%}\n"
    "footer{color:var(--muted);font-size:12px;margin-top:30px;border-top:1px solid "
    "var(--line);padding-top:6px}\n"
    "@page{size:A4;margin:12mm 11mm}\n"
    "@page wide{size:A4 landscape;margin:10mm 10mm}\n"
    "@media print{body{font-size:10pt}main{max-width:none;padding:0}nav.toc{display:none}"
    "h2{margin-top:0}section.project,section.part{break-before:page}section.part.first{break-before:auto}"
    "section.wide{page:wide}.tablebox{overflow:visible}"
    "table{font-size:8pt}th,td{padding:2px 4px}figure.chartbox,tr,li.diag{break-inside:avoid}"
    "table.summary{font-size:6.4pt}table.summary th,table.summary td{padding:1px 2px}"
    "table.summary td:first-child{min-width:0;width:36mm}"
    "table.project td.label{min-width:0}svg.chart{max-width:100%}.charts{display:block}"
    "a{color:inherit;text-decoration:none}}\n";

void emit_html(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  EmitOptions none = {0};
  if (!o)
    o = &none;
  H h = {.a = &a, .P = plan, .R = r, .o = o, .lang = o->lang, .out = out};
  place_all(&h);
  const char *title = grid_plan_title(plan);
  if (!title)
    title = TR(&h, "Budget plan", "Begroting");

  put(&h, "<!DOCTYPE html>\n");
  buf_printf(out, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", h.lang == LANG_EN ? "en" : "nl");
  put(&h,
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "img-src data:; base-uri 'none'; form-action 'none'\">\n");
  put(&h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  put(&h, "<meta name=\"generator\" content=\"amrc " AMRC_VERSION "\">\n<title>");
  text(&h, title);
  put(&h, "</title>\n<style>\n");
  put(&h, css);
  put(&h, "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>");
  text(&h, title);
  put(&h, "</h1>\n");
  if (r->evaluated)
    counts(&h);
  put(&h, "</header>\n");
  if (!r->evaluated) {
    put(&h, "<p>");
    text(&h, TR(&h, "The plan could not be computed.", "De begroting kon niet worden berekend."));
    put(&h, "</p>\n</main>\n</body>\n</html>\n");
    arena_free(&a);
    return;
  }

  /* contents */
  put(&h, "<nav class=\"toc\"><strong>");
  text(&h, TR(&h, "Contents", "Inhoud"));
  put(&h, "</strong><ol>\n<li><a href=\"#overview\">");
  text(&h, TR(&h, "Overview", "Overzicht"));
  put(&h, "</a></li>\n<li><a href=\"#summary\">");
  text(&h, TR(&h, "Summary", "Samenvatting"));
  put(&h, "</a></li>\n<li><a href=\"#risks\">");
  text(&h, TR(&h, "Risk paragraph", "Risicoparagraaf"));
  put(&h, "</a></li>\n");
  for (int i = 0; i < plan->nprojects; i++) {
    const Project *p = plan->projects[i];
    put(&h, "<li><a href=\"");
    html_id(out, "#project-", p->id);
    put(&h, "\">");
    if (p->section && *p->section) {
      text(&h, "\xC2\xA7 ");
      text(&h, p->section);
      put(&h, " ");
    }
    text(&h, project_title(p));
    put(&h, "</a></li>\n");
  }
  if (o->realisatie) {
    put(&h, "<li><a href=\"#realisatie\">");
    text(&h, TR(&h, "Actuals", "Realisatie"));
    put(&h, "</a></li>\n");
  }
  if (h.nother) {
    put(&h, "<li><a href=\"#other-findings\">");
    text(&h, TR(&h, "Other findings", "Overige bevindingen"));
    put(&h, "</a></li>\n");
  }
  put(&h, "</ol></nav>\n");

  /* overview: the pictures on the first page, the summary tables after */
  put(&h, "<section class=\"part first\" id=\"overview\">\n<h2>");
  text(&h, TR(&h, "Overview", "Overzicht"));
  put(&h, "</h2>\n<div class=\"charts\">\n");
  programme_chart(&h);
  for (int i = 0; i < plan->nprojects; i++)
    if (plan->projects[i]->reserves)
      reserve_chart(&h, plan->projects[i]);
  put(&h, "</div>\n</section>\n");
  put(&h, "<section class=\"part wide\" id=\"summary\">\n<h2>");
  /* as the summaries' titles name their rows (grid_summary_title) */
  text(&h, plan_all_annual(plan) ? TR(&h, "Summary: the plan per programme and per unit",
                                      "Samenvatting: de begroting per programma en per onderdeel")
                                 : TR(&h, "Summary: the plan per programme and per project",
                                      "Samenvatting: de begroting per programma en per project"));
  put(&h, "</h2>\n");
  for (int net = 0; net < (grid_summary_net_shown(plan) ? 2 : 1); net++)
    for (SummaryKind k = 0; k < SUMMARY_KINDS; k++)
      grid_html(&h, grid_summary(&a, plan, r, k, net, h.lang), "summary", NULL);
  if (h.nsummary) {
    buf_printf(out, "<div class=\"findings\"><h3>%s (%d)</h3>\n",
               TR(&h, "Findings on the stated totals", "Bevindingen bij de opgegeven totalen"), h.nsummary);
    diag_list(&h, h.summary, h.nsummary);
    put(&h, "</div>\n");
  }
  put(&h, "</section>\n");

  /* the BBV's overview per taakveld, where the lines name their
   * taakvelden, and the verloop of the budget, where the plan gives one */
  bool taakvelden = plan_has_taakvelden(plan);
  if (taakvelden || plan->nverloops) {
    put(&h, "<section class=\"part wide\" id=\"taakvelden\">\n");
    if (taakvelden)
      grid_html(&h, grid_taakvelden(&a, plan, r, h.lang), "summary", NULL);
    for (int i = 0; i < plan->nverloops; i++)
      grid_html(&h, grid_verloop(&a, plan, plan->verloops[i], h.lang), "summary", NULL);
    put(&h, "</section>\n");
  }

  put(&h, "<section class=\"part\" id=\"risks\">\n");
  risks_html(&h);
  put(&h, "</section>\n");

  for (int i = 0; i < plan->nprojects; i++)
    project_section(&h, plan->projects[i]);

  if (o->realisatie) {
    /* --actuals: the plan against the bookings, as emit_realisatie.c lays it out */
    char date[16];
    fmt_date(date, sizeof date, o->realisatie->opt.as_of);
    put(&h, "<section class=\"part wide\" id=\"realisatie\">\n<h2>");
    text(&h, arena_printf(&a, "%s %s", TR(&h, "Actuals up to", "Realisatie tot en met"), date));
    put(&h, "</h2>\n");
    const Grid **grids;
    int ngrids = realisatie_grids(&a, plan, o, -1, &grids);
    for (int i = 0; i < ngrids; i++)
      grid_html(&h, grids[i], "summary", NULL);
    for (int pi = 0; pi < o->realisatie->nprojects; pi++) {
      ngrids = realisatie_grids(&a, plan, o, pi, &grids);
      if (!ngrids)
        continue;
      put(&h, "<div class=\"charts\">\n");
      realisatie_bars(&h, o->realisatie, &o->realisatie->projects[pi], pi);
      realisatie_balances(&h, &o->realisatie->projects[pi], pi);
      put(&h, "</div>\n");
      for (int i = 0; i < ngrids; i++)
        grid_html(&h, grids[i], "summary", NULL);
    }
    put(&h, "</section>\n");
  }

  if (h.nother) {
    put(&h, "<section class=\"part\" id=\"other-findings\">\n<h2>");
    text(&h, TR(&h, "Other findings", "Overige bevindingen"));
    put(&h, "</h2>\n");
    diag_list(&h, h.other, h.nother);
    put(&h, "</section>\n");
  }
  put(&h, "<footer>");
  text(&h,
       TR(&h,
          "Made by amrc " AMRC_VERSION " from the plan's source files; every amount is computed, none "
          "typed in.",
          "Gemaakt door amrc " AMRC_VERSION " uit de bronbestanden van de begroting; elk bedrag is berekend, "
          "geen enkel overgetypt."));
  put(&h, "</footer>\n</main>\n</body>\n</html>\n");
  arena_free(&a);
}

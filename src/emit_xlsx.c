/* emit_xlsx.c: the plan as a workbook (libxlsxwriter) in which the
 * arithmetic stays visible, for a finance department that audits it.
 *
 * A sheet per project in the document's layout, with every year of the
 * plan; the two summary tables; the overview per taakveld where a line
 * names one; the findings. Only the line cells and the
 * first opening balance and the reservations are numbers; every total,
 * saldo, balance and summary cell is a formula over the cells it adds up
 * (the closing of one year is the opening of the next, a summary cell
 * refers to a project sheet), with amrc's own value stored as the
 * formula's result, so that a program that does not recalculate shows
 * the same figures. A PM cell is the text "PM", which no SUM counts, as
 * amrc counts it as nothing.
 *
 * libxlsxwriter writes to a named file, so the workbook goes to a
 * temporary file that is read back into the buffer: output.c then writes
 * it whole or not at all like every other format. The document's creation
 * time is fixed (the plan's first year), so that the same plan gives the
 * same bytes. */
#include "actuals.h"
#include "emit.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

/* libxlsxwriter is opened (dlopen) when a workbook is asked for, not
 * linked: linked, the dynamic loader maps it and the libcrypto it needs at
 * every start of amrc, which on a small plan cost more than its check.
 * Every function this file calls is named once in LXW_FUNCS and called
 * as lxw.NAME(...), through the pointer lxw_open found; a plain call to a
 * function not named here fails at link time, as amrc is not linked with
 * the library. */
#define LXW_LIBRARY "libxlsxwriter.so." LXW_SOVERSION
#define LXW_FUNCS(F) \
  F(workbook_new_opt) \
  F(workbook_set_properties) \
  F(workbook_add_format) \
  F(workbook_add_worksheet) \
  F(workbook_close) \
  F(format_set_align) \
  F(format_set_bold) \
  F(format_set_bottom) \
  F(format_set_top) \
  F(format_set_font_size) \
  F(format_set_italic) \
  F(format_set_num_format) \
  F(worksheet_autofilter) \
  F(worksheet_fit_to_pages) \
  F(worksheet_freeze_panes) \
  F(worksheet_merge_range) \
  F(worksheet_repeat_rows) \
  F(worksheet_set_column) \
  F(worksheet_set_landscape) \
  F(worksheet_set_paper) \
  F(worksheet_write_comment) \
  F(worksheet_write_formula_num) \
  F(worksheet_write_number) \
  F(worksheet_write_string) \
  F(lxw_strerror)
static struct {
  void *lib; /* once every function below is found */
#define LXW_POINTER(f) __typeof__(&f) f;
  LXW_FUNCS(LXW_POINTER)
#undef LXW_POINTER
} lxw;

/* Opens the library once a process and finds every function; NULL when
 * they are all there, else why not (in arena a). */
static const char *lxw_open(Arena *a) {
  if (lxw.lib)
    return NULL;
  void *lib = dlopen(LXW_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    return arena_printf(a, "--emit=xlsx needs libxlsxwriter (Debian: libxlsxwriter4): %s",
                        dlerror());
  const char *missing = NULL;
#define LXW_FIND(f) \
  if (!missing && !(*(void **)&lxw.f = dlsym(lib, #f))) \
    missing = #f;
  LXW_FUNCS(LXW_FIND)
#undef LXW_FIND
  if (missing) {
    memset(&lxw, 0, sizeof lxw);
    dlclose(lib);
    return arena_printf(a, "--emit=xlsx: %s has no function %s", LXW_LIBRARY, missing);
  }
  lxw.lib = lib;
  return NULL;
}

/* Excel's limit on a cell's text; libxlsxwriter refuses longer. */
enum { MAX_TEXT = 32767, MAX_SHEET_NAME = 31 };

typedef struct X {
  const Plan *P;
  const Results *R;
  const EmitOptions *o;
  Arena *a;
  lxw_workbook *wb;
  lxw_format *title, *head, *head_num, *band, *bold, *money, *money_total, *money_bold, *pm, *text, *group;
  lxw_format *pct, *pct_total, *count_total;
  const char **sheet;        /* per project: its sheet's name */
  /* per project, on its sheet: its rows by role, 0 where it has none */
  lxw_row_t *row_total, *row_saldo, *row_added, *row_withdrawn, *row_open, *row_close;
  lxw_row_t *line_row;       /* per line (Line.index), on its project's sheet */
  lxw_error err;
} X;

static bool nl(const X *x) { return x->o->lang != LANG_EN; }
static const char *tr(const X *x, const char *en, const char *nl_text) {
  return nl(x) ? nl_text : en;
}

static double euros(int64_t cents) { return (double)cents / 100.0; }
static int64_t at(const int64_t *v, int i) { return v ? v[i] : 0; }

static void note_err(X *x, lxw_error e) {
  if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
    x->err = e;
}

/* Text fit for a cell: controls that XML cannot carry replaced, and cut at
 * Excel's limit on a character boundary. */
static const char *cell_text(X *x, const char *s) {
  s = text_clean(x->a, s ? s : "");
  size_t n = strlen(s);
  if (n <= MAX_TEXT)
    return s;
  n = MAX_TEXT;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  return arena_strndup(x->a, s, n);
}

static void put_text(X *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                     lxw_format *f) {
  note_err(x, lxw.worksheet_write_string(ws, r, c, cell_text(x, s), f));
}

static void put_num(X *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t cents,
                    lxw_format *f) {
  note_err(x, lxw.worksheet_write_number(ws, r, c, euros(cents), f));
}

/* A1-style reference: column letters and 1-based row. */
static const char *ref(X *x, lxw_row_t r, lxw_col_t c) {
  char col[8];
  int n = 0;
  char rev[8];
  unsigned v = (unsigned)c + 1;
  while (v > 0 && n < 7) {
    rev[n++] = (char)('A' + (v - 1) % 26);
    v = (v - 1) / 26;
  }
  for (int i = 0; i < n; i++)
    col[i] = rev[n - 1 - i];
  col[n] = '\0';
  return arena_printf(x->a, "%s%u", col, (unsigned)r + 1);
}

/* 'Sheet name'! with quotes doubled, for a reference to another sheet. */
static const char *sheet_ref(X *x, const char *sheet) {
  Buf b = {0};
  buf_putc(&b, '\'');
  for (const char *p = sheet; *p; p++) {
    if (*p == '\'')
      buf_putc(&b, '\'');
    buf_putc(&b, *p);
  }
  buf_puts(&b, "'!");
  const char *s = arena_strndup(x->a, b.data, b.len);
  buf_free(&b);
  return s;
}

/* result: amrc's value, stored for programs that do not recalculate. */
static void put_formula(X *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *formula,
                        double result, lxw_format *f) {
  note_err(x, lxw.worksheet_write_formula_num(ws, r, c, formula, f, result));
}

/* a - b in euros; where the cents overflow (amrc reports that as an
 * error), the difference a spreadsheet computes in its doubles */
static double euros_sub(int64_t a, int64_t b) {
  int64_t d;
  return money_sub(a, b, &d) ? euros(d) : euros(a) - euros(b);
}

/* ------------------------------------------------------------ sheet names */

/* Excel's rules: at most 31 characters, none of []:*?/\, not starting or
 * ending with an apostrophe, unique without regard to case. */
static bool name_taken(const char **names, int n, const char *s) {
  for (int i = 0; i < n; i++)
    if (strcasecmp(names[i], s) == 0)
      return true;
  return false;
}

static const char *sheet_name(X *x, const char *want, const char **taken, int ntaken) {
  char base[MAX_SHEET_NAME * 4 + 1];
  size_t n = 0;
  int chars = 0;
  for (const unsigned char *p = (const unsigned char *)(want ? want : ""); *p && chars < 28;) {
    int len = (*p & 0x80) == 0 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
    bool bad = *p < 0x20 || strchr("[]:*?/\\", *p) != NULL;
    if (bad || (n == 0 && *p == '\'')) {
      base[n++] = '_';
      p++;
    } else {
      for (int i = 0; i < len && p[i]; i++)
        base[n++] = (char)p[i];
      p += len;
    }
    chars++;
  }
  while (n > 0 && base[n - 1] == '\'')
    n--;
  if (n == 0)
    base[n++] = '_';
  base[n] = '\0';
  const char *s = arena_strdup(x->a, base);
  for (int k = 2; name_taken(taken, ntaken, s) || strcasecmp(s, "History") == 0; k++)
    s = arena_printf(x->a, "%s~%d", base, k);
  return s;
}

/* ------------------------------------------------------------ formats */

static void formats(X *x) {
  static const char money_fmt[] = "\"\xE2\x82\xAC \"#,##0.00;\"-\xE2\x82\xAC \"#,##0.00";
  x->title = lxw.workbook_add_format(x->wb);
  lxw.format_set_bold(x->title);
  lxw.format_set_font_size(x->title, 13);
  x->head = lxw.workbook_add_format(x->wb);
  lxw.format_set_bold(x->head);
  lxw.format_set_bottom(x->head, LXW_BORDER_THIN);
  x->band = lxw.workbook_add_format(x->wb);
  lxw.format_set_bold(x->band);
  lxw.format_set_align(x->band, LXW_ALIGN_CENTER);
  x->bold = lxw.workbook_add_format(x->wb);
  lxw.format_set_bold(x->bold);
  x->group = lxw.workbook_add_format(x->wb);
  lxw.format_set_italic(x->group);
  /* No wrapping: a spreadsheet does not grow a row for wrapped text it
   * did not lay out itself, and the lines would overlap. */
  x->text = lxw.workbook_add_format(x->wb);
  x->head_num = lxw.workbook_add_format(x->wb);
  lxw.format_set_bold(x->head_num);
  lxw.format_set_bottom(x->head_num, LXW_BORDER_THIN);
  lxw.format_set_align(x->head_num, LXW_ALIGN_RIGHT);
  x->money = lxw.workbook_add_format(x->wb);
  lxw.format_set_num_format(x->money, money_fmt);
  x->money_total = lxw.workbook_add_format(x->wb);
  lxw.format_set_num_format(x->money_total, money_fmt);
  lxw.format_set_bold(x->money_total);
  lxw.format_set_top(x->money_total, LXW_BORDER_THIN);
  x->money_bold = lxw.workbook_add_format(x->wb);
  lxw.format_set_num_format(x->money_bold, money_fmt);
  lxw.format_set_bold(x->money_bold);
  lxw.format_set_align(x->money_bold, LXW_ALIGN_CENTER);
  x->pm = lxw.workbook_add_format(x->wb);
  lxw.format_set_align(x->pm, LXW_ALIGN_RIGHT);
  x->pct = lxw.workbook_add_format(x->wb);
  lxw.format_set_num_format(x->pct, "0.0%");
  x->pct_total = lxw.workbook_add_format(x->wb);
  lxw.format_set_num_format(x->pct_total, "0.0%");
  lxw.format_set_bold(x->pct_total);
  lxw.format_set_top(x->pct_total, LXW_BORDER_THIN);
  x->count_total = lxw.workbook_add_format(x->wb);
  lxw.format_set_bold(x->count_total);
  lxw.format_set_top(x->count_total, LXW_BORDER_THIN);
}

static void page_setup(lxw_worksheet *ws, lxw_row_t head_rows, lxw_col_t label_cols) {
  lxw.worksheet_set_landscape(ws);
  lxw.worksheet_set_paper(ws, 9); /* A4 */
  lxw.worksheet_fit_to_pages(ws, 1, 0);
  lxw.worksheet_repeat_rows(ws, 0, head_rows - 1);
  lxw.worksheet_freeze_panes(ws, head_rows, label_cols);
}

/* ------------------------------------------------------------ sums of lines */

/* Excel's limits on a formula: its length in characters, and the
 * arguments of one function. */
enum { MAX_FORMULA = 8192, MAX_ARGS = 255 };

typedef bool LineTest(const Line *l, const void *ctx);

/* The sum of the lines that pass test, in column c of their project
 * sheets: =SUM of a reference per run of them that stand together on a
 * sheet (the group headings between them are text, which SUM leaves out),
 * without the sheet's name on the sheet of project home. NULL where no
 * line passes or Excel would refuse the formula: then the cell holds the
 * number. */
static const char *lines_formula(X *x, LineTest *test, const void *ctx, const Project *home,
                                 lxw_col_t c) {
  const Plan *P = x->P;
  Buf b = {0};
  buf_puts(&b, "=SUM(");
  int nargs = 0;
  for (int i = 0; i < P->nlines; i++) {
    const Line *l = P->lines[i];
    if (!l || !test(l, ctx))
      continue;
    int j = i;
    while (j + 1 < P->nlines && P->lines[j + 1] && P->lines[j + 1]->project == l->project &&
           test(P->lines[j + 1], ctx))
      j++;
    if (nargs++)
      buf_putc(&b, ',');
    if (l->project != home)
      buf_puts(&b, sheet_ref(x, x->sheet[l->project->index]));
    buf_puts(&b, ref(x, x->line_row[i], c));
    if (j > i)
      buf_printf(&b, ":%s", ref(x, x->line_row[j], c));
    i = j;
  }
  buf_putc(&b, ')');
  const char *f = nargs > 0 && nargs <= MAX_ARGS && b.len <= MAX_FORMULA
                      ? arena_strndup(x->a, b.data, b.len)
                      : NULL;
  buf_free(&b);
  return f;
}

/* A mutation of a reserve, of the project ctx (NULL: of any). */
static bool is_mutation(const Line *l, const void *ctx) {
  return line_is_mutation(l) && (!ctx || l->project == ctx);
}

/* A formula, or the number where lines_formula gave none. */
static void put_sum(X *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *formula,
                    double value, lxw_format *f) {
  if (formula)
    put_formula(x, ws, r, c, formula, value, f);
  else
    note_err(x, lxw.worksheet_write_number(ws, r, c, value, f));
}

/* baten - lasten (saldo NULL) or saldo + withdrawn - added, in cents,
 * as the plan prints it; false where a sum overflows (an error amrc
 * reports). */
static bool split_saldo(const Plan *P, const YearSplit *s, bool after, int64_t *out) {
  int64_t v;
  bool ok = !s->overflow && money_sub(s->baten, s->lasten, &v) &&
            (!after || (money_add(v, s->withdrawn, &v) && money_sub(v, s->added, &v)));
  *out = ok ? printed_saldo(P, v) : 0;
  return ok;
}

/* The same in a spreadsheet's doubles, for where the cents overflow. */
static double split_saldo_euros(const Plan *P, const YearSplit *s, bool after) {
  int64_t v;
  if (split_saldo(P, s, after, &v))
    return euros(v);
  double d = euros(s->baten) - euros(s->lasten);
  if (after)
    d += euros(s->withdrawn) - euros(s->added);
  return printed_saldo(P, 1) < 0 ? -d : d;
}

/* ------------------------------------------------------------ a project */

/* The rows of a project's sheet by their role (GridRole): the row of
 * each, 0 for a role the project does not have (row 0 is the title). */
typedef struct Rows {
  lxw_row_t at[GRID_RESERVE + 1];
  lxw_row_t first_line, last_line, first_reserve;
} Rows;

static void line_cells(X *x, lxw_worksheet *ws, lxw_row_t r, const Line *l) {
  x->line_row[l->index] = r;
  note_err(x, lxw.worksheet_write_number(ws, r, 0, l->nr, NULL));
  put_text(x, ws, r, 1, l->category, x->text);
  if (l->note)
    note_err(x, lxw.worksheet_write_comment(ws, r, 1, cell_text(x, l->note)));
  for (int y = 0; y < x->P->nyears; y++)
    for (int s = 0; s < 2; s++) {
      lxw_col_t c = (lxw_col_t)(2 + 2 * y + s);
      if (!present_at(x->R, l, s, y))
        continue;
      if (pm_at(x->R, l, s, y))
        put_text(x, ws, r, c, "PM", x->pm);
      else
        put_num(x, ws, r, c, cents_at(x->R, l, s, y), x->money);
    }
}

/* Year y's cell(s) of a row below the lines, in the year's columns cb
 * (baten) and cb + 1 (lasten); every row but Totaal spans both. The saldo
 * is printed as the plan prints it (lasten - baten after 'sign saldo
 * negative', as in the text tables), and what adds it subtracts it then. */
static void balance_cells(X *x, lxw_worksheet *ws, const Project *p, GridRole role, const Rows *w,
                          lxw_row_t r, int y) {
  const Plan *P = x->P;
  const ProjectResult *pv = project_result(x->R, p);
  lxw_col_t cb = (lxw_col_t)(2 + 2 * y), cl = cb + 1;
  bool negative = printed_saldo(P, 1) < 0;
  if (role == GRID_TOTAL) {
    for (int s = 0; s < 2; s++) {
      lxw_col_t c = s ? cl : cb;
      int64_t v = at(s ? pv->lasten : pv->baten, y);
      if (w->last_line >= w->first_line)
        put_formula(x, ws, r, c,
                    arena_printf(x->a, "=SUM(%s:%s)", ref(x, w->first_line, c),
                                 ref(x, w->last_line, c)),
                    euros(v), x->money_total);
      else
        put_num(x, ws, r, c, v, x->money_total);
    }
    return;
  }
  /* merged first: libxlsxwriter merges with a string, then the value goes
   * into the first cell */
  note_err(x, lxw.worksheet_merge_range(ws, r, cb, r, cl, "", x->money_bold));
  YearSplit sp;
  split_year(P, x->R, p, y, &sp);
  const char *tb = ref(x, w->at[GRID_TOTAL], cb), *tl = ref(x, w->at[GRID_TOTAL], cl);
  const char *added = ref(x, w->at[GRID_ADDED], cb), *withdrawn = ref(x, w->at[GRID_WITHDRAWN], cb);
  const char *saldo = ref(x, w->at[GRID_SALDO], cb);
  bool mutations = w->at[GRID_ADDED] != 0;
  switch (role) {
  case GRID_SALDO:
    if (!mutations)
      put_formula(x, ws, r, cb,
                  arena_printf(x->a, "=%s-%s", negative ? tl : tb, negative ? tb : tl),
                  negative ? euros_sub(at(pv->lasten, y), at(pv->baten, y))
                           : euros_sub(at(pv->baten, y), at(pv->lasten, y)),
                  x->money_bold);
    else {
      /* the BBV's saldo van baten en lasten: without the mutations */
      const char *b = arena_printf(x->a, "(%s-%s)", tb, withdrawn);
      const char *l = arena_printf(x->a, "(%s-%s)", tl, added);
      put_formula(x, ws, r, cb, arena_printf(x->a, "=%s-%s", negative ? l : b, negative ? b : l),
                  split_saldo_euros(P, &sp, false), x->money_bold);
    }
    break;
  case GRID_ADDED:
  case GRID_WITHDRAWN: {
    bool add = role == GRID_ADDED;
    put_sum(x, ws, r, cb, lines_formula(x, is_mutation, p, p, add ? cl : cb),
            euros(add ? sp.added : sp.withdrawn), x->money_bold);
    break;
  }
  case GRID_RESULT:
    put_formula(x, ws, r, cb,
                arena_printf(x->a, negative ? "=%s-%s+%s" : "=%s+%s-%s", saldo, withdrawn, added),
                split_saldo_euros(P, &sp, true), x->money_bold);
    break;
  case GRID_OPENING:
    if (y == 0)
      put_num(x, ws, r, cb, at(pv->opening, y), x->money_bold);
    else
      put_formula(x, ws, r, cb, arena_printf(x->a, "=%s", ref(x, w->at[GRID_CLOSING], cb - 2)),
                  euros(at(pv->opening, y)), x->money_bold);
    break;
  case GRID_CLOSING: {
    /* the saldo after the mutations where there are some: all the lines */
    const char *moved = mutations ? ref(x, w->at[GRID_RESULT], cb) : saldo;
    put_formula(x, ws, r, cb,
                arena_printf(x->a, negative ? "=%s-%s" : "=%s+%s",
                             ref(x, w->at[GRID_OPENING], cb), moved),
                euros(at(pv->closing, y)), x->money_bold);
    break;
  }
  case GRID_UNRESERVED: {
    int64_t left = at(pv->closing, y);
    double rest = euros(left);
    bool exact = true;
    for (const Reserve *res = p->reserves; res; res = res->next)
      if (reserve_present(x->R, res, y)) {
        exact = exact && money_sub(left, reserve_cents(x->R, res, y), &left);
        rest -= euros(reserve_cents(x->R, res, y));
      }
    if (exact)
      rest = euros(left);
    put_formula(x, ws, r, cb,
                arena_printf(x->a, "=%s-SUM(%s:%s)", ref(x, w->at[GRID_CLOSING], cb),
                             ref(x, w->first_reserve, cb), ref(x, w->at[GRID_RESERVE], cb)),
                rest, x->money_bold);
    break;
  }
  default:
    break;
  }
}

/* Columns: Nr, category, then baten and lasten per year. Rows: title, the
 * years, the heads, then the rows of the project's table (grid_project:
 * the lines, Totaal, and the saldo and balances the project's kind shows,
 * with their words), each written by its role; every year of the plan. */
static void project_sheet(X *x, const Project *p, int pi) {
  const Plan *P = x->P;
  Lang lang = x->o->lang;
  lxw_worksheet *ws = lxw.workbook_add_worksheet(x->wb, x->sheet[pi]);
  if (!ws) {
    note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  int ny = P->nyears;
  Grid *g = grid_project(x->a, P, x->R, p, lang);
  put_text(x, ws, 0, 0, g->title, x->title);
  if (p->note)
    note_err(x, lxw.worksheet_write_comment(ws, 0, 0, cell_text(x, p->note)));
  put_text(x, ws, 2, 0, g->head[0], x->head);
  put_text(x, ws, 2, 1, g->head[1], x->head);
  for (int y = 0; y < ny; y++) {
    lxw_col_t c = (lxw_col_t)(2 + 2 * y);
    note_err(x, lxw.worksheet_merge_range(ws, 1, c, 1, c + 1,
                                      arena_printf(x->a, "%d", P->first_year + y), x->band));
    put_text(x, ws, 2, c, grid_label(lang, GL_BATEN), x->head_num);
    put_text(x, ws, 2, c + 1, grid_label(lang, GL_LASTEN), x->head_num);
  }
  lxw.worksheet_set_column(ws, 0, 0, 5, NULL);
  lxw.worksheet_set_column(ws, 1, 1, 60, x->text);
  lxw.worksheet_set_column(ws, 2, (lxw_col_t)(1 + 2 * ny), 14, NULL);

  Rows w = {.first_line = 3};
  for (int k = 0; k < g->nrows; k++) {
    lxw_row_t r = (lxw_row_t)(3 + k);
    GridRole role = g->rows[k].role;
    w.at[role] = r;
    if (role == GRID_RESERVE && !w.first_reserve)
      w.first_reserve = r;
  }
  w.last_line = w.at[GRID_TOTAL] - 1;  /* the lines, with group rows (text) */
  x->row_total[pi] = w.at[GRID_TOTAL];
  x->row_saldo[pi] = w.at[GRID_SALDO];
  x->row_added[pi] = w.at[GRID_ADDED];
  x->row_withdrawn[pi] = w.at[GRID_WITHDRAWN];
  x->row_open[pi] = w.at[GRID_OPENING];
  x->row_close[pi] = w.at[GRID_CLOSING];
  for (int k = 0; k < g->nrows; k++) {
    const GridRow *gr = &g->rows[k];
    lxw_row_t r = (lxw_row_t)(3 + k);
    switch (gr->role) {
    case GRID_GROUP:
      put_text(x, ws, r, 1, gr->cells[1], x->group);
      break;
    case GRID_LINE:
      line_cells(x, ws, r, gr->item);
      break;
    case GRID_RESERVE: {
      const Reserve *res = gr->item;
      put_text(x, ws, r, 1, gr->cells[1], x->text);
      for (int y = 0; y < ny; y++) {
        lxw_col_t cb = (lxw_col_t)(2 + 2 * y);
        note_err(x, lxw.worksheet_merge_range(ws, r, cb, r, cb + 1, "", x->money_bold));
        put_num(x, ws, r, cb, reserve_present(x->R, res, y) ? reserve_cents(x->R, res, y) : 0,
                x->money_bold);
      }
      break;
    }
    default:
      put_text(x, ws, r, 1, gr->cells[1], x->bold);
      for (int y = 0; y < ny; y++)
        balance_cells(x, ws, p, gr->role, &w, r, y);
    }
  }
  page_setup(ws, 3, 2);
}

/* ------------------------------------------------------------ summaries */

/* The summaries follow grid_summary: its rows (a programme line's heading,
 * a project, a programme line, the total and, in a plan of annual
 * programmes with reserves, their mutations and the result) and its
 * words. Columns: the label, then in a plan with funds the closing balance
 * of the year before the plan and baten, lasten and closing per year; in
 * a plan of annual programmes only (the BBV's overzicht) baten and lasten
 * without the mutations of reserves and their saldo per year. The columns
 * before the horizon (grid's first bands) are not in the workbook. */
typedef enum { S_OPENING, S_BATEN, S_LASTEN, S_END } SumColumn;

static int sum_ncols(const X *x) { return (plan_all_annual(x->P) ? 1 : 2) + 3 * x->P->nyears; }

/* What column c (from 1) of a summary holds, and for which year. */
static SumColumn sum_column(const X *x, lxw_col_t c, int *y) {
  int lead = plan_all_annual(x->P) ? 1 : 2;
  if ((int)c < lead) {
    *y = 0;
    return S_OPENING;
  }
  *y = ((int)c - lead) / 3;
  return (SumColumn)(1 + ((int)c - lead) % 3);
}

static void summary_head(X *x, lxw_worksheet *ws, const Grid *g) {
  int n = sum_ncols(x);
  int skip = g->ncols - n;  /* the grid's columns before the horizon, first */
  put_text(x, ws, 0, 0, g->title, x->title);
  put_text(x, ws, 2, 0, g->head[0], x->head);
  for (lxw_col_t c = 1; c < (lxw_col_t)n; c++) {
    int y;
    SumColumn k = sum_column(x, c, &y);
    const char *band = g->band_label[g->band[c + skip]];
    if (k == S_OPENING)
      put_text(x, ws, 1, c, band, x->band);
    else if (k == S_BATEN)
      note_err(x, lxw.worksheet_merge_range(ws, 1, c, 1, c + 2, band, x->band));
    put_text(x, ws, 2, c, g->head[c + skip], x->head_num);
  }
  lxw.worksheet_set_column(ws, 0, 0, 60, x->text);
  lxw.worksheet_set_column(ws, 1, (lxw_col_t)(n - 1), 14, NULL);
}

/* The stored result of a summary cell of the projects that pass (only: that
 * one; else those of programme pr, or all): amrc's total, or where that
 * overflowed (an error amrc reports) the sum a spreadsheet computes in
 * doubles. */
static double summary_value(const X *x, const Project *only, const Programme *pr, bool all,
                            lxw_col_t c) {
  const Plan *P = x->P;
  int y;
  SumColumn k = sum_column(x, c, &y);
  bool annual = plan_all_annual(P);
  YearSplit t = {0};
  double sum = 0;
  int64_t cents = 0;
  bool exact = true;
  for (int j = 0; j < P->nprojects; j++) {
    const Project *p = P->projects[j];
    if (only ? p != only : !all && p->programme != pr)
      continue;
    if (annual) {
      YearSplit s;
      split_year(P, x->R, p, y, &s);
      split_add(&t, &s);
      sum += k == S_BATEN ? euros(s.baten) : k == S_LASTEN ? euros(s.lasten)
                                                            : split_saldo_euros(P, &s, false);
      continue;
    }
    const ProjectResult *v = project_result(x->R, p);
    int64_t e = k == S_OPENING ? at(v->opening, 0)
                : k == S_BATEN ? at(v->baten, y)
                : k == S_LASTEN ? at(v->lasten, y)
                               : at(v->closing, y);
    exact = exact && money_add(cents, e, &cents);
    sum += euros(e);
  }
  if (!annual)
    return exact ? euros(cents) : sum;
  if (t.overflow)
    return sum;
  if (k == S_END) {
    int64_t s;
    return split_saldo(P, &t, false, &s) ? euros(s) : sum;
  }
  return euros(k == S_BATEN ? t.baten : t.lasten);
}

/* The closing balance of project j in year y, from its sheet: its row,
 * or for an annual programme, which has none, its year's baten - lasten. */
static const char *closing_formula(X *x, int j, int y) {
  const char *s = sheet_ref(x, x->sheet[j]);
  lxw_col_t pc = (lxw_col_t)(2 + 2 * y);
  if (x->row_close[j])
    return arena_printf(x->a, "=%s%s", s, ref(x, x->row_close[j], pc));
  return arena_printf(x->a, "=%s%s-%s%s", s, ref(x, x->row_total[j], pc), s,
                      ref(x, x->row_total[j], pc + 1));
}

/* A project's row: each cell a reference to its sheet. In the BBV's
 * overzicht baten and lasten leave out the mutations of reserves and the
 * saldo is the sheet's; with funds, an annual programme (a plan of both)
 * opens at zero and closes at its year's saldo, baten - lasten. */
static void summary_project(X *x, lxw_worksheet *ws, lxw_row_t r, const Project *p) {
  int j = p->index;
  const char *s = sheet_ref(x, x->sheet[j]);
  const ProjectResult *pv = project_result(x->R, p);
  int n = sum_ncols(x);
  for (lxw_col_t c = 1; c < (lxw_col_t)n; c++) {
    int y;
    SumColumn k = sum_column(x, c, &y);
    lxw_col_t pc = (lxw_col_t)(2 + 2 * y);
    double v = summary_value(x, p, NULL, false, c);
    const char *tb = arena_printf(x->a, "%s%s", s, ref(x, x->row_total[j], pc));
    const char *tl = arena_printf(x->a, "%s%s", s, ref(x, x->row_total[j], pc + 1));
    const char *f = NULL;
    if (k == S_OPENING)
      f = x->row_open[j] ? arena_printf(x->a, "=%s%s", s, ref(x, x->row_open[j], 2)) : NULL;
    else if (plan_all_annual(x->P)) {
      lxw_row_t mut = k == S_BATEN ? x->row_withdrawn[j] : x->row_added[j];
      f = k == S_END ? arena_printf(x->a, "=%s%s", s, ref(x, x->row_saldo[j], pc))
          : mut      ? arena_printf(x->a, "=%s-%s%s", k == S_BATEN ? tb : tl, s, ref(x, mut, pc))
                     : arena_printf(x->a, "=%s", k == S_BATEN ? tb : tl);
    } else
      f = k == S_BATEN    ? arena_printf(x->a, "=%s", tb)
          : k == S_LASTEN ? arena_printf(x->a, "=%s", tl)
                          : closing_formula(x, j, y);
    if (f)
      put_formula(x, ws, r, c, f, v, x->money);
    else
      put_num(x, ws, r, c, at(pv->opening, 0), x->money);
  }
}

/* The rows below the total in the BBV's overzicht, in the saldo's
 * columns: the mutations of reserves, the SUM of the mutation lines of
 * every project sheet, and the result, the total's saldo after them. */
static void summary_mutation(X *x, lxw_worksheet *ws, lxw_row_t r, GridRole role,
                             lxw_row_t total, lxw_row_t added, lxw_row_t withdrawn) {
  const Plan *P = x->P;
  bool negative = printed_saldo(P, 1) < 0;
  for (int y = 0; y < P->nyears; y++) {
    YearSplit t;
    split_programme(P, x->R, NULL, true, y, &t);
    lxw_col_t c = (lxw_col_t)(3 + 3 * y);  /* the year's saldo column */
    lxw_format *f = x->money;
    if (role == GRID_RESULT)
      put_formula(x, ws, r, c,
                  arena_printf(x->a, negative ? "=%s-%s+%s" : "=%s+%s-%s", ref(x, total, c),
                               ref(x, withdrawn, c), ref(x, added, c)),
                  split_saldo_euros(P, &t, true), f);
    else {
      bool add = role == GRID_ADDED;
      lxw_col_t side = (lxw_col_t)(add ? 3 + 2 * y : 2 + 2 * y);  /* lasten : baten */
      put_sum(x, ws, r, c, lines_formula(x, is_mutation, NULL, NULL, side),
              euros(add ? t.added : t.withdrawn), f);
    }
  }
}

/* A summary sheet: grid_summary's rows. On the projects sheet a project's
 * row refers to its sheet, and each programme line's first and last row is
 * kept for the programmes sheet, whose row is the SUM of them. The total
 * is a SUM of the rows above it (headings are text, which SUM leaves out). */
static void summary_sheet(X *x, lxw_worksheet *ws, SummaryKind kind, const char *projects,
                          lxw_row_t *prog_first, lxw_row_t *prog_last) {
  const Plan *P = x->P;
  Grid *g = grid_summary(x->a, P, x->R, kind, false, x->o->lang);
  summary_head(x, ws, g);
  int n = sum_ncols(x);
  lxw_row_t total = 0, added = 0, withdrawn = 0;
  for (int k = 0; k < g->nrows; k++) {
    const GridRow *gr = &g->rows[k];
    lxw_row_t r = (lxw_row_t)(3 + k);
    if (gr->role == GRID_ADDED)
      added = r;
    if (gr->role == GRID_WITHDRAWN)
      withdrawn = r;
  }
  const Programme *current = NULL;
  for (int k = 0; k < g->nrows; k++) {
    const GridRow *gr = &g->rows[k];
    lxw_row_t r = (lxw_row_t)(3 + k);
    switch (gr->role) {
    case GRID_GROUP:
      put_text(x, ws, r, 0, gr->cells[0], x->group);
      current = gr->item;
      if (current)
        prog_first[current->index] = r + 1;
      break;
    case GRID_PROJECT:
      put_text(x, ws, r, 0, gr->cells[0], x->text);
      summary_project(x, ws, r, gr->item);
      if (current)
        prog_last[current->index] = r;
      break;
    case GRID_PROGRAMME: {
      const Programme *pr = gr->item;
      const char *s = sheet_ref(x, projects);
      put_text(x, ws, r, 0, gr->cells[0], x->text);
      for (lxw_col_t c = 1; c < (lxw_col_t)n; c++) {
        double v = summary_value(x, NULL, pr, false, c);
        if (prog_first[pr->index] > 0 && prog_last[pr->index] >= prog_first[pr->index])
          put_formula(x, ws, r, c,
                      arena_printf(x->a, "=SUM(%s%s:%s)", s, ref(x, prog_first[pr->index], c),
                                   ref(x, prog_last[pr->index], c)),
                      v, x->money);
        else
          put_num(x, ws, r, c, 0, x->money);
      }
      break;
    }
    case GRID_TOTAL:
      total = r;
      put_text(x, ws, r, 0, gr->cells[0], x->bold);
      for (lxw_col_t c = 1; c < (lxw_col_t)n; c++) {
        if (r > 3)
          put_formula(x, ws, r, c, arena_printf(x->a, "=SUM(%s:%s)", ref(x, 3, c), ref(x, r - 1, c)),
                      summary_value(x, NULL, NULL, true, c), x->money_total);
        else
          put_num(x, ws, r, c, 0, x->money_total);
      }
      break;
    case GRID_ADDED:
    case GRID_WITHDRAWN:
    case GRID_RESULT:
      put_text(x, ws, r, 0, gr->cells[0], x->bold);
      summary_mutation(x, ws, r, gr->role, total, added, withdrawn);
      break;
    default:
      break;
    }
  }
  page_setup(ws, 3, 1);
}

/* ------------------------------------------------------------ taakvelden */

static bool same_taakveld(const char *a, const char *b) {
  return a && b ? strcmp(a, b) == 0 : a == b;
}

static bool in_taakveld(const Line *l, const void *code) {
  return same_taakveld(line_taakveld(l), code);
}

/* The sum of the lines of one taakveld (code NULL: of those without one)
 * in column c of their project sheets. */
static const char *taakveld_formula(X *x, const char *code, lxw_col_t c) {
  return lines_formula(x, in_taakveld, code, NULL, c);
}

/* The stored result of a taakveld's cell (all: of the total): amrc's sum,
 * or where that overflowed (an error amrc reports) the sum a spreadsheet
 * computes in doubles. */
static double taakveld_value(const X *x, const TaakveldSum *t, bool all, int s, int y) {
  if (!t->overflow)
    return euros(s == SIDE_BATEN ? t->baten[y] : t->lasten[y]);
  double sum = 0;
  for (int i = 0; i < x->P->nlines; i++) {
    const Line *l = x->P->lines[i];
    if (l && (all || same_taakveld(line_taakveld(l), t->code)) && present_at(x->R, l, s, y) &&
        !pm_at(x->R, l, s, y))
      sum += euros(cents_at(x->R, l, s, y));
  }
  return sum;
}

/* The BBV's overview per taakveld (grid_taakvelden: its title, heads and
 * row labels): a row per taakveld, baten, lasten and saldo per year. A
 * taakveld's baten or lasten is the SUM of its lines' cells on the project
 * sheets, the saldo baten - lasten (lasten - baten after 'sign saldo
 * negative'), the Totaal row a SUM of the rows above it. */
static void taakvelden_sheet(X *x, lxw_worksheet *ws) {
  const Plan *P = x->P;
  int ny = P->nyears;
  Grid *g = grid_taakvelden(x->a, P, x->R, x->o->lang);
  TaakveldSum *v;
  int n = taakveld_sums(x->a, P, x->R, &v);
  bool negative = printed_saldo(P, 1) < 0;
  put_text(x, ws, 0, 0, g->title, x->title);
  put_text(x, ws, 2, 0, g->head[0], x->head);
  for (int y = 0; y < ny; y++) {
    lxw_col_t c = (lxw_col_t)(1 + 3 * y);
    note_err(x, lxw.worksheet_merge_range(ws, 1, c, 1, c + 2, g->band_label[y], x->band));
    for (int k = 0; k < 3; k++)
      put_text(x, ws, 2, c + (lxw_col_t)k, g->head[c + (lxw_col_t)k], x->head_num);
  }
  lxw.worksheet_set_column(ws, 0, 0, 50, x->text);
  lxw.worksheet_set_column(ws, 1, (lxw_col_t)(3 * ny), 14, NULL);
  lxw_row_t first = 3, r = first;
  TaakveldSum total = {0};
  for (int k = 0; k <= n; k++, r++) {
    bool is_total = k == n;
    const TaakveldSum *t = is_total ? &total : &v[k];
    lxw_format *f = is_total ? x->money_total : x->money;
    put_text(x, ws, r, 0, g->rows[k].cells[0], is_total ? x->bold : x->text);
    for (int y = 0; y < ny; y++) {
      lxw_col_t c = (lxw_col_t)(1 + 3 * y);
      double side[2];
      for (int s = 0; s < 2; s++) {
        lxw_col_t cs = c + (lxw_col_t)s;
        side[s] = taakveld_value(x, t, is_total, s, y);
        const char *formula =
            is_total ? (n > 0 ? arena_printf(x->a, "=SUM(%s:%s)", ref(x, first, cs),
                                             ref(x, r - 1, cs))
                              : NULL)
                     : taakveld_formula(x, t->code, (lxw_col_t)(2 + 2 * y + s));
        if (formula)
          put_formula(x, ws, r, cs, formula, side[s], f);
        else
          note_err(x, lxw.worksheet_write_number(ws, r, cs, side[s], f));
      }
      int64_t d;
      double saldo = !t->overflow && money_sub(t->baten[y], t->lasten[y], &d)
                         ? euros(printed_saldo(P, d))
                     : negative ? side[1] - side[0]
                                : side[0] - side[1];
      const char *b = ref(x, r, c), *l = ref(x, r, c + 1);
      put_formula(x, ws, r, c + 2, arena_printf(x->a, "=%s-%s", negative ? l : b, negative ? b : l),
                  saldo, f);
      if (!is_total)
        total.overflow |= t->overflow || !money_add(total.baten[y], t->baten[y], &total.baten[y]) ||
                          !money_add(total.lasten[y], t->lasten[y], &total.lasten[y]);
    }
  }
  page_setup(ws, 3, 1);
}

/* ------------------------------------------------------------ findings */

static const char *severity(const X *x, Severity s) {
  switch (s) {
  case SEV_ERROR: return tr(x, "error", "fout");
  case SEV_WARNING: return tr(x, "warning", "waarschuwing");
  default: return tr(x, "note", "opmerking");
  }
}

/* Every finding, or (realisatie) only the realisatie's. */
static void findings_sheet(X *x, const char *name, bool realisatie) {
  lxw_worksheet *ws = lxw.workbook_add_worksheet(x->wb, name);
  if (!ws) {
    note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  static const char *const en[] = {"Severity", "Name", "File", "Line", "Column", "Message",
                                   "Accepted because"};
  static const char *const du[] = {"Ernst", "Naam", "Bestand", "Regel", "Kolom", "Melding",
                                   "Aanvaard omdat"};
  put_text(x, ws, 0, 0,
           realisatie ? tr(x, "Findings of the actuals", "Bevindingen van de realisatie")
                      : tr(x, "Findings of the check", "Bevindingen van de controle"),
           x->title);
  for (lxw_col_t c = 0; c < 7; c++)
    put_text(x, ws, 1, c, nl(x) ? du[c] : en[c], x->head);
  lxw_row_t r = 2;
  for (const Diag *g = x->o->diags ? x->o->diags->head : NULL; g; g = g->next) {
    if (realisatie && !realisatie_finding(g->name))
      continue;
    put_text(x, ws, r, 0, severity(x, g->sev), NULL);
    put_text(x, ws, r, 1, g->name, NULL);
    if (g->loc.file) {
      Pos pos = loc_pos(g->loc);
      put_text(x, ws, r, 2, g->loc.file->display ? g->loc.file->display : g->loc.file->path, NULL);
      note_err(x, lxw.worksheet_write_number(ws, r, 3, pos.line, NULL));
      note_err(x, lxw.worksheet_write_number(ws, r, 4, pos.col, NULL));
    }
    put_text(x, ws, r, 5, diag_text(g, nl(x)), x->text);
    if (g->accepted)
      put_text(x, ws, r, 6, g->accepted, x->text);
    r++;
  }
  lxw.worksheet_set_column(ws, 0, 1, 14, NULL);
  lxw.worksheet_set_column(ws, 2, 2, 30, NULL);
  lxw.worksheet_set_column(ws, 3, 4, 7, NULL);
  lxw.worksheet_set_column(ws, 5, 5, 90, x->text);
  lxw.worksheet_set_column(ws, 6, 6, 30, x->text);
  lxw.worksheet_autofilter(ws, 1, 0, r > 2 ? r - 1 : 2, 6);
  page_setup(ws, 2, 0);
}

/* ------------------------------------------------------------ realisatie */

/* The comparison with the actuals (--actuals), as actuals.c computed it:
 * a sheet of every line, side and year compared, with per project a total
 * row per side and year; a summary per project; the closing balances
 * planned and forecast; the realisatie's findings. Budget, budget to date,
 * realised, forecast and the number of bookings of a line are numbers;
 * remaining, the share used and forecast - budget are formulas on the row,
 * and every total a formula over the rows it adds up. */

/* The amount columns, from the first (budget) on. */
enum {
  A_BUDGET, A_TO_DATE, A_REALISED, A_REMAINING, A_USED, A_FORECAST, A_DIFFERENCE, A_BOOKINGS,
  A_COUNT
};
static const RealLabel amount_label[A_BOOKINGS] = {RL_BUDGET,   RL_TO_DATE, RL_REALISED,
                                                   RL_REMAINING, RL_USED,   RL_FORECAST,
                                                   RL_DIFFERENCE};

/* The columns that add up (the rest are formulas on the row). */
static const int summed[5] = {A_BUDGET, A_TO_DATE, A_REALISED, A_FORECAST, A_BOOKINGS};

/* One row's amounts at c0. f: per summed column (budget, to date, realised,
 * forecast, bookings) its formula, or NULL for a number. */
static void real_amounts(X *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0, RealSum v,
                         const char *const f[5], bool total) {
  const int64_t cents[4] = {v.budget, v.to_date, v.realised, v.forecast};
  lxw_format *mf = total ? x->money_total : x->money;
  for (int k = 0; k < 5; k++) {
    lxw_col_t c = c0 + (lxw_col_t)summed[k];
    double value = k < 4 ? euros(cents[k]) : (double)v.nbookings;
    lxw_format *fmt = k < 4 ? mf : total ? x->count_total : NULL;
    if (f && f[k])
      put_formula(x, ws, r, c, f[k], value, fmt);
    else
      note_err(x, lxw.worksheet_write_number(ws, r, c, value, fmt));
  }
  const char *budget = ref(x, r, c0 + A_BUDGET), *realised = ref(x, r, c0 + A_REALISED);
  put_formula(x, ws, r, c0 + A_REMAINING, arena_printf(x->a, "=%s-%s", budget, realised),
              euros_sub(v.budget, v.realised), mf);
  int64_t pm;
  if (realisatie_permille(v.realised, v.budget, &pm))
    put_formula(x, ws, r, c0 + A_USED, arena_printf(x->a, "=%s/%s", realised, budget),
                (double)pm / 1000.0, total ? x->pct_total : x->pct);
  else
    put_text(x, ws, r, c0 + A_USED, "-", x->pm);  /* no budget: no share of it */
  put_formula(x, ws, r, c0 + A_DIFFERENCE,
              arena_printf(x->a, "=%s-%s", ref(x, r, c0 + A_FORECAST), budget),
              euros_sub(v.forecast, v.budget), mf);
}

static void amount_heads(X *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c0) {
  for (int k = 0; k < A_BOOKINGS; k++)
    put_text(x, ws, r, c0 + (lxw_col_t)k, realisatie_label(x->o, x->a, amount_label[k]),
             x->head_num);
  put_text(x, ws, r, c0 + A_BOOKINGS, tr(x, "Bookings", "Boekingen"), x->head_num);
  lxw.worksheet_set_column(ws, c0, c0 + A_COUNT - 1, 15, NULL);
  lxw.worksheet_set_column(ws, c0 + A_USED, c0 + A_USED, 10, NULL);
  lxw.worksheet_set_column(ws, c0 + A_BOOKINGS, c0 + A_BOOKINGS, 10, NULL);
}

static const char *as_of(X *x) {
  char d[16];
  fmt_date(d, sizeof d, x->o->realisatie->opt.as_of);
  return arena_printf(x->a, "%s %s", tr(x, "to", "t/m"), d);
}

/* Row 0 the title (label, the date, the bookings), row hr the heads of
 * the label columns and of the amounts after them. */
static void real_heads(X *x, lxw_worksheet *ws, RealLabel title, lxw_row_t hr,
                       const RealLabel *head, lxw_col_t c0) {
  const Realisatie *R = x->o->realisatie;
  put_text(x, ws, 0, 0,
           arena_printf(x->a, "%s (%s; %d %s)", realisatie_label(x->o, x->a, title), as_of(x),
                        R->nbooked, realisatie_label(x->o, x->a, RL_BOOKINGS)),
           x->title);
  for (lxw_col_t c = 0; c < c0; c++)
    put_text(x, ws, hr, c, realisatie_label(x->o, x->a, head[c]),
             head[c] == RL_LINE || head[c] == RL_YEAR ? x->head_num : x->head);
  amount_heads(x, ws, hr, c0);
}

/* A total of column c over rows first..last whose side and year (in
 * columns cs and cs + 1) are those of row r. */
static const char *sumifs(X *x, lxw_row_t first, lxw_row_t last, lxw_col_t c, lxw_col_t cs,
                          lxw_row_t r) {
  return arena_printf(x->a, "=SUMIFS(%s:%s,%s:%s,%s,%s:%s,%s)", ref(x, first, c),
                      ref(x, last, c), ref(x, first, cs), ref(x, last, cs), ref(x, r, cs),
                      ref(x, first, cs + 1), ref(x, last, cs + 1), ref(x, r, cs + 1));
}

/* Which row of the lines sheet totals a project's side in a year (0: none). */
static lxw_row_t *sub_row(X *x, lxw_row_t *sub, int pi, int year, Side s) {
  const Realisatie *R = x->o->realisatie;
  return &sub[(pi * (R->last_year - R->first_year + 1) + (year - R->first_year)) * 2 + (int)s];
}

/* Columns: project, line, category, side, year, then the amounts. Per
 * project a heading, its rows, and a total per side and year (SUMIFS over
 * the project's rows by side and year). */
enum { LINES_C0 = 5 };
static void realisatie_lines_sheet(X *x, lxw_worksheet *ws, lxw_row_t *sub) {
  const Realisatie *R = x->o->realisatie;
  static const RealLabel head[] = {RL_PROJECT, RL_LINE, RL_CATEGORY, RL_SIDE, RL_YEAR};
  real_heads(x, ws, RL_TITLE, 1, head, LINES_C0);
  lxw.worksheet_set_column(ws, 0, 0, 14, NULL);
  lxw.worksheet_set_column(ws, 1, 1, 6, NULL);
  lxw.worksheet_set_column(ws, 2, 2, 40, x->text);
  lxw.worksheet_set_column(ws, 3, 4, 8, NULL);
  lxw_row_t r = 2;
  for (int pi = 0; pi < R->nprojects; pi++) {
    const RealProject *rp = &R->projects[pi];
    if (!rp->nrows)
      continue;
    const Project *p = rp->project;
    if (r > 2)
      r++;  /* a blank row between projects */
    put_text(x, ws, r++, 0, p->title ? arena_printf(x->a, "%s: %s", p->id, p->title) : p->id,
             x->group);
    lxw_row_t first = r;
    for (int i = 0; i < rp->nrows; i++, r++) {
      const RealRow *row = &R->rows[rp->first_row + i];
      put_text(x, ws, r, 0, p->id, NULL);
      note_err(x, lxw.worksheet_write_number(ws, r, 1, row->line->nr, NULL));
      put_text(x, ws, r, 2, row->line->category, x->text);
      put_text(x, ws, r, 3, realisatie_side(x->o, x->a, row->side), NULL);
      note_err(x, lxw.worksheet_write_number(ws, r, 4, row->year, NULL));
      RealSum v = {.budget = row->budget, .to_date = row->to_date, .realised = row->realised,
                   .forecast = row->forecast, .nbookings = row->nbookings, .nrows = 1};
      real_amounts(x, ws, r, LINES_C0, v, NULL, false);
    }
    lxw_row_t last = r - 1;
    for (int year = R->first_year; year <= R->last_year; year++)
      for (int s = 0; s < 2; s++) {
        RealSum v = realisatie_sum(R, rp, (Side)s, year);
        if (!v.nrows)
          continue;
        put_text(x, ws, r, 0, p->id, x->bold);
        put_text(x, ws, r, 2, realisatie_label(x->o, x->a, RL_TOTAL), x->bold);
        put_text(x, ws, r, 3, realisatie_side(x->o, x->a, (Side)s), x->bold);
        note_err(x, lxw.worksheet_write_number(ws, r, 4, year, x->bold));
        const char *f[5];
        for (int k = 0; k < 5; k++)
          f[k] = sumifs(x, first, last, LINES_C0 + (lxw_col_t)summed[k], 3, r);
        real_amounts(x, ws, r, LINES_C0, v, f, true);
        *sub_row(x, sub, pi, year, (Side)s) = r++;
      }
  }
  lxw.worksheet_autofilter(ws, 1, 0, r > 2 ? r - 1 : 2, LINES_C0 + A_COUNT - 1);
  page_setup(ws, 2, 3);
}

/* Columns: project, side, year, then the amounts: a row per project, side
 * and year, each amount a reference to the project's total on the lines
 * sheet; then the total of every project per side and year. */
enum { SUMMARY_C0 = 3 };
static void realisatie_summary_sheet(X *x, lxw_worksheet *ws, const char *lines,
                                     lxw_row_t *sub) {
  const Realisatie *R = x->o->realisatie;
  static const RealLabel head[] = {RL_PROJECT, RL_SIDE, RL_YEAR};
  real_heads(x, ws, RL_SUMMARY, 2, head, SUMMARY_C0);
  if (R->nunmapped)
    put_text(x, ws, 1, 0, realisatie_unmapped(x->a, x->o, R), NULL);
  lxw.worksheet_set_column(ws, 0, 0, 20, NULL);
  lxw.worksheet_set_column(ws, 1, 2, 8, NULL);
  const char *sheet = sheet_ref(x, lines);
  lxw_row_t r = 3;
  for (int pi = 0; pi < R->nprojects; pi++)
    for (int year = R->first_year; year <= R->last_year; year++)
      for (int s = 0; s < 2; s++) {
        lxw_row_t at_row = *sub_row(x, sub, pi, year, (Side)s);
        if (!at_row)
          continue;
        put_text(x, ws, r, 0, R->projects[pi].project->id, NULL);
        put_text(x, ws, r, 1, realisatie_side(x->o, x->a, (Side)s), NULL);
        note_err(x, lxw.worksheet_write_number(ws, r, 2, year, NULL));
        const char *f[5];
        for (int k = 0; k < 5; k++)
          f[k] = arena_printf(x->a, "=%s%s", sheet,
                              ref(x, at_row, LINES_C0 + (lxw_col_t)summed[k]));
        real_amounts(x, ws, r, SUMMARY_C0, realisatie_sum(R, &R->projects[pi], (Side)s, year), f,
                     false);
        r++;
      }
  lxw_row_t first = 3, last = r - 1;
  for (int year = R->first_year; year <= R->last_year; year++)
    for (int s = 0; s < 2; s++, r++) {
      put_text(x, ws, r, 0, realisatie_label(x->o, x->a, RL_TOTAL), x->bold);
      put_text(x, ws, r, 1, realisatie_side(x->o, x->a, (Side)s), x->bold);
      note_err(x, lxw.worksheet_write_number(ws, r, 2, year, x->bold));
      const char *f[5] = {NULL};
      for (int k = 0; k < 5 && last >= first; k++)
        f[k] = sumifs(x, first, last, SUMMARY_C0 + (lxw_col_t)summed[k], 1, r);
      real_amounts(x, ws, r, SUMMARY_C0, realisatie_sum(R, NULL, (Side)s, year), f, true);
    }
  page_setup(ws, 3, 3);
}

/* Columns: project, what, then a closing balance per year of the plan.
 * Per project shown: the balance planned (a reference to the project's
 * sheet), forecast, the difference; what the coverage allocation pays back
 * unspent and leaves unpaid, planned and forecast, where it was run. */
static void realisatie_balances_sheet(X *x, lxw_worksheet *ws) {
  const Realisatie *R = x->o->realisatie;
  const Plan *P = x->P;
  int ny = P->nyears;
  put_text(x, ws, 0, 0, arena_printf(x->a, "%s (%s)", tr(x, "Balances", "Saldi"), as_of(x)),
           x->title);
  put_text(x, ws, 1, 0, realisatie_label(x->o, x->a, RL_PROJECT), x->head);
  put_text(x, ws, 1, 1, "", x->head);
  for (int y = 0; y < ny; y++)
    put_text(x, ws, 1, (lxw_col_t)(2 + y), arena_printf(x->a, "%d", P->first_year + y),
             x->head_num);
  lxw.worksheet_set_column(ws, 0, 0, 14, NULL);
  lxw.worksheet_set_column(ws, 1, 1, 40, x->text);
  lxw.worksheet_set_column(ws, 2, (lxw_col_t)(1 + ny), 15, NULL);
  lxw_row_t r = 2;
  for (int pi = 0; pi < R->nprojects; pi++) {
    const RealProject *rp = &R->projects[pi];
    if (!realisatie_shown(rp))
      continue;
    const char *id = rp->project->id;
    lxw_row_t rplan = r, rfore = r + 1, rdiff = r + 2;
    put_text(x, ws, rplan, 1, realisatie_label(x->o, x->a, RL_BALANCE_PLAN), x->text);
    put_text(x, ws, rfore, 1, realisatie_label(x->o, x->a, RL_BALANCE_FORECAST), x->text);
    put_text(x, ws, rdiff, 1, tr(x, "Forecast - planned", "Prognose - begroot"), x->bold);
    for (int y = 0; y < ny; y++) {
      lxw_col_t c = (lxw_col_t)(2 + y);
      put_formula(x, ws, rplan, c,
                  closing_formula(x, pi, y),
                  euros(rp->planned[y]), x->money);
      put_num(x, ws, rfore, c, rp->projected[y], x->money);
      put_formula(x, ws, rdiff, c,
                  arena_printf(x->a, "=%s-%s", ref(x, rfore, c), ref(x, rplan, c)),
                  euros_sub(rp->projected[y], rp->planned[y]), x->money_total);
    }
    r = rdiff + 1;
    if (rp->paid_back_planned) {
      static const RealLabel alloc_label[4] = {RL_PAID_BACK_PLAN, RL_PAID_BACK_FORECAST,
                                               RL_UNPAID_PLAN, RL_UNPAID_FORECAST};
      const int64_t *alloc[4] = {rp->paid_back_planned, rp->paid_back_forecast,
                                 rp->unpaid_planned, rp->unpaid_forecast};
      for (int k = 0; k < 4; k++, r++) {
        put_text(x, ws, r, 1, realisatie_label(x->o, x->a, alloc_label[k]), x->text);
        for (int y = 0; y < ny; y++)
          put_num(x, ws, r, (lxw_col_t)(2 + y), alloc[k][y], x->money);
      }
    }
    for (lxw_row_t row = rplan; row < r; row++)
      put_text(x, ws, row, 0, id, row == rdiff ? x->bold : NULL);
    r++;  /* a blank row between projects */
  }
  page_setup(ws, 2, 2);
}

/* ------------------------------------------------------------ workbook */

static void build(X *x) {
  const Plan *P = x->P;
  int n = P->nprojects;
  x->sheet = arena_alloc(x->a, sizeof *x->sheet * (size_t)(n + 8));
  x->row_total = arena_alloc(x->a, sizeof *x->row_total * (size_t)(n + 1));
  x->row_saldo = arena_alloc(x->a, sizeof *x->row_saldo * (size_t)(n + 1));
  x->row_added = arena_alloc(x->a, sizeof *x->row_added * (size_t)(n + 1));
  x->row_withdrawn = arena_alloc(x->a, sizeof *x->row_withdrawn * (size_t)(n + 1));
  x->row_open = arena_alloc(x->a, sizeof *x->row_open * (size_t)(n + 1));
  x->row_close = arena_alloc(x->a, sizeof *x->row_close * (size_t)(n + 1));
  x->line_row = arena_alloc(x->a, sizeof *x->line_row * (size_t)(P->nlines + 1));
  const char **taken = arena_alloc(x->a, sizeof *taken * (size_t)(n + 8));
  int ntaken = 0;
  const char *prog_name = grid_summary_name(P, SUMMARY_PROGRAMMES, x->o->lang);
  const char *proj_name = grid_summary_name(P, SUMMARY_PROJECTS, x->o->lang);
  const char *find_name = tr(x, "Findings", "Bevindingen");
  taken[ntaken++] = prog_name;
  taken[ntaken++] = proj_name;
  taken[ntaken++] = find_name;
  /* the same word in both languages, as the overview's head "Taakveld" */
  const char *tv_name = plan_has_taakvelden(P) ? "Taakvelden" : NULL;
  if (tv_name)
    taken[ntaken++] = tv_name;
  const Realisatie *R = x->o->realisatie;
  const char *real_name[4] = {
      tr(x, "Actuals", "Realisatie"), tr(x, "Actuals per line", "Realisatie per regel"),
      tr(x, "Actuals balances", "Realisatie saldi"),
      tr(x, "Actuals findings", "Realisatie bevindingen")};
  for (int k = 0; R && k < 4; k++)
    taken[ntaken++] = real_name[k];
  for (int i = 0; i < n; i++) {
    x->sheet[i] = sheet_name(x, P->projects[i]->id, taken, ntaken);
    taken[ntaken++] = x->sheet[i];
  }

  lxw_row_t *first = arena_alloc(x->a, sizeof *first * (size_t)(P->nprogrammes + 1));
  lxw_row_t *last = arena_alloc(x->a, sizeof *last * (size_t)(P->nprogrammes + 1));
  lxw_worksheet *progs = lxw.workbook_add_worksheet(x->wb, prog_name);
  lxw_worksheet *projs = lxw.workbook_add_worksheet(x->wb, proj_name);
  lxw_worksheet *tv = tv_name ? lxw.workbook_add_worksheet(x->wb, tv_name) : NULL;
  if (!progs || !projs || (tv_name && !tv)) {
    note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  /* The project sheets first, in the workbook after the summaries: the
   * summaries need the rows their formulas point at. */
  for (int i = 0; i < n; i++)
    project_sheet(x, P->projects[i], i);
  summary_sheet(x, projs, SUMMARY_PROJECTS, proj_name, first, last);
  summary_sheet(x, progs, SUMMARY_PROGRAMMES, proj_name, first, last);
  if (tv)
    taakvelden_sheet(x, tv);
  findings_sheet(x, find_name, false);
  if (!R)
    return;
  /* The summary before the lines it refers to, as the plan's summaries. */
  lxw_worksheet *rsum = lxw.workbook_add_worksheet(x->wb, real_name[0]);
  lxw_worksheet *rlines = lxw.workbook_add_worksheet(x->wb, real_name[1]);
  lxw_worksheet *rbal = lxw.workbook_add_worksheet(x->wb, real_name[2]);
  if (!rsum || !rlines || !rbal) {
    note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  int nyears = R->last_year - R->first_year + 1;
  lxw_row_t *sub = arena_alloc(x->a, sizeof *sub * (size_t)(R->nprojects * (nyears > 0 ? nyears : 1) * 2 + 1));
  realisatie_lines_sheet(x, rlines, sub);
  realisatie_summary_sheet(x, rsum, real_name[1], sub);
  realisatie_balances_sheet(x, rbal);
  findings_sheet(x, real_name[3], true);
}

bool emit_xlsx(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out,
               const char **why) {
  *why = lxw_open(r->arena);
  if (*why)
    return false;
  const char *dir = getenv("TMPDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/amrc-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) {
    *why = arena_printf(r->arena, "cannot make a temporary file in %s: %s",
                        dir && *dir ? dir : "/tmp", strerror(errno));
    return false;
  }
  close(fd);
  lxw_workbook_options wo = {.constant_memory = LXW_FALSE,
                             .tmpdir = (char *)(dir && *dir ? dir : NULL)};
  lxw_workbook *wb = lxw.workbook_new_opt(path, &wo);
  if (!wb) {
    unlink(path);
    *why = "libxlsxwriter could not start a workbook";
    return false;
  }
  Arena a = {0};
  X x = {.P = plan, .R = r, .o = o, .a = &a, .wb = wb};
  formats(&x);
  const char *title = grid_plan_title(plan);
  /* A fixed creation time (1 January of the plan's first year, UTC) keeps
   * the bytes the same from run to run. */
  struct tm tm = {.tm_year = (plan->first_year > 1970 ? plan->first_year : 1970) - 1900,
                  .tm_mday = 1};
  lxw_doc_properties props = {.title = (char *)(title ? cell_text(&x, title) : ""),
                              .comments = "amrc", .created = timegm(&tm)};
  lxw.workbook_set_properties(wb, &props);
  build(&x);
  lxw_error closed = lxw.workbook_close(wb);
  arena_free(&a); /* libxlsxwriter has used every string by now */
  if (x.err != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
    unlink(path);
    *why = lxw.lxw_strerror(x.err != LXW_NO_ERROR ? x.err : closed);
    return false;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    *why = arena_printf(r->arena, "cannot read back %s: %s", path, strerror(errno));
    unlink(path);
    return false;
  }
  char tmp[65536];
  size_t got;
  while ((got = fread(tmp, 1, sizeof tmp, f)) > 0)
    buf_put(out, tmp, got);
  bool bad = ferror(f);
  fclose(f);
  unlink(path);
  if (bad) {
    *why = "cannot read back the workbook";
    return false;
  }
  return true;
}

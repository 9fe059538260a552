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
  lxw_row_t *row_total, *row_open, *row_close; /* per project, on its sheet */
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

/* ------------------------------------------------------------ a project */

/* Columns: Nr, category, then baten and lasten per year. Rows: title, the
 * years, the heads, the lines, Totaal, Saldo, opening, closing, and when
 * there are reservations the free part and each reservation. A balance
 * row's value for a year spans the year's two columns. */
static void project_sheet(X *x, const Project *p, int pi) {
  const Plan *P = x->P;
  lxw_worksheet *ws = lxw.workbook_add_worksheet(x->wb, x->sheet[pi]);
  if (!ws) {
    note_err(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  int ny = P->nyears;
  const ProjectResult *pv = project_result(x->R, p);
  Grid *g = grid_project(x->a, P, x->R, p, x->o->lang);
  put_text(x, ws, 0, 0, g->title, x->title);
  if (p->note)
    note_err(x, lxw.worksheet_write_comment(ws, 0, 0, cell_text(x, p->note)));
  put_text(x, ws, 2, 0, tr(x, "No.", "Nr"), x->head);
  put_text(x, ws, 2, 1, tr(x, "Cost category", "Categorie kosten"), x->head);
  for (int y = 0; y < ny; y++) {
    lxw_col_t c = (lxw_col_t)(2 + 2 * y);
    note_err(x, lxw.worksheet_merge_range(ws, 1, c, 1, c + 1,
                                      arena_printf(x->a, "%d", P->first_year + y), x->band));
    put_text(x, ws, 2, c, tr(x, "Income", "Baten"), x->head_num);
    put_text(x, ws, 2, c + 1, tr(x, "Expenses", "Lasten"), x->head_num);
  }
  lxw.worksheet_set_column(ws, 0, 0, 5, NULL);
  lxw.worksheet_set_column(ws, 1, 1, 60, x->text);
  lxw.worksheet_set_column(ws, 2, (lxw_col_t)(1 + 2 * ny), 14, NULL);

  lxw_row_t r = 3;
  const char *group = NULL;
  for (const Line *l = p->lines; l; l = l->next) {
    if (l->group && (!group || strcmp(group, l->group) != 0))
      put_text(x, ws, r++, 1, l->group, x->group);
    group = l->group;
    x->line_row[l->index] = r;
    note_err(x, lxw.worksheet_write_number(ws, r, 0, l->nr, NULL));
    put_text(x, ws, r, 1, l->category, x->text);
    if (l->note)
      note_err(x, lxw.worksheet_write_comment(ws, r, 1, cell_text(x, l->note)));
    for (int y = 0; y < ny; y++)
      for (int s = 0; s < 2; s++) {
        lxw_col_t c = (lxw_col_t)(2 + 2 * y + s);
        if (!present_at(x->R, l, s, y))
          continue;
        if (pm_at(x->R, l, s, y))
          put_text(x, ws, r, c, "PM", x->pm);
        else
          put_num(x, ws, r, c, cents_at(x->R, l, s, y), x->money);
      }
    r++;
  }
  lxw_row_t first = 3, last = r - 1;   /* the lines, with group rows (text) */
  lxw_row_t rt = r, rs = r + 1, ro = r + 2, rc = r + 3;
  x->row_total[pi] = rt;
  x->row_open[pi] = ro;
  x->row_close[pi] = rc;
  put_text(x, ws, rt, 1, tr(x, "Total", "Totaal"), x->bold);
  put_text(x, ws, rs, 1, tr(x, "Budgeted income less expenses", "Saldo begrote baten en lasten"),
           x->bold);
  put_text(x, ws, ro, 1, tr(x, "Balance at 1 January", "Budget per 1 januari"), x->bold);
  put_text(x, ws, rc, 1, tr(x, "Balance at 31 December", "Budget per 31 december"), x->bold);
  for (int y = 0; y < ny; y++) {
    lxw_col_t cb = (lxw_col_t)(2 + 2 * y), cl = cb + 1;
    for (int s = 0; s < 2; s++) {
      lxw_col_t c = s ? cl : cb;
      int64_t v = at(s ? pv->lasten : pv->baten, y);
      if (last >= first)
        put_formula(x, ws, rt, c,
                    arena_printf(x->a, "=SUM(%s:%s)", ref(x, first, c), ref(x, last, c)),
                    euros(v), x->money_total);
      else
        put_num(x, ws, rt, c, v, x->money_total);
    }
    /* The saldo as the plan prints it: lasten - baten after 'sign saldo
     * negative', as in the text tables; the closing then subtracts it. */
    bool negative = printed_saldo(P, 1) < 0;
    double saldo = negative ? euros_sub(at(pv->lasten, y), at(pv->baten, y))
                            : euros_sub(at(pv->baten, y), at(pv->lasten, y));
    /* merged first: libxlsxwriter merges with a string, then the formula
     * goes into the first cell */
    for (lxw_row_t row = rs; row <= rc; row++)
      note_err(x, lxw.worksheet_merge_range(ws, row, cb, row, cl, "", x->money_bold));
    put_formula(x, ws, rs, cb,
                arena_printf(x->a, "=%s-%s", ref(x, rt, negative ? cl : cb),
                             ref(x, rt, negative ? cb : cl)),
                saldo, x->money_bold);
    /* an annual programme carries nothing: each year opens at zero */
    if (y == 0 || project_annual(P, p))
      put_num(x, ws, ro, cb, at(pv->opening, y), x->money_bold);
    else
      put_formula(x, ws, ro, cb, arena_printf(x->a, "=%s", ref(x, rc, cb - 2)),
                  euros(at(pv->opening, y)), x->money_bold);
    put_formula(x, ws, rc, cb,
                arena_printf(x->a, negative ? "=%s-%s" : "=%s+%s", ref(x, ro, cb), ref(x, rs, cb)),
                euros(at(pv->closing, y)), x->money_bold);
  }

  /* The free part, then each reservation, as the document does. */
  if (p->reserves) {
    lxw_row_t rf = rc + 1, r1 = rf + 1, rn = rf;
    put_text(x, ws, rf, 1, tr(x, "Not reserved", "Niet-gereserveerd"), x->bold);
    for (const Reserve *res = p->reserves; res; res = res->next) {
      rn++;
      put_text(x, ws, rn, 1, res->title ? res->title : res->name, x->text);
      for (int y = 0; y < ny; y++) {
        lxw_col_t cb = (lxw_col_t)(2 + 2 * y);
        note_err(x, lxw.worksheet_merge_range(ws, rn, cb, rn, cb + 1, "", x->money_bold));
        put_num(x, ws, rn, cb, reserve_present(x->R, res, y) ? reserve_cents(x->R, res, y) : 0,
                x->money_bold);
      }
    }
    for (int y = 0; y < ny; y++) {
      lxw_col_t cb = (lxw_col_t)(2 + 2 * y);
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
      note_err(x, lxw.worksheet_merge_range(ws, rf, cb, rf, cb + 1, "", x->money_bold));
      put_formula(x, ws, rf, cb,
                  arena_printf(x->a, "=%s-SUM(%s:%s)", ref(x, rc, cb), ref(x, r1, cb),
                               ref(x, rn, cb)),
                  rest, x->money_bold);
    }
  }
  page_setup(ws, 3, 2);
}

/* ------------------------------------------------------------ summaries */

/* Columns: label, the closing balance of the year before the plan, then
 * baten, lasten and closing per year (both summaries). */
static void summary_head(X *x, lxw_worksheet *ws, const char *title, const char *label) {
  const Plan *P = x->P;
  put_text(x, ws, 0, 0, title, x->title);
  put_text(x, ws, 1, 1, arena_printf(x->a, "%d", P->first_year - 1), x->band);
  put_text(x, ws, 2, 0, label, x->head);
  put_text(x, ws, 2, 1, tr(x, "Closing", "Eindsaldo"), x->head_num);
  for (int y = 0; y < P->nyears; y++) {
    lxw_col_t c = (lxw_col_t)(2 + 3 * y);
    note_err(x, lxw.worksheet_merge_range(ws, 1, c, 1, c + 2,
                                      arena_printf(x->a, "%d", P->first_year + y), x->band));
    put_text(x, ws, 2, c, tr(x, "Income", "Baten"), x->head_num);
    put_text(x, ws, 2, c + 1, tr(x, "Expenses", "Lasten"), x->head_num);
    put_text(x, ws, 2, c + 2, tr(x, "Closing", "Eindsaldo"), x->head_num);
  }
  lxw.worksheet_set_column(ws, 0, 0, 60, x->text);
  lxw.worksheet_set_column(ws, 1, (lxw_col_t)(1 + 3 * P->nyears), 14, NULL);
}

/* A summary column's value: column 1 the opening balance, then baten,
 * lasten, closing per year (of a project or a set of them). */
static int64_t column_of(const int64_t *opening, const int64_t *baten, const int64_t *lasten,
                         const int64_t *closing, lxw_col_t c) {
  int y = ((int)c - 2) / 3, k = ((int)c - 2) % 3;
  return c == 1    ? at(opening, 0)
         : k == 0 ? at(baten, y)
         : k == 1 ? at(lasten, y)
                  : at(closing, y);
}

/* The stored result of a summary cell: amrc's total, or where that
 * overflowed (an error amrc reports) the sum a spreadsheet computes in
 * doubles. pr NULL: every project. */
static double summary_value(const X *x, const Totals *t, const Programme *pr, bool all,
                            lxw_col_t c) {
  if (!t->overflow)
    return euros(column_of(t->opening, t->baten, t->lasten, t->closing, c));
  double sum = 0;
  for (int j = 0; j < x->P->nprojects; j++)
    if (all || x->P->projects[j]->programme == pr) {
      const ProjectResult *v = project_result(x->R, x->P->projects[j]);
      sum += euros(column_of(v->opening, v->baten, v->lasten, v->closing, c));
    }
  return sum;
}

/* The total row: a SUM of each column over the rows above it (group rows
 * are text, which SUM leaves out). */
static void summary_total(X *x, lxw_worksheet *ws, lxw_row_t first, lxw_row_t r) {
  const Plan *P = x->P;
  Totals t;
  memset(&t, 0, sizeof t);
  totals_of_plan(P, x->R, false, &t);
  put_text(x, ws, r, 0, tr(x, "Total", "Totaal"), x->bold);
  for (lxw_col_t c = 1; c < (lxw_col_t)(2 + 3 * P->nyears); c++) {
    if (r > first)
      put_formula(x, ws, r, c, arena_printf(x->a, "=SUM(%s:%s)", ref(x, first, c), ref(x, r - 1, c)),
                  summary_value(x, &t, NULL, true, c), x->money_total);
    else
      put_num(x, ws, r, c, 0, x->money_total);
  }
}

/* The summary per project: a row per project, every cell a reference to its
 * sheet. Fills first/last (rows on this sheet) per programme line for the
 * summary per programme line. */
static void projects_sheet(X *x, lxw_worksheet *ws, lxw_row_t *prog_first,
                           lxw_row_t *prog_last) {
  const Plan *P = x->P;
  summary_head(x, ws, grid_summary_title(x->a, P, SUMMARY_PROJECTS, false, x->o->lang),
               tr(x, "Programme lines", "Programmalijnen"));
  lxw_row_t r = 3;
  for (int k = 0; k <= P->nprogrammes; k++) {
    const Programme *pr = k < P->nprogrammes ? P->programmes[k] : NULL;
    bool heading = false;
    for (int j = 0; j < P->nprojects; j++) {
      const Project *p = P->projects[j];
      if (p->programme != pr)
        continue;
      const ProjectResult *pv = project_result(x->R, p);
      if (!heading) {
        put_text(x, ws, r++, 0,
                 pr ? (pr->title ? pr->title : pr->id)
                    : tr(x, "No programme line", "Zonder programmalijn"),
                 x->group);
        heading = true;
        if (pr)
          prog_first[k] = r;
      }
      if (pr)
        prog_last[k] = r;
      const char *label = p->title ? p->title : p->id;
      put_text(x, ws, r, 0,
               p->section && *p->section
                   ? arena_printf(x->a, "\xC2\xA7 %s %s", p->section, label ? label : "")
                   : label,
               x->text);
      const char *s = sheet_ref(x, x->sheet[j]);
      put_formula(x, ws, r, 1, arena_printf(x->a, "=%s%s", s, ref(x, x->row_open[j], 2)),
                  euros(at(pv->opening, 0)), x->money);
      for (int y = 0; y < P->nyears; y++) {
        lxw_col_t c = (lxw_col_t)(2 + 3 * y), pc = (lxw_col_t)(2 + 2 * y);
        put_formula(x, ws, r, c, arena_printf(x->a, "=%s%s", s, ref(x, x->row_total[j], pc)),
                    euros(at(pv->baten, y)), x->money);
        put_formula(x, ws, r, c + 1,
                    arena_printf(x->a, "=%s%s", s, ref(x, x->row_total[j], pc + 1)),
                    euros(at(pv->lasten, y)), x->money);
        put_formula(x, ws, r, c + 2, arena_printf(x->a, "=%s%s", s, ref(x, x->row_close[j], pc)),
                    euros(at(pv->closing, y)), x->money);
      }
      r++;
    }
  }
  summary_total(x, ws, 3, r);
  page_setup(ws, 3, 1);
}

/* The summary per programme line: a row per programme line, each cell the SUM of its projects'
 * rows on the projects sheet. */
static void programmes_sheet(X *x, lxw_worksheet *ws, const char *projects,
                             const lxw_row_t *prog_first, const lxw_row_t *prog_last) {
  const Plan *P = x->P;
  summary_head(x, ws, grid_summary_title(x->a, P, SUMMARY_PROGRAMMES, false, x->o->lang),
               tr(x, "Programme lines", "Programmalijnen"));
  const char *s = sheet_ref(x, projects);
  lxw_row_t r = 3;
  for (int k = 0; k < P->nprogrammes; k++) {
    const Programme *pr = P->programmes[k];
    Totals t;
    memset(&t, 0, sizeof t);
    totals_of_programme(P, x->R, pr, false, &t);
    put_text(x, ws, r, 0, pr->title ? pr->title : pr->id, x->text);
    for (lxw_col_t c = 1; c < (lxw_col_t)(2 + 3 * P->nyears); c++) {
      if (prog_last[k] >= prog_first[k] && prog_first[k] > 0)
        put_formula(x, ws, r, c,
                    arena_printf(x->a, "=SUM(%s%s:%s)", s, ref(x, prog_first[k], c),
                                 ref(x, prog_last[k], c)),
                    summary_value(x, &t, pr, false, c), x->money);
      else
        put_num(x, ws, r, c, 0, x->money);
    }
    r++;
  }
  summary_total(x, ws, 3, r);
  page_setup(ws, 3, 1);
}

/* ------------------------------------------------------------ taakvelden */

/* Excel's limits on a formula: its length in characters, and the
 * arguments of one function. */
enum { MAX_FORMULA = 8192, MAX_ARGS = 255 };

static bool same_taakveld(const char *a, const char *b) {
  return a && b ? strcmp(a, b) == 0 : a == b;
}

/* The sum of the lines of one taakveld (code NULL: of those without one)
 * in column c of their project sheets: =SUM of a reference per run of its
 * lines that stand together on a sheet (the group headings between them
 * are text, which SUM leaves out). NULL where Excel would refuse the
 * formula: then the cell holds the number. */
static const char *taakveld_formula(X *x, const char *code, lxw_col_t c) {
  const Plan *P = x->P;
  Buf b = {0};
  buf_puts(&b, "=SUM(");
  int nargs = 0;
  for (int i = 0; i < P->nlines; i++) {
    const Line *l = P->lines[i];
    if (!l || !same_taakveld(line_taakveld(l), code))
      continue;
    int j = i;
    while (j + 1 < P->nlines && P->lines[j + 1] && P->lines[j + 1]->project == l->project &&
           same_taakveld(line_taakveld(P->lines[j + 1]), code))
      j++;
    const char *sheet = sheet_ref(x, x->sheet[l->project->index]);
    if (nargs++)
      buf_putc(&b, ',');
    buf_printf(&b, "%s%s", sheet, ref(x, x->line_row[i], c));
    if (j > i)
      buf_printf(&b, ":%s", ref(x, x->line_row[j], c));
    i = j;
  }
  buf_putc(&b, ')');
  const char *f = nargs <= MAX_ARGS && b.len <= MAX_FORMULA ? arena_strndup(x->a, b.data, b.len)
                                                            : NULL;
  buf_free(&b);
  return f;
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
    const char *sheet = sheet_ref(x, x->sheet[pi]);
    lxw_row_t rplan = r, rfore = r + 1, rdiff = r + 2;
    put_text(x, ws, rplan, 1, realisatie_label(x->o, x->a, RL_BALANCE_PLAN), x->text);
    put_text(x, ws, rfore, 1, realisatie_label(x->o, x->a, RL_BALANCE_FORECAST), x->text);
    put_text(x, ws, rdiff, 1, tr(x, "Forecast - planned", "Prognose - begroot"), x->bold);
    for (int y = 0; y < ny; y++) {
      lxw_col_t c = (lxw_col_t)(2 + y);
      put_formula(x, ws, rplan, c,
                  arena_printf(x->a, "=%s%s", sheet, ref(x, x->row_close[pi], 2 + 2 * y)),
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
  x->row_open = arena_alloc(x->a, sizeof *x->row_open * (size_t)(n + 1));
  x->row_close = arena_alloc(x->a, sizeof *x->row_close * (size_t)(n + 1));
  x->line_row = arena_alloc(x->a, sizeof *x->line_row * (size_t)(P->nlines + 1));
  const char **taken = arena_alloc(x->a, sizeof *taken * (size_t)(n + 8));
  int ntaken = 0;
  const char *prog_name = tr(x, "Programme lines", "Programmalijnen");
  const char *proj_name = tr(x, "Projects", "Projecten");
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
  projects_sheet(x, projs, first, last);
  programmes_sheet(x, progs, proj_name, first, last);
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

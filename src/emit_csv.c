/* emit_csv.c: one row per cell (csv) or per project and year
 * (csv-balances), for spreadsheets and scripts.
 *
 * Two dialects: RFC 4180 (',', a decimal point, CRLF) and excel-nl (';', a
 * decimal comma and a UTF-8 byte order mark, which is what makes a Dutch
 * Excel or LibreOffice split the columns and read the amounts as numbers;
 * the Excel-only "sep=" line would show up as data everywhere else).
 *
 * Every column has one type a reader can infer without options (pandas,
 * an en-US spreadsheet): the amount is a number or empty (a PM cell, said
 * by the pm column), and a section number is written as "§3.10", since
 * any reader takes a bare 3.10 for the number 3.1.
 *
 * In the excel-nl dialect a text cell that a spreadsheet would run as a
 * formula gets a leading apostrophe (OWASP, CWE-1236); a script reading
 * the rfc4180 dialect gets the plan's words as they are. Amounts are ours
 * and are left alone: a leading '-' there is a negative number.
 *
 * CSV_COLUMNS_LEGACY writes the columns, line endings and guard of the
 * first version byte for byte, for scripts that read columns by position. */
#include "emit.h"

#include <string.h>

typedef struct Csv {
  Buf *out;
  char sep;
  bool comma;   /* decimal comma */
  bool guard;   /* make formula-like text inert */
  bool crlf;
  bool first;   /* no separator before the first field of a row */
} Csv;

static Csv csv_begin(const EmitOptions *o, Buf *out) {
  bool legacy = o->csv_columns == CSV_COLUMNS_LEGACY;
  Csv c = {out, ',', false, legacy, !legacy, true};
  if (o->csv_dialect == CSV_EXCEL_NL) {
    c.sep = ';';
    c.comma = true;
    c.guard = true;
    buf_puts(out, "\xEF\xBB\xBF");
  }
  return c;
}

static void csv_sep(Csv *c) {
  if (!c->first)
    buf_putc(c->out, c->sep);
  c->first = false;
}

static void csv_end_row(Csv *c) {
  buf_puts(c->out, c->crlf ? "\r\n" : "\n");
  c->first = true;
}

/* A field that contains the separator, a quote or a line break is quoted,
 * its quotes doubled. Text with ',' or ';' is quoted in both dialects so
 * that a file read with the other separator still splits the same way. */
static void csv_raw(Csv *c, const char *s) {
  csv_sep(c);
  if (!s)
    s = "";
  if (!strpbrk(s, ",;\"\r\n")) {
    buf_puts(c->out, s);
    return;
  }
  buf_putc(c->out, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      buf_putc(c->out, '"');
    buf_putc(c->out, *p);
  }
  buf_putc(c->out, '"');
}

/* Text from the plan: made inert if it could start a formula. */
static void csv_text(Csv *c, const char *s) {
  if (c->guard && s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
            s[0] == '\r')) {
    Buf b = {0};
    buf_putc(&b, '\'');
    buf_puts(&b, s);
    csv_raw(c, b.data);
    buf_free(&b);
    return;
  }
  csv_raw(c, s);
}

static void csv_int(Csv *c, int v) {
  char tmp[16];
  snprintf(tmp, sizeof tmp, "%d", v);
  csv_raw(c, tmp);
}

static void csv_money(Csv *c, int64_t cents) {
  char tmp[64];
  fmt_decimal(tmp, sizeof tmp, cents, c->comma);
  /* Never needs quotes: the decimal comma only comes with ';'. */
  csv_sep(c);
  buf_puts(c->out, tmp);
}

static int64_t at(const int64_t *v, int i) { return v ? v[i] : 0; }

static void csv_head(Csv *c, const char *const *head, size_t n) {
  for (size_t i = 0; i < n; i++)
    csv_raw(c, head[i]);
  csv_end_row(c);
}

/* A section that starts like a number gets a section sign in front. */
static void csv_section(Csv *c, const char *s) {
  if (!s || !*s || !(strchr("0123456789+-.,", s[0]))) {
    csv_text(c, s);
    return;
  }
  Buf b = {0};
  buf_puts(&b, "\xC2\xA7");
  buf_puts(&b, s);
  csv_raw(c, b.data);
  buf_free(&b);
}

static void csv_cell_legacy(Csv *c, const Results *r, const Project *p, const Line *l, int s,
                            int year, const Plan *plan) {
  int y = year - plan->first_year;
  csv_text(c, p->id);
  csv_text(c, p->section);
  csv_text(c, p->programme ? p->programme->id : NULL);
  csv_int(c, l->nr);
  csv_text(c, l->category);
  csv_raw(c, side_name((Side)s));
  csv_int(c, year);
  if (pm_at(r, l, s, y))
    csv_raw(c, "PM");
  else
    csv_money(c, cents_at(r, l, s, y));
  csv_end_row(c);
}

/* column: in a plan with columns before the horizon, the kind of the
 * cell's column ("" for a year of the horizon); NULL in a plan without. */
static void csv_cell(Csv *c, const Results *r, const Project *p, const Line *l, int s, int year,
                     const Plan *plan, const char *column) {
  int y = year - plan->first_year;
  bool pm = pm_at(r, l, s, y);
  csv_text(c, p->id);
  csv_text(c, p->title);
  csv_section(c, p->section);
  csv_text(c, p->programme ? p->programme->id : NULL);
  csv_text(c, p->programme ? p->programme->title : NULL);
  csv_int(c, l->nr);
  csv_text(c, l->category);
  csv_raw(c, side_name((Side)s));
  csv_int(c, year);
  if (pm)
    csv_raw(c, "");
  else
    csv_money(c, cents_at(r, l, s, y));
  csv_raw(c, pm ? "true" : "false");
  if (column)
    csv_raw(c, column);
  csv_end_row(c);
}

void emit_csv(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Csv c = csv_begin(o, out);
  bool legacy = o->csv_columns == CSV_COLUMNS_LEGACY;
  static const char *const head_legacy[] = {"project", "section", "programme_line", "line",
                                            "category", "side", "year", "amount"};
  static const char *const head[] = {"project", "project_title", "section", "programme_line",
                                     "programme_title", "line", "category", "side", "year",
                                     "amount", "pm"};
  /* the columns before the horizon (columns.c): their cells first, as
   * their years come first, with the column's kind in a column of its own
   * that only such a plan has; the legacy layout leaves them out */
  const Columns *cols = legacy ? NULL : r->columns;
  if (legacy)
    csv_head(&c, head_legacy, sizeof head_legacy / sizeof *head_legacy);
  else if (cols) {
    for (size_t i = 0; i < sizeof head / sizeof *head; i++)
      csv_raw(&c, head[i]);
    csv_raw(&c, "column");
    csv_end_row(&c);
  } else
    csv_head(&c, head, sizeof head / sizeof *head);
  for (int i = 0; i < plan->nprojects; i++) {
    const Project *p = plan->projects[i];
    for (const Line *l = p->lines; l; l = l->next)
      for (int s = SIDE_BATEN; s <= SIDE_LASTEN; s++) {
        for (int k = 0; cols && k < cols->nshown; k++) {
          const ShownColumn *sc = &cols->shown[k];
          if (present_at(&cols->results, l, s, sc->yi))
            csv_cell(&c, &cols->results, p, l, s, sc->decl->year, cols->plan,
                     column_kind_name(sc->decl->kind));
        }
        for (int y = 0; y < plan->nyears; y++) {
          if (!present_at(r, l, s, y))
            continue;
          if (legacy)
            csv_cell_legacy(&c, r, p, l, s, plan->first_year + y, plan);
          else
            csv_cell(&c, r, p, l, s, plan->first_year + y, plan, cols ? "" : NULL);
        }
      }
  }
}

void emit_csv_balances(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Csv c = csv_begin(o, out);
  static const char *const head[] = {"project", "year", "opening", "baten", "lasten", "closing"};
  csv_head(&c, head, sizeof head / sizeof *head);
  for (int i = 0; i < plan->nprojects; i++) {
    const Project *p = plan->projects[i];
    const ProjectResult *pr = project_result(r, p);
    for (int y = 0; y < plan->nyears; y++) {
      csv_text(&c, p->id);
      csv_int(&c, plan->first_year + y);
      csv_money(&c, at(pr->opening, y));
      csv_money(&c, at(pr->baten, y));
      csv_money(&c, at(pr->lasten, y));
      csv_money(&c, at(pr->closing, y));
      csv_end_row(&c);
    }
  }
}

/* One row per taakveld and year, with its name where the plan declares
 * one; lines without a taakveld under an empty code. */
void emit_csv_taakvelden(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  Csv c = csv_begin(o, out);
  static const char *const head[] = {"taakveld", "name", "year", "baten", "lasten"};
  csv_head(&c, head, sizeof head / sizeof *head);
  TaakveldSum *v;
  int n = taakveld_sums(&a, plan, r, &v);
  for (int k = 0; k < n; k++)
    for (int y = 0; y < plan->nyears; y++) {
      csv_text(&c, v[k].code ? v[k].code : "");
      const char *name = plan_taakveld_name(plan, v[k].code);
      csv_text(&c, name ? name : "");
      csv_int(&c, plan->first_year + y);
      csv_money(&c, v[k].baten[y]);
      csv_money(&c, v[k].lasten[y]);
      csv_end_row(&c);
    }
  arena_free(&a);
}

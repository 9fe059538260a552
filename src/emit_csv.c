/* emit_csv.c: one row per cell (csv) or per project and year
 * (csv-balances), for spreadsheets and scripts.
 *
 * Two dialects: RFC 4180 (',' and a decimal point) and excel-nl (';', a
 * decimal comma and a UTF-8 byte order mark, which is what makes a Dutch
 * Excel or LibreOffice split the columns and read the amounts as numbers;
 * the Excel-only "sep=" line would show up as data everywhere else).
 *
 * Text cells carry the plan author's words into someone's spreadsheet, so
 * a text cell that a spreadsheet would run as a formula gets a leading
 * apostrophe (OWASP, CWE-1236). Amounts are ours and are left alone: a
 * leading '-' there is a negative number, not a formula. */
#include "amrc.h"

#include <string.h>

typedef struct Csv {
  Buf *out;
  char sep;
  bool comma;   /* decimal comma */
  bool first;   /* no separator before the first field of a row */
} Csv;

static Csv csv_begin(const EmitOptions *o, Buf *out) {
  Csv c = {out, ',', false, true};
  if (o->csv_dialect == CSV_EXCEL_NL) {
    c.sep = ';';
    c.comma = true;
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
  buf_putc(c->out, '\n');
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
  if (s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
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

void emit_csv(const Plan *plan, const EmitOptions *o, Buf *out) {
  Csv c = csv_begin(o, out);
  static const char *const head[] = {"project", "section", "programme_line", "line",
                                     "category", "side", "year", "amount"};
  for (size_t i = 0; i < sizeof head / sizeof *head; i++)
    csv_raw(&c, head[i]);
  csv_end_row(&c);
  for (int i = 0; i < plan->nprojects; i++) {
    const Project *p = plan->projects[i];
    for (const Line *l = p->lines; l; l = l->next)
      for (int s = SIDE_BATEN; s <= SIDE_LASTEN; s++)
        for (int y = 0; y < plan->nyears; y++) {
          if (!present_at(l, s, y))
            continue;
          csv_text(&c, p->id);
          csv_text(&c, p->section);
          csv_text(&c, p->programme ? p->programme->id : NULL);
          csv_int(&c, l->nr);
          csv_text(&c, l->category);
          csv_raw(&c, side_name((Side)s));
          csv_int(&c, plan->first_year + y);
          if (pm_at(l, s, y))
            csv_raw(&c, "PM");
          else
            csv_money(&c, cents_at(l, s, y));
          csv_end_row(&c);
        }
  }
}

void emit_csv_balances(const Plan *plan, const EmitOptions *o, Buf *out) {
  Csv c = csv_begin(o, out);
  static const char *const head[] = {"project", "year", "opening", "baten", "lasten", "closing"};
  for (size_t i = 0; i < sizeof head / sizeof *head; i++)
    csv_raw(&c, head[i]);
  csv_end_row(&c);
  for (int i = 0; i < plan->nprojects; i++) {
    const Project *p = plan->projects[i];
    for (int y = 0; y < plan->nyears; y++) {
      csv_text(&c, p->id);
      csv_int(&c, plan->first_year + y);
      csv_money(&c, at(p->opening, y));
      csv_money(&c, at(p->baten, y));
      csv_money(&c, at(p->lasten, y));
      csv_money(&c, at(p->closing, y));
      csv_end_row(&c);
    }
  }
}

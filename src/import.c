/* import.c: amrc import, a plan from CSV.
 *
 * Two shapes are read, each recognised by its header row:
 *  - the long CSV that `amrc --emit=csv` writes (either dialect, the
 *    current columns or the first version's), one row per cell, its
 *    columns found by name so that columns added later are passed over;
 *  - a project table as people keep one in a spreadsheet: rows above the
 *    header that name the project, a header with a line-number column, a
 *    category column and baten and lasten columns per year (or span of
 *    years), a row per numbered line, and Totaal, Saldo, opening and
 *    closing rows, which become an `expect` (docs/import.md).
 *
 * Nothing is guessed: a cell that cannot be read for sure (an amount
 * whose decimal separator is not known, text where an amount belongs, a
 * header it does not know) is an error placed at the cell, with its row
 * and its spreadsheet column letter. The plan is written as text and then
 * through amrc fmt (fmt_source), so that it is in the canonical layout,
 * and only when there were no errors. */
#include "cli.h"

#include <ctype.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- CSV */

typedef struct Field {
  const char *text;      /* unquoted, NUL-terminated */
  uint32_t begin, end;   /* bytes of the field in the file, quotes included */
} Field;

typedef struct Row {
  Field *f;
  int n;
  int nr;                /* 1-based, as a spreadsheet numbers it */
} Row;

typedef struct Table {
  SrcFile *file;
  Row *rows;
  int nrows;
  char sep;
} Table;

typedef struct Importer {
  Arena *a;
  Diags *d;
  const ImportOptions *o;
  int errors;
} Importer;

/* "A", ..., "Z", "AA", ...: as a spreadsheet names column c (0-based). */
static const char *col_name(Arena *a, int c) {
  char tmp[8];
  int k = (int)sizeof tmp - 1;
  tmp[k] = '\0';
  c++;
  while (c > 0 && k > 0) {
    tmp[--k] = (char)('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  return arena_strdup(a, tmp + k);
}

static Loc field_loc(const Table *t, const Field *f) {
  return (Loc){t->file, f->begin, f->end > f->begin ? f->end : f->begin + 1};
}

static Diag *cell_error(Importer *I, const Table *t, const Row *r, int c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static Diag *cell_error(Importer *I, const Table *t, const Row *r, int c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const char *msg = diag_vphrase(I->d, fmt, ap);  /* in the run's languages */
  va_end(ap);
  Field none = {"", r->n ? r->f[0].begin : 0, r->n ? r->f[0].begin : 0};
  const Field *f = c < r->n ? &r->f[c] : &none;
  I->errors++;
  return diag_report(I->d, "csv-cell", field_loc(t, f), "row %d, column %s: %s", r->nr,
                     col_name(I->a, c), msg);
}

/* The separator: ';' or ',', whichever the first line has more of outside
 * quotes (a Dutch spreadsheet writes ';', others ','; a tab as well). */
static char guess_sep(const char *s, size_t len) {
  int semi = 0, comma = 0, tab = 0;
  bool q = false;
  for (size_t i = 0; i < len && (q || (s[i] != '\n' && s[i] != '\r')); i++) {
    if (s[i] == '"')
      q = !q;
    else if (!q)
      semi += s[i] == ';', comma += s[i] == ',', tab += s[i] == '\t';
  }
  return tab > semi && tab > comma ? '\t' : semi > comma ? ';' : ',';
}

/* RFC 4180, with LF or CRLF line ends and the separator found above. */
static bool read_csv(Importer *I, Table *t) {
  const char *s = t->file->text;
  size_t len = t->file->len, i = 0;
  t->sep = guess_sep(s, len);
  int cap = 0, nr = 0;
  t->rows = NULL;
  t->nrows = 0;
  while (i < len) {
    Row row = {0};
    row.nr = ++nr;
    int fcap = 0;
    for (;;) {
      Buf b = {0};
      uint32_t begin = (uint32_t)i;
      if (i < len && s[i] == '"') {
        i++;
        for (;;) {
          if (i >= len) {
            Field f = {"", begin, (uint32_t)len};
            diag_report(I->d, "csv-cell", field_loc(t, &f),
                        "row %d: a quoted field is not closed before the end of the file", nr);
            I->errors++;
            buf_free(&b);
            return false;
          }
          if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
            buf_putc(&b, '"');
            i += 2;
          } else if (s[i] == '"') {
            i++;
            break;
          } else {
            if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
              buf_putc(&b, s[i]);
            i++;
          }
        }
        /* text after the closing quote up to the separator is kept */
        while (i < len && s[i] != t->sep && s[i] != '\n' && s[i] != '\r')
          buf_putc(&b, s[i++]);
      } else {
        while (i < len && s[i] != t->sep && s[i] != '\n' && !(s[i] == '\r' && s[i + 1] == '\n'))
          buf_putc(&b, s[i++]);
      }
      row.f = arena_grow(I->a, row.f, row.n, &fcap, sizeof *row.f);
      row.f[row.n++] = (Field){arena_strndup(I->a, b.data ? b.data : "", b.len), begin,
                               (uint32_t)i};
      buf_free(&b);
      if (i < len && s[i] == t->sep) {
        i++;
        continue;
      }
      if (i < len && s[i] == '\r')
        i++;
      if (i < len && s[i] == '\n')
        i++;
      break;
    }
    t->rows = arena_grow(I->a, t->rows, t->nrows, &cap, sizeof *t->rows);
    t->rows[t->nrows++] = row;
  }
  return true;
}

static const char *cell(const Row *r, int c) { return c >= 0 && c < r->n ? r->f[c].text : ""; }

static bool blank_row(const Row *r) {
  for (int c = 0; c < r->n; c++)
    for (const char *p = r->f[c].text; *p; p++)
      if (!isspace((unsigned char)*p))
        return false;
  return true;
}

/* Lower case, ASCII blanks and pasted spaces trimmed and single. */
static char *norm(Arena *a, const char *s) {
  size_t n = strlen(s);
  char *out = arena_alloc(a, n + 1);
  size_t k = 0;
  bool space = false;
  for (size_t i = 0; i < n;) {
    int32_t cp;
    int m = utf8_decode((const unsigned char *)s + i, n - i, &cp);
    const UniChar *u = cp >= 0x80 ? unichar_info(cp) : NULL;
    if (cp == ' ' || cp == '\t' || (u && u->kind == UC_SPACE)) {
      space = k > 0;
    } else {
      if (space)
        out[k++] = ' ';
      space = false;
      for (int j = 0; j < m; j++)
        out[k++] = (char)tolower((unsigned char)s[i + j]);
    }
    i += (size_t)m;
  }
  out[k] = '\0';
  return out;
}

/* ---------------------------------------------------------------- amounts */

typedef enum { IA_EMPTY, IA_PM, IA_CENTS, IA_BAD } IAKind;

typedef struct Amount {
  IAKind kind;
  int64_t cents;
  const char *why;     /* IA_BAD: what is wrong, a message of its own (why_text) */
  char bad;            /* the character why names, where it names one */
} Amount;

/* What is wrong with an amount, in the run's languages. */
static const char *why_text(Importer *I, Amount amt) {
  if (amt.bad)
    return diag_phrase(I->d, "'%c' where digits or a separator of thousands belong", amt.bad);
  return diag_phrase_msgid(I->d, amt.why);
}

/* An amount as a spreadsheet writes it or as it was pasted into one:
 * "1787349", "1787349,50", "€ 1.787.349", "€ 1 787 349,-", "-€ 127.800",
 * "€ −127.800", "(1.000)", "PM", "-" (nil: zero). decimal is the file's
 * decimal separator ('.' or ','); after a euro sign it is ',' as the
 * document prints; where a cell has both '.' and ',' the last one is. A
 * separator that could be either (one '.' or ',' before three digits,
 * where the file's is not known) is an error, never a guess. */
static Amount read_amount(Arena *a, const char *s, char decimal) {
  char *t = norm(a, s);
  Amount r = {.kind = IA_BAD};
  if (!*t)
    return (Amount){.kind = IA_EMPTY, .cents = 0};
  if (strcmp(t, "pm") == 0 || strcmp(t, "p.m.") == 0 || strcmp(t, "p.m") == 0)
    return (Amount){.kind = IA_PM, .cents = 0};
  if (strcmp(t, "-") == 0 || strcmp(t, "\xE2\x80\x93") == 0 || strcmp(t, "\xE2\x80\x94") == 0)
    return (Amount){.kind = IA_CENTS, .cents = 0};
  /* sign, parentheses and the euro sign, in any order before the digits */
  bool neg = false, euro = false, paren = false;
  char digits[64];
  size_t nd = 0;
  const char *p = t;
  for (;;) {
    int m;
    if ((m = pasted_minus(p)) > 0 && !neg) {
      neg = true;
      p += m;
    } else if (strncmp(p, "\xE2\x82\xAC", 3) == 0 && !euro) {
      euro = true;
      p += 3;
    } else if (*p == '(' && !paren) {
      paren = neg = true;
      p++;
    } else if (*p == ' ') {
      p++;
    } else {
      break;
    }
  }
  const char *end = t + strlen(t);
  if (paren) {
    if (end == p || end[-1] != ')') {
      r.why = N_("a '(' without its ')'");
      return r;
    }
    end--;
  }
  while (end > p && end[-1] == ' ')
    end--;
  if (!euro && end - p >= 3 && strncmp(end - 3, "\xE2\x82\xAC", 3) == 0) {
    euro = true;  /* "1.000 €" */
    end -= 3;
    while (end > p && end[-1] == ' ')
      end--;
  }
  /* ",-" and ",–" at the end: whole euros */
  if (end - p >= 2 && end[-2] == ',' && end[-1] == '-')
    end -= 2;
  else if (end - p >= 4 && end[-4] == ',' && strncmp(end - 3, "\xE2\x80\x93", 3) == 0)
    end -= 4;
  if (end == p) {
    r.why = N_("no digits");
    return r;
  }
  const char *lastdot = NULL, *lastcomma = NULL;
  for (const char *q = p; q < end; q++) {
    if (*q == '.')
      lastdot = q;
    else if (*q == ',')
      lastcomma = q;
  }
  char dec = euro ? ',' : decimal;
  if (lastdot && lastcomma)
    dec = lastdot > lastcomma ? '.' : ',';
  char group = dec == '.' ? ',' : '.';
  const char *decpos = dec == '.' ? lastdot : lastcomma;
  /* one separator before exactly three digits where the file's decimal is
   * not known: 1.000 is a thousand or one */
  if (!dec) {
    const char *only = lastdot ? lastdot : lastcomma;
    if (only && end - only == 4 && !(lastdot && lastcomma)) {
      r.why = N_("'.' or ',' before three digits could group thousands or start the "
                 "decimals; write the amount with a euro sign (€ 1.000), or give "
                 "--decimal=comma or --decimal=point");
      return r;
    }
    dec = only && end - only <= 3 ? *only : 0;
    group = dec == '.' ? ',' : dec == ',' ? '.' : 0;
    decpos = dec ? only : NULL;
  }
  /* the whole part: digits in groups of three after the first, separated
   * by the group separator or a space, the same one throughout */
  const char *whole_end = decpos ? decpos : end;
  int group_len = -1, run = 0;
  char sep_seen = 0;
  for (const char *q = p; q < whole_end;) {
    if (*q >= '0' && *q <= '9') {
      if (nd + 1 >= sizeof digits) {
        r.why = N_("more digits than an amount can have");
        return r;
      }
      digits[nd++] = *q++;
      run++;
      continue;
    }
    char sep = *q == ' ' ? ' ' : *q;
    if ((sep != group && sep != ' ') || run == 0 || (sep_seen && sep != sep_seen) ||
        (group_len >= 0 && run != 3) || (group_len < 0 && run > 3)) {
      r.why = N_("thousands must be grouped by three, with one separator");
      if (sep != ' ' && sep != group)
        r.bad = *q;  /* why_text: "'x' where digits ... belong" */
      return r;
    }
    sep_seen = sep;
    group_len = run;
    run = 0;
    q++;
  }
  if (nd == 0 || (group_len >= 0 && run != 3)) {
    r.why = nd == 0 ? N_("no digits") : N_("thousands must be grouped by three, with one separator");
    return r;
  }
  int cents = 0;
  if (decpos) {
    int nc = 0;
    for (const char *q = decpos + 1; q < end; q++, nc++) {
      if (*q < '0' || *q > '9' || nc >= 2) {
        r.why = nc >= 2 ? N_("more than two decimals (money is whole cents)")
                        : N_("text after the decimal separator");
        return r;
      }
      cents = cents * 10 + (*q - '0');
    }
    if (nc == 0) {
      r.why = N_("no digits after the decimal separator");
      return r;
    }
    if (nc == 1)
      cents *= 10;
  }
  if (nd > 15) {
    r.why = N_("beyond the money type");
    return r;
  }
  int64_t units = 0;
  for (size_t i = 0; i < nd; i++)
    units = units * 10 + (digits[i] - '0');
  int64_t v = units * 100 + cents;
  return (Amount){.kind = IA_CENTS, .cents = neg ? -v : v};
}

/* Cents as the language's plain spelling: 1_787_349, -1_000.50. */
static const char *plain(Arena *a, int64_t cents) {
  char tmp[64];
  fmt_grouped(tmp, sizeof tmp, cents, '_', '.');
  return arena_strdup(a, tmp);
}

/* ---------------------------------------------------------------- the plan */

typedef struct ICell {
  int side, year;
  bool pm;
  int64_t cents;
} ICell;

typedef struct ILine {
  int nr;
  const char *category, *note;
  ICell *cells;
  int ncells, cap;
} ILine;

typedef struct IExpect {
  const char *what;    /* opening, baten, lasten, saldo, closing */
  int year;
  int64_t cents;
} IExpect;

typedef struct IProject {
  const char *id, *title, *section, *programme, *contact;
  bool has_opening;
  int64_t opening;
  ILine *lines;
  int nlines, cap;
  IExpect *expects;
  int nexpects, ecap;
} IProject;

typedef struct IProgramme {
  const char *id, *title;
} IProgramme;

typedef struct IPlan {
  IProject *projects;
  int nprojects, cap;
  IProgramme *programmes;
  int nprogrammes, pcap;
  int y0, y1;          /* 0: no year seen */
} IPlan;

#define GROW(arr, n, cap) ((arr) = arena_grow(I->a, (arr), (n), &(cap), sizeof *(arr)))

static void see_year(IPlan *P, int y) {
  if (!P->y0 || y < P->y0)
    P->y0 = y;
  if (!P->y1 || y > P->y1)
    P->y1 = y;
}

static IProgramme *programme_get(Importer *I, IPlan *P, const char *id, const char *title) {
  for (int i = 0; i < P->nprogrammes; i++)
    if (strcmp(P->programmes[i].id, id) == 0)
      return &P->programmes[i];
  GROW(P->programmes, P->nprogrammes, P->pcap);
  P->programmes[P->nprogrammes] = (IProgramme){id, title && *title ? title : id};
  return &P->programmes[P->nprogrammes++];
}

static IProject *project_get(Importer *I, IPlan *P, const char *id, bool *fresh) {
  *fresh = false;
  for (int i = 0; i < P->nprojects; i++)
    if (strcmp(P->projects[i].id, id) == 0)
      return &P->projects[i];
  GROW(P->projects, P->nprojects, P->cap);
  P->projects[P->nprojects] = (IProject){.id = id};
  *fresh = true;
  return &P->projects[P->nprojects++];
}

static ILine *line_get(Importer *I, IProject *p, int nr, const char *category) {
  for (int i = 0; i < p->nlines; i++)
    if (p->lines[i].nr == nr)
      return &p->lines[i];
  GROW(p->lines, p->nlines, p->cap);
  p->lines[p->nlines] = (ILine){.nr = nr, .category = category};
  return &p->lines[p->nlines++];
}

/* false: the line has that cell already */
static bool line_cell(Importer *I, ILine *l, ICell c) {
  for (int i = 0; i < l->ncells; i++)
    if (l->cells[i].side == c.side && l->cells[i].year == c.year)
      return false;
  GROW(l->cells, l->ncells, l->cap);
  l->cells[l->ncells++] = c;
  return true;
}

static void expect_add(Importer *I, IProject *p, const char *what, int year, int64_t cents) {
  GROW(p->expects, p->nexpects, p->ecap);
  p->expects[p->nexpects++] = (IExpect){what, year, cents};
}

/* A name of the language from a title or a file name: lower case, runs of
 * anything else than a letter or digit as one '_'; NULL if nothing is left
 * or it starts with a digit. */
static const char *make_ident(Arena *a, const char *s) {
  size_t n = strlen(s);
  char *out = arena_alloc(a, n + 2);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalnum(c) && c < 0x80)
      out[k++] = (char)tolower(c);
    else if (k > 0 && out[k - 1] != '_')
      out[k++] = '_';
  }
  while (k > 0 && out[k - 1] == '_')
    k--;
  out[k] = '\0';
  if (k == 0 || isdigit((unsigned char)out[0]) || k > AMR_MAX_IDENT)
    return NULL;
  return out;
}

static bool is_ident(const char *s) {
  if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
    return false;
  for (; *s; s++)
    if (!(isalnum((unsigned char)*s) || *s == '_') || (unsigned char)*s >= 0x80)
      return false;
  return true;
}

/* ---------------------------------------------------------------- long CSV */

enum { LC_PROJECT, LC_PROJECT_TITLE, LC_SECTION, LC_PROGRAMME, LC_PROGRAMME_TITLE, LC_LINE,
       LC_CATEGORY, LC_SIDE, LC_YEAR, LC_AMOUNT, LC_PM, LC_N };
static const char *const long_cols[LC_N] = {"project", "project_title", "section",
                                            "programme_line", "programme_title", "line",
                                            "category", "side", "year", "amount", "pm"};

static bool is_long_csv(Arena *a, const Row *head, int *col) {
  for (int k = 0; k < LC_N; k++)
    col[k] = -1;
  for (int c = 0; c < head->n; c++) {
    const char *h = norm(a, head->f[c].text);
    for (int k = 0; k < LC_N; k++)
      if (strcmp(h, long_cols[k]) == 0 && col[k] < 0)
        col[k] = c;
  }
  return col[LC_PROJECT] >= 0 && col[LC_LINE] >= 0 && col[LC_SIDE] >= 0 &&
         col[LC_YEAR] >= 0 && col[LC_AMOUNT] >= 0;
}

/* Text of a cell as amrc's excel-nl dialect wrote it: a leading
 * apostrophe before '=', '+', '-', '@' made a formula inert. */
static const char *text_cell(const Table *t, const Row *r, int c) {
  const char *s = cell(r, c);
  if (t->sep == ';' && s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
    return s + 1;
  return s;
}

static bool read_int(const char *s, int lo, int hi, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < lo || v > hi)
    return false;
  *out = (int)v;
  return true;
}

static void import_long(Importer *I, const Table *t, const int *col, IPlan *P) {
  char decimal = I->o->decimal ? I->o->decimal : t->sep == ';' ? ',' : '.';
  for (int i = 1; i < t->nrows; i++) {
    const Row *r = &t->rows[i];
    if (blank_row(r))
      continue;
    const char *pid = text_cell(t, r, col[LC_PROJECT]);
    if (!is_ident(pid)) {
      cell_error(I, t, r, col[LC_PROJECT], "'%s' is not a project name (letters, digits, '_')",
                 pid);
      continue;
    }
    int nr, year;
    if (!read_int(cell(r, col[LC_LINE]), 0, 1000000, &nr)) {
      cell_error(I, t, r, col[LC_LINE], "'%s' is not a line number", cell(r, col[LC_LINE]));
      continue;
    }
    if (!read_int(cell(r, col[LC_YEAR]), 1000, 9999, &year)) {
      cell_error(I, t, r, col[LC_YEAR], "'%s' is not a year", cell(r, col[LC_YEAR]));
      continue;
    }
    const char *side = norm(I->a, cell(r, col[LC_SIDE]));
    int s = strcmp(side, "baten") == 0 ? SIDE_BATEN : strcmp(side, "lasten") == 0 ? SIDE_LASTEN : -1;
    if (s < 0) {
      cell_error(I, t, r, col[LC_SIDE], "'%s' is not a side: baten or lasten",
                 cell(r, col[LC_SIDE]));
      continue;
    }
    Amount amt = read_amount(I->a, cell(r, col[LC_AMOUNT]), decimal);
    const char *pm = col[LC_PM] >= 0 ? norm(I->a, cell(r, col[LC_PM])) : "";
    if (strcmp(pm, "true") == 0) {
      if (amt.kind != IA_EMPTY && amt.kind != IA_PM) {
        cell_error(I, t, r, col[LC_AMOUNT], "a PM cell (pm is true) with an amount");
        continue;
      }
      amt.kind = IA_PM;
    } else if (*pm && strcmp(pm, "false") != 0) {
      cell_error(I, t, r, col[LC_PM], "'%s' is not true or false", cell(r, col[LC_PM]));
      continue;
    }
    if (amt.kind == IA_BAD || amt.kind == IA_EMPTY) {
      if (amt.why)
        cell_error(I, t, r, col[LC_AMOUNT], "'%s' is not an amount: %s", cell(r, col[LC_AMOUNT]),
                   why_text(I, amt));
      else
        cell_error(I, t, r, col[LC_AMOUNT], "'%s' is not an amount", cell(r, col[LC_AMOUNT]));
      continue;
    }
    bool fresh;
    IProject *p = project_get(I, P, arena_strdup(I->a, pid), &fresh);
    if (fresh) {
      p->title = col[LC_PROJECT_TITLE] >= 0 ? text_cell(t, r, col[LC_PROJECT_TITLE]) : "";
      if (!*p->title)
        p->title = p->id;
      const char *sec = col[LC_SECTION] >= 0 ? text_cell(t, r, col[LC_SECTION]) : "";
      if (strncmp(sec, "\xC2\xA7", 2) == 0)
        sec += 2;
      p->section = *sec ? sec : NULL;
      const char *prog = col[LC_PROGRAMME] >= 0 ? text_cell(t, r, col[LC_PROGRAMME]) : "";
      if (*prog && !is_ident(prog)) {
        cell_error(I, t, r, col[LC_PROGRAMME], "'%s' is not a programme name", prog);
        prog = "";
      }
      if (*prog) {
        const char *ptitle =
            col[LC_PROGRAMME_TITLE] >= 0 ? text_cell(t, r, col[LC_PROGRAMME_TITLE]) : "";
        p->programme = programme_get(I, P, prog, ptitle)->id;
      }
    }
    const char *cat = col[LC_CATEGORY] >= 0 ? text_cell(t, r, col[LC_CATEGORY]) : "";
    ILine *l = line_get(I, p, nr, cat);
    if (!line_cell(I, l, (ICell){s, year, amt.kind == IA_PM, amt.cents}))
      cell_error(I, t, r, col[LC_AMOUNT], "project '%s' line %d has %s %d twice", p->id, nr,
                 side, year);
    see_year(P, year);
  }
}

/* ---------------------------------------------------------------- project tables */

typedef enum { TC_NONE, TC_NR, TC_CATEGORY, TC_NOTE, TC_AMOUNT } TColKind;

typedef struct TCol {
  TColKind kind;
  int side;            /* TC_AMOUNT: SIDE_BATEN or SIDE_LASTEN */
  int y0, y1;          /* TC_AMOUNT: the year or span of years */
} TCol;

/* Four digits at p, as a year. */
static int year_at(const char *p) {
  for (int i = 0; i < 4; i++)
    if (p[i] < '0' || p[i] > '9')
      return 0;
  if (p[4] >= '0' && p[4] <= '9')
    return 0;
  return (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
}

/* "baten 2026", "Lasten 2027", "2026 baten", "lasten 2026-2029",
 * "lasten 2026..2029", "lasten 2026 t/m 2029". */
static bool amount_header(const char *h, TCol *out) {
  bool baten = strstr(h, "baten") != NULL, lasten = strstr(h, "lasten") != NULL;
  if (baten == lasten)
    return false;
  int y0 = 0, y1 = 0;
  for (const char *p = h; *p; p++) {
    if ((p == h || !isdigit((unsigned char)p[-1])) && year_at(p)) {
      if (!y0)
        y0 = year_at(p);
      else if (!y1)
        y1 = year_at(p);
      else
        return false;
      p += 3;
    }
  }
  if (!y0)
    return false;
  if (!y1)
    y1 = y0;
  *out = (TCol){TC_AMOUNT, baten ? SIDE_BATEN : SIDE_LASTEN, y0, y1};
  return y1 >= y0;
}

static TColKind word_header(const char *h) {
  static const char *const nr[] = {"nr", "nr.", "#", "regel", "line", "nummer", "no."};
  static const char *const cat[] = {"categorie", "categorie kosten", "category", "omschrijving",
                                    "kostencategorie", "post"};
  static const char *const note[] = {"toelichting", "note", "notes", "opmerking"};
  for (size_t i = 0; i < sizeof nr / sizeof *nr; i++)
    if (strcmp(h, nr[i]) == 0)
      return TC_NR;
  for (size_t i = 0; i < sizeof cat / sizeof *cat; i++)
    if (strcmp(h, cat[i]) == 0)
      return TC_CATEGORY;
  for (size_t i = 0; i < sizeof note / sizeof *note; i++)
    if (strcmp(h, note[i]) == 0)
      return TC_NOTE;
  return TC_NONE;
}

typedef enum { TROW_OTHER, TROW_TOTAL, TROW_SALDO, TROW_OPENING, TROW_CLOSING } TRowKind;

static TRowKind row_kind(const char *label) {
  if (strncmp(label, "totaal", 6) == 0 || strncmp(label, "total", 5) == 0)
    return TROW_TOTAL;
  if (strstr(label, "1 januari") || strncmp(label, "opening", 7) == 0 ||
      strncmp(label, "beginsaldo", 10) == 0)
    return TROW_OPENING;
  if (strstr(label, "31 december") || strncmp(label, "closing", 7) == 0 ||
      strncmp(label, "eindsaldo", 9) == 0)
    return TROW_CLOSING;
  if (strncmp(label, "saldo", 5) == 0)
    return TROW_SALDO;
  return TROW_OTHER;
}

typedef struct Sheet {
  const Table *t;
  TCol *cols;
  int ncols, nr_col, cat_col, note_col;
  char decimal;
} Sheet;

/* The rows above the header: "project;ID;Title", "section;3.1",
 * "programme;ID;Title", "contact;Name", "title;...". */
static void preamble(Importer *I, const Table *t, const Row *r, IPlan *P, IProject *p) {
  int c = 0;
  while (c < r->n && !*norm(I->a, r->f[c].text))
    c++;
  const char *key = norm(I->a, cell(r, c));
  size_t kl = strlen(key);
  if (kl && key[kl - 1] == ':')
    ((char *)key)[kl - 1] = '\0';
  const char *v1 = cell(r, c + 1), *v2 = cell(r, c + 2);
  if (strcmp(key, "project") == 0) {
    if (!is_ident(v1)) {
      cell_error(I, t, r, c + 1, "'%s' is not a project name: letters, digits and '_', as "
                 "in 'project;werkcentrum;Werkcentrum Achterhoek'", v1);
      return;
    }
    p->id = arena_strdup(I->a, v1);
    if (*v2)
      p->title = v2;
  } else if (strcmp(key, "title") == 0 || strcmp(key, "titel") == 0) {
    p->title = v1;
  } else if (strcmp(key, "section") == 0 || strcmp(key, "paragraaf") == 0) {
    p->section = strncmp(v1, "\xC2\xA7", 2) == 0 ? v1 + 2 : v1;
    while (*p->section == ' ')
      p->section++;
  } else if (strcmp(key, "programme") == 0 || strcmp(key, "programma") == 0 ||
             strcmp(key, "programmalijn") == 0) {
    if (!is_ident(v1)) {
      cell_error(I, t, r, c + 1, "'%s' is not a programme name: letters, digits and '_'", v1);
      return;
    }
    p->programme = programme_get(I, P, arena_strdup(I->a, v1), v2)->id;
  } else if (strcmp(key, "contact") == 0) {
    p->contact = v1;
  } else {
    cell_error(I, t, r, c, "'%s' above the header is not understood: the rows there are "
               "project, title, section, programme and contact (docs/import.md)", cell(r, c));
  }
}

static bool read_header(Importer *I, Sheet *S, const Row *r) {
  S->cols = arena_alloc(I->a, sizeof *S->cols * (size_t)(r->n ? r->n : 1));
  S->ncols = r->n;
  S->nr_col = S->cat_col = S->note_col = -1;
  bool ok = true;
  for (int c = 0; c < r->n; c++) {
    const char *h = norm(I->a, r->f[c].text);
    TCol tc = {TC_NONE, 0, 0, 0};
    if (!amount_header(h, &tc))
      tc.kind = word_header(h);
    int *slot = tc.kind == TC_NR ? &S->nr_col : tc.kind == TC_CATEGORY ? &S->cat_col
                : tc.kind == TC_NOTE ? &S->note_col : NULL;
    if (slot && *slot >= 0) {
      cell_error(I, S->t, r, c, "a second '%s' column (the first is %s)", r->f[c].text,
                 col_name(I->a, *slot));
      ok = false;
    } else if (slot) {
      *slot = c;
    }
    if (tc.kind == TC_NONE && *h) {
      cell_error(I, S->t, r, c, "the header '%s' is not a column amrc import knows: nr, "
                 "categorie, toelichting, or baten or lasten with a year (baten 2026, "
                 "lasten 2026-2029)", r->f[c].text);
      ok = false;
    }
    S->cols[c] = tc;
  }
  if (S->nr_col < 0) {
    cell_error(I, S->t, r, 0, "the header has no line-number column (nr)");
    ok = false;
  }
  return ok;
}

/* A row's label: the first non-empty text of its nr or category column. */
static const char *row_label(Importer *I, const Sheet *S, const Row *r) {
  const char *a = norm(I->a, cell(r, S->nr_col));
  return *a ? a : norm(I->a, cell(r, S->cat_col));
}

static void table_line(Importer *I, const Sheet *S, const Row *r, IProject *p, IPlan *P, int nr) {
  const char *cat = cell(r, S->cat_col);
  for (int i = 0; i < p->nlines; i++)
    if (p->lines[i].nr == nr) {
      cell_error(I, S->t, r, S->nr_col, "line %d is given twice (first in an earlier row)", nr);
      return;
    }
  ILine *l = line_get(I, p, nr, cat);
  if (S->note_col >= 0 && *cell(r, S->note_col))
    l->note = cell(r, S->note_col);
  for (int c = 0; c < r->n && c < S->ncols; c++) {
    const TCol *tc = &S->cols[c];
    if (tc->kind != TC_AMOUNT)
      continue;
    Amount amt = read_amount(I->a, r->f[c].text, S->decimal);
    if (amt.kind == IA_EMPTY)
      continue;
    if (amt.kind == IA_BAD) {
      cell_error(I, S->t, r, c, "'%s' is not an amount: %s", r->f[c].text, why_text(I, amt));
      continue;
    }
    for (int y = tc->y0; y <= tc->y1; y++) {
      if (!line_cell(I, l, (ICell){tc->side, y, amt.kind == IA_PM, amt.cents}))
        cell_error(I, S->t, r, c, "line %d has %s %d in two columns", nr,
                   side_name((Side)tc->side), y);
      see_year(P, y);
    }
  }
}

/* A Totaal, Saldo, opening or closing row: per year, the one amount in
 * that year's columns becomes an expectation; a Totaal is compared with
 * what the lines add up to. */
static void table_sums(Importer *I, const Sheet *S, const Row *r, IProject *p, TRowKind k) {
  for (int c = 0; c < r->n && c < S->ncols; c++) {
    const TCol *tc = &S->cols[c];
    if (tc->kind != TC_AMOUNT)
      continue;
    Amount amt = read_amount(I->a, r->f[c].text, S->decimal);
    if (amt.kind == IA_EMPTY || amt.kind == IA_PM)
      continue;
    if (amt.kind == IA_BAD) {
      cell_error(I, S->t, r, c, "'%s' is not an amount: %s", r->f[c].text, why_text(I, amt));
      continue;
    }
    for (int y = tc->y0; y <= tc->y1; y++) {
      const char *what = k == TROW_TOTAL ? side_name((Side)tc->side)
                         : k == TROW_SALDO ? "saldo" : k == TROW_OPENING ? "opening" : "closing";
      bool twice = false;
      for (int e = 0; e < p->nexpects; e++)
        twice |= p->expects[e].year == y && strcmp(p->expects[e].what, what) == 0;
      if (twice) {
        cell_error(I, S->t, r, c, "a second amount for %s %d in this row",
                   diag_phrase_msgid(I->d, what), y);
        continue;
      }
      expect_add(I, p, what, y, amt.cents);
      if (k == TROW_OPENING && !p->has_opening) {
        p->has_opening = true;
        p->opening = amt.cents;
      }
      if (k != TROW_TOTAL)
        continue;
      int64_t sum = 0;
      for (int i = 0; i < p->nlines; i++)
        for (int j = 0; j < p->lines[i].ncells; j++) {
          const ICell *x = &p->lines[i].cells[j];
          if (x->side == tc->side && x->year == y && !x->pm)
            sum = money_add_sat(sum, x->cents);
        }
      if (sum != amt.cents) {
        char a[48], b[48];
        fmt_eur_nl(a, sizeof a, amt.cents, false);
        fmt_eur_nl(b, sizeof b, sum, false);
        const Field *f = &r->f[c];
        diag_report(I->d, "csv-total", field_loc(S->t, f),
                    "row %d, column %s: the Totaal of %s %d is %s, the lines add up to %s; "
                    "it is written as an expect, which amrc --check reports",
                    r->nr, col_name(I->a, c), what, y, a, b);
      }
    }
  }
}

static void import_table(Importer *I, const Table *t, int head, IPlan *P, const char *display) {
  Sheet S = {.t = t};
  S.decimal = I->o->decimal ? I->o->decimal : t->sep == ';' ? ',' : 0;
  bool fresh;
  IProject tmp = {0};
  for (int i = 0; i < head; i++)
    if (!blank_row(&t->rows[i]))
      preamble(I, t, &t->rows[i], P, &tmp);
  if (!tmp.id) {
    /* the file's name: "Werkcentrum Achterhoek.csv" is werkcentrum_achterhoek */
    const char *base = strrchr(display, '/');
    base = base ? base + 1 : display;
    char *stem = arena_strdup(I->a, base);
    char *dot = strrchr(stem, '.');
    if (dot)
      *dot = '\0';
    tmp.id = make_ident(I->a, stem);
    if (!tmp.id) {
      diag_plain(I->d, "csv-cell", "%s: no project name: add a row 'project;NAME;Title' "
                 "above the header", display);
      I->errors++;
      return;
    }
  }
  IProject *p = project_get(I, P, tmp.id, &fresh);
  if (!fresh) {
    diag_plain(I->d, "csv-cell", "%s: project '%s' is in two files", display, tmp.id);
    I->errors++;
    return;
  }
  *p = tmp;
  if (!p->title)
    p->title = p->id;
  if (!p->programme && I->o->programme)
    p->programme = programme_get(I, P, I->o->programme, NULL)->id;
  if (!p->programme) {
    diag_plain(I->d, "csv-cell", "%s: project '%s' names no programme line: add a row "
               "'programme;NAME;Title' above the header, or give --programme=NAME",
               display, p->id);
    I->errors++;
  }
  if (!read_header(I, &S, &t->rows[head]))
    return;
  for (int i = head + 1; i < t->nrows; i++) {
    const Row *r = &t->rows[i];
    if (blank_row(r))
      continue;
    const char *label = row_label(I, &S, r);
    int nr;
    TRowKind k = row_kind(label);
    size_t ll = strlen(label);
    if (ll && label[ll - 1] == '.')
      ((char *)label)[ll - 1] = '\0';
    if (read_int(label, 0, 1000000, &nr))
      table_line(I, &S, r, p, P, nr);
    else if (k != TROW_OTHER)
      table_sums(I, &S, r, p, k);
    else
      cell_error(I, t, r, *cell(r, S.nr_col) ? S.nr_col : S.cat_col,
                 "'%s' is not a line number, nor a Totaal, Saldo, opening (1 januari) or "
                 "closing (31 december) row", *cell(r, S.nr_col) ? cell(r, S.nr_col)
                                                                  : cell(r, S.cat_col));
  }
}

/* The header of a project table: the first row with a baten or lasten
 * column of a year. -1: none. */
static int table_header(Arena *a, const Table *t) {
  for (int i = 0; i < t->nrows; i++)
    for (int c = 0; c < t->rows[i].n; c++) {
      TCol tc;
      if (amount_header(norm(a, t->rows[i].f[c].text), &tc))
        return i;
    }
  return -1;
}

/* ---------------------------------------------------------------- writing */


static void write_cells(Arena *a, Buf *b, const ILine *l, int side) {
  bool any = false;
  for (int i = 0; i < l->ncells; i++) {
    const ICell *c = &l->cells[i];
    if (c->side != side)
      continue;
    if (!any)
      buf_printf(b, "    %s", side_name((Side)side));
    any = true;
    buf_printf(b, " %d: %s", c->year, c->pm ? "PM" : plain(a, c->cents));
  }
  if (any)
    buf_putc(b, '\n');
}

static int cmp_cell(const void *x, const void *y) {
  const ICell *a = x, *b = y;
  return a->side != b->side ? a->side - b->side : a->year - b->year;
}

static void write_plan(Importer *I, const IPlan *P, Buf *b, const char *from) {
  const ImportOptions *o = I->o;
  buf_printf(b, "# Imported by amrc import from %s.\n\n", from);
  int y0 = o->y0 ? o->y0 : P->y0, y1 = o->y1 ? o->y1 : P->y1;
  if (!o->projects_only) {
    buf_printf(b, "plan %s ", o->plan_id ? o->plan_id : "begroting");
    buf_amr_string(b, o->title ? o->title : "Begroting");
    if (y0 == y1)
      buf_printf(b, " { years %d }\n\n", y0);
    else
      buf_printf(b, " { years %d..%d }\n\n", y0, y1);
    for (int i = 0; i < P->nprogrammes; i++) {
      buf_printf(b, "programme %s ", P->programmes[i].id);
      buf_amr_string(b, P->programmes[i].title);
      buf_putc(b, '\n');
    }
  }
  for (int i = 0; i < P->nprojects; i++) {
    const IProject *p = &P->projects[i];
    buf_printf(b, "\nproject %s ", p->id);
    buf_amr_string(b, p->title);
    buf_puts(b, " {\n");
    if (p->section && *p->section)
      buf_printf(b, "  section %s\n", p->section);
    if (p->programme)
      buf_printf(b, "  programme %s\n", p->programme);
    if (p->contact && *p->contact) {
      buf_puts(b, "  contact ");
      buf_amr_string(b, p->contact);
      buf_putc(b, '\n');
    }
    if (p->has_opening)
      buf_printf(b, "  opening %s\n", plain(I->a, p->opening));
    for (int j = 0; j < p->nlines; j++) {
      ILine *l = &p->lines[j];
      qsort(l->cells, (size_t)l->ncells, sizeof *l->cells, cmp_cell);
      buf_printf(b, "  %d ", l->nr);
      buf_amr_string(b, l->category ? l->category : "");
      buf_puts(b, " {\n");
      write_cells(I->a, b, l, SIDE_BATEN);
      write_cells(I->a, b, l, SIDE_LASTEN);
      if (l->note) {
        buf_puts(b, "    note ");
        buf_amr_string(b, l->note);
        buf_putc(b, '\n');
      }
      buf_puts(b, "  }\n");
    }
    buf_puts(b, "}\n");
    if (p->nexpects) {
      static const char *const order[] = {"opening", "baten", "lasten", "saldo", "closing"};
      buf_printf(b, "\n# The totals the table states.\nexpect %s {\n", p->id);
      for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        bool any = false;
        for (int y = y0; y <= y1; y++)
          for (int e = 0; e < p->nexpects; e++)
            if (p->expects[e].year == y && strcmp(p->expects[e].what, order[k]) == 0) {
              if (!any)
                buf_printf(b, "  %s", order[k]);
              any = true;
              buf_printf(b, " %d: %s", y, plain(I->a, p->expects[e].cents));
            }
        if (any)
          buf_putc(b, '\n');
      }
      buf_puts(b, "}\n");
    }
  }
}

/* ---------------------------------------------------------------- driver */

bool import_csv(Arena *a, Diags *d, SrcFile *const *files, int nfiles, const ImportOptions *o,
                Buf *out) {
  Importer I = {a, d, o, 0};
  IPlan P = {0};
  for (int i = 0; i < nfiles; i++) {
    Table t = {.file = files[i]};
    if (!read_csv(&I, &t))
      continue;
    int col[LC_N];
    int head = -1;
    for (int r = 0; r < t.nrows && head < 0; r++)
      if (!blank_row(&t.rows[r]))
        head = r;
    if (head >= 0 && is_long_csv(a, &t.rows[head], col)) {
      if (head > 0) {
        Row *r = &t.rows[head];
        cell_error(&I, &t, r, 0, "rows above the header of a long CSV");
      }
      t.rows += head;
      t.nrows -= head;
      import_long(&I, &t, col, &P);
      continue;
    }
    head = table_header(a, &t);
    if (head < 0) {
      diag_plain(d, "csv-cell", "%s: neither the long CSV of amrc --emit=csv (columns project, "
                 "line, side, year, amount) nor a project table (a header with baten or lasten "
                 "and a year, as 'lasten 2026')", files[i]->display);
      I.errors++;
      continue;
    }
    import_table(&I, &t, head, &P, files[i]->display);
  }
  if (I.errors)
    return false;
  if (!P.y0 && !o->y0) {
    diag_plain(d, "csv-cell", "no amounts to import, and no years: give --years");
    return false;
  }
  if (o->y0 && P.y0 && (P.y0 < o->y0 || P.y1 > o->y1)) {
    diag_plain(d, "csv-cell", "the tables have amounts for %d..%d, outside --years %d..%d",
               P.y0, P.y1, o->y0, o->y1);
    return false;
  }
  Buf text = {0};
  const char *from = nfiles == 1 ? files[0]->display : arena_printf(a, "%d files", nfiles);
  const char *base = strrchr(from, '/');
  write_plan(&I, &P, &text, base ? base + 1 : from);
  SrcFile *gen = src_from_memory(a, d, o->output ? o->output : "<import>", text.data, text.len);
  bool ok = gen && fmt_source(a, d, gen, out);
  buf_free(&text);
  return ok;
}

static const char import_usage[] = N_(
    "usage: amrc import [-o FILE] [OPTION]... CSV...\n"
    "\n"
    "Writes a plan in .amr, in amrc fmt's layout, from CSV files: the long CSV of\n"
    "amrc --emit=csv (either dialect), or project tables as kept in a spreadsheet\n"
    "(one project per file; see docs/import.md). Every file goes into one plan.\n"
    "\n"
    "  -o, --output=FILE       write to FILE (whole or not at all; default stdout)\n"
    "      --years=Y0..Y1      the plan's horizon (default: the years of the amounts)\n"
    "      --title=TEXT        the plan's title (default \"Begroting\")\n"
    "      --programme=NAME    the programme line of tables that name none\n"
    "      --decimal=comma|point  the decimal separator of amounts without a euro\n"
    "                          sign (default: comma in a file separated by ';',\n"
    "                          else a cell that could be either is an error)\n"
    "      --projects-only     write the projects only, to add to a plan's folder\n"
    "      --lang=nl|en        the language of the messages on stderr (default en)\n"
    "  -h, --help              show this help and exit\n"
    "\n"
    "Exit status: 0 written, 1 a cell or row that cannot be read (nothing written),\n"
    "2 usage or I/O errors.\n");

static int import_main(int argc, char **argv, const Catalog *nl) {
  static const struct option longs[] = {
      {"output", required_argument, NULL, 'o'},  {"years", required_argument, NULL, 'y'},
      {"title", required_argument, NULL, 't'},   {"programme", required_argument, NULL, 'p'},
      {"decimal", required_argument, NULL, 'd'}, {"projects-only", no_argument, NULL, 'P'},
      {"lang", required_argument, NULL, 'L'},    {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  ImportOptions o = {0};
  optind = 1;
  opterr = 0;  /* our own words, in the messages' language */
  int c;
  while ((c = getopt_long(argc, argv, ":o:h", longs, NULL)) != -1) {
    switch (c) {
    case 'o': o.output = optarg; break;
    case 't': o.title = optarg; break;
    case 'P': o.projects_only = true; break;
    case 'p':
      if (!is_ident(optarg))
        return nls_usage_error(nl, "amrc import", "'%s' is not a programme name", optarg);
      o.programme = optarg;
      break;
    case 'd':
      if (strcmp(optarg, "comma") == 0)
        o.decimal = ',';
      else if (strcmp(optarg, "point") == 0)
        o.decimal = '.';
      else
        return nls_usage_error(nl, "amrc import", "--decimal is comma or point, not '%s'", optarg);
      break;
    case 'y': {
      int y0, y1, n = 0;
      if (sscanf(optarg, "%d..%d%n", &y0, &y1, &n) != 2 || optarg[n] || y0 < 1000 ||
          y1 > 9999 || y1 < y0)
        return nls_usage_error(nl, "amrc import", "--years is a span of years, as 2027..2030, not '%s'", optarg);
      o.y0 = y0;
      o.y1 = y1;
      break;
    }
    case 'L':
      if (strcmp(optarg, "nl") != 0 && strcmp(optarg, "en") != 0)
        return nls_usage_error(nl, "amrc import", "--lang takes nl or en, not '%s'", optarg);
      break;
    case 'h': nls_help(nl, import_usage); return 0;
    default: return nls_getopt_error(nl, "amrc import", c, argv, longs);
    }
  }
  if (optind >= argc)
    return nls_usage_error(nl, "amrc import", "no CSV file given", NULL);
  Arena arena = {0};
  Diags d;
  diags_init(&d, &arena);
  d.nl = nl;
  d.dutch = nl != NULL;
  int n = argc - optind;
  SrcFile **files = arena_alloc(&arena, sizeof *files * (size_t)n);
  int rc = 0;
  for (int i = 0; i < n; i++) {
    files[i] = src_load(&arena, &d, argv[optind + i], argv[optind + i], NULL);
    if (!files[i])
      rc = 2;
  }
  Buf out = {0};
  if (rc == 0) {
    if (!import_csv(&arena, &d, files, n, &o, &out))
      rc = 1;
    else if (o.output ? !write_whole(o.output, &out, &d)
                      : fwrite(out.data ? out.data : "", 1, out.len, stdout) != out.len)
      rc = 2;
  }
  diags_print(&d, stderr, (DiagStyle){DIAG_TEXT, false});
  buf_free(&out);
  arena_free(&arena);
  return rc;
}

int amrc_import_main(int argc, char **argv) {
  Arena a = {0};
  int rc = import_main(argc, argv, nls_args(&a, argc, argv));
  arena_free(&a);
  return rc;
}

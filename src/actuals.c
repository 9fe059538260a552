/* actuals.c: realisatie. Reads what the financial administration booked
 * (CSV exports, --actuals), maps each booking to a line of the plan, and
 * compares the plan with it up to a reporting date: budget, realised,
 * forecast, findings, and the balances projected with the forecast in place
 * of the budget (docs/realisatie.md).
 *
 * Everything here lives beside the plan (Actuals, Realisatie): the plan is
 * read, never written. A booking that maps to no line, or to two, is an
 * error at its row; nothing is dropped or guessed. */
#include "actuals.h"
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ dates */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

static bool valid_date(int y, int m, int d) {
  return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

void fmt_date(char *out, size_t cap, int32_t date) {
  snprintf(out, cap, "%04d-%02d-%02d", (int)(date / 10000), (int)(date / 100 % 100),
           (int)(date % 100));
}

/* Digits from s[*i], at most max of them; -1 when there are none. */
static int digits(const char *s, size_t n, size_t *i, int max, int *count) {
  int v = 0, k = 0;
  while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
    v = v * 10 + (s[*i] - '0');
    (*i)++;
    k++;
  }
  *count = k;
  return k ? v : -1;
}

/* "2026-03-31" (ISO) or "31-03-2026", "31/3/2026", "31.03.2026" (Dutch). */
bool parse_booking_date(const char *s, size_t n, int32_t *out) {
  size_t i = 0;
  int k1, k2, k3;
  int a = digits(s, n, &i, 4, &k1);
  if (a < 0 || i >= n)
    return false;
  char sep = s[i];
  if (sep != '-' && sep != '/' && sep != '.')
    return false;
  i++;
  int b = digits(s, n, &i, 2, &k2);
  if (b < 0 || i >= n || s[i] != sep)
    return false;
  i++;
  int c = digits(s, n, &i, 4, &k3);
  if (c < 0 || i != n)
    return false;
  int y, m, d;
  if (k1 == 4 && k3 <= 2 && sep == '-') {
    y = a, m = b, d = c;
  } else if (k1 <= 2 && k3 == 4) {
    d = a, m = b, y = c;
  } else {
    return false;
  }
  if (!valid_date(y, m, d))
    return false;
  *out = y * 10000 + m * 100 + d;
  return true;
}

/* A period: "2026-03", "2026/03", "202603", or a month number (1..12, or 13
 * for the closing entries of December) when the year stands apart. Its
 * last day is the booking's date. */
static bool parse_period(const char *s, size_t n, int year, int32_t *out) {
  size_t i = 0;
  int k1, k2;
  int a = digits(s, n, &i, 6, &k1);
  int y, m;
  if (a < 0)
    return false;
  if (k1 == 6 && i == n) {
    y = a / 100, m = a % 100;
  } else if (k1 == 4 && i < n && (s[i] == '-' || s[i] == '/')) {
    i++;
    m = digits(s, n, &i, 2, &k2);
    if (m < 0 || i != n)
      return false;
    y = a;
  } else if (k1 <= 2 && i == n && year) {
    y = year, m = a;
  } else {
    return false;
  }
  if (m == 13)
    m = 12;
  if (y < 1000 || m < 1 || m > 12)
    return false;
  *out = y * 10000 + m * 100 + days_in(y, m);
  return true;
}

/* ------------------------------------------------------------------ amounts */

/* An amount as exports write it: "1.234,56", "-1234,56", "€ 1.234,56",
 * "-€ 1.234,56", "€ -1.234,56", "1234,56-" with a decimal comma; "1234.56",
 * "1,234.56" with a decimal point. Grouping must be in threes. At most
 * two decimals: more would be rounded, and money is never rounded here.
 * An empty amount is zero (a debet or credit column left blank). */
AmountResult parse_booking_amount(const char *s, size_t n, bool decimal_comma, int64_t *out) {
  char group = decimal_comma ? '.' : ',', dec = decimal_comma ? ',' : '.';
  size_t i = 0;
  bool neg = false;
  while (i < n && s[i] == ' ')
    i++;
  while (n > i && s[n - 1] == ' ')
    n--;
  if (i == n) {
    *out = 0;
    return AMT_OK;
  }
  if (s[i] == '-') {
    neg = true;
    i++;
  }
  if (n - i >= 3 && memcmp(s + i, "\xE2\x82\xAC", 3) == 0) {
    i += 3;
    while (i < n && s[i] == ' ')
      i++;
    if (!neg && i < n && s[i] == '-') {
      neg = true;
      i++;
    }
  }
  if (!neg && n > i && s[n - 1] == '-') {
    neg = true;
    n--;
  }
  i128 units = 0;
  int ndig = 0, since_group = 0, cents = 0, ncents = 0;
  bool grouped = false;
  for (; i < n && s[i] != dec; i++) {
    char ch = s[i];
    if (ch >= '0' && ch <= '9') {
      units = units * 10 + (ch - '0');
      if (units > (i128)INT64_MAX)
        return AMT_OVERFLOW;
      ndig++;
      since_group++;
    } else if (ch == group) {
      if (ndig == 0 || (grouped ? since_group != 3 : since_group > 3))
        return AMT_BAD;
      grouped = true;
      since_group = 0;
    } else {
      return AMT_BAD;
    }
  }
  if (ndig == 0 || (grouped && since_group != 3))
    return AMT_BAD;
  if (i < n) {
    for (size_t k = i + 1; k < n; k++)
      if (s[k] < '0' || s[k] > '9')
        return AMT_BAD;
    for (i++; i < n; i++) {
      if (++ncents > 2)
        return AMT_DECIMALS;
      cents = cents * 10 + (s[i] - '0');
    }
    if (ncents == 0)
      return AMT_BAD;
    if (ncents == 1)
      cents *= 10;
  }
  i128 v = units * 100 + cents;
  if (v > (i128)INT64_MAX)
    return AMT_OVERFLOW;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return AMT_OK;
}

/* ------------------------------------------------------------------ codes */

static bool all_digits(const char *s) {
  if (!*s)
    return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

/* Codes of digits compare as numbers ("0610" is 610), others as text. */
static int code_cmp(const char *a, const char *b) {
  if (all_digits(a) && all_digits(b)) {
    while (*a == '0' && a[1])
      a++;
    while (*b == '0' && b[1])
      b++;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
      return la < lb ? -1 : 1;
  }
  return strcmp(a, b);
}

static bool code_in(const CodeRange *r, const char *code) {
  for (; r; r = r->next)
    if (code_cmp(r->lo, code) <= 0 && code_cmp(code, r->hi) <= 0)
      return true;
  return false;
}

/* The key a code is hashed by: digits without leading zeros. */
static const char *code_key(const char *s) {
  if (all_digits(s))
    while (*s == '0' && s[1])
      s++;
  return s;
}

/* ------------------------------------------------------------------ the mapping */

/* One books statement with what it inherits: the cost centres of its
 * project when it names none, and the side it books to. */
typedef struct MapEntry {
  const Line *line;
  const Books *books;
  const CodeRange *kostenplaats, *kostensoort;
  int side;
  struct MapEntry *next_in_bucket;
} MapEntry;

typedef struct Mapping {
  MapEntry *entries;
  int n;
  MapEntry **buckets;      /* by an exact cost centre */
  size_t nbuckets;
  MapEntry **wide;         /* cost centres given as a range: tried for every booking */
  int nwide;
  const Project **projects;  /* by id, for bookings that name the project */
  size_t nprojects;
  bool ok;
} Mapping;

/* The side a line's money is on when a statement or a row does not say:
 * the one side it has amounts on; -1 when it has both or none. */
static int only_side(const Line *l) {
  bool b = l->cells[SIDE_BATEN] != NULL, s = l->cells[SIDE_LASTEN] != NULL;
  return b == s ? -1 : b ? SIDE_BATEN : SIDE_LASTEN;
}

static void bucket_put(Mapping *M, MapEntry *e, const char *code) {
  size_t h = name_hash(code_key(code)) & (M->nbuckets - 1);
  /* the same entry twice under one code would be found twice */
  for (MapEntry *x = M->buckets[h]; x; x = x->next_in_bucket)
    if (x == e)
      return;
  e->next_in_bucket = M->buckets[h];
  M->buckets[h] = e;
}

static bool build_mapping(const Plan *plan, Arena *a, Diags *d, Mapping *M) {
  memset(M, 0, sizeof *M);
  M->ok = true;
  int n = 0;
  for (int i = 0; i < plan->nlines; i++)
    for (const Books *b = line_books(plan->lines[i]); b; b = b->next)
      n++;
  M->entries = arena_alloc(a, sizeof *M->entries * (size_t)(n + 1));
  M->nbuckets = 16;
  while (M->nbuckets < (size_t)n * 2)
    M->nbuckets *= 2;
  M->buckets = arena_alloc(a, sizeof *M->buckets * M->nbuckets);
  M->wide = arena_alloc(a, sizeof *M->wide * (size_t)(n + 1));
  for (int i = 0; i < plan->nlines; i++) {
    const Line *l = plan->lines[i];
    for (const Books *b = line_books(l); b; b = b->next) {
      MapEntry *e = &M->entries[M->n];
      e->line = l;
      e->books = b;
      e->kostenplaats = b->kostenplaats ? b->kostenplaats
                        : l->project->books ? l->project->books->kostenplaats
                                            : NULL;
      e->kostensoort = b->kostensoort;
      e->side = b->side >= 0 ? b->side : only_side(l);
      if (!e->kostenplaats) {
        diag_report(d, "invalid-value", b->loc,
                    "'books' of line %d of '%s' names no kostenplaats, and its project "
                    "names none (add: books kostenplaats CODE)",
                    l->nr, l->project->id);
        M->ok = false;
        continue;
      }
      if (e->side < 0) {
        if (l->cells[0])
          diag_report(d, "invalid-value", b->loc,
                      "line %d of '%s' has baten and lasten: say which side this 'books' is "
                      "for (books baten ... or books lasten ...)",
                      l->nr, l->project->id);
        else
          diag_report(d, "invalid-value", b->loc,
                      "line %d of '%s' has no amounts: say which side this 'books' is for "
                      "(books baten ... or books lasten ...)",
                      l->nr, l->project->id);
        M->ok = false;
        continue;
      }
      M->n++;
      bool exact = true;
      for (const CodeRange *r = e->kostenplaats; r; r = r->next)
        if (code_cmp(r->lo, r->hi) != 0)
          exact = false;
      if (!exact) {
        M->wide[M->nwide++] = e;
        continue;
      }
      for (const CodeRange *r = e->kostenplaats; r; r = r->next)
        bucket_put(M, e, r->lo);
    }
  }
  M->nprojects = 16;
  while (M->nprojects < (size_t)plan->nprojects * 2)
    M->nprojects *= 2;
  M->projects = arena_alloc(a, sizeof *M->projects * M->nprojects);
  for (int i = 0; i < plan->nprojects; i++) {
    const Project *p = plan->projects[i];
    size_t h = name_hash(p->id) & (M->nprojects - 1);
    while (M->projects[h])
      h = (h + 1) & (M->nprojects - 1);
    M->projects[h] = p;
  }
  return M->ok;
}

static const Project *find_project(const Mapping *M, const char *id) {
  size_t h = name_hash(id) & (M->nprojects - 1);
  for (; M->projects[h]; h = (h + 1) & (M->nprojects - 1))
    if (strcmp(M->projects[h]->id, id) == 0)
      return M->projects[h];
  return NULL;
}

/* ------------------------------------------------------------------ CSV */

enum {
  COL_DATE,
  COL_PERIOD,
  COL_YEAR,
  COL_AMOUNT,
  COL_DEBET,
  COL_CREDIT,
  COL_DESCRIPTION,
  COL_PROJECT,
  COL_LINE,
  COL_SIDE,
  COL_KOSTENPLAATS,
  COL_KOSTENSOORT,
  NCOLS
};

/* Column names as administrations head them (compared without case). */
static const struct {
  const char *name;
  int col;
} column_names[] = {
    {"datum", COL_DATE},          {"boekdatum", COL_DATE},
    {"boekingsdatum", COL_DATE},  {"date", COL_DATE},
    {"booking date", COL_DATE},   {"periode", COL_PERIOD},
    {"boekperiode", COL_PERIOD},  {"period", COL_PERIOD},
    {"jaar", COL_YEAR},           {"boekjaar", COL_YEAR},
    {"year", COL_YEAR},           {"bedrag", COL_AMOUNT},
    {"amount", COL_AMOUNT},       {"debet", COL_DEBET},
    {"debit", COL_DEBET},         {"credit", COL_CREDIT},
    {"omschrijving", COL_DESCRIPTION}, {"description", COL_DESCRIPTION},
    {"project", COL_PROJECT},     {"line", COL_LINE},
    {"regel", COL_LINE},          {"side", COL_SIDE},
    {"kant", COL_SIDE},           {"kostenplaats", COL_KOSTENPLAATS},
    {"kpl", COL_KOSTENPLAATS},    {"cost centre", COL_KOSTENPLAATS},
    {"cost center", COL_KOSTENPLAATS}, {"kostensoort", COL_KOSTENSOORT},
    {"grootboekrekening", COL_KOSTENSOORT}, {"grootboek", COL_KOSTENSOORT},
    {"cost type", COL_KOSTENSOORT},
};

static const char *col_label[NCOLS] = {
    "datum", "periode", "jaar", "bedrag", "debet", "credit", "omschrijving",
    "project", "regel", "kant", "kostenplaats", "kostensoort",
};

typedef struct Field {
  uint32_t begin, end;     /* in the file's text, quotes included */
  const char *text;        /* unquoted, NUL-terminated */
} Field;

typedef struct Reader {
  const Plan *plan;
  Arena *a;
  Diags *d;
  SrcFile *f;
  const char *s;
  size_t len, at;
  char sep;
  Field *fields;
  int nfields, capfields;
  Buf scratch;
  bool unterminated;       /* a quote that no quote closes: the record runs to the end */
  bool ok;
} Reader;

/* The next record's fields; false at the end of the file. A record ends
 * at a line feed outside quotes; a CR before it is dropped. */
static bool next_record(Reader *R, uint32_t *rec_begin, uint32_t *rec_end) {
  if (R->at >= R->len)
    return false;
  R->nfields = 0;
  *rec_begin = (uint32_t)R->at;
  for (;;) {
    R->fields = arena_grow(R->a, R->fields, R->nfields, &R->capfields, sizeof *R->fields);
    Field *fl = &R->fields[R->nfields++];
    fl->begin = (uint32_t)R->at;
    R->scratch.len = 0;
    if (R->at < R->len && R->s[R->at] == '"') {
      R->at++;
      for (;;) {
        if (R->at >= R->len) {
          R->unterminated = true;
          break;
        }
        char ch = R->s[R->at];
        if (ch == '"') {
          if (R->at + 1 < R->len && R->s[R->at + 1] == '"') {
            buf_putc(&R->scratch, '"');
            R->at += 2;
            continue;
          }
          R->at++;
          break;
        }
        buf_putc(&R->scratch, ch);
        R->at++;
      }
      /* anything between the closing quote and the separator is kept */
      while (R->at < R->len && R->s[R->at] != R->sep && R->s[R->at] != '\n' &&
             R->s[R->at] != '\r')
        buf_putc(&R->scratch, R->s[R->at++]);
    } else {
      while (R->at < R->len && R->s[R->at] != R->sep && R->s[R->at] != '\n' &&
             !(R->s[R->at] == '\r' && (R->at + 1 >= R->len || R->s[R->at + 1] == '\n')))
        buf_putc(&R->scratch, R->s[R->at++]);
    }
    fl->end = (uint32_t)R->at;
    /* trimmed of the spaces exports pad columns with */
    size_t b = 0, e = R->scratch.len;
    while (b < e && (R->scratch.data[b] == ' ' || R->scratch.data[b] == '\t'))
      b++;
    while (e > b && (R->scratch.data[e - 1] == ' ' || R->scratch.data[e - 1] == '\t'))
      e--;
    fl->text = arena_strndup(R->a, R->scratch.data ? R->scratch.data + b : "", e - b);
    if (R->at < R->len && R->s[R->at] == R->sep) {
      R->at++;
      continue;
    }
    *rec_end = (uint32_t)R->at;
    if (R->at < R->len && R->s[R->at] == '\r')
      R->at++;
    if (R->at < R->len && R->s[R->at] == '\n')
      R->at++;
    return true;
  }
}

static Loc field_loc(const Reader *R, const Field *fl) { return (Loc){R->f, fl->begin, fl->end}; }

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool same_name(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (lower(*a) != lower(*b))
      return false;
  return !*a && !*b;
}

static const char *row_fields(Reader *R, const int *col) {
  Buf b = {0};
  bool first = true;
  for (int c = 0; c < NCOLS; c++) {
    if (col[c] < 0 || c == COL_DESCRIPTION || col[c] >= R->nfields || !R->fields[col[c]].text[0])
      continue;
    buf_printf(&b, "%s%s %s", first ? "" : ", ", col_label[c], R->fields[col[c]].text);
    first = false;
  }
  const char *out = arena_strndup(R->a, b.data ? b.data : "", b.len);
  buf_free(&b);
  return out;
}

static void row_error(Reader *R, const char *name, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void row_error(Reader *R, const char *name, Loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_vreport(R->d, name, loc, fmt, ap);
  va_end(ap);
  R->ok = false;
}

static bool has_value(const Reader *R, const int *col, int c) {
  return col[c] >= 0 && col[c] < R->nfields && R->fields[col[c]].text[0];
}

static int64_t amount_of(Reader *R, const int *col, int c, bool *bad) {
  const Field *fl = &R->fields[col[c]];
  int64_t v = 0;
  AmountResult r = parse_booking_amount(fl->text, strlen(fl->text), R->sep == ';', &v);
  if (r == AMT_OK)
    return v;
  *bad = true;
  /* phrases in both languages: the message holds no English word in Dutch */
  const char *how =
      R->sep == ';'
          ? diag_phrase(R->d, "a decimal comma (1.234,56 or 1234,56), as a ';' export writes it")
          : diag_phrase(R->d, "a decimal point (1234.56 or \"1,234.56\"), as a ',' export writes it");
  if (r == AMT_DECIMALS)
    row_error(R, "actuals-format", field_loc(R, fl),
              "%s '%s' has more than two decimals; amounts are in cents", col_label[c], fl->text);
  else if (r == AMT_OVERFLOW)
    row_error(R, "overflow", field_loc(R, fl), "%s '%s' is beyond the money type", col_label[c],
              fl->text);
  else
    row_error(R, "actuals-format", field_loc(R, fl), "%s '%s' is not an amount; write it with %s",
              col_label[c], fl->text, how);
  return 0;
}

/* The line a row books to, by the codes of the administration. */
static const Line *map_codes(Reader *R, const Mapping *M, const int *col, Loc row, int *side) {
  const char *kp = has_value(R, col, COL_KOSTENPLAATS) ? R->fields[col[COL_KOSTENPLAATS]].text : "";
  const char *ks = has_value(R, col, COL_KOSTENSOORT) ? R->fields[col[COL_KOSTENSOORT]].text : "";
  Loc at = col[COL_KOSTENPLAATS] >= 0 ? field_loc(R, &R->fields[col[COL_KOSTENPLAATS]]) : row;
  if (!*kp) {
    row_error(R, "actuals-unmapped", at, "booking without a kostenplaats (%s)", row_fields(R, col));
    return NULL;
  }
  const MapEntry *hit = NULL, *other = NULL;
  size_t h = name_hash(code_key(kp)) & (M->nbuckets - 1);
  for (int pass = 0; pass < 2 && !other; pass++) {
    MapEntry *const *list = pass == 0 ? &M->buckets[h] : M->wide;
    int nlist = pass == 0 ? -1 : M->nwide;
    const MapEntry *e = pass == 0 ? *list : NULL;
    for (int k = 0; pass == 0 ? e != NULL : k < nlist; k++) {
      if (pass == 1)
        e = list[k];
      if (code_in(e->kostenplaats, kp) && (!e->kostensoort || (*ks && code_in(e->kostensoort, ks)))) {
        if (!hit)
          hit = e;
        else if (hit->line != e->line || hit->side != e->side)
          other = e;
        if (other)
          break;
      }
      if (pass == 0)
        e = e->next_in_bucket;
    }
  }
  if (!hit) {
    row_error(R, "actuals-unmapped", at,
              "booking maps to no line of the plan (%s); add the codes to a line's 'books'",
              row_fields(R, col));
    return NULL;
  }
  if (other) {
    /* named in the plan's order, so the message does not depend on the hash */
    if (other->line->index < hit->line->index) {
      const MapEntry *t = hit;
      hit = other;
      other = t;
    }
    Diag *g = diag_report(R->d, "actuals-ambiguous", at,
                          "booking maps to two lines, %s %d of '%s' and %s %d of '%s' (%s)",
                          side_name((Side)hit->side), hit->line->nr, hit->line->project->id,
                          side_name((Side)other->side), other->line->nr,
                          other->line->project->id, row_fields(R, col));
    R->ok = false;
    if (g) {
      diag_note(R->d, g, hit->books->loc, "line %d of '%s' books it here", hit->line->nr,
                hit->line->project->id);
      diag_note(R->d, g, other->books->loc, "and line %d of '%s' here", other->line->nr,
                other->line->project->id);
    }
    return NULL;
  }
  *side = hit->side;
  return hit->line;
}

/* The line a row names itself: project, line and (when the line has both
 * sides) side. */
static const Line *map_direct(Reader *R, const Mapping *M, const int *col, Loc row, int *side) {
  const Field *pf = &R->fields[col[COL_PROJECT]];
  const Project *p = find_project(M, pf->text);
  if (!p) {
    const char *best = NULL;
    size_t bestd = 3;
    for (int i = 0; i < R->plan->nprojects; i++) {
      size_t dist = edit_distance(pf->text, R->plan->projects[i]->id);
      if (dist < bestd) {
        bestd = dist;
        best = R->plan->projects[i]->id;
      }
    }
    if (best)
      row_error(R, "actuals-unmapped", field_loc(R, pf),
                "booking names project '%s', which the plan does not have; did you mean '%s'?",
                pf->text, best);
    else
      row_error(R, "actuals-unmapped", field_loc(R, pf),
                "booking names project '%s', which the plan does not have", pf->text);
    return NULL;
  }
  const Field *lf = col[COL_LINE] >= 0 ? &R->fields[col[COL_LINE]] : pf;
  char *end = NULL;
  long nr = col[COL_LINE] >= 0 ? strtol(lf->text, &end, 10) : 0;
  const Line *l = NULL;
  if (col[COL_LINE] < 0 || !lf->text[0] || *end || nr < 1 || nr > 1000000 ||
      !(l = project_line(p, (int)nr))) {
    row_error(R, "actuals-unmapped", field_loc(R, lf),
              "booking names line '%s' of '%s', which has no such line", lf->text, p->id);
    return NULL;
  }
  *side = only_side(l);
  if (has_value(R, col, COL_SIDE)) {
    const Field *sf = &R->fields[col[COL_SIDE]];
    if (same_name(sf->text, "baten") || same_name(sf->text, "b"))
      *side = SIDE_BATEN;
    else if (same_name(sf->text, "lasten") || same_name(sf->text, "l"))
      *side = SIDE_LASTEN;
    else {
      row_error(R, "actuals-format", field_loc(R, sf), "kant '%s' is neither baten nor lasten",
                sf->text);
      return NULL;
    }
  } else if (*side < 0) {
    if (l->cells[0])
      row_error(R, "actuals-unmapped", row,
                "booking on line %d of '%s' does not say baten or lasten, and the line has both",
                l->nr, p->id);
    else
      row_error(R, "actuals-unmapped", row,
                "booking on line %d of '%s' does not say baten or lasten, and the line has no "
                "amounts",
                l->nr, p->id);
    return NULL;
  }
  return l;
}

static void add_booking(Actuals *A, Booking b) {
  if (A->n == A->cap) {
    int cap = A->cap ? 2 * A->cap : 1024;
    A->bookings = xrealloc(A->bookings, sizeof *A->bookings * (size_t)cap);
    A->cap = cap;
  }
  A->bookings[A->n++] = b;
}

/* Which role each column has; false (and said why) when the header does
 * not give what a booking needs. */
static bool read_header(Reader *R, int *col, Loc head) {
  for (int c = 0; c < NCOLS; c++)
    col[c] = -1;
  for (int i = 0; i < R->nfields; i++) {
    const char *name = R->fields[i].text;
    for (size_t k = 0; k < sizeof column_names / sizeof column_names[0]; k++) {
      if (!same_name(name, column_names[k].name))
        continue;
      int c = column_names[k].col;
      if (col[c] >= 0) {
        row_error(R, "actuals-format", field_loc(R, &R->fields[i]),
                  "two columns give the %s ('%s' and '%s')", col_label[c],
                  R->fields[col[c]].text, name);
        return false;
      }
      col[c] = i;
    }
  }
  const char *missing = NULL;
  if (col[COL_DATE] < 0 && col[COL_PERIOD] < 0)
    missing = diag_phrase(R->d, "a datum (boekdatum, date) or periode column");
  else if (col[COL_AMOUNT] < 0 && (col[COL_DEBET] < 0 || col[COL_CREDIT] < 0))
    missing = diag_phrase(R->d, "a bedrag (amount) column, or debet and credit columns");
  else if (col[COL_PROJECT] < 0 && col[COL_KOSTENPLAATS] < 0)
    missing = diag_phrase(R->d, "project and regel columns, or a kostenplaats column (and kostensoort)");
  else if (col[COL_PROJECT] >= 0 && col[COL_LINE] < 0)
    missing = diag_phrase(R->d, "a regel (line) column beside the project column");
  else if (col[COL_AMOUNT] >= 0 && (col[COL_DEBET] >= 0 || col[COL_CREDIT] >= 0))
    missing = diag_phrase(R->d, "either a bedrag column or debet and credit columns, not both");
  if (missing) {
    row_error(R, "actuals-format", head,
              "the header of this export needs %s; it has: %s", missing,
              arena_strndup(R->a, R->s + head.begin, head.end - head.begin));
    return false;
  }
  return true;
}

/* The separator: ';' (and a decimal comma) when the header has one outside
 * quotes, else ','. */
static char sniff_separator(const char *s, size_t len) {
  bool quoted = false;
  for (size_t i = 0; i < len && s[i] != '\n'; i++) {
    if (s[i] == '"')
      quoted = !quoted;
    else if (!quoted && s[i] == ';')
      return ';';
  }
  return ',';
}

bool actuals_read(const Plan *plan, Arena *a, Diags *d, const char *path, Actuals *out) {
  SrcFile *f = src_load(a, d, path, path, NULL);
  if (!f)
    return false;
  if (!out->mapping) {
    out->mapping = arena_alloc(a, sizeof *out->mapping);
    build_mapping(plan, a, d, out->mapping);
  }
  Mapping *M = out->mapping;
  if (!M->ok)
    return false;
  Reader R = {.plan = plan, .a = a, .d = d, .f = f, .s = f->text, .len = f->len, .ok = true};
  R.sep = sniff_separator(R.s, R.len);
  out->nfiles++;
  uint32_t rb, re;
  int col[NCOLS];
  if (!next_record(&R, &rb, &re)) {
    diag_report(d, "actuals-format", (Loc){f, 0, 0}, "the export is empty: no header, no bookings");
    buf_free(&R.scratch);
    return false;
  }
  if (!read_header(&R, col, (Loc){f, rb, re})) {
    buf_free(&R.scratch);
    return false;
  }
  int nheader = R.nfields;
  while (next_record(&R, &rb, &re)) {
    Loc row = {f, rb, re};
    bool empty = true;
    for (int i = 0; i < R.nfields; i++)
      if (R.fields[i].text[0])
        empty = false;
    if (empty)
      continue;
    if (R.unterminated) {
      row_error(&R, "actuals-format", (Loc){f, R.fields[R.nfields - 1].begin, R.fields[R.nfields - 1].begin + 1},
                "a quote that nothing closes: this field runs to the end of the file");
      break;
    }
    if (R.nfields != nheader) {
      if (R.nfields == 1)
        row_error(&R, "actuals-format", row, "this row has %d field, the header %d (a '%c' inside "
                  "a field must be quoted)", R.nfields, nheader, R.sep);
      else
        row_error(&R, "actuals-format", row, "this row has %d fields, the header %d (a '%c' inside "
                  "a field must be quoted)", R.nfields, nheader, R.sep);
      continue;
    }
    int32_t date = 0;
    if (has_value(&R, col, COL_DATE)) {
      const Field *fl = &R.fields[col[COL_DATE]];
      if (!parse_booking_date(fl->text, strlen(fl->text), &date)) {
        row_error(&R, "actuals-format", field_loc(&R, fl),
                  "datum '%s' is not a date; write 2026-03-31 or 31-03-2026", fl->text);
        continue;
      }
    } else if (has_value(&R, col, COL_PERIOD)) {
      const Field *fl = &R.fields[col[COL_PERIOD]];
      int year = 0;
      if (has_value(&R, col, COL_YEAR)) {
        char *end;
        year = (int)strtol(R.fields[col[COL_YEAR]].text, &end, 10);
        if (*end)
          year = 0;
      }
      if (!parse_period(fl->text, strlen(fl->text), year, &date)) {
        row_error(&R, "actuals-format", field_loc(&R, fl),
                  "periode '%s' is not a period; write 2026-03, 202603, or the month "
                  "(1 to 13) beside a jaar column", fl->text);
        continue;
      }
    } else {
      row_error(&R, "actuals-format", row, "booking without a date or period");
      continue;
    }
    bool bad = false;
    int64_t debet = 0, credit = 0, amount = 0;
    if (col[COL_AMOUNT] >= 0) {
      amount = amount_of(&R, col, COL_AMOUNT, &bad);
    } else {
      debet = amount_of(&R, col, COL_DEBET, &bad);
      credit = amount_of(&R, col, COL_CREDIT, &bad);
    }
    if (bad)
      continue;
    int side = -1;
    const Line *l = has_value(&R, col, COL_PROJECT) ? map_direct(&R, M, col, row, &side)
                    : col[COL_KOSTENPLAATS] >= 0    ? map_codes(&R, M, col, row, &side)
                                                    : NULL;
    if (!l) {
      if (col[COL_KOSTENPLAATS] < 0 && !has_value(&R, col, COL_PROJECT))
        row_error(&R, "actuals-unmapped", row, "booking without a project");
      continue;
    }
    if (col[COL_AMOUNT] < 0) {
      /* debet adds to lasten, credit to baten */
      bool ok = side == SIDE_LASTEN ? money_sub(debet, credit, &amount)
                                    : money_sub(credit, debet, &amount);
      if (!ok) {
        row_error(&R, "overflow", row, "debet minus credit is beyond the money type");
        continue;
      }
    }
    int year = date / 10000;
    if (year_index(plan, year) < 0) {
      row_error(&R, "actuals-year", row, "booking dated %d, outside the plan's years %d..%d",
                year, plan->first_year, plan->first_year + plan->nyears - 1);
      continue;
    }
    add_booking(out, (Booking){.line = l, .loc = row, .cents = amount, .date = date, .side = side});
    if (date > out->last_date)
      out->last_date = date;
  }
  buf_free(&R.scratch);
  return R.ok;
}

/* ------------------------------------------------------------------ comparison */

/* The share of a year's budget a line's profile puts on or before the
 * date, as num/den. */
static void profile_share(const Line *l, int year, int32_t as_of, int *num, int *den) {
  int ay = as_of / 10000, am = as_of / 100 % 100, ad = as_of % 100;
  if (year < ay) {
    *num = *den = 1;
    return;
  }
  if (year > ay) {
    *num = 0, *den = 1;
    return;
  }
  const Spends *s = line_spends(l);
  int closed = ad == days_in(ay, am) ? am : am - 1;  /* whole months */
  if (!s || s->kind == SPEND_MONTHLY) {
    *num = closed, *den = 12;
  } else if (s->kind == SPEND_QUARTERLY) {
    *num = closed / 3, *den = 4;
  } else {
    int day = s->day > days_in(ay, s->month) ? days_in(ay, s->month) : s->day;
    *num = as_of >= ay * 10000 + s->month * 100 + day ? 1 : 0;
    *den = 1;
  }
}

static int64_t sum_sat(int64_t a, int64_t b, bool *overflow) {
  int64_t v;
  if (money_add(a, b, &v))
    return v;
  *overflow = true;
  return money_add_sat(a, b);
}

RealSum realisatie_sum(const Realisatie *r, const RealProject *rp, Side side, int year) {
  RealSum v = {0};
  int from = rp ? rp->first_row : 0, to = rp ? rp->first_row + rp->nrows : r->nrows;
  for (int i = from; i < to; i++) {
    const RealRow *row = &r->rows[i];
    if (row->side != side || row->year != year)
      continue;
    v.nrows++;
    v.nbookings += row->nbookings;
    v.budget = sum_sat(v.budget, row->budget, &v.overflow);
    v.to_date = sum_sat(v.to_date, row->to_date, &v.overflow);
    v.realised = sum_sat(v.realised, row->realised, &v.overflow);
    v.forecast = sum_sat(v.forecast, row->forecast, &v.overflow);
  }
  return v;
}

bool realisatie_shown(const RealProject *rp) { return rp->nrows || rp->changed; }

bool realisatie_permille(int64_t part, int64_t budget, int64_t *out) {
  if (budget == 0)
    return false;
  *out = (int64_t)div_round((i128)part * 1000, budget);
  return true;
}

/* The amounts that take the budget's place in the forecast (Scenario.cents):
 * per cell of the plan, [2 * (line index * nyears + yi) + side]. */
typedef struct Forecast {
  int64_t *cents;
  uint8_t *set;
  int nyears;
} Forecast;

static void forecast_put(Forecast *F, const Line *l, int s, int yi, int64_t cents) {
  size_t at = 2 * ((size_t)l->index * (size_t)F->nyears + (size_t)yi) + (size_t)s;
  F->cents[at] = cents;
  F->set[at] = 1;
}

static RealRow *new_row(Arena *a, Realisatie *r, int *cap) {
  r->rows = arena_grow(a, r->rows, r->nrows, cap, sizeof *r->rows);
  return &r->rows[r->nrows++];
}

/* The rows of one line and side, and their forecast in place of the
 * budget. Baten the profile puts on or before the date and that have not
 * come (in any year compared, against what came in them) are late, not
 * lost: they are expected the year after the date's, when the horizon has
 * it. */
static void line_rows(const Plan *plan, const Results *res, Arena *a, Realisatie *r, int *cap,
                      const Line *l, int s, const int64_t *sum, const int *count,
                      const bool *overflow, Forecast *F, RealProject *rp) {
  int ny = r->last_year - r->first_year + 1;
  int64_t due = 0, got = 0;
  RealRow *last = NULL;
  for (int y = 0; y < ny; y++) {
    int year = r->first_year + y, yi = year_index(plan, year);
    size_t at = ((size_t)l->index * 2 + (size_t)s) * (size_t)ny + (size_t)y;
    int64_t budget = cents_at(res, l, s, yi);
    if (budget == 0 && count[at] == 0)
      continue;
    RealRow *row = new_row(a, r, cap);
    int num, den;
    profile_share(l, year, r->opt.as_of, &num, &den);
    *row = (RealRow){.line = l, .side = (Side)s, .year = year, .budget = budget,
                     .realised = sum[at], .nbookings = count[at]};
    row->to_date = (int64_t)div_round((i128)budget * num, den);
    int64_t open = 0;
    if (overflow[at] || !money_sub(budget, row->to_date, &open) ||
        !money_add(row->realised, open, &row->forecast) || !money_add(due, row->to_date, &due) ||
        !money_add(got, row->realised, &got))
      rp->overflow = true;
    /* a PM budget of the date's year stays unknown; a closed year's is
     * what was booked */
    if (!(pm_at(res, l, s, yi) && year == r->last_year))
      forecast_put(F, l, s, yi, row->forecast);
    last = row;
  }
  int next = year_index(plan, r->last_year + 1);
  int64_t late = 0;
  if (s != SIDE_BATEN || !last || rp->overflow || !money_sub(due, got, &late) || late <= 0)
    return;
  last->late = late;
  int64_t expected;
  if (next < 0 || pm_at(res, l, s, next))
    return;  /* beyond the horizon, or into a year whose amount is unknown: not counted */
  if (money_add(cents_at(res, l, s, next), late, &expected))
    forecast_put(F, l, s, next, expected);
  else
    rp->overflow = true;
}

/* What the allocation of a project gives per year: the money paid back
 * unspent and the claims left unpaid at each year's end. */
static void alloc_years(Arena *a, const Plan *plan, const ProjectAlloc *pa, int64_t **paid_back,
                        int64_t **unpaid) {
  *paid_back = arena_alloc(a, sizeof **paid_back * (size_t)plan->nyears);
  *unpaid = arena_alloc(a, sizeof **unpaid * (size_t)plan->nyears);
  memcpy(*paid_back, pa->returned, sizeof **paid_back * (size_t)plan->nyears);
  memcpy(*unpaid, pa->unpaid, sizeof **unpaid * (size_t)plan->nyears);
}

/* The proof again: the plan evaluated with the forecast in place of the
 * budget (a second Results, through the Scenario), and the coverage
 * allocation of each project it changes, beside the plan's. */
static void prove_again(const Plan *plan, const Results *res, Arena *a, Realisatie *r,
                        const Forecast *F) {
  Diags scratch;
  diags_init(&scratch, a);
  scratch.max_errors = 1000000;
  results_init(&r->forecast, plan, a, &(Scenario){.cents = F->cents, .set = F->set});
  /* The plan's own findings were reported by the run that checked it;
   * what the evaluator says again here (a rule against inputs that now
   * hold the forecast) is not a finding of the actuals. Only money beyond
   * the money type is. */
  r->forecast_ok = eval_plan(plan, &r->forecast, &scratch);
  for (const Diag *g = scratch.head; g; g = g->next)
    if (strcmp(g->name, "overflow") == 0)
      r->forecast_ok = false;
  r->forecast.scenario = (Scenario){0};
  for (int pi = 0; pi < r->nprojects; pi++) {
    RealProject *rp = &r->projects[pi];
    const Project *p = rp->project;
    const ProjectResult *pr = project_result(res, p);
    const ProjectResult *fr = project_result(&r->forecast, p);
    for (int yi = 0; yi < plan->nyears; yi++) {
      rp->planned[yi] = pr->closing ? pr->closing[yi] : 0;
      rp->projected[yi] = r->forecast_ok && fr->closing ? fr->closing[yi] : rp->planned[yi];
      rp->changed = rp->changed || rp->projected[yi] != rp->planned[yi];
    }
    if (!r->forecast_ok || (!rp->changed && !rp->nrows))
      continue;
    rp->alloc_planned = alloc_project(a, plan, res, p);
    rp->alloc_forecast = alloc_project(a, plan, &r->forecast, p);
    alloc_years(a, plan, rp->alloc_planned, &rp->paid_back_planned, &rp->unpaid_planned);
    alloc_years(a, plan, rp->alloc_forecast, &rp->paid_back_forecast, &rp->unpaid_forecast);
    if (rp->alloc_planned->overflow || rp->alloc_forecast->overflow)
      rp->overflow = true;
    for (int yi = 0; yi < plan->nyears; yi++)
      rp->changed = rp->changed || rp->paid_back_planned[yi] != rp->paid_back_forecast[yi] ||
                    rp->unpaid_planned[yi] != rp->unpaid_forecast[yi];
  }
}

Realisatie *realisatie_compute(const Plan *plan, const Results *res, Arena *a,
                               const Actuals *act, const ActualsOptions *o) {
  Realisatie *r = arena_alloc(a, sizeof *r);
  r->opt = *o;
  if (!r->opt.as_of)
    r->opt.as_of = act->last_date ? act->last_date : (plan->first_year * 10000 + 1231);
  int ay = r->opt.as_of / 10000;
  r->first_year = r->last_year = ay;
  for (int i = 0; i < act->n; i++)
    if (act->bookings[i].date <= r->opt.as_of && act->bookings[i].date / 10000 < r->first_year)
      r->first_year = act->bookings[i].date / 10000;
  if (r->first_year < plan->first_year)
    r->first_year = plan->first_year;
  int ny = r->last_year - r->first_year + 1;
  if (ny < 1)
    ny = 0;

  /* sums per line, side and year compared: [(line * 2 + side) * ny + y] */
  size_t ncell = (size_t)plan->nlines * 2 * (size_t)(ny ? ny : 1);
  int64_t *sum = xcalloc(ncell, sizeof *sum);
  int *count = xcalloc(ncell, sizeof *count);
  bool *overflow = xcalloc(ncell, sizeof *overflow);
  for (int i = 0; i < act->n; i++) {
    const Booking *b = &act->bookings[i];
    if (b->date > r->opt.as_of) {
      r->nlater++;
      continue;
    }
    int y = b->date / 10000 - r->first_year;
    if (y < 0 || y >= ny)
      continue;
    r->nbooked++;
    size_t at = ((size_t)b->line->index * 2 + (size_t)b->side) * (size_t)ny + (size_t)y;
    if (!money_add(sum[at], b->cents, &sum[at]))
      overflow[at] = true;
    count[at]++;
  }

  size_t nplan = 2 * (size_t)plan->nlines * (size_t)plan->nyears + 1;
  Forecast F = {xcalloc(nplan, sizeof *F.cents), xcalloc(nplan, 1), plan->nyears};
  int cap = 64;
  r->rows = arena_alloc(a, sizeof *r->rows * (size_t)cap);
  r->nprojects = plan->nprojects;
  r->projects = arena_alloc(a, sizeof *r->projects * (size_t)(plan->nprojects + 1));
  for (int pi = 0; pi < plan->nprojects; pi++) {
    const Project *p = plan->projects[pi];
    RealProject *rp = &r->projects[pi];
    rp->project = p;
    rp->first_row = r->nrows;
    rp->planned = arena_alloc(a, sizeof *rp->planned * (size_t)plan->nyears);
    rp->projected = arena_alloc(a, sizeof *rp->projected * (size_t)plan->nyears);
    for (int li = 0; li < p->nlines; li++) {
      const Line *l = p->by_nr[li];
      for (int s = 0; s < 2; s++) {
        /* A side is compared when the plan maps it (books) or the export
         * books to it; a line the export cannot reach is not "behind". */
        bool mapped = false, booked = false, budgeted = false;
        for (const Books *b = line_books(l); b; b = b->next)
          if ((b->side >= 0 ? b->side : only_side(l)) == s)
            mapped = true;
        for (int y = 0; y < ny; y++) {
          size_t at = ((size_t)l->index * 2 + (size_t)s) * (size_t)ny + (size_t)y;
          booked = booked || count[at] > 0;
          budgeted = budgeted || cents_at(res, l, s, year_index(plan, r->first_year + y)) != 0;
        }
        if (!mapped && !booked) {
          if (budgeted)
            r->nunmapped++;
          continue;
        }
        line_rows(plan, res, a, r, &cap, l, s, sum, count, overflow, &F, rp);
      }
    }
    rp->nrows = r->nrows - rp->first_row;
  }
  free(sum);
  free(count);
  free(overflow);
  prove_again(plan, res, a, r, &F);
  free(F.cents);
  free(F.set);
  return r;
}

/* ------------------------------------------------------------------ findings */

static const char *eur(Arena *a, int64_t cents) {
  char buf[64];
  fmt_eur_nl(buf, sizeof buf, cents, false);
  return arena_strdup(a, buf);
}

static const char *pct(Arena *a, int64_t part, int64_t whole) {
  int64_t pm;
  if (!realisatie_permille(part, whole, &pm))
    return "-";
  return arena_printf(a, "%lld%%", (long long)div_round(pm, 10));
}

static const Source *paying_source(const Line *l) {
  if (l->paid_by_source)
    return l->paid_by_source;
  if (l->paid_by_line)
    return l->paid_by_line->source;
  return NULL;
}

static const char *const realisatie_names[] = {
    "over-budget", "forecast-over-budget", "spending-behind", "unbudgeted-booking",
    "actuals-prefinancing", "actuals-shortfall", "actuals-unspent-earmarked",
};

bool realisatie_finding(const char *name) {
  for (size_t i = 0; i < sizeof realisatie_names / sizeof realisatie_names[0]; i++)
    if (strcmp(name, realisatie_names[i]) == 0)
      return true;
  return false;
}

/* The findings and the plan's acknowledgements of them (accept NAME
 * [YEARS] "REASON" on the line or its project). Which accepts were used is
 * kept here, not in the plan. */
typedef struct Findings {
  const Realisatie *r;
  Diags *d;
  const char *date;
  const Transfer **passed_in; /* per project: a transfer into it from a line with bookings */
  const Accept **used;
  int nused, capused;
} Findings;

static Diag *finding(Findings *F, const char *name, Loc loc, const Line *l, const Project *p,
                    int year, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static Diag *finding(Findings *F, const char *name, Loc loc, const Line *l, const Project *p,
                    int year, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Diag *g = diag_vreport(F->d, name, loc, fmt, ap);
  va_end(ap);
  if (!g)
    return NULL;
  /* what it is about, for a baseline and for amrc diff of two reports */
  g->project = p->id;
  g->line = l ? l->nr : 0;
  g->year = year;
  const Accept *a = l ? accept_covering(line_accepts(l), name, year) : NULL;
  if (!a)
    a = accept_covering(p->accepts, name, year);
  if (!a)
    return g;
  g->accepted = a->reason;
  F->d->nwarnings--;
  F->d->nsuppressed++;
  F->used = arena_grow(F->d->arena, F->used, F->nused, &F->capused, sizeof *F->used);
  F->used[F->nused++] = a;
  return g;
}

static void unused_accepts(Findings *F, const Accept *a) {
  for (; a; a = a->next) {
    if (!realisatie_finding(a->name) || !diag_enabled(F->d, a->name))
      continue;
    bool used = false;
    for (int i = 0; i < F->nused && !used; i++)
      used = F->used[i] == a;
    if (!used)
      diag_report(F->d, "unused-accept", a->loc,
                  "nothing here gives '%s' to accept with the actuals up to %s", a->name,
                  F->date);
  }
}

static void line_findings(Findings *F, const RealRow *row) {
  const Realisatie *r = F->r;
  Arena *a = F->d->arena;
  const char *date = F->date;
  const Line *l = row->line;
  const Project *p = l->project;
  Loc at = line_nr_loc(l);
  if (row->budget == 0) {
    if (row->realised != 0)
      finding(F, "unbudgeted-booking", at, l, p, row->year,
                  "line %d '%s' of '%s' has %s booked in %d up to %s, and no %s budget that year",
                  l->nr, l->category, l->project->id, eur(a, row->realised), row->year, date,
                  side_name(row->side));
    return;
  }
  if (row->side == SIDE_LASTEN && row->realised > row->budget) {
    finding(F, "over-budget", at, l, p, row->year,
                "line %d '%s' of '%s' has spent %s in %d up to %s, over its budget of %s (%s)",
                l->nr, l->category, l->project->id, eur(a, row->realised), row->year, date,
                eur(a, row->budget), pct(a, row->realised, row->budget));
    return;
  }
  i128 limit = (i128)row->budget * (100 + r->opt.over_pct);
  if (row->side == SIDE_LASTEN && row->budget > 0 && (i128)row->forecast * 100 > limit) {
    finding(F, "forecast-over-budget", at, l, p, row->year,
                "line %d '%s' of '%s' is forecast to spend %s in %d, %s over its budget of %s "
                "(more than %d%% over)",
                l->nr, l->category, l->project->id, eur(a, row->forecast), row->year,
                eur(a, row->forecast - row->budget), eur(a, row->budget), r->opt.over_pct);
    return;
  }
  if (row->to_date > 0 && (i128)row->realised * 100 < (i128)row->to_date * r->opt.behind_pct) {
    /* a whole message per side, so that each can be translated */
    if (row->side == SIDE_LASTEN)
      finding(F, "spending-behind", at, l, p, row->year,
              "line %d '%s' of '%s' has spent %s in %d up to %s, %s of the %s its profile "
              "puts before that date (threshold %d%%)",
              l->nr, l->category, l->project->id, eur(a, row->realised), row->year, date,
              pct(a, row->realised, row->to_date), eur(a, row->to_date), r->opt.behind_pct);
    else
      finding(F, "spending-behind", at, l, p, row->year,
              "line %d '%s' of '%s' has received %s in %d up to %s, %s of the %s its profile "
              "puts before that date (threshold %d%%)",
              l->nr, l->category, l->project->id, eur(a, row->realised), row->year, date,
              pct(a, row->realised, row->to_date), eur(a, row->to_date), r->opt.behind_pct);
  }
}

/* The lines that move a project's forecast away from its plan: baten that
 * are late, lasten forecast beyond their budget. */
static void note_movers(Findings *F, Diag *g, const Plan *plan, const RealProject *rp) {
  Arena *a = F->d->arena;
  int shown = 0, more = 0;
  for (int i = 0; i < rp->nrows && g; i++) {
    const RealRow *row = &F->r->rows[rp->first_row + i];
    const Line *l = row->line;
    bool late = row->late > 0, over = row->side == SIDE_LASTEN && row->forecast > row->budget;
    if (!late && !over)
      continue;
    if (shown == 5) {
      more++;
      continue;
    }
    shown++;
    if (over)
      diag_note(F->d, g, line_nr_loc(l), "line %d '%s': forecast %s in %d, %s over its budget",
                l->nr, l->category, eur(a, row->forecast), row->year,
                eur(a, row->forecast - row->budget));
    else if (year_index(plan, F->r->last_year + 1) >= 0)
      diag_note(F->d, g, line_nr_loc(l),
                "line %d '%s': %s of baten due by %s have not come; taken as late, expected "
                "in %d",
                l->nr, l->category, eur(a, row->late), F->date, F->r->last_year + 1);
    else
      diag_note(F->d, g, line_nr_loc(l),
                "line %d '%s': %s of baten due by %s have not come, and the horizon ends in %d",
                l->nr, l->category, eur(a, row->late), F->date, F->r->last_year);
  }
  if (more == 1)
    diag_note(F->d, g, rp->project->loc, "and %d more line", more);
  else if (more)
    diag_note(F->d, g, rp->project->loc, "and %d more lines", more);
  const Transfer *t = F->passed_in[rp->project->index];
  if (g && !rp->nrows && t)
    diag_note(F->d, g, t->loc,
              "'%s' has no bookings of its own: its baten follow the forecast of line %d '%s' "
              "of '%s', which passes its money on",
              rp->project->id, t->from_line->nr, t->from_line->category,
              t->from_line->project->id);
}

/* The lines whose lasten the forecast's allocation leaves unpaid. */
static void note_unpaid(Findings *F, Diag *g, const Plan *plan, const ProjectAlloc *pa) {
  Arena *a = F->d->arena;
  int shown = 0;
  for (int i = 0; i < pa->nclaims && g && shown < 5; i++) {
    const Claim *c = &pa->claims[i];
    if (c->unpaid == 0 || !c->line)
      continue;
    bool first = true;
    for (int j = 0; j < i && first; j++)
      first = !(pa->claims[j].unpaid > 0 && pa->claims[j].line == c->line);
    if (!first)
      continue;
    shown++;
    int64_t total = 0;
    for (int j = i; j < pa->nclaims; j++)
      if (pa->claims[j].line == c->line && !money_add(total, pa->claims[j].unpaid, &total))
        return;
    diag_note(F->d, g, line_nr_loc(c->line),
              "line %d '%s': %s of its %s from %d on paid by no money by the end of %d",
              c->line->nr, c->line->category, eur(a, total), side_name(c->kind == CLAIM_LASTEN ? SIDE_LASTEN : SIDE_BATEN),
              plan->first_year + c->yi, plan->first_year + plan->nyears - 1);
  }
}

/* Notes on g: the lines whose baten pay, in year yi, what the forecast's
 * allocation pre-financed in earlier years (alloc_restorers). */
static void note_restorers(Findings *F, Diag *g, const Plan *plan, const ProjectAlloc *pa, int yi) {
  if (!g)
    return;
  Restorer r[3];
  int m = alloc_restorers(pa, yi, false, r, 3);
  for (int k = 0; k < m; k++)
    diag_note(F->d, g, line_nr_loc(r[k].line),
              "restored by line %d '%s': %s of its baten in %d pay what was pre-financed",
              r[k].line->nr, r[k].line->category, eur(F->d->arena, r[k].cents),
              plan->first_year + yi);
}

/* Money of a repay-unspent source paid back at a year's end, by source. */
typedef struct PaidBack {
  int source;              /* Source.index */
  int64_t cents;
  const Pot *pot;          /* the first of them (the forecast's), for its place */
  bool planned;            /* the plan's allocation (else the forecast's) */
} PaidBack;

static int by_source(const void *x, const void *y) {
  const PaidBack *a = x, *b = y;
  if (a->source != b->source)
    return (a->source > b->source) - (a->source < b->source);
  return (a->planned > b->planned) - (a->planned < b->planned);
}

static int gather_paid_back(const ProjectAlloc *pa, int yi, bool planned, PaidBack *out, int n) {
  for (int i = 0; i < pa->npots; i++) {
    const Pot *pot = &pa->pots[i];
    if (pot->returned > 0 && pot->returned_yi == yi && pot->source)
      out[n++] = (PaidBack){pot->source->index, pot->returned, pot, planned};
  }
  return n;
}

/* Earmarked money that the forecast leaves unspent and that is paid back,
 * beyond what the plan pays back: per source and year, at the line that
 * brought the money, with the lasten lines it pays that spend less. */
static void unspent_findings(Findings *F, const Plan *plan, const RealProject *rp) {
  const ProjectAlloc *fa = rp->alloc_forecast, *pa = rp->alloc_planned;
  Arena *a = F->d->arena;
  PaidBack *pb = xcalloc((size_t)(fa->npots + pa->npots) + 1, sizeof *pb);
  for (int yi = 0; yi < plan->nyears; yi++) {
    if (rp->paid_back_forecast[yi] <= rp->paid_back_planned[yi])
      continue;
    int n = gather_paid_back(pa, yi, true, pb, gather_paid_back(fa, yi, false, pb, 0));
    qsort(pb, (size_t)n, sizeof *pb, by_source);
    for (int i = 0; i < n;) {
      int64_t fore = 0, planned = 0;
      const Pot *at = NULL;
      int j = i;
      bool ok = true;
      for (; j < n && pb[j].source == pb[i].source; j++) {
        ok = ok && money_add(pb[j].planned ? planned : fore, pb[j].cents,
                             pb[j].planned ? &planned : &fore);
        if (!pb[j].planned && !at)
          at = pb[j].pot;
      }
      i = j;
      if (!ok || !at || fore <= planned)
        continue;
      const Source *s = at->source;
      const Line *l = at->line;
      Diag *g = finding(F, "actuals-unspent-earmarked", l ? line_nr_loc(l) : rp->project->loc, l,
                        rp->project, plan->first_year + yi,
                        "with the actuals up to %s, %s of source '%s' in '%s' is forecast to be "
                        "left unspent at the end of %d and paid back (planned: %s)",
                        F->date, eur(a, fore), s->id, rp->project->id, plan->first_year + yi,
                        eur(a, planned));
      for (int k = 0; k < rp->nrows && g; k++) {
        const RealRow *row = &F->r->rows[rp->first_row + k];
        if (row->side == SIDE_LASTEN && row->year == plan->first_year + yi &&
            paying_source(row->line) == s && row->forecast < row->budget)
          diag_note(F->d, g, line_nr_loc(row->line),
                    "line %d '%s', paid by '%s', is forecast to spend %s of its %s",
                    row->line->nr, row->line->category, s->id, eur(a, row->forecast),
                    eur(a, row->budget));
      }
    }
  }
  free(pb);
}

static void project_findings(const Plan *plan, Findings *F, const RealProject *rp) {
  Diags *d = F->d;
  Arena *a = d->arena;
  const char *date = F->date;
  const Project *p = rp->project;
  if (rp->overflow) {
    diag_report(d, "overflow", p->loc, "the realisatie of '%s' is beyond the money type", p->id);
    return;
  }
  if (!rp->changed || !rp->alloc_forecast || plan->nyears == 0)
    return;
  unspent_findings(F, plan, rp);
  int last = plan->nyears - 1;
  if (rp->unpaid_forecast[last] > rp->unpaid_planned[last]) {
    Diag *g = finding(F, "actuals-shortfall", p->loc, NULL, p, plan->first_year + last,
                      "with the actuals up to %s, %s of the lasten of '%s' are paid by no money "
                      "by the end of %d (planned: %s), and it ends at %s (planned: %s): a "
                      "shortfall the actuals cause",
                      date, eur(a, rp->unpaid_forecast[last]), p->id, plan->first_year + last,
                      eur(a, rp->unpaid_planned[last]), eur(a, rp->projected[last]),
                      eur(a, rp->planned[last]));
    note_unpaid(F, g, plan, rp->alloc_forecast);
    note_movers(F, g, plan, rp);
    return;
  }
  /* Pre-financing, as the allocation has it: lasten that wait at a year's
   * end for money that comes later (money the balance shows but may not
   * pay them, earmarked for other lines or paid back, does not count). */
  const int64_t *fu = rp->unpaid_forecast, *pu = rp->unpaid_planned;
  Buf years = {0};
  int n = 0, first = 0, end = -1;
  bool longer = false;
  for (int yi = 0; yi < plan->nyears; yi++) {
    if (fu[yi] <= pu[yi])
      continue;
    if (!n)
      first = plan->first_year + yi;
    longer = longer || pu[yi] == 0;
    buf_printf(&years, "%s%s", n ? "; " : "",
               diag_phrase(F->d, "%d: %s (planned %s)", plan->first_year + yi, eur(a, fu[yi]),
                           eur(a, pu[yi])));
    n++;
    for (end = yi + 1; end < plan->nyears && fu[end] > 0; end++)
      ;
  }
  if (n) {
    /* the plan's own shortfall, no deeper with the actuals, may remain */
    const char *until =
        end < plan->nyears
            ? diag_phrase(F->d, "all paid by the end of %d", plan->first_year + end)
            : diag_phrase(F->d, "not all paid by the end of %d, as planned",
                          plan->first_year + plan->nyears - 1);
    Diag *g = longer ? finding(F, "actuals-prefinancing", p->loc, NULL, p, first,
                               "with the actuals up to %s, the pre-financing of '%s' is longer: "
                               "lasten waiting for money at the year's end %.*s; %s",
                               date, p->id, (int)years.len, years.data, until)
                     : finding(F, "actuals-prefinancing", p->loc, NULL, p, first,
                               "with the actuals up to %s, the pre-financing of '%s' is deeper: "
                               "lasten waiting for money at the year's end %.*s; %s",
                               date, p->id, (int)years.len, years.data, until);
    if (end < plan->nyears)
      note_restorers(F, g, plan, rp->alloc_forecast, end);
    note_movers(F, g, plan, rp);
  }
  buf_free(&years);
}

void realisatie_check(const Plan *plan, const Realisatie *r, Diags *d) {
  char date[16];
  fmt_date(date, sizeof date, r->opt.as_of);
  Findings F = {.r = r, .d = d, .date = date};
  F.passed_in = xcalloc((size_t)plan->nprojects + 1, sizeof *F.passed_in);
  for (int i = 0; i < plan->ntransfers; i++) {
    const Transfer *t = plan->transfers[i];
    if (t->from_line && t->to_line && !t->amounts && !F.passed_in[t->to_line->project->index] &&
        r->projects[t->from_line->project->index].nrows)
      F.passed_in[t->to_line->project->index] = t;
  }
  for (int pi = 0; pi < r->nprojects; pi++) {
    const RealProject *rp = &r->projects[pi];
    for (int i = 0; i < rp->nrows; i++)
      line_findings(&F, &r->rows[rp->first_row + i]);
    project_findings(plan, &F, rp);
  }
  /* check.c leaves these to the run that has the actuals */
  for (int pi = 0; pi < plan->nprojects; pi++) {
    const Project *p = plan->projects[pi];
    unused_accepts(&F, p->accepts);
    for (const Line *l = p->lines; l; l = l->next)
      unused_accepts(&F, line_accepts(l));
  }
  for (int i = 0; i < plan->nsources; i++)
    unused_accepts(&F, plan->sources[i]->accepts);
  free(F.passed_in);
}

Realisatie *realisatie_run(const Plan *plan, const Results *res, Arena *a, Diags *d,
                           const char *const *paths, int npaths, const ActualsOptions *o) {
  Actuals act = {0};
  bool read = true;
  for (int i = 0; i < npaths; i++)
    read = actuals_read(plan, a, d, paths[i], &act) && read;
  Realisatie *r = read ? realisatie_compute(plan, res, a, &act, o) : NULL;
  free(act.bookings);
  if (r)
    realisatie_check(plan, r, d);
  return r;
}

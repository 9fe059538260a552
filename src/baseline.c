/* baseline.c: the findings a team knew of when it adopted amrc.
 *
 * `amrc --check --baseline FILE` fails only on findings that FILE does not
 * list; `--update-baseline FILE` writes it. A finding is listed by what it
 * is, not by where it stands, so that editing the plan (lines moving in a
 * file) leaves the baseline valid: its name, what it concerns (the key of a
 * grouped finding, such as "rule:versterken:9:lasten", else the project
 * and line, such as "a.1" for a line the coverage proof finds short, else
 * its message with its amounts left out) and its years.
 * One finding a line, tab separated, sorted: a reviewable text file whose
 * diff says which findings came and went. */
#include "core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char HEADER[] =
    "# amrc baseline: findings known when this file was written (amrc --update-baseline).\n"
    "# amrc --check --baseline FILE fails only on findings not listed here.\n"
    "# NAME<TAB>WHAT IT CONCERNS<TAB>YEARS\n";

/* Tabs and line ends would break the line format; a plan's text has none
 * of the latter, and a tab in a message becomes a space. */
static void put_field(Buf *b, const char *s) {
  for (; *s; s++)
    buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* A finding known only by its message (no key, no project) is the same
 * finding when only its amounts changed: "has € 20.000 too little in 2027"
 * and "has € 25.000 too little in 2027" are one cause, one amount changed
 * by an edit elsewhere. Each amount, the digits after "€ ", is written
 * "€ N"; the words, names and years still tell findings apart. Applied to
 * a baseline's entries too, so that a file written before still matches. */
static void put_without_amounts(Buf *b, const char *s) {
  while (*s) {
    if (strncmp(s, "€ ", 4) == 0 && s[4] >= '0' && s[4] <= '9') {
      buf_puts(b, "€ N");
      s += 4;
      while ((*s >= '0' && *s <= '9') || ((*s == '.' || *s == ',') && s[1] >= '0' && s[1] <= '9'))
        s++;
      continue;
    }
    buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
    s++;
  }
}

static char *without_amounts(Arena *a, const char *s) {
  Buf b = {0};
  put_without_amounts(&b, s);
  char *t = arena_strndup(a, b.data ? b.data : "", b.len);
  buf_free(&b);
  return t;
}

/* NAME<TAB>WHAT<TAB>YEARS of g. by_message: as an amrc that knew the
 * findings of the coverage proof only by their message wrote them (their
 * amounts left out, no years), so that a baseline written then still
 * matches them. */
static char *identity(Arena *a, const Diag *g, bool by_message) {
  Buf b = {0};
  put_field(&b, g->name);
  buf_putc(&b, '\t');
  if (by_message)
    put_without_amounts(&b, g->msg);
  else if (g->key)
    put_field(&b, g->key);
  else if (g->project && g->line)
    buf_printf(&b, "%s.%d", g->project, g->line);
  else if (g->project)
    put_field(&b, g->project);
  else
    put_without_amounts(&b, g->msg);
  buf_putc(&b, '\t');
  if (by_message)
    buf_putc(&b, '-');
  else if (g->years)
    put_field(&b, g->years);
  else if (g->year)
    buf_printf(&b, "%d", g->year);
  else
    buf_putc(&b, '-');
  char *s = arena_strndup(a, b.data ? b.data : "", b.len);
  buf_free(&b);
  return s;
}

static bool listed(const Diag *g) { return !g->accepted && g->sev != SEV_NOTE; }

static int by_text(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bool baseline_write(Arena *a, Diags *d, const char *path) {
  int n = 0;
  for (const Diag *g = d->head; g; g = g->next)
    n += listed(g);
  char **lines = arena_alloc(a, sizeof *lines * (size_t)(n + 1));
  n = 0;
  for (const Diag *g = d->head; g; g = g->next)
    if (listed(g))
      lines[n++] = identity(a, g, false);
  qsort(lines, (size_t)n, sizeof *lines, by_text);
  Buf b = {0};
  buf_puts(&b, HEADER);
  for (int i = 0; i < n; i++)
    if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
      buf_printf(&b, "%s\n", lines[i]);
  bool ok = write_whole(path, &b, d);
  buf_free(&b);
  return ok;
}

/* Years as a list ("2027-2029", "2026, 2028-2029", "2026", "-": none). */
static int parse_years(const char *s, int *out, int cap) {
  int n = 0;
  while (*s) {
    char *end;
    long y0 = strtol(s, &end, 10);
    if (end == s)
      break;
    long y1 = y0;
    s = end;
    if (*s == '-') {
      y1 = strtol(s + 1, &end, 10);
      s = end;
    }
    for (long y = y0; y <= y1 && n < cap && y1 - y0 < 1000; y++)
      out[n++] = (int)y;
    while (*s == ',' || *s == ' ')
      s++;
  }
  return n;
}

typedef struct Entry {
  const char *name, *what;
  const char *written;     /* what, as the file has it (amounts kept) */
  int years[AMR_MAX_YEARS];
  int nyears;
  bool used;
} Entry;

/* A finding is in the baseline when an entry has its name and what it
 * concerns, and every year of the finding: a finding that now differs in
 * fewer years still matches, one that spreads to a new year does not. */
static bool covers(const Entry *e, const char *name, const char *what, const char *years) {
  if (strcmp(e->name, name) != 0 || strcmp(e->what, what) != 0)
    return false;
  int ys[AMR_MAX_YEARS];
  int n = parse_years(years, ys, AMR_MAX_YEARS);
  for (int i = 0; i < n; i++) {
    bool in = false;
    for (int j = 0; j < e->nyears && !in; j++)
      in = e->years[j] == ys[i];
    if (!in)
      return false;
  }
  return n > 0 || e->nyears == 0;
}

bool baseline_apply(Arena *a, Diags *d, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_plain(d, "io", "cannot read the baseline '%s': %s", path, diag_errno(d, errno));
    return false;
  }
  Buf text = {0};
  char chunk[4096];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_put(&text, chunk, got);
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    buf_free(&text);
    diag_plain(d, "io", "cannot read the baseline '%s'", path);
    return false;
  }
  int cap = 16, n = 0;
  for (size_t i = 0; i < text.len; i++)
    cap += text.data[i] == '\n';
  Entry *entries = arena_alloc(a, sizeof *entries * (size_t)cap);
  char *s = arena_strndup(a, text.data ? text.data : "", text.len);
  buf_free(&text);
  for (char *line = s; line && *line;) {
    char *next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char *t1 = line[0] == '#' ? NULL : strchr(line, '\t');
    char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (t2 && n < cap) {
      *t1 = *t2 = '\0';
      Entry *e = &entries[n++];
      e->name = line;
      e->written = t1 + 1;
      e->what = without_amounts(a, e->written);
      e->nyears = parse_years(t2 + 1, e->years, AMR_MAX_YEARS);
    }
    line = next;
  }
  const char *reason = arena_printf(a, "listed in the baseline %s", path);
  for (Diag *g = d->head; g; g = g->next) {
    if (!listed(g))
      continue;
    Entry *e = NULL;
    for (int by_message = 0; by_message < 2 && !e; by_message++) {
      if (by_message && g->key)
        break;  /* never listed by its message */
      char *id = identity(a, g, by_message);
      char *t1 = strchr(id, '\t'), *t2 = strchr(t1 + 1, '\t');
      *t1 = *t2 = '\0';
      for (int i = 0; i < n && !e; i++)
        if (covers(&entries[i], id, t1 + 1, t2 + 1))
          e = &entries[i];
    }
    if (e) {
      e->used = true;
      diag_accept(d, g, reason);
      g->in_baseline = true;
    }
  }
  for (int i = 0; i < n; i++)
    if (!entries[i].used)
      diag_plain(d, "unused-accept",
                 "the baseline %s lists '%s' for %s, which matches no finding any more "
                 "(amrc --update-baseline %s removes it)",
                 path, entries[i].name, entries[i].written, path);
  return true;
}

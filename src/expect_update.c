/* expect_update.c: amrc expect --update PLAN: the stated totals of the plan's
 * `expect` blocks rewritten to what the lines add up to, so that changing
 * a budget line and the totals that follow from it is one command and one
 * reviewed diff.
 *
 * A stated total is rewritten where `amrc --check` reports it as an
 * `expectation` error and nothing acknowledges it: one within its
 * `within` tolerance (the document's rounding) and one whose difference
 * an `accept expectation` acknowledges (a fixed limit, a known difference)
 * stay as written. The value is computed as the checker computes it
 * (expect_computed in check.c). Only the bytes of the stated amounts
 * change, found by their place in the source; a span of years whose years
 * now differ is written out per year. A file that was in `amrc fmt`'s
 * layout is laid out again (its columns realigned), any other file keeps
 * its layout byte for byte. Each file is written whole or not at all, as
 * `amrc fmt` writes it (write_in_place). */
#include "plan.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One stated amount to rewrite: per year of its span, the value it
 * states from now on. */
typedef struct Edit {
  const YearAmount *ya;
  const Expect *e;
  Measure measure;
  int64_t stated;
  int64_t *now;            /* per year y0..y1 */
} Edit;

typedef struct Updater {
  Arena *a;
  const Plan *P;
  const Results *R;
  const Project **by_id;   /* the projects sorted by id */
  Edit *edits;
  int nedits, cap;
} Updater;

static int by_id_cmp(const void *x, const void *y) {
  return strcmp((*(const Project *const *)x)->id, (*(const Project *const *)y)->id);
}

static const Project *project_of(const Updater *U, const char *id) {
  size_t lo = 0, hi = (size_t)U->P->nprojects;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(U->by_id[mid]->id, id);
    if (c == 0)
      return U->by_id[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* Whether the plan acknowledges the difference in year y, where --check
 * looks: an `accept expectation` of the block, or of the project it is
 * about. */
static bool accepted(const Expect *e, const Project *p, int y) {
  return accept_covering(e->accepts, "expectation", y) ||
         (p && accept_covering(p->accepts, "expectation", y));
}

static void add_edit(Updater *U, Edit e) {
  U->edits = arena_grow(U->a, U->edits, U->nedits, &U->cap, sizeof *U->edits);
  U->edits[U->nedits++] = e;
}

static void update_expect(Updater *U, const Expect *e) {
  const Plan *P = U->P;
  const Project *p = e->subject == SUBJECT_PROJECT ? project_of(U, e->ref.name) : NULL;
  Totals t;
  if (!expect_totals(P, U->R, e, p, &t) || t.overflow)
    return;  /* an unknown subject or totals beyond the money type: --check says which */
  int64_t tolerance = 0;
  i128 relative = -1;
  if (e->tolerance) {
    if (e->tolerance->kind == EXPR_NUMBER && e->tolerance->is_percent)
      relative = e->tolerance->micros;
    else if (!expr_stated_cents(e->tolerance, &tolerance))
      return;
  }
  for (const ExpectRow *row = e->rows; row; row = row->next)
    for (const YearAmount *ya = row->amounts; ya; ya = ya->next) {
      int64_t stated;
      if (!expr_stated_cents(ya->value, &stated))
        continue;  /* PM or a rule where a total belongs: --check reports it */
      int n = ya->y1 - ya->y0 + 1;
      if (n <= 0)
        continue;
      int64_t *now = arena_alloc(U->a, sizeof *now * (size_t)n);
      bool changed = false;
      for (int y = ya->y0; y <= ya->y1; y++) {
        int yi = year_index(P, y);
        int64_t computed, diff;
        now[y - ya->y0] = stated;
        if (yi < 0 || !expect_computed(P, U->R, e, &t, row->measure, yi, &computed) ||
            computed == stated || !money_sub(computed, stated, &diff) || diff == INT64_MIN)
          continue;
        if ((diff < 0 ? -diff : diff) <= expect_allowed(tolerance, relative, computed) ||
            accepted(e, p, y))
          continue;
        now[y - ya->y0] = computed;
        changed = true;
      }
      if (changed)
        add_edit(U, (Edit){ya, e, row->measure, stated, now});
    }
}

/* ------------------------------------------------------------------ spelling */

/* A new amount in the spelling of the one it replaces: `€ 1.787.349` stays
 * in the printed spelling, `1787349` without groups; any other (`0`,
 * `-454_300`) in fmt's, `1_787_349`. */
static bool ungrouped(const char *old, size_t oldlen) {
  size_t digits = 0, i = 0;
  while (i < oldlen && (old[i] == '-' || old[i] == '(' || old[i] == ' '))
    i++;
  for (; i < oldlen && old[i] >= '0' && old[i] <= '9'; i++)
    digits++;
  return digits >= 4 && !memchr(old, '_', oldlen);
}

static void put_amount(Buf *b, int64_t cents, const char *old, size_t oldlen) {
  char tmp[64];
  bool euro = false;
  for (size_t i = 0; i + 3 <= oldlen && !euro; i++)
    euro = memcmp(old + i, "\xE2\x82\xAC", 3) == 0;
  if (euro)
    fmt_eur_nl(tmp, sizeof tmp, cents, false);
  else
    fmt_grouped(tmp, sizeof tmp, cents, ungrouped(old, oldlen) ? 0 : '_', '.');
  buf_puts(b, tmp);
}

static void put_years(Buf *b, int y0, int y1) {
  if (y0 == y1)
    buf_printf(b, "%d: ", y0);
  else
    buf_printf(b, "%d..%d: ", y0, y1);
}

/* The replacement of one edit: the amount alone when every year of its
 * span states one value, else the span written out in runs of years of
 * one value ("2026..2027: 100  2028: 120"). */
static void put_edit(Buf *b, const Edit *ed, const char *text, uint32_t *begin, uint32_t *end) {
  const YearAmount *ya = ed->ya;
  int n = ya->y1 - ya->y0 + 1;
  Loc value = ya->value->loc;
  const char *old = text + value.begin;
  size_t oldlen = value.end - value.begin;
  bool one = true;
  for (int k = 1; k < n; k++)
    one &= ed->now[k] == ed->now[0];
  if (one) {
    *begin = value.begin;
    *end = value.end;
    put_amount(b, ed->now[0], old, oldlen);
    return;
  }
  *begin = ya->begin;
  *end = value.end;
  for (int k = 0; k < n;) {
    int run = k;
    while (run + 1 < n && ed->now[run + 1] == ed->now[k])
      run++;
    if (k > 0)
      buf_puts(b, "  ");
    put_years(b, ya->y0 + k, ya->y0 + run);
    put_amount(b, ed->now[k], old, oldlen);
    k = run + 1;
  }
}

/* ------------------------------------------------------------------ writing */

static int edit_cmp(const void *x, const void *y) {
  const Edit *a = x, *b = y;
  const SrcFile *fa = a->ya->value->loc.file, *fb = b->ya->value->loc.file;
  if (fa != fb) {
    int c = strcmp(fa->path, fb->path);
    if (c)
      return c;
    return fa < fb ? -1 : 1;
  }
  return a->ya->begin < b->ya->begin ? -1 : a->ya->begin > b->ya->begin;
}

static const char *subject_name(const Catalog *nl, Arena *a, const Expect *e) {
  if (e->subject == SUBJECT_PROJECT)
    return nls_printf(nl, a, "project '%s'", e->ref.name);
  if (e->subject == SUBJECT_PROGRAMME)
    return nls_printf(nl, a, "programme '%s'", e->ref.name);
  return nls_text(nl, a, "the plan");
}

static const char *measure_word(const Catalog *nl, Arena *a, Measure m) {
  static const char *names[] = {N_("opening"), "baten", "lasten", N_("closing"), "saldo", N_("result")};
  return nls_text(nl, a, names[m]);
}

/* What changed, one line per year: FILE:LINE:COL: what, year: old -> new. */
static void report(const Catalog *nl, Arena *a, const Edit *ed, int64_t unit) {
  Pos pos = loc_pos(ed->ya->value->loc);
  const YearAmount *ya = ed->ya;
  for (int y = ya->y0; y <= ya->y1; y++) {
    int64_t now = ed->now[y - ya->y0];
    if (now == ed->stated)
      continue;
    char was[96], is[96];
    fmt_eur_unit(was, sizeof was, ed->stated, unit);
    fmt_eur_unit(is, sizeof is, now, unit);
    printf("%s:%d:%d: %s, %s %d: %s -> %s\n", ya->value->loc.file->display, pos.line, pos.col,
           subject_name(nl, a, ed->e), measure_word(nl, a, ed->measure), y, was, is);
  }
}

/* The file's text as it was parsed: kept, or read again if it is still
 * the same file on disk. NULL (reported) if it changed since. */
static const SrcFile *text_of(Arena *a, Diags *d, const SrcFile *f) {
  if (f->text)
    return f;
  SrcFile *now = src_load(a, d, f->path, f->display, NULL);
  if (now && src_same_file(f, now))
    return now;
  if (now)
    diag_plain(d, "io", "%s changed on disk while amrc read the plan; run amrc expect --update again",
               f->display);
  return NULL;
}

/* Rewrites one file's edits [first, last); false if it could not. */
static bool rewrite_file(Arena *a, Diags *d, const Edit *edits, int first, int last, int64_t unit) {
  const SrcFile *parsed = edits[first].ya->value->loc.file;
  if (strncmp(parsed->display, "<stdlib>", 8) == 0) {
    diag_plain(d, "io", "%s is a file of amrc's stdlib, not of the plan: not rewritten", parsed->display);
    return false;
  }
  const SrcFile *f = text_of(a, d, parsed);
  if (!f)
    return false;
  Buf out = {0}, piece = {0};
  size_t bom = src_bom(f);
  if (bom)
    buf_put(&out, "\xEF\xBB\xBF", bom);
  uint32_t at = 0;
  for (int k = first; k < last; k++) {
    uint32_t begin, end;
    piece.len = 0;
    put_edit(&piece, &edits[k], f->text, &begin, &end);
    buf_put(&out, f->text + at, begin - at);
    buf_put(&out, piece.data, piece.len);
    at = end;
  }
  buf_put(&out, f->text + at, f->len - at);
  buf_free(&piece);

  /* a file in fmt's layout stays in it: a longer amount realigns its
   * columns. The same layout is what fmt gives for the file as it was. */
  Buf was = {0}, again = {0};
  Diags quiet;  /* the file parsed: fmt has nothing to say about it */
  diags_init(&quiet, a);
  SrcFile *wf = src_from_memory(a, &quiet, f->display, f->text, f->len);
  bool canonical = !bom && wf && fmt_source(a, &quiet, wf, &was) && !was.oom && was.len == f->len &&
                   memcmp(was.data, f->text, f->len) == 0;
  if (canonical) {
    SrcFile *nf = src_from_memory(a, &quiet, f->display, out.data + bom, out.len - bom);
    if (nf && fmt_source(a, &quiet, nf, &again) && !again.oom) {
      buf_free(&out);
      out = again;
      again = (Buf){0};
    }
  }
  buf_free(&was);
  buf_free(&again);

  Buf old = {0};
  if (bom)
    buf_put(&old, "\xEF\xBB\xBF", bom);
  buf_put(&old, f->text, f->len);
  bool ok = !out.oom && !old.oom;
  if (!ok)
    diag_plain(d, "io", "cannot rewrite %s: out of memory", f->display);
  else
    ok = write_in_place(f->path, &out, old.data, old.len, d);
  buf_free(&old);
  buf_free(&out);
  if (ok)
    for (int k = first; k < last; k++)
      report(d->dutch ? d->nl : NULL, a, &edits[k], unit);
  return ok;
}

/* ------------------------------------------------------------------ command line */

static const char expect_usage[] = N_(
    "usage: amrc expect --update [-I DIR] [--stdlib=DIR] PLAN\n"
    "\n"
    "Rewrites the stated totals of the plan's expect blocks that differ from what\n"
    "the lines add up to (the `expectation` errors of amrc --check) to the computed\n"
    "amounts, in place, keeping the files' layout and comments. Totals within their\n"
    "`within` tolerance and differences acknowledged with `accept expectation` stay\n"
    "as written. Prints each change as FILE:LINE:COL: subject, measure year: old -> new.\n"
    "\n"
    "      --lang=nl|en  the language of its messages and of the changes it prints\n"
    "                    (default en)\n"
    "\n"
    "Exit status: 0 done (or nothing to change), 1 the plan has errors that stop its\n"
    "totals being computed (nothing written), 2 usage or a file that could not be written.\n");

static int run_expect(int argc, char **argv, Arena *a) {
  const Catalog *nl = nls_args(a, argc, argv);
  bool update = false;
  const char *stdlib = NULL, *plan = NULL;
  const char **includes = arena_alloc(a, sizeof(char *) * (size_t)(argc + 1));
  int nincludes = 0;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    int lang = nls_lang_option(nl, "amrc expect", argc, argv, &i, NULL);
    if (lang == 2)
      return 2;
    if (lang)
      continue;
    if (strcmp(s, "--update") == 0)
      update = true;
    else if (strncmp(s, "--stdlib=", 9) == 0)
      stdlib = s + 9;
    else if (strcmp(s, "-I") == 0 && i + 1 < argc)
      includes[nincludes++] = argv[++i];
    else if (strncmp(s, "-I", 2) == 0 && s[2])
      includes[nincludes++] = s + 2;
    else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
      nls_help(nl, expect_usage);
      return 0;
    } else if (s[0] == '-' && s[1])
      return nls_usage_error(nl, "amrc expect", "unknown option '%s'", s);
    else if (!plan)
      plan = s;
    else
      return nls_usage_error(nl, "amrc expect", "one plan at a time ('%s' is a second one)", s);
  }
  if (!update)
    return nls_usage_error(nl, "amrc expect", "say what to do: --update rewrites the stated totals", NULL);
  if (!plan)
    return nls_usage_error(nl, "amrc expect", "no plan given", NULL);
  if (strcmp(plan, "-") == 0)
    return nls_usage_error(nl, "amrc expect", "the plan is rewritten in place: give its file, not standard input",
                           NULL);

  Diags d;
  diags_init(&d, a);
  d.nl = nl;
  d.dutch = nl != NULL;
  LoadOptions lo = {.include_dirs = includes, .ninclude = nincludes,
                    .stdlib_dir = stdlib ? stdlib : default_stdlib_dir(a)};
  Compile c = {.load = &lo, .paths = &plan, .npaths = 1, .no_check = true};
  if (!compile_plan(a, &d, &c)) {
    diags_print(&d, stderr, (DiagStyle){DIAG_TEXT, false});
    nls_say(nl, "amrc expect", "the plan's totals could not be computed; nothing changed");
    return 1;
  }
  Updater U = {.a = a, .P = &c.plan, .R = &c.results};
  U.by_id = arena_alloc(a, sizeof *U.by_id * (size_t)(c.plan.nprojects + 1));
  for (int i = 0; i < c.plan.nprojects; i++)
    U.by_id[i] = c.plan.projects[i];
  qsort(U.by_id, (size_t)c.plan.nprojects, sizeof *U.by_id, by_id_cmp);
  for (int i = 0; i < c.plan.nexpects; i++)
    update_expect(&U, c.plan.expects[i]);
  if (U.nedits == 0) {
    nls_say(nl, "amrc expect",
            "every stated total matches, is within its tolerance or is accepted; nothing changed");
    return 0;
  }
  qsort(U.edits, (size_t)U.nedits, sizeof *U.edits, edit_cmp);
  Diags io;
  diags_init(&io, a);
  io.nl = nl;
  io.dutch = nl != NULL;
  int files = 0, failed = 0, totals = 0;
  for (int k = 0; k < U.nedits;) {
    int end = k + 1;
    while (end < U.nedits && U.edits[end].ya->value->loc.file == U.edits[k].ya->value->loc.file)
      end++;
    if (rewrite_file(a, &io, U.edits, k, end, plan_unit(&c.plan))) {
      files++;
      for (int j = k; j < end; j++)
        for (int y = U.edits[j].ya->y0; y <= U.edits[j].ya->y1; y++)
          totals += U.edits[j].now[y - U.edits[j].ya->y0] != U.edits[j].stated;
    } else {
      failed++;
    }
    k = end;
  }
  fflush(stdout);
  diags_print(&io, stderr, (DiagStyle){DIAG_TEXT, false});
  if (files)
    nls_say(nl, "amrc expect", "%s updated in %s",
            nls_printf(nl, a, totals == 1 ? N_("%d stated total") : N_("%d stated totals"), totals),
            nls_printf(nl, a, files == 1 ? N_("%d file") : N_("%d files"), files));
  if (failed) {
    nls_say(nl, "amrc expect", failed == 1 ? "%d file left as it was" : N_("%d files left as they were"),
            failed);
    return 2;
  }
  return 0;
}

int amrc_expect_main(int argc, char **argv) {
  Arena arena = {0};
  int rc = run_expect(argc, argv, &arena);
  arena_free(&arena);
  return rc;
}

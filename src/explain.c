/* explain.c: amrc explain PLAN PROJECT[.LINE] [YEAR]: the coverage
 * allocation (alloc.c) of one project, as text or JSON: for each lasten
 * cell which money pays it, what is left of each pot after each year, and
 * where pre-financing or a shortfall starts and ends. The answer to "why
 * does amrc say this is (not) covered?". */
#include "alloc.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *money(Arena *a, int64_t cents) {
  char buf[64];
  fmt_eur_nl(buf, sizeof buf, cents, false);
  return arena_strdup(a, buf);
}

/* The words of the text in its language (nls.c); JSON has none. */
typedef struct Say {
  const Catalog *nl;
  Arena *a;
} Say;

static const char *pot_name(const Say *S, const Plan *P, const ProjectAlloc *pa, const Pot *pot) {
  Arena *a = S->a;
  const char *src = pot->source ? nls_printf(S->nl, a, " (source %s)", pot->source->id) : "";
  if (!pot->line)
    return nls_printf(S->nl, a, "the opening balance%s", src);
  if (pot->outside)
    return nls_printf(S->nl, a, "paid outside this plan: %s", line_outside(pot->line)->who);
  bool back = cents_at(pa->results, pot->line, SIDE_LASTEN, pot->yi) < 0;
  return nls_printf(S->nl, a, "line %d '%s', %s %d%s", pot->line->nr, pot->line->category,
                    back ? nls_text(S->nl, a, "lasten below zero") : "baten", P->first_year + pot->yi, src);
}

static const char *claim_name(const Say *S, const Claim *c) {
  switch (c->kind) {
  case CLAIM_NEGATIVE_OPENING: return nls_text(S->nl, S->a, "the opening balance below zero");
  case CLAIM_NEGATIVE_BATEN:
    return nls_printf(S->nl, S->a, "line %d '%s', baten below zero", c->line->nr, c->line->category);
  default: return nls_printf(S->nl, S->a, "line %d '%s', lasten", c->line->nr, c->line->category);
  }
}

static const char *kind_word(ClaimKind k) {
  return k == CLAIM_NEGATIVE_OPENING ? "negative-opening"
         : k == CLAIM_NEGATIVE_BATEN ? "negative-baten"
                                     : "lasten";
}

static bool claim_shown(const Claim *c, int line_nr, int yi) {
  return (line_nr == 0 || (c->line && c->line->nr == line_nr)) && (yi < 0 || c->yi == yi);
}

/* The draws grouped by claim, in the order they were made: a counting sort,
 * so that a project of many cells is explained in linear time. */
static int *draws_by_claim(const ProjectAlloc *pa, int **start_out) {
  int *start = xcalloc((size_t)pa->nclaims + 2, sizeof *start);
  int *order = xcalloc((size_t)pa->ndraws + 1, sizeof *order);
  for (int i = 0; i < pa->ndraws; i++)
    start[pa->draws[i].claim + 2]++;
  for (int k = 0; k < pa->nclaims; k++)
    start[k + 2] += start[k + 1];
  for (int i = 0; i < pa->ndraws; i++)
    order[start[pa->draws[i].claim + 1]++] = i;
  *start_out = start;
  return order;
}

static void explain_text(const Say *S, const Plan *P, const ProjectAlloc *pa, int line_nr, int yi,
                         Buf *out) {
  Arena *a = S->a;
  const Catalog *nl = S->nl;
  const Project *p = pa->project;
  int *start, *order = draws_by_claim(pa, &start);
  buf_printf(out, "%s\n", nls_printf(nl, a, "project '%s' \"%s\": how its lasten are paid, %d..%d", p->id,
                                     p->title, P->first_year, P->first_year + P->nyears - 1));
  bool outside = false;
  for (int i = 0; i < pa->npots && !outside; i++)
    outside = pa->pots[i].outside;
  if (outside)
    buf_printf(out, "%s\n", nls_text(nl, a, "order: what is paid outside this plan (for its own line and "
                                            "year only), then the money a line names, then money "
                                            "earmarked for it, then free money; the oldest money first "
                                            "(docs/coverage.md)"));
  else
    buf_printf(out, "%s\n", nls_text(nl, a, "order: the money a line names, then money earmarked for it, then "
                                            "free money; the oldest money first (docs/coverage.md)"));
  for (int y = 0; y < P->nyears; y++) {
    if (yi >= 0 && y != yi)
      continue;
    buf_printf(out, "\n%d\n", P->first_year + y);
    bool any = false;
    for (int ci = 0; ci < pa->nclaims; ci++) {
      const Claim *c = &pa->claims[ci];
      if (c->yi != y || !claim_shown(c, line_nr, -1))
        continue;
      any = true;
      buf_printf(out, "  %s %s\n", claim_name(S, c), money(a, c->cents));
      for (int k = start[ci]; k < start[ci + 1]; k++) {
        const Draw *d = &pa->draws[order[k]];
        const Pot *pot = &pa->pots[d->pot];
        if (pot->outside)
          buf_printf(out, "    %s %s", money(a, d->cents), pot_name(S, P, pa, pot));
        else
          buf_printf(out, "    %s", nls_printf(nl, a, "%s from %s", money(a, d->cents),
                                                   pot_name(S, P, pa, pot)));
        if (d->yi != c->yi)
          buf_printf(out, ": %s", nls_printf(nl, a, "pre-financed from %d until %d", P->first_year + c->yi,
                                             P->first_year + d->yi));
        buf_putc(out, '\n');
      }
      if (c->unpaid > 0)
        buf_printf(out, "    %s\n",
                   nls_printf(nl, a, "%s paid by nothing by the end of %d: not covered (shortfall)",
                              money(a, c->unpaid), P->first_year + P->nyears - 1));
    }
    if (!any)
      buf_printf(out, "  %s\n", nls_text(nl, a, "no lasten"));
    if (line_nr != 0)
      continue;
    buf_printf(out, "  %s\n", nls_printf(nl, a, "at the end of %d:", P->first_year + y));
    bool left = false;
    for (int i = 0; i < pa->npots; i++) {
      const Pot *pot = &pa->pots[i];
      int64_t l = pa->left_at ? pa->left_at[(size_t)i * (size_t)P->nyears + (size_t)y] : 0;
      if (pot->yi > y)
        continue;
      if (pot->returned_yi == y) {
        buf_printf(out, "    %s: %s\n", pot_name(S, P, pa, pot),
                   nls_printf(nl, a, "%s paid back (unspent, its source must be paid back)",
                              money(a, pot->returned)));
        left = true;
      } else if (l > 0) {
        buf_printf(out, "    %s: %s\n", pot_name(S, P, pa, pot), nls_printf(nl, a, "%s left", money(a, l)));
        left = true;
      }
    }
    if (pa->unpaid[y] > 0)
      buf_printf(out, "    %s\n", nls_printf(nl, a, "%s of lasten not paid yet (pre-financed, or never paid)",
                                               money(a, pa->unpaid[y])));
    else if (!left)
      buf_printf(out, "    %s\n", nls_text(nl, a, "nothing left"));
  }
  free(start);
  free(order);
}

static void json_money(Buf *out, const char *key, int64_t cents) {
  char dec[48];
  fmt_decimal(dec, sizeof dec, cents, false);
  buf_printf(out, "\"%s_cents\": %lld, \"%s\": \"%s\"", key, (long long)cents, key, dec);
}

static void json_pot(Buf *out, const Plan *P, const ProjectAlloc *pa, int i) {
  const Pot *pot = &pa->pots[i];
  buf_printf(out, "{\"pot\": %d, \"kind\": \"%s\", ", i,
             pot->outside ? "outside" : pot->line ? "baten" : "opening");
  if (pot->line) {
    buf_printf(out, "\"line\": %d, \"category\": ", pot->line->nr);
    buf_json_string(out, pot->line->category);
    buf_puts(out, ", ");
  }
  if (pot->outside) {
    buf_puts(out, "\"paid_outside_by\": ");
    buf_json_string(out, line_outside(pot->line)->who);
    buf_puts(out, ", ");
  }
  buf_puts(out, "\"source\": ");
  if (pot->source)
    buf_json_string(out, pot->source->id);
  else
    buf_puts(out, "null");
  buf_printf(out, ", \"year\": %d, ", P->first_year + pot->yi);
  json_money(out, "amount", pot->cents);
  buf_puts(out, ", ");
  json_money(out, "returned", pot->returned);
  buf_puts(out, ", \"left_at_end\": [");
  for (int y = 0; y < P->nyears; y++) {
    if (y)
      buf_puts(out, ", ");
    buf_printf(out, "%lld",
               (long long)(pa->left_at ? pa->left_at[(size_t)i * (size_t)P->nyears + (size_t)y] : 0));
  }
  buf_puts(out, "]}");
}

static void explain_json(const Plan *P, const ProjectAlloc *pa, int line_nr, int yi, Buf *out) {
  const Project *p = pa->project;
  int *start, *order = draws_by_claim(pa, &start);
  buf_puts(out, "{\"version\": 1, \"project\": ");
  buf_json_string(out, p->id);
  buf_printf(out, ", \"first_year\": %d, \"last_year\": %d,\n \"pots\": [", P->first_year,
             P->first_year + P->nyears - 1);
  for (int i = 0; i < pa->npots; i++) {
    buf_puts(out, i ? ",\n  " : "\n  ");
    json_pot(out, P, pa, i);
  }
  buf_puts(out, "],\n \"claims\": [");
  bool first = true;
  for (int ci = 0; ci < pa->nclaims; ci++) {
    const Claim *c = &pa->claims[ci];
    if (!claim_shown(c, line_nr, yi))
      continue;
    buf_puts(out, first ? "\n  " : ",\n  ");
    first = false;
    buf_printf(out, "{\"kind\": \"%s\", ", kind_word(c->kind));
    if (c->line) {
      buf_printf(out, "\"line\": %d, \"category\": ", c->line->nr);
      buf_json_string(out, c->line->category);
      buf_puts(out, ", ");
    }
    buf_printf(out, "\"year\": %d, ", P->first_year + c->yi);
    json_money(out, "amount", c->cents);
    buf_puts(out, ", \"paid\": [");
    for (int k = start[ci]; k < start[ci + 1]; k++) {
      const Draw *d = &pa->draws[order[k]];
      buf_printf(out, "%s{\"pot\": %d, \"in_year\": %d, ", k > start[ci] ? ", " : "", d->pot,
                 P->first_year + d->yi);
      json_money(out, "amount", d->cents);
      buf_putc(out, '}');
    }
    buf_puts(out, "], ");
    json_money(out, "unpaid", c->unpaid);
    buf_printf(out, ", \"prefinanced_until\": ");
    if (c->paid_yi > c->yi)
      buf_printf(out, "%d", P->first_year + c->paid_yi);
    else
      buf_puts(out, "null");
    buf_printf(out, ", \"short\": %s}", c->unpaid > 0 ? "true" : "false");
  }
  buf_puts(out, "],\n \"unpaid_at_end\": [");
  for (int y = 0; y < P->nyears; y++)
    buf_printf(out, "%s%lld", y ? ", " : "", (long long)pa->unpaid[y]);
  buf_puts(out, "]}\n");
  free(start);
  free(order);
}

void explain_project(Arena *a, const Catalog *nl, const Plan *plan, const ProjectAlloc *pa, int line_nr,
                     int year, bool json, Buf *out) {
  int yi = year ? year_index(plan, year) : -1;
  if (json)
    explain_json(plan, pa, line_nr, yi, out);
  else
    explain_text(&(Say){nl, a}, plan, pa, line_nr, yi, out);
}

/* N_: in the language of the messages (nls_help) */
static const char explain_synopsis[] =
    N_("usage: amrc explain [--format=text|json] [-I DIR] [--stdlib=DIR] [--lang=nl|en] PLAN "
       "PROJECT[.LINE] [YEAR]\n");
static const char explain_help[] =
    N_("\nPrints how the coverage proof pays each lasten cell of a project: which money (the "
       "opening balance, which line's baten of which year), what is left after each year, and "
       "where pre-financing or a shortfall starts and ends. The rules are in docs/coverage.md.\n\n"
       "      --lang=nl|en  the language of the text and of the messages (default en)\n");

static int explain_usage(const Catalog *nl, const char *msg, const char *arg) {
  Arena a = {0};
  fprintf(stderr, "amrc explain: %s\n", arena_printf(&a, nls_text(nl, &a, msg), arg));
  fputs(nls_text(nl, &a, explain_synopsis), stderr);
  arena_free(&a);
  return 2;
}

/* PROJECT or PROJECT.LINE */
static bool parse_target(Arena *a, const char *s, const char **project, int *line) {
  const char *dot = strrchr(s, '.');
  *line = 0;
  if (!dot) {
    *project = s;
    return *s != '\0';
  }
  char *end;
  long n = strtol(dot + 1, &end, 10);
  if (*end || dot[1] == '\0' || n < 1 || n > 1000000 || dot == s)
    return false;
  *project = arena_strndup(a, s, (size_t)(dot - s));
  *line = (int)n;
  return true;
}

static int run_explain(int argc, char **argv, Arena *arena) {
  const Catalog *nl = nls_args(arena, argc, argv);
  bool json = false;
  const char *stdlib = NULL;
  const char **includes = arena_alloc(arena, sizeof(char *) * (size_t)(argc + 1));
  int nincludes = 0;
  const char *pos[3];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    int lang = nls_lang_option(nl, "amrc explain", argc, argv, &i, NULL);
    if (lang == 2)
      return 2;
    if (lang)
      continue;
    if (strcmp(s, "--format=json") == 0)
      json = true;
    else if (strcmp(s, "--format=text") == 0)
      json = false;
    else if (strncmp(s, "--format=", 9) == 0)
      return explain_usage(nl, N_("--format takes text or json, not '%s'"), s + 9);
    else if (strncmp(s, "--stdlib=", 9) == 0)
      stdlib = s + 9;
    else if (strcmp(s, "-I") == 0 && i + 1 < argc)
      includes[nincludes++] = argv[++i];
    else if (strncmp(s, "-I", 2) == 0 && s[2])
      includes[nincludes++] = s + 2;
    else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
      nls_help(nl, explain_synopsis);
      nls_help(nl, explain_help);
      return 0;
    } else if (s[0] == '-' && s[1])
      return explain_usage(nl, N_("unknown option '%s'"), s);
    else if (npos < 3)
      pos[npos++] = s;
    else
      return explain_usage(nl, N_("too many arguments ('%s')"), s);
  }
  if (npos < 2)
    return explain_usage(nl, N_("a plan and a project are needed"), NULL);
  const char *project;
  int line = 0, year = 0;
  if (!parse_target(arena, pos[1], &project, &line))
    return explain_usage(nl, N_("'%s' is not PROJECT or PROJECT.LINE"), pos[1]);
  if (npos == 3) {
    char *end;
    long y = strtol(pos[2], &end, 10);
    if (*end || y < 1000 || y > 9999)
      return explain_usage(nl, N_("'%s' is not a year"), pos[2]);
    year = (int)y;
  }
  Diags diags;
  diags_init(&diags, arena);
  diags.nl = nl;
  diags.dutch = nl != NULL;
  LoadOptions lo = {.include_dirs = includes, .ninclude = nincludes,
                    .stdlib_dir = stdlib ? stdlib : default_stdlib_dir(arena)};
  Compile c = {.load = &lo, .paths = &pos[0], .npaths = 1, .no_check = true};
  if (!compile_plan(arena, &diags, &c)) {
    diags_print(&diags, stderr, (DiagStyle){DIAG_TEXT, false});
    nls_say(nl, "amrc explain", "the plan could not be computed");
    return 1;
  }
  const Project *p = plan_project(&c.plan, project);
  if (!p) {
    nls_say(nl, "amrc explain", "no project '%s' in the plan", project);
    return 2;
  }
  if (line && !project_line(p, line)) {
    nls_say(nl, "amrc explain", "project '%s' has no line %d", project, line);
    return 2;
  }
  if (year && year_index(&c.plan, year) < 0) {
    nls_say(nl, "amrc explain", "%d is outside the plan's horizon %d..%d", year, c.plan.first_year,
            c.plan.first_year + c.plan.nyears - 1);
    return 2;
  }
  const ProjectAlloc *pa = alloc_project(arena, &c.plan, &c.results, p);
  Buf out = {0};
  explain_project(arena, nl, &c.plan, pa, line, year, json, &out);
  Diags io;
  diags_init(&io, arena);
  io.nl = nl;
  io.dutch = nl != NULL;
  bool written = write_whole("-", &out, &io);
  buf_free(&out);
  if (!written) {
    diags_print(&io, stderr, (DiagStyle){DIAG_TEXT, false});
    return 2;
  }
  return 0;
}

int amrc_explain_main(int argc, char **argv) {
  Arena arena = {0};
  int rc = run_explain(argc, argv, &arena);
  arena_free(&arena);
  return rc;
}

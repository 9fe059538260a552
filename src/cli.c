/* cli.c: the command line. Parses options, runs the stages in order, prints
 * the diagnostics and writes the output whole or not at all.
 *
 * Exit status: 0 no errors, 1 errors in the input (or warnings under
 * -Werror), 2 usage or I/O trouble. */
#include "actuals.h"
#include "emit.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* N_: --help in the language of the messages (nls_help) */
static const char usage_text[] = N_(
    "usage: amrc [--check] [OPTION]... FILE...\n"
    "       amrc --emit=FORMAT [-o FILE] [OPTION]... FILE...\n"
    "       amrc fmt [--check | --diff] FILE...    (amrc fmt --help)\n"
    "       amrc diff [--format=F] OLD NEW | --git REV PLAN   (amrc diff --help)\n"
    "       amrc explain [--format=F] PLAN PROJECT[.LINE] [YEAR]   (amrc explain --help)\n"
    "       amrc expect --update PLAN   (amrc expect --help)\n"
    "       amrc import [-o FILE] CSV...           (amrc import --help)\n"
    "       amrc init DIR --years Y0..Y1 [--title T]  (amrc init --help)\n"
    "\n"
    "Checks a multi-year budget plan written in .amr and emits its tables.\n"
    "\n"
    "Actions:\n"
    "      --check                 check the plan (the default)\n"
    "      --emit=FORMAT           after a clean check, write FORMAT: table, summary,\n"
    "                              markdown, csv, csv-balances, json, header, html,\n"
    "                              risks, risks-markdown, taakvelden,\n"
    "                              taakvelden-markdown, taakvelden-csv, xlsx; with --actuals also\n"
    "                              realisatie, realisatie-markdown, realisatie-json\n"
    "  -o, --output=FILE           write to FILE (whole or not at all; default stdout)\n"
    "      --force                 emit even when the check found errors\n"
    "\n"
    "Input:\n"
    "  -I DIR                      look for imports in DIR too\n"
    "      --stdlib=DIR            the stdlib folder (default: next to amrc, or\n"
    "                              $AMRC_STDLIB, or the installed one)\n"
    "      --allow-outside-imports allow imports outside the plan's folders\n"
    "\n"
    "Realisatie (docs/realisatie.md):\n"
    "      --actuals=FILE          read bookings from a CSV export (repeatable)\n"
    "      --as-of=DATE            compare up to DATE (default: the last booking)\n"
    "      --behind=PCT            spending-behind below PCT percent of the budget\n"
    "                              to date (default 50)\n"
    "      --over=PCT              forecast-over-budget more than PCT percent over\n"
    "                              (default 10)\n"
    "\n"
    "Diagnostics:\n"
    "  -W NAME, -WNAME             enable a warning (all are on by default)\n"
    "  -Wno-NAME                   silence a warning\n"
    "  -Werror                     make every warning an error\n"
    "  -Werror=NAME                make one warning an error\n"
    "      --list-warnings         list every diagnostic name and exit\n"
    "      --color=WHEN            auto, always or never (default auto)\n"
    "      --diagnostics-format=F  text, github, sarif or json (default text)\n"
    "      --max-errors=N          stop reporting after N errors (default 50)\n"
    "      --baseline=FILE         fail only on findings FILE does not list\n"
    "      --update-baseline=FILE  write the findings of this run to FILE\n"
    "  -q, --quiet                 no summary line\n"
    "      --time-report           time each stage and the memory it took, on stderr\n"
    "\n"
    "Output:\n"
    "      --lang=nl|en            the language of tables and reports (default nl)\n"
    "                              and, when given, of the messages on stderr\n"
    "      --csv-dialect=D         rfc4180 (default) or excel-nl\n"
    "      --csv-columns=C         full (default) or legacy (the columns of amrc 1)\n"
    "      --prefix=NAME           header: identifier prefix instead of amr\n"
    "      --scenario SOURCE=PCT   risks, risks-markdown, html: also compute the plan\n"
    "                              with SOURCE's baten realised at PCT percent, and\n"
    "                              say what breaks (repeatable: applied together)\n"
    "\n"
    "  -h, --help                  show this help and exit\n"
    "  -V, --version               show the version and exit\n"
    "\n"
    "Exit status: 0 no errors, 1 errors in the plan (or warnings under -Werror),\n"
    "2 usage or I/O errors.\n");

typedef enum {
  EMIT_NONE,
  EMIT_TABLE,
  EMIT_SUMMARY,
  EMIT_MARKDOWN,
  EMIT_CSV,
  EMIT_CSV_BALANCES,
  EMIT_JSON,
  EMIT_HEADER,
  EMIT_HTML,
  EMIT_RISKS,
  EMIT_RISKS_MARKDOWN,
  EMIT_TAAKVELDEN,
  EMIT_TAAKVELDEN_MARKDOWN,
  EMIT_TAAKVELDEN_CSV,
  EMIT_REALISATIE,
  EMIT_REALISATIE_MARKDOWN,
  EMIT_REALISATIE_JSON,
  EMIT_XLSX,
} EmitFormat;

static const struct {
  const char *name;
  EmitFormat format;
} emit_formats[] = {
    {"table", EMIT_TABLE},       {"summary", EMIT_SUMMARY},
    {"markdown", EMIT_MARKDOWN}, {"csv", EMIT_CSV},
    {"csv-balances", EMIT_CSV_BALANCES}, {"json", EMIT_JSON},
    {"header", EMIT_HEADER},     {"html", EMIT_HTML},
    {"risks", EMIT_RISKS},       {"risks-markdown", EMIT_RISKS_MARKDOWN},
    {"taakvelden", EMIT_TAAKVELDEN}, {"taakvelden-markdown", EMIT_TAAKVELDEN_MARKDOWN},
    {"taakvelden-csv", EMIT_TAAKVELDEN_CSV},
    {"realisatie", EMIT_REALISATIE}, {"realisatie-markdown", EMIT_REALISATIE_MARKDOWN},
    {"realisatie-json", EMIT_REALISATIE_JSON},
    {"xlsx", EMIT_XLSX},
};

typedef struct Options {
  EmitFormat emit;
  const char *output;
  bool force, quiet;
  const char **includes;
  int nincludes;
  bool time_report;
  const char *stdlib_dir;
  bool allow_outside;
  DiagStyle style;
  int color;            /* -1 auto, 0 never, 1 always */
  EmitOptions emit_opt;
  ScenarioArg *scenarios;  /* --scenario */
  int nscenarios;
  const char **actuals;    /* --actuals */
  int nactuals;
  ActualsOptions actuals_opt;
  const char *baseline;        /* --baseline */
  const char *update_baseline; /* --update-baseline */
  bool lang_given;             /* --lang: the diagnostics follow it too */
} Options;

/* In the language of the diagnostics (--lang=nl: Dutch), known before the
 * options are read (nls_lang_arg). */
static int usage_error(const Catalog *nl, const char *fmt, const char *arg) {
  return nls_usage_error(nl, "amrc", fmt, arg);
}

static void list_warnings(void) {
  for (const DiagInfo *i = diag_catalogue; i->name; i++)
    printf("%-26s %-8s %s\n", i->name,
           i->sev == SEV_ERROR ? "error" : i->sev == SEV_WARNING ? "warning" : "note", i->summary);
}

/* -W options are taken by hand: getopt cannot tell -Wno-x from -W no-x. */
static int take_warning_option(Diags *d, Arena *a, const Catalog *nl, const char *opt) {
  if (strcmp(opt, "error") == 0) {
    d->werror = true;
    return 0;
  }
  const char *name = opt;
  bool disable = false, promote = false;
  if (strncmp(opt, "no-", 3) == 0) {
    name = opt + 3;
    disable = true;
  } else if (strncmp(opt, "error=", 6) == 0) {
    name = opt + 6;
    promote = true;
  }
  const DiagInfo *info = diag_info(name);
  if (!info)
    return usage_error(nl, "unknown warning '%s' (see --list-warnings)", name);
  if (!info->can_disable)
    return usage_error(nl, "'%s' is an error, not a warning; it cannot be changed", name);
  const char ***list = disable ? &d->disabled : &d->promoted;
  int *n = disable ? &d->ndisabled : &d->npromoted;
  if (!disable && !promote)
    return 0; /* -WNAME: on already */
  const char **grown = arena_alloc(a, sizeof *grown * (size_t)(*n + 1));
  if (*n)
    memcpy(grown, *list, sizeof *grown * (size_t)*n);
  grown[(*n)++] = info->name;
  *list = grown;
  return 0;
}

static void print_summary(const Plan *plan, const Results *res, const Program *prog,
                          bool checked, const Diags *d) {
  int lines = plan ? plan->nlines : 0, projects = plan ? plan->nprojects + plan->ndropped : 0;
  int pm = 0;
  if (!checked) {
    lines = projects = 0;
    /* The check did not run (the files had errors): count what was read. */
    for (const Decl *decl = prog ? prog->decls : NULL; decl; decl = decl->next) {
      if (decl->kind != DECL_PROJECT)
        continue;
      projects++;
      for (const Line *l = decl->u.project->lines; l; l = l->next)
        lines++;
    }
  }
  if (plan && checked)
    for (int i = 0; i < plan->nprojects; i++)
      pm += project_unchecked(res, plan->projects[i]) ? 0 : project_result(res, plan->projects[i])->npm[0] +
            project_result(res, plan->projects[i])->npm[1];
  /* Counted as printed: a warning under -Werror is printed, and counted, as
   * an error. */
  int shown_errors = d->nerrors, shown_warnings = 0, accepted = 0, baselined = 0;
  for (const Diag *g = d->head; g; g = g->next) {
    if (g->in_baseline)
      baselined++;
    else if (g->accepted)
      accepted++;
    else if (g->sev == SEV_WARNING && diag_is_fatal(d, g))
      shown_errors++;
    else if (g->sev == SEV_WARNING)
      shown_warnings++;
  }
  /* in the diagnostics' language (nls.c); English and Dutch both use the
   * singular for 1 only */
  const Catalog *nl = d->dutch ? d->nl : NULL;
  Arena *a = d->arena;
#define COUNT(n, one, many) nls_printf(nl, a, (n) == 1 ? one : many, n)
  /* a plan of annual programmes counts programmes, as its tables do */
  bool annual = plan && plan_all_annual(plan);
  const char *counted = annual ? COUNT(projects, N_("%d programme"), N_("%d programmes"))
                               : COUNT(projects, N_("%d project"), N_("%d projects"));
  fprintf(stderr, "amrc: %s, %s, %s, %s", counted,
          COUNT(lines, N_("%d line"), N_("%d lines")),
          COUNT(shown_errors, N_("%d error"), N_("%d errors")),
          COUNT(shown_warnings, N_("%d warning"), N_("%d warnings")));
  if (accepted && baselined)
    fprintf(stderr, " (%s)", nls_printf(nl, a, N_("%d accepted, %d in the baseline"), accepted, baselined));
  else if (accepted || baselined)
    fprintf(stderr, " (%s)", nls_printf(nl, a, baselined ? N_("%d in the baseline") : N_("%d accepted"),
                                        accepted + baselined));
  /* errors and warnings count causes; the years and totals that follow
   * from them are in their messages and notes (diags_group) */
  if (d->nfolded)
    fprintf(stderr, ", %s", COUNT(d->nfolded, N_("explaining %d further place"), N_("explaining %d further places")));
  fprintf(stderr, ", %s", COUNT(pm, N_("%d PM cell"), N_("%d PM cells")));
  /* where the check could not run, for part of the plan or all of it */
  int unchecked = checked ? res->nunchecked + plan->ndropped : projects;
  if (unchecked && d->nerrors)
    fprintf(stderr, "; %s",
            annual ? COUNT(unchecked, N_("%d programme not checked because of the errors above"),
                           N_("%d programmes not checked because of the errors above"))
                   : COUNT(unchecked, N_("%d project not checked because of the errors above"),
                           N_("%d projects not checked because of the errors above")));
#undef COUNT
  fputc('\n', stderr);
}

static void emit(const Plan *plan, const Results *r, EmitFormat f, const EmitOptions *o, Buf *out) {
  switch (f) {
  case EMIT_TABLE: emit_table(plan, r, o, out); break;
  case EMIT_SUMMARY: emit_summary(plan, r, o, out); break;
  case EMIT_MARKDOWN: emit_markdown(plan, r, o, out); break;
  case EMIT_CSV: emit_csv(plan, r, o, out); break;
  case EMIT_CSV_BALANCES: emit_csv_balances(plan, r, o, out); break;
  case EMIT_JSON: emit_json(plan, r, o, out); break;
  case EMIT_HEADER: emit_header(plan, r, o, out); break;
  case EMIT_HTML: emit_html(plan, r, o, out); break;
  case EMIT_RISKS: emit_risks(plan, r, o, out); break;
  case EMIT_RISKS_MARKDOWN: emit_risks_markdown(plan, r, o, out); break;
  case EMIT_TAAKVELDEN: emit_taakvelden(plan, r, o, out); break;
  case EMIT_TAAKVELDEN_MARKDOWN: emit_taakvelden_markdown(plan, r, o, out); break;
  case EMIT_TAAKVELDEN_CSV: emit_csv_taakvelden(plan, r, o, out); break;
  case EMIT_REALISATIE: emit_realisatie(plan, r, o, out); break;
  case EMIT_REALISATIE_MARKDOWN: emit_realisatie_markdown(plan, r, o, out); break;
  case EMIT_REALISATIE_JSON: emit_realisatie_json(plan, r, o, out); break;
  case EMIT_XLSX: /* run() calls emit_xlsx: it can fail */
  case EMIT_NONE: break;
  }
}

enum {
  OPT_CHECK = 256,
  OPT_EMIT,
  OPT_FORCE,
  OPT_STDLIB,
  OPT_ALLOW_OUTSIDE,
  OPT_COLOR,
  OPT_DIAG_FORMAT,
  OPT_MAX_ERRORS,
  OPT_LANG,
  OPT_CSV_DIALECT,
  OPT_CSV_COLUMNS,
  OPT_PREFIX,
  OPT_LIST_WARNINGS,
  OPT_TIME_REPORT,
  OPT_SCENARIO,
  OPT_ACTUALS,
  OPT_AS_OF,
  OPT_BEHIND,
  OPT_OVER,
  OPT_BASELINE,
  OPT_UPDATE_BASELINE,
};

static const struct option long_options[] = {
    {"check", no_argument, NULL, OPT_CHECK},
    {"emit", required_argument, NULL, OPT_EMIT},
    {"output", required_argument, NULL, 'o'},
    {"force", no_argument, NULL, OPT_FORCE},
    {"stdlib", required_argument, NULL, OPT_STDLIB},
    {"allow-outside-imports", no_argument, NULL, OPT_ALLOW_OUTSIDE},
    {"color", required_argument, NULL, OPT_COLOR},
    {"colour", required_argument, NULL, OPT_COLOR},
    {"diagnostics-format", required_argument, NULL, OPT_DIAG_FORMAT},
    {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},
    {"lang", required_argument, NULL, OPT_LANG},
    {"csv-dialect", required_argument, NULL, OPT_CSV_DIALECT},
    {"csv-columns", required_argument, NULL, OPT_CSV_COLUMNS},
    {"prefix", required_argument, NULL, OPT_PREFIX},
    {"list-warnings", no_argument, NULL, OPT_LIST_WARNINGS},
    {"time-report", no_argument, NULL, OPT_TIME_REPORT},
    {"scenario", required_argument, NULL, OPT_SCENARIO},
    {"actuals", required_argument, NULL, OPT_ACTUALS},
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"behind", required_argument, NULL, OPT_BEHIND},
    {"over", required_argument, NULL, OPT_OVER},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"update-baseline", required_argument, NULL, OPT_UPDATE_BASELINE},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static bool valid_prefix(const char *p) {
  if (!p[0] || strlen(p) > 32 || !((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')))
    return false;
  for (const char *c = p; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '_'))
      return false;
  return true;
}

/* --scenario SOURCE=PERCENT: "esf_sectoren=80", "x=82.5", "x=82,5%". */
static bool parse_scenario(Arena *a, const char *arg, ScenarioArg *out) {
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg)
    return false;
  for (const char *c = arg; c < eq; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_' ||
          (c > arg && *c >= '0' && *c <= '9')))
      return false;
  const char *p = eq + 1;
  long whole = 0, frac = 0;
  int ndigits = 0, nfrac = 0;
  for (; *p >= '0' && *p <= '9' && ndigits < 5; p++, ndigits++)
    whole = whole * 10 + (*p - '0');
  if (ndigits == 0)
    return false;
  if ((*p == '.' || *p == ',') && p[1] >= '0' && p[1] <= '9') {
    for (p++; *p >= '0' && *p <= '9' && nfrac < 2; p++, nfrac++)
      frac = frac * 10 + (*p - '0');
    if (nfrac == 1)
      frac *= 10;
  }
  if (*p == '%')
    p++;
  if (*p || whole > 1000 || (whole == 1000 && frac > 0))
    return false;
  out->source = arena_strndup(a, arg, (size_t)(eq - arg));
  out->realised = (int32_t)(whole * 100 + frac);
  return true;
}

/* --time-report, as GCC's -ftime-report: where a run spends its time and
 * memory, stage by stage, for a benchmark or a plan that feels slow. */
typedef struct Stopwatch {
  bool on;
  struct timespec last;
  Arena *arena;
} Stopwatch;

static void lap(Stopwatch *w, const char *stage) {
  if (!w->on)
    return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (stage) {
    double ms = (double)(now.tv_sec - w->last.tv_sec) * 1e3 +
                (double)(now.tv_nsec - w->last.tv_nsec) / 1e6;
    fprintf(stderr, "amrc: time %-9s %9.2f ms   arena %8.1f MiB\n", stage, ms,
            (double)arena_size(w->arena) / (1024.0 * 1024.0));
  }
  w->last = now;
}

static void lap_stage(void *w, const char *stage) { lap(w, stage); }

static int run(int argc, char **argv, Arena *arena) {
  Diags diags;
  diags_init(&diags, arena);
  Options o = {.color = -1};
  o.emit_opt.prefix = "amr";
  o.includes = arena_alloc(arena, sizeof *o.includes * (size_t)(argc + 1));
  o.scenarios = arena_alloc(arena, sizeof *o.scenarios * (size_t)(argc + 1));
  o.actuals = arena_alloc(arena, sizeof *o.actuals * (size_t)(argc + 1));
  o.actuals_opt = (ActualsOptions){.behind_pct = 50, .over_pct = 10};

  /* The language of the usage errors and --help is known before the
   * options are read, from --lang as getopt_long will read it. */
  const char *lang_arg = nls_lang_arg(argc, argv);
  bool nl_asked = lang_arg && strcmp(lang_arg, "nl") == 0;
  const Catalog *early = nl_asked ? nls_dutch(arena) : NULL;

  /* Pull out -W options first; getopt would read -Wno-x as -W with "no-x". */
  char **args = arena_alloc(arena, sizeof *args * (size_t)(argc + 1));
  int nargs = 0;
  for (int i = 0; i < argc; i++) {
    if (i > 0 && strncmp(argv[i], "-W", 2) == 0) {
      const char *w = argv[i] + 2;
      if (!*w) {
        if (i + 1 >= argc)
          return usage_error(early, "%s needs a warning name", "-W");
        w = argv[++i];
      }
      int rc = take_warning_option(&diags, arena, early, w);
      if (rc)
        return rc;
      continue;
    }
    args[nargs++] = argv[i];
  }
  args[nargs] = NULL;

  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(nargs, args, ":o:I:qhV", long_options, NULL)) != -1) {
    switch (c) {
    case OPT_CHECK: break;
    case OPT_EMIT: {
      o.emit = EMIT_NONE;
      for (size_t i = 0; i < sizeof emit_formats / sizeof emit_formats[0]; i++)
        if (strcmp(optarg, emit_formats[i].name) == 0)
          o.emit = emit_formats[i].format;
      if (o.emit == EMIT_NONE) {
        /* every format the table knows, so that the list cannot go stale */
        Buf names = {0};
        for (size_t i = 0; i < sizeof emit_formats / sizeof emit_formats[0]; i++)
          buf_printf(&names, "%s%s", i ? ", " : "", emit_formats[i].name);
        const char *msg = nls_printf(early, arena, N_("unknown format '%s' (%s)"), optarg, names.data);
        buf_free(&names);
        return usage_error(early, "%s", msg);
      }
      break;
    }
    case 'o': o.output = optarg; break;
    case OPT_FORCE: o.force = true; break;
    case 'I': o.includes[o.nincludes++] = optarg; break;
    case OPT_STDLIB: o.stdlib_dir = optarg; break;
    case OPT_ALLOW_OUTSIDE: o.allow_outside = true; break;
    case OPT_COLOR:
      if (strcmp(optarg, "auto") == 0) o.color = -1;
      else if (strcmp(optarg, "always") == 0) o.color = 1;
      else if (strcmp(optarg, "never") == 0) o.color = 0;
      else return usage_error(early, "--color takes auto, always or never, not '%s'", optarg);
      break;
    case OPT_DIAG_FORMAT:
      if (strcmp(optarg, "text") == 0) o.style.format = DIAG_TEXT;
      else if (strcmp(optarg, "github") == 0) o.style.format = DIAG_GITHUB;
      else if (strcmp(optarg, "sarif") == 0) o.style.format = DIAG_SARIF;
      else if (strcmp(optarg, "json") == 0) o.style.format = DIAG_JSON;
      else return usage_error(early, "--diagnostics-format takes text, github, sarif or json, not '%s'", optarg);
      break;
    case OPT_MAX_ERRORS: {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*end || n < 1 || n > 100000)
        return usage_error(early, "--max-errors takes a number from 1 to 100000, not '%s'", optarg);
      diags.max_errors = (int)n;
      break;
    }
    case OPT_LANG:
      o.lang_given = true;
      if (strcmp(optarg, "nl") == 0) o.emit_opt.lang = LANG_NL;
      else if (strcmp(optarg, "en") == 0) o.emit_opt.lang = LANG_EN;
      else return usage_error(early, "--lang takes nl or en, not '%s'", optarg);
      break;
    case OPT_CSV_DIALECT:
      if (strcmp(optarg, "rfc4180") == 0) o.emit_opt.csv_dialect = CSV_RFC4180;
      else if (strcmp(optarg, "excel-nl") == 0) o.emit_opt.csv_dialect = CSV_EXCEL_NL;
      else return usage_error(early, "--csv-dialect takes rfc4180 or excel-nl, not '%s'", optarg);
      break;
    case OPT_CSV_COLUMNS:
      if (strcmp(optarg, "full") == 0) o.emit_opt.csv_columns = CSV_COLUMNS_FULL;
      else if (strcmp(optarg, "legacy") == 0) o.emit_opt.csv_columns = CSV_COLUMNS_LEGACY;
      else return usage_error(early, "--csv-columns takes full or legacy, not '%s'", optarg);
      break;
    case OPT_PREFIX:
      if (!valid_prefix(optarg))
        return usage_error(early, "--prefix must be a C identifier of at most 32 characters, not '%s'", optarg);
      o.emit_opt.prefix = optarg;
      break;
    case OPT_SCENARIO:
      if (!parse_scenario(arena, optarg, &o.scenarios[o.nscenarios]))
        return usage_error(early, "--scenario takes SOURCE=PERCENT (a percentage from 0 to 1000, "
                           "e.g. esf_sectoren=80), not '%s'", optarg);
      o.nscenarios++;
      break;
    case OPT_ACTUALS: o.actuals[o.nactuals++] = optarg; break;
    case OPT_AS_OF:
      if (!parse_booking_date(optarg, strlen(optarg), &o.actuals_opt.as_of))
        return usage_error(early, "--as-of takes a date, 2026-06-30 or 30-06-2026, not '%s'", optarg);
      break;
    case OPT_BEHIND:
    case OPT_OVER: {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (*end == '%')
        end++;
      if (end == optarg || *end || n < 0 || n > 1000)
        return usage_error(early, "--behind and --over take a percentage from 0 to 1000, not '%s'", optarg);
      *(c == OPT_BEHIND ? &o.actuals_opt.behind_pct : &o.actuals_opt.over_pct) = (int)n;
      break;
    }
    case OPT_LIST_WARNINGS: list_warnings(); return 0;
    case OPT_BASELINE: o.baseline = optarg; break;
    case OPT_UPDATE_BASELINE: o.update_baseline = optarg; break;
    case OPT_TIME_REPORT: o.time_report = true; break;
    case 'q': o.quiet = true; break;
    case 'V': printf("amrc %s\n", AMRC_VERSION); return 0;
    case 'h': nls_help(early, usage_text); return 0;
    default: return nls_getopt_error(early, "amrc", c, args, long_options);
    }
  }
  int nfiles = nargs - optind;
  if (nfiles <= 0)
    return usage_error(early, "no input files", NULL);
  if (o.nscenarios && o.emit != EMIT_RISKS && o.emit != EMIT_RISKS_MARKDOWN && o.emit != EMIT_HTML)
    return usage_error(early, "--scenario goes with --emit=risks, --emit=risks-markdown or --emit=html", NULL);
  bool realisatie_out = o.emit == EMIT_REALISATIE || o.emit == EMIT_REALISATIE_MARKDOWN ||
                        o.emit == EMIT_REALISATIE_JSON;
  if (realisatie_out && !o.nactuals)
    return usage_error(early, "--emit=realisatie... needs --actuals FILE", NULL);
  if (!o.nactuals && o.actuals_opt.as_of)
    return usage_error(early, "--as-of goes with --actuals", NULL);
  o.emit_opt.scenario = o.scenarios;
  o.emit_opt.nscenario = o.nscenarios;

  /* Diagnostics are in English unless --lang says otherwise; a report for
   * readers shows its findings in its own language (Dutch by default). */
  diags.dutch = o.lang_given && o.emit_opt.lang == LANG_NL;
  bool report = o.emit == EMIT_HTML || o.emit == EMIT_RISKS || o.emit == EMIT_RISKS_MARKDOWN ||
                o.emit == EMIT_XLSX;
  if (diags.dutch || (report && o.emit_opt.lang == LANG_NL))
    diags.nl = nl_asked ? early : nls_dutch(arena);
  /* the realisatie's words in a Dutch report come from the catalogue too */
  if (o.emit_opt.lang == LANG_NL &&
      (report || o.emit == EMIT_REALISATIE || o.emit == EMIT_REALISATIE_MARKDOWN))
    o.emit_opt.nl = diags.nl ? diags.nl : nls_dutch(arena);
  /* amrc's own lines go with the diagnostics */
  const Catalog *said = diags.dutch ? diags.nl : NULL;

  if (!o.stdlib_dir)
    o.stdlib_dir = default_stdlib_dir(arena);

  bool color = o.color == 1 || (o.color == -1 && isatty(2) && getenv("NO_COLOR") == NULL &&
                                getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0);
  o.style.color = color && o.style.format == DIAG_TEXT;
  FILE *diag_out = o.style.format == DIAG_TEXT || o.style.format == DIAG_GITHUB ? stderr : stdout;
  if (o.emit != EMIT_NONE && (o.style.format == DIAG_SARIF || o.style.format == DIAG_JSON) &&
      (!o.output || strcmp(o.output, "-") == 0))
    diag_out = stderr; /* stdout carries the emitted output */

  Stopwatch watch = {.on = o.time_report, .arena = arena};
  lap(&watch, NULL);
  LoadOptions lo = {.include_dirs = o.includes, .ninclude = o.nincludes,
                    .stdlib_dir = o.stdlib_dir, .allow_outside = o.allow_outside};
  Compile comp = {.load = &lo, .paths = (const char **)args + optind, .npaths = nfiles,
                  .scenario = o.scenarios, .nscenario = o.nscenarios,
                  .lap = lap_stage, .lap_ctx = &watch};
  compile_plan(arena, &diags, &comp);
  /* as gcc refuses "input file is the same as output file": -o naming the
   * plan, one of its imports or an actuals file, by any path, would
   * replace it with the output */
  if (o.output && strcmp(o.output, "-") != 0) {
    const char *same = NULL;
    for (int i = 0; i < comp.prog.nfiles && !same; i++)
      if (comp.prog.files[i] && same_file(comp.prog.files[i]->path, o.output))
        same = comp.prog.files[i]->path;
    for (int i = 0; i < o.nactuals && !same; i++)
      if (same_file(o.actuals[i], o.output))
        same = o.actuals[i];
    if (same) {
      fprintf(stderr, "amrc: error: %s\n",
              nls_printf(said, arena, "input file '%s' is the same as output file '%s'; nothing written", same,
                         o.output));
      return 2;
    }
  }
  if (comp.scenario_error)
    return usage_error(early, "%s", comp.scenario_error);
  const Plan *plan = &comp.plan;
  if (comp.evaluated && o.nactuals) {
    int as_of_year = o.actuals_opt.as_of / 10000;
    if (o.actuals_opt.as_of && year_index(plan, as_of_year) < 0)
      return usage_error(early, "--as-of %s is outside the plan's years",
                         arena_printf(arena, "%d..%d (%d)", plan->first_year,
                                      plan->first_year + plan->nyears - 1, as_of_year));
    o.emit_opt.realisatie = realisatie_run(plan, &comp.results, arena, &diags, o.actuals,
                                           o.nactuals, &o.actuals_opt);
    lap_stage(&watch, "actuals");
  }

  /* The baseline is written from what this run found, and then read as
   * --baseline would read it: the run passes unless writing failed. */
  if (o.update_baseline && baseline_write(arena, &diags, o.update_baseline))
    baseline_apply(arena, &diags, o.update_baseline);
  else if (o.baseline)
    baseline_apply(arena, &diags, o.baseline);

  bool io_trouble = false;
  for (const Diag *g = diags.head; g; g = g->next)
    if (strcmp(g->name, "io") == 0 && !g->loc.file)
      io_trouble = true;
  diags_print(&diags, diag_out, o.style);
  if (!o.quiet && o.style.format == DIAG_TEXT)
    print_summary(plan, &comp.results, comp.loaded || comp.prog.decls ? &comp.prog : NULL,
                  comp.checked, &diags);
  fflush(diag_out);
  fflush(stderr);  /* the report before any output (main.c buffers stderr) */
  lap(&watch, "report");
  if (io_trouble)
    return 2;
  bool failed = diags_failed(&diags);

  if (o.emit == EMIT_NONE)
    return failed ? 1 : 0;
  /* These words go where text diagnostics go; when SARIF or JSON lines
   * are on stderr, a sentence among them would spoil the document. */
  bool say = diag_out != stderr || o.style.format == DIAG_TEXT || o.style.format == DIAG_GITHUB;
  if (!comp.evaluated) {
    if (say)
      nls_say(said, "amrc", "nothing written: the plan could not be computed");
    return 1;
  }
  if (realisatie_out && !o.emit_opt.realisatie) {
    if (say)
      nls_say(said, "amrc", "nothing written: the actuals could not be read");
    return 1;
  }
  if (failed && !o.force) {
    if (say)
      nls_say(said, "amrc", "nothing written: the check found errors (--force writes anyway)");
    return 1;
  }
  if (failed && say)
    nls_say(said, "amrc", "writing output despite errors, because of --force");
  o.emit_opt.diags = &diags;
  Buf out = {0};
  emit(plan, &comp.results, o.emit, &o.emit_opt, &out);
  const char *why = NULL;
  if (o.emit == EMIT_XLSX && !emit_xlsx(plan, &comp.results, &o.emit_opt, &out, &why)) {
    buf_free(&out);
    nls_say(said, "amrc", "nothing written: cannot make the workbook: %s", why);
    return 2;
  }
  lap(&watch, "emit");
  Diags io;
  diags_init(&io, arena);
  io.nl = diags.nl;
  io.dutch = diags.dutch;
  bool written = write_whole(o.output ? o.output : "-", &out, &io);
  lap(&watch, "write");
  buf_free(&out);
  if (!written) {
    diags_print(&io, stderr, (DiagStyle){DIAG_TEXT, false});
    return 2;
  }
  return failed ? 1 : 0;
}

int amrc_main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "fmt") == 0)   /* fmt.c */
    return amrc_fmt_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "diff") == 0)  /* diff.c */
    return amrc_diff_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "explain") == 0)  /* explain.c */
    return amrc_explain_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "expect") == 0)  /* expect_update.c */
    return amrc_expect_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "import") == 0)  /* import.c */
    return amrc_import_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "init") == 0)  /* init.c */
    return amrc_init_main(argc - 1, argv + 1);
  Arena arena = {0};
  int rc = run(argc, argv, &arena);
  arena_free(&arena);
  return rc;
}

/* init.c: amrc init, a new plan repository that checks clean.
 *
 *   amrc init DIR --years 2027..2030 [--title TEXT]
 *
 * writes the root file, one project file with a commented example line of
 * each kind, an expectations file, .gitattributes, the CI workflow and the
 * pre-commit hook of contrib/ (compiled in: contrib_files.c, made by
 * tools/embed.sh), and, where git is on the PATH, makes DIR a git
 * repository with amrc's diff driver and the hook installed. Every file it
 * writes passes `amrc fmt --check`, and the plan passes `amrc --check`
 * (tests/run_init.sh). */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern const char embed_pre_commit[];
extern const char embed_workflow[];

static const char init_usage[] = N_(
    "usage: amrc init DIR --years Y0..Y1 [--title TEXT]\n"
    "\n"
    "Creates DIR (which must not exist, or be empty) as a plan repository that\n"
    "checks clean: plan.amr (the root file), projects/voorbeeld.amr (one project,\n"
    "with a commented example line of each kind), expectations.amr, .gitattributes,\n"
    ".github/workflows/amrc.yml (CI) and, where git is found, a git repository with\n"
    "amrc's diff driver and pre-commit hook installed.\n"
    "\n"
    "      --years=Y0..Y1   the plan's horizon, as 2027..2030\n"
    "      --title=TEXT     the plan's title (default \"Begroting Y0-Y1\")\n"
    "      --no-git         do not run git\n"
    "      --lang=nl|en     the language of its messages (default en)\n"
    "  -h, --help           show this help and exit\n");

static bool write_file(const Catalog *nl, const char *dir, const char *name, const Buf *b, mode_t mode);


/* The files' comments and notes are in the language of --lang (nls.c):
 * a Dutch team gets a plan it can read. */
static void root_file(const Catalog *nl, Arena *a, Buf *b, const char *title, int y0, int y1) {
  buf_puts(b, nls_text(nl, a, "# The plan's root file: its horizon, its programme lines and the files of its\n"
                              "# projects. Check it with `amrc plan.amr`; see docs/tutorial.md.\n\n"
                              "import \"funding.amr\"  # stdlib: the kinds of funding\n\n"));
  buf_puts(b, "plan begroting ");
  buf_amr_string(b, title);
  buf_printf(b, " {\n  years %d..%d\n  currency EUR\n}\n\n", y0, y1);
  buf_puts(b, nls_text(nl, a, "# Indexation: an amount 'indexed loon' is stated in the plan's first year\n"
                              "# and grows by the rate every year after it, rounded to 25 euros.\n"
                              "index loon \"Loonindexatie\" {\n"
                              "  rate 3%\n"
                              "  round 25\n"
                              "}\n\n"
                              "# Programme lines: every project belongs to one.\n"
                              "programme algemeen \"Algemeen\"\n\n"
                              "# Funding sources the projects' baten name.\n"
                              "source bijdrage_gemeenten \"Bijdrage gemeenten\" {\n"
                              "  kind eigen_middelen\n"
                              "  status toegezegd\n"
                              "}\n\n"
                              "# Projects, one file each.\n"
                              "import \"projects/voorbeeld.amr\"\n\n"
                              "# Totals the plan states (as a printed table does), checked by amrc.\n"
                              "import \"expectations.amr\"\n"));
}

static void project_file(const Catalog *nl, Arena *a, Buf *b, int y0, int y1) {
  buf_puts(b, nls_printf(nl, a,
             "# One project: its table of numbered lines, baten and lasten per year. Copy\n"
             "# this file for the next project and import it from plan.amr.\n\n"
             "project voorbeeld \"Voorbeeldproject\" {\n"
             "  section 1.1\n"
             "  programme algemeen\n"
             "  contact \"Naam van de contactpersoon\"\n"
             "  opening 100_000\n\n"
             "  1 \"Bijdrage gemeenten\" {\n"
             "    baten %d..%d: 100_000\n"
             "    source bijdrage_gemeenten\n"
             "    note \"Every year of the span the same amount.\"\n"
             "  }\n"
             "  2 \"Personeel\" {\n"
             "    lasten %d..%d: 80_000 indexed loon\n"
             "    note \"Stated in %d prices; the rule loon (plan.amr) indexes it every year after.\"\n"
             "  }\n"
             "  3 \"Communicatie\" {\n"
             "    lasten %d..%d: 2_500\n"
             "  }\n\n"
             "  # A line of each other kind, to copy (remove the '#'):\n"
             "  # 4 \"Nog onbekend\" { lasten %d: PM }                # an amount not yet known\n"
             "  # 5 \"Onvoorzien\" { lasten %d..%d: 5%% of lasten[2,3] }  # a percentage of lines\n"
             "  # 6 \"Opleidingen\" {                                    # a count times a price\n"
             "  #   lasten %d: 12 * 1_250\n"
             "  # }\n"
             "  # 7 \"Inhuur\" {                                         # itemised\n"
             "  #   lasten %d: items { \"coördinator\" 40_000  \"secretariaat\" 12_000 }\n"
             "  # }\n"
             "  # 8 \"Drukwerk\" { lasten %d: € 2.500,- }              # as printed, euro sign\n"
             "  # 9 \"Overdracht\" { lasten %d: 1_000 }                 # to another project:\n"
             "  # transfer voorbeeld.9 to ander_project.1                 # (after the project)\n"
             "}\n",
             y0, y1, y0, y1, y0, y0, y1, y0, y0, y1, y0, y0, y0, y0));
}

/* The example project's totals, worked out here as amrc computes them, so
 * that the expectations file states them right: baten 100 000 a year,
 * lasten 80 000 indexed by loon (5.1%, rounded to 25) and communicatie. */
static void expectations_file(const Catalog *nl, Arena *a, Buf *b, int y0, int y1) {
  buf_puts(b, nls_text(nl, a, "# Totals the plan states, as a printed table shows them: amrc checks that the\n"
                              "# lines add up to them, so a change that moves a total shows in review.\n"
                              "# `amrc expect --update` (where available) or the table (amrc --emit=table)\n"
                              "# give the numbers.\n\n"));
  buf_puts(b, "expect voorbeeld {\n  baten");
  for (int y = y0; y <= y1; y++)
    buf_printf(b, "  %d: 100_000", y);
  buf_puts(b, "\n}\n");
}

/* An .amr file in fmt's layout, so that the new repository passes
 * `amrc fmt --check` from its first commit. */
static bool write_amr(const Catalog *nl, const char *dir, const char *name, const Buf *b) {
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  d.nl = nl;
  d.dutch = nl != NULL;
  Buf out = {0};
  SrcFile *f = src_from_memory(&a, &d, name, b->data ? b->data : "", b->len);
  bool ok = f && fmt_source(&a, &d, f, &out) && write_file(nl, dir, name, &out, 0);
  if (d.head)
    diags_print(&d, stderr, (DiagStyle){DIAG_TEXT, false});
  buf_free(&out);
  arena_free(&a);
  return ok;
}

static bool write_file(const Catalog *nl, const char *dir, const char *name, const Buf *b, mode_t mode) {
  char *path = malloc(strlen(dir) + strlen(name) + 2);
  if (!path)
    return false;
  sprintf(path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wx");
  bool ok = f && fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
  if (f && fclose(f) != 0)
    ok = false;
  if (ok && mode)
    ok = chmod(path, mode) == 0;
  if (!ok) {
    int err = errno;
    Arena a = {0};
    nls_say(nl, "amrc init", "cannot write %s: %s", path, nls_strerror(nl, &a, err));
    arena_free(&a);
  }
  free(path);
  return ok;
}

static bool make_dir(const Catalog *nl, const char *dir, const char *sub) {
  char *path = malloc(strlen(dir) + strlen(sub) + 2);
  if (!path)
    return false;
  sprintf(path, "%s%s%s", dir, *sub ? "/" : "", sub);
  bool ok = mkdir(path, 0777) == 0 || errno == EEXIST;
  if (!ok) {
    int err = errno;
    Arena a = {0};
    nls_say(nl, "amrc init", "cannot create %s: %s", path, nls_strerror(nl, &a, err));
    arena_free(&a);
  }
  free(path);
  return ok;
}

/* git, run in dir with the given arguments; false when it fails or is
 * missing (then nothing is said: git is optional). Its standard output
 * goes to out, when given. */
static bool run_git(const char *dir, const char *const *args, Buf *out) {
  int fd[2] = {-1, -1};
  if (out && pipe(fd) != 0)
    return false;
  pid_t pid = fork();
  if (pid < 0) {
    if (out) {
      close(fd[0]);
      close(fd[1]);
    }
    return false;
  }
  if (pid == 0) {
    if (chdir(dir) != 0)
      _exit(127);
    const char *argv[16] = {"git"};
    int n = 1;
    for (; args[n - 1] && n < 15; n++)
      argv[n] = args[n - 1];
    argv[n] = NULL;
    int devnull = open("/dev/null", 1);
    if (devnull >= 0) {
      dup2(out ? fd[1] : devnull, 1);
      dup2(devnull, 2);
    }
    execvp("git", (char *const *)argv);
    _exit(127);
  }
  if (out) {
    close(fd[1]);
    char chunk[512];
    ssize_t k;
    while ((k = read(fd[0], chunk, sizeof chunk)) != 0)
      if (k > 0)
        buf_put(out, chunk, (size_t)k);
      else if (errno != EINTR)
        break;
    close(fd[0]);
  }
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR)
      return false;
  return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The address this amrc's sources were cloned from, when amrc runs from
 * the tree it was built in (./amrc, or a build folder's binary) and that
 * tree is a clone: what the plan's repository pins as a submodule, so
 * that its CI builds the same amrc (contrib/github/amrc.yml). NULL when
 * not known (an installed binary, a tree without a remote). */
static const char *amrc_origin(Arena *a) {
  static const char *const tries[] = {"%s/src/amrc.h", "%s/../src/amrc.h"};
  char found[4200];
  if (!file_beside_binary(found, sizeof found, tries, 2, false))
    return NULL;
  found[strlen(found) - strlen("/src/amrc.h")] = '\0';
  static const char *const get_url[] = {"remote", "get-url", "origin", NULL};
  Buf url = {0};
  const char *r = NULL;
  if (run_git(found, get_url, &url)) {
    while (url.len && (url.data[url.len - 1] == '\n' || url.data[url.len - 1] == '\r'))
      url.len--;
    bool plain = url.len > 0;
    for (size_t i = 0; i < url.len; i++)
      plain &= (unsigned char)url.data[i] > ' ' && url.data[i] != '\'' && url.data[i] != 0x7f;
    if (plain)
      r = arena_strndup(a, url.data, url.len);
  }
  buf_free(&url);
  return r;
}

static bool empty_or_missing(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0)
    return errno == ENOENT;
  if (!S_ISDIR(st.st_mode))
    return false;
  DIR *d = opendir(dir);
  if (!d)
    return false;
  struct dirent *e;
  bool empty = true;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      empty = false;
  closedir(d);
  return empty;
}

/* "amrc init: message" on stderr; 2, the exit status */
static int init_error(const Catalog *nl, const char *fmt, const char *arg) {
  Arena a = {0};
  fprintf(stderr, "amrc init: %s\n", arena_printf(&a, nls_text(nl, &a, fmt), arg));
  arena_free(&a);
  return 2;
}

static int init_main(int argc, char **argv, const Catalog *nl) {
  static const struct option longs[] = {{"years", required_argument, NULL, 'y'},
                                        {"title", required_argument, NULL, 't'},
                                        {"no-git", no_argument, NULL, 'G'},
                                        {"lang", required_argument, NULL, 'L'},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};
  int y0 = 0, y1 = 0;
  const char *title = NULL;
  bool git = true;
  optind = 1;
  opterr = 0;  /* our own words, in the messages' language */
  int c;
  while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
    switch (c) {
    case 'y': {
      int n = 0;
      if (sscanf(optarg, "%d..%d%n", &y0, &y1, &n) != 2 || optarg[n] || y0 < 1000 ||
          y1 > 9999 || y1 < y0 || y1 - y0 + 1 > AMR_MAX_YEARS)
        return init_error(nl, N_("--years is a span of years, as 2027..2030, not '%s'"), optarg);
      break;
    }
    case 't': title = optarg; break;
    case 'G': git = false; break;
    case 'L':
      if (strcmp(optarg, "nl") != 0 && strcmp(optarg, "en") != 0)
        return init_error(nl, N_("--lang takes nl or en, not '%s'"), optarg);
      break;
    case 'h': nls_help(nl, init_usage); return 0;
    default: return nls_getopt_error(nl, "amrc init", c, argv, longs);
    }
  }
  if (optind + 1 != argc)
    return init_error(nl, N_("give one folder: amrc init DIR --years 2027..2030"), NULL);
  if (!y0)
    return init_error(nl, N_("give the plan's years: --years 2027..2030"), NULL);
  const char *dir = argv[optind];
  if (!empty_or_missing(dir))
    return init_error(nl, N_("%s exists and is not an empty folder; nothing written"), dir);
  char deftitle[64];
  snprintf(deftitle, sizeof deftitle, "Begroting %d-%d", y0, y1);
  if (!title)
    title = deftitle;
  for (const char *p = title; *p; p++)
    if ((unsigned char)*p < 0x20 && *p != '\t')
      return init_error(nl, N_("the title holds a control character"), NULL);

  Buf root = {0}, proj = {0}, exp = {0}, attr = {0}, hook = {0}, flow = {0};
  Arena words = {0};
  root_file(nl, &words, &root, title, y0, y1);
  project_file(nl, &words, &proj, y0, y1);
  expectations_file(nl, &words, &exp, y0, y1);
  arena_free(&words);
  buf_puts(&attr, "# amrc's diff driver: `git diff` compares .amr files in amrc fmt's layout\n"
                  "*.amr diff=amr\n");
  buf_puts(&hook, embed_pre_commit);
  buf_puts(&flow, embed_workflow);
  bool ok = make_dir(nl, dir, "") && make_dir(nl, dir, "projects") && make_dir(nl, dir, ".github") &&
            make_dir(nl, dir, ".github/workflows") && write_amr(nl, dir, "plan.amr", &root) &&
            write_amr(nl, dir, "projects/voorbeeld.amr", &proj) &&
            write_amr(nl, dir, "expectations.amr", &exp) &&
            write_file(nl, dir, ".gitattributes", &attr, 0) &&
            write_file(nl, dir, ".github/workflows/amrc.yml", &flow, 0) &&
            make_dir(nl, dir, "contrib") && write_file(nl, dir, "contrib/pre-commit", &hook, 0755);
  bool gitted = false;
  if (ok && git) {
    static const char *const init[] = {"init", "-q", NULL};
    static const char *const textconv[] = {"config", "diff.amr.textconv",
                                           "sh -c 'amrc fmt --stdout \"$0\" 2>/dev/null || cat \"$0\"'",
                                           NULL};
    static const char *const plan[] = {"config", "amrc.plan", "plan.amr", NULL};
    static const char *const hookcp[] = {"config", "core.hooksPath", "contrib", NULL};
    gitted = run_git(dir, init, NULL) && run_git(dir, textconv, NULL) && run_git(dir, plan, NULL) &&
             run_git(dir, hookcp, NULL);
  }
  buf_free(&root);
  buf_free(&proj);
  buf_free(&exp);
  buf_free(&attr);
  buf_free(&hook);
  buf_free(&flow);
  if (!ok)
    return 2;
  Arena a = {0};
  printf("amrc init: %s\n",
         nls_printf(nl, &a, "wrote %s/ (plan.amr, projects/voorbeeld.amr, expectations.amr)", dir));
  if (gitted)
    printf("amrc init: %s\n", nls_printf(nl, &a, "%s is a git repository; git diff shows .amr files in amrc fmt's "
                                                 "layout, and the pre-commit hook (contrib/pre-commit) checks the plan",
                                          dir));
  else if (git)
    printf("amrc init: %s\n  git init && git config diff.amr.textconv 'amrc fmt --stdout' && "
           "git config amrc.plan plan.amr && git config core.hooksPath contrib\n",
           nls_printf(nl, &a, "git was not found; to use amrc's diff driver and hook later, in %s:", dir));
  /* CI builds the amrc the repository pins as a submodule: the command
   * that pins this one, with its address when amrc knows it */
  const char *origin = amrc_origin(&a);
  printf("amrc init: %s\n  cd %s && %sgit submodule add %s tools/amrc && git add -A && "
         "git commit -m 'Plan, with amrc pinned as a submodule'\n",
         nls_text(nl, &a, "for CI (.github/workflows/amrc.yml), pin amrc as a git submodule, once:"), dir,
         gitted ? "" : "git init && ", origin ? origin : "URL");
  if (!origin)
    printf("  %s\n", nls_text(nl, &a, "(URL: the address you cloned amrc from; "
                                       "`git -C path/to/amrc remote get-url origin` prints it)"));
  printf("%s\n", nls_printf(nl, &a, "next: cd %s && amrc plan.amr", dir));
  arena_free(&a);
  return 0;
}

int amrc_init_main(int argc, char **argv) {
  Arena a = {0};
  int rc = init_main(argc, argv, nls_args(&a, argc, argv));
  arena_free(&a);
  return rc;
}

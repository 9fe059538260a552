/* load.c: from file names to one Program.
 *
 * Parses the root files and, depth first, every file they import, each
 * once; the declarations of an imported file stand where its import
 * stands, so the plan's order is the order in which the root imports its
 * parts. Imports stay inside the allowed folders (the root's folder, -I
 * folders, the stdlib) unless the user allows otherwise.
 *
 * On a machine with more than one core the files are parsed ahead, in
 * parallel (below, "Files parsed ahead"); what the loader makes of them is
 * the same, to the byte, as when it parses each file itself. */
#include "parse.h"
#include "parser.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* bison's entry, declared here rather than by including the generated
 * header, which drags in its own macros. */
int amr_yyparse(ParseCtx *ctx, yyscan_t scanner);

bool parse_file(ParseCtx *ctx) {
  yyscan_t scanner = lex_open(ctx);
  if (!scanner) {
    diag_plain(ctx->diags, "io", "%s: cannot start the scanner", ctx->file->display);
    return false;
  }
  int rc = amr_yyparse(ctx, scanner);
  lex_close(scanner);
  return rc == 0 && ctx->nerrors == 0;
}

typedef struct Loader {
  Arena *arena;
  Interner *names;
  Diags *diags;
  const LoadOptions *opt;
  Program *prog;
  const char **allowed;     /* real paths of the folders imports may use */
  int nallowed;
  struct RealDir { const char *dir, *real; } *dirs; /* folders as written, their real paths */
  int ndirs, dirs_cap;
  /* Grown as files come (arena_grow): a small plan's loader touches no
   * more memory than its files need. */
  const char **loaded;      /* real paths of files already read */
  int nloaded, loaded_cap;
  struct Opened *stack;     /* the files being read (cycle check) */
  int depth, stack_cap;
  bool ok;
  struct Ahead *ahead;      /* files parsed ahead; NULL: each parsed here */
} Loader;

static const char *dir_of(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return ".";
  if (slash == path)
    return "/";
  return arena_strndup(a, path, (size_t)(slash - path));
}

static const char *join(Arena *a, const char *dir, const char *rel) {
  if (strcmp(dir, ".") == 0)
    return arena_strdup(a, rel);
  return arena_printf(a, "%s/%s", dir, rel);
}

static bool is_regular(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* What the loader learnt of a file where it found it, so that it asks the
 * system once: each question is a system call, and a plan of small files
 * spent more on them than on parsing. */
typedef struct Stat {
  bool known;              /* false: found through a reader, or not asked */
  bool link;               /* the name itself is a symbolic link */
  struct stat st;          /* the file it names (followed) */
} Stat;

static bool exists(const char *path, Stat *s) {
  s->known = lstat(path, &s->st) == 0;
  if (!s->known)
    return false;
  s->link = S_ISLNK(s->st.st_mode);
  if (s->link)
    s->known = stat(path, &s->st) == 0;
  return s->known;
}

static bool under(const char *real, const char *dir) {
  size_t n = strlen(dir);
  if (strcmp(dir, "/") == 0)
    return true;
  return strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

static const char *real_of(Arena *a, const char *path) {
  char buf[PATH_MAX];
  if (!realpath(path, buf))
    return NULL;
  return arena_strdup(a, buf);
}

static void append_decl(Program *prog, Decl *d) {
  prog->declared[d->kind]++;
  d->next = NULL;
  if (prog->decls_tail)
    prog->decls_tail->next = d;
  else
    prog->decls = d;
  prog->decls_tail = d;
}

/* A file being read: its real path, its name in messages, where it was
 * imported. */
typedef struct Opened {
  const char *real, *display;
  Loc site;
} Opened;

static void load_file(Loader *L, const char *path, const char *display, Loc *site,
                      const Stat *s);

static bool inside_allowed(const Loader *L, const char *real) {
  if (L->opt->allow_outside)
    return true;
  for (int i = 0; i < L->nallowed; i++)
    if (under(real, L->allowed[i]))
      return true;
  return false;
}

/* ------------------------------------------------ files through a reader
 * LoadOptions.read (amrc diff --git) stands in for the file system: paths
 * are then compared as written, made absolute and normalised. */
const char *normal_path(Arena *a, const char *path) {
  char cwd[PATH_MAX];
  const char *abs = path;
  if (path[0] != '/')
    abs = arena_printf(a, "%s/%s", getcwd(cwd, sizeof cwd) ? cwd : ".", path);
  char *out = arena_alloc(a, strlen(abs) + 2);
  size_t n = 0;
  for (const char *p = abs; *p;) {
    while (*p == '/')
      p++;
    const char *e = strchr(p, '/');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == 0 || (len == 1 && p[0] == '.')) {
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      while (n > 0 && out[n - 1] != '/')
        n--;
      if (n > 0)
        n--;
    } else {
      out[n++] = '/';
      memcpy(out + n, p, len);
      n += len;
    }
    p += len;
  }
  if (n == 0)
    out[n++] = '/';
  out[n] = '\0';
  return out;
}

/* A file source.c refused, reported: where it was imported (from), else
 * as a file named on the command line; bytes given in memory have no
 * folder entry or size of their own to name. */
static SrcFile *report_refusal(Diags *d, const SrcRefusal *why, const char *display, Loc *from,
                               bool memory) {
  switch (why->fault) {
  case SRC_CANNOT_OPEN:
    if (from)
      diag_report(d, "import", *from, "cannot open '%s': %s", display, diag_errno(d, why->err));
    else
      diag_plain(d, "io", "cannot open '%s': %s", display, diag_errno(d, why->err));
    break;
  case SRC_DIRECTORY:
    if (from)
      diag_report(d, "import", *from, "'%s' is a directory, not an .amr file", display);
    else
      diag_plain(d, "io", "'%s' is a directory, not an .amr file", display);
    break;
  case SRC_OUT_OF_MEMORY:
    diag_plain(d, "io", "%s: out of memory", display);
    break;
  case SRC_READ_ERROR:
    diag_plain(d, "io", "error reading '%s'", display);
    break;
  case SRC_TOO_LARGE:
    if (memory)
      diag_plain(d, "limit", "%s: larger than the limit of %ld bytes", display,
                 (long)AMR_MAX_FILE_BYTES);
    else
      diag_plain(d, "limit", "'%s' is larger than the limit of %ld MiB", display,
                 (long)(AMR_MAX_FILE_BYTES / (1024 * 1024)));
    break;
  case SRC_NUL:
    diag_report(d, "encoding", why->at, "NUL byte: '%s' is not a text file", display);
    break;
  case SRC_NOT_UTF8:
    diag_report(d, "encoding", why->at, "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                why->byte);
    break;
  case SRC_READ:
    break;
  }
  return NULL;
}

SrcFile *src_load(Arena *a, Diags *d, const char *path, const char *display, Loc *from) {
  SrcRefusal why;
  SrcFile *f = src_read(a, path, display, &why);
  return f ? f : report_refusal(d, &why, display, from, false);
}

SrcFile *src_from_memory(Arena *a, Diags *d, const char *display, const char *bytes,
                         size_t len) {
  SrcRefusal why;
  SrcFile *f = src_read_memory(a, display, bytes, len, &why);
  return f ? f : report_refusal(d, &why, display, NULL, true);
}

static bool exists_via(Loader *L, const char *path, Stat *s) {
  if (!L->opt->read)
    return exists(path, s);
  s->known = false;
  return L->opt->read(L->opt->read_ctx, path, NULL, NULL);
}

/* The real path of a file that is no symbolic link itself: its folder's,
 * found once a folder (realpath reads every component of a path, a
 * system call each), and its own name. */
static const char *real_file(Loader *L, const char *path, const Stat *s) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  if (!s || !s->known || s->link || !*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
    return real_of(L->arena, path);
  const char *dir = dir_of(L->arena, path);
  const char *real = NULL;
  for (int i = 0; i < L->ndirs && !real; i++)
    if (strcmp(L->dirs[i].dir, dir) == 0)
      real = L->dirs[i].real;
  if (!real) {
    real = real_of(L->arena, dir);
    if (!real)
      return real_of(L->arena, path);
    L->dirs = arena_grow(L->arena, L->dirs, L->ndirs, &L->dirs_cap, sizeof *L->dirs);
    L->dirs[L->ndirs++] = (struct RealDir){dir, real};
  }
  return arena_printf(L->arena, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
}

static const char *real_via(Loader *L, const char *path, bool is_dir, const Stat *s) {
  if (!L->opt->read)
    return is_dir ? real_of(L->arena, path) : real_file(L, path, s);
  if (!is_dir && !L->opt->read(L->opt->read_ctx, path, NULL, NULL))
    return NULL;
  return normal_path(L->arena, path);
}

static SrcFile *src_via(Loader *L, Arena *a, Diags *d, const char *path, const char *display,
                        Loc *site) {
  if (!L->opt->read)
    return src_load(a, d, path, display, site);
  char *bytes = NULL;
  size_t len = 0;
  if (!L->opt->read(L->opt->read_ctx, path, &bytes, &len)) {
    if (site)
      diag_report(d, "import", *site, "cannot read '%s'", display);
    else
      diag_plain(d, "io", "cannot read '%s'", display);
    return NULL;
  }
  SrcFile *f = src_from_memory(a, d, display, bytes, len);
  free(bytes);
  if (f)
    f->path = arena_strdup(a, path);  /* imports are found next to it */
  return f;
}

/* A file read and parsed. */
typedef struct Parsed {
  SrcFile *file;           /* NULL: it could not be read */
  Decl *decls;
  bool ok;                 /* no errors */
} Parsed;

/* Reads and parses one file into a, in, d: the loader's own, or a parsing
 * thread's (below). */
static Parsed read_and_parse(Loader *L, Arena *a, Interner *in, Diags *d, const char *path,
                             const char *display, Loc *site) {
  Parsed r = {.file = src_via(L, a, d, path, display, site)};
  if (!r.file)
    return r;
  ParseCtx ctx = {.arena = a, .names = in, .diags = d, .file = r.file};
  r.ok = parse_file(&ctx);
  src_release(r.file);  /* parsed: only diagnostics quote it now, a line at a time */
  r.decls = ctx.decls;
  return r;
}

static void add_file(Program *prog, Arena *a, SrcFile *f) {
  SrcFile **files = arena_alloc(a, sizeof *files * (size_t)(prog->nfiles + 1));
  if (prog->nfiles)
    memcpy(files, prog->files, sizeof *files * (size_t)prog->nfiles);
  files[prog->nfiles++] = f;
  prog->files = files;
}

/* Where an import's file is: next to the importing file, in an -I folder,
 * in the stdlib. Sets *shown to the name messages give it. Reports nothing. */
static const char *find_import(Loader *L, const SrcFile *from, const char *rel,
                               const char **shown, Stat *s) {
  if (rel[0] == '/') {
    *shown = rel;
    return exists_via(L, rel, s) ? rel : NULL;
  }
  const char *candidate = join(L->arena, dir_of(L->arena, from->path), rel);
  if (exists_via(L, candidate, s)) {
    *shown = join(L->arena, dir_of(L->arena, from->display), rel);
    return candidate;
  }
  for (int i = 0; i < L->opt->ninclude; i++) {
    candidate = join(L->arena, L->opt->include_dirs[i], rel);
    if (exists_via(L, candidate, s))
      return *shown = candidate;
  }
  if (L->opt->stdlib_dir) {
    candidate = join(L->arena, L->opt->stdlib_dir, rel);
    if (exists_via(L, candidate, s)) {
      *shown = arena_printf(L->arena, "<stdlib>/%s", rel);
      return candidate;
    }
  }
  return NULL;
}

/* Where each import of a file is, found once for the parsing threads'
 * queue and for the loader (path NULL: not found). */
typedef struct Found {
  const char *path, *shown;
  Stat stat;
} Found;

static void ahead_queue_imports(Loader *L, Decl *decls, const Found *found);

static void expand(Loader *L, const SrcFile *from, Decl *decls) {
  int nimports = 0;
  for (Decl *d = decls; d; d = d->next)
    nimports += d->kind == DECL_IMPORT;
  Found *found = arena_alloc(L->arena, sizeof *found * (size_t)(nimports + 1));
  int k = 0;
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind != DECL_IMPORT)
      continue;
    if (d->u.import.path[0])  /* an empty path is reported below */
      found[k].path = find_import(L, from, d->u.import.path, &found[k].shown, &found[k].stat);
    k++;
  }
  if (L->ahead)
    ahead_queue_imports(L, decls, found);
  Decl *d = decls;
  k = 0;
  while (d) {
    Decl *next = d->next;
    if (d->kind == DECL_IMPORT) {
      const char *rel = d->u.import.path;
      Loc site = d->u.import.path_loc;
      const Found *f = &found[k++];
      if (rel[0] == '\0') {
        diag_report(L->diags, "import", site, "empty import path");
        L->ok = false;
      } else if (!f->path) {
        Diag *g = diag_report(L->diags, "import", site, "cannot find '%s'", rel);
        diag_note(L->diags, g, site,
                  "looked next to this file%s and in the stdlib; add a folder with -I DIR",
                  L->opt->ninclude ? ", in the -I folders" : "");
        L->ok = false;
      } else {
        load_file(L, f->path, f->shown, &site, &f->stat);
      }
    } else {
      append_decl(L->prog, d);
    }
    d = next;
  }
}

/* ------------------------------------------------ files parsed ahead
 * When the loader first sees a file's imports, it queues every file they
 * name that it will load (found, a regular file inside the allowed
 * folders, not loaded yet). Threads parse the queue in order, each into
 * memory of its own: an arena, an interner, a list of diagnostics. The
 * loader then goes through the imports as it always does, and where it
 * would parse a file it takes the result instead; the file's diagnostics
 * join the run's list there. So the list's order, where the error limit
 * cuts it, and the declarations are those of a run without threads. While
 * a file it needs is still being parsed, the loader parses the next one in
 * the queue itself rather than wait.
 *
 * Each thread interns names of its own, so after this stage no name is
 * compared by its address (resolve.c compares spellings).
 *
 * By default there is a thread per core (threads_wanted, par.c: at most
 * AHEAD_MAX + 1 in all),
 * and only files of AHEAD_MIN_BYTES or more are parsed ahead: for a small
 * plan a thread and its arena cost more than they save. AMRC_THREADS=N
 * asks for N threads in all, whatever the sizes (1: none; the tests use it
 * to run both ways). */

enum { AHEAD_MAX = 3, AHEAD_MIN_BYTES = 32 * 1024 };

typedef enum { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_TAKEN } JobState;

typedef struct Job {
  const char *real, *path, *display;
  Loc site;
  JobState state;
  Diags diags;             /* the file's own, adopted when it is taken */
  Parsed result;
  struct Job *next;
} Job;

typedef struct Ahead Ahead;

typedef struct Parser {
  Ahead *ahead;
  Arena *arena;            /* a child of the loader's */
  Interner *names;
  pthread_t thread;
} Parser;

struct Ahead {
  Loader *L;
  int nwanted;             /* threads to start with the first job */
  size_t min_bytes;        /* smaller files are parsed where needed */
  pthread_mutex_t lock;
  pthread_cond_t changed;  /* a job was queued or done, or it is time to stop */
  Job *first, *last;       /* in the order queued */
  Job *cursor;             /* no job before it is still queued */
  int njobs;
  bool stop;
  int nparsers;
  Parser parsers[AHEAD_MAX];
  Arena *own;              /* where the loader parses the files it takes from the
                              queue itself: large blocks, as the threads' */
};

/* The first job still queued; under the lock. */
static Job *next_queued(Ahead *A) {
  while (A->cursor && A->cursor->state != JOB_QUEUED)
    A->cursor = A->cursor->next;
  return A->cursor;
}

/* Runs a job the caller has marked running, without the lock. */
static void run_job(Ahead *A, Job *j, Arena *a, Interner *in) {
  j->diags.arena = a;
  j->result = read_and_parse(A->L, a, in, &j->diags, j->path, j->display, &j->site);
}

/* Marks a job done and tells whoever waits; returns holding the lock. */
static void finish_job(Ahead *A, Job *j) {
  pthread_mutex_lock(&A->lock);
  j->state = JOB_DONE;
  pthread_cond_broadcast(&A->changed);
}

/* Under the lock: runs want if it is still queued, else the first queued
 * job, in a and in; with none to run, waits for a change. Returns holding
 * the lock. */
static void run_or_wait(Ahead *A, Job *want, Arena *a, Interner *in) {
  Job *k = want && want->state == JOB_QUEUED ? want : next_queued(A);
  if (!k) {
    pthread_cond_wait(&A->changed, &A->lock);
    return;
  }
  k->state = JOB_RUNNING;
  pthread_mutex_unlock(&A->lock);
  run_job(A, k, a, in);
  finish_job(A, k);
}

static void *parser_main(void *arg) {
  Parser *p = arg;
  Ahead *A = p->ahead;
  pthread_mutex_lock(&A->lock);
  while (!A->stop)
    run_or_wait(A, NULL, p->arena, p->names);
  pthread_mutex_unlock(&A->lock);
  return NULL;
}

static void ahead_start(Loader *L) {
  bool forced;
  int n = threads_wanted(&forced) - 1;
  size_t min_bytes = forced ? 0 : AHEAD_MIN_BYTES;
  if (n < 1 || L->opt->read)
    return;  /* a reader (amrc diff --git) may not be called from threads */
  Ahead *A = xcalloc(1, sizeof *A);
  A->L = L;
  A->nwanted = n;
  A->min_bytes = min_bytes;
  pthread_mutex_init(&A->lock, NULL);
  pthread_cond_init(&A->changed, NULL);
  L->ahead = A;
}

/* With the first job: the threads, their arenas and interners. */
static void ahead_spawn(Ahead *A) {
  if (A->nwanted == 0)
    return;  /* started already */
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
  /* The threads malloc little (a file's text, the scanner's buffer), and
   * free it when the file is parsed. In malloc's one arena the next file,
   * on any thread, reuses it (keep_freed_memory); an arena per thread
   * keeps more at the peak. */
  mallopt(M_ARENA_MAX, 1);
#endif
  A->own = arena_child_large(A->L->arena);
  while (A->nparsers < A->nwanted) {
    Parser *p = &A->parsers[A->nparsers];
    p->ahead = A;
    p->arena = arena_child_large(A->L->arena);
    p->names = interner_new(p->arena);
    if (pthread_create(&p->thread, NULL, parser_main, p) != 0)
      break;  /* fewer threads, or none: the loader parses what is left */
    A->nparsers++;
  }
  A->nwanted = 0;
}

static void ahead_end(Loader *L) {
  Ahead *A = L->ahead;
  if (!A)
    return;
  pthread_mutex_lock(&A->lock);
  A->stop = true;
  pthread_cond_broadcast(&A->changed);
  pthread_mutex_unlock(&A->lock);
  for (int i = 0; i < A->nparsers; i++) {
    pthread_join(A->parsers[i].thread, NULL);
    interner_forget(A->parsers[i].names);
    arena_trim(A->parsers[i].arena);  /* nothing is added to it any more */
  }
  if (A->own)
    arena_trim(A->own);
  pthread_cond_destroy(&A->changed);
  pthread_mutex_destroy(&A->lock);
  free(A);
  L->ahead = NULL;
}

static bool loaded_or_queued(const Loader *L, const char *real) {
  for (int i = 0; i < L->nloaded; i++)
    if (strcmp(L->loaded[i], real) == 0)
      return true;
  for (const Job *j = L->ahead->first; j; j = j->next)
    if (strcmp(j->real, real) == 0)
      return true;
  return false;
}

static void ahead_queue_imports(Loader *L, Decl *decls, const Found *imports) {
  Ahead *A = L->ahead;
  bool queued = false;
  int k = 0;
  for (Decl *d = decls; d; d = d->next) {
    if (d->kind != DECL_IMPORT)
      continue;
    const Found *f = &imports[k++];
    const char *shown = f->shown, *found = f->path;
    Stat s = f->stat;
    if (found && !s.known)
      s.known = stat(found, &s.st) == 0;
    const char *real = found && s.known && S_ISREG(s.st.st_mode) &&
                               (size_t)s.st.st_size >= A->min_bytes
                           ? real_file(L, found, f->stat.known ? &s : NULL)
                           : NULL;
    if (!real || !inside_allowed(L, real) || loaded_or_queued(L, real))
      continue;
    if (L->nloaded + A->njobs >= AMR_MAX_FILES)
      break;
    Job *j = arena_alloc(L->arena, sizeof *j);
    *j = (Job){.real = real, .path = found, .display = shown, .site = d->u.import.path_loc};
    diags_child(&j->diags, L->diags, NULL);  /* its arena: the parsing thread's */
    pthread_mutex_lock(&A->lock);
    if (A->last)
      A->last->next = j;
    else
      A->first = j;
    A->last = j;
    if (!A->cursor)
      A->cursor = j;
    A->njobs++;
    pthread_mutex_unlock(&A->lock);
    queued = true;
  }
  if (queued) {
    ahead_spawn(A);
    pthread_mutex_lock(&A->lock);
    pthread_cond_broadcast(&A->changed);
    pthread_mutex_unlock(&A->lock);
  }
}

/* The result for a file the loader is about to parse, if it was queued as
 * this same import; its diagnostics join the run's list now. */
static bool ahead_take(Loader *L, const char *real, const char *path, const char *display,
                       const Loc *site, Parsed *out) {
  Ahead *A = L->ahead;
  pthread_mutex_lock(&A->lock);
  Job *j = A->first;
  while (j && !(j->state != JOB_TAKEN && strcmp(j->real, real) == 0))
    j = j->next;
  /* queued from another import of the same file: named otherwise there */
  if (j && (!site || strcmp(j->path, path) != 0 || strcmp(j->display, display) != 0 ||
            j->site.file != site->file || j->site.begin != site->begin))
    j = NULL;
  while (j && j->state != JOB_DONE)
    run_or_wait(A, j, A->own, L->names);
  if (j)
    j->state = JOB_TAKEN;
  pthread_mutex_unlock(&A->lock);
  if (!j)
    return false;
  diags_adopt(L->diags, j->diags.head, NULL);
  diags_adopt_unlisted(L->diags, &j->diags);
  *out = j->result;
  return true;
}

static void load_file(Loader *L, const char *path, const char *display, Loc *site,
                      const Stat *s) {
  const char *real = real_via(L, path, false, s);
  if (!real && site) {
    /* src_load gives the precise reason (no such file, no permission). */
    src_via(L, L->arena, L->diags, path, display, site);
    L->ok = false;
    return;
  }
  if (!real)
    real = path;  /* a plan on the command line without a real path: a pipe
                     (/dev/stdin, <(...)) is read as it is; no file at all is
                     reported by src_load */
  if (site && !inside_allowed(L, real)) {
    diag_report(L->diags, "import", *site,
                "'%s' is outside the plan's folder, the -I folders and the stdlib; "
                "pass --allow-outside-imports to allow it",
                display);
    L->ok = false;
    return;
  }
  if (site && !L->opt->read && !(s && s->known ? S_ISREG(s->st.st_mode) : is_regular(path))) {
    /* Never open a device or a pipe an import names: it may never end.
     * (A file named on the command line may be a pipe; src_load reads it
     * in chunks and refuses a directory.) */
    struct stat st;
    bool dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    diag_report(L->diags, "import", *site,
                dir ? "'%s' is a directory, not an .amr file"
                    : "'%s' is not a regular file (a device, a pipe or a socket)",
                display);
    L->ok = false;
    return;
  }
  for (int i = 0; i < L->depth; i++) {
    if (strcmp(L->stack[i].real, real) != 0)
      continue;
    Diag *g;
    if (i == L->depth - 1) {
      g = diag_report(L->diags, "import-cycle", site ? *site : (Loc){0},
                      "import cycle: '%s' imports itself", display);
    } else {
      /* the whole chain, then where each link is made */
      Buf chain = {0};
      for (int k = i; k < L->depth; k++)
        buf_printf(&chain, "%s -> ", L->stack[k].display);
      buf_puts(&chain, L->stack[i].display);
      g = diag_report(L->diags, "import-cycle", site ? *site : (Loc){0},
                      "import cycle: %s", chain.data ? chain.data : "");
      buf_free(&chain);
    }
    for (int k = i + 1; k < L->depth; k++)
      diag_note(L->diags, g, L->stack[k].site, "'%s' imports '%s' here",
                L->stack[k - 1].display, L->stack[k].display);
    L->ok = false;
    return;
  }
  for (int i = 0; i < L->nloaded; i++)
    if (strcmp(L->loaded[i], real) == 0)
      return;  /* each file once */
  if (L->nloaded >= AMR_MAX_FILES) {
    diag_report(L->diags, "limit", site ? *site : (Loc){0},
                "more than %d files in one plan", AMR_MAX_FILES);
    L->ok = false;
    return;
  }
  L->loaded = arena_grow(L->arena, L->loaded, L->nloaded, &L->loaded_cap, sizeof *L->loaded);
  L->loaded[L->nloaded++] = real;

  Parsed r;
  if (!L->ahead || !ahead_take(L, real, path, display, site, &r))
    r = read_and_parse(L, L->arena, L->names, L->diags, path, display, site);
  if (!r.file) {
    L->ok = false;
    return;
  }
  add_file(L->prog, L->arena, r.file);
  if (!r.ok)
    L->ok = false;
  L->stack = arena_grow(L->arena, L->stack, L->depth, &L->stack_cap, sizeof *L->stack);
  L->stack[L->depth++] = (Opened){real, r.file->display, site ? *site : (Loc){0}};
  expand(L, r.file, r.decls);
  L->depth--;
}

static void loader_init(Loader *L, Arena *a, Interner *in, Diags *d, const LoadOptions *opt,
                        Program *out) {
  memset(out, 0, sizeof *out);
  *L = (Loader){.arena = a, .names = in, .diags = d, .opt = opt, .prog = out, .ok = true};
  L->allowed = arena_alloc(a, sizeof *L->allowed * (size_t)(opt->ninclude + 64));
}

static void allow(Loader *L, const char *dir) {
  const char *real = real_via(L, dir, true, NULL);
  if (real && L->nallowed < L->opt->ninclude + 64)
    L->allowed[L->nallowed++] = real;
}

/* While files are loaded, each file's text and the scanner's copy of it
 * are malloc'd and freed when the file is parsed, on one thread or many:
 * kept by malloc rather than given back to the system, their pages serve
 * the next file instead of fresh ones (a fresh page costs more than the
 * work done in it, bench/RESULTS.md). After loading, what was kept stays
 * kept: the stages that follow malloc their arenas' smaller blocks (below
 * 2 MiB) from it instead of fresh pages. Larger requests are mapped again,
 * so that a growing output buffer is moved, not copied, and goes back to
 * the system when freed. */
static void keep_freed_memory(bool keep) {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
  mallopt(M_MMAP_THRESHOLD, keep ? 32 * 1024 * 1024 : 2 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#else
  (void)keep;
#endif
}

bool load_program(Arena *a, Interner *in, Diags *d, const LoadOptions *opt,
                  const char **paths, int npaths, Program *out) {
  Loader L;
  loader_init(&L, a, in, d, opt, out);
  for (int i = 0; i < opt->ninclude; i++)
    allow(&L, opt->include_dirs[i]);
  if (opt->stdlib_dir)
    allow(&L, opt->stdlib_dir);
  for (int i = 0; i < npaths && i < 60; i++)
    allow(&L, dir_of(a, paths[i]));
  if (npaths > 0)
    out->root_dir = dir_of(a, paths[0]);
  keep_freed_memory(true);
  ahead_start(&L);
  for (int i = 0; i < npaths; i++)
    load_file(&L, paths[i], paths[i], NULL, NULL);
  ahead_end(&L);
  keep_freed_memory(false);
  interner_forget(in);
  return L.ok;
}

bool load_program_from_memory(Arena *a, Interner *in, Diags *d, const char *display,
                              const char *bytes, size_t len, Program *out) {
  static const LoadOptions none = {0};
  Loader L;
  loader_init(&L, a, in, d, &none, out);
  SrcFile *f = src_from_memory(a, d, display, bytes, len);
  if (!f)
    return false;
  add_file(out, a, f);
  ParseCtx ctx = {.arena = a, .names = in, .diags = d, .file = f};
  bool ok = parse_file(&ctx);
  for (Decl *decl = ctx.decls; decl;) {
    Decl *next = decl->next;
    if (decl->kind == DECL_IMPORT) {
      diag_report(d, "import", decl->u.import.path_loc,
                  "imports are not read when the plan comes from memory");
      ok = false;
    } else {
      append_decl(out, decl);
    }
    decl = next;
  }
  return ok;
}

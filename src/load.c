/* load.c: from file names to one Program.
 *
 * Parses the root files and, depth first, every file they import, each
 * once; the declarations of an imported file stand where its import
 * stands, so the plan's order is the order in which the root imports its
 * parts. Imports stay inside the allowed folders (the root's folder, -I
 * folders, the stdlib) unless the user allows otherwise. */
#include "amrc.h"
#include "parser.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* flex's reentrant interface, declared here rather than by including the
 * generated header, which drags in its own macros. */
typedef struct yy_buffer_state *YY_BUFFER_STATE;
int amr_yylex_init_extra(ParseCtx *extra, yyscan_t *scanner);
int amr_yylex_destroy(yyscan_t scanner);
YY_BUFFER_STATE amr_yy_scan_bytes(const char *bytes, int len, yyscan_t scanner);
int amr_yyparse(ParseCtx *ctx, yyscan_t scanner);

bool parse_file(ParseCtx *ctx) {
  yyscan_t scanner;
  if (amr_yylex_init_extra(ctx, &scanner) != 0) {
    diag_plain(ctx->diags, "io", "%s: cannot start the scanner", ctx->file->display);
    return false;
  }
  amr_yy_scan_bytes(ctx->file->text, (int)ctx->file->len, scanner);
  int rc = amr_yyparse(ctx, scanner);
  amr_yylex_destroy(scanner);
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
  const char **loaded;      /* real paths of files already read */
  int nloaded;
  const char **stack;       /* real paths of files being read (cycle check) */
  const char **stack_display; /* the same files as messages name them */
  Loc *stack_sites;         /* where each of them was imported */
  int depth;
  bool ok;
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

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
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
  d->next = NULL;
  if (prog->decls_tail)
    prog->decls_tail->next = d;
  else
    prog->decls = d;
  prog->decls_tail = d;
}

static void load_file(Loader *L, const char *path, const char *display, Loc *site);

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

static bool exists_via(Loader *L, const char *path) {
  return L->opt->read ? L->opt->read(L->opt->read_ctx, path, NULL, NULL) : exists(path);
}

static const char *real_via(Loader *L, const char *path, bool is_dir) {
  if (!L->opt->read)
    return real_of(L->arena, path);
  if (!is_dir && !L->opt->read(L->opt->read_ctx, path, NULL, NULL))
    return NULL;
  return normal_path(L->arena, path);
}

static SrcFile *src_via(Loader *L, const char *path, const char *display, Loc *site) {
  if (!L->opt->read)
    return src_load(L->arena, L->diags, path, display, site);
  char *bytes = NULL;
  size_t len = 0;
  if (!L->opt->read(L->opt->read_ctx, path, &bytes, &len)) {
    if (site)
      diag_report(L->diags, "import", *site, "cannot read '%s'", display);
    else
      diag_plain(L->diags, "io", "cannot read '%s'", display);
    return NULL;
  }
  SrcFile *f = src_from_memory(L->arena, L->diags, display, bytes, len);
  free(bytes);
  if (f)
    f->path = arena_strdup(L->arena, path);  /* imports are found next to it */
  return f;
}

static void add_file(Program *prog, Arena *a, SrcFile *f) {
  SrcFile **files = arena_alloc(a, sizeof *files * (size_t)(prog->nfiles + 1));
  if (prog->nfiles)
    memcpy(files, prog->files, sizeof *files * (size_t)prog->nfiles);
  files[prog->nfiles++] = f;
  prog->files = files;
}

static void expand(Loader *L, ParseCtx *ctx) {
  Decl *d = ctx->decls;
  while (d) {
    Decl *next = d->next;
    if (d->kind == DECL_IMPORT) {
      const char *rel = d->u.import.path;
      Loc site = d->u.import.path_loc;
      const char *from_dir = dir_of(L->arena, ctx->file->path);
      const char *from_display_dir = dir_of(L->arena, ctx->file->display);
      bool absolute = rel[0] == '/';
      const char *found = NULL, *shown = NULL;
      if (rel[0] == '\0') {
        diag_report(L->diags, "import", site, "empty import path");
        L->ok = false;
        d = next;
        continue;
      }
      if (absolute) {
        if (exists_via(L, rel))
          found = shown = rel;
      } else {
        const char *candidate = join(L->arena, from_dir, rel);
        if (exists_via(L, candidate)) {
          found = candidate;
          shown = join(L->arena, from_display_dir, rel);
        }
        for (int i = 0; !found && i < L->opt->ninclude; i++) {
          candidate = join(L->arena, L->opt->include_dirs[i], rel);
          if (exists_via(L, candidate))
            found = shown = candidate;
        }
        if (!found && L->opt->stdlib_dir) {
          candidate = join(L->arena, L->opt->stdlib_dir, rel);
          if (exists_via(L, candidate)) {
            found = candidate;
            shown = arena_printf(L->arena, "<stdlib>/%s", rel);
          }
        }
      }
      if (!found) {
        Diag *g = diag_report(L->diags, "import", site, "cannot find '%s'", rel);
        diag_note(L->diags, g, site,
                  "looked next to this file%s and in the stdlib; add a folder with -I DIR",
                  L->opt->ninclude ? ", in the -I folders" : "");
        L->ok = false;
      } else {
        load_file(L, found, shown, &site);
      }
    } else {
      append_decl(L->prog, d);
    }
    d = next;
  }
}

static void load_file(Loader *L, const char *path, const char *display, Loc *site) {
  const char *real = real_via(L, path, false);
  if (!real && site) {
    /* src_load gives the precise reason (no such file, no permission). */
    src_via(L, path, display, site);
    L->ok = false;
    return;
  }
  if (!real)
    real = path;  /* a plan on the command line without a real path: a pipe
                     (/dev/stdin, <(...)) is read as it is; no file at all is
                     reported by src_load */
  if (site && !L->opt->allow_outside) {
    bool inside = false;
    for (int i = 0; i < L->nallowed && !inside; i++)
      inside = under(real, L->allowed[i]);
    if (!inside) {
      diag_report(L->diags, "import", *site,
                  "'%s' is outside the plan's folder, the -I folders and the stdlib; "
                  "pass --allow-outside-imports to allow it",
                  display);
      L->ok = false;
      return;
    }
  }
  if (site && !L->opt->read && !is_regular(path)) {
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
    if (strcmp(L->stack[i], real) != 0)
      continue;
    Diag *g;
    if (i == L->depth - 1) {
      g = diag_report(L->diags, "import-cycle", site ? *site : (Loc){0},
                      "import cycle: '%s' imports itself", display);
    } else {
      /* the whole chain, then where each link is made */
      Buf chain = {0};
      for (int k = i; k < L->depth; k++)
        buf_printf(&chain, "%s -> ", L->stack_display[k]);
      buf_puts(&chain, L->stack_display[i]);
      g = diag_report(L->diags, "import-cycle", site ? *site : (Loc){0},
                      "import cycle: %s", chain.data ? chain.data : "");
      buf_free(&chain);
    }
    for (int k = i + 1; k < L->depth; k++)
      diag_note(L->diags, g, L->stack_sites[k], "'%s' imports '%s' here",
                L->stack_display[k - 1], L->stack_display[k]);
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
  L->loaded[L->nloaded++] = real;

  SrcFile *f = src_via(L, path, display, site);
  if (!f) {
    L->ok = false;
    return;
  }
  add_file(L->prog, L->arena, f);
  ParseCtx ctx = {.arena = L->arena, .names = L->names, .diags = L->diags, .file = f};
  if (!parse_file(&ctx))
    L->ok = false;
  src_release(f);  /* parsed: only diagnostics quote it now, a line at a time */
  L->stack[L->depth] = real;
  L->stack_display[L->depth] = f->display;
  L->stack_sites[L->depth] = site ? *site : (Loc){0};
  L->depth++;
  expand(L, &ctx);
  L->depth--;
}

static void loader_init(Loader *L, Arena *a, Interner *in, Diags *d, const LoadOptions *opt,
                        Program *out) {
  memset(out, 0, sizeof *out);
  *L = (Loader){.arena = a, .names = in, .diags = d, .opt = opt, .prog = out, .ok = true};
  L->loaded = arena_alloc(a, sizeof *L->loaded * AMR_MAX_FILES);
  L->stack = arena_alloc(a, sizeof *L->stack * (AMR_MAX_FILES + 1));
  L->stack_display = arena_alloc(a, sizeof *L->stack_display * (AMR_MAX_FILES + 1));
  L->stack_sites = arena_alloc(a, sizeof *L->stack_sites * (AMR_MAX_FILES + 1));
  L->allowed = arena_alloc(a, sizeof *L->allowed * (size_t)(opt->ninclude + 64));
}

static void allow(Loader *L, const char *dir) {
  const char *real = real_via(L, dir, true);
  if (real && L->nallowed < L->opt->ninclude + 64)
    L->allowed[L->nallowed++] = real;
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
  for (int i = 0; i < npaths; i++)
    load_file(&L, paths[i], paths[i], NULL);
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

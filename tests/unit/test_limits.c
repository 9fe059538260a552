/* test_limits.c: the limits that need files made at run time (docs/limits.md).
 *
 * The other limits are tested where they are cheap to state: the golden
 * tests under tests/golden/limits/ (identifier length, expression nesting,
 * the parser's stack, the horizon, --max-errors, long source lines) and
 * test_parser.c (the same limits on hostile sizes). Here: the input size
 * (AMR_MAX_FILE_BYTES), from a file and from memory, and the number of
 * files in one plan (AMR_MAX_FILES), imported side by side and as a chain. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct Run {
  Arena arena;
  Interner *names;
  Diags diags;
  Program prog;
  bool ok;
} Run;

static Run *load(const char *path) {
  Run *r = calloc(1, sizeof *r);
  assert_non_null(r);
  r->names = interner_new(&r->arena);
  diags_init(&r->diags, &r->arena);
  LoadOptions opt = {0};
  const char *paths[] = {path};
  r->ok = load_program(&r->arena, r->names, &r->diags, &opt, paths, 1, &r->prog);
  return r;
}

static void done(Run *r) {
  arena_free(&r->arena);
  free(r);
}

static int count(const Run *r, const char *name, const char *text) {
  int n = 0;
  for (const Diag *g = r->diags.head; g; g = g->next)
    if (strcmp(g->name, name) == 0 && strstr(g->msg, text))
      n++;
  return n;
}

static void dump(const Run *r) {
  for (const Diag *g = r->diags.head; g; g = g->next)
    fprintf(stderr, "  [%s] %s\n", g->name, g->msg);
}

static char tmpdir[64];

static int make_tmpdir(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/amrc-limits-XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static const char *path_in(char *buf, size_t cap, const char *name) {
  snprintf(buf, cap, "%s/%s", tmpdir, name);
  return buf;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

/* A file of n bytes: a plan, then a comment that fills the rest. */
static void write_sized(const char *path, size_t n) {
  static const char head[] = "plan p \"P\" { years 2026 }\n#";
  assert_true(n > sizeof head);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(head, f);
  size_t left = n - (sizeof head - 1);
  char chunk[65536];
  memset(chunk, 'x', sizeof chunk);
  while (left > 0) {
    size_t k = left < sizeof chunk ? left : sizeof chunk;
    assert_int_equal(fwrite(chunk, 1, k, f), k);
    left -= k;
  }
  assert_int_equal(fclose(f), 0);
}

/* ---------------------------------------------------------------- input size */

static void test_file_size(void **state) {
  (void)state;
  char path[128];
  path_in(path, sizeof path, "big.amr");

  /* just under the limit: read and parsed */
  write_sized(path, (size_t)AMR_MAX_FILE_BYTES - 1);
  Run *r = load(path);
  if (!r->ok)
    dump(r);
  assert_true(r->ok);
  assert_int_equal(r->diags.nerrors, 0);
  done(r);

  /* one byte beyond: refused with the limit named, nothing read */
  write_sized(path, (size_t)AMR_MAX_FILE_BYTES + 1);
  r = load(path);
  assert_false(r->ok);
  if (count(r, "limit", "is larger than the limit of 64 MiB") != 1)
    dump(r);
  assert_int_equal(count(r, "limit", "is larger than the limit of 64 MiB"), 1);
  assert_int_equal(r->diags.nerrors, 1);
  assert_null(r->prog.decls);
  done(r);
  unlink(path);
}

static void test_memory_size(void **state) {
  (void)state;
  size_t n = (size_t)AMR_MAX_FILE_BYTES + 1;
  char *bytes = malloc(n);
  assert_non_null(bytes);
  memset(bytes, ' ', n);
  Run *r = calloc(1, sizeof *r);
  assert_non_null(r);
  r->names = interner_new(&r->arena);
  diags_init(&r->diags, &r->arena);
  r->ok = load_program_from_memory(&r->arena, r->names, &r->diags, "big.amr", bytes, n,
                                   &r->prog);
  assert_false(r->ok);
  assert_int_equal(count(r, "limit", "larger than the limit of"), 1);
  done(r);

  /* at the limit: read (a plan of spaces has no declarations, no errors) */
  r = calloc(1, sizeof *r);
  assert_non_null(r);
  r->names = interner_new(&r->arena);
  diags_init(&r->diags, &r->arena);
  r->ok = load_program_from_memory(&r->arena, r->names, &r->diags, "big.amr", bytes, n - 1,
                                   &r->prog);
  assert_int_equal(count(r, "limit", ""), 0);
  done(r);
  free(bytes);
}

/* ---------------------------------------------------------------- number of files */

/* root.amr imports f1 .. fN, each a file of its own. */
static Run *load_side_by_side(int n) {
  char path[128], name[32];
  Buf root = {0};
  buf_puts(&root, "plan p \"P\" { years 2026 }\n");
  for (int i = 1; i <= n; i++) {
    snprintf(name, sizeof name, "f%d.amr", i);
    write_file(path_in(path, sizeof path, name), "# empty\n");
    buf_printf(&root, "import \"%s\"\n", name);
  }
  write_file(path_in(path, sizeof path, "root.amr"), root.data);
  buf_free(&root);
  return load(path_in(path, sizeof path, "root.amr"));
}

static void test_files_side_by_side(void **state) {
  (void)state;
  /* the root and 999 imports: 1000 files, the limit */
  Run *r = load_side_by_side(AMR_MAX_FILES - 1);
  if (!r->ok)
    dump(r);
  assert_true(r->ok);
  assert_int_equal(r->prog.nfiles, AMR_MAX_FILES);
  done(r);

  /* one more: refused at the import that passes the limit, once */
  r = load_side_by_side(AMR_MAX_FILES);
  assert_false(r->ok);
  assert_int_equal(count(r, "limit", "more than 1000 files in one plan"), 1);
  assert_int_equal(r->diags.nerrors, 1);
  const Diag *g = r->diags.head;
  assert_non_null(g->loc.file);
  assert_int_equal(loc_line(g->loc), AMR_MAX_FILES + 1); /* the 1000th import */
  assert_int_equal(r->prog.nfiles, AMR_MAX_FILES);
  done(r);
}

/* c1 imports c2, which imports c3, ...: the loader recurses once per file,
 * so the chain is the deepest recursion a plan can ask for. */
static void test_files_chain(void **state) {
  (void)state;
  char path[128], name[32], text[64];
  int n = AMR_MAX_FILES + 5;
  for (int i = 1; i <= n; i++) {
    snprintf(name, sizeof name, "c%d.amr", i);
    if (i < n)
      snprintf(text, sizeof text, "import \"c%d.amr\"\n", i + 1);
    else
      snprintf(text, sizeof text, "plan p \"P\" { years 2026 }\n");
    write_file(path_in(path, sizeof path, name), text);
  }
  Run *r = load(path_in(path, sizeof path, "c1.amr"));
  assert_false(r->ok);
  assert_int_equal(count(r, "limit", "more than 1000 files in one plan"), 1);
  assert_int_equal(r->prog.nfiles, AMR_MAX_FILES);
  done(r);

  /* a chain of exactly the limit is read whole */
  snprintf(text, sizeof text, "plan p \"P\" { years 2026 }\n");
  snprintf(name, sizeof name, "c%d.amr", AMR_MAX_FILES);
  write_file(path_in(path, sizeof path, name), text);
  r = load(path_in(path, sizeof path, "c1.amr"));
  if (!r->ok)
    dump(r);
  assert_true(r->ok);
  assert_int_equal(r->prog.nfiles, AMR_MAX_FILES);
  done(r);
}

/* A file's real path is its folder's, found once a folder, and its own
 * name (load.c, real_file): a name that is itself a symbolic link is
 * followed, so that a link out of the plan's folder is refused and a link
 * to a file already read does not read it again; a folder written with
 * ".." is the same folder. */
static void test_linked_imports(void **state) {
  (void)state;
  char dir[128], out[128], path[200];
  snprintf(dir, sizeof dir, "%s/linked", tmpdir);
  snprintf(out, sizeof out, "%s/outside", tmpdir);
  assert_int_equal(mkdir(dir, 0700), 0);
  assert_int_equal(mkdir(out, 0700), 0);
  snprintf(path, sizeof path, "%s/sub", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(path, sizeof path, "%s/x.amr", out);
  write_file(path, "programme x \"X\"\n");
  snprintf(path, sizeof path, "%s/a.amr", dir);
  write_file(path, "programme a \"A\"\n");
  snprintf(path, sizeof path, "%s/sub/b.amr", dir);
  write_file(path, "programme b \"B\"\n");
  snprintf(path, sizeof path, "%s/same.amr", dir);
  assert_int_equal(symlink("a.amr", path), 0);
  snprintf(path, sizeof path, "%s/out.amr", dir);
  assert_int_equal(symlink("../outside/x.amr", path), 0);
  snprintf(path, sizeof path, "%s/plan.amr", dir);
  write_file(path, "plan p \"P\" { years 2026..2029 }\n"
                   "import \"a.amr\"\nimport \"same.amr\"\nimport \"sub/../a.amr\"\n"
                   "import \"sub/b.amr\"\nimport \"out.amr\"\n");
  Run *r = load(path);
  if (count(r, "import", "outside the plan's folder") != 1)
    dump(r);
  assert_int_equal(count(r, "import", "outside the plan's folder"), 1);
  assert_int_equal(r->prog.nfiles, 3);  /* plan, a, sub/b: a once */
  done(r);
}

/* Messages are formatted on the stack when they fit (arena_vprintf): the
 * lengths around its buffer, and far beyond it, come out whole. */
static void test_long_messages(void **state) {
  (void)state;
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  static const int lengths[] = {0, 1, 510, 511, 512, 513, 5000};
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
    int n = lengths[i];
    char *want = malloc((size_t)n + 1);
    for (int k = 0; k < n; k++)
      want[k] = (char)('a' + k % 26);
    want[n] = '\0';
    char *got = arena_printf(&a, "%s", want);
    assert_int_equal((int)strlen(got), n);
    assert_string_equal(got, want);
    Diag *g = diag_report(&d, "syntax", (Loc){0}, "%.*s|%d", n, want, n);
    assert_non_null(g);
    assert_int_equal((int)strlen(g->msg), n + 1 + snprintf(NULL, 0, "%d", n));
    assert_memory_equal(g->msg, want, (size_t)n);
    diag_note(&d, g, (Loc){0}, "%s", want);
    assert_string_equal(g->notes->msg, want);
    free(want);
  }
  arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_long_messages),
      cmocka_unit_test(test_file_size),
      cmocka_unit_test(test_memory_size),
      cmocka_unit_test(test_files_side_by_side),
      cmocka_unit_test(test_files_chain),
      cmocka_unit_test(test_linked_imports),
  };
  return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}

/* test_load.c: what loading a plan of many files costs in memory.
 *
 * Each file's text, and the scanner's copy of it, is malloc'd and freed
 * once the file is parsed: the next file must reuse those pages, on one
 * thread as on many, rather than take fresh ones from the system (a fresh
 * page costs more than the work done in it: bench/RESULTS.md). */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

/* Under a sanitizer the C library's malloc, whose keeping of freed memory
 * this test counts, is replaced by the sanitizer's own: the load is still
 * run (and checked for leaks and races), its page count is not judged. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OWN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define OWN_MALLOC 1
#endif
#endif

enum { FILES = 12, FILE_BYTES = 200 * 1024, GROWTH = 8 * 1024, PAGE = 4096 };

static long minor_faults(void) {
  struct rusage ru;
  assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
  return ru.ru_minflt;
}

/* A folder with a root that imports FILES files of FILE_BYTES and more,
 * each a little larger than the one before, as a plan's chapters differ
 * (comments: scanned and parsed like any text, and they declare nothing). */
static void write_plan(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/plan.amr", dir);
  FILE *root = fopen(path, "w");
  assert_non_null(root);
  for (int i = 0; i < FILES; i++) {
    fprintf(root, "import \"part%02d.amr\"\n", i);
    snprintf(path, sizeof path, "%s/part%02d.amr", dir, i);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t n = 0; n < (size_t)FILE_BYTES + (size_t)i * GROWTH; n += 64)
      fprintf(f, "# %02d a comment of sixty-four bytes, to be scanned and parsed\n", i);
    fclose(f);
  }
  fclose(root);
}

static void remove_plan(const char *dir) {
  char path[512];
  for (int i = 0; i < FILES; i++) {
    snprintf(path, sizeof path, "%s/part%02d.amr", dir, i);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/plan.amr", dir);
  unlink(path);
  rmdir(dir);
}

/* A plan written to a folder of its own and loaded on one thread
 * (AMRC_THREADS=1, no files parsed ahead); *taken: the pages the load took
 * fresh. The caller frees L->a and calls remove_plan(L->dir). */
typedef struct Loaded {
  char dir[32];
  Arena a;
  Diags d;
  Program prog;
  bool ok;
  long taken;
} Loaded;

static void load_on_one_thread(Loaded *L) {
  snprintf(L->dir, sizeof L->dir, "/tmp/amrc-test-load-XXXXXX");
  assert_non_null(mkdtemp(L->dir));
  write_plan(L->dir);
  char root[512];
  snprintf(root, sizeof root, "%s/plan.amr", L->dir);
  const char *paths[] = {root};
  setenv("AMRC_THREADS", "1", 1);
  L->a = (Arena){0};
  diags_init(&L->d, &L->a);
  L->prog = (Program){0};
  LoadOptions opt = {0};
  long before = minor_faults();
  L->ok = load_program(&L->a, interner_new(&L->a), &L->d, &opt, paths, 1, &L->prog);
  L->taken = minor_faults() - before;
  unsetenv("AMRC_THREADS");
}

/* The files' texts and copies, taken fresh for each file, would be some
 * 1 400 pages; reused, the load takes fewer pages than the texts alone
 * would. */
static void test_files_reuse_memory_on_one_thread(void **state) {
  (void)state;
  Loaded L;
  load_on_one_thread(&L);
  int nerrors = L.d.nerrors, nfiles = L.prog.nfiles;
  arena_free(&L.a);
  remove_plan(L.dir);
  assert_true(L.ok);
  assert_int_equal(nerrors, 0);
  assert_int_equal(nfiles, FILES + 1);
#ifdef OWN_MALLOC
  skip();
#else
  assert_true(L.taken < (long)FILES * FILE_BYTES / PAGE);
#endif
}

/* What loading freed stays with malloc for the stages that follow: an
 * arena's blocks below 2 MiB (two of 256 KiB here, less than one file's
 * text and its copy) are made of those pages, not of fresh ones; given
 * back to the system after loading, each of their pages would be taken
 * anew (128 of them). */
static void test_later_blocks_reuse_what_loading_freed(void **state) {
  (void)state;
  Loaded L;
  load_on_one_thread(&L);
  enum { BLOCK = 256 * 1024 };
  long before = minor_faults();
  char *b1 = malloc(BLOCK), *b2 = malloc(BLOCK);
  assert_non_null(b1);
  assert_non_null(b2);
  memset(b1, 1, BLOCK);
  memset(b2, 2, BLOCK);
  long taken = minor_faults() - before;
  free(b1);
  free(b2);
  arena_free(&L.a);
  remove_plan(L.dir);
  assert_true(L.ok);
#ifdef OWN_MALLOC
  (void)taken;
  skip();
#else
  assert_true(taken < 2 * BLOCK / PAGE / 4);
#endif
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_files_reuse_memory_on_one_thread),
      cmocka_unit_test(test_later_blocks_reuse_what_loading_freed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

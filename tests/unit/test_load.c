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

/* On one thread (AMRC_THREADS=1, no files parsed ahead) the files' texts
 * and copies, taken fresh for each file, would be some 1 400 pages;
 * reused, the load takes fewer pages than the texts alone would. */
static void test_files_reuse_memory_on_one_thread(void **state) {
  (void)state;
  char dir[] = "/tmp/amrc-test-load-XXXXXX";
  assert_non_null(mkdtemp(dir));
  write_plan(dir);
  char root[512];
  snprintf(root, sizeof root, "%s/plan.amr", dir);
  const char *paths[] = {root};
  setenv("AMRC_THREADS", "1", 1);
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  Program prog = {0};
  LoadOptions opt = {0};
  long before = minor_faults();
  bool ok = load_program(&a, interner_new(&a), &d, &opt, paths, 1, &prog);
  long taken = minor_faults() - before;
  unsetenv("AMRC_THREADS");
  int nerrors = d.nerrors, nfiles = prog.nfiles;
  arena_free(&a);
  remove_plan(dir);
  assert_true(ok);
  assert_int_equal(nerrors, 0);
  assert_int_equal(nfiles, FILES + 1);
#ifdef OWN_MALLOC
  (void)taken;
  skip();
#else
  assert_true(taken < (long)FILES * FILE_BYTES / PAGE);
#endif
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_files_reuse_memory_on_one_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

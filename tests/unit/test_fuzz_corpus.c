/* test_fuzz_corpus.c: every input the fuzzer ever found a bug with, run
 * through the fuzz target itself (fuzz/fuzz_amrc.c: every stage, every back
 * end in both languages, the what-if back ends, amrc fmt), with a time
 * limit. The inputs are the .amr files of tests/golden/fuzz/: their golden
 * files pin what `amrc --check` says of them, this test that nothing in the
 * rest of the path crashes, hangs or leaks on them (under `make
 * check-sanitize`, with AddressSanitizer and UndefinedBehaviorSanitizer).
 * The target is built as fuzz_amrc_fmt is, with amrc fmt's promises
 * checked too (the same plan after formatting, and formatting twice changes
 * nothing), so that the fmt oracle's findings stay fixed.
 *
 * Run from the repository root, as `make check` does. */
#define FUZZ_FMT_ORACLE
#include "../../fuzz/fuzz_amrc.c"

#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

enum { SECONDS_PER_INPUT = 30 };

static const char *current;

static void on_alarm(int sig) {
  (void)sig;
  static const char msg[] = "test_fuzz_corpus: time limit passed on ";
  if (write(2, msg, sizeof msg - 1) < 0 || write(2, current, strlen(current)) < 0 ||
      write(2, "\n", 1) < 0)
    _exit(1);
  _exit(1);
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t cap = 4096, n = 0;
  char *data = malloc(cap);
  assert_non_null(data);
  size_t k;
  while ((k = fread(data + n, 1, cap - n, f)) > 0) {
    n += k;
    if (n == cap) {
      cap *= 2;
      data = realloc(data, cap);
      assert_non_null(data);
    }
  }
  fclose(f);
  *len = n;
  return data;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus(void **state) {
  (void)state;
  static const char dir[] = "tests/golden/fuzz";
  DIR *d = opendir(dir);
  assert_non_null(d);
  char *names[4096];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 4096) {
    size_t len = strlen(e->d_name);
    if (len > 4 && strcmp(e->d_name + len - 4, ".amr") == 0)
      names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], by_name);
  assert_true(n > 0);
  signal(SIGALRM, on_alarm);
  for (int i = 0; i < n; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    size_t len;
    char *data = read_all(path, &len);
    current = path;
    alarm(SECONDS_PER_INPUT);
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    alarm(0);
    free(data);
    free(names[i]);
  }
  printf("test_fuzz_corpus: %d inputs\n", n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corpus),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

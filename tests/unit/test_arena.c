/* test_arena.c: the arena's memory: zeroed, aligned, and sized to what a
 * run uses (a small arena must not cost a 2 MiB huge page). */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static bool all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i])
      return false;
  return true;
}

/* The report's arena and risks.c's one per source hold a few KiB each:
 * each had taken a 2 MiB block, which the kernel zeroes on first touch. */
static void test_small_arena_stays_small(void **state) {
  (void)state;
  Arena a = {0};
  for (int i = 0; i < 100; i++)
    assert_non_null(arena_alloc(&a, 40));
  assert_true(arena_size(&a) <= 64 * 1024);
  arena_free(&a);
}

/* Blocks double until they are 2 MiB; every byte handed out is zero and
 * aligned, across the block boundaries. */
static void test_blocks_grow_and_stay_zeroed(void **state) {
  (void)state;
  Arena a = {0};
  size_t total = 0, prev_size = 0;
  int grew = 0;
  while (total < 12u * 1024 * 1024) {
    size_t n = 24 + (total / 7) % 1000;  /* sizes of AST nodes and strings */
    unsigned char *p = arena_alloc(&a, n);
    assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    assert_true(all_zero(p, n));
    memset(p, 0xAB, n);  /* a later allocation that overlapped would show it */
    total += n;
    size_t size = arena_size(&a);
    if (size != prev_size) {
      grew++;
      prev_size = size;
    }
  }
  /* 64 KiB, 128 KiB, ... 1 MiB, then 2 MiB blocks: more than a handful */
  assert_true(grew >= 8);
  assert_true(arena_size(&a) < 2 * total);
  unsigned char *big = arena_alloc(&a, 3u * 1024 * 1024);  /* a block of its own */
  assert_true(all_zero(big, 3u * 1024 * 1024));
  arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_small_arena_stays_small),
      cmocka_unit_test(test_blocks_grow_and_stay_zeroed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_arena.c: the arena's memory: zeroed, aligned, and sized to what a
 * run uses (a small arena must not cost a 2 MiB block, nor a large one
 * pages far beyond what it has handed out). */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#if defined(__linux__)
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#endif

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

/* A scratch arena emptied for each item of a loop (check.c's per project)
 * keeps its first block, handed out again zeroed, and gives back the rest:
 * an item that used several blocks, one array of its own (arena.c's
 * large()) and a child arena, then one that fits the first block. */
static void test_reset_keeps_first_block_zeroed(void **state) {
  (void)state;
  Arena a = {0};
  unsigned char *first = arena_alloc(&a, 100);
  memset(first, 0xAB, 100);
  for (int i = 0; i < 40; i++)
    memset(arena_alloc(&a, 16 * 1024), 0xCD, 16 * 1024);
  memset(arena_alloc(&a, 512 * 1024), 0xEF, 512 * 1024);
  memset(arena_alloc(arena_child(&a), 1000), 0x11, 1000);
  assert_true(arena_size(&a) > 1024 * 1024);
  for (int round = 0; round < 3; round++) {
    arena_reset(&a);
    assert_int_equal(arena_size(&a), 64 * 1024);
    unsigned char *again = arena_alloc(&a, 60 * 1024);
    assert_ptr_equal(again, first);
    assert_true(all_zero(again, 60 * 1024));
    memset(again, 0x22, 60 * 1024);
    unsigned char *next = arena_alloc(&a, 8 * 1024);  /* beyond it: a block of 128 KiB */
    assert_true(all_zero(next, 8 * 1024));
    assert_int_equal(arena_size(&a), (64 + 128) * 1024);
  }
  arena_free(&a);
  /* an arena whose only block is one large array keeps nothing */
  arena_alloc(&a, 512 * 1024);
  arena_reset(&a);
  assert_int_equal(arena_size(&a), 0);
  assert_true(all_zero(arena_alloc(&a, 1000), 1000));
  assert_int_equal(arena_size(&a), 64 * 1024);
  arena_free(&a);
}

/* A large array made while the first block is still the current one sits
 * right behind it (large()): a reset gives the array back and must not
 * leave the kept block pointing at it, or the next reset (a scratch arena
 * reset per project) frees it a second time. */
static void test_reset_after_large_behind_first(void **state) {
  (void)state;
  Arena a = {0};
  unsigned char *first = arena_alloc(&a, 100);
  for (int round = 0; round < 3; round++) {
    memset(arena_alloc(&a, 512 * 1024), 0xEF, 512 * 1024);
    assert_true(arena_size(&a) > (64 + 512) * 1024);
    arena_reset(&a);
    assert_int_equal(arena_size(&a), 64 * 1024);
    assert_ptr_equal(arena_alloc(&a, 100), first);
  }
  arena_free(&a);
}

/* A child for a thread that fills megabytes starts with a 2 MiB block;
 * an ordinary child with the small first block. */
static void test_large_child_starts_large(void **state) {
  (void)state;
  Arena a = {0};
  arena_alloc(&a, 64);
  size_t before = arena_size(&a);
  memset(arena_alloc(arena_child(&a), 64), 0x11, 64);
  assert_int_equal(arena_size(&a) - before, 64 * 1024);
  unsigned char *p = arena_alloc(arena_child_large(&a), 64);
  assert_true(all_zero(p, 64));
  assert_int_equal(arena_size(&a) - before, 64 * 1024 + 2 * 1024 * 1024);
  arena_free(&a);
  assert_int_equal(arena_size(&a), 0);
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

#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
/* How many of the n pages from p (page-aligned) are in memory. */
static size_t resident_pages(const void *p, size_t n) {
  unsigned char vec[1024];
  assert_true(n <= sizeof vec);
  assert_int_equal(mincore((void *)p, n * 4096, vec), 0);
  size_t in = 0;
  for (size_t i = 0; i < n; i++)
    in += vec[i] & 1;
  return in;
}

/* The first allocation in an arena's first 2 MiB block (after the
 * 64 KiB ... 1 MiB blocks from calloc). */
static char *first_in_mapped_block(Arena *a) {
  char *prev = arena_alloc(a, 64), *start = NULL;
  while (!start) {
    char *p = arena_alloc(a, 64);
    if (p != prev + 64 && arena_size(a) > 2u * 1024 * 1024)
      start = p;
    prev = p;
  }
  return start;
}

/* Where huge pages are not to be had (here: turned off for the process),
 * a 2 MiB block's pages are brought in ahead of what is handed out (one
 * call per 256 KiB instead of a fault per page), but not much further:
 * peak memory is a target (issue #8), and it counts those pages. Nothing
 * here touches what it allocates, so every page found in memory was
 * brought in by the arena. */
static void test_pages_in_ahead_not_far(void **state) {
  (void)state;
  void *probe = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(probe != MAP_FAILED);
  bool supported = madvise(probe, 4096, MADV_POPULATE_WRITE) == 0;
  munmap(probe, 4096);
  if (!supported || prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0)
    skip();  /* Linux before 5.14: pages come in as they are touched */
  Arena a = {0};
  char *start = first_in_mapped_block(&a);
  const char *page0 = (const char *)((uintptr_t)start & ~(uintptr_t)4095);
  for (size_t used = 64; used < 600 * 1024; used += 64)
    arena_alloc(&a, 64);
  size_t used_pages = 600 / 4, ahead = 256 / 4;
  assert_int_equal(resident_pages(page0, used_pages), used_pages);
  size_t beyond = resident_pages(page0 + used_pages * 4096, 300);  /* the block is 512 */
  assert_true(beyond <= ahead + 1);
  assert_true(beyond >= 1);
  arena_free(&a);
  assert_int_equal(prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0), 0);
}

/* "THPeligible" of the mapping that holds p, from /proc/self/smaps: 1 when
 * the kernel may back it with huge pages; -1 when it does not say. */
static int thp_eligible(const void *p) {
  FILE *f = fopen("/proc/self/smaps", "r");
  if (!f)
    return -1;
  char line[256];
  int found = -1;
  bool inside = false;
  while (fgets(line, sizeof line, f)) {
    unsigned long lo, hi;
    if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
      inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
    else if (inside && sscanf(line, "THPeligible: %d", &found) == 1)
      break;
  }
  fclose(f);
  return found;
}

/* A 2 MiB block starts on a 2 MiB boundary and asks for huge pages: a
 * large plan's arena then costs a fault per 2 MiB instead of one per
 * 4 KiB page. Skipped where the kernel gives no huge pages, or gives them
 * to every mapping (a plain one would pass). */
static void test_blocks_ask_for_huge_pages(void **state) {
  (void)state;
  const size_t huge = 2u * 1024 * 1024;
  void *plain = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(plain != MAP_FAILED);
  int plain_eligible = thp_eligible(plain);
  munmap(plain, 2 * huge);
  FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  char mode[128] = "";
  if (f) {
    if (!fgets(mode, sizeof mode, f))
      mode[0] = '\0';
    fclose(f);
  }
  if (plain_eligible != 0 || !strstr(mode, "[madvise]"))
    skip();
  Arena a = {0};
  char *start = first_in_mapped_block(&a);
  assert_true((uintptr_t)start % huge < 4096);  /* after the block's header */
  assert_int_equal(thp_eligible(start), 1);
  char *big = arena_alloc(&a, 5 * huge);  /* an array's block of its own */
  assert_int_equal((uintptr_t)big % huge < 4096, 1);
  assert_int_equal(thp_eligible(big), 1);
  arena_free(&a);
}
#else
static void test_pages_in_ahead_not_far(void **state) {
  (void)state;
  skip();
}

static void test_blocks_ask_for_huge_pages(void **state) {
  (void)state;
  skip();
}
#endif

/* A plan's strings, most written once (a project's id and title), some
 * over and over (a category, a note): the table stops growing, every
 * string still reads as it was written, and one that comes back while it
 * is in the table is the same copy. */
static void test_interner_bounded(void **state) {
  (void)state;
  Arena a = {0};
  Interner *in = interner_new(&a);
  const char *kept = intern(in, "Communicatie", 12);
  char buf[64];
  size_t most = 0;
  for (int i = 0; i < 400000; i++) {
    int n = snprintf(buf, sizeof buf, "project_%d \"Titel %d\"", i, i * 7);
    const char *s = intern(in, buf, (size_t)n);
    assert_int_equal(strlen(s), (size_t)n);
    assert_memory_equal(s, buf, (size_t)n);
    assert_ptr_equal(intern(in, buf, (size_t)n), s);
    if (i % 50 == 0) {
      const char *c = intern(in, "Communicatie", 12);
      assert_string_equal(c, "Communicatie");
      assert_ptr_equal(intern(in, "Communicatie", 12), c);
      kept = c;
    }
    if (interner_slots(in) > most)
      most = interner_slots(in);
  }
  assert_string_equal(kept, "Communicatie");
  /* 400 000 strings in a table that grew with them would have 2^20 slots */
  assert_true(most <= 65536);
  assert_true(most >= 32768);
  arena_free(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_small_arena_stays_small),
      cmocka_unit_test(test_blocks_grow_and_stay_zeroed),
      cmocka_unit_test(test_reset_keeps_first_block_zeroed),
      cmocka_unit_test(test_reset_after_large_behind_first),
      cmocka_unit_test(test_large_child_starts_large),
      cmocka_unit_test(test_pages_in_ahead_not_far),
      cmocka_unit_test(test_blocks_ask_for_huge_pages),
      cmocka_unit_test(test_interner_bounded),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

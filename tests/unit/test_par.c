/* test_par.c: the stages' loops on threads (src/par.c).
 *
 * What par_for promises: the findings of a loop run in slices on threads
 * come out as from one pass over the items, to the diagnostic, the error
 * limit and the counts; a deferred item runs after every slice, on the
 * calling thread, and its findings stand where the item does; a slice that
 * fails makes the loop fail. Each test runs the same loop on one thread
 * and on four (AMRC_THREADS) and compares. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

enum { N = 1000 };

typedef struct Loop {
  int failing;             /* the item that clears ok; -1: none */
  int defer_every;         /* 0: none deferred */
  int done;                /* items run before the deferred ones: counted after */
  int seen_by_deferred[N]; /* per deferred item: items done when it ran */
  int ran[N];              /* per item: times it ran */
  int outside;             /* a deferral was asked of an item outside its slice */
} Loop;

/* Item i reports an error named by its number, and every seventh a
 * warning and a note after it: more than one finding per item, of every
 * severity. */
static void items(void *ctx, ParSlice *s, int begin, int end) {
  Loop *loop = ctx;
  for (int i = begin; i < end; i++) {
    loop->ran[i]++;
    if (loop->defer_every && i % loop->defer_every == 0)
      loop->seen_by_deferred[i] = loop->done;
    Diag *g = diag_report(s->diags, "invalid-value", (Loc){0}, "item %d", i);
    diag_note(s->diags, g, (Loc){0}, "note of item %d", i);
    if (i % 7 == 0) {
      diag_report(s->diags, "prefinancing", (Loc){0}, "warning of item %d", i);
      diag_report(s->diags, "rule-tolerance", (Loc){0}, "note after item %d", i);
    }
    if (i == loop->failing)
      s->ok = false;
  }
}

/* Counts the items run so far, for the deferred ones to look at: only
 * read on the calling thread, after the slices are joined. */
static void items_counted(void *ctx, ParSlice *s, int begin, int end) {
  Loop *loop = ctx;
  items(ctx, s, begin, end);
  __atomic_add_fetch(&loop->done, end - begin, __ATOMIC_RELAXED);
}

static bool every_nth(void *ctx, int item, int begin, int end) {
  Loop *loop = ctx;
  if (item < begin || item >= end)  /* asserted on the calling thread (run) */
    __atomic_store_n(&loop->outside, 1, __ATOMIC_RELAXED);
  return loop->defer_every && item % loop->defer_every == 0;
}

typedef struct Run {
  Arena arena;
  Diags diags;
  bool ok;
  Loop loop;
} Run;

static Run *run(const char *threads, int max_errors, int defer_every, int failing) {
  setenv("AMRC_THREADS", threads, 1);
  Run *r = calloc(1, sizeof *r);
  assert_non_null(r);
  diags_init(&r->diags, &r->arena);
  r->diags.max_errors = max_errors;
  r->loop.defer_every = defer_every;
  r->loop.failing = failing;
  r->ok = par_for(par_new(&r->arena, &r->diags, N), N, items_counted, defer_every ? every_nth : NULL, &r->loop);
  unsetenv("AMRC_THREADS");
  assert_int_equal(r->loop.outside, 0);
  return r;
}

static void done(Run *r) {
  arena_free(&r->arena);
  free(r);
}

/* The two lists hold the same findings, with the same notes, in the same
 * order, and count the same. */
static void assert_same(const Run *a, const Run *b) {
  const Diag *g = a->diags.head, *h = b->diags.head;
  for (; g && h; g = g->next, h = h->next) {
    assert_string_equal(g->msg, h->msg);
    assert_string_equal(g->name, h->name);
    assert_int_equal(g->sev, h->sev);
    const DiagNote *m = g->notes, *n = h->notes;
    for (; m && n; m = m->next, n = n->next)
      assert_string_equal(m->msg, n->msg);
    assert_true(!m && !n);
  }
  assert_true(!g && !h);
  assert_int_equal(a->diags.nerrors, b->diags.nerrors);
  assert_int_equal(a->diags.nwarnings, b->diags.nwarnings);
  assert_int_equal(a->diags.nnotes, b->diags.nnotes);
  assert_int_equal(a->diags.nunlisted, b->diags.nunlisted);
  assert_int_equal(a->diags.overflowed, b->diags.overflowed);
  assert_int_equal(a->ok, b->ok);
}

/* The order is the items': each item's error, its note, and for every
 * seventh its warning and note, before the next item's. */
static void assert_item_order(const Run *r) {
  const Diag *g = r->diags.head;
  char expect[48];
  for (int i = 0; i < N; i++) {
    assert_non_null(g);
    snprintf(expect, sizeof expect, "item %d", i);
    assert_string_equal(g->msg, expect);
    assert_non_null(g->notes);
    snprintf(expect, sizeof expect, "note of item %d", i);
    assert_string_equal(g->notes->msg, expect);
    g = g->next;
    if (i % 7 == 0) {
      snprintf(expect, sizeof expect, "warning of item %d", i);
      assert_string_equal(g->msg, expect);
      g = g->next;
      snprintf(expect, sizeof expect, "note after item %d", i);
      assert_string_equal(g->msg, expect);
      g = g->next;
    }
    assert_int_equal(r->loop.ran[i], 1);
  }
  assert_null(g);
}

static void test_order_of_one_pass(void **state) {
  (void)state;
  Run *one = run("1", 1000000, 0, -1), *four = run("4", 1000000, 0, -1);
  assert_same(one, four);
  assert_item_order(four);
  done(one);
  done(four);
}

static void test_deferred_items_run_last_and_stand_in_place(void **state) {
  (void)state;
  Run *one = run("1", 1000000, 13, -1), *four = run("4", 1000000, 13, -1);
  assert_same(one, four);
  assert_item_order(one);
  int deferred = (N + 12) / 13;
  for (int i = 0; i < N; i++) {
    assert_int_equal(four->loop.ran[i], 1);
    if (i % 13 == 0)  /* every other item had run, and the deferred before it */
      assert_int_equal(four->loop.seen_by_deferred[i], N - deferred + i / 13);
  }
  done(one);
  done(four);
}

/* Past the limit the slices' lists hold what one pass would have listed,
 * and the errors beyond it are counted, not lost. */
static void test_error_limit_as_one_pass(void **state) {
  (void)state;
  for (int limit = 0; limit < 700; limit = limit * 2 + 3) {
    Run *one = run("1", limit, 0, -1), *four = run("4", limit, 0, -1);
    assert_same(one, four);
    assert_int_equal(four->diags.nerrors, N);
    assert_int_equal(four->diags.nunlisted, N - limit);
    done(one);
    done(four);
    one = run("1", limit, 5, -1);
    four = run("4", limit, 5, -1);
    assert_same(one, four);
    done(one);
    done(four);
  }
}

/* An item in any slice, or a deferred one, fails the loop. */
static void test_a_failing_item_fails_the_loop(void **state) {
  (void)state;
  Run *four = run("4", 1000000, 0, -1);
  assert_true(four->ok);
  done(four);
  static const int failing[] = {0, 249, 250, 499, 500, 998, 999};
  for (size_t k = 0; k < sizeof failing / sizeof *failing; k++) {
    for (int defer = 0; defer <= 3; defer += 3) {
      Run *one = run("1", 1000000, defer, failing[k]);
      four = run("4", 1000000, defer, failing[k]);
      assert_false(one->ok);
      assert_same(one, four);
      done(one);
      done(four);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_order_of_one_pass),
      cmocka_unit_test(test_deferred_items_run_last_and_stand_in_place),
      cmocka_unit_test(test_error_limit_as_one_pass),
      cmocka_unit_test(test_a_failing_item_fails_the_loop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

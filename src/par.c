/* par.c: the stages after loading, on the cores the machine has.
 *
 * A stage's loop over projects or lines is cut into slices of consecutive
 * items, one per thread. Each slice allocates in an arena of its own and
 * reports into a list of its own; when all are done, the lists join the
 * run's in slice order (diags_adopt). Items of a loop touch only what is
 * theirs, so a slice sees what it would have seen in one pass, and the
 * findings come out in the order of one pass: a run gives the same bytes
 * on any number of threads.
 *
 * An item that reaches into items of another slice (a project whose cells
 * need another's through a transfer: eval.c) is deferred: the slices skip
 * it, and after them the calling thread runs the deferred items in order,
 * with nothing else running. Its findings are put back where the item
 * stood in its slice. */
#define _GNU_SOURCE  /* sched_getaffinity: the cores this process may use */
#include "core.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PAR_MAX = 4 };

int threads_wanted(bool *forced) {
  *forced = false;
  const char *env = getenv("AMRC_THREADS");
  if (env && *env) {
    char *end;
    long n = strtol(env, &end, 10);
    if (*end == '\0' && n >= 1) {
      *forced = true;
      return n > PAR_MAX ? PAR_MAX : (int)n;
    }
  }
  /* the cores this process may use (taskset, a container's cpuset); the
   * cores online only where that cannot be asked, since sysconf reads a
   * file in /sys at every call and the answer would be replaced anyway */
  long cores = 0;
#ifdef CPU_COUNT
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    cores = CPU_COUNT(&set);
#endif
  if (cores < 1)
    cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores < 1 ? 1 : cores > PAR_MAX ? PAR_MAX : (int)cores;
}

/* A stage's threads: how many, and an arena for each slice but the first,
 * kept for the stage so that each loop does not start a block of its own. */
struct Par {
  Arena *arena;            /* the stage's; the slices' are children of it */
  Diags *diags;            /* where the slices' findings join */
  int nslices;             /* 1: every loop runs on the calling thread */
  Arena *arenas[PAR_MAX];
};

Par *par_new(Arena *a, Diags *d, int nlines) {
  Par *par = arena_alloc(a, sizeof *par);
  par->arena = a;
  par->diags = d;
  bool forced;
  int n = threads_wanted(&forced);
  par->nslices = forced || nlines >= PAR_MIN_LINES ? n : 1;
  return par;
}

/* Where a deferred item's findings go in its slice's list: after the
 * slice's last finding before the item, before its first after it. */
typedef struct Mark {
  int item;
  Diag *before;            /* NULL: none, the item's go at the head */
  Diag *next;              /* NULL: none; set once the slice is done */
} Mark;

typedef struct Slice {
  ParSlice s;
  Diags diags;
  int begin, end;
  ParFn *fn;
  ParDefer *defer;
  void *ctx;
  Mark *marks;
  int nmarks;
  pthread_t thread;
} Slice;

/* Runs the slice's items, a run of them at a time between deferred ones. */
static void run_slice(Slice *sl) {
  int from = sl->begin;
  for (int i = sl->begin; i < sl->end; i++) {
    if (!sl->defer || !sl->defer(sl->ctx, i, sl->begin, sl->end))
      continue;
    if (from < i)
      sl->fn(sl->ctx, &sl->s, from, i);
    sl->marks[sl->nmarks++] = (Mark){.item = i, .before = sl->diags.tail};
    from = i + 1;
  }
  if (from < sl->end)
    sl->fn(sl->ctx, &sl->s, from, sl->end);
}

static void *slice_main(void *arg) {
  run_slice(arg);
  return NULL;
}

int par_slices(const Par *par) { return par->nslices; }

bool par_for(Par *par, int n, ParFn *fn, ParDefer *defer, void *ctx) {
  if (n <= 0)
    return true;
  int k = par->nslices < n ? par->nslices : n;
  if (k < 1)  /* never (threads_wanted gives 1 or more); said for gcc's -Wmaybe-uninitialized */
    k = 1;
  Slice sl[PAR_MAX];
  int nmarks = 0;
  for (int j = 0; j < k; j++) {
    Arena *a = par->arena;
    if (j > 0) {
      if (!par->arenas[j])
        par->arenas[j] = arena_child(par->arena);
      a = par->arenas[j];
    }
    Slice *s = &sl[j];
    *s = (Slice){.begin = (int)((int64_t)n * j / k), .end = (int)((int64_t)n * (j + 1) / k),
                 .fn = fn, .defer = defer, .ctx = ctx};
    diags_child(&s->diags, par->diags, a);
    s->s = (ParSlice){.arena = a, .diags = &s->diags, .ok = true};
    if (defer)
      s->marks = xcalloc((size_t)(s->end - s->begin), sizeof *s->marks);
  }
  int started = 1;
  for (; started < k; started++)
    if (pthread_create(&sl[started].thread, NULL, slice_main, &sl[started]) != 0)
      break;
  run_slice(&sl[0]);
  for (int j = started; j < k; j++)
    run_slice(&sl[j]);  /* no thread could be started for it */
  for (int j = 1; j < started; j++)
    pthread_join(sl[j].thread, NULL);
  /* A slice's arena brings in its pages ahead of use (arena.c): what it
   * did not use goes back, so that the threads cost no memory the peak
   * of a run would show (3x the input, issue #8). */
  for (int j = 1; j < k; j++)
    arena_trim(par->arenas[j]);
  /* read before adopting takes the lists apart (diags_adopt relinks) */
  for (int j = 0; j < k; j++)
    for (int i = 0; i < sl[j].nmarks; i++) {
      Mark *m = &sl[j].marks[i];
      m->next = m->before ? m->before->next : sl[j].diags.head;
    }

  /* The deferred items, in order, each into a list of its own. */
  for (int j = 0; j < k; j++)
    nmarks += sl[j].nmarks;
  Diags *later = nmarks ? xcalloc((size_t)nmarks, sizeof *later) : NULL;
  bool ok = true;
  for (int j = 0, m = 0; j < k; j++) {
    for (int i = 0; i < sl[j].nmarks; i++, m++) {
      diags_child(&later[m], par->diags, par->arena);
      ParSlice s = {.arena = par->arena, .diags = &later[m], .ok = true};
      int item = sl[j].marks[i].item;
      fn(ctx, &s, item, item + 1);
      ok &= s.ok;
    }
  }

  for (int j = 0, m = 0; j < k; j++) {
    Diag *from = sl[j].diags.head;
    for (int i = 0; i < sl[j].nmarks; i++, m++) {
      /* the slice's findings up to the item, then the item's own */
      diags_adopt(par->diags, from, sl[j].marks[i].next);
      from = sl[j].marks[i].next;
      diags_adopt(par->diags, later[m].head, NULL);
      diags_adopt_unlisted(par->diags, &later[m]);
    }
    diags_adopt(par->diags, from, NULL);
    diags_adopt_unlisted(par->diags, &sl[j].diags);
    ok &= sl[j].s.ok;
    free(sl[j].marks);
  }
  free(later);
  return ok;
}

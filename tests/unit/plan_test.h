/* plan_test.h: what the evaluator and checker tests share: a plan held in
 * memory, run through the stages, and ways to look for a diagnostic.
 * Included by tests/unit/test_eval.c and tests/unit/test_check.c. */
#ifndef PLAN_TEST_H
#define PLAN_TEST_H

#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

typedef struct T {
  Arena arena;
  Diags diags;
  Compile c;
  bool loaded, resolved, evaluated;
} T;

typedef struct Opts {
  const char *disabled[4];  /* -Wno-NAME */
  const char *promoted[4];  /* -Werror=NAME */
  bool werror;
} Opts;

static int list_len(const char *const *l) {
  int n = 0;
  while (n < 4 && l[n])
    n++;
  return n;
}

/* Loads, resolves and evaluates a plan; checks it too when check is set,
 * as `amrc --check` does. */
static T *run_plan(const char *text, const Opts *o, bool check) {
  T *t = calloc(1, sizeof *t);
  assert_non_null(t);
  diags_init(&t->diags, &t->arena);
  if (o) {
    t->diags.werror = o->werror;
    t->diags.disabled = (const char **)o->disabled;
    t->diags.ndisabled = list_len(o->disabled);
    t->diags.promoted = (const char **)o->promoted;
    t->diags.npromoted = list_len(o->promoted);
  }
  t->c = (Compile){.display = "t.amr", .bytes = text, .len = strlen(text), .no_check = !check};
  compile_plan(&t->arena, &t->diags, &t->c);
  t->loaded = t->c.loaded;
  t->resolved = t->c.resolved;
  t->evaluated = t->c.evaluated;
  return t;
}

static T *eval_text(const char *text) { return run_plan(text, NULL, false); }
static T *check_opts(const char *text, const Opts *o) { return run_plan(text, o, true); }
static T *check_text(const char *text) { return run_plan(text, NULL, true); }

static void done(T *t) {
  arena_free(&t->arena);
  free(t);
}

static void dump(const T *t) {
  for (const Diag *g = t->diags.head; g; g = g->next) {
    fprintf(stderr, "  [%s%s] %d:%d %s\n", g->name, g->accepted ? ", accepted" : "",
            loc_line(g->loc), loc_pos(g->loc).col, g->msg);
    for (const DiagNote *n = g->notes; n; n = n->next)
      fprintf(stderr, "      note %d:%d %s\n", loc_line(n->loc), loc_pos(n->loc).col, n->msg);
  }
}

static int count(const T *t, const char *name) {
  int n = 0;
  for (const Diag *g = t->diags.head; g; g = g->next)
    n += strcmp(g->name, name) == 0;
  return n;
}

static int total(const T *t) {
  int n = 0;
  for (const Diag *g = t->diags.head; g; g = g->next)
    n++;
  return n;
}

static bool has_all(const char *msg, va_list ap) {
  bool all = true;
  for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
    all &= strstr(msg, s) != NULL;
  return all;
}

/* The first diagnostic of that name whose message contains every string
 * given (NULL-terminated); prints what there was when none does. */
static const Diag *find(const T *t, const char *name, ...) {
  for (const Diag *g = t->diags.head; g; g = g->next) {
    if (strcmp(g->name, name) != 0)
      continue;
    va_list ap;
    va_start(ap, name);
    bool all = has_all(g->msg, ap);
    va_end(ap);
    if (all)
      return g;
  }
  fprintf(stderr, "no [%s] with those words among:\n", name);
  dump(t);
  return NULL;
}

/* A note of g containing every string given. */
static const DiagNote *find_note(const Diag *g, ...) {
  assert_non_null(g);
  for (const DiagNote *n = g->notes; n; n = n->next) {
    va_list ap;
    va_start(ap, g);
    bool all = has_all(n->msg, ap);
    va_end(ap);
    if (all)
      return n;
  }
  fprintf(stderr, "no such note under: %s\n", g->msg);
  for (const DiagNote *n = g->notes; n; n = n->next)
    fprintf(stderr, "      note %d:%d %s\n", loc_line(n->loc), loc_pos(n->loc).col, n->msg);
  return NULL;
}

static void assert_clean(const T *t) {
  if (!t->evaluated || t->diags.head)
    dump(t);
  assert_true(t->evaluated);
  assert_null(t->diags.head);
  assert_false(diags_failed(&t->diags));
}

static Line *line_of(const T *t, const char *project, int nr) {
  Project *p = plan_project(&t->c.plan, project);
  assert_non_null(p);
  Line *l = project_line(p, nr);
  assert_non_null(l);
  return l;
}

/* The amount of a cell in cents; the cell must be present and not PM. */
static int64_t cell(const T *t, const char *project, int nr, Side s, int year) {
  Line *l = line_of(t, project, nr);
  int yi = year_index(&t->c.plan, year);
  assert_true(yi >= 0);
  assert_true(present_at(&t->c.results, l, s, yi));
  assert_false(pm_at(&t->c.results, l, s, yi));
  return cents_at(&t->c.results, l, s, yi);
}

/* A project's balances as evaluated. */
static const ProjectResult *balances_of(const T *t, const char *project) {
  const Project *p = plan_project(&t->c.plan, project);
  assert_non_null(p);
  return project_result(&t->c.results, p);
}

#define EUR(x) ((int64_t)(x) * 100)

#endif

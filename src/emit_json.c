/* emit_json.c: the whole computed plan as JSON, for dashboards and scripts.
 * The schema is in docs/json-schema.md; a change there is a change here.
 *
 * Every amount appears twice: as an integer number of cents (exact for
 * anyone with 64-bit integers) and as a decimal string (exact for anyone,
 * including JavaScript, whose numbers lose cents beyond 2^53). Keys come in
 * a fixed order and arrays in plan order, so the same plan gives the same
 * bytes. */
#include "emit.h"

#include <string.h>

/* ------------------------------------------------------------ writer */

enum { J_MAX_DEPTH = 16 }; /* the schema nests six deep */

typedef struct J {
  Buf *b;
  int depth;
  bool has_items[J_MAX_DEPTH];
  bool inline_items[J_MAX_DEPTH]; /* short lists of numbers on one line */
  bool after_key;
  const Results *res;      /* the amounts written */
} J;

static void j_newline(J *j) {
  buf_putc(j->b, '\n');
  for (int i = 0; i < j->depth; i++)
    buf_puts(j->b, "  ");
}

/* Before any value: the comma and line break it needs, unless it follows
 * its key on the same line. */
static void j_pre(J *j) {
  if (j->after_key) {
    j->after_key = false;
    return;
  }
  if (j->depth == 0)
    return;
  if (j->has_items[j->depth])
    buf_puts(j->b, j->inline_items[j->depth] ? ", " : ",");
  if (!j->inline_items[j->depth])
    j_newline(j);
  j->has_items[j->depth] = true;
}

static void j_open(J *j, char c) {
  j_pre(j);
  buf_putc(j->b, c);
  j->depth++;
  j->has_items[j->depth] = false;
  j->inline_items[j->depth] = false;
}

static void j_open_inline(J *j, char c) {
  j_open(j, c);
  j->inline_items[j->depth] = true;
}

/* An empty container stays on one line: [] or {}. */
static void j_close(J *j, char c) {
  bool items = j->has_items[j->depth] && !j->inline_items[j->depth];
  j->depth--;
  if (items)
    j_newline(j);
  buf_putc(j->b, c);
}

static void j_key(J *j, const char *k) {
  j_pre(j);
  buf_json_string(j->b, k);
  buf_puts(j->b, ": ");
  j->after_key = true;
}

static void j_str(J *j, const char *s) {
  j_pre(j);
  buf_json_string(j->b, s);
}

static void j_int(J *j, long long v) {
  j_pre(j);
  buf_printf(j->b, "%lld", v);
}

static void j_bool(J *j, bool v) {
  j_pre(j);
  buf_puts(j->b, v ? "true" : "false");
}

static void j_null(J *j) {
  j_pre(j);
  buf_puts(j->b, "null");
}

static void kv_str(J *j, const char *k, const char *v) {
  j_key(j, k);
  j_str(j, v);
}

static void kv_int(J *j, const char *k, long long v) {
  j_key(j, k);
  j_int(j, v);
}

static void kv_bool(J *j, const char *k, bool v) {
  j_key(j, k);
  j_bool(j, v);
}

/* "name_cents": 12345, "name": "123.45" */
static void kv_money(J *j, const char *name, int64_t cents) {
  char key[64], dec[64];
  snprintf(key, sizeof key, "%s_cents", name);
  kv_int(j, key, (long long)cents);
  fmt_decimal(dec, sizeof dec, cents, false);
  kv_str(j, name, dec);
}

/* ------------------------------------------------------------ pieces */

static int64_t at(const int64_t *v, int i) { return v ? v[i] : 0; }
static bool flag(const uint8_t *v, int i) { return v && v[i]; }

static const char *file_name(const SrcFile *f) {
  if (!f)
    return NULL;
  return f->display ? f->display : f->path;
}

static void kv_loc(J *j, const char *k, Loc loc) {
  j_key(j, k);
  if (!loc.file) {
    j_null(j);
    return;
  }
  j_open(j, '{');
  kv_str(j, "file", file_name(loc.file));
  Pos p = loc_pos(loc);
  kv_int(j, "line", p.line);
  kv_int(j, "col", p.col);
  kv_int(j, "end_line", p.end_line);
  kv_int(j, "end_col", p.end_col);
  j_close(j, '}');
}

static const char *class_name(MoneyClass c) {
  switch (c) {
  case CLASS_STRUCTURAL: return "structural";
  case CLASS_INCIDENTAL: return "incidental";
  default: return NULL;
  }
}

static const char *status_name(SourceStatus s) {
  switch (s) {
  case STATUS_TOEGEZEGD: return "toegezegd";
  case STATUS_AANGEVRAAGD: return "aangevraagd";
  case STATUS_VERWACHT: return "verwacht";
  default: return NULL;
  }
}

static const char *severity_name(Severity s) {
  switch (s) {
  case SEV_ERROR: return "error";
  case SEV_WARNING: return "warning";
  default: return "note";
  }
}

static void kv_rules(J *j, const Rules *r) {
  j_key(j, "rules");
  j_open(j, '{');
  kv_bool(j, "earmarked", r->earmarked);
  kv_bool(j, "repay_unspent", r->repay_unspent);
  kv_bool(j, "paid_after_settlement", r->after_settlement);
  kv_str(j, "class", class_name(r->money_class));
  j_close(j, '}');
}

/* A reference as written: "project", "project.4" or "4". */
static void j_ref(J *j, const Ref *r) {
  char tmp[32];
  if (!r->name) {
    snprintf(tmp, sizeof tmp, "%d", r->line);
    j_str(j, tmp);
    return;
  }
  if (!r->line) {
    j_str(j, r->name);
    return;
  }
  Buf b = {0};
  buf_printf(&b, "%s.%d", r->name, r->line);
  j_str(j, b.data);
  buf_free(&b);
}

/* {"project": "id", "line": 4}: the line itself when resolved, else the
 * reference as written. */
static void kv_line_ref(J *j, const char *k, const Line *l, const Ref *r) {
  j_key(j, k);
  j_open(j, '{');
  if (l) {
    kv_str(j, "project", l->project ? l->project->id : NULL);
    kv_int(j, "line", l->nr);
  } else {
    kv_str(j, "project", r->name);
    kv_int(j, "line", r->line);
  }
  j_close(j, '}');
}

static void year_amounts(J *j, const Plan *plan, const char *k, const int64_t *cents,
                         const uint8_t *present) {
  j_key(j, k);
  j_open(j, '[');
  for (int y = 0; y < plan->nyears; y++) {
    if (!flag(present, y))
      continue;
    j_open(j, '{');
    kv_int(j, "year", plan->first_year + y);
    kv_money(j, "amount", at(cents, y));
    j_close(j, '}');
  }
  j_close(j, ']');
}

/* A line's cells in the years of plan, as R holds them. */
static void cells_json(J *j, const char *k, const Plan *plan, const Results *R, const Line *l) {
  j_key(j, k);
  j_open(j, '[');
  for (int s = SIDE_BATEN; s <= SIDE_LASTEN; s++)
    for (int y = 0; y < plan->nyears; y++) {
      if (!present_at(R, l, s, y))
        continue;
      bool pm = pm_at(R, l, s, y);
      j_open(j, '{');
      kv_str(j, "side", side_name((Side)s));
      kv_int(j, "year", plan->first_year + y);
      if (pm) {
        /* A PM amount is unknown, not zero: the string says so. */
        kv_int(j, "amount_cents", 0);
        kv_str(j, "amount", "PM");
      } else {
        kv_money(j, "amount", cents_at(R, l, s, y));
      }
      kv_bool(j, "pm", pm);
      j_close(j, '}');
    }
  j_close(j, ']');
}

/* group: the line's place in its project's "groups", or -1 */
static void line_json(J *j, const Plan *plan, const Line *l, int group) {
  j_open(j, '{');
  kv_int(j, "nr", l->nr);
  kv_str(j, "category", l->category);
  if (group >= 0)
    kv_int(j, "group", group);
  else
    kv_str(j, "group", NULL);
  kv_str(j, "source", l->source ? l->source->id : NULL);
  j_key(j, "paid_by");
  if (l->paid_by_source) {
    j_open(j, '{');
    kv_str(j, "source", l->paid_by_source->id);
    j_close(j, '}');
  } else if (l->paid_by_line) {
    j_open(j, '{');
    kv_str(j, "project", l->paid_by_line->project ? l->paid_by_line->project->id : NULL);
    kv_int(j, "line", l->paid_by_line->nr);
    j_close(j, '}');
  } else {
    j_null(j);
  }
  /* only where the line says it, so that other plans' output is unchanged */
  if (line_outside(l)) {
    j_key(j, "paid_outside");
    j_open(j, '{');
    kv_str(j, "by", line_outside(l)->who);
    j_key(j, "years");
    j_open(j, '[');
    for (int y = 0; y < plan->nyears; y++) {
      if (!outside_at(j->res, l, y))
        continue;
      j_open(j, '{');
      kv_int(j, "year", plan->first_year + y);
      kv_money(j, "amount", outside_at(j->res, l, y));
      j_close(j, '}');
    }
    j_close(j, ']');
    j_close(j, '}');
  }
  kv_str(j, "class", class_name(l->money_class));
  kv_str(j, "taakveld", line_taakveld(l));
  kv_bool(j, "receives_transfer", l->receives_transfer);
  kv_str(j, "note", l->note);
  kv_loc(j, "location", l->loc);
  cells_json(j, "cells", plan, j->res, l);
  /* only in a plan with columns before the horizon (columns.c) */
  if (j->res->columns)
    cells_json(j, "column_cells", j->res->columns->plan, &j->res->columns->results, l);
  j_close(j, '}');
}

/* The keys (verdeelsleutels) by which members pay a total: each member's
 * weight as written (a count, or a percentage) and which takes the residue. */
static void keys_json(J *j, const Plan *plan) {
  Arena a = {0};
  j_key(j, "keys");
  j_open(j, '[');
  for (int i = 0; i < plan->nkeys; i++) {
    const KeyDecl *k = plan->keys[i];
    j_open(j, '{');
    kv_str(j, "id", k->id);
    kv_str(j, "title", k->title);
    kv_str(j, "residue", k->residue);
    kv_str(j, "round", k->step ? micros_text(&a, k->step->micros) : NULL);
    j_key(j, "members");
    j_open(j, '[');
    for (const KeyMember *m = k->members; m; m = m->next) {
      j_open(j, '{');
      kv_str(j, "id", m->id);
      kv_str(j, "weight", micros_text(&a, m->percent ? m->weight * 100 : m->weight));
      kv_bool(j, "percent", m->percent);
      j_close(j, '}');
    }
    j_close(j, ']');
    j_close(j, '}');
  }
  j_close(j, ']');
  arena_free(&a);
}

static void project_json(J *j, const Plan *plan, const Project *p) {
  const ProjectResult *pr = project_result(j->res, p);
  j_open(j, '{');
  kv_str(j, "id", p->id);
  kv_str(j, "title", p->title);
  kv_str(j, "section", p->section);
  kv_str(j, "programme", p->programme ? p->programme->id : NULL);
  j_key(j, "contacts");
  j_open(j, '[');
  for (int i = 0; i < p->ncontacts; i++)
    j_str(j, p->contacts[i]);
  j_close(j, ']');
  kv_str(j, "note", p->note);
  kv_loc(j, "location", p->loc);
  /* only where it is not a fund, so that a fund plan's output is unchanged */
  if (project_annual(plan, p))
    kv_str(j, "balance", "annual");
  j_key(j, "pm_cells");
  j_open(j, '{');
  kv_int(j, "baten", pr->npm[SIDE_BATEN]);
  kv_int(j, "lasten", pr->npm[SIDE_LASTEN]);
  j_close(j, '}');

  /* A group heading is given once, and each line says which one it is
   * under: repeating the heading on each line made the output grow with
   * the heading's length times its lines. A heading written again later
   * is a group of its own, as the document shows it. */
  j_key(j, "groups");
  j_open(j, '[');
  const char *prev = NULL;
  for (const Line *l = p->lines; l; l = l->next) {
    if (l->group && (!prev || strcmp(l->group, prev) != 0))
      j_str(j, l->group);
    prev = l->group;
  }
  j_close(j, ']');
  j_key(j, "lines");
  j_open(j, '[');
  int group = -1;
  prev = NULL;
  for (const Line *l = p->lines; l; l = l->next) {
    if (l->group && (!prev || strcmp(l->group, prev) != 0))
      group++;
    prev = l->group;
    line_json(j, plan, l, l->group ? group : -1);
  }
  j_close(j, ']');

  j_key(j, "balances");
  j_open(j, '[');
  for (int y = 0; y < plan->nyears; y++) {
    int64_t reserved = 0;
    bool ok = true;
    for (const Reserve *r = p->reserves; r; r = r->next)
      if (reserve_present(j->res, r, y))
        ok = ok && money_add(reserved, reserve_cents(j->res, r, y), &reserved);
    int64_t unreserved = 0;
    ok = ok && money_sub(at(pr->closing, y), reserved, &unreserved);
    j_open(j, '{');
    kv_int(j, "year", plan->first_year + y);
    kv_money(j, "opening", at(pr->opening, y));
    kv_money(j, "baten", at(pr->baten, y));
    kv_money(j, "lasten", at(pr->lasten, y));
    kv_money(j, "closing", at(pr->closing, y));
    if (ok) {
      kv_money(j, "reserved", reserved);
      kv_money(j, "unreserved", unreserved);
    }
    j_close(j, '}');
  }
  j_close(j, ']');

  if (j->res->columns) {
    const Columns *cols = j->res->columns;
    const ProjectResult *cr = project_result(&cols->results, p);
    j_key(j, "columns");
    j_open(j, '[');
    for (int i = 0; i < cols->nshown; i++) {
      int y = cols->shown[i].yi;
      j_open(j, '{');
      kv_int(j, "year", cols->shown[i].decl->year);
      kv_money(j, "baten", at(cr->baten, y));
      kv_money(j, "lasten", at(cr->lasten, y));
      j_close(j, '}');
    }
    j_close(j, ']');
  }

  j_key(j, "reserves");
  j_open(j, '[');
  for (const Reserve *r = p->reserves; r; r = r->next) {
    j_open(j, '{');
    kv_str(j, "id", r->name);
    kv_str(j, "title", r->title);
    year_amounts(j, plan, "amounts",
                 &j->res->reserve_cents[(size_t)r->index * (size_t)plan->nyears],
                 &j->res->reserve_present[(size_t)r->index * (size_t)plan->nyears]);
    j_close(j, '}');
  }
  j_close(j, ']');

  j_key(j, "prefinance");
  j_open(j, '[');
  for (const Prefinance *f = p->prefinances; f; f = f->next) {
    j_open(j, '{');
    kv_int(j, "first_year", f->years.y0);
    kv_int(j, "last_year", f->years.y1);
    kv_str(j, "reason", f->reason);
    j_close(j, '}');
  }
  j_close(j, ']');
  j_close(j, '}');
}

static void totals_json(J *j, const Plan *plan, const char *k, const Totals *t) {
  j_key(j, k);
  if (t->overflow) {
    j_null(j);
    return;
  }
  j_open(j, '[');
  for (int y = 0; y < plan->nyears; y++) {
    j_open(j, '{');
    kv_int(j, "year", plan->first_year + y);
    kv_money(j, "opening", t->opening[y]);
    kv_money(j, "baten", t->baten[y]);
    kv_money(j, "lasten", t->lasten[y]);
    kv_money(j, "closing", t->closing[y]);
    j_close(j, '}');
  }
  j_close(j, ']');
}

static void diag_json(J *j, const Diag *d) {
  j_open(j, '{');
  kv_str(j, "severity", severity_name(d->sev));
  kv_str(j, "name", d->name);
  kv_loc(j, "location", d->loc);
  kv_str(j, "message", d->msg);
  j_key(j, "notes");
  j_open(j, '[');
  for (const DiagNote *n = d->notes; n; n = n->next) {
    j_open(j, '{');
    kv_loc(j, "location", n->loc);
    kv_str(j, "message", n->msg);
    j_close(j, '}');
  }
  j_close(j, ']');
  kv_str(j, "accepted", d->accepted);
  j_close(j, '}');
}

/* ------------------------------------------------------------ the plan */

void emit_json(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  J jw = {.b = out, .res = r};
  J *j = &jw;
  int ny = plan->nyears > 0 ? plan->nyears : 0;
  j_open(j, '{');
  kv_str(j, "format", "amrc-plan");
  kv_int(j, "schema_version", 2);
  kv_str(j, "generator", "amrc " AMRC_VERSION);

  j_key(j, "plan");
  j_open(j, '{');
  const PlanDecl *pd = plan->decl;
  kv_str(j, "id", pd ? pd->id : NULL);
  kv_str(j, "title", pd ? pd->title : NULL);
  kv_str(j, "currency", pd && pd->currency ? pd->currency : "EUR");
  /* only in a plan that states a unit: every amount is then in units */
  if (plan_unit(plan) > 1)
    kv_int(j, "unit", plan_unit(plan));
  kv_str(j, "note", pd ? pd->note : NULL);
  kv_int(j, "first_year", plan->first_year);
  kv_int(j, "last_year", plan->first_year + ny - 1);
  j_key(j, "years");
  j_open_inline(j, '[');
  for (int y = 0; y < ny; y++)
    j_int(j, plan->first_year + y);
  j_close(j, ']');
  if (r->columns) {
    const Columns *cols = r->columns;
    Arena a = {0};
    j_key(j, "columns");
    j_open(j, '[');
    for (int i = 0; i < cols->nshown; i++) {
      j_open(j, '{');
      kv_int(j, "year", cols->shown[i].decl->year);
      kv_str(j, "kind", column_kind_name(cols->shown[i].decl->kind));
      kv_str(j, "title", grid_column_title(&a, cols->shown[i].decl, o->lang));
      j_close(j, '}');
    }
    j_close(j, ']');
    arena_free(&a);
  }
  j_key(j, "files");
  j_open(j, '[');
  if (plan->program)
    for (int i = 0; i < plan->program->nfiles; i++)
      j_str(j, file_name(plan->program->files[i]));
  j_close(j, ']');
  j_close(j, '}');

  j_key(j, "programmes");
  j_open(j, '[');
  for (int i = 0; i < plan->nprogrammes; i++) {
    const Programme *pr = plan->programmes[i];
    j_open(j, '{');
    kv_str(j, "id", pr->id);
    kv_str(j, "title", pr->title);
    j_key(j, "projects");
    j_open(j, '[');
    for (int k = 0; k < plan->nprojects; k++)
      if (plan->projects[k]->programme == pr)
        j_str(j, plan->projects[k]->id);
    j_close(j, ']');
    j_close(j, '}');
  }
  j_close(j, ']');

  if (plan->nkeys)
    keys_json(j, plan);

  j_key(j, "projects");
  j_open(j, '[');
  for (int i = 0; i < plan->nprojects; i++)
    project_json(j, plan, plan->projects[i]);
  j_close(j, ']');

  /* The summary tables' numbers, with and without the transfers between
   * projects that the document's own totals count twice. */
  j_key(j, "totals");
  j_open(j, '{');
  j_key(j, "programmes");
  j_open(j, '[');
  for (int i = 0; i < plan->nprogrammes; i++) {
    Totals gross, net;
    memset(&gross, 0, sizeof gross);
    memset(&net, 0, sizeof net);
    totals_of_programme(plan, r, plan->programmes[i], false, &gross);
    totals_of_programme(plan, r, plan->programmes[i], true, &net);
    j_open(j, '{');
    kv_str(j, "programme", plan->programmes[i]->id);
    totals_json(j, plan, "gross", &gross);
    totals_json(j, plan, "net", &net);
    j_close(j, '}');
  }
  j_close(j, ']');
  {
    Totals gross, net;
    memset(&gross, 0, sizeof gross);
    memset(&net, 0, sizeof net);
    totals_of_plan(plan, r, false, &gross);
    totals_of_plan(plan, r, true, &net);
    j_key(j, "plan");
    j_open(j, '{');
    totals_json(j, plan, "gross", &gross);
    totals_json(j, plan, "net", &net);
    j_close(j, '}');
  }
  j_close(j, '}');

  j_key(j, "kinds");
  j_open(j, '[');
  for (int i = 0; i < plan->nkinds; i++) {
    const KindDecl *k = plan->kinds[i];
    j_open(j, '{');
    kv_str(j, "id", k->id);
    kv_str(j, "title", k->title);
    kv_rules(j, &k->rules);
    kv_str(j, "note", k->note);
    j_close(j, '}');
  }
  j_close(j, ']');

  j_key(j, "sources");
  j_open(j, '[');
  for (int i = 0; i < plan->nsources; i++) {
    const Source *s = plan->sources[i];
    j_open(j, '{');
    kv_str(j, "id", s->id);
    kv_str(j, "title", s->title);
    kv_str(j, "kind", s->kind ? s->kind->id : s->has_kind ? s->kind_ref.name : NULL);
    kv_str(j, "status", status_name(s->status));
    kv_rules(j, &s->rules);
    j_key(j, "earmarked_for");
    j_open(j, '[');
    for (const RefList *r = s->earmarked_for; r; r = r->next)
      j_ref(j, &r->ref);
    j_close(j, ']');
    kv_str(j, "note", s->note);
    j_close(j, '}');
  }
  j_close(j, ']');

  j_key(j, "transfers");
  j_open(j, '[');
  for (int i = 0; i < plan->ntransfers; i++) {
    const Transfer *t = plan->transfers[i];
    j_open(j, '{');
    kv_line_ref(j, "from", t->from_line, &t->from);
    kv_line_ref(j, "to", t->to_line, &t->to);
    kv_bool(j, "whole_line", t->amounts == NULL);
    year_amounts(j, plan, "amounts",
                 &j->res->transfer_cents[(size_t)t->index * (size_t)plan->nyears],
                 &j->res->transfer_present[(size_t)t->index * (size_t)plan->nyears]);
    kv_loc(j, "location", t->loc);
    j_close(j, '}');
  }
  j_close(j, ']');

  const Diags *d = o->diags;
  j_key(j, "diagnostics");
  j_open(j, '[');
  if (d)
    for (const Diag *g = d->head; g; g = g->next)
      diag_json(j, g);
  j_close(j, ']');
  j_key(j, "counts");
  j_open(j, '{');
  kv_int(j, "errors", d ? d->nerrors : 0);
  kv_int(j, "warnings", d ? d->nwarnings : 0);
  kv_int(j, "notes", d ? d->nnotes : 0);
  /* acknowledged findings (`accept`, a baseline) stay counted, apart */
  kv_int(j, "accepted", d ? d->nsuppressed : 0);
  j_close(j, '}');

  j_close(j, '}');
  buf_putc(out, '\n');
}

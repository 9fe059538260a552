/* emit_table.c: --emit=table, summary and taakvelden: the plan's tables
 * (grid.c) as plain text (grid_text.c). */
#include "emit.h"

static void plan_heading(Arena *a, const Plan *plan, Buf *out) {
  const char *t = grid_plan_title(plan);
  if (t) {
    buf_puts(out, text_clean(a, t));
    buf_puts(out, "\n\n");
  }
}

void emit_table(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  plan_heading(&a, plan, out);
  for (int i = 0; i < plan->nprojects; i++) {
    if (i)
      buf_putc(out, '\n');
    grid_render_text(&a, grid_project(&a, plan, r, plan->projects[i], o->lang), out);
  }
  for (int i = 0; i < plan->nverloops; i++) {
    buf_putc(out, '\n');
    grid_render_text(&a, grid_verloop(&a, plan, plan->verloops[i], o->lang), out);
  }
  arena_free(&a);
}

void emit_taakvelden(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  plan_heading(&a, plan, out);
  grid_render_text(&a, grid_taakvelden(&a, plan, r, o->lang), out);
  arena_free(&a);
}

void emit_summary(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  plan_heading(&a, plan, out);
  for (int net = 0; net < (grid_summary_net_shown(plan) ? 2 : 1); net++)
    for (SummaryKind k = 0; k < SUMMARY_KINDS; k++) {
      if (net || k)
        buf_putc(out, '\n');
      grid_render_text(&a, grid_summary(&a, plan, r, k, net, o->lang), out);
    }
  arena_free(&a);
}

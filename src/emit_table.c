/* emit_table.c: --emit=table, summary and taakvelden: the plan's tables
 * (grid.c) as plain text (grid_text.c). */
#include "amrc.h"

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
  for (int net = 0; net < 2; net++)
    for (int table = 3; table <= 4; table++) {
      /* the view without transfers only where there are transfers */
      if (net && (plan->ntransfers == 0 || plan_all_annual(plan)))
        continue;
      if (net || table == 4)
        buf_putc(out, '\n');
      grid_render_text(&a, grid_summary(&a, plan, r, table, net, o->lang), out);
    }
  arena_free(&a);
}

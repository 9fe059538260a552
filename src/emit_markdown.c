/* emit_markdown.c: --emit=markdown: the plan's tables (grid.c) as
 * GitHub-flavoured Markdown (grid_md.c), for pull-request comments and
 * wikis. */
#include "emit.h"

#include <string.h>

void emit_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  const char *t = grid_plan_title(plan);
  if (t) {
    buf_puts(out, "# ");
    md_escape(&a, out, t);
    buf_puts(out, "\n\n");
  }
  bool first = true;
  for (int net = 0; net < (grid_summary_net_shown(plan) ? 2 : 1); net++)
    for (SummaryKind k = 0; k < SUMMARY_KINDS; k++) {
      if (!first)
        buf_putc(out, '\n');
      first = false;
      grid_render_markdown(&a, grid_summary(&a, plan, r, k, net, o->lang), out);
    }
  for (int i = 0; i < plan->nprojects; i++) {
    buf_putc(out, '\n');
    grid_render_markdown(&a, grid_project(&a, plan, r, plan->projects[i], o->lang), out);
  }
  for (int i = 0; i < plan->nverloops; i++) {
    buf_putc(out, '\n');
    grid_render_markdown(&a, grid_verloop(&a, plan, plan->verloops[i], o->lang), out);
  }
  arena_free(&a);
}

void emit_taakvelden_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  grid_render_markdown(&a, grid_taakvelden(&a, plan, r, o->lang), out);
  arena_free(&a);
}

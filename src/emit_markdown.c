/* emit_markdown.c: the tables of emit_table.c as GitHub-flavoured Markdown,
 * for pull-request comments and wikis.
 *
 * Category names, titles and groups are the plan author's text; in a pull
 * request comment they must not become links, images, HTML, emphasis or
 * extra table columns, nor notify people. Every character that means
 * something to GFM is escaped. */
#include "amrc.h"

#include <string.h>

/* ------------------------------------------------------------ escaping */

static bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_www(const unsigned char *p) {
  for (int i = 0; i < 3; i++)
    if (p[i] != 'w' && p[i] != 'W')
      return false;
  return true;
}

/* Writes s as inline Markdown text. Line breaks and control characters are
 * gone first (text_clean): a line break would end the table row. */
static void md_text(Arena *a, Buf *out, const char *s) {
  const unsigned char *start = (const unsigned char *)text_clean(a, s), *p = start;
  for (; *p; p++) {
    unsigned char c = *p;
    switch (c) {
    case ':':
    case '.':
      /* GFM links bare "scheme://..." and "www...." even when nothing else
       * marks them; the autolinker matches the raw text, so an escaped
       * ':' or '.' at that place stops it, and reads the same. */
      if ((c == ':' && p[1] == '/' && p[2] == '/') || (c == '.' && p - start >= 3 && is_www(p - 3)))
        buf_putc(out, '\\');
      buf_putc(out, (char)c);
      break;
    case '&': buf_puts(out, "&amp;"); break;
    case '<': buf_puts(out, "&lt;"); break;
    case '>': buf_puts(out, "&gt;"); break;
    /* Parentheses, '!' and '+' are left alone: with the brackets escaped
     * they cannot make a link or an image, and no cell starts a line. */
    case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '|':
    case '~': case '$':
      buf_putc(out, '\\');
      buf_putc(out, (char)c);
      break;
    case '@':
      /* "@name" notifies a user or team on GitHub, escaped or not; a zero
       * width space after the @ keeps it from being a mention. */
      buf_putc(out, '@');
      if (is_alnum(p[1]))
        buf_puts(out, "\xE2\x80\x8B");
      break;
    default:
      buf_putc(out, (char)c);
    }
  }
}

void md_escape(Arena *a, Buf *out, const char *s) { md_text(a, out, s); }

static void md_strong(Arena *a, Buf *out, const char *s) {
  if (!s || !*s)
    return;
  buf_puts(out, "**");
  md_text(a, out, s);
  buf_puts(out, "**");
}

/* ------------------------------------------------------------ rendering */

static void md_cell(Arena *a, Buf *out, const char *s, bool strong) {
  buf_puts(out, " ");
  if (strong)
    md_strong(a, out, s);
  else
    md_text(a, out, s);
  buf_puts(out, " |");
}

void grid_render_markdown(Arena *a, const Grid *g, Buf *out) {
  buf_puts(out, "## ");
  md_text(a, out, g->title);
  buf_puts(out, "\n\n");

  /* A Markdown table has one header row, so a band's label joins the
   * header of each of its columns: "Baten 2026". */
  buf_putc(out, '|');
  for (int c = 0; c < g->ncols; c++) {
    if (g->band[c] >= 0)
      md_cell(a, out, arena_printf(a, "%s %s", g->head[c], g->band_label[g->band[c]]), false);
    else
      md_cell(a, out, g->head[c], false);
  }
  buf_puts(out, "\n|");
  for (int c = 0; c < g->ncols; c++)
    buf_puts(out, g->numeric[c] ? " ---: |" : " :--- |");
  buf_putc(out, '\n');

  bool balances = false;
  for (int r = 0; r < g->nrows; r++) {
    const GridRow *row = &g->rows[r];
    if (row->kind == ROW_BALANCE) {
      balances = true;
      continue;
    }
    buf_putc(out, '|');
    for (int c = 0; c < g->ncols; c++) {
      if (row->kind == ROW_GROUP)
        md_cell(a, out, c == g->nlabel - 1 ? row->cells[c] : "", true);
      else
        md_cell(a, out, row->cells[c], row->kind == ROW_TOTAL);
    }
    buf_putc(out, '\n');
  }

  /* Balances span a whole year in the document; Markdown cannot span
   * columns, so they get a table of their own, one column per band. */
  if (balances) {
    buf_puts(out, "\n|");
    md_cell(a, out, "", false);
    for (int b = 0; b < g->nbands; b++)
      md_cell(a, out, g->band_label[b], false);
    buf_puts(out, "\n| :--- |");
    for (int b = 0; b < g->nbands; b++)
      buf_puts(out, " ---: |");
    buf_putc(out, '\n');
    for (int r = 0; r < g->nrows; r++) {
      const GridRow *row = &g->rows[r];
      if (row->kind != ROW_BALANCE)
        continue;
      buf_putc(out, '|');
      md_cell(a, out, row->cells[g->nlabel - 1], false);
      for (int b = 0; b < g->nbands; b++)
        md_cell(a, out, row->cells[g->nlabel + b], false);
      buf_putc(out, '\n');
    }
  }
}

void emit_markdown(const Plan *plan, const EmitOptions *o, Buf *out) {
  Arena a = {0};
  const char *t = grid_plan_title(plan);
  if (t) {
    buf_puts(out, "# ");
    md_text(&a, out, t);
    buf_puts(out, "\n\n");
  }
  bool first = true;
  /* the view without transfers only where there are transfers */
  for (int net = 0; net < (plan->ntransfers ? 2 : 1); net++)
    for (int table = 3; table <= 4; table++) {
      if (!first)
        buf_putc(out, '\n');
      first = false;
      grid_render_markdown(&a, grid_summary(&a, plan, table, net, o->lang), out);
    }
  for (int i = 0; i < plan->nprojects; i++) {
    buf_putc(out, '\n');
    grid_render_markdown(&a, grid_project(&a, plan, plan->projects[i], o->lang), out);
  }
  arena_free(&a);
}

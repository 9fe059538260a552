/* grid_md.c: a Grid as a GitHub-flavoured Markdown table.
 *
 * Category names, titles and groups are the plan author's text; in a pull
 * request comment they must not become links, images, HTML, emphasis or
 * extra table columns, nor notify people. Every character that means
 * something to GFM is escaped. */
#include "grid.h"

#include <string.h>

/* ------------------------------------------------------------ escaping */


static void md_strong(Arena *a, Buf *out, const char *s) {
  if (!s || !*s)
    return;
  buf_puts(out, "**");
  md_escape(a, out, s);
  buf_puts(out, "**");
}

/* ------------------------------------------------------------ rendering */

static void md_cell(Arena *a, Buf *out, const char *s, bool strong) {
  buf_puts(out, " ");
  if (strong)
    md_strong(a, out, s);
  else
    md_escape(a, out, s);
  buf_puts(out, " |");
}

void grid_render_markdown(Arena *a, const Grid *g, Buf *out) {
  buf_puts(out, "## ");
  md_escape(a, out, g->title);
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

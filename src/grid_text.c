/* grid_text.c: a Grid as plain text, for a terminal: columns padded to
 * their widths (in characters as a terminal shows them), a band's label
 * over its columns, long labels wrapped. The table back end (emit_table.c)
 * and the realisatie's reports print their tables with it. */
#include "grid.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ rendering */

static void pad(Buf *out, int n) {
  for (int i = 0; i < n; i++)
    buf_putc(out, ' ');
}

/* Appends s in a field of width w; trailing blanks of a line are trimmed by
 * end_line. */
static void field(Buf *out, const char *s, int w, bool right) {
  int sw = utf8_width(s);
  if (right)
    pad(out, w - sw);
  buf_puts(out, s);
  if (!right)
    pad(out, w - sw);
}

static void end_line(Buf *out) {
  while (out->len > 0 && out->data[out->len - 1] == ' ')
    out->len--;
  buf_putc(out, '\n');
}

static void rule(Buf *out, int width) {
  for (int i = 0; i < width; i++)
    buf_putc(out, '-');
  end_line(out);
}

enum {
  GAP = 2,       /* spaces between columns */
  MAX_TEXT = 60, /* a longer text cell wraps, as the document's do */
  HANG = 2,      /* indent of a wrapped cell's further lines */
};

/* The lines of s when wrapped at spaces to at most max columns; a word
 * longer than that is cut. Lines after the first are indented, so that they
 * cannot be taken for a row or a heading of their own. s has been through
 * text_clean. */
typedef struct Wrapped {
  const char **line;
  int n;
} Wrapped;

static Wrapped wrap(Arena *a, const char *s, int max) {
  Wrapped w = {NULL, 0};
  int len = (int)strlen(s);
  /* Every line takes at least one byte. */
  w.line = arena_alloc(a, ((size_t)len + 1) * sizeof *w.line);
  int i = 0;
  while (i < len) {
    while (s[i] == ' ')
      i++;
    if (i >= len)
      break;
    /* Take characters while they fit; remember the last space. */
    int j = i, cols = w.n ? HANG : 0, brk = -1;
    while (j < len) {
      int n = 1;
      while (j + n < len && ((unsigned char)s[j + n] & 0xC0) == 0x80)
        n++;
      char one[8] = {0};
      memcpy(one, s + j, (size_t)(n < 8 ? n : 7));
      int cw = utf8_width(one);
      if (cols + cw > max)
        break;
      if (s[j] == ' ')
        brk = j;
      cols += cw;
      j += n;
    }
    int stop = j >= len ? len : brk > i ? brk : j;
    if (stop == i) { /* one character wider than max: it goes alone */
      stop = i + 1;
      while (stop < len && ((unsigned char)s[stop] & 0xC0) == 0x80)
        stop++;
    }
    int e = stop;
    while (e > i && s[e - 1] == ' ')
      e--;
    w.line[w.n] = w.n ? arena_printf(a, "%*s%.*s", HANG, "", e - i, s + i)
                      : arena_strndup(a, s + i, (size_t)(e - i));
    w.n++;
    i = stop;
  }
  if (w.n == 0)
    w.line[w.n++] = "";
  return w;
}

/* Text cells (label columns that are not numbers) wrap; everything else is
 * one line. */
static bool wraps(const Grid *g, int c) { return g->band[c] < 0 && !g->numeric[c]; }

void grid_render_text(Arena *a, const Grid *g, Buf *out) {
  int nc = g->ncols;
  int *w = arena_alloc(a, (size_t)nc * sizeof *w);
  int nr = g->nrows ? g->nrows : 1;
  /* cells[r][c]: the cleaned cell, as lines. */
  Wrapped **cells = arena_alloc(a, (size_t)nr * sizeof *cells);
  int *height = arena_alloc(a, (size_t)nr * sizeof *height);

  for (int r = 0; r < g->nrows; r++) {
    RowKind k = g->rows[r].kind;
    int n = k == ROW_BALANCE ? g->nlabel + g->nbands : nc;
    cells[r] = arena_alloc(a, (size_t)n * sizeof **cells);
    height[r] = 1;
    for (int c = 0; c < n; c++) {
      const char *t = text_clean(a, g->rows[r].cells[c]);
      if (k != ROW_GROUP && c < g->nlabel && wraps(g, c) && utf8_width(t) > MAX_TEXT) {
        cells[r][c] = wrap(a, t, MAX_TEXT);
      } else {
        cells[r][c] = (Wrapped){arena_alloc(a, sizeof(char *)), 1};
        cells[r][c].line[0] = t;
      }
      height[r] = cells[r][c].n > height[r] ? cells[r][c].n : height[r];
    }
  }

  for (int c = 0; c < nc; c++)
    w[c] = utf8_width(g->head[c]);
  for (int r = 0; r < g->nrows; r++) {
    RowKind k = g->rows[r].kind;
    if (k == ROW_GROUP)
      continue; /* a heading has the line to itself */
    int n = k == ROW_BALANCE ? g->nlabel : nc;
    for (int c = 0; c < n; c++)
      for (int i = 0; i < cells[r][c].n; i++) {
        int cw = utf8_width(cells[r][c].line[i]);
        w[c] = cw > w[c] ? cw : w[c];
      }
  }
  /* A band must hold its label and every balance shown across it; the
   * extra width goes to the band's last column. */
  for (int b = 0; b < g->nbands; b++) {
    int need = utf8_width(g->band_label[b]);
    for (int r = 0; r < g->nrows; r++)
      if (g->rows[r].kind == ROW_BALANCE) {
        int cw = utf8_width(cells[r][g->nlabel + b].line[0]);
        need = cw > need ? cw : need;
      }
    int have = 0, last = -1;
    for (int c = 0; c < nc; c++)
      if (g->band[c] == b) {
        have += (last >= 0 ? GAP : 0) + w[c];
        last = c;
      }
    if (last >= 0 && need > have)
      w[last] += need - have;
  }
  int total_width = 0;
  for (int c = 0; c < nc; c++)
    total_width += (c ? GAP : 0) + w[c];

  buf_puts(out, text_clean(a, g->title));
  buf_puts(out, "\n\n");

  /* Band labels (years) centred over their columns. */
  if (g->nbands > 0) {
    for (int c = 0; c < nc;) {
      if (c)
        pad(out, GAP);
      if (g->band[c] < 0) {
        pad(out, w[c]);
        c++;
        continue;
      }
      int b = g->band[c], bw = 0, first = c;
      for (; c < nc && g->band[c] == b; c++)
        bw += (c > first ? GAP : 0) + w[c];
      const char *lab = text_clean(a, g->band_label[b]);
      int lw = utf8_width(lab), left = (bw - lw) / 2;
      pad(out, left);
      buf_puts(out, lab);
      pad(out, bw - lw - left);
    }
    end_line(out);
  }
  for (int c = 0; c < nc; c++) {
    if (c)
      pad(out, GAP);
    field(out, text_clean(a, g->head[c]), w[c], g->numeric[c] && g->band[c] >= 0);
  }
  end_line(out);
  rule(out, total_width);

  for (int r = 0; r < g->nrows; r++) {
    RowKind k = g->rows[r].kind;
    Wrapped *cs = cells[r];
    if (k == ROW_TOTAL)
      rule(out, total_width);
    if (k == ROW_GROUP) {
      for (int c = 0; c < g->nlabel - 1; c++)
        pad(out, w[c] + GAP);
      buf_puts(out, cs[g->nlabel - 1].line[0]);
      end_line(out);
      continue;
    }
    /* Amounts go on the first line of a wrapped row. */
    for (int i = 0; i < height[r]; i++) {
      for (int c = 0; c < g->nlabel; c++) {
        if (c)
          pad(out, GAP);
        const char *t = i < cs[c].n ? cs[c].line[i] : "";
        field(out, t, w[c], k != ROW_BALANCE && g->numeric[c]);
      }
      for (int c = g->nlabel; c < nc;) {
        if (k == ROW_BALANCE) {
          int b = g->band[c], bw = 0, first = c;
          for (; c < nc && g->band[c] == b; c++)
            bw += (c > first ? GAP : 0) + w[c];
          pad(out, GAP);
          field(out, i == 0 ? cs[g->nlabel + b].line[0] : "", bw, true);
        } else {
          pad(out, GAP);
          field(out, i == 0 ? cs[c].line[0] : "", w[c], g->numeric[c]);
          c++;
        }
      }
      end_line(out);
    }
  }
}

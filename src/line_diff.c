/* line_diff.c: a unified diff of two texts by lines (the shortest edit
 * script), for `amrc fmt --diff`. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

typedef struct Lines {
  const char **s;
  int *n;
  int count;
  bool no_final_newline;
} Lines;

static void split_lines(const char *text, size_t len, Lines *L) {
  int count = 0;
  for (size_t k = 0; k < len; k++)
    count += text[k] == '\n';
  if (len && text[len - 1] != '\n')
    count++;
  L->s = malloc(sizeof *L->s * (size_t)(count + 1));
  L->n = malloc(sizeof *L->n * (size_t)(count + 1));
  L->count = 0;
  L->no_final_newline = len && text[len - 1] != '\n';
  if (!L->s || !L->n)
    return;
  size_t start = 0;
  for (size_t k = 0; k <= len; k++) {
    if (k == len ? k > start : text[k] == '\n') {
      L->s[L->count] = text + start;
      L->n[L->count] = (int)(k - start);
      L->count++;
      start = k + 1;
    }
  }
}

static bool same_line(const Lines *a, int i, const Lines *b, int j) {
  return a->n[i] == b->n[j] && memcmp(a->s[i], b->s[j], (size_t)a->n[i]) == 0;
}

enum { OP_EQ, OP_DEL, OP_INS };
typedef struct Op {
  int kind, ai, bi;
} Op;

/* Myers' O(ND) shortest edit script; past a limit on D the change is shown
 * as one replacement, which is still a correct diff. */
static int edit_script(const Lines *A, const Lines *B, Op **ops_out) {
  int n = A->count, m = B->count, max = n + m;
  Op *ops = malloc(sizeof *ops * (size_t)(max + 1));
  int nops = 0;
  enum { DLIMIT = 2000 };
  int lim = max < DLIMIT ? max : DLIMIT;
  int *V = calloc((size_t)(2 * lim + 3), sizeof *V);
  int **trace = calloc((size_t)(lim + 1), sizeof *trace);
  int D = -1;
  if (ops && V && trace) {
    int off = lim + 1;
    for (int d = 0; d <= lim && D < 0; d++) {
      for (int k = -d; k <= d; k += 2) {
        int x;
        if (k == -d || (k != d && V[off + k - 1] < V[off + k + 1]))
          x = V[off + k + 1];
        else
          x = V[off + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && same_line(A, x, B, y))
          x++, y++;
        V[off + k] = x;
        if (x >= n && y >= m) {
          D = d;
          break;
        }
      }
      trace[d] = malloc(sizeof(int) * (size_t)(2 * d + 1));
      if (!trace[d]) {
        D = -1;
        break;
      }
      for (int k = -d; k <= d; k++)
        trace[d][k + d] = V[off + k];
    }
  }
  if (ops && D >= 0) {
    int x = n, y = m;
    for (int d = D; d > 0; d--) {
      int *Vp = trace[d - 1];
      int k = x - y;
      int pk = (k == -d || (k != d && Vp[k - 1 + d - 1] < Vp[k + 1 + d - 1])) ? k + 1 : k - 1;
      int px = Vp[pk + d - 1], py = px - pk;
      int sx = pk == k + 1 ? px : px + 1, sy = sx - k;
      while (x > sx && y > sy)
        ops[nops++] = (Op){OP_EQ, --x, --y};
      if (pk == k + 1)
        ops[nops++] = (Op){OP_INS, px, --y};
      else
        ops[nops++] = (Op){OP_DEL, --x, py};
      x = px;
      y = py;
    }
    while (x > 0 && y > 0)
      ops[nops++] = (Op){OP_EQ, --x, --y};
    for (int i = 0; i < nops / 2; i++) {
      Op t = ops[i];
      ops[i] = ops[nops - 1 - i];
      ops[nops - 1 - i] = t;
    }
  } else if (ops) {
    int p = 0;
    while (p < n && p < m && same_line(A, p, B, p))
      ops[nops++] = (Op){OP_EQ, p, p}, p++;
    for (int i = p; i < n; i++)
      ops[nops++] = (Op){OP_DEL, i, p};
    for (int j = p; j < m; j++)
      ops[nops++] = (Op){OP_INS, n, j};
  }
  if (trace)
    for (int d = 0; d <= lim; d++)
      free(trace[d]);
  free(trace);
  free(V);
  *ops_out = ops;
  return ops ? nops : -1;
}

static void diff_line(Buf *out, char c, const Lines *L, int i) {
  buf_putc(out, c);
  buf_put(out, L->s[i], (size_t)L->n[i]);
  buf_putc(out, '\n');
  if (i == L->count - 1 && L->no_final_newline)
    buf_puts(out, "\\ No newline at end of file\n");
}

static void range_of(Buf *out, int start, int len) {
  if (len == 1)
    buf_printf(out, "%d", start);
  else
    buf_printf(out, "%d,%d", len == 0 ? start - 1 : start, len);
}

void line_diff_unified(const char *path, const char *a, size_t alen, const char *b,
                       size_t blen, Buf *out) {
  Lines A, B;
  split_lines(a, alen, &A);
  split_lines(b, blen, &B);
  Op *ops = NULL;
  int nops = A.s && A.n && B.s && B.n ? edit_script(&A, &B, &ops) : -1;
  if (nops < 0) {
    out->oom = true;
  } else {
    bool header = false;
    int k = 0;
    while (k < nops) {
      while (k < nops && ops[k].kind == OP_EQ)
        k++;
      if (k >= nops)
        break;
      int start = k - 3 < 0 ? 0 : k - 3;
      while (start > 0 && ops[start - 1].kind != OP_EQ)
        start--;
      /* the hunk ends after three equal lines that no change follows within six */
      int end = k;
      for (;;) {
        while (end < nops && ops[end].kind != OP_EQ)
          end++;
        int eq = end;
        while (eq < nops && ops[eq].kind == OP_EQ)
          eq++;
        if (eq >= nops || eq - end > 6) {
          end = end + 3 < nops ? end + 3 : nops;
          if (eq >= nops && eq - end <= 0)
            end = nops;
          break;
        }
        end = eq;
      }
      if (!header) {
        buf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);
        header = true;
      }
      int as = ops[start].ai + 1, bs = ops[start].bi + 1, al = 0, bl = 0;
      for (int i = start; i < end; i++) {
        al += ops[i].kind != OP_INS;
        bl += ops[i].kind != OP_DEL;
      }
      buf_puts(out, "@@ -");
      range_of(out, as, al);
      buf_puts(out, " +");
      range_of(out, bs, bl);
      buf_puts(out, " @@\n");
      for (int i = start; i < end; i++) {
        if (ops[i].kind == OP_EQ)
          diff_line(out, ' ', &A, ops[i].ai);
        else if (ops[i].kind == OP_DEL)
          diff_line(out, '-', &A, ops[i].ai);
        else
          diff_line(out, '+', &B, ops[i].bi);
      }
      k = end;
    }
  }
  free(ops);
  free(A.s);
  free(A.n);
  free(B.s);
  free(B.n);
}

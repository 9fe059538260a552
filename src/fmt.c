/* fmt.c: amrc fmt, the canonical layout of an .amr file.
 *
 * A token-level formatter: the file is parsed once (it must have no
 * errors), then scanned again by the same flex scanner with comments kept
 * (ParseCtx.keep_comments), and the tokens are printed again by a small
 * recursive descent that follows the grammar, so that every token's place is
 * known: one statement per line, two spaces per brace level, a line's cells
 * on one row, rows of a block aligned, amounts in the plain spelling with
 * '_' between groups of three digits. Comments stay where they stand: a
 * comment on a line of its own stays on a line of its own before the same
 * token, a comment after a token stays after it on its line. The layout is
 * defined in docs/language.md ("Canonical layout").
 *
 * Alignment is done after printing, like Go's tabwriter: the printer puts
 * markers between the cells of a row (\x01: at least one space, \x02: at
 * least two), and each run of consecutive lines of one alignment group gets
 * its columns padded to the widest cell. No token or comment can hold a
 * marker: the scanner refuses control characters in strings and comments
 * (a file with one does not parse, so fmt leaves it alone); a tab, the one
 * it allows, is kept as written and counted as one column.
 *
 * `amrc fmt --dump-ast` prints ast_dump.c's dump, `--diff` line_diff.c's
 * unified diff. */
#include "parse.h"
#include "cli.h"
#include "parser.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *amr_yyget_text(yyscan_t scanner);
int amr_yyget_leng(yyscan_t scanner);

#define FMT_WIDTH 100    /* a row longer than this puts one cell per line */
#define MARK1 '\x01'     /* alignment marker: pad, then at least one space */
#define MARK2 '\x02'     /* alignment marker: pad, then at least two spaces */
#define MARK3 '\x03'     /* as MARK2, and the next cell is right-aligned */

/* ---------------------------------------------------------------- tokens */

typedef struct Cmt {
  const char *text;      /* "# ...", trailing blanks removed */
  bool trailing;         /* on the line of the token before it */
  bool blank_before;     /* an empty line between it and what precedes */
} Cmt;

typedef struct Tok {
  int kind;              /* 0: end of file */
  const char *text;      /* as written */
  int line, end_line;
  Cmt *cmts;             /* the comments just before it */
  int ncmts;
  bool blank_before;
} Tok;

/* An output line: its text lies in Fmt.text from start on, up to the next
 * line's start (one buffer for all of them: a buffer per line cost a
 * page of memory per line of the file). Only the last line is written. */
typedef struct OLine {
  size_t start;
  int group;             /* alignment group; 0: none */
} OLine;

typedef struct Fmt {
  Arena *a;
  Tok *t;
  int n, i;
  OLine *lines;
  int nlines, cap;
  Buf text;              /* of every output line */
  bool open;             /* the last line is still being written */
  bool pending_blank;    /* an empty line before the next line */
  int indent;            /* brace level */
  int cont;              /* column of a continuation line */
  bool at_cont;          /* the next line starts at cont */
  bool broke;            /* a comment broke a statement over lines */
  int group;             /* group of lines opened now */
  int simple_group, row_group, next_group;
  int stmt_line;         /* first line of the current statement */
  int item_base;         /* column of the cell an items { } block belongs to */
  char trail;            /* what precedes a trailing comment: MARK2 or ' ' */
} Fmt;

static bool scan_tokens(Arena *a, SrcFile *f, Tok **out, int *nout) {
  Diags scratch;
  diags_init(&scratch, a);
  ParseCtx ctx = {.arena = a, .names = interner_new(a), .diags = &scratch, .file = f,
                  .keep_comments = true};
  yyscan_t scanner = lex_open(&ctx);
  if (!scanner)
    return false;
  int cap = 256, n = 0;
  Tok *t = malloc(sizeof *t * (size_t)cap);
  Cmt *pend = NULL;
  int npend = 0, cappend = 0;
  int prev_end = 0;        /* last line of the previous token or comment */
  int prev_tok_end = 0;    /* last line of the previous token */
  bool ok = t != NULL;
  AMR_YYSTYPE val;
  Loc loc = {f, 0, 0};
  for (;;) {
    if (!ok)
      break;
    int k = amr_yylex(&val, &loc, scanner);
    const char *text = k ? amr_yyget_text(scanner) : "";
    int len = k ? amr_yyget_leng(scanner) : 0;
    if (k == COMMENT) {
      while (len > 0 && (text[len - 1] == '\r' || text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
      pend = arena_grow(a, pend, npend, &cappend, sizeof *pend);
      int line = loc_line(loc), end_line = loc_line((Loc){f, loc.end, loc.end});
      bool trailing = prev_tok_end > 0 && line == prev_tok_end && npend == 0;
      bool blank_before = prev_end > 0 && line - prev_end >= 2;
      pend[npend] = (Cmt){arena_strndup(a, text, (size_t)len), trailing, blank_before};
      npend++;
      prev_end = end_line;
      continue;
    }
    if (n == cap) {
      cap *= 2;
      Tok *g = realloc(t, sizeof *t * (size_t)cap);
      if (!g) {
        ok = false;
        break;
      }
      t = g;
    }
    int line = loc_line(loc), end_line = loc_line((Loc){f, loc.end, loc.end});
    /* interned: a file repeats most of its tokens (keywords, years,
     * braces), and a copy of each was most of fmt's memory */
    t[n] = (Tok){k, intern(ctx.names, text, (size_t)len), line, end_line, pend, npend,
                 prev_end > 0 && line - prev_end >= 2};
    if (k == 0) {
      /* the end: its "line" is where the last comment ends */
      t[n].line = t[n].end_line = prev_end;
      t[n].blank_before = false;
    }
    n++;
    pend = NULL;
    npend = cappend = 0;
    if (k == 0)
      break;
    prev_end = prev_tok_end = end_line;
  }
  lex_close(scanner);
  if (!ok) {
    free(t);
    return false;
  }
  /* kept where it is, not copied: a second copy was the peak of a large file */
  arena_own(a, t);
  *out = t;
  *nout = n;
  return true;
}

/* ---------------------------------------------------------------- output lines */

static OLine *last_line(Fmt *F) { return F->nlines ? &F->lines[F->nlines - 1] : NULL; }

static OLine *push_line(Fmt *F, int group) {
  F->lines = arena_grow(F->a, F->lines, F->nlines, &F->cap, sizeof *F->lines);
  OLine *l = &F->lines[F->nlines++];
  *l = (OLine){F->text.len, group};
  return l;
}

/* Line k's text and length (not NUL-terminated). */
static const char *line_text(const Fmt *F, int k, size_t *n) {
  size_t end = k + 1 < F->nlines ? F->lines[k + 1].start : F->text.len;
  *n = end - F->lines[k].start;
  return F->text.data ? F->text.data + F->lines[k].start : "";
}

static void end_line(Fmt *F) { F->open = false; }

/* The open line, started at the indentation (or the continuation column). */
static OLine *cur(Fmt *F) {
  if (F->open)
    return last_line(F);
  if (F->pending_blank && F->nlines > 0)
    push_line(F, 0);
  F->pending_blank = false;
  OLine *l = push_line(F, F->group);
  int col = F->at_cont ? F->cont : 2 * F->indent;
  for (int k = 0; k < col; k++)
    buf_putc(&F->text, ' ');
  F->at_cont = false;
  F->open = true;
  return l;
}

static void put(Fmt *F, const char *s) {
  cur(F);
  buf_puts(&F->text, s);
}

static void blank(Fmt *F) {
  if (F->nlines > 0)
    F->pending_blank = true;
}

/* Display columns of text (code points; markers as their least padding),
 * counted from its last newline. */
static int width_of(const char *s, size_t n) {
  int w = 0;
  for (size_t k = 0; k < n; k++) {
    unsigned char c = (unsigned char)s[k];
    if (c == '\n')
      w = 0;
    else if (c == (unsigned char)MARK1)
      w += 1;
    else if (c == (unsigned char)MARK2 || c == (unsigned char)MARK3)
      w += 2;
    else if ((c & 0xC0) != 0x80)
      w++;
  }
  return w;
}

static int cur_width(Fmt *F) {
  if (!F->open)
    return 0;
  size_t n;
  const char *text = line_text(F, F->nlines - 1, &n);
  return width_of(text, n);
}

/* ---------------------------------------------------------------- tokens out */

static int K(Fmt *F) { return F->t[F->i].kind; }

static void trailing_comment(Fmt *F, const char *text, char sep) {
  if (!last_line(F))
    push_line(F, 0);
  if (sep == MARK2)
    buf_putc(&F->text, MARK2);
  else
    buf_puts(&F->text, "  ");
  buf_puts(&F->text, text);
  F->open = false;
}

/* Prints the current token as text, after sep when it continues a line.
 * Comments before it break the statement: they keep their place, and the
 * token goes on at the continuation column. */
static void tok_as(Fmt *F, const char *sep, const char *text) {
  Tok *t = &F->t[F->i];
  if (t->ncmts) {
    F->broke = true;
    int k = 0;
    if (t->cmts[0].trailing) {
      trailing_comment(F, t->cmts[0].text, ' ');
      k = 1;
    }
    end_line(F);
    for (; k < t->ncmts; k++) {
      F->at_cont = true;
      put(F, t->cmts[k].text);
      end_line(F);
    }
    F->at_cont = true;
  }
  if (!F->open)
    sep = "";
  put(F, sep);
  put(F, text);
  if (F->i < F->n - 1)
    F->i++;
}

static void tok(Fmt *F, const char *sep) { tok_as(F, sep, F->t[F->i].text); }

/* The start of a statement: the trailing comment of what came before goes
 * on its line; comments on lines of their own go before the statement,
 * each with the empty line before it that the source had (at most one). */
static void stmt_begin(Fmt *F, bool first_in_block, bool force_blank) {
  Tok *t = &F->t[F->i];
  int k = 0;
  if (t->ncmts && t->cmts[0].trailing) {
    trailing_comment(F, t->cmts[0].text, F->trail);
    k = 1;
  }
  end_line(F);
  F->at_cont = false;
  bool first = true;
  for (; k < t->ncmts; k++) {
    const Cmt *c = &t->cmts[k];
    if (first ? force_blank || (c->blank_before && !first_in_block) : c->blank_before)
      blank(F);
    F->group = 0;
    put(F, c->text);
    end_line(F);
    first = false;
  }
  if (first ? force_blank || (t->blank_before && !first_in_block) : t->blank_before)
    blank(F);
  if (F->pending_blank && F->nlines > 0)
    push_line(F, 0);
  F->pending_blank = false;
  t->ncmts = 0;
  F->trail = ' ';
  F->broke = false;
  F->cont = 2 * F->indent + 4;
  F->stmt_line = F->nlines;
  F->group = F->simple_group;
}

/* The end of a one-line statement: a statement that took more lines than
 * one is not aligned with its neighbours. */
static void simple_end(Fmt *F) {
  if (F->nlines - F->stmt_line > 1) {
    int g = F->lines[F->stmt_line].group;
    for (int k = F->stmt_line; k < F->nlines; k++)
      if (F->lines[k].group == g)
        F->lines[k].group = 0;
  }
  F->trail = F->nlines - F->stmt_line > 1 ? ' ' : MARK2;
}

/* ---------------------------------------------------------------- amounts */

/* "1787349" -> "1_787_349"; decimals as written. */
static const char *plain_amount(Arena *a, const char *text) {
  char digits[128], out[200];
  size_t nd = 0, no = 0;
  const char *p = text;
  while (*p && *p != '.' && nd + 1 < sizeof digits) {
    if (*p != '_')
      digits[nd++] = *p;
    p++;
  }
  for (size_t k = 0; k < nd; k++) {
    if (k > 0 && (nd - k) % 3 == 0)
      out[no++] = '_';
    out[no++] = digits[k];
  }
  out[no] = '\0';
  return arena_printf(a, "%s%s", out, p);
}

/* "€ 1.787.349" -> "1_787_349", "€7.500,-" -> "7_500", "-€ 127.800,50" ->
 * "-127_800.50". *neg tells whether it has a sign. */
static const char *plain_euro(Arena *a, const char *text, bool *neg) {
  char whole[64], cents[4];
  size_t nw = 0, nc = 0;
  bool in_cents = false;
  *neg = false;
  for (const char *p = text; *p; p++) {
    if (!in_cents && pasted_minus(p))
      *neg = true;
    else if (*p == ',')
      in_cents = true;
    else if (*p >= '0' && *p <= '9') {
      if (in_cents && nc < 2)
        cents[nc++] = *p;
      else if (!in_cents && nw + 1 < sizeof whole)
        whole[nw++] = *p;
    }
  }
  whole[nw] = '\0';
  cents[nc] = '\0';
  const char *w = plain_amount(a, whole);
  return arena_printf(a, "%s%s%s%s", *neg ? "-" : "", w, nc ? "." : "", cents);
}

static void amount(Fmt *F, const char *sep) {
  tok_as(F, sep, plain_amount(F->a, F->t[F->i].text));
}

/* ---------------------------------------------------------------- grammar */

static void expr(Fmt *F, const char *sep);
static void items(Fmt *F, const char *sep);

static void years(Fmt *F, const char *sep) {
  tok(F, sep);
  if (K(F) == DOTDOT) {
    tok(F, "");
    tok(F, "");
  }
}

static void ref(Fmt *F, const char *sep) {
  tok(F, sep);
  if (K(F) == '.') {
    tok(F, "");
    tok(F, "");
  }
}

static void ranges(Fmt *F) {
  tok(F, "");                       /* [ */
  bool first = true;
  while (K(F) == NUMBER) {
    tok(F, first ? "" : " ");
    if (K(F) == DOTDOT) {
      tok(F, "");
      tok(F, "");
    }
    first = false;
    if (K(F) == ',')
      tok(F, "");
  }
  tok(F, "");                       /* ] */
}

/* items { "TEXT" AMOUNT ... }: one item inline; more, one a line under
 * the cell they belong to, amounts right-aligned. */
static void items(Fmt *F, const char *sep) {
  tok(F, sep);
  tok(F, " ");                      /* { */
  int n = 0;
  for (int j = F->i; j < F->n && F->t[j].kind != '}'; j++)
    n += F->t[j].kind == STRING;
  if (n <= 1) {
    while (K(F) == STRING) {
      tok(F, " ");
      expr(F, " ");
    }
    tok(F, " ");                    /* } */
    return;
  }
  int base = F->item_base, saved_cont = F->cont, saved_group = F->group;
  int g = ++F->next_group;
  while (K(F) == STRING) {
    end_line(F);
    F->cont = base + 2;
    F->at_cont = true;
    F->group = g;
    F->item_base = base + 2;
    tok(F, "");
    expr(F, "\x03");
  }
  end_line(F);
  F->cont = base;
  F->at_cont = true;
  F->group = 0;
  tok(F, "");                       /* } */
  F->cont = saved_cont;
  F->group = saved_group;
  F->item_base = base;
}

static bool is_binop(int k) { return k == '+' || k == '-' || k == '*' || k == '/'; }

/* An expression, token after token: the grammar has checked it, so it is
 * enough to know whether an operand or an operator comes next. */
static void expr(Fmt *F, const char *sep) {
  bool operand = true;
  int depth = 0;
  const char *s = sep;
  for (;;) {
    int k = K(F);
    if (operand) {
      if (k == '-' || k == '(') {
        tok(F, s);
        s = "";
        depth += k == '(';
        continue;
      }
      if (k == NUMBER) {
        amount(F, s);
      } else if (k == EURO_AMOUNT) {
        bool neg;
        const char *plain = plain_euro(F->a, F->t[F->i].text, &neg);
        /* -€ 5 is one number; -5 is a minus before 5, which binds less
         * than 'indexed': keep the meaning with parentheses. */
        if (neg && F->i + 1 < F->n && F->t[F->i + 1].kind == INDEXED)
          plain = arena_printf(F->a, "(%s)", plain);
        tok_as(F, s, plain);
      } else if (k == PERCENT) {
        tok(F, s);
        if (K(F) == OF) {
          tok(F, " ");
          tok(F, " ");
          if (K(F) == '[')
            ranges(F);
        }
      } else if (k == PM) {
        tok(F, s);
      } else if (k == ITEMS) {
        items(F, s);
      } else {
        return;                     /* not reached on a parsed file */
      }
      operand = false;
      s = " ";
    } else {
      if (k == ')' && depth > 0) {
        tok(F, "");
        depth--;
      } else if (is_binop(k)) {
        tok(F, " ");
        operand = true;
        s = " ";
      } else if (k == INDEXED) {
        tok(F, " ");
        tok(F, " ");
        if (K(F) == FROM) {
          tok(F, " ");
          tok(F, " ");
        }
      } else if (k == BY) {         /* by key NAME for MEMBER */
        for (int w = 0; w < 5; w++)
          tok(F, " ");
      } else {
        return;
      }
    }
  }
}

/* YEARS: EXPR [= EXPR]; *stated tells whether it stated a rule. */
static void cell(Fmt *F, const char *sep, bool *stated) {
  F->item_base = F->open ? cur_width(F) + width_of(sep, strlen(sep))
                         : F->at_cont ? F->cont : 2 * F->indent;
  years(F, sep);
  tok(F, "");                       /* : */
  expr(F, " ");
  if (K(F) == '=') {
    tok(F, " ");
    expr(F, " ");
    *stated = true;
    if (K(F) == WITHIN) {
      tok(F, " ");
      expr(F, " ");
    }
  }
}

static bool cell_starts(Fmt *F) { return K(F) == NUMBER; }

typedef struct Mark {
  int nlines, i, cont, group;
  size_t len;
  bool open, pending_blank, at_cont, broke;
} Mark;

static Mark mark(Fmt *F) {
  return (Mark){F->nlines, F->i, F->cont, F->group, F->text.len,
                F->open, F->pending_blank, F->at_cont, F->broke};
}

static void rollback(Fmt *F, Mark m) {
  F->nlines = m.nlines;
  F->text.len = m.len;
  F->i = m.i;
  F->cont = m.cont;
  F->group = m.group;
  F->open = m.open;
  F->pending_blank = m.pending_blank;
  F->at_cont = m.at_cont;
  F->broke = m.broke;
}

/* Cells over lines from the continuation column: plain cells share a line
 * while it stays within FMT_WIDTH; a cell that states a rule or takes more
 * than one line stands on lines of its own. The first cell follows sep on
 * the open line, or starts a line at the continuation column. */
static void fill_cells(Fmt *F, const char *sep) {
  bool first = true, prev_tall = false;
  while (cell_starts(F)) {
    if (!first && !prev_tall) {
      Mark c = mark(F);
      int lines = F->nlines;
      bool st = false;
      F->broke = false;
      cell(F, "  ", &st);
      if (!st && !F->broke && F->nlines == lines && cur_width(F) <= FMT_WIDTH)
        continue;
      rollback(F, c);
    }
    if (!first || !F->open) {
      end_line(F);
      F->at_cont = true;
    }
    int lines = F->nlines + (F->open ? 0 : 1);
    bool st = false;
    cell(F, first ? sep : "", &st);
    prev_tall = st || F->nlines != lines;
    first = false;
  }
}

/* Amounts in braces (transfer, reserve): { 2026: 52_500  2027: 10_000 } on
 * the statement's line when it fits, else over lines inside the braces. */
static void inline_amounts(Fmt *F) {
  Mark m = mark(F);
  int lines = F->nlines;
  F->broke = false;
  tok(F, " ");                      /* { */
  bool first = true, stated = false;
  while (cell_starts(F)) {
    cell(F, first ? " " : "  ", &stated);
    first = false;
  }
  tok(F, " ");                      /* } */
  if (!F->broke && F->nlines == lines && cur_width(F) <= FMT_WIDTH)
    return;
  rollback(F, m);
  tok(F, " ");                      /* { */
  end_line(F);
  int saved_group = F->group;
  F->group = 0;
  F->cont = 2 * F->indent + 2;
  fill_cells(F, "");
  end_line(F);
  F->at_cont = false;
  tok(F, "");                       /* } */
  F->group = saved_group;
}

/* A row: KEYWORD CELLS. On one line, aligned with the other rows of its
 * block, when no cell states a rule (one may, when it is the only cell),
 * no comment stands between the cells and it fits in FMT_WIDTH; otherwise
 * the cells go over lines under the first (fill_cells). */
static void row(Fmt *F) {
  Mark m = mark(F);
  F->group = F->row_group;
  F->broke = false;
  tok(F, "");
  int ncells = 0;
  bool stated = false;
  while (cell_starts(F)) {
    cell(F, ncells == 0 ? "\x01" : "\x02", &stated);
    ncells++;
  }
  bool one_line = !F->broke && !(stated && ncells > 1) && cur_width(F) <= FMT_WIDTH &&
                  F->nlines - F->stmt_line == 1;
  if (!one_line) {
    rollback(F, m);
    F->group = 0;
    tok(F, "");
    F->cont = cur_width(F) + 1;
    fill_cells(F, " ");
  }
  F->trail = ' ';
}

/* note "..." "...": further strings under the first. */
static void strings(Fmt *F) {
  tok(F, "");
  F->cont = cur_width(F) + 1;
  tok(F, " ");
  while (K(F) == STRING) {
    end_line(F);
    F->at_cont = true;
    tok(F, "");
  }
}

static void accept(Fmt *F) {
  tok(F, "");
  tok(F, " ");
  if (K(F) == NUMBER)
    years(F, " ");
  tok(F, " ");
}

static void block(Fmt *F, void (*item)(Fmt *));

/* books [SIDE] kostenplaats CODES [kostensoort CODES]: a code, a range, a
 * list after commas. */
static void books(Fmt *F) {
  tok(F, "");
  while (K(F) == BATEN || K(F) == LASTEN || K(F) == KOSTENPLAATS || K(F) == KOSTENSOORT) {
    tok(F, " ");
    while (K(F) == NUMBER || K(F) == STRING) {
      tok(F, " ");
      if (K(F) == DOTDOT) {
        tok(F, "");
        tok(F, "");
      }
      if (K(F) != ',')
        break;
      tok(F, "");
    }
  }
}

static void rule_item(Fmt *F) {
  switch (K(F)) {
  case EARMARKED:
    tok(F, "");
    if (K(F) == FOR) {
      tok(F, " ");
      ref(F, " ");
      while (K(F) == ',') {
        tok(F, "");
        ref(F, " ");
      }
    }
    break;
  case REPAY:
    tok(F, "");
    tok(F, " ");
    break;
  case PAID:
    tok(F, "");
    tok(F, " ");
    tok(F, " ");
    break;
  default:
    tok(F, "");
  }
}

static void plan_item(Fmt *F) {
  switch (K(F)) {
  case YEARS: tok(F, ""); years(F, " "); break;
  case NOTE: strings(F); break;
  case UNIT:
    tok(F, "");
    if (K(F) == EURO_AMOUNT) {
      bool neg;
      tok_as(F, " ", plain_euro(F->a, F->t[F->i].text, &neg));
    } else {
      amount(F, " ");
    }
    break;
  case SUMMARY:
  case SIGN: tok(F, ""); tok(F, " "); tok(F, " "); break;
  case COLUMN:
    tok(F, "");
    years(F, " ");
    tok(F, " ");
    if (K(F) == STRING)
      tok(F, " ");
    break;
  default: tok(F, ""); tok(F, " "); break;    /* currency IDENT */
  }
  simple_end(F);
}

static void index_item(Fmt *F) {
  switch (K(F)) {
  case NOTE: strings(F); break;
  case BASE: tok(F, ""); years(F, " "); break;
  case ROUND:
    tok(F, "");
    if (K(F) != NUMBER)
      tok(F, " ");
    amount(F, " ");
    break;
  default: tok(F, ""); tok(F, " "); break;    /* rate PERCENT */
  }
  simple_end(F);
}

/* A key's statements: MEMBER WEIGHT, residue MEMBER, round STEP, note. */
static void key_item(Fmt *F) {
  switch (K(F)) {
  case NOTE: strings(F); break;
  case ROUND: tok(F, ""); amount(F, " "); break;
  case RESIDUE: tok(F, ""); tok(F, " "); break;
  default:
    tok(F, "");                     /* the member */
    if (K(F) == NUMBER)
      amount(F, " ");
    else
      tok(F, " ");                  /* a percentage */
    break;
  }
  simple_end(F);
}

static void kind_item(Fmt *F) {
  if (K(F) == NOTE)
    strings(F);
  else
    rule_item(F);
  simple_end(F);
}

static void source_item(Fmt *F) {
  switch (K(F)) {
  case NOTE: strings(F); break;
  case ACCEPT: accept(F); break;
  case KIND:
  case STATUS: tok(F, ""); tok(F, " "); break;
  default: rule_item(F);
  }
  simple_end(F);
}

static void expect_item(Fmt *F) {
  if (K(F) != ACCEPT) {
    row(F);
    return;
  }
  accept(F);
  simple_end(F);
}

static void account_item(Fmt *F) {
  tok(F, "");                       /* opening */
  expr(F, " ");
  simple_end(F);
}

static void line_item(Fmt *F) {
  switch (K(F)) {
  case BATEN:
  case LASTEN: row(F); return;
  case NOTE: strings(F); break;
  case ACCEPT: accept(F); break;
  case PAID:
    tok(F, "");
    if (K(F) == OUTSIDE) {          /* paid outside "WHO" { YEAR: AMOUNT } */
      tok(F, " ");
      tok(F, " ");
      inline_amounts(F);
    } else {
      tok(F, " ");
      ref(F, " ");
    }
    break;
  case RULE:
    tok(F, "");
    tok(F, " ");                    /* side */
    if (K(F) == NUMBER)
      years(F, " ");
    tok(F, " ");                    /* = >= <= */
    expr(F, " ");
    if (K(F) == WITHIN) {
      tok(F, " ");
      expr(F, " ");
    }
    break;
  case SOURCE:
  case RESERVE:
  case TAAKVELD: tok(F, ""); tok(F, " "); break;
  case BOOKS: books(F); break;
  case SPENDS:
    tok(F, "");
    tok(F, " ");
    if (K(F) == STRING)
      tok(F, " ");
    break;
  default: tok(F, ""); break;       /* structural, incidental */
  }
  simple_end(F);
}

static void project_item(Fmt *F) {
  switch (K(F)) {
  case NUMBER:                      /* a line */
    F->group = 0;
    tok(F, "");
    tok(F, " ");
    block(F, line_item);
    F->trail = ' ';
    return;
  case NOTE: strings(F); break;
  case ACCEPT: accept(F); break;
  case OPENING:
    tok(F, "");
    expr(F, " ");
    if (K(F) == SOURCE) {
      tok(F, " ");
      tok(F, " ");
    }
    break;
  case RESERVE:
    tok(F, "");
    tok(F, " ");
    if (K(F) == STRING)
      tok(F, " ");
    inline_amounts(F);
    break;
  case PREFINANCE:
    tok(F, "");
    years(F, " ");
    tok(F, " ");
    break;
  case BOOKS: books(F); break;
  default: tok(F, ""); tok(F, " "); break;    /* section programme contact group */
  }
  simple_end(F);
}

/* { ITEMS } over lines, one level deeper. */
/* The comments that stand before a token which closes something (a '}',
 * the end of the file): a trailing one stays on the last line, the others
 * each on a line of their own. An empty block gets no blank line first. */
static void flush_comments(Fmt *F, Tok *t, bool empty_block) {
  int k = 0;
  if (t->ncmts && t->cmts[0].trailing) {
    trailing_comment(F, t->cmts[0].text, F->trail);
    k = 1;
  }
  end_line(F);
  for (; k < t->ncmts; k++) {
    if (t->cmts[k].blank_before && !(empty_block && k == 0))
      blank(F);
    F->group = 0;
    put(F, t->cmts[k].text);
    end_line(F);
  }
}

static void block(Fmt *F, void (*item)(Fmt *)) {
  int saved_simple = F->simple_group, saved_row = F->row_group, saved_indent = F->indent;
  tok(F, " ");                      /* { */
  F->trail = ' ';
  F->indent++;
  F->simple_group = ++F->next_group;
  F->row_group = ++F->next_group;
  bool first = true;
  while (K(F) != '}' && K(F) != 0) {
    stmt_begin(F, first, false);
    int before = F->i;
    item(F);
    if (F->i == before)             /* never loop on a token we cannot place */
      tok(F, " ");
    first = false;
  }
  /* comments before the '}' stay inside the block */
  Tok *t = &F->t[F->i];
  flush_comments(F, t, first);
  t->ncmts = 0;
  F->indent = saved_indent;
  F->simple_group = saved_simple;
  F->row_group = saved_row;
  F->group = 0;
  F->at_cont = false;
  tok(F, "");                       /* } */
  F->trail = ' ';
}

/* A verloop's row: its words, then its amounts on the same line. */
static void verloop_item(Fmt *F) {
  int k = K(F);
  if (k != STRING)
    tok(F, "");                     /* previous, to, group, subtotal */
  if (k == TO && (K(F) == STRING))
    tok(F, " ");
  if (k == TO && K(F) == PLAN) {
    tok(F, " ");
    tok(F, " ");                    /* measure */
  } else if (k == TO && (K(F) == PROGRAMME || K(F) == PROJECT)) {
    tok(F, " ");
    tok(F, " ");
    tok(F, " ");
  } else if (k != TO && K(F) == STRING) {
    tok(F, k == STRING ? "" : " ");
  }
  bool stated = false;
  for (int n = 0; cell_starts(F); n++)
    cell(F, n ? "  " : " ", &stated);
  simple_end(F);
}

static bool one_liner(int k) {
  return k == IMPORT || k == PROGRAMME || k == TRANSFER || k == TAAKVELD;
}

static void decl(Fmt *F) {
  int k = K(F);
  F->group = one_liner(k) ? 1 + k : 0;
  switch (k) {
  case IMPORT:
    tok(F, "");
    tok(F, " ");
    break;
  case PROGRAMME:
  case TAAKVELD:
    tok(F, "");
    tok(F, " ");
    tok(F, "\x01");
    break;
  case TRANSFER:
    tok(F, "");
    ref(F, " ");
    tok(F, " ");
    ref(F, " ");
    if (K(F) == '{')
      inline_amounts(F);
    break;
  case PLAN:
    tok(F, "");
    tok(F, " ");
    tok(F, " ");
    block(F, plan_item);
    return;
  case INDEX:
  case KIND:
  case SOURCE:
  case KEY:
    tok(F, "");
    tok(F, " ");
    if (K(F) == STRING)
      tok(F, " ");
    block(F, k == INDEX ? index_item : k == KIND ? kind_item : k == KEY ? key_item : source_item);
    return;
  case EXPECT:
    tok(F, "");
    if (K(F) == PROGRAMME)
      tok(F, " ");
    tok(F, " ");
    if (K(F) == WITHIN) {
      tok(F, " ");
      expr(F, " ");
    }
    block(F, expect_item);
    return;
  case PROJECT:
    tok(F, "");
    tok(F, " ");
    tok(F, " ");
    block(F, project_item);
    return;
  case VERLOOP:
    tok(F, "");
    tok(F, " ");
    if (K(F) == WITHIN) {
      tok(F, " ");
      expr(F, " ");
    }
    block(F, verloop_item);
    return;
  case RESERVE:
    tok(F, "");
    tok(F, " ");
    if (K(F) == STRING)
      tok(F, " ");
    if (K(F) == '{') {
      block(F, account_item);
      return;
    }
    break;
  default:
    tok(F, "");                     /* not reached on a parsed file */
    return;
  }
  simple_end(F);
}

static void file(Fmt *F) {
  int prev = -1;
  while (K(F) != 0) {
    int k = K(F);
    bool force = prev != -1 && !(one_liner(k) && k == prev);
    F->simple_group = 1 + k;
    stmt_begin(F, prev == -1, force);
    int before = F->i;
    decl(F);
    if (F->i == before)             /* never loop on a token we cannot place */
      F->i++;
    prev = k;
  }
  flush_comments(F, &F->t[F->i], false);
}

/* ---------------------------------------------------------------- alignment */

typedef struct Cells {
  const char *s[64];
  size_t n[64];
  char sep[64];
  int count;
} Cells;

static void split_cells(const char *text, size_t len, Cells *c) {
  c->count = 0;
  const char *p = text;
  const char *end = p + len, *start = p;
  for (; p <= end; p++) {
    if (p == end || *p == MARK1 || *p == MARK2 || *p == MARK3) {
      if (c->count < 64) {
        c->s[c->count] = start;
        c->n[c->count] = (size_t)(p - start);
        c->sep[c->count] = p == end ? 0 : *p == MARK1 ? 1 : *p == MARK2 ? 2 : 3;
        c->count++;
      }
      start = p + 1;
    }
  }
}

static bool has_newline(const Fmt *F, int k) {
  size_t n;
  const char *text = line_text(F, k, &n);
  return n && memchr(text, '\n', n);
}

static void render(Fmt *F, Buf *out) {
  int k = 0;
  while (k < F->nlines) {
    int g = F->lines[k].group;
    int e = k + 1;
    if (g != 0 && !has_newline(F, k))
      while (e < F->nlines && F->lines[e].group == g && !has_newline(F, e))
        e++;
    /* width: of each column but a line's last cell; right: of a cell
     * right-aligned after MARK3, last or not */
    int width[64] = {0}, sep[64] = {0}, right[65] = {0};
    Cells c;
    const char *text;
    size_t len;
    for (int j = k; j < e; j++) {
      text = line_text(F, j, &len);
      split_cells(text, len, &c);
      for (int x = 0; x + 1 < c.count; x++) {
        int w = width_of(c.s[x], c.n[x]);
        int sw = c.sep[x] == 1 ? 1 : 2;
        if (w > width[x])
          width[x] = w;
        if (sw > sep[x])
          sep[x] = sw;
        if (c.sep[x] == 3) {
          int r = width_of(c.s[x + 1], c.n[x + 1]);
          if (r > right[x + 1])
            right[x + 1] = r;
        }
      }
    }
    for (int j = k; j < e; j++) {
      text = line_text(F, j, &len);
      split_cells(text, len, &c);
      for (int x = 0; x < c.count; x++) {
        buf_put(out, c.s[x], c.n[x]);
        if (x + 1 < c.count) {
          int pad = c.sep[x] == 1 ? 1 : 2;
          if (e - k > 1) {
            pad = width[x] - width_of(c.s[x], c.n[x]) + sep[x];
            if (c.sep[x] == 3)
              pad += right[x + 1] - width_of(c.s[x + 1], c.n[x + 1]);
          }
          for (int q = 0; q < pad; q++)
            buf_putc(out, ' ');
        }
      }
      buf_putc(out, '\n');
    }
    k = e;
  }
}

/* ---------------------------------------------------------------- entry */

bool fmt_source(Arena *a, Diags *d, SrcFile *f, Buf *out) {
  ParseCtx ctx = {.arena = a, .names = interner_new(a), .diags = d, .file = f};
  if (!parse_file(&ctx))
    return false;
  Tok *t;
  int n;
  if (!scan_tokens(a, f, &t, &n)) {
    diag_plain(d, "io", "%s: out of memory", f->display);
    return false;
  }
  Fmt F = {.a = a, .t = t, .n = n, .trail = ' '};
  file(&F);
  render(&F, out);
  bool oom = F.text.oom;
  buf_free(&F.text);
  return !out->oom && !oom;
}

/* ---------------------------------------------------------------- amrc fmt */

static const char fmt_usage[] = N_(
    "usage: amrc fmt [--check | --diff | --stdout] FILE...\n"
    "\n"
    "Rewrites .amr files in the canonical layout (docs/language.md), keeping\n"
    "every comment. FILE - reads standard input and writes standard output.\n"
    "\n"
    "      --check     change nothing; list the files that would change\n"
    "      --diff      change nothing; show the change as a unified diff\n"
    "      --stdout    change nothing; print the formatted text\n"
    "      --dump-ast  print each file's declarations without locations (tests)\n"
    "      --lang=nl|en  the language of the messages on stderr (default en)\n"
    "  -h, --help      show this help and exit\n"
    "\n"
    "Exit status: 0 done (or nothing to change), 1 --check or --diff found a\n"
    "file to change, 2 a file could not be read, parsed or written.\n");

enum { MODE_WRITE, MODE_CHECK, MODE_DIFF, MODE_STDOUT, MODE_DUMP };

static SrcFile *read_input(Arena *a, Diags *d, const char *path) {
  if (strcmp(path, "-") != 0)
    return src_load(a, d, path, path, NULL);
  Buf in = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
    buf_put(&in, chunk, n);
    if (in.len > (size_t)AMR_MAX_FILE_BYTES)
      break;
  }
  SrcFile *f = in.oom ? NULL : src_from_memory(a, d, "<stdin>", in.data ? in.data : "", in.len);
  if (in.oom)
    diag_plain(d, "io", "<stdin>: out of memory");
  buf_free(&in);
  return f;
}

static int fmt_main(int argc, char **argv, const Catalog *nl) {
  int mode = MODE_WRITE, first = 1;
  for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
    const char *o = argv[first];
    if (strcmp(o, "--") == 0) {
      first++;
      break;
    }
    int lang = nls_lang_option(nl, "amrc fmt", argc, argv, &first, NULL);
    if (lang == 2)
      return 2;
    if (lang)
      continue;
    if (strcmp(o, "--check") == 0)
      mode = MODE_CHECK;
    else if (strcmp(o, "--diff") == 0)
      mode = MODE_DIFF;
    else if (strcmp(o, "--stdout") == 0)
      mode = MODE_STDOUT;
    else if (strcmp(o, "--dump-ast") == 0)
      mode = MODE_DUMP;
    else if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
      nls_help(nl, fmt_usage);
      return 0;
    } else {
      return nls_usage_error(nl, "amrc fmt", "unknown option '%s'", o);
    }
  }
  if (first >= argc)
    return nls_usage_error(nl, "amrc fmt", "no input files", NULL);
  int rc = 0, nchanged = 0;
  for (int k = first; k < argc; k++) {
    const char *path = argv[k];
    bool is_stdin = strcmp(path, "-") == 0;
    Arena arena = {0};
    Diags d;
    diags_init(&d, &arena);
    d.nl = nl;
    d.dutch = nl != NULL;
    Buf out = {0};
    SrcFile *f = read_input(&arena, &d, path);
    bool ok = f != NULL;
    if (ok && mode == MODE_DUMP) {
      ParseCtx ctx = {.arena = &arena, .names = interner_new(&arena), .diags = &d, .file = f};
      ok = parse_file(&ctx);
      if (ok)
        ast_dump(ctx.decls, &out);
    } else if (ok) {
      ok = fmt_source(&arena, &d, f, &out);
    }
    if (!ok || out.oom) {
      diags_print(&d, stderr, (DiagStyle){DIAG_TEXT, false});
      if (ok)
        nls_say(nl, "amrc fmt", N_("%s: out of memory"), path);
      nls_say(nl, "amrc fmt", N_("%s left as it was"), f ? f->display : path);
      rc = 2;
    } else {
      /* a byte order mark (which SrcFile leaves out) counts as a change */
      struct stat st;
      bool bom = !is_stdin && stat(path, &st) == 0 && (size_t)st.st_size != f->len;
      bool changed = mode != MODE_DUMP && (bom || out.len != f->len ||
                                           (out.len && memcmp(out.data, f->text, out.len) != 0));
      if (mode == MODE_DUMP || mode == MODE_STDOUT || (mode == MODE_WRITE && is_stdin)) {
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
      } else if (mode == MODE_CHECK) {
        if (changed)
          printf("%s\n", f->display);
      } else if (mode == MODE_DIFF) {
        Buf dd = {0};
        line_diff_unified(f->display, f->text, f->len, out.data ? out.data : "", out.len, &dd);
        fwrite(dd.data ? dd.data : "", 1, dd.len, stdout);
        buf_free(&dd);
      } else if (changed) {
        Diags io;
        diags_init(&io, &arena);
        io.nl = nl;
        io.dutch = nl != NULL;
        if (!write_in_place(path, &out, f->text, f->len, &io)) {
          diags_print(&io, stderr, (DiagStyle){DIAG_TEXT, false});
          rc = 2;
        }
      }
      if (changed)
        nchanged++;
    }
    buf_free(&out);
    arena_free(&arena);
  }
  fflush(stdout);
  if ((mode == MODE_CHECK || mode == MODE_DIFF) && nchanged > 0) {
    nls_say(nl, "amrc fmt", nchanged == 1 ? N_("%d file not in the canonical layout; `amrc fmt FILE...` rewrites it")
                                          : N_("%d files not in the canonical layout; `amrc fmt FILE...` rewrites them"),
            nchanged);
    if (rc == 0)
      rc = 1;
  }
  return rc;
}

int amrc_fmt_main(int argc, char **argv) {
  Arena a = {0};
  int rc = fmt_main(argc, argv, nls_args(&a, argc, argv));
  arena_free(&a);
  return rc;
}

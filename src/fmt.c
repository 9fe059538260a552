/* fmt.c: amrc fmt, the canonical layout of an .amr file.
 *
 * A printer of the syntax tree, as gofmt is: the file is parsed once (it
 * must have no errors) with the outline kept (ParseCtx.outline: each
 * statement in the order written, where it stands, its layout and its node;
 * parse.h), and the printer walks the declarations, the outline, the
 * expressions and the cells, each by the layout of its kind: one statement
 * per line, two spaces per brace level, a line's cells on one row, rows of a
 * block aligned, amounts in the plain spelling with '_' between groups of
 * three digits. It knows no grammar: the grammar is parser.y's alone, and a
 * new statement needs a layout here only if none of the outline's kinds
 * fits it. The tokens, scanned again with comments kept
 * (ParseCtx.keep_comments), give the spelling of names, strings and numbers
 * as written, and the comments, in the order of the file: each is printed
 * before the token it precedes, as go/printer intersperses its comments by
 * position before each item it prints, and stays where it stood: a comment
 * on a line of its own stays on a line of its own before the same token, a
 * comment after a token stays after it on its line. The layout is defined in docs/language.md
 * ("Canonical layout").
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
  uint32_t begin;        /* where it starts in the file */
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
  const Stmt *st;        /* the outline: every statement, as written */
  int nst, si;           /* si: the next to print */
  bool bad;              /* the tree and the tokens disagree: print nothing */
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
    t[n] = (Tok){k, loc.begin, intern(ctx.names, text, (size_t)len), line, end_line, pend, npend,
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
  if (t->kind == 0)
    F->bad = true;          /* the tree holds more than the file */
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

/* ---------------------------------------------------------------- the tree */

/* The printer walks the declarations and the outline of statements the
 * parser built (parse.h, Stmt): what a statement is and where its parts
 * stand comes from the tree; the tokens give only the spelling to print and
 * the comments before each. It knows no grammar: a statement's words are
 * the tokens up to where the tree says the statement, or its next part,
 * begins. A file the tree and the tokens disagree about (a statement the
 * outline does not hold) is left alone (Fmt.bad), never printed short. */

static uint32_t at(const Fmt *F) { return F->t[F->i].begin; }

/* Where words join: a span of years (2026..2029), a project's line (a.3),
 * a list (a, b.4). */
static bool joins(int prev, int k) {
  return k == DOTDOT || k == '.' || k == ',' || prev == DOTDOT || prev == '.';
}

/* The tokens before end (and, when brace, before a '{' of a block or of
 * amounts in braces), the first after sep, the others after a space where
 * they do not join. */
static void words_to(Fmt *F, uint32_t end, const char *sep, bool brace) {
  int prev = 0;
  for (bool first = true; K(F) != 0 && !(brace && K(F) == '{') && at(F) < end; first = false) {
    int k = K(F);
    tok(F, first ? sep : joins(prev, k) ? "" : " ");
    prev = k;
  }
}

static void words(Fmt *F, uint32_t end, const char *sep) { words_to(F, end, sep, false); }

/* A cell's years and its ':' (2026..2027:), up to its amount at end. */
static void years_head(Fmt *F, uint32_t end, const char *sep) {
  for (bool first = true; K(F) != 0 && at(F) < end; first = false)
    tok(F, first ? sep : "");
}

/* A literal: plain spelling with '_' between groups of three digits. A
 * negative amount written with the euro sign is one number; written plain,
 * -5 is a minus before 5, which binds less than 'indexed': in front of
 * 'indexed' (indexed_base) it keeps its meaning in parentheses. */
static void literal(Fmt *F, const char *sep, bool indexed_base) {
  if (K(F) == NUMBER) {
    amount(F, sep);
  } else if (K(F) == EURO_AMOUNT) {
    bool neg;
    const char *plain = plain_euro(F->a, F->t[F->i].text, &neg);
    if (neg && indexed_base)
      plain = arena_printf(F->a, "(%s)", plain);
    tok_as(F, sep, plain);
  } else {
    tok(F, sep);                    /* a percentage, as written */
  }
}

static void expr(Fmt *F, const Expr *e, const char *sep, bool indexed_base);

/* The items of e and of the items blocks inside it. */
static int count_items(const Expr *e) {
  switch (e->kind) {
  case EXPR_ITEMS: {
    int n = 0;
    for (const Item *it = e->items; it; it = it->next)
      n += 1 + count_items(it->value);
    return n;
  }
  case EXPR_ADD:
  case EXPR_SUB:
  case EXPR_MUL:
  case EXPR_DIV:
  case EXPR_WITHIN: return count_items(e->lhs) + count_items(e->rhs);
  case EXPR_NEG:
  case EXPR_PAREN:
  case EXPR_INDEXED:
  case EXPR_SHARE: return count_items(e->lhs);
  case EXPR_NUMBER:
  case EXPR_PM:
  case EXPR_PERCENT_OF: return 0;
  }
  return 0;
}

/* items { "TEXT" AMOUNT ... }: one item (and no items inside it) inline;
 * more, one a line under the cell they belong to, amounts right-aligned. */
static void items(Fmt *F, const Expr *e, const char *sep) {
  tok(F, sep);
  tok(F, " ");                      /* { */
  int n = count_items(e);
  if (n <= 1) {
    for (const Item *it = e->items; it; it = it->next) {
      tok(F, " ");
      expr(F, it->value, " ", false);
    }
    tok(F, " ");                    /* } */
    return;
  }
  int base = F->item_base, saved_cont = F->cont, saved_group = F->group;
  int g = ++F->next_group;
  for (const Item *it = e->items; it; it = it->next) {
    end_line(F);
    F->cont = base + 2;
    F->at_cont = true;
    F->group = g;
    F->item_base = base + 2;
    tok(F, "");
    expr(F, it->value, "\x03", false);
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

static void expr(Fmt *F, const Expr *e, const char *sep, bool indexed_base) {
  switch (e->kind) {
  case EXPR_NUMBER: literal(F, sep, indexed_base); break;
  case EXPR_PM: tok(F, sep); break;
  case EXPR_NEG:
    tok(F, sep);
    expr(F, e->lhs, "", false);
    break;
  case EXPR_PAREN:
    tok(F, sep);
    expr(F, e->lhs, "", false);
    tok(F, "");
    break;
  case EXPR_ADD:
  case EXPR_SUB:
  case EXPR_MUL:
  case EXPR_DIV:
    expr(F, e->lhs, sep, false);
    tok(F, " ");
    expr(F, e->rhs, " ", false);
    break;
  case EXPR_PERCENT_OF:             /* 5% of lasten[4..7, 9] */
    tok(F, sep);
    tok(F, " ");
    tok(F, " ");
    if (e->ranges) {
      tok(F, "");                   /* [ */
      for (const LineRange *r = e->ranges; r; r = r->next) {
        years_head(F, r->loc.end, r == e->ranges ? "" : " ");
        if (r->next)
          tok(F, "");               /* , */
      }
      tok(F, "");                   /* ] */
    }
    break;
  case EXPR_ITEMS: items(F, e, sep); break;
  case EXPR_INDEXED:                /* indexed NAME [from YEAR] */
  case EXPR_SHARE:                  /* by key NAME for MEMBER */
    expr(F, e->lhs, sep, e->kind == EXPR_INDEXED);
    words(F, e->loc.end, " ");
    break;
  case EXPR_WITHIN:
    expr(F, e->lhs, sep, false);
    tok(F, " ");
    expr(F, e->rhs, " ", false);
    break;
  }
}

/* The cells of a row (a line's Cells) or amounts by year (YearAmounts),
 * one after the other; copied to try a layout and start again. */
typedef struct Cells {
  const Cell *c;           /* a row's next cell; the next row's follow it */
  uint32_t end;            /* where the row ends */
  const YearAmount *ya;
} Cells;

static bool more(const Cells *it) { return it->c || it->ya; }

/* YEARS: AMOUNT [= RULE [within TOL]]; *stated tells whether it stated a rule. */
static void cell(Fmt *F, Cells *it, const char *sep, bool *stated) {
  F->item_base = F->open ? cur_width(F) + width_of(sep, strlen(sep))
                         : F->at_cont ? F->cont : 2 * F->indent;
  if (it->ya) {
    const YearAmount *ya = it->ya;
    years_head(F, ya->value->loc.begin, sep);
    expr(F, ya->value, " ", false);
    it->ya = ya->next;
    return;
  }
  const Cell *c = it->c;
  const Expr *rule = cell_rule(c);
  if (cell_has_literal(c)) {
    years_head(F, c->literal_begin, sep);
    literal(F, " ", false);
  } else {
    const Expr *amount = c->stated ? c->stated : c->value;
    years_head(F, amount->loc.begin, sep);
    expr(F, amount, " ", false);
  }
  if (rule) {
    tok(F, " ");                    /* = */
    expr(F, rule, " ", false);
    *stated = true;
  }
  it->c = c->next && c->next->begin < it->end ? c->next : NULL;
}

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
static void fill_cells(Fmt *F, Cells it, const char *sep) {
  bool first = true, prev_tall = false;
  while (more(&it)) {
    if (!first && !prev_tall) {
      Mark c = mark(F);
      Cells again = it;
      int lines = F->nlines;
      bool st = false;
      F->broke = false;
      cell(F, &it, "  ", &st);
      if (!st && !F->broke && F->nlines == lines && cur_width(F) <= FMT_WIDTH)
        continue;
      rollback(F, c);
      it = again;
    }
    if (!first || !F->open) {
      end_line(F);
      F->at_cont = true;
    }
    int lines = F->nlines + (F->open ? 0 : 1);
    bool st = false;
    cell(F, &it, first ? sep : "", &st);
    prev_tall = st || F->nlines != lines;
    first = false;
  }
}

/* Amounts in braces (transfer, reserve): { 2026: 52_500  2027: 10_000 } on
 * the statement's line when it fits, else over lines inside the braces. */
static void inline_amounts(Fmt *F, const YearAmount *amounts) {
  Mark m = mark(F);
  int lines = F->nlines;
  F->broke = false;
  tok(F, " ");                      /* { */
  bool stated = false;
  for (Cells it = {.ya = amounts}; more(&it);)
    cell(F, &it, it.ya == amounts ? " " : "  ", &stated);
  tok(F, " ");                      /* } */
  if (!F->broke && F->nlines == lines && cur_width(F) <= FMT_WIDTH)
    return;
  rollback(F, m);
  tok(F, " ");                      /* { */
  end_line(F);
  int saved_group = F->group;
  F->group = 0;
  F->cont = 2 * F->indent + 2;
  fill_cells(F, (Cells){.ya = amounts}, "");
  end_line(F);
  F->at_cont = false;
  tok(F, "");                       /* } */
  F->group = saved_group;
}

/* A row: KEYWORD CELLS. On one line, aligned with the other rows of its
 * block, when no cell states a rule (one may, when it is the only cell),
 * no comment stands between the cells and it fits in FMT_WIDTH; otherwise
 * the cells go over lines under the first (fill_cells). */
static void row(Fmt *F, Cells cells) {
  Mark m = mark(F);
  F->group = F->row_group;
  F->broke = false;
  tok(F, "");
  int ncells = 0;
  bool stated = false;
  for (Cells it = cells; more(&it); ncells++)
    cell(F, &it, ncells == 0 ? "\x01" : "\x02", &stated);
  bool one_line = !F->broke && !(stated && ncells > 1) && cur_width(F) <= FMT_WIDTH &&
                  F->nlines - F->stmt_line == 1;
  if (!one_line) {
    rollback(F, m);
    F->group = 0;
    tok(F, "");
    F->cont = cur_width(F) + 1;
    fill_cells(F, cells, " ");
  }
  F->trail = ' ';
}

/* note "..." "...": further strings under the first. */
static void strings(Fmt *F, uint32_t end) {
  tok(F, "");
  F->cont = cur_width(F) + 1;
  tok(F, " ");
  while (K(F) != 0 && at(F) < end) {
    end_line(F);
    F->at_cont = true;
    tok(F, "");
  }
}

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

/* Where the block whose '{' is the current token ends: its '}'. */
static uint32_t block_end(const Fmt *F) {
  int depth = 0;
  for (int j = F->i; j < F->n && F->t[j].kind != 0; j++) {
    depth += F->t[j].kind == '{';
    if (F->t[j].kind == '}' && --depth == 0)
      return F->t[j].begin;
  }
  return UINT32_MAX;
}

static void statement(Fmt *F, const Stmt *s);

/* { STATEMENTS } over lines, one level deeper: the outline's statements
 * that stand before its '}'. */
static void block(Fmt *F) {
  int saved_simple = F->simple_group, saved_row = F->row_group, saved_indent = F->indent;
  uint32_t end = block_end(F);
  tok(F, " ");                      /* { */
  F->trail = ' ';
  F->indent++;
  F->simple_group = ++F->next_group;
  F->row_group = ++F->next_group;
  bool first = true;
  while (!F->bad && F->si < F->nst && F->st[F->si].begin < end) {
    stmt_begin(F, first, false);
    statement(F, &F->st[F->si++]);
    first = false;
  }
  if (K(F) != '}')
    F->bad = true;                  /* a statement the outline does not hold */
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

/* A statement inside a block, by the layout of its kind. */
static void statement(Fmt *F, const Stmt *s) {
  switch (s->kind) {
  case STMT_LINE:                   /* NUMBER "CATEGORY" { ... } */
    F->group = 0;
    tok(F, "");
    tok(F, " ");
    block(F);
    F->trail = ' ';
    return;
  case STMT_CELLS: row(F, (Cells){.c = s->node, .end = s->end}); return;
  case STMT_ROW: row(F, (Cells){.ya = s->node}); return;
  case STMT_WORDS: words(F, s->end, ""); break;
  case STMT_NOTE: strings(F, s->end); break;
  case STMT_AMOUNT:
    words(F, s->begin, "");
    literal(F, " ", false);
    break;
  case STMT_EXPR: {
    const Expr *e = s->node;
    words(F, e->loc.begin, "");
    expr(F, e, " ", false);
    words(F, s->end, " ");          /* opening AMOUNT source NAME */
    break;
  }
  case STMT_RULE: {                 /* rule SIDE [YEARS] = EXPR [within TOL] */
    const RuleDecl *r = s->node;
    words(F, r->expr->loc.begin, "");
    expr(F, r->expr, " ", false);
    if (r->tolerance) {
      words(F, r->tolerance->loc.begin, " ");
      expr(F, r->tolerance, " ", false);
    }
    break;
  }
  case STMT_AMOUNTS:
    words_to(F, s->end, "", true);
    inline_amounts(F, s->node);
    break;
  case STMT_VERLOOP: {            /* a verloop's row: its words, then its amounts */
    const YearAmount *amounts = s->node;
    words(F, amounts ? amounts->begin : s->end, "");
    bool stated = false;
    for (Cells it = {.ya = amounts}; more(&it);)
      cell(F, &it, it.ya == amounts ? " " : "  ", &stated);
    break;
  }
  case STMT_DECL: F->bad = true; return;    /* not inside a block */
  }
  simple_end(F);
}

static bool one_liner(DeclKind k) {
  return k == DECL_IMPORT || k == DECL_PROGRAMME || k == DECL_TRANSFER || k == DECL_TAAKVELD;
}

/* A declaration's head up to its block: its words, and the tolerance
 * (within TOL) of an expectation or a verloop. */
static void head(Fmt *F, const Expr *tolerance) {
  words_to(F, tolerance ? tolerance->loc.begin : UINT32_MAX, "", true);
  if (tolerance) {
    expr(F, tolerance, " ", false);
    words_to(F, UINT32_MAX, " ", true);
  }
}

static void decl(Fmt *F, const Decl *d) {
  F->group = one_liner(d->kind) ? -1 - (int)d->kind : 0;
  switch (d->kind) {
  case DECL_IMPORT: words(F, d->loc.end, ""); break;
  case DECL_PROGRAMME:
  case DECL_TAAKVELD:               /* the names aligned in a run of them */
    tok(F, "");
    tok(F, " ");
    tok(F, "\x01");
    break;
  case DECL_TRANSFER:
    words_to(F, d->loc.end, "", true);
    if (d->u.transfer->amounts)
      inline_amounts(F, d->u.transfer->amounts);
    break;
  case DECL_ACCOUNT:
    tok(F, "");
    tok(F, " ");
    if (d->u.account->title)
      tok(F, " ");
    if (K(F) == '{') {
      block(F);
      return;
    }
    break;
  case DECL_EXPECT: head(F, d->u.expect->tolerance); block(F); return;
  case DECL_VERLOOP: head(F, d->u.verloop->tolerance); block(F); return;
  default: head(F, NULL); block(F); return;   /* plan, index, kind, source, key, project */
  }
  simple_end(F);
}

static void file(Fmt *F) {
  int prev = -1;
  while (!F->bad && F->si < F->nst) {
    const Stmt *s = &F->st[F->si++];
    if (s->kind != STMT_DECL) {
      F->bad = true;
      break;
    }
    const Decl *d = s->node;
    int k = (int)d->kind;
    bool force = prev != -1 && !(one_liner(d->kind) && k == prev);
    F->simple_group = -1 - k;
    stmt_begin(F, prev == -1, force);
    decl(F, d);
    prev = k;
  }
  if (K(F) != 0)
    F->bad = true;
  flush_comments(F, &F->t[F->i], false);
}

/* ---------------------------------------------------------------- alignment */

typedef struct Split {
  const char *s[64];
  size_t n[64];
  char sep[64];
  int count;
} Split;

static void split_cells(const char *text, size_t len, Split *c) {
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
    Split c;
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
  Outline outline = {0};
  ParseCtx ctx = {.arena = a, .names = interner_new(a), .diags = d, .file = f,
                  .outline = &outline};
  bool parsed = parse_file(&ctx);
  Tok *t;
  int n;
  if (!parsed || !scan_tokens(a, f, &t, &n)) {
    free(outline.stmts);
    if (parsed)
      diag_plain(d, "io", "%s: out of memory", f->display);
    return false;
  }
  Fmt F = {.a = a, .t = t, .n = n, .st = outline.stmts, .nst = outline.n, .trail = ' '};
  file(&F);
  free(outline.stmts);
  if (F.bad) {
    buf_free(&F.text);
    diag_plain(d, "io", "%s: amrc fmt cannot place every token of this file (a bug in amrc)",
               f->display);
    return false;
  }
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

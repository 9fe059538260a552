/* parse.h: what grammar/parser.y and grammar/lexer.l share with ast.c and
 * the formatter: the parse context, the scanner, and the builders the
 * grammar's actions call. Only the front end includes it. */
#ifndef AMRC_PARSE_H
#define AMRC_PARSE_H

#include "core.h"

/* ---------------------------------------------------------------- parsing */

typedef struct ParseCtx {
  Arena *arena;
  Interner *names;
  Diags *diags;
  SrcFile *file;
  Decl *decls, *decls_tail;
  int nerrors;
  const char *group;       /* current group heading while parsing a project */
  Loc group_loc;           /* where it stands, while no line follows it */
  bool group_unused;
  /* the declaration whose block is being parsed: statements add to it */
  PlanDecl *plan;
  Project *project;
  Line *line;
  Source *source;
  KindDecl *kind_decl;
  IndexDecl *index;
  Expect *expect;
  Account *account;
  Verloop *verloop;
  KeyDecl *key;
  Rules *rules;            /* the kind's or source's rules */
  bool depth_reported;
  /* the '}' that closed the last project or line, and which one it was
   * ("project 'a'", "line 3"): a brace too many, or a statement after it
   * that belonged inside, is told about it. The words are made only for
   * such a message, not at every '}'. */
  Loc closed_at;
  char closed_kind;        /* 'l': line closed_nr, 'p': project closed_id, 0: none */
  int closed_nr;
  const char *closed_id;
  Decl *closed_decl;       /* the last declaration then: only until the next */
  bool keep_comments;      /* the scanner returns COMMENT tokens (fmt.c) */
  /* fmt.c: every statement in the order written (Stmt), so that the
   * printer walks the syntax tree rather than a copy of the grammar; NULL
   * (not kept) outside fmt, where nothing reads it */
  struct Outline *outline;
  /* The scanner's last token other than a comment (0: none yet): a number
   * right after 'taakveld' is a code, and "6.711" there is not an amount
   * written as printed. */
  int last_token;
  struct AstScratch *scratch; /* ast.c's own (ends of lists, notes being
                                 joined), so that a long list stays linear;
                                 created on first use, in the arena */
} ParseCtx;

/* The statements of a file as fmt prints them: the tree's nodes keep what a
 * statement means, in lists by kind; the outline keeps the order they were
 * written in, where each one stands, and which layout it takes. Blocks are
 * not nested here: a statement belongs to the block whose braces hold its
 * place. Recorded by ast.c's builders only when ParseCtx.outline is set. */
typedef enum {
  STMT_DECL,      /* a declaration (node: its Decl) */
  STMT_WORDS,     /* words and names on one line: a keyword and what follows */
  STMT_NOTE,      /* note "..." "...": each further string under the first */
  STMT_AMOUNT,    /* words, then an amount where it begins (a key's weight, the plan's unit) */
  STMT_EXPR,      /* words, an expression (node), words */
  STMT_RULE,      /* a line's rule (node: the RuleDecl): words, its expression, its tolerance */
  STMT_CELLS,     /* baten|lasten CELLS (node: the first Cell) */
  STMT_ROW,       /* an expectation's row: MEASURE YEAR_AMOUNTS (node) */
  STMT_AMOUNTS,   /* words, then { YEAR_AMOUNTS } (node) */
  STMT_VERLOOP,   /* a verloop's row: words, then its amounts (node, or NULL) */
  STMT_LINE,      /* a numbered line, then its block */
} StmtKind;

/* A plan has a statement for each row of cells: kept small. */
typedef struct Stmt {
  uint32_t begin;          /* a place inside it (STMT_AMOUNT: where its amount begins) */
  uint32_t end;            /* where it ends */
  StmtKind kind;
  const void *node;
} Stmt;

/* Malloc'd (not in the arena, where every copy of a growing array would
 * stay): whoever asked for it frees stmts. */
typedef struct Outline {
  Stmt *stmts;
  int n, cap;
} Outline;

/* Parses one file into ctx->decls. Returns false when it had errors. */
bool parse_file(ParseCtx *ctx);

/* The scanner over a copy of ctx->file's text (lexer.l): NULL when it
 * cannot start. */
typedef void *yyscan_t;
yyscan_t lex_open(ParseCtx *ctx);
void lex_close(yyscan_t scanner);

/* A number as the scanner read it. The text is not copied: it points into
 * the scanner's buffer, lives only while the file is parsed and is not
 * NUL-terminated. Most numbers need only their value; the few that need
 * their text (a message, a section) take it then. */
typedef struct NumTok {
  i128 micros;
  const char *text;
  int len;
} NumTok;

/* ast.c: the builders the grammar's actions call. */
Expr *ast_number(ParseCtx *c, Loc loc, i128 micros, bool percent);
Expr *ast_expr(ParseCtx *c, ExprKind k, Loc loc, Expr *lhs, Expr *rhs);
Expr *ast_percent_of(ParseCtx *c, Loc loc, Expr *pct, Side side, LineRange *ranges);
Expr *ast_items(ParseCtx *c, Loc loc, Item *items);
Expr *ast_indexed(ParseCtx *c, Loc loc, Expr *base, const char *index, Loc index_loc, int from);
Item *ast_item(ParseCtx *c, Loc loc, const char *text, Expr *value);
Item *ast_item_list(ParseCtx *c, Item *list, Item *item);
LineRange *ast_range(ParseCtx *c, Loc loc, int first, int last);
LineRange *ast_ranges(ParseCtx *c, LineRange *list, LineRange *r);
int ast_int(ParseCtx *c, Loc loc, NumTok n);
int ast_year(ParseCtx *c, Loc loc, NumTok n);
const char *ast_concat(ParseCtx *c, const char *a, const char *b);
RefList *ast_reflist(ParseCtx *c, RefList *list, Ref r);
YearAmount *ast_year_amount(ParseCtx *c, Loc loc, YearSpan y, Expr *value);
YearAmount *ast_year_amounts(ParseCtx *c, YearAmount *list, YearAmount *ya);
Cell *ast_cell(ParseCtx *c, Loc loc, YearSpan y, Expr *stated, Expr *value);
/* A cell's rule with a tolerance (NULL: the rule alone). */
Expr *ast_within(ParseCtx *c, Loc loc, Expr *rule, Expr *tolerance);
CellList ast_cells(CellList list, Cell *cell);
void ast_import(ParseCtx *c, Loc loc, const char *path, Loc path_loc);
void ast_plan_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_plan_years(ParseCtx *c, Loc loc, YearSpan y);
void ast_plan_currency(ParseCtx *c, Loc loc, const char *cur);
void ast_plan_note(ParseCtx *c, Loc loc, const char *note);
void ast_plan_unit(ParseCtx *c, Loc loc, i128 micros, Loc amount_loc);
void ast_plan_balance(ParseCtx *c, Loc loc, const char *model, Loc model_loc);
void ast_plan_sign(ParseCtx *c, Loc loc, int what, const char *word, Loc word_loc);
void ast_plan_column(ParseCtx *c, Loc loc, int year, const char *kind, Loc kind_loc,
                     const char *title);
void ast_account_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_account_opening(ParseCtx *c, Loc loc, Expr *value);
void ast_line_account(ParseCtx *c, Loc loc, Ref account);
void ast_verloop_begin(ParseCtx *c, Loc loc, const char *title, Expr *tolerance);
void ast_verloop_row(ParseCtx *c, Loc loc, VerloopRowKind kind, const char *title,
                     YearAmount *amounts);
/* to "TITLE" SUBJECT MEASURE AMOUNTS: the new plan's row, which is also
 * an expectation of the subject's measure (checked with the others). */
void ast_verloop_to(ParseCtx *c, Loc loc, const char *title, SubjectKind subject, Ref ref,
                    Measure m, YearAmount *amounts);
Measure ast_measure_word(ParseCtx *c, Loc loc, const char *word);
void ast_plan_summary(ParseCtx *c, Loc loc, const char *which, Loc which_loc, const char *title);
void ast_project_balance(ParseCtx *c, Loc loc, const char *model, Loc model_loc);
void ast_programme(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_taakveld(ParseCtx *c, Loc loc, const char *code, const char *name);
void ast_key_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_key_member(ParseCtx *c, Loc loc, const char *id, NumTok weight, Loc weight_loc,
                    bool percent);
void ast_key_residue(ParseCtx *c, Loc loc, const char *member, Loc member_loc);
void ast_key_round(ParseCtx *c, Loc loc, Expr *step);
/* A key's or an index rule's note: kept by nothing but the outline. */
void ast_note_only(ParseCtx *c, Loc loc);
Expr *ast_share(ParseCtx *c, Loc loc, Expr *total, const char *key, Loc key_loc,
                const char *member, Loc member_loc);
void ast_index_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_index_rate(ParseCtx *c, Loc loc, Expr *rate);
void ast_index_base(ParseCtx *c, Loc loc, int year, Loc year_loc);
void ast_index_round(ParseCtx *c, Loc loc, int mode, Expr *step);
void ast_kind_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_kind_note(ParseCtx *c, Loc loc, const char *note);
void ast_source_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_source_kind(ParseCtx *c, Loc loc, const char *kind, Loc kind_loc);
void ast_source_status(ParseCtx *c, Loc loc, const char *status);
void ast_source_note(ParseCtx *c, Loc loc, const char *note);
void ast_rule_earmarked(ParseCtx *c, Loc loc, RefList *for_what);
void ast_rule_repay(ParseCtx *c, Loc loc);
void ast_rule_settlement(ParseCtx *c, Loc loc);
void ast_rule_class(ParseCtx *c, Loc loc, MoneyClass mc);
void ast_transfer(ParseCtx *c, Loc loc, Ref from, Ref to, YearAmount *amounts);
void ast_expect_begin(ParseCtx *c, Loc loc, SubjectKind subject, Ref ref);
void ast_expect_tolerance(ParseCtx *c, Expr *tolerance);
void ast_expect_row(ParseCtx *c, Loc loc, Measure m, YearAmount *amounts);
void ast_project_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_project_end(ParseCtx *c);
void ast_project_section(ParseCtx *c, Loc loc, const char *section);
void ast_project_programme(ParseCtx *c, Loc loc, Ref prog);
void ast_project_contact(ParseCtx *c, Loc loc, const char *name);
void ast_project_opening(ParseCtx *c, Loc loc, Expr *value);
void ast_project_opening_source(ParseCtx *c, Ref src);
void ast_project_group(ParseCtx *c, Loc loc, const char *title);
void ast_project_note(ParseCtx *c, Loc loc, const char *note);
void ast_project_reserve(ParseCtx *c, Loc loc, const char *id, const char *title, YearAmount *amounts);
void ast_project_prefinance(ParseCtx *c, Loc loc, YearSpan y, const char *reason);
void ast_accept(ParseCtx *c, Loc loc, const char *name, YearSpan y, const char *reason);
void ast_expect_accept(ParseCtx *c, Loc loc, const char *name, YearSpan y, const char *reason);
void ast_line_begin(ParseCtx *c, Loc loc, Loc nr_loc, NumTok nr, const char *category);
void ast_line_end(ParseCtx *c);
void ast_line_cells(ParseCtx *c, Side side, CellList cells);
void ast_line_source(ParseCtx *c, Loc loc, Ref src);
void ast_line_paid_by(ParseCtx *c, Loc loc, Ref by);
void ast_line_paid_outside(ParseCtx *c, Loc loc, const char *who, YearAmount *amounts);
void ast_line_class(ParseCtx *c, Loc loc, MoneyClass mc);
void ast_line_taakveld(ParseCtx *c, Loc loc, const char *tv);
void ast_line_rule(ParseCtx *c, Loc loc, Side side, YearSpan years, int compare, Expr *expr,
                   Expr *tolerance);
void ast_line_note(ParseCtx *c, Loc loc, const char *note);
/* books [SIDE] kostenplaats CODES [kostensoort CODES]; side -1: none given */
void ast_books(ParseCtx *c, Loc loc, int side, CodeRange *kostenplaats, CodeRange *kostensoort);
CodeRange *ast_code_range(ParseCtx *c, Loc loc, const char *lo, const char *hi);
CodeRange *ast_code_ranges(ParseCtx *c, CodeRange *list, CodeRange *r);
void ast_line_spends(ParseCtx *c, Loc loc, const char *how, Loc how_loc, const char *date,
                     Loc date_loc);

#endif

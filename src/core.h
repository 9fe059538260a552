/* core.h: a plan as written, and how amrc speaks about it: files and
 * locations (source.c), diagnostics (diag.c), the syntax tree (ast.c),
 * loading a plan and its imports (load.c), a stage's loop on threads
 * (par.c) and writing an output whole (output.c). */
#ifndef AMRC_CORE_H
#define AMRC_CORE_H

#include "support.h"

/* ---------------------------------------------------------------- source */

/* A location as people read it. */
typedef struct Pos {
  int line, col;           /* 1-based; col counts UTF-8 characters */
  int end_line, end_col;   /* end, exclusive column */
} Pos;

typedef struct SrcDisk SrcDisk;
typedef struct SrcFile {
  const char *path;       /* as given or as resolved, for messages */
  const char *display;    /* path shown in diagnostics (relative) */
  const char *text;       /* two NULs after it (the scanner's string rule
                             reads up to the first),
                             BOM skipped; NULL once given back
                             (src_release) */
  size_t len;
  /* Offsets of each line's first byte (source.c's line_start): as 16-bit
   * steps from the start of every 64th line, half the memory of a large
   * plan's index, or as ints where 64 lines span 64 KiB or more. NULL
   * both: no index (a refused file). */
  int *line_starts;
  uint32_t *line_anchor;
  uint16_t *line_step;
  int nlines;
  bool is_source;         /* an .amr file whose lines may be quoted */
  bool has_bidi;          /* holds a bidirectional control (text_bidi):
                             only then does the scanner look for them */
  SrcDisk *disk;          /* a regular file: where to read a line again */
  Pos refused_at;         /* a file refused as not text has no line index:
                             the place of its one error */
} SrcFile;

/* A place in a file: a span of its bytes. A plan holds about a million
 * locations (every amount, cell and line has one), so they are 16 bytes,
 * and line and column are worked out only for what a message prints. */
typedef struct Loc {
  SrcFile *file;           /* NULL: no place */
  uint32_t begin, end;     /* byte offsets in the text, end exclusive */
} Loc;

/* Line and column of both ends ({0} without a file). For a file given back
 * after parsing, a column reads its line again (src_line); if the file has
 * changed since, columns count bytes. */
Pos loc_pos(Loc loc);
/* The line alone, from the line index: no text needed. */
int loc_line(Loc loc);
/* From the start of a to the end of b (every rule of the grammar). */
static inline Loc loc_span(Loc a, Loc b) {
  a.end = b.end;
  return a;
}
/* The text of a location that lies on one line, or NULL (no text, more
 * than one line, or a file that changed since it was parsed). */
const char *loc_text(Loc loc, int *len);
/* The same, copied into a (NULL when empty or not quotable). Safe to call
 * from several threads at once (par.c), where loc_text is not. */
char *loc_copy(Arena *a, Loc loc);

/* Why src_read or src_read_memory refused a file. source.c reports
 * nothing itself: the diagnostics quote files, so they are the layer above
 * (src_load in load.c turns a refusal into one). */
typedef enum {
  SRC_READ,          /* not refused */
  SRC_CANNOT_OPEN,   /* err: the errno */
  SRC_DIRECTORY,
  SRC_OUT_OF_MEMORY,
  SRC_READ_ERROR,
  SRC_TOO_LARGE,     /* beyond AMR_MAX_FILE_BYTES */
  SRC_NUL,           /* at: where; a NUL byte, so not a text file */
  SRC_NOT_UTF8       /* at: where; byte: the first byte that is not UTF-8 */
} SrcFault;
typedef struct SrcRefusal {
  SrcFault fault;
  int err;
  Loc at;
  unsigned char byte;
} SrcRefusal;
/* Reads and validates a file (or bytes named display); NULL and *why on
 * refusal. */
SrcFile *src_read(Arena *a, const char *path, const char *display, SrcRefusal *why);
SrcFile *src_read_memory(Arena *a, const char *display, const char *bytes, size_t len,
                         SrcRefusal *why);
/* load.c: the same, reporting a refusal into d (an import's at *from, the
 * file named on the command line without a place). */
struct Diags;
SrcFile *src_load(Arena *a, struct Diags *d, const char *path,
                  const char *display, Loc *from);
SrcFile *src_from_memory(Arena *a, struct Diags *d, const char *display,
                         const char *bytes, size_t len);

/* The text of line n (1-based) without its line ending, or NULL when it
 * cannot be quoted (no such line, not a source file, or a file given back
 * that has changed on disk since). After src_release the line is read
 * again into a buffer of the file's that the next call reuses. */
const char *src_line(SrcFile *f, int n, int *len);
/* Where line n (1-based) starts in the text; 0 when there is no such line. */
uint32_t src_line_offset(const SrcFile *f, int n);
/* Gives back the memory of a parsed file's text; its lines stay quotable
 * (src_line) while the file on disk is unchanged. Files that cannot be read
 * again (a pipe, a git revision) keep their text. */
void src_release(SrcFile *f);
/* The bytes before a file's text (a byte order mark); whether two reads of
 * a file found the same file on disk (inode, size, modification time). */
size_t src_bom(const SrcFile *f);
bool src_same_file(const SrcFile *a, const SrcFile *b);

/* ---------------------------------------------------------------- diagnostics */

typedef enum { SEV_NOTE, SEV_WARNING, SEV_ERROR } Severity;

typedef enum {
  DIAG_TEXT,
  DIAG_GITHUB,
  DIAG_SARIF,
  DIAG_JSON,
} DiagFormat;

typedef struct DiagNote {
  Loc loc;
  char *msg;
  char *msg_nl;            /* in Dutch (Diags.nl); NULL: none */
  struct DiagNote *next;
} DiagNote;

typedef struct Diag {
  Severity sev;
  const char *name;        /* stable name: "prefinancing", "syntax", ... */
  Loc loc;
  char *msg;
  char *msg_nl;            /* in Dutch, when Diags.nl asked for it; NULL: none */
  DiagNote *notes;
  const char *accepted;    /* the plan's reason, when it acknowledges it */
  struct Diag *next;
  /* One finding per cause (diags_group): what the finding is about, without
   * the year ("rule:versterken:9:lasten"; NULL: it stands alone), the year,
   * and the message with markers (DIAG_YEARS, DIAG_VAL) and the values the
   * markers stand for, so that the years of one cause form one message. */
  const char *key;
  int year;
  const char *tmpl;
  const char *tmpl_nl;     /* tmpl in Dutch; NULL: none */
  const char **vals;
  int nvals;
  /* The finding that explains this one (key and year): a stated total that
   * differs only because a total below it differs. */
  const char *because;
  int because_year;
  int nfolded;             /* findings of other years or explained, folded in */
  /* Where it stands, for `accept` and for a baseline: the project and line
   * it concerns (NULL, 0: none). */
  const char *project;
  int line;
  const char *years;       /* the years of a group ("2027-2029"); NULL: year */
  bool in_baseline;        /* accepted because a baseline file lists it */
} Diag;

/* Markers in a diag_year message: the year (or years, once grouped) and
 * value n of the finding (values of several years joined by " / "). A
 * plan's text never holds C0 controls (the scanner refuses them). */
#define DIAG_YEARS "\x1fY"
#define DIAG_VAL(n) "\x1f" #n

/* The catalogue: every diagnostic amrc can give, with its default. */
typedef struct DiagInfo {
  const char *name;
  Severity sev;            /* default severity */
  bool can_disable;        /* warnings only */
  const char *summary;
} DiagInfo;
const DiagInfo *diag_info(const char *name);
/* diag_help.c: what a diagnostic means and how to fix it (SARIF's rule
 * texts); NULL for a name without them. */
typedef struct DiagHelp {
  const char *name, *full, *fix;
} DiagHelp;
const DiagHelp *diag_help(const char *name);
extern const DiagInfo diag_catalogue[];

typedef struct Diags {
  Arena *arena;
  Diag *head, *tail;
  int nerrors, nwarnings, nnotes, nsuppressed;
  int nunlisted;           /* errors past max_errors: counted, not listed */
  int max_errors;          /* stop reporting after this many */
  bool werror;
  const char **disabled;   /* -Wno-NAME */
  int ndisabled;
  const char **promoted;   /* -Werror=NAME */
  int npromoted;
  bool overflowed;         /* hit max_errors */
  int nfolded;             /* findings folded into others by diags_group */
  /* Dutch messages (nls.c): when set, each finding and note is also
   * written in Dutch (msg_nl), from the same arguments. */
  const struct Catalog *nl;
  bool dutch;              /* diags_print shows the Dutch messages */
} Diags;

/* A finding's or a note's message in Dutch (where there is one) or English. */
static inline const char *diag_text(const Diag *g, bool dutch) {
  return dutch && g->msg_nl ? g->msg_nl : g->msg;
}
static inline const char *note_text(const DiagNote *n, bool dutch) {
  return dutch && n->msg_nl ? n->msg_nl : n->msg;
}

void diags_init(Diags *d, Arena *a);
/* Reports a diagnostic by catalogue name; returns it (or NULL if disabled)
 * so that notes can be attached. */
Diag *diag_report(Diags *d, const char *name, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
Diag *diag_vreport(Diags *d, const char *name, Loc loc, const char *fmt, va_list ap);
void diag_note(Diags *d, Diag *diag, Loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A list that reports as parent does (enabled names, -Werror, the error
 * limit) into a: for work done apart (a parsing thread, load.c; a slice of
 * a loop, par.c) whose findings join the parent's later. */
void diags_child(Diags *child, const Diags *parent, Arena *a);
/* Moves a child's findings from .. to (exclusive; NULL: to the end) to d
 * as if reported there now: they count, and d's error limit applies. */
void diags_adopt(Diags *d, Diag *from, Diag *to);
/* Once its list is adopted: the errors the child counted past the limit
 * without listing them (d, whose limit is the same, would not have listed
 * them either). */
void diags_adopt_unlisted(Diags *d, const Diags *child);
/* A finding about one year of something that can differ in several years
 * (a rule, an expectation row, a per-year warning): key names the thing
 * without the year; fmt may hold DIAG_YEARS and DIAG_VAL(0..nvals-1). */
Diag *diag_year(Diags *d, const char *name, Loc loc, const char *key, int year,
                const char *const *vals, int nvals, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
/* One finding per cause: the findings of one key that differ only in the
 * year become one (years and values joined), and a finding explained by
 * another (Diag.because) becomes a note on the lowest cause. Counts are
 * made again; Diags.nfolded counts the findings folded in. */
void diags_group(Diags *d);
/* A baseline (baseline.c): the findings a team knew of when it adopted
 * amrc, by what they are (name, what they concern, years), not by place.
 * baseline_write writes the unacknowledged errors and warnings of d to
 * path; baseline_apply acknowledges those path lists and reports the
 * entries that match nothing. Both report trouble as "io" and say false. */
bool baseline_write(Arena *a, Diags *d, const char *path);
bool baseline_apply(Arena *a, Diags *d, const char *path);
/* Marks g acknowledged with reason: it no longer fails the check. */
void diag_accept(Diags *d, Diag *g, const char *reason);
/* A program-level error with no file location ("amrc: ..."). */
Diag *diag_plain(Diags *d, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A part of a message made apart ("line 3 'Kosten' of 'hub'"), in English
 * and, when d asks for Dutch, in Dutch too: pass it as a %s argument of a
 * diag_* call, which keeps the side of its own language. */
const char *diag_phrase(const Diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *diag_vphrase(const Diags *d, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
bool diag_enabled(const Diags *d, const char *name);
bool diags_failed(const Diags *d);       /* errors, or warnings under -Werror */
/* An error, or a warning that -Werror or -Werror=NAME makes one. */
bool diag_is_fatal(const Diags *d, const Diag *g);

typedef struct DiagStyle {
  DiagFormat format;
  bool color;
} DiagStyle;

void diags_print(const Diags *d, FILE *out, DiagStyle style);

/* ---------------------------------------------------------------- AST */

typedef enum {
  EXPR_NUMBER,     /* any literal: value in micros */
  EXPR_PM,
  EXPR_NEG,
  EXPR_ADD,
  EXPR_SUB,
  EXPR_MUL,
  EXPR_DIV,
  EXPR_PAREN,      /* kept so that fmt can print what was written */
  EXPR_PERCENT_OF, /* pct of a side's lines in the same year */
  EXPR_ITEMS,      /* sum of described sub-amounts */
  EXPR_INDEXED,    /* lhs indexed by a rule */
  EXPR_WITHIN,     /* a cell's rule (lhs) and its tolerance (rhs): "= items {...} within 1" */
  EXPR_SHARE,      /* a member's share of lhs by a key: "1_250_000 by key inwoners for x" */
} ExprKind;

typedef struct LineRange {
  int first, last;         /* inclusive line numbers */
  Loc loc;
  struct LineRange *next;
} LineRange;

typedef struct Item {
  const char *text;
  struct Expr *value;
  Loc loc;
  struct Item *next;
} Item;

/* EXPR_SHARE's own fields (few nodes divide by a key). */
typedef struct KeyShare {
  const char *key_name;
  Loc key_loc;
  const char *member_name;
  Loc member_loc;
  struct KeyDecl *key;     /* resolved; NULL: unknown */
  int member;              /* resolved: its position in the key; -1: unknown */
} KeyShare;

/* EXPR_INDEXED's own fields: few nodes are indexed, so they are reached by
 * a pointer rather than widening every node. */
typedef struct Indexing {
  const char *index_name;
  Loc index_loc;
  int from_year;           /* 0: the rule's base year */
  struct IndexDecl *index; /* resolved */
} Indexing;

/* A literal's value in a node: 8-byte aligned, so that after the 8-byte
 * header and the 16-byte Loc it needs no padding (x86-64 and AArch64 load
 * it as two words either way). */
typedef i128 i128_a8 __attribute__((aligned(8)));

/* A plan is mostly literals, and each literal is a node: what only some
 * kinds have shares one 16-byte union, after 8 bytes of header and the Loc,
 * so that a node is 40 bytes, not 96 (checked below; every AST node is
 * 8-byte aligned, and ast.c allocates them so). Read a member only
 * under its kind: a walker that follows lhs and rhs without looking at the
 * kind would read a number's micros as pointers. kind and side are enum
 * bit-fields rather than bytes so that a switch still warns of a kind it
 * misses. */
typedef struct Expr {
  ExprKind kind : 8;
  Side side : 8;           /* EXPR_PERCENT_OF */
  bool is_percent;         /* EXPR_NUMBER written with % */
  uint16_t depth;          /* nesting: AMR_MAX_NESTING bounds operators but not
                              items (only the parser's stack does), so not a byte */
  Loc loc;
  union {
    i128_a8 micros;        /* EXPR_NUMBER */
    Item *items;           /* EXPR_ITEMS */
    struct {               /* operators, EXPR_PAREN, EXPR_PERCENT_OF, EXPR_INDEXED, EXPR_SHARE */
      struct Expr *lhs;    /* the operand; the percentage; the base amount */
      union {
        struct Expr *rhs;    /* binary operators (NULL: EXPR_NEG, EXPR_PAREN) */
        LineRange *ranges;   /* EXPR_PERCENT_OF; NULL: every line of that side but this one */
        Indexing *indexing;  /* EXPR_INDEXED */
        KeyShare *share;     /* EXPR_SHARE */
      };
    };
  };
} Expr;
_Static_assert(sizeof(Expr) == 40, "an Expr is 40 bytes: 8 of header, a Loc, a 16-byte union");
_Static_assert(_Alignof(Expr) == 8, "AST nodes are 8-byte aligned (ast.c's node())");
/* ast.c: an amount stated as a plain number (in parentheses, with minus
 * signs; not a percentage, not a sum) as cents; false for anything else
 * or for an amount beyond the money type. What expectations, a verloop
 * and their tables read as "the amount the document prints". */
bool expr_stated_cents(const Expr *e, int64_t *out);

/* A plan has a few hundred thousand cells, most of them a year and a
 * plain amount ("2026: 12.500"). Such an amount is kept in the cell, not
 * as a node of its own: 40 bytes a cell instead of 32 and a 40-byte Expr
 * (bench/RESULTS.md, "small nodes"). ast_cell makes every plain
 * amount that fits 64 bits a literal, however it was parsed, so that a
 * cell has one form. */
typedef struct Cell {
  uint32_t begin;          /* where its years start: cell_loc */
  int16_t y0, y1;          /* inclusive span */
  uint32_t literal_begin;  /* where its literal amount starts; 0: none, the amount is a node */
  uint32_t literal_end;
  union {
    int64_t literal;       /* micros: the amount as printed, when literal_begin */
    Expr *stated;          /* else the amount as printed, when a rule follows; or NULL */
  };
  Expr *value;             /* the amount, or the rule when a stated or literal amount
                              comes first; NULL: the literal is all there is */
  struct Cell *next;
} Cell;
_Static_assert(sizeof(Cell) == 40, "a Cell is 40 bytes");

/* A row of cells as the parser builds it: its first and its last. */
typedef struct CellList {
  Cell *head, *tail;
} CellList;

static inline bool cell_has_literal(const Cell *c) { return c->literal_begin != 0; }

/* cell_loc, cell_amount_node and cell_rule follow Line. */

typedef struct Ref {       /* NAME, NAME.LINE or LINE */
  Loc loc;
  const char *name;        /* NULL for a bare line number */
  int line;                /* 0 when absent */
} Ref;

typedef struct RefList {
  Ref ref;
  struct RefList *next;
} RefList;

typedef struct YearSpan {
  int y0, y1;
  Loc loc;
} YearSpan;

typedef struct Accept {
  Loc loc;
  const char *name;        /* diagnostic name */
  YearSpan years;          /* y0 == 0: every year */
  const char *reason;
  int index;               /* position among the plan's accepts (resolve.c):
                              Results.accept_used */
  struct Accept *next;
} Accept;
/* ast.c: the first acknowledgement of list that covers finding name in
 * year; a finding of no one year (0) is covered by any of its name. The
 * checker marks what it used (Results.accept_used); this only looks. */
const Accept *accept_covering(const Accept *list, const char *name, int year);

typedef enum { RULE_EQ, RULE_AT_LEAST, RULE_AT_MOST } RuleCompare;

typedef struct RuleDecl {  /* rule lasten [YEARS] = EXPR within TOL; >= and <= for bounds */
  Loc loc;
  Side side;
  YearSpan years;          /* y0 == 0: the whole horizon */
  RuleCompare compare;
  Expr *expr;
  Expr *tolerance;         /* NULL: exact */
  struct RuleDecl *next;
} RuleDecl;

typedef enum { CLASS_NONE, CLASS_STRUCTURAL, CLASS_INCIDENTAL } MoneyClass;

/* An amount for a year or span (reservations, transfers, expectations):
 * like a cell, it ends where its value does. */
typedef struct YearAmount {
  uint32_t begin;          /* where its years start: year_amount_loc */
  int16_t y0, y1;
  Expr *value;
  struct YearAmount *next;
} YearAmount;

static inline Loc year_amount_loc(const YearAmount *ya) {
  return (Loc){ya->value->loc.file, ya->begin, ya->value->loc.end};
}

struct Project;
struct Source;

/* A plan has tens of thousands of lines: the small fields are packed
 * together at the end rather than padded out after each pointer. */
typedef struct Line {
  Loc loc;                 /* from the number through the category */
  const char *category;
  const char *group;       /* the group heading above it, if any */
  Cell *cells[2];
  Ref *source_ref;         /* baten: where the money comes from; NULL: none */
  Ref *paid_by;            /* lasten: coverage; NULL: none */
  struct LineExtra *extra;  /* taakveld, rules, accepts; NULL: none */
  const char *note;
  struct Line *next;

  /* resolved and computed */
  struct Project *project;
  struct Source *source;           /* from source_ref */
  struct Source *paid_by_source;   /* coverage by a source */
  struct Line *paid_by_line;       /* coverage by a baten line */
  int index;                       /* position in Plan.lines */

  int nr;
  uint32_t nr_end;         /* where the number ends: line_nr_loc */
  MoneyClass money_class : 8;  /* a bit-field, as Expr's kind: 152 bytes, not 160 */
  bool receives_transfer;
} Line;
_Static_assert(sizeof(Line) <= 152, "a Line is at most 152 bytes");

/* From the cell's years through its value; l is the cell's line, whose
 * file it is in. */
static inline Loc cell_loc(const Line *l, const Cell *c) {
  return (Loc){l->loc.file, c->begin, c->value ? c->value->loc.end : c->literal_end};
}

/* The amount as the table prints it, as a node: the cell's own, or its
 * literal made one in *scratch. */
static inline Expr *cell_amount_node(const Line *l, const Cell *c, Expr *scratch) {
  if (!cell_has_literal(c))
    return c->stated ? c->stated : c->value;
  *scratch = (Expr){.kind = EXPR_NUMBER,
                    .depth = 1,
                    .loc = {l->loc.file, c->literal_begin, c->literal_end},
                    .micros = c->literal};
  return scratch;
}

/* The rule that follows the amount ("= 3 + 4"), or NULL. */
static inline Expr *cell_rule(const Cell *c) {
  return cell_has_literal(c) || c->stated ? c->value : NULL;
}

/* What few lines have, kept apart so that the rest do not carry it (in the
 * benchmark plans, about one line in five has any of them). */
/* The administration's codes that book to a line (realisatie, actuals.c):
 * `books [baten|lasten] kostenplaats 6010 kostensoort 4300..4399, 4410`.
 * Codes are kept as written; two codes of digits compare as numbers. */
typedef struct CodeRange {
  const char *lo, *hi;     /* hi == lo: one code */
  Loc loc;
  struct CodeRange *next;
} CodeRange;

typedef struct Books {
  Loc loc;
  int side;                /* SIDE_BATEN, SIDE_LASTEN, or -1: the line's one side */
  CodeRange *kostenplaats; /* NULL: the project's */
  CodeRange *kostensoort;  /* NULL: every cost type of the cost centre */
  struct Books *next;
} Books;

/* When a line's budget is spent within a year (`spends monthly`,
 * `spends quarterly`, `spends at "30-09"`); the default is monthly. */
typedef enum { SPEND_MONTHLY, SPEND_QUARTERLY, SPEND_AT } SpendKind;
typedef struct Spends {
  Loc loc;
  SpendKind kind;
  int month, day;          /* SPEND_AT */
} Spends;

/* paid outside "WHO" { 2026: 40_000 }: lasten of the line that someone
 * outside the plan pays; the money never enters the plan (docs/coverage.md). */
typedef struct Outside {
  Loc loc;
  const char *who;
  YearAmount *amounts;
} Outside;

typedef struct LineExtra {
  const char *taakveld;
  Loc taakveld_loc;
  RuleDecl *rules;
  Accept *accepts;
  Books *books;
  Spends *spends;
  Outside *outside;
  /* reserve NAME: the line is a mutation of that reserve, its lasten
   * additions (toevoegingen) and its baten withdrawals (onttrekkingen) */
  Ref account_ref;
  struct Account *account;  /* resolved (annual.c) */
} LineExtra;

static inline const char *line_taakveld(const Line *l) { return l->extra ? l->extra->taakveld : NULL; }
static inline RuleDecl *line_rules(const Line *l) { return l->extra ? l->extra->rules : NULL; }
static inline Accept *line_accepts(const Line *l) { return l->extra ? l->extra->accepts : NULL; }
static inline Books *line_books(const Line *l) { return l->extra ? l->extra->books : NULL; }
static inline Spends *line_spends(const Line *l) { return l->extra ? l->extra->spends : NULL; }
static inline Outside *line_outside(const Line *l) { return l->extra ? l->extra->outside : NULL; }
static inline bool line_is_mutation(const Line *l) { return l->extra && l->extra->account_ref.name; }

/* The place of a line's number (it starts where the line does). */
static inline Loc line_nr_loc(const Line *l) {
  return (Loc){l->loc.file, l->loc.begin, l->nr_end};
}

typedef struct Reserve {
  Loc loc;
  const char *name;
  const char *title;
  YearAmount *amounts;
  int index;               /* position among the plan's reservations (resolve.c) */
  struct Reserve *next;
} Reserve;

typedef struct Prefinance {
  Loc loc;
  YearSpan years;
  const char *reason;
  int index;               /* position among the plan's prefinance declarations */
  struct Prefinance *next;
} Prefinance;

/* How a unit's balance behaves from year to year (docs/language.md,
 * "Balance models"): a fund carries its balance and must not run out; an
 * annual programme carries nothing and its saldo is a result, balanced for
 * the plan as a whole each year. BALANCE_DEFAULT: what the plan says. */
typedef enum { BALANCE_DEFAULT, BALANCE_FUND, BALANCE_ANNUAL } BalanceModel;

typedef struct Project {
  Loc loc;
  const char *id;
  const char *title;
  const char *section;
  Loc section_loc;
  Ref programme_ref;
  bool has_programme;
  const char **contacts;
  int ncontacts;
  Expr *opening_expr;
  Ref opening_source_ref;  /* the source the opening balance came from */
  bool has_opening_source;
  Reserve *reserves;
  Prefinance *prefinances;
  Accept *accepts;
  Books *books;            /* the cost centre its lines book to */
  const char *note;
  Line *lines;
  int nwritten;            /* lines, counted as they are parsed */
  BalanceModel balance;    /* as written; project_annual() resolves it */
  Loc balance_loc;

  /* resolved and computed */
  struct Source *opening_source;
  Line **by_nr;            /* lines sorted by number, for lookups */
  int nlines;              /* in by_nr */
  struct Programme *programme;
  int index;
} Project;

/* A reserve or voorziening of the plan (reserve NAME "TITLE" { ... } at
 * the top level): an account with a balance of its own, moved by the
 * lines that name it. Not the reservation inside a project's balance
 * (Reserve, above). */
typedef struct Account {
  Loc loc;
  const char *id;
  const char *title;
  Expr *opening;           /* the balance at 1 January of the first year; NULL: not stated */
  const char *note;
  int index;
} Account;

typedef struct Programme {
  Loc loc;
  const char *id;
  const char *title;
  int index;
} Programme;

/* A taakveld's name, as the list the plan follows gives it
 * (`taakveld 6.3 "Inkomensregelingen"`; stdlib/taakvelden.amr holds the
 * municipal one). A plan that declares any checks its lines' codes
 * against them. */
typedef struct TaakveldDecl {
  Loc loc;
  const char *code;
  const char *name;
} TaakveldDecl;

/* A key (verdeelsleutel) by which a joint body's members pay a total: each
 * member's weight (inhabitants, or a percentage), the member that takes the
 * rounding residue, the step shares are rounded to. */
typedef struct KeyMember {
  Loc loc;
  const char *id;
  i128_a8 weight;          /* micros of the count or of the fraction (12.5% = 125000) */
  bool percent;
  struct KeyMember *next;
} KeyMember;
typedef struct KeyDecl {
  Loc loc;
  const char *id;
  const char *title;
  KeyMember *members, *members_tail;
  int nmembers;
  const char *residue;     /* the member that takes total minus the others' shares */
  Loc residue_loc;
  Expr *step;              /* round STEP, in the plan's unit; NULL: a cent, or one unit */
  Loc step_loc;
  /* resolved (resolve.c): the weights' sum, the residue's position, and
   * whether the key can divide (its errors reported where it is declared) */
  i128_a8 total_weight;
  int residue_index;
  bool ok;
} KeyDecl;

typedef struct IndexDecl {
  Loc loc;
  const char *id;
  const char *title;
  Expr *rate;              /* percent */
  int base_year;            /* 0: not written; the plan's first year (index_base_year) */
  Loc base_loc;
  Expr *step;              /* in euros */
  int rounding;            /* -1 down, 0 nearest, 1 up */
} IndexDecl;

/* The year an indexed amount is stated in: the rule's base, or, where
 * the rule names none, the plan's first year (a rule of the stdlib serves
 * every plan whatever year it starts in). */
int index_base_year(const IndexDecl *x, int first_year);

typedef enum {
  STATUS_NONE,
  STATUS_TOEGEZEGD,
  STATUS_AANGEVRAAGD,
  STATUS_VERWACHT,
} SourceStatus;

typedef struct Rules {     /* what a kind or source says of its money */
  bool earmarked;
  bool repay_unspent;
  bool after_settlement;
  MoneyClass money_class;
} Rules;

typedef struct KindDecl {
  Loc loc;
  const char *id;
  const char *title;
  Rules rules;
  const char *note;
} KindDecl;

typedef struct Source {
  Loc loc;
  const char *id;
  const char *title;
  Ref kind_ref;
  bool has_kind;
  SourceStatus status;
  Loc status_loc;          /* where it is given (a second one is an error) */
  Rules rules;             /* its own, merged with its kind's when resolved */
  RefList *earmarked_for;
  const char *note;
  Accept *accepts;

  KindDecl *kind;
  int index;
} Source;

typedef struct Transfer {
  Loc loc;
  Ref from, to;
  YearAmount *amounts;     /* NULL: the paying line's whole lasten */
  Line *from_line, *to_line;
  int index;               /* position in Plan.transfers */
} Transfer;

typedef enum {
  MEASURE_OPENING,
  MEASURE_BATEN,
  MEASURE_LASTEN,
  MEASURE_CLOSING,
  MEASURE_SALDO,
  MEASURE_RESULT,          /* saldo after the mutations of reserves */
} Measure;

typedef struct ExpectRow {
  Loc loc;
  Measure measure;
  YearAmount *amounts;
  struct ExpectRow *next;
} ExpectRow;

typedef enum { SUBJECT_PROJECT, SUBJECT_PROGRAMME, SUBJECT_PLAN } SubjectKind;

typedef struct Expect {
  Loc loc;
  SubjectKind subject;
  Ref ref;                 /* the project or programme */
  struct Accept *accepts;  /* acknowledged differences */
  Expr *tolerance;
  ExpectRow *rows;
} Expect;

/* column YEAR KIND ["TITLE"]: a year before the horizon that the document
 * prints beside it (the actuals of a closed year, the current year's
 * budget after its changes, a budget as first adopted). Its cells are
 * evaluated, shown and compared with the plan's stated totals, never
 * checked for coverage (columns.c). */
typedef enum { COLUMN_ACTUALS, COLUMN_AMENDED, COLUMN_ADOPTED } ColumnKind;
typedef struct ColumnDecl {
  Loc loc;
  int year;
  ColumnKind kind;
  const char *title;       /* NULL: the kind's own words and the year */
  struct ColumnDecl *next;
} ColumnDecl;

/* The two summary tables: a row per programme line, and a row per project
 * under its programme line. */
typedef enum { SUMMARY_PROGRAMMES, SUMMARY_PROJECTS, SUMMARY_KINDS } SummaryKind;

typedef struct PlanDecl {
  Loc loc;
  const char *id;
  const char *title;
  YearSpan years;
  bool has_years;
  const char *currency;
  Loc currency_loc;        /* where it is given (a second one is an error) */
  const char *note;
  /* unit N: every amount of the plan is written, computed, checked and
   * printed in units of N euros ("x € 1.000"); 0: in euros. */
  int64_t unit;
  Loc unit_loc;
  BalanceModel balance;    /* the plan's default for its projects */
  Loc balance_loc;
  /* summary programmes|projects "TITLE": the summary tables' titles as the
   * document prints them ("Tabel 3: ..."), by SummaryKind; NULL: the BBV's
   * own words. */
  const char *summary_title[SUMMARY_KINDS];
  Loc summary_loc[SUMMARY_KINDS];
  /* sign baten|lasten|saldo negative: the document prints that amount with
   * the opposite sign (lasten as -7.912, a saldo as lasten - baten) */
  bool negative[3];
  Loc sign_loc[3];
  ColumnDecl *columns;     /* as written */
} PlanDecl;

/* verloop "TITLE" [within TOL] { ... }: the course of a budget from the
 * previous plan to this one, as the document prints it (verloop.c). Rows
 * in the document's order: the previous plan (from), changes (a title and
 * amounts), group headings, subtotals of a group's changes, the new plan
 * (to). */
typedef enum { VROW_FROM, VROW_CHANGE, VROW_GROUP, VROW_SUBTOTAL, VROW_TO } VerloopRowKind;
typedef struct VerloopRow {
  Loc loc;
  VerloopRowKind kind;
  const char *title;       /* NULL: a subtotal without one */
  YearAmount *amounts;
  struct VerloopRow *next;
} VerloopRow;
typedef struct Verloop {
  Loc loc;
  const char *title;
  Expr *tolerance;
  VerloopRow *rows;
} Verloop;

typedef enum {
  DECL_IMPORT,
  DECL_PLAN,
  DECL_PROGRAMME,
  DECL_INDEX,
  DECL_KIND,
  DECL_SOURCE,
  DECL_TRANSFER,
  DECL_EXPECT,
  DECL_ACCOUNT,
  DECL_VERLOOP,
  DECL_TAAKVELD,
  DECL_KEY,
  DECL_PROJECT,            /* last: Program counts declarations by kind */
} DeclKind;

typedef struct Decl {
  DeclKind kind;
  Loc loc;
  union {
    struct { const char *path; Loc path_loc; } import;
    PlanDecl *plan;
    Programme *programme;
    IndexDecl *index;
    KindDecl *kind_decl;
    Source *source;
    Transfer *transfer;
    Expect *expect;
    Project *project;
    Account *account;
    Verloop *verloop;
    TaakveldDecl *taakveld;
    KeyDecl *key;
  } u;
  struct Decl *next;
} Decl;

/* ast_dump.c: the declarations without locations or spellings (numbers by
 * value), so that two texts of the same plan dump the same. */
void ast_dump(const Decl *decls, Buf *out);

/* ---------------------------------------------------------------- loading */

typedef struct LoadOptions {
  const char **include_dirs;
  int ninclude;
  const char *stdlib_dir;
  bool allow_outside;
  /* When set, plan files are read through this instead of the file system
   * (amrc diff --git reads a revision). With bytes NULL it only answers
   * whether path names a file; otherwise it sets *bytes (malloc'd, freed by
   * the loader) and *len. Paths are then compared as written, normalised,
   * not through realpath. */
  bool (*read)(void *ctx, const char *path, char **bytes, size_t *len);
  void *read_ctx;
} LoadOptions;

typedef struct Program {
  Decl *decls, *decls_tail;   /* every file's declarations, imports expanded
                                 in place (depth first, each file once) */
  /* How many of each kind, counted as they are appended: the resolver
   * sizes its maps from them without a walk of the list, a serial run of
   * cache misses on a large plan. A hint: a map that needs more grows. */
  size_t declared[DECL_PROJECT + 1];
  SrcFile **files;
  int nfiles;
  const char *root_dir;
} Program;

bool load_program(Arena *a, Interner *in, Diags *d, const LoadOptions *opt,
                  const char **paths, int npaths, Program *out);
/* An absolute path with '.', '..' and repeated '/' resolved as text, not
 * through the file system (for files that come from git). */
const char *normal_path(Arena *a, const char *path);
bool load_program_from_memory(Arena *a, Interner *in, Diags *d,
                              const char *display, const char *bytes,
                              size_t len, Program *out);

/* par.c: a stage's loop over items (projects, lines) in slices on threads;
 * a slice allocates in its arena and reports into its list, and the lists
 * join the stage's diagnostics in item order, so the output is that of one
 * pass. Threads are used for plans of PAR_MIN_LINES lines or more, or when
 * AMRC_THREADS asks (threads_wanted). A stage makes its Par (par_new) for
 * its arena and diagnostics; nothing of it lives in the plan. */
enum { PAR_MIN_LINES = 4096 };
typedef struct Par Par;
typedef struct ParSlice {
  Arena *arena;            /* what the slice's items allocate */
  Diags *diags;            /* what they find */
  bool ok;                 /* cleared by an item that fails */
} ParSlice;
/* Runs items [begin, end), which touch only what is theirs. */
typedef void ParFn(void *ctx, ParSlice *slice, int begin, int end);
/* Whether an item reaches into items outside its slice [begin, end): then
 * it runs after the slices, on the calling thread, its findings put where
 * it stands. */
typedef bool ParDefer(void *ctx, int item, int begin, int end);
/* Slices allocate in a (children of it) and report into d; nlines: the
 * plan's size, which decides whether threads pay. */
Par *par_new(Arena *a, Diags *d, int nlines);
/* fn over [0, n); false when a slice cleared its ok. */
bool par_for(Par *par, int n, ParFn *fn, ParDefer *defer, void *ctx);
/* How many slices the loops are cut into: 1, every loop on the calling
 * thread and nothing deferred. */
int par_slices(const Par *par);
/* Threads for a run: the cores this process may use, at most 4, or what
 * AMRC_THREADS says (*forced: then whatever the plan's size). */
int threads_wanted(bool *forced);

const char *diag_errno(const Diags *d, int err);
/* msgid (marked with N_, no conversions) as a phrase in both languages
 * for a diagnostic's argument, as diag_phrase. */
const char *diag_phrase_msgid(const Diags *d, const char *msgid);

/* Writes the buffer to path whole or not at all (temp file, then rename).
 * path "-" writes to stdout. Returns false (and has said why) on failure. */
bool write_whole(const char *path, const Buf *b, Diags *d);
/* amrc fmt's rewrite of a file: through a symlink, keeping hard links,
 * mode and owner, refusing a read-only file (output.c). */
bool write_in_place(const char *path, const Buf *b, const char *old, size_t old_len, Diags *d);
/* Whether two paths name the same file (device and inode). */
bool same_file(const char *a, const char *b);

int utf8_width(const char *s);   /* display columns of a UTF-8 string */

#endif

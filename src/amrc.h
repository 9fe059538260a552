/* amrc.h: the one header every stage shares.
 *
 * The stages, in the order data flows through them (docs/architecture.md):
 *   source.c   bytes of a file -> SrcFile (validated UTF-8, line index)
 *   lexer.l    SrcFile -> tokens with locations          (grammar/)
 *   parser.y   tokens -> Decl lists, via the builders in ast.c
 *   load.c     the root file and its imports -> one Program (all Decls)
 *   resolve.c  Program -> Plan (names bound, years checked)
 *   eval.c     Plan (+ Scenario) -> Results: amounts per line, side and
 *              year; balances
 *   check.c    Plan + Results -> coverage, transfers, sources, expectations
 *   driver.c   the stages above in order (compile_plan)
 *   emit_*.c   Plan + Results -> tables, Markdown, CSV, JSON, C header
 *   main.c     the command line
 */
#ifndef AMRC_H
#define AMRC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define AMRC_VERSION "0.1.0"

/* Limits that keep a hostile file from exhausting memory or time. */
#define AMR_MAX_FILE_BYTES   (64L * 1024 * 1024)
#define AMR_MAX_IDENT        256
#define AMR_MAX_NESTING      64
#define AMR_MAX_YEARS        50
#define AMR_MAX_FILES        1000
#define AMR_DEFAULT_MAX_ERRORS 50

/* SSE2 (every x86-64) lets the file check (source.c) and the string scan
 * (lexer.l) read sixteen bytes at a time. AMRC_NO_SIMD, set by make
 * check-sanitize, builds their portable code instead, so that CI tests
 * both. */
#if defined(__SSE2__) && !defined(AMRC_NO_SIMD)
#define AMRC_SSE2 1
#else
#define AMRC_SSE2 0
#endif

/* ---------------------------------------------------------------- arena */

typedef struct ArenaBlock ArenaBlock;
typedef struct ArenaOwned ArenaOwned;
typedef struct Arena {
  ArenaBlock *head;
  ArenaOwned *owned;
  struct Arena *children;  /* arena_child: freed with this one */
  struct Arena *sibling;
  size_t next_block;       /* bytes of the next block; 0: the first, a small one */
} Arena;

void *arena_alloc(Arena *a, size_t n);           /* zeroed */
/* Zeroed, aligned to align (a power of two): for the many small nodes
 * whose alignment is less than malloc's. */
void *arena_alloc_aligned(Arena *a, size_t n, size_t align);
/* Room for one more item in an array of *cap items of size bytes, n of them
 * used: items itself while n < *cap, else a copy of the n items in an array
 * twice as large (16 at first), *cap updated. The old array stays in the
 * arena till it is freed, like everything in it. */
void *arena_grow(Arena *a, void *items, int n, int *cap, size_t size);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arena_free(Arena *a);
/* Memory from malloc that lives as long as the arena unless given back
 * sooner: arena_free frees *slot, and whoever frees it first sets *slot to
 * NULL. For buffers too large to keep till the end (a file's text). */
void **arena_own(Arena *a, void *p);
/* calloc that stops amrc as the arena does when memory runs out: for
 * scratch that is freed before the run ends. */
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* An arena of its own, freed with its parent: for memory that one thread
 * fills while another fills the parent (a parsing thread's, load.c). */
Arena *arena_child(Arena *parent);
/* Gives the system back the unused tail of the current block: for an arena
 * that is done growing, whose pages brought in ahead of use would otherwise
 * stay. */
void arena_trim(Arena *a);
/* Bytes the arena and its children hold from the system. */
size_t arena_size(const Arena *a);

/* Interned identifiers: equal names are the same pointer. */
typedef struct Interner Interner;
Interner *interner_new(Arena *a);
/* The interner's hash, and of a NUL-terminated name: for the tables of
 * names in resolve.c and check.c. */
uint64_t text_hash(const char *s, size_t n);
size_t name_hash(const char *s);
const char *intern(Interner *in, const char *s, size_t n);
/* Gives back the interner's table; its strings stay. Interning only saves
 * memory (no name is compared by address), and only the scanner interns,
 * so once a plan is loaded the table is dead weight. */
void interner_forget(Interner *in);
/* Slots in its table: bounded, however many strings it has seen. */
size_t interner_slots(const Interner *in);

/* A growable byte buffer for building output before it is written whole. */
typedef struct Buf {
  char *data;
  size_t len, cap;
  bool oom;
} Buf;
void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(Buf *b);
void buf_amr_string(Buf *b, const char *s);  /* s as an .amr string literal */

/* ---------------------------------------------------------------- money */

/* Money is int64 cents. Expressions are evaluated in "micros" (millionths
 * of a euro) held in 128 bits, so counts like 2.65 fte and rates like 5.1%
 * stay exact until the result is rounded to a cent, once. */
__extension__ typedef __int128 i128;
#define MICROS_PER_CENT 10000
#define MICROS_PER_UNIT 1000000

bool money_add(int64_t a, int64_t b, int64_t *out);  /* false on overflow */
bool money_sub(int64_t a, int64_t b, int64_t *out);
int64_t money_add_sat(int64_t a, int64_t b);           /* stays at the limit */
int64_t money_sub_sat(int64_t a, int64_t b);
bool micros_to_cents(i128 micros, int64_t *cents);    /* half away from zero */
/* A count or a fraction in micros as a decimal, no more digits than it has. */
const char *micros_text(struct Arena *a, i128 micros);
i128 div_round(i128 num, i128 den);                   /* half away from zero */
/* |cents| times factor (in micros: 5% is 50_000), half away from zero,
 * INT64_MAX beyond the money type: a tolerance relative to an amount. */
int64_t money_abs_times(int64_t cents, i128 factor_micros);

/* "€ 1.787.349" (Dutch, whole euros unless cents), "-€ 127.800", "-" for 0 */
void fmt_eur_nl(char *out, size_t cap, int64_t cents, bool dash_for_zero);
/* The same with a no-break space (U+00A0) after the sign, for text that a
 * reader's screen wraps (a pull-request comment): "€ 1.787.349" never
 * breaks between "€" and its digits. */
#define EUR_NOBREAK "\xC2\xA0"
void fmt_eur_nobreak(char *out, size_t cap, int64_t cents);
/* The same for an amount in units of unit euros (a plan's unit): shown
 * in euros, "€ 160.000" for 160 x € 1.000, so that a message means the
 * same with or without a unit. */
void fmt_eur_unit(char *out, size_t cap, int64_t cents, int64_t unit);
/* "1787349.00" or "-127800.00"; decimal comma when comma is set */
void fmt_decimal(char *out, size_t cap, int64_t cents, bool comma);
/* "1.787.349" / "1,787,349" grouping without a currency sign */
void fmt_grouped(char *out, size_t cap, int64_t cents, char group, char decimal);

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
/* text.c: one UTF-8 code point: its length, and *cp = -1 when the bytes
 * are not valid UTF-8 (then the length is 1). */
int utf8_decode(const unsigned char *s, size_t avail, int32_t *cp);

/* unichar.c: characters that cannot be seen or look like others (a
 * no-break space, a minus sign, curly quotes, a Cyrillic 'о'), named by
 * code point and Unicode name, with what to type instead. */
typedef enum { UC_SPACE, UC_INVISIBLE, UC_QUOTE, UC_LOOKALIKE } UniCharKind;
typedef struct UniChar {
  int32_t cp;
  const char *name;        /* the Unicode name */
  UniCharKind kind;
  const char *instead;     /* the ASCII it stands for; "" for nothing */
} UniChar;
const UniChar *unichar_info(int32_t cp);              /* NULL: not in the table */
const char *unichar_describe(struct Arena *a, int32_t cp);  /* "U+2212 MINUS SIGN" */
/* the Unicode name of an ASCII character ("HYPHEN-MINUS"), in buf or static */
const char *unichar_ascii_name(char c, char *buf, size_t cap);
int pasted_minus(const char *p);  /* bytes of a '-', U+2212 or U+2013 at p; 0: none */
/* TR39-style skeleton: two texts that look alike have the same one */
const char *unichar_skeleton(struct Arena *a, const char *s);
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
bool diag_enabled(const Diags *d, const char *name);
bool diags_failed(const Diags *d);       /* errors, or warnings under -Werror */
/* An error, or a warning that -Werror or -Werror=NAME makes one. */
bool diag_is_fatal(const Diags *d, const Diag *g);

typedef struct DiagStyle {
  DiagFormat format;
  bool color;
} DiagStyle;

/* nls.c: a GNU gettext message catalogue (.mo, made by msgfmt from
 * po/LANG.po). catalog_get gives the translation of msgid, or NULL. */
typedef struct Catalog Catalog;
Catalog *catalog_read(Arena *a, const char *path, const char **why);
const char *catalog_get(const Catalog *c, Arena *a, const char *msgid);
/* Marks a string for the catalogue (tools/po-extract.sh) where it is not
 * the format of a diag_* call. */
#define N_(s) s
/* The Dutch catalogue where amrc finds it, or NULL after a warning. */
const Catalog *nls_dutch(Arena *a);
/* A subcommand's Dutch catalogue when its arguments hold --lang=nl (the
 * last --lang before "--"), else NULL: its messages are then English. */
const Catalog *nls_args(Arena *a, int argc, char **argv);
/* msgid in nl's language: its translation, or msgid when nl is NULL or
 * has none. nls_printf formats it; nls_say prints "cmd: message" and a
 * line break on stderr. */
const char *nls_text(const Catalog *nl, Arena *a, const char *msgid);
const char *nls_printf(const Catalog *nl, Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void nls_say(const Catalog *nl, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
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

typedef enum { SIDE_BATEN = 0, SIDE_LASTEN = 1 } Side;

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
   * that belonged inside, is told about it */
  Loc closed_at;
  const char *closed;
  Decl *closed_decl;       /* the last declaration then: only until the next */
  bool keep_comments;      /* the scanner returns COMMENT tokens (fmt.c) */
  /* The scanner's last token other than a comment (0: none yet): a number
   * right after 'taakveld' is a code, and "6.711" there is not an amount
   * written as printed. */
  int last_token;
  struct AstScratch *scratch; /* ast.c's own (ends of lists, notes being
                                 joined), so that a long list stays linear;
                                 created on first use, in the arena */
} ParseCtx;

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
void ast_key_member(ParseCtx *c, Loc loc, const char *id, NumTok weight, bool percent);
void ast_key_residue(ParseCtx *c, Loc loc, const char *member, Loc member_loc);
void ast_key_round(ParseCtx *c, Loc loc, Expr *step);
Expr *ast_share(ParseCtx *c, Loc loc, Expr *total, const char *key, Loc key_loc,
                const char *member, Loc member_loc);
void ast_index_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_index_rate(ParseCtx *c, Loc loc, Expr *rate);
void ast_index_base(ParseCtx *c, Loc loc, int year, Loc year_loc);
void ast_index_round(ParseCtx *c, Loc loc, int mode, Expr *step);
void ast_kind_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_kind_note(ParseCtx *c, const char *note);
void ast_source_begin(ParseCtx *c, Loc loc, const char *id, const char *title);
void ast_source_kind(ParseCtx *c, Loc loc, const char *kind, Loc kind_loc);
void ast_source_status(ParseCtx *c, Loc loc, const char *status);
void ast_source_note(ParseCtx *c, const char *note);
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
void ast_project_contact(ParseCtx *c, const char *name);
void ast_project_opening(ParseCtx *c, Loc loc, Expr *value);
void ast_project_opening_source(ParseCtx *c, Ref src);
void ast_project_group(ParseCtx *c, Loc loc, const char *title);
void ast_project_note(ParseCtx *c, const char *note);
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
void ast_line_note(ParseCtx *c, const char *note);
/* books [SIDE] kostenplaats CODES [kostensoort CODES]; side -1: none given */
void ast_books(ParseCtx *c, Loc loc, int side, CodeRange *kostenplaats, CodeRange *kostensoort);
CodeRange *ast_code_range(ParseCtx *c, Loc loc, const char *lo, const char *hi);
CodeRange *ast_code_ranges(ParseCtx *c, CodeRange *list, CodeRange *r);
void ast_line_spends(ParseCtx *c, Loc loc, const char *how, Loc how_loc, const char *date,
                     Loc date_loc);

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

/* ---------------------------------------------------------------- the plan */

/* The resolved plan: every name bound, every item numbered (its index).
 * Once resolve_plan returns it is only read; what is computed from it lives
 * in Results beside it. */
typedef struct Plan {
  Arena *arena;           /* where its nodes live */
  Program *program;
  PlanDecl *decl;
  int first_year, nyears;
  Programme **programmes; int nprogrammes;
  Project **projects;     int nprojects;
  Line **lines;           int nlines;
  Source **sources;       int nsources;
  KindDecl **kinds;       int nkinds;
  IndexDecl **indexes;    int nindexes;
  Transfer **transfers;   int ntransfers;
  Expect **expects;       int nexpects;
  Account **accounts;     int naccounts;
  Verloop **verloops;     int nverloops;
  TaakveldDecl **taakvelden; int ntaakvelden;  /* in the order declared */
  KeyDecl **keys;         int nkeys;
  int nreserves, naccepts, nprefinances;  /* numbered by resolve.c */
  int noutsides;          /* lines that say `paid outside` (resolve.c) */
  /* Errors that leave the rest of the plan checkable (resolve.c): per
   * project, an error of its own or of a source or transfer it names; per
   * expectation, a name it could not bind; project declarations left out
   * (the second of a name). NULL arrays: none. `partly` is false when an
   * error concerns the whole plan (its horizon, a duplicate programme,
   * source, kind or indexation rule): then nothing is checked. */
  bool *project_errors;
  bool *expect_errors;
  int ndropped;
  bool partly;
} Plan;

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

/* text.c: a plan's text made safe for where it goes (see there). */
bool text_neutralised(int32_t cp);  /* a character shown as '?' to people */
bool text_bidi(int32_t cp);         /* a bidirectional override or isolate */
const char *text_cut(struct Arena *a, const char *s, int max);  /* max characters, then "…" */
/* Items numbered by key, equal keys one group (text.c), by hashing */
typedef struct Groups {
  int *of;                 /* group of each item */
  int n;                   /* how many groups */
} Groups;
typedef uint64_t (*KeyHash)(const void *item);
typedef bool (*KeyEq)(const void *x, const void *y);
Groups group_items(struct Arena *a, const void *const *items, int n, KeyHash hash, KeyEq eq);
uint64_t string_hash(const void *s);  /* KeyHash and KeyEq of NUL-terminated strings */
bool string_eq(const void *x, const void *y);
const char *text_clean(Arena *a, const char *s);  /* one line for a table cell */
void text_put_clean(Buf *b, const char *s, size_t n, bool keep_lines);
void md_escape(Arena *a, Buf *out, const char *s);   /* GitHub Markdown inline text */
void html_escape(Arena *a, Buf *out, const char *s); /* HTML text or quoted attribute */
void buf_json_string(Buf *b, const char *s);         /* a JSON string; NULL: null */
void c_string(Buf *out, const char *s, size_t max);  /* a C string literal; NULL: 0 */
void c_comment_safe(Buf *out, const char *s);
/* Levenshtein distance, for "did you mean"; SIZE_MAX for long names. */
size_t edit_distance(const char *a, const char *b);
/* The nearest of the candidates offered to name, or best NULL. */
typedef struct Closest {
  const char *name;
  size_t limit, best_d;
  const char *best;
} Closest;
Closest closest_begin(const char *name);
void closest_offer(Closest *c, const char *candidate);

/* resolve.c: binds names; false when it found an error (plan->partly says
 * whether the projects without one can still be checked). */
bool resolve_plan(Plan *plan, Program *prog, Arena *a, Diags *d);
/* Adds to set (per project) every project that depends on one in it: joined
 * by a transfer, coverage by another project's line, a source that some
 * line names as its coverage, a reserve account, the annual balance; those
 * cannot be judged without it. Returns how many are in the set. */
int plan_spread_unchecked(const Plan *plan, bool *set);
Project *plan_project(const Plan *plan, const char *id);
/* The name the plan declares for a taakveld code; NULL: none. */
const char *plan_taakveld_name(const Plan *plan, const char *code);
Line *project_line(const Project *p, int nr);
/* ---------------------------------------------------------------- results */

/* --scenario SOURCE=PERCENT: a source realised at a percentage. */
typedef struct ScenarioArg {
  const char *source;       /* the source's name as given */
  int32_t realised;         /* hundredths of a percent: 8000 is 80% */
} ScenarioArg;

/* A what-if: per source index, the part of its baten that is realised, in
 * hundredths of a percent (10000: as planned). A Scenario of NULL (or with
 * realised NULL) is the plan as written. */
typedef struct Scenario {
  const int32_t *realised;
  /* Amounts in place of the computed ones (the realisatie's forecast,
   * actuals.c): per cell of the whole plan, [2 * (Line.index * nyears +
   * yi) + side], used where set[] is non-zero. NULL: none. */
  const int64_t *cents;
  const uint8_t *set;
} Scenario;
/* driver.c: the source of that name, or NULL. */
const Source *plan_source(const Plan *plan, const char *id);

/* What eval.c computes from a plan, and check.c marks, kept beside the
 * plan rather than in it, so that one plan can have several (the plan as
 * written, a what-if). Arrays are indexed by the positions resolve.c gives
 * (Line.index, Project.index, Transfer.index, Reserve.index, Accept.index,
 * Prefinance.index), so that a new table of results (an allocation, a
 * comparison with actuals) can sit beside these the same way. Read it
 * through the accessors below. */
typedef struct ProjectResult {
  int64_t *opening, *baten, *lasten, *closing;   /* per year index */
  int npm[2];              /* PM cells per side */
} ProjectResult;

enum { CELL_PRESENT = 1, CELL_PM = 2 };  /* a cell was written (or derived); it is PM */

typedef struct Results {
  const Plan *plan;        /* the whole plan: sizes of the arrays */
  Arena *arena;            /* where the arrays and the stages' scratch live */
  Scenario scenario;
  bool evaluated;          /* amounts are usable, of every project */
  /* Per project: not evaluated or checked, because of an error of its own
   * or of one it depends on (plan_spread_unchecked); NULL: none. */
  bool *unchecked;
  int nunchecked;
  int nyears;
  /* per line, year and side: [2 * (index * nyears + yi) + side] */
  int64_t *cents;
  uint8_t *flags;          /* CELL_* */
  ProjectResult *projects;                 /* per project */
  int64_t *transfer_cents;                 /* per transfer and year */
  uint8_t *transfer_present;
  int64_t *reserve_cents;                  /* per reservation and year */
  uint8_t *reserve_present;
  /* per line and year, [line_slot * nyears + yi]: the lasten `paid outside`
   * states (eval.c); NULL when no line of the plan says it */
  int64_t *outside_cents;
  bool *accept_used;       /* per accept: it acknowledged a finding (check.c) */
  bool *prefinance_used;   /* per prefinance declaration */
  /* Results of a part of the plan (a what-if of risks.c) hold only the
   * part's lines, projects, transfers and reservations: where each is in
   * the arrays, by its index in the whole plan (ResultSlots). NULL: the
   * whole plan, each at its own index. */
  const struct ResultSlots *slots;
  /* The columns shown before the horizon (columns.c), or NULL. In the
   * Results of those columns themselves, horizon_first is the plan's first
   * year (their years come before it) and columns is NULL. */
  const struct Columns *columns;
  int horizon_first;
} Results;

typedef struct ResultSlots {
  int *line, *project, *transfer, *reserve;
} ResultSlots;

/* Arrays for every item of plan, in a (zeroed; nothing computed yet). */
void results_init(Results *r, const Plan *plan, Arena *a, const Scenario *s);
/* Arrays for the items of part only (a Plan of some of whole's projects,
 * with their lines, transfers and reservations); slots says where each
 * is, and must stay while r is read. */
void results_init_part(Results *r, const Plan *whole, const Plan *part, const ResultSlots *slots,
                       Arena *a, const Scenario *s);

static inline int line_slot(const Results *r, const Line *l) {
  return r->slots ? r->slots->line[l->index] : l->index;
}
static inline size_t res_at(const Results *r, const Line *l, int side, int yi) {
  return 2 * ((size_t)line_slot(r, l) * (size_t)r->nyears + (size_t)yi) + (size_t)side;
}
/* What eval.c computed for a line, side and year index; nothing (0, false)
 * before it ran. */
static inline int64_t cents_at(const Results *r, const Line *l, int side, int yi) {
  return r->cents[res_at(r, l, side, yi)];
}
static inline bool present_at(const Results *r, const Line *l, int side, int yi) {
  return r->flags[res_at(r, l, side, yi)] & CELL_PRESENT;
}
static inline bool pm_at(const Results *r, const Line *l, int side, int yi) {
  return r->flags[res_at(r, l, side, yi)] & CELL_PM;
}
/* What `paid outside` says someone outside the plan pays of the line's
 * lasten in year yi; 0 when it says nothing. */
static inline int64_t outside_at(const Results *r, const Line *l, int yi) {
  return r->outside_cents && line_outside(l)
             ? r->outside_cents[(size_t)line_slot(r, l) * (size_t)r->nyears + (size_t)yi]
             : 0;
}
static inline bool project_unchecked(const Results *r, const Project *p) {
  return r->unchecked && !r->slots && r->unchecked[p->index];
}
static inline const ProjectResult *project_result(const Results *r, const Project *p) {
  return &r->projects[r->slots ? r->slots->project[p->index] : p->index];
}
/* Where a transfer's or a reservation's amounts for year 0 are. */
static inline size_t transfer_at(const Results *r, const Transfer *t) {
  return (size_t)(r->slots ? r->slots->transfer[t->index] : t->index) * (size_t)r->nyears;
}
static inline size_t reserve_at(const Results *r, const Reserve *res) {
  return (size_t)(r->slots ? r->slots->reserve[res->index] : res->index) * (size_t)r->nyears;
}
static inline int64_t transfer_cents(const Results *r, const Transfer *t, int yi) {
  return r->transfer_cents[transfer_at(r, t) + (size_t)yi];
}
static inline bool transfer_present(const Results *r, const Transfer *t, int yi) {
  return r->transfer_present[transfer_at(r, t) + (size_t)yi];
}
static inline int64_t reserve_cents(const Results *r, const Reserve *res, int yi) {
  return r->reserve_cents[reserve_at(r, res) + (size_t)yi];
}
static inline bool reserve_present(const Results *r, const Reserve *res, int yi) {
  return r->reserve_present[reserve_at(r, res) + (size_t)yi];
}

/* eval.c: computes every cell and the balances of plan under r->scenario
 * into r. plan may be a part of r->plan (the same nodes, fewer of them: a
 * what-if of risks.c); then only its items are computed. */
bool eval_plan(const Plan *plan, Results *r, Diags *d);
/* check.c: the coverage proof and the consistency rules, from the plan and
 * its results; marks in r which acknowledgements were used. */
void check_plan(const Plan *plan, Results *r, Diags *d);
/* driver.c: evaluate then, if that succeeded, check: a plan as written or
 * a what-if, into r (results_init'd). */
bool evaluate_and_check(const Plan *plan, Results *r, Diags *d);

/* Totals of a set of projects, per year, with or without transfers between
 * projects of the set (used by the summary back ends and expectations). */
typedef struct Totals {
  int64_t opening[AMR_MAX_YEARS];
  int64_t baten[AMR_MAX_YEARS];
  int64_t lasten[AMR_MAX_YEARS];
  int64_t closing[AMR_MAX_YEARS];
  bool overflow;
} Totals;
void totals_of_programme(const Plan *plan, const Results *r, const Programme *prog,
                         bool net_of_transfers, Totals *t);
void totals_of_plan(const Plan *plan, const Results *r, bool net_of_transfers, Totals *t);
/* Each programme's projects and inner transfers (eval.c), so that the
 * totals of every programme cost one pass: totals_of_programme_by(k) is
 * totals_of_programme of the programme whose index is k. */
typedef struct ByProgramme {
  int *proj_at, *projs;    /* projects of k: projs[proj_at[k] .. proj_at[k + 1]) */
  int *tr_at, *trs;        /* transfers inside k, the same way */
} ByProgramme;
ByProgramme by_programme(const Plan *plan, Arena *a);
void totals_of_programme_by(const Plan *plan, const Results *r, const ByProgramme *b, int k,
                            bool net_of_transfers, Totals *t);

const char *side_name(Side s);
int year_index(const Plan *plan, int year);
/* check.c: what an expectation states, computed as the checker compares
 * it (amrc expect --update rewrites stated totals to it). expect_totals:
 * the subject's totals (p: the project of a project's expectation);
 * expect_computed: measure m of year index yi, false if beyond the money
 * type; expect_allowed: the difference its `within` allows (relative: a
 * percentage in micros, or -1). */
bool expect_totals(const Plan *P, const Results *R, const Expect *e, const Project *p, Totals *t);
bool expect_computed(const Plan *P, const Results *R, const Expect *e, const Totals *t, Measure m,
                     int yi, int64_t *out);
int64_t expect_allowed(int64_t tolerance, i128 relative, int64_t computed);

/* paths.c: the first of tries (formats with one %s, the binary's folder)
 * that names a folder (dir) or a regular file, written to out. */
bool file_beside_binary(char *out, size_t cap, const char *const *tries, int ntries, bool dir);
/* paths.c: the stdlib folder when none is given: $AMRC_STDLIB, beside the
 * binary or one folder up, else the installed one. */
const char *default_stdlib_dir(Arena *a);

/* driver.c: load -> resolve -> evaluate -> check, each stage run only when
 * the one before it succeeded. Give paths (with load options) or one plan in
 * memory (bytes); the rest is filled in. */
typedef struct Compile {
  const LoadOptions *load;     /* NULL: no -I, no stdlib */
  const char **paths;
  int npaths;
  const char *display;         /* a plan in memory: its name in messages */
  const char *bytes;           /* non-NULL: read this instead of paths */
  size_t len;
  const ScenarioArg *scenario; /* --scenario: its sources must be the plan's */
  int nscenario;
  bool no_check;               /* stop after evaluating (the evaluator's tests) */
  void (*lap)(void *ctx, const char *stage);  /* after each stage (--time-report) */
  void *lap_ctx;

  Interner *names;
  Program prog;
  Plan plan;
  Results results;             /* the plan as written */
  bool loaded, resolved, evaluated;
  bool checked;                /* the check ran, on every project or on those it could */
  const char *scenario_error;  /* a --scenario the plan cannot take: a usage error */
} Compile;
/* Returns whether the plan evaluated (c->evaluated). */
bool compile_plan(Arena *a, Diags *d, Compile *c);

/* Whether a project follows the annual model: its own statement, else the
 * plan's, else a fund. */
static inline bool project_annual(const Plan *plan, const Project *p) {
  BalanceModel m = p->balance;
  if (m == BALANCE_DEFAULT && plan->decl)
    m = plan->decl->balance;
  return m == BALANCE_ANNUAL;
}
/* annual.c: the annual model's rules (the plan balances each year),
 * reserves (binding the lines that name them, their balances) and signs. */
void check_annual(const Plan *plan, Results *r, Diags *d);
/* annual.c: whether every project of the plan follows the annual model
 * (its summary is then the BBV's overzicht van baten en lasten). */
bool plan_all_annual(const Plan *plan);
bool resolve_accounts(Plan *plan, Diags *d);
/* A year of a project or of the plan as the BBV's overzicht splits it:
 * baten and lasten without the mutations of reserves, the withdrawals
 * (onttrekkingen, baten of mutation lines) and additions (toevoegingen). */
typedef struct YearSplit {
  int64_t baten, lasten, withdrawn, added;
  bool overflow;
} YearSplit;
void split_year(const Plan *plan, const Results *r, const Project *p, int yi, YearSplit *out);
/* The balance of a reserve at the end of each year (from its opening);
 * false when it states no opening or a sum overflows. */
bool account_balances(const Plan *plan, const Results *r, const Account *acc, int64_t *out);
/* A saldo as the plan prints it: baten - lasten, or lasten - baten after
 * 'sign saldo negative'. */
static inline int64_t printed_saldo(const Plan *plan, int64_t saldo) {
  return plan->decl && plan->decl->negative[2] ? -saldo : saldo;
}
/* The plan's unit in euros (1 when none is stated). */
static inline int64_t plan_unit(const Plan *plan) {
  return plan->decl && plan->decl->unit > 1 ? plan->decl->unit : 1;
}

/* columns.c: the columns a plan shows before its horizon (column YEAR
 * KIND "TITLE"). They are evaluated as a plan of the same nodes whose
 * horizon is the years from the first column to the year before the
 * plan's (Columns.plan), into Results of their own, and compared with the
 * plan's stated totals; nothing else of the checker runs on them. */
typedef struct ShownColumn {
  const ColumnDecl *decl;
  int yi;                  /* its year's index in Columns.plan */
} ShownColumn;
typedef struct Columns {
  const Plan *plan;        /* the plan's nodes; its years those of the columns */
  Results results;
  ShownColumn *shown;      /* in the order of their years */
  int nshown;
} Columns;
/* Resolve: each column before the horizon, once, within the limit of
 * years; whether the years y0..y1 of a cell (or of a stated total) are
 * columns. */
bool resolve_columns(Plan *plan, Diags *d);
bool plan_column_years(const Plan *plan, int y0, int y1);
/* check.c: only the plan's expectations (stated totals), for the years of
 * plan; the columns' check. */
void check_expectations(const Plan *plan, Results *r, Diags *d);
const char *column_kind_name(ColumnKind k);

/* verloop.c: each verloop's rows add up (the previous plan and the changes
 * to the new plan, a group's changes to its subtotal); its table. */
void check_verloops(const Plan *plan, Arena *a, Diags *d);

/* ---------------------------------------------------------------- realisatie */

/* actuals.c: what the financial administration booked (--actuals), kept
 * beside the plan, and the plan compared with it. Dates are yyyymmdd. */
typedef struct Booking {
  const Line *line;
  Loc loc;                 /* its row in the export */
  int64_t cents;           /* on its side: spent (lasten) or received (baten) */
  int32_t date;            /* a period's last day when the export gives periods */
  int32_t side;
} Booking;

typedef struct Actuals {
  Booking *bookings;
  int n, cap;
  int nfiles;
  int32_t last_date;       /* of every booking read; 0: none */
  struct Mapping *mapping; /* the plan's codes, indexed once for every file */
} Actuals;

typedef struct ActualsOptions {
  int32_t as_of;           /* 0: the last booking's date */
  int behind_pct;          /* spending-behind: realised below this share of
                              what the profile puts before the date */
  int over_pct;            /* forecast-over-budget: forecast beyond the budget
                              by more than this percentage */
} ActualsOptions;

/* The spellings an export's fields may have (docs/realisatie.md): a date
 * ISO or Dutch, into yyyymmdd; an amount with a decimal comma (a ';'
 * export) or point (a ',' export), into cents. */
bool parse_booking_date(const char *s, size_t n, int32_t *out);
typedef enum { AMT_OK, AMT_BAD, AMT_DECIMALS, AMT_OVERFLOW } AmountResult;
AmountResult parse_booking_amount(const char *s, size_t n, bool decimal_comma, int64_t *out);
/* Reads one export into out (appending); false when it had errors. */
bool actuals_read(const Plan *plan, Arena *a, Diags *d, const char *path, Actuals *out);
/* One line, side and year of the comparison. */
typedef struct RealRow {
  const Line *line;
  Side side;
  int year;
  int64_t budget;          /* the plan's amount for the year */
  int64_t to_date;         /* the part the line's profile puts on or before the date */
  int64_t realised;        /* booked on or before the date */
  int64_t forecast;        /* year end: realised + budget of the periods still open */
  int64_t late;            /* baten due by the date and not received (on the last
                              row of a line's side): expected the year after */
  int nbookings;
} RealRow;

typedef struct RealProject {
  const Project *project;
  int first_row, nrows;    /* its rows in Realisatie.rows */
  int64_t *planned;        /* closing balance per year index, as planned */
  int64_t *projected;      /* the same in the forecast (Realisatie.forecast) */
  /* From the coverage allocation (alloc.c) of the plan and of the
   * forecast, per year index (NULL when the forecast changes nothing of
   * the project): money paid back unspent at the year's end, and lasten
   * that no money pays by then. */
  int64_t *paid_back_planned, *paid_back_forecast;
  int64_t *unpaid_planned, *unpaid_forecast;
  const struct ProjectAlloc *alloc_planned, *alloc_forecast;
  bool changed;            /* the forecast changes a balance, or what is paid back
                              or left unpaid */
  bool overflow;
} RealProject;

typedef struct Realisatie {
  ActualsOptions opt;      /* as_of filled in */
  int first_year, last_year;   /* the years compared */
  RealRow *rows;           /* by project, line, side, year */
  int nrows;
  RealProject *projects;   /* every project, in the plan's order */
  int nprojects;
  int nbooked, nlater;     /* bookings up to the date, and after it (left out) */
  int nunmapped;           /* line sides with a budget that no books maps and no
                              booking reached: not compared */
  /* The plan evaluated again with each row's forecast in place of its
   * budget (and late baten the year after), through a Scenario: the
   * second Results the proof is run on. forecast_ok: it evaluated within
   * the money type. */
  Results forecast;
  bool forecast_ok;
} Realisatie;

Realisatie *realisatie_compute(const Plan *plan, const Results *res, Arena *a,
                               const Actuals *act, const ActualsOptions *o);
/* The findings (over budget, behind, the proof again) into d, with the
 * plan's accepts of them; an accept of one that nothing gives is reported
 * here, not by check.c, which runs without the actuals. */
void realisatie_check(const Plan *plan, const Realisatie *r, Diags *d);
bool realisatie_finding(const char *name);
/* Reads the exports at paths, compares and reports the findings into d:
 * the whole of --actuals. NULL when an export could not be read (its
 * errors are in d). */
Realisatie *realisatie_run(const Plan *plan, const Results *res, Arena *a, Diags *d,
                           const char *const *paths, int npaths, const ActualsOptions *o);
/* The rows of one project (rp NULL: of every project) on one side in one
 * year, added up. Sums saturate; overflow says one did. */
typedef struct RealSum {
  int64_t budget, to_date, realised, forecast;
  int nrows, nbookings;
  bool overflow;
} RealSum;
RealSum realisatie_sum(const Realisatie *r, const RealProject *rp, Side side, int year);
/* A project is in the realisatie's outputs when it has rows, or when the
 * forecast of others changes it (money passed on by a transfer). */
bool realisatie_shown(const RealProject *rp);
/* Share of budget in tenths of a percent (1000 = 100%); false: no budget. */
bool realisatie_permille(int64_t part, int64_t budget, int64_t *out);
/* "2026-06-30" from yyyymmdd. */
void fmt_date(char *out, size_t cap, int32_t date);

/* ---------------------------------------------------------------- output */

typedef enum { LANG_NL, LANG_EN } Lang;
/* nls.c, for a subcommand: "cmd: message" (fmt with arg, translated) and
 * "Try 'cmd --help' ..." on stderr; returns 2, the exit status of a
 * usage error. */
int nls_usage_error(const struct Catalog *nl, const char *cmd, const char *fmt, const char *arg);
/* Takes --lang=nl|en or --lang nl|en at argv[*i] (its value into *lang,
 * when lang is set): 0 when argv[*i] is another option, 1 when taken,
 * 2 after a usage error. */
int nls_lang_option(const struct Catalog *nl, const char *cmd, int argc, char **argv, int *i, Lang *lang);
/* After getopt_long returned '?' or ':' (its optstring begins with ':',
 * opterr is 0): the usage error in nl's language, in amrc's own words
 * ("unknown option '--x'", "option '-o' needs an argument"); returns 2. */
struct option;
int nls_getopt_error(const struct Catalog *nl, const char *cmd, int c, char **argv,
                     const struct option *longs);
/* The value of the last --lang (or a prefix of it getopt_long takes:
 * --la, --lan) before "--", or NULL. */
const char *nls_lang_arg(int argc, char **argv);
/* What errno err says, for a message: strerror's text, or under a Dutch
 * catalogue our own Dutch for the common cases (nls_errno_msgid: the
 * English msgid of err's text, NULL where we have none). diag_errno gives
 * the phrase in both languages for a diagnostic's argument (diag_phrase). */
const char *nls_strerror(const struct Catalog *nl, Arena *a, int err);
const char *nls_errno_msgid(int err);
const char *diag_errno(const Diags *d, int err);
/* msgid (marked with N_, no conversions) as a phrase in both languages
 * for a diagnostic's argument, as diag_phrase. */
const char *diag_phrase_msgid(const Diags *d, const char *msgid);
/* A --help text (marked with N_) on stdout in nl's language. */
void nls_help(const struct Catalog *nl, const char *text);
typedef enum { CSV_RFC4180, CSV_EXCEL_NL } CsvDialect;
/* --csv-columns: the current columns, or the first version's, byte for byte */
typedef enum { CSV_COLUMNS_FULL, CSV_COLUMNS_LEGACY } CsvColumns;

typedef struct EmitOptions {
  Lang lang;
  CsvDialect csv_dialect;
  CsvColumns csv_columns;
  const char *prefix;       /* header: replaces amr_/AMR_ */
  const Diags *diags;       /* json includes them; html shows them */
  const ScenarioArg *scenario;  /* risks, html: what-if recomputations */
  int nscenario;
  const Realisatie *realisatie; /* --actuals: the realisatie outputs, html's section */
} EmitOptions;

/* The content of a table, built once (grid.c) and rendered by each
 * back end that shows tables. */

typedef enum {
  ROW_DATA,    /* one cell per column */
  ROW_GROUP,   /* a sub-heading: only cells[nlabel - 1] */
  ROW_TOTAL,   /* one cell per column, set off by a rule */
  ROW_BALANCE, /* nlabel label cells, then one cell per band */
} RowKind;

typedef struct GridRow {
  RowKind kind;
  const char **cells;
} GridRow;

/* Columns after the label columns come in bands (a year: Baten, Lasten);
 * a balance row has one value per band, as the document prints it. */
typedef struct Grid {
  const char *title;
  int ncols, nlabel, nbands;
  const char **head;       /* per column */
  bool *numeric;           /* per column: right-aligned */
  int *band;               /* per column: its band, -1 for label columns */
  const char **band_label; /* per band */
  GridRow *rows;
  int nrows, caprows;
} Grid;

Grid *grid_project(Arena *a, const Plan *plan, const Results *r, const Project *p, Lang lang);
Grid *grid_summary(Arena *a, const Plan *plan, const Results *r, SummaryKind kind, bool net,
                   Lang lang);
/* The summary's title alone (what grid_summary's Grid carries). */
const char *grid_summary_title(Arena *a, const Plan *plan, SummaryKind kind, bool net, Lang lang);
/* Whether the summaries are shown a second time without the transfers
 * between projects: only where there are transfers, and never in a plan of
 * annual units only (nothing carries there). */
bool grid_summary_net_shown(const Plan *plan);
const char *grid_plan_title(const Plan *plan);
/* A column's heading: its declaration's title, or its kind's words and
 * year in lang ("Rekening 2024", "Actuals 2024"). */
const char *grid_column_title(Arena *a, const ColumnDecl *c, Lang lang);
/* The year indexes a project's table shows, first to last: the years in
 * which one of its lines has a cell or a reservation an amount (all years
 * when none has), as the document leaves out years in which a project
 * does nothing. */
void grid_project_years(const Plan *plan, const Results *r, const Project *p, int *first,
                        int *last);
/* " (bedragen x € 1.000)" for a plan with a unit, "" without: the titles
 * of its tables. */
const char *unit_suffix(Arena *a, const Plan *plan, Lang lang);
/* A grid as plain text (grid_text.c), and as Markdown (grid_md.c). */
void grid_render_text(Arena *a, const Grid *g, Buf *out);
/* An amount as a table cell prints it (fmt_eur_nl: "€ 1.787.349", "-"
 * for 0), in the arena (grid.c). */
const char *grid_money(Arena *a, int64_t cents);
/* An empty grid, and a row of empty cells added to it (grid.c). */
Grid *grid_new(Arena *a, const char *title, int nlabel, int nbands, int ncols);
const char **grid_row(Arena *a, Grid *g, RowKind kind);
void grid_render_markdown(Arena *a, const Grid *g, Buf *out);

/* The BBV's overview of baten and lasten per taakveld (grid.c): the
 * taakvelden the lines name, in the order of their codes (0.1, 0.2, ...,
 * 0.10), then the lines without one (code NULL). */
typedef struct TaakveldSum {
  const char *code;
  int64_t baten[AMR_MAX_YEARS], lasten[AMR_MAX_YEARS];
  bool overflow;
} TaakveldSum;
int taakveld_sums(Arena *a, const Plan *plan, const Results *r, TaakveldSum **out);
/* Whether a line names a taakveld: the outputs that show more than one
 * table (HTML, the workbook) show the overview only then. */
bool plan_has_taakvelden(const Plan *plan);
Grid *grid_taakvelden(Arena *a, const Plan *plan, const Results *r, Lang lang);
/* A verloop as the document prints it, a column per year (grid.c). */
Grid *grid_verloop(Arena *a, const Plan *plan, const Verloop *v, Lang lang);
void emit_taakvelden(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_taakvelden_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_csv_taakvelden(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_table(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_summary(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_csv(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_csv_balances(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_json(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_header(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_html(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);       /* emit_html.c */
void emit_risks(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);      /* risks.c */
void emit_risks_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_realisatie(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);  /* emit_realisatie.c */
void emit_realisatie_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_realisatie_json(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
/* The realisatie tables for a back end that renders grids itself
 * (emit_html.c): project -1, the summary; a project's index, its lines and
 * its balances (none when the realisatie does not show it). */
int realisatie_grids(Arena *a, const Plan *plan, const EmitOptions *o, int project,
                     const Grid ***out);
/* The realisatie's words, for a back end that lays the comparison out
 * itself (emit_xlsx.c). */
typedef enum {
  RL_TITLE, RL_SUMMARY, RL_LINE, RL_CATEGORY, RL_SIDE, RL_YEAR, RL_BUDGET, RL_TO_DATE,
  RL_REALISED, RL_REMAINING, RL_USED, RL_FORECAST, RL_DIFFERENCE, RL_PROJECT,
  RL_BALANCE_PLAN, RL_BALANCE_FORECAST, RL_PAID_BACK_PLAN, RL_PAID_BACK_FORECAST,
  RL_UNPAID_PLAN, RL_UNPAID_FORECAST, RL_TOTAL, RL_BOOKINGS, RL_COUNT
} RealLabel;
const char *realisatie_label(Lang lang, RealLabel l);
const char *realisatie_side(Lang lang, Side s);
/* "N line sides with a budget, no books and no bookings: not compared."
 * with a newline, or "" when there are none. */
const char *realisatie_unmapped(Arena *a, Lang lang, const Realisatie *r);
/* emit_xlsx.c: a workbook with formulas; false with *why on failure. */
bool emit_xlsx(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out,
               const char **why);

/* risks.c: the risk paragraph as blocks, rendered as text, Markdown and (by
 * emit_html.c) HTML. Texts are plain, not escaped. Each what-if is
 * evaluated into Results of its own; the plan and r are only read. */
typedef enum { RISK_HEADING, RISK_PARA, RISK_ITEM, RISK_TABLE } RiskBlockKind;
typedef struct RiskBlock {
  RiskBlockKind kind;
  int level;               /* heading: 1 the paragraph, 2 a part, 3 a sub-part */
  bool alert;              /* something that breaks or falls short */
  const char *text;
  const Grid *table;       /* RISK_TABLE */
  const Project *project;  /* the project it is about, when one */
} RiskBlock;
typedef struct RiskReport {
  RiskBlock *blocks;
  int n, cap;
} RiskReport;
RiskReport *risk_report(Arena *a, const Plan *plan, const Results *r, const EmitOptions *o);

/* Writes the buffer to path whole or not at all (temp file, then rename).
 * path "-" writes to stdout. Returns false (and has said why) on failure. */
bool write_whole(const char *path, const Buf *b, Diags *d);
/* amrc fmt's rewrite of a file: through a symlink, keeping hard links,
 * mode and owner, refusing a read-only file (output.c). */
bool write_in_place(const char *path, const Buf *b, const char *old, size_t old_len, Diags *d);
/* Whether two paths name the same file (device and inode). */
bool same_file(const char *a, const char *b);

/* cli.c: the whole command line, callable from tests. */
int amrc_main(int argc, char **argv);
/* fmt.c: amrc fmt; diff.c: amrc diff (argv[0] is the subcommand). */
int amrc_fmt_main(int argc, char **argv);
/* import.c: amrc import, a plan from CSV (the long CSV of --emit=csv, or
 * project tables as kept in a spreadsheet; docs/import.md). */
typedef struct ImportOptions {
  const char *output;        /* -o: its name in messages */
  const char *title, *plan_id, *programme;
  char decimal;              /* ',' or '.'; 0: by the file's separator */
  int y0, y1;                /* --years; 0: the years of the amounts */
  bool projects_only;
} ImportOptions;
/* The plan in fmt's layout in out; false (and diagnostics) when a cell or
 * row cannot be read. */
bool import_csv(Arena *a, Diags *d, SrcFile *const *files, int nfiles, const ImportOptions *o,
                Buf *out);
int amrc_import_main(int argc, char **argv);
/* init.c: amrc init, a new plan repository that checks clean. */
int amrc_init_main(int argc, char **argv);
int amrc_diff_main(int argc, char **argv);
/* amrc diff on two plans held in memory (no imports), as the fuzz target
 * runs it: the report in each format into out[DIFF_TEXT .. DIFF_JSON];
 * 0 no change, 1 changes, 2 a version that cannot be computed (out left
 * empty). */
typedef enum { DIFF_TEXT, DIFF_MARKDOWN, DIFF_JSON } DiffFormat;
/* diff_realisatie.c: amrc diff of two reporting dates (--actuals with
 * --actuals-new or --as-of-new): one plan, two realisatie reports. Returns
 * the exit status (0 no changes, 1 changes, 2 trouble, said on stderr). */
typedef struct DiffReports {
  const LoadOptions *load;
  const char *plan;
  const char *const *old_files, *const *new_files;
  int nold, nnew;
  int32_t old_as_of, new_as_of;  /* 0: the last booking of each */
  int behind_pct, over_pct;
  Lang lang;
  DiffFormat format;
  /* Dutch catalogues (nls.c): nl for the messages on stderr (--lang=nl),
   * report_nl for the findings in a Dutch report; NULL: English */
  const struct Catalog *nl, *report_nl;
} DiffReports;
int diff_reports(Arena *a, const DiffReports *q, Buf *out);
int diff_texts(Arena *a, const char *old_label, const char *old, size_t old_len,
               const char *new_label, const char *new, size_t new_len, Buf out[3]);
/* explain.c: amrc explain (the coverage allocation of a project). */
int amrc_explain_main(int argc, char **argv);
int amrc_expect_main(int argc, char **argv);   /* expect_update.c */
/* fmt.c: the canonical layout of one parsed file's text (tokens and
 * comments); false (and diagnostics) when it does not parse. */
bool fmt_source(Arena *a, Diags *d, SrcFile *f, Buf *out);
/* fmt.c: a dump of a file's declarations without locations or spellings,
 * so that two texts of the same plan compare equal. */
void fmt_dump_decls(const Decl *decls, Buf *out);

int utf8_width(const char *s);   /* display columns of a UTF-8 string */

#endif

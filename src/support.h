/* support.h: what every layer uses and that knows nothing of plans: the
 * limits, the arena and the interner, Buf, money (int64 cents, micros),
 * text made safe (UTF-8, escapers, "did you mean"), the Unicode table of
 * unichar.c, the message catalogue and --lang (nls.c), and where the
 * stdlib is (paths.c). The layers above (docs/architecture.md, "Headers"):
 * core.h, parse.h, plan.h, actuals.h, grid.h, emit.h, cli.h. */
#ifndef AMRC_SUPPORT_H
#define AMRC_SUPPORT_H

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
/* Empties the arena for use again (a scratch arena, one item of a loop at
 * a time): what arena_free gives back, but the first block. */
void arena_reset(Arena *a);
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
/* The same, starting with the largest block: for a thread that fills
 * megabytes (a parsing thread's, load.c). */
Arena *arena_child_large(Arena *parent);
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
/* line_diff.c: a unified diff of text a against text b (three lines of
 * context, headers naming path); nothing when they are equal. */
void line_diff_unified(const char *path, const char *a, size_t alen, const char *b, size_t blen,
                       Buf *out);

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

/* The two sides of a budget line; "baten", "lasten". */
typedef enum { SIDE_BATEN = 0, SIDE_LASTEN = 1 } Side;
const char *side_name(Side s);

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
/* TR39-style skeleton: two texts that look alike have the same one; _into
 * writes it to out, which has room for 2 * strlen(s) + 1, and gives its length */
const char *unichar_skeleton(struct Arena *a, const char *s);
size_t unichar_skeleton_into(char *out, const char *s);

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

/* paths.c: the first of tries (formats with one %s, the binary's folder)
 * that names a folder (dir) or a regular file, written to out. */
bool file_beside_binary(char *out, size_t cap, const char *const *tries, int ntries, bool dir);
/* paths.c: the stdlib folder when none is given: $AMRC_STDLIB, beside the
 * binary or one folder up, else the installed one. */
const char *default_stdlib_dir(Arena *a);

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

/* A --help text (marked with N_) on stdout in nl's language. */
void nls_help(const struct Catalog *nl, const char *text);

#endif

/* unichar.c: characters that cannot be seen or that look like others.
 *
 * Text pasted from Word, Excel or a PDF brings characters a reader cannot
 * tell from the ones the language uses: a no-break space for a space, a
 * minus sign or an en dash for '-', curly quotes for '"', a Cyrillic 'о'
 * for a Latin 'o', a zero-width space for nothing at all. A message that
 * quotes such a character tells the user to type what they already
 * typed; this table lets it name the character by its code point and its
 * Unicode name instead, and say what to type. The names are those of the
 * Unicode Character Database. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const UniChar table[] = {
    {0x00A0, "NO-BREAK SPACE", UC_SPACE, " "},
    {0x00AB, "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", UC_QUOTE, "\""},
    {0x00AD, "SOFT HYPHEN", UC_INVISIBLE, ""},
    {0x00BB, "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", UC_QUOTE, "\""},
    {0x00D7, "MULTIPLICATION SIGN", UC_LOOKALIKE, "*"},
    {0x00F7, "DIVISION SIGN", UC_LOOKALIKE, "/"},
    {0x034F, "COMBINING GRAPHEME JOINER", UC_INVISIBLE, ""},
    {0x0391, "GREEK CAPITAL LETTER ALPHA", UC_LOOKALIKE, "A"},
    {0x0392, "GREEK CAPITAL LETTER BETA", UC_LOOKALIKE, "B"},
    {0x0395, "GREEK CAPITAL LETTER EPSILON", UC_LOOKALIKE, "E"},
    {0x0396, "GREEK CAPITAL LETTER ZETA", UC_LOOKALIKE, "Z"},
    {0x0397, "GREEK CAPITAL LETTER ETA", UC_LOOKALIKE, "H"},
    {0x0399, "GREEK CAPITAL LETTER IOTA", UC_LOOKALIKE, "I"},
    {0x039A, "GREEK CAPITAL LETTER KAPPA", UC_LOOKALIKE, "K"},
    {0x039C, "GREEK CAPITAL LETTER MU", UC_LOOKALIKE, "M"},
    {0x039D, "GREEK CAPITAL LETTER NU", UC_LOOKALIKE, "N"},
    {0x039F, "GREEK CAPITAL LETTER OMICRON", UC_LOOKALIKE, "O"},
    {0x03A1, "GREEK CAPITAL LETTER RHO", UC_LOOKALIKE, "P"},
    {0x03A4, "GREEK CAPITAL LETTER TAU", UC_LOOKALIKE, "T"},
    {0x03A5, "GREEK CAPITAL LETTER UPSILON", UC_LOOKALIKE, "Y"},
    {0x03A7, "GREEK CAPITAL LETTER CHI", UC_LOOKALIKE, "X"},
    {0x03B1, "GREEK SMALL LETTER ALPHA", UC_LOOKALIKE, "a"},
    {0x03B9, "GREEK SMALL LETTER IOTA", UC_LOOKALIKE, "i"},
    {0x03BD, "GREEK SMALL LETTER NU", UC_LOOKALIKE, "v"},
    {0x03BF, "GREEK SMALL LETTER OMICRON", UC_LOOKALIKE, "o"},
    {0x0405, "CYRILLIC CAPITAL LETTER DZE", UC_LOOKALIKE, "S"},
    {0x0406, "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I", UC_LOOKALIKE, "I"},
    {0x0408, "CYRILLIC CAPITAL LETTER JE", UC_LOOKALIKE, "J"},
    {0x0410, "CYRILLIC CAPITAL LETTER A", UC_LOOKALIKE, "A"},
    {0x0412, "CYRILLIC CAPITAL LETTER VE", UC_LOOKALIKE, "B"},
    {0x0415, "CYRILLIC CAPITAL LETTER IE", UC_LOOKALIKE, "E"},
    {0x041A, "CYRILLIC CAPITAL LETTER KA", UC_LOOKALIKE, "K"},
    {0x041C, "CYRILLIC CAPITAL LETTER EM", UC_LOOKALIKE, "M"},
    {0x041D, "CYRILLIC CAPITAL LETTER EN", UC_LOOKALIKE, "H"},
    {0x041E, "CYRILLIC CAPITAL LETTER O", UC_LOOKALIKE, "O"},
    {0x0420, "CYRILLIC CAPITAL LETTER ER", UC_LOOKALIKE, "P"},
    {0x0421, "CYRILLIC CAPITAL LETTER ES", UC_LOOKALIKE, "C"},
    {0x0422, "CYRILLIC CAPITAL LETTER TE", UC_LOOKALIKE, "T"},
    {0x0425, "CYRILLIC CAPITAL LETTER HA", UC_LOOKALIKE, "X"},
    {0x0430, "CYRILLIC SMALL LETTER A", UC_LOOKALIKE, "a"},
    {0x0435, "CYRILLIC SMALL LETTER IE", UC_LOOKALIKE, "e"},
    {0x043E, "CYRILLIC SMALL LETTER O", UC_LOOKALIKE, "o"},
    {0x0440, "CYRILLIC SMALL LETTER ER", UC_LOOKALIKE, "p"},
    {0x0441, "CYRILLIC SMALL LETTER ES", UC_LOOKALIKE, "c"},
    {0x0443, "CYRILLIC SMALL LETTER U", UC_LOOKALIKE, "y"},
    {0x0445, "CYRILLIC SMALL LETTER HA", UC_LOOKALIKE, "x"},
    {0x0455, "CYRILLIC SMALL LETTER DZE", UC_LOOKALIKE, "s"},
    {0x0456, "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", UC_LOOKALIKE, "i"},
    {0x0458, "CYRILLIC SMALL LETTER JE", UC_LOOKALIKE, "j"},
    {0x04BB, "CYRILLIC SMALL LETTER SHHA", UC_LOOKALIKE, "h"},
    {0x04CF, "CYRILLIC SMALL LETTER PALOCHKA", UC_LOOKALIKE, "l"},
    {0x0501, "CYRILLIC SMALL LETTER KOMI DE", UC_LOOKALIKE, "d"},
    {0x051B, "CYRILLIC SMALL LETTER QA", UC_LOOKALIKE, "q"},
    {0x051D, "CYRILLIC SMALL LETTER WE", UC_LOOKALIKE, "w"},
    {0x180E, "MONGOLIAN VOWEL SEPARATOR", UC_INVISIBLE, ""},
    {0x2002, "EN SPACE", UC_SPACE, " "},
    {0x2003, "EM SPACE", UC_SPACE, " "},
    {0x2007, "FIGURE SPACE", UC_SPACE, " "},
    {0x2008, "PUNCTUATION SPACE", UC_SPACE, " "},
    {0x2009, "THIN SPACE", UC_SPACE, " "},
    {0x200A, "HAIR SPACE", UC_SPACE, " "},
    {0x200B, "ZERO WIDTH SPACE", UC_INVISIBLE, ""},
    {0x200C, "ZERO WIDTH NON-JOINER", UC_INVISIBLE, ""},
    {0x200D, "ZERO WIDTH JOINER", UC_INVISIBLE, ""},
    {0x200E, "LEFT-TO-RIGHT MARK", UC_INVISIBLE, ""},
    {0x200F, "RIGHT-TO-LEFT MARK", UC_INVISIBLE, ""},
    {0x2010, "HYPHEN", UC_LOOKALIKE, "-"},
    {0x2011, "NON-BREAKING HYPHEN", UC_LOOKALIKE, "-"},
    {0x2012, "FIGURE DASH", UC_LOOKALIKE, "-"},
    {0x2013, "EN DASH", UC_LOOKALIKE, "-"},
    {0x2014, "EM DASH", UC_LOOKALIKE, "-"},
    {0x2018, "LEFT SINGLE QUOTATION MARK", UC_QUOTE, "\""},
    {0x2019, "RIGHT SINGLE QUOTATION MARK", UC_QUOTE, "\""},
    {0x201A, "SINGLE LOW-9 QUOTATION MARK", UC_QUOTE, "\""},
    {0x201C, "LEFT DOUBLE QUOTATION MARK", UC_QUOTE, "\""},
    {0x201D, "RIGHT DOUBLE QUOTATION MARK", UC_QUOTE, "\""},
    {0x201E, "DOUBLE LOW-9 QUOTATION MARK", UC_QUOTE, "\""},
    {0x2026, "HORIZONTAL ELLIPSIS", UC_LOOKALIKE, ".."},
    {0x202A, "LEFT-TO-RIGHT EMBEDDING", UC_INVISIBLE, ""},
    {0x202B, "RIGHT-TO-LEFT EMBEDDING", UC_INVISIBLE, ""},
    {0x202C, "POP DIRECTIONAL FORMATTING", UC_INVISIBLE, ""},
    {0x202D, "LEFT-TO-RIGHT OVERRIDE", UC_INVISIBLE, ""},
    {0x202E, "RIGHT-TO-LEFT OVERRIDE", UC_INVISIBLE, ""},
    {0x202F, "NARROW NO-BREAK SPACE", UC_SPACE, " "},
    {0x2032, "PRIME", UC_QUOTE, "\""},
    {0x2033, "DOUBLE PRIME", UC_QUOTE, "\""},
    {0x205F, "MEDIUM MATHEMATICAL SPACE", UC_SPACE, " "},
    {0x2060, "WORD JOINER", UC_INVISIBLE, ""},
    {0x2061, "FUNCTION APPLICATION", UC_INVISIBLE, ""},
    {0x2062, "INVISIBLE TIMES", UC_INVISIBLE, ""},
    {0x2063, "INVISIBLE SEPARATOR", UC_INVISIBLE, ""},
    {0x2064, "INVISIBLE PLUS", UC_INVISIBLE, ""},
    {0x2066, "LEFT-TO-RIGHT ISOLATE", UC_INVISIBLE, ""},
    {0x2067, "RIGHT-TO-LEFT ISOLATE", UC_INVISIBLE, ""},
    {0x2068, "FIRST STRONG ISOLATE", UC_INVISIBLE, ""},
    {0x2069, "POP DIRECTIONAL ISOLATE", UC_INVISIBLE, ""},
    {0x2212, "MINUS SIGN", UC_LOOKALIKE, "-"},
    {0x2215, "DIVISION SLASH", UC_LOOKALIKE, "/"},
    {0x2217, "ASTERISK OPERATOR", UC_LOOKALIKE, "*"},
    {0x3000, "IDEOGRAPHIC SPACE", UC_SPACE, " "},
    {0xFEFF, "ZERO WIDTH NO-BREAK SPACE", UC_INVISIBLE, ""},
    {0xFF02, "FULLWIDTH QUOTATION MARK", UC_QUOTE, "\""},
};

const UniChar *unichar_info(int32_t cp) {
  size_t lo = 0, hi = sizeof table / sizeof *table;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (table[mid].cp == cp)
      return &table[mid];
    if (table[mid].cp < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* The ASCII characters a replacement can be, by the names the Unicode
 * Character Database gives them, so that "type '-'" can say which '-'. */
const char *unichar_ascii_name(char c, char *buf, size_t cap) {
  switch (c) {
  case ' ': return "SPACE";
  case '"': return "QUOTATION MARK";
  case '-': return "HYPHEN-MINUS";
  case '*': return "ASTERISK";
  case '/': return "SOLIDUS";
  case '.': return "FULL STOP";
  default: break;
  }
  if (c >= 'a' && c <= 'z')
    snprintf(buf, cap, "LATIN SMALL LETTER %c", c - 'a' + 'A');
  else if (c >= 'A' && c <= 'Z')
    snprintf(buf, cap, "LATIN CAPITAL LETTER %c", c);
  else
    snprintf(buf, cap, "U+%04X", (unsigned)(unsigned char)c);
  return buf;
}

/* "U+2212 MINUS SIGN", or "U+00E9" for a character the table does not
 * name (a visible one: it is shown beside its code point). */
const char *unichar_describe(Arena *a, int32_t cp) {
  const UniChar *u = unichar_info(cp);
  return u ? arena_printf(a, "U+%04X %s", (unsigned)cp, u->name)
           : arena_printf(a, "U+%04X", (unsigned)cp);
}

/* The length of the minus at p, as typed ('-') or as pasted (U+2212
 * MINUS SIGN, U+2013 EN DASH: what the scanner's PRINTED amounts take
 * for a sign), or 0. */
int pasted_minus(const char *p) {
  if (p[0] == '-')
    return 1;
  if (p[0] == '\xE2' && ((p[1] == '\x88' && p[2] == '\x92') || (p[1] == '\x80' && p[2] == '\x93')))
    return 3;
  return 0;
}

/* ------------------------------------------------------------ skeletons
 *
 * Two titles a reader cannot tell apart get one skeleton, in the manner of
 * Unicode TR39's confusable skeletons (Rust's confusable_idents does the
 * same for names): each character is replaced by the one it looks like,
 * from the table above (a Cyrillic 'е' by a Latin 'e', a no-break space by
 * a space, a zero-width character by nothing), a precomposed letter is
 * taken apart as NFD does ('é' is 'e' and U+0301 however it was typed),
 * fullwidth forms become ASCII, and the ASCII TR39 itself folds: '0' is
 * 'O'; '1', 'I' and '|' are 'l'; "rn" reads as 'm'. Spaces are one space,
 * none at either end. */

/* The Latin-1 letters U+00C0-U+00FF as NFD writes them: a base letter and
 * a combining mark, or 0 for a letter that has no decomposition. */
static const char latin1_base[] = "AAAAAA\0CEEEEIIII\0NOOOOO\0\0UUUUY\0\0"
                                  "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";
static const unsigned short latin1_mark[] = {
    0x300, 0x301, 0x302, 0x303, 0x308, 0x30A, 0, 0x327, 0x300, 0x301, 0x302, 0x308,
    0x300, 0x301, 0x302, 0x308, 0, 0x303, 0x300, 0x301, 0x302, 0x303, 0x308, 0,
    0, 0x300, 0x301, 0x302, 0x308, 0x301, 0, 0,
    0x300, 0x301, 0x302, 0x303, 0x308, 0x30A, 0, 0x327, 0x300, 0x301, 0x302, 0x308,
    0x300, 0x301, 0x302, 0x308, 0, 0x303, 0x300, 0x301, 0x302, 0x303, 0x308, 0,
    0, 0x300, 0x301, 0x302, 0x308, 0x301, 0, 0x308,
};

/* The skeleton is written in place: it is made for every title of a plan,
 * and a growing buffer per title cost more than the folding. */
typedef struct Out {
  char *p;
  size_t len;
} Out;

static void put_cp(Out *o, int32_t cp) {
  if (cp < 0x80) {
    o->p[o->len++] = (char)cp;
  } else if (cp < 0x800) {
    o->p[o->len++] = (char)(0xC0 | cp >> 6);
    o->p[o->len++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    o->p[o->len++] = (char)(0xE0 | cp >> 12);
    o->p[o->len++] = (char)(0x80 | (cp >> 6 & 0x3F));
    o->p[o->len++] = (char)(0x80 | (cp & 0x3F));
  } else {
    o->p[o->len++] = (char)(0xF0 | cp >> 18);
    o->p[o->len++] = (char)(0x80 | (cp >> 12 & 0x3F));
    o->p[o->len++] = (char)(0x80 | (cp >> 6 & 0x3F));
    o->p[o->len++] = (char)(0x80 | (cp & 0x3F));
  }
}

/* An ASCII character of a skeleton, after TR39's own folds. */
static void put_ascii(Out *o, char c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
    if (o->len && o->p[o->len - 1] != ' ')
      o->p[o->len++] = ' ';
    return;
  }
  if (c == '0')
    c = 'O';
  else if (c == '1' || c == 'I' || c == '|')
    c = 'l';
  if (c == 'm') {
    o->p[o->len++] = 'r';
    o->p[o->len++] = 'n';
    return;
  }
  o->p[o->len++] = c;
}

/* No character writes more than twice its bytes: 'm' is "rn", a Latin-1
 * letter (two bytes) its base and a two-byte mark, a table entry at most
 * two characters for two or three bytes, an invalid byte itself. */
size_t unichar_skeleton_into(char *out, const char *s) {
  Out o = {out, 0};
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (*p < 0x80) {  /* most of a title: no decoding */
      put_ascii(&o, (char)*p++);
      continue;
    }
    int32_t cp;
    int n = utf8_decode(p, SIZE_MAX, &cp);
    p += n;
    if (cp < 0) {
      o.p[o.len++] = (char)p[-1];
      continue;
    }
    const UniChar *u = NULL;
    if (cp < 0x80) {
      put_ascii(&o, (char)cp);
    } else if (cp >= 0xC0 && cp <= 0xFF && latin1_base[cp - 0xC0]) {
      put_ascii(&o, latin1_base[cp - 0xC0]);
      put_cp(&o, latin1_mark[cp - 0xC0]);
    } else if ((u = unichar_info(cp))) {
      for (const char *i = u->instead; *i; i++)
        put_ascii(&o, *i);
    } else if (cp >= 0xFF01 && cp <= 0xFF5E) {  /* FULLWIDTH '!' to '~' */
      put_ascii(&o, (char)(cp - 0xFEE0));
    } else if (cp >= 0xFE00 && cp <= 0xFE0F) {  /* variation selectors: not seen */
      continue;
    } else {
      put_cp(&o, cp);
    }
  }
  while (o.len && o.p[o.len - 1] == ' ')
    o.len--;
  o.p[o.len] = '\0';
  return o.len;
}

const char *unichar_skeleton(Arena *a, const char *s) {
  char *out = xcalloc(strlen(s) + 1, 2);
  size_t n = unichar_skeleton_into(out, s);
  const char *kept = arena_strndup(a, out, n);
  free(out);
  return kept;
}

/* text.c: text from a plan made safe for where it goes, in one place.
 *
 * A plan is written by anyone who can open a pull request, and its words
 * (titles, categories, notes, file names) reach terminals, GitHub
 * annotations and comments, HTML, JSON and C. Each destination has one
 * function here, used by every back end, the diagnostics and amrc diff:
 *
 *   text_clean, text_put_clean   for people: control characters (C0, DEL,
 *                                C1) and bidirectional overrides and
 *                                isolates (U+202A-U+202E, U+2066-U+2069,
 *                                "Trojan Source") shown as '?'
 *   md_escape                    GitHub Markdown: no links, images, HTML,
 *                                emphasis, table cells or @mentions
 *   html_escape                  HTML text and quoted attributes
 *   buf_json_string              a JSON string
 *   c_string, c_comment_safe     a C string literal; a file name in a comment
 *   closest_*                    "did you mean": the nearest known name
 *   group_items                  equal keys found by hashing, not pairwise
 */
#include "support.h"

#include <string.h>

/* Decodes one code point from at most avail bytes (a NUL also ends a
 * sequence, so NUL-terminated strings may pass SIZE_MAX). An invalid,
 * overlong or truncated sequence comes back as length 1 with *cp = -1, so
 * that a caller can reject or replace the byte. */
int utf8_decode(const unsigned char *s, size_t avail, int32_t *cp) {
  unsigned char c = s[0];
  int n;
  int32_t v;
  *cp = -1;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    v = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    v = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    v = c & 0x07;
  } else {
    return 1;
  }
  if ((size_t)n > avail)
    return 1;
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 1;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF))
    return 1;
  *cp = v;
  return n;
}

/* ------------------------------------------------------------ for people */

/* A string from the source made fit for one cell of a terminal table:
 * line breaks and tabs become spaces (they would break the layout), other
 * control characters (a terminal escape sequence could rewrite the screen)
 * and bidirectional overrides (they can make text read differently than it
 * is) become '?', as does a byte that is not UTF-8 (cp < 0). */
bool text_bidi(int32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool text_neutralised(int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || text_bidi(cp);
}

const char *text_clean(Arena *a, const char *s) {
  if (!s)
    return "";
  /* Most text has nothing to replace: printable ASCII, and UTF-8 that
   * prints ("€ 605.000", "Programmacoördinatie"). It stays as it is,
   * without a copy; only a character that must change makes one. */
  const unsigned char *q = (const unsigned char *)s;
  for (;;) {
    while (*q >= 0x20 && *q < 0x7F)
      q++;
    if (!*q)
      return s;
    int32_t cp;
    int n = utf8_decode(q, SIZE_MAX, &cp);
    if (text_neutralised(cp))
      break;
    q += n;
  }
  Buf b = {0};
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int32_t cp;
    int n = utf8_decode(p, SIZE_MAX, &cp);
    if (cp == '\n' || cp == '\r' || cp == '\t')
      buf_putc(&b, ' ');
    else if (text_neutralised(cp))
      buf_putc(&b, '?');
    else
      buf_put(&b, (const char *)p, (size_t)n);
    p += n;
  }
  const char *out = b.data ? arena_strndup(a, b.data, b.len) : "";
  buf_free(&b);
  return out;
}

/* s cut to its first max characters and "…" when it is longer (a title a
 * back end repeats in every section: the output stays in proportion to
 * the plan however long the title). */
const char *text_cut(Arena *a, const char *s, int max) {
  if (!s)
    return "";
  const char *p = s;
  for (int k = 0; *p && k < max; k++) {
    p++;
    while (((unsigned char)*p & 0xC0) == 0x80)
      p++;
  }
  if (!*p)
    return s;
  return arena_printf(a, "%.*s\xE2\x80\xA6", (int)(p - s), s);
}

/* Appends n bytes of s as text_clean would show them, but keeping tabs (a
 * caret under a quoted line lines up with them) and, with keep_lines, line
 * breaks (the GitHub format escapes those itself): one '?' per character
 * replaced, so that columns still count characters. */
void text_put_clean(Buf *b, const char *s, size_t n, bool keep_lines) {
  const unsigned char *p = (const unsigned char *)s, *end = p + n;
  while (p < end) {
    const unsigned char *q = p;
    while (q < end && *q >= 0x20 && *q < 0x7F)
      q++;
    buf_put(b, (const char *)p, (size_t)(q - p));
    if (q == end)
      return;
    p = q;
    int32_t cp;
    int k = utf8_decode(p, (size_t)(end - p), &cp);
    if (k < 1)
      k = 1;
    bool keep = cp == '\t' || (keep_lines && (cp == '\n' || cp == '\r'));
    if (!keep && text_neutralised(cp))
      buf_putc(b, '?');
    else
      buf_put(b, (const char *)p, (size_t)k);
    p += k;
  }
}

/* ------------------------------------------------------------ Markdown */

static bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_www(const unsigned char *p) {
  for (int i = 0; i < 3; i++)
    if (p[i] != 'w' && p[i] != 'W')
      return false;
  return true;
}

/* Writes s as inline Markdown text. Line breaks and control characters are
 * gone first (text_clean): a line break would end the table row. */
void md_escape(Arena *a, Buf *out, const char *s) {
  const unsigned char *start = (const unsigned char *)text_clean(a, s), *p = start;
  for (; *p; p++) {
    unsigned char c = *p;
    switch (c) {
    case ':':
    case '.':
      /* GFM links bare "scheme://..." and "www...." even when nothing else
       * marks them; the autolinker matches the raw text, so an escaped
       * ':' or '.' at that place stops it, and reads the same. */
      if ((c == ':' && p[1] == '/' && p[2] == '/') || (c == '.' && p - start >= 3 && is_www(p - 3)))
        buf_putc(out, '\\');
      buf_putc(out, (char)c);
      break;
    case '&': buf_puts(out, "&amp;"); break;
    case '<': buf_puts(out, "&lt;"); break;
    case '>': buf_puts(out, "&gt;"); break;
    /* Parentheses, '!' and '+' are left alone: with the brackets escaped
     * they cannot make a link or an image, and no cell starts a line. */
    case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '|':
    case '~': case '$':
      buf_putc(out, '\\');
      buf_putc(out, (char)c);
      break;
    case '@':
      /* "@name" notifies a user or team on GitHub, escaped or not; a zero
       * width space after the @ keeps it from being a mention. */
      buf_putc(out, '@');
      if (is_alnum(p[1]))
        buf_puts(out, "\xE2\x80\x8B");
      break;
    default:
      buf_putc(out, (char)c);
    }
  }
}

/* ------------------------------------------------------------ HTML, JSON, C */

/* Text for HTML content or a quoted attribute: & < > " ' escaped, and
 * control and bidirectional characters made visible first (text_clean). */
void html_escape(Arena *a, Buf *out, const char *s) {
  const char *p = text_clean(a, s);
  while (*p) {
    /* a run that needs nothing, copied at once: a report is mostly text */
    size_t run = strcspn(p, "&<>\"' ");
    if (run) {
      buf_put(out, p, run);
      p += run;
      continue;
    }
    switch (*p) {
    case ' ':
      /* "€ 605.000" and "§ 3.1" stay on one line */
      if (p[1] && p[1] != ' ' && out->len >= 2 &&
          ((out->len >= 3 && memcmp(out->data + out->len - 3, "\xE2\x82\xAC", 3) == 0) ||
           memcmp(out->data + out->len - 2, "\xC2\xA7", 2) == 0))
        buf_puts(out, "&nbsp;");
      else
        buf_putc(out, ' ');
      break;
    case '&': buf_puts(out, "&amp;"); break;
    case '<': buf_puts(out, "&lt;"); break;
    case '>': buf_puts(out, "&gt;"); break;
    case '"': buf_puts(out, "&quot;"); break;
    default: buf_puts(out, "&#39;"); break;
    }
    p++;
  }
}

void buf_json_string(Buf *b, const char *s) {
  if (!s) {
    buf_puts(b, "null");
    return;
  }
  buf_putc(b, '"');
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned char c = *p;
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      const unsigned char *q = p;
      while (*q >= 0x20 && *q < 0x7F && *q != '"' && *q != '\\')
        q++;
      buf_put(b, (const char *)p, (size_t)(q - p));
      p = q;
      continue;
    }
    switch (c) {
    case '"': buf_puts(b, "\\\""); p++; continue;
    case '\\': buf_puts(b, "\\\\"); p++; continue;
    case '\n': buf_puts(b, "\\n"); p++; continue;
    case '\r': buf_puts(b, "\\r"); p++; continue;
    case '\t': buf_puts(b, "\\t"); p++; continue;
    case '\b': buf_puts(b, "\\b"); p++; continue;
    case '\f': buf_puts(b, "\\f"); p++; continue;
    default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      buf_printf(b, "\\u%04x", c);
      p++;
      continue;
    }
    int32_t cp;
    int n = utf8_decode(p, SIZE_MAX, &cp);
    if (cp < 0) {
      /* JSON must be valid UTF-8; a stray byte becomes U+FFFD. */
      buf_puts(b, "\\ufffd");
    } else if (cp == 0x2028 || cp == 0x2029) {
      /* Legal JSON, but they end a line in JavaScript source. */
      buf_printf(b, "\\u%04x", (unsigned)cp);
    } else {
      buf_put(b, (const char *)p, (size_t)n);
    }
    p += n;
  }
  buf_putc(b, '"');
}

/* A C string literal whose bytes equal s (its first max bytes, cut at a
 * character): every byte that is not printable ASCII as a three-digit octal
 * escape (hex escapes are greedy), '?' escaped against trigraphs. */
void c_string(Buf *out, const char *s, size_t max) {
  if (!s) {
    buf_puts(out, "0");
    return;
  }
  size_t n = strlen(s);
  if (n > max) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
      n--;
  }
  buf_putc(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + n; p++) {
    unsigned char c = *p;
    if (c == '\\' || c == '"' || c == '?') {
      buf_putc(out, '\\');
      buf_putc(out, (char)c);
    } else if (c >= 0x20 && c < 0x7F) {
      buf_putc(out, (char)c);
    } else {
      buf_printf(out, "\\%03o", c);
    }
  }
  buf_putc(out, '"');
}

/* A file name fit for a comment: nothing that can end it, open another or
 * splice lines. */
void c_comment_safe(Buf *out, const char *s) {
  for (const char *p = s; *p; p++) {
    char c = *p;
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '/';
    buf_putc(out, ok ? c : '_');
  }
}

/* ------------------------------------------------------------ did you mean */

size_t edit_distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > 64 || m > 64)
    return (size_t)-1;
  size_t row[65];
  for (size_t j = 0; j <= m; j++)
    row[j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t up = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t best = diag + cost;
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[m];
}

/* A name is near enough when at most a third of it (and at most 3) is
 * edited; of the nearest, the alphabetically first, so that the hint is
 * deterministic. */
Closest closest_begin(const char *name) {
  size_t limit = strlen(name) / 3 + 1;
  return (Closest){name, limit > 3 ? 3 : limit, (size_t)-1, NULL};
}

void closest_offer(Closest *c, const char *candidate) {
  if (!candidate)
    return;
  size_t d = edit_distance(c->name, candidate);
  if (d <= c->limit && (d < c->best_d || (d == c->best_d && strcmp(candidate, c->best) < 0))) {
    c->best = candidate;
    c->best_d = d;
  }
}

/* ------------------------------------------------------------ grouping */

/* Numbers items by key, densely: items with equal keys get one group, in
 * the order first seen. By hashing, so that pairing n items costs n steps
 * and not n * n (amrc diff's lines, projects and findings; equal titles). */
Groups group_items(Arena *a, const void *const *items, int n, KeyHash hash, KeyEq eq) {
  size_t cap = 16;
  while (cap < 2 * (size_t)n)
    cap *= 2;
  int *slot = arena_alloc(a, sizeof *slot * cap);  /* item + 1, 0: empty (arena memory is zero) */
  Groups g = {arena_alloc(a, sizeof *g.of * (size_t)(n + 1)), 0};
  for (int i = 0; i < n; i++) {
    size_t h = (size_t)hash(items[i]) & (cap - 1);
    while (slot[h] && !eq(items[slot[h] - 1], items[i]))
      h = (h + 1) & (cap - 1);
    if (slot[h]) {
      g.of[i] = g.of[slot[h] - 1];
    } else {
      slot[h] = i + 1;
      g.of[i] = g.n++;
    }
  }
  return g;
}

uint64_t string_hash(const void *s) { return text_hash(s, strlen(s)); }
bool string_eq(const void *x, const void *y) { return strcmp(x, y) == 0; }

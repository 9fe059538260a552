/* source.c: reading a file into memory and proving it is text we may quote.
 *
 * Everything a hostile file could do to the later stages is stopped here:
 * directories, devices that never end, NUL bytes (a known flex skeleton bug
 * hangs on them), invalid UTF-8 and sizes beyond the limit. A file is only
 * quoted in diagnostics once it has passed (is_source). */
#include "amrc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static Loc file_loc(SrcFile *f, int line, int col) {
  return (Loc){f, line, col, line, col + 1};
}

/* Where byte offset off falls, as line and UTF-8 column. */
static void position_of(const char *text, size_t off, int *line, int *col) {
  int l = 1, c = 1;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') {
      l++;
      c = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col = c;
}

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

/* Eight bytes at a time: true when none is NUL and none has its high bit
 * set, the common case of a plan's text, which then needs no decoding. */
static bool plain_ascii8(const char *p) {
  uint64_t w;
  memcpy(&w, p, sizeof w);
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  return ((w | ((w - ones) & ~w)) & highs) == 0;
}

static SrcFile *finish(Arena *a, Diags *d, SrcFile *f, char *bytes, size_t len) {
  size_t start = 0;
  if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  for (size_t i = start; i < len;) {
    if (len - i >= 8 && plain_ascii8(bytes + i)) {
      i += 8;
      continue;
    }
    if (bytes[i] == '\0') {
      int line, col;
      position_of(bytes + start, i - start, &line, &col);
      diag_report(d, "encoding", file_loc(f, line, col),
                  "NUL byte: '%s' is not a text file", f->display);
      return NULL;
    }
    int32_t cp;
    int n = utf8_decode((const unsigned char *)bytes + i, len - i, &cp);
    if (cp < 0) {
      int line, col;
      position_of(bytes + start, i - start, &line, &col);
      diag_report(d, "encoding", file_loc(f, line, col),
                  "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                  (unsigned char)bytes[i]);
      return NULL;
    }
    i += (size_t)n;
  }
  f->text = arena_strndup(a, bytes + start, len - start);
  f->len = len - start;
  int nlines = 1;
  const char *end = f->text + f->len;
  for (const char *p = f->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    nlines++;
  f->line_starts = arena_alloc(a, sizeof(int) * ((size_t)nlines + 1));
  int k = 0;
  f->line_starts[k++] = 0;
  for (const char *p = f->text; (p = memchr(p, '\n', (size_t)(end - p))); p++)
    f->line_starts[k++] = (int)(p - f->text) + 1;
  f->nlines = nlines;
  f->is_source = true;
  return f;
}

SrcFile *src_from_memory(Arena *a, Diags *d, const char *display, const char *bytes,
                         size_t len) {
  SrcFile *f = arena_alloc(a, sizeof *f);
  f->path = f->display = arena_strdup(a, display);
  if (len > (size_t)AMR_MAX_FILE_BYTES) {
    diag_plain(d, "limit", "%s: larger than the limit of %ld bytes", display,
               (long)AMR_MAX_FILE_BYTES);
    return NULL;
  }
  char *copy = malloc(len + 1);
  if (!copy) {
    diag_plain(d, "io", "%s: out of memory", display);
    return NULL;
  }
  memcpy(copy, bytes, len);
  SrcFile *r = finish(a, d, f, copy, len);
  free(copy);
  return r;
}

SrcFile *src_load(Arena *a, Diags *d, const char *path, const char *display, Loc *from) {
  SrcFile *f = arena_alloc(a, sizeof *f);
  f->path = arena_strdup(a, path);
  f->display = arena_strdup(a, display);
  Loc where = from ? *from : (Loc){0};

  struct stat st;
  if (stat(path, &st) != 0) {
    if (from)
      diag_report(d, "import", where, "cannot open '%s': %s", display, strerror(errno));
    else
      diag_plain(d, "io", "cannot open '%s': %s", display, strerror(errno));
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    if (from)
      diag_report(d, "import", where, "'%s' is a directory, not an .amr file", display);
    else
      diag_plain(d, "io", "'%s' is a directory, not an .amr file", display);
    return NULL;
  }
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    if (from)
      diag_report(d, "import", where, "cannot open '%s': %s", display, strerror(errno));
    else
      diag_plain(d, "io", "cannot open '%s': %s", display, strerror(errno));
    return NULL;
  }
  /* Read in chunks so that a device that never ends (/dev/zero) is refused
   * at its first NUL or at the size limit, not after exhausting memory. */
  size_t cap = 64 * 1024, len = 0;
  char *bytes = malloc(cap + 1);
  bool too_big = false, has_nul = false, read_error = false;
  while (bytes) {
    if (len == cap) {
      if (cap >= (size_t)AMR_MAX_FILE_BYTES) {
        too_big = true;
        break;
      }
      cap *= 2;
      char *p = realloc(bytes, cap + 1);
      if (!p) {
        free(bytes);
        bytes = NULL;
        break;
      }
      bytes = p;
    }
    size_t n = fread(bytes + len, 1, cap - len, fp);
    if (memchr(bytes + len, '\0', n))
      has_nul = true;
    len += n;
    if (has_nul || n == 0) {
      read_error = ferror(fp);
      break;
    }
  }
  fclose(fp);
  if (!bytes) {
    diag_plain(d, "io", "%s: out of memory", display);
    return NULL;
  }
  SrcFile *r = NULL;
  if (read_error)
    diag_plain(d, "io", "error reading '%s'", display);
  else if (too_big)
    diag_plain(d, "limit", "'%s' is larger than the limit of %ld MiB", display,
               (long)(AMR_MAX_FILE_BYTES / (1024 * 1024)));
  else
    r = finish(a, d, f, bytes, len);
  free(bytes);
  return r;
}

const char *src_line(const SrcFile *f, int n, int *len) {
  if (!f || !f->is_source || n < 1 || n > f->nlines) {
    *len = 0;
    return "";
  }
  int start = f->line_starts[n - 1];
  int end = n < f->nlines ? f->line_starts[n] - 1 : (int)f->len;
  while (end > start && (f->text[end - 1] == '\r' || f->text[end - 1] == '\n'))
    end--;
  *len = end - start;
  return f->text + start;
}

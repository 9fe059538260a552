/* source.c: reading a file into memory and proving it is text we may quote.
 *
 * Everything a hostile file could do to the later stages is stopped here:
 * directories, devices that never end, NUL bytes (a known flex skeleton bug
 * hangs on them), invalid UTF-8 and sizes beyond the limit. A file is only
 * quoted in diagnostics once it has passed (is_source). */
#include "core.h"
#if AMRC_SSE2
#include <emmintrin.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A regular file whose text may be given back after parsing: a 20 MB plan
 * would otherwise keep 20 MB that only diagnostics quote, a line at a time.
 * What identifies the file as read, so that a line is never quoted from a
 * file that changed since. */
struct SrcDisk {
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
  size_t bom;              /* bytes before the text */
  void **text;             /* the arena's slot of the text's memory */
  void **line;             /* the lines read again, kept (Kept, read_again) */
  size_t line_cap, line_used;
  int cached;              /* the line last read or given (a message asks for
                              its line and columns more than once); 0: none */
  pthread_mutex_t lock;    /* over line and cached, for loc_copy */
};

/* The place of the error that refuses a file: it gets no line index. */
static Loc refused_loc(SrcFile *f, int line, int col) {
  f->refused_at = (Pos){line, col, line, col + 1};
  return (Loc){f, 0, 0};
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

/* Eight bytes at a time: true when none is NUL and none has its high bit
 * set, the common case of a plan's text, which then needs no decoding. */
static bool plain_ascii8(const char *p) {
  uint64_t w;
  memcpy(&w, p, sizeof w);
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  return ((w | ((w - ones) & ~w)) & highs) == 0;
}

/* The line feeds among eight ASCII bytes: the high bit of each byte that
 * is one, exactly (no carry crosses a byte). */
static uint64_t line_feeds8(const char *p) {
  uint64_t w;
  memcpy(&w, p, sizeof w);
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu, lf = 0x0A0A0A0A0A0A0A0Au;
  uint64_t t = w ^ lf;
  return ~(((t & low7) + low7) | t | low7);
}

/* Where each line starts, as the bytes are checked. */
typedef struct Starts {
  int *at;
  size_t n, cap;
} Starts;

/* Room for n more, so that a block's line starts are stored unchecked. */
static bool starts_reserve(Starts *s, size_t n) {
  if (s->cap - s->n >= n)
    return true;
  size_t cap = s->cap ? 2 * s->cap : 1024;
  while (cap - s->n < n)
    cap *= 2;
  int *grown = realloc(s->at, sizeof *grown * cap);
  if (!grown)
    return false;
  s->at = grown;
  s->cap = cap;
  return true;
}

static inline bool starts_push(Starts *s, size_t offset) {
  if (!starts_reserve(s, 1))
    return false;
  s->at[s->n++] = (int)offset;
  return true;
}

#if AMRC_SSE2
/* A 64-byte block's masks, a bit a byte: the bytes that are NUL or have
 * their high bit set, and the line feeds. */
static inline uint64_t block_masks(const char *p, uint64_t *lf) {
  uint64_t odd = 0, feeds = 0;
  for (int k = 0; k < 4; k++) {
    __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * k));
    __m128i nul_or_high = _mm_or_si128(x, _mm_cmpeq_epi8(x, _mm_setzero_si128()));
    odd |= (uint64_t)(unsigned)_mm_movemask_epi8(nul_or_high) << (16 * k);
    feeds |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')))
             << (16 * k);
  }
  *lf = feeds;
  return odd;
}

/* How many bytes from the start of a 64-byte block are known good text,
 * given its mask of odd bytes: ASCII other than NUL, and the UTF-8
 * sequences that lie wholly in the block (a plan's letters with accents
 * and its euro signs: one in about 140 bytes of the benchmark plans, which
 * restarted a sixteen-byte scan each time), by utf8_decode's rules. The
 * byte where it stops, if any, is decoded one at a time. */
static size_t plain_prefix64(const char *p, uint64_t odd, bool *bidi) {
  const unsigned char *u = (const unsigned char *)p;
  while (odd) {
    unsigned k = (unsigned)__builtin_ctzll(odd);
    int32_t cp;
    int n = utf8_decode(u + k, 64 - k, &cp);
    if (cp <= 0)  /* NUL, or not UTF-8 */
      return k;
    *bidi |= text_bidi(cp);
    odd &= ~(((UINT64_C(1) << n) - 1) << k);
  }
  return 64;
}
#endif

/* The line index, made small where it can be (SrcFile.line_step). */
enum { LINE_GROUP = 64 };

static void index_lines(Arena *a, SrcFile *f, Starts *lines) {
  size_t n = lines->n, groups = (n + LINE_GROUP - 1) / LINE_GROUP;
  /* n is at most the file's size (AMR_MAX_FILE_BYTES): said, so that the
   * compiler's check of the sizes below knows it */
  bool fits = n >= 1 && n <= (size_t)AMR_MAX_FILE_BYTES;
  uint32_t *anchor = fits ? malloc(sizeof *anchor * groups) : NULL;
  uint16_t *step = fits ? malloc(sizeof *step * n) : NULL;
  bool small = anchor && step;
  for (size_t g = 0; g < groups && small; g++) {
    int base = lines->at[g * LINE_GROUP];
    size_t last = (g + 1) * LINE_GROUP < n ? (g + 1) * LINE_GROUP : n;
    anchor[g] = (uint32_t)base;
    for (size_t k = g * LINE_GROUP; k < last; k++) {
      int d = lines->at[k] - base;
      small &= d <= UINT16_MAX;
      step[k] = (uint16_t)d;
    }
  }
  if (small) {
    free(lines->at);
    arena_own(a, anchor);
    arena_own(a, step);
    f->line_anchor = anchor;
    f->line_step = step;
    return;
  }
  free(anchor);
  free(step);
  int *exact = realloc(lines->at, sizeof *lines->at * n);
  f->line_starts = exact ? exact : lines->at;
  arena_own(a, f->line_starts);
}

/* Where line k (0-based) starts. */
static uint32_t line_start(const SrcFile *f, int k) {
  if (f->line_starts)
    return (uint32_t)f->line_starts[k];
  return f->line_anchor[k / LINE_GROUP] + f->line_step[k];
}

static bool has_index(const SrcFile *f) { return f->line_starts || f->line_step; }

uint32_t src_line_offset(const SrcFile *f, int n) {
  return f && has_index(f) && n >= 1 && n <= f->nlines ? line_start(f, n - 1) : 0;
}

/* Checks the bytes and makes them the file's text, with its line index,
 * in one pass: sixteen or eight bytes at a time while they are ASCII.
 * Takes bytes (malloc'd, with room for two NULs from len on: the
 * scanner's string rule reads up to the first) whatever the outcome. */
static SrcFile *finish(Arena *a, SrcRefusal *why, SrcFile *f, char *bytes, size_t len) {
  size_t start = 0;
  if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  Starts lines = {0};
  bool ok = starts_push(&lines, 0);
  for (size_t i = start; i < len && ok;) {
#if AMRC_SSE2
    if (len - i >= 64) {
      uint64_t lf, odd = block_masks(bytes + i, &lf);
      size_t plain = odd ? plain_prefix64(bytes + i, odd, &f->has_bidi) : 64;
      if (plain < 64)
        lf &= (UINT64_C(1) << plain) - 1;
      ok = starts_reserve(&lines, 64);
      for (; lf && ok; lf &= lf - 1)
        lines.at[lines.n++] = (int)(i - start + (size_t)__builtin_ctzll(lf) + 1);
      i += plain;
      if (plain)
        continue;
    }
#endif
    if (len - i >= 8 && plain_ascii8(bytes + i)) {
      uint64_t lf = line_feeds8(bytes + i);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      for (; lf && ok; lf &= lf - 1)  /* the first byte is the lowest */
        ok = starts_push(&lines, i - start + (size_t)__builtin_ctzll(lf) / 8 + 1);
#else
      for (size_t j = 0; lf && j < 8 && ok; j++)
        if (bytes[i + j] == '\n')
          ok = starts_push(&lines, i - start + j + 1);
#endif
      i += 8;
      continue;
    }
    if (bytes[i] == '\n') {
      ok = starts_push(&lines, i - start + 1);
      i++;
      continue;
    }
    if (bytes[i] == '\0') {
      int line, col;
      position_of(bytes + start, i - start, &line, &col);
      *why = (SrcRefusal){.fault = SRC_NUL, .at = refused_loc(f, line, col)};
      free(lines.at);
      free(bytes);
      return NULL;
    }
    int32_t cp;
    int n = utf8_decode((const unsigned char *)bytes + i, len - i, &cp);
    if (cp < 0) {
      int line, col;
      position_of(bytes + start, i - start, &line, &col);
      *why = (SrcRefusal){.fault = SRC_NOT_UTF8, .at = refused_loc(f, line, col),
                          .byte = (unsigned char)bytes[i]};
      free(lines.at);
      free(bytes);
      return NULL;
    }
    f->has_bidi |= text_bidi(cp);
    i += (size_t)n;
  }
  if (!ok) {
    *why = (SrcRefusal){.fault = SRC_OUT_OF_MEMORY};
    free(lines.at);
    free(bytes);
    return NULL;
  }
  bytes[len] = bytes[len + 1] = '\0';
  void **slot = arena_own(a, bytes);
  if (f->disk) {
    f->disk->bom = start;
    f->disk->text = slot;
  }
  f->text = bytes + start;
  f->len = len - start;
  f->nlines = (int)lines.n;
  index_lines(a, f, &lines);
  f->is_source = true;
  return f;
}

SrcFile *src_read_memory(Arena *a, const char *display, const char *bytes, size_t len,
                         SrcRefusal *why) {
  *why = (SrcRefusal){.fault = SRC_READ};
  SrcFile *f = arena_alloc(a, sizeof *f);
  f->path = f->display = arena_strdup(a, display);
  if (len > (size_t)AMR_MAX_FILE_BYTES) {
    why->fault = SRC_TOO_LARGE;
    return NULL;
  }
  char *copy = malloc(len + 2);
  if (!copy) {
    why->fault = SRC_OUT_OF_MEMORY;
    return NULL;
  }
  memcpy(copy, bytes, len);
  return finish(a, why, f, copy, len);
}

SrcFile *src_read(Arena *a, const char *path, const char *display, SrcRefusal *why) {
  *why = (SrcRefusal){.fault = SRC_READ};
  SrcFile *f = arena_alloc(a, sizeof *f);
  f->path = arena_strdup(a, path);
  f->display = arena_strdup(a, display);

  /* Opened and asked once, without stdio's buffer and its own fstat: a
   * plan of small files spends more on system calls than on reading. */
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *why = (SrcRefusal){.fault = SRC_CANNOT_OPEN, .err = errno};
    return NULL;
  }
  struct stat opened;
  bool known = fstat(fd, &opened) == 0;
  if (known && S_ISDIR(opened.st_mode)) {
    close(fd);
    why->fault = SRC_DIRECTORY;
    return NULL;
  }
  /* Read in chunks so that a device that never ends (/dev/zero) is refused
   * at its first NUL or at the size limit, not after exhausting memory; a
   * regular file in one, sized by what it was when opened. */
  size_t cap = 64 * 1024, len = 0;
  if (known && S_ISREG(opened.st_mode)) {
    f->disk = arena_alloc(a, sizeof *f->disk);
    *f->disk = (SrcDisk){.dev = opened.st_dev, .ino = opened.st_ino, .size = opened.st_size,
                         .mtime = opened.st_mtim, .line = arena_own(a, NULL)};
    pthread_mutex_init(&f->disk->lock, NULL);
    if (opened.st_size >= 0 && (uintmax_t)opened.st_size < (uintmax_t)AMR_MAX_FILE_BYTES)
      cap = (size_t)opened.st_size + 1;  /* +1: the end is seen in one read */
  }
  char *bytes = malloc(cap + 2);
  bool too_big = false, has_nul = false, read_error = false;
  while (bytes) {
    if (len == cap) {
      if (cap >= (size_t)AMR_MAX_FILE_BYTES) {
        too_big = true;
        break;
      }
      cap *= 2;
      char *p = realloc(bytes, cap + 2);
      if (!p) {
        free(bytes);
        bytes = NULL;
        break;
      }
      bytes = p;
    }
    ssize_t got = read(fd, bytes + len, cap - len);
    if (got < 0 && errno == EINTR)
      continue;
    size_t n = got > 0 ? (size_t)got : 0;
    if (memchr(bytes + len, '\0', n))
      has_nul = true;
    len += n;
    if (has_nul || n == 0) {
      read_error = got < 0;
      break;
    }
  }
  close(fd);
  if (!bytes) {
    why->fault = SRC_OUT_OF_MEMORY;
    return NULL;
  }
  if (read_error || too_big) {
    why->fault = read_error ? SRC_READ_ERROR : SRC_TOO_LARGE;
    free(bytes);
    return NULL;
  }
  /* a file that changed while it was read is not one we can quote later */
  if (f->disk && (off_t)len != f->disk->size)
    f->disk = NULL;
  return finish(a, why, f, bytes, len);
}

size_t src_bom(const SrcFile *f) { return f->disk ? f->disk->bom : 0; }

bool src_same_file(const SrcFile *a, const SrcFile *b) {
  const SrcDisk *x = a->disk, *y = b->disk;
  return x && y && x->dev == y->dev && x->ino == y->ino && x->size == y->size &&
         x->mtime.tv_sec == y->mtime.tv_sec && x->mtime.tv_nsec == y->mtime.tv_nsec;
}

void src_release(SrcFile *f) {
  if (!f || !f->text || !f->disk)
    return;
  free(*f->disk->text);
  *f->disk->text = NULL;
  f->text = NULL;
}

/* The lines of a given-back file read again are kept, each as a Kept and
 * its text with a NUL, in one buffer of the file's: the checker quotes a
 * line (loc_copy) that the report then prints, and a read costs four
 * system calls. A kept line is given again only while the file is the
 * one parsed (one stat), unless it is the line last given. Past
 * LINES_KEPT bytes the buffer starts over, so that a file with very many
 * findings keeps little. */
typedef struct Kept {
  int line;
  uint32_t len;
} Kept;

enum { LINES_KEPT = 16 * 1024 };

static size_t kept_size(size_t len) { return sizeof(Kept) + ((len + 1 + 7) & ~(size_t)7); }

static char *kept_line(const SrcDisk *k, int n_line) {
  for (size_t at = 0; at < k->line_used;) {
    Kept *e = (Kept *)((char *)*k->line + at);
    if (e->line == n_line)
      return (char *)(e + 1);
    at += kept_size(e->len);
  }
  return NULL;
}

/* Room for line n_line of n bytes at the buffer's end, or NULL; it counts
 * once read (line_used). */
static Kept *kept_room(SrcDisk *k, int n_line, size_t n) {
  if (n > UINT32_MAX)
    return NULL;
  if (k->line_used + kept_size(n) > LINES_KEPT)
    k->line_used = 0;
  if (k->line_used + kept_size(n) > k->line_cap) {
    size_t cap = k->line_used + kept_size(n);
    void *grown = realloc(*k->line, cap);
    if (!grown)
      return NULL;
    *k->line = grown;
    k->line_cap = cap;
  }
  Kept *e = (Kept *)((char *)*k->line + k->line_used);
  *e = (Kept){n_line, (uint32_t)n};
  return e;
}

static bool unchanged(const SrcDisk *k, const struct stat *st) {
  return st->st_dev == k->dev && st->st_ino == k->ino && st->st_size == k->size &&
         st->st_mtim.tv_sec == k->mtime.tv_sec && st->st_mtim.tv_nsec == k->mtime.tv_nsec;
}

/* Line n, bytes [start, end) of a given-back file's text, kept or read
 * again: NULL when the file is no longer the one parsed. */
static const char *read_again(SrcFile *f, int n_line, size_t start, size_t end) {
  SrcDisk *k = f->disk;
  char *kept = kept_line(k, n_line);
  if (kept && k->cached == n_line)
    return kept;
  k->cached = 0;
  struct stat st;
  if (kept) {
    if (stat(f->path, &st) != 0 || !unchanged(k, &st))
      return NULL;
    k->cached = n_line;
    return kept;
  }
  int fd = open(f->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  size_t n = end - start;
  Kept *e = fstat(fd, &st) == 0 && unchanged(k, &st) ? kept_room(k, n_line, n) : NULL;
  ssize_t got = e ? pread(fd, e + 1, n, (off_t)(k->bom + start)) : -1;
  close(fd);
  if (got < 0 || (size_t)got != n)
    return NULL;
  char *text = (char *)(e + 1);
  text[n] = '\0';
  k->line_used += kept_size(n);
  k->cached = n_line;
  return text;
}

const char *src_line(SrcFile *f, int n, int *len) {
  *len = 0;
  if (!f || !f->is_source || n < 1 || n > f->nlines)
    return NULL;
  size_t start = line_start(f, n - 1);
  size_t end = n < f->nlines ? line_start(f, n) - 1 : f->len;
  const char *text = f->text ? f->text + start : read_again(f, n, start, end);
  if (!text)
    return NULL;
  while (end > start && (text[end - start - 1] == '\r' || text[end - start - 1] == '\n'))
    end--;
  *len = (int)(end - start);
  return text;
}

/* ------------------------------------------------------------------ positions */

/* The line byte off falls on: the last line that starts at or before it. */
static int line_of(const SrcFile *f, uint32_t off) {
  int lo = 0, hi = f->nlines - 1;
  while (lo < hi) {
    int mid = lo + (hi - lo + 1) / 2;
    if (line_start(f, mid) <= off)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo + 1;
}

/* The column of byte off on its line: characters before it, plus one. */
static int col_of(SrcFile *f, int line, uint32_t off) {
  uint32_t start = line_start(f, line - 1);
  size_t n = off > start ? off - start : 0;
  int len;
  const char *text = n ? src_line(f, line, &len) : NULL;
  if (!text)
    return (int)n + 1;  /* at the line's start, or a file changed since */
  size_t shown = n < (size_t)len ? n : (size_t)len;  /* a CR at the end counts one */
  int col = (int)(n - shown) + 1;
  for (size_t i = 0; i < shown; i++)
    col += ((unsigned char)text[i] & 0xC0) != 0x80;
  return col;
}

int loc_line(Loc loc) {
  if (!loc.file)
    return 0;
  if (!has_index(loc.file))
    return loc.file->refused_at.line;
  return line_of(loc.file, loc.begin);
}

Pos loc_pos(Loc loc) {
  if (!loc.file)
    return (Pos){0};
  SrcFile *f = loc.file;
  if (!has_index(f))
    return f->refused_at;
  Pos p;
  p.line = line_of(f, loc.begin);
  p.col = col_of(f, p.line, loc.begin);
  p.end_line = line_of(f, loc.end);
  p.end_col = col_of(f, p.end_line, loc.end);
  return p;
}

const char *loc_text(Loc loc, int *len) {
  *len = 0;
  if (!loc.file || !has_index(loc.file) || loc.end < loc.begin)
    return NULL;
  int line = line_of(loc.file, loc.begin);
  if (line_of(loc.file, loc.end) != line)
    return NULL;
  int n;
  const char *text = src_line(loc.file, line, &n);
  size_t from = loc.begin - line_start(loc.file, line - 1);
  if (!text || from > (size_t)n)
    return NULL;
  size_t want = loc.end - loc.begin;
  *len = (int)(want < (size_t)n - from ? want : (size_t)n - from);
  return text + from;
}

/* loc_text, copied while no other thread reads the file's lines again:
 * the line buffer of a given-back file is shared (read_again). */
char *loc_copy(Arena *a, Loc loc) {
  SrcDisk *k = loc.file ? loc.file->disk : NULL;
  if (k)
    pthread_mutex_lock(&k->lock);
  int len;
  const char *text = loc_text(loc, &len);
  char *copy = text && len > 0 ? arena_strndup(a, text, (size_t)len) : NULL;
  if (k)
    pthread_mutex_unlock(&k->lock);
  return copy;
}

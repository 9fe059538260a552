/* arena.c: memory that lives as long as one run, interned names, and the
 * growable buffer that back ends build their output in. */
#include "support.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

struct ArenaBlock {
  ArenaBlock *next;
  size_t used, cap;
  size_t mapped;           /* bytes mapped for the block; 0: from malloc */
  size_t ready;            /* bytes of data cleared (from malloc) or whose
                              pages are in (mapped): populate() */
  max_align_t data[];
};

enum { ARENA_BLOCK = 2 * 1024 * 1024, ARENA_FIRST_BLOCK = 64 * 1024, POPULATE_STEP = 256 * 1024 };

#if defined(__linux__)
/* Mapped memory that starts on a 2 MiB boundary and asks for transparent
 * huge pages (MADV_HUGEPAGE; a block that straddled a boundary could have
 * none). On the virtual machines amrc is measured on, the first touch of
 * each fresh 4 KiB page costs far more than the work done in it, even
 * after populate() below, and a large plan's arena is most of the memory
 * a run touches: a huge page is one fault for 2 MiB. It costs memory too:
 * a block is in whole from its first touch, not 256 KiB ahead of use (the
 * peak memory target, issue #8, holds with it). Where the kernel gives no
 * huge page, populate() still brings the 4 KiB pages in. What it buys, and
 * when huge pages were measured not to pay: bench/RESULTS.md. */
static void *map_huge_aligned(size_t size) {
  const size_t huge = ARENA_BLOCK;
  if (size > SIZE_MAX - huge)
    return NULL;
  char *raw = mmap(NULL, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED)
    return NULL;
  char *at = (char *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
  if (at > raw)
    munmap(raw, (size_t)(at - raw));
  if (raw + huge > at)
    munmap(at + size, (size_t)(raw + huge - at));
#ifdef MADV_HUGEPAGE
  madvise(at, size, MADV_HUGEPAGE);
#endif
  return at;
}
#endif

/* A block's memory: blocks of 2 MiB or more are mapped on Linux (so that
 * they go back to the system when freed; zero when fresh), smaller ones
 * and the rest come from malloc and are cleared as they are handed out
 * (populate, below): the first block of every arena is 64 KiB, and a
 * scratch arena that uses a page of it (a project's allocation, a
 * what-if of the risk paragraph) would otherwise have all of its pages
 * cleared, and so brought in, when it is made. */
static ArenaBlock *new_block(size_t cap) {
#if defined(__linux__)
  size_t want = sizeof(ArenaBlock) + cap;
  if (want >= ARENA_BLOCK) {
    ArenaBlock *b = map_huge_aligned(want);
    if (b) {
      b->mapped = want;
      b->cap = cap;
      return b;
    }
  }
#endif
  ArenaBlock *b = malloc(sizeof(ArenaBlock) + cap);
  if (b)
    *b = (ArenaBlock){.cap = cap};
  return b;
}

/* Brings in the pages of a mapped block up to at least upto bytes of its
 * data, POPULATE_STEP at a time, in one call each rather than a fault per
 * 4 KiB page, where the block has no huge page (map_huge_aligned): a
 * fault costs most in a virtual machine, and a large plan's arena is most
 * of its memory; what this buys is measured in bench/RESULTS.md ("What
 * each speed trick buys"). Over a huge page the call finds its pages in
 * and returns. Where the call is not known (Linux before 5.14), the pages
 * come in as they are touched. */
static void populate(ArenaBlock *b, size_t upto) {
  if (!b->mapped) {
    /* from malloc: cleared up to the page after upto */
    size_t to = (upto + 4095) & ~(size_t)4095;
    if (to > b->cap)
      to = b->cap;
    memset((char *)b->data + b->ready, 0, to - b->ready);
    b->ready = to;
    return;
  }
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  const uintptr_t page = 4096;
  size_t to = b->cap - upto > POPULATE_STEP ? upto + POPULATE_STEP : b->cap;
  uintptr_t from_at = ((uintptr_t)b->data + b->ready) & ~(page - 1);
  uintptr_t to_at = ((uintptr_t)b->data + to + page - 1) & ~(page - 1);
  if (to_at > (uintptr_t)b + b->mapped)
    to_at = (uintptr_t)b + b->mapped;
  if (madvise((void *)from_at, to_at - from_at, MADV_POPULATE_WRITE) != 0)
    to = b->cap;  /* not to be asked again: the pages come in as touched */
  b->ready = to;
#else
  b->ready = b->cap;
  (void)upto;
#endif
}

static void free_block(ArenaBlock *b) {
#if defined(__linux__)
  if (b->mapped) {
    munmap(b, b->mapped);
    return;
  }
#endif
  free(b);
}

static void out_of_memory(void) {
  fputs("amrc: out of memory\n", stderr);
  exit(2);
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

void *arena_grow(Arena *a, void *items, int n, int *cap, size_t size) {
  if (n < *cap)
    return items;
  if (*cap > INT_MAX / 2 || (size_t)*cap * 2 > SIZE_MAX / size)
    out_of_memory();
  int grown_cap = *cap ? *cap * 2 : 16;
  void *grown = arena_alloc(a, size * (size_t)grown_cap);
  if (n)
    memcpy(grown, items, size * (size_t)n);
  *cap = grown_cap;
  return grown;
}

void *xrealloc(void *p, size_t size) {
  p = realloc(p, size ? size : 1);
  if (!p)
    out_of_memory();
  return p;
}

/* An array too large for the current block's free tail (the evaluator's
 * per-line amounts, the checker's indexes) gets a block of its own, of its
 * own size, behind the current one: the tail stays in use instead of being
 * left behind. The array is used whole, so its pages are brought in at
 * once. */
static void *large(Arena *a, size_t n) {
  if (n > SIZE_MAX - sizeof(ArenaBlock))
    out_of_memory();
  ArenaBlock *big = new_block(n);
  if (!big)
    out_of_memory();
  if (big->ready < n)
    populate(big, n);
  big->used = n;
  if (a->head) {
    big->next = a->head->next;
    a->head->next = big;
  } else {
    a->head = big;  /* full: the next allocation makes a block */
  }
  return big->data;
}

/* Bumps n bytes aligned to align (a power of two) off the current block. */
static void *bump(Arena *a, size_t n, size_t align) {
  ArenaBlock *b = a->head;
  size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
  if (!b || at > b->cap || b->cap - at < n) {
    if (n >= ARENA_BLOCK / 8)
      return large(a, n);
    size_t block = a->next_block ? a->next_block : ARENA_FIRST_BLOCK;
    a->next_block = block < ARENA_BLOCK ? 2 * block : ARENA_BLOCK;
    size_t unit = block - sizeof(ArenaBlock);
    ArenaBlock *fresh = new_block(n > unit ? n : unit);
    if (!fresh)
      out_of_memory();
    fresh->next = a->head;
    a->head = b = fresh;
    at = 0;
  }
  if (b->ready < at + n)
    populate(b, at + n);
  void *p = (char *)b->data + at;
  b->used = at + n;
  return p;  /* zero: blocks are zeroed when made, and again when reused (arena_reset) */
}

/* _Alignof, not sizeof: on x86-64 max_align_t is 32 bytes but aligned to
 * 16, and 32 would round every 48-byte Expr up to 64. */
void *arena_alloc(Arena *a, size_t n) { return bump(a, n, _Alignof(max_align_t)); }
void *arena_alloc_aligned(Arena *a, size_t n, size_t align) { return bump(a, n, align); }

/* Text needs no alignment; a plan holds many short strings (names,
 * categories, notes). */
char *arena_strndup(Arena *a, const char *s, size_t n) {
  if (n >= (size_t)PTRDIFF_MAX)
    out_of_memory();  /* a length that went negative: n + 1 must not wrap */
  char *p = bump(a, n + 1, 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

/* Formatted once, on the stack, where it fits: a message is formatted for
 * every finding, and formatting it twice (to size it, then to write it)
 * was half of what a finding cost. */
char *arena_vprintf(Arena *a, const char *fmt, va_list ap) {
  char small[512];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0)
    n = 0, small[0] = '\0';
  char *p = arena_alloc(a, (size_t)n + 1);
  if ((size_t)n < sizeof small)
    memcpy(p, small, (size_t)n + 1);
  else
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = arena_vprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

void arena_trim(Arena *a) {
#if defined(__linux__)
  ArenaBlock *b = a->head;
  if (!b || !b->mapped)
    return;
  const uintptr_t page = 4096;
  uintptr_t from = ((uintptr_t)b->data + b->used + page - 1) & ~(page - 1);
  uintptr_t to = (uintptr_t)b + b->mapped;
  /* the pages come back zeroed if touched again, as the arena needs */
  if (from < to)
    madvise((void *)from, to - from, MADV_DONTNEED);
#else
  (void)a;
#endif
}

Arena *arena_child(Arena *parent) {
  Arena *c = arena_alloc(parent, sizeof *c);
  c->sibling = parent->children;
  parent->children = c;
  return c;
}

/* The small first blocks are for arenas that may stay small; one that is
 * known to fill megabytes (a parsing thread's) would take them all, each
 * page a fault of its own, before its first large block. */
Arena *arena_child_large(Arena *parent) {
  Arena *c = arena_child(parent);
  c->next_block = ARENA_BLOCK;
  return c;
}

size_t arena_size(const Arena *a) {
  size_t n = 0;
  for (const ArenaBlock *b = a->head; b; b = b->next)
    n += b->mapped ? b->mapped : sizeof *b + b->cap;
  for (const Arena *c = a->children; c; c = c->sibling)
    n += arena_size(c);
  return n;
}

struct ArenaOwned {
  void *p;
  ArenaOwned *next;
};

void **arena_own(Arena *a, void *p) {
  ArenaOwned *o = arena_alloc(a, sizeof *o);
  o->p = p;
  o->next = a->owned;
  a->owned = o;
  return &o->p;
}

/* Gives back every block but keep (NULL: all of them), and what the arena
 * owns. */
static void free_but(Arena *a, ArenaBlock *keep) {
  /* the children and the list live in the blocks, so they go first */
  for (Arena *c = a->children; c; c = c->sibling)
    arena_free(c);
  a->children = NULL;
  for (ArenaOwned *o = a->owned; o; o = o->next)
    free(o->p);
  a->owned = NULL;
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *next = b->next;
    if (b != keep)
      free_block(b);
    b = next;
  }
  a->head = NULL;
}

void arena_free(Arena *a) { free_but(a, NULL); }

/* The first block, the smallest, stays, cleared as far as it was used: a
 * scratch arena made anew for each item of a loop then costs what the item
 * wrote, not a block from the C library each time. The arena is then as it
 * was after its first block was made. */
void arena_reset(Arena *a) {
  /* the only block of that size: the later ones are larger */
  ArenaBlock *keep = a->head;
  while (keep && keep->cap != ARENA_FIRST_BLOCK - sizeof(ArenaBlock))
    keep = keep->next;
  free_but(a, keep);
  a->next_block = 0;
  if (!keep)
    return;
  memset(keep->data, 0, keep->used);
  keep->used = 0;
  keep->next = NULL;  /* a large array made behind it (large()) was given back */
  a->head = keep;
  a->next_block = 2 * ARENA_FIRST_BLOCK;
}

/* Open addressing, power-of-two table. The table is malloc'd and given
 * back as it grows (the arena's slot frees the last one), and an entry is
 * 16 bytes: a large plan interns tens of thousands of strings, and a
 * lookup that misses the cache costs more than the hash.
 *
 * The table grows to INTERN_MAX_SLOTS and no further. Interning only saves
 * memory (no name is compared by address), so a full table may forget: a
 * string not found within INTERN_PROBES slots of its place takes the first
 * of them, and the one it displaces is copied anew if it comes again.
 * Strings that repeat (categories, notes, kinds) come back before they are
 * displaced; the ones that are not kept are mostly those written once (a
 * project's id and title). Unbounded, the parsing threads' tables of a
 * very large plan outgrow a core's cache, and its lookups grow faster
 * than the plan. */
enum { INTERN_MAX_SLOTS = 1 << 16, INTERN_PROBES = 8 };

typedef struct Interned {
  const char *s;
  uint32_t n;              /* a file is at most AMR_MAX_FILE_BYTES */
  uint32_t hash;           /* the hash's high half, whose low bits place it */
} Interned;

struct Interner {
  Arena *arena;
  void **slots;            /* Interned[cap], owned by the arena */
  size_t cap, count;
};

Interner *interner_new(Arena *a) {
  Interner *in = arena_alloc(a, sizeof *in);
  in->arena = a;
  in->cap = 256;
  Interned *slots = xcalloc(in->cap, sizeof *slots);
  in->slots = arena_own(a, slots);
  return in;
}

/* Eight bytes a step: the interner sees every string of a plan, notes
 * included, and a byte-at-a-time hash was the larger part of its cost. */
uint64_t text_hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  memcpy(&w, s, n);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

size_t name_hash(const char *s) { return (size_t)text_hash(s, strlen(s)); }

static void interner_grow(Interner *in) {
  size_t cap = in->cap ? in->cap * 2 : 256;
  Interned *old = *in->slots, *slots = xcalloc(cap, sizeof *slots);
  for (size_t i = 0; i < in->cap; i++) {
    if (!old[i].s)
      continue;
    size_t j = old[i].hash & (cap - 1);
    while (slots[j].s)
      j = (j + 1) & (cap - 1);
    slots[j] = old[i];
  }
  free(old);
  *in->slots = slots;
  in->cap = cap;
}

void interner_forget(Interner *in) {
  free(*in->slots);
  *in->slots = NULL;
  in->cap = in->count = 0;
}

size_t interner_slots(const Interner *in) { return in->cap; }

const char *intern(Interner *in, const char *s, size_t n) {
  if (n > UINT32_MAX)
    return arena_strndup(in->arena, s, n);
  if (in->count * 2 >= in->cap && in->cap < INTERN_MAX_SLOTS)
    interner_grow(in);
  uint32_t h = (uint32_t)(text_hash(s, n) >> 32);
  Interned *slots = *in->slots;
  size_t mask = in->cap - 1, home = h & mask, j = home;
  /* Below the largest size the table is at most half full, and a probe
   * always ends at an empty slot; at it, after INTERN_PROBES slots. */
  size_t give_up = in->cap >= INTERN_MAX_SLOTS ? (home + INTERN_PROBES) & mask : SIZE_MAX;
  while (slots[j].s) {
    Interned *e = &slots[j];
    if (e->hash == h && e->n == n && memcmp(e->s, s, n) == 0)
      return e->s;
    j = (j + 1) & mask;
    if (j == give_up) {
      j = home;
      in->count--;  /* displaced */
      break;
    }
  }
  slots[j] = (Interned){arena_strndup(in->arena, s, n), (uint32_t)n, h};
  in->count++;
  return slots[j].s;
}

/* ------------------------------------------------------------------ Buf */

void buf_put(Buf *b, const char *s, size_t n) {
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
      out_of_memory();
    b->data = p;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }
/* Escapers put a character at a time: no call to memcpy for each. */
void buf_putc(Buf *b, char c) {
  if (b->len + 2 <= b->cap) {
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return;
  }
  buf_put(b, &c, 1);
}

void buf_printf(Buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    va_end(ap2);
    return;
  }
  if ((size_t)n < sizeof small) {
    buf_put(b, small, (size_t)n);
  } else {
    char *big = malloc((size_t)n + 1);
    if (!big)
      out_of_memory();
    vsnprintf(big, (size_t)n + 1, fmt, ap2);
    buf_put(b, big, (size_t)n);
    free(big);
  }
  va_end(ap2);
}

/* s as a string of the language: '"' and '\\' escaped, a line break as
 * \n, a CR left out (a CRLF is a line break). Used where amrc writes .amr
 * text itself (import.c, init.c); a control character left in makes the
 * text fail to parse there, which they report. */
void buf_amr_string(Buf *b, const char *s) {
  buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      buf_putc(b, '\\');
    if (*s == '\n')
      buf_puts(b, "\\n");
    else if (*s != '\r')
      buf_putc(b, *s);
  }
  buf_putc(b, '"');
}

void buf_free(Buf *b) {
  free(b->data);
  *b = (Buf){0};
}

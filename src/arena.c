/* arena.c: memory that lives as long as one run, interned names, and the
 * growable buffer that back ends build their output in. */
#include "amrc.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

struct ArenaBlock {
  ArenaBlock *next;
  size_t used, cap;
  size_t mapped;           /* bytes mapped for the block; 0: from calloc */
  max_align_t data[];
};

/* An arena's blocks start small and double up to ARENA_BLOCK: a huge page
 * is 2 MiB the kernel must zero when it is first touched, and most arenas
 * are small. The Achterhoek example's HTML report made seven (the run's,
 * the report's, and one for each source risks.c weighs); their zeroing was
 * 21% of its samples. A large plan's arena gets to whole huge pages after
 * its first 2 MiB. */
enum { ARENA_BLOCK = 2 * 1024 * 1024, ARENA_FIRST_BLOCK = 64 * 1024 };

/* A block's memory, zeroed. On Linux, blocks of 2 MiB or more are whole
 * 2 MiB huge pages where the kernel allows it (transparent huge pages on madvise): a large
 * plan's AST then costs one page fault per 2 MiB instead of one per 4 KiB,
 * and the faults were a third of a --check of a 20 MB plan. Elsewhere, and
 * when mapping fails, calloc (fresh memory from the system is zero, so it
 * is not cleared twice). exact: the mapping ends where the block does (to
 * the next 4 KiB), so that only its whole 2 MiB stretches are huge pages
 * and the rest is mapped as it is touched; else it is whole huge pages. */
static ArenaBlock *new_block(size_t cap, bool exact) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const size_t huge = 2 * 1024 * 1024, page = 4096;
  size_t want = sizeof(ArenaBlock) + cap;
  if (want >= huge && want <= SIZE_MAX - 2 * huge) {
    size_t unit = exact ? page : huge;
    size_t size = (want + unit - 1) & ~(unit - 1);
    char *raw = mmap(NULL, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (raw != MAP_FAILED) {
      /* keep the 2 MiB-aligned part, give back the rest */
      char *at = (char *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
      if (at > raw)
        munmap(raw, (size_t)(at - raw));
      munmap(at + size, (size_t)(raw + huge - at));  /* at < raw + huge */
      madvise(at, size, MADV_HUGEPAGE);
      ArenaBlock *b = (ArenaBlock *)at;
      b->mapped = size;
      b->cap = size - sizeof(ArenaBlock);
      return b;
    }
  }
#endif
  ArenaBlock *b = calloc(1, sizeof(ArenaBlock) + cap);
  if (b)
    b->cap = cap;
  return b;
}

static void free_block(ArenaBlock *b) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
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

/* An array too large for the current block's free tail (the evaluator's
 * per-line amounts, the checker's indexes) gets a block of its own, of its
 * own size, behind the current one: the tail stays in use instead of being
 * left behind, and the array is not rounded up to whole huge pages. On the
 * 20 MB plan this took the arena from 70.0 to 68.1 MiB at the end of a
 * --check, and its peak memory from 75.2 to 72.5 MB. One of 2 MiB or more
 * is mapped with its whole 2 MiB stretches as huge pages: the evaluator's
 * amounts (4.8 MB on the 20 MB plan) had cost 1 200 faults of 4 KiB. */
static void *large(Arena *a, size_t n) {
  if (n > SIZE_MAX - sizeof(ArenaBlock))
    out_of_memory();
  ArenaBlock *big = n >= ARENA_BLOCK ? new_block(n, true) : NULL;
  if (!big)
    big = xcalloc(1, sizeof(ArenaBlock) + n);
  big->cap = big->used = n;
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
    ArenaBlock *fresh = new_block(n > unit ? n : unit, false);
    if (!fresh)
      out_of_memory();
    fresh->next = a->head;
    a->head = b = fresh;
    at = 0;
  }
  void *p = (char *)b->data + at;
  b->used = at + n;
  return p;  /* zero: blocks are zeroed when made and never reused */
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
#if defined(__linux__) && defined(MADV_HUGEPAGE)
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

void arena_free(Arena *a) {
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
    free_block(b);
    b = next;
  }
  a->head = NULL;
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
 * project's id and title). Unbounded, the two parsing threads' tables of
 * the 200 MB plan grew to 512 Ki and 256 Ki slots (8 and 4 MiB, for
 * 131 371 and 127 201 strings), beyond a core's 2 MiB of cache, and its
 * lookups grew faster than the plan; those of the 20 MB plan stop at
 * 32 Ki slots and never reach the bound. */
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

void buf_free(Buf *b) {
  free(b->data);
  *b = (Buf){0};
}

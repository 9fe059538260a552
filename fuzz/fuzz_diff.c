/* fuzz_diff.c: a libFuzzer target over amrc diff (two inputs).
 *
 * One input holds two plans: the old one, a NUL byte, the new one (a plan
 * can hold no NUL byte, so the split is unambiguous). An input without a
 * NUL byte is compared with itself. Both versions go through every stage
 * (diff_texts: load from memory, resolve, evaluate, check), are compared,
 * and the report is rendered in each format; every report must be text.
 * One arena per input, freed at its end, so the leak checker sees what a
 * stage forgets.
 *
 * Built and run by `make fuzz FUZZ_BIN=fuzz_diff` (fuzz/fuzz.mk), seeded by
 * `fuzz/seeds.sh --pairs`; see docs/fuzzing.md. */
#include "amrc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *old = (const char *)data, *new = old;
  size_t old_len = size, new_len = size;
  const char *nul = memchr(data, '\0', size);
  if (nul) {
    old_len = (size_t)(nul - old);
    new = nul + 1;
    new_len = size - old_len - 1;
  }
  Arena arena = {0};
  Buf out[3] = {{0}};
  int rc = diff_texts(&arena, "old.amr", old, old_len, "new.amr", new, new_len, out);
  if (rc < 0 || rc > 2)
    abort();
  /* a version compared with itself has no change */
  if (!nul && rc == 1)
    abort();
  for (int f = DIFF_TEXT; f <= DIFF_JSON; f++) {
    if (rc == 2 && out[f].len)
      abort();
    if (!out[f].oom && out[f].len && memchr(out[f].data, '\0', out[f].len))
      abort();
    buf_free(&out[f]);
  }
  arena_free(&arena);
  return 0;
}

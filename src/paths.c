/* paths.c: where amrc's own files are: the stdlib the plans import and the
 * Dutch catalogue. Beside the binary (./amrc in the tree, or an installed
 * layout), one folder up (a binary in a build folder of the tree), else
 * where `make install` put them (config.h). Below every stage: the driver
 * asks for the stdlib, nls.c for the catalogue. */
#include "support.h"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool file_beside_binary(char *out, size_t cap, const char *const *tries, int ntries, bool dir) {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return false;
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (!slash)
    return false;
  *slash = '\0';
  for (int i = 0; i < ntries; i++) {
    snprintf(out, cap, tries[i], self);
    struct stat st;
    if (stat(out, &st) == 0 && (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)))
      return true;
  }
  return false;
}

const char *default_stdlib_dir(Arena *a) {
  const char *env = getenv("AMRC_STDLIB");
  if (env && *env)
    return env;
  /* beside the binary (./amrc in the tree, or an installed layout), or one
     folder up: a binary in a build folder of the tree (build-release/) */
  static const char *const tries[] = {"%s/stdlib", "%s/../stdlib"};
  char found[4200];
  if (file_beside_binary(found, sizeof found, tries, 2, true))
    return arena_strdup(a, found);
  return AMR_STDLIB_DIR;
}

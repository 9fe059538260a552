/* output.c: getting a finished buffer onto disk, and the escaping and width
 * rules that more than one back end needs.
 *
 * An output is either written whole or not at all: a run that fails midway
 * (disk full, a file size limit, a signal) must leave the previous version
 * of the file as it was, because CI jobs and scripts read it afterwards. */
#define _POSIX_C_SOURCE 200809L
#include "amrc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ write_whole */

static bool write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    if (w == 0) {
      errno = EIO;
      return false;
    }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* mkstemp creates 0600; an output should get the mode the user would have
 * got from a plain fopen, or keep the mode of the file it replaces. */
static mode_t target_mode(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
    return st.st_mode & 07777;
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

/* The directory entry itself must reach the disk too, or a crash right
 * after the rename can bring back the old file (or none). Best effort:
 * some file systems refuse fsync on a directory. */
static void sync_parent(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir;
  if (!slash)
    dir = strdup(".");
  else if (slash == path)
    dir = strdup("/");
  else
    dir = strndup(path, (size_t)(slash - path));
  if (!dir)
    return;
  int fd = open(dir, O_RDONLY);
  if (fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(dir);
}

/* A symbolic link at path is replaced by the new file, not written
 * through: following it would let the link decide where the output goes. */
bool write_whole(const char *path, const Buf *b, Diags *d) {
  if (b->oom) {
    diag_plain(d, "io", "cannot write %s: output buffer ran out of memory", path);
    return false;
  }
  if (strcmp(path, "-") == 0) {
    if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len) {
      diag_plain(d, "io", "cannot write to standard output: %s", strerror(errno));
      return false;
    }
    if (fflush(stdout) != 0) {
      diag_plain(d, "io", "cannot write to standard output: %s", strerror(errno));
      return false;
    }
    return true;
  }

  /* A target that exists and is not a regular file (/dev/null, a FIFO,
   * /dev/stdout) is written in place: renaming over it would replace a
   * device with a file. */
  struct stat target;
  if (stat(path, &target) == 0 && !S_ISREG(target.st_mode) && !S_ISDIR(target.st_mode)) {
    FILE *f = fopen(path, "wb");
    bool ok = f && (b->len == 0 || fwrite(b->data, 1, b->len, f) == b->len);
    if (f && fclose(f) != 0)
      ok = false;
    if (!ok)
      diag_plain(d, "io", "cannot write %s: %s", path, strerror(errno));
    return ok;
  }

  /* A sibling of the target, so that rename stays within one file system
   * and is atomic. */
  size_t n = strlen(path);
  char *tmp = malloc(n + sizeof ".tmp.XXXXXX");
  if (!tmp) {
    diag_plain(d, "io", "cannot write %s: out of memory", path);
    return false;
  }
  memcpy(tmp, path, n);
  memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");

  int fd = mkstemp(tmp);
  if (fd < 0) {
    diag_plain(d, "io", "cannot write %s: %s", path, strerror(errno));
    free(tmp);
    return false;
  }
  const char *step = "write";
  bool ok = write_all(fd, b->data, b->len);
  if (ok) {
    step = "set the mode of";
    ok = fchmod(fd, target_mode(path)) == 0;
  }
  if (ok) {
    step = "sync";
    ok = fsync(fd) == 0;
  }
  int err = errno;
  if (close(fd) != 0 && ok) {
    err = errno;
    step = "close";
    ok = false;
  }
  if (ok) {
    step = "replace";
    ok = rename(tmp, path) == 0;
    err = errno;
  }
  if (!ok) {
    unlink(tmp);
    diag_plain(d, "io", "cannot %s %s: %s", step, path, strerror(err));
    free(tmp);
    return false;
  }
  free(tmp);
  sync_parent(path);
  return true;
}

/* ------------------------------------------------------------ UTF-8 */



/* Code points that a terminal shows two columns wide: the main East Asian
 * Wide and Fullwidth blocks and the emoji planes. Not the whole of UAX #11,
 * but what a budget could plausibly contain. */
static bool is_wide(int32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Combining marks and zero-width characters take no column of their own. */
static bool is_zero_width(int32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
         cp == 0xFEFF;
}

int utf8_width(const char *s) {
  if (!s)
    return 0;
  int w = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int32_t cp;
    int n = utf8_decode(p, SIZE_MAX, &cp);
    p += n;
    if (cp < 0)
      w += 1; /* shown as one replacement character */
    else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || is_zero_width(cp))
      continue;
    else
      w += is_wide(cp) ? 2 : 1;
  }
  return w;
}

/* output.c: getting a finished buffer onto disk, and the escaping and width
 * rules that more than one back end needs.
 *
 * An output is either written whole or not at all: a run that fails midway
 * (disk full, a file size limit, a signal) must leave the previous version
 * of the file as it was, because CI jobs and scripts read it afterwards. */
#define _POSIX_C_SOURCE 200809L
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

/* An interrupted run (SIGINT, SIGTERM, SIGHUP, or SIGXFSZ at a file size
 * limit) must leave no temp file
 * behind: while one exists its name is here, and the handler removes it
 * before the signal does what it would have done. unlink is safe in a
 * handler. */
static char *volatile pending_tmp;
enum { NSIGNALS = 4 };
static const int cleanup_signals[NSIGNALS] = {SIGINT, SIGTERM, SIGHUP, SIGXFSZ};
static struct sigaction saved_actions[NSIGNALS];

static void remove_pending(int sig) {
  char *tmp = pending_tmp;
  if (tmp)
    unlink(tmp);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void guard_tmp(char *tmp) {
  if (tmp) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = remove_pending;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NSIGNALS; i++)
      sigaddset(&sa.sa_mask, cleanup_signals[i]);
    /* a signal the caller ignores (nohup; a shell's trap '' XFSZ, so
     * that a write fails with EFBIG instead) stays ignored */
    for (int i = 0; i < NSIGNALS; i++)
      if (sigaction(cleanup_signals[i], NULL, &saved_actions[i]) == 0 &&
          saved_actions[i].sa_handler != SIG_IGN)
        sigaction(cleanup_signals[i], &sa, NULL);
    pending_tmp = tmp;
  } else {
    pending_tmp = NULL;
    for (int i = 0; i < NSIGNALS; i++)
      sigaction(cleanup_signals[i], &saved_actions[i], NULL);
  }
}

bool same_file(const char *a, const char *b) {
  struct stat x, y;
  return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
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
 * through: following it would let the link decide where the output goes
 * (amrc fmt, which rewrites a file the user named, uses write_in_place). */
bool write_whole(const char *path, const Buf *b, Diags *d) {
  if (b->oom) {
    diag_plain(d, "io", "cannot write %s: output buffer ran out of memory", path);
    return false;
  }
  if (strcmp(path, "-") == 0) {
    if (b->len > 0 && fwrite(b->data, 1, b->len, stdout) != b->len) {
      diag_plain(d, "io", "cannot write to standard output: %s", diag_errno(d, errno));
      return false;
    }
    if (fflush(stdout) != 0) {
      diag_plain(d, "io", "cannot write to standard output: %s", diag_errno(d, errno));
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
      diag_plain(d, "io", "cannot write %s: %s", path, diag_errno(d, errno));
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

  /* blocked while mkstemp creates it, so that no signal can come between
   * its creation and the handler knowing its name */
  sigset_t block, old_mask;
  sigemptyset(&block);
  for (int i = 0; i < NSIGNALS; i++)
    sigaddset(&block, cleanup_signals[i]);
  sigprocmask(SIG_BLOCK, &block, &old_mask);
  int fd = mkstemp(tmp);
  if (fd >= 0)
    guard_tmp(tmp);
  sigprocmask(SIG_SETMASK, &old_mask, NULL);
  if (fd < 0) {
    diag_plain(d, "io", "cannot write %s: %s", path, diag_errno(d, errno));
    free(tmp);
    return false;
  }
  /* the message of the step that failed, whole (it is translated) */
  const char *step = N_("cannot write %s: %s");
  bool ok = write_all(fd, b->data, b->len);
  if (ok) {
    step = N_("cannot set the mode of %s: %s");
    ok = fchmod(fd, target_mode(path)) == 0;
    /* the owner too, where we may (root rewriting a user's file) */
    struct stat st;
    if (ok && stat(path, &st) == 0 && S_ISREG(st.st_mode))
      (void)!fchown(fd, st.st_uid, st.st_gid);
  }
  if (ok) {
    step = N_("cannot sync %s: %s");
    ok = fsync(fd) == 0;
  }
  int err = errno;
  if (close(fd) != 0 && ok) {
    err = errno;
    step = N_("cannot close %s: %s");
    ok = false;
  }
  if (ok) {
    step = N_("cannot replace %s: %s");
    ok = rename(tmp, path) == 0;
    err = errno;
  }
  if (!ok)
    unlink(tmp);
  sigprocmask(SIG_BLOCK, &block, &old_mask);
  guard_tmp(NULL);
  sigprocmask(SIG_SETMASK, &old_mask, NULL);
  if (!ok) {
    diag_plain(d, "io", step, path, diag_errno(d, err));
    free(tmp);
    return false;
  }
  free(tmp);
  sync_parent(path);
  return true;
}

/* Writes b over the file at path itself, for amrc fmt: through a symbolic
 * link (the link stays a link, as with sed --follow-symlinks), never over a
 * file the user made read-only, and for a file with other hard links in its
 * own inode, so that every name sees the new text. Otherwise whole or not
 * at all, with the file's mode and owner, as write_whole. old is the text
 * the file held: put back if writing in place fails midway. */
bool write_in_place(const char *path, const Buf *b, const char *old, size_t old_len, Diags *d) {
  char *real = realpath(path, NULL);
  if (!real) {
    diag_plain(d, "io", "cannot rewrite %s: %s", path, diag_errno(d, errno));
    return false;
  }
  struct stat st;
  bool ok = stat(real, &st) == 0;
  if (!ok) {
    diag_plain(d, "io", "cannot rewrite %s: %s", path, diag_errno(d, errno));
  } else if (S_ISREG(st.st_mode) && ((st.st_mode & 0222) == 0 || access(real, W_OK) != 0)) {
    diag_plain(d, "io", "cannot rewrite %s: the file is read-only (make it writable to format it)",
               path);
    ok = false;
  } else if (!S_ISREG(st.st_mode) || st.st_nlink <= 1) {
    ok = write_whole(real, b, d);
  } else {
    int fd = open(real, O_WRONLY);
    ok = fd >= 0 && write_all(fd, b->data, b->len) && ftruncate(fd, (off_t)b->len) == 0 &&
         fsync(fd) == 0;
    int err = errno;
    if (!ok && fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 && write_all(fd, old, old_len))
      (void)!ftruncate(fd, (off_t)old_len);
    if (fd >= 0 && close(fd) != 0 && ok) {
      err = errno;
      ok = false;
    }
    if (!ok)
      diag_plain(d, "io", "cannot rewrite %s: %s", path, diag_errno(d, err));
  }
  free(real);
  return ok;
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

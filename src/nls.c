/* nls.c: translated messages from a GNU gettext message catalogue (.mo,
 * made by msgfmt from po/LANG.po).
 *
 * amrc reads the catalogue itself rather than through glibc's gettext():
 * gettext() follows the process's locale (LC_MESSAGES, LANGUAGE) and
 * returns every message untranslated under the C locale, whereas amrc's
 * language is an option (--lang) and a run must give the same bytes in
 * every environment. The file format is gettext's (the GNU gettext manual,
 * "The Format of GNU MO Files"): a header, then two tables of (length,
 * offset) pairs, the originals sorted, so a lookup is a binary search.
 *
 * The catalogue spells diag_year's markers (DIAG_YEARS, DIAG_VAL(n), a
 * control character and a letter or digit) as {Y} and {n}, which a
 * translator can read and move; a lookup maps them both ways. A
 * translation whose printf conversions differ from its original's is not
 * used: the arguments are the original's.
 *
 * The diagnostics carry both languages (diag.c); a command's own words
 * (its usage errors, summary line and a report's labels) are looked up
 * here with nls_text, nls_printf and nls_say, whose formats
 * tools/po-extract.sh collects like the diagnostics'. Dutch and English
 * both use the singular for 1 only, so a count is written with two
 * messages (N_("%d file") and N_("%d files")) rather than gettext's
 * plural forms. */
#include "support.h"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct Catalog {
  const char *data;        /* the file, in the arena */
  size_t size;
  uint32_t n;              /* number of messages */
  uint32_t orig, trans;    /* offsets of the two tables */
  bool swap;               /* written on a machine of the other byte order */
};

enum { MO_MAGIC = 0x950412de, MO_MAX = 64u << 20 };

static uint32_t word(const Catalog *c, size_t at) {
  uint32_t v;
  memcpy(&v, c->data + at, 4);
  if (c->swap)
    v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
  return v;
}

/* String i of the table at tab, or NULL when the file says something
 * impossible (a string out of the file, or not NUL-terminated). */
static const char *entry(const Catalog *c, uint32_t tab, uint32_t i) {
  size_t at = (size_t)tab + 8 * (size_t)i;
  if (at + 8 > c->size)
    return NULL;
  uint32_t len = word(c, at), off = word(c, at + 4);
  if ((size_t)off + len >= c->size || c->data[(size_t)off + len] != '\0')
    return NULL;
  return c->data + off;
}

Catalog *catalog_read(Arena *a, const char *path, const char **why) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *why = arena_printf(a, "%s: %s", path, strerror(errno));
    return NULL;
  }
  /* Read once, into the memory the catalogue keeps, sized by the file when
   * it is a regular one: a report loads the whole catalogue, and reading
   * it through a buffer that grew and then copying it touched three times
   * its size in fresh pages. */
  struct stat st;
  size_t cap = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
                       (uintmax_t)st.st_size <= MO_MAX
                   ? (size_t)st.st_size + 1  /* +1: the end is seen without growing */
                   : 64 * 1024;
  char *data = xrealloc(NULL, cap);
  size_t len = 0;
  bool bad = false;
  for (;;) {
    if (len == cap) {
      if (cap > MO_MAX)
        break;  /* refused below */
      cap *= 2;
      data = xrealloc(data, cap);
    }
    ssize_t got = read(fd, data + len, cap - len);
    if (got < 0 && errno == EINTR)
      continue;
    bad = got < 0;
    if (got <= 0)
      break;
    len += (size_t)got;
  }
  close(fd);
  arena_own(a, data);
  Catalog *c = arena_alloc(a, sizeof *c);
  c->size = len;
  c->data = data;
  uint32_t magic = 0;
  if (!bad && c->size >= 20)
    memcpy(&magic, c->data, 4);
  c->swap = magic == 0xde120495;
  if (bad || c->size > MO_MAX || (magic != MO_MAGIC && !c->swap)) {
    *why = arena_printf(a, "%s: not a message catalogue", path);
    return NULL;
  }
  c->n = word(c, 8);
  c->orig = word(c, 12);
  c->trans = word(c, 16);
  if ((size_t)c->orig + 8 * (size_t)c->n > c->size ||
      (size_t)c->trans + 8 * (size_t)c->n > c->size) {
    *why = arena_printf(a, "%s: a damaged message catalogue", path);
    return NULL;
  }
  return c;
}

/* The printf conversions of s in order ("s d lld"), to compare an
 * original with its translation. */
static const char *conversions(Arena *a, const char *s) {
  Buf b = {0};
  for (const char *p = s; *p; p++) {
    if (*p != '%')
      continue;
    if (p[1] == '%') {
      p++;
      continue;
    }
    /* flags, width and precision may differ, but not a '*' (an argument)
     * or a '$' (arguments in another order) */
    for (p++; *p && strchr("-+ #0123456789.*'$", *p); p++)
      if (*p == '*' || *p == '$')
        buf_putc(&b, *p);
    for (; *p && strchr("hlLqjzt", *p); p++)
      buf_putc(&b, *p);
    if (!*p)
      break;
    buf_putc(&b, *p);
    buf_putc(&b, ' ');
  }
  char *r = arena_strndup(a, b.data ? b.data : "", b.len);
  buf_free(&b);
  return r;
}

/* s with each marker (\x1f and one character) written as {c}, or back. */
static char *markers(Arena *a, const char *s, bool to_braces) {
  Buf b = {0};
  for (const char *p = s; *p; p++) {
    if (to_braces && p[0] == '\x1f' && p[1]) {
      buf_printf(&b, "{%c}", p[1]);
      p++;
    } else if (!to_braces && p[0] == '{' && p[1] && p[2] == '}' &&
               (p[1] == 'Y' || (p[1] >= '0' && p[1] <= '9'))) {
      buf_putc(&b, '\x1f');
      buf_putc(&b, p[1]);
      p += 2;
    } else {
      buf_putc(&b, *p);
    }
  }
  char *r = arena_strndup(a, b.data ? b.data : "", b.len);
  buf_free(&b);
  return r;
}

const char *catalog_get(const Catalog *c, Arena *a, const char *msgid) {
  if (!c || !msgid || !*msgid)
    return NULL;
  bool marked = strchr(msgid, '\x1f') != NULL;
  const char *key = marked ? markers(a, msgid, true) : msgid;
  uint32_t lo = 0, hi = c->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    const char *o = entry(c, c->orig, mid);
    if (!o)
      return NULL;
    int cmp = strcmp(key, o);
    if (cmp == 0) {
      const char *t = entry(c, c->trans, mid);
      if (!t || !*t)
        return NULL;
      if (strcmp(conversions(a, msgid), conversions(a, t)) != 0)
        return NULL;
      return marked ? markers(a, t, false) : t;
    }
    if (cmp < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

/* The Dutch catalogue: $AMRC_LOCALEDIR, else beside the binary (in a build
 * folder: build-release/amrc, or ./amrc with build/), else installed. */
const Catalog *nls_dutch(Arena *a) {
  static const char mo[] = "nl/LC_MESSAGES/amrc.mo";
  const char *env = getenv("AMRC_LOCALEDIR");
  char found[4200];
  static const char *const tries[] = {"%s/locale/nl/LC_MESSAGES/amrc.mo",
                                      "%s/build/locale/nl/LC_MESSAGES/amrc.mo",
                                      "%s/../share/locale/nl/LC_MESSAGES/amrc.mo"};
  const char *path = env && *env ? arena_printf(a, "%s/%s", env, mo)
                     : file_beside_binary(found, sizeof found, tries, 3, false)
                         ? found
                         : AMR_LOCALE_DIR "/nl/LC_MESSAGES/amrc.mo";
  const char *why = NULL;
  const Catalog *c = catalog_read(a, path, &why);
  if (!c)
    fprintf(stderr, "amrc: warning: no Dutch messages (%s); they are shown in English\n", why);
  return c;
}

/* A subcommand reads its arguments itself; its language is known before
 * them, so that a usage error is in it too. */
const char *nls_lang_arg(int argc, char **argv) {
  const char *lang = NULL;
  for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
    const char *s = argv[i];
    size_t n = strcspn(s, "=");
    /* getopt_long takes an unambiguous prefix: --la and --lan too */
    if (n < 4 || n > 6 || strncmp(s, "--lang", n) != 0)
      continue;
    if (s[n] == '=')
      lang = s + n + 1;
    else if (i + 1 < argc)
      lang = argv[++i];
  }
  return lang;
}

const Catalog *nls_args(Arena *a, int argc, char **argv) {
  const char *lang = nls_lang_arg(argc, argv);
  return lang && strcmp(lang, "nl") == 0 ? nls_dutch(a) : NULL;
}

const char *nls_text(const Catalog *nl, Arena *a, const char *msgid) {
  const char *t = catalog_get(nl, a, msgid);
  return t ? t : msgid;
}

const char *nls_printf(const Catalog *nl, Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const char *s = arena_vprintf(a, nls_text(nl, a, fmt), ap);
  va_end(ap);
  return s;
}

void nls_say(const Catalog *nl, const char *cmd, const char *fmt, ...) {
  Arena a = {0};
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: %s\n", cmd, arena_vprintf(&a, nls_text(nl, &a, fmt), ap));
  va_end(ap);
  arena_free(&a);
}

int nls_usage_error(const Catalog *nl, const char *cmd, const char *fmt, const char *arg) {
  Arena a = {0};
  fprintf(stderr, "%s: %s\n%s\n", cmd, arena_printf(&a, nls_text(nl, &a, fmt), arg),
          nls_printf(nl, &a, N_("Try '%s --help' for more information."), cmd));
  arena_free(&a);
  return 2;
}

int nls_lang_option(const Catalog *nl, const char *cmd, int argc, char **argv, int *i, Lang *lang) {
  const char *o = argv[*i], *v;
  if (strncmp(o, "--lang=", 7) == 0)
    v = o + 7;
  else if (strcmp(o, "--lang") == 0)
    v = *i + 1 < argc ? argv[++*i] : NULL;
  else
    return 0;
  if (!v)
    return nls_usage_error(nl, cmd, N_("%s needs a value"), "--lang");
  if (strcmp(v, "nl") != 0 && strcmp(v, "en") != 0)
    return nls_usage_error(nl, cmd, N_("--lang takes nl or en, not '%s'"), v);
  if (lang)
    *lang = v[0] == 'n' ? LANG_NL : LANG_EN;
  return 1;
}

int nls_getopt_error(const Catalog *nl, const char *cmd, int c, char **argv,
                     const struct option *longs) {
  /* getopt leaves optind past the word it read when that word is done,
   * and on it while a cluster of short options (-qx) goes on; optopt is
   * the short option, or the long option's value, or 0 for an unknown
   * long option */
  const char *word = optind > 0 ? argv[optind - 1] : "";
  char name[8];
  snprintf(name, sizeof name, "-%c", optopt > 0 && optopt < 128 ? optopt : '?');
  size_t n = strcspn(word, "=");
  bool is_long = word[0] == '-' && word[1] == '-' && n > 2;
  Arena a = {0};
  const char *opt = is_long ? arena_printf(&a, "%.*s", (int)n, word) : name;
  int rc;
  if (c == ':') {
    rc = nls_usage_error(nl, cmd, N_("option '%s' needs an argument"), opt);
  } else if (optopt == 0) {
    rc = nls_usage_error(nl, cmd, N_("unknown option '%s'"), is_long ? opt : word);
  } else {
    /* a known long option given a value it does not take (--force=1), or
     * an unknown short option */
    bool valued = false;
    for (const struct option *o = longs; is_long && word[n] == '=' && o && o->name; o++)
      valued |= o->val == optopt && o->has_arg == no_argument && strncmp(o->name, word + 2, n - 2) == 0;
    rc = valued ? nls_usage_error(nl, cmd, N_("option '%s' takes no argument"), opt)
                : nls_usage_error(nl, cmd, N_("unknown option '%s'"), name);
  }
  arena_free(&a);
  return rc;
}

/* errno values a user meets reading and writing files, with glibc's
 * English (the msgid; the English a run prints is strerror's own). */
static const struct {
  int err;
  const char *text;
} errno_texts[] = {
    {ENOENT, N_("No such file or directory")},
    {EACCES, N_("Permission denied")},
    {EISDIR, N_("Is a directory")},
    {ENOTDIR, N_("Not a directory")},
    {ENOSPC, N_("No space left on device")},
    {EROFS, N_("Read-only file system")},
    {EEXIST, N_("File exists")},
    {ELOOP, N_("Too many levels of symbolic links")},
    {ENAMETOOLONG, N_("File name too long")},
    {EMFILE, N_("Too many open files")},
    {ENOMEM, N_("Cannot allocate memory")},
    {EFBIG, N_("File too large")},
    {EXDEV, N_("Invalid cross-device link")},
    {EPERM, N_("Operation not permitted")},
};

const char *nls_errno_msgid(int err) {
  for (size_t i = 0; i < sizeof errno_texts / sizeof errno_texts[0]; i++)
    if (errno_texts[i].err == err)
      return errno_texts[i].text;
  return NULL;
}

const char *nls_strerror(const Catalog *nl, Arena *a, int err) {
  const char *id = nl ? nls_errno_msgid(err) : NULL;
  return id ? nls_text(nl, a, id) : strerror(err);
}

void nls_help(const Catalog *nl, const char *text) {
  Arena a = {0};
  fputs(nls_text(nl, &a, text), stdout);
  arena_free(&a);
}

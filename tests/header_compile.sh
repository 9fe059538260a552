#!/bin/sh
# header_compile.sh TEST_EMIT [AMRC PLAN]: the C header back end, compiled
# for real.
#
# TEST_EMIT --dump writes headers and CSVs for two hand-built plans (a small
# one and one full of hostile text); with AMRC and PLAN, the real plan is
# checked too (written with --force: a plan whose check finds errors still
# has a header). For each plan and each compiler found
# (gcc and clang as C99, g++ and clang++ as C++17, all with warnings as
# errors) this builds a program that includes the header twice, under the
# default prefix and under --prefix=alt, and checks that:
#   - the baten and lasten of the lines add up to the CSV's, and to the
#     projects' own totals in the header;
#   - the hostile category comes back byte for byte;
#   - a translation unit that includes the header and uses none of it still
#     compiles without a warning.
# A compiler that is not installed is skipped with a message.
set -eu

bin=${1:?usage: header_compile.sh path/to/test_emit [path/to/amrc plan.amr]}
amrc=${2:-}
plan=${3:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/amrc-header-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

"$bin" --dump "$work"
plans="mini hostile"
if [ -n "$amrc" ] && [ -n "$plan" ]; then
  # The exit status says whether the plan checked clean; the files are what
  # is tested here.
  "$amrc" -q --force --emit=header -o "$work/real.h" "$plan" 2>/dev/null || true
  "$amrc" -q --force --emit=header --prefix=alt -o "$work/real_alt.h" "$plan" 2>/dev/null || true
  "$amrc" -q --force --emit=csv -o "$work/real.csv" "$plan" 2>/dev/null || true
  for f in real.h real_alt.h real.csv; do
    [ -s "$work/$f" ] || { echo "header_compile: $amrc wrote no $f for $plan"; exit 1; }
  done
  plans="$plans real"
fi

cat >"$work/check.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"
#include "plan_alt.h"

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, len = 0;
  char *buf = (char *)malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) {
      cap *= 2;
      buf = (char *)realloc(buf, cap);
    }
  }
  fclose(f);
  if (buf)
    buf[len] = '\0';
  return buf;
}

/* One RFC 4180 field at *pp into out; returns the character that ended it
 * (',', '\n' or '\0'; the CR of a CRLF is skipped). */
static char field(const char **pp, char *out, size_t cap) {
  const char *p = *pp;
  size_t k = 0;
  if (*p == '"') {
    p++;
    for (;;) {
      if (*p == '\0')
        break;
      if (*p == '"') {
        if (p[1] == '"') {
          if (k + 1 < cap)
            out[k++] = '"';
          p += 2;
          continue;
        }
        p++;
        break;
      }
      if (k + 1 < cap)
        out[k++] = *p;
      p++;
    }
  } else {
    while (*p && *p != ',' && *p != '\n' && *p != '\r') {
      if (k + 1 < cap)
        out[k++] = *p;
      p++;
    }
  }
  out[k] = '\0';
  if (*p == '\r')
    p++;
  char end = *p;
  if (*p)
    p++;
  *pp = p;
  return end;
}

static long long cents_of(const char *s) {
  int neg = *s == '-';
  if (neg)
    s++;
  long long units = 0;
  while (*s >= '0' && *s <= '9')
    units = units * 10 + (*s++ - '0');
  long long c = 0;
  if (*s == '.')
    c = (s[1] - '0') * 10 + (s[2] - '0');
  return neg ? -(units * 100 + c) : units * 100 + c;
}

int main(int argc, char **argv) {
  long long hb = 0, hl = 0, ab = 0, al = 0, pb = 0, pl = 0, cb = 0, cl = 0;
  int i, y;
  for (i = 0; i < AMR_NLINES; i++)
    for (y = 0; y < AMR_NYEARS; y++) {
      if (amr_lines[i].baten_pm[y] && amr_lines[i].baten_cents[y] != 0)
        return printf("PM cell with cents\n"), 1;
      hb += amr_lines[i].baten_cents[y];
      hl += amr_lines[i].lasten_cents[y];
      ab += alt_lines[i].baten_cents[y];
      al += alt_lines[i].lasten_cents[y];
    }
  for (i = 0; i < AMR_NPROJECTS; i++)
    for (y = 0; y < AMR_NYEARS; y++) {
      pb += amr_projects[i].baten_cents[y];
      pl += amr_projects[i].lasten_cents[y];
      if (amr_projects[i].closing_cents[y] != amr_projects[i].opening_cents[y] +
                                                  amr_projects[i].baten_cents[y] -
                                                  amr_projects[i].lasten_cents[y])
        return printf("project %s does not balance\n", amr_projects[i].id), 1;
    }

  char *csv = slurp(argv[1]);
  if (!csv)
    return printf("cannot read %s\n", argv[1]), 1;
  const char *p = csv;
  /* project,project_title,section,programme_line,programme_title,line,
   * category,side,year,amount,pm */
  char f[11][4096];
  int row = 0;
  while (*p) {
    int k = 0;
    char end;
    do {
      end = field(&p, k < 11 ? f[k] : f[10], sizeof f[0]);
      k++;
    } while (end == ',');
    if (k != 11)
      return printf("row %d has %d fields\n", row, k), 1;
    if (row++ == 0)
      continue;
    if (strcmp(f[10], "true") == 0) {
      if (f[9][0])
        return printf("row %d: a PM cell with an amount\n", row), 1;
      continue;
    }
    if (strcmp(f[7], "baten") == 0)
      cb += cents_of(f[9]);
    else
      cl += cents_of(f[9]);
  }
  free(csv);

  printf("baten %lld lasten %lld (csv %lld %lld, projects %lld %lld)\n", hb, hl, cb, cl, pb, pl);
  if (hb != cb || hl != cl || ab != hb || al != hl || pb != hb || pl != hl)
    return printf("totals differ\n"), 1;

  if (argc > 2) {
    char hex[4096] = "";
    const unsigned char *c = (const unsigned char *)amr_lines[0].category;
    for (; *c; c++)
      sprintf(hex + strlen(hex), "%02x", *c);
    if (strcmp(hex, argv[2]) != 0)
      return printf("category came back as %s\n", hex), 1;
  }
  return 0;
}
EOF

cat >"$work/unused.c" <<'EOF'
#include "plan.h"
int amrc_header_unused(void);
int amrc_header_unused(void) { return 0; }
EOF

ran=0
for plan in $plans; do
  dir="$work/$plan"
  mkdir -p "$dir"
  cp "$work/$plan.h" "$dir/plan.h"
  cp "$work/${plan}_alt.h" "$dir/plan_alt.h"
  cp "$work/check.c" "$dir/check.c"
  cp "$work/check.c" "$dir/check.cpp"
  cp "$work/unused.c" "$dir/unused.c"
  cp "$work/unused.c" "$dir/unused.cpp"
  hex=
  [ "$plan" = hostile ] && hex=$(cat "$work/hostile.hex")
  for cc in gcc clang g++ clang++; do
    if ! command -v "$cc" >/dev/null 2>&1; then
      echo "header_compile: $cc not found, skipped"
      continue
    fi
    case $cc in
      *++) std=-std=c++17 src=check.cpp unused=unused.cpp ;;
      *) std=-std=c99 src=check.c unused=unused.c ;;
    esac
    flags="$std -Wall -Wextra -Wpedantic -Werror"
    (cd "$dir" && $cc $flags -c "$unused" -o "unused-$cc.o")
    (cd "$dir" && $cc $flags "$src" -o "check-$cc")
    printf 'header_compile: %s %s: ' "$plan" "$cc"
    "$dir/check-$cc" "$work/$plan.csv" $hex
    ran=$((ran + 1))
  done
done
[ "$ran" -gt 0 ] || echo "header_compile: no compiler found, nothing tested"
echo "header_compile: ok"

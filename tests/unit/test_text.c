/* test_text.c: the plan's text made safe for where it goes (src/text.c),
 * and every human-facing output using it: diagnostics in text and GitHub
 * formats, amrc diff in text and Markdown.
 *
 * Trojan Source (CVE-2021-42574): bidirectional overrides and isolates make
 * text read differently from what it is; C1 controls and escape sequences
 * can rewrite a terminal. Both are shown as '?'. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define RLO "\xE2\x80\xAE"  /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define LRI "\xE2\x81\xA6"  /* U+2066 LEFT-TO-RIGHT ISOLATE */
#define NEL "\xC2\x85"      /* U+0085, a C1 control */

static bool holds(const char *s, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp(s + i, needle, k) == 0)
      return true;
  return false;
}

static void assert_neutral(const char *s, size_t n) {
  assert_false(holds(s, n, RLO));
  assert_false(holds(s, n, LRI));
  assert_false(holds(s, n, NEL));
  assert_false(holds(s, n, "\x1b"));
}

static void test_clean(void **state) {
  (void)state;
  Arena a = {0};
  assert_string_equal(text_clean(&a, "Programmaco\xC3\xB6rdinatie"), "Programmaco\xC3\xB6rdinatie");
  assert_string_equal(text_clean(&a, "a" RLO "b" LRI "c" NEL "d\x1b[2Je\tf\ng"), "a?b?c?d?[2Je f g");
  Buf b = {0};
  const char *s = "x\ty" RLO "\nz";
  text_put_clean(&b, s, strlen(s), false);
  assert_int_equal(b.len, 6);
  assert_memory_equal(b.data, "x\ty??z", 6);
  b.len = 0;
  text_put_clean(&b, s, strlen(s), true);
  assert_memory_equal(b.data, "x\ty?\nz", 6);
  b.len = 0;
  text_put_clean(&b, "\xFF" "a", 2, false);  /* not UTF-8 */
  assert_memory_equal(b.data, "?a", 2);
  buf_free(&b);
  arena_free(&a);
}

static void test_markdown(void **state) {
  (void)state;
  Arena a = {0};
  Buf b = {0};
  md_escape(&a, &b, "@alice [x](https://evil.example) <img src=x> www.evil.example " RLO);
  buf_putc(&b, '\0');
  assert_null(strstr(b.data, "@alice"));
  assert_non_null(strstr(b.data, "@\xE2\x80\x8B" "alice"));
  assert_null(strstr(b.data, "[x]"));
  assert_null(strstr(b.data, "<img"));
  assert_null(strstr(b.data, "https://"));
  assert_null(strstr(b.data, "www."));
  assert_neutral(b.data, b.len);
  buf_free(&b);
  html_escape(&a, &b, "<b a=\"1\">'&" RLO);
  buf_putc(&b, '\0');
  assert_string_equal(b.data, "&lt;b a=&quot;1&quot;&gt;&#39;&amp;?");
  buf_free(&b);
  c_string(&b, "a\"?\\\n\xC3\xB6", 100);
  buf_putc(&b, '\0');
  assert_string_equal(b.data, "\"a\\\"\\?\\\\\\012\\303\\266\"");
  buf_free(&b);
  arena_free(&a);
}

static void test_closest(void **state) {
  (void)state;
  Closest c = closest_begin("personeel");
  closest_offer(&c, "materieel");
  closest_offer(&c, "persooneel");
  closest_offer(&c, "personel");
  closest_offer(&c, NULL);
  assert_string_equal(c.best, "personel");  /* a tie: the alphabetically first */
  c = closest_begin("ab");
  closest_offer(&c, "xyz");
  assert_null(c.best);
}

/* A category with an override and a file name with an escape sequence, in
 * a diagnostic printed as text and in the GitHub format. */
static void test_diagnostics(void **state) {
  (void)state;
  static const char plan[] = "plan t \"T\" { years 2026..2026 }\nprogramme p \"P\"\n"
                             "project a \"A\" { programme p\n"
                             "  1 \"Sub" RLO "sidie\" { baten 2026: 5 = 6 }\n}\n";
  for (int f = DIAG_TEXT; f <= DIAG_GITHUB; f++) {
    Arena a = {0};
    Diags d;
    diags_init(&d, &a);
    Compile c = {.display = "evil\x1b]0;x\x07" NEL ".amr", .bytes = plan, .len = sizeof plan - 1};
    compile_plan(&a, &d, &c);
    assert_non_null(d.head);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    diags_print(&d, out, (DiagStyle){(DiagFormat)f, false});
    fclose(out);
    assert_true(holds(text, len, "Sub?sidie"));
    assert_true(holds(text, len, "evil?]0;x??.amr"));
    assert_neutral(text, len);
    assert_false(holds(text, len, "\x07"));
    free(text);
    arena_free(&a);
  }
}

/* amrc diff: the text report is neutralised, the Markdown one escaped as
 * --emit=markdown escapes. */
static void test_diff(void **state) {
  (void)state;
  static const char old[] = "plan t \"T\" { years 2026..2026 }\nprogramme p \"P\"\n"
                            "project a \"A\" { programme p\n  1 \"B\" { baten 2026: 5 }\n"
                            "  2 \"L\" { lasten 2026: 5 }\n}\n";
  static const char new[] = "plan t \"T\" { years 2026..2026 }\nprogramme p \"P\"\n"
                            "project a \"@alice [x](https://evil.example) <img>" RLO "\" { programme p\n"
                            "  1 \"B" LRI "\" { baten 2026: 6 }\n"
                            "  2 \"L\" { lasten 2026: 6 }\n}\n";
  Arena a = {0};
  Buf out[3] = {{0}};
  assert_int_equal(diff_texts(&a, "old.amr", old, sizeof old - 1, "new.amr", new, sizeof new - 1, out), 1);
  assert_neutral(out[DIFF_TEXT].data, out[DIFF_TEXT].len);
  assert_true(holds(out[DIFF_TEXT].data, out[DIFF_TEXT].len, "<img>?"));
  const Buf *m = &out[DIFF_MARKDOWN];
  assert_neutral(m->data, m->len);
  assert_false(holds(m->data, m->len, "@alice"));
  assert_false(holds(m->data, m->len, "<img"));
  assert_false(holds(m->data, m->len, "[x]"));
  assert_false(holds(m->data, m->len, "https://"));
  for (int f = 0; f < 3; f++)
    buf_free(&out[f]);
  arena_free(&a);
}

/* Every human-facing back end on a plan whose every text (titles, section,
 * contact, group heading, category, note, source and kind) holds an
 * override, an isolate and C1 controls (CSI starts an escape sequence on
 * some terminals; a C0 control is refused in a string by the scanner). */
static void test_emitters(void **state) {
  (void)state;
#define EVIL RLO "x" LRI NEL "\xC2\x9B" "2J"
  static const char plan[] =
      "plan t \"Plan " EVIL "\" { years 2026..2027 }\n"
      "programme p \"Prog " EVIL "\"\n"
      "kind k \"Kind " EVIL "\" { }\n"
      "source s \"Bron " EVIL "\" { kind k\n status verwacht }\n"
      "project a \"Proj " EVIL "\" {\n programme p\n section 3.1\n"
      "  contact \"Jan " EVIL "\"\n  note \"Noot " EVIL "\"\n"
      "  group \"Groep " EVIL "\"\n"
      "  1 \"Sub " EVIL "\" { baten 2026: 5  2027: PM\n source s\n note \"N " EVIL "\" }\n"
      "  2 \"Las " EVIL "\" { lasten 2026: 4  2027: PM }\n}\n";
#undef EVIL
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  Compile c = {.display = "evil.amr", .bytes = plan, .len = sizeof plan - 1};
  assert_true(compile_plan(&a, &d, &c));
  assert_int_equal(d.nerrors, 0);
  EmitOptions o = {.diags = &d};
  void (*const emit[])(const Plan *, const Results *, const EmitOptions *, Buf *) = {
      emit_table, emit_summary, emit_markdown, emit_html, emit_risks, emit_risks_markdown,
  };
  for (size_t i = 0; i < sizeof emit / sizeof *emit; i++) {
    Buf b = {0};
    emit[i](&c.plan, &c.results, &o, &b);
    assert_neutral(b.data ? b.data : "", b.len);
    assert_false(holds(b.data ? b.data : "", b.len, "\xC2\x9B"));  /* CSI, a C1 control */
    assert_true(holds(b.data ? b.data : "", b.len, "?x??"));  /* the text is there, shown */
    buf_free(&b);
  }
  arena_free(&a);
}

/* Titles a reader cannot tell apart have one skeleton (TR39); titles that
 * differ visibly do not. */
static void test_skeleton(void **state) {
  (void)state;
  Arena a = {0};
  static const char *const same[][2] = {
      {"Opleiding", "Opl\xD0\xB5iding"},               /* U+0435 CYRILLIC SMALL LETTER IE */
      {"Opleiding", "Op\xE2\x80\x8Bleiding"},          /* U+200B ZERO WIDTH SPACE */
      {"Project A", "Project\xC2\xA0" "A"},             /* U+00A0 NO-BREAK SPACE */
      {"Project A", "  Project   A "},                  /* spaces: one, none at the ends */
      {"Caf\xC3\xA9", "Cafe\xCC\x81"},                  /* NFD: e and U+0301 */
      {"ESF", "\xEF\xBC\xA5\xEF\xBC\xB3\xEF\xBC\xA6"},  /* FULLWIDTH E, S, F */
      {"Fase I", "Fase l"},  {"Fase 1", "Fase l"},  {"Fase 0", "Fase O"},
      {"Modern", "Modem"},
      {"Pr\xCE\x9F", "PrO"},                            /* U+039F GREEK CAPITAL OMICRON */
      {"Regel" "\xE2\x81\xA2", "Regel"},                 /* U+2062 INVISIBLE TIMES */
  };
  for (size_t i = 0; i < sizeof same / sizeof *same; i++)
    assert_string_equal(unichar_skeleton(&a, same[i][0]), unichar_skeleton(&a, same[i][1]));
  static const char *const differ[][2] = {
      {"Cafe", "Caf\xC3\xA9"}, {"Fase 1", "Fase 2"}, {"project", "Project"},
      {"Opleiding", "Opleidingen"}, {"\xD0\x96", "X"},  /* U+0416 is no look-alike */
  };
  for (size_t i = 0; i < sizeof differ / sizeof *differ; i++)
    assert_string_not_equal(unichar_skeleton(&a, differ[i][0]), unichar_skeleton(&a, differ[i][1]));
  arena_free(&a);
}

/* unichar_skeleton_into writes at most 2 * strlen + 1 bytes: 'm' is "rn",
 * a Latin-1 letter its base and a two-byte mark. Written into a buffer of
 * exactly that room, with a guard byte after it that must stay. */
static void test_skeleton_room(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"mmm", "rnrnrn"},
      {"\xC3\x80\xC3\xA9", "A\xCC\x80" "e\xCC\x81"},  /* À é: 4 bytes, 6 out */
      {"\xEF\xBD\x8D", "rn"},                     /* FULLWIDTH m */
      {"\xE2\x80\xA6", ".."},                     /* HORIZONTAL ELLIPSIS */
      {"\xFF" "a", "\xFF" "a"},                     /* an invalid byte stays */
      {" m ", "rn"},
      {"", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t room = 2 * strlen(cases[i].in) + 1;
    char out[32];
    memset(out, '#', sizeof out);
    size_t n = unichar_skeleton_into(out, cases[i].in);
    assert_int_equal(n, strlen(cases[i].out));
    assert_string_equal(out, cases[i].out);
    assert_true(n + 1 <= room);
    assert_int_equal(out[room], '#');
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_clean),       cmocka_unit_test(test_markdown),
      cmocka_unit_test(test_closest),     cmocka_unit_test(test_diagnostics),
      cmocka_unit_test(test_diff),        cmocka_unit_test(test_emitters),
      cmocka_unit_test(test_skeleton),   cmocka_unit_test(test_skeleton_room),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_html.c: the HTML report and the risk paragraph on a plan full of
 * hostile text (emit_html.c, risks.c).
 *
 * Every title, category, note, contact, group, reservation and source name
 * of the plan below tries to become markup: <script>alert(1)</script>,
 * "><img src=x onerror=alert(1)>, and a bare &. The report must show them
 * as text. The test does not look for particular strings only: it reads
 * every tag of the output and requires that each is one the report writes
 * on purpose, with attributes the report writes on purpose, and links that
 * stay inside the page; a text that escaped its attribute or its element
 * would show up as a tag or an attribute that is not on the lists.
 *
 * Run from the repository root, like the other unit tests. */
#include "amrc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static const char hostile[] =
    "plan evil \"Plan <b>bold</b> & \\\"quoted\\\" 'single'\" {\n"
    "  years 2026..2027\n"
    "}\n"
    "kind esf_plus \"ESF+ <i>\" {\n"
    "  earmarked\n"
    "  paid after settlement\n"
    "}\n"
    "programme p \"Programma <script>alert(1)</script>\"\n"
    "source s \"<script>alert(1)</script> & co\" {\n"
    "  kind esf_plus\n"
    "  status verwacht\n"
    "  note \"\\\"><img src=x onerror=alert(1)>\"\n"
    "}\n"
    "project x \"<script>alert(1)</script> & \\\"><img src=x onerror=alert(1)>\" {\n"
    "  section 1.1\n"
    "  programme p\n"
    "  contact \"<script>alert(1)</script>\"\n"
    "  opening 10_000\n"
    "  reserve g \"\\\"><img src=x onerror=alert(1)>\" { 2026: 0 }\n"
    "  note \"Toelichting & <script>alert(1)</script> \\\"><img src=x onerror=alert(1)>\"\n"
    "  group \"<script>alert(1)</script>\"\n"
    "  1 \"\\\"><img src=x onerror=alert(1)>\" {\n"
    "    baten 2027: 100_000\n"
    "    source s\n"
    "    note \"& <script>alert(1)</script>\"\n"
    "  }\n"
    "  2 \"<script>alert(1)</script> & 'x' onmouseover='alert(1)'\" {\n"
    "    lasten 2026: 50_000  2027: PM\n"
    "    note \"\\\"><img src=x onerror=alert(1)>\"\n"
    "  }\n"
    "}\n";

typedef struct Fixture {
  Arena arena;
  Diags diags;
  Compile c;
  Plan *plan;
} Fixture;

static Fixture *load(const char *text) {
  Fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  diags_init(&f->diags, &f->arena);
  f->c = (Compile){.display = "hostile.amr", .bytes = text, .len = strlen(text)};
  assert_true(compile_plan(&f->arena, &f->diags, &f->c));
  f->plan = &f->c.plan;
  return f;
}

static void unload(Fixture *f) {
  arena_free(&f->arena);
  free(f);
}

static char *emit(Fixture *f, void (*fn)(const Plan *, const Results *, const EmitOptions *, Buf *),
                  const ScenarioArg *sc, int nsc) {
  EmitOptions o = {.lang = LANG_NL, .diags = &f->diags, .scenario = sc, .nscenario = nsc};
  Buf b = {0};
  fn(f->plan, &f->c.results, &o, &b);
  assert_false(b.oom);
  buf_putc(&b, '\0');
  return b.data;
}

static bool in_list(const char *const *list, const char *s, size_t n) {
  for (; *list; list++)
    if (strlen(*list) == n && strncmp(*list, s, n) == 0)
      return true;
  return false;
}

static const char *const tags[] = {
    "html",   "head",    "meta",    "title",      "style", "body",  "main",   "header", "h1",
    "h2",     "h3",      "h4",      "p",          "nav",   "ol",    "ul",     "li",     "a",
    "strong", "section", "figure",  "figcaption", "svg",   "line",  "text",   "rect",   "polyline",
    "circle", "div",     "table",   "caption",    "thead", "tbody", "tr",     "th",     "td",
    "span",   "details", "summary", "dl",         "dt",    "dd",    "footer", NULL};

static const char *const attrs[] = {"lang",        "charset", "http-equiv", "content", "name", "class",
                                    "id",          "href",    "title",      "viewBox", "role", "aria-label",
                                    "aria-hidden", "x",       "y",          "x1",      "y1",   "x2",
                                    "y2",          "width",   "height",     "cx",      "cy",   "r",
                                    "points",      "colspan", "rowspan",    "scope",   "tabindex", NULL};

/* Reads every tag; fails on one that is not on the lists. Returns the
 * number of tags read. */
static int check_tags(const char *html) {
  int n = 0;
  const char *p = html;
  assert_int_equal(strncmp(p, "<!DOCTYPE html>\n", 16), 0);
  p += 16;
  /* the style sheet is the report's own text: skip it */
  const char *style = strstr(p, "<style>");
  const char *style_end = style ? strstr(style, "</style>") : NULL;
  assert_non_null(style_end);
  while ((p = strchr(p, '<')) != NULL) {
    if (p > style && p < style_end) {
      p = style_end;
      continue;
    }
    const char *q = p + 1;
    if (*q == '/')
      q++;
    const char *name = q;
    while ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9'))
      q++;
    if (!in_list(tags, name, (size_t)(q - name)))
      fail_msg("unexpected tag at: %.60s", p);
    /* attributes: NAME="VALUE", the value without a double quote or '<' */
    for (;;) {
      while (*q == ' ' || *q == '\n')
        q++;
      if (*q == '>' || (q[0] == '/' && q[1] == '>'))
        break;
      const char *an = q;
      while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '-' ||
             (q > an && *q >= '0' && *q <= '9'))
        q++;
      if (!in_list(attrs, an, (size_t)(q - an)))
        fail_msg("unexpected attribute at: %.60s", an);
      if (*q != '=' || q[1] != '"')
        fail_msg("attribute without a quoted value at: %.60s", an);
      bool href = q - an == 4 && strncmp(an, "href", 4) == 0;
      q += 2;
      if (href && *q != '#')
        fail_msg("a link that leaves the page: %.60s", q);
      while (*q && *q != '"') {
        if (*q == '<' || *q == '>')
          fail_msg("markup inside an attribute value at: %.60s", q);
        q++;
      }
      assert_true(*q == '"');
      q++;
    }
    n++;
    p = q;
  }
  return n;
}

static void test_html_escapes_everything(void **state) {
  (void)state;
  Fixture *f = load(hostile);
  char *html = emit(f, emit_html, NULL, 0);
  assert_true(check_tags(html) > 100);
  /* the texts are there, as text */
  assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&gt;&lt;img src=x "
                               "onerror=alert(1)&gt;"));
  assert_non_null(strstr(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
  assert_non_null(strstr(html, "Plan &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &#39;single&#39;"));
  assert_non_null(strstr(html, "&#39;x&#39; onmouseover=&#39;alert(1)&#39;"));
  assert_null(strstr(html, "<script"));
  assert_null(strstr(html, "<img"));
  assert_null(strstr(html, "<b>"));
  /* no script can run and nothing is fetched, whatever slips through */
  assert_non_null(strstr(html, "Content-Security-Policy\" content=\"default-src 'none'"));
  free(html);
  unload(f);
}

static void test_html_places_findings(void **state) {
  (void)state;
  Fixture *f = load(hostile);
  char *html = emit(f, emit_html, NULL, 0);
  const char *sect = strstr(html, "<section class=\"project\" id=\"project-x\">");
  assert_non_null(sect);
  const char *end = strstr(sect, "</section>");
  assert_non_null(end);
  /* the PM warning of line 2, next to line 2, with the row marked */
  const char *pm = strstr(sect, "[pm-uncovered]");
  assert_true(pm && pm < end);
  const char *anchor = strstr(sect, "<li id=\"f-x-2\">");
  assert_true(anchor && anchor < pm);
  assert_non_null(strstr(sect, "<tr class=\"flag-warning\">"));
  assert_non_null(strstr(sect, "href=\"#f-x-2\""));
  /* the project's pre-financing, under the project */
  const char *pf = strstr(sect, "[prefinancing]");
  assert_true(pf && pf < end);
  /* the chart marks the year below zero */
  assert_non_null(strstr(sect, "class=\"belowband\""));
  free(html);
  unload(f);
}

/* `paid outside`: said under the project's table, per line, who pays how
 * much in which year (docs/coverage.md), the payer's name as text. */
static void test_html_shows_paid_outside(void **state) {
  (void)state;
  Fixture *f = load("plan t \"T\" { years 2026..2027 }\n"
                    "programme g \"G\"\n"
                    "project x \"X\" {\n"
                    "  programme g\n"
                    "  1 \"Kosten\" { lasten 2026: 100  2027: 50\n"
                    "    paid outside \"<b>Gemeente</b>\" { 2026: 100  2027: 20 } }\n"
                    "  2 \"Bijdrage\" { baten 2027: 30 }\n"
                    "}\n");
  char *html = emit(f, emit_html, NULL, 0);
  assert_true(check_tags(html) > 10);
  const char *sect = strstr(html, "<section class=\"project\" id=\"project-x\">");
  assert_non_null(sect);
  const char *end = strstr(sect, "</section>");
  const char *note = strstr(sect, "<ul class=\"notes outside\">");
  assert_true(note && note < end);
  assert_non_null(strstr(note, "Regel 1 Kosten: buiten dit plan betaald door &lt;b&gt;Gemeente&lt;/b&gt;: "
                               "\xE2\x82\xAC&nbsp;100 in 2026, \xE2\x82\xAC&nbsp;20 in 2027</li>"));
  assert_null(strstr(html, "<b>"));
  /* covered, though the table's balance ends at -120: no pre-financing */
  assert_null(strstr(sect, "[prefinancing]"));
  assert_null(strstr(sect, "[shortfall]"));
  free(html);
  unload(f);
}

static void test_html_scenario_and_determinism(void **state) {
  (void)state;
  Fixture *f = load(hostile);
  ScenarioArg sc[] = {{"s", 5000}};
  char *a = emit(f, emit_html, sc, 1);
  char *b = emit(f, emit_html, sc, 1);
  assert_string_equal(a, b);
  assert_true(check_tags(a) > 100);
  assert_non_null(strstr(a, "6. Scenario: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co voor 50%"));
  /* the plan is put back as it was: the project table shows the amounts as planned */
  char *plain = emit(f, emit_html, NULL, 0);
  const char *s1 = strstr(a, "<section class=\"project\"");
  const char *s2 = strstr(plain, "<section class=\"project\"");
  assert_non_null(s1);
  assert_non_null(s2);
  assert_string_equal(s1, s2);
  assert_int_equal(project_result(&f->c.results, f->plan->projects[0])->closing[1], 10000 * 100 - 50000 * 100 + 100000 * 100);
  free(a);
  free(b);
  free(plain);
  unload(f);
}

/* Acknowledged findings stay in the report, counted apart, each with its
 * reason: the plan's own words for an `accept`, the baseline's meaning for
 * a finding a baseline lists (its reason is amrc's English, not the plan's).
 * The JSON counts them too. */
static void test_html_lists_acknowledged(void **state) {
  (void)state;
  static const char plan[] = "plan t \"T\" { years 2026..2026 }\n"
                             "programme p \"P\"\n"
                             "project a \"A\" {\n"
                             "  programme p\n"
                             "  1 \"Huur\" {\n"
                             "    lasten 2026: PM\n"
                             "    accept pm-uncovered \"Het contract volgt in maart\"\n"
                             "  }\n"
                             "  2 \"Licht\" { lasten 2026: PM }\n"
                             "}\n";
  Fixture *f = load(plan);
  char path[] = "/tmp/amrc-test-baseline-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  static const char listed[] = "pm-uncovered\ta.2\t-\n";
  assert_int_equal(write(fd, listed, sizeof listed - 1), (ssize_t)(sizeof listed - 1));
  close(fd);
  assert_true(baseline_apply(&f->arena, &f->diags, path));
  unlink(path);
  assert_int_equal(f->diags.nwarnings, 0);
  char *html = emit(f, emit_html, NULL, 0);
  assert_non_null(strstr(html, "De begroting aanvaardt dit: Het contract volgt in maart"));
  assert_non_null(strstr(html, "Staat in de baseline: bekend toen amrc werd ingevoerd"));
  assert_null(strstr(html, "listed in the baseline"));
  assert_non_null(strstr(html, "2 geaccepteerd"));
  char *json = emit(f, emit_json, NULL, 0);
  assert_non_null(strstr(json, "\"accepted\": \"Het contract volgt in maart\""));
  assert_non_null(strstr(json, "\"accepted\": 2"));
  free(html);
  free(json);
  unload(f);
}

static void test_risks_text_and_markdown_are_inert(void **state) {
  (void)state;
  Fixture *f = load(hostile);
  ScenarioArg sc[] = {{"s", 8000}};
  char *md = emit(f, emit_risks_markdown, sc, 1);
  assert_null(strchr(md, '<'));
  assert_non_null(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
  char *txt = emit(f, emit_risks, sc, 1);
  for (const char *c = txt; *c; c++)
    assert_true((unsigned char)*c >= 0x20 || *c == '\n');
  free(md);
  free(txt);
  unload(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_html_escapes_everything),
      cmocka_unit_test(test_html_places_findings),
      cmocka_unit_test(test_html_shows_paid_outside),
      cmocka_unit_test(test_html_scenario_and_determinism),
      cmocka_unit_test(test_html_lists_acknowledged),
      cmocka_unit_test(test_risks_text_and_markdown_are_inert),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

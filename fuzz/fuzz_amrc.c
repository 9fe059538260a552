/* fuzz_amrc.c: a libFuzzer target over amrc's whole path.
 *
 * One input is one .amr file held in memory. It goes through every stage
 * the command line runs: source checks, scanner and parser
 * (load_program_from_memory), resolve, evaluate, check, the diagnostics in
 * each of their formats, and, when the plan could be computed (as with
 * --force), every back end in both languages and both CSV dialects, the
 * what-if back ends with and without a scenario; and amrc fmt on the
 * same text.
 * Everything a run allocates lives in one arena that is freed at the end,
 * so the leak checker sees what a stage forgets to free.
 *
 * Built and run by `make fuzz` (fuzz/fuzz.mk); see docs/fuzzing.md. */
#include "amrc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Output that leaves amrc must be text: no NUL byte in it. */
static void check_output(const Buf *b) {
  if (b->oom)
    return;
  if (b->len && memchr(b->data, '\0', b->len))
    abort();
}

static void emit_all(const Plan *plan, const Results *res, const Diags *diags) {
  typedef void (*EmitFn)(const Plan *, const Results *, const EmitOptions *, Buf *);
  static const EmitFn backends[] = {
      emit_table, emit_summary, emit_markdown, emit_csv,
      emit_csv_balances, emit_json, emit_header, emit_html,
      emit_risks, emit_risks_markdown,
  };
  static const struct {
    Lang lang;
    CsvDialect dialect;
    const char *prefix;
  } variants[] = {
      {LANG_NL, CSV_RFC4180, "amr"},
      {LANG_EN, CSV_EXCEL_NL, "budget_"},
  };
  /* The second variant also asks the what-if back ends (risks, html) for a
   * scenario: the plan's first source realised at half. */
  ScenarioArg half = {plan->nsources > 0 ? plan->sources[0]->id : NULL, 5000};
  for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
    EmitOptions o = {.lang = variants[v].lang,
                     .csv_dialect = variants[v].dialect,
                     .prefix = variants[v].prefix,
                     .diags = diags};
    if (v == 1 && half.source) {
      o.scenario = &half;
      o.nscenario = 1;
    }
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
      Buf out = {0};
      backends[i](plan, res, &o, &out);
      check_output(&out);
      buf_free(&out);
    }
  }
}

/* amrc fmt on the same text. Built with -DFUZZ_FMT_ORACLE it also checks
 * what a formatter promises: the layout means the same plan (the dumps of
 * the declarations agree) and formatting twice changes nothing. Each broken
 * promise stops in a function of its own, so that the stack says which. */
#ifdef FUZZ_FMT_ORACLE
/* Each also says its name: an optimising compiler may fold four identical
 * bodies into one, and the stack would then name the wrong promise. */
#define FMT_BROKEN(name)                                                      \
  __attribute__((noinline)) static void name(void) {                          \
    fputs("amrc fmt broke a promise: " #name "\n", stderr);                   \
    abort();                                                                  \
  }
FMT_BROKEN(fmt_wrote_invalid_text)
FMT_BROKEN(fmt_wrote_text_that_does_not_parse)
FMT_BROKEN(fmt_changed_the_plan)
FMT_BROKEN(fmt_is_not_idempotent)
#endif

static void fmt_pass(const uint8_t *data, size_t size) {
  Arena a = {0};
  Diags d;
  diags_init(&d, &a);
  Buf out = {0};
  SrcFile *f = src_from_memory(&a, &d, "fuzz.amr", (const char *)data, size);
  if (f && fmt_source(&a, &d, f, &out)) {
    check_output(&out);
#ifdef FUZZ_FMT_ORACLE
    Buf before = {0}, after = {0}, again = {0};
    ParseCtx c1 = {.arena = &a, .names = interner_new(&a), .diags = &d, .file = f};
    if (!parse_file(&c1))
      abort();
    ast_dump(c1.decls, &before);
    SrcFile *g = src_from_memory(&a, &d, "fmt.amr", out.data ? out.data : "", out.len);
    if (!g)
      fmt_wrote_invalid_text();
    ParseCtx c2 = {.arena = &a, .names = interner_new(&a), .diags = &d, .file = g};
    if (!parse_file(&c2))
      fmt_wrote_text_that_does_not_parse();
    ast_dump(c2.decls, &after);
    if (before.len != after.len || (before.len && memcmp(before.data, after.data, before.len)))
      fmt_changed_the_plan();
    if (!fmt_source(&a, &d, g, &again) || again.len != out.len ||
        (out.len && memcmp(again.data, out.data, out.len)))
      fmt_is_not_idempotent();
    buf_free(&before);
    buf_free(&after);
    buf_free(&again);
#endif
  }
  buf_free(&out);
  arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fmt_pass(data, size);

  Arena arena = {0};
  Diags diags;
  diags_init(&diags, &arena);
  Compile c = {.display = "fuzz.amr", .bytes = (const char *)data, .len = size};
  compile_plan(&arena, &diags, &c);
  /* The diagnostics in every format, into memory (and checked as text). */
  for (int f = DIAG_TEXT; f <= DIAG_JSON; f++) {
    char *text = NULL;
    size_t len = 0;
    FILE *sink = open_memstream(&text, &len);
    if (!sink)
      abort();
    diags_print(&diags, sink, (DiagStyle){(DiagFormat)f, f == DIAG_TEXT});
    if (fclose(sink) != 0)
      abort();
    check_output(&(Buf){.data = text, .len = len});
    free(text);
  }
  if (c.evaluated)
    emit_all(&c.plan, &c.results, &diags);
  arena_free(&arena);
  return 0;
}

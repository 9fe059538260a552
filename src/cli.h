/* cli.h: the command line and its subcommands (cli.c, fmt.c, import.c,
 * init.c, diff.c, diff_realisatie.c, explain.c, expect_update.c), and the
 * little of them that another subcommand or a test calls. */
#ifndef AMRC_CLI_H
#define AMRC_CLI_H

#include "core.h"

/* cli.c: the whole command line, callable from tests. */
int amrc_main(int argc, char **argv);
/* fmt.c: amrc fmt; diff.c: amrc diff (argv[0] is the subcommand). */
int amrc_fmt_main(int argc, char **argv);
/* import.c: amrc import, a plan from CSV (the long CSV of --emit=csv, or
 * project tables as kept in a spreadsheet; docs/import.md). */
typedef struct ImportOptions {
  const char *output;        /* -o: its name in messages */
  const char *title, *plan_id, *programme;
  char decimal;              /* ',' or '.'; 0: by the file's separator */
  int y0, y1;                /* --years; 0: the years of the amounts */
  bool projects_only;
} ImportOptions;
/* The plan in fmt's layout in out; false (and diagnostics) when a cell or
 * row cannot be read. */
bool import_csv(Arena *a, Diags *d, SrcFile *const *files, int nfiles, const ImportOptions *o,
                Buf *out);
int amrc_import_main(int argc, char **argv);
/* init.c: amrc init, a new plan repository that checks clean. */
int amrc_init_main(int argc, char **argv);
int amrc_diff_main(int argc, char **argv);
/* amrc diff on two plans held in memory (no imports), as the fuzz target
 * runs it: the report in each format into out[DIFF_TEXT .. DIFF_JSON];
 * 0 no change, 1 changes, 2 a version that cannot be computed (out left
 * empty). */
typedef enum { DIFF_TEXT, DIFF_MARKDOWN, DIFF_JSON } DiffFormat;
/* diff_realisatie.c: amrc diff of two reporting dates (--actuals with
 * --actuals-new or --as-of-new): one plan, two realisatie reports. Returns
 * the exit status (0 no changes, 1 changes, 2 trouble, said on stderr). */
typedef struct DiffReports {
  const LoadOptions *load;
  const char *plan;
  const char *const *old_files, *const *new_files;
  int nold, nnew;
  int32_t old_as_of, new_as_of;  /* 0: the last booking of each */
  int behind_pct, over_pct;
  Lang lang;
  DiffFormat format;
  /* Dutch catalogues (nls.c): nl for the messages on stderr (--lang=nl),
   * report_nl for the findings in a Dutch report; NULL: English */
  const struct Catalog *nl, *report_nl;
} DiffReports;
int diff_reports(Arena *a, const DiffReports *q, Buf *out);
int diff_texts(Arena *a, const char *old_label, const char *old, size_t old_len,
               const char *new_label, const char *new, size_t new_len, Buf out[3]);
/* explain.c: amrc explain (the coverage allocation of a project). */
int amrc_explain_main(int argc, char **argv);
int amrc_expect_main(int argc, char **argv);   /* expect_update.c */
/* fmt.c: the canonical layout of one parsed file's text (tokens and
 * comments); false (and diagnostics) when it does not parse. */
bool fmt_source(Arena *a, Diags *d, SrcFile *f, Buf *out);

#endif

/* emit.h: the back ends' entry points (emit_*.c, risks.c) and their
 * options. */
#ifndef AMRC_EMIT_H
#define AMRC_EMIT_H

#include "grid.h"

typedef enum { CSV_RFC4180, CSV_EXCEL_NL } CsvDialect;
/* --csv-columns: the current columns, or the first version's, byte for byte */
typedef enum { CSV_COLUMNS_FULL, CSV_COLUMNS_LEGACY } CsvColumns;

/* actuals.h holds it; a back end that shows no realisatie needs only the name. */
typedef struct Realisatie Realisatie;

typedef struct EmitOptions {
  Lang lang;
  CsvDialect csv_dialect;
  CsvColumns csv_columns;
  const char *prefix;       /* header: replaces amr_/AMR_ */
  const Diags *diags;       /* json includes them; html shows them */
  const ScenarioArg *scenario;  /* risks, html: what-if recomputations */
  int nscenario;
  const Realisatie *realisatie; /* --actuals: the realisatie outputs, html's section */
  const struct Catalog *nl;     /* lang nl: the Dutch of the realisatie's words; NULL: English */
} EmitOptions;

void emit_taakvelden(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_taakvelden_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_csv_taakvelden(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_table(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_summary(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_csv(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_csv_balances(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_json(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_header(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_html(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);       /* emit_html.c */
void emit_risks(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);      /* risks.c */
void emit_risks_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_realisatie(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);  /* emit_realisatie.c */
void emit_realisatie_markdown(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
void emit_realisatie_json(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out);
/* The realisatie tables for a back end that renders grids itself
 * (emit_html.c): project -1, the summary; a project's index, its lines and
 * its balances (none when the realisatie does not show it). */
int realisatie_grids(Arena *a, const Plan *plan, const EmitOptions *o, int project,
                     const Grid ***out);
/* The realisatie's words, for a back end that lays the comparison out
 * itself (emit_xlsx.c). */
typedef enum {
  RL_TITLE, RL_SUMMARY, RL_LINE, RL_CATEGORY, RL_SIDE, RL_YEAR, RL_BUDGET, RL_TO_DATE,
  RL_REALISED, RL_REMAINING, RL_USED, RL_FORECAST, RL_DIFFERENCE, RL_PROJECT,
  RL_BALANCE_PLAN, RL_BALANCE_FORECAST, RL_PAID_BACK_PLAN, RL_PAID_BACK_FORECAST,
  RL_UNPAID_PLAN, RL_UNPAID_FORECAST, RL_TOTAL, RL_BOOKINGS, RL_COUNT
} RealLabel;
const char *realisatie_label(const EmitOptions *o, Arena *a, RealLabel l);
const char *realisatie_side(const EmitOptions *o, Arena *a, Side s);
/* "N line sides with a budget, no books and no bookings: not compared."
 * with a newline, or "" when there are none. */
const char *realisatie_unmapped(Arena *a, const EmitOptions *o, const Realisatie *r);
/* emit_xlsx.c: a workbook with formulas; false with *why on failure. */
bool emit_xlsx(const Plan *plan, const Results *r, const EmitOptions *o, Buf *out,
               const char **why);

/* risks.c: the risk paragraph as blocks, rendered as text, Markdown and (by
 * emit_html.c) HTML. Texts are plain, not escaped. Each what-if is
 * evaluated into Results of its own; the plan and r are only read. */
typedef enum { RISK_HEADING, RISK_PARA, RISK_ITEM, RISK_TABLE } RiskBlockKind;
typedef struct RiskBlock {
  RiskBlockKind kind;
  int level;               /* heading: 1 the paragraph, 2 a part, 3 a sub-part */
  bool alert;              /* something that breaks or falls short */
  const char *text;
  const Grid *table;       /* RISK_TABLE */
  const Project *project;  /* the project it is about, when one */
} RiskBlock;
typedef struct RiskReport {
  RiskBlock *blocks;
  int n, cap;
} RiskReport;
RiskReport *risk_report(Arena *a, const Plan *plan, const Results *r, const EmitOptions *o);

#endif

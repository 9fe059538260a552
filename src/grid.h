/* grid.h: the one table model (grid.c) that the back ends render as text
 * (grid_text.c), Markdown (grid_md.c) and HTML. */
#ifndef AMRC_GRID_H
#define AMRC_GRID_H

#include "plan.h"

/* The content of a table, built once (grid.c) and rendered by each
 * back end that shows tables. */

typedef enum {
  ROW_DATA,    /* one cell per column */
  ROW_GROUP,   /* a sub-heading: only cells[nlabel - 1] */
  ROW_TOTAL,   /* one cell per column, set off by a rule */
  ROW_BALANCE, /* nlabel label cells, then one cell per band */
} RowKind;

/* What a row of a project's table or of a summary stands for. A back end
 * that writes more than the words (the workbook, whose cells are formulas)
 * walks the rows grid.c chose and writes each by its role, so that which
 * rows a project or a programme has is decided once, here. */
typedef enum {
  GRID_OTHER,      /* the rows of the other tables */
  GRID_LINE,       /* item: the Line */
  GRID_GROUP,      /* a line's group, or a summary's programme line heading */
  GRID_PROJECT,    /* a summary's row of one project (item) */
  GRID_PROGRAMME,  /* a summary's row of one programme line (item) */
  GRID_TOTAL,      /* baten and lasten of every line (and a summary's saldo) */
  GRID_SALDO,      /* baten - lasten as printed, without the mutations of reserves */
  GRID_ADDED,      /* toevoegingen aan reserves: lasten of the mutation lines */
  GRID_WITHDRAWN,  /* onttrekkingen aan reserves: baten of the mutation lines */
  GRID_RESULT,     /* the saldo after them */
  GRID_OPENING,    /* a fund's balance at 1 January */
  GRID_CLOSING,    /* and at 31 December */
  GRID_UNRESERVED, /* the closing balance less the reservations */
  GRID_RESERVE,    /* item: the Reserve */
} GridRole;

typedef struct GridRow {
  RowKind kind;
  const char **cells;
  GridRole role;
  const void *item;
} GridRow;

/* Columns after the label columns come in bands (a year: Baten, Lasten);
 * a balance row has one value per band, as the document prints it. */
typedef struct Grid {
  const char *title;
  int ncols, nlabel, nbands;
  const char **head;       /* per column */
  bool *numeric;           /* per column: right-aligned */
  int *band;               /* per column: its band, -1 for label columns */
  const char **band_label; /* per band */
  GridRow *rows;
  int nrows, caprows;
} Grid;

/* The words of the tables, in each language: the one table of them
 * (grid.c), which every back end that labels a table reads. */
typedef enum {
  GL_PROJECT,
  GL_NR,
  GL_CATEGORY,
  GL_BATEN,
  GL_LASTEN,
  GL_TOTAL,
  GL_SALDO,
  GL_OPENING,
  GL_CLOSING,
  GL_UNRESERVED,
  GL_PROGRAMMES,
  GL_PROGRAMME_LINE,
  GL_CLOSING_SHORT,
  GL_NET,
  GL_NO_PROGRAMME,
  GL_OVERFLOW,
  GL_PROGRAMME_UNIT,
  GL_ADDED,
  GL_WITHDRAWN,
  GL_RESULT,
  GL_SALDO_SHORT,
  GL_SALDO_BBV,
  GL_SUMMARY_PROGRAMMES,
  GL_SUMMARY_PROJECTS,
  GL_SUMMARY_ANNUAL,
  GL_PROJECTS,
  GL_PROGRAMMES_ANNUAL,
  GL_UNITS,
  GL_PER_PROGRAMME,
  GL_PER_UNIT,
  GL_UNIT,
  GL_COLUMN_ACTUALS,
  GL_COLUMN_AMENDED,
  GL_COLUMN_ADOPTED,
  GL_TAAKVELDEN,
  GL_TAAKVELD,
  GL_NO_TAAKVELD,
  GL_SUBTOTAL,
  GL_COUNT
} GridLabel;
const char *grid_label(Lang lang, GridLabel l);
/* The word for what a project's programme is: a programme line of a plan
 * with funds, a programme of a plan of annual programmes only (the
 * summaries' first column). */
GridLabel grid_programme_word(const Plan *plan);

Grid *grid_project(Arena *a, const Plan *plan, const Results *r, const Project *p, Lang lang);
Grid *grid_summary(Arena *a, const Plan *plan, const Results *r, SummaryKind kind, bool net,
                   Lang lang);
/* The summary's title alone (what grid_summary's Grid carries). */
const char *grid_summary_title(Arena *a, const Plan *plan, SummaryKind kind, bool net, Lang lang);
/* A summary's name in a word or two (a workbook's sheet): its rows'
 * name, programme lines and projects in a plan with funds, programmes and
 * units in a plan of annual programmes only. */
const char *grid_summary_name(const Plan *plan, SummaryKind kind, Lang lang);
/* Whether the summaries are shown a second time without the transfers
 * between projects: only where there are transfers, and never in a plan of
 * annual units only (nothing carries there). */
bool grid_summary_net_shown(const Plan *plan);
const char *grid_plan_title(const Plan *plan);
/* A column's heading: its declaration's title, or its kind's words and
 * year in lang ("Rekening 2024", "Actuals 2024"). */
const char *grid_column_title(Arena *a, const ColumnDecl *c, Lang lang);
/* The year indexes a project's table shows, first to last: the years in
 * which one of its lines has a cell or a reservation an amount (all years
 * when none has), as the document leaves out years in which a project
 * does nothing. */
void grid_project_years(const Plan *plan, const Results *r, const Project *p, int *first,
                        int *last);
/* " (bedragen x € 1.000)" for a plan with a unit, "" without: the titles
 * of its tables. */
const char *unit_suffix(Arena *a, const Plan *plan, Lang lang);
/* A grid as plain text (grid_text.c), and as Markdown (grid_md.c). */
void grid_render_text(Arena *a, const Grid *g, Buf *out);
/* An amount as a table cell prints it (fmt_eur_nl: "€ 1.787.349", "-"
 * for 0), in the arena (grid.c). */
const char *grid_money(Arena *a, int64_t cents);
/* An empty grid, and a row of empty cells added to it (grid.c). */
Grid *grid_new(Arena *a, const char *title, int nlabel, int nbands, int ncols);
const char **grid_row(Arena *a, Grid *g, RowKind kind);
void grid_render_markdown(Arena *a, const Grid *g, Buf *out);

/* The BBV's overview of baten and lasten per taakveld (grid.c): the
 * taakvelden the lines name, in the order of their codes (0.1, 0.2, ...,
 * 0.10), then the lines without one (code NULL). */
typedef struct TaakveldSum {
  const char *code;
  int64_t baten[AMR_MAX_YEARS], lasten[AMR_MAX_YEARS];
  bool overflow;
} TaakveldSum;
int taakveld_sums(Arena *a, const Plan *plan, const Results *r, TaakveldSum **out);
/* Whether a line names a taakveld: the outputs that show more than one
 * table (HTML, the workbook) show the overview only then. */
bool plan_has_taakvelden(const Plan *plan);
Grid *grid_taakvelden(Arena *a, const Plan *plan, const Results *r, Lang lang);
/* A verloop as the document prints it, a column per year (grid.c). */
Grid *grid_verloop(Arena *a, const Plan *plan, const Verloop *v, Lang lang);

#endif

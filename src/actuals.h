/* actuals.h: the realisatie (actuals.c): bookings read from the
 * administration's exports, compared with the plan beside it. */
#ifndef AMRC_ACTUALS_H
#define AMRC_ACTUALS_H

#include "plan.h"

/* ---------------------------------------------------------------- realisatie */

/* actuals.c: what the financial administration booked (--actuals), kept
 * beside the plan, and the plan compared with it. Dates are yyyymmdd. */
typedef struct Booking {
  const Line *line;
  Loc loc;                 /* its row in the export */
  int64_t cents;           /* on its side: spent (lasten) or received (baten) */
  int32_t date;            /* a period's last day when the export gives periods */
  int32_t side;
} Booking;

typedef struct Actuals {
  Booking *bookings;
  int n, cap;
  int nfiles;
  int32_t last_date;       /* of every booking read; 0: none */
  struct Mapping *mapping; /* the plan's codes, indexed once for every file */
} Actuals;

typedef struct ActualsOptions {
  int32_t as_of;           /* 0: the last booking's date */
  int behind_pct;          /* spending-behind: realised below this share of
                              what the profile puts before the date */
  int over_pct;            /* forecast-over-budget: forecast beyond the budget
                              by more than this percentage */
} ActualsOptions;

/* The spellings an export's fields may have (docs/realisatie.md): a date
 * ISO or Dutch, into yyyymmdd; an amount with a decimal comma (a ';'
 * export) or point (a ',' export), into cents. */
bool parse_booking_date(const char *s, size_t n, int32_t *out);
typedef enum { AMT_OK, AMT_BAD, AMT_DECIMALS, AMT_OVERFLOW } AmountResult;
AmountResult parse_booking_amount(const char *s, size_t n, bool decimal_comma, int64_t *out);
/* Reads one export into out (appending); false when it had errors. */
bool actuals_read(const Plan *plan, Arena *a, Diags *d, const char *path, Actuals *out);
/* One line, side and year of the comparison. */
typedef struct RealRow {
  const Line *line;
  Side side;
  int year;
  int64_t budget;          /* the plan's amount for the year */
  int64_t to_date;         /* the part the line's profile puts on or before the date */
  int64_t realised;        /* booked on or before the date */
  int64_t forecast;        /* year end: realised + budget of the periods still open */
  int64_t late;            /* baten due by the date and not received (on the last
                              row of a line's side): expected the year after */
  int nbookings;
} RealRow;

typedef struct RealProject {
  const Project *project;
  int first_row, nrows;    /* its rows in Realisatie.rows */
  int64_t *planned;        /* closing balance per year index, as planned */
  int64_t *projected;      /* the same in the forecast (Realisatie.forecast) */
  /* From the coverage allocation (alloc.c) of the plan and of the
   * forecast, per year index (NULL when the forecast changes nothing of
   * the project): money paid back unspent at the year's end, and lasten
   * that no money pays by then. */
  int64_t *paid_back_planned, *paid_back_forecast;
  int64_t *unpaid_planned, *unpaid_forecast;
  const struct ProjectAlloc *alloc_planned, *alloc_forecast;
  bool changed;            /* the forecast changes a balance, or what is paid back
                              or left unpaid */
  bool overflow;
} RealProject;

typedef struct Realisatie {
  ActualsOptions opt;      /* as_of filled in */
  int first_year, last_year;   /* the years compared */
  RealRow *rows;           /* by project, line, side, year */
  int nrows;
  RealProject *projects;   /* every project, in the plan's order */
  int nprojects;
  int nbooked, nlater;     /* bookings up to the date, and after it (left out) */
  int nunmapped;           /* line sides with a budget that no books maps and no
                              booking reached: not compared */
  /* The plan evaluated again with each row's forecast in place of its
   * budget (and late baten the year after), through a Scenario: the
   * second Results the proof is run on. forecast_ok: it evaluated within
   * the money type. */
  Results forecast;
  bool forecast_ok;
} Realisatie;

Realisatie *realisatie_compute(const Plan *plan, const Results *res, Arena *a,
                               const Actuals *act, const ActualsOptions *o);
/* The findings (over budget, behind, the proof again) into d, with the
 * plan's accepts of them; an accept of one that nothing gives is reported
 * here, not by check.c, which runs without the actuals. */
void realisatie_check(const Plan *plan, const Realisatie *r, Diags *d);
bool realisatie_finding(const char *name);
/* Reads the exports at paths, compares and reports the findings into d:
 * the whole of --actuals. NULL when an export could not be read (its
 * errors are in d). */
Realisatie *realisatie_run(const Plan *plan, const Results *res, Arena *a, Diags *d,
                           const char *const *paths, int npaths, const ActualsOptions *o);
/* The rows of one project (rp NULL: of every project) on one side in one
 * year, added up. Sums saturate; overflow says one did. */
typedef struct RealSum {
  int64_t budget, to_date, realised, forecast;
  int nrows, nbookings;
  bool overflow;
} RealSum;
RealSum realisatie_sum(const Realisatie *r, const RealProject *rp, Side side, int year);
/* A project is in the realisatie's outputs when it has rows, or when the
 * forecast of others changes it (money passed on by a transfer). */
bool realisatie_shown(const RealProject *rp);
/* Share of budget in tenths of a percent (1000 = 100%); false: no budget. */
bool realisatie_permille(int64_t part, int64_t budget, int64_t *out);
/* "2026-06-30" from yyyymmdd. */
void fmt_date(char *out, size_t cap, int32_t date);

#endif

/* plan.h: the resolved plan (resolve.c) and what is computed beside it:
 * Results (eval.c), the checks (check.c, annual.c, columns.c, verloop.c),
 * the totals, and compile_plan (driver.c), which runs the stages. */
#ifndef AMRC_PLAN_H
#define AMRC_PLAN_H

#include "core.h"

/* ---------------------------------------------------------------- the plan */

/* The resolved plan: every name bound, every item numbered (its index).
 * Once resolve_plan returns it is only read; what is computed from it lives
 * in Results beside it. */
typedef struct Plan {
  Arena *arena;           /* where its nodes live */
  Program *program;
  PlanDecl *decl;
  int first_year, nyears;
  Programme **programmes; int nprogrammes;
  Project **projects;     int nprojects;
  Line **lines;           int nlines;
  Source **sources;       int nsources;
  KindDecl **kinds;       int nkinds;
  IndexDecl **indexes;    int nindexes;
  Transfer **transfers;   int ntransfers;
  Expect **expects;       int nexpects;
  Account **accounts;     int naccounts;
  Verloop **verloops;     int nverloops;
  TaakveldDecl **taakvelden; int ntaakvelden;  /* in the order declared */
  KeyDecl **keys;         int nkeys;
  int nreserves, naccepts, nprefinances;  /* numbered by resolve.c */
  int noutsides;          /* lines that say `paid outside` (resolve.c) */
  /* Errors that leave the rest of the plan checkable (resolve.c): per
   * project, an error of its own or of a source or transfer it names; per
   * expectation, a name it could not bind; project declarations left out
   * (the second of a name). NULL arrays: none. `partly` is false when an
   * error concerns the whole plan (its horizon, a duplicate programme,
   * source, kind or indexation rule): then nothing is checked. */
  bool *project_errors;
  bool *expect_errors;
  int ndropped;
  bool partly;
} Plan;

/* resolve.c: binds names; false when it found an error (plan->partly says
 * whether the projects without one can still be checked). */
bool resolve_plan(Plan *plan, Program *prog, Arena *a, Diags *d);
/* Adds to set (per project) every project that depends on one in it: joined
 * by a transfer, coverage by another project's line, a source that some
 * line names as its coverage, a reserve account, the annual balance; those
 * cannot be judged without it. Returns how many are in the set. */
int plan_spread_unchecked(const Plan *plan, bool *set);
Project *plan_project(const Plan *plan, const char *id);
/* The name the plan declares for a taakveld code; NULL: none. */
const char *plan_taakveld_name(const Plan *plan, const char *code);
Line *project_line(const Project *p, int nr);

/* ---------------------------------------------------------------- results */

/* --scenario SOURCE=PERCENT: a source realised at a percentage. */
typedef struct ScenarioArg {
  const char *source;       /* the source's name as given */
  int32_t realised;         /* hundredths of a percent: 8000 is 80% */
} ScenarioArg;

/* A what-if: per source index, the part of its baten that is realised, in
 * hundredths of a percent (10000: as planned). A Scenario of NULL (or with
 * realised NULL) is the plan as written. */
typedef struct Scenario {
  const int32_t *realised;
  /* Amounts in place of the computed ones (the realisatie's forecast,
   * actuals.c): per cell of the whole plan, [2 * (Line.index * nyears +
   * yi) + side], used where set[] is non-zero. NULL: none. */
  const int64_t *cents;
  const uint8_t *set;
} Scenario;
/* driver.c: the source of that name, or NULL. */
const Source *plan_source(const Plan *plan, const char *id);

/* What eval.c computes from a plan, and check.c marks, kept beside the
 * plan rather than in it, so that one plan can have several (the plan as
 * written, a what-if). Arrays are indexed by the positions resolve.c gives
 * (Line.index, Project.index, Transfer.index, Reserve.index, Accept.index,
 * Prefinance.index), so that a new table of results (an allocation, a
 * comparison with actuals) can sit beside these the same way. Read it
 * through the accessors below. */
typedef struct ProjectResult {
  int64_t *opening, *baten, *lasten, *closing;   /* per year index */
  int npm[2];              /* PM cells per side */
} ProjectResult;

enum { CELL_PRESENT = 1, CELL_PM = 2 };  /* a cell was written (or derived); it is PM */

typedef struct Results {
  const Plan *plan;        /* the whole plan: sizes of the arrays */
  Arena *arena;            /* where the arrays and the stages' scratch live */
  Scenario scenario;
  bool evaluated;          /* amounts are usable, of every project */
  /* Per project: not evaluated or checked, because of an error of its own
   * or of one it depends on (plan_spread_unchecked); NULL: none. */
  bool *unchecked;
  int nunchecked;
  int nyears;
  /* per line, year and side: [2 * (index * nyears + yi) + side] */
  int64_t *cents;
  uint8_t *flags;          /* CELL_* */
  ProjectResult *projects;                 /* per project */
  int64_t *transfer_cents;                 /* per transfer and year */
  uint8_t *transfer_present;
  int64_t *reserve_cents;                  /* per reservation and year */
  uint8_t *reserve_present;
  /* per line and year, [line_slot * nyears + yi]: the lasten `paid outside`
   * states (eval.c); NULL when no line of the plan says it */
  int64_t *outside_cents;
  bool *accept_used;       /* per accept: it acknowledged a finding (check.c) */
  bool *prefinance_used;   /* per prefinance declaration */
  /* Results of a part of the plan (a what-if of risks.c) hold only the
   * part's lines, projects, transfers and reservations: where each is in
   * the arrays, by its index in the whole plan (ResultSlots). NULL: the
   * whole plan, each at its own index. */
  const struct ResultSlots *slots;
  /* The columns shown before the horizon (columns.c), or NULL. In the
   * Results of those columns themselves, horizon_first is the plan's first
   * year (their years come before it) and columns is NULL. */
  const struct Columns *columns;
  int horizon_first;
} Results;

typedef struct ResultSlots {
  int *line, *project, *transfer, *reserve;
} ResultSlots;

/* Arrays for every item of plan, in a (zeroed; nothing computed yet). */
void results_init(Results *r, const Plan *plan, Arena *a, const Scenario *s);
/* Arrays for the items of part only (a Plan of some of whole's projects,
 * with their lines, transfers and reservations); slots says where each
 * is, and must stay while r is read. */
void results_init_part(Results *r, const Plan *whole, const Plan *part, const ResultSlots *slots,
                       Arena *a, const Scenario *s);

static inline int line_slot(const Results *r, const Line *l) {
  return r->slots ? r->slots->line[l->index] : l->index;
}
static inline size_t res_at(const Results *r, const Line *l, int side, int yi) {
  return 2 * ((size_t)line_slot(r, l) * (size_t)r->nyears + (size_t)yi) + (size_t)side;
}
/* What eval.c computed for a line, side and year index; nothing (0, false)
 * before it ran. */
static inline int64_t cents_at(const Results *r, const Line *l, int side, int yi) {
  return r->cents[res_at(r, l, side, yi)];
}
static inline bool present_at(const Results *r, const Line *l, int side, int yi) {
  return r->flags[res_at(r, l, side, yi)] & CELL_PRESENT;
}
static inline bool pm_at(const Results *r, const Line *l, int side, int yi) {
  return r->flags[res_at(r, l, side, yi)] & CELL_PM;
}
/* What `paid outside` says someone outside the plan pays of the line's
 * lasten in year yi; 0 when it says nothing. */
static inline int64_t outside_at(const Results *r, const Line *l, int yi) {
  return r->outside_cents && line_outside(l)
             ? r->outside_cents[(size_t)line_slot(r, l) * (size_t)r->nyears + (size_t)yi]
             : 0;
}
static inline bool project_unchecked(const Results *r, const Project *p) {
  return r->unchecked && !r->slots && r->unchecked[p->index];
}
static inline const ProjectResult *project_result(const Results *r, const Project *p) {
  return &r->projects[r->slots ? r->slots->project[p->index] : p->index];
}
/* Where a transfer's or a reservation's amounts for year 0 are. */
static inline size_t transfer_at(const Results *r, const Transfer *t) {
  return (size_t)(r->slots ? r->slots->transfer[t->index] : t->index) * (size_t)r->nyears;
}
static inline size_t reserve_at(const Results *r, const Reserve *res) {
  return (size_t)(r->slots ? r->slots->reserve[res->index] : res->index) * (size_t)r->nyears;
}
static inline int64_t transfer_cents(const Results *r, const Transfer *t, int yi) {
  return r->transfer_cents[transfer_at(r, t) + (size_t)yi];
}
static inline bool transfer_present(const Results *r, const Transfer *t, int yi) {
  return r->transfer_present[transfer_at(r, t) + (size_t)yi];
}
static inline int64_t reserve_cents(const Results *r, const Reserve *res, int yi) {
  return r->reserve_cents[reserve_at(r, res) + (size_t)yi];
}
static inline bool reserve_present(const Results *r, const Reserve *res, int yi) {
  return r->reserve_present[reserve_at(r, res) + (size_t)yi];
}

/* eval.c: computes every cell and the balances of plan under r->scenario
 * into r. plan may be a part of r->plan (the same nodes, fewer of them: a
 * what-if of risks.c); then only its items are computed. */
bool eval_plan(const Plan *plan, Results *r, Diags *d);
/* check.c: the coverage proof and the consistency rules, from the plan and
 * its results; marks in r which acknowledgements were used. */
void check_plan(const Plan *plan, Results *r, Diags *d);
/* driver.c: evaluate then, if that succeeded, check: a plan as written or
 * a what-if, into r (results_init'd). */
bool evaluate_and_check(const Plan *plan, Results *r, Diags *d);

/* Totals of a set of projects, per year, with or without transfers between
 * projects of the set (used by the summary back ends and expectations). */
typedef struct Totals {
  int64_t opening[AMR_MAX_YEARS];
  int64_t baten[AMR_MAX_YEARS];
  int64_t lasten[AMR_MAX_YEARS];
  int64_t closing[AMR_MAX_YEARS];
  bool overflow;
} Totals;
void totals_of_programme(const Plan *plan, const Results *r, const Programme *prog,
                         bool net_of_transfers, Totals *t);
void totals_of_plan(const Plan *plan, const Results *r, bool net_of_transfers, Totals *t);
/* Each programme's projects and inner transfers (eval.c), so that the
 * totals of every programme cost one pass: totals_of_programme_by(k) is
 * totals_of_programme of the programme whose index is k. */
typedef struct ByProgramme {
  int *proj_at, *projs;    /* projects of k: projs[proj_at[k] .. proj_at[k + 1]) */
  int *tr_at, *trs;        /* transfers inside k, the same way */
} ByProgramme;
ByProgramme by_programme(const Plan *plan, Arena *a);
void totals_of_programme_by(const Plan *plan, const Results *r, const ByProgramme *b, int k,
                            bool net_of_transfers, Totals *t);

int year_index(const Plan *plan, int year);
/* check.c: what an expectation states, computed as the checker compares
 * it (amrc expect --update rewrites stated totals to it). expect_totals:
 * the subject's totals (p: the project of a project's expectation);
 * expect_computed: measure m of year index yi, false if beyond the money
 * type; expect_allowed: the difference its `within` allows (relative: a
 * percentage in micros, or -1). */
bool expect_totals(const Plan *P, const Results *R, const Expect *e, const Project *p, Totals *t);
bool expect_computed(const Plan *P, const Results *R, const Expect *e, const Totals *t, Measure m,
                     int yi, int64_t *out);
int64_t expect_allowed(int64_t tolerance, i128 relative, int64_t computed);

/* driver.c: load -> resolve -> evaluate -> check, each stage run only when
 * the one before it succeeded. Give paths (with load options) or one plan in
 * memory (bytes); the rest is filled in. */
typedef struct Compile {
  const LoadOptions *load;     /* NULL: no -I, no stdlib */
  const char **paths;
  int npaths;
  const char *display;         /* a plan in memory: its name in messages */
  const char *bytes;           /* non-NULL: read this instead of paths */
  size_t len;
  const ScenarioArg *scenario; /* --scenario: its sources must be the plan's */
  int nscenario;
  bool no_check;               /* stop after evaluating (the evaluator's tests) */
  void (*lap)(void *ctx, const char *stage);  /* after each stage (--time-report) */
  void *lap_ctx;

  Interner *names;
  Program prog;
  Plan plan;
  Results results;             /* the plan as written */
  bool loaded, resolved, evaluated;
  bool checked;                /* the check ran, on every project or on those it could */
  const char *scenario_error;  /* a --scenario the plan cannot take: a usage error */
} Compile;
/* Returns whether the plan evaluated (c->evaluated). */
bool compile_plan(Arena *a, Diags *d, Compile *c);

/* Whether a project follows the annual model: its own statement, else the
 * plan's, else a fund. */
static inline bool project_annual(const Plan *plan, const Project *p) {
  BalanceModel m = p->balance;
  if (m == BALANCE_DEFAULT && plan->decl)
    m = plan->decl->balance;
  return m == BALANCE_ANNUAL;
}
/* annual.c: the annual model's rules (the plan balances each year),
 * reserves (binding the lines that name them, their balances) and signs. */
void check_annual(const Plan *plan, Results *r, Diags *d);
/* annual.c: whether every project of the plan follows the annual model
 * (its summary is then the BBV's overzicht van baten en lasten). */
bool plan_all_annual(const Plan *plan);
bool resolve_accounts(Plan *plan, Diags *d);
/* A year of a project or of the plan as the BBV's overzicht splits it:
 * baten and lasten without the mutations of reserves, the withdrawals
 * (onttrekkingen, baten of mutation lines) and additions (toevoegingen). */
typedef struct YearSplit {
  int64_t baten, lasten, withdrawn, added;
  bool overflow;
} YearSplit;
void split_year(const Plan *plan, const Results *r, const Project *p, int yi, YearSplit *out);
/* sum += s, part by part; an overflow marks sum. */
void split_add(YearSplit *sum, const YearSplit *s);
/* The split of year yi summed over the projects of programme pr (NULL: the
 * projects without one), or over every project when all is set. */
void split_programme(const Plan *plan, const Results *r, const Programme *pr, bool all, int yi,
                     YearSplit *out);
/* The balance of a reserve at the end of each year (from its opening);
 * false when it states no opening or a sum overflows. */
bool account_balances(const Plan *plan, const Results *r, const Account *acc, int64_t *out);
/* A saldo as the plan prints it: baten - lasten, or lasten - baten after
 * 'sign saldo negative'. */
static inline int64_t printed_saldo(const Plan *plan, int64_t saldo) {
  return plan->decl && plan->decl->negative[2] ? -saldo : saldo;
}
/* The plan's unit in euros (1 when none is stated). */
static inline int64_t plan_unit(const Plan *plan) {
  return plan->decl && plan->decl->unit > 1 ? plan->decl->unit : 1;
}

/* columns.c: the columns a plan shows before its horizon (column YEAR
 * KIND "TITLE"). They are evaluated as a plan of the same nodes whose
 * horizon is the years from the first column to the year before the
 * plan's (Columns.plan), into Results of their own, and compared with the
 * plan's stated totals; nothing else of the checker runs on them. */
typedef struct ShownColumn {
  const ColumnDecl *decl;
  int yi;                  /* its year's index in Columns.plan */
} ShownColumn;
typedef struct Columns {
  const Plan *plan;        /* the plan's nodes; its years those of the columns */
  Results results;
  ShownColumn *shown;      /* in the order of their years */
  int nshown;
} Columns;
/* Resolve: each column before the horizon, once, within the limit of
 * years; whether the years y0..y1 of a cell (or of a stated total) are
 * columns. */
bool resolve_columns(Plan *plan, Diags *d);
bool plan_column_years(const Plan *plan, int y0, int y1);
/* check.c: only the plan's expectations (stated totals), for the years of
 * plan; the columns' check. */
void check_expectations(const Plan *plan, Results *r, Diags *d);
const char *column_kind_name(ColumnKind k);

/* verloop.c: each verloop's rows add up (the previous plan and the changes
 * to the new plan, a group's changes to its subtotal); its table. */
void check_verloops(const Plan *plan, Arena *a, Diags *d);

#endif

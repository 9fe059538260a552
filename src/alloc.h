/* alloc.h: the coverage allocation (docs/coverage.md).
 *
 * For each project, every euro of lasten is assigned to money the plan
 * shows: the opening balance, a baten cell of a line (its source's money,
 * or money transferred in). The allocation is computed beside the plan,
 * never in it, and it is what check.c reasons about and what
 * `amrc explain` prints. */
#ifndef AMRC_ALLOC_H
#define AMRC_ALLOC_H

#include "plan.h"

/* Money of one arrival: the opening balance (line NULL, year 0), or one
 * year's baten of a line (a negative lasten cell counts as money back), or
 * what `paid outside` says someone outside the plan pays of a line's
 * lasten in a year (outside: it pays only that line's claim of that year,
 * never enters the balance and never carries). */
typedef struct Pot {
  const Line *line;        /* NULL: the opening balance */
  const Source *source;    /* whose money: the line's source, the opening's */
  int yi;                  /* year index of arrival */
  int64_t cents;           /* what arrives */
  int64_t left;            /* what is left of it (after the last year run) */
  int64_t returned;        /* paid back at the end of its year (repay unspent) */
  int returned_yi;         /* the year it was paid back, -1: not */
  bool outside;            /* paid outside this plan (line: whose lasten) */
} Pot;

typedef enum {
  CLAIM_LASTEN,            /* a lasten cell */
  CLAIM_NEGATIVE_BATEN,    /* a baten cell below zero takes money away */
  CLAIM_NEGATIVE_OPENING,  /* an opening below zero: spent before the plan */
} ClaimKind;

/* Money that must be paid: one cell. */
typedef struct Claim {
  ClaimKind kind;
  const Line *line;        /* NULL for the opening */
  int yi;                  /* the year it is spent */
  int64_t cents;
  int64_t unpaid;          /* what nothing pays by the end of the horizon */
  int paid_yi;             /* the year its last euro was paid; -1: never */
  int outside_pot;         /* the pot paid outside the plan for it; -1: none */
} Claim;

/* euros of a claim paid by a pot in a year */
typedef struct Draw {
  int claim, pot;
  int yi;                  /* the year the money was assigned */
  int64_t cents;
} Draw;

typedef struct ProjectAlloc {
  const Project *project;
  const Results *results;  /* what it was allocated from */
  Pot *pots;     int npots;
  Claim *claims; int nclaims;
  Draw *draws;   int ndraws, capdraws;
  int64_t unpaid[AMR_MAX_YEARS];    /* claims not paid at a year's end */
  int64_t returned[AMR_MAX_YEARS];  /* paid back at a year's end */
  int64_t *left_at;        /* [pot * nyears + year]: left at the year's end */
  bool overflow;           /* a sum beyond the money type: not allocated */
} ProjectAlloc;

/* The allocation of one project (a fund: money carries from year to year
 * unless its source must be paid back when unspent; a programme balanced
 * each year: nothing carries). */
ProjectAlloc *alloc_project(Arena *a, const Plan *plan, const Results *res, const Project *p);

/* What is paid outside the plan of line l's lasten in year yi: what
 * `paid outside` states, at most the lasten (as the allocation's outside
 * pot pays no more than its claim). */
int64_t alloc_outside_paid(const Results *R, const Line *l, int yi);

/* What project p holds at the end of each year (docs/coverage.md, "Paid
 * outside this plan"): the table's closing balance plus what was paid
 * outside the plan of its lasten so far, which never left its money (for
 * an annual programme that year's only). The closing balance itself when
 * the plan pays nothing outside; else an array in a. The balance rules
 * and the risk paragraph's pre-financing judge this. */
const int64_t *alloc_held(Arena *a, const Plan *P, const Results *R, const Project *p);

/* The lines whose money paid, in year yi, claims of earlier years (with
 * opening, the opening below zero too): what brings a pre-financed balance
 * back, from the allocation, not the largest baten of the year. Per line
 * the sum (saturating), the most first, then the first in the plan; at
 * most max of them in out, their number returned. */
typedef struct Restorer {
  const Line *line;
  int64_t cents;
} Restorer;
int alloc_restorers(const ProjectAlloc *pa, int yi, bool opening, Restorer *out, int max);

/* amrc explain: the allocation of a project (or one of its lines, or one
 * year), as text or JSON. */
void explain_project(Arena *a, const Catalog *nl, const Plan *plan, const ProjectAlloc *pa, int line_nr,
                     int year, bool json, Buf *out);

#endif

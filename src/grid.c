/* grid.c: the tables a plan prints, built once.
 *
 * The table back end, Markdown, HTML, the workbook and the risk paragraph
 * show the same tables (a project's lines and balances, the summaries,
 * the taakvelden, a verloop), so their content is built here once as a
 * Grid (amrc.h: cells as strings, rows of a few kinds, columns in bands of
 * years) and each back end only renders it: as text (grid_text.c), as
 * Markdown (grid_md.c), or in its own format. */
#include "grid.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ labels */


static const char *const labels[2][GL_COUNT] = {
    [LANG_NL] =
        {
            [GL_PROJECT] = "Project",
            [GL_NR] = "Nr",
            [GL_CATEGORY] = "Categorie kosten",
            [GL_BATEN] = "Baten",
            [GL_LASTEN] = "Lasten",
            [GL_TOTAL] = "Totaal",
            [GL_SALDO] = "Saldo begrote baten en lasten",
            [GL_OPENING] = "Budget per 1 januari",
            [GL_CLOSING] = "Budget per 31 december",
            [GL_UNRESERVED] = "Niet-gereserveerd",
            [GL_PROGRAMMES] = "Programmalijnen",
            [GL_PROGRAMME_LINE] = "Programmalijn",
            [GL_CLOSING_SHORT] = "Eindsaldo",
            [GL_NET] = " (exclusief overdrachten tussen projecten)",
            [GL_NO_PROGRAMME] = "Zonder programmalijn",
            [GL_OVERFLOW] = "OVERLOOP",
            [GL_PROGRAMME_UNIT] = "Programma",
            [GL_ADDED] = "Toevoegingen aan reserves",
            [GL_WITHDRAWN] = "Onttrekkingen aan reserves",
            [GL_RESULT] = "Saldo na bestemming (resultaat)",
            [GL_SALDO_SHORT] = "Saldo",
            [GL_SALDO_BBV] = "Saldo van baten en lasten",
            [GL_SUMMARY_PROGRAMMES] = "Begroting %s per programma",
            [GL_SUMMARY_PROJECTS] = "Begroting %s per project",
            [GL_SUMMARY_ANNUAL] = "Overzicht van baten en lasten %s",
            [GL_PROJECTS] = "Projecten",
            [GL_PROGRAMMES_ANNUAL] = "Programma's",
            [GL_UNITS] = "Onderdelen",
            [GL_PER_PROGRAMME] = "per programma",
            [GL_PER_UNIT] = "per onderdeel",
            [GL_UNIT] = " (bedragen x %s)",
            [GL_COLUMN_ACTUALS] = "Rekening %d",
            [GL_COLUMN_AMENDED] = "Actuele begroting %d",
            [GL_COLUMN_ADOPTED] = "Primitieve begroting %d",
            [GL_TAAKVELDEN] = "Overzicht van baten en lasten per taakveld",
            [GL_TAAKVELD] = "Taakveld",
            [GL_NO_TAAKVELD] = "Zonder taakveld",
            [GL_SUBTOTAL] = "Subtotaal",
        },
    [LANG_EN] =
        {
            [GL_PROJECT] = "Project",
            [GL_NR] = "No.",
            [GL_CATEGORY] = "Cost category",
            [GL_BATEN] = "Income",
            [GL_LASTEN] = "Expenses",
            [GL_TOTAL] = "Total",
            [GL_SALDO] = "Budgeted income less expenses",
            [GL_OPENING] = "Balance at 1 January",
            [GL_CLOSING] = "Balance at 31 December",
            [GL_UNRESERVED] = "Not reserved",
            [GL_PROGRAMMES] = "Programme lines",
            [GL_PROGRAMME_LINE] = "Programme line",
            [GL_CLOSING_SHORT] = "Closing",
            [GL_NET] = " (excluding transfers between projects)",
            [GL_NO_PROGRAMME] = "No programme line",
            [GL_OVERFLOW] = "OVERFLOW",
            [GL_PROGRAMME_UNIT] = "Programme",
            [GL_ADDED] = "Additions to reserves",
            [GL_WITHDRAWN] = "Withdrawals from reserves",
            [GL_RESULT] = "Result after reserves",
            [GL_SALDO_SHORT] = "Balance",
            [GL_SALDO_BBV] = "Income less expenses",
            [GL_SUMMARY_PROGRAMMES] = "Budget %s per programme",
            [GL_SUMMARY_PROJECTS] = "Budget %s per project",
            [GL_SUMMARY_ANNUAL] = "Statement of income and expenses %s",
            [GL_PROJECTS] = "Projects",
            [GL_PROGRAMMES_ANNUAL] = "Programmes",
            [GL_UNITS] = "Units",
            [GL_PER_PROGRAMME] = "per programme",
            [GL_PER_UNIT] = "per unit",
            [GL_UNIT] = " (amounts x %s)",
            [GL_COLUMN_ACTUALS] = "Actuals %d",
            [GL_COLUMN_AMENDED] = "Amended budget %d",
            [GL_COLUMN_ADOPTED] = "Adopted budget %d",
            [GL_TAAKVELDEN] = "Income and expenses per taakveld",
            [GL_TAAKVELD] = "Taakveld",
            [GL_NO_TAAKVELD] = "No taakveld",
            [GL_SUBTOTAL] = "Subtotal",
        },
};

const char *grid_label(Lang lang, GridLabel l) {
  return labels[lang == LANG_EN ? LANG_EN : LANG_NL][l];
}

static const char *label(Lang lang, GridLabel l) { return grid_label(lang, l); }

GridLabel grid_programme_word(const Plan *plan) {
  return plan_all_annual(plan) ? GL_PROGRAMME_UNIT : GL_PROGRAMME_LINE;
}

/* ------------------------------------------------------------ building */

/* A project's balances are NULL when its plan was not evaluated; show
 * nothing rather than crash. */
static int64_t at(const int64_t *v, int i) { return v ? v[i] : 0; }

const char *grid_money(Arena *a, int64_t cents) {
  char tmp[64];
  fmt_eur_nl(tmp, sizeof tmp, cents, true);
  return arena_strdup(a, tmp);
}

Grid *grid_new(Arena *a, const char *title, int nlabel, int nbands, int ncols) {
  Grid *g = arena_alloc(a, sizeof *g);
  g->title = title;
  g->nlabel = nlabel;
  g->nbands = nbands;
  g->ncols = ncols;
  g->head = arena_alloc(a, (size_t)ncols * sizeof *g->head);
  g->numeric = arena_alloc(a, (size_t)ncols * sizeof *g->numeric);
  g->band = arena_alloc(a, (size_t)ncols * sizeof *g->band);
  g->band_label = arena_alloc(a, (size_t)(nbands ? nbands : 1) * sizeof *g->band_label);
  for (int c = 0; c < ncols; c++)
    g->band[c] = -1;
  return g;
}

const char **grid_row(Arena *a, Grid *g, RowKind kind) {
  g->rows = arena_grow(a, g->rows, g->nrows, &g->caprows, sizeof *g->rows);
  int n = kind == ROW_BALANCE ? g->nlabel + g->nbands : g->ncols;
  const char **cells = arena_alloc(a, (size_t)n * sizeof *cells);
  for (int i = 0; i < n; i++)
    cells[i] = "";
  g->rows[g->nrows++] = (GridRow){.kind = kind, .cells = cells};
  return cells;
}

/* A row that stands for something a back end may write by its role. */
static const char **role_row(Arena *a, Grid *g, RowKind kind, GridRole role, const void *item) {
  const char **cells = grid_row(a, g, kind);
  g->rows[g->nrows - 1].role = role;
  g->rows[g->nrows - 1].item = item;
  return cells;
}

static const char *year_text(Arena *a, int year) { return arena_printf(a, "%d", year); }

static const char *horizon_text(Arena *a, const Plan *plan) {
  if (plan->nyears <= 1)
    return year_text(a, plan->first_year);
  return arena_printf(a, "%d-%d", plan->first_year, plan->first_year + plan->nyears - 1);
}

const char *grid_plan_title(const Plan *plan) {
  return plan->decl && plan->decl->title ? plan->decl->title : NULL;
}

void grid_project_years(const Plan *plan, const Results *R, const Project *p, int *first,
                        int *last) {
  int lo = plan->nyears, hi = -1;
  for (const Line *l = p->lines; l; l = l->next)
    for (int s = 0; s < 2; s++)
      for (int y = 0; y < plan->nyears; y++)
        if (present_at(R, l, s, y)) {
          lo = y < lo ? y : lo;
          hi = y > hi ? y : hi;
        }
  for (const Reserve *r = p->reserves; r; r = r->next)
    for (int y = 0; y < plan->nyears; y++)
      if (reserve_present(R, r, y)) {
        lo = y < lo ? y : lo;
        hi = y > hi ? y : hi;
      }
  if (hi < 0) {
    lo = 0;
    hi = plan->nyears - 1;
  }
  *first = lo;
  *last = hi;
}

static const char *cell_text(Arena *a, const Results *R, const Line *l, int side, int y) {
  if (!present_at(R, l, side, y))
    return "";
  if (pm_at(R, l, side, y))
    return "PM";
  return grid_money(a, cents_at(R, l, side, y));
}

const char *unit_suffix(Arena *a, const Plan *plan, Lang lang) {
  int64_t unit = plan_unit(plan);
  if (unit <= 1)
    return "";
  char u[64];
  fmt_eur_nl(u, sizeof u, unit * 100, false);
  return arena_printf(a, label(lang, GL_UNIT), u);
}

/* The rows under a saldo where reserves move money, in the BBV's order:
 * the additions, the withdrawals and the saldo after them (rows[0..2]),
 * their labels in column col. */
static void mutation_rows(Arena *a, Grid *g, Lang lang, int col, const char **rows[3]) {
  static const GridLabel names[3] = {GL_ADDED, GL_WITHDRAWN, GL_RESULT};
  static const GridRole roles[3] = {GRID_ADDED, GRID_WITHDRAWN, GRID_RESULT};
  for (int k = 0; k < 3; k++) {
    rows[k] = role_row(a, g, ROW_BALANCE, roles[k], NULL);
    rows[k][col] = label(lang, names[k]);
  }
}

/* A band of a table: a year of the horizon, or a column shown before it
 * (columns.c), whose amounts are in Results of their own and which has no
 * balance to open or close. */
typedef struct Band {
  const Plan *plan;
  const Results *R;
  int yi;
  bool column;
  const char *label;
} Band;

const char *grid_column_title(Arena *a, const ColumnDecl *c, Lang lang) {
  static const GridLabel kinds[] = {GL_COLUMN_ACTUALS, GL_COLUMN_AMENDED, GL_COLUMN_ADOPTED};
  return c->title ? c->title : arena_printf(a, label(lang, kinds[c->kind]), c->year);
}

/* The columns shown before the horizon, then the horizon's years y0..y1. */
static int bands_of(Arena *a, const Plan *plan, const Results *R, int y0, int y1, Lang lang,
                    Band **out) {
  const Columns *cols = R->columns;
  int nc = cols ? cols->nshown : 0, ny = y1 >= y0 ? y1 - y0 + 1 : 0;
  Band *b = arena_alloc(a, sizeof *b * (size_t)(nc + ny + 1));
  for (int i = 0; i < nc; i++)
    b[i] = (Band){cols->plan, &cols->results, cols->shown[i].yi, true,
                  grid_column_title(a, cols->shown[i].decl, lang)};
  for (int i = 0; i < ny; i++)
    b[nc + i] = (Band){plan, R, y0 + i, false, year_text(a, plan->first_year + y0 + i)};
  *out = b;
  return nc + ny;
}

Grid *grid_project(Arena *a, const Plan *plan, const Results *R, const Project *p, Lang lang) {
  int y0, y1;
  grid_project_years(plan, R, p, &y0, &y1);
  Band *bands;
  int nb = bands_of(a, plan, R, y0, y1, lang, &bands);
  bool annual = project_annual(plan, p);
  const char *name = p->title ? p->title : p->id ? p->id : "";
  GridLabel unit_word = annual ? GL_PROGRAMME_UNIT : GL_PROJECT;
  const char *title =
      p->section && *p->section
          ? arena_printf(a, "%s: %s (\xC2\xA7 %s)", label(lang, unit_word), name, p->section)
          : arena_printf(a, "%s: %s", label(lang, unit_word), name);
  title = arena_printf(a, "%s%s", title, unit_suffix(a, plan, lang));
  Grid *g = grid_new(a, title, 2, nb, 2 + 2 * nb);
  g->head[0] = label(lang, GL_NR);
  g->numeric[0] = true;
  g->head[1] = label(lang, GL_CATEGORY);
  for (int i = 0; i < nb; i++) {
    g->band_label[i] = bands[i].label;
    for (int s = 0; s < 2; s++) {
      int c = 2 + 2 * i + s;
      g->head[c] = label(lang, s == SIDE_BATEN ? GL_BATEN : GL_LASTEN);
      g->numeric[c] = true;
      g->band[c] = i;
    }
  }

  const char *group = NULL;
  for (const Line *l = p->lines; l; l = l->next) {
    /* Group names are interned, but a hand-built plan may not be. */
    if (l->group && (!group || strcmp(group, l->group) != 0)) {
      const char **cells = role_row(a, g, ROW_GROUP, GRID_GROUP, NULL);
      cells[1] = l->group;
    }
    group = l->group;
    const char **cells = role_row(a, g, ROW_DATA, GRID_LINE, l);
    cells[0] = arena_printf(a, "%d", l->nr);
    cells[1] = l->category ? l->category : "";
    for (int i = 0; i < nb; i++)
      for (int s = 0; s < 2; s++)
        cells[2 + 2 * i + s] = cell_text(a, bands[i].R, l, s, bands[i].yi);
  }

  const char **total = role_row(a, g, ROW_TOTAL, GRID_TOTAL, NULL);
  total[1] = label(lang, GL_TOTAL);
  for (int i = 0; i < nb; i++) {
    const ProjectResult *pr = project_result(bands[i].R, p);
    total[2 + 2 * i] = grid_money(a, at(pr->baten, bands[i].yi));
    total[3 + 2 * i] = grid_money(a, at(pr->lasten, bands[i].yi));
  }

  bool mutations = false;
  for (const Line *l = p->lines; l && !mutations; l = l->next)
    mutations = line_is_mutation(l);
  const char **saldo = role_row(a, g, ROW_BALANCE, GRID_SALDO, NULL);
  saldo[1] = label(lang, annual || mutations ? GL_SALDO_BBV : GL_SALDO);
  if (!mutations) {
    for (int i = 0; i < nb; i++) {
      const ProjectResult *pr = project_result(bands[i].R, p);
      int64_t diff;
      saldo[2 + i] = money_sub(at(pr->baten, bands[i].yi), at(pr->lasten, bands[i].yi), &diff)
                         ? grid_money(a, printed_saldo(plan, diff))
                         : label(lang, GL_OVERFLOW);
    }
  } else {
    /* the BBV's order: the saldo before the mutations of reserves, the
     * mutations, and the saldo after them */
    const char **rows[3];
    mutation_rows(a, g, lang, 1, rows);
    const char **added = rows[0], **withdrawn = rows[1], **result = rows[2];
    for (int i = 0; i < nb; i++) {
      YearSplit sp;
      split_year(bands[i].plan, bands[i].R, p, bands[i].yi, &sp);
      int64_t before, after;
      bool ok = !sp.overflow && money_sub(sp.baten, sp.lasten, &before) &&
                money_add(before, sp.withdrawn, &after) && money_sub(after, sp.added, &after);
      saldo[2 + i] = ok ? grid_money(a, printed_saldo(plan, before)) : label(lang, GL_OVERFLOW);
      added[2 + i] = grid_money(a, sp.added);
      withdrawn[2 + i] = grid_money(a, sp.withdrawn);
      result[2 + i] = ok ? grid_money(a, printed_saldo(plan, after)) : label(lang, GL_OVERFLOW);
    }
  }
  /* An annual programme carries nothing: no balance at 1 January or at 31
   * December, only the year's saldo. */
  if (annual)
    return g;
  /* A column before the horizon has no balance: its cells stay empty. */
  const ProjectResult *pr = project_result(R, p);
  const char **open = role_row(a, g, ROW_BALANCE, GRID_OPENING, NULL);
  open[1] = label(lang, GL_OPENING);
  const char **close = role_row(a, g, ROW_BALANCE, GRID_CLOSING, NULL);
  close[1] = label(lang, GL_CLOSING);
  for (int i = 0; i < nb; i++) {
    if (bands[i].column)
      continue;
    int y = bands[i].yi;
    open[2 + i] = grid_money(a, at(pr->opening, y));
    close[2 + i] = grid_money(a, at(pr->closing, y));
  }

  /* The free part first, then each reservation, as the document does. */
  if (p->reserves) {
    const char **free_row = role_row(a, g, ROW_BALANCE, GRID_UNRESERVED, NULL);
    free_row[1] = label(lang, GL_UNRESERVED);
    for (int i = 0; i < nb; i++) {
      if (bands[i].column)
        continue;
      int y = bands[i].yi;
      int64_t rest = at(pr->closing, y);
      bool ok = true;
      for (const Reserve *r = p->reserves; r; r = r->next)
        if (reserve_present(R, r, y))
          ok = ok && money_sub(rest, reserve_cents(R, r, y), &rest);
      free_row[2 + i] = ok ? grid_money(a, rest) : label(lang, GL_OVERFLOW);
    }
    for (const Reserve *r = p->reserves; r; r = r->next) {
      const char **cells = role_row(a, g, ROW_BALANCE, GRID_RESERVE, r);
      cells[1] = r->title ? r->title : r->name ? r->name : "";
      for (int i = 0; i < nb; i++)
        if (!bands[i].column)
          cells[2 + i] = grid_money(a, reserve_present(R, r, bands[i].yi) ? reserve_cents(R, r, bands[i].yi) : 0);
    }
  }
  return g;
}

/* The summary's title: the plan's own (summary programmes|projects
 * "TITLE"), else the BBV's words, with the horizon; the unit after it. */
const char *grid_summary_title(Arena *a, const Plan *plan, SummaryKind kind, bool net, Lang lang) {
  bool programmes = kind == SUMMARY_PROGRAMMES;
  const char *own = plan->decl ? plan->decl->summary_title[kind] : NULL;
  const char *title;
  if (own)
    title = own;
  else if (plan_all_annual(plan))
    title = arena_printf(a, "%s %s", arena_printf(a, label(lang, GL_SUMMARY_ANNUAL), horizon_text(a, plan)),
                         label(lang, programmes ? GL_PER_PROGRAMME : GL_PER_UNIT));
  else
    title = arena_printf(a, label(lang, programmes ? GL_SUMMARY_PROGRAMMES : GL_SUMMARY_PROJECTS),
                         horizon_text(a, plan));
  if (net)
    title = arena_printf(a, "%s%s", title, label(lang, GL_NET));
  return arena_printf(a, "%s%s", title, unit_suffix(a, plan, lang));
}

const char *grid_summary_name(const Plan *plan, SummaryKind kind, Lang lang) {
  bool annual = plan_all_annual(plan);
  if (kind == SUMMARY_PROGRAMMES)
    return label(lang, annual ? GL_PROGRAMMES_ANNUAL : GL_PROGRAMMES);
  return label(lang, annual ? GL_UNITS : GL_PROJECTS);
}

/* A row of the overzicht van baten en lasten: the projects of a programme
 * (only NULL), one project, or the whole plan (both NULL: whole set); baten
 * and lasten without the mutations of reserves, the saldo as the plan
 * prints it, per band from column 1. The band's split is left in sums
 * (the plan's total row). */
static void annual_row(Arena *a, const Plan *plan, const Band *bands, int nb, const Programme *pr,
                       const Project *only, bool whole, const char **cells, YearSplit *sums,
                       Lang lang) {
  for (int i = 0; i < nb; i++) {
    YearSplit t;
    if (only && !whole)  /* a project's own row reads that project */
      split_year(bands[i].plan, bands[i].R, only, bands[i].yi, &t);
    else
      split_programme(bands[i].plan, bands[i].R, pr, whole, bands[i].yi, &t);
    int64_t saldo;
    t.overflow |= !money_sub(t.baten, t.lasten, &saldo);
    const char *ovf = label(lang, GL_OVERFLOW);
    cells[1 + 3 * i] = t.overflow ? ovf : grid_money(a, t.baten);
    cells[2 + 3 * i] = t.overflow ? ovf : grid_money(a, t.lasten);
    cells[3 + 3 * i] = t.overflow ? ovf : grid_money(a, printed_saldo(plan, saldo));
    if (sums)
      sums[i] = t;
  }
}

/* The columns before the horizon in a row of a plan with funds: baten,
 * lasten and saldo of what the column's Results hold for the row. */
static void column_cells(Arena *a, const Plan *plan, const Band *bands, int nc, const int64_t *bat,
                         const int64_t *las, bool overflow, const char **cells, Lang lang) {
  for (int i = 0; i < nc; i++) {
    int yi = bands[i].yi;
    int64_t saldo;
    bool ok = !overflow && money_sub(at(bat, yi), at(las, yi), &saldo);
    cells[1 + 3 * i] = ok ? grid_money(a, at(bat, yi)) : label(lang, GL_OVERFLOW);
    cells[2 + 3 * i] = ok ? grid_money(a, at(las, yi)) : label(lang, GL_OVERFLOW);
    cells[3 + 3 * i] = ok ? grid_money(a, printed_saldo(plan, saldo)) : label(lang, GL_OVERFLOW);
  }
}

bool grid_summary_net_shown(const Plan *plan) {
  return plan->ntransfers > 0 && !plan_all_annual(plan);
}

/* One row per programme line (SUMMARY_PROGRAMMES), or one row per project
 * under its programme line (SUMMARY_PROJECTS). A plan with a fund: the balance the horizon opens
 * with (the year before's closing), then baten, lasten and closing per
 * year. A plan of annual programmes only: baten, lasten and saldo per
 * year, as the BBV's overzicht van baten en lasten prints them; nothing
 * carries, so there is no opening column. The columns shown before the
 * horizon come first, with baten, lasten and saldo. With net set the
 * totals leave out transfers between projects. */
Grid *grid_summary(Arena *a, const Plan *plan, const Results *R, SummaryKind kind, bool net,
                   Lang lang) {
  int ny = plan->nyears > 0 ? plan->nyears : 0;
  Band *bands;
  int nb = bands_of(a, plan, R, 0, ny - 1, lang, &bands);
  int nc = nb - ny;
  bool annual = plan_all_annual(plan);
  int lead = annual ? 0 : 1;  /* the opening band */
  const Plan *cplan = nc ? bands[0].plan : plan;
  const Results *cR = nc ? bands[0].R : R;
  Grid *g = grid_new(a, grid_summary_title(a, plan, kind, net, lang), 1, lead + nb, 1 + lead + 3 * nb);
  g->head[0] = label(lang, annual ? GL_PROGRAMME_UNIT : GL_PROGRAMMES);
  if (!annual) {
    int c = 1 + 3 * nc;
    g->band_label[nc] = year_text(a, plan->first_year - 1);
    g->head[c] = label(lang, GL_CLOSING_SHORT);
    g->numeric[c] = true;
    g->band[c] = nc;
  }
  for (int i = 0; i < nb; i++) {
    int b = i < nc ? i : lead + i;
    g->band_label[b] = bands[i].label;
    const GridLabel heads[3] = {GL_BATEN, GL_LASTEN,
                            annual || bands[i].column ? GL_SALDO_SHORT : GL_CLOSING_SHORT};
    for (int k = 0; k < 3; k++) {
      int c = 1 + 3 * i + (i < nc ? 0 : lead) + k;
      g->head[c] = label(lang, heads[k]);
      g->numeric[c] = true;
      g->band[c] = b;
    }
  }

  /* One row from per-year arrays; overflow shows instead of a wrong sum.
   * An annual unit's closing is its year's saldo (eval.c). */
#define FILL_ROW(cells, open, bat, las, clo, overflow)                                          \
  do {                                                                                          \
    (cells)[1 + 3 * nc] = (overflow) ? label(lang, GL_OVERFLOW) : grid_money(a, at((open), 0));      \
    for (int i_ = 0; i_ < ny; i_++) {                                                           \
      int c_ = 2 + 3 * nc + 3 * i_;                                                             \
      (cells)[c_] = (overflow) ? label(lang, GL_OVERFLOW) : grid_money(a, at((bat), i_));             \
      (cells)[c_ + 1] = (overflow) ? label(lang, GL_OVERFLOW) : grid_money(a, at((las), i_));         \
      (cells)[c_ + 2] = (overflow) ? label(lang, GL_OVERFLOW) : grid_money(a, at((clo), i_));         \
    }                                                                                           \
  } while (0)

  if (kind == SUMMARY_PROGRAMMES) {
    for (int k = 0; k < plan->nprogrammes; k++) {
      const Programme *pr = plan->programmes[k];
      const char **cells = role_row(a, g, ROW_DATA, GRID_PROGRAMME, pr);
      cells[0] = pr->title ? pr->title : pr->id ? pr->id : "";
      if (annual) {
        annual_row(a, plan, bands, nb, pr, NULL, false, cells, NULL, lang);
        continue;
      }
      Totals t;
      memset(&t, 0, sizeof t);
      if (nc) {
        totals_of_programme(cplan, cR, pr, net, &t);
        column_cells(a, plan, bands, nc, t.baten, t.lasten, t.overflow, cells, lang);
        memset(&t, 0, sizeof t);
      }
      totals_of_programme(plan, R, pr, net, &t);
      FILL_ROW(cells, t.opening, t.baten, t.lasten, t.closing, t.overflow);
    }
  } else {
    /* Programme lines in plan order, then any project without one (only in
     * a plan that did not resolve). */
    for (int k = 0; k <= plan->nprogrammes; k++) {
      const Programme *pr = k < plan->nprogrammes ? plan->programmes[k] : NULL;
      bool heading = false;
      for (int j = 0; j < plan->nprojects; j++) {
        const Project *p = plan->projects[j];
        if (p->programme != pr)
          continue;
        if (!heading) {
          const char **h = role_row(a, g, ROW_GROUP, GRID_GROUP, pr);
          h[0] = pr ? (pr->title ? pr->title : pr->id ? pr->id : "") : label(lang, GL_NO_PROGRAMME);
          heading = true;
        }
        const char **cells = role_row(a, g, ROW_DATA, GRID_PROJECT, p);
        const char *name = p->title ? p->title : p->id ? p->id : "";
        cells[0] = p->section && *p->section
                       ? arena_printf(a, "\xC2\xA7 %s %s", p->section, name)
                       : name;
        if (annual) {
          annual_row(a, plan, bands, nb, NULL, p, false, cells, NULL, lang);
          continue;
        }
        if (nc) {
          const ProjectResult *cres = project_result(cR, p);
          column_cells(a, plan, bands, nc, cres->baten, cres->lasten, false, cells, lang);
        }
        const ProjectResult *res = project_result(R, p);
        FILL_ROW(cells, res->opening, res->baten, res->lasten, res->closing, false);
      }
    }
  }
  const char **total = role_row(a, g, ROW_TOTAL, GRID_TOTAL, NULL);
  total[0] = label(lang, annual ? GL_SALDO_BBV : GL_TOTAL);
  if (!annual) {
    Totals t;
    memset(&t, 0, sizeof t);
    if (nc) {
      totals_of_plan(cplan, cR, net, &t);
      column_cells(a, plan, bands, nc, t.baten, t.lasten, t.overflow, total, lang);
      memset(&t, 0, sizeof t);
    }
    totals_of_plan(plan, R, net, &t);
    FILL_ROW(total, t.opening, t.baten, t.lasten, t.closing, t.overflow);
    return g;
  }
#undef FILL_ROW
  YearSplit sums[2 * AMR_MAX_YEARS];
  annual_row(a, plan, bands, nb, NULL, NULL, true, total, sums, lang);
  if (!plan->naccounts)
    return g;
  /* the BBV's overzicht: the saldo, the mutations of reserves, the result */
  const char **rows[3];
  mutation_rows(a, g, lang, 0, rows);
  const char **added = rows[0], **withdrawn = rows[1], **result = rows[2];
  for (int i = 0; i < nb; i++) {
    const YearSplit *s = &sums[i];
    int64_t r;
    bool ok = !s->overflow && money_sub(s->baten, s->lasten, &r) && money_add(r, s->withdrawn, &r) &&
              money_sub(r, s->added, &r);
    added[1 + i] = grid_money(a, s->added);
    withdrawn[1 + i] = grid_money(a, s->withdrawn);
    result[1 + i] = ok ? grid_money(a, printed_saldo(plan, r)) : label(lang, GL_OVERFLOW);
  }
  return g;
}

/* ------------------------------------------------------------ taakvelden */

/* "0.10" after "0.9": each part compared as a number, then as text. */
static int taakveld_cmp(const char *a, const char *b) {
  while (*a && *b) {
    char *ea, *eb;
    long na = strtol(a, &ea, 10), nb = strtol(b, &eb, 10);
    if (ea == a || eb == b)
      break;
    if (na != nb)
      return na < nb ? -1 : 1;
    a = ea;
    b = eb;
    if (*a != *b)
      break;
    if (*a)
      a++, b++;
  }
  return strcmp(a, b);
}

bool plan_has_taakvelden(const Plan *plan) {
  for (int i = 0; i < plan->nlines; i++)
    if (plan->lines[i] && line_taakveld(plan->lines[i]))
      return true;
  return false;
}

int taakveld_sums(Arena *a, const Plan *plan, const Results *R, TaakveldSum **out) {
  int n = 0, cap = 0;
  TaakveldSum *v = NULL;
  int none = -1;
  for (int i = 0; i < plan->nlines; i++) {
    const Line *l = plan->lines[i];
    if (!l)
      continue;
    const char *code = line_taakveld(l);
    int k = -1;
    if (!code)
      k = none;
    else
      for (int j = 0; j < n && k < 0; j++)
        if (v[j].code && strcmp(v[j].code, code) == 0)
          k = j;
    if (k < 0) {
      v = arena_grow(a, v, n, &cap, sizeof *v);
      k = n++;
      v[k].code = code;
      if (!code)
        none = k;
    }
    for (int y = 0; y < plan->nyears && y < AMR_MAX_YEARS; y++)
      for (int s = 0; s < 2; s++)
        if (present_at(R, l, s, y) && !pm_at(R, l, s, y)) {
          int64_t *sum = s == SIDE_BATEN ? &v[k].baten[y] : &v[k].lasten[y];
          v[k].overflow |= !money_add(*sum, cents_at(R, l, s, y), sum);
        }
  }
  /* insertion sort: a plan names a few dozen taakvelden; the lines
   * without one last */
  for (int i = 1; i < n; i++) {
    TaakveldSum t = v[i];
    int j = i - 1;
    while (j >= 0 && t.code && (!v[j].code || taakveld_cmp(v[j].code, t.code) > 0)) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = t;
  }
  *out = v;
  return n;
}

Grid *grid_taakvelden(Arena *a, const Plan *plan, const Results *R, Lang lang) {
  int ny = plan->nyears > 0 ? plan->nyears : 0;
  const char *title = arena_printf(a, "%s %s%s", label(lang, GL_TAAKVELDEN),
                                   horizon_text(a, plan), unit_suffix(a, plan, lang));
  Grid *g = grid_new(a, title, 1, ny, 1 + 3 * ny);
  g->head[0] = label(lang, GL_TAAKVELD);
  for (int i = 0; i < ny; i++) {
    g->band_label[i] = year_text(a, plan->first_year + i);
    const GridLabel heads[3] = {GL_BATEN, GL_LASTEN, GL_SALDO_SHORT};
    for (int k = 0; k < 3; k++) {
      int c = 1 + 3 * i + k;
      g->head[c] = label(lang, heads[k]);
      g->numeric[c] = true;
      g->band[c] = i;
    }
  }
  TaakveldSum *v;
  int n = taakveld_sums(a, plan, R, &v);
  TaakveldSum total = {0};
  for (int k = 0; k <= n; k++) {
    const TaakveldSum *t = k < n ? &v[k] : &total;
    const char **cells = grid_row(a, g, k < n ? ROW_DATA : ROW_TOTAL);
    const char *name = k < n ? plan_taakveld_name(plan, t->code) : NULL;
    cells[0] = k == n ? label(lang, GL_TOTAL)
               : name    ? arena_printf(a, "%s %s", t->code, name)
               : t->code ? t->code
                         : label(lang, GL_NO_TAAKVELD);
    for (int y = 0; y < ny; y++) {
      int64_t saldo;
      bool ok = !t->overflow && money_sub(t->baten[y], t->lasten[y], &saldo);
      cells[1 + 3 * y] = ok ? grid_money(a, t->baten[y]) : label(lang, GL_OVERFLOW);
      cells[2 + 3 * y] = ok ? grid_money(a, t->lasten[y]) : label(lang, GL_OVERFLOW);
      cells[3 + 3 * y] = ok ? grid_money(a, printed_saldo(plan, saldo)) : label(lang, GL_OVERFLOW);
      if (k < n)
        total.overflow |= t->overflow || !money_add(total.baten[y], t->baten[y], &total.baten[y]) ||
                          !money_add(total.lasten[y], t->lasten[y], &total.lasten[y]);
    }
  }
  return g;
}

/* ------------------------------------------------------------ verloop */

/* The verloop as the document prints it: a row per line, a column per
 * year of the horizon, the amounts as written. */
Grid *grid_verloop(Arena *a, const Plan *P, const Verloop *v, Lang lang) {
  int n = P->nyears;
  Grid *g = grid_new(a, arena_printf(a, "%s%s", v->title, unit_suffix(a, P, lang)), 1, 0, 1 + n);
  g->head[0] = "";
  for (int yi = 0; yi < n; yi++) {
    g->head[1 + yi] = arena_printf(a, "%d", P->first_year + yi);
    g->numeric[1 + yi] = true;
  }
  for (const VerloopRow *r = v->rows; r; r = r->next) {
    RowKind k = r->kind == VROW_GROUP ? ROW_GROUP
                : r->kind == VROW_TO || r->kind == VROW_SUBTOTAL ? ROW_TOTAL
                                                                  : ROW_DATA;
    const char **cells = grid_row(a, g, k);
    cells[0] = r->title ? r->title : label(lang, GL_SUBTOTAL);
    for (const YearAmount *ya = r->amounts; ya; ya = ya->next) {
      int64_t cents;
      if (!expr_stated_cents(ya->value, &cents))
        continue;
      for (int y = ya->y0; y <= ya->y1 && y >= ya->y0; y++) {
        int yi = year_index(P, y);
        if (yi >= 0)
          cells[1 + yi] = grid_money(a, cents);
      }
    }
  }
  return g;
}

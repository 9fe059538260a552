/* bench/gen.c: synthetic multi-year plans in amrc's own language, for
 * `make bench`.
 *
 *     gen OUTDIR SIZE [SEED]      SIZE in bytes, or with a k/M suffix (20M)
 *
 * writes OUTDIR/plan.amr (the root), OUTDIR/sources.amr, OUTDIR/hNNN.amr
 * (chapters of about 250 kB, so 8, 80 and 800 files at 2, 20 and 200 MB) and
 * OUTDIR/expectations.amr, and prints one tab-separated line:
 *     bytes files projects lines cells transfers sources
 * where cells counts the amount cells written in lines (a span 2026..2029
 * counts four) and bytes counts every generated file (not the stdlib).
 *
 * The plans look like the Achterhoek plan (examples/achterhoek/): projects
 * with sections, contacts, groups, notes and non-ASCII text; baten from
 * shared and project-own sources (decentralisatie-uitkering, specifieke
 * uitkering, ESF+, cofinanciering); lasten as plain amounts, amounts as
 * printed (€ 1.787.349,50), count * price, items, indexed amounts and rules,
 * percentages of other lines, PM cells with coverage; transfers between
 * projects of different files, whole and partial; reservations; declared
 * pre-financing; expectations per project, programme and plan. Every amount
 * is computed here, exactly as amrc computes it (micros, rounding half away
 * from zero), so the plan checks without errors: the warnings it has are
 * acknowledged (prefinance, accept), and a few rules differ from the stated
 * amounts within their tolerance (notes), as in a real plan.
 *
 * Deterministic for a given SIZE and SEED; every project is a function of
 * (SEED, its number), so memory stays small at any size. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NY 4
#define FIRST_YEAR 2026
#define CHAPTER_BYTES 250000
#define MAX_FILES 800
#define MAX_LINES 64
#define TR_REACH 40 /* a project pays one up to 40 projects further on */

__extension__ typedef __int128 i128;
#define MPU 1000000 /* micros per euro */
#define MPC 10000   /* micros per cent */

/* ------------------------------------------------------------------ output buffer */

typedef struct {
  char *p;
  size_t n, cap;
} Out;

static void out_grow(Out *o, size_t more) {
  if (o->n + more + 1 <= o->cap)
    return;
  size_t cap = o->cap ? o->cap : 1 << 16;
  while (cap < o->n + more + 1)
    cap *= 2;
  o->p = realloc(o->p, cap);
  if (!o->p) {
    perror("gen");
    exit(2);
  }
  o->cap = cap;
}
static void put(Out *o, const char *s) {
  size_t n = strlen(s);
  out_grow(o, n);
  memcpy(o->p + o->n, s, n);
  o->n += n;
  o->p[o->n] = 0;
}
static void pf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pf(Out *o, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  out_grow(o, (size_t)n);
  vsnprintf(o->p + o->n, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  o->n += (size_t)n;
}

static unsigned long long total_bytes;
static int nfiles_written;

static void write_file(const char *dir, const char *name, Out *o) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(o->p, 1, o->n, f) != o->n || fclose(f) != 0) {
    fprintf(stderr, "gen: cannot write %s: %s\n", path, strerror(errno));
    exit(2);
  }
  total_bytes += o->n;
  nfiles_written++;
  o->n = 0;
  if (o->p)
    o->p[0] = 0;
}

/* ------------------------------------------------------------------ randomness */

typedef struct {
  uint64_t s;
} Rng;
static uint64_t next(Rng *r) { /* splitmix64 */
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static int rnd(Rng *r, int n) { return (int)(next(r) % (uint64_t)n); }
static bool chance(Rng *r, int percent) { return rnd(r, 100) < percent; }
static int64_t between(Rng *r, int64_t lo, int64_t hi) { return lo + (int64_t)(next(r) % (uint64_t)(hi - lo + 1)); }
static uint64_t seed;
static Rng rng_for(uint64_t a, uint64_t b) {
  Rng r = {seed ^ (a * 0x9e3779b97f4a7c15ull) ^ (b * 0xc2b2ae3d27d4eb4full)};
  next(&r);
  return r;
}
#define PICK(r, arr) ((arr)[rnd((r), (int)(sizeof(arr) / sizeof((arr)[0])))])

/* ------------------------------------------------------------------ money as amrc computes it */

static i128 div_round(i128 num, i128 den) { /* half away from zero, as src/money.c */
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 q = num / den, r = num % den;
  if (r < 0)
    r = -r;
  if (2 * r >= den)
    q += num < 0 ? -1 : 1;
  return q;
}
static int64_t to_cents(i128 micros) { return (int64_t)div_round(micros, MPC); }
static i128 mul(i128 a, i128 b) { return div_round(a * b, MPU); } /* micros * micros */

/* BASE euros indexed at RATE (micros: 5.1% is 51000) from the first year to
 * YEAR, rounded to the nearest STEP euros, in cents: src/eval.c's indexed(). */
static int64_t indexed(int64_t base_euros, i128 rate, int year, int64_t step_centi_euros) {
  i128 v = (i128)base_euros * MPU * MPU, factor = MPU + rate;
  for (int n = FIRST_YEAR; n < year; n++)
    v = div_round(v * factor, MPU);
  i128 r = div_round(v, MPU);
  i128 step = (i128)step_centi_euros * MPC; /* step given in cents */
  i128 q = r / step, rem = r % step;
  if (rem != 0)
    q = div_round(r, step);
  return to_cents(q * step);
}

/* ------------------------------------------------------------------ spelling amounts */

/* 1_950_000, 1950000, 1_950_000.50 */
static void plain(char *buf, size_t cap, int64_t cents, bool underscores) {
  bool neg = cents < 0;
  uint64_t a = (uint64_t)(neg ? -cents : cents), e = a / 100, c = a % 100;
  char d[32], g[48];
  int n = snprintf(d, sizeof d, "%" PRIu64, e), k = 0;
  for (int i = 0; i < n; i++) {
    if (underscores && i > 0 && (n - i) % 3 == 0)
      g[k++] = '_';
    g[k++] = d[i];
  }
  g[k] = 0;
  if (c)
    snprintf(buf, cap, "%s%s.%02" PRIu64, neg ? "-" : "", g, c);
  else
    snprintf(buf, cap, "%s%s", neg ? "-" : "", g);
}

/* € 1.787.349, €1.787.349,50, €7.500,-, -€ 12.000 */
static void printed(char *buf, size_t cap, int64_t cents, int style) {
  bool neg = cents < 0;
  uint64_t a = (uint64_t)(neg ? -cents : cents), e = a / 100, c = a % 100;
  char d[32], g[48];
  int n = snprintf(d, sizeof d, "%" PRIu64, e), k = 0;
  for (int i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0)
      g[k++] = '.';
    g[k++] = d[i];
  }
  g[k] = 0;
  const char *sp = style & 1 ? "" : " ";
  if (c)
    snprintf(buf, cap, "%s€%s%s,%02" PRIu64, neg ? "-" : "", sp, g, c);
  else if (style & 2)
    snprintf(buf, cap, "%s€%s%s,-", neg ? "-" : "", sp, g);
  else
    snprintf(buf, cap, "%s€%s%s", neg ? "-" : "", sp, g);
}

/* ------------------------------------------------------------------ words */

static const char *const STEMS[] = {
    "werkcentrum", "opijver", "scholing", "startbanen", "statushouders", "llo", "sroi",
    "basisvaardigheden", "jongeren", "leerwerk", "techniek", "zorgpact", "inburgering",
    "taalhuis", "loopbaan", "vakmanschap", "praktijkleren", "banenafspraak", "herstart",
    "werkfit", "jobcoach", "doorstroom", "omscholing", "talentenfonds", "leerrecht"};
static const char *const TITLES[] = {
    "Werkcentrum Achterhoek", "Opijver fase", "Scholing naar kansrijke beroepen",
    "Startbanen voor jonge statushouders", "Leven lang ontwikkelen", "Social return on investment",
    "Basisvaardigheden en taal", "Actieplan Achterhoekse jongeren", "Leerwerkloket",
    "Techniekpact regio", "Zorgpact: coördinatie en instroom", "Inburgering en participatie",
    "Taalhuis en digitale vaardigheden", "Loopbaanbegeleiding 45+", "Vakmanschap in de bouw",
    "Praktijkleren in het mbo", "Banenafspraak: één loket", "Herstart na ziekte",
    "Werkfit-trajecten", "Jobcoaching en nazorg", "Doorstroom van school naar werk",
    "Omscholing naar de zorg", "Talentenfonds Opijver", "Leerrecht en ontwikkelbudget",
    "Reïntegratie van cliënten"};
static const char *const PEOPLE[] = {
    "Mieke van Aspert - Mos", "Henk Korten", "Petra Helming", "Zoë de Graaf",
    "Noël Brinkhuis", "Joëlle Wenting", "Daan te Lintelo", "Anouk Hengeveld",
    "Thijs Ribbers", "Eva Ëlbers", "Sanne Wüstefeld", "Bram Groot Nuelend"};
static const char *const BATEN_CAT[] = {
    "Structurele rijksbijdrage versterken regionale samenwerking",
    "Bijdrage regionaal investeringsbudget", "Decentralisatie-uitkering centrumgemeente",
    "Rijksbijdrage regionale mobiliteitsteams", "Bijdrage gemeenten (naar rato inwoners)"};
static const char *const PERS_CAT[] = {
    "Programmacoördinatie", "Programmaondersteuning en regionale beleidscapaciteit",
    "Procesondersteuning regionaal beraad en partneroverleg", "Communicatie",
    "Projectleiding", "Accountmanagement werkgevers", "Gidsen en loopbaanadviseurs",
    "Coördinator praktijkleren", "Financiële administratie en verantwoording"};
static const char *const OTHER_CAT[] = {
    "Kennisdeling, training en teambuilding", "Extra momenten financiële verantwoording",
    "Bijdrage kernteamlidmaatschap Impact Oost", "Huisvesting en faciliteiten",
    "Licenties en applicaties", "Werkgeversbijeenkomsten en netwerkcafé",
    "Onderzoek en monitoring", "Pop-up stores en informatiepunten", "Reis- en verblijfkosten",
    "Ontwikkeling digitale leeromgeving", "Evaluatie door extern bureau",
    "Cursussen Nederlands als tweede taal (NT2)", "Privé-coaching en intervisie"};
static const char *const GROUPS[] = {
    "Versterken regionale samenwerking arbeidsmarktregio", "Regionaal investeringsbudget",
    "Uitvoering", "Bedrijfsvoering", "Scholing en begeleiding", "Projectkosten",
    "Coördinatie en ondersteuning", "Werkgeversdienstverlening"};
static const char *const NOTES[] = {
    "Structurele, jaarlijkse rijksbijdrage voor versterking van de regionale samenwerking via "
    "decentralisatie-uitkering. Dit bedrag wordt vooralsnog niet geïndexeerd door het rijk.",
    "Inzet communicatiemedewerker en -adviseur, vormgeving, onderhoud website, webinars en ander "
    "communicatiemateriaal.",
    "Op verzoek van de partners zetten we extra capaciteit in om de frequentie van de financiële "
    "verantwoording te verhogen. We gaan daarbij uit van gemiddeld 16 uur per week.",
    "Organisatie van kennisbijeenkomsten en teambuildingsactiviteiten ter versterking van de "
    "regionale samenwerking, met in 2026 extra aandacht voor onderlinge kennismaking.",
    "750 vouchers per jaar à €2.600,- gemiddeld; bijdragen van bedrijven, O&O-fondsen en "
    "deelnemers dekken tenminste 30% van de scholingskosten.",
    "Onvoorzien is circa 5% van de totaal begrote lasten per jaar.",
    "De coördinatie ligt bij de centrumgemeente; cliënten worden begeleid door een vaste "
    "jobcoach, ook na plaatsing (nazorg tot één jaar).",
    "Ideeën uit de regio worden getoetst in het regionaal beraad; de uitvoering start na "
    "goedkeuring door het bestuurlijk overleg in het voorjaar.",
    "Loonkosten van adviseurs, ondersteuner administratie en communicatie en projectmanagement; "
    "de loonindexatie (5,1%) is toegepast.",
    "Het verwachte restantbudget wordt medio 2026 toegevoegd aan het regionaal "
    "investeringsbudget van de arbeidsmarktregio.",
    "Voor de kosten bedrijfsvoering zijn de volgende posten opgenomen: onderhoud en licenties "
    "website (€ 1.200,-), communicatie en marketing (€ 60.000,-), opleiding (€ 20.000,-).",
    "Reïntegratie en re-integratie: beide spellingen komen voor in de stukken; bedoeld is "
    "de begeleiding naar betaald werk van inwoners met een uitkering.",
    "Subsidie van 50% van de projectkosten; de verantwoording en afrekening vindt begin 2028 "
    "plaats, na vaststelling door het ministerie van SZW."};
static const char *const COMMENTS[] = {
    "# Placement: per year sum(baten) = Totaal baten and sum(lasten) = Totaal lasten.",
    "# Transcribed from the begroting; the toelichting jumps from 3 to 6.",
    "# Printed amounts are rounded to € 100; the rule gives the exact ones.",
    "# Zie ook de notitie over de financiële verantwoording (bijlage B)."};
static const char *const PROGRAMMES[][2] = {
    {"programma", "Programma arbeidsmarktregio Achterhoek"},
    {"werkloosheid", "Van werkloosheid naar werk"},
    {"werk_naar_werk", "Van werk naar werk"},
    {"iedereen", "Iedereen doet mee"},
    {"onderwijs", "Van school naar duurzaam werk"},
    {"zorg", "Arbeidsmarkt zorg en welzijn: één aanpak"}};
#define NPROG 6

/* ------------------------------------------------------------------ the model of a project */

enum {
  K_RIJK, K_SPUK_IN, K_COFIN, K_GEM, K_ESF_IN, K_PM_IN, K_CORR,      /* baten */
  K_PERS, K_VOUCH, K_ITEMS, K_PRINTED, K_OTHER, K_SPUK_OUT, K_UITV, /* lasten */
  K_ESF_OUT, K_PM_OUT, K_ONV, K_TR_OUT, K_TR_IN
};

typedef struct {
  int kind, nr;
  const char *cat;
  const char *group; /* a group heading written above it */
  int side;          /* 0 baten, 1 lasten */
  int64_t amt[NY];   /* cents */
  bool present[NY], pm[NY];
  /* how it is written */
  int style;             /* per kind */
  int64_t base_euros;    /* K_PERS: indexed from */
  bool rule_index;       /* K_PERS: stated amounts with a rule */
  bool loon;             /* K_PERS: loon or prijs */
  int count[NY];         /* K_VOUCH: count * price */
  int64_t price[NY];     /* K_VOUCH: euros */
  int range_lo, range_hi;/* K_ONV, K_COFIN: lines */
  int pct;               /* K_ONV: percent; K_COFIN: rule percent */
  int payer;             /* K_TR_IN: the paying project; K_TR_OUT: receiving project */
  int payer_line;        /* K_TR_IN: written without cells (whole transfer) when 0 */
  const char *paid_by;   /* source id or a line number */
  char paid_by_buf[80];
  const char *source;
  char source_buf[80];
  int money_class;       /* 0, 1 structural, 2 incidental */
  const char *note;
  const char *comment;
  const char *taakveld;
} GLine;

typedef struct {
  int i, chapter, programme;
  char id[64];
  const char *title;
  int64_t opening;
  GLine lines[MAX_LINES];
  int n;
  bool spuk, esf, cofin, earmark_for_project;
  int64_t reserve[NY];
  bool has_reserve;
  int64_t baten[NY], lasten[NY], closing[NY];
  bool expect;
} GProject;

static int nprojects, nchapters, per_chapter;

static int chapter_of(int p) { return p / per_chapter; }
static void project_id(int p, char *buf, size_t cap) {
  Rng r = rng_for((uint64_t)p, 1);
  snprintf(buf, cap, "%s_%d", PICK(&r, STEMS), p + 1);
}

/* Transfers: project p pays project target(p), a few projects on (often in
 * the next file). The receiving line's number is 90 + its place among the
 * payers of that project, so both sides know it without the other. */
static bool pays(int p) { return p % 4 == 1; }
static int target(int p) {
  Rng r = rng_for((uint64_t)p, 2);
  int q = p + 1 + rnd(&r, TR_REACH);
  return q < nprojects ? q : -1;
}
static bool partial(int p) { return p % 12 == 5; }
static void transfer_amounts(int p, int64_t amt[NY], bool present[NY]) {
  Rng r = rng_for((uint64_t)p, 3);
  int from = rnd(&r, 2);
  int64_t base = between(&r, 50, 2500) * 10000; /* 5_000 .. 250_000 euros, in cents */
  for (int y = 0; y < NY; y++) {
    present[y] = y >= from;
    amt[y] = present[y] ? base + (int64_t)y * between(&r, 0, 40) * 10000 : 0;
  }
}
static int incoming(int q, int *payers) { /* ascending */
  int n = 0;
  for (int p = q - TR_REACH; p < q; p++)
    if (p >= 0 && pays(p) && target(p) == q)
      payers[n++] = p;
  return n;
}
static int receiving_line(int p) {
  int payers[TR_REACH];
  int q = target(p), n = incoming(q, payers);
  for (int k = 0; k < n; k++)
    if (payers[k] == p)
      return 90 + k;
  return -1;
}

static GLine *add_line(GProject *P, int kind, int side, const char *cat) {
  GLine *l = &P->lines[P->n];
  memset(l, 0, sizeof *l);
  l->kind = kind;
  l->side = side;
  l->cat = cat;
  l->nr = P->n + 1;
  P->n++;
  return l;
}

static int64_t round_up(int64_t cents, int64_t step) {
  if (cents <= 0)
    return 0;
  return (cents + step - 1) / step * step;
}

/* Builds project p: every amount, exactly as amrc will compute it. */
static void build(int p, GProject *P) {
  Rng r = rng_for((uint64_t)p, 0);
  memset(P, 0, sizeof *P);
  P->i = p;
  P->chapter = chapter_of(p);
  P->programme = rnd(&r, NPROG);
  project_id(p, P->id, sizeof P->id);
  P->title = PICK(&r, TITLES);
  P->spuk = p % 3 == 0;
  P->esf = p % 8 == 3;
  P->cofin = p % 4 == 2;
  P->earmark_for_project = chance(&r, 50);
  P->opening = chance(&r, 70) ? between(&r, 0, 2000) * 100000 : 0;
  if (P->esf)
    P->opening = 0;

  /* ---- baten (line 1's amounts are set last) */
  GLine *rijk = add_line(P, K_RIJK, 0, PICK(&r, BATEN_CAT));
  rijk->group = GROUPS[0];
  snprintf(rijk->source_buf, sizeof rijk->source_buf, "rijk_h%d", P->chapter + 1);
  rijk->source = rijk->source_buf;
  rijk->money_class = 1;
  rijk->style = rnd(&r, 3);
  rijk->note = chance(&r, 60) ? NOTES[0] : NULL;
  GLine *spuk_in = NULL, *cofin = NULL, *gem = NULL, *esf_in = NULL, *pm_in = NULL;
  if (P->spuk) {
    spuk_in = add_line(P, K_SPUK_IN, 0, "Specifieke uitkering (SPUK) van het ministerie van SZW");
    snprintf(spuk_in->source_buf, sizeof spuk_in->source_buf, "%s_spuk", P->id);
    spuk_in->source = spuk_in->source_buf;
    spuk_in->money_class = 2;
    int64_t a = between(&r, 20, 800) * 100000;
    for (int y = 0; y < 3; y++) {
      spuk_in->present[y] = true;
      spuk_in->amt[y] = a + y * between(&r, 0, 50) * 100000;
    }
    spuk_in->style = rnd(&r, 2);
  }
  if (P->cofin) {
    cofin = add_line(P, K_COFIN, 0, "Cofinanciering derden vouchers");
    snprintf(cofin->source_buf, sizeof cofin->source_buf, "%s_cofin", P->id);
    cofin->source = cofin->source_buf;
    cofin->note = NOTES[4];
  }
  if (chance(&r, 40)) {
    gem = add_line(P, K_GEM, 0, "Bijdrage gemeenten (naar rato inwoners)");
    gem->money_class = 2;
    for (int y = 0; y < NY; y++) {
      gem->present[y] = true;
      gem->amt[y] = between(&r, 50, 600) * 100000;
    }
  }
  if (P->esf) {
    esf_in = add_line(P, K_ESF_IN, 0, "ESF+ subsidie na vaststelling");
    snprintf(esf_in->source_buf, sizeof esf_in->source_buf, "%s_esf", P->id);
    esf_in->source = esf_in->source_buf;
    esf_in->note = NOTES[12];
  }
  if (chance(&r, 25)) {
    pm_in = add_line(P, K_PM_IN, 0, "Mogelijke bijdrage uit het regionaal investeringsbudget");
    for (int y = 2; y < NY; y++)
      pm_in->present[y] = pm_in->pm[y] = true;
  }
  if (chance(&r, 10)) {
    GLine *c = add_line(P, K_CORR, 0, "Terugbetaling te veel ontvangen voorschot");
    int y = 1 + rnd(&r, 2);
    c->present[y] = true;
    c->amt[y] = -between(&r, 10, 300) * 10000;
    c->style = rnd(&r, 2);
  }

  /* ---- lasten */
  int first_lasten = P->n + 1;
  int npers = 1 + rnd(&r, 4);
  for (int k = 0; k < npers; k++) {
    GLine *l = add_line(P, K_PERS, 1, PERS_CAT[(k + p) % (int)(sizeof PERS_CAT / sizeof *PERS_CAT)]);
    if (k == 0)
      l->group = PICK(&r, GROUPS);
    l->base_euros = between(&r, 200, 2000) * 125; /* 25_000 .. 250_000 */
    l->loon = chance(&r, 75);
    l->rule_index = chance(&r, 50);
    l->money_class = 1;
    l->taakveld = chance(&r, 30) ? "0.4" : NULL;
    l->note = chance(&r, 40) ? NOTES[8] : NULL;
    for (int y = 0; y < NY; y++) {
      l->present[y] = true;
      l->amt[y] = indexed(l->base_euros, l->loon ? 51000 : 23000, FIRST_YEAR + y, 2500);
    }
    /* now and then the table prints an amount rounded to € 100: within the
     * rule's 0.1% it is a note (rule-tolerance), as in the example */
    l->style = l->rule_index && chance(&r, 3) ? 1 : 0;
    if (l->style == 1)
      l->amt[NY - 1] += 500; /* five euros off: within 0.1% of at least 25_000 */
    if (chance(&r, 50)) {
      l->paid_by = rijk->source_buf;
    }
  }
  GLine *vouch = NULL;
  if (P->cofin || chance(&r, 30)) {
    vouch = add_line(P, K_VOUCH, 1, "Scholingsvouchers");
    vouch->money_class = 2;
    vouch->note = NOTES[4];
    vouch->style = rnd(&r, 2); /* 1: stated = count * price */
    int64_t price = between(&r, 10, 60) * 100;
    for (int y = 0; y < 2; y++) {
      vouch->present[y] = true;
      vouch->count[y] = (int)between(&r, 20, 900);
      vouch->price[y] = price + y * 130;
      vouch->amt[y] = (int64_t)vouch->count[y] * vouch->price[y] * 100;
    }
    vouch->taakveld = "2.3";
  }
  if (chance(&r, 45)) {
    GLine *l = add_line(P, K_ITEMS, 1, "Kosten bedrijfsvoering");
    l->note = NOTES[10];
    l->style = rnd(&r, 2); /* 1: stated = items { ... } */
    for (int y = 0; y < NY; y++) {
      l->present[y] = y < 2 || chance(&r, 50);
      if (!l->present[y])
        continue;
      /* items: "2,65 fte" 2.65 * PRICE, "website" 1_200, "marketing" AMOUNT */
      l->count[y] = (int)between(&r, 100000, 160000);     /* the fte price, euros */
      l->price[y] = between(&r, 10, 90) * 1000;           /* marketing, euros */
      i128 m = mul((i128)265 * MPU / 100, (i128)l->count[y] * MPU) +
               (i128)(1200 + l->price[y]) * MPU;
      l->amt[y] = to_cents(m);
    }
  }
  int nprinted = rnd(&r, 3);
  for (int k = 0; k < nprinted; k++) {
    GLine *l = add_line(P, K_PRINTED, 1, PICK(&r, OTHER_CAT));
    l->style = rnd(&r, 4);
    for (int y = 0; y < NY; y++) {
      l->present[y] = y == 0 || chance(&r, 70);
      l->amt[y] = l->present[y] ? between(&r, 100, 90000) * 100 + (chance(&r, 20) ? 50 : 0) : 0;
    }
    l->money_class = chance(&r, 50) ? 2 : 0;
    l->note = chance(&r, 50) ? PICK(&r, NOTES) : NULL;
  }
  int nother = 1 + rnd(&r, 6);
  for (int k = 0; k < nother; k++) {
    GLine *l = add_line(P, K_OTHER, 1, PICK(&r, OTHER_CAT));
    l->style = rnd(&r, 3);
    int64_t a = between(&r, 10, 3000) * 1000;
    for (int y = 0; y < NY; y++) {
      l->present[y] = k % 3 != 2 || y < 2;
      l->amt[y] = l->present[y] ? a + (l->style == 2 ? 0 : y * 50000) : 0;
    }
    l->note = chance(&r, 55) ? PICK(&r, NOTES) : NULL;
    l->comment = chance(&r, 8) ? PICK(&r, COMMENTS) : NULL;
    l->money_class = chance(&r, 30) ? 2 : 0;
  }
  if (spuk_in) {
    GLine *l = add_line(P, K_SPUK_OUT, 1, "Uitvoering specifieke uitkering");
    l->paid_by = spuk_in->source_buf;
    l->money_class = 2;
    for (int y = 0; y < NY; y++) { /* exactly what it brings in: nothing to repay */
      l->present[y] = spuk_in->present[y];
      l->amt[y] = spuk_in->amt[y];
    }
    l->style = rnd(&r, 2);
  }
  if (gem) {
    GLine *l = add_line(P, K_UITV, 1, "Uitvoering door gemeenten");
    snprintf(l->paid_by_buf, sizeof l->paid_by_buf, "%d", gem->nr);
    l->paid_by = l->paid_by_buf;
    for (int y = 0; y < NY; y++) {
      l->present[y] = true;
      l->amt[y] = gem->amt[y] - between(&r, 0, 40) * 10000;
      if (l->amt[y] < 0)
        l->amt[y] = 0;
    }
  }
  if (esf_in) {
    GLine *l = add_line(P, K_ESF_OUT, 1, "Begeleiding en scholing (ESF+ subsidiabel)");
    l->paid_by = esf_in->source_buf;
    l->money_class = 2;
    int64_t total = 0;
    for (int y = 0; y < NY - 1; y++) {
      l->present[y] = true;
      l->amt[y] = between(&r, 50, 900) * 100000;
      total += l->amt[y];
    }
    /* ESF+ pays after settlement, in the last year: at least what it covers */
    esf_in->present[NY - 1] = true;
    esf_in->amt[NY - 1] = round_up(total + between(&r, 0, 200) * 100000, 100);
    esf_in->style = rnd(&r, 2);
  }
  if (pm_in) { /* PM lasten, covered by the PM baten line: a PM can pay a PM */
    GLine *l = add_line(P, K_PM_OUT, 1, "Vervolgfase: uitvoering na herijking");
    snprintf(l->paid_by_buf, sizeof l->paid_by_buf, "%d", pm_in->nr);
    l->paid_by = l->paid_by_buf;
    for (int y = 0; y < NY; y++)
      l->present[y] = l->pm[y] = pm_in->pm[y];
  }
  if (vouch && P->cofin) {
    cofin->range_lo = cofin->range_hi = vouch->nr;
    cofin->pct = 30;
    for (int y = 0; y < NY; y++) {
      cofin->present[y] = vouch->present[y];
      if (vouch->present[y]) /* 35-45% of the vouchers: at least the rule's 30% */
        cofin->amt[y] = round_up(vouch->amt[y] * between(&r, 35, 45) / 100, 10000);
    }
  } else if (cofin) {
    cofin->pct = 0;
    cofin->present[0] = true;
    cofin->amt[0] = between(&r, 10, 100) * 100000;
  }
  /* Onvoorzien: 5% (or 2.5%) of the lasten lines above it */
  if (chance(&r, 60) && P->n >= first_lasten) {
    GLine *l = add_line(P, K_ONV, 1, "Onvoorzien");
    l->note = NOTES[5];
    l->range_lo = first_lasten;
    l->range_hi = l->nr - 1;
    l->pct = chance(&r, 80) ? 50000 : 25000; /* micros: 5%, 2.5% */
    l->style = rnd(&r, 2);                   /* 1: stated = rule */
    for (int y = 0; y < NY; y++) {
      int64_t sum = 0;
      for (int k = l->range_lo; k <= l->range_hi; k++) {
        GLine *o = &P->lines[k - 1];
        if (o->side == 1 && o->present[y] && !o->pm[y])
          sum += o->amt[y];
      }
      l->present[y] = true;
      l->amt[y] = to_cents(div_round((i128)sum * MPC * l->pct, MPU));
    }
  }

  /* ---- transfers: paying line 80, receiving lines 90.. */
  if (pays(p) && target(p) >= 0) {
    GLine *l = add_line(P, K_TR_OUT, 1, NULL);
    l->nr = 80;
    l->payer = target(p);
    transfer_amounts(p, l->amt, l->present);
    l->note = "Bijdrage aan een project van een andere regiogemeente; de overdracht staat hieronder.";
  }
  int payers[TR_REACH];
  int nin = incoming(p, payers);
  for (int k = 0; k < nin; k++) {
    GLine *l = add_line(P, K_TR_IN, 0, NULL);
    l->nr = 90 + k;
    l->payer = payers[k];
    int64_t amt[NY];
    bool present[NY];
    transfer_amounts(payers[k], amt, present);
    if (partial(payers[k])) { /* only the first year moves, and the line states it */
      int y0 = present[0] ? 0 : 1;
      l->present[y0] = true;
      l->amt[y0] = amt[y0];
      l->payer_line = 1;
    } else {
      for (int y = 0; y < NY; y++) {
        l->present[y] = present[y];
        l->amt[y] = amt[y];
      }
    }
    if (k == 0)
      l->group = "Bijdragen van andere projecten";
  }

  /* ---- line 1: enough to keep the balance and the structural lasten covered */
  int64_t bal = P->opening;
  for (int y = 0; y < NY; y++) {
    int64_t baten = 0, lasten = 0, s_lasten = 0, s_baten = 0;
    for (int k = 1; k < P->n; k++) {
      GLine *l = &P->lines[k];
      if (!l->present[y] || l->pm[y])
        continue;
      if (l->side == 0)
        baten += l->amt[y];
      else
        lasten += l->amt[y];
      if (l->side == 1 && l->money_class == 1)
        s_lasten += l->amt[y];
    }
    (void)s_baten;
    int64_t need = P->esf && y < NY - 1 ? 0 : lasten - baten - bal;
    int64_t margin = between(&r, 0, 400) * 100000;
    int64_t a = need + margin;
    if (a < s_lasten + between(&r, 1, 100) * 10000)
      a = s_lasten + between(&r, 1, 100) * 10000;
    a = round_up(a, rijk->style == 2 ? 50000 : 10000);
    rijk->present[y] = true;
    rijk->amt[y] = a;
    bal += a + baten - lasten;
  }

  /* ---- balances, reservation, expectations */
  bal = P->opening;
  for (int y = 0; y < NY; y++) {
    for (int k = 0; k < P->n; k++) {
      GLine *l = &P->lines[k];
      if (!l->present[y] || l->pm[y])
        continue;
      if (l->side == 0)
        P->baten[y] += l->amt[y];
      else
        P->lasten[y] += l->amt[y];
    }
    bal += P->baten[y] - P->lasten[y];
    P->closing[y] = bal;
  }
  if (!P->esf && chance(&r, 15)) {
    P->has_reserve = true;
    for (int y = 0; y < NY; y++)
      P->reserve[y] = P->closing[y] > 0 ? P->closing[y] / 4 / 10000 * 10000 : 0;
  }
  P->expect = chance(&r, 30);
}

/* ------------------------------------------------------------------ writing a project */

static unsigned long long stat_lines, stat_cells, stat_transfers, stat_sources;

static const char *years_of(int y0, int y1, char *buf, size_t cap) {
  if (y0 == y1)
    snprintf(buf, cap, "%d", FIRST_YEAR + y0);
  else
    snprintf(buf, cap, "%d..%d", FIRST_YEAR + y0, FIRST_YEAR + y1);
  return buf;
}

/* One cell's value as plain or printed, by the line's style. */
static void amount(Out *o, int64_t cents, int style) {
  char b[64];
  if (style == 1 || style == 3)
    printed(b, sizeof b, cents, style);
  else
    plain(b, sizeof b, cents, style != 2);
  put(o, b);
}

static void cells_simple(Out *o, const GLine *l, int style) {
  /* equal amounts in consecutive years are written as a span */
  int y = 0;
  while (y < NY) {
    if (!l->present[y]) {
      y++;
      continue;
    }
    int e = y;
    while (e + 1 < NY && l->present[e + 1] && l->pm[e + 1] == l->pm[y] && l->amt[e + 1] == l->amt[y])
      e++;
    char yb[16];
    pf(o, "  %s: ", years_of(y, e, yb, sizeof yb));
    if (l->pm[y])
      put(o, "PM");
    else
      amount(o, l->amt[y], style);
    stat_cells += (unsigned)(e - y + 1);
    y = e + 1;
  }
}

static void write_line(Out *o, const GLine *l) {
  char b[64], b2[64];
  if (l->group)
    pf(o, "\n  group \"%s\"\n", l->group);
  if (l->comment)
    pf(o, "  %s\n", l->comment);
  char catbuf[160];
  const char *cat = l->cat;
  if (l->kind == K_TR_OUT) {
    char q[64];
    project_id(l->payer, q, sizeof q);
    snprintf(catbuf, sizeof catbuf, "Bijdrage aan %s", q);
    cat = catbuf;
  } else if (l->kind == K_TR_IN) {
    char q[64];
    project_id(l->payer, q, sizeof q);
    snprintf(catbuf, sizeof catbuf, "Bijdrage van %s", q);
    cat = catbuf;
  }
  pf(o, "  %d \"%s\" {\n", l->nr, cat);
  stat_lines++;
  const char *side = l->side ? "lasten" : "baten";
  switch (l->kind) {
  case K_PERS:
    if (l->rule_index) {
      pf(o, "    %s", side);
      for (int y = 0; y < NY; y++) {
        plain(b, sizeof b, l->amt[y], true);
        pf(o, "  %d: %s", FIRST_YEAR + y, b);
      }
      plain(b, sizeof b, l->base_euros * 100, true);
      pf(o, "\n    rule lasten = %s indexed %s within 0.1%%\n", b, l->loon ? "loon" : "prijs");
      stat_cells += NY;
    } else {
      plain(b, sizeof b, l->base_euros * 100, true);
      pf(o, "    %s %d..%d: %s indexed %s\n", side, FIRST_YEAR, FIRST_YEAR + NY - 1, b,
         l->loon ? "loon" : "prijs");
      stat_cells += NY;
    }
    break;
  case K_VOUCH:
    pf(o, "    %s", side);
    for (int y = 0; y < NY; y++) {
      if (!l->present[y])
        continue;
      plain(b2, sizeof b2, l->price[y] * 100, true);
      if (l->style == 1) {
        plain(b, sizeof b, l->amt[y], true);
        pf(o, "  %d: %s = %d * %s", FIRST_YEAR + y, b, l->count[y], b2);
      } else {
        pf(o, "  %d: %d * %s", FIRST_YEAR + y, l->count[y], b2);
      }
      stat_cells++;
    }
    put(o, "\n");
    break;
  case K_ITEMS:
    pf(o, "    %s", side);
    for (int y = 0; y < NY; y++) {
      if (!l->present[y])
        continue;
      plain(b, sizeof b, (int64_t)l->count[y] * 100, true);
      plain(b2, sizeof b2, l->price[y] * 100, true);
      if (l->style == 1) {
        char tot[64];
        plain(tot, sizeof tot, l->amt[y], true);
        pf(o, "\n      %d: %s = items {\n        \"2,65 fte gidsen schaal 9\" 2.65 * %s\n"
              "        \"Onderhoud en licenties website\" 1_200\n"
              "        \"Communicatie en marketingcampagnes\" %s\n      }",
           FIRST_YEAR + y, tot, b, b2);
      } else {
        pf(o, "\n      %d: items { \"2,65 fte gidsen\" 2.65 * %s  \"Website\" 1_200  \"Marketing\" %s }",
           FIRST_YEAR + y, b, b2);
      }
      stat_cells++;
    }
    put(o, "\n");
    break;
  case K_ONV: {
    char rng[32];
    if (l->range_lo == l->range_hi)
      snprintf(rng, sizeof rng, "%d", l->range_lo);
    else
      snprintf(rng, sizeof rng, "%d..%d", l->range_lo, l->range_hi);
    const char *pct = l->pct == 50000 ? "5%" : "2.5%";
    if (l->style == 1) {
      pf(o, "    %s", side);
      for (int y = 0; y < NY; y++) {
        plain(b, sizeof b, l->amt[y], true);
        pf(o, "  %d: %s = %s of lasten[%s]", FIRST_YEAR + y, b, pct, rng);
      }
      put(o, "\n");
    } else {
      pf(o, "    %s %d..%d: %s of lasten[%s]\n", side, FIRST_YEAR, FIRST_YEAR + NY - 1, pct, rng);
    }
    stat_cells += NY;
    break;
  }
  case K_TR_IN:
    if (l->payer_line) { /* a partial transfer: the line states what it receives */
      pf(o, "    %s", side);
      cells_simple(o, l, 0);
      put(o, "\n");
    }
    break;
  default:
    pf(o, "    %s", side);
    cells_simple(o, l, l->kind == K_RIJK || l->kind == K_SPUK_IN || l->kind == K_ESF_IN ||
                               l->kind == K_PRINTED || l->kind == K_CORR || l->kind == K_OTHER
                           ? l->style
                           : 0);
    put(o, "\n");
  }
  if (l->source)
    pf(o, "    source %s\n", l->source);
  if (l->paid_by)
    pf(o, "    paid by %s\n", l->paid_by);
  if (l->kind == K_COFIN && l->pct) {
    pf(o, "    rule baten >= %d%% of lasten[%d]\n", l->pct, l->range_lo);
  }
  if (l->money_class == 1)
    put(o, "    structural\n");
  else if (l->money_class == 2)
    put(o, "    incidental\n");
  if (l->taakveld)
    pf(o, "    taakveld %s\n", l->taakveld);
  if (l->note)
    pf(o, "    note \"%s\"\n", l->note);
  put(o, "  }\n");
}

static void write_sources_of(Out *o, const GProject *P) {
  if (P->spuk) {
    /* titles unique in the plan, as the checker asks (confusable-title):
     * projects of different chapters may share a title, their ids differ */
    pf(o, "source %s_spuk \"Specifieke uitkering %s (%s)\" {\n  kind specifieke_uitkering\n"
          "  status toegezegd\n",
       P->id, P->title, P->id);
    if (P->earmark_for_project)
      pf(o, "  earmarked for %s\n", P->id);
    put(o, "  note \"Wat aan het eind van een jaar niet is besteed, betalen we terug aan het "
           "ministerie.\"\n}\n\n");
    stat_sources++;
  }
  if (P->esf) {
    pf(o, "source %s_esf \"ESF+ sectoren (%s, %s)\" {\n  kind esf_plus\n  status aangevraagd\n"
          "  earmarked for %s\n  accept settlement-prefinancing \"De kosten worden voorgefinancierd "
          "tot de vaststelling; ontvangst na verantwoording in %d.\"\n}\n\n",
       P->id, P->title, P->id, P->id, FIRST_YEAR + NY - 1);
    stat_sources++;
  }
  if (P->cofin) {
    const GLine *v = NULL;
    for (int k = 0; k < P->n; k++)
      if (P->lines[k].kind == K_VOUCH)
        v = &P->lines[k];
    pf(o, "source %s_cofin \"Cofinanciering derden %s (bedrijven, O&O-fondsen, deelnemers)\" {\n"
          "  kind cofinanciering\n  status verwacht\n",
       P->id, P->id);
    if (v)
      pf(o, "  earmarked for %s.%d\n", P->id, v->nr);
    put(o, "}\n\n");
    stat_sources++;
  }
}

static void write_project(Out *o, const GProject *P) {
  char b[64];
  pf(o, "\n# § %d.%d %s\n", P->chapter + 1, P->i % per_chapter + 1, P->title);
  write_sources_of(o, P);
  pf(o, "project %s \"%s (%d)\" {\n", P->id, P->title, P->i + 1);
  /* 3.100 would read as an amount as printed: such sections are strings */
  int minor = P->i % per_chapter + 1;
  pf(o, minor >= 100 ? "  section \"%d.%d\"\n" : "  section %d.%d\n", P->chapter + 1, minor);
  pf(o, "  programme %s\n", PROGRAMMES[P->programme][0]);
  Rng r = rng_for((uint64_t)P->i, 4);
  pf(o, "  contact \"%s\"\n", PICK(&r, PEOPLE));
  if (chance(&r, 30))
    pf(o, "  contact \"%s\"\n", PICK(&r, PEOPLE));
  if (P->opening || chance(&r, 50)) {
    plain(b, sizeof b, P->opening, true);
    pf(o, "  opening %s\n", b);
  }
  /* declared pre-financing where the balance dips */
  int y = 0;
  while (y < NY) {
    if (P->closing[y] >= 0) {
      y++;
      continue;
    }
    int e = y;
    while (e + 1 < NY && P->closing[e + 1] < 0)
      e++;
    char yb[16];
    pf(o, "  prefinance %s \"Voorfinanciering tot de vaststelling van de ESF+ subsidie; het budget "
          "is negatief tot de afrekening in %d.\"\n",
       years_of(y, e, yb, sizeof yb), FIRST_YEAR + NY - 1);
    y = e + 1;
  }
  if (chance(&r, 50))
    pf(o, "  note \"%s\"\n", PICK(&r, NOTES));
  if (P->has_reserve) {
    pf(o, "  reserve garantie \"Gereserveerd voor garantstelling Europese subsidies\" {\n   ");
    for (int k = 0; k < NY; k++) {
      plain(b, sizeof b, P->reserve[k], true);
      pf(o, " %d: %s", FIRST_YEAR + k, b);
    }
    put(o, "\n  }\n");
  }
  for (int k = 0; k < P->n; k++)
    write_line(o, &P->lines[k]);
  put(o, "}\n");
  for (int k = 0; k < P->n; k++) {
    const GLine *l = &P->lines[k];
    if (l->kind != K_TR_OUT)
      continue;
    char q[64];
    project_id(l->payer, q, sizeof q);
    int m = receiving_line(P->i);
    if (partial(P->i)) {
      int y0 = l->present[0] ? 0 : 1;
      plain(b, sizeof b, l->amt[y0], true);
      pf(o, "transfer %s.%d to %s.%d { %d: %s }\n", P->id, l->nr, q, m, FIRST_YEAR + y0, b);
    } else {
      pf(o, "transfer %s.%d to %s.%d\n", P->id, l->nr, q, m);
    }
    stat_transfers++;
  }
  if (P->expect) {
    pf(o, "expect %s {", P->id);
    plain(b, sizeof b, P->baten[0], true);
    pf(o, "\n  baten %d: %s", FIRST_YEAR, b);
    plain(b, sizeof b, P->lasten[0], true);
    pf(o, "\n  lasten %d: %s", FIRST_YEAR, b);
    plain(b, sizeof b, P->closing[NY - 1], true);
    pf(o, "\n  closing %d: %s", FIRST_YEAR + NY - 1, b);
    plain(b, sizeof b, P->baten[1] - P->lasten[1], true);
    pf(o, "\n  saldo %d: %s\n}\n", FIRST_YEAR + 1, b);
  }
}

/* ------------------------------------------------------------------ main */

static unsigned long long parse_size(const char *s) {
  char *end;
  double v = strtod(s, &end);
  if (*end == 'k' || *end == 'K')
    v *= 1e3;
  else if (*end == 'M' || *end == 'm')
    v *= 1e6;
  else if (*end == 'G' || *end == 'g')
    v *= 1e9;
  return (unsigned long long)v;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: gen OUTDIR SIZE [SEED]   (SIZE: bytes, or 2M, 20M, 200M)\n");
    return 2;
  }
  const char *dir = argv[1];
  unsigned long long want = parse_size(argv[2]);
  seed = argc == 4 ? strtoull(argv[3], NULL, 10) : 20260101;
  mkdir(dir, 0777);

  /* Estimate a project's size from a sample, then fix the count. */
  Out o = {0};
  GProject *P = malloc(sizeof *P);
  nprojects = 1000000;
  per_chapter = 1000000;
  unsigned long long sample = 0;
  int nsample = 400;
  for (int p = 0; p < nsample; p++) {
    build(p, P);
    write_project(&o, P);
    sample += o.n;
    o.n = 0;
  }
  double per_project = (double)sample / nsample;
  nprojects = (int)(want / per_project);
  if (nprojects < 10)
    nprojects = 10;
  nchapters = (int)((want + CHAPTER_BYTES / 2) / CHAPTER_BYTES);
  if (nchapters < 1)
    nchapters = 1;
  if (nchapters > MAX_FILES)
    nchapters = MAX_FILES;
  per_chapter = (nprojects + nchapters - 1) / nchapters;
  nchapters = (nprojects + per_chapter - 1) / per_chapter;
  stat_lines = stat_cells = stat_transfers = stat_sources = 0;

  /* sources shared by the projects of a chapter */
  put(&o, "# Funding sources shared by the projects of each chapter (hoofdstuk).\n\n");
  for (int c = 0; c < nchapters; c++) {
    pf(&o, "source rijk_h%d \"Decentralisatie-uitkering hoofdstuk %d\" {\n"
           "  kind decentralisatie_uitkering\n  status toegezegd\n  structural\n"
           "  note \"Structurele rijksbijdrage via de centrumgemeente; vooralsnog niet "
           "geïndexeerd.\"\n}\n\n",
       c + 1, c + 1);
    stat_sources++;
  }
  write_file(dir, "sources.amr", &o);

  int64_t prog[NPROG][4][NY];
  int64_t plan_lasten[NY] = {0}, plan_baten[NY] = {0};
  bool prog_used[NPROG] = {0};
  memset(prog, 0, sizeof prog);
  for (int c = 0; c < nchapters; c++) {
    pf(&o, "# Hoofdstuk %d: projecten %d tot en met %d.\n", c + 1, c * per_chapter + 1,
       (c + 1) * per_chapter < nprojects ? (c + 1) * per_chapter : nprojects);
    for (int p = c * per_chapter; p < (c + 1) * per_chapter && p < nprojects; p++) {
      build(p, P);
      write_project(&o, P);
      prog_used[P->programme] = true;
      for (int y = 0; y < NY; y++) {
        prog[P->programme][0][y] += P->baten[y];
        prog[P->programme][1][y] += P->lasten[y];
        prog[P->programme][2][y] += P->closing[y];
        prog[P->programme][3][y] += y == 0 ? P->opening : 0;
        plan_lasten[y] += P->lasten[y];
        plan_baten[y] += P->baten[y];
      }
    }
    char name[32];
    snprintf(name, sizeof name, "h%03d.amr", c + 1);
    write_file(dir, name, &o);
  }

  put(&o, "# The plan's own summary tables: totals per programme line and of the plan.\n\n");
  char b[64];
  for (int g = 0; g < NPROG; g++) {
    if (!prog_used[g])
      continue;
    pf(&o, "expect programme %s {\n", PROGRAMMES[g][0]);
    plain(b, sizeof b, prog[g][3][0], true);
    pf(&o, "  opening %d: %s\n", FIRST_YEAR, b);
    const char *names[3] = {"baten", "lasten", "closing"};
    for (int m = 0; m < 3; m++) {
      pf(&o, "  %-7s", names[m]);
      for (int y = 0; y < NY; y++) {
        plain(b, sizeof b, prog[g][m][y], true);
        pf(&o, " %d: %s", FIRST_YEAR + y, b);
      }
      put(&o, "\n");
    }
    put(&o, "}\n\n");
  }
  put(&o, "expect plan within 5 {\n  baten ");
  for (int y = 0; y < NY; y++) {
    plain(b, sizeof b, plan_baten[y], true);
    pf(&o, " %d: %s", FIRST_YEAR + y, b);
  }
  put(&o, "\n  lasten");
  for (int y = 0; y < NY; y++) {
    plain(b, sizeof b, plan_lasten[y], true);
    pf(&o, " %d: %s", FIRST_YEAR + y, b);
  }
  put(&o, "\n}\n");
  write_file(dir, "expectations.amr", &o);

  pf(&o, "# Synthetic plan for amrc's benchmark (bench/gen.c, seed %llu): %d projects in "
         "%d chapters.\n",
     (unsigned long long)seed, nprojects, nchapters);
  put(&o, "import \"funding.amr\"             # from the stdlib: the kinds of funding\n\n"
          "# a plan's indexation rates are its own (the stdlib defines only geen)\n"
          "index prijs \"Prijsindexatie\" { rate 2.3%  round 25 }\n"
          "index loon \"Loonindexatie\" { rate 5.1%  round 25 }\n\n");
  pf(&o, "plan bench \"Meerjarenplan en begroting %d-%d (synthetisch, %d projecten)\" {\n"
         "  years %d..%d\n  currency EUR\n  note \"Gegenereerd voor de benchmark; de bedragen zijn "
         "verzonnen, de vorm niet.\"\n}\n\n",
     FIRST_YEAR, FIRST_YEAR + NY - 1, nprojects, FIRST_YEAR, FIRST_YEAR + NY - 1);
  for (int g = 0; g < NPROG; g++)
    pf(&o, "programme %-15s \"%s\"\n", PROGRAMMES[g][0], PROGRAMMES[g][1]);
  put(&o, "\nimport \"sources.amr\"\n\n");
  for (int c = 0; c < nchapters; c++)
    pf(&o, "import \"h%03d.amr\"\n", c + 1);
  put(&o, "\nimport \"expectations.amr\"\n");
  write_file(dir, "plan.amr", &o);

  printf("%llu\t%d\t%d\t%llu\t%llu\t%llu\t%llu\n", total_bytes, nfiles_written, nprojects,
         stat_lines, stat_cells, stat_transfers, stat_sources);
  free(P);
  free(o.p);
  return 0;
}

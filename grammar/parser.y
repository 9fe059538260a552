/* parser.y: the .amr grammar. A pure, reentrant parser with locations.
 *
 * Actions only call the builders in ast.c. Every node lives in the run's
 * arena, so symbols discarded during error recovery leak nothing and need no
 * %destructor. Recovery is per statement: an error skips to the next
 * statement of the block it is in, so one run reports every error. */
%code requires {
#include "parse.h"
#define AMR_YYLTYPE Loc
#define AMR_YYLTYPE_IS_DECLARED 1

typedef void *yyscan_t;
}

%code provides {
int amr_yylex(AMR_YYSTYPE *yylval, AMR_YYLTYPE *yylloc, yyscan_t scanner);
}

%code {
#include <string.h>

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
  do {                                                                \
    if (N) {                                                          \
      (Cur) = loc_span(YYRHSLOC(Rhs, 1), YYRHSLOC(Rhs, N));           \
    } else {                                                          \
      (Cur).file = YYRHSLOC(Rhs, 0).file;                             \
      (Cur).begin = (Cur).end = YYRHSLOC(Rhs, 0).end;                 \
    }                                                                 \
  } while (0)

/* A hostile file must not grow the parser stack without bound. */
#define YYMAXDEPTH 2000
#define YYINITDEPTH 200

static void amr_yyerror(YYLTYPE *loc, ParseCtx *ctx, yyscan_t scanner, const char *msg);
static void block_closed(ParseCtx *ctx, Loc brace);
#define C ctx

static YearSpan cell_span(ParseCtx *ctx, NumTok n0, Loc l0, NumTok n1, Loc l1, bool span) {
  int y0 = ast_year(ctx, l0, n0);
  int y1 = span ? ast_year(ctx, l1, n1) : y0;
  return (YearSpan){y0, y1, span ? loc_span(l0, l1) : l0};
}

/* A number kept as text (a section, a taakveld): the token's text lives
 * only while the file is parsed. The same few come back on many lines. */
static const char *num_text(ParseCtx *ctx, NumTok n) {
  return intern(ctx->names, n.text, (size_t)n.len);
}
}

%define api.pure full
%define api.prefix {amr_yy}
%define parse.error custom
/* Canonical LR(1) tables, with a default reduction only where a state has
 * nothing else to do: each state then lists exactly the tokens that can
 * follow what was read, so a syntax error is found before any reduction
 * the wrong token would have caused, and its "expected ..." list is exact.
 * That is what LAC (parse.lac full) gave on LALR tables, by running the
 * parser ahead at every token that ends an item, a cell most of all; here
 * the tables hold the answer. Both read a token at the same points, so
 * the messages and the recovery are the same (bench/RESULTS.md). */
%define lr.type canonical-lr
%define lr.default-reduction consistent
%locations
%expect 0
%initial-action { @$ = (Loc){ctx->file, 0, 0}; }
%lex-param {yyscan_t scanner}
%parse-param {ParseCtx *ctx} {yyscan_t scanner}

%union {
  NumTok num;
  const char *str;
  Expr *expr;
  Cell *cell;
  CellList cells;
  Ref ref;
  RefList *refs;
  YearSpan years;
  YearAmount *yamounts;
  LineRange *ranges;
  Item *items;
  int ival;
  Side side;
  Measure measure;
  CodeRange *codes;
}

%token <num> NUMBER "number" PERCENT "percentage" EURO_AMOUNT "amount"
%token <str> IDENT "identifier" STRING "string" DIAGNAME "diagnostic name"
%token IMPORT "import" PLAN "plan" YEARS "years" CURRENCY "currency"
%token PROGRAMME "programme" PROJECT "project" SECTION "section" CONTACT "contact"
%token OPENING "opening" CLOSING "closing" SALDO "saldo" GROUP "group" NOTE "note"
%token SOURCE "source" KIND "kind" STATUS "status" EARMARKED "earmarked" FOR "for"
%token REPAY "repay" UNSPENT "unspent" PAID "paid" AFTER "after"
%token SETTLEMENT "settlement" BY "by" OUTSIDE "outside" STRUCTURAL "structural"
%token INCIDENTAL "incidental" TAAKVELD "taakveld" BATEN "baten" LASTEN "lasten"
%token PM "PM" OF "of" ITEMS "items" INDEXED "indexed" FROM "from" RULE "rule"
%token WITHIN "within" TRANSFER "transfer" TO "to" RESERVE "reserve"
%token PREFINANCE "prefinance" ACCEPT "accept" EXPECT "expect" INDEX "index"
%token RATE "rate" BASE "base" ROUND "round" UP "up" DOWN "down" NEAREST "nearest"
%token UNIT "unit" BALANCE "balance" SUMMARY "summary" SIGN "sign" COLUMN "column"
%token VERLOOP "verloop" SUBTOTAL "subtotal" PREVIOUS "previous"
%token BOOKS "books" KOSTENPLAATS "kostenplaats" KOSTENSOORT "kostensoort" SPENDS "spends"
%token KEY "key" RESIDUE "residue"
%token DOTDOT ".." GE ">=" LE "<="
%token COMMENT "comment"        /* only when ParseCtx.keep_comments (amrc fmt) */

%type <expr> expr opt_within
%type <cell> cell
%type <cells> cells
%type <ref> ref
%type <refs> refs
%type <years> years opt_years cell_head
%type <yamounts> year_amounts year_amount
%type <ranges> ranges range
%type <items> items item
%type <str> opt_string strings diagname
%type <side> side
%type <measure> measure
%type <ival> rounding year compare opt_side
%type <codes> codes code_range
%type <str> code

%precedence BY          /* a share by a key: of the whole expression before it */
%left '+' '-'
%left '*' '/'
%precedence UMINUS
%precedence INDEXED

%%

file
  : %empty
  | file decl
  | file error
  ;

decl
  : IMPORT STRING                                   { ast_import(C, @$, $2, @2); }
  | PLAN IDENT STRING '{'                           { ast_plan_begin(C, loc_span(@1, @2), $2, $3); }
    plan_items '}'
  | PROGRAMME IDENT STRING                          { ast_programme(C, loc_span(@1, @2), $2, $3); }
  | TAAKVELD code STRING                            { ast_taakveld(C, loc_span(@1, @2), $2, $3); }
  | KEY IDENT opt_string '{'                        { ast_key_begin(C, loc_span(@1, @2), $2, $3); }
    key_items '}'
  | INDEX IDENT opt_string '{'                      { ast_index_begin(C, loc_span(@1, @2), $2, $3); }
    index_items '}'
  | KIND IDENT opt_string '{'                       { ast_kind_begin(C, loc_span(@1, @2), $2, $3); }
    kind_items '}'
  | SOURCE IDENT opt_string '{'                     { ast_source_begin(C, loc_span(@1, @2), $2, $3); }
    source_items '}'
  | TRANSFER ref TO ref                             { ast_transfer(C, @$, $2, $4, NULL); }
  | TRANSFER ref TO ref '{' year_amounts '}'        { ast_transfer(C, @$, $2, $4, $6); }
  | EXPECT subject opt_within '{'                   { ast_expect_tolerance(C, $3); }
    expect_rows '}'
  | RESERVE IDENT opt_string '{'                    { ast_account_begin(C, loc_span(@1, @2), $2, $3); }
    account_items '}'
  | RESERVE IDENT opt_string                        { ast_account_begin(C, loc_span(@1, @2), $2, $3); }
  | VERLOOP STRING opt_within '{'                   { ast_verloop_begin(C, loc_span(@1, @2), $2, $3); }
    verloop_items '}'
  | PROJECT IDENT STRING '{'                        { ast_project_begin(C, loc_span(@1, @2), $2, $3); }
    project_items '}'                               { block_closed(C, @7); ast_project_end(C); }
  ;

opt_string
  : %empty                     { $$ = NULL; }
  | STRING
  ;

strings
  : STRING
  | strings STRING             { $$ = ast_concat(C, $1, $2); }
  ;

/* ---------------------------------------------------------------- plan */

plan_items
  : %empty
  | plan_items plan_item
  | plan_items error
  ;

plan_item
  : YEARS years                { ast_plan_years(C, @$, $2); }
  | CURRENCY IDENT             { ast_plan_currency(C, @$, $2); }
  | UNIT NUMBER                { ast_plan_unit(C, @$, $2.micros, @2); }
  | UNIT EURO_AMOUNT           { ast_plan_unit(C, @$, $2.micros, @2); }
  | BALANCE IDENT              { ast_plan_balance(C, @$, $2, @2); }
  | SUMMARY IDENT STRING       { ast_plan_summary(C, @$, $2, @2, $3); }
  | SIGN BATEN IDENT           { ast_plan_sign(C, @$, 0, $3, @3); }
  | SIGN LASTEN IDENT          { ast_plan_sign(C, @$, 1, $3, @3); }
  | SIGN SALDO IDENT           { ast_plan_sign(C, @$, 2, $3, @3); }
  | COLUMN year IDENT opt_string { ast_plan_column(C, @$, $2, $3, @3, $4); }
  | NOTE strings               { ast_plan_note(C, @$, $2); }
  ;

/* ---------------------------------------------------------------- verloop */

verloop_items
  : %empty
  | verloop_items verloop_item
  | verloop_items error
  ;

verloop_item
  : PREVIOUS STRING year_amounts    { ast_verloop_row(C, @$, VROW_FROM, $2, $3); }
  | STRING year_amounts             { ast_verloop_row(C, @$, VROW_CHANGE, $1, $2); }
  | GROUP STRING                    { ast_verloop_row(C, @$, VROW_GROUP, $2, NULL); }
  | SUBTOTAL opt_string year_amounts  { ast_verloop_row(C, @$, VROW_SUBTOTAL, $2, $3); }
  | TO STRING year_amounts          { ast_verloop_row(C, @$, VROW_TO, $2, $3); }
  | TO STRING PLAN measure year_amounts  { ast_verloop_to(C, @$, $2, SUBJECT_PLAN, (Ref){@3, NULL, 0}, $4, $5); }
  | TO STRING PROGRAMME IDENT measure year_amounts  { ast_verloop_to(C, @$, $2, SUBJECT_PROGRAMME, (Ref){@4, $4, 0}, $5, $6); }
  | TO STRING PROJECT IDENT measure year_amounts  { ast_verloop_to(C, @$, $2, SUBJECT_PROJECT, (Ref){@4, $4, 0}, $5, $6); }
  ;

/* ---------------------------------------------------------------- reserves */

account_items
  : %empty
  | account_items OPENING expr { ast_account_opening(C, loc_span(@2, @3), $3); }
  | account_items error
  ;

/* ---------------------------------------------------------------- keys */

key_items
  : %empty
  | key_items IDENT NUMBER     { ast_key_member(C, loc_span(@2, @3), $2, $3, @3, false); }
  | key_items IDENT PERCENT    { ast_key_member(C, loc_span(@2, @3), $2, $3, @3, true); }
  | key_items RESIDUE IDENT    { ast_key_residue(C, loc_span(@2, @3), $3, @3); }
  | key_items ROUND NUMBER     { ast_key_round(C, loc_span(@2, @3), ast_number(C, @3, $3.micros, false)); }
  | key_items NOTE strings     { ast_note_only(C, loc_span(@2, @3)); (void)$3; }
  | key_items error
  ;

/* ---------------------------------------------------------------- index */

index_items
  : %empty
  | index_items index_item
  | index_items error
  ;

index_item
  : RATE PERCENT               { ast_index_rate(C, @$, ast_number(C, @2, $2.micros, true)); }
  | BASE year                  { ast_index_base(C, @$, $2, @2); }
  | ROUND rounding NUMBER      { ast_index_round(C, @$, $2, ast_number(C, @3, $3.micros, false)); }
  | NOTE strings               { ast_note_only(C, @$); (void)$2; }
  ;

rounding
  : %empty                     { $$ = 0; }
  | NEAREST                    { $$ = 0; }
  | UP                         { $$ = 1; }
  | DOWN                       { $$ = -1; }
  ;

/* ---------------------------------------------------------------- kinds and sources */

kind_items
  : %empty
  | kind_items rule_item
  | kind_items NOTE strings    { ast_kind_note(C, loc_span(@2, @3), $3); }
  | kind_items error
  ;

rule_item
  : EARMARKED                  { ast_rule_earmarked(C, @$, NULL); }
  | EARMARKED FOR refs         { ast_rule_earmarked(C, @$, $3); }
  | REPAY UNSPENT              { ast_rule_repay(C, @$); }
  | PAID AFTER SETTLEMENT      { ast_rule_settlement(C, @$); }
  | STRUCTURAL                 { ast_rule_class(C, @$, CLASS_STRUCTURAL); }
  | INCIDENTAL                 { ast_rule_class(C, @$, CLASS_INCIDENTAL); }
  ;

source_items
  : %empty
  | source_items rule_item
  | source_items KIND IDENT    { ast_source_kind(C, loc_span(@2, @3), $3, @3); }
  | source_items STATUS IDENT  { ast_source_status(C, @3, $3); }
  | source_items NOTE strings  { ast_source_note(C, loc_span(@2, @3), $3); }
  | source_items accept
  | source_items error
  ;

refs
  : ref                        { $$ = ast_reflist(C, NULL, $1); }
  | refs ',' ref               { $$ = ast_reflist(C, $1, $3); }
  ;

ref
  : IDENT                      { $$ = (Ref){@$, $1, 0}; }
  | IDENT '.' NUMBER           { $$ = (Ref){@$, $1, ast_int(C, @3, $3)}; }
  | NUMBER                     { $$ = (Ref){@$, NULL, ast_int(C, @1, $1)}; }
  ;

/* ---------------------------------------------------------------- expectations */

subject
  : IDENT                      { ast_expect_begin(C, @1, SUBJECT_PROJECT, (Ref){@1, $1, 0}); }
  | PROGRAMME IDENT            { ast_expect_begin(C, @$, SUBJECT_PROGRAMME, (Ref){@2, $2, 0}); }
  | PLAN                       { ast_expect_begin(C, @$, SUBJECT_PLAN, (Ref){@1, NULL, 0}); }
  ;

opt_within
  : %empty                     { $$ = NULL; }
  | WITHIN expr                { $$ = $2; }
  ;

expect_rows
  : %empty
  | expect_rows measure year_amounts   { ast_expect_row(C, @2, $2, $3); }
  | expect_rows ACCEPT diagname opt_years STRING   { ast_expect_accept(C, loc_span(@2, @5), $3, $4, $5); }
  | expect_rows error
  ;

measure
  : OPENING  { $$ = MEASURE_OPENING; }
  | BATEN    { $$ = MEASURE_BATEN; }
  | LASTEN   { $$ = MEASURE_LASTEN; }
  | CLOSING  { $$ = MEASURE_CLOSING; }
  | SALDO    { $$ = MEASURE_SALDO; }
  | IDENT    { $$ = ast_measure_word(C, @1, $1); }
  ;

year_amounts
  : year_amount
  | year_amounts year_amount   { $$ = ast_year_amounts(C, $1, $2); }
  ;

year_amount
  : cell_head expr             { $$ = ast_year_amount(C, @$, $1, $2); }
  ;

/* ---------------------------------------------------------------- projects */

/* A project's items and a line's items stand in their lists directly, not
 * as an item nonterminal of their own: a reduction fewer for each of a
 * plan's lines and for each thing a line says. Their actions give the
 * item's place (loc_span from its first word) where @$ would be the list's. */
project_items
  : %empty
  | project_items SECTION NUMBER             { ast_project_section(C, @3, num_text(C, $3)); }
  | project_items SECTION STRING             { ast_project_section(C, @3, $3); }
  | project_items PROGRAMME IDENT            { ast_project_programme(C, loc_span(@2, @3), (Ref){@3, $3, 0}); }
  | project_items CONTACT STRING             { ast_project_contact(C, loc_span(@2, @3), $3); }
  | project_items OPENING expr               { ast_project_opening(C, loc_span(@2, @3), $3); }
  | project_items OPENING expr SOURCE IDENT  { ast_project_opening(C, loc_span(@2, @5), $3); ast_project_opening_source(C, (Ref){@5, $5, 0}); }
  | project_items GROUP STRING               { ast_project_group(C, loc_span(@2, @3), $3); }
  | project_items NOTE strings               { ast_project_note(C, loc_span(@2, @3), $3); }
  | project_items RESERVE IDENT opt_string '{' year_amounts '}'   { ast_project_reserve(C, loc_span(@2, @7), $3, $4, $6); }
  | project_items BALANCE IDENT              { ast_project_balance(C, loc_span(@2, @3), $3, @3); }
  | project_items PREFINANCE years STRING    { ast_project_prefinance(C, loc_span(@2, @4), $3, $4); }
  | project_items books
  | project_items accept
  | project_items NUMBER STRING '{'          { ast_line_begin(C, loc_span(@2, @3), @2, $2, $3); }
    line_items '}'                           { block_closed(C, @7); ast_line_end(C); }
  | project_items error
  ;

accept
  : ACCEPT diagname opt_years STRING   { ast_accept(C, @$, $2, $3, $4); }
  ;

diagname
  : IDENT
  | DIAGNAME
  ;

opt_years
  : %empty                     { $$ = (YearSpan){0, 0, @$}; }
  | years
  ;

years
  : year                       { $$ = (YearSpan){$1, $1, @$}; }
  | year DOTDOT year           { $$ = (YearSpan){$1, $3, @$}; }
  ;

year
  : NUMBER                     { $$ = ast_year(C, @1, $1); }
  ;

/* ---------------------------------------------------------------- lines */

line_items
  : %empty
  | line_items BATEN cells                   { ast_line_cells(C, SIDE_BATEN, $3); }
  | line_items LASTEN cells                  { ast_line_cells(C, SIDE_LASTEN, $3); }
  | line_items SOURCE IDENT                  { ast_line_source(C, loc_span(@2, @3), (Ref){@3, $3, 0}); }
  | line_items PAID BY ref                   { ast_line_paid_by(C, loc_span(@2, @4), $4); }
  | line_items PAID OUTSIDE STRING '{' year_amounts '}'
                                             { ast_line_paid_outside(C, loc_span(@2, @7), $4, $6); }
  | line_items STRUCTURAL                    { ast_line_class(C, @2, CLASS_STRUCTURAL); }
  | line_items INCIDENTAL                    { ast_line_class(C, @2, CLASS_INCIDENTAL); }
  | line_items RESERVE IDENT                 { ast_line_account(C, loc_span(@2, @3), (Ref){@3, $3, 0}); }
  | line_items TAAKVELD NUMBER               { ast_line_taakveld(C, loc_span(@2, @3), num_text(C, $3)); }
  | line_items TAAKVELD STRING               { ast_line_taakveld(C, loc_span(@2, @3), $3); }
  | line_items RULE side opt_years compare expr opt_within
                                             { ast_line_rule(C, loc_span(@2, @7), $3, $4, $5, $6, $7); }
  | line_items NOTE strings                  { ast_line_note(C, loc_span(@2, @3), $3); }
  | line_items books
  | line_items SPENDS IDENT                  { ast_line_spends(C, loc_span(@2, @3), $3, @3, NULL, @3); }
  | line_items SPENDS IDENT STRING           { ast_line_spends(C, loc_span(@2, @4), $3, @3, $4, @4); }
  | line_items accept
  | line_items error
  ;

/* The administration's codes that book to a project's or a line's money
 * (realisatie, actuals.c). */
books
  : BOOKS opt_side KOSTENPLAATS codes                    { ast_books(C, @$, $2, $4, NULL); }
  | BOOKS opt_side KOSTENPLAATS codes KOSTENSOORT codes  { ast_books(C, @$, $2, $4, $6); }
  | BOOKS opt_side KOSTENSOORT codes                     { ast_books(C, @$, $2, NULL, $4); }
  ;

opt_side
  : %empty  { $$ = -1; }
  | BATEN   { $$ = SIDE_BATEN; }
  | LASTEN  { $$ = SIDE_LASTEN; }
  ;

codes
  : code_range
  | codes ',' code_range       { $$ = ast_code_ranges(C, $1, $3); }
  ;

code_range
  : code                       { $$ = ast_code_range(C, @$, $1, $1); }
  | code DOTDOT code           { $$ = ast_code_range(C, @$, $1, $3); }
  ;

code
  : NUMBER                     { $$ = num_text(C, $1); }
  | STRING
  ;

compare
  : '='     { $$ = RULE_EQ; }
  | GE      { $$ = RULE_AT_LEAST; }
  | LE      { $$ = RULE_AT_MOST; }
  ;

side
  : BATEN   { $$ = SIDE_BATEN; }
  | LASTEN  { $$ = SIDE_LASTEN; }
  ;

cells
  : cell                       { $$ = (CellList){$1, $1}; }
  | cells cell                 { $$ = ast_cells($1, $2); }
  ;

cell
  : cell_head expr             { $$ = ast_cell(C, @$, $1, NULL, $2); }
  | cell_head expr '=' expr opt_within  { $$ = ast_cell(C, @$, $1, $2, ast_within(C, loc_span(@4, @5), $4, $5)); }
  ;

/* The years of a cell are checked once the ':' shows that they are years:
 * when a line's '}' is missing, the next line's number is read here first,
 * and must not be reported as a bad year before the real error. Both
 * numbers stay on the parser's stack till then, so that a value on it is
 * 32 bytes, not the 112 that carrying them up would take. */
cell_head
  : NUMBER ':'                 { $$ = cell_span(C, $1, @1, $1, @1, false); }
  | NUMBER DOTDOT NUMBER ':'   { $$ = cell_span(C, $1, @1, $3, @3, true); }
  ;

/* ---------------------------------------------------------------- values */

expr
  : NUMBER                     { $$ = ast_number(C, @$, $1.micros, false); }
  | EURO_AMOUNT                { $$ = ast_number(C, @$, $1.micros, false); }
  | PERCENT                    { $$ = ast_number(C, @$, $1.micros, true); }
  | PM                         { $$ = ast_expr(C, EXPR_PM, @$, NULL, NULL); }
  | '(' expr ')'               { $$ = ast_expr(C, EXPR_PAREN, @$, $2, NULL); }
  | '-' expr %prec UMINUS      { $$ = ast_expr(C, EXPR_NEG, @$, $2, NULL); }
  | expr '+' expr              { $$ = ast_expr(C, EXPR_ADD, @$, $1, $3); }
  | expr '-' expr              { $$ = ast_expr(C, EXPR_SUB, @$, $1, $3); }
  | expr '*' expr              { $$ = ast_expr(C, EXPR_MUL, @$, $1, $3); }
  | expr '/' expr              { $$ = ast_expr(C, EXPR_DIV, @$, $1, $3); }
  | PERCENT OF side            { $$ = ast_percent_of(C, @$, ast_number(C, @1, $1.micros, true), $3, NULL); }
  | PERCENT OF side '[' ranges ']'  { $$ = ast_percent_of(C, @$, ast_number(C, @1, $1.micros, true), $3, $5); }
  | ITEMS '{' items '}'        { $$ = ast_items(C, @$, $3); }
  | expr INDEXED IDENT         { $$ = ast_indexed(C, @$, $1, $3, @3, 0); }
  | expr INDEXED IDENT FROM year  { $$ = ast_indexed(C, @$, $1, $3, @3, $5); }
  | expr BY KEY IDENT FOR IDENT  { $$ = ast_share(C, @$, $1, $4, @4, $6, @6); }
  ;

ranges
  : range
  | ranges ',' range           { $$ = ast_ranges(C, $1, $3); }
  ;

range
  : NUMBER                     { int n = ast_int(C, @1, $1); $$ = ast_range(C, @$, n, n); }
  | NUMBER DOTDOT NUMBER       { $$ = ast_range(C, @$, ast_int(C, @1, $1), ast_int(C, @3, $3)); }
  ;

items
  : item
  | items item                 { $$ = ast_item_list(C, $1, $2); }
  ;

item
  : STRING expr                { $$ = ast_item(C, @$, $1, $2); }
  ;

%%

static void amr_yyerror(YYLTYPE *loc, ParseCtx *ctx, yyscan_t scanner, const char *msg) {
  (void)scanner;
  if (strcmp(msg, "memory exhausted") == 0)
    diag_report(ctx->diags, "limit", *loc,
                "expression nested deeper than the limit of %d; parsing stops here",
                AMR_MAX_NESTING);
  else
    diag_report(ctx->diags, "syntax", *loc, "%s", msg);
  ctx->nerrors++;
}

/* Token names as a coordinator reads them: 'lasten' for a keyword, "number"
 * for a class of tokens (in the messages' language). Bison may hand the
 * alias with or without quotes. */
static const char *const token_classes[] = {N_("number"), N_("percentage"), N_("amount"),
                                            N_("identifier"), N_("string"),
                                            N_("diagnostic name"), N_("end of file")};

static const char *token_class(const char *name) {
  for (size_t i = 0; i < sizeof token_classes / sizeof token_classes[0]; i++)
    if (strcmp(name, token_classes[i]) == 0)
      return token_classes[i];
  return NULL;
}

static bool is_class(const char *name) { return token_class(name) != NULL; }

/* The bare name: without the quotes bison may keep around an alias. */
static const char *bare_name(yysymbol_kind_t sym, char *buf, size_t cap) {
  const char *name = yysymbol_name(sym);
  size_t n = strlen(name);
  if (n >= 2 && name[0] == '"' && name[n - 1] == '"')
    snprintf(buf, cap, "%.*s", (int)(n - 2), name + 1);
  else
    snprintf(buf, cap, "%s", name);
  return buf;
}

/* A token's name for a message: a class in words, as a phrase in both
 * languages; a keyword or a character as written, quoted. */
static const char *display_name(ParseCtx *ctx, yysymbol_kind_t sym) {
  char bare[48];
  bare_name(sym, bare, sizeof bare);
  const char *cls = token_class(bare);
  if (cls)
    return diag_phrase_msgid(ctx->diags, cls);
  return arena_printf(ctx->arena, bare[0] == '\'' ? "%s" : "'%s'", bare);
}

/* The text of a one-line token, from the source. */
static const char *token_text(ParseCtx *ctx, Loc loc) {
  int len;
  const char *text = loc_text(loc, &len);
  if (!text || len == 0 || len > 64)
    return NULL;
  return arena_strndup(ctx->arena, text, (size_t)len);
}

/* The tokens that could stand here (none when there are more than cap). */
static int expected_tokens(const yypcontext_t *pctx, yysymbol_kind_t *out, int cap) {
  int n = yypcontext_expected_tokens(pctx, out, cap);
  return n > 0 ? n : 0;
}

/* A misspelled keyword lexes as an identifier: the closest keyword that
 * could stand here is almost always what was meant. */
static const char *closest_keyword(const yypcontext_t *pctx, const char *word) {
  yysymbol_kind_t all[YYNTOKENS];
  char kw[YYNTOKENS][64];
  int n = expected_tokens(pctx, all, YYNTOKENS);
  Closest c = closest_begin(word);
  for (int i = 0; i < n; i++) {
    bare_name(all[i], kw[i], sizeof kw[i]);
    if (is_class(kw[i]) || kw[i][0] == '\'' || !(kw[i][0] >= 'a' && kw[i][0] <= 'z'))
      continue;
    closest_offer(&c, kw[i]);
  }
  for (int i = 0; i < n && c.best; i++)
    if (c.best == kw[i])
      return yysymbol_name(all[i]);
  return NULL;
}

/* Remembers the '}' that closes a project or a line (see ParseCtx.closed). */
static void block_closed(ParseCtx *ctx, Loc brace) {
  if (ctx->line) {
    ctx->closed_kind = 'l';
    ctx->closed_nr = ctx->line->nr;
  } else if (ctx->project) {
    ctx->closed_kind = 'p';
    ctx->closed_id = ctx->project->id;
  } else {
    return;
  }
  ctx->closed_at = brace;
  ctx->closed_decl = ctx->decls_tail;
}

/* Where a statement belongs: 'p' in a project's block, 'l' in a line's,
 * 0 either or elsewhere. */
static int belongs_in(yysymbol_kind_t t) {
  switch (t) {
  case YYSYMBOL_SECTION: case YYSYMBOL_CONTACT: case YYSYMBOL_OPENING: case YYSYMBOL_CLOSING:
  case YYSYMBOL_PREFINANCE: case YYSYMBOL_GROUP: case YYSYMBOL_RESERVE: case YYSYMBOL_NUMBER:
    return 'p';
  case YYSYMBOL_BATEN: case YYSYMBOL_LASTEN: case YYSYMBOL_TAAKVELD: case YYSYMBOL_STRUCTURAL:
  case YYSYMBOL_INCIDENTAL: case YYSYMBOL_PAID: case YYSYMBOL_RULE:
    return 'l';
  default:
    return 0;
  }
}

/* A brace too many, or a statement outside the block it belongs in: said
 * in those words, with the block the '}' before it closed; NULL when the
 * message is not about braces. Each case is a whole message, so that it
 * can be translated. */
static const char *misplaced(ParseCtx *ctx, const yypcontext_t *pctx, yysymbol_kind_t got,
                             bool brace, Loc *note_at, const char **note) {
  /* only where a statement could begin: a declaration, a project's item, a
   * line's item could stand here */
  yysymbol_kind_t all[YYNTOKENS];
  int nall = expected_tokens(pctx, all, YYNTOKENS);
  bool top = false, in_project = false, in_line = false;
  for (int i = 0; i < nall; i++) {
    top |= all[i] == YYSYMBOL_PROJECT;
    in_project |= all[i] == YYSYMBOL_SECTION;
    in_line |= all[i] == YYSYMBOL_TAAKVELD;
  }
  const Diags *d = ctx->diags;
  const char *name = display_name(ctx, got), *closed = NULL;
  int home = belongs_in(got);
  if (ctx->closed_decl != ctx->decls_tail)
    ctx->closed_kind = 0;  /* a declaration came between: that '}' is not to blame */
  if (ctx->closed_kind == 'l')
    closed = diag_phrase(d, "line %d", ctx->closed_nr);
  else if (ctx->closed_kind == 'p')
    closed = diag_phrase(d, "project '%s'", ctx->closed_id);
  if (closed && top && !brace && !ctx->project) {
    *note_at = ctx->closed_at;
    *note = diag_phrase(d, "%s is closed here", closed);
  }
  bool closing = strcmp(yysymbol_name(got), "'}'") == 0;
  if (top && !brace && !ctx->project && closing)
    return closed ? diag_phrase(d, "a '}' too many: no block is open here; the '}' before it "
                                   "already closed %s", closed)
                  : diag_phrase(d, "a '}' too many: no block is open here");
  if (top && !brace && !ctx->project && home) {
    if (got == YYSYMBOL_NUMBER)
      return closed ? diag_phrase(d, "a numbered line belongs in a project's block, and none is "
                                     "open here; did the '}' before it close %s too early?", closed)
                    : diag_phrase(d, "a numbered line belongs in a project's block, and none is "
                                     "open here");
    if (home == 'p')
      return closed ? diag_phrase(d, "%s belongs in a project's block, and none is open here; did "
                                     "the '}' before it close %s too early?", name, closed)
                    : diag_phrase(d, "%s belongs in a project's block, and none is open here", name);
    return closed ? diag_phrase(d, "%s belongs in a numbered line's block, and none is open here; "
                                   "did the '}' before it close %s too early?", name, closed)
                  : diag_phrase(d, "%s belongs in a numbered line's block, and none is open here",
                                name);
  }
  *note = NULL;
  if (in_project && ctx->project && !ctx->line && home == 'l')
    return diag_phrase(d, "%s belongs in a numbered line's block, as in 1 \"Personeel\" { lasten "
                          "2026: 100 }, not directly in project '%s'", name, ctx->project->id);
  if (in_line && ctx->line && home == 'p' && got != YYSYMBOL_NUMBER) {
    *note_at = ctx->line->loc;
    *note = diag_phrase(d, "line %d begins here", ctx->line->nr);
    return diag_phrase(d, "%s belongs in the block of project '%s', not in the block of line %d; "
                          "is the '}' closing line %d missing?",
                       name, ctx->project ? ctx->project->id : "", ctx->line->nr, ctx->line->nr);
  }
  return NULL;
}

/* "A, B or C" in the messages' language. */
static const char *one_of(ParseCtx *ctx, const yysymbol_kind_t *syms, int n) {
  const char *list = display_name(ctx, syms[0]);
  for (int i = 1; i < n; i++)
    list = i == n - 1 ? diag_phrase(ctx->diags, "%s or %s", list, display_name(ctx, syms[i]))
                      : diag_phrase(ctx->diags, "%s, %s", list, display_name(ctx, syms[i]));
  return list;
}

static int yyreport_syntax_error(const yypcontext_t *pctx, ParseCtx *ctx, yyscan_t scanner) {
  (void)scanner;
  /* One message per place: when the scanner has just reported this token
   * (an unterminated string that ran to the end of the file, an amount
   * misspelled), the parser's complaint about it adds nothing. */
  const Loc *here = yypcontext_location(pctx);
  const Diag *last = ctx->diags->tail;
  if (last && last->sev == SEV_ERROR && last->loc.file == here->file &&
      last->loc.begin == here->begin) {
    ctx->nerrors++;
    return 0;
  }
  /* The message is put together from phrases in both languages
   * (diag_phrase): each piece a whole clause, translated as one. */
  const Diags *d = ctx->diags;
  enum { MAX_EXPECTED = 10 };
  yysymbol_kind_t expected[MAX_EXPECTED];
  int n = expected_tokens(pctx, expected, MAX_EXPECTED);
  yysymbol_kind_t got = yypcontext_token(pctx);
  const char *text = got == YYSYMBOL_IDENT ? token_text(ctx, *yypcontext_location(pctx)) : NULL;
  const char *hint = text ? closest_keyword(pctx, text) : NULL;
  const char *msg = got == YYSYMBOL_YYEOF ? diag_phrase(d, "unexpected end of file")
                    : text ? diag_phrase(d, "unexpected identifier '%s'", text)
                           : diag_phrase(d, "unexpected %s", display_name(ctx, got));
  if (hint) {
    char bare[64];
    size_t hl = strlen(hint);
    if (hl >= 2 && hint[0] == '"')
      snprintf(bare, sizeof bare, "%.*s", (int)(hl - 2), hint + 1);
    else
      snprintf(bare, sizeof bare, "%s", hint);
    msg = diag_phrase(d, "%s; did you mean '%s'?", msg, bare);
  } else if (n > 0) {
    msg = diag_phrase(d, "%s, expected %s", msg, one_of(ctx, expected, n));
  }
  /* A missing '}' shows where the parser meets what follows: the end of
   * the file, a declaration inside a project, or a line's number read as a
   * year. Say so, and point at the block that is still open (a line or a
   * project: those are forgotten when their block closes). */
  yysymbol_kind_t all[YYNTOKENS];
  int nall = expected_tokens(pctx, all, YYNTOKENS);
  bool brace = false, colon = false;
  for (int i = 0; i < nall; i++) {
    brace |= strcmp(yysymbol_name(all[i]), "'}'") == 0;
    colon |= strcmp(yysymbol_name(all[i]), "':'") == 0;
  }
  bool top_level = got == YYSYMBOL_PROJECT || got == YYSYMBOL_PLAN || got == YYSYMBOL_IMPORT ||
                   got == YYSYMBOL_KIND || got == YYSYMBOL_INDEX ||
                   got == YYSYMBOL_TRANSFER || got == YYSYMBOL_EXPECT;
  const char *open = NULL;
  Loc open_loc = {0};
  if (ctx->line) {
    open = diag_phrase(d, "line %d", ctx->line->nr);
    open_loc = ctx->line->loc;
  } else if (ctx->project) {
    open = diag_phrase(d, "project '%s'", ctx->project->id);
    open_loc = ctx->project->loc;
  }
  bool blame = false;
  if (got == YYSYMBOL_YYEOF && brace) {
    msg = open ? diag_phrase(d, "%s; the '}' closing %s is missing", msg, open)
               : diag_phrase(d, "%s; a '}' is missing", msg);
    blame = open != NULL;
  } else if (open && top_level && brace) {
    msg = diag_phrase(d, "%s; is the '}' closing %s missing?", msg, open);
    blame = true;
    /* Recovery reads on inside the open block: what follows belongs to the
     * next declaration, so it must not be added to this one. */
    ctx->project = NULL;
    ctx->line = NULL;
    ctx->group = NULL;
  } else if (open && got == YYSYMBOL_STRING && colon && ctx->line) {
    msg = diag_phrase(d, "%s; is the '}' closing %s missing?", msg, open);
    blame = true;
  }
  const char *note = NULL;
  Loc note_at = {0};
  if (!blame && !hint) {
    const char *why = misplaced(ctx, pctx, got, brace, &note_at, &note);
    if (why)
      msg = why;
  }
  Loc loc = *yypcontext_location(pctx);
  Diag *g = diag_report(ctx->diags, "syntax", loc, "%s", msg);
  if (blame)
    diag_note(ctx->diags, g, open_loc, "%s begins here", open);
  else if (note)
    diag_note(ctx->diags, g, note_at, "%s", note);
  ctx->nerrors++;
  return 0;
}

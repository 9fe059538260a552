/* diag_help.c: what each diagnostic of the catalogue (diag.c) means and how
 * to fix it, for the formats that carry rule texts (SARIF's
 * fullDescription and help, which GitHub code scanning shows beside each
 * alert). Kept apart from the catalogue so that adding a name there stays
 * a one-line change; tests/run_diagfmt.sh checks that every name has its
 * text here. */
#include "core.h"

#include <string.h>

static const DiagHelp help[] = {
    {"syntax", "The text does not follow the grammar of the .amr language at this place.",
     "Read the 'expected ...' list of the message: it names what may stand here. A brace too "
     "many or too few is the usual cause; `amrc fmt --check` shows the structure it reads."},
    {"amount-format", "An amount is written in a way that can be read in two ways, such as "
     "1.787.349 (thousands or decimals?).",
     "Write the amount plain (1787349 or 1_787_349) or as printed with the euro sign "
     "(€ 1.787.349); the message gives both spellings."},
    {"encoding", "The file is not UTF-8 text (an invalid byte sequence, a NUL byte).",
     "Save the file as UTF-8; the message names the byte and its place."},
    {"limit", "A size or nesting limit of amrc was reached (file size, nesting depth, name "
     "length, number of errors).",
     "Split the file or simplify the expression; the limits are listed in docs/limits.md."},
    {"import", "An import names a file that cannot be read, or one outside the plan's folder, "
     "the -I folders and the stdlib.",
     "Correct the path (relative to the importing file), add the folder with -I DIR, or allow "
     "it with --allow-outside-imports."},
    {"import-cycle", "Files import each other in a cycle; the notes show each step.",
     "Remove one import of the cycle: put what both files need in a third file that both import."},
    {"duplicate", "A name or line number is defined twice; a note shows the first definition.",
     "Rename or renumber one of the two, or remove the copy."},
    {"unknown-name", "A name (project, source, line, programme, rule) that nothing in the plan "
     "defines.",
     "Correct the spelling (the message suggests the closest name) or define it."},
    {"missing", "Something the plan must have is missing, such as a project's programme line or "
     "the plan's years.",
     "Add the statement the message names."},
    {"year-range", "A year outside the plan's horizon.",
     "Use a year of the horizon, or widen the plan's `years`."},
    {"overflow", "An amount or a sum beyond the money type (int64 cents).",
     "Check the amount for a typing error (digits too many); amrc never wraps around."},
    {"invalid-value", "A value that cannot be used where it stands, such as PM in arithmetic or "
     "a rule where a stated total belongs.",
     "Write a plain amount there, or move the rule to the line it describes."},
    {"rule-mismatch", "A stated amount differs from the rule stated beside it (items, a "
     "percentage, indexation, count times price).",
     "Correct the stated amount or the rule; `within AMOUNT` on the rule allows the document's "
     "rounding, `accept rule-mismatch \"REASON\"` on the line acknowledges a known difference."},
    {"rule-tolerance", "A stated amount differs from its rule within the rule's tolerance.",
     "Nothing to do unless the tolerance is too wide."},
    {"shortfall", "A project's balance goes below zero and nothing later in the horizon restores "
     "it: lasten that no money pays.",
     "Add the baten or opening balance that pays them, lower the lasten, or name a source with "
     "`paid by`; `amrc explain PLAN PROJECT YEAR` shows which money pays what."},
    {"coverage", "A source or line named as coverage pays more in a year than it has left after "
     "the other lasten it pays.",
     "Raise the source's baten, move lasten to another year or another source; `amrc explain` "
     "shows the allocation."},
    {"transfer-mismatch", "The two sides of a transfer between projects disagree in a year: what "
     "one pays is not what the other receives.",
     "Make the receiving line's baten equal the transfer, or leave them out so that the "
     "transfer supplies them."},
    {"earmark", "Earmarked money pays something it is not earmarked for.",
     "Pay the line from other money, or add the line to the source's `earmarked for` list if "
     "the grant allows it."},
    {"wrong-side", "A statement of one side on a line of the other: `source` on a lasten line, "
     "`paid by` or `paid outside` on a baten line.",
     "Move the statement to a line of the right side."},
    {"reservation", "A reservation is larger than the balance it is taken from.",
     "Lower the reservation or raise the balance in that year."},
    {"expectation", "A total the plan states (an `expect` block: a Totaal, Saldo or summary "
     "table) differs from what the lines add up to.",
     "If the total follows the lines, run `amrc expect --update PLAN` and review its diff; if it "
     "is a fixed limit, change the lines, or acknowledge the difference with `accept "
     "expectation [YEARS] \"REASON\"` in the expect block."},
    {"expectation-tolerance", "A stated total differs from the computed one within its `within` "
     "tolerance.",
     "Nothing to do unless the tolerance is too wide."},
    {"reserve-balance", "The withdrawals from a reserve are more than it holds.",
     "Lower the withdrawals or add to the reserve first."},
    {"io", "A file cannot be read or written.",
     "Check the path and its permissions; the message gives the system's reason."},
    {"actuals-format", "An actuals export whose header, date or amount cannot be read.",
     "Export the bookings as CSV with the columns of docs/realisatie.md; the message names the "
     "row and column."},
    {"actuals-unmapped", "A booking that maps to no line of the plan.",
     "Add the cost centre and cost type to a line's `books`, or correct the booking."},
    {"actuals-ambiguous", "A booking that maps to two lines of the plan.",
     "Narrow the `books` of one of the two lines (the notes show both)."},
    {"actuals-year", "A booking dated outside the plan's years.",
     "Leave the booking out of the export, or widen the plan's years."},
    {"csv-cell", "amrc import: a cell or row of a CSV that it cannot read.",
     "Correct the cell (the message gives its row and column letter); amrc never guesses."},
    {"bidi-chars", "A bidirectional override or isolate character in a string or comment: the "
     "text may display in another order than it is read (Trojan Source, CVE-2021-42574).",
     "Remove the character; every human output shows it as '?'."},
    {"confusable-title", "Two projects, sources or programmes whose titles are equal, or equal once "
     "look-alike letters (Cyrillic, Greek, fullwidth, 0/O, 1/I/l), invisible characters and runs "
     "of spaces are folded; a note names the first.",
     "Give one of the two a title of its own, or acknowledge a deliberate likeness with "
     "`accept confusable-title \"REASON\"` on the project or source."},
    {"csv-total", "amrc import: a table's Totaal differs from its lines; it is written as an "
     "`expect`, which --check reports.",
     "Check the table: correct the Totaal or the line that differs."},
    {"prefinancing", "A balance below zero that later baten of the project restore: "
     "pre-financing.",
     "Declare it where it is intended: `prefinance YEARS \"REASON\"` in the project."},
    {"pm-uncovered", "A PM lasten cell with no declared coverage: an amount not yet known "
     "cannot be proven covered.",
     "Name its coverage with `paid by`, or acknowledge it with `accept pm-uncovered [YEARS] "
     "\"REASON\"`."},
    {"pm-coverage", "Lasten whose coverage rests on a PM baten cell of that year.",
     "Replace the PM by an amount once known, or name other coverage."},
    {"unspent-earmarked", "Money that must be paid back when unspent is left at the end of a "
     "year.",
     "Plan lasten that spend it, or plan the repayment as lasten."},
    {"settlement-prefinancing", "A source paid after settlement (such as ESF+) pays earlier "
     "costs: they are pre-financed until its money arrives.",
     "Make sure the balance carries the costs until then; declare it with `prefinance`."},
    {"structural-balance", "Structural lasten that lean on incidental money in a year.",
     "Cover structural lasten with structural baten, or mark the lasten incidental if they are."},
    {"negative-lasten", "A negative lasten amount, added as it stands (it lowers the lasten).",
     "Write it as baten if it is income, or check its sign."},
    {"unknown-taakveld", "A line's taakveld is not in the list of taakvelden the plan declares "
     "or imports (stdlib/taakvelden.amr for a municipality).",
     "Correct the code, or declare it with its name: taakveld CODE \"NAME\"."},
    {"annual-deficit", "The annual programmes of a plan do not balance in a year.",
     "Balance the year with general revenue or a withdrawal from a reserve."},
    {"unused-accept", "An `accept` or `prefinance` that matches no finding: left over after the "
     "plan was fixed, it would hide the next difference.",
     "Remove it, or correct its name or years."},
    {"over-budget", "Realisatie: lasten booked beyond the year's budget of a line.",
     "Amend the budget (a begrotingswijziging) or stop spending on the line."},
    {"forecast-over-budget", "Realisatie: the year-end forecast of a line is beyond its budget by "
     "more than --over percent.",
     "Amend the budget, or correct the spending profile of the line."},
    {"spending-behind", "Realisatie: a line has booked far less than its profile puts before the "
     "date (--behind).",
     "Check whether the spending is late or the profile (`spends`) is wrong."},
    {"unbudgeted-booking", "Realisatie: bookings on a line with no budget that year.",
     "Budget the line for that year, or book on the right line."},
    {"actuals-prefinancing", "Realisatie: the forecast makes a pre-financing deeper or longer "
     "than planned.",
     "Check the project's liquidity with the forecast; amend the plan if needed."},
    {"actuals-shortfall", "Realisatie: the forecast leaves the project short at the end of the "
     "horizon.",
     "Find the money that covers it or lower the lasten; `amrc explain` shows the allocation."},
    {"actuals-unspent-earmarked", "Realisatie: earmarked money forecast to be left unspent, "
     "which is paid back.",
     "Plan lasten that spend it, or plan the repayment."},
    {NULL, NULL, NULL},
};

const DiagHelp *diag_help(const char *name) {
  for (const DiagHelp *h = help; h->name; h++)
    if (strcmp(h->name, name) == 0)
      return h;
  return NULL;
}

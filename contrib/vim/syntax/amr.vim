" Vim syntax file
" Language:    amr, multi-year budget plans for amrc
" Filenames:   *.amr
" Install:     copy contrib/vim/syntax, ftdetect and ftplugin into ~/.vim
"              (or ~/.config/nvim), or add contrib/vim to 'runtimepath'.
" The keyword lists are grammar/lexer.l's, exactly (tests/run_contrib.sh).

if exists("b:current_syntax")
  finish
endif

" Declarations and the words that open a statement.
syn keyword amrDeclaration import plan programme project index kind source transfer expect verloop key
syn keyword amrStatement   years currency unit balance summary sign column section subtotal previous contact opening group note status
syn keyword amrStatement   earmarked for repay unspent paid after settlement by outside
syn keyword amrStatement   structural incidental taakveld rule within to reserve
syn keyword amrStatement   prefinance accept rate base round up down nearest
syn keyword amrStatement   books kostenplaats kostensoort spends residue
" Sides, measures and the words of values.
syn keyword amrSide        baten lasten closing saldo
syn keyword amrOperator    of items indexed from
syn keyword amrConstant    PM

syn keyword amrTodo        TODO FIXME XXX contained
syn match   amrComment     "#.*$" contains=amrTodo,@Spell
syn match   amrEscape      +\\[\\"nt]+ contained
syn region  amrString      start=+"+ skip=+\\\\\|\\"+ end=+"+ contains=amrEscape,@Spell

" € 1.787.349, €7.500,-, -€ 127.800: the document's spelling.
syn match   amrEuro        "-\=€\s*-\=\s*\d\+\(\.\d\{3}\)*\(,\(\d\{1,2}\|-\)\)\="
" 1_787_349, 1787349.50, 5.1%, 2026..2029 (each year a number).
syn match   amrNumber      "\<\d\+\(_\d\+\)*\(\.\d\+\)\=%\="
syn match   amrNumber      "\<\d\{4}\.\.\d\{4}\>"
syn match   amrOperator    "\.\.\|>=\|<=\|[=+*/]"
syn match   amrDiagName    "\<[a-z]\+\(-[a-z]\+\)\+\>"

hi def link amrDeclaration Structure
hi def link amrStatement   Statement
hi def link amrSide        Type
hi def link amrOperator    Operator
hi def link amrConstant    Constant
hi def link amrTodo        Todo
hi def link amrComment     Comment
hi def link amrEscape      SpecialChar
hi def link amrString      String
hi def link amrEuro        Number
hi def link amrNumber      Number
hi def link amrDiagName    Identifier

let b:current_syntax = "amr"

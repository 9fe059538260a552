" amr budget plans: comments start with #; :AmrFmt writes the file and
" rewrites it in the canonical layout (amrc fmt), then reloads it.
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1
setlocal commentstring=#\ %s comments=:#
setlocal expandtab shiftwidth=2 softtabstop=2
command! -buffer AmrFmt update | execute '!amrc fmt ' . shellescape(expand('%')) | edit
let b:undo_ftplugin = "setlocal commentstring< comments< expandtab< shiftwidth< softtabstop<"
      \ . " | delcommand -buffer AmrFmt"

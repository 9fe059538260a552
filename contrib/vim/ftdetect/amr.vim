" amr budget plans (amrc)
autocmd BufRead,BufNewFile *.amr setfiletype amr

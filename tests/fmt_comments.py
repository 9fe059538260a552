#!/usr/bin/env python3
"""Writes each FILE again with a comment between every two tokens (a
test-only tool; tests/run_fmt.sh skips it when python3 is missing), once in
each mode, as OUTDIR/K.MODE.amr for the K-th FILE (from 1). MODE 0 puts
each comment after the token before it, on its line; 1 on a line of its
own; 2 mixes both with empty lines. amrc fmt must keep every one of them,
in order, and format the result idempotently to the same AST.

  fmt_comments.py OUTDIR FILE...

All files in one run: starting python3 costs about 0.2 s on the 2-core
test machine, and with a run per file and mode (105 runs) run_fmt.sh took
24.4 s; with one, 5.0 s.
"""
import sys


def commented(src, mode):
    out, i, n = [], 0, 0
    in_string = in_comment = False
    while i < len(src):
        c = src[i]
        if in_comment:
            out.append(c)
            in_comment = c != "\n"
            i += 1
        elif in_string:
            out.append(c)
            if c == "\\" and i + 1 < len(src):
                out.append(src[i + 1])
                i += 1
            elif c == '"':
                in_string = False
            i += 1
        elif c == '"':
            in_string = True
            out.append(c)
            i += 1
        elif c == "#":
            in_comment = True
            out.append(c)
            i += 1
        elif c in " \t\r\n":
            j = i
            while j < len(src) and src[j] in " \t\r\n":
                j += 1
            # whitespace inside a printed amount (€ 1.000) must stay
            if (i > 0 and src[i - 1] in "€-") or (j < len(src) and src[j] == "€" and src[i - 1:i] == "-"):
                out.append(" ")
            else:
                n += 1
                out.append([f" # c{n}\n", f"\n# c{n}\n",
                            [f" # c{n}\n", f"\n\n# c{n}\n\n", " "][n % 3]][mode])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def main():
    outdir = sys.argv[1]
    for k, path in enumerate(sys.argv[2:], 1):
        src = open(path, encoding="utf-8").read()
        for mode in (0, 1, 2):
            with open(f"{outdir}/{k}.{mode}.amr", "w", encoding="utf-8") as f:
                f.write(commented(src, mode))


if __name__ == "__main__":
    main()

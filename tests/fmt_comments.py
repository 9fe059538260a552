#!/usr/bin/env python3
"""Writes FILE again with a comment between every two tokens (a test-only
tool; tests/run_fmt.sh skips it when python3 is missing). MODE 0 puts each
comment after the token before it, on its line; 1 on a line of its own; 2
mixes both with empty lines. amrc fmt must keep every one of them, in order,
and format the result idempotently to the same AST.

  fmt_comments.py FILE MODE > OUT
"""
import sys


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    mode = int(sys.argv[2])
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
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()

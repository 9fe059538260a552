# amrc: budgets as code.
#   make            build ./amrc
#   make check      build and run every test (unit and golden)
#   make demo       install what is missing, build, run on the Achterhoek plan
#   make install    PREFIX=/usr/local: binary, stdlib, man page
#   make bench      benchmarks (see bench/)

PREFIX  ?= /usr/local
CC      ?= cc
CSTD    := -std=c11
WARN    := -Wall -Wextra -Werror -Wno-unused-function
OPT     ?= -O2 -g
CFLAGS  ?=
CPPFLAGS += -Isrc -Ibuild -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DAMR_STDLIB_DIR='"$(PREFIX)/share/amrc/stdlib"'
FLEX    ?= flex
BISON   ?= bison

SRCS := src/arena.c src/money.c src/source.c src/diag.c src/ast.c src/load.c \
        src/resolve.c src/eval.c src/check.c src/output.c \
        src/emit_table.c src/emit_markdown.c src/emit_csv.c src/emit_json.c \
        src/emit_header.c src/cli.c
GEN  := build/parser.c build/lexer.c
OBJS := $(SRCS:src/%.c=build/%.o) build/parser.o build/lexer.o
LIB_OBJS := $(filter-out build/main.o,$(OBJS))

all: amrc

build:
	@mkdir -p build

build/parser.c build/parser.h: grammar/parser.y | build
	$(BISON) -Wall -Werror --defines=build/parser.h -o build/parser.c $<

build/lexer.c: grammar/lexer.l build/parser.h | build
	$(FLEX) -o $@ $<

# Generated code is compiled with the same warnings, less the ones flex's
# skeleton cannot avoid.
build/lexer.o: build/lexer.c src/amrc.h
	$(CC) $(CSTD) $(OPT) $(WARN) -Wno-sign-compare -Wno-unused-parameter $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/parser.o: build/parser.c src/amrc.h
	$(CC) $(CSTD) $(OPT) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/%.o: src/%.c src/amrc.h build/parser.h | build
	$(CC) $(CSTD) $(OPT) $(WARN) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/libamrc.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

amrc: build/main.o build/libamrc.a
	$(CC) $(OPT) $(LDFLAGS) -o $@ $^

.PHONY: all clean check demo install deps bench
clean:
	rm -rf build amrc demo-out

include tests/tests.mk

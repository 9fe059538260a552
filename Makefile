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
# -O3 and link-time optimisation: the stages call small helpers across
# files (the arena's bump, a line's cents, a span of two places) that only
# the linker can inline. On the 20 MB plan, medians of 25 runs side by side:
# 178 -> 167 ms, 326 -> 309 ms of CPU (bench/RESULTS.md). Any OPT given on
# the command line replaces it (the sanitizer builds do).
OPT     ?= -O3 -g -flto=auto
CFLAGS  ?=
# a plan's files are parsed, and its stages' loops run, on threads
# (src/load.c, src/par.c)
LDLIBS  += -pthread
CPPFLAGS += -Isrc -Ibuild -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
FLEX    ?= flex
BISON   ?= bison

SRCS := src/arena.c src/money.c src/source.c src/diag.c src/ast.c src/load.c \
        src/resolve.c src/par.c src/eval.c src/check.c src/driver.c src/output.c \
        src/emit_table.c src/emit_markdown.c src/emit_csv.c src/emit_json.c \
        src/emit_header.c src/emit_html.c src/risks.c src/fmt.c src/diff.c src/cli.c
GEN  := build/parser.c build/parser_fast.c build/lexer.c
OBJS := $(SRCS:src/%.c=build/%.o) build/parser.o build/parser_fast.o build/lexer.o
LIB_OBJS := $(filter-out build/main.o,$(OBJS))

all: amrc

build:
	@mkdir -p build

# One bison run writes both: as two targets of one rule, make -j ran it
# twice at once, and the two runs could write a broken parser.c.
build/parser.c: grammar/parser.y | build
	$(BISON) -Wall -Werror --defines=build/parser.h -o build/parser.c $<
build/parser.h: build/parser.c ;

# The same grammar without LAC, tried first (parse_file in src/load.c): it
# parses a file without a syntax error exactly as the parser with LAC does,
# for fewer instructions. Its entry is renamed to amr_yyparse_fast.
build/parser_fast.c: grammar/parser.y | build
	$(BISON) -Wall -Werror -Fparse.lac=none -o $@ $<

build/lexer.c: grammar/lexer.l build/parser.h | build
	$(FLEX) -o $@ $<

# Generated code is compiled with the same warnings, less the ones flex's
# skeleton cannot avoid.
CFLAGS_lexer := -Wno-sign-compare -Wno-unused-parameter
CFLAGS_parser_fast := -Damr_yyparse=amr_yyparse_fast

# Profile-guided optimisation, with gcc and the default OPT: amrc is built
# once instrumented, run on the Achterhoek plan and the golden tests'
# inputs (tools/pgo-train.sh, one thread, about a second), and built again
# with what those runs counted. Instructions on the 2 MB benchmark plan,
# which is not among the inputs: 100.2 -> 92.3 M; on the 20 MB plan,
# medians of 21 alternating runs, 190.6 -> 179.4 ms. PGO=0 builds without
# it (quicker while editing); an OPT given on the command line, as the
# sanitizer builds give, does too.
#
# gcc matches counts to functions by the object's and the source's names
# as given, so the instrumented build is this Makefile run in build/pgo/,
# whose src/, grammar/, ... are links to the tree's: its build/arena.o is
# the same name from there as ours is from here. Its counts (X.gcda beside
# X.o) are copied beside ours. The instrumented build leaves out LTO: the
# counts are taken before it, and a trained amrc runs the same instructions.
IS_GCC := $(shell $(CC) -v 2>&1 | grep -q '^gcc version' && echo 1)
PGO ?= $(if $(filter file,$(origin OPT)),$(IS_GCC))
PGO_DIR := build/pgo
# With LTO, the objects carry ordinary code as well (gcc): the unit tests
# link it with -fno-lto (tests/tests.mk), where linking each of them with
# LTO optimised the whole library again, ten times (74 s of a fresh make
# check on two cores).
LTO_FAT := $(if $(IS_GCC),$(if $(findstring -flto,$(OPT)),-ffat-lto-objects))
ifeq ($(PGO),1)
PGO_USE   := -fprofile-use -fprofile-partial-training
PGO_STAMP := $(PGO_DIR)/trained
endif

$(PGO_DIR)/amrc: FORCE | build
	@mkdir -p $(PGO_DIR)
	@for d in src grammar tests fuzz bench tools stdlib man; do ln -sfn ../../$$d $(PGO_DIR)/$$d; done
	@$(MAKE) --no-print-directory -C $(PGO_DIR) -f $(CURDIR)/Makefile PGO=0 PREFIX='$(PREFIX)' OPT='$(filter-out -flto%,$(OPT)) -fprofile-generate' amrc

$(PGO_STAMP): $(PGO_DIR)/amrc tools/pgo-train.sh $(wildcard tests/golden/*/*.amr)
	rm -f $(PGO_DIR)/build/*.gcda build/*.gcda
	sh tools/pgo-train.sh $(PGO_DIR)/amrc
	cp $(PGO_DIR)/build/*.gcda build/
	touch $@

build/%.o: build/%.c src/amrc.h build/parser.h $(PGO_STAMP) | build
	$(CC) $(CSTD) $(OPT) $(LTO_FAT) $(PGO_USE) $(WARN) $(CFLAGS_$*) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/%.o: src/%.c src/amrc.h build/parser.h $(PGO_STAMP) | build
	$(CC) $(CSTD) $(OPT) $(LTO_FAT) $(PGO_USE) $(WARN) $(CFLAGS_$*) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The installed stdlib's folder is compiled in; the file changes only when
# PREFIX does, so `make install PREFIX=...` rebuilds exactly what it must.
build/config.h: FORCE | build
	@echo '#define AMR_STDLIB_DIR "$(PREFIX)/share/amrc/stdlib"' > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@
build/cli.o build/diff.o: build/config.h
FORCE:

build/libamrc.a: $(LIB_OBJS)
	$(AR) rcs $@ $^

amrc: build/main.o build/libamrc.a
	$(CC) $(OPT) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: all clean check demo install deps bench
clean:
	rm -rf build build-fuzz build-san build-cov amrc demo-out

include tests/tests.mk

# Installs flex, bison and cmocka when they are missing (tools/deps.sh).
deps:
	@sh tools/deps.sh

# The main job on the real plan: check it, then write every format into
# demo-out/. The document has findings of its own (see
# examples/achterhoek/README.md), so the outputs are written with --force
# when the check reports errors, and make says so.
DEMO_PLAN := examples/achterhoek/plan.amr
DEMO_OUT  := demo-out
demo: deps
	@$(MAKE) --no-print-directory amrc
	@mkdir -p $(DEMO_OUT)
	@echo "== amrc --check $(DEMO_PLAN)"
	@./amrc --check $(DEMO_PLAN); rc=$$?; \
	 if [ $$rc -gt 1 ]; then exit $$rc; fi; \
	 force=""; [ $$rc = 1 ] && force=--force; \
	 for f in table summary markdown csv csv-balances json header html risks risks-markdown; do \
	   ./amrc -q $$force --emit=$$f -o $(DEMO_OUT)/achterhoek.$$f $(DEMO_PLAN) 2>/dev/null || [ -n "$$force" ] || exit 1; \
	 done; \
	 ./amrc -q $$force --emit=csv --csv-dialect=excel-nl -o $(DEMO_OUT)/achterhoek-excel-nl.csv $(DEMO_PLAN) 2>/dev/null || true; \
	 echo "== wrote every format to $(DEMO_OUT)/:"; ls $(DEMO_OUT); \
	 echo "== amrc --emit=summary $(DEMO_PLAN)"; cat $(DEMO_OUT)/achterhoek.summary

install: amrc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/amrc/stdlib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 amrc $(DESTDIR)$(PREFIX)/bin/amrc
	install -m 644 stdlib/*.amr $(DESTDIR)$(PREFIX)/share/amrc/stdlib/
	install -m 644 man/amrc.1 $(DESTDIR)$(PREFIX)/share/man/man1/amrc.1
include fuzz/fuzz.mk
include bench/bench.mk

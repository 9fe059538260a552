# amrc: budgets as code.
#   make            build ./amrc (-O2 -g, one pass: the contributor's build)
#   make release    build build-release/amrc with -O3, LTO and (gcc) PGO
#   make check      build and run every test (unit and golden)
#   make check-tsan the tests and the benchmark plans under ThreadSanitizer
#   make demo       install what the build needs, build, run on the Achterhoek plan
#   make install    PREFIX=/usr/local: the release binary, stdlib, man page
#   make bench      benchmarks of the release binary (see bench/)
#
# BUILD names the folder a build lives in (objects, unit tests; the binary
# too, except the default build's ./amrc), so that a sanitizer or release
# build sits beside the ordinary one without copying the tree. WERROR=1
# turns warnings into errors (CI sets it; a contributor's new compiler
# should not stop their build).

PREFIX  ?= /usr/local
CC      ?= cc
CSTD    := -std=c11
WERROR  ?=
WARN    := -Wall -Wextra -Wno-unused-function $(if $(filter 1,$(WERROR)),-Werror)
OPT     ?= -O2 -g
CFLAGS  ?=
# a plan's files are parsed, and its stages' loops run, on threads
# (src/load.c, src/par.c)
LDLIBS  += -pthread
# --emit=xlsx writes workbooks with libxlsxwriter (Debian libxlsxwriter-dev,
# installed by tools/deps.sh), opened with dlopen when a workbook is asked
# for (src/emit_xlsx.c says why), so amrc is not linked with it; -ldl for a
# C library older than glibc 2.34, where dlopen was not in libc
LDLIBS  += -ldl
BUILD   ?= build
# Where bison and flex write: the build's folder, but for the instrumented
# PGO build (below), which uses its parent's, so that the generated files
# have the same names in both builds, as gcc's profile requires (a
# function's checksum counts the name of its file).
GEN_DIR ?= $(BUILD)
CPPFLAGS += -Isrc -I$(BUILD) -I$(GEN_DIR) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
# Where the manual is published, for SARIF's helpUri (docs/manual.md, "In CI")
AMRC_DOCS_URL ?=
ifneq ($(AMRC_DOCS_URL),)
CPPFLAGS += -DAMRC_DOCS_URL='"$(AMRC_DOCS_URL)"'
endif
FLEX    ?= flex
BISON   ?= bison
# The binary under test: ./amrc for the default build, BUILD/amrc otherwise.
AMRC_BIN := $(if $(filter build,$(BUILD)),amrc,$(BUILD)/amrc)

SRCS := src/arena.c src/money.c src/paths.c src/source.c src/text.c src/line_diff.c src/diag.c src/diag_help.c src/ast.c src/ast_dump.c src/load.c \
        src/resolve.c src/par.c src/eval.c src/check.c src/annual.c src/columns.c src/verloop.c src/driver.c src/output.c \
        src/grid.c src/grid_text.c src/grid_md.c src/emit_table.c src/emit_markdown.c src/emit_csv.c src/emit_json.c \
        src/emit_header.c src/emit_html.c src/emit_xlsx.c src/nls.c src/risks.c src/fmt.c src/diff.c src/cli.c src/unichar.c \
        src/actuals.c src/emit_realisatie.c src/diff_realisatie.c src/alloc.c src/explain.c src/expect_update.c src/baseline.c src/import.c src/init.c \
        src/contrib_files.c
GEN  := $(GEN_DIR)/parser.c $(GEN_DIR)/lexer.c
OBJS := $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILD)/parser.o $(BUILD)/lexer.o
LIB_OBJS := $(filter-out $(BUILD)/main.o,$(OBJS))
MO   := $(BUILD)/locale/nl/LC_MESSAGES/amrc.mo

all: $(AMRC_BIN)

$(BUILD)/.dir:
	@mkdir -p $(BUILD) && touch $@

# One bison run writes both: as two targets of one rule, make -j ran it
# twice at once, and the two runs could write a broken parser.c.
$(GEN_DIR)/parser.c: grammar/parser.y | $(BUILD)/.dir
	$(BISON) -Wall -Werror --defines=$(GEN_DIR)/parser.h -o $(GEN_DIR)/parser.c $<
$(GEN_DIR)/parser.h: $(GEN_DIR)/parser.c ;

# The files amrc init copies into a new plan repository, compiled in. The
# C file is kept in the tree (every build, the fuzzer's and the sanitizers'
# too, compiles src/) and made again here when contrib/ changes.
EMBED := pre_commit=contrib/pre-commit workflow=contrib/github/amrc.yml
src/contrib_files.c: contrib/pre-commit contrib/github/amrc.yml tools/embed.sh
	sh tools/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(GEN_DIR)/lexer.c: grammar/lexer.l $(GEN_DIR)/parser.h | $(BUILD)/.dir
	$(FLEX) -o $@ $<

# Generated code is compiled with the same warnings, less the ones flex's
# skeleton cannot avoid.
CFLAGS_lexer := -Wno-sign-compare -Wno-unused-parameter

# ---------------------------------------------------------------- release
# `make release`: -O3, link-time optimisation and, with gcc, profile-guided
# optimisation, in build-release/. What each buys is measured in
# bench/RESULTS.md; `make bench` and `make install` use this build.
#
# PGO: amrc is built once instrumented (in BUILD/pgo, from this same
# folder, so the sources have the same names in both builds; the parser and
# the scanner are generated once, in BUILD: GEN_DIR), run on the
# Achterhoek plan and the golden tests' inputs (tools/pgo-train.sh), and
# the objects are compiled again with what those runs counted (the .gcda
# files, copied beside the objects they belong to). The instrumented build
# leaves out LTO: the counts are taken before it.
RELEASE_OPT := -O3 -g -flto=auto
IS_GCC := $(shell $(CC) -v 2>&1 | grep -q '^gcc version' && echo 1)
PGO ?=
PGO_DIR := $(BUILD)/pgo
# With LTO, gcc's objects carry ordinary code as well: the unit tests link
# it with -fno-lto (tests/tests.mk), so that each test link does not
# optimise the whole library again.
LTO_FAT := $(if $(IS_GCC),$(if $(findstring -flto,$(OPT)),-ffat-lto-objects))
ifeq ($(PGO),1)
PGO_USE   := -fprofile-use -fprofile-partial-training
PGO_STAMP := $(PGO_DIR)/trained
endif

# The release binary is linked statically, the C library included, where
# the compiler can (Debian's libc6-dev ships libc.a): a small plan's check
# is mostly the process's start, and the dynamic loader's mapping and
# relocating of libc.so is a large part of it on a virtual machine, where
# every page touched for the first time is dear (bench/RESULTS.md, "The
# example, this session"). -static-pie keeps the address randomisation of
# a PIE. The linker warns that dlopen (libxlsxwriter for --emit=xlsx,
# src/emit_xlsx.c) then needs the C library amrc was built with: after an
# upgrade of glibc, build the release again. The contributor's, sanitizer
# and valgrind builds stay dynamic.
RELEASE_LINK = $(shell printf 'int main(void){return 0;}\n' | \
  $(CC) -static-pie -x c -o /dev/null - 2>/dev/null && echo -static-pie)
release:
	@$(MAKE) --no-print-directory BUILD=build-release OPT='$(RELEASE_OPT)' PGO=$(IS_GCC) \
	  LDSTATIC='$(RELEASE_LINK)' build-release/amrc
	@sh tools/release-smoke.sh build-release/amrc

$(PGO_DIR)/amrc: FORCE | $(BUILD)/.dir
	@$(MAKE) --no-print-directory BUILD=$(PGO_DIR) GEN_DIR=$(BUILD) PGO=0 PREFIX='$(PREFIX)' \
	  OPT='$(filter-out -flto%,$(OPT)) -fprofile-generate' $(PGO_DIR)/amrc

$(PGO_STAMP): $(PGO_DIR)/amrc tools/pgo-train.sh $(wildcard tests/golden/*/*.amr)
	rm -f $(PGO_DIR)/*.gcda $(BUILD)/*.gcda
	sh tools/pgo-train.sh $(PGO_DIR)/amrc
	cp $(PGO_DIR)/*.gcda $(BUILD)/
	touch $@

# Each object depends on the headers it includes, as the compiler lists
# them (-MMD: BUILD/NAME.d, read below; -MP: a header that is gone stops
# nothing), so that a change to one layer's header (docs/architecture.md,
# "Headers") rebuilds only the objects that read it. The generated
# parser.h is there before any object is compiled (order-only: the first
# build has no .d files yet to say who includes it).
DEPFLAGS := -MMD -MP
$(BUILD)/%.o: $(GEN_DIR)/%.c $(PGO_STAMP) | $(BUILD)/.dir $(GEN_DIR)/parser.h
	$(CC) $(CSTD) $(OPT) $(LTO_FAT) $(PGO_USE) $(WARN) $(CFLAGS_$*) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/%.o: src/%.c $(PGO_STAMP) | $(BUILD)/.dir $(GEN_DIR)/parser.h
	$(CC) $(CSTD) $(OPT) $(LTO_FAT) $(PGO_USE) $(WARN) $(CFLAGS_$*) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c -o $@ $<

-include $(OBJS:.o=.d)

# ---------------------------------------------------------------- threads
# `make check-tsan`: every test with amrc built by clang's ThreadSanitizer
# (in build-tsan/), then --check of the 2 and 20 MB benchmark plans on 1, 2
# and 4 threads (bench/tsan.sh), where a plan's files are parsed ahead
# (src/load.c) and its stages' loops run in slices (src/par.c). A race TSan
# sees fails it: the run stops with exit status 66 and the report on
# stderr, which no test expects. Warnings are the gcc build's business
# (WERROR=1 is not passed on).
TSAN_DIR   ?= build-tsan
TSAN_CC    ?= clang
TSAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer
TSAN_ENV   := TSAN_OPTIONS=halt_on_error=1:abort_on_error=1

check-tsan:
	$(TSAN_ENV) $(MAKE) --no-print-directory check BUILD=$(TSAN_DIR) CC=$(TSAN_CC) WERROR= \
	  OPT='-O1 -g' CFLAGS='$(TSAN_FLAGS)' LDFLAGS='$(TSAN_FLAGS)'
	@$(MAKE) --no-print-directory BUILD=$(TSAN_DIR) CC=$(TSAN_CC) $(TSAN_DIR)/bench-gen
	$(TSAN_ENV) sh bench/tsan.sh $(TSAN_DIR)/amrc $(TSAN_DIR)/bench-gen $(TSAN_DIR)/plans
	@echo "check-tsan: every test passed under ThreadSanitizer"

# The installed stdlib's folder is compiled in; the file changes only when
# PREFIX does, so `make install PREFIX=...` rebuilds exactly what it must.
$(BUILD)/config.h: FORCE | $(BUILD)/.dir
	@{ echo '#define AMR_STDLIB_DIR "$(PREFIX)/share/amrc/stdlib"'; \
	   echo '#define AMR_LOCALE_DIR "$(PREFIX)/share/locale"'; } > $@.tmp
	@cmp -s $@.tmp $@ 2>/dev/null && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/paths.o $(BUILD)/nls.o: $(BUILD)/config.h
# Without libxlsxwriter the compiler's message would be a missing header;
# this one says what to install.
$(BUILD)/emit_xlsx.o: $(BUILD)/have-xlsxwriter
$(BUILD)/have-xlsxwriter: | $(BUILD)/.dir
	@printf '#include <xlsxwriter.h>\nint main(void){return 0;}\n' | \
	  $(CC) $(CPPFLAGS) $(CFLAGS) -x c -o $@.bin - -lxlsxwriter 2>/dev/null || \
	  { echo "amrc needs libxlsxwriter to build: run tools/deps.sh (Debian, Ubuntu: apt-get install libxlsxwriter-dev)" >&2; exit 1; }
	@rm -f $@.bin; touch $@
FORCE:

# made anew each time: ar would keep the object of a source that is gone
$(BUILD)/libamrc.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(AMRC_BIN): $(BUILD)/main.o $(BUILD)/libamrc.a | $(MO)
	$(CC) $(OPT) $(LDFLAGS) $(LDSTATIC) -o $@ $^ $(LDLIBS)

# The Dutch messages (--lang=nl, docs/manual.md "Language"), where amrc
# looks for them beside its binary; msgfmt -c refuses a translation whose
# printf conversions differ from the English message's.
$(MO): po/nl.po | $(BUILD)/.dir
	@command -v msgfmt >/dev/null 2>&1 || \
	  { echo "amrc needs msgfmt to build: run tools/deps.sh (Debian, Ubuntu: apt-get install gettext)" >&2; exit 1; }
	@mkdir -p $(@D)
	msgfmt -c -o $@.tmp $< && mv $@.tmp $@

.PHONY: all release clean check check-tsan demo install deps bench bench-actuals
clean:
	rm -rf build build-release build-fuzz build-san build-cov build-tsan amrc demo-out

include tests/tests.mk

# Installs what the build needs (flex, bison, a compiler) when it is missing
# (tools/deps.sh); tools/test-deps.sh installs what the tests need (cmocka, ...).
deps:
	@sh tools/deps.sh

# The main job on the real plan: build amrc, check the example, write every
# format into demo-out/ and show the summary, one line per step
# (tools/demo.sh). The document has findings of its own, left in on
# purpose, and the demo says so. Only what the build needs is installed
# (tools/deps.sh): cmocka is for the tests.
DEMO_PLAN := examples/achterhoek/plan.amr
DEMO_OUT  := demo-out
demo:
	@sh tools/deps.sh
	@echo "amrc demo: building amrc (make)"
	@$(MAKE) --no-print-directory -s $(AMRC_BIN)
	@sh tools/demo.sh ./$(AMRC_BIN) $(DEMO_PLAN) $(DEMO_OUT)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/amrc/stdlib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build-release/amrc $(DESTDIR)$(PREFIX)/bin/amrc
	install -m 644 stdlib/*.amr $(DESTDIR)$(PREFIX)/share/amrc/stdlib/
	install -m 644 man/amrc.1 $(DESTDIR)$(PREFIX)/share/man/man1/amrc.1
	install -d $(DESTDIR)$(PREFIX)/share/locale/nl/LC_MESSAGES
	install -m 644 build-release/locale/nl/LC_MESSAGES/amrc.mo $(DESTDIR)$(PREFIX)/share/locale/nl/LC_MESSAGES/amrc.mo
include fuzz/fuzz.mk
include bench/bench.mk

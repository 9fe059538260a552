# fuzz/fuzz.mk: hostile-input tooling, included by the Makefile after
# tests/tests.mk (it uses SRCS, CSTD, FLEX and BISON from there).
#
#   make fuzz [FUZZ_SECONDS=60]   libFuzzer over the whole path (fuzz/fuzz_amrc.c),
#                                 clang -fsanitize=fuzzer,address,undefined
#   make fuzz FUZZ_BIN=fuzz_amrc_fmt   the same, and amrc fmt's promises checked
#   make fuzz FUZZ_BIN=fuzz_diff  amrc diff on two inputs (fuzz/fuzz_diff.c): the old
#                                 plan, a NUL byte, the new one
#   make fuzz-regress             the fuzz target on every .amr of the repository
#                                 and the saved corpus, once each (no mutation)
#   make fuzz-coverage            line coverage of the saved corpus (llvm-cov)
#   make check-sanitize           make check, built with ASan and UBSan (gcc), and
#                                 without SIMD (AMRC_NO_SIMD): the portable scans
#   make check-valgrind           amrc under valgrind on the example plan, every format
#
# Build directories: build-fuzz/ (fuzzer), build-cov/ (coverage), build-san/
# (objects and binary built with sanitizers), so build/ and ./amrc are left
# alone. docs/fuzzing.md tells how long the fuzzer ran and what it found.

FUZZ_DIR     ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB  ?= 2048
# Extra libFuzzer flags, e.g. FUZZ_ARGS='-jobs=1 -max_len=32768'.
FUZZ_ARGS    ?=
# fuzz_amrc, or fuzz_amrc_fmt: the same target that also checks amrc fmt's
# promises (the same plan, and formatting twice changes nothing).
FUZZ_BIN     ?= fuzz_amrc
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(CSTD) -g -O1 -Wall -Wextra -Wno-unused-function -Wno-sign-compare \
                -Wno-unused-parameter $(FUZZ_SAN)
FUZZ_CPPFLAGS := -Isrc -I$(FUZZ_DIR) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
FUZZ_OBJS    := $(SRCS:src/%.c=$(FUZZ_DIR)/%.o) $(FUZZ_DIR)/parser.o $(FUZZ_DIR)/lexer.o
FUZZ_LIBS    ?= -ldl
# every header of src/: a fuzz build is rare, and any of them may change an object
FUZZ_HDRS    := $(wildcard src/*.h)

$(FUZZ_DIR)/.dir:
	@mkdir -p $(FUZZ_DIR) && touch $@

# one bison run writes both (see the Makefile)
$(FUZZ_DIR)/parser.c: grammar/parser.y | $(FUZZ_DIR)/.dir
	$(BISON) -Wall -Werror --defines=$(FUZZ_DIR)/parser.h -o $(FUZZ_DIR)/parser.c $<
$(FUZZ_DIR)/parser.h: $(FUZZ_DIR)/parser.c ;

$(FUZZ_DIR)/lexer.c: grammar/lexer.l $(FUZZ_DIR)/parser.h
	$(FLEX) -o $@ $<

$(FUZZ_DIR)/config.h: | $(FUZZ_DIR)/.dir
	@echo '#define AMR_STDLIB_DIR "$(CURDIR)/stdlib"' > $@

$(FUZZ_DIR)/%.o: $(FUZZ_DIR)/%.c $(FUZZ_HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_CPPFLAGS) -c -o $@ $<

$(FUZZ_DIR)/%.o: src/%.c $(FUZZ_HDRS) $(FUZZ_DIR)/parser.h $(FUZZ_DIR)/config.h
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_CPPFLAGS) -c -o $@ $<

$(FUZZ_DIR)/fuzz_amrc: fuzz/fuzz_amrc.c $(FUZZ_OBJS) $(FUZZ_HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_CPPFLAGS) -o $@ fuzz/fuzz_amrc.c \
	  $(FUZZ_OBJS) $(FUZZ_LIBS)

$(FUZZ_DIR)/fuzz_amrc_fmt: fuzz/fuzz_amrc.c $(FUZZ_OBJS) $(FUZZ_HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_FMT_ORACLE $(FUZZ_CPPFLAGS) -o $@ \
	  fuzz/fuzz_amrc.c $(FUZZ_OBJS) $(FUZZ_LIBS)

$(FUZZ_DIR)/fuzz_diff: fuzz/fuzz_diff.c $(FUZZ_OBJS) $(FUZZ_HDRS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_CPPFLAGS) -o $@ fuzz/fuzz_diff.c \
	  $(FUZZ_OBJS) $(FUZZ_LIBS)

# fuzz_diff's seeds are pairs as well as single plans; its corpus is its own
FUZZ_SEED_ARGS = $(if $(filter fuzz_diff,$(FUZZ_BIN)),--pairs)
FUZZ_CORPUS    = $(FUZZ_DIR)/corpus$(if $(filter fuzz_diff,$(FUZZ_BIN)),-diff)

# The seeds are rebuilt from the repository on every run (fuzz/seeds.sh);
# what the fuzzer finds accumulates in $(FUZZ_DIR)/corpus, crashes, leaks
# and hangs in $(FUZZ_DIR)/artifacts/.
fuzz: $(FUZZ_DIR)/$(FUZZ_BIN)
	@rm -rf $(FUZZ_DIR)/seeds
	@sh fuzz/seeds.sh $(FUZZ_DIR)/seeds $(FUZZ_SEED_ARGS)
	@mkdir -p $(FUZZ_CORPUS) $(FUZZ_DIR)/artifacts
	$(FUZZ_DIR)/$(FUZZ_BIN) -dict=fuzz/amr.dict -max_total_time=$(FUZZ_SECONDS) \
	  -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) \
	  -artifact_prefix=$(FUZZ_DIR)/artifacts/ -print_final_stats=1 $(FUZZ_ARGS) \
	  $(FUZZ_CORPUS) $(FUZZ_DIR)/seeds

# Every input once: the regression tests under tests/golden/fuzz/, the rest
# of the repository's .amr files and whatever corpus a fuzz run left.
fuzz-regress: $(FUZZ_DIR)/$(FUZZ_BIN)
	@rm -rf $(FUZZ_DIR)/seeds
	@sh fuzz/seeds.sh $(FUZZ_DIR)/seeds $(FUZZ_SEED_ARGS)
	@mkdir -p $(FUZZ_CORPUS)
	$(FUZZ_DIR)/$(FUZZ_BIN) -runs=0 -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) \
	  $(FUZZ_CORPUS) $(FUZZ_DIR)/seeds

# Line coverage of the saved corpus: the same target with clang's source
# coverage instead of the sanitizers, run once over every input.
COV_DIR  ?= build-cov
COV_OBJS := $(SRCS:src/%.c=$(COV_DIR)/%.o) $(COV_DIR)/parser.o $(COV_DIR)/lexer.o
COV_CFLAGS := $(CSTD) -g -O0 -w -fprofile-instr-generate -fcoverage-mapping
COV_CPPFLAGS := -Isrc -I$(FUZZ_DIR) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE

$(COV_DIR)/.dir:
	@mkdir -p $(COV_DIR) && touch $@
$(COV_DIR)/%.o: $(FUZZ_DIR)/%.c $(FUZZ_HDRS) | $(COV_DIR)/.dir
	$(FUZZ_CC) $(COV_CFLAGS) $(COV_CPPFLAGS) -c -o $@ $<
$(COV_DIR)/%.o: src/%.c $(FUZZ_HDRS) $(FUZZ_DIR)/parser.h $(FUZZ_DIR)/config.h | $(COV_DIR)/.dir
	$(FUZZ_CC) $(COV_CFLAGS) $(COV_CPPFLAGS) -c -o $@ $<
$(COV_DIR)/fuzz_amrc: fuzz/fuzz_amrc.c $(COV_OBJS) $(FUZZ_HDRS)
	$(FUZZ_CC) $(COV_CFLAGS) -fsanitize=fuzzer $(COV_CPPFLAGS) -o $@ fuzz/fuzz_amrc.c $(COV_OBJS) $(FUZZ_LIBS)

fuzz-coverage: $(COV_DIR)/fuzz_amrc
	@rm -rf $(FUZZ_DIR)/seeds
	@sh fuzz/seeds.sh $(FUZZ_DIR)/seeds
	@mkdir -p $(FUZZ_DIR)/corpus
	@rm -f $(COV_DIR)/*.profraw
	LLVM_PROFILE_FILE=$(COV_DIR)/run.profraw $(COV_DIR)/fuzz_amrc -runs=0 \
	  $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds 2>$(COV_DIR)/run.log || { tail $(COV_DIR)/run.log; exit 1; }
	llvm-profdata merge -sparse -o $(COV_DIR)/run.profdata $(COV_DIR)/run.profraw
	llvm-cov report $(COV_DIR)/fuzz_amrc -instr-profile=$(COV_DIR)/run.profdata \
	  $(SRCS) $(FUZZ_DIR)/parser.c $(FUZZ_DIR)/lexer.c

# ---------------------------------------------------------------- sanitizers
# `make check` with the objects and binary in $(SAN_DIR), built with gcc's
# AddressSanitizer and UndefinedBehaviorSanitizer. Any report fails it: a
# unit test aborts, a golden test's stderr or status no longer matches.
SAN_DIR   ?= build-san
SAN_CC    ?= gcc
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_ENV   := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
             UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1

check-sanitize:
	$(SAN_ENV) $(MAKE) --no-print-directory check BUILD=$(SAN_DIR) CC=$(SAN_CC) \
	  OPT='-O1 -g' CFLAGS='$(SAN_FLAGS) -DAMRC_NO_SIMD' LDFLAGS='$(SAN_FLAGS)'
	@echo "check-sanitize: every test passed under ASan and UBSan"

# ---------------------------------------------------------------- valgrind
# amrc under valgrind on the example plan: the check in each diagnostics
# format and every back end (fuzz/valgrind.sh); skipped with a message when
# valgrind is missing.
check-valgrind: $(AMRC_BIN)
	@sh fuzz/valgrind.sh ./$(AMRC_BIN) examples/achterhoek/plan.amr

.PHONY: fuzz fuzz-regress fuzz-coverage check-sanitize check-valgrind

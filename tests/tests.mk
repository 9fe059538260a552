# tests/tests.mk: `make check` builds and runs every test.
#   cmocka unit tests:  tests/unit/test_*.c, each linked with build/libamrc.a
#   golden tests:       tests/golden/**/NAME.amr with NAME.stderr/.stdout/.status
#                       (tests/run_golden.sh; UPDATE=1 rewrites the expectations)
#   shell runners:      the report in a browser, fmt, diff, diagnostics formats,
#                       contrib files (tests/run_*.sh, tests/html_browser.sh)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/tests/%)

build/tests:
	@mkdir -p build/tests

build/tests/%: tests/unit/%.c tests/unit/plan_test.h build/libamrc.a src/amrc.h | build/tests
	$(CC) $(CSTD) $(OPT) $(WARN) $(CPPFLAGS) $(CFLAGS) -o $@ $< build/libamrc.a -lcmocka $(LDLIBS)

# test_fuzz_corpus includes the fuzz target itself
build/tests/test_fuzz_corpus: fuzz/fuzz_amrc.c

check: amrc $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
	@echo "== html report in a browser"
	@sh tests/html_browser.sh ./amrc examples/achterhoek/plan.amr
	@set -e; for t in fmt diff diagfmt contrib readme; do echo "== $$t tests"; sh tests/run_$$t.sh; done
	@echo "== atomic output"
	@sh tests/atomic_output.sh
	@echo "== --time-report"
	@sh tests/time_report.sh
	@echo "== a plan on several threads"
	@sh tests/threads.sh
	@echo "== golden tests, on one thread"
	@AMRC_THREADS=1 sh tests/run_golden.sh
	@echo "== golden tests, on four (last: its closing line counts the whole program's runs)"
	@AMRC_THREADS=4 sh tests/run_golden.sh

# tests/tests.mk: `make check` builds and runs every test, in groups that
# run side by side.
#   cmocka unit tests:  tests/unit/test_*.c, each linked with BUILD/libamrc.a;
#                       a group each
#   golden tests:       every folder of tests/golden with a file RUN, a group
#                       each (check-golden/FOLDER), run by tests/golden.sh:
#                       RUN says which files are cases, how to run one and
#                       which outputs to compare with the expectations beside
#                       it (UPDATE=1 sh tests/golden.sh [FOLDER] rewrites
#                       them). A new folder with a RUN is a new group: nothing
#                       to add here.
#   scenarios:          the report in a browser, the workbook in LibreOffice,
#                       what fmt, diff, expect and import do beyond their
#                       golden cases, diagnostics formats, init, contrib, the
#                       README and tutorial, links (tests/run_*.sh and the
#                       other tests/*.sh), each a group named below

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

$(BUILD)/tests:
	@mkdir -p $(BUILD)/tests

# With gcc's fat objects (Makefile, LTO_FAT) a test links their ordinary
# code, without LTO; other compilers link as amrc is linked.
# Its headers, as for the objects (Makefile, DEPFLAGS), in BUILD/tests/NAME.d.
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libamrc.a | $(BUILD)/tests
	$(CC) $(CSTD) $(OPT) $(if $(LTO_FAT),-fno-lto) $(WARN) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) \
	  -MMD -MP -MF $@.d -MT $@ -o $@ $< $(BUILD)/libamrc.a -lcmocka $(LDLIBS)

-include $(UNIT_BINS:=.d)

# test_fuzz_corpus includes the fuzz target itself
$(BUILD)/tests/test_fuzz_corpus: fuzz/fuzz_amrc.c

# The tests run side by side, as many at once as there are cores, each
# one's output printed whole when it ends (make's --output-sync). They share
# nothing: each writes in a folder of its own (mktemp). The longest come
# first (times in bench/RESULTS.md, "make check").
CHECK_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CHECK_UNITS := $(UNIT_BINS:$(BUILD)/tests/%=check-unit-%)
GOLDEN_DIRS := $(sort $(patsubst tests/golden/%/RUN,%,$(shell find tests/golden -name RUN)))
GOLDEN_CHECKS := $(GOLDEN_DIRS:%=check-golden/%)
CHECKS := check-xlsx check-html check-html-axe check-csv-readers check-unit-test_emit check-fmt check-unit-test_limits \
          $(filter-out check-unit-test_emit check-unit-test_limits,$(CHECK_UNITS)) \
          $(GOLDEN_CHECKS) check-golden-orphans \
          check-diff check-diagfmt check-contrib check-readme check-expect check-import check-init check-tutorial check-demo check-atomic check-time-report \
          check-threads check-links check-lang check-deps check-headers

# Every runner tests the binary AMRC names (an absolute path), so that a
# sanitizer build (BUILD=build-san) is tested in place.
check: $(AMRC_BIN) $(UNIT_BINS)
	@AMRC=$(abspath $(AMRC_BIN)) $(MAKE) --no-print-directory -j$(CHECK_JOBS) --output-sync=target $(CHECKS)
	@echo "make check: all $(words $(CHECKS)) test groups passed"

$(CHECK_UNITS): check-unit-%:
	@echo "== $(BUILD)/tests/$*"; $(BUILD)/tests/$*
check-html:
	@echo "== html report in a browser"; sh tests/html_browser.sh "$$AMRC" examples/achterhoek/plan.amr
check-fmt check-diff check-diagfmt check-contrib check-readme check-expect check-import check-init check-tutorial check-demo check-links:
	@echo "== $(@:check-%=%) tests"; sh tests/run_$(@:check-%=%).sh
check-html-axe:
	@echo "== html report: accessibility (axe-core)"; sh tests/html_axe.sh
check-lang:
	@echo "== Dutch messages (po/nl.po, --lang=nl)"; sh tests/lang.sh
check-headers:
	@echo "== the headers of src/, each alone and in its layer"; sh tests/headers.sh
check-deps:
	@echo "== the modules' dependencies (tools/depgraph)"; sh tests/depgraph.sh $(BUILD)
check-xlsx:
	@echo "== the workbook recalculated by LibreOffice"; XLSX_RECALC_CACHE=$(BUILD)/xlsx-recalc sh tests/xlsx_recalc.sh
check-csv-readers:
	@echo "== the CSV in pandas and LibreOffice"; sh tests/csv_readers.sh
check-atomic:
	@echo "== atomic output"; sh tests/atomic_output.sh
check-time-report:
	@echo "== --time-report"; sh tests/time_report.sh
check-threads:
	@echo "== a plan on several threads"; sh tests/threads.sh
check-golden-orphans:
	@echo "== golden: no .amr file that nothing runs"; sh tests/golden.sh --orphans
$(GOLDEN_CHECKS): check-golden/%:
	@echo "== golden tests of tests/golden/$*"; sh tests/golden.sh tests/golden/$*

.PHONY: check $(CHECKS)

# bench/bench.mk: `make bench`, included by the Makefile. Not part of
# `make check`: it takes minutes and its numbers depend on the machine.
#
#   make bench                              amrc at 2, 20 and 200 MB, the back
#                                           ends, the example, and the peers
#   make bench BENCH_SIZES="2M 20M"         fewer sizes
#   make bench BENCH_PEERS=0                without the peers' scripts
#   make bench-actuals                      --actuals on 10 000 to 1 000 000 bookings
#   (make bench also runs bench/scale.sh: diff and fmt time and memory, output sizes)
#
# Everything generated goes to BENCH_DIR (default /tmp/amrc-bench); the
# tables are printed and written to BENCH_DIR/out/results.md. What they
# showed, and what each optimisation bought: bench/RESULTS.md.

BENCH_DIR   ?= /tmp/amrc-bench
BENCH_SIZES ?= 2M 20M 200M
BENCH_PEERS ?= 1

$(BUILD)/bench-gen: bench/gen.c | $(BUILD)/.dir
	$(CC) $(CSTD) -O2 $(WARN) -o $@ $<

# The release build is what is measured (Makefile, "release").
# bench/run.sh fails when a target of the performance guard is not met;
# the other two still run, and make bench fails at the end.
bench: release $(BUILD)/bench-gen
	@rc=0; \
	BENCH_DIR="$(BENCH_DIR)" BENCH_SIZES="$(BENCH_SIZES)" BENCH_PEERS="$(BENCH_PEERS)" \
	  GEN=$(BUILD)/bench-gen AMRC=build-release/amrc sh bench/run.sh || rc=1; \
	BENCH_DIR="$(BENCH_DIR)" AMRC=build-release/amrc sh bench/actuals.sh || rc=1; \
	BENCH_DIR="$(BENCH_DIR)" BENCH_SIZES="$(BENCH_SIZES)" AMRC=build-release/amrc GEN=$(BUILD)/bench-gen sh bench/scale.sh || rc=1; \
	exit $$rc

# amrc --actuals on 10 000 to 1 000 000 bookings (bench/actuals.sh), the
# release build
bench-actuals: release
	BENCH_DIR="$(BENCH_DIR)" AMRC=build-release/amrc sh bench/actuals.sh

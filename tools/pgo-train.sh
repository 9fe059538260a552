#!/bin/sh
# tools/pgo-train.sh AMRC: the runs whose profile the build optimises amrc
# with (Makefile, "profile-guided optimisation"). What amrc is for, on the
# real plan and on the golden tests' inputs; not the benchmark's generated
# plans, so that `make bench` measures amrc on input it was not trained on.
# Output is thrown away and exit statuses are ignored (many golden inputs
# are wrong on purpose). One thread: gcc's counters are not atomic by
# default. Two builds' binaries can still differ (a clean and an
# incremental build of the same tree did; why, not measured); what they
# print does not.
set -u
amrc=$1
cd "$(dirname "$0")/.." || exit 2
export AMRC_STDLIB=stdlib AMRC_THREADS=1
plan=examples/achterhoek/plan.amr
"$amrc" --check "$plan" >/dev/null 2>&1
for f in table summary markdown csv csv-balances json header html risks risks-markdown; do
  "$amrc" --force --emit=$f "$plan" >/dev/null 2>&1
done
"$amrc" --diagnostics-format=json --check "$plan" >/dev/null 2>&1
"$amrc" fmt --check "$plan" >/dev/null 2>&1
for f in tests/golden/*/*.amr; do
  "$amrc" --check "$f" >/dev/null 2>&1
done
exit 0

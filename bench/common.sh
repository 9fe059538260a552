# bench/common.sh: how the benchmark scripts begin, sourced as
#   . "$(dirname "$0")/common.sh"
# Sets here (bench/), root (the repository), AMRC and GEN (the binaries, as absolute
# paths; default ./amrc and build/bench-gen) and DIR (BENCH_DIR, default
# /tmp/amrc-bench), and refuses a DIR inside the repository: the plans
# generated there are large, and nothing of them belongs in the tree.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
AMRC=${AMRC:-$root/amrc}
GEN=${GEN:-$root/build/bench-gen}
case $AMRC in /*) ;; *) AMRC=$root/$AMRC ;; esac
case $GEN in /*) ;; *) GEN=$root/$GEN ;; esac
DIR=${BENCH_DIR:-/tmp/amrc-bench}
case $DIR in "$root"|"$root"/*) echo "bench: BENCH_DIR must be outside the repository" >&2; exit 2 ;; esac

#!/bin/bash
# nskit's benchmarks: each tool against its peer, in the same run.
#
#   bench/run.sh [nsls|nsjoin|nsrun|nstop|nsdiff|runtimes]   (as root; NSKIT_BIN set)
#   bench/run.sh nstop-stats                        (nstop's part of cgroup figures alone)
#   NSKIT_BENCH_BEFORE=DIR bench/run.sh versus       (this build against DIR's)
#
# The helpers below (fixture_start, pair, median_of, syscalls, say) are for
# the per-tool files bench/TOOL.sh.
# Prints a Markdown report and keeps it in $NSKIT_BIN/bench-report.md.
# Quote medians and ratios: machines are shared and noisy.
set -eu

: "${NSKIT_BIN:?NSKIT_BIN must name the build directory}"
HERE=$(cd "$(dirname "$0")" && pwd)
REPORT=$NSKIT_BIN/bench-report.md
WORK=$(mktemp -d /tmp/nskit-bench.XXXXXX)
RUNS=${NSKIT_BENCH_RUNS:-10}
STATES=()

cleanup() {
	fixture_stop_all
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" != 0 ]; then
	echo "bench/run.sh: run as root (the fixture creates namespaces)" >&2
	exit 1
fi
for c in hyperfine strace jq; do
	command -v $c >/dev/null || { echo "bench/run.sh: needs $c (scripts/deps.sh)" >&2; exit 1; }
done

say() { printf '%s\n' "$*" | tee -a "$REPORT"; }

fixture_start() {	# GROUPS PER_GROUP [CGROUP_DIR...]
	local state=$WORK/fixture.${#STATES[@]}
	STATES+=("$state")
	"$HERE/fixture.sh" start "$1" "$2" "$state" "${@:3}"
}

fixture_stop_all() {
	local s
	for s in "${STATES[@]}"; do
		"$HERE/fixture.sh" stop "$s" || true
	done
	STATES=()
}

# processes that exit between the glob and ls are not an error
nprocs() { ls -d /proc/[0-9]* 2>/dev/null | wc -l; }

# hyperfine's options: -i when BENCH_ANY_STATUS=1, for commands whose
# non-zero exit status is an answer, not a failure (nsdiff's 1: different).
hf_opts() {
	echo "-N${BENCH_ANY_STATUS:+ -i}"
}

# pair NAME "CMD_A" "CMD_B": hyperfine both, print a table row with the
# medians and B/A (how many times faster A is); with BENCH_RATIO_AB=1, A/B
# to two decimals (how many times slower A is, for targets such as 1.2x).
pair() {
	local name=$1 a=$2 b=$3 json=$WORK/h.json ma mb fmt='%.1f' ratio
	# shellcheck disable=SC2046
	hyperfine $(hf_opts) --warmup 2 --runs "$RUNS" --export-json "$json" "$a" "$b" \
		>/dev/null 2>&1
	ma=$(jq '.results[0].median' "$json")
	mb=$(jq '.results[1].median' "$json")
	ratio="$mb / $ma"
	if [ -n "${BENCH_RATIO_AB:-}" ]; then
		ratio="$ma / $mb"
		fmt='%.2f'
	fi
	say "$(printf "| %s | \`%s\` %.1f ms | \`%s\` %.1f ms | **${fmt}x** |" "$name" \
		"$a" "$(echo "$ma * 1000" | bc -l)" "$b" "$(echo "$mb * 1000" | bc -l)" \
		"$(echo "$ratio" | bc -l)")"
}

median_of() {	# CMD: median wall seconds of RUNS runs
	# shellcheck disable=SC2046
	hyperfine $(hf_opts) --warmup 1 --runs "$RUNS" --export-json "$WORK/m.json" "$1" \
		>/dev/null 2>&1
	jq '.results[0].median' "$WORK/m.json"
}

# syscalls CMD: total syscalls (all threads) of one run
syscalls() {
	strace -f -c -o "$WORK/strace.txt" "$@" >/dev/null 2>&1 || true
	awk '/^100.00/ { print $4 }' "$WORK/strace.txt"
}

: >"$REPORT"
say "# nskit benchmarks"
say ""
say "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) CPUs, $(lsns --version)."
say ""
# Each tool's benchmark is bench/TOOL.sh, defining bench_TOOL; they run in
# this order, each only when its tool is built.
want=${1:-all}
# (runtimes: what reading the runtimes' state costs nsls and nstop)
for b in nsls nsjoin nsrun nstop nsdiff runtimes; do
	[ -f "$HERE/$b.sh" ] || continue
	if [ "$want" = all ] || [ "$want" = "$b" ]; then
		# shellcheck source=/dev/null
		. "$HERE/$b.sh"
		{ [ -x "$NSKIT_BIN/$b" ] || [ "$b" = runtimes ]; } && "bench_$b"
	fi
done
# nstop's cost of the containers' cgroup figures, alone (bench_nstop runs it too).
if [ "$want" = nstop-stats ]; then
	# shellcheck source=/dev/null
	. "$HERE/nstop.sh"
	bench_nstop_stats
fi
# Only when asked for: it needs a second build.
if [ "$want" = versus ]; then
	# shellcheck source=/dev/null
	. "$HERE/versus.sh"
	bench_versus
fi
echo "Report: $REPORT" >&2

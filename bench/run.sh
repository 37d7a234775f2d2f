#!/bin/bash
# nskit's benchmarks: each tool against its peer, in the same run.
#
#   bench/run.sh [nsls|...]    (as root; NSKIT_BIN names the build directory)
#
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
	local s
	for s in "${STATES[@]}"; do
		"$HERE/fixture.sh" stop "$s" || true
	done
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

fixture_start() {	# GROUPS PER_GROUP
	local state=$WORK/fixture.${#STATES[@]}
	STATES+=("$state")
	"$HERE/fixture.sh" start "$1" "$2" "$state"
}

nprocs() { ls -d /proc/[0-9]* | wc -l; }

# pair NAME "CMD_A" "CMD_B": hyperfine both, print a table row with the
# medians and B/A (how many times faster A is).
pair() {
	local name=$1 a=$2 b=$3 json=$WORK/h.json ma mb
	hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$json" "$a" "$b" >/dev/null 2>&1
	ma=$(jq '.results[0].median' "$json")
	mb=$(jq '.results[1].median' "$json")
	say "$(printf '| %s | `%s` %.1f ms | `%s` %.1f ms | **%.1fx** |' "$name" \
		"$a" "$(echo "$ma * 1000" | bc -l)" "$b" "$(echo "$mb * 1000" | bc -l)" \
		"$(echo "$mb / $ma" | bc -l)")"
}

median_of() {	# CMD: median wall seconds of RUNS runs
	hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$WORK/m.json" "$1" >/dev/null 2>&1
	jq '.results[0].median' "$WORK/m.json"
}

# syscalls CMD: total syscalls (all threads) of one run
syscalls() {
	strace -f -c -o "$WORK/strace.txt" "$@" >/dev/null 2>&1 || true
	awk '/^100.00/ { print $4 }' "$WORK/strace.txt"
}

bench_nsls() {
	local nsls=$NSKIT_BIN/nsls n pid t10 t20 sa sb
	say "## nsls vs lsns"
	say ""
	fixture_start 200 50
	n=$(nprocs)
	pid=$(pgrep -n sleep)
	say "Fixture: 200 groups x 50 processes in new mnt, net, uts, ipc and pid namespaces;"
	say "$n processes in all. $RUNS runs each after 2 warm-ups (hyperfine -N), medians."
	say ""
	say "| listing | nskit | util-linux | lsns / nsls |"
	say "|---|---|---|---|"
	pair "default" "$nsls" "lsns"
	pair "JSON" "$nsls -J" "lsns -J"
	pair "net only" "$nsls -t net" "lsns -t net"
	pair "one process" "$nsls -p $pid" "lsns -p $pid"
	pair "one process, NS and TYPE" "$nsls -p $pid -o NS,TYPE" "lsns -p $pid -o NS,TYPE"
	say ""
	say "The same walk through libproc2 (procps 4), which common/procfs.c replaces:"
	say ""
	say "| walk | nskit | libproc2 | libproc2 / nskit |"
	say "|---|---|---|---|"
	pair "namespaces of every process" "$nsls -l -n -o NS,TYPE,NPROCS" "$NSKIT_BIN/bench/libproc2_walk"
	say ""
	sa=$(syscalls "$nsls")
	sb=$(syscalls lsns)
	say "Syscalls (strace -f -c, one run): nsls $sa, lsns $sb for $n processes:"
	say "$(printf '%.1f and %.1f per process.' "$(echo "$sa / $n" | bc -l)" "$(echo "$sb / $n" | bc -l)")"
	say ""
	t10=$(median_of "$nsls")
	fixture_start 200 50
	n=$(nprocs)
	t20=$(median_of "$nsls")
	say "$(printf 'Growth: nsls takes %.1f ms at %d processes and %.1f ms at %d: %.2fx for twice the processes.' \
		"$(echo "$t10 * 1000" | bc -l)" "$((n / 2))" "$(echo "$t20 * 1000" | bc -l)" "$n" \
		"$(echo "$t20 / $t10" | bc -l)")"
	say ""
}

: >"$REPORT"
say "# nskit benchmarks"
say ""
say "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) CPUs, $(lsns --version)."
say ""
want=${1:-all}
for b in nsls; do
	if [ "$want" = all ] || [ "$want" = "$b" ]; then
		[ -x "$NSKIT_BIN/$b" ] && "bench_$b"
	fi
done
echo "Report: $REPORT" >&2

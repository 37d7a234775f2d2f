# One build of nskit against another (sourced by bench/run.sh), to show
# that a change costs no speed:
#
#   NSKIT_BENCH_BEFORE=/path/to/old/build bench/run.sh versus
#
# On one fixture (200 groups x 50 processes, each group a container), the
# two builds' nsls (default listing and -J), nsdiff (a container against
# the host) and nstop (CPU time of a steady refresh, as bench/nstop.sh
# measures it) run in alternating rounds, so that a change in the
# machine's load hits both alike. Medians of every run of every round.
# shellcheck shell=bash

# versus_times CMD_1 FILE_1 CMD_2 FILE_2: hyperfine both (runs of the first,
# then of the second) and append their times to the files.
versus_times() {
	# shellcheck disable=SC2046
	hyperfine $(hf_opts) --warmup 1 --runs "$VERSUS_RUNS" --export-json "$WORK/v.json" \
		"$1" "$3" >/dev/null 2>&1
	jq '.results[0].times[]' "$WORK/v.json" >>"$2"
	jq '.results[1].times[]' "$WORK/v.json" >>"$4"
}

# versus_row NAME CMD_BEFORE CMD_AFTER: rounds of both, then a table row.
versus_row() {
	local name=$1 a=$2 b=$3 r ma mb
	: >"$WORK/a"
	: >"$WORK/b"
	for r in $(seq "$VERSUS_ROUNDS"); do
		if [ $((r % 2)) -eq 1 ]; then
			versus_times "$a" "$WORK/a" "$b" "$WORK/b"
		else
			versus_times "$b" "$WORK/b" "$a" "$WORK/a"
		fi
	done
	ma=$(nstop_median <"$WORK/a")
	mb=$(nstop_median <"$WORK/b")
	say "$(printf '| %s | %.1f ms | %.1f ms | **%.3f** | %d + %d |' "$name" \
		"$(echo "$ma * 1000" | bc -l)" "$(echo "$mb * 1000" | bc -l)" \
		"$(echo "$mb / $ma" | bc -l)" "$(wc -l <"$WORK/a")" "$(wc -l <"$WORK/b")")"
}

# The CPU time of one steady nstop refresh of a build, one sample.
versus_nstop_refresh() {
	local one eleven
	one=$(nstop_cpu_of "$1/nstop" -b -n 1 -d 0.1)
	eleven=$(nstop_cpu_of "$1/nstop" -b -n 11 -d 0.1)
	echo "($eleven - $one) / 10" | bc -l
}

bench_versus() {
	local before=${NSKIT_BENCH_BEFORE:-} after=$NSKIT_BIN n pid i ma mb
	VERSUS_ROUNDS=${VERSUS_ROUNDS:-4}
	VERSUS_RUNS=$(( (RUNS + VERSUS_ROUNDS - 1) / VERSUS_ROUNDS * 2 ))
	if [ -z "$before" ] || [ ! -x "$before/nsls" ]; then
		say "versus: set NSKIT_BENCH_BEFORE to the build directory of the other build"
		return
	fi
	# shellcheck source=/dev/null
	. "$HERE/nstop.sh"
	# shellcheck source=/dev/null
	. "$HERE/nsdiff.sh"
	say "## This build against another"
	say ""
	nsdiff_fixture_start
	n=$(nprocs)
	pid=$NSDIFF_PID
	say "Before: \`$before\`; after: \`$after\`. Fixture: 200 groups x 50 processes, each"
	say "group a container (/nskit/NAME); $n processes. $VERSUS_ROUNDS rounds that alternate"
	say "which build goes first, $VERSUS_RUNS runs of each per round (hyperfine -N); medians."
	say ""
	say "| measure | before | after | after / before | runs |"
	say "|---|---|---|---|---|"
	versus_row "nsls" "$before/nsls" "$after/nsls"
	versus_row "nsls -J" "$before/nsls -J" "$after/nsls -J"
	BENCH_ANY_STATUS=1 versus_row "nsdiff $pid" "$before/nsdiff $pid" "$after/nsdiff $pid"
	: >"$WORK/a"
	: >"$WORK/b"
	for i in $(seq "${NSTOP_BENCH_REPEAT:-7}"); do
		versus_nstop_refresh "$before" >>"$WORK/a"
		versus_nstop_refresh "$after" >>"$WORK/b"
	done
	ma=$(nstop_median <"$WORK/a")
	mb=$(nstop_median <"$WORK/b")
	say "$(printf '| nstop: CPU time of a steady refresh | %.1f ms | %.1f ms | **%.3f** | %d + %d |' \
		"$(echo "$ma * 1000" | bc -l)" "$(echo "$mb * 1000" | bc -l)" \
		"$(echo "$mb / $ma" | bc -l)" "$(wc -l <"$WORK/a")" "$(wc -l <"$WORK/b")")"
	say ""
	nsdiff_fixture_stop
}

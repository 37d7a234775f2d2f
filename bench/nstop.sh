# nstop against top (sourced by bench/run.sh).
# shellcheck shell=bash
#
# What is measured, and how:
#  - The CPU time (user + system, from getrusage through GNU time) of one
#    steady-state refresh: `nstop -b -n 11 -d 0.1` less `nstop -b -n 1
#    -d 0.1`, divided by 10. Both runs pay the same start-up and first walk
#    (which reads every process's namespaces and cgroup once); the
#    difference is ten refreshes that find every process in the cache.
#    Against it, the CPU time of `top -b -n 1`, which reads every process
#    once, in the same run. Medians of NSTOP_BENCH_REPEAT (5) runs.
#  - System calls per refresh and per process, the same way (strace -c).
#  - nstop's own CPU use over a minute at -d 1 (batch mode, output to
#    /dev/null): CPU seconds / 60 s.
#  - Its peak RSS (GNU time's %M) after 10 and after 1000 refreshes at
#    -d 0.01: memory that stays flat has the same peak.

# CPU seconds (user + system) of one run of a command.
nstop_cpu_of() {
	/usr/bin/time -f '%U %S' -o "$WORK/time" "$@" >/dev/null 2>&1 || true
	awk '{ printf "%.3f\n", $1 + $2 }' "$WORK/time"
}

# The median of the numbers on standard input.
nstop_median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Peak RSS in KiB of one run.
nstop_maxrss() {
	/usr/bin/time -f '%M' -o "$WORK/time" "$@" >/dev/null 2>&1 || true
	tail -n 1 "$WORK/time"
}

bench_nstop() {
	local nstop=$NSKIT_BIN/nstop n rep=${NSTOP_BENCH_REPEAT:-5} i one eleven top refresh
	local s1 s11 rss10 rss1000 minute
	command -v /usr/bin/time >/dev/null || { say "nstop: needs GNU time (/usr/bin/time)"; return; }
	say "## nstop vs top"
	say ""
	fixture_start 200 50
	n=$(nprocs)
	say "Fixture: 200 groups x 50 processes in new mnt, net, uts, ipc and pid namespaces;"
	say "$n processes in all. Medians of $rep runs; CPU time is user + system (GNU time)."
	say ""
	one=$(for i in $(seq "$rep"); do nstop_cpu_of "$nstop" -b -n 1 -d 0.1; done | nstop_median)
	eleven=$(for i in $(seq "$rep"); do nstop_cpu_of "$nstop" -b -n 11 -d 0.1; done |
		nstop_median)
	top=$(for i in $(seq "$rep"); do nstop_cpu_of top -b -n 1; done | nstop_median)
	refresh=$(echo "($eleven - $one) / 10" | bc -l)
	say "| measure | nstop | top | nstop / top |"
	say "|---|---|---|---|"
	say "$(printf '| CPU time of one refresh (steady state) | %.1f ms | %.1f ms (`top -b -n 1`) | **%.2fx** |' \
		"$(echo "$refresh * 1000" | bc -l)" "$(echo "$top * 1000" | bc -l)" \
		"$(echo "$refresh / $top" | bc -l)")"
	say "$(printf '| CPU time of a whole run with 1 frame | %.1f ms (`-b -n 1`: 2 walks) | %.1f ms | %.2fx |' \
		"$(echo "$one * 1000" | bc -l)" "$(echo "$top * 1000" | bc -l)" \
		"$(echo "$one / $top" | bc -l)")"
	s1=$(syscalls "$nstop" -b -n 1 -d 0.1)
	s11=$(syscalls "$nstop" -b -n 11 -d 0.1)
	say "$(printf '| system calls per refresh (strace -c) | %d (%.2f per process) | %d (one run, %.2f per process) | |' \
		"$(((s11 - s1) / 10))" "$(echo "($s11 - $s1) / 10 / $n" | bc -l)" \
		"$(syscalls top -b -n 1)" "$(echo "$(syscalls top -b -n 1) / $n" | bc -l)")"
	say ""
	say "One refresh = \`nstop -b -n 11 -d 0.1\` less \`nstop -b -n 1 -d 0.1\`, divided by 10"
	say "($(printf '%.0f' "$(echo "$eleven * 1000" | bc -l)") ms and $(printf '%.0f' "$(echo "$one * 1000" | bc -l)") ms of CPU)."
	say ""
	minute=$(nstop_cpu_of "$nstop" -b -n 60 -d 1)
	say "$(printf 'Over a minute at -d 1 (`nstop -b -n 60 -d 1`): %.2f s of CPU, %.1f%% of one core.' \
		"$minute" "$(echo "$minute * 100 / 60" | bc -l)")"
	rss10=$(nstop_maxrss "$nstop" -b -n 10 -d 0.01)
	rss1000=$(nstop_maxrss "$nstop" -b -n 1000 -d 0.01)
	say "$(printf 'Peak RSS: %d KiB after 10 refreshes, %d KiB after 1000 (`-b -n N -d 0.01`): %.3fx.' \
		"$rss10" "$rss1000" "$(echo "$rss1000 / $rss10" | bc -l)")"
	say ""
	fixture_stop_all
}

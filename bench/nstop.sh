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
	bench_nstop_stats
}

# The parent cgroups of the fixture's containers: every hierarchy with a
# controller that nstop reads (the v2 tree, else v1's memory, cpu, pids and
# blkio, beside the hybrid's empty v2 tree), /nskit/bench-N in each, so that
# each group is an nsrun container with figures in every controller.
nstop_cg_parents() {
	local fs d
	fs=$(stat -f -c %T /sys/fs/cgroup)
	if [ "$fs" = cgroup2fs ]; then
		mkdir -p /sys/fs/cgroup/nskit
		for d in /sys/fs/cgroup /sys/fs/cgroup/nskit; do
			echo "+memory +pids +io +cpu" >"$d/cgroup.subtree_control" 2>/dev/null || true
		done
		echo /sys/fs/cgroup/nskit
		return
	fi
	[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] &&
		echo /sys/fs/cgroup/unified/nskit
	for d in memory cpu pids blkio; do
		[ -d "/sys/fs/cgroup/$d" ] && echo "/sys/fs/cgroup/$d/nskit"
	done
	return 0
}

# The CPU time of one steady refresh of nstop with these arguments, one sample.
nstop_refresh_of() {
	local one eleven
	one=$(nstop_cpu_of "$NSKIT_BIN/nstop" "$@" -b -n 1 -d 0.1)
	eleven=$(nstop_cpu_of "$NSKIT_BIN/nstop" "$@" -b -n 11 -d 0.1)
	echo "($eleven - $one) / 10" | bc -l
}

# What reading every container's cgroup costs a refresh: the container view
# with docker stats' columns (its default) against the same view without
# them, as it was, in alternating runs of the same fixture.
bench_nstop_stats() {
	local rep=${NSTOP_BENCH_REPEAT:-7} n i a b s_a s_b parents=() old
	old=CONTAINER,RUNTIME,NAMESPACES,NPROCS,THREADS,CPU%,MEM,RX/s,TX/s,PID,COMMAND
	command -v /usr/bin/time >/dev/null || return
	mapfile -t parents < <(nstop_cg_parents)
	say "## nstop: docker stats' figures per container"
	say ""
	fixture_start 200 50 "${parents[@]}"
	n=$(nprocs)
	say "Fixture: 200 groups x 50 processes, each group a container (/nskit/bench-N in"
	say "${parents[*]%/nskit}); $n processes. Medians of $rep runs of each, alternating."
	say ""
	: >"$WORK/a"
	: >"$WORK/b"
	for i in $(seq "$rep"); do
		if [ $((i % 2)) -eq 1 ]; then
			nstop_refresh_of -c -o "$old" >>"$WORK/a"
			nstop_refresh_of -c >>"$WORK/b"
		else
			nstop_refresh_of -c >>"$WORK/b"
			nstop_refresh_of -c -o "$old" >>"$WORK/a"
		fi
	done
	a=$(nstop_median <"$WORK/a")
	b=$(nstop_median <"$WORK/b")
	s_a=$(( ($(syscalls "$NSKIT_BIN/nstop" -c -o "$old" -b -n 11 -d 0.1) -
		 $(syscalls "$NSKIT_BIN/nstop" -c -o "$old" -b -n 1 -d 0.1)) / 10 ))
	s_b=$(( ($(syscalls "$NSKIT_BIN/nstop" -c -b -n 11 -d 0.1) -
		 $(syscalls "$NSKIT_BIN/nstop" -c -b -n 1 -d 0.1)) / 10 ))
	say "| measure | without (\`-c -o $old\`) | with (\`-c\`) | with / without |"
	say "|---|---|---|---|"
	say "$(printf '| CPU time of one steady refresh | %.1f ms | %.1f ms | **%.3f** |' \
		"$(echo "$a * 1000" | bc -l)" "$(echo "$b * 1000" | bc -l)" "$(echo "$b / $a" | bc -l)")"
	say "$(printf '| system calls per refresh | %d | %d | +%d (%.1f per container) |' \
		"$s_a" "$s_b" "$((s_b - s_a))" "$(echo "($s_b - $s_a) / 200" | bc -l)")"
	say ""
	say "Target: at most 1.15 (the figures read once per container, not per process)."
	say ""
	fixture_stop_all
}

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
#  - Against htop (bench_nstop_htop): the dashboard and htop side by side,
#    each in a tmux session of the same size at the same interval (1 s),
#    their CPU time (utime + stime of /proc/PID/stat) over a steady
#    window after their start-up, in alternating runs; and the dashboard's
#    peak RSS after 10 and 1000 refreshes at -d 0.01 (-n ends it).

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
	bench_nstop_htop_on_fixture "$n"
	fixture_stop_all
	bench_nstop_stats
}

# The CPU seconds (utime + stime) a process has used.
nstop_proc_cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"
}

# The steady CPU time of a full-screen program: CMD run in a 160x45 tmux
# session (HOME and XDG_CONFIG_HOME empty directories, so that no one's
# settings are read), its first NSTOP_HTOP_WARM seconds (10) left out (the
# start, the first walk of /proc), then its CPU seconds over the next
# NSTOP_HTOP_SECS (30).
nstop_screen_cpu() {
	local sock=nskit-bench-$$ pid t0 t1 warm=${NSTOP_HTOP_WARM:-10} secs=${NSTOP_HTOP_SECS:-30}
	mkdir -p "$WORK/home"
	tmux -L "$sock" -f /dev/null new-session -d -s b -x 160 -y 45 \
		"exec env HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home $*"
	pid=$(tmux -L "$sock" display -p -t b '#{pane_pid}')
	sleep "$warm"
	t0=$(nstop_proc_cpu "$pid")
	sleep "$secs"
	t1=$(nstop_proc_cpu "$pid")
	tmux -L "$sock" kill-server 2>/dev/null || true
	echo "$t1 - $t0" | bc -l
}

# The peak RSS (KiB) of the dashboard that quits after N refreshes at -d 0.01.
nstop_screen_rss() {
	local sock=nskit-bench-$$ i
	rm -f "$WORK/rss"
	tmux -L "$sock" -f /dev/null new-session -d -s b -x 160 -y 45 \
		"exec env HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home /usr/bin/time -f %M \
		-o $WORK/rss $NSKIT_BIN/nstop -d 0.01 -n $1"
	for i in $(seq 3000); do
		tmux -L "$sock" has-session -t b 2>/dev/null || break
		sleep 0.2
	done
	tmux -L "$sock" kill-server 2>/dev/null || true
	tail -n 1 "$WORK/rss"
}

# nstop's dashboard against htop, on the fixture that bench_nstop started.
bench_nstop_htop_on_fixture() {
	local n=$1 rep=${NSTOP_HTOP_REPEAT:-3} i h s hm sm secs=${NSTOP_HTOP_SECS:-30} r10 r1000
	command -v htop >/dev/null || { say "nstop vs htop: needs htop (scripts/deps.sh)"; return; }
	command -v tmux >/dev/null || { say "nstop vs htop: needs tmux"; return; }
	say "## nstop's dashboard vs htop"
	say ""
	say "$(htop --version | head -n 1) and nstop, each full-screen in a 160x45 tmux session"
	say "at a 1 s refresh (\`htop -d 10\`, \`nstop -d 1\`), on the same fixture ($n processes);"
	say "CPU time (utime + stime) over ${secs} s after ${NSTOP_HTOP_WARM:-10} s of start-up; medians"
	say "of $rep runs of each, alternating."
	say ""
	: >"$WORK/htop"
	: >"$WORK/nstop"
	for i in $(seq "$rep"); do
		nstop_screen_cpu htop -d 10 >>"$WORK/htop"
		nstop_screen_cpu "$NSKIT_BIN/nstop" -d 1 >>"$WORK/nstop"
	done
	hm=$(nstop_median <"$WORK/htop")
	sm=$(nstop_median <"$WORK/nstop")
	say "| measure | nstop | htop | nstop / htop |"
	say "|---|---|---|---|"
	say "$(printf '| CPU time over %d s at a 1 s refresh | %.2f s | %.2f s | **%.2fx** |' \
		"$secs" "$sm" "$hm" "$(echo "$sm / $hm" | bc -l)")"
	say "$(printf '| the same, each run (nstop; htop) | %s | %s | |' \
		"$(paste -sd' ' "$WORK/nstop")" "$(paste -sd' ' "$WORK/htop")")"
	r10=$(nstop_screen_rss 10)
	r1000=$(nstop_screen_rss 1000)
	say "$(printf '| dashboard peak RSS, 10 and 1000 refreshes at -d 0.01 | %d KiB, %d KiB | | **%.3fx** |' \
		"$r10" "$r1000" "$(echo "$r1000 / $r10" | bc -l)")"
	say ""
	say "Targets: at most 0.35x htop's CPU; the peak RSS after 1000 refreshes within 10%"
	say "of that after 10."
	say ""
}

# The same, alone: its own fixture.
bench_nstop_htop() {
	fixture_start 200 50
	bench_nstop_htop_on_fixture "$(nprocs)"
	fixture_stop_all
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

# nsls against lsns (sourced by bench/run.sh).
# shellcheck shell=bash

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
	fixture_stop_all
}

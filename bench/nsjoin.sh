# nsjoin against nsenter (sourced by bench/run.sh).
# shellcheck shell=bash

bench_nsjoin() {
	local nsjoin=$NSKIT_BIN/nsjoin u pid i runs=$((RUNS < 100 ? 100 : RUNS))
	say "## nsjoin vs nsenter"
	say ""
	# a container of new pid, mnt, uts, ipc, net and cgroup namespaces
	setsid unshare --fork --pid --mount --uts --ipc --net --cgroup --mount-proc \
		sleep 100000 </dev/null >/dev/null 2>&1 &
	u=$!
	for i in $(seq 50); do
		pid=$(pgrep -P "$u" -x sleep || true)
		[ -n "$pid" ] && break
		sleep 0.1
	done
	if [ -z "$pid" ]; then
		say "(no target could be started: skipped)"
		kill -KILL -- "-$u" 2>/dev/null || true
		return 0
	fi
	say "Target: a process in new pid, mnt, uts, ipc, net and cgroup namespaces"
	say "(unshare). $runs runs each after 2 warm-ups (hyperfine -N), medians; both"
	say "fork for the pid namespace. nsenter is $(nsenter --version | awk '{ print $NF }')."
	say ""
	say "| command | nsjoin | nsenter | nsenter / nsjoin |"
	say "|---|---|---|---|"
	RUNS=$runs pair "-t PID -a true" "$nsjoin -t $pid -a true" "nsenter -t $pid -a true"
	RUNS=$runs pair "-t PID -n true" "$nsjoin -t $pid -n true" "nsenter -t $pid -n true"
	RUNS=$runs pair "-t PID -a true, one file at a time" "$nsjoin -t $pid -a --no-pidfd true" \
		"nsenter -t $pid -a true"
	say ""
	say "nsjoin enters through one setns(pidfd) call (the target pinned), nsenter 2.38"
	say "through a setns per namespace file. A ratio above 1 means nsjoin is faster;"
	say "the target is at most 1.05x slower (a ratio of at least 0.95)."
	say ""
	say "Syscalls (strace -f -c, one run): nsjoin $(syscalls "$nsjoin" -t "$pid" -a true)," \
		"nsenter $(syscalls nsenter -t "$pid" -a true)."
	say ""
	kill -KILL -- "-$u" 2>/dev/null || true
	wait "$u" 2>/dev/null || true
}

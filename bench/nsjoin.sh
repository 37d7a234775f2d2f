# nsjoin against nsenter (sourced by bench/run.sh).
# shellcheck shell=bash

# interleaved N CMD...: run the commands in turn, N rounds (the order
# reversed every other round), so that a machine that gets busier or
# quieter during the run weighs on each the same; print one line per
# command: its median wall time in ms, and its mean CPU time (user +
# system, the command and its children) in ms. hyperfine runs one command's
# runs, then the other's: on a shared machine the load between the two
# blocks differs more than the tools do.
interleaved() {
	perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC -e '
		my ($n, @cmd) = @ARGV;
		my (@wall, @cpu);
		for my $r (1 .. $n) {
			for my $k ($r % 2 ? (0 .. $#cmd) : reverse(0 .. $#cmd)) {
				my @t0 = times;
				my $s = clock_gettime(CLOCK_MONOTONIC);
				my $pid = fork() // die "fork: $!\n";
				if (!$pid) {
					open(STDOUT, ">", "/dev/null");
					exec(split(/ /, $cmd[$k])) or exit 127;
				}
				waitpid($pid, 0);
				die "failed: $cmd[$k]\n" if $?;
				my @t1 = times;
				push @{$wall[$k]}, clock_gettime(CLOCK_MONOTONIC) - $s;
				push @{$cpu[$k]}, $t1[2] + $t1[3] - $t0[2] - $t0[3];
			}
		}
		for my $k (0 .. $#cmd) {
			my @w = sort { $a <=> $b } @{$wall[$k]};
			my $c = 0;
			$c += $_ for @{$cpu[$k]};
			printf "%.3f %.3f\n", 1000 * $w[int(@w / 2)], 1000 * $c / @{$cpu[$k]};
		}' "$@"
}

bench_nsjoin() {
	local nsjoin=$NSKIT_BIN/nsjoin u pid i runs=$((RUNS < 100 ? 100 : RUNS)) rounds res
	local wj we wt cj ce
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
	say "through a setns per namespace file. A ratio above 1 means nsjoin is faster."
	say ""
	# the same, interleaved, against the cost of starting any program
	rounds=$((runs * 2))
	res=$(interleaved "$rounds" "$nsjoin -t $pid -a true" "nsenter -t $pid -a true" \
		"$nsjoin -t $pid -n true" "nsenter -t $pid -n true" /bin/true) ||
		{ say "(the interleaved run failed)"; kill -KILL -- "-$u"; return 0; }
	wt=$(sed -n '5s/ .*//p' <<<"$res")
	say "Interleaved ($rounds rounds of the five commands below in turn; medians of"
	say "wall time, means of CPU time of the command and its children):"
	say ""
	say "| command | wall | CPU | above /bin/true |"
	say "|---|---|---|---|"
	i=0
	for c in "nsjoin -t PID -a true" "nsenter -t PID -a true" "nsjoin -t PID -n true" \
		"nsenter -t PID -n true" "/bin/true"; do
		i=$((i + 1))
		read -r w c2 < <(sed -n "${i}p" <<<"$res")
		say "$(printf '| %s | %.2f ms | %.2f ms | %.2f ms |' "$c" "$w" "$c2" \
			"$(echo "$w - $wt" | bc -l)")"
		case $i in 1) wj=$w ;; 2) we=$w ;; 3) cj=$w ;; 4) ce=$w ;; esac
	done
	say ""
	say "$(printf 'nsjoin takes %.3fx the time of nsenter with -a, %.3fx with -n (the target:' \
		"$(echo "$wj / $we" | bc -l)" "$(echo "$cj / $ce" | bc -l)")"
	say "at most 1.05x)."
	say ""
	say "Syscalls (strace -f -c, one run): nsjoin $(syscalls "$nsjoin" -t "$pid" -a true)," \
		"nsenter $(syscalls nsenter -t "$pid" -a true)."
	say ""
	kill -KILL -- "-$u" 2>/dev/null || true
	wait "$u" 2>/dev/null || true
}

# nsrun against unshare, and 50 detached containers on one bridge network
# (sourced by bench/run.sh).
# shellcheck shell=bash

bench_nsrun() {
	local nsrun=$NSKIT_BIN/nsrun net=nskbench$$ i r t0 t1 start stop state runs
	local -a starts=() stops=()

	# A state directory of the benchmark's own, so that nothing of anybody
	# else's is listed or touched, on a tmpfs as /run/nskit is on most
	# systems (records are written on every launch).
	state=$(mktemp -d /dev/shm/nskit-bench.XXXXXX 2>/dev/null) || state=$WORK/nsrun-state
	export NSKIT_STATE_DIR=$state
	# launches are short and the machine is noisy: at least 50 runs
	runs=$((RUNS < 50 ? 50 : RUNS))
	say "## nsrun vs unshare"
	say ""
	say "Start to exit of a container that runs \`true\`: new pid, mount, uts, ipc, net and"
	say "cgroup namespaces and a /proc of its own in both; nsrun also makes the container's"
	say "cgroup and its record (state directory on a tmpfs, as /run is), an init that forwards"
	say "signals, a loopback that is up, a /dev/shm of its own, and Docker's capability set."
	say "$runs runs each after 2 warm-ups (hyperfine -N), medians."
	say ""
	say "| launch | nskit | util-linux | nsrun / unshare |"
	say "|---|---|---|---|"
	BENCH_RATIO_AB=1 RUNS=$runs pair "container running true" "$nsrun -- true" "unshare -fpmuinC --mount-proc true"
	BENCH_RATIO_AB=1 RUNS=$runs pair "the same, network shared" "$nsrun --net host -- true" \
		"unshare -fpmuiC --mount-proc true"
	say ""
	say "System calls of one launch, every process (strace -f -c): nsrun $(syscalls "$nsrun" -- true)," \
		"unshare $(syscalls unshare -fpmuinC --mount-proc true)."
	say ""

	# 50 detached containers on one network, started one after another as a
	# script would, then stopped; three rounds.
	"$nsrun" network rm "$net" >/dev/null 2>&1 || true
	"$nsrun" network create "$net" >/dev/null
	for r in 1 2 3; do
		t0=$(date +%s%N)
		for i in $(seq 50); do
			"$nsrun" -d --name "b$$-$i" --net "bridge:$net" -- sleep 3600 >/dev/null ||
				say "(round $r: container $i did not start)"
		done
		t1=$(date +%s%N)
		starts+=("$(((t1 - t0) / 1000000))")
		[ "$("$nsrun" ls -n -o NAME | grep -c "^b$$-")" = 50 ] ||
			say "(round $r: not all 50 containers were listed)"
		t0=$(date +%s%N)
		"$nsrun" stop $(seq -f "b$$-%g" 50) >/dev/null || say "(round $r: stop failed)"
		t1=$(date +%s%N)
		stops+=("$(((t1 - t0) / 1000000))")
	done
	"$nsrun" gc -q || true
	"$nsrun" network rm "$net" >/dev/null || true
	start=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 2p)
	stop=$(printf '%s\n' "${stops[@]}" | sort -n | sed -n 2p)
	say "50 detached containers (\`nsrun -d --net bridge:NET -- sleep 3600\`, one after"
	say "another) on one bridge network: started in ${start} ms (median of 3 rounds:"
	say "${starts[*]} ms), $((start / 50)) ms each; all listed by \`nsrun ls\`; stopped with"
	say "one \`nsrun stop\` of all 50 in ${stop} ms (${stops[*]} ms)."
	say ""
	unset NSKIT_STATE_DIR
	rm -rf "$state"
}

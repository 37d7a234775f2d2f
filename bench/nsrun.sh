# nsrun against unshare, and 50 detached containers on one bridge network
# (sourced by bench/run.sh).
# shellcheck shell=bash

bench_nsrun() {
	local nsrun=$NSKIT_BIN/nsrun net=nskbench$$ i r t0 t1 start stop
	local -a starts=() stops=()

	# a state directory of the benchmark's own: nothing of anybody else's is listed or touched
	export NSKIT_STATE_DIR=$WORK/nsrun-state
	say "## nsrun vs unshare"
	say ""
	say "Start to exit of a container that runs \`true\`: new pid, mount, uts, ipc, net and"
	say "cgroup namespaces and a /proc of its own in both; nsrun also makes the container's"
	say "cgroup, its record, an init that forwards signals, a loopback that is up, and Docker's"
	say "capability set. $RUNS runs each after 2 warm-ups (hyperfine -N), medians."
	say ""
	say "| launch | nskit | util-linux | nsrun / unshare |"
	say "|---|---|---|---|"
	pair_ratio "container running true" "$nsrun -- true" "unshare -fpmuinC --mount-proc true"
	say ""

	# 50 detached containers on one network, started one after another as a
	# script would, then stopped; three rounds.
	"$nsrun" network rm "$net" >/dev/null 2>&1 || true
	"$nsrun" network create "$net" >/dev/null
	for r in 1 2 3; do
		t0=$(date +%s%N)
		for i in $(seq 50); do
			"$nsrun" -d --name "b$$-$i" --net "bridge:$net" -- sleep 3600 >/dev/null
		done
		t1=$(date +%s%N)
		starts+=("$(((t1 - t0) / 1000000))")
		[ "$("$nsrun" ls -n -o NAME | grep -c "^b$$-")" = 50 ] ||
			say "(round $r: not all 50 containers were listed)"
		t0=$(date +%s%N)
		"$nsrun" stop $(seq -f "b$$-%g" 50) >/dev/null
		t1=$(date +%s%N)
		stops+=("$(((t1 - t0) / 1000000))")
	done
	"$nsrun" network rm "$net" >/dev/null
	start=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 2p)
	stop=$(printf '%s\n' "${stops[@]}" | sort -n | sed -n 2p)
	say "50 detached containers (\`nsrun -d --net bridge:NET -- sleep 3600\`, one after"
	say "another) on one bridge network: started in ${start} ms (median of 3 rounds:"
	say "${starts[*]} ms), $((start / 50)) ms each; all listed by \`nsrun ls\`; stopped with"
	say "one \`nsrun stop\` of all 50 in ${stop} ms (${stops[*]} ms)."
	say ""
	unset NSKIT_STATE_DIR
}

# pair_ratio NAME "CMD_A" "CMD_B": like pair, with A / B (how many times slower A is).
pair_ratio() {
	local name=$1 a=$2 b=$3 json=$WORK/h.json ma mb
	hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$json" "$a" "$b" >/dev/null 2>&1
	ma=$(jq '.results[0].median' "$json")
	mb=$(jq '.results[1].median' "$json")
	say "$(printf '| %s | `%s` %.1f ms | `%s` %.1f ms | **%.2fx** |' "$name" \
		"$a" "$(echo "$ma * 1000" | bc -l)" "$b" "$(echo "$mb * 1000" | bc -l)" \
		"$(echo "$ma / $mb" | bc -l)")"
}

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
	bench_nsrun_images "$runs"

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

# An image against the same root as a directory: `nsrun run IMAGE true`
# (the image loaded already: an overlay of its root and an upper directory
# of the container's own, made and removed at each run, its config read)
# against `nsrun --rootfs DIR true`; and the load of an image of 5 MB
# (busybox and 3 MB of random bytes in one layer) into an empty store.
bench_nsrun_images() {
	local runs=$1 nsrun=$NSKIT_BIN/nsrun root=$WORK/image-root store=$WORK/image-store
	local mk ma mb size
	mk=$(cd "$HERE/../scripts" && pwd)/oci-image.sh
	export NSKIT_IMAGE_DIR=$store
	rm -rf "$root" "$store"
	"$nsrun" rootfs "$root" >/dev/null
	"$mk" --name bench/img:1 --cmd '["true"]' "$WORK/image-oci" "$root"
	"$nsrun" image load -q "$WORK/image-oci"
	say "### nsrun run IMAGE"
	say ""
	say "Start to exit of a container that runs \`true\` in a busybox root: as an image of the"
	say "store (loaded before: an overlay of its root and an upper directory of the container's"
	say "own, made and removed at every run) and as the same root given with \`--rootfs\`."
	say "$runs runs each after 2 warm-ups (hyperfine -N), medians; target: at most 1.3x."
	say ""
	say "| launch | image | --rootfs | image / --rootfs |"
	say "|---|---|---|---|"
	BENCH_RATIO_AB=1 RUNS=$runs pair "busybox root, \`true\`" "$nsrun run bench/img:1 true" \
		"$nsrun --rootfs $root -- true"
	say ""
	# 5 MB: busybox and random bytes, which no compression shrinks
	head -c 3145728 /dev/urandom >"$root/random"
	"$mk" --name bench/five:1 --cmd '["true"]' "$WORK/five-oci" "$root"
	size=$(du -sb "$WORK/five-oci" | cut -f1)
	# each load into an empty store (removed before it, not timed), checked to have loaded
	local t0 t1 i times=()
	for i in $(seq "$RUNS"); do
		rm -rf "$store"
		t0=$(date +%s%N)
		"$nsrun" image load -q "$WORK/five-oci" || say "(load $i failed)"
		t1=$(date +%s%N)
		[ -d "$store/images/$(jq -r .manifests[0].digest "$WORK/five-oci/index.json" |
			cut -d: -f2 | xargs -I{} jq -r .config.digest "$WORK/five-oci/blobs/sha256/{}" |
			cut -d: -f2)" ] || say "(load $i left no image)"
		times+=("$(((t1 - t0) / 1000000))")
	done
	ma=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
	mb=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
	say "Loading an image of $((size / 1048576)) MB ($size bytes, an OCI layout of one" \
		"uncompressed layer) into an empty store, every blob checked against its digest:" \
		"\`nsrun image load -q DIR\` median $ma ms, slowest $mb ms of $RUNS" \
		"(target: under 1 s)."
	say ""
	unset NSKIT_IMAGE_DIR
	rm -rf "$root" "$store" "$WORK/image-oci" "$WORK/five-oci"
}

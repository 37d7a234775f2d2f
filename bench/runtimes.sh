# Reading the runtimes' state (sourced by bench/run.sh): what it costs
# nsls's default listing on a host of 10,000 processes in 200 containers,
# the same run with and without the state, and what nstop's refreshes read.
# The fixture's 200 groups become Docker containers with --cgroup-parent:
# each in a cgroup /nskit-bench-rt/<id>, a path that names no runtime, and a
# host root of Docker's files (config.v2.json, hostconfig.json, runc's
# state.json) naming each group's init. Every process is then matched from
# the state (its init by PID and start time, the rest by the cgroup): the
# most work the state can be.
# shellcheck shell=bash

. "$HERE/nsdiff.sh"	# _nsdiff_cgroot, cgroup_release

RT_CG=""

# _rt_containerize STATEFILE CGROOT HOSTROOT
_rt_containerize() {
	local leader g=0 id p init start d
	while read -r leader; do
		g=$((g + 1))
		id=$(printf '%064x' "$((0xbe0c0000 + g))")
		mkdir -p "$2/nskit-bench-rt/$id"
		init=""
		for p in $(ps -e -o pid=,sid= | awk -v s="$leader" '$2 == s { print $1 }'); do
			echo "$p" >"$2/nskit-bench-rt/$id/cgroup.procs" 2>/dev/null || true
			if [ -z "$init" ] && awk '/^NSpid:/ { exit !($NF == 1) }' "/proc/$p/status" 2>/dev/null; then
				init=$p
			fi
		done
		start=$(awk '{ sub(/.*\) /, ""); print $20 }' "/proc/$init/stat")
		d=$3/var/lib/docker/containers/$id
		mkdir -p "$d" "$3/run/docker/runtime-runc/moby/$id"
		printf '{"State":{"Running":true,"Pid":%s,"StartedAt":"2026-01-01T00:00:00Z"},"ID":"%s","Name":"/bench-%s","Config":{"Labels":{}}}\n' \
			"$init" "$id" "$g" >"$d/config.v2.json"
		printf '{"NetworkMode":"none","PidMode":"","IpcMode":"private"}\n' >"$d/hostconfig.json"
		printf '{"id":"%s","init_process_pid":%s,"init_process_start":%s}\n' "$id" "$init" "$start" \
			>"$3/run/docker/runtime-runc/moby/$id/state.json"
	done <"$1"
}

_rt_uncontainerize() {	# CGROOT
	cgroup_release "$1" "$1"/nskit-bench-rt/*/
	rmdir "$1/nskit-bench-rt" 2>/dev/null || true
}

bench_runtimes() {
	local nsls=$NSKIT_BIN/nsls nstop=$NSKIT_BIN/nstop hr=$WORK/hostroot empty=$WORK/empty
	local n named opens
	say "## Runtime state"
	say ""
	fixture_start 200 50
	RT_CG=$(_nsdiff_cgroot)
	trap 'cleanup; _rt_uncontainerize "$RT_CG"' EXIT
	mkdir -p "$hr" "$empty"
	_rt_containerize "${STATES[-1]}" "$RT_CG" "$hr"
	n=$(nprocs)
	named=$("$nsls" --host-root "$hr" -n -r -o CONTAINER -t mnt | grep -c '^bench-')
	say "Fixture: 200 groups x 50 processes, each group a Docker container with --cgroup-parent"
	say "(cgroup /nskit-bench-rt/<id>, which names no runtime) and Docker's files for it under a"
	say "host root; $n processes in all; nsls names $named of the 200 from the state."
	say "$RUNS runs each after 2 warm-ups (hyperfine -N), medians; the target is at most 1.10x."
	say ""
	# the fixture's start settles first: what runs first would pay for it
	sleep 10
	median_of "$nsls --host-root $empty" >/dev/null
	say "| comparison | with the state | without | with / without |"
	say "|---|---|---|---|"
	BENCH_RATIO_AB=1 pair "nsls, default listing" "$nsls --host-root $hr" "$nsls --host-root $empty"
	BENCH_RATIO_AB=1 pair "nsls -o +CONTAINER,POD" "$nsls --host-root $hr -o +CONTAINER,POD" \
		"$nsls --host-root $empty -o +CONTAINER,POD"
	say ""
	say "Syscalls (strace -f -c), with the state / without: default listing" \
		"$(syscalls "$nsls" --host-root "$hr") / $(syscalls "$nsls" --host-root "$empty");" \
		"+CONTAINER,POD $(syscalls "$nsls" --host-root "$hr" -o +CONTAINER,POD) /" \
		"$(syscalls "$nsls" --host-root "$empty" -o +CONTAINER,POD)."
	say ""
	# nstop: 5 frames, state files opened (all in the first)
	strace -f -e trace=openat -o "$WORK/nstop.strace" "$nstop" --host-root "$hr" -b -n 5 -d 0.5 \
		>/dev/null 2>&1 || true
	opens=$(grep -c 'config.v2.json\|state.json\|hostconfig.json' "$WORK/nstop.strace" || true)
	say "nstop -b -n 5 -d 0.5 over the same host (strace -f -e trace=openat): $opens state files"
	say "opened in all, for 200 containers of 3 files each: the first frame reads them, the"
	say "refreshes after it none."
	say ""
	fixture_stop_all
	_rt_uncontainerize "$RT_CG"
	trap cleanup EXIT
}

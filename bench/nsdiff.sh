# nsdiff (sourced by bench/run.sh): the time to compare a container with the
# host, with and without --deep, and of --all, on a host of 10,000
# processes; against what people do today, reading the namespace links of
# the two processes and of everyone (lsns -p).
# shellcheck shell=bash

# The cgroup hierarchy to put the fixture's groups in (as tests/integration/lib.sh).
_nsdiff_cgroot() {
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		echo /sys/fs/cgroup
	elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		echo /sys/fs/cgroup/unified
	else
		echo /sys/fs/cgroup/pids
	fi
}

# Make each fixture group an nsrun-style container (/nskit/NAME) for --all.
_nsdiff_containerize() {	# STATEFILE CGROOT
	local leader g=0 p
	while read -r leader; do
		g=$((g + 1))
		mkdir -p "$2/nskit/nsdiff-bench-$g"
		for p in $(ps -e -o pid=,sid= | awk -v s="$leader" '$2 == s { print $1 }'); do
			echo "$p" >"$2/nskit/nsdiff-bench-$g/cgroup.procs" 2>/dev/null || true
		done
	done <"$1"
}

# cgroup_release CGROOT DIR...: move the processes of each cgroup DIR to the
# root cgroup, and remove DIR.
cgroup_release() {
	local root=$1 d p i
	shift
	for d in "$@"; do
		[ -d "$d" ] || continue
		# the file changes as processes leave: read it whole, until it is empty
		# (cgroup files have no size: read them)
		for i in $(seq 50); do
			for p in $(cat "$d/cgroup.procs"); do
				echo "$p" >"$root/cgroup.procs" 2>/dev/null || true
			done
			rmdir "$d" 2>/dev/null && break
			sleep 0.1
		done
	done
}

_nsdiff_uncontainerize() {	# CGROOT
	cgroup_release "$1" "$1"/nskit/nsdiff-bench-*
}

# The init of the first fixture group: the process that is PID 1 of its namespace.
_nsdiff_init_of() {	# STATEFILE
	local leader p
	leader=$(head -1 "$1")
	for p in $(ps -e -o pid=,sid= | awk -v s="$leader" '$2 == s { print $1 }'); do
		if awk '/^NSpid:/ { exit !($NF == 1) }' "/proc/$p/status" 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

NSDIFF_CG=""

# The fixture as containers: 200 groups of 50, each in /nskit/NAME; the
# init of the first in NSDIFF_PID. The cgroups go however the run ends.
nsdiff_fixture_start() {
	fixture_start 200 50
	NSDIFF_CG=$(_nsdiff_cgroot)
	trap 'cleanup; _nsdiff_uncontainerize "$NSDIFF_CG"' EXIT
	_nsdiff_containerize "${STATES[-1]}" "$NSDIFF_CG"
	NSDIFF_PID=$(_nsdiff_init_of "${STATES[-1]}")
}

nsdiff_fixture_stop() {
	fixture_stop_all
	_nsdiff_uncontainerize "$NSDIFF_CG"
	trap cleanup EXIT
}

bench_nsdiff() {
	local nsdiff=$NSKIT_BIN/nsdiff n pid t_deep t_all t_basic s_basic s_deep
	say "## nsdiff"
	say ""
	nsdiff_fixture_start
	n=$(nprocs)
	pid=$NSDIFF_PID
	say "Fixture: 200 groups x 50 processes in new mnt, net, uts, ipc and pid namespaces, each"
	say "group placed in a cgroup /nskit/NAME so that it is a container; $n processes in all."
	say "$RUNS runs each after 2 warm-ups (hyperfine -N), medians."
	say ""
	say "| comparison | nskit | today | today / nskit |"
	say "|---|---|---|---|"
	BENCH_ANY_STATUS=1 pair "a container against the host (8 types, who shares each)" "$nsdiff $pid" \
		"lsns -p $pid"
	say ""
	t_basic=$(BENCH_ANY_STATUS=1 median_of "$nsdiff $pid")
	t_deep=$(BENCH_ANY_STATUS=1 median_of "$nsdiff -d $pid")
	t_all=$(BENCH_ANY_STATUS=1 median_of "$nsdiff --all")
	s_basic=$(syscalls "$nsdiff" "$pid")
	s_deep=$(syscalls "$nsdiff" -d "$pid")
	say "$(printf 'nsdiff %s: %.1f ms; with --deep (5 separate namespaces entered and read): %.1f ms;' \
		"$pid" "$(echo "$t_basic * 1000" | bc -l)" "$(echo "$t_deep * 1000" | bc -l)")"
	say "$(printf -- '--all over 200 containers: %.1f ms. Syscalls (strace -f -c): %s without --deep, %s with.' \
		"$(echo "$t_all * 1000" | bc -l)" "$s_basic" "$s_deep")"
	say ""
	nsdiff_fixture_stop
}

#!/bin/bash
# A benchmark fixture: many processes in many namespace sets.
#
#   bench/fixture.sh start GROUPS PER_GROUP STATEFILE [CGROUP_DIR...]
#   bench/fixture.sh stop STATEFILE
#
# Each group is `unshare --mount --net --uts --ipc --pid --fork` running a
# shell that starts PER_GROUP - 2 sleeps and then becomes a sleep itself:
# PER_GROUP processes (unshare included) in 5 new namespaces. Every group is
# a session of its own; stop kills exactly those process groups.
#
# With CGROUP_DIRs (parent cgroups, such as /sys/fs/cgroup/memory/nskit),
# group N is a container: its first process moves itself into DIR/bench-N
# of each before it starts the rest, which are born there (one move per
# group and hierarchy, not one per process); stop removes them.
set -eu

# Descriptors inherited from make or a terminal would show up in every
# fixture process and inflate per-descriptor costs: close them.
for fd in /proc/$$/fd/*; do
	fd=${fd##*/}
	[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null || true
done

cmd=$1
case "$cmd" in
start)
	groups=$2 per=$3 state=$4
	shift 4
	: >"$state"
	: >"$state.cgroups"
	for g in $(seq "$groups"); do
		join=""
		for d in "$@"; do
			mkdir -p "$d/bench-$g"
			echo "$d/bench-$g" >>"$state.cgroups"
			join+="echo \$\$ >$d/bench-$g/cgroup.procs; "
		done
		setsid sh -c "${join}exec unshare --mount --net --uts --ipc --pid --fork --kill-child \
			sh -c 'i=2; while [ \$i -lt $per ]; do sleep 100000 & i=\$((i+1)); done; exec sleep 100000'" \
			</dev/null >/dev/null 2>&1 &
		echo $! >>"$state"
	done
	# wait until every group has all its processes
	want=$((groups * per))
	for _ in $(seq 600); do
		have=$(ps -e -o sid= | awk 'NR == FNR { s[$1] = 1; next } ($1 in s) { n++ } END { print n + 0 }' "$state" -)
		[ "$have" -ge "$want" ] && exit 0
		sleep 0.5
	done
	echo "fixture.sh: only $have of $want processes started" >&2
	exit 1
	;;
stop)
	state=$2
	[ -f "$state" ] || exit 0
	while read -r leader; do
		kill -KILL -- "-$leader" 2>/dev/null || true
	done <"$state"
	while read -r leader; do
		while kill -0 "$leader" 2>/dev/null; do sleep 0.05; done
	done <"$state"
	# the groups' cgroups, empty once their processes are gone (a moment after)
	if [ -f "$state.cgroups" ]; then
		while read -r d; do
			for _ in $(seq 50); do
				rmdir "$d" 2>/dev/null && break
				sleep 0.1
			done
			rmdir "${d%/*}" 2>/dev/null || true
		done <"$state.cgroups"
	fi
	rm -f "$state" "$state.cgroups"
	;;
*)
	echo "usage: $0 start GROUPS PER_GROUP STATEFILE [CGROUP_DIR...] | stop STATEFILE" >&2
	exit 2
	;;
esac

# Shared by tests/integration/runtime_*.sh: the real runtimes, started by
# the test itself and stopped by the PID it started, their state in the
# test's own directories, shown to nskit through a host root of links
# (--host-root, as in a privileged pod), and a busybox root to import.
# shellcheck shell=bash

# The host root the tools read runtime state under.
HR=$TMPDIR/hostroot
mkdir -p "$HR/var/lib" "$HR/run"

# hr_link REL TARGET: HR/REL is TARGET (a directory of the test's).
hr_link() {
	mkdir -p "$(dirname "$HR/$1")" "$2"
	ln -sfn "$2" "$HR/$1"
}

# busybox_root DIR: a root of busybox-static with relative links, and
# DIR.tar of it, which the runtimes import as an image.
busybox_root() {
	local bb a
	bb=$(command -v busybox) || return 1
	mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev" "$1/etc" "$1/tmp" "$1/root"
	cp "$bb" "$1/bin/busybox"
	for a in $("$1/bin/busybox" --list); do
		[ "$a" = busybox ] || ln -sf busybox "$1/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$1/etc/passwd"
	tar -C "$1" -cf "$1.tar" .
}

# start_daemon NAME PIDFILE LOG CMD...: start a daemon in the background
# (its own session), remember its PID for stop_pid, and defer stopping it.
start_daemon() {
	local name=$1 pidfile=$2 log=$3 pid
	shift 3
	setsid "$@" </dev/null >"$log" 2>&1 &
	pid=$!
	echo "$pid" >"$pidfile"
	defer "stop_pid $pid"
	diag "$name started, PID $pid"
}

# stop_pid PID: TERM, wait up to 10 s, then KILL; only that process.
stop_pid() {
	local i
	kill -TERM "$1" 2>/dev/null || return 0
	for i in $(seq 100); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null || true
}

# wait_gone DIR: wait (10 s at most) until no process names DIR in its
# command line: the runtimes' helpers that clean up after a container
# (Podman's conmon runs `podman container cleanup`, which mounts the
# storage again) are done with the test's directories.
wait_gone() {
	local i
	for i in $(seq 100); do
		pgrep -f "$1" >/dev/null || return 0
		sleep 0.1
	done
}

# unmount_under DIR: every mount below DIR, deepest first (overlays,
# shm, netns files the runtimes leave when stopped hard).
unmount_under() {
	awk -v d="$1" '$2 ~ "^"d {print $2}' /proc/self/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# The namespace of a type a process is in, and the tools' answers for it.
nsls_row() {	# PID TYPE COLUMNS: nsls's row of PID's TYPE namespace
	local ino
	ino=$(ns_ino "$1" "$2") || return 1
	"$NSLS" --host-root "$HR" -n -r -t "$2" -o "NS,$3" | awk -v n="$ino" '$1 == n' | cut -d' ' -f2-
}

lsns_nprocs() {	# PID TYPE: lsns's NPROCS of PID's TYPE namespace
	lsns -n -r -t "$2" -o NS,NPROCS | awk -v n="$(ns_ino "$1" "$2")" '$1 == n {print $2}'
}

# check_named PID NAME RUNTIME [POD]: nsls's CONTAINER, RUNTIME and POD of
# PID's mnt namespace, and its NPROCS against lsns.
check_named() {
	local want="$2 $3${4:+ $4}"
	assert_eq "$(nsls_row "$1" mnt CONTAINER,RUNTIME,POD | sed 's/ *$//')" "$want" \
		"nsls CONTAINER RUNTIME POD of PID $1" || return 1
	check_nprocs "$1" mnt
}

# check_nprocs PID TYPE: nsls's NPROCS of PID's TYPE namespace is lsns's.
# The two read /proc one after the other, and a container that is still
# starting (LXC's init runs its scripts) may change in between, or make
# lsns 2.38 give up on a process that went: compared again, a few times,
# until the container is still; a count that stays wrong fails.
check_nprocs() {
	local i a b
	for i in 1 2 3 4 5; do
		a=$(nsls_row "$1" "$2" NPROCS)
		b=$(lsns_nprocs "$1" "$2")
		[ -n "$b" ] && [ "$a" = "$b" ] && break
		sleep 0.5
	done
	assert_eq "$a" "$b" "NPROCS against lsns"
}

# check_join TARGET PID: nsjoin -t TARGET enters what nsenter -t PID does.
# id_prefix ID N: the first N characters of ID, more while they are all
# digits (digits alone are a PID to nsjoin -t, as to nsenter -t)
id_prefix() {
	local n=$2
	while [[ "${1:0:n}" =~ ^[0-9]+$ ]] && [ "$n" -lt "${#1}" ]; do n=$((n + 1)); done
	echo "${1:0:n}"
}

check_join() {
	local a b cmd='for t in net uts pid ipc mnt; do readlink /proc/self/ns/$t; done; hostname'
	a=$("$NSJOIN" --host-root "$HR" -t "$1" -a sh -c "$cmd" 2>&1) || { echo "nsjoin -t $1: $a"; return 1; }
	b=$(nsenter -t "$2" -a sh -c "$cmd" 2>&1)
	assert_eq "$a" "$b" "nsjoin -t $1 against nsenter -t $2"
}

# nstop_nprocs NAME: the processes nstop -b -c counts in container NAME.
nstop_nprocs() {
	"$NSTOP" --host-root "$HR" -b -n 1 -c -J 2>/dev/null |
		jq -r --arg n "$1" '.containers[] | select(.container == $n) | .nprocs'
}

# all_cell NAME TYPE: nsdiff --all's cell of container NAME for TYPE.
all_cell() {
	"$NSDIFF" --host-root "$HR" --all -J 2>/dev/null |
		jq -r --arg n "$1" --arg t "$2" '.containers[] | select(.container == $n) | .[$t]'
}

# A name of 150 characters.
LONG_NAME=long$(printf 'x%.0s' $(seq 146))

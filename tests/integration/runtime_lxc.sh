#!/bin/bash
# Real LXC (5.0) with a container path of the test's own: containers named
# from their cgroup (lxc.payload.NAME) and LXC's directories, the monitor
# never taken for the container, a container that exists but does not run.
# The busybox template, and no network at all (lxc.net.0.type = empty): a
# busybox container on the host's network would run udhcpc on the host's
# interface.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runtime-helpers.bash"

requires root cmd:lxc-create cmd:lxc-start cmd:lxc-info cmd:busybox cmd:jq cmd:lsns cmd:nsenter

P=$TMPDIR/lxc
lxc() { local c=$1; shift; "lxc-$c" -P "$P" "$@"; }

setup() {
	mkdir -p "$P"
	echo 'lxc.net.0.type = empty' >"$TMPDIR/lxc.conf"
	defer "unmount_under $TMPDIR"
	defer 'lxc stop -n lbox -k >/dev/null 2>&1'
	lxc create -n lbox -t busybox -f "$TMPDIR/lxc.conf" >/dev/null || return 1
	lxc create -n lstop -t busybox -f "$TMPDIR/lxc.conf" >/dev/null || return 1
	lxc start -n lbox -d || return 1
	wait_for lxc info -n lbox -pH || return 1
	hr_link var/lib/lxc "$P"
}

if [ -z "$_t_skip_reason" ]; then
	setup >"$TMPDIR/setup.log" 2>&1 || _t_skip_reason="lxc does not start here: $(tail -1 "$TMPDIR/setup.log")"
fi

lpid() { lxc info -n "$1" -pH; }

t_named() {
	local p
	p=$(lpid lbox)
	assert_match "$(cat "/proc/$p/cgroup")" "lxc.payload.lbox" "the cgroup" || return 1
	check_named "$p" lbox lxc
	check_join lbox "$p"
}

t_monitor() {
	local procs
	# the payload's processes, as its cgroup lists them; the monitor is not among them
	procs=$(cat /sys/fs/cgroup/pids/lxc.payload.lbox/cgroup.procs 2>/dev/null ||
		cat /sys/fs/cgroup/unified/lxc.payload.lbox/cgroup.procs)
	assert_eq "$(nstop_nprocs lbox)" "$(echo "$procs" | grep -c .)" "nstop -c against the payload"
	assert_eq "$(all_cell lbox net)" "private"
	assert_eq "$("$NSDIFF" --host-root "$HR" --all -J | jq '[.containers[] | select(.container == "lbox")] | length')" 1 \
		"one row, the payload's"
}

t_stopped() {
	local out rc
	out=$("$NSJOIN" --host-root "$HR" -t lstop true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status" && assert_eq "$out" "nsjoin: container 'lstop' (lxc) is not running"
}

run t_named "a container named, and entered as nsenter enters it"
run t_monitor "the monitor is never the container"
run t_stopped "a container that exists but does not run"
finish

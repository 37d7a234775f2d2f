# Helpers of the tests of installed trees (install.sh, deb.sh), sourced
# after lib.sh and nsrun_helpers.bash. Not a test itself: the runner takes
# *.sh only.
# shellcheck shell=bash

# tools_run BINDIR: every tool runs from BINDIR and says what the kernel says.
tools_run() {
	local bin=$1 out rc
	out=$("$bin/nsls" -n -r -p $$ -o NS -t net) || fail "nsls"
	assert_eq "$out" "$(ns_ino $$ net)" "nsls -p \$\$ -t net"
	out=$("$bin/nsjoin" --help) || fail "nsjoin --help"
	assert_match "$out" $'Usage:\n nsjoin ' "nsjoin --help"
	out=$("$bin/nsjoin" -t $$ -n readlink /proc/self/ns/net) || fail "nsjoin"
	assert_eq "$out" "$(readlink /proc/$$/ns/net)" "nsjoin -n"
	rc=0
	"$bin/nsdiff" -q $$ || rc=$?
	[ "$rc" -le 1 ] || fail "nsdiff: exit status $rc (trouble)"
	out=$("$bin/nstop" -b -n 1 -d 0.1) || fail "nstop -b"
	assert_match "$out" "^nstop - " "nstop -b -n 1"
	"$bin/nsrun" -- true || fail "nsrun -- true"
}

# init_of BINDIR: the executable of a container's PID 1, as nsrun from
# BINDIR started it (the file nsrun opened).
init_of() {
	local name=$T-i$RANDOM pid
	"$1/nsrun" -d --name "$name" -- sleep 100 >/dev/null || return 1
	pid=$(cpid "$name")
	wait_for test "$(readlink "/proc/$pid/exe" 2>/dev/null)" != "$(readlink "$1/nsrun")"
	readlink "/proc/$pid/exe"
	"$1/nsrun" rm -f "$name" >/dev/null
}

# Helpers of the nsdiff integration tests (sourced after lib.sh; not a test
# itself, hence not named *.sh).
# shellcheck shell=bash

# started PID: has the process exec'ed its command (and so unshared already)?
started() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = sleep ]; }

# leader PID: the session leader that spawn started, PID itself or, when bash
# forked a subshell for it (it does inside a test, which has an EXIT trap),
# the subshell's child.
leader() {
	local i c
	for i in $(seq 50); do
		[ "$(ps -o sid= -p "$1" | tr -d ' ')" = "$1" ] && { echo "$1"; return 0; }
		for c in $(pgrep -P "$1"); do
			[ "$(ps -o sid= -p "$c" | tr -d ' ')" = "$c" ] && { echo "$c"; return 0; }
		done
		sleep 0.1
	done
	return 1
}

# start VAR CMD...: spawn CMD, its session killed at the end of the test; VAR
# gets the PID of CMD.
start() {
	local __sv=$1 __sp __sl
	shift
	spawn __sp "$@"
	__sl=$(leader "$__sp") || fail "$1 did not start"
	defer "kill -KILL -- -$__sl"
	printf -v "$__sv" '%s' "$__sl"
}

# mkproc VAR UNSHARE-OPTION...: a sleep in new namespaces, its PID in VAR.
# With -f (a new pid namespace), the PID is the forked child's.
mkproc() {
	local __mv=$1 __mp
	shift
	start __mp unshare "$@" sleep 1000
	if [[ " $* " == *" -f "* ]]; then
		wait_for pgrep -P "$__mp" || fail "unshare did not fork"
		__mp=$(pgrep -P "$__mp")
	fi
	wait_for started "$__mp" || fail "the sleep did not start"
	printf -v "$__mv" '%s' "$__mp"
}

# mkct VAR NAME UNSHARE-OPTION...: the same, in the cgroup of an nsrun container NAME.
mkct() {
	local __cv=$1 __cn=$2 __cp
	shift 2
	mkproc __cp "$@"
	cgroup_place "/nskit/$__cn" "$__cp"
	printf -v "$__cv" '%s' "$__cp"
}


# Shared helpers for the integration tests: TAP output, requirements that
# turn into skips, and clean-up that runs however the script ends.
#
#   . "$(dirname "$0")/lib.sh"
#   requires root            # every test below is skipped without root
#   t_lists_netns() { ...; }  # runs in a subshell with `set -e`
#   run t_lists_netns "nsls lists a bind-mounted netns"
#   finish
#
# A test fails when its function returns non-zero (or a command in it fails).
# `diag MSG` prints a TAP comment; `defer CMD` queues a clean-up command
# that the script runs at exit, in reverse order, even after a failure.

set -u
NSKIT_BIN=${NSKIT_BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../build" && pwd)}
NSLS=$NSKIT_BIN/nsls
NSDIFF=$NSKIT_BIN/nsdiff
NSJOIN=$NSKIT_BIN/nsjoin
NSRUN=$NSKIT_BIN/nsrun
NSTOP=$NSKIT_BIN/nstop
FIXTURES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fixtures" && pwd)
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/nskit-test.XXXXXX")
export NSKIT_BIN TMPDIR

_t_count=0
_t_skip_reason=""
_deferred=()

diag() { printf '# %s\n' "$*"; }

defer() { _deferred+=("$*"); }

_run_deferred() {
	local i
	for ((i = ${#_deferred[@]} - 1; i >= 0; i--)); do
		eval "${_deferred[$i]}" >/dev/null 2>&1 || true
	done
	_deferred=()
}
trap '_run_deferred; rm -rf "$TMPDIR"' EXIT
trap 'exit 130' INT TERM

# requires WHAT...: root, cmd:NAME, userns, file:PATH. The first unmet
# requirement becomes the skip reason of every following test.
requires() {
	local r
	for r in "$@"; do
		case "$r" in
		root) [ "$(id -u)" = 0 ] || _t_skip_reason=${_t_skip_reason:-"needs root"} ;;
		cmd:*) command -v "${r#cmd:}" >/dev/null 2>&1 ||
			_t_skip_reason=${_t_skip_reason:-"needs ${r#cmd:}"} ;;
		file:*) [ -e "${r#file:}" ] || _t_skip_reason=${_t_skip_reason:-"needs ${r#file:}"} ;;
		userns) unshare -U true 2>/dev/null ||
			_t_skip_reason=${_t_skip_reason:-"needs user namespaces"} ;;
		*) echo "lib.sh: unknown requirement '$r'" >&2; exit 2 ;;
		esac
	done
}

skip() {
	_t_count=$((_t_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$_t_count" "$1" "$2"
}

# run FUNC DESCRIPTION [REQUIREMENT...]: extra requirements apply to this
# test only. NSKIT_TEST_ONLY=REGEX runs only the functions whose names match
# it (the others are skipped), to try one test of a file.
run() {
	local fn=$1 desc=$2 saved=$_t_skip_reason rc
	shift 2
	if [ -n "${NSKIT_TEST_ONLY:-}" ] && ! [[ $fn =~ $NSKIT_TEST_ONLY ]]; then
		skip "$desc" "not in NSKIT_TEST_ONLY"
		return 0
	fi
	[ $# -gt 0 ] && requires "$@"
	if [ -n "$_t_skip_reason" ]; then
		skip "$desc" "$_t_skip_reason"
		_t_skip_reason=$saved
		return 0
	fi
	_t_skip_reason=$saved
	_t_count=$((_t_count + 1))
	local out="$TMPDIR/out.$_t_count"
	# The test's own defer list runs when its subshell exits.
	( _deferred=(); trap _run_deferred EXIT; set -e; "$fn" ) >"$out" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		printf 'ok %d - %s\n' "$_t_count" "$desc"
	elif [ $rc -eq 77 ]; then
		printf 'ok %d - %s # SKIP %s\n' "$_t_count" "$desc" "$(tail -n 1 "$out")"
	else
		printf 'not ok %d - %s\n' "$_t_count" "$desc"
		sed 's/^/#   /' "$out" | tail -n 40
	fi
}

# Inside a test: skip_test REASON ends the test as skipped.
skip_test() { echo "$*"; exit 77; }

# Inside a test: fail MSG prints MSG and fails the test.
fail() { echo "FAIL: $*"; return 1; }

# assert_eq ACTUAL EXPECTED [WHAT]
assert_eq() {
	[ "$1" = "$2" ] && return 0
	printf 'FAIL: %s\n  expected: %s\n  actual:   %s\n' "${3:-values differ}" "$2" "$1"
	return 1
}

# assert_match STRING REGEX [WHAT]
assert_match() {
	[[ "$1" =~ $2 ]] && return 0
	printf 'FAIL: %s\n  regex:  %s\n  string: %s\n' "${3:-no match}" "$2" "$1"
	return 1
}

# ns_ino PID TYPE: the inode of /proc/PID/ns/TYPE, as the kernel says.
ns_ino() {
	local l
	l=$(readlink "/proc/$1/ns/$2") || return 1
	l=${l#*[}
	echo "${l%]}"
}

# wait_for CMD...: retry CMD for up to 5 seconds.
wait_for() {
	local i
	for i in $(seq 50); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# wait_ns PID TYPE: wait until PID is in another TYPE namespace than this
# shell (an unshare(1) that has not unshared yet is not).
wait_ns() {
	local i
	for i in $(seq 50); do
		[ -e "/proc/$1" ] && [ "$(ns_ino "$1" "$2" 2>/dev/null)" != "$(ns_ino $$ "$2")" ] &&
			return 0
		sleep 0.1
	done
	echo "process $1 never left the $2 namespace"
	return 1
}

# wait_children PID N: wait until PID has N children; print their PIDs.
wait_children() {
	local i
	for i in $(seq 50); do
		[ "$(pgrep -c -P "$1")" -ge "$2" ] && { pgrep -P "$1"; return 0; }
		sleep 0.1
	done
	echo "process $1 never had $2 children" >&2
	return 1
}

# spawn VAR CMD...: start CMD in a new session (its own process group),
# queue the group's clean-up, and store the PID in VAR. Not for use inside
# $(...): the clean-up would be queued in the wrong shell.
spawn() {
	local __var=$1
	shift
	setsid "$@" </dev/null >/dev/null 2>&1 &
	local pid=$!
	defer "kill -KILL -- -$pid; wait $pid"
	printf -v "$__var" '%s' "$pid"
}

finish() {
	echo "1..$_t_count"
}

# The cgroup hierarchy tests may create groups in: the v2 root where it is
# mounted at /sys/fs/cgroup, the hybrid layout's unified tree, else a v1
# controller (pids). Prints the mount point.
cgroup_root() {
	local fs
	fs=$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)
	if [ "$fs" = cgroup2fs ]; then
		echo /sys/fs/cgroup
	elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		echo /sys/fs/cgroup/unified
	elif [ -d /sys/fs/cgroup/pids ]; then
		echo /sys/fs/cgroup/pids
	else
		return 1
	fi
}

# cgroup_place REL PID: create the cgroup REL (e.g. /system.slice/docker-ID.scope)
# and move PID into it; the cgroup and its new parents are removed at exit.
cgroup_place() {
	local root rel=$1 pid=$2 dir parts p
	root=$(cgroup_root) || return 1
	dir=$root$rel
	# remember the parents that do not exist yet, deepest removed first
	p=$rel
	parts=()
	while [ -n "$p" ] && [ "$p" != / ]; do
		[ -d "$root$p" ] || parts+=("$root$p")
		p=${p%/*}
	done
	mkdir -p "$dir" || return 1
	# deferred commands run last-in first-out: queue the shallowest first
	local i
	for ((i = ${#parts[@]} - 1; i >= 0; i--)); do
		defer "_cgroup_remove '${parts[$i]}' '$root'"
	done
	echo "$pid" >"$dir/cgroup.procs"
}

# Move what is left in a test cgroup back to the root, then remove it.
_cgroup_remove() {
	local p
	if [ -f "$1/cgroup.procs" ]; then
		while read -r p; do
			echo "$p" >"$2/cgroup.procs" 2>/dev/null
		done <"$1/cgroup.procs"
	fi
	rmdir "$1"
}

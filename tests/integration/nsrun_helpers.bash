# Helpers of the nsrun integration tests (tests/integration/nsrun*.sh),
# sourced after lib.sh. Not a test itself: the runner takes *.sh only.
#
# Every script keeps its containers and networks in a state directory of
# its own and names them with its own prefix, so that it neither sees nor
# touches anybody else's (the default /run/nskit, other scripts, the demo).
# shellcheck shell=bash

export NSKIT_STATE_DIR=$TMPDIR/state
# T: the prefix of every name: short, as network names become bridge names
T=t$(($$ % 100000))

# The record of container $1, and one of its fields.
rec() { echo "$NSKIT_STATE_DIR/containers/$1"; }
field() { sed -n "s/^$2=//p" "$(rec "$1")"; }
cpid() { field "$1" pid; }

# Remove whatever a test left, however it ended: containers (killed),
# networks, what gc finds. Queued once per script.
nsrun_cleanup_all() {
	local f n
	for f in "$NSKIT_STATE_DIR"/containers/*; do
		[ -e "$f" ] || continue
		"$NSRUN" rm -f "${f##*/}"
	done
	"$NSRUN" gc -q
	for f in "$NSKIT_STATE_DIR"/networks/*; do
		[ -e "$f" ] || continue
		n=${f##*/}
		"$NSRUN" network rm "$n"
	done
}
defer nsrun_cleanup_all

# The cgroup directories of a container's cgroup (default /nskit/NAME), in
# every hierarchy: what must be gone when it is.
cgroup_dirs() {
	local rel=${2:-/nskit/$1} d
	for d in /sys/fs/cgroup /sys/fs/cgroup/*; do
		[ -d "$d$rel" ] && echo "$d$rel"
	done
	return 0
}

# The links nsrun made for container or network $1: those with its mark
# (IFLA_IFALIAS "nskit:<hash of the state directory>:NAME").
marked_links() {
	ip -o link show | sed -n "s/^[0-9]*: \([^:@]*\)[:@].*alias nskit:[0-9a-f]*:$1\$/\1/p"
}

# leftovers NAME MARKER [CGROUP]: nothing of container NAME may remain: no
# record, hosts file, cgroup, veth, mount, or process whose command line
# has MARKER. Prints what remains and fails if anything does.
leftovers() {
	local name=$1 marker=$2 rel=${3:-/nskit/$1} bad=0 p
	if [ -e "$(rec "$name")" ]; then echo "record of $name remains"; bad=1; fi
	if [ -e "$NSKIT_STATE_DIR/hosts/$name" ]; then echo "hosts file of $name remains"; bad=1; fi
	p=$(cgroup_dirs "$name" "$rel")
	if [ -n "$p" ]; then echo "cgroup remains: $p"; bad=1; fi
	p=$(marked_links "$name")
	if [ -n "$p" ]; then echo "veth $p remains"; bad=1; fi
	if grep -q "$NSKIT_STATE_DIR" /proc/self/mountinfo; then echo "a mount remains"; bad=1; fi
	# a detached container's launcher removes the record and then exits,
	# later when exiting is slow (LeakSanitizer's check at its exit): a
	# process that is going is given 5 s to be gone
	for _ in $(seq 50); do
		p=$(pgrep -f -- "$marker" | grep -vx "$$" || true)
		[ -n "$p" ] || break
		sleep 0.1
	done
	if [ -n "$p" ]; then echo "processes remain: $(ps -o pid=,stat=,args= -p "${p//$'\n'/,}")"; bad=1; fi
	return $bad
}

# wait_gone NAME: until the record of NAME is removed (its launcher's clean-up).
wait_gone() {
	local i
	for i in $(seq 100); do
		[ -e "$(rec "$1")" ] || return 0
		sleep 0.1
	done
	echo "the record of $1 was never removed"
	return 1
}

# The address of container $1 on its network, without the prefix length.
addr_of() { field "$1" address | cut -d/ -f1; }

# A minimal root file system, made once per script.
rootfs() {
	local d=$TMPDIR/rootfs
	[ -x "$d/bin/busybox" ] || "$NSRUN" rootfs "$d" >/dev/null
	echo "$d"
}

# nobody_state: a state directory of nobody's own (the test's TMPDIR is
# root's, mode 700) for as_nobody, removed with whatever nobody's
# containers left when the test ends. Call it first, outside $(...).
NOBODY_STATE=
nobody_state() {
	NOBODY_STATE=$(mktemp -d /tmp/nsrun-nobody.XXXXXX)
	chown 65534:65534 "$NOBODY_STATE"
	defer "nobody_cleanup '$NOBODY_STATE'"
}
nobody_cleanup() {
	local f
	for f in "$1"/containers/*; do
		[ -e "$f" ] || continue
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			env NSKIT_STATE_DIR="$1" "$NSRUN" rm -f "${f##*/}"
	done
	rm -rf "$1"
}

# as_nobody CMD...: run CMD as nobody (65534), in / and with nobody's state directory.
as_nobody() {
	[ -n "$NOBODY_STATE" ] || { echo "as_nobody: call nobody_state first"; return 1; }
	(cd / && setpriv --reuid=65534 --regid=65534 --clear-groups \
		env NSKIT_STATE_DIR="$NOBODY_STATE" HOME=/ "$@")
}

# A shell prefix for commands that look at the container's PID 1: the
# command can run a moment before PID 1 has exec'd nsrun-init (the init
# execs once the command's exec is done), so wait for it, up to 2 s.
INIT_READY='i=0; until [ "$(cat /proc/1/comm)" = nsrun-init ] || [ $i -ge 200 ]; do sleep 0.01; i=$((i + 1)); done; '

# A terminal of the test's own, driven with tmux (send-keys, capture-pane):
# tm_start starts a bash on a 100x30 pane with the test's state and image
# directories and a plain prompt, and queues its end.
TM=(tmux -L "nskit-nsrun-$$" -f /dev/null)
tm_start() {
	defer "${TM[*]} kill-server"
	"${TM[@]}" new-session -d -s t -x 100 -y 30 \
		env NSKIT_STATE_DIR="$NSKIT_STATE_DIR" NSKIT_IMAGE_DIR="${NSKIT_IMAGE_DIR:-}" \
		PS1='$ ' bash --norc --noprofile
	tm_expect '^\$ ?$'
}
tm_screen() { "${TM[@]}" capture-pane -p -t t; }
tm_keys() { "${TM[@]}" send-keys -t t "$@"; }
# tm_expect REGEX: wait up to 5 s for the screen to show it
tm_expect() {
	local i
	for i in $(seq 50); do
		tm_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	echo "FAIL: the screen never showed /$1/:"
	tm_screen | sed 's/^/  | /'
	return 1
}

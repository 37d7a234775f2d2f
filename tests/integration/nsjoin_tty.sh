#!/bin/bash
# nsjoin on a terminal and without privileges: job control (Ctrl-Z, fg,
# Ctrl-C) in a shell started through nsjoin (the container's own login
# shell when no program is given) and of a program run through it, driven
# with tmux; and an unprivileged user entering a rootless container of its
# own, made with unshare and with nsrun (found in that user's state
# directory).
. "$(dirname "$0")/lib.sh"
requires root cmd:unshare cmd:tmux cmd:setpriv file:"$NSJOIN"

SOCK=nsjoin-test-$$

wait_comm() {
	local i
	for i in $(seq 100); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	echo "process $1 never ran $2"
	return 1
}

# A container (new pid, mnt, uts, ipc, net namespaces): C gets its init.
start_ctr() {
	spawn C_U unshare --fork --pid --mount --uts --ipc --net --mount-proc \
		sh -c 'hostname nsjoin-tty; exec sleep 600'
	C=$(wait_children "$C_U" 1)
	wait_comm "$C" sleep
}

# A bash on a tmux terminal of its own.
start_tmux() {
	tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 160 -y 45 \
		"env -i PATH=$PATH TERM=screen HOME=/root PS1='outer\$ ' bash --norc --noprofile -i"
	defer "tmux -L $SOCK kill-server"
	pane_wait 'outer\$'
}

keys() { tmux -L "$SOCK" send-keys -t t "$@"; }
pane() { tmux -L "$SOCK" capture-pane -p -t t; }

# pane_wait REGEX: until the screen shows it (5 s).
pane_wait() {
	local i
	for i in $(seq 100); do
		pane | grep -Eq "$1" && return 0
		sleep 0.05
	done
	echo "the screen never showed /$1/:"
	pane
	return 1
}

t_job_control_in_shell() {
	start_ctr
	start_tmux
	# an interactive shell inside the container, through nsjoin
	keys "PS1='inner\$ ' $NSJOIN -t $C -a env PS1='inner\$ ' bash --norc --noprofile -i" Enter
	pane_wait '^inner\$ ?$'
	keys 'hostname' Enter
	pane_wait '^nsjoin-tty$'
	# a job inside: stopped with Ctrl-Z, listed, resumed, interrupted
	keys 'sleep 100' Enter
	sleep 0.3
	keys C-z
	pane_wait 'Stopped +sleep 100'
	keys 'jobs' Enter
	pane_wait '^\[1\]\+ +Stopped +sleep 100'
	keys 'fg' Enter
	sleep 0.3
	keys C-c
	keys 'echo "fg status $?"' Enter
	pane_wait '^fg status 130$'
	# Ctrl-C at the inner prompt does not end nsjoin, or the inner shell
	keys C-c
	keys 'echo still-here' Enter
	pane_wait '^still-here$'
	keys 'exit 5' Enter
	pane_wait '^outer\$ ?$'
	keys 'echo "outer status $?"' Enter
	pane_wait '^outer status 5$'
}

t_default_shell_of_container() {
	# no program: the container's own shell (busybox ash, from the /etc/passwd
	# of its root), a login shell with job control on the terminal
	[ -x "$NSRUN" ] || fail "build/nsrun is not built"
	export NSKIT_STATE_DIR=$TMPDIR/state
	local name=jt$(($$ % 100000))
	defer "'$NSRUN' rm -f $name"
	"$NSRUN" rootfs "$TMPDIR/root" >/dev/null
	"$NSRUN" -d --name "$name" --rootfs "$TMPDIR/root" -- sleep 600 >/dev/null
	start_tmux
	keys "NSKIT_STATE_DIR=$NSKIT_STATE_DIR PS1='inner\$ ' $NSJOIN -t $name" Enter
	pane_wait '^inner\$ ?$'
	keys 'echo "shell $0 on $(hostname)"' Enter
	pane_wait "^shell -sh on $name\$"
	keys 'sleep 100' Enter
	sleep 0.3
	keys C-z
	pane_wait 'Stopped +sleep 100'
	keys 'fg' Enter
	sleep 0.3
	keys C-c
	keys 'echo "fg status $?"' Enter
	pane_wait '^fg status 130$'
	keys 'exit 6' Enter
	pane_wait '^outer\$ ?$'
	keys 'echo "outer status $?"' Enter
	pane_wait '^outer status 6$'
}

t_job_control_of_program() {
	start_ctr
	start_tmux
	# a program through nsjoin (forked into the pid namespace): one job
	keys "$NSJOIN -t $C -a sleep 100" Enter
	sleep 0.5
	keys C-z
	pane_wait 'Stopped +.*nsjoin'
	keys 'jobs -l' Enter
	pane_wait 'Stopped'
	# both stopped: nsjoin and the program inside
	local pids p st
	pids=$(pgrep -f "^$NSJOIN -t $C -a sleep 100" || true)
	[ -n "$pids" ] || fail "nsjoin not found"
	for p in $pids $(pgrep -P "$pids"); do
		st=$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f1)
		assert_eq "$st" T "state of $p ($(cat /proc/$p/comm))"
	done
	keys 'fg' Enter
	sleep 0.3
	for p in $pids $(pgrep -P "$pids"); do
		st=$(sed 's/.*) //' "/proc/$p/stat" | cut -d' ' -f1)
		[ "$st" != T ] || fail "$p still stopped after fg"
	done
	keys C-c
	keys 'echo "status $?"' Enter
	pane_wait '^status 130$'
	# killed by a signal: the shell sees nsjoin die of it too
	keys "$NSJOIN -t $C -a sh -c 'kill -SEGV \$\$'" Enter
	pane_wait 'Segmentation fault'
	keys 'echo "status $?"' Enter
	pane_wait '^status 139$'
}

t_rootless_unshare() {
	# an unprivileged user's own rootless container, and that user entering it
	spawn R_U setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare --user --map-root-user --net --uts --fork sh -c 'hostname rootless; exec sleep 600'
	local R out want
	R=$(wait_children "$R_U" 1)
	wait_comm "$R" sleep
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	want=$(printf '0\nrootless\n%s\n%s' "$(readlink /proc/$R/ns/net)" "$(readlink /proc/$R/ns/user)")
	for args in "-a" "--differing" "-U -n -u" "-a --no-pidfd" "-U -n -u --no-pidfd"; do
		# shellcheck disable=SC2086
		out=$(as_nobody "$NSJOIN" -t "$R" $args sh -c \
			'id -u; hostname; readlink /proc/self/ns/net /proc/self/ns/user')
		assert_eq "$out" "$want" "nsjoin $args as the container's owner"
	done
	# the mount namespace is the host's: -a leaves it as it is (nsenter fails there)
	out=$(as_nobody "$NSJOIN" -t "$R" -a readlink /proc/self/ns/mnt)
	assert_eq "$out" "$(readlink /proc/$$/ns/mnt)"
	# another user's container is another matter
	out=$(setpriv --reuid=65533 --regid=65533 --clear-groups "$NSJOIN" -t "$R" -a true 2>&1) &&
		rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "^nsjoin: cannot enter the (user )?namespaces? of PID $R: Operation not permitted$"
}

t_rootless_nsrun() {
	[ -x "$NSRUN" ] || fail "build/nsrun is not built"
	# the user's own state directory, where nsrun and nsjoin both look by
	# default: $XDG_RUNTIME_DIR/nskit (no NSKIT_STATE_DIR)
	local xdg=$TMPDIR/xdg-65534 out P W f
	mkdir -p "$xdg"
	chown 65534:65534 "$xdg"
	chmod 700 "$xdg"
	chmod 755 "$TMPDIR"
	as_nobody() {
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			env -u NSKIT_STATE_DIR XDG_RUNTIME_DIR="$xdg" "$@"
	}
	defer "setpriv --reuid=65534 --regid=65534 --clear-groups env -u NSKIT_STATE_DIR XDG_RUNTIME_DIR=$xdg $NSRUN rm -f nsjoin-rl"
	as_nobody "$NSRUN" -d --user --name nsjoin-rl --hostname nsjoin-rl -- sleep 600 >/dev/null ||
		fail "nsrun cannot start a rootless container here"
	[ -e "$xdg/nskit/containers/nsjoin-rl" ] || fail "the record is not in \$XDG_RUNTIME_DIR/nskit"
	P=$(sed -n 's/^pid=//p' "$xdg/nskit/containers/nsjoin-rl")
	W=$(pgrep -o -P "$P")
	# by name, as the owner: root inside, the container's namespaces, the
	# host's where the container shares them (nsenter -a fails there: it
	# may not re-enter the host's time namespace)
	for f in "-a" "--differing" "" "-a --no-pidfd" "-U -m -p -n -u -i -C"; do
		# shellcheck disable=SC2086
		out=$(as_nobody "$NSJOIN" -t nsjoin-rl $f sh -c 'id -u; hostname; for t in user mnt pid net uts ipc cgroup time; do readlink /proc/self/ns/$t; done')
		assert_eq "$out" "$(printf '0\nnsjoin-rl\n'; for t in user mnt pid net uts ipc cgroup time; do readlink "/proc/$W/ns/$t"; done)" \
			"nsjoin -t nsjoin-rl $f as its owner"
	done
	# -S follow: the command's uid as the container maps it
	assert_eq "$(as_nobody "$NSJOIN" -t nsjoin-rl -a -S follow -G follow id -u)" 0
	# a pid namespace: the program runs inside it, --mount-proc shows it
	out=$(as_nobody "$NSJOIN" -t nsjoin-rl -a --mount-proc sh -c 'cat /proc/1/comm; ls /proc | grep -c "^[0-9]"')
	assert_match "$out" "^nsrun-init"$'\n'"[3-9]$" "--mount-proc, rootless"
	# another user cannot enter it
	out=$(setpriv --reuid=65533 --regid=65533 --clear-groups "$NSJOIN" -t "$W" -a true 2>&1) &&
		rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "^nsjoin: cannot enter the (user )?namespaces? of PID $W: Operation not permitted$"
	# nor see it by name: its record is in its owner's directory
	out=$(setpriv --reuid=65533 --regid=65533 --clear-groups env -u NSKIT_STATE_DIR \
		XDG_RUNTIME_DIR=/nonexistent "$NSJOIN" -t nsrun:nsjoin-rl -a true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsjoin: no nsrun container named 'nsjoin-rl'"
}

run t_job_control_in_shell "job control in a shell started through nsjoin"
run t_default_shell_of_container "no program: the container's login shell, with job control" \
	cmd:busybox
run t_job_control_of_program "Ctrl-Z, fg and Ctrl-C of a program run through nsjoin; signals re-raised"
run t_rootless_unshare "an unprivileged user enters its own rootless container"
run t_rootless_nsrun "an unprivileged user enters its own rootless nsrun container by name"
finish

#!/bin/bash
# The nstop dashboard driven under tmux: every key, the drill-down and
# back, a shell inside a row's namespaces and back, nsdiff's pane, a
# signal with its confirmation, resizing down to too small, colors and
# their absence, ASCII lines, and quitting. The screen is captured and
# checked at each step.
. "$(dirname "$0")/lib.sh"

requires root cmd:tmux cmd:unshare

SOCK=nskit-nstop-$$
NSTARTS=0
TM=(tmux -L "$SOCK" -f /dev/null)

# start [ENV...] -- [NSTOP ARGS...]: nstop in a 120x40 tmux session, on a
# server of its own: a new session on the socket of one that is still
# exiting (its last session just quit) fails with "server exited
# unexpectedly"
start() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	NSTARTS=$((NSTARTS + 1))
	TM=(tmux -L "$SOCK.$NSTARTS" -f /dev/null)
	defer "${TM[*]} kill-server"
	"${TM[@]}" new-session -d -s t -x 120 -y 40 \
		env "${envs[@]}" "$NSTOP" -d 0.5 "$@"
	expect 'TYPE +NS +CONTAINER'
}

screen() { "${TM[@]}" capture-pane -p -t t; }
keys() { "${TM[@]}" send-keys -t t "$@"; }

# expect REGEX: wait up to 5 s for the screen to show it
expect() {
	local i
	for i in $(seq 50); do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	echo "FAIL: the screen never showed /$1/:"
	screen | sed 's/^/  | /'
	return 1
}

# gone REGEX: wait up to 5 s for the screen not to show it
gone() {
	local i
	for i in $(seq 50); do
		screen | grep -Eq -- "$1" || return 0
		sleep 0.1
	done
	echo "FAIL: the screen still shows /$1/:"
	screen | sed 's/^/  | /'
	return 1
}

# A loop in namespaces of its own, whose net namespace the tests select.
target() {
	local __var=$1 _leader _pid
	spawn _leader unshare --net --uts --ipc --pid --fork sh -c 'while :; do sleep 0.01; done'
	_pid=$(wait_children "$_leader" 1)
	wait_ns "$_pid" net
	printf -v "$__var" '%s' "$_pid"
}

t_keys() {
	local pid ino
	target pid
	ino=$(ns_ino "$pid" net)
	start --
	expect '^nstop - [0-9:]+ up .* load '
	expect 'Namespaces \(all types\), [0-9]+ rows, by CPU% descending'
	expect 'Enter processes +c containers +t type'

	keys '?'
	expect 'nstop keys \(Esc closes\)'
	expect 'Sort by a column'
	keys Escape
	gone 'nstop keys'

	keys t
	expect 'Namespaces \(mnt\)'
	keys t
	expect 'Namespaces \(net\)'
	keys t t t t t t
	expect 'Namespaces \(time\)'
	keys t
	expect 'Namespaces \(all types\)'

	keys c
	expect 'Containers, [0-9]+ rows?'
	expect 'CONTAINER +RUNTIME +NAMESPACES'
	expect '\(none\)'
	keys c
	expect 'Namespaces \(all types\)'

	keys T
	expect 'Namespace tree \(pid, user\)'
	expect "[├└]─$(ns_ino "$pid" pid)"
	keys T
	expect 'Namespaces \(all types\)'

	keys M
	expect 'by MEM descending'
	keys M
	expect 'by MEM ascending'
	keys r
	expect 'by MEM descending'
	keys '>'
	expect 'by RX/s'
	keys '<' '<'
	expect 'by CPU%'
	keys N
	expect 'by NPROCS descending'
	keys P
	expect 'by CPU% descending'

	# incremental search: each key narrows the rows
	keys /
	expect '^/_'
	keys "${ino:0:6}"
	expect "search '${ino:0:6}'"
	keys "${ino:6}"
	expect "Namespaces \\(all types\\), 1 row, by CPU% descending, search '$ino'"
	expect "^net +$ino "
	keys Enter
	expect 'Enter processes'
	expect "search '$ino'"

	# the drill-down: host PID and namespaced PID (1: init of its pid namespace),
	# and each process's block I/O
	keys Enter
	expect "Processes of net $ino, [0-9]+ rows"
	expect 'PID +NSPID +USER +S +THREADS +CPU% +MEM +BLKR/s +BLKW/s +COMMAND'
	expect "^ +$pid +1 root .*sh -c while"
	keys Escape
	expect "Namespaces \\(all types\\), 1 row"
	# Esc again clears the search
	keys Escape
	gone "search '"
	keys q
	for _ in $(seq 50); do
		"${TM[@]}" has-session -t t 2>/dev/null || return 0
		sleep 0.1
	done
	fail "q did not quit"
}

t_shell() {
	local pid ino
	target pid
	ino=$(ns_ino "$pid" net)
	start --
	keys / "$ino" Enter
	expect "^net +$ino "
	keys e
	expect "a shell in the namespaces of PID"
	# the shell is in the loop's namespaces (its mount namespace is the host's)
	keys "readlink /proc/self/ns/net /proc/self/ns/uts >$TMPDIR/inside" Enter
	keys 'exit' Enter
	expect 'back from the shell in PID [0-9]+.s namespaces \(exit status 0\)'
	expect 'TYPE +NS'
	assert_eq "$(head -n 1 "$TMPDIR/inside")" "net:[$ino]" "the shell's net namespace"
	assert_eq "$(tail -n 1 "$TMPDIR/inside")" "uts:[$(ns_ino "$pid" uts)]" "its uts namespace"
	keys q
}

t_diff_pane() {
	local pid ino
	target pid
	ino=$(ns_ino "$pid" net)
	start --
	keys / "$ino" Enter
	expect "^net +$ino "
	keys d
	expect "nsdiff [0-9]+ \\(.*\\) against the host"
	if [ -x "$NSDIFF" ]; then
		# nsdiff's own words: the net namespace is a separate one
		expect "net"
		gone '\(running\.\.\.\)'
	else
		expect 'nsdiff is not installed next to nstop'
	fi
	keys Escape
	gone 'against the host'
	keys q
}

t_kill() {
	local leader victim ino
	cp /bin/sleep "$TMPDIR/nstopvictim"
	spawn leader unshare --net "$TMPDIR/nstopvictim" 1000
	victim=$leader
	wait_ns "$victim" net
	ino=$(ns_ino "$victim" net)
	start --
	keys / "$ino" Enter
	expect "^net +$ino .* $victim .*nstopvictim"
	# asked, and declined: nothing is sent
	keys k
	expect "signal to send to PID $victim \\(nstopvictim\\) \\[TERM\\]: _"
	keys Enter
	expect "send SIGTERM to PID $victim \\(nstopvictim\\)\\? \\[y/N\\]"
	keys n
	expect 'cancelled: no signal sent'
	kill -0 "$victim" || fail "the victim died without confirmation"
	# a bad signal name
	keys k BOGUS Enter
	expect "unknown signal 'BOGUS'"
	# asked, and confirmed
	keys k KILL Enter
	expect "send SIGKILL to PID $victim"
	keys y
	expect "sent SIGKILL to PID $victim \\(nstopvictim\\)"
	for _ in $(seq 50); do
		kill -0 "$victim" 2>/dev/null || break
		sleep 0.1
	done
	! kill -0 "$victim" 2>/dev/null || fail "the victim is alive"
	keys q
}

t_resize() {
	start --
	"${TM[@]}" resize-window -t t -x 80 -y 24
	expect 'TYPE +NS CONTAINER +NPROCS +CPU% +MEM +RX/s +TX/s COMMAND'
	gone 'THREADS'
	"${TM[@]}" resize-window -t t -x 30 -y 6
	expect 'terminal too small'
	expect '30x6, nstop needs 40x8'
	gone 'TYPE'
	"${TM[@]}" resize-window -t t -x 120 -y 40
	expect 'TYPE +NS +CONTAINER +NPROCS +THREADS'
	[ "$(screen | wc -l)" = 40 ] || fail "the screen is not 40 lines"
	keys q
}

# Colors: SGR color codes with a color terminal, none for vt100 or NO_COLOR.
t_colors() {
	start TERM=screen-256color --
	"${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*3[0-7]m\|\e\\[[0-9;]*4[0-7]m' ||
		fail "no colors on a color terminal"
	keys q
	"${TM[@]}" kill-server 2>/dev/null || true
	sleep 0.2
	start TERM=vt100 --
	! "${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*[34][0-7]m' ||
		fail "colors on a vt100"
	# reverse video still marks the selection and the headings
	"${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[7m\|\e\\[[0-9;]*;7m' ||
		fail "no reverse video on a vt100"
	keys q
	"${TM[@]}" kill-server 2>/dev/null || true
	sleep 0.2
	start TERM=screen-256color NO_COLOR=1 --
	! "${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*[34][0-7]m' ||
		fail "colors with NO_COLOR"
	keys q
}

t_ascii() {
	local pid
	target pid
	start LC_ALL=C -- -T
	expect 'Namespace tree'
	expect "[|\`]-$(ns_ino "$pid" pid)"
	! screen | grep -q '└' || fail "UTF-8 lines in the C locale"
	keys q
	"${TM[@]}" kill-server 2>/dev/null || true
	sleep 0.2
	start -- --ascii -T
	expect "[|\`]-$(ns_ino "$pid" pid)"
	keys q
}

run t_keys "start, help, t, c, T, sorting, search, drill-down and back, quit"
run t_shell "e: a shell in the row's namespaces, exit comes back"
run t_diff_pane "d: nsdiff in a pane (or says it is missing), Esc closes"
run t_kill "k: a signal after confirmation, and not without"
run t_resize "resize down, too small, and back"
run t_colors "colors on a color terminal, none for vt100 or NO_COLOR"
run t_ascii "ASCII lines in the C locale and with --ascii"
finish

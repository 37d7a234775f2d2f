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
# server of its own (a new session on the socket of one that is still
# exiting, its last session just quit, fails with "server exited
# unexpectedly"), every half second unless START_DELAY says otherwise
# (empty: nstop's own); its settings where XDG_CONFIG_HOME says, else in
# a directory of this test's own, so that neither a user's file nor one
# that an earlier test saved (its columns moved, its delay) is read
START_DELAY=0.5
start() {
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	# (the count of starts is the test's own, in its subshell: the
	# socket names the test too, or each test's first would be the last's)
	NSTARTS=$((NSTARTS + 1))
	TM=(tmux -L "$SOCK.$_t_count.$NSTARTS" -f /dev/null)
	defer "${TM[*]} kill-server"
	"${TM[@]}" new-session -d -s t -x 120 -y 40 \
		env XDG_CONFIG_HOME="$TMPDIR/config.$_t_count" "${envs[@]}" "$NSTOP" \
		${START_DELAY:+-d "$START_DELAY"} "$@"
	expect ', [0-9]+ rows?, by '
}

screen() { "${TM[@]}" capture-pane -p -t t; }
keys() { "${TM[@]}" send-keys -t t "$@"; }

# screen_until CMD...: wait up to 5 s for CMD to succeed; else print the
# screen and fail, the caller then saying what was wanted (the end of the
# log is what is shown)
screen_until() {
	local i
	for i in $(seq 50); do
		"$@" && return 0
		sleep 0.1
	done
	screen | sed 's/^/  | /'
	return 1
}
shows() { screen | grep -Eq -- "$1"; }
hides() { ! shows "$1"; }

# expect REGEX: wait up to 5 s for the screen to show it
expect() {
	screen_until shows "$1" || { echo "FAIL: the screen above never showed /$1/"; return 1; }
}

# gone REGEX: wait up to 5 s for the screen not to show it
gone() {
	screen_until hides "$1" || { echo "FAIL: the screen above still shows /$1/"; return 1; }
}

# quit: q, and wait for nstop and its session to end (the server goes with
# its last session); fails if nstop does not quit.
quit() {
	keys q
	ended 50 || fail "q did not quit"
}

# ended TENTHS: wait up to TENTHS tenths of a second for the session to end.
ended() {
	for _ in $(seq "$1"); do
		"${TM[@]}" has-session -t t 2>/dev/null || return 0
		sleep 0.1
	done
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
	expect 'Namespaces \(all types; host hidden\), [0-9]+ rows, by CPU% descending'
	# htop's function keys, then nstop's own, on the bottom line
	expect '^F1Help +F2Setup F3SearchF4FilterF5Tree +F6SortByF9Kill +F10Quit +EnterProcs cContainers'

	keys '?'
	expect 'nstop keys \(Esc closes\)'
	expect 'Sort by a column'
	keys Escape
	gone 'nstop keys'

	keys t
	expect 'Namespaces \(mnt; host hidden\)'
	keys t
	expect 'Namespaces \(net; host hidden\)'
	keys t t t t t t
	expect 'Namespaces \(time; host hidden\)'
	keys t
	expect 'Namespaces \(all types; host hidden\)'

	keys c
	expect 'Containers, [0-9]+ rows?'
	expect 'CONTAINER +RUNTIME +NAMESPACES'
	expect '\(none\)'
	keys c
	expect 'Namespaces \(all types; host hidden\)'

	keys T
	expect 'Namespace tree \(pid, user\)'
	expect "[├└]─$(ns_ino "$pid" pid)"
	keys T
	expect 'Namespaces \(all types; host hidden\)'

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

	# the filter, as you type: each key narrows the rows
	keys /
	expect '^Filter: _ +EnterDone +EscClear'
	keys "${ino:0:6}"
	expect "filter '${ino:0:6}'"
	keys "${ino:6}"
	expect "Namespaces \\(all types; host hidden\\), 1 row, by CPU% descending, filter '$ino'"
	expect "^net +$ino "
	keys Enter
	expect '^F1Help'
	expect "filter '$ino'"

	# the drill-down: host PID and namespaced PID (1: init of its pid namespace),
	# and each process's block I/O
	keys Enter
	expect "Processes of net $ino, [0-9]+ rows"
	expect 'PID +NSPID +USER +S +THREADS +CPU% +MEM +BLKR/s +BLKW/s +COMMAND'
	expect "^ +$pid +1 root .*sh -c while"
	keys Escape
	expect "Namespaces \\(all types; host hidden\\), 1 row"
	# Esc again clears the filter
	keys Escape
	gone "filter '"
	quit
}

# The text of the selected row (its first cell in the selection's colors,
# or in reverse video without colors).
selected() {
	"${TM[@]}" capture-pane -e -p -t t |
		grep -E $'^(\e\\[[0-9;]*m)*\e\\[([0-9;]*;)?(46|7)m[^\e]' | head -n 1 |
		sed -E $'s/\e\\[[0-9;]*m//g; s/ +$//'
}

# expect_selected REGEX: wait up to 5 s for the selected row to match
expect_selected() {
	screen_until selected_matches "$1" ||
		{ echo "FAIL: the selected row is not /$1/: $(selected)"; return 1; }
}
selected_matches() { selected | grep -Eq -- "$1"; }

# rows: the count of rows the title says
rows() { screen | sed -nE 's/.*, ([0-9]+) rows?, by .*/\1/p' | head -n 1; }

# htop's function keys: F1 help, F3 search, F4 filter, F5 tree, F6 the sort
# menu, F10 quit (F9 in t_signal_menu).
t_fkeys() {
	local pid ino n
	target pid
	ino=$(ns_ino "$pid" net)
	start --
	expect '^F1Help +F2Setup F3Search'
	keys F1
	expect 'nstop keys \(Esc closes\)'
	expect '^EscClose +PgDnMore'
	keys Escape
	gone 'nstop keys'

	# F3: every row stays, the selection goes to the row that shows the text
	n=$(rows)
	keys F3
	expect '^Search: _ +F3Next +EnterDone'
	keys "$ino"
	expect "^Search: $ino"
	expect_selected "^net +$ino "
	[ "$(rows)" = "$n" ] || fail "the search hid rows: $n, then $(rows)"
	! screen | grep -q "filter '" || fail "the search is a filter"
	keys Enter
	expect '^F1Help'
	expect_selected "^net +$ino "
	# a text nowhere: said, the selection stays
	keys F3 BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace zzzz
	expect '^Search: zzzz_ not found'
	expect_selected "^net +$ino "
	keys Escape

	# F4: the filter (/ is the same)
	keys F4
	expect '^Filter: _'
	keys "$ino" Enter
	expect "1 row, by CPU% descending, filter '$ino'"
	keys F4 Escape
	gone "filter '"

	# F5: the tree, and back
	keys F5
	expect 'Namespace tree \(pid, user\)'
	expect '^F1Help.*F5Tree'
	keys F5
	expect 'Namespaces \(all types; host hidden\)'

	# F6: sort by a column from a menu; the one sorted by again reverses
	keys F6
	expect '^┌ Sort by ─'
	expect '^EnterChoose ?EscCancel'
	keys Down Enter
	expect 'by MEM descending'
	gone 'Sort by'
	keys F6 Enter
	expect 'by MEM ascending'
	keys F6 Escape
	gone 'Sort by'
	expect 'by MEM ascending'

	# F10 quits
	keys F10
	for _ in $(seq 50); do
		"${TM[@]}" has-session -t t 2>/dev/null || return 0
		sleep 0.1
	done
	fail "F10 did not quit"
}

# Search and filter match what a row shows: a process in the host's
# namespaces whose name is nowhere else keeps no other row, and the host's
# rows it keeps show it in COMMAND. Without COMMAND among the columns, it
# matches nothing.
t_matches_shown() {
	local leader
	cp /bin/sleep "$TMPDIR/ecowtest"
	spawn leader "$TMPDIR/ecowtest" 1000
	start --
	keys / ecowtest
	expect "filter 'ecowtest'"
	expect "no row shows the filter's text"
	keys Enter s
	expect "Namespaces \\(all types\\), [0-9]+ rows, by CPU% descending, filter 'ecowtest'"
	expect "^mnt +[0-9]+ \\(host\\) .* $leader .*ecowtest 1000"
	# every row kept says why: the process, in PID and COMMAND
	screen | sed -n '/^TYPE/,/^F1Help/p' | sed '1d;$d' | grep -v '^ *$' >"$TMPDIR/rows"
	[ -s "$TMPDIR/rows" ] || fail "no rows"
	! grep -v "ecowtest 1000" "$TMPDIR/rows" || fail "a row that does not show the text"
	quit
	start -- --show-host -o TYPE,NS,CONTAINER,CPU%
	keys / ecowtest Enter
	expect "no row shows the filter's text"
	quit
}

# F9: a menu of signals, SIGTERM selected; Esc sends nothing; KILL chosen
# and confirmed kills the process.
t_signal_menu() {
	local victim ino
	cp /bin/sleep "$TMPDIR/nstopvictim"
	spawn victim unshare --net "$TMPDIR/nstopvictim" 1000
	wait_ns "$victim" net
	ino=$(ns_ino "$victim" net)
	start --
	keys / "$ino" Enter
	expect "^net +$ino .* $victim .*nstopvictim"
	keys F9
	expect "^┌ Signal to $victim"
	expect '15 SIGTERM'
	keys Escape
	expect 'cancelled: no signal sent'
	kill -0 "$victim" || fail "Esc killed it"
	keys F9
	expect "^┌ Signal to $victim"
	# from SIGTERM up to SIGKILL
	keys Up Up Up Up Up Up Enter
	expect "send SIGKILL to PID $victim \\(nstopvictim\\)\\? \\[y/N\\]"
	keys n
	expect 'cancelled: no signal sent'
	kill -0 "$victim" || fail "n killed it"
	keys F9 Up Up Up Up Up Up Enter
	expect "send SIGKILL to PID $victim"
	keys y
	expect "sent SIGKILL to PID $victim \\(nstopvictim\\)"
	for _ in $(seq 50); do
		kill -0 "$victim" 2>/dev/null || break
		sleep 0.1
	done
	! kill -0 "$victim" 2>/dev/null || fail "the victim is alive"
	quit
}

# s: the host's own namespaces, hidden in the dashboard until asked for;
# in the container view, the processes in no container.
t_host() {
	local net
	net=$(ns_ino $$ net)
	start --
	expect 'Namespaces \(all types; host hidden\)'
	gone '\(host\)'
	keys s
	expect "^net +$net \\(host\\) "
	expect 'Namespaces \(all types\), '
	keys s
	expect 'host hidden'
	gone "^net +$net "
	keys c
	expect 'Containers, [0-9]+ rows?'
	expect '^\(none\) '
	keys s
	expect 'Containers \(host hidden\)'
	gone '^\(none\) '
	quit
	# --show-host: from the start
	start -- --show-host
	expect "^net +$net \\(host\\) "
	quit
}

# The container view's NAMESPACES: a letter per type of its own, - where
# it shares the host's, whole at any width it is shown at; the legend in
# the help.
t_namespaces_column() {
	local id=5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3 pid
	target pid
	cgroup_place "/system.slice/docker-$id.scope" "$pid" || skip_test "no cgroup to place into"
	start -- -c
	# its own net, pid, uts and ipc namespaces; the host's mnt, user, cgroup, time
	expect '^5a6b7c8d9e0f +docker +-npui--- '
	keys '?' End
	expect '^│ NAMESPACES: m mnt, n net, p pid, u uts, i ipc, U user, C cgroup, T time; - shared'
	keys Escape
	"${TM[@]}" resize-window -t t -x 160 -y 45
	expect '^5a6b7c8d9e0f +docker +-npui--- +[0-9]+ '
	quit
}

# The meters: a bar per CPU, memory and swap, in colors, or in characters
# of their own without colors; the counts at their right. A busy loop
# gives a CPU user time to show.
t_meters() {
	local pid busy
	target pid
	spawn busy sh -c 'while :; do :; done'
	start TERM=screen-256color --
	expect '^ ?0\[.*%\] +Tasks: [0-9]+, [0-9]+ thr; [0-9]+ running'
	expect 'Namespaces: [0-9]+ \([0-9]+ net, [0-9]+ pid, [0-9]+ mnt, [0-9]+ user\)$'
	# one bar per CPU on a screen this size, up to 16 of them
	[ "$(nproc)" -lt 2 ] || [ "$(nproc)" -gt 16 ] || expect '^ ?1\[.*%\]'
	expect '^Mem\[\|+.*[0-9.]+[KMGT]?/[0-9.]+[KMGT]\] +Containers: [0-9]+'
	expect '^Swp\[.*[0-9.]+[KMGT]?/[0-9.]+[KMGT]?\] +RSS: .*; every 0.5s'
	# user time in green, the labels in cyan
	for _ in $(seq 50); do
		"${TM[@]}" capture-pane -e -p -t t | grep -Eq $'\e\\[[0-9;]*32m(\e\\[[0-9;]*m)*\\|' &&
			break
		sleep 0.1
	done
	"${TM[@]}" capture-pane -e -p -t t | grep -Eq $'\e\\[[0-9;]*32m(\e\\[[0-9;]*m)*\\|' ||
		fail "no green in the bars"
	"${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*36mMem' || fail "no cyan label"
	quit
	# without colors: user time as #, and no color at all
	start TERM=vt100 --
	expect '^ ?[01]\[\|*#{3,}'
	! "${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*3[0-7]m' || fail "colors on a vt100"
	quit
	# 60x15: the CPUs (side by side when two fit, else one bar), memory;
	# the counts in two lines
	start --
	"${TM[@]}" resize-window -t t -x 60 -y 15
	expect '^( ?0\[|CPU\[).*%\] +Namespaces: [0-9]+'
	expect '^Mem\[.*\] +Containers: [0-9]+; tasks: [0-9]+'
	quit
}

# The mouse, as the terminal reports it (SGR, mode 1006): press and
# release at column X, line Y of the screen (from 1).
click() { keys -l $'\e'"[<0;$1;$2M"$'\e'"[<0;$1;$2m"; }
dclick() { keys -l $'\e'"[<0;$1;$2M"$'\e'"[<0;$1;$2m"$'\e'"[<0;$1;$2M"$'\e'"[<0;$1;$2m"; }
wheel() { keys -l $'\e'"[<$(($1 == 0 ? 64 : 65));10;10M"; }

# where TEXT REGEX: "X Y" of TEXT on the first line matching REGEX (from 1)
where() {
	local n l
	n=$(screen | grep -En -- "$2" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] || { screen | sed 's/^/  | /' >&2; echo "FAIL: no line /$2/ above" >&2; return 1; }
	l=$(screen | sed -n "${n}p")
	l=${l%%"$1"*}
	echo "$((${#l} + 1)) $n"
}

# A click selects a row, a double click enters it, the wheel moves, a
# click on a heading sorts (again: the other way), on a key of the bottom
# line presses it; --no-mouse leaves the mouse to the terminal.
t_mouse() {
	local pid ino xy sel
	target pid
	ino=$(ns_ino "$pid" net)
	start --
	[ "$("${TM[@]}" display -p -t t '#{mouse_sgr_flag}')" = 1 ] || fail "no SGR mouse asked for"
	expect "^net +$ino "
	# the heading of MEM: sorts by it, then the other way
	xy=$(where MEM '^TYPE ')
	click $xy
	expect 'by MEM descending'
	click $xy
	expect 'by MEM ascending'
	xy=$(where CPU% '^TYPE ')
	click $xy
	expect 'by CPU% descending'
	# a click on the loop's net namespace selects it
	xy=$(where "$ino" "^net +$ino ")
	click $xy
	expect_selected "^net +$ino "
	# the wheel: three rows down (or the last), and back
	keys Home
	for _ in $(seq 50); do
		sel=$(selected)
		[ "$sel" = "$(screen | sed -n '/^TYPE /{n;p;q}')" ] && break
		sleep 0.1
	done
	[ "$sel" = "$(screen | sed -n '/^TYPE /{n;p;q}')" ] || fail "Home did not select the first row"
	wheel 1
	for _ in $(seq 50); do [ "$(selected)" != "$sel" ] && break; sleep 0.1; done
	[ "$(selected)" != "$sel" ] || fail "the wheel did not move the selection"
	wheel 0
	expect_selected "^${sel%% *} "
	# a double click enters the row; a click on Esc's key comes back
	xy=$(where "$ino" "^net +$ino ")
	dclick $xy
	expect "Processes of net $ino, [0-9]+ rows"
	xy=$(where EscBack '^F1Help')
	click $xy
	expect 'Namespaces \(all types; host hidden\)'
	expect '^F1Help'
	# F6's menu: a click on an item selects it, a double click chooses it
	keys F6
	expect '^┌ Sort by'
	xy=$(where 'MEM ' '^│ MEM ')
	dclick $xy
	expect 'by MEM descending'
	# F1's key opens the help, the wheel scrolls it, F10's key quits
	xy=$(where F1Help '^F1Help')
	click $xy
	expect 'nstop keys'
	expect ' 1-[0-9]+ of [0-9]+ '
	wheel 1
	expect ' 4-[0-9]+ of [0-9]+ '
	keys Escape
	gone 'nstop keys'
	xy=$(where F10Quit '^F1Help')
	click $xy
	for _ in $(seq 50); do
		"${TM[@]}" has-session -t t 2>/dev/null || break
		sleep 0.1
	done
	! "${TM[@]}" has-session -t t 2>/dev/null || fail "a click on F10Quit did not quit"
	# --no-mouse: no reports asked for
	start -- --no-mouse
	[ "$("${TM[@]}" display -p -t t '#{mouse_sgr_flag}#{mouse_standard_flag}')" = 00 ] ||
		fail "--no-mouse asked for the mouse"
	quit
}

# F2: the setup screen; what it changes is in effect at once and saved to
# $XDG_CONFIG_HOME/nskit/nstoprc when it closes; a new nstop starts as
# saved, its options over the file.
t_setup() {
	local cfg=$TMPDIR/cfg rc=$TMPDIR/cfg/nskit/nstoprc
	start XDG_CONFIG_HOME="$cfg" --
	expect '^TYPE .* THREADS '
	keys F2
	expect '^┌ Setup \(closing saves it\)'
	expect '^│ Refresh every +0.5 s'
	expect '^EnterChange ?F7MoveUp ?F8MoveDn ?EscDone'
	# the eighth line: the delay, 0.5 s then 1 s
	keys Down Down Down Down Down Down Down Enter
	expect '^│ Refresh every +1 s'
	# the 17th: THREADS of the namespace view, hidden
	keys Down Down Down Down Down Down Down Down Down
	expect '^│   \[x\] THREADS'
	keys Space
	expect '^│   \[ \] THREADS'
	# the container view: started in
	keys Home Enter Enter
	expect '^│ Start in +containers'
	keys Escape
	expect "settings saved to $rc"
	expect '^Containers, [0-9]+ rows?'
	keys c
	expect '^TYPE +NS +CONTAINER +NPROCS +CPU%'
	gone '^TYPE .*THREADS'
	grep -qx 'version=1' "$rc" || fail "no version in the file"
	grep -qx 'delay=1' "$rc" || fail "the delay was not saved"
	grep -qx 'view=containers' "$rc" || fail "the view was not saved"
	grep -qx 'namespace_columns=TYPE,NS,CONTAINER,NPROCS,CPU%,MEM,RX/s,TX/s,PID,COMMAND' "$rc" ||
		fail "the columns were not saved: $(grep namespace_columns "$rc")"
	quit
	# read back as saved: the container view, every second
	START_DELAY='' start XDG_CONFIG_HOME="$cfg" --
	expect '^Containers, [0-9]+ rows?'
	expect 'RSS: .*; every 1s'
	keys c
	expect '^TYPE +NS +CONTAINER +NPROCS +CPU%'
	gone 'THREADS'
	quit
	# the options over the file: -d, -o, -t
	start XDG_CONFIG_HOME="$cfg" -- -o TYPE,NS,THREADS -t net
	expect '^Namespaces \(net; host hidden\)'
	expect '^TYPE +NS +THREADS'
	expect 'RSS: .*; every 0.5s'
	quit
	# the file is the same: options are not saved unless the setup screen is
	grep -qx 'delay=1' "$rc" || fail "an option changed the file"
	# without XDG_CONFIG_HOME, under HOME
	mkdir -p "$TMPDIR/home"
	start XDG_CONFIG_HOME= HOME="$TMPDIR/home" --
	keys F2
	expect '^┌ Setup'
	keys F10
	expect "settings saved to $TMPDIR/home/.config/nskit/nstoprc"
	[ -f "$TMPDIR/home/.config/nskit/nstoprc" ] || fail "nothing under HOME"
	quit
}

# Colors and the mouse from the setup screen: off at once, and saved.
t_setup_live() {
	local cfg=$TMPDIR/live rc=$TMPDIR/live/nskit/nstoprc
	start XDG_CONFIG_HOME="$cfg" TERM=screen-256color --
	"${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*3[0-7]m' || fail "no colors at first"
	[ "$("${TM[@]}" display -p -t t '#{mouse_sgr_flag}')" = 1 ] || fail "no mouse at first"
	keys F2 Down Down Down Down Down Down Down Down
	expect '^│ Colors +yes'
	keys Enter
	expect '^│ Colors +no'
	for _ in $(seq 50); do
		"${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*3[0-7]m' || break
		sleep 0.1
	done
	! "${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*3[0-7]m' || fail "colors left"
	keys Down Enter
	expect '^│ Mouse +no'
	for _ in $(seq 50); do
		[ "$("${TM[@]}" display -p -t t '#{mouse_sgr_flag}')" = 0 ] && break
		sleep 0.1
	done
	[ "$("${TM[@]}" display -p -t t '#{mouse_sgr_flag}')" = 0 ] || fail "the mouse stayed on"
	keys Enter
	expect '^│ Mouse +yes'
	for _ in $(seq 50); do
		[ "$("${TM[@]}" display -p -t t '#{mouse_sgr_flag}')" = 1 ] && break
		sleep 0.1
	done
	[ "$("${TM[@]}" display -p -t t '#{mouse_sgr_flag}')" = 1 ] || fail "the mouse did not come back"
	keys Escape
	expect 'settings saved to'
	grep -qx 'color=no' "$rc" || fail "colors: not saved"
	grep -qx 'mouse=yes' "$rc" || fail "the mouse: not saved"
	quit
	# started again: without colors, as saved
	start XDG_CONFIG_HOME="$cfg" TERM=screen-256color --
	! "${TM[@]}" capture-pane -e -p -t t | grep -q $'\e\\[[0-9;]*3[0-7]m' || fail "colors again"
	expect '^ ?0\[\|*#*'
	quit
}

# A settings file that is not what nstop writes: one warning, the
# defaults, a dashboard that works.
t_config_bad() {
	local cfg=$TMPDIR/bad rc=$TMPDIR/bad/nskit/nstoprc
	mkdir -p "$cfg/nskit"
	printf 'version=1\ncolour=yes\n' >"$rc"
	start XDG_CONFIG_HOME="$cfg" --
	expect "^$rc:2: unknown key 'colour'; using the defaults\$"
	expect '^TYPE .* THREADS '
	# one warning: the next key takes it away
	keys Space
	expect '^F1Help'
	gone 'using the defaults'
	quit
	printf 'version=2\nview=containers\n' >"$rc"
	start XDG_CONFIG_HOME="$cfg" --
	expect "^$rc:1: version 2, which this nstop does not know \\(it reads 1\\); using"
	expect '^Namespaces \(all types; host hidden\)'
	quit
	head -c 3000 "$NSTOP" >"$rc"
	start XDG_CONFIG_HOME="$cfg" --
	expect "^$rc(:1)?: (a NUL byte: not a text file|not key=value); using the defaults"
	keys t
	expect '^Namespaces \(mnt; host hidden\)'
	quit
	rm -f "$rc"
	mkdir "$rc"
	start XDG_CONFIG_HOME="$cfg" --
	expect "^$rc: Is a directory; using the defaults"
	quit
}

# selected_is TEXT: wait up to 5 s for the selected row to be TEXT
selected_is() {
	screen_until selected_equals "$1" ||
		{ echo "FAIL: the selected row is '$(selected)', not '$1'"; return 1; }
}
selected_equals() { [ "$(selected)" = "$1" ]; }

# follows A B: wait up to 5 s for the line after the one matching A to match B
follows() {
	screen_until line_after "$1" "$2" || { echo "FAIL: /$2/ does not follow /$1/ above"; return 1; }
}
line_after() { screen | grep -A1 -E -- "$1" | sed -n 2p | grep -Eq -- "$2"; }

# The keys that the others do not press: h, Right, Left, Backspace, PgDn,
# PgUp, End, Home, Space and Ctrl-L; F7, F8, [ and ] and the mouse in the
# setup screen.
t_other_keys() {
	local pid ino clock first last xy
	target pid
	ino=$(ns_ino "$pid" net)
	START_DELAY=30 start --
	# h: the help; PgDn a page on; Left closes it
	keys h
	expect 'nstop keys'
	keys PgDn
	expect ' [0-9]{2,}-[0-9]+ of [0-9]+ '
	keys Left
	gone 'nstop keys'
	# End, Home, PgDn, PgUp: the last row, the first (once the second
	# sample, half a second in, has sorted them by CPU%)
	expect '^[a-z]+ +[0-9]+ .* [0-9]+\.[0-9] '
	first=$(screen | sed -n '/^TYPE /{n;p;q}')
	last=$(screen | sed -n '/^TYPE /,/^F1Help/p' | grep -v '^$' | sed -n '$!p' | tail -n 1)
	keys End
	selected_is "$last"
	keys Home
	selected_is "$first"
	keys PgDn
	selected_is "$last"
	keys PgUp
	selected_is "$first"
	# Space and Ctrl-L: a refresh now, not in 30 s (the clock moves on; a
	# second is waited for first, so that it can)
	clock=$(screen | head -n 1 | awk '{ print $3 }')
	sleep 1.1
	keys Space
	gone "^nstop - $clock "
	clock=$(screen | head -n 1 | awk '{ print $3 }')
	sleep 1.1
	keys C-l
	gone "^nstop - $clock "
	# Right enters a row, Backspace comes back, as Left
	keys / "$ino" Enter
	expect "^net +$ino "
	keys Right
	expect "Processes of net $ino"
	keys BSpace
	expect "filter '$ino'"
	keys Right
	expect "Processes of net $ino"
	keys Left
	expect "filter '$ino'"
	keys Escape
	gone "filter '"
	# the setup screen: F7, [ move a column up, F8, ] down; a double click changes
	keys F2
	expect '^┌ Setup'
	keys Down Down Down Down Down Down Down Down Down Down Down Down Down Down Down
	expect '^│   \[x\] NPROCS'
	keys F7
	follows '\[x\] NS ' '\[x\] NPROCS '
	keys '['
	follows '\[x\] TYPE ' '\[x\] NPROCS '
	keys F8 ']' ']'
	follows '\[x\] THREADS ' '\[x\] NPROCS '
	keys q
	expect '^TYPE +NS +CONTAINER +THREADS +NPROCS '
	keys F2
	expect '^┌ Setup'
	xy=$(where 'Mouse' '^│ Mouse +yes')
	dclick $xy
	expect '^│ Mouse +no'
	# (no more clicks: the terminal would not send them now)
	keys Enter
	expect '^│ Mouse +yes'
	keys F10
	expect 'settings saved to'
	quit
}

# -n: as top, the dashboard quits by itself after so many refreshes.
t_frames() {
	START_DELAY=0.1 start -- -n 30
	ended 100 || fail "nstop -n 30 -d 0.1 was still running 10 s after its first screen"
}

# Every screen at COLSxROWS: the header and the title whole (in a shorter
# form), the column headings to COMMAND, and the bottom line keeping quit
# and help. $ino is a net namespace of its own, shown.
screens_at() {
	local cols=$1 lines=$2 ino=$3 foot='^F1Help .*F10Quit'
	"${TM[@]}" resize-window -t t -x "$cols" -y "$lines"
	expect "^nstop( -)? [0-9:]+ .*load [0-9.]+ [0-9.]+ [0-9.]+\$"
	expect 'Containers: [0-9]+'
	expect 'Namespaces: [0-9]+'
	expect '^(Namespaces|NS) \(all( types)?(; host hidden|, no host)\), [0-9]+( rows?)?, by CPU% desc(ending)?$'
	expect '^TYPE +NS .* COMMAND *$'
	expect "$foot"
	[ "$(screen | wc -l)" = "$lines" ] || fail "not $lines lines at ${cols}x$lines"
	keys F1
	expect 'nstop keys \(Esc closes\)'
	expect '^EscClose +PgDnMore'
	keys Escape
	expect "$foot"
	keys F6
	expect '^┌ Sort by ─'
	expect '^EnterChoose ?EscCancel'
	keys Escape
	expect "$foot"
	keys F2
	expect '^┌ Setup \(closing saves it\)'
	expect '^EnterChange ?F7MoveUp ?F8MoveDn ?EscDone'
	keys Escape
	expect 'settings saved to'
	keys Space
	expect "$foot"
	keys F3
	expect '^Search: _ +F3Next'
	keys Escape F4
	expect '^Filter: _ +EnterDone'
	keys Escape
	expect "$foot"
	keys c
	expect '^Containers, [0-9]+( rows?)?, by CPU% desc(ending)?$'
	expect '^CONTAINER .* COMMAND *$'
	# nstop's own keys go before F1 and F10
	if [ "$cols" -ge 80 ]; then expect "$foot.*cNamespaces"; else expect "$foot"; fi
	keys c F5
	expect '^(Namespace|NS) tree \(pid, user\), [0-9]+( rows?)?, by CPU% desc(ending)?$'
	keys F5
	expect '^(Namespaces|NS) \(all'
	keys / "$ino" Enter
	expect "^net +$ino "
	keys Enter
	expect "^(Processes|Procs) of net $ino, [0-9]+( rows?)?, by CPU% desc(ending)?$"
	expect '^ +PID .* COMMAND *$'
	expect "$foot.*EscBack"
	keys F9
	expect '^┌ Signal to [0-9]+'
	keys Escape
	expect 'cancelled: no signal sent'
	keys k
	expect 'signal to send to PID [0-9]+ .*\[TERM\]: _'
	keys Escape
	expect 'cancelled: no signal sent'
	keys d
	expect 'nsdiff [0-9]+ .*against the host'
	keys Escape
	gone 'against the host'
	keys Escape Escape
	expect "$foot"
	gone "filter '"
}

t_sizes() {
	local pid ino
	target pid
	ino=$(ns_ino "$pid" net)
	start --
	screens_at 80 24 "$ino"
	screens_at 60 15 "$ino"
	screens_at 120 40 "$ino"
	quit
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
run t_fkeys "F1 help, F3 search, F4 filter, F5 tree, F6 sort menu, F10 quit"
run t_matches_shown "the filter keeps the rows that show the text, and says why"
run t_signal_menu "F9: a menu of signals, Esc, n and y"
run t_host "s: the host hidden by default, shown, hidden again; the container view's (none)"
run t_namespaces_column "the container view's NAMESPACES, one letter per type; the legend" \
	file:/sys/fs/cgroup
run t_shell "e: a shell in the row's namespaces, exit comes back"
run t_diff_pane "d: nsdiff in a pane (or says it is missing), Esc closes"
run t_kill "k: a signal after confirmation, and not without"
run t_setup "F2: the setup screen, in effect at once, saved, read back; options over it"
run t_setup_live "the setup screen's colors and mouse, at once and saved"
run t_config_bad "a bad settings file: one warning, the defaults"
run t_mouse "mouse: click, double click, wheel, headings, the bottom line's keys; --no-mouse"
run t_meters "meters: a bar per CPU, memory, swap; colors or characters; the counts"
run t_other_keys "h, Right, Left, Backspace, PgDn, PgUp, End, Home, Space, Ctrl-L; F7 F8 [ ] and clicks in setup"
run t_frames "-n: the dashboard quits after so many refreshes"
run t_sizes "every screen at 80x24 and 60x15: headers whole or shorter, the keys by priority"
run t_resize "resize down, too small, and back"
run t_colors "colors on a color terminal, none for vt100 or NO_COLOR"
run t_ascii "ASCII lines in the C locale and with --ascii"
finish

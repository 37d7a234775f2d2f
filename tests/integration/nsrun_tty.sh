#!/bin/bash
# nsrun on a terminal, driven under tmux: ^C from the keyboard ends a
# foreground container with 128 + SIGINT and leaves nothing; a container
# without a command is an interactive shell whose exit status is nsrun's;
# `nsrun exec NAME` without a command is a shell inside the container.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root cmd:tmux file:"$NSRUN"

SOCK=nskit-nsrun-$$
TM=(tmux -L "$SOCK" -f /dev/null)

# A bash on a 100x30 terminal, with the test's state directory and a plain prompt.
start() {
	defer "${TM[*]} kill-server"
	"${TM[@]}" new-session -d -s t -x 100 -y 30 \
		env NSKIT_STATE_DIR="$NSKIT_STATE_DIR" PS1='$ ' bash --norc --noprofile
	expect '^\$ ?$'
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

t_ctrl_c() {
	local m=61$RANDOM
	start
	keys "$NSRUN --name $T-cc --net bridge:${T}cc --memory 64m -- sleep $m; echo rc=\$?" Enter
	wait_for pgrep -f "^sleep $m" || fail "the container never started"
	wait_for grep -q '^state=running' "$(rec "$T-cc")"
	# the terminal's ^C reaches the whole foreground process group: the
	# command dies of it once (the launcher and init do not send it again)
	keys C-c
	expect 'rc=130$'
	leftovers "$T-cc" "$m"
	[ -z "$(marked_links "${T}cc")" ] || fail "the implicit network's bridge remains"
}

t_interactive_shell() {
	start
	keys "$NSRUN --name $T-sh --rootfs $(rootfs) --hostname box; echo rc=\$?" Enter
	expect '^/ # ?$'
	# busybox's sh, PID 2 under nsrun's init, on the caller's terminal, its console
	keys 'echo "host=$(hostname) pid=$$ tty=$(tty)"' Enter
	expect '^host=box pid=2 tty=/dev/console$'
	keys 'exit 3' Enter
	expect '^rc=3$'
	leftovers "$T-sh" "--name $T-sh "
}

t_exec_shell() {
	start
	"$NSRUN" -d --name "$T-ex" --rootfs "$(rootfs)" --hostname exbox -- sleep 1000 >/dev/null
	keys "$NSRUN exec $T-ex; echo rc=\$?" Enter
	expect '^/ # ?$'
	keys 'hostname; exit 4' Enter
	expect '^exbox$'
	expect '^rc=4$'
	"$NSRUN" stop "$T-ex"
}

run t_ctrl_c "^C ends a foreground container with 130 and leaves nothing"
run t_interactive_shell "no command: an interactive shell, its exit status nsrun's" file:/bin/busybox
run t_exec_shell "exec without a command: a shell in the container" file:/bin/busybox
finish

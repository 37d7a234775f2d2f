#!/bin/bash
# nsrun on a terminal, driven under tmux: ^C from the keyboard ends a
# foreground container with 128 + SIGINT and leaves nothing; a container
# without a command is an interactive shell whose exit status is nsrun's;
# `nsrun exec NAME` without a command is a shell inside the container.
# Docker's -i and -t: `run -it` and `exec -it` give the command a
# pseudo-terminal of the container's own, with job control (^Z, jobs, fg,
# ^C), the caller's window size kept current, and the exit status passed
# on; -t alone passes ^C on; -dit and -di keep a shell alive in the
# background.
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

# the screen's last lines, for a failure's message
tail_screen() { screen | grep -v '^$' | tail -n "${1:-5}"; }

t_run_it() {
	local m=62$RANDOM
	start
	keys "$NSRUN run -it --rm --name $T-it --rootfs $(rootfs) --hostname itbox sh; echo rc=\$?" Enter
	expect '^/ # ?$'
	# a terminal of the container's own devpts, the pane's size, a session of its own
	keys 'echo "tty=$(tty) size=$(stty size) host=$(hostname) sid=$(cut -d" " -f6 /proc/$$/stat) pid=$$"' Enter
	expect '^tty=/dev/pts/0 size=30 100 host=itbox sid=2 pid=2$'
	# the caller's terminal is not the container's: no console of the host's
	keys 'readlink /proc/1/fd/0' Enter
	expect '^/dev/null$'
	# job control: ^Z stops a job, fg resumes it, ^C ends it
	keys "sleep $m" Enter
	wait_for pgrep -f "^sleep $m" || fail "sleep never started"
	keys C-z
	expect 'Stopped +sleep '"$m"
	keys 'jobs' Enter
	expect '^\[1\]\+ +Stopped +sleep '"$m"
	keys 'fg' Enter
	sleep 0.3
	keys C-c
	keys 'echo "fg=$?"' Enter
	expect '^fg=130$'
	# the window size follows the caller's
	"${TM[@]}" resize-window -t t -x 90 -y 25
	sleep 0.3
	keys 'stty size' Enter
	expect '^25 90$'
	keys 'exit 6' Enter
	expect '^rc=6$'
	leftovers "$T-it" "--name $T-it "
}

# As typed from the table of issue 17, on a root of the test's own:
# interactive, removed on exit, the host's processes.
t_run_it_pid_host() {
	start
	keys "$NSRUN run -it --rm --name $T-alpine1 --pid=host --rootfs $(rootfs) sh; echo rc=\$?" Enter
	expect '^/ # ?$'
	keys "ps -o pid,comm | grep -c '^ *$$ '" Enter
	expect '^1$'
	keys 'exit' Enter
	expect '^rc=0$'
	leftovers "$T-alpine1" "--name $T-alpine1 "
}

# -t alone: a terminal, no input; the caller's ^C still reaches the command.
t_run_t_only() {
	local m=63$RANDOM
	start
	keys "$NSRUN run -t --rm --name $T-t -- sh -c 'tty >/tmp/nsrun-t-$m; exec sleep $m'; echo rc=\$?" Enter
	wait_for pgrep -f "^sleep $m" || fail "sleep never started"
	keys C-c
	expect 'rc=130$'
	leftovers "$T-t" "$m"
	rm -f "/tmp/nsrun-t-$m"
}

t_exec_it() {
	start
	"$NSRUN" run -d --name "$T-x" --rootfs "$(rootfs)" --hostname xbox -- sleep 1000 >/dev/null
	keys "$NSRUN exec -it $T-x sh; echo rc=\$?" Enter
	expect '^/ # ?$'
	keys 'echo "tty=$(tty) size=$(stty size) host=$(hostname)"' Enter
	expect '^tty=/dev/pts/[0-9]+ size=30 100 host=xbox$'
	keys 'sleep 77' Enter
	sleep 0.3
	keys C-c
	keys 'echo "st=$?"' Enter
	expect '^st=130$'
	keys 'exit 5' Enter
	expect '^rc=5$'
	# -t without -i: a terminal, the exit status
	keys "$NSRUN exec -t $T-x sh -c 'tty; exit 2'; echo rc=\$?" Enter
	expect '^rc=2$'
	screen | grep -q '^/dev/pts/[0-9]' || fail "exec -t has no terminal: $(tail_screen)"
	"$NSRUN" stop "$T-x"
}

# In the background: -dit keeps a shell (the default command) on its pty,
# -di one whose stdin stays open.
t_detached_it() {
	local out
	"$NSRUN" run -dit --name "$T-dit" --rootfs "$(rootfs)" >/dev/null
	"$NSRUN" run -di --name "$T-di" --rootfs "$(rootfs)" -- cat >/dev/null
	sleep 1
	assert_match "$("$NSRUN" ls)" "$T-dit +[0-9]+ +running" "-dit still runs"
	assert_match "$("$NSRUN" ls)" "$T-di +[0-9]+ +running" "-di still runs"
	out=$("$NSRUN" exec "$T-dit" sh -c 'readlink /proc/2/fd/0; cat /proc/2/comm')
	assert_eq "$out" $'/dev/pts/0\nsh' "the shell on its pty"
	assert_eq "$("$NSRUN" inspect -f '{{.Config.Tty}} {{.Config.OpenStdin}}' "$T-dit")" "true true" "inspect"
	# its prompt is in its logs
	assert_match "$("$NSRUN" logs "$T-dit")" "/ # " "the prompt in the logs"
	"$NSRUN" stop "$T-dit" "$T-di"
	leftovers "$T-dit" "--name $T-dit "
}

run t_ctrl_c "^C ends a foreground container with 130 and leaves nothing"
run t_interactive_shell "no command: an interactive shell, its exit status nsrun's" file:/bin/busybox
run t_exec_shell "exec without a command: a shell in the container" file:/bin/busybox
run t_run_it "run -it: the container's own terminal, job control, window size, exit status" \
	file:/bin/busybox
run t_run_it_pid_host "run -it --rm --pid=host: the host's processes, nothing left" file:/bin/busybox
run t_run_t_only "run -t: a terminal without input; ^C reaches the command"
run t_exec_it "exec -it and exec -t: a terminal of the container's, ^C, exit status" \
	file:/bin/busybox
run t_detached_it "-dit and -di keep a shell and cat running in the background" file:/bin/busybox
finish

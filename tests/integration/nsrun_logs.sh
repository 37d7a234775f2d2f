#!/bin/bash
# nsrun logs: a detached container's stdout and stderr, kept in its state
# directory and shown on nsrun's own stdout and stderr; --tail, -t, -f
# following output as it comes until the container ends; bounded in size;
# kept with an ended container until rm, gone with it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN"

t_streams() {
	local out err
	"$NSRUN" run -d --name "$T-s" -- sh -c 'echo out1; echo err1 >&2; printf "no end"; sleep 0.2; echo " now"; echo out2; sleep 1000' >/dev/null
	wait_for grep -q 'out2' "$NSKIT_STATE_DIR/logs/$T-s" || fail "nothing logged"
	"$NSRUN" logs "$T-s" >"$TMPDIR/out" 2>"$TMPDIR/err"
	assert_eq "$(cat "$TMPDIR/out")" $'out1\nno end now\nout2' "stdout"
	assert_eq "$(cat "$TMPDIR/err")" "err1" "stderr"
	# the last lines, of either stream
	assert_eq "$("$NSRUN" logs --tail 2 "$T-s" 2>/dev/null)" $'no end now\nout2' "--tail 2"
	assert_eq "$("$NSRUN" logs -n 1 "$T-s" 2>&1)" "out2" "-n 1"
	assert_eq "$("$NSRUN" logs --tail 0 "$T-s" 2>&1)" "" "--tail 0"
	assert_eq "$("$NSRUN" logs --tail all "$T-s" 2>&1 | wc -l)" 4 "--tail all"
	# -t: when each line came, RFC 3339 with nanoseconds
	out=$("$NSRUN" logs -t "$T-s" 2>/dev/null | head -1)
	assert_match "$out" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}Z out1$' "-t"
	# the files are the owner's alone
	assert_eq "$(stat -c %a "$NSKIT_STATE_DIR/logs")" 700 "logs/"
	assert_eq "$(stat -c %a "$NSKIT_STATE_DIR/logs/$T-s")" 600 "its file"
	"$NSRUN" stop "$T-s"
	[ ! -e "$NSKIT_STATE_DIR/logs/$T-s" ] || fail "the logs outlived the container"
}

t_follow() {
	local m=71$RANDOM p
	"$NSRUN" run -d --name "$T-f" -- sh -c "echo first; while [ ! -e $TMPDIR/go ]; do sleep 0.1; done; i=0; while [ \$i -lt 5 ]; do echo tick\$i; i=\$((i+1)); sleep 0.2; done; echo last >&2" >/dev/null
	wait_for grep -q first "$NSKIT_STATE_DIR/logs/$T-f"
	"$NSRUN" logs -f "$T-f" >"$TMPDIR/f.out" 2>"$TMPDIR/f.err" &
	p=$!
	sleep 0.5
	# what it wrote before, and nothing more yet: still following
	assert_eq "$(cat "$TMPDIR/f.out")" first "before"
	kill -0 "$p" || fail "logs -f ended while the container runs"
	touch "$TMPDIR/go"
	# what comes after, as it comes; the end of the container ends it
	wait_for grep -q tick2 "$TMPDIR/f.out" || fail "logs -f did not follow: $(cat "$TMPDIR/f.out")"
	timeout 10 tail --pid="$p" -f /dev/null || fail "logs -f did not end with the container"
	wait "$p" || fail "logs -f failed"
	assert_eq "$(cat "$TMPDIR/f.out")" $'first\ntick0\ntick1\ntick2\ntick3\ntick4' "followed"
	assert_eq "$(cat "$TMPDIR/f.err")" last "stderr, to the end"
	# the container is kept, ended: its logs with it, -f ends at once
	assert_eq "$(timeout 5 "$NSRUN" logs -f --tail 1 "$T-f" 2>&1)" last "an ended container's logs"
	"$NSRUN" rm "$T-f"
	leftovers "$T-f" "--name $T-f "
	[ ! -e "$NSKIT_STATE_DIR/logs/$T-f" ] || fail "rm left the logs"
}

# A container that writes more than --log-opt max-size: two files at most,
# the newest lines kept.
t_bounded() {
	local size
	"$NSRUN" run -d --rm --name "$T-b" --log-opt max-size=16k -- sh -c 'i=0; while [ $i -lt 5000 ]; do echo "line $i 0123456789012345678901234567890123456789"; i=$((i+1)); done; echo done; sleep 1000' >/dev/null
	wait_for sh -c "'$NSRUN' logs --tail 1 '$T-b' | grep -q done" || fail "never done"
	size=$(cat "$NSKIT_STATE_DIR/logs/$T-b" "$NSKIT_STATE_DIR/logs/$T-b~" | wc -c)
	[ "$size" -le $((2 * 16384 + 65536 * 2)) ] || fail "logs of $size bytes for 16k"
	assert_eq "$("$NSRUN" logs --tail 2 "$T-b")" $'line 4999 0123456789012345678901234567890123456789\ndone' "the last lines"
	# what is kept is whole lines, in order
	"$NSRUN" logs "$T-b" | grep -v done | awk '{ print $2 }' >"$TMPDIR/n"
	[ "$(sort -n "$TMPDIR/n" | uniq | wc -l)" = "$(wc -l <"$TMPDIR/n")" ] || fail "lines repeated"
	[ "$(tail -1 "$TMPDIR/n")" = 4999 ] || fail "not the newest lines"
	"$NSRUN" stop "$T-b"
	[ ! -e "$NSKIT_STATE_DIR/logs/$T-b~" ] || fail "the older file outlived the container"
}

t_foreground_none() {
	local out rc
	"$NSRUN" run --name "$T-fg" -e NSKIT_STATE_DIR -- sh -c "$NSRUN logs $T-fg" >"$TMPDIR/fg.out" 2>&1 && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status"
	# the container runs in the host's root: nsrun is there, and says why
	out=$(cat "$TMPDIR/fg.out")
	assert_match "$out" "container '$T-fg' keeps no logs: it runs in the foreground" "foreground"
	out=$("$NSRUN" logs "$T-nosuch" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status"
	assert_eq "$out" "nsrun: no such container: '$T-nosuch'"
	out=$("$NSRUN" logs --tail x "$T-fg" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "bad --tail"
	assert_match "$out" "invalid --tail 'x'"
}

# -dt: the pty's output, \r\n as a terminal has it.
t_tty_logs() {
	"$NSRUN" run -dt --rm --name "$T-t" -- sh -c 'tty; echo hello; sleep 1000' >/dev/null
	wait_for grep -q hello "$NSKIT_STATE_DIR/logs/$T-t"
	assert_eq "$("$NSRUN" logs "$T-t" | tr -d '\r')" $'/dev/pts/0\nhello' "-t output"
	"$NSRUN" stop "$T-t"
}

run t_streams "logs: stdout and stderr apart, --tail, -t, files of the owner's" cmd:stat
run t_follow "logs -f follows until the container ends; an ended container keeps its logs until rm"
run t_bounded "--log-opt max-size bounds the logs; the newest lines are kept"
run t_foreground_none "a foreground container keeps no logs; bad names and options"
run t_tty_logs "-dt: what the container's terminal showed"
finish

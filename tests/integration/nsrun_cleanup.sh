#!/bin/bash
# nsrun leaves nothing behind: after a normal exit, stop, kill, a crash of
# the container's init, SIGTERM to a foreground nsrun, and SIGKILL to nsrun
# followed by `nsrun gc`, no veth, mount, cgroup directory, state file or
# process of the container remains; an explicit network's bridge stays
# until `network rm`, an implicit one goes with its last container. And 50
# detached containers on one network: all start, all are listed, nothing
# remains once they are removed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN"

NET=${T}c

# A container with everything that can be left: a bridge network (veth,
# hosts file), a cgroup with a limit, a rootfs with a volume (mounts).
start_full() {
	local name=$1 marker=$2
	shift 2
	"$NSRUN" "$@" --name "$name" --net "bridge:$NET" --memory 64m --rootfs "$(rootfs)" \
		-v "$TMPDIR:/data" -- sleep "$marker"
}

setup_net() {
	[ -e "$NSKIT_STATE_DIR/networks/$NET" ] || "$NSRUN" network create "$NET" >/dev/null
}

bridge_stays() {
	[ -n "$(marked_links "$NET")" ] || fail "the explicit network's bridge went"
}

t_normal_exit() {
	local rc
	setup_net
	"$NSRUN" --name "$T-ex" --net "bridge:$NET" --memory 64m --rootfs "$(rootfs)" \
		-v "$TMPDIR:/data" -- sh -c 'ls /data >/dev/null; exit 5' && rc=0 || rc=$?
	assert_eq "$rc" 5 "exit status"
	leftovers "$T-ex" "--name $T-ex "
	bridge_stays
}

t_stop() {
	local m=41$RANDOM
	setup_net
	start_full "$T-st" "$m" -d >/dev/null
	wait_for pgrep -f "^sleep $m"
	# the names stopped, as docker stop prints them; an unknown one is said on stderr
	assert_eq "$("$NSRUN" stop "$T-st" "$T-nope" 2>/dev/null)" "$T-st" "what stop prints"
	leftovers "$T-st" "$m"
	bridge_stays
	# a command that ignores SIGTERM is killed after the timeout
	"$NSRUN" -d --name "$T-st2" -- sh -c "trap '' TERM; sleep $m" >/dev/null
	local t0=$SECONDS
	"$NSRUN" stop -t 1 "$T-st2"
	[ $((SECONDS - t0)) -lt 5 ] || fail "stop took $((SECONDS - t0)) s"
	leftovers "$T-st2" "$m"
}

t_kill() {
	local m=42$RANDOM
	setup_net
	start_full "$T-kl" "$m" -d >/dev/null
	assert_eq "$("$NSRUN" kill "$T-kl")" "$T-kl" "what kill prints"
	leftovers "$T-kl" "$m"
	# another signal: forwarded to the command, which dies of it; the
	# container is kept as Docker keeps it, ended, until rm
	start_full "$T-kl2" "$m" -d >/dev/null
	wait_for pgrep -f "^sleep $m"
	"$NSRUN" kill "$T-kl2" TERM
	wait_for grep -q '^state=exited' "$(rec "$T-kl2")" || fail "not kept as exited"
	assert_match "$("$NSRUN" ls)" "$T-kl2 +[0-9]+ +exited +143 " "ls"
	# what it had is gone already: its cgroup, veth, hosts file
	[ -z "$(cgroup_dirs "$T-kl2")" ] || fail "an ended container keeps its cgroup"
	[ -z "$(marked_links "$T-kl2")" ] || fail "an ended container keeps its veth"
	"$NSRUN" rm "$T-kl2"
	leftovers "$T-kl2" "$m"
	bridge_stays
}

t_init_crash() {
	local m=43$RANDOM p rc
	setup_net
	# the container's PID 1, nsrun's init, dies of SIGKILL (the only signal
	# from outside that the kernel lets end a namespace's init with no
	# handler): the kernel ends the rest of the namespace, the launcher
	# cleans up
	start_full "$T-cr" "$m" &
	p=$!
	wait_for test -e "$(rec "$T-cr")"
	wait_for grep -q "^state=running" "$(rec "$T-cr")"
	wait_for pgrep -f "^sleep $m"
	kill -KILL "$(cpid "$T-cr")"
	wait $p && rc=0 || rc=$?
	assert_eq "$rc" 137 "128 + SIGKILL"
	leftovers "$T-cr" "$m"
	# the command itself faults: the same, with its status
	"$NSRUN" --name "$T-cr2" --net "bridge:$NET" --memory 64m --rootfs "$(rootfs)" \
		-v "$TMPDIR:/data" -- sh -c 'kill -SEGV $$' && rc=0 || rc=$?
	assert_eq "$rc" 139 "128 + SIGSEGV"
	leftovers "$T-cr2" "--name $T-cr2 "
	bridge_stays
}

t_sigterm_foreground() {
	local m=44$RANDOM p rc
	setup_net
	start_full "$T-tf" "$m" &
	p=$!
	wait_for pgrep -f "^sleep $m"
	# the foreground nsrun itself ($p is the shell running start_full)
	kill -TERM "$(field "$T-tf" launcher)"
	wait $p && rc=0 || rc=$?
	assert_eq "$rc" 143 "128 + SIGTERM"
	leftovers "$T-tf" "$m"
	bridge_stays
}

t_sigkill_and_gc() {
	local m=45$RANDOM launcher
	# an implicit network this time: it must go too
	setsid "$NSRUN" --name "$T-kg" --net "bridge:${T}i" --memory 64m --rootfs "$(rootfs)" \
		-v "$TMPDIR:/data" -- sleep "$m" </dev/null >/dev/null 2>&1 &
	wait_for pgrep -f "^sleep $m"
	launcher=$(field "$T-kg" launcher)
	kill -KILL "$launcher"
	# the container dies with its launcher (parent-death signal)...
	wait_for sh -c "! pgrep -f '^sleep $m'" || fail "the container outlived its launcher"
	# ...and its record says so until gc
	assert_match "$("$NSRUN" ls)" "$T-kg +[0-9]+ +exited" "ls"
	"$NSRUN" gc >"$TMPDIR/gc.out"
	assert_match "$(cat "$TMPDIR/gc.out")" "removed container '$T-kg'"
	leftovers "$T-kg" "$m"
	[ -z "$(marked_links "${T}i")" ] || fail "the implicit network's bridge remains"
	[ -e "$NSKIT_STATE_DIR/networks/${T}i" ] && fail "the implicit network's record remains"
	# gc again: nothing to do
	assert_eq "$("$NSRUN" gc)" "" "second gc"
}

t_rm() {
	local m=46$RANDOM
	"$NSRUN" -d --name "$T-rm" -- sleep "$m" >/dev/null
	"$NSRUN" rm "$T-rm" 2>/dev/null && fail "rm of a running container"
	assert_eq "$("$NSRUN" rm -f "$T-rm")" "$T-rm" "what rm -f prints"
	leftovers "$T-rm" "$m"
}

t_fifty() {
	local i out n
	"$NSRUN" network create "${T}f" --subnet 10.90.$((RANDOM % 200)).0/24 >/dev/null
	for i in $(seq 50); do
		"$NSRUN" -d --name "$T-f$i" --net "bridge:${T}f" -- sleep 4747 >/dev/null ||
			fail "container $i did not start"
	done
	out=$("$NSRUN" ls -J)
	n=$(jq "[.containers[] | select(.name | startswith(\"$T-f\")) | select(.state == \"running\")] | length" <<<"$out")
	assert_eq "$n" 50 "running containers listed"
	n=$(jq -r ".containers[] | select(.name | startswith(\"$T-f\")) | .address" <<<"$out" | sort -u | wc -l)
	assert_eq "$n" 50 "distinct addresses"
	# the last sees the first by name
	"$NSRUN" exec "$T-f50" ping -c1 -W2 "$T-f1" >/dev/null || fail "f50 -> f1 by name"
	out=$("$NSRUN" stop $(seq -f "$T-f%g" 50))
	assert_eq "$out" "$(seq -f "$T-f%g" 50)" "stop names each container, in order"
	for i in $(seq 50); do
		leftovers "$T-f$i" "sleep 4747" >/dev/null || { leftovers "$T-f$i" "sleep 4747"; return 1; }
	done
	"$NSRUN" network rm "${T}f"
	[ -z "$(marked_links "${T}f")" ] || fail "bridge remains"
	assert_eq "$(ip -o link show type veth | grep -c "alias nskit:[0-9a-f]*:$T-f[0-9]*\$")" 0 "veths"
}

run t_normal_exit "normal exit leaves nothing" file:/bin/busybox
run t_stop "stop leaves nothing, and SIGKILLs after its timeout" file:/bin/busybox
run t_kill "kill leaves nothing" file:/bin/busybox
run t_init_crash "a crash of the container's init leaves nothing" file:/bin/busybox
run t_sigterm_foreground "SIGTERM to a foreground nsrun leaves nothing" file:/bin/busybox
run t_sigkill_and_gc "SIGKILL to nsrun, then gc, leaves nothing" file:/bin/busybox
run t_rm "rm refuses a running container, rm -f removes it"
run t_fifty "50 detached containers on one network: started, listed, removed" cmd:jq cmd:ping
finish

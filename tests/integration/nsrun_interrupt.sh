#!/bin/bash
# nsrun leaves nothing behind however a start ends: its launcher SIGKILLed
# at any moment of it (then `nsrun gc`), the front of `nsrun -d` killed,
# ^C'ed or timed out while it waits, a cgroup made by a launcher killed
# before its record said so, a relative NSKIT_STATE_DIR. Nothing means: no
# record (nor a writer's temporary file), hosts file, cgroup, veth, bridge,
# FIB rule, mount or process.
#
# NSRUN_KILL_LOOP sets how many starts the kill loop kills (default 200).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root cmd:ip cmd:setsid cmd:timeout file:"$NSRUN"

# The bridge of network NET, as nsrun names it in this state directory (a
# hash, the same for every start): learnt from a container started on it.
learn_bridge() {
	local net=$1 m=59$RANDOM
	"$NSRUN" -d --name "$T-lb" --net "bridge:$net" -- sleep "$m" >/dev/null
	BRIDGE=$(sed -n 's/^bridge=//p' "$NSKIT_STATE_DIR/networks/$net")
	"$NSRUN" rm -f "$T-lb"
	[ -n "$BRIDGE" ]
}

# nothing_left NAME NETWORK MARKER: leftovers' checks, and the network's
# bridge (by its mark, and by its name $BRIDGE: one killed before it was
# marked too), its FIB rules and record, and any file in the state
# directory.
nothing_left() {
	local name=$1 net=$2 marker=$3 bad=0 k f
	leftovers "$name" "$marker" || bad=1
	f=$(marked_links "$net")
	if [ -n "$f" ]; then echo "bridge $f of $net remains"; bad=1; fi
	if ip link show "$BRIDGE" >/dev/null 2>&1; then echo "bridge $BRIDGE remains"; bad=1; fi
	for f in -4 -6; do
		if ip "$f" rule show 2>/dev/null | grep -q "iif $BRIDGE "; then
			echo "a FIB rule of $BRIDGE remains ($f)"
			bad=1
		fi
	done
	for k in containers networks hosts; do
		f=$(ls -A "$NSKIT_STATE_DIR/$k" 2>/dev/null)
		if [ -n "$f" ]; then echo "$k/ holds: $f"; bad=1; fi
	done
	return $bad
}

# settled NAME NETWORK MARKER: nothing left, once whatever is exiting has
# (a process the kernel is still ending), or say what remains.
settled() {
	wait_for nothing_left "$@" || nothing_left "$@"
}

# One start with everything that can be left (a network made on demand:
# bridge, rules, veth, hosts file; a memory limit: a v1 cgroup too; a root
# and a volume: mounts), in a session of its own; its PID in LAUNCHED.
start() {
	local name=$1 net=$2 marker=$3
	shift 3
	setsid "$NSRUN" "$@" --name "$name" --net "bridge:$net" --memory 64m --rootfs "$(rootfs)" \
		-v "$TMPDIR:/data" -- sleep "$marker" </dev/null >/dev/null 2>&1 &
	LAUNCHED=$!
}

now_us() { echo $(($(date +%s%N) / 1000)); }

t_kill_during_start() {
	local n=${NSRUN_KILL_LOOP:-200} m=55$RANDOM name=$T-k net=${T}k i t0 span delay pid
	local landed=0 t_start
	rootfs >/dev/null
	learn_bridge "$net"
	# how long a start takes here (the quickest of three, each with its
	# network made on demand): the kills land all over it, and a little after
	span=
	for i in 1 2 3; do
		t0=$(now_us)
		"$NSRUN" -d --name "$name" --net "bridge:$net" --memory 64m --rootfs "$(rootfs)" \
			-v "$TMPDIR:/data" -- sleep "$m" >/dev/null
		t0=$(($(now_us) - t0))
		[ -n "$span" ] && [ "$span" -le "$t0" ] || span=$t0
		"$NSRUN" rm -f "$name"
		settled "$name" "$net" "sleep $m"
	done
	diag "a start takes $((span / 1000)) ms: killing in the first $((span * 5 / 4 / 1000)) ms"
	span=$((span * 5 / 4))
	t_start=$SECONDS
	for i in $(seq "$n"); do
		start "$name" "$net" "$m"
		pid=$LAUNCHED
		delay=$(((RANDOM * 32768 + RANDOM) % span))
		sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		# a start that ran to the end before the kill left a running container
		[ -e "$(rec "$name")" ] && grep -q '^state=running' "$(rec "$name")" &&
			landed=$((landed + 1))
		"$NSRUN" gc -q || fail "gc failed after kill $i (${delay} us into the start)"
		settled "$name" "$net" "sleep $m" ||
			fail "after kill $i, ${delay} us into the start"
	done
	diag "$n kills in $((SECONDS - t_start)) s; $landed of them after the start"
	# and the name is the container's to have again
	"$NSRUN" -d --name "$name" --net "bridge:$net" -- sleep "$m" >/dev/null
	"$NSRUN" stop -t 0 "$name"
	settled "$name" "$net" "sleep $m"
}

# front_outcome NAME NETWORK MARKER LAUNCHER: once the launcher has done
# what a killed front makes it do, either the container runs on (its
# launcher lives, the record says running), or nothing at all is left.
front_outcome() {
	local name=$1 net=$2 marker=$3 launcher=$4 i running=0
	# a launcher that undoes the start does so at once; one that keeps
	# its container stays: alive with its record saying running for 0.5 s
	for i in $(seq 200); do
		[ -e "/proc/$launcher" ] || break
		if grep -q '^state=running' "$(rec "$name")" 2>/dev/null; then
			running=$((running + 1))
			[ $running -lt 10 ] || break
		fi
		sleep 0.05
	done
	if [ -e "/proc/$launcher" ]; then
		# detached: it lives on, whatever happened to the front
		assert_match "$("$NSRUN" ls -n -o NAME,STATE)" "$name +running" || return 1
		pgrep -f "^sleep $marker" >/dev/null || { echo "its command is not running"; return 1; }
		"$NSRUN" stop -t 0 "$name"
		echo lived
	else
		echo undone
	fi
	settled "$name" "$net" "$marker"
}

t_front_killed() {
	local how trial m=56$RANDOM name net=${T}f front launcher out i
	local lived=0 undone=0
	learn_bridge "$net"
	for how in KILL INT TERM; do
		for trial in 1 2 3 4; do
			name=$T-f$trial
			setsid "$NSRUN" -d --name "$name" --net "bridge:$net" --memory 64m -- \
				sleep "$m" </dev/null >/dev/null 2>&1 &
			front=$!
			# while the detached launcher sets the container up
			for ((i = 0; i < 200000; i++)); do
				[ -e "$(rec "$name")" ] && break
			done
			launcher=$(field "$name" launcher)
			[ -n "$launcher" ] || fail "no launcher in the record"
			# ^C reaches the front's whole process group, as from a terminal
			if [ "$how" = INT ]; then kill -INT -- -"$front"; else kill -"$how" "$front"; fi
			wait "$front" 2>/dev/null || true
			out=$(front_outcome "$name" "$net" "$m" "$launcher") ||
				fail "SIG$how to the front, trial $trial: $out"
			case "$out" in
			*lived) lived=$((lived + 1)) ;;
			*) undone=$((undone + 1)) ;;
			esac
		done
	done
	# a timeout at any moment: before the word (undone), or after it (detached)
	for trial in 1 2 3 4 5 6; do
		name=$T-t$trial
		timeout -s KILL "0.0$((RANDOM % 60 + 1))" "$NSRUN" -d --name "$name" \
			--net "bridge:$net" -- sleep "$m" >/dev/null 2>&1 || true
		# the front is gone: what still runs as it is its launcher
		launcher=$(pgrep -f -- "--name $name --net" | head -n 1)
		if [ -n "$launcher" ]; then
			out=$(front_outcome "$name" "$net" "$m" "$launcher") ||
				fail "timeout, trial $trial: $out"
		fi
		settled "$name" "$net" "$m"
	done
	diag "fronts killed while waiting: $undone starts undone, $lived containers detached"
}

# gc's sweep: an empty cgroup below /nskit that no record names.
t_orphan_cgroup() {
	local name=$T-or out p h d
	# a launcher killed between making its cgroup and naming it in its
	# record: in the v2 tree, and in v1 memory for a --memory
	for h in /sys/fs/cgroup/unified /sys/fs/cgroup /sys/fs/cgroup/memory; do
		[ -e "$h/cgroup.procs" ] || continue
		mkdir -p "$h/nskit/$name"
		defer "rmdir '$h/nskit/$name' '$h/nskit'"
	done
	out=$("$NSRUN" --name "$name" -- true 2>&1) && fail "a start over a leftover cgroup"
	assert_match "$out" "cgroup '/nskit/$name' exists already"
	"$NSRUN" gc >"$TMPDIR/gc.out"
	assert_match "$(cat "$TMPDIR/gc.out")" "removed cgroup '/nskit/$name'"
	assert_eq "$(grep -c "removed cgroup '/nskit/$name'" "$TMPDIR/gc.out")" 1 "said once"
	d=$(cgroup_dirs "$name")
	[ -z "$d" ] || fail "cgroup remains: $d"
	"$NSRUN" --name "$name" --memory 64m -- true || fail "the name is not usable again"
	# one that holds a process is nobody's to empty: nothing killed, nothing removed
	spawn p sleep 57$RANDOM
	cgroup_place "/nskit/$T-busy" "$p"
	"$NSRUN" gc -q
	kill -0 "$p" || fail "gc killed a process in a cgroup without a record"
	[ -n "$(cgroup_dirs x "/nskit/$T-busy")" ] || fail "gc removed a cgroup that holds a process"
	# a record that names the cgroup its launcher was about to make
	name=$T-in
	mkdir -p "$(cgroup_root)/nskit/$name"
	printf 'name=%s\npid=4194000\nstarttime=1\nlauncher=4194000\nlauncher_start=1\n'`
		`'state=creating\ncgroup=/nskit/%s\n' "$name" "$name" >"$(rec "$name")"
	"$NSRUN" gc -q
	d=$(cgroup_dirs "$name")
	[ -z "$d" ] || fail "cgroup remains: $d"
	"$NSRUN" --name "$name" -- true || fail "the name is not usable again"
}

t_relative_state_dir() {
	local m=58$RANDOM name=$T-rel net=${T}r abs=$TMPDIR/cwd/rel launcher i
	mkdir "$TMPDIR/cwd"
	# (its name hashes the absolute path, whichever way the directory is given)
	NSKIT_STATE_DIR=$abs learn_bridge "$net"
	defer "NSKIT_STATE_DIR='$abs' '$NSRUN' rm -f '$name'; NSKIT_STATE_DIR='$abs' '$NSRUN' gc -q"
	# a container that ends by itself, --rm: its detached launcher, in / by then, cleans up
	(cd "$TMPDIR/cwd" && NSKIT_STATE_DIR=rel "$NSRUN" -d --rm --name "$name" --net "bridge:$net" -- \
		sleep "1.$m" >/dev/null)
	[ -e "$abs/containers/$name" ] || fail "no record in '$abs'"
	launcher=$(NSKIT_STATE_DIR=$abs field "$name" launcher)
	for i in $(seq 100); do
		[ -e "/proc/$launcher" ] || break
		sleep 0.1
	done
	[ ! -e "/proc/$launcher" ] || fail "the launcher did not end with its container"
	NSKIT_STATE_DIR=$abs settled "$name" "$net" "sleep 1.$m"
}

run t_kill_during_start "SIGKILL at any moment of a start, then gc: nothing left" file:/bin/busybox
run t_front_killed "the front of nsrun -d killed: undone, or detached for good" file:/bin/busybox
run t_orphan_cgroup "gc removes empty cgroups that no record names; the name is free again"
run t_relative_state_dir "a relative NSKIT_STATE_DIR: nothing left"
finish

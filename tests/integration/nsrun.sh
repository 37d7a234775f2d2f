#!/bin/bash
# nsrun: the namespaces it makes and shares, hostname, /proc, root file
# systems, bind mounts, user namespaces (as root and rootless), environment,
# capabilities, exit statuses, signals, and bad input. The kernel is the
# oracle: readlink /proc/PID/ns/* and what the container sees from inside.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN"

CREATED="mnt net pid uts ipc cgroup"

t_namespaces_differ() {
	local name=$T-ns pid t
	"$NSRUN" -d --name "$name" -- sleep 1000 >/dev/null
	pid=$(cpid "$name")
	for t in $CREATED; do
		[ "$(ns_ino "$pid" "$t")" != "$(ns_ino $$ "$t")" ] || fail "$t namespace is the host's"
	done
	# not asked for: shared
	for t in user time; do
		assert_eq "$(ns_ino "$pid" "$t")" "$(ns_ino $$ "$t")" "$t namespace"
	done
	# the command, the init's child, is in the same ones
	local cmd
	cmd=$(pgrep -P "$pid")
	for t in $CREATED user time; do
		assert_eq "$(ns_ino "$cmd" "$t")" "$(ns_ino "$pid" "$t")" "the command's $t namespace"
	done
	# inspect says the same as the kernel
	local json
	json=$("$NSRUN" inspect "$name")
	for t in $CREATED user time; do
		assert_eq "$(jq ".containers[0].${t}ns" <<<"$json")" "$(ns_ino "$pid" "$t")" \
			"inspect's ${t}ns"
	done
	"$NSRUN" stop "$name"
}

t_user_and_time() {
	local out
	out=$("$NSRUN" --user --time -- sh -c 'readlink /proc/self/ns/user /proc/self/ns/time; cat /proc/self/uid_map; id -u')
	[ "$(sed -n 1p <<<"$out")" != "$(readlink /proc/$$/ns/user)" ] || fail "user namespace is the host's"
	[ "$(sed -n 2p <<<"$out")" != "$(readlink /proc/$$/ns/time)" ] || fail "time namespace is the host's"
	# root's user namespace: container root is the caller, ids 0-65535 onto themselves
	assert_match "$(sed -n 3p <<<"$out")" '^ +0 +0 +65536$' "uid_map"
	assert_eq "$(sed -n 4p <<<"$out")" 0 "uid inside"
}

t_shared_equal() {
	local out t i=1
	out=$("$NSRUN" --pid host --ipc host --uts host --net host --cgroup host --mnt host -- \
		sh -c 'for t in mnt net pid uts ipc cgroup user time; do readlink /proc/self/ns/$t; done')
	for t in mnt net pid uts ipc cgroup user time; do
		assert_eq "$(sed -n ${i}p <<<"$out")" "$(readlink /proc/$$/ns/$t)" "$t namespace"
		i=$((i + 1))
	done
	# ns:PATH takes the namespace of a file
	out=$("$NSRUN" --net "ns:/proc/$$/ns/net" --uts "ns:/proc/$$/ns/uts" -- \
		readlink /proc/self/ns/net /proc/self/ns/uts)
	assert_eq "$out" "$(readlink /proc/$$/ns/net /proc/$$/ns/uts)" "ns: namespaces"
}

t_hostname() {
	assert_eq "$("$NSRUN" --hostname box.example -- hostname)" box.example "--hostname"
	# the default is the container's name, as /etc/hostname-less Docker gives the id
	assert_eq "$("$NSRUN" --name "$T-hn" -- hostname)" "$T-hn" "default hostname"
	assert_eq "$("$NSRUN" -- sh -c 'echo $HOSTNAME')" "$("$NSRUN" -- hostname)" "HOSTNAME" ||
		true
	# the host's stays
	assert_eq "$(hostname)" "$(cat /proc/sys/kernel/hostname)" "host's hostname"
}

t_proc() {
	local out
	# /proc is the container's: the shell is PID 2 (nsrun's init is 1), few processes
	out=$("$NSRUN" -- sh -c 'echo $$; cat /proc/1/comm; ls /proc | grep -c "^[0-9]"; readlink /proc/self/ns/pid; readlink /proc/1/ns/pid')
	assert_eq "$(sed -n 1p <<<"$out")" 2 "the command's pid"
	assert_eq "$(sed -n 2p <<<"$out")" nsrun "PID 1"
	[ "$(sed -n 3p <<<"$out")" -lt 6 ] || fail "/proc shows $(sed -n 3p <<<"$out") processes"
	assert_eq "$(sed -n 4p <<<"$out")" "$(sed -n 5p <<<"$out")" "pid namespace of /proc"
	# the host's /proc is untouched
	[ -d /proc/$$ ] || fail "the host's /proc changed"
}

t_rootfs() {
	local root out
	root=$(rootfs)
	out=$("$NSRUN" --rootfs "$root" -- sh -c 'ls /bin/busybox; test -e /work || echo no-host-tree; cat /proc/1/comm; hostname; pwd; test -c /dev/null && echo dev; ls /dev/pts >/dev/null && echo pts; readlink /proc/self/root; cut -d" " -f5 /proc/self/mountinfo | grep -cx /')
	assert_match "$out" $'^/bin/busybox\n' "busybox"
	assert_match "$out" "no-host-tree" "the host's files are hidden"
	assert_match "$out" $'\nnsrun\n' "/proc mounted"
	assert_match "$out" $'\ndev\npts\n' "/dev"
	# pivot_root, not chroot: the root is the mount, and the host's is not under it
	assert_match "$out" $'\n/\n1$' "one root mount"
	# nothing was left in the rootfs by the pivot
	[ -z "$(ls -A "$root/proc")" ] || fail "the rootfs's /proc is not empty: $(ls -A "$root/proc")"
	# a rootfs that does not exist, or a file
	out=$("$NSRUN" --rootfs "$TMPDIR/none" -- true 2>&1) && fail "absent rootfs accepted" || true
	assert_match "$out" "cannot use '$TMPDIR/none' as a root file system: No such file"
}

t_bind_mounts() {
	local root out
	root=$(rootfs)
	mkdir -p "$TMPDIR/data" "$TMPDIR/ro"
	echo hello >"$TMPDIR/ro/file"
	out=$("$NSRUN" --rootfs "$root" -v "$TMPDIR/data:/data" -v "$TMPDIR/ro:/srv/ro:ro" -- \
		sh -c 'echo written >/data/out; cat /srv/ro/file; echo x >/srv/ro/file || echo ro')
	assert_eq "$(cat "$TMPDIR/data/out")" written "write through a volume"
	assert_match "$out" "^hello" "read a read-only volume"
	assert_match "$out" $'\nro$' "read-only volume refused a write"
	assert_eq "$(cat "$TMPDIR/ro/file")" hello "the read-only file"
	# the mount point was made in the rootfs, and nothing is mounted there afterwards
	[ -d "$root/srv/ro" ] || fail "mount point not made"
	grep -q "$root" /proc/self/mountinfo && fail "a mount remains on the host"
	# without a rootfs: over the host's tree, in the container's mount namespace only
	out=$("$NSRUN" -v "$TMPDIR/ro:$TMPDIR/data:ro" -- cat "$TMPDIR/data/file")
	assert_eq "$out" hello "volume without a rootfs"
	assert_eq "$(cat "$TMPDIR/data/out")" written "the host's directory under it"
	# a file onto a file
	out=$("$NSRUN" --rootfs "$root" -v "$TMPDIR/ro/file:/etc/motd:ro" -- cat /etc/motd)
	assert_eq "$out" hello "file volume"
}

t_uid_mapping_rootless() {
	local out dir
	# a state directory nobody can reach (the test's TMPDIR is root's, mode 700)
	dir=$(mktemp -d /tmp/nsrun-nobody.XXXXXX)
	defer "rm -rf '$dir'"
	chown 65534:65534 "$dir"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env NSKIT_STATE_DIR="$dir" \
		"$NSRUN" -- sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; readlink /proc/self/ns/user; hostname; echo $$') ||
		{ echo "$out"; fail "rootless nsrun failed"; }
	assert_eq "$(sed -n 1p <<<"$out")" 0 "uid inside"
	assert_eq "$(sed -n 2p <<<"$out")" 0 "gid inside"
	assert_match "$(sed -n 3p <<<"$out")" '^ +0 +65534 +1$' "uid_map: root is the caller"
	assert_match "$(sed -n 4p <<<"$out")" '^ +0 +65534 +1$' "gid_map"
	[ "$(sed -n 5p <<<"$out")" != "$(readlink /proc/$$/ns/user)" ] || fail "no user namespace"
	assert_eq "$(sed -n 7p <<<"$out")" 2 "own pid namespace"
	# rootless cannot have what needs the host's privileges; it says so
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups env NSKIT_STATE_DIR="$dir" \
		"$NSRUN" --net bridge -- true 2>&1) && fail "rootless bridge accepted" || true
	assert_match "$out" "needs root"
	[ -z "$(ls -A "$dir/containers" 2>/dev/null)" ] || fail "rootless records remain"
}

t_env_workdir_user() {
	local out
	export NSRUN_TEST_VAR=from-caller
	out=$("$NSRUN" -e A=1 -e NSRUN_TEST_VAR -e B=x=y -w /tmp -u 65534:65534 -- \
		sh -c 'pwd; id -u; id -g; echo "$A $NSRUN_TEST_VAR $B"; echo "$PATH"; echo "$container"; echo "$HOME"')
	assert_eq "$(sed -n 1p <<<"$out")" /tmp "workdir"
	assert_eq "$(sed -n 2p <<<"$out")" 65534 "uid"
	assert_eq "$(sed -n 3p <<<"$out")" 65534 "gid"
	assert_eq "$(sed -n 4p <<<"$out")" "1 from-caller x=y" "environment"
	assert_eq "$(sed -n 5p <<<"$out")" /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "PATH"
	assert_eq "$(sed -n 6p <<<"$out")" nsrun "container="
	assert_eq "$(sed -n 7p <<<"$out")" /nonexistent "HOME of nobody"
	# the caller's other variables are not passed on
	out=$(FOO_SECRET=1 "$NSRUN" -- env)
	[[ "$out" != *FOO_SECRET* ]] || fail "the caller's environment leaked"
	# names from the container's own /etc/passwd
	out=$("$NSRUN" --rootfs "$(rootfs)" -u nobody -- id)
	assert_match "$out" "uid=65534\(nobody\) gid=65534\(nogroup\)" "-u by name"
	out=$("$NSRUN" --rootfs "$(rootfs)" -u ghost -- id 2>&1) && fail "unknown user accepted" || true
	assert_match "$out" "no user 'ghost'"
}

t_capabilities() {
	local bnd
	# Docker's default set, unless --privileged
	bnd=$("$NSRUN" -- sh -c 'grep CapBnd /proc/self/status' | awk '{print $2}')
	assert_eq "$bnd" 00000000a80425fb "bounding set"
	bnd=$("$NSRUN" --privileged -- sh -c 'grep CapBnd /proc/self/status' | awk '{print $2}')
	assert_eq "$bnd" "$(awk '/CapBnd/ {print $2}' /proc/$$/status)" "--privileged bounding set"
	# so the container's root cannot remount what it was given
	"$NSRUN" -- mount -o remount,rw / 2>/dev/null && fail "remount allowed" || true
}

t_exit_status() {
	local rc
	"$NSRUN" -- sh -c 'exit 7' && rc=0 || rc=$?
	assert_eq "$rc" 7 "exit status"
	"$NSRUN" -- sh -c 'kill -KILL $$' && rc=0 || rc=$?
	assert_eq "$rc" 137 "killed by SIGKILL"
	"$NSRUN" -- nsrun-no-such-command 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 127 "command not found"
	"$NSRUN" -- /etc/passwd 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 126 "not executable"
	"$NSRUN" -- true && rc=0 || rc=$?
	assert_eq "$rc" 0 "true"
	# --pid=host: no init of ours, the command's own status
	"$NSRUN" --pid host -- sh -c 'exit 3' && rc=0 || rc=$?
	assert_eq "$rc" 3 "exit status without an init"
}

t_signals_forwarded() {
	local p rc marker=31337$RANDOM
	# SIGTERM to a foreground nsrun reaches the command, which decides
	"$NSRUN" --name "$T-sig" -- sh -c "trap 'exit 42' TERM; sleep $marker & wait" &
	p=$!
	wait_for test -e "$(rec "$T-sig")"
	wait_for pgrep -f "^sleep $marker"
	kill -TERM $p
	wait $p && rc=0 || rc=$?
	assert_eq "$rc" 42 "the command's answer to SIGTERM"
	# a command without a handler dies of it: 128 + 15
	"$NSRUN" --name "$T-sig2" -- sleep "$marker" &
	p=$!
	wait_for pgrep -f "^sleep $marker"
	kill -HUP $p
	wait $p && rc=0 || rc=$?
	assert_eq "$rc" 129 "killed by the forwarded SIGHUP"
	leftovers "$T-sig2" "$marker"
}

# Each bad input: a non-zero exit, one line saying what is wrong, and nothing made.
t_bad_input() {
	local out rc
	"$NSRUN" -d --name "$T-dup" -- sleep 1000 >/dev/null
	check_bad() {
		local want=$1
		shift
		out=$("$NSRUN" "$@" 2>&1 >/dev/null) && rc=0 || rc=$?
		[ "$rc" = 125 ] || fail "nsrun $*: exit status $rc"
		assert_match "$out" "$want" "nsrun $*"
		[ "$(grep -vc "^Try '" <<<"$out")" = 1 ] || fail "nsrun $*: more than one line: $out"
	}
	check_bad "unrecognized option '--bogus'" --bogus -- true
	check_bad "invalid --net value 'bridge:a/b'" --net bridge:a/b -- true
	check_bad "invalid --net value 'wifi'" --net wifi -- true
	check_bad "invalid volume '/tmp': expected HOST:CONTAINER" -v /tmp -- true
	check_bad "invalid volume '/tmp:rel'" -v /tmp:rel -- true
	check_bad "cannot use '/nonexistent-$T' as a volume" -v "/nonexistent-$T:/x" -- true
	check_bad "cannot use '/nonexistent-$T' as a root file system" --rootfs "/nonexistent-$T" -- true
	check_bad "invalid container name '../x'" --name ../x -- true
	check_bad "invalid container name" --name "$(printf 'a%.0s' $(seq 64))" -- true
	check_bad "the container name '$T-dup' is already in use" --name "$T-dup" -- true
	check_bad "no such container: '$T-nope'" --pid "container:$T-nope" -- true
	check_bad "invalid --memory 'lots'" --memory lots -- true
	check_bad "invalid --memory '12q'" -m 12q -- true
	check_bad "invalid --cpus 'x'" --cpus x -- true
	check_bad "invalid --pids-limit '0'" --pids-limit 0 -- true
	check_bad "--hostname needs a uts namespace" --uts host --hostname x -- true
	check_bad "invalid --cgroup-path 'rel'" --cgroup-path rel -- true
	check_bad "'/etc/passwd' is not a net namespace" --net ns:/etc/passwd -- true
	check_bad "--user takes private or host only" --user=container:x -- true
	check_bad "invalid --workdir 'tmp'" -w tmp -- true
	# failures inside the container, after the network and cgroup were made
	check_bad "cannot use '/nonexistent-$T' as a mount point" --name "$T-late" --net bridge:"$T"late \
		-v "/tmp:/nonexistent-$T" -- true
	check_bad "cannot change directory to '/nonexistent-$T'" --name "$T-late" -w "/nonexistent-$T" -- true
	# nothing half-made: only the running duplicate's record, cgroup, no network
	assert_eq "$(ls "$NSKIT_STATE_DIR/containers")" "$T-dup" "records"
	assert_eq "$(ls "$NSKIT_STATE_DIR/networks" 2>/dev/null)" "" "networks"
	ip link show "nsk-${T}late" >/dev/null 2>&1 && fail "bridge of a failed start remains"
	leftovers "$T-late" "nonexistent-$T"
	"$NSRUN" stop "$T-dup"
	# unknown containers in the other subcommands
	for sub in inspect stop rm exec; do
		"$NSRUN" $sub "$T-nope" >/dev/null 2>&1 && fail "$sub of an unknown container succeeded"
	done
	return 0
}

run t_namespaces_differ "new namespaces differ from the host's, inspect agrees" cmd:jq
run t_user_and_time "--user and --time make user and time namespaces with a root mapping"
run t_shared_equal "host and ns: share the caller's namespaces"
run t_hostname "--hostname, and the name as default hostname"
run t_proc "a fresh /proc of the container's pid namespace"
run t_rootfs "--rootfs pivots into a busybox root from 'nsrun rootfs'" file:/bin/busybox
run t_bind_mounts "-v binds, read-write and read-only, with and without a rootfs" file:/bin/busybox
run t_uid_mapping_rootless "rootless: user namespace mapping root to the caller" cmd:setpriv userns
run t_env_workdir_user "-e, -w, -u and the default environment" file:/bin/busybox
run t_capabilities "Docker's capability set, all with --privileged"
run t_exit_status "exit statuses: the command's, 128+signal, 126, 127"
run t_signals_forwarded "SIGTERM and SIGHUP are forwarded to the container"
run t_bad_input "bad input: one line, status 125, nothing left behind"
finish

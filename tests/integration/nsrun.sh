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

# Every type can be shared as Docker writes it: container:NAME and ns:PATH
# give the namespace of that container or file, for the user namespace
# too (its new namespaces then belong to it), and the mount namespace
# (its root, its files).
t_share_every_form() {
	local src pid t out
	src=$T-src
	"$NSRUN" -d --name "$src" --user --time --hostname srchost --rootfs "$(rootfs)" -- sleep 1000 >/dev/null
	pid=$(cpid "$src")
	# seen from outside: inside another's mount namespace /proc is its pid namespace's
	for t in pid ipc uts net cgroup mnt user time; do
		"$NSRUN" -d --name "$T-c$t" --"$t" "container:$src" -- sleep 1000 >/dev/null ||
			fail "--$t container:$src"
		"$NSRUN" -d --name "$T-n$t" --"$t"="ns:/proc/$pid/ns/$t" -- sleep 1000 >/dev/null ||
			fail "--$t=ns:/proc/$pid/ns/$t"
		assert_eq "$(ns_ino "$(cpid "$T-c$t")" "$t")" "$(ns_ino "$pid" "$t")" "--$t=container:"
		assert_eq "$(ns_ino "$(cpid "$T-n$t")" "$t")" "$(ns_ino "$pid" "$t")" "--$t=ns:"
		# and only that one: the others are new
		[ "$(ns_ino "$(cpid "$T-c$t")" ipc)" = "$(ns_ino "$pid" ipc)" ] && [ "$t" != ipc ] &&
			fail "--$t=container: shares ipc too"
		"$NSRUN" stop -t 0 "$T-c$t" "$T-n$t"
	done
	# what sharing means inside: its hostname, its root, its processes
	assert_eq "$("$NSRUN" --uts "container:$src" -- hostname)" srchost "its hostname"
	assert_eq "$("$NSRUN" --mnt "container:$src" -- sh -c 'test -e /work || echo busybox-root')" \
		busybox-root "its root"
	assert_match "$("$NSRUN" --pid "container:$src" -- ps -o comm=)" "sleep" "its processes"
	# a user namespace shared, the rest new: owned by it (the kernel's NS_GET_USERNS)
	out=$("$NSRUN" --user "container:$src" -- sh -c 'readlink /proc/self/ns/user /proc/self/ns/net')
	assert_eq "$(sed -n 1p <<<"$out")" "$(readlink "/proc/$pid/ns/user")" "joined user namespace"
	[ "$(sed -n 2p <<<"$out")" != "$(readlink "/proc/$pid/ns/net")" ] || fail "net shared"
	if [ -x "$NSLS" ]; then
		"$NSRUN" -d --name "$T-own" --user "container:$src" -- sleep 1000 >/dev/null
		out=$("$NSLS" -p "$(cpid "$T-own")" -n -r -t net -o ONS)
		assert_eq "$out" "$(ns_ino "$pid" user)" "the new net namespace's owner"
		"$NSRUN" stop "$T-own"
	fi
	"$NSRUN" stop "$src"
	# a container that is gone cannot be shared
	out=$("$NSRUN" --net "container:$src" -- true 2>&1) && fail "shared a stopped container" || true
	assert_match "$out" "no such container: '$src'"
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
	out=$("$NSRUN" -- sh -c "$INIT_READY"'echo $$; cat /proc/1/comm; ls /proc | grep -c "^[0-9]"; readlink /proc/self/ns/pid; readlink /proc/1/ns/pid')
	assert_eq "$(sed -n 1p <<<"$out")" 2 "the command's pid"
	assert_eq "$(sed -n 2p <<<"$out")" nsrun-init "PID 1"
	[ "$(sed -n 3p <<<"$out")" -lt 6 ] || fail "/proc shows $(sed -n 3p <<<"$out") processes"
	assert_eq "$(sed -n 4p <<<"$out")" "$(sed -n 5p <<<"$out")" "pid namespace of /proc"
	# the host's /proc is untouched
	[ -d /proc/$$ ] || fail "the host's /proc changed"
}

t_rootfs() {
	local root out
	root=$(rootfs)
	out=$("$NSRUN" --rootfs "$root" -- sh -c "$INIT_READY"'ls /bin/busybox; test -e /work || echo no-host-tree; cat /proc/1/comm; hostname; pwd; test -c /dev/null && echo dev; ls /dev/pts >/dev/null && echo pts; readlink /proc/self/root; cut -d" " -f5 /proc/self/mountinfo | grep -cx /')
	assert_match "$out" $'^/bin/busybox\n' "busybox"
	assert_match "$out" "no-host-tree" "the host's files are hidden"
	assert_match "$out" $'\nnsrun-init\n' "/proc mounted"
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
	# a source where the container gets a mount of its own (/dev/shm, /proc):
	# taken before that mount hides it
	[ -d /dev/shm ] || return 0
	mkdir "/dev/shm/nsrt$$"
	defer "rm -rf /dev/shm/nsrt$$"
	echo shm >"/dev/shm/nsrt$$/f"
	out=$("$NSRUN" -v "/dev/shm/nsrt$$:/mnt:ro" -- sh -c 'cat /mnt/f; ls -A /dev/shm | wc -l')
	assert_eq "$out" $'shm\n0' "a volume from /dev/shm, under the container's own /dev/shm"
}

t_uid_mapping_rootless() {
	local out
	nobody_state
	out=$(as_nobody "$NSRUN" -- sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; readlink /proc/self/ns/user; hostname; echo $$') ||
		{ echo "$out"; fail "rootless nsrun failed"; }
	assert_eq "$(sed -n 1p <<<"$out")" 0 "uid inside"
	assert_eq "$(sed -n 2p <<<"$out")" 0 "gid inside"
	# without subordinate ids (none for nobody here, or newuidmap missing): root only
	if ! grep -qs '^\(nobody\|65534\):' /etc/subuid || ! command -v newuidmap >/dev/null; then
		assert_match "$(sed -n 3p <<<"$out")" '^ +0 +65534 +1$' "uid_map: root is the caller"
		assert_match "$(sed -n 4p <<<"$out")" '^ +0 +65534 +1$' "gid_map"
		# an id it does not have: said so
		out=$(as_nobody "$NSRUN" -u 1000 -- true 2>&1) && fail "unmapped uid accepted" || true
		assert_match "$out" "group id 1000 is not mapped in the container's user namespace"
	fi
	[ "$(sed -n 5p <<<"$out")" != "$(readlink /proc/$$/ns/user)" ] || fail "no user namespace"
	# rootless cannot have what needs the host's privileges; it says so
	out=$(as_nobody "$NSRUN" --net bridge -- true 2>&1) && fail "rootless bridge accepted" || true
	assert_match "$out" "needs root"
	out=$(as_nobody "$NSRUN" --user=host -- true 2>&1) && fail "rootless --user=host accepted" || true
	assert_match "$out" "--user=host needs root to make namespaces"
	[ -z "$(ls -A "$NOBODY_STATE/containers" 2>/dev/null)" ] || fail "rootless records remain"
}

# Rootless, detached: ls, inspect and exec of one's own containers, and a
# pod of two sharing one user, network and ipc namespace (podman's
# --userns=container:), all as the unprivileged caller.
t_rootless_pod() {
	local out p1 p2 t
	nobody_state
	out=$(as_nobody "$NSRUN" -d --name "$T-p1" -w /tmp -- sleep 4848) || fail "rootless -d: $out"
	p1=$(sed -n 's/^pid=//p' "$NOBODY_STATE/containers/$T-p1")
	assert_eq "$(stat -c %u "/proc/$p1")" 65534 "the container's init is nobody's"
	assert_match "$(as_nobody "$NSRUN" ls)" "$T-p1 +$p1 +running" "ls"
	assert_eq "$(as_nobody "$NSRUN" inspect "$T-p1" | jq -c '[.containers[0].cgroup, .containers[0].addresses]')" \
		'[null,[]]' "inspect: no cgroup, no address known"
	# exec: every namespace, no cgroup to join, in its -w
	out=$(as_nobody "$NSRUN" exec "$T-p1" sh -c 'id -u; readlink /proc/self/ns/user /proc/self/ns/pid; pwd') ||
		fail "rootless exec: $out"
	assert_eq "$out" "0"$'\n'"$(readlink "/proc/$p1/ns/user" "/proc/$p1/ns/pid")"$'\n/tmp' "exec"
	out=$(as_nobody "$NSRUN" -d --name "$T-p2" --user "container:$T-p1" --net "container:$T-p1" \
		--ipc "container:$T-p1" -- sleep 4848) || fail "rootless --user=container: $out"
	p2=$(sed -n 's/^pid=//p' "$NOBODY_STATE/containers/$T-p2")
	for t in user net ipc; do
		assert_eq "$(ns_ino "$p2" "$t")" "$(ns_ino "$p1" "$t")" "the pod's $t namespace"
	done
	for t in pid mnt uts; do
		[ "$(ns_ino "$p2" "$t")" != "$(ns_ino "$p1" "$t")" ] || fail "$t namespace shared"
	done
	as_nobody "$NSRUN" stop "$T-p2" "$T-p1"
	[ -z "$(ls -A "$NOBODY_STATE/containers")" ] || fail "records remain"
	! pgrep -f "sleep 4848" >/dev/null || fail "processes remain"
}

# Rootless with subordinate ids: newuidmap and newgidmap (shadow's uidmap)
# map ids 1.. onto the caller's ranges in /etc/subuid and /etc/subgid, so
# -u works and files are owned by the subordinate ids on the host.
t_rootless_subids() {
	local out start=$((400000 + RANDOM)) line
	if grep -qs '^\(nobody\|65534\):' /etc/subuid /etc/subgid; then
		skip_test "nobody has subordinate ids already"
	fi
	line="nobody:$start:65536"
	echo "$line" >>/etc/subuid
	defer "sed -i '/^$line\$/d' /etc/subuid"
	echo "$line" >>/etc/subgid
	defer "sed -i '/^$line\$/d' /etc/subgid"
	nobody_state
	# a directory that uid 1000 inside, subordinate id start+999 outside, may write
	mkdir "$TMPDIR/sub"
	chown "$((start + 999)):$((start + 999))" "$TMPDIR/sub"
	chmod 755 "$TMPDIR"
	out=$(as_nobody "$NSRUN" -- sh -c 'cat /proc/self/uid_map /proc/self/gid_map') ||
		fail "rootless with subordinate ids: $out"
	assert_eq "$(awk '{ print $1, $2, $3 }' <<<"$out")" \
		"0 65534 1"$'\n'"1 $start 65536"$'\n'"0 65534 1"$'\n'"1 $start 65536" "uid and gid maps"
	# an ordinary user inside: its files belong to a subordinate id outside
	out=$(as_nobody "$NSRUN" -u 1000:1000 -v "$TMPDIR/sub:/mnt" -- sh -c 'id -u; id -G; mkdir /mnt/d && echo made') ||
		fail "-u 1000: $out"
	assert_eq "$out" $'1000\n1000\nmade' "-u 1000:1000 inside"
	assert_eq "$(stat -c '%u %g' "$TMPDIR/sub/d")" "$((start + 999)) $((start + 999))" "owner on the host"
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

# The command is looked up in the container's PATH, never the caller's; and
# a failed exec, with or without nsrun's init, leaves the launcher's own
# environment (its state directory) as it was, so nothing is left behind.
t_command_path() {
	local dir=$TMPDIR/path-probe out rc
	mkdir -p "$dir"
	printf '#!/bin/sh\necho probe-ran\n' >"$dir/nsrun-path-probe"
	chmod +x "$dir/nsrun-path-probe"
	out=$("$NSRUN" -e "PATH=$dir:/usr/bin:/bin" -- nsrun-path-probe)
	assert_eq "$out" probe-ran "found through the container's PATH"
	PATH=$dir:$PATH "$NSRUN" -- nsrun-path-probe 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 127 "the caller's PATH is not the container's"
	"$NSRUN" -e PATH=/nonexistent --pid host -- true 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 127 "no init: the container's PATH"
	"$NSRUN" -e PATH=/nonexistent -- true 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 127 "under the init: the container's PATH"
	assert_eq "$(find "$NSKIT_STATE_DIR/containers" -type f 2>/dev/null)" "" "records left"
	# an absolute path is run as it is
	out=$("$NSRUN" -e PATH=/nonexistent -- /bin/echo absolute)
	assert_eq "$out" absolute "absolute path"
}

# The container's first process sets up in nsrun's own memory, then
# becomes nsrun-init, a program of its own: nothing of the launcher's is
# left in the init for the container to read (environment, memory, fds),
# and while the memory is shared it cannot be attached to.
t_init_memory() {
	local out
	out=$(FOO_SECRET=1 "$NSRUN" -- sh -c "$INIT_READY"'tr "\0" " " </proc/1/environ; echo; tr "\0" " " </proc/1/cmdline; echo; grep VmRSS /proc/1/status')
	assert_eq "$(sed -n 1p <<<"$out")" "NSRUN_INIT_CHILD=2 " "the init's environment"
	assert_match "$(sed -n 2p <<<"$out")" "^nsrun-init -- sh -c i=0; until .* tr " "its command line"
	[[ "$out" != *FOO_SECRET* ]] || fail "the caller's environment reached the init"
	# its memory is a few pages of its own, not the launcher's MiBs
	[ "$(sed -n 3p <<<"$out" | awk '{print $2}')" -lt 512 ] || fail "init $(sed -n 3p <<<"$out")"
	# nsrun-init is not for running by hand
	out=$("$NSKIT_BIN/nsrun-init" 2>&1) && fail "nsrun-init ran outside a container"
	assert_match "$out" "started by nsrun only"
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
	local p rc out marker=31337$RANDOM
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
	# signals the caller ignores (a background job's SIGINT) are not ignored inside
	out=$(sh -c "trap '' INT QUIT HUP; \"$NSRUN\" -- grep SigIgn /proc/self/status")
	assert_eq "$out" "SigIgn:	0000000000000000" "no signal ignored inside"
}

# Each bad input: a non-zero exit, one line saying what is wrong, and nothing made.
t_bad_input() {
	local out rc
	"$NSRUN" -d --name "$T-dup" -- sleep 1000 >/dev/null
	# What a bad command could leave: this test's links ($T in their names),
	# cgroups, mounts of its files, and files in its state directory.
	made() {
		ip -o link show | awk -F': ' '{ print $2 }' | grep -- "$T" || true
		ls -d /sys/fs/cgroup/nskit/"$T"* /sys/fs/cgroup/*/nskit/"$T"* 2>/dev/null || true
		grep -- "$TMPDIR" /proc/self/mountinfo || true
		find "$NSKIT_STATE_DIR" -type f ! -name lock | sort
	}
	check_bad() {
		local want=$1 before after
		shift
		before=$(made)
		out=$("$NSRUN" "$@" 2>&1 >/dev/null) && rc=0 || rc=$?
		[ "$rc" = 125 ] || fail "nsrun $*: exit status $rc"
		assert_match "$out" "$want" "nsrun $*"
		[ "$(grep -vc "^Try '" <<<"$out")" = 1 ] || fail "nsrun $*: more than one line: $out"
		after=$(made)
		[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after"); fail "nsrun $*: left something"; }
	}
	check_bad "unrecognized option '--bogus'" --bogus -- true
	check_bad "invalid --net value 'bridge:a/b'" --net bridge:a/b -- true
	check_bad "invalid --net value 'wi/fi'" --net wi/fi -- true
	# a network's name alone (Docker's --network NAME) is one that exists
	check_bad "network 'wifi' not found: create it with 'nsrun network create wifi'" \
		--net wifi -- true
	check_bad "invalid volume '/tmp': expected HOST:CONTAINER" -v /tmp -- true
	check_bad "invalid volume '/tmp:rel'" -v /tmp:rel -- true
	check_bad "invalid volume '/a:b:/mnt': 'b' is not an absolute container path" -v /a:b:/mnt -- true
	check_bad "invalid volume '/tmp:/mnt:rw:x': 'rw:x' is not an option of a volume" -v /tmp:/mnt:rw:x -- true
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
	check_bad "'/etc/passwd' is not a user namespace" --user=ns:/etc/passwd -- true
	check_bad "invalid --workdir 'tmp'" -w tmp -- true
	check_bad "cannot use '/etc/passwd' as a root file system: not a directory" --rootfs /etc/passwd -- true
	check_bad "--memory '1k' is too small" --memory 1k -- true
	check_bad "invalid --cpus '0'" --cpus 0 -- true
	check_bad "--cpus '5000' is out of range" --cpus 5000 -- true
	check_bad "invalid --ipc value 'container:'" --ipc container: -- true
	check_bad "invalid environment variable '=x'" -e =x -- true
	check_bad "invalid --uid 'a:b:c'" -u a:b:c -- true
	check_bad "--detach needs a command" -d
	check_bad "--rootfs needs a mount namespace of the container's own" --mnt host --rootfs "$(rootfs)" -- true
	# failures inside the container, after the network and cgroup were made
	check_bad "cannot use '/nonexistent-$T' as a mount point" --name "$T-late" --net bridge:"$T"late \
		-v "/tmp:/nonexistent-$T" -- true
	check_bad "cannot change directory to '/nonexistent-$T'" --name "$T-late" --memory 64m \
		--cpus 0.5 --pids-limit 20 --rootfs "$(rootfs)" -v "$TMPDIR:/mnt" -w "/nonexistent-$T" -- true
	# a command that is not there: 127, as a shell says, and nothing left either
	local before
	before=$(made)
	out=$("$NSRUN" --name "$T-late" --net bridge:"$T"late --memory 64m --rootfs "$(rootfs)" -- \
		nonexistent-$T 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 127 "missing command"
	assert_eq "$out" "nsrun: cannot run 'nonexistent-$T': No such file or directory" "its message"
	assert_eq "$(made)" "$before" "what a missing command left"
	# nothing half-made: only the running duplicate's record, cgroup, no network
	assert_eq "$(ls "$NSKIT_STATE_DIR/containers")" "$T-dup" "records"
	assert_eq "$(ls "$NSKIT_STATE_DIR/networks" 2>/dev/null)" "" "networks"
	[ -z "$(marked_links "${T}late")" ] || fail "bridge of a failed start remains"
	leftovers "$T-late" "nonexistent-$T"
	"$NSRUN" stop "$T-dup"
	# the subcommands: one line, their exit status, nothing made
	check_sub() {
		local want=$1 code=$2 before
		shift 2
		before=$(made)
		out=$("$NSRUN" "$@" 2>&1 >/dev/null) && rc=0 || rc=$?
		assert_eq "$rc" "$code" "nsrun $*: exit status"
		assert_match "$out" "$want" "nsrun $*"
		[ "$(grep -vc "^Try '" <<<"$out")" = 1 ] || fail "nsrun $*: more than one line: $out"
		assert_eq "$(made)" "$before" "what nsrun $* left"
	}
	for sub in inspect stop rm; do
		check_sub "no such container: '$T-nope'" 1 $sub "$T-nope"
	done
	check_sub "no such container: '$T-nope'" 125 exec "$T-nope" true
	check_sub "no such container: '$T-nope'" 1 kill "$T-nope"
	check_sub "invalid container name '../x'" 1 stop ../x
	check_sub "invalid signal 'BOGUS'" 1 kill "$T-nope" BOGUS
	check_sub "invalid --time 'x'" 1 stop -t x "$T-nope"
	check_sub "no such network: '$T-nope'" 1 network rm "$T-nope"
	check_sub "invalid network name 'a/b'" 1 network create a/b
	check_sub "invalid subnet 'bogus'" 1 network create "${T}n" --subnet bogus
	check_sub "host bits are set \\(did you mean 10.91.0.0/24\\?\\)" 1 network create "${T}n" --subnet 10.91.0.1/24
	check_sub "the prefix must be /8 to /30" 1 network create "${T}n" --subnet 10.91.0.0/31
	check_sub "network: unknown subcommand 'bogus'" 1 network bogus
	check_sub "rootfs: expected one directory" 1 rootfs
	check_sub "'/etc/passwd' exists and is not a directory" 1 rootfs /etc/passwd
	check_sub "unrecognized option '--bogus'" 1 ls --bogus
	check_sub "unknown column 'BOGUS'" 1 ls -o BOGUS
	return 0
}

run t_namespaces_differ "new namespaces differ from the host's, inspect agrees" cmd:jq
run t_user_and_time "--user and --time make user and time namespaces with a root mapping"
run t_shared_equal "host and ns: share the caller's namespaces"
run t_share_every_form "container:NAME and ns:PATH for every type, user and mnt included" file:/bin/busybox
run t_hostname "--hostname, and the name as default hostname"
run t_proc "a fresh /proc of the container's pid namespace"
run t_rootfs "--rootfs pivots into a busybox root from 'nsrun rootfs'" file:/bin/busybox
run t_bind_mounts "-v binds, read-write and read-only, with and without a rootfs" file:/bin/busybox
run t_uid_mapping_rootless "rootless: user namespace mapping root to the caller" cmd:setpriv userns
run t_rootless_pod "rootless: detached, ls, exec, and a pod sharing user, net and ipc" cmd:setpriv userns cmd:jq
run t_rootless_subids "rootless: newuidmap maps /etc/subuid ranges; -u and file owners" cmd:setpriv userns cmd:newuidmap
run t_env_workdir_user "-e, -w, -u and the default environment" file:/bin/busybox
run t_command_path "the command is looked up in the container's PATH"
run t_capabilities "Docker's capability set, all with --privileged"
run t_init_memory "the init is nsrun-init: nothing of the launcher's in it"
run t_exit_status "exit statuses: the command's, 128+signal, 126, 127"
run t_signals_forwarded "SIGTERM and SIGHUP are forwarded to the container"
run t_bad_input "bad input: one line, status 125, nothing left behind"
finish

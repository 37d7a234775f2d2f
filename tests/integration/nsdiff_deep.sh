#!/bin/bash
# nsdiff --deep (as root): for each category, two sides that differ in
# exactly one known way, and nsdiff must report exactly that and nothing
# else. Where the other side cannot be the host (which has more of
# everything), it is a copy of the first side made before the change.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsdiff-helpers.bash"
requires root cmd:unshare cmd:nsenter cmd:jq

export LC_ALL=C.UTF-8 COLUMNS=200
export NSKIT_STATE_DIR=$TMPDIR/state
ID=nsd$$

# diffs NSDIFF-ARGS...: the differences --deep finds, one per line, sorted:
# "category|key|change|A's value|B's value" (lists after the value).
diffs() {
	local out
	out=$("$NSDIFF" -d -J "$@") || [ $? = 1 ] || return 1
	jq -r '.namespaces[] | .differences[]? |
		[.category, .key, .change,
		 ((.a // "-") + (if .a_list then " " + (.a_list | join(",")) else "" end)),
		 ((.b // "-") + (if .b_list then " " + (.b_list | join(",")) else "" end))]
		| join("|")' <<<"$out" | LC_ALL=C sort
}

# dd writes a map in one write(2), as the kernel requires of uid_map.
writemap() { dd of="$1" bs=4096 status=none <<<"$2"; }

t_uts() {
	local p out rc
	mkproc p -u
	nsenter -t "$p" -u hostname "$ID-deep"
	assert_eq "$(diffs "$p")" "hostname||changed|$ID-deep|$(hostname)"
	# the text says it the diff(1) way
	out=$("$NSDIFF" -d "$p") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" $'\n'"  < hostname +$ID-deep"$'\n'"  > hostname +$(hostname)"
}

t_net() {
	local a b l host=${ID}h ctr=${ID}a want
	command -v ip >/dev/null || skip_test "needs ip"
	mkproc a -n
	mkproc b -n
	# no IPv6 link-local address or route: nothing but what the test adds
	nsenter -t "$a" -n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip link add "$host" type veth peer name "$ctr" || fail "ip link add"
	defer "ip link del $host"
	ip link set "$ctr" netns "$a"
	nsenter -t "$a" -n ip addr add 10.213.7.1/24 dev "$ctr"
	nsenter -t "$a" -n ip link set "$ctr" up
	nsenter -t "$a" -n ip route add 10.213.8.0/24 via 10.213.7.2
	# a listening socket, and nothing else listening
	start l nsenter -t "$a" -n python3 -c 'import socket, time
s = socket.socket(); s.bind(("0.0.0.0", 7817)); s.listen(); time.sleep(1000)'
	wait_for grep -q ':1E89 00000000:0000 0A' "/proc/$a/net/tcp" || fail "no listener"
	want="address|10.213.7.1/24 dev $ctr|a-only|-|-
interface|$ctr|a-only|veth, up, mtu 1500, peer $host in host|-
listening|tcp 0.0.0.0:7817|a-only|-|-
route|10.213.7.0/24 dev $ctr proto kernel scope link src 10.213.7.1|a-only|-|-
route|10.213.8.0/24 via 10.213.7.2 dev $ctr|a-only|-|-"
	assert_eq "$(diffs "$a" "$b")" "$want"
	# the other way round, the same differences on B's side
	assert_eq "$(diffs "$b" "$a" | cut -d'|' -f1-3)" "$(sed 's/a-only/b-only/' <<<"$want" | cut -d'|' -f1-3)"
}

t_mnt() {
	local a b
	mkdir -p "$TMPDIR/extra" "$TMPDIR/opts"
	mkproc a -m --propagation private
	nsenter -t "$a" -m mount -t tmpfs -o size=1m nsdiffopts "$TMPDIR/opts"
	# B: a copy of A as it is now
	start b nsenter -t "$a" -m unshare -m --propagation private sleep 1000
	wait_for started "$b"
	# then A gets one more mount, and another option on one it shares with B
	nsenter -t "$a" -m mount -t tmpfs -o size=2m nsdiffextra "$TMPDIR/extra"
	nsenter -t "$a" -m mount -o remount,bind,ro "$TMPDIR/opts"
	assert_eq "$(diffs "$a" "$b")" \
"mount|$TMPDIR/extra|a-only|tmpfs nsdiffextra rw,relatime,size=2048k|-
mount|$TMPDIR/opts|changed|tmpfs nsdiffopts ro,relatime,size=1024k|tmpfs nsdiffopts rw,relatime,size=1024k"
	# which options differ
	assert_eq "$("$NSDIFF" -d -J "$a" "$b" | jq -c '.namespaces[0].differences[]
		| select(.change == "changed") | [.a_only, .b_only]')" '[["ro"],["rw"]]'
	assert_match "$("$NSDIFF" -d "$a" "$b")" "options only in A: ro; only in B: rw"
}

t_mnt_root() {
	local a out bb
	bb=$(command -v busybox) || skip_test "needs busybox"
	# a container's root: a tmpfs it pivoted into, with a static busybox as sleep
	mkdir -p "$TMPDIR/root"
	start a unshare -m --propagation private sh -c "
		mount -t tmpfs -o size=8m nsdiffroot '$TMPDIR/root' &&
		cp '$bb' '$TMPDIR/root/busybox' && ln -s busybox '$TMPDIR/root/sleep' &&
		mkdir '$TMPDIR/root/old' && cd '$TMPDIR/root' && pivot_root . old &&
		exec /sleep 1000"
	wait_for started "$a" || fail "no pivot_root"
	out=$(diffs -t mnt "$a")
	assert_eq "$(grep '^root|' <<<"$out" | cut -d'|' -f1-4)" "root||changed|tmpfs nsdiffroot"
	assert_eq "$(grep '^root|' <<<"$out" | cut -d'|' -f5)" \
		"$(findmnt -n -o FSTYPE,SOURCE / | tr -s ' ' | sed 's/\[.*//')"
	# the old root is a mount of A's, under /old
	assert_match "$out" $'\n'"mount\|/old\|a-only\|"
}

t_pid() {
	local p
	mkproc p -p -f
	assert_eq "$(diffs "$p" | cut -d'|' -f1-4)" \
"nspid||changed|$p 1
processes||changed|1"
}

t_user() {
	local a b
	mkproc a -U
	mkproc b -U
	writemap "/proc/$a/uid_map" $'0 0 1\n1000 1000 10'
	writemap "/proc/$a/gid_map" '0 0 1'
	writemap "/proc/$b/uid_map" '0 0 1'
	writemap "/proc/$b/gid_map" '0 0 1'
	assert_eq "$(diffs "$a" "$b")" "uid_map|1000 1000 10|a-only|-|-"
}

t_user_setgroups_caps() {
	local a b out
	mkproc a -U
	mkproc b -U --map-root-user
	writemap "/proc/$a/uid_map" '0 0 1'
	writemap "/proc/$a/gid_map" '0 0 1'
	# unshare --map-root-user: setgroups deny, and sleep exec'ed as root inside
	out=$(diffs "$a" "$b")
	assert_eq "$(cut -d'|' -f1-3 <<<"$out")" "capabilities||changed
setgroups||changed"
	assert_match "$(grep ^setgroups <<<"$out")" "\|allow\|deny$"
	assert_match "$(grep ^capabilities <<<"$out")" \
		"^capabilities\|\|changed\|0000000000000000 \|$(sed -n 's/^CapEff:\t//p' /proc/$b/status) cap_chown,"
}

t_ipc() {
	local a b id out
	command -v ipcmk >/dev/null || skip_test "needs ipcmk"
	mkproc a -i
	mkproc b -i
	id=$(nsenter -t "$a" -i ipcmk -M 4096 -p 0640 | sed -n 's/.*id: *//p')
	[ -n "$id" ] || fail "ipcmk"
	# a POSIX queue: a file on the mqueue filesystem of A's ipc namespace
	mkdir -p "$TMPDIR/mq"
	nsenter -t "$a" -i unshare -m --propagation private sh -c \
		"mount -t mqueue nsdiffmq '$TMPDIR/mq' && (umask 022 && : >'$TMPDIR/mq/$ID-q')"
	out=$(diffs "$a" "$b")
	assert_eq "$(cut -d'|' -f1,3,4 <<<"$out")" "mqueue|a-only|perms 644, uid 0
shm|a-only|4096 bytes, perms 640, uid 0"
	assert_eq "$(sed -n 's/^mqueue|\([^|]*\)|.*/\1/p' <<<"$out")" "/$ID-q"
	assert_match "$(sed -n 's/^shm|\([^|]*\)|.*/\1/p' <<<"$out")" "^key 0x[0-9a-f]{8} id $id$"
	# a semaphore set and a message queue in B
	nsenter -t "$b" -i ipcmk -S 3 >/dev/null
	nsenter -t "$b" -i ipcmk -Q >/dev/null
	out=$(diffs "$a" "$b")
	assert_eq "$(cut -d'|' -f1,3 <<<"$out")" "mqueue|a-only
msg|b-only
sem|b-only
shm|a-only"
	assert_match "$(grep '^sem' <<<"$out")" "\|3 semaphores, perms 644, uid 0$"
}

# Without the new mount API (before Linux 5.2, or filtered by seccomp), the
# queues are listed from a mount in a mount namespace of the child's own.
t_ipc_fallback() {
	local a b
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	mkproc a -i
	mkproc b -i
	mkdir -p "$TMPDIR/mq"
	nsenter -t "$a" -i unshare -m --propagation private sh -c \
		"mount -t mqueue nsdiffmq '$TMPDIR/mq' && : >'$TMPDIR/mq/$ID-f'"
	assert_eq "$(strace -f -qq -o /dev/null -e trace=fsopen -e inject=fsopen:error=ENOSYS \
		"$NSDIFF" -d -J -t ipc "$a" "$b" | jq -r '.namespaces[].differences[] | .key')" "/$ID-f"
	# and nothing of that mount is left anywhere
	assert_eq "$(grep -c nsdiffmq /proc/self/mountinfo)" 0
}

t_cgroup() {
	local p want="" line key path
	start p sh -c "while [ ! -e '$TMPDIR/go' ]; do sleep 0.05; done; exec unshare -C sleep 1000"
	cgroup_place "/$ID-deep" "$p"
	touch "$TMPDIR/go"
	wait_for started "$p"
	# each hierarchy's root is where the process was when it unshared: where it is
	while IFS= read -r line; do
		key=${line#*:}
		key=${key%%:*}
		path=${line#*:*:}
		[ "$path" = / ] && continue
		want+="${want:+$'\n'}cgroup root|${key:-cgroup2}|changed|$path|/"
	done <"/proc/$p/cgroup"
	assert_match "$want" "\|/$ID-deep\|/" "the test's own cgroup"
	assert_eq "$(diffs "$p")" "$(LC_ALL=C sort <<<"$want")"
}

# cgroup: each side's limits, read where the kernel holds them, and which differ.
t_cgroup_limits() {
	local out
	[ -x "$NSRUN" ] || skip_test "nsrun not built"
	export NSKIT_STATE_DIR=$TMPDIR/state
	"$NSRUN" -d --name "lim$$" -m 64m --cpus 0.5 --pids-limit 20 -- sleep 1000 >/dev/null
	defer "NSKIT_STATE_DIR='$NSKIT_STATE_DIR' '$NSRUN' rm -f 'lim$$'"
	"$NSRUN" -d --name "big$$" -m 128m --pids-limit 20 -- sleep 1000 >/dev/null
	defer "NSKIT_STATE_DIR='$NSKIT_STATE_DIR' '$NSRUN' rm -f 'big$$'"
	out=$("$NSDIFF" -d -t cgroup "lim$$") && fail "no difference" || true
	assert_match "$out" "< limits +memory=64M,memory\+swap=64M,cpus=0\.5,pids=20,io=none" "A's"
	assert_match "$out" "> limits +memory=none,cpus=none,pids=none,io=none" "the host's"
	# two containers: what is the same (pids, io) is not among what differs
	out=$("$NSDIFF" -d -J -t cgroup "lim$$" "big$$" | jq -c '.namespaces[0].differences[] |
		select(.category == "limits") | [.a_only, .b_only]')
	assert_eq "$out" '[["memory=64M","memory+swap=64M","cpus=0.5"],["memory=128M","memory+swap=128M","cpus=none"]]'
}

t_time() {
	local p
	[ -e /proc/self/ns/time ] || skip_test "no time namespaces"
	mkproc p --time --monotonic 3600 --boottime 7200 -f
	assert_eq "$(diffs "$p")" "offset|boottime|changed|7200s|0s
offset|monotonic|changed|3600s|0s"
}

t_json_schema() {
	local p out
	mkproc p -u -i
	nsenter -t "$p" -u hostname "$ID-j"
	out=$("$NSDIFF" -d -J "$p") || true
	assert_eq "$(jq -r '.deep' <<<"$out")" true
	# every separate type has its list of differences, shared ones an empty one
	assert_eq "$(jq -r '[.namespaces[] | select(.state == "shared") | .differences | length] | add'\
		<<<"$out")" 0
	assert_eq "$(jq -c '.namespaces[] | select(.type == "uts") | .differences' <<<"$out")" \
		"[{\"category\":\"hostname\",\"key\":null,\"change\":\"changed\",\"a\":\"$ID-j\",\"b\":\"$(hostname)\"}]"
	assert_eq "$(jq -c '.namespaces[] | select(.type == "ipc") | .differences' <<<"$out")" "[]"
}

run t_uts "uts: another hostname, and only that"
run t_net "net: a veth with an address, a route and a listener, and only those" cmd:ip cmd:python3
run t_mnt "mnt: an extra mount and another option on a shared mount point"
run t_mnt_root "mnt: another root filesystem"
run t_pid "pid: the NSpid chain and what each side sees"
run t_user "user: one more uid mapping, and only that"
run t_user_setgroups_caps "user: setgroups and capabilities"
run t_ipc "ipc: a SysV shm segment and a POSIX queue, then a semaphore set and a queue"
run t_ipc_fallback "ipc: POSIX queues without fsopen(2)" cmd:strace
run t_cgroup "cgroup: the namespace's root, per hierarchy"
run t_cgroup_limits "cgroup: each side's limits, and which differ"
run t_time "time: monotonic and boottime offsets"
run t_json_schema "--deep -J: differences per namespace"
finish

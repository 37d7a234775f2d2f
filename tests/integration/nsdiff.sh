#!/bin/bash
# nsdiff against real namespaces (as root): shared or separate per type with
# the kernel's inodes, who else is in a namespace, --all, JSON, the kinds
# of targets, and the exit statuses 0, 1 and 2 (bad, ambiguous, unreadable
# and vanishing targets). The nsrun tests at the end are skipped without
# build/nsrun.
#
# A "container" here is a process in namespaces of its own placed in the
# cgroup /nskit/NAME, which common/container recognises as nsrun's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsdiff-helpers.bash"
requires root cmd:unshare cmd:nsenter cmd:jq

export LC_ALL=C.UTF-8 COLUMNS=200
# nsrun names are looked up in its state dir first; the tests' own fakes are not there
export NSKIT_STATE_DIR=$TMPDIR/state
ID=nsd$$

# The row of TYPE in nsdiff's table: "TYPE STATE A B ...".
row() { grep -E "^$1 " <<<"$2" | tr -s ' '; }

t_same() {
	local out rc
	out=$("$NSDIFF" $$) && rc=0 || rc=$?
	assert_eq "$rc" 0 "exit status for the host against itself"
	for t in mnt net pid uts ipc user cgroup time; do
		[ -e /proc/self/ns/$t ] || continue
		assert_eq "$(row $t "$out" | cut -d' ' -f2-4)" "shared $(ns_ino $$ $t) $(ns_ino 2 $t)" "$t"
	done
}

t_separate() {
	local p out rc
	mkproc p -u -n
	out=$("$NSDIFF" $p) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status"
	assert_match "$out" "A: PID $p" "A's label"
	assert_match "$out" "B: the host \(PID 2\)" "B is the host, from kthreadd"
	for t in uts net; do
		assert_eq "$(row $t "$out" | cut -d' ' -f2-4)" "separate $(ns_ino $p $t) $(ns_ino 2 $t)" "$t"
	done
	for t in mnt pid ipc user cgroup; do
		assert_eq "$(row $t "$out" | cut -d' ' -f2-4)" "shared $(ns_ino $p $t) $(ns_ino 2 $t)" "$t"
	done
	# B given explicitly: the same answer
	out=$("$NSDIFF" -t uts,mnt $p $$) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(row uts "$out" | cut -d' ' -f2)" separate
	assert_eq "$(row mnt "$out" | cut -d' ' -f2)" shared
	# limited to shared types: the same
	out=$("$NSDIFF" -t mnt,pid $p) && rc=0 || rc=$?
	assert_eq "$rc" 0 "exit status when only shared types are compared"
}

t_ipc_shared() {
	local a b out rc
	mkct a "$ID-a" -i -u
	start b nsenter -t "$a" -i unshare -u sleep 1000
	wait_for started "$b"
	cgroup_place "/nskit/$ID-b" "$b"
	assert_eq "$(ns_ino $a ipc)" "$(ns_ino $b ipc)" "the test's setup"

	# A against B: the ipc namespace is shared, the uts one is not
	out=$("$NSDIFF" -J "$ID-a" "$ID-b") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(jq -r '.a.container, .b.container' <<<"$out" | tr '\n' ' ')" "$ID-a $ID-b "
	assert_eq "$(jq -r '.namespaces[] | select(.type == "ipc") | .state' <<<"$out")" shared
	assert_eq "$(jq -r '.namespaces[] | select(.type == "ipc") | .a' <<<"$out")" "$(ns_ino $a ipc)"
	assert_eq "$(jq -r '.namespaces[] | select(.type == "uts") | .state' <<<"$out")" separate
	# shared with nobody else, and the host's user namespace is the host's
	assert_eq "$(jq -r '.namespaces[] | select(.type == "ipc") | .a_shared_with | length' \
		<<<"$out")" 0
	assert_match "$(jq -r '.namespaces[] | select(.type == "user") | .a_shared_with[0]' \
		<<<"$out")" '^host$'

	# each against the host: a separate ipc namespace, shared with the other
	out=$("$NSDIFF" "$ID-b") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(row ipc "$out" | cut -d' ' -f2,5)" "separate $ID-a"
	out=$("$NSDIFF" -J "$ID-a") && rc=0 || rc=$?
	assert_eq "$(jq -r '.namespaces[] | select(.type == "ipc") | .a_shared_with | join(",")' \
		<<<"$out")" "$ID-b"
}

t_all() {
	local d h out rc
	mkct d "$ID-d" -m -u -i -n -p -f
	# Docker's --pid=host --net=host: new mnt, uts, ipc only
	mkct h "$ID-h" -m -u -i
	out=$("$NSDIFF" --all -J) && rc=0 || rc=$?
	assert_eq "$rc" 1 "a risky share was found"
	row_of() { jq -c --arg n "$1" '.containers[] | select(.container == $n)
		| [.runtime, .init, .mnt, .net, .pid, .uts, .ipc, .user, .cgroup, .time, .risks]' <<<"$out"; }
	assert_eq "$(row_of "$ID-d")" \
		"[\"nsrun\",$d,\"private\",\"private\",\"private\",\"private\",\"private\",\"host\",\"host\",\"host\",[\"user\"]]"
	assert_eq "$(row_of "$ID-h")" \
		"[\"nsrun\",$h,\"private\",\"host\",\"host\",\"private\",\"private\",\"host\",\"host\",\"host\",[\"net\",\"pid\",\"user\"]]"
	# the table flags the same, and -t limits the columns and the risks
	out=$("$NSDIFF" --all -t pid,uts) && rc=0 || rc=$?
	assert_eq "$(grep -E "^$ID-h " <<<"$out" | tr -s ' ')" "$ID-h nsrun $h host private pid"
	assert_eq "$(head -1 <<<"$out" | tr -s ' ')" "CONTAINER RUNTIME INIT PID UTS RISKS"
}

t_all_shared_container() {
	local a b out
	mkct a "$ID-s1" -i -u -n
	start b nsenter -t "$a" -i -n unshare -u sleep 1000
	wait_for started "$b"
	cgroup_place "/nskit/$ID-s2" "$b"
	out=$("$NSDIFF" --all -J -t net,ipc,uts) || true
	assert_eq "$(jq -r --arg n "$ID-s2" '.containers[] | select(.container == $n)
		| [.net, .ipc, .uts] | join(" ")' <<<"$out")" "container:$ID-s1 container:$ID-s1 private"
	assert_eq "$(jq -r --arg n "$ID-s1" '.containers[] | select(.container == $n)
		| [.net, .ipc, .uts] | join(" ")' <<<"$out")" "container:$ID-s2 container:$ID-s2 private"
}

t_json() {
	local p out rc
	mkproc p -u -i
	out=$("$NSDIFF" -J $p) && rc=0 || rc=$?
	assert_eq "$rc" 1
	jq -e . <<<"$out" >/dev/null || fail "not JSON"
	assert_eq "$(jq -r '.a.pid, .a.host, .b.pid, .b.host, .deep, .different' <<<"$out" | tr '\n' ' ')" \
		"$p false 2 true false true "
	local want="" t
	for t in mnt net pid uts ipc user cgroup time; do
		[ -e /proc/self/ns/$t ] && want+=${want:+,}$t
	done
	assert_eq "$(jq -r '[.namespaces[].type] | join(",")' <<<"$out")" "$want" \
		"every type the kernel has, in nstype order"
	assert_eq "$(jq -r '[.namespaces[] | select(.state == "separate") | .type] | join(",")' <<<"$out")" \
		"uts,ipc"
	assert_eq "$(jq -r '.namespaces[] | select(.type == "uts") | .a' <<<"$out")" "$(ns_ino $p uts)"
	# inodes are numbers, risky is a boolean
	assert_eq "$(jq -r '[.namespaces[] | (.a | type), (.risky | type)] | unique | join(",")' <<<"$out")" \
		"boolean,number"
	assert_eq "$(jq -r '.namespaces[] | select(.type == "pid") | .risky' <<<"$out")" true
	assert_eq "$(jq -r '.namespaces[] | select(.type == "uts") | .risky' <<<"$out")" false
	# no "differences" without --deep
	assert_eq "$(jq -r '[.namespaces[] | has("differences")] | any' <<<"$out")" false
}

t_netns_target() {
	local out rc err
	command -v ip >/dev/null || skip_test "needs ip"
	ip netns add "$ID-x" || fail "ip netns add"
	defer "ip netns del $ID-x"
	ip netns add "$ID-y" || fail "ip netns add"
	defer "ip netns del $ID-y"
	out=$("$NSDIFF" "$ID-x" 2>"$TMPDIR/err") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(grep -cE '^(mnt|pid|uts|ipc|user|cgroup|time) ' <<<"$out")" 0 "only net"
	assert_eq "$(row net "$out" | cut -d' ' -f2-3)" "separate $(stat -L -c %i /run/netns/$ID-x)"
	assert_match "$(cat "$TMPDIR/err")" "comparing only net"
	# two fresh namespaces without a process: nothing differs inside, still different
	out=$("$NSDIFF" -d -J "$ID-x" "$ID-y") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(jq -r '.namespaces[0].differences | length' <<<"$out")" 0
	# a netns has no pid namespace: asking for one is trouble
	err=$("$NSDIFF" -t pid "$ID-x" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2
	assert_match "$err" "has no pid namespace to compare"
}

t_inode_target() {
	local p out rc
	mkproc p -u
	out=$("$NSDIFF" "$(ns_ino $p uts)" 2>/dev/null) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(row uts "$out" | cut -d' ' -f2-4)" "separate $(ns_ino $p uts) $(ns_ino 2 uts)"
	out=$("$NSDIFF" "uts:[$(ns_ino 2 uts)]" 2>/dev/null) && rc=0 || rc=$?
	assert_eq "$rc" 0 "the host's own uts namespace"
}

t_exit_trouble() {
	local err rc
	err=$("$NSDIFF" nsdiff-no-such-thing-$$ 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2 "unknown target"
	assert_eq "$err" "nsdiff: no process, container, pod or netns matches 'nsdiff-no-such-thing-$$'"
	err=$("$NSDIFF" 4194303 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2 "no such PID"
	assert_eq "$err" "nsdiff: no process with PID 4194303"
	err=$("$NSDIFF" --type=nope $$ 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2 "bad usage is trouble too, as in diff"
	err=$("$NSDIFF" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2 "no target"
	# nothing on stdout when in trouble
	assert_eq "$("$NSDIFF" nsdiff-no-such-thing-$$ 2>/dev/null)" "" "stdout"
}

t_unreadable() {
	local p err rc
	mkproc p -u
	# ptrace rules hide another user's namespace links
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NSDIFF" $p 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2
	assert_match "$err" "^nsdiff: cannot read the .* of PID $p: Permission denied$"
	# PID 1 here, on some sandboxes, even for root
	if ! readlink /proc/1/ns/net >/dev/null 2>&1; then
		err=$("$NSDIFF" 1 2>&1) && rc=0 || rc=$?
		assert_eq "$rc" 2 "PID 1 unreadable"
		assert_match "$err" "cannot read the .* of PID 1: Permission denied"
	fi
}

t_ambiguous() {
	local a b err rc ida idb
	ida=$(printf 'fee%061d' 1)
	idb=$(printf 'fee%061d' 2)
	mkproc a -u
	mkproc b -u
	cgroup_place "/system.slice/docker-$ida.scope" "$a"
	cgroup_place "/system.slice/docker-$idb.scope" "$b"
	err=$("$NSDIFF" fee0 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2
	assert_match "$err" "target 'fee0' is ambiguous"
	assert_match "$err" "PID $a"
	assert_match "$err" "PID $b"
	# the whole id: unique
	"$NSDIFF" -q "$ida" && rc=0 || rc=$?
	assert_eq "$rc" 1
}

# A rootless container compared by its owner: no privileges, its own
# namespaces entered through its user namespace, the caller's not at all.
t_rootless() {
	local p out rc
	start p setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -U -r -u -n sh -c "hostname $ID-rl; exec sleep 1000"
	wait_for started "$p" || fail "the rootless container did not start"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c \
		"exec '$NSDIFF' -d -J -t uts,user,net $p \$\$") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(jq -r '.namespaces[] | select(.type == "uts") | .differences[] |
		[.category, .a] | join(" ")' <<<"$out")" "hostname $ID-rl"
	assert_eq "$(jq -r '.namespaces[] | select(.type == "user") | .differences[] |
		select(.category == "uid_map") | [.change, .key] | join(" ")' <<<"$out" | sort)" \
		"a-only 0 65534 1
b-only 0 0 4294967295"
	# its new network namespace: only lo, down
	assert_eq "$(jq -r '.namespaces[] | select(.type == "net") | .differences[] |
		select(.change != "b-only") | [.category, .key, .change, .a] | join("|")' <<<"$out")" \
		"interface|lo|changed|loopback, down, mtu 65536"
	# the host's namespaces are not its to read: trouble, said clearly
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NSDIFF" $p 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 2
	assert_match "$out" "cannot read the .* of the host \(PID 2\): Permission denied"
}

# A target that exits while it is compared: strace holds nsdiff in a
# syscall while the test kills the target.
t_vanished() {
	local p out rc
	# LeakSanitizer cannot run under ptrace: an ASan build checks leaks elsewhere
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
	mkproc p -u -i
	strace -f -qq -o /dev/null -e trace=pidfd_open -e inject=pidfd_open:delay_enter=1500000:when=1 \
		"$NSDIFF" $p >"$TMPDIR/out" 2>"$TMPDIR/err" &
	local s=$!
	sleep 0.5
	kill -KILL $p
	wait $s && rc=0 || rc=$?
	assert_eq "$rc" 2 "exit status"
	assert_eq "$(cat "$TMPDIR/out")" "" "no partial output"
	assert_match "$(cat "$TMPDIR/err")" "PID $p exited"

	# during --deep, inside the namespaces (the mqueue listing)
	mkproc p -u -i
	strace -f -qq -o /dev/null -e trace=fsopen -e inject=fsopen:delay_enter=1500000:when=1 \
		"$NSDIFF" -d -t ipc,uts $p >"$TMPDIR/out" 2>"$TMPDIR/err" &
	s=$!
	sleep 0.5
	kill -KILL $p
	wait $s && rc=0 || rc=$?
	assert_eq "$rc" 2 "exit status (--deep)"
	assert_eq "$(cat "$TMPDIR/out")" "" "no partial output (--deep)"
	assert_match "$(cat "$TMPDIR/err")" "PID $p exited while it was being"
}

t_quiet_and_color() {
	local p out rc
	mkproc p -u
	out=$("$NSDIFF" -q $p) && rc=0 || rc=$?
	assert_eq "$rc:$out" "1:" "-q"
	# no colors unless asked or on a terminal; NO_COLOR wins over auto
	out=$("$NSDIFF" $p) || true
	[[ "$out" != *$'\033'* ]] || fail "colors in a pipe"
	out=$("$NSDIFF" --color=always -t uts $p) || true
	[[ "$out" == *$'\033[32mseparate'* ]] || fail "no color with --color=always: $out"
	out=$(NO_COLOR=1 script -qc "$NSDIFF -t uts $p" /dev/null) || true
	[[ "$out" != *$'\033['3* ]] || fail "NO_COLOR ignored"
	out=$(script -qc "$NSDIFF -t uts $p" /dev/null) || true
	[[ "$out" == *$'\033[32mseparate'* ]] || fail "no color on a terminal"
}

# ------------------------------------------------------------ with nsrun

nsrun_ct() {	# NAME NSRUN-OPTION...: a detached nsrun container running sleep
	local name=$1
	shift
	"$NSRUN" -d --name "$name" "$@" -- sleep 1000 >/dev/null || fail "nsrun $name"
	defer "'$NSRUN' rm -f '$name'"
}

t_nsrun_hostname() {
	local out rc
	nsrun_ct "$ID-web" --hostname nsdiffweb
	out=$("$NSDIFF" -d -J -t uts "$ID-web") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(jq -r '.a.runtime, .a.container' <<<"$out" | tr '\n' ' ')" "nsrun $ID-web "
	assert_eq "$(jq -c '[.namespaces[].differences[] | [.category, .change, .a, .b]]' <<<"$out")" \
		"[[\"hostname\",\"changed\",\"nsdiffweb\",\"$(hostname)\"]]"
}

t_nsrun_ipc_container() {
	local out rc
	nsrun_ct "$ID-i1"
	nsrun_ct "$ID-i2" --ipc "container:$ID-i1"
	out=$("$NSDIFF" -J "$ID-i1" "$ID-i2") && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$(jq -r '.namespaces[] | select(.type == "ipc") | .state' <<<"$out")" shared
	assert_eq "$(jq -r '.namespaces[] | select(.type == "uts") | .state' <<<"$out")" separate
	# nsrun's record says who joined whom
	out=$("$NSDIFF" --all -J) || true
	assert_eq "$(jq -r --arg n "$ID-i2" '.containers[] | select(.container == $n) | .ipc' \
		<<<"$out")" "joined $ID-i1's ipc" "the joiner's row"
	assert_eq "$(jq -r --arg n "$ID-i1" '.containers[] | select(.container == $n) | .ipc' \
		<<<"$out")" "shared with $ID-i2" "the owner's row"
}

t_nsrun_host_shares() {
	local out
	nsrun_ct "$ID-h1" --pid host --net host
	out=$("$NSDIFF" --all -J) || true
	assert_eq "$(jq -r --arg n "$ID-h1" '.containers[] | select(.container == $n)
		| [.pid, .net, .uts, (.risks | index("pid") != null), (.risks | index("net") != null)]
		| join(" ")' <<<"$out")" "host host private true true"
}

run t_same "the host against itself: all shared, exit 0"
run t_separate "separate uts and net: the kernel's inodes, exit 1"
run t_ipc_shared "two containers sharing an ipc namespace, each other's sharer"
run t_all "--all: a default container and one with the host's pid and net"
run t_all_shared_container "--all: container:NAME for shared namespaces"
run t_json "-J is valid and says what the table says"
run t_netns_target "a netns name: only net, with a note; --deep without a process" cmd:ip
run t_inode_target "a namespace inode as target"
run t_exit_trouble "unknown targets and bad usage: exit 2, nothing on stdout"
run t_unreadable "unreadable namespaces: exit 2" cmd:setpriv
run t_ambiguous "an ambiguous container id prefix: exit 2 with the candidates"
run t_rootless "a rootless container, by its unprivileged owner" cmd:setpriv userns
run t_vanished "a target that exits mid-run: exit 2, no output" cmd:strace
run t_quiet_and_color "-q, --color, NO_COLOR" cmd:script
run t_nsrun_hostname "nsrun --hostname: only the hostname differs" "file:$NSRUN"
run t_nsrun_ipc_container "nsrun --ipc=container:NAME: shared, the joiner said so" "file:$NSRUN"
run t_nsrun_host_shares "nsrun --pid=host --net=host: flagged in --all" "file:$NSRUN"
finish

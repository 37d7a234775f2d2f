#!/bin/bash
# nsjoin against the kernel and against nsenter: which namespaces a program
# run through it is in (read from outside, in /proc/PID/ns), the same
# command lines through nsenter and nsjoin giving the same output, and the
# options nsenter 2.38 lacks (-e, -c, --mount-proc, --differing) checked
# against what the kernel says. Containers are made with unshare(1) and
# with nsrun (a busybox root, a bridge network, a volume, a user namespace).
. "$(dirname "$0")/lib.sh"
requires root cmd:unshare cmd:nsenter cmd:busybox file:"$NSJOIN"

TYPES="mnt net pid uts ipc user cgroup time"
LETTERS=(m n p u i U C T)
LETTER_TYPE=(mnt net pid uts ipc user cgroup time)

# probe ARGS...: run "$NSJOIN ARGS sleep 30" (or NSJOIN_CMD instead of
# nsjoin) and print "type:inode" for the 8 namespaces of the sleep, as the
# kernel shows them from outside; with a fork the sleep is nsjoin's child.
probe() {
	local j p c i t
	${NSJOIN_CMD:-$NSJOIN} "$@" sleep 30 &
	j=$!
	p=
	for i in $(seq 100); do
		c=$(pgrep -P "$j" -x sleep || true)
		if [ -n "$c" ]; then p=$c; break; fi
		if [ "$(cat "/proc/$j/comm" 2>/dev/null)" = sleep ]; then p=$j; break; fi
		kill -0 "$j" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$p" ]; then
		wait "$j" || true
		echo "probe: '$*' did not start" >&2
		return 1
	fi
	for t in $TYPES; do echo "$t:$(ns_ino "$p" "$t")"; done
	kill "$j" "$p" 2>/dev/null || true
	wait "$j" 2>/dev/null || true
}

# wait_comm PID NAME: wait until PID runs NAME (has exec'd it).
wait_comm() {
	local i
	for i in $(seq 100); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	echo "process $1 never ran $2"
	return 1
}

# expect TARGET JOINED...: the namespace set of a process that joined the
# types JOINED of TARGET and kept ours for the rest.
expect() {
	local target=$1 t
	shift
	for t in $TYPES; do
		if [[ " $* " == *" $t "* ]]; then
			echo "$t:$(ns_ino "$target" "$t")"
		else
			echo "$t:$(ns_ino $$ "$t")"
		fi
	done
}

# A root filesystem of busybox for containers with a root of their own.
ROOTFS=$TMPDIR/rootfs
mkrootfs() {
	mkdir -p "$ROOTFS/bin" "$ROOTFS/proc" "$ROOTFS/etc" "$ROOTFS/tmp/wd" "$ROOTFS/root"
	cp "$(command -v busybox)" "$ROOTFS/bin/busybox"
	for a in sh ash ls cat pwd id hostname sleep mount readlink printenv; do
		ln -sf busybox "$ROOTFS/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/ash' >"$ROOTFS/etc/passwd"
	echo 'root:x:0:' >"$ROOTFS/etc/group"
}

# The containers: C1 with new mnt, uts, ipc, net, pid, cgroup namespaces
# (and an interface), C2 in a user namespace of its own (root mapped),
# C3 with its own root (chroot, busybox) and environment.
start_c1() {
	spawn C1_U env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin NSJOIN_MARK=c1 \
		unshare --fork --pid --mount --uts --ipc --net --cgroup --mount-proc \
		sh -c 'hostname nsjoin-c1; ip link set lo up; mkdir -p /tmp/nsjoin-wd;
			cd /tmp/nsjoin-wd; exec sleep 600'
	C1=$(wait_children "$C1_U" 1)
	wait_comm "$C1" sleep
	nsenter -t "$C1" -n ip link add nsj0 type veth peer name nsj1
	nsenter -t "$C1" -n ip addr add 10.231.0.1/24 dev nsj0
	nsenter -t "$C1" -n ip link set nsj0 up
}

start_c2() {
	spawn C2_U unshare --user --map-root-user --uts --fork sh -c 'hostname nsjoin-c2; exec sleep 600'
	C2=$(wait_children "$C2_U" 1)
	wait_comm "$C2" sleep
}

start_c3() {
	mkrootfs
	spawn C3_U env -i PATH=/bin FOO=bar-c3 unshare --fork --pid --mount --uts --ipc \
		--root="$ROOTFS" /bin/sh -c 'mount -t proc proc /proc; hostname nsjoin-c3;
			cd /tmp/wd; exec sleep 600'
	C3=$(wait_children "$C3_U" 1)
	wait_comm "$C3" sleep
}

t_each_type_alone() {
	start_c1
	start_c2
	local i l t target got want
	for i in "${!LETTERS[@]}"; do
		l=${LETTERS[$i]}
		t=${LETTER_TYPE[$i]}
		target=$C1
		# C1 has no user namespace of its own: the user type is tried on C2
		[ "$t" = user ] && target=$C2
		[ "$t" = time ] && continue	# below, with a time namespace
		got=$(probe -t "$target" "-$l")
		want=$(expect "$target" "$t")
		assert_eq "$got" "$want" "nsjoin -$l"
		got=$(probe -t "$target" "-$l" --no-pidfd)
		assert_eq "$got" "$want" "nsjoin -$l --no-pidfd"
		got=$(NSJOIN_CMD=nsenter probe -t "$target" "-$l")
		assert_eq "$got" "$want" "nsenter -$l"
	done
}

t_time_namespace() {
	unshare --time true 2>/dev/null || skip_test "no time namespaces"
	spawn T_U unshare --fork --time --boottime 1000 sleep 600
	local T got want
	T=$(wait_children "$T_U" 1)
	wait_ns "$T" time
	got=$(probe -t "$T" -T)
	want=$(expect "$T" time)
	assert_eq "$got" "$want" "nsjoin -T"
	# the offset is visible inside
	got=$("$NSJOIN" -t "$T" -T cat /proc/uptime | cut -d. -f1)
	[ "$got" -ge 1000 ] || fail "uptime in the time namespace is $got, expected >= 1000"
}

t_all() {
	start_c1
	start_c2
	local got want
	# C1: every type but user (ours) and time (ours: no time namespace)
	want=$(expect "$C1" mnt net pid uts ipc cgroup)
	got=$(probe -t "$C1" -a)
	assert_eq "$got" "$want" "nsjoin -a"
	got=$(probe -t "$C1" -a --no-pidfd)
	assert_eq "$got" "$want" "nsjoin -a --no-pidfd"
	assert_eq "$(NSJOIN_CMD=nsenter probe -t "$C1" -a)" "$want" "nsenter -a"
	# C2: its user and uts namespaces; the rest is shared with us
	want=$(expect "$C2" user uts)
	got=$(probe -t "$C2" -a)
	assert_eq "$got" "$want" "nsjoin -a into a user namespace"
	got=$(probe -t "$C2" -a --no-pidfd)
	assert_eq "$got" "$want" "nsjoin -a --no-pidfd into a user namespace"
	# several types at once
	want=$(expect "$C1" net uts)
	assert_eq "$(probe -t "$C1" -n -u)" "$want" "nsjoin -n -u"
}

# The same command line through nsenter and nsjoin: same output, same
# status. Error messages are each tool's own (house style), so stdout only.
compare() {
	local target=$1 args=$2 a b ra rb
	a=$(eval "nsenter -t $target $args" 2>/dev/null) && ra=0 || ra=$?
	b=$(eval "$NSJOIN -t $target $args" 2>/dev/null) && rb=0 || rb=$?
	assert_eq "$b" "$a" "output of '$args'" || return 1
	assert_eq "$rb" "$ra" "status of '$args'"
}

t_nsenter_table() {
	start_c1
	start_c2
	start_c3
	local args
	while IFS= read -r args; do
		[ -n "$args" ] || continue
		compare "$C1" "$args"
	done <<-'EOF'
	-n ip -o -4 addr show
	-n ip -o link show
	-n -- ip route show
	-u hostname
	-u -n hostname
	-m cat /proc/self/mountinfo
	-m -p cat /proc/1/comm
	-p sh -c 'readlink /proc/self/ns/pid'
	-a hostname
	-a id
	-a pwd
	-a -w pwd
	-a --wd=/tmp pwd
	-m -w/tmp pwd
	-a -W /tmp pwd
	--wdns=/tmp -a pwd
	-i ipcs -m
	-C cat /proc/self/cgroup
	-n -S 4321 -G 4321 id
	-n -S 4321 id -u
	-a sh -c 'exit 7'
	-a /nonexistent/command
	-n/proc/$C1/ns/net ip -o link show
	--net=/proc/$C1/ns/net ip -o link show
	--net=/proc/$C1/ns/net --uts=/proc/$C1/ns/uts hostname
	-n -p -F sh -c 'readlink /proc/self/ns/pid_for_children'
	EOF
	# "-n=FILE": nsenter 2.38 takes the '=' as part of the name; later
	# versions strip it, as nsjoin does
	assert_eq "$("$NSJOIN" -n="/proc/$C1/ns/net" -u="/proc/$C1/ns/uts" hostname)" nsjoin-c1 "-u=FILE"
	while IFS= read -r args; do
		[ -n "$args" ] || continue
		compare "$C2" "$args"
	done <<-'EOF'
	-U id
	-U -u hostname
	-U --preserve-credentials id -u
	-U -S 0 -G 0 id
	-a id
	-a hostname
	EOF
	while IFS= read -r args; do
		[ -n "$args" ] || continue
		compare "$C3" "$args"
	done <<-'EOF'
	-a -r ls /
	-a -r pwd
	-a -r -w pwd
	--root=/proc/$C3/root -a cat /etc/passwd
	-a -r hostname
	-m -r -w -p ls /proc/1/
	EOF
}

# nsrun's containers for the comparison: A with a busybox root, a bridge
# network of its own (made here), a read-only volume, a workdir and a uid;
# B in a user namespace of its own. nsjoin takes them by name, nsenter by
# the PID of their init.
nsrun_pair() {
	[ -x "$NSRUN" ] || fail "build/nsrun is not built"
	export NSKIT_STATE_DIR=$TMPDIR/state
	T=j$(($$ % 100000))
	defer "'$NSRUN' rm -f ${T}a; '$NSRUN' rm -f ${T}b; '$NSRUN' gc -q; '$NSRUN' network rm ${T}n"
	"$NSRUN" rootfs "$TMPDIR/nsrun-root" >/dev/null
	mkdir -p "$TMPDIR/vol" "$TMPDIR/wd"
	echo volume-data >"$TMPDIR/vol/file"
	"$NSRUN" network create "${T}n" --subnet 10.231.$((RANDOM % 100 + 100)).0/24 >/dev/null
	"$NSRUN" -d --name "${T}a" --hostname "${T}-host" --rootfs "$TMPDIR/nsrun-root" \
		--net "bridge:${T}n" -v "$TMPDIR/vol:/data:ro" -w /data -e NSJOIN_MARK=a \
		-- sleep 600 >/dev/null
	(cd "$TMPDIR/wd" && "$NSRUN" -d --name "${T}b" --user -u 1000:1000 -e NSJOIN_MARK=b \
		-- sleep 600 >/dev/null)
	# the records name nsrun's init (PID 1 inside); the command is its child
	AI=$(sed -n 's/^pid=//p' "$NSKIT_STATE_DIR/containers/${T}a")
	BI=$(sed -n 's/^pid=//p' "$NSKIT_STATE_DIR/containers/${T}b")
	[ -n "$AI" ] && [ -n "$BI" ] || fail "no pid in the state records"
	A=$(pgrep -o -P "$AI")
	B=$(pgrep -o -P "$BI")
	[ "$(cat /proc/$A/comm) $(cat /proc/$B/comm)" = "sleep sleep" ] || fail "no commands"
	ADDR=$(sed -n 's/^address=//p' "$NSKIT_STATE_DIR/containers/${T}a")
	[ -n "$ADDR" ] || fail "container ${T}a has no address"
}

# same_as_nsenter NAME PID ARGS: nsjoin -t NAME and nsenter -t PID, the same
# output and the same status; prints the output for further checks. What
# the program writes to stderr counts; the tools' own messages (each in its
# own words) do not.
same_as_nsenter() {
	local name=$1 pid=$2 args=$3 a b ra rb ea eb
	a=$(eval "nsenter -t $pid $args" 2>"$TMPDIR/err.a") && ra=0 || ra=$?
	b=$(eval "$NSJOIN -t $name $args" 2>"$TMPDIR/err.b") && rb=0 || rb=$?
	ea=$(grep -v '^nsenter: ' "$TMPDIR/err.a" || true)
	eb=$(grep -v '^nsjoin: ' "$TMPDIR/err.b" || true)
	assert_eq "$b" "$a" "output of '$args'" >&2 || return 1
	assert_eq "$eb" "$ea" "errors of '$args'" >&2 || return 1
	assert_eq "$rb" "$ra" "status of '$args'" >&2 || return 1
	printf '%s\n%s\n' "$b" "$eb"
}

# has_line TEXT REGEX WHAT: a line of TEXT matches REGEX (grep -E).
has_line() {
	printf '%s\n' "$1" | grep -Eq -- "$2" && return 0
	printf 'FAIL: %s\n  no line matches: %s\n  in: %s\n' "$3" "$2" "$1"
	return 1
}

t_nsrun_table() {
	local A B AI BI T ADDR out line args want
	nsrun_pair
	# each line: nsenter/nsjoin arguments => what a line of the output
	# must match, so that two tools failing alike cannot pass
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		args=${line%% => *}
		want=${line#* => }
		out=$(same_as_nsenter "${T}a" "$A" "$args") || return 1
		has_line "$out" "$want" "'$args' against ${T}a" || return 1
	done <<-EOF
	-n ip -o -4 addr show => inet ${ADDR%/*}/24
	-n ip route show => ^default via 10\.231\.
	-n ip -o link show => eth0
	-u hostname => ^${T}-host\$
	-a hostname => ^${T}-host\$
	-m -u -r cat /etc/hosts => ${ADDR%/*}.*${T}a
	-a cat /proc/self/mountinfo =>  /data ro,.*
	-a -r ls / => ^bin\$
	-a -r cat /data/file => ^volume-data\$
	-a -r id => ^uid=0\(root\) gid=0\(root\)
	-a -r -S 65534 -G 65534 id => ^uid=65534\(nobody\)
	-a pwd => ^/\$
	-a -r -w pwd => ^/data\$
	-a -W /data pwd => ^/data\$
	-a -r -W /data ls => ^file\$
	-a -r sh -c 'cat /proc/[0-9]*/comm' => ^sleep\$
	-p -m -r sh -c 'readlink /proc/self/ns/pid' => ^pid:
	-i ipcs -m => Shared Memory
	-C cat /proc/self/cgroup => ^0::/\.\.
	-a sh -c 'exit 7' => ^\$
	-a /nonexistent/command => ^\$
	-m -r cat /nonexistent => ^cat: can't open '/nonexistent'
	EOF
	# the same against the container in a user namespace: uid inside, cwd
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		args=${line%% => *}
		want=${line#* => }
		out=$(same_as_nsenter "${T}b" "$B" "$args") || return 1
		has_line "$out" "$want" "'$args' against ${T}b" || return 1
	done <<-EOF
	-U id -u => ^0\$
	-a id -u => ^0\$
	-U -S 1000 -G 1000 id => ^uid=1000.* gid=1000
	-U --preserve-credentials id -u => ^0\$
	-a -w pwd => ^$TMPDIR/wd\$
	-U -u hostname => ^${T}b\$
	EOF
	# by name, the command is the target, not nsrun's init (which keeps the
	# host's environment, runs as root, sits in /): what nsenter 2.38
	# lacks, -e and -S follow, take its environment and ids
	assert_eq "$("$NSJOIN" -t "${T}a" -a -e sh -c 'echo $NSJOIN_MARK')" a "-e by name"
	assert_eq "$("$NSJOIN" -t "${T}b" -a -e printenv NSJOIN_MARK)" b "-e by name (user)"
	assert_eq "$("$NSJOIN" -t "${T}b" -a -S follow -G follow sh -c 'echo $(id -u) $(id -g)')" \
		"1000 1000" "-S follow -G follow by name"
	assert_eq "$("$NSJOIN" -t "${T}a" -a -r -w pwd)" "$(nsenter -t "$A" -a -r -w pwd)"
	[ "$("$NSJOIN" -t "${T}a" -a -r -w pwd)" != "$(nsenter -t "$AI" -a -r -w pwd)" ] ||
		fail "the init's working directory, not the command's"
	# and what the kernel says from outside: the namespaces entered by name
	assert_eq "$("$NSJOIN" -t "${T}a" -a sh -c 'readlink /proc/self/ns/net; readlink /proc/self/ns/mnt')" \
		"$(readlink /proc/$A/ns/net /proc/$A/ns/mnt)" "-a by name"
}

t_env() {
	start_c1
	# -e: the target's environment, and only it
	assert_eq "$("$NSJOIN" -t "$C1" -n -e printenv NSJOIN_MARK)" c1 "-e"
	out=$(NSJOIN_OWN=1 "$NSJOIN" -t "$C1" -n -e printenv NSJOIN_OWN) && rc=0 || rc=$?
	assert_eq "$rc" 1 "our own variables are gone with -e"
	assert_eq "$(NSJOIN_OWN=1 "$NSJOIN" -t "$C1" -n printenv NSJOIN_OWN)" 1 "kept without -e"
}

t_join_cgroup() {
	start_c1
	local root v1 got want
	cgroup_place /nskit-nsjoin-test/c1 "$C1"
	# and a v1 hierarchy, where there is one
	if [ -d /sys/fs/cgroup/pids ] && [ "$(stat -f -c %T /sys/fs/cgroup/pids)" = cgroupfs ]; then
		v1=/sys/fs/cgroup/pids/nskit-nsjoin-test
		mkdir -p "$v1"
		defer "_cgroup_remove '$v1' /sys/fs/cgroup/pids"
		echo "$C1" >"$v1/cgroup.procs"
	fi
	want=$(cat "/proc/$C1/cgroup")
	got=$("$NSJOIN" -t "$C1" -c -n cat /proc/self/cgroup)
	assert_eq "$got" "$want" "-c: every cgroup of the target"
	# seen through the target's cgroup namespace: what the target sees of itself
	want=$("$NSJOIN" -t "$C1" -C cat "/proc/$C1/cgroup")
	got=$("$NSJOIN" -t "$C1" -c -C cat /proc/self/cgroup)
	assert_eq "$got" "$want" "-c -C: the target's cgroups, in its cgroup namespace"
}

t_mount_proc() {
	# a pid namespace without a /proc of its own: ps inside shows the host
	spawn P_U unshare --fork --pid sh -c 'sleep 600 & exec sleep 601'
	local P before after n
	P=$(wait_children "$P_U" 1)
	wait_ns "$P" pid
	wait_children "$P" 1 >/dev/null
	before=$(cat "/proc/$P/mountinfo")
	ours=$(grep -c ' /proc ' /proc/$$/mountinfo)
	n=$("$NSJOIN" -t "$P" -p ls /proc | grep -c '^[0-9]')
	[ "$n" -gt 10 ] || fail "without --mount-proc /proc should be the host's ($n pids)"
	# with it: the namespace's processes (sleep 601, sleep 600, and ls)
	n=$("$NSJOIN" -t "$P" -p --mount-proc ls /proc | grep -c '^[0-9]')
	assert_eq "$n" 3 "processes in /proc with --mount-proc"
	"$NSJOIN" -t "$P" -p --mount-proc ps -e -o pid= -o comm= >"$TMPDIR/ps"
	grep -q '^ *1 sleep$' "$TMPDIR/ps" || fail "ps: $(cat "$TMPDIR/ps")"
	# the target's mounts and ours are untouched
	after=$(cat "/proc/$P/mountinfo")
	assert_eq "$after" "$before" "the target's mount table"
	assert_eq "$(grep -c ' /proc ' /proc/$$/mountinfo)" "$ours" "our mount table"
	# with the mount namespace joined too
	start_c1
	n=$("$NSJOIN" -t "$C1" -m -p --mount-proc sh -c 'ls /proc' | grep -c '^[0-9]')
	assert_eq "$n" 3 "--mount-proc with -m: sleep, sh and ls"
	# errors: no pid namespace, or no fork
	out=$("$NSJOIN" -t "$P" -n --mount-proc true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "mount-proc needs a pid namespace"
	out=$("$NSJOIN" -t "$P" -p -F --mount-proc true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "mutually exclusive"
}

t_differing() {
	# a target that shares our mnt, pid, ipc, cgroup and user namespaces
	spawn D_U unshare --fork --net --uts sleep 600
	local D got want
	D=$(wait_children "$D_U" 1)
	wait_ns "$D" net
	want=$(expect "$D" net uts)
	got=$(probe -t "$D" --differing)
	assert_eq "$got" "$want" "--differing enters exactly net and uts"
	# unlike -a, it leaves the mount namespace alone: the cwd stays
	cd "$TMPDIR"
	assert_eq "$("$NSJOIN" -t "$D" --differing pwd)" "$TMPDIR" "--differing keeps the cwd"
	assert_eq "$("$NSJOIN" -t "$D" -a pwd)" "/" "-a re-enters the mount namespace"
	# with an explicit type as well
	want=$(expect "$D" net uts mnt)
	assert_eq "$(probe -t "$D" --differing -m)" "$want" "--differing -m"
	# nothing differs: nothing is entered, the program runs where we are
	out=$("$NSJOIN" -t $$ --differing pwd 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 0
	assert_eq "$out" "$TMPDIR"
}

t_exit_status_and_signals() {
	start_c1
	local rc
	for f in "" "-F"; do
		"$NSJOIN" -t "$C1" -a $f sh -c 'exit 42' && rc=0 || rc=$?
		assert_eq "$rc" 42 "exit status ($f)"
		# killed by a signal: nsjoin dies of the same signal (perl tells exit from signal)
		rc=$(perl -e 'system(@ARGV); print $? & 127 ? "signal " . ($? & 127) : "exit " . ($? >> 8)' \
			"$NSJOIN" -t "$C1" -a $f sh -c 'kill -USR1 $$')
		assert_eq "$rc" "signal 10" "SIGUSR1 re-raised ($f)"
		rc=$(perl -e 'system(@ARGV); print $? & 127 ? "signal " . ($? & 127) : "exit " . ($? >> 8)' \
			"$NSJOIN" -t "$C1" -a $f sh -c 'kill -KILL $$')
		assert_eq "$rc" "signal 9" "SIGKILL re-raised ($f)"
	done
	# a signal sent to nsjoin reaches the program
	"$NSJOIN" -t "$C1" -a sh -c 'trap "exit 33" TERM; echo ready; while :; do sleep 0.1; done' \
		>"$TMPDIR/ready" &
	local j=$!
	wait_for grep -q ready "$TMPDIR/ready"
	kill -TERM "$j"
	wait "$j" && rc=0 || rc=$?
	assert_eq "$rc" 33 "SIGTERM relayed to the program, which exits 33"
	# the program cannot be run
	"$NSJOIN" -t "$C1" -a /nonexistent/prog 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 127
	"$NSJOIN" -t "$C1" -a /etc/passwd 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 126
}

t_default_shell() {
	start_c3
	local out
	# no command: the target's own shell (busybox ash, from its /etc/passwd),
	# even though our $SHELL does not exist in there; nsenter would fail
	out=$(echo 'echo "shell=$0"; hostname' | SHELL=/usr/bin/nosuch-shell \
		"$NSJOIN" -t "$C3" -a -r)
	assert_eq "$out" "$(printf 'shell=-ash\nnsjoin-c3')" "default shell in the target's root"
	# no passwd shell for us there: $SHELL when it exists there
	out=$(echo 'echo "shell=$0"' | SHELL=/bin/cat "$NSJOIN" -t "$C3" -a -r -S 4321 -G 4321 2>&1)
	assert_eq "$out" 'echo "shell=$0"' "\$SHELL (cat, here) when the target has no shell for us"
	out=$(echo 'echo "shell=$0"' | SHELL=/usr/bin/nosuch-shell nsenter -t "$C3" -a -r 2>&1) || true
	assert_match "$out" "nosuch-shell" "nsenter runs \$SHELL regardless"
	# no passwd entry for us in there and no $SHELL: /bin/sh
	out=$(echo 'echo "shell=$0"' | env -u SHELL "$NSJOIN" -t "$C3" -a -r -S 4321 -G 4321)
	assert_eq "$out" "shell=-sh"
}

t_user_follow_and_keep_caps() {
	# a rootless container: user 65534 outside is root inside
	spawn F_U setpriv --reuid=65534 --regid=65534 --clear-groups unshare --user --map-root-user \
		sleep 600
	local F=$F_U got
	wait_ns "$F" user
	wait_comm "$F" sleep
	assert_eq "$(stat -c '%u %g' "/proc/$F")" "65534 65534" "the target's ids outside"
	# -S follow: the target's ids as the entered user namespace maps them (0),
	# not as we see them (65534, unmapped in there)
	got=$("$NSJOIN" -t "$F" -U -S follow -G follow sh -c 'echo $(id -u) $(id -g)')
	assert_eq "$got" "0 0" "-S follow -G follow"
	# --keep-caps: we are unmapped in there (uid 65534 inside), so exec
	# drops what the user namespace gave, unless it is made ambient
	got=$("$NSJOIN" -t "$F" -U --preserve-credentials --keep-caps grep CapEff /proc/self/status)
	[ "$got" != "CapEff:	0000000000000000" ] || fail "no capabilities kept: $got"
	got=$("$NSJOIN" -t "$F" -U --preserve-credentials grep CapEff /proc/self/status)
	assert_eq "$got" "CapEff:	0000000000000000" "no --keep-caps, no capabilities after exec"
}

t_net_socket() {
	start_c1
	# a process in C1's network namespace holding a UDP socket as fd 3
	# (connected to its own loopback: nothing is sent)
	spawn S_U nsenter -t "$C1" -n bash -c 'exec 3<>/dev/udp/127.0.0.1/9; exec sleep 600'
	local S=$S_U got rc
	wait_comm "$S" sleep
	assert_match "$(readlink "/proc/$S/fd/3")" '^socket:'
	# with -t: the target's fd, as nsenter -N does
	got=$("$NSJOIN" -t "$S" -N 3 readlink /proc/self/ns/net)
	assert_eq "$got" "$(readlink /proc/$C1/ns/net)" "-N 3 of the target"
	# without -t: a socket we hold ourselves
	exec 4<>/dev/udp/127.0.0.1/9
	got=$("$NSJOIN" -N 4 readlink /proc/self/ns/net)
	assert_eq "$got" "$(readlink /proc/$$/ns/net)" "-N 4 of our own"
	exec 4>&-
	got=$("$NSJOIN" -N 0 readlink /proc/self/ns/net 2>&1 </dev/null) && rc=0 || rc=$?
	assert_eq "$rc" 1 "-N on something that is not a socket"
	assert_eq "$got" "nsjoin: cannot get the network namespace of socket 0: Socket operation on non-socket"
}

run t_each_type_alone "each namespace option alone, pidfd and per file, as the kernel and nsenter say"
run t_time_namespace "-T enters a time namespace and its offsets"
run t_all "-a enters every namespace the target has, user namespace only when it differs"
run t_nsenter_table "the same command lines through nsenter and nsjoin give the same output"
run t_nsrun_table "an nsrun container by name: the same as nsenter by PID"
run t_env "-e passes the target's environment"
run t_join_cgroup "-c joins the target's cgroups, v2 and v1"
run t_mount_proc "--mount-proc: a /proc of the pid namespace, the target's mounts untouched"
run t_differing "--differing enters exactly what differs"
run t_exit_status_and_signals "exit status, signals re-raised and relayed, exec failures"
run t_default_shell "no command: the target's shell, else \$SHELL, else /bin/sh"
run t_user_follow_and_keep_caps "-S/-G follow and --keep-caps in a user namespace"
run t_net_socket "-N enters the network namespace of a socket"
finish

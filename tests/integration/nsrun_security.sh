#!/bin/bash
# nsrun trusts only its own state. The hostile side is uid 65534 (nobody):
# records it plants in a state directory it can write to, or owns, must
# never make root's nsrun signal, remove or delete anything, nor steer
# root's nsjoin and nsdiff; a symbolic link in the state directory is never
# followed; nobody cannot take, or hold, the lock. And a record alone, even
# in a directory that is trusted, is not enough: before it signals a
# process, removes a cgroup or deletes a link, nsrun checks that it is the
# one it made.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root cmd:setpriv cmd:flock cmd:ip file:"$NSRUN"

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
nobody() { "${NOBODY[@]}" "$@"; }

# starttime PID: field 22 of /proc/PID/stat.
starttime() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20; }

# A start time later than every process started so far: a fresh process's.
now_start() { sh -c 'sed "s/.*) //" /proc/self/stat | cut -d" " -f20'; }

# shared_dir VAR MODE [OWNER]: a state directory outside the test's
# private TMPDIR (so that nobody can reach it), removed at the end.
shared_dir() {
	local __d
	__d=$(mktemp -d /tmp/nsrun-sec.XXXXXX)
	chmod "$2" "$__d"
	[ -z "${3-}" ] || chown "$3" "$__d"
	defer "rm -rf '$__d'"
	printf -v "$1" '%s' "$__d"
}

# The victims of a planted record: a process of root's in a cgroup of its
# own (VICTIM, VCG), and a bridge (VBR). Queued for removal.
victims() {
	local m=47$RANDOM
	spawn VICTIM sleep "$m"
	wait_for test -e "/proc/$VICTIM"
	VSTART=$(starttime "$VICTIM")
	VCG=/$T-victim
	cgroup_place "$VCG" "$VICTIM"
	VBR=tb$T
	ip link add "$VBR" type bridge
	defer "ip link del '$VBR'"
}

victims_intact() {
	kill -0 "$VICTIM" 2>/dev/null || fail "the victim process was killed"
	[ -n "$(cgroup_dirs x "$VCG")" ] || fail "the victim's cgroup was removed"
	grep -qx "$VICTIM" "$(cgroup_root)$VCG/cgroup.procs" || fail "the victim left its cgroup"
	ip link show "$VBR" >/dev/null 2>&1 || fail "bridge $VBR was deleted"
}

# plant DIR: what the planter writes (as whoever runs it): a container
# record naming the victims, and a network made on demand naming the bridge.
plant() {
	mkdir -p "$1/containers"
	printf 'name=evil\npid=%s\nstarttime=%s\nlauncher=1\nlauncher_start=1\nstate=running\n'`
		`'cgroup=%s\ncgroup_made=unified=1\nhost_veth=%s\n' \
		"$VICTIM" "$VSTART" "$VCG" "$VBR" >"$1/containers/evil"
	mkdir -p "$1/networks" 2>/dev/null || return 0
	printf 'name=evilnet\nbridge=%s\nsubnet=10.77.0.0/24\ngateway=10.77.0.1\nexplicit=0\n' \
		"$VBR" >"$1/networks/evilnet"
}
export -f plant

t_sticky_dir() {
	local S out rc
	victims
	# root's, but anyone's to write in: nobody makes containers/ first
	shared_dir S 1777
	nobody bash -c "VICTIM=$VICTIM VSTART=$VSTART VCG=$VCG VBR=$VBR; plant '$S'"
	out=$(NSKIT_STATE_DIR=$S "$NSRUN" gc 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "gc's exit status"
	assert_eq "$out" "nsrun: state directory '$S' is writable by its group and others (mode 1777)"
	victims_intact
}

# Every subcommand refuses a state directory of nobody's, in one line, and
# touches nothing.
t_nobodys_dir() {
	local S out rc c
	victims
	shared_dir S 0755 65534:65534
	nobody bash -c "VICTIM=$VICTIM VSTART=$VSTART VCG=$VCG VBR=$VBR; plant '$S'"
	while IFS= read -r c; do
		# shellcheck disable=SC2086
		out=$(NSKIT_STATE_DIR=$S timeout 20 "$NSRUN" $c 2>&1 </dev/null) && rc=0 || rc=$?
		[ "$rc" != 0 ] || fail "'nsrun $c' succeeded"
		assert_eq "$out" "nsrun: state directory '$S' belongs to uid 65534, not to uid 0" \
			"nsrun $c"
	done <<-EOF
		-- true
		run --name x -- true
		ls
		ps -a
		inspect evil
		exec evil true
		stop -t 1 evil
		kill evil
		rm -f evil
		gc
		network create x$T
		network ls
		network rm evilnet
	EOF
	victims_intact
	# a subdirectory of nobody's in a directory of root's is no better
	shared_dir S 0755
	mkdir "$S/containers"
	chown 65534 "$S/containers"
	nobody bash -c "VICTIM=$VICTIM VSTART=$VSTART VCG=$VCG VBR=$VBR; plant '$S'"
	out=$(NSKIT_STATE_DIR=$S "$NSRUN" gc 2>&1) && rc=0 || rc=$?
	assert_eq "$out" "nsrun: state directory '$S/containers' belongs to uid 65534, not to uid 0"
	victims_intact
}

# A symbolic link in the state directory is never followed: root would
# write the hosts file into the directory it points to, and remove it there.
t_symlinked_subdir() {
	local S V out rc m=48$RANDOM
	V=$TMPDIR/victimdir
	mkdir "$V"
	echo precious >"$V/$T-sl"
	# planted by nobody in a directory anyone may write to...
	shared_dir S 1777
	defer "NSKIT_STATE_DIR='$S' '$NSRUN' rm -f '$T-sl'"
	nobody ln -s "$V" "$S/hosts"
	out=$(NSKIT_STATE_DIR=$S "$NSRUN" -d --name "$T-sl" --net "bridge:${T}s" -- sleep "$m" 2>&1) &&
		rc=0 || rc=$?
	assert_eq "$rc" 125
	assert_match "$out" "state directory '$S' is writable"
	# ...or left in one of root's: refused all the same
	shared_dir S 0755
	ln -s "$V" "$S/hosts"
	out=$(NSKIT_STATE_DIR=$S "$NSRUN" -d --name "$T-sl" --net "bridge:${T}s" -- sleep "$m" 2>&1) &&
		rc=0 || rc=$?
	assert_eq "$rc" 125
	assert_eq "$out" "nsrun: state directory '$S/hosts' is, or is reached through, a symbolic link"
	NSKIT_STATE_DIR=$S "$NSRUN" stop -t 0 "$T-sl" >/dev/null 2>&1 || true
	assert_eq "$(cat "$V/$T-sl" 2>&1)" precious "the file the link points to"
	assert_eq "$(ls "$V")" "$T-sl" "the directory the link points to"
	pgrep -f "sleep $m" >/dev/null && fail "a container started"
	# the state directory itself reached through a link
	ln -s "$S" "$TMPDIR/statelink"
	out=$(NSKIT_STATE_DIR=$TMPDIR/statelink/x "$NSRUN" ls 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_match "$out" "symbolic link"
	return 0
}

# In a directory that is trusted, records that name what nsrun did not
# make (a stale record, a mistake, a record copied from elsewhere): gc
# removes the records and leaves the objects.
t_record_is_not_enough() {
	local S=$NSKIT_STATE_DIR veth br idx out
	victims
	mkdir -p "$S/containers" "$S/networks"
	# the victim by pid and start time, but not in the container's cgroup
	printf 'name=%s\npid=%s\nstarttime=%s\nlauncher=2\nlauncher_start=1\nstate=running\n'`
		`'cgroup=/nskit/%s\ncgroup_made=unified=2\n' \
		"$T-fa" "$VICTIM" "$VSTART" "$T-fa" >"$S/containers/$T-fa"
	# a cgroup the launcher says it made, holding a process older than the launcher
	printf 'name=%s\npid=4194000\nstarttime=5\nlauncher=2\nlauncher_start=%s\nstate=running\n'`
		`'cgroup=%s\ncgroup_made=unified=1,memory=1\n' \
		"$T-fb" "$(now_start)" "$VCG" >"$S/containers/$T-fb"
	# nsrun's name for a veth, on a link of another kind
	veth=nsv-$T-fc
	ip link add "$veth" type bridge
	defer "ip link del '$veth'"
	printf 'name=%s\npid=4194000\nstarttime=5\nlauncher=2\nstate=running\nhost_veth=%s\n' \
		"$T-fc" "$veth" >"$S/containers/$T-fc"
	# a veth that is not the name nsrun gives this container's
	ip link add "tv$T" type veth peer name "tp$T"
	defer "ip link del 'tv$T'"
	printf 'name=%s\npid=4194000\nstarttime=5\nlauncher=2\nstate=running\nhost_veth=%s\n' \
		"$T-fd" "tv$T" >"$S/containers/$T-fd"
	# a network's bridge by nsrun's name, but another ifindex than the one recorded
	br=nsk-${T}e
	ip link add "$br" type bridge
	defer "ip link del '$br'"
	idx=$(cat "/sys/class/net/$br/ifindex")
	printf 'name=%s\nbridge=%s\nbridge_ifindex=%s\nsubnet=10.78.0.0/24\ngateway=10.78.0.1\n'`
		`'explicit=0\n' "${T}e" "$br" $((idx + 1000)) >"$S/networks/${T}e"
	# and a network whose record names a bridge of another name
	printf 'name=%s\nbridge=%s\nsubnet=10.79.0.0/24\ngateway=10.79.0.1\nexplicit=0\n' \
		"${T}f" "$VBR" >"$S/networks/${T}f"

	out=$("$NSRUN" gc 2>&1) || true
	diag "$out"
	victims_intact
	ip link show "$veth" >/dev/null 2>&1 || fail "link $veth (a bridge) was deleted"
	ip link show "tv$T" >/dev/null 2>&1 || fail "veth tv$T was deleted"
	ip link show "$br" >/dev/null 2>&1 || fail "bridge $br (another ifindex) was deleted"
	# nsrun kill and exec check the process too
	printf 'name=%s\npid=%s\nstarttime=%s\nlauncher=%s\nlauncher_start=%s\nstate=running\n'`
		`'cgroup=/nskit/%s\ncgroup_made=unified=2\n' \
		"$T-fk" "$VICTIM" "$VSTART" "$VICTIM" "$VSTART" "$T-fk" >"$S/containers/$T-fk"
	"$NSRUN" kill "$T-fk" >/dev/null 2>&1 && fail "kill of a process not in the container's cgroup"
	"$NSRUN" exec "$T-fk" true >/dev/null 2>&1 && fail "exec into a process not in its cgroup"
	"$NSRUN" --net "container:$T-fk" -- true >/dev/null 2>&1 &&
		fail "a container joined the namespaces of a process not in its cgroup"
	victims_intact
	rm -f "$S/containers/$T-fk"
}

# nsjoin and nsdiff, run by root, use records only from a directory that
# root owns and nobody else may write to: one warning, and the records are
# ignored. Unprivileged users may read root's records.
t_readers() {
	local S V R out rc m=49$RANDOM
	spawn V unshare --uts --fork sh -c "hostname victim$T; exec sleep $m"
	V=$(wait_children "$V" 1)
	wait_for grep -qx sleep "/proc/$V/comm"
	for mode in owned sticky; do
		if [ $mode = owned ]; then shared_dir S 0755 65534:65534; else shared_dir S 1777; fi
		nobody mkdir "$S/containers"
		printf 'name=evil\npid=%s\nstarttime=%s\nlauncher=1\nstate=running\n' \
			"$V" "$(starttime "$V")" | nobody tee "$S/containers/evil" >/dev/null
		out=$(NSKIT_STATE_DIR=$S "$NSJOIN" -t evil -u hostname 2>&1) && rc=0 || rc=$?
		[ "$rc" != 0 ] || fail "nsjoin -t evil entered the planted process ($mode)"
		assert_eq "$(grep -c "ignoring nsrun's records: state directory '$S'" <<<"$out")" 1 \
			"one warning from nsjoin ($mode)"
		[[ "$out" != *victim$T* ]] || fail "nsjoin ran in the victim's namespaces"
		out=$(NSKIT_STATE_DIR=$S "$NSDIFF" evil 2>&1) && rc=0 || rc=$?
		assert_eq "$rc" 2 "nsdiff's trouble ($mode)"
		assert_eq "$(grep -c "ignoring nsrun's records" <<<"$out")" 1 "one warning from nsdiff"
		[[ "$out" != *"PID $V"* ]] || fail "nsdiff compared the planted process"
	done
	# root's own records, in a directory of root's: used, by root and by nobody
	shared_dir R 0755
	NSKIT_STATE_DIR=$R "$NSRUN" -d --name "$T-rd" --hostname "h$T" -- sleep "$m" >/dev/null
	defer "NSKIT_STATE_DIR='$R' '$NSRUN' rm -f '$T-rd'"
	assert_eq "$(NSKIT_STATE_DIR=$R "$NSJOIN" -t "$T-rd" -u hostname)" "h$T" "root by name"
	out=$(cd / && nobody env NSKIT_STATE_DIR="$R" "$NSJOIN" -t "$T-rd" -u hostname 2>&1) || true
	[[ "$out" != *"ignoring"* ]] || fail "nobody ignored root's records: $out"
	[[ "$out" != *"matches"* ]] || fail "nobody could not find root's container: $out"
	return 0
}

# The lock: nobody can neither open nor hold it, and root gives up waiting
# for a holder after NSKIT_LOCK_TIMEOUT seconds, saying who it is.
t_lock() {
	local S out rc t0 holder
	shared_dir S 0755
	export NSKIT_STATE_DIR=$S
	"$NSRUN" network create "${T}l" >/dev/null
	defer "NSKIT_STATE_DIR='$S' '$NSRUN' network rm '${T}l'"
	# where nobody could hold it before: a lock file anyone could open
	spawn holder "${NOBODY[@]}" flock "$S/lock" sleep 20
	spawn holder "${NOBODY[@]}" flock "$S/private/lock" sleep 20
	sleep 0.3
	t0=$(date +%s%N)
	timeout 15 "$NSRUN" network create "${T}m" >/dev/null || fail "network create failed"
	"$NSRUN" network rm "${T}m"
	timeout 15 "$NSRUN" gc -q || fail "gc failed"
	[ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 5000 ] || fail "nobody stalled root's nsrun"
	assert_eq "$(stat -c %a "$S/private")" 700 "private/"
	assert_eq "$(stat -c %a "$S/private/lock")" 600 "the lock file"
	# root's own holder: waited for, up to NSKIT_LOCK_TIMEOUT
	spawn holder flock "$S/private/lock" sleep 30
	wait_for sh -c "grep -q ' $holder ' /proc/locks"
	t0=$(date +%s%N)
	out=$(NSKIT_LOCK_TIMEOUT=1 "$NSRUN" network create "${T}n" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1
	assert_eq "$out" "nsrun: '$S' is locked by process $holder (gave up after 1 s; "`
		`"NSKIT_LOCK_TIMEOUT sets how long to wait)"
	t0=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ $t0 -ge 1000 ] && [ $t0 -lt 5000 ] || fail "waited $t0 ms, not about 1 s"
	[ -e "$S/networks/${T}n" ] && fail "a network record was left"
	return 0
}

run t_sticky_dir "a 1777 state directory: refused, planted records never acted on"
run t_nobodys_dir "a state directory of nobody's: every subcommand refuses it"
run t_symlinked_subdir "symbolic links in the state directory are never followed"
run t_record_is_not_enough "a record alone never makes nsrun signal, remove or delete"
run t_readers "nsjoin and nsdiff ignore records nobody else should have written" \
	cmd:unshare file:"$NSJOIN" file:"$NSDIFF"
run t_lock "nobody can hold the lock; waiting for it is bounded"
finish

#!/bin/bash
# nsrun's container defaults, as Docker's: the capability sets of a
# container's processes (CapEff, CapBnd in /proc/PID/status) by default,
# with --cap-add, --cap-drop (Docker's names, with or without CAP_, in any
# case, and ALL) and --privileged; no_new_privs (NoNewPrivs) by default,
# lifted by --security-opt no-new-privileges=false and --privileged; what
# inspect says of them; and bad names, refused in one line with status 125.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN" cmd:jq

# Docker's default set: chown dac_override fowner fsetid kill setgid setuid
# setpcap net_bind_service net_raw sys_chroot mknod audit_write setfcap
DEFAULT=00000000a80425fb
NET_ADMIN=$(printf '%016x' $((0x$DEFAULT | 1 << 12)))

# sets PID: "CapEff CapBnd NoNewPrivs" of process PID, as the kernel has them.
sets() { awk '/^(CapEff|CapBnd|NoNewPrivs):/ {printf "%s%s", sep, $2; sep=" "}' "/proc/$1/status"; }
host_set() { awk "/^$1:/ {print \$2}" /proc/$$/status; }

# check WANT NAME [OPTION...]: a detached container NAME made with the
# options: its init and its command have the sets WANT, and so does the
# command as it sees itself; then it is stopped.
check() {
	local want=$1 name=$2 pid cmd inside
	shift 2
	"$NSRUN" -d --name "$name" "$@" -- sleep 1000 >/dev/null || fail "nsrun $*: did not start"
	pid=$(cpid "$name")
	cmd=$(wait_children "$pid" 1 | head -1)
	assert_eq "$(sets "$pid")" "$want" "nsrun $*: the init's CapEff CapBnd NoNewPrivs"
	assert_eq "$(sets "$cmd")" "$want" "nsrun $*: the command's CapEff CapBnd NoNewPrivs"
	"$NSRUN" stop "$name"
	inside=$("$NSRUN" "$@" -- awk '/^(CapEff|CapBnd|NoNewPrivs):/ {printf "%s%s", s, $2; s=" "}' \
		/proc/self/status)
	assert_eq "$inside" "$want" "nsrun $*: the command's own view"
}

t_default() {
	check "$DEFAULT $DEFAULT 1" "$T-def"
	# without an init of nsrun's (the host's pid namespace): the same
	local out
	out=$("$NSRUN" --pid host -- awk '/^(CapEff|CapBnd|NoNewPrivs):/ {printf "%s ", $2}' /proc/self/status)
	assert_eq "$out" "$DEFAULT $DEFAULT 1 " "--pid host"
	# another user than root: no capabilities, the same bounding set
	out=$("$NSRUN" -u 1000 -- awk '/^(CapEff|CapBnd|NoNewPrivs):/ {printf "%s ", $2}' /proc/self/status)
	assert_eq "$out" "0000000000000000 $DEFAULT 1 " "-u 1000"
	# in a user namespace of its own: the same, of that namespace
	out=$("$NSRUN" --user -- awk '/^(CapEff|CapBnd|NoNewPrivs):/ {printf "%s ", $2}' /proc/self/status)
	assert_eq "$out" "$DEFAULT $DEFAULT 1 " "--user"
}

# no_new_privs at work: a setuid-root program run by another user gains nothing.
t_no_new_privs_setuid() {
	local dir out
	dir=$(mktemp -d /tmp/nsrun-caps.XXXXXX)
	defer "rm -rf '$dir'"
	chmod 755 "$dir"
	cp "$(command -v id)" "$dir/id"
	chmod 4755 "$dir/id"
	[ "$(setpriv --reuid=1000 --regid=1000 --clear-groups "$dir/id" -u)" = 0 ] ||
		skip_test "setuid programs do not work in $dir"
	out=$("$NSRUN" -u 1000 -- "$dir/id" -u)
	assert_eq "$out" 1000 "a setuid program's effective uid under no_new_privs"
	out=$("$NSRUN" -u 1000 --security-opt no-new-privileges=false -- "$dir/id" -u)
	assert_eq "$out" 0 "a setuid program's effective uid without no_new_privs"
}

t_cap_add() {
	local spelling
	check "$NET_ADMIN $NET_ADMIN 1" "$T-add" --cap-add NET_ADMIN
	for spelling in net_admin CAP_NET_ADMIN cap_net_admin Cap_Net_Admin; do
		assert_eq "$("$NSRUN" --cap-add "$spelling" -- awk '/^CapBnd:/ {print $2}' /proc/self/status)" \
			"$NET_ADMIN" "--cap-add $spelling"
	done
	# and it is of use: the container's root may now change its own links
	"$NSRUN" --cap-add NET_ADMIN -- ip link set lo mtu 1400 || fail "NET_ADMIN without its use"
	"$NSRUN" -- ip link set lo mtu 1400 2>/dev/null && fail "a change of link without NET_ADMIN"
	return 0
}

t_cap_drop() {
	check "0000000000000001 0000000000000001 1" "$T-chown" --cap-drop ALL --cap-add CHOWN
	# one less: no raw sockets
	local want
	want=$(printf '%016x' $((0x$DEFAULT & ~(1 << 13))))
	check "$want $want 1" "$T-raw" --cap-drop net_raw
	# Docker's rules: ALL added but those dropped; a capability both added and dropped is kept
	want=$(printf '%016x' $((0x$(host_set CapBnd) & ~(1 << 13))))
	assert_eq "$("$NSRUN" --cap-add ALL --cap-drop NET_RAW -- awk '/^CapBnd:/ {print $2}' /proc/self/status)" \
		"$want" "--cap-add ALL --cap-drop NET_RAW"
	assert_eq "$("$NSRUN" --cap-drop KILL --cap-add KILL -- awk '/^CapBnd:/ {print $2}' /proc/self/status)" \
		"$DEFAULT" "--cap-drop KILL --cap-add KILL"
}

t_privileged() {
	check "$(host_set CapEff) $(host_set CapBnd) 0" "$T-priv" --privileged
	# as Docker: --privileged is every capability, whatever --cap-drop says
	assert_eq "$("$NSRUN" --privileged --cap-drop ALL -- awk '/^CapBnd:/ {print $2}' /proc/self/status)" \
		"$(host_set CapBnd)" "--privileged --cap-drop ALL"
}

t_security_opt() {
	local opt
	check "$DEFAULT $DEFAULT 0" "$T-nnp" --security-opt no-new-privileges=false
	for opt in no-new-privileges:false no-new-privileges=0; do
		assert_eq "$("$NSRUN" --security-opt "$opt" -- awk '/^NoNewPrivs:/ {print $2}' /proc/self/status)" \
			0 "--security-opt $opt"
	done
	for opt in no-new-privileges no-new-privileges=true no-new-privileges:true; do
		assert_eq "$("$NSRUN" --security-opt "$opt" -- awk '/^NoNewPrivs:/ {print $2}' /proc/self/status)" \
			1 "--security-opt $opt"
	done
}

t_inspect() {
	local json
	"$NSRUN" -d --name "$T-in" --cap-drop ALL --cap-add net_admin --cap-add KILL -- sleep 1000 >/dev/null
	json=$("$NSRUN" inspect "$T-in")
	assert_eq "$(jq -c '.containers[0].capabilities' <<<"$json")" \
		'{"effective":["CAP_KILL","CAP_NET_ADMIN"],"bounding":["CAP_KILL","CAP_NET_ADMIN"]}' \
		"inspect's capabilities"
	assert_eq "$(jq '.containers[0].no_new_privs' <<<"$json")" true "inspect's no_new_privs"
	# its other fields are still there
	assert_eq "$(jq -r '.containers[0].name' <<<"$json")" "$T-in" "inspect's name"
	assert_eq "$(jq '.containers[0].pid' <<<"$json")" "$(cpid "$T-in")" "inspect's pid"
	"$NSRUN" stop "$T-in"
	"$NSRUN" -d --name "$T-in" --privileged -- sleep 1000 >/dev/null
	json=$("$NSRUN" inspect "$T-in")
	assert_eq "$(jq '.containers[0].no_new_privs' <<<"$json")" false "--privileged: inspect's no_new_privs"
	local n=0 x=$((0x$(host_set CapBnd)))
	while [ "$x" -gt 0 ]; do n=$((n + (x & 1))); x=$((x >> 1)); done
	assert_eq "$(jq '.containers[0].capabilities.bounding | length' <<<"$json")" "$n" \
		"--privileged: inspect's bounding set"
	"$NSRUN" stop "$T-in"
}

t_bad_names() {
	made() { ls -d "$NSKIT_STATE_DIR"/containers/* /sys/fs/cgroup/nskit/"$T"* 2>/dev/null || true; }
	check_bad() {
		local want=$1 before out rc
		shift
		before=$(made)
		out=$("$NSRUN" "$@" -- true 2>&1 >/dev/null) && rc=0 || rc=$?
		[ "$rc" = 125 ] || fail "nsrun $*: exit status $rc"
		assert_match "$out" "$want" "nsrun $*"
		[ "$(wc -l <<<"$out")" = 1 ] || fail "nsrun $*: more than one line: $out"
		assert_eq "$(made)" "$before" "what nsrun $* left"
	}
	check_bad "^nsrun: invalid --cap-add 'FOO': unknown capability\$" --cap-add FOO
	check_bad "^nsrun: invalid --cap-drop 'CAP_BOGUS': unknown capability\$" --name "$T-bad" --cap-drop CAP_BOGUS
	check_bad "^nsrun: invalid --cap-add '': unknown capability\$" --cap-add ""
	check_bad "^nsrun: invalid --cap-add '12': unknown capability\$" --cap-add 12
	check_bad "^nsrun: invalid --cap-add 'CAP_CHOWN,CAP_KILL': unknown capability\$" --cap-add CAP_CHOWN,CAP_KILL
	check_bad "^nsrun: invalid --cap-add 'chown ': unknown capability\$" --cap-add "chown "
	check_bad "^nsrun: invalid --security-opt 'seccomp=unconfined': " --security-opt seccomp=unconfined
	check_bad "^nsrun: invalid --security-opt 'no-new-privileges=maybe': no-new-privileges takes true or false\$" \
		--security-opt no-new-privileges=maybe
	# a capability nsrun does not have itself cannot be given (without a user namespace)
	local missing v
	missing=$((0x$(host_set CapPrm)))
	for v in $(seq 0 40); do
		if [ $((missing >> v & 1)) = 0 ]; then
			local name
			name=$(capsh --decode=$(printf '%x' $((1 << v))) 2>/dev/null | sed 's/.*=//; s/cap_//' | tr a-z A-Z)
			[ -n "$name" ] || continue
			check_bad "^nsrun: cannot add capability CAP_$name: nsrun does not have it itself\$" \
				--cap-add "$name"
			break
		fi
	done
	return 0
}

run t_default "Docker's capabilities and no_new_privs by default"
run t_no_new_privs_setuid "no_new_privs: a setuid program gains nothing (and does without it)"
run t_cap_add "--cap-add NET_ADMIN, spelt as Docker takes it"
run t_cap_drop "--cap-drop ALL --cap-add CHOWN, --cap-drop NET_RAW, Docker's rules for ALL"
run t_privileged "--privileged: every capability, no no_new_privs"
run t_security_opt "--security-opt no-new-privileges=false, and its other spellings"
run t_inspect "inspect shows the effective and bounding sets and no_new_privs"
run t_bad_names "bad names and security options: one line, status 125, nothing made"
finish

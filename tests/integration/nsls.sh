#!/bin/bash
# nsls against the kernel and against lsns, on namespaces this test creates:
# with unshare where lsns is the reference or the exact set of namespaces
# is the point, with nsrun containers where a container is (a named one,
# or one in the cgroup layout of a runtime).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"

requires root cmd:unshare cmd:lsns cmd:ip cmd:jq

TYPES="mnt net pid uts ipc user cgroup time"

# A process in new namespaces of every type, and a child of it, so that
# each namespace has exactly two processes.
t_every_type() {
	local leader init t ino line n p
	# unshare itself enters all but the pid and time namespaces, which
	# only its child (init of the new pid namespace) and grandchild enter
	spawn leader unshare --mount --net --pid --uts --ipc --user --map-root-user \
		--cgroup --time --fork sh -c 'sleep 1000 & exec sleep 1000'
	init=$(wait_children "$leader" 1)
	wait_children "$init" 1 >/dev/null
	for t in $TYPES; do
		ino=$(ns_ino "$init" "$t")
		# the kernel's count: every process whose link names it
		n=0
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/ns/$t" 2>/dev/null)" = "$t:[$ino]" ] && n=$((n + 1))
		done
		line=$("$NSLS" -n -r -t "$t" -o NS,TYPE,NPROCS | grep "^$ino ")
		assert_eq "$line" "$ino $t $n" "nsls -t $t: the namespace of $init"
	done
}

# The namespaces nsls lists and their process counts are lsns's, on the
# same system. Processes come and go, so a disagreement is retried.
t_same_as_lsns() {
	local sleeper a b i
	spawn sleeper unshare --net --uts --ipc --pid --fork sleep 1000
	# Both run alone (no pipeline beside them, which would be counted).
	for i in 1 2 3 4 5; do
		lsns -n -r -o NS,TYPE,NPROCS >"$TMPDIR/lsns"
		"$NSLS" -n -r -o NS,TYPE,NPROCS >"$TMPDIR/nsls" 2>/dev/null
		a=$(sort "$TMPDIR/lsns")
		# lsns 2.38 does not see namespaces without processes
		b=$(awk '$3 > 0' "$TMPDIR/nsls" | sort)
		[ "$a" = "$b" ] && return 0
		sleep 0.2
	done
	diff <(echo "$a") <(echo "$b")
	return 1
}

# The default output (a tree of processes) is lsns's, line for line.
t_default_output_as_lsns() {
	local a b i
	for i in 1 2 3 4 5; do
		lsns -u >"$TMPDIR/lsns"
		# (lsns 2.38 does not see namespaces without processes)
		"$NSLS" -u -Q 'NPROCS > 0' >"$TMPDIR/nsls" 2>/dev/null
		a=$(cat "$TMPDIR/lsns")
		b=$(cat "$TMPDIR/nsls")
		[ "$a" = "$b" ] && return 0
		sleep 0.2
	done
	diff <(echo "$a") <(echo "$b")
	return 1
}

t_bind_mounted_netns() {
	local name=nskit-test-$$ ino line
	ip netns add "$name"
	defer "ip netns del $name"
	ino=$(stat -L -c %i "/run/netns/$name")
	line=$("$NSLS" -n -r -t net -o NS,NPROCS,NSFS,HOLDER | grep "^$ino ")
	assert_eq "$line" "$ino 0 /run/netns/$name bind\\x20mount" "a netns only a bind mount holds"
	# -P lists it among the namespaces without processes
	"$NSLS" -P -n -r -o NS | grep -qx "$ino"
	# lsns 2.38 cannot see it
	! lsns -n -r -o NS | grep -qx "$ino"
}

t_fd_held_netns() {
	local owner holder ino line
	spawn owner unshare --net sleep 1000
	wait_ns "$owner" net
	ino=$(ns_ino "$owner" net)
	# hold the namespace through fd 7 of another process, then end its
	# only process
	spawn holder bash -c "exec 7</proc/$owner/ns/net; exec sleep 1000"
	wait_for test -e "/proc/$holder/fd/7"
	kill -KILL "$owner"
	wait_for sh -c "! kill -0 $owner"
	line=$("$NSLS" -n -r -t net -o NS,NPROCS,PATH | grep "^$ino ")
	# PATH is empty, as lsns leaves it for a namespace without processes
	assert_eq "$line" "$ino 0 " "a netns only an fd holds"
	"$NSLS" -n -r -t net -o NS,HOLDER | grep -q "^$ino fd\\\\x207\\\\x20of\\\\x20pid\\\\x20$holder$"
}

# A network namespace that only a socket keeps alive: a process creates a UDP
# socket in a new netns, then moves back to ours keeping the descriptor, so
# the namespace has no process and no nsfs descriptor, only the socket.
t_socket_held_netns() {
	local holder ino line
	spawn holder unshare --net bash -c "ip link set lo up &&
		exec 5<>/dev/udp/127.0.0.1/9 &&
		exec nsenter --net=/proc/$$/ns/net sleep 1000"
	# wait until it is back in our netns with the socket open
	local mine
	mine=$(readlink /proc/$$/ns/net)
	wait_for sh -c "[ -S /proc/$holder/fd/5 ] && [ \"\$(readlink /proc/$holder/ns/net)\" = '$mine' ]" ||
		fail "the holder never came back"
	line=$("$NSLS" --pairs -t net -o NS,NPROCS,HOLDER | grep -F "HOLDER=\"socket fd 5 of pid $holder\"")
	assert_match "$line" '^NS="[0-9]+" NPROCS="0" HOLDER=' "a netns only a socket holds"
	ino=${line#NS=\"}
	ino=${ino%%\"*}
	# the kernel agrees: the socket's namespace is not ours
	[ "$ino" != "$(ns_ino $$ net)" ]
}

t_task() {
	local p out t exp
	spawn p unshare --net --uts sleep 1000
	wait_ns "$p" net
	out=$("$NSLS" -p "$p" -n -r -o TYPE,NS | sort)
	exp=$(for t in $TYPES; do echo "$t $(ns_ino "$p" "$t")"; done | sort)
	assert_eq "$out" "$exp" "-p PID: the process's eight namespaces"
	# with NPROCS the count covers every process of the namespace
	out=$("$NSLS" -p "$p" -n -r -t net -o NS,NPROCS,PID)
	assert_eq "$out" "$(ns_ino "$p" net) 1 $p" "-p PID -t net"
}

t_namespace_argument() {
	local a b ino out
	spawn a unshare --ipc sh -c 'sleep 1000 & exec sleep 1000'
	b=$(wait_children "$a" 1)
	ino=$(ns_ino "$a" ipc)
	out=$("$NSLS" "$ino" -n -r -o PID | sort -n | tr '\n' ' ')
	assert_eq "$out" "$(printf '%s\n' "$a" "$b" | sort -n | tr '\n' ' ')" \
		"the processes of namespace $ino"
	# the default columns: PID PPID USER COMMAND, the child as a tree node
	out=$("$NSLS" "$ino" -n -o PID,PPID,COMMAND)
	assert_match "$out" "$b +$a +[^ ]+sleep 1000" "the tree of processes"
	out=$("$NSLS" "ipc:[$ino]" -n -r -o PID | wc -l)
	assert_eq "$out" 2 "namespace given as type:[inode]"
	! "$NSLS" 12345 2>/dev/null
}

t_json_matches_kernel() {
	local p doc t n
	"$NSRUN" -d --name "$T-json" -- sleep 1000 >/dev/null
	p=$(cpid "$T-json")
	doc=$("$NSLS" -J -l -p "$p" -o NS,TYPE,PID,NPROCS)
	n=$(jq '.namespaces | length' <<<"$doc")
	assert_eq "$n" 8 "eight namespaces in the JSON document"
	for t in $TYPES; do
		assert_eq "$(jq -r ".namespaces[] | select(.type == \"$t\") | .ns" <<<"$doc")" \
			"$(ns_ino "$p" "$t")" "JSON ns of type $t"
	done
	# numbers are numbers
	assert_eq "$(jq -r '.namespaces[0].ns | type' <<<"$doc")" number
	assert_eq "$(jq -r '.namespaces[0].nprocs | type' <<<"$doc")" number
	# the default JSON is a tree: children nest under their parent's row
	"$NSLS" -J | jq -e '[.. | objects | select(has("children"))] | length > 0' >/dev/null
	"$NSRUN" stop "$T-json"
}

t_tree_owner_and_parent() {
	local p inner doc uns netns outer_pid inner_pid
	# a user namespace owning a net namespace; a pid namespace in a pid namespace
	local mid
	spawn p unshare --user --map-root-user --net --pid --fork --mount-proc \
		unshare --pid --fork sleep 1000
	mid=$(wait_children "$p" 1)
	inner=$(wait_children "$mid" 1)
	uns=$(ns_ino "$inner" user)
	netns=$(ns_ino "$inner" net)
	inner_pid=$(ns_ino "$inner" pid)
	outer_pid=$(ns_ino "$mid" pid)
	# -T owner: the net namespace is a child of its user namespace's row
	doc=$("$NSLS" -J --tree=owner -o NS,TYPE)
	jq -e ".. | objects | select(.ns == $uns) | .children[] | select(.ns == $netns)" \
		<<<"$doc" >/dev/null || fail "net $netns not under its owner $uns"
	# -T parent: the inner pid namespace under the outer one
	doc=$("$NSLS" -J --tree=parent -o NS,TYPE)
	jq -e ".. | objects | select(.ns == $outer_pid) | .children[] | select(.ns == $inner_pid)" \
		<<<"$doc" >/dev/null || fail "pid $inner_pid not under its parent $outer_pid"
	# PNS and ONS are the kernel's NS_GET_PARENT and NS_GET_USERNS
	assert_eq "$("$NSLS" -n -r -o NS,PNS,ONS | grep "^$inner_pid ")" \
		"$inner_pid $outer_pid $uns" "PNS and ONS"
	# -T process is the default tree, as with lsns (retried: processes
	# of the earlier tests may still be exiting)
	local i
	for i in 1 2 3 4 5; do
		"$NSLS" --tree=process -n >"$TMPDIR/a" 2>/dev/null
		"$NSLS" -n >"$TMPDIR/b" 2>/dev/null
		cmp -s "$TMPDIR/a" "$TMPDIR/b" && return 0
		sleep 0.2
	done
	diff "$TMPDIR/a" "$TMPDIR/b"
}

# Containers of other runtimes, reproduced by nsrun --cgroup-path in their
# cgroup layouts (nsrun makes and removes the cgroup).
t_docker_shaped_cgroup() {
	local p id=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef out
	"$NSRUN" -d --name "$T-dk" --cgroup-path "/system.slice/docker-$id.scope" -- sleep 1000 >/dev/null
	p=$(cpid "$T-dk")
	out=$("$NSLS" -p "$p" -t net -n -r -o NS,CONTAINER,RUNTIME)
	assert_eq "$out" "$(ns_ino "$p" net) 0123456789ab docker" "a Docker-shaped cgroup"
	# --container by id prefix selects its namespaces
	out=$("$NSLS" --container 0123456789 -n -r -o TYPE | sort | tr '\n' ' ')
	assert_match "$out" "net .*uts" "--container"
	"$NSRUN" stop "$T-dk"
}

t_kubernetes_shaped_cgroup() {
	local p uid=5f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b
	local id=fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210 out
	"$NSRUN" -d --name "$T-k8s" --cgroup-path \
		"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid//-/_}.slice/cri-containerd-$id.scope" \
		-- sleep 1000 >/dev/null
	p=$(cpid "$T-k8s")
	out=$("$NSLS" -p "$p" -t net -n -r -o CONTAINER,RUNTIME,POD)
	assert_eq "$out" "fedcba987654 containerd $uid" "a Kubernetes-shaped cgroup"
	"$NSRUN" stop "$T-k8s"
}

# nsrun's own containers: named from their cgroup, selected by name; the
# namespaces it shares with the host are the host's, not the container's.
t_nsrun_container() {
	local p out t
	"$NSRUN" -d --name "$T-web" --pid host --ipc host -- sleep 1000 >/dev/null
	p=$(cpid "$T-web")
	out=$("$NSLS" -p "$p" -n -r -o TYPE,CONTAINER,RUNTIME,HOST 2>/dev/null | sort)
	assert_eq "$out" "$(for t in cgroup ipc mnt net pid time user uts; do
		case $t in ipc | pid | time | user) echo "$t   yes" ;; *) echo "$t $T-web nsrun no" ;; esac
	done)" "CONTAINER, RUNTIME and HOST of an nsrun container"
	# --container NAME: its namespaces, its own labelled, with their processes (no init: 1)
	out=$("$NSLS" --container "$T-web" -n -r -o TYPE,NS,NPROCS -Q "CONTAINER == \"$T-web\"" | sort)
	assert_eq "$out" "$(for t in cgroup mnt net uts; do echo "$t $(ns_ino "$p" "$t") 1"; done)" \
		"--container NAME"
	"$NSLS" --container "$T-web" -n -r -o TYPE | grep -qx pid || fail "--container without the pid namespace it is in"
	"$NSRUN" stop "$T-web"
	# gone with it
	[ -z "$("$NSLS" --container "$T-web" -n -r -o NS 2>/dev/null)" ] || fail "still listed"
}

t_host_column() {
	local p out
	spawn p unshare --net sleep 1000
	wait_ns "$p" net
	out=$("$NSLS" -p "$p" -n -r -o TYPE,HOST | sort | tr '\n' ' ')
	assert_eq "$out" "cgroup yes ipc yes mnt yes net no pid yes time yes user yes uts yes " \
		"HOST: only the new net namespace is not the host's"
}

t_pairs() {
	local p out
	spawn p unshare --uts sleep 1000
	wait_ns "$p" uts
	out=$("$NSLS" --pairs -p "$p" -t uts -o NS,TYPE,NPROCS)
	assert_eq "$out" "NS=\"$(ns_ino "$p" uts)\" TYPE=\"uts\" NPROCS=\"1\"" "--pairs"
}

t_filter() {
	local p out
	spawn p unshare --uts sh -c 'sleep 1000 & sleep 1000 & exec sleep 1000'
	wait_children "$p" 2 >/dev/null
	out=$("$NSLS" -n -r -o NS -Q "TYPE == \"uts\" && NPROCS == 3 && PID == $p")
	assert_eq "$out" "$(ns_ino "$p" uts)" "-Q on type, count and pid"
	out=$("$NSLS" -n -r -o NS -Q "type eq 'uts' and not (nprocs < 3) and pid == $p")
	assert_eq "$out" "$(ns_ino "$p" uts)" "-Q with lsns's words"
}

# Processes exiting in numbers while nsls walks: never an error, never a
# half row.
t_churn() {
	local churn i out bad
	spawn churn bash -c 'while :; do for i in $(seq 50); do sleep 0.0$((RANDOM % 9)) & done; wait; done'
	for i in $(seq 30); do
		out=$("$NSLS" -r -n -o NS,TYPE,NPROCS,PID,USER,COMMAND 2>/dev/null) ||
			fail "nsls failed during churn (run $i)"
		# every row has its six fields
		bad=$(awk 'NF < 6 || $1 !~ /^[0-9]+$/' <<<"$out" | grep -v ' 0 ' | head -3)
		[ -z "$bad" ] || fail "half rows: $bad"
	done
}

run t_every_type "every namespace type is listed with its processes"
run t_same_as_lsns "the namespaces and NPROCS are lsns's"
run t_default_output_as_lsns "the default output is lsns's, line for line"
run t_bind_mounted_netns "a bind-mounted netns (ip netns add) is listed with NSFS"
run t_fd_held_netns "a netns held only by an open fd is listed"
run t_socket_held_netns "a netns held only by a socket is listed" cmd:nsenter
run t_task "-p PID lists the process's namespaces"
run t_namespace_argument "a namespace argument lists its processes"
run t_json_matches_kernel "-J agrees with readlink /proc/PID/ns/*" file:"$NSRUN"
run t_tree_owner_and_parent "-T owner and -T parent nest as the kernel says"
run t_docker_shaped_cgroup "a process in a Docker-shaped cgroup is labelled" file:"$NSRUN"
run t_kubernetes_shaped_cgroup "a process in a Kubernetes-shaped cgroup is labelled" file:"$NSRUN"
run t_nsrun_container "an nsrun container is named, selected by name, and its HOST column" file:"$NSRUN"
run t_host_column "HOST marks the initial namespaces"
run t_pairs "--pairs prints key=\"value\""
run t_filter "-Q filters rows"
run t_churn "processes exiting during the walk give no errors or half rows"
finish

#!/bin/bash
# nsrun, the Docker scenarios: a detached named container found by name
# and host pid, ls, inspect and exec; two containers of one network that
# ping each other by address and by name while a third, on another
# network, cannot reach them; /etc/hosts kept current; --pid=host,
# --pid=container:, --ipc=host, --ipc=container:, --net=ns:/run/netns/X;
# nsls naming the containers, from the v2 and from the v1 cgroup lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN"

t_detached() {
	local name=$T-web out pid m=51$RANDOM
	out=$("$NSRUN" -d --name "$name" -- sleep "$m")
	assert_eq "$out" "$name" "nsrun -d prints the name"
	pid=$(cpid "$name")
	[ -d "/proc/$pid" ] || fail "no process $pid"
	# ls: name, pid, state; -J for scripts
	out=$("$NSRUN" ls)
	assert_match "$out" "$name +$pid +running" "nsrun ls"
	out=$("$NSRUN" ls -J | jq -r ".containers[] | select(.name == \"$name\") | \"\(.pid) \(.state)\"")
	assert_eq "$out" "$pid running" "nsrun ls -J"
	assert_eq "$("$NSRUN" inspect "$name" | jq .containers[0].pid)" "$pid" "inspect's pid"
	assert_eq "$("$NSRUN" inspect "$name" | jq -r .containers[0].cgroup)" "/nskit/$name" "cgroup"
	# the launcher supervises it from its own session
	out=$(field "$name" launcher)
	assert_eq "$(ps -o sid= -p "$out" | tr -d ' ')" "$out" "the launcher leads a session"
	# nsls names it: CONTAINER and RUNTIME of its namespaces
	if [ -x "$NSLS" ]; then
		out=$("$NSLS" -p "$pid" -n -o CONTAINER,RUNTIME -t net)
		assert_match "$out" "^$name +nsrun$" "nsls CONTAINER"
	fi
	"$NSRUN" stop "$name"
	leftovers "$name" "$m"
}

t_exec() {
	local name=$T-ex out rc
	"$NSRUN" -d --name "$name" --hostname exhost -- sleep 1000 >/dev/null
	# every namespace of the container, its hostname, its cgroup
	out=$("$NSRUN" exec "$name" sh -c 'hostname; readlink /proc/self/ns/net /proc/self/ns/pid; cat /proc/self/cgroup | grep "^0::"')
	assert_eq "$(sed -n 1p <<<"$out")" exhost "hostname inside"
	assert_eq "$(sed -n 2p <<<"$out")" "$(readlink "/proc/$(cpid "$name")/ns/net")" "net namespace"
	assert_eq "$(sed -n 3p <<<"$out")" "$(readlink "/proc/$(cpid "$name")/ns/pid")" "pid namespace"
	assert_eq "$(sed -n 4p <<<"$out")" "0::/" "in the container's cgroup (namespace)"
	"$NSRUN" exec "$name" sh -c 'exit 3' && rc=0 || rc=$?
	assert_eq "$rc" 3 "exec passes the exit status on"
	"$NSRUN" exec "$name" nsrun-no-such-command 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 127 "exec of a missing command"
	out=$("$NSRUN" exec -e X=1 -w /tmp "$name" sh -c 'echo $X; pwd')
	assert_eq "$out" $'1\n/tmp' "exec -e -w"
	"$NSRUN" stop "$name"
	# exec starts where the container's command was told to (-w), as docker exec does
	"$NSRUN" -d --name "$name" --rootfs "$(rootfs)" -w /root -- sleep 1000 >/dev/null
	assert_eq "$("$NSRUN" exec "$name" pwd)" /root "exec in the container's -w"
	assert_eq "$("$NSRUN" exec -w /tmp "$name" pwd)" /tmp "exec -w over it"
	assert_eq "$("$NSRUN" inspect "$name" | jq -r .containers[0].workdir)" /root "inspect's workdir"
	"$NSRUN" stop "$name"
	out=$("$NSRUN" exec "$name" true 2>&1) && fail "exec into a stopped container" || true
	assert_match "$out" "no such container"
}

# Two networks: a1 and a2 on one, b1 on the other.
networks_up() {
	"$NSRUN" network create "${T}a" >/dev/null
	"$NSRUN" network create "${T}b" --subnet 10.89.$((RANDOM % 200 + 20)).0/24 >/dev/null
	"$NSRUN" -d --name "$T-a1" --net "bridge:${T}a" -- sleep 1000 >/dev/null
	"$NSRUN" -d --name "$T-a2" --net "bridge:${T}a" --rootfs "$(rootfs)" -- sleep 1000 >/dev/null
	"$NSRUN" -d --name "$T-b1" --net "bridge:${T}b" -- sleep 1000 >/dev/null
}

t_networks() {
	local out br
	networks_up
	# by address and by name, from a host-root container and from a busybox-root one
	"$NSRUN" exec "$T-a1" ping -c1 -W2 "$(addr_of "$T-a2")" >/dev/null || fail "a1 -> a2 by address"
	"$NSRUN" exec "$T-a1" ping -c1 -W2 "$T-a2" >/dev/null || fail "a1 -> a2 by name"
	"$NSRUN" exec "$T-a2" ping -c1 -W2 "$T-a1" >/dev/null || fail "a2 -> a1 by name (busybox)"
	# the container's own view: eth0 with its address, a default route via the bridge
	out=$("$NSRUN" exec "$T-a1" ip -4 -o addr show eth0)
	assert_match "$out" "inet $(field "$T-a1" address) " "eth0's address"
	out=$("$NSRUN" exec "$T-a1" ip route show default)
	assert_match "$out" "^default via $(sed -n 's/^gateway=//p' "$NSKIT_STATE_DIR/networks/${T}a") dev eth0" \
		"default route"
	assert_eq "$("$NSRUN" exec "$T-a1" ip -o link show lo | grep -c 'state UNKNOWN\|UP')" 1 "lo is up"
	# the other network's container reaches neither, by address or by name
	"$NSRUN" exec "$T-b1" ping -c1 -W1 "$(addr_of "$T-a1")" >/dev/null 2>&1 &&
		fail "b1 reached a1"
	"$NSRUN" exec "$T-b1" ping -c1 -W1 "$T-a1" >/dev/null 2>&1 && fail "b1 resolved a1"
	# ls shows networks and addresses; network ls counts containers
	out=$("$NSRUN" ls)
	assert_match "$out" "$T-a1 +[0-9]+ +running +${T}a +$(field "$T-a1" address)" "ls"
	out=$("$NSRUN" network ls -J | jq -r ".networks[] | select(.name == \"${T}a\") | .containers")
	assert_eq "$out" 2 "containers on the network"
	out=$("$NSRUN" network rm "${T}a" 2>&1) && fail "removed a network in use" || true
	assert_match "$out" "network '${T}a' has containers: $T-a1, $T-a2"
	"$NSRUN" stop "$T-a1" "$T-a2" "$T-b1"
	# explicit networks stay until network rm
	br=$(marked_links "${T}a")
	[ -n "$br" ] || fail "the bridge went with its containers"
	"$NSRUN" network rm "${T}a" "${T}b"
	[ -z "$(marked_links "${T}a")" ] || fail "network rm left the bridge"
	! ip rule | grep -q "$br" || fail "network rm left the rule"
}

# Isolation that does not depend on the host's ip_forward being off: in a
# network namespace of the test's with forwarding on, two networks'
# containers cannot reach each other, and can once the rule nsrun adds is
# taken away (so the test can fail).
t_isolation_with_forwarding() {
	local script=$TMPDIR/iso.sh
	cat >"$script" <<EOF
set -e
export NSKIT_STATE_DIR=$TMPDIR/iso-state
trap '"$NSRUN" rm -f i1 i2 2>/dev/null; "$NSRUN" network rm ia ib 2>/dev/null' EXIT
ip link set lo up
echo 1 >/proc/sys/net/ipv4/ip_forward
"$NSRUN" network create ia --subnet 10.77.1.0/24 >/dev/null
"$NSRUN" network create ib --subnet 10.77.2.0/24 >/dev/null
"$NSRUN" -d --name i1 --net bridge:ia -- sleep 1000 >/dev/null
"$NSRUN" -d --name i2 --net bridge:ib -- sleep 1000 >/dev/null
# the host (this namespace) reaches both
ping -c1 -W1 10.77.1.2 >/dev/null
ping -c1 -W1 10.77.2.2 >/dev/null
# a container reaches the host's addresses...
"$NSRUN" exec i1 ping -c1 -W1 10.77.1.1 >/dev/null
if "$NSRUN" exec i1 ping -c1 -W1 10.77.2.2 >/dev/null 2>&1; then echo "routed to the other network"; exit 1; fi
ip rule del iif "\$(sed -n 's/^bridge=//p' $TMPDIR/iso-state/networks/ia)" prohibit
ip rule del iif "\$(sed -n 's/^bridge=//p' $TMPDIR/iso-state/networks/ib)" prohibit
if ! "$NSRUN" exec i1 ping -c1 -W1 10.77.2.2 >/dev/null 2>&1; then echo "no route even without the rules: the test proves nothing"; exit 1; fi
echo isolated
EOF
	out=$(unshare --net bash "$script" 2>&1) || { echo "$out"; fail "isolation"; }
	assert_match "$out" "isolated"
}

t_hosts_current() {
	local out
	"$NSRUN" network create "${T}h" >/dev/null
	"$NSRUN" -d --name "$T-h1" --net "bridge:${T}h" -- sleep 1000 >/dev/null
	"$NSRUN" -d --name "$T-h2" --net "bridge:${T}h" --rootfs "$(rootfs)" --hostname db -- \
		sleep 1000 >/dev/null
	out=$("$NSRUN" exec "$T-h1" cat /etc/hosts)
	assert_match "$out" $'\n'"$(addr_of "$T-h1")"$'\t'"$T-h1"$'\n' "itself"
	assert_match "$out" "$(addr_of "$T-h2")"$'\t'"$T-h2 db" "the other, by name and hostname"
	# a third joins: both see it, whether or not they have a rootfs
	"$NSRUN" -d --name "$T-h3" --net "bridge:${T}h" -- sleep 1000 >/dev/null
	"$NSRUN" exec "$T-h1" grep -q "$T-h3" /etc/hosts || fail "h1 does not see h3"
	"$NSRUN" exec "$T-h2" grep -q "$T-h3" /etc/hosts || fail "h2 (rootfs) does not see h3"
	"$NSRUN" exec "$T-h2" ping -c1 -W2 "$T-h3" >/dev/null || fail "h2 -> h3 by name"
	# a container in h3's network namespace (--net=container:) has its names too, as with Docker
	out=$("$NSRUN" --net "container:$T-h3" -- sh -c 'cat /etc/hosts; ping -c1 -W2 '"$T-h1"' >/dev/null && echo reached')
	assert_eq "$out" "$("$NSRUN" exec "$T-h3" cat /etc/hosts)"$'\nreached' "--net=container: hosts file"
	# it leaves: gone from both
	"$NSRUN" stop "$T-h3"
	"$NSRUN" exec "$T-h1" grep -q "$T-h3" /etc/hosts && fail "h1 still sees h3"
	"$NSRUN" exec "$T-h2" grep -q "$T-h3" /etc/hosts && fail "h2 still sees h3"
	# the host's /etc/hosts is untouched, and the container's copy is read-only
	grep -q "$T-h1" /etc/hosts && fail "the host's /etc/hosts changed"
	"$NSRUN" exec "$T-h1" sh -c 'echo x >>/etc/hosts' 2>/dev/null && fail "hosts file writable"
	"$NSRUN" stop "$T-h1" "$T-h2"
	"$NSRUN" network rm "${T}h"
}

# A state directory below /dev/shm (a tmpfs, where /run is not one): each
# container gets a /dev/shm of its own, which must not hide its hosts file.
t_state_in_dev_shm() {
	local out
	NSKIT_STATE_DIR=$(mktemp -d /dev/shm/nsrt-state.XXXXXX)
	defer "NSKIT_STATE_DIR=$NSKIT_STATE_DIR nsrun_cleanup_all; rm -rf $NSKIT_STATE_DIR"
	"$NSRUN" -d --name "$T-s1" --net "bridge:${T}s" -- sleep 1000 >/dev/null
	out=$("$NSRUN" --name "$T-s2" --net "bridge:${T}s" -- sh -c 'grep -c '"$T"'-s /etc/hosts')
	assert_eq "$out" 2 "both names in the hosts file"
	"$NSRUN" stop "$T-s1"
	[ -z "$(ls -A "$NSKIT_STATE_DIR/containers")" ] || fail "records remain"
}

# Launchers racing for one network (made on demand by the first) and its
# addresses: the state lock gives each a distinct address, and every hosts
# file ends up naming all of them.
t_parallel_starts() {
	local i pids=() n
	for i in $(seq 12); do
		"$NSRUN" -d --name "$T-r$i" --net "bridge:${T}r" -- sleep 1000 >/dev/null &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || fail "a parallel start failed"; done
	n=$(for i in $(seq 12); do addr_of "$T-r$i"; done | sort -u | wc -l)
	assert_eq "$n" 12 "distinct addresses"
	for i in 1 12; do
		assert_eq "$(grep -c "$T-r" "$NSKIT_STATE_DIR/hosts/$T-r$i")" 12 "names in r$i's hosts file"
	done
	"$NSRUN" exec "$T-r1" ping -c1 -W2 "$T-r12" >/dev/null || fail "r1 -> r12 by name"
	"$NSRUN" stop $(seq -f "$T-r%g" 12)
	[ -z "$(marked_links "${T}r")" ] || fail "the implicit network remains"
	[ -z "$(ls -A "$NSKIT_STATE_DIR/containers")" ] || fail "records remain"
}

t_pid_sharing() {
	local out
	# --pid=host: the host's processes
	out=$("$NSRUN" --pid host -- sh -c 'readlink /proc/self/ns/pid; test -d /proc/'$$' && echo sees-host')
	assert_eq "$out" "$(readlink /proc/$$/ns/pid)"$'\nsees-host' "--pid=host"
	# --pid=container:NAME: that container's processes, in its namespace
	"$NSRUN" -d --name "$T-p1" -- sleep 1000 >/dev/null
	out=$("$NSRUN" --pid "container:$T-p1" -- sh -c 'readlink /proc/self/ns/pid; cat /proc/1/comm; ls /proc | grep -c "^[0-9]"; pgrep -x sleep')
	assert_eq "$(sed -n 1p <<<"$out")" "$(readlink "/proc/$(cpid "$T-p1")/ns/pid")" "pid namespace"
	assert_eq "$(sed -n 2p <<<"$out")" nsrun-init "its PID 1"
	assert_eq "$(sed -n 4p <<<"$out")" 2 "its sleep, as PID 2"
	"$NSRUN" stop "$T-p1"
}

t_ipc_sharing() {
	local out
	out=$("$NSRUN" --ipc host -- readlink /proc/self/ns/ipc)
	assert_eq "$out" "$(readlink /proc/$$/ns/ipc)" "--ipc=host"
	"$NSRUN" -d --name "$T-i1" -- sleep 1000 >/dev/null
	out=$("$NSRUN" --ipc "container:$T-i1" -- readlink /proc/self/ns/ipc)
	assert_eq "$out" "$(readlink "/proc/$(cpid "$T-i1")/ns/ipc")" "--ipc=container: same inode"
	# and the same System V objects
	"$NSRUN" exec "$T-i1" sh -c 'ipcmk -M 4096 >/dev/null' || skip_test "no ipcmk"
	out=$("$NSRUN" --ipc "container:$T-i1" -- sh -c 'ipcs -m | grep -c 4096')
	assert_eq "$out" 1 "shared memory segment seen"
	assert_eq "$("$NSRUN" -- sh -c 'ipcs -m | grep -c 4096')" 0 "not in a private ipc namespace"
	"$NSRUN" stop "$T-i1"
}

t_net_ns_path() {
	local ns=nsrt$$ out
	ip netns add "$ns"
	defer "ip netns del $ns"
	ip netns exec "$ns" ip link set lo up
	out=$("$NSRUN" --net "ns:/run/netns/$ns" -- readlink /proc/self/ns/net)
	assert_eq "$out" "net:[$(stat -L -c %i "/run/netns/$ns")]" "--net=ns:/run/netns/NAME"
	# a detached container in it, seen from the netns
	"$NSRUN" -d --name "$T-n1" --net "ns:/run/netns/$ns" -- sleep 1000 >/dev/null
	assert_eq "$(ns_ino "$(cpid "$T-n1")" net)" "$(stat -L -c %i "/run/netns/$ns")" "detached"
	"$NSRUN" stop "$T-n1"
	# the namespace outlives the container
	[ -e "/run/netns/$ns" ] || fail "the netns went with the container"
}

# nsls names nsrun containers from the v2 line of /proc/PID/cgroup, and from
# the v1 lines when the v2 tree does not have it.
t_nsls_v1_v2() {
	local pid out unified
	[ -x "$NSLS" ] || skip_test "nsls not built"
	local m=52$RANDOM
	"$NSRUN" -d --name "$T-ls" -- sleep "$m" >/dev/null
	pid=$(cpid "$T-ls")
	out=$("$NSLS" -p "$pid" -n -o CONTAINER,RUNTIME -t pid)
	assert_match "$out" "^$T-ls +nsrun$" "nsls, cgroup as made"
	if grep -q "^0::/nskit/$T-ls$" "/proc/$pid/cgroup" && grep -q ":memory:/nskit/$T-ls$" "/proc/$pid/cgroup"; then
		# the v1 lines alone: move the processes to the v2 root
		unified=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
		for p in $(cat "$unified/nskit/$T-ls/cgroup.procs"); do
			echo "$p" >"$unified/cgroup.procs"
		done
		grep -q "^0::/$" "/proc/$pid/cgroup" || fail "still in the v2 cgroup"
		out=$("$NSLS" -p "$pid" -n -o CONTAINER,RUNTIME -t pid)
		assert_match "$out" "^$T-ls +nsrun$" "nsls, v1 lines only"
	fi
	"$NSRUN" stop "$T-ls"
	leftovers "$T-ls" "$m"
}

# Docker's spelling, as typed: --network NAME (and --net NAME) for a
# network made with `network create`, the two reaching each other by name.
t_network_by_name() {
	local out rc
	"$NSRUN" network create --driver bridge "${T}m" >/dev/null
	"$NSRUN" run -d --name "$T-m1" --network "${T}m" -- sleep 1000 >/dev/null
	"$NSRUN" run -d --name "$T-m2" --net "${T}m" -- sleep 1000 >/dev/null
	assert_eq "$(field "$T-m1" network)" "${T}m" "--network NAME"
	assert_eq "$(field "$T-m2" network)" "${T}m" "--net NAME"
	"$NSRUN" exec "$T-m1" ping -c1 -W2 "$T-m2" >/dev/null || fail "m1 -> m2 by name"
	# a network that was not created is an error, as with Docker; bridge:NAME still makes one
	out=$("$NSRUN" run -d --name "$T-m3" --network "${T}nosuch" -- true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 125 "exit status"
	assert_eq "$out" "nsrun: network '${T}nosuch' not found: create it with 'nsrun network create ${T}nosuch' (or write --net bridge:${T}nosuch to have it made for the container)"
	[ ! -e "$(rec "$T-m3")" ] || fail "a record remains"
	[ ! -e "$NSKIT_STATE_DIR/networks/${T}nosuch" ] || fail "the network was made"
	# the modes are still modes, and cannot be names of networks
	assert_eq "$("$NSRUN" --net host -- readlink /proc/self/ns/net)" "$(readlink /proc/$$/ns/net)" "--net host"
	out=$("$NSRUN" network create host 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "a network named host"
	assert_match "$out" "invalid network name 'host'"
	out=$("$NSRUN" network create --driver macvlan "${T}x" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "--driver macvlan"
	assert_match "$out" "invalid --driver 'macvlan'"
	"$NSRUN" stop "$T-m1" "$T-m2"
	"$NSRUN" network rm "${T}m"
}

# --rm, with and without -d; without it a detached container that ends is
# kept with its exit status until rm or gc, as Docker keeps it.
t_rm_option() {
	local out rc m=53$RANDOM
	"$NSRUN" run --rm --name "$T-rf" -- sh -c 'exit 4' && rc=0 || rc=$?
	assert_eq "$rc" 4 "exit status"
	leftovers "$T-rf" "--name $T-rf "
	"$NSRUN" run -d --rm --name "$T-rd" --net "bridge:${T}rm" -- sh -c "sleep 0.$m; exit 3" >/dev/null
	wait_gone "$T-rd"
	leftovers "$T-rd" "sleep 0.$m"
	[ -z "$(marked_links "${T}rm")" ] || fail "the implicit network remains"
	# without --rm: kept, ended, what it held released
	"$NSRUN" run -d --name "$T-rk" --net "bridge:${T}rk" --memory 64m -- sh -c 'exit 3' >/dev/null
	wait_for grep -q '^state=exited' "$(rec "$T-rk")" || fail "not kept"
	assert_match "$("$NSRUN" ls)" "$T-rk +[0-9]+ +exited +3 " "ls"
	assert_eq "$("$NSRUN" inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Pid}} {{.HostConfig.AutoRemove}}' "$T-rk")" \
		"exited 3 0 false" "inspect"
	[ -z "$(cgroup_dirs "$T-rk")" ] || fail "cgroup kept"
	[ -z "$(marked_links "$T-rk")" ] || fail "veth kept"
	[ -z "$(marked_links "${T}rk")" ] || fail "the implicit network was kept for it"
	[ ! -e "$NSKIT_STATE_DIR/hosts/$T-rk" ] || fail "hosts file kept"
	# its name is taken until it is removed
	out=$("$NSRUN" run -d --name "$T-rk" -- true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 125 "name reused"
	assert_match "$out" "taken by a container that has ended"
	"$NSRUN" rm "$T-rk"
	leftovers "$T-rk" "--name $T-rk "
	# and gc removes what was kept, as docker container prune
	"$NSRUN" run -d --name "$T-rg" -- true >/dev/null
	wait_for grep -q '^state=exited' "$(rec "$T-rg")"
	assert_match "$("$NSRUN" gc)" "removed container '$T-rg'" "gc"
	leftovers "$T-rg" "--name $T-rg "
	# stop removes, as it always did
	"$NSRUN" run -d --name "$T-rs" -- sleep "$m" >/dev/null
	"$NSRUN" stop "$T-rs"
	leftovers "$T-rs" "$m"
}

t_ps_quiet() {
	local out
	"$NSRUN" run -d --name "$T-q1" -- sleep 1000 >/dev/null
	"$NSRUN" run -d --name "$T-q2" -- sleep 1000 >/dev/null
	out=$("$NSRUN" ps -q)
	assert_eq "$out" "$T-q1"$'\n'"$T-q2" "ps -q"
	assert_eq "$("$NSRUN" ls -q)" "$out" "ls -q"
	# as scripts use it
	"$NSRUN" stop $("$NSRUN" ps -q)
	assert_eq "$("$NSRUN" ps -q)" "" "all stopped"
}

t_init_option() {
	# (once the command runs: its first process becomes nsrun-init after starting it)
	assert_eq "$("$NSRUN" run --init --rm -- sh -c "$INIT_READY"'cat /proc/1/comm')" nsrun-init \
		"--init: nsrun-init is PID 1"
}

t_inspect_format() {
	local out pid rc
	"$NSRUN" network create "${T}f" >/dev/null
	"$NSRUN" run -d --name "$T-f1" --network "${T}f" -- sleep 1000 >/dev/null
	"$NSRUN" run -d --name "$T-f2" --pid host --ipc "container:$T-f1" -- sleep 1000 >/dev/null
	pid=$(cpid "$T-f1")
	assert_eq "$("$NSRUN" inspect --format '{{.State.Pid}}' "$T-f1")" "$pid" ".State.Pid"
	assert_eq "$("$NSRUN" inspect -f '{{.Name}} {{.Id}} {{.State.Status}}' "$T-f1")" \
		"/$T-f1 $T-f1 running" ".Name .Id .State.Status"
	assert_eq "$("$NSRUN" inspect -f '{{.NetworkSettings.IPAddress}}' "$T-f1")" "$(addr_of "$T-f1")" \
		".NetworkSettings.IPAddress"
	assert_eq "$("$NSRUN" inspect -f "{{.NetworkSettings.Networks.${T}f.IPAddress}}" "$T-f1")" \
		"$(addr_of "$T-f1")" ".NetworkSettings.Networks.NAME.IPAddress"
	# the address the container's own eth0 has
	assert_match "$("$NSRUN" exec "$T-f1" ip -4 -o addr show eth0)" \
		"inet $("$NSRUN" inspect -f '{{.NetworkSettings.IPAddress}}' "$T-f1")/" "eth0"
	assert_eq "$("$NSRUN" inspect -f '[{{.HostConfig.PidMode}}]' "$T-f1")" "[]" "PidMode private"
	assert_eq "$("$NSRUN" inspect -f '{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.NetworkMode}}' "$T-f2")" \
		"host container:$T-f1 none" "PidMode host"
	# json: the whole document, and a part
	out=$("$NSRUN" inspect --format '{{json .}}' "$T-f1")
	assert_eq "$(jq -r .State.Pid <<<"$out")" "$pid" "{{json .}}"
	assert_eq "$(jq -r .Name <<<"$out")" "/$T-f1"
	assert_eq "$("$NSRUN" inspect -f '{{.State | json}}' "$T-f1" | jq .Running)" true "| json"
	# several containers: a line each; trim markers as Go's
	out=$("$NSRUN" inspect -f '{{- .Name -}} ' "$T-f1" "$T-f2")
	assert_eq "$out" "/$T-f1"$'\n'"/$T-f2" "one line per container, trimmed"
	# the rest: one clear line, nothing printed, exit 1
	out=$("$NSRUN" inspect -f '{{range .Mounts}}{{.Source}}{{end}}' "$T-f1" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "range"
	assert_match "$out" "^nsrun: invalid --format .*: '\{\{range .Mounts\}\}' is not understood: "
	out=$("$NSRUN" inspect -f '{{.State.Bogus}}' "$T-f1" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "unknown field"
	assert_match "$out" "no field 'Bogus' in '.State' \(it has Status, Running, "
	out=$("$NSRUN" inspect -f '{{.State.Pid' "$T-f1" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "unclosed"
	assert_match "$out" "not closed"
	"$NSRUN" stop "$T-f1" "$T-f2"
	"$NSRUN" network rm "${T}f"
}

# A first word that is neither a subcommand, an image nor a command.
t_not_a_command() {
	local out rc
	out=$("$NSRUN" frob 2>&1) && rc=0 || rc=$?
	assert_eq "$out" "nsrun: 'frob' is not an nsrun command, an image or a command"
	assert_eq "$rc" 127 "exit status"
	out=$("$NSRUN" run -d --name "$T-nc" frob 2>&1) && rc=0 || rc=$?
	assert_eq "$out" "nsrun: 'frob' is not an nsrun command, an image or a command" "after options"
	[ ! -e "$(rec "$T-nc")" ] || fail "a record remains"
	# after "--" a command of the host's, as before
	out=$("$NSRUN" -- frob 2>&1) && rc=0 || rc=$?
	assert_eq "$out" "nsrun: cannot run 'frob': No such file or directory"
	assert_eq "$rc" 127
	# a command of the host's, or of the container's root with --rootfs
	assert_eq "$("$NSRUN" echo hi)" hi "a host command without --"
	assert_eq "$("$NSRUN" --rootfs "$(rootfs)" busybox echo hi)" hi "a command of the rootfs"
	out=$("$NSRUN" --rootfs "$(rootfs)" jq 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 127 "jq in a busybox root"
	assert_eq "$out" "nsrun: 'jq' is not an nsrun command, an image or a command"
}

run t_detached "-d --name: found by name and host pid, ls, inspect, nsls" cmd:jq
run t_exec "exec enters every namespace and the cgroup of a container" cmd:jq file:/bin/busybox
run t_networks "a network's containers ping by address and name; another's cannot" \
	cmd:ping cmd:jq file:/bin/busybox
run t_isolation_with_forwarding "networks stay isolated with ip_forward on" cmd:ping cmd:unshare
run t_hosts_current "/etc/hosts names the network's containers as they come and go" \
	cmd:ping file:/bin/busybox
run t_state_in_dev_shm "a state directory in /dev/shm: the hosts file is still bound" \
	file:/dev/shm
run t_parallel_starts "twelve launchers at once on one network: distinct addresses, full hosts files" cmd:ping
run t_pid_sharing "--pid=host and --pid=container:"
run t_ipc_sharing "--ipc=host and --ipc=container: give the same ipc namespace" cmd:ipcs
run t_net_ns_path "--net=ns:/run/netns/NAME joins an 'ip netns add' namespace" cmd:ip
run t_nsls_v1_v2 "nsls shows nsrun containers from v2 and v1 cgroup lines"
run t_network_by_name "--network NAME and --net NAME: a network made with network create" cmd:ping
run t_rm_option "--rm leaves nothing; without it an ended detached container is kept until rm or gc"
run t_ps_quiet "ps -q and ls -q: names only, as scripts use them"
run t_init_option "--init is accepted: nsrun-init is PID 1"
run t_inspect_format "inspect --format: Docker's field paths and json, a clear error for the rest" cmd:jq
run t_not_a_command "a first word that is no subcommand, image or command is said to be none" \
	file:/bin/busybox
finish

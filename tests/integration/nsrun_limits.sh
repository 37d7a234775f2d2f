#!/bin/bash
# nsrun's cgroup limits, on whatever the host runs (v2, v1 controllers, or
# the hybrid of both): a process that allocates past --memory is killed, a
# fork loop stops at --pids-limit, --cpus is written where the kernel reads
# it and throttles; --cgroup-path reproduces the layouts of Docker, Podman,
# Kubernetes and LXC, which nsls recognises, and goes away with the container.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN"

# The file of controller $2 ("memory", "cpu", "pids") of the cgroup of process $1,
# from /proc/PID/cgroup and the mounts: $3 is the v1 file name, $4 the v2 one.
ctrl_file() {
	local pid=$1 ctrl=$2 v1=$3 v2=$4 line rel mnt
	line=$(grep -E "^[0-9]+:([^:]*,)?$ctrl(,[^:]*)?:" "/proc/$pid/cgroup" | head -1)
	if [ -n "$line" ]; then
		rel=${line#*:*:}
		mnt=$(awk -v c="$ctrl" '$3 == "cgroup" && ("," $4 ",") ~ ("," c ",") { print $2; exit }' /proc/self/mounts)
		echo "$mnt$rel/$v1"
	else
		rel=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
		mnt=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
		echo "$mnt$rel/$v2"
	fi
}

t_memory() {
	local rc
	# dd's 64 MiB buffer, filled from /dev/zero: past a 32 MiB limit, killed
	"$NSRUN" --memory 32m -- dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 137 "killed by the OOM killer (128 + SIGKILL)"
	# the same under a limit it fits in
	"$NSRUN" --memory 256m -- dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null && rc=0 || rc=$?
	assert_eq "$rc" 0 "within the limit"
	# where the kernel reads it
	"$NSRUN" -d --name "$T-mem" -m 48m -- sleep 1000 >/dev/null
	local f
	f=$(ctrl_file "$(cpid "$T-mem")" memory memory.limit_in_bytes memory.max)
	assert_eq "$(cat "$f")" $((48 * 1024 * 1024)) "$f"
	# inspect reads it back from the kernel
	assert_eq "$("$NSRUN" inspect "$T-mem" | jq -c .containers[0].limits)" \
		"{\"memory\":$((48 * 1024 * 1024)),\"cpu_quota_us\":null,\"pids\":null}" "inspect's limits"
	"$NSRUN" stop "$T-mem"
}

t_pids() {
	local f pid i cur
	# a shell that starts 50 sleeps in a container that may have 10 processes
	"$NSRUN" -d --name "$T-pids" --pids-limit 10 -- \
		sh -c 'i=0; while [ $i -lt 50 ]; do (sleep 1000 &) 2>/dev/null; i=$((i + 1)); done; exec sleep 1000' \
		"forkloop-$T" >/dev/null
	pid=$(cpid "$T-pids")
	f=$(ctrl_file "$pid" pids pids.max pids.max)
	assert_eq "$(cat "$f")" 10 "$f"
	assert_eq "$("$NSRUN" inspect "$T-pids" | jq .containers[0].limits.pids)" 10 "inspect's pids"
	# the loop has run into the limit: the kernel counted refused forks
	for i in $(seq 50); do
		grep -q "^max [1-9]" "${f%/*}/pids.events" && break
		sleep 0.1
	done
	assert_match "$(cat "${f%/*}/pids.events")" "^max [1-9]" "forks refused"
	cur=$(cat "${f%/*}/pids.current")
	[ "$cur" -le 10 ] || fail "$cur processes in a cgroup limited to 10"
	"$NSRUN" stop -t 1 "$T-pids"
	leftovers "$T-pids" "forkloop-$T"
}

t_cpus() {
	local pid f out
	"$NSRUN" -d --name "$T-cpu" --cpus 0.2 -- sh -c 'while :; do :; done' >/dev/null
	pid=$(cpid "$T-cpu")
	f=$(ctrl_file "$pid" cpu cpu.cfs_quota_us cpu.max)
	case "$f" in
	*/cpu.max) assert_eq "$(cat "$f")" "20000 100000" "$f" ;;
	*)
		assert_eq "$(cat "$f")" 20000 "$f"
		assert_eq "$(cat "${f%/*}/cpu.cfs_period_us")" 100000 "period"
		;;
	esac
	assert_eq "$("$NSRUN" inspect "$T-cpu" | jq .containers[0].limits.cpu_quota_us)" 20000 \
		"inspect's cpu quota"
	# the kernel does read it: the busy loop is throttled
	sleep 1
	out=$(cat "${f%/*}/cpu.stat")
	assert_match "$out" "nr_throttled [1-9]" "throttled"
	"$NSRUN" stop -t 1 "$T-cpu"
}

# --cgroup-path: the layouts common/container knows, as the runtimes make
# them, with the CONTAINER, RUNTIME and POD that nsls reports. They are
# nested under a parent of the test's own, as on a host running Docker in
# Docker or kind, so that a real host's kubepods or system.slice is never
# touched; the parents nsrun made go with the container, others stay.
t_cgroup_path() {
	local id uid pod pid out rel want m=53$RANDOM top=/nsrt$$
	[ -x "$NSLS" ] || skip_test "nsls not built"
	id=c0ffee$(printf '%058x' $$)
	uid=0f3c0f7e-1c5d-4b3a-9a52-$(printf '%012x' $$)
	pod=${uid//-/_}
	while IFS='|' read -r rel want; do
		"$NSRUN" -d --name "$T-cg" --cgroup-path "$top$rel" -- sleep "$m" >/dev/null
		pid=$(cpid "$T-cg")
		cut -d: -f3- "/proc/$pid/cgroup" | grep -qxF -- "$top$rel" ||
			fail "not in $top$rel: $(cat "/proc/$pid/cgroup")"
		out=$("$NSLS" -p "$pid" -n -r -t pid -o CONTAINER,RUNTIME,POD 2>/dev/null)
		assert_eq "$out" "$want" "$rel"
		"$NSRUN" stop "$T-cg"
		leftovers "$T-cg" "$m" "$top$rel"
		[ -z "$(cgroup_dirs x "$top")" ] || fail "a parent of $top$rel remains"
	done <<EOF
/system.slice/docker-$id.scope|${id:0:12} docker 
/docker/$id|${id:0:12} docker 
/machine.slice/libpod-$id.scope/container|${id:0:12} podman 
/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-$id.scope|${id:0:12} podman 
/system.slice/nerdctl-$id.scope|${id:0:12} containerd 
/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$pod.slice/cri-containerd-$id.scope|${id:0:12} containerd $uid
/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$pod.slice/crio-$id.scope|${id:0:12} cri-o $uid
/kubepods/burstable/pod$uid/$id|${id:0:12} containerd $uid
/lxc.payload.$T-box|$T-box lxc 
/lxc/$T-box|$T-box lxc 
/machine.slice/machine-$T\x2dbox.scope/payload|$T-box nspawn 
/nskit/$T-named|$T-named nsrun 
EOF
	# a parent that exists already stays
	local root
	root=$(cgroup_root) || skip_test "no cgroup hierarchy"
	mkdir -p "$root$top/keep"
	defer "rmdir '$root$top/keep' '$root$top'"
	"$NSRUN" -d --name "$T-cg" --cgroup-path "$top/keep/lxc.payload.x" -- sleep "$m" >/dev/null
	"$NSRUN" stop "$T-cg"
	[ -d "$root$top/keep" ] || fail "a parent nsrun did not make went"
	[ ! -d "$root$top/keep/lxc.payload.x" ] || fail "the container's cgroup remains"
	# a cgroup that exists already is refused
	out=$("$NSRUN" --cgroup-path "$top/keep" -- true 2>&1) && fail "existing cgroup used" || true
	assert_match "$out" "cgroup '$top/keep' exists already"
}

# The launcher makes the container's cgroup; a pids limit also counts what exec runs.
t_exec_counted() {
	local f out
	"$NSRUN" -d --name "$T-ec" --pids-limit 5 -- sleep 1000 >/dev/null
	f=$(ctrl_file "$(cpid "$T-ec")" pids pids.current pids.current)
	# read from inside (no rootfs: the host's tree): the init, the sleep, exec's sh and cat
	out=$("$NSRUN" exec "$T-ec" sh -c "cat $f")
	[ "$out" -ge 4 ] || fail "exec not counted: $out processes"
	"$NSRUN" stop "$T-ec"
}

run t_memory "--memory: past it a process is killed" cmd:jq
run t_pids "--pids-limit: a fork loop stops at it" cmd:jq
run t_cpus "--cpus: written where the kernel reads it, and throttles" cmd:jq
run t_cgroup_path "--cgroup-path: Docker, Podman, Kubernetes and LXC layouts nsls recognises"
run t_exec_counted "exec joins the container's cgroup"
finish

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
	# the kernel does read it: the busy loop is throttled
	sleep 1
	out=$(cat "${f%/*}/cpu.stat")
	assert_match "$out" "nr_throttled [1-9]" "throttled"
	"$NSRUN" stop -t 1 "$T-cpu"
}

# --cgroup-path: the layouts common/container knows, with the runtime nsls
# reports; parents that nsrun made go with the container, others stay.
t_cgroup_path() {
	local id pid out rel runtime m=53$RANDOM
	[ -x "$NSLS" ] || skip_test "nsls not built"
	id=$(printf '%064x' $$)
	while read -r runtime rel; do
		"$NSRUN" -d --name "$T-cg" --cgroup-path "$rel" -- sleep "$m" >/dev/null
		pid=$(cpid "$T-cg")
		grep -q ":$rel$" "/proc/$pid/cgroup" || fail "not in $rel: $(cat "/proc/$pid/cgroup")"
		out=$("$NSLS" -p "$pid" -n -o RUNTIME -t pid)
		assert_match "$out" "^$runtime$" "$rel"
		"$NSRUN" stop "$T-cg"
		leftovers "$T-cg" "$m" "$rel"
		[ -z "$(cgroup_dirs x "/kubepods-nsrt$$")" ] || fail "a parent of $rel remains"
	done <<EOF
docker /system.slice/docker-$id.scope
podman /machine.slice/libpod-$id.scope
kubernetes /kubepods-nsrt$$/burstable/pod0f3c0f7e-1c5d-4b3a-9a52-8c7b9f1e2d3a
lxc /lxc.payload.$T-box
nsrun /srv-nsrt$$/nskit/$T-named
EOF
	# a cgroup that exists already is refused
	mkdir -p "$(cgroup_root)/nsrt$$-taken"
	defer "rmdir $(cgroup_root)/nsrt$$-taken"
	out=$("$NSRUN" --cgroup-path "/nsrt$$-taken" -- true 2>&1) && fail "existing cgroup used" || true
	assert_match "$out" "cgroup '/nsrt$$-taken' exists already"
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

run t_memory "--memory: past it a process is killed"
run t_pids "--pids-limit: a fork loop stops at it"
run t_cpus "--cpus: written where the kernel reads it, and throttles"
run t_cgroup_path "--cgroup-path: Docker, Podman, Kubernetes and LXC layouts nsls recognises"
run t_exec_counted "exec joins the container's cgroup"
finish

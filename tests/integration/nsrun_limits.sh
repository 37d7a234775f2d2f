#!/bin/bash
# nsrun's cgroup limits, on whatever the host runs (v2, v1 controllers, or
# the hybrid of both): a process that allocates past --memory is killed, a
# fork loop stops at --pids-limit, --cpus is written where the kernel reads
# it and throttles; Docker's other limits (swap, reservation, shares, CPUs,
# block I/O by device) are written where the kernel reads them, hold (a
# limited transfer takes at least its size over the limit: checked one way
# only, so that a loaded machine cannot fail it), and are read back by
# inspect; nsrun update changes them; an OOM-killed container is reported as
# Docker reports it; --cgroup-path reproduces the layouts of Docker, Podman,
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
	# inspect reads it back from the kernel: no swap beside it, nothing else limited
	assert_eq "$("$NSRUN" inspect "$T-mem" | jq -c '.containers[0].limits |
		[.memory, .memory_swap, .cpu_quota_us, .pids, .cpuset_cpus, .devices, .net_send_rate]')" \
		"[$((48 << 20)),$((48 << 20)),null,null,null,[],null]" "inspect's limits"
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

# The elapsed seconds of a command, to two decimals.
elapsed() {
	local s e
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || return 1
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f\n", e - s }'
}

# at_least SECONDS MIN WHAT: a limited transfer took at least its size over the limit (less 10%).
at_least() {
	awk -v t="$1" -v m="$2" 'BEGIN { exit !(t >= m * 0.9) }' ||
		fail "$3 took $1 s, less than $2 s less 10%"
}

# The block device of the file system the test writes to, or nothing.
root_disk() {
	local dev
	dev=$(findmnt -n -o SOURCE --target "$TMPDIR" 2>/dev/null | head -1)
	[ -b "$dev" ] && echo "$dev"
	return 0
}

# Docker's other limits: where the kernel reads them, and read back by inspect.
t_docker_limits() {
	local pid f out
	"$NSRUN" -d --name "$T-dl" -m 64m --memory-swap 128m --memory-reservation 32m \
		--cpu-shares 512 --cpuset-cpus 0 -- sleep 1000 >/dev/null
	pid=$(cpid "$T-dl")
	f=$(ctrl_file "$pid" memory memory.memsw.limit_in_bytes memory.swap.max)
	case "$f" in
	*/memory.swap.max)
		assert_eq "$(cat "$f")" $((64 << 20)) "$f (swap beside memory)"
		assert_eq "$(cat "${f%/*}/memory.low")" $((32 << 20)) "memory.low"
		;;
	*)
		assert_eq "$(cat "$f")" $((128 << 20)) "$f (memory and swap)"
		assert_eq "$(cat "${f%/*}/memory.soft_limit_in_bytes")" $((32 << 20)) \
			"memory.soft_limit_in_bytes"
		;;
	esac
	f=$(ctrl_file "$pid" cpu cpu.shares cpu.weight)
	case "$f" in
	*/cpu.weight) assert_eq "$(cat "$f")" 20 "$f (512 shares, as runc converts them)" ;;
	*) assert_eq "$(cat "$f")" 512 "$f" ;;
	esac
	f=$(ctrl_file "$pid" cpuset cpuset.cpus cpuset.cpus)
	assert_eq "$(cat "$f")" 0 "$f"
	assert_eq "$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")" 0 \
		"the CPUs the container's process may use"
	out=$("$NSRUN" inspect "$T-dl" | jq -c '.containers[0].limits |
		[.memory, .memory_swap, .memory_reservation, .cpuset_cpus, .cpu_shares > 400]')
	assert_eq "$out" "[$((64 << 20)),$((128 << 20)),$((32 << 20)),\"0\",true]" "inspect"
	"$NSRUN" stop -t 1 "$T-dl"
	leftovers "$T-dl" "sleep 1000"
	# swap without limit: -1, read back as -1
	"$NSRUN" -d --name "$T-dl" -m 64m --memory-swap -1 -- sleep 1000 >/dev/null
	assert_eq "$("$NSRUN" inspect "$T-dl" | jq .containers[0].limits.memory_swap)" -1 "swap -1"
	"$NSRUN" stop -t 1 "$T-dl"
}

# Bad values: one line naming what is wrong, status 125, nothing made.
t_bad_limits() {
	local args want out rc disk
	disk=$(root_disk)
	disk=${disk:-/dev/vda}
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		out=$("$NSRUN" --name "$T-bad" $args -- true 2>&1) && rc=0 || rc=$?
		assert_eq "$rc" 125 "status of: $args"
		assert_eq "$(printf '%s\n' "$out" | wc -l)" 1 "one line for: $args ($out)"
		assert_match "$out" "$want" "$args"
		[ ! -e "$(rec "$T-bad")" ] || fail "a record was made for: $args"
	done <<LIST
--device-write-bps /dev/null:1mb|'/dev/null' is not a block device
--device-read-bps /dev/nonexistent:1mb|cannot use '/dev/nonexistent'
--device-read-bps $disk:0|rate must be a positive size
--device-write-bps $disk:1xb|rate must be a positive size
--device-write-iops $disk:0|count must be a positive number
--device-read-bps sda:1mb|must be an absolute path
--memory-swap 32m -m 64m|must not be less than --memory
--memory-swap 1g|--memory-swap needs --memory
--memory-reservation 128m -m 64m|must be less than --memory
--cpuset-cpus 2-1|invalid --cpuset-cpus '2-1'
--cpu-shares 1|from 2 to 262144
--blkio-weight 5|from 10 to 1000
--net-rate 1mbit|--net-rate needs --net bridge
--net-rate 0mbit --net bridge:x|invalid --net-rate '0mbit'
--net-burst 32k|--net-burst needs --net-rate
LIST
}

# --device-write-bps and --device-read-iops on the disk under TMPDIR: direct
# I/O, which the kernel's throttling sees whatever the cgroup version.
t_device_limits() {
	local dev f t out majmin
	dev=$(root_disk)
	[ -n "$dev" ] || skip_test "the test's directory is on no block device"
	f=$TMPDIR/dio
	dd if=/dev/zero of="$f" bs=64k count=48 oflag=direct 2>/dev/null ||
		skip_test "its file system takes no direct I/O"
	# 3 MiB at 1 MiB/s
	t=$(elapsed "$NSRUN" --device-write-bps "$dev:1mb" -- \
		dd if=/dev/zero of="$f" bs=64k count=48 oflag=direct) || fail "dd failed"
	diag "3 MiB written in $t s at 1 MiB/s"
	at_least "$t" 3 "writing 3 MiB at 1 MiB/s"
	# 300 reads of 4 KiB at 100 per second
	t=$(elapsed "$NSRUN" --device-read-iops "$dev:100" -- \
		dd if="$f" of=/dev/null bs=4k count=300 iflag=direct) || fail "dd failed"
	diag "300 reads in $t s at 100 per second"
	at_least "$t" 3 "300 reads at 100 per second"
	# where the kernel reads it, and inspect
	"$NSRUN" -d --name "$T-io" --device-write-bps "$dev:1mb" --device-read-iops "$dev:100" \
		-- sleep 1000 >/dev/null
	majmin=$(printf '%d:%d' "0x$(stat -L -c %t "$dev")" "0x$(stat -L -c %T "$dev")")
	f=$(ctrl_file "$(cpid "$T-io")" blkio blkio.throttle.write_bps_device io.max)
	case "$f" in
	*/io.max) assert_match "$(cat "$f")" "^$majmin rbps=max wbps=1048576 riops=100 wiops=max" "$f" ;;
	*)
		assert_eq "$(cat "$f")" "$majmin 1048576" "$f"
		assert_eq "$(cat "${f%/*}/blkio.throttle.read_iops_device")" "$majmin 100" "read iops"
		;;
	esac
	out=$("$NSRUN" inspect "$T-io" | jq -c '.containers[0].limits.devices[0] |
		[.major, .minor, .read_bps, .write_bps, .read_iops, .write_iops]')
	assert_eq "$out" "[${majmin%:*},${majmin#*:},null,1048576,100,null]" "inspect's devices"
	"$NSRUN" stop -t 1 "$T-io"
	leftovers "$T-io" "sleep 1000"
}

# --blkio-weight: only where the kernel can weigh I/O (BFQ, or io.cost on v2).
t_blkio_weight() {
	local out rc
	if grep -qs '\[bfq\]\|\[cfq\]' /sys/block/*/queue/scheduler ||
		grep -qs 'enable=1' /sys/fs/cgroup/io.cost.qos; then
		"$NSRUN" -d --name "$T-bw" --blkio-weight 300 -- sleep 1000 >/dev/null
		assert_eq "$("$NSRUN" inspect "$T-bw" | jq .containers[0].limits.blkio_weight)" 300
		"$NSRUN" stop -t 1 "$T-bw"
		return
	fi
	out=$("$NSRUN" --blkio-weight 300 -- true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 125 "refused"
	assert_match "$out" "^nsrun: --blkio-weight: the kernel cannot weigh block I/O here: it needs BFQ or io.cost" \
		"why"
	assert_eq "$(printf '%s\n' "$out" | wc -l)" 1 "one line"
	diag "$out"
}

# nsrun update: limits of a running container change where the kernel reads them.
t_update() {
	local pid f out rc
	"$NSRUN" -d --name "$T-up" -m 64m --cpus 0.5 --pids-limit 20 -- sleep 1000 >/dev/null
	pid=$(cpid "$T-up")
	"$NSRUN" update --memory 96m --cpus 1.5 --pids-limit 30 "$T-up"
	f=$(ctrl_file "$pid" memory memory.limit_in_bytes memory.max)
	assert_eq "$(cat "$f")" $((96 << 20)) "$f"
	f=$(ctrl_file "$pid" pids pids.max pids.max)
	assert_eq "$(cat "$f")" 30 "$f"
	out=$("$NSRUN" inspect "$T-up" | jq -c '.containers[0].limits | [.memory, .cpu_quota_us, .pids]')
	assert_eq "$out" "[$((96 << 20)),150000,30]" "inspect after update"
	"$NSRUN" update -m 32m "$T-up"
	assert_eq "$("$NSRUN" inspect "$T-up" | jq .containers[0].limits.memory)" $((32 << 20)) "down"
	# what update refuses
	out=$("$NSRUN" update "$T-up" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "no limit"
	assert_match "$out" "no limit to change"
	out=$("$NSRUN" update --device-read-bps /dev/null:1m "$T-up" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "devices"
	out=$("$NSRUN" update -m 64m "$T-nosuch" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "unknown container"
	assert_match "$out" "no such container: '$T-nosuch'"
	"$NSRUN" stop -t 1 "$T-up"
	"$NSRUN" -d --name "$T-up2" -- sleep 1000 >/dev/null
	# on v1, only the hierarchies the container joined at its start; on v2 every one
	out=$("$NSRUN" update --pids-limit 5 "$T-up2" 2>&1) && rc=0 || rc=$?
	if [ "$rc" = 0 ]; then
		assert_eq "$("$NSRUN" inspect "$T-up2" | jq .containers[0].limits.pids)" 5 "v2 update"
	else
		assert_match "$out" "has no cgroup in the pids hierarchy" "v1 update"
	fi
	"$NSRUN" stop -t 1 "$T-up2"
	out=$("$NSRUN" update -m 64m "$T-up2" 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "ended"
}

# The kernel's OOM killer ends a detached container: reported as Docker's OOMKilled.
t_oom_killed() {
	local out i state
	# a shell that would allocate 200 MB, in 64 MiB
	"$NSRUN" -d --name "$T-oom" -m 64m -- sh -c 'c=$(head -c 1048576 /dev/zero | tr "\0" x);
		x=; i=0; while [ $i -lt 200 ]; do x="$x$c"; i=$((i + 1)); done; sleep 1000' >/dev/null
	for i in $(seq 100); do
		state=$("$NSRUN" inspect "$T-oom" 2>/dev/null | jq -r .containers[0].state)
		[ "$state" = oom-killed ] && break
		sleep 0.1
	done
	assert_eq "$state" oom-killed "state"
	out=$("$NSRUN" inspect "$T-oom" | jq -c '.containers[0] | [.state, .oom_killed, .exit_code,
		(.finished | test("Z$")), .cgroup, .network]')
	assert_eq "$out" '["oom-killed",true,137,true,null,null]' "inspect"
	assert_match "$("$NSRUN" ls)" "$T-oom +[0-9]+ +oom-killed +137 " "ls"
	assert_eq "$("$NSRUN" ls -J | jq -c ".containers[] | select(.name == \"$T-oom\") |
		[.state, .exit]")" '["oom-killed",137]' "ls -J"
	# its name stays taken until rm, as Docker's
	out=$("$NSRUN" -d --name "$T-oom" -- true 2>&1) && fail "name reused" || true
	assert_match "$out" "taken by a container that has ended"
	"$NSRUN" rm "$T-oom"
	leftovers "$T-oom" "sleep 1000"
	# in the foreground, the status is the caller's to see: nothing is kept
	"$NSRUN" --name "$T-oomf" -m 32m -- dd if=/dev/zero of=/dev/null bs=64M count=1 \
		2>/dev/null && fail "not killed" || true
	[ ! -e "$(rec "$T-oomf")" ] || fail "a foreground container's record was kept"
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
run t_docker_limits "--memory-swap, --memory-reservation, --cpu-shares, --cpuset-cpus: read back" cmd:jq
run t_bad_limits "bad limits: one line, nothing made" cmd:findmnt
run t_device_limits "--device-write-bps and --device-read-iops hold a transfer to them" cmd:jq cmd:findmnt
run t_blkio_weight "--blkio-weight where the kernel can weigh I/O, refused where not" cmd:jq
run t_update "nsrun update changes limits of a running container" cmd:jq
run t_oom_killed "an OOM-killed container: state oom-killed, exit 137, in inspect and ls" cmd:jq
finish

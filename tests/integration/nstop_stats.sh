#!/bin/bash
# nstop's docker-stats figures against what the tests make and read
# themselves: a container's memory charged and its limit, its processes,
# its block I/O and its network's rate limit agree with the cgroup files
# and qdiscs; a container that runs into its memory limit shows usage near
# it before the kernel's OOM killer ends it (which nsrun reports); nsrun
# update's new limits show; the drill-down shows a process's disk I/O.
# Rates are checked one way only (a busy machine may make a writer slower,
# never faster than its limit).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nsrun_helpers.bash"
requires root file:"$NSRUN" file:"$NSTOP" cmd:jq

# The JSON row of container $1 in the last of frames on stdin.
ct_row() { jq -c --arg n "$1" -s '.[-1].containers[] | select(.container == $n)'; }

# The cgroup file of controller $2 of process $1: v1 name $3, v2 name $4.
cg_file() {
	local pid=$1 ctrl=$2 v1=$3 v2=$4 line mnt
	line=$(grep -E "^[0-9]+:([^:]*,)?$ctrl(,[^:]*)?:" "/proc/$pid/cgroup" | head -1)
	if [ -n "$line" ]; then
		mnt=$(awk -v c="$ctrl" '$3 == "cgroup" && ("," $4 ",") ~ ("," c ",") { print $2; exit }' \
			/proc/self/mounts)
		echo "$mnt${line#*:*:}/$v1"
	else
		mnt=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)
		echo "$mnt$(sed -n 's/^0:://p' "/proc/$pid/cgroup")/$v2"
	fi
}

# Bytes written, from the cgroup's own block I/O file (v1 or v2).
written() {
	case "$1" in
	*/io.stat) awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^wbytes=/) { sub(/wbytes=/, "", $i); s += $i } }
		END { print s + 0 }' "$1" ;;
	*) awk '$2 == "Write" { s += $3 } END { print s + 0 }' "$1" ;;
	esac
}

disk_of() {
	local dev
	dev=$(findmnt -n -o SOURCE --target "$1" 2>/dev/null | head -1)
	[ -b "$dev" ] && echo "$dev"
	return 0
}

# MEMCG, MEMLIM, PIDS and BLKW/s agree with the files the test reads itself.
t_agrees_with_cgroup() {
	local dev pid mem lim io m0 m1 w0 w1 row
	dev=$(disk_of "$TMPDIR")
	[ -n "$dev" ] || skip_test "the test's directory is on no block device"
	dd if=/dev/zero of="$TMPDIR/w" bs=64k count=1 oflag=direct 2>/dev/null ||
		skip_test "its file system takes no direct I/O"
	# a writer held to 1 MiB/s, for as long as the test runs
	"$NSRUN" -d --name "$T-w" -m 128m --pids-limit 50 --device-write-bps "$dev:1mb" -- \
		sh -c "while :; do dd if=/dev/zero of=$TMPDIR/w bs=64k count=16 oflag=direct \
			conv=notrunc 2>/dev/null; done" >/dev/null
	pid=$(cpid "$T-w")
	mem=$(cg_file "$pid" memory memory.usage_in_bytes memory.current)
	lim=$(cg_file "$pid" memory memory.limit_in_bytes memory.max)
	io=$(cg_file "$pid" blkio blkio.throttle.io_service_bytes_recursive io.stat)
	sleep 1
	m0=$(cat "$mem") w0=$(written "$io")
	row=$("$NSTOP" -J -c -n 2 -d 1 | ct_row "$T-w")
	m1=$(cat "$mem") w1=$(written "$io")
	diag "nstop: $row"
	diag "files: memory $m0..$m1 of $(cat "$lim"), written $w0..$w1"
	[ -n "$row" ] || fail "no row for $T-w"
	assert_eq "$(jq .memlim <<<"$row")" "$(cat "$lim")" "MEMLIM"
	assert_eq "$(jq .pidlim <<<"$row")" 50 "PIDLIM"
	jq -e --argjson a "$m0" --argjson b "$m1" '.memcg >= ([$a, $b] | min) * 0.9 and
		.memcg <= ([$a, $b] | max) * 1.1' <<<"$row" >/dev/null || fail "MEMCG is not $m0..$m1"
	jq -e '.pids >= 2 and .pids <= 6' <<<"$row" >/dev/null || fail "PIDS"
	# its last interval's writes were among what the file counted, under the limit
	jq -e --argjson w "$((w1 - w0))" '.["blkw/s"] > 0 and .["blkw/s"] <= 1048576 * 1.1 and
		.["blkw/s"] * 0.95 <= $w' <<<"$row" >/dev/null || fail "BLKW/s against $((w1 - w0)) bytes"
	# the same in the namespace view, for the container's pid namespace
	row=$("$NSTOP" -J -n 1 -d 0.3 -t pid -o TYPE,NS,MEMLIM,PIDLIM |
		jq -c --argjson ns "$(ns_ino "$pid" pid)" '.namespaces[] | select(.ns == $ns)')
	assert_eq "$(jq -c '[.memlim, .pidlim]' <<<"$row")" "[$(cat "$lim"),50]" "namespace row"
	# the drill-down: the writer's own disk I/O, from /proc/PID/io
	if command -v tmux >/dev/null; then
		local sock=nskit-st-$$ i ok=
		defer "tmux -L $sock kill-server"
		# its pid namespace, found by its inode, holds only the container's processes
		tmux -L "$sock" -f /dev/null new-session -d -s t -x 200 -y 50 \
			"$NSTOP" -t pid -d 0.5 -o TYPE,NS,NPROCS
		sleep 1
		tmux -L "$sock" send-keys -t t / "$(ns_ino "$pid" pid)" Enter Enter
		for i in $(seq 60); do
			tmux -L "$sock" capture-pane -p -t t | grep -Eq 'BLKW/s +COMMAND' &&
				tmux -L "$sock" capture-pane -p -t t | grep -Eq '[0-9.]+[KM] +dd if=/dev/zero' &&
				ok=1 && break
			sleep 0.2
		done
		[ -n "$ok" ] || { tmux -L "$sock" capture-pane -p -t t; fail "no disk I/O of dd shown"; }
	fi
	"$NSRUN" rm -f "$T-w"
}

# A container that allocates 200 MB in 64 MiB: nstop sees it near its limit,
# then the kernel's OOM killer ends it, and nsrun says so.
t_oom() {
	local state i
	# 1 MiB more every 0.1 s, each written and kept: steady growth that the
	# frames see (a shell's growing string doubled itself at each step, and
	# went from half the limit to the kill between two frames)
	"$NSRUN" -d --name "$T-oom" -m 64m -- python3 -c 'import time
a = []
for i in range(200):
    a.append(b"x" * 1048576)
    time.sleep(0.1)
time.sleep(1000)' >/dev/null
	# frames until the kill, however slowly a loaded machine lets it grow
	"$NSTOP" -J -c -d 0.25 -o CONTAINER,MEMCG,MEMLIM,MEM% >"$TMPDIR/frames" &
	local top=$!
	for i in $(seq 1200); do
		state=$("$NSRUN" inspect "$T-oom" 2>/dev/null | jq -r .containers[0].state)
		[ "$state" = oom-killed ] && break
		sleep 0.1
	done
	kill "$top"
	wait "$top" 2>/dev/null
	jq -s -c --arg n "$T-oom" '[.[].containers[] | select(.container == $n) |
		{memcg, memlim, "mem%"}] | max_by(.memcg)' "$TMPDIR/frames" >"$TMPDIR/peak"
	diag "the highest usage nstop saw: $(cat "$TMPDIR/peak")"
	jq -e '.memlim == 67108864 and .memcg >= 48 * 1048576 and .memcg <= 67108864 and
		.["mem%"] >= 75' "$TMPDIR/peak" >/dev/null || fail "not near its 64 MiB"
	assert_eq "$state" oom-killed "inspect's state"
	assert_eq "$("$NSRUN" inspect "$T-oom" | jq -c '.containers[0] | [.oom_killed, .exit_code]')" \
		"[true,137]" "inspect"
	assert_match "$("$NSRUN" ls)" "$T-oom +[0-9]+ +oom-killed +137 " "ls"
	"$NSRUN" rm "$T-oom"
}

# nsrun update: nstop shows the new limits.
t_update_shows() {
	"$NSRUN" -d --name "$T-up" -m 64m --pids-limit 20 -- sleep 1000 >/dev/null
	assert_eq "$("$NSTOP" -J -c -n 1 -d 0.2 | ct_row "$T-up" | jq -c '[.memlim, .pidlim]')" \
		"[$((64 << 20)),20]" "before"
	"$NSRUN" update -m 96m --pids-limit 30 "$T-up"
	assert_eq "$("$NSTOP" -J -c -n 1 -d 0.2 | ct_row "$T-up" | jq -c '[.memlim, .pidlim]')" \
		"[$((96 << 20)),30]" "after"
	"$NSRUN" rm -f "$T-up"
}

# NETLIM: the token bucket of a container on a bridge the test made.
t_netlim() {
	local net=${T}s
	"$NSRUN" network create "$net" --subnet 10.218.$((RANDOM % 200)).0/24 >/dev/null
	defer "'$NSRUN' network rm '$net'"
	"$NSRUN" -d --name "$T-nl" --net "bridge:$net" --net-rate 1mbit -- sleep 1000 >/dev/null
	defer "'$NSRUN' rm -f '$T-nl'"
	assert_eq "$("$NSTOP" -J -c -n 1 -d 0.2 -o CONTAINER,NETLIM | ct_row "$T-nl" |
		jq .netlim)" 125000 "NETLIM"
	assert_eq "$("$NSTOP" -J -n 1 -d 0.2 -t net -o TYPE,NS,NETLIM |
		jq --argjson ns "$(ns_ino "$(cpid "$T-nl")" net)" '.namespaces[] | select(.ns == $ns) |
		.netlim')" 125000 "NETLIM of its net namespace"
}

run t_agrees_with_cgroup "MEMCG, MEMLIM, PIDS, BLKW/s agree with the cgroup's files; the drill-down's disk I/O" cmd:findmnt
run t_oom "near its 64 MiB in nstop, then OOM-killed: state oom-killed, exit 137" cmd:python3
run t_update_shows "nsrun update: nstop shows the new limits"
run t_netlim "NETLIM: the rate limit of a container's network" cmd:busybox
finish

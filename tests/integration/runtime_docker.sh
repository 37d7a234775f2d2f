#!/bin/bash
# Real Docker (docker.io 20.10, daemonless to nskit): containers named from
# Docker's own state, compared with docker inspect, lsns, nsenter and
# docker top. dockerd runs with the test's own data and exec roots, no
# iptables, no masquerading, no bridge, the cgroupfs driver; containers get
# --network none or another container's network, never the host's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runtime-helpers.bash"

requires root cmd:dockerd cmd:docker cmd:jq cmd:lsns cmd:nsenter

D=$TMPDIR/d X=$TMPDIR/x SOCK=$TMPDIR/docker.sock
export DOCKER_HOST=unix://$SOCK

setup() {
	local i
	mkdir -p "$D" "$X"
	defer "unmount_under $TMPDIR"
	defer "wait_gone $TMPDIR"
	start_daemon dockerd "$TMPDIR/dockerd.pid" "$TMPDIR/dockerd.log" \
		dockerd --iptables=false --ip-masq=false --bridge=none --userland-proxy=false \
		--exec-opt native.cgroupdriver=cgroupfs --data-root "$D" --exec-root "$X" \
		--pidfile "$TMPDIR/dockerd.self.pid" -H "unix://$SOCK"
	defer 'docker rm -f $(docker ps -aq) >/dev/null 2>&1'
	for i in $(seq 100); do
		docker version >/dev/null 2>&1 && break
		sleep 0.2
	done
	docker version >/dev/null 2>&1 || { tail -3 "$TMPDIR/dockerd.log" >&2; return 1; }
	hr_link var/lib/docker "$D"
	hr_link run/docker "$X"
	busybox_root "$TMPDIR/bb" && docker import -c 'ENV PATH=/bin' "$TMPDIR/bb.tar" nskit-bb:1 >/dev/null
}

if [ -z "$_t_skip_reason" ]; then
	setup >"$TMPDIR/setup.log" 2>&1 || _t_skip_reason="dockerd does not start here: $(tail -1 "$TMPDIR/setup.log")"
fi

dpid() { docker inspect -f '{{.State.Pid}}' "$1"; }
did() { docker inspect -f '{{.Id}}' "$1"; }

t_containers() {
	docker run -d --name web --ipc shareable --network none nskit-bb:1 sleep 10000 >/dev/null
	docker run -d --name "$LONG_NAME" --network container:web --pid container:web \
		--ipc container:web nskit-bb:1 sleep 10001 >/dev/null
	docker run -d --name cgp --cgroup-parent /nskit-test-cgp --network none nskit-bb:1 \
		sh -c 'sleep 10002 & sleep 10003' >/dev/null
	docker create --name off --network none nskit-bb:1 sleep 1 >/dev/null
	check_named "$(dpid web)" web docker
	check_named "$(dpid "$LONG_NAME")" "$LONG_NAME" docker
	# --cgroup-parent: the path (/nskit-test-cgp/<id>) names no runtime, the state does
	assert_match "$(cat "/proc/$(dpid cgp)/cgroup")" "/nskit-test-cgp/$(did cgp)" "the cgroup"
	check_named "$(dpid cgp)" cgp docker
}

t_join() {
	check_join web "$(dpid web)"
	check_join "$LONG_NAME" "$(dpid "$LONG_NAME")"
	check_join "$(id_prefix "$(did cgp)" 10)" "$(dpid cgp)"
	check_join "container:$(did web)" "$(dpid web)"
}

t_stopped() {
	local out rc
	out=$("$NSJOIN" --host-root "$HR" -t off true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status" && assert_eq "$out" "nsjoin: container 'off' (docker) is not running"
	out=$("$NSDIFF" --host-root "$HR" off 2>&1) && rc=0 || rc=$?
	assert_eq "$out" "nsdiff: container 'off' (docker) is not running"
}

t_nsdiff() {
	local out
	# what docker inspect says of the modes
	assert_eq "$(docker inspect -f '{{.HostConfig.NetworkMode}} {{.HostConfig.PidMode}}' "$LONG_NAME")" \
		"container:$(did web) container:$(did web)"
	out=$("$NSDIFF" --host-root "$HR" -J "$LONG_NAME" web | jq -r '.namespaces[] | select(.state == "shared") | .type' | sort | tr '\n' ' ')
	assert_eq "$out" "cgroup ipc net pid time user " "shared with web"
	assert_eq "$(all_cell "$LONG_NAME" net)" "joined web's net" "the joiner's row"
	assert_eq "$(all_cell "$LONG_NAME" ipc)" "joined web's ipc"
	assert_eq "$(all_cell web pid)" "shared with $LONG_NAME" "the owner's row"
	assert_eq "$(all_cell cgp net)" "private"
	assert_eq "$(all_cell cgp user)" "host"
}

t_nstop() {
	assert_eq "$(nstop_nprocs cgp)" "$(docker top cgp | tail -n +2 | wc -l)" "nstop -c against docker top"
	assert_eq "$(nstop_nprocs web)" "$(docker top web | tail -n +2 | wc -l)"
}

run t_containers "containers named from Docker's state: plain, a 150-character name, --cgroup-parent"
run t_join "nsjoin -t NAME, -t ID-PREFIX, -t container:ID enter what nsenter -t PID does"
run t_stopped "a created container is not running"
run t_nsdiff "nsdiff and nsdiff --all against the inspect's namespace modes: who joined whom"
run t_nstop "nstop -b -c counts the processes docker top lists"
finish

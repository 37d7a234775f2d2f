#!/bin/bash
# Real Podman (4.3, with runc and the cgroupfs manager; crun refuses hybrid
# cgroups): a pod and its infra container, --cgroup-parent, a 150-character
# name, a created container, from Podman's files (no database reads),
# compared with podman inspect, lsns, nsenter and podman top. Storage, run
# root and configuration are the test's own; containers get --network none.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runtime-helpers.bash"

requires root cmd:podman cmd:runc cmd:jq cmd:lsns cmd:nsenter

. "$(dirname "$0")/podman.bash"
G=$TMPDIR/pm/graph R=$TMPDIR/pm/run

setup() {
	podman_private "$TMPDIR/pm"
	defer "unmount_under $TMPDIR"
	defer "wait_gone $TMPDIR"
	defer 'pm pod rm -f -a >/dev/null 2>&1; pm rm -f -a >/dev/null 2>&1'
	busybox_root "$TMPDIR/bb" || return 1
	pm import -c 'ENV PATH=/bin' "$TMPDIR/bb.tar" nskit-bb:1 >/dev/null || return 1
	pm import -c 'ENV PATH=/bin' -c 'CMD ["sleep","inf"]' "$TMPDIR/bb.tar" nskit-infra:1 >/dev/null
	hr_link var/lib/containers/storage "$G"
	hr_link run/containers/storage "$R"
	hr_link run/runc /run/runc
}

if [ -z "$_t_skip_reason" ]; then
	setup >"$TMPDIR/setup.log" 2>&1 || _t_skip_reason="podman does not work here: $(tail -1 "$TMPDIR/setup.log")"
fi

ppid_of() { pm inspect -f '{{.State.Pid}}' "$1"; }
pid_of_pod_infra() { pm pod inspect -f '{{.InfraContainerID}}' "$1"; }

t_containers() {
	pm pod create --name shop --network none --infra-image localhost/nskit-infra:1 >/dev/null
	pm run -d --pod shop --name app nskit-bb:1 sleep 10000 >/dev/null
	pm run -d --name solo --network none nskit-bb:1 sleep 10001 >/dev/null
	pm run -d --name "$LONG_NAME" --cgroup-parent /nskit-test-pm --network none nskit-bb:1 \
		sh -c 'sleep 10002 & sleep 10003' >/dev/null
	pm create --name off --network none nskit-bb:1 sleep 1 >/dev/null
	local infra
	infra=$(pid_of_pod_infra shop)
	check_named "$(ppid_of solo)" solo podman
	check_named "$(ppid_of app)" app podman shop
	check_named "$(ppid_of "$infra")" "$(pm inspect -f '{{.Name}}' "$infra")" podman shop
	assert_match "$(cat "/proc/$(ppid_of "$LONG_NAME")/cgroup")" "/nskit-test-pm/" "the cgroup"
	check_named "$(ppid_of "$LONG_NAME")" "$LONG_NAME" podman
}

t_join() {
	check_join app "$(ppid_of app)"
	check_join "$LONG_NAME" "$(ppid_of "$LONG_NAME")"
	check_join "$(id_prefix "$(pm inspect -f '{{.Id}}' solo)" 9)" "$(ppid_of solo)"
	# the pod: its infra container
	check_join shop "$(ppid_of "$(pid_of_pod_infra shop)")"
	check_join pod:shop "$(ppid_of "$(pid_of_pod_infra shop)")"
}

# the first hex digit that two running containers' ids share, if any
shared_digit() { pm ps --no-trunc -q | cut -c1 | sort | uniq -d | head -1; }

t_ambiguous() {
	local out rc p i=0 want
	# more pod members until two running ids share a first digit: 17 ids
	# must, by pigeonhole, so the test never depends on the ids drawn
	while [ -z "$(shared_digit)" ] && [ $i -lt 16 ]; do
		i=$((i + 1))
		pm run -d --pod shop --name "extra$i" nskit-bb:1 sleep 10000 >/dev/null || return 1
	done
	p=$(shared_digit)
	assert_match "$p" '^[0-9a-f]$' "a shared first digit" || return 1
	# container: so that a prefix of digits is not taken for a PID
	out=$("$NSJOIN" --host-root "$HR" -t "container:$p" true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status" || return 1
	assert_match "$out" "is ambiguous" || return 1
	want=$(pm ps --no-trunc -q | grep -c "^$p")
	assert_eq "$(echo "$out" | grep -c '^  ')" "$want" "every running candidate" || return 1
	# each candidate by its name, pod members with their pod
	for i in $(pm ps --no-trunc -q | grep "^$p"); do
		assert_match "$out" "$(pm inspect -f '{{.Name}}' "$i")" "candidate $i" || return 1
	done
	# the tests after this one know the pod as infra and app alone
	for i in $(pm ps -a --format '{{.Names}}' | grep '^extra'); do
		pm rm -f -t 0 "$i" >/dev/null
	done
}

t_stopped() {
	local out rc
	out=$("$NSJOIN" --host-root "$HR" -t off true 2>&1) && rc=0 || rc=$?
	assert_eq "$rc" 1 "exit status" && assert_eq "$out" "nsjoin: container 'off' (podman) is not running"
}

t_nsdiff() {
	local infra
	infra=$(pm inspect -f '{{.Name}}' "$(pid_of_pod_infra shop)")
	# what podman inspect says: app joined the infra's net, ipc and uts
	assert_match "$(pm inspect -f '{{.HostConfig.NetworkMode}}' app)" "^container:" "inspect"
	assert_eq "$(all_cell app net)" "joined $infra's net" "the joiner's row"
	assert_eq "$(all_cell app uts)" "joined $infra's uts"
	assert_eq "$(all_cell "$infra" net)" "shared with app" "the owner's row"
	assert_eq "$(all_cell app pid)" "private"
	assert_eq "$(all_cell solo net)" "private"
}

t_nstop() {
	assert_eq "$(nstop_nprocs "$LONG_NAME")" "$(pm top "$LONG_NAME" | tail -n +2 | wc -l)" \
		"nstop -c against podman top"
	assert_eq "$(nstop_nprocs app)" "$(pm top app | tail -n +2 | wc -l)"
}

run t_containers "containers and a pod named from Podman's files: pod, --cgroup-parent, a long name"
run t_join "nsjoin -t NAME, ID-PREFIX, POD and pod:POD enter what nsenter -t PID does"
run t_ambiguous "an ambiguous id prefix lists every candidate, pod members included"
run t_stopped "a created container is not running"
run t_nsdiff "nsdiff --all against the inspect's namespace modes: who joined whom"
run t_nstop "nstop -b -c counts the processes podman top lists"
finish
